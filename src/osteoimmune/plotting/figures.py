"""Standard figures of a simulation.

The panels are data: :data:`PANELS` lists, for each panel, the observable columns it draws. A
figure shows only the panels with at least one column in the result, and in each panel only the
columns present, so a reference parameter set (bone cells only) and a full human run share the
same code. Modules that add observables extend :data:`PANELS`.

Figures are built on :class:`matplotlib.figure.Figure` with the Agg canvas: nothing touches
``pyplot`` or its global state, so the functions are safe in scripts, servers and notebooks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from osteoimmune.errors import InputError
from osteoimmune.io.tables import read_csv_table
from osteoimmune.protocol.scenario import Infusion
from osteoimmune.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from osteoimmune.analysis.compare import Comparison
    from osteoimmune.solve.result import SimulationResult

#: Runs longer than this many days are drawn with a time axis in years.
YEARS_AXIS_AFTER_DAYS = 2 * DAYS_PER_YEAR
_DPI = 150


@dataclass(frozen=True)
class Panel:
    """One panel of the standard figure.

    Parameters
    ----------
    title
        Panel title.
    ylabel
        Label of the y axis, with the unit.
    columns
        ``(column, legend label)`` pairs: observable columns of the simulation table.
    baseline
        Value of the reference line (0 for a percent change, 1 for a fold of healthy), or None.
    min_span
        Smallest y range drawn, in the panel's unit, so that a flat line (a healthy steady state)
        looks flat instead of magnifying rounding noise; default 10 % of the largest magnitude.
    site
        A local site (a joint, the gingiva, a prosthesis): drawn only when the run moved one of
        its columns, so a run without that disease has no empty panel.
    """

    title: str
    ylabel: str
    columns: tuple[tuple[str, str], ...]
    baseline: float | None = None
    min_span: float | None = None
    site: bool = False


#: Panels of :func:`standard_figure`, in drawing order.
PANELS: tuple[Panel, ...] = (
    Panel(
        "Bone mass",
        "% change from t = 0",
        (
            ("bmd_lumbar_spine_pct", "BMD lumbar spine"),
            ("bmd_total_hip_pct", "BMD total hip"),
            ("bv_tv_pct", "trabecular BV/TV"),
        ),
        baseline=0.0,
        min_span=2.0,
    ),
    Panel(
        "Turnover markers",
        "% change from t = 0",
        (("ctx_pct", "CTX (resorption)"), ("p1np_pct", "P1NP (formation)")),
        baseline=0.0,
        min_span=2.0,
    ),
    Panel(
        "Bone cells",
        "fold of healthy steady state",
        (("osteoclasts_rel", "active osteoclasts"), ("osteoblasts_rel", "active osteoblasts")),
        baseline=1.0,
        min_span=0.2,
    ),
    Panel("RANKL/OPG", "free RANKL / free OPG", (("rankl_opg_ratio", "RANKL/OPG"),)),
    Panel(
        "Serum cytokines",
        "pg/mL",
        (
            ("tnf_pg_ml", "TNF-α"),
            ("il1_pg_ml", "IL-1"),
            ("il6_pg_ml", "IL-6"),
            ("il7_pg_ml", "IL-7"),
            ("il17_pg_ml", "IL-17"),
            ("ifng_pg_ml", "IFN-γ"),
        ),
    ),
    Panel(
        "Lymphocytes",
        "fold of healthy steady state",
        (
            ("t_activated_rel", "activated T cells"),
            ("th17_rel", "Th17"),
            ("treg_rel", "Treg"),
            ("b_cells_rel", "B cells"),
            ("thymic_output_rel", "thymic output"),
        ),
        baseline=1.0,
        min_span=0.2,
    ),
    Panel(
        "Blood counts",
        "cells/µL",
        (("neutrophils_per_ul", "neutrophils"), ("monocytes_per_ul", "monocytes")),
    ),
    Panel(
        "Hematopoiesis",
        "new blood cells/day",
        (("blood_production_per_day", "blood production"),),
    ),
    Panel("Estrogen", "pg/mL", (("estrogen_pg_ml", "estradiol"),)),
    Panel(
        "Osteocalcin",
        "ng/mL",
        (("osteocalcin_ng_ml", "osteocalcin"), ("uc_osteocalcin_ng_ml", "undercarboxylated")),
    ),
    Panel("Glucose", "mg/dL", (("glucose_mg_dl", "glucose"),)),
    Panel("Insulin", "µU/mL", (("insulin_uu_ml", "insulin"),)),
    Panel(
        "Calcium and phosphate",
        "mmol/L",
        (("calcium_mmol_l", "calcium (total)"), ("phosphate_mmol_l", "phosphate")),
    ),
    Panel(
        "PTH and calcitriol",
        "pg/mL",
        (("pth_pg_ml", "intact PTH (own)"), ("calcitriol_pg_ml", "calcitriol")),
    ),
    Panel(
        "Joint erosion",
        "modified Sharp units",
        (("erosion_score", "erosion"), ("jsn_score", "joint-space narrowing")),
        site=True,
    ),
    Panel(
        "Alveolar bone loss", "mm", (("alveolar_bone_loss_mm", "alveolar bone loss"),), site=True
    ),
    Panel(
        "Periprosthetic osteolysis",
        "cm³",
        (("periprosthetic_osteolysis_cm3", "osteolytic lesion"),),
        site=True,
    ),
    Panel(
        "Fracture risk",
        "fold of healthy",
        (("fracture_risk_rel", "fracture risk"),),
        baseline=1.0,
        min_span=0.2,
    ),
)


def _moved(series: np.ndarray) -> bool:
    values = np.asarray(series, dtype=float)
    values = values[np.isfinite(values)]
    return bool(values.size) and float(np.ptp(values)) > 1e-9 * max(
        1.0, float(np.abs(values).max())
    )


def present_panels(result: SimulationResult, panels: Sequence[Panel] = PANELS) -> list[Panel]:
    """The panels the run has columns for; a site panel only when the run moved it."""
    out = []
    for panel in panels:
        cols = tuple((c, label) for c, label in panel.columns if c in result.observables)
        if panel.site and not any(_moved(result.observables[c]) for c, _ in cols):
            continue
        if cols:
            out.append(replace(panel, columns=cols))
    return out


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(series: Sequence[np.ndarray]) -> int:
    """The power of ten (a multiple of 3) that brings a panel's numbers between 0.01 and
    100,000, so that its ticks need neither an offset nor scientific notation; 0 when they
    are already there."""
    values = np.concatenate([np.asarray(s, dtype=float) for s in series])
    values = np.abs(values[np.isfinite(values)])
    top = float(values.max()) if values.size else 0.0
    if top == 0.0 or 1e-2 <= top < 1e5:
        return 0
    return int(3 * math.floor(math.log10(top) / 3))


def times_ten(power: int) -> str:
    """``"×10⁹"`` for 9: the factor an axis label names."""
    return f"×10{str(power).translate(_SUPERSCRIPT)}"


def _time_scale(end_days: float) -> tuple[float, str]:
    """Divisor and axis label for a run that ends at ``end_days``."""
    if end_days > YEARS_AXIS_AFTER_DAYS:
        return DAYS_PER_YEAR, "time (years)"
    return 1.0, "time (days)"


def _events(result: SimulationResult) -> list[tuple[float, str]]:
    """Onsets (and infusion ends) inside the simulated window, in days, each with a label
    (the condition, drug or infusion target; a repeated regimen is marked at its first dose)."""
    from osteoimmune.protocol.treatments import Regimen

    t0, t1 = float(result.times[0]), float(result.times[-1])
    marks: dict[float, list[str]] = {}
    for ev in result.scenario.events:
        label = (
            ev.treatment
            if isinstance(ev, Regimen)
            else f"{ev.target} infusion"
            if isinstance(ev, Infusion)
            else str(getattr(ev, "name", "") or getattr(ev, "group", "") or "event")
        )
        marks.setdefault(ev.at_days, []).append(label)
        if isinstance(ev, Infusion) and math.isfinite(ev.duration_days):
            marks.setdefault(ev.at_days + ev.duration_days, []).append(f"{ev.target} off")
    return [(t, " + ".join(dict.fromkeys(v))) for t, v in sorted(marks.items()) if t0 < t <= t1]


def flat_limits(series: Sequence[np.ndarray], min_span: float | None) -> tuple[float, float] | None:
    """The y range of a (nearly) flat panel, so that it does not magnify noise: ``min_span``
    (default 10 % of the largest magnitude) around the middle, or None when the values span
    more than that already (the plotting library's own range then)."""
    values = np.concatenate([np.asarray(s, dtype=float) for s in series])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    lo, hi = float(values.min()), float(values.max())
    span = min_span if min_span is not None else 0.1 * max(abs(lo), abs(hi))
    if span == 0.0:
        span = 1.0
    if hi - lo >= span:
        return None
    mid = 0.5 * (lo + hi)
    return mid - 0.5 * span, mid + 0.5 * span


def _widen_flat(ax: Axes, series: Sequence[np.ndarray], min_span: float | None) -> None:
    limits = flat_limits(series, min_span)
    if limits is not None:
        ax.set_ylim(*limits)


def _new_figure(n_axes: int, *, width: float, height: float) -> tuple[Figure, list[Axes], int]:
    ncols = 1 if n_axes == 1 else 2 if n_axes <= 4 else 3
    nrows = math.ceil(n_axes / ncols)
    fig = Figure(figsize=(width * ncols, height * nrows + 0.5), layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = list(grid.ravel())
    for ax in axes[n_axes:]:
        fig.delaxes(ax)
    return fig, axes[:n_axes], ncols


def _save(fig: Figure, path: str | PathLike[str] | None) -> None:
    if path is not None:
        fig.savefig(path, dpi=_DPI)


def standard_figure(
    result: SimulationResult,
    path: str | PathLike[str] | None = None,
    *,
    panels: Sequence[Panel] = PANELS,
) -> Figure:
    """The standard multi-panel figure of one run.

    Bone mass, turnover markers, bone cells and the RANKL/OPG ratio, then the immune, endocrine
    and disease panels whose observables the run has (a local site's panel only when the run
    moved it). The time axis is in years for runs longer than two years. Dotted vertical lines
    mark condition onsets, doses and infusions, named in the top row. A panel of very large or
    very small numbers is scaled by a power of ten named in its axis label (no offset or
    scientific notation on the ticks), and a nearly flat one is drawn flat.

    Parameters
    ----------
    result
        The run to draw.
    path
        If given, save the figure there (format from the suffix: ``.png``, ``.pdf``, ``.svg``...).
    panels
        Panel specifications; default :data:`PANELS`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per panel drawn, titled with :attr:`Panel.title`.

    Raises
    ------
    InputError
        If the result has none of the panels' columns (an in vitro culture, for instance).
    """
    present = present_panels(result, panels)
    if not present:
        raise InputError(
            "result",
            result.scenario.name,
            "a result with at least one observable of the standard panels",
        )
    fig, axes, ncols = _new_figure(len(present), width=4.6, height=3.0)
    scale, xlabel = _time_scale(float(result.times[-1]))
    t = np.asarray(result.times) / scale
    events = [(e / scale, label) for e, label in _events(result)]
    for k, (ax, panel) in enumerate(zip(axes, present, strict=True)):
        series = [np.asarray(result.observables[c], dtype=float) for c, _ in panel.columns]
        power = power_of_ten(series)
        series = [s / 10.0**power for s in series]
        for (_, label), values in zip(panel.columns, series, strict=True):
            ax.plot(t, values, label=label, linewidth=1.6)
        min_span = None if panel.min_span is None else panel.min_span / 10.0**power
        _widen_flat(ax, series, min_span)
        if panel.baseline is not None:
            ax.axhline(panel.baseline / 10.0**power, color="0.75", linewidth=0.8, zorder=0)
        for x, text in events:
            ax.axvline(x, color="0.5", linestyle=":", linewidth=0.9, zorder=0)
            if k < ncols:  # the top row names the events at its lines
                ax.annotate(
                    text, (x, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -2),
                    textcoords="offset points", rotation=90, va="top", ha="left",
                    fontsize="x-small", color="0.35",
                )  # fmt: skip
        ax.set_title(panel.title)
        ax.set_ylabel(panel.ylabel + (f" ({times_ten(power)})" if power else ""))
        ax.set_xlim(t[0], t[-1])
        ax.ticklabel_format(axis="y", useOffset=False, style="plain")
        if k + ncols >= len(present):  # lowest panel of its column
            ax.set_xlabel(xlabel)
        if len(panel.columns) > 1:
            ax.legend(fontsize="small", frameon=False)
    meta = result.metadata
    fig.suptitle(f"{result.scenario.name} (parameter set {meta.get('parameter_set', '?')})")
    _save(fig, path)
    return fig


def _label(observable: str) -> str:
    for panel in PANELS:
        for column, label in panel.columns:
            if column == observable:
                return label
    return observable


def axis_label(result: SimulationResult, column: str) -> str:
    """A plain-language axis label for a column of ``result``: the observable's description
    and its unit (``"Serum CTX, change from t = 0 (%)"``), wrapped to fit a panel."""
    import textwrap

    described = {o.name: o.description for o in result.scenario.model().observables}
    text = described.get(column, "")
    if not text and column.endswith("_ng_ml"):
        text = f"serum {column.removesuffix('_ng_ml')}"
    text = (text or column).replace(", % change", ", change from t = 0")
    unit = result.units.get(column, "")
    unit = {"percent": "%", "dimensionless": ""}.get(unit, unit)
    text = text[0].upper() + text[1:] + (f" ({unit})" if unit else "")
    return "\n".join(textwrap.wrap(text, 38))


def _labelled(
    results: Sequence[SimulationResult] | Mapping[str, SimulationResult],
) -> list[tuple[str, SimulationResult]]:
    labelled = (
        list(results.items())
        if isinstance(results, Mapping)
        else [(r.scenario.name, r) for r in results]
    )
    if not labelled:
        raise InputError("results", "[]", "at least one simulation result")
    return labelled


def read_data(data: pd.DataFrame | str | PathLike[str]) -> pd.DataFrame:
    """Observed data to draw over simulations: a table (or CSV/Parquet file) with a
    ``time_days`` column and columns named like observables; a column ``<name>_sd`` holds the
    standard deviation (error bars) of ``<name>``.

    Raises
    ------
    InputError
        If the table has no ``time_days`` column or the file cannot be read as a table.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        df = data
    else:
        path = Path(data)
        if path.suffix.lower() == ".parquet":
            df = pd.read_parquet(path)
        elif path.suffix.lower() == ".csv":
            df = read_csv_table(path)
        else:
            raise InputError("data", str(data), "a .csv or .parquet file, or a pandas DataFrame")
    if "time_days" not in df.columns:
        raise InputError(
            "data",
            ", ".join(map(str, df.columns)),
            "a table with a 'time_days' column and observable columns",
        )
    return df


def _draw_data(
    ax: Axes, df: pd.DataFrame | None, column: str, scale: float, factor: float = 1.0
) -> bool:
    """Measured points (and error bars) of ``column``: times divided by ``scale``, values by
    ``factor`` (the panel's power of ten)."""
    if df is None or column not in df.columns:
        return False
    rows = df[["time_days", column]].dropna()
    sd = df.loc[rows.index, f"{column}_sd"] if f"{column}_sd" in df.columns else None
    ax.errorbar(
        rows["time_days"].to_numpy(dtype=float) / scale,
        rows[column].to_numpy(dtype=float) / factor,
        yerr=None if sd is None else sd.to_numpy(dtype=float) / factor,
        fmt="o",
        color="black",
        markersize=4,
        capsize=2,
        linewidth=1.0,
        label="data",
        zorder=5,
    )
    return True


def overlay(
    results: Sequence[SimulationResult] | Mapping[str, SimulationResult],
    observables: str | Sequence[str],
    path: str | PathLike[str] | None = None,
    *,
    data: pd.DataFrame | str | PathLike[str] | None = None,
) -> Figure:
    """Compare runs: each observable over time in its own panel, one line per run, optionally
    with observed data on top.

    Parameters
    ----------
    results
        The runs, labelled by scenario name; or a mapping ``label -> result``.
    observables
        One column every run has, e.g. ``"bmd_lumbar_spine_pct"``, or several (one panel each).
    path
        If given, save the figure there.
    data
        Observed data drawn as points (see :func:`read_data`): a DataFrame or a CSV/Parquet path
        with ``time_days`` and columns named like the observables (``<name>_sd`` for error bars).

    Raises
    ------
    InputError
        If ``results`` is empty, a run lacks an observable, or ``data`` is not a usable table.
    """
    labelled = _labelled(results)
    names = [observables] if isinstance(observables, str) else list(observables)
    if not names:
        raise InputError("observables", "[]", "at least one observable column")
    for observable in names:
        for _, r in labelled:
            if observable not in r.observables:
                raise InputError(
                    "observable",
                    observable,
                    f"a column of every result (run {r.scenario.name!r} lacks it)",
                    choices=r.observables,
                )
    df = read_data(data) if data is not None else None
    fig, axes, ncols = _new_figure(
        len(names), width=6.0 if len(names) == 1 else 4.6, height=3.8 if len(names) == 1 else 3.0
    )
    scale, xlabel = _time_scale(max(float(r.times[-1]) for _, r in labelled))
    for k, (ax, observable) in enumerate(zip(axes, names, strict=True)):
        power = power_of_ten([np.asarray(r.observables[observable]) for _, r in labelled])
        for label, r in labelled:
            values = np.asarray(r.observables[observable], dtype=float) / 10.0**power
            ax.plot(np.asarray(r.times) / scale, values, label=label, linewidth=1.6)
        _draw_data(ax, df, observable, scale, 10.0**power)
        ax.set_title(_label(observable))
        text = axis_label(labelled[0][1], observable)
        ax.set_ylabel(text + (f" {times_ten(power)}" if power else ""), fontsize="small")
        if k + ncols >= len(names):
            ax.set_xlabel(xlabel)
        ax.ticklabel_format(axis="y", useOffset=False, style="plain")
        if k == 0:
            ax.legend(fontsize="small", frameon=False)
    _save(fig, path)
    return fig


def compare_figure(
    comparison: Comparison,
    path: str | PathLike[str] | None = None,
    *,
    data: pd.DataFrame | str | PathLike[str] | None = None,
) -> Figure:
    """The runs of a comparison overlaid, one panel per compared observable (see
    :func:`overlay`).

    Parameters
    ----------
    comparison
        From :func:`osteoimmune.analysis.compare.compare`.
    path
        If given, save the figure there.
    data
        Observed data drawn as points (see :func:`read_data`).

    Raises
    ------
    InputError
        If ``data`` is not a usable table.
    """
    return overlay(comparison.results, comparison.observables, path, data=data)
