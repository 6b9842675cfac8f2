"""Commands that list or show what the itinerary holds: stops, upcoming, meetings, people, show."""

from __future__ import annotations

from typing import Any

import click

from trip_tracker import formatting as fmt
from trip_tracker import output, queries
from trip_tracker.cli_options import as_of_option, file_option, format_option, session
from trip_tracker.model import Event, Itinerary, Kind, Status, Stop


def stop_json(trip: Itinerary, stop: Stop) -> dict[str, Any]:
    return {
        "order": trip.stop_positions[stop.id],
        "id": stop.id,
        "place": stop.place,
        "country": stop.country,
        "tz": stop.tz,
        "arrive": fmt.when_json(stop.arrive, stop.tz),
        "depart": fmt.when_json(stop.depart, stop.tz),
        "status": stop.status.value,
    }


def event_json(trip: Itinerary, event: Event) -> dict[str, Any]:
    stop = trip.stop_of(event)
    return {
        "id": event.id,
        "kind": event.kind.value,
        "title": event.title,
        "stop": stop.id,
        "place": event.place,
        "country": stop.country,
        "when": fmt.when_json(event.when, stop.tz),
        "participants": [
            {"id": pid, "name": trip.people_by_id[pid].name} for pid in event.participants
        ],
        "others": list(event.others),
        "topics": list(event.topics),
        "status": event.status.value,
        "source": {"ref": event.source.ref, "quote": event.source.quote},
        "notes": event.notes,
    }


@click.command(
    epilog="\b\nExamples:\n  trip stops\n  trip stops --format json\n  trip -f my-trip.yaml stops"
)
@file_option
@format_option("table", "json")
def stops(output_format: str) -> None:
    """Every stop in travel order: place, country, arrival and departure (at the precision
    the source gives: exact, day, or a window, and whether derived), zone and status."""
    trip = session().trip()
    if output_format == "json":
        output.emit_json([stop_json(trip, stop) for stop in trip.stops])
        return
    from trip_tracker import render

    output.show(render.stops_table(trip))


@click.command(
    epilog="\b\nExamples:\n  trip upcoming\n  trip upcoming --as-of 2025-10-25\n"
    "  trip upcoming --as-of '2025-10-29 14:00' --format json"
)
@file_option
@as_of_option
@format_option("table", "json")
def upcoming(as_of: str, output_format: str) -> None:
    """What comes next after a moment: the stop under way or next, then every event not yet
    over, in travel order; undated events last. Says plainly when the trip is over."""
    from trip_tracker.timeparse import parse_moment

    state = session()
    trip = state.trip()
    moment = parse_moment(as_of, trip, state.clock)
    result = queries.upcoming(trip, moment.instant)
    if output_format == "json":
        output.emit_json(
            {
                "as_of": moment.instant.isoformat(),
                "over": result.over,
                "current_stops": [stop.id for stop in result.current_stops],
                "next_stop": result.next_stop.id if result.next_stop else None,
                "events": [
                    event_json(trip, event) | {"timing": timing} for event, timing in result.events
                ],
                "undated": [event_json(trip, event) for event in result.undated],
            }
        )
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
        click.echo(
            fmt.safe(
                f"The trip is over as of {fmt.moment_text(moment.instant)}: nothing is left to "
                f"come.{where} To look back, give an earlier moment: "
                f"trip upcoming --as-of {look_back}"
            )
        )
        return
    from trip_tracker import render

    click.echo(fmt.safe(f"As of {fmt.moment_text(moment.instant)}:"))
    output.show(render.upcoming_view(trip, result))


@click.command(
    epilog="\b\nExamples:\n  trip meetings\n  trip meetings --with xi\n"
    "  trip meetings --country 'South Korea' --format json"
)
@file_option
@click.option(
    "--with",
    "with_people",
    multiple=True,
    metavar="PERSON",
    help="Only meetings with this person (any part of the name, any case or accents). "
    "Repeat to require several people.",
)
@click.option("--country", metavar="COUNTRY", help="Only meetings in this country.")
@click.option("--place", metavar="PLACE", help="Only meetings in this city or stop place.")
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
    help="Only items with this status (repeatable).",
)
@format_option("table", "json")
def meetings(
    with_people: tuple[str, ...],
    country: str | None,
    place: str | None,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    output_format: str,
) -> None:
    """Who meets whom, where, when, about what, and how sure: every event but travel."""
    trip = session().trip()
    wanted = queries.MeetingFilter(
        with_people=tuple(queries.find_person(trip, name) for name in with_people),
        country=country,
        place=place,
        kinds=tuple(Kind(kind) for kind in kinds),
        statuses=tuple(Status(status) for status in statuses),
    )
    found = queries.meetings(trip, wanted)
    if not found:
        output.note("no meetings match " + _describe_filters(wanted))
    if output_format == "json":
        output.emit_json([event_json(trip, event) for event in found])
        return
    if found:
        from trip_tracker import render

        output.show(render.events_table(trip, found))


def _describe_filters(wanted: queries.MeetingFilter) -> str:
    parts = [f"with {person.name}" for person in wanted.with_people]
    parts += [f"in country {wanted.country!r}"] if wanted.country else []
    parts += [f"in place {wanted.place!r}"] if wanted.place else []
    parts += [f"of kind {', '.join(kind.value for kind in wanted.kinds)}"] if wanted.kinds else []
    if wanted.statuses:
        parts.append(f"with status {', '.join(status.value for status in wanted.statuses)}")
    return " ".join(parts) or "(no filters)"


@click.command(epilog="\b\nExamples:\n  trip people\n  trip people --format json")
@file_option
@format_option("table", "json")
def people(output_format: str) -> None:
    """Everyone in the itinerary: role, country, and where and when they meet the principal."""
    trip = session().trip()
    encounters = queries.people(trip)
    if output_format == "json":
        output.emit_json(
            [
                {
                    "id": item.person.id,
                    "name": item.person.name,
                    "role": item.person.role,
                    "country": item.person.country,
                    "organisation": item.person.organisation,
                    "principal": item.person.id == trip.principal,
                    "meetings": [event_json(trip, event) for event in item.events],
                }
                for item in encounters
            ]
        )
        return
    from trip_tracker import render

    output.show(render.people_table(trip, encounters))


@click.command(
    epilog="\b\nExamples:\n  trip show meet-xi\n  trip show south-korea\n"
    "  trip show xi --format json"
)
@file_option
@click.argument("item_id", metavar="ID")
@format_option("table", "json")
def show(item_id: str, output_format: str) -> None:
    """One item in full (an event, stop, person or source), with the sentence it rests on."""
    trip = session().trip()
    item = queries.find_item(trip, item_id)
    if output_format == "json":
        if isinstance(item, Event):
            output.emit_json(event_json(trip, item))
        elif isinstance(item, Stop):
            output.emit_json(stop_json(trip, item) | {"source": _dump(item.source)})
        else:
            output.emit_json(item.model_dump(mode="json"))
        return
    from trip_tracker import render

    output.show(render.item_view(trip, item))


def _dump(value: Any) -> Any:
    return None if value is None else value.model_dump(mode="json")
