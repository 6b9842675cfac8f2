"""CSV export: one row per event, in travel order, for spreadsheets and scripts.

RFC 4180: a header row, comma separators, CRLF line ends, fields quoted when they hold a
comma, quote or line break. UTF-8 without a byte-order mark (`export --bom` adds one, for
Excel). The columns (COLUMNS) are stable:
new ones are only ever added at the end. Lists are joined with "; ".

A cell a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab or
carriage return) gets a leading `'`, as OWASP advises, so a name like `=HYPERLINK(...)` stays
text. Control characters are made visible (`\\x1b`), as in every other output.
"""

from __future__ import annotations

import csv
from datetime import datetime as DateTime
from typing import IO

from trip_tracker import formatting as fmt
from trip_tracker import queries
from trip_tracker.model import Event, Itinerary

COLUMNS = (
    "event_id",
    "title",
    "kind",
    "status",
    "stop_id",
    "country",
    "place",
    "time_zone",
    "precision",
    "start",
    "end",
    "when",
    "words",
    "derived",
    "participants",
    "participant_ids",
    "others",
    "topics",
    "source_id",
    "source_quote",
    "notes",
)


def row(trip: Itinerary, event: Event) -> dict[str, str]:
    """The cells of one event, by column name, before neutralising."""
    stop = trip.stop_of(event)
    when = fmt.when_json(event.when, stop.tz)
    return {
        "event_id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        "status": event.status.value,
        "stop_id": stop.id,
        "country": stop.country,
        "place": event.place or "",
        "time_zone": stop.tz,
        "precision": when["precision"] if when else "",
        "start": when["start"] if when else "",
        "end": (when["end"] or "") if when else "",
        "when": fmt.when_text(event.when, stop.tz),
        "words": event.when.words or "" if event.when else "",
        "derived": event.when.derived or "" if event.when else "",
        "participants": "; ".join(trip.people_by_id[pid].name for pid in event.participants),
        "participant_ids": "; ".join(event.participants),
        "others": "; ".join(event.others),
        "topics": "; ".join(event.topics),
        "source_id": event.source.ref,
        "source_quote": event.source.quote,
        "notes": event.notes or "",
    }


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    table = csv.writer(stream, lineterminator="\r\n")
    table.writerow(COLUMNS)
    for event in queries.chronological(trip, trip.events):
        cells = row(trip, event)
        table.writerow([fmt.neutralise(cells[column]) for column in COLUMNS])
