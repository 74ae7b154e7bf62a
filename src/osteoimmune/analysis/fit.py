"""Parameter estimation: fit chosen parameters to a time-course table by multistart least squares,
with confidence intervals from the Fisher information or the profile likelihood.

The data are a long table (CSV): ``time`` (days, or ``time_days``), ``observable``, ``value``,
optionally ``sd`` (the measurement's standard deviation; without it every point weighs the same
and the noise level is estimated from the residuals) and ``condition`` (which scenario a row was
measured in, for data from several experiments). Parameters are fitted on a log scale within
their bounds; starts are spread over the bounds by Latin hypercube sampling.

Examples
--------
>>> import osteoimmune as oi
>>> from osteoimmune.analysis.fit import fit, read_data
>>> data = read_data("bmd.csv")  # doctest: +SKIP
>>> res = fit(oi.load_scenario("menopause"), data, {"k_TNF": (10, 200)})  # doctest: +SKIP
>>> res.estimates, res.intervals  # doctest: +SKIP

References
----------
Raue A et al. (2009). Structural and practical identifiability analysis of partially observed
dynamical models by exploiting the profile likelihood. Bioinformatics 25:1923-1929.
Villaverde AF et al. (2019). Benchmarking optimization methods for parameter estimation in large
kinetic models. Bioinformatics 35:830-838.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.protocol.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

#: z of the two-sided 95 % interval, and the chi-square (1 df) threshold of the profile
Z95 = 1.959963984540054
CHI2_95 = 3.841458820694124
#: Default fit range of a parameter given without bounds: its value divided and multiplied by
#: this factor (within the bounds its parameter set declares).
DEFAULT_RANGE_FACTOR = 10.0


def parameter_ranges(
    scenario: Scenario,
    parameters: Mapping[str, tuple[float, float] | None] | Sequence[str],
    *,
    factor: float = DEFAULT_RANGE_FACTOR,
) -> dict[str, tuple[float, float]]:
    """The bounds to fit each parameter within.

    Parameters
    ----------
    scenario
        The scenario whose values (its overrides, else the parameter set's) centre the default
        ranges.
    parameters
        Names, or ``name -> (low, high)`` where ``None`` asks for the default range.
    factor
        A name without bounds ranges from its value / ``factor`` to its value x ``factor``,
        clipped to the bounds its parameter set declares.

    Raises
    ------
    InputError
        On an unknown parameter name or a factor not above 1.
    """
    if not factor > 1:
        raise InputError("factor", factor, "a number above 1, e.g. 10")
    declared = {p.name: p for p in scenario.model().parameters}
    given = parameters if isinstance(parameters, Mapping) else dict.fromkeys(parameters)
    out: dict[str, tuple[float, float]] = {}
    for name, bounds in given.items():
        if name not in declared:
            raise InputError("parameters", name, "a parameter name", choices=sorted(declared))
        if bounds is not None:
            out[name] = (float(bounds[0]), float(bounds[1]))
            continue
        value = float(scenario.parameters.get(name, declared[name].value))
        lo, hi = declared[name].bounds
        out[name] = (max(value / factor, lo), min(value * factor, hi))
    return out


def read_data(path: str | os.PathLike[str] | pd.DataFrame) -> pd.DataFrame:
    """Read and check a long-format data table.

    Raises
    ------
    InputError
        On a file that is not a CSV table (see :func:`~osteoimmune.io.tables.read_csv_table`),
        no rows, a missing column, a non-numeric or non-finite time, value or sd, or an sd <= 0.
    """
    import pandas as pd

    from osteoimmune.io.tables import read_csv_table

    df = path.copy() if isinstance(path, pd.DataFrame) else read_csv_table(path)
    if df.empty:
        raise InputError("data", "a table without rows", "at least one measurement")
    if "time_days" in df.columns and "time" not in df.columns:
        df = df.rename(columns={"time_days": "time"})
    for col in ("time", "observable", "value"):
        if col not in df.columns:
            raise InputError(
                "data", col, "columns time (days), observable, value[, sd][, condition]"
            )
    for col in ("time", "value", *(["sd"] if "sd" in df.columns else [])):
        num = pd.to_numeric(df[col], errors="coerce")
        if not np.all(np.isfinite(num)):
            raise InputError(f"data.{col}", list(df[col][~np.isfinite(num)])[:3], "numbers")
        df[col] = num.astype(float)
    if "sd" in df.columns and (df["sd"] <= 0).any():
        raise InputError("data.sd", float(df["sd"].min()), "positive standard deviations")
    if "condition" not in df.columns:
        df["condition"] = ""
    df["condition"] = df["condition"].fillna("").astype(str)
    return df.reset_index(drop=True)


@dataclass(frozen=True)
class FitResult:
    """Estimates, 95 % intervals and the multistart record of a fit.

    Attributes
    ----------
    estimates
        Best values (declared units).
    intervals
        95 % confidence interval per parameter (``method``: ``"fisher"`` or ``"profile"``);
        ``(nan, nan)`` where the information matrix is singular (not identifiable).
    cost
        Half the sum of squared weighted residuals at the optimum.
    sigma
        Noise level: 1 when the data carry ``sd``, else estimated from the residuals.
    starts
        One row per start: its values, the cost reached and whether it converged.
    residuals
        The data with ``model`` and ``residual`` columns at the estimates.
    profiles
        Per parameter (profile method): the grid and the profiled cost.
    bounds
        The range each parameter was fitted within.
    """

    estimates: Mapping[str, float]
    intervals: Mapping[str, tuple[float, float]]
    method: str
    cost: float
    sigma: float
    starts: pd.DataFrame = field(repr=False)
    residuals: pd.DataFrame = field(repr=False)
    profiles: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Estimates, intervals, cost, noise level and the multistart record as plain data."""
        return {
            "estimates": dict(self.estimates),
            "intervals": {k: list(v) for k, v in self.intervals.items()},
            "interval_method": self.method,
            "bounds": {k: list(v) for k, v in self.bounds.items()},
            "cost": self.cost,
            "sigma": self.sigma,
            "starts": self.starts.to_dict(orient="records"),
        }

    def table(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "parameter": k,
                    "estimate": v,
                    "ci_low": self.intervals[k][0],
                    "ci_high": self.intervals[k][1],
                }
                for k, v in self.estimates.items()
            ]
        )


