"""Age advances in every run, a subject starts with the history of her years, and the sexes
differ where the biology does (issue: bone over decades)."""

from __future__ import annotations

import numpy as np
import pytest

from osteoimmune.errors import InputError
from osteoimmune.model.parameters import load_parameter_set
from osteoimmune.protocol.scenario import scenario_from_dict
from osteoimmune.solve.simulation import Simulation
from osteoimmune.units import DAYS_PER_YEAR


def _human(**doc: object) -> dict[str, object]:
    return {"species": "human", "duration": "1 years", "save_every": "30 days", **doc}


@pytest.mark.parametrize(
    ("species", "sex", "condition"),
    [
        ("human", "male", "menopause"),
        ("human", "male", "surgical_menopause"),
        ("human", "male", "hrt"),
        ("mouse", "male", "ovariectomy"),
    ],
)
def test_a_condition_that_does_not_fit_the_sex_is_refused(
    species: str, sex: str, condition: str
) -> None:
    doc = {
        "species": species,
        "sex": sex,
        "duration": "30 days",
        "events": [{"condition": condition}],
    }
    with pytest.raises(InputError, match=r"events\[0\]\.condition.*female"):
        scenario_from_dict(doc)


def test_the_same_conditions_are_accepted_for_women() -> None:
    for condition in ("menopause", "surgical_menopause", "hrt"):
        scenario_from_dict(_human(sex="female", events=[{"condition": condition}]))


def test_without_an_age_a_subject_is_the_species_young_adult() -> None:
    assert scenario_from_dict(_human()).age_years == 25.0
    assert load_parameter_set("human").parameters["age_young"].value == 25.0
    mouse = scenario_from_dict({"species": "mouse", "duration": "30 days", "save_every": "1 days"})
    assert mouse.age_years == load_parameter_set("mouse").parameters["age_young"].value == 0.25
    younger = scenario_from_dict(_human(parameters={"age_young": "20 years"}))
    assert younger.age_years == 20.0
    with pytest.raises(InputError, match="age"):
        scenario_from_dict({"species": "mouse", "age": "5 years", "duration": "30 days"})


def test_an_older_subject_starts_with_the_history_of_her_years() -> None:
    """A woman of 65 starts where a woman of 25 is after 40 years: the run lives her history
    from the young adult's equilibrium up to her age (here without menopause: only age acts)."""
    lived = Simulation(
        scenario_from_dict(_human(age="25 years", duration="40 years", save_every="1 years"))
    ).run()
    old = Simulation(scenario_from_dict(_human(age="65 years")))
    start = old.initial_condition
    assert old.history_start == pytest.approx(-40 * DAYS_PER_YEAR)
    index = old.compiled.state_index
    assert start.y0[index["age_days"]] == pytest.approx(65 * DAYS_PER_YEAR)
    for name in ("BV_trab", "BV_cort", "Min_trab", "OBa", "OCa"):
        expected = lived.states[name][-1]
        got = start.y0[index[name]] / old.compiled.state_factor[index[name]]
        assert got == pytest.approx(expected, rel=1e-5), name
    assert lived.states["BV_trab"][-1] < lived.states["BV_trab"][0]


def test_a_young_adult_needs_no_history() -> None:
    sim = Simulation(scenario_from_dict(_human(age="25 years")))
    assert sim.history_start == 0.0


def test_men_have_their_own_estradiol_which_falls_with_age() -> None:
    """Khosla et al. 1998: a young man's estradiol (about 30 pg/mL, aromatized from
    testosterone) is his reference; bioavailable estradiol falls about 47 % from 25 to 85."""
    young = Simulation(scenario_from_dict(_human(sex="male"))).run()
    assert young.expressions["E2"][0] == pytest.approx(30.0, rel=1e-6)
    assert young.expressions["E2_def"][0] == pytest.approx(0.0, abs=1e-12)
    old = Simulation(scenario_from_dict(_human(sex="male", age="85 years"))).run()
    assert old.expressions["E2"][0] / 30.0 == pytest.approx(np.exp(-0.0106 * 60), rel=1e-3)
    assert old.expressions["E2_def"][0] > 0.1
    woman = Simulation(scenario_from_dict(_human(sex="female"))).run()
    assert woman.expressions["E2"][0] == pytest.approx(100.0, rel=1e-6)


def test_aging_is_an_alias_that_changes_nothing() -> None:
    plain = Simulation(scenario_from_dict(_human(age="60 years", sex="male"))).run()
    alias = Simulation(
        scenario_from_dict(_human(age="60 years", sex="male", events=[{"condition": "aging"}]))
    ).run()
    np.testing.assert_allclose(
        alias.observables["bmd_total_hip_pct"], plain.observables["bmd_total_hip_pct"], rtol=1e-9
    )
