"""Where output goes: data to stdout, messages to stderr; colour only on a terminal.

Rich is imported only when a table is printed, so commands that emit JSON or nothing stay
light. `NO_COLOR` (any non-empty value) turns colour off everywhere.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import click

from trip_tracker import process

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

#: Width used when stdout is not a terminal and COLUMNS is not set, so piped rows rarely wrap.
PIPE_WIDTH = 120


def wants_colour(stream: IO[str]) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def console(stream: IO[str] | None = None) -> Console:
    from rich.console import Console

    stream = stream or sys.stdout
    tty = stream.isatty()
    width = None
    if not tty:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 20 else PIPE_WIDTH
    out = Console(
        file=stream,
        color_system="auto" if wants_colour(stream) else None,
        force_terminal=tty,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    # A reader that goes away (`trip stops | head -1`) is no error: Rich would exit with
    # status 1 at once; `cli.run` ends quietly with 141, as Unix tools do.
    out.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
    return out


def _reader_gone() -> None:
    raise BrokenPipeError


#: A table of more rows than this is printed this many rows at a time, laid out once for
#: all its rows (see `_in_parts`).
TABLE_PART_ROWS = 500


def show(renderable: RenderableType) -> None:
    """Print a Rich table or text (or a group of them) to stdout.

    Without colour, `plaintable` writes the tables: the text Rich would print, many times
    faster. Rich prints the others, a long one in parts (see `_in_parts`).
    """
    from rich.console import Group
    from rich.table import Table

    out = console()
    parts = renderable.renderables if isinstance(renderable, Group) else [renderable]
    plain = out.color_system is None
    long = any(isinstance(part, Table) and part.row_count > TABLE_PART_ROWS for part in parts)
    out.width = out.width  # a terminal resized meanwhile must not change the later parts
    if out.width < NARROW:
        _say_what_is_left_out(out, parts)
    if not (long or (plain and any(isinstance(part, Table) for part in parts))):
        out.print(renderable)
        return
    from trip_tracker import plaintable

    for part in parts:
        if not isinstance(part, Table):
            out.print(part)
        elif not (plain and plaintable.write(out, part)):
            for piece in _in_parts(out, part):
                out.print(piece)


#: Below this many columns, a table may have columns squeezed out: `show` says which.
NARROW = 80


def _say_what_is_left_out(out: Console, parts: Sequence[object]) -> None:
    """A note naming the columns too narrow to show anything: Rich squeezes them to
    nothing, and `COLUMNS=30 trip stops` showed the stop and status alone, silently."""
    from rich.table import Table

    from trip_tracker import plaintable

    for part in parts:
        if not isinstance(part, Table) or not part.columns:
            continue
        sizes = plaintable.widths(out, part)
        gone = [
            str(column.header)
            for index, (column, size) in enumerate(zip(part.columns, sizes, strict=True))
            if size <= part._get_padding_width(index)
        ]
        if gone:
            note(
                f"{out.width} columns are too few to show {', '.join(gone)}: widen the "
                "terminal (or set COLUMNS), or use --format csv or json"
            )


def _in_parts(out: Console, table: Table) -> Iterator[Table]:
    """`table` as tables of TABLE_PART_ROWS rows that print as the whole would.

    Rich holds every line of a table until it prints it: `trip upcoming` at 100,000 events
    peaked at 1.3 GB, and printed nothing for two minutes (`| head` waited for all of it).
    So the column widths are worked out once, by Rich, over all the rows; each part then
    has those widths fixed, and only the first its title and header. Parts lay out their
    rows in the same widths, so the lines are the same (a test holds them to it). A table
    in sections (the agenda's days), and one drawn with what parts would draw otherwise,
    is printed whole; so is one whose columns Rich squeezes to nothing (a narrow terminal).
    """
    import copy
    from dataclasses import replace

    rows = TABLE_PART_ROWS
    # What parts would draw otherwise: a section's line (drawn only before a row of the
    # same table), edges, lines between rows, a footer, a caption, alternating row styles.
    drawn_otherwise = (
        any(row.end_section for row in table.rows[:-1])
        or table.show_edge
        or table.show_lines
        or table.show_footer
        or table.caption
        or table.row_styles
    )
    if table.row_count <= rows or drawn_otherwise:
        yield table
        return
    width = out.options.max_width if table.width is None else table.width
    widths = table._calculate_column_widths(
        out, out.options.update_width(width - table._extra_width)
    )
    fixed = [
        replace(column, width=size - table._get_padding_width(column._index))
        for column, size in zip(table.columns, widths, strict=True)
    ]
    if any(column.width is None or column.width < 1 for column in fixed):
        yield table
        return
    for start in range(0, table.row_count, rows):
        part = copy.copy(table)
        part.columns = [
            replace(column, _cells=column._cells[start : start + rows]) for column in fixed
        ]
        part.rows = table.rows[start : start + rows]
        if start:
            part.title, part.show_header = None, False
        yield part


def stdout_descriptor() -> int | None:
    """stdout's descriptor, flushed, for a document to be written to it whole (see
    `wholewrite`: Python's own stdout, given one write bigger than its buffer that the
    system takes only in part, the reader gone midway, drops the rest without a word).
    Only in the console script: a host program's stdout may be a stream of its own over
    another descriptor (a notebook's), and is written to as a stream (None)."""
    if not process.one_command:
        return None
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # io.UnsupportedOperation is an OSError
        return None
    sys.stdout.flush()
    return descriptor


def write_whole(text: str) -> None:
    """Write `text`, a document in one piece (a change note), to stdout: all of it, or an
    error (see `stdout_descriptor`), encoded as stdout encodes."""
    descriptor = stdout_descriptor()
    if descriptor is None:
        sys.stdout.write(text)
        return
    from trip_tracker.wholewrite import write_all

    encoding, errors = sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict"
    write_all(descriptor, text.encode(encoding, errors))


def emit_json(data: Any) -> None:
    """Write `data` as indented JSON to stdout (UTF-8, non-ASCII kept readable).

    Laid out as json.dumps(indent=2, ensure_ascii=False) lays it out, by pydantic_core:
    json.dumps runs in pure Python once it indents, ~10x slower (7 s for 80,000 events).
    Small floats are spelled otherwise (0.00001 for 1e-05: equal numbers).

    Generators (as lists) are written item by item, so a big answer is never held whole,
    as objects or as text: `trip people --format json` at 100,000 events writes 190 MB,
    which took 1.8 GB built whole. Text that pydantic_core refuses, a file name's
    undecodable bytes (kept as surrogate escapes), goes through json.dumps with all
    non-ASCII escaped, for the item that holds it: JSON that reads back to the same name,
    whatever the output's encoding (written raw, the bytes made invalid UTF-8, or crashed).
    So does everything when stdout cannot write every character (`process.encodes_all_text`).
    """
    from pydantic_core import PydanticSerializationError, to_json

    ascii_only = not process.encodes_all_text(sys.stdout)

    def dumps(value: Any) -> str:
        if not ascii_only:  # else a stream that cannot write every character: \u escapes
            try:
                return to_json(value, indent=2).decode("utf-8")
            except PydanticSerializationError:
                pass
        import json

        return json.dumps(value, indent=2)

    _write_json(data, sys.stdout.write, "", dumps)
    sys.stdout.write("\n")
    sys.stdout.flush()


def _write_json(
    value: Any, write: Callable[[str], object], indent: str, dumps: Callable[[Any], str]
) -> None:
    """`value` as `emit_json` lays it out, nested at `indent`: a generator item by item, a
    mapping that holds one key by key, anything else whole by `dumps`."""
    if isinstance(value, Iterator):
        brackets, items = "[]", (("", item) for item in value)
    elif isinstance(value, dict) and any(isinstance(item, Iterator) for item in value.values()):
        # JSON keys are text (ours always are)
        brackets, items = "{}", ((dumps(str(key)) + ": ", item) for key, item in value.items())
    else:
        write(dumps(value).replace("\n", "\n" + indent))  # JSON text holds no raw newline
        return
    inner, written = indent + "  ", False
    for label, item in items:
        write(("," if written else brackets[0]) + "\n" + inner + label)
        _write_json(item, write, inner, dumps)
        written = True
    write("\n" + indent + brackets[1] if written else brackets)


def echo(text: str, *, err: bool = False) -> None:
    """A line of plain text on stdout (or stderr), written to the stream itself: click.echo
    left to find the stream re-wraps an ASCII one (`PYTHONIOENCODING=ascii`) as UTF-8, past
    the escapes `cli` set up, and wrote raw bytes the reader cannot decode."""
    click.echo(text, file=sys.stderr if err else sys.stdout)


def note(message: str) -> None:
    """A message for the person at the keyboard, on stderr (never mixed with data)."""
    from trip_tracker.formatting import safe

    echo(f"trip: {safe(message)}", err=True)


def emit_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as CSV to stdout (RFC 4180 quoting, \\n line ends).

    None is written as an empty field, booleans as true/false, lists joined with "; ".
    Text fields go through `neutralise()`: no terminal control characters, and no cell a
    spreadsheet would run as a formula (these files get opened in one as often as the
    export); numbers are written as they are (`-33.9` stays a number).
    """
    import csv

    from trip_tracker.formatting import neutralise

    def field(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, list | tuple):
            return neutralise("; ".join(str(item) for item in value))
        return neutralise(str(value))

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([field(value) for value in row])
    sys.stdout.flush()
