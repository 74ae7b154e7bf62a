"""Standard figure and overlay: panels follow the columns a result has."""

from __future__ import annotations

import sys

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import osteoimmune as oi
from osteoimmune.plotting import PANELS, Panel, overlay, standard_figure

PNG = b"\x89PNG\r\n\x1a\n"


def _run(doc: dict, name: str) -> oi.SimulationResult:
    return oi.simulate(oi.scenario_from_dict(doc, name=name))


@pytest.fixture(scope="module")
def human() -> oi.SimulationResult:
    return _run(
        {
            "duration": "100 days",
            "save_every": "5 days",
            "events": [
                {
                    "at": "20 days",
                    "infusion": {"target": "rankl", "rate": "10 pM/day", "duration": "40 days"},
                }
            ],
        },
        "rankl",
    )


@pytest.fixture(scope="module")
def healthy() -> oi.SimulationResult:
    return _run({"duration": "100 days", "save_every": "5 days"}, "healthy")


def test_standard_figure_panels_and_save(human, tmp_path):
    path = tmp_path / "fig.png"
    fig = standard_figure(human, path)
    assert isinstance(fig, Figure)
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert [ax.get_title() for ax in fig.axes] == [
        "Bone mass",
        "Turnover markers",
        "Bone cells",
        "RANKL/OPG",
        "Serum cytokines",
        "Lymphocytes",
        "Blood counts",
        "Hematopoiesis",
        "Estrogen",
        "Osteocalcin",
        "Glucose",
        "Insulin",
        "Calcium and phosphate",
        "PTH and calcitriol",
        "Fracture risk",  # no site panel: nothing moved at a joint, the gingiva or a prosthesis
    ]
    bone = fig.axes[0]
    assert [
        line.get_label() for line in bone.get_lines() if not line.get_label().startswith("_")
    ] == [
        "BMD lumbar spine",
        "BMD total hip",
        "trabecular BV/TV",
    ]
    assert fig.axes[-1].get_xlabel() == "time (days)"
    assert path.read_bytes()[:8] == PNG


def test_figures_explain_themselves(tmp_path):
    """Issue: figures that explain themselves. A site panel appears when its disease moves it;
    every multi-line panel has a legend; ticks carry neither an offset nor scientific notation
    (a power of ten goes into the axis label); a nearly flat signal is drawn flat; the event
    lines are named."""
    ra = _run(
        {"age": "50 years", "duration": "2 years", "save_every": "14 days", "events": [
            {"at": "0.2 years", "condition": "rheumatoid_arthritis"},
            {"at": "1 years", "treatment": "methotrexate", "dose": "15 mg", "every": "7 days",
             "doses": 52, "route": "oral"}]},
        "RA",
    )  # fmt: skip
    fig = standard_figure(ra, tmp_path / "ra.png")
    titles = [ax.get_title() for ax in fig.axes]
    assert "Joint erosion" in titles and "Alveolar bone loss" not in titles
    fig.canvas.draw()  # tick labels and offsets exist once drawn
    for ax in fig.axes:
        drawn = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
        if len(drawn) > 1:
            assert ax.get_legend() is not None, ax.get_title()
        offset = ax.yaxis.get_major_formatter().get_offset()
        assert not offset, (ax.get_title(), offset)
    by_title = dict(zip(titles, fig.axes, strict=True))
    assert "×10" in by_title["Hematopoiesis"].get_ylabel()  # ~2.7e11 cells a day
    low, high = by_title["Insulin"].get_ylim()
    assert high - low >= 0.1 * 9.9  # insulin moves by a fraction of a percent: drawn flat
    names = {t.get_text() for t in fig.axes[0].texts}
    assert {"rheumatoid_arthritis", "methotrexate"} <= names


def test_time_axis_in_years_for_long_runs():
    result = _run({"duration": "3 years", "save_every": "60 days"}, "long")
    fig = standard_figure(result)
    ax = fig.axes[-1]
    assert ax.get_xlabel() == "time (years)"
    assert ax.get_xlim()[1] == pytest.approx(3.0, rel=1e-3)


def test_only_panels_with_columns_are_drawn():
    result = _run(
        {"parameter_set": "pivonka2008", "duration": "60 days", "save_every": "5 days"}, "piv"
    )
    fig = standard_figure(result)
    assert [ax.get_title() for ax in fig.axes] == ["Bone cells", "RANKL/OPG"]


def test_panel_list_is_data(human):
    custom = (
        Panel("Markers", "%", (("ctx_pct", "CTX"), ("no_such_column", "absent"))),
        Panel("Absent", "-", (("no_such_column", "absent"),)),
    )
    fig = standard_figure(human, panels=custom)
    assert [ax.get_title() for ax in fig.axes] == ["Markers"]
    assert [
        ln.get_label() for ln in fig.axes[0].get_lines() if not ln.get_label().startswith("_")
    ] == ["CTX"]
    with pytest.raises(oi.InputError):
        standard_figure(human, panels=(custom[1],))
    assert all(col for panel in PANELS for col, _ in panel.columns)


def test_overlay(human, healthy, tmp_path):
    path = tmp_path / "overlay.svg"
    fig = overlay([healthy, human], "ctx_pct", path)
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()] == ["healthy", "rankl"]
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    fig = overlay({"control": healthy, "RANKL": human}, "osteoclasts_rel")
    assert [line.get_label() for line in fig.axes[0].get_lines()] == ["control", "RANKL"]
    with pytest.raises(oi.InputError, match="observable"):
        overlay([healthy], "no_such_column")
    with pytest.raises(oi.InputError):
        overlay([], "ctx_pct")


def test_no_pyplot_figures_leak(human):
    standard_figure(human)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        assert pyplot.get_fignums() == []


def test_the_docs_figures_are_drawn_by_the_tests():
    """The standard figure and the compare figure shown in the command-line guide are the
    ones this test draws (docs/img), so the docs always show what the package draws now."""
    from pathlib import Path

    docs_img = Path(__file__).resolve().parents[2] / "docs" / "img"
    docs_img.mkdir(parents=True, exist_ok=True)
    menopause, hrt = oi.simulate("menopause"), oi.simulate("hrt")
    oi.plot(menopause, docs_img / "standard_figure.png")
    oi.plot(oi.compare([menopause, hrt]), docs_img / "compare.png")
    for name in ("standard_figure.png", "compare.png"):
        assert (docs_img / name).read_bytes()[:8] == PNG
