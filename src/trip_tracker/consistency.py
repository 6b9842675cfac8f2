"""Consistency findings for an itinerary that loads: what no longer fits together.

The model already refuses what cannot be at all (unknown ids, an event dated outside its
stop's days). These checks look across items, and they respect precision: only exact
times give certain conflicts (errors); a day or a window can at most make a clash likely
(a warning), and a multi-day window that merely overlaps another is no finding at all.
Pure functions: `check` takes an Itinerary and returns findings; `locate` adds file
positions from the file's text.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, timedelta
from datetime import date as Date
from datetime import datetime as DateTime
from enum import StrEnum

from trip_tracker import queries
from trip_tracker.model import Event, Itinerary, Person, Stop, When
from trip_tracker.vocabulary import Kind, Precision, Status

#: Cruising speed assumed for the travel-time check: a long-haul airliner, in km/h.
AIRLINER_KMH = 850.0
#: Time added to every flight for getting to, through and out of airports, in hours.
TRAVEL_BUFFER_HOURS = 2.0
EARTH_RADIUS_KM = 6371.0

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
_MONTHS += ("august", "september", "october", "november", "december")
_CITED_DATE = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\s+(\d{1,2})\b")

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One inconsistency: how bad, what rule, which items, and where in the file."""

    severity: Severity
    code: str
    message: str
    items: tuple[str, ...]
    loc: Loc = ()
    line: int | None = None
    column: int | None = None


def check(trip: Itinerary) -> list[Finding]:
    """Every finding, errors first, then in file order."""
    findings = [
        *_people_in_two_places(trip),
        *_events_outside_stops(trip),
        *_stop_order(trip),
        *_events_at_cancelled_stops(trip),
        *_people_listed_twice(trip),
        *_travel_times(trip),
        *_weekdays(trip),
        *_stale_derivations(trip),
        *_people_usage(trip),
    ]
    return sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, _loc_key(f.loc)))


def locate(findings: list[Finding], text: str, trip: Itinerary) -> list[Finding]:
    """The findings with line and column of their `loc` in `text`, the file `trip` was
    read from."""
    from trip_tracker.positions import Locator

    ids = {
        "events": [event.id for event in trip.events],
        "stops": [stop.id for stop in trip.stops],
        "people": [person.id for person in trip.people],
    }
    locator = Locator(text, ids)
    placed = []
    for finding in findings:
        if finding.loc:
            line, column = locator.locate(finding.loc)
            finding = replace(finding, line=line, column=column)
        placed.append(finding)
    return placed


def _loc_key(loc: Loc) -> tuple[tuple[int, str], ...]:
    order = {"people": 0, "stops": 1, "events": 2}
    return tuple(
        (part, "") if isinstance(part, int) else (order.get(part, 9), part) for part in loc
    )


# --- helpers ---------------------------------------------------------------------------


def _where(trip: Itinerary, event: Event) -> str:
    """The event's own city, else the stop it belongs to (never passed off as its venue)."""
    stop = trip.stop_of(event)
    return f"{event.place}, {stop.country}" if event.place else f"{stop.label} stop"


def _same_place(a: Event, b: Event) -> bool:
    if a.stop != b.stop:
        return False
    return a.place is None or b.place is None or a.place == b.place


Interval = tuple[DateTime, DateTime]


