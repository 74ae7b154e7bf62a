"""Drug trials of calibration.md: TRT-1 (denosumab, FREEDOM).

Each arm runs through the public scenario path with the human parameter set; the drug acts only
through its PK and its binding on RANKL (``model/drugs.py``), never by editing a bone rate.
"""

from __future__ import annotations

from typing import Any

from osteoimmune.experiments._util import run
from osteoimmune.experiments.base import register

_YEAR = 365.25
#: FREEDOM enrolled women aged 60-90 (mean 72): about two decades past a final period near 51.
FREEDOM_MENOPAUSE = {"at": "-20 years", "condition": "menopause"}
FREEDOM_ARM = {
    "species": "human",
    "sex": "female",
    "duration": "36 months",
    "save_every": "15 days",
}
#: Prolia label regimen: 60 mg s.c. every 6 months (6 doses in 36 months).
DENOSUMAB_Q6M = {
    "treatment": "denosumab",
    "dose": "60 mg",
    "every": "6 months",
    "doses": 6,
    "route": "sc",
}


def freedom_arms() -> tuple[Any, Any]:
    """Placebo and denosumab arms of FREEDOM (Cummings et al. 2009), 36 months."""
    placebo = run({**FREEDOM_ARM, "events": [FREEDOM_MENOPAUSE]})
    treated = run({**FREEDOM_ARM, "events": [FREEDOM_MENOPAUSE, DENOSUMAB_Q6M]})
    return placebo, treated


@register(
    "TRT-1",
    "Denosumab 60 mg every 6 months in postmenopausal women: lumbar spine BMD about +9 % vs "
    "placebo at 36 months",
    source="Cummings et al. (FREEDOM), NEJM 2009 (calibration.md TRT-1)",
    expected="women 20 years past menopause, denosumab 60 mg s.c. every 6 months vs placebo: "
    "lumbar spine BMD difference at 36 months +6 to +12 % (published +9.2 %), and CTX below "
    "placebo one month after the first dose",
)
def trt1_freedom() -> tuple[bool, str, dict[str, Any]]:
    placebo, treated = freedom_arms()
    t36 = 3 * _YEAR

    def diff(name: str, t: float) -> float:
        return treated.at(name, t) - placebo.at(name, t)

    d = {
        "spine_vs_placebo_pct": diff("bmd_lumbar_spine_pct", t36),
        "hip_vs_placebo_pct": diff("bmd_total_hip_pct", t36),
        "ctx_1_month_pct": diff("ctx_pct", 30.0),
        "ctx_6_months_pct": diff("ctx_pct", 0.5 * _YEAR - 1.0),
        "placebo_spine_pct": placebo.at("bmd_lumbar_spine_pct", t36),
    }
    ok = 6.0 <= d["spine_vs_placebo_pct"] <= 12.0 and d["ctx_1_month_pct"] < 0
    obs = (
        f"spine BMD {d['spine_vs_placebo_pct']:+.1f} % vs placebo at 36 months (total hip "
        f"{d['hip_vs_placebo_pct']:+.1f} %); CTX {d['ctx_1_month_pct']:+.0f} points at 1 month, "
        f"{d['ctx_6_months_pct']:+.0f} points before the second dose"
    )
    return ok, obs, d
