"""Periprosthetic tissue (model/periprosthetic.py): wear debris, membrane T cells, interface
osteoclasts and the osteolytic lesion. The biphasic course, RANK-Fc and T depletion are S31's
experiment (data/experiments/periprosthetic.yaml); these tests pin what it does not read."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from osteoimmune.experiments.arms import run, series

_LESION = "periprosthetic_osteolysis_cm3"
WEAR = {"condition": "wear_debris"}
#: 99 % of every T-cell pool removed when the debris starts (S31's depletion arm)
T_DEPLETION = {"cells": {"deplete": "t_cells", "fraction": 0.99}}


def arm(events: list[dict[str, Any]], parameters: dict[str, str] | None = None) -> Any:
    """A 65-year-old woman followed for two years: S31's wear-debris arms (same documents, so a
    suite run solves them once)."""
    doc: dict[str, Any] = {
        "species": "human",
        "sex": "female",
        "age": "65 years",
        "duration": "2 years",
        "save_every": "5 days",
        "events": events,
    }
    if parameters:
        doc["parameters"] = parameters
    return run(doc)


def test_without_a_prosthesis_nothing_happens() -> None:
    """Health: no debris, no membrane cells, no osteolysis, for years."""
    r = run({"species": "human", "duration": "10 years", "save_every": "1 years"})
    for name in ("Wd", "Tw", "T8w", "OCw", "OSL"):
        assert np.max(np.abs(series(r, name))) < 1e-9, name


def test_the_lesion_only_grows_and_anti_tnf_slows_it() -> None:
    """The lesion is bone lost, so it never shrinks; adalimumab (TNF blocked at its serum
    level) lowers both the osteoclast drive and the uncoupling that keeps the lesion unrefilled.
    Goodman et al. 1998: TNF goes with osteolysis in cementless implants."""
    wear = arm([WEAR])
    lesion = series(wear, _LESION)
    assert np.all(np.diff(lesion) >= -1e-12)
    ada = arm([WEAR, {"treatment": "adalimumab", "dose": "40 mg", "every": "14 days", "doses": 52}])
    assert ada.at(_LESION, 730.0) < 0.8 * wear.at(_LESION, 730.0)


@pytest.mark.parametrize(
    ("fibroblast_rankl", "t_cell_dependent"),
    [(None, True), ("20 pM", False)],
    ids=["patients (default)", "lymphocyte-independent mouse calvaria"],
)
def test_t_cell_dependence_is_set_by_fibroblast_rankl(
    fibroblast_rankl: str | None, t_cell_dependent: bool
) -> None:
    """Roato 2010 (patients): osteoclastogenesis needs T cells. Taki 2005 (mouse calvaria):
    particle osteolysis proceeds without lymphocytes. The documented parameter N_RANKL_fib_w
    gives either: small by default, large when membrane fibroblasts make most of the RANKL."""
    params = {"N_RANKL_fib_w": fibroblast_rankl} if fibroblast_rankl else None
    wear = arm([WEAR], params)
    depleted = arm([WEAR, T_DEPLETION], params)
    t = np.asarray(wear.times)
    peak = float(t[int(np.argmax(series(wear, "OCw")))])
    ratio = depleted.at("OCw", peak) / wear.at("OCw", peak)
    if t_cell_dependent:
        assert ratio < 0.4
    else:
        assert ratio > 0.8


def test_anti_cd4_antibody_reaches_the_membrane_effectors() -> None:
    """A depleting anti-CD4 antibody (its PK, not a cell perturbation) lowers membrane CD4
    effectors and, through their RANKL, interface osteoclasts."""
    wear = arm([WEAR])
    treated = arm(
        [WEAR, {"treatment": "anti_cd4", "dose": "10 mg/kg", "every": "7 days", "doses": 8}]
    )
    assert treated.at("Tw", 60.0) < 0.5 * wear.at("Tw", 60.0)
    assert treated.at("OCw", 60.0) < wear.at("OCw", 60.0)
