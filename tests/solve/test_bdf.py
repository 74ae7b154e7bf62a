"""The compiled BDF integrator against SciPy's LSODA, its Jacobian groups, zeros and failures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import osteoimmune as oi
from osteoimmune.errors import SolverError
from osteoimmune.model.compose import compose
from osteoimmune.solve.compile import JacobianPattern, compile_model
from osteoimmune.solve.integrate import SolverOptions, integrate, steady_state
from osteoimmune.solve.simulate import initial_condition

pytest.importorskip("numba")

#: the benchmark's scenario: menopause, then denosumab every 6 months from year 3
MENOPAUSE_DENOSUMAB = {
    "species": "human",
    "sex": "female",
    "age": "50 years",
    "duration": "6 years",
    "save_every": "7 days",
    "events": [
        {"at": "0 days", "condition": "menopause"},
        {"at": "3 years", "treatment": "denosumab", "dose": "60 mg", "every": "6 months",
         "doses": 6},
    ],
}  # fmt: skip
HEADLINE = ("bmd_lumbar_spine_pct", "bmd_total_hip_pct", "ctx_ng_ml", "estrogen_pg_ml")


@pytest.fixture(scope="module")
def human():
    return compile_model(compose("human"), backend="numba")


def test_bdf_agrees_with_a_tight_lsoda_reference() -> None:
    """Default BDF against LSODA at rtol 1e-11: the headline observables within 1e-4."""
    scenario = oi.scenario_from_dict(MENOPAUSE_DENOSUMAB, name="menopause + denosumab")
    fast = oi.simulate(scenario)
    ref = oi.simulate(scenario, options=SolverOptions(method="lsoda", rtol=1e-11, atol=1e-13))
    for name in HEADLINE:
        a, b = fast.observables[name], ref.observables[name]
        scale = np.max(np.abs(b))
        assert np.max(np.abs(a - b)) <= 1e-4 * scale, name


def test_methods_agree_on_every_state_after_events(human) -> None:
    scenario = oi.scenario_from_dict(MENOPAUSE_DENOSUMAB, name="md")
    init = initial_condition(scenario)
    t = np.arange(0.0, 6 * 365.25, 7.0)
    runs = [
        integrate(human, init.y0, init.p0, t, init.events, SolverOptions(method=m))
        for m in ("bdf", "lsoda")
    ]
    floor = 1e-6 * human.state_factor
    rel = np.abs(runs[0].states - runs[1].states) / np.maximum(np.abs(runs[1].states), floor)
    assert np.max(rel) < 1e-4


def test_absent_pathogen_stays_exactly_zero() -> None:
    """Without neutrophils an infection grows from any seed; round-off must not seed one."""
    scenario = oi.scenario_from_dict(
        {
            "species": "human",
            "duration": "120 days",
            "save_every": "1 days",
            "events": [
                {"condition": "psoriatic_arthritis", "at": "-1 years"},
                {"cells": {"deplete": "hsc", "fraction": 0.99}, "at": "10 days"},
            ],
        }
    )
    r = oi.simulate(scenario, options=SolverOptions(method="bdf"))
    assert np.all(r.states["Pathogen"] == 0.0)


def test_a_real_infection_still_grows_and_clears() -> None:
    r = oi.simulate(oi.load_scenario("infection"), options=SolverOptions(method="bdf"))
    ref = oi.simulate(oi.load_scenario("infection"), options=SolverOptions(method="lsoda"))
    p, q = r.states["Pathogen"], ref.states["Pathogen"]
    assert p.max() > 0.1
    np.testing.assert_allclose(p, q, atol=1e-4 * q.max())


def test_too_many_steps_raises_with_time_and_state(human) -> None:
    y0 = steady_state(human, human.p0)
    with pytest.raises(SolverError, match=r"max_steps.*fastest-changing state"):
        integrate(human, y0 * 1.5, human.p0, [0.0, 1000.0], (), SolverOptions(max_steps=5))


def test_bdf_needs_the_numba_backend() -> None:
    slow = compile_model(compose("pivonka2008"), backend="python")
    with pytest.raises(SolverError, match="numba"):
        integrate(slow, slow.guess, slow.p0, [0.0, 1.0], (), SolverOptions(method="bdf"))


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        SolverOptions(method="rk45")


def test_settling_with_held_states_matches_lsoda(human) -> None:
    fast = steady_state(human, human.p0)
    slow = compile_model(compose("human"), backend="python")
    ref = steady_state(slow, slow.p0)
    np.testing.assert_allclose(fast, ref, rtol=1e-6, atol=1e-12 * np.max(np.abs(ref)))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.sets(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=0, max_size=40
            ),
        )
    )
)
def test_column_groups_never_share_a_row(case: tuple[int, set[tuple[int, int]]]) -> None:
    n, entries = case
    rows = np.array([i for i, _ in sorted(entries)], dtype=np.intp)
    cols = np.array([j for _, j in sorted(entries)], dtype=np.intp)
    pat = JacobianPattern.from_entries(n, rows, cols)
    assert sorted(pat.group_cols.tolist()) == list(range(n))  # every column once
    for g in range(pat.n_groups):
        seen: set[int] = set()
        for j in pat.group_cols[pat.group_ptr[g] : pat.group_ptr[g + 1]]:
            col = set(pat.col_rows[pat.col_ptr[j] : pat.col_ptr[j + 1]].tolist())
            assert not col & seen
            seen |= col
    dense = np.zeros((n, n), dtype=bool)
    for j in range(n):
        dense[pat.col_rows[pat.col_ptr[j] : pat.col_ptr[j + 1]], j] = True
    expect = np.zeros((n, n), dtype=bool)
    expect[rows, cols] = True
    assert np.array_equal(dense, expect)
