"""Steady states and stability of the configurations a scenario reaches."""

from __future__ import annotations

import numpy as np
import pytest

import osteoimmune as oi
from osteoimmune.analysis.steady import equilibrium
from osteoimmune.errors import InputError


def test_healthy_state_is_stable_and_balanced() -> None:
    eq = equilibrium(oi.load_scenario("healthy"))
    assert eq.stable
    assert np.all(eq.eigenvalues.real < 0)
    assert eq.observables["osteoclasts_rel"] == pytest.approx(1.0, rel=1e-6)
    assert abs(eq.drift_per_year["BV_trab"]) < 1e-6  # formation matches resorption
    assert 100 < eq.slowest_days < 1e5


def test_estrogen_loss_settles_on_a_resorbing_state() -> None:
    """After menopause the turnover settles higher (Garnero 1996: CTX up by about 2-fold) and
    trabecular bone keeps being lost (Recker 2004: about 1 %/year late after menopause)."""
    meno = equilibrium(oi.load_scenario("menopause"))
    healthy = equilibrium(oi.load_scenario("healthy"))
    assert meno.stable
    assert meno.observables["osteoclasts_rel"] > 1.5
    assert meno.observables["ctx_ng_ml"] > 1.5 * healthy.observables["ctx_ng_ml"]
    assert -3.0 < meno.drift_per_year["BV_trab"] < -0.5


def test_times_outside_the_run_are_refused() -> None:
    with pytest.raises(InputError, match="at_days"):
        equilibrium(oi.load_scenario("healthy"), at_days=-1.0)
