"""Markdown briefing: something to paste into a document or a message.

Per stop: its dates and events with people, topics and a status marker; then the open
questions (every stop and event reported, under consideration or speculative). Text from the
data is escaped so it cannot turn into markup, yet stays readable as plain text.
"""

from __future__ import annotations

import re
from datetime import datetime as DateTime
from typing import IO

from trip_tracker import formatting as fmt
from trip_tracker import queries
from trip_tracker.model import Event, Itinerary
from trip_tracker.vocabulary import OPEN_STATUSES, Status

MARKER = {
    Status.CONFIRMED: "✅ confirmed",
    Status.SCHEDULED: "🗓️ scheduled",
    Status.EXPECTED: "🔜 expected",
    Status.REPORTED: "📰 reported",
    Status.UNDER_CONSIDERATION: "🤔 under consideration",
    Status.SPECULATIVE: "❓ speculative",
    Status.CANCELLED: "❌ cancelled",
}

# Characters that are markup wherever they stand in CommonMark (plus `|` and `~`, table and
# strikethrough syntax in the common GitHub flavour). `&` only when it would start an entity,
# `_` only when not inside a word (`New_York` cannot be emphasis).
_INLINE = re.compile(r"[\\`*\[\]<|~]|&(?=#?[A-Za-z0-9]+;)|(?<![^\W_])_|_(?![^\W_])", re.UNICODE)
# Markup only at the start of a line: headings, lists, block quotes, ordered-list numbers.
_LINE_START = re.compile(r"^(?:[#+\->]|(\d{1,9})[.)])")
# A run of `#` after a space at the end would close a heading and vanish.
_CLOSING_HASHES = re.compile(r"(?<= )#(?=#*$)")


def escape(text: str) -> str:
    """`text` as literal CommonMark inline text on one line, escaping only what needs it.

    Inline markup characters are backslash-escaped everywhere; block markers (`#`, `-`, `+`,
    `1.`) only where they would start a line; a trailing `#` too, since a heading would
    drop it. Ordinary punctuation such as `U.S.-China (trade)` stays as written.
    """
    flat = _INLINE.sub(lambda m: "\\" + m.group(), fmt.safe(fmt.one_line(text)))
    flat = _LINE_START.sub(
        lambda m: m.group(1) + "\\" + m.group()[-1] if m.group(1) else "\\" + m.group(), flat
    )
    return _CLOSING_HASHES.sub(r"\\#", flat)


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    out: list[str] = [f"# {escape(trip.title)}", ""]
    principal = trip.principal_person
    out.append(
        f"- **Principal:** {escape(principal.name)}"  # a list: lines of a paragraph would run on
        + (f", {escape(principal.role)}" if principal.role else "")
    )
    out.append(f"- **As of:** {escape(fmt.moment_text(now))}")
    out.append("")
    if trip.summary:
        out += [escape(trip.summary), ""]
    out += ["## Sources", ""]
    for source in trip.sources:
        detail = source.publisher or source.url or source.path
        # The description says what the text leaves out and where it was taken from.
        about = f": {escape(source.description)}" if source.description else ""
        out.append(f"- {escape(source.title)}" + (f" ({escape(detail)})" if detail else "") + about)
    out.append("")
    by_stop = queries.events_by_stop(trip)
    for index, stop in enumerate(trip.stops, start=1):
        out.append(f"## {index}. {escape(stop.label)}")
        out.append("")
        out.append(
            f"Arrive: {escape(fmt.when_full(stop.arrive, stop.tz))} · "
            f"Depart: {escape(fmt.when_full(stop.depart, stop.tz))} · "
            f"Zone: {escape(stop.tz)} · {MARKER[stop.status]}"
        )
        out.append("")
        rules = [
            f"- **{label} worked out:** {escape(when.derived)}"
            for label, when in (("Arrival", stop.arrive), ("Departure", stop.depart))
            if when is not None and when.derived
        ]
        out += [*rules, ""] if rules else []
        events = queries.chronological(trip, by_stop[stop.id])
        for event in events:
            out += _event_lines(trip, event)
        if not events:
            out += ["_No events listed._", ""]
    out += ["## Open questions", ""]
    open_stops = [stop for stop in trip.stops if stop.status in OPEN_STATUSES]
    open_events = queries.chronological(trip, (e for e in trip.events if e.status in OPEN_STATUSES))
    for stop in open_stops:
        quote = f": “{escape(stop.source.quote)}”" if stop.source else ""
        out.append(f"- **Stop: {escape(stop.label)}** ({MARKER[stop.status]}){quote}")
    for event in open_events:
        out.append(
            f"- **{escape(event.title)}** ({MARKER[event.status]}): “{escape(event.source.quote)}”"
        )
    if not open_stops and not open_events:
        out.append("_None: nothing is only reported, under consideration or speculative._")
    out.append("")
    stream.write("\n".join(out))


def _event_lines(trip: Itinerary, event: Event) -> list[str]:
    lines = [
        f"### {escape(event.title)}",
        "",
        f"- **Status:** {MARKER[event.status]}",
        *(f"- **{label}:** {escape(text)}" for label, text in fmt.event_facts(trip, event)),
        f"- **Source:** “{escape(event.source.quote)}”",
    ]
    if event.notes:
        lines.append(f"- **Notes:** {escape(event.notes)}")
    lines.append("")
    return lines
