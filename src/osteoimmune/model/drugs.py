"""The drug library, first entries: OPG-Fc, anti-IL-7, anakinra (IL-1Ra), infliximab and etanercept.

Each drug has a dosing depot (subcutaneous or intraperitoneal absorption, first order) and a
central concentration (pM) with first-order elimination; a regimen in a scenario adds each dose
to the route's state (see :class:`~osteoimmune.model.declarations.Treatment`), and a continuous
infusion (an osmotic pump) feeds the central state. The drug acts through its concentration and
affinity: antibodies and soluble receptors neutralise their cytokine, IL-1Ra competes for the
IL-1 receptor, OPG-Fc competes with RANK for RANKL (``model/cytokines.py``). Target-mediated
disposition is not modelled yet (the interventions issue completes the library with published
population PK).

References
----------
Product labels of Kineret (anakinra), Remicade (infliximab), Enbrel (etanercept).
Weitzmann MN, et al. J Clin Invest 110:1643-1650 (2002) (anti-IL-7 in OVX mice).
Kitazawa R, et al. J Clin Invest 94:2397-2406 (1994) (IL-1Ra in OVX mice).
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Input,
    Module,
    Process,
    Route,
    State,
    Treatment,
)

#: (state, description, target, evidence)
#: claim ids each drug serves
_DRUG_CLAIMS = {
    "OPGFc": ("S10", "S24"),
    "aIL7": ("S18",),
    "IL1Ra": ("S19",),
    "IFX": ("S19", "TRT-2"),
    "ETN": ("S19",),
    "OCNexo": ("S21", "OCN-2"),
}

_DRUGS = (
    ("OPGFc", "opg_fc", "OPG-Fc (recombinant osteoprotegerin)", "RANKL", ("kostenuik2001",)),
    ("aIL7", "anti_il7", "anti-IL-7 neutralising antibody (clone M25)", "IL-7", ("weitzmann2002",)),
    (
        "IL1Ra",
        "anakinra",
        "anakinra (recombinant IL-1 receptor antagonist)",
        "IL-1 receptor",
        ("kineret_label", "charatcharoenwitthaya2007"),
    ),
    (
        "IFX",
        "infliximab",
        "infliximab (chimeric anti-TNF-alpha antibody)",
        "TNF-alpha",
        ("remicade_label",),
    ),
    (
        "ETN",
        "etanercept",
        "etanercept (TNFR2-Fc fusion protein)",
        "TNF-alpha",
        ("enbrel_label", "charatcharoenwitthaya2007"),
    ),
    (
        "OCNexo",
        "osteocalcin",
        "undercarboxylated osteocalcin given as a drug",
        "GPRC6A (osteocalcin receptor)",
        ("ferron2012",),
    ),
)


def _drug_parts(
    state: str, name: str, what: str, target: str, evidence: tuple[str, ...]
) -> tuple[tuple[State, ...], tuple[Process, ...], Input, Treatment]:
    depot = f"{state}_depot"
    states = (
        State(
            depot, "pM", f"{what}: dose awaiting absorption (central-concentration equivalent)", 0.0
        ),
        State(state, "pM", f"{what}: central concentration", 0.0),
    )
    procs = (
        Process(
            f"{state}_absorption",
            f"ka_{state}*{depot}",
            "pM/day",
            ((depot, -1.0), (state, 1.0)),
            f"{what}: first-order absorption from the injection site",
            evidence,
            claims=_DRUG_CLAIMS[state],
        ),
        Process(
            f"{state}_infusion",
            f"P_{state}",
            "pM/day",
            ((state, 1.0),),
            f"{what}: continuous infusion (pump)",
            evidence,
            claims=_DRUG_CLAIMS[state],
        ),
        Process(
            f"{state}_elimination",
            f"kel_{state}*{state}",
            "pM/day",
            ((state, -1.0),),
            f"{what}: first-order elimination",
            evidence,
            claims=_DRUG_CLAIMS[state],
        ),
    )
    inp = Input(name, f"P_{state}", "pM/day", f"{what}, continuous infusion")
    treatment = Treatment(
        name,
        what,
        target,
        routes=(
            Route("sc", depot, f"F_{state}"),
            Route("ip", depot, f"F_{state}"),
            Route("iv", state, ""),
        ),
        dose_to_state=f"dose_{state}",
        evidence=evidence,
    )
    return states, procs, inp, treatment


_parts = [_drug_parts(*d) for d in _DRUGS]

DRUGS = Module(
    name="drugs",
    description="First entries of the drug library with one-compartment PK and an absorption depot.",
    states=tuple(s for p in _parts for s in p[0]),
    processes=tuple(pr for p in _parts for pr in p[1]),
    inputs=tuple(p[2] for p in _parts),
    treatments=tuple(p[3] for p in _parts),
    requires=("cytokines", "immune_bone"),
)
