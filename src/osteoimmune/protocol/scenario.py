"""Scenarios: the public scenario-file contract (version 1) as frozen value objects.

A scenario says which species and parameter set, for how long, which genotype, what happens
when (condition onsets, infusions, later drug regimens and cell transfers) and which parameters
the user overrides. Everything is validated when the object is built, against the model the
parameter set composes, so that bad input fails before any integration with one message that
names the field, the value and what is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import yaml

from osteoimmune.errors import InputError
from osteoimmune.model.parameters import SPECIES, available_parameter_sets, load_parameter_set
from osteoimmune.units import parse_quantity

if TYPE_CHECKING:
    from osteoimmune.model.compose import Model

TOP_LEVEL = (
    "species",
    "parameter_set",
    "sex",
    "age",
    "duration",
    "genotype",
    "events",
    "parameters",
    "save_every",
    "name",
    "description",
)
EVENT_KINDS = ("condition", "treatment", "cells", "infusion")
MAX_DURATION_DAYS = 200 * 365.25


@dataclass(frozen=True)
class ConditionOnset:
    """A condition that starts at ``at_days`` (may be negative: it began before t = 0)."""

    name: str
    at_days: float = 0.0


@dataclass(frozen=True)
class Infusion:
    """A constant-rate infusion of a declared molecule or cell.

    ``rate`` is in the unit of the target's input parameter (e.g. pM/day).
    """

    target: str
    rate: float
    at_days: float = 0.0
    duration_days: float = float("inf")

    def __post_init__(self) -> None:
        if not self.rate >= 0:
            raise InputError("infusion.rate", self.rate, "a non-negative rate")
        if not self.duration_days > 0:
            raise InputError("infusion.duration", self.duration_days, "a positive duration")


ScenarioEvent = ConditionOnset | Infusion


@dataclass(frozen=True)
class Scenario:
    """A simulation protocol.

    Parameters
    ----------
    species
        ``"human"`` or ``"mouse"``.
    parameter_set
        ``"default"`` (the species' calibrated set) or a reference set such as ``"pivonka2008"``.
    sex, age_years
        The subject at t = 0.
    duration_days
        Length of the simulation.
    genotype
        Genotype names (knockouts), applied for the whole run.
    events
        Condition onsets and infusions.
    parameters
        Overrides by name, each in the parameter's declared unit.
    save_every_days
        Output interval.
    name
        A label for tables and plots.
    """

    species: str = "human"
    parameter_set: str = "default"
    sex: str = "female"
    age_years: float = 50.0
    duration_days: float = 3652.5
    genotype: tuple[str, ...] = ()
    events: tuple[ScenarioEvent, ...] = ()
    parameters: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    save_every_days: float = 7.0
    name: str = "scenario"

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "genotype", tuple(self.genotype))
        object.__setattr__(self, "events", tuple(self.events))
        if self.species not in SPECIES:
            raise InputError("species", self.species, " or ".join(SPECIES), choices=SPECIES)
        if self.sex not in ("female", "male"):
            raise InputError("sex", self.sex, "female or male", choices=("female", "male"))
        if not 0 < self.duration_days <= MAX_DURATION_DAYS:
            raise InputError("duration", self.duration_days, "a positive duration up to 200 years")
        if not 0 < self.save_every_days <= self.duration_days:
            raise InputError(
                "save_every", self.save_every_days, "a positive interval no longer than duration"
            )
        if not 0 <= self.age_years <= 120:
            raise InputError("age", self.age_years, "an age between 0 and 120 years")
        model = self.model()
        for g in self.genotype:
            if g not in model.genotypes:
                raise InputError(
                    "genotype",
                    g,
                    f"one of {', '.join(sorted(model.genotypes)) or '(none)'}",
                    choices=model.genotypes,
                )
        for i, ev in enumerate(self.events):
            where = f"events[{i}]"
            if ev.at_days > self.duration_days:
                raise InputError(
                    f"{where}.at",
                    f"{ev.at_days:g} days",
                    f"a time within duration ({self.duration_days:g} days)",
                )
            if isinstance(ev, ConditionOnset):
                if ev.name not in model.conditions:
                    raise InputError(
                        f"{where}.condition",
                        ev.name,
                        f"one of {', '.join(sorted(model.conditions)) or '(none in this parameter set yet)'}",
                        choices=model.conditions,
                    )
            elif isinstance(ev, Infusion):
                if ev.at_days < 0:
                    raise InputError(f"{where}.at", ev.at_days, "a time >= 0 for an infusion")
                if ev.target not in model.inputs:
                    raise InputError(
                        f"{where}.infusion.target",
                        ev.target,
                        f"one of {', '.join(sorted(model.inputs))}",
                        choices=model.inputs,
                    )
        names = set(model.parameter_names)
        for pname, value in self.parameters.items():
            if pname not in names:
                raise InputError(
                    "parameters",
                    pname,
                    "a parameter name (see `osteoimmune list parameters`)",
                    choices=names,
                )
            if not (
                isinstance(value, int | float) and value == value and abs(value) != float("inf")
            ):
                raise InputError(f"parameters.{pname}", value, "a finite number")

    @property
    def resolved_parameter_set(self) -> str:
        """Name of the parameter-set file this scenario runs."""
        return self.species if self.parameter_set == "default" else self.parameter_set

    def model(self) -> Model:
        """The composed model of this scenario's parameter set."""
        from osteoimmune.model.compose import compose

        name = self.resolved_parameter_set
        pset = load_parameter_set(name)
        if pset.species not in (self.species, "reference"):
            raise InputError(
                "parameter_set",
                self.parameter_set,
                f"a set for species {self.species!r} (this one is for {pset.species})",
            )
        return compose(pset)


def _duration(value: Any, field_name: str) -> float:
    return parse_quantity(value, field_name, "day")


def scenario_from_dict(doc: Mapping[str, Any], *, name: str = "scenario") -> Scenario:
    """Build a :class:`Scenario` from a parsed scenario document (public contract v1).

    Raises
    ------
    InputError
        On any unknown key, unknown name, wrong unit or impossible schedule.
    """
    if not isinstance(doc, Mapping):
        raise InputError(
            "scenario", type(doc).__name__, "a mapping of keys such as species, duration, events"
        )
    for key in doc:
        if key not in TOP_LEVEL:
            raise InputError(
                "scenario", key, f"one of the keys {', '.join(TOP_LEVEL)}", choices=TOP_LEVEL
            )
    species = str(doc.get("species", "human"))
    pset = str(doc.get("parameter_set", "default"))
    if pset != "default" and pset not in available_parameter_sets():
        raise InputError(
            "parameter_set",
            pset,
            f"default or one of {', '.join(available_parameter_sets())}",
            choices=available_parameter_sets(),
        )
    model_probe = Scenario(
        species=species, parameter_set=pset, duration_days=1.0, save_every_days=1.0
    )
    model = model_probe.model()
    kwargs: dict[str, Any] = {
        "species": species,
        "parameter_set": pset,
        "name": str(doc.get("name", name)),
    }
    if "sex" in doc:
        kwargs["sex"] = str(doc["sex"])
    if "age" in doc:
        kwargs["age_years"] = parse_quantity(doc["age"], "age", "year")
    if "duration" in doc:
        kwargs["duration_days"] = _duration(doc["duration"], "duration")
    if "save_every" in doc:
        kwargs["save_every_days"] = _duration(doc["save_every"], "save_every")
    genotype = doc.get("genotype", []) or []
    if isinstance(genotype, str):
        genotype = [genotype]
    if not isinstance(genotype, list):
        raise InputError("genotype", genotype, "a list of genotype names, e.g. [opg_ko]")
    kwargs["genotype"] = tuple(str(g) for g in genotype)
    params: dict[str, float] = {}
    overrides = doc.get("parameters", {}) or {}
    if not isinstance(overrides, Mapping):
        raise InputError("parameters", overrides, "a mapping name: value with unit")
    index = {p.name: p for p in model.parameters}
    for pname, value in overrides.items():
        if pname not in index:
            raise InputError(
                "parameters",
                pname,
                "a parameter name (see `osteoimmune list parameters`)",
                choices=index,
            )
        params[pname] = parse_quantity(value, f"parameters.{pname}", index[pname].unit)
    kwargs["parameters"] = params
    events: list[ScenarioEvent] = []
    raw_events = doc.get("events", []) or []
    if not isinstance(raw_events, list):
        raise InputError("events", raw_events, "a list of events")
    for i, ev in enumerate(raw_events):
        events.append(_event(ev, i, model))
    kwargs["events"] = tuple(events)
    return Scenario(**kwargs)


def _event(ev: Any, i: int, model: Any) -> ScenarioEvent:
    where = f"events[{i}]"
    if not isinstance(ev, Mapping):
        raise InputError(
            where, ev, "a mapping such as {condition: menopause} or {at: 3 years, treatment: ...}"
        )
    kinds = [k for k in ev if k in EVENT_KINDS]
    unknown = [k for k in ev if k not in (*EVENT_KINDS, "at", "dose", "every", "doses", "route")]
    if unknown:
        raise InputError(
            f"{where}",
            unknown[0],
            f"event keys among at, {', '.join(EVENT_KINDS)}, dose, every, doses",
            choices=(*EVENT_KINDS, "at", "dose", "every", "doses"),
        )
    if len(kinds) != 1:
        raise InputError(where, dict(ev), f"exactly one of {', '.join(EVENT_KINDS)}")
    at = _duration(ev["at"], f"{where}.at") if "at" in ev else 0.0
    kind = kinds[0]
    if kind == "condition":
        return ConditionOnset(name=str(ev["condition"]), at_days=at)
    if kind == "infusion":
        spec = ev["infusion"]
        if not isinstance(spec, Mapping) or "target" not in spec or "rate" not in spec:
            raise InputError(
                f"{where}.infusion", spec, "{target: NAME, rate: VALUE UNIT, duration: TIME}"
            )
        target = str(spec["target"])
        if target not in model.inputs:
            raise InputError(
                f"{where}.infusion.target",
                target,
                f"one of {', '.join(sorted(model.inputs))}",
                choices=model.inputs,
            )
        unit = model.inputs[target].unit
        rate = parse_quantity(spec["rate"], f"{where}.infusion.rate", unit)
        if rate < 0:
            raise InputError(f"{where}.infusion.rate", spec["rate"], "a non-negative rate")
        dur = (
            _duration(spec["duration"], f"{where}.infusion.duration")
            if "duration" in spec
            else float("inf")
        )
        if dur <= 0:
            raise InputError(f"{where}.infusion.duration", spec["duration"], "a positive duration")
        return Infusion(target=target, rate=rate, at_days=at, duration_days=dur)
    if kind == "treatment":
        if "dose" in ev:
            dose = str(ev["dose"]).strip()
            if dose.startswith("-"):
                raise InputError(
                    f"{where}.dose", ev["dose"], "a positive dose with a unit, e.g. '60 mg'"
                )
        raise InputError(
            f"{where}.treatment",
            ev["treatment"],
            "a treatment of the drug library (none is available yet)",
        )
    raise InputError(
        f"{where}.cells", ev["cells"], "cell depletion and transfer (not available yet)"
    )


def load_scenario(source: str | Path) -> Scenario:
    """Load a scenario: a built-in name (``healthy``) or the path of a YAML file.

    Raises
    ------
    InputError
        If the file is missing, is not valid YAML, or fails validation.
    """
    from osteoimmune.io.builtin import builtin_scenarios

    text_source = str(source)
    builtins = builtin_scenarios()
    if text_source in builtins:
        return scenario_from_dict(builtins[text_source], name=text_source)
    path = Path(text_source)
    if not path.suffix and not path.exists():
        raise InputError(
            "SCENARIO",
            text_source,
            f"a YAML file or a built-in: {', '.join(sorted(builtins))}",
            choices=builtins,
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError("SCENARIO", text_source, "an existing, readable YAML file") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError("SCENARIO", f"{path.name}{where}", "valid YAML") from exc
    if doc is None:
        doc = {}
    return scenario_from_dict(doc, name=path.stem)
