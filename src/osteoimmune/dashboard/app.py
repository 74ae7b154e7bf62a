"""The dashboard's page and callbacks.

Every input goes through :func:`scenario_document` and the public scenario reader
(:func:`osteoimmune.scenario_from_dict`), so the dashboard accepts exactly what a scenario file
accepts and reports a bad value with the same message as the command line. Runs are the public
:func:`osteoimmune.simulate`; figures are the package's standard figure and overlay.
"""

from __future__ import annotations

import base64
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from osteoimmune._version import __version__
from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class Limits:
    """What one browser may ask of the machine."""

    max_years: float = 60.0
    max_upload_bytes: int = 2_000_000
    max_data_rows: int = 20_000
    max_data_columns: int = 64
    max_request_bytes: int = 4_000_000
    max_doses: int = 10_000
    max_events: int = 16
    max_saved_times: int = 2_000
    cached_runs: int = 32


LIMITS = Limits()
SPECIES = ("human", "mouse")


def _number(value: Any, field: str, *, low: float, high: float) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError(field, value, f"a number from {low:g} to {high:g}") from None
    if not low <= x <= high:
        raise InputError(field, value, f"a number from {low:g} to {high:g}")
    return x


def scenario_document(
    *,
    species: str,
    sex: str,
    age_years: Any,
    duration_years: Any,
    conditions: list[str] | None,
    onset_years: Any,
    genotype: list[str] | None,
    treatment: str | None,
    dose: str | None,
    every: str | None,
    doses: Any,
    treat_at_years: Any,
    limits: Limits = LIMITS,
) -> dict[str, Any]:
    """The scenario document (the keys of a scenario file) that the dashboard's inputs say.

    Raises
    ------
    InputError
        On a value out of the dashboard's limits (the scenario reader checks the rest).
    """
    duration = _number(duration_years, "duration (years)", low=0.1, high=limits.max_years)
    doc: dict[str, Any] = {
        "species": species,
        "sex": sex,
        "age": f"{_number(age_years, 'age (years)', low=0, high=120):g} years",
        "duration": f"{duration:g} years",
        "save_every": f"{max(1.0, round(duration * DAYS_PER_YEAR / 300)):g} days",
        "genotype": list(genotype or []),
        "events": [],
    }
    if conditions:
        onset = _number(onset_years, "onset (years)", low=-100, high=duration)
        doc["events"] += [{"at": f"{onset:g} years", "condition": c} for c in conditions]
    if treatment:
        at = _number(treat_at_years, "treatment start (years)", low=0, high=duration)
        event: dict[str, Any] = {"at": f"{at:g} years", "treatment": treatment}
        if dose:
            event["dose"] = str(dose)
        if every:
            event["every"] = str(every)
        if doses not in (None, ""):
            event["doses"] = int(_number(doses, "doses", low=1, high=limits.max_doses))
        doc["events"].append(event)
    return doc


#: the keys a document of the page may have (what :func:`scenario_document` writes)
DOCUMENT_KEYS = ("species", "sex", "age", "duration", "save_every", "genotype", "events")
EVENT_KEYS = ("at", "condition", "treatment", "dose", "every", "doses")


def checked_scenario(doc: Any, limits: Limits = LIMITS) -> Any:
    """The scenario of a document that came back from a browser, checked again on the server.

    The page's stores travel through the browser, so a crafted request can send any document;
    this applies the page's limits (keys, run length, saved times, events, doses) to it before
    anything runs, and then the scenario reader's own checks.

    Raises
    ------
    InputError
        On a document the page could not have written, or one beyond ``limits``.
    """
    from osteoimmune.protocol.scenario import scenario_from_dict
    from osteoimmune.protocol.treatments import Regimen

    if not isinstance(doc, dict) or any(k not in DOCUMENT_KEYS for k in doc):
        raise InputError("scenario", "the request", f"a document with keys among {DOCUMENT_KEYS}")
    events = doc.get("events", [])
    if not isinstance(events, list) or len(events) > limits.max_events:
        raise InputError("events", "the request", f"a list of at most {limits.max_events} events")
    for ev in events:
        if not isinstance(ev, dict) or any(k not in EVENT_KEYS for k in ev):
            raise InputError("events", "the request", f"events with keys among {EVENT_KEYS}")
    scenario = scenario_from_dict(doc, name=_name(doc))
    if scenario.duration_days > limits.max_years * DAYS_PER_YEAR:
        raise InputError(
            "duration", f"{scenario.duration_days:g} days", f"at most {limits.max_years:g} years"
        )
    if scenario.duration_days / scenario.save_every_days + 1 > limits.max_saved_times:
        raise InputError(
            "save_every",
            f"{scenario.save_every_days:g} days",
            f"at most {limits.max_saved_times:,} saved times in a run of the page",
        )
    for ev in scenario.events:
        if isinstance(ev, Regimen) and ev.dose_count > limits.max_doses:
            raise InputError("doses", ev.dose_count, f"at most {limits.max_doses:,} doses")
    return scenario


