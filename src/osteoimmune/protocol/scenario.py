"""Scenarios: the public scenario-file contract (version 1) as frozen value objects.

A scenario says which species and parameter set, for how long, which genotype, what happens
when (condition onsets, infusions, later drug regimens and cell transfers) and which parameters
the user overrides. Everything is validated when the object is built, against the model the
parameter set composes, so that bad input fails before any integration with one message that
names the field, the value and what is accepted.
"""

from __future__ import annotations

import copyreg
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from osteoimmune.errors import InputError, ModelError, SpeciesWarning
from osteoimmune.model.parameters import SPECIES, available_parameter_sets, load_parameter_set
from osteoimmune.protocol.cells import COMPLETE_DEPLETION, CellDepletion, CellTransfer
from osteoimmune.protocol.culture import CultureWell, parse_medium
from osteoimmune.protocol.documents import MAX_DOCUMENT_BYTES, read_document
from osteoimmune.protocol.treatments import MAX_DOSES, Regimen, parse_dose
from osteoimmune.units import DAYS_PER_YEAR, parse_quantity, parse_unit

if TYPE_CHECKING:
    from osteoimmune.model.compose import Model
    from osteoimmune.model.declarations import CellGroup

TOP_LEVEL = (
    "species",
    "parameter_set",
    "sex",
    "age",
    "duration",
    "genotype",
    "events",
    "parameters",
    "save_every",
    "name",
    "description",
    "culture",
    "remove",
    "add",
    "medium",
)
#: Keys that only a culture scenario (``culture:``) may carry.
CULTURE_KEYS = ("remove", "add", "medium")
EVENT_KINDS = ("condition", "treatment", "cells", "infusion")
#: Keys a treatment event may carry besides ``at`` and ``treatment``.
REGIMEN_KEYS = ("dose", "every", "doses", "until", "route", "over")
MAX_DURATION_DAYS = 200 * DAYS_PER_YEAR
#: the most output rows one run may have (duration / save_every + 1), checked before allocating
MAX_OUTPUT_ROWS = 200_000
#: The oldest age accepted per species (years): a mouse lives 2-3 years. A scenario without an
#: age is the young adult of its parameter set (the parameter ``age_young``).
MAX_AGE_YEARS: Mapping[str, float] = MappingProxyType({"human": 120.0, "mouse": 4.0})


