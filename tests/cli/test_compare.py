"""``osteoimmune compare``: runs side by side at one time, the table file and the figure."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from osteoimmune.cli import main

from .conftest import SHORT, one_error_line

MENOPAUSE = SHORT + "events:\n  - at: 10 days\n    condition: menopause\n"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    base, meno = tmp_path / "base.yaml", tmp_path / "meno.yaml"
    base.write_text(SHORT, encoding="utf-8")
    meno.write_text(MENOPAUSE, encoding="utf-8")
    return base, meno


def _numbers(out: str, name: str) -> list[float]:
    """The numbers in the table row of ``name``."""
    line = next(line for line in out.splitlines() if f" {name} " in line)
    cells = [c.strip() for c in line.split("│")[1:-1]]
    return [float(c) for c in cells[2:]]


def test_compare_prints_the_runs_side_by_side_and_writes_table_and_figure(
    pair, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "200")
    base, meno = pair
    table, png = tmp_path / "cmp.csv", tmp_path / "cmp.png"
    argv = ["compare", str(base), str(meno), "--at", "90 days", "--out", str(table)]
    assert main([*argv, "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "Comparison at 90 days" in out
    assert "base" in out and "meno" in out
    assert "bmd_lumbar_spine_pct" in out and "osteoclasts_rel" in out
    with table.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["run"] for r in rows] == ["base", "meno"]
    assert float(rows[1]["osteoclasts_rel"]) > float(rows[0]["osteoclasts_rel"])
    meta = json.loads((tmp_path / "cmp.meta.json").read_text(encoding="utf-8"))
    assert meta["at_days"] == 90.0
    assert meta["units"]["bmd_lumbar_spine_pct"] == "percent" and meta["units"]["run"] == ""
    assert set(meta["runs"]) == {"base", "meno"}
    assert meta["runs"]["meno"]["scenario_source"] == str(meno)
    assert meta["runs"]["meno"]["model_hash"] and meta["osteoimmune_version"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "base.yaml",
        "cmp.csv",
        "cmp.meta.json",
        "cmp.png",
        "meno.yaml",
    ]


def test_compare_reads_the_end_of_the_shortest_run_by_default(pair, tmp_path, capsys):
    base, _ = pair
    longer = tmp_path / "longer.yaml"
    longer.write_text(SHORT.replace("100 days", "200 days"), encoding="utf-8")
    out_json = tmp_path / "cmp.json"
    assert main(["compare", str(longer), str(base), "--out", str(out_json)]) == 0
    assert "Comparison at 100 days" in capsys.readouterr().out
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    assert doc["metadata"]["at_days"] == 100.0
    assert doc["columns"][0] == "run" and [r[0] for r in doc["rows"]] == ["longer", "base"]


def test_compare_labels_a_repeated_scenario(pair, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    base, _ = pair
    assert main(["compare", str(base), str(base), "--at", "50"]) == 0
    out = capsys.readouterr().out
    assert "base #2" in out
    first, second = _numbers(out, "osteoclasts_rel")
    assert first == second


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--at", "5 kg"], "--at"),
        (["--at", "soon"], "--at"),
        (["--at", "-3 days"], "--at"),
        (["--at", "2 years"], "--at"),  # beyond the runs
        (["--out", "x.xlsx"], "--out"),
        (["--plot", "x.notaformat"], "--plot"),
    ],
)
def test_compare_bad_options_exit_2_with_one_line(pair, tmp_path, extra, needle, capsys):
    base, meno = pair
    extra = [str(tmp_path / e) if e.startswith("x.") else e for e in extra]
    assert main(["compare", str(base), str(meno), *extra]) == 2
    assert needle in one_error_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.yaml", "meno.yaml"]


def test_compare_needs_two_known_scenarios(pair, tmp_path, capsys):
    base, _ = pair
    assert main(["compare", str(base)]) == 2
    assert "two or more" in one_error_line(capsys.readouterr().err)
    assert main(["compare", str(base), "healthyy", "--out", str(tmp_path / "o.csv")]) == 2
    assert "Did you mean 'healthy'" in one_error_line(capsys.readouterr().err)
    assert main(["compare"]) == 2
    assert "SCENARIO" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "o.csv").exists()
