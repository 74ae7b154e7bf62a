"""Mineral homeostasis: plasma calcium and phosphate, the parathyroid gland, vitamin D and the
kidney, tied to the remodeling skeleton.

The structure follows the integrated calcium model of Peterson & Riggs (2010): an extracellular
calcium pool fed by the gut and by bone resorption and drained by the kidney and by bone
formation, a rapidly exchangeable pool on bone surfaces that buffers it, a parathyroid gland that
senses calcium, a renal 1-alpha-hydroxylase that PTH induces and phosphate and calcitriol
restrain, and calcitriol-dependent gut absorption. The equations here are written for this
package; the published values are cited where they are used.

What is particular to this model:

- **Bone calcium is the model's own bone.** Resorption releases the calcium of the bone it
  removes (volume x its mean mineral content) and formation takes up calcium as new matrix
  mineralizes (primary mineralization of new bone and the secondary mineralization of the
  existing matrix), so the skeleton's calcium balance is, exactly, the change of the bone mineral
  that DXA sees (``bone_volume``). A skeleton losing bone feeds plasma calcium; an anti-resorptive
  starves it for a while (the calcium dip and PTH rise after denosumab follow).
- **PTH is the gland's output.** The bone core's PTH (``bone_cells``) is the basal secretion times
  ``pth_secretion``, the gland's calcium-sensing response (a steep inverse sigmoid around its set
  point; Brown 1983), its capacity (``PTG``: hyperplasia under low calcium, low calcitriol and high
  phosphate, over months) and calcitriol's restraint of PTH synthesis. Teriparatide and any PTH
  infusion act on the same receptors (kidney, hydroxylase, bone) but not on the gland: its own
  output falls when calcium rises.
- **The kidney ages.** Glomerular filtration falls by about 0.8 mL/min a year after 40
  (Lindeman et al. 1985); with it calcitriol production and calcium absorption, so PTH rises with
  age (secondary hyperparathyroidism of old age). Chronic kidney disease loses nephrons at a rate
  the user sets.

References
----------
Peterson MC, Riggs MM. A physiologically based mathematical model of integrated calcium
homeostasis and bone remodeling. Bone 46:49-63 (2010). doi:10.1016/j.bone.2009.08.053
Brown EM. Four-parameter model of the sigmoidal relationship between parathyroid hormone release
and extracellular calcium concentration in normal and abnormal parathyroid tissue. J Clin
Endocrinol Metab 56:572-581 (1983). doi:10.1210/jcem-56-3-572
Peacock M. Calcium metabolism in health and disease. Clin J Am Soc Nephrol 5 Suppl 1:S23-S30
(2010). doi:10.2215/CJN.05910809
Lindeman RD, Tobin J, Shock NW. Longitudinal studies on the rate of decline in renal function
with age. J Am Geriatr Soc 33:278-285 (1985). doi:10.1111/j.1532-5415.1985.tb07117.x
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Condition,
    Expression,
    Module,
    Observable,
    Process,
    Route,
    State,
    Treatment,
)

_PR = ("peterson2010",)

#: Calcium of the bone an envelope removes or gains, in mmol/day, for trabecular (``t``) and
#: cortical (``c``) bone: the share of skeletal calcium in that envelope times the rate at which
#: its mineral (volume x mineral content, fold of the young adult's) changes.
_RELEASE = (
    "Ca_skel_ref*(w_skel_trab*resorption_trab*Min_trab/(BV_trab_ref*Min_trab_ref)"
    " + (1 - w_skel_trab)*resorption_cort*Min_cort/(BV_cort_ref*Min_cort_ref))"
)
_UPTAKE = (
    "Ca_skel_ref*mineral_supply*(w_skel_trab*(formation_trab*Min_prim"
    " + BV_trab*k_min_sec*(Min_max - Min_trab))/(BV_trab_ref*Min_trab_ref)"
    " + (1 - w_skel_trab)*(formation_cort*Min_prim + BV_cort*k_min_sec*(Min_max - Min_cort))"
    "/(BV_cort_ref*Min_cort_ref))"
)

MINERAL_HOMEOSTASIS = Module(
    name="mineral_homeostasis",
    description=(
        "Plasma calcium and phosphate, the parathyroid gland (calcium sensing, capacity), "
        "25-hydroxyvitamin D and calcitriol (renal 1-alpha-hydroxylase), gut absorption, renal "
        "filtration and reabsorption with age and kidney disease, and the skeleton's calcium "
        "taken from the remodeling bone."
    ),
    states=(
        State("Ca_p", "mmol/L", "total serum calcium", 2.35),
        State(
            "Ca_Q",
            "",
            "rapidly exchangeable calcium on bone surfaces (bone fluid and lining cells), fold of "
            "the young adult's Q_ref; it buffers plasma calcium within hours",
            1.0,
        ),
        State("Pi_p", "mmol/L", "serum inorganic phosphate", 1.2),
        State("D3", "pg/mL", "serum calcitriol (1,25-dihydroxyvitamin D)", 40.0),
        State("D25", "ng/mL", "serum 25-hydroxyvitamin D (vitamin D status)", 30.0),
        State(
            "HYD",
            "",
            "renal 1-alpha-hydroxylase (CYP27B1) activity per nephron, fold of the young adult's",
            1.0,
        ),
        State(
            "PTG",
            "",
            "parathyroid gland secretory capacity (cell mass), fold of the young adult's",
            1.0,
        ),
        State(
            "Ca_gut",
            "mmol",
            "calcium of a supplement still in the gut (absorbed over a few hours, the rest lost)",
            0.0,
        ),
        State("VitD3_gut", "ng/mL", "oral cholecalciferol not yet absorbed", 0.0),
        State(
            "D3_gut",
            "pg/mL",
            "oral calcitriol not yet absorbed (as the serum concentration it will add)",
            0.0,
        ),
        State(
            "VitD3",
            "ng/mL",
            "serum cholecalciferol from supplements, turned into 25-hydroxyvitamin D by the liver",
            0.0,
        ),
        State(
            "PTA",
            "",
            "parathyroid adenoma secretory mass, fold of the normal glands' (grows towards "
            "`adenoma` over months once a condition sets it)",
            0.0,
        ),
        State(
            "nephrons",
            "",
            "functioning nephron mass, fraction of the healthy kidney's (falls only in chronic "
            "kidney disease)",
            1.0,
            neutral=True,
        ),
    ),
    expressions=(
        Expression(
            "pth_ca_sensing",
            "(pth_s_min + (1 - pth_s_min)/(1 + (Ca_p/Ca_set)**n_Ca_PTH))"
            "/(pth_s_min + (1 - pth_s_min)/(1 + (Ca_ref/Ca_set)**n_Ca_PTH))",
            "",
            "PTH secretion per unit of normal gland as calcium sensed by the calcium-sensing "
            "receptor sets it (inverse sigmoid with a floor), fold of the secretion at the "
            "reference calcium",
        ),
        Expression(
            "pth_ca_sensing_adenoma",
            "(pth_s_min + (1 - pth_s_min)/(1 + (Ca_p/(Ca_set*Ca_set_adenoma))**n_Ca_PTH))"
            "/(pth_s_min + (1 - pth_s_min)/(1 + (Ca_ref/Ca_set)**n_Ca_PTH))",
            "",
            "the same for adenoma cells, whose calcium-sensing receptor is scarcer: their set "
            "point is raised",
        ),
        Expression(
            "pth_secretion",
            "(PTG*PTG_function*pth_ca_sensing + PTA*pth_ca_sensing_adenoma)"
            "*(D3_ref/D3)**a_D3_PTH*(Pi_p/Pi_ref)**a_Pi_PTH",
            "",
            "parathyroid secretion, fold of the young adult's: normal gland capacity and any "
            "adenoma (which does not shrink when calcium is high), each times its calcium "
            "sensing; calcitriol restrains it (vitamin D receptor on PTH gene transcription), "
            "phosphate stimulates it",
        ),
        Expression(
            "PTH_endo",
            "beta_PTH*pth_secretion/D_PTH",
            "pM",
            "the body's own intact PTH (1-84) in serum",
        ),
        Expression(
            "pth_receptor_rel",
            "PTH/PTH_ref",
            "",
            "PTH receptor drive in kidney and bone (own PTH plus any PTH analogue or infusion), "
            "fold of the young adult's",
        ),
        Expression(
            "GFR_age",
            "GFR_young*Max(1 - k_GFR_age*(Max(age_days, age_GFR) - age_GFR), GFR_floor_age)",
            "mL/min",
            "glomerular filtration of a healthy kidney at the subject's age: level to 40, then "
            "falling about 0.8 mL/min a year",
        ),
        Expression("GFR", "GFR_age*nephrons", "mL/min", "glomerular filtration rate"),
        Expression(
            "ca_absorbed",
            "Ca_intake*ca_abs_fraction - Ca_fecal_endo*Ca_p/Ca_ref",
            "mmol/day",
            "net intestinal calcium absorption: a passive share and a calcitriol-dependent "
            "(transcellular) share of the intake, less the calcium secreted into the gut with the "
            "digestive juices, whose calcium follows the plasma's",
        ),
        Expression(
            "gut_vdr_age",
            "exp(-k_abs_age*(Max(age_days, age_abs) - age_abs))",
            "",
            "the intestine's response to calcitriol, falling with age from midlife (fewer "
            "vitamin D receptors: absorption efficiency falls about 0.2 percentage points a year)",
        ),
        Expression(
            "TmCa",
            "TmCa_ref + dTm_PTH*(pth_receptor_rel/(pth_receptor_rel + K_Tm_PTH) - 1/(1 + K_Tm_PTH))",
            "mmol/L",
            "the renal calcium threshold (tubular maximum per litre of filtrate), which PTH raises "
            "(distal reabsorption)",
        ),
        Expression(
            "ca_excess",
            "(f_uf_Ca*Ca_p - TmCa)/s_TmCa",
            "",
            "ultrafilterable calcium above the renal threshold, in units of the threshold's spread",
        ),
        Expression(
            "ca_urine",
            "GFR*(GFR_young/GFR)**a_GFR_FECa*s_TmCa"
            "*(Max(ca_excess, 0) + log(1 + exp(-Abs(ca_excess))))",
            "mmol/day",
            "urinary calcium: the ultrafilterable calcium filtered above the renal threshold "
            "(Nordin's threshold, smoothed over a few hundredths of a mmol/L: a softplus written so "
            "that it never overflows), so that excretion "
            "rises steeply with serum calcium and PTH sets where; fewer nephrons each excrete more",
        ),
        Expression(
            "mineral_supply",
            "(1 + K_min_CaP)*Ca_p*Pi_p/(Ca_p*Pi_p + K_min_CaP*Ca_ref*Pi_ref)",
            "",
            "how fast matrix can mineralize for the calcium x phosphate product of the "
            "extracellular fluid, fold of the young adult's (hypocalcaemia and hypophosphataemia "
            "leave osteoid unmineralized: osteomalacia)",
        ),
        Expression("ca_bone_release", _RELEASE, "mmol/day", "calcium freed by resorption"),
        Expression(
            "ca_bone_uptake",
            _UPTAKE,
            "mmol/day",
            "calcium laid into bone by primary mineralization of new matrix and the secondary "
            "mineralization of existing matrix",
        ),
        Expression(
            "Ca_Q_eq",
            "(Ca_p/Ca_ref)*(1 + K_PTH_Q)/(pth_receptor_rel + K_PTH_Q)",
            "",
            "the rapidly exchangeable bone calcium in equilibrium with plasma (fold of Q_ref); PTH "
            "mobilizes it",
        ),
        Expression(
            "ca_abs_fraction",
            "f_abs_pass + f_abs_act*gut_vdr_age*D3/(D3 + K_D3_gut)",
            "",
            "fractional calcium absorption (passive plus calcitriol-dependent)",
        ),
        Expression(
            "pi_absorbed",
            "Pi_intake*(f_Pabs_pass + f_Pabs_act*D3/(D3 + K_D3_gut))",
            "mmol/day",
            "net intestinal phosphate absorption (calcitriol raises it)",
        ),
        Expression(
            "pi_urine",
            "GFR*Pi_p*FE_P_ref*(GFR_young/GFR)**a_GFR_FEP*pth_receptor_rel**a_PTH_FEP"
            "*(Pi_p/Pi_ref)**a_Pi_FEP",
            "mmol/day",
            "urinary phosphate: filtered load times the fraction not reabsorbed, raised by PTH, "
            "by phosphate itself (FGF23 and the tubular maximum) and, per nephron, as nephrons "
            "are lost (FGF23)",
        ),
        Expression(
            "hyd_target",
            "Min(pth_receptor_rel**a_PTH_HYD*(Pi_ref/Pi_p)**a_Pi_HYD*(D3_ref/D3)**a_D3_HYD, "
            "HYD_max)",
            "",
            "the 1-alpha-hydroxylase activity that PTH induces and phosphate (through FGF23) and "
            "calcitriol itself repress (up to HYD_max-fold the young adult's)",
        ),
        Expression(
            "ptg_target",
            "Min((Ca_ref/Ca_p)**n_Ca_PTG*(D3_ref/D3)**a_D3_PTG*(Pi_p/Pi_ref)**a_Pi_PTG, PTG_max)",
            "",
            "the parathyroid cell mass that low calcium, low calcitriol and high phosphate drive "
            "the glands to (hyperplasia, up to PTG_max-fold the young adult's)",
        ),
    ),
    processes=(
        Process(
            "gut_calcium_absorption",
            "ca_absorbed/V_Ca",
            "mmol/L/day",
            (("Ca_p", 1.0),),
            "calcium absorbed from the diet enters the extracellular fluid",
            ("peacock2010", "peterson2010"),
            claims=("MIN-1",),
        ),
        Process(
            "urinary_calcium",
            "ca_urine/V_Ca",
            "mmol/L/day",
            (("Ca_p", -1.0),),
            "the kidney excretes what it does not reabsorb",
            ("peacock2010", "peterson2010"),
            claims=("MIN-1", "MIN-2"),
        ),
        Process(
            "bone_calcium_release",
            "ca_bone_release/V_Ca",
            "mmol/L/day",
            (("Ca_p", 1.0),),
            "osteoclasts free the calcium of the bone they resorb",
            ("peterson2010",),
            claims=("MIN-4",),
        ),
        Process(
            "bone_calcium_uptake",
            "ca_bone_uptake/V_Ca",
            "mmol/L/day",
            (("Ca_p", -1.0),),
            "mineralizing matrix takes calcium from the extracellular fluid",
            ("peterson2010",),
            claims=("MIN-4",),
        ),
        Process(
            "exchangeable_calcium_uptake",
            "k_Q*(Ca_Q_eq - Ca_Q)",
            "1/day",
            (("Ca_Q", 1.0),),
            "plasma calcium exchanges with the rapidly exchangeable pool on bone surfaces",
            ("peterson2010",),
            claims=("MIN-2",),
        ),
        Process(
            "exchangeable_calcium_plasma",
            "k_Q*Q_ref*(Ca_Q_eq - Ca_Q)/V_Ca",
            "mmol/L/day",
            (("Ca_p", -1.0),),
            "what the exchangeable pool takes up leaves plasma (and what it gives back enters)",
            ("peterson2010",),
            claims=("MIN-2",),
        ),
        Process(
            "gut_phosphate_absorption",
            "pi_absorbed/V_Ca",
            "mmol/L/day",
            (("Pi_p", 1.0),),
            "phosphate absorbed from the diet",
            ("peterson2010",),
            claims=("MIN-1",),
        ),
        Process(
            "bone_phosphate_exchange",
            "(ca_bone_release - ca_bone_uptake)/(Ca_P_bone*V_Ca)",
            "mmol/L/day",
            (("Pi_p", 1.0),),
            "resorption frees and mineralization binds phosphate with calcium, at the molar ratio "
            "of bone apatite",
            ("peterson2010",),
            claims=("MIN-4",),
        ),
        Process(
            "urinary_phosphate",
            "pi_urine/V_Ca",
            "mmol/L/day",
            (("Pi_p", -1.0),),
            "the kidney excretes phosphate",
            ("peterson2010",),
            claims=("MIN-1", "MIN-3"),
        ),
        Process(
            "calcitriol_synthesis",
            "k_D3*D3_ref*HYD*GFR/GFR_young*(D25/(D25 + K_D25))/(D25_ref/(D25_ref + K_D25))",
            "pg/mL/day",
            (("D3", 1.0),),
            "the kidney's 1-alpha-hydroxylase turns 25-hydroxyvitamin D into calcitriol, in "
            "proportion to the functioning renal mass (which age and kidney disease shrink) and "
            "substrate-limited when vitamin D is scarce",
            ("peterson2010", "holick2007"),
            claims=("MIN-1", "MIN-3"),
        ),
        Process(
            "calcitriol_clearance",
            "k_D3*D3",
            "pg/mL/day",
            (("D3", -1.0),),
            "calcitriol is cleared within hours (24-hydroxylation)",
            ("peterson2010",),
            claims=("MIN-1",),
        ),
        Process(
            "hydroxylase_regulation",
            "k_HYD*(hyd_target - HYD)",
            "1/day",
            (("HYD", 1.0),),
            "the hydroxylase follows its inducers and repressors within about a day",
            ("peterson2010",),
            claims=("MIN-1", "MIN-2"),
        ),
        Process(
            "vitamin_d_supply",
            "k_D25*D25_ref*vitD_supply",
            "ng/mL/day",
            (("D25", 1.0),),
            "vitamin D from skin and diet is hydroxylated by the liver to 25-hydroxyvitamin D",
            ("holick2007",),
            claims=("MIN-3",),
        ),
        Process(
            "vitamin_d_clearance",
            "k_D25*D25",
            "ng/mL/day",
            (("D25", -1.0),),
            "25-hydroxyvitamin D is cleared with a half-life of about two weeks",
            ("holick2007",),
            claims=("MIN-3",),
        ),
        Process(
            "calcium_supplement_transit",
            "k_Ca_gut*Ca_gut",
            "mmol/day",
            (("Ca_gut", -1.0),),
            "supplement calcium passes the absorptive intestine within hours",
            ("heaney1989",),
            claims=("MIN-6",),
        ),
        Process(
            "calcium_supplement_absorption",
            "k_Ca_gut*Ca_gut*ca_abs_fraction/V_Ca",
            "mmol/L/day",
            (("Ca_p", 1.0),),
            "the absorbed share of supplement calcium enters the extracellular fluid",
            ("heaney1989",),
            claims=("MIN-6",),
        ),
        Process(
            "calcitriol_absorption",
            "ka_D3*D3_gut",
            "pg/mL/day",
            (("D3_gut", -1.0), ("D3", 1.0)),
            "oral calcitriol is absorbed within hours and joins the body's own (cleared alike)",
            ("rocaltrol_label",),
            claims=("MIN-6",),
        ),
        Process(
            "cholecalciferol_absorption",
            "ka_VitD3*VitD3_gut",
            "ng/mL/day",
            (("VitD3_gut", -1.0), ("VitD3", 1.0)),
            "oral cholecalciferol is absorbed with dietary fat (chylomicrons)",
            ("heaney2003",),
            claims=("MIN-6",),
        ),
        Process(
            "cholecalciferol_clearance",
            "k_VitD3*VitD3",
            "ng/mL/day",
            (("VitD3", -1.0),),
            "serum cholecalciferol is cleared within a day or two (to the liver and to fat)",
            ("heaney2003",),
            claims=("MIN-6",),
        ),
        Process(
            "cholecalciferol_25_hydroxylation",
            "y_25OHD*k_VitD3*VitD3",
            "ng/mL/day",
            (("D25", 1.0),),
            "the liver's 25-hydroxylase turns cholecalciferol into 25-hydroxyvitamin D",
            ("heaney2003",),
            claims=("MIN-6",),
        ),
        Process(
            "adenoma_growth",
            "k_adenoma*(adenoma - PTA)",
            "1/day",
            (("PTA", 1.0),),
            "a parathyroid adenoma grows to its size over months (and involutes after removal)",
            ("bilezikian2018",),
            claims=("MIN-3",),
        ),
        Process(
            "parathyroid_growth",
            "k_PTG*(ptg_target - PTG)",
            "1/day",
            (("PTG", 1.0),),
            "the parathyroid glands grow under chronic stimulation and shrink slowly after",
            ("peterson2010",),
            claims=("MIN-3",),
        ),
        Process(
            "nephron_loss",
            "ckd*k_ckd/GFR_young*nephrons/(nephrons + K_nephron)",
            "1/day",
            (("nephrons", -1.0),),
            "chronic kidney disease loses filtration at a set rate (mL/min per year), slowing as "
            "the last nephrons remain",
            ("levey2003",),
            claims=("MIN-3",),
        ),
    ),
    observables=(
        Observable("calcium_mmol_l", "Ca_p", "mmol/L", "total serum calcium"),
        Observable("phosphate_mmol_l", "Pi_p", "mmol/L", "serum inorganic phosphate"),
        Observable("pth_pg_ml", "PTH_endo*c_PTH", "pg/mL", "endogenous intact PTH (1-84) in serum"),
        Observable("calcitriol_pg_ml", "D3", "pg/mL", "serum 1,25-dihydroxyvitamin D"),
        Observable("vitamin_d_ng_ml", "D25", "ng/mL", "serum 25-hydroxyvitamin D"),
        Observable("urine_calcium_mmol_day", "ca_urine", "mmol/day", "urinary calcium"),
        Observable("gfr_ml_min", "GFR", "mL/min", "glomerular filtration rate"),
    ),
    conditions=(
        Condition(
            "primary_hyperparathyroidism",
            "a parathyroid adenoma from `at` on: autonomous secreting cells with a raised calcium "
            "set point, beside normal glands that high calcium suppresses",
            (("adenoma", 10.0),),
            ("brown1983", "bilezikian2018"),
        ),
        Condition(
            "hypoparathyroidism",
            "loss of parathyroid function from `at` on (after neck surgery, autoimmune): PTH "
            "secretion at a few percent of normal",
            (("PTG_function", 0.01),),
            ("bilezikian2011",),
        ),
        Condition(
            "vitamin_d_deficiency",
            "too little vitamin D from skin and diet from `at` on: 25-hydroxyvitamin D settles "
            "near 9 ng/mL",
            (("vitD_supply", 0.3),),
            ("holick2007",),
        ),
        Condition(
            "chronic_kidney_disease",
            "chronic kidney disease from `at` on: filtration falls by k_ckd (default 4 mL/min a "
            "year; set it under `parameters`)",
            (("ckd", 1.0),),
            ("levey2003",),
        ),
    ),
    treatments=(
        Treatment(
            "calcium",
            "oral calcium supplement (carbonate or citrate); the dose is elemental calcium",
            "intestinal calcium absorption",
            routes=(Route("oral", "Ca_gut", ""),),
            dose_to_state="dose_Ca",
            evidence=("heaney1989", "peacock2010"),
            default_regimen=(("dose", "500 mg"), ("every", "1 days"), ("route", "oral")),
        ),
        Treatment(
            "calcitriol",
            "calcitriol (1,25-dihydroxyvitamin D3), oral; the dose in micrograms",
            "vitamin D receptor",
            routes=(Route("oral", "D3_gut", "F_D3"),),
            dose_to_state="dose_D3",
            evidence=("rocaltrol_label",),
            serum="D3",
            default_regimen=(("dose", "0.25 ug"), ("every", "12 hours"), ("route", "oral")),
        ),
        Treatment(
            "cholecalciferol",
            "vitamin D3 supplement, oral; the dose in micrograms (1 ug = 40 IU)",
            "hepatic 25-hydroxylase (substrate)",
            routes=(Route("oral", "VitD3_gut", "F_VitD3"),),
            dose_to_state="dose_VitD3",
            evidence=("heaney2003", "holick2007"),
            serum="VitD3",
            default_regimen=(("dose", "20 ug"), ("every", "1 days"), ("route", "oral")),
        ),
    ),
    in_vitro=(
        ("Ca_intake", 0.0),
        ("Ca_fecal_endo", 0.0),
        ("Pi_intake", 0.0),
        ("f_uf_Ca", 0.0),
        ("FE_P_ref", 0.0),
        ("Ca_skel_ref", 0.0),
        ("k_Q", 0.0),
    ),
    requires=("bone_cells", "bone_volume"),
)
