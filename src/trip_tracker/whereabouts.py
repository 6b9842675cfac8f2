"""Where someone is at a moment, and how sure the itinerary lets us be.

The principal's place comes from the stops' arrival and departure values (and an exact-time
event under way, which settles it); anyone else's from the events they are named in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from datetime import datetime as DateTime
from typing import Literal

from trip_tracker.model import Event, Itinerary, Person, Stop
from trip_tracker.queries import (
    Span,
    chronological,
    end_stated,
    event_timing,
    firm_placing,
    on_a_stated_day,
    stop_spans,
    surely_under_way,
)
from trip_tracker.vocabulary import OPEN_STATUSES, Status

#: firm: the dates (or an exact event) place them there; probable: one place fits but the
#: moment falls within an arrival/departure or a meeting's day; possible: several places or
#: only a window fits; unknown: the itinerary does not say.
Certainty = Literal["firm", "probable", "possible", "unknown"]


@dataclass(frozen=True)
class Whereabouts:
    person: Person
    at: DateTime
    principal: bool
    certainty: Certainty
    stops: tuple[Stop, ...]
    #: The person's events that may be under way at the moment (exact, day or window).
    events: tuple[Event, ...]
    #: The principal between stops: the stop left before the moment and the one after it.
    before: Stop | None = None
    after: Stop | None = None
    #: For anyone else: every dated event they are in (what the itinerary does say).
    known: tuple[Event, ...] = ()
    #: The principal placed at one of the stops the dates allow by a planned event on that
    #: day there (the Xi meeting, confirmed for October 30, in South Korea).
    by_day_event: bool = False


def under_way(trip: Itinerary, event: Event, at: DateTime, spans: dict[str, Span]) -> bool:
    """Whether the event may be under way at `at`, as `upcoming` judges it: within its time
    value (an end is exclusive; with none stated, to the end of its day) and, for a day or
    window, within its stop's span (see `queries.event_timing`)."""
    return event.when is not None and event_timing(trip, event, at, spans) == "now"


def where(trip: Itinerary, person: Person, at: DateTime) -> Whereabouts:
    spans = stop_spans(trip)
    events = tuple(
        event
        for event in chronological(trip, trip.events)
        if person.id in event.participants
        and event.status is not Status.CANCELLED  # called off: no evidence of anything
        and under_way(trip, event, at, spans)
    )
    if person.id == trip.principal:
        return _principal(trip, person, at, events, spans)
    stops = tuple(dict.fromkeys(trip.stop_of(event) for event in events))
    known = tuple(
        event
        for event in chronological(trip, trip.events)
        if person.id in event.participants and event.when is not None
    )
    # Only a plan (not a report or a rumour) can place someone firmly or probably.
    planned = [event for event in events if event.status not in OPEN_STATUSES]
    certainty: Certainty
    if not stops:
        certainty = "unknown"
    elif len(stops) > 1:
        certainty = "possible"
    elif any(event.when is not None and event.when.end is not None for event in planned):
        certainty = "firm"  # an exact time with its end: with none stated, it may be over
    elif any(
        event.when is not None and (event.when.at is not None or event.when.date is not None)
        for event in planned
    ):
        certainty = "probable"
    else:
        certainty = "possible"
    return Whereabouts(person, at, False, certainty, stops, events, known=known)


def _principal(
    trip: Itinerary,
    person: Person,
    at: DateTime,
    events: tuple[Event, ...],
    spans: dict[str, Span],
) -> Whereabouts:
    exact = firm_placing(events)
    if exact:
        stops = tuple(dict.fromkeys(trip.stop_of(event) for event in exact))
        certainty: Certainty = "firm" if len(stops) == 1 else "possible"
        # A vague event at another stop cannot be under way while these are.
        events = tuple(event for event in events if trip.stop_of(event) in stops)
        return Whereabouts(person, at, True, certainty, stops, events)
    stops = tuple(stop for stop in trip.stops if _inside(spans[stop.id], at))
    if all(span == (None, None) for span in spans.values()):
        stops = ()  # nothing in the itinerary is dated: it places the principal at no moment
    if not stops:
        before = [s for s in trip.stops if (end := spans[s.id][1]) is not None and end <= at]
        after = [s for s in trip.stops if (start := spans[s.id][0]) is not None and start > at]
        return Whereabouts(
            person,
            at,
            True,
            "unknown",
            (),
            events,
            before=before[-1] if before else None,
            after=after[0] if after else None,
        )
    if len(stops) > 1:
        placing = tuple(
            dict.fromkeys(trip.stop_of(event) for event in events if on_a_stated_day(event))
        )
        if len(placing) == 1 and placing[0] in stops:
            events = tuple(event for event in events if trip.stop_of(event) in placing)
            return Whereabouts(person, at, True, "probable", placing, events, by_day_event=True)
        return Whereabouts(person, at, True, "possible", stops, events)
    stop = stops[0]
    firm = (stop.arrive is None or stop.arrive.bounds(stop.tz)[1] <= at) and (
        stop.depart is None or at < stop.depart.bounds(stop.tz)[0]
    )
    return Whereabouts(person, at, True, "firm" if firm else "probable", stops, events)


def _inside(span: tuple[DateTime | None, DateTime | None], at: DateTime) -> bool:
    start, end = span
    return (start is None or start <= at) and (end is None or at < end)


