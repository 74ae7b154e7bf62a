"""Declarations: the biology as data.

A :class:`Module` declares states, algebraic expressions, processes (rate laws that move states)
and observables. Parameter *values* live in the species parameter files
(``osteoimmune/data/parameters/*.toml``); a module names the parameters it uses simply by using
them in its expressions, and composition checks that the chosen parameter set defines every one of
them with a compatible unit.

Expressions are strings in Python/SymPy syntax over the names of states, parameters, other
expressions and ``t`` (time, days). They are parsed once, with SymPy, at composition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from osteoimmune.errors import ModelError

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
RESERVED = frozenset({"t", "exp", "log", "sqrt", "Max", "Min", "Abs", "tanh", "pi", "E"})

#: names used by the generated code: a state, parameter or expression may not take them
_CODE_NAMES = frozenset({"y", "p", "math", "numpy"})
_SYMBOL_KINDS = frozenset({"state", "parameter", "expression"})
#: Where an observable is read: in a subject, or in a well of an in vitro culture.
SETTINGS = ("in_vivo", "culture")


def _check_name(kind: str, name: str) -> None:
    if not _NAME.match(name):
        raise ModelError(f"{kind} name {name!r} is not an identifier (letters, digits, _)")
    if name in RESERVED or (kind in _SYMBOL_KINDS and name in _CODE_NAMES):
        raise ModelError(f"{kind} name {name!r} is reserved; choose another name")


@dataclass(frozen=True)
class Parameter:
    """A model parameter with its value, unit, meaning, plausible range and source.

    Parameters
    ----------
    name
        Identifier used in expressions.
    value
        Value in ``unit``.
    unit
        A pint unit string, e.g. ``"pM/day"``.
    description
        What the parameter means, in words.
    source
        A reference key with table or figure (``"pivonka2008, Table 2"``) or
        ``"calibrated to <target id>"``.
    bounds
        Plausible (low, high) range in ``unit``; used by sensitivity analysis and validation.
    """

    name: str
    value: float
    unit: str
    description: str
    source: str
    bounds: tuple[float, float]

    def __post_init__(self) -> None:
        _check_name("parameter", self.name)
        lo, hi = self.bounds
        if not lo <= hi:
            raise ModelError(
                f"parameter {self.name}: bounds {self.bounds} are not ordered (low, high)"
            )
        if not lo <= self.value <= hi:
            raise ModelError(
                f"parameter {self.name}: value {self.value} {self.unit} lies outside its bounds "
                f"{self.bounds}; widen the bounds only with a source"
            )
        if not self.source.strip():
            raise ModelError(f"parameter {self.name} has no source; every value needs one")


@dataclass(frozen=True)
class State:
    """A dynamic state (a cell population, a concentration, a bone volume).

    ``guess`` is an initial guess for the steady-state solve, in ``unit``; the equilibrium itself
    is computed, never declared. A ``neutral`` state has no restoring force (bone volume: any
    amount of bone is an equilibrium while formation equals resorption); the steady-state solve
    holds it at ``guess``, its reference value.
    """

    name: str
    unit: str
    description: str
    guess: float
    neutral: bool = False

    def __post_init__(self) -> None:
        _check_name("state", self.name)


@dataclass(frozen=True)
class Expression:
    """A named algebraic quantity (quasi-steady binding, a signalling function, a marker)."""

    name: str
    expr: str
    unit: str
    description: str

    def __post_init__(self) -> None:
        _check_name("expression", self.name)


@dataclass(frozen=True)
class Process:
    """A rate law that changes states, with the evidence behind it.

    Parameters
    ----------
    name
        Identifier of the process.
    rate
        Expression for the rate, in ``unit`` (state unit per day).
    unit
        Unit of the rate.
    changes
        Mapping ``state -> stoichiometric coefficient``: the process adds ``coeff * rate`` to each.
    description
        What happens, in words.
    evidence
        Reference keys (see ``data/references.toml``) that support the process.
    claims
        The ids of ``claims.md`` and ``calibration.md`` rows this process serves (``"S36"``,
        ``"EST-4"``): the experiments that test it.
    """

    name: str
    rate: str
    unit: str
    changes: tuple[tuple[str, float], ...]
    description: str
    evidence: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("process", self.name)
        if not self.changes:
            raise ModelError(f"process {self.name} changes no state")


@dataclass(frozen=True)
class Observable:
    """A column of the simulation table.

    ``kind`` is ``"value"`` (the expression in ``unit``), ``"pct_change"`` (percent change of
    the expression from t = 0) or ``"rel"`` (fold of the healthy steady state of the same
    parameter set). ``setting`` says which runs have the column: ``"in_vivo"`` (a subject) or
    ``"culture"`` (a well of an in vitro culture). ``species`` names the species whose runs
    report it (``()``: every species): a human clinical readout (areal BMD by DXA, fracture
    risk, serum marker values from human assays) is not a mouse's.
    """

    name: str
    expr: str
    unit: str
    description: str
    kind: str = "value"
    setting: str = "in_vivo"
    species: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("observable", self.name)
        if self.kind not in {"value", "pct_change", "rel"}:
            raise ModelError(
                f"observable {self.name}: kind {self.kind!r} is not value|pct_change|rel"
            )
        if self.setting not in SETTINGS:
            raise ModelError(
                f"observable {self.name}: setting {self.setting!r} is not {' or '.join(SETTINGS)}"
            )

    def reported_for(self, species: str) -> bool:
        """Whether runs of ``species`` report this column (a reference set from the literature,
        species ``"reference"``, reports everything its equations give)."""
        return not self.species or species == "reference" or species in self.species


@dataclass(frozen=True)
class Input:
    """An external input into a molecule or cell: infusion rate parameter of a target.

    A scenario's ``infusion: {target: opg, rate: ...}`` sets ``parameter`` to the rate for the
    infusion's duration. The parameter's declared value (normally 0) is the baseline.
    """

    target: str
    parameter: str
    unit: str
    description: str


@dataclass(frozen=True)
class Genotype:
    """A genetic variant: it scales the parameters of a gene product (0 removes it).

    Parameters
    ----------
    name
        Scenario name, e.g. ``"opg_ko"``.
    description
        What is removed, in words.
    scale
        Mapping ``parameter -> factor`` applied for the whole run.
    evidence
        Reference keys for the phenotype.
    lacks
        Cell groups this genotype has none of (nude mice lack ``t_cells``); adoptive transfer
        of donor cells with a different genotype is exact only into such a recipient.
    """

    name: str
    description: str
    scale: tuple[tuple[str, float], ...]
    evidence: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A condition with an onset: at onset, parameters take new values (e.g. ovarian output 0).

    Parameters
    ----------
    name
        Scenario name, e.g. ``"menopause"``.
    description
        What happens, in words, including what the scenario's ``at`` refers to.
    sets
        Mapping ``parameter -> value`` (in the parameter's declared unit) applied at onset.
    evidence
        Reference keys.
    lead_days
        The changes begin this many days *before* the scenario's ``at``: natural menopause is
        dated by the final menstrual period, while ovarian estrogen output starts to fall about
        two years earlier (Randolph et al. 2011). ``0`` for conditions that start at ``at``.
    sexes
        The sexes the condition can happen to (menopause and ovariectomy: ``("female",)``); a
        scenario of another sex is refused.
    """

    name: str
    description: str
    sets: tuple[tuple[str, float], ...]
    evidence: tuple[str, ...] = ()
    lead_days: float = 0.0
    sexes: tuple[str, ...] = ("female", "male")

    def __post_init__(self) -> None:
        _check_name("condition", self.name)
        if not self.lead_days >= 0:
            raise ModelError(f"condition {self.name}: lead_days must be >= 0, got {self.lead_days}")
        if not self.sexes or set(self.sexes) - {"female", "male"}:
            raise ModelError(
                f"condition {self.name}: sexes must be a non-empty subset of female, male; "
                f"got {self.sexes!r}"
            )


