"""`osteoimmune list treatments|genotypes|conditions` show the protocol declarations."""

from __future__ import annotations

import pytest

import osteoimmune.cli.listing as listing
from osteoimmune.cli import main
from osteoimmune.model.compose import Model

from .conftest import TOY_SET


@pytest.fixture
def listed(toy: Model, monkeypatch: pytest.MonkeyPatch) -> Model:
    shipped = listing.available_parameter_sets
    monkeypatch.setattr(listing, "available_parameter_sets", lambda: (*shipped(), TOY_SET))
    monkeypatch.setenv("COLUMNS", "200")
    return toy


def _list(what: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["list", what, *extra]) == 0
    return capsys.readouterr().out


def test_list_treatments(listed: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out = _list("treatments", capsys, "--parameter-set", TOY_SET)
    assert "drugx" in out and "a test drug" in out and "nothing" in out
    assert "iv (default) → X" in out
    assert "sc → Xdepot, F = F_sc" in out


def test_list_genotypes_shows_lacks(listed: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out = _list("genotypes", capsys, "--parameter-set", TOY_SET)
    assert "lacks cells" in out
    nude = next(line for line in out.splitlines() if "nude" in line)
    assert "lymph" in nude


def test_list_conditions_shows_lead(listed: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out = _list("conditions", capsys, "--parameter-set", TOY_SET)
    assert "lead time" in out
    inflamed = next(line for line in out.splitlines() if "inflamed" in line)
    assert "30 days" in inflamed


def test_sets_without_treatments_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    out = _list("treatments", capsys, "--parameter-set", "pivonka2008")
    assert "No treatments" in out and "pivonka2008" in out
    out = _list("genotypes", capsys, "--parameter-set", "pivonka2008")
    assert "lacks" not in out
