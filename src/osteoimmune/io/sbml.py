"""Export a scenario's composed model to SBML Level 3 Version 2.

Everything in the document is derived from the declarations, the same SymPy trees the compiler
turns into the right-hand side; no equation is written here by hand:

- every state is a non-constant ``parameter`` driven by a ``rateRule`` whose formula is the sum
  of ``coefficient * rate`` over the processes that change it;
- every model parameter is a non-constant ``parameter`` (events change some of them) holding its
  canonical value for the scenario (overrides and genotype applied);
- every expression is an ``assignmentRule``; so is every observable (``obs_<name>``): a
  ``value`` observable in canonical units, a ``pct_change`` one as percent change from t = 0 and
  a ``rel`` one as a fold of the healthy (wild-type) equilibrium;
- the initial value of every state is the scenario's state at t = 0, computed as
  :func:`osteoimmune.simulate` computes it (the equilibrium of the start parameters, then any
  condition that began before t = 0);
- each scenario event at t >= 0 (infusion start and stop, condition onset) becomes an SBML event
  triggered at ``time >= t_event`` (persistent, initial value false, so an event at t = 0 fires
  at the start); events at the same time are merged into one, applied in the package's order.

Values are in the solver's canonical units (picomole, litre, day, nanogram; see
:mod:`osteoimmune.units`), declared as SBML unit definitions; the model's time unit is the day.
The notes of every parameter give its declared unit, the factor to it, its description and
source; the model notes give the parameter set, its hash and the references.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import libsbml
import numpy as np
import sympy as sp

from osteoimmune._version import __version__
from osteoimmune.errors import ModelError
from osteoimmune.model.compose import TIME, Model
from osteoimmune.model.parameters import references as bibliography
from osteoimmune.solve.integrate import Event, apply_event
from osteoimmune.solve.simulation import InitialCondition, Simulation
from osteoimmune.units import Quantity, canonical_factor, parse_unit

if TYPE_CHECKING:
    from osteoimmune.protocol.scenario import Scenario

__all__ = ["export_sbml", "sbml_ids", "to_sbml", "validate_sbml"]

LEVEL, VERSION = 3, 2
_XHTML = "http://www.w3.org/1999/xhtml"

# canonical unit of each pint dimension: (name token, SBML kind, scale, multiplier)
_SBML_UNIT = {
    "[substance]": ("pmol", libsbml.UNIT_KIND_MOLE, -12, 1.0),
    "[mass]": ("ng", libsbml.UNIT_KIND_GRAM, -9, 1.0),
    "[length]": ("dm", libsbml.UNIT_KIND_METRE, -1, 1.0),
    "[time]": ("day", libsbml.UNIT_KIND_SECOND, 0, 86400.0),
    "[current]": ("A", libsbml.UNIT_KIND_AMPERE, 0, 1.0),
    "[temperature]": ("K", libsbml.UNIT_KIND_KELVIN, 0, 1.0),
    "[luminosity]": ("cd", libsbml.UNIT_KIND_CANDELA, 0, 1.0),
    # SBML has no unit of biological activity: insulin units travel as a dimensionless factor
    "[insulin_activity]": ("IU", libsbml.UNIT_KIND_DIMENSIONLESS, 0, 1.0),
}
_ORDER = tuple(_SBML_UNIT)


# ---------------------------------------------------------------------------------------------
# identifiers


def _is_plain_name(name: str) -> bool:
    """True when the L3 formula parser reads ``name`` as an ordinary identifier (not ``time``,
    ``pi``, ``avogadro``, ``INF``, ``true``...)."""
    ast = libsbml.parseL3Formula(name)
    return ast is not None and ast.getType() == libsbml.AST_NAME


def sbml_ids(model: Model) -> dict[str, str]:
    """SBML identifiers of the model's names.

    Keys are state, parameter and expression names and ``observable:NAME``; a name is kept as
    its own id unless the SBML formula syntax reserves it (then ``_`` is appended).
    Observables become ``obs_NAME``.
    """
    taken: set[str] = set()
    ids: dict[str, str] = {}

    def claim(key: str, want: str) -> None:
        sid = want
        while sid in taken or not _is_plain_name(sid):
            sid += "_"
        taken.add(sid)
        ids[key] = sid

    names = [
        *(s.name for s in model.states),
        *(p.name for p in model.parameters),
        *(e.name for e in model.expressions),
    ]
    for n in names:  # names the formula syntax leaves alone keep their ids
        if _is_plain_name(n):
            claim(n, n)
    for n in names:
        if n not in ids:
            claim(n, f"{n}_")
    for o in model.observables:
        claim(f"observable:{o.name}", f"obs_{o.name}")
    return ids


# ---------------------------------------------------------------------------------------------
# units


def _canonical_dims(unit: str) -> dict[str, Fraction]:
    dims = Quantity(1.0, parse_unit(unit)).dimensionality
    out: dict[str, Fraction] = {}
    for dim, exp in dims.items():
        if dim not in _SBML_UNIT:
            raise ModelError(f"unit {unit!r}: dimension {dim} has no SBML counterpart")
        if exp:
            out[dim] = Fraction(str(exp)).limit_denominator(1000)
    return out


def _token(dim: str, exp: Fraction) -> str:
    name = _SBML_UNIT[dim][0]
    if dim == "[length]" and exp.denominator == 1 and exp.numerator % 3 == 0:
        name, exp = "L", exp / 3
    if exp == 1:
        return name
    text = str(exp).replace("/", "over").replace("-", "")
    return f"{name}{text}"


class _Units:
    """Unit definitions of canonical units, created on demand."""

    def __init__(self, sbml_model: libsbml.Model) -> None:
        self._model = sbml_model
        self._ids: dict[tuple[tuple[str, Fraction], ...], str] = {}

    def id_for(self, unit: str) -> str:
        dims = _canonical_dims(unit)
        return self._id_for_dims(dims)

    def _id_for_dims(self, dims: Mapping[str, Fraction]) -> str:
        if not dims:
            return "dimensionless"
        key = tuple(sorted(dims.items(), key=lambda kv: _ORDER.index(kv[0])))
        if key in self._ids:
            return self._ids[key]
        pos = [_token(d, e) for d, e in key if e > 0]
        neg = [_token(d, -e) for d, e in key if e < 0]
        sid = "_".join(pos) if pos else ""
        for n in neg:
            sid = f"{sid}_per_{n}" if sid else f"per_{n}"
        ud = self._model.createUnitDefinition()
        _ok(ud.setId(sid), f"unit {sid}")
        for dim, exp in key:
            _token_name, kind, scale, mult = _SBML_UNIT[dim]
            u = ud.createUnit()
            if dim == "[length]" and exp.denominator == 1 and exp.numerator % 3 == 0:
                kind, scale, exp = libsbml.UNIT_KIND_LITRE, 0, exp / 3
            u.setKind(kind)
            u.setExponent(float(exp))
            u.setScale(scale)
            u.setMultiplier(mult)
        self._ids[key] = sid
        return sid

    def time(self) -> str:
        return self._id_for_dims({"[time]": Fraction(1)})

    def percent(self) -> str:
        sid = "percent"
        if self._model.getUnitDefinition(sid) is None:
            ud = self._model.createUnitDefinition()
            ud.setId(sid)
            u = ud.createUnit()
            u.setKind(libsbml.UNIT_KIND_DIMENSIONLESS)
            u.setExponent(1.0)
            u.setScale(0)
            u.setMultiplier(0.01)
        return sid


# ---------------------------------------------------------------------------------------------
# math


def _number(value: float, unit: str | None = "dimensionless") -> str:
    if not math.isfinite(value):
        raise ModelError(f"cannot export the non-finite number {value!r} to SBML")
    text = repr(float(value))
    if text.startswith("-"):
        text = text[1:]
        return f"(-{text} {unit})" if unit else f"(-{text})"
    return f"{text} {unit}" if unit else text


class _MathPrinter:
    """SymPy tree -> SBML L3 infix formula (for :func:`libsbml.parseL3Formula`).

    Every sub-expression is parenthesised; numbers carry ``dimensionless`` units (composition
    guarantees that every literal number of a declaration is dimensionless) except exponents.
    """

    def __init__(self, ids: Mapping[str, str]) -> None:
        self._ids = ids

    def __call__(self, expr: sp.Basic) -> str:
        return self._p(expr)

    def _p(self, e: sp.Basic) -> str:
        if e == TIME:
            return "time"
        if isinstance(e, sp.Symbol):
            try:
                return self._ids[e.name]
            except KeyError:
                raise ModelError(f"SBML export: unknown symbol {e.name!r}") from None
        if e is sp.E:
            return "exponentiale"
        if e is sp.pi:
            return "pi"
        if e.is_Number:
            return _number(float(e))
        if isinstance(e, sp.Add):
            return "(" + " + ".join(self._p(a) for a in e.args) + ")"
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            base, exp = e.args
            if exp.is_Number:
                if exp == -1:
                    return f"(1 dimensionless / {self._p(base)})"
                if exp == sp.Rational(1, 2):
                    return f"sqrt({self._p(base)})"
                return f"({self._p(base)})^({_number(float(exp), None)})"
            return f"({self._p(base)})^({self._p(exp)})"
        if isinstance(e, sp.exp):
            return f"exp({self._p(e.args[0])})"
        if isinstance(e, sp.log):
            return f"ln({self._p(e.args[0])})"
        if isinstance(e, sp.Abs):
            return f"abs({self._p(e.args[0])})"
        if isinstance(e, sp.tanh):
            return f"tanh({self._p(e.args[0])})"
        if isinstance(e, sp.Max | sp.Min):
            name = "max" if isinstance(e, sp.Max) else "min"
            return f"{name}(" + ", ".join(self._p(a) for a in e.args) + ")"
        raise ModelError(
            f"SBML export: no SBML counterpart for {type(e).__name__} in {e}; "
            "supported: + * / ^, exp, log, sqrt, Abs, tanh, Max, Min"
        )

    def _mul(self, e: sp.Mul) -> str:
        num: list[str] = []
        den: list[str] = []
        for a in e.args:
            if isinstance(a, sp.Pow) and a.args[1].is_Number and a.args[1] < 0:
                inv = a.args[0] ** (-a.args[1])
                den.append(self._p(inv))
            else:
                num.append(self._p(a))
        top = " * ".join(num) if num else "1 dimensionless"
        if not den:
            return f"({top})"
        return f"(({top}) / ({' * '.join(den)}))"


def _math(formula: str, where: str) -> libsbml.ASTNode:
    ast = libsbml.parseL3Formula(formula)
    if ast is None:
        raise ModelError(
            f"SBML export: {where}: cannot parse {formula!r}: {libsbml.getLastParseL3Error()}"
        )
    return ast


# ---------------------------------------------------------------------------------------------
# document


def _ok(code: int, what: str) -> None:
    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise ModelError(
            f"SBML export: setting {what} failed: {libsbml.OperationReturnValue_toString(code)}"
        )


def _notes(paragraphs: Iterable[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f'<body xmlns="{_XHTML}">{body}</body>'


def _merged_events(
    events: Iterable[Event],
) -> list[tuple[float, dict[int, float], dict[int, tuple[float, float]], list[str]]]:
    """Events grouped by time; per group the parameter values set and, per state, the affine map
    ``y -> y * factor + added`` that the package applies (set, then scale, then add)."""
    groups: dict[float, tuple[dict[int, float], dict[int, tuple[float, float]], list[str]]] = {}
    for ev in sorted(events, key=lambda e: e.time):
        sets, affine, labels = groups.setdefault(float(ev.time), ({}, {}, []))
        for i, v in ev.set_parameters:
            sets[int(i)] = float(v)
        for i, f in ev.scale_states:
            a, b = affine.get(int(i), (1.0, 0.0))
            affine[int(i)] = (a * float(f), b * float(f))
        for i, v in ev.add_states:
            a, b = affine.get(int(i), (1.0, 0.0))
            affine[int(i)] = (a, b + float(v))
        labels.append(ev.label or "event")
    return [(t, *groups[t]) for t in sorted(groups)]


class _Builder:
    """Fills one SBML model from a simulation's compiled model, start and events."""

    def __init__(self, sim: Simulation) -> None:
        self.scenario = sim.scenario
        self.init: InitialCondition = sim.initial_condition
        self.cm = sim.compiled
        self.model: Model = self.cm.model
        self.ids = sbml_ids(self.model)
        self.printer = _MathPrinter(self.ids)
        self.doc = libsbml.SBMLDocument(LEVEL, VERSION)
        self.m = self.doc.createModel()
        self.units = _Units(self.m)

    def build(self) -> libsbml.SBMLDocument:
        self._header()
        self._states()
        self._parameters()
        self._expressions()
        self._observables()
        self._rate_rules()
        self._events()
        return self.doc

    # -- pieces --------------------------------------------------------------------------------

    def _parameter(
        self, key: str, value: float | None, unit_id: str, notes: list[str]
    ) -> libsbml.Parameter:
        what = key.replace(":", " ")
        prm = self.m.createParameter()
        _ok(prm.setId(self.ids[key]), f"id of {what}")
        _ok(prm.setName(key.split(":")[-1]), f"name of {what}")
        _ok(prm.setConstant(False), f"constant flag of {what}")
        if value is not None:
            if not math.isfinite(float(value)):
                raise ModelError(f"SBML export: {what} has the non-finite value {value!r}")
            _ok(prm.setValue(float(value)), f"value of {what}")
        _ok(prm.setUnits(unit_id), f"units of {what}")
        _ok(prm.setNotes(_notes(notes)), f"notes of {what}")
        return prm

    def _assign(self, key: str, formula: str) -> None:
        rule = self.m.createAssignmentRule()
        _ok(rule.setVariable(self.ids[key]), f"rule of {key}")
        _ok(rule.setMath(_math(formula, key)), f"math of {key}")

    def _header(self) -> None:
        model, scenario, m = self.model, self.scenario, self.m
        pset = model.parameter_set
        mid = "".join(c if c.isalnum() or c == "_" else "_" for c in f"osteoimmune_{scenario.name}")
        _ok(m.setId(mid), "model id")
        _ok(m.setName(f"osteoimmune {scenario.name} ({pset.name})"), "model name")
        _ok(m.setTimeUnits(self.units.time()), "model time units")
        bib = bibliography()
        refs = []
        for key in model.references():
            entry = bib.get(key) or {}
            cite = str(entry.get("citation", "(not in the bibliography)"))
            doi = str(entry.get("doi", ""))
            refs.append(f"[{key}] {cite}" + (f" doi:{doi}" if doi else ""))
        events = [f"t = {e.time:g} days: {e.label}" for e in self.init.events]
        paragraphs = [
            f"Exported by osteoimmune {__version__} from the declarations of the composed model "
            f"(modules: {', '.join(mod.name for mod in model.modules)}).",
            f"Parameter set: {pset.name} (species {pset.species}); parameter set hash "
            f"{pset.digest}; model hash {model.digest}.",
            f"Scenario: {scenario.name}; species {scenario.species}; genotype "
            f"{', '.join(scenario.genotype) or 'wild type'}; parameter overrides "
            f"{dict(scenario.parameters) or 'none'}; duration {scenario.duration_days:g} days.",
            "Events: " + ("; ".join(events) if events else "none") + ".",
            "Values are in canonical units: picomole, litre, day, nanogram (percent and cells "
            "are dimensionless); the notes of each parameter give its declared unit and the "
            "factor from it to the canonical value. States are parameters driven by rate rules "
            "and start from the scenario's state at t = 0; expressions and observables are "
            "assignment rules.",
            f"Parameter set: {pset.description}",
            "References:",
            *refs,
        ]
        _ok(m.setNotes(_notes(paragraphs)), "model notes")

    def _states(self) -> None:
        for i, s in enumerate(self.model.states):
            fac = canonical_factor(s.unit)
            held = " (a neutral state: held at its reference value)" if s.neutral else ""
            self._parameter(
                s.name,
                self.init.y0[i],
                self.units.id_for(s.unit),
                [
                    f"State: {s.description}.",
                    f"Declared unit: {s.unit or 'dimensionless'}; canonical value = declared "
                    f"value * {fac!r}.",
                    f"Initial value: the scenario's state at t = 0{held}.",
                ],
            )

    def _parameters(self) -> None:
        for i, p in enumerate(self.model.parameters):
            fac = canonical_factor(p.unit)
            self._parameter(
                p.name,
                self.init.p0[i],
                self.units.id_for(p.unit),
                [
                    f"Parameter: {p.description}.",
                    f"Declared unit: {p.unit or 'dimensionless'}; canonical value = declared "
                    f"value * {fac!r}; declared value in this scenario {self.init.p0[i] / fac!r}.",
                    f"Source: {p.source}; plausible range {p.bounds[0]:g} to {p.bounds[1]:g} "
                    f"{p.unit}.",
                ],
            )

    def _expressions(self) -> None:
        for e in self.model.expressions:  # topological order
            self._parameter(
                e.name,
                None,
                self.units.id_for(e.unit),
                [
                    f"Expression: {e.description}.",
                    f"Declared: {e.name} = {e.expr} [{e.unit or 'dimensionless'}]; computed in "
                    "canonical units.",
                ],
            )
            self._assign(e.name, self.printer(self.model.parsed[e.name]))

    def _observables(self) -> None:
        if not self.model.observables:
            return
        cm, init, units = self.cm, self.init, self.units
        # pct_change is relative to t = 0 (after the events at t = 0), as simulate reports it
        # for output times that start at 0; rel is a fold of the healthy wild-type equilibrium
        y, p = init.y0.copy(), init.p0.copy()
        for ev in init.events:
            if ev.time <= 0:
                y, p = apply_event(ev, y, p)
        at0 = cm.evaluate(np.zeros(1), y[None, :], p)
        ref = cm.evaluate(np.zeros(1), init.y_reference[None, :], init.p_reference)
        for o in self.model.observables:
            key = f"observable:{o.name}"
            tree = self.printer(self.model.parsed[key])
            notes = [
                f"Observable ({o.kind}): {o.description}.",
                f"Declared: {o.expr} [{o.unit or 'dimensionless'}].",
            ]
            if o.kind == "pct_change":
                base = float(at0[key][0])
                unit_id = units.percent()
                den = _number(base, units.id_for(o.unit))
                formula = f"{_number(100.0, unit_id)} * ({tree} / {den} - 1 dimensionless)"
                notes.append(f"Percent change from the value at t = 0 ({base!r}, canonical).")
            elif o.kind == "rel":
                base = float(ref[key][0])
                unit_id = "dimensionless"
                formula = f"{tree} / {_number(base, units.id_for(o.unit))}"
                notes.append(
                    f"Fold of the healthy equilibrium of the wild-type parameters ({base!r}, "
                    "canonical)."
                )
            else:
                unit_id = units.id_for(o.unit)
                formula = tree
                notes.append("Value in canonical units.")
            self._parameter(key, None, unit_id, notes)
            self._assign(key, formula)

    def _rate_rules(self) -> None:
        model = self.model
        for s, d in zip(model.states, model.derivative_exprs(), strict=True):
            procs = [p.name for p in model.processes if any(st == s.name for st, _ in p.changes)]
            if procs:
                formula = self.printer(d)
                note = f"d{s.name}/dt: the sum of coefficient * rate of {', '.join(procs)}."
            else:
                formula = "0 " + self.units.id_for(f"({s.unit or 'dimensionless'})/day")
                note = f"{s.name} is changed by no process."
            rule = self.m.createRateRule()
            _ok(rule.setVariable(self.ids[s.name]), f"rate rule of {s.name}")
            _ok(rule.setMath(_math(formula, f"rate of {s.name}")), f"rate of {s.name}")
            _ok(rule.setNotes(_notes([note])), f"notes of the rate of {s.name}")

    def _events(self) -> None:
        model, ids, units = self.model, self.ids, self.units
        for k, (t_ev, sets, affine, labels) in enumerate(_merged_events(self.init.events)):
            what = f"event at t = {t_ev:g} ({'; '.join(labels)})"
            ev = self.m.createEvent()
            _ok(ev.setId(f"event_{k}"), what)
            _ok(ev.setName("; ".join(labels)), what)
            _ok(ev.setUseValuesFromTriggerTime(True), what)
            trig = ev.createTrigger()
            _ok(trig.setInitialValue(False), what)  # true at t = 0 fires at the start
            _ok(trig.setPersistent(True), what)
            _ok(trig.setMath(_math(f"time >= {_number(t_ev, units.time())}", what)), what)
            for i, v in sorted(sets.items()):
                p = model.parameters[i]
                ea = ev.createEventAssignment()
                _ok(ea.setVariable(ids[p.name]), what)
                _ok(ea.setMath(_math(_number(v, units.id_for(p.unit)), what)), what)
            for i, (a, b) in sorted(affine.items()):
                s = model.states[i]
                ea = ev.createEventAssignment()
                _ok(ea.setVariable(ids[s.name]), what)
                formula = f"{ids[s.name]} * {_number(a)} + {_number(b, units.id_for(s.unit))}"
                _ok(ea.setMath(_math(formula, what)), what)
            _ok(ev.setNotes(_notes([f"At t = {t_ev:g} days: {'; '.join(labels)}."])), what)


