"""`trip set-status`: change one item's status in place, keeping the file's layout.

The file is edited with ruamel.yaml's round-trip mode, so comments, key order, quoting and
folded text survive; the result is validated by the strict loader and compared with the
original by id (only the chosen item's status, notes and source may differ) before it is
written atomically. On any failure the file is untouched.
"""

from __future__ import annotations

import codecs
import os
import re
from datetime import datetime as DateTime
from typing import IO, Any

import click

from trip_tracker.cli_options import file_option, session
from trip_tracker.errors import DataError, OutputError, Problem, UsageError
from trip_tracker.model import Itinerary, Status

EDITABLE_FIELDS = frozenset({"status", "notes", "source"})


@click.command(
    name="set-status",
    epilog="\b\nExamples:\n  trip -f my-trip.yaml set-status meet-xi confirmed\n"
    "  trip set-status kim-encounter cancelled my-trip.yaml --note 'Ruled out by the White House'\n"
    "  TRIP_FILE=my-trip.yaml trip set-status grand-order-of-mugunghwa confirmed \\\n"
    "      --source-quote 'Seoul said it will bestow the Grand Order of Mugunghwa.'",
)
@file_option
@click.argument("item_id", metavar="ID")
@click.argument("status", metavar="STATUS", type=click.Choice([s.value for s in Status]))
@click.argument("path", required=False, metavar="[FILE]")
@click.option("--note", metavar="TEXT", help="Set the item's notes to TEXT.")
@click.option(
    "--source-quote", metavar="TEXT", help="Replace the quoted source sentence with TEXT."
)
def set_status(
    item_id: str, status: str, path: str | None, note: str | None, source_quote: str | None
) -> None:
    """Set the status of the stop or event ID in FILE (or -f/$TRIP_FILE), optionally with a
    note and a new source quote. Comments and layout are kept; the result is validated
    before it is written atomically, and what changed is printed. The shipped itinerary is
    never edited: copy it and use -f."""
    from trip_tracker import diffing, loader, textfile

    target = _target(path if path is not None else session().file)
    original = textfile.read_bytes(target)
    text = textfile.decode(original, target)
    before = loader.load_text(text, target)
    collection, index = _find(before, item_id)
    new_text = _edit(text, target, collection, index, status, note, source_quote)
    after = loader.load_text(new_text, target)
    changes = diffing.diff(before, after)
    stray = [c for c in changes if c.item_id != item_id or c.field not in EDITABLE_FIELDS]
    if stray:  # pragma: no cover - a round-trip fault; refuse rather than write it
        raise OutputError(f"{target}: editing would also change {stray[0]}; nothing written")
    if not changes:
        click.echo(f"{item_id}: already {status}; {target} not changed")
        return
    from trip_tracker.export import write_atomically
    from trip_tracker.formatting import safe

    kept = _as_kept(original, new_text)

    def render(stream: IO[str]) -> None:
        stream.write(kept)

    write_atomically(target, render)  # through a symbolic link: the link stays
    for change in changes:
        click.echo(safe(f"{item_id}: {change.field}: {change.old or '(none)'} -> {change.new}"))
    click.echo(f"trip: wrote {target}", err=True)


def _as_kept(original: bytes, edited: str) -> str:
    """`edited` with the original file's line ends and byte-order mark: ruamel.yaml and json
    write bare newlines, so a CRLF file would change on every line (and lose its mark)."""
    first_break = original.find(b"\n")
    if first_break > 0 and original[first_break - 1] == ord("\r"):
        edited = edited.replace("\r\n", "\n").replace("\n", "\r\n")
    return "\ufeff" + edited if original.startswith(codecs.BOM_UTF8) else edited


def _target(path: str | None) -> str:
    """The file to edit: given explicitly, a real file, and not the package's own data."""
    from importlib import resources

    from trip_tracker.loader import SHIPPED_NAME

    if path is None:
        raise UsageError(
            "set-status edits a file: give it as FILE, with -f FILE or in $TRIP_FILE "
            "(the shipped itinerary is not edited; copy it first)"
        )
    if path == "-":
        raise UsageError("set-status edits a file in place; standard input cannot be edited")
    shipped = resources.files("trip_tracker.data").joinpath(SHIPPED_NAME)
    if os.path.realpath(path) == os.path.realpath(str(shipped)):
        raise UsageError(
            f"{path} is the shipped itinerary, which set-status does not edit; copy it and "
            "use -f COPY"
        )
    return path


