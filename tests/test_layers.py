"""The import contracts of pyproject.toml hold, and they do catch what they forbid.

The layers (DESIGN.md): ``units, errors <- model <- protocol <- solve <- io <- experiments,
analysis <- plotting, report <- cli, dashboard``, imports pointing left only; nothing but ``cli``
and ``dashboard`` imports the package root; no import cycles within a package. ``lint-imports``
checks them in CI; here the same contracts run on the package's import graph (grimp, the graph
import-linter builds), once as it is and once with a forbidden import added.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

grimp = pytest.importorskip("grimp")
pytest.importorskip("importlinter")

from importlinter.configuration import configure  # noqa: E402
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract  # noqa: E402
from importlinter.contracts.forbidden import ForbiddenContract  # noqa: E402
from importlinter.contracts.layers import LayersContract  # noqa: E402
from importlinter.domain.contract import Contract, ContractCheck  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
TYPES: dict[str, type[Contract]] = {
    "layers": LayersContract,
    "forbidden": ForbiddenContract,
    "acyclic_siblings": AcyclicSiblingsContract,
}
configure()  # import-linter's settings (timer, printer) that the contracts use


def _contract(contract_id: str) -> Contract:
    """The contract of pyproject.toml with this id, its options as lint-imports reads them."""
    (spec,) = [c for c in CONFIG["contracts"] if c["id"] == contract_id]
    options = {k: str(v) if isinstance(v, bool) else v for k, v in spec.items()}
    return TYPES[spec["type"]](
        name=spec["name"],
        session_options={"root_packages": [CONFIG["root_package"]]},
        contract_options=options,
    )


@pytest.fixture
def graph() -> Any:
    """The package's import graph, a fresh copy per test (tests add imports to it)."""
    return grimp.build_graph(CONFIG["root_package"], cache_dir=None)


def _check(contract_id: str, graph: Any) -> ContractCheck:
    return _contract(contract_id).check(graph, verbose=False)


def test_every_contract_is_tested() -> None:
    assert {c["id"] for c in CONFIG["contracts"]} == {"layers", "root", "acyclic"}


def test_imports_point_left_only(graph) -> None:
    check = _check("layers", graph)
    assert check.kept, check.metadata


def test_only_cli_and_dashboard_import_the_package_root(graph) -> None:
    check = _check("root", graph)
    assert check.kept, check.metadata


def test_no_import_cycles_within_a_package(graph) -> None:
    check = _check("acyclic", graph)
    assert check.kept, sorted(check.metadata.get("cycle_breakers_by_package", {}))


def test_an_import_cycle_breaks_the_contract(graph) -> None:
    graph.add_import(
        importer="osteoimmune.solve.compile",
        imported="osteoimmune.solve.simulate",
        line_number=1,
        line_contents="import",
    )
    assert not _check("acyclic", graph).kept


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("osteoimmune.solve.result", "osteoimmune.plotting.figures"),  # the old result.plot()
        ("osteoimmune.protocol.scenario", "osteoimmune.io.sbml"),
        ("osteoimmune.analysis.compare", "osteoimmune.report.network"),
        ("osteoimmune.units", "osteoimmune.model.parameters"),
        ("osteoimmune.analysis.population", "osteoimmune.experiments"),  # siblings
    ],
)
def test_an_import_up_a_layer_breaks_the_contract(graph, importer, imported) -> None:
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    assert not _check("layers", graph).kept


@pytest.mark.parametrize(
    "importer",
    ["osteoimmune.solve.result", "osteoimmune.model.compose", "osteoimmune.report.validation"],
)
def test_an_import_of_the_root_breaks_the_contract(graph, importer) -> None:
    graph.add_import(
        importer=importer, imported="osteoimmune", line_number=1, line_contents="import osteoimmune"
    )
    assert not _check("root", graph).kept


def test_the_command_line_and_the_dashboard_may_import_the_root(graph) -> None:
    for importer in ("osteoimmune.dashboard.app", "osteoimmune.dashboard"):
        graph.add_import(importer=importer, imported="osteoimmune", line_number=1, line_contents="")
    assert _check("root", graph).kept


def test_lint_imports_reads_the_contracts() -> None:
    """The command CI runs."""
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.skip("lint-imports is not installed")
    out = subprocess.run(
        [exe, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 kept, 0 broken" in out.stdout


LOADED = """
import json, sys
import osteoimmune.solve, osteoimmune.solve.simulate, osteoimmune.solve.result
print(json.dumps(sorted(m for m in sys.modules if m.startswith("osteoimmune"))))
"""


def test_importing_solve_loads_nothing_above_it() -> None:
    out = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    above = ("io", "experiments", "analysis", "plotting", "report", "cli", "dashboard")
    assert not [m for m in loaded if m.split(".")[1:2] and m.split(".")[1] in above]
    assert "osteoimmune.plotting" not in loaded
