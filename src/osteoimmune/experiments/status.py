"""The outcome of each experiment's last run on this machine (``osteoimmune list experiments``).

``osteoimmune validate`` saves the outcomes it ran with :func:`save_outcomes`; each experiment
keeps its latest outcome, so ``validate --only ID`` updates that experiment alone. The record is
a small JSON file in the package's disk cache folder (see :mod:`osteoimmune.cachedir`); with the
cache off nothing is saved and every experiment reads as not run.

Examples
--------
>>> from osteoimmune.experiments.status import last_outcomes, save_outcomes
>>> save_outcomes({"S6": True, "EST-4": False})  # doctest: +SKIP
>>> last_outcomes()  # doctest: +SKIP
{'S6': True, 'EST-4': False}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from osteoimmune.cachedir import cache_folder, read_text, write_atomic

#: The record's file name in the cache folder.
FILE_NAME = "experiment_outcomes.json"


class OutcomeLike(Protocol):
    """What :func:`save_outcomes` reads of an outcome."""

    @property
    def id(self) -> str: ...

    @property
    def passed(self) -> bool: ...


def outcomes_path() -> Path | None:
    """Where the outcomes are kept, or ``None`` when the disk cache is off."""
    folder = cache_folder()
    return None if folder is None else folder / FILE_NAME


def last_outcomes() -> dict[str, bool]:
    """Experiment id -> whether it passed when it last ran on this machine.

    An experiment never run here is absent; an unreadable record reads as empty.
    """
    path = outcomes_path()
    if path is None:
        return {}
    text = read_text(path)
    try:
        doc = json.loads(text) if text is not None else {}
    except ValueError:
        return {}
    outcomes = doc.get("outcomes") if isinstance(doc, dict) else None
    if not isinstance(outcomes, dict):
        return {}
    return {str(k): v for k, v in outcomes.items() if isinstance(v, bool)}


def _as_mapping(outcomes: Mapping[str, bool] | Iterable[OutcomeLike]) -> dict[str, bool]:
    if isinstance(outcomes, Mapping):
        return {str(k): bool(v) for k, v in outcomes.items()}
    return {str(o.id): bool(o.passed) for o in outcomes}


def save_outcomes(outcomes: Mapping[str, bool] | Iterable[OutcomeLike]) -> Path | None:
    """Record the outcomes of a validation run, over those of earlier runs.

    Parameters
    ----------
    outcomes
        ``id -> passed``, or objects with ``id`` and ``passed`` attributes (the outcomes
        :func:`osteoimmune.experiments.run_experiments` returns).

    Returns
    -------
    Path or None
        The record written; ``None`` when the cache is off or its folder cannot be written
        (a record is a convenience: failing to keep one never fails a validation).
    """
    path = outcomes_path()
    if path is None:
        return None
    merged = {**last_outcomes(), **_as_mapping(outcomes)}
    doc = {
        "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "outcomes": merged,
    }
    write_atomic(path, json.dumps(doc, indent=2) + "\n")
    if read_text(path) is None:
        return None
    return path


__all__ = ["FILE_NAME", "last_outcomes", "outcomes_path", "save_outcomes"]
