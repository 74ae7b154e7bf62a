"""Running an experiment's arms through the public path: single scenarios (cached within a
process, so that experiments sharing a control arm run it once) and virtual populations."""

from __future__ import annotations

import json
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


def _key(doc: Mapping[str, Any]) -> str:
    """A canonical text of a scenario document: equal documents, equal keys."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=128)
def _run_key(key: str) -> SimulationResult:
    return simulate(scenario_from_dict(json.loads(key)))


def run(doc: Mapping[str, Any]) -> SimulationResult:
    """Simulate a scenario document through the public path (cached within a process)."""
    return _run_key(_key(doc))


@lru_cache(maxsize=16)
def _population_key(key: str, draws: tuple[tuple[tuple[str, float], ...], ...]) -> tuple[Any, ...]:
    scenario = scenario_from_dict(json.loads(key))
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
    return list(_population_key(_key(doc), draws))


def end(result: SimulationResult, name: str) -> float:
    """Last value of an observable, state or expression."""
    return result.at(name, float(result.times[-1]))


def series(result: SimulationResult, name: str) -> np.ndarray:
    """The time course of an observable, state or expression."""
    for src in (result.observables, result.states, result.expressions):
        if name in src:
            return np.asarray(src[name])
    raise KeyError(name)
