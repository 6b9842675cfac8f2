"""The benchmark's generated itineraries are valid, deterministic and cover every case."""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from trip_tracker import loader, process, queries
from trip_tracker.model import Event, Kind, Precision, Status

from .conftest import Result
from .test_fast_parse import generator


def test_generated_file_validates_with_the_cli(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = tmp_path / "trip-1000.yaml"
    assert generator().main(["1000", "-o", str(path)]) == 0
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"OK: {path}: 25 stops, 1000 events, 22 people, 5 sources\n"
    again = tmp_path / "again.yaml"
    generator().main(["1000", "-o", str(again)])
    assert again.read_bytes() == path.read_bytes()


def test_generated_itinerary_has_every_status_kind_precision_and_many_zones() -> None:
    trip = loader.load_text(generator().generate(600), "generated.yaml")
    assert {event.status for event in trip.events} == set(Status)
    assert {event.kind for event in trip.events} == set(Kind)
    precisions = {event.when.precision for event in trip.events if event.when is not None}
    assert precisions == set(Precision)
    assert any(event.when is None for event in trip.events)
    offsets = [e.when.at for e in trip.events if e.when is not None and e.when.at is not None]
    assert {at.tzinfo is None for at in offsets} == {True, False}
    assert len({stop.tz for stop in trip.stops}) >= 12
    assert any(not person.name.isascii() for person in trip.people)


def test_people_finds_each_persons_meetings_as_the_definition_says() -> None:
    """`queries.people` makes one pass over the events; here, against the definition run
    person by person, on a generated trip with events without the principal, the
    principal alone, and a person named twice."""
    text = generator().generate(600)
    trip = loader.load_text(text, "generated.yaml")
    principal = trip.principal
    others = [person.id for person in trip.people if person.id != principal]
    odd = [
        (principal,),
        (others[0], others[1]),
        (principal, others[2], others[2]),
    ]
    events = list(trip.events)
    for index, participants in enumerate(odd):
        events[index] = dataclasses.replace(events[index], participants=participants)
    trip = trip.model_copy(update={"events": tuple(events)})

    def shared(person: str) -> list[str]:
        return [
            event.id
            for event in queries.chronological(trip, trip.events)
            if person in event.participants
            and (person == principal or principal in event.participants)
            and (person != principal or len(event.participants) > 1)
        ]

    found = {item.person.id: [event.id for event in item.events] for item in queries.people(trip)}
    assert found == {person.id: shared(person.id) for person in trip.people}
    assert events[0].id not in found[principal]
    assert events[1].id not in found[others[0]]
    assert found[others[2]].count(events[2].id) == 1
    assert sum(map(len, found.values())) > len(trip.events)


def test_clashes_found_by_the_sweep_are_those_of_every_pair() -> None:
    """`trip check` compares only the events that come within the travel buffer of each
    other; here, against every pair of each person's events, on a generated trip whose
    principal is in nearly every event (and which has clashes of every kind)."""
    from itertools import combinations

    from trip_tracker import consistency

    trip = loader.load_text(generator().generate(300), "generated.yaml")
    found = list(consistency._people_in_two_places(trip))
    by_person: dict[str, list[Event]] = {}
    for event in trip.events:
        if event.when is not None and event.status is not Status.CANCELLED:
            for person in dict.fromkeys(event.participants):
                by_person.setdefault(person, []).append(event)
    spans = {event.id: consistency._interval(trip, event) for event in trip.events if event.when}
    every_pair = [
        finding
        for person, events in by_person.items()
        for a, b in combinations(events, 2)
        if (finding := consistency._clash(trip, trip.people_by_id[person].name, a, b, spans))
    ]
    assert found == every_pair
    assert {finding.code for finding in found} == {"person-clash", "person-maybe-clash"}


def test_meetings_with_the_benchmark_person(tmp_path: Path, run: Callable[..., Result]) -> None:
    """About a dozen meetings at any size: the benchmark measures the query, not a long table."""
    text = generator().generate(1200)
    path = tmp_path / "trip.yaml"
    path.write_text(text, encoding="utf-8")
    trip = loader.load_text(text, "x.yaml")
    expected = [
        event.id
        for event in trip.events
        if "overgaard" in event.participants and event.kind is not Kind.TRAVEL
    ]
    assert 10 <= len(expected) <= 12
    result = run("-f", str(path), "meetings", "--with", "Øvergaard", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [event["id"] for event in json.loads(result.stdout)] == expected


def test_a_big_itinerary_is_frozen_out_of_the_gc_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """In one command, only a big itinerary is frozen, kept to the end, and leaves the GC off."""
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(loader, "_kept_to_the_end", [])
    monkeypatch.setattr(process, "one_command", True)
    text = generator().generate(50)
    try:
        loader.load_text(text, "small.yaml")
        assert (frozen, loader.holds_big_itinerary(), gc.isenabled()) == ([], False, True)
        monkeypatch.setattr(loader, "FREEZE_FROM_EVENTS", 50)
        big = loader.load_text(text, "big.yaml")
        assert (frozen, loader.holds_big_itinerary(), gc.isenabled()) == ([True], True, False)
        [(kept, data)] = loader._kept_to_the_end
        assert kept is big
        assert isinstance(data, dict) and len(data["events"]) == 50  # what it was built from
    finally:
        gc.enable()


def test_a_program_that_goes_on_keeps_its_gc_and_frees_what_it_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(loader, "_kept_to_the_end", [])
    monkeypatch.setattr(loader, "FREEZE_FROM_EVENTS", 50)
    assert not process.one_command  # nobody called cli.main in this process
    loader.load_text(generator().generate(50), "big.yaml")
    assert (frozen, loader.holds_big_itinerary(), gc.isenabled()) == ([], False, True)