@dataclass(frozen=True)
class Route:
    """A route of administration: which state a dose enters and with what bioavailability.

    ``bioavailability`` names a dimensionless parameter (``""`` means complete, as for i.v.).
    ``rate`` names the zero-order input parameter of ``state`` (``<state unit>/day``, 0 at
    baseline, fed by a process of the model) through which a dose given over a time (an i.v.
    infusion, a transdermal patch) enters; ``""`` when the route only takes boluses.
    """

    name: str
    state: str
    bioavailability: str = ""
    rate: str = ""


@dataclass(frozen=True)
class Treatment:
    """A drug of the library: its routes and how a dose becomes an amount in a PK state.

    A regimen (``dose``, ``every``, ``doses``, ``route``) in a scenario becomes one event per
    dose that adds ``dose * F * dose_to_state`` to the route's state, where ``dose_to_state`` is
    a parameter in ``<state unit>/mg`` (1 / (volume x molar mass)) and ``F`` the route's
    bioavailability. A dose per body weight (``mg/kg``) is multiplied by ``body_weight``.

    Parameters
    ----------
    name
        Scenario name, e.g. ``"anakinra"``.
    description
        What the drug is and what it binds.
    target
        The gene product the drug neutralises or replaces, e.g. ``"IL-1 receptor"``.
    routes
        Allowed routes; the first is the default.
    dose_to_state
        Parameter converting one mg of dose into the state's unit.
    body_weight
        Parameter (kg) used for doses given per body weight.
    evidence
        Reference keys (PK and binding).
    default_regimen
        The labelled human regimen as scenario-event fields, e.g.
        ``(("dose", "60 mg"), ("every", "6 months"), ("route", "sc"))``; ``()`` when the drug has
        no clinical label (a research reagent). ``osteoimmune list treatments`` shows it.
    serum
        The state or expression that holds the drug's serum concentration, reported as the
        column ``<name>_ng_ml`` of a run that gives the drug; ``""`` when the drug has no serum
        level of its own (oral calcium is the plasma calcium it joins).
    molar_mass
        Parameter (g/mol) that turns a molar ``serum`` level into ng/mL; ``""`` when ``serum``
        is a mass concentration already or is absent.
    species
        The species in which the drug binds its target (``()``: every species). A scenario of
        another species that gives it warns (:class:`~osteoimmune.errors.SpeciesWarning`).
    """

    name: str
    description: str
    target: str
    routes: tuple[Route, ...]
    dose_to_state: str
    body_weight: str = "body_weight"
    evidence: tuple[str, ...] = ()
    default_regimen: tuple[tuple[str, str], ...] = ()
    serum: str = ""
    molar_mass: str = ""
    species: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("treatment", self.name)
        if not self.routes:
            raise ModelError(f"treatment {self.name} declares no route")
        fields = dict(self.default_regimen)
        allowed = {"dose", "every", "doses", "route", "over"}
        if self.default_regimen and ("dose" not in fields or set(fields) - allowed):
            raise ModelError(
                f"treatment {self.name}: default_regimen {fields} must give 'dose' and only "
                f"{sorted(allowed)}"
            )
        if "route" in fields and fields["route"] not in {r.name for r in self.routes}:
            raise ModelError(
                f"treatment {self.name}: default_regimen route {fields['route']!r} is not one of "
                f"its routes {[r.name for r in self.routes]}"
            )
        if self.molar_mass and not self.serum:
            raise ModelError(
                f"treatment {self.name}: molar_mass {self.molar_mass} given without the serum "
                "level it converts (set serum)"
            )


