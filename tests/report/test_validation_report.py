"""The validation report: scorecard, figures, parameters and metadata, parsed back."""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from osteoimmune.cli import main
from osteoimmune.experiments import Arm, Traced, trace_experiments
from osteoimmune.experiments.base import Outcome, arm_label
from osteoimmune.model.compose import compose
from osteoimmune.report.validation import (
    REPORT_PARAMETER_SETS,
    chosen_observables,
    experiment_figure,
    validation_report_html,
)

#: a culture experiment with in vivo arms, and a bone-core claim: both quick
IDS = ("S30", "REM-1")


class _Page(HTMLParser):
    """Collects table rows by table class, image sources and element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self.ids: set[str] = set()
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "table":
            self._table = (a.get("class") or "").split(" ")[0]
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append(str(a.get("src")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def traced() -> list[Traced]:
    return trace_experiments(list(IDS))


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def test_report_holds_scorecard_figures_parameters_and_metadata(traced) -> None:
    page = _parse(validation_report_html(traced))
    rows = [r for r in page.tables["scorecard"] if r[0] != "id"]
    assert [r[0] for r in rows] == list(IDS)
    assert all(r[1] == "PASS" for r in rows)
    assert {f"exp-{i}" for i in IDS} <= page.ids
    assert len(page.images) == len(IDS)
    for src in page.images:
        assert src.startswith("data:image/png;base64,")
        png = imread(io.BytesIO(base64.b64decode(src.split(",", 1)[1])), format="png")
        assert png.shape[0] > 200 and png.shape[1] > 600
        assert float(np.std(png[..., :3])) > 0.05  # drawn, not blank
    for name in REPORT_PARAMETER_SETS:
        model = compose(name)
        assert f"parameters-{name}" in page.ids
        meta = dict((r[0], r[1]) for r in page.tables["metadata"])
        assert model.parameter_set.digest in meta[f"parameter set {name}"]
    params = page.tables["parameters"]
    n_expected = sum(len(compose(n).parameters) + 1 for n in REPORT_PARAMETER_SETS)
    assert len(params) == n_expected  # a header row per set
    sources = [r[5] for r in params if r[0] != "name"]
    assert all(sources)


def test_the_culture_experiment_draws_its_wells(traced) -> None:
    s30 = traced[0]
    assert len(s30.arms) == 4
    assert any("monocytes culture" in a.label for a in s30.arms)
    columns = chosen_observables(s30.arms)
    assert "osteoclasts_per_well" in columns
    fig = experiment_figure(s30)
    assert [ax.get_title() for ax in fig.axes][: len(columns)] == columns


def test_chosen_observables_pick_what_tells_arms_apart() -> None:
    t = np.linspace(0.0, 10.0, 11)
    flat = np.zeros_like(t)
    a = Arm("human: healthy", t, {"x_pct": flat, "y_rel": np.ones_like(t)}, {"x_pct": "percent"})
    b = Arm("human: menopause", t, {"x_pct": -t, "y_rel": np.ones_like(t)}, {"x_pct": "percent"})
    assert chosen_observables([a, b]) == ["x_pct"]
    noise = Arm("human: x", t, {"x_pct": 1e-6 * t}, {"x_pct": "percent"})
    assert chosen_observables([noise]) == []
    outcome = Outcome("X", "claim", True, "x falls", "x fell", "test", {})
    fig = experiment_figure(Traced(outcome, (a, b)))
    assert fig.axes[0].get_title() == "x_pct"


def test_arm_labels_say_what_was_simulated() -> None:
    doc = {
        "species": "mouse",
        "genotype": ["tnf_ko"],
        "duration": "4 weeks",
        "events": [{"condition": "ovariectomy"}, {"cells": {"deplete": "t_cells"}}],
    }
    assert arm_label(doc) == "mouse, tnf_ko, 4 weeks: ovariectomy, t_cells depleted"
    assert arm_label({}) == "human: healthy"


def test_cli_validate_html(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["validate", "--only", *IDS, "--html", str(out)]) == 0
    page = _parse(out.read_text(encoding="utf-8"))
    assert sorted(r[0] for r in page.tables["scorecard"] if r[0] != "id") == sorted(IDS)
    assert len(page.images) == len(IDS)


def test_scorecards_by_kind_and_measured_data_over_the_arms() -> None:
    """Claims, calibration and held-out validation are scored apart; measured points are drawn
    over the arm they belong with, and every bundled table is listed with its role."""
    traced = trace_experiments(["S30", "REM-1", "VAL-WHI-HRT"])
    page = _parse(validation_report_html(traced))
    assert {"scorecard-claim", "scorecard-calibration", "scorecard-validation"} <= page.ids
    roles = {r[0]: r[1] for r in page.tables["measurements"] if r[0] != "table"}
    assert roles["cauley2003_whi_hrt"] == "validation"
    assert "calibration" in roles.values()
    whi = traced[2]
    assert {o.arm for o in whi.overlays} == {"hrt", "placebo"}
    fig = experiment_figure(whi)
    labels = [lab for ax in fig.axes for lab in ax.get_legend_handles_labels()[1]]
    assert any("cauley2003_whi_hrt (validation" in lab for lab in labels)
    assert fig.axes[0].get_title() == "bmd_total_hip_pct"
