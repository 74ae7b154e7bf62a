"""Tables of runs as CSV, Parquet or JSON, with the unit of every column and the run's metadata.

A CSV table gets a sidecar ``NAME.meta.json``; a Parquet table carries the same document in its
schema metadata (key ``osteoimmune``); a JSON table holds it beside the rows. The metadata of a
run are the package version, the parameter set and its hash, the model hash, the scenario as
given and as read, the unit of every column, the references and the time of writing.

Examples
--------
>>> import osteoimmune as oi
>>> from osteoimmune.io.tables import write_table
>>> result = oi.simulate(oi.load_scenario("healthy"))  # doctest: +SKIP
>>> write_table(result, "healthy.csv")  # doctest: +SKIP
(PosixPath('healthy.csv'), PosixPath('healthy.meta.json'))
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osteoimmune.errors import InputError
from osteoimmune.io.files import AtomicFiles, jsonable, write_json

if TYPE_CHECKING:
    import pandas as pd

    from osteoimmune.protocol.scenario import Scenario
    from osteoimmune.solve.result import SimulationResult

#: File name endings :func:`write_table` writes.
TABLE_SUFFIXES = (".csv", ".parquet", ".json")
#: limits of a data table read by :func:`read_csv_table` (checked before it is parsed in full)
MAX_TABLE_BYTES = 50_000_000
MAX_TABLE_ROWS = 1_000_000
MAX_TABLE_COLUMNS = 1_000


def read_csv_table(
    source: str | os.PathLike[str] | bytes,
    *,
    field: str = "data",
    max_bytes: int = MAX_TABLE_BYTES,
    max_rows: int = MAX_TABLE_ROWS,
    max_columns: int = MAX_TABLE_COLUMNS,
) -> pd.DataFrame:
    """Read a CSV data table strictly: UTF-8 (with or without a byte-order mark), a header
    of distinct names and at least one row, every row as long as the header, within the size
    limits. A first column without a name is an index (as ``DataFrame.to_csv`` writes it).

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload).
    field
        The name errors give the table (``"data"``, ``"data file"``).
    max_bytes, max_rows, max_columns
        Limits; the byte count is checked before the file is read, the columns from the header
        before the rows are parsed.

    Raises
    ------
    InputError
        On a file too large, not UTF-8 text, without header or rows, with a ragged row or
        beyond a limit; each names the file and what a table must be.
    OSError
        When a path cannot be read.
    """
    import csv
    import io

    import pandas as pd

    if isinstance(source, bytes):
        name, size = "the upload", len(source)
    else:
        name, size = str(source), os.stat(source).st_size
    if size > max_bytes:
        raise InputError(
            field, f"{name}: {size:,} bytes", f"a CSV table of at most {max_bytes:,} bytes"
        )
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            field,
            name,
            f"a CSV table in UTF-8 text (byte {exc.start} is not UTF-8; save it as UTF-8)",
        ) from None
    if "\x00" in text:
        raise InputError(field, name, "a CSV table in text (it holds NUL bytes: a binary file?)")
    reader = csv.reader(io.StringIO(text), strict=True)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError(
            field, name, "a CSV table with a header line of column names (it is empty)"
        )
    if len(header) > max_columns:
        raise InputError(
            field,
            f"{name}: {len(header):,} columns",
            f"a CSV table of at most {max_columns:,} columns",
        )
    n_rows = 0
    try:
        for row in reader:
            if not row:
                continue  # a blank line
            n_rows += 1
            if n_rows > max_rows:
                raise InputError(
                    field,
                    f"{name}: over {max_rows:,} rows",
                    f"a CSV table of at most {max_rows:,} rows",
                )
            if len(row) != len(header):
                raise InputError(
                    field,
                    f"{name}, line {reader.line_num}: {len(row)} fields",
                    f"a CSV table whose rows have as many fields as its header ({len(header)})",
                )
    except csv.Error as exc:
        raise InputError(field, name, f"a CSV table ({' '.join(str(exc).split())})") from None
    if n_rows == 0:
        raise InputError(field, name, "a CSV table with at least one row under its header")
    names = [h.strip() for h in header]
    index = names[0] == "" and len(names) > 1  # an unnamed index column, as pandas writes it
    if "" in names[index:] or len(set(names)) != len(names):
        raise InputError(
            field,
            ", ".join(names)[:200],
            "a CSV table with one distinct name per column (an empty or a repeated name?)",
        )
    try:
        df = pd.read_csv(io.StringIO(text), index_col=0 if index else None)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(field, name, f"a CSV table ({' '.join(str(exc).split())})") from None
    return df


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as read (names resolved, quantities in days and years), as plain data."""
    return {
        "name": scenario.name,
        "species": scenario.species,
        "parameter_set": scenario.parameter_set,
        "sex": scenario.sex,
        "age_years": scenario.age_years,
        "duration_days": scenario.duration_days,
        "genotype": list(scenario.genotype),
        "events": [{"kind": type(ev).__name__, **asdict(ev)} for ev in scenario.events],
        "parameters": dict(scenario.parameters),
        "save_every_days": scenario.save_every_days,
    }