def _mappingproxy(items: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(items)


# the value objects keep their mappings read-only; pickled (for worker processes and Dask) as the
# plain dict they wrap
copyreg.pickle(MappingProxyType, lambda m: (_mappingproxy, (dict(m),)))


@dataclass(frozen=True)
class ConditionOnset:
    """A condition dated ``at_days`` (may be negative: it began before t = 0).

    Its parameter changes begin the condition's declared ``lead_days`` earlier, at
    ``at_days - lead_days`` (natural menopause is dated by the final period, while ovarian
    output falls about two years before); a time before 0 is integrated as history. With a
    finite ``duration_days`` the condition ends then (an infection that is over, HRT that is
    stopped): its parameters return to the values they had before it began.
    """

    name: str
    at_days: float = 0.0
    duration_days: float = float("inf")

    def __post_init__(self) -> None:
        if not self.duration_days > 0:
            raise InputError("duration", self.duration_days, "a positive duration, e.g. '5 days'")


def _check_not_ongoing(ev: ConditionOnset, earlier: Sequence[object], where: str) -> None:
    """Refuse a condition that begins while the same condition, given earlier, still lasts (a
    second onset would silently restart it); episodes that follow each other are fine."""
    for j, other in enumerate(earlier):
        if not isinstance(other, ConditionOnset) or other.name != ev.name:
            continue
        end = other.at_days + other.duration_days
        if other.at_days <= ev.at_days < end or ev.at_days <= other.at_days < ev.at_days + (
            ev.duration_days
        ):
            lasts = "has no end" if math.isinf(other.duration_days) else f"lasts until {end:g} days"
            raise InputError(
                f"{where}.condition",
                f"{ev.name} again at {ev.at_days:g} days",
                f"each condition once while it lasts: events[{j}] already gives {ev.name} from "
                f"{other.at_days:g} days and it {lasts} (remove one, or give the first a "
                "duration that ends before the second begins)",
            )


@dataclass(frozen=True)
class Infusion:
    """A constant-rate infusion of a declared molecule or cell.

    ``rate`` is in the unit of the target's input parameter (e.g. pM/day).
    """

    target: str
    rate: float
    at_days: float = 0.0
    duration_days: float = float("inf")

    def __post_init__(self) -> None:
        if not self.rate >= 0:
            raise InputError("infusion.rate", self.rate, "a non-negative rate")
        if not self.duration_days > 0:
            raise InputError("infusion.duration", self.duration_days, "a positive duration")


ScenarioEvent = ConditionOnset | Infusion | Regimen | CellDepletion | CellTransfer


@dataclass(frozen=True)
class Scenario:
    """A simulation protocol.

    Parameters
    ----------
    species
        ``"human"`` or ``"mouse"``.
    parameter_set
        ``"default"`` (the species' calibrated set) or a reference set such as ``"pivonka2008"``.
    sex, age_years
        The subject at t = 0. Age advances with time in every run; a subject older than the
        species' young adult starts with the history of the years between (see
        :class:`~osteoimmune.solve.Simulation`). Without an age: the parameter set's young adult
        (``age_young``, with any override), so that the run has no history of aging.
    duration_days
        Length of the simulation.
    genotype
        Genotype names (knockouts), applied for the whole run.
    events
        Condition onsets, infusions, drug regimens (:class:`Regimen`), cell depletions
        (:class:`CellDepletion`) and adoptive transfers (:class:`CellTransfer`). A regimen
        without a route gets its treatment's first route.
    parameters
        Overrides by name, each in the parameter's declared unit.
    save_every_days
        Output interval.
    name
        A label for tables and plots.
    culture
        An in vitro culture (:class:`~osteoimmune.protocol.CultureWell`): the run is a well
        seeded with the culture's cells in its medium, not a subject. ``None``: in vivo.

    Raises
    ------
    InputError
        On an unknown name (species, genotype, condition, infusion target, treatment, route,
        cell group, donor genotype, culture, medium component), an event outside the run, a
        condition, drug regimen or adoptive transfer in a culture (a culture sets its medium and
        its cells instead), or a transfer that the model
        cannot represent exactly: donor cells without the group, or donor cells whose
        cell-intrinsic genes differ from the recipient's own while the recipient still has its
        own cells of that type (no genotype that ``lacks`` them, no earlier depletion of at
        least :data:`~osteoimmune.protocol.cells.COMPLETE_DEPLETION`).
    ModelError
        When a treatment's dosing parameters have units that do not fit its route's state.
    """

    species: str = "human"
    parameter_set: str = "default"
    sex: str = "female"
    age_years: float = float("nan")
    duration_days: float = 3652.5
    genotype: tuple[str, ...] = ()
    events: tuple[ScenarioEvent, ...] = ()
    parameters: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    save_every_days: float = 7.0
    name: str = "scenario"
    culture: CultureWell | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "genotype", tuple(self.genotype))
        object.__setattr__(self, "events", tuple(self.events))
        if self.species not in SPECIES:
            raise InputError("species", self.species, " or ".join(SPECIES), choices=SPECIES)
        if self.sex not in ("female", "male"):
            raise InputError("sex", self.sex, "female or male", choices=("female", "male"))
        if not 0 < self.duration_days <= MAX_DURATION_DAYS:
            raise InputError("duration", self.duration_days, "a positive duration up to 200 years")
        if not 0 < self.save_every_days <= self.duration_days:
            raise InputError(
                "save_every", self.save_every_days, "a positive interval no longer than duration"
            )
        rows = self.duration_days / self.save_every_days + 1
        if rows > MAX_OUTPUT_ROWS:
            raise InputError(
                "save_every",
                f"{self.save_every_days:.3g} days",
                f"at most {MAX_OUTPUT_ROWS:,} output rows (this gives {rows:,.0f}): a save_every "
                f"of at least {self.duration_days / (MAX_OUTPUT_ROWS - 1):.3g} days for a "
                f"duration of {self.duration_days:g} days",
            )
        model = self.model()
        for g in self.genotype:
            if g not in model.genotypes:
                raise InputError(
                    "genotype",
                    g,
                    f"one of {', '.join(sorted(model.genotypes)) or '(none)'}",
                    choices=model.genotypes,
                )
        events = list(self.events)
        for i, ev in enumerate(events):
            where = f"events[{i}]"
            if not isinstance(
                ev, ConditionOnset | Infusion | Regimen | CellDepletion | CellTransfer
            ):
                raise InputError(
                    where,
                    type(ev).__name__,
                    "a ConditionOnset, Infusion, Regimen, CellDepletion or CellTransfer",
                )
            if ev.at_days > self.duration_days:
                raise InputError(
                    f"{where}.at",
                    f"{ev.at_days:g} days",
                    f"a time within duration ({self.duration_days:g} days)",
                )
            if isinstance(ev, ConditionOnset):
                if ev.name not in model.conditions:
                    raise InputError(
                        f"{where}.condition",
                        ev.name,
                        f"one of {', '.join(sorted(model.conditions)) or '(none in this parameter set yet)'}",
                        choices=model.conditions,
                    )
                _check_not_ongoing(ev, events[:i], where)
                sexes = model.conditions[ev.name].sexes
                if self.sex not in sexes:
                    raise InputError(
                        f"{where}.condition",
                        ev.name,
                        f"a condition a {self.sex} subject can have: {ev.name} happens to "
                        f"{' and '.join(sexes)} subjects only (set sex: {sexes[0]}, or remove it)",
                    )
            elif isinstance(ev, Infusion):
                if ev.at_days < 0:
                    raise InputError(f"{where}.at", ev.at_days, "a time >= 0 for an infusion")
                if ev.target not in model.inputs:
                    raise InputError(
                        f"{where}.infusion.target",
                        ev.target,
                        f"one of {', '.join(sorted(model.inputs))}",
                        choices=model.inputs,
                    )
            elif isinstance(ev, Regimen):
                events[i] = _check_regimen(ev, model, where)
            elif isinstance(ev, CellDepletion):
                _cell_group(ev.group, model, f"{where}.cells.deplete")
            else:
                _check_transfer(ev, i, events, self.genotype, model, where)
        object.__setattr__(self, "events", tuple(events))
        self._check_dose_count()
        if self.culture is not None:
            if not isinstance(self.culture, CultureWell):
                raise InputError("culture", self.culture, "a CultureWell")
            self.culture.check(model)
            for i, ev in enumerate(self.events):
                if isinstance(ev, ConditionOnset | Regimen | CellTransfer):
                    kind, what = (
                        ("condition", ev.name)
                        if isinstance(ev, ConditionOnset)
                        else ("treatment", ev.treatment)
                        if isinstance(ev, Regimen)
                        else ("cells.transfer", ev.group)
                    )
                    raise InputError(
                        f"events[{i}].{kind}",
                        what,
                        "in a culture only infusions and cell depletions; a culture sets its "
                        "medium (medium: {rankl: 30 ng/mL}) and its cells (add:, remove:)",
                    )
        by_name = {p.name: p for p in model.parameters}
        for pname, value in self.parameters.items():
            if pname not in by_name:
                raise InputError(
                    "parameters",
                    pname,
                    "a parameter name (see `osteoimmune list parameters`)",
                    choices=by_name,
                )
            if not (
                isinstance(value, int | float) and value == value and abs(value) != float("inf")
            ):
                raise InputError(f"parameters.{pname}", value, "a finite number")
            declared = by_name[pname]
            if declared.bounds[0] >= 0 and value < 0:
                raise InputError(
                    f"parameters.{pname}",
                    f"{value:g} {declared.unit}".strip(),
                    f"a value >= 0 {declared.unit} ({declared.description}; declared bounds "
                    f"{declared.bounds[0]:g} to {declared.bounds[1]:g})".replace("  ", " "),
                )
        if self.age_years != self.age_years:  # not given: the young adult of the parameter set
            young = by_name["age_young"].value if "age_young" in by_name else 0.0
            object.__setattr__(self, "age_years", float(self.parameters.get("age_young", young)))
        oldest = MAX_AGE_YEARS[self.species]
        if not 0 <= self.age_years <= oldest:
            raise InputError(
                "age", f"{self.age_years:g} years", f"an age between 0 and {oldest:g} years"
            )

    def _check_dose_count(self) -> None:
        """Refuse a run with more than :data:`MAX_DOSES` doses inside its duration, counted from
        the regimens' arithmetic before any dose time is computed."""
        total = 0
        for ev in self.events:
            if isinstance(ev, Regimen):
                inside = (
                    ev.dose_count
                    if ev.every_days is None
                    else min(
                        ev.dose_count,
                        math.floor((self.duration_days - ev.at_days) / ev.every_days) + 1,
                    )
                )
                total += max(inside, 0)
        if total > MAX_DOSES:
            raise InputError(
                "events",
                f"{total:,} doses within the run",
                f"at most {MAX_DOSES:,} doses in one run (split the run, or dose less often)",
            )

    @property
    def resolved_parameter_set(self) -> str:
        """Name of the parameter-set file this scenario runs."""
        return self.species if self.parameter_set == "default" else self.parameter_set

    def with_parameters(self, values: Mapping[str, float], *, name: str | None = None) -> Scenario:
        """This scenario with parameter overrides ``values`` (declared units) added to its own,
        validated like any scenario; renamed to ``name`` if given."""
        return replace(
            self, parameters={**self.parameters, **values}, name=self.name if name is None else name
        )

    def model(self) -> Model:
        """The composed model of this scenario's parameter set."""
        return _model_of(self.species, self.parameter_set)


