"""The package's version, read once from its installed metadata.

A module of its own at the bottom of the layers, so that any module can name the version (cache
keys, exported files, run metadata) without importing the package root and, through it, the
public API.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def _read() -> str:
    try:
        return version("osteoimmune")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "0+unknown"


#: The installed distribution's version (PEP 440), ``"0+unknown"`` when not installed.
__version__: str = _read()

__all__ = ["__version__"]
