"""Running an experiment's arms through the public path: single scenarios (cached within a
process, so that experiments sharing a control arm run it once) and virtual populations."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from osteoimmune.protocol.scenario import scenario_from_dict
from osteoimmune.solve.result import SimulationResult
from osteoimmune.solve.simulate import simulate

if TYPE_CHECKING:
    from osteoimmune.experiments.spec import Population


def _freeze(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in obj.items()))
    if isinstance(obj, list | tuple):
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    if (
        isinstance(obj, tuple)
        and obj
        and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in obj)
    ):
        return {k: _thaw(v) for k, v in obj}
    if isinstance(obj, tuple):
        return [_thaw(v) for v in obj]
    return obj


@lru_cache(maxsize=128)
def _run_frozen(frozen: Any) -> SimulationResult:
    return simulate(scenario_from_dict(_thaw(frozen)))


def run(doc: Mapping[str, Any]) -> SimulationResult:
    """Simulate a scenario document through the public path (cached within a process)."""
    return _run_frozen(_freeze(doc))


@lru_cache(maxsize=16)
def _population_frozen(frozen: Any, n: int, seed: int, vary: Any) -> tuple[SimulationResult, ...]:
    from osteoimmune.experiments.spec import Population

    scenario = scenario_from_dict(_thaw(frozen))
    params = scenario.model().parameter_set.parameters
    pop = Population(n, seed, dict(vary))
    base = {k: float(params[k].value) for k in pop.vary}
    overrides = scenario.parameters
    out = []
    for draw in pop.draws(base):
        # a parameter the scenario sets itself keeps the scenario's value as its centre
        subject = {k: overrides.get(k, base[k]) * (v / base[k]) for k, v in draw.items()}
        out.append(simulate(scenario.with_parameters(subject)))
    return tuple(out)


def run_population(doc: Mapping[str, Any], population: Population) -> list[SimulationResult]:
    """Simulate each subject of a virtual population (cached within a process)."""
    from osteoimmune.errors import InputError

    frozen = _freeze(doc)
    scenario = scenario_from_dict(doc)
    missing = [k for k in population.vary if k not in scenario.model().parameter_set.parameters]
    if missing:
        raise InputError(
            "population.vary",
            missing[0],
            "a parameter of the species' set",
            choices=scenario.model().parameter_set.parameters,
        )
    return list(
        _population_frozen(frozen, population.n, population.seed, _freeze(dict(population.vary)))
    )


def pct(a: float, b: float) -> float:
    """Percent change of ``a`` from ``b``."""
    return 100.0 * (a / b - 1.0)


def end(result: SimulationResult, name: str) -> float:
    """Last value of an observable, state or expression."""
    return result.at(name, float(result.times[-1]))


def series(result: SimulationResult, name: str) -> np.ndarray:
    """The time course of an observable, state or expression."""
    for src in (result.observables, result.states, result.expressions):
        if name in src:
            return np.asarray(src[name])
    raise KeyError(name)
