"""Benchmarks against libRoadRunner, measured side by side in one process (or one machine).

Sections (``run_benchmarks(sections=...)``):

``single``
    The 10-year human scenario of :data:`BENCH_SCENARIO` (menopause, denosumab from year 3,
    weekly output) with the full model: median wall time of ``osteoimmune.simulate`` against
    libRoadRunner's ``simulate`` of the package's own SBML export, both warm (compilation
    excluded and reported on rows of its own), with the same tolerances.
``ensemble``
    A virtual population of that scenario with inter-individual variability of denosumab's
    pharmacokinetics: the package's :func:`~osteoimmune.analysis.population.run_trial` on local
    processes against libRoadRunner's multiprocessing recipe (one compiled model, pickled to a
    pool of worker processes, each subject reset, re-parameterised and simulated). Throughputs
    in subjects per second; the peer may run a subsample (its rate does not depend on N).
``startup``
    ``osteoimmune run healthy`` in a fresh process, with the disk cache warm.
``memory``
    A population streamed to a DuckDB store in a fresh process: peak resident memory of the
    main process and of the largest worker.
``scaling``
    Wall time against simulated duration (both engines), number of subjects and workers.

Every timed package run is also checked against a tight-tolerance reference solve (LSODA,
rtol 1e-11): the headline observables must agree within 1e-4 relative (to their largest
magnitude over the run).
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from osteoimmune._version import __version__
from osteoimmune.units import DAYS_PER_YEAR

#: The single-run scenario of the performance targets.
BENCH_SCENARIO: dict[str, Any] = {
    "species": "human",
    "sex": "female",
    "age": "50 years",
    "duration": "10 years",
    "save_every": "7 days",
    "events": [
        {"at": "0 days", "condition": "menopause"},
        {
            "at": "3 years",
            "treatment": "denosumab",
            "dose": "60 mg",
            "every": "6 months",
            "doses": 14,
        },
    ],
}
#: Observables whose agreement with the reference is checked.
HEADLINE = ("bmd_lumbar_spine_pct", "bmd_total_hip_pct", "ctx_ng_ml", "estrogen_pg_ml")
#: Parameters varied between virtual subjects (log-normal, CV 30 %): denosumab's absorption,
#: elimination, bioavailability and affinity. None acts before the first dose, so every subject
#: starts from the same healthy state and the peer needs no per-subject equilibration.
VARIED = ("ka_DMAB", "kel_DMAB", "F_DMAB", "Kd_DMAB")
RTOL = 1e-8
AGREEMENT = 1e-4
SECTIONS = ("single", "ensemble", "startup", "memory", "scaling")


@dataclass
class BenchReport:
    """Rows of timings, the ratios against the peer, accuracy checks and versions."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    ratios: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    scaling: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def row(self, section: str, what: str, value: float, unit: str = "s", kind: str = "") -> None:
        self.rows.append(
            {"section": section, "what": what, "value": value, "unit": unit, "kind": kind}
        )

    @property
    def targets_met(self) -> bool:
        return all(r.get("met", True) for r in self.ratios.values()) and all(
            c.get("ok", True) for c in self.checks.values()
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "ratios": self.ratios,
            "checks": self.checks,
            "scaling": self.scaling,
            "versions": self.versions,
            "notes": self.notes,
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            },
            "targets_met": self.targets_met,
        }


def _median(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _versions() -> dict[str, str]:
    import numba
    import scipy

    out = {
        "osteoimmune": __version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "numba": numba.__version__,
        "python": platform.python_version(),
    }
    try:
        import roadrunner

        out["libroadrunner"] = roadrunner.__version__
    except ImportError:
        out["libroadrunner"] = "not installed"
    return out


def _scenario(duration_years: float | None = None) -> Any:
    from osteoimmune.protocol.scenario import scenario_from_dict

    doc = dict(BENCH_SCENARIO)
    if duration_years is not None:
        doc["duration"] = f"{duration_years} years"
        reg = dict(doc["events"][1])
        reg["doses"] = math.ceil((duration_years - 3) * 2 - 1e-9)  # every 6 months to the end
        doc["events"] = [doc["events"][0], reg] if duration_years > 3 else [doc["events"][0]]
    return scenario_from_dict(doc, name="bench")


def _reference(scenario: Any) -> Any:
    from osteoimmune.solve.integrate import SolverOptions
    from osteoimmune.solve.simulate import simulate

    return simulate(scenario, options=SolverOptions(method="lsoda", rtol=1e-11, atol=1e-13))


def _agreement(result: Any, reference: Any) -> dict[str, float]:
    out = {}
    for name in HEADLINE:
        a = np.asarray(result.observables[name])
        b = np.asarray(reference.observables[name])
        out[name] = float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-300))
    return out


