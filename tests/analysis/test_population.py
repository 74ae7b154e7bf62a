"""Virtual trials: reproducible subjects, executors that agree, a store that resumes."""

from __future__ import annotations

import math
import os
import signal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import osteoimmune as oi
from osteoimmune.analysis.population import (
    FromScipy,
    LogNormal,
    Uniform,
    VirtualTrial,
    run_trial,
)
from osteoimmune.errors import InputError

BASE = {
    "species": "human",
    "sex": "female",
    "age": "50 years",
    "duration": "1 years",
    "save_every": "91.3125 days",
    "events": [{"at": "0 days", "condition": "menopause"}],
}
TREATED = {
    **BASE,
    "events": [
        *BASE["events"],
        {
            "at": "30 days",
            "treatment": "denosumab",
            "dose": "60 mg",
            "every": "6 months",
            "doses": 2,
        },
    ],
}
OBS = ("bmd_lumbar_spine_pct", "ctx_ng_ml")


def _trial(n: int = 12, seed: int = 7) -> VirtualTrial:
    return VirtualTrial(
        arms={"placebo": oi.scenario_from_dict(BASE), "denosumab": oi.scenario_from_dict(TREATED)},
        n_subjects=n,
        variability={"kel_DMAB": LogNormal(0.3), "Kd_DMAB": LogNormal(0.5)},
        seed=seed,
        observables=OBS,
    )


@pytest.fixture(scope="module")
def serial() -> pd.DataFrame:
    return run_trial(_trial(), executor="serial", progress=False).outputs()


def test_subjects_are_reproducible_and_paired() -> None:
    trial = _trial()
    assert trial.subject_parameters(3) == _trial().subject_parameters(3)
    assert trial.subject_parameters(3) != trial.subject_parameters(4)
    assert trial.subject_parameters(3) != _trial(seed=8).subject_parameters(3)
    for arm in trial.arms:  # the same subject in both arms
        sc = trial.subject_scenario(3, arm)
        assert {k: sc.parameters[k] for k in trial.variability} == trial.subject_parameters(3)


def test_lognormal_is_centred_on_the_parameter_value() -> None:
    trial = VirtualTrial(
        arms={"a": oi.scenario_from_dict(BASE)},
        n_subjects=2000,
        variability={"kel_DMAB": LogNormal(0.3)},
    )
    typical = next(p.value for p in trial.model().parameters if p.name == "kel_DMAB")
    draws = np.array([trial.subject_parameters(i)["kel_DMAB"] for i in range(2000)])
    assert abs(np.median(draws) / typical - 1) < 0.03
    cv = np.std(draws) / np.mean(draws)
    assert abs(cv - 0.3) < 0.03


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-6, 1 - 1e-6), st.floats(0.01, 2.0), st.floats(1e-3, 1e3))
def test_distributions_map_quantiles_monotonically(u: float, cv: float, typical: float) -> None:
    lo, hi = LogNormal(cv).value(u * 0.5, typical), LogNormal(cv).value(u, typical)
    assert 0 < lo <= hi
    assert math.isclose(LogNormal(cv).value(0.5, typical), typical, rel_tol=1e-12)
    assert 1.0 <= Uniform(1.0, 2.0).value(u, typical) <= 2.0


def test_scipy_distributions_are_accepted() -> None:
    from scipy import stats

    assert FromScipy(stats.gamma(2.0)).value(0.5, 1.0) == pytest.approx(stats.gamma(2.0).median())
    with pytest.raises(InputError, match="scipy"):
        FromScipy(42)


def test_bad_trials_are_refused() -> None:
    arm = {"a": oi.scenario_from_dict(BASE)}
    with pytest.raises(InputError, match=r"variability\.k_nope"):
        VirtualTrial(arms=arm, n_subjects=3, variability={"k_nope": LogNormal(0.2)})
    with pytest.raises(InputError, match="n_subjects"):
        VirtualTrial(arms=arm, n_subjects=0)
    with pytest.raises(InputError, match="observables"):
        VirtualTrial(arms=arm, n_subjects=3, observables=("bmd_nope",))
    with pytest.raises(InputError, match="cv"):
        LogNormal(-0.1)
    with pytest.raises(InputError, match="executor"):
        run_trial(VirtualTrial(arms=arm, n_subjects=1), executor="threads")


def test_serial_table_has_every_subject_arm_and_time(serial: pd.DataFrame) -> None:
    assert list(serial.columns) == ["subject", "arm", "time_days", *OBS]
    assert serial.groupby(["subject", "arm"]).size().eq(5).all()
    assert serial["subject"].nunique() == 12
    # denosumab's PK varies: treated subjects differ, placebo subjects do not
    # two months after the first dose
    at = serial[np.isclose(serial.time_days, 91.3125)]
    treated = at[at.arm == "denosumab"]["ctx_ng_ml"]
    placebo = at[at.arm == "placebo"]["ctx_ng_ml"]
    assert treated.std() > 0.01 * treated.mean()
    assert placebo.std() < 1e-9 * placebo.mean()
    assert treated.mean() < placebo.mean()