def checked_data(data: Any, limits: Limits = LIMITS) -> Any:
    """A data table that came back from a browser (the page's ``data`` store), checked again
    on the server: a mapping of at most ``limits.max_data_columns`` columns of equal length up
    to ``limits.max_data_rows`` numbers, read like an uploaded file (``None`` for no data).

    Raises
    ------
    InputError
        On anything else.
    """
    import pandas as pd

    from osteoimmune.plotting.figures import read_data

    if not data:
        return None
    expected = (
        f"a table of at most {limits.max_data_columns} columns and {limits.max_data_rows:,} rows"
    )
    if not isinstance(data, dict) or len(data) > limits.max_data_columns:
        raise InputError("data file", "the request", expected)
    lengths = {len(v) if isinstance(v, list) else -1 for v in data.values()}
    if len(lengths) != 1 or not 0 <= next(iter(lengths)) <= limits.max_data_rows:
        raise InputError("data file", "the request", expected)
    if not all(
        isinstance(x, int | float | type(None)) and not isinstance(x, bool)
        for v in data.values()
        for x in v
    ):
        raise InputError("data file", "the request", "numbers only (or empty cells)")
    return read_data(pd.DataFrame(data))


def _empty_figure() -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(
        template="plotly_white", xaxis={"visible": False}, yaxis={"visible": False}, height=200
    )
    return fig


def network_figure(network: Any) -> Any:
    """The interaction network as an interactive Plotly figure: nodes in columns by region
    (the layout of the drawn network), coloured by kind, with readable labels that stay a
    fixed size while one zooms; edges green (stimulates), red (inhibits) or grey dashed (off
    along the run), their widths by weight; hovering over an edge's midpoint names its
    processes and weight."""
    import math

    import plotly.graph_objects as go

    from osteoimmune.report.network import KIND_COLOURS, SIGN_STYLE, network_layout

    pos, order = network_layout(network)
    top = {(e.source, e.target) for e in network.highlighted()}
    fig = go.Figure()
    names = {1: "stimulates", -1: "inhibits", 0: "off along this run"}
    shown: set[int] = set()
    mid_x, mid_y, mid_text = [], [], []
    for e in sorted(network.edges, key=lambda e: (e.source, e.target) in top):
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        colour, _, line = SIGN_STYLE[e.sign]
        strong = (e.source, e.target) in top
        fig.add_trace(
            go.Scatter(
                x=[x0, x1], y=[y0, y1], mode="lines",
                line={"color": colour, "width": 1.0 + 4.0 * math.sqrt(min(e.weight, 1.0))
                      if strong else 0.7, "dash": "dash" if line == "dashed" else "solid"},
                opacity=0.9 if strong else 0.25, hoverinfo="skip",
                name=names[e.sign], legendgroup=str(e.sign),
                showlegend=e.sign not in shown,
            )
        )  # fmt: skip
        shown.add(e.sign)
        mid_x.append(0.55 * x1 + 0.45 * x0)
        mid_y.append(0.55 * y1 + 0.45 * y0)
        verb = names[e.sign]
        mid_text.append(
            f"{network.node(e.source).label} {verb} {network.node(e.target).label}<br>"
            f"weight {e.weight:.2f}; {', '.join(e.processes[:4])}"
        )
    fig.add_trace(
        go.Scatter(x=mid_x, y=mid_y, mode="markers", marker={"size": 6, "opacity": 0},
                   hovertext=mid_text, hoverinfo="text", showlegend=False)
    )  # fmt: skip
    for kind, colour in KIND_COLOURS.items():
        nodes = [n for n in network.nodes if n.kind == kind]
        if not nodes:
            continue
        fig.add_trace(
            go.Scatter(
                x=[pos[n.id][0] for n in nodes], y=[pos[n.id][1] for n in nodes],
                mode="markers+text", text=[n.label for n in nodes], textposition="middle center",
                textfont={"size": 11}, name=kind,
                marker={"size": 28, "color": colour, "line": {"color": "#555555", "width": 1},
                        "symbol": "square"},
                hovertext=[f"{n.label} ({n.kind}, {n.region}): {', '.join(n.members)}"
                           for n in nodes],
                hoverinfo="text",
            )
        )  # fmt: skip
    for x, region in enumerate(order):
        fig.add_annotation(x=x, y=1.06, text=f"<b>{region}</b>", showarrow=False)
    fig.update_layout(
        title=f"Interaction network: {network.scenario} (parameter set {network.parameter_set});"
        f" {len(network.nodes)} nodes, {len(network.edges)} edges from the rate laws",
        template="plotly_white",
        xaxis={"visible": False, "range": [-0.6, len(order) - 0.4]},
        yaxis={"visible": False, "range": [-0.05, 1.1]},
        dragmode="pan",
        legend={"orientation": "h", "y": -0.02},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=800,
    )
    return fig


