"""The readout language of experiment specs: a small, safe expression evaluator.

A readout is an expression over the arms an experiment simulated. It is parsed with Python's
:mod:`ast` and evaluated by walking the tree; only the nodes below are accepted, so nothing a spec
says is executed as code.

``arm.name``
    The time course of an observable, state or expression of arm ``arm`` (a :class:`Series`; for a
    population arm, one row per subject).
``arm.name@t``
    Its value at time ``t`` (linear interpolation). ``t`` is a number of days, ``start``, ``end``
    or a constant of the spec; for a computed time use ``at(arm.name, t)``. ``@`` binds tighter
    than any operator (it is read as ``at(arm.name, t)`` before parsing), so
    ``a.x / b.y@end`` divides two values.
numbers, readout names, constants, ``+ - * / **``, unary ``-``, comparisons, ``and``/``or``/``not``
    Plain arithmetic on floats, arrays and series (series of one arm combine element-wise).
functions
    The vocabulary in :data:`FUNCTIONS`: ``change(a, b)`` (percent change of a from b),
    ``ratio(a, b)``, ``peak(s, t0, t1)``, ``trough``, ``time_of_peak``, ``slope(s, t0, t1)`` (per
    year), ``mean(s, t0, t1)``, ``first_below(s, level)``, ``corr(x, y)`` (Pearson, across a
    population), ``at(s, t)``, ``param(species, name)``, ``measured(table, observable, time)``,
    ``abs``, ``min``, ``max``, ``sum``, and the functions of :mod:`.functions` (readouts that need
    code).
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from osteoimmune.errors import OsteoimmuneError
from osteoimmune.units import DAYS_PER_YEAR

#: Time constants every spec may use, in days.
TIME_CONSTANTS: dict[str, float] = {
    "day": 1.0,
    "days": 1.0,
    "week": 7.0,
    "weeks": 7.0,
    "month": DAYS_PER_YEAR / 12.0,
    "months": DAYS_PER_YEAR / 12.0,
    "year": DAYS_PER_YEAR,
    "years": DAYS_PER_YEAR,
    "start": 0.0,
}


class SpecError(OsteoimmuneError, ValueError):
    """An experiment spec is malformed: the message names the experiment, the field and the fix."""


@dataclass(frozen=True, eq=False)
class Series:
    """A time course: ``values`` along ``times`` (1-D), or one row per subject (2-D).

    Arithmetic with numbers or another series on the same times is element-wise.
    """

    times: np.ndarray
    values: np.ndarray

    def at(self, t: float) -> float | np.ndarray:
        if self.values.ndim == 1:
            return float(np.interp(t, self.times, self.values))
        return np.array([float(np.interp(t, self.times, row)) for row in self.values])

    def window(self, t0: float | None, t1: float | None) -> Series:
        lo = -math.inf if t0 is None else t0
        hi = math.inf if t1 is None else t1
        mask = (self.times >= lo) & (self.times <= hi)
        if not mask.any():
            raise SpecError(f"window [{t0}, {t1}] days holds no output time of this arm")
        return Series(self.times[mask], self.values[..., mask])

    @property
    def end(self) -> float:
        return float(self.times[-1])

    def _combine(self, other: Any, op: Callable[[Any, Any], Any]) -> Series:
        if isinstance(other, Series):
            if other.times.shape != self.times.shape or not np.array_equal(other.times, self.times):
                raise SpecError(
                    "series of different arms cannot be combined element-wise; take values at a "
                    "time first (arm.name@t)"
                )
            return Series(self.times, op(self.values, other.values))
        return Series(self.times, op(self.values, other))

    def __add__(self, o: Any) -> Series:
        return self._combine(o, operator.add)

    def __radd__(self, o: Any) -> Series:
        return Series(self.times, o + self.values)

    def __sub__(self, o: Any) -> Series:
        return self._combine(o, operator.sub)

    def __rsub__(self, o: Any) -> Series:
        return Series(self.times, o - self.values)

    def __mul__(self, o: Any) -> Series:
        return self._combine(o, operator.mul)

    def __rmul__(self, o: Any) -> Series:
        return Series(self.times, o * self.values)

    def __truediv__(self, o: Any) -> Series:
        return self._combine(o, operator.truediv)

    def __rtruediv__(self, o: Any) -> Series:
        return Series(self.times, o / self.values)

    def __pow__(self, o: Any) -> Series:
        return self._combine(o, operator.pow)

    def __neg__(self) -> Series:
        return Series(self.times, -self.values)

    def __abs__(self) -> Series:
        return Series(self.times, np.abs(self.values))


def _values(x: Any) -> Any:
    return x.values if isinstance(x, Series) else x


def _time(s: Series, t: Any) -> float:
    if t is None:
        return s.end
    return float(t)


def change(a: Any, b: Any) -> Any:
    """Percent change of ``a`` from ``b``: ``100 (a / b - 1)``."""
    return 100.0 * (a / b - 1.0)


def ratio(a: Any, b: Any) -> Any:
    """``a / b``."""
    return a / b


def at(s: Series, t: float) -> float | np.ndarray:
    """Value of ``s`` at ``t`` days (linear interpolation)."""
    if not isinstance(s, Series):
        raise SpecError("at(...) and '@' take a time course (arm.name) first")
    return s.at(float(t))


def at_end(s: Series) -> float | np.ndarray:
    """Value of ``s`` at its last output time."""
    if not isinstance(s, Series):
        raise SpecError("'@end' takes a time course (arm.name)")
    return s.at(s.end)


def peak(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Largest value of ``s`` within ``[t0, t1]`` days (the whole run by default)."""
    return np.max(s.window(t0, t1).values, axis=-1)


