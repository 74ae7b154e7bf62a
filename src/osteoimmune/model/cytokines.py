"""Cytokines and how immune signals enter bone remodeling.

Cytokines turn over in minutes to hours, far faster than the cells that make them, so each is at
quasi-steady state: (basal + cellular production + infusion) / clearance, in pg/mL. TNF-alpha,
whose plasma kinetics are measured (an intravenous bolus in healthy people falls in two phases,
half-lives 5 and 49 min), has its own two-compartment disposition instead: serum TNF and a
peripheral compartment, so that a bolus, an infusion and a burst of secretion rise and fall on
their measured time scales. Drugs that
neutralise a cytokine (antibodies, soluble receptors) or block its receptor (IL-1Ra) lower the
signal through their own concentration and affinity (``model/drugs.py``). Receptor knockouts
remove a signal (TNFR1/p55, TNFR2/p75, IFNGR).

The second module, ``immune_bone``, is where the immune system touches the bone core, the way the
biology does (DESIGN.md): extra RANKL on activated T and B cells, OPG from B cells, stromal RANKL
and M-CSF raised by TNF (p55), IL-1, IL-6 and IL-17, precursor responsiveness raised by TNF and
IL-1 (their product gives the TNF/IL-1 synergy), the IFN-gamma brake on maturing osteoclasts,
CD137L ligation suppressing fusion, the RANKL-independent SOFAT route, osteoblast function
inhibited by TNF and IL-1, and estrogen's direct actions on RANKL, OPG and osteoclast survival.
Each modifier is normalised (``n_*`` parameters, calibrated to the healthy steady state) so that
health is the bone core's calibrated equilibrium.

References
----------
Lam J, et al. J Clin Invest 106:1481-1488 (2000). doi:10.1172/JCI11176
Wei S, et al. J Clin Invest 115:282-290 (2005). doi:10.1172/JCI23394
Takayanagi H, et al. Nature 408:600-605 (2000). doi:10.1038/35046102
Rifas L, Weitzmann MN. Arthritis Rheum 60:3324-3335 (2009). doi:10.1002/art.24877
Sato K, et al. J Exp Med 203:2673-2682 (2006). doi:10.1084/jem.20061775
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Condition,
    Expression,
    Genotype,
    Input,
    Module,
    Observable,
    Process,
    Route,
    State,
    Treatment,
)

_SEED = ("seed003",)


def tnfr_occupancy(free_tnf: str) -> str:
    """Rate-law text of TNF receptor occupancy by ``free_tnf`` (pg/mL, free of drug): a trimeric
    ligand clusters three receptors, so it is cooperative (Hill 3). Marrow, synovium and gingiva
    use this one law with their own TNF level."""
    return f"1 - K_TNF**3/({free_tnf}**3 + K_TNF**3)"


def il1_signal(il1: str) -> str:
    """Rate-law text of IL-1 receptor signalling by ``il1`` (pg/mL); IL-1Ra (anakinra) raises
    the apparent half-saturation ``IL1_K_app``, wherever the IL-1 is."""
    return f"1 - IL1_K_app/({il1} + IL1_K_app)"


def precursor_response(tnf_r1: str, il1_sig: str, il6_sig: str, ifng_sig: str) -> str:
    """Rate-law text of an osteoclast precursor's response to RANK signalling, given the local
    TNFR1, IL-1, IL-6 and IFN-gamma signals: TNF, IL-1 and IL-6 raise it (together more than
    additively), IFN-gamma brakes maturing osteoclasts and CD137L ligation blocks fusion. Marrow,
    pannus front and alveolar crest share it."""
    return (
        f"(1 + a_TNF_OC*{tnf_r1})*(1 + a_IL1_OC*{il1_sig})*(1 + a_IL6_OC*{il6_sig})"
        f"/(n_OC_diff*(1 + a_IFNG_OC*{ifng_sig})*(1 + a_CD137*CD137_sig))"
    )


CYTOKINES = Module(
    name="cytokines",
    description=(
        "TNF-alpha (p55 and p75 signalling), IL-1, IL-6, IL-7, IL-17, IFN-gamma, SOFAT and the "
        "CD137 signal at quasi-steady state, with their cellular sources and drug neutralisation."
    ),
    expressions=(
        Expression(
            "TNF_block",
            "1 + IFX/Kd_IFX + ETN/Kd_ETN + ADA/Kd_ADA",
            "",
            "fold by which anti-TNF drugs lower free TNF-alpha (wherever TNF is: serum, marrow, "
            "synovium)",
        ),
        Expression(
            "IL1_K_app",
            "K_IL1*(1 + IL1Ra/K_IL1Ra)",
            "pg/mL",
            "IL-1 for half-maximal receptor signalling, raised by the IL-1Ra (anakinra) that "
            "competes for the receptor",
        ),
        Expression(
            "IL6_K_app",
            "K_IL6*(1 + TCZ/Kd_TCZ)",
            "pg/mL",
            "IL-6 for half-maximal signalling, raised by the tocilizumab that competes for the "
            "IL-6 receptor",
        ),
        Expression(
            "IL17_block",
            "1 + SEC/Kd_SEC",
            "",
            "fold by which secukinumab lowers free IL-17A",
        ),
        Expression(
            "TNF_made",
            "p_TNF_0 + TNF_from_T + p_TNF_M*Mac + p_TNF_path*TLR_path + v_syn*TNF_made_s"
            " + p_TNF_skin*psoriasis",
            "pg/mL/day",
            "TNF-alpha secreted into the circulation by activated T cells, macrophages (also "
            "sensing a pathogen through TLRs), an inflamed joint, psoriatic skin and basal sources",
        ),
        Expression(
            "TNF",
            "TNF_c + TNF_medium",
            "pg/mL",
            "TNF-alpha in serum (the central compartment), plus any recombinant TNF-alpha of a "
            "culture medium",
        ),
        Expression(
            "TNF_from_T",
            "p_TNF_T*T_act",
            "pg/mL/day",
            "TNF secreted by activated T cells (per cell constant: estrogen changes their number)",
        ),
        Expression(
            "TNF_free",
            "TNF/TNF_block",
            "pg/mL",
            "TNF not bound by anti-TNF drugs",
        ),
        Expression(
            "TNF_occ",
            tnfr_occupancy("TNF_free"),
            "",
            "TNF receptor signalling (trimeric ligand clusters three receptors: cooperative, Hill 3)",
        ),
        Expression("TNF_R1", "tnfr1*TNF_occ", "", "TNF signalling through TNFR1 (p55)"),
        Expression("TNF_R2", "tnfr2*TNF_occ", "", "TNF signalling through TNFR2 (p75)"),
        Expression(
            "IL1",
            "(p_IL1_0 + p_IL1_M*Mac*(1 + g_IL1_E2*E2_def_imm + g_IL1_TNF*TNF_R1)"
            " + v_syn*IL1_made_s + P_IL1)/k_IL1 + IL1_medium",
            "pg/mL",
            "IL-1 from monocytes/macrophages, raised by estrogen loss and by TNF",
        ),
        Expression(
            "IL1_sig",
            il1_signal("IL1"),
            "",
            "IL-1 receptor signalling; IL-1Ra (anakinra) competes for the receptor",
        ),
        Expression(
            "SOFAT",
            "p_SOFAT_T*(Th1 + Tc1)*(1 + g_SOFAT_TCR*aCD3_medium/(aCD3_medium + K_aCD3))/k_SOFAT "
            "+ SOFAT_medium",
            "pg/mL",
            "secreted osteoclastogenic factor of effector T cells: a basal secretion in vivo, "
            "raised g_SOFAT_TCR-fold when the TCR and CD28 are engaged by antibodies in a "
            "culture (anti_cd3_cd28), plus any SOFAT in a culture medium",
        ),
        Expression("SOFAT_sig", "SOFAT/(SOFAT + K_SOFAT)", "", "SOFAT signal"),
        Expression(
            "IL6",
            "(p_IL6_0 + p_IL6_OB*OBa*(1 + g_IL6_SOFAT*SOFAT_sig + g_IL6_IL1*IL1_sig "
            "+ g_IL6_TNF*TNF_R1) + p_IL6_path*TLR_path + v_syn*IL6_made_s + P_IL6)/k_IL6 + IL6_medium",
            "pg/mL",
            "IL-6 from osteoblasts and stromal cells, raised by SOFAT, IL-1 and TNF, and from monocytes "
            "and macrophages sensing a pathogen",
        ),
        Expression(
            "IL6_sig",
            "1 - IL6_K_app/(IL6 + IL6_K_app)",
            "",
            "IL-6 (gp130) signal; tocilizumab competes with IL-6 for the IL-6 receptor",
        ),
        Expression(
            "IL7",
            "(p_IL7*(1 + g_IL7_E2*E2_def_imm) + P_IL7)/k_IL7",
            "pg/mL",
            "IL-7 from stromal cells; estrogen loss raises it",
        ),
        Expression(
            "IL7_free", "IL7/(1 + aIL7/Kd_aIL7)", "pg/mL", "IL-7 not bound by anti-IL-7 antibody"
        ),
        Expression("IL7_sig", "IL7_free/(IL7_free + K_IL7)", "", "IL-7 receptor signal"),
        Expression(
            "IL17",
            "(p_IL17_0 + p_IL17_T*Th17 + v_syn*IL17_made_s + p_IL17_skin*psoriasis + P_IL17)/k_IL17",
            "pg/mL",
            "IL-17A, mostly from Th17 cells (in the blood, an inflamed joint and psoriatic skin)",
        ),
        Expression(
            "IL17_free",
            "IL17/IL17_block",
            "pg/mL",
            "IL-17A not bound by secukinumab",
        ),
        Expression("IL17_sig", "1 - K_IL17/(IL17_free + K_IL17)", "", "IL-17 receptor signal"),
        Expression(
            "IFNG",
            "(p_IFNG_0 + p_IFNG_T*(Th1 + Tc1) + v_syn*IFNG_made_s + P_IFNG)/k_IFNG"
            " + a_rIFNG*m_IFNG*rIFNG + IFNG_medium",
            "pg/mL",
            "IFN-gamma from Th1 and CD8 effectors (and NK cells, basal), plus recombinant "
            "IFN-gamma given as a drug (active on the species' receptor with a_rIFNG)",
        ),
        Expression(
            "IFNG_sig", "ifngr*(1 - K_IFNG/(IFNG + K_IFNG))", "", "IFN-gamma receptor signal"
        ),
        Expression(
            "CD137_sig",
            "(T_act + K_CD137*CD137L_ag_medium/K_CD137L_ag)"
            "/(T_act + K_CD137*(1 + CD137L_ag_medium/K_CD137L_ag))",
            "",
            "CD137L on osteoclast precursors ligated by CD137 on activated T cells or by an "
            "agonist in a culture medium (the two compete for the same ligand)",
        ),
    ),
    states=(
        State(
            "TNF_c", "pg/mL", "TNF-alpha in serum and the spaces in rapid equilibrium with it", 1.0
        ),
        State(
            "TNF_p",
            "pg/mL",
            "TNF-alpha in the peripheral compartment, in slow equilibrium with serum "
            "(central-concentration equivalent)",
            1.0,
        ),
    ),
    processes=(
        Process(
            "TNF_secretion",
            "TNF_made + P_TNF",
            "pg/mL/day",
            (("TNF_c", 1.0),),
            "TNF-alpha secreted into the circulation, or infused",
            ("roggia2001", "clinsci1994"),
            claims=("S14", "S15", "PK-2", "INF-1"),
        ),
        Process(
            "TNF_elimination",
            "k_TNF*TNF_c",
            "pg/mL/day",
            (("TNF_c", -1.0),),
            "TNF-alpha cleared from the central compartment (kidney, receptor uptake)",
            ("clinsci1994",),
            claims=("PK-2",),
        ),
        Process(
            "TNF_distribution",
            "k12_TNF*TNF_c - k21_TNF*TNF_p",
            "pg/mL/day",
            (("TNF_c", -1.0), ("TNF_p", 1.0)),
            "TNF-alpha exchange between serum and a peripheral compartment: the fast (5 min) and "
            "slow (49 min) phases of an intravenous bolus",
            ("clinsci1994",),
            claims=("PK-2",),
        ),
    ),
    observables=(
        Observable("tnf_pg_ml", "TNF", "pg/mL", "serum TNF-alpha"),
        Observable("il1_pg_ml", "IL1", "pg/mL", "serum IL-1"),
        Observable("il6_pg_ml", "IL6", "pg/mL", "serum IL-6"),
        Observable("il7_pg_ml", "IL7", "pg/mL", "serum IL-7"),
        Observable("il17_pg_ml", "IL17", "pg/mL", "serum IL-17A"),
        Observable("ifng_pg_ml", "IFNG", "pg/mL", "serum IFN-gamma"),
    ),
    inputs=(
        Input("tnf", "P_TNF", "pg/mL/day", "TNF-alpha infusion"),
        Input("il1", "P_IL1", "pg/mL/day", "IL-1 infusion"),
        Input("il6", "P_IL6", "pg/mL/day", "IL-6 infusion"),
        Input("il7", "P_IL7", "pg/mL/day", "IL-7 infusion"),
        Input("il17", "P_IL17", "pg/mL/day", "IL-17A infusion"),
        Input("ifng", "P_IFNG", "pg/mL/day", "IFN-gamma infusion"),
    ),
    treatments=(
        Treatment(
            "tnf_alpha",
            "recombinant human TNF-alpha (tasonermin), intravenous",
            "TNF receptors (TNFR1/p55, TNFR2/p75)",
            routes=(Route("iv", "TNF_c", "", rate="P_TNF"),),
            dose_to_state="dose_TNF",
            evidence=("clinsci1994",),
        ),
    ),
    genotypes=(
        Genotype(
            "tnf_ko",
            "TNF-alpha knockout: no TNF from any cell",
            (
                ("p_TNF_0", 0.0),
                ("p_TNF_T", 0.0),
                ("p_TNF_M", 0.0),
                ("p_TNF_path", 0.0),
                ("p_TNF_skin", 0.0),
            ),
            ("roggia2001",),
        ),
        Genotype("tnfr1_ko", "TNFR1 (p55) knockout", (("tnfr1", 0.0),), ("roggia2001",)),
        Genotype("tnfr2_ko", "TNFR2 (p75) knockout", (("tnfr2", 0.0),), ("roggia2001",)),
        Genotype(
            "ifngr_ko",
            "IFN-gamma receptor knockout: no IFN-gamma signalling in any cell",
            (("ifngr", 0.0),),
            ("cenci2003", "gao2007"),
        ),
        Genotype("il7_ko", "IL-7 knockout", (("p_IL7", 0.0),), ("weitzmann2002",)),
        Genotype(
            "mcsf_ko",
            "M-CSF (Csf1) knockout: no M-CSF from T cells either",
            (("p_MCSF_T", 0.0),),
            ("yoshida1990",),
        ),
    ),
    conditions=(
        Condition(
            "psoriasis",
            "plaque psoriasis: keratinocytes, dendritic cells and IL-23-driven Th17 cells of the "
            "skin add TNF-alpha and IL-17A to the blood",
            (("psoriasis", 1.0),),
            ("chiu2010", "lowes2014"),
        ),
    ),
    in_vitro=(
        ("p_TNF_0", 0.0),
        ("p_IL1_0", 0.0),
        ("p_IL6_0", 0.0),
        ("p_IL17_0", 0.0),
        ("p_IFNG_0", 0.0),
        ("p_IL7", 0.0),
    ),
    requires=("t_cells", "antigen_presentation", "estrogen"),
)

IMMUNE_BONE = Module(
    name="immune_bone",
    description=(
        "Immune and estrogen signals entering the bone core: RANKL and OPG from lymphocytes, "
        "stromal RANKL and M-CSF, osteoclast differentiation, survival and osteoblast function."
    ),
    expressions=(
        Expression(
            "rankl_stromal_mod",
            "(1 + a_TNF_RANKL*TNF_R1 + a_IL1_RANKL*IL1_sig + a_IL17_RANKL*IL17_sig "
            "+ a_IL6_RANKL*IL6_sig)/n_RANKL*(1 + a_E2_RANKL*E2_def_bone)",
            "",
            "RANKL on stromal cells and osteoblast precursors: raised by TNF (p55), IL-1, IL-17, "
            "IL-6 and by estrogen loss directly (S15, S16, S25, S33)",
        ),
        Expression(
            "RANKL_immune",
            "N_RANKL_T*(Th1 + Th17)*(1 + g_IL7_RANKL*IL7_sig) + N_RANKL_B*Bmat*B_act",
            "pM",
            "RANKL on activated T cells (raised by IL-7) and activated B cells (S11, S18, S39)",
        ),
        Expression(
            "OPG_immune",
            "p_OPG_B*Bmat*CD40_sig",
            "pM/day",
            "OPG from B cells, sustained by CD40L on resting T cells (S42)",
        ),
        Expression(
            "opg_mod",
            "1/(1 + a_E2_OPG*E2_def_bone)",
            "",
            "estrogen stimulates osteoblast OPG; its loss lowers it (S33)",
        ),
        Expression(
            "OPG_exo",
            "OPGFc + DMAB/(K_A_OPG*Kd_DMAB) + RANKFc*K_A_RANK/K_A_OPG + OPG_medium",
            "pM",
            "RANKL-binding drugs competing with RANK for RANKL, as the OPG concentration that "
            "would bind as much: OPG-Fc (OPG's affinity), denosumab (its own affinity) and "
            "RANK-Fc (RANK's affinity), and culture-medium OPG",
        ),
        Expression(
            "MCSF_from_T",
            "p_MCSF_T*T_act",
            "pM/day",
            "M-CSF secreted by activated T cells: in T-cell-depleted PBMC cultures osteoclasts "
            "form only when M-CSF and RANKL are added (S41)",
        ),
        Expression(
            "oc_diff_mod",
            precursor_response("TNF_R1", "IL1_sig", "IL6_sig", "IFNG_sig"),
            "",
            "precursor response to RANKL: TNF (p55), IL-1 and IL-6 raise it (together more than "
            "additively), IFN-gamma brakes maturing osteoclasts, CD137L ligation blocks fusion",
        ),
        Expression(
            "oc_rankl_indep",
            "k_SOFAT_OC*SOFAT/(SOFAT + K_SOFAT_OC)/(1 + a_CD137*CD137_sig)",
            "",
            "RANKL-independent, OPG-insensitive differentiation driven by SOFAT (S12, S13); "
            "precursors need far more SOFAT (K_SOFAT_OC) than osteoblasts need to make IL-6 "
            "(K_SOFAT), so the route is negligible at the SOFAT of resting effector cells and "
            "strong at that of TCR-stimulated ones",
        ),
        Expression(
            "oc_survival_mod",
            "(1 + a_E2_OCsurv*E2_def_bone)*(1 + a_TNF_surv*TNF_R1 + a_IL1_surv*IL1_sig)/n_OC_surv",
            "",
            "osteoclast survival: estrogen shortens osteoclast lifespan (its loss prolongs it); TNF "
            "and IL-1 are osteoclast survival factors",
        ),
        Expression(
            "mcsf_mod",
            "(1 + a_TNF_MCSF*TNF_R1)/n_MCSF",
            "",
            "stromal M-CSF raised by TNF through p55 (S15)",
        ),
        Expression(
            "ob_function_mod",
            "n_OB/(1 + a_TNF_OB*TNF_R1 + a_IL1_OB*IL1_sig)",
            "",
            "matrix synthesis per osteoblast, inhibited by TNF and IL-1 (S14)",
        ),
    ),
    processes=(
        Process(
            "DC_derived_OCp",
            "DC_to_OCp*w_cell_OCp",
            "pM/day",
            (("OCp", 1.0),),
            "dendritic cells join the osteoclast-precursor pool in inflammation (S26)",
            _SEED,
            claims=("S26",),
        ),
        Process(
            "B_derived_OCp",
            "B_to_OCp*w_cell_OCp",
            "pM/day",
            (("OCp", 1.0),),
            "B220+IgM- cells join the osteoclast-precursor pool (S39)",
            ("miyaura1997",),
            claims=("S39",),
        ),
    ),
    genotypes=(
        Genotype(
            "rankl_ko",
            "RANKL (Tnfsf11) knockout: no RANKL on lymphocytes either",
            (("N_RANKL_T", 0.0), ("N_RANKL_B", 0.0)),
            ("kong1999",),
        ),
        Genotype(
            "opg_ko",
            "OPG (Tnfrsf11b) knockout: no OPG from B cells either",
            (("p_OPG_B", 0.0),),
            ("bucay1998",),
        ),
    ),
    requires=("cytokines", "t_cells", "b_cells", "bone_cells", "osteoclast_precursors"),
)
