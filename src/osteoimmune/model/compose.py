"""Compose modules and a parameter set into a checked :class:`Model`.

Composition parses every expression once (SymPy), checks that every symbol is declared, that no
name is declared twice, that expression graphs have no cycles, and that units agree: each
expression's unit follows from its symbols' units (pint), each process rate has the unit of the
states it changes per unit time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from osteoimmune.cachedir import cache_file, read_text, write_atomic
from osteoimmune.errors import ModelError
from osteoimmune.model.declarations import (
    CellGroup,
    Condition,
    Culture,
    Expression,
    Genotype,
    Input,
    MediumComponent,
    Module,
    Observable,
    Parameter,
    Process,
    State,
    Treatment,
)
from osteoimmune.model.parameters import ParameterSet, load_parameter_set
from osteoimmune.units import Quantity, parse_unit, ureg

if TYPE_CHECKING:
    import pint
    import sympy as sp

#: Version of the composition checks; part of the key of their on-disk certificates.
_CHECKS = 1


@cache
def _time() -> sp.Symbol:
    import sympy as sp

    return sp.Symbol("t")


def __getattr__(name: str) -> Any:
    # SymPy is imported on first use, not with the module: a model whose code is cached runs
    # without it
    if name == "TIME":
        return _time()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _funcs() -> dict[str, Any]:
    import sympy as sp

    return {
        "exp": sp.exp,
        "log": sp.log,
        "sqrt": sp.sqrt,
        "Max": sp.Max,
        "Min": sp.Min,
        "Abs": sp.Abs,
        "tanh": sp.tanh,
    }


def _parse(text: str, where: str, known: Mapping[str, sp.Symbol]) -> sp.Expr:
    import sympy as sp

    try:
        expr = sp.sympify(text, locals={**known, **_funcs(), "t": _time()}, rational=False)
    except (sp.SympifyError, SyntaxError, TypeError) as exc:
        raise ModelError(f"{where}: cannot parse {text!r}: {exc}") from exc
    unknown = {s.name for s in expr.free_symbols} - set(known) - {"t"}
    if unknown:
        raise ModelError(f"{where}: unknown symbol(s) {sorted(unknown)} in {text!r}")
    return sp.sympify(expr)


def _unit_of(expr: sp.Basic, env: Mapping[sp.Symbol, pint.Quantity], where: str) -> pint.Quantity:
    """Propagate pint units through a SymPy tree; raise ModelError on a mismatch."""
    import sympy as sp

    if isinstance(expr, sp.Symbol):
        return env[expr]
    if expr.is_Number:
        return Quantity(float(expr), "dimensionless")
    if isinstance(expr, sp.Add | sp.Max | sp.Min):
        parts = [_unit_of(a, env, where) for a in expr.args]
        dim = parts[0].dimensionality
        for q in parts[1:]:
            if q.dimensionality != dim:
                raise ModelError(
                    f"{where}: adds or compares {parts[0].units:~} with {q.units:~} in {expr}"
                )
        return Quantity(1.0, parts[0].units)
    if isinstance(expr, sp.Mul):
        out = Quantity(1.0, "dimensionless")
        for a in expr.args:
            out = out * _unit_of(a, env, where)
        return Quantity(1.0, out.units)
    if isinstance(expr, sp.Pow):
        base = _unit_of(expr.args[0], env, where)
        exponent = expr.args[1]
        if exponent.is_Number:
            return Quantity(1.0, (base ** float(exponent)).units)
        if not base.dimensionless or not _unit_of(exponent, env, where).dimensionless:
            raise ModelError(
                f"{where}: a symbolic exponent needs dimensionless base and power: {expr}"
            )
        return Quantity(1.0, "dimensionless")
    if isinstance(expr, sp.Abs):
        return _unit_of(expr.args[0], env, where)
    if isinstance(expr, sp.Function):
        for a in expr.args:
            if not _unit_of(a, env, where).dimensionless:
                raise ModelError(f"{where}: {expr.func} needs a dimensionless argument in {expr}")
        return Quantity(1.0, "dimensionless")
    raise ModelError(f"{where}: unsupported construct {expr!r}")


@dataclass(frozen=True, eq=False)
class Model:
    """A composed, unit-checked model: what the compiler turns into numerical functions.

    Build one with :func:`compose`. The model is immutable; variants (a genotype, an override) are
    expressed as parameter vectors, not as new models.
    """

    parameter_set: ParameterSet
    modules: tuple[Module, ...]
    states: tuple[State, ...]
    parameters: tuple[Parameter, ...]
    expressions: tuple[Expression, ...]
    processes: tuple[Process, ...]
    observables: tuple[Observable, ...]
    inputs: Mapping[str, Input]
    genotypes: Mapping[str, Genotype]
    conditions: Mapping[str, Condition]
    treatments: Mapping[str, Treatment]
    cell_groups: Mapping[str, CellGroup]
    symbols: Mapping[str, sp.Symbol]
    parsed: Mapping[str, sp.Expr]
    medium: Mapping[str, MediumComponent] = field(default_factory=lambda: MappingProxyType({}))
    cultures: Mapping[str, Culture] = field(default_factory=lambda: MappingProxyType({}))
    in_vitro: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def digest(self) -> str:
        """Hash of the declarations and parameter values: the cache key of compiled code.

        It includes the order of the parameters, which is the layout of the parameter vector the
        compiled code indexes (the parameter set's own digest does not depend on order)."""
        blob = json.dumps(
            [
                self.parameter_set.digest,
                [p.name for p in self.parameters],
                [(s.name, s.unit) for s in self.states],
                [(e.name, e.expr, e.unit) for e in self.expressions],
                [(p.name, p.rate, p.changes) for p in self.processes],
                [(o.name, o.expr, o.unit, o.kind) for o in self.observables],
            ]
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def references(self) -> tuple[str, ...]:
        """Every reference key behind the parameters, processes, conditions, treatments,
        genotypes and cultures of this model (the library; a run cites its part of it, see
        :meth:`references_of`)."""
        keys = set(self.parameter_set.references())
        items: tuple[Process | Condition | Treatment | Genotype | Culture, ...] = (
            *self.processes,
            *self.conditions.values(),
            *self.treatments.values(),
            *self.genotypes.values(),
            *self.cultures.values(),
        )
        for item in items:
            keys.update(item.evidence)
        return tuple(sorted(keys))

    def references_of(
        self,
        processes: Iterable[str],
        *,
        conditions: Iterable[str] = (),
        treatments: Iterable[str] = (),
        genotypes: Iterable[str] = (),
        cultures: Iterable[str] = (),
        zeros: Iterable[str] = (),
    ) -> tuple[str, ...]:
        """The reference keys behind part of the model: the evidence of ``processes`` and the
        sources of the parameters their rates read (through any expression), the sources of
        the parameters of every observable (all are reported), and the evidence of the named
        conditions, treatments, genotypes and cultures. Terms that vanish while the states or
        parameters ``zeros`` are zero read nothing (a drug's affinity is not cited in a run
        without the drug). A run cites what it used this way
        (:attr:`~osteoimmune.solve.result.SimulationResult.references`).

        Raises
        ------
        KeyError
            For a name the model does not declare.
        """
        reads = _parameters_read(self, frozenset(zeros))
        names: set[str] = set(reads["observables"])
        keys: set[str] = set()
        by_name = {p.name: p for p in self.processes}
        for name in processes:
            keys.update(by_name[name].evidence)
            names.update(reads[f"process:{name}"])
        for c in conditions:
            keys.update(self.conditions[c].evidence)
            names.update(n for n, _ in self.conditions[c].sets)
        for t in treatments:
            keys.update(self.treatments[t].evidence)
        for g in genotypes:
            keys.update(self.genotypes[g].evidence)
        for c in cultures:
            keys.update(self.cultures[c].evidence)
        keys.update(self.parameter_set.references(names))
        return tuple(sorted(keys))

    def derivative_exprs(self) -> list[sp.Expr]:
        """d(state)/dt for each state as SymPy expressions in states, parameters and expression
        symbols (expressions not substituted)."""
        import sympy as sp

        out: list[sp.Expr] = [sp.Integer(0) for _ in self.states]
        index = {s.name: i for i, s in enumerate(self.states)}
        for proc in self.processes:
            rate = self.parsed[f"process:{proc.name}"]
            for state, coeff in proc.changes:
                out[index[state]] += sp.Float(coeff) * rate if coeff != 1 else rate
        return out


@lru_cache(maxsize=64)
def _parameters_read(
    model: Model, zeros: frozenset[str] = frozenset()
) -> Mapping[str, frozenset[str]]:
    """For each process (``process:NAME``), and for all observables together
    (``observables``), the parameters its expression reads, directly or through expressions,
    in the terms that do not vanish when the symbols ``zeros`` (states or parameters that are
    zero throughout a run: a drug never given, a condition's switch) are zero.

    A term vanishes structurally: a product with a vanishing factor, a positive power of a
    vanishing base, a sum of vanishing terms, an expression that vanishes. So a receptor
    occupancy ``1 / (1 + TCZ / Kd_TCZ)`` reads no parameter while tocilizumab ``TCZ`` is zero.
    """

    parameters = set(model.parameter_names)
    expressions = {e.name for e in model.expressions}
    named: dict[str, tuple[bool, frozenset[str]]] = {}
    memo: dict[sp.Expr, tuple[bool, frozenset[str]]] = {}

    def expression(name: str) -> tuple[bool, frozenset[str]]:
        if name not in named:
            named[name] = (False, frozenset())  # a guard; expressions are acyclic
            named[name] = live(model.parsed[name])
        return named[name]

    def live(e: sp.Expr) -> tuple[bool, frozenset[str]]:
        """(vanishes, parameters read by the terms that do not)."""
        if e in memo:
            return memo[e]
        if e.is_Symbol:
            name = e.name
            if name in zeros:
                out = (True, frozenset[str]())
            elif name in expressions:
                out = expression(name)
            else:
                out = (False, frozenset({name} & parameters))
        elif e.is_Number:
            out = (bool(e == 0), frozenset())
        elif e.is_Mul:
            parts = [live(a) for a in e.args]
            out = (
                (True, frozenset())
                if any(z for z, _ in parts)
                else (False, frozenset().union(*(r for _, r in parts)))
            )
        elif e.is_Add:
            parts = [live(a) for a in e.args]
            kept = [r for z, r in parts if not z]
            out = (not kept, frozenset().union(*kept))
        elif e.is_Pow:
            (zb, rb), (_, re_) = live(e.base), live(e.exp)
            out = (True, frozenset()) if zb and e.exp.is_positive else (False, rb | re_)
        else:  # functions (exp, Max, Min, Piecewise...): what their arguments read
            parts = [live(a) for a in e.args]
            out = (False, frozenset().union(*(r for _, r in parts)))
        memo[e] = out
        return out

    table = {
        f"process:{p.name}": live(model.parsed[f"process:{p.name}"])[1] for p in model.processes
    }
    table["observables"] = frozenset().union(
        *(live(model.parsed[f"observable:{o.name}"])[1] for o in model.observables)
    )
    return MappingProxyType(table)


def _collect_unique(kind: str, items: list[Any]) -> None:
    seen: dict[str, Any] = {}
    for item in items:
        if item.name in seen:
            raise ModelError(f"{kind} {item.name!r} is declared twice")
        seen[item.name] = item


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


def _merged_cell_groups(groups: Iterable[CellGroup]) -> dict[str, CellGroup]:
    """Cell groups by name; a module that declares further states of a cell type (the
    mononuclear stage of osteoclasts, say) extends the group another module declared."""
    merged: dict[str, CellGroup] = {}
    for cg in groups:
        first = merged.get(cg.name)
        if first is None:
            merged[cg.name] = cg
            continue
        merged[cg.name] = replace(
            first,
            states=_union(first.states, cg.states),
            intrinsic=_union(first.intrinsic, cg.intrinsic),
            evidence=_union(first.evidence, cg.evidence),
        )
    return merged


def _symbolic(
    pset: ParameterSet,
    states: list[State],
    exprs: list[Expression],
    procs: list[Process],
    obs: list[Observable],
) -> tuple[list[Expression], dict[str, sp.Expr], dict[str, sp.Symbol]]:
    """Parse every expression, rate and observable; order the expressions by dependency
    (refusing cycles) and check every unit. Returns (order, parsed trees, symbols)."""
    import sympy as sp

    params = list(pset.parameters.values())
    symbols: dict[str, sp.Symbol] = {
        n: sp.Symbol(n, real=True)
        for n in [s.name for s in states] + [e.name for e in exprs] + list(pset.parameters)
    }
    env: dict[sp.Symbol, pint.Quantity] = {}
    for s in states:
        env[symbols[s.name]] = Quantity(1.0, parse_unit(s.unit))
    for p in params:
        env[symbols[p.name]] = Quantity(1.0, parse_unit(p.unit))
    env[_time()] = Quantity(1.0, ureg.day)

    parsed: dict[str, sp.Expr] = {}
    for e in exprs:
        parsed[e.name] = _parse(e.expr, f"expression {e.name}", symbols)
    # expressions in dependency order, checking for cycles
    order: list[Expression] = []
    by_name = {e.name: e for e in exprs}
    state_of: dict[str, int] = {}

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if state_of.get(name) == 2:
            return
        if state_of.get(name) == 1:
            raise ModelError(f"expressions form a cycle: {' -> '.join((*stack, name))}")
        state_of[name] = 1
        for sym in sorted(parsed[name].free_symbols, key=lambda s: s.name):
            if sym.name in by_name:
                visit(sym.name, (*stack, name))
        state_of[name] = 2
        order.append(by_name[name])

    for e in exprs:
        visit(e.name, ())
    for e in order:
        q = _unit_of(parsed[e.name], env, f"expression {e.name}")
        declared = parse_unit(e.unit)
        if q.dimensionality != declared.dimensionality:
            raise ModelError(
                f"expression {e.name}: its symbols give units of {q.units:~}, declared {e.unit!r}"
            )
        env[symbols[e.name]] = Quantity(1.0, declared)

    state_units = {s.name: parse_unit(s.unit) for s in states}
    for proc in procs:
        key = f"process:{proc.name}"
        parsed[key] = _parse(proc.rate, f"process {proc.name}", symbols)
        q = _unit_of(parsed[key], env, f"process {proc.name}")
        if q.dimensionality != parse_unit(proc.unit).dimensionality:
            raise ModelError(
                f"process {proc.name}: rate has units of {q.units:~}, declared {proc.unit!r}"
            )
        for state, _coeff in proc.changes:
            if state not in state_units:
                raise ModelError(f"process {proc.name} changes undeclared state {state!r}")
            want = (Quantity(1.0, state_units[state]) / Quantity(1.0, ureg.day)).dimensionality
            if q.dimensionality != want:
                raise ModelError(
                    f"process {proc.name}: rate in {q.units:~} cannot change state {state} "
                    f"({state_units[state]:~}) per day"
                )
    for o in obs:
        key = f"observable:{o.name}"
        parsed[key] = _parse(o.expr, f"observable {o.name}", symbols)
        q = _unit_of(parsed[key], env, f"observable {o.name}")
        if q.dimensionality != parse_unit(o.unit).dimensionality:
            raise ModelError(f"observable {o.name}: expression in {q.units:~}, declared {o.unit!r}")

    return order, parsed, symbols


class _LazySymbols(Mapping[str, Any]):
    """SymPy symbols by name, made on first access (SymPy is not imported until then)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(dict.fromkeys(names))
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            import sympy as sp

            self._made[name] = sp.Symbol(name, real=True)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _LazyParsed(Mapping[str, Any]):
    """Parsed trees by key, parsed on first access: the checks they passed are certified."""

    def __init__(self, sources: Mapping[str, tuple[str, str]], symbols: Mapping[str, Any]) -> None:
        self._sources = dict(sources)
        self._symbols = symbols
        self._parsed: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._parsed:
            text, where = self._sources[key]
            self._parsed[key] = _parse(text, where, self._symbols)
        return self._parsed[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def _certificate(
    pset: ParameterSet,
    states: list[State],
    exprs: list[Expression],
    procs: list[Process],
    obs: list[Observable],
) -> Path | None:
    """Where the record of the symbolic checks of these declarations is kept (or None)."""
    from osteoimmune._version import __version__

    blob = json.dumps(
        [
            __version__,
            _CHECKS,
            pset.digest,
            [(x.name, x.unit) for x in states],
            [(x.name, x.expr, x.unit) for x in exprs],
            [(x.name, x.rate, x.unit, x.changes) for x in procs],
            [(x.name, x.expr, x.unit, x.kind) for x in obs],
        ]
    )
    return cache_file("checked", blob, ".json")


def _read_certificate(path: Path | None) -> dict[str, Any] | None:
    text = read_text(path)
    if text is None:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and {"order", "used"} <= set(doc) else None


def _write_certificate(path: Path | None, doc: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(doc))


def _check_concentration(
    what: str, name: str, unit_text: str, molar_mass: str, pset: ParameterSet
) -> None:
    """``name`` (in ``unit_text``) is a molar concentration with a ``molar_mass`` parameter in
    g/mol, or a mass concentration without one: the two ways the package turns one into the
    other (a culture medium's dose, a drug's serum level)."""
    if molar_mass and molar_mass not in pset.parameters:
        raise ModelError(f"{what}: parameter {molar_mass} is not in set {pset.name}")
    unit = parse_unit(unit_text)
    molar = unit.dimensionality == parse_unit("pM").dimensionality
    mass = unit.dimensionality == parse_unit("pg/mL").dimensionality
    if not (molar or mass) or molar != bool(molar_mass):
        raise ModelError(
            f"{what}: {name} is in {unit:~}; it must be molar (with a molar_mass) or a mass "
            "concentration (without)"
        )
    if molar_mass and (
        parse_unit(pset.parameters[molar_mass].unit).dimensionality
        != parse_unit("g/mol").dimensionality
    ):
        raise ModelError(f"{what}: {molar_mass} is not in g/mol")


def _check_serum(tr: Treatment, units: Mapping[str, str], pset: ParameterSet) -> None:
    """A treatment's serum level is a declared state or expression, molar with a molar mass
    in g/mol or a mass concentration without one."""
    if not tr.serum:
        return
    if tr.serum not in units:
        raise ModelError(
            f"treatment {tr.name}: serum level {tr.serum} is not a state or expression"
        )
    _check_concentration(f"treatment {tr.name}", tr.serum, units[tr.serum], tr.molar_mass, pset)


def compose(parameter_set: ParameterSet | str) -> Model:
    """Compose the modules named by a parameter set into a checked :class:`Model`.

    Parameters
    ----------
    parameter_set
        A :class:`ParameterSet` or the name of a shipped one.

    Raises
    ------
    ModelError
        On an undeclared or doubly declared name, a unit mismatch or a cycle.
    """
    pset = load_parameter_set(parameter_set) if isinstance(parameter_set, str) else parameter_set
    return _compose(pset)


@cache
def _compose(pset: ParameterSet) -> Model:
    from osteoimmune.model.registry import get_module

    modules = tuple(get_module(m) for m in pset.modules)
    names = {m.name for m in modules}
    for m in modules:
        missing = [r for r in m.requires if r not in names]
        if missing:
            raise ModelError(
                f"module {m.name} needs module(s) {missing}; add them to the parameter set"
            )
    states = [s for m in modules for s in m.states]
    exprs = [e for m in modules for e in m.expressions]
    procs = [p for m in modules for p in m.processes]
    obs = [o for m in modules for o in m.observables]
    _collect_unique("state", states)
    _collect_unique("expression", exprs)
    _collect_unique("process", procs)
    _collect_unique("observable", obs)
    params = list(pset.parameters.values())
    clash = {s.name for s in states} & ({e.name for e in exprs} | set(pset.parameters))
    clash |= {e.name for e in exprs} & set(pset.parameters)
    if clash:
        raise ModelError(f"name(s) {sorted(clash)} declared both as state/expression/parameter")

    certificate = _certificate(pset, states, exprs, procs, obs)
    known = _read_certificate(certificate)
    if known is not None and set(known["order"]) == {e.name for e in exprs}:
        # these exact declarations passed the symbolic checks before: parse lazily
        by_name = {e.name: e for e in exprs}
        order = [by_name[n] for n in known["order"]]
        symbols: Mapping[str, Any] = _LazySymbols(
            [s.name for s in states] + [e.name for e in exprs] + list(pset.parameters)
        )
        sources = {e.name: (e.expr, f"expression {e.name}") for e in exprs}
        sources.update({f"process:{x.name}": (x.rate, f"process {x.name}") for x in procs})
        sources.update({f"observable:{x.name}": (x.expr, f"observable {x.name}") for x in obs})
        parsed: Mapping[str, Any] = _LazyParsed(sources, symbols)
        used_names = set(known["used"])
    else:
        order, parsed, symbols = _symbolic(pset, states, exprs, procs, obs)
        used_names = {x.name for tree in parsed.values() for x in tree.free_symbols}

    inputs = {i.target: i for m in modules for i in m.inputs}
    genotypes: dict[str, Genotype] = {}
    for m in modules:  # a genotype declared by several modules removes its product everywhere
        for g in m.genotypes:
            if g.name in genotypes:
                old = genotypes[g.name]
                g = Genotype(
                    g.name,
                    old.description,
                    old.scale + g.scale,
                    tuple(dict.fromkeys(old.evidence + g.evidence)),
                    tuple(dict.fromkeys(old.lacks + g.lacks)),
                )
            genotypes[g.name] = g
    conditions = {c.name: c for m in modules for c in m.conditions}
    for i in inputs.values():
        if i.parameter not in pset.parameters:
            raise ModelError(f"input {i.target}: parameter {i.parameter} is not in set {pset.name}")
    for g in genotypes.values():
        for pname, _ in g.scale:
            if pname not in pset.parameters:
                raise ModelError(f"genotype {g.name}: parameter {pname} is not in set {pset.name}")
    for c in conditions.values():
        for pname, _ in c.sets:
            if pname not in pset.parameters:
                raise ModelError(f"condition {c.name}: parameter {pname} is not in set {pset.name}")
    treatments = {tr.name: tr for m in modules for tr in m.treatments}
    cell_groups = _merged_cell_groups(cg for m in modules for cg in m.cell_groups)
    state_names = {s.name for s in states}
    for tr in treatments.values():
        route_params = (p for r in tr.routes for p in (r.bioavailability, r.rate))
        for pname in (tr.dose_to_state, tr.body_weight, *route_params):
            if pname and pname not in pset.parameters:
                raise ModelError(
                    f"treatment {tr.name}: parameter {pname} is not in set {pset.name}"
                )
        for r in tr.routes:
            if r.state not in state_names:
                raise ModelError(
                    f"treatment {tr.name}: route {r.name} doses undeclared state {r.state}"
                )
        _check_serum(
            tr, {**{e.name: e.unit for e in exprs}, **{s.name: s.unit for s in states}}, pset
        )
    for cg in cell_groups.values():
        for sname in cg.states:
            if sname not in state_names:
                raise ModelError(f"cell group {cg.name}: undeclared state {sname}")
        for pname in cg.intrinsic:
            if pname not in pset.parameters:
                raise ModelError(
                    f"cell group {cg.name}: parameter {pname} is not in set {pset.name}"
                )
    for g in genotypes.values():
        for gname in g.lacks:
            if gname not in cell_groups:
                raise ModelError(f"genotype {g.name}: lacks unknown cell group {gname}")
    medium = {c.name: c for m in modules for c in m.medium}
    cultures = {c.name: c for m in modules for c in m.cultures}
    in_vitro = {pname: value for m in modules for pname, value in m.in_vitro}
    for comp in medium.values():
        if comp.parameter not in pset.parameters:
            raise ModelError(
                f"medium component {comp.name}: parameter {comp.parameter} is not in set "
                f"{pset.name}"
            )
        _check_concentration(
            f"medium component {comp.name}",
            comp.parameter,
            pset.parameters[comp.parameter].unit,
            comp.molar_mass,
            pset,
        )
    culture_params: set[str] = set()
    for cu in cultures.values():
        for gname, pnames in cu.cells:
            if gname not in cell_groups:
                raise ModelError(f"culture {cu.name}: seeds unknown cell group {gname}")
            for pname in pnames:
                if pname not in pset.parameters:
                    raise ModelError(
                        f"culture {cu.name}: parameter {pname} is not in set {pset.name}"
                    )
                culture_params.add(pname)
    for pname in in_vitro:
        if pname not in pset.parameters:
            raise ModelError(f"in vitro value of {pname}: not a parameter of set {pset.name}")
    dosing = {
        pname
        for tr in treatments.values()
        for pname in (
            tr.dose_to_state,
            tr.body_weight,
            *(r.bioavailability for r in tr.routes),
            *(r.rate for r in tr.routes),
            tr.molar_mass,
        )
        if pname
    }
    unused = (
        set(pset.parameters)
        - used_names
        - {i.parameter for i in inputs.values()}
        - dosing
        - {c.molar_mass for c in medium.values()}
        - culture_params
    )
    if unused:
        raise ModelError(
            f"parameter set {pset.name}: parameter(s) {sorted(unused)} are used by no module"
        )

    if known is None:
        _write_certificate(
            certificate, {"order": [e.name for e in order], "used": sorted(used_names)}
        )
    return Model(
        parameter_set=pset,
        modules=modules,
        states=tuple(states),
        parameters=tuple(params),
        expressions=tuple(order),
        processes=tuple(procs),
        observables=tuple(obs),
        inputs=MappingProxyType(inputs),
        genotypes=MappingProxyType(genotypes),
        conditions=MappingProxyType(conditions),
        treatments=MappingProxyType(treatments),
        cell_groups=MappingProxyType(cell_groups),
        symbols=symbols if isinstance(symbols, _LazySymbols) else MappingProxyType(symbols),
        parsed=parsed if isinstance(parsed, _LazyParsed) else MappingProxyType(parsed),
        medium=MappingProxyType(medium),
        cultures=MappingProxyType(cultures),
        in_vitro=MappingProxyType(in_vitro),
    )
