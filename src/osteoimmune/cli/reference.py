"""The command line's reference, generated from its parser so the documentation cannot drift.

The documentation build (``docs/hooks.py``) puts :func:`usage` in place of each
``<!-- usage: COMMAND -->`` line of ``docs/cli.md`` and :func:`commands_markdown` in place of
``<!-- commands -->``, and adds the page :func:`options_markdown` writes, every option of every
command with its help and default.
"""

from __future__ import annotations

import argparse

from osteoimmune.cli._common import FORMATTER

#: width of the generated usage lines (the documentation's code blocks)
WIDTH = 100


def _subcommands() -> argparse._SubParsersAction[argparse.ArgumentParser]:
    from osteoimmune.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the osteoimmune parser has no subcommands")  # pragma: no cover


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    return dict(_subcommands().choices)


def commands_markdown() -> str:
    """A Markdown table of the commands, each with its one-line help."""
    helps = {a.dest: a.help or "" for a in _subcommands()._choices_actions}
    rows = ["| command | what it does |", "|---|---|"]
    rows += [f"| `osteoimmune {name}` | {_cell(helps.get(name, ''))} |" for name in _subparsers()]
    return "\n".join(rows)


def commands() -> tuple[str, ...]:
    """The subcommands, in the order ``osteoimmune --help`` lists them."""
    return tuple(_subparsers())


def usage(command: str) -> str:
    """The synopsis of ``osteoimmune COMMAND`` as its ``--help`` prints it (without ``usage:``),
    wrapped at :data:`WIDTH` columns.

    Raises
    ------
    KeyError
        For an unknown command.
    """
    sub = _subparsers()[command]
    # the parser's own formatter at a fixed width (argparse otherwise wraps at the terminal's)
    formatter = FORMATTER(prog=sub.prog, width=WIDTH)  # every command's formatter
    formatter.add_usage(sub.usage, sub._actions, sub._mutually_exclusive_groups)
    text = formatter.format_help()
    # continuation lines are indented under the command, past "usage: "
    return text.removeprefix("usage: ").replace("\n" + " " * len("usage: "), "\n").rstrip()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def options_markdown() -> str:
    """A Markdown page: for every command, its synopsis, description and a table of its
    arguments (name or flags, metavar, help, default)."""
    lines = [
        "# Command-line options",
        "",
        "Generated from the program's own parser when this site was built, so it lists exactly",
        "what `osteoimmune COMMAND --help` prints. The [command-line guide](../cli.md) explains",
        "each command with examples.",
        "",
    ]
    for name, sub in _subparsers().items():
        lines += [f"## `{name}`", "", "```text", usage(name), "```", ""]
        if sub.description:
            lines += [_cell(sub.description), ""]
        lines += ["| argument | value | meaning | default |", "|---|---|---|---|"]
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flags = (
                ", ".join(f"`{f}`" for f in action.option_strings)
                or f"`{action.metavar or action.dest}`"
            )
            metavar = action.metavar if action.option_strings else ""
            if action.option_strings and metavar is None and action.nargs != 0:
                metavar = action.dest.upper()
            if action.choices and not isinstance(action.choices, dict):
                metavar = "{" + ",".join(map(str, action.choices)) + "}"
            default = (
                ""
                if action.default in (None, False, argparse.SUPPRESS) or action.nargs == 0
                else f"`{action.default}`"
            )
            value = f"`{metavar}`" if metavar else ""
            lines.append(f"| {flags} | {value} | {_cell(action.help or '')} | {default} |")
        lines.append("")
    return "\n".join(lines)


__all__ = ["WIDTH", "commands", "commands_markdown", "options_markdown", "usage"]