def _model_of(species: str, parameter_set: str) -> Model:
    """The composed model of ``parameter_set`` (``default``: the species' own) for ``species``.

    Raises
    ------
    InputError
        If the set is for another species.
    """
    from osteoimmune.model.compose import compose

    pset = load_parameter_set(species if parameter_set == "default" else parameter_set)
    if pset.species not in (species, "reference"):
        raise InputError(
            "parameter_set",
            parameter_set,
            f"a set for species {species!r} (this one is for {pset.species})",
        )
    return compose(pset)


def _names(items: Mapping[str, Any], none: str = "(none in this parameter set)") -> str:
    return ", ".join(sorted(items)) or none


def _check_regimen(ev: Regimen, model: Model, where: str) -> Regimen:
    """Check a regimen against the model; return it with its route filled in."""
    if ev.treatment not in model.treatments:
        raise InputError(
            f"{where}.treatment",
            ev.treatment,
            f"a treatment of the drug library: {_names(model.treatments)} "
            "(see `osteoimmune list treatments`)",
            choices=model.treatments,
        )
    tr = model.treatments[ev.treatment]
    species = model.parameter_set.species
    if tr.species and species != "reference" and species not in tr.species:
        warnings.warn(
            f"{where}.treatment: {tr.name} does not bind {tr.target} in a {species} (it binds it "
            f"in {' and '.join(tr.species)} only): the run gives it and it does nothing, as in "
            "the animal",
            SpeciesWarning,
            stacklevel=2,
        )
    routes = {r.name: r for r in tr.routes}
    route = routes.get(ev.route or tr.routes[0].name)
    if route is None:
        raise InputError(
            f"{where}.route",
            ev.route,
            f"a route of {tr.name}: {', '.join(routes)} (default {tr.routes[0].name})",
            choices=routes,
        )
    _check_dosing_units(tr.name, route.state, tr.dose_to_state, tr.body_weight, model)
    if ev.over_days > 0 and not route.rate:
        timed = [r.name for r in tr.routes if r.rate]
        raise InputError(
            f"{where}.over",
            f"{ev.over_days:g} days",
            f"no 'over' for route {route.name} of {tr.name}, which takes bolus doses only"
            + (f"; a dose over a time goes by route {' or '.join(timed)}" if timed else ""),
        )
    if route.bioavailability:
        unit = model.parameter_set.parameters[route.bioavailability].unit
        if not parse_unit(unit).dimensionless:
            raise ModelError(
                f"treatment {tr.name}: bioavailability {route.bioavailability} of route "
                f"{route.name} is in {unit!r}; it must be dimensionless"
            )
    return ev if ev.route == route.name else replace(ev, route=route.name)


