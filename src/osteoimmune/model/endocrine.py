"""Bone as an endocrine organ: osteocalcin and its action on glucose and insulin.

Osteoblasts make osteocalcin; vitamin-K-dependent gamma-carboxylation makes most of it bind the
mineral, the rest circulates undercarboxylated. Resorption releases matrix osteocalcin and the
acid of the resorption lacuna decarboxylates it (Ferron et al. 2010), so undercarboxylated
osteocalcin (ucOC) rises with turnover. ucOC raises insulin secretion and insulin sensitivity (Lee
et al. 2007); in humans the association is weak (OCN-2), so the human gains are small.

Glucose, insulin and beta-cell mass follow the model of Topp et al. (2000): hepatic glucose
output, insulin-independent and insulin-dependent uptake, glucose-stimulated insulin secretion with
first-order clearance, and a beta-cell mass that grows with glucose and so brings fasting glucose
back to its set point over weeks. ucOC scales secretion and sensitivity through
``ocn_effect``, which is 0 in health. The documented parameter ``g_OCN_endocrine`` (0 to 1) sets
how much of this endocrine action exists: 1 is the seeds' view (Lee 2007), 0 reproduces the
osteocalcin-deficient mice with normal glucose of Moriishi et al. (2020) and Diegel et al. (2020).

References
----------
Lee NK, et al. Endocrine regulation of energy metabolism by the skeleton. Cell 130:456-469 (2007).
Ferron M, et al. Insulin signaling in osteoblasts integrates bone remodeling and energy metabolism.
Cell 142:296-308 (2010).
Topp B, et al. A model of beta-cell mass, insulin, and glucose kinetics. J Theor Biol 206:605-619
(2000).
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Expression,
    Genotype,
    Input,
    Module,
    Observable,
    Process,
    State,
)

OSTEOCALCIN = Module(
    name="osteocalcin",
    description=(
        "Osteocalcin made by active osteoblasts, carboxylated (vitamin K) or undercarboxylated, "
        "and matrix osteocalcin released and decarboxylated by resorption."
    ),
    expressions=(
        Expression(
            "OCN_production",
            "p_OCN*OBa*ocn",
            "ng/mL/day",
            "osteocalcin secreted by active osteoblasts",
        ),
        Expression(
            "cOC",
            "f_carb*OCN_production/k_OCN",
            "ng/mL",
            "carboxylated osteocalcin in serum",
        ),
        Expression(
            "ucOC",
            "((1 - f_carb)*OCN_production + p_OCN_res*resorption_drive*ocn)/k_OCN + OCNexo/c_OCN",
            "ng/mL",
            "undercarboxylated osteocalcin: newly made, released from the matrix by resorption, "
            "and given as a drug",
        ),
        Expression("OCN_total", "cOC + ucOC", "ng/mL", "total serum osteocalcin"),
        Expression(
            "ocn_effect",
            "g_OCN_endocrine*((ucOC/(ucOC + K_ucOC))/(ucOC_ref/(ucOC_ref + K_ucOC)) - 1)",
            "",
            "endocrine signal of ucOC relative to health (0 in health, -g without osteocalcin)",
        ),
    ),
    observables=(
        Observable("osteocalcin_ng_ml", "OCN_total", "ng/mL", "serum osteocalcin"),
        Observable("uc_osteocalcin_ng_ml", "ucOC", "ng/mL", "serum undercarboxylated osteocalcin"),
    ),
    genotypes=(
        Genotype(
            "ocn_ko",
            "osteocalcin (Bglap) knockout: no osteocalcin from osteoblasts or matrix",
            (("ocn", 0.0),),
            ("lee2007",),
        ),
    ),
    requires=("bone_cells",),
)

GLUCOSE = Module(
    name="glucose",
    description=(
        "Fasting glucose, insulin and beta-cell mass (Topp 2000) with insulin secretion, insulin "
        "sensitivity and beta-cell proliferation raised by undercarboxylated osteocalcin."
    ),
    states=(
        State("Glc", "mg/dL", "plasma glucose", 100.0),
        State("Ins", "uIU/mL", "plasma insulin", 10.0),
        State("Bcell", "mg", "beta-cell mass", 300.0),
    ),
    expressions=(
        Expression(
            "insulin_secretion",
            "Bcell*sigma_ins*(1 + a_ucOC_sec*ocn_effect)*Glc**2/(alpha_ins + Glc**2)",
            "uIU/mL/day",
            "glucose-stimulated insulin secretion, raised by ucOC",
        ),
        Expression(
            "insulin_sensitivity",
            "S_I*(1 + a_ucOC_sens*ocn_effect)",
            "mL/uIU/day",
            "insulin-dependent glucose uptake per unit insulin, raised by ucOC",
        ),
    ),
    processes=(
        Process(
            "glucose_output",
            "R0_glc + P_glc",
            "mg/dL/day",
            (("Glc", 1.0),),
            "hepatic glucose output (and any glucose given)",
            ("topp2000",),
            claims=("S21", "OCN-2"),
        ),
        Process(
            "glucose_uptake",
            "(E_G0 + insulin_sensitivity*Ins)*Glc",
            "mg/dL/day",
            (("Glc", -1.0),),
            "insulin-independent and insulin-dependent glucose uptake",
            ("topp2000", "lee2007"),
            claims=("S21", "OCN-2"),
        ),
        Process(
            "insulin_release",
            "insulin_secretion",
            "uIU/mL/day",
            (("Ins", 1.0),),
            "beta cells secrete insulin in response to glucose",
            ("topp2000", "lee2007"),
            claims=("S21", "OCN-2"),
        ),
        Process(
            "beta_cell_turnover",
            "(r1_beta*Glc*(1 + a_ucOC_beta*ocn_effect) - d0_beta - r2_beta*Glc**2)*Bcell",
            "mg/day",
            (("Bcell", 1.0),),
            "beta cells proliferate with glucose (ucOC raises proliferation) and die; glucotoxicity "
            "at high glucose",
            ("topp2000", "lee2007"),
            claims=("S21", "OCN-2"),
        ),
        Process(
            "insulin_clearance",
            "k_ins*Ins",
            "uIU/mL/day",
            (("Ins", -1.0),),
            "insulin clearance",
            ("topp2000",),
            claims=("S21", "OCN-2"),
        ),
    ),
    observables=(
        Observable("insulin_uu_ml", "Ins", "uIU/mL", "fasting serum insulin"),
        Observable("glucose_mg_dl", "Glc", "mg/dL", "fasting plasma glucose"),
    ),
    inputs=(Input("glucose", "P_glc", "mg/dL/day", "glucose infusion (tolerance test)"),),
    requires=("osteocalcin",),
)
