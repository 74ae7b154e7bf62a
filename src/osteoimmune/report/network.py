"""The interaction network, derived from the model's own rate laws.

Nodes are cell types, molecules and tissue readouts (``data/network.toml`` says which states and
named expressions stand for each one, in every compartment). Edges are not declared anywhere:
an edge ``A -> B`` exists where a member of ``A`` appears in a rate law that makes or removes a
member of ``B``, or in the expression that defines a molecule of ``B``, with intermediate signals
(receptor occupancies, modifiers) followed through. Its sign is the sign of the derivative of
that rate with respect to ``A`` along the run: stimulation (+1), inhibition (-1), or 0 where the
derivative vanishes at every point visited (a switch that is off, e.g. inflammation in health).
Each edge carries the processes it comes from, their claim ids, and the references behind the
processes and behind the parameters in the derivative.

Edges are weighed by how much of the target rests on the source: of all the log-sensitivities
``|c dR/dX X|`` of the rate laws acting on a target member (X its own members included), the
share that the source accounts for, at the healthy reference point or, with a scenario,
averaged over the run. The heaviest edges are highlighted.

Example::

    from osteoimmune.report.network import interaction_network

    net = interaction_network("menopause")
    net.draw("network.svg")
    net.write("network.graphml")
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from osteoimmune.errors import InputError, ModelError
from osteoimmune.model.compose import TIME, Model
from osteoimmune.model.parameters import calibration_target, reference_key
from osteoimmune.protocol.scenario import Scenario
from osteoimmune.protocol.treatments import Regimen
from osteoimmune.solve.compile import FloatArray
from osteoimmune.solve.simulation import Simulation
from osteoimmune.units import canonical_factor

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

#: Regions of the drawing, left to right.
REGIONS = ("hormones", "marrow", "immune", "molecules", "bone", "metabolism", "sites")
KINDS = ("cell", "molecule", "tissue", "stimulus", "drug")
#: Files :meth:`Network.write` writes: the drawing, or the graph.
WRITE_SUFFIXES = (".svg", ".png", ".pdf", ".json", ".graphml")
#: Number of edges highlighted in a drawing with a scenario.
HIGHLIGHT = 25
#: Points of the run at which derivatives are evaluated (evenly spaced, plus t = 0).
_POINTS = 40


@dataclass(frozen=True)
class Node:
    """A cell type, molecule, tissue readout, stimulus or drug.

    Attributes
    ----------
    id
        Identifier (``"rankl"``; a drug's node is the treatment's name).
    label
        Name drawn in the figure.
    kind
        ``cell``, ``molecule``, ``tissue``, ``stimulus`` or ``drug``.
    region
        Column of the drawing (:data:`REGIONS`, or ``drugs``).
    members
        The model's states and named expressions that stand for the node.
    """

    id: str
    label: str
    kind: str
    region: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Edge:
    """A signed influence of one node on another, derived from the rate laws.

    Attributes
    ----------
    source, target
        Node ids.
    sign
        +1 stimulation, -1 inhibition, 0 neither at any point of the run (a switch that is off).
    processes
        Where the influence comes from: process names, or ``expression:<name>`` for a molecule's
        defining expression.
    claims
        Claim and calibration-target ids the processes serve, and the targets named by
        "calibrated to" sources of the parameters involved.
    references
        Reference keys behind the processes and the parameters of the derivative.
    weight
        How much of the target rests on the source, in [0, 1]: of the summed log-sensitivities
        ``|c dR/dX X|`` of every rate law acting on a member of the target, with respect to every
        node symbol ``X`` in it (the target's own members included), the share the source
        accounts for; the largest over the target's members, at the healthy reference point or,
        with a scenario, averaged over the run. ``0`` where the source carries nothing (a switch
        that is off).
    """

    source: str
    target: str
    sign: int
    processes: tuple[str, ...]
    claims: tuple[str, ...]
    references: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Network:
    """The interaction network of a model, optionally weighed by a scenario.

    Build one with :func:`interaction_network`.
    """

    parameter_set: str
    scenario: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node:
        """The node called ``node_id``."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise InputError("node", node_id, "a node of this network", choices=self.node_ids)

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    def edge(self, source: str, target: str) -> Edge | None:
        """The edge ``source -> target``, or None."""
        for e in self.edges:
            if e.source == source and e.target == target:
                return e
        return None

    def highlighted(self, n: int = HIGHLIGHT) -> tuple[Edge, ...]:
        """The ``n`` edges that carry most (ties broken by name)."""
        ranked = sorted(
            (e for e in self.edges if e.weight > 0), key=lambda e: (-e.weight, e.source, e.target)
        )
        return tuple(ranked[:n])

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"parameter_set", "scenario", "nodes": [...], "edges": [...]}``."""
        top = {(e.source, e.target) for e in self.highlighted()}
        return {
            "parameter_set": self.parameter_set,
            "scenario": self.scenario,
            "nodes": [
                {
                    "id": n.id,
                    "label": n.label,
                    "kind": n.kind,
                    "region": n.region,
                    "members": list(n.members),
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "sign": e.sign,
                    "processes": list(e.processes),
                    "claims": list(e.claims),
                    "references": list(e.references),
                    "weight": e.weight,
                    "highlighted": (e.source, e.target) in top,
                }
                for e in self.edges
            ],
        }

    def to_networkx(self) -> nx.DiGraph:
        """A :class:`networkx.DiGraph`; list attributes are joined with ``;`` (GraphML-safe)."""
        import networkx as nx

        g = nx.DiGraph(parameter_set=self.parameter_set, scenario=self.scenario)
        doc = self.as_dict()
        for n in doc["nodes"]:
            g.add_node(n["id"], **{k: _flat(v) for k, v in n.items() if k != "id"})
        for e in doc["edges"]:
            attrs = {k: _flat(v) for k, v in e.items() if k not in ("source", "target")}
            g.add_edge(e["source"], e["target"], **attrs)
        return g

    def write(self, path: str | PathLike[str]) -> Path:
        """Write the graph: ``.json`` (this package's schema, see :meth:`as_dict`), ``.graphml``;
        or the drawing: ``.svg``, ``.png``, ``.pdf``.

        Raises
        ------
        InputError
            If the suffix is none of those.
        """
        out = Path(path)
        suffix = out.suffix.lower()
        if suffix == ".json":
            out.write_text(json.dumps(self.as_dict(), indent=1) + "\n", encoding="utf-8")
        elif suffix == ".graphml":
            import networkx as nx

            nx.write_graphml(self.to_networkx(), out)
        elif suffix in (".svg", ".png", ".pdf"):
            self.draw(out)
        else:
            raise InputError(
                "output file", str(path), f"a name ending in {', '.join(WRITE_SUFFIXES)}"
            )
        return out

    def draw(self, path: str | PathLike[str] | None = None) -> Figure:
        """Draw the network (see :func:`draw_network`)."""
        return draw_network(self, path)


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


# --- nodes -------------------------------------------------------------------------------------


def node_spec() -> Mapping[str, Any]:
    """The declared nodes (``data/network.toml``)."""
    text = resources.files("osteoimmune").joinpath("data/network.toml").read_text("utf-8")
    spec: dict[str, Any] = tomllib.loads(text)
    for node_id, entry in spec["nodes"].items():
        if entry["kind"] not in KINDS or entry["region"] not in REGIONS:
            raise ModelError(
                f"network node {node_id}: kind {entry['kind']!r} / region {entry['region']!r} "
                f"must be one of {KINDS} / {REGIONS}"
            )
    return spec


def _drug_nodes(model: Model, dosed: set[str]) -> list[Node]:
    out = []
    names = model.state_names
    for treat in model.treatments.values():
        if treat.name not in dosed:
            continue
        central = treat.dose_to_state.removeprefix("dose_")
        members = {r.state for r in treat.routes}
        members.update(s for s in names if s == central or s.startswith(central + "_"))
        out.append(Node(treat.name, treat.name, "drug", "drugs", tuple(sorted(members))))
    return out


def _nodes(model: Model, dosed: set[str]) -> tuple[list[Node], dict[str, str]]:
    """The nodes present in ``model`` and the map ``member -> node id``."""
    spec = node_spec()
    known = set(model.state_names) | {e.name for e in model.expressions}
    nodes: list[Node] = []
    for node_id, entry in spec["nodes"].items():
        members = tuple(m for m in entry["members"] if m in known)
        if members:
            nodes.append(Node(node_id, entry["label"], entry["kind"], entry["region"], members))
    nodes.extend(_drug_nodes(model, dosed))
    member_of: dict[str, str] = {}
    for n in nodes:
        for m in n.members:
            if m in member_of:
                raise ModelError(f"network: {m} belongs to nodes {member_of[m]} and {n.id}")
            member_of[m] = n.id
    hidden = set(spec.get("hidden", ()))
    drug_states = {s.name for mod in model.modules if mod.name == "drugs" for s in mod.states}
    for s in model.states:
        if s.name not in member_of and s.name not in hidden and s.name not in drug_states:
            nodes.append(Node(s.name, s.name, "cell", "immune", (s.name,)))
            member_of[s.name] = s.name
    return nodes, member_of


# --- edges -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """One rate law (or defining expression) acting on one member of a target node."""

    origin: str  # process name or "expression:<name>"
    member: str  # the state or expression it makes or removes
    coeff: float
    expr: sp.Expr  # inlined down to node symbols, parameters and t
    claims: tuple[str, ...]
    evidence: tuple[str, ...]


def _terms(model: Model, member_of: Mapping[str, str]) -> list[_Term]:
    inline: dict[sp.Symbol, sp.Expr] = {}
    for e in model.expressions:  # topological order
        if e.name not in member_of:
            inline[model.symbols[e.name]] = model.parsed[e.name].xreplace(inline)
    terms: list[_Term] = []
    for e in model.expressions:
        if e.name in member_of:
            expr = model.parsed[e.name].xreplace(inline)
            terms.append(_Term(f"expression:{e.name}", e.name, 1.0, expr, (), ()))
    for proc in model.processes:
        rate = model.parsed[f"process:{proc.name}"].xreplace(inline)
        gains = [(s, c) for s, c in proc.changes if c > 0]
        losses = [(s, c) for s, c in proc.changes if c < 0]
        # a transition (precursor -> mature) is drawn as what it makes; its regulators act on
        # the product, and the precursor's own consumption is not an extra edge
        targets = gains if gains and losses else list(proc.changes)
        for state, coeff in targets:
            if state not in member_of:  # hidden book-keeping, or a drug not given
                continue
            terms.append(_Term(proc.name, state, coeff, rate, proc.claims, proc.evidence))
    return terms


def _points(sim: Simulation) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Times, states and parameters (canonical) of the healthy reference point, then of the
    run of ``sim``."""
    end = sim.scenario.duration_days
    times = np.unique(np.concatenate([[0.0], np.linspace(0.0, end, _POINTS)]))
    traj = sim.trajectory(times)
    t = np.concatenate([[0.0], traj.times])
    y = np.vstack([sim.reference_state[None, :], traj.states])
    p = np.vstack([sim.reference_parameters[None, :], traj.parameters])
    return t, y, p


def _parameter_refs(model: Model, names: set[str]) -> tuple[set[str], set[str]]:
    """Reference keys and "calibrated to" target ids from the sources of parameters ``names``."""
    refs: set[str] = set()
    claims: set[str] = set()
    for par in model.parameters:
        if par.name in names:
            key, target = reference_key(par.source), calibration_target(par.source)
            refs.update([key] if key else [])
            claims.update([target] if target else [])
    return refs, claims


def interaction_network(
    scenario: Scenario | Simulation | str | PathLike[str] | None = None,
    *,
    parameter_set: str | None = None,
) -> Network:
    """Derive the interaction network of a model from its rate laws.

    Parameters
    ----------
    scenario
        A :class:`~osteoimmune.solve.Simulation`, a scenario, a built-in scenario's name or a
        YAML path, whose run signs and weighs the edges; default the healthy subject of
        ``parameter_set``. Drugs the scenario doses appear as nodes.
    parameter_set
        ``"human"`` (default), ``"mouse"`` or a reference set; only without a scenario.

    Returns
    -------
    Network
        Nodes, signed edges with their processes, claims and references, and weights.

    Raises
    ------
    InputError
        If both a scenario and a parameter set are given, or ``scenario`` names no built-in
        scenario or readable scenario file.
    """
    from osteoimmune.protocol.scenario import scenario_from_dict

    if scenario is not None and parameter_set is not None:
        raise InputError(
            "parameter_set",
            parameter_set,
            "no parameter set when a scenario is given (the scenario names its own)",
        )
    if scenario is None:
        pset = parameter_set or "human"
        doc: dict[str, Any] = {"parameter_set": pset, "duration": "1 day", "save_every": "1 day"}
        if pset in ("human", "mouse"):
            doc["species"] = pset
        sim = Simulation(scenario_from_dict(doc, name="healthy"))
        weighed = False
    else:
        sim = scenario if isinstance(scenario, Simulation) else Simulation(scenario)
        weighed = True
    scen = sim.scenario
    model = sim.model
    dosed = {ev.treatment for ev in scen.events if isinstance(ev, Regimen)}
    nodes, member_of = _nodes(model, dosed)
    terms = _terms(model, member_of)
    t, y, p = _points(sim)
    values = sim.evaluate(t, y, p)

    state_syms = [model.symbols[s.name] for s in model.states]
    node_exprs = [e.name for e in model.expressions if e.name in member_of]
    expr_syms = [model.symbols[e] for e in node_exprs]
    par_syms = [model.symbols[q.name] for q in model.parameters]
    args = [TIME, *state_syms, *expr_syms, *par_syms]
    columns = [t, *y.T, *(values[e] for e in node_exprs), *p.T]
    symbol_member = {model.symbols[m]: m for m in member_of}

    # every derivative of a rate law with respect to a node symbol in it; those between members
    # of one node are not edges, but they count in the target's sensitivity budget
    wanted: list[tuple[int, sp.Symbol]] = []
    for k, term in enumerate(terms):
        for sym in sorted(term.expr.free_symbols, key=lambda s: s.name):
            if sym in symbol_member:
                wanted.append((k, sym))
    diffs = [sp.diff(terms[k].expr, sym) for k, sym in wanted]
    fn = sp.lambdify(args, [*(term.expr for term in terms), *diffs], modules="numpy", cse=True)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        evaluated = fn(*columns)
    n_pts = len(t)
    activity: dict[str, FloatArray] = defaultdict(lambda: np.zeros(n_pts))
    for term, raw in zip(terms, evaluated[: len(terms)], strict=True):
        rate = np.abs(np.broadcast_to(np.asarray(raw, dtype=float), (n_pts,)))
        activity[term.member] = activity[term.member] + np.where(
            np.isfinite(rate), abs(term.coeff) * rate, 0.0
        )
    evaluated = evaluated[len(terms) :]
    level = dict(zip(args, columns, strict=True))

    # |c dR/dA A| (what A carries) and c dR/dA A_typical (its sign), and their sums per target
    carried: list[FloatArray] = []
    signed: list[FloatArray] = []
    budget_carried: dict[str, FloatArray] = defaultdict(lambda: np.zeros(n_pts))
    budget_signed: dict[str, FloatArray] = defaultdict(lambda: np.zeros(n_pts))
    for (k, sym), raw in zip(wanted, evaluated, strict=True):
        term = terms[k]
        d = np.broadcast_to(np.asarray(raw, dtype=float), (n_pts,))
        d = np.where(np.isfinite(d), d, 0.0)
        src_level = np.abs(np.asarray(level[sym], dtype=float))
        typical = float(np.max(src_level)) if np.any(src_level > 0) else 1.0
        carried.append(np.abs(term.coeff * d) * src_level)
        signed.append(term.coeff * d * typical)
        budget_carried[term.member] = budget_carried[term.member] + carried[-1]
        budget_signed[term.member] = budget_signed[term.member] + np.abs(signed[-1])

    # a target whose rate laws move less than a millionth of its unit per day (a molecule below
    # a millionth of its unit) is idle, a lesion without its disease: no edge into it carries
    # anything there
    unit_of = {s.name: s.unit for s in model.states} | {e.name: e.unit for e in model.expressions}
    # and where the summed sensitivities are a millionth of its activity, no symbol moves it
    live = {
        m: (activity[m] > 1e-6 * canonical_factor(unit_of[m]))
        & (budget_carried[m] > 1e-6 * activity[m])
        for m in budget_carried
    }

    def share(x: FloatArray, total: FloatArray, member: str) -> FloatArray:
        ok = live[member] & (total > 0)
        return np.where(ok, x / np.where(ok, total, 1.0), 0.0)

    par_set = set(par_syms)
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for idx, (k, sym) in enumerate(wanted):
        term = terms[k]
        source = member_of[symbol_member[sym]]
        target = member_of[term.member]
        if source == target:
            continue
        entry = acc.setdefault(
            (source, target),
            {
                "signed": 0.0,
                "shares": defaultdict(lambda: np.zeros(n_pts)),
                "processes": set(),
                "claims": set(),
                "params": set(),
                "refs": set(),
            },
        )
        entry["signed"] += float(
            np.mean(share(signed[idx], budget_signed[term.member], term.member))
        )
        entry["shares"][term.member] += share(
            carried[idx], budget_carried[term.member], term.member
        )
        entry["processes"].add(term.origin)
        entry["claims"].update(term.claims)
        entry["refs"].update(term.evidence)
        entry["params"].update(x.name for x in diffs[idx].free_symbols if x in par_set)
    for entry in acc.values():
        most = np.max(np.vstack(list(entry["shares"].values())), axis=0)
        entry["weight"] = float(np.mean(most[1:])) if weighed else float(most[0])
    edges = []
    for (source, target), entry in sorted(acc.items()):
        refs, claims = _parameter_refs(model, entry["params"])
        net_sign: float = entry["signed"]
        sign = 0 if abs(net_sign) < 1e-12 else (1 if net_sign > 0 else -1)
        edges.append(
            Edge(
                source,
                target,
                sign,
                tuple(sorted(entry["processes"])),
                tuple(sorted(entry["claims"] | claims)),
                tuple(sorted(entry["refs"] | refs)),
                entry["weight"] if math.isfinite(entry["weight"]) else 0.0,
            )
        )
    used = {e.source for e in edges} | {e.target for e in edges}
    return Network(
        model.parameter_set.name,
        scen.name,
        tuple(n for n in nodes if n.id in used),
        tuple(edges),
    )


#: fill colour of a node by kind, and (colour, arrow style, line style) of an edge by sign:
#: shared by the drawing here and the dashboard's interactive view
KIND_COLOURS = {
    "cell": "#cfe2f3",
    "molecule": "#fff2cc",
    "tissue": "#d9ead3",
    "stimulus": "#f4cccc",
    "drug": "#e6d0f0",
}
SIGN_STYLE = {
    1: ("#2e7d32", "-|>", "solid"),
    -1: ("#c62828", "-[", "solid"),
    0: ("#8a8a8a", "-|>", "dashed"),
}


def network_layout(network: Network) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Columns by region (drugs in their own column on the left); within a column, nodes are
    ordered by the mean height of their neighbours (two barycentric sweeps), so that edges
    cross less. Returns the positions and the regions in column order."""
    columns: dict[str, list[str]] = defaultdict(list)
    for n in network.nodes:
        columns[n.region].append(n.id)
    order = [r for r in ("drugs", *REGIONS) if columns.get(r)]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in network.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    pos: dict[str, tuple[float, float]] = {}

    def place() -> None:
        for x, region in enumerate(order):
            ids = columns[region]
            k = len(ids)
            for i, node_id in enumerate(ids):
                pos[node_id] = (float(x), 1.0 - (i + 0.5) / k)

    place()
    for _ in range(3):
        for region in order:
            ids = columns[region]
            ids.sort(
                key=lambda n: (
                    float(np.mean([pos[m][1] for m in neighbours[n]])) if neighbours[n] else 0.5,
                    n,
                ),
                reverse=True,
            )
        place()
    return pos, order


def draw_network(network: Network, path: str | PathLike[str] | None = None) -> Figure:
    """Draw ``network``: nodes in columns by region, coloured by kind; green arrows stimulate,
    red bars inhibit, grey dashes are edges whose switch is off along the run. The
    :data:`HIGHLIGHT` edges that carry most are drawn strong, with widths by weight.

    Parameters
    ----------
    network
        From :func:`interaction_network`.
    path
        If given, save there (``.svg``, ``.png`` or ``.pdf``).
    """
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    pos, order = network_layout(network)
    n_cols = len(order)
    fig = Figure(figsize=(3.1 * n_cols + 1.5, 12.0))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.06, 0.98, 0.88))
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.set_ylim(-0.03, 1.03)
    ax.axis("off")
    top = {(e.source, e.target) for e in network.highlighted()}
    max_w = min(1.0, max((e.weight for e in network.edges), default=0.0)) or 1.0
    patches: dict[str, Any] = {}
    for n in network.nodes:
        x, y = pos[n.id]
        patches[n.id] = ax.text(
            x,
            y,
            n.label,
            ha="center",
            va="center",
            fontsize=9,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.35",
                "facecolor": KIND_COLOURS[n.kind],
                "edgecolor": "#555555",
                "linewidth": 0.8,
            },
        )
    # text boxes need a renderer to know their extent before arrows are clipped to them
    fig.canvas.draw()
    for e in sorted(network.edges, key=lambda e: (e.source, e.target) in top):
        colour, style, line = SIGN_STYLE[e.sign]
        strong = (e.source, e.target) in top
        width = 0.8 + 3.2 * math.sqrt(min(e.weight, max_w) / max_w) if strong else 0.6
        ax.add_patch(
            FancyArrowPatch(
                pos[e.source],
                pos[e.target],
                arrowstyle=style
                + (
                    ",head_length=0.7,head_width=0.35"
                    if style == "-|>"
                    else ",widthB=0.5,lengthB=0"
                ),
                connectionstyle="arc3,rad=0.12",
                color=colour,
                linestyle=line,
                linewidth=width,
                alpha=0.9 if strong else 0.22,
                patchA=patches[e.source].get_bbox_patch(),
                patchB=patches[e.target].get_bbox_patch(),
                zorder=2 if strong else 1,
                mutation_scale=12.0,
            )
        )
    for x, region in enumerate(order):
        ax.text(x, 1.03, region, ha="center", va="bottom", fontsize=11, weight="bold")
    handles: list[Artist] = [
        Patch(facecolor=c, edgecolor="#555555", label=k) for k, c in KIND_COLOURS.items()
    ]
    handles += [
        Line2D([], [], color=SIGN_STYLE[1][0], label="stimulates"),
        Line2D([], [], color=SIGN_STYLE[-1][0], label="inhibits"),
        Line2D([], [], color=SIGN_STYLE[0][0], linestyle="dashed", label="off along this run"),
        Line2D([], [], color="#444444", linewidth=3, label=f"{HIGHLIGHT} edges carrying most"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=9)
    fig.suptitle(
        f"Interaction network of the model: {network.scenario} "
        f"(parameter set {network.parameter_set}); {len(network.nodes)} nodes, "
        f"{len(network.edges)} edges derived from the rate laws",
        fontsize=12,
    )
    if path is not None:
        import matplotlib

        # labels stay text in an SVG: searchable, editable, and readable by a parser
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(path, dpi=110)
    return fig
