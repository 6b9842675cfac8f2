"""A big itinerary's text cut into pieces that parse, one by one, to the same data.

yaml_rs releases the GIL for ~60% of its work (reading the text), not while it builds the
Python objects. Parsed whole, a 41 MB file keeps the main thread waiting for all of it; in
pieces, the models of one piece are built while the parser reads the next (see
`fastparse.Reading`), which saves ~0.5 s of ~3 s at 100,000 events.

The cuts: the head is the text up to and including its `events:` line (exactly that, at
column 0); the rest, the block sequence of events, is cut at lines that start an item at
the sequence's own indentation (`  - `), and each of those pieces is given an `events:`
line of its own, so that it parses to `{"events": [...]}` (the last one also holds any keys
that follow the block). `join` puts the pieces' data back together.

Why a cut cannot change what the text means:
- the head must parse with `events` as its last key and no value: had the `events:` line
  been inside something (a quoted scalar or a flow collection over several lines, which
  are the only things a line at column 0 can be inside), the head would end inside it,
  and yaml_rs refuses that;
- below a real `events:` key, a line that starts an item at the sequence's indentation is
  an item of that sequence, unless it is inside a quoted scalar or a flow collection of
  an item above it (a block or plain scalar ends at a line indented no deeper than its
  item): the piece before the cut then ends inside it, and yaml_rs refuses that too;
- a piece must not end with a block scalar's header (an empty block scalar at the end of a
  text is '\\n' to yaml_rs, '' to PyYAML): `fastparse` checks each piece for that, and
  for what could crash yaml_rs.
Any refusal sends the whole text to the PyYAML path, which says what is wrong.

The key line may end with spaces, a comment and a CRLF line end (each later piece starts
with a plain `events:` line: LF and CRLF lines mix freely in YAML); blank and comment lines
may come before the first item. Not cut, and so read in one piece: a text under two
pieces' size, and one whose events are not a block sequence under that key.
"""

from __future__ import annotations

import re
from typing import Any

#: The events are cut into pieces of about this size (in one benchmark at 100,000 events and
#: at 10,000, 1 MiB did better than 2 or 5 MiB, or none: more of the parse is hidden behind
#: the models' building, for a few microseconds more per piece).
PIECE_BYTES = 1 << 20
#: The first line of each later piece.
_EVENTS_LINE = b"events:\n"
#: The key line before the block cut into pieces: at column 0, with no value (a comment,
#: trailing spaces and a CRLF line end are allowed), the first such line in the text.
_EVENTS_KEY = re.compile(rb"^events:(?:[ ]+(?:#[^\r\n]*)?)?\r?\n", re.MULTILINE)
#: Blank or comment lines, then the block's first item, whose indentation is the group.
_FIRST_ITEM = re.compile(rb"(?:[ ]*(?:#[^\r\n]*)?\r?\n)*( *)-[ \r\n]")
#: Where the block sequence ends, as far as lines show: the first line that starts at column
#: 0 with anything but a comment, or (for items at column 0) another item. Blank lines (CRLF
#: ones too) and comments do not end it.
_END_OF_INDENTED = re.compile(rb"\n[^ #\r\n]")
_END_OF_FLUSH = re.compile(rb"\n(?:[^ #\r\n-]|-[^ \r\n])")


def cut(data: bytes) -> list[tuple[int, int]]:
    """Where to cut `data` (UTF-8 text): the spans of the pieces to parse in turn, the first
    being the head; one span, the whole, when it is smaller than two pieces or has no
    `events:` block sequence to cut (see `text_of`)."""
    whole = [(0, len(data))]
    count = len(data) // PIECE_BYTES
    if count < 2:
        return whole
    key = _EVENTS_KEY.search(data)
    if key is None:
        return whole
    body = key.end()  # where the block's first line starts
    first = _FIRST_ITEM.match(data, body)
    if first is None:
        return whole
    indent = len(first[1])
    end = (_END_OF_INDENTED if indent else _END_OF_FLUSH).search(data, body)
    stop = end.start() if end is not None else len(data)
    item = b"\n" + b" " * indent + b"- "
    cuts = [body]
    for part in range(1, count):
        after = max(body + (stop - body) * part // count, cuts[-1])
        position = data.find(item, after, stop)  # after `body`: never the first item
        if position < 0:
            break
        cuts.append(position + 1)
    return list(zip([0, *cuts], [*cuts, len(data)], strict=True))


def text_of(data: bytes, spans: list[tuple[int, int]], index: int) -> bytes:
    """The text of piece `index`: the head as it is, each later piece after an `events:`
    line of its own. Made when it is parsed, so that the pieces are never all copies at
    once."""
    start, end = spans[index]
    if index == 0:
        return data if (start, end) == (0, len(data)) else data[start:end]
    return _EVENTS_LINE + data[start:end]


def join(parsed: list[Any]) -> dict[str, Any] | None:
    """The data of the whole text from its pieces' data, in order; None when they do not
    have the shapes `cut` gives (the text then goes the slow way, which says what is wrong).
    """
    head, *rest = parsed
    if not isinstance(head, dict):
        return None
    if not rest:
        return head
    if not head or next(reversed(head)) != "events" or head["events"] is not None:
        return None  # the `events:` line cut at was not the head's last key, without value
    events: list[Any] = []
    data = {**head, "events": events}
    for piece in rest:
        if not isinstance(piece, dict) or not isinstance(piece.get("events"), list):
            return None
        for key, value in piece.items():
            if key == "events":
                events += value
            elif key in data:
                return None
            else:
                data[key] = value
    return data