def _interval(trip: Itinerary, event: Event) -> Interval:
    """The event's first and last instant in UTC: within one zone Python compares and
    subtracts wall-clock times, an hour off on the nights the clocks change."""
    assert event.when is not None
    start, end = event.when.bounds(trip.stop_of(event).tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def _overlap(a: tuple[DateTime, DateTime], b: tuple[DateTime, DateTime]) -> bool:
    """Half-open overlap; a bare instant overlaps what covers it, two instants when equal."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    if a[0] == a[1]:
        return b[0] <= a[0] < b[1]
    if b[0] == b[1]:
        return a[0] <= b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def _event_loc(trip: Itinerary, event: Event, *field: str | int) -> Loc:
    return ("events", trip.event_positions[event.id], *field)


# --- the same person in two places, or in two exact events at once ----------------------


def _people_in_two_places(trip: Itinerary) -> Iterator[Finding]:
    by_person: dict[str, list[Event]] = {}
    spans: dict[str, Interval] = {}  # each event's, worked out once for all its people
    days: dict[str, tuple[Date, Date]] = {}  # the same for local days, as they are needed
    for event in trip.events:
        if event.when is None or event.status is Status.CANCELLED:
            continue
        spans[event.id] = _interval(trip, event)
        for person in dict.fromkeys(event.participants):  # a name listed twice: once
            by_person.setdefault(person, []).append(event)
    for person_id, events in by_person.items():
        name = trip.people_by_id[person_id].name
        found = []
        for first, second in _near_pairs(events, spans):
            finding = _clash(trip, name, events[first], events[second], spans, days)
            if finding is not None:
                found.append((first, second, finding))
        found.sort(key=lambda pair: pair[:2])  # each person's in file order of their pairs
        yield from (finding for _, _, finding in found)


def _near_pairs(events: list[Event], spans: dict[str, Interval]) -> Iterator[tuple[int, int]]:
    """The pairs of positions in `events` (the first before the second, pairs in no order)
    that may clash (see `_clash`): those whose times come within the travel buffer of each
    other, and a clock change (they overlap, or the gap between them is under the buffer),
    except the pairs of which `_clash` says nothing: not both exact, and in one place or
    one of them travel; and, but for exact times in two places, those that do not overlap
    (`_overlap` on the same spans as `_clash`, so the same verdict).

    A sweep over the events by start time: a principal in 10,000 events has 50 million
    pairs, which took `trip check` 7 minutes. At 100,000 events, the sweep still meets 1.3
    million near pairs, three in four in one place: those are passed over here, before any
    call (`_clash` on each took ~5 of the 12 s that `trip check` took to judge).
    """
    reach = timedelta(hours=TRAVEL_BUFFER_HOURS)
    starts = sorted((span, index) for index, span in enumerate(spans[event.id] for event in events))
    exact = [event.when is not None and event.when.at is not None for event in events]
    stops = [event.stop for event in events]
    places = [event.place for event in events]  # with the stop, as `_same_place` has it
    travel = [event.kind is Kind.TRAVEL for event in events]
    own_spans = [spans[event.id] for event in events]  # as `_clash` compares them
    ending: list[tuple[DateTime, int]] = []  # a heap: end + reach of the events open
    open_: set[int] = set()
    for (start, end), index in starts:
        while ending and ending[0][0] <= start:
            open_.discard(heapq.heappop(ending)[1])
        stop, place, exact_here, travel_here = (
            stops[index],
            places[index],
            exact[index],
            travel[index],
        )
        for other in open_:
            both_exact = exact_here and exact[other]
            if not both_exact and (travel_here or travel[other]):
                continue
            elsewhere = stops[other] != stop or (
                place is not None and places[other] is not None and places[other] != place
            )
            if not both_exact and not elsewhere:
                continue
            if not (both_exact and elsewhere) and not _overlap(own_spans[other], own_spans[index]):
                continue  # only exact times in two places clash without overlapping
            yield (other, index) if other < index else (index, other)
        heapq.heappush(ending, (end + reach, index))
        open_.add(index)


def _clash(
    trip: Itinerary,
    name: str,
    a: Event,
    b: Event,
    spans: dict[str, Interval],
    days: dict[str, tuple[Date, Date]] | None = None,
) -> Finding | None:
    """The finding for two dated events of one person, if any (`spans`: each event's
    `_interval`; `days`, if given, keeps each event's `_local_days` once worked out)."""
    assert a.when is not None and b.when is not None
    span_a, span_b = spans[a.id], spans[b.id]
    overlap = _overlap(span_a, span_b)
    elsewhere = not _same_place(a, b)
    both_exact = a.when.at is not None and b.when.at is not None
    if overlap and both_exact:
        what = "in two places at once" if elsewhere else "in two events at once"
        return Finding(
            Severity.ERROR,
            "person-clash",
            f"{name} is {what}: {_pair(trip, a, b)}",
            (a.id, b.id),
            _event_loc(trip, b, "when"),
        )
    if not elsewhere or Kind.TRAVEL in (a.kind, b.kind):
        return None  # the same place, or one of them is the travel between the two
    if both_exact:
        # Exact times: what matters is the gap, whatever the calendar days (a more precise
        # value must not hide what a day would show, nor raise what travel can cover).
        gap = max(span_a[0], span_b[0]) - min(span_a[1], span_b[1])
        if gap >= timedelta(hours=TRAVEL_BUFFER_HOURS):
            return None
        when = f"{_hours(gap)} apart"
    else:
        days = {} if days is None else days
        days_a = days.get(a.id) or days.setdefault(a.id, _local_days(trip, a))
        days_b = days.get(b.id) or days.setdefault(b.id, _local_days(trip, b))
        if not overlap or days_a[0] != days_a[1] or days_b[0] != days_b[1]:
            return None  # apart, or a multi-day window: nothing to say for sure
        same_day = days_a == days_b
        when = "on the same day" if same_day else "at overlapping times (days in different zones)"
    return Finding(
        Severity.WARNING,
        "person-maybe-clash",
        f"{name} may be in two places {when}: {_pair(trip, a, b)}; possible only with travel "
        "between them in that time",
        (a.id, b.id),
        _event_loc(trip, b, "when"),
    )


def _pair(trip: Itinerary, a: Event, b: Event) -> str:
    """The two events of a finding, each with where it is (built only for a finding: most
    of the pairs compared have none)."""
    return f"'{a.id}' ({_where(trip, a)}) and '{b.id}' ({_where(trip, b)})"


def _local_days(trip: Itinerary, event: Event) -> tuple[Date, Date]:
    assert event.when is not None
    return event.when.local_days(trip.stop_of(event).tz)


# --- events outside their stop's time --------------------------------------------------


def _events_outside_stops(trip: Itinerary) -> Iterator[Finding]:
    """An event certainly before its stop begins or after it ends (the model checks days)."""
    spans = queries.stop_spans(trip)
    for event in trip.events:
        if event.when is None:
            continue
        start, end = _interval(trip, event)
        first, last = spans[event.stop]
        stop = trip.stop_of(event)
        # Spans are half-open: an event that lasts and ends at the stop's first instant (or
        # starts at its last) falls outside it; except that an exact time may touch the
        # stop's own exact arrival or departure (a departure event at the moment of leaving).
        # (The stop's edge is worked out only for an event that meets it: most are inside.)
        exact = event.when.at is not None
        lasts = start < end
        before = first is not None and (end < first or (lasts and end == first))
        if before and exact and end == first:
            before = _exact_edge(stop.arrive, stop.tz, 0) != first
        after = last is not None and (start > last or (lasts and start == last))
        if after and exact and start == last:
            after = _exact_edge(stop.depart, stop.tz, 1) != last
        if before:
            problem = f"ends before the principal can be at '{stop.id}' ({stop.label})"
        elif after:
            problem = f"starts after the principal must have left '{stop.id}' ({stop.label})"
        else:
            continue
        yield Finding(
            Severity.ERROR,
            "outside-stop",
            f"'{event.id}' {problem}",
            (event.id, stop.id),
            _event_loc(trip, event, "when"),
        )


def _exact_edge(when: When | None, tz: str, side: int) -> DateTime | None:
    """The start (`side` 0) or end (1) of an exact arrival or departure; None otherwise."""
    return when.bounds(tz)[side] if when is not None and when.at is not None else None


# --- stops in order --------------------------------------------------------------------


def _stop_order(trip: Itinerary) -> Iterator[Finding]:
    """A stop that certainly begins before the previous dated one begins or ends (a stop
    with no dates between them used to hide an order that was certainly wrong)."""
    earlier: Stop | None = None  # the last stop so far with a date
    for index, stop in enumerate(trip.stops):
        if earlier is not None and (stop.arrive is not None or stop.depart is not None):
            adjacent = trip.stops[index - 1] is earlier
            yield from _reached_before(stop, earlier, index, adjacent=adjacent)
        if stop.arrive is not None or stop.depart is not None:
            earlier = stop


def _reached_before(stop: Stop, previous: Stop, index: int, *, adjacent: bool) -> Iterator[Finding]:
    """The stop-order finding of `stop` (at `index`) against the dated stop before it: by
    its arrival, or by its departure when no arrival is stated (it is reached before it is
    left)."""
    reached = stop.arrive or stop.depart
    assert reached is not None
    verb, field = ("reached", "arrive") if stop.arrive is not None else ("left", "depart")
    latest_arrival = reached.bounds(stop.tz)[1]
    earliest_arrival = reached.bounds(stop.tz)[0]
    for label, when in (("leaves", previous.depart), ("arrives at", previous.arrive)):
        if when is None:
            continue
        earliest = when.bounds(previous.tz)[0]
        ranged = latest_arrival > earliest_arrival
        if latest_arrival < earliest or (ranged and latest_arrival == earliest):
            yield Finding(
                Severity.ERROR,
                "stop-order",
                f"stop '{stop.id}' is {verb} ({_when_short(reached, stop.tz)}) "
                f"before the principal {label} the {'previous' if adjacent else 'earlier'} "
                f"stop '{previous.id}' ({_when_short(when, previous.tz)}): stops overlap or "
                "are out of order",
                (previous.id, stop.id),
                ("stops", index, field),
            )
            return


def _events_at_cancelled_stops(trip: Itinerary) -> Iterator[Finding]:
    """An event still on (scheduled, expected...) at a stop that is cancelled: one of the
    two is out of date (`set-status japan cancelled` left the Takaichi talks scheduled)."""
    cancelled = {stop.id for stop in trip.stops if stop.status is Status.CANCELLED}
    if not cancelled:
        return
    for index, event in enumerate(trip.events):
        if event.stop in cancelled and event.status is not Status.CANCELLED:
            yield Finding(
                Severity.WARNING,
                "cancelled-stop",
                f"'{event.id}' is {event.status.value} at the stop '{event.stop}', which is "
                "cancelled: cancel the event too, or move it to another stop",
                (event.stop, event.id),
                ("events", index, "status"),
            )


def _people_listed_twice(trip: Itinerary) -> Iterator[Finding]:
    """A participant listed twice in one event: a slip (a pasted line, a merge) that every
    view repeats ("Donald Trump, Xi Jinping, Xi Jinping"), and that may hide the person
    meant instead."""
    for index, event in enumerate(trip.events):
        participants = event.participants
        if len(participants) == len(set(participants)):
            continue  # nearly every event: one set, no loop
        seen: set[str] = set()
        for position, person in enumerate(participants):
            if person in seen:
                yield Finding(
                    Severity.WARNING,
                    "participant-twice",
                    f"'{person}' is listed more than once among the participants of "
                    f"'{event.id}': remove the repeat, or name the person meant",
                    (event.id, person),
                    ("events", index, "participants", position),
                )
            seen.add(person)


def _when_short(when: When, tz: str) -> str:
    from trip_tracker.formatting import when_text

    return when_text(when, tz)


# --- travel time between stops ---------------------------------------------------------


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a spherical Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def _travel_times(trip: Itinerary) -> Iterator[Finding]:
    """Consecutive stops with coordinates: is there time to fly between them?

    Uses the most generous reading of the dates (earliest departure, latest arrival), so a
    finding holds whatever the vague dates turn out to be: shorter than the flight alone is
    an error, shorter than the flight plus the buffer a warning.
    """
    for index, (previous, stop) in enumerate(
        zip(trip.stops, trip.stops[1:], strict=False), start=1
    ):
        if None in (previous.lat, previous.lon, stop.lat, stop.lon) or stop.arrive is None:
            continue
        leaving = previous.depart or previous.arrive
        if leaving is None:
            continue
        assert previous.lat is not None and previous.lon is not None
        assert stop.lat is not None and stop.lon is not None
        distance = great_circle_km(previous.lat, previous.lon, stop.lat, stop.lon)
        flight = timedelta(hours=distance / AIRLINER_KMH)
        needed = flight + timedelta(hours=TRAVEL_BUFFER_HOURS)
        # in UTC: Washington to New York, one zone, was measured on the wall clock
        arrival = stop.arrive.bounds(stop.tz)[1].astimezone(UTC)
        available = arrival - leaving.bounds(previous.tz)[0].astimezone(UTC)
        if available >= needed or available < timedelta(0):
            continue  # no time at all: the stops are out of order, as `_stop_order` says
        severity = Severity.ERROR if available < flight else Severity.WARNING
        yield Finding(
            severity,
            "travel-time",
            f"'{previous.id}' to '{stop.id}' is {distance:,.0f} km: about {_hours(flight)} "
            f"in the air at {AIRLINER_KMH:.0f} km/h plus {TRAVEL_BUFFER_HOURS:g} h on the "
            f"ground, but the dates leave at most {_hours(available)}",
            (previous.id, stop.id),
            ("stops", index, "arrive"),
        )


def _hours(span: timedelta) -> str:
    return f"{span.total_seconds() / 3600:.1f} h"


# --- weekdays named in the text --------------------------------------------------------


def _dated(trip: Itinerary) -> Iterator[tuple[str, When, str, str, Loc]]:
    """(item id, when, zone, source quote, loc) for every dated value."""
    for index, stop in enumerate(trip.stops):
        quote = stop.source.quote if stop.source else ""
        for field in ("arrive", "depart"):
            when = getattr(stop, field)
            if when is not None:
                yield stop.id, when, stop.tz, quote, ("stops", index, field)
    for index, event in enumerate(trip.events):
        if event.when is not None:
            tz = trip.stop_of(event).tz
            yield event.id, event.when, tz, event.source.quote, ("events", index, "when")


def _weekdays_named(text: str) -> set[int]:
    return {WEEKDAYS.index(match.lower()) for match in _WEEKDAY.findall(text)}


def _weekdays_possible(when: When, tz: str) -> set[int]:
    first, last = when.local_days(tz)
    days = min((last - first).days + 1, 7)
    return {(first + timedelta(days=n)).weekday() for n in range(days)}


def _weekdays(trip: Itinerary) -> Iterator[Finding]:
    """A weekday in `words` is the item's own phrase: it must fit (error). One in the quote
    may be about another part of the sentence: it must fit one of them (else a warning)."""
    in_quotes: dict[str, set[int]] = {}  # a quote often backs several items
    for item_id, when, tz, quote, loc in _dated(trip):
        own = _weekdays_named(when.words) if when.words else set()
        named, severity, origin = own, Severity.ERROR, f"its words '{when.words}' name"
        if not own:
            cached = in_quotes.get(quote)
            if cached is None:
                cached = in_quotes[quote] = _weekdays_named(quote)
            named = cached
            severity, origin = Severity.WARNING, "its source quote names"
        if not named or named & _weekdays_possible(when, tz):
            continue
        days = " or ".join(WEEKDAYS[day].capitalize() for day in sorted(named))
        yield Finding(
            severity,
            "weekday",
            f"'{item_id}' is dated {_when_short(when, tz)}, but {origin} {days}",
            (item_id,),
            loc,
        )
    yield from _cited_weekdays(trip)
    yield from _dates_in_words(trip)


#: A date that an item's own words say it is on: "on October 30", or words that are the
#: date alone ("October 30"); "after October 28" says something else.
_MONTH_WORD = r"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?"
_DAY_WORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_WORDS_DATE = re.compile(
    r"(?:\bon\s+(?:the\s+)?|^\s*)(?:"
    + _MONTH_WORD
    + r"\s+"
    + _DAY_WORD
    + r"|"
    + _DAY_WORD
    + r"(?:\s+of)?\s+"
    + _MONTH_WORD
    + r")\b",
    re.IGNORECASE,
)


def _dates_in_words(trip: Itinerary) -> Iterator[Finding]:
    """'on October 30' in the words of an item dated 2025-10-29: a date moved and its
    words kept (the source's phrase says the other day)."""
    for item_id, when, tz, _quote, loc in _dated(trip):
        if not when.words or when.precision is Precision.WINDOW:
            continue
        first, last = when.local_days(tz)
        for found in _WORDS_DATE.finditer(when.words):
            month_first, day_after, day_first, month_after = found.groups()
            month = _month_named(month_first or month_after)
            day = int(day_after or day_first)
            cited = _cited_day(month, day, when) if month is not None else None
            if month is not None and cited is not None and not first <= cited <= last:
                yield Finding(
                    Severity.ERROR,
                    "date-words",
                    f"'{item_id}' is dated {_when_short(when, tz)}, but its words "
                    f"'{when.words}' say {month.capitalize()} {day}",
                    (item_id,),
                    loc,
                )


def _cited_weekdays(trip: Itinerary) -> Iterator[Finding]:
    """'the Thursday, October 30 meeting' in a derivation: that date must be a Thursday."""
    pattern = re.compile(_WEEKDAY.pattern + r",?\s+" + _CITED_DATE.pattern, re.IGNORECASE)
    for item_id, when, _tz, _quote, loc in _dated(trip):
        if when.derived is None:
            continue
        for weekday, month, day in pattern.findall(when.derived):
            cited = _cited_day(month, int(day), when)
            if cited is not None and cited.weekday() != WEEKDAYS.index(weekday.lower()):
                yield Finding(
                    Severity.ERROR,
                    "weekday",
                    f"'{item_id}': its derivation cites '{weekday} {month} {day}', but "
                    f"{cited.isoformat()} is a {WEEKDAYS[cited.weekday()].capitalize()}",
                    (item_id,),
                    (*loc, "derived"),
                )


def _month_named(word: str) -> str | None:
    """The month a word names ('Oct', 'oct.', 'October'); None for a word that only looks
    like one ('Mayor')."""
    word = word.lower().rstrip(".")
    return next((month for month in _MONTHS if month.startswith(word) and len(word) >= 3), None)


def _cited_day(month: str, day: int, near: When) -> Date | None:
    """A month and day read in the year that puts it nearest the value it explains (a
    derivation for January 2 may cite "December 31" of the year before)."""
    first = near.local_days("UTC")[0]
    candidates = []
    for year in (first.year - 1, first.year, first.year + 1):
        try:
            candidates.append(Date(year, _MONTHS.index(month.lower()) + 1, day))
        except ValueError:  # February 29 outside a leap year, April 31, a year out of range
            continue
    return min(candidates, key=lambda cited: abs(cited - first), default=None)


# --- derived dates that rest on a date that has moved ----------------------------------


def _stale_derivations(trip: Itinerary) -> Iterator[Finding]:
    """A derivation that cites 'the October 30 meeting with Xi' when that meeting (stated,
    not derived) is now on another day: the derived date may no longer hold."""
    mentioned = _mention_finder(trip)
    anchors_of: dict[str, list[Event]] | None = None  # worked out once, when first needed
    for item_id, when, tz, _quote, loc in _dated(trip):
        if not when.derived:
            continue
        for person in mentioned(when.derived):
            if anchors_of is None:
                anchors_of = _stated_events_by_person(trip)
            anchors = anchors_of.get(person.id, [])
            if not anchors:
                continue
            stated = {
                event.when.local_days(trip.stop_of(event).tz)[0]
                for event in anchors
                if event.when is not None
            }
            cited = [
                (f"{month} {day}", _cited_day(month, int(day), when))
                for month, day in _CITED_DATE.findall(when.derived)
            ]
            if not cited or any(day in stated for _, day in cited):
                continue
            anchor = anchors[0]
            assert anchor.when is not None
            yield Finding(
                Severity.WARNING,
                "stale-derivation",
                f"'{item_id}' ({_when_short(when, tz)}) is derived from "
                f"{' and '.join(repr(text) for text, _ in cited)} and {person.name}, but "
                f"'{anchor.id}' is now {_when_short(anchor.when, trip.stop_of(anchor).tz)}: "
                "re-derive it",
                (item_id, anchor.id),
                (*loc, "derived"),
            )


def _stated_events_by_person(trip: Itinerary) -> dict[str, list[Event]]:
    """Each person's events dated as stated (a day or an exact time, not derived), in file
    order: what a derivation may rest on. One pass, not one per mention."""
    found: dict[str, list[Event]] = {}
    for event in trip.events:
        when = event.when
        if when is None or when.derived or when.precision is Precision.WINDOW:
            continue
        for person in dict.fromkeys(event.participants):
            found.setdefault(person, []).append(event)
    return found


def _mention_finder(trip: Itinerary) -> Callable[[str], list[Person]]:
    """A function giving the people (but the principal) whom a text mentions, in list order.

    Each text is looked up by its words, not tried against every name: 15,000 derived
    dates and 2,000 people made 30 million tries (34 s). A name word matches `\bword\b`
    only where its first run of letters and digits is a whole run of the text, so the
    people indexed under the text's runs include everyone it mentions; `_mentions` then
    decides, as it always did.
    """
    indexed: dict[str, set[int]] = {}
    unindexed: set[int] = set()  # a name word with no letter or digit: always tried
    words = [_name_words(person.name) for person in trip.people]
    for position, person in enumerate(trip.people):
        if person.id == trip.principal:
            continue
        for word in words[position]:
            run = _WORD_RUN.search(word)
            if run is None:
                unindexed.add(position)
            else:
                indexed.setdefault(run.group(), set()).add(position)

    def mentioned(text: str) -> list[Person]:
        candidates = set(unindexed)
        for run in set(_WORD_RUN.findall(text)):
            candidates |= indexed.get(run, set())
        return [
            trip.people[position]
            for position in sorted(candidates)
            if _mentions(text, words[position])
        ]

    return mentioned


_WORD_RUN = re.compile(r"\w+")


def _name_words(name: str) -> list[str]:
    """The words of a name that a text may mention: two letters or more, without the
    punctuation around them, and not a lower-case particle ('of' in 'William, Prince of
    Wales' was found in any derivation, and 'William,' in none)."""
    words = (word.strip(",;:()\"'") for word in name.split())
    return [word for word in words if len(word) >= 2 and not word[0].islower()]


def _mentions(text: str, words: list[str]) -> bool:
    """A word of the list, whole, in `text`. The substring test first: thousands of people's
    patterns would overflow `re`'s cache and be compiled again at every call."""
    return any(word in text and re.search(rf"\b{re.escape(word)}\b", text) for word in words)


# --- people ----------------------------------------------------------------------------


def _people_usage(trip: Itinerary) -> Iterator[Finding]:
    used = {person for event in trip.events for person in event.participants}
    for index, person in enumerate(trip.people):
        if person.id != trip.principal and person.id not in used:
            yield Finding(
                Severity.WARNING,
                "unused-person",
                f"{person.name} ('{person.id}') is in the people list but in no event",
                (person.id,),
                ("people", index),
            )
    for event in trip.events:
        if event.kind not in (Kind.BILATERAL, Kind.MEETING):
            continue
        for position, other in enumerate(event.others):
            yield Finding(
                Severity.WARNING,
                "unlisted-person",
                f"'{event.id}' is a meeting with '{other}', who is not in the people list; "
                "add them to people and to participants",
                (event.id,),
                _event_loc(trip, event, "others", position),
            )
