"""In vitro culture claims: claims.md S41, S12, S13, S30 and the culture arm of S8.

Every arm is a culture scenario (``culture:``, ``remove:``, ``add:``, ``medium:``) run through the
public scenario path with the species' one parameter set; the osteoclasts of a well are
``osteoclasts_per_well`` after 21 days, the usual length of human osteoclast cultures.
"""

from __future__ import annotations

from typing import Any

from osteoimmune.experiments._util import end, run
from osteoimmune.experiments.base import register

WELL = {"species": "human", "duration": "21 days", "save_every": "1 days"}
MCSF = {"mcsf": "25 ng/mL"}
RANKL = {"rankl": "30 ng/mL"}
#: OPG far above the RANKL it must bind: "excess OPG" of S11/S12
OPG_EXCESS = {"opg": "1 ug/mL"}
SOFAT = {"sofat": "10 ng/mL"}
#: anti-CD3/CD28-activated T cells added at seeding, one per monocyte (rifas2009 co-cultures)
ACTIVATED_T = {"activated_t_cells": 1.5e5}
#: the stimulating antibodies that activate them stay in the medium
TCR_STIM = {"anti_cd3_cd28": "1 ug/mL"}


def _culture(culture: str, **keys: Any) -> dict[str, Any]:
    return {**WELL, "culture": culture, **keys}


def _oc(doc: dict[str, Any]) -> float:
    return end(run(doc), "osteoclasts_per_well")


def sofat_share_pct(result: Any, t: float) -> float:
    """Percent of osteoclast differentiation at day ``t`` that takes the RANKL-independent SOFAT
    route (the two terms of ``OC_differentiation``)."""
    sofat = result.at("oc_rankl_indep", t)
    return 100.0 * sofat / (sofat + result.at("pi_act_RANKL", t) * result.at("oc_diff_mod", t))


def _fall_pct(arm: float, ref: float) -> float:
    return 100.0 * (1.0 - arm / ref) if ref > 0 else float("nan")


@register(
    "S41",
    "OC formation is abolished in T-cell-depleted PBMC cultures and comes back only with added "
    "M-CSF and RANKL",
    source="D'Amelio et al., Bone 2008 (claims.md S41)",
    expected="PBMC culture, 21 days: the full culture forms osteoclasts; T-depleted: >= 90 % "
    "fall; T-depleted + M-CSF + RANKL: >= 70 % of full; + M-CSF or + RANKL alone: < 30 % of full",
)
def s41_pbmc_t_depletion() -> tuple[bool, str, dict[str, Any]]:
    depleted = {"remove": ["t_cells"]}
    d = {
        "full": _oc(_culture("pbmc")),
        "t_depleted": _oc(_culture("pbmc", **depleted)),
        "t_depleted_mcsf_rankl": _oc(_culture("pbmc", **depleted, medium={**MCSF, **RANKL})),
        "t_depleted_mcsf": _oc(_culture("pbmc", **depleted, medium=MCSF)),
        "t_depleted_rankl": _oc(_culture("pbmc", **depleted, medium=RANKL)),
    }
    full = d["full"]
    ok = (
        full > 1.0
        and _fall_pct(d["t_depleted"], full) >= 90
        and d["t_depleted_mcsf_rankl"] >= 0.7 * full
        and d["t_depleted_mcsf"] < 0.3 * full
        and d["t_depleted_rankl"] < 0.3 * full
    )
    obs = (
        f"osteoclasts per well: full {full:.3g}, T-depleted {d['t_depleted']:.3g}, "
        f"+ M-CSF + RANKL {d['t_depleted_mcsf_rankl']:.3g}, + M-CSF {d['t_depleted_mcsf']:.3g}, "
        f"+ RANKL {d['t_depleted_rankl']:.3g}"
    )
    return ok, obs, d


