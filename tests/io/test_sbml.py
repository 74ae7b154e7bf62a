"""SBML export: a valid L3V2 document that libRoadRunner simulates to the package's own result."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import sympy as sp

import osteoimmune as oi
from osteoimmune.errors import ModelError
from osteoimmune.io.sbml import _math, _MathPrinter, export_sbml, sbml_ids, to_sbml, validate_sbml
from osteoimmune.model.compose import TIME
from osteoimmune.units import canonical_factor

RTOL = 1e-4  # agreement required between libRoadRunner and osteoimmune.simulate

OPG_DAY_20 = {
    "at": "20 days",
    "infusion": {"target": "opg", "rate": "2e5 pM/day", "duration": "60 days"},
}
CASES: dict[str, dict[str, Any]] = {
    "lemaire2004": {"parameter_set": "lemaire2004", "duration": "200 days", "save_every": "1 day"},
    "lemaire2004+opg": {
        "parameter_set": "lemaire2004",
        "duration": "200 days",
        "save_every": "1 day",
        "events": [OPG_DAY_20],
    },
    "pivonka2008": {"parameter_set": "pivonka2008", "duration": "200 days", "save_every": "1 day"},
    "pivonka2008+opg": {
        "parameter_set": "pivonka2008",
        "duration": "200 days",
        "save_every": "1 day",
        "events": [OPG_DAY_20],
    },
    "human": {"duration": "3 years", "save_every": "7 days"},
    "human+opg": {
        "duration": "3 years",
        "save_every": "7 days",
        "events": [
            {
                "at": "200 days",
                "infusion": {"target": "opg", "rate": "2e5 pM/day", "duration": "1 year"},
            }
        ],
    },
    # an event at t = 0 (fires at the start in SBML too), an override and a second input
    "human+pth_at_0+override": {
        "duration": "2 years",
        "save_every": "7 days",
        "parameters": {"D_OBp": "0.3 1/day"},
        "events": [
            {"at": "0 days", "infusion": {"target": "pth", "rate": "250 pM/day"}},
            {
                "at": "1 year",
                "infusion": {"target": "opg", "rate": "1e4 pM/day", "duration": "90 days"},
            },
        ],
    },
    "human_opg_ko": {"duration": "3 years", "save_every": "7 days", "genotype": ["opg_ko"]},
}


@cache
def _scenario(case: str) -> oi.Scenario:
    return oi.scenario_from_dict(CASES[case], name=case.replace("+", "_"))


@cache
def _sbml(case: str) -> str:
    return to_sbml(_scenario(case))


def _times(scenario: oi.Scenario) -> np.ndarray:
    """Output times from 0, off every event time."""
    t = np.concatenate(
        [[0.0], np.arange(0.37, scenario.duration_days, scenario.duration_days / 97)]
    )
    for ev in scenario.events:
        for t_ev in (ev.at_days, ev.at_days + getattr(ev, "duration_days", np.inf)):
            assert np.all(np.abs(t[1:] - t_ev) > 1e-3)
    return t


def _max_rel(a: np.ndarray, b: np.ndarray, floor: float = 1e-300) -> float:
    """Largest |a - b| / max(|a|, |b|, floor); infinities must coincide."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    inf_a, inf_b = ~np.isfinite(a), ~np.isfinite(b)
    if np.any(inf_a != inf_b) or np.any(a[inf_a] != b[inf_b]):
        return np.inf
    a, b = a[~inf_a], b[~inf_b]
    if a.size == 0:
        return 0.0
    den = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / den))


@cache
def _loaded(case: str) -> Any:
    """libRoadRunner's model of ``case``, loaded once per session. LLVM's ORC JIT (LLJIT) compiles
    the human model in about 40 s on 2 cores; the default MCJIT backend took over four minutes."""
    roadrunner = pytest.importorskip("roadrunner")
    config = roadrunner.Config
    config.setValue(config.LLVM_BACKEND, config.LLJIT)
    config.setValue(config.LLJIT_NUM_THREADS, 2)
    return roadrunner.RoadRunner(_sbml(case))


def _roadrunner(case: str, times: np.ndarray, selections: list[str]) -> np.ndarray:
    rr = _loaded(case)
    rr.resetAll()
    rr.setIntegrator("cvode")
    rr.integrator.relative_tolerance = 1e-10
    rr.integrator.absolute_tolerance = 1e-16
    rr.integrator.variable_step_size = False
    return np.asarray(rr.simulate(times=times, selections=["time", *selections]))


