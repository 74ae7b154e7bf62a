"""Scenario validation: bad input fails before integration with one clear message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoimmune import InputError, scenario_from_dict


def test_defaults_and_units() -> None:
    s = scenario_from_dict({"duration": "2 years", "save_every": "1 weeks", "age": "40 years"})
    assert s.duration_days == pytest.approx(730.5)
    assert s.save_every_days == 7
    assert s.resolved_parameter_set == "human"


@pytest.mark.parametrize(
    ("doc", "field", "hint"),
    [
        ({"species": "zebrafish"}, "species", None),
        ({"duraton": "1 years"}, "scenario", "duration"),
        ({"duration": "10 kg"}, "duration", None),
        ({"genotype": ["opg_kk"]}, "genotype", "opg_ko"),
        ({"events": [{"condition": "menopuase"}]}, "events[0].condition", None),
        (
            {
                "duration": "1 years",
                "events": [{"at": "2 years", "infusion": {"target": "opg", "rate": "1 pM/day"}}],
            },
            "events[0].at",
            None,
        ),
        (
            {"events": [{"infusion": {"target": "opg", "rate": "-1 pM/day"}}]},
            "events[0].infusion.rate",
            None,
        ),
        (
            {"events": [{"infusion": {"target": "opgg", "rate": "1 pM/day"}}]},
            "events[0].infusion.target",
            "opg",
        ),
        ({"parameters": {"A_OCA": "1 1/day"}}, "parameters", "A_OCa"),
        ({"parameters": {"A_OCa": "1 pM"}}, "parameters.A_OCa", None),
        ({"events": [{"treatment": "denosumab", "dose": "-60 mg"}]}, "events[0].dose", None),
        ({"parameter_set": "pivonka2009"}, "parameter_set", "pivonka2008"),
    ],
)
def test_bad_input_names_field(doc: dict, field: str, hint: str | None) -> None:
    with pytest.raises(InputError) as err:
        scenario_from_dict(doc)
    assert err.value.field == field
    msg = str(err.value)
    assert "\n" not in msg
    if hint:
        assert hint in msg


@settings(max_examples=40, deadline=None)
@given(
    value=st.floats(allow_nan=True, allow_infinity=True),
    unit=st.sampled_from(["days", "years", "kg", "", "pM"]),
)
def test_duration_fuzz_either_valid_or_input_error(value: float, unit: str) -> None:
    try:
        s = scenario_from_dict({"duration": f"{value} {unit}".strip(), "save_every": "1 day"})
    except InputError:
        return
    assert 0 < s.duration_days <= 200 * 365.25


def test_a_unit_on_a_dimensionless_parameter_is_named_as_the_mistake() -> None:
    with pytest.raises(InputError, match=r"a plain number without a unit \(got units of d"):
        scenario_from_dict({"parameters": {"f_E2_T": "2 days"}})
