"""Integration of a compiled model with events, and steady states.

The solver integrates piecewise between event times with LSODA (stiff/non-stiff switching,
analytic Jacobian). At each event the parameter vector may change (condition onset, infusion
start/stop) and states may jump (a bolus dose, a cell depletion).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from osteoimmune.errors import NoEquilibriumError, SolverError
from osteoimmune.solve.compile import CompiledModel, FloatArray

NDArrayBool = NDArray[np.bool_]


@dataclass(frozen=True)
class Event:
    """A discontinuity at time ``time`` (days).

    Attributes
    ----------
    time
        When the event happens, days.
    set_parameters
        ``(index, canonical value)`` pairs: parameters that take new values from now on.
    add_states
        ``(index, canonical amount)`` pairs added to states (doses).
    scale_states
        ``(index, factor)`` pairs multiplying states (depletion keeps ``1 - fraction``).
    label
        What caused the event, for messages.
    """

    time: float
    set_parameters: tuple[tuple[int, float], ...] = ()
    add_states: tuple[tuple[int, float], ...] = ()
    scale_states: tuple[tuple[int, float], ...] = ()
    label: str = ""


#: Integration methods: ``bdf`` is the compiled variable-order BDF of
#: :mod:`osteoimmune.solve.bdf` (numba backend only), ``lsoda`` SciPy's LSODA with the analytic
#: Jacobian (any backend), ``auto`` the first when the model was compiled with numba.
METHODS = ("auto", "bdf", "lsoda")


@dataclass(frozen=True)
class SolverOptions:
    """Tolerances and method of the integrator.

    ``atol`` is relative to each state's scale (its value at t = 0, or 1e-6 of its unit when
    that is zero), so small concentrations are resolved as well as large ones. ``method`` picks
    the integrator (see :data:`METHODS`).
    """

    rtol: float = 1e-8
    atol: float = 1e-10
    max_steps: int = 200_000
    hmax: float = 0.0
    method: str = "auto"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(
                f"SolverOptions.method: got {self.method!r}; expected one of {', '.join(METHODS)}"
            )
        if not 0 < self.rtol < 1:
            raise ValueError(f"SolverOptions.rtol: got {self.rtol}; expected 0 < rtol < 1")
        if not self.atol > 0:
            raise ValueError(f"SolverOptions.atol: got {self.atol}; expected a positive number")


@dataclass(frozen=True)
class Trajectory:
    """Raw integration output in canonical units."""

    times: FloatArray
    states: FloatArray
    parameters: FloatArray = field(repr=False)  # parameter vector in force at each output time


def _scale(y0: FloatArray, cm: CompiledModel) -> FloatArray:
    s = np.abs(y0).copy()
    floor = 1e-6 * cm.state_factor
    return np.maximum(s, floor)


def integrate(
    cm: CompiledModel,
    y0: FloatArray,
    p: FloatArray,
    times: Sequence[float] | FloatArray,
    events: Sequence[Event] = (),
    options: SolverOptions | None = None,
) -> Trajectory:
    """Integrate from ``times[0]`` to ``times[-1]`` reporting at ``times``.

    An event at exactly an output time acts before that output is recorded.

    Raises
    ------
    SolverError
        If LSODA fails; the message names the time, the worst state and a remedy.
    """
    opts = options or SolverOptions()
    t_out = np.asarray(times, dtype=float)
    if t_out.ndim != 1 or t_out.size < 1 or np.any(np.diff(t_out) < 0):
        raise ValueError("times must be a non-decreasing 1-D sequence")
    y = np.array(y0, dtype=float)
    p = np.array(p, dtype=float)
    atol = np.maximum(opts.atol * _scale(y, cm), 1e-300)
    evs = sorted((e for e in events if t_out[0] <= e.time <= t_out[-1]), key=lambda e: e.time)
    out_y = np.empty((t_out.size, y.size))
    out_p = np.empty((t_out.size, p.size))
    t = float(t_out[0])
    k = 0  # next output index
    ei = 0
    while True:
        # times a few ulps apart (an event next to an output time) count as the same instant
        near = t + 1e-9 * max(1.0, abs(t))
        # apply events due now
        while ei < len(evs) and evs[ei].time <= near:
            y, p = apply_event(evs[ei], y, p)
            ei += 1
        while k < t_out.size and t_out[k] <= near:
            out_y[k], out_p[k] = y, p
            k += 1
        if k >= t_out.size:
            break
        t_next = evs[ei].time if ei < len(evs) else float(t_out[-1])
        before = t_next - 1e-9 * max(1.0, abs(t_next))
        seg = [t] + [float(x) for x in t_out[k:] if x < before] + [t_next]
        seg_y = _segment(cm, y, p, np.array(seg), atol, opts)
        for j in range(1, len(seg) - 1):
            out_y[k], out_p[k] = seg_y[j], p
            k += 1
        y = seg_y[-1]
        t = t_next
    return Trajectory(times=t_out, states=out_y, parameters=out_p)


def apply_event(ev: Event, y: FloatArray, p: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``ev`` applied as the integrator applies it: set parameters, scale, then add states."""
    y = y.copy()
    p = p.copy()
    for i, v in ev.set_parameters:
        p[i] = v
    for i, f in ev.scale_states:
        y[i] *= f
    for i, v in ev.add_states:
        y[i] += v
    return y, p


