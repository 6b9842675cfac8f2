"""Commands that list or show what the itinerary holds: stops, upcoming, meetings, people, show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from trip_tracker import completion as complete
from trip_tracker import output
from trip_tracker.cli_options import (
    as_of_option,
    begins_reading,
    file_option,
    format_option,
    moment,
    resolve_tz,
    session,
    tz_option,
    words_needed,
)
from trip_tracker.vocabulary import Kind, Status

# What a command needs to answer (pydantic models, queries) is imported when it runs: `--help`,
# a usage error and shell completion of an option stay as light as `trip --help`.
if TYPE_CHECKING:
    from trip_tracker.model import Event, Itinerary
    from trip_tracker.queries import MeetingFilter

#: Terminal width from which event tables also show a topics column.
WIDE_TABLE = 100


@click.command(
    epilog="\b\nExamples:\n  trip stops\n  trip stops --format json\n  trip stops --tz home"
    "\n  trip -f my-trip.yaml stops --format csv"
)
@file_option
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def stops(tz: str, output_format: str) -> None:
    """Every stop in travel order: place, country, arrival and departure (at the precision
    the source gives: exact, day, or a window, and whether derived), zone and status."""
    from trip_tracker import formatting as fmt

    trip = session().trip()
    show_tz = resolve_tz(trip, tz)
    if output_format == "json":
        output.emit_json(fmt.stop_json(trip, stop, show_tz) for stop in trip.stops)
        return
    if output_format == "csv":
        from trip_tracker import csvrows

        output.emit_csv(
            csvrows.STOP_COLUMNS, (csvrows.stop_row(trip, stop, show_tz) for stop in trip.stops)
        )
        return
    from trip_tracker import render

    output.show(render.stops_table(trip, show_tz))


@click.command(
    epilog="\b\nExamples:\n  trip upcoming\n  trip upcoming --as-of 2025-10-25\n"
    "  trip upcoming --as-of '2025-10-29 14:00' --format json\n"
    "  trip upcoming --as-of 'Oct 29 09:00' --tz Asia/Seoul --format csv"
)
@file_option
@as_of_option
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def upcoming(as_of: str, tz: str, output_format: str) -> None:
    """What comes next after a moment: the stop under way or next, then every event not yet
    over, in travel order; undated events last. Says plainly when the trip is over."""
    from trip_tracker import formatting as fmt
    from trip_tracker import queries
    from trip_tracker.zones import zone

    state = session()
    trip = state.trip()
    show_tz = resolve_tz(trip, tz)
    instant = moment(as_of, trip, state.clock, show_tz)
    result = queries.upcoming(trip, instant)
    if output_format == "csv":
        from trip_tracker import csvrows

        rows = csvrows.upcoming_rows(trip, result, show_tz)
        if not rows:  # a header alone would not say why (JSON has "over", the table a sentence)
            output.note(f"nothing is left to come as of {fmt.moment_text(instant)}")
        output.emit_csv(csvrows.UPCOMING_COLUMNS, rows)
        return
    if output_format == "json":
        output.emit_json(fmt.upcoming_json(trip, result, instant, show_tz))
        return
    if result.over:
        last = result.last_dated
        where = ""
        if last is not None:
            where = (
                f" The last dated item was {last.title!r} on "
                + fmt.when_text(last.when, trip.stop_of(last).tz)
                + "."
            )
        look_back = result.first_day or "YYYY-MM-DD"
        output.echo(
            fmt.safe(
                f"The trip is over as of {fmt.moment_text(instant)}: nothing is left to "
                f"come.{where} To look back, give an earlier moment: "
                f"trip upcoming --as-of {look_back}"
            )
        )
        return
    from trip_tracker import render

    shown = instant.astimezone(zone(show_tz)) if show_tz else instant
    output.echo(fmt.safe(f"As of {fmt.moment_text(shown)}:"))
    output.show(render.upcoming_view(trip, result, show_tz))


@click.command(
    epilog="\b\nExamples:\n  trip meetings\n  trip meetings --with xi\n"
    "  trip meetings --with trump --with lee --status scheduled --status confirmed\n"
    "  trip meetings --from 2025-10-29 --until 2025-10-30 --tz America/New_York\n"
    "  trip meetings --topic trade --format csv\n"
    "  trip meetings --country 'South Korea' --format json"
)
@file_option
@click.option(
    "--with",
    "with_people",
    multiple=True,
    metavar="PERSON",
    shell_complete=complete.people,
    help="Only meetings with this person (id or any part of the name, any case or accents). "
    "Repeat to require several people.",
)
@click.option(
    "--country", metavar="COUNTRY", callback=words_needed, help="Only meetings in this country."
)
@click.option(
    "--place",
    metavar="PLACE",
    callback=words_needed,
    help="Only meetings in this city: the event's own when stated, else its stop's.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Only events of this kind (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in Status]),
    help="Only items with this status (repeatable: any of them).",
)
@click.option(
    "--topic",
    metavar="WORDS",
    callback=words_needed,
    help="Only meetings whose topics or title mention this.",
)
@click.option(
    "--from",
    "from_day",
    metavar="DATE",
    help="Only meetings that may fall on this day or later (undated ones are left out).",
)
@click.option(
    "--until",
    "until_day",
    metavar="DATE",
    help="Only meetings that may fall on this day or earlier (undated ones are left out).",
)
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def meetings(
    with_people: tuple[str, ...],
    country: str | None,
    place: str | None,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    topic: str | None,
    from_day: str | None,
    until_day: str | None,
    tz: str,
    output_format: str,
) -> None:
    """Who meets whom, where, when, about what, and how sure: every event but travel, in
    time order. Filters combine: every one given must hold. Exact times are cut into days
    in the --tz zone for --from/--until; days and windows keep their own dates."""
    from trip_tracker import queries
    from trip_tracker.timeparse import day_range

    state = session()
    wanted_kinds = tuple(Kind(kind) for kind in kinds)
    wanted_statuses = tuple(Status(status) for status in statuses)
    # Only the events that can match need building (see `queries.meetings_selector`).
    per_event = place is None and from_day is None and until_day is None
    select = queries.meetings_selector(with_people, wanted_kinds, wanted_statuses)
    trip = state.trip(select if per_event else None)
    show_tz = resolve_tz(trip, tz)
    first_day, last_day = day_range(from_day, until_day, trip, state.clock, show_tz)
    wanted = queries.MeetingFilter(
        with_people=tuple(queries.find_person(trip.people, name) for name in with_people),
        country=country,
        place=place,
        kinds=wanted_kinds,
        statuses=wanted_statuses,
        topic=topic,
        first_day=first_day,
        last_day=last_day,
        day_tz=show_tz,
    )
    found = queries.meetings(trip, wanted)
    if not found:
        output.note("no meetings match " + describe_filters(wanted))
    emit_events(trip, found, output_format, show_tz)


def emit_events(
    trip: Itinerary, events: list[Event], output_format: str, show_tz: str | None
) -> None:
    """A list of events as json, csv or a table (nothing at all for an empty table)."""
    if output_format == "json":
        from trip_tracker.formatting import event_json

        output.emit_json(event_json(trip, event, show_tz) for event in events)
        return
    if output_format == "csv":
        from trip_tracker import csvrows

        output.emit_csv(
            csvrows.EVENT_COLUMNS, (csvrows.event_row(trip, event, show_tz) for event in events)
        )
        return
    if events:
        from trip_tracker import render

        # Below 100 columns the topics column would squeeze titles into broken words;
        # `trip show ID` and the json/csv formats still carry the topics.
        wide = output.console().width >= WIDE_TABLE
        output.show(render.events_table(trip, events, show_tz=show_tz, topics=wide))


def describe_filters(wanted: MeetingFilter) -> str:
    parts = [f"with {person.name}" for person in wanted.with_people]
    parts += [f"in country {wanted.country!r}"] if wanted.country else []
    parts += [f"in place {wanted.place!r}"] if wanted.place else []
    parts += [f"of kind {', '.join(kind.value for kind in wanted.kinds)}"] if wanted.kinds else []
    if wanted.statuses:
        parts.append(f"with status {', '.join(status.value for status in wanted.statuses)}")
    parts += [f"about {wanted.topic!r}"] if wanted.topic else []
    parts += [f"from {wanted.first_day.isoformat()}"] if wanted.first_day else []
    parts += [f"until {wanted.last_day.isoformat()}"] if wanted.last_day else []
    return " ".join(parts) or "(no filters)"


@click.command(
    epilog="\b\nExamples:\n  trip people\n  trip people --format json\n"
    "  trip people --tz home --format csv"
)
@file_option
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def people(tz: str, output_format: str) -> None:
    """Everyone in the itinerary: role, country, and where and when they meet the principal."""
    from trip_tracker import formatting as fmt
    from trip_tracker import queries

    trip = session().trip()
    show_tz = resolve_tz(trip, tz)
    encounters = queries.people(trip)
    if output_format == "csv":
        from trip_tracker import csvrows

        output.emit_csv(
            csvrows.PEOPLE_COLUMNS,
            (
                [
                    item.person.id,
                    item.person.name,
                    item.person.role,
                    item.person.country,
                    item.person.organisation,
                    item.person.id == trip.principal,
                    [event.id for event in item.events],
                ]
                for item in encounters
            ),
        )
        return
    if output_format == "json":
        output.emit_json(
            {
                "id": item.person.id,
                "name": item.person.name,
                "role": item.person.role,
                "country": item.person.country,
                "organisation": item.person.organisation,
                "principal": item.person.id == trip.principal,
                "meetings": (fmt.event_json(trip, event, show_tz) for event in item.events),
            }
            for item in encounters
        )
        return
    from trip_tracker import render

    output.show(render.people_table(trip, encounters, show_tz))


@click.command(
    epilog="\b\nExamples:\n  trip show meet-xi\n  trip show south-korea\n"
    "  trip show xi --format json\n  trip show meet-xi --tz America/New_York"
)
@file_option
@click.argument("item_id", metavar="ID", shell_complete=complete.item_ids)
@tz_option
@format_option("table", "json")
@begins_reading
def show(item_id: str, tz: str, output_format: str) -> None:
    """One item in full (an event, stop, person or source), with the sentence it rests on."""
    from trip_tracker import formatting as fmt
    from trip_tracker import queries
    from trip_tracker.model import Event, Person, Stop

    trip = session().trip()
    show_tz = resolve_tz(trip, tz)
    item = queries.find_item(trip, item_id)
    if output_format == "json":
        # In full, as the table: a stop's coordinates, notes and source, and the events of
        # a stop or a person (ids; `show EVENT` gives each).
        if isinstance(item, Event):
            output.emit_json(fmt.event_json(trip, item, show_tz))
        elif isinstance(item, Stop):
            extra = {"lat": item.lat, "lon": item.lon, "notes": item.notes}
            events = [event.id for event in trip.events if event.stop == item.id]
            output.emit_json(
                fmt.stop_json(trip, item, show_tz)
                | extra
                | {"source": _dump(item.source), "events": events}
            )
        elif isinstance(item, Person):
            events = [event.id for event in trip.events if item.id in event.participants]
            output.emit_json(item.model_dump(mode="json") | {"events": events})
        else:
            output.emit_json(item.model_dump(mode="json"))
        return
    from trip_tracker import render

    output.show(render.item_view(trip, item, show_tz))


def _dump(value: Any) -> Any:
    from trip_tracker.model import plain

    return None if value is None else plain(value)
