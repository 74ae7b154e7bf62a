"""The built-in scenarios, as :mod:`osteoimmune.protocol.builtin` holds them (kept here for the
command line, which reads the scenario files through :mod:`osteoimmune.io`)."""

from osteoimmune.protocol.builtin import builtin_scenarios

__all__ = ["builtin_scenarios"]
