"""The dashboard: inputs read like scenario files, limits, loopback, and an end-to-end run in a
real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import inspect
import io
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dash")

from osteoimmune.dashboard import (
    LIMITS,
    Limits,
    create_app,
    scenario_document,
    serve,
    table_download,
)
from osteoimmune.errors import InputError

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
INPUTS = dict(
    species="human", sex="female", age_years=50, duration_years=10, conditions=["menopause"],
    onset_years=1, genotype=[], treatment=None, dose="60 mg", every="6 months", doses=10,
    treat_at_years=3,
)  # fmt: skip


def test_inputs_become_a_scenario_document() -> None:
    doc = scenario_document(**{**INPUTS, "treatment": "denosumab"})
    assert doc["duration"] == "10 years"
    assert doc["events"] == [
        {"at": "1 years", "condition": "menopause"},
        {"at": "3 years", "treatment": "denosumab", "dose": "60 mg", "every": "6 months",
         "doses": 10},
    ]  # fmt: skip


def test_limits_refuse_what_would_exhaust_the_machine() -> None:
    with pytest.raises(InputError, match="duration"):
        scenario_document(**{**INPUTS, "duration_years": 10_000})
    with pytest.raises(InputError, match="age"):
        scenario_document(**{**INPUTS, "age_years": "fifty"})
    with pytest.raises(InputError, match="doses"):
        scenario_document(**{**INPUTS, "treatment": "denosumab", "doses": 1e9})


def test_oversize_requests_are_rejected_and_the_server_binds_loopback() -> None:
    app = create_app(Limits(max_request_bytes=10_000))
    client = app.server.test_client()
    r = client.post("/_dash-update-component", data=b"x" * 20_000,
                    headers={"Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 413
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert LIMITS.max_years <= 100


def test_table_download_carries_units_and_metadata() -> None:
    from osteoimmune.protocol.scenario import scenario_from_dict
    from osteoimmune.solve.simulate import simulate

    doc = scenario_document(**{**INPUTS, "duration_years": 2, "conditions": []})
    result = simulate(scenario_from_dict(doc, name="dashboard"))
    with zipfile.ZipFile(io.BytesIO(table_download(doc, result))) as archive:
        assert sorted(archive.namelist()) == ["osteoimmune.csv", "osteoimmune.meta.json"]
        table = pd.read_csv(io.BytesIO(archive.read("osteoimmune.csv")))
        meta = json.loads(archive.read("osteoimmune.meta.json"))
    assert list(table.columns) == ["time_days", *result.observables]
    assert meta["units"]["time_days"] == "day"
    assert meta["units"]["bmd_lumbar_spine_pct"] == "percent"
    assert meta["scenario_document"] == doc and meta["scenario_source"] == "dashboard"
    assert meta["model_hash"] and meta["osteoimmune_version"]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from werkzeug.serving import make_server

    app = create_app()
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.port}"
    srv.shutdown()


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (the CI installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        pg.goto(server)
        yield pg
        browser.close()


def _revision(page, previous: str | None = None, timeout: float = 60_000) -> str:  # type: ignore[no-untyped-def]
    """The revision of the drawn figure, once it differs from ``previous`` and the graph has
    its traces."""
    page.wait_for_function(
        "prev => { const r = document.querySelector('#revision');"
        " const g = document.querySelector('#figure .js-plotly-plot');"
        " return r && r.innerText && r.innerText !== prev && g && g.data && g.data.length > 0; }",
        arg=previous,
        timeout=timeout,
    )
    return str(page.inner_text("#revision"))


def _choose(page, dropdown: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``option`` by typing it into the dropdown, and wait until the dropdown shows it.

    Keys typed while the page is still drawing can be lost, and a partial word matches
    several options ("sumab": denosumab, romosozumab), so the choice is checked and retried.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shown = "([d, o]) => (document.querySelector('#' + d).innerText || '').includes(o)"
    for _ in range(3):
        page.click(f"#{dropdown}")
        page.keyboard.type(option)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(shown, arg=[dropdown, option], timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the {dropdown} dropdown never showed {option!r}")


@pytest.mark.slow
def test_end_to_end_in_a_headless_browser(page) -> None:  # type: ignore[no-untyped-def]
    first = _revision(page)  # menopause, no treatment
    assert "menopause" in page.inner_text("#status")
    DOCS_IMG.mkdir(parents=True, exist_ok=True)

    # a treatment changes the plot
    _choose(page, "treatment", "denosumab")
    page.wait_for_function(
        "() => document.querySelector('#status').innerText.includes('denosumab')",
        timeout=120_000,
    )
    treated = _revision(page, first)
    assert treated != first
    page.screenshot(path=str(DOCS_IMG / "dashboard.png"), full_page=True)

    # the table downloads with the run's columns, times and units
    with page.expect_download() as info:
        page.click("#download-table-button")
    with zipfile.ZipFile(info.value.path()) as archive:
        table = pd.read_csv(io.BytesIO(archive.read("osteoimmune.csv")))
        units = json.loads(archive.read("osteoimmune.meta.json"))["units"]
    assert units["time_days"] == "day" and units["ctx_ng_ml"] == "ng/mL"
    assert {"time_days", "bmd_lumbar_spine_pct", "ctx_ng_ml"} <= set(table.columns)
    assert table["time_days"].iloc[-1] == pytest.approx(3652.5)
    after = table[table["time_days"] > 3.2 * 365.25]["ctx_ng_ml"]
    before = table[(table["time_days"] > 2 * 365.25) & (table["time_days"] < 3 * 365.25)]
    assert after.iloc[0] < 0.7 * before["ctx_ng_ml"].mean()  # denosumab suppresses CTX

    # bad input: the scenario reader's message, and the figure stays
    page.fill("#dose", "60 mL")
    page.press("#dose", "Enter")
    page.wait_for_function("() => document.querySelector('#error').innerText.includes('dose')")
    message = page.inner_text("#error")
    assert "60 mL" in message and "expected" in message
    assert page.inner_text("#revision") == treated
    page.fill("#dose", "60 mg")
    page.press("#dose", "Enter")
    page.wait_for_function("() => document.querySelector('#error').innerText === ''")

    # pin this run, change the regimen: the figure compares the two
    page.click("#pin")
    page.fill("#doses", "2")
    page.press("#doses", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#status').innerText.includes('reference')"
    )
    compared = _revision(page, treated)

    # overlay observed data from a CSV
    csv = "time_days,bmd_lumbar_spine_pct,bmd_lumbar_spine_pct_sd\n365.25,-1.5,0.5\n1826,-4.0,0.8\n"
    page.set_input_files(
        "#upload input[type=file]",
        files=[{"name": "bmd.csv", "mimeType": "text/csv", "buffer": csv.encode()}],
    )
    _revision(page, compared)
    assert page.inner_text("#error") == ""

    # figures that explain themselves: a legend on every panel with more than one line, an
    # x-axis title under every panel, a y-axis title beside it, no SI suffix on the ticks
    counts = page.evaluate(
        "() => { const g = document.querySelector('#figure .js-plotly-plot');"
        " const panels = g.layout.annotations.filter(a => a.xref !== 'paper' || a.yref !== 'paper'"
        " || a.showarrow === false).length;"
        " const legends = Object.keys(g.layout).filter(k => k.startsWith('legend')"
        " && g.layout[k].visible !== false).length;"
        " const xt = document.querySelectorAll('#figure .g-xtitle').length"
        " + document.querySelectorAll('#figure [class^=g-x][class$=title]').length;"
        " const ticks = Array.from(document.querySelectorAll('#figure .yaxislayer-above text'))"
        ".map(t => t.textContent);"
        " return {legends, xt, ticks, panels: g.layout.annotations.length}; }"
    )
    assert counts["legends"] >= 8  # bone mass, markers, cells, cytokines, lymphocytes...
    assert counts["xt"] >= counts["panels"] - 1  # every panel has its time axis title
    assert len(counts["ticks"]) > 30  # the ticks of every panel
    assert not [t for t in counts["ticks"] if t and t[-1] in "kMGBµnm"], counts["ticks"]

    # the network of this scenario: an interactive graph, zoomable, with its nodes' labels
    page.click("#tabs >> text=Network")
    page.click("#draw-network")
    page.wait_for_function(
        "() => { const g = document.querySelector('#network .js-plotly-plot');"
        " return g && g.data && g.data.length > 50; }",
        timeout=120_000,
    )
    labels = page.evaluate(
        "() => document.querySelector('#network .js-plotly-plot').data.flatMap(t => t.text || [])"
    )
    assert {"osteoclasts", "RANKL", "estradiol"} <= set(labels)
    page.screenshot(path=str(DOCS_IMG / "dashboard_network.png"), full_page=True)


# --- the server checks what comes back from the browser --------------------------------------

GOOD_DOC = scenario_document(**{**INPUTS, "duration_years": 1, "conditions": []})


def _outputs(key: str) -> object:
    """The ``outputs`` of a Dash update request for the callback registered as ``key``."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return outs if key.startswith("..") else outs[0]


