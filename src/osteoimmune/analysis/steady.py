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
from os import PathLike
from typing import TYPE_CHECKING

import numpy as np

from osteoimmune.errors import InputError
from osteoimmune.protocol.scenario import Scenario

if TYPE_CHECKING:
    from osteoimmune.solve.simulation import Simulation


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


def equilibrium(
    scenario: Scenario | Simulation | str | PathLike[str], *, at_days: float | None = None
) -> Equilibrium:
    """The equilibrium of the configuration ``scenario`` is in at ``at_days`` (default: its end).

    Parameters
    ----------
    scenario
        A :class:`~osteoimmune.solve.Simulation`, or what one is made from: a scenario, the
        name of a built-in scenario or the path of a scenario file.
    at_days
        The time whose configuration (:meth:`Simulation.parameters_at
        <osteoimmune.solve.Simulation.parameters_at>`) is equilibrated, days from 0 to the
        duration.

    Raises
    ------
    InputError
        If ``at_days`` lies outside the run, or ``scenario`` names no scenario.
    SolverError
        If no equilibrium is found from the scenario's state at t = 0.
    """
    from osteoimmune.solve.integrate import steady_state
    from osteoimmune.solve.simulation import Simulation
    from osteoimmune.units import DAYS_PER_YEAR, canonical_factor

    sim = scenario if isinstance(scenario, Simulation) else Simulation(scenario)
    duration = sim.scenario.duration_days
    t = duration if at_days is None else float(at_days)
    if not 0 <= t <= duration:
        raise InputError("at_days", at_days, f"a time within the run (0 to {duration:g})")
    cm = sim.compiled
    init = sim.initial_condition
    p = sim.parameters_at(t)
    y = steady_state(cm, p, init.y0)
    free = np.array([not s.neutral for s in cm.model.states], dtype=bool)
    jac = cm.jac(0.0, y, p)[np.ix_(free, free)]
    eig = np.linalg.eigvals(jac)
    eig = eig[np.argsort(-eig.real)]
    stable = bool(np.all(eig.real < 0))
    decaying = eig.real[eig.real < 0]
    slowest = float(1.0 / np.min(np.abs(decaying))) if decaying.size else float("inf")
    states = {s.name: float(y[i] / canonical_factor(s.unit)) for i, s in enumerate(cm.model.states)}
    # as a run reports them: pct_change against the run's start, rel against the healthy
    # reference
    with np.errstate(divide="ignore", invalid="ignore"):
        series, _ = sim.observables(
            np.array([0.0, t]), np.vstack([init.y0, y]), np.vstack([init.p0, p])
        )
    observables = {name: float(v[-1]) for name, v in series.items()}
    rate = cm.rhs(0.0, y, p)
    drift = {
        s.name: float(rate[i] * DAYS_PER_YEAR / canonical_factor(s.unit))
        for i, s in enumerate(cm.model.states)
        if s.neutral
    }
    return Equilibrium(t, states, observables, eig, stable, slowest, drift)


__all__ = ["Equilibrium", "equilibrium"]
