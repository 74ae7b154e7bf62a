"""Reading a user's YAML document strictly, before anything in it is used.

A scenario file is text from outside: it is decoded as UTF-8 or refused, read with PyYAML's safe
loader made stricter (a key given twice at any level is an error, not the last value silently
kept), and refused before composition when it is larger, deeper or uses more aliases than any
scenario needs, so that an alias bomb or a 60,000-deep nested list costs a line of message, not
memory, recursion or time.
"""

from __future__ import annotations

from typing import Any

import yaml

from osteoimmune.errors import InputError

#: the largest scenario document read, in bytes (built-in scenarios are under 2 kB)
MAX_DOCUMENT_BYTES = 1_000_000
#: the deepest nesting of mappings and lists read (a scenario needs about 5)
MAX_DOCUMENT_DEPTH = 32
#: the most aliases (``*name``) a document may use (each may stand for a large subtree)
MAX_DOCUMENT_ALIASES = 32


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _check_shape(text: str, source: str) -> None:
    """Refuse a document nested deeper than :data:`MAX_DOCUMENT_DEPTH` or with more aliases
    than :data:`MAX_DOCUMENT_ALIASES`, from its event stream (no tree is built)."""
    depth = 0
    aliases = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DOCUMENT_DEPTH:
                mark = event.start_mark
                line = f" (line {mark.line + 1})" if mark is not None else ""
                raise InputError(
                    source,
                    f"nesting deeper than {MAX_DOCUMENT_DEPTH}{line}",
                    "a scenario document (mappings and lists a few levels deep)",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_DOCUMENT_ALIASES:
                raise InputError(
                    source,
                    f"more than {MAX_DOCUMENT_ALIASES} aliases",
                    "a scenario document without alias expansion on that scale",
                )


def read_document(data: bytes | str, source: str) -> Any:
    """The YAML document in ``data`` (bytes are decoded as UTF-8), read strictly.

    Parameters
    ----------
    data
        The file's content.
    source
        How to name the document in a message (its file name).

    Raises
    ------
    InputError
        When the content is too large, not UTF-8 text, not valid YAML, nested or aliased beyond
        the limits, gives a key twice, or is empty.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(
            source, f"{len(data):,} bytes", f"a scenario document of at most {MAX_DOCUMENT_BYTES:,}"
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"a byte {data[exc.start]:#04x} at offset {exc.start}", "UTF-8 text"
            ) from None
    else:
        text = data
    if "\x00" in text:
        raise InputError(source, f"a NUL character at offset {text.index(chr(0))}", "text")
    try:
        _check_shape(text, source)
        doc = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "the document"
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(source, where, f"valid YAML ({problem})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputError(source, "nesting too deep", "a scenario document") from None
    if doc is None:
        raise InputError(source, "an empty document", "a scenario: at least 'species: human'")
    return doc
