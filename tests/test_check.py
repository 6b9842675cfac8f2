"""`trip check`: consistency findings, their severity, positions and exit codes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trip_tracker import consistency, loader
from trip_tracker.consistency import Severity

from .conftest import SHIPPED, Result
from .helpers import MINIMAL
from .itinerary_edits import copy_with, data_copy, item

Run = Callable[..., Result]


def visible(text: str) -> str:
    """Output as seen: Rich pads table cells with spaces up to the width."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def findings_of(path: Path) -> list[consistency.Finding]:
    text = path.read_text(encoding="utf-8")
    trip = loader.load_text(text, str(path))
    return consistency.locate(consistency.check(trip), text, trip)


def test_the_shipped_itinerary_is_consistent(run: Run) -> None:
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "trip: (shipped) asia-2025-10.yaml: consistent, no findings\n"
    assert consistency.check(loader.load_shipped()) == []


def tokyo_and_busan_at_once(data: dict[str, Any]) -> None:
    item(data, "meet-takaichi")["when"] = {
        "at": "2025-10-29T10:00:00+09:00",
        "end": "2025-10-29T11:00:00+09:00",
    }
    item(data, "meet-lee")["when"] = {"at": "2025-10-29T10:30:00+09:00"}


def test_one_person_in_tokyo_and_busan_at_once_is_an_error(run: Run, tmp_path: Path) -> None:
    path = data_copy(tmp_path, "clash.json", tokyo_and_busan_at_once)
    result = run("check", str(path))
    assert result.exit_code == 1
    text = " ".join(result.stdout.split())
    assert (
        "Donald Trump is in two places at once: 'meet-takaichi' (Tokyo, Japan stop) and "
        "'meet-lee' (South Korea (city not stated) stop)"
    ) in text
    assert result.stderr == f"trip: {path}: 1 error, 0 warnings\n"


