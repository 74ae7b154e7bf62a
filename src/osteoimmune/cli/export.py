"""``osteoimmune export-sbml`` and ``osteoimmune network``: the model as SBML and as a graph."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from osteoimmune.cli._common import (
    EXIT_OK,
    FORMATTER,
    Unavailable,
    cell,
    check_output,
    print_written,
    status,
    table,
    whole_number,
)
from osteoimmune.errors import InputError
from osteoimmune.model.parameters import available_parameter_sets

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers

SBML_EPILOG = """\
examples:
  osteoimmune export-sbml healthy -o model.xml"""

NETWORK_EPILOG = """\
examples:
  osteoimmune network -o network.svg
  osteoimmune network menopause -o menopause.png -o menopause.graphml
  osteoimmune network --parameter-set mouse -o mouse.json

Nodes are cells, molecules and tissue readouts; edges are derived from the rate laws, signed by
the derivative along the run (green stimulates, red inhibits, grey dashes are switches that stay
off), and each carries its processes, claim ids and references (in .json and .graphml). With a
SCENARIO, the edges that carry most of their targets' turnover along that run are highlighted."""


def register(sub: Subparsers) -> None:
    """Add ``export-sbml`` and ``network`` to the command line."""
    sbml = sub.add_parser(
        "export-sbml",
        help="export a scenario's model as SBML",
        description="Export the model of a scenario (its parameter set, genotype and overrides) as SBML.",
        epilog=SBML_EPILOG,
        formatter_class=FORMATTER,
    )
    sbml.add_argument("scenario", metavar="SCENARIO", help="a built-in name or a YAML file")
    sbml.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the SBML file to write"
    )
    sbml.set_defaults(func=export_sbml)

    net = sub.add_parser(
        "network",
        help="draw the interaction network derived from the model",
        description="Derive the interaction network (cells, molecules, signed edges) from the "
        "model's rate laws; draw it and write it as a graph.",
        epilog=NETWORK_EPILOG,
        formatter_class=FORMATTER,
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
        "--top",
        type=whole_number(1, 100_000),
        default=15,
        metavar="N",
        help="rows of the printed table (default 15)",
    )
    net.set_defaults(func=network)


def export_sbml(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Write the SBML of ``args.scenario``'s model to ``-o``."""
    from osteoimmune.io.files import AtomicFiles
    from osteoimmune.protocol.scenario import load_scenario

    target = Path(args.output)
    check_output(target, "-o/--output")
    scenario = load_scenario(args.scenario)
    try:
        from osteoimmune.io.sbml import export_sbml as write_sbml
    except ImportError as exc:
        raise Unavailable(f"SBML export is not available in this installation ({exc})") from exc
    with status(err, f"Exporting {scenario.name} as SBML..."), AtomicFiles() as files:
        files.add(target, lambda tmp: write_sbml(scenario, str(tmp)))
    out.print(cell(f"wrote {target}"))
    return EXIT_OK


def network(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Derive the interaction network, print its busiest edges and write ``-o`` files."""
    from osteoimmune.io.files import AtomicFiles
    from osteoimmune.report.network import WRITE_SUFFIXES, interaction_network

    targets = [Path(p) for p in (args.output or ["network.svg"])]
    for target in targets:  # checked before the derivation, which takes seconds
        if target.suffix.lower() not in WRITE_SUFFIXES:
            raise InputError(
                "-o/--output",
                str(target),
                f"a file ending in {', '.join(WRITE_SUFFIXES)}",
            )
        check_output(target, "-o/--output")
    with status(err, "Deriving the network from the rate laws..."):
        net = interaction_network(args.scenario, parameter_set=args.parameter_set)
    with AtomicFiles() as files:
        for target in targets:
            files.add(target, net.write)
    signs = [e.sign for e in net.edges]
    out.print(
        cell(
            f"{net.scenario} (parameter set {net.parameter_set}): {len(net.nodes)} nodes, "
            f"{len(net.edges)} edges ({signs.count(1)} stimulate, {signs.count(-1)} inhibit, "
            f"{signs.count(0)} off along the run)"
        )
    )
    rows = table(
        "Edges carrying most",
        ("source", "", "target", "weight", "claims"),
        right=("weight",),
    )
    arrow = {1: "→", -1: "⊣", 0: "⋯"}
    for e in net.highlighted(args.top):
        rows.add_row(
            cell(net.node(e.source).label),
            cell(arrow[e.sign]),
            cell(net.node(e.target).label),
            cell(f"{e.weight:.3g}"),
            cell(", ".join(e.claims[:6]) + (" ..." if len(e.claims) > 6 else "")),
        )
    out.print(rows)
    print_written(out, files.written)
    return EXIT_OK
