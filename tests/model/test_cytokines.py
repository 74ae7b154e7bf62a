"""Cytokines: SOFAT secretion by stimulated T cells and its RANKL-independent route."""

from __future__ import annotations

import pytest

from osteoimmune.experiments.arms import end, run
from osteoimmune.experiments.functions import sofat_share
from osteoimmune.model.parameters import load_parameter_set
from osteoimmune.solve.result import SimulationResult

#: a monocyte well of the culture experiments (data/experiments/culture.yaml, S12)
WELL = {"species": "human", "duration": "21 days", "save_every": "1 days", "culture": "monocytes"}
MCSF = {"mcsf": "25 ng/mL"}
#: OPG far above the RANKL it must bind
OPG = {"opg": "1 ug/mL"}
#: anti-CD3/CD28-activated T cells added at seeding, one per monocyte, and their stimulus
T_CELLS = {"activated_t_cells": 1.5e5}
STIM = {"anti_cd3_cd28": "1 ug/mL"}


def sofat_share_pct(result: SimulationResult, t: float) -> float:
    """Percent of osteoclast differentiation at day ``t`` that takes the SOFAT route."""
    return float(
        sofat_share(
            result.at("oc_rankl_indep", t),
            result.at("pi_act_RANKL", t),
            result.at("oc_diff_mod", t),
        )
    )


def test_tcr_stimulation_raises_sofat_secretion_by_its_fold() -> None:
    """Rifas & Weitzmann 2009: SOFAT is secreted by TCR-activated T cells. Saturating anti-CD3/CD28
    raises secretion per effector cell (1 + g_SOFAT_TCR x occupancy)-fold, and nothing else."""
    pset = load_parameter_set("human").parameters
    g, k = pset["g_SOFAT_TCR"].value, pset["K_aCD3"].value
    rest = run({**WELL, "medium": MCSF, "add": T_CELLS})
    stim = run({**WELL, "medium": {**MCSF, **STIM}, "add": T_CELLS})
    per_cell = [r.at("SOFAT", 0.0) / (r.at("Th1", 0.0) + r.at("Tc1", 0.0)) for r in (rest, stim)]
    assert per_cell[1] / per_cell[0] == pytest.approx(1 + g * 1.0 / (1.0 + k), rel=1e-9)
    assert stim.at("RANKL_immune", 0.0) == pytest.approx(rest.at("RANKL_immune", 0.0), rel=1e-9)


def test_opg_resistant_formation_needs_stimulated_t_cells() -> None:
    """S12's rest: with excess OPG, activated T cells that keep their TCR stimulus (and so secrete
    SOFAT) form clearly more osteoclasts than the same T cells without it, whose RANKL OPG
    binds."""
    base = end(run({**WELL, "medium": {**MCSF, **OPG}}), "osteoclasts_per_well")
    stim = end(
        run({**WELL, "medium": {**MCSF, **OPG, **STIM}, "add": T_CELLS}), "osteoclasts_per_well"
    )
    rest = end(run({**WELL, "medium": {**MCSF, **OPG}, "add": T_CELLS}), "osteoclasts_per_well")
    assert rest - base < 0.7 * (stim - base)


def test_sofat_route_is_negligible_in_healthy_marrow() -> None:
    """In vivo the basal SOFAT of effector cells sits far below K_SOFAT_OC: the route adds well
    under 1 % of osteoclast differentiation, so RANKL knockout still removes >= 90 % (S8)."""
    r = run({"species": "mouse", "duration": "10 days"})
    assert sofat_share_pct(r, 0.0) < 1.0
