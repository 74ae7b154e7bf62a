"""Shared helpers of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

BAD_FILES = sorted((Path(__file__).parents[1] / "data" / "bad").glob("*.yaml"))
HEADLINE = (
    "bmd_lumbar_spine_pct",
    "bmd_total_hip_pct",
    "bv_tv_pct",
    "ctx_pct",
    "p1np_pct",
    "ctx_ng_ml",
    "p1np_ug_l",
    "osteoclasts_rel",
    "osteoblasts_rel",
    "rankl_opg_ratio",
)
SHORT = "species: human\nsex: female\nage: 50 years\nduration: 100 days\nsave_every: 10 days\n"
ENTRY = "import sys; from osteoimmune.cli import main; sys.exit(main(sys.argv[1:]))"


def expected_message(path: Path) -> str:
    """The substring the error must contain, from the file's first line ``# expect: ...``."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name} must start with '# expect: <substring>'"
    return first.split(":", 1)[1].strip()


def one_error_line(stderr: str) -> str:
    """The one line of an error, after checking there is exactly one and no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("osteoimmune: error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def short_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    return path
