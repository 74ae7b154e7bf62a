"""Code generation: the SymPy trees of a composed model printed as Python, NumPy and numba source.

Imported only when a model's code is not in the disk cache (SymPy is slow to import and to
print). From the declarations it derives the right-hand side, the analytic Jacobian (forward-mode
chain rule through the named expressions) and the vectorised evaluator of every expression and
observable, with common subexpressions eliminated.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter

from osteoimmune.model.compose import Model


class _ScalarPrinter(PythonCodePrinter):
    def _print_Max(self, expr: sp.Max) -> str:
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr: sp.Min) -> str:
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"


class _VectorPrinter(NumPyPrinter):
    def _print_Max(self, expr: sp.Max) -> str:
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"numpy.maximum({out}, {a})"
        return out

    def _print_Min(self, expr: sp.Min) -> str:
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"numpy.minimum({out}, {a})"
        return out


def _print_lines(assignments: list[tuple[str, sp.Expr]], printer: PythonCodePrinter) -> list[str]:
    return [f"    {name} = {printer.doprint(val)}" for name, val in assignments]


def _gradients(
    model: Model,
) -> tuple[list[tuple[str, sp.Expr]], list[dict[int, sp.Expr]]]:
    """Forward-mode symbolic differentiation through the named expressions.

    Returns the assignments that compute every expression's gradient with respect to the states
    (as intermediate variables ``_d_<expr>_<j>``) and the Jacobian rows of the derivatives in
    terms of those variables. Expressions stay named (never
    substituted into each other), so the work grows with the size of the model, not with the
    depth of its expression graph.
    """
    state_pos = {model.symbols[s.name]: j for j, s in enumerate(model.states)}
    grad_syms: dict[str, dict[int, sp.Symbol]] = {}
    assignments: list[tuple[str, sp.Expr]] = []

    def total(tree: sp.Expr) -> dict[int, sp.Expr]:
        out: dict[int, sp.Expr] = {}
        for sym in sorted(tree.free_symbols, key=lambda x: x.name):
            if sym in state_pos:
                j = state_pos[sym]
                out[j] = out.get(j, sp.Integer(0)) + sp.diff(tree, sym)
            elif grad_syms.get(sym.name):
                partial = sp.diff(tree, sym)
                if partial == 0:
                    continue
                for j, g in grad_syms[sym.name].items():
                    out[j] = out.get(j, sp.Integer(0)) + partial * g
        return {j: v for j, v in out.items() if v != 0}

    for e in model.expressions:  # topological order
        grads = total(model.parsed[e.name])
        grad_syms[e.name] = {}
        for j, g in sorted(grads.items()):
            name = f"_d_{e.name}_{j}"
            assignments.append((name, g))
            grad_syms[e.name][j] = sp.Symbol(name, real=True)
    rows = [total(d) for d in model.derivative_exprs()]
    return assignments, rows


def _tuple(items: list[str]) -> str:
    """Source of a tuple literal (``()`` when empty)."""
    return "(" + ", ".join(items) + ",)" if items else "()"


def generate(model: Model) -> tuple[str, str]:
    """Generate the Python source of rhs, jac, evaluate and rates, and the numba source of rhs
    (the slow, SymPy part).

    Named expressions become local variables computed in dependency order; the Jacobian is
    assembled by the chain rule through them (see :func:`_gradients`). States enter every
    function clipped at zero (a positivity-preserving right-hand side: Shampine LF, Thompson S,
    Kierzenka JA, Byrne GD. Non-negative solutions of ODEs. Appl Math Comput 170:556-569, 2005).
    """
    states = model.states
    n = len(states)
    # every state is a non-negative amount (cells, concentrations, volumes, doses): rates are
    # evaluated at the state's projection onto the non-negative orthant, so an integration step
    # that overshoots below zero cannot turn a loss into a gain elsewhere (a negative suppressor
    # population dividing an activation rate, say) and is pulled back by the inflows alone
    # (Shampine et al. 2005); inside the orthant nothing changes
    unpack_s = [f"    {s.name} = max(y[{i}], 0.0)" for i, s in enumerate(states)]
    unpack_v = [f"    {s.name} = numpy.maximum(y[{i}], 0.0)" for i, s in enumerate(states)]
    unpack_p = [f"    {p.name} = p[{i}]" for i, p in enumerate(model.parameters)]
    exprs = [(e.name, model.parsed[e.name]) for e in model.expressions]
    scalar = _ScalarPrinter({"fully_qualified_modules": True})
    vector = _VectorPrinter({"fully_qualified_modules": True})
    deriv = model.derivative_exprs()

    src = ["import math", "import numpy", ""]
    body = ["def rhs(t, y, p):", *unpack_s, *unpack_p, *_print_lines(exprs, scalar)]
    body.append(
        "    return numpy.array([" + ", ".join(scalar.doprint(d) for d in deriv) + "], dtype=float)"
    )
    src.append("\n".join(body) + "\n")

    grad_assign, rows = _gradients(model)
    nz = [(i, j) for i in range(n) for j in sorted(rows[i])]
    body = ["def _jac_values(t, y, p):", *unpack_s, *unpack_p, *_print_lines(exprs, scalar)]
    body += _print_lines(grad_assign, scalar)
    body.append("    return " + _tuple([scalar.doprint(rows[i][j]) for i, j in nz]))
    src.append("\n".join(body) + "\n")
    src.append(
        "_ROWS = numpy.array(" + repr([i for i, _ in nz]) + ", dtype=numpy.intp)\n"
        "_COLS = numpy.array(" + repr([j for _, j in nz]) + ", dtype=numpy.intp)\n"
        f"def jac(t, y, p):\n    out = numpy.zeros(({n}, {n}))\n"
        "    if _ROWS.size:\n        out[_ROWS, _COLS] = _jac_values(t, y, p)\n    return out\n"
    )
    names = [e.name for e in model.expressions] + [
        f"observable:{o.name}" for o in model.observables
    ]
    obs = [model.parsed[f"observable:{o.name}"] for o in model.observables]
    body = ["def evaluate(t, y, p):", *unpack_v, *unpack_p, *_print_lines(exprs, vector)]
    items = [e.name for e in model.expressions] + [vector.doprint(o) for o in obs]
    body.append("    return " + _tuple(items))
    src.append("\n".join(body) + "\n")
    src.append(f"EVALUATED_NAMES = {names!r}\n")
    # the rate of every process, vectorised: which processes a run used (its references)
    rates = [vector.doprint(model.parsed[f"process:{p.name}"]) for p in model.processes]
    body = ["def rates(t, y, p):", *unpack_v, *unpack_p, *_print_lines(exprs, vector)]
    body.append("    return " + _tuple(rates))
    src.append("\n".join(body) + "\n")
    src.append(f"PROCESS_NAMES = {[p.name for p in model.processes]!r}\n")
    python_source = "\n".join(src).replace("numpy.numpy.", "numpy.")

    # numba: the same expressions, with the outputs filled entry by entry (a long list literal
    # or tuple is slow to type); compiled lazily, on the first call
    # with its signature declared, the compiled integrator takes it as a first-class function
    # and is compiled once for every model
    sig = "void(float64, float64[::1], float64[::1], float64[::1])"
    deco = f'@numba.njit("{sig}", cache=True, error_model="numpy")'
    nb = ["import math", "import numba", "import numpy", ""]
    body = [deco, "def rhs_into(t, y, p, out):", *unpack_s, *unpack_p]
    body += _print_lines(exprs, scalar)
    body += [f"    out[{i}] = {scalar.doprint(d)}" for i, d in enumerate(deriv)]
    nb.append("\n".join(body) + "\n")
    return python_source, "\n".join(nb).replace("numpy.numpy.", "numpy.")


__all__ = ["generate"]