def _check_dosing_units(
    treatment: str, state: str, dose_to_state: str, body_weight: str, model: Model
) -> None:
    """A declaration defect (not bad input): dose_to_state x mass must give the state's unit."""
    params = model.parameter_set.parameters
    state_unit = next(s.unit for s in model.states if s.name == state)
    dts = parse_unit(params[dose_to_state].unit)
    if (dts * parse_unit("mg")).dimensionality != parse_unit(state_unit).dimensionality:
        raise ModelError(
            f"treatment {treatment}: dose_to_state {dose_to_state} is in "
            f"{params[dose_to_state].unit!r}; it must be in <unit of {state}>/mg ({state_unit}/mg)"
        )
    if parse_unit(params[body_weight].unit).dimensionality != parse_unit("kg").dimensionality:
        raise ModelError(
            f"treatment {treatment}: body_weight {body_weight} is in "
            f"{params[body_weight].unit!r}; it must be a mass (kg)"
        )


def _cell_group(name: str, model: Model, field_name: str) -> CellGroup:
    if name not in model.cell_groups:
        raise InputError(
            field_name,
            name,
            f"a cell group: {_names(model.cell_groups)}",
            choices=model.cell_groups,
        )
    return model.cell_groups[name]


def _covers(model: Model, outer: str, inner: CellGroup) -> bool:
    """True when cell group ``outer`` holds every state of ``inner``."""
    return set(inner.states) <= set(model.cell_groups[outer].states)


