"""The model reference of the documentation, rendered from the declarations.

Nothing here is written by hand: :func:`model_reference_markdown` composes the model of a
parameter set and renders, module by module, its states, parameters (value, unit, bounds,
description, source and, for a source that starts with a reference key, the citation),
processes (rate law as written and as LaTeX, the states it changes, evidence, claims),
expressions and observables, then the conditions, treatments, genotypes, infusion targets, cell
groups and cultures, and the references cited. The documentation build calls it for the
``human`` and ``mouse`` sets, so the pages cannot drift from the code.

Example::

    from osteoimmune.report.model_reference import model_reference_markdown

    text = model_reference_markdown("mouse")
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import sympy as sp

from osteoimmune.model.compose import Model, compose
from osteoimmune.model.declarations import Module, Parameter, Route
from osteoimmune.model.parameters import reference_key, references

__all__ = [
    "OTHER_PARAMETERS",
    "PARAMETER_COLUMNS",
    "code",
    "escape_cell",
    "latex_of",
    "model_reference_markdown",
    "parameter_modules",
    "reference_key",
    "render_model_reference",
    "unit_text",
]

#: Header of every parameter table (the "Other parameters" table adds a ``used by`` column).
PARAMETER_COLUMNS = ("name", "value", "unit", "bounds", "description", "source")
#: Key of :func:`parameter_modules` for parameters that no module's expressions use.
OTHER_PARAMETERS = "Other parameters"

_GREEK = frozenset(
    (
        *("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"),
        *("kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon"),
        *("phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi"),
        *("Sigma", "Upsilon", "Phi", "Psi", "Omega"),
    )
)
_SPECIAL = re.compile(r"([\\|*_$])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_KIND = {"value": "value", "pct_change": "% change from t = 0", "rel": "fold of healthy"}


# --------------------------------------------------------------------------------------------
# Markdown helpers


def _escape_plain(text: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", text)
    return escaped.replace("<", "&lt;").replace("[", "&#91;").replace("]", "&#93;")


def escape_cell(text: str) -> str:
    r"""Text safe to put in a Markdown table cell or list item.

    Backslash, ``|``, ``*``, ``_`` and ``$`` are escaped with a backslash; ``<``, ``[`` and ``]``
    become the HTML entities ``&lt;``, ``&#91;`` and ``&#93;``; so a description never turns into
    emphasis, a link, math, HTML or an extra cell. Code spans in the text (```name```) are kept
    as they are. Line breaks become spaces.

    Parameters
    ----------
    text
        The plain text of a declaration (a description, a source, a citation).

    Returns
    -------
    str
        The escaped text.

    Examples
    --------
    >>> escape_cell("b_OBu * 2 | see `b_OBu`")
    'b\\_OBu \\* 2 \\| see `b_OBu`'
    """
    text = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_plain(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def code(text: str) -> str:
    """``text`` as a Markdown code span, with enough backticks to hold any backtick inside it.

    Parameters
    ----------
    text
        A name, unit or expression; runs of whitespace become single spaces.

    Returns
    -------
    str
        The code span: the text between fences of one backtick more than its longest run of
        backticks (padded with a space when it starts or ends with one).
    """
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def unit_text(unit: str) -> str:
    """A declared unit as the reference shows it: ``dimensionless`` for the empty unit string.

    Parameters
    ----------
    unit
        A declared unit string, e.g. ``"pM/day"`` or ``""``.

    Returns
    -------
    str
        The unit, or ``"dimensionless"``.
    """
    return unit if unit.strip() else "dimensionless"


def _unit_cell(unit: str) -> str:
    return code(unit) if unit.strip() else "dimensionless"


def _number(value: float) -> str:
    return f"{value:.6g}"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [_row(header), _row("---" for _ in header)]
    lines.extend(_row(r) for r in rows)
    return lines


def _anchor(kind: str, name: str) -> str:
    return f'<span id="{kind}-{name}"></span>'


# --------------------------------------------------------------------------------------------
# references


def _citation(key: str) -> str:
    entry = references().get(key, {})
    return str(entry.get("citation", key))


def _ref_link(key: str) -> str:
    return f"[{escape_cell(key)}](#ref-{key})" if key in references() else escape_cell(key)


def _refs(keys: Iterable[str]) -> str:
    return ", ".join(_ref_link(k) for k in keys) or "—"


def _source_cell(source: str) -> str:
    """The source as written, its leading reference key linked to the page's bibliography, and
    the formatted citation after it."""
    key = reference_key(source)
    text = " ".join(source.split())
    if key is None:
        return escape_cell(text)
    rest = text[len(key) :]
    space = " " if rest[:1].isspace() else ""  # escape_cell strips it
    return (
        f"{_ref_link(key)}{space}{escape_cell(rest)}"
        f"<br><small>{escape_cell(_citation(key))}</small>"
    )


# --------------------------------------------------------------------------------------------
# LaTeX


def _symbol_latex(name: str) -> str:
    r"""``beta_OPG`` -> ``\beta_{\mathrm{OPG}}``; ``D_OBu`` -> ``D_{\mathrm{OBu}}``; the part
    after the first underscore is a subscript and keeps its own underscores."""
    head, sep, tail = name.partition("_")
    if head in _GREEK:
        main = "\\" + head
    elif len(head) == 1:
        main = head
    else:
        main = r"\mathrm{" + head + "}"
    if not sep:
        return main
    return main + r"_{\mathrm{" + tail.replace("_", r"\_") + "}}"


def latex_of(expr: sp.Expr) -> str:
    r"""The LaTeX form of a parsed rate law or expression.

    Every symbol keeps its declared name: the part before the first underscore (a Greek letter
    when it is the name of one) with the rest as an upright subscript, so ``pi_act_TGFb_OBu``
    reads :math:`\pi_{\mathrm{act\_TGFb\_OBu}}`. Absolute values use ``\vert``, never a
    pipe, so the result can stand in a Markdown table.

    Parameters
    ----------
    expr
        A SymPy expression, e.g. ``model.parsed["process:OB_commitment"]``.

    Returns
    -------
    str
        LaTeX for a math block (without delimiters).
    """
    names = {s: _symbol_latex(s.name) for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    text = sp.latex(expr, symbol_names=names, mul_symbol="dot")
    return text.replace(r"\left|", r"\left\vert ").replace(r"\right|", r"\right\vert ")


# --------------------------------------------------------------------------------------------
# grouping


def _module_symbols(model: Model, module: Module) -> set[str]:
    keys = [e.name for e in module.expressions]
    keys += [f"process:{p.name}" for p in module.processes]
    keys += [f"observable:{o.name}" for o in module.observables]
    used: set[str] = set()
    for key in keys:
        used.update(s.name for s in model.parsed[key].free_symbols)
    return used


def parameter_modules(model: Model) -> dict[str, list[Parameter]]:
    """Parameters grouped by module.

    A parameter belongs to the parameter set, not to a module; it is listed under the first
    module (in composition order) whose expressions, processes or observables use it. Those that
    no expression uses (dose conversions, infusion rates, molar masses of medium components,
    cells seeded per well) are listed under :data:`OTHER_PARAMETERS`.

    Parameters
    ----------
    model
        A composed model.

    Returns
    -------
    dict
        Module name (then :data:`OTHER_PARAMETERS`) -> parameters in the set's order; every
        parameter of the set appears exactly once.
    """
    owner: dict[str, str] = {}
    for module in model.modules:
        for name in _module_symbols(model, module):
            owner.setdefault(name, module.name)
    groups: dict[str, list[Parameter]] = {m.name: [] for m in model.modules}
    groups[OTHER_PARAMETERS] = []
    for p in model.parameters:
        groups[owner.get(p.name, OTHER_PARAMETERS)].append(p)
    return groups


def _other_uses(model: Model) -> dict[str, list[str]]:
    """What uses each parameter outside the expressions: treatments, infusions, cultures."""
    uses: dict[str, list[str]] = {}

    def add(pname: str, what: str) -> None:
        if pname:
            uses.setdefault(pname, []).append(what)

    for tr in model.treatments.values():
        add(tr.dose_to_state, f"dose of treatment {tr.name}")
        add(tr.body_weight, f"doses per kg of {tr.name}")
        add(tr.molar_mass, f"serum level of {tr.name} in ng/mL (`{tr.name}_ng_ml`)")
        for r in tr.routes:
            add(r.bioavailability, f"bioavailability of {tr.name} {r.name}")
            add(r.rate, f"timed doses of {tr.name} {r.name}")
    for inp in model.inputs.values():
        add(inp.parameter, f"infusion target {inp.target}")
    for comp in model.medium.values():
        add(comp.parameter, f"medium component {comp.name}")
        add(comp.molar_mass, f"molar mass of medium component {comp.name}")
    for cu in model.cultures.values():
        for group, pnames in cu.cells:
            for pname in pnames:
                add(pname, f"{group} seeded in culture {cu.name}")
    return {k: list(dict.fromkeys(v)) for k, v in uses.items()}


# --------------------------------------------------------------------------------------------
# sections


def _parameter_row(p: Parameter, extra: Sequence[str] = ()) -> list[str]:
    lo, hi = p.bounds
    return [
        _anchor("parameter", p.name) + code(p.name),
        _number(p.value),
        _unit_cell(p.unit),
        f"{_number(lo)} to {_number(hi)}",
        escape_cell(p.description),
        _source_cell(p.source),
        *extra,
    ]


def _states_section(module: Module) -> list[str]:
    rows = [
        [_anchor("state", s.name) + code(s.name), _unit_cell(s.unit), escape_cell(s.description)]
        for s in module.states
    ]
    return _table(("name", "unit", "description"), rows)


def _changes(changes: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"[{code(state)}](#state-{state}) ({coeff:+g})" for state, coeff in changes)


def _process_section(model: Model, module: Module) -> list[str]:
    lines: list[str] = []
    for proc in module.processes:
        lines += [
            f"#### {code(proc.name)} {{#process-{proc.name}}}",
            "",
            escape_cell(proc.description),
            "",
            f"- Rate, in {_unit_cell(proc.unit)}: {code(proc.rate)}",
            f"- Changes: {_changes(proc.changes)}",
            f"- Evidence: {_refs(proc.evidence)}",
            f"- Claims: {escape_cell(', '.join(proc.claims)) or '—'}",
            "",
            "$$",
            latex_of(model.parsed[f"process:{proc.name}"]),
            "$$",
            "",
        ]
    return lines


def _expressions_section(module: Module) -> list[str]:
    rows = [
        [
            _anchor("expression", e.name) + code(e.name),
            _unit_cell(e.unit),
            code(e.expr),
            escape_cell(e.description),
        ]
        for e in module.expressions
    ]
    return _table(("name", "unit", "expression", "description"), rows)


def _observables_section(module: Module) -> list[str]:
    rows = [
        [
            code(o.name),
            _KIND[o.kind],
            code(o.expr),
            _unit_cell(o.unit),
            o.setting.replace("_", " "),
            " and ".join(o.species) or "every",
            escape_cell(o.description),
        ]
        for o in module.observables
    ]
    return _table(
        ("name", "column", "expression", "unit", "setting", "species", "description"), rows
    )


def _module_section(model: Model, module: Module, params: Sequence[Parameter]) -> list[str]:
    n = module.name
    lines = [f"## {code(n)} {{#module-{n}}}", "", escape_cell(module.description), ""]
    if module.requires:
        lines += [f"Requires: {', '.join(f'[{code(r)}](#module-{r})' for r in module.requires)}."]
        lines += [""]
    parts: list[tuple[str, str, list[str]]] = [
        ("States", "states", _states_section(module) if module.states else []),
        (
            "Parameters",
            "parameters",
            _table(PARAMETER_COLUMNS, [_parameter_row(p) for p in params]) if params else [],
        ),
        ("Processes", "processes", _process_section(model, module) if module.processes else []),
        (
            "Expressions",
            "expressions",
            _expressions_section(module) if module.expressions else [],
        ),
        (
            "Observables",
            "observables",
            _observables_section(module) if module.observables else [],
        ),
    ]
    for title, slug, body in parts:
        if body:
            lines += [f"### {title} {{#{n}-{slug}}}", "", *body, ""]
    return lines


def _other_parameters_section(model: Model, params: Sequence[Parameter]) -> list[str]:
    uses = _other_uses(model)
    rows = [_parameter_row(p, (escape_cell("; ".join(uses.get(p.name, ["—"]))),)) for p in params]
    return [
        f"## {OTHER_PARAMETERS} {{#other-parameters}}",
        "",
        "Parameters that no expression, process or observable uses: they convert doses, set "
        "infusion rates, convert medium concentrations or count the cells seeded in a well.",
        "",
        *_table((*PARAMETER_COLUMNS, "used by"), rows),
        "",
    ]


def _conditions_section(model: Model) -> list[str]:
    units = {p.name: p.unit for p in model.parameters}

    def sets(pairs: Sequence[tuple[str, float]]) -> str:
        return ", ".join(
            f"[{code(p)}](#parameter-{p}) = {_number(v)}"
            + (f" {code(units[p])}" if units[p].strip() else "")
            for p, v in pairs
        )

    rows = [
        [
            code(c.name),
            escape_cell(c.description),
            sets(c.sets),
            f"{c.lead_days:g} days" if c.lead_days else "—",
            _refs(c.evidence),
        ]
        for _, c in sorted(model.conditions.items())
    ]
    return [
        "## Conditions {#conditions}",
        "",
        "A scenario event `condition: NAME` sets these parameters at its `at` (less the lead "
        "time).",
        "",
        *_table(("name", "description", "sets", "lead time", "evidence"), rows),
        "",
    ]


def _treatments_section(model: Model) -> list[str]:
    def routes(tr_routes: Sequence[Route]) -> str:
        parts = []
        for k, r in enumerate(tr_routes):
            default = " (default)" if k == 0 else ""
            part = f"{code(r.name)}{default} → [{code(r.state)}](#state-{r.state})"
            if r.bioavailability:
                part += f", F = [{code(r.bioavailability)}](#parameter-{r.bioavailability})"
            parts.append(part)
        return "; ".join(parts)

    rows = []
    for _, tr in sorted(model.treatments.items()):
        regimen = ", ".join(f"{k}: {v}" for k, v in tr.default_regimen) or "—"
        rows.append(
            [
                code(tr.name),
                escape_cell(tr.target),
                routes(tr.routes),
                escape_cell(regimen),
                f"[{code(tr.dose_to_state)}](#parameter-{tr.dose_to_state})",
                escape_cell(tr.description),
                _refs(tr.evidence),
            ]
        )
    return [
        "## Treatments {#treatments}",
        "",
        "A dose adds `dose x F x dose_to_state` to the route's state (times `body_weight` for a "
        "dose in mg/kg).",
        "",
        *_table(
            (
                "name",
                "target",
                "routes",
                "default regimen",
                "dose to state",
                "description",
                "evidence",
            ),
            rows,
        ),
        "",
    ]


def _genotypes_section(model: Model) -> list[str]:
    rows = [
        [
            code(g.name),
            escape_cell(g.description),
            ", ".join(f"[{code(p)}](#parameter-{p}) × {f:g}" for p, f in g.scale),
            ", ".join(code(x) for x in g.lacks) or "—",
            _refs(g.evidence),
        ]
        for _, g in sorted(model.genotypes.items())
    ]
    return [
        "## Genotypes {#genotypes}",
        "",
        "A genotype multiplies these parameters for the whole run (0 removes the gene product).",
        "",
        *_table(("name", "description", "scales", "lacks cells", "evidence"), rows),
        "",
    ]


def _inputs_section(model: Model) -> list[str]:
    rows = [
        [
            code(i.target),
            f"[{code(i.parameter)}](#parameter-{i.parameter})",
            _unit_cell(i.unit),
            escape_cell(i.description),
        ]
        for _, i in sorted(model.inputs.items())
    ]
    return [
        "## Infusion targets {#infusion-targets}",
        "",
        "A scenario event `infusion: {target: NAME, rate: ..., duration: ...}` sets the rate "
        "parameter for the infusion's duration; the rate is given in its unit.",
        "",
        *_table(("target", "rate parameter", "unit", "description"), rows),
        "",
    ]


def _cell_groups_section(model: Model) -> list[str]:
    rows = [
        [
            code(g.name),
            ", ".join(f"[{code(s)}](#state-{s})" for s in g.states),
            ", ".join(f"[{code(p)}](#parameter-{p})" for p in g.intrinsic) or "—",
            escape_cell(g.description),
            _refs(g.evidence),
        ]
        for _, g in sorted(model.cell_groups.items())
    ]
    return [
        "## Cell groups {#cell-groups}",
        "",
        "Names for `cells: {deplete: GROUP}`, `cells: {transfer: GROUP}` and a culture's "
        "`remove:` and `add:`.",
        "",
        *_table(("name", "states", "cell-intrinsic parameters", "description", "evidence"), rows),
        "",
    ]


def _cultures_section(model: Model) -> list[str]:
    if not model.cultures:
        return []
    cultures = [
        [
            code(c.name),
            "; ".join(
                f"{code(group)}: " + " × ".join(f"[{code(p)}](#parameter-{p})" for p in pnames)
                for group, pnames in c.cells
            ),
            escape_cell(c.description),
            _refs(c.evidence),
        ]
        for _, c in sorted(model.cultures.items())
    ]
    medium = [
        [
            code(m.name),
            f"[{code(m.parameter)}](#parameter-{m.parameter})",
            f"[{code(m.molar_mass)}](#parameter-{m.molar_mass})" if m.molar_mass else "—",
            escape_cell(m.description),
            _refs(m.evidence),
        ]
        for _, m in sorted(model.medium.items())
    ]
    in_vitro = [
        [f"[{code(p)}](#parameter-{p})", _number(v)] for p, v in sorted(model.in_vitro.items())
    ]
    lines = [
        "## Cultures {#cultures}",
        "",
        "Kinds of well for `culture: NAME`, with the cells seeded per well (product of the "
        "parameters).",
        "",
        *_table(("name", "cells per well", "description", "evidence"), cultures),
        "",
    ]
    if medium:
        lines += [
            "### Medium components {#medium}",
            "",
            *_table(("name", "parameter", "molar mass", "description", "evidence"), medium),
            "",
        ]
    if in_vitro:
        lines += [
            "### Parameter values in any well {#in-vitro}",
            "",
            *_table(("parameter", "value in a well"), in_vitro),
            "",
        ]
    return lines


def _cited(model: Model) -> list[str]:
    keys: set[str] = set()
    for p in model.parameters:
        key = reference_key(p.source)
        if key is not None:
            keys.add(key)
    for proc in model.processes:
        keys.update(proc.evidence)
    evidence: list[tuple[str, ...]] = [
        *(c.evidence for c in model.conditions.values()),
        *(tr.evidence for tr in model.treatments.values()),
        *(g.evidence for g in model.genotypes.values()),
        *(g.evidence for g in model.cell_groups.values()),
        *(m.evidence for m in model.medium.values()),
        *(c.evidence for c in model.cultures.values()),
    ]
    for keys_of_item in evidence:
        keys.update(keys_of_item)
    return sorted(k for k in keys if k in references())


def _references_section(model: Model) -> list[str]:
    lines = [
        "## References {#references}",
        "",
        "The papers, labels and databases cited by the parameter sources and the evidence above.",
        "",
    ]
    for key in _cited(model):
        entry = references()[key]
        doi = str(entry.get("doi", ""))
        link = f" [doi:{escape_cell(doi)}](https://doi.org/{doi})" if doi else ""
        lines.append(
            f'- <span id="ref-{key}"></span>**{escape_cell(key)}**: '
            f"{escape_cell(str(entry.get('citation', '')))}{link}"
        )
    lines.append("")
    return lines


def _counts(model: Model) -> list[str]:
    rows = [
        ("modules", len(model.modules)),
        ("states", len(model.states)),
        ("parameters", len(model.parameters)),
        ("processes", len(model.processes)),
        ("expressions", len(model.expressions)),
        ("observables", len(model.observables)),
        ("conditions", len(model.conditions)),
        ("treatments", len(model.treatments)),
        ("genotypes", len(model.genotypes)),
    ]
    return _table(("declared", "count"), [(k, str(v)) for k, v in rows])


def render_model_reference(model: Model) -> str:
    """Render the model reference of a composed model as Markdown.

    Parameters
    ----------
    model
        A composed model (:func:`osteoimmune.compose`).

    Returns
    -------
    str
        One Markdown page: a summary, then one section per module (states, parameters,
        processes, expressions, observables), other parameters, conditions, treatments,
        genotypes, infusion targets, cell groups, cultures and references. Headings carry
        ``{#id}`` attributes and the page uses raw-HTML anchors and ``$$`` math, so it is meant
        for Python-Markdown with the ``attr_list``, ``tables`` and ``pymdownx.arithmatex``
        extensions.
    """
    pset = model.parameter_set
    groups = parameter_modules(model)
    lines = [
        f"# Model reference: `{pset.name}` parameter set",
        "",
        "This page is generated from the model's declarations each time the documentation is "
        f"built (`osteoimmune.report.model_reference.model_reference_markdown({pset.name!r})`"
        "); it always matches the installed code. Parameters belong to the parameter set; each "
        "is listed under the first module whose expressions, processes or observables use it.",
        "",
        f"Species: {escape_cell(pset.species)}. Parameter set hash `{pset.digest}`, model hash "
        f"`{model.digest}`. {escape_cell(pset.description)}",
        "",
        *_counts(model),
        "",
        "Modules, in composition order: "
        + ", ".join(f"[{code(m.name)}](#module-{m.name})" for m in model.modules)
        + ".",
        "",
    ]
    for module in model.modules:
        lines += _module_section(model, module, groups[module.name])
    if groups[OTHER_PARAMETERS]:
        lines += _other_parameters_section(model, groups[OTHER_PARAMETERS])
    if model.conditions:
        lines += _conditions_section(model)
    if model.treatments:
        lines += _treatments_section(model)
    if model.genotypes:
        lines += _genotypes_section(model)
    if model.inputs:
        lines += _inputs_section(model)
    if model.cell_groups:
        lines += _cell_groups_section(model)
    lines += _cultures_section(model)
    lines += _references_section(model)
    return "\n".join(lines).rstrip() + "\n"


def model_reference_markdown(parameter_set: str = "human") -> str:
    """The model reference of a shipped parameter set as one Markdown page.

    Parameters
    ----------
    parameter_set
        Name of a shipped parameter set (``"human"``, ``"mouse"``, ``"pivonka2008"``...).

    Returns
    -------
    str
        The page; see :func:`render_model_reference`.

    Raises
    ------
    InputError
        If no parameter set has that name.
    """
    return render_model_reference(compose(parameter_set))
