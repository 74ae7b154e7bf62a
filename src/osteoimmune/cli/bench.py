"""``osteoimmune bench``: osteoimmune and libRoadRunner timed side by side."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from osteoimmune.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    FORMATTER,
    WORKERS,
    cell,
    check_output,
    whole_number,
)
from osteoimmune.report.bench import SECTIONS

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers

EPILOG = """\
examples:
  osteoimmune bench --only single startup
  osteoimmune bench --json bench.json --plot scaling.png
"""


def register(sub: Subparsers) -> None:
    """Add ``bench`` to the command line."""
    ben = sub.add_parser(
        "bench",
        help="benchmark against libRoadRunner (single run, ensemble, start-up, memory, scaling)",
        description="Time osteoimmune and libRoadRunner side by side on this machine and print "
        "each ratio with its target, the peer's version and an accuracy check against a "
        "tight-tolerance reference solve. Takes minutes (the full set about 15 on 2 cores; "
        "libRoadRunner compiles the human model once, about a minute, then reuses it).",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    ben.add_argument("--json", metavar="FILE", help="also write every row and ratio as JSON")
    ben.add_argument(
        "--only",
        nargs="+",
        metavar="SECTION",
        choices=SECTIONS,
        help=f"run only these sections ({', '.join(SECTIONS)})",
    )
    ben.add_argument(
        "--repeats",
        type=whole_number(1, 1000),
        default=5,
        metavar="N",
        help="timed runs (default 5)",
    )
    ben.add_argument(
        "--subjects",
        type=whole_number(1, 1_000_000),
        default=1000,
        metavar="N",
        help="ensemble size (default 1000)",
    )
    ben.add_argument(
        "--peer-subjects",
        type=whole_number(1, 100_000),
        default=10,
        metavar="N",
        help="subjects libRoadRunner runs for its ensemble rate (default 10)",
    )
    ben.add_argument(
        "--memory-subjects",
        type=whole_number(1, 1_000_000),
        default=10_000,
        metavar="N",
        help="population streamed to a store for peak memory (default 10000)",
    )
    ben.add_argument("--workers", type=WORKERS, metavar="K", help="worker processes (default 2)")
    ben.add_argument("--plot", metavar="FILE", help="write the scaling curves to FILE (.png)")
    ben.set_defaults(func=command)


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Run the benchmarks, print the report and write ``--json``; exit 1 when a target is
    missed."""
    from osteoimmune.io.files import AtomicFiles, write_json
    from osteoimmune.report.bench import format_report, run_benchmarks

    if args.json:
        check_output(Path(args.json), "--json")
    if args.plot:
        check_output(Path(args.plot), "--plot")

    def say(section: str) -> None:
        err.print(cell(f"benchmark: {section}..."))

    report = run_benchmarks(
        args.only or SECTIONS,
        repeats=args.repeats,
        subjects=args.subjects,
        peer_subjects=args.peer_subjects,
        memory_subjects=args.memory_subjects,
        workers=args.workers,
        plot=args.plot,
        progress=say,
    )
    out.print(format_report(report), soft_wrap=True, markup=False, highlight=False)
    if args.json:
        with AtomicFiles() as files:
            files.add(Path(args.json), lambda p: write_json(p, report.to_dict()))
        out.print(cell(f"wrote {args.json}"))
    return EXIT_OK if report.targets_met else EXIT_FAILED
