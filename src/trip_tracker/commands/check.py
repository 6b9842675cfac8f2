"""`trip check`: consistency findings with file positions; exit 1 when any is an error."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from trip_tracker import output
from trip_tracker.cli_options import Session, file_option, format_option, session_with_file

if TYPE_CHECKING:
    from trip_tracker.model import Itinerary


@click.command(
    epilog="\b\nExamples:\n  trip check\n  trip check my-trip.yaml\n"
    "  trip -f my-trip.yaml check --format json\n  cat my-trip.yaml | trip check -"
)
@file_option
@format_option("table", "json")
@click.argument("path", required=False, metavar="[FILE]")
def check(path: str | None, output_format: str) -> int:
    """Look for what no longer fits: a person in two places at once, events outside their
    stop, stops out of order or too far apart for the time between them, a weekday in the
    text that disagrees with the date, derived dates resting on a date that moved, people
    never used. Errors are certain (exact times); vaguer clashes are warnings. Exit 1 when
    there is an error, 0 otherwise (warnings are printed)."""
    from trip_tracker import consistency, reports

    state = session_with_file(path)
    text, name, trip = _load(state)
    findings = consistency.locate(consistency.check(trip), text, trip)
    errors = sum(f.severity is consistency.Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if output_format == "json":
        output.emit_json(reports.findings_json(findings, name))
        sys.stdout.flush()  # before the summary on stderr, and for in-process runners
    elif findings:
        output.show(reports.findings_table(findings))
    if findings:
        output.note(f"{name}: {_count(errors, 'error')}, {_count(warnings, 'warning')}")
    else:
        output.note(f"{name}: consistent, no findings")
    return 1 if errors else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _load(state: Session) -> tuple[str, str, Itinerary]:
    """The file's text (needed again for positions), display name and itinerary; the text
    and the itinerary from the same bytes, read once."""
    from trip_tracker import loader, textfile

    if state.file is None:
        from importlib import resources

        data = resources.files("trip_tracker.data").joinpath(loader.SHIPPED_NAME)
        text, name = data.read_text("utf-8"), loader.shipped_display_name()
        return text, name, loader.load_text(text, name)
    content = textfile.read_bytes(state.file, pipes=True)
    trip = loader.load_bytes(content, state.file, use_cache=state.use_cache)
    return textfile.decode(content, state.display_name), state.display_name, trip
