"""Every built-in scenario gives the table stored for it (a refactor moves code, not numbers).

The reference tables in ``tests/data/regression`` are written by ``osteoimmune run NAME --out
NAME.parquet``. They were first stored before the one-path refactor, and are rewritten only in the
commit that changes the science on purpose (the rebuilt bone layer: surfaces, mineralization,
osteocyte sclerostin; then the calcium-PTH-vitamin D axis), never to make a refactor pass. Each column must agree to 1e-9 relative
(absolute floor 1e-9 of the column's largest value).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import osteoimmune as oi

DATA = Path(__file__).resolve().parents[1] / "data" / "regression"
NAMES = sorted(p.stem for p in DATA.glob("*.parquet"))


def test_every_builtin_scenario_has_a_reference_table() -> None:
    builtin = Path(oi.__file__).parent / "data" / "scenarios"
    assert sorted(p.stem for p in builtin.glob("*.yaml")) == NAMES


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_builtin_scenario_table_unchanged(name: str) -> None:
    expected = pd.read_parquet(DATA / f"{name}.parquet")
    got = oi.simulate(oi.load_scenario(name)).to_pandas()
    assert list(got.columns) == list(expected.columns)
    assert got.shape == expected.shape
    for col in expected.columns:
        e = expected[col].to_numpy(dtype=float)
        g = got[col].to_numpy(dtype=float)
        floor = 1e-9 * max(float(np.max(np.abs(e))), 1e-300)
        np.testing.assert_allclose(g, e, rtol=1e-9, atol=floor, err_msg=f"{name}: {col}")
