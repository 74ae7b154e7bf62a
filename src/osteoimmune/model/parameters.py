"""Parameter sets: one per species, plus reference sets from the literature.

Each set is a TOML file in ``osteoimmune/data/parameters``::

    [meta]
    name = "pivonka2008"
    species = "reference"
    modules = ["bone_core"]
    description = "..."

    [parameters.D_OBu]
    value = 7.0e-4
    unit = "1/day"
    description = "differentiation rate of uncommitted osteoblast progenitors"
    source = "pivonka2008, Table 2"
    bounds = [1.0e-4, 1.0e-2]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from osteoimmune.errors import InputError, ModelError
from osteoimmune.model.declarations import Parameter

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SPECIES = ("human", "mouse")


@dataclass(frozen=True, eq=False)
class ParameterSet:
    """A named, sourced set of parameter values and the modules it runs.

    Attributes
    ----------
    name
        Name used in scenarios (``parameter_set: pivonka2008``).
    species
        ``"human"``, ``"mouse"`` or ``"reference"`` (a published model run as published).
    modules
        Names of the modules this set parameterises, in composition order.
    parameters
        Read-only mapping from name to :class:`Parameter`.
    description
        One paragraph on where the set comes from.
    """

    name: str
    species: str
    modules: tuple[str, ...]
    parameters: Mapping[str, Parameter]
    description: str

    @property
    def digest(self) -> str:
        """Short SHA-256 hash of the values and units, identifying the set in outputs."""
        blob = json.dumps(
            [
                self.name,
                self.modules,
                sorted((p.name, p.value, p.unit) for p in self.parameters.values()),
            ]
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def references(self) -> tuple[str, ...]:
        """Reference keys cited by the sources of the parameters, sorted."""
        return tuple(
            sorted(
                {
                    _first_word(p.source)
                    for p in self.parameters.values()
                    if not p.source.strip().startswith(_CALIBRATED)
                }
            )
        )


_CALIBRATED = "calibrated to"


def _first_word(source: str) -> str:
    """A source's first word, up to a space, comma, semicolon or parenthesis."""
    return re.split(r"[\s,;(]", source.strip(), maxsplit=1)[0]


def calibration_target(source: str) -> str | None:
    """The target id of a ``"calibrated to <id> ..."`` source (``"EST-4"``), else ``None``."""
    text = source.strip()
    if not text.startswith(_CALIBRATED):
        return None
    rest = text[len(_CALIBRATED) :].split()
    return rest[0].strip(",;()") or None if rest else None


def reference_key(source: str, bibliography: Mapping[str, object] | None = None) -> str | None:
    """The reference key a parameter source starts with, or ``None``.

    The key is the first word of the source, up to a space, comma, semicolon or parenthesis
    (``"pivonka2008, Table 2"`` gives ``pivonka2008``); it counts only when the bibliography has
    it. ``"calibrated to EST-4 (...)"`` has none.

    Parameters
    ----------
    source
        A parameter's ``source`` string.
    bibliography
        Key -> entry; default :func:`references`.
    """
    bib = references() if bibliography is None else bibliography
    if source.strip().startswith(_CALIBRATED):
        return None
    first = _first_word(source)
    return first if first in bib else None


def _parse(name: str, text: str) -> ParameterSet:
    doc = tomllib.loads(text)
    meta = doc.get("meta", {})
    params: dict[str, Parameter] = {}
    for pname, entry in doc.get("parameters", {}).items():
        try:
            params[pname] = Parameter(
                name=pname,
                value=float(entry["value"]),
                unit=str(entry["unit"]),
                description=str(entry["description"]),
                source=str(entry["source"]),
                bounds=(float(entry["bounds"][0]), float(entry["bounds"][1])),
            )
        except KeyError as exc:
            raise ModelError(f"parameter set {name}: parameter {pname} lacks field {exc}") from exc
    return ParameterSet(
        name=str(meta.get("name", name)),
        species=str(meta["species"]),
        modules=tuple(meta["modules"]),
        parameters=MappingProxyType(params),
        description=str(meta.get("description", "")),
    )


def available_parameter_sets() -> tuple[str, ...]:
    """Names of the parameter sets shipped with the package."""
    folder = resources.files("osteoimmune") / "data" / "parameters"
    return tuple(sorted(f.name[:-5] for f in folder.iterdir() if f.name.endswith(".toml")))


@cache
def load_parameter_set(name: str) -> ParameterSet:
    """Load a shipped parameter set by name (``"human"``, ``"mouse"``, ``"pivonka2008"``...).

    Raises
    ------
    InputError
        If no set has that name; the message suggests the closest one.
    """
    names = available_parameter_sets()
    if name not in names:
        raise InputError("parameter_set", name, f"one of {', '.join(names)}", choices=names)
    path = resources.files("osteoimmune") / "data" / "parameters" / f"{name}.toml"
    return _parse(name, path.read_text(encoding="utf-8"))


@cache
def references() -> Mapping[str, Mapping[str, str]]:
    """The bibliography: reference key -> {citation, doi}."""
    path = resources.files("osteoimmune") / "data" / "references.toml"
    return MappingProxyType(tomllib.loads(path.read_text(encoding="utf-8")))
