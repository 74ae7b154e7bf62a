"""Where the package caches what it computes once per machine: generated model code, numba's
machine code, the unit registry's parsed definitions, compose checks, libRoadRunner models.

``OSTEOIMMUNE_CACHE_DIR`` overrides the folder (default ``~/.cache/osteoimmune``); setting it to
``off`` disables every disk cache (everything is then recomputed in each process).

Every disk cache goes through this module: :func:`cache_file` names an entry by what its content
depends on, :func:`read_text` reads one (``None`` when absent or unreadable) and
:func:`write_atomic` writes one so that a reader never sees half a file. A cache that cannot be
written (a read-only home) only costs time: nothing here raises on a failed read or write.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_folder() -> Path | None:
    """The cache folder, or ``None`` when caching is off (it may not exist yet)."""
    root = os.environ.get("OSTEOIMMUNE_CACHE_DIR", "")
    if root.lower() in {"off", "0", "none"}:
        return None
    return Path(root) if root else Path.home() / ".cache" / "osteoimmune"


def cache_file(kind: str, key: str | bytes, suffix: str) -> Path | None:
    """The cache entry ``<folder>/<kind>_<hash of key><suffix>``, or ``None`` when caching is off.

    Parameters
    ----------
    kind
        What is cached, e.g. ``"model"`` (generated code) or ``"checked"`` (compose checks).
    key
        Everything the content depends on (package version, code generator, model hash...):
        a different key is a different file.
    suffix
        The file's suffix, with its dot (``".py"``, ``".json"``).
    """
    folder = cache_folder()
    if folder is None:
        return None
    data = key.encode() if isinstance(key, str) else key
    return folder / f"{kind}_{hashlib.sha256(data).hexdigest()[:20]}{suffix}"


def read_text(path: Path | None) -> str | None:
    """The text of a cache entry, or ``None`` when there is no entry or it cannot be read."""
    if path is None or not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_atomic(path: Path | None, data: str | bytes) -> None:
    """Write a cache entry through a temporary file in its folder and a rename, so that another
    process reads the old entry or the new one, never a part; a failure leaves no entry."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode() if isinstance(data, str) else data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # a read-only home only costs time
        pass


__all__ = ["cache_file", "cache_folder", "read_text", "write_atomic"]
