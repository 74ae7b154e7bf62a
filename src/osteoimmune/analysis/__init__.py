"""Analyses over several runs: comparison of scenarios, virtual populations and trials,
sensitivity analysis and parameter estimation.

Import the submodules (``osteoimmune.analysis.population``, ``.sensitivity``, ``.fit``,
``.compare``); the package itself imports nothing heavy, so that the command line starts fast.
"""
