"""The ``osteoimmune`` command line: a thin layer over the public API.

One module per command (or small group of commands), each with ``register(subparsers)`` and the
command function it sets as the subcommand's ``func``; heavy imports happen inside the command
functions, so that ``osteoimmune --help`` and a single run start fast.

Exit status: 0 success, 1 a validation failed or a run failed at run time, 2 bad input (an
unknown name, a wrong unit, an unwritable output path, a bad flag). Errors are printed as one
line, ``osteoimmune: error: <message>``, without a traceback; on error no output file is
written. An unexpected error (a defect) is one line too, naming the file its full traceback was
written to, with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from osteoimmune._version import __version__
from osteoimmune.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    FORMATTER,
    PROG,
    Parser,
    UsageError,
    one_line,
    os_message,
)
from osteoimmune.errors import InputError, OffEquilibriumWarning, OsteoimmuneError

DESCRIPTION = """\
Simulate the bone-immune system: marrow, immune cells, cytokines and bone remodeling."""

EPILOG = """\
examples:
  osteoimmune run healthy --plot healthy.png
  osteoimmune run my_scenario.yaml --out result.csv
  osteoimmune compare menopause hrt --at "5 years"
  osteoimmune list observables
  osteoimmune validate --json scorecard.json --html report.html
  osteoimmune network menopause -o network.svg

exit status: 0 success, 1 a validation or a run failed, 2 bad input."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``osteoimmune`` command."""
    from osteoimmune.cli import (
        bench,
        compare,
        dashboard,
        export,
        fit,
        listing,
        population,
        run,
        sensitivity,
        validate,
    )

    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=FORMATTER)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in (
        run,
        listing,
        compare,
        validate,
        export,
        population,
        sensitivity,
        fit,
        dashboard,
        bench,
    ):
        command.register(sub)
    return parser


def _error(message: object) -> None:
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)


class _Warnings:
    """``warnings.showwarning`` for the command line: one line on stderr per warning the package
    gives on purpose, and a single line for all numerical (numpy) warnings of a command, which an
    extreme parameter override can raise by the dozen."""

    def __init__(self) -> None:
        self.numerical = 0

    def __call__(
        self, message: Warning | str, category: type[Warning], *_: object, **__: object
    ) -> None:
        if issubclass(category, RuntimeWarning):
            self.numerical += 1
            if self.numerical > 1:
                return
            print(
                f"{PROG}: warning: numerical trouble ({one_line(message)}); check parameter "
                "overrides for extreme values (further numerical warnings are not shown)",
                file=sys.stderr,
            )
            return
        print(f"{PROG}: warning: {one_line(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    from rich.console import Console

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _error(exc)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    out, err = Console(), Console(stderr=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default", OffEquilibriumWarning)  # once per message
            warnings.simplefilter("default", RuntimeWarning)
            warnings.showwarning = _Warnings()
            code: int = args.func(args, out, err)
    except InputError as exc:
        _error(exc)
        return EXIT_USAGE
    except OSError as exc:
        _error(os_message(exc))
        return EXIT_USAGE
    except OsteoimmuneError as exc:  # SolverError, ModelError, unavailable feature
        _error(exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except MemoryError:
        _error(
            "not enough memory for this command (shorten the run, save less often, or use fewer subjects)"
        )
        return EXIT_FAILED
    except Exception as exc:  # a defect: one line, and the traceback in a file
        _error(
            f"unexpected {type(exc).__name__}: {exc} (a defect of {PROG} {__version__}; the "
            f"full traceback is in {_traceback_file(exc)}; please report it)"
        )
        return EXIT_FAILED
    return code


def _traceback_file(exc: BaseException) -> str:
    """Write ``exc``'s traceback, the command line and versions to a new file in the temporary
    directory and return its path (or a note when even that fails)."""
    import platform
    import tempfile
    import traceback

    text = "".join(
        [
            f"{PROG} {__version__}, Python {platform.python_version()} on {platform.platform()}\n",
            f"command: {' '.join(sys.argv)}\n\n",
            *traceback.format_exception(type(exc), exc, exc.__traceback__),
        ]
    )
    try:
        fd, path = tempfile.mkstemp(prefix=f"{PROG}-traceback-", suffix=".txt", text=True)
        with open(fd, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as err:
        return f"(nowhere: {os_message(err)})"
    return path


__all__ = ["build_parser", "main"]