@dataclass(frozen=True)
class CellGroup:
    """A named group of cell states that a scenario can deplete or transfer.

    Parameters
    ----------
    name
        Scenario name, e.g. ``"t_cells"``, ``"cd4_t_cells"``.
    description
        Which cells, in words.
    states
        The states holding these cells; depletion scales them, transfer adds to them.
    intrinsic
        Parameters of gene products these cells carry themselves (T-cell TNF, T-cell RANKL):
        donor cells bring their genotype's values of these, and only these, with them.
    evidence
        Reference keys.
    """

    name: str
    description: str
    states: tuple[str, ...]
    intrinsic: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("cell group", self.name)
        if not self.states:
            raise ModelError(f"cell group {self.name} has no states")


@dataclass(frozen=True)
class MediumComponent:
    """A molecule a culture medium can hold at a fixed concentration.

    The medium's concentration enters the molecule's declared level through ``parameter`` (a
    concentration in the molecule's model unit, 0 in vivo), so that the same binding and signalling
    laws act on it as on the molecule made by cells. Media change every few days, so the
    concentration is held (clamped) for the whole culture.

    Parameters
    ----------
    name
        Key in a scenario's ``medium:`` mapping, e.g. ``"mcsf"``.
    parameter
        Concentration parameter that the medium sets (``pM`` or ``pg/mL``).
    description
        The molecule, in words.
    molar_mass
        Parameter (``g/mol``) converting a mass concentration (``ng/mL``) into a molar one when
        ``parameter`` is molar; ``""`` when the model unit is a mass concentration.
    evidence
        Reference keys (molar mass, the form used in cultures).
    """

    name: str
    parameter: str
    description: str
    molar_mass: str = ""
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("medium component", self.name)


@dataclass(frozen=True)
class Culture:
    """A kind of in vitro culture: the cells a well is seeded with.

    Parameters
    ----------
    name
        Scenario name, e.g. ``"pbmc"``.
    description
        What the well holds, in words.
    cells
        Mapping ``cell group -> parameters`` whose product is the number of cells of the group
        seeded per well (``("n_PBMC_well", "f_T_PBMC")``: PBMC per well x T-cell share). A group
        is split among its states in the proportions of the healthy steady state.
    evidence
        Reference keys for the culture and its composition.
    """

    name: str
    description: str
    cells: tuple[tuple[str, tuple[str, ...]], ...]
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_name("culture", self.name)
        if not self.cells:
            raise ModelError(f"culture {self.name} seeds no cells")


@dataclass(frozen=True)
class Module:
    """A biological module: a coherent group of declarations.

    Modules compose into a :class:`~osteoimmune.model.compose.Model`; a name may be declared by
    only one module.

    ``medium`` lists the molecules of this module a culture medium can hold, ``cultures`` the
    kinds of well this module defines, and ``in_vitro`` the values its parameters take inside any
    culture well: sources outside the well (organs, the circulation, marrow stroma, basal
    production by other tissues) are 0 there.
    """

    name: str
    description: str
    states: tuple[State, ...] = ()
    expressions: tuple[Expression, ...] = ()
    processes: tuple[Process, ...] = ()
    observables: tuple[Observable, ...] = ()
    inputs: tuple[Input, ...] = ()
    genotypes: tuple[Genotype, ...] = ()
    conditions: tuple[Condition, ...] = ()
    treatments: tuple[Treatment, ...] = ()
    cell_groups: tuple[CellGroup, ...] = ()
    requires: tuple[str, ...] = field(default=())
    medium: tuple[MediumComponent, ...] = ()
    cultures: tuple[Culture, ...] = ()
    in_vitro: tuple[tuple[str, float], ...] = ()
