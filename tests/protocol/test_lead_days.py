"""A condition's changes begin ``lead_days`` before its ``at``; what falls before t = 0 is
history that leads to the state at t = 0."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import osteoimmune as oi
from osteoimmune.protocol import Scenario
from osteoimmune.solve.simulate import initial_condition

MakeScenario = Callable[..., Scenario]
TA, DA, LEAD = 100.0, 0.1, 30.0  # healthy a cells, their death rate, lead of `inflamed`


def _ta(since: np.ndarray) -> np.ndarray:
    """a cells after supply doubled ``since`` days ago."""
    return 2 * TA - TA * np.exp(-DA * since)


def test_lead_moves_the_onset_earlier(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(events=[{"condition": "inflamed", "at": "50 days"}])
    init = initial_condition(s)
    assert [e.time for e in init.events] == [50.0 - LEAD]
    r = oi.simulate(s)
    t = r.times
    np.testing.assert_allclose(r.states["Ta"][t <= 20], TA, rtol=1e-9)
    late = t >= 20
    np.testing.assert_allclose(r.states["Ta"][late], _ta(t[late] - 20), rtol=1e-6)


def test_an_onset_moved_before_zero_becomes_history(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(events=[{"condition": "inflamed", "at": "10 days"}])
    init = initial_condition(s)
    assert init.events == ()  # acted at -20 days, during the history
    i = init.cm.parameter_index["stim"]
    assert init.p0[i] == 2.0
    r = oi.simulate(s)
    # integrated from -20 days: 20 days of doubled supply by t = 0
    np.testing.assert_allclose(r.states["Ta"], _ta(r.times + 20.0), rtol=1e-6)
    assert r.states["Ta"][0] == pytest.approx(_ta(np.array([20.0]))[0], rel=1e-6)


def test_a_negative_at_adds_the_lead(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(toy_scenario(events=[{"condition": "inflamed", "at": "-10 days"}]))
    assert r.states["Ta"][0] == pytest.approx(_ta(np.array([40.0]))[0], rel=1e-6)


def test_condition_without_lead_starts_at_at(toy_scenario: MakeScenario) -> None:
    init = initial_condition(toy_scenario(events=[{"condition": "flare", "at": "3 days"}]))
    assert [e.time for e in init.events] == [3.0]
