"""The validation report: scorecard, one figure per experiment, parameters with sources, metadata.

``osteoimmune validate --html FILE`` writes it. The page is self-contained (figures are embedded
PNG), so it can be mailed or archived with a paper.

Example::

    from osteoimmune.experiments import trace_experiments
    from osteoimmune.report.validation import write_validation_report

    write_validation_report("report.html", trace_experiments(["S6", "EST-4"]))
"""

from __future__ import annotations

import base64
import html
import io
import platform
import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from osteoimmune._version import __version__
from osteoimmune.experiments.base import Arm, Traced
from osteoimmune.experiments.registry import score_by_kind
from osteoimmune.experiments.spec import KINDS
from osteoimmune.model.compose import compose
from osteoimmune.model.parameters import reference_key, references
from osteoimmune.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Parameter sets whose tables and hashes the report lists.
REPORT_PARAMETER_SETS = ("human", "mouse")
#: Most observables drawn per experiment, and most arms named in a legend.
MAX_PANELS = 3
MAX_LEGEND = 8
_DPI = 80


def _priority() -> dict[str, int]:
    from osteoimmune.plotting.figures import PANELS

    order: dict[str, int] = {}
    for panel in PANELS:
        for column, _ in panel.columns:
            order.setdefault(column, len(order))
    return order


def chosen_observables(arms: Sequence[Arm], n: int = MAX_PANELS) -> list[str]:
    """The observables that tell an experiment's arms apart (or that moved in a single arm).

    Each column of any arm (in vivo and culture arms have different ones) is scored by the
    spread of its final values across the arms that have it plus its largest excursion within
    an arm, both relative to its largest magnitude (at least 1 for a percent change); the
    ``n`` best-scoring columns that moved at all are returned, ties going to the standard
    figure's order.
    """
    if not arms:
        return []
    columns = set().union(*(a.observables for a in arms))
    priority = _priority()
    scored = []
    for col in columns:
        series = [np.asarray(a.observables[col], dtype=float) for a in arms if col in a.observables]
        if not all(np.all(np.isfinite(s)) for s in series):
            continue
        size = max(float(np.max(np.abs(s))) for s in series)
        unit = next(a.units.get(col, "") for a in arms if col in a.observables)
        if unit == "percent":  # a percent change is judged against 1 %, not against itself
            size = max(size, 1.0)
        if size <= 0.0:
            continue
        ends = [float(s[-1]) for s in series]
        spread = (max(ends) - min(ends)) / size
        excursion = max(float(np.ptp(s)) for s in series) / size
        score = spread + 0.5 * excursion
        if score > 1e-3:  # below that, rounding noise
            scored.append((-score, priority.get(col, len(priority)), col))
    return [col for _, _, col in sorted(scored)[:n]]


def _legend_labels(arms: Sequence[Arm]) -> tuple[list[str], str]:
    """Labels without the words every arm shares, and those shared words."""
    tokens = [a.label.replace(": ", ", ").split(", ") for a in arms]
    shared = set(tokens[0]).intersection(*tokens[1:]) if len(tokens) > 1 else set()
    labels = [", ".join(t for t in toks if t not in shared) or "reference" for toks in tokens]
    common = ", ".join(t for t in tokens[0] if t in shared) if tokens else ""
    return labels, common