def _find(trip: Itinerary, item_id: str) -> tuple[str, int]:
    """('events' | 'stops', index) of the item; UsageError listing the ids that have a status."""
    for collection in ("events", "stops"):
        for index, item in enumerate(getattr(trip, collection)):
            if item.id == item_id:
                return collection, index
    if item_id in trip.people_by_id or item_id in trip.sources_by_id:
        kind = "a person" if item_id in trip.people_by_id else "a source"
        raise UsageError(f"'{item_id}' is {kind}; only stops and events have a status")
    from trip_tracker.suggest import closest

    ids = [stop.id for stop in trip.stops] + [event.id for event in trip.events]
    close = closest(item_id, ids, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise UsageError(f"no stop or event with id '{item_id}'{hint}; valid ids: {', '.join(ids)}")


def _edit(
    text: str,
    name: str,
    collection: str,
    index: int,
    status: str,
    note: str | None,
    source_quote: str | None,
) -> str:
    """The file's text with the item's fields set, via a ruamel.yaml round trip (YAML) or
    the json module with the file's indent (JSON: ruamel would rewrite it in flow style)."""
    import io

    if text.lstrip().startswith("{"):
        return _edit_json(text, collection, index, status, note, source_quote)

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap the file's long lines
        yaml.indent(
            mapping=block_seq_indent or 2, sequence=indent or 2, offset=block_seq_indent or 0
        )
        document: Any = yaml.load(text)
    except YAMLError as error:  # pragma: no cover - the strict loader has accepted the text
        raise DataError([Problem(name, f"cannot be edited: {error}")]) from None
    items = document[collection]
    item = items[index]
    end: int | None
    if index + 1 < len(items):
        end = items[index + 1].lc.line
    else:  # up to the next top-level key, or the end of the file
        keys = list(document)
        position = keys.index(collection)
        end = document.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else None
    if end is None:
        end = text.count("\n") + 1
    fields: list[tuple[str, ...]] = [("status",), *([("notes",)] if note is not None else [])]
    fields += [("source", "quote")] if source_quote is not None else []
    touched = {line for path in fields for line in _lines_of(item, path, end)}
    _apply(item, status, note, source_quote)
    stream = io.StringIO()
    yaml.dump(document, stream)
    if items.fa.flow_style():  # items share lines: no line of one item is its alone
        return stream.getvalue()
    return _only_touched(text, stream.getvalue(), item.lc.line, end, touched)


def _lines_of(mapping: Any, path: tuple[str, ...], end: int | None) -> range:
    """The original lines of the field at `path` in `mapping` (from its key to the next
    key's line, or `end`); empty when the field is not there yet."""
    key, rest = path[0], path[1:]
    if key not in mapping:
        return range(0)
    first = mapping.lc.key(key)[0]
    later = [line for name in mapping if (line := mapping.lc.key(name)[0]) > first]
    stop = min(later) if later else (end if end is not None else first + 1)
    if rest and hasattr(mapping[key], "lc"):
        return _lines_of(mapping[key], rest, stop)
    return range(first, max(stop, first + 1))


def _only_touched(
    original: str, dumped: str, first: int, end: int | None, touched: set[int]
) -> str:
    """`dumped`'s changes to the `touched` lines of `original` (and fields added to the
    item, from line `first` to `end`), and nothing else: ruamel.yaml also rewrites what it
    was not asked to touch (an escaped right-to-left override in a note became the raw
    character, which shows the text reversed)."""
    import difflib

    before = original.replace("\r\n", "\n").splitlines(keepends=True)  # ruamel writes \n
    after = dumped.splitlines(keepends=True)
    last = len(before) if end is None else end
    kept: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, low, high, new_low, new_high in matcher.get_opcodes():
        if tag == "equal":
            ours = False
        elif high > low:  # lines replaced or removed: ours only where a field was set
            ours = not touched.isdisjoint(range(low, high))
        else:  # lines added: a field new to the item
            ours = first <= low <= last
        kept += after[new_low:new_high] if ours else before[low:high]
    return "".join(kept)


def _apply(item: Any, status: str, note: str | None, source_quote: str | None) -> None:
    item["status"] = status
    if note is not None:
        item["notes"] = _faithful(note)
    if source_quote is not None:
        if item.get("source") is None:
            raise UsageError(
                f"'{item['id']}' has no source to update; add a source with ref and quote first"
            )
        item["source"]["quote"] = _faithful(source_quote)


#: Characters that a plain or block scalar cannot carry as they are: YAML 1.1 readers take
#: NEL, LS and PS for line breaks (a note's NEL came back as a space), a lone CR ends the
#: line, and other control characters are refused. Only double quotes can escape them.
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _faithful(value: str) -> str:
    """`value` as ruamel.yaml will write it so that it reads back the same: double-quoted,
    with escapes, when it holds a character that other styles would change or refuse."""
    if _NEEDS_ESCAPES.search(value) is None:
        return value
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    quoted: str = DoubleQuotedScalarString(value)
    return quoted


def _edit_json(
    text: str,
    collection: str,
    index: int,
    status: str,
    note: str | None,
    source_quote: str | None,
) -> str:
    import json

    from trip_tracker.export.jsonfile import yaml_safe

    document = json.loads(text)
    _apply(document[collection][index], status, note, source_quote)
    if isinstance(document.get("computed"), dict):
        # An export's block of worked-out values (status counts...) would otherwise still
        # describe the old data.
        document["computed"] = _recomputed(document)
    found = re.search(r"^( +)\S", text, re.MULTILINE)
    indent = len(found.group(1)) if found else None
    ascii_only = text.isascii() and "\\u" in text
    edited = yaml_safe(json.dumps(document, indent=indent, ensure_ascii=ascii_only))
    return edited + "\n" if text.endswith("\n") else edited


def _recomputed(document: dict[str, Any]) -> Any:
    """The `computed` block of a JSON export, worked out again for the edited data and the
    moment it was generated for; the old block when the edit does not validate (it is
    refused and not written then)."""
    from pydantic import ValidationError

    from trip_tracker.export.jsonfile import computed
    from trip_tracker.model import Itinerary

    old = document["computed"]
    try:
        trip = Itinerary.model_validate(document)
        moment = DateTime.fromisoformat(old["generated_for"])
    except (ValidationError, KeyError, TypeError, ValueError):
        return old
    return computed(trip, moment)
