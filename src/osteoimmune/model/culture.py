"""In vitro cultures: a well of cells in a medium, run by the same declared biology.

A culture is not a second model. It is the species' model in a well: the cells the culture is
seeded with (``Culture.cells``), no sources from outside the well (each module's ``in_vitro``
values: no marrow supply of precursors, no thymus, no stroma, no PTH, no ovaries), and the
concentrations its medium holds (``medium``: M-CSF, RANKL, OPG, cytokines, SOFAT), which enter the
molecules' declared levels and act through the same binding and signalling laws as the molecules
made by cells. Osteoclastogenesis in the well is the ``OC_formation`` of the bone core: RANKL-RANK
signalling (opposed by OPG), the RANKL-independent SOFAT route, M-CSF dependence and the IFN-gamma
brake.

This module adds only what a well has and a subject does not: the well's volume (cells per well
from concentrations), a dentine or bone slice whose resorbed area the osteoclasts grow, and the
culture read-outs ``osteoclasts_per_well`` (TRAP+ multinucleated cells), ``precursors_per_well``
and ``resorption_pct``.

References
----------
D'Amelio P, et al. Bone 43:92-100 (2008). doi:10.1016/j.bone.2008.02.017
Rifas L, Weitzmann MN. Arthritis Rheum 60:3324-3335 (2009). doi:10.1002/art.24877
"""

from __future__ import annotations

from osteoimmune.model.declarations import (
    Culture,
    MediumComponent,
    Module,
    Observable,
    Process,
    State,
)

_PER_WELL = "V_well*N_avogadro"

CULTURE = Module(
    name="culture",
    description=(
        "In vitro cultures: cells seeded per well, a medium holding M-CSF, RANKL, OPG, cytokines "
        "and SOFAT at set concentrations, and the pit area resorbed on a dentine slice."
    ),
    states=(
        State(
            "pit_area",
            "mm**2",
            "dentine (bone) slice area resorbed in a culture well (0 in vivo)",
            0.0,
            neutral=True,
        ),
    ),
    processes=(
        Process(
            "pit_resorption",
            f"in_well*k_pit*oc_activity*(OCa - OCmn)*{_PER_WELL}",
            "mm**2/day",
            (("pit_area", 1.0),),
            "multinucleated osteoclasts in a well resorb the slice they sit on, at a rate set by "
            "their RANKL-driven activity",
            ("damelio2008",),
            claims=("S41",),
        ),
    ),
    observables=(
        Observable(
            "osteoclasts_per_well",
            f"(OCa - OCmn)*{_PER_WELL}",
            "cell",
            "TRAP+ multinucleated osteoclasts per well",
            setting="culture",
        ),
        Observable(
            "precursors_per_well",
            f"OCp*{_PER_WELL}",
            "cell",
            "monocyte-lineage osteoclast precursors per well",
            setting="culture",
        ),
        Observable(
            "resorption_pct",
            "100*(1 - exp(-pit_area/A_slice))",
            "",
            "percent of the slice surface covered by resorption pits (randomly placed pits "
            "overlap, so the covered share saturates)",
            setting="culture",
        ),
        Observable(
            "mononuclear_trap_per_well",
            f"OCmn*{_PER_WELL}",
            "cell",
            "TRAP+ mononuclear cells per well (committed osteoclasts that have not fused)",
            setting="culture",
        ),
    ),
    medium=(
        MediumComponent(
            "mcsf", "MCSF_medium", "recombinant M-CSF (CSF-1)", "MW_MCSF", ("stanley1983",)
        ),
        MediumComponent(
            "rankl", "RANKL_medium", "recombinant soluble RANKL", "MW_RANKL", ("lacey1998",)
        ),
        MediumComponent(
            "opg",
            "OPG_medium",
            "recombinant osteoprotegerin (decoy receptor of RANKL)",
            "MW_OPG",
            ("simonet1997",),
        ),
        MediumComponent("tnf", "TNF_medium", "recombinant TNF-alpha"),
        MediumComponent("il1", "IL1_medium", "recombinant IL-1"),
        MediumComponent("il6", "IL6_medium", "recombinant IL-6"),
        MediumComponent("ifng", "IFNG_medium", "recombinant IFN-gamma"),
        MediumComponent(
            "sofat",
            "SOFAT_medium",
            "secreted osteoclastogenic factor of activated T cells (recombinant)",
            evidence=("rifas2009",),
        ),
        MediumComponent(
            "anti_cd3_cd28",
            "aCD3_medium",
            "anti-CD3 and anti-CD28 antibodies that stimulate T cells through the TCR and CD28 "
            "(how activated T cells are made and kept activated in a culture)",
            evidence=("rifas2009",),
        ),
        MediumComponent(
            "cd137l_agonist",
            "CD137L_ag_medium",
            "agonist of CD137L reverse signalling on precursors (recombinant CD137-Fc or an "
            "agonist antibody)",
            evidence=("shin2006",),
        ),
    ),
    cultures=(
        Culture(
            "pbmc",
            "peripheral blood mononuclear cells: monocytes (the osteoclast precursors), T cells "
            "and B cells in their blood proportions",
            (
                ("monocytes", ("n_PBMC_well", "f_mono_PBMC")),
                ("t_cells", ("n_PBMC_well", "f_T_PBMC")),
                ("b_cells", ("n_PBMC_well", "f_B_PBMC")),
            ),
            ("damelio2008",),
        ),
        Culture(
            "monocytes",
            "purified blood monocytes (CD14+), the osteoclast precursors, alone",
            (("monocytes", ("n_mono_well",)),),
            ("rifas2009",),
        ),
        Culture(
            "co_culture",
            "monocytes with osteoblasts",
            (("monocytes", ("n_mono_well",)), ("osteoblasts", ("n_OB_well",))),
            ("rifas2009",),
        ),
    ),
    in_vitro=(("in_well", 1.0),),
    requires=("bone_cells", "osteoclast_precursors", "cytokines", "immune_bone"),
)