def test_processes_and_a_resumed_store_give_the_serial_table(serial, tmp_path) -> None:
    store = tmp_path / "trial.duckdb"
    part = run_trial(
        _trial(), store=store, executor="processes", workers=2, chunk_size=3,
        progress=False, max_chunks=2,
    )  # fmt: skip
    assert part.ran == 6
    assert part.subjects()["subject"].nunique() == 6
    rest = run_trial(_trial(), store=store, executor="processes", workers=2, progress=False)
    assert rest.ran == 6
    pd.testing.assert_frame_equal(rest.outputs(), serial)
    again = run_trial(_trial(), store=store, executor="serial", progress=False)
    assert again.ran == 0  # nothing left, nothing duplicated
    pd.testing.assert_frame_equal(again.outputs(), serial)


def test_a_store_refuses_another_trial(tmp_path) -> None:
    store = tmp_path / "trial.duckdb"
    run_trial(_trial(n=2), store=store, executor="serial", progress=False)
    with pytest.raises(InputError, match="store"):
        run_trial(_trial(n=2, seed=99), store=store, executor="serial", progress=False)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"hello", "cannot be read"),  # another kind of file
        (bytes(range(256)) * 20, "cannot be read"),  # random bytes
    ],
)
def test_a_store_that_is_not_a_store_is_refused_and_kept(content, words, tmp_path) -> None:
    store = tmp_path / "trial.duckdb"
    store.write_bytes(content)
    with pytest.raises(InputError, match=words):
        run_trial(_trial(n=2), store=store, executor="serial", progress=False)
    assert store.read_bytes() == content  # refused, not repaired or replaced


def test_a_truncated_or_locked_store_is_refused_in_one_line(tmp_path) -> None:
    import duckdb

    store = tmp_path / "trial.duckdb"
    run_trial(_trial(n=2), store=store, executor="serial", progress=False)
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(store.read_bytes()[:6000])
    with pytest.raises(InputError, match="truncated"):
        run_trial(_trial(n=2), store=truncated, executor="serial", progress=False)
    # another process writing it: DuckDB's file lock (a second process; one process may hold
    # several connections to one file)
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys, time; c = duckdb.connect({str(store)!r}); print('held', flush=True);"
         " sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="no other process holds"):
            run_trial(_trial(n=2), store=store, executor="serial", progress=False)
    finally:
        holder.communicate("", timeout=60)
    assert duckdb.connect(str(store), read_only=True).execute(
        "SELECT count(DISTINCT subject) FROM subjects"
    ).fetchone() == (2,)


def test_summary_reports_responders(serial) -> None:
    res = run_trial(_trial(n=4), executor="serial", progress=False)
    table = res.summary("bmd_lumbar_spine_pct", 365.25, responder=lambda v: v > -1.0)
    assert set(table["arm"]) == {"placebo", "denosumab"}
    assert set(table.columns) >= {"n", "mean", "median", "p05", "p95", "responder_rate"}
    row = table.set_index("arm")
    assert row.loc["denosumab", "mean"] > row.loc["placebo", "mean"]


def test_progress_callback_counts_subjects() -> None:
    seen: list[tuple[int, int]] = []
    run_trial(
        _trial(n=3), executor="serial", chunk_size=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.slow
def test_a_thousand_subject_trial_on_dask_survives_a_killed_worker_and_resumes(tmp_path) -> None:
    """Denosumab against placebo in 1,000 virtual women on a local Dask cluster: interrupted
    after 300 subjects, resumed while one worker is killed, the store holds the serial table."""
    distributed = pytest.importorskip("distributed")
    trial = _trial(n=1000, seed=11)
    serial = run_trial(trial, executor="serial", progress=False).outputs()
    store = tmp_path / "trial.duckdb"
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        distributed.Client(cluster) as client,
    ):
        first = run_trial(trial, store=store, executor="dask", scheduler=client, chunk_size=50,
                          progress=False, max_chunks=6)  # fmt: skip
        assert first.ran == 300
        victim = next(iter(client.scheduler_info()["workers"]))
        pid = client.run(os.getpid, workers=[victim])[victim]
        killed: list[bool] = []

        def kill_once(done: int, total: int) -> None:
            if not killed:  # after the first chunk of the resumed run: a worker dies mid-trial
                killed.append(True)
                os.kill(pid, signal.SIGKILL)

        res = run_trial(trial, store=store, executor="dask", scheduler=client, chunk_size=50,
                        progress=kill_once)  # fmt: skip
    assert killed
    assert res.ran == 700
    table = res.outputs()
    assert table.groupby(["subject", "arm"]).ngroups == 2000  # nothing lost or duplicated
    pd.testing.assert_frame_equal(table, serial)
    summary = res.summary("ctx_ng_ml", 91.3125)
    row = summary.set_index("arm")
    assert row.loc["denosumab", "mean"] < 0.8 * row.loc["placebo", "mean"]


def test_populations_beyond_the_configured_limit_are_refused(monkeypatch) -> None:
    monkeypatch.setenv("OSTEOIMMUNE_MAX_RUNS", "10")
    with pytest.raises(InputError, match="OSTEOIMMUNE_MAX_RUNS"):
        _trial(n=6)  # 6 subjects x 2 arms
    _trial(n=5)
    monkeypatch.setenv("OSTEOIMMUNE_MAX_RUNS", "ten")
    with pytest.raises(InputError, match="OSTEOIMMUNE_MAX_RUNS"):
        _trial(n=5)
