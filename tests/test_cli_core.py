"""The first commands on the shipped itinerary, as a user sees them (COLUMNS=100, piped)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from .conftest import SHIPPED, Result
from .helpers import MINIMAL

Run = Callable[..., Result]


def lines(text: str) -> str:
    """Rich pads table rows to the full width; compare without trailing blanks."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


STOPS = """\
 stop                place                  arrive                 depart                 status
────────────────────────────────────────────────────────────────────────────────────────────────────
 washington          Washington, United     date not stated        2025-10-24 Fri         scheduled
 America/New_York    States                                        derived from 'on
                                                                   Friday'
 malaysia            Malaysia (city not     2025-10-26 Sun         date not stated        expected
 Asia/Kuala_Lumpur   stated)                derived from 'on
                                            Sunday'
 japan               Tokyo, Japan           sometime               date not stated        scheduled
 Asia/Tokyo                                 2025-10-26–30
                                            derived from 'From
                                            there'
 south-korea         South Korea (city      sometime               date not stated        scheduled
 Asia/Seoul          not stated)            2025-10-28–30
                                            derived from
                                            'midweek'
"""

MEETINGS_WITH_XI = """\
 when              what              where             who               topics           status
────────────────────────────────────────────────────────────────────────────────────────────────────
 2025-10-30 Thu    Face-to-face      South Korea       Donald Trump,     trade            confirmed
 'on October 30'   meeting with      (city not         Xi Jinping        tensions;
                   President Xi      stated)                             security
                   Jinping                                               issues; global
                   meet-xi                                               stability
"""

PEOPLE = """\
 person           id         role                         affiliation     meets the principal
────────────────────────────────────────────────────────────────────────────────────────────────────
 Donald Trump     trump      President of the United      United States   (the principal)
                             States
 Xi Jinping       xi         President of China           China           confirmed: Face-to-face
                                                                          meeting with President Xi
                                                                          Jinping (meet-xi); South
                                                                          Korea (city not stated);
                                                                          2025-10-30 Thu ('on
                                                                          October 30')
 Sanae Takaichi   takaichi   Prime Minister of Japan      Japan           scheduled: Talks with
                                                                          Prime Minister Sanae
                                                                          Takaichi (meet-takaichi);
                                                                          Japan (city not stated;
                                                                          Tokyo stop); sometime
                                                                          2025-10-26–30 (derived)
 Lee Jae Myung    lee        President of South Korea     South Korea     scheduled: Meeting with
                                                                          President Lee Jae Myung
                                                                          (meet-lee); South Korea
                                                                          (city not stated);
                                                                          sometime 2025-10-28–30
                                                                          (derived from 'then')
 Kim Jong Un      kim        not stated                   not stated      speculative: Possible
                                                                          encounter with Kim Jong
                                                                          Un (kim-encounter); South
                                                                          Korea (city not stated);
                                                                          date not stated
"""


def test_stops_table(run: Run) -> None:
    result = run("stops")
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == STOPS


def test_stops_fit_80_columns_with_no_zone_or_date_folded(run: Run) -> None:
    """The zone had a column of its own, folded with the others when the table did not
    fit: 'Asia/Kuala_Lumpu' / 'r' at 100 columns, 'America/Ne' / 'w_York' at 80."""
    table = lines(run("stops", columns=80).stdout)
    assert max(map(len, table.splitlines())) <= 80
    for whole in ("America/New_York", "Asia/Kuala_Lumpur", "2025-10-26–30", "2025-10-28–30"):
        assert whole in table


def test_stops_json_keeps_precision(run: Run) -> None:
    result = run("stops", "--format", "json")
    assert result.exit_code == 0
    stops = json.loads(result.stdout)
    assert [stop["id"] for stop in stops] == ["washington", "malaysia", "japan", "south-korea"]
    assert stops[3]["arrive"] == {
        "precision": "window",
        "start": "2025-10-28",
        "end": "2025-10-30",
        "zone": "Asia/Seoul",
        "words": "midweek",
        "derived": stops[3]["arrive"]["derived"],
    }
    assert stops[3]["arrive"]["derived"].startswith("Tuesday to Thursday")
    assert stops[1]["place"] is None


def test_meetings_with_xi(run: Run) -> None:
    result = run("meetings", "--with", "xi")
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == MEETINGS_WITH_XI


def test_meetings_names_match_any_part_case_and_accents(run: Run) -> None:
    for query in ("XI", "jinping", "Xi Jin", "xí"):
        result = run("meetings", "--with", query, "--format", "json")
        assert result.exit_code == 0, query
        assert [m["id"] for m in json.loads(result.stdout)] == ["meet-xi"]


def test_ambiguous_name_is_a_usage_error_listing_candidates(run: Run) -> None:
    result = run("meetings", "--with", "j")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "trip: error: 'j' matches several people: Xi Jinping (xi), Lee Jae Myung (lee), "
        "Kim Jong Un (kim); be more specific\n"
    )


def test_meetings_in_a_country_in_travel_order(run: Run) -> None:
    result = run("meetings", "--country", "south korea", "--format", "json")
    assert result.exit_code == 0
    assert [m["id"] for m in json.loads(result.stdout)] == [
        "meet-lee",
        "apec-business-lunch",
        "tech-dinner",
        "meet-xi",
        "apec-summit",
        "grand-order-of-mugunghwa",
        "kim-encounter",
    ]


def test_no_matching_meeting_is_success_with_a_note(run: Run) -> None:
    result = run("meetings", "--with", "takaichi", "--country", "Malaysia")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "trip: no meetings match with Sanae Takaichi in country 'Malaysia'\n"
    as_json = run("meetings", "--with", "takaichi", "--country", "Malaysia", "--format", "json")
    assert json.loads(as_json.stdout) == []


def test_people(run: Run) -> None:
    result = run("people")
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines(result.stdout) == PEOPLE


def test_upcoming_before_departure(run: Run) -> None:
    result = run("upcoming", "--as-of", "2025-10-25", columns=120)
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out.startswith(
        "As of 2025-10-25 00:00 EDT:\n"
        "Next stop: Malaysia (city not stated), arriving 2025-10-26 Sun "
        "(derived from 'on Sunday'); status: expected.\n"
        "Coming up\n"
    )
    assert "Not yet dated (the source gives no date)" in out
    data = json.loads(run("upcoming", "--as-of", "2025-10-25", "--format", "json").stdout)
    assert data["next_stop"] == "malaysia"
    assert data["over"] is False
    assert [e["id"] for e in data["events"]] == [
        "arrive-malaysia",
        "asean-summit",
        "malaysia-trade-agreement",
        "thailand-cambodia-accord",
        "meet-takaichi",
        "arrive-busan",
        "meet-lee",
        "apec-business-lunch",
        "tech-dinner",
        "meet-xi",
    ]
    assert [e["id"] for e in data["undated"]] == [
        "apec-summit",
        "grand-order-of-mugunghwa",
        "kim-encounter",
    ]


