"""Writing files atomically: the one helper every file the library or the
command line writes goes through (report page, charts, CSV, IAMC, xlsx,
plan files, measures tables).

A file is written to a temporary file in the same folder (so on the same
file system), flushed to disk, given the usual permissions, and only then
renamed over its final name with :func:`os.replace`. A failed or
interrupted write (an exception, a full disk, a file-size limit, SIGKILL)
therefore never leaves a truncated or 0-byte file under the final name: the
previous file, if any, stays as it was. A set of files that belong together
(a chart and the page showing it) is first written completely to a staging
folder and then moved into place (:func:`write_files_atomically`).

The C++ writers do the same (``include/ghgtrack/detail/atomic_file.hpp``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from typing import IO, Any, Callable, Iterator, List, Optional

from ._common import PathLike

STAGING_PREFIX = ".ghgtrack-staging-"
TEMP_PREFIX = ".ghgtrack-tmp-"


def _usual_mode(path: str) -> None:
    """mkstemp makes a private file (0600); give it the mode a plain open()
    would (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. a platform without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[str]:
    """Yields the name of a temporary file beside ``path`` for a writer that
    wants a file name (matplotlib's savefig, openpyxl, pandas); when the
    block ends without an exception the file is synced and renamed to
    ``path``. On an exception it is removed and ``path`` is left as it was.
    The temporary name keeps ``path``'s extension (so writers that choose a
    format by it still do)."""
    final = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(final))
    _, ext = os.path.splitext(final)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=ext, dir=folder)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        _usual_mode(tmp)
        os.replace(tmp, final)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        os_error = _wrapped_os_error(e)
        if os_error is not None:
            raise os_error from e
        raise
    _fsync_dir(folder)


def _wrapped_os_error(e: BaseException) -> Optional[OSError]:
    """The OSError a writer library wrapped in its own exception (e.g.
    xlsxwriter's FileCreateError(OSError(EFBIG))), so that a failed write
    is an OSError whoever wrote: the CLI's exit code 4."""
    if isinstance(e, OSError) or not isinstance(e, Exception):
        return None
    for inner in (*(e.args[:1] if e.args else ()), e.__cause__, e.__context__):
        if isinstance(inner, OSError):
            return inner
    return None


@contextlib.contextmanager
def atomic_open(
    path: PathLike, mode: str = "w", *, encoding: Optional[str] = "utf-8", newline: Optional[str] = None
) -> Iterator[IO[Any]]:
    """``open(path, mode)`` for writing, atomically (see :func:`atomic_path`)."""
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_open writes a whole file: mode 'w' or 'wb', not {mode!r}")
    with atomic_path(path) as tmp:
        if "b" in mode:
            with open(tmp, "wb") as fb:
                yield fb
        else:
            with open(tmp, "w", encoding=encoding, newline=newline) as ft:
                yield ft


def write_text(path: PathLike, text: str, *, encoding: str = "utf-8", newline: Optional[str] = None) -> None:
    """Writes ``text`` to ``path`` atomically."""
    with atomic_open(path, "w", encoding=encoding, newline=newline) as f:
        f.write(text)


def write_bytes(path: PathLike, data: bytes) -> None:
    """Writes ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as f:
        f.write(data)


def save_figure(fig: Any, path: PathLike, **kwargs: Any) -> None:
    """``fig.savefig(path)`` atomically; the format is ``path``'s extension
    unless ``format=`` is given."""
    p = os.fspath(path)
    kwargs.setdefault("format", os.path.splitext(p)[1].lstrip(".") or None)
    with atomic_path(p) as tmp:
        fig.savefig(tmp, **kwargs)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: someone else's process, alive
        return True
    return True


def _remove_stale_staging(out_dir: str) -> None:
    """Removes the staging folders a killed run left (their process is gone)."""
    try:
        names = os.listdir(out_dir)
    except OSError:
        return
    for name in names:
        if not name.startswith(STAGING_PREFIX):
            continue
        pid_text = name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _pid_alive(int(pid_text)):
            shutil.rmtree(os.path.join(out_dir, name), ignore_errors=True)


def write_files_atomically(out_dir: PathLike, writers: List[Callable[[str], List[str]]]) -> List[str]:
    """Runs each writer on a staging folder made inside ``out_dir`` (so on
    the same file system); each returns the paths it wrote there. Only when
    every writer succeeded are the files synced and moved into ``out_dir``
    with os.replace (atomic per file); on any failure the staging folder is
    removed and ``out_dir`` is left as it was: never a truncated page, never
    a new chart beside an old page. Staging folders left by a killed run are
    removed by the next one. Returns the final paths."""
    out = os.fspath(out_dir)
    os.makedirs(out, exist_ok=True)
    _remove_stale_staging(out)
    stage = tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out)
    try:
        staged: List[str] = []
        for write in writers:
            staged += write(stage)
        for path in staged:
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
            _usual_mode(path)
        finals = []
        for path in staged:
            final = os.path.join(out, os.path.relpath(path, stage))
            os.replace(path, final)
            finals.append(final)
        _fsync_dir(out)
        return finals
    finally:
        shutil.rmtree(stage, ignore_errors=True)
