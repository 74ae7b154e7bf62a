"""Fuzzed scenario documents through the command line: every document either runs, or fails
with exit 2 (bad input) or 1 (a run that cannot be solved) and one line of message, without a
traceback and without writing a file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from osteoimmune.cli import main

# values a user might type, well and badly
QUANTITIES = st.sampled_from(
    [
        "30 days",
        "2 months",
        "1 years",
        "-3 days",
        "0 days",
        "10000 years",
        "5 kg",
        "abc",
        "",
        "nan days",
        "inf days",
        "9**9**9 days",
        "60 days + 1 years - 1 years",
        "2**1024 days",
        "1e999 days",
        7,
        -1,
        None,
        [],
        {"a": 1},
    ]
)
NAMES = st.sampled_from(
    ["menopause", "ovariectomy", "rheumatoid_arthritis", "infection", "menopaus", "", "nope", 3]
)
DRUGS = st.sampled_from(["denosumab", "alendronate", "adalimumab", "denosumb", "", None])
DOSES = st.sampled_from(["60 mg", "70 mg", "40 mg", "60 mL", "-5 mg", "mg", 60, None])


@st.composite
def events(draw: Any) -> Any:
    kind = draw(st.sampled_from(["condition", "treatment", "cells", "infusion", "junk", "text"]))
    at = draw(st.sampled_from(["0 days", "10 days", "20 days", "-1 years", "40 years", "x"]))
    if kind == "condition":
        return {"at": at, "condition": draw(NAMES)}
    if kind == "treatment":
        ev = {"at": at, "treatment": draw(DRUGS), "dose": draw(DOSES)}
        if draw(st.booleans()):
            ev["every"] = draw(QUANTITIES)
            ev["doses"] = draw(st.sampled_from([1, 2, 3, 0, -2, 2.5, "two"]))
        return ev
    if kind == "cells":
        return {"at": at, "cells": {"deplete": draw(st.sampled_from(["cd4", "hsc", "xyz"])),
                                    "fraction": draw(st.sampled_from([0.5, 1.5, -0.1, "half"]))}}  # fmt: skip
    if kind == "infusion":
        return {"at": at, "infusion": {"target": draw(st.sampled_from(["opg", "pth", "nope"])),
                                       "rate": draw(st.sampled_from(["1e3 pM/day", "-1 pM/day",
                                                                     "5 mg"])),
                                       "duration": draw(QUANTITIES)}}  # fmt: skip
    if kind == "junk":
        return {draw(st.sampled_from(["at", "foo", "condition"])): draw(QUANTITIES)}
    return draw(st.text(max_size=12))


@st.composite
def documents(draw: Any) -> Any:
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["species"] = draw(st.sampled_from(["human", "mouse", "humn", "", 5]))
    doc["duration"] = draw(st.sampled_from(["30 days", "60 days", "1 years", "-1 days",
                                            "10000 years", "long", 30]))  # fmt: skip
    if draw(st.booleans()):
        doc["save_every"] = draw(st.sampled_from(["5 days", "0 days", "-1 days", "1 years"]))
    if draw(st.booleans()):
        doc["age"] = draw(st.sampled_from(["50 years", "8 weeks", "-3 years", "500 years", "x"]))
    if draw(st.booleans()):
        doc["genotype"] = draw(st.sampled_from([["opg_ko"], ["nude"], ["opgko"], "opg_ko", [3]]))
    if draw(st.booleans()):
        doc["parameters"] = {
            draw(st.sampled_from(["k_TNF", "P_OPG", "k_nope", "f_E2_T"])): draw(
                st.sampled_from(["2 1/day", "0.5", "-1 1/day", "inf 1/day", "3 kg", 0.5, None])
            )
        }
    if draw(st.booleans()):
        doc["events"] = draw(st.lists(events(), max_size=3))
    if draw(st.integers(0, 9)) == 0:
        doc[draw(st.sampled_from(["sepcies", "durations", "event"]))] = "x"
    if draw(st.integers(0, 14)) == 0:
        return draw(st.sampled_from([[], "just text", 42]))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fuzzed_scenarios_run_or_fail_cleanly(doc: Any) -> None:
    import contextlib
    import io

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "scenario.yaml"
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
        out = folder / "out" / "table.csv"
        out.parent.mkdir()
        err, stdout = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(stdout):
            code = main(["run", str(path), "--out", str(out)])
        written = sorted(p.name for p in out.parent.iterdir())
        event(f"exit {code}")
        if code == 0:
            assert "table.csv" in written
            return
        assert code in (1, 2), (code, doc)
        lines = err.getvalue().splitlines()
        assert len(lines) == 1, (doc, err.getvalue())
        assert lines[0].startswith("osteoimmune: error: "), lines[0]
        assert "Traceback" not in err.getvalue() + stdout.getvalue()
        assert written == [], (doc, written)
