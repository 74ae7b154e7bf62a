"""Periprosthetic tissue: a local bone site where wear debris from a joint prosthesis drives
osteolysis, first through T cells and later under the restraint of osteoclast-induced CD8 Tregs.

A prosthesis sheds wear particles (``wear``, set by the wear-debris condition) into the membrane
that forms between implant and bone, where they accumulate and are cleared only slowly
(``Wd``). Macrophages that take them up cannot digest them; they make TNF-alpha and IL-1 and
present particle-bound proteins and metal-ion haptens to CD4 T cells, which are primed, expand
and home to the membrane (``Tw``). Those effectors carry RANKL; with the RANKL that fibroblasts
of the membrane express and the local OPG, it makes osteoclasts at the bone-implant interface
(``OCw``) with the same precursor responsiveness to TNF, IL-1 and IL-6 as in marrow. Osteoclast
formation in this early phase therefore depends on T cells and on RANKL: PBMC of patients form
osteoclasts only with their T cells, and RANK-Fc blocks it (Roato et al. 2010; S31).

Osteoclasts present antigen too: they cross-present it to CD8 T cells and induce FoxP3 in them
(Kiesel et al. 2009), the same route as in marrow (``oc_treg8_route``). In the membrane those
CD8 Tregs (``T8w``) accumulate as osteoclasts do and suppress the CD4 effectors, so the lesion
passes from a T-cell-driven early phase to a later one in which CD8 cells are regulatory and CD4
cells are not activated (Roato et al. 2010). The particle-laden membrane does not let osteoblasts
refill resorbed bone where its TNF exceeds the serum level: what is resorbed and not refilled is
the osteolytic lesion, read as ``periprosthetic_osteolysis_cm3``.

Whether the osteolysis needs lymphocytes at all is disputed: particle-induced calvarial osteolysis
in mice proceeds without T and B cells (Taki et al. 2005). The share of membrane RANKL made by
fibroblasts under particle-activated macrophages (``N_RANKL_fib_w``) decides it: by default it is
small and the early osteolysis is T-cell-dependent, as in patients; raised, it makes the lesion
independent of T cells, as in the mouse calvaria. Without wear debris this module changes no bone.

References
----------
Roato I, et al. Osteoclastogenesis in peripheral blood mononuclear cell cultures of periprosthetic
osteolysis patients and the phenotype of T cells localized in periprosthetic tissues.
Biomaterials 31:7519-7525 (2010). doi:10.1016/j.biomaterials.2010.06.024
Kiesel JR, Buchwald ZS, Aurora R. Cross-presentation by osteoclasts induces FoxP3 in CD8+ T
cells. J Immunol 182:5477-5487 (2009). doi:10.4049/jimmunol.0803897
Childs LM, et al. In vivo RANK signaling blockade using the receptor activator of NF-kappaB:Fc
effectively prevents and ameliorates wear debris-induced osteolysis. J Bone Miner Res 17:192-199
(2002). doi:10.1359/jbmr.2002.17.2.192
Taki N, et al. Polyethylene and titanium particles induce osteolysis by similar,
lymphocyte-independent, mechanisms. J Orthop Res 23:376-383 (2005).
Harris WH. Wear and periprosthetic osteolysis: the problem. Clin Orthop Relat Res 393:66-70
(2001).
"""

from __future__ import annotations

from osteoimmune.model.cytokines import il1_signal, precursor_response, tnfr_occupancy
from osteoimmune.model.declarations import (
    Condition,
    Expression,
    Genotype,
    Module,
    Observable,
    Process,
    State,
)
from osteoimmune.model.drugs import antibody_depletion

_WEAR = ("harris2001",)
_LESION = ("roato2010", "kiesel2009")
_CLAIMS = ("S31",)

