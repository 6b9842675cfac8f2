"""Bad input never hurts: every broken or hostile file ends in one clear message, exit 1 or 2.

Cheap cases run in-process; the ones that could hang or eat memory (devices, FIFOs, symlink
loops, deep nesting, a 50 MB file) run the real `trip` in a subprocess under a timeout.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from trip_tracker import textfile

from .conftest import SHIPPED, Result

TRIP = [sys.executable, "-c", "from trip_tracker.cli import main; main()"]
TIME_LIMIT = 10  # seconds, for anything that could hang
SHIPPED_TEXT = SHIPPED.read_text("utf-8")


def position(text: str, needle: str, offset: int = 0) -> str:
    """`line:col` (1-based) of the first `needle` in `text`, moved `offset` characters on."""
    start = text.index(needle) + offset
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def shipped_with(old: str, new: str) -> str:
    assert old in SHIPPED_TEXT, old
    return SHIPPED_TEXT.replace(old, new, 1)


def assert_refused(result: Result, name: str, where: str | None, reason: str) -> None:
    """Exit 1 or 2, nothing on stdout, no traceback, each line `trip: error: NAME[:where]: ...`."""
    assert result.exit_code in (1, 2), result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no message at all"
    prefix = f"trip: error: {name}:"
    assert all(line.startswith(prefix) for line in lines), result.stderr
    if where is not None:
        assert any(line.startswith(f"{prefix}{where}: ") for line in lines), result.stderr
    assert re.search(reason, result.stderr), result.stderr


def run_trip(*args: str, timeout: float = TIME_LIMIT, **kwargs: object) -> Result:
    """The real `trip` in a child process; failing the test (not hanging) past `timeout`."""
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("TRIP_FILE", None)
    done = subprocess.run(
        [*TRIP, *args], capture_output=True, text=True, timeout=timeout, env=env, **kwargs
    )  # type: ignore[call-overload]
    return Result(done.returncode, done.stdout, done.stderr)


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

# name -> (file text, expected line:col or None, a pattern the message must contain)
TEXT_CASES: dict[str, tuple[str, str | None, str]] = {
    "empty": ("", "1:1", "is empty"),
    "whitespace and comments only": ("# nothing yet\n   \n\n# still nothing\n", "1:1", "is empty"),
    "scalar root": ("just a sentence\n", "1:1", "top level must be a mapping.*single value"),
    "list root": ("- id: x\n- id: y\n", "1:1", "top level must be a mapping.*a list"),
    "unclosed flow list": ("id: x\nstops: [a, b\n", "3:1", "expected ',' or ']'"),
    "mapping value in plain scalar": ("id: x\ntitle: a: b\n", "2:9", "mapping values"),
    "unclosed quote": ('id: x\ntitle: "never closed\n', None, "quoted scalar"),
    "bad indentation": (
        "id: x\nsources:\n  - id: a\n   title: t\n",
        "4:4",
        "expected .-. indicator",
    ),
    "tabs for indentation": ("id: x\nsources:\n\t- id: a\n", "3:1", "indent with spaces"),
    "duplicate keys": ("id: x\ntitle: a\nid: y\n", "3:1", r"duplicate key 'id' \(first .*line 1\)"),
    "unknown field": (
        shipped_with("\ntitle: US", "\ntitel: US"),
        position(SHIPPED_TEXT, "title: US"),
        "unknown field 'titel' \\(did you mean 'title'\\?\\)",
    ),
    "wrong type": (
        shipped_with("version: 1", "version: [1]"),
        position(SHIPPED_TEXT, "version: 1", 9),
        "version: must be the number 1",
    ),
    "impossible date Feb 30": (
        shipped_with("date: 2025-10-24", "date: 2025-02-30"),
        position(SHIPPED_TEXT, "date: 2025-10-24", 6),
        "date: should be a date such as 2025-10-30: day is out of range for month",
    ),
    "impossible hour 25:00": (
        shipped_with("date: 2025-10-24", "at: 2025-10-24T25:00"),
        position(SHIPPED_TEXT, "date: 2025-10-24", 4),
        r"\.at: should be a date and time such as 2025-10-30T10:00",
    ),
    "unknown time zone": (
        shipped_with("tz: Asia/Tokyo", "tz: Asia/Tokyoo"),
        position(SHIPPED_TEXT, "tz: Asia/Tokyo", 4),
        r"stops\[2\]\.tz: .*Asia/Tokyoo",
    ),
    "reference to a missing source": (
        shipped_with("ref: announcement", "ref: anouncement"),
        position(SHIPPED_TEXT, "ref: announcement", 5),
        "unknown source 'anouncement' \\(did you mean 'announcement'\\?\\)",
    ),
    "reference to a missing stop": (
        shipped_with("stop: malaysia", "stop: malaysa"),
        position(SHIPPED_TEXT, "stop: malaysia", 6),
        "unknown stop 'malaysa'",
    ),
    "alias bomb (billion laughs)": (BILLION_LAUGHS, "1:4", "used again by an alias"),
    "python object tag": ("id: !!python/object:os.system {}\n", "1:5", "'!!python/object:os"),
    "binary tag": ("id: x\ntitle: !!binary aGVsbG8=\n", "2:8", "'!!binary' is not allowed"),
    "merge key with alias": ("a: &x {b: 1}\nc:\n  <<: *x\n", "1:4", "used again by an alias"),
    "merge key without alias": (
        shipped_with("\ntitle: US", "\n<<: {title: x}\ntitle: US"),
        position(SHIPPED_TEXT, "title: US"),
        "unknown field '<<'",
    ),
    "NaN where a number is taken": (
        shipped_with("tz: Asia/Tokyo", "tz: Asia/Tokyo\n    lat: .nan"),
        position(SHIPPED_TEXT, "tz: Asia/Tokyo") + "",  # replaced below: the value's position
        r"stops\[2\]\.lat: input should be a finite number",
    ),
    "infinity where a number is taken": (
        shipped_with("tz: Asia/Tokyo", "tz: Asia/Tokyo\n    lon: -.inf"),
        None,
        r"stops\[2\]\.lon: input should be a finite number",
    ),
    "NaN as the version": (shipped_with("version: 1", "version: .NaN"), "8:10", "version"),
}
_nan_line = int(position(SHIPPED_TEXT, "tz: Asia/Tokyo").split(":")[0]) + 1
TEXT_CASES["NaN where a number is taken"] = (
    TEXT_CASES["NaN where a number is taken"][0],
    f"{_nan_line}:10",
    TEXT_CASES["NaN where a number is taken"][2],
)
TEXT_CASES["infinity where a number is taken"] = (
    TEXT_CASES["infinity where a number is taken"][0],
    f"{_nan_line}:10",
    TEXT_CASES["infinity where a number is taken"][2],
)


@pytest.mark.parametrize("case", sorted(TEXT_CASES))
def test_broken_text_gives_one_located_message(
    case: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    text, where, reason = TEXT_CASES[case]
    path = tmp_path / "trip.yaml"
    path.write_text(text, "utf-8")
    assert_refused(run("-f", str(path), "stops"), str(path), where, reason)


def test_several_problems_are_all_reported(tmp_path: Path, run: Callable[..., Result]) -> None:
    text = shipped_with("tz: Asia/Tokyo", "tz: Asia/Tokyoo")
    text = text.replace("ref: announcement", "ref: anouncement", 1)
    path = tmp_path / "trip.yaml"
    path.write_text(text, "utf-8")
    result = run("validate", str(path))
    assert_refused(result, str(path), position(SHIPPED_TEXT, "tz: Asia/Tokyo", 4), "Asia/Tokyoo")
    assert len(result.stderr.splitlines()) == 2
    assert "unknown source 'anouncement'" in result.stderr


# name -> (file bytes, expected line:col or None, pattern)
BYTE_CASES: dict[str, tuple[bytes, str | None, str]] = {
    "binary data": (b"id: x\ntitle: \x89PNG\x00\x01\x02", "2:12", "binary data"),
    "UTF-16 with a BOM": ("id: x\n".encode("utf-16"), None, "UTF-16 encoded"),
    "UTF-32 with a BOM": ("id: x\n".encode("utf-32"), None, "UTF-32 encoded"),
    "Latin-1 bytes": ("id: x\ntitle: Café\n".encode("latin-1"), "2:11", r"byte 0xe9"),
}


@pytest.mark.parametrize("case", sorted(BYTE_CASES))
def test_undecodable_bytes_give_one_message(
    case: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    data, where, reason = BYTE_CASES[case]
    path = tmp_path / "trip.yaml"
    path.write_bytes(data)
    result = run("-f", str(path), "stops")
    assert_refused(result, str(path), where, reason)
    assert len(result.stderr.splitlines()) == 1


OBJECT_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    "!!python/name:os.system",
    '!python/object/apply:os.system ["touch {marker}"]',
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]',
    '!!set {{"a": null}}',
    "!!timestamp 2025-10-30",
]


@pytest.mark.parametrize("tag", OBJECT_TAGS)
def test_object_building_tags_never_run(
    tag: str, tmp_path: Path, run: Callable[..., Result]
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "trip.yaml"
    path.write_text(f"id: x\ntitle: {tag.format(marker=marker)}\n", "utf-8")
    result = run("validate", str(path))
    assert_refused(result, str(path), "2:8", "is not allowed in itinerary files")
    assert not marker.exists()
    # Nothing deferred either: the real program, started afresh, runs nothing.
    run_trip("validate", str(path))
    assert not marker.exists()


def test_a_directory_is_refused(tmp_path: Path, run: Callable[..., Result]) -> None:
    assert_refused(run("validate", str(tmp_path)), str(tmp_path), None, "is a directory")


def test_a_missing_file_is_refused(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = str(tmp_path / "nope.yaml")
    assert_refused(run("-f", path, "stops"), path, None, "no such file")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads a chmod 000 file anyway; the PermissionError path is covered below",
)
def test_an_unreadable_file_is_refused(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(SHIPPED_TEXT, "utf-8")
    path.chmod(0)
    assert_refused(run("validate", str(path)), str(path), None, "permission denied")


def test_a_permission_error_on_open_is_one_message(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an unreadable file does for a non-root user, made to happen for root too."""
    path = tmp_path / "secret.yaml"
    path.write_text(SHIPPED_TEXT, "utf-8")
    real_open = open

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refuse)
    assert_refused(run("validate", str(path)), str(path), None, "permission denied")


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(textfile.MAX_BYTES + 1)
    result = run("validate", str(path))
    assert_refused(result, str(path), None, r"over the limit of 128 MB")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_reading_sets_aside_no_more_than_the_input_under_a_memory_limit(tmp_path: Path) -> None:
    """Under `ulimit -v`, a small file, a small stdin and a file that reports no size (as in
    /proc) are read: reading set aside the whole 128 MB limit for any input, a MemoryError
    where memory is capped."""
    script = f"""
import io, re, resource, sys
from trip_tracker import textfile
status = open("/proc/self/status").read()
used = int(re.search(r"VmSize:\\s+(\\d+) kB", status).group(1)) * 1024
resource.setrlimit(resource.RLIMIT_AS, (used + 48 * 2**20, resource.RLIM_INFINITY))
print(len(textfile.read_bytes({str(SHIPPED)!r})), len(textfile.read_bytes("-")))
print(textfile.read_bytes("/proc/self/status").startswith(b"Name:"))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=SHIPPED.read_bytes(),
        capture_output=True,
        timeout=TIME_LIMIT,
    )
    size = len(SHIPPED.read_bytes())
    expected = f"{size} {size}\nTrue\n"
    assert (done.returncode, done.stdout.decode(), done.stderr) == (0, expected, b"")


def test_a_file_that_grows_while_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size seen before reading is a guess: bytes added since are read too."""
    path, empty = tmp_path / "growing.yaml", tmp_path / "empty.yaml"
    path.write_bytes(b"id: x\n")
    empty.write_bytes(b"")
    real_stat = os.stat

    def stat_when_it_was_empty(name: str) -> os.stat_result:
        return real_stat(empty if name == str(path) else name)

    monkeypatch.setattr(os, "stat", stat_when_it_was_empty)
    assert textfile.read_bytes(str(path)) == b"id: x\n"


