"""The corpus of bad and adversarial scenario documents every entry point must refuse.

Two parts: the hand-written files of ``tests/data/bad`` (each opens with ``# expect: <words>``),
and the product of every quantity-bearing field of a scenario with hostile values of it
(evaluated arithmetic, overflow, non-finite and non-ASCII numbers, unknown or wrong units,
values of the wrong YAML type). Every case names the words its one-line refusal must contain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BAD_DIR = Path(__file__).parent / "data" / "bad"
BASE: dict[str, Any] = {
    "species": "human",
    "sex": "female",
    "age": "50 years",
    "duration": "100 days",
    "save_every": "10 days",
}


@dataclass(frozen=True)
class Case:
    """One bad document: its name, its text and the words its refusal must contain."""

    name: str
    text: str
    expect: str

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.yaml"
        path.write_text(self.text, encoding="utf-8")
        return path


def _file_cases() -> list[Case]:
    cases = []
    for path in sorted(BAD_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <words>'"
        cases.append(Case(path.stem, text, first.split(":", 1)[1].strip()))
    return cases


def _condition(v: Any) -> dict[str, Any]:
    return {"events": [{"at": v, "condition": "menopause"}]}


def _treatment(**kv: Any) -> dict[str, Any]:
    event = {"at": "1 days", "treatment": "denosumab", "dose": "60 mg", "route": "sc", **kv}
    return {"events": [event]}


def _infusion(**kv: Any) -> dict[str, Any]:
    spec = {"target": "opg", "rate": "5 pM/day", "duration": "20 days", **kv}
    return {"events": [{"at": "1 days", "infusion": spec}]}


#: field as the refusal names it -> (the unit of its good values, the document it is read in)
FIELDS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "duration": ("days", lambda v: {"duration": v}),
    "save_every": ("days", lambda v: {"save_every": v}),
    "age": ("years", lambda v: {"age": v}),
    "events[0].at": ("days", _condition),
    "events[0].duration": (
        "days",
        lambda v: {"events": [{"at": "1 days", "condition": "menopause", "duration": v}]},
    ),
    "events[0].dose": ("mg", lambda v: _treatment(dose=v)),
    "events[0].every": ("days", lambda v: _treatment(every=v, doses=2)),
    "events[0].over": ("hours", lambda v: _treatment(over=v, route="iv")),
    "events[0].until": ("days", lambda v: _treatment(every="30 days", until=v)),
    "events[0].infusion.rate": ("pM/day", lambda v: _infusion(rate=v)),
    "events[0].infusion.duration": ("days", lambda v: _infusion(duration=v)),
    "parameters.k_TNF": ("day**-1", lambda v: {"parameters": {"k_TNF": v}}),
}
#: hostile values, written with ``{u}`` for the field's unit
VALUES: dict[str, Any] = {
    "power_tower": "9**9**9 {u}",
    "overflow_literal": "1e999 {u}",
    "power_overflow": "2**1024 {u}",
    "nan": "nan {u}",
    "minus_inf": "-inf {u}",
    "inf": "inf {u}",
    "arithmetic": "60 {u} + 1 {u} - 1 {u}",
    "hex": "0x10 {u}",
    "underscore_digits": "1_000 {u}",
    "fullwidth_digits": "１０ {u}",
    "no_number": "{u}",
    "empty": "",
    "unknown_unit": "1 fortnightz",
    "wrong_dimension": "5 kelvin",
    "a_list": ["1 {u}"],
    "a_mapping": {"value": 1},
    "a_boolean": True,
}


def _expand(value: Any, unit: str) -> Any:
    return value.replace("{u}", unit) if isinstance(value, str) else value


def _product_cases() -> list[Case]:
    cases = []
    for field, (unit, doc) in FIELDS.items():
        for label, value in VALUES.items():
            text = yaml.safe_dump({**BASE, **doc(_expand(value, unit))}, allow_unicode=True)
            slug = field.replace("events[0].", "event_").replace(".", "_")
            cases.append(Case(f"{slug}__{label}", text, f"{field}:"))
    return cases


CORPUS: tuple[Case, ...] = (*_file_cases(), *_product_cases())
