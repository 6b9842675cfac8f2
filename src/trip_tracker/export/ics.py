"""iCalendar (RFC 5545) export, built with the `icalendar` library.

One VEVENT per dated event. The UID is `<event id>@<trip id>`, so re-importing an updated
export updates the same entries instead of duplicating them; DTSTAMP is the export's moment
(`--as-of`), so the same itinerary exported for the same moment gives the same bytes.

- exact times carry the stop's TZID, and a VTIMEZONE is included for every zone used;
- a day is an all-day DATE event;
- a window (earliest..latest) is an all-day span, TENTATIVE and free/busy transparent, since
  the event takes only part of it;
- events with no stated date cannot be placed in a calendar: they are left out, and
  `omitted()` names them so the command can say so on stderr.

STATUS: confirmed and scheduled are CONFIRMED, cancelled is CANCELLED, the rest TENTATIVE;
and so is an event whose time was worked out (`derived`): a calendar shows CONFIRMED as a
firm entry, and a date derived from 'on Friday' is not the source's. Many calendars show no
STATUS at all, so the SUMMARY says it too: a status short of scheduled leads it
(`[expected] ...`), and a window follows it (`... (sometime Oct 26–30)`), which a calendar
would otherwise show as a block of days the event fills, or `(date derived)` for a day
worked out rather than stated.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from datetime import date as Date
from datetime import datetime as DateTime
from typing import IO

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from trip_tracker import __version__, queries
from trip_tracker import formatting as fmt
from trip_tracker.model import Event, Itinerary
from trip_tracker.vocabulary import Status
from trip_tracker.zones import zone

PRODID = f"-//trip-tracker//trip {__version__}//EN"

ICS_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.SCHEDULED: "CONFIRMED",
    Status.EXPECTED: "TENTATIVE",
    Status.REPORTED: "TENTATIVE",
    Status.UNDER_CONSIDERATION: "TENTATIVE",
    Status.SPECULATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def uid(trip: Itinerary, event: Event) -> str:
    return f"{event.id}@{trip.id}"


#: Undated events named in the message about them; the rest are counted.
_NAMED_AT_MOST = 10


def omitted(trip: Itinerary) -> list[str]:
    """What the calendar leaves out, said for the person running the export."""
    undated = [event.id for event in trip.events if event.when is None]
    messages = []
    if undated:
        named = ", ".join(undated[:_NAMED_AT_MOST])
        if len(undated) > _NAMED_AT_MOST:  # one line a reader can take in, not 900 ids
            named += f" and {len(undated) - _NAMED_AT_MOST} more"
        messages.append(
            f"left out of the calendar: {len(undated)} event(s) with no stated date: {named}"
        )
    if len(undated) == len(trip.events):  # a valid file (see `calendar`), but a blank one
        why = "none has a stated date" if trip.events else "the itinerary has none"
        messages.append(f"the calendar holds no events: {why}")
    return messages


def calendar(trip: Itinerary, now: DateTime) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", fmt.safe(fmt.one_line(trip.title)))
    stamp = now.astimezone(UTC)
    days: list[Date] = []
    for event in queries.chronological(trip, trip.events):
        if event.when is None:
            continue
        entry = _event(trip, event, stamp)
        cal.add_component(entry)
        days += event.when.local_days(trip.stop_of(event).tz)
    if days:
        # Zone rules for the trip's years only: enough for every DTSTART, and compact.
        first, last = min(days), max(days)
        years = (max(first.year - 1, Date.min.year), min(last.year + 2, Date.max.year))
        cal.add_missing_timezones(Date(years[0], 1, 1), Date(years[1], 1, 1))
        # icalendar adds them in the order of a set, which changes from run to run: sort
        # them, so that the same itinerary gives the same bytes.
        zones = sorted(cal.timezones, key=lambda component: str(component["TZID"]))
        rest = [part for part in cal.subcomponents if part.name != "VTIMEZONE"]
        cal.subcomponents[:] = [*zones, *rest]
    else:
        # RFC 5545 wants at least one component: with no event to hold, the home zone (for
        # the export's year) makes the empty calendar a valid one.
        year = min(max(now.year, Date.min.year), Date.max.year - 1)
        home = Timezone.from_tzinfo(
            zone(trip.home_tz), first_date=Date(year, 1, 1), last_date=Date(year + 1, 1, 1)
        )
        cal.add_component(home)
    return cal


def _event(trip: Itinerary, event: Event, stamp: DateTime) -> CalendarEvent:
    assert event.when is not None
    stop = trip.stop_of(event)
    when = event.when
    entry = CalendarEvent()
    entry.add("uid", uid(trip, event))
    entry.add("dtstamp", stamp)
    entry.add("summary", fmt.safe(fmt.one_line(_summary(event))))
    entry.add("location", fmt.safe(fmt.one_line(fmt.place_text(trip, event))))
    entry.add("description", _description(trip, event))
    entry.add("categories", [event.kind.value, event.status.value])
    status = ICS_STATUS[event.status]
    if when.at is not None:
        local = zone(stop.tz)
        start, end = when.bounds(stop.tz)
        entry.add("dtstart", start.astimezone(local))
        if when.end is not None:
            entry.add("dtend", end.astimezone(local))
    else:
        first, last = when.local_days(stop.tz)
        entry.add("dtstart", first)
        entry.add("dtend", last + timedelta(days=1))
        if when.date is None:  # a window: the event falls somewhere inside it
            entry.add("transp", "TRANSPARENT")
    if (when.date is None and when.at is None) or when.derived:  # not the source's time
        status = "CANCELLED" if event.status is Status.CANCELLED else "TENTATIVE"
    entry.add("status", status)
    return entry


#: The statuses a calendar entry's title leaves unsaid: what the source states as planned.
_FIRM = frozenset({Status.CONFIRMED, Status.SCHEDULED})


def _summary(event: Event) -> str:
    """The title, with what a calendar's block of time would hide: how sure it is, and a
    window's vagueness."""
    assert event.when is not None
    title = event.title
    if event.status not in _FIRM:
        title = f"[{event.status.value}] {title}"
    when = event.when
    if when.earliest is not None and when.latest is not None:
        title += f" ({fmt.span_text(when.earliest, when.latest)})"
    elif when.derived:  # a day worked out ('on Friday'): not the source's date
        title += " (date derived)"
    return title


def _description(trip: Itinerary, event: Event) -> str:
    # Where is the entry's LOCATION too; here it keeps the facts in the briefing's order.
    lines = [
        f"Status: {event.status.value}",
        *(f"{label}: {text}" for label, text in fmt.event_facts(trip, event)),
        f"Source: “{event.source.quote}”",
    ]
    if event.notes:
        lines.append(f"Notes: {event.notes}")
    return fmt.safe("\n".join(fmt.one_line(line) for line in lines))


def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
    stream.write(calendar(trip, now).to_ical().decode("utf-8"))
