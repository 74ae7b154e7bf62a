"""Every registered experiment is a test: the claims of claims.md, the targets of
calibration.md, the held-out validation data and the reference-model regressions (Lemaire 2004
Fig. 2C, Pivonka 2008 steady state), each run from its spec through the public path."""

from __future__ import annotations

import json
import re

import pytest

from osteoimmune.experiments import experiments, run_experiments
from osteoimmune.experiments.registry import SPEC_FILES

REGISTRY = experiments()


#: Registered experiments the model does not meet yet, and why. ``strict``: the day one passes,
#: the suite says so and it leaves this list. ``osteoimmune validate`` reports them as FAIL.
KNOWN_FAILURES: dict[str, str] = {
    "S29": "osteoclast MHC class I loss removes every CD8 Treg in RA yet lifts activated "
    "effector T cells only +2.7 % (>= 10 % required): CD8 Tregs are a small share of the "
    "suppressor pool",
    "BONE-2": "untreated periodontitis from 40 shows a +0.20-point spine rise in a 2-year window: "
    "its systemic effect is small and the marrow-aging drift of young adults shows through",
    "BONE-4": "2 years after the last denosumab dose 47 % of the spine gain is left (<= 35 % "
    "required; published: back to baseline in 1-2 years): after the last dose turnover stays "
    "below the untreated arm's for years (osteoblast-precursor RANKL, coupling and the "
    "osteoblasts' IL-6 hold it down) and the mineral gained stays",
    "EST-1": "spine loss in the 2 years after the final period 2.07 %/yr (2.5-4.5 required; "
    "before 1.19, years 2-7 0.97): the fast early phase needs a remodeling-space (formation lag) "
    "term the model does not have yet",
    "LEE-2006": "with every estrogen effect direct on bone (f_E2_T = 0) the mouse OVX loss is "
    "2.15 times the default model's (<= 2 required): the mouse's weak sclerostin feedback "
    "(calibrated to EST-4 and S4) lets a larger deficit run further",
    "VAL-DMAB-10Y": "held-out FREEDOM extension: spine +12.0/14.0/14.9 % at 5/8/10 years "
    "(published 13.7/18.4/21.7: -13/-24/-31 %): the spine's gain slows too early (the mineral "
    "plateau is reached within a few years)",
    "VAL-FLEX-OFF": "held-out FLEX: 5 years off alendronate lose 4.2 points at the hip (3.6 "
    "published) but 6.5 at the spine, where the published spine rose 1.3",
    "VAL-ROMO-MEN": "held-out BRIDGE: romosozumab in men gives spine +7.6 points vs placebo "
    "(10.9 published, -30 %) and hip +4.5 (3.0, +49 %): the man's formation answers the "
    "antibody less than the woman's, and his hip more",
    "VAL-ALN-MINERAL": "held-out: alendronate raises trabecular mineral content 5.5 % at 2 years "
    "and 7.3 % at 3 (7.3 and 11.4 published): the mineral plateau is reached too soon",
    "VAL-SOF-AGE": "held-out SOF: hip loss at 85-87 is 1.22 times that at 67-69 (published 4.2 "
    "times): PTH's cortical activation with age gives men some acceleration, women little",
    "VAL-ROMO-PH2": "held-out phase 2: teriparatide's spine gain at 12 months falls to +4.7 % "
    "(error -34 %) below alendronate's +5.3 % (+29 %; the published order is the reverse) since "
    "sustained PTH activates cortical remodeling; romosozumab error -1 %",
    "VAL-ANTITNF-1Y": "held-out: a year of adalimumab or infliximab in established RA on "
    "methotrexate raises spine BMD 3.2 points and hip 1.9 (published +0.3/+0.3 and +0.2/-0.2): "
    "postmenopausal bone loss runs through T cells and TNF in the model (the seeds' S44), so an "
    "anti-inflammatory drug also removes it (+6.4/+3.9 before the human TNF gains were refitted)",
    "VAL-ADA-4Y": "held-out: four years of adalimumab give spine +1.14 %/yr and hip +0.73 %/yr "
    "(published +0.07 and -0.58), for the reason of VAL-ANTITNF-1Y",
    "VAL-MTX-1Y": "held-out: established RA on methotrexate alone gains 0.3 points of spine BMD "
    "in a year (published -3.9 with 62 % on glucocorticoids, which the model does not give): "
    "methotrexate's brake on T-cell expansion also removes the T-cell part of postmenopausal "
    "loss",
    "PK-1": "the bone core keeps Pivonka 2008's association constants: OPG-RANKL Kd 1 nM (10 "
    "published) and RANK binds RANKL 34x tighter than OPG (OPG ~500x tighter published)",
    "PK-5": "the model's one OPG pool (bone and marrow) holds 1.84e4 pmol/L, against serum "
    "2-6 pmol/L; there is no serum OPG compartment",
    "S17": "IFN-gamma 1 ng/mL raises osteoclasts per well in a T-cell-free culture (+16 % at day "
    "21): the brake only slows differentiation and M-CSF expands the precursors left",
    "S19": "OVX mouse + IL-1Ra: osteoclast formation -5.4 %, CTX -4.6 % vs untreated OVX "
    "(>= 10 % required)",
    "S38": "virtual population 3 years after surgical menopause: r(RANKL, CTX) 0.22 (> 0.5 "
    "required); CTX follows RANKL capacity weakly and its clearance spread dominates",
    "VAL-DMAB-PTH": "held-out: PTH +12 % one month after denosumab (published +63.5 %): the "
    "skeleton stops releasing calcium but the rapidly exchangeable pool and the kidney make up "
    "most of it",
    "VAL-PTH-AGE": "held-out: PTH at 80 is 1.10 times PTH at 25 (published 1.66 with a mid-region "
    "assay): filtration falls to 88 mL/min where the cohort's creatinine clearance fell to 61",
    "VAL-PTH-INFUSION": "held-out: a week of continuous PTH(1-34) raises calcium to 2.43 mmol/L "
    "(published 2.50) but leaves P1NP unchanged (published -30 to -40 %)",
    "VAL-HYPOPARA": "held-out: ten years of hypoparathyroidism lower trabecular formation 46 % "
    "(published 81 %) while spine BMD rises (+6.5 points)",
    "VAL-ACTIVE": "held-out: abaloparatide's hip gain over placebo +4.5 points at 18 months "
    "(published +3.5, +28 %: the PTH analogues build too little trabecular and too much "
    "cortical bone at the hip); P1NP +9 % at month 1 (published +93 %) and CTX +1 % at month 3 "
    "(published +26 %): no early lining-cell formation surge, and resorption barely follows",
    "S42": "nude vs wild type at 3 months: OPG -59 % but osteoclasts +8.4 % and BV/TV -1.5 % "
    "(>= 10 % each required)",
}


