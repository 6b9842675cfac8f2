"""JSON export: the whole itinerary in its file format (so it loads back), plus `computed`.

`computed` holds values worked out by the tool (time spans in ISO 8601, status counts); the
loader ignores it, so `trip -f export.json ...` reads the export back as an equal itinerary.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime as DateTime
from typing import IO, Any

from pydantic_core import to_json

from trip_tracker import formatting as fmt
from trip_tracker.model import Itinerary
from trip_tracker.vocabulary import Status


def document(trip: Itinerary, now: DateTime) -> dict[str, Any]:
    """The export as plain data: what `write` writes, for callers that want a dict."""
    return {**trip.model_dump(mode="json", exclude_none=True), "computed": computed(trip, now)}


def computed(trip: Itinerary, now: DateTime) -> dict[str, Any]:
    """Values the tool works out (ignored on reading back)."""
    counts = Counter(event.status for event in trip.events)
    return {
        "generated_for": now.isoformat(),
        "stops": {
            stop.id: {
                "arrive": fmt.when_json(stop.arrive, stop.tz),
                "depart": fmt.when_json(stop.depart, stop.tz),
            }
            for stop in trip.stops
        },
        "events": {
            event.id: {"when": fmt.when_json(event.when, trip.stop_of(event).tz)}
            for event in trip.events
        },
        # every status, from most to least sure, so that two exports compare key by key
        "status_counts": {status.value: counts[status] for status in Status},
    }


#: Characters JSON may carry raw but a YAML reader refuses or folds (DEL, C1 controls, NEL,
#: LS/PS, U+FEFF/FFFE/FFFF). They only occur inside strings, so escaping them keeps the JSON
#: equal and lets `trip -f export.json` read it back as YAML.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: The same characters as UTF-8, each pattern starting with a literal byte that `re` finds
#: fast: ~0.1 s for the 60 MB of 100,000 events, where the pattern above takes ~0.3 s on
#: the decoded text (stored 2 or 4 bytes a character once it holds any beyond Latin-1).
_YAML_UNSAFE_UTF8 = (
    re.compile(b"\x7f"),
    re.compile(b"\xc2[\x80-\x9f]"),
    re.compile(b"\xe2\x80[\xa8\xa9]"),
    re.compile(b"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),
)


def yaml_safe(json_utf8: bytes) -> str:
    """The JSON text `json_utf8` with those characters escaped: the same JSON, readable
    as YAML too."""
    text = json_utf8.decode("utf-8")
    if not any(pattern.search(json_utf8) for pattern in _YAML_UNSAFE_UTF8):
        return text  # nearly always: nothing to escape
    return _YAML_UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    """`document` as JSON, laid out as json.dump(indent=2, ensure_ascii=False) lays it out.

    pydantic_core writes it ~5x faster than json.dump; the model is serialised straight to
    JSON (no intermediate dicts), and `computed` is added as its last member, all as UTF-8
    bytes until the one decoding. The only difference from json.dump is the spelling of
    some floats (0.00001 for 1e-05): the same numbers, read back equal.
    """
    body = to_json(trip, indent=2, exclude_none=True)
    assert body.endswith(b"\n}")
    extra = to_json(computed(trip, now), indent=2).replace(b"\n", b"\n  ")
    # JSON strings never hold a raw newline, so every one replaced is the layout's.
    stream.write(yaml_safe(body[:-2] + b',\n  "computed": ' + extra + b"\n}\n"))