def _request(app: object, first_output: str, values: dict[str, object]) -> dict[str, object]:
    """The JSON body of a Dash update of the callback whose first output is ``first_output``,
    with its inputs set to ``values`` (``id.property`` -> value)."""
    key = next(k for k in app.callback_map if k.lstrip(".").startswith(first_output))  # type: ignore[attr-defined]
    spec = app.callback_map[key]  # type: ignore[attr-defined]
    inputs = [
        {"id": i["id"], "property": i["property"],
         "value": values.get(f"{i['id']}.{i['property']}")}
        for i in spec["inputs"]
    ]  # fmt: skip
    state = [
        {"id": i["id"], "property": i["property"],
         "value": values.get(f"{i['id']}.{i['property']}")}
        for i in spec.get("state", [])
    ]  # fmt: skip
    changed = [f"{i['id']}.{i['property']}" for i in spec["inputs"]][:1]
    return {"output": key, "outputs": _outputs(key), "inputs": inputs, "state": state,
            "changedPropIds": changed}  # fmt: skip


MANY_DOSES = {"treatment": "denosumab", "dose": "60 mg", "every": "1 minutes", "doses": 99_999}
#: crafted requests a browser page could never send, each with the words its refusal names
CRAFTED = {
    "200 years": ({"current.data": {**GOOD_DOC, "duration": "200 years"}}, "at most 60 years"),
    "save_every": ({"current.data": {**GOOD_DOC, "save_every": "1e-12 days"}}, "save_every"),
    "keys": ({"current.data": {**GOOD_DOC, "parameters": {"k_IL6": 0}}}, "keys among"),
    "doses": ({"current.data": {**GOOD_DOC, "events": [MANY_DOSES]}}, "at most 10,000 doses"),
    "columns": (
        {"current.data": GOOD_DOC, "data.data": {f"c{k}": [] for k in range(100_000)}},
        "at most 64 columns",
    ),
    "strings": ({"current.data": GOOD_DOC, "data.data": {"time_days": ["9**9**9"]}}, "numbers"),
    "ragged": (
        {"current.data": GOOD_DOC, "data.data": {"time_days": [1.0], "ctx_ng_ml": []}},
        "columns",
    ),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_requests_are_refused_on_the_server(name: str) -> None:
    app = create_app()
    values, words = CRAFTED[name]
    r = app.server.test_client().post(
        "/_dash-update-component", json=_request(app, "figure.figure", values)
    )
    assert r.status_code == 200
    assert words in r.get_json()["response"]["error"]["children"]


def test_no_request_waits_for_another_ones_bad_input(server: str) -> None:
    """A bounded load test on loopback: while four clients send crafted and bad requests as
    fast as they are answered, another client's ordinary requests keep their latency."""
    import time
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    app = create_app()  # the same callbacks as the served app, for the request bodies

    def post(body: dict[str, object]) -> tuple[float, dict[str, object]]:
        req = urllib.request.Request(
            f"{server}/_dash-update-component", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as resp:
            answer = json.loads(resp.read())
        return time.perf_counter() - t0, answer

    inputs = {"species.value": "human", "sex.value": "female", "age.value": 50,
              "duration.value": 2, "onset.value": 1, "dose.value": "60 mg",
              "every.value": "6 months", "doses.value": 4, "treat-at.value": 1,
              "treatment.value": "denosumab"}  # fmt: skip
    good = _request(app, "current.data", inputs)
    bad = [_request(app, "figure.figure", v) for v, _ in CRAFTED.values()]
    bad.append(_request(app, "current.data", {**inputs, "dose.value": "9**9**9 mg"}))
    bad.append(_request(app, "current.data", {**inputs, "every.value": "10**400 days"}))

    alone = sorted(post(good)[0] for _ in range(10))
    stop = threading.Event()
    answered: list[tuple[float, dict[str, object]]] = []

    def attack(k: int) -> None:
        while not stop.is_set():
            answered.append(post(bad[k % len(bad)]))
            k += 1

    with ThreadPoolExecutor(4) as pool:
        for k in range(4):
            pool.submit(attack, 3 * k)
        time.sleep(0.5)
        loaded = sorted(post(good)[0] for _ in range(20))
        stop.set()
    assert len(answered) >= 2 * len(bad)
    assert all("error" in a["response"] and a["response"]["error"]["children"] for _, a in answered)
    assert max(t for t, _ in answered) < 5.0
    # the ordinary client's median and worst latency stay bounded: bad input is refused before
    # any work, so it cannot hold the server
    assert loaded[len(loaded) // 2] < max(0.5, 10 * alone[len(alone) // 2])
    assert loaded[-1] < 2.0
