"""The bone core: osteoblast and osteoclast lineages, RANKL/RANK/OPG, TGF-beta, PTH, M-CSF,
bone volume in a trabecular and a cortical compartment, BMD and turnover markers; and the PTH
signalling in osteoblasts that makes intermittent PTH anabolic.

The cell module follows the structure of Pivonka et al. (2008) (RANKL on osteoblast
precursors, OPG from active osteoblasts, TGF-beta released by resorption), extended with what the
seeds require: a dynamic osteoclast-precursor pool fed from the monocyte lineage and expanded by
M-CSF, M-CSF-dependent differentiation and osteoclast survival, and RANKL-driven resorbing
activity per osteoclast. With those extensions switched to their neutral values the module is
exactly Pivonka 2008 (parameter set ``pivonka2008``).

References
----------
Pivonka P, Zimak J, Smith DW, et al. Model structure and control of bone remodeling: a
theoretical study. Bone 43:249-263 (2008). doi:10.1016/j.bone.2008.03.025
Lemaire V, et al. J Theor Biol 229:293-309 (2004). doi:10.1016/j.jtbi.2004.03.023
Teitelbaum SL. Bone resorption by osteoclasts. Science 289:1504-1508 (2000).
Bellido T, et al. Proteasomal degradation of Runx2 shortens parathyroid hormone-induced
anti-apoptotic signaling in osteoblasts. J Biol Chem 278:50259-50272 (2003).
doi:10.1074/jbc.M307444200
Martin RB. Porosity and specific surface of bone. Crit Rev Biomed Eng 10:179-222 (1984).
Ruffoni D, et al. The bone mineralization density distribution as a fingerprint of the
mineralization process. Bone 40:1308-1319 (2007). doi:10.1016/j.bone.2007.01.012
Martinez-Reina J, Pivonka P. Effects of long-term treatment of denosumab on bone mineral density:
insights from an in-silico model of bone mineralization. Bone 125:87-95 (2019).
Li X, et al. Targeted deletion of the sclerostin gene in mice results in increased bone
formation and bone strength. J Bone Miner Res 23:860-869 (2008).
Peterson MC, Riggs MM. A physiologically based mathematical model of integrated calcium
homeostasis and bone remodeling. Bone 46:49-63 (2010). doi:10.1016/j.bone.2009.08.053
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    CellGroup,
    Condition,
    Expression,
    Genotype,
    Input,
    Module,
    Observable,
    Process,
    State,
)

_PIV = ("pivonka2008",)

BONE_CELLS = Module(
    name="bone_cells",
    description=(
        "Osteoblast lineage (uncommitted -> precursor -> active), active osteoclasts, TGF-beta, "
        "PTH, RANKL/RANK/OPG binding at quasi-steady state (Pivonka 2008 structure)."
    ),
    states=(
        State("OBp", "pM", "osteoblast precursors (RANKL-expressing)", 6.2e-4),
        State("OBa", "pM", "active osteoblasts (OPG-producing, matrix-forming)", 5.6e-4),
        State("OCa", "pM", "active (resorbing) osteoclasts", 8.1e-4),
    ),
    expressions=(
        Expression(
            "PTH",
            "(beta_PTH*pth_secretion + P_PTH)/D_PTH + PTH_exo",
            "pM",
            "PTH at quasi-steady state (the gland's secretion, set by calcium where the model has "
            "mineral homeostasis), plus any infusion and any PTH analogue given as a drug "
            "(teriparatide)",
        ),
        Expression(
            "oc_activity",
            "f_res_basal + (1 - f_res_basal)*RANKL_RANK/(RANKL_RANK + K_RANKL_RANK_res)",
            "",
            "resorbing activity per osteoclast; RANKL stimulates it (seed 003)",
        ),
        Expression(
            "TGFb",
            "(alpha_TGFb*oc_activity*OCa + P_TGFb)/D_TGFb",
            "pM",
            "active TGF-beta released from matrix by resorption",
        ),
        Expression(
            "pi_act_TGFb_OBu",
            "TGFb/(TGFb + K_TGFb_OBu)",
            "",
            "TGF-beta activation of osteoblast commitment",
        ),
        Expression(
            "pi_rep_TGFb_OBp",
            "K_TGFb_OBp/(TGFb + K_TGFb_OBp)",
            "",
            "TGF-beta repression of precursor maturation",
        ),
        Expression(
            "pi_act_TGFb_OCa",
            "TGFb/(TGFb + K_TGFb_OCa)",
            "",
            "TGF-beta activation of osteoclast apoptosis",
        ),
        Expression(
            "PTH_stromal",
            "PTH_ref*(PTH/PTH_ref)**pth_t_sens",
            "pM",
            "the PTH signal that sets RANKL and OPG in stromal cells and osteoblast precursors: "
            "PTH itself where T cells sensitise them as in the young adult (pth_t_sens = 1), a "
            "blunted response to any departure from the young adult's PTH where T cells are "
            "missing",
        ),
        Expression(
            "pi_act_PTH",
            "PTH_stromal/(PTH_stromal + K_PTH_act)",
            "",
            "PTH activation of RANKL expression",
        ),
        Expression(
            "pi_rep_PTH",
            "K_PTH_rep/(PTH_stromal + K_PTH_rep)",
            "",
            "PTH repression of OPG expression",
        ),
        Expression(
            "OPG_production",
            "beta_OPG*OBa*pi_rep_PTH*opg_mod*wnt_opg",
            "pM/day",
            "OPG secretion by osteoblasts (estrogen and Wnt signalling raise it)",
        ),
        Expression(
            "OPG",
            "(OPG_production + OPG_immune + P_OPG)/((OPG_production + OPG_immune)/OPG_max + D_OPG)",
            "pM",
            "free OPG at quasi-steady state (osteoblast and B-cell OPG)",
        ),
        Expression(
            "RANKL_eff",
            "N_RANKL*OBp*pi_act_PTH*rankl_stromal_mod + RANKL_immune",
            "pM",
            "RANKL carrying capacity of osteoblast precursors and stromal cells (cytokines and "
            "estrogen modulate it) and of activated lymphocytes",
        ),
        Expression("RANK", "N_RANK*OCp", "pM", "RANK on osteoclast precursors"),
        Expression(
            "RANKL",
            "(RANKL_eff*(beta_RANKL + P_RANKL)/(beta_RANKL + D_RANKL*RANKL_eff) + RANKL_medium)"
            "/(1 + K_A_OPG*(OPG + OPG_exo) + K_A_RANK*RANK)",
            "pM",
            "free RANKL at quasi-steady state (production, decay, binding to OPG and RANK); "
            "soluble RANKL of a culture medium binds OPG and RANK the same way",
        ),
        Expression("RANKL_RANK", "K_A_RANK*RANKL*RANK", "pM", "RANKL-RANK complexes"),
        Expression(
            "pi_act_RANKL",
            "RANKL_RANK/(RANKL_RANK + K_RANKL_RANK_OCp)",
            "",
            "RANK signalling driving precursor differentiation",
        ),
        Expression("pi_MCSF", "MCSF/(MCSF + K_MCSF)", "", "c-Fms occupancy by M-CSF"),
        Expression(
            "oc_formation",
            "D_OCp*OCp*(pi_act_RANKL*oc_diff_mod + oc_rankl_indep)*(1 - e_MCSF_diff + e_MCSF_diff*pi_MCSF)",
            "pM/day",
            "osteoclast formation from precursors: RANKL signalling (modulated by cytokines) or "
            "the RANKL-independent SOFAT route, and (with e_MCSF_diff = 1) M-CSF",
        ),
        Expression(
            "oc_death_rate",
            "A_OCa*pi_act_TGFb_OCa*(1 + bp_oc_apoptosis)"
            "/((1 + g_MCSF_survival*pi_MCSF)*oc_survival_mod)",
            "1/day",
            "per-cell osteoclast apoptosis rate: TGF-beta (and estrogen) induce it, M-CSF opposes "
            "it, a bisphosphonate taken up from the resorbed bone adds to it",
        ),
        Expression(
            "resorption_drive",
            "oc_activity*OCa",
            "pM",
            "osteoclasts weighted by their resorbing activity",
        ),
    ),
    processes=(
        Process(
            "OB_commitment",
            "D_OBu*(pi_act_TGFb_OBu + b_OBu)*ob_senescence*ob_pth_commitment*wnt",
            "pM/day",
            (("OBp", 1.0),),
            "uncommitted progenitors commit to the osteoblast lineage, driven by TGF-beta that "
            "resorption releases (coupling) and, for a small share, by signals that need no "
            "resorption (b_OBu: modeling-based formation); fewer with age (senescence); "
            "more under PTH pulses (Runx2/CREB-driven commitment); Wnt signalling, which osteocyte "
            "sclerostin restrains, drives it",
            ("pivonka2008", "baron2013", "tondravi1997", "kim2012"),
            claims=("S6", "REM-1", "S32", "TRX-2"),
        ),
        Process(
            "OB_maturation",
            "D_OBp*pi_rep_TGFb_OBp*OBp",
            "pM/day",
            (("OBp", -1.0), ("OBa", 1.0)),
            "precursors mature into active osteoblasts; TGF-beta holds them back",
            _PIV,
            claims=("S6", "REM-2"),
        ),
        Process(
            "OB_removal",
            "A_OBa*OBa/ob_pth_survival",
            "pM/day",
            (("OBa", -1.0),),
            "active osteoblasts die or become lining cells and osteocytes; the anti-apoptotic "
            "signal of PTH pulses (ob_pth_survival) slows their death",
            ("pivonka2008", "jilka1999"),
            claims=("REM-2", "TRX-2"),
        ),
        Process(
            "OC_formation",
            "oc_formation",
            "pM/day",
            (("OCa", 1.0),),
            "RANKL- and M-CSF-dependent differentiation and fusion of precursors",
            ("pivonka2008", "teitelbaum2000"),
            claims=("S8", "S9", "S10"),
        ),
        Process(
            "OC_apoptosis",
            "oc_death_rate*OCa",
            "pM/day",
            (("OCa", -1.0),),
            "osteoclast apoptosis, induced by TGF-beta and opposed by M-CSF",
            ("pivonka2008", "teitelbaum2000"),
            claims=("S9", "REM-2"),
        ),
    ),
    observables=(
        Observable("osteoblasts_rel", "OBa", "pM", "active osteoblasts, fold of healthy", "rel"),
        Observable("osteoclasts_rel", "OCa", "pM", "active osteoclasts, fold of healthy", "rel"),
        Observable("rankl_opg_ratio", "RANKL/OPG", "", "free RANKL / free OPG in marrow"),
    ),
    inputs=(
        Input("pth", "P_PTH", "pM/day", "PTH infusion"),
        Input("opg", "P_OPG", "pM/day", "OPG infusion"),
        Input("rankl", "P_RANKL", "pM/day", "RANKL infusion"),
        Input("tgfb", "P_TGFb", "pM/day", "TGF-beta infusion"),
    ),
    genotypes=(
        Genotype(
            "opg_ko",
            "OPG (Tnfrsf11b) knockout: no OPG secretion",
            (("beta_OPG", 0.0),),
            ("bucay1998",),
        ),
        Genotype(
            "rankl_ko",
            "RANKL (Tnfsf11) knockout: no RANKL on any cell",
            (("N_RANKL", 0.0),),
            ("kong1999",),
        ),
    ),
    cell_groups=(
        CellGroup(
            "osteoblasts",
            "osteoblast precursors and active osteoblasts",
            ("OBp", "OBa"),
            evidence=_PIV,
        ),
        CellGroup("osteoclasts", "active (resorbing) osteoclasts", ("OCa",), evidence=_PIV),
    ),
    in_vitro=(("D_OBu", 0.0), ("beta_PTH", 0.0)),
)


PTH_OSTEOBLAST = Module(
    name="pth_osteoblast",
    description=(
        "PTH receptor signalling in osteoblasts that keeps them alive: a slow cAMP/CREB arm that "
        "integrates PTH over weeks and Runx2, which PTH sends to proteasomal degradation within "
        "hours; Bcl-2 needs both. Brief pulses of PTH raise the slow arm and leave Runx2 intact "
        "most of the day (anabolic); a sustained rise takes Runx2 too and the two cancel, leaving "
        "only the RANKL/OPG (catabolic) action of PTH."
    ),
    states=(
        State(
            "CREB",
            "",
            "activated CREB in osteoblasts (fold of its level without PTH): slow, integrates PTH",
            2.0,
        ),
        State(
            "RUNX2",
            "",
            "Runx2 protein in osteoblasts (fraction of its level without PTH): PTH speeds its "
            "proteasomal degradation",
            0.5,
        ),
    ),
    expressions=(
        Expression(
            "pth_ob_signal",
            "PTH_RG/(K_PTH_OB*(1 + PTH_RG/Kd_PTH1R))",
            "",
            "PTH receptor (cAMP) signal in osteoblasts, from the receptor's RG conformation "
            "(``PTH_RG``): linear in PTH at physiological and "
            "therapeutic human levels, saturating as the PTH1 receptor fills (the nanomolar "
            "peaks of rodent doses)",
        ),
        Expression(
            "bcl2_ob",
            "CREB*RUNX2",
            "",
            "anti-apoptotic Bcl-2 transcription, which needs CREB and Runx2 together (quasi-steady: "
            "Bcl-2 turns over within hours); 1 without PTH and at any steady PTH level",
        ),
        Expression(
            "ob_pth_survival",
            "1 + g_PTH_OB*Max(bcl2_ob - 1, 0)*pth_wnt10b_T",
            "",
            "osteoblast survival factor from Bcl-2 (divides the osteoblast removal rate)",
        ),
        Expression(
            "ob_pth_commitment",
            "1 + g_PTH_commit*(bcl2_ob - 1)*pth_wnt10b_T",
            "",
            "osteoblast commitment factor from the same CREB and Runx2 transcriptional output "
            "(Runx2 is the master switch of the osteoblast lineage; PTH pulses recruit new "
            "osteoblasts and reactivate lining cells), part of it through Wnt10b from CD8 T cells",
        ),
    ),
    processes=(
        Process(
            "CREB_activation",
            "k_CREB*(1 + pth_ob_signal)",
            "1/day",
            (("CREB", 1.0),),
            "PTH receptor cAMP/PKA signalling activates CREB",
            ("bellido2003", "peterson2010"),
            claims=("TRX-2",),
        ),
        Process(
            "CREB_decay",
            "k_CREB*CREB",
            "1/day",
            (("CREB", -1.0),),
            "activated CREB returns to rest (slowly: weeks)",
            ("peterson2010",),
            claims=("TRX-2",),
        ),
        Process(
            "RUNX2_synthesis",
            "k_RUNX2",
            "1/day",
            (("RUNX2", 1.0),),
            "Runx2 protein synthesis in osteoblasts",
            ("bellido2003", "peterson2010"),
            claims=("TRX-2",),
        ),
        Process(
            "RUNX2_degradation",
            "k_RUNX2*(1 + pth_ob_signal)*RUNX2",
            "1/day",
            (("RUNX2", -1.0),),
            "proteasomal degradation of Runx2, which PTH (cAMP) speeds within hours; it shortens "
            "the anti-apoptotic signal so that only intermittent PTH keeps it",
            ("bellido2003",),
            claims=("TRX-2",),
        ),
    ),
    requires=("bone_cells", "drugs"),
)

OSTEOCLAST_PRECURSORS = Module(
    name="osteoclast_precursors",
    description=(
        "The osteoclast-precursor pool: fed from the monocyte/macrophage lineage, expanded by "
        "M-CSF, drained by differentiation into osteoclasts; M-CSF from stromal cells."
    ),
    states=(
        State("OCp", "pM", "osteoclast precursors (RANK+ c-Fms+ monocyte-lineage cells)", 1e-3),
        State(
            "OCmn",
            "pM",
            "TRAP+ mononuclear osteoclasts that have not fused yet (the part of OCa that is "
            "mononuclear)",
            0.0,
        ),
        State(
            "Mono16",
            "Gcell",
            "blood CD14+CD16+ monocytes (the part of the blood monocytes, Mono, that carries CD16)",
            0.25,
        ),
    ),
    expressions=(
        Expression(
            "f_CD16",
            "Mono16/(Mono + 1e-9*Mono_ref)",
            "",
            "share of blood monocytes carrying CD16 (a billionth of the healthy count in the "
            "denominator keeps it defined when there are no monocytes at all)",
        ),
        Expression(
            "w_CD16",
            "w_CD16_0 + a_TNF_OCP16*TNF_R1",
            "",
            "osteoclastogenic propensity of CD16+ monocytes relative to CD16- ones: TNF primes "
            "them (RANK and c-Fms up) in the circulation",
        ),
        Expression(
            "ocp_cd16_share",
            "f_CD16*w_CD16/(f_CD16*w_CD16 + 1 - f_CD16)",
            "",
            "share of new osteoclast precursors (and so of osteoclasts) that come from CD16+ "
            "monocytes",
        ),
        Expression(
            "MCSF",
            "(beta_MCSF*mcsf_mod + MCSF_from_T + P_MCSF)/D_MCSF + MCSF_medium",
            "pM",
            "M-CSF from stromal cells (TNF raises it) and activated T cells, plus any held by a "
            "culture medium",
        ),
    ),
    processes=(
        Process(
            "OCp_supply",
            "F_OCp*monocyte_supply",
            "pM/day",
            (("OCp", 1.0),),
            "precursors arrive from the monocyte lineage (the marrow's myeloid output)",
            ("teitelbaum2000",),
            claims=("S7",),
        ),
        Process(
            "OCp_proliferation",
            "r_OCp*pi_MCSF*OCp*(1 - OCp/OCp_max)",
            "pM/day",
            (("OCp", 1.0),),
            "M-CSF drives precursor proliferation",
            ("teitelbaum2000",),
            claims=("S9",),
        ),
        Process(
            "OCp_loss",
            "d_OCp*OCp",
            "pM/day",
            (("OCp", -1.0),),
            "precursors die or leave for other fates",
            ("teitelbaum2000",),
            claims=("S7",),
        ),
        Process(
            "OCp_fusion",
            "oc_formation",
            "pM/day",
            (("OCp", -1.0),),
            "precursors consumed by differentiation into osteoclasts",
            ("teitelbaum2000",),
            claims=("S8",),
        ),
        Process(
            "OCmn_commitment",
            "oc_formation",
            "pM/day",
            (("OCmn", 1.0),),
            "a new osteoclast is a TRAP+ mononuclear cell until it fuses",
            ("shin2006", "teitelbaum2000"),
            claims=("S30",),
        ),
        Process(
            "OCmn_fusion",
            "k_fus*OCmn/(1 + a_CD137_fus*CD137_sig)",
            "pM/day",
            (("OCmn", -1.0),),
            "TRAP+ mononuclear cells fuse into multinucleated osteoclasts; CD137L reverse "
            "signalling (by CD137 on activated T cells or an agonist) inhibits multinucleation",
            ("shin2006", "seed003"),
            claims=("S30",),
        ),
        Process(
            "OCmn_apoptosis",
            "oc_death_rate*OCmn",
            "pM/day",
            (("OCmn", -1.0),),
            "mononuclear osteoclasts die at the osteoclast rate",
            ("shin2006",),
            claims=("S30",),
        ),
        Process(
            "CD16_acquisition",
            "k_CD16*(1 + a_TNF_CD16*TNF_R1)*(Mono - Mono16)",
            "Gcell/day",
            (("Mono16", 1.0),),
            "classical CD14++CD16- monocytes acquire CD16 in the circulation; TNF speeds it, so "
            "inflammatory diseases expand the CD16+ pool",
            ("chiu2010", "ziegler2010", "komano2006"),
            claims=("S28",),
        ),
        Process(
            "Mono16_exit",
            "d_Mono*Mono16",
            "Gcell/day",
            (("Mono16", -1.0),),
            "CD16+ monocytes leave the blood like the others",
            ("chiu2010",),
            claims=("S28",),
        ),
    ),
    observables=(
        Observable(
            "cd16_monocytes_per_ul",
            "Mono16/V_blood",
            "1/uL",
            "blood CD14+CD16+ monocytes",
        ),
        Observable(
            "osteoclast_precursor_cd16_share",
            "ocp_cd16_share",
            "",
            "share of new osteoclast precursors derived from CD16+ monocytes",
        ),
    ),
    inputs=(Input("mcsf", "P_MCSF", "pM/day", "M-CSF infusion"),),
    genotypes=(
        Genotype(
            "mcsf_ko",
            "M-CSF (Csf1) loss, as in op/op mice: no M-CSF production",
            (("beta_MCSF", 0.0),),
            ("yoshida1990",),
        ),
    ),
    cell_groups=(
        CellGroup(
            "monocytes",
            "monocyte-lineage osteoclast precursors (RANK+ c-Fms+, CD14+ in blood)",
            ("OCp",),
            evidence=("teitelbaum2000",),
        ),
        CellGroup(
            "osteoclasts",
            "osteoclasts not yet fused (TRAP+ mononuclear), part of the active osteoclasts",
            ("OCmn",),
            evidence=("shin2006",),
        ),
    ),
    in_vitro=(("F_OCp", 0.0), ("beta_MCSF", 0.0)),
    requires=("bone_cells", "hematopoiesis", "cytokines"),
)

BONE_VOLUME = Module(
    name="bone_volume",
    description=(
        "Trabecular and cortical (intracortical) bone volume, each remodeled on its own surface, "
        "the mineral content of each envelope (primary and secondary mineralization), areal BMD "
        "at lumbar spine and total hip as bone volume times mineral content, and the serum "
        "turnover markers CTX and P1NP."
    ),
    states=(
        State("BV_trab", "percent", "trabecular bone volume fraction BV/TV", 10.0, neutral=True),
        State(
            "age_days",
            "day",
            "age of the subject: it advances with time in every run; a run starts at the young "
            "adult's equilibrium and lives the subject's history up to the scenario's age",
            0.0,
            neutral=True,
        ),
        State(
            "BV_cort",
            "percent",
            "cortical bone volume fraction (100 - porosity)",
            95.0,
            neutral=True,
        ),
        State(
            "Min_trab",
            "",
            "mean mineral content of trabecular bone, fraction of the fully mineralized maximum",
            0.71,
        ),
        State(
            "Min_cort",
            "",
            "mean mineral content of cortical bone, fraction of the fully mineralized maximum",
            0.9,
        ),
    ),
    expressions=(
        Expression(
            "surf_trab",
            "BV_trab*(1 - BV_trab)/(BV_trab_ref*(1 - BV_trab_ref))",
            "",
            "trabecular bone surface per tissue volume, fold of the young-adult reference: it "
            "vanishes when no bone is left and when the marrow space is filled (BV/TV x (1 - "
            "BV/TV), which follows the measured specific surface of Martin 1984 within a few "
            "percent below 30 % BV/TV)",
        ),
        Expression(
            "surf_cort",
            "BV_cort/BV_cort_ref*(1 - BV_cort)/(1 - BV_cort + K_pore)"
            "*(1 - BV_cort_ref + K_pore)/(1 - BV_cort_ref)",
            "",
            "intracortical (pore) surface per tissue volume, fold of the reference: it grows "
            "with porosity, in proportion while pores are few and ever more slowly as they widen "
            "and coalesce (half-way at the porosity K_pore), so cortical loss accelerates with "
            "porosity; it vanishes when the pores fill and when the cortex is gone",
        ),
        Expression(
            "resorption_trab",
            "k_res_trab*resorption_drive*surf_trab",
            "percent/day",
            "trabecular resorption rate (on the trabecular surface available)",
        ),
        Expression(
            "formation_trab",
            "renewal_trab*BV_trab",
            "percent/day",
            "trabecular formation rate (on the trabecular surface available: the share renewed "
            "a day times the bone there is)",
        ),
        Expression(
            "cort_pth_activation",
            "(1 + a_PTH_cort*(PTH/PTH_ref)/(PTH/PTH_ref + K_PTH_cort))"
            "/(1 + a_PTH_cort/(1 + K_PTH_cort))",
            "",
            "remodeling activation in the cortex by sustained PTH receptor signalling, fold of "
            "the young adult's: osteocytes, which fill the cortex, answer PTH through their own "
            "PTH1 receptor with RANKL and target new remodeling units to the intracortical and "
            "endocortical surfaces (Saini 2013, Ben-awadh 2014), so that raised PTH widens "
            "cortical pores and thins the cortex while trabecular bone is spared (Silverberg "
            "1989); brief daily pulses move it little",
        ),
        Expression(
            "resorption_cort",
            "k_res_cort*resorption_drive*surf_cort*cort_pth_activation",
            "percent/day",
            "cortical (intracortical) resorption rate, on the pore surface, raised where "
            "sustained PTH activates cortical remodeling",
        ),
        Expression(
            "formation_cort",
            "renewal_cort*BV_cort",
            "percent/day",
            "cortical formation rate (osteons refilling), on the pore surface: the share renewed "
            "a day times the cortex there is",
        ),
        Expression(
            "renewal_trab",
            "k_form_trab*OBa*ob_function_mod*(1 - BV_trab)/(BV_trab_ref*(1 - BV_trab_ref))",
            "1/day",
            "share of trabecular bone renewed per day: osteoblast matrix synthesis on the "
            "trabecular surface (surf_trab) per unit of trabecular bone, finite when no "
            "trabecular bone is left",
        ),
        Expression(
            "renewal_cort",
            "k_form_cort*OBa*ob_function_mod/BV_cort_ref*(1 - BV_cort)/(1 - BV_cort + K_pore)"
            "*(1 - BV_cort_ref + K_pore)/(1 - BV_cort_ref)",
            "1/day",
            "share of cortical bone renewed per day: osteoblast matrix synthesis on the pore "
            "surface (surf_cort) per unit of cortex, finite when no cortex is left",
        ),
        Expression(
            "BMC_trab",
            "BV_trab*Min_trab/(BV_trab_ref*Min_trab_ref)",
            "",
            "trabecular bone mineral, fold of the young-adult reference (volume x mineral content)",
        ),
        Expression(
            "BMC_cort",
            "BV_cort*Min_cort/(BV_cort_ref*Min_cort_ref)",
            "",
            "cortical bone mineral, fold of the young-adult reference (volume x mineral content)",
        ),
        Expression(
            "BMD_spine",
            "w_trab_spine*BMC_trab + (1 - w_trab_spine)*BMC_cort",
            "",
            "lumbar spine areal BMD (DXA: mineral in the projected area), fraction of the "
            "young-adult reference",
        ),
        Expression(
            "BMD_hip",
            "w_trab_hip*BMC_trab + (1 - w_trab_hip)*BMC_cort",
            "",
            "total hip areal BMD, fraction of the young-adult reference",
        ),
        Expression(
            "fracture_risk",
            "RR_fx_SD**((1 - BMD_hip)/sd_BMD_hip)",
            "",
            "hip fracture risk relative to a young-adult hip: a fixed relative risk per standard "
            "deviation of lower hip BMD (Marshall et al. 1996), the SD a share of the "
            "young-adult mean (Looker et al. 1998)",
        ),
        Expression(
            "skeletal_resorption",
            "w_skel_trab*resorption_trab/BV_trab_ref + "
            "(1 - w_skel_trab)*resorption_cort/BV_cort_ref",
            "1/day",
            "share of the whole skeleton resorbed per day (trabecular and cortical envelopes "
            "weighted by their share of skeletal mass)",
        ),
        Expression(
            "skeletal_formation",
            "w_skel_trab*formation_trab/BV_trab_ref + (1 - w_skel_trab)*formation_cort/BV_cort_ref",
            "1/day",
            "share of the whole skeleton formed per day",
        ),
        Expression(
            "CTX",
            "k_CTX*skeletal_resorption",
            "ng/mL",
            "serum CTX, released from the collagen that osteoclasts resorb",
        ),
        Expression(
            "P1NP",
            "k_P1NP*skeletal_formation + P1NP_soft",
            "ug/L",
            "serum P1NP, cleaved from type I procollagen as osteoblasts lay down matrix, plus "
            "the share from non-skeletal type I collagen synthesis (skin, tendon, vessels)",
        ),
        Expression(
            "ob_senescence",
            "exp(-k_sen_OB*(Max(age_days, age_sen_OB) - age_sen_OB))",
            "",
            "age-related decline of osteoblastogenesis from midlife on (fewer and senescent "
            "committed progenitors)",
        ),
    ),
    processes=(
        Process(
            "aging_clock",
            "1",
            "",
            (("age_days", 1.0),),
            "the subject ages a day a day",
            ("manolagas2000",),
            claims=("S43", "BONE-7"),
        ),
        Process(
            "trabecular_resorption",
            "resorption_trab",
            "percent/day",
            (("BV_trab", -1.0),),
            "osteoclasts remove trabecular bone",
            ("manolagas2000", "martin1984"),
            claims=("S6", "REM-3"),
        ),
        Process(
            "trabecular_formation",
            "formation_trab",
            "percent/day",
            (("BV_trab", 1.0),),
            "osteoblasts lay down trabecular bone",
            ("manolagas2000", "martin1984"),
            claims=("S6", "REM-3"),
        ),
        Process(
            "cortical_resorption",
            "resorption_cort",
            "percent/day",
            (("BV_cort", -1.0),),
            "osteoclasts tunnel through cortical bone",
            ("manolagas2000", "zebaze2010"),
            claims=("S6", "REM-3"),
        ),
        Process(
            "cortical_formation",
            "formation_cort",
            "percent/day",
            (("BV_cort", 1.0),),
            "osteoblasts refill cortical remodeling tunnels",
            ("manolagas2000", "zebaze2010"),
            claims=("S6", "REM-3"),
        ),
        Process(
            "secondary_mineralization_trab",
            "k_min_sec*mineral_supply*(Min_max - Min_trab)",
            "1/day",
            (("Min_trab", 1.0),),
            "trabecular matrix keeps taking up mineral for years after its primary "
            "mineralization (secondary mineralization, approaching its plateau exponentially)",
            ("ruffoni2007", "boivin2002"),
            claims=("BONE-3",),
        ),
        Process(
            "new_bone_dilution_trab",
            "renewal_trab*(Min_trab - Min_prim*mineral_supply)",
            "1/day",
            (("Min_trab", -1.0),),
            "new trabecular bone enters at the primary mineral content, so high turnover lowers "
            "the mean mineral content and low turnover raises it (resorption removes bone of the "
            "mean mineral content)",
            ("ruffoni2007", "martinezreina2019"),
            claims=("BONE-3",),
        ),
        Process(
            "secondary_mineralization_cort",
            "k_min_sec*mineral_supply*(Min_max - Min_cort)",
            "1/day",
            (("Min_cort", 1.0),),
            "secondary mineralization of cortical bone",
            ("ruffoni2007", "boivin2002"),
            claims=("BONE-3",),
        ),
        Process(
            "new_bone_dilution_cort",
            "renewal_cort*(Min_cort - Min_prim*mineral_supply)",
            "1/day",
            (("Min_cort", -1.0),),
            "new osteons enter at the primary mineral content",
            ("ruffoni2007", "martinezreina2019"),
            claims=("BONE-3",),
        ),
    ),
    observables=(
        # DXA areal BMD at clinical sites, hip fracture risk from a meta-analysis of women, and
        # serum marker values from human assays are human readouts (a mouse run reports BV/TV
        # and the markers' changes)
        Observable(
            "bmd_lumbar_spine_pct",
            "BMD_spine",
            "",
            "lumbar spine aBMD, % change",
            "pct_change",
            species=("human",),
        ),
        Observable(
            "bmd_total_hip_pct",
            "BMD_hip",
            "",
            "total hip aBMD, % change",
            "pct_change",
            species=("human",),
        ),
        Observable(
            "fracture_risk_rel",
            "fracture_risk",
            "",
            "hip fracture risk from hip BMD, fold of the healthy steady state",
            "rel",
            species=("human",),
        ),
        Observable("bv_tv_pct", "BV_trab", "percent", "trabecular BV/TV, % change", "pct_change"),
        Observable("ctx_pct", "CTX", "ng/mL", "serum CTX, % change", "pct_change"),
        Observable("p1np_pct", "P1NP", "ug/L", "serum P1NP, % change", "pct_change"),
        Observable("ctx_ng_ml", "CTX", "ng/mL", "serum CTX", species=("human",)),
        Observable("p1np_ug_l", "P1NP", "ug/L", "serum P1NP", species=("human",)),
        Observable(
            "bv_tv_abs_pct", "BV_trab", "percent", "trabecular BV/TV (absolute, percent of tissue)"
        ),
        Observable(
            "cortical_porosity_pct",
            "1 - BV_cort",
            "percent",
            "cortical porosity (percent of cortical tissue volume)",
        ),
        Observable(
            "mineral_content_trab",
            "Min_trab",
            "",
            "mean mineral content of trabecular bone, fraction of full mineralization",
        ),
        Observable(
            "mineral_content_cort",
            "Min_cort",
            "",
            "mean mineral content of cortical bone, fraction of full mineralization",
        ),
    ),
    conditions=(
        Condition(
            "aging",
            "accepted alias, changes nothing: age advances in every run from the scenario's "
            "`age`, and with it osteoblastogenesis declines (senescence) so that resorption "
            "outpaces formation",
            (),
            ("manolagas2000",),
        ),
    ),
    requires=("bone_cells",),
)


OSTEOCYTES = Module(
    name="osteocytes",
    description=(
        "Osteocytes sense the strain of the bone that carries the load and answer with "
        "sclerostin, the Wnt antagonist that holds back osteoblast commitment; estrogen and PTH "
        "lower sclerostin; a sclerostin antibody (romosozumab) neutralises it. This replaces a "
        "phenomenological mechanostat: the feedback is weak, so an imbalance of remodeling "
        "keeps losing bone for decades."
    ),
    expressions=(
        Expression(
            "bone_load_mass",
            "w_SCL_trab*BV_trab/BV_trab_ref + (1 - w_SCL_trab)*BV_cort/BV_cort_ref",
            "",
            "bone volume whose strain the remodeling osteoblasts hear of, fold of the young-adult "
            "reference: trabecular and cortical bone weighted by their share of skeletal "
            "remodeling",
        ),
        Expression(
            "strain_rel",
            "mech_load/bone_load_mass**2",
            "",
            "tissue strain under habitual loading, fold of the young adult's: stiffness grows "
            "with the square of bone volume (Carter & Hayes 1977), so a thinner skeleton strains "
            "more",
        ),
        Expression(
            "pth_ob_signal_basal",
            "beta_PTH/(D_PTH*K_PTH_OB)",
            "",
            "PTH receptor signal in osteoblasts at the basal PTH secretion (the reference of the "
            "PTH effect on sclerostin)",
        ),
        Expression(
            "SCL",
            "sost*strain_rel**(-n_SCL_strain)*(1 + a_E2_SCL*E2_def_bone)"
            "*(1 + a_PTH_SCL*pth_ob_signal_basal)/(1 + a_PTH_SCL*pth_ob_signal)",
            "",
            "osteocyte sclerostin, fold of the healthy young adult's: strain lowers it "
            "(Robling 2008), estrogen deficiency raises it (Moedder 2011), PTH lowers it "
            "(Keller & Kneissel 2005)",
        ),
        Expression(
            "SCL_free",
            "SCL*Kd_ROMO/(Kd_ROMO + ROMO)",
            "",
            "sclerostin not bound by a sclerostin antibody (antibody in excess)",
        ),
        Expression(
            "wnt",
            "(1 + K_SCL_wnt)/(1 + K_SCL_wnt*SCL_free)",
            "",
            "canonical Wnt signalling in the osteoblast lineage, fold of the healthy level: "
            "sclerostin binds LRP5/6 and blocks it",
        ),
        Expression(
            "wnt_opg",
            "wnt**g_wnt_OPG",
            "",
            "OPG expression by osteoblasts rises with Wnt/beta-catenin signalling (Glass 2005)",
        ),
    ),
    observables=(
        Observable(
            "sclerostin_rel", "SCL", "", "osteocyte sclerostin, fold of the healthy state", "rel"
        ),
    ),
    genotypes=(
        Genotype(
            "sost_ko",
            "sclerostin (Sost) knockout, as in sclerosteosis: no sclerostin",
            (("sost", 0.0),),
            ("li2008",),
        ),
    ),
    requires=("bone_volume", "estrogen", "pth_osteoblast", "drugs"),
)
