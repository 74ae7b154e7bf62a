"""Start-up: a fresh process runs a built-in scenario from the disk cache, without SymPy,
pandas or SciPy's optimiser, and gets the same numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

RUN = """
import json, sys
import osteoimmune as oi
r = oi.simulate(oi.load_scenario("healthy"))
heavy = [m for m in ("sympy", "pandas", "scipy.optimize", "scipy.integrate", "networkx")
         if m in sys.modules]
print(json.dumps({"heavy": heavy, "ocl": r.observables["osteoclasts_rel"].tolist()[-3:],
                  "bmd": r.observables["bmd_lumbar_spine_pct"].tolist()[-3:]}))
"""


def _fresh(cache: str) -> dict:
    env = {**os.environ, "OSTEOIMMUNE_CACHE_DIR": cache}
    out = subprocess.run(
        [sys.executable, "-c", RUN], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_second_process_runs_from_the_disk_cache_alone(tmp_path) -> None:
    first = _fresh(str(tmp_path))
    assert "sympy" in first["heavy"]  # the first process generated the code
    second = _fresh(str(tmp_path))
    assert second["heavy"] == []
    assert second["ocl"] == first["ocl"]
    assert second["bmd"] == first["bmd"]
    names = {p.name.split("_")[0] for p in tmp_path.iterdir()}
    assert {"model", "checked", "equilibrium", "pint"} <= names


def test_a_damaged_certificate_means_the_full_checks(tmp_path, monkeypatch) -> None:
    from osteoimmune.model import compose as comp
    from osteoimmune.model.parameters import load_parameter_set

    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", str(tmp_path))
    pset = load_parameter_set("pivonka2008")
    comp._compose.cache_clear()
    full = comp.compose(pset)
    (cert,) = tmp_path.glob("checked_*.json")
    assert set(json.loads(cert.read_text())) == {"order", "used"}
    comp._compose.cache_clear()
    lazy = comp.compose(pset)
    assert isinstance(lazy.parsed, comp._LazyParsed)
    assert [e.name for e in lazy.expressions] == [e.name for e in full.expressions]
    assert (
        lazy.parsed[f"process:{full.processes[0].name}"]
        == full.parsed[f"process:{full.processes[0].name}"]
    )
    assert lazy.digest == full.digest
    cert.write_text("{not json")
    comp._compose.cache_clear()
    again = comp.compose(pset)
    assert not isinstance(again.parsed, comp._LazyParsed)
    comp._compose.cache_clear()
