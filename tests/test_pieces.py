"""A big text is parsed in pieces (see `pieces`): the pieces must read as the whole text does,
or the text must go to the PyYAML path."""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from trip_tracker import cache, fastparse, loader, pieces, process
from trip_tracker.errors import DataError

from .test_fast_parse import generator, same, slow


def cut_into(monkeypatch: pytest.MonkeyPatch, text: str, count: int) -> list[bytes]:
    """Make `count` the number of pieces of events `cut` aims at for `text`; the texts of
    the pieces it then gives (the head first)."""
    data = text.encode("utf-8")
    monkeypatch.setattr(pieces, "PIECE_BYTES", len(data) // count)
    spans = pieces.cut(data)
    return [pieces.text_of(data, spans, index) for index in range(len(spans))]


def strict_or_none(text: str) -> Any:
    try:
        return slow(text)
    except DataError:
        return None


def test_a_generated_itinerary_is_cut_at_its_event_items(monkeypatch: pytest.MonkeyPatch) -> None:
    text = generator().generate(400)
    parts = cut_into(monkeypatch, text, 6)
    assert len(parts) == 7
    assert parts[0].endswith(b"\nevents:\n")
    assert all(part.startswith(b"events:\n  - id: ") for part in parts[1:])
    rejoined = parts[0] + b"".join(part.removeprefix(b"events:\n") for part in parts[1:])
    assert rejoined == text.encode("utf-8")
    data = fastparse.parse(text)
    assert data is not None and same(data, slow(text))
    assert len(data["events"]) == 400
    monkeypatch.setattr(pieces, "PIECE_BYTES", len(text) * 2)  # one piece
    assert same(fastparse.parse(text), data)


FLUSH = """\
a: 1
events:
- id: e1
  l:
  - x
  - y

# a comment at column 0
- id: e2
  t: |
    block
    - not an item
- plain
  continued
-
  id: e4
- [1, 2]
after: [z]
"""

INDENTED = """\
events:
  - id: e1
    n: "quoted,
      on two lines"
  - id: e2
    l:
      - a
    m:
    - b
  # comment
  - >-
    folded
  - id: e3
    # comment
    n: 'single'
tail:
  - not: events
"""


@pytest.mark.parametrize("text", [FLUSH, INDENTED], ids=["flush", "indented"])
def test_every_cut_of_a_block_reads_as_the_whole(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    expected = slow(text)
    cut_counts = set()
    for size in range(1, len(text)):
        monkeypatch.setattr(pieces, "PIECE_BYTES", size)
        cut_counts.add(len(pieces.cut(text.encode("utf-8"))) - 1)
        data = fastparse.parse(text)
        assert data is not None and same(data, expected), size
    assert {0, 2, 3, 4} <= cut_counts  # pieces of events (0: not cut)


def test_a_cut_inside_quotes_sends_the_text_to_the_strict_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A quoted scalar may run over a line that looks like an item: the piece before that
    cut ends inside the quotes, which yaml_rs refuses, and PyYAML reads the whole text."""
    text = 'events:\n  - id: e1\n    n: "one\n  - two"\n  - id: e3\n'
    parts = cut_into(monkeypatch, text, 3)
    assert parts[1].endswith(b'n: "one\n')
    assert fastparse.parse(text) is None
    assert slow(text) == {"events": [{"id": "e1", "n": "one - two"}, {"id": "e3"}]}


@pytest.mark.parametrize(
    "text",
    [
        'events: [x]\nn:\n  - {k: "}\nevents:\n  - a", j: "{"}\n  - c\n  - d\n',
        'events: [x]\nn: {k: "}\nevents:\n  - a", j: "{"}\n  - c\n  - d\n',
        'list: #\n    - {k: "}\nevents:\n  - a", j: "{"}\n  - c\n  - d\n',
    ],
    ids=["items-of-another-list", "invalid-yaml", "indented-block"],
)
def test_an_events_line_inside_a_quoted_flow_scalar_is_not_cut_at(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Brackets inside quotes hide a flow collection over several lines from the bracket
    scan; a line `events:` inside it must not be taken for the key (a review found each of
    these read wrong, or read at all where PyYAML refuses the text). The head, cut right
    after that line, ends inside the quotes: declined."""
    assert len(cut_into(monkeypatch, text, 3)) >= 3
    assert fastparse.parse(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "events:\n  - |\n" + "\n" * 5000 + "  - x\n  - y\n",
        "events:\n  - |  # " + "c" * 5000 + "\n  - x\n  - y\n",
    ],
    ids=["blank-lines", "long-comment"],
)
def test_a_piece_ending_in_an_empty_block_scalar_is_declined(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Its value is '\\n' to yaml_rs and '' to PyYAML, however long the blank end or the
    header's comment (the check looked at the last 4 KiB only)."""
    parts = cut_into(monkeypatch, text, 50)
    assert parts[1].rstrip().endswith(b"|") or b"  - |  # c" in parts[1]
    assert fastparse.parse(text) is None
    assert slow(text)["events"] == ["", "x", "y"]


def test_a_text_ending_in_an_empty_block_scalar_after_many_blank_lines_is_declined() -> None:
    text = "a: 1\nz: |\n" + "\n" * 5000
    assert fastparse.parse(text) is None
    assert slow(text) == {"a": 1, "z": ""}


def test_a_key_repeated_after_the_block_is_for_the_strict_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "a: 1\nevents:\n  - x\n  - y\n  - z\na: 2\n"
    assert len(cut_into(monkeypatch, text, 3)) == 4
    assert fastparse.parse(text) is None
    with pytest.raises(DataError, match="duplicate key"):
        slow(text)


def test_what_is_not_a_block_of_items_is_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in (
        "".join(f"k{number}:\n  - x\n  - y\n" for number in range(20)),  # no events
        "events: [x, y]\n" + "".join(f"a{number}: 1\n" for number in range(40)),  # flow
        "events:#c\n" + "  - y\n" * 40,  # not a comment: `events:#c` is a plain scalar
        "events: x\n" + "  - y\n" * 40,  # a value on the key's line
    ):
        assert cut_into(monkeypatch, text, 4) == [text.encode("utf-8")], repr(text)
        assert fastparse.parse(text) in (None, strict_or_none(text))


@pytest.mark.parametrize(
    "text",
    [
        "events:\n\n  # the first day\n  - x\n" + "  - y\n" * 40,
        "events:  # the program\n" + "  - y\n" * 40 + "after: 1\n",
        "events:   \n" + "  - y\n" * 40,
        "a: 1\r\nevents:\r\n" + "  - y: 1\r\n\r\n    z: 1\r\n" * 40 + "after: 2\r\n",
        "events: # c\r\n" + "- y\r\n" * 40,
    ],
    ids=["blank-and-comment-first", "comment", "trailing-spaces", "crlf", "crlf-flush-items"],
)
def test_other_ways_of_writing_the_key_line_are_cut_and_read_as_the_whole(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    assert len(cut_into(monkeypatch, text, 4)) >= 4
    assert fastparse.parse(text) == slow(text)


def test_a_piece_too_deep_for_the_parser_is_declined(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each piece is scanned before yaml_rs sees it: deep nesting in a later piece declines
    the text instead of overflowing the parser's stack."""
    deep = "  - " + "- " * fastparse.MAX_INDENT + "x\n"
    text = "events:\n" + "  - a\n" * 60 + deep
    parts = cut_into(monkeypatch, text, 3)
    assert len(parts) == 3 and parts[2].endswith(deep.encode())
    assert fastparse.parse(text) is None


def test_a_seeded_fuzz_of_cuts_finds_no_text_read_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random event blocks made of the lines that could confuse a cut (quotes over lines,
    items at other indentations, comments, block scalars), under key lines written in each
    way that is cut at, with LF or CRLF line ends: every cut reads as PyYAML reads the
    whole, or declines."""
    lines = [
        '  - {k: "}',
        '  - a", j: "{"}',
        "  - [x, 'y]'",
        "    n: {a: '}",
        "\n" * 30,
        "    t: |  # " + "c" * 300,
        "  - id: x",
        "  - y",
        '    q: "a',
        '  - b"',
        "    l:",
        "    - z",
        "      - w",
        "  # c",
        "#c",
        "",
        "    t: |",
        "      - t",
        "  -",
        "    k: v",
        "  - 'p",
        "  - q'",
        "- f",
        "k: 1",
        "events:",
    ]
    rng = random.Random(11)
    answered = cut = 0
    for _ in range(1200):
        body = "\n".join(rng.choice(lines) for _ in range(rng.randint(3, 14)))
        key = rng.choice(["events:", "events:", "events:  # the program", "events: "])
        text = f"a: 1\n{key}\n  - id: first\n" + body + "\n"
        if rng.random() < 0.25:
            text = text.replace("\n", "\r\n")
        expected = strict_or_none(text)
        for count in (2, 3, 5):
            parts = cut_into(monkeypatch, text, count)
            data = fastparse.parse(text)
            if data is not None:
                answered += 1
                cut += len(parts) > 1
                assert expected is not None and same(data, expected), (count, text)
    assert cut > 100  # the fuzz reaches texts that are cut, and read, often enough


def test_an_invalid_event_in_a_later_piece_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    text = generator().generate(200)
    last = text.rindex("  - id: ")
    line = text.count("\n", 0, last) + 1
    broken = text[:last] + "  - id: bad id\n" + text[last + len("  - id: e000199\n") :]
    assert len(cut_into(monkeypatch, broken, 4)) == 5
    with pytest.raises(DataError) as caught:
        loader.load_text(broken, "big.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (line, "events[199].id")


def test_a_file_read_in_pieces_is_cached_and_loads_back_equal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = generator().generate(300)
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    cut_into(monkeypatch, text, 5)
    first = loader.load_path(str(path))
    entry = cache.Entry(str(path), path.read_bytes())
    assert entry.file.read_bytes().count(b"trip-tracker validated-data cache") == 1

    def fail(*args: object) -> None:
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(fastparse, "start", fail)
    assert loader.load_path(str(path)) == first
    assert len(first.events) == 300


def test_a_thread_that_fails_anywhere_declines_and_never_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever goes wrong in the parser's thread (here: no memory for a scan of the second
    piece), the reader gets its None and the text goes to the strict path."""
    text = generator().generate(100)
    scanned = []

    def scan(data: bytes) -> bool:
        scanned.append(data)
        if len(scanned) == 2:
            raise MemoryError
        return False

    cut_into(monkeypatch, text, 3)
    monkeypatch.setattr(fastparse, "_unsafe_to_parse", scan)
    assert fastparse.parse(text) is None
    assert len(scanned) == 2
    assert len(loader.load_text(text, "big.yaml").events) == 100


def test_join_puts_the_pieces_back_or_says_none() -> None:
    parsed = [{"a": 1, "events": None}, {"events": [1]}, {"events": [2]}, {"events": [3], "b": 2}]
    assert pieces.join(parsed) == {"a": 1, "events": [1, 2, 3], "b": 2}
    assert pieces.join([{"events": 5}]) == {"events": 5}  # one piece: as parsed
    for wrong in (
        [["events"], {"events": [1]}],  # not a mapping at the top
        [{"events": None, "a": 1}, {"events": [1]}],  # events not the head's last key
        [{"events": [0]}, {"events": [1]}],  # events with a value in the head
        [{}, {"events": [1]}],
        [{"events": None}, ["x"]],
        [{"events": None}, {"events": {"x": 1}}],
        [{"events": None, "b": 1}, {"events": [2], "b": 2}],  # a key twice
    ):
        assert pieces.join(wrong) is None, wrong


def test_a_reading_is_taken_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reading = fastparse.start("events:\n  - a\n")
    assert reading is not None
    assert list(reading) == [{"events": ["a"]}]
    assert list(reading) == []
    assert reading.data() == {"events": ["a"]}


def _event_block(text: str, event_id: str) -> tuple[int, int]:
    """Where the event `event_id` starts and ends in a generated itinerary's text."""
    start = text.index(f"  - id: {event_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return start, (end + 1 if end >= 0 else len(text))


@pytest.mark.parametrize(
    ("edit", "message", "path"),
    [
        (("participants: [principal, p00001]", "participants: [principal, nobody]"),
         "unknown person 'nobody'", "events[150].participants[1]"),
        (("stop: s00003", "stop: s99999"), "unknown stop 's99999'", "events[150].stop"),
        (("ref: wire-1", "ref: wire-9"), "unknown source 'wire-9'", "events[150].source.ref"),
        (("2025-11-04T", "2026-01-04T"), "is after the stop", "events[150].when"),
        (("id: e000150", "id: e000003"), "id 'e000003' is already used", "events[150].id"),
    ],
    ids=["person", "stop", "source", "outside-stop", "duplicate-id"],
)  # fmt: skip
def test_the_rules_on_events_in_a_later_piece_are_kept(
    monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str], message: str, path: str
) -> None:
    """The rules on events run piece by piece as the events are built (EventRules): a broken
    one in a later piece still makes the load fail, located by the strict path."""
    text = generator().generate(200)
    start, end = _event_block(text, "e000150")
    broken = text[:start] + text[start:end].replace(*edit) + text[end:]
    parts = cut_into(monkeypatch, broken, 4)
    title = b"Ceremony with p00001 in Gyeongju"  # e000150's
    assert len(parts) == 5 and any(title in part for part in parts[2:])
    with pytest.raises(DataError) as caught:
        loader.load_text(broken, "big.yaml")
    [problem] = caught.value.problems
    assert message in problem.message and problem.path == path


def test_lists_after_the_events_are_judged_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """When sources, people and stops come after the events, the head has none of them:
    the rules cannot run as the events come, and the whole is checked at the end, as
    before (here: a broken reference in the first piece of events)."""
    text = generator().generate(200).replace("principal: principal\n", "", 1)
    events_at = text.index("\nevents:\n") + 1
    lists_at = text.index("\nsources:\n") + 1
    tail = "principal: principal\n" + text[lists_at:events_at]  # the last piece holds all
    moved = text[:lists_at] + text[events_at:] + tail
    assert fastparse.parse(moved) is not None
    assert len(loader.load_text(moved, "moved.yaml").events) == 200
    start, end = _event_block(moved, "e000001")
    broken = (
        moved[:start] + moved[start:end].replace("ref: wire-", "ref: nowhere-", 1) + moved[end:]
    )
    assert len(cut_into(monkeypatch, broken, 4)) == 5
    with pytest.raises(DataError, match="unknown source 'nowhere-"):
        loader.load_text(broken, "moved.yaml")


# --- pieces parsed in a child process (fastparse.ForkedReading) -------------------------

forking = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child process is for Linux"
)


@pytest.fixture
def one_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the console script, where a big text is parsed in a child process."""
    monkeypatch.setattr(process, "one_command", True)
    monkeypatch.setattr(loader, "_kept_to_the_end", [])  # nothing kept past the test


def started_children(monkeypatch: pytest.MonkeyPatch) -> list[fastparse.ForkedReading]:
    readings: list[fastparse.ForkedReading] = []
    real = fastparse.ForkedReading.__init__

    def spy(self: fastparse.ForkedReading, *args: Any) -> None:
        real(self, *args)
        readings.append(self)

    monkeypatch.setattr(fastparse.ForkedReading, "__init__", spy)
    return readings


def reaped(reading: fastparse.ForkedReading) -> bool:
    """The child has ended and been waited for (no zombie left)."""
    return reading._child == 0 and reading._pipe.closed


@forking
def test_a_child_process_reads_the_pieces_as_the_thread_does(
    monkeypatch: pytest.MonkeyPatch, one_command: None
) -> None:
    text = generator().generate(300)
    cut_into(monkeypatch, text, 5)
    readings = started_children(monkeypatch)
    forked = loader.load_text(text, "big.yaml")
    assert len(readings) == 1 and reaped(readings[0])
    monkeypatch.setattr(process, "one_command", False)
    assert loader.load_text(text, "big.yaml") == forked
    assert len(readings) == 1  # a host program is not forked: the thread read it


@forking
def test_the_child_packs_the_pieces_for_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, one_command: None
) -> None:
    """The parent keeps the bytes the child packed for the entry, and packs every third
    piece itself."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = generator().generate(300)
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    cut_into(monkeypatch, text, 5)
    readings = started_children(monkeypatch)
    packed_here: list[int] = []  # the child's own copy gets the child's calls
    real_pack = cache.Entry.pack

    def pack(data: Any) -> bytes | None:
        packed_here.append(os.getpid())
        return real_pack(data)

    monkeypatch.setattr(cache.Entry, "pack", staticmethod(pack))
    first = loader.load_path(str(path))
    count = len(pieces.cut(text.encode("utf-8")))
    assert count == 6 and len(readings) == 1
    assert packed_here == [os.getpid()] * 2  # pieces 2 and 5; the child packed the rest
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert loader.load_text(text, "big.yaml") == first  # the thread's reading
    monkeypatch.setattr(fastparse, "start", lambda *args: pytest.fail("parsed again"))
    assert loader.load_path(str(path)) == first


@forking
@pytest.mark.parametrize(
    "break_it",
    [
        lambda text: text[: text.rindex("  - id: ")] + "  - id: [unclosed\n",  # bad YAML
        lambda text: text[: text.rindex("  - id: ")] + "  - " * 60 + "deep\n",  # too deep
    ],
    ids=["syntax-error", "unsafe-piece"],
)
def test_a_last_piece_the_child_cannot_read_goes_to_the_strict_path(
    monkeypatch: pytest.MonkeyPatch, one_command: None, break_it: Any
) -> None:
    text = break_it(generator().generate(200))
    cut_into(monkeypatch, text, 4)
    readings = started_children(monkeypatch)

    def outcome() -> Any:
        try:
            return loader.load_text(text, "big.yaml")
        except DataError as error:
            return str(error)

    monkeypatch.setattr(process, "one_command", False)
    expected = outcome()  # the thread's reading
    monkeypatch.setattr(process, "one_command", True)
    got = outcome()
    assert got == expected and isinstance(got, str)
    assert len(readings) == 1 and reaped(readings[0])


@forking
def test_a_child_that_dies_midway_declines_and_is_waited_for(
    monkeypatch: pytest.MonkeyPatch, one_command: None
) -> None:
    text = generator().generate(200)
    cut_into(monkeypatch, text, 4)
    readings = started_children(monkeypatch)

    def die_after_one_piece(
        fd: int, utf8: bytes, spans: Any, load: Any, pack: Any, *_: Any
    ) -> None:
        frame = pack(0, load(pieces.text_of(utf8, spans, 0), parse_datetime=False))
        os.write(fd, len(frame).to_bytes(8, "little") + frame[: len(frame) // 2])

    monkeypatch.setattr(fastparse, "_send_pieces", die_after_one_piece)
    assert fastparse.parse(text) is None
    assert len(readings) == 1 and reaped(readings[0])
    assert len(loader.load_text(text, "big.yaml").events) == 200


def _with_a_line_break_of_yaml_11(text: str, event: str = "e000299") -> str:
    """`text` with the title of `event` (the last one in the file by default) holding NEL:
    a line break to PyYAML (the title then reads "X Y Meeting ..."), a character like any
    other to yaml_rs. Both readings are valid itineraries: only the scans of
    `_read_differently` tell them apart."""
    start, end = _event_block(text, event)
    block = text[start:end].replace('title: "', 'title: "X\u0085Y ', 1)
    assert block != text[start:end]
    return text[:start] + block + text[end:]


def _judged_by(monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    """Make one process judge every part of the text: "child", the parent never looking
    at the pipe before reading it (so never scanning), or "parent", the child ending at its
    first scan instead of sending a verdict, and the parent waiting for that end before it
    scans (so that it judges after the child has ended)."""
    if who == "child":
        monkeypatch.setattr(fastparse.ForkedReading, "_child_has_sent", lambda self: True)
        return
    real_wait = fastparse.ForkedReading._child_has_sent

    def wait(self: fastparse.ForkedReading) -> bool:
        while not real_wait(self):
            time.sleep(0.001)
        return True

    monkeypatch.setattr(fastparse.ForkedReading, "_child_has_sent", wait)
    real = fastparse._send_pieces

    def no_verdicts(*args: Any) -> None:  # runs in the child only: its patch stays there
        monkeypatch.setattr(fastparse, "_read_differently_within", lambda data: os._exit(0))
        real(*args)

    monkeypatch.setattr(fastparse, "_send_pieces", no_verdicts)


@forking
@pytest.mark.parametrize("who", ["child", "parent"])
@pytest.mark.parametrize("event", [None, "e000030", "e000299"], ids=["none", "early", "last"])
def test_either_process_alone_judges_every_part(
    monkeypatch: pytest.MonkeyPatch, one_command: None, who: str, event: str | None
) -> None:
    """The scans of `_read_differently` run part by part in the parent (from the first)
    and in the child (from the last back), whichever gets to a part first: each alone
    reaches the verdict the thread's reading does. A text they decline (a NEL in a title,
    early or in the last piece) still loads as PyYAML reads it."""
    text = generator().generate(300)
    if event is not None:
        text = _with_a_line_break_of_yaml_11(text, event)
    count = len(cut_into(monkeypatch, text, 5))
    readings = started_children(monkeypatch)
    _judged_by(monkeypatch, who)
    forked = loader.load_text(text, "big.yaml")
    assert len(readings) == 1 and reaped(readings[0])
    scanned, child_judged = readings[0]._scanned, readings[0]._child_judged
    if event is None:  # one process judged all the parts
        assert (scanned, child_judged) == ((0, 0) if who == "child" else (count, count))
    if event is not None:
        assert next(e for e in forked.events if e.id == event).title.startswith("X Y ")
    assert (fastparse.parse(text) is None) is (event is not None)
    monkeypatch.setattr(process, "one_command", False)
    assert loader.load_text(text, "big.yaml") == forked


@forking
def test_the_two_processes_share_the_scans_and_meet(
    monkeypatch: pytest.MonkeyPatch, one_command: None
) -> None:
    """The parent scans a part each time the child's next frame is not there yet, and the
    child judges from the last part back. Here the parent finds the pipe empty twice (it
    scans the first two parts), then waits for each frame: the child's verdicts judge the
    rest, down to where the two meet."""
    text = generator().generate(300)
    count = len(cut_into(monkeypatch, text, 5))
    readings = started_children(monkeypatch)
    real = fastparse.ForkedReading._child_has_sent

    def twice_empty(self: fastparse.ForkedReading) -> bool:
        while self._scanned >= 2 and not real(self):
            time.sleep(0.001)
        return self._scanned >= 2

    monkeypatch.setattr(fastparse.ForkedReading, "_child_has_sent", twice_empty)
    forked = loader.load_text(text, "big.yaml")
    assert count == 6 and len(readings) == 1 and reaped(readings[0])
    assert (readings[0]._scanned, readings[0]._child_judged) == (2, 2)
    monkeypatch.setattr(process, "one_command", False)
    assert loader.load_text(text, "big.yaml") == forked


@forking
def test_a_text_declined_while_writing_the_cache_is_stored_as_pyyaml_reads_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, one_command: None
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = _with_a_line_break_of_yaml_11(generator().generate(300))
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    cut_into(monkeypatch, text, 5)
    readings = started_children(monkeypatch)
    trip = loader.load_path(str(path))
    assert trip.events[-1].title.startswith("X Y ")
    assert len(readings) == 1 and reaped(readings[0])
    monkeypatch.setattr(fastparse, "start", lambda *args: pytest.fail("parsed again"))
    assert loader.load_path(str(path)) == trip


@pytest.mark.parametrize("forked", [True, False], ids=["child", "thread"])
def test_the_document_waits_for_the_end_of_the_reading(
    monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """Every piece taken is not enough: `data()` gives the document once the reading has
    ended, the verdict on the text in (for the child's reading, after the last piece)."""
    import itertools

    if forked and not sys.platform.startswith("linux"):
        pytest.skip("the child process is for Linux")
    monkeypatch.setattr(process, "one_command", forked)
    text = generator().generate(200)
    count = len(cut_into(monkeypatch, text, 4))
    reading = fastparse.start(text.encode("utf-8"))
    assert reading is not None and isinstance(reading, fastparse.ForkedReading) == forked
    pieces_read = iter(reading)
    assert len(list(itertools.islice(pieces_read, count))) == count
    assert reading.data() is None
    assert list(pieces_read) == []  # the end of the reading: the verdict
    data = reading.data()
    assert data is not None and len(data["events"]) == 200


@forking
def test_a_reader_that_stops_early_ends_the_child(
    monkeypatch: pytest.MonkeyPatch, one_command: None
) -> None:
    text = generator().generate(300)
    cut_into(monkeypatch, text, 6)
    reading = fastparse.start(text.encode("utf-8"))
    assert isinstance(reading, fastparse.ForkedReading)
    pieces_read = iter(reading)
    assert isinstance(next(pieces_read), dict)
    child = reading._child
    pieces_read.close()  # as when the loader meets an invalid event
    assert reaped(reading) and reading.data() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_the_childs_work_written_to_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_send_pieces` as the child runs it (here in this process): each piece packed after
    its length, and nothing after a piece that is not safe to parse."""
    import marshal

    import yaml_rs

    text = generator().generate(100)
    data = text.encode("utf-8")
    cut_into(monkeypatch, text, 3)
    spans = pieces.cut(data)

    def dump(index: int, data: Any) -> bytes | None:
        return fastparse._dump(data)

    def stream_of(source: bytes) -> bytes:
        read_end, write_end = os.pipe()
        fastparse._enlarge(write_end, 1 << 20)  # all of it, as nothing reads it meanwhile
        fastparse._send_pieces(write_end, source, pieces.cut(source), yaml_rs.load, dump)
        with os.fdopen(read_end, "rb") as pipe:
            return pipe.read()

    def frames_of(source: bytes) -> list[Any]:
        stream = stream_of(source)
        found = []
        while stream:
            length = int.from_bytes(stream[:8], "little")
            if length > 1:  # a piece, not a verdict
                found.append(marshal.loads(stream[8 : 8 + length]))
            stream = stream[8 + length :]
        return found

    assert pieces.join(frames_of(data)) == fastparse.parse(text)
    verdict = b"\x01" + b"\0" * 7 + fastparse.SAME_READING
    assert stream_of(data).endswith(verdict * len(spans))  # one for each part, last first
    start, end = spans[1]
    nel = data[start:end].replace(b'title: "', b'title: "X\xc2\x85Y ', 1)  # as PyYAML reads it
    odd = data[:start] + nel + data[end:]
    different = b"\x01" + b"\0" * 7 + fastparse.DIFFERENT_READING
    assert len(pieces.cut(odd)) == len(spans) == 4
    assert stream_of(odd).endswith(verdict * 2 + different)  # parts 3 and 2, then 1: no more
    start, end = spans[2]
    unsafe = data[:start] + data[start:end].replace(b"  - id:", b"  - &x id:", 1) + data[end:]
    assert len(frames_of(unsafe)) == 2


@forking
def test_a_command_sets_the_child_to_work_before_it_imports_the_model(tmp_path: Path) -> None:
    """`trip` reads a big file and forks its parser before importing pydantic and the model
    (~0.17 s, see `opening`): the parse runs beside that import. From the cache, as from the
    file, the command's answer is the same."""
    import subprocess

    path = tmp_path / "big.yaml"
    path.write_text(generator().generate(300), encoding="utf-8")
    script = """
import sys
from trip_tracker import fastparse, pieces
pieces.PIECE_BYTES = 20_000
real = fastparse.ForkedReading.__init__
def spy(self, *args):
    print("forked with pydantic:", "pydantic" in sys.modules, file=sys.stderr)
    real(self, *args)
fastparse.ForkedReading.__init__ = spy
from trip_tracker.cli import main
main()
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def trip(*args: str) -> tuple[int, str, str]:
        command = [sys.executable, "-c", script, "-f", str(path), *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        return done.returncode, done.stdout, done.stderr

    found = f"OK: {path}: 8 stops, 300 events, 12 people, 5 sources\n"
    assert trip("validate", "--no-cache") == (0, found, "forked with pydantic: False\n")
    assert trip("validate") == (0, found, "forked with pydantic: False\n")  # writes the entry
    assert trip("validate") == (0, found, "")  # from the cache: nothing to parse
    # Commands that import the model before they load (`meetings` needs `queries` for its
    # filters) read the file first too (see `cli_options.begins_reading`).
    for command in (["meetings", "--with", "Øvergaard"], ["stops"], ["export", "--format", "json"]):
        code, out, err = trip(*command, "--no-cache")
        assert (code, err) == (0, "forked with pydantic: False\n") and out, command


@forking
def test_a_pipe_numbered_past_1024_is_read(
    monkeypatch: pytest.MonkeyPatch, one_command: None
) -> None:
    """A process may inherit more than a thousand open files: the child's pipe then gets a
    descriptor number that `select` refuses (a review found big files failing with exit
    70 so). The pipe is watched with poll, which has no such limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this system allows too few open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    text = generator().generate(200)
    cut_into(monkeypatch, text, 4)
    readings = started_children(monkeypatch)
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        data = fastparse.parse(text)
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert len(readings) == 1 and reaped(readings[0])
    assert data is not None and len(data["events"]) == 200
