"""Built-in scenarios shipped with the package (``osteoimmune run healthy``): their parsed
documents, which :func:`osteoimmune.protocol.scenario.load_scenario` reads by name."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml


@cache
def builtin_scenarios() -> Mapping[str, Mapping[str, Any]]:
    """Name -> parsed document of every built-in scenario."""
    folder = resources.files("osteoimmune") / "data" / "scenarios"
    out: dict[str, Mapping[str, Any]] = {}
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".yaml"):
            out[f.name[:-5]] = yaml.safe_load(f.read_text(encoding="utf-8"))
    return MappingProxyType(out)
