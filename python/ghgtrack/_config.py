"""What the compiled core was built with and runs on: :func:`show_config`."""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, Optional, TextIO

from . import _core


def config() -> Dict[str, Any]:
    """The version, the SIMD target the kernels run on now, the targets this
    CPU supports (best first) and those compiled, as a dict."""
    return {
        "version": _core.__version__,
        "simd_dispatched": bool(_core.simd_dispatched),
        "simd_target": _core.simd_target(),
        "simd_available_targets": list(_core.simd_available_targets()),
        "simd_compiled_targets": list(_core.simd_compiled_targets()),
        "simd_target_env": os.environ.get("GHGTRACK_SIMD_TARGET"),
        "cpu_count": os.cpu_count(),
    }


def show_config(file: Optional[TextIO] = None) -> Dict[str, Any]:
    """Print :func:`config` (like ``numpy.show_config``) and return it. The
    SIMD target is chosen at run time: the best the CPU has, or the one named
    by the environment variable ``GHGTRACK_SIMD_TARGET`` or
    :func:`set_simd_target`."""
    c = config()
    out = file if file is not None else sys.stdout
    print(f"ghgtrack {c['version']}", file=out)
    how = "dispatched at run time (Google Highway)" if c["simd_dispatched"] else "scalar (no SIMD kernels)"
    print(f"  SIMD kernels: {how}", file=out)
    print(f"  SIMD target: {c['simd_target']}", file=out)
    print(f"  available on this CPU: {', '.join(c['simd_available_targets'])}", file=out)
    print(f"  compiled: {', '.join(c['simd_compiled_targets'])}", file=out)
    if c["simd_target_env"]:
        print(f"  GHGTRACK_SIMD_TARGET={c['simd_target_env']}", file=out)
    print(f"  CPUs: {c['cpu_count']}", file=out)
    return c


def set_simd_target(name: str) -> None:
    """Force the SIMD target the kernels run on (``"avx512"``, ``"avx2"``,
    ``"sse4"``, ``"sse2"``) or go back to the best one (``"auto"``). An
    :class:`~ghgtrack.ArgumentError` lists the accepted names."""
    _core.set_simd_target(name)


def simd_target() -> str:
    """The SIMD target the kernels run on now."""
    return _core.simd_target()
