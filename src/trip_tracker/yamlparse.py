"""Safe YAML 1.2 parsing on top of libyaml, and positions for error messages.

PyYAML's C parser is fast and bounds nesting (libyaml stops at depth 1000), but it speaks
YAML 1.1. This module narrows it to what an itinerary file needs, with YAML 1.2 core-schema
meanings: `NO`/`on`/`off` stay strings, `12:30` and `2025-10-30` stay strings (pydantic parses
dates), duplicate keys are errors, aliases (the "billion laughs" vector) are refused (an
anchor nothing refers to changes nothing and is let be: libyaml composes in C, out of reach),
and only the core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`) are
accepted: no tag can build an object.

JSON is read as YAML 1.2, with one repair: libyaml refuses the surrogate-pair escapes
(`"\\ud83d\\ude00"`) that JSON writers use for characters beyond U+FFFF, so in a valid JSON
document each pair is rewritten as the equivalent `\\U0001f600` before parsing.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import replace
from typing import Any, ClassVar

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from trip_tracker.errors import DataError, Problem, field_path

_TAG = "tag:yaml.org,2002:"

# `yaml.CParser` is not re-exported by the package (getattr(yaml, "CParser") is None, which
# silently fell back to the pure-Python parser): take it from `yaml.cyaml`.
_Parser: Any = getattr(importlib.import_module("yaml.cyaml"), "CParser", None)
if _Parser is None:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PureParser(Reader, Scanner, Parser, Composer):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    _Parser = _PureParser


class _CoreResolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema, and nothing else."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class registry
    yaml_path_resolvers: dict[Any, Any] = {}  # noqa: RUF012


for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _CoreResolver.add_implicit_resolver(_TAG + _tag, re.compile(_pattern), _first)


class _StrictConstructor(SafeConstructor):
    """Builds plain dicts, lists and scalars; refuses aliases, duplicate keys and other tags."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {}
    yaml_multi_constructors: ClassVar[dict[Any, Any]] = {}

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(
                None,
                None,
                "the value anchored here (&name) is used again by an alias (*name): aliases "
                "are not supported in itinerary files; write the value out in full",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def flatten_mapping(self, node: MappingNode) -> None:
        """No merge keys: `<<` is an ordinary key in YAML 1.2."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise ConstructorError(
                    None, None, f"keys must be text, not {key!r}", key_node.start_mark
                )
            if key in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (first given on line {first_seen[key]})",
                    key_node.start_mark,
                )
            first_seen[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_undefined(self, node: Node) -> Any:
        raise ConstructorError(
            None,
            None,
            f"the tag '{_short_tag(node.tag)}' is not allowed in itinerary files",
            node.start_mark,
        )

    def construct_core_int(self, node: ScalarNode) -> int:
        text = self.construct_scalar(node)
        try:
            if text.startswith(("0o", "0x")):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)
        except ValueError:
            raise ConstructorError(
                None, None, f"{text!r} is not an integer", node.start_mark
            ) from None

    def construct_core_float(self, node: ScalarNode) -> float:
        text = self.construct_scalar(node).lower()
        try:
            return float(text.replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            raise ConstructorError(
                None, None, f"{text!r} is not a number", node.start_mark
            ) from None

    def construct_core_bool(self, node: ScalarNode) -> bool:
        text = self.construct_scalar(node).lower()
        if text not in ("true", "false"):
            raise ConstructorError(None, None, f"{text!r} is not true or false", node.start_mark)
        return text == "true"

    def construct_core_null(self, node: ScalarNode) -> None:
        text = self.construct_scalar(node)
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ConstructorError(None, None, f"{text!r} is not null", node.start_mark)


for _tag, _method in (
    ("str", SafeConstructor.construct_yaml_str),
    ("map", SafeConstructor.construct_yaml_map),
    ("seq", SafeConstructor.construct_yaml_seq),
    ("int", _StrictConstructor.construct_core_int),
    ("float", _StrictConstructor.construct_core_float),
    ("bool", _StrictConstructor.construct_core_bool),
    ("null", _StrictConstructor.construct_core_null),
):
    _StrictConstructor.add_constructor(_TAG + _tag, _method)  # type: ignore[type-var]
_StrictConstructor.add_constructor(None, _StrictConstructor.construct_undefined)  # type: ignore[type-var]


class _Loader(_Parser, _StrictConstructor, _CoreResolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictConstructor.__init__(self)
        _CoreResolver.__init__(self)


#: A `\\uD8xx\\uDCxx` escape pair preceded by an even run of backslashes (so it is an escape).
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)

_HIGH_SURROGATE = re.compile(r"\\u[dD][89abAB]")


def _join_surrogate_pairs(text: str) -> str:
    """JSON's surrogate-pair escapes as single `\\U` escapes, when `text` is valid JSON.

    Only JSON is touched: there backslashes occur only inside strings, so the rewrite is
    exact. Each pair is two characters shorter, so an error mark after one on the same line
    is two columns early.
    """
    if not text.lstrip().startswith(("{", "[")) or _HIGH_SURROGATE.search(text) is None:
        return text  # cheap tests first: the full pattern takes seconds on a 50 MB file
    try:
        json.loads(text)
    except ValueError:  # not JSON (or not valid JSON): libyaml reports it as YAML
        return text
    return _SURROGATE_PAIR.sub(_one_escape, text)


def compose_in_place(text: str) -> Node | None:
    """The node tree of `text`, with marks that index `text` itself: each JSON surrogate
    pair is joined into an escape of the same length (two characters are added to the
    string), so the tree's scalar values may differ there, its positions never do."""
    if _join_surrogate_pairs(text) != text:  # a valid JSON text with pairs
        text = _SURROGATE_PAIR.sub(lambda pair: _one_escape(pair) + "..", text)
    return compose(text)


def _one_escape(match: re.Match[str]) -> str:
    high, low = int(match[2], 16), int(match[3], 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return f"{match[1]}\\U{code:08x}"


def parse(text: str, name: str) -> Any:
    """The document as plain Python data (None for an empty document); DataError if not YAML."""
    text = _join_surrogate_pairs(text)
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_data()
    except ConstructorError as error:  # the text parsed: say which field holds the fault
        problem = _marked_problem(error, name, text)
        path = _path_at(compose(text), error.problem_mark) if error.problem_mark else ()
        raise DataError([replace(problem, path=field_path(path))]) from None
    except yaml.MarkedYAMLError as error:
        raise DataError([_marked_problem(error, name, text)]) from None
    except yaml.reader.ReaderError as error:
        raise DataError([_reader_problem(error, name, text)]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(name, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise DataError([Problem(name, "nested too deeply to be an itinerary")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _reader_problem(error: yaml.reader.ReaderError, name: str, text: str) -> Problem:
    """A character YAML forbids (a raw control character): where it is and how to write it."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = (
        error.character
        if isinstance(error.character, int)
        else ord(str(error.character)[:1] or "?")
    )
    message = (
        f"control character U+{code:04X} is not allowed in YAML text; "
        f"write it as \\x{code:02x} inside double quotes if it is really meant"
    )
    return Problem(name, message, line, column)


def _marked_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = error.problem or "not valid YAML"
    if error.context and error.problem and "while" in error.context:
        message = f"{message} ({error.context})"
    message = message.replace("\n", " ")
    if "'\\t'" in message or (mark is not None and _char_at(text, mark.line, mark.column) == "\t"):
        message += "; indent with spaces, not tabs"
    if mark is None:  # pragma: no cover - libyaml always marks its errors
        return Problem(name, message)
    return Problem(name, message, mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column ('' past the end): libyaml's error marks."""
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _short_tag(tag: str | None) -> str:
    return (tag or "?").replace(_TAG, "!!")


def compose(text: str) -> Node | None:
    """The node tree, with line and column marks; only called once parsing has succeeded."""
    loader = _Loader(_join_surrogate_pairs(text))
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _path_at(root: Node | None, mark: yaml.Mark) -> tuple[str | int, ...]:
    """The field path of the node (or key) that starts at `mark`; () if none does."""
    where = (mark.line, mark.column)
    pending: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())] if root else []
    while pending:  # a loop, not recursion: the document may nest deeply
        node, path = pending.pop()
        if (node.start_mark.line, node.start_mark.column) == where and path:
            return path
        children: list[tuple[Node, tuple[str | int, ...]]] = []
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                part = key_node.value if isinstance(key_node, ScalarNode) else "?"
                if (key_node.start_mark.line, key_node.start_mark.column) == where:
                    return (*path, part)
                children.append((value_node, (*path, part)))
        elif isinstance(node, SequenceNode):
            children = [(item, (*path, number)) for number, item in enumerate(node.value)]
        pending += reversed(children)  # in document order: an alias's node comes after
    return ()


#: Per-mapping key index, so locating many problems in one big mapping stays linear.
KeyIndex = dict[int, dict[str, tuple[Node, Node]]]


def locate(
    root: Node | None,
    loc: tuple[str | int, ...],
    *,
    key: bool = False,
    index: KeyIndex | None = None,
) -> tuple[int, int]:
    """1-based line and column of the value at `loc` (or of its key when `key` is true).

    Follows `loc` as far as the document goes, so a missing field points at the mapping that
    lacks it. Pass the same `index` for every lookup in one document: each mapping's keys are
    then indexed once (20,000 unknown keys would otherwise take quadratic time).
    """
    if root is None:
        return 1, 1
    index = {} if index is None else index
    node, key_node = root, None
    for part in loc:
        child = _child(node, part, index)
        if child is None:
            key_node = None
            break
        key_node, node = child
    mark = (key_node if key and key_node is not None else node).start_mark
    return mark.line + 1, mark.column + 1


def _child(node: Node, part: str | int, index: KeyIndex) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        keys = index.get(id(node))
        if keys is None:
            keys = index[id(node)] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))
        return keys.get(part) if isinstance(part, str) else None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None