@register(
    "S8-CULTURE",
    "RANKL and M-CSF are both required for osteoclast formation (culture arm)",
    source="claims.md S8; Lacey et al., Cell 1998; Yoshida et al., Nature 1990",
    expected="monocytes with M-CSF + RANKL, 21 days: leaving out RANKL, or leaving out M-CSF, "
    "each cuts osteoclasts per well by >= 90 %",
)
def s8_culture() -> tuple[bool, str, dict[str, Any]]:
    both = _oc(_culture("monocytes", medium={**MCSF, **RANKL}))
    d = {
        "mcsf_rankl": both,
        "no_rankl_fall_pct": _fall_pct(_oc(_culture("monocytes", medium=MCSF)), both),
        "no_mcsf_fall_pct": _fall_pct(_oc(_culture("monocytes", medium=RANKL)), both),
    }
    ok = both > 0 and d["no_rankl_fall_pct"] >= 90 and d["no_mcsf_fall_pct"] >= 90
    obs = (
        f"M-CSF + RANKL {both:.3g} osteoclasts per well; without RANKL -{d['no_rankl_fall_pct']:.1f} "
        f"%, without M-CSF -{d['no_mcsf_fall_pct']:.1f} %"
    )
    return ok, obs, d


@register(
    "S12",
    "Saturating OPG neutralises no more than ~30 % of OC formation induced by activated T cells "
    "(SOFAT path)",
    source="Rifas & Weitzmann, Arthritis Rheum 2009 (claims.md S12)",
    expected="monocytes + M-CSF + anti-CD3/CD28-activated T cells, 21 days: excess OPG (1 ug/mL) "
    "removes 10-40 % of the T-cell-induced osteoclasts, and the OPG-resistant rest forms mainly "
    "through the SOFAT route (> 50 % of differentiation with OPG, day 10)",
)
def s12_opg_resistant() -> tuple[bool, str, dict[str, Any]]:
    base = _oc(_culture("monocytes", medium=MCSF))
    t = run(_culture("monocytes", medium={**MCSF, **TCR_STIM}, add=ACTIVATED_T))
    t_opg = run(_culture("monocytes", medium={**MCSF, **TCR_STIM, **OPG_EXCESS}, add=ACTIVATED_T))
    induced = end(t, "osteoclasts_per_well") - base
    induced_opg = end(t_opg, "osteoclasts_per_well") - base
    sofat_share = sofat_share_pct(t_opg, 10.0)
    d = {
        "without_t": base,
        "t_induced": induced,
        "t_induced_with_opg": induced_opg,
        "opg_removes_pct": _fall_pct(induced_opg, induced),
        "sofat_share_of_formation_with_opg_pct": sofat_share,
    }
    ok = induced > 0 and 10 <= d["opg_removes_pct"] <= 40 and sofat_share > 50
    obs = (
        f"T-cell-induced osteoclasts {induced:.3g} per well; excess OPG removes "
        f"{d['opg_removes_pct']:.0f} %; SOFAT route {sofat_share:.1f} % of formation with OPG "
        "(day 10)"
    )
    return ok, obs, d


@register(
    "S13",
    "SOFAT induces osteoblast IL-6 and makes osteoclasts without osteoblasts or RANKL, "
    "insensitive to OPG",
    source="Rifas & Weitzmann, Arthritis Rheum 2009 (claims.md S13)",
    expected="monocytes + M-CSF, no osteoblasts, no RANKL, 21 days: SOFAT (10 ng/mL) forms "
    "osteoclasts (none without it); excess OPG changes them < 5 %; co-culture with osteoblasts: "
    "IL-6 rises >= 10 % with SOFAT",
)
def s13_sofat() -> tuple[bool, str, dict[str, Any]]:
    none = _oc(_culture("monocytes", medium=MCSF))
    sofat = _oc(_culture("monocytes", medium={**MCSF, **SOFAT}))
    sofat_opg = _oc(_culture("monocytes", medium={**MCSF, **SOFAT, **OPG_EXCESS}))
    co = run(_culture("co_culture", medium=MCSF))
    co_sofat = run(_culture("co_culture", medium={**MCSF, **SOFAT}))
    il6, il6_sofat = end(co, "IL6"), end(co_sofat, "IL6")
    d = {
        "without_sofat": none,
        "with_sofat": sofat,
        "with_sofat_and_opg": sofat_opg,
        "opg_change_pct": 100.0 * abs(sofat_opg / sofat - 1.0) if sofat > 0 else float("nan"),
        "co_culture_il6_pg_ml": il6,
        "co_culture_il6_with_sofat_pg_ml": il6_sofat,
        "il6_rise_pct": 100.0 * (il6_sofat / il6 - 1.0) if il6 > 0 else float("nan"),
    }
    ok = sofat > 1.0 and none < 1.0 and d["opg_change_pct"] < 5 and d["il6_rise_pct"] >= 10
    obs = (
        f"osteoclasts per well: SOFAT {sofat:.3g} (none without: {none:.3g}), with OPG "
        f"{sofat_opg:.3g} ({d['opg_change_pct']:.1f} % change); co-culture IL-6 "
        f"{d['il6_rise_pct']:+.0f} % with SOFAT"
    )
    return ok, obs, d


