"""Bundled measurement tables: each loads, has a citation and a role, and at least a third of
the data sets are held out for validation."""

from __future__ import annotations

import pytest

from osteoimmune.experiments import experiments
from osteoimmune.experiments.measurements import (
    ROLES,
    MeasurementError,
    _parse_rows,
    load_table,
    measured,
    tables,
)


def test_every_table_loads_with_citation_and_role() -> None:
    all_tables = tables()
    assert all_tables
    for t in all_tables:
        assert t.role in ROLES
        assert len(t.citation) > 20
        assert t.rows
        for r in t.rows:
            assert r.lower <= r.mean <= r.upper


def test_at_most_two_thirds_of_the_data_sets_are_for_calibration() -> None:
    roles = [t.role for t in tables()]
    assert roles.count("calibration") <= 2 * len(roles) / 3


def test_overlays_name_existing_tables_and_observables() -> None:
    for spec in experiments().values():
        for o in spec.overlays:
            assert load_table(o.table).select(o.observable, o.condition)


def test_validation_tables_are_read_only_by_validation_experiments() -> None:
    """A table held out for validation never enters a calibration experiment's bounds."""
    validation = {t.id for t in tables() if t.role == "validation"}
    for spec in experiments().values():
        used = {o.table for o in spec.overlays}
        used |= {t for t in validation if any(t in r.expression for r in spec.readouts)}
        if used & validation:
            assert spec.kind == "validation", spec.id


def test_measured_reads_a_row_and_says_what_exists() -> None:
    t = tables()[0]
    r = t.rows[0]
    assert measured(t.id, r.observable, r.time_days, r.condition) == r.mean
    with pytest.raises(MeasurementError, match="no measurement table"):
        load_table("nonexistent_2099")
    with pytest.raises(MeasurementError, match="times"):
        measured(t.id, r.observable, r.time_days + 1e6, r.condition)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("time,observable\n1,x\n", "header"),
        ("time_days,observable,mean,sd,lower,upper,n,condition\n", "no data rows"),
        ("time_days,observable,mean,sd,lower,upper,n,condition\n1,x,abc,,,,,\n", "mean"),
        ("time_days,observable,mean,sd,lower,upper,n,condition\n1,x,5,,6,7,,\n", "lower <= mean"),
        ("time_days,observable,mean,sd,lower,upper,n,condition\n1,x,inf,,,,,\n", "finite"),
    ],
)
def test_malformed_tables_name_file_line_and_field(text: str, match: str) -> None:
    with pytest.raises(MeasurementError, match=match):
        _parse_rows("t", "t.csv", text)