class _Peer:
    """libRoadRunner on the package's SBML export of a scenario, compiled once and kept as a
    saved state in the disk cache (keyed by the SBML text and the peer's version)."""

    def __init__(self, scenario: Any, report: BenchReport) -> None:
        import roadrunner

        roadrunner.Logger.setLevel(roadrunner.Logger.LOG_ERROR)  # CVODE's step-size warnings

        from osteoimmune.cachedir import cache_file
        from osteoimmune.io.sbml import sbml_ids, to_sbml
        from osteoimmune.solve.simulation import Simulation

        t0 = time.perf_counter()
        # one Simulation: the export's start and events, and the tolerances, are the package's
        sim = Simulation(scenario)
        sbml = to_sbml(sim)
        report.row("single", "SBML export (to_sbml)", time.perf_counter() - t0, kind="once")
        model = sim.model
        state = cache_file("roadrunner", f"{roadrunner.__version__}|{sbml}", ".rr")
        t0 = time.perf_counter()
        if state is not None and state.is_file():
            rr = roadrunner.RoadRunner()
            rr.loadState(str(state))
            what = "libRoadRunner: load the compiled model from its saved state"
        else:
            rr = roadrunner.RoadRunner(sbml)
            what = "libRoadRunner: load (parse + LLVM compile)"
            if state is not None:
                state.parent.mkdir(parents=True, exist_ok=True)
                rr.saveState(str(state))
        report.row("single", what, time.perf_counter() - t0, kind="once")
        ids = sbml_ids(model)
        self.state_ids = [ids[s.name] for s in model.states]
        self.parameter_ids = {p.name: ids[p.name] for p in model.parameters if p.name in ids}
        self.cm = sim.compiled
        self.atol = sim.absolute_tolerance  # the package's per-state rule, at t = 0
        self.rr = rr
        self.state_file = state
        self._tolerances(rr)

    def _tolerances(self, rr: Any) -> None:
        rr.setIntegrator("cvode")
        rr.integrator.relative_tolerance = RTOL
        for sid, tol in zip(self.state_ids, self.atol, strict=True):
            rr.integrator.setIndividualTolerance(sid, float(tol))

    def simulate(self, grid: np.ndarray, values: dict[str, float] | None = None) -> np.ndarray:
        rr = self.rr
        rr.resetAll()
        for name, v in (values or {}).items():
            rr.setValue(self.parameter_ids[name], v)
        with _quiet_output():
            return np.asarray(rr.simulate(times=grid, selections=["time", *self.state_ids]))


