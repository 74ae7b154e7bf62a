"""``osteoimmune population``: a virtual population or trial into a resumable DuckDB store."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from osteoimmune.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    FORMATTER,
    SEEDS,
    WORKERS,
    cell,
    check_output,
    counting,
    table,
    whole_number,
)
from osteoimmune.errors import InputError

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.protocol.scenario import Scenario

EPILOG = """\
examples:
  osteoimmune population menopause --n 1000 --store trial.duckdb --vary k_TNF=0.3
  osteoimmune population --arm placebo=menopause --arm denosumab=dmab.yaml --n 500 \\
      --store trial.duckdb --vary kel_DMAB=0.3 --endpoint "bmd_lumbar_spine_pct@5 years"
  osteoimmune population menopause --n 10000 --store big.duckdb --scheduler tcp://host:8786

Run the same command again to resume an interrupted population: subjects already in the store
are skipped.
"""


def register(sub: Subparsers) -> None:
    """Add ``population`` to the command line."""
    pop = sub.add_parser(
        "population",
        help="run a virtual population or trial into a resumable DuckDB store",
        description="Run N virtual subjects (parameters varied log-normally) through one or "
        "more arms on local processes or a Dask cluster; each finished chunk is written to the "
        "store, and running the same command again resumes where it stopped.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    pop.add_argument("scenario", metavar="SCENARIO", nargs="?", help="the (first) arm's scenario")
    pop.add_argument(
        "--n", type=whole_number(1, 1_000_000), required=True, metavar="N", help="subjects per arm"
    )
    pop.add_argument("--store", required=True, metavar="FILE", help="the DuckDB file (.duckdb)")
    pop.add_argument(
        "--arm",
        action="append",
        metavar="NAME=SCENARIO",
        help="an arm; repeat for several",
    )
    pop.add_argument(
        "--vary",
        action="append",
        metavar="PARAM=CV",
        help="log-normal variability of a parameter (coefficient of variation); repeat",
    )
    pop.add_argument(
        "--observables",
        nargs="+",
        metavar="NAME",
        help="observables kept (default all)",
    )
    pop.add_argument(
        "--seed", type=SEEDS, default=0, help="seed of the subjects' draws (default 0)"
    )
    pop.add_argument(
        "--workers", type=WORKERS, metavar="K", help="local processes (default all cores)"
    )
    pop.add_argument(
        "--chunk-size",
        type=whole_number(1, 1_000_000),
        metavar="N",
        help="subjects per task written at once (default: auto)",
    )
    pop.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler instead")
    pop.add_argument(
        "--endpoint",
        metavar="NAME@TIME",
        help="print each arm's distribution of this endpoint",
    )
    pop.set_defaults(func=command)


def parse_pairs(items: Sequence[str] | None, flag: str) -> list[tuple[str, str]]:
    """``NAME=VALUE`` options as pairs."""
    out = []
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(flag, item, "NAME=VALUE")
        out.append((key.strip(), value.strip()))
    return out


def _arms(args: argparse.Namespace) -> dict[str, Scenario]:
    from osteoimmune.protocol.scenario import load_scenario

    arms = {name: load_scenario(src) for name, src in parse_pairs(args.arm, "--arm")}
    if not arms and not args.scenario:
        raise InputError("SCENARIO", None, "a scenario, or arms as --arm NAME=SCENARIO")
    if args.scenario:
        scenario = load_scenario(args.scenario)
        arms = {scenario.name: scenario, **arms}
    return arms


def _variability(args: argparse.Namespace) -> dict[str, Any]:
    from osteoimmune.analysis.population import LogNormal

    variability = {}
    for name, cv in parse_pairs(args.vary, "--vary"):
        try:
            variability[name] = LogNormal(float(cv))
        except (ValueError, InputError) as exc:
            raise InputError(
                f"--vary {name}", cv, "a coefficient of variation, e.g. 0.3, up to 10"
            ) from exc
    return variability


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run the trial into ``--store``; print its size and each arm's ``--endpoint``."""
    from osteoimmune.analysis.population import VirtualTrial, run_trial
    from osteoimmune.analysis.sensitivity import Output

    store = Path(args.store)
    check_output(store, "--store", (".duckdb", ".db"))
    if args.n < 1:
        raise InputError("--n", args.n, "a number of subjects of at least 1")
    if args.chunk_size is not None and args.chunk_size < 1:
        raise InputError("--chunk-size", args.chunk_size, "a number of subjects of at least 1")
    arms = _arms(args)
    variability = _variability(args)
    endpoint = Output.parse(args.endpoint) if args.endpoint else None
    trial = VirtualTrial(
        arms=arms,
        n_subjects=args.n,
        variability=variability,
        seed=args.seed,
        observables=tuple(args.observables or ()),
    )
    if endpoint is not None:
        trial.check_endpoint(endpoint.observable, endpoint.time_days)
    executor = "dask" if args.scheduler else ("serial" if args.workers == 1 else "processes")
    with counting(err, "subjects") as progress:
        result = run_trial(
            trial,
            store=store,
            executor=executor,
            workers=args.workers,
            scheduler=args.scheduler,
            chunk_size=args.chunk_size,
            progress=progress if progress is not None else False,
        )
    subjects = result.subjects()
    failed = int((subjects["status"] != "ok").sum()) if not subjects.empty else 0
    out.print(
        cell(
            f"{trial.n_subjects} subjects x {len(arms)} arm(s) in {store} ({result.ran} run now, "
            f"{trial.n_subjects - result.ran} already stored; {failed} failed runs) in "
            f"{result.seconds:.1f} s"
        )
    )
    if endpoint is not None:
        summary = result.summary(endpoint.observable, endpoint.time_days)
        stats = ("mean", "sd", "median", "p05", "p95")
        rows = table(f"{endpoint.label}", ("arm", "n", *stats), right=("n", *stats))
        for _, row in summary.iterrows():
            values = (cell(f"{row[c]:.4g}") for c in stats)
            rows.add_row(cell(row["arm"]), cell(int(row["n"])), *values)
        out.print(rows)
    return EXIT_OK if failed == 0 else EXIT_FAILED
