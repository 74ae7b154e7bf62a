"""Virtual populations and trials: parameter variability, arms, executors and a resumable store.

A :class:`VirtualTrial` is data: its arms (one scenario each, e.g. placebo and denosumab), the
number of virtual subjects, how parameters vary between subjects, a seed and the observables to
keep. Subject ``i`` has the same parameters in every arm (a paired design), drawn from a random
stream of its own (``seed``, ``i``), so a subject's draw never depends on chunking, executor or
order. :func:`run_trial` runs it serially, on local processes or on a Dask cluster, in chunks
that each compile the model once, and streams every finished chunk into a DuckDB file in one
transaction: an interrupted trial resumes where it stopped, with nothing lost or duplicated.

Examples
--------
>>> import osteoimmune as oi
>>> from osteoimmune.analysis.population import LogNormal, VirtualTrial, run_trial
>>> base = {"species": "human", "sex": "female", "age": "50 years", "duration": "2 years",
...         "save_every": "30 days", "events": [{"at": "0 days", "condition": "menopause"}]}
>>> trial = VirtualTrial(
...     arms={"placebo": oi.scenario_from_dict(base)},
...     n_subjects=4,
...     variability={"kel_DMAB": LogNormal(0.3)},
...     observables=("bmd_lumbar_spine_pct",),
... )
>>> table = run_trial(trial, executor="serial", progress=False).outputs()  # doctest: +SKIP

References
----------
Allen RJ, Rieger TR, Musante CJ (2016). Efficient generation and selection of virtual
populations in quantitative systems pharmacology models. CPT Pharmacometrics Syst Pharmacol
5:140-146.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from osteoimmune.analysis.executors import EXECUTORS, Executor, get_executor
from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.protocol.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

#: Default limit on the runs one population or analysis may ask for; the environment variable
#: ``OSTEOIMMUNE_MAX_RUNS`` changes it (a shared machine may want less, a cluster more).
MAX_RUNS = 1_000_000


def max_runs() -> int:
    """The configured limit on runs per population or analysis (see :data:`MAX_RUNS`)."""
    text = os.environ.get("OSTEOIMMUNE_MAX_RUNS", "")
    try:
        return max(1, int(text)) if text else MAX_RUNS
    except ValueError:
        raise InputError("OSTEOIMMUNE_MAX_RUNS", text, "a whole number of runs") from None


class Distribution(Protocol):
    """Anything that maps a uniform quantile to a parameter value (its declared unit)."""

    def value(self, u: float, typical: float) -> float: ...


#: the largest coefficient of variation of :class:`LogNormal` (1000 %)
MAX_CV = 10.0


@dataclass(frozen=True)
class LogNormal:
    """Log-normal variability around the parameter's value, which is the median.

    ``value = typical * exp(omega * z)`` with ``z`` standard normal and
    ``omega = sqrt(log(1 + cv**2))``, the usual exponential random effect of population PK.

    Parameters
    ----------
    cv
        Coefficient of variation, e.g. 0.3 for 30 %; at most :data:`MAX_CV` (beyond it a
        subject's value spans orders of magnitude and overflows).
    """

    cv: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.cv) and 0 < self.cv <= MAX_CV):
            raise InputError(
                "LogNormal.cv", self.cv, f"a coefficient of variation above 0, at most {MAX_CV:g}"
            )

    def value(self, u: float, typical: float) -> float:
        from scipy.special import ndtri

        omega = math.sqrt(math.log1p(self.cv**2))
        return typical * math.exp(omega * float(ndtri(u)))


@dataclass(frozen=True)
class Uniform:
    """Uniform between ``low`` and ``high`` (the parameter's declared unit)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise InputError("Uniform", (self.low, self.high), "finite bounds with low < high")

    def value(self, u: float, typical: float) -> float:
        return self.low + u * (self.high - self.low)


@dataclass(frozen=True)
class FromScipy:
    """Any frozen ``scipy.stats`` distribution (values in the parameter's declared unit)."""

    dist: Any

    def __post_init__(self) -> None:
        if not callable(getattr(self.dist, "ppf", None)):
            raise InputError("FromScipy.dist", self.dist, "a frozen scipy.stats distribution")

    def value(self, u: float, typical: float) -> float:
        return float(self.dist.ppf(u))


@dataclass(frozen=True)
class VirtualTrial:
    """A virtual population run through one or more arms.

    Parameters
    ----------
    arms
        Arm name -> scenario. All arms share species and parameter set; subject ``i`` has the same
        parameters in each.
    n_subjects
        Subjects per arm.
    variability
        Parameter name -> :class:`LogNormal`, :class:`Uniform`, :class:`FromScipy` (or anything
        with ``value(u, typical)``). Parameters not named keep the set's value (or the arm's
        override, which is the typical value for :class:`LogNormal`).
    seed
        Seed of the random streams.
    observables
        Observables kept per saved time; ``()`` keeps all of them.

    Raises
    ------
    InputError
        On no arms, fewer than one subject, an unknown parameter or observable, or arms of
        different parameter sets.
    """

    arms: Mapping[str, Scenario]
    n_subjects: int
    variability: Mapping[str, Distribution] = field(default_factory=dict)
    seed: int = 0
    observables: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "arms", MappingProxyType(dict(self.arms)))
        object.__setattr__(self, "variability", MappingProxyType(dict(self.variability)))
        object.__setattr__(self, "observables", tuple(self.observables))
        if not self.arms:
            raise InputError("arms", {}, "at least one arm: name -> scenario")
        if int(self.n_subjects) != self.n_subjects or self.n_subjects < 1:
            raise InputError("n_subjects", self.n_subjects, "a whole number of at least 1")
        limit = max_runs()
        if self.n_subjects * len(self.arms) > limit:
            raise InputError(
                "n_subjects",
                self.n_subjects,
                f"at most {limit // len(self.arms)} subjects x {len(self.arms)} arm(s) "
                "(the environment variable OSTEOIMMUNE_MAX_RUNS sets the limit)",
            )
        sets = {(s.species, s.resolved_parameter_set) for s in self.arms.values()}
        if len(sets) > 1:
            raise InputError("arms", sorted(sets), "arms of one species and parameter set")
        model = self.model()
        names = {p.name for p in model.parameters}
        for pname, dist in self.variability.items():
            if pname not in names:
                raise InputError(
                    f"variability.{pname}", pname, "a parameter name", choices=sorted(names)
                )
            if not callable(getattr(dist, "value", None)):
                raise InputError(f"variability.{pname}", dist, "LogNormal, Uniform or FromScipy")
        known = {o.name for o in model.observables}
        for obs in self.observables:
            if obs not in known:
                raise InputError("observables", obs, "an observable name", choices=sorted(known))

    def check_endpoint(self, observable: str, time_days: float) -> None:
        """Refuse, before anything runs, an endpoint the trial will not have: an observable it
        does not keep, or a time outside an arm's run.

        Raises
        ------
        InputError
            Naming the endpoint and what is kept or how long the shortest arm runs.
        """
        kept = list(self.observables) or sorted(o.name for o in self.model().observables)
        if observable not in kept:
            raise InputError(
                "endpoint", observable, "an observable the trial keeps", choices=sorted(kept)
            )
        shortest = min(s.duration_days for s in self.arms.values())
        if not 0 <= time_days <= shortest:
            raise InputError(
                "endpoint",
                f"{observable}@{time_days:g} days",
                f"a time within every arm's run (0 to {shortest:g} days)",
            )

    def model(self) -> Any:
        """The composed model the arms share."""
        return next(iter(self.arms.values())).model()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """The varied parameters, in the order their quantiles are drawn."""
        return tuple(sorted(self.variability))

    def subject_parameters(self, subject: int) -> dict[str, float]:
        """Parameters of subject ``subject`` (declared units); the same on every call."""
        if not 0 <= subject < self.n_subjects:
            raise InputError("subject", subject, f"an index in 0..{self.n_subjects - 1}")
        rng = np.random.default_rng([int(self.seed), int(subject)])
        u = rng.random(len(self.parameter_names))
        values = {p.name: p.value for p in self.model().parameters}
        arm = next(iter(self.arms.values()))
        out: dict[str, float] = {}
        for k, pname in enumerate(self.parameter_names):
            typical = float(arm.parameters.get(pname, values[pname]))
            # keep u inside (0, 1): ndtri(0) is -inf
            q = min(max(float(u[k]), 1e-12), 1.0 - 1e-12)
            out[pname] = float(self.variability[pname].value(q, typical))
        return out

    def subject_scenario(self, subject: int, arm: str) -> Scenario:
        """The scenario subject ``subject`` runs in ``arm``."""
        return self.arms[arm].with_parameters(
            self.subject_parameters(subject), name=f"{arm} #{subject}"
        )

    def digest(self) -> str:
        """Identity of the trial: a store holds one trial and refuses to resume another."""
        doc = {
            "arms": {k: repr(v) for k, v in sorted(self.arms.items())},
            "n": int(self.n_subjects),
            "variability": {k: repr(v) for k, v in sorted(self.variability.items())},
            "seed": int(self.seed),
            "observables": list(self.observables),
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


def _run_chunk(trial: VirtualTrial, subjects: Sequence[int]) -> tuple[Any, Any]:
    """Run ``subjects`` through every arm: (subjects table, outputs table) as pandas frames.

    A subject whose run fails is kept with status ``failed`` and the error's message; its
    outputs are absent.
    """
    import pandas as pd

    from osteoimmune.solve.simulate import simulate

    rows: list[dict[str, Any]] = []
    frames: list[pd.DataFrame] = []
    for subject in subjects:
        params = trial.subject_parameters(subject)
        for arm in trial.arms:
            row: dict[str, Any] = {"subject": int(subject), "arm": arm, **params}
            try:
                result = simulate(trial.subject_scenario(subject, arm))
            except OsteoimmuneError as exc:
                row.update(status="failed", error=str(exc))
                rows.append(row)
                continue
            table = result.to_pandas()
            keep = list(trial.observables) or [c for c in table.columns if c != "time_days"]
            table = table[["time_days", *keep]].copy()
            table.insert(0, "arm", arm)
            table.insert(0, "subject", int(subject))
            frames.append(table)
            row.update(status="ok", error="")
            rows.append(row)
    subjects_df = pd.DataFrame(rows)
    outputs = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return subjects_df, outputs


def _store_error(path: Path, exc: Exception) -> InputError:
    """The one-line refusal of a store DuckDB cannot open or read."""
    text = " ".join(str(exc).split())
    if "lock" in text.lower():
        return InputError(
            "store",
            str(path),
            "a store no other process holds (another command is writing it: wait for it to "
            "finish, or give another --store)",
        )
    return InputError(
        "store",
        str(path),
        "a new file, or a DuckDB store written by a population run (this one cannot be read: "
        f"{text[:160]}; it may be truncated or another kind of file)",
    )


class TrialStore:
    """A DuckDB file holding one trial's subjects and outputs, written a chunk at a time.

    Tables: ``trial`` (key, value: the trial's digest and description), ``subjects`` (subject,
    arm, the varied parameters, status, error) and ``outputs`` (subject, arm, time_days, one
    column per observable).
    """

    def __init__(self, path: str | os.PathLike[str], trial: VirtualTrial) -> None:
        import duckdb

        self.path = Path(path)
        try:
            self._con = duckdb.connect(str(self.path))
            self._open(trial)
        except duckdb.Error as exc:
            raise _store_error(self.path, exc) from None

    def _open(self, trial: VirtualTrial) -> None:
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS trial (key VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        found = self._con.execute("SELECT value FROM trial WHERE key = 'digest'").fetchone()
        digest = trial.digest()
        if found is None:
            from osteoimmune._version import __version__

            model = trial.model()
            rows = {
                "digest": digest,
                "arms": json.dumps(list(trial.arms)),
                "n_subjects": str(trial.n_subjects),
                "seed": str(trial.seed),
                "variability": json.dumps({k: repr(v) for k, v in trial.variability.items()}),
                "scenarios": json.dumps({k: repr(v) for k, v in trial.arms.items()}),
                "osteoimmune_version": __version__,
                "parameter_set": model.parameter_set.name,
                "parameter_set_hash": model.parameter_set.digest,
                "model_hash": model.digest,
            }
            self._con.executemany("INSERT INTO trial VALUES (?, ?)", list(rows.items()))
        elif found[0] != digest:
            raise InputError(
                "store",
                str(self.path),
                "a new file, or the store of this same trial (it holds another one: same "
                "arms, subjects, variability, seed and observables are needed to resume)",
            )

    def done(self) -> set[int]:
        """Subjects already stored (every arm of a subject is written with it)."""
        import duckdb

        try:
            if not self._has("subjects"):
                return set()
            rows = self._con.execute("SELECT DISTINCT subject FROM subjects").fetchall()
        except duckdb.Error as exc:
            raise _store_error(self.path, exc) from None
        return {int(r[0]) for r in rows}

    def _has(self, table: str) -> bool:
        q = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
        row = self._con.execute(q, [table]).fetchone()
        return bool(row and row[0])

    def write(self, subjects: pd.DataFrame, outputs: pd.DataFrame) -> None:
        """Append one chunk, all or nothing."""
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            for name, frame in (("subjects", subjects), ("outputs", outputs)):
                if frame.empty:
                    continue
                con.register("_chunk", frame)
                if self._has(name):
                    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _chunk")
                else:
                    con.execute(f"CREATE TABLE {name} AS SELECT * FROM _chunk")
                con.unregister("_chunk")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as pandas, sorted by subject, arm (and time)."""
        import pandas as pd

        if not self._has(name):
            return pd.DataFrame()
        order = "subject, arm, time_days" if name == "outputs" else "subject, arm"
        return self._con.execute(f"SELECT * FROM {name} ORDER BY {order}").df()

    def close(self) -> None:
        self._con.close()


@dataclass(frozen=True)
class TrialResult:
    """What :func:`run_trial` ran: the trial, where it is stored and how long it took.

    Tables are read on demand (:meth:`outputs`, :meth:`subjects`), so a large population never
    has to fit in memory; :meth:`endpoint` and :meth:`summary` compute in the store.
    """

    trial: VirtualTrial
    store: Path | None
    seconds: float
    ran: int  # subjects run by this call (the rest were in the store already)
    _memory: tuple[Any, Any] | None = field(default=None, repr=False)

    def _table(self, name: str) -> pd.DataFrame:
        import pandas as pd

        if self._memory is not None:
            frame = self._memory[0 if name == "subjects" else 1]
            if frame.empty:
                return frame
            keys = ["subject", "arm", "time_days"] if name == "outputs" else ["subject", "arm"]
            return frame.sort_values(keys, kind="stable").reset_index(drop=True)
        assert self.store is not None
        store = TrialStore(self.store, self.trial)
        try:
            return store.table(name)
        finally:
            store.close()
        return pd.DataFrame()  # pragma: no cover

    def outputs(self) -> pd.DataFrame:
        """Long table: subject, arm, time_days, one column per kept observable."""
        return self._table("outputs")

    def subjects(self) -> pd.DataFrame:
        """One row per subject and arm: the varied parameters, status and error."""
        return self._table("subjects")

    def endpoint(self, observable: str, time_days: float) -> pd.DataFrame:
        """``observable`` at ``time_days`` (linear interpolation on the saved times) for every
        subject and arm: columns subject, arm, value."""
        import pandas as pd

        out = self.outputs()
        if observable not in out.columns:
            raise InputError("observable", observable, "a kept observable", choices=out.columns)
        if not out.empty and not 0 <= time_days <= float(out["time_days"].max()):
            raise InputError(
                "time_days",
                f"{time_days:g} days",
                f"a time within the runs (0 to {float(out['time_days'].max()):g} days)",
            )
        rows = []
        for (subject, arm), g in out.groupby(["subject", "arm"], sort=True):
            value = float(np.interp(time_days, g["time_days"], g[observable]))
            rows.append({"subject": subject, "arm": arm, "value": value})
        return pd.DataFrame(rows)

    def summary(
        self, observable: str, time_days: float, *, responder: Callable[[float], bool] | None = None
    ) -> pd.DataFrame:
        """Per arm: n, mean, sd, median, 5th and 95th percentiles of the endpoint, and the
        responder rate when ``responder(value)`` says who responds."""
        ep = self.endpoint(observable, time_days)
        rows = []
        for arm, g in ep.groupby("arm", sort=False):
            v = g["value"].to_numpy()
            row = {
                "arm": arm,
                "n": int(v.size),
                "mean": float(np.mean(v)),
                "sd": float(np.std(v, ddof=1)) if v.size > 1 else float("nan"),
                "median": float(np.median(v)),
                "p05": float(np.percentile(v, 5)),
                "p95": float(np.percentile(v, 95)),
            }
            if responder is not None:
                row["responder_rate"] = float(np.mean([bool(responder(x)) for x in v]))
            rows.append(row)
        import pandas as pd

        return pd.DataFrame(rows)


def _chunks(todo: Sequence[int], size: int) -> Iterator[list[int]]:
    for k in range(0, len(todo), size):
        yield list(todo[k : k + size])


def run_trial(
    trial: VirtualTrial,
    *,
    store: str | os.PathLike[str] | None = None,
    executor: str | Executor = "processes",
    workers: int | None = None,
    scheduler: str | Any | None = None,
    chunk_size: int | None = None,
    progress: bool | Callable[[int, int], None] | None = None,
    max_chunks: int | None = None,
) -> TrialResult:
    """Run a virtual trial, streaming each finished chunk to ``store``.

    Parameters
    ----------
    trial
        The trial.
    store
        A DuckDB file. Subjects already in it are skipped (resume); ``None`` keeps the tables in
        memory (small trials only).
    executor
        ``"serial"``, ``"processes"`` (local processes, ``workers`` of them, default all cores)
        or ``"dask"`` (a Dask cluster: ``scheduler`` is its address or a
        ``distributed.Client``); or an :class:`~osteoimmune.analysis.executors.Executor`.
    chunk_size
        Subjects per task (default: about four tasks per worker, at most 50 subjects).
    progress
        ``True`` for a progress bar on the terminal, ``False`` for none, or a callback
        ``progress(done, total)``; ``None``: a bar when standard error is a terminal.
    max_chunks
        Stop after this many chunks (the store keeps them; run again to resume).

    Returns
    -------
    TrialResult

    Raises
    ------
    InputError
        On an unknown executor, a store of another trial, or ``dask`` without a scheduler.
    """
    runner = get_executor(executor, workers=workers, scheduler=scheduler)
    t0 = time.perf_counter()
    new_store = store is not None and not Path(store).exists()
    db = TrialStore(store, trial) if store is not None else None
    chunks: list[list[int]] = []
    memory: list[tuple[Any, Any]] = []
    written = 0
    try:
        done = db.done() if db is not None else set()
        todo = [i for i in range(trial.n_subjects) if i not in done]
        n_workers = 1 if executor == "serial" else max(1, workers or os.cpu_count() or 1)
        if not isinstance(executor, str):
            n_workers = runner.workers
        size = chunk_size or max(1, min(50, math.ceil(len(todo) / (4 * n_workers)) or 1))
        chunks = list(_chunks(todo, size))
        if max_chunks is not None:
            chunks = chunks[: max(0, max_chunks)]
        with _reporting(progress, trial.n_subjects, len(done)) as report:

            def accept(result: tuple[Any, Any], n: int) -> None:
                nonlocal written
                if db is not None:
                    db.write(*result)
                    written += 1
                else:
                    memory.append(result)
                report(n)

            # each worker composes and compiles the model once, from the disk cache
            for i, result in runner.imap_unordered(partial(_run_chunk, trial), chunks):
                accept(result, len(chunks[i]))
    except BaseException:
        if db is not None:
            db.close()
            if new_store and written == 0:  # a failure before any chunk: leave no store behind
                for leftover in (Path(store), Path(f"{store}.wal")):  # type: ignore[arg-type]
                    leftover.unlink(missing_ok=True)
        raise
    if db is not None:
        db.close()
    ran = sum(len(c) for c in chunks)
    mem = None
    if store is None:
        import pandas as pd

        subs = [m[0] for m in memory if not m[0].empty]
        outs = [m[1] for m in memory if not m[1].empty]
        mem = (
            pd.concat(subs, ignore_index=True) if subs else pd.DataFrame(),
            pd.concat(outs, ignore_index=True) if outs else pd.DataFrame(),
        )
    return TrialResult(
        trial=trial,
        store=None if store is None else Path(store),
        seconds=time.perf_counter() - t0,
        ran=ran,
        _memory=mem,
    )


@contextmanager
def _reporting(
    progress: bool | Callable[[int, int], None] | None, total: int, start: int
) -> Iterator[Callable[[int], None]]:
    """Yields ``report(n)``: n more subjects are done, told to the callback ``progress(done,
    total)``, or drawn as a bar (``True``, or ``None`` on a terminal), or to no one."""
    import sys

    show = sys.stderr.isatty() if progress is None else progress is True
    done = start
    if callable(progress) or not show:
        sink = progress if callable(progress) else None

        def tell(n: int) -> None:
            nonlocal done
            done += n
            if sink is not None:
                sink(done, total)

        yield tell
        return
    from osteoimmune.progress import counting_bar

    with counting_bar("subjects", transient=False) as bar:
        bar(done, total)

        def draw(n: int) -> None:
            nonlocal done
            done += n
            bar(done, total)

        yield draw


__all__ = [
    "EXECUTORS",
    "MAX_CV",
    "MAX_RUNS",
    "Distribution",
    "FromScipy",
    "LogNormal",
    "TrialResult",
    "TrialStore",
    "Uniform",
    "VirtualTrial",
    "max_runs",
    "run_trial",
]
