"""Markdown briefing: something to paste into a document or a message.

Per stop: its dates and events with people, topics and a status marker; then the open
questions (everything reported, under consideration or speculative). Text from the data is
escaped so it cannot turn into markup.
"""

from __future__ import annotations

import re
from datetime import datetime as DateTime
from typing import IO

from trip_tracker import formatting as fmt
from trip_tracker import queries
from trip_tracker.model import OPEN_STATUSES, Event, Itinerary, Status

MARKER = {
    Status.CONFIRMED: "✅ confirmed",
    Status.SCHEDULED: "🗓️ scheduled",
    Status.EXPECTED: "🔜 expected",
    Status.REPORTED: "📰 reported",
    Status.UNDER_CONSIDERATION: "🤔 under consideration",
    Status.SPECULATIVE: "❓ speculative",
    Status.CANCELLED: "❌ cancelled",
}

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def escape(text: str) -> str:
    """Backslash-escape CommonMark punctuation and flatten newlines, so data stays text."""
    return _SPECIAL.sub(r"\\\1", fmt.safe(" ".join(text.split())))


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    out: list[str] = [f"# {escape(trip.title)}", ""]
    principal = trip.principal_person
    out.append(
        f"**Principal:** {escape(principal.name)}"
        + (f", {escape(principal.role)}" if principal.role else "")
    )
    out.append(f"**As of:** {escape(fmt.moment_text(now))}")
    out.append("")
    if trip.summary:
        out += [escape(trip.summary), ""]
    out += ["## Sources", ""]
    for source in trip.sources:
        detail = source.publisher or source.url or source.path
        out.append(f"- {escape(source.title)}" + (f" ({escape(detail)})" if detail else ""))
    out.append("")
    for index, stop in enumerate(trip.stops, start=1):
        out.append(f"## {index}. {escape(stop.label)}")
        out.append("")
        out.append(
            f"Arrive: {escape(fmt.when_full(stop.arrive, stop.tz))} · "
            f"Depart: {escape(fmt.when_full(stop.depart, stop.tz))} · "
            f"Zone: {escape(stop.tz)} · {MARKER[stop.status]}"
        )
        out.append("")
        events = queries.chronological(trip, (e for e in trip.events if e.stop == stop.id))
        for event in events:
            out += _event_lines(trip, event)
        if not events:
            out += ["_No events listed._", ""]
    open_items = [e for e in trip.events if e.status in OPEN_STATUSES]
    out += ["## Open questions", ""]
    if open_items:
        for event in queries.chronological(trip, open_items):
            out.append(
                f"- **{escape(event.title)}** ({MARKER[event.status]}): "
                f"“{escape(event.source.quote)}”"
            )
    else:
        out.append("_None: nothing is only reported, under consideration or speculative._")
    out.append("")
    stream.write("\n".join(out))


def _event_lines(trip: Itinerary, event: Event) -> list[str]:
    stop = trip.stop_of(event)
    lines = [
        f"### {escape(event.title)}",
        "",
        f"- **Status:** {MARKER[event.status]}",
        f"- **When:** {escape(fmt.when_full(event.when, stop.tz))}",
        f"- **Where:** {escape(fmt.place_text(trip, event))}",
        f"- **Who:** {escape(fmt.people_text(trip, event))}",
        f"- **Topics:** {escape(fmt.topics_text(event))}",
        f"- **Source:** “{escape(event.source.quote)}”",
    ]
    if event.notes:
        lines.append(f"- **Notes:** {escape(event.notes)}")
    lines.append("")
    return lines
