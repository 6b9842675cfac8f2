"""`trip set-status`: change one item's status in place, keeping the file as it is written.

Only the values being set are replaced, where PyYAML's node marks say they are written (a
missing note is added after the item's last field), so every other character stays:
comments, key order, quoting, escapes, indentation, line ends. The result is validated by
the strict loader and compared with the original by id (only the chosen item's status,
notes and source may differ) before it is written atomically. On any failure the file is
untouched.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime as DateTime
from typing import IO, TYPE_CHECKING, Any

import click

from trip_tracker import output
from trip_tracker.cli_options import file_option, session_with_file
from trip_tracker.errors import DataError, OutputError, Problem, UsageError
from trip_tracker.vocabulary import Status

if TYPE_CHECKING:  # pydantic is imported when the command runs, not for --help
    from trip_tracker.model import Event, Itinerary, Stop

EDITABLE_FIELDS = frozenset({"status", "notes", "source"})


@click.command(
    name="set-status",
    epilog="\b\nExamples:\n  trip -f my-trip.yaml set-status meet-xi confirmed\n"
    "  trip set-status kim-encounter cancelled my-trip.yaml --note 'Ruled out by the White House'\n"
    "  TRIP_FILE=my-trip.yaml trip set-status grand-order-of-mugunghwa confirmed \\\n"
    "      --source-quote 'Seoul said it will bestow the Grand Order of Mugunghwa.'\n"
    "  trip -f my-trip.yaml set-status meet-xi confirmed --source-ref readout \\\n"
    "      --source-quote 'The two leaders will meet in Busan on October 30.'\n"
    "      (readout: a source the file lists under sources:)",
)
@file_option
@click.argument("item_id", metavar="ID")
@click.argument("status", metavar="STATUS", type=click.Choice([s.value for s in Status]))
@click.argument("path", required=False, metavar="[FILE]")
@click.option("--note", metavar="TEXT", help="Set the item's notes to TEXT.")
@click.option(
    "--source-quote", metavar="TEXT", help="Replace the quoted source sentence with TEXT."
)
@click.option(
    "--source-ref",
    metavar="ID",
    help="With --source-quote: the source (an id in `sources`) the new sentence is from. "
    "Default: the item's source so far.",
)
def set_status(
    item_id: str,
    status: str,
    path: str | None,
    note: str | None,
    source_quote: str | None,
    source_ref: str | None,
) -> None:
    """Set the status of the stop or event ID in FILE (or -f/$TRIP_FILE), optionally with a
    note and a new source quote. Comments and layout are kept; the result is validated
    before it is written atomically, and what changed is printed. The shipped itinerary is
    never edited: copy it and use -f."""
    for option, given in (
        ("--note", note),
        ("--source-quote", source_quote),
        ("--source-ref", source_ref),
    ):
        if given is not None and not _is_text(given):
            raise UsageError(f"{option} holds bytes that are not UTF-8 text")
        if given is not None and not given.strip():
            raise UsageError(f"{option} needs some text")
    if source_ref is not None and source_quote is None:
        # a new source with the old sentence would credit it with words it may not hold
        raise UsageError("--source-ref goes with --source-quote: give the sentence it says")
    state = session_with_file(path)
    target = _target(state.file)
    with _only_editor(target):
        _set_status(target, item_id, Wanted(status, note, source_quote, source_ref))


@dataclass(frozen=True)
class Wanted:
    """What the item is to hold: its new status, and a note, quote and source if given."""

    status: str
    note: str | None = None
    source_quote: str | None = None
    source_ref: str | None = None


def _set_status(target: str, item_id: str, wanted: Wanted) -> None:
    from trip_tracker import diffing, loader, textfile

    read = _identity(target)
    original = textfile.read_bytes(target)
    if _identity(target) != read:  # saved by another program as it was read
        raise OutputError(f"{target}: changed while it was being read; nothing written")
    text = textfile.decode(original, target)
    before = loader.load_text(text, target)
    collection, index = _find(before, item_id)
    if wanted.source_ref is not None and wanted.source_ref not in before.sources_by_id:
        known = ", ".join(before.sources_by_id)
        raise UsageError(f"--source-ref: no source with id '{wanted.source_ref}'; sources: {known}")
    new_text = _edit(text, target, collection, index, wanted)
    after = loader.load_text(new_text, target)
    changes = diffing.diff(before, after)
    stray = [c for c in changes if c.item_id != item_id or c.field not in EDITABLE_FIELDS]
    if stray:  # pragma: no cover - a round-trip fault; refuse rather than write it
        raise OutputError(f"{target}: editing would also change {stray[0]}; nothing written")
    if not changes:
        output.echo(f"{item_id}: already {wanted.status}; {target} not changed")
        return
    from trip_tracker.export import write_atomically
    from trip_tracker.formatting import safe

    kept = _as_kept(original, new_text)

    def render(stream: IO[str]) -> None:
        if _identity(target) != read:  # another program wrote it meanwhile: keep theirs
            raise OutputError(f"{target}: changed while it was being edited; nothing written")
        stream.write(kept)

    write_atomically(target, render)  # through a symbolic link: the link stays
    for change in changes:
        old, new = (
            safe(value or "(none)").replace("\n", "\\n") for value in (change.old, change.new)
        )
        output.echo(f"{item_id}: {change.field}: {old} -> {new}")  # one line a change
    output.echo(f"trip: wrote {target}", err=True)
    hedged = _hedge(after, collection, index) if wanted.source_quote is None else None
    status = wanted.status
    if status in FIRM and hedged is not None:
        output.echo(
            f"trip: note: {item_id} is now {status}, but its source sentence still says "
            f"'{safe(hedged)}'; give --source-quote with the sentence that makes it {status}",
            err=True,
        )


#: Statuses that say the source is sure; its sentence should then not hedge.
FIRM = frozenset({Status.CONFIRMED.value, Status.SCHEDULED.value})
#: Words by which a sentence says it is not sure ("reportedly considering", "speculation").
_HEDGES = re.compile(
    r"\b(reportedly|considering|speculat\w*|rumou?r\w*|hinted|might|(?-i:may)|could|"
    r"likely|possibl[ey]|expected to|no confirmation|unconfirmed)\b",
    re.IGNORECASE,
)


def _hedge(trip: Itinerary, collection: str, index: int) -> str | None:
    """The hedging words of the item's source sentence, with three words either side;
    None when it has none."""
    item: Stop | Event = getattr(trip, collection)[index]
    quote = item.source.quote if item.source is not None else ""
    found = _HEDGES.search(quote)
    if found is None:
        return None
    around = re.compile(r"(?:\S+\s+){0,3}\S*" + re.escape(found.group()) + r"\S*(?:\s+\S+){0,3}")
    context = around.search(quote, max(0, found.start() - 200))
    assert context is not None  # it holds the match itself
    start, end = context.span()
    return ("…" if start else "") + context.group() + ("…" if end < len(quote) else "")


@contextlib.contextmanager
def _only_editor(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the file at `path` while it is read, edited and replaced.

    Two runs on one file at once each read it before the other wrote: the last rename won
    and the other change was lost, though both said they wrote it. Where no lock can be
    taken (Windows, NFS without a lock service, not a regular file), the edit goes ahead
    unlocked: the checks of the file's identity still refuse to write over a change.
    """
    handle = _locked(os.path.realpath(path))
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)  # releases the lock