def test_running_out_of_memory_is_said_plainly(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not 'internal error ... please report it' (exit 70): a cap or a small machine."""
    from trip_tracker import loader

    def too_big(opened: object, select: object = None) -> None:
        raise MemoryError

    monkeypatch.setattr(loader, "load_opened", too_big)
    result = run("-f", str(SHIPPED), "stops")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "trip: error: out of memory (the file may be too big for the memory allowed)\n"
    )


# Cases that could hang or exhaust memory: the real program, a child process, a timeout.


def test_a_fifo_does_not_hang(tmp_path: Path) -> None:
    """A named FIFO no program writes to is refused at once, saying so (it read as an
    empty file); a command that writes the file back refuses any FIFO (writing back into
    it would wait for a reader forever)."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_trip("validate", str(fifo))
    assert_refused(result, str(fifo), None, "is a FIFO that no program is writing to")
    edit = run_trip("set-status", "meet-xi", "cancelled", str(fifo))
    assert_refused(edit, str(fifo), None, "not a regular file")


def test_diff_refuses_standard_input_named_twice() -> None:
    """`trip diff - /dev/stdin` said the second side was empty: the first had read it."""
    for sides in (("-", "/dev/stdin"), ("/dev/stdin", "/dev/stdin")):
        result = run_trip("diff", *sides, input=SHIPPED_TEXT)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == "trip: error: only one side can be - (standard input)\n"


def test_diff_reads_two_pipes_as_a_shell_gives_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`trip diff <(git show A:f) <(git show B:f)` names two pipes, /dev/fd/N: they were
    refused as FIFOs. Each is read to its end, as standard input is, and left out of the
    cache (no entry is kept for a path that names a pipe)."""
    import threading

    old = SHIPPED.read_bytes()
    new = old.replace(b"status: speculative", b"status: cancelled", 1)
    descriptors = []
    for text in (old, new):
        read_end, write_end = os.pipe()

        def send(text: bytes = text, end: int = write_end) -> None:
            with os.fdopen(end, "wb") as stream:
                stream.write(text)

        threading.Thread(target=send).start()  # more than a pipe holds: written meanwhile
        descriptors.append(read_end)
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    paths = [f"/dev/fd/{descriptor}" for descriptor in descriptors]
    result = run_trip("diff", *paths, "--format", "json", pass_fds=descriptors)
    for descriptor in descriptors:
        os.close(descriptor)
    assert result.exit_code == 1, result.stderr
    changes = json.loads(result.stdout)["changes"]
    assert [(change["id"], change["new"]) for change in changes] == [("kim-encounter", "cancelled")]
    assert not cache.exists() or list(cache.rglob("*.bin")) == []


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_does_not_hang(device: str) -> None:
    if not os.path.exists(device):  # pragma: no cover - every Unix CI machine has them
        pytest.skip(f"{device} does not exist here")
    assert_refused(run_trip("-f", device, "stops"), device, None, "not a regular file")


def test_a_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    path = str(tmp_path / "a.yaml")
    assert_refused(run_trip("validate", path), path, None, "symbolic link loop")


@pytest.mark.parametrize(
    ("shape", "where"),
    [("[" * 20_000 + "]" * 20_000, "1:1001"), ("a: " + "{a: " * 20_000, "1:4000")],
)
def test_twenty_thousand_levels_of_nesting_fail_fast(
    shape: str, where: str, tmp_path: Path
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(shape, "utf-8")
    result = run_trip("validate", str(path), timeout=5)
    assert_refused(result, str(path), where, "exceeded maximum nesting depth")


def test_an_alias_bomb_fails_fast_in_the_real_program(tmp_path: Path) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS * 1, "utf-8")
    assert_refused(run_trip("validate", str(path), timeout=5), str(path), "1:4", "aliases")


def _peak_child_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@pytest.mark.parametrize("shape", ["one huge value", "twenty thousand unknown keys"])
def test_a_50_mb_file_uses_bounded_time_and_memory(shape: str, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as stream:
        if shape == "one huge value":
            stream.write('id: x\ntitle: "' + "x" * (50 * 2**20) + '"\n')
            where, reason = "2:8", "title: string should have at most 10000 characters"
        else:  # every key a problem: locating them must stay linear, the output one line each
            for number in range(20_000):
                stream.write(f"k{number}: {'y' * 2600}\n")
            where, reason = "20000:1", "unknown field 'k19999'"
    assert path.stat().st_size >= 50 * 10**6
    result = run_trip("validate", str(path))
    assert_refused(result, str(path), where, reason)
    assert _peak_child_memory_mb() < 1024


# Terminal and pipe safety.

HOSTILE = "\\e]0;pwned\\a \\e[2J \\u202Eevil"  # YAML double-quoted escapes
SHOWN = ("\\x1b]0;pwne", "\\x07", "\\x1b[2J", "\\u202eevil")  # pieces a fold cannot split


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    text = shipped_with("place: Washington", f'place: "{HOSTILE}"')
    text = text.replace("title: Arrival in Malaysia", f'title: "{HOSTILE}"', 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, "utf-8")
    return path


def assert_defused(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    for escape in SHOWN:
        assert escape in text, text


@pytest.mark.parametrize(
    "args",
    [
        ["stops"],
        ["meetings", "--kind", "travel"],
        ["show", "arrive-malaysia"],
        ["show", "washington"],
    ],
)
def test_escape_sequences_in_data_are_shown_not_obeyed(
    args: list[str], hostile_file: Path, run: Callable[..., Result]
) -> None:
    result = run("-f", str(hostile_file), *args)
    assert result.exit_code == 0, result
    assert_defused(result.stdout)


def test_escape_sequences_in_error_messages_are_shown_not_obeyed(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(shipped_with("stop: malaysia", f'stop: "{HOSTILE}"'), "utf-8")
    result = run("validate", str(path))
    assert_refused(result, str(path), None, "should match pattern")
    assert_defused(result.stderr)
    asked = run("show", "\x1b]0;pwned\x07 \x1b[2J \u202eevil")
    assert asked.exit_code == 2
    assert_defused(asked.stderr)


def _many_stops_file(tmp_path: Path) -> Path:
    """An itinerary whose `trip stops` output is far bigger than a pipe's buffer."""
    head, _, _ = SHIPPED_TEXT.partition("\nevents:")
    extra = "".join(
        f"  - id: stop-{n}\n    country: Nowhere\n    tz: UTC\n    status: speculative\n"
        for n in range(3000)
    )
    path = tmp_path / "many.yaml"
    path.write_text(head + "\n" + extra, "utf-8")
    return path


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    path = _many_stops_file(tmp_path)
    env = {**os.environ, "COLUMNS": "100"}
    producer = subprocess.Popen(
        [*TRIP, "-f", str(path), "stops"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert producer.stdout is not None and producer.stderr is not None
    head = subprocess.run(
        ["head", "-1"], stdin=producer.stdout, capture_output=True, timeout=TIME_LIMIT
    )
    producer.stdout.close()
    errors = producer.stderr.read().decode()
    producer.wait(timeout=TIME_LIMIT)
    assert head.stdout.decode().split() == [
        "stop",
        "place",
        "arrive",
        "depart",
        "status",
    ]
    assert errors == ""
    # 141 when the broken pipe reaches cli.run; 0 when Rich already swallowed it.
    assert producer.returncode in (0, 141)


def _blocked_reading_stdin(pid: int) -> bool:
    """True once the process sits in read(0, ...) (x86-64/arm64 syscall numbers 0 and 63)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:  # pragma: no cover - no /proc: fall back to waiting
        time.sleep(3)
        return True
    return len(fields) > 1 and fields[0] in ("0", "63") and fields[1] == "0x0"


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGINT, 130, "trip: interrupted\n"),
        (signal.SIGTERM, 143, "trip: terminated\n"),
        (signal.SIGHUP, 129, "trip: terminated\n"),
    ],
)
def test_a_signal_to_end_gives_its_code_and_one_line(signum: int, code: int, message: str) -> None:
    """Ctrl-C, `kill` and a closed terminal: one line, the shell's code for the signal
    (SIGTERM and SIGHUP ended the process where it stood, without undoing anything)."""
    process = subprocess.Popen(
        [*TRIP, "validate", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + TIME_LIMIT
    while not _blocked_reading_stdin(process.pid):
        assert time.monotonic() < deadline, "trip never started reading"
        time.sleep(0.05)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=TIME_LIMIT)
    assert process.returncode == code
    assert stdout == ""
    # click moves past the echoed ^C with a newline first; the message is the one line.
    assert stderr.lstrip("\n") == message


def test_the_fast_bounded_libyaml_parser_is_the_one_used() -> None:
    """The pure-Python fallback took 50 s on 20,000 unknown keys and had no depth limit."""
    from trip_tracker import yamlparse

    assert yamlparse._Loader.__mro__[1].__module__ == "yaml._yaml"


@pytest.mark.parametrize("columns", [30, 40, 60, 100])
def test_a_joiner_that_joins_nothing_is_shown_and_breaks_no_table(
    run: Callable[..., Result], tmp_path: Path, columns: int
) -> None:
    """A name of two zero-width joiners then CJK made Rich 15 fail laying out the table
    (IndexError: 'internal error', exit 70) at 40 columns. A joiner that joins nothing is
    now shown as `\\u200d`, as other invisible characters are; one inside an emoji stays."""
    path = tmp_path / "trip.yaml"
    path.write_text(
        SHIPPED_TEXT.replace(
            "    name: Xi Jinping", '    name: "\\u200d\\u200d習近平 👩\\u200d💻"', 1
        ),
        encoding="utf-8",
    )
    result = run("-f", str(path), "meetings", "--with", "xi", columns=columns)
    assert (result.exit_code, result.stderr.count("internal error")) == (0, 0)
    wide = run("-f", str(path), "meetings", "--with", "xi", columns=200).stdout
    assert "\\u200d\\u200d習近平 👩\u200d💻" in wide


@pytest.mark.skipif(sys.platform == "win32", reason="closes descriptor 0 before the start")
def test_standard_input_closed_or_unreadable_is_said_plainly(tmp_path: Path) -> None:
    """`trip -f - stops <&-` (a review found an internal error, exit 70) and a standard
    input open for writing only: one message naming <stdin>, exit 1."""
    closed = run_trip("-f", "-", "stops", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert (closed.exit_code, closed.stdout) == (1, "")
    assert closed.stderr == (
        "trip: error: <stdin>: standard input is closed: give a file, or pipe one in\n"
    )
    with open(tmp_path / "out.txt", "wb") as write_only:
        unreadable = run_trip("check", "-", stdin=write_only)
    assert (unreadable.exit_code, unreadable.stdout) == (1, "")
    assert unreadable.stderr.startswith("trip: error: <stdin>: cannot be read: ")
