"""``Simulation``: one object from a scenario (or its name, or its file) to a result, and the
queries the SBML export, steady states, the network and the benchmark share with the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import osteoimmune as oi
from osteoimmune.protocol.scenario import genotype_factors
from osteoimmune.solve import Simulation
from osteoimmune.solve.compile import compile_model

HEALTHY_YAML = Path(oi.__file__).parent / "data" / "scenarios" / "healthy.yaml"

#: infusions that overlap (they add up), a condition that ends, and one that began before t = 0
BUSY = {
    "species": "human",
    "age": "55 years",
    "duration": "120 days",
    "save_every": "5 days",
    "events": [
        {"at": "-3 years", "condition": "menopause"},
        {
            "at": "20 days",
            "infusion": {"target": "opg", "rate": "2e4 pM/day", "duration": "40 days"},
        },
        {
            "at": "40 days",
            "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "40 days"},
        },
        {"at": "10 days", "condition": "infection", "duration": "30 days"},
    ],
}


@pytest.fixture(scope="module")
def busy() -> Simulation:
    return Simulation(oi.scenario_from_dict(BUSY, name="busy"))


def test_scenario_name_and_path_give_identical_tables(tmp_path: Path) -> None:
    copy = tmp_path / "my_healthy.yaml"
    copy.write_text(HEALTHY_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    tables = [
        Simulation(source).run().to_pandas(states=True)
        for source in (oi.load_scenario("healthy"), "healthy", str(copy), copy)
    ]
    for table in tables[1:]:
        pd.testing.assert_frame_equal(table, tables[0], check_exact=True)


def test_simulate_takes_a_builtin_name() -> None:
    by_name = oi.simulate("healthy")
    assert by_name.scenario.name == "healthy"
    pd.testing.assert_frame_equal(
        by_name.to_pandas(), oi.simulate(oi.load_scenario("healthy")).to_pandas(), check_exact=True
    )


@pytest.mark.parametrize("run", [oi.simulate, Simulation])
def test_an_unknown_name_is_an_input_error_with_the_closest_name(
    run: Callable[[str], object],
) -> None:
    with pytest.raises(oi.InputError, match="Did you mean 'healthy'") as err:
        run("helthy")
    assert err.value.field == "SCENARIO"


def test_a_missing_file_and_a_wrong_type_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(oi.InputError, match="readable YAML"):
        oi.simulate(tmp_path / "absent.yaml")
    with pytest.raises(oi.InputError, match="a Scenario, the name of a built-in") as err:
        Simulation(42)  # type: ignore[arg-type]
    assert err.value.field == "scenario"


def test_bad_output_times_fail_at_construction() -> None:
    for times in ([10.0, 5.0], [], [[0.0, 1.0]], [0.0, float("nan")]):
        with pytest.raises(oi.InputError, match="non-decreasing"):
            Simulation("healthy", times=times)


def test_run_is_simulate_and_repeats_exactly(busy: Simulation) -> None:
    first = busy.run().to_pandas(states=True)
    pd.testing.assert_frame_equal(busy.run().to_pandas(states=True), first, check_exact=True)
    pd.testing.assert_frame_equal(
        oi.simulate(busy.scenario).to_pandas(states=True), first, check_exact=True
    )
    times = np.array([0.0, 33.0, 77.0])
    pd.testing.assert_frame_equal(
        oi.simulate(busy.scenario, times=times).to_pandas(),
        Simulation(busy.scenario, times=times).run().to_pandas(),
        check_exact=True,
    )


def test_the_compiled_model_is_the_one_the_scenario_compiles_to(busy: Simulation) -> None:
    assert busy.compiled is compile_model(busy.scenario.model())
    assert busy.model is busy.compiled.model


def test_parameters_at_are_those_the_run_used(busy: Simulation) -> None:
    traj = busy.trajectory()
    for k, t in enumerate(traj.times):
        np.testing.assert_array_equal(busy.parameters_at(float(t)), traj.parameters[k])
    # and between output times, the ones the integrator holds from the last event
    between = busy.trajectory([0.0, 22.5, 47.5, 90.0])
    for k, t in enumerate(between.times):
        np.testing.assert_array_equal(busy.parameters_at(float(t)), between.parameters[k])


def test_inputs_at_follow_the_infusions(busy: Simulation) -> None:
    assert busy.inputs_at(10.0)["opg"] == 0.0
    assert busy.inputs_at(30.0)["opg"] == pytest.approx(2e4, rel=1e-12)
    assert busy.inputs_at(50.0)["opg"] == pytest.approx(3e4, rel=1e-12)  # they add up
    assert busy.inputs_at(70.0)["opg"] == pytest.approx(1e4, rel=1e-12)
    assert busy.inputs_at(100.0)["opg"] == 0.0
    assert set(busy.inputs_at(0.0)) == set(busy.model.inputs)
    with pytest.raises(oi.InputError):
        busy.inputs_at(121.0)


def test_history_events_come_before_the_start(busy: Simulation) -> None:
    assert busy.history_start < -3 * 365.0
    assert [e.time for e in busy.events] == sorted(e.time for e in busy.events)
    init = busy.initial_condition
    assert init.events == tuple(e for e in busy.events if e.time >= 0)
    assert any(e.time < 0 for e in busy.events)
    # before any event: the genotype's parameters; after the history: the start's
    np.testing.assert_array_equal(
        busy.parameters_at(busy.history_start - 1.0), busy.genotype_parameters
    )
    np.testing.assert_array_equal(busy.parameters_at(-1e-6), init.p0)


def test_the_run_starts_from_the_initial_condition_and_reports_against_the_reference(
    busy: Simulation,
) -> None:
    traj = busy.trajectory()
    np.testing.assert_array_equal(traj.states[0], busy.initial_condition.y0)
    result = busy.run()
    observables, units = busy.observables(traj.times, traj.states, traj.parameters)
    assert set(observables) == set(result.observables)
    for name, series in observables.items():
        np.testing.assert_array_equal(series, result.observables[name])
        assert units[name] == result.units[name]
    # rel observables are folds of the reference state: 1 there
    ref, _ = busy.observables(
        np.zeros(1), busy.reference_state[None, :], busy.reference_parameters[None, :]
    )
    assert ref["osteoclasts_rel"][0] == pytest.approx(1.0, rel=1e-12)


def test_genotype_parameters_carry_the_genotype_factors() -> None:
    sim = Simulation(oi.scenario_from_dict({"duration": "30 days", "genotype": ["opg_ko"]}))
    factors = genotype_factors(("opg_ko",), sim.model)
    assert factors
    expected = sim.reference_parameters.copy()
    for name, factor in factors.items():
        expected[sim.compiled.parameter_index[name]] *= factor
    np.testing.assert_array_equal(sim.genotype_parameters, expected)


def test_a_simulation_is_read_only(busy: Simulation) -> None:
    with pytest.raises(AttributeError, match="read-only"):
        busy.scenario = busy.scenario  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        del busy.events
    for array in (
        busy.times,
        busy.reference_state,
        busy.reference_parameters,
        busy.genotype_parameters,
        busy.initial_condition.y0,
        busy.initial_condition.p0,
        busy.absolute_tolerance,
    ):
        assert not array.flags.writeable
    p = busy.parameters_at(50.0)
    p[:] = 0.0  # a query returns a copy of its own
    assert np.any(busy.parameters_at(50.0) != 0.0)


def test_steady_states_take_a_simulation(busy: Simulation) -> None:
    from osteoimmune.analysis.steady import equilibrium

    from_sim = equilibrium(busy, at_days=50.0)
    from_scenario = equilibrium(busy.scenario, at_days=50.0)
    assert from_sim.states == from_scenario.states
    assert from_sim.observables == from_scenario.observables
