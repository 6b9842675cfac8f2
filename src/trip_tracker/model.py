"""The itinerary data model.

Every model is frozen and forbids unknown fields, so a typo in a hand-edited file is an error
rather than silently ignored data. Cross-field rules (unique ids, references that resolve, an
event inside its stop's dates) live in validators so that no invalid itinerary can exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC as _UTC
from datetime import date as Date
from datetime import datetime as DateTime
from datetime import time as Time
from datetime import timedelta
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from trip_tracker.vocabulary import Kind, Precision, Status
from trip_tracker.zones import zone

FORMAT_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


class Frozen(BaseModel):
    """Base for every model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


#: Years a time value may fall in: a day or a zone offset more at either end must still be a
#: date Python can hold (a window ending 9999-12-31 crashed every command but validate).
FIRST_YEAR, LAST_YEAR = 2, 9998
#: The least step of a datetime: an exclusive end minus this is the last instant it covers.
_INSTANT = timedelta(microseconds=1)
#: Errors of a day or an exact time not written as one (the loader words them in full).
DAY_ERROR = ("day_type", "should be a date such as 2025-10-30")
EXACT_TIME_ERROR = (
    "exact_time_type",
    "an exact time needs a date and a time of day, such as 2025-10-30T10:00",
)


def _as_written(
    kind: Callable[..., CoreSchema],
    pattern: str,
    bounds: tuple[Date, Date],
    error: tuple[str, str],
    form: str,
) -> Any:
    """An annotation for a `kind` (date or datetime) value: an object of that type as it
    is, or text matching `pattern` that `kind` then parses, within `bounds`; all checked in
    pydantic's core, with one error (type and message) when neither form fits. `form` is
    the JSON Schema's `format`.

    pydantic alone reads a number as seconds since 1970 and 'T00:00' as a whole day, and
    a bare date as an exact midnight: a time the source never gave.
    """
    text = core_schema.chain_schema([core_schema.str_schema(pattern=pattern), kind()])
    either = core_schema.union_schema(
        [kind(strict=True), text], custom_error_type=error[0], custom_error_message=error[1]
    )
    checked = core_schema.chain_schema([either, kind(ge=bounds[0], le=bounds[1])])

    class Written:
        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
            return checked

        @classmethod
        def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> Any:
            return {"type": "string", "format": form}

    return Written


#: A whole day (2025-10-30), and an exact time (a date, then T or a space, then the hour),
#: in the years above.
_FIRST_DAY, _LAST_DAY = Date(FIRST_YEAR, 1, 1), Date(LAST_YEAR, 12, 31)
Day = Annotated[
    Date,
    _as_written(
        core_schema.date_schema, r"^\d{4}-\d{2}-\d{2}$", (_FIRST_DAY, _LAST_DAY), DAY_ERROR, "date"
    ),
]
ExactTime = Annotated[
    DateTime,
    _as_written(
        core_schema.datetime_schema,
        r"\d[Tt ]+\d",
        (DateTime.combine(_FIRST_DAY, Time.min), DateTime.combine(_LAST_DAY, Time.max)),
        EXACT_TIME_ERROR,
        "date-time",
    ),
]


