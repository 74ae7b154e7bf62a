"""The one disk-cache helper: entries named by their key, written atomically, never raising."""

from __future__ import annotations

import os
import stat

import pytest

from osteoimmune.cachedir import cache_file, cache_folder, read_text, write_atomic


def test_entries_are_named_by_kind_and_key(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", str(tmp_path))
    a = cache_file("model", "0.1|3|abc", ".py")
    assert a is not None and a.parent == tmp_path
    assert a.name.startswith("model_") and a.suffix == ".py"
    assert cache_file("model", b"0.1|3|abc", ".py") == a
    assert cache_file("model", "0.1|3|abd", ".py") != a


def test_off_means_no_entry_and_nothing_written(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("OSTEOIMMUNE_CACHE_DIR", "off")
    assert cache_folder() is None
    assert cache_file("model", "k", ".py") is None
    write_atomic(None, "x")
    assert read_text(None) is None


def test_a_written_entry_reads_back_and_leaves_no_temporary(tmp_path) -> None:
    path = tmp_path / "sub" / "checked_1.json"
    assert read_text(path) is None
    write_atomic(path, '{"a": 1}')
    write_atomic(path, b'{"a": 2}')
    assert read_text(path) == '{"a": 2}'
    assert [p.name for p in path.parent.iterdir()] == ["checked_1.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_only_costs_time(tmp_path) -> None:
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        write_atomic(tmp_path / "model_1.py", "x = 1\n")
        assert read_text(tmp_path / "model_1.py") is None
    finally:
        tmp_path.chmod(stat.S_IRWXU)