def test_upcoming_mid_trip_drops_what_is_over(run: Run) -> None:
    data = json.loads(
        run("upcoming", "--as-of", "2025-10-30T18:00+09:00", "--format", "json").stdout
    )
    ids = [e["id"] for e in data["events"]]
    assert "arrive-malaysia" not in ids
    assert ids[-1] == "meet-xi"
    assert {e["timing"] for e in data["events"]} == {"now"}  # windows still open, Xi today
    assert data["current_stops"] == ["malaysia", "japan", "south-korea"]


def test_upcoming_is_narrowed_as_where_is_by_an_exact_event_under_way(
    run: Run, tmp_path: Path
) -> None:
    """With the Xi meeting at 11:00-12:30 in Korea, `where` placed the principal there at
    12:00, while `upcoming` said "Now: Malaysia ... or Tokyo ... or South Korea" and listed
    the ASEAN summit as 'may be under way'."""
    path = tmp_path / "timed.yaml"
    path.write_text(
        SHIPPED.read_text("utf-8").replace(
            "      date: 2025-10-30\n      words: on October 30\n",
            "      at: 2025-10-30T11:00\n      end: 2025-10-30T12:30\n      words: on October 30\n",
        ),
        "utf-8",
    )

    def upcoming(moment: str) -> dict[str, Any]:
        result = run("-f", str(path), "upcoming", "--as-of", moment, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return dict(json.loads(result.stdout))

    during = upcoming("2025-10-30T12:00+09:00")
    assert during["current_stops"] == ["south-korea"]
    stops = {e["id"]: e["stop"] for e in during["events"]}
    assert set(stops.values()) == {"south-korea"} and "meet-xi" in stops
    after = upcoming("2025-10-30T12:30+09:00")  # the meeting is over: the dates alone again
    assert after["current_stops"] == ["malaysia", "japan", "south-korea"]
    table = run("-f", str(path), "upcoming", "--as-of", "2025-10-30T12:00+09:00").stdout
    assert table.splitlines()[1] == (  # it said "(per the itinerary's dates)"
        "Now: South Korea (city not stated) ('Face-to-face meeting with President Xi Jinping' "
        "is under way)."
    )


def test_upcoming_after_the_trip_says_so(run: Run, tmp_path: Path) -> None:
    """Over once the last stop's stated departure has passed (MINIMAL's stop has one)."""
    path = tmp_path / "trip.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = run("-f", str(path), "upcoming", "--as-of", "2025-11-15")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "The trip is over as of 2025-11-15 00:00 EST: nothing is left to come. The last dated "
        "item was 'Talks' on 2025-10-27 10:00 JST. To look back, give an earlier moment: "
        "trip upcoming --as-of 2025-10-27\n"
    )
    csv_rows = run("-f", str(path), "upcoming", "--as-of", "2025-12-01", "--format", "csv")
    assert csv_rows.exit_code == 0
    assert csv_rows.stdout.count("\n") == 1  # the header: the note on stderr says why
    assert csv_rows.stderr == "trip: nothing is left to come as of 2025-12-01 00:00 EST\n"


def test_without_a_last_departure_the_trip_is_not_known_to_be_over(run: Run) -> None:
    """The source gives no departure from South Korea, nor dates for the APEC summit, the
    honour or a Kim encounter: 'The trip is over ... nothing is left to come' said more
    than the text, and dropped those open items a day after the Xi meeting."""
    result = run("upcoming", "--as-of", "2025-11-15")
    assert (result.exit_code, result.stderr) == (0, "")
    head = "".join(lines(result.stdout).splitlines(keepends=True)[:4])
    assert head == (
        "As of 2025-11-15 00:00 EST:\n"
        "Nothing dated is left to come: the last dated item was 'Face-to-face meeting with "
        "President Xi\n"
        "Jinping' on 2025-10-30 Thu. No departure from South Korea is stated, so the trip may "
        "not be over.\n"
        "Not yet dated (the source gives no date)\n"
    )
    assert " under-consideration\n" in lines(result.stdout)  # was folded: 'under-consideratio'
    data = json.loads(run("upcoming", "--as-of", "2025-11-15", "--format", "json").stdout)
    assert (data["over"], data["end_stated"], data["current_stops"], data["events"]) == (
        False,
        False,
        [],
        [],
    )
    undated = ["apec-summit", "grand-order-of-mugunghwa", "kim-encounter"]
    assert [event["id"] for event in data["undated"]] == undated
    where = run("where", "--at", "2025-11-15")
    assert where.stdout == (
        "The itinerary does not say where Donald Trump is at 2025-11-15 00:00 EST: its dated "
        "items are over, and no departure from South Korea is stated.\n"
    )


def test_the_last_stop_ends_with_the_trips_last_dated_day_in_its_own_zone(run: Run) -> None:
    """The Malaysia windows end with October 30 in Kuala Lumpur, at 01:00 on the 31st in
    Seoul: the stay in South Korea ran on to the end of the 31st, and `where` placed the
    principal there, firmly, on a day the text says nothing of."""
    late = run("where", "--at", "2025-10-31T12:00+09:00")
    assert late.stdout == (
        "The itinerary does not say where Donald Trump is at 2025-10-31 12:00 UTC+09: its dated "
        "items are over, and no departure from South Korea is stated.\n"
    )
    last = run("where", "--at", "2025-10-30T23:59+09:00")
    assert last.stdout.startswith(
        "Donald Trump is probably in South Korea (city not stated) at 2025-10-30 23:59 KST: "
    )
    # no dated item that day; the undated ones of the last stop, with no departure stated,
    # may still come (as `upcoming` lists them): the agenda said 'nothing' of them
    agenda = json.loads(run("agenda", "--day", "2025-10-31", "--format", "json").stdout)
    assert agenda["days"] == []
    undated = ["apec-summit", "grand-order-of-mugunghwa", "kim-encounter"]
    assert [event["id"] for event in agenda["undated"]] == undated
    ahead = json.loads(
        run("upcoming", "--as-of", "2025-10-31T12:00+09:00", "--format", "json").stdout
    )
    assert [event["id"] for event in ahead["undated"]] == undated


def test_the_real_clock_gives_whole_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON's `as_of` for the default 'now' read 2026-11-27T00:25:34.952123+00:00."""
    from datetime import datetime, tzinfo

    from trip_tracker import cli_options

    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Clock:
            return cls(2026, 11, 27, 0, 25, 34, 952123, tzinfo=tz)

    monkeypatch.setattr(cli_options, "DateTime", Clock)
    assert cli_options.utc_now().isoformat() == "2026-11-27T00:25:34+00:00"


