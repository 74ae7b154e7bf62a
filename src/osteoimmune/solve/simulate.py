"""``simulate``: the one entry point that runs a scenario."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from osteoimmune import __version__
from osteoimmune.model.compose import Model
from osteoimmune.protocol.scenario import ConditionOnset, Infusion, Scenario
from osteoimmune.solve.compile import CompiledModel, FloatArray, compile_model
from osteoimmune.solve.integrate import Event, SolverOptions, integrate, steady_state
from osteoimmune.solve.result import SimulationResult
from osteoimmune.units import canonical_factor


@dataclass(frozen=True)
class _Prepared:
    cm: CompiledModel
    p_reference: FloatArray  # wild type, overrides applied: the healthy reference
    p_start: FloatArray  # genotype applied
    events: tuple[Event, ...]
    history_start: float  # <= 0: when the earliest condition began


def _prepare(scenario: Scenario) -> _Prepared:
    model: Model = scenario.model()
    cm = compile_model(model)
    p_ref = cm.parameter_vector(scenario.parameters)
    p = p_ref.copy()
    genotype_scale: dict[int, float] = {}
    for gname in scenario.genotype:
        for pname, factor in model.genotypes[gname].scale:
            i = cm.parameter_index[pname]
            genotype_scale[i] = genotype_scale.get(i, 1.0) * factor
            p[i] *= factor
    events: list[Event] = []
    infusions: dict[str, list[Infusion]] = {}
    for ev in scenario.events:
        if isinstance(ev, ConditionOnset):
            cond = model.conditions[ev.name]
            sets = []
            for pname, value in cond.sets:
                i = cm.parameter_index[pname]
                v = value * canonical_factor(model.parameters[i].unit) * genotype_scale.get(i, 1.0)
                sets.append((i, v))
            events.append(
                Event(ev.at_days, set_parameters=tuple(sets), label=f"condition {ev.name}")
            )
        elif isinstance(ev, Infusion):
            infusions.setdefault(ev.target, []).append(ev)
    for target, items in infusions.items():
        events.extend(_infusion_events(target, items, model, cm, p))
    start = min([0.0, *(e.time for e in events)])
    return _Prepared(cm, p_ref, p, tuple(sorted(events, key=lambda e: e.time)), start)


def _infusion_events(
    target: str, items: list[Infusion], model: Model, cm: CompiledModel, p: FloatArray
) -> list[Event]:
    """Events setting a target's input to baseline plus the sum of the infusions running then,
    so that overlapping infusions of one target add up."""
    inp = model.inputs[target]
    i = cm.parameter_index[inp.parameter]
    factor = canonical_factor(inp.unit)
    edges = sorted({e.at_days for e in items} | {e.at_days + e.duration_days for e in items})
    out = []
    for t in edges:
        if not np.isfinite(t):
            continue
        rate = sum(e.rate for e in items if e.at_days <= t < e.at_days + e.duration_days)
        running = "ends" if rate == 0 else "runs"
        out.append(
            Event(
                t, set_parameters=((i, p[i] + rate * factor),), label=f"infusion {target} {running}"
            )
        )
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
        The scenario's events at t >= 0.
    """

    cm: CompiledModel
    y0: FloatArray
    p0: FloatArray
    y_reference: FloatArray
    p_reference: FloatArray
    events: tuple[Event, ...]


def initial_condition(
    scenario: Scenario, *, options: SolverOptions | None = None
) -> InitialCondition:
    """The state, parameters and remaining events of ``scenario`` at t = 0.

    Shared by :func:`simulate` and the SBML export so that both start from the same point.
    """
    prep = _prepare(scenario)
    cm = prep.cm
    y_ref = steady_state(cm, prep.p_reference)
    y0 = (
        y_ref
        if not scenario.genotype and not scenario.parameters
        else steady_state(cm, prep.p_start, y_ref)
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
    values = _evaluate_piecewise(cm, traj.times, traj.states, traj.parameters)
    ref_vals = cm.evaluate(np.zeros(1), init.y_reference[None, :], init.p_reference)
    observables: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    for o in model.observables:
        series = values[f"observable:{o.name}"]
        if o.kind == "pct_change":
            observables[o.name] = 100.0 * (series / series[0] - 1.0)
            units[o.name] = "percent"
        elif o.kind == "rel":
            observables[o.name] = series / ref_vals[f"observable:{o.name}"][0]
            units[o.name] = "dimensionless"
        else:
            observables[o.name] = series / canonical_factor(o.unit)
            units[o.name] = o.unit or "dimensionless"
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


def _evaluate_piecewise(
    cm: CompiledModel, t: FloatArray, y: FloatArray, p: FloatArray
) -> Mapping[str, FloatArray]:
    out: dict[str, FloatArray] = {name: np.empty(t.size) for name in cm.evaluated_names}
    # group rows by identical parameter vectors
    _, inverse = np.unique(p, axis=0, return_inverse=True)
    for g in np.unique(inverse):
        rows = np.nonzero(inverse.ravel() == g)[0]
        vals = cm.evaluate(t[rows], y[rows], p[rows[0]])
        for name, v in vals.items():
            out[name][rows] = v
    return out
