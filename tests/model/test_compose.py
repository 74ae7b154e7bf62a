"""Composition: name resolution, unit checks and cycles are caught before any solve."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from osteoimmune.errors import ModelError
from osteoimmune.model import registry
from osteoimmune.model.compose import compose
from osteoimmune.model.declarations import Expression, Module, Parameter, Process, State
from osteoimmune.model.parameters import ParameterSet, available_parameter_sets, load_parameter_set


def _pset(modules: tuple[str, ...], params: dict[str, tuple[float, str]]) -> ParameterSet:
    return ParameterSet(
        name="test",
        species="reference",
        modules=modules,
        parameters=MappingProxyType(
            {
                n: Parameter(n, v, u, "test", "test source", (0.0, 1e9))
                for n, (v, u) in params.items()
            }
        ),
        description="",
    )


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch):
    def install(module: Module) -> None:
        monkeypatch.setitem(registry.MODULES, module.name, module)

    return install


def test_shipped_sets_compose() -> None:
    for name in available_parameter_sets():
        model = compose(name)
        assert model.states, name
        assert model.references()


def test_unit_mismatch_in_sum_is_reported(toy) -> None:
    toy(
        Module(
            "bad",
            "",
            states=(State("x", "pM", "", 1.0),),
            processes=(Process("p", "k + x", "pM/day", (("x", 1.0),), ""),),
        )
    )
    with pytest.raises(ModelError, match="adds or compares"):
        compose(_pset(("bad",), {"k": (1.0, "1/day")}))


def test_rate_unit_must_match_state(toy) -> None:
    toy(
        Module(
            "bad",
            "",
            states=(State("x", "pM", "", 1.0),),
            processes=(Process("p", "k*x", "pM/day", (("x", 1.0),), ""),),
        )
    )
    with pytest.raises(ModelError, match="rate has units"):
        compose(_pset(("bad",), {"k": (1.0, "1/hour/pM")}))


def test_unknown_symbol_is_reported(toy) -> None:
    toy(
        Module(
            "bad",
            "",
            states=(State("x", "pM", "", 1.0),),
            processes=(Process("p", "kk*x", "pM/day", (("x", 1.0),), ""),),
        )
    )
    with pytest.raises(ModelError, match="unknown symbol"):
        compose(_pset(("bad",), {"k": (1.0, "1/day")}))


def test_expression_cycle_is_reported(toy) -> None:
    toy(
        Module(
            "bad",
            "",
            states=(State("x", "pM", "", 1.0),),
            expressions=(Expression("a", "b", "pM", ""), Expression("b", "a", "pM", "")),
            processes=(Process("p", "k*a", "pM/day", (("x", 1.0),), ""),),
        )
    )
    with pytest.raises(ModelError, match="cycle"):
        compose(_pset(("bad",), {"k": (1.0, "1/day")}))


def test_unused_parameter_is_reported(toy) -> None:
    toy(
        Module(
            "ok",
            "",
            states=(State("x", "pM", "", 1.0),),
            processes=(Process("p", "-k*x", "pM/day", (("x", 1.0),), ""),),
        )
    )
    with pytest.raises(ModelError, match="used by no module"):
        compose(_pset(("ok",), {"k": (1.0, "1/day"), "spare": (1.0, "")}))


def test_compatible_units_convert(toy) -> None:
    """A rate constant in 1/hour drives a state in pM per day: conversion is automatic."""
    from osteoimmune.solve.compile import compile_model

    toy(
        Module(
            "ok",
            "",
            states=(State("x", "nM", "", 1.0),),
            processes=(Process("p", "-k*x", "pM/day", (("x", 1.0),), ""),),
        )
    )
    cm = compile_model(compose(_pset(("ok",), {"k": (1.0, "1/hour")})))
    # x = 1 nM = 1000 pM, k = 24/day -> dx/dt = -24000 pM/day (canonical)
    assert cm.rhs(0.0, cm.guess, cm.p0)[0] == pytest.approx(-24000.0)


def test_parameter_outside_bounds_is_rejected() -> None:
    with pytest.raises(ModelError, match="outside its bounds"):
        Parameter("k", 5.0, "1/day", "x", "src", (0.0, 1.0))


def test_every_parameter_has_source_and_bounds() -> None:
    for name in available_parameter_sets():
        for p in load_parameter_set(name).parameters.values():
            assert p.source.strip() and p.description.strip(), (name, p.name)
            assert p.bounds[0] <= p.value <= p.bounds[1]


def test_sources_cite_known_references_or_targets() -> None:
    from osteoimmune.model.parameters import references

    bib = references()
    for name in available_parameter_sets():
        pset = load_parameter_set(name)
        for key in pset.references():
            assert key in bib, f"{name}: source key {key!r} missing from references.toml"
        for p in pset.parameters.values():
            if p.source.startswith("calibrated to"):
                assert len(p.source.split()) >= 3, p.name


def test_the_model_digest_follows_the_parameter_order() -> None:
    """The compiled code indexes the parameter vector by position, so the cache key of a model
    must change when its parameter set lists the same values in another order (a reordered
    parameter file once reused stale compiled code)."""
    pset = load_parameter_set("pivonka2008")
    reordered = ParameterSet(
        name=pset.name,
        species=pset.species,
        modules=pset.modules,
        parameters=MappingProxyType(dict(reversed(list(pset.parameters.items())))),
        description=pset.description,
    )
    assert reordered.digest == pset.digest  # the same values
    assert compose(reordered).digest != compose(pset).digest
