"""The command line's documentation is generated from its parser: every command's synopsis in
the guide and every option in the options page, so neither can drift from the program."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from osteoimmune.cli import build_parser
from osteoimmune.cli.reference import commands, commands_markdown, options_markdown, usage

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_guide_takes_every_synopsis_from_the_parser() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert set(re.findall(r"^<!-- usage: ([a-z-]+) -->$", text, re.M)) == set(commands())
    assert "<!-- commands -->" in text
    # no synopsis written by hand, which could drift
    assert not re.search(r"^osteoimmune [a-z-]+ \[-h\]", text, re.M)


def test_usage_is_what_help_prints() -> None:
    for name, sub in _subparsers().items():
        lines = usage(name).splitlines()
        assert lines[0].startswith(f"osteoimmune {name} [-h]")
        assert " ".join(" ".join(lines).split()) == " ".join(
            sub.format_usage().removeprefix("usage: ").split()
        )
    assert "[--pk FILE]" in usage("run")


def test_every_option_of_every_command_is_in_the_options_page() -> None:
    page = options_markdown()
    for name, sub in _subparsers().items():
        assert f"## `{name}`" in page
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # every command has -h
            for flag in action.option_strings:
                assert f"`{flag}`" in page, (name, flag)
    table = commands_markdown()
    assert all(f"`osteoimmune {name}`" in table for name in commands())
