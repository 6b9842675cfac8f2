"""The fast path for reading an itinerary: a Rust YAML parser, used only where it is safe.

`yaml_rs` parses about ten times faster than libyaml-backed PyYAML, but it does not keep all of
our rules by itself: it ignores tags (`!!binary x` becomes the string "x"), expands aliases, reads
`1_000` and `0X1F` as numbers, treats a tab as a separator and recurses without bound in
compact block sequences (`- - - ...` crashes the process). So the fast path takes only text
that cannot reach those differences, judged by cheap scans of the text:

- no tag, anchor or alias indicator (`!`, `&name`, `*name`), nor `?` glued to a key, where a
  node may start; no `%` directive;
- no tab, no YAML 1.1 line break (NEL, LS, PS), no character PyYAML's reader refuses (C0 and
  C1 controls, DEL, U+FFFE/U+FFFF), no byte-order mark but one at the very start;
- no plain scalar that holds `_` and starts like a number (underscores aside), a
  `0x`/`0o`/`0b` prefix in another case or sign, or `.` followed by a letter (`.nAn`);
- no flow collection over several lines (judged by the brackets of each line), and no `|`
  or `>` where a node starts after a bracket on its line (text to yaml_rs, an error to
  PyYAML); no line break that is a carriage return alone;
- no document end marker (`...`), after which PyYAML wants a new `---`; no surrogate escape
  (`"\\ud83d\\ude00"`, joined by the strict path only in JSON), no `:` right before `,` `]`
  `}` and no line that starts with `: ` (PyYAML refuses `{a:}` and `{a\\n: b}`);
- no line, the first included, whose indentation (spaces and `- `/`? `/`: ` indicators)
  reaches `MAX_INDENT`, which bounds block nesting; flow nesting is bounded by the parser
  itself (an error, not a crash);
- the text ends with a newline and not with a block scalar header (where PyYAML and the Rust
  parser disagree on the value of an empty or unterminated block scalar).

yaml_rs runs in a thread, on a big text one piece after another (see `pieces`), or, for the
console script on Linux, in a child process (`ForkedReading`): the scans that keep the parser
itself safe (nesting, aliases) run there on each piece before it is parsed; the others
(~0.5 s at 100,000 events) run wherever there is time for them (see `ForkedReading`), and
the whole document is given only once their verdict is in: a caller may build from each
piece as it comes, but keeps nothing of a text they decline.

Anything else, and any text the parser refuses (duplicate keys, bad syntax, several
documents, a top level that is not a mapping), returns None: the caller then takes the PyYAML
path, which gives the positioned error message or the same data. Keys that are not text are
left to the model (it forbids unknown fields) except inside `computed`, which it ignores, so
they are checked there.

Known and left: numeric keys made to share one hash (multiples of 2**61-1, which Python
hashes to 0) cost yaml_rs quadratic time as it builds the dict: 30,000 such keys (745 KB)
take ~20 s, where the PyYAML path refuses the first key at once. No crash and little
memory; a scan for number-like keys would send notes such as "2 officials said: ..." to
the slow path too, for a file that someone crafted.
"""

from __future__ import annotations

import contextlib
import re
import string
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from trip_tracker import pieces

if TYPE_CHECKING:
    import select

#: Indentation (with compact indicators) at which the fast path gives up: bounds block nesting.
MAX_INDENT = 100

# The scans run on the UTF-8 bytes, not the decoded text: a byte search is 2-4x faster than
# the same search in text that holds any character beyond Latin-1 (stored 2 or 4 bytes wide),
# and every character the rules name is ASCII or a fixed UTF-8 sequence. A multi-byte UTF-8
# sequence never holds an ASCII byte, so an ASCII byte found is that very character.
_UTF8_BOM = b"\xef\xbb\xbf"
#: Bytes after which a node (and its tag, anchor or alias) may start: YAML's white space
#: (space, tab, line breaks) and flow indicators.
_NODE_START = frozenset(b" \t\n\r[]{},:")
_TAG = ord("!")
_WHITE = (b" ", b"\t", b"\r", b"\n")
_SIGNS = frozenset(b"+-")
#: A byte that cannot be in a token (see `_underscored_number`), and the text up to the last
#: such byte (`.*` jumps to the end and backs off over the token bytes only).
_OUTSIDE_TOKEN = re.compile(rb"[^0-9A-Za-z.+\-_]")
_UP_TO_LAST_OUTSIDE_TOKEN = re.compile(rb"(?s).*[^0-9A-Za-z.+\-_]")
_DIGIT_OR_DOT = frozenset(b"0123456789.")
_BYTES_PER_UNDERSCORE = 100
#: The parser thread's stack, as large as a main thread's usual one.
_PARSER_STACK = 8 << 20


