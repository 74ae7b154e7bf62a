"""Parameter estimation: recovering known parameters from synthetic noisy data."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import osteoimmune as oi
from osteoimmune.analysis.fit import fit, read_data
from osteoimmune.cli import main
from osteoimmune.errors import InputError

SCENARIO = {
    "species": "human",
    "sex": "female",
    "age": "48 years",
    "duration": "5 years",
    "save_every": "30 days",
    "events": [{"at": "1 years", "condition": "menopause"}],
}


@pytest.fixture(scope="module")
def synthetic() -> tuple[oi.Scenario, dict[str, float], pd.DataFrame]:
    """Spine BMD (sd 0.3 points) and CTX (sd 5 %) every 6 weeks, from a woman whose osteocytes
    answer strain 1.4 times and whose T-cell estrogen sensitivity 0.8 times as strongly as the
    set's. (TNF clearance, fitted here before the human TNF gains were refitted to anti-TNF
    trials, now moves bone too little for these data to pin it within 1.5-fold.)"""
    sc = oi.scenario_from_dict(SCENARIO, name="menopause at 49")
    values = {p.name: p.value for p in sc.model().parameters}
    true = {"n_SCL_strain": values["n_SCL_strain"] * 1.4, "f_E2_T": values["f_E2_T"] * 0.8}
    r = oi.simulate(dataclasses.replace(sc, parameters=true))
    rng = np.random.default_rng(1)
    rows = []
    for t in np.arange(365.25, 5 * 365.25, 45.65625):
        b, c = r.at("bmd_lumbar_spine_pct", t), r.at("ctx_ng_ml", t)
        rows.append({"time": t, "observable": "bmd_lumbar_spine_pct",
                     "value": b + rng.normal(0, 0.3), "sd": 0.3})  # fmt: skip
        rows.append({"time": t, "observable": "ctx_ng_ml",
                     "value": c * (1 + rng.normal(0, 0.05)), "sd": 0.05 * c})  # fmt: skip
    return sc, true, pd.DataFrame(rows)


def test_fisher_intervals_match_those_of_noise_free_data(synthetic) -> None:
    """The Fisher interval is set by the data's information, not by one noise realisation: its
    width on noisy data is within 15 % of its width on the noise-free curve. (A forward-difference
    Jacobian at the optimizer's default step picked up the integrator's error and gave widths
    one third of this on the same data.)"""
    sc, true, data = synthetic
    r = oi.simulate(dataclasses.replace(sc, parameters=true))
    clean = data.copy()
    clean["value"] = [r.at(o, t) for o, t in zip(clean["observable"], clean["time"], strict=True)]
    bounds = {k: (v / 3, min(v * 3, 1.0) if k == "f_E2_T" else v * 3) for k, v in true.items()}
    noisy = fit(sc, data, bounds, starts=1, seed=2).intervals
    exact = fit(sc, clean, bounds, starts=1, seed=2).intervals
    for name in true:
        w_noisy = np.log(noisy[name][1] / noisy[name][0])
        w_exact = np.log(exact[name][1] / exact[name][0])
        assert w_noisy == pytest.approx(w_exact, rel=0.15), (name, noisy[name], exact[name])


def test_fit_recovers_known_parameters_within_their_intervals(synthetic) -> None:
    sc, true, data = synthetic
    bounds = {k: (v / 3, min(v * 3, 1.0) if k == "f_E2_T" else v * 3) for k, v in true.items()}
    res = fit(sc, data, bounds, starts=3, seed=2)
    for name, value in true.items():
        lo, hi = res.intervals[name]
        assert lo < value < hi, (name, value, lo, hi)
        assert res.estimates[name] == pytest.approx(value, rel=0.1)
        assert hi / lo < 1.5  # identified, not merely bounded
    assert res.starts["cost"].min() == pytest.approx(res.cost)
    # weighted residuals of a good fit are of order one
    assert 0.3 < float(np.sqrt(np.mean(res.residuals["residual"] ** 2))) < 2.0
    fig = oi.plot(res)  # plotting.fit_figure: data and model, one panel per observable
    assert [ax.get_title() for ax in fig.axes] == ["bmd_lumbar_spine_pct", "ctx_ng_ml"]


@pytest.mark.slow
def test_profile_intervals_contain_the_truth(synthetic) -> None:
    sc, true, data = synthetic
    bounds = {"n_SCL_strain": (true["n_SCL_strain"] / 3, true["n_SCL_strain"] * 3)}
    fixed = dataclasses.replace(sc, parameters={"f_E2_T": true["f_E2_T"]})
    res = fit(fixed, data, bounds, starts=1, intervals="profile")
    lo, hi = res.intervals["n_SCL_strain"]
    assert lo < true["n_SCL_strain"] < hi
    _grid, cost = res.profiles["n_SCL_strain"]
    assert cost.min() == pytest.approx(res.cost, rel=1e-3)


def test_data_tables_are_checked(tmp_path) -> None:
    bad = pd.DataFrame({"time": [1.0], "value": [2.0]})
    with pytest.raises(InputError, match="observable"):
        read_data(bad)
    with pytest.raises(InputError, match="sd"):
        read_data(pd.DataFrame({"time": [1], "observable": ["ctx_ng_ml"], "value": [1],
                                "sd": [0]}))  # fmt: skip
    path = tmp_path / "d.csv"
    pd.DataFrame({"time_days": [30], "observable": ["ctx_ng_ml"], "value": [0.4]}).to_csv(path)
    df = read_data(path)
    assert list(df["time"]) == [30.0] and list(df["condition"]) == [""]
    sc = oi.scenario_from_dict(SCENARIO)
    with pytest.raises(InputError, match="observable"):
        fit(sc, df.assign(observable="bmd_nope"), {"k_TNF": (1, 100)})
    with pytest.raises(InputError, match="bounds"):
        fit(sc, df, {"k_TNF": (0, 100)})
    with pytest.raises(InputError, match="time"):
        fit(sc, df.assign(time=1e5), {"k_TNF": (1, 100)})


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "it is empty"),
        (b"time,observable,value\n", "at least one row"),
        (b"time,observable,value\n1,ctx_pct,3,4\n", "line 2: 4 fields"),
        (b"time,observable,value\n1,ctx_pct\n", "line 2: 2 fields"),
        (b"\xff\xfet\x00i\x00m\x00e\x00", "UTF-8"),  # UTF-16
        (bytes(range(256)), "UTF-8"),  # binary
        (b"time,observable,value\n1,ctx\x00,3\n", "NUL"),
        (b"time,time,value\n1,2,3\n", "one distinct name per column"),
        (b"time,observable,value\nnan,ctx_pct,3\n", "data.time"),
        (b"time,observable,value\n1,ctx_pct,inf\n", "data.value"),
        (b'time,observable,value\n1,ctx_pct,"3\n', "end of data"),  # an unclosed quote
    ],
)
def test_hostile_data_files_are_refused_in_one_line(content, words, tmp_path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words) as info:
        read_data(path)
    assert "\n" not in str(info.value)


def test_data_files_beyond_the_limits_are_refused_before_parsing(tmp_path) -> None:
    from osteoimmune.io.tables import read_csv_table

    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{k}" for k in range(2000)) + "\n" + ",".join(["1"] * 2000) + "\n")
    with pytest.raises(InputError, match="at most 1,000 columns"):
        read_csv_table(path)
    with pytest.raises(InputError, match="bytes"):
        read_csv_table(path, max_bytes=100)
    with pytest.raises(InputError, match="rows"):
        read_csv_table(b"a\n1\n2\n3\n", max_rows=2)


def test_fit_from_the_command_line(synthetic, tmp_path) -> None:
    _, true, data = synthetic
    csv = tmp_path / "data.csv"
    data.to_csv(csv, index=False)
    scen = tmp_path / "scenario.yaml"
    import yaml

    scen.write_text(yaml.safe_dump({**SCENARIO, "parameters": {"f_E2_T": true["f_E2_T"]}}))
    out = tmp_path / "fit.json"
    k = true["n_SCL_strain"]
    code = main(["fit", str(scen), "--data", str(csv), "--parameter", f"n_SCL_strain={k / 3}:{k * 3}",
                 "--starts", "2", "--json", str(out), "--plot", str(tmp_path / "fit.png")])  # fmt: skip
    assert code == 0
    import json

    doc = json.loads(out.read_text())
    est = doc["estimates"]["n_SCL_strain"]
    assert est == pytest.approx(k, rel=0.1)
    assert (tmp_path / "fit.png").stat().st_size > 5_000
