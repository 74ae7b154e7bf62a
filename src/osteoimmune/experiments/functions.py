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


# ---------------------------------------------------------------------- culture, pharmacology


def sofat_share(rankl_indep: Any, pi_act_rankl: Any, oc_diff_mod: Any) -> Any:
    """Percent of osteoclast differentiation that takes the RANKL-independent SOFAT route.

    The arguments are the two terms of ``OC_differentiation`` at one time: the SOFAT term
    (``oc_rankl_indep``) and the RANKL term (``pi_act_RANKL x oc_diff_mod``).
    """
    return 100.0 * rankl_indep / (rankl_indep + pi_act_rankl * oc_diff_mod)


def half_life(s: Series, t0: float, t1: float) -> Any:
    """Half-life (days) of a decay between ``t0`` and ``t1`` days: ``ln 2`` over the log-linear
    slope of ``s`` between the two times (for a terminal half-life, both in the terminal phase)."""
    a, b = np.asarray(s.at(float(t0))), np.asarray(s.at(float(t1)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(2.0) * (float(t1) - float(t0)) / np.log(a / b))[()]


def residual_half_life(s: Series, t0: float, t1: float, t2: float, t3: float) -> Any:
    """Half-life (days) of the fast phase of a two-phase decay, by the method of residuals.

    The terminal phase is the log-linear line through ``s`` at ``t2`` and ``t3`` days; the fast
    phase is what ``s`` holds above that line, extrapolated back, and its half-life is read between
    ``t0`` and ``t1`` (both early, ``t1 < t2``) as in :func:`half_life`.

    References
    ----------
    Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. (1982), ch. 2 (method of residuals).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.log(2.0) / np.asarray(half_life(s, t2, t3))
    c2 = np.asarray(s.at(float(t2)))
    terminal = c2[..., None] * np.exp(k[..., None] * (float(t2) - s.times))
    return half_life(s - terminal, t0, t1)


def auc(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Area under ``s`` over the output times within ``[t0, t1]`` days (trapezoids; value x day)."""
    w = s.window(t0, t1)
    v = np.asarray(w.values, dtype=float)
    return (np.sum((v[..., 1:] + v[..., :-1]) * np.diff(w.times) / 2.0, axis=-1))[()]


FUNCTIONS.update(
    {
        "sofat_share": sofat_share,
        "half_life": half_life,
        "residual_half_life": residual_half_life,
        "auc": auc,
    }
)
