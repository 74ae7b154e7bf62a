"""Hostile input through every entry point: each document of the corpus (``tests/corpus.py``:
the hand-written bad files and every quantity field crossed with hostile values) is refused by
the command line's ``run`` and by one more command, by the Python API and by the dashboard's
server-side check, each with one line that names the field, nothing written, in under ten
seconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import osteoimmune as oi
from osteoimmune.cli import main
from osteoimmune.errors import InputError
from osteoimmune.protocol.documents import read_document

from .cli.conftest import one_error_line
from .corpus import CORPUS, Case

#: the most a refusal may take, seconds (the issue's bound)
SECONDS = 10.0
IDS = [c.name for c in CORPUS]

#: the other commands that read a scenario; case k goes through OTHER[k % len(OTHER)]
OTHER = (
    lambda p, d: ["compare", "healthy", str(p), "--out", str(d / "o.csv")],
    lambda p, d: ["export-sbml", str(p), "-o", str(d / "o.xml")],
    lambda p, d: ["population", str(p), "--n", "2", "--store", str(d / "o.duckdb")],
    lambda p, d: ["sensitivity", str(p), "--output", "ctx_ng_ml@1 days", "--json",
                  str(d / "o.json")],
    lambda p, d: ["fit", str(p), "--data", str(d / "data.csv"), "--parameter", "k_TNF",
                  "--json", str(d / "o.json")],
    lambda p, d: ["network", str(p), "-o", str(d / "o.svg")],
)  # fmt: skip


def test_the_corpus_is_large_and_each_case_distinct() -> None:
    assert len(CORPUS) >= 150
    assert len(set(IDS)) == len(IDS)
    assert len({c.text for c in CORPUS}) == len(CORPUS)


def _refused(argv: list[str], case: Case, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = set(folder.iterdir())
    t0 = time.perf_counter()
    code = main(argv)
    seconds = time.perf_counter() - t0
    captured = capsys.readouterr()
    assert code == 2, (case.name, argv[0], captured.err)
    assert case.expect in one_error_line(captured.err), case.name
    assert set(folder.iterdir()) == inputs, "an output was written"
    assert seconds < SECONDS


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_the_command_line_refuses_each_case(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = case.write(tmp_path)
    (tmp_path / "data.csv").write_text("time,observable,value\n10,ctx_pct,5\n", encoding="utf-8")
    run = ["run", str(path), "--out", str(tmp_path / "o.csv"), "--plot", str(tmp_path / "o.png")]
    _refused(run, case, tmp_path, capsys)
    other = OTHER[IDS.index(case.name) % len(OTHER)](path, tmp_path)
    _refused(other, case, tmp_path, capsys)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_the_python_api_refuses_each_case(case: Case, tmp_path: Path) -> None:
    path = case.write(tmp_path)
    t0 = time.perf_counter()
    with pytest.raises(InputError) as info:
        oi.load_scenario(path)
    assert time.perf_counter() - t0 < SECONDS
    assert case.expect in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("case", CORPUS, ids=IDS)
def test_the_dashboard_refuses_each_case(case: Case) -> None:
    """What a crafted request could send as the page's scenario store: every document that
    reads as YAML at all is refused by the server-side check (the page writes no YAML, so a
    document that does not read is refused before it could reach the dashboard)."""
    pytest.importorskip("dash")
    from osteoimmune.dashboard import checked_scenario

    try:
        doc = read_document(case.text, case.name)
    except InputError:
        return
    t0 = time.perf_counter()
    with pytest.raises(InputError):
        checked_scenario(doc)
    assert time.perf_counter() - t0 < SECONDS
