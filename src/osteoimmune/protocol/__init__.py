"""What is done to the system: scenarios, events, genotypes, infusions."""

from osteoimmune.protocol.scenario import (
    ConditionOnset,
    Infusion,
    Scenario,
    load_scenario,
    scenario_from_dict,
)

__all__ = ["ConditionOnset", "Infusion", "Scenario", "load_scenario", "scenario_from_dict"]
