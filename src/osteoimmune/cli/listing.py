"""``osteoimmune list WHAT``: what a scenario can name, and the registered experiments."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from osteoimmune.cli._common import (
    DEFAULT_PARAMETER_SET,
    EXIT_OK,
    FORMATTER,
    cell,
    fmt_time,
    table,
)
from osteoimmune.model.parameters import available_parameter_sets

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers
    from osteoimmune.model.compose import Model
    from osteoimmune.model.declarations import Treatment
    from osteoimmune.protocol.scenario import ScenarioEvent

EPILOG = """\
examples:
  osteoimmune list scenarios
  osteoimmune list observables
  osteoimmune list parameters --parameter-set pivonka2008
  osteoimmune list experiments"""


def _model(args: argparse.Namespace) -> Model:
    from osteoimmune.model.compose import compose

    return compose(args.parameter_set)


def _none_yet(out: Console, what: str, parameter_set: str | None = None) -> int:
    where = f" in parameter set {parameter_set!r}" if parameter_set else ""
    out.print(cell(f"No {what} declared{where} yet."))
    return EXIT_OK


def _event_label(ev: ScenarioEvent) -> str:
    from osteoimmune.protocol.cells import CellDepletion, CellTransfer
    from osteoimmune.protocol.scenario import Infusion
    from osteoimmune.protocol.treatments import Regimen

    if isinstance(ev, Infusion):
        return f"infusion {ev.target}"
    if isinstance(ev, Regimen):
        return f"{ev.treatment} ({ev.dose_count} dose{'s' if ev.dose_count > 1 else ''})"
    if isinstance(ev, CellDepletion):
        return f"deplete {ev.group}"
    if isinstance(ev, CellTransfer):
        return f"transfer {ev.group}"
    return ev.name


def _list_scenarios(args: argparse.Namespace, out: Console) -> int:
    from osteoimmune.model.parameters import load_parameter_set
    from osteoimmune.protocol.builtin import builtin_scenarios
    from osteoimmune.protocol.scenario import load_scenario

    scenarios = table(
        "Built-in scenarios (osteoimmune run NAME)",
        ("name", "species", "parameter set", "duration", "events", "description"),
    )
    for name, doc in builtin_scenarios().items():
        sc = load_scenario(name)
        events = ", ".join(f"{_event_label(ev)} at {fmt_time(ev.at_days)}" for ev in sc.events)
        row = (
            name,
            sc.species,
            sc.resolved_parameter_set,
            fmt_time(sc.duration_days),
            events or "none",
            doc.get("description", ""),
        )
        scenarios.add_row(*map(cell, row))
    out.print(scenarios)
    sets = table(
        "Parameter sets (parameter_set: NAME in a scenario file)",
        ("name", "species", "modules", "description"),
    )
    for name in available_parameter_sets():
        pset = load_parameter_set(name)
        sets.add_row(*map(cell, (name, pset.species, ", ".join(pset.modules), pset.description)))
    out.print(sets)
    return EXIT_OK


def _list_conditions(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    if not model.conditions:
        return _none_yet(out, "conditions are", args.parameter_set)
    lead = any(c.lead_days for c in model.conditions.values())
    lead_col = "lead time (starts before at)"
    columns = ("name", *((lead_col,) if lead else ()), "description", "evidence")
    rows = table(f"Conditions (parameter set {args.parameter_set})", columns, right=(lead_col,))
    for name, cond in sorted(model.conditions.items()):
        before = (fmt_time(cond.lead_days) if cond.lead_days else "—",) if lead else ()
        rows.add_row(*map(cell, (name, *before, cond.description, ", ".join(cond.evidence))))
    out.print(rows)
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
    rows = table(
        f"Treatments (parameter set {args.parameter_set}; dose in mg or mg/kg)",
        ("name", "target", "routes", "description", "evidence", "default regimen"),
    )
    for name, tr in sorted(model.treatments.items()):
        evidence = ", ".join(tr.evidence)
        row = (
            name,
            tr.target,
            _routes(tr),
            tr.description,
            evidence,
            _default_regimen(tr),
        )
        rows.add_row(*map(cell, row))
    out.print(rows)
    return EXIT_OK


def _list_genotypes(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    if not model.genotypes:
        return _none_yet(out, "genotypes are", args.parameter_set)
    lacking = any(g.lacks for g in model.genotypes.values())
    columns = (
        "name",
        "description",
        "parameters scaled",
        *(("lacks cells",) if lacking else ()),
        "evidence",
    )
    rows = table(f"Genotypes (parameter set {args.parameter_set})", columns)
    for name, g in sorted(model.genotypes.items()):
        scaled = ", ".join(f"{p} × {f:g}" for p, f in g.scale)
        lacks = (", ".join(g.lacks),) if lacking else ()
        rows.add_row(*map(cell, (name, g.description, scaled, *lacks, ", ".join(g.evidence))))
    out.print(rows)
    return EXIT_OK


def _list_observables(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    rows = table(
        f"Observables (parameter set {args.parameter_set})",
        ("name", "unit", "description"),
    )
    kind_unit = {"pct_change": "% change from t = 0", "rel": "fold of healthy"}
    species = model.parameter_set.species
    for o in model.observables:
        if not o.reported_for(species):
            continue  # not a readout of this species' runs
        rows.add_row(*map(cell, (o.name, kind_unit.get(o.kind, o.unit), o.description)))
    out.print(rows)
    return EXIT_OK


def _list_parameters(args: argparse.Namespace, out: Console) -> int:
    model = _model(args)
    rows = table(
        f"Parameters (parameter set {args.parameter_set})",
        ("name", "value", "unit", "description", "source"),
        right=("value",),
    )
    for p in model.parameters:
        rows.add_row(*map(cell, (p.name, f"{p.value:.6g}", p.unit, p.description, p.source)))
    out.print(rows)
    return EXIT_OK


#: The status of an experiment, by its outcome in the last validation run on this machine.
STATUS: dict[bool | None, tuple[str, str]] = {
    True: ("pass", "bold green"),
    False: ("FAIL", "bold red"),
    None: ("not run", "dim"),
}


def _list_experiments(args: argparse.Namespace, out: Console) -> int:
    from osteoimmune.experiments import experiments
    from osteoimmune.experiments.status import last_outcomes

    registry: dict[str, Any] = dict(experiments())
    if not registry:
        return _none_yet(out, "experiments are")
    last = last_outcomes()
    kinds = {i: str(getattr(e, "kind", "") or "") for i, e in registry.items()}
    kind_col = ("kind",) if any(kinds.values()) else ()
    rows = table(
        "Experiments (osteoimmune validate --only ID)",
        ("id", *kind_col, "claim", "status"),
    )
    counts = dict.fromkeys(STATUS, 0)
    for i, exp in registry.items():
        passed = last.get(i)
        counts[passed] += 1
        word, style = STATUS[passed]
        kind = (cell(kinds[i]),) if kind_col else ()
        rows.add_row(cell(exp.id), *kind, cell(exp.claim), Text(word, style=style))
    out.print(rows)
    out.print(
        cell(
            f"{len(registry)} experiments: {counts[True]} pass, {counts[False]} fail, "
            f"{counts[None]} not run (status: the last osteoimmune validate on this machine)."
        )
    )
    return EXIT_OK


LISTERS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "scenarios": _list_scenarios,
    "conditions": _list_conditions,
    "treatments": _list_treatments,
    "genotypes": _list_genotypes,
    "observables": _list_observables,
    "parameters": _list_parameters,
    "experiments": _list_experiments,
}


def register(sub: Subparsers) -> None:
    """Add ``list`` to the command line."""
    lst = sub.add_parser(
        "list",
        help="list scenarios, conditions, treatments, genotypes, observables, parameters, "
        "experiments",
        description="List what a scenario can name, and the registered experiments.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    lst.add_argument("what", choices=tuple(LISTERS), metavar="WHAT", help=", ".join(LISTERS))
    sets = available_parameter_sets()
    lst.add_argument(
        "--parameter-set",
        default=DEFAULT_PARAMETER_SET,
        choices=sets,
        metavar="NAME",
        help=f"the parameter set whose model is listed (default {DEFAULT_PARAMETER_SET}; "
        f"one of {', '.join(sets)})",
    )
    lst.set_defaults(func=command)


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Print the table of ``args.what``."""
    return LISTERS[args.what](args, out)