def test_json_output_gives_severity_items_and_position(run: Run, tmp_path: Path) -> None:
    path = data_copy(tmp_path, "clash.json", tokyo_and_busan_at_once)
    result = run("check", "--format", "json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (1, 0)
    [finding] = report["findings"]
    assert finding["severity"] == "error"
    assert finding["code"] == "person-clash"
    assert finding["items"] == ["meet-takaichi", "meet-lee"]
    assert finding["path"] == "events[7].when"
    lines = path.read_text().splitlines()
    assert (
        lines[finding["line"] - 1].strip().startswith('"when"')
        or "at" in lines[finding["line"] - 1]
    )


def test_json_names_a_file_whose_name_is_not_utf8(run: Run, tmp_path: Path) -> None:
    """A name's undecodable bytes come as surrogate escapes, which pydantic_core's JSON
    writer refuses: the JSON is still written (it crashed with exit 70), escaped to ASCII."""
    path = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    path.write_bytes(SHIPPED.read_bytes())
    checked = run("check", "--format", "json", str(path))
    assert checked.exit_code == 0
    assert checked.stderr.endswith("caf\\udce9.yaml: consistent, no findings\n")
    assert checked.stdout.isascii()
    assert json.loads(checked.stdout)["file"].endswith("caf\udce9.yaml")
    diffed = run("diff", str(path), str(SHIPPED), "--format", "json")
    assert diffed.exit_code == 0, diffed.stderr
    assert json.loads(diffed.stdout)["old"].endswith("caf\udce9.yaml")


EXPECTED_WEEKDAY_TABLE = """\
 severity   line:col   items               finding
────────────────────────────────────────────────────────────────────────────────────────────────────
 error      58:7       washington          'washington' is dated 2025-10-23 Thu, but its words 'on
                                           Friday' name Friday
 error      130:7      depart-washington   'depart-washington' is dated 2025-10-23 Thu, but its
                                           words 'on Friday' name Friday
"""


def test_table_output_is_exact(run: Run, tmp_path: Path) -> None:
    path = copy_with(
        tmp_path,
        "weekday.yaml",
        ("    depart:\n      date: 2025-10-24\n", "    depart:\n      date: 2025-10-23\n"),
        ("    when:\n      date: 2025-10-24\n", "    when:\n      date: 2025-10-23\n"),
    )
    result = run("check", str(path))
    assert result.exit_code == 1
    name = str(path)
    assert visible(result.stdout) == EXPECTED_WEEKDAY_TABLE
    assert result.stderr == f"trip: {name}: 2 errors, 0 warnings\n"


def test_only_exact_overlaps_are_certain(tmp_path: Path) -> None:
    def same_day(data: dict[str, Any]) -> None:
        item(data, "meet-takaichi")["when"] = {"date": "2025-10-29"}
        item(data, "meet-lee")["when"] = {"at": "2025-10-29T18:00:00"}

    [finding] = findings_of(data_copy(tmp_path, "day.json", same_day))
    assert finding.severity is Severity.WARNING
    assert finding.code == "person-maybe-clash"
    assert finding.items == ("meet-takaichi", "meet-lee")


@pytest.mark.parametrize(
    ("takaichi", "lee", "apart"),
    [
        ("2025-10-29T10:00:00", "2025-10-29T10:30:00", "0.5 h"),  # gave no finding at all
        ("2025-10-28T23:30:00", "2025-10-29T00:15:00", "0.8 h"),  # across midnight
        ("2025-10-29T08:00:00", "2025-10-29T22:00:00", None),  # 14 h: time enough to travel
    ],
)
def test_exact_times_in_two_places_warn_when_too_close_for_travel(
    tmp_path: Path, takaichi: str, lee: str, apart: str | None
) -> None:
    """Tokyo and Busan half an hour apart gave no finding, while the same events as whole
    days gave a warning; more precise data must not hide it, nor warn of a gap that travel
    can cover. The gap allowed is the travel-time check's time on the ground."""

    def timed(data: dict[str, Any]) -> None:
        item(data, "meet-takaichi")["when"] = {"at": takaichi}
        item(data, "meet-lee")["when"] = {"at": lee}

    found = findings_of(data_copy(tmp_path, "exact.json", timed))
    if apart is None:
        assert found == []
        return
    [finding] = found
    assert (finding.severity, finding.code) == (Severity.WARNING, "person-maybe-clash")
    assert finding.message == (
        f"Donald Trump may be in two places {apart} apart: 'meet-takaichi' (Tokyo, Japan "
        "stop) and 'meet-lee' (South Korea (city not stated) stop); possible only with travel "
        "between them in that time"
    )


@pytest.mark.parametrize(
    ("day", "first", "second", "apart"),
    [
        # the clocks go forward at 02:00: 00:30 EST to 03:15 EDT is 1 h 45 (2 h 45 on the wall)
        ("2026-03-08", "00:30", "03:15", "1.8 h"),
        # they go back at 02:00: 00:45 EDT to 02:30 EST is 2 h 45 (1 h 45 on the wall)
        ("2026-11-01", "00:45", "02:30", None),
    ],
)
def test_the_gap_between_two_places_is_real_time_across_a_clock_change(
    tmp_path: Path, day: str, first: str, second: str, apart: str | None
) -> None:
    """Within one zone Python subtracts wall-clock times: `check` measured gaps an hour off
    on the nights the clocks change, in both directions."""
    text = (
        MINIMAL.replace("Asia/Tokyo", "America/New_York")
        .replace("place: Tokyo\n    country: Japan", "place: New York\n    country: United States")
        .replace("arrive: {date: 2025-10-27}", f"arrive: {{date: {day}}}")
        .replace("depart: {date: 2025-10-28}", f"depart: {{date: {day}}}")
        .replace('{at: "2025-10-27T10:00"}', f'{{at: "{day}T{first}"}}\n    place: Harlem')
        .replace("participants: [p, q]", "participants: [p]")
    )
    text += (
        text[text.index("  - id: e\n") :]
        .replace("id: e\n", "id: f\n")
        .replace(f"{day}T{first}", f"{day}T{second}")
        .replace("Harlem", "Brooklyn")
    )
    path = tmp_path / "clocks.yaml"
    path.write_text(text, "utf-8")
    found = [f for f in findings_of(path) if f.code.startswith("person-")]
    if apart is None:
        assert found == []
        return
    [finding] = found
    assert finding.message == (
        f"Pat Principal may be in two places {apart} apart: 'e' (Harlem, United States) and "
        "'f' (Brooklyn, United States); possible only with travel between them in that time"
    )


def test_travel_time_within_one_zone_is_real_time_across_a_clock_change(tmp_path: Path) -> None:
    """Washington to New York (one zone) on the night the clocks go forward: 01:00 EST to
    04:15 EDT is 2 h 15, which the wall clock made 3 h 15, enough for the trip."""
    stops = """\
stops:
  - id: dc
    place: Washington
    country: United States
    tz: America/New_York
    lat: 38.9
    lon: -77.04
    depart: {at: "2026-03-08T01:00"}
    status: scheduled
  - id: ny
    place: New York
    country: United States
    tz: America/New_York
    lat: 40.71
    lon: -74.01
    arrive: {at: "2026-03-08T04:15"}
    status: scheduled
"""
    head = MINIMAL[: MINIMAL.index("stops:")]
    path = tmp_path / "shuttle.yaml"
    path.write_text(head + stops + "events: []\n", "utf-8")
    [travel] = [f for f in findings_of(path) if f.code == "travel-time"]
    assert travel.message == (
        "'dc' to 'ny' is 328 km: about 0.4 h in the air at 850 km/h plus 2 h on the ground, "
        "but the dates leave at most 2.2 h"
    )


def test_a_person_listed_twice_in_one_event_is_not_in_two_events(tmp_path: Path) -> None:
    def doubled(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["participants"] = ["trump", "xi", "xi"]
        item(data, "meet-xi")["when"] = {"at": "2025-10-30T10:00:00"}

    findings = findings_of(data_copy(tmp_path, "twice.json", doubled))
    assert [f.code for f in findings] == ["participant-twice"]  # the repeat, not a clash


def test_days_that_overlap_only_across_zones_are_not_called_the_same_day(
    tmp_path: Path,
) -> None:
    """Oct 26 in Kuala Lumpur and Oct 27 in Tokyo share an hour; 'on the same day' was
    said of different dates."""

    def neighbours(data: dict[str, Any]) -> None:
        item(data, "asean-summit")["when"] = {"date": "2025-10-26"}
        item(data, "meet-takaichi")["when"] = {"date": "2025-10-27"}

    [finding] = findings_of(data_copy(tmp_path, "zones.json", neighbours))
    assert finding.message.startswith(
        "Donald Trump may be in two places at overlapping times (days in different zones): "
        "'asean-summit'"
    )


def test_travel_is_no_clash_with_what_it_travels_between(tmp_path: Path) -> None:
    """The arrival in Busan on Oct 28 and talks in Tokyo that day: the travel event is the
    journey between them, not a second place."""

    def arrival_day(data: dict[str, Any]) -> None:
        item(data, "meet-takaichi")["when"] = {"date": "2025-10-28"}
        item(data, "arrive-busan")["when"] = {"date": "2025-10-28"}

    assert findings_of(data_copy(tmp_path, "travel.json", arrival_day)) == []


def test_an_event_at_the_moment_of_departure_is_inside_its_stop(tmp_path: Path) -> None:
    """A departure event from 20:00, when the stop is left at 20:00, was an error ('starts
    after the principal must have left'); an exact time may touch its stop's edge."""

    def leaving_at_eight(data: dict[str, Any]) -> None:
        item(data, "washington")["depart"] = {"at": "2025-10-24T20:00:00"}
        item(data, "depart-washington")["when"] = {
            "at": "2025-10-24T20:00:00",
            "end": "2025-10-24T21:00:00",
        }

    assert findings_of(data_copy(tmp_path, "leaving.json", leaving_at_eight)) == []

    def a_minute_late(data: dict[str, Any]) -> None:
        leaving_at_eight(data)
        item(data, "depart-washington")["when"] = {"at": "2025-10-24T20:01:00"}

    [late] = findings_of(data_copy(tmp_path, "late.json", a_minute_late))
    assert late.message.startswith("'depart-washington' starts after the principal must have")


def test_an_event_ending_at_the_moment_of_arrival_is_inside_its_stop(tmp_path: Path) -> None:
    """The mirror of the departure case: an exact time may end at its stop's exact arrival;
    a minute later than the arrival is no longer touching it."""

    def landing_at_three(data: dict[str, Any]) -> None:
        item(data, "south-korea")["arrive"] = {"at": "2025-10-29T15:00:00"}
        item(data, "arrive-busan")["when"] = {
            "at": "2025-10-29T14:00:00",
            "end": "2025-10-29T15:00:00",
        }

    assert findings_of(data_copy(tmp_path, "landing.json", landing_at_three)) == []

    def a_minute_early(data: dict[str, Any]) -> None:
        landing_at_three(data)
        item(data, "south-korea")["arrive"] = {"at": "2025-10-29T15:01:00"}

    [early] = findings_of(data_copy(tmp_path, "early.json", a_minute_early))
    assert early.message.startswith("'arrive-busan' ends before the principal can be at")


def test_an_exact_time_touching_a_bound_that_is_only_a_day_is_outside(tmp_path: Path) -> None:
    """Busan reached on Oct 29 (a day): Tokyo's stay ends at midnight, so talks in Tokyo
    from 00:00 on Oct 30 are after it; touching is allowed only at an exact arrival or
    departure. (An event in Busan ending at 00:00 on Oct 29 falls wholly on Oct 28: the
    loader refuses it, see test_model's midnight test.)"""

    def at_midnight(data: dict[str, Any]) -> None:
        item(data, "south-korea")["arrive"] = {"date": "2025-10-29"}
        item(data, "meet-takaichi")["when"] = {
            "at": "2025-10-30T00:00:00",
            "end": "2025-10-30T01:00:00",
        }

    messages = [f.message for f in findings_of(data_copy(tmp_path, "edge.json", at_midnight))]
    assert any(
        m.startswith("'meet-takaichi' starts after the principal must have left") for m in messages
    )


def test_exact_events_in_the_same_place_that_overlap(tmp_path: Path) -> None:
    def double_booked(data: dict[str, Any]) -> None:
        item(data, "meet-lee")["when"] = {"at": "2025-10-29T10:00:00", "end": "2025-10-29T12:00"}
        item(data, "apec-business-lunch")["when"] = {"at": "2025-10-29T11:00:00"}

    [finding] = findings_of(data_copy(tmp_path, "same.json", double_booked))
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("Donald Trump is in two events at once: 'meet-lee'")


def test_exact_events_that_touch_do_not_clash(tmp_path: Path) -> None:
    def back_to_back(data: dict[str, Any]) -> None:
        item(data, "meet-lee")["when"] = {"at": "2025-10-29T10:00:00", "end": "2025-10-29T11:00"}
        item(data, "apec-business-lunch")["when"] = {"at": "2025-10-29T11:00:00"}
        item(data, "tech-dinner")["when"] = {"at": "2025-10-29T11:00:00", "end": "2025-10-29T12:00"}

    findings = findings_of(data_copy(tmp_path, "touch.json", back_to_back))
    assert [(f.code, f.items) for f in findings] == [
        ("person-clash", ("apec-business-lunch", "tech-dinner"))
    ]


def test_cancelled_events_clash_with_nothing(tmp_path: Path) -> None:
    def cancelled(data: dict[str, Any]) -> None:
        tokyo_and_busan_at_once(data)
        item(data, "meet-lee")["status"] = "cancelled"

    assert findings_of(data_copy(tmp_path, "cancelled.json", cancelled)) == []


def test_event_before_its_stop_exact_arrival(tmp_path: Path) -> None:
    def early(data: dict[str, Any]) -> None:
        item(data, "south-korea")["arrive"] = {"at": "2025-10-29T15:00:00"}
        item(data, "arrive-busan")["when"] = {"at": "2025-10-29T15:00:00"}
        item(data, "meet-lee")["when"] = {"at": "2025-10-29T09:00:00"}

    [finding] = findings_of(data_copy(tmp_path, "early.json", early))
    assert (finding.severity, finding.code) == (Severity.ERROR, "outside-stop")
    assert finding.message == (
        "'meet-lee' ends before the principal can be at 'south-korea' "
        "(South Korea (city not stated))"
    )


def test_event_after_the_next_stop_begins(tmp_path: Path) -> None:
    def late(data: dict[str, Any]) -> None:
        item(data, "japan")["arrive"] = {"date": "2025-10-27"}
        item(data, "malaysia-trade-agreement")["when"] = {"at": "2025-10-28T09:00:00"}

    findings = findings_of(data_copy(tmp_path, "late.json", late))
    assert [(f.code, f.items) for f in findings] == [
        ("outside-stop", ("malaysia-trade-agreement", "malaysia"))
    ]
    assert findings[0].message == (
        "'malaysia-trade-agreement' starts after the principal must have left 'malaysia' "
        "(Malaysia (city not stated))"
    )


def test_stops_out_of_order(tmp_path: Path) -> None:
    def swapped(data: dict[str, Any]) -> None:
        item(data, "malaysia")["arrive"] = {"date": "2025-10-26"}
        item(data, "japan")["arrive"] = {"date": "2025-10-25"}

    findings = findings_of(data_copy(tmp_path, "order.json", swapped))
    codes = [(f.severity, f.code, f.items) for f in findings]
    assert (Severity.ERROR, "stop-order", ("malaysia", "japan")) in codes
    finding = next(f for f in findings if f.code == "stop-order")
    assert finding.message == (
        "stop 'japan' is reached (2025-10-25 Sat) before the principal arrives at the "
        "previous stop 'malaysia' (2025-10-26 Sun): stops overlap or are out of order"
    )


def add_coordinates(data: dict[str, Any]) -> None:
    item(data, "washington").update(lat=38.9, lon=-77.04)
    item(data, "malaysia").update(lat=3.14, lon=101.69)
    item(data, "japan").update(lat=35.68, lon=139.69)
    item(data, "south-korea").update(lat=35.18, lon=129.08)


def test_coordinates_that_fit_the_dates_give_no_finding(tmp_path: Path) -> None:
    assert findings_of(data_copy(tmp_path, "coords.json", add_coordinates)) == []


@pytest.mark.parametrize(
    ("arrive", "severity"),
    [
        ("2025-10-24T10:00:00-04:00", Severity.ERROR),
        ("2025-10-25T15:00:00+08:00", Severity.WARNING),
    ],
)
def test_travel_time_between_stops(tmp_path: Path, arrive: str, severity: Severity) -> None:
    def too_fast(data: dict[str, Any]) -> None:
        add_coordinates(data)
        item(data, "washington")["depart"] = {"at": "2025-10-24T08:00:00"}
        item(data, "depart-washington")["when"] = {"at": "2025-10-24T08:00:00"}
        item(data, "malaysia")["arrive"] = {"at": arrive}
        item(data, "arrive-malaysia")["when"] = {"date": "2025-10-26"}

    findings = findings_of(data_copy(tmp_path, "fast.json", too_fast))
    travel = [f for f in findings if f.code == "travel-time"]
    assert [(f.severity, f.items) for f in travel] == [(severity, ("washington", "malaysia"))]
    # Washington to Kuala Lumpur is about 15,340 km: 18 h at 850 km/h.
    assert travel[0].message.startswith(
        "'washington' to 'malaysia' is 15,339 km: about 18.0 h in the air at 850 km/h plus "
        "2 h on the ground, but the dates leave at most "
    )


def test_great_circle_distance() -> None:
    assert consistency.great_circle_km(0, 0, 0, 180) == pytest.approx(20015, abs=1)
    assert consistency.great_circle_km(35.68, 139.69, 35.18, 129.08) == pytest.approx(961, abs=5)


def test_a_weekday_in_the_quote_only_warns(tmp_path: Path) -> None:
    def quoted(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["source"]["quote"] = "He meets Xi on Wednesday."

    [finding] = findings_of(data_copy(tmp_path, "quote.json", quoted))
    assert (finding.severity, finding.code) == (Severity.WARNING, "weekday")
    assert finding.message == (
        "'meet-xi' is dated 2025-10-30 Thu, but its source quote names Wednesday"
    )


def test_a_weekday_cited_in_a_derivation(tmp_path: Path) -> None:
    path = copy_with(
        tmp_path,
        "cited.yaml",
        (
            "      derived: The Sunday after the Friday, October 24 departure from Washington.\n"
            "    status: expected\n    source:",
            "      derived: The Sunday after the Friday, October 23 departure from Washington.\n"
            "    status: expected\n    source:",
        ),
    )
    [finding] = findings_of(path)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "'malaysia': its derivation cites 'Friday October 23', but 2025-10-23 is a Thursday"
    )
    assert finding.loc == ("stops", 1, "arrive", "derived")


def test_a_derivation_may_cite_a_day_of_the_year_before(tmp_path: Path) -> None:
    """A stop on 2026-01-02 'after the Wednesday, December 31 party' cites 2025-12-31 (a
    Wednesday); it was read as 2026-12-31, a Thursday, and check exited 1."""
    path = tmp_path / "new-year.yaml"
    path.write_text(
        MINIMAL.replace(
            "{date: 2025-10-27}",
            "{date: 2026-01-02, derived: 'The Friday after the Wednesday, December 31 party.'}",
        )
        .replace("{date: 2025-10-28}", "{date: 2026-01-03}")
        .replace('{at: "2025-10-27T10:00"}', '{at: "2026-01-02T10:00"}'),
        encoding="utf-8",
    )
    assert [f.code for f in findings_of(path)] == []
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        path.read_text("utf-8").replace("Wednesday, December 31", "Tuesday, December 31"), "utf-8"
    )
    [finding] = findings_of(wrong)
    assert finding.message == (
        "'a': its derivation cites 'Tuesday December 31', but 2025-12-31 is a Wednesday"
    )


def test_unused_and_unlisted_people(tmp_path: Path) -> None:
    def people(data: dict[str, Any]) -> None:
        data["people"].append({"id": "anwar", "name": "Anwar Ibrahim"})
        item(data, "meet-lee")["others"] = ["Kim Hye-kyung"]

    findings = findings_of(data_copy(tmp_path, "people.json", people))
    assert [(f.severity, f.code, f.items) for f in findings] == [
        (Severity.WARNING, "unused-person", ("anwar",)),
        (Severity.WARNING, "unlisted-person", ("meet-lee",)),
    ]


def test_check_reads_standard_input(run: Run) -> None:
    from .conftest import SHIPPED

    result = run("check", "-", stdin=SHIPPED.read_text())
    assert result.exit_code == 0
    assert result.stderr == "trip: <stdin>: consistent, no findings\n"


def test_check_of_an_invalid_file_is_a_data_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: [\n")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"trip: error: {path}:")


def test_the_people_a_text_mentions_are_found_by_its_words_as_by_every_name() -> None:
    """Derived dates are matched to people through an index of their names' words; here,
    against trying every name, with names that hyphens, apostrophes, dots, accents, a
    word without letters and one name inside another make awkward."""
    from trip_tracker.model import Person

    trip = loader.load_shipped()
    names = [
        "Anna Dubois-Nakamura",
        "Pat O'Brien Jr.",
        "Lee Jae",
        "Leeds Person",
        "Ingrid Øvergaard",
        "Ab -- Cd",
        "X Y",
    ]
    extra = tuple(Person(id=f"p{n}", name=name) for n, name in enumerate(names))
    trip = trip.model_copy(update={"people": trip.people + extra})
    texts = [
        "After the meeting with Dubois-Nakamura on October 30",
        "Nakamura alone; Dubois alone",
        "As O'Brien Jr. said, then Jr.X",
        "The Leeds summit, Jae-Lee, and Lee's talks",
        "Øvergaard's visit; ØVERGAARD; Ingrid",
        "the -- thing, and Ab",
        "the day after the meeting with Xi Jinping and Lee Jae Myung",
        "",
    ]
    finder = consistency._mention_finder(trip)
    for text in texts:
        expected = [
            person
            for person in trip.people
            if person.id != trip.principal
            and consistency._mentions(text, consistency._name_words(person.name))
        ]
        assert finder(text) == expected, text
    assert [person.id for person in finder(texts[3])] == ["lee", "p2", "p3"]


def test_a_clash_across_a_clock_change_is_still_found() -> None:
    """The sweep that picks the pairs to compare runs in real time; two events of one zone
    are compared on its wall clock. 01:30 EST to 03:45 EDT is 2 h 15 min on the clock but
    1 h 15 min in fact: the pair must still be compared (it was dropped once)."""
    data = {
        "id": "t",
        "title": "T",
        "principal": "pat",
        "home_tz": "America/New_York",
        "sources": [{"id": "s", "title": "S"}],
        "people": [{"id": "pat", "name": "Pat Principal"}],
        "stops": [
            {"id": "ny", "place": "New York", "country": "United States"}
            | {"tz": "America/New_York", "status": "scheduled"}
        ],
        "events": [
            {
                "id": "e0",
                "place": "Newark",
                "when": {"at": "2025-03-09T00:30", "end": "2025-03-09T01:30"},
            },
            {"id": "e1", "place": "Manhattan", "when": {"at": "2025-03-09T03:45-04:00"}},
        ],
    }
    for event in data["events"]:
        event |= {"kind": "meeting", "title": "T", "stop": "ny", "participants": ["pat"]}
        event |= {"status": "confirmed", "source": {"ref": "s", "quote": "q."}}
    trip = loader.load_text(json.dumps(data), "dst.json")
    [finding] = [f for f in consistency.check(trip) if f.code == "person-maybe-clash"]
    assert finding.items == ("e0", "e1")
    assert "1.2 h apart" in finding.message


@pytest.mark.parametrize(
    ("zone", "first", "second", "skipped"),
    [
        # Kerguelen moved its clock 5 h forward at the start of 1950: 04:30 never happened.
        (
            "Indian/Kerguelen",
            {"at": "1950-01-01T05:10", "end": "1950-01-01T05:40"},
            {"at": "1950-01-01T04:30", "end": "1950-01-01T06:30"},
            "1950-01-01T04:30",
        ),
        # Samoa skipped 30 December 2011: no time that day happened.
        ("Pacific/Apia", {"date": "2011-12-30"}, {"at": "2011-12-30T04:00"}, "2011-12-30T04:00"),
    ],
    ids=["kerguelen-1950", "apia-2011"],
)
def test_times_a_clock_jump_skipped_never_reach_the_sweep(
    zone: str, first: dict[str, str], second: dict[str, str], skipped: str
) -> None:
    """A review found the sweep passing over clashes between these times: it judged overlap
    in real time, where `_clash` compares a zone's times on its wall clock, and times the
    clocks skip are the ones where the two disagree. The sweep asks `_overlap` itself since;
    and such times are now refused when the file is read (they have no instant)."""
    from datetime import date, timedelta

    from trip_tracker.errors import DataError

    day = date.fromisoformat(first.get("date") or first["at"][:10])
    data = {
        "id": "t",
        "title": "T",
        "principal": "pat",
        "home_tz": zone,
        "sources": [{"id": "s", "title": "S"}],
        "people": [{"id": "pat", "name": "Pat Principal"}],
        "stops": [
            {"id": "x", "country": "X", "tz": zone, "status": "scheduled"}
            | {"arrive": {"date": (day - timedelta(days=1)).isoformat()}}
            | {"depart": {"date": (day + timedelta(days=1)).isoformat()}}
        ],
        "events": [
            {"id": "e0", "place": "A", "when": first},
            {"id": "e1", "place": "A", "when": second},
        ],
    }
    for event in data["events"]:
        event |= {"kind": "meeting", "title": "T", "stop": "x", "participants": ["pat"]}
        event |= {"status": "confirmed", "source": {"ref": "s", "quote": "q."}}
    with pytest.raises(DataError) as refused:
        loader.load_text(json.dumps(data), "jump.json")
    [message] = refused.value.messages()
    assert f"events[1].when.at: {skipped} never happened in {zone}" in message


def test_an_undated_stop_between_two_does_not_hide_their_order(tmp_path: Path) -> None:
    """Tokyo (no dates) between Kuala Lumpur and a South Korea reached before it: no finding,
    where removing the middle stop gave the error."""

    def out_of_order(data: dict[str, Any]) -> None:
        japan = item(data, "japan")
        japan.pop("arrive", None)
        japan.pop("depart", None)
        item(data, "south-korea")["arrive"] = {"date": "2025-10-25"}

    findings = findings_of(data_copy(tmp_path, "order.json", out_of_order))
    [finding] = [f for f in findings if f.code == "stop-order"]
    assert (finding.severity, finding.items) == (Severity.ERROR, ("malaysia", "south-korea"))
    assert finding.message == (
        "stop 'south-korea' is reached (2025-10-25 Sat) before the principal arrives at the "
        "earlier stop 'malaysia' (2025-10-26 Sun): stops overlap or are out of order"
    )


def test_stops_out_of_order_give_no_travel_time_of_negative_hours(tmp_path: Path) -> None:
    """'the dates leave at most -155.0 h' repeated the stop-order error."""

    def swapped(data: dict[str, Any]) -> None:
        add_coordinates(data)
        item(data, "malaysia")["arrive"] = {"date": "2025-10-26"}
        item(data, "japan")["arrive"] = {"date": "2025-10-25"}

    findings = findings_of(data_copy(tmp_path, "order.json", swapped))
    assert [f.code for f in findings if f.code in ("stop-order", "travel-time")] == ["stop-order"]


def test_events_still_on_at_a_cancelled_stop_are_flagged(tmp_path: Path) -> None:
    """`set-status japan cancelled` left the Takaichi talks scheduled, and check said
    nothing."""

    def japan_called_off(data: dict[str, Any]) -> None:
        item(data, "japan")["status"] = "cancelled"

    findings = findings_of(data_copy(tmp_path, "off.json", japan_called_off))
    flagged = [(f.severity, f.items, f.message) for f in findings if f.code == "cancelled-stop"]
    assert flagged == [
        (
            Severity.WARNING,
            ("japan", "meet-takaichi"),
            "'meet-takaichi' is scheduled at the stop 'japan', which is cancelled: cancel the "
            "event too, or move it to another stop",
        )
    ]


def test_a_lower_case_particle_of_a_name_is_no_mention_of_them() -> None:
    """'of' in 'William, Prince of Wales' was found in any derivation ('the Friday of
    ...'), and 'William,' (with its comma) in none."""
    assert consistency._name_words("William, Prince of Wales") == ["William", "Prince", "Wales"]
    assert consistency._name_words("Ursula von der Leyen") == ["Ursula", "Leyen"]
    assert consistency._name_words("習近平") == ["習近平"]


def test_a_date_its_own_words_contradict_is_an_error(tmp_path: Path) -> None:
    """meet-xi moved to the 29th with its words 'on October 30' kept: only the derivations
    resting on it were flagged, not the contradiction itself."""

    def moved(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["when"]["date"] = "2025-10-29"

    findings = findings_of(data_copy(tmp_path, "moved.json", moved))
    [finding] = [f for f in findings if f.code == "date-words"]
    assert (finding.severity, finding.items, finding.message) == (
        Severity.ERROR,
        ("meet-xi",),
        "'meet-xi' is dated 2025-10-29 Wed, but its words 'on October 30' say October 30",
    )


def test_words_that_date_something_else_are_no_contradiction(tmp_path: Path) -> None:
    def after(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["when"]["words"] = "after October 28"

    findings = findings_of(data_copy(tmp_path, "after.json", after))
    assert [f for f in findings if f.code == "date-words"] == []


def test_a_stop_known_only_by_its_departure_is_in_order_too(tmp_path: Path) -> None:
    def left_before(data: dict[str, Any]) -> None:
        japan = item(data, "japan")
        japan.pop("arrive", None)
        japan["depart"] = {"date": "2025-10-20"}
        item(data, "meet-takaichi").pop("when")  # else dated after the stop is left

    findings = findings_of(data_copy(tmp_path, "order.json", left_before))
    [finding] = [f for f in findings if f.code == "stop-order"]
    assert finding.message == (
        "stop 'japan' is left (2025-10-20 Mon) before the principal arrives at the previous "
        "stop 'malaysia' (2025-10-26 Sun): stops overlap or are out of order"
    )


@pytest.mark.parametrize(
    "words",
    ["on October 30th", "on Oct 30", "on 30 October", "on october 30", "on the 30th of Oct."],
)
def test_a_date_its_words_spell_otherwise_is_caught_too(tmp_path: Path, words: str) -> None:
    def moved(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["when"] |= {"date": "2025-10-29", "words": words}

    findings = findings_of(data_copy(tmp_path, "moved.json", moved))
    assert [f.message for f in findings if f.code == "date-words"] == [
        f"'meet-xi' is dated 2025-10-29 Wed, but its words '{words}' say October 30"
    ]


def test_a_participant_listed_twice_is_flagged_where_the_repeat_is(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = copy_with(
        tmp_path,
        "twice.yaml",
        ("    participants: [trump, xi]\n", "    participants: [trump, xi, xi]\n"),
    )
    line = path.read_text(encoding="utf-8").splitlines().index("    participants: [trump, xi, xi]")
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 0  # a warning
    flagged = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "participant-twice"]
    assert [(f["severity"], f["items"], f["message"], f["line"]) for f in flagged] == [
        (
            "warning",
            ["meet-xi", "xi"],
            "'xi' is listed more than once among the participants of 'meet-xi': remove the "
            "repeat, or name the person meant",
            line + 1,
        )
    ]
