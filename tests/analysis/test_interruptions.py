"""Interruptions: a population killed with SIGKILL loses no finished chunk, leaves its store
consistent, resumes, and ends with the table of an uninterrupted run; outputs carry their
provenance; the same inputs give bit-identical tables."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

import osteoimmune as oi
from osteoimmune.analysis.population import LogNormal, VirtualTrial, run_trial

ENTRY = "import sys; from osteoimmune.cli import main; sys.exit(main(sys.argv[1:]))"
N = 400


def _command(store: str) -> list[str]:
    return [
        sys.executable, "-c", ENTRY, "population", "menopause", "--n", str(N),
        "--store", store, "--vary", "k_TNF=0.2", "--observables", "bmd_lumbar_spine_pct",
        "ctx_ng_ml", "--workers", "1", "--chunk-size", "2",
    ]  # fmt: skip


def _done(store: str) -> int:
    con = duckdb.connect(store, read_only=True)
    try:
        row = con.execute("SELECT count(DISTINCT subject) FROM subjects").fetchone()
        return int(row[0]) if row else 0
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


@pytest.mark.slow
def test_sigkill_loses_nothing_and_resume_gives_the_uninterrupted_table(tmp_path) -> None:
    store = str(tmp_path / "population.duckdb")
    proc = subprocess.Popen(_command(store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not os.path.exists(store):
        time.sleep(0.1)
    time.sleep(4.0)  # computing: some chunks stored, most not
    assert proc.poll() is None, "the population finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _done(store)  # the store opens: consistent after the kill
    assert done < N
    assert done % 2 == 0  # whole chunks only
    resumed = subprocess.run(_command(store), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{N - done} run now, {done} already stored" in resumed.stdout.replace("\n", " ")

    scenario = oi.load_scenario("menopause")
    trial = VirtualTrial(
        arms={scenario.name: scenario},
        n_subjects=N,
        variability={"k_TNF": LogNormal(0.2)},
        observables=("bmd_lumbar_spine_pct", "ctx_ng_ml"),
    )
    expected = run_trial(trial, executor="serial", progress=False).outputs()
    con = duckdb.connect(store, read_only=True)
    got = con.execute("SELECT * FROM outputs ORDER BY subject, arm, time_days").df()
    meta = dict(con.execute("SELECT key, value FROM trial").fetchall())
    con.close()
    pd.testing.assert_frame_equal(got, expected)
    assert meta["osteoimmune_version"] == oi.__version__
    assert meta["parameter_set_hash"] == scenario.model().parameter_set.digest
    assert "menopause" in meta["scenarios"]


def test_the_same_inputs_give_bit_identical_tables() -> None:
    sc = oi.load_scenario("menopause")
    a = oi.simulate(sc).to_pandas(states=True)
    b = oi.simulate(oi.load_scenario("menopause")).to_pandas(states=True)
    assert a.equals(b)


@pytest.mark.slow
def test_workers_exit_when_their_parent_is_killed(tmp_path) -> None:
    """SIGKILL of a population's parent cannot be caught, so each worker watches its parent
    and exits on its own (issue: workers went on computing for nobody)."""
    psutil = pytest.importorskip("psutil")
    store = str(tmp_path / "population.duckdb")
    command = _command(store)
    command[command.index("--workers") + 1] = "2"
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(parent.children(recursive=True)) < 2:
        time.sleep(0.2)
    workers = parent.children(recursive=True)
    assert len(workers) >= 2, "the workers never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)
    for p in alive:  # do not leave them behind when the test fails
        p.kill()
    assert not alive, [p.pid for p in alive]
