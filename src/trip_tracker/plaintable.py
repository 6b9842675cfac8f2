"""Plain-text tables written line by line, as Rich prints them, without its cost per cell.

Rich lays out every cell of a table through a dozen layers (~1.5 ms a row): `trip upcoming`
took 17 s at 10,000 events, and 2.5 minutes at 100,000. When its console prints no styles
(no colour: piped, or NO_COLOR), a table of the shape `render` builds (text cells, left
justified and folded; no edge, no lines between rows, no footer) is written here:
- Rich works out the column widths, from each column's cells that decide them (the widest
  word and the widest line: `_deciding_cells`), and prints the title and the header;
- each row is then wrapped with Rich's own `divide_line`, cropped and padded with its
  `set_cell_size`, and joined, and sections closed, as Rich does it.

The result is Rich's, byte for byte (a test compares the two over thousands of random tables
and every command's tables); any other table, or a console with colour, is left to Rich."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.text import Text

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console, RenderableType
    from rich.table import Column, Table

#: What Rich's `Text.rstrip_end` strips.
_TRAILING_SPACE = re.compile(r"\s+$")


def write(out: Console, table: Table) -> bool:
    """Print `table` on `out` as Rich would; False (nothing printed) when it is not a plain
    table that this module lays out the same (the caller then prints it with Rich)."""
    lines = _lines(out, table)
    if lines is None:
        return False
    width = out.options.max_width
    sizes = widths(out, table)
    if sum(sizes) + table._extra_width > width or any(size < 3 for size in sizes):
        return False  # squeezed below what a padded cell needs: Rich copes its own way
    head = _stand_in(table, [[] for _ in table.columns], sizes)
    head.rows = []
    if head.title or head.show_header:
        out.print(head)
    divider, box = lines
    columns = [
        (column.no_wrap, size - 2) for column, size in zip(table.columns, sizes, strict=True)
    ]
    section_end = "" if box is None else box.get_row(sizes, "row", edge=False) + "\n"
    written = out.file.write
    for chunk in _chunks(_rows(table, columns, divider, section_end), 200):
        written("".join(chunk))
    out.file.flush()
    return True


def widths(out: Console, table: Table) -> list[int]:
    """The widths of the table's columns (with padding) on `out`, as Rich works them out,
    from the cells that decide them (see `_deciding_cells`)."""
    width = out.options.max_width if table.width is None else table.width
    return _stand_in(table, _deciding_cells(table))._calculate_column_widths(
        out, out.options.update_width(width - table._extra_width)
    )


def _lines(out: Console, table: Table) -> tuple[str, Box | None] | None:
    """What joins the cells of a body row, and the box Rich draws the table's lines with;
    None when Rich would draw anything else, or style, justify or wrap a cell otherwise
    than `_cell_lines` does."""
    if out.color_system is not None or table.width is not None or table.expand:
        return None
    drawn_otherwise = (
        table.show_edge
        or table.show_lines
        or table.show_footer
        or table.caption
        or table.row_styles
        or table.leading
        or table.collapse_padding
        or not table.pad_edge
        or tuple(table.padding) != (0, 1, 0, 1)
    )
    if drawn_otherwise or not table.columns:
        return None
    for column in table.columns:
        if (
            column.justify != "left"
            or column.vertical != "top"
            or column.overflow != "fold"
            or column.width is not None
            or column.min_width is not None
            or column.max_width is not None
            or column.ratio is not None
            or not all(map(_plain, column._cells))
        ):
            return None
    if table.box is None:
        return "", None
    safe = out.safe_box if table.safe_box is None else table.safe_box
    box = table.box.substitute(out.options, safe=safe)
    if not table.show_header:
        box = box.get_plain_headed_box()
    verticals = {box.head_vertical, box.mid_vertical, box.foot_vertical}
    return (verticals.pop(), box) if len(verticals) == 1 else None


def _plain(cell: object) -> bool:
    """A cell `_cell_lines` lays out as Rich does: text that sets no layout of its own."""
    return (
        type(cell) is Text
        and cell.justify is None
        and cell.overflow is None
        and cell.no_wrap is None
        and cell.end == "\n"
        and "\t" not in cell.plain
        and _JOINER not in cell.plain
    )


#: A zero-width joiner measures otherwise alone than beside what it joins (the space of
#: the padding, say), and Rich measures a cell's text, then its padded line: a table that
#: holds one is left to Rich.
_JOINER = "\u200d"


def _deciding_cells(table: Table) -> list[list[RenderableType]]:
    """Per column, the cells that decide its width: Rich measures a text cell as its widest
    word (no wider than its widest line) and its widest line, and a column as the widest of
    each over its cells (clamped alike), so the cells that hold those two give the column
    the same width as all its cells do."""
    chosen: list[list[RenderableType]] = []
    for column in table.columns:
        if not all(isinstance(cell, Text) for cell in column._cells):
            chosen.append(list(column._cells))  # measured as Rich measures them
            continue
        cells = cast("list[Text]", column._cells)
        if len(cells) <= 2:
            chosen.append(list(cells))
            continue
        widest_word = widest_line = -1
        word_cell = line_cell = cells[0]
        for cell in cells:
            plain = cell.plain
            lines = plain.splitlines()
            line = max(map(cell_len, lines)) if lines else 0
            if line > widest_line:
                widest_line, line_cell = line, cell
            if line <= widest_word:
                continue  # Rich takes a cell's widest word as its line's width at most
            words = plain.split()
            word = min(max(map(cell_len, words)), line) if words else line
            if word > widest_word:
                widest_word, word_cell = word, cell
        chosen.append([word_cell, line_cell])
    return chosen


def _stand_in(
    table: Table, cells: Sequence[list[RenderableType]], sizes: Sequence[int] | None = None
) -> Table:
    """A copy of `table` with these cells per column, and widths fixed at `sizes` (with
    padding), when given."""
    stand_in = copy.copy(table)
    columns: list[Column] = []
    for index, (column, column_cells) in enumerate(zip(table.columns, cells, strict=True)):
        fixed = column if sizes is None else replace(column, width=sizes[index] - 2)
        columns.append(replace(fixed, _cells=column_cells))
    stand_in.columns = columns
    return stand_in


def _rows(
    table: Table, columns: list[tuple[bool, int]], divider: str, section_end: str
) -> Iterator[str]:
    """Each line of the table's body, with its line end; `section_end` after a row that
    ends a section, but the last."""
    blanks = [" " * (width + 2) for _, width in columns]
    cells_by_row = zip(*(column._cells for column in table.columns), strict=False)
    last = min(len(table.rows), *(len(column._cells) for column in table.columns)) - 1
    for number, (row, cells) in enumerate(zip(table.rows, cells_by_row, strict=False)):
        lines = [
            _cell_lines(cell.plain, width, no_wrap)
            for cell, (no_wrap, width) in zip(cells, columns, strict=True)
        ]
        for line_no in range(max(map(len, lines))):
            yield (
                divider.join(
                    f" {cell[line_no]} " if line_no < len(cell) else blank
                    for cell, blank in zip(lines, blanks, strict=True)
                )
                + "\n"
            )
        if row.end_section and number < last:
            yield section_end


def _cell_lines(plain: str, width: int, no_wrap: bool) -> list[str]:
    """The lines of a cell's text in `width` cells, as Rich's `Text.wrap` makes them for a
    left-justified, folding column (each exactly `width` cells)."""
    lines = []
    for line in plain.split("\n"):
        if no_wrap:
            pieces = [line]
        elif cell_len(line) <= width:  # what divide_line finds: no break
            pieces = [_rstrip_end(line, width)]
        else:
            offsets = divide_line(line, width, fold=True)
            pieces = [
                line[start:end] for start, end in zip([0, *offsets], [*offsets, None], strict=True)
            ]
            pieces = [_rstrip_end(piece, width) for piece in pieces]
        lines += [set_cell_size(piece, width) for piece in pieces]
    return lines


def _rstrip_end(text: str, size: int) -> str:
    """Rich's `Text.rstrip_end`: the whitespace at the end beyond `size` characters, gone."""
    excess = len(text) - size
    if excess > 0:
        space = _TRAILING_SPACE.search(text)
        if space is not None:
            return text[: len(text) - min(len(space.group(0)), excess)]
    return text


def _chunks(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    """`lines` in lists of `size`: one write per list, not per line."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
