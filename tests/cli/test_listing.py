"""``osteoimmune --help``, ``--version`` and ``list``."""

from __future__ import annotations

import pytest

from osteoimmune.cli import main
from osteoimmune.model.compose import compose

from .conftest import HEADLINE


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "0." in capsys.readouterr().out


@pytest.mark.parametrize(
    "verb",
    [
        [],
        ["run"],
        ["list"],
        ["compare"],
        ["validate"],
        ["export-sbml"],
        ["network"],
        ["population"],
        ["sensitivity"],
        ["fit"],
        ["dashboard"],
        ["bench"],
    ],
)
def test_help_has_examples(verb, capsys):
    assert main([*verb, "--help"]) == 0
    assert "examples:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "what", ["scenarios", "conditions", "treatments", "genotypes", "observables", "parameters"]
)
def test_list_verbs_exit_0(what, capsys):
    assert main(["list", what]) == 0
    assert capsys.readouterr().out.strip()


def test_list_contents(capsys):
    assert main(["list", "scenarios"]) == 0
    out = capsys.readouterr().out
    assert "healthy" in out and "pivonka2008" in out
    assert main(["list", "observables"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in HEADLINE)
    assert main(["list", "parameters", "--parameter-set", "pivonka2008"]) == 0
    out = capsys.readouterr().out
    assert all(p.name in out for p in compose("pivonka2008").parameters)
    assert main(["list", "genotypes"]) == 0
    out = capsys.readouterr().out
    assert all(g in out for g in compose("human").genotypes)


# --- list experiments ----------------------------------------------------------------------


class _Spec:
    def __init__(self, id: str, claim: str, kind: str = "") -> None:
        self.id, self.claim, self.kind = id, claim, kind


@pytest.fixture
def registry(monkeypatch):
    import osteoimmune.experiments

    specs = {
        "A-1": _Spec("A-1", "bone is made", "claim"),
        "B-2": _Spec("B-2", "bone is lost", "calibration"),
        "C-3": _Spec("C-3", "bone [stays]", "claim"),
    }
    monkeypatch.setattr(osteoimmune.experiments, "experiments", lambda: specs)
    monkeypatch.setenv("COLUMNS", "200")
    return specs


def _row(out: str, id: str) -> str:
    return next(line for line in out.splitlines() if f" {id} " in line)


def test_list_experiments_shows_the_last_outcome_of_each(registry, capsys):
    from osteoimmune.experiments.status import save_outcomes

    assert main(["list", "experiments"]) == 0
    out = capsys.readouterr().out
    assert all("not run" in _row(out, i) for i in registry)
    assert "bone [stays]" in out  # a claim is text, never markup
    assert "calibration" in _row(out, "B-2")  # the kind column
    save_outcomes({"A-1": True, "B-2": False})
    assert main(["list", "experiments"]) == 0
    out = capsys.readouterr().out
    assert "pass" in _row(out, "A-1")
    assert "FAIL" in _row(out, "B-2")
    assert "not run" in _row(out, "C-3")
    assert "1 pass, 1 fail, 1 not run" in out


def test_list_experiments_without_kinds_has_no_kind_column(registry, capsys):
    for spec in registry.values():
        del spec.kind
    assert main(["list", "experiments"]) == 0
    out = capsys.readouterr().out
    assert "kind" not in out.splitlines()[2] and "status" in out


def test_list_experiments_with_the_real_registry(capsys):
    from osteoimmune.experiments import experiments

    assert main(["list", "experiments"]) == 0
    out = capsys.readouterr().out
    first = next(iter(experiments()))
    assert first in out and "not run" in out
