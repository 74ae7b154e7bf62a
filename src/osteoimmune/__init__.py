"""osteoimmune: a mechanistic simulator of the bone-immune system.

The marrow as the factory of immune cells, immune cells and cytokines steering bone remodeling,
bone as an endocrine organ, and the diseases that follow when that crosstalk fails.

Quick start::

    import osteoimmune as oi
    result = oi.simulate(oi.load_scenario("healthy"))
    print(result.to_pandas().tail())
    result.print_citations()
    result.plot("healthy.png")
"""

__version__ = "0.1.0"

from osteoimmune.analysis.compare import Comparison, compare
from osteoimmune.errors import InputError, ModelError, OsteoimmuneError, SolverError
from osteoimmune.model.compose import Model, compose
from osteoimmune.model.parameters import (
    ParameterSet,
    available_parameter_sets,
    load_parameter_set,
)
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

__all__ = [
    "CellDepletion",
    "CellTransfer",
    "Comparison",
    "ConditionOnset",
    "Infusion",
    "InputError",
    "Model",
    "ModelError",
    "Network",
    "OsteoimmuneError",
    "ParameterSet",
    "Regimen",
    "Scenario",
    "SimulationResult",
    "SolverError",
    "SolverOptions",
    "__version__",
    "available_parameter_sets",
    "compare",
    "compose",
    "interaction_network",
    "load_parameter_set",
    "load_scenario",
    "scenario_from_dict",
    "simulate",
]
