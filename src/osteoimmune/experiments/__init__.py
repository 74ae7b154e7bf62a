"""The registry of in silico replications of claims.md and calibration.md."""

from osteoimmune.experiments.base import Experiment, Outcome, experiments, register, run_experiments

__all__ = ["Experiment", "Outcome", "experiments", "register", "run_experiments"]
