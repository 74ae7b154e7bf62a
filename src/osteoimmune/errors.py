"""Exceptions raised by osteoimmune.

Every error that a user can cause names the field, the value received and what would be
accepted, so that the command line can print it as one line without a traceback.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable


class OsteoimmuneError(Exception):
    """Base class of every error the package raises on purpose."""


#: how a received value is shown in a message: bounded in length and depth, so that a long or
#: deeply nested value (an alias bomb) costs a short line, not its full expansion
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 120
_SHOWN.maxother = 120
_SHOWN.maxlist = _SHOWN.maxtuple = _SHOWN.maxdict = _SHOWN.maxset = 6
_SHOWN.maxlevel = 3


class InputError(OsteoimmuneError, ValueError):
    """Bad user input: a scenario file, a parameter override, a CLI flag.

    Parameters
    ----------
    field
        Where the bad value sits, e.g. ``"events[2].dose"``.
    value
        The value received.
    accepted
        What would have been accepted, in words.
    choices
        Optional list of valid names; the closest match is suggested.
    """

    def __init__(
        self,
        field: str,
        value: object,
        accepted: str,
        *,
        choices: Iterable[str] | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        shown = _SHOWN.repr(value)
        if len(shown) > 200:
            shown = shown[:197] + "..."
        hint = ""
        if choices is not None and isinstance(value, str) and len(value) <= 200:
            close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
            if close:
                hint = f" Did you mean {close[0]!r}?"
        self.hint = hint
        super().__init__(f"{field}: got {shown}; expected {accepted}.{hint}")


class ModelError(OsteoimmuneError):
    """A model declaration is inconsistent (unknown symbol, unit mismatch, duplicate name)."""


class SolverError(OsteoimmuneError, RuntimeError):
    """The numerical integration failed.

    The message says at which simulated time, which state was worst behaved and what to try.
    """


class NoEquilibriumError(SolverError):
    """The parameters admit no equilibrium that the solver can find: after decades of settling
    the state still moves (T-cell pools or giant osteoclasts creeping by parts per million a day,
    an oscillation).

    ``settled`` holds the state reached by settling (canonical units), a point on the system's
    long-run course, from which a run can start instead.
    """

    def __init__(self, message: str, settled: object) -> None:
        super().__init__(message)
        self.settled = settled


class OffEquilibriumWarning(UserWarning):
    """A run started from the state reached after decades of settling, because the parameters
    admit no equilibrium: its percentages are relative to a point of a moving course."""


class SpeciesWarning(UserWarning):
    """A scenario gives a drug that does not bind its target in the scenario's species
    (denosumab in a mouse): the run goes on, and the drug does nothing, as in the animal."""
