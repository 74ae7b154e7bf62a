"""``simulate``: the one entry point that runs a scenario."""

from __future__ import annotations

import itertools
import math
import os
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from osteoimmune._version import __version__
from osteoimmune.errors import ModelError
from osteoimmune.model.compose import Model
from osteoimmune.model.declarations import Route, Treatment
from osteoimmune.protocol.cells import CellDepletion, CellTransfer
from osteoimmune.protocol.scenario import ConditionOnset, Infusion, Scenario, ScenarioEvent
from osteoimmune.protocol.treatments import Regimen
from osteoimmune.solve.compile import CompiledModel, FloatArray, compile_model
from osteoimmune.solve.integrate import Event, SolverOptions, integrate, steady_state
from osteoimmune.solve.result import SimulationResult
from osteoimmune.units import canonical_factor, parse_unit


@dataclass(frozen=True)
class _Prepared:
    cm: CompiledModel
    p_reference: FloatArray  # wild type, overrides applied: the healthy reference
    p_start: FloatArray  # genotype applied
    y_reference: FloatArray  # healthy wild-type equilibrium at p_reference
    events: tuple[Event, ...]  # sorted by time; ties keep the scenario's order
    history_start: float  # <= 0: when the earliest condition began


def _event_time(ev: ScenarioEvent, model: Model) -> float:
    """When an event acts: a condition's changes begin ``lead_days`` before its ``at``."""
    if isinstance(ev, ConditionOnset):
        return ev.at_days - model.conditions[ev.name].lead_days
    return ev.at_days


#: Equilibria already found, by model, parameter vector and starting guess: the arms of an
#: experiment, a population or a sweep share their healthy reference state. Least recently used
#: entries go beyond :data:`EQUILIBRIA_KEPT`; callers get copies.
_EQUILIBRIA: OrderedDict[tuple[str, str, bytes, bytes], FloatArray] = OrderedDict()
EQUILIBRIA_KEPT = 256


def _equilibrium(
    cm: CompiledModel, p: FloatArray, guess: FloatArray | None = None, *, persist: bool = False
) -> FloatArray:
    """:func:`steady_state` of ``cm`` at ``p``, remembered for the next caller; with ``persist``
    also on disk (a scenario's own healthy state: few per model, unlike a population's)."""
    key = (
        cm.model.digest,
        cm.backend,
        np.ascontiguousarray(p, dtype=float).tobytes(),
        b"" if guess is None else np.ascontiguousarray(guess, dtype=float).tobytes(),
    )
    hit = _EQUILIBRIA.get(key)
    if hit is None:
        # kept on disk by model, parameters and guess: a fresh process running a built-in
        # scenario starts from it without solving
        on_disk = _equilibrium_file(cm, key) if persist else None
        hit = _load_state(on_disk, cm.n_states)
        if hit is None:
            hit = steady_state(cm, p, guess)
            _save_state(on_disk, hit)
        _EQUILIBRIA[key] = hit
        if len(_EQUILIBRIA) > EQUILIBRIA_KEPT:
            _EQUILIBRIA.popitem(last=False)
    else:
        _EQUILIBRIA.move_to_end(key)
    return hit.copy()


def _equilibrium_file(cm: CompiledModel, key: tuple[str, str, bytes, bytes]) -> Path | None:
    import hashlib

    from osteoimmune.cachedir import cache_folder
    from osteoimmune.solve.compile import _CODEGEN

    folder = cache_folder()
    if folder is None:
        return None
    h = hashlib.sha256(
        b"|".join(
            [
                __version__.encode(),
                str(_CODEGEN).encode(),
                *(k.encode() if isinstance(k, str) else k for k in key),
            ]
        )
    ).hexdigest()[:20]
    return folder / f"equilibrium_{h}.npy"


def _load_state(path: Path | None, n: int) -> FloatArray | None:
    if path is None or not path.is_file():
        return None
    try:
        y = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return y if y.shape == (n,) and np.all(np.isfinite(y)) else None


def _save_state(path: Path | None, y: FloatArray) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        np.save(tmp, y, allow_pickle=False)
        os.replace(tmp, path)
    except OSError:  # a read-only home only costs time
        pass


