"""Drug regimens: parsing, validation, dose arithmetic against closed-form PK, dose timing."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import osteoimmune as oi
from osteoimmune.errors import InputError, ModelError
from osteoimmune.protocol import Regimen, Scenario, parse_dose
from osteoimmune.solve.simulate import dose_amount, initial_condition

from .conftest import TOY_SET

KA, KEL, F_SC, DOSE_TO_PM, BW = 2.0, 0.1, 0.6, 1000.0, 70.0  # the toy set, in declared units

MakeScenario = Callable[..., Scenario]


def _treat(**event: Any) -> dict[str, Any]:
    return {"treatment": "drugx", "dose": "5 mg", **event}


# --- the value object ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60 mg", (60.0, False)),
        ("500 ug", (0.5, False)),
        ("500 µg", (0.5, False)),
        ("0.25 g", (250.0, False)),
        ("3 mg/kg", (3.0, True)),
        ("300 ug/kg", (0.3, True)),
        ("1 g/kg", (1000.0, True)),
    ],
)
def test_parse_dose_units(text: str, expected: tuple[float, bool]) -> None:
    mg, per_kg = parse_dose(text, "dose")
    assert mg == pytest.approx(expected[0], rel=1e-12)
    assert per_kg is expected[1]


@pytest.mark.parametrize(
    "value",
    [
        60,
        60.0,
        "60",
        "60 pM",
        "60 mg/m^2",
        "60 mg*kg",
        "60 1/kg",
        "-60 mg",
        "0 mg",
        "nan mg",
        "inf mg",
        "sixty mg",
        True,
    ],
)
def test_parse_dose_rejects(value: object) -> None:
    with pytest.raises(InputError) as err:
        parse_dose(value, "events[0].dose")
    assert err.value.field == "events[0].dose"
    assert "mg" in err.value.accepted


def test_regimen_is_frozen_and_knows_its_dose_times() -> None:
    r = Regimen("drugx", 60.0, every_days=182.625, doses=4, at_days=10.0)
    assert r.dose_times == (10.0, 192.625, 375.25, 557.875)
    assert Regimen("drugx", 1.0).dose_times == (0.0,)
    with pytest.raises(AttributeError):
        r.doses = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"dose_mg": 0.0}, "dose"),
        ({"dose_mg": -1.0}, "dose"),
        ({"dose_mg": math.nan}, "dose"),
        ({"doses": 0}, "doses"),
        ({"doses": 2.0}, "doses"),
        ({"doses": True}, "doses"),
        ({"doses": 3}, "every"),
        ({"doses": 3, "every_days": 0.0}, "every"),
        ({"every_days": -7.0}, "every"),
        ({"every_days": math.inf}, "every"),
        ({"at_days": -1.0}, "at"),
        ({"treatment": ""}, "treatment"),
        ({"over_days": -1.0}, "over"),
        ({"over_days": math.nan}, "over"),
        ({"every_days": 30.0}, "doses"),  # an interval without a count: one dose, silently
        ({"every_days": 1e-4, "doses": 2}, "every"),  # under a minute
        ({"every_days": 1.0, "doses": 100_001}, "doses"),  # beyond MAX_DOSES
    ],
)
def test_regimen_validates_on_construction(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"treatment": "drugx", "dose_mg": 5.0, **kwargs}
    with pytest.raises(InputError) as err:
        Regimen(**args)
    assert err.value.field == field


def test_until_gives_the_doses_up_to_and_including_the_last_time(toy_scenario) -> None:
    s = toy_scenario(events=[_treat(at="10 days", every="1 weeks", until="38 days")])
    (regimen,) = s.events
    assert regimen.dose_times == (10.0, 17.0, 24.0, 31.0, 38.0)
    one = toy_scenario(events=[_treat(at="10 days", every="1 weeks", until="10 days")])
    assert one.events[0].dose_times == (10.0,)


@pytest.mark.parametrize(
    ("event", "words"),
    [
        ({"every": "1 weeks"}, "doses: 20"),  # the silent single dose of a repeated regimen
        ({"every": "1 weeks", "doses": 3, "until": "30 days"}, "not both"),
        ({"until": "30 days"}, "together with every"),
        ({"at": "10 days", "every": "1 weeks", "until": "5 days"}, "no earlier than"),
        ({"every": "1 minutes", "until": "200 years"}, "at most 100,000 doses"),
        ({"every": "30 s", "doses": 2}, "at least 1 minute"),
        ({"doses": 10**30, "every": "1 days"}, "at most 100,000 doses"),
    ],
)
def test_regimen_counts_are_refused_before_any_dose_time_exists(toy_scenario, event, words):
    with pytest.raises(InputError, match=words):
        toy_scenario(events=[_treat(**event)])


def test_runs_beyond_the_output_and_dose_limits_are_refused_up_front(toy_scenario) -> None:
    with pytest.raises(InputError, match="at most 200,000 output rows"):
        toy_scenario(duration="10 years", save_every="1e-12 days")
    many = [_treat(every="1 hours", doses=60_000, route="iv") for _ in range(2)]
    with pytest.raises(InputError, match="120,000 doses within the run"):
        toy_scenario(duration="10 years", save_every="30 days", events=many)
    # doses beyond the end of the run do not count
    later = [_treat(at="50 days", every="1 days", doses=100_000)]
    assert toy_scenario(duration="60 days", save_every="10 days", events=later)


# --- scenario validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "field", "hint"),
    [
        (_treat(treatment="drugz"), "events[0].treatment", "drugx"),
        (_treat(route="scc"), "events[0].route", "sc"),
        (_treat(route="im"), "events[0].route", None),
        (_treat(dose="0 mg"), "events[0].dose", None),
        (_treat(dose="-5 mg"), "events[0].dose", None),
        (_treat(dose="5"), "events[0].dose", None),
        (_treat(dose=5), "events[0].dose", None),
        (_treat(dose="5 pM"), "events[0].dose", None),
        (_treat(dose="5 mg/m^2"), "events[0].dose", None),
        ({"treatment": "drugx"}, "events[0].dose", None),
        (_treat(doses=0), "events[0].doses", None),
        (_treat(doses=-2, every="1 day"), "events[0].doses", None),
        (_treat(doses=2.5, every="1 day"), "events[0].doses", None),
        (_treat(doses="three", every="1 day"), "events[0].doses", None),
        (_treat(doses=3), "events[0].every", None),
        (_treat(doses=3, every="0 days"), "events[0].every", None),
        (_treat(doses=3, every="-7 days"), "events[0].every", None),
        (_treat(doses=3, every="7 kg"), "events[0].every", None),
        (_treat(at="-1 days"), "events[0].at", None),
        (_treat(at="100 days"), "events[0].at", None),
        (_treat(route="sc", over="1 days"), "events[0].over", None),
        (_treat(over="-1 days"), "events[0].over", None),
        (_treat(over="1 kg"), "events[0].over", None),
        ({"condition": "flare", "dose": "5 mg"}, "events[0].dose", None),
        ({"cells": {"deplete": "lymph", "fraction": 0.5}, "route": "iv"}, "events[0].route", None),
    ],
)
def test_bad_regimen_names_field(
    toy_scenario: MakeScenario, event: dict[str, Any], field: str, hint: str | None
) -> None:
    with pytest.raises(InputError) as err:
        toy_scenario(events=[event])
    assert err.value.field == field
    msg = str(err.value)
    assert "\n" not in msg
    assert repr(err.value.value) in msg or str(err.value.value) in msg
    if hint:
        assert f"Did you mean {hint!r}" in msg


def test_unknown_treatment_lists_the_library(toy_scenario: MakeScenario) -> None:
    with pytest.raises(InputError, match="drugx"):
        toy_scenario(events=[_treat(treatment="aspirin")])


def test_route_defaults_to_first_and_scenario_fills_it_in(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(events=[_treat()])
    (reg,) = s.events
    assert isinstance(reg, Regimen)
    assert reg.route == "iv"
    direct = Scenario(parameter_set=TOY_SET, duration_days=30.0, events=(Regimen("drugx", 1.0),))
    assert direct.events[0].route == "iv"  # type: ignore[union-attr]


def test_direct_scenario_checks_the_regimen_against_the_model(toy_scenario: MakeScenario) -> None:
    with pytest.raises(InputError) as err:
        Scenario(
            parameter_set=TOY_SET,
            duration_days=30.0,
            events=(Regimen("drugx", 1.0, at_days=1.0), Regimen("drugx", 1.0, route="po")),
        )
    assert err.value.field == "events[1].route"


def test_treatment_with_wrongly_declared_dose_unit_is_a_model_error(
    toy_scenario: MakeScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from osteoimmune.model import compose as compose_mod

    model = toy_scenario().model()
    bad = dict(model.parameter_set.parameters)
    bad["dose_X"] = replace(bad["dose_X"], unit="1/mg")
    pset = replace(model.parameter_set, parameters=bad)
    monkeypatch.setattr(compose_mod, "_compose", lambda _p: replace(model, parameter_set=pset))
    with pytest.raises(ModelError, match="dose_to_state dose_X"):
        toy_scenario(events=[_treat()])


# --- dose arithmetic ------------------------------------------------------------------------


def test_iv_bolus_gives_the_one_compartment_curve(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(toy_scenario(events=[_treat(at="10 days")]))
    t = r.times
    x = r.states["X"]
    assert np.all(x[t < 10] == 0.0)
    after = t >= 10
    c0 = 5.0 * DOSE_TO_PM  # 5 mg x 1 nM/mg = 5000 pM
    expected = c0 * np.exp(-KEL * (t[after] - 10.0))
    np.testing.assert_allclose(x[after], expected, rtol=1e-6)
    assert x[t == 10][0] == pytest.approx(c0, rel=1e-12)  # a dose at an output time shows there
    np.testing.assert_allclose(r.observables["drug_pm"], x, rtol=1e-12)


def test_dose_over_a_time_gives_the_zero_order_curve(toy_scenario: MakeScenario) -> None:
    """5 mg over 4 days: X = R/kel (1 - exp(-kel t)) while it runs, then first-order decay;
    the whole dose is given (X + Xelim) once it ends."""
    r = oi.simulate(toy_scenario(events=[_treat(at="10 days", over="4 days")]))
    t, x = r.times, r.states["X"]
    rate = 5.0 * DOSE_TO_PM / 4.0
    running = (t >= 10) & (t <= 14)
    np.testing.assert_allclose(
        x[running], rate / KEL * (1 - np.exp(-KEL * (t[running] - 10.0))), rtol=1e-6, atol=1e-9
    )
    after = t >= 14
    x14 = rate / KEL * (1 - np.exp(-KEL * 4.0))
    np.testing.assert_allclose(x[after], x14 * np.exp(-KEL * (t[after] - 14.0)), rtol=1e-6)
    np.testing.assert_allclose((x + r.states["Xelim"])[after], 5.0 * DOSE_TO_PM, rtol=1e-7)


def test_doses_over_overlapping_times_add_up(toy_scenario: MakeScenario) -> None:
    """Two 4-day doses 2 days apart run together on days 2-4: the input doubles there."""
    r = oi.simulate(toy_scenario(events=[_treat(over="4 days", every="2 days", doses=2)]))
    t = r.times
    given = r.states["X"] + r.states["Xelim"]
    rate = 5.0 * DOSE_TO_PM / 4.0
    for day, expected in ((2.0, 2 * rate), (4.0, 6 * rate), (6.0, 8 * rate)):
        assert given[t == day][0] == pytest.approx(expected, rel=1e-6)


def test_a_bolus_route_refuses_a_dose_over_a_time(toy_scenario: MakeScenario) -> None:
    with pytest.raises(InputError, match="route iv"):
        toy_scenario(events=[_treat(route="sc", over="1 days")])


def test_sc_dose_is_absorbed_with_bioavailability(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(toy_scenario(events=[_treat(route="sc", dose="2 mg")]))
    t = r.times
    d = F_SC * 2.0 * DOSE_TO_PM
    bateman = d * KA / (KA - KEL) * (np.exp(-KEL * t) - np.exp(-KA * t))
    np.testing.assert_allclose(r.states["X"][1:], bateman[1:], rtol=1e-6)
    assert r.states["Xdepot"][0] == pytest.approx(d, rel=1e-12)
    total = r.states["Xdepot"] + r.states["X"] + r.states["Xelim"]
    np.testing.assert_allclose(total, d, rtol=1e-7)


@pytest.mark.parametrize(
    ("dose", "parameters", "mg"),
    [
        ("0.1 mg/kg", {}, 0.1 * BW),
        ("100 ug/kg", {}, 0.1 * BW),
        ("0.1 mg/kg", {"body_weight": "80 kg"}, 8.0),
        ("0.1 mg/kg", {"body_weight": "60000 g"}, 6.0),
        ("7000 ug", {}, 7.0),
        ("0.007 g", {}, 7.0),
    ],
)
def test_dose_units_and_body_weight(
    toy_scenario: MakeScenario, dose: str, parameters: dict[str, str], mg: float
) -> None:
    s = toy_scenario(events=[_treat(dose=dose)], parameters=parameters)
    init = initial_condition(s)
    (ev,) = init.events
    ((i, amount),) = ev.add_states
    assert i == init.cm.state_index["X"]
    assert amount / init.cm.state_factor[i] == pytest.approx(mg * DOSE_TO_PM, rel=1e-12)
    r = oi.simulate(s)
    assert r.states["X"][0] == pytest.approx(mg * DOSE_TO_PM, rel=1e-12)


def test_dose_amount_for_each_route(toy_scenario: MakeScenario) -> None:
    cm = initial_condition(toy_scenario()).cm
    p = cm.parameter_vector()
    i, a = dose_amount(Regimen("drugx", 3.0, route="iv"), cm, p)
    assert (i, a) == (cm.state_index["X"], pytest.approx(3000.0 * cm.state_factor[i]))
    i, a = dose_amount(Regimen("drugx", 3.0, route="sc"), cm, p)
    assert (i, a) == (cm.state_index["Xdepot"], pytest.approx(0.6 * 3000.0))


# --- dose timing ----------------------------------------------------------------------------


def test_number_and_timing_of_doses(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(events=[_treat(at="10 days", every="1 week", doses=4)])
    init = initial_condition(s)
    assert [e.time for e in init.events] == [10.0, 17.0, 24.0, 31.0]
    assert [e.label.split()[-1] for e in init.events] == ["1/4", "2/4", "3/4", "4/4"]
    x = oi.simulate(s).states["X"]
    jumps = np.nonzero(np.diff(x) > 0)[0] + 1  # output days at which X went up
    assert jumps.tolist() == [10, 17, 24, 31]


def test_doses_after_the_end_are_not_given(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(duration="30 days", events=[_treat(at="10 days", every="1 week", doses=10)])
    assert [e.time for e in initial_condition(s).events] == [10.0, 17.0, 24.0]
    end = toy_scenario(duration="24 days", events=[_treat(at="10 days", every="1 week", doses=3)])
    assert [e.time for e in initial_condition(end).events] == [10.0, 17.0, 24.0]


def test_overlapping_regimens_add_up(toy_scenario: MakeScenario) -> None:
    # linear PK: the two runs agree to the solvers' global error, so both solve tightly
    tight = oi.SolverOptions(rtol=1e-11)
    one = oi.simulate(toy_scenario(events=[_treat(at="5 days")]), options=tight)
    two = oi.simulate(
        toy_scenario(events=[_treat(at="5 days"), _treat(at="5 days")]), options=tight
    )
    np.testing.assert_allclose(two.states["X"], 2 * one.states["X"], rtol=1e-7)


def test_sbml_export_carries_the_doses(toy_scenario: MakeScenario) -> None:
    from osteoimmune.io.sbml import to_sbml

    text = to_sbml(toy_scenario(events=[_treat(at="10 days", every="1 week", doses=2)]))
    assert "drugx" in text
    assert text.count("<event ") == 2


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    dose=st.floats(min_value=1e-3, max_value=1e3),
    # times on a 1/8-day grid (exact in binary): LSODA cannot step over an interval of a few
    # ulps between a dose and an output time (an integrator limitation, the same for infusions)
    at=st.integers(min_value=0, max_value=320).map(lambda k: k / 8),
    every=st.integers(min_value=4, max_value=240).map(lambda k: k / 8),
    doses=st.integers(min_value=1, max_value=12),
    route=st.sampled_from(["iv", "sc"]),
)
def test_total_given_is_the_sum_of_doses_within_the_duration(
    toy_scenario: MakeScenario, dose: float, at: float, every: float, doses: int, route: str
) -> None:
    duration = 60.0
    s = toy_scenario(
        duration=f"{duration} days",
        save_every="10 days",
        events=[
            _treat(
                dose=f"{dose!r} mg",
                at=f"{at!r} days",
                route=route,
                # an interval only with repeated doses (every alone is refused)
                **({"every": f"{every!r} days", "doses": doses} if doses > 1 else {}),
            )
        ],
    )
    given_times = [at + k * every for k in range(doses) if at + k * every <= duration]
    init = initial_condition(s)
    assert [e.time for e in init.events] == pytest.approx(given_times)
    f = F_SC if route == "sc" else 1.0
    expected = len(given_times) * dose * f * DOSE_TO_PM
    r = oi.simulate(s)
    total = r.states["Xdepot"][-1] + r.states["X"][-1] + r.states["Xelim"][-1]
    assert total == pytest.approx(expected, rel=1e-6)
