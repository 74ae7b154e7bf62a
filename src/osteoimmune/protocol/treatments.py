"""Drug regimens: a dose of a declared treatment, repeated at an interval, by a route.

A regimen names a :class:`~osteoimmune.model.declarations.Treatment` of the composed model. Each
dose becomes one event that adds ``dose x F x dose_to_state`` to the state of the route (see
:func:`osteoimmune.solve.simulate.simulate`); this module only holds and checks the schedule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from osteoimmune.errors import InputError
from osteoimmune.units import parse_unit, read_quantity

#: the shortest infusion of a dose (``over``), days: one minute; anything shorter is a bolus
MIN_OVER_DAYS = 1.0 / 1440.0
#: the most doses one regimen may hold (daily doses for 270 years); checked before any dose
#: time is computed
MAX_DOSES = 100_000

#: What a dose field accepts, in words.
DOSE_FORMS = "a positive dose with a unit: a mass (e.g. '60 mg', '500 ug', '1 g') or a mass per body mass (e.g. '3 mg/kg')"


def parse_dose(value: object, field: str) -> tuple[float, bool]:
    """Parse a scenario's ``dose`` into milligrams, or milligrams per kilogram of body weight.

    Parameters
    ----------
    value
        Text such as ``"60 mg"``, ``"500 ug"`` or ``"3 mg/kg"``.
    field
        Where the value sits, for the error message (``"events[2].dose"``).

    Returns
    -------
    dose_mg, per_kg
        The dose in mg (``per_kg`` false) or in mg/kg (``per_kg`` true).

    Raises
    ------
    InputError
        When the value has no unit, a unit that is neither a mass nor a mass per body mass, or is
        not a positive finite number.
    """
    if isinstance(value, int | float):  # bool is an int
        raise InputError(field, value, f"{DOSE_FORMS}; a bare number has no unit")
    q: Any = read_quantity(value, field, "mg")
    items = list(q.unit_items())
    mass = parse_unit("mg").dimensionality
    if not items:
        raise InputError(field, value, f"{DOSE_FORMS}; a bare number has no unit")
    if q.dimensionality == mass:
        magnitude, per_kg = float(q.to("mg").magnitude), False
    elif (
        q.dimensionless
        and all(parse_unit(u).dimensionality == mass for u, _ in items)
        and sum(e for _, e in items if e > 0) == 1
        and sum(e for _, e in items if e < 0) == -1
    ):
        magnitude, per_kg = float(q.to("mg/kg").magnitude), True
    else:
        raise InputError(field, value, f"{DOSE_FORMS} (got units of {q.units:~})")
    if not (math.isfinite(magnitude) and magnitude > 0):
        raise InputError(field, value, DOSE_FORMS)
    return magnitude, per_kg


@dataclass(frozen=True)
class Regimen:
    """A drug regimen: ``doses`` doses of ``dose_mg``, ``every_days`` apart, from ``at_days``.

    Doses that would fall after the end of a scenario are not given. A dose with ``over_days``
    > 0 enters at a constant rate over that time (an i.v. infusion, a transdermal patch worn for
    a week) instead of at once; doses whose times overlap add up.

    Parameters
    ----------
    treatment
        Name of a treatment declared by the model (``osteoimmune list treatments``).
    dose_mg
        The dose in mg, or in mg per kg of body weight when ``per_kg`` is true.
    per_kg
        The dose is per body weight; it is multiplied by the treatment's ``body_weight``
        parameter (kg).
    every_days
        Interval between doses, days (at least one minute); required when ``doses`` > 1. With
        an interval the count must be given, even ``doses=1``: a regimen "every 6 months"
        without a count would silently be a single dose.
    doses
        Number of doses (a positive integer up to :data:`MAX_DOSES`); ``None`` (not given)
        stands for one dose and is refused together with ``every_days``.
    route
        A route of the treatment (``"iv"``, ``"sc"``...); ``""`` stands for the treatment's first
        route, and a :class:`~osteoimmune.protocol.scenario.Scenario` replaces it by that name.
    at_days
        Time of the first dose, days (>= 0).
    over_days
        Time over which each dose is given, days; 0 (the default) for a bolus.

    Raises
    ------
    InputError
        On a non-positive dose or interval, an interval under one minute, a dose count that is
        not a positive integer up to :data:`MAX_DOSES`, a missing interval for repeated doses or
        an interval with a single dose, a negative time or a negative or non-finite
        ``over_days``.
    """

    treatment: str
    dose_mg: float
    per_kg: bool = False
    every_days: float | None = None
    doses: int | None = None
    route: str = ""
    at_days: float = 0.0
    over_days: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.treatment, str) or not self.treatment:
            raise InputError("treatment", self.treatment, "the name of a treatment")
        if not isinstance(self.route, str):
            raise InputError("route", self.route, "the name of a route, e.g. 'iv' or 'sc'")
        if not (isinstance(self.dose_mg, int | float) and math.isfinite(self.dose_mg)):
            raise InputError("dose", self.dose_mg, DOSE_FORMS)
        if not self.dose_mg > 0:
            raise InputError("dose", self.dose_mg, DOSE_FORMS)
        counted = self.doses is not None
        if not counted:  # not given: one dose, and then no interval (checked below)
            object.__setattr__(self, "doses", 1)
        if isinstance(self.doses, bool) or not isinstance(self.doses, Integral) or self.doses < 1:
            raise InputError("doses", self.doses, "a positive whole number of doses, e.g. 6")
        object.__setattr__(self, "doses", int(self.doses))
        if self.doses > MAX_DOSES:
            raise InputError(
                "doses", f"{self.doses:,}", f"at most {MAX_DOSES:,} doses in one regimen"
            )
        if self.every_days is not None and not (
            isinstance(self.every_days, int | float)
            and math.isfinite(self.every_days)
            and self.every_days > 0
        ):
            raise InputError("every", self.every_days, "a positive interval, e.g. '6 months'")
        if self.every_days is not None and self.every_days < MIN_OVER_DAYS * (1 - 1e-9):
            raise InputError(
                "every",
                f"{self.every_days * 86400:.3g} s",
                "an interval between doses of at least 1 minute",
            )
        if not counted and self.every_days is not None:
            raise InputError(
                "doses",
                None,
                "a number of doses (doses: 20) or a last dose time (until: 10 years) with "
                "every; without one, a repeated regimen would give a single dose",
            )
        if self.doses > 1 and self.every_days is None:
            raise InputError(
                "every", None, f"an interval between the {self.doses} doses, e.g. '6 months'"
            )
        if not (isinstance(self.at_days, int | float) and math.isfinite(self.at_days)):
            raise InputError("at", self.at_days, "a finite time")
        if self.at_days < 0:
            raise InputError(
                "at", f"{self.at_days:g} days", "a time >= 0 for a treatment (it starts in the run)"
            )
        if not (
            isinstance(self.over_days, int | float)
            and math.isfinite(self.over_days)
            and self.over_days >= 0
        ):
            raise InputError(
                "over",
                self.over_days,
                "a time >= 0 over which each dose is given, e.g. '1 hours' (0 for a bolus)",
            )
        if 0 < self.over_days < MIN_OVER_DAYS * (1 - 1e-9):  # '1 minutes' rounds
            raise InputError(
                "over",
                f"{self.over_days * 86400:.3g} s",
                "at least 1 minute over which each dose is given, or 0 for a bolus (shorter "
                "infusions fall within one instant of the integrator and would give nothing)",
            )

    @property
    def dose_times(self) -> tuple[float, ...]:
        """Times of all doses, days (some may lie beyond a scenario's duration)."""
        every = self.every_days or 0.0
        return tuple(self.at_days + k * every for k in range(self.dose_count))

    @property
    def dose_count(self) -> int:
        """The number of doses (``doses``, which construction has made a whole number)."""
        assert self.doses is not None  # set by __post_init__
        return self.doses
