"""The registry of in silico replications of claims.md and calibration.md."""

from osteoimmune.experiments.base import (
    Arm,
    Experiment,
    Outcome,
    Traced,
    experiments,
    register,
    run_experiments,
    trace_experiments,
)

__all__ = [
    "Arm",
    "Experiment",
    "Outcome",
    "Traced",
    "experiments",
    "register",
    "run_experiments",
    "trace_experiments",
]