class _Runs:
    """Recent runs by scenario document (a pinned reference costs nothing to redraw); every
    document is checked by :func:`checked_scenario` before it runs."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._runs: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, doc: Any) -> Any:
        from osteoimmune.solve.simulate import simulate

        key = json.dumps(doc, sort_keys=True, default=str)
        with self._lock:
            if key in self._runs:
                self._runs.move_to_end(key)
                return self._runs[key]
        result = simulate(checked_scenario(doc, self.limits))
        with self._lock:
            self._runs[key] = result
            while len(self._runs) > self.limits.cached_runs:
                self._runs.popitem(last=False)
        return result


class _Validation:
    """The scorecard of every registered experiment, run once per server: a second click, from
    any browser, waits for the run in progress instead of starting another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: list[Any] | None = None

    def outcomes(self) -> list[Any]:
        from osteoimmune.experiments import run_experiments

        with self._lock:
            if self._outcomes is None:
                self._outcomes = list(run_experiments(None))
            return self._outcomes


def _name(doc: Mapping[str, Any]) -> str:
    events = doc.get("events", [])
    if not isinstance(events, list):
        return "run"
    parts = [e.get("condition") or e.get("treatment") for e in events if isinstance(e, dict)]
    parts += list(doc.get("genotype", []))
    return " + ".join(p for p in parts if p) or f"healthy {doc.get('species', '')}".strip()


def _figure(result: Any, reference: Any | None, data: Any | None) -> Any:
    from osteoimmune.plotting.figures import PANELS, overlay, standard_figure

    if reference is None and data is None:
        return standard_figure(result)
    runs = {f"{result.metadata.get('scenario', 'run')}": result}
    if reference is not None:
        runs["reference: " + str(reference.metadata.get("scenario", "pinned"))] = reference
    wanted = [c for p in PANELS for c, _ in p.columns]
    have = [c for c in wanted if all(c in r.observables for r in runs.values())][:6]
    return overlay(runs, have, data=data)


_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


