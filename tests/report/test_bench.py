"""The benchmark command: sections, report, JSON and figure (never pass/fail on wall time)."""

from __future__ import annotations

import json

import pytest

from osteoimmune.cli import main
from osteoimmune.errors import InputError
from osteoimmune.report.bench import (
    BENCH_SCENARIO,
    BenchReport,
    _scenario,
    format_report,
    run_benchmarks,
    scaling_figure,
)
from osteoimmune.solve.simulate import initial_condition


def test_unknown_sections_and_sizes_are_refused() -> None:
    with pytest.raises(InputError, match="sections"):
        run_benchmarks(["warp"])
    with pytest.raises(InputError, match="subjects"):
        run_benchmarks(["single"], subjects=0)


def test_bench_scenario_doses_every_six_months_to_the_end() -> None:
    assert BENCH_SCENARIO["duration"] == "10 years"
    doses = [e for e in initial_condition(_scenario()).events if "denosumab" in e.label]
    assert len(doses) == 14
    assert doses[0].time == pytest.approx(3 * 365.25)
    shorter = [e for e in initial_condition(_scenario(5)).events if "denosumab" in e.label]
    assert len(shorter) == 4
    assert not [e for e in initial_condition(_scenario(2)).events if "denosumab" in e.label]


def test_report_text_names_ratios_checks_and_versions() -> None:
    report = BenchReport(versions={"osteoimmune": "0", "libroadrunner": "2.10.0"})
    report.row("single", "osteoimmune: simulate, warm", 0.1, kind="median of 5")
    report.ratios["single run"] = {"ratio": 0.03, "target": "<= 0.5", "met": True}
    report.checks["single"] = {"max_relative_difference": {"bmd": 1e-7}, "ok": True}
    text = format_report(report)
    assert "single run: 0.03 (target <= 0.5): met" in text
    assert "libroadrunner 2.10.0" in text
    assert report.targets_met
    report.ratios["start-up"] = {"seconds": 4.0, "target": "< 3 s", "met": False}
    assert not report.targets_met
    assert "NOT MET" in format_report(report)


def test_scaling_figure_is_written(tmp_path) -> None:
    s = {
        "duration_years": [1, 10],
        "osteoimmune_s": [0.02, 0.1],
        "libroadrunner_s": [0.03, 3.5],
        "subjects": [25, 50],
        "subjects_s": [6.0, 7.0],
        "workers": [1, 2],
        "workers_s_100_subjects": [12.0, 8.0],
    }
    scaling_figure(s, tmp_path / "s.png")
    assert (tmp_path / "s.png").stat().st_size > 10_000


@pytest.mark.slow
def test_startup_section_from_the_command_line(tmp_path) -> None:
    out = tmp_path / "bench.json"
    code = main(["bench", "--only", "startup", "--repeats", "1", "--json", str(out)])
    doc = json.loads(out.read_text())
    assert code == (0 if doc["targets_met"] else 1)
    assert doc["ratios"]["start-up"]["seconds"] > 0
    assert doc["versions"]["osteoimmune"]
