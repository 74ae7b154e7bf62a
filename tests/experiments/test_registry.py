"""Every registered experiment is a test: claims.md and calibration.md rows, and the
reference-model regressions (Lemaire 2004 Fig. 2C, Pivonka 2008 steady state)."""

from __future__ import annotations

import json

import pytest

from osteoimmune.experiments import experiments, run_experiments

REGISTRY = experiments()


#: Registered experiments the model does not meet yet, and why. ``strict``: the day one passes,
#: the suite says so and it leaves this list. ``osteoimmune validate`` reports them as FAIL.
KNOWN_FAILURES: dict[str, str] = {}


def _param(exp_id: str) -> object:
    if exp_id in KNOWN_FAILURES:
        return pytest.param(
            exp_id, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[exp_id], strict=True)
        )
    return exp_id


@pytest.mark.parametrize("exp_id", [_param(i) for i in REGISTRY])
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
    from osteoimmune.experiments.arms import run

    ctrl = run({"species": "human", "duration": "1 years", "save_every": "7 days"})
    ko = run(
        {"species": "human", "duration": "1 years", "save_every": "7 days", "genotype": ["opg_ko"]}
    )
    assert ko.at("RANKL", 0.0) > 1.5 * ctrl.at("RANKL", 0.0)
    assert ko.at("OPG", 0.0) == 0.0


def test_immune_and_estrogen_claims_are_registered() -> None:
    ids = [
        "S11",
        "S14",
        "S15",
        "S16",
        "S17",
        "S18",
        "S19",
        "S33",
        "S34",
        "S35",
        "S36",
        "S37",
        "S38",
        "S39",
        "S40",
        "S42",
        "S43",
        "S44",
    ]
    ids += [f"EST-{i}" for i in range(1, 8)] + ["LEE-2006"]
    for claim in ids:
        assert claim in REGISTRY


def test_known_failures_are_registered() -> None:
    assert set(KNOWN_FAILURES) <= set(REGISTRY)
