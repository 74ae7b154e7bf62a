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
- Recombinant IFN-gamma adds to serum IFN-gamma; undercarboxylated osteocalcin to its own signal;
  estradiol (oral, flip-flop absorption; or a transdermal patch, a zero-order input while worn) to
  serum estradiol, where it acts like ovarian estradiol.
- Alendronate binds bone mineral: plasma drug goes to bone surfaces or urine; surface drug is
  released over months or buried under new bone; buried drug returns only when that bone is
  resorbed (a share rebinding on the spot), so its terminal half-life of years follows from
  turnover. Osteoclasts resorbing drug-coated surfaces die (``bp_oc_apoptosis``).
- Methotrexate (two-compartment plasma PK, Herman 1989) is taken up by blood cells and trapped
  as polyglutamates, which accumulate over weeks and are lost over weeks (Dalrymple 2008); they
  restrain the clonal expansion of antigen-activated T cells (``mtx_T_inh``: Genestier 1998),
  systemically and in an inflamed joint. The half-maximal level is the erythrocyte level that
  separates responders (Takahashi 2017).
- Teriparatide (PTH 1-34) adds to serum PTH (``PTH_exo``) and acts wherever PTH does: on RANKL and
  OPG, and on osteoblast survival and recruitment through the CREB and Runx2 arms of
  ``pth_osteoblast`` (``model/bone.py``), which make a daily pulse anabolic and a steady level not.
- Abaloparatide (a PTHrP 1-34 analogue) acts on the same receptor but prefers its G-protein-
  coupled RG conformation to the R0 conformation whose long-lasting signal carries PTH's
  sustained actions (Hattersley 2016): it counts at one potency (``q_RG_ABLP``) on the osteoblast
  pulse signal (``PTH_RG``) and at a lower one (``q_R0_ABLP``) on RANKL, OPG, the kidney and
  calcium release, so that it builds bone with less resorption and less hypercalcaemia than
  teriparatide (ACTIVE trial, Miller 2016).

