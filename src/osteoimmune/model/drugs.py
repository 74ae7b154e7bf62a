"""The drug library: each drug is a PK model from its label or a population-PK paper plus its
binding on its target.

Each drug has a dosing depot (subcutaneous or intraperitoneal absorption, first order) and a
central concentration (pM) with first-order (linear) elimination; a regimen in a scenario adds
each dose to the route's state (see :class:`~osteoimmune.model.declarations.Treatment`), and a
continuous infusion (an osmotic pump) feeds the central state. The drug acts only through its
concentration and affinity, never by editing a downstream rate (``model/cytokines.py``):

- RANKL decoys compete with RANK for RANKL: OPG-Fc (as OPG), RANK-Fc (as RANK) and denosumab
  (its own affinity). Like every drug here, they act at their serum concentration: the marrow is
  reached through discontinuous sinusoids. (Denosumab at the 7 % biodistribution coefficient of
  whole bone tissue, Shah & Betts 2013, would let CTX rise above baseline before the 6-month dose,
  against FREEDOM, where it stays suppressed.)
- Antibodies and soluble receptors neutralise their cytokine: anti-IL-7, infliximab, etanercept,
  adalimumab (TNF-alpha), secukinumab (IL-17A).
- Receptor blockers compete with the cytokine for its receptor: anakinra (IL-1 receptor),
  tocilizumab (IL-6 receptor).
- Recombinant IFN-gamma adds to serum IFN-gamma; undercarboxylated osteocalcin to its own signal.

Denosumab has target-mediated drug disposition: besides linear (FcRn-protected IgG) clearance it
is removed with RANKL, a saturable pathway ``k_int x RANKL capacity x C/(K_ss + C)`` whose
capacity is the model's own RANKL carrying capacity, so that the nonlinear clearance of the
label (faster decline at low concentrations) follows from the target. When the drug clears,
RANKL is free again on a skeleton whose osteoclast precursors have accumulated: the rebound of
resorption after stopping is not added, it follows from the mechanism.

References
----------
Product labels of Kineret (anakinra), Remicade (infliximab), Enbrel (etanercept), Prolia
(denosumab), Humira (adalimumab), Cosentyx (secukinumab), Actemra (tocilizumab) and Actimmune
(interferon gamma-1b).
Sutjandra L, et al. Population pharmacokinetic meta-analysis of denosumab in healthy subjects and
postmenopausal women with osteopenia or osteoporosis. Clin Pharmacokinet 50:793-807 (2011).
doi:10.2165/11594240-000000000-00000
Gibiansky L, et al. Population pharmacokinetic analysis of denosumab in patients with bone
metastases from solid tumours. Clin Pharmacokinet 51:247-260 (2012).
doi:10.2165/11598090-000000000-00000
Kostenuik PJ, et al. Denosumab, a fully human monoclonal antibody to RANKL, inhibits bone
resorption and increases BMD in knock-in mice that express chimeric (murine/human) RANKL.
J Bone Miner Res 24:182-195 (2009). doi:10.1359/jbmr.081112
Shah DK, Betts AM. Antibody biodistribution coefficients. mAbs 5:297-305 (2013).
doi:10.4161/mabs.23684
Weitzmann MN, et al. J Clin Invest 110:1643-1650 (2002) (anti-IL-7 in OVX mice).
Kitazawa R, et al. J Clin Invest 94:2397-2406 (1994) (IL-1Ra in OVX mice).
"""

from __future__ import annotations

from dataclasses import dataclass

from osteoimmune.model.declarations import (
    Input,
    Module,
    Process,
    Route,
    State,
    Treatment,
)


@dataclass(frozen=True)
class _Drug:
    """One entry of the library (internal): what the helper below turns into declarations.

    Parameters
    ----------
    state
        Name of the central-concentration state (pM); the depot is ``<state>_depot``.
    name
        Scenario name of the treatment.
    what
        The drug in words.
    target
        The gene product it binds.
    evidence
        Reference keys for its PK and binding.
    claims
        Ids of the claims.md / calibration.md rows that test it.
    routes
        Route names; the first is the default. ``sc`` and ``ip`` enter the depot with
        bioavailability ``F_<state>``, ``iv`` the central state.
    default_regimen
        The labelled human regimen (scenario-event fields), ``()`` for research reagents.
    extra
        Further processes of the drug's disposition (target-mediated elimination).
    """

    state: str
    name: str
    what: str
    target: str
    evidence: tuple[str, ...]
    claims: tuple[str, ...]
    routes: tuple[str, ...] = ("sc", "ip", "iv")
    default_regimen: tuple[tuple[str, str], ...] = ()
    extra: tuple[Process, ...] = ()


_DMAB_EVIDENCE = ("prolia_label", "sutjandra2011", "gibiansky2012", "kostenuik2009")

