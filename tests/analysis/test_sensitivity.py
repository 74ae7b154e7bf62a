"""Sensitivity analysis: outputs, ranges, local signs, and Sobol agreeing with Morris."""

from __future__ import annotations

import json

import numpy as np
import pytest

import osteoimmune as oi
from osteoimmune.analysis.sensitivity import (
    Output,
    local_sensitivity,
    morris_screening,
    parameter_bounds,
    sobol_indices,
)
from osteoimmune.cli import main
from osteoimmune.errors import InputError
from osteoimmune.plotting import sensitivity_figure

#: ten parameters of the menopause scenario: two dominate spine BMD at 5 years after the final
#: menstrual period (TNF clearance, then the T-cell share of estrogen's action, whose range stops
#: at its bound of 1), two follow close together (T-cell activation, IL-7 production)
TEN = [
    "BV_trab_ref", "n_OB", "k_TNF", "k_act", "f_E2_T",
    "d_Treg", "p_IL7", "d_OCp", "a_E2_SCL", "D_MCSF",
]  # fmt: skip


@pytest.fixture(scope="module")
def menopause() -> oi.Scenario:
    return oi.load_scenario("menopause")


def test_outputs_parse_with_units_or_days() -> None:
    assert Output.parse("bmd_lumbar_spine_pct@5 years") == Output(
        "bmd_lumbar_spine_pct", 5 * 365.25
    )
    assert Output.parse("ctx_ng_ml@365").time_days == 365.0
    for bad in ("ctx_ng_ml", "@5 years", "ctx_ng_ml@", "ctx_ng_ml@5 mg"):
        with pytest.raises(InputError):
            Output.parse(bad)


def test_ranges_spread_declared_or_given(menopause) -> None:
    k = next(p for p in menopause.model().parameters if p.name == "k_TNF")
    assert parameter_bounds(menopause, ["k_TNF"]) == {"k_TNF": (0.5 * k.value, 1.5 * k.value)}
    assert parameter_bounds(menopause, ["k_TNF"], spread=None) == {"k_TNF": k.bounds}
    assert parameter_bounds(menopause, {"k_TNF": (1, 2)}) == {"k_TNF": (1.0, 2.0)}
    with pytest.raises(InputError, match="parameters"):
        parameter_bounds(menopause, ["k_nope"])
    with pytest.raises(InputError, match="spread"):
        parameter_bounds(menopause, ["k_TNF"], spread=1.5)
    with pytest.raises(InputError, match="low < high"):
        parameter_bounds(menopause, {"k_TNF": (2, 1)})


def test_spread_ranges_stay_within_the_declared_bounds(menopause) -> None:
    """+/-50 % of a share, a gene product or a physical constant would leave physics (a T-cell
    share of estrogen's action of 1.4, one and a half ovaries): a spread is cut to the declared
    bounds, and a parameter its bounds fix is left out (or refused when named)."""
    params = {p.name: p for p in menopause.model().parameters}
    ranges = parameter_bounds(menopause, None)
    for name, (lo, hi) in ranges.items():
        b_lo, b_hi = params[name].bounds
        assert b_lo <= lo < hi <= b_hi, name
    assert ranges["f_E2_T"] == (0.5 * params["f_E2_T"].value, 1.0)
    assert ranges["ovaries"] == (0.5, 1.0)
    assert "N_avogadro" not in ranges
    with pytest.raises(InputError, match="bounds fix it"):
        parameter_bounds(menopause, ["N_avogadro"])


def test_bad_analyses_are_refused(menopause) -> None:
    out = [Output.parse("bmd_lumbar_spine_pct@7 years")]
    with pytest.raises(InputError, match="power of 2"):
        sobol_indices(menopause, out, ["k_TNF"], n=100)
    with pytest.raises(InputError, match="trajectories"):
        morris_screening(menopause, out, ["k_TNF"], trajectories=1)
    with pytest.raises(InputError, match="output"):
        morris_screening(menopause, [Output("bmd_nope", 10.0)], ["k_TNF"])
    with pytest.raises(InputError, match="within the run"):
        morris_screening(menopause, [Output("ctx_ng_ml", 1e6)], ["k_TNF"])


def test_local_signs_follow_tnf(menopause) -> None:
    """More TNF from T cells deepens the loss after menopause; faster TNF clearance softens it
    (Roggia 2001; Cenci 2000): BMD change is negative, so deeper loss is a positive coefficient."""
    res = local_sensitivity(
        menopause, [Output.parse("bmd_lumbar_spine_pct@7 years")], ["p_TNF_T", "k_TNF"]
    )
    coef = dict(zip(res.table["parameter"], res.table["coefficient"], strict=True))
    assert coef["p_TNF_T"] > 0.5
    assert coef["k_TNF"] < -0.5
    assert res.ranking()[0] in {"p_TNF_T", "k_TNF"}


def test_plots_are_written(menopause, tmp_path) -> None:
    res = morris_screening(
        menopause, [Output.parse("bmd_lumbar_spine_pct@7 years")], ["k_TNF", "n_OB"],
        trajectories=2,
    )  # fmt: skip
    sensitivity_figure(res, tmp_path / "m.png")
    assert (tmp_path / "m.png").stat().st_size > 5_000
    assert np.all(np.isfinite(res.values))


@pytest.mark.slow
def test_sobol_and_morris_agree_on_the_leading_parameters_from_the_command_line(tmp_path) -> None:
    """Spine BMD at 5 years after menopause over ten parameters (+/-20 %): Sobol's total
    indices and Morris' mu* rank the same two parameters first, in the same order, and the same
    two next (whose indices lie within each other's confidence intervals, so their order is
    the sampling's)."""
    rankings = {}
    for method, extra in (("sobol", ["--n", "128"]), ("morris", ["--trajectories", "20"])):
        path = tmp_path / f"{method}.json"
        code = main(
            [
                "sensitivity", "menopause", "--output", "bmd_lumbar_spine_pct@7 years",
                "--method", method, "--parameters", *TEN, "--spread", "0.2",
                "--workers", "2", "--json", str(path), *extra,
            ]
        )  # fmt: skip
        assert code == 0
        doc = json.loads(path.read_text())
        rankings[method] = next(iter(doc["ranking"].values()))
    assert rankings["sobol"][:2] == rankings["morris"][:2] == ["f_E2_T", "k_TNF"]
    assert set(rankings["sobol"][2:4]) == set(rankings["morris"][2:4]) == {"d_OCp", "p_IL7"}
