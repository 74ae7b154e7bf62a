"""Periodontal disease and OPG at local bone sites (PER-1, PER-2, S24, S27).

Every arm is a scenario through the public path. Gingivitis and periodontitis are conditions on
the biofilm (``model/periodontium.py``); dental care is a condition that removes plaque; the
B-cell-deficient mouse is a genotype; OPG-Fc acts only through its PK and RANKL binding.
"""

from __future__ import annotations

from typing import Any

from osteoimmune.experiments._util import run
from osteoimmune.experiments.base import register

_YEAR = 365.25


def _human(duration: str, events: list[dict[str, Any]]) -> Any:
    return run(
        {
            "species": "human",
            "sex": "female",
            "duration": duration,
            "save_every": "30 days",
            "events": events,
        }
    )


def _rate(result: Any, a_years: float, b_years: float) -> float:
    """Alveolar bone lost per year between two times."""
    lost = result.at("alveolar_bone_loss_mm", b_years * _YEAR) - result.at(
        "alveolar_bone_loss_mm", a_years * _YEAR
    )
    return float(lost / (b_years - a_years))


@register(
    "PER-1",
    "Untreated plaque-driven periodontitis loses about 0.2-0.3 mm of attachment and bone a year; "
    "well-cared adults about 0.1 mm",
    source="Loe et al., J Periodontol 1978 (calibration.md PER-1)",
    expected="15 years of periodontitis from a healthy mouth: bone lost per year over years 5-15 "
    "0.2-0.3 mm without oral hygiene (Sri Lankan tea labourers: 0.2-0.3 mm) and 0.05-0.15 mm with "
    "regular brushing and professional care (Norwegian academics: 0.08-0.1 mm); none in health",
)
def per1_rates() -> tuple[bool, str, dict[str, Any]]:
    untreated = _human("15 years", [{"condition": "periodontitis"}])
    cared = _human("15 years", [{"condition": "periodontitis"}, {"condition": "dental_care"}])
    healthy = _human("15 years", [])
    d = {
        "untreated_mm_per_year": _rate(untreated, 5, 15),
        "cared_mm_per_year": _rate(cared, 5, 15),
        "healthy_mm_15y": float(healthy.at("alveolar_bone_loss_mm", 15 * _YEAR)),
        "untreated_mm_15y": float(untreated.at("alveolar_bone_loss_mm", 15 * _YEAR)),
    }
    ok = (
        0.2 <= d["untreated_mm_per_year"] <= 0.3
        and 0.05 <= d["cared_mm_per_year"] <= 0.15
        and abs(d["healthy_mm_15y"]) < 1e-6
    )
    obs = (
        f"{d['untreated_mm_per_year']:.3f} mm/yr untreated ({d['untreated_mm_15y']:.1f} mm in 15 "
        f"years), {d['cared_mm_per_year']:.3f} mm/yr with dental care, "
        f"{abs(d['healthy_mm_15y']):.0f} mm in health"
    )
    return ok, obs, d


@register(
    "PER-2",
    "The gingival RANKL/OPG ratio rises in periodontitis, not in gingivitis",
    source="Bostanci et al., J Clin Periodontol 2007 (calibration.md PER-2)",
    expected="a year of health, gingivitis or periodontitis: the gingival RANKL/OPG ratio is at "
    "least 3x health and 3x gingivitis in periodontitis and within 1.5x health in gingivitis; OPG "
    "is lower than in health in both diseases",
)
def per2_rankl_opg() -> tuple[bool, str, dict[str, Any]]:
    arms = {
        "health": _human("1 years", []),
        "gingivitis": _human("1 years", [{"condition": "gingivitis"}]),
        "periodontitis": _human("1 years", [{"condition": "periodontitis"}]),
    }
    t = _YEAR
    ratio = {k: float(r.at("gingival_rankl_opg_ratio", t)) for k, r in arms.items()}
    opg = {k: float(r.at("OPG_g", t)) for k, r in arms.items()}
    d = {
        "ratio_gingivitis_fold": ratio["gingivitis"] / ratio["health"],
        "ratio_periodontitis_fold": ratio["periodontitis"] / ratio["health"],
        "opg_gingivitis_fold": opg["gingivitis"] / opg["health"],
        "opg_periodontitis_fold": opg["periodontitis"] / opg["health"],
    }
    ok = (
        d["ratio_periodontitis_fold"] >= 3.0
        and d["ratio_periodontitis_fold"] >= 3.0 * d["ratio_gingivitis_fold"]
        and d["ratio_gingivitis_fold"] <= 1.5
        and d["opg_gingivitis_fold"] < 1.0
        and d["opg_periodontitis_fold"] < 1.0
    )
    obs = (
        f"RANKL/OPG x{d['ratio_periodontitis_fold']:.1f} in periodontitis, "
        f"x{d['ratio_gingivitis_fold']:.2f} in gingivitis; OPG x{d['opg_periodontitis_fold']:.2f} "
        f"and x{d['opg_gingivitis_fold']:.2f}"
    )
    return ok, obs, d


