"""Single-page HTML export: the trip, a day-by-day timeline per stop, status badges, people.

Self-contained: inline CSS, no scripts, no images, no links to follow, and a Content Security
Policy that forbids anything else, so the page is safe to mail and to open offline. Every
piece of text from the data is HTML-escaped (after control characters are made visible).
Laid out to print well: badges keep their words, events do not break across pages.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date as Date
from datetime import datetime as DateTime
from typing import IO

from trip_tracker import formatting as fmt
from trip_tracker import queries
from trip_tracker.model import Event, Itinerary, Stop
from trip_tracker.vocabulary import Status

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { border-bottom: 2px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; color: #444; margin: 1.2rem 0 .4rem; }
.meta, .dates { color: #555; margin: .2rem 0; }
.event { border-left: 4px solid #ccc; padding: .3rem .8rem; margin: .5rem 0;
  break-inside: avoid; page-break-inside: avoid; }
.event h4 { margin: 0 0 .2rem; font-size: 1rem; }
.event dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem;
  margin: .2rem 0; }
.event dt { color: #555; }
.event dd { margin: 0; }
blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 2px solid #ddd; color: #333; }
.badge { display: inline-block; font-size: .8rem; padding: 0 .45rem; border-radius: .6rem;
  border: 1px solid currentColor; white-space: nowrap; }
.confirmed { color: #0a6b2d; } .scheduled { color: #1f5fa8; } .expected { color: #6a4fb3; }
.reported { color: #8a5a00; } .under-consideration { color: #a14a00; }
.speculative { color: #a3262a; } .cancelled { color: #666; text-decoration: line-through; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid #ddd; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def text(value: str) -> str:
    """Data as HTML text: control characters made visible, then every markup character escaped."""
    return html.escape(fmt.safe(value), quote=True)


def badge(status: Status) -> str:
    return f'<span class="badge {status.value}">{text(status.value)}</span>'


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    stream.write("\n".join(page(trip, now)) + "\n")


def page(trip: Itinerary, now: DateTime) -> Iterator[str]:
    principal = trip.principal_person
    yield "<!DOCTYPE html>"
    yield '<html lang="en">'
    yield "<head>"
    yield '<meta charset="utf-8">'
    yield f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield '<meta name="referrer" content="no-referrer">'
    yield f"<title>{text(trip.title)}</title>"
    yield f"<style>{CSS}</style>"
    yield "</head>"
    yield "<body>"
    yield "<header>"
    yield f"<h1>{text(trip.title)}</h1>"
    role = f", {text(principal.role)}" if principal.role else ""
    yield f'<p class="meta">Principal: {text(principal.name)}{role}</p>'
    yield f'<p class="meta">As of: {text(fmt.moment_text(now))}</p>'
    if trip.summary:
        yield f"<p>{text(trip.summary)}</p>"
    yield "</header>"
    yield "<main>"
    by_stop = queries.events_by_stop(trip)
    for index, stop in enumerate(trip.stops, start=1):
        yield from _stop(trip, index, stop, by_stop[stop.id])
    yield from _people(trip)
    yield from _sources(trip)
    yield "</main>"
    yield "</body>"
    yield "</html>"


def _stop(trip: Itinerary, index: int, stop: Stop, events: list[Event]) -> Iterator[str]:
    yield f'<section class="stop" id="stop-{index}">'
    yield f"<h2>{index}. {text(stop.label)} {badge(stop.status)}</h2>"
    yield (
        f'<p class="dates">Arrive: {text(fmt.when_full(stop.arrive, stop.tz))} · '
        f"Depart: {text(fmt.when_full(stop.depart, stop.tz))} · Zone: {text(stop.tz)}</p>"
    )
    rules = [
        f"<dt>{label} worked out</dt><dd>{text(when.derived)}</dd>"
        for label, when in (("Arrival", stop.arrive), ("Departure", stop.depart))
        if when is not None and when.derived
    ]
    if rules:
        yield f'<dl class="rules">{"".join(rules)}</dl>'
    if not events:
        yield "<p><em>No events listed.</em></p>"
    groups: dict[tuple[Date, int, Date], list[Event]] = {}
    for event in queries.chronological(trip, events):
        groups.setdefault(_timeline_group(event, stop), []).append(event)
    for group in sorted(groups):  # each heading once, however the events interleave
        yield f"<h3>{text(_heading(*group))}</h3>"
        for event in groups[group]:
            yield from _event(trip, event)
    yield "</section>"


#: The timeline's groups in a day's order: exact times and whole days, then the windows
#: that begin that day (longest last), then the events with no date, after every day.
_DAY, _WINDOW, _UNDATED = range(3)


def _timeline_group(event: Event, stop: Stop) -> tuple[Date, int, Date]:
    """The group an event falls in on the stop's timeline: its local day, its window, or
    'date not stated', as a key that sorts the groups."""
    when = event.when
    if when is None:
        return Date.max, _UNDATED, Date.max
    first, last = when.local_days(stop.tz)
    if when.earliest is not None and first != last:
        return first, _WINDOW, last
    return first, _DAY, first


def _heading(first: Date, kind: int, last: Date) -> str:
    if kind == _UNDATED:
        return f"Date {fmt.NOT_STATED}"
    if kind == _WINDOW:
        return f"Sometime {first.isoformat()} to {last.isoformat()}"
    return f"{first.isoformat()} {fmt.weekday(first)}"


def _event(trip: Itinerary, event: Event) -> Iterator[str]:
    yield f'<article class="event {event.status.value}-event">'
    yield f"<h4>{text(event.title)} {badge(event.status)}</h4>"
    yield "<dl>"
    rows = [*fmt.event_facts(trip, event), ("Kind", event.kind.value)]
    if event.notes:
        rows.append(("Notes", event.notes))
    for label, value in rows:
        yield f"<dt>{label}</dt><dd>{text(value)}</dd>"
    yield "</dl>"
    yield f"<blockquote>“{text(event.source.quote)}”</blockquote>"
    yield "</article>"


def _people(trip: Itinerary) -> Iterator[str]:
    yield '<section class="people">'
    yield "<h2>People</h2>"
    yield "<table>"
    yield (
        "<thead><tr><th>Name</th><th>Role</th><th>Affiliation</th>"
        "<th>Meets the principal</th></tr></thead>"
    )
    yield "<tbody>"
    for encounter in queries.people(trip):
        person = encounter.person
        if person.id == trip.principal:
            meets = "(the principal)"
        elif not encounter.events:
            meets = "no meeting in the itinerary"
        else:  # as `trip people` says it: how sure, what, where, when
            meets = "; ".join(
                f"{event.status.value}: {event.title}, {fmt.place_text(trip, event)}, "
                f"{fmt.when_full(event.when, trip.stop_of(event).tz)}"
                for event in encounter.events
            )
        role = person.role or fmt.NOT_STATED
        country = fmt.affiliation(person) or fmt.NOT_STATED
        cells = (person.name, role, country, meets)
        yield "<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in cells) + "</tr>"
    yield "</tbody>"
    yield "</table>"
    yield "</section>"


def _sources(trip: Itinerary) -> Iterator[str]:
    yield '<section class="sources">'
    yield "<h2>Sources</h2>"
    yield "<ul>"
    for source in trip.sources:
        detail = [value for value in (source.publisher, source.url, source.path) if value]
        extra = f" ({text('; '.join(detail))})" if detail else ""
        about = f"<br>{text(source.description)}" if source.description else ""
        yield f"<li>{text(source.title)}{extra}{about}</li>"
    yield "</ul>"
    yield "</section>"
