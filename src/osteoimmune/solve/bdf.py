"""A variable-order BDF integrator compiled with numba, for stiff models on dense output grids.

The whole integration of one segment (between two events) runs in machine code: the model's
right-hand side is called as a first-class numba function, so no Python runs per step. The
method is the numerical differentiation formulas (NDF) family of orders 1-5 in the quasi-constant
step-size form of Shampine and Reichelt (1997), with

- modified Newton iterations on ``I - c J``, reusing one LU factorisation while ``c`` changes by
  less than 30 % (the correction scaled by ``2 / (1 + c / c_LU)``, as CVODE does; Hindmarsh et al.
  2005) and one Jacobian until the iterations stop converging;
- a Jacobian by finite differences in column groups: columns whose sparsity patterns share no
  row are perturbed together (Curtis, Powell and Reid 1974), so a Jacobian costs one evaluation
  of the right-hand side per group rather than per state;
- an LU factorisation with partial pivoting that skips zero multipliers (the matrix is sparse);
- outputs interpolated from the backward differences, so output times never shorten a step.

This module compiles on first import (cached on disk by numba afterwards); import it only when
the numba backend runs.

References
----------
Shampine LF, Reichelt MW (1997). The MATLAB ODE suite. SIAM J Sci Comput 18:1-22.
Curtis AR, Powell MJD, Reid JK (1974). On the estimation of sparse Jacobian matrices.
IMA J Appl Math 13:117-119.
Hindmarsh AC et al. (2005). SUNDIALS: suite of nonlinear and differential/algebraic equation
solvers. ACM Trans Math Softw 31:363-396.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

#: The right-hand side the integrator calls: ``rhs(t, y, p, out)`` writes dy/dt into ``out``.
RHS_SIGNATURE = types.void(
    types.float64, types.float64[::1], types.float64[::1], types.float64[::1]
)
_A1 = types.float64[::1]
_I1 = types.intp[::1]
_SOLVE_SIGNATURE = types.Tuple((types.int64, types.float64))(
    types.FunctionType(RHS_SIGNATURE),
    types.float64,
    _A1,
    _A1,
    _A1,
    _A1,
    types.float64,
    _A1,
    _A1,
    types.float64,
    types.int64,
    _I1,
    _I1,
    _I1,
    _I1,
    types.float64[:, ::1],
    types.int64[::1],
)

MAX_ORDER = 5
NEWTON_MAXITER = 4
#: Newton iterations stop when the last correction times the estimated rate of convergence is
#: below this (in units of the error weights); they fail when a correction grows by more than
#: ``NEWTON_DIVERGE``; the rate estimate decays by ``NEWTON_RATE_DECAY`` per iteration
#: (Hindmarsh et al. 2005, section 2.1)
NEWTON_TOL = 0.03
NEWTON_DIVERGE = 2.0
NEWTON_RATE_DECAY = 0.3
MIN_FACTOR = 0.2
MAX_FACTOR = 10.0
#: ``c`` may drift this far from the value the LU factorisation was made with
LU_REUSE = 0.3

# NDF coefficients (Shampine and Reichelt 1997, table 1): kappa per order, gamma_k = sum 1/j
_KAPPA = np.array([0.0, -0.1850, -1.0 / 9.0, -0.0823, -0.0415, 0.0])
_GAMMA = np.concatenate(([0.0], np.cumsum(1.0 / np.arange(1, MAX_ORDER + 1))))
_ALPHA = (1.0 - _KAPPA) * _GAMMA
_ERROR_CONST = _KAPPA * _GAMMA + 1.0 / np.arange(1, MAX_ORDER + 2)

#: Status codes of :func:`solve`
SUCCESS, TOO_MANY_STEPS, STEP_TOO_SMALL, NOT_FINITE = 0, 1, 2, 3
STATUS_MESSAGES = {
    TOO_MANY_STEPS: "more steps than SolverOptions.max_steps allows",
    STEP_TOO_SMALL: "the step size fell below the resolution of the time",
    NOT_FINITE: "the right-hand side is not finite at the starting state",
}


@njit(cache=True)
def _norm(x: np.ndarray, scale: np.ndarray) -> float:  # pragma: no cover - numba
    s = 0.0
    for i in range(x.size):
        v = x[i] / scale[i]
        s += v * v
    return float(np.sqrt(s / x.size))


@njit(cache=True)
def _eval(rhs, t, y, p, keep, out):  # pragma: no cover - numba
    rhs(t, y, p, out)
    ok = True
    for i in range(out.size):
        out[i] *= keep[i]
        if not np.isfinite(out[i]):
            ok = False
    return ok


@njit(cache=True)
def _change_d(d: np.ndarray, order: int, factor: float) -> None:  # pragma: no cover - numba
    """Rescale the backward differences ``d`` to a step ``factor`` times the current one."""
    m = order + 1
    r = np.zeros((m, m))
    u = np.zeros((m, m))
    for j in range(m):
        r[0, j] = 1.0
        u[0, j] = 1.0
    for i in range(1, m):
        for j in range(1, m):
            r[i, j] = r[i - 1, j] * (i - 1 - factor * j) / i
            u[i, j] = u[i - 1, j] * (i - 1 - j) / i
    ru = r @ u
    n = d.shape[1]
    new = np.zeros((m, n))
    for i in range(m):
        for k in range(m):
            c = ru[k, i]
            if c != 0.0:
                for j in range(n):
                    new[i, j] += c * d[k, j]
    d[:m] = new


@njit(cache=True)
def _lu_factor(a: np.ndarray, piv: np.ndarray) -> bool:  # pragma: no cover - numba
    """In-place LU factorisation with partial pivoting; False if ``a`` is singular."""
    n = a.shape[0]
    for k in range(n):
        p = k
        big = abs(a[k, k])
        for i in range(k + 1, n):
            v = abs(a[i, k])
            if v > big:
                big = v
                p = i
        piv[k] = p
        if big == 0.0:
            return False
        if p != k:
            for j in range(n):
                tmp = a[k, j]
                a[k, j] = a[p, j]
                a[p, j] = tmp
        inv = 1.0 / a[k, k]
        for i in range(k + 1, n):
            lik = a[i, k]
            if lik != 0.0:
                lik *= inv
                a[i, k] = lik
                for j in range(k + 1, n):
                    a[i, j] -= lik * a[k, j]
    return True


@njit(cache=True)
def _compress(lu, ptr, idx, val, diag):  # pragma: no cover
    """The nonzeros of the factors of :func:`_lu_factor` by row: row ``i`` of L (below the
    diagonal) then of U (above it) are ``idx/val[ptr[2 i]:ptr[2 i + 1]]`` and
    ``idx/val[ptr[2 i + 1]:ptr[2 i + 2]]``; ``diag`` holds U's diagonal. The factors of a sparse
    matrix stay sparse, so the solves touch only their nonzeros."""
    n = lu.shape[0]
    q = 0
    for i in range(n):
        ptr[2 * i] = q
        for j in range(i):
            v = lu[i, j]
            if v != 0.0:
                idx[q] = j
                val[q] = v
                q += 1
        ptr[2 * i + 1] = q
        for j in range(i + 1, n):
            v = lu[i, j]
            if v != 0.0:
                idx[q] = j
                val[q] = v
                q += 1
        diag[i] = lu[i, i]
    ptr[2 * n] = q


@njit(cache=True)
def _lu_solve(piv, ptr, idx, val, diag, b):  # pragma: no cover
    """Solve in place with the factors of :func:`_lu_factor`, as :func:`_compress` stores them."""
    n = b.size
    for k in range(n):
        p = piv[k]
        if p != k:
            tmp = b[k]
            b[k] = b[p]
            b[p] = tmp
    for i in range(n):
        s = b[i]
        for q in range(ptr[2 * i], ptr[2 * i + 1]):
            s -= val[q] * b[idx[q]]
        b[i] = s
    for i in range(n - 1, -1, -1):
        s = b[i]
        for q in range(ptr[2 * i + 1], ptr[2 * i + 2]):
            s -= val[q] * b[idx[q]]
        b[i] = s / diag[i]


@njit(cache=True)
def _jacobian(  # pragma: no cover - numba
    rhs, t, y, f0, p, keep, typical, col_ptr, col_rows, grp_ptr, grp_cols, jac, ytmp, ftmp
):
    """Finite-difference Jacobian, one right-hand-side evaluation per column group."""
    eps = np.sqrt(np.finfo(np.float64).eps)
    delta = np.empty(y.size)
    for g in range(grp_ptr.size - 1):
        ytmp[:] = y
        for k in range(grp_ptr[g], grp_ptr[g + 1]):
            j = grp_cols[k]
            h = eps * max(abs(y[j]), typical[j])
            h = (y[j] + h) - y[j]  # a step exactly representable
            delta[j] = h
            ytmp[j] = y[j] + h
        _eval(rhs, t, ytmp, p, keep, ftmp)
        for k in range(grp_ptr[g], grp_ptr[g + 1]):
            j = grp_cols[k]
            for q in range(col_ptr[j], col_ptr[j + 1]):
                i = col_rows[q]
                jac[i, j] = (ftmp[i] - f0[i]) / delta[j]


@njit(_SOLVE_SIGNATURE, cache=True)
def solve(  # pragma: no cover - numba
    rhs,
    t0,
    y0,
    p,
    keep,
    t_out,
    rtol,
    atol,
    typical,
    hmax,
    max_steps,
    col_ptr,
    col_rows,
    grp_ptr,
    grp_cols,
    out,
    stats,
):
    """Integrate ``dy/dt = rhs(t, y, p) * keep`` from ``t0`` to ``t_out[-1]``.

    Parameters
    ----------
    rhs
        The model's right-hand side, ``rhs(t, y, p, out)`` (:data:`RHS_SIGNATURE`).
    t0, y0, p
        Start time, start state and parameter vector (canonical units).
    keep
        1 for states that evolve, 0 for states held at their starting values.
    t_out
        Increasing output times after ``t0``; the last is where the integration stops.
    rtol, atol
        Relative tolerance and per-state absolute tolerances.
    typical
        Per-state magnitudes below which finite-difference steps do not shrink.
    hmax
        Largest step (0: no limit); ``max_steps`` the most steps allowed.
    col_ptr, col_rows
        Sparsity of the Jacobian by column (compressed sparse column indices).
    grp_ptr, grp_cols
        Column groups perturbed together.
    out
        ``(len(t_out), n)`` array receiving the state at each output time.
    stats
        Length-5 int array receiving steps, rhs calls, Jacobians, LU factorisations, failures.

    Returns
    -------
    tuple of (int, float)
        Status (:data:`SUCCESS` or an error code) and the time reached.
    """
    # time runs from 0 inside (``t0 + t`` outside): a fast transient right after an event at
    # a late time needs steps far below the resolution of the absolute time
    n = y0.size
    t_end = t_out[-1] - t0
    floor_step = 1e-20 * max(1.0, t_end)
    eps = np.finfo(np.float64).eps
    newton_tol = NEWTON_TOL
    crate = 1.0  # estimated rate of convergence of the Newton iterations
    y = y0.copy()
    f = np.empty(n)
    ytmp = np.empty(n)
    ftmp = np.empty(n)
    scale = np.empty(n)
    jac = np.zeros((n, n))
    lu = np.empty((n, n))
    piv = np.zeros(n, dtype=np.intp)
    f_ptr = np.zeros(2 * n + 1, dtype=np.intp)
    f_idx = np.zeros(n * n, dtype=np.intp)
    f_val = np.zeros(n * n)
    f_diag = np.ones(n)
    d = np.zeros((MAX_ORDER + 3, n))
    psi = np.empty(n)
    corr = np.empty(n)
    dy = np.empty(n)
    y_pred = np.empty(n)
    gamma = _GAMMA  # numba freezes these module arrays as constants
    alpha = _ALPHA
    err_const = _ERROR_CONST
    nsteps = 0
    nfev = 0
    njev = 0
    nlu = 0
    nfail = 0
    k_out = 0

    t = 0.0
    if not _eval(rhs, t0, y, p, keep, f):
        return NOT_FINITE, t0
    nfev += 1
    if hmax <= 0.0:
        hmax = np.inf
    # initial step (Hairer, Norsett and Wanner 1993, section II.4), for order 1
    for i in range(n):
        scale[i] = atol[i] + rtol * abs(y[i])
    d0 = _norm(y, scale)
    d1 = _norm(f, scale)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    h0 = min(h0, t_end)
    for i in range(n):
        ytmp[i] = y[i] + h0 * f[i]
    _eval(rhs, t0 + h0, ytmp, p, keep, ftmp)
    nfev += 1
    for i in range(n):
        dy[i] = ftmp[i] - f[i]
    d2 = _norm(dy, scale) / h0
    h1 = max(1e-6, h0 * 1e-3) if max(d1, d2) <= 1e-15 else (0.01 / max(d1, d2)) ** 0.5
    h_abs = min(100.0 * h0, h1, hmax, t_end)

    d[0] = y
    for i in range(n):
        d[1, i] = f[i] * h_abs
    order = 1
    n_equal = 0
    jac_current = False
    have_jac = False
    c_lu = 0.0  # 0: no valid factorisation
    while t < t_end:
        if nsteps >= max_steps:
            stats[0], stats[1], stats[2], stats[3], stats[4] = nsteps, nfev, njev, nlu, nfail
            return TOO_MANY_STEPS, t0 + t
        min_step = max(10.0 * eps * t, floor_step)
        if h_abs > hmax:
            _change_d(d, order, hmax / h_abs)
            h_abs = hmax
            n_equal = 0
        elif h_abs < min_step:
            _change_d(d, order, min_step / h_abs)
            h_abs = min_step
            n_equal = 0
        accepted = False
        while not accepted:
            if h_abs < min_step:
                stats[0], stats[1], stats[2], stats[3], stats[4] = nsteps, nfev, njev, nlu, nfail
                return STEP_TOO_SMALL, t0 + t
            h = h_abs
            t_new = t + h
            if t_new > t_end or t_end - t_new < min_step:
                t_new = t_end
                _change_d(d, order, (t_new - t) / h_abs)
                n_equal = 0
            h = t_new - t
            h_abs = h
            for i in range(n):
                s = 0.0
                for j in range(order + 1):
                    s += d[j, i]
                y_pred[i] = s
                ps = 0.0
                for j in range(1, order + 1):
                    ps += gamma[j] * d[j, i]
                psi[i] = ps / alpha[order]
                scale[i] = atol[i] + rtol * abs(y_pred[i])
            c = h / alpha[order]
            converged = False
            while not converged:
                if c_lu == 0.0 or abs(c / c_lu - 1.0) > LU_REUSE:
                    if not have_jac:
                        _eval(rhs, t0 + t_new, y_pred, p, keep, ftmp)
                        nfev += 1
                        _jacobian(
                            rhs, t0 + t_new, y_pred, ftmp, p, keep, typical,
                            col_ptr, col_rows, grp_ptr, grp_cols, jac, ytmp, dy,
                        )  # fmt: skip
                        nfev += grp_ptr.size - 1
                        njev += 1
                        have_jac = True
                        jac_current = True
                    for i in range(n):
                        for j in range(n):
                            lu[i, j] = -c * jac[i, j]
                        lu[i, i] += 1.0
                    nlu += 1
                    if not _lu_factor(lu, piv):
                        c_lu = 0.0
                        break
                    _compress(lu, f_ptr, f_idx, f_val, f_diag)
                    c_lu = c
                    crate = 1.0
                # modified Newton iterations
                scale_corr = 2.0 / (1.0 + c / c_lu)
                for i in range(n):
                    y[i] = y_pred[i]
                    corr[i] = 0.0
                dy_norm_old = -1.0
                n_iter = 0
                for k in range(NEWTON_MAXITER):
                    n_iter = k + 1
                    ok = _eval(rhs, t0 + t_new, y, p, keep, f)
                    nfev += 1
                    if not ok:
                        break
                    for i in range(n):
                        dy[i] = c * f[i] - psi[i] - corr[i]
                    _lu_solve(piv, f_ptr, f_idx, f_val, f_diag, dy)
                    if scale_corr != 1.0:
                        for i in range(n):
                            dy[i] *= scale_corr
                    dy_norm = _norm(dy, scale)
                    if k > 0:
                        rate = dy_norm / dy_norm_old
                        if rate > NEWTON_DIVERGE:
                            break
                        crate = max(NEWTON_RATE_DECAY * crate, rate)
                    for i in range(n):
                        y[i] += dy[i]
                        corr[i] += dy[i]
                    if dy_norm * min(1.0, crate) <= newton_tol:
                        converged = True
                        break
                    dy_norm_old = dy_norm
                if converged:
                    break
                if not jac_current:
                    have_jac = False  # a fresh Jacobian at the predicted state
                    c_lu = 0.0
                    continue
                break
            if not converged:
                nfail += 1
                factor = 0.5
                h_abs *= factor
                _change_d(d, order, factor)
                n_equal = 0
                continue
            safety = 0.9 * (2 * NEWTON_MAXITER + 1) / (2 * NEWTON_MAXITER + n_iter)
            for i in range(n):
                scale[i] = atol[i] + rtol * abs(y[i])
                dy[i] = err_const[order] * corr[i]
            error_norm = _norm(dy, scale)
            if error_norm > 1.0:
                nfail += 1
                factor = max(MIN_FACTOR, safety * error_norm ** (-1.0 / (order + 1)))
                h_abs *= factor
                _change_d(d, order, factor)
                n_equal = 0
            else:
                accepted = True
        # accepted step: update the differences
        nsteps += 1
        jac_current = False
        n_equal += 1
        t = t_new
        for i in range(n):
            d[order + 2, i] = corr[i] - d[order + 1, i]
            d[order + 1, i] = corr[i]
        for j in range(order, -1, -1):
            for i in range(n):
                d[j, i] += d[j + 1, i]
        # a state whose value and recent differences are all under its absolute tolerance is
        # zero: round-off in the linear solves would otherwise leave ~1e-19 in it, a seed that an
        # unstable empty population (a pathogen without neutrophils) grows from, of either sign
        for i in range(n):
            if d[0, i] != 0.0 or d[1, i] != 0.0:
                quiet = True
                for j in range(order + 3):
                    if abs(d[j, i]) > atol[i]:
                        quiet = False
                        break
                if quiet:
                    for j in range(MAX_ORDER + 3):
                        d[j, i] = 0.0
        # outputs up to t: interpolate on the step just taken
        while k_out < t_out.size and t_out[k_out] - t0 <= t:
            tq = t_out[k_out] - t0
            if tq == t:
                out[k_out] = d[0]
            else:
                for i in range(n):
                    ytmp[i] = d[0, i]
                prod = 1.0
                for j in range(order):
                    prod *= (tq - (t - h * j)) / (h * (1 + j))
                    for i in range(n):
                        ytmp[i] += d[j + 1, i] * prod
                out[k_out] = ytmp
            k_out += 1
        if n_equal < order + 1:
            continue
        # order and step size for what follows
        em = np.inf
        ep = np.inf
        if order > 1:
            for i in range(n):
                dy[i] = err_const[order - 1] * d[order, i]
            em = _norm(dy, scale)
        if order < MAX_ORDER:
            for i in range(n):
                dy[i] = err_const[order + 1] * d[order + 2, i]
            ep = _norm(dy, scale)
        fm = em ** (-1.0 / order) if em > 0.0 else np.inf
        f0 = error_norm ** (-1.0 / (order + 1)) if error_norm > 0.0 else np.inf
        fp = ep ** (-1.0 / (order + 2)) if ep > 0.0 else np.inf
        if order <= 1:
            fm = 0.0
        if order >= MAX_ORDER:
            fp = 0.0
        best = f0
        delta = 0
        if fm > best:
            best = fm
            delta = -1
        if fp > best:
            best = fp
            delta = 1
        order += delta
        factor = min(MAX_FACTOR, safety * best)
        h_abs *= factor
        _change_d(d, order, factor)
        n_equal = 0
    stats[0], stats[1], stats[2], stats[3], stats[4] = nsteps, nfev, njev, nlu, nfail
    return SUCCESS, t0 + t