def trough(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Smallest value of ``s`` within ``[t0, t1]`` days."""
    return np.min(s.window(t0, t1).values, axis=-1)


def time_of_peak(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Output time (days) at which ``s`` is largest within ``[t0, t1]``."""
    w = s.window(t0, t1)
    return w.times[np.argmax(w.values, axis=-1)]


def time_of_trough(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Output time (days) at which ``s`` is smallest within ``[t0, t1]``."""
    w = s.window(t0, t1)
    return w.times[np.argmin(w.values, axis=-1)]


def slope(s: Series, t0: float, t1: float | None = None) -> Any:
    """Average rate of change between ``t0`` and ``t1`` days, per year."""
    t1f = _time(s, t1)
    return (s.at(t1f) - s.at(float(t0))) / ((t1f - float(t0)) / DAYS_PER_YEAR)


def mean(s: Series, t0: float | None = None, t1: float | None = None) -> Any:
    """Mean over the output times within ``[t0, t1]`` days."""
    return np.mean(s.window(t0, t1).values, axis=-1)


def _first(s: Series, hit: np.ndarray) -> Any:
    """First output time at which ``hit`` holds, per subject (infinity where never)."""
    hit = np.atleast_2d(hit)
    first = np.where(hit.any(axis=-1), s.times[np.argmax(hit, axis=-1)], math.inf)
    return float(first[0]) if np.ndim(s.values) == 1 else first


def first_below(s: Series, level: float) -> Any:
    """First output time (days) at which ``s`` is below ``level`` (infinity if never); for a
    population, one time per subject."""
    return _first(s, np.asarray(s.values) < level)


def first_above(s: Series, level: float) -> Any:
    """First output time (days) at which ``s`` is above ``level`` (infinity if never); for a
    population, one time per subject."""
    return _first(s, np.asarray(s.values) > level)


def corr(x: Any, y: Any) -> float:
    """Pearson correlation of two equal-length samples (e.g. across a population's subjects)."""
    xa, ya = np.asarray(_values(x), dtype=float), np.asarray(_values(y), dtype=float)
    if xa.ndim != 1 or xa.shape != ya.shape or xa.size < 3:
        raise SpecError("corr needs two samples of equal length >= 3 (values of a population arm)")
    return float(np.corrcoef(xa, ya)[0, 1])


def _reduce(fn: Callable[..., Any]) -> Callable[..., Any]:
    def reduced(*args: Any) -> Any:
        if len(args) == 1:
            return fn(_values(args[0]))
        return fn(np.asarray([_values(a) for a in args]))

    reduced.__name__ = fn.__name__
    return reduced


#: The readout vocabulary (more come from :mod:`.functions` and from the runner: ``param``,
#: ``measured``).
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "change": change,
    "ratio": ratio,
    "at": at,
    "at_end": at_end,
    "peak": peak,
    "trough": trough,
    "time_of_peak": time_of_peak,
    "time_of_trough": time_of_trough,
    "slope": slope,
    "mean": mean,
    "first_below": first_below,
    "first_above": first_above,
    "corr": corr,
    "abs": lambda x: abs(x) if not isinstance(x, np.ndarray) else np.abs(x),
    "min": _reduce(np.min),
    "max": _reduce(np.max),
    "sum": _reduce(np.sum),
    "all": lambda *a: bool(np.all([np.all(_values(x)) for x in a])),
}

_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_CMPOPS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
#: Longest expression accepted (a spec is hand-written; anything longer is a mistake or hostile).
MAX_LENGTH = 2000
#: Deepest nesting of the parsed tree accepted.
MAX_DEPTH = 60


def _depth(node: ast.AST, limit: int) -> int:
    """Depth of ``node``'s tree, counting no further than ``limit + 1`` (iterative)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            break
        stack.extend((c, d + 1) for c in ast.iter_child_nodes(n))
    return deepest


_AT = re.compile(
    r"(?<![\w.])([A-Za-z_]\w*\.[A-Za-z_]\w*)\s*@\s*"
    r"([A-Za-z_]\w*|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.])"
)


def _desugar(text: str) -> str:
    """``arm.name@t`` -> ``at(arm.name, t)`` (``@end`` -> ``at_end(arm.name)``), so that ``@``
    binds tighter than any operator: ``a.x / b.y@end`` divides two values."""

    def sub(m: re.Match[str]) -> str:
        ref, t = m.group(1), m.group(2)
        return f"at_end({ref})" if t == "end" else f"at({ref}, {t})"

    return _AT.sub(sub, text)


def parse(text: str) -> ast.Expression:
    """Parse a readout expression, refusing anything outside the language."""
    if not isinstance(text, str) or not text.strip():
        raise SpecError(f"expression {text!r}: expected a non-empty string")
    if len(text) > MAX_LENGTH:
        raise SpecError(f"expression of {len(text)} characters: at most {MAX_LENGTH}")
    try:
        tree = ast.parse(_desugar(text.strip()), mode="eval")
    except (SyntaxError, RecursionError, MemoryError) as exc:
        msg = exc.msg if isinstance(exc, SyntaxError) else "nested too deeply"
        raise SpecError(f"expression {text!r}: {msg}") from None
    if _depth(tree, MAX_DEPTH) > MAX_DEPTH:
        raise SpecError(f"expression {text[:40]!r}...: nested deeper than {MAX_DEPTH} levels")
    call_args = {id(a) for n in ast.walk(tree) if isinstance(n, ast.Call) for a in n.args}
    for node in ast.walk(tree):
        if isinstance(
            node,
            ast.Expression
            | ast.BinOp
            | ast.UnaryOp
            | ast.BoolOp
            | ast.Compare
            | ast.Call
            | ast.Name
            | ast.Attribute
            | ast.Constant
            | ast.Load
            | ast.operator
            | ast.unaryop
            | ast.boolop
            | ast.cmpop
            | ast.List
            | ast.Tuple,
        ):
            if isinstance(node, ast.Constant) and (
                isinstance(node.value, bool)
                or not isinstance(node.value, int | float | str)
                or (isinstance(node.value, str) and id(node) not in call_args)
            ):
                raise SpecError(
                    f"expression {text!r}: constant {node.value!r} not allowed (numbers, and "
                    "names of tables or parameters as arguments of a function)"
                )
            if isinstance(node, ast.Call) and (
                node.keywords or not isinstance(node.func, ast.Name)
            ):
                raise SpecError(f"expression {text!r}: call a vocabulary function by name")
            if isinstance(node, ast.Attribute) and not isinstance(node.value, ast.Name):
                raise SpecError(f"expression {text!r}: write arm.name (one dot)")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
                raise SpecError(
                    f"expression {text!r}: '@' joins arm.name and a time name or number of days "
                    "(arm.name@end, arm.name@30, arm.name@t1); use at(arm.name, time) for a "
                    "computed time"
                )
            continue
        raise SpecError(f"expression {text!r}: {type(node).__name__} is not part of the language")
    return tree


def names(tree: ast.Expression) -> tuple[set[str], set[str]]:
    """The arms (``arm.name``) and the plain names an expression refers to."""
    arms: set[str] = set()
    plain: set[str] = set()
    attr_bases = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called:
            (arms if id(node) in attr_bases else plain).add(node.id)
    return arms, plain


class Evaluator:
    """Evaluate parsed expressions.

    Parameters
    ----------
    series
        ``series(arm, name) -> Series``: the time course of a name in an arm.
    variables
        Readouts computed so far and the spec's constants (days for times).
    functions
        The vocabulary, :data:`FUNCTIONS` plus any extra.
    """

    def __init__(
        self,
        series: Callable[[str, str], Series],
        variables: Mapping[str, Any],
        functions: Mapping[str, Callable[..., Any]],
    ) -> None:
        self._series = series
        self._vars = variables
        self._fns = functions

    def __call__(self, tree: ast.Expression) -> Any:
        return self._eval(tree.body)

    def _name(self, name: str) -> Any:
        if name in self._vars:
            return self._vars[name]
        if name in TIME_CONSTANTS:
            return TIME_CONSTANTS[name]
        raise SpecError(f"unknown name {name!r} (a readout defined earlier, a constant or a time)")

    def _eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            # numbers are floats: a power overflows to an error instead of growing without bound
            value = node.value
            if isinstance(value, str):
                return value
            if not isinstance(value, int | float):  # refused by parse
                raise SpecError(f"constant {value!r} is not part of the language")
            return float(value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            assert isinstance(node.value, ast.Name)  # checked by parse
            return self._series(node.value.id, node.attr)
        if isinstance(node, ast.List | ast.Tuple):
            return [self._eval(e) for e in node.elts]
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left)
            fn = _BINOPS.get(type(node.op))
            if fn is None:
                raise SpecError(f"operator {type(node.op).__name__} is not part of the language")
            right = self._eval(node.right)
            for operand in (left, right):
                if isinstance(operand, str | list | tuple):
                    raise SpecError("arithmetic takes numbers and time courses, not text or lists")
            try:
                return fn(left, right)
            except OverflowError:
                raise SpecError("a number overflowed (a power too large?)") from None
        if isinstance(node, ast.UnaryOp):
            v = self._eval(node.operand)
            if isinstance(node.op, ast.USub):
                return -v
            if isinstance(node.op, ast.UAdd):
                return v
            if isinstance(node.op, ast.Not):
                return not v
            raise SpecError(f"operator {type(node.op).__name__} is not part of the language")
        if isinstance(node, ast.BoolOp):
            vals = [bool(self._eval(v)) for v in node.values]
            return all(vals) if isinstance(node.op, ast.And) else any(vals)
        if isinstance(node, ast.Compare):
            left = self._eval(node.left)
            for op, comp in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comp)
                if not _CMPOPS[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.Call):
            assert isinstance(node.func, ast.Name)  # checked by parse
            fn = self._fns.get(node.func.id)
            if fn is None:
                raise SpecError(
                    f"unknown function {node.func.id!r}; the vocabulary is "
                    f"{', '.join(sorted(self._fns))}"
                )
            return fn(*[self._eval(a) for a in node.args])
        raise SpecError(f"{type(node).__name__} is not part of the language")
