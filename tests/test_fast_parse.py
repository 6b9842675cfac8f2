"""The fast YAML path keeps every rule of the PyYAML path, or declines so that path decides."""

from __future__ import annotations

import gc
import importlib.util
import math
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from trip_tracker import fastparse, loader, yamlparse
from trip_tracker.errors import DataError
from trip_tracker.model import Itinerary

from .conftest import SHIPPED, Result

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", BENCHMARKS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def slow(text: str) -> Any:
    return yamlparse.parse(text, "test.yaml")


def read_alike(text: str) -> bool:
    """Whether the fast path answers for `text`; when it does, the PyYAML path must give the
    same data, or refuse data that the model refuses too (keys that are not text), so that
    the loader falls back to PyYAML's message."""
    fast = fastparse.parse(text)
    if fast is None:
        return False
    try:
        expected = slow(text)
    except DataError:
        with pytest.raises(ValidationError):
            Itinerary.model_validate(fast)
        return True
    assert same(fast, expected), repr(text)
    return True


def same(a: Any, b: Any) -> bool:
    """Equal data with equal types all the way down (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


# --- YAML 1.2 core meanings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: NO\n", "NO"),
        ("a: on\n", "on"),
        ("a: off\n", "off"),
        ("a: yes\n", "yes"),
        ("a: y\n", "y"),
        ("a: 12:30\n", "12:30"),
        ("a: 1:30:00\n", "1:30:00"),
        ("a: 2025-10-30\n", "2025-10-30"),
        ("a: 2025-10-30T10:00:00+09:00\n", "2025-10-30T10:00:00+09:00"),
        ("a: 017\n", 17),
        ("a: true\n", True),
        ("a: ~\n", None),
        ("a: 1.5\n", 1.5),
    ],
)
def test_fast_path_reads_core_schema_meanings(text: str, expected: Any) -> None:
    data = fastparse.parse(text)
    assert data is not None
    assert same(data["a"], expected)
    assert same(data, slow(text))


SCALARS = (  # noqa: SIM905 - a list of YAML scalars reads best as YAML would
    "NO no No yes Yes y Y n N on On ON off Off OFF true True TRUE false False FALSE tRUE "
    "~ null Null NULL nULL 0 -0 +0 00 017 0o17 0O17 0o8 0x1F 0X1F 0b101 1_000 1,000 1.5 1. .5 "
    "+.5 -.5 1e3 1E3 1e+3 1.5e-3 1e 1.e3 .inf .Inf .INF -.inf +.inf .nan .NaN .NAN .nAn inf nan "
    "Infinity 12:30 190:20:30 2025-10-30 2025-10-30T10:00:00Z 0.1_2 1__0 0xFF_FF 12e03 -1 +1 "
    "0.0 -0.0 = < a#b 3.14.15 1e1000 99999999999999999999999 0x_1 0o_1 +0x1 -0x1 +0o7 'a' \"b\""
).split()
DOCUMENTS = [
    "v: >\n",
    "v: |\n",
    "v: >\nw: 1\n",
    "v: |\n  abc",
    "v: |-\n  abc\n\n",
    "v: |+\n  abc\n\n",
    "v: >\n  a\n  b\n\n  c\n",
    'v: "a\\tb\\u00e9\\x41\\N\\_\\L\\P"\n',
    "v: 'it''s'\n",
    "v: a\n  b\n   c\n",
    'v: "a\n  b"\n',
    "v: [a, b, {c: d}]\n",
    "v: a # c\n",
    "v: x\r\nw: y\r\n",
    "? v\n: 1\n",
    "v: [a,b,]\n",
    "v: {a, b}\n",
    "v: 1\n---\n",
    "v: \t1\n",
    "v: x\u2028y\n",
    'v: "x\u0085y"\n',
    "v: 'x\u2029y'\n",
    "<<: {a: 1}\n",
    "1: a\n",
    "v: [1, 2]\n",
    "%YAML 1.2\n---\nv: 1\n",
    "--- \nv: 1\n",
    "v: 1\n...\n",
    "v: 'Hello !'\n",
    "v: 'a * b'\n",
    "v: '1_000'\n",
    # No-break space is text to YAML, not white space: an indicator after it starts nothing.
    "v: a\u00a0!b\n",
    "v: \u00a0&b\n",
    "v: [\u00a0*b]\n",
    "v: x\u3000!y\n",
    # `&` and `*` before white space: text inside a scalar, an empty anchor or alias (refused
    # by both parsers) where a node starts.
    "v: Fish & chips\n",
    "v: [2 * 3, R & D]\n",
    "v: & x\n",
    "v: * x\n",
    "- & x\n",
    "v: {a: & b}\n",
    "v: &\n",
    # Found by a differential fuzz: `?` glued to a key in brackets (a key to PyYAML, text to
    # yaml_rs), and underscores before a number (`_1e3` is 1000.0 to yaml_rs).
    "v: [?x]\n",
    "v: [?12:30, b]\n",
    "v: {?x: 1}\n",
    "v: [? x]\n",
    "v: Why?\n",
    "v:\n  - _1e3\n",
    "v: -_1\n",
    "v: __2\n",
    "v: x_1e3\n",
    # `|` and `>` where a node starts inside brackets: PyYAML refuses them, yaml_rs reads text.
    "v: [|x]\n",
    "v: [a, |]\n",
    "v: {|: 1}\n",
    "v: {a: >}\n",
    "v: {a: >\n  b}\n",
    "v: [a, >-\n  b]\n",
    "v: [?  |x]\n",
    "v: [a |b]\n",
    "v: |\n  [a, b]\n",
    "v: '|x'\n",
    "v:\n  - >\n    |x\n",
    # `:` glued to what follows where a node starts: text to both in block context (inside
    # brackets, see the test of that case). A document end marker: PyYAML wants `---` next.
    "v: :x\n",
    ":x: 1\n",
    "v: [a :x]\n",
    "...\nv: 1\n",
    "# c\n...\nv: 1\n",
    "v: 1\n...\n",
    "v: 1\n... # c\n",
    # Found by a reviewer: surrogate escapes (joined by the strict path only in JSON), a
    # flow key's `:` on the next line, a `:` right before a flow collection's end.
    'v: "\\ud83d\\ude00"\n',
    '"\\uD83D\\uDE00": 1\n',
    'v: ["\\U0000d83d"]\n',
    "v: {a\n: b}\n",
    "v: {a\n  : b, c\n  : d}\n",
    "? a\n: b\n",
    "k: [a:]\n",
    "k: {a:, b: c}\n",
    "k: [a::]\n",
    "k: {a: b:}\n",
    # Found by a second review: flow collections over several lines (yaml_rs joins a key
    # that spans lines), and carriage returns alone, which the line checks did not see.
    "x: {a\n k: 1}\n",
    'x: {"a\n b": c}\n',
    'x: {"ear\\\n  liest": 1}\n',
    "x: [a,\n  b]\n",
    "k: {a\r: b}\n",
    "#c\r...\nb: 1\n",
    "\r...\nb: 1\n",
    "a: 1\rb: 2\n",
    # A byte-order mark past the start: libyaml skips it at the start of any line.
    "v:\n  - \n\ufeff  a: b\n",
    "v: a\ufeffb\n",
    "\ufeff\ufeffv: 1\n",
    "\ufeffv: 1\n",
]


@pytest.mark.parametrize(
    "text", [f"v: {scalar}\n" for scalar in SCALARS] + DOCUMENTS, ids=lambda text: repr(text)
)
def test_fast_path_gives_the_pyyaml_data_or_declines(text: str) -> None:
    """Differential: see `read_alike`."""
    read_alike(text)


@pytest.mark.parametrize(
    "text",
    [
        "v: 1_000\n",  # a number to yaml_rs, text in YAML 1.2 core
        "v: 0X1F\n",
        "v: +0x1\n",
        "v: .nAn\n",
        "v: >\n",  # an empty block scalar at the end: the parsers disagree
        "v: |\n  abc",  # no final newline
        "v:\t1\n",
        "v: x\u2028y\n",
        "%YAML 1.1\n---\nv: 1\n",
        "v:\n  - \n\ufeff  a: b\n",  # libyaml skips a BOM at the start of any line
        "v: [a, |\n  b]\n",  # text to yaml_rs, refused by PyYAML
        "v: {a: >\n  b}\n",
        # Characters PyYAML's reader refuses and yaml_rs would take:
        *(f'v: "x{char}y"\n' for char in "\x01\x0b\x1b\x7f\x80\x9f\ufffe\uffff"),
        "# \x07 in a comment\nv: 1\n",
    ],
)
def test_fast_path_declines_where_the_parsers_differ(text: str) -> None:
    assert fastparse.parse(text) is None
    assert fastparse.parse(text.encode("utf-8")) is None


def test_a_glued_colon_inside_brackets_is_text_to_the_fast_path() -> None:
    """A known difference, left in place: `[:x]` is the text ":x" in YAML 1.2, which yaml_rs
    follows, and an error to PyYAML. Finding it would mean visiting every `key: value`
    (about 1 s for 100,000 events), so the fast path reads such a file as YAML 1.2 does."""
    assert fastparse.parse("v: [:x, {a: :y}]\n") == {"v": [":x", {"a": ":y"}]}
    with pytest.raises(DataError) as refused:
        slow("v: [:x, {a: :y}]\n")
    assert refused.value.messages()[0].startswith("test.yaml:1:5: ")


def test_a_collection_over_lines_balanced_by_quoted_brackets_is_a_known_difference() -> None:
    """Each line of `[x, "]",\n |y, "["]` looks closed, so the fast path takes it and reads
    '|y' as text, which PyYAML refuses; telling quoted brackets apart takes a tokenizer."""
    text = 'a: [x, "]",\n |y, "["]\n'
    assert fastparse.parse(text) == {"a": ["x", "]", "|y", "["]}
    with pytest.raises(DataError):
        slow(text)


def test_a_files_bytes_read_as_its_text_does() -> None:
    """`load_path` hands the fast path the file's bytes: a UTF-8 byte-order mark is dropped
    (as when decoding), and bytes that are not UTF-8 are left to the strict path's message."""
    text = SHIPPED.read_text(encoding="utf-8")
    expected = fastparse.parse(text)
    assert expected is not None
    assert fastparse.parse(text.encode("utf-8")) == expected
    assert fastparse.parse(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected
    assert fastparse.parse(b"v: caf\xe9\n") is None  # Latin-1, not UTF-8
    assert fastparse.parse(text.encode("utf-16")) is None
    assert fastparse.parse("v: \ud800\n") is None  # a lone surrogate cannot be UTF-8


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("v: 'Fish & chips'\n", None),
        ("v: Fish & chips\nw: 2 * 3\n", None),
        ("v: 'R&D, Q&A!'\nw: 2*3\n", None),
        ("v: a!b\n", None),
        ("v: 'Hello !'\n", "tag (the scan does not know quotes)"),
        ("v: 'x &a'\n", "anchor (the scan does not know quotes)"),
        ("v: &a x\n", "anchor"),
        ("v: [x,*a]\n", "alias"),
        ("v: {a: !b x}\n", "tag"),
        ("v:\n- !x y\n", "tag"),
        ("v: 0x1F\n", "hex: checked for every spelling"),
        ("v: a0x1F\n", None),
        ("v: '-0X1'\n", None),
        ("v: [-0X1]\n", "odd number"),
        ("v: a_1\n", None),
        ("v: x_1e3\n", None),
        ("v: _1e3\n", "underscored, the number after it"),
        ("v: [?x]\n", "a key glued to its '?'"),
        ("v: [? x]\n", None),
        ("v: Why? Because.\n", None),
        ("notes: >\n  x\nv: [a, {b: c}]\n", None),
        ("v: [a, |b]\n", "'|' after a bracket on its line"),
        ("v: {|: 1}\n", "'|' after a bracket on its line"),
        ("v: [a,\n  b]\nnotes: >\n  x\n", "a header, and a bracket left open on a line"),
        ("v: 'x]'\nnotes: |\n  y\n", "a header, and a bracket in quotes (conservatively)"),
        ("v: 'a > b'\nw: a |b\n", None),
        ("v: '[1] a > b'\n", "'>' after a bracket on its line (conservatively)"),
        ("v: a>b\n", None),
        ("v: :x\nw: [a, b]\n", None),
        ("v: [12:30, a: b]\n", None),
        ("...\nv: 1\n", "a document end marker"),
        ("# c\n...\nv: 1\n", "a document end marker"),
        ("v: >\n  ...and more\n", None),
        ('v: "\\ud83d\\ude00"\n', "a surrogate escape"),
        ('v: "\\u00e9 \\U0001F600"\n', None),
        ("v: {a\n  : b}\n", "a line that starts with ': '"),
        ("k: {a:}\n", "':' before '}'"),
        ("k: [12:30, 'a: b']\n", None),
        ("a: [x]\nb: |\n  y\n", None),
        ("a: |\n  y\nb: [x] |z\n", "'|' after a bracket on its line"),
        ("a: >\n  y\nb: '" + "[" * 20 + "]" * 20 + "'\n", "nested deeper than judged"),
        ("a: >\n  y\nb: '" + "[" * 10 + "]" * 10 + "'\n", None),
        ("v: 'x 1_0'\n", "underscored"),
        ("v: .5_0\n", "underscored"),
    ],
)
def test_each_scan_finds_its_case_and_only_it(text: str, why: str | None) -> None:
    """Indicators, odd numbers and underscores count only where a node or token starts."""
    assert fastparse.risky(text.encode("utf-8")) is (why is not None)


