"""Parameter sets: definitions declared once, values per species, checked when loaded."""

from __future__ import annotations

import re
import sys
from importlib import resources
from typing import Any

import pytest

from osteoimmune.errors import InputError, ModelError
from osteoimmune.model.parameters import (
    DEFINITIONS,
    SPECIES,
    _parse,
    _parse_definitions,
    available_parameter_sets,
    load_parameter_set,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FOLDER = resources.files("osteoimmune") / "data" / "parameters"

#: Digests (names, modules, values, units) of the sets as they were when every species file
#: still carried full entries; the split into definitions and values kept them. A deliberate
#: change of a value updates this table (and the regression tables): last for abaloparatide,
#: the drugs' molar masses (serum levels in ng/mL), calcitriol on T cells and PTH-driven
#: cortical remodeling (32 parameters added); then the hip's trabecular share and the human TNF
#: gains (with IL-1's answer to estrogen loss) refitted; then thymic output driven by IL-7
#: (g_thy_E2 replaced by g_thy_IL7 and IL7_thy_ref, the estrogen response unchanged).
DIGESTS = {
    "human": "bab8eef827b07e76",
    "mouse": "64963a7aeb2505cd",
    "lemaire2004": "eecb65bae48e679d",
    "pivonka2008": "df2bc155c871c5c6",
}


def _raw(stem: str) -> dict[str, Any]:
    return tomllib.loads((FOLDER / f"{stem}.toml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# the shipped files


def test_definitions_file_is_not_a_parameter_set() -> None:
    assert DEFINITIONS not in available_parameter_sets()
    assert set(SPECIES) <= set(available_parameter_sets())
    with pytest.raises(InputError, match="parameter_set"):
        load_parameter_set(DEFINITIONS)


def test_merged_sets_keep_the_values_they_had() -> None:
    assert {n: load_parameter_set(n).digest for n in DIGESTS} == DIGESTS
    assert len(load_parameter_set("human").parameters) == 628
    assert len(load_parameter_set("mouse").parameters) == 628


def test_every_parameter_is_complete() -> None:
    for name in available_parameter_sets():
        for p in load_parameter_set(name).parameters.values():
            assert p.description.strip() and p.source.strip(), (name, p.name)
            assert isinstance(p.unit, str), (name, p.name)
            assert p.bounds[0] <= p.value <= p.bounds[1], (name, p.name)


def test_species_define_the_same_parameters_in_the_same_order() -> None:
    defined = list(_raw(DEFINITIONS)["parameters"])
    for species in SPECIES:
        pset = load_parameter_set(species)
        assert list(pset.parameters) == defined, species
        assert list(_raw(species)["parameters"]) == defined, species


def test_species_files_repeat_no_definition_field() -> None:
    defs = _raw(DEFINITIONS)["parameters"]
    for species in SPECIES:
        for pname, entry in _raw(species)["parameters"].items():
            assert "unit" not in entry, (species, pname)
            for field in ("description", "bounds"):
                if field in entry:
                    assert entry[field] != defs[pname][field], (species, pname, field)


def test_species_take_units_and_definitions_from_the_definitions_file() -> None:
    defs = _raw(DEFINITIONS)["parameters"]
    human = load_parameter_set("human")
    for pname, d in defs.items():
        p = human.parameters[pname]
        assert (p.unit, p.description, list(p.bounds)) == (d["unit"], d["description"], d["bounds"])
        assert load_parameter_set("mouse").parameters[pname].unit == d["unit"]


def test_every_bounds_override_says_why() -> None:
    for species in SPECIES:
        text = (FOLDER / f"{species}.toml").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("bounds"):
                assert re.search(r"\]\s+#\s*\S", line), (species, line)


def test_reference_sets_carry_full_entries_with_the_definitions_units() -> None:
    defs = _raw(DEFINITIONS)["parameters"]
    for name in available_parameter_sets():
        if name in SPECIES:
            continue
        entries = _raw(name)["parameters"]
        for pname, entry in entries.items():
            assert set(entry) == {"value", "unit", "description", "source", "bounds"}, pname
            if pname in defs:
                assert entry["unit"] == defs[pname]["unit"], (name, pname)


# --------------------------------------------------------------------------------------------
# the checks, on small files

DEFS = """
[parameters.k]
unit = "1/day"
description = "a rate"
bounds = [0.0, 10.0]

[parameters.c]
unit = "pM"
description = "a concentration"
bounds = [0.0, 100.0]
"""

META = '[meta]\nname = "toy"\nspecies = "{species}"\nmodules = ["m"]\n'


def _load(body: str, species: str = "human", defs: str = DEFS) -> Any:
    definitions = _parse_definitions(defs, "defs.toml")
    return _parse(
        "toy",
        META.format(species=species) + body,
        definitions,
        file="toy.toml",
        definitions_file="defs.toml",
    )


GOOD = """
[parameters.k]
value = 2.0
source = "paper, Table 1"

[parameters.c]
value = 5.0
source = "paper, Table 2"
"""


def test_a_species_set_merges_definitions_and_values() -> None:
    pset = _load(GOOD)
    k = pset.parameters["k"]
    assert (k.value, k.unit, k.description, k.source, k.bounds) == (
        2.0,
        "1/day",
        "a rate",
        "paper, Table 1",
        (0.0, 10.0),
    )
    over = _load(GOOD.replace('Table 1"', 'Table 1"\nbounds = [1.0, 400.0]\ndescription = "fast"'))
    assert over.parameters["k"].bounds == (1.0, 400.0)
    assert over.parameters["k"].description == "fast"


def test_undefined_parameter_names_file_entry_and_fix() -> None:
    body = GOOD + '\n[parameters.kk]\nvalue = 1.0\nsource = "paper"\n'
    with pytest.raises(ModelError) as err:
        _load(body)
    msg = str(err.value)
    assert "toy.toml [parameters.kk]" in msg and "no definition in defs.toml" in msg
    assert "did you mean 'k'?" in msg and "define it there" in msg


def test_definition_without_value_names_both_files_and_fix() -> None:
    body = GOOD.split("[parameters.c]")[0]
    with pytest.raises(ModelError) as err:
        _load(body)
    msg = str(err.value)
    assert msg.startswith("defs.toml: 1 defined parameter(s) have no value in toy.toml: c;")
    assert "add [parameters.NAME] with value and source to toy.toml" in msg


def test_value_outside_bounds_names_value_bounds_and_fix() -> None:
    with pytest.raises(ModelError) as err:
        _load(GOOD.replace("value = 2.0", "value = 20.0"))
    msg = str(err.value)
    assert "toy.toml [parameters.k] value: got 20.0 1/day" in msg
    assert "[0.0, 10.0] of defs.toml" in msg and "widen the bounds only with a source" in msg
    with pytest.raises(ModelError, match=r"\[1\.0, 1\.5\] of this entry"):
        _load(GOOD.replace('Table 1"', 'Table 1"\nbounds = [1.0, 1.5]'))


def test_unit_in_a_species_file_is_a_mismatch_or_a_repeat() -> None:
    with pytest.raises(ModelError) as err:
        _load(GOOD.replace('Table 2"', 'Table 2"\nunit = "nM"'))
    msg = str(err.value)
    assert "toy.toml [parameters.c] unit: got 'nM'" in msg
    assert "definition's unit 'pM' (defs.toml)" in msg and "convert the value to 'pM'" in msg
    with pytest.raises(ModelError, match="got 'pM'; remove it"):
        _load(GOOD.replace('Table 2"', 'Table 2"\nunit = "pM"'))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('description = "a rate"', r"\[parameters.k\] description: got 'a rate'.*must differ"),
        ("bounds = [0.0, 10.0]", r"\[parameters.k\] bounds: got \[0.0, 10.0\].*must differ"),
        ("vlaue = 1.0", r"\[parameters.k\] vlaue: unknown field \(did you mean 'value'\?\)"),
        ("bounds = [5.0, 1.0]", r"bounds: got \[5.0, 1.0\]; expected \[low, high\] with low <= h"),
    ],
)
def test_bad_species_entries_are_named(extra: str, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        _load(GOOD.replace('Table 1"', f'Table 1"\n{extra}'))


def test_missing_fields_and_bad_values_are_named() -> None:
    with pytest.raises(ModelError, match=r"toy.toml \[parameters.k\]: field 'source' is missing"):
        _load(GOOD.replace('source = "paper, Table 1"', ""))
    with pytest.raises(ModelError, match=r"\[parameters.k\] value: got 'fast'; expected a num"):
        _load(GOOD.replace("value = 2.0", 'value = "fast"'))
    with pytest.raises(ModelError, match=r"\[parameters.k\] source: got ''"):
        _load(GOOD.replace('"paper, Table 1"', '""'))
    with pytest.raises(ModelError, match=r"defs.toml \[parameters.k\]: field 'bounds' is missing"):
        _load(GOOD, defs=DEFS.replace("bounds = [0.0, 10.0]", ""))
    with pytest.raises(ModelError, match=r"toy.toml \[meta\] species: got 'rat'"):
        _load(GOOD, species="rat")


def test_reference_sets_keep_full_entries_and_defined_dimensions() -> None:
    full = """
[parameters.k]
value = 0.5
unit = "1/hour"
description = "the paper's rate"
source = "paper"
bounds = [0.0, 1.0]

[parameters.own]
value = 1.0
unit = "nM"
description = "only in the paper"
source = "paper"
bounds = [0.0, 2.0]
"""
    pset = _load(full, species="reference")
    assert pset.parameters["k"].unit == "1/hour"
    assert pset.parameters["k"].description == "the paper's rate"
    with pytest.raises(ModelError) as err:
        _load(full.replace('"1/hour"', '"pM"'), species="reference")
    msg = str(err.value)
    assert "toy.toml [parameters.k] unit: got 'pM', not of the dimension of '1/day'" in msg
    assert "defs.toml" in msg
    with pytest.raises(ModelError, match=r"\[parameters.own\]: field 'bounds' is missing"):
        _load(full.replace("bounds = [0.0, 2.0]", ""), species="reference")
