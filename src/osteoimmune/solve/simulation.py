"""``Simulation``: a scenario made ready to run, once.

A :class:`Simulation` is built once from a scenario: its compiled model, the healthy reference
state, the parameters its genotype and overrides give, and every event it schedules. It is the
one object that :func:`~osteoimmune.solve.simulate.simulate`, the SBML export, steady states, the
interaction network and the benchmark share, so that all of them start from the same point and
apply the same events. It holds no state that changes: every query returns a new value.

Examples
--------
>>> import osteoimmune as oi
>>> sim = oi.Simulation("menopause")  # doctest: +SKIP
>>> result = sim.run()  # the same table as oi.simulate("menopause")  # doctest: +SKIP
>>> sim.parameters_at(365.0)  # canonical parameters in force a year in  # doctest: +SKIP
"""

from __future__ import annotations

import io
import itertools
import math
import os
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from osteoimmune._version import __version__
from osteoimmune.cachedir import cache_file, write_atomic
from osteoimmune.errors import InputError, ModelError, NoEquilibriumError, OffEquilibriumWarning
from osteoimmune.model.compose import Model
from osteoimmune.model.declarations import Route, Treatment
from osteoimmune.protocol.cells import CellDepletion, CellTransfer
from osteoimmune.protocol.scenario import (
    ConditionOnset,
    Infusion,
    Scenario,
    ScenarioEvent,
    genotype_factors,
    load_scenario,
)
from osteoimmune.protocol.treatments import Regimen
from osteoimmune.solve.compile import CompiledModel, FloatArray, compile_model
from osteoimmune.solve.integrate import (
    Event,
    SolverOptions,
    Trajectory,
    _scale,
    integrate,
    steady_state,
)
from osteoimmune.solve.result import SimulationResult
from osteoimmune.units import DAYS_PER_YEAR, canonical_factor, parse_unit

#: What :class:`Simulation` and :func:`~osteoimmune.solve.simulate.simulate` run: a
#: :class:`~osteoimmune.protocol.Scenario`, the name of a built-in scenario (``"healthy"``) or the
#: path of a scenario file (YAML).
ScenarioSource: TypeAlias = Scenario | str | os.PathLike[str]


def _frozen(a: FloatArray) -> FloatArray:
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


def _as_scenario(source: ScenarioSource) -> Scenario:
    """``source`` as a validated scenario: itself, or read by
    :func:`~osteoimmune.protocol.load_scenario` (a built-in name or a YAML path).

    Raises
    ------
    InputError
        If ``source`` is neither, names no built-in scenario (with the closest name) or no
        readable file, or the file fails validation.
    """
    if isinstance(source, Scenario):
        return source
    if isinstance(source, str | os.PathLike):
        return load_scenario(os.fspath(source))
    raise InputError(
        "scenario",
        type(source).__name__,
        "a Scenario, the name of a built-in scenario (e.g. 'healthy') or the path of a YAML file",
    )


# ---------------------------------------------------------------------------------------------
# equilibria, remembered


#: Equilibria already found, by model, parameter vector and starting guess: the arms of an
#: experiment, a population or a sweep share their healthy reference state. Least recently used
#: entries go beyond :data:`EQUILIBRIA_KEPT`; callers get copies.
_EQUILIBRIA: OrderedDict[tuple[str, str, bytes, bytes], tuple[FloatArray, str]] = OrderedDict()
EQUILIBRIA_KEPT = 256


def _equilibrium(
    cm: CompiledModel, p: FloatArray, guess: FloatArray | None = None, *, persist: bool = False
) -> FloatArray:
    """:func:`steady_state` of ``cm`` at ``p``, remembered for the next caller; with ``persist``
    also on disk (a scenario's own healthy state: few per model, unlike a population's).

    Where the parameters admit no equilibrium but settling ends in a slowly moving state, the run
    starts from that state with an :class:`OffEquilibriumWarning`, each
    time it is used."""
    key = (
        cm.model.digest,
        cm.backend,
        np.ascontiguousarray(p, dtype=float).tobytes(),
        b"" if guess is None else np.ascontiguousarray(guess, dtype=float).tobytes(),
    )
    entry = _EQUILIBRIA.get(key)
    if entry is None:
        # kept on disk by model, parameters and guess: a fresh process running a built-in
        # scenario starts from it without solving
        on_disk = _equilibrium_file(cm, key) if persist else None
        hit = _load_state(on_disk, cm.n_states)
        note = ""
        if hit is None:
            try:
                hit = steady_state(cm, p, guess)
                _save_state(on_disk, hit)
            except NoEquilibriumError as exc:
                hit = np.asarray(exc.settled, dtype=float)
                note = f"{exc}: the run starts from the settled state, not an equilibrium"
        entry = (hit, note)
        _EQUILIBRIA[key] = entry
        if len(_EQUILIBRIA) > EQUILIBRIA_KEPT:
            _EQUILIBRIA.popitem(last=False)
    else:
        _EQUILIBRIA.move_to_end(key)
    if entry[1]:
        warnings.warn(entry[1], OffEquilibriumWarning, stacklevel=3)
    return entry[0].copy()


