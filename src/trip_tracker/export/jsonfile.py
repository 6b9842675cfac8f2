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


def document(trip: Itinerary, now: DateTime) -> dict[str, Any]:
    data = trip.model_dump(mode="json", exclude_none=True)
    data["computed"] = {
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
        "status_counts": dict(Counter(event.status.value for event in trip.events)),
    }
    return data


#: Characters JSON may carry raw but a YAML reader refuses or folds (DEL, C1 controls, NEL,
#: LS/PS, U+FEFF/FFFE/FFFF). They only occur inside strings, so escaping them keeps the JSON
#: equal and lets `trip -f export.json` read it back as YAML.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    # pydantic_core's serializer writes the same text as json.dump(indent=2,
    # ensure_ascii=False) for this data, about 5x faster on big itineraries.
    text = to_json(document(trip, now), indent=2).decode("utf-8")
    stream.write(_YAML_UNSAFE.sub(_escape, text))
    stream.write("\n")