def _interactive_figure(result: Any, reference: Any | None, data: Any | None) -> Any:
    """The standard panels as a Plotly figure, drawn by the browser (the PNG download is the
    package's matplotlib figure): the current run solid, a pinned reference dashed and named
    so, data as points with error bars. Every panel with more than one line has its own legend,
    every x axis its label; a panel of very large or small numbers is scaled by a power of ten
    named in its axis label (no SI suffixes such as ``60µ`` or ``380B`` on the ticks)."""
    import math

    import numpy as np
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from osteoimmune.plotting.figures import (
        YEARS_AXIS_AFTER_DAYS,
        flat_limits,
        power_of_ten,
        present_panels,
        times_ten,
    )

    panels = present_panels(result)
    years = float(result.times[-1]) > YEARS_AXIS_AFTER_DAYS
    scale, unit = (DAYS_PER_YEAR, "years") if years else (1.0, "days")
    n_cols = 3
    n_rows = max(1, math.ceil(len(panels) / n_cols))
    fig = make_subplots(
        rows=n_rows,
        cols=n_cols,
        subplot_titles=[p.title for p in panels],
        vertical_spacing=min(0.1, 0.6 / n_rows),
        horizontal_spacing=0.08,
    )
    ref_name = None if reference is None else str(reference.metadata.get("scenario", "pinned"))
    for k, panel in enumerate(panels):
        row, col = divmod(k, n_cols)
        runs = [(result, "solid", "")]
        if reference is not None:
            runs.append((reference, "dash", f" (reference: {ref_name})"))
        series = [
            np.asarray(run.observables[c], dtype=float)
            for run, _, _ in runs
            for c, _ in panel.columns
            if c in run.observables
        ]
        power = power_of_ten(series)
        legend = f"legend{k + 1}" if k else "legend"
        n_traces = 0
        for j, (column, label) in enumerate(panel.columns):
            color = _COLORS[j % len(_COLORS)]
            for run, dash_style, suffix in runs:
                if column not in run.observables:
                    continue
                name = label + suffix
                fig.add_trace(
                    go.Scatter(
                        x=[float(t) / scale for t in run.times],
                        y=[float(v) / 10.0**power for v in run.observables[column]],
                        name=name,
                        mode="lines",
                        line={"color": color, "dash": dash_style, "width": 1.6},
                        legend=legend,
                        # the legend names each line once; the title says dashes are the
                        # reference, and hovering names a reference line as such
                        showlegend=not suffix,
                        hovertemplate=f"{name}: %{{y:.4g}}<extra></extra>",
                    ),
                    row=row + 1,
                    col=col + 1,
                )
                n_traces += not suffix
            if data is not None and column in data.columns:
                pts = data[["time_days", column]].dropna()
                sd = data.loc[pts.index, f"{column}_sd"] if f"{column}_sd" in data else None
                fig.add_trace(
                    go.Scatter(
                        x=list(pts["time_days"] / scale),
                        y=list(pts[column] / 10.0**power),
                        mode="markers",
                        name=f"{label} (data)",
                        marker={"color": color, "size": 7, "symbol": "circle-open"},
                        error_y=None
                        if sd is None
                        else {"array": list(sd / 10.0**power), "visible": True},
                        legend=legend,
                    ),
                    row=row + 1,
                    col=col + 1,
                )
                n_traces += 1
        label = panel.ylabel + (f" ({times_ten(power)})" if power else "")
        fig.update_yaxes(title_text=label, title_font={"size": 10}, exponentformat="none",
                         row=row + 1, col=col + 1)  # fmt: skip
        # a nearly flat signal is drawn flat, as in the saved figure
        limits = (
            flat_limits(
                [v / 10.0**power for v in series],
                None if panel.min_span is None else panel.min_span / 10.0**power,
            )
            if series
            else None
        )
        if limits is not None:
            fig.update_yaxes(range=list(limits), row=row + 1, col=col + 1)
        # a legend in the panel's top right corner, for a panel with more than one line
        axis = fig.get_subplot(row + 1, col + 1)
        x_end, y_end = axis.xaxis.domain[1], axis.yaxis.domain[1]
        fig.update_layout({legend: {
            "x": x_end, "y": y_end, "xanchor": "right", "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.75)", "font": {"size": 8},
            "visible": n_traces > 1,
        }})  # fmt: skip
    fig.update_xaxes(title_text=f"time ({unit})", title_font={"size": 10}, exponentformat="none")
    title = str(result.metadata.get("scenario", "run"))
    if ref_name is not None:
        title += f"   (dashed: the pinned reference, {ref_name})"
    fig.update_layout(
        title={"text": title, "font": {"size": 13}, "x": 0.01},
        height=270 * n_rows + 40,
        margin={"l": 50, "r": 10, "t": 70, "b": 40},
        template="plotly_white",
        font={"size": 10},
    )
    return fig


