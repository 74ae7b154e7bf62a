"""The synovial joint: a local bone site where autoimmune inflammation erodes bone and cartilage.

Rheumatoid arthritis begins when tolerance to a joint self-antigen (citrullinated proteins) is
lost (``autoAg``, set by the condition). Naive CD4 T cells that recognise it are primed, expand
(methotrexate restrains the expansion, ``model/drugs.py``) and home to the synovium, where the
local IL-6/TGF-beta/IL-1 milieu makes a share of them Th17 (S25), which IL-23 from activated
macrophages then sustains (Langrish 2005). The T cells recruit blood
monocytes and activate them into synovial macrophages (contact, IFN-gamma); TNF made in the
joint amplifies that recruitment (McInnes & Schett 2011). Macrophage contact and the cytokines
activate fibroblast-like synoviocytes into an invasive pannus, which carries RANKL (raised by
IL-17 and TNF; Kotake 1999) and, with the activated T cells, recruits and differentiates
osteoclasts at the bone margin (Gravallese 1998; Pettit 2001). These osteoclasts erode bone, read
as the erosion part of the modified Sharp score; pannus MMPs driven by IL-1 and TNF destroy
cartilage, read as joint-space narrowing. Erosion repair is not modelled (it is rare, Schett &
Gravallese 2012).

Synovial cytokines are the serum level plus what the joint's own cells make, cleared locally
(``k_syn``); the joint also spills its production into the blood (``v_syn``), which raises serum
TNF, IL-1, IL-6 and IL-17 (RA-1) and so drives systemic bone loss through the same immune-bone
processes as any other inflammation (``model/cytokines.py``). Drugs act in the joint at their
serum concentration, through the same affinities as elsewhere. Without the autoantigen every
state of this module is exactly zero: a healthy joint has no erosion.

References
----------
McInnes IB, Schett G. The pathogenesis of rheumatoid arthritis. N Engl J Med 365:2205-2219
(2011). doi:10.1056/NEJMra1004965
Schett G, Gravallese E. Bone erosion in rheumatoid arthritis: mechanisms, diagnosis and
treatment. Nat Rev Rheumatol 8:656-664 (2012). doi:10.1038/nrrheum.2012.153
Gravallese EM, et al. Identification of cell types responsible for bone resorption in rheumatoid
arthritis and juvenile rheumatoid arthritis. Am J Pathol 152:943-951 (1998).
Kotake S, et al. IL-17 in synovial fluids from patients with rheumatoid arthritis is a potent
stimulator of osteoclastogenesis. J Clin Invest 103:1345-1352 (1999). doi:10.1172/JCI5703
Pettit AR, et al. TRANCE/RANKL knockout mice are protected from bone erosion in a serum transfer
model of arthritis. Am J Pathol 159:1689-1699 (2001).
Langrish CL, et al. IL-23 drives a pathogenic T cell population that induces autoimmune
inflammation. J Exp Med 201:233-240 (2005). doi:10.1084/jem.20041257
Haynes DR, et al. Osteoprotegerin and RANKL regulate osteoclast formation by cells in the human
rheumatoid arthritic joint. Rheumatology 40:623-630 (2001). doi:10.1093/rheumatology/40.6.623
Lipsky PE, et al. Infliximab and methotrexate in the treatment of rheumatoid arthritis (ATTRACT).
N Engl J Med 343:1594-1602 (2000). doi:10.1056/NEJM200011303432202
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

_RA = ("mcinnes2011", "seed003")
_EROSION = ("schett2012", "gravallese1998", "pettit2001")
_RA_CLAIMS = ("S23", "TRT-2")

SYNOVIAL_JOINT = Module(
    name="synovial_joint",
    description=(
        "A synovial joint beside the systemic skeleton: autoreactive Th1 and Th17 cells, "
        "activated synovial macrophages, pannus, osteoclasts at the bone margin, bone erosion "
        "and cartilage loss (Sharp units), exchanging cytokines with the blood."
    ),
    states=(
        State("Th1s", "cell/uL", "autoreactive Th1 effectors in the synovium", 0.0),
        State("Th17s", "cell/uL", "autoreactive Th17 effectors in the synovium", 0.0),
        State("Ms", "cell/uL", "activated synovial macrophages (recruited blood monocytes)", 0.0),
        State(
            "Pannus",
            "",
            "pannus: activated fibroblast-like synoviocytes at the joint margin, share of its "
            "full extent",
            0.0,
        ),
        State("OCj", "cell/uL", "osteoclasts at the pannus-bone interface", 0.0),
        State(
            "ERO",
            "",
            "bone erosion, modified Sharp (van der Heijde) erosion units",
            0.0,
            neutral=True,
        ),
        State(
            "JSN",
            "",
            "cartilage loss, modified Sharp joint-space-narrowing units",
            0.0,
            neutral=True,
        ),
    ),
    expressions=(
        Expression(
            "auto_priming",
            "k_auto*autoAg*TN4*co_stim*n_clone*mtx_T_inh/(1 + (Treg + Treg8)/K_Treg_sup)",
            "cell/uL/day",
            "autoreactive CD4 T cells primed by the joint self-antigen, expanded and homing to "
            "the synovium (Tregs suppress, methotrexate restrains the expansion); the "
            "autoreactive precursors are a negligible share of the naive pool",
        ),
        Expression("T_syn", "Th1s + Th17s", "cell/uL", "effector T cells in the synovium"),
        Expression(
            "TNF_made_s",
            "p_TNF_Ms*Ms + p_TNF_T*T_syn",
            "pg/mL/day",
            "TNF made in the synovium (macrophages, T cells)",
        ),
        Expression("IL1_made_s", "p_IL1_Ms*Ms", "pg/mL/day", "IL-1 made in the synovium"),
        Expression(
            "IL6_made_s",
            "p_IL6_Ms*Ms + p_IL6_FLS*Pannus*(1 + g_IL6_TNF*TNFs_R1 + g_IL6_IL1*IL1s_sig)",
            "pg/mL/day",
            "IL-6 made in the synovium (macrophages; synoviocytes, raised by TNF and IL-1)",
        ),
        Expression("IL17_made_s", "p_IL17_T*Th17s", "pg/mL/day", "IL-17A made by synovial Th17"),
        Expression("IFNG_made_s", "p_IFNG_T*Th1s", "pg/mL/day", "IFN-gamma made by synovial Th1"),
        Expression(
            "TNFs",
            "TNF + TNF_made_s/k_syn",
            "pg/mL",
            "synovial TNF-alpha (serum level plus local production)",
        ),
        Expression(
            "TNFs_free",
            "TNFs/TNF_block",
            "pg/mL",
            "synovial TNF not bound by anti-TNF drugs",
        ),
        Expression(
            "TNFs_R1",
            f"tnfr1*({tnfr_occupancy('TNFs_free')})",
            "",
            "TNFR1 (p55) signalling in the synovium",
        ),
        Expression("IL1s", "IL1 + IL1_made_s/k_syn", "pg/mL", "synovial IL-1"),
        Expression(
            "IL1s_sig",
            il1_signal("IL1s"),
            "",
            "IL-1 receptor signalling in the synovium",
        ),
        Expression("IL6s", "IL6 + IL6_made_s/k_syn", "pg/mL", "synovial IL-6"),
        Expression(
            "IL6s_sig",
            "1 - IL6_K_app/(IL6s + IL6_K_app)",
            "",
            "IL-6 (gp130) signalling in the synovium; tocilizumab competes for the receptor",
        ),
        Expression(
            "IL17s_free",
            "(IL17 + IL17_made_s/k_syn)/IL17_block",
            "pg/mL",
            "synovial IL-17A not bound by secukinumab",
        ),
        Expression(
            "IL17s_sig", "1 - K_IL17/(IL17s_free + K_IL17)", "", "IL-17 signal in the synovium"
        ),
        Expression(
            "IFNGs_sig",
            "ifngr*(1 - K_IFNG/(IFNG + IFNG_made_s/k_syn + K_IFNG))",
            "",
            "IFN-gamma receptor signal in the synovium",
        ),
        Expression(
            "milieu17s",
            "IL6s_sig*TGFb_T_sig*(1 + g_IL1_Th17*IL1s_sig)/(1 + g_IL1_Th17)",
            "",
            "synovial IL-6/TGF-beta/IL-1 milieu that polarises arriving CD4 cells to Th17",
        ),
        Expression(
            "Ms_recruitment",
            "k_Ms*monocyte_supply*T_syn*(1 + a_TNF_Ms*TNFs_R1)*(1 + a_IFNG_Ms*IFNGs_sig)",
            "cell/uL/day",
            "blood monocytes recruited and activated by synovial T cells (contact, IFN-gamma); "
            "TNF amplifies recruitment (endothelial adhesion molecules, chemokines)",
        ),
        Expression(
            "pannus_drive",
            "(1 - K_Ms_Pan/(Ms + K_Ms_Pan))*(1 + a_TNF_Pan*TNFs_R1 + a_IL17_Pan*IL17s_sig)"
            "/(1 + a_TNF_Pan + a_IL17_Pan)",
            "",
            "activation of synoviocytes into invasive pannus by macrophage contact, TNF and IL-17",
        ),
        Expression(
            "RANKL_s",
            "(N_RANKL_FLS*Pannus*(1 + a_IL17_RANKL*IL17s_sig + a_TNF_RANKL*TNFs_R1)"
            " + N_RANKL_T*T_syn)/(1 + K_A_OPG*OPG_exo)",
            "pM",
            "free RANKL at the pannus-bone interface: on synoviocytes (raised by IL-17 and TNF) "
            "and activated T cells, bound by RANKL-binding drugs; the inflamed synovium makes "
            "little OPG of its own (Haynes 2001), so marrow OPG does not reach it",
        ),
        Expression(
            "oc_drive_s",
            "(1 - K_RANKL_s/(RANKL_s + K_RANKL_s))*"
            + precursor_response("TNFs_R1", "IL1s_sig", "IL6s_sig", "IFNGs_sig"),
            "",
            "osteoclastogenic drive at the pannus front: RANK signalling with the precursor "
            "responsiveness that TNF, IL-1 and IL-6 raise and IFN-gamma brakes (as in marrow)",
        ),
        Expression(
            "mmp_drive",
            "(IL1s_sig + TNFs_R1)/2",
            "",
            "matrix metalloproteinase output of pannus, driven by IL-1 and TNF",
        ),
    ),
    processes=(
        Process(
            "Th1s_influx",
            "auto_priming*(1 - f_Th17*milieu17s)",
            "cell/uL/day",
            (("Th1s", 1.0),),
            "primed autoreactive CD4 cells arrive in the synovium as Th1 effectors",
            _RA,
            claims=_RA_CLAIMS,
        ),
        Process(
            "Th17s_influx",
            "auto_priming*f_Th17*milieu17s",
            "cell/uL/day",
            (("Th17s", 1.0),),
            "the synovial IL-6/TGF-beta/IL-1 milieu makes a share of them Th17 (S25)",
            ("sato2006", "kotake1999"),
            claims=("S25", "S23"),
        ),
        Process(
            "Th1s_death",
            "eff_death*Th1s",
            "cell/uL/day",
            (("Th1s", -1.0),),
            "synovial Th1 death (IL-7 prolongs, RANKL reverse signalling shortens)",
            _RA,
            claims=_RA_CLAIMS,
        ),
        Process(
            "Th17s_death",
            "eff_death*Th17s/(1 + g_IL23_Th17*Ms/(Ms + K_Ms_IL23))",
            "cell/uL/day",
            (("Th17s", -1.0),),
            "synovial Th17 death, slowed by IL-23 from activated macrophages",
            ("langrish2005",),
            claims=("S25", "S23"),
        ),
        Process(
            "Ms_influx",
            "Ms_recruitment",
            "cell/uL/day",
            (("Ms", 1.0),),
            "monocytes recruited into the inflamed synovium become activated macrophages",
            _RA,
            claims=_RA_CLAIMS,
        ),
        Process(
            "Ms_loss",
            "d_Ms*Ms",
            "cell/uL/day",
            (("Ms", -1.0),),
            "synovial macrophages die or leave",
            _RA,
            claims=_RA_CLAIMS,
        ),
        Process(
            "pannus_growth",
            "r_Pan*pannus_drive*(1 - Pannus)",
            "1/day",
            (("Pannus", 1.0),),
            "synoviocytes activated by macrophages, TNF and IL-17 proliferate and invade",
            ("mcinnes2011", "kotake1999"),
            claims=("S23", "S25", "TRT-2"),
        ),
        Process(
            "pannus_regression",
            "d_Pan*Pannus",
            "1/day",
            (("Pannus", -1.0),),
            "pannus regresses when no longer driven",
            _RA,
            claims=_RA_CLAIMS,
        ),
        Process(
            "OCj_formation",
            "k_OCj*monocyte_supply*pi_MCSF*Pannus*oc_drive_s",
            "cell/uL/day",
            (("OCj", 1.0),),
            "monocyte-derived precursors become osteoclasts where pannus meets bone (S23, S24); "
            "M-CSF is needed",
            _EROSION,
            claims=("S23", "S24", "S25", "TRT-2"),
        ),
        Process(
            "OCj_apoptosis",
            "oc_death_rate*OCj",
            "cell/uL/day",
            (("OCj", -1.0),),
            "osteoclasts at the erosion front die like marrow osteoclasts",
            _EROSION,
            claims=_RA_CLAIMS,
        ),
        Process(
            "bone_erosion",
            "k_ero*OCj",
            "1/day",
            (("ERO", 1.0),),
            "osteoclasts at the pannus front erode bone (not repaired)",
            _EROSION,
            claims=("S23", "S24", "TRT-2"),
        ),
        Process(
            "cartilage_loss",
            "k_jsn*Pannus*mmp_drive",
            "1/day",
            (("JSN", 1.0),),
            "pannus MMPs driven by IL-1 and TNF destroy cartilage (joint-space narrowing)",
            ("mcinnes2011",),
            claims=("TRT-2",),
        ),
        *antibody_depletion(
            "aCD4", (("Th1s", "synovial Th1 effectors"), ("Th17s", "synovial Th17 cells"))
        ),
    ),
    observables=(
        Observable(
            "erosion_score", "ERO", "", "joint erosion, modified Sharp erosion units (0 healthy)"
        ),
        # joint-space narrowing and the modified Sharp score are radiographic scores of human
        # hands and feet; erosion is read in both species
        Observable(
            "jsn_score",
            "JSN",
            "",
            "joint-space narrowing, modified Sharp units (0 healthy)",
            species=("human",),
        ),
        Observable(
            "sharp_score",
            "ERO + JSN",
            "",
            "modified Sharp score: erosion plus joint-space narrowing",
            species=("human",),
        ),
        Observable("synovial_tnf_pg_ml", "TNFs", "pg/mL", "synovial TNF-alpha"),
        Observable("synovial_il6_pg_ml", "IL6s", "pg/mL", "synovial IL-6"),
        Observable("synovial_rankl_pm", "RANKL_s", "pM", "free RANKL at the pannus-bone interface"),
    ),
    conditions=(
        Condition(
            "rheumatoid_arthritis",
            "rheumatoid arthritis from `at` on: tolerance to a joint self-antigen is lost, so "
            "autoreactive T cells, macrophages and pannus inflame the synovium and erode bone",
            (("autoAg", 1.0),),
            ("mcinnes2011",),
        ),
        Condition(
            "psoriatic_arthritis",
            "psoriatic arthritis from `at` on: psoriatic skin (TNF-alpha, IL-17A) with synovitis "
            "in which autoreactive T cells, macrophages and pannus erode bone",
            (("autoAg", 1.0), ("psoriasis", 1.0)),
            ("chiu2010", "ritchlin2003"),
        ),
    ),
    genotypes=(
        Genotype(
            "tnf_ko",
            "TNF-alpha knockout: no TNF from synovial macrophages either",
            (("p_TNF_Ms", 0.0),),
            ("roggia2001",),
        ),
        Genotype(
            "rankl_ko",
            "RANKL (Tnfsf11) knockout: no RANKL on synoviocytes either",
            (("N_RANKL_FLS", 0.0),),
            ("kong1999", "pettit2001"),
        ),
    ),
    requires=("t_cells", "cytokines", "immune_bone", "bone_cells", "hematopoiesis", "drugs"),
)
