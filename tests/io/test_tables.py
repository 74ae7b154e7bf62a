"""Tables of runs with their units and metadata, written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from osteoimmune.errors import InputError
from osteoimmune.io.files import AtomicFiles
from osteoimmune.io.tables import run_metadata, write_table
from osteoimmune.protocol.scenario import scenario_from_dict
from osteoimmune.solve.simulate import simulate

SHORT = {"species": "human", "duration": "60 days", "save_every": "10 days"}


@pytest.fixture(scope="module")
def result():
    return simulate(scenario_from_dict(SHORT, name="short"))


def test_csv_gets_a_sidecar_with_units_and_metadata(result, tmp_path: Path) -> None:
    written = write_table(result, tmp_path / "run.csv", source="short.yaml")
    assert written == (tmp_path / "run.csv", tmp_path / "run.meta.json")
    df = pd.read_csv(tmp_path / "run.csv")
    assert list(df.columns) == ["time_days", *result.observables]
    meta = json.loads((tmp_path / "run.meta.json").read_text(encoding="utf-8"))
    assert meta["file"] == "run.csv" and meta["scenario_source"] == "short.yaml"
    assert meta["units"]["time_days"] == "day"
    assert meta["units"]["bmd_lumbar_spine_pct"] == "percent"
    assert meta["scenario_definition"]["duration_days"] == 60.0
    for key in ("osteoimmune_version", "parameter_set", "parameter_set_hash", "model_hash"):
        assert meta[key], key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.csv", "run.meta.json"]


def test_states_carry_their_declared_units(result, tmp_path: Path) -> None:
    write_table(result, tmp_path / "run.csv", states=True)
    units = json.loads((tmp_path / "run.meta.json").read_text(encoding="utf-8"))["units"]
    states = [c for c in units if c.startswith("state:")]
    assert states and all(units[s] == result.units[s.removeprefix("state:")] for s in states)


def test_parquet_and_json_carry_the_same_metadata(result, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    write_table(result, tmp_path / "run.parquet")
    meta = json.loads(pq.read_table(tmp_path / "run.parquet").schema.metadata[b"osteoimmune"])
    assert meta["units"]["time_days"] == "day" and meta["model_hash"]
    write_table(result, tmp_path / "run.json", metadata={"note": "by hand"})
    doc = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert doc["columns"][0] == "time_days" and len(doc["rows"]) == len(result.times)
    assert doc["metadata"]["note"] == "by hand"
    assert doc["metadata"]["units"] == {**meta["units"]}


def test_a_frame_keeps_its_index_and_units(tmp_path: Path) -> None:
    df = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="run"))
    df.attrs["units"] = {"x": "percent"}
    write_table(df, tmp_path / "t.csv", metadata={"at_days": 3.0})
    assert list(pd.read_csv(tmp_path / "t.csv")["run"]) == ["a", "b"]
    meta = json.loads((tmp_path / "t.meta.json").read_text(encoding="utf-8"))
    assert meta["units"] == {"run": "", "x": "percent"} and meta["at_days"] == 3.0


def test_bad_suffix_or_data_is_refused_and_nothing_written(result, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="xlsx"):
        write_table(result, tmp_path / "run.xlsx")
    with pytest.raises(InputError, match="DataFrame"):
        write_table([1, 2], tmp_path / "run.csv")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_batch_is_all_or_nothing(result, tmp_path: Path) -> None:
    def fail(path: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError), AtomicFiles() as files:
        write_table(result, tmp_path / "run.csv", files=files)
        files.add(tmp_path / "fig.png", fail)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_move_puts_back_what_was_there(result, tmp_path: Path) -> None:
    """The sidecar's place is a directory: the table is not left without it, the older table
    is back, and no temporary file remains."""
    (tmp_path / "run.csv").write_text("older\n")
    (tmp_path / "run.meta.json").mkdir()
    with pytest.raises(IsADirectoryError, match=r"run\.meta\.json"):
        write_table(result, tmp_path / "run.csv")
    assert (tmp_path / "run.csv").read_text() == "older\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.csv", "run.meta.json"]
    (tmp_path / "run.csv").unlink()
    with pytest.raises(IsADirectoryError):
        write_table(result, tmp_path / "run.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["run.meta.json"]


def test_run_metadata_defaults_to_the_scenario_name(result) -> None:
    meta = run_metadata(result)
    assert meta["scenario_source"] == "short" and "file" not in meta
    assert set(meta["units"]) == {"time_days", *result.observables}
