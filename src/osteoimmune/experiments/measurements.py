"""Published data as measurement tables, each with its citation and its role.

Every data set lives in ``osteoimmune/data/measurements`` as one long CSV table with the columns

``time_days, observable, mean, sd, lower, upper, n, condition``

(``sd``, or ``lower`` and ``upper``, or neither for a point value published without its spread; ``condition`` names the arm or group the row
measures) and one entry of ``index.yaml`` with its citation, species, description and role:
``calibration`` (parameters were fitted to it) or ``validation`` (never used to fit, chosen before
fitting). Adding a data set is a CSV and a few lines of the index. Experiments read the tables with
the readout function ``measured(table, observable, time)`` and draw them over their arms with
``overlays``; ``osteoimmune validate`` reports calibration and validation apart.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from osteoimmune.errors import OsteoimmuneError

ROLES = ("calibration", "validation")
COLUMNS = ("time_days", "observable", "mean", "sd", "lower", "upper", "n", "condition")


class MeasurementError(OsteoimmuneError, ValueError):
    """A measurement table or its index entry is malformed (names the file, row and field)."""


@dataclass(frozen=True)
class Row:
    """One measured point: mean with its interval (mean +- sd, or the published range)."""

    time_days: float
    observable: str
    mean: float
    lower: float
    upper: float
    n: int | None
    condition: str


@dataclass(frozen=True)
class MeasurementTable:
    """A bundled data set."""

    id: str
    citation: str
    role: str
    species: str
    description: str
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise MeasurementError(
                f"measurements/index.yaml: {self.id}.role: got {self.role!r}; expected one of "
                f"{', '.join(ROLES)}"
            )

    @property
    def observables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.observable for r in self.rows))

    def select(self, observable: str, condition: str | None = None) -> list[Row]:
        """Rows of one observable (and condition), in time order; raises if there are none."""
        out = [
            r
            for r in self.rows
            if r.observable == observable and (condition is None or r.condition == condition)
        ]
        if not out:
            conds = sorted({r.condition for r in self.rows if r.observable == observable})
            raise MeasurementError(
                f"measurement table {self.id!r} has no rows for observable {observable!r}"
                + (
                    f" and condition {condition!r} (conditions: {', '.join(conds)})"
                    if conds
                    else ""
                )
                + f"; observables: {', '.join(self.observables)}"
            )
        return sorted(out, key=lambda r: r.time_days)


def _float(text: str, where: str, *, required: bool) -> float:
    if text.strip() == "":
        if required:
            raise MeasurementError(f"{where}: empty; expected a number")
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise MeasurementError(f"{where}: got {text!r}; expected a number") from None
    if not math.isfinite(value):
        raise MeasurementError(f"{where}: got {text!r}; expected a finite number")
    return value


def _parse_rows(table_id: str, fname: str, text: str) -> tuple[Row, ...]:
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise MeasurementError(
            f"measurements/{fname}: header {reader.fieldnames}; expected {', '.join(COLUMNS)}"
        )
    rows = []
    for i, raw in enumerate(reader, start=2):
        where = f"measurements/{fname}, line {i}"
        mean = _float(raw["mean"], f"{where}, mean", required=True)
        sd = _float(raw["sd"], f"{where}, sd", required=False)
        lo = _float(raw["lower"], f"{where}, lower", required=False)
        hi = _float(raw["upper"], f"{where}, upper", required=False)
        if not math.isnan(sd):
            lo, hi = mean - sd, mean + sd
        elif math.isnan(lo) and math.isnan(hi):
            lo = hi = mean  # a published point value without its spread
        if math.isnan(lo) or math.isnan(hi) or not lo <= mean <= hi:
            raise MeasurementError(
                f"{where}: needs sd, or lower <= mean <= upper (got {raw['lower']!r}, "
                f"{raw['mean']!r}, {raw['upper']!r})"
            )
        n = raw["n"].strip()
        rows.append(
            Row(
                _float(raw["time_days"], f"{where}, time_days", required=True),
                raw["observable"].strip(),
                mean,
                lo,
                hi,
                int(n) if n else None,
                raw["condition"].strip(),
            )
        )
    if not rows:
        raise MeasurementError(f"measurements/{fname}: no data rows")
    return tuple(rows)


def _data_dir() -> Any:
    return resources.files("osteoimmune").joinpath("data", "measurements")


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load(_data_dir().joinpath("index.yaml").read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise MeasurementError("measurements/index.yaml: expected a mapping id -> entry")
    for tid, entry in raw.items():
        missing = {"citation", "role", "species", "description", "file"} - set(entry or {})
        if missing:
            raise MeasurementError(f"measurements/index.yaml: {tid}: missing {sorted(missing)}")
    return raw


def table_ids() -> list[str]:
    """Ids of every bundled measurement table."""
    return list(_index())


@cache
def load_table(table_id: str) -> MeasurementTable:
    """A bundled measurement table by id (raises :class:`MeasurementError` if unknown)."""
    index = _index()
    if table_id not in index:
        import difflib

        close = difflib.get_close_matches(table_id, list(index), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise MeasurementError(f"no measurement table {table_id!r}.{hint}")
    e = index[table_id]
    text = _data_dir().joinpath(e["file"]).read_text(encoding="utf-8")
    return MeasurementTable(
        id=table_id,
        citation=str(e["citation"]),
        role=str(e["role"]),
        species=str(e["species"]),
        description=str(e["description"]),
        rows=_parse_rows(table_id, e["file"], text),
    )


def tables() -> list[MeasurementTable]:
    """Every bundled measurement table."""
    return [load_table(t) for t in table_ids()]


def measured(table_id: str, observable: str, time_days: float, condition: str = "") -> float:
    """The measured mean of ``observable`` at ``time_days`` (a row's time, within half a day)."""
    rows = load_table(table_id).select(observable, condition or None)
    for r in rows:
        if abs(r.time_days - float(time_days)) <= 0.5:
            return r.mean
    raise MeasurementError(
        f"measurement table {table_id!r}: no {observable!r} row at {time_days} days (times: "
        f"{', '.join(f'{r.time_days:g}' for r in rows)})"
    )
