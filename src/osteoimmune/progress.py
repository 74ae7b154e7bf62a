"""A progress bar over counted work (subjects, runs, starts), shared by the analyses and the
command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class ProgressUpdate(Protocol):
    """``update(done, total, current=None)``: ``current`` names the item now under way."""

    def __call__(self, done: int, total: int, current: str | None = None) -> None: ...


@contextmanager
def counting_bar(
    label: str, *, console: Any = None, transient: bool = True
) -> Iterator[ProgressUpdate]:
    """A rich progress bar; yields ``update(done, total, current=None)``.

    ``current``, when given, names the item now under way; the bar shows it after ``label``.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=transient,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int, current: str | None = None) -> None:
            description = label if current is None else f"{label} {current}"
            progress.update(task, completed=done, total=total, description=description)

        yield update


def notice(message: str) -> None:
    """One line on standard error, ``osteoimmune: MESSAGE``: what a user waiting on a slow
    first step should know (the command line and notebooks alike show it)."""
    import sys

    print(f"osteoimmune: {message}", file=sys.stderr, flush=True)


__all__ = ["ProgressUpdate", "counting_bar", "notice"]
