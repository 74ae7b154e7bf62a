"""Mineral homeostasis: the calcium-PTH-vitamin D axis around the remodeling skeleton."""

from __future__ import annotations

import numpy as np
import pytest

from osteoimmune.errors import InputError
from osteoimmune.experiments.arms import end, run, series
from osteoimmune.model.parameters import load_parameter_set
from osteoimmune.protocol.scenario import scenario_from_dict

YOUNG = {"species": "human", "sex": "female", "age": "25 years", "duration": "2 years",
         "save_every": "30 days"}  # fmt: skip
MENO = {"species": "human", "sex": "female", "age": "50 years", "duration": "6 years",
        "save_every": "10 days", "events": [{"at": "1 years", "condition": "menopause"}]}  # fmt: skip


def test_the_young_adult_sits_at_the_reference_values() -> None:
    """Peterson & Riggs (2010) and Peacock (2010): total calcium 2.35 mmol/L, phosphate 1.2, PTH
    27 pg/mL (2.9 pM of intact PTH), calcitriol 40 pg/mL, urinary calcium 5 mmol/day, and a
    skeleton in calcium balance."""
    r = run(YOUNG)
    assert end(r, "calcium_mmol_l") == pytest.approx(2.35, abs=0.005)
    assert end(r, "phosphate_mmol_l") == pytest.approx(1.2, abs=0.005)
    assert end(r, "pth_pg_ml") == pytest.approx(27.4, rel=0.02)
    assert end(r, "calcitriol_pg_ml") == pytest.approx(40.0, rel=0.02)
    assert end(r, "urine_calcium_mmol_day") == pytest.approx(5.0, rel=0.02)
    assert end(r, "vitamin_d_ng_ml") == pytest.approx(30.0, rel=0.01)


def test_the_skeleton_gives_plasma_exactly_the_calcium_its_mineral_loses() -> None:
    """Resorption frees the calcium of the bone it removes and mineralization takes it up, so the
    calcium that leaves the skeleton over the menopausal transition equals the fall of skeletal
    mineral (volume x mineral content of both envelopes) that DXA sees."""
    r = run(MENO)
    p = load_parameter_set("human").parameters
    w = p["w_skel_trab"].value
    skel_mmol = p["Ca_skel_ref"].value * (
        w * series(r, "BMC_trab") + (1 - w) * series(r, "BMC_cort")
    )
    net_out = series(r, "ca_bone_release") - series(r, "ca_bone_uptake")  # mmol/day
    released = np.trapezoid(net_out, np.asarray(r.times))
    lost = skel_mmol[0] - skel_mmol[-1]
    assert lost > 0
    assert released == pytest.approx(lost, rel=0.02)


def test_plasma_calcium_is_defended_while_bone_is_lost() -> None:
    """Estrogen loss frees skeletal calcium for years; the kidney excretes it (urinary calcium
    rises while bone is lost fastest) and serum calcium stays in its reference interval."""
    r = run(MENO)
    ca = series(r, "calcium_mmol_l")
    urine = series(r, "urine_calcium_mmol_day")
    assert ca.min() > 2.1 and ca.max() < 2.55
    assert urine.max() > urine[0] + 0.1


def test_pth_secretion_falls_as_calcium_rises() -> None:
    """The calcium-sensing receptor: a calcium supplement lowers the gland's PTH and raises
    urinary calcium; losing the glands lowers calcium."""
    base = {**YOUNG, "age": "60 years", "duration": "1 years"}
    supp = run({**base, "events": [{"treatment": "calcium", "dose": "2000 mg", "every": "1 days",
                                    "doses": 365, "route": "oral"}]})  # fmt: skip
    none = run(base)
    hypo = run({**base, "events": [{"condition": "hypoparathyroidism"}]})
    assert end(supp, "calcium_mmol_l") > end(none, "calcium_mmol_l")
    assert end(supp, "pth_pg_ml") < end(none, "pth_pg_ml")
    assert end(supp, "urine_calcium_mmol_day") > end(none, "urine_calcium_mmol_day")
    assert end(hypo, "calcium_mmol_l") < end(none, "calcium_mmol_l") - 0.2