def genotype_factors(genotype: Sequence[str], model: Model) -> dict[str, float]:
    """The factor each parameter of ``model`` is scaled by in a subject of ``genotype``.

    Parameters
    ----------
    genotype
        Names of genotypes that ``model`` declares (a validated scenario's, or a donor's).
    model
        The composed model.

    Returns
    -------
    dict
        Parameter name -> product of the factors of the named genotypes; parameters that no
        genotype scales are absent (factor 1).
    """
    factors: dict[str, float] = {}
    for g in genotype:
        for pname, factor in model.genotypes[g].scale:
            factors[pname] = factors.get(pname, 1.0) * factor
    return factors


def _check_transfer(
    ev: CellTransfer,
    index: int,
    events: Sequence[ScenarioEvent],
    recipient: Sequence[str],
    model: Model,
    where: str,
) -> None:
    group = _cell_group(ev.group, model, f"{where}.cells.transfer")
    field_name = f"{where}.cells.donor_genotype"
    for g in ev.donor_genotype:
        if g not in model.genotypes:
            raise InputError(
                field_name,
                g,
                f"a genotype: {_names(model.genotypes)} (or [] for wild-type donors)",
                choices=model.genotypes,
            )
        if any(_covers(model, lacked, group) for lacked in model.genotypes[g].lacks):
            raise InputError(
                field_name,
                g,
                f"a donor genotype that has {group.name} "
                f"(donor genotype {g} has no {group.name} to give)",
            )
    donor = genotype_factors(ev.donor_genotype, model)
    own = genotype_factors(recipient, model)
    differs = [
        p
        for p in group.intrinsic
        if not math.isclose(donor.get(p, 1.0), own.get(p, 1.0), rel_tol=1e-12, abs_tol=0.0)
    ]
    if not differs:
        return
    if any(_covers(model, lacked, group) for g in recipient for lacked in model.genotypes[g].lacks):
        return
    for j, other in enumerate(events):
        earlier = other.at_days < ev.at_days or (other.at_days == ev.at_days and j < index)
        if (
            isinstance(other, CellDepletion)
            and earlier
            and other.fraction >= COMPLETE_DEPLETION
            and other.group in model.cell_groups
            and _covers(model, other.group, group)
        ):
            return
    raise InputError(
        field_name,
        list(ev.donor_genotype),
        f"donor {group.name} whose {', '.join(differs)} match the recipient's own genotype "
        f"({', '.join(recipient) or 'wild type'}), or a recipient without {group.name} of its "
        f"own: a genotype that lacks them, or an earlier depletion of {group.name} with fraction "
        f">= {COMPLETE_DEPLETION:g}. The model tracks one pool per cell type, so donor genes are "
        "exact only in a recipient without its own cells of that type",
    )


def _duration(value: Any, field_name: str) -> float:
    return parse_quantity(value, field_name, "day")


