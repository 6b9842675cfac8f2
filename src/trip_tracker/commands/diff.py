"""`trip diff OLD NEW`: what changed between two versions, by id; exit codes like diff(1)."""

from __future__ import annotations

import sys

import click

from trip_tracker import output
from trip_tracker.errors import DataError, UsageError


class DiffTrouble(DataError):
    """An input could not be read or is invalid: diff(1) says trouble with exit 2."""

    exit_code = 2


@click.command(
    epilog="\b\nExamples:\n  trip diff yesterday.yaml today.yaml\n"
    "  trip diff old.yaml new.yaml --format md > change-note.md\n"
    "  git show HEAD~1:my-trip.yaml | trip diff - my-trip.yaml"
)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
    help="table; json for tools; md for a change note.",
)
def diff(old: str, new: str, output_format: str) -> int:
    """Compare two itinerary files by id: items added or removed, times moved (with their
    precision), places, participants and topics changed, and status changes (shown first).
    Either side may be - for standard input. Exit 0: no differences; 1: differences;
    2: trouble (a file missing or invalid)."""
    from trip_tracker import diffing, loader, reports

    if (old == "-" and new == "-") or _one_pipe(old, new):
        raise UsageError("only one side can be - (standard input)")
    try:
        before, after = loader.load_path(old), loader.load_path(new)
    except DataError as error:
        raise DiffTrouble(error.problems) from None
    old_name, new_name = (("<stdin>" if side == "-" else side) for side in (old, new))
    changes = diffing.diff(before, after)
    if output_format == "json":
        output.emit_json(reports.changes_json(changes, old_name, new_name))
        sys.stdout.flush()  # before the summary on stderr, and for in-process runners
    elif output_format == "md":
        output.write_whole(reports.changes_markdown(changes, old_name, new_name))
        sys.stdout.flush()
    elif changes:
        output.show(reports.changes_view(changes))
    if not changes:
        output.note("no differences")
        return 0
    count = len(changes)
    output.note(f"{count} difference{'' if count == 1 else 's'}")
    return 1


def _one_pipe(old: str, new: str) -> bool:
    """Both sides name the same pipe (`- /dev/stdin`): the first to read it takes it all,
    and the other would be compared as empty."""
    import os
    import stat

    def pipe(side: str) -> tuple[int, int] | None:
        try:
            info = os.fstat(sys.stdin.fileno()) if side == "-" else os.stat(side)
        except (OSError, ValueError, AttributeError):  # no stdin, a file gone: loaded later
            return None
        return (info.st_dev, info.st_ino) if stat.S_ISFIFO(info.st_mode) else None

    first = pipe(old)
    return first is not None and first == pipe(new)