PERIPROSTHETIC = Module(
    name="periprosthetic_tissue",
    description=(
        "Periprosthetic tissue beside the systemic skeleton: wear debris, particle-activated "
        "macrophages, CD4 effectors carrying RANKL, osteoclasts at the bone-implant interface, "
        "osteoclast-induced CD8 Tregs restraining the effectors, and the osteolytic lesion."
    ),
    states=(
        State(
            "Wd",
            "",
            "wear debris in the periprosthetic membrane (1 = the steady burden of a typical "
            "polyethylene wear rate)",
            0.0,
        ),
        State("Tw", "cell/uL", "CD4 effector T cells in the periprosthetic membrane", 0.0),
        State(
            "T8w",
            "cell/uL",
            "CD8 FoxP3+ regulatory T cells in the periprosthetic membrane, induced by its "
            "osteoclasts",
            0.0,
        ),
        State("OCw", "cell/uL", "osteoclasts at the bone-implant interface", 0.0),
        State(
            "OSL",
            "cm^3",
            "periprosthetic osteolytic lesion (bone resorbed and not refilled)",
            0.0,
            neutral=True,
        ),
    ),
    expressions=(
        Expression(
            "Mw_act",
            "Wd/(Wd + K_Wd)",
            "",
            "particle-laden, activated macrophages of the membrane (share of their maximum)",
        ),
        Expression(
            "TNFw",
            "TNF + (p_TNF_w*Mw_act + p_TNF_T*Tw)/k_w",
            "pg/mL",
            "membrane TNF-alpha: serum level plus what particle-activated macrophages and "
            "effector T cells make",
        ),
        Expression(
            "TNFw_R1",
            f"tnfr1*({tnfr_occupancy('(TNFw/TNF_block)')})",
            "",
            "TNFR1 (p55) signalling in the membrane (anti-TNF drugs act at their serum level)",
        ),
        Expression("IL1w", "IL1 + p_IL1_w*Mw_act/k_w", "pg/mL", "membrane IL-1"),
        Expression("IL1w_sig", il1_signal("IL1w"), "", "IL-1 receptor signalling in the membrane"),
        Expression(
            "RANKL_w",
            "N_RANKL_T*f_RANKL_Tw*Tw + N_RANKL_fib_w*Mw_act",
            "pM",
            "membrane RANKL: on effector T cells, and on fibroblasts that particle-activated "
            "macrophages stimulate",
        ),
        Expression(
            "RANKL_w_free",
            "RANKL_w/(1 + K_A_OPG*(OPG_w + OPG_exo))",
            "pM",
            "membrane RANKL not bound by local OPG or by RANKL-binding drugs",
        ),
        Expression(
            "oc_drive_w",
            "(1 - K_RANKL_w/(RANKL_w_free + K_RANKL_w))*"
            + precursor_response("TNFw_R1", "IL1w_sig", "IL6_sig", "IFNG_sig"),
            "",
            "osteoclastogenic drive at the bone-implant interface: RANK signalling by free RANKL, "
            "with the precursor responsiveness that TNF, IL-1 and IL-6 raise (as in marrow)",
        ),
        Expression(
            "uncoupling_w",
            "1 - 1/(1 + u_TNF_w*(TNFw_R1 - TNF_R1))",
            "",
            "share of interface resorption that osteoblasts do not refill: TNF made in the "
            "membrane (beyond the serum level every bone sees) suppresses coupled formation",
        ),
        Expression(
            "OC_T8w_sig",
            "OCw/(OCw + K_OC_T8w)",
            "",
            "cross-presentation of antigen by interface osteoclasts to CD8 T cells",
        ),
    ),
    processes=(
        Process(
            "debris_release",
            "k_wd*wear",
            "1/day",
            (("Wd", 1.0),),
            "the articulating surfaces shed wear particles into the periprosthetic membrane",
            _WEAR,
            claims=_CLAIMS,
        ),
        Process(
            "debris_clearance",
            "k_wd*Wd",
            "1/day",
            (("Wd", -1.0),),
            "particles leave the membrane only slowly (lymphatic drainage of laden macrophages)",
            _WEAR,
            claims=_CLAIMS,
        ),
        Process(
            "Tw_priming",
            "k_Tw*Mw_act*TN4*co_stim*n_clone*mtx_T_inh"
            "/((1 + (Treg + Treg8)/K_Treg_sup)*(1 + T8w/K_T8w_sup))",
            "cell/uL/day",
            (("Tw", 1.0),),
            "CD4 cells primed by particle-laden macrophages expand and home to the membrane; "
            "systemic Tregs and the membrane's osteoclast-induced CD8 Tregs suppress them",
            _LESION,
            claims=_CLAIMS,
        ),
        Process(
            "Tw_death",
            "eff_death*Tw",
            "cell/uL/day",
            (("Tw", -1.0),),
            "membrane effector T cells die like other effectors",
            _LESION,
            claims=_CLAIMS,
        ),
        Process(
            "T8w_induction",
            "k_T8w*oc_treg8_route*OC_T8w_sig*TN8",
            "cell/uL/day",
            (("T8w", 1.0),),
            "interface osteoclasts cross-present antigen to CD8 T cells and induce FoxP3 "
            "(Kiesel 2009), as marrow osteoclasts do",
            _LESION,
            claims=_CLAIMS,
        ),
        Process(
            "T8w_death",
            "d_Treg*T8w",
            "cell/uL/day",
            (("T8w", -1.0),),
            "membrane CD8 Tregs die like other Tregs",
            _LESION,
            claims=_CLAIMS,
        ),
        Process(
            "OCw_formation",
            "k_OCw*monocyte_supply*pi_MCSF*oc_drive_w/(1 + T8w/K_T8w_OC)",
            "cell/uL/day",
            (("OCw", 1.0),),
            "monocyte-derived precursors become osteoclasts at the bone-implant interface "
            "(M-CSF is needed); the membrane's CD8 Tregs suppress their differentiation without "
            "contact, through IL-10 and IFN-gamma (Buchwald 2012)",
            (*_LESION, "childs2002", "buchwald2012"),
            claims=_CLAIMS,
        ),
        Process(
            "OCw_apoptosis",
            "oc_death_rate*OCw",
            "cell/uL/day",
            (("OCw", -1.0),),
            "interface osteoclasts die like marrow osteoclasts",
            _LESION,
            claims=_CLAIMS,
        ),
        Process(
            "osteolysis",
            "k_osl*OCw*uncoupling_w",
            "cm^3/day",
            (("OSL", 1.0),),
            "interface resorption that the inflamed membrane keeps osteoblasts from refilling "
            "is the osteolytic lesion",
            (*_WEAR, "childs2002"),
            claims=_CLAIMS,
        ),
        *antibody_depletion("aCD4", (("Tw", "membrane CD4 effectors"),)),
        *antibody_depletion("aCD8", (("T8w", "membrane CD8 Tregs"),)),
    ),
    observables=(
        Observable(
            "periprosthetic_osteolysis_cm3",
            "OSL",
            "cm^3",
            "periprosthetic osteolytic lesion volume (0 without wear debris)",
            species=("human",),  # a hip prosthesis's lesion, read on CT
        ),
        Observable(
            "periprosthetic_osteoclasts_per_ul",
            "OCw",
            "1/uL",
            "osteoclasts at the bone-implant interface",
        ),
        Observable(
            "periprosthetic_cd4_effectors_per_ul",
            "Tw",
            "1/uL",
            "CD4 effector T cells in the periprosthetic membrane",
        ),
        Observable(
            "periprosthetic_cd8_tregs_per_ul",
            "T8w",
            "1/uL",
            "CD8 FoxP3+ regulatory T cells in the periprosthetic membrane",
        ),
    ),
    conditions=(
        Condition(
            "wear_debris",
            "a joint prosthesis sheds polyethylene wear particles into the periprosthetic "
            "membrane at a typical rate",
            (("wear", 1.0),),
            _WEAR,
        ),
    ),
    genotypes=(
        Genotype(
            "tnf_ko",
            "TNF-alpha knockout: no TNF from particle-laden macrophages either",
            (("p_TNF_w", 0.0),),
            ("roggia2001",),
        ),
        Genotype(
            "rankl_ko",
            "RANKL (Tnfsf11) knockout: no RANKL in the periprosthetic membrane either",
            (("N_RANKL_fib_w", 0.0),),
            ("kong1999",),
        ),
        Genotype(
            "opg_ko",
            "OPG (Tnfrsf11b) knockout: no OPG in the periprosthetic membrane either",
            (("OPG_w", 0.0),),
            ("bucay1998",),
        ),
    ),
    requires=(
        "t_cells",
        "cytokines",
        "immune_bone",
        "bone_cells",
        "hematopoiesis",
        "drugs",
    ),
)
