"""The strict quantity reader: a finite literal number and a unit, nothing evaluated."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osteoimmune.errors import InputError
from osteoimmune.units import MAX_QUANTITY_CHARS, parse_quantity, read_quantity

# inputs a hostile or careless user has typed (issue: quantities were evaluated by pint, so
# arithmetic ran and powers of numbers hung the command line and the dashboard)
HOSTILE = [
    "9**9**9 mg",
    "9**9**7 mg",
    "60 mg + 1 g - 1 g",
    "60 mg - 60 mg",
    "2**1024 mg",
    "10**400 days",
    "nan days",
    "NaN days",
    "inf days",
    "-inf days",
    "infinity days",
    "1e999 mg",
    "1e99999 mg",
    "mg**9**9",
    "1 mg**9**9",
    "1 mg**99",
    "1 mg^1000",
    "1 mg**(9**9)",
    "1 mg**x",
    "x" * 10_000,
    "1 " + "m" * 200,
    "1 mg/(kg",
    "1 mg/kg)",
    "__import__('os').system('true') mg",
    "1 mg; 2 mg",
    "1 mg\n2 mg",
    "(1 + 1) mg",
    "0x10 mg",
    "1.0.0 mg",
    "1e mg",
    "e5 mg",
    "- mg",
    "mg",
    "",
    "   ",
    "1 foo",
    "1 mg foo",
    "1 mg 2",
    "1,5 mg",
    "1 mg + 0",
    "1 [mg]",
    "1 {mg}",
    "1 mg\\",
    "1 mg\x00",
    "1 m g g g g g g g g g g g g",
    "0/0",  # read as 1/0: pint divided by zero (hypothesis found it)
    "1 1/0",
    "5 m/2",
    "１０ mg",  # full-width digits: float() reads them, the reader does not
    "٣ mg",  # an Arabic-Indic digit
    "1_000 mg",
    "1 mg²",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_quantities_are_refused_with_the_field_and_the_form(text: str) -> None:
    with pytest.raises(InputError) as err:
        read_quantity(text, "events[0].dose", "mg")
    message = str(err.value)
    assert message.startswith("events[0].dose: got ")
    assert "nothing is evaluated" in message
    assert len(message) < 400  # long input is shortened, not echoed


@pytest.mark.parametrize(
    ("text", "magnitude", "unit"),
    [
        ("60 mg", 60.0, "mg"),
        ("60mg", 60.0, "mg"),
        (" 0.5  days ", 0.5, "day"),
        (".5 days", 0.5, "day"),
        ("-3 days", -3.0, "day"),
        ("1e-3 pM/day", 1e-3, "pM/day"),
        ("1/day", 1.0, "1/day"),
        ("0.5 1/day", 0.5, "1/day"),
        ("3 mg/kg", 3.0, "mg/kg"),
        ("10 ng/mL", 10.0, "ng/mL"),
        ("2 pg/mL/day", 2.0, "pg/mL/day"),
        ("5 %", 5.0, "percent"),
        ("4 m**2", 4.0, "m**2"),
        ("4 m^-2", 4.0, "m**-2"),
        ("1 mg/(kg*day)", 1.0, "mg/kg/day"),
        ("7 cell/uL", 7.0, "cell/uL"),
        ("20 ug", 20.0, "ug"),
    ],
)
def test_ordinary_quantities_read_as_written(text: str, magnitude: float, unit: str) -> None:
    q = read_quantity(text, "f", "mg")
    assert q.to(unit).magnitude == pytest.approx(magnitude)


@given(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from(["mg", "days", "pM/day", "ng/mL", "1/day", "mg/kg", "cell/uL"]),
)
def test_any_finite_literal_round_trips(x: float, unit: str) -> None:
    q = read_quantity(f"{x!r} {unit}", "f", unit)
    assert q.magnitude == x
    assert q.to(unit).magnitude == pytest.approx(x, rel=1e-12, abs=0)


@given(st.text(max_size=2 * MAX_QUANTITY_CHARS))
def test_any_text_is_read_or_refused_with_an_input_error(text: str) -> None:
    try:
        q = read_quantity(text, "f", "mg")
    except InputError:
        return
    assert math.isfinite(q.magnitude)


@pytest.mark.parametrize("value", [2**1024, float("nan"), float("inf"), -float("inf")])
def test_bare_numbers_must_be_finite(value: float) -> None:
    with pytest.raises(InputError, match="finite"):
        parse_quantity(value, "parameters.f_E2_T", "")


@pytest.mark.parametrize(
    "dose", ["9**9**9 mg", "60 mg + 1 g - 1 g", "2**1024 mg", "nan mg", "1e999 mg"]
)
def test_the_command_line_refuses_an_evaluated_dose_in_one_line(tmp_path, capsys, dose) -> None:
    """The dose used to be evaluated: ``9**9**9 mg`` hung the command line, ``2**1024 mg`` ended
    in an OverflowError traceback and ``60 mg + 1 g - 1 g`` ran as 60 mg."""
    import yaml

    from osteoimmune.cli import main

    doc = {
        "species": "human",
        "duration": "1 years",
        "events": [{"at": "0 days", "treatment": "denosumab", "dose": dose}],
    }
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["run", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "events[0].dose" in err[0], err
    assert not out.exists()
