"""The bone core: coupled and uncoupled osteoblast commitment."""

from __future__ import annotations

import pytest

from osteoimmune.experiments._util import end, run
from osteoimmune.model.parameters import load_parameter_set

MOUSE = {"species": "mouse", "duration": "1 year", "save_every": "30 days"}


@pytest.mark.parametrize("genotype", ["mcsf_ko", "myeloid_defect"])
def test_no_osteoclasts_means_osteopetrosis(genotype: str) -> None:
    """op/op mice (Yoshida et al. 1990) and PU.1-/- mice (Tondravi et al. 1997) are
    osteopetrotic: without resorption, the uncoupled share of osteoblast commitment still forms
    bone."""
    r = run({**MOUSE, "genotype": [genotype]})
    assert end(r, "osteoclasts_rel") < 0.01
    assert end(r, "bv_tv_pct") >= 20.0


def test_fully_coupled_formation_has_no_osteopetrosis() -> None:
    """With b_OBu = 0 (all commitment driven by resorption-derived TGF-beta, as in Pivonka 2008)
    formation stops with resorption and bone volume does not change: the uncoupled share is the
    mechanism, not a side effect."""
    r = run({**MOUSE, "genotype": ["mcsf_ko"], "parameters": {"b_OBu": "0"}})
    assert abs(end(r, "bv_tv_pct")) < 1.0


def test_uncoupled_share_leaves_health_unchanged() -> None:
    """D_OBu is Pivonka's value times 0.95, so adding the uncoupled share keeps the healthy
    steady state: the same osteoblasts and osteoclasts as fully coupled commitment at Pivonka's
    D_OBu."""
    doc = {**MOUSE, "duration": "60 days"}
    default = run(doc)
    pset = load_parameter_set("mouse").parameters
    pi0 = default.at("pi_act_TGFb_OBu", 0.0)
    d_obu = pset["D_OBu"].value * (pi0 + pset["b_OBu"].value) / pi0  # same healthy commitment
    coupled = run({**doc, "parameters": {"b_OBu": "0", "D_OBu": f"{d_obu!r} pM/day"}})
    for name in ("OBa", "OCa", "OBp"):
        assert end(default, name) == pytest.approx(end(coupled, name), rel=1e-9)
