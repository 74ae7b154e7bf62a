"""In vitro cultures as protocol objects: which well, which cells removed or added, which medium.

A :class:`CultureWell` says what an experimenter sets: the kind of culture (``pbmc``,
``monocytes``, ``co_culture``: the cells seeded, declared by the model), cell groups removed from
it (a T-cell-depleted PBMC culture), cells added (activated T cells) and the medium's
concentrations. Nothing in it is a result: the model's declared biology computes what the cells
do (:func:`osteoimmune.simulate`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from osteoimmune.errors import InputError
from osteoimmune.units import Quantity, parse_unit, read_quantity

if TYPE_CHECKING:
    from osteoimmune.model.compose import Model

#: Units a medium concentration may be written in, in words (for error messages).
MEDIUM_UNITS = "a concentration such as '25 ng/mL' or '1 nM'"


@dataclass(frozen=True)
class CultureWell:
    """A well of an in vitro culture.

    Parameters
    ----------
    culture
        Kind of culture declared by the model (``"pbmc"``, ``"monocytes"``, ``"co_culture"``).
    remove
        Cell groups removed from the seeded cells (``("t_cells",)``: a T-cell-depleted culture).
    add
        Mapping ``cell group -> cells per well`` added at seeding, e.g.
        ``{"activated_t_cells": 1e5}``.
    medium
        Mapping ``component -> concentration`` held by the medium, in the unit of the component's
        model parameter (``pM`` for M-CSF, RANKL and OPG; ``pg/mL`` for cytokines and SOFAT);
        :func:`parse_medium` converts ``ng/mL`` with the declared molar masses.

    Raises
    ------
    InputError
        On an empty name, a negative or non-finite concentration or a non-positive cell number.
        Names are checked against the model by :class:`~osteoimmune.protocol.Scenario`.
    """

    culture: str
    remove: tuple[str, ...] = ()
    add: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    medium: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.culture, str) or not self.culture:
            raise InputError("culture", self.culture, "the name of a culture, e.g. pbmc")
        remove = (self.remove,) if isinstance(self.remove, str) else tuple(self.remove)
        if not all(isinstance(g, str) and g for g in remove):
            raise InputError("remove", list(remove), "a list of cell groups, e.g. [t_cells]")
        object.__setattr__(self, "remove", remove)
        for key, value in self.add.items():
            if isinstance(value, bool) or not (
                isinstance(value, int | float) and math.isfinite(value) and value > 0
            ):
                raise InputError(f"add.{key}", value, "a positive number of cells per well")
        for key, value in self.medium.items():
            if isinstance(value, bool) or not (
                isinstance(value, int | float) and math.isfinite(value) and value >= 0
            ):
                raise InputError(f"medium.{key}", value, f"a non-negative {MEDIUM_UNITS[2:]}")
        object.__setattr__(self, "add", MappingProxyType(dict(self.add)))
        object.__setattr__(self, "medium", MappingProxyType(dict(self.medium)))

    def check(self, model: Model) -> None:
        """Check the names against ``model``.

        Raises
        ------
        InputError
            On an unknown culture, cell group or medium component (with a close match).
        """
        if self.culture not in model.cultures:
            raise InputError(
                "culture",
                self.culture,
                f"one of {', '.join(sorted(model.cultures)) or '(none in this parameter set)'}",
                choices=model.cultures,
            )
        groups = f"a cell group: {', '.join(sorted(model.cell_groups))}"
        components = f"a medium component: {', '.join(sorted(model.medium))}"
        checks: tuple[tuple[str, Iterable[str], Mapping[str, Any], str], ...] = (
            ("remove", self.remove, model.cell_groups, groups),
            ("add", self.add, model.cell_groups, groups),
            ("medium", self.medium, model.medium, components),
        )
        for field_name, names, known, accepted in checks:
            for name in names:
                if name not in known:
                    raise InputError(field_name, name, accepted, choices=known)


def parse_medium(
    spec: Any, model: Model, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Parse a scenario's ``medium:`` mapping into concentrations in the model's units.

    A component whose model unit is molar (``pM``) accepts a molar concentration (``1 nM``) or a
    mass concentration (``25 ng/mL``), converted with the component's declared molar mass; a
    component in ``pg/mL`` accepts mass concentrations only.

    Parameters
    ----------
    spec
        The ``medium:`` mapping of a scenario document.
    model
        The composed model (its medium components and parameters).
    overrides
        The scenario's parameter overrides (a molar mass may be overridden).

    Raises
    ------
    InputError
        On an unknown component (with a close match), a value without a unit or with the wrong
        unit, or a negative concentration; each names the field, the value and what is accepted.
    """
    if not isinstance(spec, Mapping):
        raise InputError(
            "medium", spec, "a mapping component: concentration, e.g. {mcsf: 25 ng/mL}"
        )
    params = model.parameter_set.parameters
    out: dict[str, float] = {}
    mass = parse_unit("ng/mL").dimensionality
    for key, raw in spec.items():
        name = str(key)
        where = f"medium.{name}"
        if name not in model.medium:
            raise InputError(
                "medium",
                name,
                f"a medium component: {', '.join(sorted(model.medium))}",
                choices=model.medium,
            )
        comp = model.medium[name]
        target = params[comp.parameter].unit
        if isinstance(raw, bool) or (isinstance(raw, int | float) and raw != 0):
            raise InputError(where, raw, f"{MEDIUM_UNITS} (a number needs a unit)")
        q: Any = (
            read_quantity(raw, where, "ng/mL")
            if not isinstance(raw, int | float)
            else Quantity(0.0, target)
        )
        if not hasattr(q, "dimensionality"):
            raise InputError(where, raw, f"{MEDIUM_UNITS} (a number needs a unit)")
        dim = q.dimensionality
        if dim == parse_unit(target).dimensionality:
            value = float(q.to(target).magnitude)
        elif comp.molar_mass and dim == mass:
            mw = (overrides or {}).get(comp.molar_mass, params[comp.molar_mass].value)
            mw_q = Quantity(mw, params[comp.molar_mass].unit)
            value = float((q / mw_q).to(target).magnitude)
        else:
            accepted = (
                MEDIUM_UNITS
                if comp.molar_mass
                else "a mass concentration such as '10 ng/mL' (no molar mass is declared)"
            )
            raise InputError(where, raw, f"{accepted}; got units of {q.units:~}")
        if not (math.isfinite(value) and value >= 0):
            raise InputError(where, raw, f"a non-negative {MEDIUM_UNITS[2:]}")
        out[name] = value
    return out