def _param(exp_id: str) -> object:
    # every experiment is a scientific run (the whole registry takes minutes): outside the
    # quick subset `pytest -m "not slow"`, always in the full suite and CI
    if exp_id in KNOWN_FAILURES:
        return pytest.param(
            exp_id,
            marks=[pytest.mark.slow, pytest.mark.xfail(reason=KNOWN_FAILURES[exp_id], strict=True)],
        )
    return pytest.param(exp_id, marks=pytest.mark.slow)


@pytest.mark.parametrize("exp_id", [_param(i) for i in REGISTRY])
def test_experiment_passes(exp_id: str) -> None:
    outcome = REGISTRY[exp_id]()
    assert outcome.passed, f"{exp_id}: expected {outcome.expected}; observed {outcome.observed}"


def test_outcomes_serialise_with_contract_keys() -> None:
    rows = [o.as_dict() for o in run_experiments(["REM-4", "LEM-SS"])]
    text = json.dumps(rows, allow_nan=False)
    for row in json.loads(text):
        assert {"id", "claim", "passed", "expected", "observed", "kind"} <= set(row)


#: claims.md rows of the seeds' sections, and the later rows built so far (myeloma,
#: metastasis and cyclosporin A come with their issue).
SEED_CLAIMS = [*(f"S{i}" for i in range(1, 45)), "THY-1"]
CALIBRATION_TARGETS = [
    *(f"REM-{i}" for i in range(1, 5)),
    *(f"EST-{i}" for i in range(1, 8)),
    "TRT-1",
    "TRT-2",
    "TRT-3",
    "RA-1",
    "RA-2",
    "RA-3",
    "PER-1",
    "PER-2",
    *(f"HEM-{i}" for i in range(1, 5)),
    "OCN-1",
    "OCN-2",
    *(f"PK-{i}" for i in range(1, 6)),
    *(f"MIN-{i}" for i in range(1, 5)),
]


@pytest.mark.parametrize("exp_id", SEED_CLAIMS + CALIBRATION_TARGETS)
def test_every_claim_and_calibration_target_is_registered(exp_id: str) -> None:
    assert exp_id in REGISTRY


def test_kinds_follow_the_ids() -> None:
    for exp_id, spec in REGISTRY.items():
        if re.fullmatch(r"S\d+(-\w+)?", exp_id):
            assert spec.kind == "claim", exp_id
        if exp_id in CALIBRATION_TARGETS:
            assert spec.kind == "calibration", exp_id
        if exp_id.startswith("VAL-"):
            assert spec.kind == "validation", exp_id


def test_expected_text_states_every_bound() -> None:
    """Thresholds are written once, in the bounds; the expected text is generated from them."""
    for spec in REGISTRY.values():
        for c in spec.criteria:
            bounds = c.bound if isinstance(c.bound, tuple) else (c.bound,)
            for b in bounds:
                if isinstance(b, float):
                    assert f"{b:g}" in spec.expected, (spec.id, b)


def test_every_spec_file_is_registered_and_read() -> None:
    groups = {spec.group for spec in REGISTRY.values()}
    assert groups <= set(SPEC_FILES)
    assert "bone_core" in groups


def test_known_failures_are_registered() -> None:
    assert set(KNOWN_FAILURES) <= set(REGISTRY)


def test_s10_mechanism_opg_knockout_raises_rankl_opg_ratio() -> None:
    """S10 passes through the decoy mechanism: without OPG, free RANKL is higher."""
    from osteoimmune.experiments.arms import run

    ctrl = run({"species": "human", "duration": "1 years", "save_every": "7 days"})
    ko = run(
        {"species": "human", "duration": "1 years", "save_every": "7 days", "genotype": ["opg_ko"]}
    )
    assert ko.at("RANKL", 0.0) > 1.5 * ctrl.at("RANKL", 0.0)
    assert ko.at("OPG", 0.0) == 0.0