class _Objective:
    """Weighted residuals for parameter vectors on the log scale."""

    def __init__(
        self,
        scenarios: Mapping[str, Scenario],
        data: pd.DataFrame,
        names: Sequence[str],
    ) -> None:
        self.scenarios = scenarios
        self.data = data
        self.names = list(names)
        self.sd = data["sd"].to_numpy() if "sd" in data.columns else np.ones(len(data))
        self.evaluations = 0

    def model(self, theta: np.ndarray) -> np.ndarray:
        from osteoimmune.solve.simulate import simulate

        values = dict(zip(self.names, map(float, theta), strict=True))
        conds = self.data["condition"].to_numpy()
        times = self.data["time"].to_numpy()
        observables = self.data["observable"].to_numpy()
        out = np.empty(len(self.data))
        for cond in dict.fromkeys(conds):
            base = self.scenarios[str(cond)]
            r = simulate(base.with_parameters(values))
            for i in np.nonzero(conds == cond)[0]:
                out[i] = r.at(str(observables[i]), float(times[i]))
        self.evaluations += 1
        return out

    def residuals(self, z: np.ndarray) -> np.ndarray:
        try:
            pred = self.model(np.exp(z))
        except OsteoimmuneError:
            return np.full(len(self.data), 1e6)  # a failed run: far from any data
        return np.asarray((pred - self.data["value"].to_numpy()) / self.sd)


def _conditions(
    scenario: Scenario | Mapping[str, Scenario], data: pd.DataFrame
) -> dict[str, Scenario]:
    if isinstance(scenario, Scenario):
        scenarios = {c: scenario for c in data["condition"].unique()}
    else:
        scenarios = dict(scenario)
        missing = sorted(set(data["condition"]) - set(scenarios))
        if missing:
            raise InputError("data.condition", missing[0], "a condition with a scenario")
    first = next(iter(scenarios.values()))
    model = first.model()
    known = {o.name for o in model.observables}
    for obs in data["observable"].unique():
        if obs not in known:
            raise InputError("data.observable", obs, "an observable name", choices=sorted(known))
    for cond, sc in scenarios.items():
        sub = data[data["condition"] == cond]
        if len(sub) and (sub["time"].min() < 0 or sub["time"].max() > sc.duration_days):
            raise InputError(
                "data.time", float(sub["time"].max()), f"times within the run of {sc.name!r}"
            )
    return scenarios


