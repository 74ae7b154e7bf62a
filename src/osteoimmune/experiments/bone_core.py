"""Bone-core claims (claims.md S6, S8-S10) and remodeling calibration targets (REM-1..4)."""

from __future__ import annotations

from typing import Any

import numpy as np

from osteoimmune.experiments._util import end, pct, run, series
from osteoimmune.experiments.base import register

HEALTHY_20Y = {"species": "human", "duration": "20 years", "save_every": "30 days"}
CTRL_1Y = {"species": "human", "duration": "1 years", "save_every": "7 days"}


@register(
    "S6",
    "In health formation equals resorption: bone mass is stable",
    source="seed 000 'Immune regulation of bone structure'; seed 003 conclusion",
    expected="healthy adult over 20 years: bone mass drifts < 0.1 %/year; resorption and "
    "formation rates equal within 1 % throughout",
)
def s6_stable_bone_mass() -> tuple[bool, str, dict[str, Any]]:
    res = run(HEALTHY_20Y)
    years = res.times[-1] / 365.25
    drift = {
        k: abs(end(res, k)) / years
        for k in ("bmd_lumbar_spine_pct", "bmd_total_hip_pct", "bv_tv_pct")
    }
    imbalance = 0.0
    for comp in ("trab", "cort"):
        r = series(res, f"resorption_{comp}")
        f = series(res, f"formation_{comp}")
        imbalance = max(imbalance, float(np.max(np.abs(r / f - 1.0))) * 100)
    ok = max(drift.values()) < 0.1 and imbalance < 1.0
    observed = (
        f"max drift {max(drift.values()):.2e} %/year; max |resorption/formation - 1| "
        f"{imbalance:.2e} %"
    )
    return ok, observed, {"drift_pct_per_year": drift, "imbalance_pct": imbalance}


@register(
    "S8",
    "RANKL and M-CSF are both required for osteoclast formation",
    source="seed 003 'Cytokines and OC formation' (refs 13-15); Kong 1999; Yoshida 1990",
    expected="in vivo RANKL knockout and M-CSF knockout (op/op): each alone cuts mature "
    "osteoclasts and their formation by >= 90 % vs wild type",
)
def s8_rankl_and_mcsf_required() -> tuple[bool, str, dict[str, Any]]:
    ctrl = run(CTRL_1Y)
    out: dict[str, Any] = {}
    for g in ("rankl_ko", "mcsf_ko"):
        ko = run({**CTRL_1Y, "genotype": [g]})
        out[g] = {
            "osteoclast_fall_pct": -pct(end(ko, "OCa"), end(ctrl, "OCa")),
            "formation_fall_pct": -pct(end(ko, "oc_formation"), end(ctrl, "oc_formation")),
        }
    ok = all(v["osteoclast_fall_pct"] >= 90 and v["formation_fall_pct"] >= 90 for v in out.values())
    observed = "; ".join(
        f"{g}: osteoclasts -{v['osteoclast_fall_pct']:.1f} %, formation -{v['formation_fall_pct']:.1f} %"
        for g, v in out.items()
    )
    return ok, observed, out


def _infused(target: str, rate: str) -> dict[str, Any]:
    return {**CTRL_1Y, "events": [{"at": "0 days", "infusion": {"target": target, "rate": rate}}]}


