"""Registered in silico experiments: a claim, how it is tested, and the pass criterion."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


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


_REGISTRY: dict[str, Experiment] = {}


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
    from osteoimmune.errors import InputError

    registry = experiments()
    ids = list(registry) if not only else list(only)
    for i in ids:
        if i not in registry:
            raise InputError(
                "--only", i, f"an experiment id ({', '.join(registry)})", choices=registry
            )
    out = []
    for i in ids:
        if progress is not None:
            progress(i)
        out.append(registry[i]())
    return out
