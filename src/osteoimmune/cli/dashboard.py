"""``osteoimmune dashboard``: serve the dashboard in the browser."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.console import Console

from osteoimmune.cli._common import EXIT_OK, FORMATTER, cell
from osteoimmune.errors import InputError

if TYPE_CHECKING:
    from osteoimmune.cli._common import Subparsers

EPILOG = """\
examples:
  osteoimmune dashboard
  osteoimmune dashboard --port 8060
"""


def register(sub: Subparsers) -> None:
    """Add ``dashboard`` to the command line."""
    dash_p = sub.add_parser(
        "dashboard",
        help="start the dashboard in the browser (http://127.0.0.1:8050)",
        description="Serve the dashboard: pick species, conditions, genotype and a treatment, "
        "see the standard panels, pin a reference, overlay data, draw the network, run the "
        "scorecard, download the table, figure and report. Bound to 127.0.0.1 unless --host "
        "says otherwise. Needs Dash: pip install 'osteoimmune[dashboard]'.",
        epilog=EPILOG,
        formatter_class=FORMATTER,
    )
    dash_p.add_argument("--port", type=int, default=8050, metavar="P", help="port (8050)")
    dash_p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default loopback only)"
    )
    dash_p.set_defaults(func=command)


def command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Serve the dashboard until interrupted."""
    if not 0 < args.port < 65536:
        raise InputError("--port", args.port, "a port number from 1 to 65535")
    try:
        import dash  # noqa: F401
    except ImportError:
        raise InputError(
            "dashboard",
            "dash",
            "an installed Dash: pip install 'osteoimmune[dashboard]'",
        ) from None
    from osteoimmune.dashboard import serve

    err.print(cell(f"osteoimmune dashboard on http://{args.host}:{args.port} (Ctrl+C stops)"))
    serve(host=args.host, port=args.port)
    return EXIT_OK
