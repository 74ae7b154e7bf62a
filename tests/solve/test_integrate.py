"""The compiler and the solver: Jacobian, events, steady states, failures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from osteoimmune.errors import SolverError
from osteoimmune.model.compose import compose
from osteoimmune.solve.compile import compile_model
from osteoimmune.solve.integrate import Event, SolverOptions, integrate, steady_state


@pytest.fixture(scope="module")
def human():
    return compile_model(compose("human"))


@pytest.mark.parametrize("pset", ["lemaire2004", "pivonka2008", "human"])
def test_analytic_jacobian_matches_finite_differences(pset: str) -> None:
    cm = compile_model(compose(pset))
    y = steady_state(cm, cm.p0) * 1.1
    jac = cm.jac(0.0, y, cm.p0)
    fd = np.empty_like(jac)
    for j in range(y.size):
        # states at zero (antigen, drugs) step by a small amount of their own unit, forward
        # only: the rates see states clipped at zero
        h = 1e-6 * max(abs(y[j]), 1e-3 * cm.state_factor[j])
        yp, ym = y.copy(), y.copy()
        yp[j] += h
        if y[j] > 0:
            ym[j] -= h
        fd[:, j] = (cm.rhs(0.0, yp, cm.p0) - cm.rhs(0.0, ym, cm.p0)) / (yp[j] - ym[j])
    scale = np.abs(fd).max() + 1e-300
    assert np.max(np.abs(jac - fd)) / scale < 1e-5


def test_healthy_state_is_a_stable_equilibrium(human) -> None:
    y = steady_state(human, human.p0)
    free = np.array([not s.neutral for s in human.model.states])
    assert np.all(np.abs(human.rhs(0.0, y, human.p0))[free] <= 1e-9 * np.abs(y[free]))
    eig = np.linalg.eigvals(human.jac(0.0, y, human.p0)[np.ix_(free, free)])
    assert np.all(eig.real < 0)


def test_event_sets_parameters_and_outputs_are_on_grid(human) -> None:
    y0 = steady_state(human, human.p0)
    i = human.parameter_index["P_OPG"]
    ev = Event(10.0, set_parameters=((i, 1e4),))
    traj = integrate(human, y0, human.p0, np.arange(0.0, 31.0), [ev])
    assert traj.times.tolist() == list(np.arange(0.0, 31.0))
    assert np.all(traj.parameters[:10, i] == 0.0)
    assert np.all(traj.parameters[10:, i] == 1e4)
    k = human.state_index["OCa"]
    assert np.allclose(traj.states[:10, k], y0[k], rtol=1e-8)
    assert traj.states[-1, k] < 0.9 * y0[k]


def test_state_events_add_and_scale(human) -> None:
    y0 = steady_state(human, human.p0)
    k = human.state_index["OCa"]
    traj = integrate(human, y0, human.p0, [0.0, 5.0, 5.0], [Event(5.0, scale_states=((k, 0.5),))])
    assert traj.states[-1, k] == pytest.approx(0.5 * traj.states[0, k], rel=1e-3)


def test_solver_failure_raises_with_time_and_state(human) -> None:
    p = human.p0.copy()
    p[human.parameter_index["A_OCa"]] = -1e6  # unphysical: explosive growth
    y0 = steady_state(human, human.p0)
    with pytest.raises(SolverError, match=r"t = .* days"):
        integrate(human, y0, p, [0.0, 1000.0], options=SolverOptions(max_steps=500))


def test_solver_options_validate() -> None:
    with pytest.raises(ValueError, match="rtol"):
        SolverOptions(rtol=2.0)


@settings(max_examples=15, deadline=None)
@given(scale=st.floats(0.3, 3.0), name=st.sampled_from(["A_OCa", "D_OBp", "beta_OPG", "D_OCp"]))
def test_perturbed_parameters_keep_states_nonnegative_and_finite(
    human, scale: float, name: str
) -> None:
    p = human.p0.copy()
    p[human.parameter_index[name]] *= scale
    y0 = steady_state(human, human.p0)
    traj = integrate(human, y0, p, np.linspace(0, 3650, 11))
    assert np.all(np.isfinite(traj.states))
    cells = [human.state_index[s] for s in ("OBp", "OBa", "OCa", "OCp")]
    assert np.all(traj.states[:, cells] >= -1e-12)


def test_generated_code_is_cached_on_disk_and_reused(tmp_path, monkeypatch, capsys) -> None:
    from osteoimmune.solve import codegen
    from osteoimmune.solve import compile as comp

    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", str(tmp_path))
    model = compose("pivonka2008")
    comp._compile.cache_clear()
    first = comp.compile_model(model)
    # the first run of a model says, in one line, why it waits
    notice = capsys.readouterr().err.strip().splitlines()
    assert notice == [
        "osteoimmune: compiling the pivonka2008 model once (about 20-40 s); later runs load it "
        "from the cache"
    ]
    files = sorted(p.name for p in tmp_path.glob("model_*.py"))
    # the Python source, and the numba source beside it
    assert len(files) == 2 and files[1] == files[0].replace(".py", "_numba.py")
    comp._compile.cache_clear()
    called = []
    monkeypatch.setattr(codegen, "generate", lambda m: called.append(m))  # must not be needed
    second = comp.compile_model(model)
    assert not called
    assert capsys.readouterr().err == ""  # from the cache: nothing to say
    y = first.guess
    assert np.array_equal(first.rhs(0.0, y, first.p0), second.rhs(0.0, y, second.p0))
    comp._compile.cache_clear()


def test_model_hash_is_deterministic_across_processes() -> None:
    import subprocess
    import sys

    code = "from osteoimmune.model.compose import compose; print(compose('human').digest)"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout
        for seed in (1, 2)
    }
    assert len(outs) == 1


@pytest.mark.parametrize("at", ["19.999999999999993 days", "20 days", "20.000000000000004 days"])
def test_event_a_few_ulps_from_an_output_time(at: str) -> None:
    """An event next to an output time is the same instant (LSODA cannot step a few ulps)."""
    from osteoimmune.protocol.scenario import scenario_from_dict
    from osteoimmune.solve.simulate import simulate

    doc = {
        "species": "human",
        "duration": "40 days",
        "save_every": "10 days",
        "events": [{"at": at, "infusion": {"target": "opg", "rate": "1e5 pM/day"}}],
    }
    result = simulate(scenario_from_dict(doc))
    assert np.all(np.isfinite(result.observables["osteoclasts_rel"]))
    # the value of this model (calcium and PTH answer the OPG infusion): any of the three event
    # times gives it
    assert result.observables["osteoclasts_rel"][-1] == pytest.approx(0.534672, rel=1e-4)


@pytest.mark.parametrize("name", ["pivonka2008", "human"])
def test_numba_and_python_backends_agree(name: str) -> None:
    """The compiled backend computes the generated Python's right-hand side, at the healthy
    equilibrium and away from it, and the same steady state."""
    pytest.importorskip("numba")
    model = compose(name)
    fast = compile_model(model, backend="numba")
    slow = compile_model(model, backend="python")
    assert (fast.backend, slow.backend) == ("numba", "python")
    y0 = steady_state(slow, slow.p0)
    rng = np.random.default_rng(7)
    for y in (y0, y0 * rng.uniform(0.5, 1.5, y0.size)):
        for a, b in (
            (fast.rhs(3.0, y, fast.p0), slow.rhs(3.0, y, slow.p0)),
            (fast.jac(3.0, y, fast.p0), slow.jac(3.0, y, slow.p0)),
        ):
            scale = np.maximum(np.abs(b).max(axis=-1, keepdims=True), 1e-300)
            assert np.all(np.abs(a - b) <= 1e-12 * scale)


def test_unknown_backend_is_refused(monkeypatch) -> None:
    from osteoimmune import ModelError
    from osteoimmune.solve.compile import default_backend

    with pytest.raises(ModelError, match="backend"):
        compile_model(compose("pivonka2008"), backend="fortran")
    monkeypatch.setenv("OSTEOIMMUNE_BACKEND", "fortran")
    with pytest.raises(ModelError, match="OSTEOIMMUNE_BACKEND"):
        default_backend()
    monkeypatch.setenv("OSTEOIMMUNE_BACKEND", "python")
    assert default_backend() == "python"


def test_rates_see_every_state_clipped_at_zero() -> None:
    """A step that overshoots below zero must not turn a loss into a gain elsewhere: every
    state enters the rates at its projection onto the non-negative orthant (Shampine et al.
    2005), so the right-hand side at a state with negative entries is the one at its clipped
    copy, and a clipped population only gains."""
    cm = compile_model(compose("human"))
    y = cm.guess.copy()
    i = cm.state_index["Treg8"]
    y[i] = -1e6
    clipped = y.copy()
    clipped[i] = 0.0
    np.testing.assert_array_equal(cm.rhs(0.0, y, cm.p0), cm.rhs(0.0, clipped, cm.p0))
    assert cm.rhs(0.0, y, cm.p0)[i] >= 0.0


def test_a_failed_bdf_segment_is_retried_with_lsoda(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the compiled BDF gives up on a segment, LSODA integrates it instead; its own
    failure reports the first error."""
    from osteoimmune.solve import integrate as integration

    cm = compile_model(compose("human"))

    def give_up(*args: object, **kwargs: object) -> None:
        raise SolverError("the step size fell below the resolution of the time")

    monkeypatch.setattr(integration, "_bdf", give_up)
    t = np.array([0.0, 10.0])
    atol = 1e-12 * integration._scale(cm.guess, cm)
    out = integration._segment(cm, cm.guess, cm.p0, t, atol, SolverOptions())
    assert out.shape == (2, cm.n_states) and np.all(np.isfinite(out))
    with pytest.raises(SolverError, match="resolution"):
        integration._segment(cm, cm.guess, cm.p0, t, atol, SolverOptions(method="bdf"))