def _segment(
    cm: CompiledModel,
    y0: FloatArray,
    p: FloatArray,
    t: FloatArray,
    atol: FloatArray,
    opts: SolverOptions,
    hold: NDArrayBool | None = None,
) -> FloatArray:
    """States at times ``t`` (``t[0]`` the start) by the method ``opts`` asks for."""
    if opts.method == "lsoda" or (opts.method == "auto" and cm.rhs_into is None):
        return _lsoda(cm, y0, p, t, atol, opts, hold)
    if cm.rhs_into is None:
        raise SolverError(
            "SolverOptions(method='bdf') needs the model compiled with numba: install numba "
            "and leave OSTEOIMMUNE_BACKEND unset (or set it to numba), or use method='lsoda'"
        )
    if opts.method == "bdf":
        return _bdf(cm, y0, p, t, atol, opts, hold)
    try:
        return _bdf(cm, y0, p, t, atol, opts, hold)
    except SolverError as exc:
        # the compiled BDF gives up on a few extreme parameter sets (a kink it keeps rejecting
        # steps at); LSODA, with its own step control and switching, often gets through them
        try:
            return _lsoda(cm, y0, p, t, atol, opts, hold)
        except SolverError:
            raise exc from None


def _bdf(
    cm: CompiledModel,
    y0: FloatArray,
    p: FloatArray,
    t: FloatArray,
    atol: FloatArray,
    opts: SolverOptions,
    hold: NDArrayBool | None = None,
) -> FloatArray:
    """The compiled BDF integrator of :mod:`osteoimmune.solve.bdf`."""
    from osteoimmune.solve import bdf

    n = y0.size
    out = np.empty((t.size, n))
    out[0] = y0
    if t[-1] <= t[0]:
        out[:] = y0
        return out
    pattern = cm.jacobian_pattern
    assert pattern is not None
    keep = np.ones(n) if hold is None else (~hold).astype(float)
    stats = np.zeros(5, dtype=np.int64)
    # writable copies: the compiled solver takes writable C arrays only (a caller's may be
    # read-only, e.g. a result's or a Simulation's)
    y_start = np.array(y0, dtype=float)
    status, t_reached = bdf.solve(
        cm.rhs_into,
        float(t[0]),
        y_start,
        np.array(p, dtype=float),
        keep,
        np.array(t[1:], dtype=float),
        float(opts.rtol),
        np.array(atol, dtype=float),
        _scale(y_start, cm),
        float(opts.hmax),
        int(opts.max_steps),
        pattern.col_ptr,
        pattern.col_rows,
        pattern.group_ptr,
        pattern.group_cols,
        out[1:],
        stats,
    )
    if status != bdf.SUCCESS:
        names = list(cm.state_index)
        done = int(np.sum(t[1:] <= t_reached))
        last = out[done] if done else y0
        # held states (bone volumes and age while settling) do not move: name a free one
        rates = np.abs(cm.rhs(t_reached, last, p)) * keep
        worst = int(np.argmax(rates / _scale(last, cm)))
        raise SolverError(
            f"integration failed at t = {t_reached:.6g} days: {bdf.STATUS_MESSAGES[status]}. "
            f"The fastest-changing state was {names[worst]!r} (value {last[worst]:.4g} "
            "canonical). Check parameter overrides for extreme values, or tighten "
            "SolverOptions(rtol=...)."
        )
    if not np.all(np.isfinite(out)):
        raise SolverError("integration produced non-finite values; check parameter overrides")
    return out


