"""Views across time: the agenda by day, where someone is, and when two people meet."""

from __future__ import annotations

from typing import NoReturn

import click

from trip_tracker import completion as complete
from trip_tracker import output
from trip_tracker.cli_options import (
    begins_reading,
    file_option,
    format_option,
    moment,
    resolve_tz,
    session,
    tz_option,
)
from trip_tracker.commands.listing import emit_events


@click.command(
    epilog="\b\nExamples:\n  trip agenda\n  trip agenda --day 2025-10-29 --tz America/New_York\n"
    "  trip agenda --from 'Oct 28' --until 'Oct 30' --tz Asia/Seoul --also home\n"
    "  trip agenda --format csv"
)
@file_option
@click.option("--day", metavar="DATE", help="Only this day (2025-10-29, Oct 29, today, +1d).")
@click.option("--from", "from_day", metavar="DATE", help="First day to show.")
@click.option("--until", "until_day", metavar="DATE", help="Last day to show.")
@tz_option
@click.option(
    "--also",
    "also",
    metavar="home|ZONE",
    help="Add a column with each exact time in a second zone (home: the trip's home zone).",
)
@format_option("table", "json", "csv")
@begins_reading
def agenda(
    day: str | None,
    from_day: str | None,
    until_day: str | None,
    tz: str,
    also: str | None,
    output_format: str,
) -> None:
    """Day by day: exact-time items in order, then whole-day items, then windows ("sometime
    Oct 28–30", listed once under their first day shown), and undated items at the end.

    Days are cut in the --tz zone: 09:00 on Oct 30 in Seoul is 20:00 on Oct 29 with
    --tz America/New_York. Days and windows are never given a time; they keep their own
    dates in every zone."""
    from trip_tracker import agenda as agenda_module
    from trip_tracker.formatting import event_json
    from trip_tracker.timeparse import day_range

    state = session()
    trip = state.trip()
    show_tz = resolve_tz(trip, tz)
    also_tz = resolve_tz(trip, also, "--also") if also is not None else None
    if also is not None and also_tz is None:
        raise_usage("--also needs 'home' or a zone name; 'local' is what the time column shows")
    if day and (from_day or until_day):
        raise_usage("give --day, or --from/--until, not both")

    asked = (day, day) if day else (from_day, until_day)
    first, last = day_range(*asked, trip, state.clock, show_tz)
    result = agenda_module.agenda(trip, show_tz, first, last)
    if result.empty:
        bounds = [
            f"from {first.isoformat()}" if first else "",
            f"until {last.isoformat()}" if last else "",
        ]
        output.note("nothing in the agenda " + (" ".join(b for b in bounds if b) or "at all"))
    if output_format == "json":
        output.emit_json(
            {
                "zone": show_tz or "local",
                "days": (
                    {
                        "day": entry.day.isoformat(),
                        "events": (event_json(trip, event, show_tz) for event in entry.events),
                    }
                    for entry in result.days
                ),
                "undated": (event_json(trip, event, show_tz) for event in result.undated),
            }
        )
        return
    if output_format == "csv":
        from trip_tracker import csvrows

        rows = [
            [entry.day.isoformat(), *csvrows.event_row(trip, event, show_tz)]
            for entry in result.days
            for event in entry.events
        ]
        rows += [[None, *csvrows.event_row(trip, event, show_tz)] for event in result.undated]
        output.emit_csv(csvrows.AGENDA_COLUMNS, rows)
        return
    if not result.empty:
        from trip_tracker import render

        output.show(render.agenda_view(trip, result, also_tz))


def raise_usage(message: str) -> NoReturn:
    from trip_tracker.errors import UsageError

    raise UsageError(message)


@click.command(
    epilog="\b\nExamples:\n  trip where\n  trip where --at '2025-10-27 12:00'\n"
    "  trip where xi --at 2025-10-30\n  trip where --at '2025-10-30T09:00+09:00' --format json"
)
@file_option
@click.argument("person", required=False, metavar="[PERSON]", shell_complete=complete.people)
@click.option(
    "--at",
    "--as-of",  # the name `upcoming` and `export` give the moment
    "at",
    metavar="WHEN",
    default="now",
    show_default=True,
    help="The moment: 2025-10-29 14:00, Oct 29, 2025-10-29T05:00Z, now, +2d. A time without "
    "a zone is read in the zone where the principal is then (--tz overrides).",
)
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def where(person: str | None, at: str, tz: str, output_format: str) -> None:
    """Where the principal (or PERSON) is at a moment, and how sure the itinerary lets us be:
    firm, probable, possible (several stops fit) or unknown. The principal's place comes
    from the stops' dates; anyone else's from the meetings they are in."""
    from trip_tracker import formatting as fmt
    from trip_tracker import queries, whereabouts

    state = session()
    trip = state.trip()
    show_tz = resolve_tz(trip, tz)
    who = queries.find_person(trip.people, person) if person else trip.principal_person
    instant = moment(at, trip, state.clock, show_tz)
    found = whereabouts.where(trip, who, instant)
    lines = whereabouts.describe(trip, found, show_tz)
    if output_format == "json":
        output.emit_json(
            {
                "person": {"id": who.id, "name": who.name},
                "at": instant.isoformat(),
                "principal": found.principal,
                "certainty": found.certainty,
                "stops": [fmt.stop_json(trip, stop, show_tz) for stop in found.stops],
                "events": (fmt.event_json(trip, event, show_tz) for event in found.events),
                "summary": lines[0],
                "evidence": lines[1:],
            }
        )
        return
    if output_format == "csv":
        from trip_tracker import csvrows

        at_text = instant.isoformat()
        rows: list[list[object]] = [
            [
                who.id,
                at_text,
                found.certainty,
                stop.id,
                whereabouts.place_of(found, stop),
                stop.country,
                [event.id for event in found.events if event.stop == stop.id],
                lines[0],
            ]
            for stop in found.stops
        ]
        if not rows:
            events = [event.id for event in found.events]
            rows.append([who.id, at_text, found.certainty, None, None, None, events, lines[0]])
        output.emit_csv(csvrows.WHERE_COLUMNS, rows)
        return
    # Plain lines, not a Rich table: a sentence should never be cut at the terminal's width.
    output.echo(fmt.safe(lines[0]))
    for line in lines[1:]:
        output.echo("  " + fmt.safe(line))


@click.command(
    epilog="\b\nExamples:\n  trip together trump xi\n  trip together xi trump --format json\n"
    "  trip together 'Lee Jae' trump --tz America/New_York --format csv"
)
@file_option
@click.argument("first", metavar="A", shell_complete=complete.people)
@click.argument("second", metavar="B", shell_complete=complete.people)
@tz_option
@format_option("table", "json", "csv")
@begins_reading
def together(first: str, second: str, tz: str, output_format: str) -> None:
    """When and where two people are in the same place: every event both are named in,
    in time order, with its date at its precision and how sure it is."""
    from trip_tracker import queries

    trip = session().trip(queries.together_selector([first, second]))  # only their events
    show_tz = resolve_tz(trip, tz)
    a, b = queries.find_person(trip.people, first), queries.find_person(trip.people, second)
    if a.id == b.id:
        raise_usage(f"'{first}' and '{second}' are both {a.name}; name two different people")
    found = queries.together(trip, a, b)
    if not found:
        output.note(f"{a.name} and {b.name} are in no event together")
    elif output_format == "table":
        count = f"{len(found)} event" + ("s" if len(found) > 1 else "")
        # "named together": an item may be only reported or speculative (see its status)
        output.echo(f"{a.name} and {b.name} are named together in {count}:")
    emit_events(trip, found, output_format, show_tz)
