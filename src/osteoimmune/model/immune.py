"""The immune cells of the marrow that steer bone: antigen-presenting cells, T cells, B cells.

Cell numbers are per microlitre of marrow (``cell/uL``), one lumped marrow/lymphoid pool per
cell type; ``*_rel`` observables are folds of the healthy steady state.

- Antigen presentation: macrophages and dendritic cells present antigen on MHC class II, whose
  expression is driven by the class II transactivator CIITA. Estrogen represses CIITA; IFN-gamma
  induces it (Cenci et al. 2003). Dendritic cells become osteoclast precursors in an inflammatory
  milieu (seed 003, refs 50-52).
- T cells: thymic output (raised by estrogen loss), IL-7-driven homeostatic expansion of naive
  cells, activation by antigen presentation (restrained by CD4 and CD8 regulatory T cells and
  co-stimulated through TNFR2/p75), Th1-like and CD8 effectors (IFN-gamma, TNF, RANKL, SOFAT,
  CD137), Th17 from naive CD4 cells in an IL-6/TGF-beta/IL-1 milieu (RANKL, TNF, IL-17),
  FoxP3+ CD8 Tregs induced by osteoclasts presenting antigen (Kiesel et al. 2009). Effector
  lifespan rises with IL-7 and falls with RANKL reverse signalling through RANK on osteoclast-
  lineage cells (seed 003, ref 59).
- B cells: B220+IgM- precursors expand with IL-7 and estrogen loss and can become osteoclasts
  (Miyaura et al. 1997); mature B cells are the main marrow OPG source, sustained by CD40L on
  resting T cells (Li et al. 2007); activated B cells express RANKL.

References
----------
D'Amelio P, Isaia GC. Immune system and bone loss. (seed 003)
Cenci S, et al. Proc Natl Acad Sci USA 100:10405-10410 (2003). doi:10.1073/pnas.1533207100
Li Y, et al. Blood 109:3839-3848 (2007). doi:10.1182/blood-2006-07-037994
Kiesel JR, et al. J Immunol 182:5477-5487 (2009). doi:10.4049/jimmunol.0803897
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

_EST = ("cenci2003", "pacifici2010")
_T = ("roggia2001", "cenci2000", "weitzmann2002")

ANTIGEN_PRESENTATION = Module(
    name="antigen_presentation",
    description=(
        "Macrophages and dendritic cells presenting antigen on MHC class II (CIITA-driven; "
        "estrogen represses, IFN-gamma induces); dendritic cells as osteoclast precursors in "
        "inflammation; foreign antigen load."
    ),
    states=(
        State("Mac", "cell/uL", "marrow macrophages", 1.0e3),
        State("DC", "cell/uL", "marrow dendritic cells", 1.0e2),
        State("Ag", "", "foreign antigen load presented in marrow (self load = 1)", 0.0),
    ),
    expressions=(
        Expression(
            "CIITA",
            "ciita*(1 + g_CIITA_E2*E2_def_imm)*(1 + g_CIITA_IFNG*IFNG_sig)",
            "",
            "class II transactivator expression in antigen-presenting cells",
        ),
        Expression(
            "AP_load",
            "(Mac + w_DC*DC)*CIITA*(1 + Ag)",
            "cell/uL",
            "antigen presented on MHC II: presenting cells x MHC II x antigen (self load 1)",
        ),
        Expression(
            "AP",
            "AP_load/(AP_load + K_AP)",
            "",
            "antigen-presentation signal to T cells (saturable)",
        ),
        Expression(
            "inflammation",
            "TNF_R1**4/(TNF_R1**4 + K_infl**4)",
            "",
            "inflammatory milieu sensed by dendritic cells (steep: off in health)",
        ),
        Expression(
            "DC_to_OCp",
            "k_DC_OC*DC*inflammation",
            "cell/uL/day",
            "dendritic cells turning into osteoclast precursors in inflammation",
        ),
    ),
    processes=(
        Process(
            "Mac_supply",
            "F_Mac*monocyte_supply",
            "cell/uL/day",
            (("Mac", 1.0),),
            "monocytes settle in marrow as macrophages",
            ("teitelbaum2000",),
            claims=("S35",),
        ),
        Process(
            "Mac_turnover",
            "d_Mac*Mac",
            "cell/uL/day",
            (("Mac", -1.0),),
            "macrophage turnover",
            claims=("S35",),
        ),
        Process(
            "DC_supply",
            "F_DC*monocyte_supply",
            "cell/uL/day",
            (("DC", 1.0),),
            "dendritic cells arrive from marrow precursors",
            ("seed003",),
            claims=("S26",),
        ),
        Process(
            "DC_turnover",
            "d_DC*DC",
            "cell/uL/day",
            (("DC", -1.0),),
            "dendritic cell turnover",
            claims=("S26",),
        ),
        Process(
            "DC_transdifferentiation",
            "DC_to_OCp",
            "cell/uL/day",
            (("DC", -1.0),),
            "dendritic cells leave their pool to become osteoclast precursors (S26)",
            ("seed003",),
            claims=("S26",),
        ),
        Process(
            "Ag_input",
            "P_Ag",
            "1/day",
            (("Ag", 1.0),),
            "foreign antigen enters (infection, immunisation, stimulation)",
            claims=("S11", "S17", "S40"),
        ),
        Process(
            "Ag_clearance",
            "d_Ag*Ag",
            "1/day",
            (("Ag", -1.0),),
            "antigen is cleared",
            claims=("S11", "S17", "S40"),
        ),
    ),
    inputs=(Input("antigen", "P_Ag", "1/day", "foreign antigen (stimulation of T cells)"),),
    cell_groups=(
        CellGroup("macrophages", "marrow macrophages", ("Mac",), evidence=("teitelbaum2000",)),
        CellGroup("dendritic_cells", "dendritic cells", ("DC",), evidence=("seed003",)),
    ),
    in_vitro=(("F_Mac", 0.0), ("F_DC", 0.0)),
    genotypes=(
        Genotype(
            "ciita_ko",
            "CIITA knockout (or dominant-negative CIITA): no MHC class II on presenting cells",
            (("ciita", 0.0),),
            ("cenci2003",),
        ),
    ),
    requires=("estrogen", "cytokines", "hematopoiesis", "mineral_homeostasis"),
)

_ACT4 = "k_act*AP*TN4*co_stim/(1 + (Treg + Treg8)/K_Treg_sup)"
_ACT8 = "k_act*AP*TN8*co_stim/(1 + (Treg + Treg8)/K_Treg_sup)"

T_CELLS = Module(
    name="t_cells",
    description=(
        "Thymic output, naive CD4/CD8 T cells with IL-7-driven expansion, activation by "
        "antigen presentation, Th1 and CD8 effectors, Th17, CD4 Tregs and osteoclast-induced "
        "FoxP3+ CD8 Tregs; RANKL reverse signalling raising effector apoptosis."
    ),
    states=(
        State("TN4", "cell/uL", "naive/resting CD4 T cells", 1.0e3),
        State("TN8", "cell/uL", "naive/resting CD8 T cells", 5.0e2),
        State("Th1", "cell/uL", "activated CD4 effectors (Th1-like: IFN-gamma, TNF, RANKL)", 30.0),
        State("Tc1", "cell/uL", "activated CD8 effectors (IFN-gamma, TNF)", 15.0),
        State("Th17", "cell/uL", "Th17 cells (IL-17, RANKL, TNF)", 3.0),
        State("Treg", "cell/uL", "CD4 FoxP3+ regulatory T cells", 50.0),
        State("Treg8", "cell/uL", "CD8 FoxP3+ regulatory T cells induced by osteoclasts", 5.0),
    ),
    expressions=(
        Expression(
            "thymic_output",
            "thy_out*thymus*lymphoid_supply*(1 + g_thy_IL7*(IL7_free/IL7_thy_ref - 1))",
            "cell/uL/day",
            "recent thymic emigrants; IL-7 drives thymopoiesis, so the IL-7 that estrogen loss "
            "raises raises thymic output, and IL-7 blockade prevents the rise (Ryan 2005); with "
            "g_thy_IL7 at most 1 the output stays >= 0 without IL-7",
        ),
        Expression(
            "co_stim",
            "1 + g_TNFR2_T*TNF_R2",
            "",
            "co-stimulation of T activation through TNFR2 (p75)",
        ),
        Expression("act4", _ACT4, "cell/uL/day", "activation of naive CD4 T cells"),
        Expression("act8", _ACT8, "cell/uL/day", "activation of naive CD8 T cells"),
        Expression(
            "vdr_T_sig",
            "D3/(D3 + K_D3_T)",
            "",
            "vitamin D receptor signal in T cells from serum calcitriol (half-maximal at "
            "nanomolar calcitriol, so physiological levels use a small part of its range)",
        ),
        Expression(
            "calcitriol_th17",
            "(1 + g_D3_Th17*D3_ref/(D3_ref + K_D3_T))/(1 + g_D3_Th17*vdr_T_sig)",
            "",
            "calcitriol's restraint of Th17 polarisation (VDR represses IL-17 transcription and "
            "RORgammat; Chang 2010, Daniel 2008), 1 at the young adult's calcitriol",
        ),
        Expression(
            "calcitriol_treg",
            "(1 + g_D3_Treg*vdr_T_sig)/(1 + g_D3_Treg*D3_ref/(D3_ref + K_D3_T))",
            "",
            "calcitriol's promotion of induced FoxP3+ Tregs (Jeffery 2009), 1 at the young "
            "adult's calcitriol",
        ),
        Expression(
            "milieu17",
            "IL6_sig*TGFb_T_sig*(1 + g_IL1_Th17*IL1_sig)/(1 + g_IL1_Th17)*calcitriol_th17",
            "",
            "IL-6/TGF-beta/IL-1 milieu that polarises activated CD4 cells to Th17; calcitriol "
            "restrains it",
        ),
        Expression(
            "TGFb_T_sig", "TGFb/(TGFb + K_TGFb_T)", "", "TGF-beta signal to T cells (marrow)"
        ),
        Expression(
            "RANK_rev",
            "RANK/(RANK + K_RANK_rev)",
            "",
            "RANKL reverse signal into T cells from RANK on osteoclast-lineage cells",
        ),
        Expression(
            "eff_death",
            "d_eff*(1 + g_rev*rankl_reverse*RANK_rev)/(1 + g_IL7_surv*IL7_sig)",
            "1/day",
            "effector T death rate: IL-7 prolongs, RANKL reverse signalling shortens lifespan",
        ),
        Expression(
            "tonic_pMHC",
            "(Mac + DC)/(Mac + DC + K_APC_tonic)",
            "",
            "tonic self-peptide-MHC signal naive T cells get from presenting cells; naive T "
            "homeostasis needs it as well as IL-7, and it saturates at healthy presenting-cell "
            "numbers, so only their loss matters",
        ),
        Expression(
            "T_naive", "TN4 + TN8", "cell/uL", "resting (naive) T cells, the CD40L source for B"
        ),
        Expression(
            "T_act", "Th1 + Tc1 + Th17", "cell/uL", "activated, TNF-producing effector T cells"
        ),
        Expression(
            "T_total", "TN4 + TN8 + Th1 + Tc1 + Th17 + Treg + Treg8", "cell/uL", "all T cells"
        ),
        Expression(
            "pth_t_sens",
            "1 - f_T_PTH + 2*f_T_PTH*T_total/(T_total + T_total_ref)",
            "",
            "how fully marrow stromal cells answer PTH with RANKL up and OPG down: T cells "
            "sensitise them (CD40L on T cells, and TNF that PTH makes T cells secrete), so "
            "T-cell-deficient mice barely lose bone under continuous PTH (Gao 2008, Tawfeek "
            "2010); 1 with the young adult's T cells, saturating when T cells expand",
        ),
        Expression(
            "pth_wnt10b_T",
            "1 - f_Wnt10b + 2*f_Wnt10b*(TN8 + Tc1)/(TN8 + Tc1 + T8_ref)",
            "",
            "share of the PTH-driven osteoblast recruitment carried by Wnt10b that PTH makes CD8 "
            "T cells secrete (Terauchi 2009): without CD8 T cells intermittent PTH builds less "
            "bone; 1 with the young adult's CD8 T cells, saturating when they expand",
        ),
        Expression(
            "OC_Treg8_sig",
            "OCa/(OCa + K_OC_Treg8)",
            "",
            "antigen presentation by osteoclasts to CD8 T cells",
        ),
    ),
    processes=(
        Process(
            "thymic_output_CD4",
            "f_CD4*thymic_output",
            "cell/uL/day",
            (("TN4", 1.0),),
            "CD4 recent thymic emigrants",
            _T,
            claims=("S18", "S36"),
        ),
        Process(
            "thymic_output_CD8",
            "(1 - f_CD4)*thymic_output",
            "cell/uL/day",
            (("TN8", 1.0),),
            "CD8 recent thymic emigrants",
            _T,
            claims=("S18", "S36"),
        ),
        Process(
            "TN4_homeostatic_expansion",
            "r_TN*IL7_sig*tonic_pMHC*TN4/(1 + T_naive/K_TN)",
            "cell/uL/day",
            (("TN4", 1.0),),
            "IL-7-driven homeostatic proliferation of naive CD4 cells, which also needs tonic contact with self-peptide-MHC on presenting cells (S1, S18)",
            ("weitzmann2002", "brocker1997"),
            claims=("S1", "S18"),
        ),
        Process(
            "TN8_homeostatic_expansion",
            "r_TN*IL7_sig*tonic_pMHC*TN8/(1 + T_naive/K_TN)",
            "cell/uL/day",
            (("TN8", 1.0),),
            "IL-7-driven homeostatic proliferation of naive CD8 cells, which also needs tonic contact with self-peptide-MHC on presenting cells (S1, S18)",
            ("weitzmann2002", "brocker1997"),
            claims=("S1", "S18"),
        ),
        Process(
            "TN4_death",
            "d_TN*TN4",
            "cell/uL/day",
            (("TN4", -1.0),),
            "naive CD4 death",
            claims=("S18",),
        ),
        Process(
            "TN8_death",
            "d_TN*TN8",
            "cell/uL/day",
            (("TN8", -1.0),),
            "naive CD8 death",
            claims=("S18",),
        ),
        Process(
            "CD4_activation",
            "act4",
            "cell/uL/day",
            (("TN4", -1.0),),
            "naive CD4 cells recognise presented antigen and leave the resting pool (S35)",
            _EST,
            claims=("S35", "EST-6"),
        ),
        Process(
            "Th1_differentiation",
            "n_clone*mtx_T_inh*act4*(1 - f_Th17*milieu17)",
            "cell/uL/day",
            (("Th1", 1.0),),
            "activated CD4 cells expand into Th1-like effectors (S34, S35)",
            _EST,
            claims=("S34", "S35", "EST-6"),
        ),
        Process(
            "Th17_differentiation",
            "n_clone*mtx_T_inh*act4*f_Th17*milieu17",
            "cell/uL/day",
            (("Th17", 1.0),),
            "an IL-6/TGF-beta/IL-1 milieu polarises activated CD4 cells to Th17 (S25)",
            ("sato2006", "chang2010"),
            claims=("S25",),
        ),
        Process(
            "CD8_activation",
            "act8",
            "cell/uL/day",
            (("TN8", -1.0),),
            "naive CD8 cells recognise presented antigen and leave the resting pool",
            _EST,
            claims=("S35", "EST-6"),
        ),
        Process(
            "Tc1_differentiation",
            "n_clone*mtx_T_inh*act8",
            "cell/uL/day",
            (("Tc1", 1.0),),
            "activated CD8 cells expand into IFN-gamma/TNF-producing effectors (S34)",
            _EST,
            claims=("S34", "EST-6"),
        ),
        Process(
            "Th1_death",
            "eff_death*Th1",
            "cell/uL/day",
            (("Th1", -1.0),),
            "Th1 effector death",
            claims=("S18", "S30"),
        ),
        Process(
            "Tc1_death",
            "eff_death*Tc1",
            "cell/uL/day",
            (("Tc1", -1.0),),
            "CD8 effector death",
            claims=("S18", "S30"),
        ),
        Process(
            "Th17_death",
            "eff_death*Th17",
            "cell/uL/day",
            (("Th17", -1.0),),
            "Th17 death",
            claims=("S18", "S30"),
        ),
        Process(
            "Treg_induction",
            "k_iTreg*AP*TGFb_T_sig*calcitriol_treg*TN4 + f_Treg_thymic*f_CD4*thymic_output",
            "cell/uL/day",
            (("Treg", 1.0),),
            "thymic and TGF-beta-induced CD4 Tregs (calcitriol promotes the induced ones)",
            ("seed003", "jeffery2009"),
            claims=("S44",),
        ),
        Process(
            "Treg_death",
            "d_Treg*Treg",
            "cell/uL/day",
            (("Treg", -1.0),),
            "Treg turnover",
            claims=("S44",),
        ),
        Process(
            "Treg8_induction",
            "k_Treg8*oc_treg8_route*OC_Treg8_sig*TN8",
            "cell/uL/day",
            (("Treg8", 1.0),),
            "osteoclasts present antigen and induce FoxP3 in CD8 T cells (S29)",
            ("kiesel2009",),
            claims=("S29",),
        ),
        Process(
            "Treg8_death",
            "d_Treg*Treg8",
            "cell/uL/day",
            (("Treg8", -1.0),),
            "CD8 Treg turnover",
            claims=("S29",),
        ),
    ),
    observables=(
        Observable("t_activated_rel", "T_act", "cell/uL", "activated effector T cells", "rel"),
        Observable("th17_rel", "Th17", "cell/uL", "Th17 cells", "rel"),
        Observable("treg_rel", "Treg + Treg8", "cell/uL", "regulatory T cells (CD4 + CD8)", "rel"),
        Observable(
            "thymic_output_rel",
            "thymic_output",
            "cell/uL/day",
            "recent thymic emigrants (naive T cells exported by the thymus), fold of healthy",
            "rel",
        ),
    ),
    conditions=(
        Condition(
            "thymectomy",
            "the thymus removed at `at`, at any age: the T cells already made stay (and expand "
            "homeostatically), no new ones are exported",
            (("thymus", 0.0),),
            ("ryan2005",),
        ),
    ),
    genotypes=(
        Genotype(
            "nude",
            "athymic nude (Foxn1 nu/nu): no thymus, no T cells",
            (("thymus", 0.0),),
            ("cenci2000", "roggia2001"),
            lacks=("t_cells", "cd4_t_cells", "cd8_t_cells"),
        ),
        Genotype(
            "oc_mhc1_ko",
            "osteoclast-lineage MHC class I loss (beta2-microglobulin deleted in osteoclasts): "
            "osteoclasts cannot cross-present antigen to CD8 T cells, so they induce no FoxP3+ "
            "CD8 Tregs; other presenting cells keep MHC class I",
            (("oc_treg8_route", 0.0),),
            ("kiesel2009", "buchwald2012", "buchwald2013"),
        ),
    ),
    cell_groups=(
        CellGroup(
            "t_cells",
            "all T cells (CD4 and CD8, naive, effector, regulatory)",
            ("TN4", "TN8", "Th1", "Tc1", "Th17", "Treg", "Treg8"),
            intrinsic=("p_TNF_T", "N_RANKL_T", "p_IFNG_T", "p_SOFAT_T", "p_IL17_T"),
            evidence=("roggia2001", "cenci2000"),
        ),
        CellGroup(
            "cd4_t_cells",
            "CD4 T cells (naive, Th1, Th17, Treg)",
            ("TN4", "Th1", "Th17", "Treg"),
            intrinsic=("p_TNF_T", "N_RANKL_T", "p_IFNG_T", "p_SOFAT_T", "p_IL17_T"),
            evidence=("grcevic2000",),
        ),
        CellGroup(
            "activated_t_cells",
            "activated effector T cells (Th1-like, CD8 effectors, Th17), e.g. T cells "
            "stimulated with anti-CD3/CD28",
            ("Th1", "Tc1", "Th17"),
            intrinsic=("p_TNF_T", "N_RANKL_T", "p_IFNG_T", "p_SOFAT_T", "p_IL17_T"),
            evidence=("rifas2009",),
        ),
        CellGroup(
            "cd8_t_cells",
            "CD8 T cells (naive, effector, FoxP3+ CD8 Treg)",
            ("TN8", "Tc1", "Treg8"),
            intrinsic=("p_TNF_T", "p_IFNG_T"),
            evidence=("grcevic2000",),
        ),
    ),
    in_vitro=(("thy_out", 0.0),),
    requires=("antigen_presentation", "cytokines"),
)

B_CELLS = Module(
    name="b_cells",
    description=(
        "B220+IgM- B-cell precursors (IL-7-driven, can become osteoclasts) and mature B cells "
        "(the main marrow OPG source, sustained by CD40L on resting T cells; RANKL when activated)."
    ),
    states=(
        State("Bpre", "cell/uL", "B220+IgM- B-cell precursors", 2.0e3),
        State("Bmat", "cell/uL", "mature B cells", 2.0e3),
    ),
    expressions=(
        Expression(
            "CD40_sig",
            "T_naive/(T_naive + K_CD40)",
            "",
            "CD40 ligation of B cells by CD40L on resting T cells",
        ),
        Expression(
            "B_act",
            "Th1/(Th1 + K_B_act)",
            "",
            "B-cell activation by T-cell help",
        ),
        Expression(
            "B_to_OCp",
            "k_B_OC*Bpre*pi_act_RANKL*pi_MCSF",
            "cell/uL/day",
            "B220+IgM- precursors entering the osteoclast lineage (S39)",
        ),
    ),
    processes=(
        Process(
            "Bpre_supply",
            "F_Bpre*lymphoid_supply",
            "cell/uL/day",
            (("Bpre", 1.0),),
            "commitment of lymphoid progenitors to the B lineage",
            ("miyaura1997",),
            claims=("S39",),
        ),
        Process(
            "Bpre_expansion",
            "A_Bpre*IL7_sig*F_Bpre*lymphoid_supply/(1 + Bpre/K_Bniche)",
            "cell/uL/day",
            (("Bpre", 1.0),),
            "IL-7 drives a limited number of divisions of each newly committed B precursor in a "
            "limited niche, so the pool amplifies the marrow's lymphoid output but cannot sustain "
            "itself without it (S1); estrogen loss raises IL-7 and expands the pool (S39)",
            ("miyaura1997", "weitzmann2002", "hardy2001"),
            claims=("S1", "S18", "S39"),
        ),
        Process(
            "Bpre_maturation",
            "m_B*Bpre/(1 + Bpre/K_Bmat)",
            "cell/uL/day",
            (("Bpre", -1.0), ("Bmat", 1.0)),
            "precursors mature into IgM+ B cells through a limited number of niches, so the "
            "mature pool (the OPG source) barely follows a precursor expansion",
            ("miyaura1997",),
            claims=("S39", "S42"),
        ),
        Process(
            "Bpre_death",
            "d_Bpre*Bpre",
            "cell/uL/day",
            (("Bpre", -1.0),),
            "precursor death",
            claims=("S39",),
        ),
        Process(
            "Bpre_to_OC",
            "B_to_OCp",
            "cell/uL/day",
            (("Bpre", -1.0),),
            "B220+IgM- cells leave for the osteoclast lineage (S39)",
            ("miyaura1997",),
            claims=("S39",),
        ),
        Process(
            "Bmat_death",
            "d_Bmat*Bmat*(1 + Bmat/K_BAFF)",
            "cell/uL/day",
            (("Bmat", -1.0),),
            "mature B-cell turnover; survival factors (BAFF) limit the pool",
            claims=("S42",),
        ),
    ),
    observables=(Observable("b_cells_rel", "Bpre + Bmat", "cell/uL", "marrow B cells", "rel"),),
    genotypes=(
        Genotype(
            "b_cell_deficient",
            "B-cell-deficient muMT (membrane IgM exon disrupted): B cells arrest as precursors, "
            "none mature",
            (("m_B", 0.0),),
            ("kitamura1991", "oliverbell2015"),
        ),
    ),
    cell_groups=(
        CellGroup(
            "b_cells",
            "B cells (B220+IgM- precursors and mature)",
            ("Bpre", "Bmat"),
            intrinsic=("p_OPG_B", "N_RANKL_B"),
            evidence=("li2007",),
        ),
    ),
    in_vitro=(("F_Bpre", 0.0),),
    requires=("t_cells", "cytokines"),
)