@pytest.mark.parametrize("case", list(CASES))
def test_export_is_consistent_sbml(case: str) -> None:
    text = _sbml(case)
    errors, warnings = validate_sbml(text)
    assert errors == []
    assert warnings == []  # unit checks included
    assert text.count('<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core"') == 1


#: libRoadRunner runs one human case, ``human+pth_at_0+override`` (a timed infusion, a bolus at
#: t = 0 and an override): a human model takes libRoadRunner about 40 s to compile, so each human
#: case costs that much. The others have the same equations: the plain human case is
#: the first 200 days of ``human+opg``, whose timed infusion the case run also has, and
#: ``human_opg_ko`` differs in parameter values, which ``test_initial_values_are_the_t0_state``
#: checks in its SBML
ROADRUNNER_CASES = [case for case in CASES if case not in ("human", "human+opg", "human_opg_ko")]


@pytest.mark.slow
@pytest.mark.parametrize("case", ROADRUNNER_CASES)
def test_roadrunner_reproduces_simulate(case: str) -> None:
    pytest.importorskip("roadrunner")
    scenario = _scenario(case)
    model = scenario.model()
    ids = sbml_ids(model)
    times = _times(scenario)
    result = oi.simulate(scenario, times=times)
    expressions = dict(getattr(result, "expressions", {}) or {})
    keys = (
        [s.name for s in model.states]
        + [f"observable:{o.name}" for o in model.observables]
        + [e.name for e in model.expressions if e.name in expressions]
    )
    out = _roadrunner(case, times, [ids[k] for k in keys])
    np.testing.assert_allclose(out[:, 0], times, rtol=0, atol=1e-12)
    col = dict(zip(keys, out[:, 1:].T, strict=True))
    worst: dict[str, float] = {}
    for s in model.states:
        # states that stay at zero (no antigen, no drug, no aging) compare against an absolute
        # floor: LSODA's corrector leaks round-off of order 1e-16 into them
        worst[s.name] = _max_rel(
            col[s.name] / canonical_factor(s.unit), result.states[s.name], floor=1e-9
        )
    for o in model.observables:
        if o.setting != "in_vivo":  # culture read-outs are columns of culture runs only
            continue
        got = col[f"observable:{o.name}"]
        want = result.observables[o.name]
        if o.kind == "value":
            # a local site's read-out sits at zero in health (no periodontitis): round-off of
            # either integrator compares against the states' absolute floor
            worst[o.name] = _max_rel(got / canonical_factor(o.unit), want, floor=1e-9)
        elif o.kind == "pct_change":  # relative to 1 percentage point near 0
            worst[o.name] = _max_rel(got, want, floor=1.0)
        else:
            worst[o.name] = _max_rel(got, want)
    for e in model.expressions:
        if e.name in expressions:
            got = col[e.name] / canonical_factor(e.unit)
            # dimensionless signals of order one that sit at zero in health (the osteocalcin
            # signal) compare against an absolute floor; so do concentrations built from states
            # at zero (no drug), into which LSODA's corrector leaks round-off, against the
            # states' absolute floor
            floor = 1e-6 if not e.unit else 1e-9
            want = np.asarray(expressions[e.name])
            if want.min() < 0 < want.max():
                # a signed signal crossing zero: relative error there is meaningless, so compare
                # against one percent of its range
                floor = max(floor, 0.01 * float(np.abs(want).max()))
            worst[e.name] = _max_rel(got, want, floor=floor)
    bad = {k: v for k, v in worst.items() if not v <= RTOL}
    assert not bad, f"{case}: relative differences above {RTOL}: {bad}"
    # the run is not trivially constant where an event acts
    if scenario.events:
        first = model.states[0].name
        assert np.ptp(result.states[first]) > 1e-3 * np.max(np.abs(result.states[first]))


def test_initial_values_are_the_t0_state() -> None:
    """libRoadRunner starts from the run's t = 0 state; a genotype's values are in the SBML (the
    OPG knockout's and the knockout's own equilibrium, read from the file itself)."""
    pytest.importorskip("roadrunner")
    import libsbml

    scenario = _scenario("human+pth_at_0+override")
    model = scenario.model()
    ids = sbml_ids(model)
    result = oi.simulate(scenario, times=np.array([0.0, 1.0]))
    rr = _loaded("human+pth_at_0+override")
    rr.resetAll()
    for s in model.states:
        assert rr[ids[s.name]] / canonical_factor(s.unit) == pytest.approx(
            result.states[s.name][0], rel=1e-12
        )
    ko = _scenario("human_opg_ko")
    sbml = libsbml.readSBMLFromString(_sbml("human_opg_ko")).getModel()
    assert sbml.getParameter(ids["beta_OPG"]).getValue() == 0.0
    start = oi.simulate(ko, times=np.array([0.0, 1.0]))
    units = {st.name: st.unit for st in ko.model().states}
    for name in ("OBa", "OCa", "OPGFc", "BV_trab"):
        value = sbml.getParameter(ids[name]).getValue() / canonical_factor(units[name])
        assert value == pytest.approx(start.states[name][0], rel=1e-12, abs=1e-300)


