"""Analyses over several runs: comparison of scenarios."""

from osteoimmune.analysis.compare import Comparison, compare

__all__ = ["Comparison", "compare"]
