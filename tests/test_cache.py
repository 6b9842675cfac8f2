"""The parse cache: used for an unchanged file; ignored when edited, corrupt or switched off."""

from __future__ import annotations

import gc
import itertools
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trip_tracker import cache, crosschecks, fastparse, loader, model, opening, process, queries
from trip_tracker.errors import UsageError
from trip_tracker.vocabulary import Status

from .conftest import SHIPPED, Result


@pytest.fixture
def trip_file(tmp_path: Path) -> Path:
    path = tmp_path / "trip.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def entries() -> list[Path]:
    return sorted(cache.directory().glob("*.bin"))


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(fastparse, "start", fail)


def test_cache_lives_in_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "trip-tracker"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.directory() == Path.home() / ".cache" / "trip-tracker"
    for relative in ("cache", "./cache", ""):  # ignored, as the XDG spec asks
        monkeypatch.setenv("XDG_CACHE_HOME", relative)
        assert cache.directory() == Path.home() / ".cache" / "trip-tracker"


def test_second_load_of_an_unchanged_file_skips_the_parse(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = loader.load_path(str(trip_file))
    assert len(entries()) == 1
    forbid_parsing(monkeypatch)
    assert loader.load_path(str(trip_file)) == first


def test_an_edit_invalidates_the_entry(trip_file: Path) -> None:
    loader.load_path(str(trip_file))
    info = trip_file.stat()
    text = trip_file.read_text(encoding="utf-8")
    # Same size and same modification time: only the content hash can tell.
    edited = text.replace("title: US presidential", "title: UK presidential", 1)
    assert len(edited) == len(text)
    trip_file.write_text(edited, encoding="utf-8")
    os.utime(trip_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert loader.load_path(str(trip_file)).title.startswith("UK presidential")


def test_an_edit_that_breaks_the_file_is_reported_not_hidden(
    trip_file: Path, run: Callable[..., Result]
) -> None:
    assert run("validate", str(trip_file)).exit_code == 0
    text = trip_file.read_text(encoding="utf-8")
    trip_file.write_text(text.replace("status: scheduled", "status: sure", 1), encoding="utf-8")
    result = run("validate", str(trip_file))
    assert result.exit_code == 1
    assert "trip.yaml:63:13: stops[0].status:" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),
        lambda blob: blob[:40] + bytes([blob[40] ^ 0x01]) + blob[41:],
        lambda blob: b"\x00" * len(blob),
        lambda blob: os.urandom(len(blob)),
    ],
    ids=["empty", "truncated", "payload-flipped", "key-flipped", "zeroed", "random"],
)
def test_a_corrupt_entry_is_ignored_and_replaced(
    trip_file: Path, damage: Callable[[bytes], bytes]
) -> None:
    expected = loader.load_path(str(trip_file))
    [entry] = entries()
    entry.write_bytes(damage(entry.read_bytes()))
    assert loader.load_path(str(trip_file)) == expected
    assert entry.read_bytes().startswith(b"trip-tracker validated-data cache 3\n")


