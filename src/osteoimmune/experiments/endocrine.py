"""Bone as an endocrine organ: claims.md S20, S21 and calibration.md OCN-1, OCN-2, with the
documented opposite report (osteocalcin-deficient mice with normal glucose)."""

from __future__ import annotations

from typing import Any

import numpy as np

from osteoimmune.experiments._util import end, pct, run, series
from osteoimmune.experiments.base import register

MOUSE = {"species": "mouse", "duration": "4 weeks", "save_every": "1 days"}
HUMAN_MENOPAUSE = {
    "species": "human",
    "duration": "8 years",
    "save_every": "30 days",
    "events": [{"at": "3 years", "condition": "menopause"}],
}
#: continuous osteocalcin by pump, about 1 ug/day in a 25 g mouse
OCN_PUMP = {"infusion": {"target": "osteocalcin", "rate": "5.0e4 pM/day"}}


@register(
    "OCN-1",
    "Undercarboxylated osteocalcin is about 20 % of serum osteocalcin; total 8-23 ng/mL before "
    "menopause, higher after",
    source="O'Connor et al., Br J Nutr 2007; Guanabens et al. 2016 (calibration.md OCN-1)",
    expected="healthy premenopausal woman: total osteocalcin 8-23 ng/mL, undercarboxylated share "
    "15-25 %; 3 years after the final period: total osteocalcin higher",
)
def ocn1_levels() -> tuple[bool, str, dict[str, Any]]:
    r = run(HUMAN_MENOPAUSE)
    total0, uc0 = r.at("osteocalcin_ng_ml", 0.0), r.at("uc_osteocalcin_ng_ml", 0.0)
    total_post = r.at("osteocalcin_ng_ml", 6 * 365.25)
    d = {"total_pre": total0, "uc_share_pct": 100 * uc0 / total0, "total_post": total_post}
    ok = 8 <= total0 <= 23 and 15 <= d["uc_share_pct"] <= 25 and total_post > total0
    obs = (
        f"premenopause {total0:.1f} ng/mL ({d['uc_share_pct']:.0f} % undercarboxylated); "
        f"3 years after the final period {total_post:.1f} ng/mL"
    )
    return ok, obs, d


@register(
    "S20",
    "Osteoblasts make osteocalcin; the undercarboxylated form is released during active turnover",
    source="seed 000 'Chemical communication between systems'; Ferron et al., Cell 2010",
    expected="OVX mouse, 4 weeks vs sham: resorption (CTX) and serum undercarboxylated "
    "osteocalcin both rise (>= 10 %); osteocalcin knockout: none",
)
def s20_ucoc_turnover() -> tuple[bool, str, dict[str, Any]]:
    sham = run(MOUSE)
    ovx = run({**MOUSE, "events": [{"condition": "ovariectomy"}]})
    ko = run({**MOUSE, "genotype": ["ocn_ko"]})
    d = {
        "ctx_pct": pct(end(ovx, "CTX"), end(sham, "CTX")),
        "ucoc_pct": pct(end(ovx, "ucOC"), end(sham, "ucOC")),
        "ko_ucoc_ng_ml": end(ko, "ucOC"),
    }
    ok = d["ctx_pct"] >= 10 and d["ucoc_pct"] >= 10 and d["ko_ucoc_ng_ml"] < 1e-6
    obs = (
        f"OVX: CTX {d['ctx_pct']:+.0f} %, ucOC {d['ucoc_pct']:+.0f} %; knockout ucOC "
        f"{d['ko_ucoc_ng_ml']:.1g} ng/mL"
    )
    return ok, obs, d


@register(
    "S21",
    "Osteocalcin raises insulin secretion and sensitivity, lowering glucose",
    source="seed 000; Lee et al., Cell 2007",
    expected="mouse, 4 weeks: osteocalcin knockout: fasting insulin down and glucose up; "
    "continuous osteocalcin: insulin up and glucose down (each >= 2 %)",
)
def s21_glucose() -> tuple[bool, str, dict[str, Any]]:
    wt = run(MOUSE)
    ko = run({**MOUSE, "genotype": ["ocn_ko"]})
    inf = run({**MOUSE, "events": [OCN_PUMP]})
    d = {
        "ko_insulin_pct": pct(end(ko, "insulin_uu_ml"), end(wt, "insulin_uu_ml")),
        "ko_glucose_pct": pct(end(ko, "glucose_mg_dl"), end(wt, "glucose_mg_dl")),
        "infusion_insulin_pct": pct(end(inf, "insulin_uu_ml"), end(wt, "insulin_uu_ml")),
        "infusion_glucose_pct": pct(end(inf, "glucose_mg_dl"), end(wt, "glucose_mg_dl")),
    }
    ok = (
        d["ko_insulin_pct"] <= -2
        and d["ko_glucose_pct"] >= 2
        and d["infusion_insulin_pct"] >= 2
        and d["infusion_glucose_pct"] <= -2
    )
    obs = ", ".join(f"{k} {v:+.1f} %" for k, v in d.items())
    return ok, obs, d


