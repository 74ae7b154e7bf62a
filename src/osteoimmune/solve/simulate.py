"""``simulate``: the one entry point that runs a scenario.

It is :class:`~osteoimmune.solve.simulation.Simulation` built and run in one call; the pieces
that other modules share (the start of a run, dose amounts, reported observables) live there
and are re-exported here for existing imports.
"""

from __future__ import annotations

from collections.abc import Sequence

from osteoimmune.solve.compile import FloatArray
from osteoimmune.solve.integrate import SolverOptions
from osteoimmune.solve.result import SimulationResult
from osteoimmune.solve.simulation import (
    InitialCondition,
    ScenarioSource,
    Simulation,
    dose_amount,
    evaluate_piecewise,
    initial_condition,
    reported_observables,
)


def simulate(
    scenario: ScenarioSource,
    *,
    options: SolverOptions | None = None,
    times: Sequence[float] | FloatArray | None = None,
) -> SimulationResult:
    """Run ``scenario`` and return its :class:`SimulationResult`.

    ``Simulation(scenario, options=options, times=times).run()``: the run starts from the
    equilibrium of the scenario's parameter set with its genotype and overrides, after any
    history of conditions with a negative onset, and applies the scenario's events (see
    :meth:`Simulation.run <osteoimmune.solve.simulation.Simulation.run>`). Percent-change
    observables are relative to t = 0; ``*_rel`` observables are folds of the healthy
    (wild-type) equilibrium.

    Parameters
    ----------
    scenario
        What to simulate: a :class:`~osteoimmune.protocol.Scenario`, the name of a built-in
        scenario (``"healthy"``) or the path of a scenario file (YAML).
    options
        Solver tolerances; defaults are tight (rtol 1e-8).
    times
        Output times in days; default every ``scenario.save_every_days`` up to the duration.

    Raises
    ------
    InputError
        If ``scenario`` names no built-in scenario (the closest name is suggested) or no
        readable, valid scenario file.
    SolverError
        If the integration or the steady-state solve fails.

    Examples
    --------
    >>> import osteoimmune as oi
    >>> result = oi.simulate("healthy")  # doctest: +SKIP
    >>> result.to_pandas().tail()  # doctest: +SKIP
    """
    return Simulation(scenario, options=options, times=times).run()


__all__ = [
    "InitialCondition",
    "Simulation",
    "dose_amount",
    "evaluate_piecewise",
    "initial_condition",
    "reported_observables",
    "simulate",
]
