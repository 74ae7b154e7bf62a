"""The immune, estrogen and drug modules: composition, genotypes, time courses and PK."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import osteoimmune as oi
from osteoimmune.experiments.arms import end, run
from osteoimmune.model.compose import compose
from osteoimmune.model.parameters import load_parameter_set

IMMUNE_MODULES = {
    "estrogen",
    "antigen_presentation",
    "t_cells",
    "b_cells",
    "cytokines",
    "immune_bone",
    "drugs",
}


@pytest.mark.parametrize("species", ["human", "mouse"])
def test_species_sets_compose_with_every_module(species: str) -> None:
    model = compose(species)
    assert {m.name for m in model.modules} >= IMMUNE_MODULES
    for name in ("nude", "tnf_ko", "tnfr1_ko", "tnfr2_ko", "ifngr_ko", "il7_ko", "ciita_ko"):
        assert name in model.genotypes
    for name in ("menopause", "surgical_menopause", "ovariectomy", "hrt", "aging"):
        assert name in model.conditions
    for name in ("opg_fc", "anti_il7", "anakinra", "infliximab", "etanercept"):
        assert name in model.treatments
    assert {"t_cells", "cd4_t_cells", "cd8_t_cells", "b_cells"} <= set(model.cell_groups)


def test_mouse_and_human_share_structure_not_time_scale() -> None:
    human, mouse = load_parameter_set("human"), load_parameter_set("mouse")
    assert set(human.parameters) == set(mouse.parameters)
    ratio = mouse.parameters["A_OCa"].value / human.parameters["A_OCa"].value
    assert ratio > 10  # mouse bone turns over far faster
    assert mouse.parameters["body_weight"].value < 0.1


def test_genotypes_declared_by_several_modules_remove_the_product_everywhere() -> None:
    model = compose("human")
    opg = dict(model.genotypes["opg_ko"].scale)
    # osteoblast, B-cell, periodontal-ligament and periprosthetic OPG
    assert opg == {"beta_OPG": 0.0, "p_OPG_B": 0.0, "OPG_PDL": 0.0, "OPG_w": 0.0}
    rankl = dict(model.genotypes["rankl_ko"].scale)
    # bone cells, lymphocytes, synoviocytes, periodontal ligament, gingival B cells and
    # periprosthetic fibroblasts
    assert rankl == {
        "N_RANKL": 0.0,
        "N_RANKL_T": 0.0,
        "N_RANKL_B": 0.0,
        "N_RANKL_FLS": 0.0,
        "N_RANKL_PDL": 0.0,
        "N_RANKL_Bg": 0.0,
        "N_RANKL_fib_w": 0.0,
    }
    tnf = dict(model.genotypes["tnf_ko"].scale)
    # every cell that makes TNF: basal, T cells, macrophages in marrow, joint, gingiva and
    # periprosthetic membrane, pathogen-sensing macrophages, psoriatic skin
    assert tnf == dict.fromkeys(
        ("p_TNF_0", "p_TNF_T", "p_TNF_M", "p_TNF_path", "p_TNF_skin", "p_TNF_Ms", "p_TNF_inn"),
        0.0,
    ) | {"p_TNF_w": 0.0}
    # the reference set without lymphocytes keeps its own part only
    assert dict(compose("pivonka2008").genotypes["rankl_ko"].scale) == {"N_RANKL": 0.0}


def test_nude_mice_have_no_t_cells_and_less_opg() -> None:
    wt = run({"species": "mouse", "duration": "1 days", "save_every": "1 days"})
    nude = run(
        {"species": "mouse", "genotype": ["nude"], "duration": "1 days", "save_every": "1 days"}
    )
    assert end(nude, "T_total") == 0.0
    assert end(nude, "OPG") < 0.6 * end(wt, "OPG")  # B-cell OPG needs CD40L from T cells


def test_healthy_human_keeps_the_calibrated_bone_core() -> None:
    """The immune modules are normalised so that health is the REM-calibrated equilibrium."""
    r = run({"species": "human", "duration": "1 days", "save_every": "1 days"})
    assert end(r, "OCa") == pytest.approx(8.0696e-4, rel=1e-3)
    assert end(r, "OBa") == pytest.approx(9.4983e-3, rel=1e-3)
    assert end(r, "OPG") == pytest.approx(18435.9, rel=1e-3)
    assert end(r, "ctx_ng_ml") == pytest.approx(0.3, rel=1e-3)


def test_natural_menopause_estradiol_falls_around_the_final_period() -> None:
    r = run(
        {
            "species": "human",
            "duration": "6 years",
            "save_every": "30 days",
            "events": [{"at": "3 years", "condition": "menopause"}],
        }
    )
    e2 = {t: r.at("estrogen_pg_ml", t * 365.25) for t in (0.5, 3.0, 6.0)}
    assert e2[0.5] > 90  # before the transition began (1 year before the final period - 2)
    assert 30 < e2[3.0] < 70  # about half-way at the final period (Randolph 2011)
    assert e2[6.0] < 20


@settings(max_examples=25, deadline=None)
@given(a=st.floats(min_value=1.0, max_value=400.0), b=st.floats(min_value=1.0, max_value=400.0))
def test_estrogen_deficit_falls_as_estradiol_rises(a: float, b: float) -> None:
    p = load_parameter_set("human").parameters
    k, pre = p["K_E2"].value, p["E2_pre"].value

    def deficit(e2: float) -> float:
        return 1 - (e2 / (e2 + k)) / (pre / (pre + k))

    lo, hi = sorted((a, b))
    assert deficit(hi) <= deficit(lo)
    assert deficit(pre) == pytest.approx(0.0, abs=1e-12)


def test_anakinra_dose_decays_with_its_label_half_life() -> None:
    """Kineret label: terminal half-life 4-6 h after a subcutaneous dose."""
    r = run(
        {
            "species": "human",
            "duration": "2 days",
            "save_every": "0.05 days",
            "events": [{"treatment": "anakinra", "dose": "100 mg", "route": "sc"}],
        }
    )
    c = np.asarray(r.states["IL1Ra"])
    t = np.asarray(r.times)
    i, j = int(np.argmin(abs(t - 0.4))), int(np.argmin(abs(t - 0.8)))
    half_life_h = 24 * (t[j] - t[i]) * math.log(2) / math.log(c[i] / c[j])
    assert 4.0 <= half_life_h <= 6.0  # Kineret label: 4-6 h


def test_t_cell_share_parameter_is_documented_and_bounded() -> None:
    f = load_parameter_set("mouse").parameters["f_E2_T"]
    assert f.bounds == (0.0, 1.0)
    assert "Lee" in f.description


def test_every_process_names_its_claims() -> None:
    """Each process of the calibrated sets says which claims.md / calibration.md rows test it."""
    import re

    pattern = re.compile(r"^(S\d+|[A-Z]+-\d+)$")
    for module in compose("human").modules:
        for process in module.processes:
            assert process.claims, f"{module.name}.{process.name} names no claim"
            assert all(pattern.match(c) for c in process.claims), process.claims


def test_healthy_glucose_and_osteocalcin_match_their_sources() -> None:
    """Topp et al. (2000): fasting glucose 100 mg/dL, insulin 10 uIU/mL; OCN-1 levels."""
    r = run({"species": "human", "duration": "1 days", "save_every": "1 days"})
    assert end(r, "glucose_mg_dl") == pytest.approx(100.0, rel=1e-4)
    assert end(r, "insulin_uu_ml") == pytest.approx(10.0, rel=1e-4)
    assert end(r, "osteocalcin_ng_ml") == pytest.approx(15.0, rel=1e-2)
    assert end(r, "ocn_effect") == pytest.approx(0.0, abs=1e-8)


def test_b_precursors_do_not_sustain_themselves_without_the_marrow() -> None:
    """S1 (Hardy & Hayakawa 2001): B precursors divide a limited number of times, so two weeks
    after HSC depletion the pool is nearly gone, and it scales with the marrow's lymphoid output."""
    mouse = {"species": "mouse", "duration": "14 days", "save_every": "1 days"}
    ctrl = run(mouse)
    dep = run({**mouse, "events": [{"cells": {"deplete": "hsc", "fraction": 0.99}}]})
    assert end(dep, "Bpre") < 0.05 * end(ctrl, "Bpre")
    assert end(dep, "lymphoid_supply") < 0.05


