"""``osteoimmune fit``: estimate parameters from a time-course CSV."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from osteoimmune.cli._common import (
    EXIT_OK,
    FORMATTER,
    SEEDS,
    cell,
    check_output,
    check_spares_inputs,
    counting,
    for_flag,
    print_written,
    table,
    whole_number,
)
from osteoimmune.errors import InputError

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.protocol.scenario import Scenario

EPILOG = """\
examples:
  osteoimmune fit menopause --data bmd.csv --parameter k_TNF=10:300
  osteoimmune fit trial.yaml --data data.csv --parameter k_TNF --parameter f_E2_T=0.3:1 \\
      --intervals profile --plot fit.png --json fit.json

The CSV has columns time (days), observable, value and optionally sd and condition.
"""


def register(sub: Subparsers) -> None:
    """Add ``fit`` to the command line."""
    fitp = sub.add_parser(
        "fit",
        help="fit parameters to a time-course CSV (multistart least squares, 95 %% intervals)",
        description="Estimate parameters from a long-format CSV (time in days, observable, "
        "value, optional sd and condition) by multistart least squares on a log scale, with "
        "95 %% confidence intervals from the Fisher information or the profile likelihood.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    fitp.add_argument("scenario", metavar="SCENARIO", help="the scenario the data were measured in")
    fitp.add_argument("--data", required=True, metavar="FILE.csv", help="the data table")
    fitp.add_argument(
        "--parameter",
        action="append",
        required=True,
        metavar="NAME[=LOW:HIGH]",
        help="a parameter to fit, with bounds (default a tenth to ten times its value); repeat",
    )
    fitp.add_argument(
        "--starts", type=whole_number(1, 1000), default=8, help="local fits from spread starts (8)"
    )
    fitp.add_argument("--intervals", choices=("fisher", "profile"), default="fisher")
    fitp.add_argument("--seed", type=SEEDS, default=0)
    fitp.add_argument("--plot", metavar="FILE", help="data and fitted model")
    fitp.add_argument("--json", metavar="FILE", help="write estimates and intervals as JSON")
    fitp.set_defaults(func=command)


def fit_ranges(scenario: Scenario, specs: Sequence[str]) -> dict[str, tuple[float, float]]:
    """``NAME=LOW:HIGH``, or ``NAME`` for the library's default range (a tenth to ten times its
    value, within its declared bounds)."""
    from osteoimmune.analysis.fit import parameter_ranges

    given: dict[str, tuple[float, float] | None] = {}
    for spec in specs:
        name, sep, rng = spec.partition("=")
        given[name.strip()] = None
        if sep:
            lo_text, colon, hi_text = rng.partition(":")
            try:
                if not colon:
                    raise ValueError
                given[name.strip()] = (float(lo_text), float(hi_text))
            except ValueError:
                raise InputError("--parameter", spec, "NAME=LOW:HIGH, e.g. k_TNF=10:200") from None
    try:
        return parameter_ranges(scenario, given)
    except InputError as exc:
        raise (for_flag(exc, "--parameter") if exc.field == "parameters" else exc) from None


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Fit, print the estimates with their intervals and write ``--json`` and ``--plot``."""
    from osteoimmune.analysis.fit import fit, read_data
    from osteoimmune.io.files import AtomicFiles, write_json
    from osteoimmune.protocol.scenario import load_scenario

    check_spares_inputs(
        [("--plot", args.plot), ("--json", args.json)], [args.scenario, str(args.data)]
    )
    for flag, target in (("--plot", args.plot), ("--json", args.json)):
        if target:
            check_output(Path(target), flag)
    scenario = load_scenario(args.scenario)
    data = read_data(args.data)
    bounds = fit_ranges(scenario, args.parameter)
    with counting(err, "starts") as progress:
        res = fit(
            scenario, data, bounds, starts=args.starts, seed=args.seed,
            intervals=args.intervals, progress=progress,
        )  # fmt: skip
    rows = table(
        f"fit to {args.data} ({len(data)} points; 95 % intervals: {res.method})",
        ("parameter", "estimate", "low", "high", "bounds"),
        right=("estimate", "low", "high"),
    )
    for name, value in res.estimates.items():
        lo, hi = res.intervals[name]
        rows.add_row(
            cell(name), cell(f"{value:.4g}"), cell(f"{lo:.4g}"), cell(f"{hi:.4g}"),
            cell(f"{bounds[name][0]:.3g} to {bounds[name][1]:.3g}"),
        )  # fmt: skip
    out.print(rows)
    converged = int(res.starts["converged"].sum())
    out.print(
        cell(
            f"cost {res.cost:.4g} (half the sum of squared weighted residuals), noise level "
            f"{res.sigma:.3g}; {converged} of {len(res.starts)} starts converged"
        )
    )
    doc = {"scenario": scenario.name, "data": str(args.data), **res.to_dict()}
    with AtomicFiles() as files:  # all or nothing
        if args.json:
            files.add(Path(args.json), lambda p: write_json(p, doc))
        if args.plot:
            from osteoimmune.plotting import fit_figure

            files.add(Path(args.plot), lambda p: fit_figure(res, p))
    print_written(out, files.written)
    return EXIT_OK
