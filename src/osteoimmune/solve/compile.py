"""Compile a composed model into fast numerical functions.

From the declarations the compiler derives, once per model:

- ``rhs(t, y, p) -> dy/dt`` on float64 arrays in canonical units;
- ``jac(t, y, p) -> d(dy/dt)/dy``, the analytic Jacobian (SymPy differentiation);
- ``evaluate(t, Y, p) -> dict`` of every expression and observable, vectorised over time.

Generated code is plain Python over ``math`` (scalar paths) and NumPy (vectorised paths),
with common subexpressions eliminated. Nothing is written by hand twice: the same SymPy trees
feed the SBML export.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from osteoimmune.cachedir import cache_file, read_text, write_atomic
from osteoimmune.errors import ModelError
from osteoimmune.model.compose import Model
from osteoimmune.units import canonical_factor

FloatArray = NDArray[np.float64]

#: Version of the code generator; part of the disk-cache key, so that changing how code is
#: generated never reuses source written by an older generator.
_CODEGEN = 6

#: Backends of the right-hand side: ``numba`` compiles it to machine code (when numba is
#: installed), ``python`` runs the generated Python. The analytic Jacobian is generated Python and
#: the vectorised evaluator NumPy in both.
BACKENDS = ("numba", "python")


def _has_numba() -> bool:
    import importlib.util

    return importlib.util.find_spec("numba") is not None


def default_backend() -> str:
    """The backend :func:`compile_model` uses unless told: the environment variable
    ``OSTEOIMMUNE_BACKEND`` (``numba`` or ``python``), else ``numba`` when it is installed.

    Raises
    ------
    ModelError
        If the variable names an unknown backend, or ``numba`` when numba is not installed.
    """
    choice = os.environ.get("OSTEOIMMUNE_BACKEND", "").strip().lower()
    if choice and choice not in BACKENDS:
        raise ModelError(
            f"OSTEOIMMUNE_BACKEND={choice!r} is not a backend; use one of {', '.join(BACKENDS)} "
            "or leave it unset"
        )
    if choice == "python":
        return "python"
    if not _has_numba():
        if choice == "numba":
            raise ModelError(
                "OSTEOIMMUNE_BACKEND=numba, but numba is not installed: pip install numba"
            )
        return "python"
    return "numba"


@dataclass(frozen=True, eq=False)
class CompiledModel:
    """Numerical functions of a :class:`Model`, plus the maps between names and indices.

    All arrays are in canonical units (see :mod:`osteoimmune.units`).
    """

    model: Model
    rhs: Callable[[float, FloatArray, FloatArray], FloatArray]
    jac: Callable[[float, FloatArray, FloatArray], FloatArray]
    _evaluate: Callable[[FloatArray, FloatArray, FloatArray], tuple[FloatArray, ...]]
    evaluated_names: tuple[str, ...]
    state_index: Mapping[str, int]
    parameter_index: Mapping[str, int]
    p0: FloatArray
    state_factor: FloatArray
    guess: FloatArray
    source: str
    backend: str = "python"
    rhs_into: Any = field(default=None, repr=False)
    jacobian_pattern: JacobianPattern | None = field(default=None, repr=False)
    _rates: Callable[[FloatArray, FloatArray, FloatArray], tuple[FloatArray, ...]] | None = field(
        default=None, repr=False
    )
    process_names: tuple[str, ...] = ()

    @property
    def n_states(self) -> int:
        return len(self.state_index)

    def parameter_vector(self, values: Mapping[str, float] | None = None) -> FloatArray:
        """Canonical parameter vector from the set, with ``values`` (in each parameter's declared
        unit) replacing entries by name."""
        p = self.p0.copy()
        for name, v in (values or {}).items():
            i = self.parameter_index[name]
            p[i] = v * canonical_factor(self.model.parameters[i].unit)
        return p

    def evaluate(self, t: FloatArray, y: FloatArray, p: FloatArray) -> dict[str, FloatArray]:
        """Every expression and observable (canonical units) at times ``t`` for states ``y``
        (shape ``(n_times, n_states)``)."""
        t = np.asarray(t, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):  # e.g. RANKL/OPG with OPG knocked out
            cols = self._evaluate(t, np.asarray(y, dtype=float).T, p)
        return {
            name: np.broadcast_to(np.asarray(c, dtype=float), t.shape).copy()
            for name, c in zip(self.evaluated_names, cols, strict=True)
        }

    def active_processes(self, y: FloatArray, p: FloatArray) -> set[str]:
        """The processes whose rate is not zero at some row of states ``y`` (shape
        ``(n_times, n_states)``) with parameters ``p`` (one vector)."""
        if self._rates is None or len(y) == 0:
            return set(self.process_names)
        with np.errstate(all="ignore"):
            cols = self._rates(np.zeros(len(y)), np.asarray(y, dtype=float).T, p)
        return {
            name
            for name, c in zip(self.process_names, cols, strict=True)
            if np.any(np.asarray(c) != 0)
        }


def _sympy_version() -> str:
    from importlib.metadata import version

    return version("sympy")


def _cache_path(model: Model) -> Path | None:
    """Where the generated source of ``model`` is cached, or None when caching is off.

    ``OSTEOIMMUNE_CACHE_DIR`` overrides the folder (default ``~/.cache/osteoimmune``); setting it
    to ``off`` disables the cache.
    """
    from osteoimmune._version import __version__

    key = f"{__version__}|{_CODEGEN}|{_sympy_version()}|{model.digest}"
    return cache_file("model", key, ".py")


def _load(source: str, path: Path | None, label: str) -> dict[str, Any]:
    """The namespace of generated source: imported from ``path`` where it was written (Python
    keeps its bytecode beside it, numba its machine code; the module is registered before it
    runs, as numba finds it by name when it loads cached code), or, without that file, executed
    in memory (without numba's cache, which needs a file). The file's name carries the model's
    digest and the generator's version, so it holds this same source."""
    import importlib.util

    if path is not None and path.is_file():
        spec = importlib.util.spec_from_file_location(f"osteoimmune_model_{path.stem}", path)
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            return vars(module)
    namespace: dict[str, Any] = {}
    exec(compile(source.replace("cache=True", "cache=False"), label, "exec"), namespace)
    return namespace


def _allocating(fn: Any, n: int) -> Callable[[float, FloatArray, FloatArray], FloatArray]:
    """``rhs(t, y, p) -> dy/dt`` from the in-place ``rhs_into(t, y, p, out)`` of numba (which
    takes writable float64 C arrays only: a read-only argument is copied)."""

    def writable(a: FloatArray) -> FloatArray:
        a = np.ascontiguousarray(a, dtype=np.float64)
        return a if a.flags.writeable else a.copy()

    def call(t: float, y: FloatArray, p: FloatArray) -> FloatArray:
        out = np.empty(n)
        fn(float(t), writable(y), writable(p), out)
        return out

    return call


@dataclass(frozen=True)
class JacobianPattern:
    """Where the Jacobian can be nonzero, and columns that can be differenced together.

    Attributes
    ----------
    col_ptr, col_rows
        Compressed sparse columns: the rows of column ``j`` are
        ``col_rows[col_ptr[j]:col_ptr[j + 1]]``.
    group_ptr, group_cols
        Column groups whose rows do not overlap: group ``g`` is
        ``group_cols[group_ptr[g]:group_ptr[g + 1]]`` (greedy colouring, largest columns first;
        Curtis, Powell and Reid 1974).
    """

    col_ptr: NDArray[np.intp]
    col_rows: NDArray[np.intp]
    group_ptr: NDArray[np.intp]
    group_cols: NDArray[np.intp]

    @property
    def n_groups(self) -> int:
        return int(self.group_ptr.size - 1)

    @classmethod
    def from_entries(
        cls, n: int, rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> JacobianPattern:
        """The pattern of an ``n`` x ``n`` Jacobian with nonzeros at ``(rows[k], cols[k])``."""
        members: list[list[int]] = [[] for _ in range(n)]
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            members[j].append(i)
        col_ptr = np.zeros(n + 1, dtype=np.intp)
        col_ptr[1:] = np.cumsum([len(m) for m in members])
        col_rows = np.array([i for m in members for i in sorted(m)], dtype=np.intp)
        used: list[set[int]] = []
        groups: list[list[int]] = []
        for j in sorted(range(n), key=lambda c: (-len(members[c]), c)):
            rows_j = set(members[j])
            for g, taken in enumerate(used):
                if not taken & rows_j:
                    taken |= rows_j
                    groups[g].append(j)
                    break
            else:
                used.append(set(rows_j))
                groups.append([j])
        group_ptr = np.zeros(len(groups) + 1, dtype=np.intp)
        group_ptr[1:] = np.cumsum([len(g) for g in groups])
        group_cols = np.array([j for g in groups for j in sorted(g)], dtype=np.intp)
        return cls(col_ptr, col_rows, group_ptr, group_cols)


def compile_model(
    model: Model, *, backend: str | None = None, cached: bool = True
) -> CompiledModel:
    """Compile ``model`` once per backend (cached per model object, and on disk: the generated
    source, and numba's machine code).

    Parameters
    ----------
    model
        The composed model.
    backend
        ``"numba"`` or ``"python"`` (see :data:`BACKENDS`); default :func:`default_backend`.
    cached
        ``False`` generates and compiles the code anew, reading and writing no cache (neither
        this process's nor the disk's): what a first run on a new machine costs, as the
        benchmark times it.

    Returns
    -------
    CompiledModel
        The right-hand side, the analytic Jacobian and the vectorised evaluator.

    Raises
    ------
    ModelError
        If ``backend`` is unknown, or numba is asked for and not installed.
    """
    chosen = default_backend() if backend is None else backend
    if chosen not in BACKENDS:
        raise ModelError(f"backend {chosen!r} is not one of {', '.join(BACKENDS)}")
    if chosen == "numba" and not _has_numba():
        raise ModelError("backend 'numba' needs numba: pip install numba")
    return _compile(model, chosen) if cached else _build(model, chosen, disk=False)


@cache
def _compile(model: Model, backend: str) -> CompiledModel:
    return _build(model, backend, disk=True)


def _build(model: Model, backend: str, *, disk: bool) -> CompiledModel:
    """Generate (or, with ``disk``, read from the disk cache) and load the code of ``model``."""
    states = model.states
    path = _cache_path(model) if disk else None
    nb_path = None if path is None else path.with_name(path.stem + "_numba.py")
    source = read_text(path)
    nb_source = read_text(nb_path)
    if source is None or nb_source is None:
        from osteoimmune.solve.codegen import generate

        if path is not None:  # the cache is on and has no entry: the first run of this model
            from osteoimmune.progress import notice

            notice(
                f"compiling the {model.parameter_set.name} model once (about 20-40 s); later "
                "runs load it from the cache"
            )
        source, nb_source = generate(model)
        write_atomic(path, source)
        write_atomic(nb_path, nb_source)
    namespace = _load(source, path, f"<osteoimmune model {model.digest}>")
    names = list(namespace["EVALUATED_NAMES"])
    rhs, jac = namespace["rhs"], namespace["jac"]
    rhs_into = None
    if backend == "numba":
        # the Jacobian stays the generated Python: LSODA calls it a few hundred times a run,
        # against tens of thousands of rhs calls, and its thousands of chain-rule lines take
        # numba over a minute to compile
        rhs_into = _load(nb_source, nb_path, f"<osteoimmune numba model {model.digest}>")[
            "rhs_into"
        ]
        rhs = _allocating(rhs_into, len(states))

    p0 = np.array([p.value * canonical_factor(p.unit) for p in model.parameters], dtype=float)
    factor = np.array([canonical_factor(s.unit) for s in states], dtype=float)
    return CompiledModel(
        model=model,
        rhs=rhs,
        jac=jac,
        _evaluate=namespace["evaluate"],
        evaluated_names=tuple(names),
        _rates=namespace["rates"],
        process_names=tuple(namespace["PROCESS_NAMES"]),
        state_index=MappingProxyType({s.name: i for i, s in enumerate(states)}),
        parameter_index=MappingProxyType({p.name: i for i, p in enumerate(model.parameters)}),
        p0=p0,
        state_factor=factor,
        guess=np.array([s.guess for s in states], dtype=float) * factor,
        source=source,
        backend=backend,
        rhs_into=rhs_into,
        jacobian_pattern=JacobianPattern.from_entries(
            len(states), namespace["_ROWS"], namespace["_COLS"]
        ),
    )


__all__ = ["BACKENDS", "CompiledModel", "JacobianPattern", "compile_model", "default_backend"]