def test_naive_t_homeostasis_needs_presenting_cells() -> None:
    """Brocker 1997: naive T cells need MHC on dendritic cells to persist. T cells moved into an
    athymic host persist where macrophages and dendritic cells are present and fade where the
    myeloid lineage is missing."""
    doc = {
        "species": "mouse",
        "duration": "8 weeks",
        "save_every": "7 days",
        "events": [{"cells": {"transfer": "t_cells", "donor_genotype": []}}],
    }
    with_apc = run({**doc, "genotype": ["nude"]})
    without_apc = run({**doc, "genotype": ["nude", "myeloid_defect"]})
    assert end(without_apc, "tonic_pMHC") < 0.05 < 0.5 < end(with_apc, "tonic_pMHC")
    assert end(without_apc, "T_naive") < 0.7 * end(with_apc, "T_naive")


def test_adult_thymectomy_keeps_the_t_cells_made_and_exports_no_more() -> None:
    """Issue: the thymus route. Thymectomy at any age stops thymic export (the existing T cells
    stay and expand homeostatically); the nude genotype is athymic from birth."""
    doc = {"species": "mouse", "duration": "8 weeks", "save_every": "1 days"}
    thx = oi.simulate(oi.scenario_from_dict(
        {**doc, "events": [{"at": "14 days", "condition": "thymectomy"}]}
    ))  # fmt: skip
    out = thx.observables["thymic_output_rel"]
    assert out[10] == pytest.approx(1.0, rel=1e-6) and out[-1] == 0.0
    t_cells = thx.observables["t_activated_rel"]
    assert 0.3 < t_cells[-1] < t_cells[10]  # fewer, not gone: the T cells already made remain
    nude = oi.simulate(oi.scenario_from_dict({**doc, "genotype": ["nude"]}))
    assert nude.observables["t_activated_rel"][-1] < 1e-3