def validate_sbml(text: str) -> tuple[list[str], list[str]]:
    """Read ``text`` with libSBML and run every consistency check (units included).

    Returns
    -------
    (errors, warnings)
        Messages of severity error or fatal, and of severity warning.
    """
    doc = libsbml.readSBMLFromString(text)
    doc.checkConsistency()
    errors: list[str] = []
    warnings: list[str] = []
    for k in range(doc.getNumErrors()):
        err = doc.getError(k)
        msg = f"[{err.getErrorId()}] line {err.getLine()}: {err.getMessage().strip()}"
        if err.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            errors.append(msg)
        elif err.getSeverity() == libsbml.LIBSBML_SEV_WARNING:
            warnings.append(msg)
    return errors, warnings


def to_sbml(scenario: Scenario | Simulation | str | PathLike[str]) -> str:
    """The composed model of ``scenario`` as an SBML Level 3 Version 2 document.

    The document starts from the scenario's state at t = 0 and carries its events at t >= 0;
    simulating it reproduces :func:`osteoimmune.simulate` (values in canonical units).

    Parameters
    ----------
    scenario
        A :class:`~osteoimmune.solve.Simulation` (its start and events are exported), or what
        one is made from: a scenario, the name of a built-in scenario or a scenario file's path.

    Raises
    ------
    InputError
        If ``scenario`` names no built-in scenario or no readable, valid scenario file.
    ModelError
        If a declaration has no SBML counterpart or the document fails libSBML's consistency
        checks.
    SolverError
        If the steady state at t = 0 cannot be found.
    """
    sim = scenario if isinstance(scenario, Simulation) else Simulation(scenario)
    doc = _Builder(sim).build()
    text = libsbml.writeSBMLToString(doc)
    if not text:
        raise ModelError("SBML export: libSBML could not write the document")
    errors, _warnings = validate_sbml(text)
    if errors:
        raise ModelError(
            f"SBML export of scenario {sim.scenario.name!r} fails libSBML's consistency checks: "
            + " | ".join(errors[:5])
        )
    return str(text)


def export_sbml(scenario: Scenario | Simulation | str | PathLike[str], path: str | Path) -> None:
    """Write :func:`to_sbml` of ``scenario`` to ``path`` (UTF-8)."""
    Path(path).write_text(to_sbml(scenario), encoding="utf-8")