def _prepare(scenario: Scenario) -> _Prepared:
    """Parameter vectors, the healthy reference equilibrium and every event of ``scenario``.

    Parameter values that events set follow two running records, kept in event-time order:
    ``base`` (the value a condition last set, else the reference) and ``scale`` (the genotype
    factor of whoever carries the parameter: the subject's genotype, or for a cell group's
    intrinsic parameters the donor genotype of the last transfer). A condition sets
    ``value x scale``; a transfer sets ``base x donor factor``.
    """
    model: Model = scenario.model()
    cm = compile_model(model)
    overrides = dict(scenario.parameters)
    if "age_start" in cm.parameter_index and "age_start" not in overrides:
        overrides["age_start"] = scenario.age_years  # the subject's age sets its marrow
    p_ref = cm.parameter_vector(overrides)
    p = p_ref.copy()
    scale: dict[int, float] = {}
    for pname, factor in _genotype_factors(scenario.genotype, model).items():
        i = cm.parameter_index[pname]
        scale[i] = factor
        p[i] *= factor
    # the healthy state of a scenario without overrides is one of a handful per model (by age)
    y_ref = _equilibrium(cm, p_ref, persist=not scenario.parameters)
    base: dict[int, float] = {}
    events: list[Event] = []
    rates: dict[int, list[_Rate]] = {}
    ordered = sorted(
        enumerate(scenario.events), key=lambda item: (_event_time(item[1], model), item[0])
    )
    end = scenario.duration_days * (1.0 + 1e-12)
    for _, ev in ordered:
        if isinstance(ev, ConditionOnset):
            sets = []
            before = []
            for pname, value in model.conditions[ev.name].sets:
                i = cm.parameter_index[pname]
                before.append((i, base.get(i, float(p_ref[i]))))
                base[i] = value * canonical_factor(model.parameters[i].unit)
                sets.append((i, base[i] * scale.get(i, 1.0)))
            onset = _event_time(ev, model)
            events.append(Event(onset, set_parameters=tuple(sets), label=f"condition {ev.name}"))
            if onset + ev.duration_days <= end:
                events.append(
                    Event(
                        onset + ev.duration_days,
                        set_parameters=tuple((i, v * scale.get(i, 1.0)) for i, v in before),
                        label=f"condition {ev.name} ends",
                    )
                )
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
            donor = _genotype_factors(ev.donor_genotype, model)
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
    start = min([0.0, *(e.time for e in events)])
    return _Prepared(cm, p_ref, p, y_ref, tuple(sorted(events, key=lambda e: e.time)), start)


def _genotype_factors(genotype: tuple[str, ...], model: Model) -> dict[str, float]:
    """Parameter name -> product of the factors of the named genotypes."""
    factors: dict[str, float] = {}
    for gname in genotype:
        for pname, factor in model.genotypes[gname].scale:
            factors[pname] = factors.get(pname, 1.0) * factor
    return factors


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
            f"dose {k + 1}/{regimen.doses}",
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