def test_an_exact_end_at_midnight_ends_the_day_before(run: Run, tmp_path: Path) -> None:
    """A dinner ending at 00:00 on Oct 31 ends with Oct 30: the last stop's stay ran on to
    the end of the 31st, and `where` placed the principal there then, firmly."""
    path = tmp_path / "midnight.yaml"
    path.write_text(
        MINIMAL.replace("    depart: {date: 2025-10-28}\n", "").replace(
            '{at: "2025-10-27T10:00"}', '{at: "2025-10-30T20:00", end: "2025-10-31T00:00"}'
        ),
        "utf-8",
    )
    late = run("-f", str(path), "where", "--at", "2025-10-31T15:00+09:00")
    assert late.stdout.startswith("The itinerary does not say where Pat Principal is")
    dinner = run("-f", str(path), "where", "--at", "2025-10-30T23:00+09:00")
    assert dinner.stdout.startswith("Pat Principal is in Tokyo, Japan at 2025-10-30 23:00 JST")


def test_an_end_at_a_skipped_midnight_ends_the_day_before(run: Run, tmp_path: Path) -> None:
    """Santiago's clocks go from 00:00 to 01:00 on 2025-09-07, whose first instant is 01:00:
    talks until then ended with the 6th, but a microsecond off the wall clock fell on the
    7th (00:59:59.999999, a time that never happened)."""
    path = tmp_path / "santiago.yaml"
    path.write_text(
        MINIMAL.replace("Asia/Tokyo", "America/Santiago")
        .replace("{date: 2025-10-27}", "{date: 2025-09-06}")
        .replace("{date: 2025-10-28}", "{date: 2025-09-07}")
        .replace('{at: "2025-10-27T10:00"}', '{at: "2025-09-06T22:00", end: "2025-09-07T01:00"}'),
        "utf-8",
    )
    skipped = run("-f", str(path), "agenda", "--day", "2025-09-07", "--format", "json")
    assert (skipped.exit_code, json.loads(skipped.stdout)["days"]) == (0, [])
    before = run("-f", str(path), "agenda", "--day", "2025-09-06", "--format", "json")
    assert [day["day"] for day in json.loads(before.stdout)["days"]] == ["2025-09-06"]


def test_no_stop_begins_before_the_one_before_it(run: Run) -> None:
    """Tokyo's 'sometime Oct 26-30' begins at midnight in Tokyo, an hour before the Malaysia
    landing day begins in Kuala Lumpur: at 15:30 UTC on Oct 25, `upcoming` said "Now: Tokyo,
    Japan" and then "Next stop: Malaysia", and `where` placed the principal in Tokyo."""
    upcoming = run("upcoming", "--as-of", "2025-10-25T15:30Z", columns=120).stdout.splitlines()
    assert upcoming[:2] == [
        "As of 2025-10-25 15:30 UTC:",
        "Next stop: Malaysia (city not stated), arriving 2025-10-26 Sun (derived from 'on "
        "Sunday'); status: expected.",
    ]
    where = run("where", "--at", "2025-10-26T00:30+09:00")
    assert where.stdout.startswith(
        "Donald Trump is between Washington, United States and Malaysia (city not stated) at "
        "2025-10-26 00:30 UTC+09: no stop fits then (travelling?)."
    )


def test_an_event_ending_at_midnight_is_not_on_the_next_day(run: Run, tmp_path: Path) -> None:
    """Talks until 00:00 on Oct 31 were listed under Oct 31 by `agenda --day 2025-10-31`
    and matched `meetings --from 2025-10-31`: an end is exclusive, as a day's is."""
    path = tmp_path / "midnight.yaml"
    path.write_text(
        MINIMAL.replace(
            '{at: "2025-10-27T10:00"}', '{at: "2025-10-27T20:00", end: "2025-10-28T00:00"}'
        ),
        "utf-8",
    )
    next_day = run("-f", str(path), "agenda", "--day", "2025-10-28")
    assert (next_day.exit_code, next_day.stdout) == (0, "")
    assert next_day.stderr == "trip: nothing in the agenda from 2025-10-28 until 2025-10-28\n"
    same_day = run("-f", str(path), "agenda", "--day", "2025-10-27", "--format", "csv")
    assert same_day.stdout.splitlines()[1].startswith("2025-10-27,")
    later = run("-f", str(path), "meetings", "--from", "2025-10-28", "--format", "json")
    assert (later.exit_code, later.stdout) == (0, "[]\n")


def test_a_first_stop_with_no_departure_is_not_where_the_trip_sets_out(
    run: Run, tmp_path: Path
) -> None:
    """'The trip sets out from Tokyo, Japan, arriving date not stated' said two things."""
    path = tmp_path / "undated-start.yaml"
    path.write_text(
        MINIMAL.replace("    arrive: {date: 2025-10-27}\n    depart: {date: 2025-10-28}\n", ""),
        "utf-8",
    )
    lines = run("-f", str(path), "upcoming", "--as-of", "2025-10-20T00:00Z").stdout.splitlines()
    assert lines[1] == "Next stop: Tokyo, Japan, arriving date not stated; status: scheduled."


def test_upcoming_defaults_to_the_injected_clock(run: Run) -> None:
    """The pinned clock is the day before the departure from Washington, which the source
    dates ("on Friday") but gives no arrival: the trip has not begun, so that stop is next
    (it used to count as 'now' at any moment before, 2024 included)."""
    data = json.loads(run("upcoming", "--format", "json").stdout)
    assert data["as_of"] == "2025-10-23T16:00:00+00:00"
    assert (data["current_stops"], data["next_stop"]) == ([], "washington")
    table = run("upcoming", columns=120).stdout.splitlines()
    assert table[1] == (
        "The trip sets out from Washington, United States, leaving 2025-10-24 Fri (derived from "
        "'on Friday'); status: scheduled."
    )