def experiment_figure(traced: Traced, path: str | PathLike[str] | None = None) -> Figure:
    """The validation figure of one experiment: what was simulated against what was expected.

    Panels show the observables that tell the arms apart over time, one line per arm; the
    header states the claim's criterion (expected), what the model gave (observed) and the
    verdict.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    o = traced.outcome
    data_columns = list(dict.fromkeys(ov.observable for ov in traced.overlays))
    columns = [*data_columns, *chosen_observables(traced.arms)]
    columns = list(dict.fromkeys(columns))[: max(MAX_PANELS, len(data_columns))]
    n = max(1, len(columns))
    fig = Figure(figsize=(4.2 * max(n, 2) + 0.6, 4.6), layout="constrained")
    FigureCanvasAgg(fig)
    verdict = "PASS" if o.passed else "FAIL"
    header = "\n".join(
        [
            f"{o.id}: {verdict}",
            textwrap.fill("expected: " + o.expected, 60 * max(n, 2)),
            textwrap.fill("observed: " + o.observed, 60 * max(n, 2)),
        ]
    )
    fig.suptitle(header, fontsize=9, color="#1a7f37" if o.passed else "#cf222e", ha="center")
    axes = fig.subplots(1, n, squeeze=False)[0]
    if not columns:
        axes[0].axis("off")
        axes[0].text(
            0.5,
            0.5,
            "no time course: this experiment reads steady states or a single number",
            ha="center",
            va="center",
            fontsize=9,
            wrap=True,
        )
    end = max((float(a.times[-1]) for a in traced.arms), default=1.0)
    scale, xlabel = (
        (DAYS_PER_YEAR, "time (years)") if end > 2 * DAYS_PER_YEAR else (1.0, "time (days)")
    )
    labels, common = _legend_labels(traced.arms) if traced.arms else ([], "")
    for ax, col in zip(axes, columns, strict=False):
        for i, (arm, label) in enumerate(zip(traced.arms, labels, strict=True)):
            if col not in arm.observables:
                continue
            ax.plot(
                np.asarray(arm.times) / scale,
                arm.observables[col],
                linewidth=1.4,
                label=textwrap.shorten(label, 60) if i < MAX_LEGEND else None,
            )
        _draw_overlays(ax, traced, col, scale)
        unit = next((a.units.get(col, "") for a in traced.arms if col in a.observables), "")
        unit = {"percent": "%", "dimensionless": ""}.get(unit, unit)
        ax.set_title(col, fontsize=9)
        ax.set_ylabel(unit, fontsize=8)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.ticklabel_format(axis="y", useOffset=False)
    if columns and traced.arms:
        axes[0].legend(
            fontsize=6, frameon=False, title=textwrap.shorten(common, 60) or None, title_fontsize=6
        )
    if path is not None:
        fig.savefig(path, dpi=_DPI)
    return fig


def _draw_overlays(ax: Any, traced: Traced, column: str, scale: float) -> None:
    """Measured points over the arms: filled for calibration data, open for validation data."""
    for ov in traced.overlays:
        if ov.observable != column:
            continue
        filled = ov.role == "calibration"
        ax.errorbar(
            np.asarray(ov.times) / scale,
            ov.mean,
            yerr=[np.asarray(ov.mean) - ov.lower, np.asarray(ov.upper) - ov.mean],
            fmt="o",
            color="black",
            markerfacecolor="black" if filled else "white",
            markersize=5,
            capsize=3,
            linewidth=1.0,
            label=f"{ov.table} ({ov.role}, {ov.arm})",
            zorder=5,
        )


def _png_data_uri(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _flat_details(details: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(details, dict):
        out = []
        for k, v in details.items():
            out += _flat_details(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(details, float):
        return [(prefix, f"{details:.4g}")]
    return [(prefix, str(details))]


def _metadata() -> list[tuple[str, str]]:
    import matplotlib
    import scipy
    import sympy

    rows = [
        ("osteoimmune", __version__),
        ("written", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("python", platform.python_version()),
        ("platform", platform.platform()),
        (
            "numpy / scipy / sympy / matplotlib",
            f"{np.__version__} / {scipy.__version__} / {sympy.__version__} / {matplotlib.__version__}",
        ),
    ]
    for name in REPORT_PARAMETER_SETS:
        model = compose(name)
        rows.append((f"parameter set {name}", f"hash {model.parameter_set.digest}"))
        rows.append(
            (
                f"model ({name})",
                f"hash {model.digest}, {len(model.states)} states, "
                f"{len(model.parameters)} parameters, {len(model.processes)} processes",
            )
        )
    return rows


def _parameter_table(name: str) -> str:
    bib = references()
    model = compose(name)
    rows = []
    for p in model.parameters:
        key = reference_key(p.source, bib)
        cite = bib[key].get("citation", "") if key else ""
        source = html.escape(p.source)
        if cite:
            source = f'<span title="{html.escape(cite)}">{source}</span>'
        rows.append(
            f"<tr><td><code>{html.escape(p.name)}</code></td><td>{p.value:.6g}</td>"
            f"<td>{html.escape(p.unit)}</td><td>{p.bounds[0]:.4g} – {p.bounds[1]:.4g}</td>"
            f"<td>{html.escape(p.description)}</td><td>{source}</td></tr>"
        )
    return (
        f'<h3 id="parameters-{name}">{html.escape(name)} ({len(model.parameters)} parameters)</h3>'
        '<table class="parameters"><thead><tr><th>name</th><th>value</th><th>unit</th>'
        "<th>bounds</th><th>description</th><th>source</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 1400px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.verdict { font-weight: bold; }
tr.pass td.verdict { color: #1a7f37; }
tr.fail td.verdict { color: #cf222e; }
tr.fail { background: #fff5f5; }
section.experiment { border-top: 2px solid #ddd; padding-top: 0.5em; margin-top: 1.5em; }
section.experiment img { max-width: 100%; }
table.details { width: auto; }
table.parameters td:nth-child(5) { max-width: 30em; }
"""


