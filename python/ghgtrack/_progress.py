"""Progress bars for long runs (tqdm when installed, else a plain text bar),
quiet unless the output is a terminal.

``progress=None`` (the default of every caller) shows a bar only when the
stream (stderr) is a terminal; ``True`` forces one, ``False`` none. Nothing
is ever written to stdout.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO


def wanted(progress: Optional[bool], stream: Optional[TextIO] = None) -> bool:
    """Whether to show a bar: ``progress`` if given, else whether ``stream``
    (default stderr) is a terminal."""
    if progress is not None:
        return bool(progress)
    s = sys.stderr if stream is None else stream
    try:
        return bool(s.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False


class _Quiet:
    """A bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "_Quiet":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Text:
    """A plain text bar on ``stream`` (when tqdm is not installed)."""

    def __init__(self, total: int, desc: str, stream: TextIO):
        self.total, self.desc, self.stream, self.n = max(int(total), 0), desc, stream, 0
        self._draw()

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.n / max(self.total, 1))
        self.stream.write(f"\r{self.desc} [{'#' * filled}{'.' * (width - filled)}] {self.n}/{self.total}")
        self.stream.flush()

    def update(self, n: int = 1) -> None:
        self.n = min(self.total, self.n + int(n))
        self._draw()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
            self.stream = None  # type: ignore[assignment]

    def __enter__(self) -> "_Text":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def bar(total: int, desc: str, progress: Optional[bool] = None, unit: str = "task") -> Any:
    """A progress bar over ``total`` steps (``update(n)``, ``close()``, a
    context manager), on stderr; a silent one unless :func:`wanted`."""
    if not wanted(progress):
        return _Quiet()
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional (the ``progress`` extra)
        return _Text(total, desc, sys.stderr)
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=True, dynamic_ncols=True)
