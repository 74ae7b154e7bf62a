"""What every command shares: the parser class, exit codes, output checks, tables and progress."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.table import Table
from rich.text import Text

from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.io.files import check_writable
from osteoimmune.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from osteoimmune.progress import ProgressUpdate

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

PROG = "osteoimmune"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_PARAMETER_SET = "human"  # the default species' calibrated set
FORMATTER = argparse.RawDescriptionHelpFormatter


# --------------------------------------------------------------------------------------------
# errors


class UsageError(Exception):
    """A bad command line (argparse's complaint), reported as one line, exit 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose complaints become :class:`UsageError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


class Unavailable(OsteoimmuneError):
    """A feature this installation cannot provide (exit 1)."""


def one_line(message: object) -> str:
    """``message`` with its whitespace (newlines included) folded into single spaces."""
    return " ".join(str(message).split())


def os_message(exc: OSError) -> str:
    """An operating-system error as ``FILE: what went wrong``."""
    what = exc.strerror or exc.__class__.__name__
    return f"{exc.filename}: {what}" if exc.filename else one_line(exc)


def for_flag(exc: InputError, flag: str) -> InputError:
    """The same complaint, naming the command-line ``flag`` the value came from instead of the
    keyword argument the library was given."""
    new = InputError(flag, exc.value, exc.accepted)
    new.hint = exc.hint
    new.args = (flag + str(exc)[len(exc.field) :],)
    return new


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``, refused before any work
    (``--workers -3``, ``--top -1``, ``--seed -1``, ``--n 10000000000``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"a whole number from {low:,} to {high:,}, got {text[:40]!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"a whole number from {low:,} to {high:,}, got {value}"
            )
        return value

    parse.__name__ = "whole number"
    return parse


#: limits of the counting options, shared by every command
SEEDS = whole_number(0, 2**32 - 1)
WORKERS = whole_number(1, 256)


def check_output(path: Path, flag: str, suffixes: Sequence[str] | None = None) -> None:
    """Fail before any work when ``path`` (given as ``flag``) cannot be written."""
    check_writable(path, flag, suffixes)


def check_spares_inputs(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[str]) -> None:
    """Fail before any work when an output file (or the ``.meta.json`` sidecar of a CSV table)
    would be one of the command's input files, or two outputs would be one file.

    Parameters
    ----------
    outputs
        ``(flag, path)`` pairs; a ``None`` path is an output not asked for.
    inputs
        The command's input arguments; those that are not existing files (built-in names) are
        ignored.
    """
    existing = {Path(i).resolve(): i for i in inputs if Path(i).is_file()}
    seen: dict[Path, str] = {}
    for flag, given in outputs:
        if not given:
            continue
        path = Path(given)
        targets = [path]
        if path.suffix.lower() == ".csv":
            targets.append(path.with_suffix(".meta.json"))
        for target in targets:
            where = target.resolve()
            if where in existing:
                raise InputError(
                    flag,
                    given,
                    f"a file other than the input {existing[where]} (it would be overwritten)",
                )
            if where in seen:
                raise InputError(flag, given, f"a file other than {seen[where]}")
            seen[where] = f"{flag} ({target})" if target != path else flag


def check_plot_path(path: Path, flag: str = "--plot") -> None:
    """Fail before any work when ``path`` is not a figure file matplotlib can write."""
    from matplotlib.backend_bases import FigureCanvasBase

    kinds = sorted(f".{k}" for k in FigureCanvasBase.get_supported_filetypes())
    check_output(path, flag, kinds)


def check_table_output(path: Path, flag: str = "--out") -> None:
    """Fail before any work when ``path`` is not a table :func:`write_table` can write."""
    from osteoimmune.io.tables import check_table_path

    check_table_path(path, flag)
    check_output(path, flag)


# --------------------------------------------------------------------------------------------
# tables and numbers


def cell(value: object) -> Text:
    """A table cell, never parsed as rich markup (units and descriptions may hold brackets)."""
    return Text(str(value))


def table(title: str, columns: Sequence[str], *, right: Sequence[str] = ()) -> Table:
    """A table whose first column (a name) and right-aligned columns never wrap, and whose text
    columns fold instead of being cut with an ellipsis."""
    out = Table(title=title)
    for i, col in enumerate(columns):
        short = i == 0 or col in right
        out.add_column(
            col,
            justify="right" if col in right else "left",
            no_wrap=short,
            overflow="fold",
        )
    return out


def fmt(value: float, unit: str = "") -> str:
    """A number for a table: two decimals for percentages, four significant digits otherwise."""
    if not math.isfinite(value):
        return "—"
    return f"{value:.2f}" if unit == "percent" else f"{value:.4g}"


def fmt_time(days: float) -> str:
    """A duration in days, or in years beyond two years."""
    if days > 2 * DAYS_PER_YEAR:
        return f"{days / DAYS_PER_YEAR:.4g} years"
    return f"{days:.4g} days"


def unit_label(unit: str) -> str:
    """A unit as a table shows it (``%`` for percent, nothing for dimensionless)."""
    return {"percent": "%", "dimensionless": ""}.get(unit, unit)


def print_written(out: Console, paths: Sequence[Path]) -> None:
    """``wrote PATH`` for each file written."""
    for path in paths:
        out.print(cell(f"wrote {path}"))


# --------------------------------------------------------------------------------------------
# progress


def interactive() -> bool:
    """Whether standard error is a terminal (spinners and progress bars are drawn only then)."""
    return sys.stderr.isatty()


def status(err: Console, message: str) -> AbstractContextManager[Any]:
    """A spinner on stderr while work runs, when stderr is a terminal."""
    return err.status(message) if interactive() else nullcontext()


@contextmanager
def counting(err: Console, label: str) -> Iterator[ProgressUpdate | None]:
    """A progress bar fed ``(done, total[, current])`` on an interactive terminal (None
    without one)."""
    if not interactive():
        yield None
        return
    from osteoimmune.progress import counting_bar

    with counting_bar(label, console=err) as update:
        yield update


@contextmanager
def naming(err: Console, label: str, total: int) -> Iterator[Callable[[str], None] | None]:
    """A progress bar over ``total`` named items: yields the callback to call with each item's
    name as it starts (None when there is no terminal to draw on)."""
    with counting(err, label) as update:
        if update is None:
            yield None
            return
        started = 0

        def step(item: str) -> None:
            nonlocal started
            update(started, total, item)
            started += 1

        yield step
        update(total, total)
