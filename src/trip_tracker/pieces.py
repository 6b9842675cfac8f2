"""A big itinerary's text cut into pieces that parse, one by one, to the same data.

yaml_rs releases the GIL for ~60% of its work (reading the text), not while it builds the
Python objects. Parsed whole, a 41 MB file keeps the main thread waiting for all of it; in
pieces, the models of one piece are built while the parser reads the next (see
`fastparse.Reading`), which saves ~0.5 s of ~3 s at 100,000 events.

The cuts fall only inside the top-level `events:` block sequence, at the start of a line
that starts an item at the sequence's own indentation (`  - `). Each piece after the first
is given an `events:` line of its own, so it parses to `{"events": [...]}` (the last piece
also holds any keys that follow the block); `join` puts the pieces back together.

Why a cut cannot change what the text means: such a line can only be inside a scalar of an
item above it if that scalar is quoted (a block or plain scalar ends at a line indented no
deeper than its item), and then the piece before the cut ends inside quotes: an error, and
the caller reads the whole text another way. Flow collections over several lines, anchors
and aliases never reach yaml_rs at all (see `fastparse`). A `join` that finds anything but
the expected shape (no `events` list in the first piece, a key twice) says None too.
"""

from __future__ import annotations

import re
from typing import Any

#: Pieces are about this big (~8 for 100,000 events); a smaller text is one piece.
PIECE_BYTES = 5 << 20
#: The key line that starts the block cut into pieces, and the prefix of each later piece.
_EVENTS_KEY = b"\nevents:\n"
_PIECE_START = b"events:\n"
#: The line after the key must start an item; its indentation is the sequence's.
_FIRST_ITEM = re.compile(rb"( *)-[ \n]")
#: Where the block sequence ends: the first line that starts at column 0 with anything but a
#: comment, or (for items at column 0) another item. Blank lines and comments do not end it.
_END_OF_INDENTED = re.compile(rb"\n[^ #\n]")
_END_OF_FLUSH = re.compile(rb"\n(?:[^ #\n-]|-[^ \n])")


def cut(data: bytes) -> list[bytes]:
    """`data` (UTF-8 text) as the pieces to parse in turn; `[data]` when it is smaller than
    two pieces or has no `events:` block sequence to cut."""
    count = len(data) // PIECE_BYTES
    if count < 2:
        return [data]
    if data.startswith(_PIECE_START):
        body = len(_PIECE_START)  # where the block's first line starts
    else:
        key = data.find(_EVENTS_KEY)
        if key < 0:
            return [data]
        body = key + len(_EVENTS_KEY)
    first = _FIRST_ITEM.match(data, body)
    if first is None:
        return [data]
    indent = first.group(1)
    end = (_END_OF_INDENTED if indent else _END_OF_FLUSH).search(data, body)
    stop = end.start() if end is not None else len(data)
    item = b"\n" + indent + b"- "
    cuts: list[int] = []
    for part in range(1, count):
        # Found after `body`, an item line is never the first item (the first piece keeps it).
        after = max(body + (stop - body) * part // count, cuts[-1] if cuts else body)
        position = data.find(item, after, stop)
        if position < 0:
            break
        cuts.append(position + 1)
    if not cuts:
        return [data]
    pieces = [data[: cuts[0]]]
    for start, end_of_piece in zip(cuts, [*cuts[1:], len(data)], strict=True):
        pieces.append(_PIECE_START + data[start:end_of_piece])
    return pieces


def join(parsed: list[Any]) -> dict[str, Any] | None:
    """The data of the whole text from its pieces' data, in order; None when they do not
    have the shapes `cut` gives (the text then goes the slow way, which says what is wrong).

    The first piece's `events` list is extended in place.
    """
    head, *rest = parsed
    if not isinstance(head, dict):
        return None
    if not rest:
        return head
    events = head.get("events")
    if not isinstance(events, list):
        return None
    for piece in rest:
        if not isinstance(piece, dict) or not isinstance(piece.get("events"), list):
            return None
        for key, value in piece.items():
            if key == "events":
                events.extend(value)
            elif key in head:
                return None
            else:
                head[key] = value
    return head
