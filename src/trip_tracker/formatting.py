"""Plain-text and JSON-ready descriptions of itinerary values, shared by every output.

Time values keep their precision in words: a day stays a day, a window says it is a window,
a derived date says so, and an unknown says "not stated". No Rich import here: exports use it.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime as DateTime
from typing import TYPE_CHECKING, Any

from trip_tracker.model import Event, Itinerary, Person, Stop, When
from trip_tracker.zones import zone

if TYPE_CHECKING:
    from trip_tracker.queries import Upcoming

NOT_STATED = "not stated"

# C0/C1 controls, DEL, and bidirectional overrides/isolates: shown escaped, never sent raw.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: A zero-width joiner that joins nothing: first, after a space or after another joiner.
#: Rich 15 fails to lay out some texts that hold one (`\u200d\u200d漢字`: IndexError).
_LONE_JOINER = re.compile("(?:^|(?<=[\\s\u200d]))\u200d")


def safe(text: str) -> str:
    """`text` with control characters, bidi overrides and joiners that join nothing made
    visible (`\\x1b`, `\\u202e`, `\\u200d`)."""
    text = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return _LONE_JOINER.sub("\\\\u200d", text) if "\u200d" in text else text


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def one_line(text: str) -> str:
    """`text` with each run of spaces, tabs and line breaks as one space, for a field that is
    one line where it goes (a calendar title): a YAML `>` block ends in a newline. Other
    characters Python counts as white space stay, for `safe` to show (a carriage return
    in `others` vanished from the Markdown and the calendar, shown as \\r elsewhere) or
    as they are (a no-break space)."""
    return _FOLDED.sub(" ", text).strip(" ")


_FOLDED = re.compile(r"[ \t\n]+")


def neutralise(value: str) -> str:
    """`value` made safe for a spreadsheet: visible control characters, no live formula
    (a leading `'`, so `=HYPERLINK(...)` in a name stays text)."""
    text = safe(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def weekday(day: Date) -> str:
    """English weekday abbreviation, independent of the machine's locale."""
    return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]


def moment_text(moment: DateTime) -> str:
    """`2025-10-30 09:00 KST`: date, time and the zone's abbreviation (or offset)."""
    abbreviation = moment.strftime("%Z")
    if not abbreviation or abbreviation[0] in "+-" or abbreviation.startswith("UTC"):
        # No name, or a fixed offset's ("UTC+09:00"): the offset, its minutes when it has
        # some (Kathmandu is UTC+05:45, not UTC+05).
        offset = moment.strftime("%z")
        abbreviation = "UTC" + offset[:3] + (f":{offset[3:5]}" if offset[3:5] != "00" else "")
        abbreviation = "UTC" if abbreviation == "UTC+00" else abbreviation
    # isoformat, not %Y: the C library writes the year 14 as '14', which reads as 2014
    return f"{moment.date().isoformat()} {moment.strftime('%H:%M')} {abbreviation}"


def when_text(when: When | None, tz: str, show_tz: str | None = None) -> str:
    """The value at its precision. Exact times are shown in `show_tz` (default: `tz`); a
    day or window stays in its stop's days, marked `(local)` when another zone is shown."""
    if when is None:
        return f"date {NOT_STATED}"
    if when.at is not None:
        target = zone(show_tz or tz)
        start, end = when.bounds(tz)
        text = moment_text(start.astimezone(target))
        if when.end is not None:
            text += "–" + end_text(start.astimezone(target), end.astimezone(target))
        return text
    # A day or a window keeps its own calendar days in any zone: say so when another is shown
    whose = " (local)" if show_tz is not None and show_tz != tz else ""
    if when.date is not None:
        return f"{when.date.isoformat()} {weekday(when.date)}{whose}"
    assert when.earliest is not None and when.latest is not None
    return f"sometime {window_text(when.earliest, when.latest)}{whose}"


def end_text(start: DateTime, end: DateTime) -> str:
    """An end after its start (both in the zone shown): its time alone on the same day and
    offset, with the zone's abbreviation when the clocks changed in between (01:30 BST–
    02:30 GMT lasts two hours, which '01:30 BST–02:30' hid), in full on another day."""
    if end.date() != start.date():
        return moment_text(end)
    return clock_text(end) if end.utcoffset() != start.utcoffset() else end.strftime("%H:%M")