#: Section titles of the scorecard, by experiment kind, in order.
KIND_TITLES = {
    "claim": "Claims of the seeds (claims.md)",
    "calibration": "Calibration targets (parameters were fitted to these)",
    "validation": "Validation on held-out data (never used to fit)",
    "sensitivity": "The other published outcome, with a documented parameter (sensitivity)",
    "reference": "Reference models",
}
assert set(KIND_TITLES) == set(KINDS)


def score_summary(traced: Sequence[Traced]) -> str:
    """``"claim 40/44, calibration 20/25, validation 1/2, reference 5/5"``: passes by kind."""
    return score_by_kind([t.outcome for t in traced])


def _scorecards(rows: dict[str, list[tuple[bool, str]]]) -> str:
    out = []
    for kind, kind_rows in rows.items():
        if not kind_rows:
            continue
        n_pass = sum(passed for passed, _ in kind_rows)
        title = KIND_TITLES.get(kind, kind)
        out.append(
            f'<h3 id="scorecard-{html.escape(kind)}">{html.escape(title)}: {n_pass} of '
            f"{len(kind_rows)} pass</h3>"
            f'<table class="scorecard {html.escape(kind)}"><thead><tr><th>id</th><th>verdict</th>'
            "<th>claim</th><th>expected</th><th>observed</th><th>source</th></tr></thead><tbody>"
            + "\n".join(row for _, row in kind_rows)
            + "</tbody></table>"
        )
    return "\n".join(out)


def _measurement_tables(traced: Sequence[Traced]) -> str:
    from osteoimmune.experiments.measurements import tables

    used: dict[str, list[str]] = {}
    for t in traced:
        for ov in t.overlays:
            used.setdefault(ov.table, [])
            if t.outcome.id not in used[ov.table]:
                used[ov.table].append(t.outcome.id)
    rows = []
    for tab in sorted(tables(), key=lambda x: (x.role, x.id)):
        rows.append(
            f"<tr><td><code>{html.escape(tab.id)}</code></td><td>{html.escape(tab.role)}</td>"
            f"<td>{html.escape(tab.species)}</td><td>{len(tab.rows)}</td>"
            f"<td>{html.escape(', '.join(used.get(tab.id, [])) or '-')}</td>"
            f"<td>{html.escape(tab.description)}</td><td>{html.escape(tab.citation)}</td></tr>"
        )
    return (
        '<table class="measurements"><thead><tr><th>table</th><th>role</th><th>species</th>'
        "<th>rows</th><th>drawn in</th><th>what</th><th>citation</th></tr></thead><tbody>"
        + "\n".join(rows)
        + "</tbody></table>"
    )