def _lsoda(
    cm: CompiledModel,
    y0: FloatArray,
    p: FloatArray,
    t: FloatArray,
    atol: FloatArray,
    opts: SolverOptions,
    hold: NDArrayBool | None = None,
) -> FloatArray:
    """LSODA on the compiled model; ``hold`` marks states frozen at their starting values."""
    if t[-1] <= t[0]:
        return np.repeat(y0[None, :], t.size, axis=0)
    rhs, jac = cm.rhs, cm.jac
    if hold is not None:
        keep = (~hold).astype(float)

        def rhs(t: float, y: FloatArray, p: FloatArray) -> FloatArray:
            return np.asarray(cm.rhs(t, y, p)) * keep

        def jac(t: float, y: FloatArray, p: FloatArray) -> FloatArray:
            return np.asarray(cm.jac(t, y, p)) * keep[:, None]

    from scipy.integrate import odeint

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # odeint warns and reports in info; we raise instead
        try:
            sol, info = odeint(
                rhs,
                y0,
                t,
                args=(p,),
                Dfun=jac,
                tfirst=True,
                rtol=opts.rtol,
                atol=atol,
                mxstep=opts.max_steps,
                hmax=opts.hmax,
                full_output=True,
            )
        except (ValueError, ArithmeticError) as exc:
            # a rate law or its derivative left its domain (the log of a hormone that fell to
            # zero): the integration cannot go on from there
            raise SolverError(
                f"integration failed: a rate law left its domain ({exc}); check parameter "
                "overrides for extreme values"
            ) from None
    if info["message"] != "Integration successful.":
        t_fail = float(info["tcur"][-1]) if len(info["tcur"]) else float(t[0])
        good = sol[np.all(np.isfinite(sol), axis=1)]
        last = good[-1] if len(good) else y0
        names = list(cm.state_index)
        worst = int(np.argmax(np.abs(rhs(t_fail, last, p)) / _scale(last, cm)))
        raise SolverError(
            f"integration failed at t = {t_fail:.6g} days: {info['message'].strip()} "
            f"The fastest-changing state was {names[worst]!r} (value {last[worst]:.4g} canonical). "
            "Check parameter overrides for extreme values, or tighten SolverOptions(rtol=...)."
        )
    if not np.all(np.isfinite(sol)):
        raise SolverError("integration produced non-finite values; check parameter overrides")
    return np.asarray(sol)


def _settle(
    cm: CompiledModel, y0: FloatArray, p: FloatArray, days: float, hold: NDArrayBool
) -> FloatArray:
    """Integrate for ``days`` with the ``hold`` states frozen at their starting values."""
    opts = SolverOptions(rtol=1e-8, max_steps=50_000)
    try:
        sol = _segment(cm, y0, p, np.array([0.0, days]), 1e-12 * _scale(y0, cm), opts, hold)
    except SolverError as exc:
        raise SolverError(f"no steady state found while settling towards it: {exc}") from exc
    out = np.asarray(sol[-1], dtype=float)
    # absent populations: exact zeros (below 1e-20 of a unit is under the integration's accuracy)
    out[np.abs(out) < 1e-20 * cm.state_factor] = 0.0
    return out


#: largest relative rate of change per day of any state at which a settled state that is not an
#: equilibrium may still serve as a starting point (a few percent a year)
MAX_SETTLED_DRIFT = 1e-3
#: largest relative change of any state between the last two settlings (``settle_days`` apart)
#: at which a settled state that is not an equilibrium may still serve as a starting point: a
#: state that grows without bound moves by more
MAX_SETTLED_CHANGE = 0.25


