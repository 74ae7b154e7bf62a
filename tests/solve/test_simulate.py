"""The public simulate path and its immutable result."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.integrate import trapezoid

import osteoimmune as oi


@pytest.fixture(scope="module")
def opg_run() -> oi.SimulationResult:
    return oi.simulate(
        oi.scenario_from_dict(
            {
                "duration": "120 days",
                "save_every": "10 days",
                "events": [
                    {
                        "at": "20 days",
                        "infusion": {"target": "opg", "rate": "2e4 pM/day", "duration": "30 days"},
                    }
                ],
            }
        )
    )


def test_table_has_contract_shape(opg_run: oi.SimulationResult) -> None:
    df = opg_run.to_pandas()
    assert df.columns[0] == "time_days"
    assert df["time_days"].tolist() == list(np.arange(0.0, 121.0, 10.0))
    for col in (
        "bmd_lumbar_spine_pct",
        "bmd_total_hip_pct",
        "bv_tv_pct",
        "ctx_pct",
        "p1np_pct",
        "ctx_ng_ml",
        "p1np_ug_l",
        "osteoclasts_rel",
        "osteoblasts_rel",
        "rankl_opg_ratio",
    ):
        assert col in df.columns
    assert df["bmd_lumbar_spine_pct"].iloc[0] == 0.0
    assert df["osteoclasts_rel"].iloc[0] == pytest.approx(1.0)
    states = opg_run.to_pandas(states=True)
    assert "state:OCa" in states.columns


def test_infusion_acts_only_while_on(opg_run: oi.SimulationResult) -> None:
    oc = opg_run.observables["osteoclasts_rel"]
    assert oc[1] == pytest.approx(1.0, rel=1e-4)  # day 10: before the infusion (the marrow ages)
    assert oc[5] < 0.9  # day 50: after 30 days of OPG
    assert oc[-1] > oc[5]  # recovering after it stopped


def test_result_is_immutable(opg_run: oi.SimulationResult) -> None:
    with pytest.raises(ValueError):
        opg_run.times[0] = 5.0
    with pytest.raises(TypeError):
        opg_run.observables["ctx_pct"] = np.zeros(3)  # type: ignore[index]


def test_xarray_carries_units_and_metadata(opg_run: oi.SimulationResult) -> None:
    ds = opg_run.to_xarray()
    assert ds["ctx_ng_ml"].attrs["units"] == "ng/mL"
    assert ds["state:OCa"].attrs["units"] == "pM"
    assert ds.attrs["parameter_set"] == "human"
    assert len(ds.attrs["parameter_set_hash"]) == 16


def test_citations_list_papers(
    opg_run: oi.SimulationResult, capsys: pytest.CaptureFixture[str]
) -> None:
    cites = opg_run.citations()
    assert any("Pivonka" in c for c in cites)
    opg_run.print_citations()
    assert "doi:" in capsys.readouterr().out


def test_citations_are_those_of_what_the_run_used() -> None:
    """A run cites the processes that moved, the parameters they read and the drugs and
    conditions it names; not the whole library (issue: menopause + denosumab listed every
    reference, tocilizumab's label included)."""
    from osteoimmune.model.compose import compose

    def refs(*events: dict[str, object]) -> set[str]:
        doc = {"age": "50 years", "duration": "2 years", "save_every": "30 days",
               "events": list(events)}  # fmt: skip
        return set(oi.simulate(oi.scenario_from_dict(doc)).references)

    meno = {"at": "0 days", "condition": "menopause"}
    dmab = {"at": "1 years", "treatment": "denosumab", "dose": "60 mg", "every": "6 months",
            "doses": 2}  # fmt: skip
    treated, untreated = refs(meno, dmab), refs(meno)
    library = set(compose("human").references())
    assert treated < library and untreated < treated
    assert "prolia_label" in treated - untreated  # the drug's label, only when it is given
    assert not {"actemra_label", "humira_label", "forteo_label"} & treated
    assert "loe1965" not in treated  # periodontitis' processes stay at rest
    assert len(library) - len(treated) >= 30


def test_same_scenario_gives_bit_identical_tables() -> None:
    s = oi.scenario_from_dict({"duration": "200 days", "genotype": ["opg_ko"]})
    a, b = oi.simulate(s).to_pandas(), oi.simulate(s).to_pandas()
    assert a.equals(b)


def test_parameter_override_changes_reference_not_rel(opg_run: oi.SimulationResult) -> None:
    """An override defines the individual: her healthy state is the reference of *_rel."""
    r = oi.simulate(
        oi.scenario_from_dict({"duration": "100 days", "parameters": {"A_OBa": "0.02 1/day"}})
    )
    assert r.observables["osteoblasts_rel"][0] == pytest.approx(1.0)
    assert r.at("OBa", 0.0) < opg_run.at("OBa", 0.0)


def test_overlapping_infusions_of_one_target_add_up() -> None:
    def run(events: list) -> oi.SimulationResult:
        return oi.simulate(
            oi.scenario_from_dict({"duration": "60 days", "save_every": "1 day", "events": events})
        )

    both = run(
        [
            {
                "at": "10 days",
                "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "30 days"},
            },
            {
                "at": "20 days",
                "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "10 days"},
            },
        ]
    )
    single = run(
        [
            {
                "at": "10 days",
                "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "30 days"},
            }
        ]
    )
    double = run(
        [
            {
                "at": "20 days",
                "infusion": {"target": "opg", "rate": "2e4 pM/day", "duration": "10 days"},
            }
        ]
    )
    opg = both.expressions["OPG"]
    # before the second starts, only the first runs; while both run, twice the rate; after the
    # second stops the first is still on (not reset to baseline)
    assert opg[15] == pytest.approx(single.expressions["OPG"][15])
    assert opg[25] - opg[0] > 1.5 * (single.expressions["OPG"][25] - opg[0])
    assert opg[35] > 1.1 * opg[0]
    from osteoimmune.solve.simulate import initial_condition

    init = initial_condition(both.scenario)
    i = init.cm.parameter_index["P_OPG"]
    schedule = [(e.time, dict(e.set_parameters)[i]) for e in init.events]
    assert schedule == [(10.0, 1e4), (20.0, 2e4), (30.0, 1e4), (40.0, 0.0)]
    assert double.expressions["OPG"][25] > single.expressions["OPG"][25]


def test_a_ratio_without_its_denominator_is_empty_not_infinite(tmp_path) -> None:
    """RANKL/OPG in an OPG-knockout mouse has no value (it was inf; NaN with RANKL knocked out
    too): the column is NaN, an empty cell in a CSV table, and no numpy warning escapes."""
    import osteoimmune as oi

    r = oi.simulate(
        oi.scenario_from_dict({"species": "mouse", "duration": "10 days", "genotype": ["opg_ko"]})
    )
    ratio = np.asarray(r.observables["rankl_opg_ratio"])
    assert np.isnan(ratio).all()
    out = tmp_path / "ko.csv"
    r.to_pandas().to_csv(out, index=False)
    header, first = out.read_text(encoding="utf-8").splitlines()[:2]
    cells = dict(zip(header.split(","), first.split(","), strict=True))
    assert cells["rankl_opg_ratio"] == ""
    assert float(cells["osteoclasts_rel"]) > 1.0  # the rest of the row is there


def test_pk_summary_reads_each_dose_interval_of_each_drug() -> None:
    """Non-compartmental summary per dose interval: Prolia's label gives Cmax 6.75 ug/mL at a
    median Tmax of 10 days after 60 mg s.c.; intervals follow the doses of every regimen of a
    drug in time order, and AUC is the trapezoid of the drug's own column."""
    doc = {"age": "60 years", "duration": "1 years", "save_every": "0.5 days", "events": [
        {"treatment": "denosumab", "dose": "60 mg", "every": "6 months", "doses": 2},
        {"at": "30 days", "treatment": "calcium", "dose": "500 mg", "route": "oral"},
    ]}  # fmt: skip
    r = oi.simulate(oi.scenario_from_dict(doc))
    pk = r.pk_summary()
    assert list(pk["drug"]) == ["denosumab", "denosumab"]  # calcium has no serum level of its own
    assert list(pk["dose"]) == [1, 2]
    first = pk.iloc[0]
    assert first["start_days"] == 0.0 and first["end_days"] == pytest.approx(182.625)
    assert first["cmax_ng_ml"] / 1000 == pytest.approx(6.75, rel=0.2)
    assert 5.0 <= first["tmax_days"] <= 20.0
    assert 0 < first["trough_ng_ml"] < first["cmax_ng_ml"] / 20
    t, c = np.asarray(r.times), np.asarray(r.observables["denosumab_ng_ml"])
    inside = (t >= 0) & (t <= 182.625)
    assert first["auc_ng_day_ml"] == pytest.approx(trapezoid(c[inside], t[inside]))
    assert first["n_samples"] == inside.sum()
    none = oi.simulate(oi.scenario_from_dict({"duration": "30 days"})).pk_summary()
    assert none.empty and "cmax_ng_ml" in none.columns


def test_mouse_tables_carry_mouse_readouts_not_human_clinical_ones() -> None:
    """DESIGN.md, Observables: DXA areal BMD at the spine and hip, hip fracture risk, serum
    marker values from human assays and the modified Sharp score belong to human runs."""
    human_only = {"bmd_lumbar_spine_pct", "bmd_total_hip_pct", "fracture_risk_rel", "ctx_ng_ml",
                  "p1np_ug_l", "sharp_score", "jsn_score", "periprosthetic_osteolysis_cm3"}  # fmt: skip
    mouse = oi.simulate(oi.scenario_from_dict({"species": "mouse", "duration": "28 days"}))
    human = oi.simulate(oi.scenario_from_dict({"duration": "28 days"}))
    assert not human_only & set(mouse.observables)
    assert human_only <= set(human.observables)
    assert {"bv_tv_pct", "bv_tv_abs_pct", "ctx_pct", "p1np_pct", "erosion_score"} <= set(
        mouse.observables
    )


def test_a_drug_that_does_not_bind_in_the_species_warns_and_does_nothing() -> None:
    doc = {"species": "mouse", "duration": "28 days", "save_every": "1 days",
           "events": [{"at": "0 days", "condition": "ovariectomy"}]}  # fmt: skip
    dmab = {"at": "0 days", "treatment": "denosumab", "dose": "0.3 mg"}
    with pytest.warns(oi.SpeciesWarning, match="denosumab does not bind RANKL in a mouse"):
        treated = oi.scenario_from_dict({**doc, "events": [*doc["events"], dmab]})
    untreated = oi.simulate(oi.scenario_from_dict(doc))
    # the mouse set's affinity for murine RANKL is negligible, not zero: within 0.001 points
    assert oi.simulate(treated).at("bv_tv_pct", 28) == pytest.approx(
        untreated.at("bv_tv_pct", 28), abs=1e-3
    )
    # OPG-Fc binds murine RANKL: no warning, and it acts
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opg = oi.scenario_from_dict(
            {**doc, "events": [*doc["events"], {**dmab, "treatment": "opg_fc", "dose": "0.1 mg"}]}
        )
    assert oi.simulate(opg).at("bv_tv_pct", 28) > untreated.at("bv_tv_pct", 28) + 1
