"""Fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _experiment_outcomes_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Validation runs in tests record their outcomes in a temporary file, never in the
    machine's cache folder, which ``osteoimmune list experiments`` reads."""
    import osteoimmune.experiments.status as status

    path = tmp_path_factory.mktemp("status") / status.FILE_NAME
    monkeypatch.setattr(status, "outcomes_path", lambda: path)
    return path
