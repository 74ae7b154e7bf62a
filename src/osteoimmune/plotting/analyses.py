"""Figures of analyses: the sensitivity chart and the fit to data.

The analyses in :mod:`osteoimmune.analysis` return data (tables, estimates); these functions draw
them, on :class:`matplotlib.figure.Figure` with the Agg canvas (no ``pyplot`` global state).

Example::

    from osteoimmune.analysis.sensitivity import morris_screening
    from osteoimmune.plotting import sensitivity_figure

    res = morris_screening(scenario, outputs, names)
    sensitivity_figure(res, "morris.png", top=10)
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from osteoimmune.analysis.fit import FitResult
    from osteoimmune.analysis.sensitivity import SensitivityResult

_DPI = 120


def _figure(n_axes: int, *, width: float, height: float) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width * n_axes, height))
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, n_axes, squeeze=False)
    return fig, list(axes[0])


def _finish(fig: Figure, path: str | PathLike[str] | None) -> Figure:
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=_DPI)
    return fig


def sensitivity_figure(
    result: SensitivityResult, path: str | PathLike[str] | None = None, *, top: int = 15
) -> Figure:
    """Tornado chart (local coefficients, Morris mu*) or first-order and total Sobol indices,
    one panel per output.

    Parameters
    ----------
    result
        A local, Morris or Sobol analysis (:mod:`osteoimmune.analysis.sensitivity`).
    path
        If given, save the figure there (format from the suffix).
    top
        Draw the ``top`` most influential parameters of each output.

    Returns
    -------
    matplotlib.figure.Figure
    """
    outputs = list(dict.fromkeys(result.table["output"]))
    fig, axes = _figure(len(outputs), width=5.5, height=0.35 * top + 1.5)
    for ax, label in zip(axes, outputs, strict=True):
        sub = result.table[result.table["output"] == label]
        sub = sub.sort_values(result.index, ascending=True, kind="stable").tail(top)
        y = np.arange(len(sub))
        if result.method == "sobol":
            ax.barh(y + 0.2, sub["ST"], height=0.4, label="total (ST)")
            ax.barh(y - 0.2, sub["S1"], height=0.4, label="first order (S1)")
            ax.legend(loc="lower right")
            ax.set_xlabel("Sobol index")
        elif result.method == "morris":
            ax.barh(y, sub["mu_star"], xerr=sub["mu_star_conf"], color="tab:blue")
            ax.set_xlabel("Morris mu* (output units)")
        else:
            colors = ["tab:red" if c < 0 else "tab:blue" for c in sub["coefficient"]]
            ax.barh(y, sub["coefficient"], color=colors)
            ax.axvline(0, color="0.3", lw=0.8)
            ax.set_xlabel("normalised sensitivity d ln(output) / d ln(parameter)")
        ax.set_yticks(y, sub["parameter"])
        ax.set_title(label)
    return _finish(fig, path)


def fit_figure(result: FitResult, path: str | PathLike[str] | None = None) -> Figure:
    """Data (with sd bars) and the fitted model, one panel per observable and condition.

    Parameters
    ----------
    result
        A fit (:func:`osteoimmune.analysis.fit.fit`).
    path
        If given, save the figure there (format from the suffix).

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = list(result.residuals.groupby(["observable", "condition"], sort=True))
    fig, axes = _figure(len(groups), width=4.5, height=3.5)
    for ax, ((obs, cond), g) in zip(axes, groups, strict=True):
        g = g.sort_values("time")
        sd = g["sd"] if "sd" in g.columns else None
        ax.errorbar(g["time"], g["value"], yerr=sd, fmt="o", ms=4, label="data")
        ax.plot(g["time"], g["model"], "-", label="model")
        ax.set(xlabel="time (days)", ylabel=obs, title=f"{obs} {cond}".strip())
        ax.legend()
    return _finish(fig, path)


__all__ = ["fit_figure", "sensitivity_figure"]
