"""Steady states and their stability, for any configuration a scenario reaches.

A *configuration* is the parameter vector in force at a time of a scenario: the genotype,
overrides and every condition or infusion that has begun by then (doses are transient and leave
no parameter behind). Its equilibrium is found from the healthy state (the pre-equilibration), so
the branch reached is the one a subject would settle on; its stability is read from the
eigenvalues of the analytic Jacobian there.

Examples
--------
>>> import osteoimmune as oi
>>> from osteoimmune.analysis.steady import equilibrium
>>> eq = equilibrium(oi.load_scenario("menopause"))  # doctest: +SKIP
>>> eq.stable, eq.slowest_days, eq.observables["bmd_lumbar_spine_pct"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from osteoimmune.errors import InputError
from osteoimmune.protocol.scenario import Scenario


@dataclass(frozen=True)
class Equilibrium:
    """An equilibrium of a scenario's configuration.

    Attributes
    ----------
    at_days
        The time whose configuration was equilibrated.
    states
        State values (declared units).
    observables
        Observables at the equilibrium (declared units; ``*_pct`` against the healthy state).
    eigenvalues
        Of the Jacobian over the non-neutral states (per day), sorted by real part, largest
        first.
    stable
        Every eigenvalue has a negative real part.
    slowest_days
        ``1 / |Re(lambda)|`` of the slowest decaying mode: the time scale of the approach.
    drift_per_year
        For the neutral states (bone volumes, which have no equilibrium under an imbalance and
        are held at their starting values), their rate of change there, declared units per year:
        the steady loss or gain the configuration sustains.
    """

    at_days: float
    states: Mapping[str, float]
    observables: Mapping[str, float]
    eigenvalues: np.ndarray = field(repr=False)
    stable: bool
    slowest_days: float
    drift_per_year: Mapping[str, float] = field(default_factory=dict)


def equilibrium(scenario: Scenario, *, at_days: float | None = None) -> Equilibrium:
    """The equilibrium of the configuration ``scenario`` is in at ``at_days`` (default: its end).

    Raises
    ------
    InputError
        If ``at_days`` lies outside the run.
    SolverError
        If no equilibrium is found from the healthy state.
    """
    from osteoimmune.solve.integrate import steady_state
    from osteoimmune.solve.simulate import (
        evaluate_piecewise,
        initial_condition,
        reported_observables,
    )
    from osteoimmune.units import DAYS_PER_YEAR, canonical_factor

    t = scenario.duration_days if at_days is None else float(at_days)
    if not 0 <= t <= scenario.duration_days:
        raise InputError(
            "at_days", at_days, f"a time within the run (0 to {scenario.duration_days:g})"
        )
    init = initial_condition(scenario)
    cm = init.cm
    p = init.p0.copy()
    for ev in init.events:
        if ev.time <= t:
            for i, v in ev.set_parameters:
                p[i] = v
    y = steady_state(cm, p, init.y0)
    free = np.array([not s.neutral for s in cm.model.states], dtype=bool)
    jac = cm.jac(0.0, y, p)[np.ix_(free, free)]
    eig = np.linalg.eigvals(jac)
    eig = eig[np.argsort(-eig.real)]
    stable = bool(np.all(eig.real < 0))
    decaying = eig.real[eig.real < 0]
    slowest = float(1.0 / np.min(np.abs(decaying))) if decaying.size else float("inf")
    states = {s.name: float(y[i] / canonical_factor(s.unit)) for i, s in enumerate(cm.model.states)}
    # as simulate reports them: pct_change against the run's start, rel against the healthy
    # reference
    values = evaluate_piecewise(cm, np.array([0.0, t]), np.vstack([init.y0, y]),
                                np.vstack([init.p0, p]))  # fmt: skip
    reference = cm.evaluate(np.zeros(1), init.y_reference[None, :], init.p_reference)
    setting = "in_vivo" if scenario.culture is None else "culture"
    with np.errstate(divide="ignore", invalid="ignore"):
        series, _ = reported_observables(cm.model, values, reference, setting)
    observables = {name: float(v[-1]) for name, v in series.items()}
    rate = cm.rhs(0.0, y, p)
    drift = {
        s.name: float(rate[i] * DAYS_PER_YEAR / canonical_factor(s.unit))
        for i, s in enumerate(cm.model.states)
        if s.neutral
    }
    return Equilibrium(t, states, observables, eig, stable, slowest, drift)


__all__ = ["Equilibrium", "equilibrium"]
