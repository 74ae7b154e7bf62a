"""In vitro cultures: parsing and validation of ``culture``/``remove``/``add``/``medium``, units,
the culture table, and regressions of the culture claims (claims.md S8, S13; Rifas & Weitzmann,
Arthritis Rheum 2009; D'Amelio et al., Bone 2008)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoimmune.cli import main
from osteoimmune.errors import InputError
from osteoimmune.experiments.arms import end, run
from osteoimmune.model.parameters import load_parameter_set
from osteoimmune.protocol import CultureWell, scenario_from_dict

WELL = {"species": "human", "duration": "21 days", "save_every": "1 days", "culture": "monocytes"}


def _doc(**keys: object) -> dict[str, object]:
    return {**WELL, **keys}


def test_medium_mass_concentration_converts_with_the_molar_mass() -> None:
    s = scenario_from_dict(_doc(medium={"mcsf": "25 ng/mL", "rankl": "30 ng/mL", "tnf": "1 ng/mL"}))
    assert s.culture is not None
    mw = load_parameter_set("human").parameters["MW_MCSF"].value
    assert s.culture.medium["mcsf"] == pytest.approx(25e-6 / mw * 1e12)  # g/L / (g/mol) -> pM
    assert s.culture.medium["tnf"] == pytest.approx(1000.0)  # pg/mL


def test_medium_accepts_molar_units() -> None:
    s = scenario_from_dict(_doc(medium={"rankl": "1 nM"}))
    assert s.culture is not None and s.culture.medium["rankl"] == pytest.approx(1000.0)


@pytest.mark.parametrize(
    ("keys", "field", "hint"),
    [
        ({"medium": {"mcfs": "25 ng/mL"}}, "medium", "mcsf"),
        ({"medium": {"mcsf": "25 mg"}}, "medium.mcsf", None),
        ({"medium": {"mcsf": 25}}, "medium.mcsf", None),
        ({"medium": {"mcsf": "-25 ng/mL"}}, "medium.mcsf", None),
        ({"medium": {"tnf": "1 nM"}}, "medium.tnf", None),
        ({"culture": "pbcm"}, "culture", "pbmc"),
        ({"remove": ["t_cels"]}, "remove", "t_cells"),
        ({"add": {"activated_t_cells": -5}}, "add.activated_t_cells", None),
        ({"add": {"activated_tcells": 1e5}}, "add", "activated_t_cells"),
        ({"events": [{"condition": "menopause"}]}, "events[0].condition", None),
    ],
)
def test_bad_culture_input_names_field_value_and_fix(
    keys: dict[str, object], field: str, hint: str | None
) -> None:
    with pytest.raises(InputError) as err:
        scenario_from_dict(_doc(**keys))
    assert err.value.field == field
    if hint:
        assert repr(hint) in str(err.value)


def test_medium_without_culture_is_rejected() -> None:
    with pytest.raises(InputError, match="only together with culture"):
        scenario_from_dict({"species": "human", "medium": {"mcsf": "25 ng/mL"}})


def test_culture_well_validates_on_construction() -> None:
    with pytest.raises(InputError):
        CultureWell("monocytes", medium={"mcsf": -1.0})
    with pytest.raises(InputError):
        CultureWell("")


def test_culture_table_has_the_contract_columns() -> None:
    r = run(_doc(medium={"mcsf": "25 ng/mL", "rankl": "30 ng/mL"}))
    cols = list(r.to_pandas().columns)
    # the contract's columns first, in order; the mononuclear TRAP+ count after them
    assert cols == [
        "time_days",
        "osteoclasts_per_well",
        "precursors_per_well",
        "resorption_pct",
        "mononuclear_trap_per_well",
    ]
    assert r.observables["osteoclasts_per_well"][0] == 0.0
    seeded = load_parameter_set("human").parameters["n_mono_well"].value
    assert r.observables["precursors_per_well"][0] == pytest.approx(seeded, rel=1e-9)
    assert 0 < end(r, "resorption_pct") <= 100


@settings(max_examples=8, deadline=None)
@given(st.floats(min_value=0.0, max_value=100.0), st.floats(min_value=0.0, max_value=1000.0))
def test_opg_never_raises_osteoclasts(rankl_ng_ml: float, opg_ng_ml: float) -> None:
    """OPG only binds RANKL: at seeding, more OPG never raises the osteoclast formation rate
    (property). Counts at a later day need not fall: slower differentiation leaves more
    precursors, which M-CSF expands (a real feature of the model's precursor dynamics)."""
    doc = _doc(duration="7 days", medium={"mcsf": "25 ng/mL", "rankl": f"{rankl_ng_ml} ng/mL"})
    with_opg = _doc(
        duration="7 days",
        medium={"mcsf": "25 ng/mL", "rankl": f"{rankl_ng_ml} ng/mL", "opg": f"{opg_ng_ml} ng/mL"},
    )
    assert run(with_opg).at("oc_formation", 0.0) <= run(doc).at("oc_formation", 0.0) * (1 + 1e-12)


def test_s8_culture_rankl_and_mcsf_both_required() -> None:
    """claims.md S8 culture arm (Lacey 1998; Yoshida 1990): each of RANKL, M-CSF is required."""
    both = end(run(_doc(medium={"mcsf": "25 ng/mL", "rankl": "30 ng/mL"})), "osteoclasts_per_well")
    no_rankl = end(run(_doc(medium={"mcsf": "25 ng/mL"})), "osteoclasts_per_well")
    no_mcsf = end(run(_doc(medium={"rankl": "30 ng/mL"})), "osteoclasts_per_well")
    assert both > 1e3
    assert no_rankl < 0.1 * both and no_mcsf < 0.1 * both


def test_s13_sofat_osteoclasts_resist_opg() -> None:
    """claims.md S13 (Rifas & Weitzmann 2009): SOFAT forms osteoclasts without RANKL; OPG
    leaves them unchanged."""
    sofat = end(run(_doc(medium={"mcsf": "25 ng/mL", "sofat": "10 ng/mL"})), "osteoclasts_per_well")
    opg = end(
        run(_doc(medium={"mcsf": "25 ng/mL", "sofat": "10 ng/mL", "opg": "1 ug/mL"})),
        "osteoclasts_per_well",
    )
    assert sofat > 100
    assert opg == pytest.approx(sofat, rel=0.05)


def test_t_depleted_pbmc_need_added_mcsf_and_rankl() -> None:
    """claims.md S41 arms that hold (D'Amelio et al. 2008): T-depleted PBMC form osteoclasts only
    with both M-CSF and RANKL added."""
    depleted = {"culture": "pbmc", "remove": ["t_cells"]}
    both = end(
        run(_doc(**depleted, medium={"mcsf": "25 ng/mL", "rankl": "30 ng/mL"})),
        "osteoclasts_per_well",
    )
    alone = [
        end(run(_doc(**depleted, medium=m)), "osteoclasts_per_well")
        for m in ({"mcsf": "25 ng/mL"}, {"rankl": "30 ng/mL"}, {})
    ]
    assert both > 1e3
    assert all(a < 1.0 for a in alone)


def test_cd137l_agonist_ligates_precursors_and_slows_differentiation() -> None:
    """A CD137L agonist in the medium ligates CD137L on precursors, which have no activated T
    cells to do it in a monocyte culture, and lowers their response to RANKL (Shin et al. 2006);
    10 ug/mL is far above its half-maximal 150 ng/mL."""
    medium = {"mcsf": "25 ng/mL", "rankl": "30 ng/mL"}
    plain = run({**WELL, "medium": medium})
    agonist = run({**WELL, "medium": {**medium, "cd137l_agonist": "10 ug/mL"}})
    assert end(plain, "CD137_sig") == 0.0
    assert end(agonist, "CD137_sig") > 0.95
    assert end(agonist, "oc_diff_mod") < 0.9 * end(plain, "oc_diff_mod")


def test_cli_runs_a_culture_and_exits_2_on_bad_medium(tmp_path: Path) -> None:
    good = tmp_path / "well.yaml"
    good.write_text(
        "species: human\nculture: monocytes\nduration: 7 days\nsave_every: 1 day\n"
        "medium: {mcsf: 25 ng/mL, rankl: 30 ng/mL}\n"
    )
    out = tmp_path / "well.csv"
    assert main(["run", str(good), "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0].startswith("time_days,osteoclasts_per_well")
    bad = tmp_path / "bad.yaml"
    bad.write_text("species: human\nculture: monocytes\nmedium: {mcsf: 25 kg}\n")
    assert main(["run", str(bad)]) == 2
