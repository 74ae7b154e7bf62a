"""The registry of experiments: the spec files it reads, in order, and the runners.

The registry is explicit: :data:`SPEC_FILES` names every file of ``osteoimmune/data/experiments``
it loads, in the order the scorecard lists them. Nothing registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources

import yaml

from osteoimmune.errors import InputError
from osteoimmune.experiments.base import Outcome, Traced
from osteoimmune.experiments.spec import KINDS, ExperimentSpec, SpecError, build_specs

#: The spec files, in scorecard order (``data/experiments/<name>.yaml``).
SPEC_FILES: tuple[str, ...] = (
    "bone_core",
    "bone_decades",
    "lineage",
    "culture",
    "diseases",
    "drug_trials",
    "endocrine",
    "estrogen_immune",
    "marrow",
    "minerals",
    "periodontal",
    "periprosthetic",
    "reference",
    "pharmacology",
    "validation",
    "validation_bone",
    "validation_minerals",
    "validation_immune",
)


def _read(name: str) -> list[ExperimentSpec]:
    path = resources.files("osteoimmune").joinpath("data", "experiments", f"{name}.yaml")
    if not path.is_file():
        raise SpecError(f"data/experiments/{name}.yaml: listed in SPEC_FILES but missing")
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        return build_specs(doc, group=name)
    except SpecError as exc:
        raise SpecError(f"data/experiments/{name}.yaml: {exc}") from None


@lru_cache(maxsize=1)
def _load() -> dict[str, ExperimentSpec]:
    out: dict[str, ExperimentSpec] = {}
    for name in SPEC_FILES:
        for spec in _read(name):
            if spec.id in out:
                raise SpecError(f"data/experiments/{name}.yaml: experiment {spec.id!r} twice")
            out[spec.id] = spec
    return out


def experiments() -> dict[str, ExperimentSpec]:
    """Every registered experiment by id, in scorecard order."""
    return dict(_load())


def _selected(only: Sequence[str] | None) -> tuple[dict[str, ExperimentSpec], list[str]]:
    registry = experiments()
    ids = list(registry) if not only else list(only)
    for i in ids:
        if i not in registry:
            raise InputError(
                "--only", i, f"an experiment id ({', '.join(registry)})", choices=registry
            )
    return registry, ids


def run_experiments(
    only: Sequence[str] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Run the registered experiments (all, or the ids in ``only``) and return their outcomes.

    Raises
    ------
    InputError
        If ``only`` names an unknown experiment.
    """
    return [t.outcome for t in trace_experiments(only, progress=progress)]


def trace_experiments(
    only: Sequence[str] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Traced]:
    """Like :func:`run_experiments`, keeping the arms each experiment simulated and the data
    overlaid on them (for reports)."""
    registry, ids = _selected(only)
    out = []
    for i in ids:
        if progress is not None:
            progress(i)
        out.append(registry[i].trace())
    return out


def score_by_kind(outcomes: Sequence[Outcome]) -> str:
    """``"claim 41/47, calibration 23/28, validation 0/2, reference 5/5"``: passes by kind, so
    that targets the parameters were fitted to and held-out data are never summed together."""
    counts: dict[str, list[int]] = {}
    for o in outcomes:
        c = counts.setdefault(o.kind, [0, 0])
        c[0] += bool(o.passed)
        c[1] += 1
    order = [k for k in KINDS if k in counts] + [k for k in counts if k not in KINDS]
    return ", ".join(f"{k} {counts[k][0]}/{counts[k][1]}" for k in order)