def scenario_from_dict(doc: Mapping[str, Any], *, name: str = "scenario") -> Scenario:
    """Build a :class:`Scenario` from a parsed scenario document (public contract v1).

    Raises
    ------
    InputError
        On any unknown key, unknown name, wrong unit or impossible schedule.
    """
    if not isinstance(doc, Mapping):
        raise InputError(
            "scenario", type(doc).__name__, "a mapping of keys such as species, duration, events"
        )
    for key in doc:
        if key not in TOP_LEVEL:
            raise InputError(
                "scenario", key, f"one of the keys {', '.join(TOP_LEVEL)}", choices=TOP_LEVEL
            )
    species = str(doc.get("species", "human"))
    pset = str(doc.get("parameter_set", "default"))
    if pset != "default" and pset not in available_parameter_sets():
        raise InputError(
            "parameter_set",
            pset,
            f"default or one of {', '.join(available_parameter_sets())}",
            choices=available_parameter_sets(),
        )
    if species not in SPECIES:
        raise InputError("species", species, " or ".join(SPECIES), choices=SPECIES)
    # the model the names below are checked against; Scenario(...) checks the rest, once
    model = _model_of(species, pset)
    kwargs: dict[str, Any] = {
        "species": species,
        "parameter_set": pset,
        "name": str(doc.get("name", name)),
    }
    if "sex" in doc:
        kwargs["sex"] = str(doc["sex"])
    if "age" in doc:
        kwargs["age_years"] = parse_quantity(doc["age"], "age", "year")
        if not math.isfinite(kwargs["age_years"]):
            raise InputError("age", doc["age"], "a finite age, e.g. 50 years")
    if "duration" in doc:
        kwargs["duration_days"] = _duration(doc["duration"], "duration")
    if "save_every" in doc:
        kwargs["save_every_days"] = _duration(doc["save_every"], "save_every")
    genotype = doc.get("genotype", []) or []
    if isinstance(genotype, str):
        genotype = [genotype]
    if not isinstance(genotype, list):
        raise InputError("genotype", genotype, "a list of genotype names, e.g. [opg_ko]")
    kwargs["genotype"] = tuple(str(g) for g in genotype)
    params: dict[str, float] = {}
    overrides = doc.get("parameters", {}) or {}
    if not isinstance(overrides, Mapping):
        raise InputError("parameters", overrides, "a mapping name: value with unit")
    index = {p.name: p for p in model.parameters}
    for pname, value in overrides.items():
        if pname not in index:
            raise InputError(
                "parameters",
                pname,
                "a parameter name (see `osteoimmune list parameters`)",
                choices=index,
            )
        params[pname] = parse_quantity(value, f"parameters.{pname}", index[pname].unit)
    kwargs["parameters"] = params
    events: list[ScenarioEvent] = []
    raw_events = doc.get("events", []) or []
    if not isinstance(raw_events, list):
        raise InputError("events", raw_events, "a list of events")
    for i, ev in enumerate(raw_events):
        events.append(_event(ev, i, model))
    kwargs["events"] = tuple(events)
    if "culture" in doc:
        kwargs["culture"] = _culture(doc, model, params)
    else:
        stray = [k for k in CULTURE_KEYS if k in doc]
        if stray:
            raise InputError(
                stray[0],
                doc[stray[0]],
                f"{stray[0]} only together with culture: "
                f"({', '.join(sorted(model.cultures)) or 'none in this parameter set'})",
            )
    return Scenario(**kwargs)


def _culture(doc: Mapping[str, Any], model: Model, params: Mapping[str, float]) -> CultureWell:
    """The ``culture``, ``remove``, ``add`` and ``medium`` keys of a scenario document."""
    name = doc["culture"]
    if not isinstance(name, str) or name not in model.cultures:
        raise InputError(
            "culture",
            name,
            f"one of {', '.join(sorted(model.cultures)) or '(none in this parameter set)'}",
            choices=model.cultures,
        )
    remove = doc.get("remove", []) or []
    if isinstance(remove, str):
        remove = [remove]
    if not isinstance(remove, list) or not all(isinstance(g, str) for g in remove):
        raise InputError("remove", remove, "a list of cell groups, e.g. [t_cells, b_cells]")
    add_spec = doc.get("add", {}) or {}
    if not isinstance(add_spec, Mapping):
        raise InputError(
            "add", add_spec, "a mapping cell group: cells per well, e.g. {activated_t_cells: 1.0e5}"
        )
    add: dict[str, float] = {}
    for key, value in add_spec.items():
        group = str(key)
        _cell_group(group, model, "add")
        add[group] = parse_quantity(value, f"add.{group}", "dimensionless")
    medium = parse_medium(doc.get("medium", {}) or {}, model, params)
    return CultureWell(culture=name, remove=tuple(remove), add=add, medium=medium)