def test_a_subject_without_a_reachable_equilibrium_starts_from_the_settled_state(
    tmp_path, capsys
) -> None:
    """One of 600 random Morris-level draws of the human set (+-50 %, seed 2, draw 137) whose
    naive CD4 T cells still move by 4e-6 of themselves a day after 60,000 days of settling: no
    equilibrium to the solver's 1e-9, so the run starts where settling ended and says so, in
    Python with an OffEquilibriumWarning and on the command line in one line, instead of failing.
    """
    import json
    from pathlib import Path

    import yaml

    import osteoimmune as oi
    from osteoimmune.cli import main
    from osteoimmune.errors import OffEquilibriumWarning
    from osteoimmune.solve.integrate import MAX_SETTLED_DRIFT

    draw = json.loads(
        (Path(__file__).parents[1] / "data" / "off_equilibrium_menopause.json").read_text()
    )["parameters"]
    sc = oi.load_scenario("menopause").with_parameters(draw)
    with pytest.warns(OffEquilibriumWarning, match="starts from the settled state"):
        r = oi.simulate(sc)
    # this subject loses all its bone in the menopausal history before t = 0: percentages of a
    # zero baseline are undefined (empty), never inf
    table = r.to_pandas().select_dtypes("number").to_numpy()
    assert not np.isinf(table).any()
    assert np.all(np.isfinite(np.column_stack(list(r.states.values()))))
    cm = compile_model(sc.model())
    start = np.array([r.states[s.name][0] for s in cm.model.states]) * cm.state_factor
    p = cm.parameter_vector(dict(sc.parameters))
    drift = np.abs(cm.rhs(0.0, start, p)) / np.maximum(np.abs(start), cm.state_factor)
    free = ~np.array([s.neutral for s in cm.model.states])
    assert float(np.max(drift[free])) < 10 * MAX_SETTLED_DRIFT  # menopause moves it after t=0
    units = {p.name: p.unit for p in sc.model().parameters}
    doc = {
        "species": "human",
        "duration": "30 days",
        "parameters": {k: f"{v!r} {units[k]}".strip() for k, v in draw.items()},
    }
    path = tmp_path / "drawn.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("osteoimmune: warning: no steady state found")


def test_a_state_growing_without_bound_is_no_starting_point() -> None:
    """Without TNF clearance serum TNF grows for ever: after 60,000 days of settling it moves by
    only 2e-5 of itself a day, but by a third between the last two settlings. That is an error,
    not an off-equilibrium start."""
    import osteoimmune as oi

    sc = oi.scenario_from_dict(
        {"species": "human", "duration": "30 days", "parameters": {"k_TNF": "0 1/day"}}
    )
    with pytest.raises(SolverError, match="grows without bound"):
        oi.simulate(sc)
