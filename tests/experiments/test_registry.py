"""Every registered experiment is a test: claims.md and calibration.md rows, and the
reference-model regressions (Lemaire 2004 Fig. 2C, Pivonka 2008 steady state)."""

from __future__ import annotations

import json

import pytest

from osteoimmune.experiments import experiments, run_experiments

REGISTRY = experiments()


@pytest.mark.parametrize("exp_id", list(REGISTRY))
def test_experiment_passes(exp_id: str) -> None:
    outcome = REGISTRY[exp_id]()
    assert outcome.passed, f"{exp_id}: expected {outcome.expected}; observed {outcome.observed}"


def test_outcomes_serialise_with_contract_keys() -> None:
    rows = [o.as_dict() for o in run_experiments(["REM-4", "LEM-SS"])]
    text = json.dumps(rows)
    for row in json.loads(text):
        assert {"id", "claim", "passed", "expected", "observed"} <= set(row)


def test_bone_core_claims_are_registered() -> None:
    for claim in ("S6", "S8", "S9", "S10", "REM-1", "REM-2", "REM-3", "REM-4"):
        assert claim in REGISTRY


def test_s10_mechanism_opg_knockout_raises_rankl_opg_ratio() -> None:
    """S10 passes through the decoy mechanism: without OPG, free RANKL is higher."""
    from osteoimmune.experiments._util import run

    ctrl = run({"species": "human", "duration": "1 years", "save_every": "7 days"})
    ko = run(
        {"species": "human", "duration": "1 years", "save_every": "7 days", "genotype": ["opg_ko"]}
    )
    assert ko.at("RANKL", 0.0) > 1.5 * ctrl.at("RANKL", 0.0)
    assert ko.at("OPG", 0.0) == 0.0
