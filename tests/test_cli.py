"""The command line: outputs, exit codes and one-line errors (DESIGN.md, "Command line")."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import osteoimmune.cli as cli
from osteoimmune import SolverError
from osteoimmune.cli import main
from osteoimmune.experiments import Outcome, Traced, experiments
from osteoimmune.model.compose import compose

BAD_FILES = sorted((Path(__file__).parent / "data" / "bad").glob("*.yaml"))
HEADLINE = (
    "bmd_lumbar_spine_pct",
    "bmd_total_hip_pct",
    "bv_tv_pct",
    "ctx_pct",
    "p1np_pct",
    "ctx_ng_ml",
    "p1np_ug_l",
    "osteoclasts_rel",
    "osteoblasts_rel",
    "rankl_opg_ratio",
)
SHORT = "species: human\nsex: female\nage: 50 years\nduration: 100 days\nsave_every: 10 days\n"
ENTRY = "import sys; from osteoimmune.cli import main; sys.exit(main(sys.argv[1:]))"


def _expected(path: Path) -> str:
    """The substring the error must contain, from the file's first line ``# expect: ...``."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <substring>'"
    return first.split(":", 1)[1].strip()


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("osteoimmune: error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def short_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    return path


# --- run -----------------------------------------------------------------------------------


def test_run_builtin_writes_contract_csv_and_sidecar(tmp_path, capsys):
    out = tmp_path / "healthy.csv"
    assert main(["run", "healthy", "--out", str(out)]) == 0
    with out.open(newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[0] == "time_days"
    assert set(HEADLINE) <= set(header)
    assert not any(h.startswith("state:") for h in header)
    assert float(rows[1][0]) == 0.0 and len(rows) > 10
    meta = json.loads((tmp_path / "healthy.meta.json").read_text(encoding="utf-8"))
    for key in (
        "osteoimmune_version",
        "parameter_set",
        "parameter_set_hash",
        "model_hash",
        "scenario",
    ):
        assert meta[key], key
    assert meta["parameter_set"] == "human"
    assert meta["units"]["time_days"] == "day"
    assert meta["units"]["bmd_lumbar_spine_pct"] == "percent"
    # nothing else left behind (no temporary files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["healthy.csv", "healthy.meta.json"]
    stdout = capsys.readouterr().out
    assert "bmd_lumbar_spine_pct" in stdout and "rankl_opg_ratio" in stdout


def test_run_states_adds_state_columns(tmp_path, short_scenario):
    out = tmp_path / "s.csv"
    assert main(["run", str(short_scenario), "--out", str(out), "--states"]) == 0
    with out.open(newline="") as f:
        header = next(csv.reader(f))
    assert header[0] == "time_days"
    states = [h for h in header if h.startswith("state:")]
    assert states and set(HEADLINE) <= set(header)
    units = json.loads((tmp_path / "s.meta.json").read_text(encoding="utf-8"))["units"]
    assert all(units[s] for s in states)


def test_run_plot_writes_png(tmp_path, short_scenario):
    png = tmp_path / "fig.png"
    assert main(["run", str(short_scenario), "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".yaml"] == ["fig.png"]


def test_run_without_outputs_prints_summary(tmp_path, short_scenario, capsys):
    assert main(["run", str(short_scenario)]) == 0
    out = capsys.readouterr().out
    for name in ("bmd_lumbar_spine_pct", "ctx_ng_ml", "osteoclasts_rel", "rankl_opg_ratio"):
        assert name in out
    assert [p.name for p in tmp_path.iterdir()] == ["short.yaml"]


def test_summary_adds_local_sites_only_when_they_moved(tmp_path, short_scenario, capsys):
    """A healthy run shows no site rows; periodontitis adds the alveolar bone it lost."""
    assert main(["run", str(short_scenario)]) == 0
    assert "alveolar_bone_loss_mm" not in capsys.readouterr().out
    perio = tmp_path / "perio.yaml"
    perio.write_text(
        "species: human\nduration: 1 years\nsave_every: 30 days\n"
        "events:\n  - condition: periodontitis\n",
        encoding="utf-8",
    )
    assert main(["run", str(perio)]) == 0
    out = capsys.readouterr().out
    assert "alveolar_bone_loss_mm" in out and "erosion_score" not in out


def test_run_parquet_carries_metadata(tmp_path, short_scenario):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "s.parquet"
    assert main(["run", str(short_scenario), "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert table.column_names[0] == "time_days"
    meta = json.loads(table.schema.metadata[b"osteoimmune"])
    assert meta["parameter_set"] == "human" and meta["model_hash"]


def test_failure_while_writing_leaves_nothing(tmp_path, short_scenario, monkeypatch, capsys):
    import osteoimmune.plotting

    class Broken:
        def savefig(self, *args, **kwargs):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(osteoimmune.plotting, "standard_figure", lambda result: Broken())
    rc = main(
        [
            "run",
            str(short_scenario),
            "--out",
            str(tmp_path / "o.csv"),
            "--plot",
            str(tmp_path / "o.png"),
        ]
    )
    assert rc == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "No space left" in line
    assert [p.name for p in tmp_path.iterdir()] == ["short.yaml"]


def test_solver_failure_exits_1_with_one_line(short_scenario, monkeypatch, capsys):
    def fail(scenario):
        raise SolverError("integration failed at t = 12 days; try tighter tolerances")

    monkeypatch.setattr(cli, "simulate", fail)
    assert main(["run", str(short_scenario)]) == 1
    assert "integration failed" in _one_error_line(capsys.readouterr().err)


# --- bad input -----------------------------------------------------------------------------


def test_bad_corpus_is_complete():
    names = {p.stem for p in BAD_FILES}
    assert {
        "unknown_species",
        "unknown_key",
        "unknown_condition",
        "wrong_unit_duration",
        "negative_infusion_rate",
        "at_beyond_duration",
        "malformed",
        "unknown_parameter",
        "unknown_infusion_target",
        "negative_dose",
    } <= names


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file_exits_2_with_one_line_and_no_output(path, tmp_path, capsys):
    out, png = tmp_path / "o.csv", tmp_path / "o.png"
    assert main(["run", str(path), "--out", str(out), "--plot", str(png)]) == 2
    captured = capsys.readouterr()
    line = _one_error_line(captured.err)
    assert _expected(path) in line
    assert list(tmp_path.iterdir()) == []


def test_bad_files_in_a_fresh_process(tmp_path):
    """The command as a process: exit 2, one line, no traceback, nothing written.

    Every file of the corpus goes through ``main`` above; a few representative ones (a YAML
    syntax error, an unknown name, a negative amount) also run in a fresh interpreter.
    """
    chosen = [p for p in BAD_FILES if p.stem in ("malformed", "unknown_species", "negative_dose")]
    assert len(chosen) == 3
    procs = []
    for path in chosen:
        cmd = [
            sys.executable,
            "-c",
            ENTRY,
            "run",
            str(path),
            "--out",
            str(tmp_path / f"{path.stem}.csv"),
        ]
        procs.append(
            (path, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        )
    for path, proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 2, (path.name, stderr)
        assert _expected(path) in _one_error_line(stderr), path.name
        assert "Traceback" not in stdout
    assert list(tmp_path.iterdir()) == []


def test_console_script_entry_point():
    script = Path(sys.executable).with_name("osteoimmune")
    if not script.exists():
        pytest.skip("the console script is not installed next to this interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.startswith("osteoimmune ")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["no-such-command"], "invalid choice"),
        (["run"], "SCENARIO"),
        (["run", "healthy", "--out", "x.xlsx"], "--out"),
        (["run", "healthy", "--plot", "x.notaformat"], "--plot"),
        (["run", "no_such_builtin"], "SCENARIO"),
        (["list", "drugs"], "invalid choice"),
        (["list", "parameters", "--parameter-set", "pivonka2009"], "--parameter-set"),
        (["validate", "--only", "NO-SUCH-ID"], "--only"),
        (["export-sbml", "healthy"], "-o"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, needle, capsys):
    assert main(argv) == 2
    assert needle in _one_error_line(capsys.readouterr().err)


def test_output_in_missing_directory_fails_before_running(tmp_path, capsys):
    target = tmp_path / "missing" / "o.csv"
    assert main(["run", "healthy", "--out", str(target)]) == 2
    assert "--out" in _one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_unwritable_directory_exits_2(tmp_path, short_scenario, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert main(["run", str(short_scenario), "--out", str(locked / "o.csv")]) == 2
        _one_error_line(capsys.readouterr().err)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


# --- help, version, list -------------------------------------------------------------------


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "0." in capsys.readouterr().out


@pytest.mark.parametrize(
    "verb",
    [
        [],
        ["run"],
        ["list"],
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


# --- validate ------------------------------------------------------------------------------


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

    monkeypatch.setattr(cli, "experiments", lambda: dict.fromkeys(outcomes))
    monkeypatch.setattr(cli, "run_experiments", run)
    monkeypatch.setattr(cli, "trace_experiments", trace)
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
    registry = experiments()
    quick = [i for i, e in registry.items() if not e.slow]
    if not quick:
        pytest.skip("no experiment registered")
    js = tmp_path / "v.json"
    rc = main(["validate", "--only", quick[0], "--json", str(js)])
    rows = json.loads(js.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and len(rows) == 1
    row = rows[0]
    assert {"id", "claim", "passed", "expected", "observed"} <= set(row)
    assert row["id"] == quick[0] and isinstance(row["passed"], bool)
    assert rc == (0 if row["passed"] else 1)


# --- export-sbml ---------------------------------------------------------------------------


def test_export_sbml(tmp_path, short_scenario):
    pytest.importorskip("osteoimmune.io.sbml")
    out = tmp_path / "model.xml"
    assert main(["export-sbml", str(short_scenario), "-o", str(out)]) == 0
    assert "<sbml" in out.read_text(encoding="utf-8")[:2000]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.xml", "short.yaml"]


def test_export_sbml_bad_scenario_writes_nothing(tmp_path, capsys):
    out = tmp_path / "model.xml"
    assert main(["export-sbml", str(BAD_FILES[0]), "-o", str(out)]) == 2
    _one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_population_beyond_the_limit_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OSTEOIMMUNE_MAX_RUNS", "100")
    store = tmp_path / "p.duckdb"
    assert main(["population", "menopause", "--n", "1000", "--store", str(store)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "n_subjects" in line and "OSTEOIMMUNE_MAX_RUNS" in line
    assert list(tmp_path.iterdir()) == []