def test_no_cache_neither_reads_nor_writes(
    trip_file: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("--no-cache", "-f", str(trip_file), "stops", "--format", "json")
    assert result.exit_code == 0
    assert entries() == []
    assert run("stops", "--no-cache", "-f", str(trip_file)).exit_code == 0
    assert entries() == []
    run("-f", str(trip_file), "stops")
    forbid_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed although"):
        loader.load_path(str(trip_file), use_cache=False)


def test_check_uses_the_cache_as_other_commands_do(
    trip_file: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`trip check` reads the file once, for the itinerary and the text it locates in."""
    assert run("check", "--no-cache", str(trip_file)).exit_code == 0
    assert entries() == []
    first = run("check", str(trip_file))
    assert (first.exit_code, len(entries())) == (0, 1)
    forbid_parsing(monkeypatch)
    again = run("check", str(trip_file))
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    assert again.stderr == f"trip: {trip_file}: consistent, no findings\n"


def test_an_unwritable_cache_is_no_error(
    trip_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert loader.load_path(str(trip_file)).principal == "trump"


def test_stdin_is_not_cached(run: Callable[..., Result]) -> None:
    result = run("validate", "-", stdin=SHIPPED.read_bytes())
    assert result.exit_code == 0
    assert entries() == []


def test_a_file_that_fails_validation_is_never_cached(
    trip_file: Path, run: Callable[..., Result]
) -> None:
    text = trip_file.read_text(encoding="utf-8")
    trip_file.write_text(text.replace("stop: malaysia", "stop: malasia", 1), encoding="utf-8")
    assert run("validate", str(trip_file)).exit_code == 1
    assert entries() == []


def test_a_cached_load_skips_only_the_cross_field_checks(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in full, the rules on events run as the events are built (EventRules), and the
    Itinerary's validator then need not run them again; from the cache, neither runs."""
    first = loader.load_path(str(trip_file))
    calls: list[object] = []
    real, real_add = crosschecks.cross_reference_problems, crosschecks.EventRules.add
    monkeypatch.setattr(
        crosschecks, "cross_reference_problems", lambda trip: calls.append("all") or real(trip)
    )
    monkeypatch.setattr(
        crosschecks.EventRules,
        "add",
        lambda rules, events: calls.append(len(events)) or real_add(rules, events),
    )
    assert loader.load_path(str(trip_file)) == first
    assert calls == []
    assert loader.load_path(str(trip_file), use_cache=False) == first
    assert calls == [len(first.events)]


def test_an_entry_stores_repeated_text_once(trip_file: Path) -> None:
    """Each distinct key, and each text value met again (a stop id, a quote), is stored once
    and loads as one string, which the models then share; the data loads back equal."""
    import marshal

    data = fastparse.parse(trip_file.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    plain = marshal.dumps(data)
    expected = marshal.loads(plain)
    payload = cache.Entry.pack(data)
    assert payload is not None and len(payload) < 0.8 * len(plain)
    loaded = marshal.loads(payload)
    assert loaded == expected
    first, second = [event for event in loaded["events"] if event["stop"] == "south-korea"][:2]
    assert first["stop"] is second["stop"]
    assert first["source"]["ref"] is second["source"]["ref"]
    assert next(iter(first)) is next(iter(second))  # the key "id"


def test_an_entry_whose_fields_no_longer_validate_is_a_miss(trip_file: Path) -> None:
    """Fields are validated on every load, cached or not (a changed time-zone database, say)."""
    expected = loader.load_path(str(trip_file))
    data = fastparse.parse(trip_file.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["stops"][0]["tz"] = "Mars/Olympus_Mons"
    entry = cache.Entry(str(trip_file), trip_file.read_bytes())
    payload = entry.pack(data)
    assert payload is not None
    entry.save([payload])
    assert loader.load_path(str(trip_file)) == expected


def test_a_file_gone_after_it_was_read_loads_without_the_cache(trip_file: Path) -> None:
    """The entry's key needs the file's real path and times: bytes whose file has gone
    (renamed, say, by an editor saving it) are read all the same, and nothing is cached."""
    content = trip_file.read_bytes()
    expected = loader.load_bytes(content, str(trip_file), use_cache=False)
    trip_file.unlink()
    opened = opening.open_bytes(content, str(trip_file))
    assert (opened.entry, opened.payload) == (None, None) and opened.reading is not None
    assert loader.load_opened(opened) == expected
    assert entries() == []


def test_data_read_by_the_strict_parser_is_cached_too(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastparse, "start", lambda *args: None)  # as for text it declines
    first = loader.load_path(str(trip_file))
    assert len(entries()) == 1
    forbid_parsing(monkeypatch)
    assert loader.load_path(str(trip_file)) == first


def _copies(tmp_path: Path, count: int) -> list[Path]:
    """`count` distinct files with the shipped itinerary (one cache entry each)."""
    paths = []
    for index in range(count):
        path = tmp_path / f"copy-{index}.yaml"
        path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    return paths


def test_writing_an_entry_removes_the_least_recently_used_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = _copies(tmp_path, 3)
    entry_of = {path: cache.Entry(str(path), path.read_bytes()).file for path in (first, second)}
    loader.load_path(str(first))
    loader.load_path(str(second))
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 2 * entry_of[first].stat().st_size)
    os.utime(entry_of[first], (1, 1))  # written long ago...
    os.utime(entry_of[second], (2, 2))
    real_start = fastparse.start
    forbid_parsing(monkeypatch)
    loader.load_path(str(first))  # ...but used just now (a hit)
    monkeypatch.setattr(fastparse, "start", real_start)

    loader.load_path(str(third))  # three entries do not fit in the limit

    assert len(entries()) == 2
    assert entry_of[first].exists()
    assert not entry_of[second].exists()


def test_the_entry_just_written_stays_even_over_the_limit(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1)
    loader.load_path(str(trip_file))
    assert len(entries()) == 1


def test_temporary_files_of_interrupted_writes_are_removed(trip_file: Path) -> None:
    loader.load_path(str(trip_file))
    stale = cache.directory() / "entry-leftbyacrash.tmp"
    fresh = cache.directory() / "entry-beingwritten.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"partial")
    os.utime(stale, (0, 0))
    trip_file.write_text(trip_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    loader.load_path(str(trip_file))  # an edit: the entry is written again
    assert not stale.exists()
    assert fresh.exists()


def test_a_key_that_is_not_text_is_reported_not_a_crash(
    trip_file: Path, run: Callable[..., Result]
) -> None:
    text = trip_file.read_text(encoding="utf-8")
    trip_file.write_text(text.replace("\ntitle: ", "\n1: oops\ntitle: ", 1), encoding="utf-8")
    result = run("validate", str(trip_file))
    assert result.exit_code == 1
    assert "keys must be text, not 1" in result.stderr
    assert entries() == []


def test_a_valid_file_nested_deeply_under_computed_loads_with_the_cache(
    trip_file: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    depth = 990  # the strict parser's limit is about 1,000
    nested = "[" * depth + "]" * depth
    with trip_file.open("a", encoding="utf-8") as stream:
        stream.write(f"computed: {nested}\n")
    first = run("validate", str(trip_file))
    assert first.exit_code == 0, first.stderr
    assert len(entries()) == 1
    forbid_parsing(monkeypatch)  # the second run reads the entry, not the text
    second = run("validate", str(trip_file))
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)


def key_changes(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]
) -> bool:
    """Whether the cache key of `trip_file` changes with `change` (made by monkeypatching,
    undone before this returns)."""
    content = trip_file.read_bytes()
    cache._fingerprint.cache_clear()
    before = cache.Entry(str(trip_file), content).key
    change()
    cache._fingerprint.cache_clear()
    try:
        return cache.Entry(str(trip_file), content).key != before
    finally:
        monkeypatch.undo()
        cache._fingerprint.cache_clear()


def test_the_key_covers_the_rules_and_the_zone_database(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(cache.__file__).parent
    assert all((here / name).is_file() for name in cache._JUDGES)
    before = cache.Entry(str(trip_file), trip_file.read_bytes()).key
    assert key_changes(
        trip_file,
        monkeypatch,
        lambda: monkeypatch.setattr(cache, "_zone_database", lambda: "tzdata 2099z"),
    )
    assert cache.Entry(str(trip_file), trip_file.read_bytes()).key == before


@pytest.mark.parametrize("module", ["loader.py", "model.py", "pieces.py", "fastparse.py"])
def test_the_key_covers_the_code_that_reaches_a_verdict(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """Other code must not trust a verdict it did not reach: an edit to any module that
    parses or judges is a miss. A review found the loader missing (it decides whether the
    rules on events ran as they were built): a fix to it kept the old verdicts."""
    edited = Path(cache.__file__).parent / module
    real = Path.read_bytes

    def read_edited(path: Path) -> bytes:
        return real(path) + (b"# edit\n" if path == edited else b"")

    assert key_changes(
        trip_file, monkeypatch, lambda: monkeypatch.setattr(Path, "read_bytes", read_edited)
    )


def test_the_key_covers_the_parsers_installed_files(
    trip_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgraded parser may read the same bytes otherwise: its entries must not be trusted."""
    assert "_yaml_rs" in cache._installed("yaml_rs")  # the compiled parser itself is covered
    parser = tmp_path / "site" / "fake_parser"
    parser.mkdir(parents=True)
    (parser / "__init__.py").write_text("RELEASE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(parser.parent))
    monkeypatch.setattr(cache, "_PARSERS", (*cache._PARSERS, "fake_parser"))
    content = trip_file.read_bytes()
    keys = []
    try:
        for release in ("RELEASE = 1\n", "RELEASE = 22\n"):
            (parser / "__init__.py").write_text(release, encoding="utf-8")
            cache._fingerprint.cache_clear()
            keys.append(cache.Entry(str(trip_file), content).key)
    finally:
        cache._fingerprint.cache_clear()
    assert keys[0] != keys[1]
    assert cache._installed("no_such_parser_here") == "no_such_parser_here\0"


def test_the_zone_database_is_named_without_a_system_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import zoneinfo

    import tzdata

    monkeypatch.setattr(zoneinfo, "TZPATH", ())
    assert cache._zone_database() == f"tzdata {tzdata.IANA_VERSION}"


def test_pruning_touches_only_the_caches_own_files(
    trip_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.load_path(str(trip_file))
    directory = cache.directory()
    foreign = [directory / "firmware.bin", directory / "notes.tmp", directory / "tmpabc.tmp"]
    for path in foreign:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (0, 0))
    (directory / ("0" * 64 + ".bin")).symlink_to(foreign[0])
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1)
    trip_file.write_text(trip_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    loader.load_path(str(trip_file))
    assert all(path.exists() for path in foreign)
    assert (directory / ("0" * 64 + ".bin")).is_symlink()


@pytest.fixture
def generated_file(tmp_path: Path) -> Path:
    from .test_fast_parse import generator

    path = tmp_path / "generated.yaml"
    path.write_text(generator().generate(300), encoding="utf-8")
    return path


def busiest_person(trip: model.Itinerary) -> model.Person:
    """The person (not the principal) in the most events: a query that keeps some events."""
    counts = Counter(p for event in trip.events for p in event.participants)
    del counts[trip.principal]
    return trip.people_by_id[counts.most_common(1)[0][0]]


def test_a_cached_meetings_query_builds_only_the_events_it_can_show(
    generated_file: Path,
) -> None:
    full = loader.load_path(str(generated_file))  # read in full, and cached
    person = busiest_person(full)
    select = queries.meetings_selector([person.name], (), (Status.CONFIRMED, Status.REPORTED))
    part = loader.load_path(str(generated_file), select=select)
    wanted = (Status.CONFIRMED, Status.REPORTED)
    assert part.events == tuple(
        event
        for event in full.events
        if person.id in event.participants and event.kind != "travel" and event.status in wanted
    )
    assert 0 < len(part.events) < len(full.events) / 10
    assert (part.people, part.stops, part.sources) == (full.people, full.stops, full.sources)
    # Without the cache the file is read, and checked, in full: every event is there.
    assert loader.load_path(str(generated_file), use_cache=False, select=select) == full


def test_a_cached_together_query_builds_only_the_events_of_the_two(
    generated_file: Path,
) -> None:
    full = loader.load_path(str(generated_file))
    person = busiest_person(full)
    select = queries.together_selector([full.principal, person.name])
    part = loader.load_path(str(generated_file), select=select)
    assert part.events == tuple(
        event
        for event in full.events
        if person.id in event.participants and full.principal in event.participants
    )
    assert 0 < len(part.events) < len(full.events) / 5


def meetings_queries(person: model.Person, principal: str) -> list[list[str]]:
    """`trip meetings` options, with and without the ones that need every event."""
    name = queries.fold(person.name).upper()  # without accents, another case
    return [
        ["--with", person.id],
        ["--with", name],
        ["--with", person.name, "--with", principal],
        ["--with", person.id, "--status", "confirmed", "--status", "reported"],
        ["--with", person.id, "--kind", "travel", "--kind", "meal"],
        ["--with", person.id, "--topic", "trade", "--format", "json"],
        ["--with", person.id, "--country", "Japan", "--format", "csv"],
        ["--kind", "meal", "--format", "csv"],
        ["--with", person.id, "--tz", "home", "--format", "json"],
        ["--with", person.id, "--place", "Tokyo"],
        ["--with", person.id, "--from", "+1d", "--until", "2030-01-01"],
        ["--with", "nobody-at-all"],
        ["--with", person.name.split()[-1]],  # a family name some share
        # Two mistakes: the zone's is said first, the cache or not.
        ["--with", "nobody-at-all", "--tz", "Bad/Zone"],
        ["--with", person.name.split()[-1], "--tz", "Bad/Zone"],
    ]


def test_cached_meetings_queries_answer_as_a_full_read_does(
    generated_file: Path, run: Callable[..., Result]
) -> None:
    trip = loader.load_path(str(generated_file), use_cache=False)
    assert entries() == []
    for options in meetings_queries(busiest_person(trip), trip.principal):
        read = run("-f", str(generated_file), "--no-cache", "meetings", *options)
        run("-f", str(generated_file), "meetings", *options)  # the entry, if none yet
        assert len(entries()) == 1
        cached = run("-f", str(generated_file), "meetings", *options)
        assert (cached.exit_code, cached.stdout, cached.stderr) == (
            read.exit_code,
            read.stdout,
            read.stderr,
        ), options
        names = [value for option, value in itertools.pairwise(options) if option == "--with"]
        try:
            [queries.find_person(trip.people, name) for name in names]
        except UsageError:
            assert (read.exit_code, read.stdout) == (2, ""), options
        else:
            assert read.exit_code == 0 and read.stdout, options


NEEDS_EVERY_EVENT = """\
version: 1
id: t
title: Where another event's dates and places decide
principal: boss
home_tz: UTC
sources: [{id: s, title: A source}]
people: [{id: boss, name: The Boss}, {id: ann, name: Ann Example}]
stops:
  - {id: a, place: New York, country: United States, tz: America/New_York, status: confirmed}
events:
  - id: e1
    kind: meeting
    title: The trip's first dated item, on Friday 3 October, in York
    stop: a
    place: York
    when: {date: 2025-10-03}
    participants: [boss]
    status: confirmed
    source: {ref: s, quote: A quote.}
  - id: e2
    kind: meeting
    title: Ann, on Monday 20 October
    stop: a
    when: {date: 2025-10-20}
    participants: [boss, ann]
    status: confirmed
    source: {ref: s, quote: A quote.}
"""


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # 'Friday' is the trip's first Friday: the 3rd, set by e1 (the 24th without it).
        (["--from", "Friday"], "e2"),
        # 'york' is York, where e1 is, so not New York (which it would be without e1).
        (["--place", "york"], "no meetings match"),
    ],
)
def test_a_cached_meetings_query_whose_filters_need_every_event_builds_them_all(
    tmp_path: Path, run: Callable[..., Result], options: list[str], expected: str
) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text(NEEDS_EVERY_EVENT, encoding="utf-8")
    for cache_use in ("--no-cache", "--no-cache", None, None):  # read, then an entry's
        flags = [cache_use] if cache_use else []
        result = run("-f", str(path), *flags, "meetings", "--with", "ann", *options)
        assert result.exit_code == 0
        assert expected in result.stdout + result.stderr
        assert len(entries()) == (0 if cache_use else 1)


def test_cached_together_queries_answer_as_a_full_read_does(
    generated_file: Path, run: Callable[..., Result]
) -> None:
    trip = loader.load_path(str(generated_file), use_cache=False)
    person = busiest_person(trip)
    pairs = [
        [trip.principal, person.id, "--format", "json"],
        [person.name, trip.principal],
        [person.id, person.name],  # the same person twice
        [person.id, "nobody-at-all"],
        [person.id, trip.people[-1].id, "--format", "csv"],
        [person.id, "nobody-at-all", "--tz", "Nowhere"],
    ]
    run("-f", str(generated_file), "validate")  # the entry
    assert len(entries()) == 1
    for options in pairs:
        read = run("-f", str(generated_file), "--no-cache", "together", *options)
        cached = run("-f", str(generated_file), "together", *options)
        outcome = (cached.exit_code, cached.stdout, cached.stderr)
        assert outcome == (read.exit_code, read.stdout, read.stderr), options
        assert read.exit_code == (2 if options[1] in (person.name, "nobody-at-all") else 0)


@pytest.mark.parametrize("command", ["meetings", "together"])
def test_cached_queries_of_people_build_only_their_events(
    generated_file: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    trip = loader.load_path(str(generated_file))  # the entry
    person = busiest_person(trip)
    kept: list[int] = []
    select_from = loader._selected

    def selected(data: dict[str, Any], select: loader.EventSelector) -> dict[str, Any]:
        chosen = select_from(data, select)
        kept.append(len(chosen["events"]))
        return chosen

    monkeypatch.setattr(loader, "_selected", selected)
    options = ["--with", person.id] if command == "meetings" else [person.id, trip.principal]
    assert run("-f", str(generated_file), command, *options).exit_code == 0
    assert len(kept) == 1 and 0 < kept[0] < len(trip.events) / 5


def test_a_few_events_selected_from_a_big_entry_still_end_the_command_at_once(
    generated_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freeing the entry's data object by object takes as long as for any big file (~0.15 s
    at 100,000 events): it is kept to the end, as a big itinerary is (see `cli.main`)."""
    monkeypatch.setattr(process, "one_command", True)
    monkeypatch.setattr(loader, "FREEZE_FROM_EVENTS", 200)  # 300 events: a big file
    try:
        monkeypatch.setattr(loader, "_kept_to_the_end", [])
        full = loader.load_path(str(generated_file))
        select = queries.together_selector([full.principal, busiest_person(full).id])
        monkeypatch.setattr(loader, "_kept_to_the_end", [])
        part = loader.load_path(str(generated_file), select=select)
        assert len(part.events) < 200
        assert loader.holds_big_itinerary()
        [(kept, data)] = loader._kept_to_the_end
        assert kept is part and len(data["events"]) == len(full.events)
    finally:
        gc.unfreeze()
        gc.enable()
