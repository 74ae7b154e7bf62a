"""The few readouts that need code, callable by name from an experiment spec's expressions.

Each function takes values or :class:`~osteoimmune.experiments.expressions.Series` and returns a
number; it adds to the vocabulary of :mod:`osteoimmune.experiments.expressions`. Keep this module
small: a readout that the vocabulary can express belongs in the spec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from osteoimmune.experiments.expressions import Series


def fall(arm: Any, ref: Any) -> Any:
    """Percent fall of ``arm`` from ``ref``: ``100 (1 - arm / ref)``; NaN where ``ref`` is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(ref) > 0, 100.0 * (1.0 - np.asarray(arm) / ref), np.nan)[()]


def max_rel_deviation(s: Series) -> float:
    """Largest ``|s - 1|`` over a run (e.g. of a ratio that should stay 1)."""
    return float(np.max(np.abs(np.asarray(s.values) - 1.0)))


#: Name -> function, merged into the readout vocabulary.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "fall": fall,
    "max_rel_deviation": max_rel_deviation,
}