def _equilibrium_file(cm: CompiledModel, key: tuple[str, str, bytes, bytes]) -> Path | None:
    from osteoimmune.solve.compile import _CODEGEN

    parts = [__version__.encode(), str(_CODEGEN).encode()]
    parts += [k.encode() if isinstance(k, str) else k for k in key]
    return cache_file("equilibrium", b"|".join(parts), ".npy")


def _load_state(path: Path | None, n: int) -> FloatArray | None:
    if path is None or not path.is_file():
        return None
    try:
        y = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return y if y.shape == (n,) and np.all(np.isfinite(y)) else None


def _save_state(path: Path | None, y: FloatArray) -> None:
    buffer = io.BytesIO()
    np.save(buffer, y, allow_pickle=False)
    write_atomic(path, buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# events


def _event_time(ev: ScenarioEvent, model: Model) -> float:
    """When an event acts: a condition's changes begin ``lead_days`` before its ``at``."""
    if isinstance(ev, ConditionOnset):
        return ev.at_days - model.conditions[ev.name].lead_days
    return ev.at_days


def _treatment_route(regimen: Regimen, cm: CompiledModel) -> tuple[Treatment, Route]:
    """The treatment of ``regimen`` and the route it is given by (the first when unnamed)."""
    tr = cm.model.treatments[regimen.treatment]
    return tr, next((r for r in tr.routes if r.name == regimen.route), tr.routes[0])


def dose_amount(regimen: Regimen, cm: CompiledModel, p: FloatArray) -> tuple[int, float]:
    """The state a dose of ``regimen`` enters and the canonical amount it adds there.

    ``amount = dose x body_weight (for a dose per kg) x F x dose_to_state``, each factor taken
    from the parameter vector ``p`` (canonical). Canonical units are coherent (pmol, L, day, ng),
    so the product of canonical values is the canonical amount of the state whatever units the
    parameters are declared in (``dose_to_state`` in ``<state unit>/mg``, ``body_weight`` in kg,
    ``F`` dimensionless).

    Parameters
    ----------
    regimen
        A regimen whose treatment and route the model declares (a validated scenario's).
    cm
        The compiled model.
    p
        Canonical parameter vector (the scenario's, genotype and overrides applied).

    Returns
    -------
    state_index, amount
        Index of the route's state and the canonical amount added per dose.
    """
    tr, route = _treatment_route(regimen, cm)

    def value(name: str) -> float:
        return float(p[cm.parameter_index[name]])

    if regimen.per_kg:
        dose = regimen.dose_mg * canonical_factor("mg/kg") * value(tr.body_weight)
    else:
        dose = regimen.dose_mg * canonical_factor("mg")
    f = value(route.bioavailability) if route.bioavailability else 1.0
    return cm.state_index[route.state], dose * f * value(tr.dose_to_state)


def _regimen_events(regimen: Regimen, cm: CompiledModel, p: FloatArray) -> list[Event]:
    i, amount = dose_amount(regimen, cm, p)
    unit = "mg/kg" if regimen.per_kg else "mg"
    return [
        Event(
            t,
            add_states=((i, amount),),
            label=f"{regimen.treatment} {regimen.dose_mg:g} {unit} {regimen.route} "
            f"dose {k + 1}/{regimen.dose_count}",
        )
        for k, t in enumerate(regimen.dose_times)
    ]


@dataclass(frozen=True)
class _Rate:
    """A zero-order input running from ``start`` to ``end`` (days), canonical rate."""

    start: float
    end: float
    rate: float
    label: str


def _dose_rate(regimen: Regimen, cm: CompiledModel, p: FloatArray) -> tuple[int, float]:
    """The rate parameter a dose of ``regimen`` given over ``over_days`` runs through, and its
    canonical value while the dose runs (the dose's amount, as :func:`dose_amount`, per day).

    Raises
    ------
    ModelError
        When the regimen's route declares no rate parameter (a scenario checks this first).
    """
    tr, route = _treatment_route(regimen, cm)
    if not route.rate:
        raise ModelError(f"treatment {tr.name}: route {route.name} declares no rate parameter")
    _, amount = dose_amount(regimen, cm, p)
    return cm.parameter_index[route.rate], amount / regimen.over_days


def _rate_events(i: int, items: list[_Rate], p: FloatArray) -> list[Event]:
    """Events setting parameter ``i`` to its value plus the sum of the inputs running then, so
    that overlapping infusions (and doses given over a time) of one target add up."""
    edges = sorted({e.start for e in items} | {e.end for e in items})
    out = []
    for t in edges:
        if not np.isfinite(t):
            continue
        running = [e for e in items if e.start <= t < e.end]
        rate = sum(e.rate for e in running)
        label = (
            " + ".join(sorted({e.label for e in running})) + " runs"
            if running
            else (" + ".join(sorted({e.label for e in items if e.end == t})) + " ends")
        )
        out.append(Event(t, set_parameters=((i, p[i] + rate),), label=label))
    return out


# ---------------------------------------------------------------------------------------------
# the start


@dataclass(frozen=True, eq=False)
class InitialCondition:
    """A scenario's starting point, exactly as :meth:`Simulation.run` starts from it (arrays
    read-only).

    Attributes
    ----------
    cm
        The compiled model.
    y0, p0
        Canonical states and parameters at t = 0 (after any history of negative-onset events).
    y_reference, p_reference
        The healthy wild-type equilibrium (with the scenario's overrides): reference of ``*_rel``.
    events
        The scenario's events at t >= 0: condition onsets (at ``at - lead_days``), infusion
        switches, one event per dose of each regimen within the duration, depletions and
        transfers.
    """

    cm: CompiledModel
    y0: FloatArray
    p0: FloatArray
    y_reference: FloatArray
    p_reference: FloatArray
    events: tuple[Event, ...]

    def __post_init__(self) -> None:
        for name in ("y0", "p0", "y_reference", "p_reference"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))


