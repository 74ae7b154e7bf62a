"""``osteoimmune validate``: the scorecard, its files and exit status."""

from __future__ import annotations

import json

import pytest

import osteoimmune.experiments
from osteoimmune.cli import main
from osteoimmune.experiments import Outcome, Traced, experiments


def _fake_outcome(id: str, passed: bool) -> Outcome:
    return Outcome(
        id, f"claim {id}", passed, "x > 1", "x = 2" if passed else "x = 0", "test", {"x": 2.0}
    )


@pytest.fixture
def fake_registry(monkeypatch):
    outcomes = {"A-1": _fake_outcome("A-1", True), "B-2": _fake_outcome("B-2", False)}

    def run(only=None, *, progress=None):
        ids = list(only) if only else list(outcomes)
        for i in ids:
            if progress is not None:
                progress(i)
        return [outcomes[i] for i in ids]

    def trace(only=None, *, progress=None):
        return [Traced(o, ()) for o in run(only, progress=progress)]

    monkeypatch.setattr(osteoimmune.experiments, "experiments", lambda: dict.fromkeys(outcomes))
    monkeypatch.setattr(osteoimmune.experiments, "run_experiments", run)
    monkeypatch.setattr(osteoimmune.experiments, "trace_experiments", trace)
    return outcomes


def test_validate_exit_1_when_any_fails_and_writes_json_and_html(fake_registry, tmp_path, capsys):
    js, page = tmp_path / "v.json", tmp_path / "v.html"
    assert main(["validate", "--json", str(js), "--html", str(page)]) == 1
    rows = json.loads(js.read_text(encoding="utf-8"))
    assert [r["id"] for r in rows] == ["A-1", "B-2"]
    assert [r["passed"] for r in rows] == [True, False]
    assert all({"id", "claim", "passed", "expected", "observed"} <= set(r) for r in rows)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "B-2" in text and "1 of 2" in text
    assert "1/2 experiments pass" in capsys.readouterr().out


def test_validate_exit_0_when_all_pass(fake_registry, tmp_path):
    js = tmp_path / "v.json"
    assert main(["validate", "--only", "A-1", "--json", str(js)]) == 0
    assert [r["id"] for r in json.loads(js.read_text(encoding="utf-8"))] == ["A-1"]


def test_validate_one_registered_experiment(tmp_path):
    assert "REM-4" in experiments()
    js = tmp_path / "v.json"
    rc = main(["validate", "--only", "REM-4", "--json", str(js)])
    rows = json.loads(js.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and len(rows) == 1
    row = rows[0]
    assert {"id", "claim", "passed", "expected", "observed"} <= set(row)
    assert row["id"] == "REM-4" and isinstance(row["passed"], bool)
    assert rc == (0 if row["passed"] else 1)


def test_validate_records_outcomes_for_list_experiments(fake_registry, capsys, monkeypatch):
    from osteoimmune.experiments.status import last_outcomes

    assert last_outcomes() == {}
    assert main(["validate", "--only", "B-2"]) == 1
    assert last_outcomes() == {"B-2": False}
    assert main(["validate", "--only", "A-1"]) == 0
    assert last_outcomes() == {"A-1": True, "B-2": False}  # each keeps its latest outcome
    capsys.readouterr()
    monkeypatch.setattr(osteoimmune.experiments, "experiments", lambda: dict(fake_registry))
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["list", "experiments"]) == 0
    out = capsys.readouterr().out
    assert "1 pass, 1 fail, 0 not run" in out