def _event(ev: Any, i: int, model: Model) -> ScenarioEvent:
    where = f"events[{i}]"
    if not isinstance(ev, Mapping):
        raise InputError(
            where, ev, "a mapping such as {condition: menopause} or {at: 3 years, treatment: ...}"
        )
    kinds = [k for k in ev if k in EVENT_KINDS]
    keys = (*EVENT_KINDS, "at", "duration", *REGIMEN_KEYS)
    unknown = [k for k in ev if k not in keys]
    if unknown:
        raise InputError(
            f"{where}", unknown[0], f"event keys among {', '.join(keys)}", choices=keys
        )
    if len(kinds) != 1:
        raise InputError(where, dict(ev), f"exactly one of {', '.join(EVENT_KINDS)}")
    at = _duration(ev["at"], f"{where}.at") if "at" in ev else 0.0
    kind = kinds[0]
    if kind == "treatment":
        return _within(where, lambda: _regimen(ev, where, at))
    stray = [k for k in REGIMEN_KEYS if k in ev]
    if stray:
        raise InputError(
            f"{where}.{stray[0]}", ev[stray[0]], "dose, every, doses and route only in a treatment"
        )
    if "duration" in ev and kind != "condition":
        raise InputError(
            f"{where}.duration",
            ev["duration"],
            "a duration only on a condition (an infusion takes it inside: "
            "{target: ..., rate: ..., duration: ...})",
        )
    if kind == "condition":
        dur = _duration(ev["duration"], f"{where}.duration") if "duration" in ev else float("inf")
        return _within(
            where,
            lambda: ConditionOnset(name=str(ev["condition"]), at_days=at, duration_days=dur),
        )
    if kind == "infusion":
        spec = ev["infusion"]
        if not isinstance(spec, Mapping) or "target" not in spec or "rate" not in spec:
            raise InputError(
                f"{where}.infusion", spec, "{target: NAME, rate: VALUE UNIT, duration: TIME}"
            )
        stray = [k for k in spec if k not in ("target", "rate", "duration")]
        if stray:
            raise InputError(
                f"{where}.infusion",
                stray[0],
                "infusion keys among target, rate, duration",
                choices=("target", "rate", "duration"),
            )
        target = str(spec["target"])
        if target not in model.inputs:
            raise InputError(
                f"{where}.infusion.target",
                target,
                f"one of {', '.join(sorted(model.inputs))}",
                choices=model.inputs,
            )
        unit = model.inputs[target].unit
        rate = parse_quantity(spec["rate"], f"{where}.infusion.rate", unit)
        if rate < 0:
            raise InputError(f"{where}.infusion.rate", spec["rate"], "a non-negative rate")
        dur = (
            _duration(spec["duration"], f"{where}.infusion.duration")
            if "duration" in spec
            else float("inf")
        )
        if dur <= 0:
            raise InputError(f"{where}.infusion.duration", spec["duration"], "a positive duration")
        return Infusion(target=target, rate=rate, at_days=at, duration_days=dur)
    return _within(where, lambda: _cells(ev["cells"], where, at))


_T = TypeVar("_T")


def _within(where: str, build: Callable[[], _T]) -> _T:
    """Build an event; an error of the value object gets the event's place as prefix."""
    try:
        return build()
    except InputError as exc:
        if exc.field.startswith("events["):
            raise
        raise InputError(f"{where}.{exc.field}", exc.value, exc.accepted) from None