def _locked(real: str) -> int | None:
    """A descriptor holding an exclusive lock on the file now at `real`; None when none can
    be taken. A run that waited finds the file replaced (another inode): it locks anew."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    while True:
        try:  # not blocking: a FIFO would wait for a writer
            handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:  # missing or unreadable: reading it says so, plainly
            return None
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                os.close(handle)
                return None  # not a file: reading it says so
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:  # no locks here (NFS without a lock service): edit unlocked
            os.close(handle)
            return None
        locked, current = os.fstat(handle), _identity(real)
        if current is not None and (locked.st_dev, locked.st_ino) == current[:2]:
            return handle
        os.close(handle)


def _identity(path: str) -> tuple[int, int, int, int] | None:
    """What tells one version of a file from the next: device, inode, size, mtime."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _is_text(value: str) -> bool:
    """False for an argument with bytes the terminal's encoding could not decode (Python
    keeps them as lone surrogates, which no file can hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_kept(original: bytes, edited: str) -> str:
    """`edited` with the original file's byte-order mark, which the decoded text lacks (its
    line ends are the file's own: only values were replaced)."""
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
    from trip_tracker.suggest import closest_ids

    ids = [stop.id for stop in trip.stops] + [event.id for event in trip.events]
    close = closest_ids(item_id, ids)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise UsageError(f"no stop or event with id '{item_id}'{hint}; valid ids: {', '.join(ids)}")