@contextlib.contextmanager
def _quiet_output() -> Iterator[None]:
    """Standard output and error of this process (file descriptors 1 and 2) to /dev/null: CVODE
    inside libRoadRunner prints a step-size warning per dose event there, past its logger."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    try:
        yield
    finally:
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


def bench_single(report: BenchReport, repeats: int) -> dict[str, Any]:
    """The single-run section; returns what later sections reuse (the peer, the grid)."""
    from osteoimmune.solve.compile import compile_model
    from osteoimmune.solve.simulate import simulate

    t0 = time.perf_counter()
    scenario = _scenario()
    report.row("single", "osteoimmune: build scenario (parse, compose model)",
               time.perf_counter() - t0, kind="once")  # fmt: skip
    t0 = time.perf_counter()
    compile_model(scenario.model(), cached=False)
    report.row("single", "osteoimmune: code generation, no disk cache",
               time.perf_counter() - t0, kind="once")  # fmt: skip
    t0 = time.perf_counter()
    simulate(scenario)
    report.row("single", "osteoimmune: first simulate (load compiled code, steady state, run)",
               time.perf_counter() - t0, kind="once")  # fmt: skip
    t_sim, result = _median(lambda: simulate(scenario), repeats)
    report.row("single", "osteoimmune: simulate, warm", t_sim, kind=f"median of {repeats}")
    reference = _reference(scenario)
    agree = _agreement(result, reference)
    report.checks["single: osteoimmune vs reference"] = {
        "max_relative_difference": agree,
        "ok": max(agree.values()) <= AGREEMENT,
    }
    out: dict[str, Any] = {"scenario": scenario, "result": result, "reference": reference}
    try:
        peer = _Peer(scenario, report)
    except ImportError:
        report.notes.append("libroadrunner is not installed (pip install libroadrunner)")
        return out
    grid = np.asarray(result.times, dtype=float)
    peer.simulate(grid)  # first run after loading
    t_rr, rr_out = _median(lambda: peer.simulate(grid), repeats)
    report.row("single", "libRoadRunner: simulate, warm (reset + run)", t_rr,
               kind=f"median of {repeats}")  # fmt: skip
    ratio = t_sim / t_rr
    report.ratios["single run"] = {
        "osteoimmune_s": t_sim,
        "libroadrunner_s": t_rr,
        "ratio": ratio,
        "target": "<= 0.5",
        "met": ratio <= 0.5,
    }
    # the peer against the reference, on every state at the end
    factors = peer.cm.state_factor
    ref_end = np.array([reference.states[s.name][-1] for s in peer.cm.model.states]) * factors
    peer_end = rr_out[-1, 1:]
    floor = 1e-6 * factors
    rel = float(np.max(np.abs(peer_end - ref_end) / np.maximum(np.abs(ref_end), floor)))
    report.checks["single: libRoadRunner vs reference (end states)"] = {
        "max_relative_difference": rel,
        "ok": rel <= AGREEMENT,
    }
    out.update(peer=peer, grid=grid)
    return out


def _peer_worker_init(state_file: str, state_ids: list[str], atol: list[float]) -> None:
    import roadrunner

    global _PEER_RR, _PEER_IDS
    roadrunner.Logger.setLevel(roadrunner.Logger.LOG_ERROR)
    null = os.open(os.devnull, os.O_WRONLY)  # a worker's output: CVODE's step-size warnings
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    rr = roadrunner.RoadRunner()
    rr.loadState(state_file)
    rr.setIntegrator("cvode")
    rr.integrator.relative_tolerance = RTOL
    for sid, tol in zip(state_ids, atol, strict=True):
        rr.integrator.setIndividualTolerance(sid, float(tol))
    _PEER_RR, _PEER_IDS = rr, state_ids


_PEER_RR: Any = None
_PEER_IDS: list[str] = []


def _peer_subject(args: tuple[dict[str, float], np.ndarray]) -> float:
    values, grid = args
    rr = _PEER_RR
    rr.resetAll()
    for sid, v in values.items():
        rr.setValue(sid, v)
    out = np.asarray(rr.simulate(times=grid, selections=["time", *_PEER_IDS]))
    return float(out[-1, 1])


def _trial(n: int, duration_years: float | None = None) -> Any:
    from osteoimmune.analysis.population import LogNormal, VirtualTrial

    return VirtualTrial(
        arms={"denosumab": _scenario(duration_years)},
        n_subjects=n,
        variability={name: LogNormal(0.3) for name in VARIED},
        seed=2026,
        observables=HEADLINE,
    )


def _run_population(
    n: int, workers: int, store: Path, duration_years: float | None = None
) -> float:
    from osteoimmune.analysis.population import run_trial

    if store.exists():
        store.unlink()
    t0 = time.perf_counter()
    run_trial(
        _trial(n, duration_years), store=store, executor="processes", workers=workers,
        progress=False,
    )  # fmt: skip
    return time.perf_counter() - t0


def bench_ensemble(
    report: BenchReport, single: dict[str, Any], subjects: int, peer_subjects: int, workers: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t_pkg = _run_population(subjects, workers, Path(tmp) / "trial.duckdb")
    rate_pkg = subjects / t_pkg
    report.row("ensemble", f"osteoimmune: {subjects} subjects on {workers} processes", t_pkg,
               kind="once, pool start included")  # fmt: skip
    # accuracy of one varied subject against the reference solve of the same subject
    from osteoimmune.solve.simulate import simulate

    trial = _trial(subjects)
    sub = trial.subject_scenario(subjects - 1, "denosumab")
    agree = _agreement(simulate(sub), _reference(sub))
    report.checks["ensemble: a varied subject vs reference"] = {
        "max_relative_difference": agree,
        "ok": max(agree.values()) <= AGREEMENT,
    }
    peer = single.get("peer")
    if peer is None or peer.state_file is None:
        report.notes.append("ensemble: no peer (libroadrunner missing or no disk cache)")
        return
    import multiprocessing

    grid = single["grid"]
    jobs = []
    cm = peer.cm
    for i in range(peer_subjects):
        values = trial.subject_parameters(i)
        canonical = cm.parameter_vector(values)  # the peer's SBML is in canonical units
        ids = {peer.parameter_ids[k]: float(canonical[cm.parameter_index[k]]) for k in values}
        jobs.append((ids, grid))
    ctx = multiprocessing.get_context("spawn")
    t0 = time.perf_counter()
    with ctx.Pool(
        workers,
        initializer=_peer_worker_init,
        initargs=(str(peer.state_file), peer.state_ids, [float(a) for a in peer.atol]),
    ) as pool:
        pool.map(_peer_subject, jobs, chunksize=1)
    t_rr = time.perf_counter() - t0
    rate_rr = peer_subjects / t_rr
    report.row("ensemble", f"libRoadRunner: {peer_subjects} subjects on {workers} processes",
               t_rr, kind="once, pool start included")  # fmt: skip
    ratio = rate_pkg / rate_rr
    report.ratios["ensemble throughput"] = {
        "osteoimmune_subjects_per_s": rate_pkg,
        "libroadrunner_subjects_per_s": rate_rr,
        "osteoimmune_subjects": subjects,
        "libroadrunner_subjects": peer_subjects,
        "workers": workers,
        "ratio": ratio,
        "target": ">= 4.0",
        "met": ratio >= 4.0,
    }


def _cli_command() -> list[str]:
    exe = Path(sys.executable).with_name("osteoimmune")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "osteoimmune.cli"]


def bench_startup(report: BenchReport, repeats: int) -> None:
    cmd = [*_cli_command(), "run", "healthy"]
    subprocess.run(cmd, check=True, capture_output=True)  # warms the disk cache
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    report.row("startup", "osteoimmune run healthy, fresh process", t, kind=f"median of {repeats}")
    report.ratios["start-up"] = {"seconds": t, "target": "< 3 s", "met": t < 3.0}


def _memory_child(n: int, workers: int, store: str) -> None:
    """Run in a fresh process: a population to ``store``; print peak memory as JSON."""
    import resource

    t = _run_population(n, workers, Path(store), duration_years=1.0)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": t, "main_mib": own, "largest_worker_mib": kids}))


def bench_memory(report: BenchReport, subjects: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "population.duckdb"
        code = (
            "from osteoimmune.report.bench import _memory_child; "
            f"_memory_child({subjects}, {workers}, {str(store)!r})"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        )
        size = store.stat().st_size / 2**20
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    report.row("memory", f"{subjects} subjects (1 year, weekly) to DuckDB", doc["seconds"],
               kind="once")  # fmt: skip
    report.row("memory", "peak memory, main process", doc["main_mib"], unit="MiB")
    report.row("memory", "peak memory, largest worker", doc["largest_worker_mib"], unit="MiB")
    report.row("memory", "store size on disk", size, unit="MiB")
    peak = max(doc["main_mib"], doc["largest_worker_mib"])
    report.ratios["memory"] = {
        "subjects": subjects,
        "peak_mib": peak,
        "target": "< 1024 MiB",
        "met": peak < 1024,
    }


def bench_scaling(
    report: BenchReport, single: dict[str, Any], workers: int, plot: Path | None
) -> None:
    from osteoimmune.solve.simulate import simulate

    durations = [1, 2, 5, 10]
    pkg, peer_t = [], []
    peer = single.get("peer")
    for years in durations:
        sc = _scenario(years)
        simulate(sc)
        pkg.append(_median(functools.partial(simulate, sc), 3)[0])
        if peer is not None:
            grid = np.arange(0.0, years * DAYS_PER_YEAR + 1e-9, 7.0)
            peer_t.append(_median(functools.partial(peer.simulate, grid), 3)[0])
    counts = [25, 50, 100, 200]
    by_n = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            by_n.append(_run_population(n, workers, Path(tmp) / f"n{n}.duckdb"))
        worker_counts = sorted({1, workers})
        by_w = [_run_population(100, w, Path(tmp) / f"w{w}.duckdb") for w in worker_counts]
    report.scaling = {
        "duration_years": durations,
        "osteoimmune_s": pkg,
        "libroadrunner_s": peer_t,
        "subjects": counts,
        "subjects_s": by_n,
        "workers": worker_counts,
        "workers_s_100_subjects": by_w,
    }
    if plot is not None:
        scaling_figure(report.scaling, plot)


def scaling_figure(s: dict[str, Any], path: Path) -> None:
    """Three panels: time vs simulated duration, vs subjects, vs workers."""
    import logging

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # log-axis mathtext
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 3, figsize=(12, 3.6), constrained_layout=True)
    ax[0].plot(s["duration_years"], s["osteoimmune_s"], "o-", label="osteoimmune")
    if s["libroadrunner_s"]:
        ax[0].plot(s["duration_years"], s["libroadrunner_s"], "s--", label="libRoadRunner")
    ax[0].set(xlabel="simulated years", ylabel="seconds per run", yscale="log",
              title="one run vs duration")  # fmt: skip
    ax[0].legend()
    ax[1].plot(s["subjects"], s["subjects_s"], "o-")
    ax[1].set(xlabel="subjects (10-year runs)", ylabel="seconds", title="population vs size")
    ax[2].plot(s["workers"], s["workers_s_100_subjects"], "o-")
    ax[2].set(xlabel="worker processes", ylabel="seconds (100 subjects)", title="vs workers",
              xticks=s["workers"])  # fmt: skip
    fig.savefig(path, dpi=120)
    plt.close(fig)


def run_benchmarks(
    sections: Sequence[str] = SECTIONS,
    *,
    repeats: int = 5,
    subjects: int = 1000,
    peer_subjects: int = 10,
    memory_subjects: int = 10_000,
    workers: int | None = None,
    plot: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> BenchReport:
    """Run the benchmark ``sections`` (see the module's documentation).

    Raises
    ------
    InputError
        On an unknown section or a count below 1.
    """
    from osteoimmune.errors import InputError

    for s in sections:
        if s not in SECTIONS:
            raise InputError("sections", s, f"one of {', '.join(SECTIONS)}")
    for name, v in (("repeats", repeats), ("subjects", subjects), ("peer_subjects", peer_subjects),
                    ("memory_subjects", memory_subjects)):  # fmt: skip
        if v < 1:
            raise InputError(name, v, "at least 1")
    n_workers = workers or min(os.cpu_count() or 1, 2)
    report = BenchReport(versions=_versions())
    say = progress or (lambda s: None)
    single: dict[str, Any] = {}
    if {"single", "ensemble", "scaling"} & set(sections):
        say("single run")
        single = bench_single(report, repeats)
    if "ensemble" in sections:
        say("ensemble")
        bench_ensemble(report, single, subjects, peer_subjects, n_workers)
    if "startup" in sections:
        say("start-up")
        bench_startup(report, repeats)
    if "memory" in sections:
        say("memory")
        bench_memory(report, memory_subjects, n_workers)
    if "scaling" in sections:
        say("scaling")
        bench_scaling(report, single, n_workers, None if plot is None else Path(plot))
    return report


def format_report(report: BenchReport) -> str:
    """The report as plain text: rows, then ratios and checks."""
    lines = []
    width = max((len(r["what"]) for r in report.rows), default=10)
    for r in report.rows:
        lines.append(f"{r['section']:<9} {r['what']:<{width}} {r['value']:>10.4g} {r['unit']:<3} "
                     f"{r['kind']}")  # fmt: skip
    lines.append("")
    for name, r in report.ratios.items():
        met = "met" if r.get("met") else "NOT MET"
        value = r.get("ratio", r.get("seconds", r.get("peak_mib")))
        lines.append(f"{name}: {value:.3g} (target {r['target']}): {met}")
    for name, c in report.checks.items():
        diff = c["max_relative_difference"]
        worst = max(diff.values()) if isinstance(diff, dict) else diff
        lines.append(f"accuracy, {name}: {worst:.2e} ({'OK' if c['ok'] else 'FAILED'}, "
                     f"<= {AGREEMENT:g})")  # fmt: skip
    lines += [f"note: {n}" for n in report.notes]
    lines.append("versions: " + ", ".join(f"{k} {v}" for k, v in report.versions.items()))
    return "\n".join(lines)


__all__ = ["BENCH_SCENARIO", "SECTIONS", "BenchReport", "format_report", "run_benchmarks"]
