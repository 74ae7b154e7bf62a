"""Compile a composed model, integrate it with events and return an immutable result.

:class:`Simulation` is a scenario made ready to run (compiled model, reference state, events);
:func:`osteoimmune.solve.simulate.simulate` builds one and runs it.
"""

from osteoimmune.solve.integrate import SolverOptions
from osteoimmune.solve.result import SimulationResult
from osteoimmune.solve.simulation import ScenarioSource, Simulation

__all__ = ["ScenarioSource", "Simulation", "SimulationResult", "SolverOptions"]
