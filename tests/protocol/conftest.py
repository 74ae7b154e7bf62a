"""A small, self-contained model for the protocol layer: a drug, two cell types and a cytokine.

The model is registered temporarily and its parameter set is resolved by name
(``parameter_set: toy_protocol``), so that regimens, depletions and transfers are tested against
declarations whose behaviour is known in closed form, independently of the biological modules.

- ``Xdepot -> X``: a drug with first-order absorption ``ka`` and elimination ``kel``; ``Xelim``
  (neutral) accumulates what was eliminated, so ``Xdepot + X + Xelim`` is the amount given.
- ``Ta``, ``Tb``: cells with constant supply and first-order death (healthy pools 100 and 50
  cells/uL). ``Ta`` makes the cytokine ``C`` with the cell-intrinsic rate ``cprod``.
- Cell groups ``lymph`` (Ta, Tb), ``a_cells`` (Ta), ``b_cells`` (Tb); genotypes ``nude`` (lacks
  lymph), ``cko`` (no cprod) and ``bko`` (no Tb supply, touches nothing intrinsic).
- Conditions ``inflamed`` (doubles Ta supply, begins 30 days before its ``at``) and ``flare``
  (sets cprod).
- Treatment ``drugx``: routes ``iv`` (into X, as a bolus or over a time through ``Pin``) and ``sc`` (into Xdepot, bioavailability ``F_sc``
  in percent); ``dose_X`` is declared in nM/mg while X is in pM, to exercise the conversions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from osteoimmune.model import compose as compose_mod
from osteoimmune.model import registry
from osteoimmune.model.compose import Model, compose
from osteoimmune.model.declarations import (
    CellGroup,
    Condition,
    Genotype,
    Module,
    Observable,
    Parameter,
    Process,
    Route,
    State,
    Treatment,
)
from osteoimmune.model.parameters import ParameterSet
from osteoimmune.protocol import scenario as scenario_mod
from osteoimmune.protocol.scenario import Scenario, scenario_from_dict

TOY_SET = "toy_protocol"

#: name -> (value, unit)
TOY_VALUES: dict[str, tuple[float, str]] = {
    "ka": (2.0, "1/day"),
    "kel": (0.1, "1/day"),
    "Pin": (0.0, "pM/day"),
    "F_sc": (60.0, "percent"),
    "dose_X": (1.0, "nM/mg"),  # = 1000 pM/mg
    "body_weight": (70.0, "kg"),
    "sA": (10.0, "cell/uL/day"),
    "dA": (0.1, "1/day"),
    "stim": (1.0, ""),
    "sB": (5.0, "cell/uL/day"),
    "dB": (0.1, "1/day"),
    "cprod": (0.01, "pM*uL/(cell*day)"),
    "kC": (1.0, "1/day"),
}

TOY = Module(
    name="toy_protocol",
    description="test model for regimens, depletion and transfer",
    states=(
        State("Xdepot", "pM", "drug at the injection site", 0.0),
        State("X", "pM", "drug, central", 0.0),
        State("Xelim", "pM", "drug eliminated so far", 0.0, neutral=True),
        State("Ta", "cell/uL", "cells of type a", 100.0),
        State("Tb", "cell/uL", "cells of type b", 50.0),
        State("C", "pM", "cytokine made by a cells", 1.0),
    ),
    processes=(
        Process("absorb", "ka*Xdepot", "pM/day", (("Xdepot", -1.0), ("X", 1.0)), "absorption"),
        Process("elim", "kel*X", "pM/day", (("X", -1.0), ("Xelim", 1.0)), "elimination"),
        Process("infuse", "Pin", "pM/day", (("X", 1.0),), "zero-order input"),
        Process("Ta_supply", "sA*stim", "cell/uL/day", (("Ta", 1.0),), "supply of a"),
        Process("Ta_death", "dA*Ta", "cell/uL/day", (("Ta", -1.0),), "death of a"),
        Process("Tb_supply", "sB", "cell/uL/day", (("Tb", 1.0),), "supply of b"),
        Process("Tb_death", "dB*Tb", "cell/uL/day", (("Tb", -1.0),), "death of b"),
        Process("C_prod", "cprod*Ta", "pM/day", (("C", 1.0),), "a cells make C"),
        Process("C_decay", "kC*C", "pM/day", (("C", -1.0),), "C decays"),
    ),
    observables=(
        Observable("drug_pm", "X", "pM", "central drug"),
        Observable("a_rel", "Ta", "cell/uL", "a cells", "rel"),
    ),
    genotypes=(
        Genotype("nude", "no a or b cells", (("sA", 0.0), ("sB", 0.0)), lacks=("lymph",)),
        Genotype("cko", "a cells make no C", (("cprod", 0.0),)),
        Genotype("bko", "no b cells", (("sB", 0.0),)),
    ),
    conditions=(
        Condition("inflamed", "a-cell supply doubles", (("stim", 2.0),), lead_days=30.0),
        Condition("flare", "a cells make more C", (("cprod", 0.02),)),
    ),
    treatments=(
        Treatment(
            "drugx",
            "a test drug",
            "nothing",
            routes=(Route("iv", "X", rate="Pin"), Route("sc", "Xdepot", "F_sc")),
            dose_to_state="dose_X",
        ),
    ),
    cell_groups=(
        CellGroup("lymph", "a and b cells", ("Ta", "Tb"), intrinsic=("cprod",)),
        CellGroup("a_cells", "a cells", ("Ta",), intrinsic=("cprod",)),
        CellGroup("b_cells", "b cells", ("Tb",)),
    ),
)

TOY_PSET = ParameterSet(
    name=TOY_SET,
    species="reference",
    modules=(TOY.name,),
    parameters=MappingProxyType(
        {
            n: Parameter(n, v, u, f"test parameter {n}", "test source", (0.0, 1e6))
            for n, (v, u) in TOY_VALUES.items()
        }
    ),
    description="test set for the protocol layer",
)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Model]:
    """Register the toy module and make ``parameter_set: toy_protocol`` resolve to its set."""
    monkeypatch.setitem(registry.MODULES, TOY.name, TOY)
    for mod in (scenario_mod, compose_mod):
        original = mod.load_parameter_set

        def load(name: Any, _original: Callable[..., Any] = original) -> Any:
            return TOY_PSET if name == TOY_SET else _original(name)

        monkeypatch.setattr(mod, "load_parameter_set", load)
    shipped = scenario_mod.available_parameter_sets
    monkeypatch.setattr(scenario_mod, "available_parameter_sets", lambda: (*shipped(), TOY_SET))
    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", "off")
    yield compose(TOY_PSET)


@pytest.fixture
def toy_scenario(toy: Model) -> Callable[..., Scenario]:
    """Build a scenario of the toy set from scenario-file keys (``events=[...]``, ...)."""

    def make(**doc: Any) -> Scenario:
        base: Mapping[str, Any] = {
            "parameter_set": TOY_SET,
            "duration": "60 days",
            "save_every": "1 day",
        }
        return scenario_from_dict({**base, **doc})

    return make