def test_model_notes_name_the_parameter_set_hash_and_references() -> None:
    scenario = _scenario("pivonka2008+opg")
    model = scenario.model()
    text = _sbml("pivonka2008+opg")
    assert model.parameter_set.name in text
    assert model.parameter_set.digest in text
    assert model.digest in text
    for key in model.references():
        assert f"[{key}]" in text
    assert "Declared unit: pM/day" in text
    # the events are SBML events at time >= t_event, persistent, fired at t = 0 if due
    assert text.count("<event ") == 2
    assert 'initialValue="false" persistent="true"' in text


def test_export_is_deterministic_and_writes_a_file(tmp_path: Any) -> None:
    path = tmp_path / "model.xml"
    export_sbml(_scenario("lemaire2004+opg"), path)
    assert path.read_text(encoding="utf-8") == _sbml("lemaire2004+opg")
    assert to_sbml(_scenario("lemaire2004+opg")) == _sbml("lemaire2004+opg")


def test_math_printer_matches_sympy() -> None:
    roadrunner = pytest.importorskip("roadrunner")
    import libsbml

    x, y = sp.symbols("x y", real=True)
    exprs = [
        sp.Max(x, y, 0.5),
        sp.Min(x, y),
        sp.exp(-x * y),
        sp.log(x + 1),
        sp.Abs(x - y),
        sp.tanh(x),
        sp.sqrt(x),
        x**2.5 / y**3,
        (x / y) ** (-1),
        -x + 2 * sp.pi + sp.E,
        x**y,
        1 / (1 + x),
        TIME * x - 3,
    ]
    printer = _MathPrinter({"x": "x", "y": "y"})
    doc = libsbml.SBMLDocument(3, 2)
    m = doc.createModel()
    m.setId("m")
    for name, value in (("x", 0.7), ("y", 1.9)):
        p = m.createParameter()
        p.setId(name)
        p.setValue(value)
        p.setConstant(True)
    for i, e in enumerate(exprs):
        p = m.createParameter()
        p.setId(f"z{i}")
        p.setConstant(False)
        rule = m.createAssignmentRule()
        rule.setVariable(f"z{i}")
        rule.setMath(_math(printer(e), str(e)))
    rr = roadrunner.RoadRunner(libsbml.writeSBMLToString(doc))
    rr.simulate(0.0, 2.0, 3)
    for i, e in enumerate(exprs):
        want = float(e.subs({x: 0.7, y: 1.9, TIME: 2.0}))
        assert rr[f"z{i}"] == pytest.approx(want, rel=1e-14), str(e)


def test_unsupported_math_raises_model_error() -> None:
    x = sp.Symbol("x", real=True)
    with pytest.raises(ModelError, match="no SBML counterpart"):
        _MathPrinter({"x": "x"})(sp.sin(x))
    with pytest.raises(ModelError, match="unknown symbol"):
        _MathPrinter({})(x)
    with pytest.raises(ModelError, match="non-finite"):
        _MathPrinter({"x": "x"})(x + sp.oo)


def test_reserved_names_get_other_ids() -> None:
    def named(*names: str) -> tuple[SimpleNamespace, ...]:
        return tuple(SimpleNamespace(name=n) for n in names)

    fake = SimpleNamespace(
        states=named("time", "C"),
        parameters=named("avogadro", "inf", "true", "time_"),
        expressions=named("NaN", "k1"),
        observables=named("k1"),
    )
    ids = sbml_ids(fake)  # type: ignore[arg-type]
    assert ids["C"] == "C" and ids["k1"] == "k1"
    assert ids["time_"] == "time_" and ids["time"] == "time__"  # declared names keep their ids
    assert ids["avogadro"] == "avogadro_"
    assert ids["inf"] == "inf_" and ids["true"] == "true_" and ids["NaN"] == "NaN_"
    assert ids["observable:k1"] == "obs_k1"
    assert len(set(ids.values())) == len(ids)
