"""Alveolar bone (model/periodontium.py): a healthy mouth keeps its bone, a dysbiotic biofilm
erodes the crest through its lymphocytes and cytokines, and drugs act only through their
targets."""

from __future__ import annotations

import math

import numpy as np
import pytest

from osteoimmune.experiments.arms import run, series

LESION = ("Plq", "Tg", "Bg")
BASE = {"species": "human", "sex": "female", "save_every": "30 days"}
PERIO = {"condition": "periodontitis"}


def test_healthy_mouth_keeps_its_bone() -> None:
    """Without plaque left to accumulate there is no lesion and no crest is lost, for decades."""
    r = run({**BASE, "duration": "20 years"})
    for name in LESION:
        assert np.all(np.abs(series(r, name)) < 1e-9), name
    assert np.all(np.abs(series(r, "alveolar_bone_loss_mm")) < 1e-9)


@pytest.mark.parametrize("species", ["human", "mouse"])
def test_alveolar_bone_loss_only_accumulates(species: str) -> None:
    """Lost crest height is not regained: the observable never falls, also after care begins."""
    events = [PERIO, {"condition": "dental_care", "at": "1 years"}]
    r = run({**BASE, "species": species, "duration": "2 years", "events": events})
    s = series(r, "alveolar_bone_loss_mm")
    assert s[-1] > 0.0
    assert np.all(np.diff(s) >= -1e-12)


def test_b_cell_rankl_follows_tlr_signalling() -> None:
    """The RANKL+ share of gingival B cells rises with the bacterial challenge, from under 20 %
    in healthy gingiva to over 90 % in periodontitis (Kawai et al. 2006), and lies between in a
    mouth kept clean (less biofilm, less TLR signalling)."""
    doc = {**BASE, "duration": "1 years"}
    t = 365.0
    healthy = run(doc).at("B_RANKL_share", t)
    cared = run({**doc, "events": [PERIO, {"condition": "dental_care"}]}).at("B_RANKL_share", t)
    perio = run({**doc, "events": [PERIO]}).at("B_RANKL_share", t)
    assert healthy < 0.2 < cared < perio
    assert perio > 0.9


def test_gingivitis_inflames_without_an_adaptive_lesion() -> None:
    """A commensal biofilm raises gingival IL-1 and lowers OPG, but brings few lymphocytes and no
    measurable bone loss (gingivitis is reversible; Page & Schroeder 1976)."""
    doc = {**BASE, "duration": "1 years"}
    t = 365.0
    healthy = run(doc)
    ging = run({**doc, "events": [{"condition": "gingivitis"}]})
    perio = run({**doc, "events": [PERIO]})
    assert ging.at("IL1g", t) > 2.0 * healthy.at("IL1g", t)
    assert ging.at("OPG_g", t) < healthy.at("OPG_g", t)
    lymph = "gingival_lymphocytes_per_ul"
    assert ging.at(lymph, t) < 0.05 * perio.at(lymph, t)
    assert ging.at("alveolar_bone_loss_mm", t) < 0.01 * perio.at("alveolar_bone_loss_mm", t)


def test_tnf_blockade_restores_coupling() -> None:
    """Adalimumab in established periodontitis: TNF made in the gingiva no longer uncouples crest
    formation from resorption (Graves et al. 2011), so bone loss slows though the lymphocytic
    lesion, driven by the biofilm, remains."""
    doc = {**BASE, "duration": "1 years", "save_every": "7 days"}
    hist = {**PERIO, "at": "-2 years"}
    untreated = run({**doc, "events": [hist]})
    ada = {"treatment": "adalimumab", "dose": "40 mg", "every": "14 days", "doses": 26}
    treated = run({**doc, "events": [hist, ada]})
    t = 364.0

    def lost(r: object) -> float:
        return float(r.at("alveolar_bone_loss_mm", t) - r.at("alveolar_bone_loss_mm", 0.0))  # type: ignore[attr-defined]

    assert treated.at("uncoupling_g", t) < 0.5 * untreated.at("uncoupling_g", t)
    assert lost(treated) < 0.5 * lost(untreated)
    assert math.isclose(treated.at("Bg", t), untreated.at("Bg", t), rel_tol=0.1)
