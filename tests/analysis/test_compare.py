"""compare(): a table of runs side by side and an overlay figure with observed data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import osteoimmune as oi
from osteoimmune.plotting import compare_figure

OPG = {
    "at": "10 days",
    "infusion": {"target": "opg", "rate": "2.0e5 pM/day", "duration": "30 days"},
}


@pytest.fixture(scope="module")
def runs() -> dict[str, oi.SimulationResult]:
    base = {"duration": "60 days", "save_every": "5 days"}
    return {
        "control": oi.simulate(oi.scenario_from_dict(base, name="control")),
        "OPG": oi.simulate(oi.scenario_from_dict({**base, "events": [OPG]}, name="opg")),
    }


def test_table_and_differences(runs) -> None:
    cmp = oi.compare(runs)
    df = cmp.to_pandas()
    assert list(df.index) == ["control", "OPG"]
    assert "ctx_pct" in df.columns and "bmd_lumbar_spine_pct" in df.columns
    assert df.attrs["units"]["ctx_pct"] == "percent"
    diff = cmp.differences(at_days=30.0)
    assert diff.loc["control"].abs().max() == 0.0
    # OPG takes RANKL away: fewer osteoclasts, less resorption
    assert diff.loc["OPG", "osteoclasts_rel"] < 0 and diff.loc["OPG", "ctx_pct"] < 0
    with pytest.raises(oi.InputError, match="at_days"):
        cmp.to_pandas(at_days=100.0)


def test_labels_from_scenario_names_stay_unique(runs) -> None:
    r = runs["control"]
    assert list(oi.compare([r, r, runs["OPG"]], "ctx_pct").results) == [
        "control",
        "control #2",
        "opg",
    ]
    with pytest.raises(oi.InputError, match="observables"):
        oi.compare([r], ["no_such_column"])
    with pytest.raises(oi.InputError):
        oi.compare([])


def test_plot_overlays_runs_and_observed_data(runs, tmp_path: Path) -> None:
    data = pd.DataFrame(
        {"time_days": [0.0, 20.0, 40.0], "ctx_pct": [0.0, -30.0, -45.0], "ctx_pct_sd": [5.0] * 3}
    )
    csv = tmp_path / "observed.csv"
    data.to_csv(csv, index=False)
    cmp = oi.compare(runs, ["ctx_pct", "osteoclasts_rel"])
    fig = oi.plot(cmp, tmp_path / "cmp.png", data=csv)
    assert [ax.get_title() for ax in fig.axes] == ["CTX (resorption)", "active osteoclasts"]
    ctx_ax = fig.axes[0]
    assert len(ctx_ax.containers) == 1  # the data's error bars, only where the data has them
    assert len(fig.axes[1].containers) == 0
    (bars,) = ctx_ax.containers
    assert bars.get_label() == "data"
    assert np.allclose(bars.lines[0].get_ydata(), [0.0, -30.0, -45.0])
    with pytest.raises(oi.InputError, match="time_days"):
        compare_figure(cmp, data=pd.DataFrame({"t": [0.0]}))


def test_result_plot(runs, tmp_path: Path) -> None:
    fig = oi.plot(runs["OPG"], tmp_path / "run.png")
    assert (tmp_path / "run.png").stat().st_size > 10_000
    assert fig.axes[0].get_title() == "Bone mass"


def test_plot_draws_what_it_is_given_or_says_what_it_takes(runs) -> None:
    with pytest.raises(oi.InputError, match="SimulationResult, Comparison"):
        oi.plot(runs["OPG"].to_pandas())
