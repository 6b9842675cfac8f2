"""Each model rule, checked through the loader so messages carry their location."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from trip_tracker.errors import DataError
from trip_tracker.loader import load_text
from trip_tracker.model import Precision, When

from .helpers import MINIMAL


def errors(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_text(text, "t.yaml")
    return caught.value.messages()


def test_minimal_itinerary_is_valid() -> None:
    trip = load_text(MINIMAL, "t.yaml")
    assert trip.events[0].when is not None
    assert trip.events[0].when.precision is Precision.EXACT


def test_models_are_frozen() -> None:
    trip = load_text(MINIMAL, "t.yaml")
    with pytest.raises(ValueError, match="frozen"):
        trip.title = "changed"  # type: ignore[misc]


def test_ids_must_be_unique_across_collections() -> None:
    text = MINIMAL.replace("  - id: q\n", "  - id: a\n").replace("[p, q]", "[p, a]")
    assert errors(text) == ["t.yaml:15:9: stops[0].id: id 'a' is already used by people[1]"]


def test_every_reference_must_resolve() -> None:
    text = (
        MINIMAL.replace("principal: p", "principal: pp")
        .replace("stop: a", "stop: b")
        .replace("[p, q]", "[p, qq]")
        .replace("ref: s,", "ref: src,")
    )
    assert errors(text) == [
        "t.yaml:4:12: principal: unknown person 'pp' (did you mean 'p'?)",
        "t.yaml:26:11: events[0].stop: unknown stop 'b'",
        "t.yaml:28:23: events[0].participants[1]: unknown person 'qq' (did you mean 'q'?)",
        "t.yaml:30:19: events[0].source.ref: unknown source 'src'",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stop: a": "stop: b"}, "t.yaml:26:11: events[0].stop: unknown stop 'b'"),
        (
            {"[p, q]": "[p, qq]"},
            "t.yaml:28:23: events[0].participants[1]: unknown person 'qq' (did you mean 'q'?)",
        ),
        ({"ref: s,": "ref: src,"}, "t.yaml:30:19: events[0].source.ref: unknown source 'src'"),
        (
            {"  - id: a\n": "  - id: e\n", "stop: a": "stop: e"},
            "t.yaml:23:9: events[0].id: id 'e' is already used by stops[0]",
        ),
    ],
)
def test_each_broken_reference_alone_is_caught(changes: dict[str, str], message: str) -> None:
    text = MINIMAL
    for old, new in changes.items():
        text = text.replace(old, new)
    assert errors(text) == [message]


def test_an_end_must_follow_its_start() -> None:
    text = MINIMAL.replace(
        '{at: "2025-10-27T10:00"}', '{at: "2025-10-27T10:00", end: "2025-10-27T09:00"}'
    )
    assert errors(text) == [
        "t.yaml:27:11: events[0].when: end 2025-10-27T09:00:00 is not after at 2025-10-27T10:00:00"
    ]


def test_a_window_needs_both_ends_in_order() -> None:
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{earliest: 2025-10-28, latest: 2025-10-27}")
    assert errors(text) == [
        "t.yaml:27:11: events[0].when: latest 2025-10-27 is before earliest 2025-10-28"
    ]
    half = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{earliest: 2025-10-27}")
    assert errors(half) == [
        "t.yaml:27:11: events[0].when: a window needs both 'earliest' and 'latest'"
    ]


def test_one_shape_per_time_value() -> None:
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', '{at: "2025-10-27T10:00", date: 2025-10-27}')
    assert errors(text) == [
        "t.yaml:27:11: events[0].when: give only one of 'at', 'date', 'earliest/latest' "
        "(got ['at', 'date'])"
    ]
    empty = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{words: soon}")
    assert errors(empty) == [
        "t.yaml:27:11: events[0].when: give one of 'at', 'date', or 'earliest' and 'latest'"
    ]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ('{date: 2025-10-27, end: "2025-10-27T11:00"}', "'end' goes with 'at'"),
        ('{latest: 2025-10-27, end: "2025-10-27T11:00"}', "'end' goes with 'at'"),
        (
            '{at: "2025-10-27T10:00+08:00", end: "2025-10-27T11:00"}',
            "'at' and 'end' must both have a UTC offset, or neither",
        ),
        (
            "{date: 2025-10-27, earliest: 2025-10-27, latest: 2025-10-28}",
            "give only one of 'at', 'date', 'earliest/latest' (got ['date', 'earliest/latest'])",
        ),
    ],
)
def test_shapes_past_the_quick_check_are_judged_in_full(when: str, message: str) -> None:
    """Only a bare 'at' or 'date' skips the full check; every other shape gets its message."""
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', when)
    assert errors(text) == [f"t.yaml:27:11: events[0].when: {message}"]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "{at: 2025-10-27}",
            "16: events[0].when.at: an exact time needs a date and a time of day, such as "
            "2025-10-30T10:00 (got '2025-10-27'); for a whole day write 'date: 2025-10-27'",
        ),
        (
            "{at: 1761782400}",
            "16: events[0].when.at: an exact time needs a date and a time of day, such as "
            "2025-10-30T10:00 (got 1761782400)",
        ),
        (
            '{at: "2025-10-27T10:00", end: "2025-10-27"}',
            "41: events[0].when.end: an exact time needs a date and a time of day, such as "
            "2025-10-30T10:00 (got '2025-10-27')",  # no 'date:' hint: it cannot go with 'at'
        ),
        (
            '{at: "10:00"}',
            "16: events[0].when.at: an exact time needs a date and a time of day, such as "
            "2025-10-30T10:00 (got '10:00')",
        ),
    ],
)
def test_an_exact_time_never_gets_an_invented_midnight(when: str, message: str) -> None:
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', when)
    assert errors(text) == [f"t.yaml:27:{message}"]  # the column of the value


@pytest.mark.parametrize(
    ("when", "where", "value"),
    [
        ("{earliest: 2025-10-27, latest: 9999-12-31}", "42: events[0].when.latest", "9999-12-31"),
        ("{date: 0001-01-01}", "18: events[0].when.date", "0001-01-01"),
        ('{at: "9999-12-31T23:00"}', "16: events[0].when.at", "9999-12-31T23:00:00"),
    ],
)
def test_dates_outside_the_years_2_to_9998_are_refused(when: str, where: str, value: str) -> None:
    """`latest: 9999-12-31` validated, then every command but validate crashed (exit 70);
    tests/test_cli_core.py runs every command on dates at both ends of the range. The
    message points at the value itself (it pointed at the `when` mapping)."""
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', when).replace(
        "depart: {date: 2025-10-28}", "depart: {date: 9998-12-31}"
    )
    assert errors(text) == [
        f"t.yaml:27:{where}: {value} is out of range: dates must fall in the years 2 to 9998"
    ]


def test_departure_cannot_precede_arrival() -> None:
    text = MINIMAL.replace("depart: {date: 2025-10-28}", "depart: {date: 2025-10-26}")
    assert errors(text) == [
        "t.yaml:15:5: stops[0]: departure (2025-10-26 at the latest) is before arrival "
        "(2025-10-27 at the earliest)"
    ]


def test_an_event_must_fall_within_its_stop() -> None:
    late = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{date: 2025-10-29}")
    assert errors(late) == [
        "t.yaml:27:11: events[0].when: 2025-10-29 is after the stop 'a' ends "
        "(2025-10-28 at the latest)"
    ]
    early = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{date: 2025-10-26}")
    assert errors(early) == [
        "t.yaml:27:11: events[0].when: 2025-10-26 is before the stop 'a' begins "
        "(2025-10-27 at the earliest)"
    ]


@pytest.mark.parametrize(
    "when",
    [
        '{at: "2025-10-26T22:00", end: "2025-10-27T00:00"}',
        '{at: "2025-10-26T13:00Z", end: "2025-10-26T15:00Z"}',
    ],
)
def test_an_event_ending_at_the_midnight_a_stop_begins_is_before_it(when: str) -> None:
    """An end is exclusive: talks until 00:00 on the day of arrival fall the day before.
    The rules checked as events come (`EventRules`) passed them, while the full report,
    once anything else failed, called them outside the stop."""
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', when)
    assert errors(text) == [
        "t.yaml:27:11: events[0].when: 2025-10-26 is before the stop 'a' begins "
        "(2025-10-27 at the earliest)"
    ]


@pytest.mark.parametrize(
    ("change", "reference", "when_line"),
    [
        (
            ("principal: p", "principal: pp"),
            "t.yaml:4:12: principal: unknown person 'pp' (did you mean 'p'?)",
            27,
        ),
        (
            ("status: scheduled", "status: scheduled\n    source: {ref: x, quote: Q}"),
            "t.yaml:22:19: stops[0].source.ref: unknown source 'x'",
            28,
        ),
        (
            ("  - id: q\n", "  - id: e\n"),
            "t.yaml:23:9: events[0].id: id 'e' is already used by people[1]",
            27,
        ),
    ],
)
def test_a_broken_reference_is_reported_with_an_event_outside_its_stop(
    change: tuple[str, str], reference: str, when_line: int
) -> None:
    """The full report, which runs once any reference fails, still checks the dates."""
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{date: 2025-10-29}").replace(*change)
    text = text.replace("[p, q]", "[p]")
    assert errors(text) == [
        reference,
        f"t.yaml:{when_line}:11: events[0].when: 2025-10-29 is after the stop 'a' ends "
        "(2025-10-28 at the latest)",
    ]


def test_a_reference_in_the_wrong_case_is_named() -> None:
    """Ids are case-sensitive, so 'P' is unknown; the hint compared spellings case and
    all, and offered nothing."""
    text = MINIMAL.replace("principal: p", "principal: P")
    assert errors(text) == ["t.yaml:4:12: principal: unknown person 'P' (did you mean 'p'?)"]


def test_a_vague_date_overlapping_the_stop_is_allowed() -> None:
    text = MINIMAL.replace('{at: "2025-10-27T10:00"}', "{earliest: 2025-10-20, latest: 2025-10-27}")
    assert load_text(text, "t.yaml").events[0].when is not None


def test_an_exact_time_with_an_offset_is_compared_in_the_stop_zone() -> None:
    # 2025-10-28T16:00Z is 2025-10-29 01:00 in Tokyo: after the stop's last day.
    text = MINIMAL.replace('"2025-10-27T10:00"', '"2025-10-28T16:00Z"')
    assert errors(text) == [
        "t.yaml:27:11: events[0].when: 2025-10-29 is after the stop 'a' ends "
        "(2025-10-28 at the latest)"
    ]


def test_unknown_time_zone_suggests_names() -> None:
    text = MINIMAL.replace("tz: Asia/Tokyo", "tz: Asia/Tokio")
    assert errors(text) == [
        "t.yaml:18:9: stops[0].tz: unknown time zone 'Asia/Tokio' (did you mean 'Asia/Tokyo', "
        "'Asia/Tomsk', 'Asia/Omsk'?); use an IANA name such as 'Asia/Seoul'"
    ]


def test_a_zone_in_the_wrong_case_is_named() -> None:
    text = MINIMAL.replace("tz: Asia/Tokyo", "tz: utc")
    assert errors(text) == [
        "t.yaml:18:9: stops[0].tz: unknown time zone 'utc' (did you mean 'UTC'?); use an IANA "
        "name such as 'Asia/Seoul'"
    ]


@pytest.mark.parametrize(
    ("tz", "message"),
    [
        (  # it suggested 'Etc/GMT+9', nine hours *behind* UTC
            "UTC+9",
            "unknown time zone 'UTC+9': an offset is not a zone (it knows no summer time); "
            "use an IANA name such as 'Asia/Seoul'",
        ),
        *(
            (  # it suggested 'EST', 'HST', 'MST'
                abbreviation,
                f"unknown time zone '{abbreviation}': abbreviations are ambiguous (CST is in "
                "America, China and Cuba); use an IANA name such as 'Asia/Seoul'",
            )
            for abbreviation in ("KST", "kst")
        ),
        *(
            (  # accepted as a fixed UTC-05:00 all year: Washington in summer an hour off
                old,
                f"time zone {old!r} is an old name for a fixed offset, with no summer time; "
                f"use an IANA name such as {instead!r}",
            )
            for old, instead in (("EST", "America/New_York"), ("est", "America/New_York"))
        ),
        (  # it suggested 'localtime' (refused, below) and 'ROC'
            "local",
            "unknown time zone 'local': each stop's own zone is not one zone; use an IANA name "
            "such as 'Asia/Seoul'",
        ),
        (  # it suggested 'localtime', then refused it
            "localtim",
            "unknown time zone 'localtim' (did you mean 'America/Lima'?); use an IANA name "
            "such as 'Asia/Seoul'",
        ),
        (  # accepted, and read as the zone of whichever machine ran trip
            "localtime",
            "time zone 'localtime' is whatever zone the machine is set to, so answers would "
            "change from one machine to another; use an IANA name such as 'Asia/Seoul'",
        ),
    ],
)
def test_zone_names_that_mislead_are_refused_without_a_misleading_hint(
    tz: str, message: str
) -> None:
    text = MINIMAL.replace("tz: Asia/Tokyo", f"tz: {tz}")
    assert errors(text) == [f"t.yaml:18:9: stops[0].tz: {message}"]


def test_when_bounds_keep_days_whole() -> None:
    day = When(date=date(2025, 10, 30))
    start, end = day.bounds("Asia/Seoul")
    assert start.astimezone(UTC) == datetime(2025, 10, 29, 15, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2025, 10, 30, 15, 0, tzinfo=UTC)
    exact = When(at=datetime(2025, 10, 30, 9, 0))
    assert exact.bounds("Asia/Seoul")[0].astimezone(UTC) == datetime(2025, 10, 30, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("version: 1", "version: true"), "t.yaml:1:10: version: must be the number 1 (got True)"),
        (("version: 1", "version: 1.0"), "t.yaml:1:10: version: must be the number 1 (got 1.0)"),
        (
            ("    status: scheduled", "    lat: true\n    status: scheduled"),
            "t.yaml:21:10: stops[0].lat: input should be a valid number (got True)",
        ),
        (
            ("    status: scheduled", '    lon: "139.7"\n    status: scheduled'),
            "t.yaml:21:10: stops[0].lon: input should be a valid number (got '139.7')",
        ),
    ],
)
def test_numbers_are_not_made_from_booleans_or_text(change: tuple[str, str], message: str) -> None:
    """pydantic's lax mode read `lat: true` as 1.0 and `lon: "139.7"` as 139.7, and the
    travel-time check used them; `trip schema` refuses both, as the loader now does."""
    assert errors(MINIMAL.replace(*change)) == [message]


def test_whole_and_decimal_coordinates_are_read() -> None:
    text = MINIMAL.replace(
        "    status: scheduled", "    lat: 35\n    lon: 139.69\n    status: scheduled"
    )
    stop = load_text(text, "t.yaml").stops[0]
    assert (stop.lat, stop.lon) == (35.0, 139.69)


def _in_new_york(text: str) -> str:
    """MINIMAL at a New York stop around the night the clocks went forward in 2025."""
    return (
        text.replace("tz: Asia/Tokyo", "tz: America/New_York")
        .replace("arrive: {date: 2025-10-27}", "arrive: {date: 2025-03-08}")
        .replace("depart: {date: 2025-10-28}", "depart: {date: 2025-03-10}")
    )


SKIPPED = (
    "2025-03-09T02:30 never happened in America/New_York: the clocks skip it (they go "
    "forward then); give a time after the change, or an offset"
)


@pytest.mark.parametrize("field", ["at", "end"])
def test_a_local_time_the_clocks_skip_is_refused(field: str) -> None:
    """02:30 on 9 March 2025 never happened in New York: read as 02:30 EST (07:30Z) it put
    an end at 03:15 EDT (07:15Z) before it, and a calendar's DTEND before its DTSTART."""
    when = (
        '{at: "2025-03-09T02:30", end: "2025-03-09T03:15"}'
        if field == "at"
        else '{at: "2025-03-09T01:30", end: "2025-03-09T02:30"}'
    )
    text = _in_new_york(MINIMAL).replace('{at: "2025-10-27T10:00"}', when)
    column = 16 if field == "at" else 41
    assert errors(text) == [f"t.yaml:27:{column}: events[0].when.{field}: {SKIPPED}"]
    # times that happened, with or without their offset, and a time the clocks went through
    # twice (in November: read as the first) are fine
    for fine in (
        '{at: "2025-03-09T01:30", end: "2025-03-09T03:15"}',
        '{at: "2025-03-09T02:30-05:00", end: "2025-03-09T03:45-04:00"}',
    ):
        trip = load_text(_in_new_york(MINIMAL).replace('{at: "2025-10-27T10:00"}', fine), "t")
        assert trip.events[0].when is not None
    twice = (
        _in_new_york(MINIMAL)
        .replace("2025-03-08", "2025-11-01")
        .replace("2025-03-10", "2025-11-03")
        .replace('{at: "2025-10-27T10:00"}', '{at: "2025-11-02T01:30"}')
    )
    assert load_text(twice, "t.yaml").events[0].when is not None


def test_a_stop_arrival_the_clocks_skip_is_refused() -> None:
    text = _in_new_york(MINIMAL).replace(
        "arrive: {date: 2025-03-08}", 'arrive: {at: "2025-03-09T02:30"}'
    )
    assert errors(text) == [f"t.yaml:15:5: stops[0]: arrive.at: {SKIPPED}"]
