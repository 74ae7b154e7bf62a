"""The readout language: what it accepts, what it refuses, and that it computes what it says."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from osteoimmune.experiments.expressions import (
    FUNCTIONS,
    Evaluator,
    Series,
    SpecError,
    names,
    parse,
)

T = np.array([0.0, 10.0, 20.0, 30.0])
ARMS = {
    ("a", "x"): Series(T, np.array([1.0, 2.0, 4.0, 3.0])),
    ("b", "x"): Series(T, np.array([1.0, 1.0, 1.0, 1.0])),
    ("pop", "x"): Series(T, np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0], [0, 1, 1, 2]])),
    ("pop", "y"): Series(T, np.array([[1.0, 1.0, 1.0, 2.0], [1.0, 1.0, 1.0, 3.0], [0, 0, 0, 1]])),
}


def ev(text: str, **variables: float) -> object:
    return Evaluator(lambda arm, name: ARMS[(arm, name)], variables, FUNCTIONS)(parse(text))


def test_value_at_a_time_interpolates_linearly() -> None:
    assert ev("a.x@15") == pytest.approx(3.0)
    assert ev("a.x@end") == pytest.approx(3.0)
    assert ev("a.x@1.5e1") == pytest.approx(3.0)
    assert ev("a.x@start") == pytest.approx(1.0)
    assert ev("at(a.x, t)", t=5.0) == pytest.approx(1.5)


def test_vocabulary() -> None:
    assert ev("change(a.x@20, b.x@20)") == pytest.approx(300.0)
    assert ev("ratio(a.x@20, b.x@20)") == pytest.approx(4.0)
    assert ev("peak(a.x)") == 4.0
    assert ev("time_of_peak(a.x)") == 20.0
    assert ev("trough(a.x, 10, 30)") == 2.0
    assert ev("slope(a.x, 0, 20)") == pytest.approx(3.0 / (20 / 365.25))
    assert ev("mean(a.x, 10, 20)") == pytest.approx(3.0)
    assert ev("first_below(a.x, 1.5)") == 0.0
    assert math.isinf(ev("first_below(a.x, 0.5)"))  # type: ignore[arg-type]
    assert ev("max(abs(a.x - 2.5))") == pytest.approx(1.5)
    assert ev("2 * year") == pytest.approx(730.5)


def test_series_of_one_arm_combine_elementwise_and_population_values_are_arrays() -> None:
    assert ev("peak(a.x / b.x)") == 4.0
    vals = ev("pop.x@end")
    assert isinstance(vals, np.ndarray) and vals.shape == (3,)
    assert ev("corr(pop.x@end, pop.y@end)") == pytest.approx(
        float(np.corrcoef([4, 8, 2], [2, 3, 1])[0, 1])
    )


def test_series_of_different_arms_do_not_combine() -> None:
    ARMS[("c", "x")] = Series(np.array([0.0, 5.0]), np.array([1.0, 1.0]))
    with pytest.raises(SpecError, match="different arms"):
        ev("peak(a.x - c.x)")


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "a.x.__class__",
        "(lambda: 1)()",
        "[i for i in range(3)]",
        "open('/etc/passwd')",
        "a.x@(t + 1)",
        "f(x=1)",
        "a[0]",
        "'a' if 1 else 'b'",
        "",
        "1 +" * 2000,
    ],
)
def test_refuses_anything_outside_the_language(text: str) -> None:
    with pytest.raises(SpecError):
        ev(text, t=1.0)


def test_unknown_names_and_functions_say_what_exists() -> None:
    with pytest.raises(SpecError, match="unknown name 'nope'"):
        ev("nope + 1")
    with pytest.raises(SpecError, match=r"unknown function 'fourier'.*change"):
        ev("fourier(a.x)")


def test_names_separates_arms_from_plain_names() -> None:
    arms, plain = names(parse("change(a.x@t1, b.y@end) + k"))
    assert arms == {"a", "b"}
    assert plain == {"t1", "k"}


def test_at_binds_tighter_than_any_operator() -> None:
    assert ev("a.x@end / b.x@end") == pytest.approx(3.0)
    assert ev("peak(a.x / b.x@end)") == pytest.approx(4.0)  # a course divided by a value
    assert ev("2 * a.x@20 - a.x@10") == pytest.approx(6.0)


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0.5, 1e6, allow_nan=False),
)
def test_arithmetic_is_python_arithmetic(x: float, y: float, z: float) -> None:
    assert ev("(x + y) * 2 - y / z", x=x, y=y, z=z) == pytest.approx((x + y) * 2 - y / z)
    assert ev("x < y and not y < x", x=x, y=y) == (x < y and not y < x)


@pytest.mark.parametrize(
    "text",
    ["'x' * 10", "9 ** 9 ** 9", "-" * 1500 + "1", "param('human', 'x') + 'y'", "[1, 2] * 3"],
)
def test_hostile_expressions_end_in_a_spec_error_quickly(text: str) -> None:
    with pytest.raises(SpecError):
        ev(text)


def test_first_below_gives_one_time_per_subject_of_a_population() -> None:
    times = ev("first_below(pop.x, 1.5)")
    assert list(times) == [0.0, math.inf, 0.0]  # type: ignore[call-overload]
    assert ev("first_above(a.x, 3.5)") == 20.0
