"""The scenario files shown in the README are valid scenarios."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from osteoimmune.protocol.scenario import scenario_from_dict

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_scenario_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS)
def test_readme_scenario_is_valid(block: str) -> None:
    scenario = scenario_from_dict(yaml.safe_load(block))
    assert scenario.duration_days > 0
