"""`trip schema`: the JSON Schema of the itinerary file format, for editors and other tools."""

from __future__ import annotations

import click


@click.command(
    epilog="\b\nExamples:\n  trip schema > trip.schema.json\n"
    "  trip export --format json -o trip.json   # valid against that schema"
)
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the itinerary file format.

    YAML and JSON itineraries both follow it; a JSON export is valid against it too.
    """
    from trip_tracker.output import emit_json
    from trip_tracker.schema import file_schema

    emit_json(file_schema())