def fit(
    scenario: Scenario | Mapping[str, Scenario],
    data: pd.DataFrame | str | os.PathLike[str],
    parameters: Mapping[str, tuple[float, float] | None] | Sequence[str],
    *,
    starts: int = 8,
    seed: int = 0,
    intervals: str = "fisher",
    progress: Callable[[int, int], None] | None = None,
) -> FitResult:
    """Fit ``parameters`` (name -> (low, high), declared units, positive) to ``data``.

    Parameters
    ----------
    scenario
        The scenario the data were measured in, or condition name -> scenario.
    data
        A long table or the path of one (see :func:`read_data`).
    parameters
        The parameters to estimate and their bounds (a name alone, or with ``None``, ranges
        over :func:`parameter_ranges`' default); every other parameter keeps its value.
    starts
        Local fits from Latin hypercube points in the log bounds; the best is kept.
    intervals
        ``"fisher"`` (from the Jacobian at the optimum, on the log scale) or ``"profile"``
        (profile likelihood: each parameter fixed along a grid, the others refitted).
    progress
        Called ``progress(done, total)`` after each start.

    Raises
    ------
    InputError
        On bad data, unknown names, non-positive bounds or an unknown interval method.
    """
    from scipy.optimize import least_squares
    from scipy.stats import qmc

    df = read_data(data)
    if intervals not in ("fisher", "profile"):
        raise InputError("intervals", intervals, "'fisher' or 'profile'")
    if starts < 1:
        raise InputError("starts", starts, "at least 1")
    if not parameters:
        raise InputError("parameters", {}, "at least one parameter with bounds")
    scenarios = _conditions(scenario, df)
    bounds = parameter_ranges(next(iter(scenarios.values())), parameters)
    names = list(bounds)
    lo = np.empty(len(names))
    hi = np.empty(len(names))
    for j, name in enumerate(names):
        a, b = bounds[name]
        if not (0 < a < b and math.isfinite(b)):
            raise InputError(f"parameters.{name}", (a, b), "bounds with 0 < low < high")
        lo[j], hi[j] = math.log(a), math.log(b)
    obj = _Objective(scenarios, df, names)
    points = qmc.LatinHypercube(d=len(names), seed=seed).random(starts)
    rows = []
    best = None
    for k, u in enumerate(points):
        z0 = lo + u * (hi - lo)
        sol = least_squares(obj.residuals, z0, bounds=(lo, hi), method="trf", x_scale=1.0)
        rows.append(
            {
                **dict(zip(names, np.exp(sol.x), strict=True)),
                "cost": float(sol.cost),
                "converged": bool(sol.success),
            }
        )
        if best is None or sol.cost < best.cost:
            best = sol
        if progress is not None:
            progress(k + 1, starts)
    assert best is not None
    n_data, n_par = len(df), len(names)
    has_sd = "sd" in df.columns
    dof = max(n_data - n_par, 1)
    sigma = 1.0 if has_sd else math.sqrt(2 * best.cost / dof)
    estimates = dict(zip(names, map(float, np.exp(best.x)), strict=True))
    profiles: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if intervals == "fisher":
        ci = _fisher(_central_jacobian(obj.residuals, best.x, lo, hi), best.x, sigma, names)
    else:
        ci, profiles = _profile(obj, best, lo, hi, sigma, names)
    import pandas as pd

    res = df.copy()
    res["model"] = obj.model(np.exp(best.x))
    res["residual"] = (res["model"] - res["value"]) / obj.sd
    return FitResult(
        estimates=estimates,
        intervals=ci,
        method=intervals,
        cost=float(best.cost),
        sigma=sigma,
        starts=pd.DataFrame(rows),
        residuals=res,
        profiles=profiles,
        bounds=bounds,
    )


