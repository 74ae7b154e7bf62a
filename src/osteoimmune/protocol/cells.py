"""Cell perturbations: depletion of a cell group and adoptive transfer of donor cells.

Both name a :class:`~osteoimmune.model.declarations.CellGroup` of the composed model. A depletion
multiplies the group's states by ``1 - fraction``. A transfer adds ``amount`` times the healthy
wild-type steady-state pool of each of the group's states, and gives the group's cell-intrinsic
gene products (``CellGroup.intrinsic``) the values of the donor genotype. Because the model tracks
one pool per cell type, donor cells of another genotype are exact only in a recipient that has
none of its own (a genotype that ``lacks`` the group, or after a near-complete depletion); the
:class:`~osteoimmune.protocol.scenario.Scenario` checks that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from osteoimmune.errors import InputError

#: A depletion at least this complete leaves a recipient "without its own cells" of the group,
#: so that donor cells of another genotype may be transferred into it.
COMPLETE_DEPLETION = 0.99


def _check_at(at_days: object) -> None:
    if not (isinstance(at_days, int | float) and math.isfinite(at_days)):
        raise InputError("at", at_days, "a finite time")
    if at_days < 0:
        raise InputError(
            "at", f"{at_days:g} days", "a time >= 0 for a cell perturbation (it happens in the run)"
        )


@dataclass(frozen=True)
class CellDepletion:
    """Remove ``fraction`` of a cell group at ``at_days`` (e.g. an anti-CD4 antibody).

    Parameters
    ----------
    group
        Name of a cell group declared by the model, e.g. ``"t_cells"``.
    fraction
        Fraction removed, in (0, 1]; the group's states are multiplied by ``1 - fraction``.
    at_days
        When, days (>= 0).

    Raises
    ------
    InputError
        On a fraction outside (0, 1] or a negative time.
    """

    group: str
    fraction: float
    at_days: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.group, str) or not self.group:
            raise InputError("cells.deplete", self.group, "the name of a cell group")
        if isinstance(self.fraction, bool) or not (
            isinstance(self.fraction, int | float) and 0 < self.fraction <= 1
        ):
            raise InputError(
                "cells.fraction", self.fraction, "a fraction removed in (0, 1], e.g. 0.99"
            )
        _check_at(self.at_days)


@dataclass(frozen=True)
class CellTransfer:
    """Adoptive transfer of donor cells of a group at ``at_days``.

    Parameters
    ----------
    group
        Name of a cell group declared by the model, e.g. ``"t_cells"``.
    donor_genotype
        The donor's genotype names (``()``: wild type).
    amount
        Cells given, as a multiple of the healthy wild-type steady-state pool of each of the
        group's states (1.0 gives one healthy pool).
    at_days
        When, days (>= 0).

    Raises
    ------
    InputError
        On a non-positive amount, a donor genotype that is not a list of names, or a negative
        time.
    """

    group: str
    donor_genotype: tuple[str, ...] = ()
    amount: float = 1.0
    at_days: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.group, str) or not self.group:
            raise InputError("cells.transfer", self.group, "the name of a cell group")
        donor = self.donor_genotype
        if isinstance(donor, str):
            donor = (donor,)
        if not isinstance(donor, tuple | list) or not all(isinstance(g, str) for g in donor):
            raise InputError(
                "cells.donor_genotype", donor, "a list of genotype names, e.g. [tnf_ko]"
            )
        object.__setattr__(self, "donor_genotype", tuple(donor))
        if isinstance(self.amount, bool) or not (
            isinstance(self.amount, int | float) and math.isfinite(self.amount) and self.amount > 0
        ):
            raise InputError(
                "cells.amount",
                self.amount,
                "a positive multiple of the healthy pool of the group, e.g. 1.0",
            )
        _check_at(self.at_days)
