"""`trip check`: consistency findings with file positions; exit 1 when any is an error."""

from __future__ import annotations

import sys

import click

from trip_tracker import output
from trip_tracker.cli_options import Session, file_option, format_option, session


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

    state = session()
    if path is not None:
        state.file = path
    text, name = _read(state)
    from trip_tracker import loader

    trip = loader.load_text(text, name)
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


def _read(state: Session) -> tuple[str, str]:
    """The file's text and display name (the text is needed again for positions)."""
    from trip_tracker import loader, textfile

    if state.file is None:
        from importlib import resources

        data = resources.files("trip_tracker.data").joinpath(loader.SHIPPED_NAME)
        return data.read_text("utf-8"), loader.shipped_display_name()
    return textfile.read_text(state.file), "<stdin>" if state.file == "-" else state.file
