"""The public simulate path and its immutable result."""

from __future__ import annotations

import numpy as np
import pytest

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