def _token_classes() -> bytes:
    """A translate() table: each byte as its class (digit 0, `.`, letter a, sign +, `_`),
    anything else a space."""
    table = bytearray(b" " * 256)
    for members, kind in (("0123456789", "0"), (string.ascii_letters, "a"), ("+-", "+")):
        for char in members:
            table[ord(char)] = ord(kind)
    table[ord(".")], table[ord("_")] = ord("."), ord("_")
    return bytes(table)


_TOKEN_CLASSES = _token_classes()
#: A token (after a space) that starts like a number once its signs and underscores are
#: stripped, and holds an underscore: after that start, or among the stripped ones.
_NUMBER_WITH_UNDERSCORE = re.compile(rb" (?:[+_]*[0.][^ ]*_|\+*_[+_]*[0.])")
#: Each starts with a literal, which `re` finds fast; the context is checked after.
_ODD_NUMBERS = (re.compile(rb"0[xXoObB]"), re.compile(rb"\.[A-Za-z]"))
#: What yaml_rs reads otherwise than PyYAML: tab (a separator to one, refused by the other),
#: and what PyYAML's reader refuses ("special characters are not allowed"): the other C0
#: controls but line breaks, and DEL, all deleted in one C-speed pass (see `_odd_character`);
#: then, as UTF-8 sequences, C1 controls (among them NEL, a YAML 1.1 line break), LINE and
#: PARAGRAPH SEPARATOR (line breaks in YAML 1.1 only), U+FFFE and U+FFFF, and a byte-order
#: mark past the start (libyaml skips one at the start of any line, yaml_rs reads it as
#: text). Each pattern starts with a literal, which `re` finds fast (an alternation of them
#: would scan 10x slower).
#: Surrogates cannot reach here: strict UTF-8 decoding refuses them.
_C0_AND_DEL = bytes([*range(0x00, 0x0A), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_WIDE_ODD_CHARACTERS = (
    re.compile(b"\xc2[\x80-\x9f]"),
    re.compile(b"\xe2\x80[\xa8\xa9]"),
    re.compile(b"\xef\xbf[\xbe\xbf]"),
    re.compile(_UTF8_BOM),
)
_CHUNK = 1 << 20
#: What may not start a line, each with the `\n` before it (the first line is given
#: one, see `_line_start`): indentation with compact indicators reaching MAX_INDENT (yaml_rs
#: overflows its stack some thousands of levels deep and the process dies); a `%` directive;
#: a `...` document end (PyYAML wants `---` before any text after it, yaml_rs does not); and
#: `: ` (a flow key's `:` on the next line, `{a\n: b}`, refused by PyYAML; in block context
#: also a `? key`'s value, sent along conservatively). One pattern, so that each line is
#: looked at once (four patterns took twice as long: 0.2 s on 41 MB).
_LINE_START = re.compile(rb"\n(?:[ ?:-]{%d}|%%|\.\.\.(?:[ \t\r\n]|\Z)|[ ]*:[ \t\r\n])" % MAX_INDENT)
#: A line break that is a carriage return alone: the line checks look for `\n`.
_LONE_CARRIAGE_RETURN = re.compile(rb"\r(?!\n)")
_BLOCK_HEADER_AT_END = re.compile(rb"[|>][-+0-9]*[ ]*(?:#.*)?\Z")
_OPENING_BRACKET = re.compile(rb"[\[{]")
#: Nesting on one line beyond this is judged open (each pass removes one level).
_PAIR_PASSES = 16
#: What the strict path refuses and yaml_rs reads: a UTF-16 surrogate escape (PyYAML joins a
#: pair only in a file that is JSON), and a `:` ending a plain key right before a flow
#: collection's `,` `]` `}` (`{a:}`).
_REFUSED_BY_PYYAML = (
    re.compile(rb"\\(?:u|U0000)[dD][89a-fA-F]"),
    re.compile(rb":[,\]}]"),
)
_ALL_BUT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}\n")


def risky(data: bytes) -> bool:
    """True when the UTF-8 text `data` may hold something the fast parser reads differently."""
    return _unsafe_to_parse(data) or _read_differently(data)


def _unsafe_to_parse(data: bytes) -> bool:
    """What must be ruled out before yaml_rs sees the text at all: block nesting deep enough
    to overflow its stack, which kills the process (the line-start scan, sound only once
    tabs and carriage returns alone are ruled out too: yaml_rs nests on both), and aliases,
    which it expands (within limits, but for nothing); with the final newline, free."""
    if not data.endswith(b"\n") or b"\t" in data:
        return True
    # `in` first: a search for one byte runs ~10x faster than the pattern's (0.01 s at
    # 100,000 events, in the child's share of the work), and most texts have no `\r`.
    if b"\r" in data and _LONE_CARRIAGE_RETURN.search(data):
        return True
    return _line_start(data) or _node_indicator(data)


def _read_differently(data: bytes) -> bool:
    """The rest of the rules: text that yaml_rs reads safely, but otherwise than PyYAML."""
    return _read_differently_within(data) or _ends_in_block_header(data)


def _read_differently_within(data: bytes) -> bool:
    """`_read_differently` but for the end of the text: the rules that look at each line by
    itself, so that a text can be judged in parts cut at line ends (see `ForkedReading`)."""
    if _odd_character(data):
        return True
    if _odd_number(data) or bracket_left_open(data) or _block_indicator_in_brackets(data):
        return True
    if any(pattern.search(data) for pattern in _REFUSED_BY_PYYAML):
        return True
    return _underscored_number(data)


def _ends_in_block_header(data: bytes) -> bool:
    """The last line that is not blank is a block scalar's header: its value, empty, is ''
    to PyYAML and '\n' to yaml_rs. Checked for each piece too (see `pieces`)."""
    end = len(data)
    while end > 0:  # back over the blank end, in slices: no copy of a big text
        tail = data[max(0, end - 4096) : end]
        kept = len(tail.rstrip())
        end -= len(tail) - kept
        if kept:
            break
    last_line = data[data.rfind(b"\n", 0, end) + 1 : end]
    return _BLOCK_HEADER_AT_END.search(last_line) is not None


def _odd_character(data: bytes) -> bool:
    """A tab, a YAML 1.1 line break or a character PyYAML's reader refuses (see above)."""
    for start in range(0, len(data), _CHUNK):  # in slices: no second copy of a big file
        chunk = data[start : start + _CHUNK]
        if len(chunk.translate(None, _C0_AND_DEL)) != len(chunk):
            return True
    return any(pattern.search(data) for pattern in _WIDE_ODD_CHARACTERS)


def _node_indicator(data: bytes) -> bool:
    """A tag, anchor or alias indicator (`!`, `&`, `*`) where a node may start, or a `?`
    glued to what follows it there.

    An `&` or `*` followed by white space names no anchor: where a node starts, both parsers
    refuse it, and anywhere else (`Fish & chips`, `2 * 3`) it is text to both; so ordinary
    prose keeps the fast path. A lone `!` is a tag (the non-specific one). `?x` inside
    brackets is the key "x" to PyYAML and the text "?x" to yaml_rs (as YAML 1.2 says); `? x`
    is a key to both.
    """
    for indicator in b"!&*?":
        position = data.find(indicator)
        while position >= 0:
            if (position == 0 or data[position - 1] in _NODE_START) and (
                indicator == _TAG or not data.startswith(_WHITE, position + 1)
            ):
                return True
            position = data.find(indicator, position + 1)
    return False


def _line_start(data: bytes) -> bool:
    """A line, the first one too, that starts as `_LINE_START` forbids."""
    first = b"\n" + data[: MAX_INDENT + 4]  # long enough for each alternative
    return _LINE_START.match(first) is not None or _LINE_START.search(data) is not None


def _block_indicator_in_brackets(data: bytes) -> bool:
    """`|` or `>` where a node starts after an opening bracket on its line: refused by
    PyYAML, text to yaml_rs.

    Outside brackets the two agree: a block scalar's header, text inside a scalar, or an
    error to both (checked). Collections over several lines are declined as a whole (see
    `bracket_left_open`), so a bracket earlier on the same line is what counts. Prose such
    as `a > b` on a line without brackets keeps the fast path. (A `:` glued to what follows,
    as in `[:x]`, is the same kind of case, text to yaml_rs as YAML 1.2 allows; it is left
    to the fast path: every `key: value` would have to be visited to find it, about 1 s for
    100,000 events.)
    """
    scanned = 0  # the current line, up to here, has been searched for an opening bracket
    opened = False
    for position in _in_order(data, b"|", b">"):
        if position and data[position - 1] not in _NODE_START:
            continue
        newline = data.rfind(b"\n", scanned, position)
        if newline >= 0:  # a line of its own: start afresh (each byte is looked at once)
            scanned, opened = newline + 1, False
        if not opened:
            opened = _OPENING_BRACKET.search(data, scanned, position) is not None
        if opened:
            return True
        scanned = position
    return False


def _in_order(data: bytes, first: bytes, second: bytes) -> Iterator[int]:
    """Every position of `first` and of `second`, in order (bytes.find: a regex class scans
    the whole text ten times slower)."""
    one, other = data.find(first), data.find(second)
    while one >= 0 or other >= 0:
        if other < 0 or 0 <= one < other:
            yield one
            one = data.find(first, one + 1)
        else:
            yield other
            other = data.find(second, other + 1)


def bracket_left_open(data: bytes) -> bool:
    """Some line holds a `[` or `{` it does not close, or closes one it did not open, or
    nests them deeper than `_PAIR_PASSES` on one line.

    A flow collection over several lines is where yaml_rs is most lenient: it joins a key
    that spans lines (`{a\n k: 1}` has the key "a k"), and takes `|` or `>` starting a line
    inside it, both refused by PyYAML. So any such collection goes to the strict path, and
    so does a line whose quoted text holds a lone bracket. A collection whose lines each
    look closed only because quotes or comments hold the matching brackets
    (`[x, "]",\n |y, "["]`) is not caught: that would take a tokenizer.
    """
    brackets = data.translate(None, _ALL_BUT_BRACKETS)  # e.g. b"[]\n\n[[]]\n{}\n"
    for _ in range(_PAIR_PASSES):  # drop the pairs closed on their line, innermost first
        shorter = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if shorter == brackets:
            return any(bracket in brackets for bracket in (b"[", b"]", b"{", b"}"))
        brackets = shorter
    return True


def _odd_number(data: bytes) -> bool:
    """A token like `0X1F`, `+0x1`, `0b101` or `.nAn`: numbers to yaml_rs, text to YAML 1.2 core."""
    for pattern in _ODD_NUMBERS:
        for match in pattern.finditer(data):
            start = match.start()
            if start > 0 and data[start - 1] in _SIGNS:
                start -= 1
            if start == 0 or data[start - 1] in _NODE_START:
                return True
    return False


def _underscored_number(data: bytes) -> bool:
    """A token holding `_` that, without leading signs and underscores, starts like a number:
    `1_000` and even `_1e3` are numbers to yaml_rs, text in YAML 1.2 core.

    Each underscore is looked at in Python: about 2.6 us each (300,000 snake_case ids in a
    41 MB file take 0.8 s); its token's ends are found by patterns, so that a long token
    costs little more (a 10 MB one: 0.1 s; walked a byte at a time, 0.75 s). Past one in
    `_BYTES_PER_UNDERSCORE` bytes the same test runs as one pattern over a map of the text's
    character classes instead, about 1.5 s for 40 MB whatever the count, so a text made of
    underscores cannot take the 19 s the loop would (a density, not a count: the text may
    be judged in parts).
    """
    if data.count(b"_") * _BYTES_PER_UNDERSCORE > len(data):
        classes = b" " + data.translate(_TOKEN_CLASSES)
        return _NUMBER_WITH_UNDERSCORE.search(classes) is not None
    position, scanned = data.find(b"_"), 0  # no token reaches back before `scanned`
    while position >= 0:
        before = _UP_TO_LAST_OUTSIDE_TOKEN.match(data, scanned, position)
        start = before.end() if before is not None else scanned
        after = _OUTSIDE_TOKEN.search(data, position)
        end = scanned = after.start() if after is not None else len(data)
        token = data[start:end].lstrip(b"+-_")
        if token and token[0] in _DIGIT_OR_DOT:
            return True
        position = data.find(b"_", end)
    return False


def parse(source: str | bytes) -> dict[str, Any] | None:
    """The document as plain data, or None when only the PyYAML path can say what it means.

    `source` is the text, or the file's bytes, which must then be UTF-8 (a byte-order mark is
    dropped, as `textfile.decode` does); anything else is left to the PyYAML path, which says
    what is wrong with it.
    """
    reading = start(source)
    if reading is None:
        return None
    for _ in reading:
        pass
    return reading.data()


def start(source: str | bytes, pack: Callable[[Any], bytes | None] | None = None) -> Reading | None:
    """yaml_rs set to work on `source` (as in `parse`) in a thread, or for a big text in a
    one-command process on Linux, in a child process (see `ForkedReading`); None when the
    text is for the PyYAML path from the start, yaml_rs is not installed or nothing can run
    it. `pack`, when given, makes each piece's data into bytes for the cache (see
    `Reading.payload`)."""
    if isinstance(source, bytes):
        utf8 = source
    else:
        try:
            utf8 = source.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which PyYAML refuses
            return None
    utf8 = utf8.removeprefix(_UTF8_BOM)  # one at the start is dropped by both paths
    try:
        import yaml_rs
    except ImportError:  # a dependency, but correctness never rests on it
        return None
    spans = pieces.cut(utf8)  # a scan of the whole text: once
    reading: Reading | None = None
    if len(spans) > 1 and ForkedReading.suits():
        reading = ForkedReading(utf8, spans, yaml_rs.load, pack)
    if reading is None or not reading.started():
        reading = Reading(utf8, spans, yaml_rs.load)
    return reading if reading.started() else None


class Reading:
    """yaml_rs reading a text in a thread, one piece after another (see `pieces`).

    Iterating gives each piece's data as soon as it is parsed, so that the caller can build
    its models while the next piece is read; `data()` then gives the whole document, or
    None when the text is for the PyYAML path after all. The scans of `_read_differently`
    (~0.4 s at 100,000 events) run first, while the parser reads the first piece: it lets
    go of the GIL for most of that. Iteration ends early (and `data()` is None) when the
    text is declined, as soon as that is known: for scans that run as the pieces come (see
    `ForkedReading`), possibly after the last piece, so that a text they decline (rare: a
    NEL, `0X1F`, `...`) may have had its pieces parsed and built for nothing before the
    PyYAML path reads it, several times slower.
    """

    #: Whether the scans of `_read_differently` run as the pieces come, the last of them
    #: after the last piece (see `_verdict`), rather than in the caller's thread first.
    _judged_elsewhere = False

    def __init__(self, utf8: bytes, spans: list[tuple[int, int]], load: Callable[..., Any]) -> None:
        import threading  # not `queue`: ~1.3 ms more to import, for every command

        self._begin(utf8, spans)
        self._results: list[Any] = []  # filled by the thread; each one announced by...
        self._ready = threading.Semaphore(0)  # ...a release, which `__iter__` waits for
        self._cancelled = threading.Event()
        self._thread: threading.Thread | None = threading.Thread(
            target=self._parse, args=(utf8, spans, load), name="yaml_rs", daemon=True
        )
        # The stack the main thread would have had: a thread's may be smaller (128 KiB on
        # musl) and yaml_rs recurses once per level of nesting (512 KiB holds MAX_INDENT's
        # worth). Where no such thread can be had (a platform that cannot size it, no memory
        # left for one), the PyYAML path reads the text: never yaml_rs on a stack too small.
        try:
            previous = threading.stack_size(_PARSER_STACK)
        except (ValueError, RuntimeError):
            self._thread = None
            return
        try:
            self._thread.start()
        except RuntimeError:  # "can't start new thread"
            self._thread = None
        finally:
            threading.stack_size(previous)

    def _begin(self, utf8: bytes, spans: list[tuple[int, int]]) -> None:
        """The state of a reading, whatever parses the pieces (`spans`, see `pieces.cut`)."""
        self._utf8: bytes | None = utf8
        self._count = len(spans)
        self._parsed: list[Any] = []
        self._data: dict[str, Any] | None = None
        self._declined = False
        self._judged = False  # every piece taken, and the verdict on the text is in

    def started(self) -> bool:
        return self._thread is not None

    def _parse(self, utf8: bytes, spans: list[tuple[int, int]], load: Callable[..., Any]) -> None:
        """The thread's work: each piece checked as safe for yaml_rs, then parsed; None for
        a piece that is not, or that fails in any way (and nothing after it). Once the
        reader declines, the piece being parsed is finished, and no other is begun."""
        try:
            for index in range(len(spans)):
                if self._cancelled.is_set():
                    return
                text = pieces.text_of(utf8, spans, index)
                if _unsafe_to_parse(text) or _ends_in_block_header(text):
                    break
                options = {"encoding": "utf-8", "encoder_errors": "strict"}
                self._put(load(text, parse_datetime=False, **options))
            else:
                return
        except BaseException:  # its own errors, its nesting limit, no memory, anything
            pass
        self._put(None)

    def _put(self, data: Any) -> None:
        self._results.append(data)
        self._ready.release()

    def __iter__(self) -> Iterator[Any]:
        utf8, self._utf8 = self._utf8, None
        if utf8 is None:
            return  # read once only
        finished = False
        try:
            if not self._judged_elsewhere and _read_differently(utf8):
                return
            del utf8
            for index in range(self._count):
                data = self._take(index)
                if data is None:
                    return
                self._parsed.append(data)
                yield data
            finished = self._judged = self._verdict()
        finally:
            if not finished:  # declined, or the caller stopped reading: so does the thread
                self.cancel()

    def _take(self, index: int) -> Any:
        """Piece `index`'s data, once parsed; None if it was not (see `_parse`)."""
        self._ready.acquire()
        data = self._results[index]
        self._results[index] = None  # the caller and `_parsed` hold it
        return data

    def _verdict(self) -> bool:
        """Whether the scans left found nothing read differently (after the last piece; see
        `_judged_elsewhere`)."""
        return True

    def payload(self, index: int) -> bytes | bytearray | None:
        """Piece `index` packed for the cache as it came, if it came so (see `start`)."""
        return None

    def cancel(self) -> None:
        """Stop after the piece being parsed: the text goes to the PyYAML path."""
        self._declined = True
        self._cancelled.set()

    def data(self) -> dict[str, Any] | None:
        """The whole document once every piece was taken; None if the text is declined."""
        if self._data is None and not self._declined and self._judged:
            data = pieces.join(self._parsed)
            if data is None or not _text_keys(data.get("computed")):
                self.cancel()
            else:
                self._data, self._parsed = data, []
        return self._data


class ForkedReading(Reading):
    """yaml_rs reading a big text in a child process, which sends each piece's data as
    marshal bytes through a pipe.

    In a thread, yaml_rs holds the GIL while it builds the data's objects (~40% of its
    work), and the loader's work on the pieces waits for it. A child process holds a GIL of
    its own: the parse (~2 s at 100,000 events) runs beside the loader's work instead of
    taking turns with it. The parent pays for loading the bytes (~0.6 s at 100,000 events,
    less than the part of the parse it no longer waits for). When the cache wants the
    pieces, the child packs most of them as the cache stores them (`pack`), and the parent
    keeps those bytes for the entry (`payload`); it packs every `PARENT_PACKS`th piece
    itself (the child sends it plain), as packing makes the child's work the longer.

    Only where `fork` is sound and cheap (Linux), only in a one-command process (a host
    program is never forked under its feet; see `process`), and only for a text cut into
    pieces. The child only parses and writes: it leaves with `os._exit` (no flush of the
    parent's buffers, no exit handlers), and when the parent stops reading (an error, the
    PyYAML path), the child meets a closed pipe or is ended, and is waited for.

    The scans of `_read_differently` (~0.4 s at 100,000 events) are run by whichever
    process has time for them: which one that is changes with the machine and its load
    (timed on one machine, each was the longer at some hour). They judge the text in parts
    (the pieces' spans, whole lines each): the parent from the first part on, whenever the
    child's next piece is not there yet, and then after the last piece; the child from the
    last part back, once it has sent the pieces, with a frame for each part's verdict. The
    text is judged once the two meet; a process still scanning then is not waited for.

    The pipe is made as large as the system lets (`PIPE_BYTES`), so that the child can
    send a piece and parse the next while the parent is still at work on the one before.
    """

    #: Bytes that give the length of each frame (a piece's packed data, or a verdict).
    LENGTH = 8
    #: The scans run in both processes (see above).
    _judged_elsewhere = True
    #: With the cache, the parent packs pieces 2, 5, 8... itself (see above).
    PARENT_PACKS = 3
    #: The pipe's size asked for: about a piece (Linux lets anyone have up to 1 MiB).
    PIPE_BYTES = 1 << 20

    @staticmethod
    def suits() -> bool:
        """Whether this process may fork a parser (for a text cut into pieces)."""
        import os
        import sys

        from trip_tracker import process

        linux = sys.platform.startswith("linux")
        return process.one_command and linux and hasattr(os, "fork")

    def __init__(
        self,
        utf8: bytes,
        spans: list[tuple[int, int]],
        load: Callable[..., Any],
        pack: Callable[[Any], bytes | None] | None,
    ) -> None:
        import gc
        import os

        self._begin(utf8, spans)
        self._payloads: list[bytes | bytearray | None] | None = [] if pack is not None else None
        self._text, self._spans = utf8, spans  # for the parent's part of the scans
        self._scanned = 0  # the parent found nothing in the parts before this one...
        self._child_judged = len(spans)  # ...nor the child in this one and those after it
        self._listening = True  # for the child's verdicts: False once it has ended
        self._polled: select.poll | None = None  # the pipe, watched by `_child_has_sent`
        self._child = 0  # the child's process id while it runs
        self._forked = False
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        _enlarge(write_end, self.PIPE_BYTES)
        try:
            child = os.fork()
        except OSError:  # no memory or processes left: the thread does it
            os.close(read_end)
            os.close(write_end)
            return
        if child == 0:  # pragma: no cover - the child process (its work: `_send_pieces`)
            try:
                os.close(read_end)
                gc.disable()  # parsed data holds no cycles (see `loader._gc_paused`)
                _send_pieces(write_end, utf8, spans, load, self._packer(pack))
            finally:
                os._exit(0)
        os.close(write_end)
        self._child, self._forked = child, True
        # Unbuffered: a frame read ahead into a buffer would escape `_child_has_sent`.
        self._pipe = os.fdopen(read_end, "rb", buffering=0)

    def started(self) -> bool:
        return self._forked

    def _packer(self, pack: Callable[[Any], bytes | None] | None) -> Packer:
        """How the child makes each piece's frame: packed for the cache, or dumped plain
        (the pieces the parent packs, and all of them without the cache)."""

        def frame(index: int, data: Any) -> bytes | None:
            return pack(data) if pack is not None and self._child_packs(index) else _dump(data)

        return frame

    def _child_packs(self, index: int) -> bool:
        return index % self.PARENT_PACKS != self.PARENT_PACKS - 1

    def _take(self, index: int) -> Any:
        import marshal

        while not self._child_has_sent() and self._scanned < self._child_judged:
            if not self._scan_next():  # the text is declined: no need to wait for the piece
                return None
        frame = self._frame()
        if frame is None:
            return None
        if self._payloads is not None:
            self._payloads.append(frame if self._child_packs(index) else None)
        return marshal.loads(frame)

    def _child_has_sent(self) -> bool:
        """Whether the child has sent something (or ended): reading would not wait. With
        poll, not select, which refuses a descriptor numbered 1024 or more (a process may
        inherit that many open files)."""
        if self._polled is None:
            import select

            self._polled = select.poll()
            self._polled.register(self._pipe.fileno(), select.POLLIN)
        return bool(self._polled.poll(0))

    def _scan_next(self) -> bool:
        """The parent's scans on the next part; False if they find it read differently."""
        start, end = self._spans[self._scanned]
        self._scanned += 1
        return not _read_differently_within(self._text[start:end])

    def _frame(self) -> bytearray | None:
        """The next frame the child sent; None if it ended (declined) before one."""
        try:
            head = self._read_exactly(self.LENGTH)
            length = int.from_bytes(head, "little") if head is not None else 0
            return self._read_exactly(length) if length else None
        except OSError:
            return None

    def _read_exactly(self, size: int) -> bytearray | None:
        """`size` bytes from the pipe, or None if it ends before them."""
        frame = bytearray(size)
        with memoryview(frame) as view:
            got = 0
            while got < size:
                count = self._pipe.readinto(view[got:])
                if not count:
                    return None
                got += count
        return frame

    def _verdict(self) -> bool:
        """The parts that neither process has judged yet, each by the first to get to it."""
        while self._scanned < self._child_judged:
            if not (self._listening and self._child_has_sent()):
                if not self._scan_next():
                    return False
                continue
            frame = self._frame()
            if frame is None:  # the child ended before it got here: the parent goes on
                self._listening = False
            elif bytes(frame) == SAME_READING:
                self._child_judged -= 1
            else:
                return False
        return True

    def payload(self, index: int) -> bytes | bytearray | None:
        if self._payloads is None or index >= len(self._payloads):
            return None
        return self._payloads[index]

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from super().__iter__()
        finally:
            self._end_child()

    def cancel(self) -> None:
        self._declined = True
        self._end_child()

    def _end_child(self) -> None:
        """Close the pipe and wait for the child, ended first if it is still at work."""
        import os
        import signal

        if not self._child:
            return
        child, self._child = self._child, 0
        self._pipe.close()
        try:
            if os.waitpid(child, os.WNOHANG) == (0, 0):
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
        except (OSError, ChildProcessError):  # pragma: no cover - already reaped
            pass


#: Makes piece `index`'s data into the frame sent for it (None if it cannot be).
Packer = Callable[[int, Any], bytes | None]


def _enlarge(fd: int, size: int) -> None:
    """Ask for a pipe of `size` bytes; where that is refused, the pipe stays as it is."""
    import fcntl

    with contextlib.suppress(OSError, AttributeError):  # a cap set lower; not Linux
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)


