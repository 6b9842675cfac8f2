"""The cross-field rules of an itinerary: unique ids, references that resolve, each event
within its stop's days and at a local time its stop's clocks do not skip.

`model.Itinerary`'s validator runs them all at once (`cross_reference_problems`); the
loader runs the rules on events piece by piece as a big file's events are built
(`EventRules`), and, for a file whose fields are invalid too, the references on its raw
data (`reference_problems`), so that one report says everything wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as Date
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from pydantic_core import InitErrorDetails, PydanticCustomError

from trip_tracker.model import (
    INSTANT,
    VALIDATED,
    Event,
    Itinerary,
    Person,
    Source,
    Stop,
    When,
    clocks_change_on,
    skipped_time,
    skipped_time_message,
)
from trip_tracker.zones import zone


def _problem(loc: tuple[str | int, ...], kind: str, message: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(kind, message),  # message is already formatted
        loc=loc,
        input=value,
    )


def cross_reference_problems(trip: Any) -> list[InitErrorDetails]:
    """Every broken cross-field rule, each with the location of the offending value.

    Works on a validated Itinerary and on the raw parsed data (dicts and lists), so the loader
    can still report broken references in a file whose fields are invalid too: pydantic does
    not run this validator once a field has failed.
    """
    if isinstance(trip, Itinerary):
        common = _common_case_problems(trip)
        if common is not None:
            return common
    problems: list[InitErrorDetails] = []
    for collection in ("sources", "stops"):
        if _field(trip, collection) in ([], ()):  # not a list at all: a field error already
            message = f"an itinerary needs at least one item in '{collection}'"
            problems.append(_problem((collection,), "too_short", message, []))
    seen: dict[str, str] = {}
    for collection in ("sources", "people", "stops", "events"):
        for index, item in enumerate(_items(trip, collection)):
            item_id = _text(item, "id")
            if item_id is None:
                continue
            if item_id in seen:
                message = f"id '{item_id}' is already used by {seen[item_id]}"
                problems.append(
                    _problem((collection, index, "id"), "duplicate_id", _braces(message), item_id)
                )
            else:
                seen[item_id] = f"{collection}[{index}]"
    people = _ids(trip, "people")
    sources = _ids(trip, "sources")
    stops = {_text(stop, "id"): stop for stop in _items(trip, "stops")}
    stop_ids = {stop_id for stop_id in stops if stop_id}

    # References into a required collection that is missing or not a list cannot be judged:
    # that collection's own error says what is wrong.
    unjudged = {
        what
        for what, collection in (("source", "sources"), ("stop", "stops"))
        if not isinstance(_field(trip, collection), list | tuple)
    }
    people_given = not isinstance(trip, dict) or "people" in trip  # else: no one listed
    if people_given and not isinstance(_field(trip, "people"), list | tuple):
        unjudged.add("person")

    def check(loc: tuple[str | int, ...], what: str, value: Any, known: set[str]) -> None:
        if not isinstance(value, str) or value in known or what in unjudged:
            return
        hint = _closest(value, known)
        message = f"unknown {what} '{value}'" + (f" (did you mean '{hint}'?)" if hint else "")
        problems.append(_problem(loc, f"unknown_{what}", _braces(message), value))

    check(("principal",), "person", _field(trip, "principal"), people)
    for collection in ("stops", "events"):
        for index, item in enumerate(_items(trip, collection)):
            cited = _field(_field(item, "source"), "ref")
            check((collection, index, "source", "ref"), "source", cited, sources)
    for index, event in enumerate(_items(trip, "events")):
        participants = _field(event, "participants")
        if isinstance(participants, list | tuple):
            for position, person in enumerate(participants):
                check(("events", index, "participants", position), "person", person, people)
        stop_id = _field(event, "stop")
        check(("events", index, "stop"), "stop", stop_id, stop_ids)
    if isinstance(trip, Itinerary):
        problems += _events_outside_stops(trip)
    return problems


def _common_case_problems(trip: Itinerary) -> list[InitErrorDetails] | None:
    """The events outside their stops when ids are unique and every reference resolves;
    None otherwise (the full report then says which item is wrong)."""
    rules = EventRules(trip.sources, trip.people, trip.stops, trip.principal)
    return rules.problems if rules.add(trip.events) else None


class EventRules:
    """The cross-field rules on events, checked as the events come: ids unique, references
    that resolve, each event within its stop's days.

    The Itinerary's validator feeds it every event at once; the loader feeds it each piece
    of a big file as the piece's events are built, while the parser reads the next one
    (see `loader._load_fast`), and then validates the Itinerary with `CROSS_CHECKED`.
    One pass over the events, not one per rule: at 100,000 events each pass costs ~0.1 s,
    mostly in fetching the events' scattered objects from memory.
    """

    def __init__(
        self,
        sources: Sequence[Source],
        people: Sequence[Person],
        stops: Sequence[Stop],
        principal: str,
    ) -> None:
        self._people = {person.id for person in people}
        self._sources = {source.id for source in sources}
        self._stops = _stop_days(stops)
        self._ids = {item.id for items in (sources, people, stops) for item in items}
        self._count = 0
        #: Events outside their stops, by their index among all events.
        self.problems: list[InitErrorDetails] = []
        #: False once a rule is broken that only the full report can place (see `add`).
        self.sound = (
            bool(sources and stops)
            and len(self._ids) == len(sources) + len(people) + len(stops)
            and principal in self._people
            and all(stop.source is None or stop.source.ref in self._sources for stop in stops)
        )

    def add(self, events: Sequence[Event]) -> bool:
        """Check the next `events`; False (and from then on) once an id repeats or a
        reference does not resolve."""
        if not self.sound:
            return False
        people, sources, stops = self._people, self._sources, self._stops
        before, add_id = len(self._ids), self._ids.add
        for index, event in enumerate(events, start=self._count):
            days = stops.get(event.stop)
            if (
                days is None
                or event.source.ref not in sources
                or not people.issuperset(event.participants)
            ):
                self.sound = False
                return False
            add_id(event.id)
            when = event.when
            if when is None or _surely_within(when, days):
                continue
            outside = _outside(index, event, days) or _skipped(index, event, days.tz)
            if outside is not None:
                self.problems.append(outside)
        self._count += len(events)
        self.sound = len(self._ids) == before + len(events)
        return self.sound


class _StopDays(NamedTuple):
    """A stop's zone and the days the principal may be there (open-ended where unknown)."""

    tz: str
    zone: ZoneInfo  # the zone called `tz`, looked up once per stop
    earliest: Date  # Date.min when the arrival is unknown
    latest: Date  # Date.max when the departure is unknown
    bounded: bool  # either day is known, so events can fall outside


