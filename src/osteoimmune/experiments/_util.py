"""Small helpers shared by the experiment definitions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from osteoimmune.experiments.base import record_arm
from osteoimmune.protocol.scenario import scenario_from_dict
from osteoimmune.solve.result import SimulationResult
from osteoimmune.solve.simulate import simulate


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


@lru_cache(maxsize=64)
def _run_frozen(frozen: Any) -> SimulationResult:
    return simulate(scenario_from_dict(_thaw(frozen)))


def run(doc: Mapping[str, Any]) -> SimulationResult:
    """Simulate a scenario document through the public path (cached within a process, so that
    experiments sharing a control arm run it once)."""
    result = _run_frozen(_freeze(doc))
    record_arm(doc, result)
    return result


def pct(a: float, b: float) -> float:
    """Percent change of ``a`` from ``b``."""
    return 100.0 * (a / b - 1.0)


def end(result: SimulationResult, name: str) -> float:
    """Last value of an observable, state or expression."""
    return result.at(name, float(result.times[-1]))


def series(result: SimulationResult, name: str) -> np.ndarray:
    for src in (result.observables, result.states, result.expressions):
        if name in src:
            return np.asarray(src[name])
    raise KeyError(name)