def run_metadata(
    result: SimulationResult,
    columns: list[str] | None = None,
    *,
    source: str | None = None,
    file: str | None = None,
) -> dict[str, Any]:
    """The metadata of a run's table: how it was made and the unit of each column.

    Parameters
    ----------
    result
        The run.
    columns
        The table's columns (default those of ``result.to_pandas()``); ``time_days`` is in days,
        ``state:NAME`` in the state's declared unit.
    source
        The scenario as the user gave it (a built-in name or a file path); default its name.
    file
        The name of the data file the metadata describe, if any.
    """
    if columns is None:
        columns = ["time_days", *result.observables]
    units = {"time_days": "day"}
    for column in columns:
        if column != "time_days":
            units[column] = result.units.get(column.removeprefix("state:"), "")
    doc: dict[str, Any] = {} if file is None else {"file": file}
    doc.update(result.metadata)
    doc["scenario_source"] = source if source is not None else result.scenario.name
    doc["scenario_definition"] = scenario_document(result.scenario)
    doc["units"] = units
    doc["references"] = list(result.references)
    doc["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return doc


def _frame_and_metadata(
    data: SimulationResult | pd.DataFrame,
    file: str,
    metadata: Mapping[str, Any] | None,
    states: bool,
    source: str | None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    import pandas as pd

    from osteoimmune.solve.result import SimulationResult

    if isinstance(data, SimulationResult):
        df = data.to_pandas(states=states)
        meta = run_metadata(data, list(df.columns), source=source, file=file)
        meta.update(metadata or {})
        return df, meta
    if not isinstance(data, pd.DataFrame):
        raise InputError("data", type(data).__name__, "a simulation result or a pandas DataFrame")
    df = data
    if df.index.name is not None or not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    attrs = {str(k): v for k, v in df.attrs.items()}
    units = dict(attrs.pop("units", None) or {})
    units.update((metadata or {}).get("units", {}))
    meta = {"file": file, **attrs, **(metadata or {})}
    meta["units"] = {str(c): str(units.get(str(c), "")) for c in df.columns}
    meta.setdefault("created", datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return df, meta


def _write_parquet(df: pd.DataFrame, meta: Mapping[str, Any], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[b"osteoimmune"] = json.dumps(jsonable(meta), allow_nan=False).encode()
    pq.write_table(table.replace_schema_metadata(schema_meta), path)


def _write_json_table(df: pd.DataFrame, meta: Mapping[str, Any], path: Path) -> None:
    write_json(path, {"metadata": meta, "columns": list(df.columns), "rows": df.values.tolist()})


def check_table_path(path: str | os.PathLike[str], field: str = "path") -> Path:
    """Check that ``path`` names a table :func:`write_table` can write (suffix, and pyarrow
    for Parquet), before any work.

    Raises
    ------
    InputError
        On another suffix, or a Parquet path without pyarrow installed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(field, str(path), f"a file name ending in {' or '.join(TABLE_SUFFIXES)}")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(
                field,
                str(path),
                "a .csv file (Parquet output needs pyarrow: pip install pyarrow)",
            ) from None
    return path


def write_table(
    data: SimulationResult | pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    metadata: Mapping[str, Any] | None = None,
    states: bool = False,
    source: str | None = None,
    files: AtomicFiles | None = None,
) -> tuple[Path, ...]:
    """Write a run (or any table) with its units and metadata, whole or not at all.

    Parameters
    ----------
    data
        A simulation result (its wide table: ``time_days``, then one column per observable) or
        a DataFrame (a named index becomes the first column; units from ``df.attrs["units"]``
        or ``metadata["units"]``).
    path
        ``.csv`` (plus a sidecar ``.meta.json``), ``.parquet`` (metadata in the schema, key
        ``osteoimmune``) or ``.json`` (``{"metadata", "columns", "rows"}``).
    metadata
        Entries added to (or replacing) the metadata document.
    states
        For a result: add every state as a column ``state:NAME``.
    source
        For a result: the scenario as the user gave it (default its name).
    files
        A batch the files join, moved into place with the rest of it; default one of their
        own, committed before this function returns.

    Returns
    -------
    tuple of Path
        The files written (the table, then the sidecar if any).

    Raises
    ------
    InputError
        On an unknown suffix, Parquet without pyarrow, or data that is not a table.
    """
    target = check_table_path(path)
    df, meta = _frame_and_metadata(data, target.name, metadata, states, source)
    if files is None:
        with AtomicFiles() as batch:
            return _add_table(batch, target, df, meta)
    return _add_table(files, target, df, meta)


def _add_table(
    files: AtomicFiles, target: Path, df: pd.DataFrame, meta: Mapping[str, Any]
) -> tuple[Path, ...]:
    suffix = target.suffix.lower()
    if suffix == ".csv":
        sidecar = target.with_suffix(".meta.json")
        files.add(target, lambda tmp: df.to_csv(tmp, index=False))
        files.add(sidecar, lambda tmp: write_json(tmp, meta))
        return (target, sidecar)
    if suffix == ".parquet":
        files.add(target, lambda tmp: _write_parquet(df, meta, tmp))
    else:
        files.add(target, lambda tmp: _write_json_table(df, meta, tmp))
    return (target,)


__all__ = [
    "MAX_TABLE_BYTES",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_ROWS",
    "TABLE_SUFFIXES",
    "check_table_path",
    "read_csv_table",
    "run_metadata",
    "scenario_document",
    "write_table",
]