def test_before_the_trip_the_principal_is_not_placed(run: Run) -> None:
    """README: 'unknown' before the itinerary. The first stop has no arrival, and was taken
    to hold the principal at any earlier moment, 'firm'."""
    data = json.loads(run("where", "--at", "2024-01-01", "--format", "json").stdout)
    assert (data["certainty"], data["stops"]) == ("unknown", [])
    same_day = json.loads(run("where", "--at", "2025-10-24 08:00", "--format", "json").stdout)
    assert (same_day["certainty"], same_day["stops"][0]["id"]) == ("probable", "washington")


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (
            "banana",
            "cannot read 'banana' as a moment; examples of what works: "
            "2025-10-29 14:00, Oct 29, 2025-10-29T05:00Z, now, today, tomorrow, +2d, -3h",
        ),
        (
            "2025-10-29 14:00 EST",  # dateutil warned, then read it in another zone
            "cannot tell which zone '2025-10-29 14:00 EST' names (abbreviations such as EST "
            "are ambiguous); give an offset (2025-10-29T14:00-05:00) or --tz ZONE",
        ),
        *(
            (
                moment,  # GMT+9 was read as 09:00 behind UTC, and the +9 of 'UTC +9' dropped
                f"cannot tell which offset {moment!r} names (GMT+9 is nine hours ahead of UTC "
                "in common use, nine behind in POSIX zones); write the offset alone "
                "(2025-10-29T14:00+09:00) or use --tz ZONE",
            )
            for moment in ("2025-10-29 14:00 GMT+9", "2025-10-29 14:00 UTC +9", "Oct 29 utc-5")
        ),
        (  # read as +06:39
            "2025-10-28T10:00+05:99",
            "'2025-10-28T10:00+05:99' has an offset whose minutes are not 00-59",
        ),
        *(
            (  # 'Oct 32' was read as 24 October 2032, 'Oct 99' as 1999
                moment,
                f"cannot read {moment!r} as a moment: {number} is no day of a month, and a "
                "year must be written in full (2025-10-29, Oct 29 2025)",
            )
            for moment, number in (("Oct 32", 32), ("45 Oct", 45), ("Oct 29 99", 99))
        ),
        *(
            (  # 'Oct 30 at 10' was 30 October 2010 (dateutil's century, from today's date);
                # with a year written too, the 10 was still the year and 2025 the time 20:25
                moment,
                f"cannot read {moment!r} as a moment: it would be in the year {year}; a year is "
                "written in full (Oct 29 2025), a time with its colon (10:00, 14:00)",
            )
            for moment, year in (
                ("Oct 30 at 10", 2010),
                ("Oct 29 9", 2009),
                ("Oct 30 0", 2000),
                ("Oct 30 10 2025", 2010),
                ("Oct 30 at 1400", 1400),
            )
        ),
        *(
            (  # each was read as the trip's first day (Oct 24), at midnight or the time given
                moment,
                f"cannot read {moment!r} as a moment: it gives no day of a month; name one "
                "(Oct 29, 2025-10-29 14:00) or a weekday of the trip (Friday)",
            )
            for moment in ("2025", "Oct", "2025-10", "14:00", "29")
        ),
        (  # '44 is no day of a month'
            "2025-W44-3",
            "cannot read '2025-W44-3' as a moment: week dates (2025-W44-3) are not read; "
            "write the date (2025-10-29)",
        ),
        (  # the weekday was ignored
            "Fri Oct 29 2025",
            "'Fri Oct 29 2025' does not hold together: 2025-10-29 is a Wednesday",
        ),
        ("+999999999999d", "'+999999999999d' is too far from now to be a date"),  # was exit 70
        ("+99999999d", "'+99999999d' is too far from now to be a date"),
        (
            "9999-12-31T23:00Z",  # was exit 70 once shown in a zone east of UTC
            "'9999-12-31T23:00Z' is out of range: moments must fall in the years 2 to 9998",
        ),
        ("0001-01-01", "'0001-01-01' is out of range: moments must fall in the years 2 to 9998"),
    ],
)
def test_a_moment_that_cannot_be_read_exactly_is_a_usage_error(
    run: Run, moment: str, message: str
) -> None:
    for command in ("upcoming", "where"):
        option = "--as-of" if command == "upcoming" else "--at"
        result = run(command, option, moment)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"trip: error: {message}\n"


@pytest.mark.parametrize(
    ("basic", "extended"),
    [
        ("20251029T1400+0900", "2025-10-29T14:00+09:00"),
        ("20251029T1400Z", "2025-10-29T14:00Z"),
        ("20251030", "2025-10-30"),
        ("20251029T1400+09", "2025-10-29T14:00+09:00"),  # an offset in hours
        ("20251029T14Z", "2025-10-29T14:00Z"),  # the hour alone
        ("20251029T140000.5Z", "2025-10-29T14:00:00.5Z"),
    ],
)
def test_iso_basic_form_is_read_as_its_extended_form(run: Run, basic: str, extended: str) -> None:
    """'20251029T1400' was refused as 'in the year 2025; a year is written in full'."""
    result = run("where", "--at", basic, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == run("where", "--at", extended, "--format", "json").stdout
    assert json.loads(result.stdout)["at"].startswith(extended[:10])


def test_where_takes_the_moment_as_as_of_too_as_upcoming_does(run: Run) -> None:
    """`trip where --as-of X` was 'No such option' for a user who had just typed it to
    `upcoming`."""
    at = run("where", "--at", "2025-10-30T12:00+09:00")
    as_of = run("where", "--as-of", "2025-10-30T12:00+09:00")
    assert (as_of.exit_code, as_of.stdout, as_of.stderr) == (0, at.stdout, at.stderr)
    assert at.stdout.startswith("Donald Trump is ")
    assert "--at, --as-of WHEN" in run("where", "--help").stdout


def test_a_zoneless_time_at_a_stop_boundary_says_the_offset_it_was_read_with(run: Run) -> None:
    result = run("where", "--at", "2025-10-27 12:00")
    assert result.exit_code == 0
    assert result.stderr == (
        "trip: read '2025-10-27 12:00' in Asia/Kuala_Lumpur (2025-10-27T12:00+08:00): the "
        "itinerary allows more than one stop then; add an offset or --tz ZONE to choose\n"
    )


def test_a_zoneless_time_between_stops_says_the_home_zone_was_a_guess(run: Run) -> None:
    """Between Washington (left 08:00) and Seoul, 12:00 is read in the home zone; read in
    Seoul's it would be 13 hours earlier, so the user is told."""
    zones = str(Path(__file__).parent / "fixtures" / "zones-trip.yaml")
    result = run("-f", zones, "where", "--at", "2025-10-27 12:00")
    assert result.exit_code == 0
    assert result.stderr == (
        "trip: read '2025-10-27 12:00' in America/New_York (2025-10-27T12:00-04:00): no stop "
        "fits then (travelling?), so the home zone was used; add an offset or --tz ZONE to "
        "choose\n"
    )
    before = run("-f", zones, "where", "--at", "2025-10-20 12:00")
    assert (before.exit_code, before.stderr) == (0, "")  # before the trip: home, no doubt


def test_a_zoneless_time_that_fits_a_stay_only_on_the_home_clock_says_so(run: Run) -> None:
    """12:00 on Oct 25 is in no stay on any stop's own clock, but read in New York it is
    midnight starting Oct 26 in Kuala Lumpur, when the Malaysia stay begins: the note said
    'no stop fits then (travelling?)' above an answer placing the principal in Malaysia."""
    result = run("where", "--at", "2025-10-25 12:00")
    assert result.exit_code == 0
    assert result.stdout.startswith("Donald Trump may be in Malaysia (city not stated) or Tokyo")
    assert result.stderr == (
        "trip: read '2025-10-25 12:00' in America/New_York (2025-10-25T12:00-04:00): no stop's "
        "stay includes it on that stop's own clock, so the home zone was used; add an offset "
        "or --tz ZONE to choose\n"
    )


@pytest.mark.parametrize("command", ["agenda", "meetings"])
def test_a_reversed_day_range_is_a_usage_error(run: Run, command: str) -> None:
    """It used to answer with the vague items spanning the range and nothing dated in it."""
    result = run(command, "--from", "2025-10-30", "--until", "Oct 28")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "trip: error: --from 2025-10-30 is after --until 2025-10-28; swap them\n"
    )


