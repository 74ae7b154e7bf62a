"""Registry of the model's modules by name."""

from __future__ import annotations

from osteoimmune.errors import ModelError
from osteoimmune.model.bone import BONE_CELLS, BONE_VOLUME, OSTEOCLAST_PRECURSORS
from osteoimmune.model.declarations import Module
from osteoimmune.model.lemaire import LEMAIRE2004

MODULES: dict[str, Module] = {
    m.name: m for m in (LEMAIRE2004, BONE_CELLS, OSTEOCLAST_PRECURSORS, BONE_VOLUME)
}


def get_module(name: str) -> Module:
    """Return the module called ``name``."""
    try:
        return MODULES[name]
    except KeyError:
        raise ModelError(f"no module named {name!r}; known: {', '.join(sorted(MODULES))}") from None