def _edit(
    text: str,
    name: str,
    collection: str,
    index: int,
    wanted: Wanted,
) -> str:
    """The file's text with the item's fields set: each value is replaced where it is written
    (PyYAML's node marks), and a field the item lacks is added after its last one, so every
    other character stays as it was (comments, layout, quoting, escapes, line ends).

    YAML and JSON alike: JSON is YAML's flow style, and keys are quoted as the item's are.
    """
    from yaml.nodes import MappingNode

    from trip_tracker import yamlparse

    root = yamlparse.compose_in_place(text)
    item = _value(_value(root, collection), index)
    if not isinstance(item, MappingNode):  # pragma: no cover - the loader has accepted it
        raise DataError([Problem(name, f"{collection}[{index}] cannot be edited")])
    edits = [_set(text, item, "status", wanted.status)]
    if wanted.note is not None:
        edits.append(_set(text, item, "notes", wanted.note))
    if wanted.source_quote is not None:
        source = _value(item, "source")
        if not isinstance(source, MappingNode):
            item_id = _value(item, "id").value
            raise UsageError(
                f"'{item_id}' has no source to update; add a source with ref and quote first"
            )
        edits.append(_set(text, source, "quote", wanted.source_quote))
        if wanted.source_ref is not None:
            edits.append(_set(text, source, "ref", wanted.source_ref))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if isinstance(_value(root, "computed"), MappingNode):  # a JSON export's block: it
        # describes the old data; found again in the edited text, whose positions moved
        text = _recompute_block(text, _value(yamlparse.compose_in_place(text), "computed"))
    return text


def _value(node: Any, key: str | int) -> Any:
    """The child node at `key` (a mapping's key or a sequence's index); None if absent."""
    from yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        return next((value for name, value in node.value if name.value == key), None)
    if isinstance(node, SequenceNode) and isinstance(key, int):
        return node.value[key]
    return None


def _set(text: str, mapping: Any, key: str, value: str) -> tuple[int, int, str]:
    """The edit (start, end, replacement) that sets `key` of `mapping` to `value`."""
    found = _value(mapping, key)
    scalar = _scalar(value, word=key == "status")
    if found is None:
        plain = None if key == "status" else _in_style_of("", "", mapping.flow_style, value, "")
        return _add(text, mapping, key, plain or scalar)
    start, end = found.start_mark.index, found.end_mark.index
    if start == end:  # `notes:` with nothing after it: the value goes after the colon
        key_end = next(name for name, child in mapping.value if child is found).end_mark.index
        colon = text.index(":", key_end) + 1
        return colon, colon, " " + scalar
    written = text[start:end]
    if key == "status" and found.style in ("'", '"'):
        scalar = found.style + value + found.style  # a status word keeps its quotes
    elif key != "status":
        styled = _in_style_of(written, found.style, mapping.flow_style, value, text)
        scalar = styled or scalar
    header = written.split("\n", 1)[0].rstrip("\r")
    if found.style in ("|", ">") and "#" in header and not scalar.startswith(("|", ">")):
        scalar += "  " + header[header.index("#") :]  # the header's comment stays
    scalar += written[len(written.rstrip("\r\n")) :]  # a block scalar's line breaks stay
    spaces = len(text[end:]) - len(text[end:].lstrip(" "))
    if text[end + spaces : end + spaces + 1] == "#" and "\n" not in written:
        # a comment after the value keeps its column
        room = spaces - (len(scalar) - len(written))
        return start, end + spaces, scalar + " " * max(1, room)
    return start, end, scalar