Tocilizumab has the two-compartment population PK of Frey et al. (2010) with saturable,
IL-6-receptor-mediated elimination (Michaelis-Menten); in mice, whose receptor it does not bind,
that pathway is absent.

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
Frey N, Grange S, Woodworth T. Population pharmacokinetic analysis of tocilizumab in patients
with rheumatoid arthritis. J Clin Pharmacol 50:754-766 (2010). doi:10.1177/0091270009350623
Khan SA, et al. Elimination and biochemical responses to intravenous alendronate in
postmenopausal osteoporosis. J Bone Miner Res 12:1700-1707 (1997).
Hughes DE, et al. Bisphosphonates promote apoptosis in murine osteoclasts in vitro and in vivo.
J Bone Miner Res 10:1478-1487 (1995).
Evenity (romosozumab) label; Padhi D, et al. J Bone Miner Res 26:19-26 (2011).
Forteo (teriparatide) label; Satterwhite J, et al. Calcif Tissue Int 87:485-492 (2010).
Tymlos (abaloparatide) label; Hattersley G, et al. Binding selectivity of abaloparatide for
PTH-type-1-receptor conformations and effects on downstream signaling. Endocrinology 157:141-149
(2016). doi:10.1210/en.2015-1726; Miller PD, et al. Effect of abaloparatide vs placebo on new
vertebral fractures in postmenopausal women with osteoporosis (ACTIVE). JAMA 316:722-733 (2016).
doi:10.1001/jama.2016.11136
Kuhl H. Pharmacology of estrogens and progestogens. Climacteric 8 Suppl 1:3-63 (2005).
Shah DK, Betts AM. Antibody biodistribution coefficients. mAbs 5:297-305 (2013).
doi:10.4161/mabs.23684
Weitzmann MN, et al. J Clin Invest 110:1643-1650 (2002) (anti-IL-7 in OVX mice).
Kitazawa R, et al. J Clin Invest 94:2397-2406 (1994) (IL-1Ra in OVX mice).
"""

from __future__ import annotations

from dataclasses import dataclass

from osteoimmune.model.declarations import (
    Expression,
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
        Route names; the first is the default. ``sc``, ``ip`` and ``oral`` enter the depot with
        bioavailability ``F_<state>``; ``iv`` and ``transdermal`` enter the central state, as a
        bolus or (``over`` in a regimen) at a constant rate through ``P_<state>``.
    default_regimen
        The labelled human regimen (scenario-event fields), ``()`` for research reagents.
    extra
        Further processes of the drug's disposition (target-mediated elimination, a bone
        compartment) or of its action on cells (antibody-mediated depletion).
    extra_states
        Further states of the drug (a bone-bound pool).
    species
        The species in which it binds its target (``()``: every species); a human-specific
        antibody's mouse parameters say it does not bind, with the label's or paper's word.

    The central state is the drug's serum level: a run that gives the drug reports it as
    ``<name>_ng_ml`` through the molar mass ``MW_<state>`` (g/mol).
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
    extra_states: tuple[State, ...] = ()
    species: tuple[str, ...] = ()


#: human-specific antibodies: no binding to the murine target (the mouse set's binding
#: parameters say so, with their sources)
HUMAN_ONLY = ("human",)

_DMAB_EVIDENCE = ("prolia_label", "sutjandra2011", "gibiansky2012", "kostenuik2009")

_E2_EVIDENCE = ("activella_label", "scott1991", "climara_label")
_ALN_EVIDENCE = ("fosamax_label", "porras1999", "khan1997", "hughes1995")
_TPTD_EVIDENCE = ("forteo_label", "satterwhite2010")
_ABL_EVIDENCE = ("tymlos_label", "hattersley2016", "miller2016")
_MTX_EVIDENCE = ("herman1989", "dalrymple2008", "takahashi2017", "genestier1998")

_DEPLETION_EVIDENCE = (
    "cobbold1984",
    "dialynas1983",
    "cowdery1993",
    "davis1996",
    "moreland1993",
    "moreland1995",
    "vanderlubbe1994",
    "lindsey1994",
)


def antibody_depletion(drug: str, cells: tuple[tuple[str, str], ...]) -> tuple[Process, ...]:
    """Antibody-mediated removal of each cell state its depleting antibody coats.

    Fc-receptor-bearing phagocytes and complement clear coated cells at a rate proportional to
    the share of the target antigen the antibody occupies (``occ_<drug>``); cells return only as
    the thymus and homeostatic proliferation make new ones, once the antibody has cleared.
    """
    return tuple(
        Process(
            f"{state}_depletion_by_{drug}",
            f"k_dep_{drug}*occ_{drug}*{state}",
            "cell/uL/day",
            ((state, -1.0),),
            f"{what} coated by the depleting antibody are cleared by Fc-receptor-bearing "
            "phagocytes and complement",
            _DEPLETION_EVIDENCE,
            claims=("S31",),
        )
        for state, what in cells
    )


_CD4_CELLS = (
    ("TN4", "naive CD4 T cells"),
    ("Th1", "CD4 effectors"),
    ("Th17", "Th17 cells"),
    ("Treg", "CD4 regulatory T cells"),
)
_CD8_CELLS = (
    ("TN8", "naive CD8 T cells"),
    ("Tc1", "CD8 effectors"),
    ("Treg8", "CD8 regulatory T cells"),
)

_DRUGS = (
    _Drug(
        "OPGFc",
        "opg_fc",
        "OPG-Fc (recombinant osteoprotegerin)",
        "RANKL",
        ("kostenuik2001", "zierhut2008"),
        ("S10", "S24", "PKX-4"),
        extra=(
            Process(
                "OPGFc_target_elimination",
                "Vmax_OPGFc*OPGFc/(Km_OPGFc + OPGFc)",
                "pM/day",
                (("OPGFc", -1.0),),
                "OPG-Fc: saturable (Michaelis-Menten) elimination, which dominates at low "
                "concentrations (Zierhut 2008 population PK)",
                ("zierhut2008",),
                claims=("PKX-4",),
            ),
        ),
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
        ("kineret_label", "yang2001", "charatcharoenwitthaya2007"),
        ("S19",),
        default_regimen=(("dose", "100 mg"), ("every", "1 days"), ("route", "sc")),
    ),
    _Drug(
        "IFX",
        "infliximab",
        "infliximab (chimeric anti-TNF-alpha antibody)",
        "TNF-alpha",
        ("remicade_label", "xu2008"),
        ("S19", "TRT-2"),
        default_regimen=(
            ("dose", "3 mg/kg"),
            ("every", "8 weeks"),
            ("route", "iv"),
            ("over", "2 hours"),
        ),
    ),
    _Drug(
        "ETN",
        "etanercept",
        "etanercept (TNFR2-Fc fusion protein)",
        "TNF-alpha",
        ("enbrel_label", "korthbradley2000", "charatcharoenwitthaya2007"),
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
        species=HUMAN_ONLY,
    ),
    _Drug(
        "ROMO",
        "romosozumab",
        "romosozumab (humanised anti-sclerostin IgG2 antibody)",
        "sclerostin",
        ("evenity_label", "padhi2011", "cosman2016"),
        ("BONE-6",),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "210 mg"), ("every", "1 months"), ("route", "sc")),
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
        species=HUMAN_ONLY,
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
        species=HUMAN_ONLY,
    ),
    _Drug(
        "TCZ",
        "tocilizumab",
        "tocilizumab (humanised anti-IL-6 receptor IgG1 antibody)",
        "IL-6 receptor",
        ("actemra_label", "frey2010"),
        ("PK-4", "S14"),
        routes=("iv", "sc", "ip"),
        extra_states=(
            State(
                "TCZ_p", "pM", "tocilizumab in the peripheral compartment (central-equivalent)", 0.0
            ),
        ),
        extra=(
            Process(
                "TCZ_distribution",
                "k12_TCZ*TCZ - k21_TCZ*TCZ_p",
                "pM/day",
                (("TCZ", -1.0), ("TCZ_p", 1.0)),
                "tocilizumab: exchange between central and peripheral compartments",
                ("frey2010",),
                claims=("PK-4",),
            ),
            Process(
                "TCZ_target_elimination",
                "Vmax_TCZ*TCZ/(Km_TCZ + TCZ)",
                "pM/day",
                (("TCZ", -1.0),),
                "tocilizumab: saturable elimination through the IL-6 receptor it binds "
                "(Michaelis-Menten; it dominates at the low concentrations of the trough)",
                ("frey2010", "actemra_label"),
                claims=("PK-4",),
            ),
        ),
        default_regimen=(
            ("dose", "8 mg/kg"),
            ("every", "4 weeks"),
            ("route", "iv"),
            ("over", "1 hours"),
        ),
        species=HUMAN_ONLY,
    ),
    _Drug(
        "rIFNG",
        "interferon_gamma",
        "interferon gamma-1b (recombinant human IFN-gamma)",
        "IFN-gamma receptor",
        ("actimmune_label", "imukin_label"),
        ("PK-4", "S17"),
        routes=("sc", "ip", "iv"),
        default_regimen=(("dose", "0.09 mg"), ("every", "2.33 days"), ("route", "sc")),
    ),
    _Drug(
        "E2exo",
        "estradiol",
        "17-beta-estradiol for hormone replacement (oral tablet or transdermal patch)",
        "estrogen receptors",
        _E2_EVIDENCE,
        ("S40", "PKX-2"),
        routes=("oral", "transdermal", "iv"),
        default_regimen=(("dose", "1 mg"), ("every", "1 days"), ("route", "oral")),
    ),
    _Drug(
        "ALN",
        "alendronate",
        "alendronate (nitrogen-containing bisphosphonate)",
        "bone mineral; farnesyl pyrophosphate synthase of the osteoclasts that resorb it",
        _ALN_EVIDENCE,
        ("PKX-1", "TRX-1"),
        routes=("oral", "iv"),
        default_regimen=(("dose", "70 mg"), ("every", "7 days"), ("route", "oral")),
        extra_states=(
            State(
                "ALN_surf",
                "pM",
                "alendronate bound to bone surfaces, where osteoclasts meet it (amount as a "
                "plasma-concentration equivalent)",
                0.0,
            ),
            State(
                "ALN_bone",
                "pM",
                "alendronate buried in bone under new matrix (amount as a plasma-concentration "
                "equivalent)",
                0.0,
            ),
        ),
        extra=(
            Process(
                "ALN_bone_uptake",
                "k_up_ALN*ALN",
                "pM/day",
                (("ALN", -1.0), ("ALN_surf", 1.0)),
                "alendronate: uptake from plasma onto bone surfaces (about half of a systemic "
                "dose; the rest is excreted in urine)",
                _ALN_EVIDENCE,
                claims=("PKX-1",),
            ),
            Process(
                "ALN_surface_release",
                "k_rel_ALN*ALN_surf",
                "pM/day",
                (("ALN_surf", -1.0), ("ALN", 1.0)),
                "alendronate: release from bone surfaces back to plasma over months",
                _ALN_EVIDENCE,
                claims=("PKX-1",),
            ),
            Process(
                "ALN_burial",
                "k_bury_ALN*ALN_surf",
                "pM/day",
                (("ALN_surf", -1.0), ("ALN_bone", 1.0)),
                "alendronate: buried under new bone at the surfaces it coats",
                _ALN_EVIDENCE,
                claims=("PKX-1",),
            ),
            Process(
                "ALN_bone_release",
                "(1 - f_rebind_ALN)*skeletal_resorption*ALN_bone",
                "pM/day",
                (("ALN_bone", -1.0), ("ALN", 1.0)),
                "alendronate: buried drug returns to plasma as the bone that holds it is "
                "resorbed (the terminal half-life of years follows from skeletal turnover)",
                _ALN_EVIDENCE,
                claims=("PKX-1",),
            ),
            Process(
                "ALN_local_rebinding",
                "f_rebind_ALN*skeletal_resorption*ALN_bone",
                "pM/day",
                (("ALN_bone", -1.0), ("ALN_surf", 1.0)),
                "alendronate: the share of drug freed by resorption that binds again at the "
                "same site before reaching the blood (bisphosphonate recycling)",
                _ALN_EVIDENCE,
                claims=("PKX-1",),
            ),
        ),
    ),
    _Drug(
        "TPTD",
        "teriparatide",
        "teriparatide (recombinant human PTH 1-34), once-daily injection",
        "PTH1 receptor",
        _TPTD_EVIDENCE,
        ("PKX-3", "TRX-2"),
        routes=("sc", "iv"),
        default_regimen=(("dose", "20 ug"), ("every", "1 days"), ("route", "sc")),
    ),
    _Drug(
        "ABLP",
        "abaloparatide",
        "abaloparatide (PTHrP 1-34 analogue), once-daily injection",
        "PTH1 receptor (RG conformation preferred)",
        _ABL_EVIDENCE,
        ("ABL-1",),
        routes=("sc", "iv"),
        default_regimen=(("dose", "80 ug"), ("every", "1 days"), ("route", "sc")),
    ),
    _Drug(
        "MTX",
        "methotrexate",
        "methotrexate (low-dose antifolate), once-weekly tablet or injection",
        "folate-dependent enzymes of proliferating T cells (as cellular polyglutamates)",
        _MTX_EVIDENCE,
        ("PKX-5", "TRT-2"),
        routes=("oral", "sc", "iv"),
        default_regimen=(("dose", "15 mg"), ("every", "7 days"), ("route", "oral")),
        extra_states=(
            State(
                "MTX_p",
                "pM",
                "methotrexate in the peripheral compartment (central-equivalent)",
                0.0,
            ),
            State(
                "MTX_PG",
                "pM",
                "methotrexate polyglutamates in blood cells (erythrocyte-equivalent "
                "concentration), the long-lived intracellular form that acts",
                0.0,
            ),
        ),
        extra=(
            Process(
                "MTX_distribution",
                "k12_MTX*MTX - k21_MTX*MTX_p",
                "pM/day",
                (("MTX", -1.0), ("MTX_p", 1.0)),
                "methotrexate: exchange between central and peripheral compartments",
                _MTX_EVIDENCE,
                claims=("PKX-5",),
            ),
            Process(
                "MTX_polyglutamation",
                "k_PG_MTX*MTX",
                "pM/day",
                (("MTX_PG", 1.0),),
                "methotrexate: cells take up drug from plasma and add glutamates, which trap it "
                "(a negligible share of the dose)",
                _MTX_EVIDENCE,
                claims=("PKX-5", "TRT-2"),
            ),
            Process(
                "MTX_PG_loss",
                "kout_PG_MTX*MTX_PG",
                "pM/day",
                (("MTX_PG", -1.0),),
                "methotrexate: polyglutamates are removed (deglutamation, cell turnover) over "
                "weeks",
                _MTX_EVIDENCE,
                claims=("PKX-5", "TRT-2"),
            ),
        ),
    ),
    _Drug(
        "aCD4",
        "anti_cd4",
        "depleting anti-CD4 antibody (GK1.5, rat IgG2b, in mice; chimeric cM-T412 in people)",
        "CD4",
        _DEPLETION_EVIDENCE,
        ("S31",),
        routes=("iv", "ip", "sc"),
        extra=antibody_depletion("aCD4", _CD4_CELLS),
    ),
    _Drug(
        "aCD8",
        "anti_cd8",
        "depleting anti-CD8 antibody (2.43, rat IgG2b, in mice; chimeric cM-T807 in primates)",
        "CD8",
        _DEPLETION_EVIDENCE,
        ("S31",),
        routes=("iv", "ip", "sc"),
        extra=antibody_depletion("aCD8", _CD8_CELLS),
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
        *d.extra_states,
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
            f"{what}: zero-order input (i.v. infusion, pump or transdermal patch)",
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
        "oral": Route("oral", depot, f"F_{state}"),
        "iv": Route("iv", state, "", rate=f"P_{state}"),
        "transdermal": Route("transdermal", state, "", rate=f"P_{state}"),
    }
    treatment = Treatment(
        d.name,
        what,
        d.target,
        routes=tuple(route_of[r] for r in d.routes),
        dose_to_state=f"dose_{state}",
        evidence=evidence,
        default_regimen=d.default_regimen,
        serum=state,
        molar_mass=f"MW_{state}",
        species=d.species,
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
    expressions=(
        Expression(
            "PTH_exo",
            "TPTD + q_R0_ABLP*ABLP",
            "pM",
            "PTH receptor agonists given as drugs, in PTH equivalents at the receptor's R0 "
            "conformation, whose long-lasting (endosomal) cAMP signal carries PTH's sustained "
            "actions: RANKL up and OPG down, renal calcium and phosphate handling, calcitriol "
            "synthesis, calcium release from bone. Teriparatide acts as PTH does; abaloparatide "
            "binds R0 weakly",
        ),
        Expression(
            "PTH_RG",
            "PTH + (q_RG_ABLP - q_R0_ABLP)*ABLP",
            "pM",
            "PTH receptor agonism at the RG (G-protein-coupled) conformation, in PTH "
            "equivalents: the transient cAMP signal that drives osteoblast CREB and Runx2 "
            "(``pth_osteoblast``); the body's PTH and teriparatide count as in ``PTH``, "
            "abaloparatide at its own RG potency",
        ),
        Expression(
            "bp_oc_apoptosis",
            "ALN_surf/K_ALN_OC",
            "",
            "extra osteoclast apoptosis (fold of the basal rate) from the bisphosphonate that "
            "osteoclasts take up as they resorb drug-coated surfaces (farnesyl pyrophosphate "
            "synthase inhibition); proportional to the drug on bone surfaces",
        ),
        Expression(
            "occ_aCD4",
            "aCD4/(aCD4 + Kd_aCD4)",
            "",
            "share of CD4 on T cells coated by the depleting anti-CD4 antibody",
        ),
        Expression(
            "occ_aCD8",
            "aCD8/(aCD8 + Kd_aCD8)",
            "",
            "share of CD8 on T cells coated by the depleting anti-CD8 antibody",
        ),
        Expression(
            "mtx_T_inh",
            "1/(1 + MTX_PG/IC50_MTX_PG)",
            "",
            "share of antigen-driven T cell clonal expansion left by methotrexate polyglutamates "
            "(folate-dependent purine and pyrimidine synthesis; apoptosis of activated T cells)",
        ),
    ),
    processes=tuple(pr for p in _parts for pr in p[1]),
    inputs=tuple(p[2] for p in _parts),
    treatments=tuple(p[3] for p in _parts),
    requires=("cytokines", "immune_bone", "bone_cells"),
)
