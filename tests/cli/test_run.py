"""``osteoimmune run``: outputs, exit codes and one-line errors (DESIGN.md, "Command line")."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import osteoimmune
from osteoimmune import SolverError
from osteoimmune.cli import main

from .conftest import BAD_FILES, ENTRY, HEADLINE, expected_message, one_error_line


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
    line = one_error_line(capsys.readouterr().err)
    assert "No space left" in line
    assert [p.name for p in tmp_path.iterdir()] == ["short.yaml"]


def test_solver_failure_exits_1_with_one_line(short_scenario, monkeypatch, capsys):
    def fail(scenario):
        raise SolverError("integration failed at t = 12 days; try tighter tolerances")

    monkeypatch.setattr(osteoimmune, "simulate", fail)
    assert main(["run", str(short_scenario)]) == 1
    assert "integration failed" in one_error_line(capsys.readouterr().err)


def test_pk_table_with_units_beside_the_run(tmp_path, capsys):
    scenario = tmp_path / "dmab.yaml"
    scenario.write_text(
        "duration: 200 days\nsave_every: 1 days\nevents:\n"
        "  - {treatment: denosumab, dose: 60 mg, every: 3 months, doses: 2}\n",
        encoding="utf-8",
    )
    pk = tmp_path / "pk.csv"
    assert main(["run", str(scenario), "--pk", str(pk)]) == 0
    with pk.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["dose"] for r in rows] == ["1", "2"]
    assert float(rows[0]["cmax_ng_ml"]) > 1000
    meta = json.loads(pk.with_suffix(".meta.json").read_text())
    assert meta["units"]["auc_ng_day_ml"] == "ng*day/mL" and meta["scenario"] == "dmab"
    # the same file twice is refused before the run
    assert main(["run", str(scenario), "--pk", str(pk), "--out", str(pk)]) == 2
    assert "a file other than --out" in one_error_line(capsys.readouterr().err)


def test_an_unexpected_error_is_one_line_and_a_traceback_file(short_scenario, monkeypatch, capsys):
    def defect(scenario):
        return 1 / 0

    monkeypatch.setattr(osteoimmune, "simulate", defect)
    assert main(["run", str(short_scenario)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "unexpected ZeroDivisionError: division by zero" in line
    path = Path(line.split("the full traceback is in ")[1].split(";")[0])
    try:
        text = path.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in text and "1 / 0" in text
    finally:
        path.unlink()


def test_memory_exhaustion_is_one_line(short_scenario, monkeypatch, capsys):
    def exhaust(scenario):
        raise MemoryError

    monkeypatch.setattr(osteoimmune, "simulate", exhaust)
    assert main(["run", str(short_scenario)]) == 1
    assert "not enough memory" in one_error_line(capsys.readouterr().err)


# --- bad input ----------------------------------------------------------------------------


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


# every file of the corpus goes through `run` and one more command in tests/test_hostile.py


def test_bad_files_in_a_fresh_process(tmp_path):
    """The command as a process: exit 2, one line, no traceback, nothing written.

    Every file of the corpus goes through ``main`` (tests/test_hostile.py); a few representative ones (a YAML
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
        assert expected_message(path) in one_error_line(stderr), path.name
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
    assert needle in one_error_line(capsys.readouterr().err)


def test_output_in_missing_directory_fails_before_running(tmp_path, capsys):
    target = tmp_path / "missing" / "o.csv"
    assert main(["run", "healthy", "--out", str(target)]) == 2
    assert "--out" in one_error_line(capsys.readouterr().err)
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
        one_error_line(capsys.readouterr().err)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("s.csv", ["--out", "{scenario}"]),  # the result would replace the scenario
        ("o.meta.json", ["--out", "{folder}/o.csv"]),  # the CSV's sidecar would
        ("s.yaml", ["--plot", "{scenario}"]),
        ("s.yaml", ["--out", "{folder}/r.csv", "--plot", "{folder}/r.meta.json"]),
    ],
)
def test_outputs_never_overwrite_the_scenario_or_each_other(tmp_path, capsys, name, flags) -> None:
    """A result written over its own scenario file (``run s.csv --out s.csv``), or a CSV's
    ``.meta.json`` sidecar over the scenario, is refused before any work and nothing changes."""
    scenario = tmp_path / name
    text = "species: human\nduration: 30 days\n"
    scenario.write_text(text, encoding="utf-8")
    argv = ["run", str(scenario)]
    argv += [f.format(scenario=scenario, folder=tmp_path) for f in flags]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a file other than" in err[0], err
    assert scenario.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        ("species: humán\n".encode("latin-1"), "UTF-8 text"),
        ("species: human\n".encode("utf-16"), "UTF-8 text"),
        (bytes(range(256)) * 4, "UTF-8 text"),
        (b"species: human\x00\n", "NUL character"),
        (b"a: " + b"[" * 60_000 + b"]" * 60_000, "nesting deeper than 32"),
        (b"x: " + b"y" * 1_100_000, "at most 1,000,000 bytes"),
    ],
    ids=["latin-1", "utf-16", "binary", "nul", "60000-deep", "too-large"],
)
def test_undecodable_or_oversized_files_exit_2_in_one_line(tmp_path, capsys, content, expect):
    """A Latin-1, UTF-16 or binary scenario file ended in a UnicodeDecodeError traceback, a
    60,000-deep nested list in a RecursionError with 200 KB of output."""
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    out = tmp_path / "o.csv"
    assert main(["run", str(path), "--out", str(out)]) == 2
    assert expect in one_error_line(capsys.readouterr().err)
    assert not out.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["sensitivity", "menopause", "--output", "ctx_pct@1 years", "--seed", "-1"],
        ["sensitivity", "menopause", "--output", "ctx_pct@1 years", "--top", "-1"],
        ["sensitivity", "menopause", "--output", "ctx_pct@1 years", "--workers", "0"],
        ["sensitivity", "menopause", "--output", "ctx_pct@1 years", "--n", "1e9"],
        ["population", "menopause", "--n", "10000000000", "--store", "{tmp}/p.duckdb"],
        ["population", "menopause", "--n", "3", "--store", "{tmp}/p.duckdb", "--workers", "-3"],
        ["fit", "menopause", "--data", "{tmp}/d.csv", "--parameter", "k_TNF", "--starts", "0"],
        ["fit", "menopause", "--data", "{tmp}/d.csv", "--parameter", "k_TNF", "--seed", "-1"],
    ],
    ids=["seed", "top", "workers", "sobol-n", "population-n", "pop-workers", "starts", "fit-seed"],
)
def test_counts_out_of_range_are_refused_before_any_work(tmp_path, capsys, argv) -> None:
    """``--workers -3``, ``--top -1`` and ``--seed -1`` were accepted, and ten billion subjects
    were accepted before any was run."""
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a whole number from" in err[0], err
    assert list(tmp_path.iterdir()) == []


def test_numerical_warnings_of_an_extreme_override_are_one_line(tmp_path, capsys) -> None:
    """IL-6 without clearance (``k_IL6: 0``) raised 38 numpy warnings, each printed; the command
    line now says once that something numerical went wrong and where to look."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "species: human\nduration: 30 days\nparameters: {k_IL6: 0 1/day}\n", encoding="utf-8"
    )
    main(["run", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    numerical = [line for line in err if "numerical trouble" in line]
    assert len(numerical) == 1, err
    assert "Traceback" not in "\n".join(err)
