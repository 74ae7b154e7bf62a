"""Where the package caches what it computes once per machine: generated model code, numba's
machine code, the unit registry's parsed definitions, compose checks, libRoadRunner models.

``OSTEOIMMUNE_CACHE_DIR`` overrides the folder (default ``~/.cache/osteoimmune``); setting it to
``off`` disables every disk cache (everything is then recomputed in each process).
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path | None:
    """The cache folder, or ``None`` when caching is off (it may not exist yet)."""
    root = os.environ.get("OSTEOIMMUNE_CACHE_DIR", "")
    if root.lower() in {"off", "0", "none"}:
        return None
    return Path(root) if root else Path.home() / ".cache" / "osteoimmune"