def _gtt(
    species: str,
    events: list[dict[str, Any]],
    parameters: dict[str, str] | None = None,
    genotype: list[str] | None = None,
) -> float:
    """Glucose area over baseline for 2 hours after a 15-minute glucose load given on day 27
    (30 minutes after the last daily dose), mg/dL x hours."""
    load = {
        "at": "27.02 days",
        "infusion": {"target": "glucose", "rate": "2.0e4 mg/dL/day", "duration": "15 minutes"},
    }
    doc: dict[str, Any] = {
        "species": species,
        "duration": "27.11 days",
        "save_every": "0.001 days",
        "genotype": genotype or [],
        "events": [*events, load],
    }
    if parameters:
        doc["parameters"] = parameters
    r = run(doc)
    t = np.asarray(r.times)
    g = series(r, "glucose_mg_dl")
    window = t >= 27.02
    base = float(np.interp(27.02, t, g))
    excess = np.clip(g[window] - base, 0.0, None)
    return float(np.sum((excess[1:] + excess[:-1]) / 2 * np.diff(t[window])) * 24)


@register(
    "OCN-2",
    "Mouse: osteocalcin loss lowers insulin secretion and sensitivity; daily osteocalcin 3-30 "
    "ng/g improves glucose tolerance. Humans: the effect is small",
    source="Lee et al., Cell 2007; Ferron et al., Bone 2012; Liu et al., Osteoporos Int 2015",
    expected="mouse knockout: insulin secretion (at fasting glucose) and sensitivity down >= 5 %; "
    "daily osteocalcin 30 ng/g for 4 weeks: glucose-tolerance area >= 5 % smaller; human knockout: "
    "fasting glucose within +5 %, insulin sensitivity within 5 %",
)
def ocn2_endocrine() -> tuple[bool, str, dict[str, Any]]:
    wt = run(MOUSE)
    ko = run({**MOUSE, "genotype": ["ocn_ko"]})
    h = {"species": "human", "duration": "4 weeks", "save_every": "1 days"}
    hwt, hko = run(h), run({**h, "genotype": ["ocn_ko"]})
    daily = {
        "treatment": "osteocalcin",
        "dose": "0.03 mg/kg",
        "every": "1 days",
        "doses": 28,
        "route": "ip",
    }
    d = {
        "ko_secretion_pct": pct(
            end(ko, "insulin_secretion") / end(ko, "Bcell"),
            end(wt, "insulin_secretion") / end(wt, "Bcell"),
        ),
        "ko_sensitivity_pct": pct(end(ko, "insulin_sensitivity"), end(wt, "insulin_sensitivity")),
        "gtt_area_pct": pct(_gtt("mouse", [daily]), _gtt("mouse", [])),
        "human_ko_glucose_pct": pct(end(hko, "glucose_mg_dl"), end(hwt, "glucose_mg_dl")),
        "human_ko_sensitivity_pct": pct(
            end(hko, "insulin_sensitivity"), end(hwt, "insulin_sensitivity")
        ),
    }
    ok = (
        d["ko_secretion_pct"] <= -5
        and d["ko_sensitivity_pct"] <= -5
        and d["gtt_area_pct"] <= -5
        and 0 <= d["human_ko_glucose_pct"] <= 5
        and abs(d["human_ko_sensitivity_pct"]) <= 5
    )
    obs = ", ".join(f"{k} {v:+.1f} %" for k, v in d.items())
    return ok, obs, d


@register(
    "OCN-NULL",
    "With the documented endocrine share of osteocalcin set to 0, osteocalcin-deficient mice "
    "have normal glucose and insulin (the opposite report)",
    source="Moriishi et al., PLoS Genet 2020; Diegel et al., PLoS Genet 2020 (contradicting "
    "Lee et al. 2007)",
    expected="g_OCN_endocrine = 0: knockout fasting glucose and insulin within 1 % of wild type, "
    "while osteocalcin itself is gone",
)
def ocn_null() -> tuple[bool, str, dict[str, Any]]:
    over = {"parameters": {"g_OCN_endocrine": 0.0}}
    wt = run({**MOUSE, **over})
    ko = run({**MOUSE, "genotype": ["ocn_ko"], **over})
    d = {
        "glucose_pct": pct(end(ko, "glucose_mg_dl"), end(wt, "glucose_mg_dl")),
        "insulin_pct": pct(end(ko, "insulin_uu_ml"), end(wt, "insulin_uu_ml")),
        "ko_osteocalcin": end(ko, "osteocalcin_ng_ml"),
    }
    ok = abs(d["glucose_pct"]) <= 1 and abs(d["insulin_pct"]) <= 1 and d["ko_osteocalcin"] < 1e-6
    obs = f"knockout glucose {d['glucose_pct']:+.2f} %, insulin {d['insulin_pct']:+.2f} %"
    return ok, obs, d