def describe(trip: Itinerary, found: Whereabouts, show_tz: str | None = None) -> list[str]:
    """The answer in words: a headline first, then one line per piece of evidence."""
    from trip_tracker import formatting as fmt
    from trip_tracker.zones import zone

    name = found.person.name
    shown: tzinfo
    if show_tz or len(found.stops) == 1:
        shown = zone(show_tz or found.stops[0].tz)
    elif found.at.tzinfo is not None and found.at.utcoffset() and found.at.tzinfo is not UTC:
        # in the zone the moment was written or read in: 'Oct 30', read in Kuala Lumpur,
        # was shown as '2025-10-29 12:00 EDT', a day the question did not ask about; and
        # '23:30', read in Tokyo where several stops fit, as '22:30' in the first one's
        shown = found.at.tzinfo
    elif found.stops:
        shown = zone(found.stops[0].tz)
    else:  # the clock's now, or a moment in UTC
        shown = zone(trip.home_tz)
    when = fmt.moment_text(found.at.astimezone(shown))
    placing = placing_events(found)
    if placing:  # an event's own city when stated (a stop's city is not every event's)
        places = " or ".join(dict.fromkeys(_where_held(trip, event) for event in placing))
    else:
        places = " or ".join(stop.label for stop in found.stops)
    if found.certainty == "firm":
        head = f"{name} is in {places} at {when}."
    elif found.certainty == "probable":
        head = f"{name} is probably in {places} at {when}: " + (
            "the moment falls within an arrival or departure day."
            if found.principal and not found.by_day_event
            else "a meeting there is on that day."
        )
    elif found.certainty == "possible":
        statuses = {event.status for event in found.events}
        if len(found.stops) > 1:
            reason = "the itinerary's dates allow each."
        elif statuses and statuses <= OPEN_STATUSES and not found.principal:
            words = " or ".join(sorted(status.value for status in statuses))
            reason = f"only {words} items put them there."
        else:
            reason = "only a window fits."
        head = f"{name} may be in {places} at {when}: {reason}"
    elif found.principal and found.before and found.after:
        head = (
            f"{name} is between {found.before.label} and "
            f"{found.after.label} at {when}: no stop fits then (travelling?)."
        )
    elif found.principal and found.before and not end_stated(trip):
        head = (
            f"The itinerary does not say where {name} is at {when}: its dated items are "
            f"over, and no departure from {found.before.place or found.before.country} is stated."
        )
    elif found.principal and found.before:
        head = f"The itinerary ends before {when}: its last stop is {found.before.label}."
    elif found.principal and found.after:
        head = f"The itinerary begins after {when}: its first stop is {found.after.label}."
    elif found.principal:
        head = f"The itinerary dates nothing, so it does not place {name} at {when}."
    else:
        head = f"The itinerary does not place {name} at {when}."
    lines = [head]
    if found.principal:
        lines += [_stop_evidence(stop) for stop in found.stops]
    lines += [
        f"{'under way' if surely_under_way(event) else 'may be under way'}: "
        f"{_event_line(trip, event)}"
        for event in found.events
    ]
    if not found.principal and not found.events:
        if found.known:
            lines += [f"known: {_event_line(trip, event)}" for event in found.known]
        else:
            lines.append(f"{name} is in no dated event of the itinerary.")
    return lines


def placing_events(found: Whereabouts) -> tuple[Event, ...]:
    """The events that place the person, when events do: anyone's but the principal's, and
    the principal's firmly placing ones (`firm_placing`: exact, with an end), or planned
    ones on a stated day, when they settled it; empty when the stops' dates do."""
    if not found.principal:
        return found.events
    if found.by_day_event:
        return tuple(event for event in found.events if on_a_stated_day(event))
    return firm_placing(found.events)


def place_of(found: Whereabouts, stop: Stop) -> str | None:
    """The city where `found` puts the person at `stop`: that of the events that place them
    there (each event's own, else the stop's), or the stop's when its dates do; None when
    not stated or not one."""
    placing = [event for event in placing_events(found) if event.stop == stop.id]
    cities = {event.place or stop.place for event in placing} or {stop.place}
    return cities.pop() if len(cities) == 1 else None


def _where_held(trip: Itinerary, event: Event) -> str:
    """The event's own city when the source states it, else its stop's (as `meetings
    --place` matches it): the principal is there, and so is whoever they meet."""
    stop = trip.stop_of(event)
    return f"{event.place}, {stop.country}" if event.place else stop.label


def _stop_evidence(stop: Stop) -> str:
    from trip_tracker import formatting as fmt

    arrive = f"arrival {fmt.when_full(stop.arrive, stop.tz)}" if stop.arrive else ""
    depart = f"departure {fmt.when_full(stop.depart, stop.tz)}" if stop.depart else ""
    dates = "; ".join(part for part in (arrive, depart) if part) or "no dates stated"
    return f"{stop.label}: {dates}; {stop.status.value}"


def _event_line(trip: Itinerary, event: Event) -> str:
    from trip_tracker import formatting as fmt

    stop = trip.stop_of(event)
    return (
        f"{event.title} [{event.id}], {fmt.when_full(event.when, stop.tz)}, "
        f"{fmt.place_text(trip, event)}; {event.status.value}"
    )