def test_teriparatide_is_not_the_bodys_own_pth() -> None:
    """A teriparatide dose fills the PTH receptor (total PTH rises) while the gland's own intact
    PTH, which the observable reports, falls as calcium rises."""
    r = run({"species": "human", "sex": "female", "age": "66 years", "duration": "1 days",
             "save_every": "0.5 hours", "events": [{"at": "-15 years", "condition": "menopause"},
             {"treatment": "teriparatide", "dose": "20 ug", "every": "1 days", "doses": 1}]})  # fmt: skip
    total, own = series(r, "PTH"), series(r, "pth_pg_ml")
    assert total.max() > 5 * total[0]
    assert own.min() < 0.8 * own[0]


def test_abaloparatide_spares_the_sustained_receptor_signal() -> None:
    """Hattersley et al. 2016: abaloparatide prefers the PTH receptor's RG conformation, so at
    its label dose it drives the osteoblast pulse signal (``PTH_RG``) more than the sustained
    R0 signal that sets RANKL and the kidney (``PTH``); teriparatide drives both alike."""
    doc = {"species": "human", "sex": "female", "age": "66 years", "duration": "1 days",
           "save_every": "0.25 hours", "events": [{"at": "-15 years", "condition": "menopause"}]}  # fmt: skip
    abl = run({**doc, "events": [*doc["events"], {"treatment": "abaloparatide", "dose": "80 ug"}]})
    tptd = run({**doc, "events": [*doc["events"], {"treatment": "teriparatide", "dose": "20 ug"}]})
    assert series(abl, "PTH_RG").max() > 1.5 * series(abl, "PTH").max()
    np.testing.assert_allclose(series(tptd, "PTH_RG"), series(tptd, "PTH"), rtol=1e-12)
    assert series(abl, "calcium_mmol_l").max() < series(tptd, "calcium_mmol_l").max()


def test_calcitriol_restrains_th17_and_promotes_tregs() -> None:
    """Chang 2010, Jeffery 2009: calcitriol at nanomolar levels lowers Th17 polarisation and
    raises induced Tregs; both factors are 1 at the young adult's calcitriol."""
    young = run(YOUNG)
    assert series(young, "calcitriol_th17")[0] == pytest.approx(1.0, abs=1e-9)
    assert series(young, "calcitriol_treg")[0] == pytest.approx(1.0, abs=1e-9)
    dosed = run({**YOUNG, "duration": "30 days", "save_every": "1 days", "events": [
        {"treatment": "calcitriol", "dose": "2 ug", "every": "12 hours", "doses": 60}]})  # fmt: skip
    assert series(dosed, "calcitriol_th17").min() < 0.99
    assert series(dosed, "calcitriol_treg").max() > 1.01
    assert end(dosed, "Th17") < end(run({**YOUNG, "duration": "30 days"}), "Th17")
    np.testing.assert_allclose(
        series(dosed, "calcitriol_ng_ml"), series(dosed, "calcitriol_pg_ml") / 1000, rtol=1e-12
    )


def test_kidney_disease_runs_at_the_rate_the_user_sets() -> None:
    """`k_ckd` is the fall of filtration per year; a faster decline reaches a lower GFR and a
    higher PTH in the same time."""
    doc = {"species": "human", "sex": "male", "age": "50 years", "duration": "5 years",
           "save_every": "1 years", "events": [{"condition": "chronic_kidney_disease"}]}  # fmt: skip
    slow = run({**doc, "parameters": {"k_ckd": "4 mL/min/year"}})
    fast = run({**doc, "parameters": {"k_ckd": "12 mL/min/year"}})
    gfr0 = series(slow, "gfr_ml_min")[0]
    assert gfr0 - end(slow, "gfr_ml_min") == pytest.approx(5 * 4 + 5 * 0.8 * 0.7, rel=0.25)
    assert end(fast, "gfr_ml_min") < end(slow, "gfr_ml_min") - 30
    assert end(fast, "pth_pg_ml") > end(slow, "pth_pg_ml")


