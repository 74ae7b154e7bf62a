"""osteoimmune: a mechanistic simulator of the bone-immune system.

The marrow as the factory of immune cells, immune cells and cytokines steering bone remodeling,
bone as an endocrine organ, and the diseases that follow when that crosstalk fails.

Quick start::

    import osteoimmune as oi
    result = oi.simulate(oi.load_scenario("healthy"))
    print(result.to_pandas().tail())
    result.print_citations()
    oi.plot(result, "healthy.png")
"""

from typing import TYPE_CHECKING, Any

from osteoimmune._version import __version__
from osteoimmune.errors import (
    InputError,
    ModelError,
    OffEquilibriumWarning,
    OsteoimmuneError,
    SolverError,
    SpeciesWarning,
)

#: Public names and the modules they live in: imported on first use (PEP 562), so that the
#: command line starts without loading what a command does not need (SymPy, pandas, networkx).
_LAZY = {
    "Comparison": "osteoimmune.analysis.compare",
    "compare": "osteoimmune.analysis.compare",
    "LogNormal": "osteoimmune.analysis.population",
    "Uniform": "osteoimmune.analysis.population",
    "VirtualTrial": "osteoimmune.analysis.population",
    "run_trial": "osteoimmune.analysis.population",
    "Model": "osteoimmune.model.compose",
    "compose": "osteoimmune.model.compose",
    "ParameterSet": "osteoimmune.model.parameters",
    "available_parameter_sets": "osteoimmune.model.parameters",
    "load_parameter_set": "osteoimmune.model.parameters",
    "CellDepletion": "osteoimmune.protocol.cells",
    "CellTransfer": "osteoimmune.protocol.cells",
    "ConditionOnset": "osteoimmune.protocol.scenario",
    "Infusion": "osteoimmune.protocol.scenario",
    "Scenario": "osteoimmune.protocol.scenario",
    "load_scenario": "osteoimmune.protocol.scenario",
    "scenario_from_dict": "osteoimmune.protocol.scenario",
    "Regimen": "osteoimmune.protocol.treatments",
    "plot": "osteoimmune.plotting",
    "Network": "osteoimmune.report.network",
    "interaction_network": "osteoimmune.report.network",
    "SolverOptions": "osteoimmune.solve.integrate",
    "SimulationResult": "osteoimmune.solve.result",
    "Simulation": "osteoimmune.solve.simulation",
    "simulate": "osteoimmune.solve.simulate",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'osteoimmune' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:
    from osteoimmune.analysis.compare import Comparison, compare
    from osteoimmune.analysis.population import LogNormal, Uniform, VirtualTrial, run_trial
    from osteoimmune.model.compose import Model, compose
    from osteoimmune.model.parameters import (
        ParameterSet,
        available_parameter_sets,
        load_parameter_set,
    )
    from osteoimmune.plotting import plot
    from osteoimmune.protocol.cells import CellDepletion, CellTransfer
    from osteoimmune.protocol.scenario import (
        ConditionOnset,
        Infusion,
        Scenario,
        load_scenario,
        scenario_from_dict,
    )
    from osteoimmune.protocol.treatments import Regimen
    from osteoimmune.report.network import Network, interaction_network
    from osteoimmune.solve.integrate import SolverOptions
    from osteoimmune.solve.result import SimulationResult
    from osteoimmune.solve.simulate import simulate
    from osteoimmune.solve.simulation import Simulation

__all__ = [
    "CellDepletion",
    "CellTransfer",
    "Comparison",
    "ConditionOnset",
    "Infusion",
    "InputError",
    "LogNormal",
    "Model",
    "ModelError",
    "Network",
    "OffEquilibriumWarning",
    "OsteoimmuneError",
    "ParameterSet",
    "Regimen",
    "Scenario",
    "Simulation",
    "SimulationResult",
    "SolverError",
    "SolverOptions",
    "SpeciesWarning",
    "Uniform",
    "VirtualTrial",
    "__version__",
    "available_parameter_sets",
    "compare",
    "compose",
    "interaction_network",
    "load_parameter_set",
    "load_scenario",
    "plot",
    "run_trial",
    "scenario_from_dict",
    "simulate",
]
