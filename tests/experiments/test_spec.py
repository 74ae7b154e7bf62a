"""Experiment specs: validation on construction, the generated expected text, the runner."""

from __future__ import annotations

from typing import Any

import pytest

from osteoimmune.experiments.spec import Criterion, Population, SpecError, build_spec

TEMPLATES = {"one_year": {"species": "human", "duration": "1 years", "save_every": "30 days"}}


def spec(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "T-1",
        "claim": "OPG lowers osteoclasts",
        "source": "test",
        "kind": "claim",
        "protocol": "OPG infused for a year",
        "arms": {
            "ctrl": {"template": "one_year"},
            "opg": {
                "template": "ctrl",
                "+events": [{"at": "0 days", "infusion": {"target": "opg", "rate": "2e4 pM/day"}}],
            },
        },
        "readouts": {
            "oc": {
                "value": "change(opg.OCa@end, ctrl.OCa@end)",
                "label": "osteoclasts",
                "unit": "%",
            },
        },
        "pass": ["oc <= -10"],
    }
    doc.update(over)
    return doc


def test_expected_text_is_generated_from_the_bounds() -> None:
    s = build_spec(spec(), templates=TEMPLATES)
    assert s.expected == "OPG infused for a year: osteoclasts <= -10 %"
    s2 = build_spec(spec(**{"pass": ["oc in [-60, -40]"]}), templates=TEMPLATES)
    assert s2.expected.endswith("osteoclasts -60 to -40 %")


def test_templates_and_appended_events_build_the_arm_documents() -> None:
    s = build_spec(spec(), templates=TEMPLATES)
    opg = next(a for a in s.arms if a.name == "opg")
    assert opg.document["species"] == "human"
    assert opg.document["events"][0]["infusion"]["target"] == "opg"


def test_runs_through_the_public_path_and_checks_its_bound() -> None:
    s = build_spec(spec(), templates=TEMPLATES)
    traced = s.trace()
    assert traced.outcome.passed
    assert traced.outcome.details["oc"] < -10
    assert [a.name for a in traced.arms] == ["opg", "ctrl"]
    failing = build_spec(spec(**{"pass": ["oc >= 0"]}), templates=TEMPLATES)()
    assert not failing.passed
    assert failing.observed.startswith("osteoclasts -")


def test_interpolated_values_come_from_the_parameter_set() -> None:
    doc = spec()
    doc["arms"]["opg"]["+events"][0]["infusion"]["rate"] = (
        "${2 * param('human', 'beta_RANKL')} pM/day"
    )
    s = build_spec(doc, templates=TEMPLATES)
    traced = s.trace()
    label = traced.arms[0].label
    assert "opg infused" in label


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"kind": "anecdote"}, "kind"),
        ({"pass": []}, "at least one pass bound"),
        ({"pass": ["oc about -10"]}, "expected 'NAME op BOUND'"),
        ({"pass": ["nope < 1"]}, "no readout named 'nope'"),
        ({"pass": ["oc in [3, 1]"]}, "lo <= hi"),
        ({"readouts": {"oc": "change(ghost.OCa@end, ctrl.OCa@end)"}}, "no arm named 'ghost'"),
        ({"readouts": {"oc": "later + 1", "later": "1"}}, "unknown name 'later'"),
        ({"readouts": {"oc": {"value": "1", "colour": "red"}}}, "unknown key 'colour'"),
        ({"arms": {"ctrl": {"template": "nowhere"}}}, "template"),
        ({"extra": 1}, "unknown key 'extra'"),
    ],
)
def test_malformed_specs_are_refused_with_the_field_named(over: dict[str, Any], match: str) -> None:
    with pytest.raises(SpecError, match=match):
        build_spec(spec(**over), templates=TEMPLATES)


def test_criterion_against_another_readout() -> None:
    c = Criterion("a", "<", "b")
    assert c.holds({"a": 1.0, "b": 2.0})
    assert not c.holds({"a": 3.0, "b": 2.0})
    assert not Criterion("a", ">=", 0.0).holds({"a": float("nan")})


def test_population_draws_are_seeded_lognormal_around_the_set_value() -> None:
    import numpy as np

    pop = Population(400, 7, {"k": 0.3})
    draws = np.array([d["k"] for d in pop.draws({"k": 2.0})])
    assert draws.min() > 0
    assert abs(draws.mean() / 2.0 - 1) < 0.05
    assert abs(draws.std() / draws.mean() - 0.3) < 0.05
    assert pop.draws({"k": 2.0}) == Population(400, 7, {"k": 0.3}).draws({"k": 2.0})
    with pytest.raises(SpecError, match=r"population\.n"):
        Population(1, 0, {"k": 0.3})