def test_show_event_in_full_with_its_quote(run: Run) -> None:
    result = run("show", "grand-order-of-mugunghwa")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    assert "status under-consideration" in out
    assert "when date not stated" in out
    assert (
        "quote “South Korean officials are reportedly considering bestowing the Grand Order of "
        "Mugunghwa, the country’s highest state honor, during the visit as they push for a more "
        "favourable trade arrangement of their own.”"
    ) in out


def test_show_stop_person_and_source(run: Run) -> None:
    stop = " ".join(run("show", "south-korea").stdout.split())
    assert "arrive sometime 2025-10-28–30 derived from 'midweek'" in stop
    assert "arrival derived Tuesday to Thursday of the week after the Friday departure" in stop
    person = json.loads(run("show", "xi", "--format", "json").stdout)
    assert person == {
        "id": "xi",
        "name": "Xi Jinping",
        "role": "President of China",
        "country": "China",
        "organisation": None,
        "events": ["meet-xi"],  # as the table lists them
    }
    malaysia = json.loads(run("show", "malaysia", "--format", "json").stdout)
    assert (malaysia["notes"], malaysia["lat"], malaysia["source"]["ref"]) == (
        "The text names no city in Malaysia.",
        None,
        "announcement",
    )
    assert malaysia["events"] == [
        "arrive-malaysia",
        "asean-summit",
        "malaysia-trade-agreement",
        "thailand-cambodia-accord",
    ]
    assert "path data/sources/asia-trip-announcement.txt" in " ".join(
        run("show", "announcement").stdout.split()
    )


def test_show_unknown_id_suggests(run: Run) -> None:
    result = run("show", "meet-xii")
    assert result.exit_code == 2
    assert result.stderr == (
        "trip: error: no item with id 'meet-xii' (did you mean 'meet-xi', 'meet-takaichi', "
        "'meet-lee'?); `trip stops` and `trip meetings` list ids\n"
    )
    # Ids are case-sensitive: a wrong case is the likeliest miss, offered first (it got
    # no suggestion at all); a word like no id gets none ('nonexist' got 'announcement').
    hints = {
        typed: run("show", typed).stderr.removeprefix(f"trip: error: no item with id '{typed}'")
        for typed in ("MEET-XI", "Kim", "nonexist")
    }
    assert hints == {
        "MEET-XI": " (did you mean 'meet-xi', 'meet-lee', 'meet-takaichi'?); "
        "`trip stops` and `trip meetings` list ids\n",
        "Kim": " (did you mean 'kim'?); `trip stops` and `trip meetings` list ids\n",
        "nonexist": "; `trip stops` and `trip meetings` list ids\n",
    }


def test_validate_reports_ok_with_counts(run: Run, tmp_path: Path) -> None:
    result = run("validate")
    assert (
        result.stdout == "OK: (shipped) asia-2025-10.yaml: 4 stops, 14 events, 5 people, 1 source\n"
    )
    piped = run("-f", "-", "validate", stdin=SHIPPED.read_text(encoding="utf-8"))
    assert piped.stdout == "OK: <stdin>: 4 stops, 14 events, 5 people, 1 source\n"  # was '-'


def test_validate_a_bad_file_reports_every_problem(run: Run, tmp_path: Path) -> None:
    from .helpers import MINIMAL

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINIMAL.replace("kind: bilateral", "kind: chat").replace("participants", "participant")
    )
    result = run("validate", str(bad))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"trip: error: {bad}:24:11: events[0].kind: input should be 'summit', 'bilateral', "
        "'meeting', 'signing', 'address', 'meal', 'ceremony', 'travel' or 'other' (got 'chat')\n"
        f"trip: error: {bad}:28:5: events[0].participant: unknown field 'participant' "
        "(did you mean 'participants'?)\n"
    )


def test_file_option_and_environment(run: Run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from .helpers import MINIMAL

    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL)
    assert run("-f", str(path), "validate").stdout.startswith(f"OK: {path}: 1 stops")
    assert run("validate", "-f", str(path)).stdout.startswith(f"OK: {path}:")
    monkeypatch.setenv("TRIP_FILE", str(path))
    assert run("validate").stdout.startswith(f"OK: {path}:")
    # -f before the command wins over $TRIP_FILE, which the command's own -f option also
    # reads (a review found the environment winning); so does -f after it, and of two,
    # the command's.
    other = tmp_path / "other.yaml"
    other.write_text(SHIPPED.read_text(encoding="utf-8"))
    assert run("-f", str(other), "validate").stdout.startswith(f"OK: {other}: 4 stops")
    for args in (
        ["-f", str(other), "stops"],
        ["stops", "-f", str(other)],
        ["-f", str(path), "stops", "-f", str(other)],
    ):
        listed = run(*args, "--format", "json")
        assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 4, args
    assert len(json.loads(run("stops", "--format", "json").stdout)) == 1  # $TRIP_FILE's


