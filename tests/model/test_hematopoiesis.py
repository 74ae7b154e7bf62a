"""The marrow as immune-cell factory: steady-state balance, emergency myelopoiesis, the niche,
the age-set marrow, and conditions with a duration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoimmune.errors import InputError
from osteoimmune.protocol.scenario import ConditionOnset, scenario_from_dict
from osteoimmune.solve.simulate import simulate

HUMAN = {"species": "human", "duration": "30 days", "save_every": "1 days"}


@pytest.fixture(scope="module")
def healthy() -> object:
    return simulate(scenario_from_dict(HUMAN))


def test_healthy_production_equals_loss(healthy) -> None:
    """S2 / Done-when: 0.5e11-5e11 cells a day, production equal to loss within 1 %
    (Sender & Milo 2021)."""
    prod = healthy.at("blood_production_per_day", 30.0)
    loss = healthy.at("blood_loss", 30.0) * 1e9
    assert 0.5e11 <= prod <= 5e11
    assert prod == pytest.approx(loss, rel=0.01)


def test_healthy_counts_are_normal(healthy) -> None:
    """Blood counts of a healthy adult: neutrophils 2000-7500/uL, monocytes 200-1000/uL."""
    assert 2000 <= healthy.at("neutrophils_per_ul", 0.0) <= 7500
    assert 200 <= healthy.at("monocytes_per_ul", 0.0) <= 1000


def test_supplies_are_one_in_health(healthy) -> None:
    """The marrow's outputs replace the fixed supplies: 1 in the reference adult."""
    assert healthy.at("monocyte_supply", 0.0) == pytest.approx(1.0, rel=1e-6)
    assert healthy.at("lymphoid_supply", 0.0) == pytest.approx(1.0, rel=1e-6)


def test_infection_condition_raises_neutrophil_production_and_resolves() -> None:
    """Done-when: the infection condition raises neutrophil production >= 3-fold and returns to
    baseline (Manz & Boettcher 2014)."""
    r = simulate(
        scenario_from_dict(
            {
                **HUMAN,
                "duration": "90 days",
                "save_every": "0.25 days",
                "events": [{"condition": "infection", "at": "5 days", "duration": "3 days"}],
            }
        )
    )
    prod = np.asarray(r.expressions["neutrophil_production"])
    assert prod.max() / prod[0] >= 3.0
    assert prod[-1] / prod[0] == pytest.approx(1.0, abs=0.05)
    assert r.states["Pathogen"][-1] < 1e-3


def test_infection_acts_on_bone_through_tlr_inflammation() -> None:
    """Monocytes and macrophages sensing the pathogen raise serum TNF and IL-6 and, through them,
    bone resorption; with TNF blocked by infliximab the resorption rise is much smaller, so the
    bone effect goes through the cytokines and not through the pathogen itself."""
    doc = {
        **HUMAN,
        "duration": "40 days",
        "save_every": "0.25 days",
        "events": [{"condition": "infection", "at": "5 days", "duration": "3 days"}],
    }
    r = simulate(scenario_from_dict(doc))
    ifx = {"treatment": "infliximab", "dose": "5 mg/kg", "route": "iv", "doses": 1}
    blocked = simulate(scenario_from_dict({**doc, "events": [*doc["events"], ifx]}))
    tlr = np.asarray(r.expressions["TLR_path"])
    assert tlr[0] == 0.0 and tlr.max() > 0.1
    for col in ("tnf_pg_ml", "il6_pg_ml"):
        s = np.asarray(r.observables[col])
        assert s.max() > 3.0 * s[0], col
    ctx = np.asarray(r.observables["ctx_pct"]).max()
    ctx_blocked = np.asarray(blocked.observables["ctx_pct"]).max()
    assert ctx > 20.0
    assert ctx_blocked < 0.5 * ctx


def test_condition_without_duration_lasts() -> None:
    """A chronic infection (no duration) keeps production up."""
    r = simulate(
        scenario_from_dict({**HUMAN, "events": [{"condition": "infection", "at": "5 days"}]})
    )
    prod = np.asarray(r.expressions["neutrophil_production"])
    assert prod[-1] / prod[0] > 1.5


@pytest.mark.parametrize("bad", ["0 days", "-3 days"])
def test_condition_duration_must_be_positive(bad: str) -> None:
    with pytest.raises(InputError, match=r"events\[0\]\.duration"):
        scenario_from_dict({**HUMAN, "events": [{"condition": "infection", "duration": bad}]})


def test_duration_only_on_conditions() -> None:
    with pytest.raises(InputError, match="only on a condition"):
        scenario_from_dict(
            {
                **HUMAN,
                "events": [
                    {"infusion": {"target": "pathogen", "rate": "1 1/day"}, "duration": "2 days"}
                ],
            }
        )


def test_condition_onset_value_object_checks_duration() -> None:
    with pytest.raises(InputError, match="duration"):
        ConditionOnset("infection", 0.0, 0.0)


def test_age_sets_the_marrow() -> None:
    """An older subject has more yellow marrow, mostly axial red marrow (Chan 2016, HEM-4); age
    advances in every run, so a woman of 80 keeps losing bone."""
    young = simulate(scenario_from_dict({**HUMAN, "age": "25 years"}))
    old = simulate(scenario_from_dict({**HUMAN, "age": "80 years", "duration": "1 years"}))
    assert old.at("red_marrow_fraction", 0.0) < young.at("red_marrow_fraction", 0.0)
    assert old.at("axial_production_share", 0.0) > young.at("axial_production_share", 0.0)
    assert old.at("bmd_lumbar_spine_pct", 365.0) < -0.1


@settings(max_examples=5, deadline=None)
@given(st.floats(min_value=20.0, max_value=90.0))
def test_production_balances_loss_at_any_age(age: float) -> None:
    """Whatever the age, the marrow makes what the blood loses: the marrow ages by about 1 % a
    year and red cells live 120 days, so production trails loss by at most a third of a
    percent."""
    r = simulate(scenario_from_dict({**HUMAN, "duration": "1 days", "age": f"{age} years"}))
    assert r.at("blood_production_per_day", 0.0) == pytest.approx(
        r.at("blood_loss", 0.0) * 1e9, rel=4e-3
    )


def test_osteoblast_ablation_empties_the_niche() -> None:
    """Visnjic 2004: osteoblast loss lowers HSC numbers (S4, mouse)."""
    doc = {
        "species": "mouse",
        "duration": "40 days",
        "save_every": "1 days",
        "events": [{"infusion": {"target": "osteoblast_ablation", "rate": "2 1/day"}}],
    }
    r = simulate(scenario_from_dict(doc))
    assert r.at("HSC", 40.0) < 0.85 * r.at("HSC", 0.0)
