"""Alveolar bone: a local bone site where a dysbiotic biofilm drives periodontal bone loss.

Dental plaque accumulates in the gingival crevice whenever it is not removed (``plaque_acc``, set
by the gingivitis and periodontitis conditions; ``care``, set by the dental-care condition,
removes it). A commensal biofilm stays above the junctional epithelium, so little of it reaches
the tissue: the gingiva inflames (innate TNF and IL-1 from resident macrophages and neutrophils
lower fibroblast OPG) but the lesion stays small and reversible, which is gingivitis (Loe et al.
1965; Page & Schroeder 1976). A biofilm colonised by a keystone pathogen (``f_Pg``; Porphyromonas
gingivalis, whose gingipains breach the epithelium and subvert the host response; Hajishengallis
et al. 2012) exposes the tissue to far more bacterial product. Toll-like-receptor signals then
bring an adaptive lesion: T cells primed against bacterial antigen and B cells recruited and
activated by TLR ligands with T-cell help, which make up about half of the infiltrate each, and
most of which carry RANKL (Kawai et al. 2006; S27). RANKL from the lesion and from the periodontal
ligament, bound by the local OPG (and by any RANKL-binding drug, S24), makes osteoclasts on the
alveolar crest with the same precursor responsiveness to TNF, IL-1 and IL-6 as in marrow.

In health the crest is remodeled in balance: osteoblasts refill what osteoclasts remove. Local
TNF beyond what the blood brings uncouples formation from resorption (Graves et al. 2011), so the
resorbed share that is not refilled becomes permanent loss of crest height, read as
``alveolar_bone_loss_mm``. Without local inflammation this module changes no bone at all.

References
----------
Loe H, Theilade E, Jensen SB. Experimental gingivitis in man. J Periodontol 36:177-187 (1965).
Loe H, et al. The natural history of periodontal disease in man: the rate of periodontal
destruction before 40 years of age. J Periodontol 49:607-620 (1978).
Page RC, Schroeder HE. Pathogenesis of inflammatory periodontal disease. Lab Invest 34:235-249
(1976).
Hajishengallis G, Darveau RP, Curtis MA. The keystone-pathogen hypothesis. Nat Rev Microbiol
10:717-725 (2012). doi:10.1038/nrmicro2873
Kawai T, et al. B and T lymphocytes are the primary sources of RANKL in the bone resorptive
lesion of periodontal disease. Am J Pathol 169:987-998 (2006). doi:10.2353/ajpath.2006.060180
Bostanci N, et al. Gingival crevicular fluid levels of RANKL and OPG in periodontal diseases:
implications of their relative ratio. J Clin Periodontol 34:370-376 (2007).
Graves DT, Li J, Cochran DL. Inflammation and uncoupling as mechanisms of periodontal bone loss.
J Dent Res 90:143-153 (2011). doi:10.1177/0022034510385236
Oliver-Bell J, et al. Periodontitis in the absence of B cells and specific anti-bacterial
antibody. Mol Oral Microbiol 30:160-169 (2015). doi:10.1111/omi.12082
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

_PLAQUE = ("loe1965",)
_LESION = ("kawai2006", "page1976")
_PERIO_CLAIMS = ("PER-1", "PER-2", "S27")

ALVEOLAR_BONE = Module(
    name="alveolar_bone",
    description=(
        "Alveolar bone beside the systemic skeleton: subgingival biofilm, TLR-driven gingival T "
        "and B cells carrying RANKL, gingival RANKL and OPG, osteoclasts on the alveolar crest and "
        "crest height lost where inflammation uncouples formation from resorption."
    ),
    states=(
        State(
            "Plq",
            "",
            "subgingival biofilm load (1 = mature biofilm that is never removed)",
            0.0,
        ),
        State("Tg", "cell/uL", "effector T cells in the gingival lesion", 0.0),
        State("Bg", "cell/uL", "B cells in the gingival lesion", 0.0),
        State("OCg", "cell/uL", "osteoclasts on the alveolar crest", 0.0),
        State(
            "ABL",
            "mm",
            "alveolar crest height lost (not refilled)",
            0.0,
            neutral=True,
        ),
    ),
    expressions=(
        Expression(
            "chal_g",
            "Plq*(e_comm + f_Pg*(1 - e_comm))",
            "",
            "bacterial product reaching the gingival tissue: a commensal biofilm stays above the "
            "junctional epithelium, a keystone pathogen breaches it",
        ),
        Expression(
            "TLR_g",
            "1 - K_TLR_g/(chal_g + K_TLR_g)",
            "",
            "Toll-like-receptor signalling in the gingiva",
        ),
        Expression(
            "TNFg",
            "TNF + (p_TNF_inn*TLR_g + p_TNF_T*Tg)/k_gin",
            "pg/mL",
            "gingival TNF-alpha: serum level plus what resident innate cells (TLR) and lesion T "
            "cells make",
        ),
        Expression(
            "TNFg_R1",
            f"tnfr1*({tnfr_occupancy('(TNFg/TNF_block)')})",
            "",
            "TNFR1 (p55) signalling in the gingiva (anti-TNF drugs act at their serum level)",
        ),
        Expression("IL1g", "IL1 + p_IL1_inn*TLR_g/k_gin", "pg/mL", "gingival IL-1"),
        Expression(
            "IL1g_sig",
            il1_signal("IL1g"),
            "",
            "IL-1 receptor signalling in the gingiva",
        ),
        Expression(
            "B_RANKL_share",
            "f_RANKL_B0 + (1 - f_RANKL_B0)*TLR_g",
            "",
            "share of gingival B cells carrying RANKL: TLR signals raise it (S27)",
        ),
        Expression(
            "RANKL_Bg",
            "N_RANKL_Bg*Bg*B_RANKL_share",
            "pM",
            "RANKL on gingival B cells",
        ),
        Expression(
            "RANKL_g",
            "N_RANKL_PDL + RANKL_Bg + N_RANKL_T*f_RANKL_Tg*Tg",
            "pM",
            "gingival RANKL: periodontal ligament and gingival fibroblasts, lesion B and T cells",
        ),
        Expression(
            "OPG_g",
            "OPG_PDL*(1 - r_OPG_TLR*TLR_g)",
            "pM",
            "gingival OPG from periodontal ligament and gingival fibroblasts, lowered by the "
            "inflamed tissue (Bostanci 2007)",
        ),
        Expression(
            "RANKL_g_free",
            "RANKL_g/(1 + K_A_OPG*(OPG_g + OPG_exo))",
            "pM",
            "gingival RANKL not bound by OPG or by RANKL-binding drugs",
        ),
        Expression(
            "oc_drive_g",
            "(1 - K_RANKL_g/(RANKL_g_free + K_RANKL_g))*"
            + precursor_response("TNFg_R1", "IL1g_sig", "IL6_sig", "IFNG_sig"),
            "",
            "osteoclastogenic drive on the alveolar crest: RANK signalling by free RANKL, with the "
            "precursor responsiveness that TNF, IL-1 and IL-6 raise (as in marrow)",
        ),
        Expression(
            "uncoupling_g",
            "1 - 1/(1 + u_TNF_g*(TNFg_R1 - TNF_R1))",
            "",
            "share of crest resorption that osteoblasts do not refill: TNF made in the gingiva "
            "(beyond the serum level every bone sees) suppresses coupled formation",
        ),
    ),
    processes=(
        Process(
            "plaque_accumulation",
            "k_plq*(plaque_acc - Plq)",
            "1/day",
            (("Plq", 1.0),),
            "the subgingival biofilm matures towards the load that is left to accumulate (and "
            "recedes when less is left)",
            _PLAQUE,
            claims=_PERIO_CLAIMS,
        ),
        Process(
            "plaque_removal",
            "k_care*care*Plq",
            "1/day",
            (("Plq", -1.0),),
            "brushing and professional cleaning remove the biofilm",
            ("loe1978",),
            claims=("PER-1",),
        ),
        Process(
            "Tg_priming",
            "k_Tg*chal_g*TN4*co_stim*n_clone*mtx_T_inh*(1 + a_B_APC*Bg/(Bg + K_Bg_APC))"
            "/((1 + a_B_APC)*(1 + (Treg + Treg8)/K_Treg_sup))",
            "cell/uL/day",
            (("Tg", 1.0),),
            "CD4 cells primed against bacterial antigen expand and home to the gingiva; lesion B "
            "cells presenting the antigen raise the priming, Tregs suppress it",
            _LESION,
            claims=_PERIO_CLAIMS,
        ),
        Process(
            "Tg_death",
            "eff_death*Tg",
            "cell/uL/day",
            (("Tg", -1.0),),
            "gingival effector T cells die like other effectors",
            _LESION,
            claims=_PERIO_CLAIMS,
        ),
        Process(
            "Bg_recruitment",
            "k_Bg*Bmat*TLR_g*Tg/(Tg + K_Bg_help)",
            "cell/uL/day",
            (("Bg", 1.0),),
            "blood B cells recruited and activated in the gingiva by TLR ligands with T-cell help",
            ("kawai2006", "oliverbell2015"),
            claims=("S27", "PER-2"),
        ),
        Process(
            "Bg_loss",
            "d_Bg*Bg",
            "cell/uL/day",
            (("Bg", -1.0),),
            "gingival B cells die or leave",
            _LESION,
            claims=("S27",),
        ),
        Process(
            "OCg_formation",
            "k_OCg*monocyte_supply*pi_MCSF*oc_drive_g",
            "cell/uL/day",
            (("OCg", 1.0),),
            "monocyte-derived precursors become osteoclasts on the alveolar crest (M-CSF is needed)",
            ("kawai2006", "graves2011"),
            claims=("S24", "S27", "PER-1", "PER-2"),
        ),
        Process(
            "OCg_apoptosis",
            "oc_death_rate*OCg",
            "cell/uL/day",
            (("OCg", -1.0),),
            "crest osteoclasts die like marrow osteoclasts",
            ("graves2011",),
            claims=("PER-1",),
        ),
        Process(
            "crest_loss",
            "k_abl*OCg*uncoupling_g",
            "mm/day",
            (("ABL", 1.0),),
            "crest resorption that inflammation keeps osteoblasts from refilling is lost height",
            ("graves2011",),
            claims=("S24", "S27", "PER-1"),
        ),
        *antibody_depletion("aCD4", (("Tg", "gingival CD4 effectors"),)),
    ),
    observables=(
        Observable(
            "alveolar_bone_loss_mm",
            "ABL",
            "mm",
            "periodontal bone loss (0 without periodontitis)",
        ),
        Observable(
            "gingival_rankl_opg_ratio",
            "RANKL_g/OPG_g",
            "",
            "gingival RANKL/OPG (molar ratio of total proteins, as measured in crevicular fluid)",
        ),
        Observable("gingival_b_cell_rankl_pm", "RANKL_Bg", "pM", "RANKL on gingival B cells"),
        Observable(
            "gingival_lymphocytes_per_ul",
            "Tg + Bg",
            "1/uL",
            "T and B cells in the gingival lesion",
        ),
    ),
    conditions=(
        Condition(
            "gingivitis",
            "plaque is not removed, but the biofilm stays commensal: the gingiva inflames, no "
            "keystone pathogen breaches the epithelium",
            (("plaque_acc", 1.0),),
            _PLAQUE,
        ),
        Condition(
            "periodontitis",
            "plaque-driven periodontitis: the biofilm accumulates and a keystone pathogen "
            "(P. gingivalis) colonises it and breaches the junctional epithelium",
            (("plaque_acc", 1.0), ("f_Pg", 1.0)),
            ("hajishengallis2012", "loe1978"),
        ),
        Condition(
            "dental_care",
            "regular brushing and professional cleaning remove the biofilm",
            (("care", 1.0),),
            ("loe1978",),
        ),
    ),
    genotypes=(
        Genotype(
            "tnf_ko",
            "TNF-alpha knockout: no TNF from gingival innate cells either",
            (("p_TNF_inn", 0.0),),
            ("roggia2001",),
        ),
        Genotype(
            "rankl_ko",
            "RANKL (Tnfsf11) knockout: no RANKL in the periodontium either",
            (("N_RANKL_PDL", 0.0), ("N_RANKL_Bg", 0.0)),
            ("kong1999",),
        ),
        Genotype(
            "opg_ko",
            "OPG (Tnfrsf11b) knockout: no OPG in the periodontium either",
            (("OPG_PDL", 0.0),),
            ("bucay1998",),
        ),
    ),
    requires=(
        "t_cells",
        "b_cells",
        "cytokines",
        "immune_bone",
        "bone_cells",
        "hematopoiesis",
        "drugs",
    ),
)
