"""The synovial joint (model/joint.py): a healthy joint stays intact, rheumatoid arthritis erodes
it through its cells and cytokines, and drugs act only through their targets."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from osteoimmune.experiments.arms import run, series
from osteoimmune.model.parameters import load_parameter_set

JOINT_STATES = ("Th1s", "Th17s", "Ms", "Pannus", "OCj", "ERO", "JSN")
BASE = {"species": "human", "sex": "female", "save_every": "30 days"}
RA = {"condition": "rheumatoid_arthritis"}
#: Etanercept as in Anandarajah et al. 2008: 50 mg a week for the two years.
ETANERCEPT_WEEKLY = {"treatment": "etanercept", "dose": "50 mg", "every": "7 days", "doses": 104}


def psa_arm(events: list[dict[str, Any]]) -> Any:
    """A 45-year-old woman followed for two years: S28's arms (data/experiments/diseases.yaml,
    same documents, so a suite run solves them once)."""
    doc = {**BASE, "age": "45 years", "duration": "2 years", "events": events}
    return run(doc)


def test_healthy_joint_has_no_erosion() -> None:
    """Without the self-antigen every state of the joint is exactly zero, for decades."""
    r = run({**BASE, "duration": "20 years"})
    for name in JOINT_STATES:
        assert np.all(series(r, name) == 0.0), name
    assert np.all(series(r, "erosion_score") == 0.0)


@pytest.mark.parametrize("species", ["human", "mouse"])
def test_erosion_and_cartilage_loss_only_accumulate(species: str) -> None:
    """Erosion is not repaired and cartilage does not regrow: both scores never fall."""
    r = run({**BASE, "species": species, "duration": "2 years", "events": [RA]})
    # joint-space narrowing is a radiographic score of human joints; the cartilage state is
    # read in both species
    for name in ("erosion_score", "jsn_score" if species == "human" else "JSN"):
        s = series(r, name)
        assert s[-1] > 0.0, name
        assert np.all(np.diff(s) >= 0.0), name


def test_tnf_blockade_deflates_the_synovium() -> None:
    """Adalimumab in established RA: synovial macrophages (recruited in a TNF-amplified loop),
    pannus and joint osteoclasts all fall, while the autoreactive T cells that start the disease
    remain (anti-TNF is not a cure)."""
    doc = {**BASE, "duration": "1 years", "save_every": "7 days"}
    hist = {**RA, "at": "-3 years"}
    ra = run({**doc, "events": [hist]})
    ada = {"treatment": "adalimumab", "dose": "40 mg", "every": "14 days", "doses": 26}
    treated = run({**doc, "events": [hist, ada]})
    t = 365.0
    for name, most in (("Ms", 0.5), ("Pannus", 0.7), ("OCj", 0.3)):
        assert treated.at(name, t) < most * ra.at(name, t), name
    assert treated.at("Th1s", t) > 0.5 * ra.at("Th1s", t)


def test_opg_fc_cuts_erosion_by_half() -> None:
    """S24 (the RA half): Fc-OPG twice a week (3 mg/kg s.c.) cuts new erosion by at least half,
    acting only through free RANKL at the pannus front (it leaves synovial inflammation where it
    was). The arms are S24's (same scenarios, so a suite run solves them once)."""
    doc = {**BASE, "duration": "6 months"}
    hist = {**RA, "at": "-3 years"}
    ra = run({**doc, "events": [hist]})
    opg = {"treatment": "opg_fc", "dose": "3 mg/kg", "every": "3.5 days", "doses": 52}
    treated = run({**doc, "events": [hist, opg]})
    t = 182.0

    def new(r: object, name: str) -> float:
        return float(r.at(name, t) - r.at(name, 0.0))  # type: ignore[attr-defined]

    assert new(treated, "erosion_score") < 0.5 * new(ra, "erosion_score")
    assert treated.at("RANKL_s", t) < 0.5 * ra.at("RANKL_s", t)
    assert math.isclose(treated.at("Ms", t), ra.at("Ms", t), rel_tol=0.05)