@register(
    "S27",
    "B cells in periodontitis raise RANKL through Toll-like receptor signals",
    source="claims.md S27; Kawai et al. 2006; Oliver-Bell et al. 2015; Baker et al. 2001",
    expected="mouse, oral P. gingivalis for 42 days (periodontitis) vs health, wild type and "
    "B-cell-deficient muMT: TLR signals raise the RANKL+ share of gingival B cells from under "
    "20 % to over 80 % and B-cell RANKL appears; muMT mice lose less alveolar bone",
)
def s27_b_cells() -> tuple[bool, str, dict[str, Any]]:
    doc = {"species": "mouse", "sex": "female", "duration": "42 days", "save_every": "1 days"}
    perio = [{"condition": "periodontitis"}]
    healthy = run(doc)
    wild = run({**doc, "events": perio})
    mumt = run({**doc, "events": perio, "genotype": ["b_cell_deficient"]})
    t = 42.0
    d = {
        "b_rankl_share_health": float(healthy.at("B_RANKL_share", t)),
        "b_rankl_share_disease": float(wild.at("B_RANKL_share", t)),
        "b_rankl_pm_health": float(healthy.at("gingival_b_cell_rankl_pm", t)),
        "b_rankl_pm_disease": float(wild.at("gingival_b_cell_rankl_pm", t)),
        "b_share_of_lesion": float(wild.at("Bg", t) / (wild.at("Bg", t) + wild.at("Tg", t))),
        "bone_loss_wt_mm": float(wild.at("alveolar_bone_loss_mm", t)),
        "bone_loss_mumt_mm": float(mumt.at("alveolar_bone_loss_mm", t)),
    }
    ok = (
        d["b_rankl_share_health"] < 0.2
        and d["b_rankl_share_disease"] > 0.8
        and d["b_rankl_pm_disease"] > d["b_rankl_pm_health"]
        and d["bone_loss_mumt_mm"] < 0.5 * d["bone_loss_wt_mm"]
    )
    obs = (
        f"RANKL+ gingival B cells {100 * d['b_rankl_share_health']:.0f} % -> "
        f"{100 * d['b_rankl_share_disease']:.0f} %; B cells {100 * d['b_share_of_lesion']:.0f} % "
        f"of the lesion; alveolar bone loss {d['bone_loss_wt_mm']:.3f} mm (wild type) vs "
        f"{d['bone_loss_mumt_mm']:.3f} mm (muMT)"
    )
    return ok, obs, d


@register(
    "S24",
    "Inflammation-driven bone loss is reversed by OPG (RA, periodontitis)",
    source="claims.md S24; Teng et al. 2000; Redlich et al. 2002; Bekker et al. 2001",
    expected="established RA (3 years) and periodontitis (2 years), each +/- OPG-Fc 3 mg/kg s.c. "
    "twice a week for 6 months: new erosion and new alveolar bone loss are cut by at least half",
)
def s24_opg() -> tuple[bool, str, dict[str, Any]]:
    opg = {"treatment": "opg_fc", "dose": "3 mg/kg", "every": "3.5 days", "doses": 52}
    t = 182.0
    out: dict[str, Any] = {}
    for site, cond, at, col in (
        ("ra", "rheumatoid_arthritis", "-3 years", "erosion_score"),
        ("perio", "periodontitis", "-2 years", "alveolar_bone_loss_mm"),
    ):
        hist = {"condition": cond, "at": at}
        untreated = _human("6 months", [hist])
        treated = _human("6 months", [hist, opg])
        out[f"{site}_untreated"] = float(untreated.at(col, t) - untreated.at(col, 0.0))
        out[f"{site}_opg"] = float(treated.at(col, t) - treated.at(col, 0.0))
    ok = (
        out["ra_opg"] <= 0.5 * out["ra_untreated"]
        and out["perio_opg"] <= 0.5 * out["perio_untreated"]
    )
    obs = (
        f"new erosion {out['ra_untreated']:.2f} -> {out['ra_opg']:.2f} Sharp units; new alveolar "
        f"bone loss {out['perio_untreated']:.3f} -> {out['perio_opg']:.3f} mm in 6 months"
    )
    return ok, obs, out
