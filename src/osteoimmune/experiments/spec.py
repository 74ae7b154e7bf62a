"""Experiments as data: a spec (arms, readouts, pass bounds) and the one runner for every spec.

A spec is read from a YAML file of ``osteoimmune/data/experiments`` (see
:mod:`osteoimmune.experiments.registry`)::

    - id: EST-4
      claim: "Mouse OVX, 1 month: vertebral trabecular BV/TV falls 15-24 %"
      source: Bouxsein et al., JBMR 2005 (calibration.md EST-4)
      kind: calibration               # claim | calibration | validation | sensitivity | reference
      protocol: OVX vs sham after 4 weeks
      arms:
        sham: {template: mouse}
        ovx: {template: mouse, +events: [{condition: ovariectomy}]}
      readouts:
        loss: {value: sham.bv_tv_pct@end - ovx.bv_tv_pct@end, label: BV/TV lost vs sham, unit: "%"}
      pass: ["loss in [15, 24]"]

Arms are scenario documents, exactly what a user would write in a scenario file, run through the
public :func:`osteoimmune.simulate` with the species' one parameter set. ``template`` takes a
fragment of the file's ``templates`` (or another arm) and the arm's keys replace its keys;
``+events`` appends events to the template's. A string value ``"${expr} unit"`` is computed with
the readout language (e.g. ``${10 * param('mouse', 'p_IFNG_0')} pg/mL/day``). An arm with
``population: {n, seed, vary: {parameter: cv}}`` is a virtual population: each subject draws the
named parameters log-normally around the set's value (coefficient of variation ``cv``, mean kept),
and its readouts are arrays across subjects.

Readouts are expressions of :mod:`osteoimmune.experiments.expressions`, evaluated in order (a
readout may use earlier ones). Pass bounds are strings ``NAME in [lo, hi]``, ``NAME >= x``,
``NAME < OTHER`` ...; the ``expected`` text of the outcome is generated from them, so a threshold
is written once.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from osteoimmune.errors import OsteoimmuneError
from osteoimmune.experiments import functions, measurements
from osteoimmune.experiments.arms import Population, run, run_population
from osteoimmune.experiments.base import Arm, Outcome, Overlay, Traced, arm_label
from osteoimmune.experiments.expressions import (
    FUNCTIONS,
    TIME_CONSTANTS,
    Evaluator,
    Series,
    SpecError,
    names,
    parse,
)
from osteoimmune.io.files import jsonable

#: Experiment kinds, in scorecard order: a claim of the seeds (claims.md), a target the parameters
#: were fitted to, held-out data never fitted, the other published outcome reproduced with a
#: documented parameter (a sensitivity analysis), a published reference model.
KINDS = ("claim", "calibration", "validation", "sensitivity", "reference")
_OPS = (">=", "<=", "!=", "==", ">", "<", "in")
_CRITERION = re.compile(r"^\s*([A-Za-z_]\w*)\s*(>=|<=|!=|==|>|<|in)\s*(.+?)\s*$")
_INTERP = re.compile(r"\$\{([^}]*)\}")
_OP_WORDS = {">=": ">=", "<=": "<=", ">": ">", "<": "<", "==": "=", "!=": "!="}


def _fmt_number(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Readout:
    """One readout: a named expression, with how to show it.

    Attributes
    ----------
    name
        Identifier other readouts and the pass bounds refer to.
    expression
        Text in the readout language.
    label
        Words for reports (defaults to the name).
    unit
        Unit appended to numbers in reports (``"%"``, ``"days"``...).
    fmt
        Python format spec of the value in the observed text.
    show
        Whether the observed text lists it.
    """

    name: str
    expression: str
    label: str = ""
    unit: str = ""
    fmt: str = ".3g"
    show: bool = True
    tree: ast.Expression = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tree", parse(self.expression))
        try:
            format(1.0, self.fmt)
        except ValueError:
            raise SpecError(
                f"readout {self.name!r}: format {self.fmt!r} is not a float format"
            ) from None

    @property
    def words(self) -> str:
        return self.label or self.name.replace("_", " ")

    def text(self, value: Any) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if isinstance(value, bool | np.bool_):
            return f"{self.words} {'yes' if value else 'no'}"
        try:
            return f"{self.words} {format(float(value), self.fmt)}{unit}"
        except (TypeError, ValueError):
            return f"{self.words} {value}"


@dataclass(frozen=True)
class Criterion:
    """A pass bound on one readout: ``readout op bound`` (bound a number, a readout or a range)."""

    readout: str
    op: str
    bound: float | str | tuple[float, float]

    @classmethod
    def parse(cls, text: str, readouts: Mapping[str, Readout]) -> Criterion:
        m = _CRITERION.match(text) if isinstance(text, str) else None
        if m is None:
            raise SpecError(
                f"pass bound {text!r}: expected 'NAME op BOUND' with op one of {', '.join(_OPS)}"
            )
        name, op, rhs = m.groups()
        if name not in readouts:
            raise SpecError(f"pass bound {text!r}: no readout named {name!r}")
        bound: float | str | tuple[float, float]
        if op == "in":
            r = re.match(r"^\[\s*([^,\]]+)\s*,\s*([^,\]]+)\s*\]$", rhs)
            if r is None:
                raise SpecError(f"pass bound {text!r}: 'in' takes a range [lo, hi]")
            lo, hi = float(r.group(1)), float(r.group(2))
            if not lo <= hi:
                raise SpecError(f"pass bound {text!r}: range [lo, hi] needs lo <= hi")
            bound = (lo, hi)
        elif rhs in readouts:
            bound = rhs
        else:
            try:
                bound = float(rhs)
            except ValueError:
                raise SpecError(
                    f"pass bound {text!r}: bound {rhs!r} is neither a number nor a readout"
                ) from None
        return cls(name, op, bound)

    def holds(self, values: Mapping[str, Any]) -> bool:
        v = values[self.readout]
        b = self.bound
        if isinstance(b, tuple):
            ok = (b[0] <= np.asarray(v)) & (np.asarray(v) <= b[1])
        else:
            rhs = values[b] if isinstance(b, str) else b
            ok = {
                ">=": np.greater_equal,
                "<=": np.less_equal,
                ">": np.greater,
                "<": np.less,
                "==": np.equal,
                "!=": np.not_equal,
            }[self.op](np.asarray(v, dtype=float), np.asarray(rhs, dtype=float))
        return bool(np.all(ok))

    def text(self, readouts: Mapping[str, Readout]) -> str:
        r = readouts[self.readout]
        unit = f" {r.unit}" if r.unit else ""
        b = self.bound
        if isinstance(b, tuple):
            return f"{r.words} {_fmt_number(b[0])} to {_fmt_number(b[1])}{unit}"
        if isinstance(b, str):
            return f"{r.words} {_OP_WORDS[self.op]} {readouts[b].words}"
        return f"{r.words} {_OP_WORDS[self.op]} {_fmt_number(b)}{unit}"


@dataclass(frozen=True)
class ArmSpec:
    """A named arm: its scenario document (templates applied) and, for a population, its draws."""

    name: str
    document: Mapping[str, Any]
    population: Population | None = None


@dataclass(frozen=True)
class OverlaySpec:
    """Measured data drawn over an arm in the validation report."""

    table: str
    arm: str
    observable: str
    time_offset_days: float = 0.0
    condition: str | None = None


@dataclass(frozen=True)
class ExperimentSpec:
    """A registered experiment: a claim or published target, its arms, readouts and pass bounds.

    Call it to run it (returns an :class:`~osteoimmune.experiments.base.Outcome`); :meth:`trace`
    also returns the arms it simulated.
    """

    id: str
    claim: str
    source: str
    kind: str
    protocol: str
    arms: tuple[ArmSpec, ...]
    readouts: tuple[Readout, ...]
    criteria: tuple[Criterion, ...]
    constants: Mapping[str, float] = field(default_factory=dict)
    overlays: tuple[OverlaySpec, ...] = ()
    note: str = ""
    group: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise SpecError(
                f"{self.id}.kind: got {self.kind!r}; expected one of {', '.join(KINDS)}"
            )
        if not self.criteria:
            raise SpecError(f"{self.id}.pass: an experiment needs at least one pass bound")
        arm_names = {a.name for a in self.arms}
        known = set(self.constants) | set(TIME_CONSTANTS) | {"end"}
        for r in self.readouts:
            used_arms, plain = names(r.tree)
            if used_arms - arm_names:
                raise SpecError(
                    f"{self.id}.readouts.{r.name}: no arm named {sorted(used_arms - arm_names)[0]!r}"
                    f" (arms: {', '.join(sorted(arm_names))})"
                )
            if plain - known:
                raise SpecError(
                    f"{self.id}.readouts.{r.name}: unknown name {sorted(plain - known)[0]!r} (a "
                    "readout defined above, a constant or a time)"
                )
            known.add(r.name)
        for o in self.overlays:
            if o.arm not in arm_names:
                raise SpecError(f"{self.id}.overlays: no arm named {o.arm!r}")
        object.__setattr__(self, "constants", MappingProxyType(dict(self.constants)))

    @property
    def expected(self) -> str:
        """The pass criterion in words, generated from the bounds."""
        rmap = {r.name: r for r in self.readouts}
        bounds = "; ".join(c.text(rmap) for c in self.criteria)
        return f"{self.protocol}: {bounds}" if self.protocol else bounds

    def __call__(self) -> Outcome:
        return self.trace().outcome

    def trace(self) -> Traced:
        """Run the experiment and keep what each arm simulated (for reports)."""
        return _Runner(self).run()


def _parameter_value(species: str, name: str) -> float:
    from osteoimmune.model.parameters import load_parameter_set

    params = load_parameter_set(str(species)).parameters
    if name not in params:
        raise SpecError(f"param({species!r}, {name!r}): no such parameter in the {species} set")
    return float(params[name].value)


class _Runner:
    """Runs one spec: resolves arm documents lazily, evaluates readouts, checks bounds."""

    def __init__(self, spec: ExperimentSpec) -> None:
        self.spec = spec
        self.arms = {a.name: a for a in spec.arms}
        self.results: dict[str, list[Any]] = {}
        self.order: list[str] = []
        self.values: dict[str, Any] = dict(spec.constants)
        fns: dict[str, Callable[..., Any]] = dict(FUNCTIONS)
        fns.update(functions.FUNCTIONS)
        fns["param"] = _parameter_value
        fns["measured"] = measurements.measured
        self.evaluate = Evaluator(self._series, self.values, fns)

    # ------------------------------------------------------------------ arms
    def _interpolate(self, obj: Any) -> Any:
        if isinstance(obj, Mapping):
            return {k: self._interpolate(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self._interpolate(v) for v in obj]
        if isinstance(obj, str) and "${" in obj:
            return _INTERP.sub(lambda m: repr(float(self.evaluate(parse(m.group(1))))), obj)
        return obj

    def _arm_results(self, name: str) -> list[Any]:
        if name not in self.results:
            arm = self.arms[name]
            doc = self._interpolate(arm.document)
            if arm.population is None:
                self.results[name] = [run(doc)]
            else:
                self.results[name] = run_population(doc, arm.population)
            self.order.append(name)
        return self.results[name]

    def _series(self, arm: str, name: str) -> Series:
        results = self._arm_results(arm)
        rows = []
        for res in results:
            for src in (res.observables, res.states, res.expressions):
                if name in src:
                    rows.append(np.asarray(src[name], dtype=float))
                    break
            else:
                choices = [*res.observables, *res.states, *res.expressions]
                import difflib

                close = difflib.get_close_matches(name, choices, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise SpecError(f"{self.spec.id}: arm {arm!r} has no output {name!r}.{hint}")
        times = np.asarray(results[0].times, dtype=float)
        return Series(times, rows[0] if len(rows) == 1 else np.vstack(rows))

    # ------------------------------------------------------------------ run
    def run(self) -> Traced:
        spec = self.spec
        for r in spec.readouts:
            try:
                self.values[r.name] = self.evaluate(r.tree)
            except ZeroDivisionError:
                self.values[r.name] = math.nan
            except (OsteoimmuneError, ValueError, TypeError, KeyError) as exc:
                raise SpecError(f"experiment {spec.id}, readout {r.name!r}: {exc}") from exc
        for r in spec.readouts:
            if isinstance(self.values[r.name], Series):
                raise SpecError(
                    f"{spec.id}.readouts.{r.name}: gives a time course; take a value "
                    "(arm.name@time, peak(...), mean(...))"
                )
        with np.errstate(invalid="ignore"):
            passed = all(c.holds(self.values) for c in spec.criteria)
        shown = [r.text(self.values[r.name]) for r in spec.readouts if r.show]
        details = {r.name: jsonable(self.values[r.name]) for r in spec.readouts}
        outcome = Outcome(
            spec.id,
            spec.claim,
            passed,
            spec.expected,
            "; ".join(shown),
            spec.source,
            details,
            kind=spec.kind,
        )
        return Traced(outcome, self._traced_arms(), self._overlays())

    def _traced_arms(self) -> tuple[Arm, ...]:
        arms = []
        for name in self.order:
            res = self.results[name][0]
            label = arm_label(self._interpolate(self.arms[name].document))
            if len(self.results[name]) > 1:
                label += f" (subject 1 of {len(self.results[name])})"
            arms.append(
                Arm(
                    label,
                    np.asarray(res.times),
                    MappingProxyType({k: np.asarray(v) for k, v in res.observables.items()}),
                    MappingProxyType({k: res.units[k] for k in res.observables}),
                    name=name,
                )
            )
        return tuple(arms)

    def _overlays(self) -> tuple[Overlay, ...]:
        out = []
        for o in self.spec.overlays:
            table = measurements.load_table(o.table)
            rows = table.select(o.observable, o.condition)
            out.append(
                Overlay(
                    table=table.id,
                    role=table.role,
                    citation=table.citation,
                    arm=o.arm,
                    observable=o.observable,
                    times=np.asarray([r.time_days for r in rows]) + o.time_offset_days,
                    mean=np.asarray([r.mean for r in rows]),
                    lower=np.asarray([r.lower for r in rows]),
                    upper=np.asarray([r.upper for r in rows]),
                )
            )
        return tuple(out)


# ---------------------------------------------------------------------- reading specs


def _merge(template: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    doc = dict(template)
    for k, v in body.items():
        if k == "+events":
            doc["events"] = [*(doc.get("events") or []), *v]
        else:
            doc[k] = v
    return doc


def _arm(
    exp_id: str,
    name: str,
    body: Any,
    templates: Mapping[str, Any],
    arms: Mapping[str, ArmSpec],
) -> ArmSpec:
    where = f"{exp_id}.arms.{name}"
    if not isinstance(body, Mapping):
        raise SpecError(f"{where}: expected a scenario document (a mapping)")
    body = dict(body)
    population = None
    if "population" in body:
        pop = body.pop("population")
        if not isinstance(pop, Mapping) or set(pop) - {"n", "seed", "vary"}:
            raise SpecError(f"{where}.population: expected {{n, seed, vary: {{parameter: cv}}}}")
        population = Population(int(pop.get("n", 0)), int(pop.get("seed", 0)), pop.get("vary", {}))
    tname = body.pop("template", None)
    if tname is None:
        base: Mapping[str, Any] = {}
    elif tname in arms:
        base = arms[tname].document
    elif tname in templates:
        base = templates[tname]
    else:
        raise SpecError(
            f"{where}.template: got {tname!r}; expected a template of the file "
            f"({', '.join(templates)}) or an arm above"
        )
    return ArmSpec(name, MappingProxyType(_merge(base, body)), population)


def _readout(exp_id: str, name: str, body: Any) -> Readout:
    where = f"{exp_id}.readouts.{name}"
    if isinstance(body, str):
        body = {"value": body}
    if not isinstance(body, Mapping) or "value" not in body:
        raise SpecError(f"{where}: expected an expression or {{value, label, unit, format, show}}")
    extra = set(body) - {"value", "label", "unit", "format", "show"}
    if extra:
        raise SpecError(f"{where}: unknown key {sorted(extra)[0]!r}")
    try:
        return Readout(
            name,
            str(body["value"]),
            label=str(body.get("label", "")),
            unit=str(body.get("unit", "")),
            fmt=str(body.get("format", ".3g")),
            show=bool(body.get("show", True)),
        )
    except SpecError as exc:
        raise SpecError(f"{where}: {exc}") from None


def _days(where: str, value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    from osteoimmune.units import parse_quantity

    try:
        return float(parse_quantity(str(value), where, "day"))
    except Exception as exc:
        raise SpecError(
            f"{where}: got {value!r}; expected a time such as '3 years' ({exc})"
        ) from None


_SPEC_KEYS = {
    "id",
    "claim",
    "source",
    "kind",
    "protocol",
    "arms",
    "readouts",
    "pass",
    "constants",
    "overlays",
    "note",
}


def build_spec(
    doc: Mapping[str, Any],
    *,
    templates: Mapping[str, Any] | None = None,
    constants: Mapping[str, Any] | None = None,
    group: str = "",
) -> ExperimentSpec:
    """An :class:`ExperimentSpec` from one entry of a spec file (validated; raises SpecError)."""
    exp_id = str(doc.get("id", "?"))
    extra = set(doc) - _SPEC_KEYS
    if extra:
        raise SpecError(f"{exp_id}: unknown key {sorted(extra)[0]!r} (known: {sorted(_SPEC_KEYS)})")
    for key in ("id", "claim", "source", "arms", "readouts", "pass"):
        if key not in doc:
            raise SpecError(f"{exp_id}: missing {key!r}")
    consts = {
        k: _days(f"{exp_id}.constants.{k}", v)
        for k, v in {**(constants or {}), **(doc.get("constants") or {})}.items()
    }
    arms: dict[str, ArmSpec] = {}
    for name, body in (doc["arms"] or {}).items():
        arms[name] = _arm(exp_id, name, body, templates or {}, arms)
    readouts = tuple(_readout(exp_id, n, b) for n, b in (doc["readouts"] or {}).items())
    rmap = {r.name: r for r in readouts}
    raw_pass = doc["pass"]
    if isinstance(raw_pass, str):
        raw_pass = [raw_pass]
    try:
        criteria = tuple(Criterion.parse(c, rmap) for c in raw_pass)
    except SpecError as exc:
        raise SpecError(f"{exp_id}: {exc}") from None
    overlays = tuple(
        OverlaySpec(
            table=str(o["table"]),
            arm=str(o["arm"]),
            observable=str(o["observable"]),
            time_offset_days=_days(f"{exp_id}.overlays.time_offset", o.get("time_offset", 0.0))
            if not isinstance(o.get("time_offset"), str) or o["time_offset"] not in consts
            else consts[o["time_offset"]],
            condition=o.get("condition"),
        )
        for o in doc.get("overlays") or ()
    )
    return ExperimentSpec(
        id=exp_id,
        claim=str(doc["claim"]),
        source=str(doc["source"]),
        kind=str(doc.get("kind", "claim")),
        protocol=str(doc.get("protocol", "")),
        arms=tuple(arms.values()),
        readouts=readouts,
        criteria=criteria,
        constants=consts,
        overlays=overlays,
        note=str(doc.get("note", "")),
        group=group,
    )


def build_specs(file_doc: Mapping[str, Any], *, group: str) -> list[ExperimentSpec]:
    """Every spec of one spec file (``templates``, ``constants``, ``experiments``)."""
    extra = set(file_doc) - {"title", "templates", "constants", "experiments"}
    if extra:
        raise SpecError(f"{group}: unknown top-level key {sorted(extra)[0]!r}")
    entries: Sequence[Any] = file_doc.get("experiments") or []
    return [
        build_spec(
            e,
            templates=file_doc.get("templates") or {},
            constants=file_doc.get("constants") or {},
            group=group,
        )
        for e in entries
    ]