class When(Frozen):
    """A time value that keeps its precision.

    Exactly one shape: `at` (an exact time, optionally with `end`), `date` (a whole day), or
    `earliest`..`latest` (a window of days). A time without an offset is local to the stop.
    `words` keeps the source's own phrasing ("midweek"); `derived` says how a date was worked
    out when the source did not state it.
    """

    at: ExactTime | None = None
    end: ExactTime | None = None
    date: Day | None = None
    earliest: Day | None = None
    latest: Day | None = None
    words: Text | None = None
    derived: Text | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> When:
        # This runs for every time value (~0.1 s at 100,000 events on the full check), so
        # the three sound shapes pass at once: a day; an exact time, with an end after it
        # given alike (both with an offset or neither); a window in order. Anything else
        # gets the full check, which explains what is wrong.
        at, end, day, earliest, latest = self.at, self.end, self.date, self.earliest, self.latest
        if earliest is None and latest is None:
            if day is None and at is not None:
                if end is None or ((at.tzinfo is None) == (end.tzinfo is None) and at < end):
                    return self
            elif day is not None and at is None and end is None:
                return self
        elif (
            at is None
            and end is None
            and day is None
            and earliest is not None
            and latest is not None
            and earliest <= latest
        ):
            return self
        return self._check_shape()

    def _check_shape(self) -> When:
        """Every shape rule, each broken one explained."""
        shapes = [
            name
            for name, present in (
                ("at", self.at is not None),
                ("date", self.date is not None),
                ("earliest/latest", self.earliest is not None or self.latest is not None),
            )
            if present
        ]
        if not shapes:
            raise ValueError("give one of 'at', 'date', or 'earliest' and 'latest'")
        if len(shapes) > 1:
            raise ValueError(f"give only one of 'at', 'date', 'earliest/latest' (got {shapes})")
        if self.end is not None and self.at is None:
            raise ValueError("'end' goes with 'at'")
        if self.at is not None and self.end is not None:
            if (self.at.tzinfo is None) != (self.end.tzinfo is None):
                raise ValueError("'at' and 'end' must both have a UTC offset, or neither")
            if self.end <= self.at:
                raise ValueError(
                    f"end {self.end.isoformat()} is not after at {self.at.isoformat()}"
                )
        if shapes == ["earliest/latest"]:
            if self.earliest is None or self.latest is None:
                raise ValueError("a window needs both 'earliest' and 'latest'")
            if self.latest < self.earliest:
                latest, earliest = self.latest.isoformat(), self.earliest.isoformat()
                raise ValueError(f"latest {latest} is before earliest {earliest}")
        return self

    @property
    def precision(self) -> Precision:
        if self.at is not None:
            return Precision.EXACT
        if self.date is not None:
            return Precision.DAY
        return Precision.WINDOW

    def local_days(self, tz: str) -> tuple[Date, Date]:
        """First and last calendar day this value may fall on, in the zone `tz`. An end is
        exclusive: talks until 00:00 on the 31st end with the 30th."""
        if self.at is not None:
            start = self.at if self.at.tzinfo is None else self.at.astimezone(zone(tz))
            if self.end is None:
                return start.date(), start.date()
            return start.date(), _last_day_before(self.end, tz)
        if self.date is not None:
            return self.date, self.date
        assert self.earliest is not None and self.latest is not None
        return self.earliest, self.latest

    def bounds(self, tz: str) -> tuple[DateTime, DateTime]:
        """The earliest and latest instant this value may cover (end exclusive for days).

        A day or window covers whole days in `tz`: midnight of the first day to midnight
        after the last. An exact time without an end covers just its instant.
        """
        if self.at is not None:
            start = self.at if self.at.tzinfo is not None else self.at.replace(tzinfo=zone(tz))
            end = self.end or self.at
            end = end if end.tzinfo is not None else end.replace(tzinfo=zone(tz))
            return start, end
        first, last = self.local_days(tz)
        start = DateTime.combine(first, Time(0), tzinfo=zone(tz))
        end = DateTime.combine(last + timedelta(days=1), Time(0), tzinfo=zone(tz))
        return start, end

    def instant(self, tz: str) -> DateTime | None:
        """The exact start as an aware datetime, or None when only a day or window is known."""
        if self.at is None:
            return None
        return self.at if self.at.tzinfo is not None else self.at.replace(tzinfo=zone(tz))


def _last_day_before(end: DateTime, tz: str) -> Date:
    """The day of the last instant before `end` (local to `tz` when it has no offset), in
    `tz`; counted in UTC, as a wall clock may skip the midnight it would step back over
    (Santiago's 2025-09-07 begins at 01:00)."""
    local = zone(tz)
    instant = end if end.tzinfo is not None else end.replace(tzinfo=local)
    return (instant.astimezone(_UTC) - _INSTANT).astimezone(local).date()


def skipped_time(when: When | None, tz: str) -> tuple[str, DateTime] | None:
    """The field ('at' or 'end') and value of a local time in `when` that never happened in
    `tz`, the clocks skipping it (02:30 on the night they go forward); None when all did.

    Such a time has no instant: read as one it would put an end before its start (and a
    calendar's DTEND before its DTSTART), so it is refused. A time the clocks go through
    twice is read as the first, as Python does.
    """
    if when is None or when.at is None or when.at.tzinfo is not None:
        return None
    for field, value in (("at", when.at), ("end", when.end)):
        if value is not None and never_happened(value, tz):
            return field, value
    return None


def never_happened(value: DateTime, tz: str) -> bool:
    """Whether the local time `value` is one the clocks of `tz` skip."""
    if not _clocks_change_on(tz, value.date()):
        return False  # nearly every time: one lookup, where the check costs ~4 us
    local = zone(tz)
    return (
        value.replace(tzinfo=local).astimezone(_UTC).astimezone(local).replace(tzinfo=None) != value
    )