@register(
    "S9",
    "M-CSF drives precursor proliferation and osteoclast survival; RANKL drives "
    "differentiation and resorbing activity",
    source="seed 003 'Cytokines and OC formation'",
    expected="M-CSF x2: precursor pool up >= 10 % (peak within 1 year) and osteoclast lifespan up (direct "
    "effect at onset); RANKL x2: differentiation per precursor and resorption per osteoclast "
    "up >= 10 % (direct effects at onset)",
)
def s9_mcsf_and_rankl_roles() -> tuple[bool, str, dict[str, Any]]:
    ctrl = run(CTRL_1Y)
    # M-CSF doubled: infuse as much as the marrow makes (beta_MCSF of the human set)
    from osteoimmune.model.parameters import load_parameter_set

    p = load_parameter_set("human").parameters
    mcsf = run(_infused("mcsf", f"{p['beta_MCSF'].value} pM/day"))
    rankl = run(_infused("rankl", f"{p['beta_RANKL'].value} pM/day"))
    d = {
        "mcsf_fold": end(mcsf, "MCSF") / end(ctrl, "MCSF"),
        # peak of the pool: more precursors also means more of them fuse into osteoclasts later
        "precursors_pct": pct(float(np.max(series(mcsf, "OCp"))), end(ctrl, "OCp")),
        # direct effect on survival, before the osteoclast number (and TGF-beta) responds
        "oc_lifespan_pct": pct(
            1 / mcsf.at("oc_death_rate", 0.0), 1 / ctrl.at("oc_death_rate", 0.0)
        ),
        "rankl_fold": rankl.at("RANKL", 0.0) / ctrl.at("RANKL", 0.0),
        "differentiation_per_precursor_pct": pct(
            rankl.at("oc_formation", 0.0) / rankl.at("OCp", 0.0),
            ctrl.at("oc_formation", 0.0) / ctrl.at("OCp", 0.0),
        ),
        "resorption_per_oc_pct": pct(rankl.at("oc_activity", 0.0), ctrl.at("oc_activity", 0.0)),
        "osteoclasts_1y_pct": pct(end(rankl, "OCa"), end(ctrl, "OCa")),
    }
    ok = (
        abs(d["mcsf_fold"] - 2) < 0.01
        and abs(d["rankl_fold"] - 2) < 0.01
        and d["precursors_pct"] >= 10
        and d["oc_lifespan_pct"] > 0
        and d["differentiation_per_precursor_pct"] >= 10
        and d["resorption_per_oc_pct"] >= 10
    )
    observed = (
        f"M-CSF x{d['mcsf_fold']:.2f}: precursors {d['precursors_pct']:+.1f} %, osteoclast lifespan "
        f"{d['oc_lifespan_pct']:+.1f} %; RANKL x{d['rankl_fold']:.2f}: differentiation per precursor "
        f"{d['differentiation_per_precursor_pct']:+.1f} %, resorption per osteoclast "
        f"{d['resorption_per_oc_pct']:+.1f} %"
    )
    return ok, observed, d


@register(
    "S10",
    "OPG is a decoy receptor that opposes RANKL",
    source="seed 003 'Cytokines and OC formation' (ref 13); Bucay 1998",
    expected="OPG infusion: osteoclasts and resorption (CTX) fall >= 10 %; OPG knockout: bone "
    "lost (lumbar spine BMD falls >= 10 % of the turnover-limited maximum within 1 year, i.e. "
    "any fall with osteoclasts up >= 10 %)",
)
def s10_opg_decoy() -> tuple[bool, str, dict[str, Any]]:
    ctrl = run(CTRL_1Y)
    opg = run(_infused("opg", "2e4 pM/day"))
    ko = run({**CTRL_1Y, "genotype": ["opg_ko"]})
    d = {
        "opg_osteoclasts_pct": pct(end(opg, "OCa"), end(ctrl, "OCa")),
        "opg_ctx_pct": pct(end(opg, "ctx_ng_ml"), end(ctrl, "ctx_ng_ml")),
        "ko_osteoclasts_pct": pct(ko.at("OCa", 0.0), ctrl.at("OCa", 0.0)),
        "ko_bmd_spine_1y_pct": end(ko, "bmd_lumbar_spine_pct"),
        "ctrl_bmd_spine_1y_pct": end(ctrl, "bmd_lumbar_spine_pct"),
    }
    ok = (
        d["opg_osteoclasts_pct"] <= -10
        and d["opg_ctx_pct"] <= -10
        and d["ko_osteoclasts_pct"] >= 10
        and d["ko_bmd_spine_1y_pct"] < d["ctrl_bmd_spine_1y_pct"] - 0.5
    )
    observed = (
        f"OPG infusion: osteoclasts {d['opg_osteoclasts_pct']:+.1f} %, CTX {d['opg_ctx_pct']:+.1f} %; "
        f"OPG knockout: osteoclasts {d['ko_osteoclasts_pct']:+.1f} %, spine BMD "
        f"{d['ko_bmd_spine_1y_pct']:+.2f} % in 1 year (control {d['ctrl_bmd_spine_1y_pct']:+.2f} %)"
    )
    return ok, observed, d


