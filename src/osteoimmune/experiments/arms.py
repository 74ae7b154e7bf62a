"""Running an experiment's arms through the public path: single scenarios (cached within a
process, so that experiments sharing a control arm run it once) and virtual populations."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from osteoimmune.experiments.expressions import SpecError
from osteoimmune.protocol.scenario import scenario_from_dict
from osteoimmune.solve.result import SimulationResult
from osteoimmune.solve.simulate import simulate


@dataclass(frozen=True)
class Population:
    """A virtual population arm: ``n`` subjects, each drawing ``vary``'s parameters log-normally
    (coefficient of variation, mean kept) from a stream seeded by ``seed``."""

    n: int
    seed: int
    vary: Mapping[str, float]

    def __post_init__(self) -> None:
        if not isinstance(self.n, int) or not 3 <= self.n <= 1000:
            raise SpecError(f"population.n: got {self.n!r}; expected an integer from 3 to 1000")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise SpecError(f"population.seed: got {self.seed!r}; expected an integer >= 0")
        for k, cv in self.vary.items():
            if not isinstance(cv, int | float) or not 0 < cv <= 3:
                raise SpecError(f"population.vary.{k}: got {cv!r}; expected a CV in (0, 3]")
        object.__setattr__(self, "vary", MappingProxyType(dict(self.vary)))

    def draws(self, base: Mapping[str, float]) -> list[dict[str, float]]:
        """Each subject's parameter values (in the parameters' declared units)."""
        rng = np.random.default_rng(self.seed)
        names_ = sorted(self.vary)
        sigma = np.array([math.sqrt(math.log1p(self.vary[k] ** 2)) for k in names_])
        z = rng.standard_normal((self.n, len(names_)))
        factors = np.exp(sigma * z - sigma**2 / 2)
        return [
            {k: base[k] * float(f) for k, f in zip(names_, row, strict=True)} for row in factors
        ]


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
def _population_frozen(frozen: Any, draws: Any) -> tuple[SimulationResult, ...]:
    scenario = scenario_from_dict(_thaw(frozen))
    return tuple(simulate(scenario.with_parameters(dict(d))) for d in draws)


def run_population(doc: Mapping[str, Any], population: Population) -> list[SimulationResult]:
    """Simulate each subject of a virtual population (cached within a process).

    Each subject draws the population's parameters around the value the scenario runs with
    (the species' set, or the scenario's own override of it).
    """
    from osteoimmune.errors import InputError

    scenario = scenario_from_dict(doc)
    params = scenario.model().parameter_set.parameters
    missing = [k for k in population.vary if k not in params]
    if missing:
        raise InputError(
            "population.vary", missing[0], "a parameter of the species' set", choices=params
        )
    centre = {k: float(scenario.parameters.get(k, params[k].value)) for k in population.vary}
    draws = tuple(tuple(sorted(d.items())) for d in population.draws(centre))
    return list(_population_frozen(_freeze(doc), draws))


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
