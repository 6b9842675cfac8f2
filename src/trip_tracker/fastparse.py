"""The fast path for reading an itinerary: a Rust YAML parser, used only where it is safe.

`yaml_rs` parses about ten times faster than libyaml-backed PyYAML, but it does not keep all of
our rules by itself: it ignores tags (`!!binary x` becomes the string "x"), expands aliases, reads
`1_000` and `0X1F` as numbers, treats a tab as a separator and recurses without bound in
compact block sequences (`- - - ...` crashes the process). So the fast path takes only text
that cannot reach those differences, judged by cheap scans of the text:

- no tag, anchor or alias indicator (`!`, `&`, `*`) where a node may start, no `%` directive;
- no tab, no YAML 1.1 line break (NEL, LS, PS), no character PyYAML's reader refuses (C0 and
  C1 controls, DEL, U+FFFE/U+FFFF);
- no plain scalar that starts like a number and holds `_`, a `0x`/`0o`/`0b` prefix in another
  case or sign, or `.` followed by a letter (`.nAn`);
- no line whose indentation (spaces and `- `/`? `/`: ` indicators) reaches `MAX_INDENT`, which
  bounds block nesting; flow nesting is bounded by the parser itself (an error, not a crash);
- the text ends with a newline and not with a block scalar header (where PyYAML and the Rust
  parser disagree on the value of an empty or unterminated block scalar).

Anything else, and any text the parser refuses (duplicate keys, bad syntax, several
documents, a top level that is not a mapping), returns None: the caller then takes the PyYAML
path, which gives the positioned error message or the same data. Keys that are not text are
left to the model (it forbids unknown fields) except inside `computed`, which it ignores, so
they are checked there.
"""

from __future__ import annotations

import re
from typing import Any

#: Indentation (with compact indicators) at which the fast path gives up: bounds block nesting.
MAX_INDENT = 100

_NODE_START = r"\s\[\]{},:"  # characters after which a node (and its tag or anchor) may start
_INDICATOR = re.compile(rf"(?<=[{_NODE_START}])[!&*]")
#: Each starts with a literal, which `re` finds fast; the context is checked after.
_ODD_NUMBERS = (re.compile(r"0[xXoObB]"), re.compile(r"\.[A-Za-z]"))
_NODE_START_CHARS = frozenset(" \n\r[]{},:")
_TOKEN_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-")
#: What PyYAML's reader refuses ("special characters are not allowed"); yaml_rs takes them.
_NON_PRINTABLE = re.compile(  # the complement, spelled out: a negated class compiles 40x slower
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_DEEP = re.compile(rf"\n[ ?:-]{{{MAX_INDENT}}}")
_BLOCK_HEADER_AT_END = re.compile(r"[|>][-+0-9]*[ ]*(?:#.*)?\Z")


def risky(text: str) -> bool:
    """True when `text` may hold something the fast parser reads differently (see above)."""
    if not text.endswith("\n") or text.startswith(("%", "!", "&", "*")) or "\n%" in text:
        return True
    if any(char in text for char in "\t\x85\u2028\u2029") or _NON_PRINTABLE.search(text):
        return True
    if any(char in text for char in "!&*") and _INDICATOR.search(text):
        return True
    if _odd_number(text) or _DEEP.search(text) or _underscored_number(text):
        return True
    last_line = text[-4096:].rstrip().rpartition("\n")[2]
    return _BLOCK_HEADER_AT_END.search(last_line) is not None


def _odd_number(text: str) -> bool:
    """A token like `0X1F`, `+0x1`, `0b101` or `.nAn`: numbers to yaml_rs, text to YAML 1.2 core."""
    for pattern in _ODD_NUMBERS:
        for match in pattern.finditer(text):
            start = match.start()
            if start > 0 and text[start - 1] in "+-":
                start -= 1
            if start == 0 or text[start - 1] in _NODE_START_CHARS:
                return True
    return False


def _underscored_number(text: str) -> bool:
    """A token that starts like a number and holds `_` (`1_000` is a number to yaml_rs)."""
    position = text.find("_")
    while position >= 0:
        start = position
        while start > 0 and text[start - 1] in _TOKEN_CHARS:
            start -= 1
        if text[start:position].lstrip("+-")[:1] in tuple("0123456789."):
            return True
        position = text.find("_", position + 1)
    return False


def parse(text: str) -> dict[str, Any] | None:
    """The document as plain data, or None when only the PyYAML path can say what it means."""
    if risky(text):
        return None
    try:
        import yaml_rs
    except ImportError:  # a dependency, but correctness never rests on it
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # the parser's own errors, including its nesting limit
        return None
    if not isinstance(data, dict) or not _text_keys(data.get("computed")):
        return None
    return data


def _text_keys(value: Any) -> bool:
    """True when every mapping key inside `value` is text (as the PyYAML path requires)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True