@dataclass(frozen=True, eq=False)
class InitialCondition:
    """A scenario's starting point, exactly as :func:`simulate` builds it.

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


def initial_condition(
    scenario: Scenario, *, options: SolverOptions | None = None
) -> InitialCondition:
    """The state, parameters and remaining events of ``scenario`` at t = 0.

    Shared by :func:`simulate` and the SBML export so that both start from the same point.
    """
    prep = _prepare(scenario)
    cm = prep.cm
    y_ref = prep.y_reference
    if scenario.culture is not None:
        y_well, p_well = _culture_start(cm, scenario, y_ref, prep.p_start)
        return InitialCondition(cm, y_well, p_well, y_ref, prep.p_reference, prep.events)
    y0 = (
        y_ref
        if not scenario.genotype and not scenario.parameters
        else _equilibrium(cm, prep.p_start, _absent_cells_removed(cm, scenario, y_ref))
    )
    p0 = prep.p_start
    history = [e for e in prep.events if e.time < 0]
    if history:
        hist = integrate(cm, y0, p0, [prep.history_start, 0.0], history, options)
        y0 = hist.states[-1]
        p0 = hist.parameters[-1]
    future = tuple(e for e in prep.events if e.time >= 0)
    return InitialCondition(cm, y0, p0, y_ref, prep.p_reference, future)


def simulate(
    scenario: Scenario,
    *,
    options: SolverOptions | None = None,
    times: FloatArray | None = None,
) -> SimulationResult:
    """Run ``scenario`` and return its :class:`SimulationResult`.

    The run starts from the equilibrium of the scenario's parameter set with its genotype and
    overrides; conditions with a negative onset are integrated from their onset, so that t = 0
    is the state that history leads to. A genotype acts from birth: cells and signals start at
    the genotype's own equilibrium, while bone volumes (which have no restoring force) start at
    their reference and then follow the imbalance the genotype causes, so a knockout's bone loss
    shows over the run. Percent-change observables are relative to t = 0;
    ``*_rel`` observables are folds of the healthy (wild-type) equilibrium.

    Events: a condition's parameter changes begin ``lead_days`` before its ``at`` (a negative
    time joins the history). Each dose of a :class:`~osteoimmune.protocol.Regimen` adds
    ``dose x F x dose_to_state`` (x ``body_weight`` for a dose per kg) to its route's state;
    doses after the duration are not given. A :class:`~osteoimmune.protocol.CellDepletion`
    multiplies the group's states by ``1 - fraction``. A :class:`~osteoimmune.protocol.CellTransfer`
    adds ``amount`` times the healthy wild-type pool of each of the group's states and sets the
    group's intrinsic parameters to their reference (or condition-set) value times the donor
    genotype's factor.

    Parameters
    ----------
    scenario
        What to simulate.
    options
        Solver tolerances; defaults are tight (rtol 1e-8).
    times
        Output times in days; default every ``scenario.save_every_days`` up to the duration.

    Raises
    ------
    SolverError
        If the integration or the steady-state solve fails.
    """
    init = initial_condition(scenario, options=options)
    cm = init.cm
    model = cm.model
    if times is None:
        n = int(np.floor(scenario.duration_days / scenario.save_every_days + 1e-9))
        grid = np.arange(n + 1) * scenario.save_every_days
        if grid[-1] < scenario.duration_days - 1e-9:
            grid = np.append(grid, scenario.duration_days)
        times = np.asarray(grid, dtype=float)
    t_out = np.asarray(times, dtype=float)
    traj = integrate(cm, init.y0, init.p0, t_out, init.events, options)
    # expressions depend on parameters that events change: evaluate per parameter regime
    values = evaluate_piecewise(cm, traj.times, traj.states, traj.parameters)
    ref_vals = cm.evaluate(np.zeros(1), init.y_reference[None, :], init.p_reference)
    setting = "in_vivo" if scenario.culture is None else "culture"
    observables, units = reported_observables(model, values, ref_vals, setting)
    states = {s.name: traj.states[:, i] / cm.state_factor[i] for i, s in enumerate(model.states)}
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
        references=model.references(),
        expressions=expressions,
    )


def reported_observables(
    model: Model,
    values: Mapping[str, FloatArray],
    reference: Mapping[str, FloatArray],
    setting: str,
) -> tuple[dict[str, FloatArray], dict[str, str]]:
    """Observables of ``setting`` (``in_vivo`` or ``culture``) as results report them, with their
    units, from evaluated series ``values`` (first row: the run's start) and the healthy
    reference's values: ``pct_change`` against the start, ``rel`` against the reference, values
    in their declared units."""
    observables: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    for o in model.observables:
        if o.setting != setting:
            continue
        series = values[f"observable:{o.name}"]
        if o.kind == "pct_change":
            observables[o.name] = 100.0 * (series / series[0] - 1.0)
            units[o.name] = "percent"
        elif o.kind == "rel":
            observables[o.name] = series / reference[f"observable:{o.name}"][0]
            units[o.name] = "dimensionless"
        else:
            observables[o.name] = series / canonical_factor(o.unit)
            units[o.name] = o.unit or "dimensionless"
    return observables, units


def evaluate_piecewise(
    cm: CompiledModel, t: FloatArray, y: FloatArray, p: FloatArray
) -> Mapping[str, FloatArray]:
    """Every expression and observable (canonical units) at times ``t`` for states ``y`` and the
    parameter vectors ``p`` in force then (one row each), evaluated once per run of rows that
    share a vector."""
    out: dict[str, FloatArray] = {name: np.empty(t.size) for name in cm.evaluated_names}
    if t.size == 0:
        return out
    # parameters change at events only: runs of equal consecutive rows (a sort of the rows, as
    # np.unique(axis=0) does, costs more than the evaluation)
    starts = np.concatenate(([0], np.nonzero(np.any(p[1:] != p[:-1], axis=1))[0] + 1, [t.size]))
    for a, b in itertools.pairwise(starts):
        rows = np.arange(a, b)
        vals = cm.evaluate(t[rows], y[rows], p[rows[0]])
        for name, v in vals.items():
            out[name][rows] = v
    return out
