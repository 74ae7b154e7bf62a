"""Units: one pint registry for the package and the canonical units the solver works in.

Quantities are checked and converted at the edges (model composition, scenario reading);
the integrator runs on plain floats expressed in *canonical units*: picomole, litre, day, nanogram
(so concentrations are pM and ng/L, rates per day). Every declared unit converts to its canonical
counterpart by one multiplicative factor.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import pint

from osteoimmune.cachedir import cache_folder
from osteoimmune.errors import InputError

#: Days per year: the Julian year, the one pint's ``year`` means, for every conversion between
#: days and years in the package (time axes, ages, durations).
DAYS_PER_YEAR = 365.25


def _registry() -> pint.UnitRegistry:
    """Pint's registry, with its parsed definitions cached on disk (0.03 s instead of 0.3 s)."""
    folder = cache_folder()
    if folder is not None:
        try:
            (folder / "pint").mkdir(parents=True, exist_ok=True)
            return pint.UnitRegistry(
                autoconvert_offset_to_baseunit=True, cache_folder=folder / "pint"
            )
        except OSError:  # a read-only home only costs time
            pass
    return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


ureg: pint.UnitRegistry = _registry()
ureg.define("cell = [] = cells")
#: insulin activity (WHO international unit); serum insulin is reported in uIU/mL
ureg.define("insulin_unit = [insulin_activity] = IU")
Quantity = ureg.Quantity

#: Canonical unit for each pint base dimension.
_CANONICAL = {
    "[time]": ureg.day,
    "[substance]": ureg.picomole,
    "[length]": ureg.decimeter,
    "[mass]": ureg.nanogram,
    "[current]": ureg.ampere,
    "[temperature]": ureg.kelvin,
    "[luminosity]": ureg.candela,
    "[insulin_activity]": ureg.insulin_unit,
}


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string such as ``"pM/day"``, raising :class:`InputError` when unknown."""
    try:
        return ureg.Unit(text if text.strip() else "dimensionless")
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError) as exc:
        raise InputError(
            "unit", text, "a unit pint understands, e.g. 'pM', '1/day', 'ng/mL'"
        ) from exc


@lru_cache(maxsize=4096)
def canonical_factor(unit: str) -> float:
    """Return the factor that converts a magnitude in ``unit`` to canonical units."""
    u = parse_unit(unit)
    q = Quantity(1.0, u)
    target = ureg.dimensionless
    for dim, exp in q.dimensionality.items():
        target = target * _CANONICAL[dim] ** exp
    return float(q.to(target).magnitude)


def to_canonical(value: float, unit: str) -> float:
    """Convert ``value`` given in ``unit`` to canonical units."""
    return float(value) * canonical_factor(unit)


def from_canonical(value: float, unit: str) -> float:
    """Convert a canonical magnitude to ``unit``."""
    return float(value) / canonical_factor(unit)


def same_dimension(a: str, b: str) -> bool:
    """True when units ``a`` and ``b`` measure the same kind of quantity."""
    return bool(parse_unit(a).dimensionality == parse_unit(b).dimensionality)


#: the longest quantity text read (a number and a unit); anything longer is refused unread
MAX_QUANTITY_CHARS = 100
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"  # ASCII digits only
_QUANTITY_TEXT = re.compile(rf"\s*({_NUMBER})\s*(.*?)\s*", re.DOTALL)
#: a unit: names (or 1) with optional single-digit integer powers, joined by products and
#: quotients; no numbers anywhere else, so nothing in it can be arithmetic
_UNIT_NAME = r"[A-Za-zµμ%°_][A-Za-z0-9µμ%°_]*"
_UNIT_FACTOR = rf"{_UNIT_NAME}(?:\s*(?:\*\*|\^)\s*-?[0-9])?"
_UNIT_TEXT = re.compile(rf"(?:{_UNIT_FACTOR}|1)(?:\s*[*/·]\s*{_UNIT_FACTOR})*")


def _shown(text: str) -> str:
    """``text`` for an error message: as given, or its first 57 characters and an ellipsis."""
    return text if len(text) <= 60 else text[:57] + "..."


def read_quantity(text: object, field: str, example: str) -> pint.Quantity:
    """Read ``"60 mg"``-like text strictly: one finite decimal literal and a unit, nothing
    evaluated (no arithmetic, no powers of numbers), at most :data:`MAX_QUANTITY_CHARS`.

    Raises
    ------
    InputError
        Naming ``field``, the text (shortened when long) and the form expected, with ``example``
        as the unit of the example.
    """
    s = str(text)
    form = f"a finite number and a unit, e.g. '1 {example}' (nothing is evaluated)"
    if len(s) > MAX_QUANTITY_CHARS:
        raise InputError(field, _shown(s), f"{form}, at most {MAX_QUANTITY_CHARS} characters")
    m = _QUANTITY_TEXT.fullmatch(s)
    if m is None:
        raise InputError(field, _shown(s), form)
    number, unit = m.groups()
    magnitude = float(number)
    if not math.isfinite(magnitude):
        raise InputError(field, _shown(s), f"{form}; {number} is beyond the largest float")
    if unit.startswith("/"):
        unit = "1" + unit  # "1/day" read as the number 1 and the unit "/day"
    if unit:
        flat = unit.replace("(", "").replace(")", "")
        balanced = unit.count("(") == unit.count(")") and len(flat) <= 40
        if not balanced or _UNIT_TEXT.fullmatch(flat) is None:
            raise InputError(field, _shown(s), f"{form}; {unit!r} is not a unit")
        try:
            u = parse_unit(unit)
        except Exception:  # pint raises several unrelated exception types
            raise InputError(field, _shown(s), f"{form}; {unit!r} is not a unit") from None
    else:
        u = ureg.dimensionless
    return Quantity(magnitude, u)


def parse_quantity(text: object, field: str, expected_unit: str) -> float:
    """Parse ``"60 mg"``-like text and return its magnitude in ``expected_unit``.

    Raises
    ------
    InputError
        When the text is not a number with a unit, or the unit has the wrong dimension.
    """
    if isinstance(text, bool):
        raise InputError(field, text, f"a quantity in {expected_unit}")
    if isinstance(text, int | float):
        if not parse_unit(expected_unit).dimensionless:
            raise InputError(field, text, f"a number with a unit, e.g. '1 {expected_unit}'")
        try:
            value = float(text)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise InputError(field, _shown(str(text)), "a finite number")
        return value
    q = read_quantity(text, field, expected_unit)
    if q.dimensionality != parse_unit(expected_unit).dimensionality:
        if parse_unit(expected_unit).dimensionless:
            raise InputError(
                field, text, f"a plain number without a unit (got units of {q.units:~})"
            )
        raise InputError(
            field, text, f"a quantity convertible to {expected_unit} (got units of {q.units:~})"
        )
    return float(q.to(expected_unit).magnitude)
