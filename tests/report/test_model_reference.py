"""The model reference of the documentation: generated from the declarations, complete, exact.

The generated Markdown is parsed back (tables split on unescaped pipes outside code spans, cells
unescaped) and compared with the composed model: every parameter of a species set appears exactly
once, with its value, unit, bounds, source and citation; every state with its unit; every
process with its rate law as written and in LaTeX, the states it changes and its evidence.
Tampering with the page (a row removed or duplicated, a unit or source changed) or with the
parameter set is caught.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from types import MappingProxyType

import pytest

from osteoimmune.model.compose import Model, compose
from osteoimmune.model.parameters import ParameterSet, load_parameter_set, references
from osteoimmune.report.model_reference import (
    OTHER_PARAMETERS,
    PARAMETER_COLUMNS,
    code,
    escape_cell,
    latex_of,
    model_reference_markdown,
    parameter_modules,
    reference_key,
    render_model_reference,
    unit_text,
)

SPECIES_SETS = ("human", "mouse")


# --------------------------------------------------------------------------------------------
# a small Markdown reader for the generated page


def split_row(line: str) -> list[str]:
    """Cells of a Markdown table row: split on pipes that are neither escaped nor in code."""
    cells: list[str] = []
    current: list[str] = []
    i, fence = 0, ""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    while i < len(body):
        ch = body[i]
        if ch == "`":
            run = re.match(r"`+", body[i:])
            assert run is not None
            ticks = run.group(0)
            if not fence:
                fence = ticks
            elif ticks == fence:
                fence = ""
            current.append(ticks)
            i += len(ticks)
            continue
        if ch == "\\" and not fence and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if ch == "|" and not fence:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def plain(cell: str) -> str:
    """The text a cell shows: anchors and tags dropped, links and code spans reduced to their
    text, backslash escapes and HTML entities resolved."""
    text = re.sub(r'<span id="[^"]*"></span>', "", cell)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"(`+) ?(.*?) ?\1", text):
        out.append(re.sub(r"\\(.)", r"\1", text[pos : m.start()]))
        out.append(m.group(2))
        pos = m.end()
    out.append(re.sub(r"\\(.)", r"\1", text[pos:]))
    return html.unescape("".join(out)).strip()


@dataclass
class Table:
    section: str  # the last level-2 heading above the table
    header: list[str]
    rows: list[list[str]]


def tables(md: str) -> list[Table]:
    found: list[Table] = []
    section = ""
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line
        if line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("| ---"):
            header = [plain(c) for c in split_row(line)]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(split_row(lines[i]))
                i += 1
            found.append(Table(section, header, rows))
            continue
        i += 1
    return found


def parameter_rows(md: str) -> list[tuple[str, list[str]]]:
    """(section heading, cells) of every row of every parameter table."""
    out = []
    for t in tables(md):
        if tuple(t.header[: len(PARAMETER_COLUMNS)]) == PARAMETER_COLUMNS:
            out.extend((t.section, r) for r in t.rows)
    return out


def process_blocks(md: str) -> dict[str, str]:
    """Process name -> its block of the page (from its heading to the next heading)."""
    blocks: dict[str, str] = {}
    for m in re.finditer(r"^#### `([^`]+)` \{#process-\1\}\n(.*?)(?=^#{2,4} )", md, re.M | re.S):
        assert m.group(1) not in blocks, f"process {m.group(1)} appears twice"
        blocks[m.group(1)] = m.group(2)
    return blocks


def shown(text: str) -> str:
    """Declared text as a reader sees it: code spans without their backticks."""
    return re.sub(r"`([^`]*)`", r"\1", " ".join(text.split()))


def check_parameters(md: str, model: Model) -> None:
    """Assert that the page lists every parameter of ``model`` exactly once, as declared."""
    rows = parameter_rows(md)
    assert len(rows) == len(model.parameters), (
        f"{len(rows)} parameter rows for {len(model.parameters)} parameters"
    )
    by_name: dict[str, list[str]] = {}
    for _, cells in rows:
        name = plain(cells[0])
        assert name not in by_name, f"parameter {name} is listed twice"
        by_name[name] = cells
    assert set(by_name) == set(model.parameter_names)
    bib = references()
    for p in model.parameters:
        cells = by_name[p.name]
        assert plain(cells[1]) == f"{p.value:.6g}", p.name
        assert plain(cells[2]) == unit_text(p.unit), p.name
        assert plain(cells[3]) == f"{p.bounds[0]:.6g} to {p.bounds[1]:.6g}", p.name
        assert plain(cells[4]) == shown(p.description), p.name
        source, _, citation = cells[5].partition("<br>")
        assert plain(source) == shown(p.source), p.name
        key = reference_key(p.source)
        if key is None:
            assert not citation, p.name
        else:
            assert plain(re.sub(r"</?small>", "", citation)) == shown(bib[key]["citation"]), p.name
            assert f"](#ref-{key})" in source, p.name


# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module", params=SPECIES_SETS)
def page(request: pytest.FixtureRequest) -> tuple[Model, str]:
    name = request.param
    return compose(name), model_reference_markdown(name)


# --------------------------------------------------------------------------------------------
# the page is complete and exact


def test_every_parameter_appears_once_with_value_unit_bounds_and_source(
    page: tuple[Model, str],
) -> None:
    model, md = page
    check_parameters(md, model)


def test_parameters_are_grouped_under_the_first_module_that_uses_them(
    page: tuple[Model, str],
) -> None:
    model, md = page
    groups = parameter_modules(model)
    assert sum(len(ps) for ps in groups.values()) == len(model.parameters)
    where = {plain(cells[0]): section for section, cells in parameter_rows(md)}
    for module, params in groups.items():
        heading = (
            f"## {OTHER_PARAMETERS} {{#other-parameters}}"
            if module == OTHER_PARAMETERS
            else f"## {code(module)} {{#module-{module}}}"
        )
        for p in params:
            assert where[p.name] == heading, p.name
    # a parameter under a module is used by that module's declarations
    for module in model.modules:
        keys = [e.name for e in module.expressions]
        keys += [f"process:{x.name}" for x in module.processes]
        keys += [f"observable:{o.name}" for o in module.observables]
        used = {s.name for k in keys for s in model.parsed[k].free_symbols}
        assert {p.name for p in groups[module.name]} <= used


def test_other_parameters_say_what_uses_them(page: tuple[Model, str]) -> None:
    _, md = page
    other = [t for t in tables(md) if t.section.startswith(f"## {OTHER_PARAMETERS}")]
    assert len(other) == 1
    assert other[0].header[-1] == "used by"
    for row in other[0].rows:
        assert plain(row[-1]) not in ("", "—"), plain(row[0])


def test_every_cited_reference_is_in_the_bibliography_of_the_page(
    page: tuple[Model, str],
) -> None:
    model, md = page
    bib = references()
    cited = {reference_key(p.source) for p in model.parameters} - {None}
    cited |= {k for proc in model.processes for k in proc.evidence if k in bib}
    for key in cited:
        entry = f'- <span id="ref-{key}"></span>**{escape_cell(str(key))}**: '
        line = next((ln for ln in md.splitlines() if ln.startswith(entry)), None)
        assert line is not None, key
        assert escape_cell(bib[str(key)]["citation"]) in line
    anchors = set(re.findall(r'<span id="ref-([^"]+)"></span>', md))
    assert set(re.findall(r"\]\(#ref-([^)]+)\)", md)) <= anchors


def test_every_state_appears_with_its_unit(page: tuple[Model, str]) -> None:
    model, md = page
    rows = {
        plain(r[0]): plain(r[1])
        for t in tables(md)
        if t.header == ["name", "unit", "description"]
        for r in t.rows
    }
    assert len(rows) == len(model.states)
    for s in model.states:
        assert rows[s.name] == unit_text(s.unit), s.name


def test_every_process_appears_with_its_rate_changes_latex_and_evidence(
    page: tuple[Model, str],
) -> None:
    model, md = page
    blocks = process_blocks(md)
    assert set(blocks) == {p.name for p in model.processes}
    for proc in model.processes:
        block = blocks[proc.name]
        rate = re.search(r"^- Rate, in (.*?): (`+)(.*?)\2$", block, re.M)
        assert rate is not None, proc.name
        assert rate.group(3) == " ".join(proc.rate.split()), proc.name
        assert plain(rate.group(1)) == unit_text(proc.unit), proc.name
        math = re.search(r"^\$\$\n(.*?)\n\$\$$", block, re.M | re.S)
        assert math is not None, proc.name
        assert math.group(1) == latex_of(model.parsed[f"process:{proc.name}"])
        changes = re.search(r"^- Changes: (.*)$", block, re.M)
        assert changes is not None, proc.name
        for state, coeff in proc.changes:
            assert f"[`{state}`](#state-{state}) ({coeff:+g})" in changes.group(1), proc.name
        for key in proc.evidence:
            assert key in block, (proc.name, key)
        for claim in proc.claims:
            assert claim in block, (proc.name, claim)


def test_every_expression_and_observable_appears_with_its_expression(
    page: tuple[Model, str],
) -> None:
    model, md = page
    exprs = {
        plain(r[0]): plain(r[2])
        for t in tables(md)
        if t.header == ["name", "unit", "expression", "description"]
        for r in t.rows
    }
    assert exprs == {e.name: " ".join(e.expr.split()) for e in model.expressions}
    obs = {
        plain(r[0]): plain(r[2])
        for t in tables(md)
        if t.header[:3] == ["name", "column", "expression"]
        for r in t.rows
    }
    assert obs == {o.name: " ".join(o.expr.split()) for o in model.observables}


def test_conditions_treatments_and_genotypes_are_listed(page: tuple[Model, str]) -> None:
    model, md = page
    listed = {
        t.section: {plain(r[0]) for r in t.rows}
        for t in tables(md)
        if t.section.startswith(("## Conditions", "## Treatments", "## Genotypes"))
    }
    assert listed["## Conditions {#conditions}"] == set(model.conditions)
    assert listed["## Treatments {#treatments}"] == set(model.treatments)
    assert listed["## Genotypes {#genotypes}"] == set(model.genotypes)


def test_internal_links_point_at_anchors_of_the_page(page: tuple[Model, str]) -> None:
    _, md = page
    anchors = set(re.findall(r'<span id="([^"]+)"></span>', md))
    anchors |= set(re.findall(r"\{#([^}]+)\}$", md, re.M))
    targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert targets <= anchors, sorted(targets - anchors)[:5]


# --------------------------------------------------------------------------------------------
# a changed page or parameter set is noticed


@pytest.fixture(scope="module")
def human() -> tuple[Model, str]:
    return compose("human"), model_reference_markdown("human")


def _first_parameter_row(md: str) -> str:
    return next(ln for ln in md.splitlines() if ln.startswith('| <span id="parameter-'))


def test_a_missing_parameter_row_is_noticed(human: tuple[Model, str]) -> None:
    model, md = human
    row = _first_parameter_row(md)
    with pytest.raises(AssertionError, match="parameter rows"):
        check_parameters(md.replace(row + "\n", "", 1), model)


def test_a_fake_extra_parameter_row_is_noticed(human: tuple[Model, str]) -> None:
    model, md = human
    row = _first_parameter_row(md)
    fake = row.replace("parameter-", "parameter-fake_", 1).replace("</span>`", "</span>`fake_", 1)
    with pytest.raises(AssertionError, match="parameter rows"):
        check_parameters(md.replace(row, row + "\n" + fake, 1), model)


def test_a_changed_unit_or_source_is_noticed(human: tuple[Model, str]) -> None:
    model, md = human
    p = next(p for p in model.parameters if p.unit and reference_key(p.source))
    row = next(ln for ln in md.splitlines() if ln.startswith(f'| <span id="parameter-{p.name}"'))
    cells = split_row(row)

    def edited(column: int, text: str) -> str:
        new = [*cells[:column], text, *cells[column + 1 :]]
        return md.replace(row, "| " + " | ".join(new) + " |", 1)

    check_parameters(edited(2, cells[2]), model)  # the row rebuilt unchanged passes
    with pytest.raises(AssertionError, match=p.name):
        check_parameters(edited(2, "`kg`"), model)
    with pytest.raises(AssertionError, match=p.name):
        check_parameters(edited(5, "nowhere" + cells[5]), model)


def test_an_edited_parameter_set_shows_on_the_page(human: tuple[Model, str]) -> None:
    model, _ = human
    pset = load_parameter_set("human")
    p = pset.parameters["n_SCL_strain"]
    edited_params = dict(pset.parameters)
    edited_params["n_SCL_strain"] = replace(p, value=p.value * 1.1, source="calibrated to a test")
    edited = ParameterSet(
        name=pset.name,
        species=pset.species,
        modules=pset.modules,
        parameters=MappingProxyType(edited_params),
        description=pset.description,
    )
    edited_model = compose(edited)
    edited_md = render_model_reference(edited_model)
    check_parameters(edited_md, edited_model)
    with pytest.raises(AssertionError, match="n_SCL_strain"):
        check_parameters(edited_md, model)


# --------------------------------------------------------------------------------------------
# Markdown details


def test_escape_cell_escapes_table_and_emphasis_characters_outside_code() -> None:
    assert escape_cell("a|b") == r"a\|b"
    assert escape_cell("2*x_1") == r"2\*x\_1"
    assert escape_cell("cost $5 <b> [1]") == r"cost \$5 &lt;b> &#91;1&#93;"
    assert escape_cell("see `N_RANKL*2` then b_OBu") == r"see `N_RANKL*2` then b\_OBu"
    assert escape_cell("two\nlines") == "two lines"
    assert plain(escape_cell("a|b*c_d [e] <f>")) == "a|b*c_d [e] <f>"


def test_code_spans_hold_backticks() -> None:
    assert code("x_1*y") == "`x_1*y`"
    assert code("a `b` c") == "``a `b` c``"
    assert code("`b`") == "`` `b` ``"
    assert plain(code("a `b` c")) == "a `b` c"


def test_split_row_ignores_pipes_in_code_and_escaped_pipes() -> None:
    assert split_row(r"| `a|b` | c\|d | e |") == ["`a|b`", r"c\|d", "e"]


def test_latex_keeps_declared_names_and_never_uses_a_pipe() -> None:
    model = compose("human")
    expr = model.parsed["process:OB_commitment"]
    text = latex_of(expr)
    assert r"\pi_{\mathrm{act\_TGFb\_OBu}}" in text
    assert r"D_{\mathrm{OBu}}" in text
    for key, parsed in model.parsed.items():
        assert "|" not in latex_of(parsed), key


def test_reference_sets_render_too() -> None:
    for name in ("lemaire2004", "pivonka2008"):
        md = model_reference_markdown(name)
        check_parameters(md, compose(name))


class _Cells(HTMLParser):
    """Rows of every HTML table: lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_rendered_tables_show_every_parameter_unit_in_its_own_cell() -> None:
    markdown = pytest.importorskip("markdown")
    model = compose("mouse")
    page_html = markdown.markdown(
        model_reference_markdown("mouse"), extensions=["tables", "attr_list", "md_in_html"]
    )
    parser = _Cells()
    parser.feed(page_html)
    header = list(PARAMETER_COLUMNS)
    rows, in_params = [], False
    for row in parser.rows:
        if row[: len(header)] == header:
            in_params = True
        elif row and row[0] in ("name", "parameter", "target", "declared"):
            in_params = False
        elif in_params:
            rows.append(row)
    assert len(rows) == len(model.parameters)
    units = {row[0]: row[2] for row in rows}
    for p in model.parameters:
        assert units[p.name] == unit_text(p.unit), p.name
