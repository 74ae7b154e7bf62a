"""Cell depletion and adoptive transfer: validation, state arithmetic, intrinsic parameters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import osteoimmune as oi
from osteoimmune.errors import InputError
from osteoimmune.protocol import CellDepletion, CellTransfer, Scenario
from osteoimmune.solve.simulate import initial_condition
from osteoimmune.units import canonical_factor

from .conftest import TOY_SET

MakeScenario = Callable[..., Scenario]
TA, TB = 100.0, 50.0  # healthy pools, cells/uL
CPROD = canonical_factor("pM*uL/(cell*day)")  # canonical value of 1 declared unit of cprod


def _deplete(group: str = "lymph", fraction: Any = 0.9, **event: Any) -> dict[str, Any]:
    return {"cells": {"deplete": group, "fraction": fraction}, **event}


def _transfer(group: str = "lymph", donor: Any = None, **spec: Any) -> dict[str, Any]:
    at = spec.pop("at", None)
    cells: dict[str, Any] = {"transfer": group, **spec}
    if donor is not None:
        cells["donor_genotype"] = donor
    return {"cells": cells, **({"at": at} if at is not None else {})}


# --- value objects --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: CellDepletion("lymph", 0.0), "cells.fraction"),
        (lambda: CellDepletion("lymph", 1.5), "cells.fraction"),
        (lambda: CellDepletion("lymph", float("nan")), "cells.fraction"),
        (lambda: CellDepletion("lymph", 0.5, at_days=-1.0), "at"),
        (lambda: CellDepletion("", 0.5), "cells.deplete"),
        (lambda: CellTransfer("lymph", amount=0.0), "cells.amount"),
        (lambda: CellTransfer("lymph", amount=-1.0), "cells.amount"),
        (lambda: CellTransfer("lymph", at_days=-2.0), "at"),
        (lambda: CellTransfer("lymph", donor_genotype=(1,)), "cells.donor_genotype"),  # type: ignore[arg-type]
    ],
)
def test_value_objects_validate(build: Callable[[], object], field: str) -> None:
    with pytest.raises(InputError) as err:
        build()
    assert err.value.field == field


def test_value_objects_are_frozen_with_defaults() -> None:
    t = CellTransfer("lymph", donor_genotype="cko")  # type: ignore[arg-type]
    assert t.donor_genotype == ("cko",)
    assert (t.amount, t.at_days) == (1.0, 0.0)
    assert CellDepletion("lymph", 1.0).fraction == 1.0
    with pytest.raises(AttributeError):
        t.amount = 2.0  # type: ignore[misc]


# --- scenario validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "genotype", "field", "hint"),
    [
        ([_deplete("lymf")], [], "events[0].cells.deplete", "lymph"),
        ([_transfer("a_cels")], [], "events[0].cells.transfer", "a_cells"),
        ([_deplete(fraction=1.5)], [], "events[0].cells.fraction", None),
        ([_deplete(fraction=0)], [], "events[0].cells.fraction", None),
        ([_deplete(fraction=-0.1)], [], "events[0].cells.fraction", None),
        ([_deplete(fraction="most")], [], "events[0].cells.fraction", None),
        ([{"cells": {"deplete": "lymph"}}], [], "events[0].cells.fraction", None),
        ([_transfer(amount=0)], [], "events[0].cells.amount", None),
        ([_transfer(amount=-1.0)], [], "events[0].cells.amount", None),
        ([_transfer(donor=["ckoo"])], [], "events[0].cells.donor_genotype", "cko"),
        ([_transfer(donor=[3])], [], "events[0].cells.donor_genotype", None),
        ([_deplete(at="-1 days")], [], "events[0].at", None),
        ([_transfer(at="-1 days")], [], "events[0].at", None),
        ([_deplete(at="61 days")], [], "events[0].at", None),
        ([{"cells": {"deplete": "lymph", "transfer": "lymph"}}], [], "events[0].cells", None),
        ([{"cells": {"deplete": "lymph", "fracton": 0.5}}], [], "events[0].cells", "fraction"),
        ([{"cells": "lymph"}], [], "events[0].cells", None),
        ([_deplete(), _transfer(donor=["nude"])], [], "events[1].cells.donor_genotype", None),
    ],
)
def test_bad_cells_names_field(
    toy_scenario: MakeScenario,
    events: list[dict[str, Any]],
    genotype: list[str],
    field: str,
    hint: str | None,
) -> None:
    with pytest.raises(InputError) as err:
        toy_scenario(events=events, genotype=genotype)
    assert err.value.field == field
    msg = str(err.value)
    assert "\n" not in msg
    if hint:
        assert f"Did you mean {hint!r}" in msg


@pytest.mark.parametrize("group", ["lymph", "a_cells"])
def test_donor_without_the_cells_has_none_to_give(toy_scenario: MakeScenario, group: str) -> None:
    with pytest.raises(InputError, match=f"donor genotype nude has no {group} to give") as err:
        toy_scenario(events=[_transfer(group, donor=["nude"])], genotype=["nude"])
    assert err.value.field == "events[0].cells.donor_genotype"


@pytest.mark.parametrize(
    ("genotype", "events"),
    [
        # donor cko cells into a recipient that has its own a cells
        ([], [_transfer(donor=["cko"])]),
        ([], [_transfer("a_cells", donor=["cko"])]),
        # wild-type donor cells into a cko recipient
        (["cko"], [_transfer()]),
        # a depletion that is not complete enough
        ([], [_deplete(fraction=0.9), _transfer(donor=["cko"], at="1 day")]),
        # a depletion that does not cover the group transferred
        ([], [_deplete("a_cells", fraction=1.0), _transfer(donor=["cko"], at="1 day")]),
        ([], [_deplete("b_cells", fraction=1.0), _transfer("a_cells", donor="cko", at="1 day")]),
        # a depletion after the transfer, in time or in the list at the same time
        ([], [_transfer(donor=["cko"], at="1 day"), _deplete(fraction=1.0, at="2 days")]),
        ([], [_transfer(donor=["cko"], at="1 day"), _deplete(fraction=1.0, at="1 day")]),
    ],
)
def test_genotype_contradicting_a_transfer_is_refused(
    toy_scenario: MakeScenario, genotype: list[str], events: list[dict[str, Any]]
) -> None:
    with pytest.raises(InputError) as err:
        toy_scenario(events=events, genotype=genotype)
    assert err.value.field.endswith(".cells.donor_genotype")
    msg = str(err.value)
    assert "cprod" in msg
    assert "one pool per cell type" in msg
    assert "lacks" in msg and "depletion" in msg


@pytest.mark.parametrize(
    ("genotype", "events"),
    [
        # same intrinsic genes as the recipient: always exact
        ([], [_transfer()]),
        (["cko"], [_transfer(donor=["cko"])]),
        (["bko"], [_transfer()]),  # bko touches no intrinsic parameter
        ([], [_transfer("b_cells", donor=["cko"])]),  # b cells carry no cprod
        # a recipient without its own cells
        (["nude"], [_transfer(donor=["cko"])]),
        (["nude"], [_transfer("a_cells", donor=["cko"])]),
        (["nude", "cko"], [_transfer()]),
        # after a near-complete depletion of the group or of a group containing it
        ([], [_deplete(fraction=0.99), _transfer(donor=["cko"], at="1 day")]),
        ([], [_deplete(fraction=1.0), _transfer("a_cells", donor=["cko"])]),
        ([], [_transfer(donor=["cko"], at="1 day"), _deplete(fraction=1.0, at="0.5 days")]),
        (["cko"], [_deplete("a_cells", fraction=0.995), _transfer("a_cells", at="3 days")]),
    ],
)
def test_exact_transfers_are_accepted(
    toy_scenario: MakeScenario, genotype: list[str], events: list[dict[str, Any]]
) -> None:
    s = toy_scenario(events=events, genotype=genotype)
    assert len(s.events) == len(events)


# --- simulation -----------------------------------------------------------------------------


def test_depletion_scales_the_group_states(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(toy_scenario(events=[_deplete(fraction=0.9, at="20 days")]))
    ta, tb, t = r.states["Ta"], r.states["Tb"], r.times
    assert ta[19] == pytest.approx(TA) and tb[19] == pytest.approx(TB)
    assert ta[20] == pytest.approx(0.1 * TA, rel=1e-12)  # an event at an output time shows there
    assert tb[20] == pytest.approx(0.1 * TB, rel=1e-12)
    # recovery through supply and death: T(t) = T* - 0.9 T* exp(-d (t - 20))
    late = t >= 20
    np.testing.assert_allclose(ta[late], TA * (1 - 0.9 * np.exp(-0.1 * (t[late] - 20))), rtol=1e-6)
    assert r.observables["a_rel"][20] == pytest.approx(0.1)


def test_depletion_of_a_subgroup_leaves_the_rest(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(toy_scenario(events=[_deplete("a_cells", fraction=1.0, at="5 days")]))
    assert r.states["Ta"][5] == 0.0
    np.testing.assert_allclose(r.states["Tb"], TB, rtol=1e-9)


def test_transfer_into_a_nude_recipient_adds_the_healthy_pool(toy_scenario: MakeScenario) -> None:
    r = oi.simulate(
        toy_scenario(genotype=["nude"], events=[_transfer(donor=["cko"], amount=2.0, at="5 days")])
    )
    ta, tb, t = r.states["Ta"], r.states["Tb"], r.times
    assert ta[4] == pytest.approx(0.0, abs=1e-9) and tb[4] == pytest.approx(0.0, abs=1e-9)
    assert ta[5] == pytest.approx(2 * TA, rel=1e-12) and tb[5] == pytest.approx(2 * TB, rel=1e-12)
    # no supply in a nude recipient: the transferred cells die away
    late = t >= 5
    np.testing.assert_allclose(ta[late], 2 * TA * np.exp(-0.1 * (t[late] - 5)), rtol=1e-6)
    # the donor cells carry the knockout: no cytokine
    np.testing.assert_allclose(r.states["C"], 0.0, atol=1e-12)
    wild = oi.simulate(toy_scenario(genotype=["nude"], events=[_transfer(at="5 days")]))
    assert wild.states["C"][10] > 0.1


def test_transfer_sets_the_intrinsic_parameters(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(
        genotype=["cko"], events=[_deplete(fraction=1.0), _transfer("a_cells", at="1 day")]
    )
    init = initial_condition(s)
    i = init.cm.parameter_index["cprod"]
    assert init.p0[i] == 0.0  # the recipient's own genotype
    dep, tra = init.events
    assert dep.scale_states == ((init.cm.state_index["Ta"], 0.0), (init.cm.state_index["Tb"], 0.0))
    assert tra.set_parameters == ((i, pytest.approx(0.01 * CPROD, rel=1e-12)),)
    assert tra.add_states == ((init.cm.state_index["Ta"], pytest.approx(TA * 1e6, rel=1e-9)),)
    r = oi.simulate(s)
    assert r.states["C"][0] == 0.0 and r.states["C"][20] > 0.5  # wild-type a cells make C


def test_transfer_reference_pool_follows_overrides(toy_scenario: MakeScenario) -> None:
    s = toy_scenario(
        genotype=["nude"],
        parameters={"sA": "20 cell/uL/day"},
        events=[_transfer("a_cells", at="2 days")],
    )
    assert oi.simulate(s).states["Ta"][2] == pytest.approx(200.0, rel=1e-9)


def test_conditions_and_transfers_share_one_record_of_intrinsic_values(
    toy_scenario: MakeScenario,
) -> None:
    """A transfer keeps a condition's value (times the donor factor), and a later condition
    (a second episode, after the first has ended) applies to the donor cells with the donor's
    factor."""
    s = toy_scenario(
        events=[
            {"condition": "flare", "duration": "4 days"},
            _deplete(fraction=1.0, at="1 day"),
            _transfer(donor=["cko"], at="2 days"),
            {"condition": "flare", "at": "5 days"},
            _deplete(fraction=1.0, at="6 days"),
            _transfer(at="7 days"),
        ]
    )
    init = initial_condition(s)
    i = init.cm.parameter_index["cprod"]
    schedule = [(e.time, dict(e.set_parameters)[i]) for e in init.events if e.set_parameters]
    assert schedule == [
        (0.0, pytest.approx(0.02 * CPROD)),
        (2.0, 0.0),
        (4.0, 0.0),  # the first flare ends: the donor's factor still holds
        (5.0, 0.0),
        (7.0, pytest.approx(0.02 * CPROD)),
    ]


def test_sbml_export_carries_depletion_and_transfer(toy_scenario: MakeScenario) -> None:
    from osteoimmune.io.sbml import to_sbml

    text = to_sbml(
        toy_scenario(
            genotype=["nude"], events=[_deplete(at="1 day"), _transfer(donor="cko", at="3 days")]
        )
    )
    assert text.count("<event ") == 2


def test_direct_scenario_validates_cell_events(toy_scenario: MakeScenario) -> None:
    ok = Scenario(
        parameter_set=TOY_SET,
        duration_days=10.0,
        genotype=("nude",),
        events=(CellTransfer("lymph", ("cko",), at_days=1.0),),
    )
    assert ok.events[0].donor_genotype == ("cko",)  # type: ignore[union-attr]
    with pytest.raises(InputError) as err:
        Scenario(parameter_set=TOY_SET, duration_days=10.0, events=(CellDepletion("nk", 0.5),))
    assert err.value.field == "events[0].cells.deplete"
