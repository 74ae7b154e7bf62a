"""Declarations: the biology as data.

A :class:`Module` declares states, algebraic expressions, processes (rate laws that move states)
and observables. Parameter *values* live in the species parameter files
(``osteoimmune/data/parameters/*.toml``); a module names the parameters it uses simply by using
them in its expressions, and composition checks that the chosen parameter set defines every one of
them with a compatible unit.

Expressions are strings in Python/SymPy syntax over the names of states, parameters, other
expressions and ``t`` (time, days). They are parsed once, with SymPy, at composition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from osteoimmune.errors import ModelError

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
RESERVED = frozenset({"t", "exp", "log", "sqrt", "Max", "Min", "Abs", "tanh", "pi", "E"})


def _check_name(kind: str, name: str) -> None:
    if not _NAME.match(name):
        raise ModelError(f"{kind} name {name!r} is not an identifier (letters, digits, _)")
    if name in RESERVED:
        raise ModelError(f"{kind} name {name!r} is reserved; choose another name")


@dataclass(frozen=True)
class Parameter:
    """A model parameter with its value, unit, meaning, plausible range and source.

    Parameters
    ----------
    name
        Identifier used in expressions.
    value
        Value in ``unit``.
    unit
        A pint unit string, e.g. ``"pM/day"``.
    description
        What the parameter means, in words.
    source
        A reference key with table or figure (``"pivonka2008, Table 2"``) or
        ``"calibrated to <target id>"``.
    bounds
        Plausible (low, high) range in ``unit``; used by sensitivity analysis and validation.
    """

    name: str
    value: float
    unit: str
    description: str
    source: str
    bounds: tuple[float, float]

    def __post_init__(self) -> None:
        _check_name("parameter", self.name)
        lo, hi = self.bounds
        if not lo <= hi:
            raise ModelError(
                f"parameter {self.name}: bounds {self.bounds} are not ordered (low, high)"
            )
        if not lo <= self.value <= hi:
            raise ModelError(
                f"parameter {self.name}: value {self.value} {self.unit} lies outside its bounds "
                f"{self.bounds}; widen the bounds only with a source"
            )
        if not self.source.strip():
            raise ModelError(f"parameter {self.name} has no source; every value needs one")


@dataclass(frozen=True)
class State:
    """A dynamic state (a cell population, a concentration, a bone volume).

    ``guess`` is an initial guess for the steady-state solve, in ``unit``; the equilibrium itself
    is computed, never declared. A ``neutral`` state has no restoring force (bone volume: any
    amount of bone is an equilibrium while formation equals resorption); the steady-state solve
    holds it at ``guess``, its reference value.
    """

    name: str
    unit: str
    description: str
    guess: float
    neutral: bool = False

    def __post_init__(self) -> None:
        _check_name("state", self.name)


@dataclass(frozen=True)
class Expression:
    """A named algebraic quantity (quasi-steady binding, a signalling function, a marker)."""

    name: str
    expr: str
    unit: str
    description: str

    def __post_init__(self) -> None:
        _check_name("expression", self.name)


@dataclass(frozen=True)
class Process:
    """A rate law that changes states, with the evidence behind it.

    Parameters
    ----------
    name
        Identifier of the process.
    rate
        Expression for the rate, in ``unit`` (state unit per day).
    unit
        Unit of the rate.
    changes
        Mapping ``state -> stoichiometric coefficient``: the process adds ``coeff * rate`` to each.
    description
        What happens, in words.
    evidence
        Reference keys (see ``data/references.toml``) that support the process.
    """

    name: str
    rate: str
    unit: str
    changes: tuple[tuple[str, float], ...]
    description: str
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("process", self.name)
        if not self.changes:
            raise ModelError(f"process {self.name} changes no state")


@dataclass(frozen=True)
class Observable:
    """A column of the simulation table.

    ``kind`` is ``"value"`` (the expression in ``unit``), ``"pct_change"`` (percent change of
    the expression from t = 0) or ``"rel"`` (fold of the healthy steady state of the same
    parameter set).
    """

    name: str
    expr: str
    unit: str
    description: str
    kind: str = "value"

    def __post_init__(self) -> None:
        _check_name("observable", self.name)
        if self.kind not in {"value", "pct_change", "rel"}:
            raise ModelError(
                f"observable {self.name}: kind {self.kind!r} is not value|pct_change|rel"
            )


@dataclass(frozen=True)
class Input:
    """An external input into a molecule or cell: infusion rate parameter of a target.

    A scenario's ``infusion: {target: opg, rate: ...}`` sets ``parameter`` to the rate for the
    infusion's duration. The parameter's declared value (normally 0) is the baseline.
    """

    target: str
    parameter: str
    unit: str
    description: str


@dataclass(frozen=True)
class Genotype:
    """A genetic variant: it scales the parameters of a gene product (0 removes it).

    Parameters
    ----------
    name
        Scenario name, e.g. ``"opg_ko"``.
    description
        What is removed, in words.
    scale
        Mapping ``parameter -> factor`` applied for the whole run.
    evidence
        Reference keys for the phenotype.
    """

    name: str
    description: str
    scale: tuple[tuple[str, float], ...]
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A condition with an onset: at onset, parameters take new values (e.g. ovarian output 0)."""

    name: str
    description: str
    sets: tuple[tuple[str, float], ...]
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    """A biological module: a coherent group of declarations.

    Modules compose into a :class:`~osteoimmune.model.compose.Model`; a name may be declared by
    only one module.
    """

    name: str
    description: str
    states: tuple[State, ...] = ()
    expressions: tuple[Expression, ...] = ()
    processes: tuple[Process, ...] = ()
    observables: tuple[Observable, ...] = ()
    inputs: tuple[Input, ...] = ()
    genotypes: tuple[Genotype, ...] = ()
    conditions: tuple[Condition, ...] = ()
    requires: tuple[str, ...] = field(default=())
