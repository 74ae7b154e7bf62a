"""Parameter sets: one per species, plus reference sets from the literature.

The sets live in ``osteoimmune/data/parameters``. A parameter of the species model is declared
once, in ``definitions.toml``: its unit, what it means and its plausible bounds::

    [parameters.D_OBu]
    unit = "pM/day"
    description = "commitment flux of uncommitted osteoblast progenitors"
    bounds = [1.0e-5, 1.0e-1]

Each species set (``human.toml``, ``mouse.toml``) gives every definition a value and a source::

    [meta]
    name = "mouse"
    species = "mouse"
    modules = ["bone_cells", ...]
    description = "..."

    [parameters.D_OBu]
    value = 0.0266
    source = "pivonka2008, Table 2, ..."
    bounds = [4.0e-4, 4.0]   # human bounds x 40: the mouse time scale

A species entry may override ``description`` and ``bounds`` where its value needs them (the mouse
runs every rate 40 times faster, and its drug PK and wording differ); the definitions carry the
human wording and bounds, so the human file overrides nothing. An override must differ from the
definition, and a species file never states a unit: a value is always in its definition's unit.
A parameter belongs to the set, not to a module, and both species run every module, so every
definition needs a value in every species file.

The reference sets (``lemaire2004.toml``, ``pivonka2008.toml``, ``species = "reference"``) are
published models run as published: every entry carries its paper's own value, unit, description,
source and bounds, because their descriptions and bounds are those of the paper, not of the
species model. Where a reference entry has the name of a definition (Pivonka's bone-cell
constants), its unit must have the definition's dimension: the same expressions read it.

Loading merges definitions and values into :class:`~osteoimmune.model.declarations.Parameter`
objects, in the order of the species file, and checks them: a name without a definition, a
definition without a value, an unknown or missing field, a value outside its bounds or a unit
that disagrees each raise :class:`~osteoimmune.errors.ModelError` naming the file, the entry,
the field, the value and the fix.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from osteoimmune.errors import InputError, ModelError
from osteoimmune.model.declarations import Parameter

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

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

    def references(self, names: Iterable[str] | None = None) -> tuple[str, ...]:
        """Reference keys cited by the sources of the parameters (only those ``names``, when
        given), sorted."""
        chosen = (
            self.parameters.values()
            if names is None
            else [self.parameters[n] for n in names if n in self.parameters]
        )
        return tuple(
            sorted(
                {
                    _first_word(p.source)
                    for p in chosen
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


#: Stem of the file of parameter definitions that the species sets share (not a set itself).
DEFINITIONS = "definitions"

_DEFINITION_FIELDS = ("unit", "description", "bounds")
_VALUE_FIELDS = ("value", "source")
_OVERRIDE_FIELDS = ("description", "bounds")
_FULL_FIELDS = ("value", "unit", "description", "source", "bounds")
_SET_KINDS = (*SPECIES, "reference")


class _Definition(NamedTuple):
    """Unit, meaning and plausible range of one parameter of the species model."""

    unit: str
    description: str
    bounds: tuple[float, float]


def _file_label(stem: str) -> str:
    """How messages name a shipped parameter file."""
    return f"osteoimmune/data/parameters/{stem}.toml"


def _at(file: str, pname: str, field: str | None = None) -> str:
    """``file [parameters.NAME] field``: where a message points."""
    return f"{file} [parameters.{pname}]" + (f" {field}" if field else "")


def _toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{file}: not valid TOML ({exc}); fix the syntax there") from exc


def _table(doc: Mapping[str, Any], key: str, file: str) -> dict[str, Any]:
    table = doc.get(key, {})
    if not isinstance(table, dict):
        raise ModelError(
            f"{file}: [{key}] is {table!r}; expected a table ([{key}] or [{key}.NAME])"
        )
    return table


def _number(file: str, pname: str, field: str, raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ModelError(f"{_at(file, pname, field)}: got {raw!r}; expected a number")
    return float(raw)


def _text(file: str, pname: str, field: str, raw: object, *, empty: bool = False) -> str:
    if not isinstance(raw, str) or not (empty or raw.strip()):
        kind = "a string" if empty else "a non-empty string"
        raise ModelError(f"{_at(file, pname, field)}: got {raw!r}; expected {kind}")
    return raw


def _bounds(file: str, pname: str, raw: object) -> tuple[float, float]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise ModelError(f"{_at(file, pname, 'bounds')}: got {raw!r}; expected [low, high]")
    lo, hi = (_number(file, pname, "bounds", x) for x in raw)
    if not lo <= hi:
        raise ModelError(
            f"{_at(file, pname, 'bounds')}: got {raw!r}; expected [low, high] with low <= high"
        )
    return lo, hi


def _fields(
    file: str, pname: str, entry: object, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Mapping[str, Any]:
    """Check that ``entry`` is a table with the ``required`` fields and no others."""
    if not isinstance(entry, dict):
        raise ModelError(f"{_at(file, pname)}: got {entry!r}; expected a table of fields")
    for field in required:
        if field not in entry:
            raise ModelError(
                f"{_at(file, pname)}: field {field!r} is missing; add {field} = ... "
                f"(an entry here has {', '.join(required)})"
            )
    accepted = (*required, *optional)
    for field in entry:
        if field not in accepted:
            close = difflib.get_close_matches(field, accepted, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ModelError(
                f"{_at(file, pname, field)}: unknown field{hint}; an entry here has "
                f"{', '.join(required)}"
                + (f" and may have {', '.join(optional)}" if optional else "")
            )
    return entry


def _check_within(
    file: str, pname: str, value: float, unit: str, bounds: tuple[float, float], origin: str
) -> None:
    lo, hi = bounds
    if not lo <= value <= hi:
        hint = (
            " (bounds = [low, high] in this entry overrides the definition for this set alone)"
            if origin != "this entry"
            else ""
        )
        raise ModelError(
            f"{_at(file, pname, 'value')}: got {value!r} {unit}, outside the bounds "
            f"[{lo!r}, {hi!r}] of {origin}; correct the value, or widen the bounds only with a "
            f"source{hint}"
        )


def _parse_definitions(text: str, file: str) -> Mapping[str, _Definition]:
    """Read and check a file of parameter definitions (:data:`DEFINITIONS`)."""
    doc = _toml(text, file)
    for key in doc:
        if key != "parameters":
            raise ModelError(
                f"{file}: unknown table [{key}]; a definitions file holds [parameters.NAME] only"
            )
    defs: dict[str, _Definition] = {}
    for pname, entry in _table(doc, "parameters", file).items():
        e = _fields(file, pname, entry, _DEFINITION_FIELDS)
        defs[pname] = _Definition(
            unit=_text(file, pname, "unit", e["unit"], empty=True),
            description=_text(file, pname, "description", e["description"]),
            bounds=_bounds(file, pname, e["bounds"]),
        )
    return MappingProxyType(defs)


def _species_parameter(
    file: str, pname: str, entry: object, definition: _Definition, definitions_file: str
) -> Parameter:
    """Merge a species entry (value, source, overrides) with its definition."""
    if isinstance(entry, dict) and "unit" in entry:
        unit = entry["unit"]
        if unit == definition.unit:
            fix = "remove it: a value is always in its definition's unit"
        else:
            fix = (
                f"the value must be in the definition's unit {definition.unit!r} "
                f"({definitions_file}): convert the value to {definition.unit!r} and remove the "
                "unit field, or change the definition for every species"
            )
        raise ModelError(f"{_at(file, pname, 'unit')}: got {unit!r}; {fix}")
    e = _fields(file, pname, entry, _VALUE_FIELDS, _OVERRIDE_FIELDS)
    value = _number(file, pname, "value", e["value"])
    source = _text(file, pname, "source", e["source"])
    description, bounds, origin = definition.description, definition.bounds, definitions_file
    if "description" in e:
        description = _text(file, pname, "description", e["description"])
        if description == definition.description:
            raise ModelError(
                f"{_at(file, pname, 'description')}: got {description!r}, the definition's own "
                f"text ({definitions_file}); remove it (an override must differ)"
            )
    if "bounds" in e:
        bounds = _bounds(file, pname, e["bounds"])
        origin = "this entry"
        if bounds == definition.bounds:
            raise ModelError(
                f"{_at(file, pname, 'bounds')}: got {e['bounds']!r}, the definition's own bounds "
                f"({definitions_file}); remove it (an override must differ)"
            )
    _check_within(file, pname, value, definition.unit, bounds, origin)
    return Parameter(pname, value, definition.unit, description, source, bounds)


def _reference_parameter(
    file: str, pname: str, entry: object, definition: _Definition | None, definitions_file: str
) -> Parameter:
    """A reference set's full entry; a defined name keeps its definition's dimension."""
    e = _fields(file, pname, entry, _FULL_FIELDS)
    value = _number(file, pname, "value", e["value"])
    unit = _text(file, pname, "unit", e["unit"], empty=True)
    if definition is not None and unit != definition.unit:
        from osteoimmune.units import parse_unit

        if parse_unit(unit).dimensionality != parse_unit(definition.unit).dimensionality:
            raise ModelError(
                f"{_at(file, pname, 'unit')}: got {unit!r}, not of the dimension of "
                f"{definition.unit!r}, the unit of {pname} in {definitions_file} that the same "
                "expressions read; give the value in a unit of that dimension, or rename the "
                "parameter"
            )
    bounds = _bounds(file, pname, e["bounds"])
    _check_within(file, pname, value, unit, bounds, "this entry")
    return Parameter(
        pname,
        value,
        unit,
        _text(file, pname, "description", e["description"]),
        _text(file, pname, "source", e["source"]),
        bounds,
    )


def _parse(
    name: str,
    text: str,
    definitions: Mapping[str, _Definition],
    *,
    file: str | None = None,
    definitions_file: str | None = None,
) -> ParameterSet:
    """Read a parameter set and merge it with the definitions (see the module docstring).

    Parameters
    ----------
    name
        The set's name (used when ``[meta]`` names none).
    text
        The set's TOML text.
    definitions
        Parameter name -> definition, from :func:`_parse_definitions`.
    file, definitions_file
        How messages name the two files; default the shipped files' paths.

    Raises
    ------
    ModelError
        On any inconsistency; the message names the file, the entry, the field and the fix.
    """
    file = file or _file_label(name)
    definitions_file = definitions_file or _file_label(DEFINITIONS)
    doc = _toml(text, file)
    meta = _table(doc, "meta", file)
    for key in ("species", "modules"):
        if key not in meta:
            raise ModelError(f"{file} [meta]: field {key!r} is missing; add {key} = ...")
    species = meta["species"]
    if species not in _SET_KINDS:
        raise ModelError(
            f"{file} [meta] species: got {species!r}; expected one of {', '.join(_SET_KINDS)}"
        )
    modules = meta["modules"]
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise ModelError(f"{file} [meta] modules: got {modules!r}; expected a list of names")
    entries = _table(doc, "parameters", file)
    params: dict[str, Parameter] = {}
    if species in SPECIES:
        for pname, entry in entries.items():
            if pname not in definitions:
                close = difflib.get_close_matches(pname, list(definitions), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ModelError(
                    f"{_at(file, pname)}: {pname!r} has no definition in {definitions_file}{hint}; "
                    f"define it there ([parameters.{pname}] with unit, description and bounds) "
                    "or remove the entry"
                )
            params[pname] = _species_parameter(
                file, pname, entry, definitions[pname], definitions_file
            )
        missing = [p for p in definitions if p not in entries]
        if missing:
            shown = ", ".join(missing[:10]) + (
                f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            )
            raise ModelError(
                f"{definitions_file}: {len(missing)} defined parameter(s) have no value in {file}: "
                f"{shown}; add [parameters.NAME] with value and source to {file} (every "
                "species runs every module), or remove the definition"
            )
    else:
        for pname, entry in entries.items():
            params[pname] = _reference_parameter(
                file, pname, entry, definitions.get(pname), definitions_file
            )
    return ParameterSet(
        name=str(meta.get("name", name)),
        species=str(species),
        modules=tuple(modules),
        parameters=MappingProxyType(params),
        description=str(meta.get("description", "")),
    )


def _folder() -> Traversable:
    return resources.files("osteoimmune") / "data" / "parameters"


@cache
def _definitions() -> Mapping[str, _Definition]:
    """The shipped parameter definitions (``definitions.toml``)."""
    path = _folder() / f"{DEFINITIONS}.toml"
    return _parse_definitions(path.read_text(encoding="utf-8"), _file_label(DEFINITIONS))


def available_parameter_sets() -> tuple[str, ...]:
    """Names of the parameter sets shipped with the package."""
    return tuple(
        sorted(
            f.name[:-5]
            for f in _folder().iterdir()
            if f.name.endswith(".toml") and f.name[:-5] != DEFINITIONS
        )
    )


@cache
def load_parameter_set(name: str) -> ParameterSet:
    """Load a shipped parameter set by name (``"human"``, ``"mouse"``, ``"pivonka2008"``...).

    A species set is merged with the shared definitions and checked (see the module docstring).

    Raises
    ------
    InputError
        If no set has that name; the message suggests the closest one.
    ModelError
        If the set's file or the definitions are inconsistent.
    """
    names = available_parameter_sets()
    if name not in names:
        raise InputError("parameter_set", name, f"one of {', '.join(names)}", choices=names)
    path = _folder() / f"{name}.toml"
    return _parse(name, path.read_text(encoding="utf-8"), _definitions())


@cache
def references() -> Mapping[str, Mapping[str, str]]:
    """The bibliography: reference key -> {citation, doi}."""
    path = resources.files("osteoimmune") / "data" / "references.toml"
    return MappingProxyType(tomllib.loads(path.read_text(encoding="utf-8")))
