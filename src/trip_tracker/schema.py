"""The JSON Schema of the itinerary file format, from the pydantic model.

Two adjustments make it describe what the loader really accepts: the output-only `computed`
block of a JSON export is allowed (the loader ignores it), and date-times are matched by a
pattern rather than `format: date-time`, because a time without a UTC offset is valid here
(it is local to the stop) while RFC 3339 would demand an offset.
"""

from __future__ import annotations

from typing import Any

from trip_tracker.model import Itinerary

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: ISO 8601 date and time, seconds and UTC offset optional (`2025-10-30 09:00`, `...T09:00Z`),
#: as the loader reads it: `T`, `t` or a space; hours 00-23; a fraction after `.` or `,`;
#: an offset with its minutes (`+09:00`, `+0900`).
_HOUR, _MINUTE = r"([01]\d|2[0-3])", r"[0-5]\d"
DATE_TIME_PATTERN = (
    rf"^\d{{4}}-\d{{2}}-\d{{2}}[Tt ]{_HOUR}:{_MINUTE}(:{_MINUTE}([.,]\d+)?)?"
    rf"([Zz]|[+-]{_HOUR}:?{_MINUTE})?$"
)


def file_schema() -> dict[str, Any]:
    """The schema of an itinerary file (YAML or JSON), as a JSON-ready dict."""
    schema = _relax_date_times(Itinerary.model_json_schema())
    schema["properties"]["computed"] = {
        "type": "object",
        "title": "Computed",
        "description": "Output only: values worked out by `trip export --format json`; "
        "ignored when the file is read.",
        "readOnly": True,
    }
    return {"$schema": SCHEMA_DIALECT, **schema}


def _relax_date_times(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            node = {key: value for key, value in node.items() if key != "format"}
            node["pattern"] = DATE_TIME_PATTERN
            node.setdefault(
                "description", "ISO 8601 date and time; without a UTC offset it is local time"
            )
        return {key: _relax_date_times(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_relax_date_times(item) for item in node]
    return node
