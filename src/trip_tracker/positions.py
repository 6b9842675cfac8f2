"""Line and column of field paths in an itinerary's text, without composing all of a big one.

`trip check` names the position of each finding. Composing a whole 41 MB itinerary's node
tree with PyYAML took ~14 s and 1.1 GB (at 100,000 events), yet nearly every finding is
inside one item of the top-level `events`, `stops` or `people` sequence. So the item's
lines alone are composed (~0.1 ms each), and its marks moved down by the lines before it.

The items are found as `pieces` finds them: a key line at column 0 (`events:`), then the
lines that start an entry at the sequence's indentation (`  - `). In a block sequence every
entry starts so; but a line inside a quoted scalar or flow collection over several lines
may only look like an entry, or like the key. So an item's lines are used only when lines
are what they look like, so far as a loose scan shows (the key line appears once; no
quote or bracket is left open at the end of a line; no line break PyYAML counts but `\\n`
does not, nor a byte-order mark after the start), when the sequence has exactly as many
entries as the model has items, and when the item's text composes to one mapping whose
`id` is the model's at that index. Anything else (a flow sequence, JSON, a wrapped quote)
is located in the whole text's tree, composed once, as before: correct, only not faster.
Two reviews tried to mislead it; each way they found is a test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trip_tracker import yamlparse

Loc = tuple[str | int, ...]

#: Line breaks PyYAML counts besides `\n` (a lone `\r`, NEL, LS, PS): line numbers worked out
#: from `\n` alone would be wrong; and a byte-order mark after the start, which PyYAML skips
#: (a line `\ufeff# note` is a comment to it, and would seem to end a list here). Such a text
#: is composed whole.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]|(?<!^)\ufeff")
#: Where a node may start on a line, loosely: after its indentation or after any indicator
#: (and spaces or tabs), then after any tags and anchors (`!!str "...`, `&a '...`).
_NODE_START = r"(?:^|[-:?,\[{])[ \t]*(?:[!&][^ \t\r\n]*[ \t]+)*"
#: A quoted scalar that starts on a line and does not end on it (so far as lines show):
#: its next lines may look like entries or keys of the list, which they are not.
_QUOTES_OVER_LINES = re.compile(
    _NODE_START + r"""(?:"(?:[^"\\\r\n]|\\.)*\\?|'(?:[^'\r\n]|'')*)\r?$""", re.MULTILINE
)


class Locator:
    """Positions in `text`, the file whose validated itinerary has these `ids` in each
    top-level list (`{"events": [...], ...}`), in order."""

    def __init__(self, text: str, ids: Mapping[str, Sequence[str]]) -> None:
        self._text = text
        self._ids = ids
        self._usable = not _other_layout(text)
        self._items: dict[str, list[tuple[int, int, int]] | None] = {}
        self._root: Node | None = None
        self._composed = False
        self._index: yamlparse.KeyIndex = {}
        self._last: tuple[str, int, Node | None] | None = None  # the item composed last

    def locate(self, loc: Loc) -> tuple[int, int]:
        """1-based line and column of the value at `loc`, as `yamlparse.locate` gives them."""
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            found = self._in_item(loc[0], loc[1], loc[2:])
            if found is not None:
                return found
        if not self._composed:
            self._root, self._composed = yamlparse.compose(self._text), True
        return yamlparse.locate(self._root, loc, index=self._index)

    def _in_item(self, key: str, position: int, rest: Loc) -> tuple[int, int] | None:
        items = self._items_of(key)
        if items is None or not 0 <= position < len(items):
            return None
        start, end, line = items[position]
        if self._last is None or self._last[:2] != (key, position):
            self._last = (key, position, self._item_node(start, end, self._ids[key][position]))
        node = self._last[2]
        if node is None:  # not the item the model has there: this layout is not understood
            self._items[key] = None
            return None
        item_line, column = yamlparse.locate(node, rest)
        return line + item_line - 1, column

    def _item_node(self, start: int, end: int, expected_id: str) -> Node | None:
        """The mapping of the item in text[start:end], if that is one item with this id."""
        try:
            root = yamlparse.compose(self._text[start:end])
        except (yaml.YAMLError, RecursionError):  # these lines are not an item
            return None
        if not isinstance(root, SequenceNode) or len(root.value) != 1:
            return None
        item = root.value[0]
        if not isinstance(item, MappingNode):
            return None
        for key_node, value_node in item.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "id":
                matches = isinstance(value_node, ScalarNode) and value_node.value == expected_id
                return item if matches else None
        return None

    def _items_of(self, key: str) -> list[tuple[int, int, int]] | None:
        """Each item's (start, end, 1-based first line) in the text; None when the text is
        not laid out as a block sequence of exactly the model's number of items."""
        if key not in self._items:
            expected = self._ids.get(key)
            found = _block_items(self._text, key) if self._usable and expected else None
            self._items[key] = (
                found if found is not None and len(found) == len(expected or ()) else None
            )
        return self._items[key]


def _other_layout(text: str) -> bool:
    """Whether lines may not be what they look like: other line breaks, or a quoted scalar
    or flow collection over several lines (whose lines may look like a list's entries, or
    its key). Judged by lines, so some texts are taken for such without being so: those are
    composed whole, as before, which only takes longer."""
    if _OTHER_BREAKS.search(text) or _QUOTES_OVER_LINES.search(text):
        return True
    from trip_tracker.fastparse import bracket_left_open

    return bracket_left_open(text.encode("utf-8", "surrogatepass"))


def _block_items(text: str, key: str) -> list[tuple[int, int, int]] | None:
    """The items of the block sequence under the top-level `key`, as in `_items_of`."""
    headers = re.compile(rf"^{re.escape(key)}:[ \t]*(?:#[^\n]*)?\r?\n", re.MULTILINE)
    found = list(headers.finditer(text))
    if len(found) != 1:  # a key appears once at the top: one of these lines is not it
        return None
    header = found[0]
    body = header.end()
    first = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-[ \t\r\n]").match(text, body)
    if first is None:
        return None
    indent = len(first[1])
    end_of_block = re.compile(r"\n(?:[^ #\r\n-]|-[^ \t\r\n])" if indent == 0 else r"\n[^ #\r\n]")
    block_end = end_of_block.search(text, first.start(1))
    stop = block_end.start() + 1 if block_end is not None else len(text)
    entry = re.compile(rf"^ {{{indent}}}-[ \t\r\n]", re.MULTILINE)
    starts = [match.start() for match in entry.finditer(text, first.start(1), stop)]
    items = []
    line = text.count("\n", 0, starts[0]) + 1 if starts else 1
    for start, end in zip(starts, [*starts[1:], stop], strict=True):
        items.append((start, end, line))
        line += text.count("\n", start, end)
    return items
