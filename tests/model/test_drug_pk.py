"""Drug PK regressions: each drug's default (label) regimen, simulated through the public path,
gives the half-life and peak (Cmax, Tmax) of its cited source within 20 %.

Cmax is read in ug/mL from the central state (pM) and the drug's molar mass; the terminal
half-life is the log-linear slope of the central concentration over the window the source used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from osteoimmune.errors import SpeciesWarning
from osteoimmune.experiments.arms import run, series
from osteoimmune.model.compose import compose
from osteoimmune.model.parameters import load_parameter_set

TOL = 0.20


@dataclass(frozen=True)
class PK:
    cmax_ug_ml: float
    tmax_days: float
    half_life_days: float


def _pk(
    treatment: str,
    state: str,
    molar_mass: float,
    window: tuple[float, float],
    *,
    duration_days: float,
    save_every: str = "0.05 days",
    history: list[dict[str, Any]] | None = None,
    **regimen: Any,
) -> PK:
    """Single labelled dose (or the given regimen) in a woman; PK read from the central state."""
    fields = {**dict(compose("human").treatments[treatment].default_regimen), **regimen}
    fields.pop("every", None) if "doses" not in fields else None
    doc = {
        "species": "human",
        "duration": f"{duration_days} days",
        "save_every": save_every,
        "events": [*(history or []), {"treatment": treatment, **fields}],
    }
    r = run(doc)
    t = np.asarray(r.times)
    c = series(r, state)
    i = int(np.argmax(c))
    m = (t >= window[0]) & (t <= window[1])
    slope = np.polyfit(t[m], np.log(c[m]), 1)[0]
    return PK(float(c[i]) * molar_mass * 1e-9, float(t[i]), math.log(2) / -slope)


def _close(observed: float, expected: float) -> bool:
    return abs(observed / expected - 1.0) <= TOL


#: postmenopausal women of the label's PK population (about a decade past the final period)
POSTMENOPAUSAL = [{"at": "-10 years", "condition": "menopause"}]


def test_denosumab_label_pk() -> None:
    """Prolia label, Clinical Pharmacology 12.3 (60 mg s.c., postmenopausal women): Cmax
    6.75 ug/mL at a median of 10 days, terminal half-life 25.4 days over the 4-5 month decline;
    Sutjandra et al., Clin Pharmacokinet 2011 and Gibiansky et al., Clin Pharmacokinet 2012:
    absorption half-life 2.7 days, bioavailability 61-62 %."""
    pk = _pk(
        "denosumab",
        "DMAB",
        147_000.0,
        (30.0, 120.0),
        duration_days=150,
        save_every="0.5 days",
        history=POSTMENOPAUSAL,
        doses=1,
    )
    assert _close(pk.cmax_ug_ml, 6.75), pk
    assert _close(pk.tmax_days, 10.0), pk
    assert _close(pk.half_life_days, 25.4), pk


def test_denosumab_clearance_is_target_mediated() -> None:
    """Label and Sutjandra 2011: nonlinear PK, the decline is faster at low doses (RANKL-mediated
    elimination saturates at high concentration). The sources give the direction, not a size:
    the model gives about 23 days at 6 mg vs 26 days at 210 mg, because the RANKL capacity that
    clears the drug itself falls as turnover falls under treatment."""
    low = _pk(
        "denosumab", "DMAB", 147_000.0, (30.0, 120.0), duration_days=150,
        save_every="0.5 days", history=POSTMENOPAUSAL, doses=1, dose="6 mg",
    )  # fmt: skip
    high = _pk(
        "denosumab", "DMAB", 147_000.0, (30.0, 120.0), duration_days=150,
        save_every="0.5 days", history=POSTMENOPAUSAL, doses=1, dose="210 mg",
    )  # fmt: skip
    assert low.half_life_days < high.half_life_days - 1.0


def test_stopping_denosumab_loses_the_bmd_gain_with_a_resorption_rebound() -> None:
    """Bone et al., JCEM 2011: after denosumab is stopped, BMD returns to baseline within about a
    year and resorption markers overshoot baseline. Here nothing in the model knows the drug was
    stopped: free RANKL returns as the antibody clears, fast once the drug's target-mediated
    clearance (PK-3) dominates at low concentrations. The overshoot is 12 % (published about
    +50 %: BONE-4 still fails on how much of the gain is left)."""
    base = {"species": "human", "duration": "4 years", "save_every": "15 days"}
    men = {"at": "-20 years", "condition": "menopause"}
    dose = {"treatment": "denosumab", "dose": "60 mg", "every": "6 months", "doses": 4}
    placebo = run({**base, "events": [men]})
    stopped = run({**base, "events": [men, dose]})
    year = 365.25

    def gain(t: float) -> float:
        return stopped.at("bmd_lumbar_spine_pct", t) - placebo.at("bmd_lumbar_spine_pct", t)

    assert gain(2 * year) > 5.0  # on treatment (last dose at 18 months)
    assert gain(4 * year) < 0.2 * gain(2 * year)  # the gain is lost after the drug clears
    t = np.asarray(stopped.times)
    ctx = series(stopped, "ctx_pct") - series(placebo, "ctx_pct")
    assert ctx[t > 2 * year].max() > 10.0  # resorption overshoots placebo: the rebound


def test_denosumab_does_not_bind_murine_rankl() -> None:
    """Kostenuik et al., JBMR 2009: denosumab does not bind mouse RANKL, so a wild-type mouse's
    osteoclasts do not change."""
    doc: dict[str, Any] = {"species": "mouse", "duration": "14 days", "save_every": "1 days"}
    ctrl = run(doc)
    with pytest.warns(SpeciesWarning, match="does not bind RANKL in a mouse"):
        treated = run({**doc, "events": [{"treatment": "denosumab", "dose": "10 mg/kg"}]})
    assert treated.at("OCa", 14.0) == pytest.approx(ctrl.at("OCa", 14.0), rel=1e-3)


def test_adalimumab_label_pk() -> None:
    """Humira label, Clinical Pharmacology 12.3: after a single 40 mg s.c. dose Cmax 4.7 ug/mL at
    131 h (5.5 days), mean terminal half-life about 2 weeks (10-20 days), bioavailability 64 %."""
    pk = _pk("adalimumab", "ADA", 148_000.0, (30.0, 90.0), duration_days=100, doses=1)
    assert _close(pk.cmax_ug_ml, 4.7), pk
    assert _close(pk.tmax_days, 131.0 / 24.0), pk
    assert _close(pk.half_life_days, 14.0), pk


def test_secukinumab_label_pk() -> None:
    """Cosentyx label, Clinical Pharmacology 12.3: after a single 150 mg s.c. dose Cmax
    13.7 ug/mL between days 5 and 6, mean elimination half-life 27 days (22-31)."""
    pk = _pk("secukinumab", "SEC", 151_000.0, (30.0, 120.0), duration_days=130, doses=1)
    assert _close(pk.cmax_ug_ml, 13.7), pk
    assert _close(pk.tmax_days, 5.5), pk
    assert _close(pk.half_life_days, 27.0), pk


def test_tocilizumab_label_pk() -> None:
    """Actemra label, Clinical Pharmacology 12.3 (RA, 8 mg/kg i.v. over 1 h every 4 weeks): at
    steady state Cmax 183 ug/mL and trough 9.74 ug/mL, effective half-life up to 13 days. The
    model is the two-compartment population PK of Frey et al., J Clin Pharmacol 2010 (Table II,
    women's clearance) with its saturable, IL-6-receptor-mediated elimination, which is what
    brings the trough down: the effective half-life is read from the accumulation ratio."""
    dosing = {"treatment": "tocilizumab", "dose": "8 mg/kg", "doses": 6, "every": "4 weeks"}
    doc = {
        "species": "human",
        "duration": "168 days",
        "save_every": "0.05 days",
        "events": [dosing],
    }
    r = run(doc)
    t = np.asarray(r.times)
    c = series(r, "TCZ") * 148_000.0 * 1e-9  # ug/mL
    first = run({**doc, "duration": "28 days", "events": [{**dosing, "doses": 1}]})
    steady = t >= 140.0
    i = int(np.argmax(c))
    assert _close(c[i], 183.0), c[i]
    assert t[i] == pytest.approx(140.0 + 1 / 24, abs=0.06)  # end of the sixth infusion
    assert _close(r.at("TCZ", 139.9) * 148_000.0 * 1e-9, 9.74)
    ratio = np.trapezoid(series(r, "TCZ")[steady], t[steady]) / np.trapezoid(
        series(first, "TCZ"), np.asarray(first.times)
    )
    effective_half_life = math.log(2) * 28.0 / math.log(ratio / (ratio - 1.0))
    assert _close(effective_half_life, 13.0), effective_half_life


def test_tocilizumab_clearance_saturates() -> None:
    """Frey 2010: the Michaelis-Menten pathway saturates, so a higher dose is cleared more
    slowly (the label's half-life is 11 days at 4 and 13 days at 8 mg/kg)."""
    low = _pk(
        "tocilizumab", "TCZ", 148_000.0, (5.0, 20.0), duration_days=21, doses=1, dose="2 mg/kg"
    )
    high = _pk("tocilizumab", "TCZ", 148_000.0, (5.0, 20.0), duration_days=21, doses=1)
    assert low.half_life_days < high.half_life_days - 0.5, (low, high)


def test_infliximab_pk() -> None:
    """Infliximab 5 mg/kg i.v. over 2 h: Cmax is the dose over the central volume of the
    population PK of Xu et al., J Clin Pharmacol 2008 (V1 3.06 L: 114 ug/mL in 70 kg; the
    Remicade label's median is 118 ug/mL), terminal half-life 8-10 days (PK-4; label median
    7.7-9.5 days)."""
    pk = _pk(
        "infliximab", "IFX", 149_000.0, (10.0, 40.0), duration_days=42, doses=1, dose="5 mg/kg"
    )
    assert _close(pk.cmax_ug_ml, 114.0), pk
    assert pk.tmax_days == pytest.approx(2 / 24, abs=0.06), pk  # end of the infusion
    assert _close(pk.half_life_days, 9.0), pk


def test_etanercept_pk() -> None:
    """Korth-Bradley et al., Ann Pharmacother 2000 (25 mg s.c., healthy volunteers): Cmax
    1.46 mg/L at 51 h; half-life within the Enbrel label's 70-100 h (PK-4; Korth-Bradley found
    68 h in healthy volunteers)."""
    pk = _pk("etanercept", "ETN", 150_000.0, (6.0, 14.0), duration_days=15, doses=1, dose="25 mg")
    assert _close(pk.cmax_ug_ml, 1.46), pk
    assert _close(pk.tmax_days, 51.0 / 24.0), pk
    assert 70.0 <= 24.0 * pk.half_life_days <= 100.0, pk


def test_anakinra_pk() -> None:
    """Kineret label: after s.c. dosing the peak comes at 3-7 h and the terminal half-life is
    4-6 h; Pharmacol Res 2004 (1 mg/kg s.c. in RA): Cmax 687 ng/mL. The population clearance
    and volume of Yang et al. 2001 make the decline absorption-limited (flip-flop)."""
    pk = _pk(
        "anakinra", "IL1Ra", 17_300.0, (0.5, 1.5), duration_days=2, save_every="0.005 days",
        doses=1, dose="1 mg/kg",
    )  # fmt: skip
    assert _close(pk.cmax_ug_ml * 1e3, 687.0), pk
    assert 2.0 / 24 <= pk.tmax_days <= 7.0 / 24, pk  # label 3-7 h, Pharmacol Res 2-6 h
    assert 4.0 / 24 <= pk.half_life_days <= 6.0 / 24, pk


def test_oral_estradiol_pk() -> None:
    """Activella label, Clinical Pharmacology 12.3, Table 3 (1 mg estradiol by mouth,
    postmenopausal women): serum estradiol Cmax 26.8 pg/mL at a median 6 h, half-life 14 h.
    The label measures total serum estradiol, so the postmenopausal floor is included."""
    doc = {
        "species": "human",
        "duration": "3 days",
        "save_every": "0.01 days",
        "events": [*POSTMENOPAUSAL, {"treatment": "estradiol", "dose": "1 mg", "route": "oral"}],
    }
    r = run(doc)
    t = np.asarray(r.times)
    e2 = series(r, "estrogen_pg_ml")
    i = int(np.argmax(e2))
    assert _close(e2[i], 26.8), e2[i]
    assert _close(t[i], 6.0 / 24.0), t[i]
    m = (t >= 1.0) & (t <= 2.5)
    half_life = math.log(2) / -np.polyfit(t[m], np.log(series(r, "E2exo")[m]), 1)[0]
    assert _close(half_life, 14.0 / 24.0), half_life


def test_transdermal_estradiol_pk() -> None:
    """Scott et al., Obstet Gynecol 1991: a 0.05 mg/day patch holds serum estradiol near
    41.1 pg/mL, nearly flat; after the last patch comes off estradiol falls back to the
    postmenopausal floor within a day (the short intrinsic half-life, Kuhl 2005)."""
    patch = {"treatment": "estradiol", "route": "transdermal", "dose": "0.35 mg", "over": "7 days"}
    r = run(
        {
            "species": "human",
            "duration": "16 days",
            "save_every": "0.05 days",
            "events": [*POSTMENOPAUSAL, {**patch, "every": "7 days", "doses": 2}],
        }
    )
    t = np.asarray(r.times)
    e2 = series(r, "estrogen_pg_ml")
    worn = (t >= 2.0) & (t <= 13.9)
    assert _close(float(e2[worn].mean()), 41.1), e2[worn].mean()
    assert e2[worn].max() / e2[worn].min() < 1.05  # flat while worn
    floor = r.at("estrogen_pg_ml", 0.0)
    assert r.at("estrogen_pg_ml", 15.0) < floor + 1.0


def test_oral_estradiol_cannot_be_given_over_a_time() -> None:
    """A dose given over a time needs a route with a rate: estradiol's oral route has none, its
    transdermal route has one, and the message says so."""
    from osteoimmune.errors import InputError
    from osteoimmune.protocol.scenario import scenario_from_dict

    with pytest.raises(InputError, match=r"events\[0\]\.over.*transdermal"):
        scenario_from_dict(
            {
                "species": "human",
                "duration": "10 days",
                "events": [
                    {"treatment": "estradiol", "dose": "1 mg", "route": "oral", "over": "1 days"}
                ],
            }
        )


#: alendronic acid, g/mol; one mg of an i.v. dose in the model's plasma-equivalent pM
ALN_MW = 249.1


def test_alendronate_disposition() -> None:
    """Khan et al., JBMR 1997 (30 mg i.v. over 4 days in women with postmenopausal osteoporosis):
    about half of the dose is excreted in the first 5 days (Porras et al. 1999 and the Fosamax
    label: about half of a systemic dose is held by bone), a further 17 % over the next 6 months,
    then a slow phase with a terminal half-life over 10 years."""
    r = run(
        {
            "species": "human",
            "age": "65 years",
            "duration": "12 years",
            "save_every": "5 days",
            "events": [
                {"at": "-15 years", "condition": "menopause"},
                {"treatment": "alendronate", "dose": "7.5 mg", "route": "iv", "every": "1 days",
                 "doses": 4},
            ],
        }
    )  # fmt: skip
    dose = 30.0 * load_parameter_set("human").parameters["dose_ALN"].value  # pM-equivalent
    t = np.asarray(r.times)
    bone = series(r, "ALN_surf") + series(r, "ALN_bone")
    held_day5 = float(bone[np.argmin(abs(t - 5.0))]) / dose
    assert _close(held_day5, 0.5), held_day5
    after_6_months = float(bone[np.argmin(abs(t - 185.0))]) / dose
    assert _close(held_day5 - after_6_months, 0.17), held_day5 - after_6_months
    m = t >= 5 * 365.25
    terminal = math.log(2) / -np.polyfit(t[m], np.log(bone[m]), 1)[0] / 365.25
    assert 10.0 < terminal < 40.0, terminal


@pytest.mark.slow
def test_alendronate_raises_spine_bmd_as_in_the_phase_3_trial() -> None:
    """TRX-1, Liberman et al., NEJM 1995 (Fig. 1): 10 mg a day for 3 years in women with
    postmenopausal osteoporosis raised lumbar spine BMD 8.8 % over placebo (femoral neck
    +5.9 %); the weekly 70 mg of the label is its therapeutic equivalent. Resorption markers fall
    by about two thirds within months and stay there. Nothing in the model knows the drug is
    anti-resorptive: it binds bone and kills the osteoclasts that resorb it (Hughes 1995)."""
    base = {"species": "human", "age": "64 years", "duration": "3 years", "save_every": "30 days"}
    men = {"at": "-15 years", "condition": "menopause"}
    weekly = {"treatment": "alendronate", "dose": "70 mg", "every": "7 days", "doses": 157}
    placebo = run({**base, "events": [men]})
    treated = run({**base, "events": [men, weekly]})
    end = 3 * 365.25

    def delta(name: str, t: float) -> float:
        return treated.at(name, t) - placebo.at(name, t)

    assert _close(delta("bmd_lumbar_spine_pct", end), 8.8), delta("bmd_lumbar_spine_pct", end)
    assert 4.0 < delta("bmd_total_hip_pct", end) < delta("bmd_lumbar_spine_pct", end)
    assert -85.0 < delta("ctx_pct", 90.0) < -50.0
    assert delta("ctx_pct", end) == pytest.approx(delta("ctx_pct", 90.0), abs=10.0)


#: teriparatide (rhPTH 1-34), g/mol
TPTD_MW = 4117.8


def test_teriparatide_pk() -> None:
    """PKX-3: one 20 ug s.c. dose of Forteo peaks at 175 pg/mL (Criscuolo et al. 2016, 24
    healthy volunteers) about 30 min after the injection and declines with an apparent
    half-life of about 1 h, the absorption's (Forteo label; Satterwhite et al. 2010)."""
    pk = _pk("teriparatide", "TPTD", TPTD_MW, (2.0 / 24, 4.0 / 24), duration_days=1,
             save_every="0.005 days")  # fmt: skip
    assert _close(pk.cmax_ug_ml * 1e6, 175.37), pk
    assert 0.25 / 24 < pk.tmax_days < 0.75 / 24, pk
    assert _close(pk.half_life_days * 24, 1.0), pk


def test_abaloparatide_label_pk() -> None:
    """Tymlos label 12.3: one 80 ug s.c. dose peaks at 812 pg/mL at a median 0.51 h, with an
    exposure (AUC) of 1622 pg h/mL and an absolute bioavailability of 36 %; read from the run's
    own ``abaloparatide_ng_ml`` column."""
    r = run({"species": "human", "duration": "1 days", "save_every": "0.005 days",
             "events": [*POSTMENOPAUSAL, {"treatment": "abaloparatide", "dose": "80 ug"}]})  # fmt: skip
    t = np.asarray(r.times) * 24
    c = series(r, "abaloparatide_ng_ml") * 1000
    assert r.units["abaloparatide_ng_ml"] == "ng/mL"
    assert _close(float(c.max()), 812.0)
    assert 0.25 < t[int(np.argmax(c))] < 0.75
    assert _close(float(np.trapezoid(c, t)), 1622.0)


def test_drug_columns_are_the_central_state_through_the_molar_mass() -> None:
    """``<drug>_ng_ml`` exists for each drug a run gives and no other; it is the central state
    (pM) times the drug's declared molar mass: Prolia's 6.75 ug/mL peak after 60 mg."""
    r = run({"species": "human", "duration": "30 days", "save_every": "0.5 days",
             "events": [*POSTMENOPAUSAL, {"treatment": "denosumab", "dose": "60 mg"},
                        {"treatment": "teriparatide", "dose": "20 ug", "at": "3 days"}]})  # fmt: skip
    drug_cols = {c for c in r.observables if c.endswith("_ng_ml")} - {
        "ctx_ng_ml", "osteocalcin_ng_ml", "uc_osteocalcin_ng_ml", "vitamin_d_ng_ml"
    }  # fmt: skip
    assert drug_cols == {"denosumab_ng_ml", "teriparatide_ng_ml"}
    mw = load_parameter_set("human").parameters["MW_DMAB"].value
    np.testing.assert_allclose(
        series(r, "denosumab_ng_ml"), series(r, "DMAB") * mw * 1e-6, rtol=1e-12
    )
    assert _close(float(series(r, "denosumab_ng_ml").max()) / 1000, 6.75)


@pytest.mark.slow
def test_teriparatide_raises_spine_bmd_as_in_the_fracture_prevention_trial() -> None:
    """TRX-2, Neer et al., NEJM 2001: 20 ug a day (median 19 months of BMD follow-up) raised
    lumbar spine BMD 9.7 % against 1.1 % on placebo (+8.6 points) and total hip 2.6 % against
    -1.0 %. The gain comes from osteoblasts living longer and more being recruited while the
    CREB and Runx2 arms of PTH signalling are out of step (Bellido et al. 2003); formation
    outruns resorption though both rise (McClung et al. 2005)."""
    days = 578
    base = {
        "species": "human",
        "age": "69 years",
        "duration": f"{days} days",
        "save_every": "17 days",
    }
    men = {"at": "-15 years", "condition": "menopause"}
    placebo = run({**base, "events": [men]})
    daily = {"treatment": "teriparatide", "dose": "20 ug", "every": "1 days", "doses": days}
    treated = run({**base, "events": [men, daily]})

    def delta(name: str, t: float) -> float:
        return treated.at(name, t) - placebo.at(name, t)

    assert _close(delta("bmd_lumbar_spine_pct", days), 8.6), delta("bmd_lumbar_spine_pct", days)
    assert 0.0 < delta("bmd_total_hip_pct", days) < delta("bmd_lumbar_spine_pct", days)
    assert delta("p1np_pct", 180.0) > delta("ctx_pct", 180.0) > 0.0


#: interferon gamma-1b, g/mol
IFNG_MW = 16465.0


def test_interferon_gamma_pk() -> None:
    """PK-4: 50 ug/m2 s.c. (0.09 mg for 1.8 m2) of interferon gamma-1b peaks at 631 pg/mL
    8 h after the injection (Imukin product information) and declines with the 5.9 h s.c.
    half-life of both labels."""
    pk = _pk("interferon_gamma", "rIFNG", IFNG_MW, (1.0, 2.0), duration_days=3,
             save_every="0.01 days")  # fmt: skip
    assert _close(pk.cmax_ug_ml * 1e6, 631.0), pk
    assert _close(pk.tmax_days * 24, 8.0), pk
    assert _close(pk.half_life_days * 24, 5.9), pk


#: Fc-OPG (dimer), g/mol, as in the parameter files
OPGFC_MW = 170000.0


def test_opg_fc_pk() -> None:
    """PKX-4: the typical postmenopausal woman of the Fc-OPG population PK model (Zierhut et
    al. 2008: three compartments, linear and Michaelis-Menten elimination, s.c. absorption
    half-life 53 h) reaches 619 ng/mL 31 h after 3 mg/kg s.c. and 168 ng/mL after 1 mg/kg, and
    declines with a 53 h half-life over days 21-28. The lower dose gives less than a third of
    the peak: the saturable pathway clears a larger share of it."""
    peaks = {}
    for dose, cmax in (("3 mg/kg", 619.0), ("1 mg/kg", 168.0)):
        pk = _pk("opg_fc", "OPGFc", OPGFC_MW, (21.0, 28.0), duration_days=30, dose=dose)
        assert _close(pk.cmax_ug_ml * 1e3, cmax), (dose, pk)
        assert _close(pk.tmax_days * 24, 31.0), (dose, pk)
        assert _close(pk.half_life_days * 24, 53.0), (dose, pk)
        peaks[dose] = pk.cmax_ug_ml
    assert peaks["3 mg/kg"] / peaks["1 mg/kg"] > 3.3


#: methotrexate, g/mol
MTX_MW = 454.44


def test_methotrexate_pk() -> None:
    """PKX-5: low-dose methotrexate in rheumatoid arthritis (Herman et al. 1989, 10 mg/m2 orally
    and i.v. in 41 patients) has a terminal half-life of about 6 h and an oral bioavailability
    of 0.70; it peaks 1.39 h after a tablet (Schiff et al. 2014, Table 2). Both routes run
    through the same two-compartment model, so F is the ratio of the dose-normalised AUCs."""
    oral = _pk("methotrexate", "MTX", MTX_MW, (0.5, 1.0), duration_days=1.5,
               save_every="0.005 days", dose="18 mg")  # fmt: skip
    assert _close(oral.half_life_days * 24, 6.0), oral
    assert _close(oral.tmax_days * 24, 1.388), oral
    aucs = {}
    for route in ("oral", "iv"):
        doc = {
            "species": "human",
            "duration": "3 days",
            "save_every": "0.005 days",
            "events": [{"treatment": "methotrexate", "dose": "18 mg", "route": route}],
        }
        r = run(doc)
        aucs[route] = float(np.trapezoid(series(r, "MTX"), np.asarray(r.times)))
    assert abs(aucs["oral"] / aucs["iv"] - 0.70) < 0.01, aucs


def test_methotrexate_polyglutamates_accumulate_over_weeks() -> None:
    """15 mg a week orally: erythrocyte polyglutamates reach 83 nmol/L at week 12 (the level
    that separated responders, Takahashi et al. 2017) and are still rising (time to steady
    state in weeks, Dalrymple et al. 2008); a month after the last dose they have fallen by
    more than half (elimination half-lives 1.2-4.3 weeks)."""
    doc = {
        "species": "human",
        "duration": "140 days",
        "save_every": "1 days",
        "events": [{"treatment": "methotrexate", "dose": "15 mg", "every": "7 days", "doses": 16}],
    }
    r = run(doc)
    pg = series(r, "MTX_PG")
    t = np.asarray(r.times)
    at = {d: float(pg[np.argmin(abs(t - d))]) for d in (28.0, 84.0, 112.0, 140.0)}
    assert _close(at[84.0] / 1e3, 83.0), at
    assert at[28.0] < 0.8 * at[84.0], at
    assert at[140.0] < 0.5 * at[112.0], at


def _cd4(r: Any, t: float) -> float:
    return float(sum(r.at(s, t) for s in ("TN4", "Th1", "Th17", "Treg")))


def _cd8(r: Any, t: float) -> float:
    return float(sum(r.at(s, t) for s in ("TN8", "Tc1", "Treg8")))


def test_anti_cd4_depletes_cd4_t_cells_in_mice_and_they_return() -> None:
    """GK1.5 in mice: a 0.1-0.5 mg i.p. dose leaves under 5 % of CD4 T cells within days
    (Cobbold 1984); in young adult mice CD4 cells are back to about half of control five weeks
    after depletion (Cowdery 1993: 48 %), as the thymus and homeostatic proliferation replace
    them once the rat antibody has cleared. CD8 cells are not touched."""
    doc: dict[str, Any] = {"species": "mouse", "duration": "35 days", "save_every": "0.5 days"}
    ctrl = run(doc)
    r = run({**doc, "events": [{"treatment": "anti_cd4", "dose": "0.2 mg", "route": "ip"}]})
    assert _cd4(r, 3.0) < 0.05 * _cd4(ctrl, 3.0)
    assert 0.25 <= _cd4(r, 35.0) / _cd4(ctrl, 35.0) <= 0.75
    assert _cd8(r, 3.0) == pytest.approx(_cd8(ctrl, 3.0), rel=0.1)


def test_anti_cd8_depletes_cd8_t_cells_only() -> None:
    """The anti-CD8 antibody (2.43) removes CD8 T cells, regulatory ones included, and leaves
    CD4 cells."""
    doc: dict[str, Any] = {"species": "mouse", "duration": "7 days", "save_every": "0.5 days"}
    ctrl = run(doc)
    r = run({**doc, "events": [{"treatment": "anti_cd8", "dose": "0.2 mg", "route": "ip"}]})
    assert _cd8(r, 3.0) < 0.05 * _cd8(ctrl, 3.0)
    assert r.at("Treg8", 3.0) < 0.05 * ctrl.at("Treg8", 3.0)
    assert _cd4(r, 3.0) == pytest.approx(_cd4(ctrl, 3.0), rel=0.1)


def test_chimeric_anti_cd4_in_rheumatoid_arthritis_patients() -> None:
    """cM-T412, three monthly i.v. doses (Moreland et al., Arthritis Rheum 1995): at 50 mg blood
    CD4 fell from 856 to 353 cells/uL at 6 months (41 % of baseline); at 5 mg the fall was not
    significant, because the CD4 antigen sink binds low doses (van der Lubbe 1994)."""
    doc: dict[str, Any] = {"species": "human", "duration": "183 days", "save_every": "1 days"}
    ctrl = run(doc)

    def left(dose: str) -> float:
        r = run(
            {
                **doc,
                "events": [{"treatment": "anti_cd4", "dose": dose, "every": "4 weeks", "doses": 3}],
            }
        )
        return _cd4(r, 182.0) / _cd4(ctrl, 182.0)

    assert _close(left("50 mg"), 353.0 / 856.0)
    assert left("5 mg") > 0.75
