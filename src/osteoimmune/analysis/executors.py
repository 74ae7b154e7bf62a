"""Where many independent runs execute: in this process, on local processes, or on a Dask cluster.

An executor maps a function over tasks and yields each result as it finishes, with the index of
its task, so the caller stores or places it (a population streams chunks into its store, a
sensitivity analysis fills rows of its output array). What a task computes never depends on the
executor: the serial, process and Dask executors give the same numbers, in another order.

Examples
--------
>>> from osteoimmune.analysis.executors import get_executor
>>> sorted(get_executor("serial").imap_unordered(abs, [-2, -1]))
[(0, 2), (1, 1)]

Functions and tasks sent to processes or to a cluster are pickled: a function defined at module
level (or a :func:`functools.partial` of one) and plain data.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from osteoimmune.errors import InputError

#: Names that :func:`get_executor` accepts.
EXECUTORS = ("serial", "processes", "dask")

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` over tasks and yields ``(index, result)`` as each task finishes."""

    @property
    def workers(self) -> int:
        """How many tasks run at once (callers size their chunks by it)."""
        ...

    def imap_unordered(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        """Yield ``(i, fn(tasks[i]))`` for every task, in the order they finish."""
        ...


@dataclass(frozen=True)
class SerialExecutor:
    """Every task in this process, one after another, in order."""

    @property
    def workers(self) -> int:
        return 1

    def imap_unordered(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        for i, task in enumerate(tasks):
            yield i, fn(task)


#: how often a worker process checks that its parent is alive, seconds
PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    """In a worker process: a daemon thread that ends the process as soon as ``parent`` (the
    process that started it) is gone, even killed with SIGKILL, so that no worker goes on
    computing for nobody."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:  # re-parented: the parent has died
                os._exit(1)

    threading.Thread(target=watch, name="osteoimmune-parent-watch", daemon=True).start()


@dataclass(frozen=True)
class ProcessExecutor:
    """Tasks on local processes, each a fresh interpreter (spawned: no forked DuckDB connection
    or numba threads), at most two tasks per worker in flight. Workers exit within
    :data:`PARENT_CHECK_SECONDS` when the process that started them dies.

    Attributes
    ----------
    n_workers
        Number of processes; ``None``: one per core.
    """

    n_workers: int | None = None

    @property
    def workers(self) -> int:
        return max(1, self.n_workers or os.cpu_count() or 1)

    def imap_unordered(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

        ctx = multiprocessing.get_context("spawn")
        queue = iter(enumerate(tasks))
        with ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            pending: dict[Future[R], int] = {}

            def submit(n: int) -> None:
                for _ in range(n):
                    item = next(queue, None)
                    if item is None:
                        return
                    pending[pool.submit(fn, item[1])] = item[0]

            submit(2 * self.workers)
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i = pending.pop(fut)
                    yield i, fut.result()
                    submit(1)


@dataclass(frozen=True)
class DaskExecutor:
    """Tasks on a Dask cluster, at most two tasks per worker in flight; a task lost with its
    worker runs again elsewhere (Dask's own retry).

    Attributes
    ----------
    scheduler
        The scheduler's address (a client is opened and closed around each map), or a
        ``distributed.Client`` (left open).
    """

    scheduler: str | Any

    def _client(self) -> tuple[Any, bool]:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise InputError(
                "executor", "dask", "an installed Dask: pip install 'osteoimmune[dask]'"
            ) from exc
        if isinstance(self.scheduler, Client):
            return self.scheduler, False
        return Client(self.scheduler), True

    @property
    def workers(self) -> int:
        client, owned = self._client()
        try:
            return max(1, len(client.scheduler_info().get("workers", {})))
        finally:
            if owned:
                client.close()

    def imap_unordered(self, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R]]:
        from distributed import as_completed

        client, owned = self._client()
        try:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            queue = iter(enumerate(tasks))
            index: dict[Any, int] = {}

            def submit(n: int) -> list[Any]:
                out = []
                for _ in range(n):
                    item = next(queue, None)
                    if item is None:
                        break
                    fut = client.submit(fn, item[1], pure=False)
                    index[fut.key] = item[0]
                    out.append(fut)
                return out

            flow = as_completed(submit(2 * n_workers))
            for fut in flow:
                result = fut.result()
                i = index.pop(fut.key)
                fut.release()
                yield i, result
                for nxt in submit(1):
                    flow.add(nxt)
        finally:
            if owned:
                client.close()


def get_executor(
    name: str | Executor = "serial",
    *,
    workers: int | None = None,
    scheduler: str | Any | None = None,
) -> Executor:
    """The executor called ``name``, or ``name`` itself when it already is one.

    Parameters
    ----------
    name
        ``"serial"``, ``"processes"`` (``workers`` local processes, ``None``: one per core) or
        ``"dask"`` (the cluster at ``scheduler``: its address or a ``distributed.Client``).
    workers
        Local processes of ``"processes"``.
    scheduler
        The Dask scheduler of ``"dask"``.

    Raises
    ------
    InputError
        On an unknown name, or ``"dask"`` without a scheduler.
    """
    if not isinstance(name, str):
        return name
    if name not in EXECUTORS:
        raise InputError("executor", name, f"one of {', '.join(EXECUTORS)}", choices=EXECUTORS)
    if name == "serial":
        return SerialExecutor()
    if name == "processes":
        return ProcessExecutor(workers)
    if scheduler is None:
        raise InputError("scheduler", None, "a Dask scheduler address or distributed.Client")
    return DaskExecutor(scheduler)


__all__ = [
    "EXECUTORS",
    "DaskExecutor",
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "get_executor",
]