def window_text(first: Date, last: Date) -> str:
    """`2025-10-28–30`, `2025-10-30–11-02`, or two full dates across years; one date for
    a window of one day."""
    if first == last:
        return first.isoformat()
    if first.year != last.year:
        return f"{first.isoformat()}–{last.isoformat()}"
    if first.month != last.month:
        return f"{first.isoformat()}–{last.strftime('%m-%d')}"
    return f"{first.isoformat()}–{last.day:02d}"


def when_note(when: When | None) -> str:
    """How the value is known: `derived from 'midweek'`, `'on October 30'`, or ''."""
    if when is None:
        return ""
    if when.derived and when.words:
        return f"derived from '{when.words}'"
    if when.derived:
        return "derived"
    if when.words:
        return f"'{when.words}'"
    return ""


def when_full(when: When | None, tz: str, show_tz: str | None = None) -> str:
    note = when_note(when)
    text = when_text(when, tz, show_tz)
    return f"{text} ({note})" if note else text


def when_json(when: When | None, tz: str, show_tz: str | None = None) -> dict[str, Any] | None:
    """A stable, machine-readable form: ISO 8601 values plus precision and provenance.

    Exact times are written with their offset in `show_tz` (default: `tz`, the stop's zone);
    days and windows stay calendar days (`zone` says whose).
    """
    if when is None:
        return None
    # An exact time written with another offset (`at: 2025-10-28T20:00Z` at a Seoul stop)
    # is shown in the stop's zone too, as in tables, next to days that are the stop's.
    shown = zone(show_tz or tz)
    end: str | None
    if when.at is not None:  # only then instants (~3 us an event saved at 100,000 events)
        instants = when.bounds(tz)
        start = instants[0].astimezone(shown).isoformat()
        # No stated end is no end: not the start's day, a date among date-times that could
        # come before the start when shown in another zone
        end = instants[1].astimezone(shown).isoformat() if when.end is not None else None
    else:
        first, last = when.local_days(tz)
        start, end = first.isoformat(), last.isoformat()
    return {
        "precision": when.precision.value,
        "start": start,
        "end": end,
        "zone": tz,
        "words": when.words,
        "derived": when.derived,
    }


def place_text(trip: Itinerary, event: Event) -> str:
    """The event's city when the source names it; else its country, 'city not stated', and
    the stop it falls in when that has a city: "Japan (city not stated; Tokyo stop)" says
    why `--place Tokyo` finds it, without placing it in Tokyo."""
    stop = trip.stop_of(event)
    if event.place:
        return f"{event.place}, {stop.country}"
    if stop.place:
        return f"{stop.country} (city {NOT_STATED}; {stop.place} stop)"
    return f"{stop.country} (city {NOT_STATED})"


def stop_place(stop: Stop) -> str:
    return stop.place or f"(city {NOT_STATED})"


def affiliation(person: Person) -> str | None:
    """Country and organisation, whichever are stated ("Japan, Keidanren"), for a column
    headed "affiliation"; None if neither.

    One column shows both: an organisation alone must not read as a country."""
    return ", ".join(part for part in (person.country, person.organisation) if part) or None


def people_text(trip: Itinerary, event: Event) -> str:
    names = [trip.people_by_id[pid].name for pid in event.participants] + list(event.others)
    return ", ".join(names) if names else NOT_STATED


def event_facts(trip: Itinerary, event: Event) -> list[tuple[str, str]]:
    """An event's facts as (label, text), in the order every export gives them: when, the
    rule its date was worked out by (if it was), where, who, about what."""
    stop = trip.stop_of(event)
    facts = [("When", when_full(event.when, stop.tz))]
    if event.when is not None and event.when.derived:
        facts.append(("Date worked out", event.when.derived))
    facts += [
        ("Where", place_text(trip, event)),
        ("Who", people_text(trip, event)),
        ("Topics", topics_text(event)),
    ]
    return facts


def topics_text(event: Event) -> str:
    return "; ".join(event.topics) if event.topics else NOT_STATED


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(day: Date) -> str:
    """`Oct 28`, independent of the machine's locale."""
    return f"{_MONTHS[day.month - 1]} {day.day}"


