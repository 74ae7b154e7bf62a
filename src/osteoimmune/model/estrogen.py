"""Estrogen: ovarian output as a time course, and the estrogen deficit that the immune system and
the bone cells sense.

Ovarian function is a two-step transit chain (``OvA -> OvF``) that relaxes towards its target:
natural menopause sets the target to zero and the chain turns the step into the smooth decline
of serum estradiol that starts about two years before the final menstrual period and levels off
about two years after it (Randolph et al. 2011). Surgical menopause and ovariectomy remove the
ovaries at once (estradiol falls within a day). Hormone replacement adds exogenous estradiol.

The deficit ``E2_def = 1 - ER/ER_pre`` is the loss of estrogen-receptor occupancy relative to
the premenopausal state (0 before menopause, towards 1 without estrogen, negative above
premenopausal levels). It is split by the documented parameter ``f_E2_T``: the share that acts
through T cells and antigen presentation (``E2_def_imm``; the seeds' view, Pacifici and
co-workers) and the share that acts on bone cells directly (``E2_def_bone``). With
``f_E2_T = 0`` the model reproduces reports of OVX bone loss without T cells (Lee et al. 2006).

References
----------
Randolph JF Jr, et al. Change in follicle-stimulating hormone and estradiol across the menopausal
transition. J Clin Endocrinol Metab 96:746-754 (2011). doi:10.1210/jc.2010-1746
Cenci S, et al. Estrogen deficiency induces bone loss by enhancing T-cell production of TNF-alpha.
J Clin Invest 106:1229-1237 (2000). doi:10.1172/JCI11066
Lee SK, et al. T lymphocyte-deficient mice lose trabecular bone mass with ovariectomy. J Bone
Miner Res 21:1704-1712 (2006). doi:10.1359/jbmr.060726
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Condition,
    Expression,
    Module,
    Observable,
    Process,
    State,
)
from osteoimmune.units import DAYS_PER_YEAR

#: Natural menopause is dated by the final menstrual period; ovarian estradiol output starts to
#: fall about two years before it (Randolph et al. 2011, Fig. 2).
MENOPAUSE_LEAD_DAYS = 2 * DAYS_PER_YEAR

ESTROGEN = Module(
    name="estrogen",
    description=(
        "Ovarian estradiol output as a time course (natural menopause, surgical menopause, "
        "ovariectomy, hormone replacement) and the estrogen deficit sensed by immune and bone cells."
    ),
    states=(
        State(
            "OvA", "", "ovarian function, first step of the decline chain (1 = premenopausal)", 1.0
        ),
        State("OvF", "", "ovarian estradiol output, fraction of premenopausal", 1.0),
    ),
    expressions=(
        Expression(
            "E2",
            "(1 - male)*(E2_post + (E2_pre - E2_post)*OvF*ovaries) + male*E2_male "
            "+ hrt*E2_HRT + E2exo/c_E2",
            "pg/mL",
            "serum estradiol: in women ovarian output on top of the extra-ovarian floor, in men "
            "estradiol aromatized from testosterone; plus any HRT (the `hrt` condition's level, "
            "or estradiol dosed as a drug)",
        ),
        Expression(
            "E2_male",
            "E2_male_young*exp(-k_E2_male*(Max(age_days, age_young) - age_young))",
            "pg/mL",
            "estradiol of a man, aromatized from testosterone: it falls with age as "
            "bioavailable testosterone falls and SHBG rises (Khosla 1998)",
        ),
        Expression(
            "E2_ref",
            "(1 - male)*E2_pre + male*E2_male_young",
            "pg/mL",
            "the young adult's estradiol of the subject's sex, the level its cells are set to",
        ),
        Expression(
            "E2_def",
            "1 - (E2/(E2 + K_E2))/(E2_ref/(E2_ref + K_E2))",
            "",
            "estrogen deficit: loss of receptor occupancy relative to the young adult of the same "
            "sex (premenopause in women)",
        ),
        Expression(
            "E2_def_imm",
            "f_E2_T*E2_def",
            "",
            "the share of the deficit that acts through antigen presentation and T cells",
        ),
        Expression(
            "E2_def_bone",
            "(1 - f_E2_T)*E2_def",
            "",
            "the share of the deficit that acts on bone cells directly",
        ),
    ),
    processes=(
        Process(
            "ovarian_decline_1",
            "k_ovary*(ovary_target - OvA)",
            "1/day",
            (("OvA", 1.0),),
            "ovarian function relaxes towards its target (1 before menopause, 0 after)",
            ("randolph2011",),
            claims=("S33", "EST-1"),
        ),
        Process(
            "ovarian_decline_2",
            "k_ovary*(OvA - OvF)",
            "1/day",
            (("OvF", 1.0),),
            "estradiol output follows with a second delay (sigmoid decline)",
            ("randolph2011",),
            claims=("S33", "EST-1"),
        ),
    ),
    observables=(Observable("estrogen_pg_ml", "E2", "pg/mL", "serum estradiol"),),
    conditions=(
        Condition(
            "menopause",
            "natural menopause; `at` is the final menstrual period, ovarian output starts to fall "
            "two years earlier and levels off about two years after",
            (("ovary_target", 0.0),),
            ("randolph2011", "sowers2010"),
            lead_days=MENOPAUSE_LEAD_DAYS,
            sexes=("female",),
        ),
        Condition(
            "surgical_menopause",
            "bilateral oophorectomy in a woman: ovarian estradiol stops at `at`",
            (("ovaries", 0.0),),
            ("cenci2000",),
            sexes=("female",),
        ),
        Condition(
            "ovariectomy",
            "ovariectomy (OVX), the animal model of estrogen loss: ovarian estradiol stops at `at`",
            (("ovaries", 0.0),),
            ("cenci2000", "roggia2001"),
            sexes=("female",),
        ),
        Condition(
            "hrt",
            "hormone replacement therapy from `at` on: estradiol at the species' HRT level",
            (("hrt", 1.0),),
            ("porter2001",),
            sexes=("female",),
        ),
    ),
    in_vitro=(("E2_post", 0.0), ("ovaries", 0.0)),
)