#: step of the central differences of the Jacobian behind the Fisher intervals, in log
#: parameter (0.1 %): far above the integrator's relative error, which a forward difference at
#: the optimizer's default step (1.5e-8) amplifies into interval widths that vary severalfold
#: from one noise realisation to the next
FD_STEP = 1e-3


def _central_jacobian(
    residuals: Callable[[np.ndarray], np.ndarray], z: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """Jacobian of the residuals at ``z`` (log parameters) by central differences of step
    ``FD_STEP``, one-sided where a bound is closer than the step."""
    cols = []
    for j in range(len(z)):
        up, down = z.copy(), z.copy()
        up[j] = min(z[j] + FD_STEP, hi[j])
        down[j] = max(z[j] - FD_STEP, lo[j])
        cols.append((residuals(up) - residuals(down)) / (up[j] - down[j]))
    return np.column_stack(cols)


def _fisher(
    jac: np.ndarray, z: np.ndarray, sigma: float, names: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """95 % intervals from the Fisher information on the log scale (sigma^2 (J'J)^-1)."""
    info = jac.T @ jac
    out: dict[str, tuple[float, float]] = {}
    try:
        cov = sigma**2 * np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return {n: (math.nan, math.nan) for n in names}
    for j, name in enumerate(names):
        var = cov[j, j]
        if not (np.isfinite(var) and var >= 0):
            out[name] = (math.nan, math.nan)
            continue
        se = math.sqrt(var)
        out[name] = (math.exp(z[j] - Z95 * se), math.exp(z[j] + Z95 * se))
    return out


def _profile(
    obj: _Objective,
    best: Any,
    lo: np.ndarray,
    hi: np.ndarray,
    sigma: float,
    names: Sequence[str],
    points: int = 6,
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Profile likelihood: the 95 % interval is where 2 (cost - best) / sigma^2 crosses 3.84."""
    from scipy.optimize import least_squares

    out: dict[str, tuple[float, float]] = {}
    curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    z_best = best.x
    for j, name in enumerate(names):
        # denser near the optimum: quadratic steps out to each bound
        steps = (np.arange(1, points + 1) / points) ** 2
        grid = np.unique(
            np.concatenate(
                [
                    z_best[j] - steps * (z_best[j] - lo[j]),
                    [z_best[j]],
                    z_best[j] + steps * (hi[j] - z_best[j]),
                ]
            )
        )
        costs = np.empty(grid.size)
        others = [i for i in range(len(names)) if i != j]
        for g, zj in enumerate(grid):
            if not others:
                z = z_best.copy()
                z[j] = zj
                costs[g] = 0.5 * float(np.sum(obj.residuals(z) ** 2))
                continue

            def sub(
                w: np.ndarray, zj: float = zj, j: int = j, others: list[int] = others
            ) -> np.ndarray:
                z = z_best.copy()
                z[others] = w
                z[j] = zj
                return obj.residuals(z)

            sol = least_squares(sub, z_best[others], bounds=(lo[others], hi[others]))
            costs[g] = float(sol.cost)
        delta = 2 * (costs - best.cost) / sigma**2
        inside = grid[delta <= CHI2_95]
        low = _crossing(grid, delta, z_best[j], -1)
        high = _crossing(grid, delta, z_best[j], +1)
        out[name] = (math.exp(low), math.exp(high)) if inside.size else (math.nan, math.nan)
        curves[name] = (np.exp(grid), costs)
    return out, curves


def _crossing(grid: np.ndarray, delta: np.ndarray, z0: float, side: int) -> float:
    """Where the profile crosses the threshold on one side of the optimum (the bound if not)."""
    order = np.argsort(grid)
    g, d = grid[order], delta[order]
    k0 = int(np.searchsorted(g, z0))
    idx = range(k0, g.size) if side > 0 else range(min(k0, g.size - 1), -1, -1)
    prev = None
    for k in idx:
        if d[k] > CHI2_95 and prev is not None:
            a, b = prev, k
            t = (CHI2_95 - d[a]) / (d[b] - d[a]) if d[b] != d[a] else 0.0
            return float(g[a] + t * (g[b] - g[a]))
        prev = k
    return float(g[-1] if side > 0 else g[0])


__all__ = ["CHI2_95", "DEFAULT_RANGE_FACTOR", "FitResult", "fit", "parameter_ranges", "read_data"]