def _regimen(ev: Mapping[str, Any], where: str, at: float) -> Regimen:
    name = ev["treatment"]
    if not isinstance(name, str):
        raise InputError(f"{where}.treatment", name, "the name of a treatment, e.g. denosumab")
    if "dose" not in ev:
        raise InputError(
            f"{where}.dose",
            None,
            "a dose with a unit, e.g. '60 mg' or '3 mg/kg' (dose is required)",
        )
    dose_mg, per_kg = parse_dose(ev["dose"], f"{where}.dose")
    every = _duration(ev["every"], f"{where}.every") if "every" in ev else None
    over = _duration(ev["over"], f"{where}.over") if "over" in ev else 0.0
    doses = ev.get("doses")
    if "until" in ev:
        until = _duration(ev["until"], f"{where}.until")
        if "doses" in ev:
            raise InputError(
                f"{where}.until", ev["until"], "either doses (a count) or until (a time), not both"
            )
        if every is None:
            raise InputError(
                f"{where}.until", ev["until"], "until together with every (the dosing interval)"
            )
        if until < at:
            raise InputError(
                f"{where}.until",
                ev["until"],
                f"a time of the last dose no earlier than the first ({at:g} days)",
            )
        if (until - at) / every >= MAX_DOSES:
            raise InputError(
                f"{where}.until",
                ev["until"],
                f"a last dose time that gives at most {MAX_DOSES:,} doses with every "
                f"{every:g} days",
            )
        # the last dose lies at or before `until` (a relative 1e-9 absorbs rounding of units)
        doses = math.floor((until - at) / every * (1 + 1e-9)) + 1
    route = ev.get("route", "")
    if not isinstance(route, str):
        raise InputError(f"{where}.route", route, "the name of a route, e.g. iv or sc")
    return Regimen(
        treatment=name,
        dose_mg=dose_mg,
        per_kg=per_kg,
        every_days=every,
        doses=doses,
        route=route,
        at_days=at,
        over_days=over,
    )


_CELL_FORMS = (
    "{deplete: GROUP, fraction: F} or {transfer: GROUP, donor_genotype: [NAMES], amount: X}"
)


def _cells(spec: Any, where: str, at: float) -> CellDepletion | CellTransfer:
    if not isinstance(spec, Mapping):
        raise InputError(f"{where}.cells", spec, _CELL_FORMS)
    actions = [k for k in ("deplete", "transfer") if k in spec]
    if len(actions) != 1:
        raise InputError(
            f"{where}.cells", dict(spec), f"exactly one of deplete, transfer: {_CELL_FORMS}"
        )
    allowed = (
        ("deplete", "fraction")
        if actions[0] == "deplete"
        else ("transfer", "donor_genotype", "amount")
    )
    for key in spec:
        if key not in allowed:
            raise InputError(
                f"{where}.cells",
                key,
                f"keys among {', '.join(allowed)}",
                choices=allowed,
            )
    group = spec[actions[0]]
    if not isinstance(group, str):
        raise InputError(f"{where}.cells.{actions[0]}", group, "the name of a cell group")
    if actions[0] == "deplete":
        if "fraction" not in spec:
            raise InputError(
                f"{where}.cells.fraction", None, "the fraction removed in (0, 1], e.g. 0.99"
            )
        fraction = parse_quantity(spec["fraction"], f"{where}.cells.fraction", "dimensionless")
        return CellDepletion(group=group, fraction=fraction, at_days=at)
    donor = spec.get("donor_genotype", []) or []
    if isinstance(donor, str):
        donor = [donor]
    if not isinstance(donor, list | tuple) or not all(isinstance(g, str) for g in donor):
        raise InputError(
            f"{where}.cells.donor_genotype", donor, "a list of genotype names, e.g. [tnf_ko]"
        )
    amount = (
        parse_quantity(spec["amount"], f"{where}.cells.amount", "dimensionless")
        if "amount" in spec
        else 1.0
    )
    return CellTransfer(group=group, donor_genotype=tuple(donor), amount=amount, at_days=at)


def load_scenario(source: str | Path) -> Scenario:
    """Load a scenario: a built-in name (``healthy``) or the path of a YAML file.

    Raises
    ------
    InputError
        If the file is missing, is not valid YAML, or fails validation.
    """
    from osteoimmune.protocol.builtin import builtin_scenarios

    text_source = str(source)
    builtins = builtin_scenarios()
    if text_source in builtins:
        return scenario_from_dict(builtins[text_source], name=text_source)
    path = Path(text_source)
    if not path.suffix and not path.exists():
        raise InputError(
            "SCENARIO",
            text_source,
            f"a YAML file or a built-in: {', '.join(sorted(builtins))}",
            choices=builtins,
        )
    try:
        if path.is_file() and path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputError(
                "SCENARIO", text_source, f"a scenario file of at most {MAX_DOCUMENT_BYTES:,} bytes"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("SCENARIO", text_source, "an existing, readable YAML file") from exc
    doc = read_document(data, f"SCENARIO {path.name}")
    return scenario_from_dict(doc, name=path.stem)