def _absent_cells_removed(cm: CompiledModel, scenario: Scenario, y: FloatArray) -> FloatArray:
    """``y`` with the cells the genotype lacks (a nude mouse's T cells) set to zero: they never
    existed, so the equilibrium is the one without them even where a few cells could expand."""
    model = cm.model
    out = y.copy()
    for gname in scenario.genotype:
        for group in model.genotypes[gname].lacks:
            for sname in model.cell_groups[group].states:
                out[cm.state_index[sname]] = 0.0
    return out


def _culture_start(
    cm: CompiledModel, scenario: Scenario, y_ref: FloatArray, p: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """States and parameters of a freshly seeded culture well.

    Parameters: the scenario's (genotype and overrides applied), with every module's ``in_vitro``
    values (no sources from outside the well) and the medium's concentrations. States: the
    healthy reference for everything that is not a cell; every cell state 0, then the culture's
    seeded cells (less the removed groups) and the added cells. A group's cells are split among
    its states in the proportions of the healthy reference and converted from cells per well to
    the state's unit with the well volume (and the Avogadro constant for molar units).
    """
    model = cm.model
    well = scenario.culture
    if well is None:
        raise ValueError("_culture_start needs a culture scenario")
    p_well = p.copy()
    for pname, set_to in model.in_vitro.items():
        i = cm.parameter_index[pname]
        p_well[i] = set_to * canonical_factor(model.parameters[i].unit)
    for name, conc in well.medium.items():
        i = cm.parameter_index[model.medium[name].parameter]
        p_well[i] = conc * canonical_factor(model.parameters[i].unit)

    def value(pname: str) -> float:
        i = cm.parameter_index[pname]
        return float(p_well[i]) / canonical_factor(model.parameters[i].unit)

    volume_l = float(p_well[cm.parameter_index["V_well"]])  # canonical volume: L
    per_mol = float(p_well[cm.parameter_index["N_avogadro"]])  # canonical: cells per pmol
    molar = parse_unit("pM").dimensionality
    y = y_ref.copy()
    for group in model.cell_groups.values():
        for sname in group.states:
            y[cm.state_index[sname]] = 0.0

    unit_of = {s.name: s.unit for s in model.states}

    def seed(gname: str, cells: float) -> None:
        states = model.cell_groups[gname].states
        idx = [cm.state_index[s] for s in states]
        total = float(sum(y_ref[i] for i in idx))
        for sname, i in zip(states, idx, strict=True):
            share = float(y_ref[i]) / total if total > 0 else 1.0 / len(idx)
            per_l = cells * share / volume_l
            is_molar = parse_unit(unit_of[sname]).dimensionality == molar
            y[i] += per_l / per_mol if is_molar else per_l

    culture = model.cultures[well.culture]
    removed = {s for g in well.remove for s in model.cell_groups[g].states}
    for gname, pnames in culture.cells:
        if set(model.cell_groups[gname].states) & removed:
            continue
        seed(gname, math.prod(value(n) for n in pnames))
    for gname, cells in well.add.items():
        seed(gname, cells)
    return y, p_well


# ---------------------------------------------------------------------------------------------
# what a run reports


def _relative_to(series: FloatArray, base: float) -> FloatArray:
    """``series / base``; undefined (NaN, an empty cell in a table) throughout when ``base`` is
    zero or not finite (a marker whose source a genotype or extreme parameters removed)."""
    if base == 0.0 or not math.isfinite(base):
        return np.full(np.shape(series), np.nan)
    return np.asarray(series, dtype=float) / base


def reported_observables(
    model: Model,
    values: Mapping[str, FloatArray],
    reference: Mapping[str, FloatArray],
    setting: str,
) -> tuple[dict[str, FloatArray], dict[str, str]]:
    """Observables of ``setting`` (``in_vivo`` or ``culture``) and of the model's species as
    results report them, with their units, from evaluated series ``values`` (first row: the run's start) and the healthy
    reference's values: ``pct_change`` against the start, ``rel`` against the reference, values
    in their declared units. Values that are not finite (a ratio whose denominator a genotype
    removed) are reported as NaN: undefined, an empty cell in a table."""
    observables: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    species = model.parameter_set.species
    for o in model.observables:
        if o.setting != setting or not o.reported_for(species):
            continue
        series = values[f"observable:{o.name}"]
        if o.kind == "pct_change":
            observables[o.name] = 100.0 * (_relative_to(series, series[0]) - 1.0)
            units[o.name] = "percent"
        elif o.kind == "rel":
            observables[o.name] = _relative_to(series, reference[f"observable:{o.name}"][0])
            units[o.name] = "dimensionless"
        else:
            observables[o.name] = series / canonical_factor(o.unit)
            units[o.name] = o.unit or "dimensionless"
        # a ratio whose denominator a genotype removed (RANKL/OPG without OPG) is undefined:
        # empty (NaN), never inf
        observables[o.name] = np.where(
            np.isfinite(observables[o.name]), observables[o.name], np.nan
        )
    return observables, units


def evaluate_piecewise(
    cm: CompiledModel, t: FloatArray, y: FloatArray, p: FloatArray
) -> Mapping[str, FloatArray]:
    """Every expression and observable (canonical units) at times ``t`` for states ``y`` and the
    parameter vectors ``p`` in force then (one row each), evaluated once per run of rows that
    share a vector."""
    out: dict[str, FloatArray] = {name: np.empty(t.size) for name in cm.evaluated_names}
    for rows in _regimes(p):
        vals = cm.evaluate(t[rows], y[rows], p[rows[0]])
        for name, v in vals.items():
            out[name][rows] = v
    return out


def _regimes(p: FloatArray) -> Iterator[NDArray[np.intp]]:
    """The runs of consecutive rows of ``p`` that share a parameter vector (parameters change
    at events only; a sort of the rows, as np.unique(axis=0) does, costs more than the
    evaluation)."""
    if len(p) == 0:
        return
    starts = np.concatenate(([0], np.nonzero(np.any(p[1:] != p[:-1], axis=1))[0] + 1, [len(p)]))
    for a, b in itertools.pairwise(starts):
        yield np.arange(a, b)


def run_references(
    cm: CompiledModel, scenario: Scenario, y: FloatArray, p: FloatArray
) -> tuple[str, ...]:
    """The reference keys behind a run: the processes whose rates were not zero at some saved
    time (states ``y``, parameter rows ``p``, canonical units) with the parameters they read in
    terms that do not vanish (states and parameters zero throughout the run make their terms
    vanish), every observable's parameters, and the conditions, drugs, genotypes and culture the
    scenario names (:meth:`~osteoimmune.model.compose.Model.references_of`)."""
    active: set[str] = set()
    for rows in _regimes(p):
        active |= cm.active_processes(y[rows], p[rows[0]])
    model = cm.model
    zero_states = np.all(y == 0, axis=0) if len(y) else np.zeros(len(model.states), bool)
    zero_params = np.all(p == 0, axis=0) if len(p) else cm.p0 == 0
    zeros = {s.name for s, z in zip(model.states, zero_states, strict=True) if z}
    zeros |= {q.name for q, z in zip(model.parameters, zero_params, strict=True) if z}
    events = scenario.events
    return model.references_of(
        active,
        conditions={e.name for e in events if isinstance(e, ConditionOnset)},
        treatments={e.treatment for e in events if isinstance(e, Regimen)},
        genotypes=scenario.genotype,
        cultures=() if scenario.culture is None else (scenario.culture.culture,),
        zeros=zeros,
    )


# ---------------------------------------------------------------------------------------------
# the simulation


def _output_grid(scenario: Scenario, times: Sequence[float] | FloatArray | None) -> FloatArray:
    """``times`` as a float array; by default every ``save_every_days`` up to the duration (and
    the duration itself where the interval does not divide it).

    Raises
    ------
    InputError
        If ``times`` is not a non-empty, non-decreasing 1-D sequence of finite numbers.
    """
    if times is None:
        n = int(np.floor(scenario.duration_days / scenario.save_every_days + 1e-9))
        grid = np.arange(n + 1) * scenario.save_every_days
        if grid[-1] < scenario.duration_days - 1e-9:
            grid = np.append(grid, scenario.duration_days)
        return np.asarray(grid, dtype=float)
    try:
        out = np.asarray(times, dtype=float)
    except (TypeError, ValueError):
        out = np.empty(0)
    if out.ndim != 1 or out.size < 1 or not np.all(np.isfinite(out)) or np.any(np.diff(out) < 0):
        raise InputError(
            "times", times, "a non-empty, non-decreasing 1-D sequence of finite times in days"
        )
    return out


@dataclass(frozen=True)
class _ConditionEnd:
    """The end of the condition given as ``scenario.events[index]`` (internal)."""

    name: str
    index: int


def _schedule(
    scenario: Scenario, cm: CompiledModel
) -> tuple[FloatArray, FloatArray, FloatArray, tuple[Event, ...], float]:
    """Parameter vectors, the healthy reference equilibrium and every event of ``scenario``.

    Parameter values that events set follow two running records, kept in event-time order:
    ``base`` (the value a condition last set, else the reference) and ``scale`` (the genotype
    factor of whoever carries the parameter: the subject's genotype, or for a cell group's
    intrinsic parameters the donor genotype of the last transfer). A condition sets
    ``value x scale``; a transfer sets ``base x donor factor``.

    Returns
    -------
    p_reference, p_genotype, y_reference, events, history_start
        Wild-type parameters with the overrides; the same with the genotype applied; the
        healthy equilibrium at ``p_reference``; the events sorted by time (ties keep the
        scenario's order); the time (<= 0) the earliest of them acts.
    """
    model = cm.model
    overrides = dict(scenario.parameters)
    if "male" in cm.parameter_index and "male" not in overrides:
        overrides["male"] = 1.0 if scenario.sex == "male" else 0.0  # the subject's sex
    p_ref = cm.parameter_vector(overrides)
    p = p_ref.copy()
    scale: dict[int, float] = {}
    for pname, factor in genotype_factors(scenario.genotype, model).items():
        i = cm.parameter_index[pname]
        scale[i] = factor
        p[i] *= factor
    # the healthy state of a scenario without overrides is one of a handful per model (by age)
    y_ref = _equilibrium(cm, p_ref, persist=not scenario.parameters)
    base: dict[int, float] = {}
    events: list[Event] = []
    rates: dict[int, list[_Rate]] = {}
    end = scenario.duration_days * (1.0 + 1e-12)
    # a condition with a duration ends as an item of its own in the time-ordered stream, so that
    # a transfer between its onset and its end is seen by the values it restores
    stream: list[tuple[float, int, ScenarioEvent | _ConditionEnd]] = [
        (_event_time(given, model), k, given) for k, given in enumerate(scenario.events)
    ]
    for k, given in enumerate(scenario.events):
        if isinstance(given, ConditionOnset):
            t_end = _event_time(given, model) + given.duration_days
            if t_end <= end:
                stream.append((t_end, len(scenario.events) + k, _ConditionEnd(given.name, k)))
    stream.sort(key=lambda item: (item[0], item[1]))
    restore: dict[int, list[tuple[int, float]]] = {}
    for t_item, order, ev in stream:
        if isinstance(ev, _ConditionEnd):
            sets = []
            for i, value in restore.pop(ev.index):
                base[i] = value
                sets.append((i, value * scale.get(i, 1.0)))
            events.append(
                Event(t_item, set_parameters=tuple(sets), label=f"condition {ev.name} ends")
            )
        elif isinstance(ev, ConditionOnset):
            sets = []
            before = []
            for pname, value in model.conditions[ev.name].sets:
                i = cm.parameter_index[pname]
                before.append((i, base.get(i, float(p_ref[i]))))
                base[i] = value * canonical_factor(model.parameters[i].unit)
                sets.append((i, base[i] * scale.get(i, 1.0)))
            restore[order] = before  # the onset's position in scenario.events
            events.append(Event(t_item, set_parameters=tuple(sets), label=f"condition {ev.name}"))
        elif isinstance(ev, Infusion):
            inp = model.inputs[ev.target]
            rates.setdefault(cm.parameter_index[inp.parameter], []).append(
                _Rate(
                    ev.at_days,
                    ev.at_days + ev.duration_days,
                    ev.rate * canonical_factor(inp.unit),
                    f"infusion {ev.target}",
                )
            )
        elif isinstance(ev, Regimen) and ev.over_days > 0:
            i, per_day = _dose_rate(ev, cm, p)
            label = f"{ev.treatment} {ev.route} over {ev.over_days:g} days"
            rates.setdefault(i, []).extend(
                _Rate(t, t + ev.over_days, per_day, label) for t in ev.dose_times if t <= end
            )
        elif isinstance(ev, Regimen):
            events.extend(e for e in _regimen_events(ev, cm, p) if e.time <= end)
        elif isinstance(ev, CellDepletion):
            group = model.cell_groups[ev.group]
            events.append(
                Event(
                    ev.at_days,
                    scale_states=tuple(
                        (cm.state_index[s], 1.0 - ev.fraction) for s in group.states
                    ),
                    label=f"deplete {ev.fraction:g} of {ev.group}",
                )
            )
        elif isinstance(ev, CellTransfer):
            group = model.cell_groups[ev.group]
            donor = genotype_factors(ev.donor_genotype, model)
            sets = []
            for pname in group.intrinsic:
                i = cm.parameter_index[pname]
                scale[i] = donor.get(pname, 1.0)
                sets.append((i, float(base.get(i, p_ref[i])) * scale[i]))
            adds = tuple(
                (cm.state_index[s], ev.amount * float(y_ref[cm.state_index[s]]))
                for s in group.states
            )
            donor_name = ", ".join(ev.donor_genotype) or "wild type"
            events.append(
                Event(
                    ev.at_days,
                    set_parameters=tuple(sets),
                    add_states=adds,
                    label=f"transfer {ev.amount:g} x {ev.group} ({donor_name})",
                )
            )
    for i, items in rates.items():
        events.extend(_rate_events(i, items, p))
    start = min([0.0, *(e.time for e in events), -_years_lived(scenario, cm, p_ref)])
    return p_ref, p, y_ref, tuple(sorted(events, key=lambda e: e.time)), start


#: The state that holds the subject's age (days); it advances in every run.
AGE_STATE = "age_days"


def _years_lived(scenario: Scenario, cm: CompiledModel, p: FloatArray) -> float:
    """Days between the species' young adult (``age_young``, the reference equilibrium) and the
    subject's age at t = 0: the history a run lives before t = 0 (0 for a culture, a younger
    subject or a model without age)."""
    if (
        scenario.culture is not None
        or AGE_STATE not in cm.state_index
        or "age_young" not in cm.parameter_index
    ):
        return 0.0
    young_days = float(p[cm.parameter_index["age_young"]])  # canonical: days
    return max(0.0, scenario.age_years * DAYS_PER_YEAR - young_days)


class Simulation:
    """A scenario made ready to run: compiled model, reference state and events, built once.

    Building one reads the scenario (when given a name or a path), composes and compiles its
    model, finds the healthy reference equilibrium and lays out every event; :meth:`run`
    integrates it. Nothing in it changes after construction (arrays are read-only, queries
    return new values), so one simulation can be run and queried any number of times, from any
    number of callers, with the same result. :func:`~osteoimmune.solve.simulate.simulate` is
    ``Simulation(scenario, ...).run()``.

    Parameters
    ----------
    scenario
        A :class:`~osteoimmune.protocol.Scenario`, the name of a built-in scenario
        (``"healthy"``) or the path of a scenario file (YAML).
    options
        Solver tolerances and method; default :class:`~osteoimmune.solve.SolverOptions` (rtol
        1e-8).
    times
        Output times of :meth:`run` in days; default every ``scenario.save_every_days`` up to
        the duration.

    Attributes
    ----------
    scenario
        The validated scenario.
    compiled
        The compiled model (right-hand side, Jacobian, evaluator, name-to-index maps).
    options
        The solver options (``None``: the defaults).
    times
        Output times of :meth:`run`, days (read-only).
    reference_state, reference_parameters
        The healthy wild-type equilibrium (canonical units) and the parameters it is the
        equilibrium of: the parameter set with the scenario's overrides (and the subject's age),
        without genotype or events. ``*_rel`` observables are folds of it.
    genotype_parameters
        The scenario's own parameters before any event: :attr:`reference_parameters` with the
        genotype's factors (:func:`~osteoimmune.protocol.scenario.genotype_factors`).
    events
        Every event of the scenario, sorted by time (ties keep the scenario's order): condition
        onsets at ``at - lead_days`` and ends, infusion and timed-dose switches, one event per
        bolus dose within the duration, depletions and transfers. Those before t = 0 are the
        history that leads to the state at t = 0.
    history_start
        When the earliest event acts (``0.0`` without history), days.

    Raises
    ------
    InputError
        If ``scenario`` names no built-in scenario (the closest name is suggested) or no
        readable, valid file, or ``times`` is not a non-decreasing sequence.
    SolverError
        If the healthy reference equilibrium cannot be found.

    See Also
    --------
    osteoimmune.simulate : ``Simulation(scenario).run()``.

    Examples
    --------
    >>> import osteoimmune as oi
    >>> sim = oi.Simulation("healthy")  # doctest: +SKIP
    >>> sim.run().to_pandas().tail()  # doctest: +SKIP
    """

    scenario: Scenario
    compiled: CompiledModel
    options: SolverOptions | None
    times: FloatArray
    reference_state: FloatArray
    reference_parameters: FloatArray
    genotype_parameters: FloatArray
    events: tuple[Event, ...]
    history_start: float

    def __init__(
        self,
        scenario: ScenarioSource,
        *,
        options: SolverOptions | None = None,
        times: Sequence[float] | FloatArray | None = None,
    ) -> None:
        scen = _as_scenario(scenario)
        if options is not None and not isinstance(options, SolverOptions):
            raise InputError("options", options, "a SolverOptions or None")
        grid = _output_grid(scen, times)
        cm = compile_model(scen.model())
        p_ref, p_gen, y_ref, events, start = _schedule(scen, cm)
        fields: dict[str, Any] = {
            "scenario": scen,
            "compiled": cm,
            "options": options,
            "times": _frozen(grid),
            "reference_state": _frozen(y_ref),
            "reference_parameters": _frozen(p_ref),
            "genotype_parameters": _frozen(p_gen),
            "events": events,
            "history_start": float(start),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Simulation is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Simulation is read-only: cannot delete {name!r}")

    def __repr__(self) -> str:
        n = len(self.events)
        return (
            f"Simulation({self.scenario.name!r}, parameter set {self.model.parameter_set.name!r}, "
            f"{n} event{'' if n == 1 else 's'}, {self.times.size} output times)"
        )

    # -- what it is ----------------------------------------------------------------------------

    @property
    def model(self) -> Model:
        """The composed model (declarations) that :attr:`compiled` was compiled from."""
        return self.compiled.model

    @property
    def setting(self) -> str:
        """``"in_vivo"`` or ``"culture"``: which observables the run reports."""
        return "in_vivo" if self.scenario.culture is None else "culture"

    @cached_property
    def initial_condition(self) -> InitialCondition:
        """The state, parameters and remaining events at t = 0.

        A genotype's subject starts at the equilibrium of :attr:`genotype_parameters` (cells the
        genotype lacks removed); conditions with a negative onset are then integrated from
        :attr:`history_start` to 0; a culture starts as a freshly seeded well. Computed on first
        use.
        """
        scenario, cm = self.scenario, self.compiled
        y_ref, p_ref = self.reference_state, self.reference_parameters
        p_gen = self.genotype_parameters
        if scenario.culture is not None:
            y_well, p_well = _culture_start(cm, scenario, y_ref, p_gen)
            return InitialCondition(cm, y_well, p_well, y_ref, p_ref, self.events)
        y0 = (
            y_ref
            if not scenario.genotype and not scenario.parameters
            else _equilibrium(cm, p_gen, _absent_cells_removed(cm, scenario, y_ref))
        )
        p0 = p_gen
        if AGE_STATE in cm.state_index:
            # the equilibrium is the young adult's; the subject is that age at history_start
            y0 = y0.copy()
            y0[cm.state_index[AGE_STATE]] = scenario.age_years * DAYS_PER_YEAR + self.history_start
        history = [e for e in self.events if e.time < 0]
        if self.history_start < 0:
            hist = integrate(cm, y0, p0, [self.history_start, 0.0], history, self.options)
            y0 = hist.states[-1]
            p0 = hist.parameters[-1]
        future = tuple(e for e in self.events if e.time >= 0)
        return InitialCondition(cm, y0, p0, y_ref, p_ref, future)

    @cached_property
    def absolute_tolerance(self) -> FloatArray:
        """Per-state absolute tolerance (canonical units) that the integrator starts the run
        with: ``options.atol`` times each state's scale at t = 0 (its magnitude, or 1e-6 of its
        unit where that is smaller). Read-only."""
        opts = self.options or SolverOptions()
        return _frozen(
            np.maximum(opts.atol * _scale(self.initial_condition.y0, self.compiled), 1e-300)
        )

    # -- queries -------------------------------------------------------------------------------

    def parameters_at(self, t: float) -> FloatArray:
        """The canonical parameter vector in force at time ``t`` (days).

        The genotype's parameters with every parameter change of the events at or before ``t``:
        conditions begun (or ended), infusions and timed doses running. Bolus doses, depletions
        and transfers change states, not parameters. From t = 0 on it starts from the parameters
        of :attr:`initial_condition`, as the run does.

        Raises
        ------
        InputError
            If ``t`` is not a finite time at or before the end of the run.
        """
        t = float(t)
        if not (math.isfinite(t) and t <= self.scenario.duration_days):
            raise InputError(
                "t", t, f"a finite time up to the end of the run ({self.scenario.duration_days:g})"
            )
        if t >= 0:
            init = self.initial_condition
            p, events = init.p0.copy(), init.events
        else:
            p, events = self.genotype_parameters.copy(), self.events
        for ev in events:
            if ev.time <= t:
                for i, v in ev.set_parameters:
                    p[i] = v
        return p

    def inputs_at(self, t: float) -> dict[str, float]:
        """The rate of every input of the model (infusion targets) at time ``t`` (days), in
        each input's declared unit: its baseline (normally 0) plus the infusions and timed
        doses running then.

        Raises
        ------
        InputError
            If ``t`` is not a finite time at or before the end of the run.
        """
        p = self.parameters_at(t)
        cm = self.compiled
        return {
            name: float(p[cm.parameter_index[inp.parameter]]) / canonical_factor(inp.unit)
            for name, inp in self.model.inputs.items()
        }

    def evaluate(
        self, times: FloatArray, states: FloatArray, parameters: FloatArray
    ) -> Mapping[str, FloatArray]:
        """Every expression and observable (canonical units) at ``times`` for ``states`` (one
        row per time) and the parameter vectors in force then (one row per time); see
        :func:`evaluate_piecewise`."""
        return evaluate_piecewise(self.compiled, times, states, parameters)

    def observables(
        self, times: FloatArray, states: FloatArray, parameters: FloatArray
    ) -> tuple[dict[str, FloatArray], dict[str, str]]:
        """Observables as :meth:`run` reports them, with their units, at ``times`` for
        ``states`` and ``parameters`` (one row per time; the first row is the start that
        ``pct_change`` observables are relative to; ``rel`` ones are folds of
        :attr:`reference_state`)."""
        values = self.evaluate(times, states, parameters)
        return reported_observables(self.model, values, self._reference_values, self.setting)

    @cached_property
    def _reference_values(self) -> Mapping[str, FloatArray]:
        return self.compiled.evaluate(
            np.zeros(1), self.reference_state[None, :], self.reference_parameters
        )

    def trajectory(self, times: Sequence[float] | FloatArray | None = None) -> Trajectory:
        """Integrate from :attr:`initial_condition` with the events at t >= 0, reporting at
        ``times`` (days; default :attr:`times`): the raw canonical states and parameters.

        Raises
        ------
        SolverError
            If the integration fails.
        """
        grid = self.times if times is None else _output_grid(self.scenario, times)
        init = self.initial_condition
        return integrate(self.compiled, init.y0, init.p0, grid, init.events, self.options)

    # -- the run -------------------------------------------------------------------------------

    def treatments_given(self) -> tuple[Treatment, ...]:
        """The treatments the scenario gives (as doses or as an infusion), in the order of
        their first event."""
        names: dict[str, None] = {}
        for ev in self.scenario.events:
            if isinstance(ev, Regimen):
                names[ev.treatment] = None
            elif isinstance(ev, Infusion) and ev.target in self.model.treatments:
                names[ev.target] = None
        return tuple(self.model.treatments[n] for n in names)

    def _drug_levels(
        self, states: FloatArray, parameters: FloatArray, values: Mapping[str, FloatArray]
    ) -> dict[str, FloatArray]:
        """``<drug>_ng_ml``: the serum level of each treatment given, in ng/mL (molar levels
        through the drug's molar mass in force at each time)."""
        cm = self.compiled
        levels: dict[str, FloatArray] = {}
        for tr in self.treatments_given():
            if not tr.serum:
                continue
            if tr.serum in cm.state_index:
                series = states[:, cm.state_index[tr.serum]]
            else:
                series = values[tr.serum]
            if tr.molar_mass:
                # pM x g/mol = 1e-12 g/mL x 1e9 ng/g / 1e3 = 1e-6 ng/mL
                mw = parameters[:, cm.parameter_index[tr.molar_mass]] / canonical_factor("g/mol")
                levels[f"{tr.name}_ng_ml"] = series / canonical_factor("pM") * mw * 1e-6
            else:
                levels[f"{tr.name}_ng_ml"] = series / canonical_factor("ng/mL")
        return levels

    def run(self) -> SimulationResult:
        """Run the scenario and return its :class:`~osteoimmune.solve.SimulationResult`.

        The run starts from :attr:`initial_condition`: the equilibrium of the scenario's
        parameter set with its genotype and overrides, after any history of conditions with a
        negative onset, so that t = 0 is the state that history leads to. A genotype acts from
        birth: cells and signals start at the genotype's own equilibrium, while bone volumes
        (which have no restoring force) start at their reference and then follow the imbalance
        the genotype causes, so a knockout's bone loss shows over the run. Percent-change
        observables are relative to t = 0; ``*_rel`` observables are folds of the healthy
        (wild-type) equilibrium.

        Events: a condition's parameter changes begin ``lead_days`` before its ``at`` (a
        negative time joins the history). Each dose of a :class:`~osteoimmune.protocol.Regimen`
        adds ``dose x F x dose_to_state`` (x ``body_weight`` for a dose per kg) to its route's
        state; doses after the duration are not given. A
        :class:`~osteoimmune.protocol.CellDepletion` multiplies the group's states by
        ``1 - fraction``. A :class:`~osteoimmune.protocol.CellTransfer` adds ``amount`` times the
        healthy wild-type pool of each of the group's states and sets the group's intrinsic
        parameters to their reference (or condition-set) value times the donor genotype's
        factor.

        Raises
        ------
        SolverError
            If the integration or a steady-state solve fails.
        """
        scenario, cm = self.scenario, self.compiled
        model = cm.model
        traj = self.trajectory()
        # expressions depend on parameters that events change: evaluate per parameter regime
        values = self.evaluate(traj.times, traj.states, traj.parameters)
        observables, units = reported_observables(
            model, values, self._reference_values, self.setting
        )
        drug_levels = self._drug_levels(traj.states, traj.parameters, values)
        observables.update(drug_levels)
        units.update(dict.fromkeys(drug_levels, "ng/mL"))
        states = {
            s.name: traj.states[:, i] / cm.state_factor[i] for i, s in enumerate(model.states)
        }
        units.update({s.name: s.unit or "dimensionless" for s in model.states})
        expressions = {e.name: values[e.name] / canonical_factor(e.unit) for e in model.expressions}
        units.update({e.name: e.unit or "dimensionless" for e in model.expressions})
        metadata = {
            "osteoimmune_version": __version__,
            "parameter_set": model.parameter_set.name,
            "parameter_set_hash": model.parameter_set.digest,
            "model_hash": model.digest,
            "scenario": scenario.name,
        }
        return SimulationResult(
            scenario=scenario,
            times=traj.times,
            observables=observables,
            states=states,
            units=units,
            metadata=metadata,
            reference_source=partial(run_references, cm, scenario, traj.states, traj.parameters),
            expressions=expressions,
        )


def initial_condition(
    scenario: ScenarioSource, *, options: SolverOptions | None = None
) -> InitialCondition:
    """The state, parameters and remaining events of ``scenario`` at t = 0:
    ``Simulation(scenario, options=options).initial_condition``."""
    return Simulation(scenario, options=options).initial_condition


__all__ = [
    "EQUILIBRIA_KEPT",
    "InitialCondition",
    "ScenarioSource",
    "Simulation",
    "dose_amount",
    "evaluate_piecewise",
    "initial_condition",
    "reported_observables",
]
