"""The registry of in silico replications of claims.md and calibration.md, as data.

Each experiment is a spec (:class:`ExperimentSpec`) read from ``osteoimmune/data/experiments``:
arms that are scenario documents, readouts in a small expression language, pass bounds. Published
data are bundled as measurement tables (:mod:`.measurements`) with their role, calibration or
validation.
"""

from osteoimmune.experiments.base import Arm, Outcome, Overlay, Traced
from osteoimmune.experiments.registry import experiments, run_experiments, trace_experiments
from osteoimmune.experiments.spec import ExperimentSpec, SpecError

__all__ = [
    "Arm",
    "ExperimentSpec",
    "Outcome",
    "Overlay",
    "SpecError",
    "Traced",
    "experiments",
    "run_experiments",
    "trace_experiments",
]
