"""The day-by-day agenda: which items fall on which day, with days cut in a chosen zone.

Exact times move to the day they fall on in the chosen zone (09:00 in Seoul on Oct 30 is
20:00 on Oct 29 in Washington). Whole days and windows are never given a time; in another
zone they cover every day they overlap there (Oct 30 in Seoul is Oct 29-30 in Washington)
and are listed once, under the first of those days that is shown, with their own dates;
undated items come once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta

from trip_tracker.model import Event, Itinerary
from trip_tracker.queries import Span, chronological, end_stated, event_days, stop_spans


@dataclass(frozen=True)
class Day:
    """One day of the agenda: exact items in time order, then whole-day items, then spans."""

    day: Date
    exact: tuple[Event, ...]
    whole_day: tuple[Event, ...]
    spans: tuple[Event, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return self.exact + self.whole_day + self.spans


@dataclass(frozen=True)
class Agenda:
    show_tz: str | None
    first_day: Date | None
    last_day: Date | None
    days: tuple[Day, ...]
    undated: tuple[Event, ...]

    @property
    def empty(self) -> bool:
        return not self.days and not self.undated


def agenda(
    trip: Itinerary,
    show_tz: str | None = None,
    first_day: Date | None = None,
    last_day: Date | None = None,
) -> Agenda:
    """Every event by day from `first_day` to `last_day` (inclusive; None: unbounded).

    `show_tz` is the zone exact times are cut into days in; None means each stop's own zone.
    Undated events are kept when their stop may fall within the days asked for.
    """
    buckets: dict[Date, tuple[list[Event], list[Event], list[Event]]] = {}
    undated: list[Event] = []
    stays = stop_spans(trip)
    if not end_stated(trip):  # no departure from the last stop: its undated items may still
        last_stop = trip.stops[-1].id  # come after its last dated day, as `upcoming` says
        stays[last_stop] = (stays[last_stop][0], None)
    for event in chronological(trip, trip.events):
        if event.when is None:
            tz = show_tz or trip.stop_of(event).tz
            if _stop_within(stays[event.stop], tz, first_day, last_day):
                undated.append(event)
            continue
        first, last = event_days(trip, event, show_tz)
        if (first_day is not None and last < first_day) or (
            last_day is not None and first > last_day
        ):
            continue
        anchor = max(first, first_day) if first_day is not None else first
        exact, whole, spans = buckets.setdefault(anchor, ([], [], []))
        if event.when.at is not None:
            exact.append(event)
        elif event.when.date is not None:
            whole.append(event)
        else:
            spans.append(event)
    days = []
    for day in sorted(buckets):
        exact, whole, spans = buckets[day]
        exact.sort(key=lambda event: _instant(trip, event))
        days.append(Day(day, tuple(exact), tuple(whole), tuple(spans)))
    return Agenda(show_tz, first_day, last_day, tuple(days), tuple(undated))


def _instant(trip: Itinerary, event: Event) -> float:
    assert event.when is not None
    return event.when.bounds(trip.stop_of(event).tz)[0].timestamp()


def _stop_within(
    stay: Span,
    tz: str,
    first_day: Date | None,
    last_day: Date | None,
) -> bool:
    """Whether the principal may be at a stop (its `stay`, from `stop_spans`) on some day in
    the range, days cut in `tz` (the shown zone, else the stop's), as the dated items are."""
    start, end = stay
    from trip_tracker.zones import zone

    # The span's end is exclusive: a stop left at midnight is not there on the next day.
    if first_day is not None and end is not None:
        last = (end.astimezone(zone(tz)) - timedelta(microseconds=1)).date()
        if last < first_day:
            return False
    return not (
        last_day is not None and start is not None and start.astimezone(zone(tz)).date() > last_day
    )
