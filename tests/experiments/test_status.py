"""The outcome of each experiment's last run on this machine."""

from __future__ import annotations

from pathlib import Path

import pytest

import osteoimmune.experiments.status as status
from osteoimmune.experiments.status import last_outcomes, save_outcomes


class _Outcome:
    def __init__(self, id: str, passed: bool) -> None:
        self.id, self.passed = id, passed


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache" / status.FILE_NAME
    monkeypatch.setattr(status, "outcomes_path", lambda: path)
    return path


def test_each_experiment_keeps_its_latest_outcome(record: Path) -> None:
    assert last_outcomes() == {}
    assert save_outcomes([_Outcome("A", True), _Outcome("B", False)]) == record
    assert last_outcomes() == {"A": True, "B": False}
    save_outcomes({"B": True, "C": False})
    assert last_outcomes() == {"A": True, "B": True, "C": False}
    assert [p.name for p in record.parent.iterdir()] == [status.FILE_NAME]  # no temporary left


def test_an_unreadable_record_reads_as_empty(record: Path) -> None:
    record.parent.mkdir(parents=True)
    record.write_text("{not json", encoding="utf-8")
    assert last_outcomes() == {}
    record.write_text('{"outcomes": {"A": "yes", "B": true}}', encoding="utf-8")
    assert last_outcomes() == {"B": True}
    save_outcomes({"A": False})
    assert last_outcomes() == {"A": False, "B": True}


def test_cache_off_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status, "outcomes_path", lambda: None)
    assert save_outcomes({"A": True}) is None
    assert last_outcomes() == {}


def test_the_record_lives_in_the_cache_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.undo()  # the suite's fixture points the record elsewhere
    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", str(tmp_path))
    assert status.outcomes_path() == tmp_path / status.FILE_NAME
    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", "off")
    assert status.outcomes_path() is None


def test_an_unwritable_folder_never_fails_a_validation(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(status, "outcomes_path", lambda: blocker / "sub" / status.FILE_NAME)
    assert save_outcomes({"A": True}) is None
