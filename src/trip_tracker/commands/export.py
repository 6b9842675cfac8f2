"""`trip export`: a summary for other people's tools, to stdout or atomically to a file."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from collections.abc import Iterator
from importlib import resources
from typing import IO, TYPE_CHECKING

import click

from trip_tracker.cli_options import as_of_option, begins_reading, file_option, moment, session
from trip_tracker.errors import UsageError
from trip_tracker.export import WRITERS, omitted, write_atomically, writer
from trip_tracker.output import note, stdout_descriptor
from trip_tracker.wholewrite import whole_writer

if TYPE_CHECKING:  # pydantic is imported when the command runs, not for --help
    from datetime import datetime as DateTime

    from trip_tracker.model import Itinerary


def _a_file_name(context: click.Context, parameter: click.Parameter, value: str) -> str:
    """`-o ""` (an unset variable, say) is no file name: bad usage, before any file is read."""
    if not value:
        raise click.BadParameter("give a file name, or - for standard output")
    return value


@click.command(
    epilog="\b\nExamples:\n  trip export --format md > briefing.md\n"
    "  trip export --format json -o trip.json\n  trip export --format csv -o events.csv\n"
    "  trip export --format ics -o trip.ics --as-of 2025-10-25\n"
    "  trip export --format html -o trip.html"
)
@file_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(WRITERS)),
    default="md",
    show_default=True,
    help="md: a briefing; json: the full itinerary plus computed fields (see `trip schema`); "
    "csv: one row per event; ics: a calendar (undated events left out); html: one page.",
)
@click.option(
    "-o",
    "--output",
    "target",
    metavar="FILE",
    default="-",
    callback=_a_file_name,
    help="Write to FILE (atomically: all or nothing); - or no -o for stdout.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="With --format csv: begin with a UTF-8 byte-order mark, which Excel needs to read "
    "names such as Łukasz Ørsted right when the file is opened with a double click.",
)
@as_of_option
@begins_reading
def export(output_format: str, target: str, bom: bool, as_of: str) -> None:
    """Export the itinerary for other people's tools: a Markdown briefing, JSON, CSV, an
    iCalendar file or a single HTML page. The --as-of moment is printed as the export's date
    (and is the calendar's DTSTAMP), so the same input gives the same output."""
    if bom and output_format != "csv":
        raise UsageError("--bom goes with --format csv (the other formats say they are UTF-8)")
    state = session()
    if target not in STDOUT_NAMES and _same_file(target, state.file):
        # `-o trip.yaml` for `-o trip.md`: the working copy would be replaced by the export
        raise UsageError(f"-o {target}: that is the itinerary being read; write to another file")
    trip = state.trip()
    now = moment(as_of, trip, state.clock, None)
    write = writer(output_format)
    if bom:
        plain = write

        def write(trip: Itinerary, stream: IO[str], now: DateTime) -> None:
            stream.write("\ufeff")
            plain(trip, stream, now)

    if target in STDOUT_NAMES:
        with _utf8_stdout() as stream:
            write(trip, stream, now)
    else:
        write_atomically(target, lambda stream: write(trip, stream, now))
        note(f"wrote {target}")
    for message in omitted(output_format, trip):
        note(message)


def _same_file(target: str, source: str | None) -> bool:
    """Whether `target` is the file `source` (a path; None for the shipped itinerary, which
    every command without a file reads)."""
    if source == "-":
        return False
    if source is None:
        from trip_tracker.loader import SHIPPED_NAME

        source = str(resources.files("trip_tracker.data").joinpath(SHIPPED_NAME))
    try:
        return os.path.samefile(target, source)
    except OSError:  # either does not exist (yet), or cannot be looked at: not the same
        return False


#: Names of stdout: written to as stdout is, never replaced (`-o /dev/stdout >> log` would
#: rename over the log, and a closed pipe would be an error rather than the quiet 141).
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


@contextlib.contextmanager
def _utf8_stdout() -> Iterator[IO[str]]:
    """stdout, writing UTF-8 whatever its own encoding: an export is a file whose format
    says UTF-8 (a calendar, a page that declares it, JSON), which an ASCII or Latin-1
    stdout (`LC_ALL=C`) would fill with literal `\\u2013` escapes, as it does tables.

    Where it can (see `output.stdout_descriptor`), written to the descriptor by a
    `wholewrite.WholeWriter`: a reader that goes away midway is an error (the quiet 141),
    not a cut export and 0."""
    stdout = sys.stdout
    descriptor = stdout_descriptor()
    if descriptor is not None:
        whole = whole_writer(descriptor)
        yield whole
        whole.flush()
        return
    buffer = getattr(stdout, "buffer", None)
    if buffer is None or codecs.lookup(stdout.encoding or "utf-8").name == "utf-8":
        yield stdout
        stdout.flush()
        return
    stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        yield stream
        stream.flush()
    finally:
        stream.detach()  # stdout keeps its buffer
