"""``osteoimmune export-sbml`` and ``osteoimmune population`` from the command line."""

from __future__ import annotations

import pytest

from osteoimmune.cli import main

from .conftest import BAD_FILES, one_error_line


def test_export_sbml(tmp_path, short_scenario):
    pytest.importorskip("osteoimmune.io.sbml")
    out = tmp_path / "model.xml"
    assert main(["export-sbml", str(short_scenario), "-o", str(out)]) == 0
    assert "<sbml" in out.read_text(encoding="utf-8")[:2000]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.xml", "short.yaml"]


def test_export_sbml_bad_scenario_writes_nothing(tmp_path, capsys):
    out = tmp_path / "model.xml"
    assert main(["export-sbml", str(BAD_FILES[0]), "-o", str(out)]) == 2
    one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_population_beyond_the_limit_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OSTEOIMMUNE_MAX_RUNS", "100")
    store = tmp_path / "p.duckdb"
    assert main(["population", "menopause", "--n", "1000", "--store", str(store)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "n_subjects" in line and "OSTEOIMMUNE_MAX_RUNS" in line
    assert list(tmp_path.iterdir()) == []