def _add(text: str, mapping: Any, key: str, scalar: str) -> tuple[int, int, str]:
    """The edit that adds `key: scalar` after the mapping's last field, written as its
    fields are: quoted keys in JSON, one field a line when they are, the keys' indent."""
    first_key, last_value = mapping.value[0][0], _last_scalar(mapping.value[-1][1])
    name = f'"{key}"' if first_key.style == '"' else key
    at = last_value.end_mark.index
    if mapping.flow_style:
        if "\n" not in text[at : mapping.end_mark.index]:
            return at, at, f", {name}: {scalar}"
        # the indent of a key that begins its line (`- {id: e1,` has none to copy)
        indent = " " * first_key.start_mark.column
        for key_node, _ in reversed(mapping.value):
            line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
            before = text[line_start : key_node.start_mark.index]
            if not before.strip(" \t"):
                indent = before
                break
        return at, at, f",{_line_break(text)}{indent}{name}: {scalar}"
    indent = " " * first_key.start_mark.column
    if text[at - 1 : at] in ("\n", "\r"):  # after a block scalar: a line of its own
        return at, at, f"{indent}{name}: {scalar}{_line_break(text)}"
    found = _A_LINE_BREAK.search(text, at)
    line_end = found.start() if found else len(text)
    return line_end, line_end, f"{_line_break(text)}{indent}{name}: {scalar}"


_A_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _last_scalar(node: Any) -> Any:
    """The last scalar (or flow collection) in a block collection: its end mark is where
    the collection's text ends (a block collection's own mark is at the next item)."""
    from yaml.nodes import MappingNode, SequenceNode

    while isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    return node


def _in_style_of(
    written: str, style: str | None, in_flow: bool, value: str, text: str
) -> str | None:
    """`value` written in the style of the value it replaces (`written`, in `text`): plain,
    or a stripped block (`>-`, `|-`) at its indent, when that reads back exactly; else
    None. (The C parser gives a plain scalar the style '', the Python one None.)"""
    from trip_tracker import yamlparse

    if _NEEDS_ESCAPES.search(value) or _CONTROL.search(value) or value != value.strip():
        return None
    if not style and not in_flow and "\n" not in value:
        try:
            same = yamlparse.parse(f"k: {value}\n", "note") == {"k": value}
        except DataError:
            same = False
        return value if same else None
    header, _, body = written.partition("\n")
    content = next((line for line in body.splitlines() if line.strip()), "")
    if style in (">", "|") and header.split("#")[0].rstrip() in (">-", "|-") and content:
        if style == ">" and "\n" in value:
            return None  # folding would join the lines
        indent = content[: len(content) - len(content.lstrip(" "))]
        newline = _line_break(text)
        lines = "".join(f"{newline}{indent}{line}" for line in value.split("\n"))
        return header.rstrip("\r").rstrip() + lines  # with the header's comment, if any
    return None


def _line_break(text: str) -> str:
    """The file's own line break: CRLF, a lone CR (old Mac files), else LF."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


#: Characters that YAML 1.1 readers would take otherwise (NEL, LS and PS are line breaks
#: there), or refuse raw (control characters), beyond those JSON escapes itself.
_NEEDS_ESCAPES = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


#: Control characters but the line feed, which only double quotes can carry as they are.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f]")


def _scalar(value: str, *, word: bool) -> str:
    """`value` as a scalar that YAML and JSON both read back exactly: a status word as it
    is; any text double-quoted, with JSON's escapes and \\u ones for `_NEEDS_ESCAPES`."""
    import json

    if word:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _NEEDS_ESCAPES.sub(lambda found: f"\\u{ord(found.group()):04x}", quoted)


def _recompute_block(text: str, block: Any) -> str:
    """The text with a JSON export's `computed` block worked out again for the edited data,
    written as json.dumps would at the block's indent."""
    import json

    from trip_tracker import yamlparse

    fresh = _recomputed(yamlparse.parse(text, "edited"))
    line_start = text.rfind("\n", 0, block.start_mark.index) + 1
    line = text[line_start:]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    found = re.search(r"^([ \t]+)\S", text, re.MULTILINE)  # spaces or tabs, as written
    step = found.group(1) if found else None
    written = json.dumps(fresh, indent=step, ensure_ascii=text.isascii() and "\\u" in text)
    written = written.replace("\n", _line_break(text) + indent)
    return text[: block.start_mark.index] + written + text[block.end_mark.index :]


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
