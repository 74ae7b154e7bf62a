"""``osteoimmune compare A B ...``: runs side by side at one time, as a table and a figure."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from osteoimmune.cli._common import (
    EXIT_OK,
    FORMATTER,
    cell,
    check_plot_path,
    check_spares_inputs,
    check_table_output,
    counting,
    fmt,
    fmt_time,
    print_written,
    table,
    unit_label,
)
from osteoimmune.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from osteoimmune.analysis.compare import Comparison
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.protocol.scenario import Scenario

EPILOG = """\
examples:
  osteoimmune compare healthy menopause
  osteoimmune compare menopause hrt --at "5 years" --plot compare.png
  osteoimmune compare menopause my_denosumab.yaml --out compare.csv

Each row of the table is an observable, each column a run (labelled by scenario name), read at
--at (a duration such as "5 years", or days; default the end of the shortest run). The --out
table has one row per run; a CSV gets a sidecar FILE.meta.json with the units and each run's
metadata (package version, parameter set and its hash, model hash, scenario)."""


def register(sub: Subparsers) -> None:
    """Add ``compare`` to the command line."""
    cmp = sub.add_parser(
        "compare",
        help="compare scenarios side by side at one time",
        description="Simulate two or more scenarios and compare their headline observables at "
        "one time, as a table and an overlay figure.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    cmp.add_argument(
        "scenarios",
        metavar="SCENARIO",
        nargs="+",
        help="two or more built-in names or YAML files",
    )
    cmp.add_argument(
        "--at",
        metavar="TIME",
        help="when to read the runs, e.g. '5 years' or 365 (days); default the end of the "
        "shortest run",
    )
    cmp.add_argument(
        "--plot",
        metavar="FILE",
        help="write the runs overlaid to FILE (.png, .pdf, .svg...)",
    )
    cmp.add_argument(
        "--out",
        metavar="FILE",
        help="write the table to FILE.csv, FILE.parquet or FILE.json",
    )
    cmp.set_defaults(func=command)


def parse_days(text: str, flag: str) -> float:
    """A time given on the command line (``"5 years"``, ``"30 days"``, or days), in days."""
    import math

    from osteoimmune.units import parse_quantity

    try:
        days = float(text)
    except ValueError:
        days = parse_quantity(text, flag, "day")
    if not (math.isfinite(days) and days >= 0):
        raise InputError(flag, text, "a time from 0 on, e.g. '5 years' or 365 (days)")
    return days


def _number(value: float, unit: str) -> str:
    text = fmt(value, unit)
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.00"


def side_by_side(df: pd.DataFrame, at_days: float) -> Table:
    """The comparison table: one row per observable, one column per run."""
    runs = [str(label) for label in df.index]
    rows = table(f"Comparison at {fmt_time(at_days)}", ("observable", "unit", *runs), right=runs)
    units = df.attrs.get("units", {})
    for name in df.columns:
        unit = units.get(name, "")
        values = (cell(_number(float(df.loc[run, name]), unit)) for run in df.index)
        rows.add_row(cell(name), cell(unit_label(unit)), *values)
    return rows


def _metadata(comparison: Comparison, sources: Sequence[str], at_days: float) -> dict[str, Any]:
    from osteoimmune._version import __version__
    from osteoimmune.io.tables import run_metadata

    runs: dict[str, Any] = {}
    references: dict[str, None] = {}
    for (label, result), source in zip(comparison.results.items(), sources, strict=True):
        meta = run_metadata(result, source=source)
        runs[label] = {k: v for k, v in meta.items() if k not in ("units", "created")}
        references.update(dict.fromkeys(result.references))
    return {
        "osteoimmune_version": __version__,
        "at_days": at_days,
        "runs": runs,
        "references": list(references),
    }


def _simulate(scenarios: Sequence[Scenario], err: Console) -> list[Any]:
    import osteoimmune as oi

    results = []
    with counting(err, "simulating") as update:
        for k, scenario in enumerate(scenarios):
            if update is not None:
                update(k, len(scenarios), scenario.name)
            results.append(oi.simulate(scenario))
        if update is not None:
            update(len(scenarios), len(scenarios))
    return results


def _read_at(comparison: Comparison, at_days: float, text: str | None) -> pd.DataFrame:
    """The runs at ``at_days``; a time outside a run is the fault of ``--at`` (as typed)."""
    try:
        return comparison.to_pandas(at_days)
    except InputError as exc:
        if exc.field != "at_days":
            raise
        raise InputError("--at", text if text is not None else at_days, exc.accepted) from None


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Simulate the scenarios, print them side by side at ``--at`` and write ``--out`` and
    ``--plot``."""
    import osteoimmune as oi
    from osteoimmune.io.files import AtomicFiles
    from osteoimmune.io.tables import write_table

    if len(args.scenarios) < 2:
        raise InputError("SCENARIO", " ".join(args.scenarios), "two or more scenarios to compare")
    table_path = Path(args.out) if args.out else None
    plot_path = Path(args.plot) if args.plot else None
    check_spares_inputs([("--out", args.out), ("--plot", args.plot)], args.scenarios)
    if table_path is not None:
        check_table_output(table_path, "--out")
    if plot_path is not None:
        check_plot_path(plot_path)
        if table_path is not None and plot_path.resolve() == table_path.resolve():
            raise InputError("--plot", str(plot_path), "a file other than --out")
    at = parse_days(args.at, "--at") if args.at is not None else None
    scenarios = [oi.load_scenario(source) for source in args.scenarios]
    comparison = oi.compare(_simulate(scenarios, err))
    if at is None:
        at = min(float(r.times[-1]) for r in comparison.results.values())
    df = _read_at(comparison, at, args.at)
    with AtomicFiles() as files:
        if table_path is not None:
            meta = _metadata(comparison, args.scenarios, at)
            write_table(df, table_path, metadata=meta, files=files)
        if plot_path is not None:
            from osteoimmune.plotting import compare_figure

            files.add(plot_path, lambda tmp: compare_figure(comparison, tmp))
    out.print(side_by_side(df, at))
    print_written(out, files.written)
    return EXIT_OK
