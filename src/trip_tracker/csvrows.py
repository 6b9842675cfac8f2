"""Stable CSV columns for the list commands (documented in the README; append, never reorder).

Time values take five columns each: precision (exact/day/window), start and end (ISO 8601:
a datetime with offset for exact times, a date for days and windows), words and derived.
Lists (participants, topics) are joined with "; ".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trip_tracker import formatting as fmt
from trip_tracker.model import Event, Itinerary, Stop, When

if TYPE_CHECKING:
    from trip_tracker.queries import Upcoming

WHEN_FIELDS = ("precision", "start", "end", "words", "derived")

STOP_COLUMNS = (
    "order",
    "id",
    "place",
    "country",
    "tz",
    *(f"arrive_{name}" for name in WHEN_FIELDS),
    *(f"depart_{name}" for name in WHEN_FIELDS),
    "status",
)
EVENT_COLUMNS = (
    "id",
    "kind",
    "title",
    "stop",
    "place",
    "country",
    "zone",
    *WHEN_FIELDS,
    "participants",
    "participant_names",
    "others",
    "topics",
    "status",
    "source",
)
PEOPLE_COLUMNS = ("id", "name", "role", "country", "organisation", "principal", "meetings")
AGENDA_COLUMNS = ("day", *EVENT_COLUMNS)
UPCOMING_COLUMNS = (*EVENT_COLUMNS, "timing")
WHERE_COLUMNS = ("person", "at", "certainty", "stop", "place", "country", "events", "summary")


def when_fields(when: When | None, tz: str, show_tz: str | None = None) -> list[Any]:
    data = fmt.when_json(when, tz, show_tz)
    if data is None:
        return [None] * len(WHEN_FIELDS)
    return [data[name] for name in WHEN_FIELDS]


def stop_row(trip: Itinerary, stop: Stop, show_tz: str | None = None) -> list[Any]:
    return [
        trip.stop_positions[stop.id],
        stop.id,
        stop.place,
        stop.country,
        stop.tz,
        *when_fields(stop.arrive, stop.tz, show_tz),
        *when_fields(stop.depart, stop.tz, show_tz),
        stop.status.value,
    ]


def event_row(trip: Itinerary, event: Event, show_tz: str | None = None) -> list[Any]:
    stop = trip.stop_of(event)
    return [
        event.id,
        event.kind.value,
        event.title,
        stop.id,
        event.place,
        stop.country,
        stop.tz,
        *when_fields(event.when, stop.tz, show_tz),
        list(event.participants),
        [trip.people_by_id[pid].name for pid in event.participants],
        list(event.others),
        list(event.topics),
        event.status.value,
        event.source.ref,
    ]


def upcoming_rows(trip: Itinerary, result: Upcoming, show_tz: str | None = None) -> list[list[Any]]:
    """`trip upcoming --format csv`: each event left, with its timing; undated ones last."""
    rows = [[*event_row(trip, event, show_tz), timing] for event, timing in result.events]
    return rows + [[*event_row(trip, event, show_tz), "undated"] for event in result.undated]
