"""`trip export -o FILE`: all or nothing, never over a directory or a device, one message."""

from __future__ import annotations

import dataclasses
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from trip_tracker import export as exports
from trip_tracker.export import write_atomically
from trip_tracker.model import Itinerary

from .conftest import SHIPPED, Result

Run = Callable[..., Result]


def test_writes_the_file_and_says_so(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    result = run("export", "--format", "md", "-o", str(target), "--as-of", "2025-10-25")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        # the moment falls between Washington and Malaysia: its zone is a guess, said as
        # every command that reads a moment says it
        "trip: read '2025-10-25' in America/New_York (2025-10-25T00:00-04:00): no stop fits "
        "then (travelling?), so the home zone was used; add an offset or --tz ZONE to choose\n"
        f"trip: wrote {target}\n"
    )
    assert target.read_text("utf-8") == run("export", "--as-of", "2025-10-25").stdout
    assert os.listdir(tmp_path) == ["briefing.md"]


def test_dash_means_stdout(run: Run) -> None:
    result = run("export", "--format", "csv", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("event_id,title,")


def test_replacing_a_file_keeps_its_permissions(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    assert run("export", "--format", "ics", "-o", str(target)).exit_code == 0
    assert target.read_text("utf-8").startswith("BEGIN:VCALENDAR")
    assert target.stat().st_mode & 0o777 == 0o640


def test_refuses_a_directory(run: Run, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    target = str(tmp_path / "folder")
    result = run("export", "--format", "json", "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"trip: error: {target}: is a directory; give a file name to write to\n"
    assert os.listdir(tmp_path) == ["folder"] and os.listdir(tmp_path / "folder") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_device_or_a_pipe_is_written_to_as_stdout_is(run: Run, tmp_path: Path) -> None:
    """`-o /dev/null`, `-o /dev/stdout` and a named pipe cannot be replaced by a rename:
    they were refused ('/dev/stdout' with a false reason, 'cannot write in /proc/PID/fd')."""
    import subprocess
    import sys
    import threading

    expected = run("export", "--format", "ics").stdout
    assert run("export", "--format", "ics", "-o", "/dev/null").exit_code == 0
    fifo = tmp_path / "calendar.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("export", "--format", "ics", "-o", str(fifo))
    reader.join(timeout=30)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (0, f"trip: wrote {fifo}")
    assert received == [expected.encode("utf-8")]
    command = ["export", "--format", "ics", "--as-of", "2025-10-23T16:00Z", "-o", "/dev/stdout"]
    piped = subprocess.run(
        [sys.executable, "-c", "from trip_tracker.cli import main; main()", *command],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert piped.returncode == 0 and b"trip: wrote" not in piped.stderr  # it is stdout
    assert piped.stdout == expected.encode("utf-8")
    # appended to a file as stdout is, not renamed over it (which lost what it held)
    log = tmp_path / "log.txt"
    log.write_bytes(b"HEADER\n")
    with log.open("ab") as appended:
        subprocess.run(
            [sys.executable, "-c", "from trip_tracker.cli import main; main()", *command],
            stdout=appended,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )
    assert log.read_bytes() == b"HEADER\n" + expected.encode("utf-8")


def test_a_folder_that_cannot_be_written_gives_one_message_and_leaves_nothing(
    run: Run, tmp_path: Path
) -> None:
    # Works as root too: no permission can make a regular file into a folder.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep", "utf-8")
    target = blocker / "trip.html"
    result = run("export", "--format", "html", "-o", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"trip: error: {target}: cannot write")
    assert os.listdir(tmp_path) == ["not-a-folder"]
    assert blocker.read_text("utf-8") == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_gives_one_message_and_leaves_nothing(
    run: Run, tmp_path: Path
) -> None:  # pragma: no cover - CI runs as root
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("export", "--format", "md", "-o", str(folder / "trip.md"))
        assert result.exit_code == 1
        assert result.stderr == (
            f"trip: error: {folder / 'trip.md'}: cannot write in {folder}: Permission denied\n"
        )
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_failure_midway_leaves_the_old_file_untouched_and_no_temporary(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "trip.csv"
    target.write_text("previous export\n", "utf-8")

    def half_then_full_disk(trip: object, stream: IO[str], now: object) -> None:
        stream.write("event_id,title\r\nhalf")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("trip_tracker.commands.export.writer", lambda name: half_then_full_disk)
    result = run("export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"trip: error: {target}: cannot write: No space left on device\n"
    assert target.read_text("utf-8") == "previous export\n"
    assert os.listdir(tmp_path) == ["trip.csv"]


def test_a_bug_midway_is_not_swallowed_but_still_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"

    def broken(stream: IO[str]) -> None:
        stream.write("partial")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        write_atomically(str(target), broken)
    assert os.listdir(tmp_path) == []


def test_a_kill_midway_cleans_up_as_ctrl_c_does(tmp_path: Path) -> None:
    """SIGTERM ended the process where it stood and left `.trip-XXXX.tmp` behind; the
    console script now turns it (and SIGHUP) into an exception, as Python does SIGINT."""
    from trip_tracker import cli
    from trip_tracker.errors import Terminated

    def killed(stream: IO[str]) -> None:
        stream.write("partial")
        os.kill(os.getpid(), signal.SIGTERM)

    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        for signum in kept:  # as a fresh process has them
            signal.signal(signum, signal.SIG_DFL)
        cli._end_cleanly_on_signals()
        with pytest.raises(Terminated) as ended:
            write_atomically(str(tmp_path / "out.md"), killed)
    finally:
        for signum, handler in kept.items():
            signal.signal(signum, handler)
    assert ended.value.signum == signal.SIGTERM
    assert os.listdir(tmp_path) == []


def test_the_itinerary_being_read_is_never_the_output(run: Run, tmp_path: Path) -> None:
    """`-o trip.yaml` meant for `-o trip.md` replaced the working copy with Markdown."""
    source = tmp_path / "trip.yaml"
    source.write_bytes(SHIPPED.read_bytes())
    for name in (str(source), f"{tmp_path}/./trip.yaml"):
        result = run("-f", str(source), "export", "--format", "md", "-o", name)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"trip: error: -o {name}: that is the itinerary being read; write to another file\n"
        )
    assert source.read_bytes() == SHIPPED.read_bytes()
    assert os.listdir(tmp_path) == ["trip.yaml"]


def test_the_shipped_itinerary_is_never_the_output(tmp_path: Path) -> None:
    """With no file given, `export -o <the package's asia-2025-10.yaml>` replaced the
    shipped itinerary, and every command without -f then failed."""
    from importlib import resources

    from trip_tracker.commands.export import _same_file

    shipped = str(resources.files("trip_tracker.data").joinpath("asia-2025-10.yaml"))
    assert _same_file(shipped, None)
    assert _same_file(str(SHIPPED), None)  # the repository's copy, which it links to
    assert not _same_file(str(tmp_path / "briefing.md"), None)


def test_a_folder_name_that_does_not_exist_is_not_made_a_file(run: Run, tmp_path: Path) -> None:
    """`-o newdir/` wrote a CSV file called newdir."""
    target = f"{tmp_path}/newdir/"
    result = run("export", "--format", "csv", "-o", target)
    assert (result.exit_code, result.stderr) == (1, f"trip: error: {target}: no such directory\n")
    assert os.listdir(tmp_path) == []


def test_a_write_the_system_takes_in_part_then_refuses_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills midway: the system writes part of a write, then refuses the rest.
    The export fails with the system's error and the old file stays (Python's own text
    files can drop the rest of such a write without a word; see `wholewrite`)."""
    import errno

    from trip_tracker import wholewrite
    from trip_tracker.errors import OutputError

    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    taken: list[bytes] = []
    real_write = os.write

    def fills_up(fd: int, data: bytes | memoryview) -> int:
        if taken:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        taken.append(bytes(data[:1000]))
        return real_write(fd, data[:1000])

    monkeypatch.setattr(wholewrite.os, "write", fills_up)
    with pytest.raises(OutputError, match=r"out\.json: cannot write: No space left on device"):
        write_atomically(str(target), lambda stream: stream.write("é" * 100_000))
    assert target.read_text("utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["out.json"]
    assert taken == ["é".encode() * 500]


def test_text_gathered_before_an_error_never_reaches_another_file(tmp_path: Path) -> None:
    """After a failed export, its stream is collected later, when its descriptor's number
    may be another file's: closing it then writes nothing."""
    import gc

    def broken(stream: IO[str]) -> None:
        stream.write('{"partial": "export text"}\n')
        raise RuntimeError("bug")

    caught: list[BaseException] = []
    try:
        write_atomically(str(tmp_path / "out.json"), broken)
    except RuntimeError as error:
        caught.append(error)  # keeps the traceback, and with it the stream
    other = tmp_path / "other.db"
    fd = os.open(other, os.O_RDWR | os.O_CREAT | os.O_TRUNC)  # likely the same number
    try:
        caught.clear()
        gc.collect()
    finally:
        os.close(fd)
    assert other.read_bytes() == b""


def test_small_writes_are_gathered_and_all_arrive(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    lines = [f"{index} – ü\n" for index in range(50_000)]  # ~500 KB in small writes
    write_atomically(str(target), lambda stream: [stream.write(line) for line in lines])
    assert target.read_text("utf-8") == "".join(lines)


def test_an_unreadable_target_path_is_one_message(tmp_path: Path) -> None:
    from trip_tracker.errors import OutputError

    looped = tmp_path / "loop"
    looped.symlink_to(looped)
    with pytest.raises(OutputError, match="cannot write"):
        write_atomically(str(looped / "x"), lambda stream: None)


def test_only_the_calendar_leaves_undated_events_out(run: Run) -> None:
    for fmt in ("md", "json", "csv", "html"):
        assert exports.omitted(fmt, _shipped()) == []
    result = run("export", "--format", "ics")
    assert result.stderr == (
        "trip: left out of the calendar: 3 event(s) with no stated date: "
        "apec-summit, grand-order-of-mugunghwa, kim-encounter\n"
    )


def test_an_empty_output_name_is_bad_usage(run: Run) -> None:
    """`-o ""` (an unset variable, say) was 'error: : cannot write: Is a directory', exit 1."""
    result = run("export", "-o", "")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for '-o' / '--output': give a file name, or - for standard output\n"
    )


def test_many_undated_events_are_named_ten_and_counted(run: Run) -> None:
    """A big file may leave hundreds of events out: the message stays one readable line."""
    trip = _shipped()
    event = trip.events[0]
    undated = [
        dataclasses.replace(event, id=f"undated-{number:02}", when=None) for number in range(12)
    ]
    many = trip.model_copy(update={"events": [*trip.events, *undated]})
    named = "apec-summit, grand-order-of-mugunghwa, kim-encounter, " + ", ".join(
        f"undated-{number:02}" for number in range(7)
    )
    assert exports.omitted("ics", many) == [
        f"left out of the calendar: 15 event(s) with no stated date: {named} and 5 more"
    ]
    ten = trip.model_copy(update={"events": [*trip.events, *undated[:7]]})
    assert exports.omitted("ics", ten)[0].endswith("undated-05, undated-06")  # all ten named


def _shipped() -> Itinerary:
    from trip_tracker.loader import load_shipped

    return load_shipped()


def test_a_folder_refusing_new_files_gives_one_message_even_as_root(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod does not stop root (CI), so the folder's refusal is simulated where it happens.
    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    target = tmp_path / "trip.md"
    result = run("export", "--format", "md", "-o", str(target))
    assert result.exit_code == 1
    assert (
        result.stderr == f"trip: error: {target}: cannot write in {tmp_path}: Permission denied\n"
    )
    assert os.listdir(tmp_path) == []


def test_a_symbolic_link_is_written_through_and_kept(run: Run, tmp_path: Path) -> None:
    """`-o briefing.md`, a link into a shared folder, was replaced by a plain file: the
    shared copy stayed stale and the link was gone."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "briefing.md").write_text("old\n", encoding="utf-8")
    link = tmp_path / "briefing.md"
    link.symlink_to(shared / "briefing.md")
    dangling = tmp_path / "calendar.ics"
    dangling.symlink_to(shared / "calendar.ics")  # its file does not exist yet
    assert run("export", "--format", "md", "-o", str(link)).exit_code == 0
    assert run("export", "--format", "ics", "-o", str(dangling)).exit_code == 0
    assert link.is_symlink() and dangling.is_symlink()
    assert (shared / "briefing.md").read_text(encoding="utf-8").startswith("# ")
    assert (shared / "calendar.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert sorted(os.listdir(shared)) == ["briefing.md", "calendar.ics"]


def test_a_calendar_with_no_events_says_so(run: Run, tmp_path: Path) -> None:
    """It wrote a blank calendar without a word when nothing had a date."""
    path = tmp_path / "draft.yaml"
    draft = (
        "id: t\ntitle: Draft\nprincipal: p\nhome_tz: UTC\nsources: [{id: s, title: S}]\n"
        "people: [{id: p, name: P}]\nstops: [{id: a, country: X, tz: UTC, status: expected}]\n"
    )
    path.write_text(draft, encoding="utf-8")
    empty = run("-f", str(path), "export", "--format", "ics")
    assert (empty.exit_code, empty.stderr) == (
        0,
        "trip: the calendar holds no events: the itinerary has none\n",
    )
    assert "BEGIN:VEVENT" not in empty.stdout
    path.write_text(
        draft + "events: [{id: e, kind: meal, title: M, stop: a, status: reported,\n"
        "  source: {ref: s, quote: q}}]\n",
        encoding="utf-8",
    )
    undated = run("-f", str(path), "export", "--format", "ics")
    assert (undated.exit_code, undated.stderr) == (
        0,
        "trip: left out of the calendar: 1 event(s) with no stated date: e\n"
        "trip: the calendar holds no events: none has a stated date\n",
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("output_format", ["md", "ics", "html", "csv", "json"])
def test_an_export_to_stdout_is_utf8_whatever_its_encoding(
    tmp_path: Path, encoding: str, output_format: str
) -> None:
    """On an ASCII or Latin-1 stdout (`LC_ALL=C`), an export was full of literal `\\u2013`
    escapes: the calendar's SUMMARY read 'Thailand\\u2013Cambodia', and the page declaring
    UTF-8 showed them. It is now the same bytes as the file `-o` writes."""
    import subprocess
    import sys

    command = [sys.executable, "-c", "from trip_tracker.cli import main; main()", "export"]
    command += ["--format", output_format, "--as-of", "2025-10-23T16:00Z"]
    env = {**os.environ, "PYTHONIOENCODING": encoding, "XDG_CACHE_HOME": str(tmp_path)}
    piped = subprocess.run(command, capture_output=True, env=env, check=False, timeout=60)
    target = tmp_path / f"trip.{output_format}"
    written = subprocess.run(
        [*command, "-o", str(target)], capture_output=True, env=env, check=False, timeout=60
    )
    assert (piped.returncode, written.returncode) == (0, 0)
    assert piped.stdout == target.read_bytes()
    assert "–".encode() in piped.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_replacing_a_file_as_root_keeps_its_owner(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("old")
    os.chown(target, 4242, 4343)
    result = run("export", "--format", "md", "-o", str(target), "--as-of", "2025-10-27")
    assert result.exit_code == 0, result.stderr
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (4242, 4343)
    assert target.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("links", [1, 2])
def test_replacing_a_file_with_hard_links_says_they_keep_the_old_text(
    run: Run, tmp_path: Path, links: int
) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("old")
    for number in range(links):
        os.link(target, tmp_path / f"link-{number}.md")
    result = run("export", "--format", "md", "-o", str(target), "--as-of", "2025-10-27")
    assert result.exit_code == 0
    said = result.stderr.splitlines()[-2]  # before "wrote ..."
    if links == 1:
        assert said == f"trip: {target} had 1 other hard link: it keeps the old text (the " \
            "file was replaced, so that a failure could not leave it half written)"  # fmt: skip
    else:
        assert said.startswith(f"trip: {target} had 2 other hard links: they keep the old text")
    assert (tmp_path / "link-0.md").read_text() == "old"
    assert target.read_text(encoding="utf-8").startswith("# ")
