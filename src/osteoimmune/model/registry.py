"""Registry of the model's modules by name."""

from __future__ import annotations

from osteoimmune.errors import ModelError
from osteoimmune.model.bone import (
    BONE_CELLS,
    BONE_VOLUME,
    OSTEOCLAST_PRECURSORS,
    OSTEOCYTES,
    PTH_OSTEOBLAST,
)
from osteoimmune.model.culture import CULTURE
from osteoimmune.model.cytokines import CYTOKINES, IMMUNE_BONE
from osteoimmune.model.declarations import Module
from osteoimmune.model.drugs import DRUGS
from osteoimmune.model.endocrine import GLUCOSE, OSTEOCALCIN
from osteoimmune.model.estrogen import ESTROGEN
from osteoimmune.model.hematopoiesis import HEMATOPOIESIS
from osteoimmune.model.immune import ANTIGEN_PRESENTATION, B_CELLS, T_CELLS
from osteoimmune.model.joint import SYNOVIAL_JOINT
from osteoimmune.model.lemaire import LEMAIRE2004
from osteoimmune.model.minerals import MINERAL_HOMEOSTASIS
from osteoimmune.model.periodontium import ALVEOLAR_BONE
from osteoimmune.model.periprosthetic import PERIPROSTHETIC

MODULES: dict[str, Module] = {
    m.name: m
    for m in (
        LEMAIRE2004,
        BONE_CELLS,
        PTH_OSTEOBLAST,
        OSTEOCLAST_PRECURSORS,
        BONE_VOLUME,
        ESTROGEN,
        OSTEOCYTES,
        MINERAL_HOMEOSTASIS,
        ANTIGEN_PRESENTATION,
        T_CELLS,
        B_CELLS,
        CYTOKINES,
        IMMUNE_BONE,
        DRUGS,
        OSTEOCALCIN,
        GLUCOSE,
        HEMATOPOIESIS,
        SYNOVIAL_JOINT,
        ALVEOLAR_BONE,
        PERIPROSTHETIC,
        CULTURE,
    )
}


def get_module(name: str) -> Module:
    """Return the module called ``name``."""
    try:
        return MODULES[name]
    except KeyError:
        raise ModelError(f"no module named {name!r}; known: {', '.join(sorted(MODULES))}") from None