_DRUGS = (
    _Drug(
        "OPGFc",
        "opg_fc",
        "OPG-Fc (recombinant osteoprotegerin)",
        "RANKL",
        ("kostenuik2001",),
        ("S10", "S24"),
    ),
    _Drug(
        "aIL7",
        "anti_il7",
        "anti-IL-7 neutralising antibody (clone M25)",
        "IL-7",
        ("weitzmann2002",),
        ("S18",),
    ),
    _Drug(
        "IL1Ra",
        "anakinra",
        "anakinra (recombinant IL-1 receptor antagonist)",
        "IL-1 receptor",
        ("kineret_label", "charatcharoenwitthaya2007"),
        ("S19",),
        default_regimen=(("dose", "100 mg"), ("every", "1 days"), ("route", "sc")),
    ),
    _Drug(
        "IFX",
        "infliximab",
        "infliximab (chimeric anti-TNF-alpha antibody)",
        "TNF-alpha",
        ("remicade_label",),
        ("S19", "TRT-2"),
        default_regimen=(("dose", "3 mg/kg"), ("every", "8 weeks"), ("route", "iv")),
    ),
    _Drug(
        "ETN",
        "etanercept",
        "etanercept (TNFR2-Fc fusion protein)",
        "TNF-alpha",
        ("enbrel_label", "charatcharoenwitthaya2007"),
        ("S19",),
        default_regimen=(("dose", "50 mg"), ("every", "7 days"), ("route", "sc")),
    ),
    _Drug(
        "OCNexo",
        "osteocalcin",
        "undercarboxylated osteocalcin given as a drug",
        "GPRC6A (osteocalcin receptor)",
        ("ferron2012",),
        ("S21", "OCN-2"),
    ),
    _Drug(
        "DMAB",
        "denosumab",
        "denosumab (fully human anti-RANKL IgG2 antibody)",
        "RANKL",
        _DMAB_EVIDENCE,
        ("TRT-1", "PK-3"),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "60 mg"), ("every", "6 months"), ("route", "sc")),
        extra=(
            Process(
                "DMAB_target_elimination",
                "k_int_DMAB*RANKL_eff*DMAB/(K_ss_DMAB + DMAB)",
                "pM/day",
                (("DMAB", -1.0),),
                "denosumab: target-mediated elimination, saturable, through the RANKL it binds "
                "(capacity proportional to the RANKL carrying capacity)",
                _DMAB_EVIDENCE,
                claims=("TRT-1", "PK-3"),
            ),
        ),
    ),
    _Drug(
        "ADA",
        "adalimumab",
        "adalimumab (fully human anti-TNF-alpha IgG1 antibody)",
        "TNF-alpha",
        ("humira_label", "kaymakcalan2009"),
        ("PK-4", "S19"),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "40 mg"), ("every", "14 days"), ("route", "sc")),
    ),
    _Drug(
        "SEC",
        "secukinumab",
        "secukinumab (fully human anti-IL-17A IgG1 antibody)",
        "IL-17A",
        ("cosentyx_label", "hueber2010"),
        ("PK-4", "S25"),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "150 mg"), ("every", "4 weeks"), ("route", "sc")),
    ),
    _Drug(
        "TCZ",
        "tocilizumab",
        "tocilizumab (humanised anti-IL-6 receptor IgG1 antibody)",
        "IL-6 receptor",
        ("actemra_label",),
        ("PK-4", "S14"),
        routes=("iv", "sc", "ip"),
        default_regimen=(("dose", "8 mg/kg"), ("every", "4 weeks"), ("route", "iv")),
    ),
    _Drug(
        "rIFNG",
        "interferon_gamma",
        "interferon gamma-1b (recombinant human IFN-gamma)",
        "IFN-gamma receptor",
        ("actimmune_label",),
        ("PK-4", "S17"),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "0.09 mg"), ("every", "2.33 days"), ("route", "sc")),
    ),
    _Drug(
        "RANKFc",
        "rank_fc",
        "RANK-Fc (soluble RANK decoy fused to an IgG Fc)",
        "RANKL",
        ("childs2002", "kostenuik2001"),
        ("S31",),
    ),
)


def _drug_parts(d: _Drug) -> tuple[tuple[State, ...], tuple[Process, ...], Input, Treatment]:
    state, what, evidence, claims = d.state, d.what, d.evidence, d.claims
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
            claims=claims,
        ),
        Process(
            f"{state}_infusion",
            f"P_{state}",
            "pM/day",
            ((state, 1.0),),
            f"{what}: continuous infusion (pump)",
            evidence,
            claims=claims,
        ),
        Process(
            f"{state}_elimination",
            f"kel_{state}*{state}",
            "pM/day",
            ((state, -1.0),),
            f"{what}: first-order elimination",
            evidence,
            claims=claims,
        ),
        *d.extra,
    )
    inp = Input(d.name, f"P_{state}", "pM/day", f"{what}, continuous infusion")
    route_of = {
        "sc": Route("sc", depot, f"F_{state}"),
        "ip": Route("ip", depot, f"F_{state}"),
        "iv": Route("iv", state, ""),
    }
    treatment = Treatment(
        d.name,
        what,
        d.target,
        routes=tuple(route_of[r] for r in d.routes),
        dose_to_state=f"dose_{state}",
        evidence=evidence,
        default_regimen=d.default_regimen,
    )
    return states, procs, inp, treatment


_parts = [_drug_parts(d) for d in _DRUGS]

DRUGS = Module(
    name="drugs",
    description=(
        "The drug library: label or population PK (absorption depot, central concentration, "
        "linear and target-mediated elimination) and binding on each drug's target."
    ),
    states=tuple(s for p in _parts for s in p[0]),
    processes=tuple(pr for p in _parts for pr in p[1]),
    inputs=tuple(p[2] for p in _parts),
    treatments=tuple(p[3] for p in _parts),
    requires=("cytokines", "immune_bone", "bone_cells"),
)
