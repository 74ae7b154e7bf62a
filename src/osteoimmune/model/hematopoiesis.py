"""The marrow as the factory of every blood and immune cell.

Hematopoietic stem cells (HSCs) divide rarely; each division either renews the stem cell or
commits it to differentiation. The self-renewal probability falls as the HSCs fill the capacity
of their niche, and that capacity is set by the niche cells (osteoblasts and stromal cells) and by
the volume of red (hematopoietic) marrow, which yellow (fatty) marrow replaces with age, in the
long bones first. Committed divisions seed multipotent and committed progenitors, which amplify
and differentiate into the lineages:

- neutrophils, which mature and wait in the marrow (transit about 5.8 days in humans) and live
  about 19 hours in blood;
- monocytes, which settle in tissues as macrophages and osteoclast precursors; M-CSF, consumed by
  the cells that carry its receptor, holds their number steady (homeostatic feedback);
- red cells and platelets (most of the cells made each day);
- the lymphoid branch: B-cell precursors and the T-cell precursors that seed the thymus.

A pathogen raises a G-CSF-like signal that speeds HSC division, biases output to the myeloid
lineage, multiplies neutrophil production and shortens marrow transit (emergency
myelopoiesis); neutrophils clear the pathogen and are spent doing so.

The module's outputs replace the fixed supplies of the other modules: ``monocyte_supply`` feeds
osteoclast precursors, macrophages and dendritic cells, ``lymphoid_supply`` feeds B precursors
and thymic output (each 1 in a healthy adult at the start of a run, whatever the age).

References
----------
Catlin SN, et al. The replication rate of human hematopoietic stem cells in vivo. Blood
117:4460-4466 (2011). doi:10.1182/blood-2010-08-303537
Lee-Six H, et al. Population dynamics of normal human blood inferred from somatic mutations.
Nature 561:473-478 (2018). doi:10.1038/s41586-018-0497-0
Lahoz-Beneytez J, et al. Human neutrophil kinetics: modeling of stable isotope labeling data
supports short blood neutrophil half-lives. Blood 127:3431-3438 (2016).
doi:10.1182/blood-2016-03-700336
Calvi LM, et al. Osteoblastic cells regulate the haematopoietic stem cell niche. Nature
425:841-846 (2003). doi:10.1038/nature02040
Visnjic D, et al. Hematopoiesis is severely altered in mice with an induced osteoblast
deficiency. Blood 103:3258-3264 (2004). doi:10.1182/blood-2003-11-4011
Manz MG, Boettcher S. Emergency granulopoiesis. Nat Rev Immunol 14:302-314 (2014).
doi:10.1038/nri3660
Chan BY, et al. MR imaging of pediatric bone marrow / marrow conversion with age.
Radiographics 36:1911-1930 (2016). doi:10.1148/rg.2016160056
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

_HSC = ("catlin2011", "leesix2018")
_NICHE = ("calvi2003", "visnjic2004")
_NEU = ("lahozbeneytez2016", "dancey1976")
_EMERG = ("manz2014",)
_MARROW = ("chan2016", "cristy1981")

HEMATOPOIESIS = Module(
    name="hematopoiesis",
    description=(
        "HSCs in their osteoblastic/stromal niche within red marrow, multipotent progenitors, "
        "neutrophils (marrow transit, blood life), monocytes, red cells, platelets, lymphoid "
        "output, red-to-yellow marrow conversion with age, and emergency myelopoiesis driven by "
        "a pathogen through a G-CSF-like signal."
    ),
    states=(
        State("HSC", "cell", "active hematopoietic stem cells (whole body)", 1.0e5),
        State("MPP", "Gcell", "multipotent and committed progenitors", 10.0),
        State("NeuM", "Gcell", "maturing and stored neutrophils in the marrow", 350.0),
        State("NeuB", "Gcell", "blood neutrophils (circulating and marginated)", 70.0),
        State("Mono", "Gcell", "blood monocytes", 2.5),
        State("RBC", "Gcell", "red blood cells", 2.4e4),
        State("PLT", "Gcell", "platelets", 9.0e2),
        State("Pathogen", "", "pathogen load (1 = a moderate bacterial infection)", 0.0),
    ),
    expressions=(
        Expression(
            "age",
            "age_days",
            "year",
            "age of the subject (it advances with time in every run)",
        ),
        Expression(
            "red_fraction_axial",
            "RF_ax_young*exp(-k_yellow_ax*(Max(age, age_young) - age_young))",
            "",
            "red (hematopoietic) share of axial marrow (spine, pelvis, ribs, skull)",
        ),
        Expression(
            "red_fraction_appendicular",
            "RF_app_young*exp(-k_yellow_app*(Max(age, age_young) - age_young))",
            "",
            "red share of long-bone marrow (converts to yellow marrow first)",
        ),
        Expression(
            "red_marrow",
            "red_fraction_axial*V_marrow_ax + red_fraction_appendicular*V_marrow_app",
            "L",
            "red marrow volume",
        ),
        Expression(
            "red_marrow_ref",
            "RF_ax_young*V_marrow_ax + RF_app_young*V_marrow_app",
            "L",
            "red marrow volume of the young adult (the reference state): the marrow's supplies "
            "change from it as the subject ages",
        ),
        Expression(
            "niche",
            "(1 - w_niche_OB + w_niche_OB*(1 + K_niche_OB)*OBa/(OBa + K_niche_OB*OBa_niche_ref))"
            "*red_marrow/red_marrow_ref",
            "",
            "HSC niche capacity, fold of the start of the run: osteoblasts "
            "(saturating: losing them empties niches, extra ones add little) and stromal cells, "
            "in the red marrow",
        ),
        Expression(
            "TLR_path",
            "1 - K_TLR_path/(Pathogen + K_TLR_path)",
            "",
            "Toll-like-receptor signalling of monocytes and macrophages sensing a pathogen",
        ),
        Expression(
            "GCSF_rel",
            "1 + g_GCSF*Pathogen/(Pathogen + K_GCSF_path)",
            "",
            "G-CSF-like emergency signal, fold of health (infection raises it)",
        ),
        Expression(
            "p_self",
            "1/(1 + (HSC/(K_HSC*niche))**2)",
            "",
            "probability that an HSC division renews the stem cell (falls as HSCs fill the niche)",
        ),
        Expression(
            "hsc_division",
            "k_HSC*HSC*GCSF_rel**e_GCSF_HSC",
            "cell/day",
            "HSC divisions per day (infection speeds them)",
        ),
        Expression(
            "hsc_output",
            "2*hsc_division*(1 - p_self)",
            "cell/day",
            "HSCs committing to differentiation per day",
        ),
        Expression(
            "progenitor_output",
            "k_MPP*MPP",
            "Gcell/day",
            "progenitors differentiating into the lineages per day",
        ),
        Expression(
            "myeloid_bias",
            "f_my*GCSF_rel**e_GCSF_bias/(f_my*GCSF_rel**e_GCSF_bias + 1 - f_my)",
            "",
            "share of progenitor output that goes to the granulocyte/monocyte lineage",
        ),
        Expression(
            "myeloid_output",
            "progenitor_output*myeloid_bias/f_my*myeloid_diff",
            "Gcell/day",
            "granulocyte-monocyte progenitor output (fold-scaled so that health is the "
            "progenitor output)",
        ),
        Expression(
            "lymphoid_output",
            "progenitor_output*(1 - myeloid_bias)/(1 - f_my)*lymphoid_diff",
            "Gcell/day",
            "lymphoid progenitor output (B precursors and thymus-seeding T precursors)",
        ),
        Expression(
            "monocyte_supply",
            "Mono/Mono_ref",
            "",
            "monocyte supply to tissues, fold of health: feeds osteoclast precursors, "
            "macrophages and dendritic cells",
        ),
        Expression(
            "lymphoid_supply",
            "lymphoid_output/lymphoid_ref",
            "",
            "lymphoid progenitor supply, fold of health: feeds B precursors and the thymus",
        ),
        Expression(
            "neutrophil_production",
            "A_neu*myeloid_output*GCSF_rel**e_GCSF_neu",
            "Gcell/day",
            "neutrophils made per day (G-CSF adds divisions of myelocytes)",
        ),
        Expression(
            "monocyte_production",
            "A_mono*myeloid_output*(1 + g_CSF1_mono)/(1 + g_CSF1_mono*monocyte_supply)",
            "Gcell/day",
            "monocytes made per day; M-CSF, less consumed when monocytes are few, raises it",
        ),
        Expression(
            "erythroid_production", "A_rbc*progenitor_output", "Gcell/day", "red cells made per day"
        ),
        Expression(
            "platelet_production", "A_plt*progenitor_output", "Gcell/day", "platelets made per day"
        ),
        Expression(
            "neutrophil_release",
            "NeuM/t_transit*GCSF_rel**e_GCSF_transit",
            "Gcell/day",
            "neutrophils leaving the marrow (G-CSF shortens the transit)",
        ),
        Expression(
            "blood_production",
            "neutrophil_production + monocyte_production + erythroid_production "
            "+ platelet_production",
            "Gcell/day",
            "new blood cells made per day",
        ),
        Expression(
            "neutrophil_loss",
            "(d_NeuB + k_spent*Pathogen)*NeuB",
            "Gcell/day",
            "blood neutrophils lost per day (age, and those spent on pathogens)",
        ),
        Expression(
            "blood_loss",
            "neutrophil_loss + d_Mono*Mono + d_RBC*RBC + d_PLT*PLT",
            "Gcell/day",
            "blood cells lost per day (age, and neutrophils spent on pathogens)",
        ),
    ),
    processes=(
        Process(
            "HSC_self_renewal",
            "hsc_division*(2*p_self - 1)",
            "cell/day",
            (("HSC", 1.0),),
            "an HSC division renews the stem cell (gain) or commits both daughters (loss); the "
            "balance is set by how full the niche is",
            (*_HSC, *_NICHE),
            claims=("S1", "S3", "S4", "HEM-3"),
        ),
        Process(
            "HSC_ablation",
            "k_abl_HSC*HSC",
            "cell/day",
            (("HSC", -1.0),),
            "HSCs killed by an ablating agent (experimental)",
            _HSC,
            claims=("S1",),
        ),
        Process(
            "osteoblast_ablation",
            "k_abl_OB*OBa",
            "pM/day",
            (("OBa", -1.0),),
            "active osteoblasts killed by an ablating agent (experimental niche depletion)",
            _NICHE,
            claims=("S4",),
        ),
        Process(
            "MPP_production",
            "A_MPP*hsc_output",
            "Gcell/day",
            (("MPP", 1.0),),
            "committed HSC divisions seed amplifying progenitors",
            _HSC,
            claims=("S1", "S2"),
        ),
        Process(
            "MPP_differentiation",
            "progenitor_output",
            "Gcell/day",
            (("MPP", -1.0),),
            "progenitors differentiate into the lineages",
            _HSC,
            claims=("S1", "S2"),
        ),
        Process(
            "neutrophil_maturation",
            "neutrophil_production",
            "Gcell/day",
            (("NeuM", 1.0),),
            "myeloid progenitors make neutrophils, which mature and wait in the marrow",
            _NEU,
            claims=("S2", "S5", "HEM-1"),
        ),
        Process(
            "neutrophil_egress",
            "neutrophil_release",
            "Gcell/day",
            (("NeuM", -1.0), ("NeuB", 1.0)),
            "mature neutrophils leave the marrow for the blood",
            _NEU,
            claims=("S5", "HEM-2"),
        ),
        Process(
            "neutrophil_death",
            "neutrophil_loss",
            "Gcell/day",
            (("NeuB", -1.0),),
            "blood neutrophils die within about a day, or are spent killing pathogens",
            _NEU,
            claims=("S2", "S5", "HEM-2"),
        ),
        Process(
            "monocyte_output",
            "monocyte_production",
            "Gcell/day",
            (("Mono", 1.0),),
            "myeloid progenitors make monocytes",
            ("patel2017",),
            claims=("S1", "S5"),
        ),
        Process(
            "monocyte_exit",
            "d_Mono*Mono",
            "Gcell/day",
            (("Mono", -1.0),),
            "monocytes leave the blood for tissues (macrophages, osteoclast precursors)",
            ("patel2017",),
            claims=("S1", "S2"),
        ),
        Process(
            "erythropoiesis",
            "erythroid_production",
            "Gcell/day",
            (("RBC", 1.0),),
            "red cells made",
            ("sender2021",),
            claims=("S2", "HEM-1"),
        ),
        Process(
            "red_cell_senescence",
            "d_RBC*RBC",
            "Gcell/day",
            (("RBC", -1.0),),
            "red cells removed after about 120 days",
            ("sender2021",),
            claims=("S2",),
        ),
        Process(
            "thrombopoiesis",
            "platelet_production",
            "Gcell/day",
            (("PLT", 1.0),),
            "platelets made",
            ("sender2021",),
            claims=("S2",),
        ),
        Process(
            "platelet_clearance",
            "d_PLT*PLT",
            "Gcell/day",
            (("PLT", -1.0),),
            "platelets removed after about 9 days",
            ("sender2021",),
            claims=("S2",),
        ),
        Process(
            "pathogen_entry",
            "P_path",
            "1/day",
            (("Pathogen", 1.0),),
            "pathogen enters (an infection)",
            _EMERG,
            claims=("S5",),
        ),
        Process(
            "pathogen_growth",
            "r_path*Pathogen",
            "1/day",
            (("Pathogen", 1.0),),
            "pathogen multiplies",
            _EMERG,
            claims=("S5",),
        ),
        Process(
            "pathogen_killing",
            "k_kill*NeuB/NeuB_ref*Pathogen",
            "1/day",
            (("Pathogen", -1.0),),
            "neutrophils clear the pathogen",
            _EMERG,
            claims=("S5",),
        ),
    ),
    observables=(
        Observable(
            "neutrophils_per_ul",
            "NeuB*f_circ/V_blood",
            "1/uL",
            "circulating blood neutrophils",
        ),
        Observable("monocytes_per_ul", "Mono/V_blood", "1/uL", "blood monocytes"),
        Observable(
            "blood_production_per_day",
            "blood_production",
            "1/day",
            "new blood cells made per day",
        ),
        Observable("hsc_count", "HSC", "cell", "active hematopoietic stem cells"),
        Observable(
            "red_marrow_fraction",
            "red_marrow/(V_marrow_ax + V_marrow_app)",
            "",
            "red (hematopoietic) share of all marrow",
        ),
        Observable(
            "axial_production_share",
            "red_fraction_axial*V_marrow_ax/red_marrow",
            "",
            "share of blood production made in the axial skeleton",
        ),
    ),
    inputs=(
        Input("pathogen", "P_path", "1/day", "pathogen inoculation (an infection)"),
        Input(
            "osteoblast_ablation",
            "k_abl_OB",
            "1/day",
            "killing of active osteoblasts (e.g. ganciclovir in Col2.3-tk mice, Visnjic 2004)",
        ),
        Input("hsc_ablation", "k_abl_HSC", "1/day", "killing of HSCs by an ablating agent"),
    ),
    conditions=(
        Condition(
            "infection",
            "an acute bacterial infection: the pathogen enters while the condition lasts "
            "(give it a duration), then neutrophils clear it",
            (("P_path", 1.0),),
            _EMERG,
        ),
    ),
    genotypes=(
        Genotype(
            "myeloid_defect",
            "myeloid/osteoclast lineage differentiation defect (PU.1 loss): no neutrophils, "
            "monocytes, macrophages or osteoclast precursors",
            (("myeloid_diff", 0.0), ("k_B_OC", 0.0)),
            ("tondravi1997",),
        ),
        Genotype(
            "lymphoid_defect",
            "lymphoid differentiation defect (Ikaros loss): no B or T precursors",
            (("lymphoid_diff", 0.0),),
            ("georgopoulos1994",),
        ),
    ),
    cell_groups=(
        CellGroup("hsc", "hematopoietic stem cells", ("HSC",), evidence=_HSC),
        CellGroup("neutrophils", "marrow and blood neutrophils", ("NeuM", "NeuB"), evidence=_NEU),
    ),
    requires=("bone_cells", "bone_volume"),
)
