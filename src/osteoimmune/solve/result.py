"""The immutable result of a simulation, with conversions to pandas and xarray."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    reference_source
        The keys of the papers behind the run, or a function that gives them on first use of
        :attr:`references` (working them out needs the model's symbolic form, which a run
        from the disk cache does not load).
    expressions
        Every named model expression (signals, rates) in its declared unit, for analysis.
    """

    scenario: Scenario
    times: FloatArray
    observables: Mapping[str, FloatArray]
    states: Mapping[str, FloatArray]
    units: Mapping[str, str]
    metadata: Mapping[str, str]
    reference_source: tuple[str, ...] | Callable[[], tuple[str, ...]] = field(
        default=(), repr=False
    )
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

    @property
    def references(self) -> tuple[str, ...]:
        """Keys of the papers behind what this run used: the processes that moved, the
        parameters their terms read, the observables, and the conditions, drugs, genotypes and
        culture of its scenario (worked out on first use)."""
        cached: tuple[str, ...] | None = self.__dict__.get("_references")
        if cached is None:
            source = self.reference_source
            cached = tuple(source() if callable(source) else source)
            object.__setattr__(self, "_references", cached)
        return cached

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

    def pk_summary(self) -> pd.DataFrame:
        """Non-compartmental summary of every drug's serum level, one row per dose interval.

        For each treatment the run gives that has a serum level (column ``<drug>_ng_ml``), the
        doses of all its regimens are taken in time order; interval ``k`` runs from dose ``k``
        to the next dose (the last to the end of its regimen's interval, or of the run). From
        the saved times in ``[start, end]``: ``cmax_ng_ml`` and ``tmax_days`` (after the dose),
        ``auc_ng_day_ml`` by the trapezoidal rule, ``trough_ng_ml`` at the last saved time
        before the end, and ``n_samples``. A summary is as fine as ``save_every``: take an
        interval of hours to read the peak of a short-lived drug.

        Returns
        -------
        pandas.DataFrame
            Columns drug, dose (1, 2, ...), start_days, end_days, cmax_ng_ml, tmax_days,
            auc_ng_day_ml, trough_ng_ml, n_samples, with their units in ``attrs["units"]``
            (what :func:`~osteoimmune.io.tables.write_table` writes beside them); empty (with
            these columns) for a run without drugs.

        Examples
        --------
        >>> import osteoimmune as oi
        >>> s = oi.scenario_from_dict({"duration": "1 years", "save_every": "1 days",
        ...     "events": [{"treatment": "denosumab", "dose": "60 mg", "every": "6 months",
        ...                 "doses": 2}]})  # doctest: +SKIP
        >>> oi.simulate(s).pk_summary()[["dose", "cmax_ng_ml", "tmax_days"]]  # doctest: +SKIP
        """
        import pandas as pd
        from scipy.integrate import trapezoid

        from osteoimmune.protocol.treatments import Regimen

        units = {
            "drug": "", "dose": "", "start_days": "day", "end_days": "day",
            "cmax_ng_ml": "ng/mL", "tmax_days": "day", "auc_ng_day_ml": "ng*day/mL",
            "trough_ng_ml": "ng/mL", "n_samples": "",
        }  # fmt: skip
        end_of_run = float(self.times[-1])
        doses: dict[str, list[tuple[float, float]]] = {}  # drug -> (dose time, interval end)
        for ev in self.scenario.events:
            if isinstance(ev, Regimen) and f"{ev.treatment}_ng_ml" in self.observables:
                every = ev.every_days if ev.every_days is not None else end_of_run
                for t in ev.dose_times:
                    if t <= end_of_run:
                        doses.setdefault(ev.treatment, []).append((t, min(t + every, end_of_run)))
        rows = []
        t_all = np.asarray(self.times)
        for drug, given in doses.items():
            level = np.asarray(self.observables[f"{drug}_ng_ml"])
            given.sort()
            for k, (start, own_end) in enumerate(given):
                end = given[k + 1][0] if k + 1 < len(given) else own_end
                inside = (t_all >= start) & (t_all <= end)
                ts, c = t_all[inside], level[inside]
                if ts.size == 0:
                    continue
                before = ts < end if ts.size > 1 else np.ones(1, bool)
                i = int(np.argmax(c))
                rows.append({
                    "drug": drug, "dose": k + 1, "start_days": start, "end_days": end,
                    "cmax_ng_ml": float(c[i]), "tmax_days": float(ts[i] - start),
                    "auc_ng_day_ml": float(trapezoid(c, ts)) if ts.size > 1 else 0.0,
                    "trough_ng_ml": float(c[before][-1]), "n_samples": int(ts.size),
                })  # fmt: skip
        table = pd.DataFrame(rows, columns=list(units))
        table.attrs["units"] = units
        return table

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