@register(
    "REM-1",
    "Resorption at a remodeling site lasts about 2-4 weeks; formation about 3-4 months",
    source="Manolagas, Endocr Rev 2000; Eriksen, Endocr Rev 1986",
    expected="mean osteoclast residence 14-28 days; mean active-osteoblast residence 90-120 days "
    "(+-10 %)",
)
def rem1_phase_durations() -> tuple[bool, str, dict[str, Any]]:
    res = run(CTRL_1Y)
    oc = 1.0 / res.at("oc_death_rate", 0.0)
    from osteoimmune.model.parameters import load_parameter_set

    ob = 1.0 / load_parameter_set("human").parameters["A_OBa"].value
    ok = 14 * 0.9 <= oc <= 28 * 1.1 and 90 * 0.9 <= ob <= 120 * 1.1
    return ok, f"resorption {oc:.1f} days, formation {ob:.1f} days", {"oc_days": oc, "ob_days": ob}


@register(
    "REM-2",
    "Osteoclasts live about 2 weeks; active osteoblasts about 3 months",
    source="Manolagas, Endocr Rev 2000",
    expected="osteoclast lifespan 14 days +-20 %; active osteoblast lifespan 90 days +-20 %",
)
def rem2_lifespans() -> tuple[bool, str, dict[str, Any]]:
    _ok, _obs, d = rem1_phase_durations.run()
    ok = abs(d["oc_days"] / 14 - 1) <= 0.2 and abs(d["ob_days"] / 90 - 1) <= 0.2
    return ok, f"osteoclast {d['oc_days']:.1f} days, osteoblast {d['ob_days']:.1f} days", d


@register(
    "REM-3",
    "Turnover ~25 %/yr trabecular, ~3 %/yr cortical, ~10 %/yr whole skeleton",
    source="Parfitt; Manolagas, Endocr Rev 2000",
    expected="trabecular 20-30 %/yr, cortical 2-4 %/yr; whole skeleton (20 % trabecular, 80 % "
    "cortical by mass, Manolagas 2000) 7-13 %/yr. Note: 25 and 3 %/yr with a 20/80 mass split "
    "give 7.4 %/yr, so the three published numbers are only roughly consistent",
)
def rem3_turnover() -> tuple[bool, str, dict[str, Any]]:
    res = run(CTRL_1Y)
    trab = res.at("resorption_trab", 0.0) / res.at("BV_trab", 0.0) * 365.25 * 100
    cort = res.at("resorption_cort", 0.0) / res.at("BV_cort", 0.0) * 365.25 * 100
    whole = 0.2 * trab + 0.8 * cort
    ok = 20 <= trab <= 30 and 2 <= cort <= 4 and 7 <= whole <= 13
    return (
        ok,
        f"trabecular {trab:.1f} %/yr, cortical {cort:.2f} %/yr, whole {whole:.1f} %/yr",
        {"trabecular": trab, "cortical": cort, "whole": whole},
    )


@register(
    "REM-4",
    "Premenopausal steady state near serum CTX 0.3 ng/mL and P1NP 40 ug/L",
    source="Guanabens et al., Clin Chem Lab Med 2016",
    expected="healthy steady state CTX 0.3 ng/mL and P1NP 40 ug/L, each within 10 %",
)
def rem4_markers() -> tuple[bool, str, dict[str, Any]]:
    res = run(CTRL_1Y)
    ctx, p1np = res.at("ctx_ng_ml", 0.0), res.at("p1np_ug_l", 0.0)
    ok = abs(ctx / 0.3 - 1) <= 0.1 and abs(p1np / 40 - 1) <= 0.1
    return ok, f"CTX {ctx:.3f} ng/mL, P1NP {p1np:.1f} ug/L", {"ctx": ctx, "p1np": p1np}
