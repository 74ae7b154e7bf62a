"""Side-by-side comparison of runs: a table of headline observables and an overlay figure.

Example::

    import osteoimmune as oi

    base = oi.load_scenario("menopause")
    treated = oi.scenario_from_dict({...})  # the same plus denosumab
    cmp = oi.compare({"menopause": oi.simulate(base), "+ denosumab": oi.simulate(treated)})
    print(cmp.to_pandas())
    oi.plot(cmp, "compare.png", data="my_bmd.csv")  # osteoimmune.plotting.compare_figure
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from osteoimmune.errors import InputError
from osteoimmune.solve.result import SimulationResult

#: Observables compared by default: those of this list that every run has.
DEFAULT_OBSERVABLES = (
    "bmd_lumbar_spine_pct",
    "bmd_total_hip_pct",
    "bv_tv_pct",
    "ctx_pct",
    "p1np_pct",
    "osteoclasts_rel",
    "osteoblasts_rel",
    "rankl_opg_ratio",
    "tnf_pg_ml",
    "t_activated_rel",
    "erosion_score",
    "alveolar_bone_loss_mm",
    "periprosthetic_osteolysis_cm3",
    "fracture_risk_rel",
    "osteoclasts_per_well",
    "resorption_pct",
)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Several labelled runs and the observables compared across them.

    Build one with :func:`compare`. The first run is the reference of :meth:`differences`.

    Attributes
    ----------
    results
        ``label -> result``, in the order given.
    observables
        The compared columns (every run has them).
    """

    results: Mapping[str, SimulationResult]
    observables: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "results", MappingProxyType(dict(self.results)))

    def _time(self, at_days: float | None, result: SimulationResult) -> float:
        if at_days is None:
            return float(result.times[-1])
        if not float(result.times[0]) <= at_days <= float(result.times[-1]):
            raise InputError(
                "at_days",
                at_days,
                f"a time within every run (run {result.scenario.name!r} covers "
                f"{float(result.times[0]):g} to {float(result.times[-1]):g} days)",
            )
        return float(at_days)

    def to_pandas(self, at_days: float | None = None) -> pd.DataFrame:
        """One row per run, one column per observable: the values at ``at_days`` (default each
        run's end). Units are in ``df.attrs["units"]``."""
        rows = {
            label: {o: r.at(o, self._time(at_days, r)) for o in self.observables}
            for label, r in self.results.items()
        }
        df = pd.DataFrame.from_dict(rows, orient="index", columns=list(self.observables))
        df.index.name = "run"
        first = next(iter(self.results.values()))
        df.attrs["units"] = {o: first.units[o] for o in self.observables}
        df.attrs["at_days"] = "end of each run" if at_days is None else at_days
        return df

    def differences(self, at_days: float | None = None) -> pd.DataFrame:
        """Each run minus the first (reference) run, at ``at_days`` (default each run's end)."""
        df = self.to_pandas(at_days)
        out = df - df.iloc[0]
        out.attrs.update(df.attrs)
        out.attrs["reference"] = df.index[0]
        return out


def compare(
    results: Sequence[SimulationResult] | Mapping[str, SimulationResult],
    observables: str | Sequence[str] | None = None,
) -> Comparison:
    """Compare runs side by side.

    Parameters
    ----------
    results
        The runs (labelled by scenario name; a repeated name gets ``#2``, ``#3``) or a mapping
        ``label -> result``.
    observables
        Columns to compare; default the columns of :data:`DEFAULT_OBSERVABLES` that every run
        has and some run moves off zero (a joint erosion score stays out of a comparison
        without arthritis).

    Raises
    ------
    InputError
        If there is no run, a run lacks a requested observable, or no default observable is
        shared by every run.
    """
    if isinstance(results, Mapping):
        labelled = dict(results)
    else:
        labelled = {}
        for r in results:
            label, k = r.scenario.name, 2
            while label in labelled:
                label, k = f"{r.scenario.name} #{k}", k + 1
            labelled[label] = r
    if not labelled:
        raise InputError("results", "[]", "at least one simulation result")
    for label, r in labelled.items():
        if not isinstance(r, SimulationResult):
            raise InputError("results", label, "simulation results from osteoimmune.simulate")
    shared = set.intersection(*(set(r.observables) for r in labelled.values()))
    if observables is None:
        names = tuple(
            o
            for o in DEFAULT_OBSERVABLES
            if o in shared and any(np.any(r.observables[o] != 0.0) for r in labelled.values())
        )
        if not names:
            raise InputError(
                "observables", "None", "explicit observables (the runs share no default column)"
            )
    else:
        names = (observables,) if isinstance(observables, str) else tuple(observables)
        for o in names:
            if o not in shared:
                raise InputError("observables", o, "a column every run has", choices=sorted(shared))
    if not names:
        raise InputError("observables", "[]", "at least one observable")
    return Comparison(labelled, names)


__all__ = ["DEFAULT_OBSERVABLES", "Comparison", "compare"]
