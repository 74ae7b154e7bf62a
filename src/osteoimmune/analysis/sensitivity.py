"""Sensitivity analysis of any observable at any time: local coefficients, Morris screening and
Sobol indices (through SALib's functional API).

Each analysis is a function of a scenario, the outputs (observable at a time) and the parameters
with their ranges (by default the bounds the parameter set declares). Model runs are the public
:func:`~osteoimmune.simulate` with parameter overrides, so a knockout, a condition or a drug in the
scenario is part of what is analysed; they run serially or on local processes.

Examples
--------
>>> import osteoimmune as oi
>>> from osteoimmune.analysis.sensitivity import Output, morris_screening
>>> res = morris_screening(  # doctest: +SKIP
...     oi.load_scenario("menopause"),
...     [Output.parse("bmd_lumbar_spine_pct@7 years")],
...     ["k_E2_RANKL", "P_OPG"],
... )

References
----------
Saltelli A et al. (2010). Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index. Comput Phys Commun 181:259-270.
Campolongo F, Cariboni J, Saltelli A (2007). An effective screening design for sensitivity
analysis of large models. Environ Model Softw 22:1509-1518.
Herman J, Usher W (2017). SALib: an open-source Python library for sensitivity analysis.
J Open Source Softw 2:97. doi:10.21105/joss.00097
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from osteoimmune.errors import InputError, OsteoimmuneError
from osteoimmune.protocol.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

    from osteoimmune.analysis.executors import Executor

METHODS = ("local", "morris", "sobol")
#: Default method of :func:`sensitivity`.
DEFAULT_METHOD = "sobol"


@dataclass(frozen=True)
class Output:
    """An observable read at one time of the run (days, linear interpolation between outputs)."""

    observable: str
    time_days: float

    @classmethod
    def parse(cls, text: str) -> Output:
        """``"NAME@TIME"``, the time with a unit (``"bmd_lumbar_spine_pct@7 years"``) or in
        days (``"ctx_ng_ml@365"``).

        Raises
        ------
        InputError
            When ``@`` or the time is missing or the time is not a duration.
        """
        from osteoimmune.units import parse_quantity

        name, sep, when = str(text).partition("@")
        if not sep or not name.strip() or not when.strip():
            raise InputError("output", text, "NAME@TIME, e.g. bmd_lumbar_spine_pct@5 years")
        when = when.strip()
        try:
            days = float(when)
        except ValueError:
            days = parse_quantity(when, "output time", "day")
        return cls(name.strip(), days)

    @property
    def label(self) -> str:
        return f"{self.observable}@{self.time_days:g} d"


def _check_runs(runs: int, size: str) -> None:
    """Refuse a design of more than the configured runs before it is sampled (its sample
    matrix alone could exhaust memory)."""
    from osteoimmune.analysis.population import max_runs

    if runs > max_runs():
        raise InputError(
            "samples",
            f"{size}: {runs:,} runs",
            f"at most {max_runs():,} runs (the environment variable OSTEOIMMUNE_MAX_RUNS sets "
            "the limit); use fewer samples or parameters",
        )


def _check(scenario: Scenario, outputs: Sequence[Output], names: Sequence[str]) -> None:
    model = scenario.model()
    known = {o.name for o in model.observables}
    for out in outputs:
        if out.observable not in known:
            raise InputError("output", out.observable, "an observable name", choices=sorted(known))
        if not 0 <= out.time_days <= scenario.duration_days:
            raise InputError(
                "output", out.label, f"a time within the run (0 to {scenario.duration_days:g} d)"
            )
    params = {p.name for p in model.parameters}
    for name in names:
        if name not in params:
            raise InputError("parameters", name, "a parameter name", choices=sorted(params))
    if not outputs:
        raise InputError("outputs", [], "at least one NAME@TIME")


def parameter_bounds(
    scenario: Scenario,
    parameters: Sequence[str] | Mapping[str, tuple[float, float]] | None,
    *,
    spread: float | None = 0.5,
) -> dict[str, tuple[float, float]]:
    """Ranges to analyse (declared units).

    A mapping gives them explicitly. Names (or ``None``: every parameter with a nonzero value)
    get ``value * (1 - spread)`` to ``value * (1 + spread)`` around the scenario's value, cut to
    the bounds the parameter set declares (a share stays at most 1, a gene product at most
    present, a molar mass within its isotopes), or with ``spread=None`` the declared bounds
    themselves (often orders of magnitude wide). A parameter whose bounds fix it (a physical
    constant) is left out of ``None``'s selection and refused when named.
    """
    model = scenario.model()
    declared = {p.name: (float(p.bounds[0]), float(p.bounds[1])) for p in model.parameters}
    values = {p.name: float(scenario.parameters.get(p.name, p.value)) for p in model.parameters}
    if spread is not None and not 0 < spread < 1:
        raise InputError("spread", spread, "a fraction between 0 and 1 (0.5: +/-50 %)")
    if isinstance(parameters, Mapping):
        out = {str(k): (float(v[0]), float(v[1])) for k, v in parameters.items()}
    else:
        fixed = {n for n, (lo, hi) in declared.items() if not lo < hi}
        if parameters is not None:
            names = list(parameters)
        else:
            names = [n for n in values if values[n] and n not in fixed]
        out = {}
        for n in names:
            if n not in declared:
                raise InputError("parameters", n, "a parameter name", choices=sorted(declared))
            if n in fixed:
                raise InputError(
                    "parameters", n, "a parameter that may vary (its declared bounds fix it)"
                )
            v = values[n]
            if spread:
                lo, hi = sorted((v * (1 - spread), v * (1 + spread)))
                lo, hi = max(lo, declared[n][0]), min(hi, declared[n][1])
            else:
                lo, hi = declared[n]
            out[n] = (lo, hi)
    for n, (lo, hi) in out.items():
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise InputError(f"parameters.{n}", (lo, hi), "a range with low < high")
    return out


def _run_rows(
    scenario: Scenario, names: Sequence[str], rows: np.ndarray, outputs: Sequence[Output]
) -> np.ndarray:
    """Outputs for each row of parameter values (declared units); NaN where a run fails."""
    from osteoimmune.solve.simulate import simulate

    y = np.full((rows.shape[0], len(outputs)), np.nan)
    for i, row in enumerate(rows):
        try:
            r = simulate(scenario.with_parameters(dict(zip(names, map(float, row), strict=True))))
        except OsteoimmuneError:
            continue
        y[i] = [r.at(o.observable, o.time_days) for o in outputs]
    return y


def evaluate(
    scenario: Scenario,
    names: Sequence[str],
    samples: np.ndarray,
    outputs: Sequence[Output],
    *,
    workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> np.ndarray:
    """Run ``scenario`` once per row of ``samples`` (columns ``names``, declared units) and read
    ``outputs``: an array (rows, outputs), NaN where a run fails.

    ``workers`` > 1 runs chunks on that many local processes (``None``: all cores), each
    compiling the model once (from the disk cache); an ``executor`` (a Dask cluster, say) runs
    them instead.
    """
    from osteoimmune.analysis.executors import ProcessExecutor, SerialExecutor
    from osteoimmune.analysis.population import max_runs

    samples = np.atleast_2d(np.asarray(samples, dtype=float))
    n = samples.shape[0]
    if n > max_runs():
        raise InputError(
            "samples",
            n,
            f"at most {max_runs()} runs (the environment variable OSTEOIMMUNE_MAX_RUNS sets "
            "the limit); use fewer samples or parameters",
        )
    if executor is None:
        n_workers = (os.cpu_count() or 1) if workers is None else max(1, int(workers))
        serial = n_workers == 1 or n < 4
        executor = SerialExecutor() if serial else ProcessExecutor(n_workers)
    if isinstance(executor, SerialExecutor):
        size = max(1, n // 50)  # progress in about 50 steps
    else:
        size = max(1, min(50, math.ceil(n / (8 * executor.workers))))
    starts = list(range(0, n, size))
    blocks = [samples[a : a + size] for a in starts]
    run = partial(_run_rows, scenario, list(names), outputs=list(outputs))
    out = np.empty((n, len(outputs)))
    done = 0
    for i, block in executor.imap_unordered(run, blocks):
        out[starts[i] : starts[i] + block.shape[0]] = block
        done += block.shape[0]
        if progress is not None:
            progress(done, n)
    return out


@dataclass(frozen=True)
class SensitivityResult:
    """Indices per parameter and output.

    Attributes
    ----------
    method
        ``"local"``, ``"morris"`` or ``"sobol"``.
    table
        Long table: ``parameter``, ``output``, then the method's indices (local: ``coefficient``;
        Morris: ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf``; Sobol: ``S1``, ``S1_conf``,
        ``ST``, ``ST_conf``).
    samples, values
        The parameter samples and the outputs they gave (NaN: a failed run).
    bounds
        The ranges analysed.
    """

    method: str
    table: pd.DataFrame
    samples: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def index(self) -> str:
        """The column that ranks parameters: coefficient magnitude, mu* or ST."""
        return {"local": "abs_coefficient", "morris": "mu_star", "sobol": "ST"}[self.method]

    @property
    def columns(self) -> tuple[str, ...]:
        """The indices worth showing, the ranking one first (local: ``coefficient``; Morris:
        ``mu_star``, ``sigma``, ``mu``; Sobol: ``ST``, ``S1``)."""
        return {
            "local": ("coefficient",),
            "morris": ("mu_star", "sigma", "mu"),
            "sobol": ("ST", "S1"),
        }[self.method]

    @property
    def outputs(self) -> list[str]:
        """The output labels, in the order analysed."""
        return list(dict.fromkeys(str(o) for o in self.table["output"]))

    def to_dict(self) -> dict[str, Any]:
        """Method, outputs, ranges, rankings and the index table as plain data (for JSON)."""
        return {
            "method": self.method,
            "outputs": self.outputs,
            "bounds": {k: list(v) for k, v in self.bounds.items()},
            "ranking": {o: self.ranking(o) for o in self.outputs},
            "table": self.table.to_dict(orient="records"),
        }

    def ranking(self, output: str | None = None) -> list[str]:
        """Parameters from most to least influential on ``output`` (default the first)."""
        t = self.table
        label = output or str(t["output"].iloc[0])
        sub = t[t["output"] == label]
        return list(sub.sort_values(self.index, ascending=False, kind="stable")["parameter"])


def _long(names: Sequence[str], outputs: Sequence[Output], cols: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for k, out in enumerate(outputs):
        for j, name in enumerate(names):
            row: dict[str, Any] = {"parameter": name, "output": out.label}
            for col, values in cols.items():
                row[col] = float(values[k][j])
            rows.append(row)
    return pd.DataFrame(rows)


def local_sensitivity(
    scenario: Scenario,
    outputs: Sequence[Output],
    parameters: Sequence[str] | None = None,
    *,
    rel_step: float = 1e-3,
    workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Normalised local sensitivities ``d ln(output) / d ln(parameter)`` at the scenario's
    parameter values, by central differences (each parameter up and down by ``rel_step``).

    A parameter at zero, or an output at zero, gives NaN (no relative change is defined).
    """
    if not 0 < rel_step < 0.5:
        raise InputError("rel_step", rel_step, "a relative step between 0 and 0.5")
    model = scenario.model()
    values = {p.name: float(scenario.parameters.get(p.name, p.value)) for p in model.parameters}
    names = list(parameters) if parameters is not None else [n for n, v in values.items() if v]
    _check(scenario, outputs, names)
    base = np.array([values[n] for n in names])
    rows = np.repeat(base[None, :], 2 * len(names) + 1, axis=0)
    for j in range(len(names)):
        rows[1 + 2 * j, j] *= 1 + rel_step
        rows[2 + 2 * j, j] *= 1 - rel_step
    y = evaluate(scenario, names, rows, outputs, workers=workers, progress=progress)
    y0 = y[0]
    coef = np.full((len(outputs), len(names)), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        for j in range(len(names)):
            if base[j] == 0:
                continue
            dy = (y[1 + 2 * j] - y[2 + 2 * j]) / (2 * rel_step)
            coef[:, j] = np.where(y0 != 0, dy / y0, np.nan)
    table = _long(names, outputs, {"coefficient": coef, "abs_coefficient": np.abs(coef)})
    return SensitivityResult("local", table, rows, y, {n: (values[n], values[n]) for n in names})


def _salib_problem(bounds: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    return {
        "num_vars": len(bounds),
        "names": list(bounds),
        "bounds": [list(b) for b in bounds.values()],
    }


def _finite(y: np.ndarray) -> np.ndarray:
    bad = ~np.isfinite(y)
    if bad.all():
        raise OsteoimmuneError("every run failed; narrow the parameter ranges")
    if bad.any():  # SALib's estimators need every sample: a failed run takes the mean
        y = np.where(bad, np.nanmean(y), y)
    return y


def _indices(
    y: np.ndarray, keys: Sequence[str], analyze: Callable[[np.ndarray], Any]
) -> dict[str, list[np.ndarray]]:
    """SALib's indices ``keys`` for each output column of ``y`` (failed runs at the mean)."""
    cols: dict[str, list[np.ndarray]] = {k: [] for k in keys}
    for k in range(y.shape[1]):
        res = analyze(_finite(y[:, k]))
        for c in keys:
            cols[c].append(np.asarray(res[c], dtype=float))
    return cols


def morris_screening(
    scenario: Scenario,
    outputs: Sequence[Output],
    parameters: Sequence[str] | Mapping[str, tuple[float, float]] | None = None,
    *,
    trajectories: int = 20,
    levels: int = 4,
    spread: float | None = 0.5,
    seed: int = 0,
    workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Morris elementary effects over the parameter ranges (see :func:`parameter_bounds`):
    ``trajectories * (k + 1)`` runs.

    ``mu_star`` (the mean absolute elementary effect, in output units) ranks the parameters;
    ``sigma`` measures non-linearity and interactions (Campolongo et al. 2007).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    bounds = parameter_bounds(scenario, parameters, spread=spread)
    names = list(bounds)
    _check(scenario, outputs, names)
    if trajectories < 2:
        raise InputError("trajectories", trajectories, "at least 2")
    problem = _salib_problem(bounds)
    _check_runs(trajectories * (len(names) + 1), f"{trajectories} trajectories")
    x = morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    y = evaluate(scenario, names, x, outputs, workers=workers, progress=progress)
    cols = _indices(
        y,
        ("mu", "mu_star", "sigma", "mu_star_conf"),
        lambda yk: morris_analyze.analyze(problem, x, yk, num_levels=levels, seed=seed),
    )
    return SensitivityResult("morris", _long(names, outputs, cols), x, y, bounds)


def sobol_indices(
    scenario: Scenario,
    outputs: Sequence[Output],
    parameters: Sequence[str] | Mapping[str, tuple[float, float]] | None = None,
    *,
    n: int = 256,
    spread: float | None = 0.5,
    seed: int = 0,
    workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """First-order and total Sobol indices over the parameter ranges (see
    :func:`parameter_bounds`; Saltelli's scheme on SALib's Sobol sequence): ``n * (k + 2)`` runs;
    ``n`` must be a power of 2."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    bounds = parameter_bounds(scenario, parameters, spread=spread)
    names = list(bounds)
    _check(scenario, outputs, names)
    if n < 2 or n & (n - 1):
        raise InputError("n", n, "a power of 2 (base samples), e.g. 256")
    problem = _salib_problem(bounds)
    _check_runs(n * (len(names) + 2), f"n = {n}")
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    y = evaluate(scenario, names, x, outputs, workers=workers, progress=progress)
    cols = _indices(
        y,
        ("S1", "S1_conf", "ST", "ST_conf"),
        lambda yk: sobol_analyze.analyze(problem, yk, calc_second_order=False, seed=seed),
    )
    return SensitivityResult("sobol", _long(names, outputs, cols), x, y, bounds)


def sensitivity(
    scenario: Scenario,
    outputs: Sequence[Output],
    parameters: Sequence[str] | Mapping[str, tuple[float, float]] | None = None,
    *,
    method: str = DEFAULT_METHOD,
    spread: float | None = 0.5,
    n: int = 256,
    trajectories: int = 20,
    seed: int = 0,
    workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Sensitivity of ``outputs`` to ``parameters`` by one of :data:`METHODS`.

    Parameters
    ----------
    scenario, outputs, parameters
        As for :func:`local_sensitivity`, :func:`morris_screening` and :func:`sobol_indices`
        (``local`` takes the names of a mapping and ignores its ranges).
    method
        ``"local"`` (normalised coefficients at the scenario's values), ``"morris"``
        (screening, ``trajectories * (k + 1)`` runs) or ``"sobol"`` (first-order and total
        indices, ``n * (k + 2)`` runs).
    spread
        Morris and Sobol ranges: value x (1 +/- ``spread``); ``None`` for the parameter set's
        declared bounds (see :func:`parameter_bounds`).
    n
        Sobol base samples, a power of 2.
    trajectories
        Morris trajectories.
    seed, workers, progress
        The samples' seed, local processes (``None``: all cores) and ``progress(done, total)``.

    Raises
    ------
    InputError
        On an unknown method, and as the method's function does.
    """
    if method not in METHODS:
        raise InputError("method", method, f"one of {', '.join(METHODS)}", choices=METHODS)
    if method == "local":
        names = list(parameters) if parameters is not None else None
        return local_sensitivity(scenario, outputs, names, workers=workers, progress=progress)
    if method == "morris":
        return morris_screening(
            scenario, outputs, parameters, trajectories=trajectories, spread=spread, seed=seed,
            workers=workers, progress=progress,
        )  # fmt: skip
    return sobol_indices(
        scenario, outputs, parameters, n=n, spread=spread, seed=seed, workers=workers,
        progress=progress,
    )  # fmt: skip


__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Output",
    "SensitivityResult",
    "evaluate",
    "local_sensitivity",
    "morris_screening",
    "parameter_bounds",
    "sensitivity",
    "sobol_indices",
]