def steady_state(
    cm: CompiledModel,
    p: FloatArray,
    guess: FloatArray | None = None,
    *,
    settle_days: float = 20_000.0,
    tol: float = 1e-9,
) -> FloatArray:
    """Equilibrium of the model for parameters ``p``.

    Integrates from ``guess`` (default: the declared guesses) for ``settle_days`` to land in the
    basin of the stable state, then polishes with a Newton-type root solve on the analytic
    Jacobian. Neutral states (see :class:`~osteoimmune.model.declarations.State`) are held at
    their guess.

    Raises
    ------
    NoEquilibriumError
        If no equilibrium is found but settling ends in a slowly moving, finite, non-negative
        state (carried by the exception).
    SolverError
        If no equilibrium is found otherwise, or it has negative components.
    """
    if guess is None:
        guess = cm.guess
    neutral = np.array([s.neutral for s in cm.model.states], dtype=bool)
    free = ~neutral
    y = _settle(cm, guess, p, settle_days, neutral)
    scale = _scale(y, cm)
    base = y.copy()

    def full(z: FloatArray) -> FloatArray:
        x = base.copy()
        x[free] = z * scale[free]
        return x

    def f(z: FloatArray) -> FloatArray:
        return np.asarray(cm.rhs(0.0, full(z), p)[free] / scale[free])

    def j(z: FloatArray) -> FloatArray:
        jac = cm.jac(0.0, full(z), p)[np.ix_(free, free)]
        return np.asarray(jac * scale[free][None, :] / scale[free][:, None])

    from scipy.optimize import root

    def residual(x: FloatArray, x_scale: FloatArray) -> FloatArray:
        """Relative rate of change of each free state at ``x`` (0 for held states)."""
        return np.where(free, np.abs(cm.rhs(0.0, x, p)) / x_scale, 0.0)

    previous = y
    for attempt in range(3):
        sol = root(f, y[free] / scale[free], jac=j, method="hybr", options={"xtol": 1e-13})
        z = full(sol.x)
        rel = residual(z, scale)
        resid = float(np.max(rel))
        if (np.all(np.isfinite(z)) and resid <= tol) or attempt == 2:
            break
        # slow states (mineral content, T-cell pools at the edge of their range) may still be
        # drifting after the first settling: settle on from there and polish again
        previous = y
        y = _settle(cm, y, p, settle_days, neutral)
        scale = _scale(y, cm)
        base = y.copy()
    if not np.all(np.isfinite(z)) or resid > tol:
        names = list(cm.state_index)
        worst = int(np.argmax(rel))
        message = (
            f"no steady state found (relative residual {resid:.2e} per day, worst state "
            f"{names[worst]!r}); the parameters may admit no equilibrium"
        )
        settled = np.maximum(y, 0.0)
        drift = residual(settled, _scale(settled, cm))
        # a state that grows without bound (a cytokine with no clearance) moves by a tiny share
        # of itself a day after decades, but by a large share between the last two settlings
        # (relative to the state's size, or to a thousandth of its declared typical size for a
        # state that has collapsed to nearly nothing, whose round-off is no growth)
        typical = np.maximum(_scale(settled, cm), 1e-3 * np.abs(cm.guess))
        moved = np.where(free, np.abs(settled - previous) / typical, 0.0)
        if (
            np.all(np.isfinite(settled))
            and float(np.max(drift)) <= MAX_SETTLED_DRIFT
            and float(np.max(moved)) <= MAX_SETTLED_CHANGE
        ):
            # still moving after decades, but slowly and boundedly: an oscillation or a drift
            # of the slowest states; the caller may start from where settling ended
            raise NoEquilibriumError(
                f"{message}; after {3 * settle_days:g} days of settling the state still moves "
                f"by up to {float(np.max(drift)):.1e} of itself per day "
                f"({names[int(np.argmax(drift))]!r})",
                settled,
            )
        grows = int(np.argmax(moved))
        if float(moved[grows]) > MAX_SETTLED_CHANGE:
            message += (
                f"; {names[grows]!r} still changed by {100 * float(moved[grows]):.0f} % of itself "
                f"over the last {settle_days:g} days of settling (it grows without bound)"
            )
        raise SolverError(message)
    if np.any(z[free] < -1e-9 * scale[free]):
        # round-off below zero in states that are absent (a drug not given): clipping them keeps
        # Newton's precision when the clipped point is still an equilibrium to tol
        polished = np.maximum(z, 0.0)
        if float(np.max(residual(polished, _scale(polished, cm)))) <= tol:
            z = polished
    if np.any(z[free] < -1e-9 * scale[free]):
        # Newton may jump to an unphysical root next to an absent population (T cells of a nude
        # mouse): accept the settled, clipped state instead when it is an equilibrium too.
        clipped = np.maximum(y, 0.0)
        if float(np.max(residual(clipped, _scale(clipped, cm)))) > 1e3 * tol:
            raise SolverError("the steady state found has negative states; check the parameters")
        return clipped
    z = np.maximum(z, 0.0)
    z[z < 1e-20 * cm.state_factor] = 0.0
    return z
