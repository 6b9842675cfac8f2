"""A command that loaded a big itinerary ends with os._exit: nothing it printed may be lost."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result
from .test_fast_parse import generator

Run = Callable[..., Result]

#: The real `trip`, with "big" lowered to 50 events so that a small file takes the fast exit.
TRIP = [
    sys.executable,
    "-c",
    "from trip_tracker import loader; loader.FREEZE_FROM_EVENTS = 50; "
    "from trip_tracker.cli import main; main()",
]
ENV = {**os.environ, "COLUMNS": "100"}


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "trip.yaml"
    path.write_text(generator().generate(400), encoding="utf-8")
    return path


def trip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRIP, *args], capture_output=True, text=True, env=ENV, timeout=60, check=False
    )


@pytest.mark.parametrize("cache", ["--no-cache", None], ids=["parsed", "cached"])
def test_everything_printed_to_a_pipe_arrives(big_file: Path, cache: str | None) -> None:
    options = [cache] if cache else []
    in_process = trip("-f", str(big_file), *options, "export", "--format", "json")
    assert in_process.returncode == 0, in_process.stderr
    assert in_process.stdout.rstrip().endswith("}")  # flushed to the last byte
    assert '"id": "e000399"' in in_process.stdout
    validated = trip("-f", str(big_file), *options, "validate")
    assert (validated.returncode, validated.stderr) == (0, "")
    assert validated.stdout == f"OK: {big_file}: 10 stops, 400 events, 12 people, 5 sources\n"


def test_the_exit_code_and_message_of_a_failure_survive(big_file: Path) -> None:
    result = trip("-f", str(big_file), "meetings", "--with", "nobody-at-all")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("trip: error: nobody in the itinerary matches 'nobody-at-all'")


def read_one_line(*args: str) -> tuple[int, bytes, str]:
    """Run trip with `args` for a reader that reads one line of its output and goes away:
    the exit code, that line and what trip wrote on stderr."""
    producer = subprocess.Popen(
        [*TRIP, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert producer.stdout is not None and producer.stderr is not None
    first = producer.stdout.readline()
    producer.stdout.close()
    errors = producer.stderr.read().decode()
    return producer.wait(timeout=60), first, errors


@pytest.mark.parametrize("output_format", ["json", "md", "csv", "ics", "html"])
def test_a_closed_pipe_ends_quietly(big_file: Path, output_format: str) -> None:
    """Each export (130-340 KB here, more than a pipe holds) meets a reader that goes away
    after one line: 141, as Unix tools end, never 0 for an export cut short."""
    code, first, errors = read_one_line("-f", str(big_file), "export", "--format", output_format)
    assert code == 141
    assert first.startswith(
        {"json": b"{", "md": b"#", "csv": b"event_id,", "ics": b"BEGIN", "html": b"<"}[
            output_format
        ]
    )
    assert errors == ""


def test_a_change_note_cut_by_a_closed_pipe_is_141_not_1(tmp_path: Path) -> None:
    """`trip diff --format md` writes its note in one piece (~110 KB here, more than a
    pipe holds): a reader that goes away after a line is the quiet 141, never the exit
    code that says "differences" for a note cut short."""
    text = generator().generate(1000)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace('title: "', 'title: "Moved: '), encoding="utf-8")
    complete = trip("diff", str(old), str(new), "--format", "md")
    assert complete.returncode == 1 and len(complete.stdout.encode()) > 100_000
    code, first, errors = read_one_line("diff", str(old), str(new), "--format", "md")
    assert code == 141
    assert first == complete.stdout.splitlines(keepends=True)[0].encode()
    assert errors == ""


def in_shell(command: str) -> subprocess.CompletedProcess[str]:
    """Run `command` (the real trip is `$TRIP`) in sh, for redirections like `>&-`."""
    env = {**ENV, "TRIP": " ".join(f"'{part}'" for part in TRIP)}
    return subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_closed_output_streams_keep_the_exit_code(big_file: Path) -> None:
    assert in_shell(f'eval "$TRIP" -f {big_file} validate >&-').returncode == 0
    missing = in_shell(f'eval "$TRIP" -f {big_file} meetings --with nobody-at-all 2>&-')
    assert missing.returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_an_error_message(big_file: Path) -> None:
    result = in_shell(f'eval "$TRIP" -f {big_file} validate > /dev/full')
    assert result.returncode == 1
    assert result.stderr == "trip: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(("preset", "seen"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_pydantic_plugins_are_off_unless_the_user_chose(preset: str | None, seen: str) -> None:
    """pydantic would scan every installed package for plugins at each start (see cli.main)."""
    env = {key: value for key, value in ENV.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    if preset is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = preset
    show_at_exit = (
        "import atexit, os; "
        "atexit.register(lambda: print(repr(os.environ['PYDANTIC_DISABLE_PLUGINS']))); "
        "from trip_tracker.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", show_at_exit, "stops"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == repr(seen)
    assert "Malaysia" in result.stdout  # the command ran as usual


def test_a_stdout_closed_from_the_start_discards_the_data(tmp_path: Path) -> None:
    """`trip stops >&-` was 'internal error: AttributeError ... isatty' (exit 70). As for
    `validate` (click drops what it echoes then), the output is unwanted: the command runs
    and its exit code stands; a file it writes is still written."""

    def closed_stdout(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TRIP, *args],
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            timeout=60,
            check=False,
            preexec_fn=lambda: os.close(1),
        )

    for args in (["stops"], ["stops", "--format", "json"], ["meetings", "--with", "xi"]):
        result = closed_stdout(*args)
        assert (result.returncode, result.stderr) == (0, ""), args
    missing = closed_stdout("meetings", "--with", "nobody-at-all")
    assert missing.returncode == 2 and missing.stderr.startswith("trip: error: nobody")
    briefing = tmp_path / "briefing.md"
    written = closed_stdout("export", "--format", "md", "-o", str(briefing))
    assert (written.returncode, written.stderr) == (0, f"trip: wrote {briefing}\n")
    assert briefing.read_text(encoding="utf-8").startswith("# ")


def test_a_system_error_reading_a_file_names_the_file_not_the_output(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An install missing its shipped itinerary said 'cannot write the output: No such file
    or directory', sending the user to look at the wrong end."""
    from trip_tracker import loader

    monkeypatch.setattr(loader, "SHIPPED_NAME", "gone.yaml")
    result = run("stops")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("trip: error: ")
    assert result.stderr.endswith("trip_tracker/data/gone.yaml: No such file or directory\n")


def test_plain_lines_on_an_ascii_stdout_are_escaped_as_tables_are() -> None:
    """`where` wrote its lines with click.echo, which re-wraps an ASCII stdout as UTF-8: raw
    en dashes for a reader that asked for ASCII."""
    env = {**ENV, "PYTHONIOENCODING": "ascii"}
    command = [*TRIP, "where", "--at", "2025-10-29T12:00+09:00"]
    result = subprocess.run(command, capture_output=True, env=env, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.isascii() and result.stderr.isascii()
    assert b"sometime 2025-10-26\\u201330" in result.stdout  # the window's en dash, escaped
