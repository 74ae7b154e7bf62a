"""Executors: serial, local processes and Dask run the same tasks to the same results."""

from __future__ import annotations

import numpy as np
import pytest

import osteoimmune as oi
from osteoimmune.analysis.executors import (
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    get_executor,
)
from osteoimmune.analysis.sensitivity import Output, evaluate
from osteoimmune.errors import InputError

TASKS = [np.arange(k, k + 5, dtype=float) for k in range(7)]


def _task(x: np.ndarray) -> float:
    """Module level, so that processes and clusters can unpickle it."""
    return float(np.sum(np.sqrt(x) * np.exp(-x / 7.0)))


def _results(executor: Executor) -> dict[int, float]:
    out = dict(executor.imap_unordered(_task, TASKS))
    assert sorted(out) == list(range(len(TASKS)))  # every task once
    return out


def test_serial_runs_in_order() -> None:
    got = list(SerialExecutor().imap_unordered(_task, TASKS))
    assert [i for i, _ in got] == list(range(len(TASKS)))
    assert [v for _, v in got] == [_task(t) for t in TASKS]


def test_processes_give_the_serial_results() -> None:
    assert _results(ProcessExecutor(2)) == _results(SerialExecutor())


def test_dask_gives_the_serial_results() -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert _results(DaskExecutor(client)) == _results(SerialExecutor())


def test_executors_by_name() -> None:
    assert isinstance(get_executor("serial"), SerialExecutor)
    assert get_executor("processes", workers=3).workers == 3
    mine = ProcessExecutor(1)
    assert get_executor(mine) is mine
    with pytest.raises(InputError, match="executor"):
        get_executor("threads")
    with pytest.raises(InputError, match="scheduler"):
        get_executor("dask")


def test_sensitivity_runs_agree_serially_and_on_processes() -> None:
    scenario = oi.scenario_from_dict({"duration": "60 days", "save_every": "10 days"})
    samples = np.array([[v] for v in (20.0, 30.0, 40.0, 50.0, 60.0)])
    outputs = [Output.parse("ctx_pct@50 days"), Output.parse("osteoclasts_rel@60 days")]
    serial = evaluate(scenario, ["k_TNF"], samples, outputs, executor=SerialExecutor())
    processes = evaluate(scenario, ["k_TNF"], samples, outputs, executor=ProcessExecutor(2))
    assert np.all(np.isfinite(serial))
    np.testing.assert_array_equal(processes, serial)
