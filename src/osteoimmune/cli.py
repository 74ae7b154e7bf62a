"""The ``osteoimmune`` command line: a thin layer over the public API.

Exit status: 0 success, 1 a validation failed or a run failed at run time, 2 bad input (an
unknown name, a wrong unit, an unwritable output path, a bad flag). Errors are printed as one
line, ``osteoimmune: error: <message>``, without a traceback; on error no output file is
written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from osteoimmune._version import __version__
from osteoimmune.analysis.sensitivity import METHODS
from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.experiments import Traced, experiments, run_experiments, trace_experiments
from osteoimmune.model.compose import Model, compose
from osteoimmune.model.declarations import Treatment
from osteoimmune.model.parameters import available_parameter_sets, load_parameter_set
from osteoimmune.protocol.builtin import builtin_scenarios
from osteoimmune.protocol.cells import CellDepletion, CellTransfer
from osteoimmune.protocol.scenario import Infusion, Scenario, ScenarioEvent, load_scenario
from osteoimmune.protocol.treatments import Regimen
from osteoimmune.report.bench import SECTIONS
from osteoimmune.solve.simulate import simulate
from osteoimmune.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    import pandas as pd

    from osteoimmune.solve.result import SimulationResult

PROG = "osteoimmune"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TABLE_SUFFIXES = (".csv", ".parquet")
DEFAULT_PARAMETER_SET = "human"  # the default species' calibrated set

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


# --------------------------------------------------------------------------------------------
# errors and output files


class _UsageError(Exception):
    """A bad command line (argparse's complaint), reported as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see `{self.prog} --help`)")


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _os_message(exc: OSError) -> str:
    what = exc.strerror or exc.__class__.__name__
    return f"{exc.filename}: {what}" if exc.filename else _one_line(exc)


def _check_output(path: Path, flag: str, suffixes: Sequence[str] | None = None) -> None:
    """Fail before any work when ``path`` cannot be written."""
    if suffixes is not None and path.suffix.lower() not in suffixes:
        raise InputError(flag, str(path), f"a file name ending in {' or '.join(suffixes)}")
    if path.is_dir():
        raise InputError(flag, str(path), "a file path, not a directory")
    parent = path.parent
    if not parent.is_dir():
        raise InputError(
            flag, str(path), f"a path in an existing directory ({parent} does not exist)"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(flag, str(path), f"a path in a writable directory ({parent} is not)")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Outputs:
    """All-or-nothing output files.

    Each file is written to a temporary file beside its target; only when every file has been
    written are they moved into place (``os.replace``), so an error leaves no partial output.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self.written: list[Path] = []

    def add(self, target: Path, write: Callable[[Path], object]) -> None:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}"
        )
        os.close(fd)
        tmp = Path(name)
        self._pending.append((tmp, target))
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode

    def __enter__(self) -> _Outputs:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            for tmp, target in self._pending:
                os.replace(tmp, target)
                self.written.append(target)
        else:
            for tmp, _ in self._pending:
                tmp.unlink(missing_ok=True)
        self._pending = []


def _jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars and arrays to Python, non-finite floats to null."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalar or array
        return _jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _write_json(path: Path, doc: Any) -> None:
    path.write_text(json.dumps(_jsonable(doc), indent=2, allow_nan=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------
# helpers for tables


def _cell(value: object) -> Text:
    """A table cell, never parsed as rich markup (units and descriptions may hold brackets)."""
    return Text(str(value))


def _table(title: str, columns: Sequence[str], *, right: Sequence[str] = ()) -> Table:
    """A table whose first column (a name) and right-aligned columns never wrap, and whose text
    columns fold instead of being cut with an ellipsis."""
    table = Table(title=title)
    for i, col in enumerate(columns):
        short = i == 0 or col in right
        table.add_column(
            col, justify="right" if col in right else "left", no_wrap=short, overflow="fold"
        )
    return table


def _fmt(value: float, unit: str = "") -> str:
    if not math.isfinite(value):
        return "—"
    return f"{value:.2f}" if unit == "percent" else f"{value:.4g}"


def _fmt_time(days: float) -> str:
    if days > 2 * DAYS_PER_YEAR:
        return f"{days / DAYS_PER_YEAR:.4g} years"
    return f"{days:.4g} days"


def _unit(unit: str) -> str:
    return {"percent": "%", "dimensionless": ""}.get(unit, unit)


def _interactive() -> bool:
    return sys.stderr.isatty()


def _status(err: Console, message: str) -> AbstractContextManager[Any]:
    """A spinner on stderr while work runs, when stderr is a terminal."""
    return err.status(message) if _interactive() else nullcontext()


# --------------------------------------------------------------------------------------------
# run


def _pct_change(name: str, start: float, end: float) -> float:
    """Percent change of the underlying quantity from t = 0 to the end of the run."""
    if name.endswith("_pct"):  # already a percent change from t = 0
        return 100.0 * ((1.0 + end / 100.0) / (1.0 + start / 100.0) - 1.0)
    return 100.0 * (end / start - 1.0) if start != 0 else math.nan


def _summary(result: SimulationResult) -> Table:
    scenario = result.scenario
    end = float(result.times[-1])
    pset = result.metadata.get("parameter_set", scenario.resolved_parameter_set)
    numbers = ("t = 0", f"t = {_fmt_time(end)}", "change")
    table = _table(
        f"{scenario.name}: {scenario.species}, parameter set {pset}, {_fmt_time(end)}",
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
        table.add_row(
            _cell(name),
            _cell(_unit(unit)),
            _cell(_fmt(start, unit)),
            _cell(_fmt(stop, unit)),
            _cell("—" if not math.isfinite(change) else f"{change:+.2f} %"),
        )
    return table


def _scenario_doc(scenario: Scenario) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": scenario.name,
        "species": scenario.species,
        "parameter_set": scenario.parameter_set,
        "sex": scenario.sex,
        "age_years": scenario.age_years,
        "duration_days": scenario.duration_days,
        "genotype": list(scenario.genotype),
        "events": [{"kind": type(ev).__name__, **asdict(ev)} for ev in scenario.events],
        "parameters": dict(scenario.parameters),
        "save_every_days": scenario.save_every_days,
    }
    return doc


def _table_metadata(
    result: SimulationResult, df: pd.DataFrame, source: str, data_file: str
) -> dict[str, Any]:
    units = {"time_days": "day"}
    for column in df.columns[1:]:
        units[column] = result.units.get(column.removeprefix("state:"), "")
    return {
        "file": data_file,
        **dict(result.metadata),
        "scenario_source": source,
        "scenario_definition": _scenario_doc(result.scenario),
        "units": units,
        "references": list(result.references),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _write_parquet(df: pd.DataFrame, meta: dict[str, Any], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[b"osteoimmune"] = json.dumps(_jsonable(meta), allow_nan=False).encode()
    pq.write_table(table.replace_schema_metadata(schema_meta), path)


def _check_plot_path(path: Path) -> None:
    from matplotlib.backend_bases import FigureCanvasBase

    kinds = sorted(f".{k}" for k in FigureCanvasBase.get_supported_filetypes())
    _check_output(path, "--plot", kinds)


def _cmd_run(args: argparse.Namespace, out: Console, err: Console) -> int:
    table_path = Path(args.out) if args.out else None
    plot_path = Path(args.plot) if args.plot else None
    if table_path is not None:
        _check_output(table_path, "--out", TABLE_SUFFIXES)
        if table_path.suffix.lower() == ".parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError(
                    "--out",
                    str(table_path),
                    "a .csv file (Parquet output needs pyarrow: pip install pyarrow)",
                ) from None
    if plot_path is not None:
        _check_plot_path(plot_path)
        if table_path is not None and plot_path.resolve() == table_path.resolve():
            raise InputError("--plot", str(plot_path), "a file other than --out")
    scenario = load_scenario(args.scenario)
    with _status(err, f"Simulating {scenario.name} ({_fmt_time(scenario.duration_days)})..."):
        result = simulate(scenario)
    with _Outputs() as outputs:
        if table_path is not None:
            df = result.to_pandas(states=args.states)
            meta = _table_metadata(result, df, str(args.scenario), table_path.name)
            if table_path.suffix.lower() == ".csv":
                outputs.add(table_path, lambda tmp: df.to_csv(tmp, index=False))
                sidecar = table_path.with_suffix(".meta.json")
                outputs.add(sidecar, lambda tmp: _write_json(tmp, meta))
            else:
                outputs.add(table_path, lambda tmp: _write_parquet(df, meta, tmp))
        if plot_path is not None:
            from osteoimmune.plotting import standard_figure

            figure = standard_figure(result)
            outputs.add(plot_path, lambda tmp: figure.savefig(tmp, dpi=150))
    out.print(_summary(result))
    for path in outputs.written:
        out.print(_cell(f"wrote {path}"))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# list


def _model(args: argparse.Namespace) -> Model:
    return compose(args.parameter_set)


def _none_yet(out: Console, what: str, parameter_set: str | None = None) -> int:
    where = f" in parameter set {parameter_set!r}" if parameter_set else ""
    out.print(_cell(f"No {what} declared{where} yet."))
    return EXIT_OK


def _event_label(ev: ScenarioEvent) -> str:
    if isinstance(ev, Infusion):
        return f"infusion {ev.target}"
    if isinstance(ev, Regimen):
        return f"{ev.treatment} ({ev.doses} dose{'s' if ev.doses > 1 else ''})"
    if isinstance(ev, CellDepletion):
        return f"deplete {ev.group}"
    if isinstance(ev, CellTransfer):
        return f"transfer {ev.group}"
    return ev.name


def _list_scenarios(args: argparse.Namespace, out: Console) -> int:
    table = _table(
        "Built-in scenarios (osteoimmune run NAME)",
        ("name", "species", "parameter set", "duration", "events", "description"),
    )
    for name, doc in builtin_scenarios().items():
        sc = load_scenario(name)
        events = ", ".join(f"{_event_label(ev)} at {_fmt_time(ev.at_days)}" for ev in sc.events)
        table.add_row(
            *map(
                _cell,
                (
                    name,
                    sc.species,
                    sc.resolved_parameter_set,
                    _fmt_time(sc.duration_days),
                    events or "none",
                    doc.get("description", ""),
                ),
            )
        )
    out.print(table)
    sets = _table(
        "Parameter sets (parameter_set: NAME in a scenario file)",
        ("name", "species", "modules", "description"),
    )
    for name in available_parameter_sets():
        pset = load_parameter_set(name)
        sets.add_row(*map(_cell, (name, pset.species, ", ".join(pset.modules), pset.description)))
    out.print(sets)
    return EXIT_OK


def _list_conditions(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    if not model.conditions:
        return _none_yet(out, "conditions are", args.parameter_set)
    lead = any(c.lead_days for c in model.conditions.values())
    lead_col = "lead time (starts before at)"
    columns = ("name", *((lead_col,) if lead else ()), "description", "evidence")
    table = _table(f"Conditions (parameter set {args.parameter_set})", columns, right=(lead_col,))
    for name, cond in sorted(model.conditions.items()):
        before = (_fmt_time(cond.lead_days) if cond.lead_days else "—",) if lead else ()
        table.add_row(*map(_cell, (name, *before, cond.description, ", ".join(cond.evidence))))
    out.print(table)
    return EXIT_OK


def _routes(tr: Treatment) -> str:
    parts = []
    for k, r in enumerate(tr.routes):
        default = " (default)" if k == 0 else ""
        f = f", F = {r.bioavailability}" if r.bioavailability else ""
        parts.append(f"{r.name}{default} → {r.state}{f}")
    return "; ".join(parts)


def _default_regimen(tr: Treatment) -> str:
    """The labelled regimen in words (``60 mg sc, every 6 months``), or ``-`` for a reagent."""
    if not tr.default_regimen:
        return "-"
    f = dict(tr.default_regimen)
    text = f["dose"] + (f" {f['route']}" if "route" in f else "")
    if "over" in f:
        text += f" over {f['over']}"
    if "every" in f:
        text += f", every {f['every']}"
    if "doses" in f:
        text += f", {f['doses']} doses"
    return text


def _list_treatments(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    if not model.treatments:
        return _none_yet(out, "treatments are", args.parameter_set)
    table = _table(
        f"Treatments (parameter set {args.parameter_set}; dose in mg or mg/kg)",
        ("name", "target", "routes", "description", "evidence", "default regimen"),
    )
    for name, tr in sorted(model.treatments.items()):
        table.add_row(
            *map(
                _cell,
                (
                    name,
                    tr.target,
                    _routes(tr),
                    tr.description,
                    ", ".join(tr.evidence),
                    _default_regimen(tr),
                ),
            )
        )
    out.print(table)
    return EXIT_OK


def _list_genotypes(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    if not model.genotypes:
        return _none_yet(out, "genotypes are", args.parameter_set)
    lacking = any(g.lacks for g in model.genotypes.values())
    table = _table(
        f"Genotypes (parameter set {args.parameter_set})",
        (
            "name",
            "description",
            "parameters scaled",
            *(("lacks cells",) if lacking else ()),
            "evidence",
        ),
    )
    for name, g in sorted(model.genotypes.items()):
        scaled = ", ".join(f"{p} × {f:g}" for p, f in g.scale)
        lacks = (", ".join(g.lacks),) if lacking else ()
        table.add_row(*map(_cell, (name, g.description, scaled, *lacks, ", ".join(g.evidence))))
    out.print(table)
    return EXIT_OK


def _list_observables(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    table = _table(
        f"Observables (parameter set {args.parameter_set})", ("name", "unit", "description")
    )
    kind_unit = {"pct_change": "% change from t = 0", "rel": "fold of healthy"}
    for o in model.observables:
        table.add_row(*map(_cell, (o.name, kind_unit.get(o.kind, o.unit), o.description)))
    out.print(table)
    return EXIT_OK


def _list_parameters(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    table = _table(
        f"Parameters (parameter set {args.parameter_set})",
        ("name", "value", "unit", "description", "source"),
        right=("value",),
    )
    for p in model.parameters:
        table.add_row(*map(_cell, (p.name, f"{p.value:.6g}", p.unit, p.description, p.source)))
    out.print(table)
    return EXIT_OK


_LISTERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "scenarios": _list_scenarios,
    "conditions": _list_conditions,
    "treatments": _list_treatments,
    "genotypes": _list_genotypes,
    "observables": _list_observables,
    "parameters": _list_parameters,
}


def _cmd_list(args: argparse.Namespace, out: Console, err: Console) -> int:
    return _LISTERS[args.what](args, out)


# --------------------------------------------------------------------------------------------
# validate


@contextmanager
def _steps(
    err: Console, label: str, total: int, verb: str
) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over ``total`` named items on an interactive terminal: yields the callback
    to call as each item starts (None when there is no terminal to draw on)."""
    if not _interactive():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total)
        started = 0

        def step(item: str) -> None:
            nonlocal started
            progress.update(task, completed=started, description=f"{verb} {item}")
            started += 1

        yield step
        progress.update(task, completed=total)


def _run_with_progress(
    ids: Sequence[str], only: Sequence[str] | None, err: Console, *, traced: bool = False
) -> list[Traced]:
    """Run the experiments; with ``traced`` keep each one's arms (for the HTML report)."""
    runner = trace_experiments if traced else _untraced
    with _steps(err, "validate", len(ids), "running") as step:
        return runner(only, progress=step)


def _untraced(
    only: Sequence[str] | None, *, progress: Callable[[str], None] | None = None
) -> list[Traced]:
    return [Traced(o, ()) for o in run_experiments(only, progress=progress)]


def _write_report(path: Path, traced: Sequence[Traced], err: Console) -> None:
    from osteoimmune.report.validation import write_validation_report

    with _steps(err, "report", len(traced), "drawing") as step:
        write_validation_report(path, traced, progress=step)


def _cmd_validate(args: argparse.Namespace, out: Console, err: Console) -> int:
    json_path = Path(args.json) if args.json else None
    html_path = Path(args.html) if args.html else None
    if json_path is not None:
        _check_output(json_path, "--json")
    if html_path is not None:
        _check_output(html_path, "--html")
    only = list(args.only) if args.only else None
    ids = only if only is not None else list(experiments())
    traced = _run_with_progress(ids, only, err, traced=html_path is not None) if ids else []
    outcomes = [t.outcome for t in traced]
    with _Outputs() as outputs:
        if json_path is not None:
            outputs.add(json_path, lambda tmp: _write_json(tmp, [o.as_dict() for o in outcomes]))
        if html_path is not None:
            outputs.add(html_path, lambda tmp: _write_report(tmp, traced, err))
    if not outcomes:
        out.print(_cell("No experiments are registered yet."))
    else:
        utf = (out.encoding or "").lower().replace("-", "").startswith("utf")
        mark = {True: "✓" if utf else "PASS", False: "✗" if utf else "FAIL"}
        table = _table("Scorecard", ("id", "passed", "expected", "observed"), right=("passed",))
        for o in outcomes:
            table.add_row(
                _cell(o.id),
                Text(mark[o.passed], style="bold green" if o.passed else "bold red"),
                _cell(o.expected),
                _cell(o.observed),
            )
        out.print(table)
        n_pass = sum(o.passed for o in outcomes)
        out.print(_cell(f"{n_pass}/{len(outcomes)} experiments pass."))
    for path in outputs.written:
        out.print(_cell(f"wrote {path}"))
    return EXIT_OK if all(o.passed for o in outcomes) else EXIT_FAILED


# --------------------------------------------------------------------------------------------
# export-sbml


class _Unavailable(OsteoimmuneError):
    """A feature this installation cannot provide (exit 1)."""


def _cmd_export_sbml(args: argparse.Namespace, out: Console, err: Console) -> int:
    target = Path(args.output)
    _check_output(target, "-o/--output")
    scenario = load_scenario(args.scenario)
    try:
        from osteoimmune.io.sbml import export_sbml
    except ImportError as exc:
        raise _Unavailable(f"SBML export is not available in this installation ({exc})") from exc
    with _status(err, f"Exporting {scenario.name} as SBML..."), _Outputs() as outputs:
        outputs.add(target, lambda tmp: export_sbml(scenario, str(tmp)))
    out.print(_cell(f"wrote {target}"))
    return EXIT_OK


@contextmanager
def _counting(err: Console, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar fed ``(done, total)`` on an interactive terminal (None without one)."""
    if not _interactive():
        yield None
        return
    from osteoimmune.progress import counting_bar

    with counting_bar(label, console=err) as update:
        yield update


# --------------------------------------------------------------------------------------------
# population


def _parse_pairs(items: Sequence[str] | None, flag: str) -> list[tuple[str, str]]:
    out = []
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(flag, item, "NAME=VALUE")
        out.append((key.strip(), value.strip()))
    return out


def _cmd_population(args: argparse.Namespace, out: Console, err: Console) -> int:
    from osteoimmune.analysis.population import LogNormal, VirtualTrial, run_trial
    from osteoimmune.analysis.sensitivity import Output

    store = Path(args.store)
    _check_output(store, "--store", (".duckdb", ".db"))
    if args.n < 1:
        raise InputError("--n", args.n, "a number of subjects of at least 1")
    if args.chunk_size is not None and args.chunk_size < 1:
        raise InputError("--chunk-size", args.chunk_size, "a number of subjects of at least 1")
    arms = {name: load_scenario(src) for name, src in _parse_pairs(args.arm, "--arm")}
    if not arms and not args.scenario:
        raise InputError("SCENARIO", None, "a scenario, or arms as --arm NAME=SCENARIO")
    if not arms:
        scenario = load_scenario(args.scenario)
        arms = {scenario.name: scenario}
    elif args.scenario:
        scenario = load_scenario(args.scenario)
        arms = {scenario.name: scenario, **arms}
    variability = {}
    for name, cv in _parse_pairs(args.vary, "--vary"):
        try:
            variability[name] = LogNormal(float(cv))
        except ValueError:
            raise InputError(f"--vary {name}", cv, "a coefficient of variation, e.g. 0.3") from None
    endpoint = Output.parse(args.endpoint) if args.endpoint else None
    trial = VirtualTrial(
        arms=arms,
        n_subjects=args.n,
        variability=variability,
        seed=args.seed,
        observables=tuple(args.observables or ()),
    )
    executor = "dask" if args.scheduler else ("serial" if args.workers == 1 else "processes")
    with _counting(err, "subjects") as progress:
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
        _cell(
            f"{trial.n_subjects} subjects x {len(arms)} arm(s) in {store} ({result.ran} run now, "
            f"{trial.n_subjects - result.ran} already stored; {failed} failed runs) in "
            f"{result.seconds:.1f} s"
        )
    )
    if endpoint is not None:
        table = result.summary(endpoint.observable, endpoint.time_days)
        t = _table(
            f"{endpoint.label}",
            ("arm", "n", "mean", "sd", "median", "p05", "p95"),
            right=("n", "mean", "sd", "median", "p05", "p95"),
        )
        for _, row in table.iterrows():
            t.add_row(
                _cell(row["arm"]),
                _cell(int(row["n"])),
                *(_cell(f"{row[c]:.4g}") for c in ("mean", "sd", "median", "p05", "p95")),
            )
        out.print(t)
    return EXIT_OK if failed == 0 else EXIT_FAILED


# --------------------------------------------------------------------------------------------
# sensitivity


def _cmd_sensitivity(args: argparse.Namespace, out: Console, err: Console) -> int:
    import numpy as np

    from osteoimmune.analysis.sensitivity import (
        Output,
        local_sensitivity,
        morris_screening,
        sobol_indices,
    )

    for flag, target in (("--plot", args.plot), ("--json", args.json), ("--csv", args.csv)):
        if target:
            _check_output(Path(target), flag)
    scenario = load_scenario(args.scenario)
    outputs = [Output.parse(o) for o in args.output]
    spread = None if args.declared_bounds else args.spread
    with _counting(err, f"{args.method} runs") as progress:
        if args.method == "local":
            res = local_sensitivity(
                scenario, outputs, args.parameters, workers=args.workers, progress=progress
            )
        elif args.method == "morris":
            res = morris_screening(
                scenario, outputs, args.parameters, trajectories=args.trajectories,
                spread=spread, seed=args.seed, workers=args.workers, progress=progress,
            )  # fmt: skip
        else:
            res = sobol_indices(
                scenario, outputs, args.parameters, n=args.n, spread=spread, seed=args.seed,
                workers=args.workers, progress=progress,
            )  # fmt: skip
    cols = {"local": ("coefficient",), "morris": ("mu_star", "sigma", "mu"), "sobol": ("ST", "S1")}
    for o in outputs:
        t = _table(
            f"{args.method}: {o.label}", ("parameter", *cols[args.method]), right=cols[args.method]
        )
        for name in res.ranking(o.label)[: args.top]:
            row = res.table[(res.table["output"] == o.label) & (res.table["parameter"] == name)]
            t.add_row(
                _cell(name), *(_cell(f"{float(row[c].iloc[0]):.4g}") for c in cols[args.method])
            )
        out.print(t)
    failed = int((~np.isfinite(res.values).all(axis=1)).sum())
    out.print(_cell(f"{res.values.shape[0]} runs ({failed} failed)"))
    doc = {
        "method": args.method,
        "scenario": scenario.name,
        "outputs": [o.label for o in outputs],
        "bounds": {k: list(v) for k, v in res.bounds.items()},
        "ranking": {o.label: res.ranking(o.label) for o in outputs},
        "table": res.table.to_dict(orient="records"),
    }
    with _Outputs() as files:  # all or nothing
        if args.csv:
            files.add(Path(args.csv), lambda p: res.table.to_csv(p, index=False))
        if args.json:
            files.add(Path(args.json), lambda p: p.write_text(json.dumps(_jsonable(doc), indent=2)))
        if args.plot:
            from osteoimmune.plotting import sensitivity_figure

            files.add(Path(args.plot), lambda p: sensitivity_figure(res, p, top=args.top))
    for path in files.written:
        out.print(_cell(f"wrote {path}"))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# fit


def _fit_bounds(scenario: Scenario, specs: Sequence[str]) -> dict[str, tuple[float, float]]:
    """``NAME=LOW:HIGH``, or ``NAME`` for a tenth to ten times its value (within its declared
    bounds)."""
    params = {p.name: p for p in scenario.model().parameters}
    out: dict[str, tuple[float, float]] = {}
    for spec in specs:
        name, sep, rng = spec.partition("=")
        name = name.strip()
        if name not in params:
            raise InputError("--parameter", name, "a parameter name", choices=sorted(params))
        if sep:
            lo_text, colon, hi_text = rng.partition(":")
            try:
                if not colon:
                    raise ValueError
                out[name] = (float(lo_text), float(hi_text))
            except ValueError:
                raise InputError("--parameter", spec, "NAME=LOW:HIGH, e.g. k_TNF=10:200") from None
        else:
            value = float(scenario.parameters.get(name, params[name].value))
            lo, hi = params[name].bounds
            out[name] = (max(value / 10, lo), min(value * 10, hi))
    return out


def _cmd_fit(args: argparse.Namespace, out: Console, err: Console) -> int:
    from osteoimmune.analysis.fit import fit, read_data

    for flag, target in (("--plot", args.plot), ("--json", args.json)):
        if target:
            _check_output(Path(target), flag)
    scenario = load_scenario(args.scenario)
    data = read_data(args.data)
    bounds = _fit_bounds(scenario, args.parameter)
    with _counting(err, "starts") as progress:
        res = fit(
            scenario, data, bounds, starts=args.starts, seed=args.seed,
            intervals=args.intervals, progress=progress,
        )  # fmt: skip
    t = _table(
        f"fit to {args.data} ({len(data)} points; 95 % intervals: {res.method})",
        ("parameter", "estimate", "low", "high", "bounds"),
        right=("estimate", "low", "high"),
    )
    for name, value in res.estimates.items():
        lo, hi = res.intervals[name]
        t.add_row(
            _cell(name), _cell(f"{value:.4g}"), _cell(f"{lo:.4g}"), _cell(f"{hi:.4g}"),
            _cell(f"{bounds[name][0]:.3g} to {bounds[name][1]:.3g}"),
        )  # fmt: skip
    out.print(t)
    converged = int(res.starts["converged"].sum())
    out.print(
        _cell(
            f"cost {res.cost:.4g} (half the sum of squared weighted residuals), noise level "
            f"{res.sigma:.3g}; {converged} of {len(res.starts)} starts converged"
        )
    )
    doc = {
        "scenario": scenario.name,
        "data": str(args.data),
        "estimates": dict(res.estimates),
        "intervals": {k: list(v) for k, v in res.intervals.items()},
        "interval_method": res.method,
        "cost": res.cost,
        "sigma": res.sigma,
        "starts": res.starts.to_dict(orient="records"),
    }
    with _Outputs() as files:  # all or nothing
        if args.json:
            files.add(Path(args.json), lambda p: p.write_text(json.dumps(_jsonable(doc), indent=2)))
        if args.plot:
            from osteoimmune.plotting import fit_figure

            files.add(Path(args.plot), lambda p: fit_figure(res, p))
    for path in files.written:
        out.print(_cell(f"wrote {path}"))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# dashboard


def _cmd_dashboard(args: argparse.Namespace, out: Console, err: Console) -> int:
    if not 0 < args.port < 65536:
        raise InputError("--port", args.port, "a port number from 1 to 65535")
    try:
        import dash  # noqa: F401
    except ImportError:
        raise InputError(
            "dashboard", "dash", "an installed Dash: pip install 'osteoimmune[dashboard]'"
        ) from None
    from osteoimmune.dashboard import serve

    err.print(_cell(f"osteoimmune dashboard on http://{args.host}:{args.port} (Ctrl+C stops)"))
    serve(host=args.host, port=args.port)
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# bench


def _cmd_bench(args: argparse.Namespace, out: Console, err: Console) -> int:
    from osteoimmune.report.bench import format_report, run_benchmarks

    if args.json:
        _check_output(Path(args.json), "--json")
    if args.plot:
        _check_output(Path(args.plot), "--plot")

    def say(section: str) -> None:
        err.print(_cell(f"benchmark: {section}..."))

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
        with _Outputs() as files:
            files.add(
                Path(args.json),
                lambda p: p.write_text(
                    json.dumps(_jsonable(report.to_dict()), indent=2, default=str)
                ),
            )
        out.print(_cell(f"wrote {args.json}"))
    return EXIT_OK if report.targets_met else EXIT_FAILED


# --------------------------------------------------------------------------------------------
# network


def _cmd_network(args: argparse.Namespace, out: Console, err: Console) -> int:
    from osteoimmune.report.network import WRITE_SUFFIXES, interaction_network

    targets = [Path(p) for p in (args.output or ["network.svg"])]
    for target in targets:  # checked before the derivation, which takes seconds
        if target.suffix.lower() not in WRITE_SUFFIXES:
            raise InputError(
                "-o/--output", str(target), f"a file ending in {', '.join(WRITE_SUFFIXES)}"
            )
        _check_output(target, "-o/--output")
    with _status(err, "Deriving the network from the rate laws..."):
        net = interaction_network(args.scenario, parameter_set=args.parameter_set)
    with _Outputs() as outputs:
        for target in targets:
            outputs.add(target, net.write)
    signs = [e.sign for e in net.edges]
    out.print(
        _cell(
            f"{net.scenario} (parameter set {net.parameter_set}): {len(net.nodes)} nodes, "
            f"{len(net.edges)} edges ({signs.count(1)} stimulate, {signs.count(-1)} inhibit, "
            f"{signs.count(0)} off along the run)"
        )
    )
    table = _table(
        "Edges carrying most", ("source", "", "target", "weight", "claims"), right=("weight",)
    )
    arrow = {1: "→", -1: "⊣", 0: "⋯"}
    for e in net.highlighted(args.top):
        table.add_row(
            _cell(net.node(e.source).label),
            _cell(arrow[e.sign]),
            _cell(net.node(e.target).label),
            _cell(f"{e.weight:.3g}"),
            _cell(", ".join(e.claims[:6]) + (" ..." if len(e.claims) > 6 else "")),
        )
    out.print(table)
    for path in outputs.written:
        out.print(_cell(f"wrote {path}"))
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# parser


_DESCRIPTION = """\
Simulate the bone-immune system: marrow, immune cells, cytokines and bone remodeling."""

_EPILOG = """\
examples:
  osteoimmune run healthy --plot healthy.png
  osteoimmune run my_scenario.yaml --out result.csv
  osteoimmune list observables
  osteoimmune validate --json scorecard.json --html report.html
  osteoimmune network menopause -o network.svg

exit status: 0 success, 1 a validation or a run failed, 2 bad input."""

_RUN_EPILOG = """\
examples:
  osteoimmune run healthy
  osteoimmune run healthy --out healthy.csv --plot healthy.png
  osteoimmune run scenario.yaml --out result.parquet --states

A CSV table gets a sidecar FILE.meta.json (package version, parameter set and its hash, model hash,
scenario, column units); a Parquet table carries the same metadata in its schema.
A scenario file (YAML):
  species: human
  sex: female
  age: 50 years
  duration: 1 years
  events:
    - at: 20 days
      infusion: {target: opg, rate: 2.0e5 pM/day, duration: 60 days}"""

_LIST_EPILOG = """\
examples:
  osteoimmune list scenarios
  osteoimmune list observables
  osteoimmune list parameters --parameter-set pivonka2008"""

_VALIDATE_EPILOG = """\
examples:
  osteoimmune validate
  osteoimmune validate --json scorecard.json --html scorecard.html
  osteoimmune validate --only ID1 ID2

exit status: 0 when every experiment passes, 1 when any fails."""

_POPULATION_EPILOG = """\
examples:
  osteoimmune population menopause --n 1000 --store trial.duckdb --vary k_TNF=0.3
  osteoimmune population --arm placebo=menopause --arm denosumab=dmab.yaml --n 500 \\
      --store trial.duckdb --vary kel_DMAB=0.3 --endpoint "bmd_lumbar_spine_pct@5 years"
  osteoimmune population menopause --n 10000 --store big.duckdb --scheduler tcp://host:8786

Run the same command again to resume an interrupted population: subjects already in the store
are skipped.
"""

_SENSITIVITY_EPILOG = """\
examples:
  osteoimmune sensitivity menopause --output "bmd_lumbar_spine_pct@7 years" --method local
  osteoimmune sensitivity menopause --output "bmd_lumbar_spine_pct@7 years" --method morris \\
      --parameters k_TNF n_OB f_E2_T --spread 0.2 --plot morris.png
  osteoimmune sensitivity menopause --output "ctx_ng_ml@3 years" --method sobol --n 256 \\
      --parameters k_TNF n_OB f_E2_T k_act --json sobol.json
"""

_FIT_EPILOG = """\
examples:
  osteoimmune fit menopause --data bmd.csv --parameter k_TNF=10:300
  osteoimmune fit trial.yaml --data data.csv --parameter k_TNF --parameter f_E2_T=0.3:1 \\
      --intervals profile --plot fit.png --json fit.json

The CSV has columns time (days), observable, value and optionally sd and condition.
"""

_DASHBOARD_EPILOG = """\
examples:
  osteoimmune dashboard
  osteoimmune dashboard --port 8060
"""

_BENCH_EPILOG = """\
examples:
  osteoimmune bench --only single startup
  osteoimmune bench --json bench.json --plot scaling.png
"""

_NETWORK_EPILOG = """\
examples:
  osteoimmune network -o network.svg
  osteoimmune network menopause -o menopause.png -o menopause.graphml
  osteoimmune network --parameter-set mouse -o mouse.json

Nodes are cells, molecules and tissue readouts; edges are derived from the rate laws, signed by
the derivative along the run (green stimulates, red inhibits, grey dashes are switches that stay
off), and each carries its processes, claim ids and references (in .json and .graphml). With a
SCENARIO, the edges that carry most of their targets' turnover along that run are highlighted."""

_SBML_EPILOG = """\
examples:
  osteoimmune export-sbml healthy -o model.xml"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``osteoimmune`` command."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=fmt)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser(
        "run",
        help="simulate a scenario",
        description="Simulate a scenario and summarise the run.",
        epilog=_RUN_EPILOG,
        formatter_class=fmt,
    )
    run.add_argument(
        "scenario",
        metavar="SCENARIO",
        help=f"a built-in name ({', '.join(builtin_scenarios())}) or a YAML file",
    )
    run.add_argument("--out", metavar="FILE", help="write the table to FILE.csv or FILE.parquet")
    run.add_argument(
        "--plot", metavar="FILE", help="write the standard figure to FILE (.png, .pdf, .svg...)"
    )
    run.add_argument(
        "--states",
        action="store_true",
        help="add every state as a column state:NAME to the --out table",
    )
    run.set_defaults(func=_cmd_run)

    lst = sub.add_parser(
        "list",
        help="list scenarios, conditions, treatments, genotypes, observables, parameters",
        description="List what a scenario can name.",
        epilog=_LIST_EPILOG,
        formatter_class=fmt,
    )
    lst.add_argument("what", choices=tuple(_LISTERS), metavar="WHAT", help=", ".join(_LISTERS))
    lst.add_argument(
        "--parameter-set",
        default=DEFAULT_PARAMETER_SET,
        choices=available_parameter_sets(),
        metavar="NAME",
        help=f"the parameter set whose model is listed (default {DEFAULT_PARAMETER_SET}; "
        f"one of {', '.join(available_parameter_sets())})",
    )
    lst.set_defaults(func=_cmd_list)

    val = sub.add_parser(
        "validate",
        help="run the registered experiments and print the scorecard",
        description="Run the in silico replications of the claims and calibration targets.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=fmt,
    )
    val.add_argument("--json", metavar="FILE", help="write the outcomes as a JSON list")
    val.add_argument(
        "--html", metavar="FILE", help="write the scorecard as a self-contained HTML page"
    )
    val.add_argument("--only", metavar="ID", nargs="+", help="run only these experiment ids")
    val.set_defaults(func=_cmd_validate)

    sbml = sub.add_parser(
        "export-sbml",
        help="export a scenario's model as SBML",
        description="Export the model of a scenario (its parameter set, genotype and overrides) as SBML.",
        epilog=_SBML_EPILOG,
        formatter_class=fmt,
    )
    sbml.add_argument("scenario", metavar="SCENARIO", help="a built-in name or a YAML file")
    sbml.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the SBML file to write"
    )
    sbml.set_defaults(func=_cmd_export_sbml)

    net = sub.add_parser(
        "network",
        help="draw the interaction network derived from the model",
        description="Derive the interaction network (cells, molecules, signed edges) from the "
        "model's rate laws; draw it and write it as a graph.",
        epilog=_NETWORK_EPILOG,
        formatter_class=fmt,
    )
    net.add_argument(
        "scenario",
        metavar="SCENARIO",
        nargs="?",
        help="a built-in name or YAML file whose run signs and weighs the edges "
        "(default: a healthy subject)",
    )
    net.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        action="append",
        help="write FILE: .svg, .png, .pdf (the drawing), .json or .graphml (the graph); "
        "repeat for several (default network.svg)",
    )
    net.add_argument(
        "--parameter-set",
        choices=available_parameter_sets(),
        metavar="NAME",
        help="without a SCENARIO, the parameter set whose model is drawn (default human)",
    )
    net.add_argument(
        "--top", type=int, default=15, metavar="N", help="rows of the printed table (default 15)"
    )
    net.set_defaults(func=_cmd_network)

    pop = sub.add_parser(
        "population",
        help="run a virtual population or trial into a resumable DuckDB store",
        description="Run N virtual subjects (parameters varied log-normally) through one or "
        "more arms on local processes or a Dask cluster; each finished chunk is written to the "
        "store, and running the same command again resumes where it stopped.",
        epilog=_POPULATION_EPILOG,
        formatter_class=fmt,
    )
    pop.add_argument("scenario", metavar="SCENARIO", nargs="?", help="the (first) arm's scenario")
    pop.add_argument("--n", type=int, required=True, metavar="N", help="subjects per arm")
    pop.add_argument("--store", required=True, metavar="FILE", help="the DuckDB file (.duckdb)")
    pop.add_argument(
        "--arm", action="append", metavar="NAME=SCENARIO", help="an arm; repeat for several"
    )
    pop.add_argument(
        "--vary",
        action="append",
        metavar="PARAM=CV",
        help="log-normal variability of a parameter (coefficient of variation); repeat",
    )
    pop.add_argument(
        "--observables", nargs="+", metavar="NAME", help="observables kept (default all)"
    )
    pop.add_argument("--seed", type=int, default=0, help="seed of the subjects' draws (default 0)")
    pop.add_argument("--workers", type=int, metavar="K", help="local processes (default all cores)")
    pop.add_argument(
        "--chunk-size",
        type=int,
        metavar="N",
        help="subjects per task written at once (default: auto)",
    )
    pop.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler instead")
    pop.add_argument(
        "--endpoint", metavar="NAME@TIME", help="print each arm's distribution of this endpoint"
    )
    pop.set_defaults(func=_cmd_population)

    sen = sub.add_parser(
        "sensitivity",
        help="local, Morris or Sobol sensitivity of observables to parameters",
        description="Sensitivity of observables at given times to parameters: normalised local "
        "coefficients, Morris screening or Sobol indices (SALib), over ranges of +/- SPREAD "
        "around each value or the parameter set's declared bounds.",
        epilog=_SENSITIVITY_EPILOG,
        formatter_class=fmt,
    )
    sen.add_argument("scenario", metavar="SCENARIO")
    sen.add_argument(
        "--output",
        action="append",
        required=True,
        metavar="NAME@TIME",
        help="an observable at a time, e.g. bmd_lumbar_spine_pct@7years; repeat for several",
    )
    sen.add_argument("--method", choices=METHODS, default="sobol", help="default sobol")
    sen.add_argument(
        "--parameters", nargs="+", metavar="NAME", help="parameters (default: all nonzero ones)"
    )
    sen.add_argument(
        "--spread", type=float, default=0.5, help="ranges of value x (1 +/- SPREAD) (default 0.5)"
    )
    sen.add_argument(
        "--declared-bounds", action="store_true", help="use the parameter set's bounds instead"
    )
    sen.add_argument("--n", type=int, default=256, help="Sobol base samples, a power of 2")
    sen.add_argument("--trajectories", type=int, default=20, help="Morris trajectories")
    sen.add_argument("--seed", type=int, default=0)
    sen.add_argument("--workers", type=int, metavar="K", help="local processes (default all cores)")
    sen.add_argument("--top", type=int, default=15, metavar="N", help="rows printed and plotted")
    sen.add_argument("--plot", metavar="FILE", help="tornado or Sobol bar chart")
    sen.add_argument("--json", metavar="FILE", help="write rankings and indices as JSON")
    sen.add_argument("--csv", metavar="FILE", help="write the index table as CSV")
    sen.set_defaults(func=_cmd_sensitivity)

    fitp = sub.add_parser(
        "fit",
        help="fit parameters to a time-course CSV (multistart least squares, 95 %% intervals)",
        description="Estimate parameters from a long-format CSV (time in days, observable, "
        "value, optional sd and condition) by multistart least squares on a log scale, with "
        "95 %% confidence intervals from the Fisher information or the profile likelihood.",
        epilog=_FIT_EPILOG,
        formatter_class=fmt,
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
    fitp.add_argument("--starts", type=int, default=8, help="local fits from spread starts (8)")
    fitp.add_argument("--intervals", choices=("fisher", "profile"), default="fisher")
    fitp.add_argument("--seed", type=int, default=0)
    fitp.add_argument("--plot", metavar="FILE", help="data and fitted model")
    fitp.add_argument("--json", metavar="FILE", help="write estimates and intervals as JSON")
    fitp.set_defaults(func=_cmd_fit)

    dash_p = sub.add_parser(
        "dashboard",
        help="start the dashboard in the browser (http://127.0.0.1:8050)",
        description="Serve the dashboard: pick species, conditions, genotype and a treatment, "
        "see the standard panels, pin a reference, overlay data, draw the network, run the "
        "scorecard, download the table, figure and report. Bound to 127.0.0.1 unless --host "
        "says otherwise. Needs Dash: pip install 'osteoimmune[dashboard]'.",
        epilog=_DASHBOARD_EPILOG,
        formatter_class=fmt,
    )
    dash_p.add_argument("--port", type=int, default=8050, metavar="P", help="port (8050)")
    dash_p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default loopback only)"
    )
    dash_p.set_defaults(func=_cmd_dashboard)

    ben = sub.add_parser(
        "bench",
        help="benchmark against libRoadRunner (single run, ensemble, start-up, memory, scaling)",
        description="Time osteoimmune and libRoadRunner side by side on this machine and print "
        "each ratio with its target, the peer's version and an accuracy check against a "
        "tight-tolerance reference solve. Takes minutes (the full set about 15 on 2 cores; "
        "libRoadRunner compiles the human model once, about a minute, then reuses it).",
        epilog=_BENCH_EPILOG,
        formatter_class=fmt,
    )
    ben.add_argument("--json", metavar="FILE", help="also write every row and ratio as JSON")
    ben.add_argument(
        "--only",
        nargs="+",
        metavar="SECTION",
        choices=SECTIONS,
        help=f"run only these sections ({', '.join(SECTIONS)})",
    )
    ben.add_argument("--repeats", type=int, default=5, metavar="N", help="timed runs (default 5)")
    ben.add_argument(
        "--subjects", type=int, default=1000, metavar="N", help="ensemble size (default 1000)"
    )
    ben.add_argument(
        "--peer-subjects",
        type=int,
        default=10,
        metavar="N",
        help="subjects libRoadRunner runs for its ensemble rate (default 10)",
    )
    ben.add_argument(
        "--memory-subjects",
        type=int,
        default=10_000,
        metavar="N",
        help="population streamed to a store for peak memory (default 10000)",
    )
    ben.add_argument("--workers", type=int, metavar="K", help="worker processes (default 2)")
    ben.add_argument("--plot", metavar="FILE", help="write the scaling curves to FILE (.png)")
    ben.set_defaults(func=_cmd_bench)
    return parser


def _error(message: object) -> None:
    print(f"{PROG}: error: {_one_line(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        _error(exc)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    out, err = Console(), Console(stderr=True)
    try:
        code: int = args.func(args, out, err)
    except InputError as exc:
        _error(exc)
        return EXIT_USAGE
    except OSError as exc:
        _error(_os_message(exc))
        return EXIT_USAGE
    except OsteoimmuneError as exc:  # SolverError, ModelError, unavailable feature
        _error(exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