@pytest.mark.parametrize(
    ("events", "parameters", "field", "fragment"),
    [
        (
            [{"treatment": "calcium", "dose": "500 IU", "every": "1 days", "doses": 3}],
            {},
            "dose",
            "a mass",
        ),
        ([], {"k_ckd": "-2 mL/min/year"}, "k_ckd", "bounds"),
        (
            [
                {"condition": "chronic_kidney_disease"},
                {"condition": "chronic_kidney_disease", "at": "1 years"},
            ],
            {},
            "condition",
            "each condition once",
        ),
    ],
)
def test_bad_mineral_input_is_refused_with_one_line(
    events: list[dict[str, object]], parameters: dict[str, str], field: str, fragment: str
) -> None:
    doc = {"species": "human", "sex": "male", "age": "50 years", "duration": "3 years",
           "events": events, "parameters": parameters}  # fmt: skip
    with pytest.raises(InputError) as info:
        scenario_from_dict(doc, name="bad")
    message = str(info.value)
    assert field in message and fragment in message
    assert "\n" not in message


def test_a_second_episode_after_the_first_has_ended_is_accepted() -> None:
    doc = {"species": "human", "sex": "male", "age": "50 years", "duration": "3 years",
           "events": [{"condition": "infection", "duration": "30 days"},
                      {"condition": "infection", "at": "1 years", "duration": "30 days"}]}  # fmt: skip
    assert len(scenario_from_dict(doc, name="ok").events) == 2


def test_a_calcitriol_capsule_follows_its_label() -> None:
    """Rocaltrol label: 0.5 ug by mouth raises serum calcitriol by about 20 pg/mL at 2 hours,
    13 at 4, 10 at 8, 4 at 12 and 1.5 at 24 hours."""
    r = run({"species": "human", "sex": "female", "age": "60 years", "duration": "1 days",
             "save_every": "1 hours", "events": [{"treatment": "calcitriol", "dose": "0.5 ug",
             "every": "1 days", "doses": 1}]})  # fmt: skip
    d3 = series(r, "calcitriol_pg_ml")
    hours = np.asarray(r.times) * 24
    rise = {h: float(np.interp(h, hours, d3)) - d3[0] for h in (2, 4, 8, 12)}
    assert rise[2] == pytest.approx(20.0, rel=0.2)
    assert rise[2] > rise[4] > rise[8] > rise[12] > 0
    assert abs(d3[-1] - d3[0]) < 3.0


@pytest.mark.parametrize("species", ["human", "mouse"])
def test_derived_references_are_the_young_adults_own(species: str) -> None:
    """PTH_ref, T_total_ref and T8_ref are derived values (the basal secretion over its
    clearance, the young adult's T cells): at the young adult's equilibrium the PTH receptor
    drive and both T-cell factors are 1, so health is not moved by the axis. (The young
    mouse's skeleton is not quite balanced, as test_bone notes: it frees 3e-7 mmol of calcium a
    day more than it takes up, which moves its PTH by 2e-6.)"""
    p = load_parameter_set(species).parameters
    assert p["PTH_ref"].value == pytest.approx(p["beta_PTH"].value / p["D_PTH"].value, rel=1e-12)
    r = run({"species": species, "duration": "2 days", "save_every": "1 days"})
    within = 1e-7 if species == "human" else 1e-5
    for name in ("pth_receptor_rel", "pth_t_sens", "pth_wnt10b_T"):
        assert series(r, name)[0] == pytest.approx(1.0, rel=within), name


def test_a_diet_without_calcium_drains_the_skeleton_not_the_plasma() -> None:
    """Endogenous faecal calcium is secreted with the digestive juices, whose calcium follows the
    plasma's (the model's assumption): with no dietary calcium for 20 years, PTH
    draws on bone and plasma calcium stays in the hypocalcaemic range. With a fixed endogenous
    loss the gut drained plasma calcium towards zero (0.08 mmol/L at 20 years) and, at extreme
    parameter values, below it."""
    import osteoimmune as oi

    doc = {
        "species": "human",
        "duration": "20 years",
        "save_every": "365 days",
        "parameters": {"Ca_intake": "0 mmol/day"},
    }
    r = oi.simulate(oi.scenario_from_dict(doc))
    calcium = np.asarray(r.states["Ca_p"])
    assert calcium.min() > 1.0  # mmol/L
    assert r.at("bmd_lumbar_spine_pct", 20 * 365.25) < -5.0  # the skeleton pays
