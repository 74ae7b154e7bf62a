"""``osteoimmune run SCENARIO``: simulate, summarise, write the table and the figure."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from osteoimmune.cli._common import (
    EXIT_OK,
    FORMATTER,
    PROG,
    cell,
    check_plot_path,
    check_spares_inputs,
    check_table_output,
    fmt,
    fmt_time,
    print_written,
    status,
    table,
    unit_label,
)
from osteoimmune.protocol.builtin import builtin_scenarios

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.solve.result import SimulationResult

#: Rows of the ``run`` summary: the first column of each group that the result has.
HEADLINE: tuple[tuple[str, ...], ...] = (
    ("bmd_lumbar_spine_pct",),
    ("bmd_total_hip_pct",),
    ("bv_tv_pct",),
    ("ctx_ng_ml", "ctx_pct"),
    ("p1np_ug_l", "p1np_pct"),
    ("osteoclasts_rel",),
    ("osteoblasts_rel",),
    ("rankl_opg_ratio",),
)

#: Rows added to the ``run`` summary only when the run moved them (local sites, risk).
SITE_ROWS: tuple[str, ...] = (
    "erosion_score",
    "jsn_score",
    "alveolar_bone_loss_mm",
    "periprosthetic_osteolysis_cm3",
    "fracture_risk_rel",
)

EPILOG = """\
examples:
  osteoimmune run healthy
  osteoimmune run healthy --out healthy.csv --plot healthy.png
  osteoimmune run scenario.yaml --out result.parquet --states
  osteoimmune run dmab.yaml --out levels.csv --pk pk.csv

A CSV table gets a sidecar FILE.meta.json (package version, parameter set and its hash, model hash,
scenario, column units); a Parquet table carries the same metadata in its schema, a JSON
table beside its rows.
A scenario file (YAML):
  species: human
  sex: female
  age: 50 years
  duration: 1 years
  events:
    - at: 20 days
      infusion: {target: opg, rate: 2.0e5 pM/day, duration: 60 days}"""


def register(sub: Subparsers) -> None:
    """Add ``run`` to the command line."""
    run = sub.add_parser(
        "run",
        help="simulate a scenario",
        description="Simulate a scenario and summarise the run.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    run.add_argument(
        "scenario",
        metavar="SCENARIO",
        help=f"a built-in name ({', '.join(builtin_scenarios())}) or a YAML file",
    )
    run.add_argument(
        "--out",
        metavar="FILE",
        help="write the table to FILE.csv, FILE.parquet or FILE.json",
    )
    run.add_argument(
        "--plot",
        metavar="FILE",
        help="write the standard figure to FILE (.png, .pdf, .svg...)",
    )
    run.add_argument(
        "--pk",
        metavar="FILE",
        help="write each drug's non-compartmental summary per dose interval (Cmax, Tmax, AUC, "
        "trough) to FILE.csv, FILE.parquet or FILE.json",
    )
    run.add_argument(
        "--states",
        action="store_true",
        help="add every state as a column state:NAME to the --out table",
    )
    run.set_defaults(func=command)


def _pct_change(name: str, start: float, end: float) -> float:
    """Percent change of the underlying quantity from t = 0 to the end of the run."""
    if name.endswith("_pct"):  # already a percent change from t = 0
        return 100.0 * ((1.0 + end / 100.0) / (1.0 + start / 100.0) - 1.0)
    return 100.0 * (end / start - 1.0) if start != 0 else math.nan


def summary(result: SimulationResult) -> Table:
    """The headline observables at t = 0 and at the end, and their change; local sites and
    fracture risk when the run moved them."""
    scenario = result.scenario
    end = float(result.times[-1])
    pset = result.metadata.get("parameter_set", scenario.resolved_parameter_set)
    numbers = ("t = 0", f"t = {fmt_time(end)}", "change")
    out = table(
        f"{scenario.name}: {scenario.species}, parameter set {pset}, {fmt_time(end)}",
        ("observable", "unit", *numbers),
        right=numbers,
    )
    names = [next((n for n in g if n in result.observables), None) for g in HEADLINE]
    for site in SITE_ROWS:
        series = result.observables.get(site)
        if series is not None and abs(float(series[-1]) - float(series[0])) > 1e-9:
            names.append(site)
    for name in names:
        if name is None:
            continue
        series = result.observables[name]
        start, stop = float(series[0]), float(series[-1])
        change = _pct_change(name, start, stop)
        if abs(change) < 0.005:  # no "-0.00 %"
            change = 0.0
        unit = result.units.get(name, "")
        out.add_row(
            cell(name),
            cell(unit_label(unit)),
            cell(fmt(start, unit)),
            cell(fmt(stop, unit)),
            cell("—" if not math.isfinite(change) else f"{change:+.2f} %"),
        )
    return out


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Simulate ``args.scenario``, print the summary and write ``--out`` and ``--plot``."""
    import osteoimmune as oi
    from osteoimmune.io.files import AtomicFiles
    from osteoimmune.io.tables import write_table

    table_path = Path(args.out) if args.out else None
    plot_path = Path(args.plot) if args.plot else None
    pk_path = Path(args.pk) if args.pk else None
    check_spares_inputs(
        [("--out", args.out), ("--plot", args.plot), ("--pk", args.pk)], [args.scenario]
    )
    if table_path is not None:
        check_table_output(table_path, "--out")
    if pk_path is not None:
        check_table_output(pk_path, "--pk")
    if plot_path is not None:
        check_plot_path(plot_path)
    scenario = oi.load_scenario(args.scenario)
    with status(err, f"Simulating {scenario.name} ({fmt_time(scenario.duration_days)})..."):
        result = oi.simulate(scenario)
    with AtomicFiles() as files:
        if table_path is not None:
            source = str(args.scenario)
            write_table(result, table_path, states=args.states, source=source, files=files)
        if plot_path is not None:
            from osteoimmune.plotting import standard_figure

            figure = standard_figure(result)
            files.add(plot_path, lambda tmp: figure.savefig(tmp, dpi=150))
        if pk_path is not None:
            pk = result.pk_summary()
            if pk.empty:
                err.print(
                    f"{PROG}: warning: no drug with a serum level in this run; the --pk table "
                    "is empty",
                    soft_wrap=True,
                    markup=False,
                    highlight=False,
                )
            write_table(pk, pk_path, metadata=dict(result.metadata), files=files)
    out.print(summary(result))
    print_written(out, files.written)
    return EXIT_OK
