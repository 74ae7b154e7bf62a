"""Benchmark: a 10-year human run of the bone core, osteoimmune versus libRoadRunner.

Both engines run the same scenario in the same process: ``osteoimmune.simulate`` on the compiled
declarations (LSODA, analytic Jacobian) and libRoadRunner (LLVM-compiled, CVODE) on the
package's own SBML export of that scenario (:func:`osteoimmune.io.sbml.to_sbml`). Both use
relative tolerance 1e-8 and comparable absolute tolerances, report on the same weekly grid and
must agree on every state at the end to 1e-4 relative.

Usage::

    python benchmarks/bench_core.py [--json FILE] [--repeats N]

See benchmarks/README.md for what each row includes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import osteoimmune as oi
from osteoimmune.io.sbml import sbml_ids, to_sbml
from osteoimmune.solve.compile import _compile, default_backend
from osteoimmune.solve.integrate import SolverOptions, integrate, steady_state
from osteoimmune.solve.simulate import _prepare
from osteoimmune.units import canonical_factor

SCENARIO = {
    "duration": "10 years",
    "save_every": "7 days",
    "events": [
        {
            "at": "3 years",
            "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "2 years"},
        }
    ],
}
RTOL = 1e-8  # the package's default relative tolerance, used by both engines
AGREEMENT = 1e-4


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _median(fn: Callable[[], Any], repeats: int) -> tuple[float, list[float], Any]:
    times: list[float] = []
    out = None
    for _ in range(repeats):
        dt, out = _timed(fn)
        times.append(dt)
    return statistics.median(times), times, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="FILE", help="also write the timings as JSON to FILE")
    ap.add_argument("--repeats", type=int, default=7, help="timed runs per engine (default 7)")
    ap.add_argument(
        "--no-disk-cache",
        action="store_true",
        help="set OSTEOIMMUNE_CACHE_DIR=off: the first simulate generates the model code",
    )
    args = ap.parse_args(argv)
    if args.no_disk_cache:
        os.environ["OSTEOIMMUNE_CACHE_DIR"] = "off"
    disk_cache = os.environ.get("OSTEOIMMUNE_CACHE_DIR", "~/.cache/osteoimmune")
    if args.repeats < 1:
        ap.error("--repeats must be at least 1")
    try:
        import roadrunner
    except ImportError:
        print("libroadrunner is not installed: pip install libroadrunner", file=sys.stderr)
        return 2

    rows: list[tuple[str, float, str]] = []

    # --- osteoimmune ----------------------------------------------------------------------
    t_scen, scenario = _timed(lambda: oi.scenario_from_dict(SCENARIO, name="bench_core"))
    rows.append(("osteoimmune: build scenario (parse, compose model)", t_scen, "once"))
    t_first, result = _timed(lambda: oi.simulate(scenario))
    rows.append(("osteoimmune: first simulate (compile + steady state + run)", t_first, "once"))
    model = scenario.model()
    # the code generation alone, bypassing both caches (SymPy's own caches are warm by now)
    saved = os.environ.get("OSTEOIMMUNE_CACHE_DIR")
    os.environ["OSTEOIMMUNE_CACHE_DIR"] = "off"
    try:
        t_compile, _ = _timed(lambda: _compile.__wrapped__(model, default_backend()))
    finally:
        if saved is None:
            del os.environ["OSTEOIMMUNE_CACHE_DIR"]
        else:
            os.environ["OSTEOIMMUNE_CACHE_DIR"] = saved
    rows.append(("osteoimmune: compile alone, no disk cache", t_compile, "once"))
    t_sim, sim_all, result = _median(lambda: oi.simulate(scenario), args.repeats)
    rows.append(("osteoimmune: simulate, warm (steady state + run + outputs)", t_sim, "median"))

    # the integration alone, from the t = 0 state: the work libRoadRunner's simulate does
    prep = _prepare(scenario)
    cm = prep.cm
    t_ss, ss_all, y0 = _median(lambda: steady_state(cm, prep.p_start), args.repeats)
    rows.append(("osteoimmune: steady state alone", t_ss, "median"))
    grid = np.asarray(result.times, dtype=float)
    opts = SolverOptions(rtol=RTOL)
    t_int, int_all, traj = _median(
        lambda: integrate(cm, y0, prep.p_start, grid, prep.events, opts), args.repeats
    )
    rows.append(("osteoimmune: integrate alone (LSODA, events)", t_int, "median"))

    # --- libRoadRunner on the package's SBML --------------------------------------------
    t_export, sbml = _timed(lambda: to_sbml(scenario))
    rows.append(("SBML export (to_sbml, includes a steady state)", t_export, "once"))
    t_load, rr = _timed(lambda: roadrunner.RoadRunner(sbml))
    rows.append(("libRoadRunner: load (parse + LLVM compile)", t_load, "once"))
    ids = sbml_ids(model)
    selections = ["time", *(ids[s.name] for s in model.states)]
    # absolute tolerance as the package sets it: 1e-10 of each state's scale (the smallest)
    scale = np.maximum(np.abs(y0), 1e-6 * cm.state_factor)
    rr.setIntegrator("cvode")
    rr.integrator.relative_tolerance = RTOL
    rr.integrator.absolute_tolerance = float(1e-10 * np.min(scale))

    def rr_run() -> np.ndarray:
        rr.resetAll()  # states and the parameters that events changed
        return np.asarray(rr.simulate(times=grid, selections=selections))

    t_rr_first, _ = _timed(rr_run)
    rows.append(("libRoadRunner: first simulate", t_rr_first, "once"))
    t_rr, rr_all, out = _median(rr_run, args.repeats)
    rows.append(("libRoadRunner: simulate, warm (reset + run)", t_rr, "median"))

    # --- agreement at the end --------------------------------------------------------------
    worst = 0.0
    worst_state = ""
    for k, s in enumerate(model.states):
        a = float(out[-1, k + 1]) / canonical_factor(s.unit)
        b = float(result.states[s.name][-1])
        c = float(traj.states[-1, k]) / canonical_factor(s.unit)
        # states that stay at zero (no antigen, no drug) compare against an absolute floor
        rel = max(abs(a - b), abs(c - b)) / max(abs(a), abs(b), 1e-12)
        if rel > worst:
            worst, worst_state = rel, s.name
    agree = worst <= AGREEMENT

    width = max(len(r[0]) for r in rows)
    print(f"10-year human run, {grid.size} output times, events: OPG infusion years 3-5")
    print(f"osteoimmune code cache: {disk_cache}")
    print(f"{'what':<{width}}  {'seconds':>10}  kind")
    for name, secs, kind in rows:
        print(f"{name:<{width}}  {secs:10.4f}  {kind}")
    print()
    print(f"ratio simulate (warm) / libRoadRunner simulate: {t_sim / t_rr:8.1f}")
    print(f"ratio integrate alone / libRoadRunner simulate: {t_int / t_rr:8.1f}")
    print(
        f"end-state agreement: max relative difference {worst:.2e} ({worst_state}); "
        f"{'OK' if agree else 'FAILED'} (<= {AGREEMENT:g})"
    )

    if args.json:
        doc = {
            "scenario": SCENARIO,
            "repeats": args.repeats,
            "output_times": int(grid.size),
            "rtol": RTOL,
            "osteoimmune_code_cache": disk_cache,
            "rows": [{"what": n, "seconds": s, "kind": k} for n, s, k in rows],
            "samples": {
                "osteoimmune_simulate": sim_all,
                "osteoimmune_steady_state": ss_all,
                "osteoimmune_integrate": int_all,
                "roadrunner_simulate": rr_all,
            },
            "ratio_simulate_over_roadrunner": t_sim / t_rr,
            "ratio_integrate_over_roadrunner": t_int / t_rr,
            "max_relative_difference_end": worst,
            "agree": agree,
            "versions": {
                "osteoimmune": oi.__version__,
                "libroadrunner": roadrunner.__version__,
                "numpy": np.__version__,
                "python": platform.python_version(),
            },
            "machine": platform.platform(),
        }
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