def _stop_days(stops: Sequence[Stop]) -> dict[str, _StopDays]:
    """Each stop's days, looked up once per stop rather than once per event."""
    days = {}
    for stop in stops:
        arrival, departure = stop.possible_days()
        bounded = arrival is not None or departure is not None
        days[stop.id] = _StopDays(
            stop.tz, zone(stop.tz), arrival or Date.min, departure or Date.max, bounded
        )
    return days


def _surely_within(when: When, days: _StopDays) -> bool:
    """Whether `when` may fall within the stop's `days`, and no local time of it is one the
    clocks skip: what `_outside` and `_skipped` decide for nearly every event, without their
    calls (~0.4 s at 100,000 events). False when in doubt: they then decide, and word the
    problem."""
    day = when.date
    if day is not None:
        return days.earliest <= day <= days.latest
    at = when.at
    if at is None:  # a window: it need only overlap
        earliest, latest = when.earliest, when.latest
        return (
            earliest is not None
            and latest is not None
            and earliest <= days.latest
            and days.earliest <= latest
        )
    end = when.end  # exclusive, as in `When.local_days`
    if at.tzinfo is not None:  # its days in the stop's zone; an instant is never skipped
        first = at.astimezone(days.zone).date()
        last = first if end is None else (end - INSTANT).astimezone(days.zone).date()
        return first <= days.latest and days.earliest <= last
    first = at.date()
    last = first if end is None else (end - INSTANT).date()
    return (
        first <= days.latest
        and days.earliest <= last
        and not clocks_change_on(days.tz, first)
        and (end is None or not clocks_change_on(days.tz, end.date()))
    )


def _events_outside_stops(trip: Itinerary) -> list[InitErrorDetails]:
    stops = _stop_days(trip.stops)
    problems = []
    for index, event in enumerate(trip.events):
        days = stops.get(event.stop)
        if days is None:
            continue
        outside = _outside(index, event, days) or _skipped(index, event, days.tz)
        if outside is not None:
            problems.append(outside)
    return problems


def _outside(index: int, event: Event, days: _StopDays) -> InitErrorDetails | None:
    """The problem of events[index] when its days cannot fall within its stop's (vague
    dates are allowed: a window need only overlap)."""
    if event.when is None or not days.bounded:
        return None
    first, last = event.when.local_days(days.tz)
    if last < days.earliest:
        message = (
            f"{last.isoformat()} is before the stop '{event.stop}' begins "
            f"({days.earliest.isoformat()} at the earliest)"
        )
    elif first > days.latest:
        message = (
            f"{first.isoformat()} is after the stop '{event.stop}' ends "
            f"({days.latest.isoformat()} at the latest)"
        )
    else:
        return None
    return _problem(("events", index, "when"), "outside_stop", _braces(message), None)


def _skipped(index: int, event: Event, tz: str) -> InitErrorDetails | None:
    """The problem of events[index] when its time never happened in its stop's zone."""
    skipped = skipped_time(event.when, tz)
    if skipped is None:
        return None
    field, value = skipped
    message = skipped_time_message(value, tz)
    return _problem(("events", index, "when", field), "skipped_time", _braces(message), None)


def reference_problems(data: Any) -> list[InitErrorDetails]:
    """Cross-field problems of raw parsed data (for files whose fields also fail)."""
    return cross_reference_problems(data) if isinstance(data, dict) else []


def _field(item: Any, name: str) -> Any:
    """A field of a model or a key of a raw mapping; None when absent or not a container."""
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None) if isinstance(item, VALIDATED) else None


def _text(item: Any, name: str) -> str | None:
    value = _field(item, name)
    return value if isinstance(value, str) else None


def _items(trip: Any, collection: str) -> list[Any] | tuple[Any, ...]:
    value = _field(trip, collection)
    return value if isinstance(value, list | tuple) else []


def _ids(trip: Any, collection: str) -> set[str]:
    return {item_id for item in _items(trip, collection) if (item_id := _text(item, "id"))}


def _closest(value: str, candidates: set[str]) -> str | None:
    """The id `value` most likely meant: the same but for case first ('MEET-XI')."""
    from trip_tracker.suggest import closest_ids  # only for a broken reference

    matches = closest_ids(value, candidates, n=1)
    return matches[0] if matches else None


def _braces(message: str) -> str:
    """Escape braces: pydantic formats custom messages with the error context."""
    return re.sub(r"([{}])", r"\1\1", message)