@lru_cache(maxsize=8192)
def _clocks_change_on(tz: str, day: Date) -> bool:
    """Whether the offset of `tz` differs from one midnight to the next: the days the clocks
    change on, where a local time may be skipped (no zone in the database changes them and
    back within two days)."""
    local = zone(tz)
    start = DateTime.combine(day, Time(0))
    return local.utcoffset(start) != local.utcoffset(start + timedelta(days=1))


def skipped_time_message(value: DateTime, tz: str) -> str:
    return (
        f"{value.isoformat(timespec='minutes')} never happened in {tz}: the clocks skip it "
        "(they go forward then); give a time after the change, or an offset"
    )


class Citation(Frozen):
    """Which source an item rests on, and the sentence it rests on, quoted."""

    ref: Id
    quote: Text


class Source(Frozen):
    """A text the itinerary was built from."""

    id: Id
    title: Text
    publisher: Text | None = None
    description: Text | None = None
    path: Text | None = None
    url: Text | None = None


class Person(Frozen):
    """Someone who travels or is met."""

    id: Id
    name: Text
    role: Text | None = None
    country: Text | None = None
    organisation: Text | None = None


class Stop(Frozen):
    """A place the principal visits. `place` is None when the source names no city."""

    id: Id
    place: Text | None = None
    country: Text
    tz: Text
    arrive: When | None = None
    depart: When | None = None
    # strict: `lat: true` or `lat: "35"` is a mistake, not 1.0 or 35.0
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False, strict=True)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False, strict=True)] | None = None
    status: Status
    source: Citation | None = None
    notes: Text | None = None

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)  # raises ValueError with suggestions
        return value

    @model_validator(mode="after")
    def _arrive_before_depart(self) -> Stop:
        for name, when in (("arrive", self.arrive), ("depart", self.depart)):
            skipped = skipped_time(when, self.tz)
            if skipped is not None:
                field, value = skipped
                raise ValueError(f"{name}.{field}: {skipped_time_message(value, self.tz)}")
        if self.arrive is not None and self.depart is not None:
            first_arrival, _ = self.arrive.local_days(self.tz)
            _, last_departure = self.depart.local_days(self.tz)
            if last_departure < first_arrival:
                raise ValueError(
                    f"departure ({last_departure.isoformat()} at the latest) is before "
                    f"arrival ({first_arrival.isoformat()} at the earliest)"
                )
            start, end = self.arrive.instant(self.tz), self.depart.instant(self.tz)
            if start is not None and end is not None and end < start:
                raise ValueError(
                    f"departure {end.isoformat()} is before arrival {start.isoformat()}"
                )
        return self

    @property
    def label(self) -> str:
        """Place and country for display; an unnamed city says so."""
        return (
            f"{self.place}, {self.country}" if self.place else f"{self.country} (city not stated)"
        )

    def possible_days(self) -> tuple[Date | None, Date | None]:
        """Earliest day the principal may be here and latest day, None where unknown."""
        return self._possible_days

    @cached_property
    def _possible_days(self) -> tuple[Date | None, Date | None]:
        first = self.arrive.local_days(self.tz)[0] if self.arrive else None
        last = self.depart.local_days(self.tz)[1] if self.depart else None
        return first, last


class Event(Frozen):
    """Something that happens during a stop: a meeting, summit, signing, meal, travel...

    `place` is the city only when the source names it. `participants` are person ids;
    `others` are unnamed or group participants in the source's words ("U.S. tech executives").
    `when` is None when the source gives no date.
    """

    id: Id
    kind: Kind
    title: Text
    stop: Id
    place: Text | None = None
    when: When | None = None
    participants: tuple[Id, ...] = ()
    others: tuple[Text, ...] = ()
    topics: tuple[Text, ...] = ()
    status: Status
    source: Citation
    notes: Text | None = None


#: Validation context key: the data passed the cross-field checks before, under the same code
#: and zone database (the cache's key says so), so they need not run again (they are ~40% of
#: validating 100,000 events).
CROSS_CHECKED = "cross_checked"


