"""Registered in silico experiments: a claim, how it is tested, and the pass criterion."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from osteoimmune.solve.result import SimulationResult


@dataclass(frozen=True)
class Outcome:
    """The result of running one experiment.

    Attributes
    ----------
    id
        Claim or calibration-target id (``"S6"``, ``"REM-3"``, ``"LEM-FIG2-PTH"``).
    claim
        The claim in words.
    passed
        Whether the criterion held.
    expected
        The criterion, in words with numbers.
    observed
        What the simulation gave, in words with numbers.
    source
        Where the claim or target comes from.
    details
        Numbers for reports and figures (JSON-serialisable).
    """

    id: str
    claim: str
    passed: bool
    expected: str
    observed: str
    source: str
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim": self.claim,
            "passed": bool(self.passed),
            "expected": self.expected,
            "observed": self.observed,
            "source": self.source,
            "details": self.details,
        }


@dataclass(frozen=True)
class Experiment:
    """An experiment: data (id, claim, source, criterion text) plus the function that runs the
    scenarios through :func:`osteoimmune.simulate` and checks the criterion."""

    id: str
    claim: str
    source: str
    expected: str
    run: Callable[[], tuple[bool, str, dict[str, Any]]]
    slow: bool = False

    def __call__(self) -> Outcome:
        passed, observed, details = self.run()
        return Outcome(
            self.id, self.claim, bool(passed), self.expected, observed, self.source, details
        )


@dataclass(frozen=True, eq=False)
class Arm:
    """One simulated arm of an experiment, kept light for reports: observables only.

    Attributes
    ----------
    label
        What was simulated, in words (species, genotype, conditions, treatments, culture).
    times
        Output times, days.
    observables
        ``column -> values`` in :attr:`units`.
    units
        Unit of each observable.
    """

    label: str
    times: np.ndarray
    observables: Mapping[str, np.ndarray]
    units: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Traced:
    """An experiment's outcome with the arms it simulated, in the order first asked for."""

    outcome: Outcome
    arms: tuple[Arm, ...]


_REGISTRY: dict[str, Experiment] = {}
#: arms of the experiment being traced, by the identity of their result (held, so that an id is
#: never reused while the experiment runs)
_ARMS: ContextVar[dict[int, tuple[SimulationResult, Arm]] | None] = ContextVar(
    "osteoimmune_experiment_arms", default=None
)


def _event_words(ev: Mapping[str, Any]) -> str:
    if "condition" in ev:
        return str(ev["condition"])
    if "treatment" in ev:
        dose = f" {ev['dose']}" if "dose" in ev else ""
        return f"{ev['treatment']}{dose}"
    if "cells" in ev:
        spec = ev["cells"]
        if isinstance(spec, Mapping) and "deplete" in spec:
            return f"{spec['deplete']} depleted"
        if isinstance(spec, Mapping) and "transfer" in spec:
            donor = "+".join(spec.get("donor_genotype") or ()) or "wild-type"
            return f"{donor} {spec['transfer']} transferred"
    if "infusion" in ev:
        spec = ev["infusion"]
        return f"{spec.get('target', '?')} infused" if isinstance(spec, Mapping) else "infusion"
    return "event"


def arm_label(doc: Mapping[str, Any]) -> str:
    """A short description of a scenario document: ``"mouse, tnf_ko, 28 days: ovariectomy"``."""
    head = [str(doc.get("species") or doc.get("parameter_set") or "human")]
    head += [str(g) for g in doc.get("genotype") or ()]
    if doc.get("duration"):
        head.append(str(doc["duration"]))
    body = []
    if doc.get("culture"):
        body.append(f"{doc['culture']} culture")
        body += [f"no {r}" for r in doc.get("remove") or ()]
        body += [f"+ {a}" if isinstance(a, str) else "+ cells" for a in doc.get("add") or ()]
        medium = doc.get("medium") or {}
        body += [f"{k} {v}" for k, v in medium.items()]
    body += [_event_words(ev) for ev in doc.get("events") or () if isinstance(ev, Mapping)]
    if doc.get("parameters"):
        body.append("with " + ", ".join(sorted(doc["parameters"])))
    return ", ".join(head) + ": " + (", ".join(body) if body else "healthy")


def record_arm(doc: Mapping[str, Any], result: SimulationResult) -> None:
    """Called for every arm an experiment simulates; kept while :func:`trace_experiments` runs."""
    arms = _ARMS.get()
    if arms is None or id(result) in arms:
        return
    arms[id(result)] = (
        result,
        Arm(
            arm_label(doc),
            np.asarray(result.times),
            MappingProxyType({k: np.asarray(v) for k, v in result.observables.items()}),
            MappingProxyType({k: result.units[k] for k in result.observables}),
        ),
    )


@contextmanager
def _recording() -> Iterator[dict[int, tuple[SimulationResult, Arm]]]:
    arms: dict[int, tuple[SimulationResult, Arm]] = {}
    token = _ARMS.set(arms)
    try:
        yield arms
    finally:
        _ARMS.reset(token)


def register(
    id: str, claim: str, *, source: str, expected: str, slow: bool = False
) -> Callable[[Callable[[], tuple[bool, str, dict[str, Any]]]], Experiment]:
    """Decorator: register the decorated function as experiment ``id``."""

    def deco(fn: Callable[[], tuple[bool, str, dict[str, Any]]]) -> Experiment:
        if id in _REGISTRY:
            raise ValueError(f"experiment {id!r} registered twice")
        exp = Experiment(id, claim, source, expected, fn, slow)
        _REGISTRY[id] = exp
        return exp

    return deco


def experiments() -> dict[str, Experiment]:
    """Every registered experiment by id, in registration order."""
    from osteoimmune.experiments import (  # noqa: F401  (registers)
        bone_core,
        culture,
        diseases,
        drug_trials,
        endocrine,
        estrogen_immune,
        marrow,
        periodontal,
        periprosthetic,
        reference,
    )

    return dict(_REGISTRY)


def _selected(only: Sequence[str] | None) -> tuple[dict[str, Experiment], list[str]]:
    from osteoimmune.errors import InputError

    registry = experiments()
    ids = list(registry) if not only else list(only)
    for i in ids:
        if i not in registry:
            raise InputError(
                "--only", i, f"an experiment id ({', '.join(registry)})", choices=registry
            )
    return registry, ids


def run_experiments(
    only: Sequence[str] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Run the registered experiments (all, or the ids in ``only``) and return their outcomes.

    Raises
    ------
    InputError
        If ``only`` names an unknown experiment.
    """
    registry, ids = _selected(only)
    out = []
    for i in ids:
        if progress is not None:
            progress(i)
        out.append(registry[i]())
    return out


def trace_experiments(
    only: Sequence[str] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Traced]:
    """Like :func:`run_experiments`, keeping the arms each experiment simulated (for reports).

    An arm shared by several experiments is listed under each one; an arm an experiment asks
    for twice is listed once.
    """
    registry, ids = _selected(only)
    out = []
    for i in ids:
        if progress is not None:
            progress(i)
        with _recording() as arms:
            outcome = registry[i]()
        counts: dict[str, int] = {}
        listed = []
        for _, arm in arms.values():
            counts[arm.label] = counts.get(arm.label, 0) + 1
            k = counts[arm.label]
            listed.append(arm if k == 1 else replace(arm, label=f"{arm.label} (#{k})"))
        out.append(Traced(outcome, tuple(listed)))
    return out
