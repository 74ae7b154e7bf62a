"""Figures of simulation results and analyses, drawn without touching ``pyplot`` global state.

Analyses return data; this package draws it. :func:`plot` draws the standard figure of whatever
it is given (a run, a comparison, a sensitivity analysis, a fit); the functions it calls take
the options of each kind.

Example::

    import osteoimmune as oi
    from osteoimmune.plotting import overlay, standard_figure

    result = oi.simulate(oi.load_scenario("healthy"))
    standard_figure(result, "healthy.png")
    oi.plot(result, "healthy.png")  # the same figure
"""

from __future__ import annotations

from os import PathLike
from typing import TYPE_CHECKING, Any

from osteoimmune.errors import InputError
from osteoimmune.plotting.analyses import fit_figure, sensitivity_figure
from osteoimmune.plotting.figures import (
    PANELS,
    Panel,
    compare_figure,
    overlay,
    read_data,
    standard_figure,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def plot(obj: Any, path: str | PathLike[str] | None = None, **options: Any) -> Figure:
    """The standard figure of a result, saved to ``path`` if given.

    Parameters
    ----------
    obj
        A :class:`~osteoimmune.solve.result.SimulationResult` (:func:`standard_figure`), a
        :class:`~osteoimmune.analysis.compare.Comparison` (:func:`compare_figure`), a
        :class:`~osteoimmune.analysis.sensitivity.SensitivityResult`
        (:func:`sensitivity_figure`) or a :class:`~osteoimmune.analysis.fit.FitResult`
        (:func:`fit_figure`).
    path
        If given, save the figure there (format from the suffix).
    **options
        Passed on to the function that draws ``obj`` (``data=`` for a comparison, ``top=`` for
        a sensitivity analysis, ``panels=`` for a run).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        If ``obj`` is none of these.
    """
    from osteoimmune.analysis.compare import Comparison
    from osteoimmune.analysis.fit import FitResult
    from osteoimmune.analysis.sensitivity import SensitivityResult
    from osteoimmune.solve.result import SimulationResult

    if isinstance(obj, SimulationResult):
        return standard_figure(obj, path, **options)
    if isinstance(obj, Comparison):
        return compare_figure(obj, path, **options)
    if isinstance(obj, SensitivityResult):
        return sensitivity_figure(obj, path, **options)
    if isinstance(obj, FitResult):
        return fit_figure(obj, path, **options)
    raise InputError(
        "obj",
        type(obj).__name__,
        "a SimulationResult, Comparison, SensitivityResult or FitResult",
    )


__all__ = [
    "PANELS",
    "Panel",
    "compare_figure",
    "fit_figure",
    "overlay",
    "plot",
    "read_data",
    "sensitivity_figure",
    "standard_figure",
]