def _upload(contents: str | None, limits: Limits) -> Any:
    """An uploaded CSV (``time_days`` and observable columns) as a table."""
    import binascii

    from osteoimmune.io.tables import read_csv_table
    from osteoimmune.plotting.figures import read_data

    if not contents:
        return None
    _, _, payload = contents.partition(",")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("data file", "the upload", "a file sent by the page (base64)") from None
    if len(raw) > limits.max_upload_bytes:
        raise InputError(
            "data file", f"{len(raw)} bytes", f"at most {limits.max_upload_bytes} bytes"
        )
    df = read_csv_table(
        raw,
        field="data file",
        max_bytes=limits.max_upload_bytes,
        max_rows=limits.max_data_rows,
        max_columns=limits.max_data_columns,
    )
    return read_data(df)


def _report(doc: Mapping[str, Any], result: Any) -> str:
    import yaml

    table = result.to_pandas()
    last = table.iloc[-1]
    lines = [
        f"# osteoimmune run: {_name(doc)}",
        "",
        f"osteoimmune {__version__}; parameter set {result.metadata.get('parameter_set')} "
        f"(hash {result.metadata.get('parameter_set_hash')}); model hash "
        f"{result.metadata.get('model_hash')}",
        "",
        "## Scenario",
        "",
        "```yaml",
        yaml.safe_dump(dict(doc), sort_keys=False).rstrip(),
        "```",
        "",
        f"## Observables at the end ({last['time_days']:g} days)",
        "",
        "| observable | value | unit |",
        "| --- | --- | --- |",
    ]
    for name, value in last.items():
        if name != "time_days":
            lines.append(f"| {name} | {value:.4g} | {result.units.get(name, '')} |")
    lines += ["", "## References", ""] + [f"- {c}" for c in result.citations()]
    return "\n".join(lines) + "\n"


def table_download(doc: Mapping[str, Any], result: Any) -> bytes:
    """The run's table as a ZIP archive of ``osteoimmune.csv`` and its sidecar
    ``osteoimmune.meta.json`` (the unit of every column, package version, parameter set and
    model hashes, the scenario), written by :func:`osteoimmune.io.tables.write_table` as the
    command line writes them."""
    import tempfile
    import zipfile
    from pathlib import Path

    from osteoimmune.io.tables import write_table

    buf = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_table(
            result,
            Path(tmp) / "osteoimmune.csv",
            source="dashboard",
            metadata={"scenario_document": dict(doc)},
        )
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, path.name)
    return buf.getvalue()


