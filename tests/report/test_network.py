"""The interaction network: derived from the rate laws, drawn, and written as graphs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from matplotlib.image import imread

import osteoimmune as oi
from osteoimmune.cli import main
from osteoimmune.model.compose import compose
from osteoimmune.report.network import REGIONS, Network, interaction_network, node_spec


@pytest.fixture(scope="module")
def healthy() -> Network:
    return interaction_network()


@pytest.fixture(scope="module")
def treated() -> Network:
    doc = {
        "species": "human",
        "duration": "60 days",
        "save_every": "10 days",
        "events": [
            {"condition": "rheumatoid_arthritis"},
            {"treatment": "adalimumab", "dose": "40 mg"},
        ],
    }
    return interaction_network(oi.scenario_from_dict(doc, name="ra_adalimumab"))


def test_every_declared_member_exists_in_a_model() -> None:
    known: set[str] = set()
    for name in oi.available_parameter_sets():
        model = compose(name)
        known |= set(model.state_names) | {e.name for e in model.expressions}
    spec = node_spec()
    for node_id, entry in spec["nodes"].items():
        missing = set(entry["members"]) - known
        assert not missing, f"network node {node_id} names unknown members {missing}"
        assert entry["region"] in REGIONS
    assert set(spec["hidden"]) <= known


@pytest.mark.parametrize(
    ("source", "target", "sign"),
    [
        ("rankl", "osteoclasts", 1),  # RANK signalling drives osteoclastogenesis
        ("opg", "rankl", -1),  # the decoy receptor binds RANKL
        ("tgfb", "osteoclasts", -1),  # TGF-beta from the matrix speeds osteoclast apoptosis
        ("estradiol", "il7", -1),  # estrogen restrains stromal IL-7
        ("tnf", "osteoclasts", 1),
        ("th17", "il17", 1),
        ("osteoblasts", "osteocalcin", 1),
        ("ovary", "estradiol", 1),
    ],
)
def test_edges_carry_the_signs_of_the_biology(healthy, source, target, sign) -> None:
    edge = healthy.edge(source, target)
    assert edge is not None, f"no edge {source} -> {target}"
    assert edge.sign == sign
    assert edge.processes


def test_edges_carry_their_evidence(healthy) -> None:
    ids = set(healthy.node_ids)
    assert len(ids) == len(healthy.nodes) >= 40
    assert len(healthy.edges) >= 150
    for e in healthy.edges:
        assert e.source in ids and e.target in ids and e.source != e.target
        assert 0.0 <= e.weight <= 1.0 + 1e-9
    with_refs = sum(bool(e.references) for e in healthy.edges)
    assert with_refs >= 0.9 * len(healthy.edges)
    assert "EST-4" in healthy.edge("rankl", "osteoclasts").claims
    top = healthy.highlighted(10)
    assert len(top) == 10 and top[0].weight >= top[-1].weight > 0


def test_a_scenario_adds_its_drug_and_weighs_the_run(treated, healthy) -> None:
    drug = treated.node("adalimumab")
    assert drug.kind == "drug" and "ADA" in drug.members
    edge = treated.edge("adalimumab", "tnf")
    assert edge is not None and edge.sign == -1
    # the arthritis switches on what health leaves off: synovial macrophages feed the pannus
    assert healthy.edge("macrophages", "pannus").weight == 0.0
    assert treated.edge("macrophages", "pannus").weight > 0.0
    with pytest.raises(oi.InputError, match="node"):
        treated.node("no_such_node")


def test_written_graphs_parse_back(healthy, tmp_path: Path) -> None:
    doc = json.loads(healthy.write(tmp_path / "net.json").read_text(encoding="utf-8"))
    assert [n["id"] for n in doc["nodes"]] == list(healthy.node_ids)
    assert len(doc["edges"]) == len(healthy.edges)
    assert sum(e["highlighted"] for e in doc["edges"]) == len(healthy.highlighted())
    g = nx.read_graphml(healthy.write(tmp_path / "net.graphml"))
    assert g.number_of_nodes() == len(healthy.nodes)
    assert g.number_of_edges() == len(healthy.edges)
    assert int(g.edges["opg", "rankl"]["sign"]) == -1
    assert "EST-3" in g.edges["opg", "rankl"]["claims"].split(";")
    with pytest.raises(oi.InputError, match="ending"):
        healthy.write(tmp_path / "net.txt")


def test_drawing_renders_every_node(healthy, tmp_path: Path) -> None:
    svg = ET.parse(healthy.write(tmp_path / "net.svg"))
    texts = {"".join(t.itertext()).strip() for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {n.label for n in healthy.nodes} <= texts
    png = imread(healthy.write(tmp_path / "net.png"))
    assert png.shape[0] > 800 and png.shape[1] > 1500
    colours = np.unique(png[..., :3].reshape(-1, 3).round(2), axis=0)
    assert len(colours) > 50  # boxes, green and red edges, text: not a blank canvas


def test_cli_network_writes_and_summarises(tmp_path: Path, capsys) -> None:
    out = tmp_path / "lemaire.json"
    fig = tmp_path / "lemaire.png"
    code = main(["network", "--parameter-set", "lemaire2004", "-o", str(out), "-o", str(fig)])
    assert code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["parameter_set"] == "lemaire2004"
    assert {n["id"] for n in doc["nodes"]} == {"obp", "osteoblasts", "osteoclasts"}
    assert imread(fig).shape[0] > 100
    printed = capsys.readouterr().out
    assert "Edges carrying most" in printed and "wrote" in printed
    assert main(["network", "-o", str(tmp_path / "net.doc")]) == 2
    assert main(["network", "healthy", "--parameter-set", "mouse"]) == 2


def test_every_state_belongs_to_a_declared_node() -> None:
    """A state listed nowhere would be drawn as a node of its own, under its code name, in the
    immune column (the calcium and vitamin D states once were): every state of both species is
    a member of a declared node, a drug's, or hidden on purpose."""
    from osteoimmune.model.compose import compose
    from osteoimmune.report.network import _nodes, node_spec

    spec = node_spec()
    for species in ("human", "mouse"):
        nodes, _ = _nodes(compose(species), set())
        strays = [n.id for n in nodes if n.id not in spec["nodes"] and n.kind != "drug"]
        assert strays == [], (species, strays)