def _dump(data: Any) -> bytes | None:
    import marshal

    try:
        return marshal.dumps(data)
    except ValueError:  # nested deeper than marshal goes
        return None


#: The verdicts a child sends on each part of the text, after the last piece, from the last
#: part back: nothing read differently, or something.
SAME_READING = b"="
DIFFERENT_READING = b"!"


def _send_pieces(
    fd: int, utf8: bytes, spans: list[tuple[int, int]], load: Callable[..., Any], pack: Packer
) -> None:
    """The child's work: each piece checked as safe for yaml_rs (as `Reading._parse` does),
    parsed, packed and written after its length; then the verdict of the scans of
    `_read_differently` on each part, from the last part back, until one is read
    differently (or the parent, done, ends the child). At a piece that is not safe, or
    fails in any way, it stops: the parent meets the end of the pipe before the last piece
    and declines (an error ends the child through the caller's `os._exit`, silently)."""
    import os

    with os.fdopen(fd, "wb") as out:
        for index in range(len(spans)):
            text = pieces.text_of(utf8, spans, index)
            if _unsafe_to_parse(text) or _ends_in_block_header(text):
                return
            options = {"encoding": "utf-8", "encoder_errors": "strict"}
            frame = pack(index, load(text, parse_datetime=False, **options))
            if not frame:
                return
            out.write(len(frame).to_bytes(ForkedReading.LENGTH, "little"))
            out.write(frame)
        for start, end in reversed(spans):
            different = _read_differently_within(utf8[start:end])
            verdict = DIFFERENT_READING if different else SAME_READING
            out.write(len(verdict).to_bytes(ForkedReading.LENGTH, "little") + verdict)
            out.flush()  # the parent may be waiting for it
            if different:
                return


def _text_keys(value: Any) -> bool:
    """True when every mapping key inside `value` is text (as the PyYAML path requires)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True
