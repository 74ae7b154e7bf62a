"""``osteoimmune validate``: run the registered experiments and print the scorecard."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from osteoimmune.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    FORMATTER,
    cell,
    check_output,
    naming,
    print_written,
    table,
)

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.experiments import Outcome, Traced

EPILOG = """\
examples:
  osteoimmune validate
  osteoimmune validate --json scorecard.json --html scorecard.html
  osteoimmune validate --only ID1 ID2

exit status: 0 when every experiment passes, 1 when any fails."""


def register(sub: Subparsers) -> None:
    """Add ``validate`` to the command line."""
    val = sub.add_parser(
        "validate",
        help="run the registered experiments and print the scorecard",
        description="Run the in silico replications of the claims and calibration targets.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    val.add_argument("--json", metavar="FILE", help="write the outcomes as a JSON list")
    val.add_argument(
        "--html",
        metavar="FILE",
        help="write the scorecard as a self-contained HTML page",
    )
    val.add_argument("--only", metavar="ID", nargs="+", help="run only these experiment ids")
    val.set_defaults(func=command)


def _run(only: Sequence[str] | None, total: int, err: Console, *, traced: bool) -> list[Traced]:
    """Run the experiments; with ``traced`` keep each one's arms (for the HTML report)."""
    from osteoimmune.experiments import Traced, run_experiments, trace_experiments

    with naming(err, "running", total) as step:
        if traced:
            return trace_experiments(only, progress=step)
        return [Traced(o, ()) for o in run_experiments(only, progress=step)]


def _write_report(path: Path, traced: Sequence[Traced], err: Console) -> None:
    from osteoimmune.report.validation import write_validation_report

    with naming(err, "drawing", len(traced)) as step:
        write_validation_report(path, traced, progress=step)


def scorecard(out: Console, outcomes: Sequence[Outcome]) -> None:
    """Print the scorecard (id, kind, passed, expected, observed) and the count that pass, by
    kind."""
    utf = (out.encoding or "").lower().replace("-", "").startswith("utf")
    mark = {True: "✓" if utf else "PASS", False: "✗" if utf else "FAIL"}
    from osteoimmune.experiments.registry import score_by_kind

    rows = table("Scorecard", ("id", "kind", "passed", "expected", "observed"), right=("passed",))
    for o in outcomes:
        rows.add_row(
            cell(o.id),
            cell(o.kind),
            Text(mark[o.passed], style="bold green" if o.passed else "bold red"),
            cell(o.expected),
            cell(o.observed),
        )
    out.print(rows)
    n_pass = sum(o.passed for o in outcomes)
    out.print(cell(f"{n_pass}/{len(outcomes)} experiments pass ({score_by_kind(outcomes)})."))


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run the experiments, save their outcomes for ``list experiments``, print the scorecard
    and write ``--json`` and ``--html``; exit 1 when any fails."""
    from osteoimmune.experiments import experiments
    from osteoimmune.experiments.status import save_outcomes
    from osteoimmune.io.files import AtomicFiles, write_json

    json_path = Path(args.json) if args.json else None
    html_path = Path(args.html) if args.html else None
    if json_path is not None:
        check_output(json_path, "--json")
    if html_path is not None:
        check_output(html_path, "--html")
    only = list(args.only) if args.only else None
    ids = only if only is not None else list(experiments())
    traced = _run(only, len(ids), err, traced=html_path is not None) if ids else []
    outcomes = [t.outcome for t in traced]
    if outcomes:
        save_outcomes(outcomes)
    with AtomicFiles() as files:
        if json_path is not None:
            files.add(json_path, lambda tmp: write_json(tmp, [o.as_dict() for o in outcomes]))
        if html_path is not None:
            files.add(html_path, lambda tmp: _write_report(tmp, traced, err))
    if not outcomes:
        out.print(cell("No experiments are registered yet."))
    else:
        scorecard(out, outcomes)
    print_written(out, files.written)
    return EXIT_OK if all(o.passed for o in outcomes) else EXIT_FAILED
