"""Questions asked of an itinerary, as pure functions.

Each takes the itinerary (and `now` where time matters) and returns data; nothing here prints,
reads the clock or knows about the command line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from datetime import date as Date
from datetime import datetime as DateTime
from datetime import time as Time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from trip_tracker.errors import UsageError
from trip_tracker.model import Event, Itinerary, Person, Source, Stop, When
from trip_tracker.vocabulary import OPEN_STATUSES, Kind, Status
from trip_tracker.zones import zone

if TYPE_CHECKING:
    from trip_tracker.loader import EventSelector

Item = Source | Person | Stop | Event
Timing = Literal["past", "now", "next", "undated"]


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text`, for matching names typed by people.

    Accents go with Unicode decomposition; the letters that do not decompose (Ł, Ø, Đ, Æ...)
    are spelt as an English keyboard types them, so "Lukasz Orsted" finds Łukasz Ørsted.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_PLAIN_LETTERS)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


#: Letters with no decomposition into a base letter and accents, as typed without them.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t"}
    | {"æ": "ae", "œ": "oe", "þ": "th"}
)


def find_person(people: Sequence[Person], query: str) -> Person:
    """The one person among `people` (an itinerary's) that `query` names: by id, or each
    word a prefix of a word of the name.

    UsageError when nobody or more than one person matches, listing who could be meant.
    """
    wanted = fold(query).replace("-", " ").split()
    if not wanted:
        raise UsageError("a person's name is needed (for example: xi)")
    for person in people:
        if fold(person.id) == fold(query):
            return person
    matches = [person for person in people if _name_matches(person, wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"nobody in the itinerary matches '{query}'; {_who(people, query)}")
    # Prefer whole-word matches when they single someone out ("lee" over "leeward").
    exact = [p for p in matches if _name_matches(p, wanted, whole=True)]
    if len(exact) == 1:
        return exact[0]
    matches.sort(key=lambda person: person not in exact)  # whole words first, else in order
    named = _named(matches[:NAMED_AT_MOST])
    if len(matches) > NAMED_AT_MOST:
        named += f" and {len(matches) - NAMED_AT_MOST:,} more"
    raise UsageError(f"'{query}' matches several people: {named}; be more specific")


#: A message names at most this many people: a big itinerary has thousands.
NAMED_AT_MOST = 12


def _named(people: Iterable[Person]) -> str:
    return ", ".join(f"{person.name} ({person.id})" for person in people)


def _who(people: Sequence[Person], query: str) -> str:
    """Everyone, in a small itinerary; in a big one, the names closest to `query` (to the
    whole of it, then to each word, as a name is matched word by word), each name once with
    the ids of the people who bear it."""
    if len(people) <= NAMED_AT_MOST:
        return f"people: {_named(people)}"
    from trip_tracker.suggest import closest  # only for a name that matched nobody

    by_form: dict[str, list[Person]] = {}
    for person in people:
        name = fold(person.name)
        for form in dict.fromkeys([name, fold(person.id), *name.replace("-", " ").split()]):
            by_form.setdefault(form, []).append(person)
    typed = fold(query)
    forms = closest(typed, by_form, n=5, cutoff=0.5)
    for word in typed.replace("-", " ").split():
        forms += closest(word, by_form, n=5, cutoff=0.6)
    near: dict[str, list[str]] = {}  # name -> ids, closest first
    for form in forms:
        for person in by_form[form]:
            ids = near.setdefault(person.name, [])
            if person.id not in ids:
                ids.append(person.id)
    listing = f"`trip people` lists all {len(people):,}"
    if not near:
        return f"no name is close; {listing}"
    named = [
        f"{name} ({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''})"
        for name, ids in list(near.items())[:5]
    ]
    return f"closest: {', '.join(named)}; {listing}"


def _name_matches(person: Person, wanted: list[str], whole: bool = False) -> bool:
    words = [*fold(person.name).replace("-", " ").split(), fold(person.id)]
    if whole:
        return all(w in words for w in wanted)
    return all(any(word.startswith(w) for word in words) for w in wanted)


def find_item(trip: Itinerary, item_id: str) -> Item:
    """The source, person, stop or event with this id; UsageError naming close ids otherwise."""
    for items in (trip.events, trip.stops, trip.people, trip.sources):
        for item in items:
            if item.id == item_id:
                return item
    from trip_tracker.suggest import closest_ids

    ids = [
        item.id for items in (trip.events, trip.stops, trip.people, trip.sources) for item in items
    ]
    close = closest_ids(item_id, ids)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise UsageError(
        f"no item with id '{item_id}'{hint}; `trip stops` and `trip meetings` list ids"
    )


def event_sort_key(trip: Itinerary, event: Event) -> tuple[int, int, float]:
    """Travel order: by stop (stops are listed as travelled), then by earliest instant.

    Undated events come after the dated events of their stop.
    """
    order = trip.stop_positions[event.stop]
    if event.when is None:
        return (order, 1, 0.0)
    start, _ = event.when.bounds(trip.stop_of(event).tz)
    return (order, 0, start.timestamp())


def events_by_stop(trip: Itinerary) -> dict[str, list[Event]]:
    """Each stop's events (by stop id), in file order: one pass for a writer that goes
    through the stops, not one pass per stop (minutes at 100,000 events)."""
    grouped: dict[str, list[Event]] = {stop.id: [] for stop in trip.stops}
    for event in trip.events:
        grouped[event.stop].append(event)
    return grouped


def chronological(trip: Itinerary, events: Iterable[Event]) -> list[Event]:
    """`events`, a selection of the itinerary's events in file order, in travel order.

    Ties keep file order: the sort is stable, so no position index of all events is needed
    (building one cost more than the sort when a query picks a few of 100,000 events).
    """
    return sorted(events, key=lambda event: event_sort_key(trip, event))


def timing(when: When | None, tz: str, now: DateTime) -> Timing:
    """Where a time value stands relative to `now`: past, now (may be under way), next.

    An exact time with no end stated may be under way from its start to the end of its day
    in `tz`: a meeting at 10:00 of unknown length was over at 10:00:01, and `where` did not
    place its people at 10:30. (Nothing is made up: it only 'may be', and places no one
    firmly; see `surely_under_way` and `firm_placing`.)"""
    if when is None:
        return "undated"
    start, end = when.bounds(tz)
    if when.at is not None and when.end is None:
        end = end_of_day(start, tz)
    if end < now or (end == now and start < now):
        return "past"
    if start > now:
        return "next"
    return "now"


def end_of_day(start: DateTime, tz: str) -> DateTime:
    """Midnight after `start` in `tz` (its stop's zone): where an exact time with no end
    stated may still be under way (see `timing`)."""
    local = start.astimezone(zone(tz))
    return DateTime.combine(local.date() + timedelta(days=1), Time(0), tzinfo=zone(tz))


@dataclass(frozen=True)
class MeetingFilter:
    """What `trip meetings` may be narrowed by; empty means no narrowing."""

    with_people: tuple[Person, ...] = ()
    country: str | None = None
    place: str | None = None
    kinds: tuple[Kind, ...] = ()
    statuses: tuple[Status, ...] = ()
    topic: str | None = None
    #: Only events that may fall on a day from `first_day` to `last_day` (inclusive).
    first_day: Date | None = None
    last_day: Date | None = None
    #: The zone exact times are cut into days in (None: each event's stop zone).
    day_tz: str | None = None


def event_days(trip: Itinerary, event: Event, show_tz: str | None = None) -> tuple[Date, Date]:
    """First and last day an event may fall on, days cut in `show_tz` (default: the stop's
    zone). A whole day or window in another zone covers every day of `show_tz` it overlaps:
    October 30 in Seoul is October 29 11:00 to October 30 11:00 in Washington, so a
    Washington reader asking about the 29th must see it."""
    assert event.when is not None
    stop_tz = trip.stop_of(event).tz
    if event.when.at is None and (show_tz is None or show_tz == stop_tz):
        return event.when.local_days(stop_tz)
    start, end = event.when.bounds(stop_tz)
    target = zone(show_tz or stop_tz)
    if event.when.at is None or event.when.end is not None:  # an end is exclusive (in UTC:
        end = end.astimezone(UTC) - timedelta(microseconds=1)  # a wall clock may skip back)
    return start.astimezone(target).date(), end.astimezone(target).date()


def _within_days(trip: Itinerary, event: Event, wanted: MeetingFilter) -> bool:
    if wanted.first_day is None and wanted.last_day is None:
        return True
    if event.when is None:
        return False
    first, last = event_days(trip, event, wanted.day_tz)
    if wanted.first_day is not None and last < wanted.first_day:
        return False
    return wanted.last_day is None or first <= wanted.last_day


def meetings(trip: Itinerary, wanted: MeetingFilter = MeetingFilter()) -> list[Event]:
    """Events where the principal meets someone or something (all but travel), in time order."""
    chosen = []
    people = tuple(person.id for person in wanted.with_people)
    country = _matcher(wanted.country, (stop.country for stop in trip.stops))
    places = (item.place for items in (trip.stops, trip.events) for item in items)
    place_named = _matcher(wanted.place, (place for place in places if place))
    events: Sequence[Event] = trip.events
    if people:  # one person's events first, in one comprehension (~0.02 s less at 100k)
        events = [event for event in events if people[0] in event.participants]
    for event in events:
        # Cheapest and most selective tests first: this loop may visit every event.
        if not _fields_match(wanted, people, event.kind, event.status, event.participants):
            continue
        stop = trip.stop_of(event)
        if country is not None and not country(stop.country):
            continue
        # The event's own city when the source states it (a dinner in Gyeongju during the
        # Busan stop is not in Busan), else its stop's.
        place = event.place or stop.place
        if place_named is not None and not (place and place_named(place)):
            continue
        if wanted.topic and not any(
            fold(wanted.topic) in fold(text) for text in (*event.topics, event.title)
        ):
            continue
        if not _within_days(trip, event, wanted):
            continue
        chosen.append(event)
    return chronological(trip, chosen)


def _fields_match(
    wanted: MeetingFilter,
    people: tuple[str, ...],
    kind: str,
    status: str,
    participants: Sequence[str],
) -> bool:
    """Whether an event's own fields pass the filters that need nothing else (people, kind,
    status): one test for the models and for the plain data of a cache entry (see
    `meetings_selector`), so that the two cannot disagree. Kind and Status are StrEnums:
    the plain data's text equals them."""
    if people and not _takes_part(people, participants):
        return False
    if kind == Kind.TRAVEL and Kind.TRAVEL not in wanted.kinds:
        return False
    if wanted.kinds and kind not in wanted.kinds:
        return False
    return not wanted.statuses or status in wanted.statuses


def meetings_selector(
    names: Sequence[str], kinds: tuple[Kind, ...], statuses: tuple[Status, ...]
) -> EventSelector:
    """For the loader (see `loader.EventSelector`): given the itinerary's people, which
    events, as plain data, can be among the meetings with the people `names` name, of
    `kinds` and `statuses`. A cached load then builds only those: ~10 us an event saved.

    Only for a query whose other filters judge each event on its own and its stop: the
    place filter compares all events' place names, and a day given relative to the trip
    needs every event's dates (see `timeparse.parse_day`).
    """

    def select(people: Sequence[Person]) -> Callable[[Mapping[str, Any]], bool] | None:
        found = _found(people, names)
        if found is None:
            return None
        wanted = MeetingFilter(with_people=found, kinds=kinds, statuses=statuses)
        ids = tuple(person.id for person in wanted.with_people)

        def keep(event: Mapping[str, Any]) -> bool:
            return _fields_match(
                wanted, ids, event["kind"], event["status"], event.get("participants", ())
            )

        return keep

    return select


def name_matcher(query: str, names: Iterable[str]) -> Callable[[str], bool]:
    """What tells whether a place's name is the one `query` means, among `names` (those of
    the itinerary): the same name when one of them is ('sudan' is Sudan, not South Sudan),
    else one holding its whole words in order ('korea' is South Korea, 'york' New York);
    never a part of a word ('niger' is not Nigeria). Any case, accents or not."""
    wanted = _words(query)
    if not wanted:  # '?' names no place (it matched every one)
        return lambda name: False
    if any(_words(name) == wanted for name in names):
        return lambda name: _words(name) == wanted

    def holds(name: str) -> bool:
        words = _words(name)
        return any(words[at : at + len(wanted)] == wanted for at in range(len(words)))

    return holds


def _words(text: str) -> list[str]:
    """The words of a name, folded (see `fold`)."""
    return _WORD.findall(fold(text))


_WORD = re.compile(r"\w+")


def _matcher(query: str | None, names: Iterable[str]) -> Callable[[str], bool] | None:
    """`name_matcher` for a filter given, remembering each name's verdict (a 100,000-event
    loop meets the same few names again and again); None when not given."""
    if not query:
        return None
    return lru_cache(maxsize=None)(name_matcher(query, set(names)))


def _takes_part(people: tuple[str, ...], participants: Sequence[str]) -> bool:
    """True when every one of `people` is among `participants`.

    A plain loop: `all(...)` would build a generator for each of 100,000 events.
    """
    for person in people:  # noqa: SIM110
        if person not in participants:
            return False
    return True


def trip_start(trip: Itinerary) -> DateTime | None:
    """Midnight starting the first day any dated item of the trip may fall on (in its stop's
    zone); None if nothing is dated."""
    return trip.extent[0]


def end_stated(trip: Itinerary) -> bool:
    """Whether the itinerary says when the trip ends: its last stop has a departure, or is
    the return to where the trip set out from. Else, once its dated items are over, the
    principal may still be at the last stop: the trip is not known to be over."""
    first, last = trip.stops[0], trip.stops[-1]
    if last.depart is not None:
        return True
    return len(trip.stops) > 1 and (last.place, last.country) == (first.place, first.country)


Span = tuple[DateTime | None, DateTime | None]


def stop_spans(trip: Itinerary) -> dict[str, Span]:
    """When the principal may be at each stop: earliest arrival to latest departure.

    A missing arrival is bounded by the previous stop's (the first by the trip's start), a
    missing departure by the next stop's latest arrival (the stops are in travel order), and
    the last by the end of the trip's last dated day: the itinerary says nothing of before
    or after the trip. No stop begins before the one before it, nor ends after the one
    after it: Tokyo's 'sometime Oct 26-30' begins at midnight in Tokyo, an hour before the
    Malaysia landing day begins in Kuala Lumpur, and `upcoming` said "Now: Tokyo", then
    "Next stop: Malaysia".
    None means unbounded (nothing in the trip is dated).
    """
    first, later = trip.extent
    starts: list[DateTime | None] = []
    for stop in trip.stops:
        previous = starts[-1] if starts else first
        start = stop.arrive.bounds(stop.tz)[0] if stop.arrive else previous
        if start is not None and previous is not None and start < previous:
            start = previous
        starts.append(start)
    ends: list[DateTime | None] = []
    for stop in reversed(trip.stops):
        if stop.depart is not None:
            end: DateTime | None = stop.depart.bounds(stop.tz)[1]
        elif not ends and trip.last_day is not None and stop.arrive is not None:
            # the last stop, with no departure stated: to the end of the trip's last dated
            # day, there (an exact arrival at the trip's last dated moment would otherwise
            # last no time at all, and the principal would never be placed there)
            end = DateTime.combine(trip.last_day + timedelta(days=1), Time(0), zone(stop.tz))
        else:
            end = later
        after = ends[-1] if ends else None
        if end is not None and after is not None and end > after:
            end = after
        ends.append(end)
        if stop.arrive is not None:
            later = stop.arrive.bounds(stop.tz)[1]
    ends.reverse()
    return {
        stop.id: (start, end) for stop, start, end in zip(trip.stops, starts, ends, strict=True)
    }


def event_timing(trip: Itinerary, event: Event, now: DateTime, spans: dict[str, Span]) -> Timing:
    """`timing` of the event's time value, narrowed by its stop's span for a day or a window:
    the event happens while the principal is at that stop, so once the stop is surely left
    it is past, and before the stop can begin it is next (an ASEAN summit 'sometime Oct
    26-30' is not under way once the principal is surely in Busan). An exact time with no
    end stated, after its start, is past once its stop is surely left (talks at 17:00
    were 'under way' at 19:00, after an 18:00 departure)."""
    when = event.when
    tz = trip.stop_of(event).tz
    own = timing(when, tz, now)
    if own != "now" or when is None or when.end is not None:
        return own
    if when.at is not None:
        left = spans[event.stop][1]
        after_start = when.instant(tz) != now
        return "past" if after_start and left is not None and left <= now else own
    return span_state(spans[event.stop], now)


def span_state(span: Span, now: DateTime) -> Timing:
    start, end = span
    if end is not None and end <= now:
        return "past"
    if start is not None and start > now:
        return "next"
    return "now"


@dataclass(frozen=True)
class Upcoming:
    """What lies ahead of `now`: the stops under way or next, and the events not yet over."""

    now: DateTime
    current_stops: tuple[Stop, ...]
    next_stop: Stop | None
    events: tuple[tuple[Event, Timing], ...]
    undated: tuple[Event, ...]
    last_dated: Event | None
    first_day: str | None
    over: bool
    anything_dated: bool  # False: the itinerary places no stop at any moment
    end_stated: bool  # False: no departure from the last stop (see `end_stated`)
    #: The exact events under way that place the principal (see `_narrowed`), if any.
    placed_by: tuple[Event, ...] = ()
    #: Of several current stops, the one a planned event on a stated day under way makes
    #: probable, as `where` judges it (see `_probable`), and those events.
    probable: Stop | None = None
    probable_by: tuple[Event, ...] = ()


def upcoming(trip: Itinerary, now: DateTime) -> Upcoming:
    """Stops and events at or after `now`; `over` once every dated item has passed."""
    dated = chronological(trip, (event for event in trip.events if event.when is not None))
    spans = stop_spans(trip)
    ahead: list[tuple[Event, Timing]] = []
    for event in dated:
        state = event_timing(trip, event, now, spans)
        if state != "past":
            ahead.append((event, state))
    states = {stop.id: span_state(spans[stop.id], now) for stop in trip.stops}
    anything_dated = any(span != (None, None) for span in spans.values())
    if not anything_dated:  # the itinerary places no stop at any moment: none is now or next
        states = dict.fromkeys(states, "undated")
    placed_by: tuple[Event, ...] = ()
    if anything_dated:
        ahead, placed_by = _narrowed(trip, now, states, ahead)
    end = trip.extent[1]
    open_end = not end_stated(trip)
    over = end is not None and now >= end and not open_end
    if open_end and states[trip.stops[-1].id] == "past":
        states[trip.stops[-1].id] = "undated"  # its undated items may still come
    current_stops = tuple(stop for stop in trip.stops if states[stop.id] == "now")
    probable, probable_by = (None, ()) if placed_by else _probable(trip, current_stops, ahead)
    first_day = None
    if dated and dated[0].when is not None:
        first_day = dated[0].when.local_days(trip.stop_of(dated[0]).tz)[0].isoformat()
    return Upcoming(
        now=now,
        current_stops=current_stops,
        next_stop=next((stop for stop in trip.stops if states[stop.id] == "next"), None),
        events=tuple(ahead),
        undated=tuple(
            event for event in trip.events if event.when is None and states[event.stop] != "past"
        ),
        last_dated=dated[-1] if dated else None,
        first_day=first_day,
        over=over,
        anything_dated=anything_dated,
        end_stated=not open_end,
        placed_by=placed_by,
        probable=probable,
        probable_by=probable_by,
    )


def _probable(
    trip: Itinerary, current: tuple[Stop, ...], ahead: list[tuple[Event, Timing]]
) -> tuple[Stop | None, tuple[Event, ...]]:
    """Of several `current` stops, the one `where` makes probable: the stop of the planned
    events on a stated day under way, when they are all at one of them (on October 30 in
    Seoul, the dates allow Malaysia, Tokyo and South Korea; the Xi meeting is that day in
    South Korea). `upcoming` said all three where `where` said South Korea, probably."""
    if len(current) < 2:
        return None, ()
    stop, placing = stated_day_stop(trip, (event for event, state in ahead if state == "now"))
    return (stop, placing) if stop in current else (None, ())


def stated_day_stop(
    trip: Itinerary, under_way: Iterable[Event]
) -> tuple[Stop | None, tuple[Event, ...]]:
    """The one stop of the principal's planned events on a stated day among `under_way`
    (`on_a_stated_day`), and those events; None when there are none, or several stops."""
    principal = trip.principal
    placing = tuple(
        event for event in under_way if principal in event.participants and on_a_stated_day(event)
    )
    stops = {event.stop for event in placing}
    return (trip.stops_by_id[stops.pop()], placing) if len(stops) == 1 else (None, ())


def on_a_stated_day(event: Event) -> bool:
    """A planned event on a day the source states (a date, or a time with no end, which may
    be under way to the day's end): the principal is at its stop that day (as anyone else is
    placed), though the stops' dates may allow others."""
    return (
        event.when is not None
        and (event.when.date is not None or (event.when.at is not None and event.when.end is None))
        and not event.when.derived
        and event.status not in OPEN_STATUSES
        and event.status is not Status.CANCELLED
    )


def surely_under_way(event: Event) -> bool:
    """Of the events that may be under way at a moment, those planned at a stated exact time
    are (a day or a window, or a report or a rumour, only may be; `where` leaves cancelled
    events out, and `upcoming` marks them neither way)."""
    return _planned_with_an_end(event) and event.when is not None and not event.when.derived


def firm_placing(events: Iterable[Event]) -> tuple[Event, ...]:
    """Those of `events` (under way, one person's) that place the person firmly: at an exact
    time with its end stated (with none, it may be over: see `timing`), and planned (a report
    or a rumour does not override the stops' dates, and a cancelled event places no one)."""
    return tuple(event for event in events if _planned_with_an_end(event))


def _planned_with_an_end(event: Event) -> bool:
    """At an exact time with its end stated (with none, it may be over), and planned: not a
    report or a rumour (as `where`'s certainty judges it), nor cancelled."""
    return (
        event.when is not None
        and event.when.at is not None
        and event.when.end is not None
        and event.status not in OPEN_STATUSES
        and event.status is not Status.CANCELLED
    )


def _narrowed(
    trip: Itinerary, now: DateTime, states: dict[str, Timing], ahead: list[tuple[Event, Timing]]
) -> tuple[list[tuple[Event, Timing]], tuple[Event, ...]]:
    """`ahead` (and `states`, in place) once an exact event under way places the principal
    firmly, as `where` does: at 12:00 in the middle of a Seoul meeting (11:00-12:30), the
    stops' dates alone still allowed Malaysia and Tokyo, and their vague events 'may be under
    way'. The stops before the one placed are then left, those after it not yet begun. (A
    meeting on the day, with no time, only makes a stop probable: `where` says so, and the
    others stay open here.)"""
    principal = trip.principal
    placing = firm_placing(
        event for event, state in ahead if state == "now" and principal in event.participants
    )
    stops = {event.stop for event in placing}
    if len(stops) != 1:  # none, or events under way in two places: the dates stay open
        return ahead, ()
    positions = trip.stop_positions
    placed = positions[stops.pop()]
    for stop in trip.stops:
        position = positions[stop.id]
        if position == placed:
            states[stop.id] = "now"
        elif states[stop.id] == "now":
            states[stop.id] = "past" if position < placed else "next"
    narrowed: list[tuple[Event, Timing]] = []
    for event, state in ahead:
        assert event.when is not None
        if state == "now" and event.when.end is None:  # no stated end: as its stop is
            state = states[event.stop]
        if state != "past":
            narrowed.append((event, state))
    return narrowed, placing


@dataclass(frozen=True)
class Encounter:
    """A person's meetings with the principal."""

    person: Person
    events: tuple[Event, ...]


def people(trip: Itinerary) -> list[Encounter]:
    """Everyone, each with the events they share with the principal, in time order.

    One pass over the events, not one per person: 2,000 people and 100,000 events took
    190 s that way.
    """
    shared: dict[str, list[Event]] = {person.id: [] for person in trip.people}
    principal = trip.principal
    for event in trip.events:
        participants = event.participants
        if principal not in participants:
            continue
        for person in dict.fromkeys(participants):  # named twice, listed once
            if person != principal or len(participants) > 1:  # the principal: with someone
                shared[person].append(event)
    return [
        Encounter(person, tuple(chronological(trip, shared[person.id]))) for person in trip.people
    ]


def together(trip: Itinerary, first: Person, second: Person) -> list[Event]:
    """Every event (travel included) that both people are named in, in time order."""
    both = (first.id, second.id)
    return chronological(
        trip, (event for event in trip.events if _takes_part(both, event.participants))
    )


def together_selector(
    names: Sequence[str],
) -> EventSelector:
    """For the loader (see `meetings_selector`): the events, as plain data, that name every
    one of the people `names` name, as `together` picks them."""

    def select(people: Sequence[Person]) -> Callable[[Mapping[str, Any]], bool] | None:
        found = _found(people, names)
        if found is None:
            return None
        ids = tuple(person.id for person in found)
        return lambda event: _takes_part(ids, event.get("participants", ()))

    return select


def _found(people: Sequence[Person], names: Sequence[str]) -> tuple[Person, ...] | None:
    """The people `names` name, for a selector; None (select nothing out) when one names
    nobody or several: the command says so itself, after what it checks first (--tz)."""
    try:
        return tuple(find_person(people, name) for name in names)
    except UsageError:
        return None
