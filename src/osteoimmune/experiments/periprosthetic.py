"""Periprosthetic osteolysis (S31).

Every arm is a scenario through the public path: wear debris is a condition on the prosthesis
(``model/periprosthetic.py``), RANK-Fc acts only through its PK and RANKL binding, T-cell depletion
is a cell perturbation (99 % of every T-cell pool removed when the debris starts) and the
osteoclast-to-CD8-Treg route is removed by its documented parameter ``oc_treg8_route``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from osteoimmune.experiments._util import run, series
from osteoimmune.experiments.base import register

_YEAR = 365.25

#: RANK-Fc from the start of the debris: 3 mg/kg s.c. twice a week for two years
RANK_FC = {"treatment": "rank_fc", "dose": "3 mg/kg", "every": "3.5 days", "doses": 209}
T_DEPLETION = {"cells": {"deplete": "t_cells", "fraction": 0.99}}
WEAR = {"condition": "wear_debris"}


def arm(events: list[dict[str, Any]], parameters: dict[str, str] | None = None) -> Any:
    """A 65-year-old woman followed for two years (wear-debris arms)."""
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


@register(
    "S31",
    "Periprosthetic osteolysis: early T cells drive osteoclasts (blocked by RANK-Fc and T "
    "depletion), later osteoclast-induced CD8 Tregs restrain CD4 effectors",
    source="Roato et al., Biomaterials 2010; Kiesel et al., J Immunol 2009; Buchwald et al., "
    "PLoS One 2012 (claims.md S31)",
    expected="two years of wear debris from a hip prosthesis: membrane CD4 effectors and "
    "interface osteoclasts peak in the first year and fall at least 20 % below their peaks by "
    "two years; membrane CD8 Tregs peak at least 60 days after the effectors and have made less "
    "than 75 % of their two-year level at the effector peak; RANK-Fc or a 99 % T-cell depletion at the start cuts "
    "osteoclasts at the early peak by at least 60 %; without the osteoclast-to-CD8-Treg route "
    "the effectors at two years are at least 2x higher",
)
def s31_periprosthetic() -> tuple[bool, str, dict[str, Any]]:
    wear = arm([WEAR])
    t = np.asarray(wear.times)
    tw, ocw, t8w = (series(wear, n) for n in ("Tw", "OCw", "T8w"))
    i_t, i_oc, i_reg = int(np.argmax(tw)), int(np.argmax(ocw)), int(np.argmax(t8w))
    peak = float(t[i_oc])
    rank_fc = arm([WEAR, RANK_FC])
    depleted = arm([WEAR, T_DEPLETION])
    no_route = arm([WEAR], {"oc_treg8_route": "0"})
    d = {
        "effector_peak_day": float(t[i_t]),
        "osteoclast_peak_day": peak,
        "treg_peak_day": float(t[i_reg]),
        "effectors_2y_over_peak": float(tw[-1] / tw[i_t]),
        "osteoclasts_2y_over_peak": float(ocw[-1] / ocw[i_oc]),
        "tregs_at_effector_peak_over_2y": float(t8w[i_t] / t8w[-1]),
        "osteoclasts_rank_fc": float(rank_fc.at("OCw", peak) / ocw[i_oc]),
        "osteoclasts_t_depleted": float(depleted.at("OCw", peak) / ocw[i_oc]),
        "effectors_without_route": float(no_route.at("Tw", t[-1]) / tw[-1]),
        "lesion_cm3_2y": float(wear.at("periprosthetic_osteolysis_cm3", t[-1])),
        "lesion_cm3_2y_rank_fc": float(rank_fc.at("periprosthetic_osteolysis_cm3", t[-1])),
    }
    ok = (
        d["effector_peak_day"] < _YEAR
        and d["osteoclast_peak_day"] < _YEAR
        and d["effectors_2y_over_peak"] <= 0.8
        and d["osteoclasts_2y_over_peak"] <= 0.8
        and d["treg_peak_day"] >= d["effector_peak_day"] + 60.0
        and d["tregs_at_effector_peak_over_2y"] < 0.75
        and d["osteoclasts_rank_fc"] <= 0.4
        and d["osteoclasts_t_depleted"] <= 0.4
        and d["effectors_without_route"] >= 2.0
    )
    obs = (
        f"effectors peak at day {d['effector_peak_day']:.0f} and osteoclasts at day "
        f"{peak:.0f}, then fall to {d['effectors_2y_over_peak']:.2f} and "
        f"{d['osteoclasts_2y_over_peak']:.2f} of peak by 2 years; CD8 Tregs peak at day "
        f"{d['treg_peak_day']:.0f} (at the effector peak "
        f"{d['tregs_at_effector_peak_over_2y']:.2f} of their 2-year level); osteoclasts at the early peak x{d['osteoclasts_rank_fc']:.3f} with RANK-Fc, "
        f"x{d['osteoclasts_t_depleted']:.2f} after T depletion; effectors "
        f"x{d['effectors_without_route']:.1f} without the osteoclast-Treg route; lesion "
        f"{d['lesion_cm3_2y']:.2f} cm3 at 2 years ({d['lesion_cm3_2y_rank_fc']:.3f} with RANK-Fc)"
    )
    return ok, obs, d