class Itinerary(Frozen):
    """A whole trip: who travels, the sources, the people, the stops and the events."""

    version: Literal[1] = 1
    id: Id
    title: Text
    principal: Id
    home_tz: Text
    summary: Text | None = None
    sources: tuple[Source, ...]
    people: tuple[Person, ...] = ()
    stops: tuple[Stop, ...]
    events: tuple[Event, ...] = ()

    @field_validator("home_tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _a_whole_number(cls, value: Any) -> Any:
        """`version: true` or `1.0` would pass as 1 (True == 1 == 1.0): refuse them."""
        if type(value) is not int:
            raise ValueError(f"must be the number {FORMAT_VERSION} (got {value!r})")
        return value

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        """A JSON export's `computed` block is output only: ignore it when reading back."""
        if isinstance(data, dict) and "computed" in data:
            data = {key: value for key, value in data.items() if key != "computed"}
        return data

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Itinerary:
        if info.context is not None and info.context.get(CROSS_CHECKED):
            return self  # this very data passed these checks before (see loader and cache)
        problems = list(_cross_reference_problems(self))
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def stops_by_id(self) -> dict[str, Stop]:
        return {stop.id: stop for stop in self.stops}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}

    @cached_property
    def stop_positions(self) -> dict[str, int]:
        """1-based travel order of each stop id (stops are listed in the order travelled)."""
        return {stop.id: index for index, stop in enumerate(self.stops, start=1)}

    @cached_property
    def event_positions(self) -> dict[str, int]:
        return {event.id: index for index, event in enumerate(self.events)}

    @property
    def extent(self) -> tuple[DateTime | None, DateTime | None]:
        """Midnight starting the first day any dated item may fall on (in its stop's zone),
        and the latest instant any may reach; None for both if nothing is dated.

        A first stop with no arrival (where a trip sets out from) begins on the day of its
        departure, not at any moment before it.
        """
        first, last, _ = self._dated
        return first, last

    @property
    def last_day(self) -> Date | None:
        """The last calendar day any dated item may fall on, each in its own stop's zone;
        None if nothing is dated. Where the trip's dates end, read as days: `extent`'s last
        instant may be the end of a day in a zone ahead of another stop's (a window ending
        October 30 in Kuala Lumpur ends at 01:00 on the 31st in Seoul)."""
        return self._dated[2]

    @cached_property
    def _dated(self) -> tuple[DateTime | None, DateTime | None, Date | None]:
        """`extent` and `last_day`, in one pass kept once worked out: a pass over every time
        value takes ~0.3 s at 100,000 events, and reading a moment, the stops' spans and
        `upcoming` all need them."""
        first: DateTime | None = None
        last: DateTime | None = None
        last_day: Date | None = None
        for tz, when in self._time_values():
            start, end = when.bounds(tz)
            if when.at is not None:  # a day or window already starts at its first midnight
                local = zone(tz)
                start = DateTime.combine(start.astimezone(local).date(), Time(0), tzinfo=local)
            if first is None or start < first:
                first = start
            if last is None or end > last:
                last = end
            day = when.local_days(tz)[1]
            if last_day is None or day > last_day:
                last_day = day
        return first, last, last_day

    def _time_values(self) -> Iterator[tuple[str, When]]:
        """Every time value (events, arrivals, departures) with its stop's zone."""
        for event in self.events:
            if event.when is not None:
                yield self.stop_of(event).tz, event.when
        for stop in self.stops:
            for when in (stop.arrive, stop.depart):
                if when is not None:
                    yield stop.tz, when

    def stop_of(self, event: Event) -> Stop:
        return self.stops_by_id[event.stop]

    @property
    def principal_person(self) -> Person:
        return self.people_by_id[self.principal]


def _problem(loc: tuple[str | int, ...], kind: str, message: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(kind, message),  # message is already formatted
        loc=loc,
        input=value,
    )


def _cross_reference_problems(trip: Any) -> list[InitErrorDetails]:
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
    for index, stop in enumerate(_items(trip, "stops")):
        check(
            ("stops", index, "source", "ref"),
            "source",
            _field(_field(stop, "source"), "ref"),
            sources,
        )
    for index, event in enumerate(_items(trip, "events")):
        check(
            ("events", index, "source", "ref"),
            "source",
            _field(_field(event, "source"), "ref"),
            sources,
        )
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
        last = first if end is None else (end - _INSTANT).astimezone(days.zone).date()
        return first <= days.latest and days.earliest <= last
    first = at.date()
    last = first if end is None else (end - _INSTANT).date()
    return (
        first <= days.latest
        and days.earliest <= last
        and not _clocks_change_on(days.tz, first)
        and (end is None or not _clocks_change_on(days.tz, end.date()))
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
    return _cross_reference_problems(data) if isinstance(data, dict) else []


def _field(item: Any, name: str) -> Any:
    """A field of a model or a key of a raw mapping; None when absent or not a container."""
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None) if isinstance(item, Frozen) else None


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