def test_methotrexate_restrains_autoreactive_t_cells() -> None:
    """Methotrexate polyglutamates halve clonal expansion at their steady state, so synovial T
    cells and the erosion rate fall under weekly methotrexate."""
    doc = {**BASE, "duration": "1 years", "save_every": "7 days"}
    hist = {**RA, "at": "-3 years"}
    ra = run({**doc, "events": [hist]})
    mtx = {"treatment": "methotrexate", "dose": "15 mg", "every": "7 days", "doses": 53}
    treated = run({**doc, "events": [hist, mtx]})
    t = 364.0
    assert treated.at("T_syn", t) < 0.7 * ra.at("T_syn", t)
    rate = {
        k: r.at("erosion_score", t) - r.at("erosion_score", t - 91.0)
        for k, r in (("ra", ra), ("mtx", treated))
    }
    assert rate["mtx"] < 0.8 * rate["ra"], rate


@pytest.mark.xfail(
    strict=True,
    reason="risk follows hip BMD exactly, but 12 years after a menopause at 28 it reaches 1.43 "
    "(> 1.5 required): with the hip's trabecular share refitted to 0.24 (TRT-3, EST-2, BONE-6, "
    "BONE-7) menopausal hip loss is 0.87 of SWAN's, since the cortex loses too little against "
    "the trabeculae",
)
def test_fracture_risk_follows_hip_bmd_as_marshall_1996() -> None:
    """One standard deviation (12.95 % of the young-adult mean, Looker 1998) of lower hip BMD
    multiplies hip fracture risk by 2.6 (Marshall et al. 1996)."""
    p = load_parameter_set("human").parameters
    rr, sd = p["RR_fx_SD"].value, p["sd_BMD_hip"].value
    assert rr == 2.6
    assert math.isclose(sd, 0.122 / 0.942)
    men = {"condition": "menopause", "at": "3 years"}
    r = run({**BASE, "duration": "15 years", "events": [men]})
    hip = series(r, "BMD_hip")
    risk = series(r, "fracture_risk_rel")
    expected = rr ** ((hip[0] - hip) / sd)
    np.testing.assert_allclose(risk, expected, rtol=1e-9)
    assert risk[-1] > 1.5


def test_anti_tnf_takes_psoriatic_arthritis_precursors_back_to_cd16_negative_cells() -> None:
    """Anandarajah et al. 2008: etanercept lowers the osteoclast-precursor frequency of PsA
    patients; Chiu et al. 2010: TNF drives CD16 on the precursors. With TNF blocked, the CD16+
    monocytes and the CD16+ share of new precursors fall to (or below) the healthy level."""
    t = 2 * 365.25
    health = psa_arm([])
    psa = psa_arm([{"condition": "psoriatic_arthritis"}])
    treated = psa_arm([{"condition": "psoriatic_arthritis"}, ETANERCEPT_WEEKLY])
    for name in ("cd16_monocytes_per_ul", "osteoclast_precursor_cd16_share"):
        assert treated.at(name, t) < psa.at(name, t)
        assert treated.at(name, t) <= 1.05 * health.at(name, t)


def test_cd16_monocytes_stay_a_part_of_the_blood_monocytes() -> None:
    """Mono16 is the CD16+ part of Mono: it never exceeds it, even when monocyte production
    stops (HSCs depleted) and restarts."""
    r = run(
        {
            "species": "human",
            "duration": "120 days",
            "save_every": "1 days",
            "events": [
                {"condition": "psoriatic_arthritis", "at": "-1 years"},
                {"cells": {"deplete": "hsc", "fraction": 0.99}, "at": "10 days"},
            ],
        }
    )
    mono16, mono = series(r, "Mono16"), series(r, "Mono")
    assert np.all(mono16 <= mono * (1 + 1e-9))
    assert np.all(mono16 >= 0)