# --- hostile input: the fast path declines, the PyYAML path refuses with its message ---------


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "trip.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_duplicate_keys_are_refused_with_the_pyyaml_message(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    text = "id: a\ntitle: b\nid: c\n"
    assert fastparse.parse(text) is None
    result = run("validate", write(tmp_path, text))
    assert result.exit_code == 1
    assert "trip.yaml:3:1: id: duplicate key 'id' (first given on line 1)" in result.stderr


def test_python_object_tag_never_runs(tmp_path: Path, run: Callable[..., Result]) -> None:
    marker = tmp_path / "ran"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    assert fastparse.parse(text) is None
    result = run("validate", write(tmp_path, text))
    assert not marker.exists()
    assert result.exit_code == 1
    assert "the tag '!!python/object/apply:os.system' is not allowed" in result.stderr


def test_binary_tag_is_refused(tmp_path: Path, run: Callable[..., Result]) -> None:
    text = "id: !!binary aGk=\n"
    assert fastparse.parse(text) is None
    result = run("validate", write(tmp_path, text))
    assert result.exit_code == 1
    message = "trip.yaml:1:5: id: the tag '!!binary' is not allowed in itinerary files"
    assert message in result.stderr


def test_alias_bomb_is_refused_quickly(tmp_path: Path, run: Callable[..., Result]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous, current = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{current}: &{current} [{', '.join(['*' + previous] * 9)}]")
    text = "\n".join(lines) + "\n"
    assert fastparse.parse(text) is None
    result = run("validate", write(tmp_path, text))
    assert result.exit_code == 1
    assert "aliases are not supported" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "id:\n  " + "- " * 200_000 + "x\n",  # compact block nesting: crashes yaml_rs unguarded
        "id:\n" + "".join(" " * depth + "-\n" for depth in range(0, 400, 2)),
        "id: " + "[" * 100_000 + "\n",
        "id: " + "{a: " * 100_000 + "\n",
        "- " * 20_000 + "x\n",  # on the first line: no line break before it
        "? " * 100_000 + "x\n",
        "a:\r" + "- " * 20_000 + "x\n",  # after a carriage return alone
        "a:\n \t" + "- " * 20_000 + "x\n",  # after a tab: yaml_rs nests on it too
        "a:\n\t" + ": " * 20_000 + "x\n",
    ],
    ids=[
        "compact-sequences",
        "indented-sequences",
        "flow-sequences",
        "flow-mappings",
        "first-line",
        "first-line-keys",
        "after-cr",
        "after-tab",
        "values-after-tab",
    ],
)
def test_deep_nesting_is_bounded(text: str, tmp_path: Path, run: Callable[..., Result]) -> None:
    assert fastparse.parse(text) is None
    result = run("validate", write(tmp_path, text))
    assert result.exit_code == 1
    assert result.stderr.startswith("trip: error: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("brackets", "fast"), [(8, True), (250, False)])
def test_the_deepest_nesting_let_through_parses_on_a_small_default_thread_stack(
    brackets: int, fast: bool
) -> None:
    """yaml_rs runs in a thread of its own: its stack must not depend on the platform's
    default for threads (musl's is 128 KiB), which is left as it was. On a 64 KiB stack
    yaml_rs kills the process on either text; 250 brackets on a line is declined by the
    scans, which run while the parser does."""
    depth = fastparse.MAX_INDENT // 2 - 1
    keys = "".join(" " * (2 * level) + "- k:\n" for level in range(depth))
    lists = "[" * brackets + "]" * brackets
    text = "a:\n" + keys + " " * (2 * depth) + "v: " + lists + "\n"
    previous = threading.stack_size(64 * 1024)
    try:
        data = fastparse.parse(text)
        assert threading.stack_size() == 64 * 1024
    finally:
        threading.stack_size(previous)
    assert (data is not None) is fast
    if fast:
        assert data == slow(text)


def test_whatever_the_parser_raises_declines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only its Exceptions: the thread catches any BaseException and the text goes to
    the PyYAML path. (A Rust panic cannot be caught: yaml_rs is built to abort on one.)"""

    class Odd(BaseException):
        pass

    def odd(text: bytes, **options: Any) -> Any:
        raise Odd(text[:10])

    monkeypatch.setattr("yaml_rs.load", odd)
    assert fastparse.parse("a: 1\n") is None
    assert loader.load_text(SHIPPED.read_text(encoding="utf-8"), "x.yaml").principal == "trump"


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("threading.stack_size", ValueError("size not valid")),
        ("threading.stack_size", RuntimeError("setting stack size not supported")),
        ("threading.Thread.start", RuntimeError("can't start new thread")),
    ],
)
def test_without_a_thread_for_the_parser_the_pyyaml_path_reads(
    monkeypatch: pytest.MonkeyPatch, target: str, error: Exception
) -> None:
    """A platform that cannot size a thread's stack, or a process that cannot start one
    (`ulimit -v`), reads every file all the same, by the PyYAML path; the stack size is
    left as it was."""
    before = threading.stack_size()
    threading.stack_size(before)  # reading it set it to 0: put it back

    def refuse(*args: Any) -> Any:
        raise error

    monkeypatch.setattr(target, refuse)
    assert fastparse.parse("a: 1\n") is None
    assert loader.load_text(SHIPPED.read_text(encoding="utf-8"), "x.yaml").principal == "trump"
    monkeypatch.undo()
    assert threading.stack_size() == before


@pytest.mark.parametrize("computed", ["computed:\n  1: one\n", "computed:\n  a: [b, {2: c}]\n"])
def test_non_text_keys_inside_computed_are_refused(computed: str) -> None:
    """`computed` is ignored by the model, so the fast path checks its keys itself."""
    text = SHIPPED.read_text(encoding="utf-8") + computed
    assert fastparse.parse(text) is None
    with pytest.raises(DataError, match="keys must be text"):
        loader.load_text(text, "x.yaml")


def test_a_computed_block_with_text_keys_takes_the_fast_path() -> None:
    text = SHIPPED.read_text(encoding="utf-8") + "computed:\n  a: [b, {c: [1, 2]}]\n"
    assert fastparse.parse(text) is not None
    assert loader.load_text(text, "x.yaml").principal == "trump"


def test_a_model_error_is_reported_by_the_pyyaml_path_with_its_position() -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("status: scheduled", "status: sure", 1)
    assert fastparse.parse(text) is not None
    with pytest.raises(DataError) as caught:
        loader.load_text(text, "x.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (63, "stops[0].status")


# --- same itinerary either way ---------------------------------------------------------------


def test_shipped_and_generated_itineraries_load_the_same_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [SHIPPED.read_text(encoding="utf-8"), generator().generate(400)]
    fast_trips = [loader.load_text(text, "x.yaml") for text in texts]
    assert all(fastparse.parse(text) is not None for text in texts)
    monkeypatch.setattr(fastparse, "start", lambda *args: None)
    slow_trips = [loader.load_text(text, "x.yaml") for text in texts]
    assert fast_trips == slow_trips


def test_loading_leaves_the_garbage_collector_as_it_was() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert gc.isenabled()
    loader.load_text(text, "x.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        loader.load_text(text, "x.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_without_yaml_rs_the_pyyaml_path_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml_rs", None)
    assert fastparse.parse("a: 1\n") is None
    assert loader.load_text(SHIPPED.read_text(encoding="utf-8"), "x.yaml").principal == "trump"


# --- a seeded differential fuzz ----------------------------------------------------------------

FUZZ_TOKENS = (
    "a", "b c", "a:b", "::", ":x", "?x", "? x", "x?", "{a:b}", "[a:b]", "a: b", "-x", "- x",
    ",x", "_1", "_.5", "1__", "-_1", "x_", "1_0", "&", "& x", "*", "* y", "!", "! z", "!!str",
    "&a", "*a", "0x1", "0X1", ".5", ".nan", ".NaN", "-", "- ", ":", ": ", "#", " #c", "'q'",
    '"d"', "\u00a0", "\u3000", "\t", "\x85", "\u2028", "é", "Wałęsa", "“q”", "%", "?", "? ",
    "[", "]", "{", "}", ",", "|", ">", "\n", "\n  ", "\r\n", "~", "null", "yes", "12:30",
    "2025-10-30", "1e3", "+1", "-0", "\x07", "\x7f", "\ufffe", "_", " ", "  ",
)  # fmt: skip
FUZZ_STARTS = ("v: ", "v:\n  - ", "v: [", "- ", "k:\n  v: ", "", "{", "? ", "v: {k: ", "k: ")
FUZZ_ENDS = ("\n", "", "]\n", "\nw: 1\n")


def test_a_seeded_fuzz_finds_no_text_the_parsers_read_apart() -> None:
    """Random texts of the tokens where the parsers differ: the fast path declines each one
    it cannot read as PyYAML does (this fuzz found `[?x]` and `_1e3`). Most texts are
    declined: about one in eighteen reaches the fast path."""
    import random

    rng = random.Random(20261126)
    answered = 0
    for _ in range(6_000):
        body = "".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 8)))
        text = rng.choice(FUZZ_STARTS) + body + rng.choice(FUZZ_ENDS)
        answered += read_alike(text)
    assert answered > 300  # the fuzz reaches the fast path often enough to mean something


def test_a_seeded_fuzz_of_the_shipped_file_finds_no_text_the_parsers_read_apart() -> None:
    """The shipped itinerary with a few fuzz tokens dropped in at random places: real layout
    (block scalars, flow lists, quotes) around the odd token. Run longer (50,000 texts) it
    found `[|x]`; this many runs in about 2 s."""
    import random

    rng = random.Random(7)
    base = SHIPPED.read_text(encoding="utf-8")
    answered = 0
    for _ in range(1_000):
        text = base
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(text))
            text = text[:position] + rng.choice(FUZZ_TOKENS) + text[position:]
        answered += read_alike(text)
    assert answered > 200


def test_the_underscore_scan_judges_alike_with_few_or_many_underscores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past one underscore in `_BYTES_PER_UNDERSCORE` bytes the scan runs as a pattern over
    character classes: it must answer exactly as the per-underscore loop does."""
    import random

    rng = random.Random(5)
    alphabet = ["0", "1", "9", "a", "Z", ".", "_", "__", "+", "-", " ", "\n", "[", ",", "é", ":"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    texts += ["1_000", "_1e3", "-_1", "+.5_0", "a_1", "__", "_a1", "x 1-_", "é1_0", "é_1"]
    long = "9" * 100_000  # a token's ends are found by patterns, not byte by byte
    texts += [f"v: a{long}_x\n", f"v: {long}_x\n", f"v: x {long} a_{long}\n", f"_{long}"]
    for text in texts:
        data = text.encode("utf-8")
        monkeypatch.setattr(fastparse, "_BYTES_PER_UNDERSCORE", 0)
        by_loop = fastparse._underscored_number(data)
        monkeypatch.setattr(fastparse, "_BYTES_PER_UNDERSCORE", 10**9)
        by_pattern = fastparse._underscored_number(data)
        assert by_loop == by_pattern, repr(text)
    assert fastparse._underscored_number(b"ids: [event_1, stop_2]\nn: 1_0\n")


def test_a_text_judged_in_parts_at_line_ends_is_judged_as_a_whole() -> None:
    """The child process and its parent judge a big text in parts (see `ForkedReading`):
    for any cut at line ends, some part is read differently, or the text ends in a block
    header, exactly when the text as a whole is read differently."""
    import random

    rng = random.Random(11)
    lines = [*FUZZ_STARTS, *FUZZ_ENDS, "- - x", "a: [b,", "  c]", "k: |", "... x", "v: 'é_1'"]
    for _ in range(3_000):
        body = "".join(rng.choice([*FUZZ_TOKENS, *lines]) for _ in range(rng.randint(1, 10)))
        data = (body + "\n").encode("utf-8")
        ends = [index + 1 for index, byte in enumerate(data) if byte == ord("\n")]
        cuts = [*sorted(rng.sample(ends[:-1], rng.randint(0, len(ends) - 1))), len(data)]
        parts = [data[start:end] for start, end in zip([0, *cuts[:-1]], cuts, strict=True)]
        whole = fastparse._read_differently(data)
        in_parts = any(fastparse._read_differently_within(part) for part in parts)
        assert whole == (in_parts or fastparse._ends_in_block_header(data)), repr(data)