def test_export_json_loads_back_and_markdown_has_sections(run: Run, tmp_path: Path) -> None:
    exported = run("export", "--format", "json")
    assert exported.exit_code == 0
    path = tmp_path / "trip.json"
    path.write_text(exported.stdout)
    assert run("-f", str(path), "validate").exit_code == 0
    from trip_tracker.loader import load_path, load_shipped

    assert load_path(str(path)) == load_shipped()
    briefing = run("export", "--format", "md", "--as-of", "2025-10-25").stdout
    headings = [line for line in briefing.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# US presidential trip")
    assert "## Open questions" in headings


def test_export_to_a_file_is_atomic_and_refuses_directories(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    result = run("export", "--format", "md", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text().startswith("# US presidential trip")
    refused = run("export", "-o", str(tmp_path))
    assert refused.exit_code == 1
    assert (
        refused.stderr == f"trip: error: {tmp_path}: is a directory; give a file name to write to\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"]


def test_version_and_help(run: Run) -> None:
    from trip_tracker import __version__

    assert run("--version").stdout == f"trip {__version__}\n"
    help_text = run("--help").stdout
    for command in ("stops", "upcoming", "meetings", "people", "show", "validate", "export"):
        assert f"  {command} " in help_text
    for command in ("stops", "upcoming", "meetings", "people", "show", "validate", "export"):
        assert "Examples:" in run(command, "--help").stdout, command


def test_unknown_option_is_exit_2(run: Run) -> None:
    result = run("stops", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert "--bogus" in result.stderr


def test_narrow_terminals_leave_topics_to_show_and_json(run: Run) -> None:
    narrow = run("meetings", "--with", "xi", columns=80)
    assert narrow.stdout.splitlines()[0].split() == ["when", "what", "where", "who", "status"]
    wide = run("meetings", "--with", "xi", columns=100)
    assert "topics" in wide.stdout.splitlines()[0].split()


def test_meetings_in_a_place_use_the_events_own_city_when_stated(run: Run) -> None:
    """The Gyeongju dinner is not 'in Busan' (the South Korea leg has no single city, and
    the source puts no meeting in Busan); events whose city the source does not state still
    match their stop's city when it has one (Tokyo)."""

    def ids(place: str) -> list[str]:
        result = run("meetings", "--place", place, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [event["id"] for event in json.loads(result.stdout)]

    assert ids("gyeongju") == ["tech-dinner"]
    assert ids("busan") == []
    assert ids("tokyo") == ["meet-takaichi"]
    # What it shows says why Tokyo finds it, without placing it in Tokyo.
    briefing = run("export", "--format", "md").stdout
    talks = briefing[briefing.index("Talks with Prime Minister Sanae Takaichi") :]
    assert "- **Where:** Japan (city not stated; Tokyo stop)\n" in talks[:400]


def test_a_bad_also_zone_names_the_also_option(run: Run) -> None:
    result = run("agenda", "--also", "Mars/Base")
    assert result.exit_code == 2
    assert result.stderr.startswith("trip: error: --also: unknown time zone 'Mars/Base'")
    assert result.stderr.endswith("; or use 'home'\n")


def test_an_exact_time_with_another_offset_is_shown_in_the_stops_zone(
    run: Run, tmp_path: Path
) -> None:
    """`at: ...01:00Z` at a Tokyo stop: JSON and CSV gave +00:00 next to `zone: Asia/Tokyo`
    and a day that is Tokyo's; tables already showed 10:00 JST. With no end stated, `end`
    is empty: it was the start's day in the stop's zone, a date among date-times, and with
    `--tz home` a day that read as after the start (and before it, in a zone ahead)."""
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL.replace('"2025-10-27T10:00"', '"2025-10-27T01:00Z"'), "utf-8")
    shown = json.loads(run("-f", str(path), "show", "e", "--format", "json").stdout)
    assert shown["when"]["start"] == "2025-10-27T10:00:00+09:00"
    assert (shown["when"]["end"], shown["when"]["zone"]) == (None, "Asia/Tokyo")
    rows = run("-f", str(path), "agenda", "--format", "csv").stdout.splitlines()
    assert rows[1].startswith(
        "2025-10-27,e,bilateral,Talks,a,,Japan,Asia/Tokyo,exact,2025-10-27T10:00:00+09:00,,"
    )
    home = json.loads(run("-f", str(path), "show", "e", "--format", "json", "--tz", "home").stdout)
    assert (home["when"]["start"], home["when"]["end"]) == ("2025-10-26T21:00:00-04:00", None)
    exported = run("-f", str(path), "export", "--format", "csv", "--as-of", "2025-10-01")
    assert next(csv.DictReader(io.StringIO(exported.stdout)))["end"] == ""


def test_a_trip_across_new_year_reads_a_weekday_or_a_day_in_its_own_year(
    run: Run, tmp_path: Path
) -> None:
    """On a trip from December 30, 2025, 'Friday' was refused as 'in the year 2026', and
    'Fri Jan 2' as '2025-01-02 is a Thursday': a year left out is the one nearest the trip."""
    path = tmp_path / "new-year.yaml"
    path.write_text(
        MINIMAL.replace("{date: 2025-10-27}", "{date: 2025-12-30}")
        .replace("{date: 2025-10-28}", "{date: 2026-01-05}")
        .replace('"2025-10-27T10:00"', '"2026-01-02T10:00"'),
        "utf-8",
    )
    for text, moment in (
        ("Friday", "2026-01-02T00:00:00+09:00"),
        ("Fri 10:00", "2026-01-02T10:00:00+09:00"),
        ("Fri Jan 2", "2026-01-02T00:00:00+09:00"),
        ("Dec 31 12:00", "2025-12-31T12:00:00+09:00"),
    ):
        result = run("-f", str(path), "where", "--at", text, "--format", "json")
        assert result.exit_code == 0, (text, result.stderr)
        assert json.loads(result.stdout)["at"] == moment


def test_a_moment_is_checked_as_strictly_when_nothing_is_dated(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "undated.yaml"
    path.write_text(
        MINIMAL.replace(
            "    arrive: {date: 2025-10-27}\n    depart: {date: 2025-10-28}\n", ""
        ).replace('{at: "2025-10-27T10:00"}', "null"),
        "utf-8",
    )
    for text, message in (
        ("Fri Oct 29 2025", "'Fri Oct 29 2025' does not hold together: 2025-10-29 is a Wednesday"),
        (
            "Oct 30 at 10",
            "cannot read 'Oct 30 at 10' as a moment: it would be in the year 2010; a year is "
            "written in full (Oct 29 2025), a time with its colon (10:00, 14:00)",
        ),
    ):
        result = run("-f", str(path), "where", "--at", text)
        assert (result.exit_code, result.stderr) == (2, f"trip: error: {message}\n")


def test_noon_is_twelve_o_clock(run: Run) -> None:
    """dateutil does not know the word: 'Oct 29 noon' was 'cannot read'."""
    result = run("where", "--at", "Oct 29 Noon", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["at"] == "2025-10-29T12:00:00+08:00"


def test_utc_is_read_in_any_case(run: Run) -> None:
    """`14:00 utc` was 'cannot read', though `14:00 UTC` and `14:00z` were read."""
    for text in ("2025-10-29 14:00 utc", "2025-10-29 14:00 Gmt", "2025-10-29 14:00 UTC"):
        result = run("where", "--at", text, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["at"] == "2025-10-29T14:00:00+00:00"


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Friday", "2025-10-24T00:00:00-04:00"),  # was 2025-01-03, the year's first Friday
        ("Thursday 09:00", "2025-10-30T09:00:00+09:00"),  # Seoul: the Xi meeting's day
        ("Oct 29 10:00", "2025-10-29T10:00:00+08:00"),
    ],
)
def test_what_a_moment_leaves_out_comes_from_the_trips_first_day(
    run: Run, text: str, moment: str
) -> None:
    result = run("where", "--at", text, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["at"] == moment


def test_a_vague_event_is_not_under_way_once_its_stop_is_surely_left(run: Run) -> None:
    """At 00:30 on Oct 31 in Busan, the Malaysia leg's 'sometime Oct 26-30' (Kuala Lumpur
    days, so until 01:00 Busan time) was listed as 'may be under way' beside 'Now: Busan'.
    (The stay in South Korea now ends with the trip's last dated day, Oct 30, there: see
    `test_the_last_stop_ends_with_the_trips_last_dated_day_in_its_own_zone`.)"""
    busan = "2025-10-31T00:30+09:00"
    ahead = json.loads(run("upcoming", "--as-of", busan, "--format", "json").stdout)
    assert (ahead["current_stops"], ahead["events"]) == ([], [])
    here = json.loads(run("where", "--at", busan, "--format", "json").stdout)
    assert (here["stops"], here["events"]) == ([], [])
    inside = json.loads(run("where", "--at", "2025-10-30T23:30+09:00", "--format", "json").stdout)
    assert "asean-summit" not in [event["id"] for event in inside["events"]]
    earlier = json.loads(run("where", "--at", "2025-10-27 12:00+08:00", "--format", "json").stdout)
    assert "asean-summit" in [event["id"] for event in earlier["events"]]


@pytest.mark.parametrize(
    "typed", ["01/11/2025", "01.11.25", "10-11-2025 14:00", "10/11", "1/11 12:00"]
)
def test_a_date_of_numbers_that_reads_two_ways_is_refused(run: Run, typed: str) -> None:
    """dateutil reads 01/11/2025 month first, as in the US: an answer about 11 January
    for someone who meant 1 November, without a word."""
    for command in (["where", "--at", typed], ["agenda", "--day", typed.split()[0]]):
        result = run(*command)
        assert (result.exit_code, result.stdout) == (2, "")
        assert "cannot tell whether" in result.stderr
        assert "write the date year first" in result.stderr
    assert run("where", "--at", "01/11/2025").stderr == (
        "trip: error: cannot tell whether '01/11/2025' is 2025-01-11 (month first) or "
        "2025-11-01 (day first); write the date year first, like those\n"
    )
    assert run("where", "--at", "01/02/99").stderr == (  # no century to guess: not 2099
        "trip: error: cannot tell whether '01/02/99' is month/day or day/month; write the date "
        "year first, with the year in full (2025-10-29)\n"
    )
    for one_reading in ("25/10/2025", "10/25/2025", "10/10/2025", "2025-10-11"):
        assert run("where", "--at", one_reading).exit_code == 0


def test_a_time_the_clocks_skip_is_refused_as_in_a_file(run: Run) -> None:
    """'--at 2025-03-30 02:30' in Berlin named a wall time that never happened, shown as
    '02:30 CET'; the loader already refuses such a time in a file. A day whose midnight
    the clocks skip (Santiago's go forward at midnight) is still a day."""
    skipped = run("where", "--at", "2025-03-30 02:30", "--tz", "Europe/Berlin")
    assert (skipped.exit_code, skipped.stdout) == (2, "")
    assert skipped.stderr == (
        "trip: error: 2025-03-30T02:30 never happened in Europe/Berlin: the clocks skip it "
        "(they go forward then); give a time after the change, or an offset\n"
    )
    after = run("where", "--at", "2025-03-30 03:30", "--tz", "Europe/Berlin")
    assert after.exit_code == 0
    for day in (["agenda", "--day"], ["where", "--at"]):
        assert run(*day, "2025-09-07", "--tz", "America/Santiago").exit_code == 0


def test_a_zone_abbreviation_is_refused_whatever_the_machines_zone(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dateutil reads a name found in the machine's own zone names as that zone: 'EST' on
    a New York machine gave 14:00-04:00 (EDT, an hour off) instead of an error."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert time.tzname == ("EST", "EDT")
        result = run("where", "--at", "2025-10-29 14:00 EST", "--format", "json")
        utc = run("where", "--at", "2025-10-29 14:00 UTC", "--format", "json")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (result.exit_code, result.stdout) == (2, "")
    assert "abbreviations such as EST are ambiguous" in result.stderr
    assert json.loads(utc.stdout)["at"] == "2025-10-29T14:00:00+00:00"


@pytest.mark.parametrize(
    ("first", "last"),
    [("0002-01-02", "0002-01-05"), ("9998-12-27", "9998-12-31")],
)
def test_every_command_works_at_both_ends_of_the_years_allowed(
    run: Run, tmp_path: Path, first: str, last: str
) -> None:
    """Dates in the years 2 and 9998 validate, so every command must compute with them
    (an ICS export of 9998 asked for zone rules of the year 10000 and crashed)."""
    text = (
        MINIMAL.replace("{date: 2025-10-27}", f"{{date: {first}}}")
        .replace("{date: 2025-10-28}", f"{{date: {last}}}")
        .replace('{at: "2025-10-27T10:00"}', f"{{earliest: {first}, latest: {last}}}")
    )
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    moment = f"{first} 12:00"
    commands = [
        ["validate", str(path)],
        ["check", str(path)],
        ["stops"],
        ["meetings", "--from", first, "--until", last],
        ["people"],
        ["show", "e"],
        ["agenda", "--tz", "Pacific/Kiritimati", "--also", "home"],
        ["where", "--at", moment, "--tz", "Pacific/Kiritimati"],
        ["upcoming", "--as-of", moment],
        ["together", "p", "q"],
        *(
            ["export", "--format", kind, "--as-of", moment]
            for kind in ("md", "json", "csv", "ics", "html")
        ),
    ]
    for command in commands:
        argv = command if command[0] in ("validate", "check") else ["-f", str(path), *command]
        result = run(*argv)
        assert result.exit_code == 0, (command, result.stderr)
    # the year in four digits: the C library's %Y wrote the year 2 as '2', read as 2002
    upcoming = run("-f", str(path), "upcoming", "--as-of", moment).stdout
    assert upcoming.startswith(f"As of {moment} ")


def test_today_is_the_day_where_the_principal_is_now(run: Run) -> None:
    """At 20:00 UTC on Oct 25 the principal may be in Malaysia (its Oct 26 has begun); the
    clock's UTC wall time was read as if it were local, which fell between stops, so
    'today' was Oct 25 in the home zone."""
    now = datetime(2025, 10, 25, 20, 0, tzinfo=UTC)
    result = run("where", "--at", "today", "--format", "json", now=now)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["at"] == "2025-10-26T00:00:00+08:00"


def test_a_day_counted_from_now_is_the_day_where_the_principal_is(run: Run) -> None:
    """`now` and `+Nd` have no zone of their own: their day was taken in the clock's, UTC,
    so at 20:00 UTC on Oct 28 (Oct 29 in Seoul, where the principal may be) `--day +0d`
    gave Oct 28 and `+1d` the day `today` gives."""
    now = datetime(2025, 10, 28, 20, 0, tzinfo=UTC)

    def day_shown(day: str) -> str:
        result = run("agenda", "--day", day, "--format", "json", now=now)
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["days"][0]["day"])

    today = day_shown("today")
    assert today == "2025-10-29"
    assert [day_shown(day) for day in ("now", "+0d", "+1d", "tomorrow", "-1d", "yesterday")] == [
        today,
        today,
        "2025-10-30",
        "2025-10-30",
        "2025-10-28",
        "2025-10-28",
    ]
    # a moment that says its offset keeps the day it names
    assert day_shown("2025-10-28T00:00-04:00") == "2025-10-28"


UNDATED = """\
id: t
title: Nothing dated yet
principal: p
home_tz: America/New_York
sources: [{id: s, title: A source}]
people: [{id: p, name: Pat Principal}]
stops: [{id: a, place: Tokyo, country: Japan, tz: Asia/Tokyo, status: expected}]
"""


def test_an_itinerary_with_nothing_dated_places_no_one(run: Run, tmp_path: Path) -> None:
    """It said 'Pat Principal is in Tokyo' (firm) at any moment, 'Now: Tokyo' in upcoming,
    and read 'Oct 29' as 29 October 2000."""
    path = tmp_path / "undated.yaml"
    path.write_text(UNDATED, encoding="utf-8")
    for moment in ("Oct 29", "14:00", "Friday"):
        result = run("-f", str(path), "where", "--at", moment)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"trip: error: {moment!r} leaves out part of the date, and nothing in the "
            "itinerary is dated to take it from; give the full date (2025-10-29 14:00)\n"
        )
    where = run("-f", str(path), "where", "--at", "2025-10-29T01:00Z")
    assert (where.exit_code, where.stdout) == (
        0,
        "The itinerary dates nothing, so it does not place Pat Principal at "
        "2025-10-28 21:00 EDT.\n",  # in the home zone: no stop is placed
    )
    where_json = run("-f", str(path), "where", "--at", "2025-10-29", "--format", "json")
    data = json.loads(where_json.stdout)
    assert (data["certainty"], data["stops"]) == ("unknown", [])
    upcoming = run("-f", str(path), "upcoming", "--as-of", "2025-10-29T01:00Z")
    assert (upcoming.exit_code, lines(upcoming.stdout)) == (
        0,
        "As of 2025-10-29 01:00 UTC:\n"
        "Nothing in the itinerary is dated: it places no stop at any moment.\n",
    )


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Asia/Kathmandu", "2025-10-27 17:45 UTC+05:45"), ("Pacific/Marquesas", "02:30 UTC-09:30")],
)
def test_an_offset_with_minutes_keeps_them(run: Run, zone: str, shown: str) -> None:
    """'UTC+05' was shown for Kathmandu: a reader would be 45 minutes off."""
    result = run("where", "--at", "2025-10-27T12:00Z", "--tz", zone)
    assert result.exit_code == 0
    assert shown in result.stdout.splitlines()[0]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_cannot_write_every_character_gets_escapes(encoding: str) -> None:
    """It crashed midway ('internal error: UnicodeEncodeError', exit 70) at the first en
    dash. Tables and CSV now write what stdout cannot as backslash escapes; JSON as \\u
    escapes, so it reads back to the same data."""
    import subprocess
    import sys

    def trip(*args: str, io_encoding: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-c", "from trip_tracker.cli import main; main()", *args]
        env = {**os.environ, "PYTHONIOENCODING": io_encoding, "COLUMNS": "100"}
        return subprocess.run(command, capture_output=True, env=env, timeout=60, check=False)

    table = trip("stops", io_encoding=encoding)
    assert (table.returncode, table.stderr) == (0, b"")
    assert b"2025-10-26\\u201330" in table.stdout  # an en dash, escaped
    as_json = trip("meetings", "--format", "json", io_encoding=encoding)
    assert (as_json.returncode, as_json.stderr) == (0, b"")
    assert as_json.stdout.isascii() and b"Thailand\\u2013Cambodia" in as_json.stdout
    in_utf8 = trip("meetings", "--format", "json", io_encoding="utf-8")
    assert json.loads(as_json.stdout) == json.loads(in_utf8.stdout)
    assert b"Thailand\xe2\x80\x93Cambodia" in in_utf8.stdout  # raw where it can be
    assert trip("meetings", "--format", "csv", io_encoding=encoding).returncode == 0


def test_help_usage_errors_and_option_completion_import_no_models_or_tables() -> None:
    """`trip COMMAND --help`, a mistyped option and completing `--kind` stay as light as
    `trip --help`: pydantic, Rich and the YAML parsers are for commands that answer."""
    import subprocess
    import sys

    report = """
import atexit, sys
heavy = ("pydantic", "rich", "yaml", "yaml_rs", "trip_tracker.model")
atexit.register(lambda: print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr))
"""
    every_command = """
import contextlib, io
from trip_tracker.cli import cli, run
for name in sorted(cli.list_commands(None)):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert run([name, "--help"]) == 0, name
        assert run([name, "--no-such-option"]) == 2, name
"""
    completion = "from trip_tracker.cli import main; main()"
    env = {**os.environ, "_TRIP_COMPLETE": "bash_complete", "COMP_CWORD": "3"}
    env["COMP_WORDS"] = "trip meetings --kind s"
    for script, environment in ((every_command, None), (completion, env)):
        done = subprocess.run(
            [sys.executable, "-c", report + script],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "[]\n")
        if environment is not None:
            assert done.stdout.split() == ["plain,summit", "plain,signing"]


@pytest.mark.parametrize("columns", [44, 70, 100, 160])
def test_a_long_table_printed_in_parts_reads_as_printed_whole(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, columns: int
) -> None:
    """A table of more than TABLE_PART_ROWS rows is printed a part at a time, laid out
    once (bounded memory, first rows at once): the lines must be those of the whole table,
    at any width (narrow ones make Rich fold and squeeze columns), with titles, several
    tables in one view, and the columns that never wrap. Parts are for Rich's own printing
    (with colour): `plaintable`, which writes plain tables, is set aside here."""
    from trip_tracker import output, plaintable

    monkeypatch.setattr(plaintable, "write", lambda out, table: False)

    from .test_tables import table_commands

    commands = table_commands(tmp_path, 120)
    whole = [run(*command, columns=columns) for command in commands]
    monkeypatch.setattr(output, "TABLE_PART_ROWS", 2)
    parts = [run(*command, columns=columns) for command in commands]
    assert parts == whole
    # every table had more rows than a part holds: each was printed in parts
    assert [result.stdout.count("\n") > 2 + 2 for result in whole] == [True] * len(commands)


@pytest.mark.parametrize(
    "argv",
    [
        ("meetings", "--from", "2025-10-28 15:00"),
        ("meetings", "--until", "2025-10-28T09:00+09:00"),
        ("agenda", "--day", "Oct 28 9am"),
    ],
)
def test_a_day_option_refuses_a_time_it_would_ignore(run: Run, argv: tuple[str, ...]) -> None:
    """`--from '2025-10-28 15:00'` kept only the day: meetings at 10:00 that day showed."""
    result = run(*argv)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"trip: error: cannot read {argv[2]!r} as a day: it gives a time of day, and days are "
        "whole (2025-10-29, Oct 29, today, +2d)\n"
    )
    # a day, and a moment counted from now, are fine
    assert run(argv[0], argv[1], "2025-10-28").exit_code == 0
    assert run(argv[0], argv[1], "+3h").exit_code == 0