#: agonist of CD137L reverse signalling far above its half-maximal 150 ng/mL
CD137L_AGONIST = {"cd137l_agonist": "10 ug/mL"}
#: day at which a monocyte culture's fusion is read (TRAP staining of mono- and multinucleated
#: cells), before the osteoclasts of the first wave die
FUSION_READ_DAY = 7.0


@register(
    "S30",
    "CD137L ligation on precursors suppresses multinucleation; RANKL on T cells signalling back "
    "through RANK raises T cell apoptosis",
    source="claims.md S30; Shin et al., FEBS Lett 2006 (seed reference 003)",
    expected="monocytes with M-CSF and RANKL, day 7: with a CD137L agonist, TRAP+ multinucleated "
    "osteoclasts at least 40 % fewer and the fused share of TRAP+ cells at least 40 % lower, "
    "while all TRAP+ cells (mono- and multinucleated) stay within 20 %; in vivo (healthy adult): "
    "effector T cells live at least 10 % longer without the RANKL reverse signal",
)
def s30_cd137l_reverse() -> tuple[bool, str, dict[str, Any]]:
    t = FUSION_READ_DAY
    plain = run(_culture("monocytes", medium={**MCSF, **RANKL}))
    agonist = run(_culture("monocytes", medium={**MCSF, **RANKL, **CD137L_AGONIST}))

    def counts(r: Any) -> tuple[float, float]:
        return float(r.at("osteoclasts_per_well", t)), float(r.at("mononuclear_trap_per_well", t))

    (multi_0, mono_0), (multi_1, mono_1) = counts(plain), counts(agonist)
    body = {"species": "human", "duration": "1 days", "save_every": "1 days"}
    with_signal = run(body)
    without = run({**body, "parameters": {"rankl_reverse": "0"}})
    life = {
        k: 1.0 / float(r.at("eff_death", 0.0)) for k, r in (("on", with_signal), ("off", without))
    }
    d = {
        "multinucleated_fall_pct": _fall_pct(multi_1, multi_0),
        "fused_share_plain": multi_0 / (multi_0 + mono_0),
        "fused_share_agonist": multi_1 / (multi_1 + mono_1),
        "trap_total_ratio": (multi_1 + mono_1) / (multi_0 + mono_0),
        "effector_life_days": life["on"],
        "effector_life_days_without_reverse": life["off"],
    }
    ok = (
        d["multinucleated_fall_pct"] >= 40.0
        and d["fused_share_agonist"] <= 0.6 * d["fused_share_plain"]
        and abs(d["trap_total_ratio"] - 1.0) <= 0.2
        and life["off"] >= 1.1 * life["on"]
    )
    obs = (
        f"day 7 with the agonist: multinucleated -{d['multinucleated_fall_pct']:.0f} %, fused "
        f"share {100 * d['fused_share_agonist']:.0f} % vs {100 * d['fused_share_plain']:.0f} %, "
        f"all TRAP+ cells x{d['trap_total_ratio']:.2f}; effector T life "
        f"{life['on']:.0f} -> {life['off']:.0f} days without RANKL reverse signalling"
    )
    return ok, obs, d
