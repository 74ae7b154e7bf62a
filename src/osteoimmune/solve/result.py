"""The immutable result of a simulation, with conversions to pandas and xarray."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from osteoimmune.solve.compile import FloatArray

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from osteoimmune.protocol.scenario import Scenario


def _frozen(a: FloatArray) -> FloatArray:
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """What a run produced: observables and states over time, and how they were made.

    Attributes
    ----------
    scenario
        The scenario that was run.
    times
        Output times in days (read-only array).
    observables
        Mapping ``column -> read-only array`` in the units of :attr:`units`.
    states
        Mapping ``state -> read-only array`` in each state's declared unit.
    units
        Unit of every observable and state column.
    metadata
        Package version, parameter set, its hash, model hash.
    references
        Keys of the papers behind the parameters and processes used.
    expressions
        Every named model expression (signals, rates) in its declared unit, for analysis.
    """

    scenario: Scenario
    times: FloatArray
    observables: Mapping[str, FloatArray]
    states: Mapping[str, FloatArray]
    units: Mapping[str, str]
    metadata: Mapping[str, str]
    references: tuple[str, ...] = field(default=())
    expressions: Mapping[str, FloatArray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "times", _frozen(self.times))
        object.__setattr__(
            self,
            "observables",
            MappingProxyType({k: _frozen(v) for k, v in self.observables.items()}),
        )
        object.__setattr__(
            self, "states", MappingProxyType({k: _frozen(v) for k, v in self.states.items()})
        )
        object.__setattr__(
            self,
            "expressions",
            MappingProxyType({k: _frozen(v) for k, v in self.expressions.items()}),
        )
        object.__setattr__(self, "units", MappingProxyType(dict(self.units)))
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))

    def to_pandas(self, *, states: bool = False) -> pd.DataFrame:
        """The wide table of the public contract: ``time_days`` then one column per observable.

        Parameters
        ----------
        states
            Also add every state as a column ``state:<name>`` in its declared unit.
        """
        data: dict[str, Any] = {"time_days": np.array(self.times)}
        data.update({k: np.array(v) for k, v in self.observables.items()})
        if states:
            data.update({f"state:{k}": np.array(v) for k, v in self.states.items()})
        import pandas as pd

        df = pd.DataFrame(data)
        df.attrs.update(self.metadata)
        return df

    def to_xarray(self) -> xr.Dataset:
        """Observables and states as an :class:`xarray.Dataset` over ``time`` (days), with units
        and run metadata as attributes."""
        import xarray as xr

        coords = {"time": ("time", np.array(self.times), {"units": "day"})}
        variables = {
            k: ("time", np.array(v), {"units": self.units[k]}) for k, v in self.observables.items()
        }
        variables.update(
            {
                f"state:{k}": ("time", np.array(v), {"units": self.units[k]})
                for k, v in self.states.items()
            }
        )
        return xr.Dataset(variables, coords=coords, attrs=dict(self.metadata))

    def at(self, name: str, time_days: float) -> float:
        """Value of an observable or state at ``time_days`` (linear interpolation)."""
        series = self.observables.get(name)
        if series is None:
            series = self.states.get(name)
        if series is None:
            series = self.expressions.get(name)
        if series is None:
            from osteoimmune.errors import InputError

            raise InputError(
                "name",
                name,
                "an observable or state of this result",
                choices=[*self.observables, *self.states, *self.expressions],
            )
        return float(np.interp(time_days, self.times, series))

    def citations(self) -> list[str]:
        """Formatted references of the papers behind this run."""
        from osteoimmune.model.parameters import references

        bib = references()
        out = []
        for key in self.references:
            entry = bib.get(key)
            if entry is None:
                out.append(key)
                continue
            doi = entry.get("doi", "")
            out.append(entry["citation"] + (f" doi:{doi}" if doi else ""))
        return out

    def print_citations(self) -> None:
        """Print the references behind this run, one per line."""
        for line in self.citations():
            print(line)