def validation_report_html(
    traced: Sequence[Traced], *, progress: Callable[[str], None] | None = None
) -> str:
    """The validation report of ``traced`` outcomes as a self-contained HTML page.

    Parameters
    ----------
    traced
        From :func:`osteoimmune.experiments.trace_experiments`.
    progress
        Optional callable, called with each experiment id as its figure is drawn.
    """
    passed = sum(t.outcome.passed for t in traced)
    score_rows: dict[str, list[tuple[bool, str]]] = {k: [] for k in KIND_TITLES}
    sections = []
    for t in traced:
        o = t.outcome
        cls = "pass" if o.passed else "fail"
        anchor = f"exp-{html.escape(o.id)}"
        score_rows.setdefault(o.kind, []).append(
            (
                bool(o.passed),
                f'<tr class="{cls}"><td><a href="#{anchor}">{html.escape(o.id)}</a></td>'
                f'<td class="verdict">{"PASS" if o.passed else "FAIL"}</td>'
                f"<td>{html.escape(o.claim)}</td><td>{html.escape(o.expected)}</td>"
                f"<td>{html.escape(o.observed)}</td><td>{html.escape(o.source)}</td></tr>",
            )
        )
        if progress is not None:
            progress(o.id)
        fig = experiment_figure(t)
        details = "".join(
            f"<tr><td><code>{html.escape(k)}</code></td><td>{html.escape(v)}</td></tr>"
            for k, v in _flat_details(o.details)
        )
        arms = "".join(f"<li>{html.escape(a.label)}</li>" for a in t.arms)
        sections.append(
            f'<section class="experiment {cls}" id="{anchor}">'
            f"<h3>{html.escape(o.id)}: {'PASS' if o.passed else 'FAIL'}</h3>"
            f"<p><b>Claim.</b> {html.escape(o.claim)}</p>"
            f"<p><b>Expected.</b> {html.escape(o.expected)}</p>"
            f"<p><b>Observed.</b> {html.escape(o.observed)}</p>"
            f"<p><b>Source.</b> {html.escape(o.source)}</p>"
            f'<img alt="validation figure of {html.escape(o.id)}" src="{_png_data_uri(fig)}">'
            + (
                f"<details><summary>{len(t.arms)} simulated arms</summary><ul>{arms}</ul></details>"
                if arms
                else ""
            )
            + (
                f'<details><summary>numbers</summary><table class="details">{details}</table>'
                "</details>"
                if details
                else ""
            )
            + "</section>"
        )
    meta = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in _metadata()
    )
    params = "\n".join(_parameter_table(name) for name in REPORT_PARAMETER_SETS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>osteoimmune validation report</title>
<style>{_STYLE}</style></head><body>
<h1>osteoimmune validation report</h1>
<p id="summary">{passed} of {len(traced)} experiments pass ({html.escape(score_summary(traced))}).
A model that passes only what it was fitted to is not validated: calibration targets and
held-out validation data are scored apart.</p>
<h2 id="metadata">Run</h2>
<table class="metadata">{meta}</table>
<h2 id="scorecard">Scorecard</h2>
{_scorecards(score_rows)}
<h2 id="measurements">Measurement tables</h2>
{_measurement_tables(traced)}
<h2 id="experiments">Experiments</h2>
{chr(10).join(sections)}
<h2 id="parameters">Parameters</h2>
{params}
</body></html>
"""


def write_validation_report(
    path: str | PathLike[str],
    traced: Sequence[Traced],
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write :func:`validation_report_html` to ``path``."""
    out = Path(path)
    out.write_text(validation_report_html(traced, progress=progress), encoding="utf-8")
    return out