def span_text(first: Date, last: Date) -> str:
    """`sometime Oct 28–30` (or `sometime Oct 30–Nov 2`, `sometime Oct 29`): a window,
    never a fake time."""
    if first == last:
        return f"sometime {short_day(first)}"
    if first.month == last.month and first.year == last.year:
        return f"sometime {short_day(first)}–{last.day}"
    return f"sometime {short_day(first)}–{short_day(last)}"


def clock_text(moment: DateTime) -> str:
    """`20:00 EDT`: the time of day and the zone's abbreviation (or UTC offset)."""
    return moment_text(moment).split(" ", 1)[1]


def agenda_time(
    when: When | None, tz: str, show_tz: str | None = None, day: Date | None = None
) -> str:
    """The time column of the agenda: `20:00 EDT`, `time not stated` (a day with no time:
    not "all day", which reads as how long it lasts), `sometime Oct 28–30`.

    A whole day shown in another zone than its stop's gives its own date, marked
    (`2025-10-30 Thu (local)`): it is listed under the first day of the shown zone it
    overlaps. An exact time listed under a `day` after the one it starts on (a dinner past
    midnight) shows its starting date.
    """
    if when is None:
        return f"date {NOT_STATED}"
    if when.at is not None:
        target = zone(show_tz or tz)
        start, end = when.bounds(tz)
        start, end = start.astimezone(target), end.astimezone(target)
        text = clock_text(start) if day is None or start.date() == day else moment_text(start)
        if when.end is not None:
            text += "–" + end_text(start, end)
        return text
    whose = " (local)" if show_tz is not None and show_tz != tz else ""
    if when.date is not None and not whose:
        return f"time {NOT_STATED}"
    if when.date is not None:  # in another zone, listed under the first day it overlaps
        return f"{when.date.isoformat()} {weekday(when.date)}{whose}"
    first, last = when.local_days(tz)
    return span_text(first, last) + whose


def agenda_also(when: When | None, tz: str, also_tz: str) -> str:
    """The second-zone column: an exact time with its day (`Oct 29 20:00 EDT`), else blank."""
    if when is None or when.at is None:
        return ""
    start = when.bounds(tz)[0].astimezone(zone(also_tz))
    return f"{short_day(start.date())} {clock_text(start)}"


def stop_json(trip: Itinerary, stop: Stop, show_tz: str | None = None) -> dict[str, Any]:
    """A stop as the JSON of listings gives it (`trip stops`, `trip where`...)."""
    return {
        "order": trip.stop_positions[stop.id],
        "id": stop.id,
        "place": stop.place,
        "country": stop.country,
        "tz": stop.tz,
        "arrive": when_json(stop.arrive, stop.tz, show_tz),
        "depart": when_json(stop.depart, stop.tz, show_tz),
        "status": stop.status.value,
    }


def event_json(trip: Itinerary, event: Event, show_tz: str | None = None) -> dict[str, Any]:
    """An event as the JSON of listings gives it, its people named and its stop's country."""
    stop = trip.stop_of(event)
    return {
        "id": event.id,
        "kind": event.kind.value,
        "title": event.title,
        "stop": stop.id,
        "place": event.place,
        "country": stop.country,
        "when": when_json(event.when, stop.tz, show_tz),
        "participants": [
            {"id": pid, "name": trip.people_by_id[pid].name} for pid in event.participants
        ],
        "others": list(event.others),
        "topics": list(event.topics),
        "status": event.status.value,
        "source": {"ref": event.source.ref, "quote": event.source.quote},
        "notes": event.notes,
    }


def upcoming_json(
    trip: Itinerary, result: Upcoming, instant: DateTime, show_tz: str | None = None
) -> dict[str, Any]:
    """`trip upcoming --format json`: the moment, whether the trip is over, the stops under
    way and next, and each event left with its timing (events as lazy iterators)."""
    return {
        "as_of": instant.isoformat(),
        "over": result.over,
        "end_stated": result.end_stated,
        "current_stops": [stop.id for stop in result.current_stops],
        # of several, the one a planned event that day makes probable (as `where` says)
        "probable_stop": result.probable.id if result.probable else None,
        "next_stop": result.next_stop.id if result.next_stop else None,
        "events": (
            event_json(trip, event, show_tz) | {"timing": timing} for event, timing in result.events
        ),
        "undated": (event_json(trip, event, show_tz) for event in result.undated),
    }
