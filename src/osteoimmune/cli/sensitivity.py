"""``osteoimmune sensitivity``: local, Morris or Sobol sensitivity of observables."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from osteoimmune.analysis.sensitivity import DEFAULT_METHOD, METHODS
from osteoimmune.cli._common import (
    EXIT_OK,
    FORMATTER,
    SEEDS,
    WORKERS,
    cell,
    check_output,
    check_spares_inputs,
    counting,
    print_written,
    table,
    whole_number,
)

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers

EPILOG = """\
examples:
  osteoimmune sensitivity menopause --output "bmd_lumbar_spine_pct@7 years" --method local
  osteoimmune sensitivity menopause --output "bmd_lumbar_spine_pct@7 years" --method morris \\
      --parameters k_TNF n_OB f_E2_T --spread 0.2 --plot morris.png
  osteoimmune sensitivity menopause --output "ctx_ng_ml@3 years" --method sobol --n 256 \\
      --parameters k_TNF n_OB f_E2_T k_act --json sobol.json
"""


def register(sub: Subparsers) -> None:
    """Add ``sensitivity`` to the command line."""
    sen = sub.add_parser(
        "sensitivity",
        help="local, Morris or Sobol sensitivity of observables to parameters",
        description="Sensitivity of observables at given times to parameters: normalised local "
        "coefficients, Morris screening or Sobol indices (SALib), over ranges of +/- SPREAD "
        "around each value or the parameter set's declared bounds.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    sen.add_argument("scenario", metavar="SCENARIO")
    sen.add_argument(
        "--output",
        action="append",
        required=True,
        metavar="NAME@TIME",
        help="an observable at a time, e.g. bmd_lumbar_spine_pct@7years; repeat for several",
    )
    sen.add_argument(
        "--method",
        choices=METHODS,
        default=DEFAULT_METHOD,
        help=f"default {DEFAULT_METHOD}",
    )
    sen.add_argument(
        "--parameters",
        nargs="+",
        metavar="NAME",
        help="parameters (default: all nonzero ones that their bounds do not fix)",
    )
    sen.add_argument(
        "--spread",
        type=float,
        default=0.5,
        help="ranges of value x (1 +/- SPREAD), cut to the declared bounds (default 0.5)",
    )
    sen.add_argument(
        "--declared-bounds",
        action="store_true",
        help="use the parameter set's bounds instead",
    )
    sen.add_argument(
        "--n", type=whole_number(2, 2**20), default=256, help="Sobol base samples, a power of 2"
    )
    sen.add_argument(
        "--trajectories", type=whole_number(2, 100_000), default=20, help="Morris trajectories"
    )
    sen.add_argument("--seed", type=SEEDS, default=0)
    sen.add_argument(
        "--workers", type=WORKERS, metavar="K", help="local processes (default all cores)"
    )
    sen.add_argument(
        "--top",
        type=whole_number(1, 100_000),
        default=15,
        metavar="N",
        help="rows printed and plotted",
    )
    sen.add_argument("--plot", metavar="FILE", help="tornado or Sobol bar chart")
    sen.add_argument("--json", metavar="FILE", help="write rankings and indices as JSON")
    sen.add_argument("--csv", metavar="FILE", help="write the index table as CSV")
    sen.set_defaults(func=command)


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run the analysis, print each output's ranking and write ``--csv``, ``--json``, ``--plot``."""
    import numpy as np

    from osteoimmune.analysis.sensitivity import Output, sensitivity
    from osteoimmune.io.files import AtomicFiles, write_json
    from osteoimmune.protocol.scenario import load_scenario

    check_spares_inputs(
        [("--plot", args.plot), ("--json", args.json), ("--csv", args.csv)], [args.scenario]
    )
    for flag, target in (
        ("--plot", args.plot),
        ("--json", args.json),
        ("--csv", args.csv),
    ):
        if target:
            check_output(Path(target), flag)
    scenario = load_scenario(args.scenario)
    outputs = [Output.parse(o) for o in args.output]
    with counting(err, f"{args.method} runs") as progress:
        res = sensitivity(
            scenario, outputs, args.parameters, method=args.method,
            spread=None if args.declared_bounds else args.spread, n=args.n,
            trajectories=args.trajectories, seed=args.seed, workers=args.workers,
            progress=progress,
        )  # fmt: skip
    for o in outputs:
        rows = table(f"{args.method}: {o.label}", ("parameter", *res.columns), right=res.columns)
        for name in res.ranking(o.label)[: args.top]:
            row = res.table[(res.table["output"] == o.label) & (res.table["parameter"] == name)]
            rows.add_row(cell(name), *(cell(f"{float(row[c].iloc[0]):.4g}") for c in res.columns))
        out.print(rows)
    failed = int((~np.isfinite(res.values).all(axis=1)).sum())
    out.print(cell(f"{res.values.shape[0]} runs ({failed} failed)"))
    doc = {"method": res.method, "scenario": scenario.name, **res.to_dict()}
    with AtomicFiles() as files:  # all or nothing
        if args.csv:
            files.add(Path(args.csv), lambda p: res.table.to_csv(p, index=False))
        if args.json:
            files.add(Path(args.json), lambda p: write_json(p, doc))
        if args.plot:
            from osteoimmune.plotting import sensitivity_figure

            files.add(Path(args.plot), lambda p: sensitivity_figure(res, p, top=args.top))
    print_written(out, files.written)
    return EXIT_OK
