"""The Lemaire et al. (2004) bone-cell model, as published: a reference that proves the engine.

Three cell populations, responding (precursor) osteoblasts ``R``, active osteoblasts ``B`` and
active osteoclasts ``C``; TGF-beta, PTH and RANKL/OPG enter through the published activation
functions. Equations follow BioModels BIOMD0000000278 (curated SBML of the paper).

References
----------
Lemaire V, Tobin FL, Greller LD, Cho CR, Suva LJ. Modeling the interactions between osteoblast
and osteoclast activities in bone remodeling. J Theor Biol 229:293-309 (2004).
doi:10.1016/j.jtbi.2004.03.023
"""

from __future__ import annotations

from osteoimmune.model.declarations import Expression, Input, Module, Observable, Process, State

_EV = ("lemaire2004",)

LEMAIRE2004 = Module(
    name="lemaire2004",
    description="Lemaire 2004 bone-cell model (R, B, C) exactly as published (BIOMD0000000278).",
    states=(
        State("R", "pM", "responding (precursor) osteoblasts", 7.7e-4),
        State("B", "pM", "active osteoblasts", 7.3e-4),
        State("C", "pM", "active osteoclasts", 9.1e-4),
    ),
    expressions=(
        Expression("pi_C", "(C + f0*C_s)/(C + C_s)", "", "TGF-beta activation function"),
        Expression("P_exo", "I_P/k_P", "pM", "exogenous PTH concentration"),
        Expression("P_0", "S_P/k_P", "pM", "endogenous PTH concentration"),
        Expression("P_s", "k6/k5", "pM", "PTH receptor dissociation constant"),
        Expression("pi_P", "(P_exo + P_0)/(P_exo + P_s)", "", "PTH activation function"),
        Expression(
            "OPG_lem",
            "(K_O_P*R/pi_P + I_O)/k_O",
            "pM",
            "free OPG (quasi-steady production by R, repressed by PTH, plus infusion)",
        ),
        Expression(
            "pi_L",
            "(k3/k4)*K_L_P*pi_P*B/(1 + k3*K_RANK/k4 + (k1/k2)*OPG_lem)*(1 + I_L/r_L)",
            "",
            "RANKL function: RANK occupancy by RANKL carried by B, reduced by OPG",
        ),
    ),
    processes=(
        Process(
            "R_supply",
            "D_R*pi_C",
            "pM/day",
            (("R", 1.0),),
            "commitment of uncommitted progenitors, activated by TGF-beta",
            _EV,
        ),
        Process(
            "R_to_B",
            "D_B*R/pi_C",
            "pM/day",
            (("R", -1.0), ("B", 1.0)),
            "differentiation of R into B, repressed by TGF-beta",
            _EV,
        ),
        Process(
            "B_removal",
            "k_B*B",
            "pM/day",
            (("B", -1.0),),
            "active osteoblasts become lining cells, osteocytes or die",
            _EV,
        ),
        Process(
            "C_formation",
            "D_C*pi_L",
            "pM/day",
            (("C", 1.0),),
            "osteoclast formation driven by RANKL-RANK binding",
            _EV,
        ),
        Process(
            "C_apoptosis",
            "D_A*pi_C*C",
            "pM/day",
            (("C", -1.0),),
            "osteoclast apoptosis induced by TGF-beta",
            _EV,
        ),
    ),
    observables=(
        Observable("osteoblasts_rel", "B", "pM", "active osteoblasts, fold of healthy", "rel"),
        Observable("osteoclasts_rel", "C", "pM", "active osteoclasts, fold of healthy", "rel"),
        Observable("rankl_opg_ratio", "pi_L*k4/k3/OPG_lem", "", "free RANKL / free OPG"),
    ),
    inputs=(
        Input("pth", "I_P", "pM/day", "PTH infusion"),
        Input("opg", "I_O", "pM/day", "OPG infusion"),
        Input("rankl", "I_L", "pM/day", "RANKL infusion"),
    ),
)
