"""What running an experiment gives: its outcome, the arms it simulated and the data overlaid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


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
    kind
        ``"claim"`` (claims.md), ``"calibration"`` (fitted to), ``"validation"`` (held-out data,
        never fitted) or ``"reference"`` (a published reference model).
    """

    id: str
    claim: str
    passed: bool
    expected: str
    observed: str
    source: str
    details: dict[str, Any]
    kind: str = "claim"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim": self.claim,
            "kind": self.kind,
            "passed": bool(self.passed),
            "expected": self.expected,
            "observed": self.observed,
            "source": self.source,
            "details": self.details,
        }


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
    name: str = ""


@dataclass(frozen=True, eq=False)
class Overlay:
    """Measured data drawn over one arm of an experiment.

    Attributes
    ----------
    table, role, citation
        The measurement table, ``"calibration"`` or ``"validation"``, and its reference.
    arm
        Name of the arm (in the experiment's spec) the data belong with.
    observable
        The model column the data measure.
    times, mean, lower, upper
        Days on the arm's time axis; the measured mean and its interval (sd or range).
    """

    table: str
    role: str
    citation: str
    arm: str
    observable: str
    times: np.ndarray
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


@dataclass(frozen=True)
class Traced:
    """An experiment's outcome with the arms it simulated, in the order first asked for."""

    outcome: Outcome
    arms: tuple[Arm, ...]
    overlays: tuple[Overlay, ...] = ()


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
