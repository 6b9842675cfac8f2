"""Rich renderables for query results: tables and panels, no printing and no I/O.

Every value from the data goes through `cell()`, which makes control characters visible and
keeps Rich from reading markup in it, so a title cannot restyle or hijack the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from trip_tracker import formatting as fmt
from trip_tracker.model import Citation, Event, Itinerary, Person, Source, Stop
from trip_tracker.queries import Encounter, Item, Timing, Upcoming, surely_under_way
from trip_tracker.vocabulary import Status

if TYPE_CHECKING:  # only the agenda command, which imports it, passes one
    from datetime import date as Date

    from trip_tracker.agenda import Agenda

STATUS_STYLE = {
    Status.CONFIRMED: "bold green",
    Status.SCHEDULED: "green",
    Status.EXPECTED: "cyan",
    Status.REPORTED: "yellow",
    Status.UNDER_CONSIDERATION: "yellow",
    Status.SPECULATIVE: "magenta",
    Status.CANCELLED: "red strike",
}


def cell(value: str | None, style: str = "") -> Text:
    return Text(fmt.safe(value if value is not None else fmt.NOT_STATED), style=style)


def status_cell(status: Status) -> Text:
    """The status word, never wrapped (see `_NO_WRAP`): 'under-consideratio/n' misled."""
    return Text(status.value, style=STATUS_STYLE[status])


def when_cell(when_value: object, tz: str, show_tz: str | None = None) -> Text:
    from trip_tracker.model import When

    assert when_value is None or isinstance(when_value, When)
    text = Text(fmt.when_text(when_value, tz, show_tz))
    note = fmt.when_note(when_value)
    if note:
        text.append("\n" + fmt.safe(note), style="dim")
    return text


#: Columns whose values are identifiers or single words: never wrapped mid-value.
_NO_WRAP = frozenset({"#", "id", "stop", "status"})


def _table(title: str | None, *columns: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


def stops_table(trip: Itinerary, show_tz: str | None = None) -> Table:
    """The stops, each zone under its id, in the column that is never wrapped: a column of
    its own was folded with the others when the table did not fit, at 100 columns too
    ('Asia/Kuala_Lumpu' / 'r')."""
    table = _table(None, "stop", "place", "arrive", "depart", "status")
    for stop in trip.stops:
        names = cell(stop.id)
        names.append("\n" + fmt.safe(stop.tz), style="dim")
        table.add_row(
            names,
            cell(stop.label),
            when_cell(stop.arrive, stop.tz, show_tz),
            when_cell(stop.depart, stop.tz, show_tz),
            status_cell(stop.status),
        )
    return table


def events_table(
    trip: Itinerary,
    events: Sequence[Event],
    title: str | None = None,
    timings: dict[str, Timing] | None = None,
    show_tz: str | None = None,
    *,
    topics: bool = True,
) -> Table:
    columns = ["when", "what", "where", "who", *(["topics"] if topics else []), "status"]
    table = _table(title, *columns)
    for event in events:
        stop = trip.stop_of(event)
        when = when_cell(event.when, stop.tz, show_tz)
        if timings and timings.get(event.id) == "now" and event.status is not Status.CANCELLED:
            sure = surely_under_way(event)  # as `where` words it
            when.append("\nunder way" if sure else "\nmay be under way", style="bold")
        what = cell(event.title)
        what.append("\n" + fmt.safe(event.id), style="dim")
        row = [when, what, cell(fmt.place_text(trip, event)), cell(fmt.people_text(trip, event))]
        if topics:
            row.append(cell(fmt.topics_text(event)))
        table.add_row(*row, status_cell(event.status))
    return table


def upcoming_view(trip: Itinerary, result: Upcoming, show_tz: str | None = None) -> RenderableType:
    parts: list[RenderableType] = []
    if not result.anything_dated:
        parts.append(Text("Nothing in the itinerary is dated: it places no stop at any moment."))
    last = result.last_dated
    dated_items_over = not (result.events or result.current_stops or result.next_stop)
    if not result.end_stated and last is not None and last.when and dated_items_over:
        final = trip.stops[-1].place or trip.stops[-1].country
        parts.append(
            Text(
                fmt.safe(
                    f"Nothing dated is left to come: the last dated item was {last.title!r} on "
                    f"{fmt.when_text(last.when, trip.stop_of(last).tz, show_tz)}. No departure "
                    f"from {final} is stated, so the trip may not be over."
                )
            )
        )
    if result.current_stops:
        places = " or ".join(fmt.safe(stop.label) for stop in result.current_stops)
        if result.placed_by:  # an exact event under way, not the stops' dates, says so
            titles = " and ".join(repr(event.title) for event in result.placed_by)
            verb = "are" if len(result.placed_by) > 1 else "is"
            parts.append(Text(fmt.safe(f"Now: {places} ({titles} {verb} under way).")))
        elif result.probable is not None:  # as `where` says it
            others = " or ".join(
                fmt.safe(stop.label) for stop in result.current_stops if stop != result.probable
            )
            titles = " and ".join(repr(event.title) for event in result.probable_by)
            verb = "are" if len(result.probable_by) > 1 else "is"
            parts.append(
                Text(
                    fmt.safe(
                        f"Now: probably {result.probable.label} ({titles} {verb} that day); "
                        f"the itinerary's dates also allow {others}."
                    )
                )
            )
        else:
            parts.append(Text(f"Now: {places} (per the itinerary's dates)."))
    if result.next_stop is not None:
        stop = result.next_stop
        # The trip's starting point often has only a departure: say that rather than
        # "arriving date not stated".
        verb, when = (
            ("leaving", stop.depart)
            if stop.arrive is None and stop.depart is not None
            else ("arriving", stop.arrive)
        )
        # Before the trip, its starting point is where it sets out from, not a stop ahead
        start = stop is trip.stops[0] and verb == "leaving"
        lead = "The trip sets out from" if start else "Next stop:"
        # with how sure: 'arriving 2025-10-26' read as settled where the source only expects it
        moment = fmt.when_full(when, stop.tz, show_tz)
        parts.append(
            Text(f"{lead} {fmt.safe(stop.label)}, {verb} {moment}; status: {stop.status.value}.")
        )
    if result.events:
        timings = {event.id: state for event, state in result.events}
        events = [event for event, _ in result.events]
        parts.append(events_table(trip, events, "Coming up", timings, show_tz, topics=False))
    if result.undated:
        title = "Not yet dated (the source gives no date)"
        parts.append(events_table(trip, result.undated, title, show_tz=show_tz, topics=False))
    return Group(*parts)


def people_table(
    trip: Itinerary, encounters: Sequence[Encounter], show_tz: str | None = None
) -> Table:
    table = _table(None, "person", "id", "role", "affiliation", "meets the principal")
    for encounter in encounters:
        person = encounter.person
        if person.id == trip.principal:
            meets = Text("(the principal)", style="bold")
        elif not encounter.events:
            meets = Text("no meeting in the itinerary", style="dim")
        else:
            meets = Text()
            for number, event in enumerate(encounter.events):
                stop = trip.stop_of(event)
                if number:
                    meets.append("\n")
                meets.append(event.status.value, style=STATUS_STYLE[event.status])
                meets.append(
                    fmt.safe(
                        f": {event.title} ({event.id}); {fmt.place_text(trip, event)}; "
                        f"{fmt.when_full(event.when, stop.tz, show_tz)}"
                    )
                )
        table.add_row(
            cell(person.name),
            cell(person.id, "dim"),
            cell(person.role),
            cell(fmt.affiliation(person)),
            meets,
        )
    return table


def item_view(trip: Itinerary, item: Item, show_tz: str | None = None) -> Table:
    """One item in full, as field/value rows, ending with its source and quote."""
    table = Table(box=box.SIMPLE, show_header=False, show_edge=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in _item_rows(trip, item, show_tz):
        table.add_row(name, value)
    return table


def _item_rows(trip: Itinerary, item: Item, show_tz: str | None) -> list[tuple[str, Text]]:
    source: Citation | None
    if isinstance(item, Event):
        stop = trip.stop_of(item)
        rows = [
            ("event", cell(item.id)),
            ("title", cell(item.title, "bold")),
            ("kind", cell(item.kind.value)),
            ("status", status_cell(item.status)),
            ("when", when_cell(item.when, stop.tz, show_tz)),
            ("where", cell(fmt.place_text(trip, item))),
            ("stop", cell(f"{stop.id}: {stop.label}")),
            ("who", cell(fmt.people_text(trip, item))),
            ("topics", cell(fmt.topics_text(item))),
        ]
        if item.when is not None and item.when.derived:
            rows.append(("derived", cell(item.when.derived)))
        source = item.source
    elif isinstance(item, Stop):
        rows = [
            ("stop", cell(item.id)),
            ("place", cell(fmt.stop_place(item))),
            ("country", cell(item.country)),
            ("zone", cell(item.tz)),
            ("arrive", when_cell(item.arrive, item.tz, show_tz)),
            ("depart", when_cell(item.depart, item.tz, show_tz)),
            ("status", status_cell(item.status)),
        ]
        if item.lat is not None and item.lon is not None:
            rows.append(("coordinates", cell(f"{item.lat}, {item.lon}")))
        for label, when in (("arrival derived", item.arrive), ("departure derived", item.depart)):
            if when is not None and when.derived:
                rows.append((label, cell(when.derived)))
        events = [event.id for event in trip.events if event.stop == item.id]
        rows.append(("events", cell(", ".join(events) or "none")))
        source = item.source
    elif isinstance(item, Person):
        rows = [
            ("person", cell(item.id)),
            ("name", cell(item.name, "bold")),
            ("role", cell(item.role)),
            ("country", cell(item.country)),
        ]
        if item.organisation:
            rows.append(("organisation", cell(item.organisation)))
        events = [event.id for event in trip.events if item.id in event.participants]
        rows.append(("events", cell(", ".join(events) or "none")))
        return rows
    else:
        return _source_rows(item)
    if item.notes:
        rows.append(("notes", cell(item.notes)))
    if source is not None:
        origin = trip.sources_by_id[source.ref]
        rows.append(("source", cell(f"{origin.title} [{origin.id}]")))
        rows.append(("quote", cell(f"“{source.quote}”", "italic")))
    return rows


def _source_rows(source: Source) -> list[tuple[str, Text]]:
    rows = [("source", cell(source.id)), ("title", cell(source.title, "bold"))]
    for name in ("publisher", "description", "path", "url"):
        value = getattr(source, name)
        if value:
            rows.append((name, cell(value)))
    return rows


def agenda_view(trip: Itinerary, result: Agenda, also_tz: str | None = None) -> RenderableType:
    """One table, a section per day (exact times, then whole days, then spans), then the
    undated items; the day is named on the first row of its section."""
    zone_words = (
        f"times in {result.show_tz}, days cut in that zone"
        if result.show_tz
        else "times in each stop's own zone"
    )
    also_label = ("home time" if also_tz == trip.home_tz else also_tz) if also_tz else None
    columns = ["day", "time", *([also_label] if also_label else []), "what", "where"]
    table = _table(f"Agenda ({zone_words})", *columns, "status")
    table.columns[0].no_wrap = True
    sections: list[tuple[str, Date | None, Sequence[Event]]] = [
        (f"{fmt.weekday(day.day)} {day.day.isoformat()}", day.day, day.events)
        for day in result.days
    ]
    if result.undated:
        sections.append(("no date", None, result.undated))
    for label, section_day, events in sections:
        for number, event in enumerate(events):
            stop = trip.stop_of(event)
            time = Text(fmt.agenda_time(event.when, stop.tz, result.show_tz, section_day))
            note = fmt.when_note(event.when)
            if note:
                time.append("\n" + fmt.safe(note), style="dim")
            also = [cell(fmt.agenda_also(event.when, stop.tz, also_tz))] if also_tz else []
            what = cell(event.title)
            what.append("\n" + fmt.safe(event.id), style="dim")  # as in the other event tables
            table.add_row(
                Text(label if number == 0 else "", style="bold"),
                time,
                *also,
                what,
                cell(fmt.place_text(trip, event)),
                status_cell(event.status),
                end_section=number == len(events) - 1,
            )
    return table