def create_app(limits: Limits = LIMITS) -> Any:
    """The Dash application (its Flask server is ``app.server``)."""
    import dash
    from dash import Input, Output, State, dcc, html

    from osteoimmune.model.compose import compose

    human = compose("human")
    conditions = sorted(human.conditions)
    genotypes = sorted(human.genotypes)
    treatments = sorted(human.treatments)
    runs = _Runs(limits)
    validation = _Validation()

    app = dash.Dash(__name__, title="osteoimmune", update_title="")
    app.server.config["MAX_CONTENT_LENGTH"] = limits.max_request_bytes

    def field(label: str, control: Any) -> Any:
        return html.Label([html.Span(label, className="label"), control], className="field")

    controls = html.Div(
        [
            html.H2("Scenario"),
            field("species", dcc.Dropdown(list(SPECIES), "human", id="species", clearable=False)),
            field("sex", dcc.Dropdown(["female", "male"], "female", id="sex", clearable=False)),
            field("age (years)", dcc.Input(id="age", type="number", value=50, debounce=True)),
            field(
                "duration (years)",
                dcc.Input(id="duration", type="number", value=10, debounce=True),
            ),
            field(
                "conditions", dcc.Dropdown(conditions, ["menopause"], id="conditions", multi=True)
            ),
            field("onset (years)", dcc.Input(id="onset", type="number", value=1, debounce=True)),
            field("genotype", dcc.Dropdown(genotypes, [], id="genotype", multi=True)),
            html.H3("Treatment"),
            field("drug", dcc.Dropdown(treatments, None, id="treatment", placeholder="none")),
            field("dose", dcc.Input(id="dose", type="text", value="60 mg", debounce=True)),
            field("every", dcc.Input(id="every", type="text", value="6 months", debounce=True)),
            field("doses", dcc.Input(id="doses", type="number", value=10, debounce=True)),
            field("start (years)", dcc.Input(id="treat-at", type="number", value=3, debounce=True)),
            html.H3("Compare"),
            html.Button("Pin as reference", id="pin"),
            html.Button("Clear reference", id="unpin"),
            dcc.Upload(
                html.Div("Drop or choose a data CSV (time_days, observable columns)"),
                id="upload",
                className="upload",
            ),
            html.H3("Download"),
            html.Button("Table (CSV + units, ZIP)", id="download-table-button"),
            html.Button("Figure (PNG)", id="download-figure-button"),
            html.Button("Report (Markdown)", id="download-report-button"),
            dcc.Download(id="download"),
        ],
        className="controls",
    )
    run_tab = html.Div(
        [
            html.Div(id="error", role="alert", className="error"),
            html.Div(id="status", className="status"),
            html.Span(id="revision", className="revision"),
            dcc.Graph(id="figure", config={"displaylogo": False}),
        ]
    )
    network_tab = html.Div(
        [
            html.P(
                "The interaction network derived from the rate laws, its edges signed and "
                "weighed along this scenario's run: the heaviest (the active pathways) are drawn "
                "bold."
            ),
            html.Button("Draw the network of this scenario", id="draw-network"),
            html.P(
                "Drag to pan, scroll or select to zoom, double-click to see it whole; hover over "
                "an edge for its processes and weight.",
                className="hint",
            ),
            dcc.Loading(dcc.Graph(id="network", figure=_empty_figure(), style={"height": "80vh"})),
        ]
    )
    score_tab = html.Div(
        [
            html.P("Every claim and calibration target of the package, run as an experiment."),
            html.Button("Run the validation scorecard", id="run-validation"),
            dcc.Loading(html.Div(id="scorecard")),
        ]
    )
    app.layout = html.Div(
        [
            html.H1(f"osteoimmune {__version__}"),
            html.Div(
                [
                    controls,
                    dcc.Tabs(
                        [
                            dcc.Tab(run_tab, label="Run", value="run"),
                            dcc.Tab(network_tab, label="Network", value="network"),
                            dcc.Tab(score_tab, label="Scorecard", value="scorecard"),
                        ],
                        value="run",
                        id="tabs",
                    ),
                ],
                className="main",
            ),
            dcc.Store(id="current"),
            dcc.Store(id="reference"),
            dcc.Store(id="data"),
        ]
    )
    inputs = [
        Input("species", "value"),
        Input("sex", "value"),
        Input("age", "value"),
        Input("duration", "value"),
        Input("conditions", "value"),
        Input("onset", "value"),
        Input("genotype", "value"),
        Input("treatment", "value"),
        Input("dose", "value"),
        Input("every", "value"),
        Input("doses", "value"),
        Input("treat-at", "value"),
    ]

    @app.callback(Output("current", "data"), Output("error", "children"), *inputs)
    def read_inputs(*values: Any) -> tuple[Any, str]:
        from osteoimmune.protocol.scenario import scenario_from_dict

        keys = ("species", "sex", "age_years", "duration_years", "conditions", "onset_years",
                "genotype", "treatment", "dose", "every", "doses", "treat_at_years")  # fmt: skip
        try:
            doc = scenario_document(**dict(zip(keys, values, strict=True)), limits=limits)
            scenario_from_dict(doc, name=_name(doc))  # the scenario reader's checks
        except OsteoimmuneError as exc:
            return dash.no_update, str(exc)
        return doc, ""

    @app.callback(
        Output("data", "data"),
        Output("error", "children", allow_duplicate=True),
        Input("upload", "contents"),
        prevent_initial_call=True,
    )
    def read_upload(contents: str | None) -> tuple[Any, str]:
        try:
            df = _upload(contents, limits)
        except OsteoimmuneError as exc:
            return None, str(exc)
        return (None if df is None else df.to_dict(orient="list")), ""

    @app.callback(
        Output("reference", "data"),
        Input("pin", "n_clicks"),
        Input("unpin", "n_clicks"),
        State("current", "data"),
        prevent_initial_call=True,
    )
    def pin(_pin: int | None, _unpin: int | None, current: Any) -> Any:
        return current if dash.ctx.triggered_id == "pin" else None

    @app.callback(
        Output("figure", "figure"),
        Output("status", "children"),
        Output("revision", "children"),
        Output("error", "children", allow_duplicate=True),
        Input("current", "data"),
        Input("reference", "data"),
        Input("data", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def draw(current: Any, reference: Any, data: Any) -> tuple[Any, Any, Any, Any]:
        import hashlib

        if not current:
            return dash.no_update, "", dash.no_update, dash.no_update
        try:
            result = runs.get(current)
            ref = runs.get(reference) if reference else None
            fig = _interactive_figure(result, ref, checked_data(data, limits))
        except OsteoimmuneError as exc:
            return dash.no_update, "", dash.no_update, str(exc)
        status = f"{_name(current)}: {len(result.times)} saved times"
        if ref is not None:
            status += f"; reference {_name(reference)}"
        key = json.dumps([current, reference, data], sort_keys=True, default=str)
        revision = hashlib.sha256(key.encode()).hexdigest()[:12]
        return fig, status, revision, ""

    @app.callback(
        Output("download", "data"),
        Input("download-table-button", "n_clicks"),
        Input("download-figure-button", "n_clicks"),
        Input("download-report-button", "n_clicks"),
        State("current", "data"),
        State("reference", "data"),
        State("data", "data"),
        prevent_initial_call=True,
    )
    def download(_t: Any, _f: Any, _r: Any, current: Any, reference: Any, data: Any) -> Any:
        if not current:
            return dash.no_update
        try:
            result = runs.get(current)
            ref = runs.get(reference) if reference else None
            table = checked_data(data, limits)
        except OsteoimmuneError:
            return dash.no_update  # the figure callback shows the same error
        which = dash.ctx.triggered_id
        if which == "download-table-button":
            return dcc.send_bytes(table_download(current, result), "osteoimmune-table.zip")
        if which == "download-figure-button":
            fig = _figure(result, ref, table)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=150)
            return dcc.send_bytes(buf.getvalue(), "osteoimmune.png")
        return dcc.send_string(_report(current, result), "osteoimmune-report.md")

    @app.callback(
        Output("network", "figure"),
        Input("draw-network", "n_clicks"),
        State("current", "data"),
        prevent_initial_call=True,
    )
    def network(_n: Any, current: Any) -> Any:
        from osteoimmune.report.network import interaction_network

        if not current:
            return dash.no_update
        try:
            net = interaction_network(checked_scenario(current, limits))
        except OsteoimmuneError:
            return dash.no_update
        return network_figure(net)

    @app.callback(
        Output("scorecard", "children"),
        Input("run-validation", "n_clicks"),
        prevent_initial_call=True,
    )
    def scorecard(_n: Any) -> Any:
        outcomes = validation.outcomes()
        rows = [
            html.Tr(
                [
                    html.Td(o.id),
                    html.Td("pass" if o.passed else "FAIL"),
                    html.Td(o.claim),
                    html.Td(o.observed),
                ]
            )
            for o in outcomes
        ]
        passed = sum(o.passed for o in outcomes)
        return [
            html.P(f"{passed}/{len(outcomes)} experiments pass."),
            html.Table(
                [html.Tr([html.Th(h) for h in ("id", "", "claim", "observed")]), *rows],
                className="scorecard",
            ),
        ]

    return app


def serve(*, host: str = "127.0.0.1", port: int = 8050, limits: Limits = LIMITS) -> None:
    """Serve the dashboard (blocking) on ``host:port``; loopback unless told otherwise."""
    app = create_app(limits)
    app.run(host=host, port=port, debug=False)


__all__ = [
    "LIMITS",
    "Limits",
    "checked_data",
    "checked_scenario",
    "create_app",
    "network_figure",
    "scenario_document",
    "serve",
    "table_download",
]
