"""`trip validate`: load a file and report every problem, or one line saying it is fine."""

from __future__ import annotations

import click

from trip_tracker import output
from trip_tracker.cli_options import file_option, session_with_file


@click.command(
    epilog="\b\nExamples:\n  trip validate my-trip.yaml\n  trip validate            "
    "# the file from -f/$TRIP_FILE, else the shipped one\n  cat my-trip.yaml | trip validate -"
)
@file_option
@click.argument("path", required=False, metavar="[FILE]")
def validate(path: str | None) -> None:
    """Check an itinerary file: every problem with file:line:column and field path (exit 1),
    or "OK" with what it holds (exit 0)."""
    state = session_with_file(path)
    trip = state.trip()
    sources = f"{len(trip.sources)} source" + ("" if len(trip.sources) == 1 else "s")
    output.echo(
        f"OK: {state.display_name}: {len(trip.stops)} stops, {len(trip.events)} events, "
        f"{len(trip.people)} people, {sources}"
    )
