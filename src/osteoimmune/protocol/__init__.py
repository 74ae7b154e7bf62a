"""What is done to the system: scenarios, conditions, infusions, drug regimens, cell perturbations,
in vitro cultures."""

from osteoimmune.protocol.builtin import builtin_scenarios
from osteoimmune.protocol.cells import COMPLETE_DEPLETION, CellDepletion, CellTransfer
from osteoimmune.protocol.culture import CultureWell, parse_medium
from osteoimmune.protocol.scenario import (
    ConditionOnset,
    Infusion,
    Scenario,
    ScenarioEvent,
    load_scenario,
    scenario_from_dict,
)
from osteoimmune.protocol.treatments import Regimen, parse_dose

__all__ = [
    "COMPLETE_DEPLETION",
    "CellDepletion",
    "CellTransfer",
    "ConditionOnset",
    "CultureWell",
    "Infusion",
    "Regimen",
    "Scenario",
    "ScenarioEvent",
    "builtin_scenarios",
    "load_scenario",
    "parse_dose",
    "parse_medium",
    "scenario_from_dict",
]
