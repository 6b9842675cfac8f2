"""Time and views: --tz, agenda, where, together, meetings filters, CSV, completion, --help."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from trip_tracker.cli import COMMANDS, cli

from .conftest import SHIPPED, Result

Run = Callable[..., Result]
ZONES = str(Path(__file__).parent / "fixtures" / "zones-trip.yaml")


def lines_of(text: str) -> str:
    """The output with each line's trailing padding removed (Rich pads rows to the width)."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


AGENDA_NEW_YORK = """\
Agenda (times in America/New_York, days cut in that zone)
 day              time                     what                 where                   status
────────────────────────────────────────────────────────────────────────────────────────────────────
 Tue 2025-10-28   23:30 EDT                Lunch with Lee       South Korea (city not   scheduled
                                           lee-lunch            stated; Seoul stop)
                  sometime Oct 29–30       Business dinner      South Korea (city not   expected
                  (local)                  business-dinner      stated; Seoul stop)
                  derived from 'midweek'

 Wed 2025-10-29   20:00 EDT–21:30          Summit opening       Seoul, South Korea      confirmed
                                           summit-open
                  2025-10-30 Thu (local)   Talks with Li Chen   South Korea (city not   confirmed
                  'on Thursday'            chen-talks           stated; Seoul stop)

 Fri 2025-10-31   14:00 EDT                Speech in London     London, United          reported
                                           london-speech        Kingdom

 no date          date not stated          Palace visit         United Kingdom (city    speculative
                                           palace-visit         not stated; London
                                                                stop)
"""

AGENDA_OCT_30_ALSO_HOME = """\
Agenda (times in each stop's own zone)
 day              time              home time         what              where             status
────────────────────────────────────────────────────────────────────────────────────────────────────
 Thu 2025-10-30   09:00 KST–10:30   Oct 29 20:00      Summit opening    Seoul, South      confirmed
                                    EDT               summit-open       Korea
                  time not stated                     Talks with Li     South Korea       confirmed
                  'on Thursday'                       Chen              (city not
                                                      chen-talks        stated; Seoul
                                                                        stop)
                  sometime Oct                        Business dinner   South Korea       expected
                  29–30                               business-dinner   (city not
                  derived from                                          stated; Seoul
                  'midweek'                                             stop)
"""


def test_agenda_cuts_days_in_the_chosen_zone(run: Run) -> None:
    result = run("-f", ZONES, "agenda", "--tz", "America/New_York")
    assert (result.exit_code, result.stderr) == (0, "")
    # 09:00 in Seoul on Oct 30 is 20:00 on Oct 29 in New York; a whole day in Seoul is
    # listed under the first New York day it overlaps, with its own date.
    assert lines_of(result.stdout) == AGENDA_NEW_YORK


def test_agenda_one_day_in_local_time_with_home_column(run: Run) -> None:
    result = run("-f", ZONES, "agenda", "--day", "2025-10-30", "--also", "home")
    assert result.exit_code == 0
    assert lines_of(result.stdout) == AGENDA_OCT_30_ALSO_HOME


def test_agenda_day_in_new_york_holds_the_seoul_morning_event(run: Run) -> None:
    result = run(
        "-f", ZONES, "agenda", "--day", "Oct 29", "--tz", "America/New_York", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert [day["day"] for day in data["days"]] == ["2025-10-29"]
    events = data["days"][0]["events"]
    # Thursday in Seoul (the Li Chen talks) begins at 11:00 on Wednesday in New York.
    assert [event["id"] for event in events] == ["summit-open", "chen-talks", "business-dinner"]
    assert events[0]["when"]["start"] == "2025-10-29T20:00:00-04:00"
    assert events[2]["when"] == {
        "precision": "window",
        "start": "2025-10-29",
        "end": "2025-10-30",
        "zone": "Asia/Seoul",
        "words": "midweek",
        "derived": "Wednesday or Thursday of the Seoul stay.",
    }
    assert data["undated"] == []  # London's palace visit cannot fall on Oct 29


def test_an_end_after_the_clocks_change_says_its_zone(run: Run, tmp_path: Path) -> None:
    """01:30 BST to 02:30 GMT lasts two hours; '01:30 BST–02:30' read as one."""
    path = tmp_path / "dst.yaml"
    path.write_text(
        "version: 1\nid: d\ntitle: T\nprincipal: p\nhome_tz: Europe/London\n"
        "sources: [{id: s, title: S}]\npeople: [{id: p, name: P}]\n"
        "stops: [{id: london, place: London, country: UK, tz: Europe/London, status: confirmed}]\n"
        "events:\n"
        "  - {id: e1, kind: meeting, title: Night, stop: london, participants: [p],\n"
        "     when: {at: '2025-10-26T01:30', end: '2025-10-26T02:30'},\n"
        "     status: confirmed, source: {ref: s, quote: Q.}}\n"
        "  - {id: e2, kind: meeting, title: Day, stop: london, participants: [p],\n"
        "     when: {at: '2025-10-26T09:30', end: '2025-10-26T10:30'},\n"
        "     status: confirmed, source: {ref: s, quote: Q.}}\n",
        encoding="utf-8",
    )
    meetings = run("-f", str(path), "meetings", columns=200).stdout
    assert " 2025-10-26 01:30 BST–02:30 GMT " in meetings
    assert " 2025-10-26 09:30 GMT–10:30 " in meetings  # the same offset: the time alone
    agenda = run("-f", str(path), "agenda", "--day", "2025-10-26").stdout
    assert " 01:30 BST–02:30 GMT " in agenda
    assert " 09:30 GMT–10:30 " in agenda


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_file_argument_beside_another_f_file_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`trip -f broken.yaml validate good.yaml` said OK of good.yaml and nothing of -f."""
    broken, good = tmp_path / "broken.yaml", tmp_path / "good.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    good.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("-f", str(broken), command, str(good))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"trip: error: two files given, -f {broken} and {good}: give one\n"
    assert run("-f", str(good), command, str(good)).exit_code == 0  # the same file twice
    monkeypatch.setenv("TRIP_FILE", str(broken))  # a default, which FILE overrides
    assert run(command, str(good)).exit_code == 0


def test_agenda_csv_has_the_documented_columns(run: Run) -> None:
    result = run("-f", ZONES, "agenda", "--tz", "Asia/Seoul", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["day", "id", "kind", "title"]
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("2025-10-29", "lee-lunch"),
        ("2025-10-29", "business-dinner"),
        ("2025-10-30", "summit-open"),
        ("2025-10-30", "chen-talks"),
        ("2025-11-01", "london-speech"),
        ("", "palace-visit"),
    ]


def test_agenda_nothing_matches_is_success_with_a_note(run: Run) -> None:
    result = run("-f", ZONES, "agenda", "--day", "2025-12-25", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"zone": "local", "days": [], "undated": []}
    assert result.stderr == "trip: nothing in the agenda from 2025-12-25 until 2025-12-25\n"


@pytest.mark.parametrize(
    "args",
    [
        ("agenda", "--day", "Oct 29", "--from", "Oct 28"),
        ("agenda", "--also", "local"),
        ("agenda", "--day", "banana"),
        ("agenda", "--also", ""),  # was ignored, where `--tz ''` was refused
    ],
)
def test_agenda_usage_errors(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("trip: error: ")


def test_where_on_the_shipped_itinerary_is_honest_about_the_window(run: Run) -> None:
    result = run("where", "--at", "2025-10-27 12:00")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Donald Trump may be in Malaysia (city not stated) or Tokyo, Japan")
    assert (
        "  Tokyo, Japan: arrival sometime 2025-10-26–30 (derived from 'From there'); "
        "scheduled" in lines
    )
    assert result.stderr.startswith("trip: read '2025-10-27 12:00' in Asia/Kuala_Lumpur")


def test_where_json_for_the_principal_and_for_others(run: Run) -> None:
    sure = json.loads(
        run("-f", ZONES, "where", "--at", "2025-10-29T13:00+09:00", "--format", "json").stdout
    )
    assert (sure["certainty"], [s["id"] for s in sure["stops"]]) == ("firm", ["seoul"])
    assert sure["summary"] == "Pat President is in Seoul, South Korea at 2025-10-29 13:00 KST."
    chen = json.loads(
        run("-f", ZONES, "where", "chen", "--at", "2025-10-30 09:30", "--format", "json").stdout
    )
    assert chen["certainty"] == "firm"
    assert [e["id"] for e in chen["events"]] == ["business-dinner", "chen-talks", "summit-open"]
    chen_day = run("-f", ZONES, "where", "chen", "--at", "2025-10-30 15:00", "--format", "json")
    assert json.loads(chen_day.stdout)["certainty"] == "probable"
    chen_window = run("-f", ZONES, "where", "chen", "--at", "2025-10-29 20:00", "--format", "json")
    assert json.loads(chen_window.stdout)["certainty"] == "possible"
    summit = run("-f", ZONES, "where", "--at", "2025-10-30 09:30", "--format", "json")
    data = json.loads(summit.stdout)
    assert (data["certainty"], data["events"][-1]["id"]) == ("firm", "summit-open")


def test_where_before_the_itinerary_and_for_someone_never_dated(run: Run, tmp_path: Path) -> None:
    text = Path(ZONES).read_text(encoding="utf-8")
    text = text.replace(
        "    tz: America/New_York\n    depart:",
        "    tz: America/New_York\n    arrive:\n      date: 2025-10-26\n    depart:",
    )
    early = tmp_path / "early.yaml"
    early.write_text(text, encoding="utf-8")
    result = run("-f", str(early), "where", "--at", "2025-10-20 12:00")
    assert result.stdout.splitlines()[0] == (
        "The itinerary begins after 2025-10-20 12:00 EDT: its first stop is Washington, "
        "United States."
    )
    kim = run("where", "kim", "--at", "2025-10-30T12:00+09:00")
    assert kim.stdout.splitlines() == [
        "The itinerary does not place Kim Jong Un at 2025-10-30 12:00 UTC+09.",
        "  Kim Jong Un is in no dated event of the itinerary.",
    ]


@pytest.mark.parametrize(
    ("args", "headline"),
    [
        (
            ("where", "--at", "2025-10-27 12:00"),
            "Pat President is between Washington, United States and Seoul, South Korea at "
            "2025-10-27 12:00 EDT: no stop fits then (travelling?).",
        ),
        (
            ("where", "--at", "2025-11-03 12:00"),
            "The itinerary ends before 2025-11-03 12:00 EST: its last stop is London, "
            "United Kingdom.",
        ),
        (
            ("where", "--at", "2025-10-27 07:00"),
            "Pat President is in Washington, United States at 2025-10-27 07:00 EDT.",
        ),
        (
            ("where", "--at", "2025-10-31T12:00Z"),
            "Pat President is probably in London, United Kingdom at 2025-10-31 12:00 GMT: "
            "the moment falls within an arrival or departure day.",
        ),
        (
            ("where", "Müller", "--at", "2025-11-03 12:00"),
            "The itinerary does not place Anna Müller at 2025-11-03 12:00 EST.",
        ),
    ],
)
def test_where_headlines(run: Run, args: tuple[str, ...], headline: str) -> None:
    result = run("-f", ZONES, *args)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == headline


def test_where_csv_one_row_per_place(run: Run) -> None:
    result = run("-f", ZONES, "where", "--at", "2025-10-27 12:00", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["person"], r["certainty"], r["stop"]) for r in rows] == [("pres", "unknown", "")]
    shipped = run("where", "--at", "2025-10-27T12:00+08:00", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(shipped.stdout)))
    assert [(r["stop"], r["certainty"]) for r in rows] == [
        ("malaysia", "possible"),
        ("japan", "possible"),
    ]
    assert rows[0]["events"] == "asean-summit; malaysia-trade-agreement; thailand-cambodia-accord"


def test_meetings_with_xi_json(run: Run) -> None:
    result = run("meetings", "--with", "xi", "--format", "json")
    data = json.loads(result.stdout)
    assert len(data) == 1
    assert (data[0]["when"]["start"], data[0]["country"]) == ("2025-10-30", "South Korea")


def test_together_names_the_meeting(run: Run) -> None:
    result = run("together", "trump", "xi")
    assert result.exit_code == 0
    assert result.stdout.startswith("Donald Trump and Xi Jinping are named together in 1 event:\n")
    assert "meet-xi" in result.stdout
    csv_rows = list(
        csv.DictReader(io.StringIO(run("together", "xi", "trump", "--format", "csv").stdout))
    )
    assert [row["id"] for row in csv_rows] == ["meet-xi"]


def test_together_nobody_and_same_person(run: Run) -> None:
    result = run("together", "xi", "kim", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == "trip: Xi Jinping and Kim Jong Un are in no event together\n"
    assert run("together", "xi", "Xi Jinping").exit_code == 2


def people_file(tmp_path: Path, principal: str, people: str) -> str:
    """An itinerary of these `people` (YAML list items, a line each), one source and one
    stop: enough for the messages about names."""
    path = tmp_path / "people.yaml"
    path.write_text(
        f"id: people\ntitle: People\nprincipal: {principal}\nhome_tz: UTC\n"
        "sources: [{id: s, title: S}]\npeople:\n" + people + "stops:\n"
        "  - {id: a, country: X, tz: UTC, status: expected}\n",
        encoding="utf-8",
    )
    return str(path)


def crowd(tmp_path: Path) -> str:
    """An itinerary of 16 people (more than a message names): 15 of them called Kim."""
    people = "".join(
        f"  - {{id: k{number:02}, name: Kim Number{number:02}}}\n" for number in range(15)
    )
    return people_file(tmp_path, "p", "  - {id: p, name: Łukasz Ørsted}\n" + people)


def test_a_name_in_a_big_itinerary_gets_a_short_message(run: Run, tmp_path: Path) -> None:
    """Thousands of people are not listed: the closest few, or the first dozen matches."""
    path = crowd(tmp_path)
    result = run("-f", path, "meetings", "--with", "Kim Numbr03")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "trip: error: nobody in the itinerary matches 'Kim Numbr03'; closest: "
        "Kim Number03 (k03), Kim Number00 (k00), Kim Number01 (k01), Kim Number02 (k02), "
        "Kim Number04 (k04); `trip people` lists all 16\n"
    )
    result = run("-f", path, "meetings", "--with", "zzz")
    assert result.stderr == (
        "trip: error: nobody in the itinerary matches 'zzz'; no name is close; "
        "`trip people` lists all 16\n"
    )
    result = run("-f", path, "meetings", "--with", "kim")
    assert result.exit_code == 2
    named = ", ".join(f"Kim Number{number:02} (k{number:02})" for number in range(12))
    assert result.stderr == (
        f"trip: error: 'kim' matches several people: {named} and 3 more; be more specific\n"
    )


def test_a_mistyped_word_of_a_name_finds_the_name_once(run: Run, tmp_path: Path) -> None:
    """Names are matched word by word, so one mistyped word is the usual slip: suggestions
    compare words too. People who share a name are named once, with their ids."""
    people = "".join(f"  - {{id: o{n}, name: Ana Okafor}}\n" for n in range(4))
    people += "".join(f"  - {{id: q{n}, name: Person{n:02} Quinn-Dubois}}\n" for n in range(9))
    path = people_file(tmp_path, "o0", people)
    result = run("-f", path, "meetings", "--with", "okafr")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "trip: error: nobody in the itinerary matches 'okafr'; closest: "
        "Ana Okafor (o0, o1, o2, …); `trip people` lists all 13\n"
    )
    result = run("-f", path, "meetings", "--with", "Dubios")
    assert result.stderr.startswith(
        "trip: error: nobody in the itinerary matches 'Dubios'; closest: "
        "Person00 Quinn-Dubois (q0), Person01 Quinn-Dubois (q1),"
    )


def test_whole_word_matches_are_named_first(run: Run, tmp_path: Path) -> None:
    """Among many matches, those where the word typed is a whole word of the name come
    first, so that the dozen named are not all the longer names that start with it."""
    people = "".join(f"  - {{id: w{n:02}, name: Leeward Number{n:02}}}\n" for n in range(13))
    people += "  - {id: lee1, name: Lee One}\n  - {id: lee2, name: Lee Two}\n"
    result = run("-f", people_file(tmp_path, "lee1", people), "meetings", "--with", "lee")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "trip: error: 'lee' matches several people: Lee One (lee1), Lee Two (lee2), "
        "Leeward Number00 (w00), "
    )
    assert result.stderr.endswith(" and 3 more; be more specific\n")


def test_letters_that_do_not_decompose_are_matched_as_typed(run: Run, tmp_path: Path) -> None:
    result = run("-f", crowd(tmp_path), "meetings", "--with", "lukasz orsted", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == "trip: no meetings match with Łukasz Ørsted\n"


def test_meetings_filters_combine(run: Run) -> None:
    def ids(*args: str) -> list[str]:
        result = run("-f", ZONES, "meetings", *args, "--format", "json")
        assert result.exit_code == 0
        return [event["id"] for event in json.loads(result.stdout)]

    assert ids("--with", "lee", "--with", "chen") == ["summit-open"]
    assert ids("--status", "reported", "--status", "speculative") == [
        "london-speech",
        "palace-visit",
    ]
    assert ids("--topic", "TRADE") == ["summit-open"]
    assert ids("--topic", "lunch") == ["lee-lunch"]
    # Days are cut in --tz: the Seoul summit opening is on Oct 29 in New York, and so is
    # the start of Thursday in Seoul, the day of the talks with Li Chen.
    assert ids("--until", "2025-10-29") == ["business-dinner", "lee-lunch"]
    assert ids("--until", "2025-10-29", "--tz", "America/New_York") == [
        "business-dinner",
        "lee-lunch",
        "chen-talks",
        "summit-open",
    ]
    assert ids("--from", "Oct 31") == ["london-speech"]


@pytest.mark.parametrize("option", ["--topic", "--country", "--place"])
def test_an_empty_text_filter_is_a_usage_error(run: Run, option: str) -> None:
    """`--topic ''` (a shell variable left empty) listed every meeting, exit 0."""
    result = run("meetings", option, " ")
    assert (result.exit_code, result.stdout) == (2, "")
    message = f"{option}: some words are needed (an empty one matches all)"
    assert result.stderr == f"trip: error: {message}\n"


def test_meetings_csv_and_empty_result(run: Run) -> None:
    result = run("-f", ZONES, "meetings", "--with", "muller", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        [
            "id", "kind", "title", "stop", "place", "country", "zone", "precision", "start",
            "end", "words", "derived", "participants", "participant_names", "others", "topics",
            "status", "source",
        ],
        [
            "london-speech", "address", "Speech in London", "london", "London",
            "United Kingdom", "Europe/London", "exact", "2025-10-31T18:00:00+00:00",
            "", "", "", "pres; muller", "Pat President; Anna Müller",
            "", "", "reported", "note",
        ],
    ]  # fmt: skip
    empty = run("-f", ZONES, "meetings", "--with", "muller", "--topic", "fish", "--format", "csv")
    assert empty.exit_code == 0
    assert empty.stdout.splitlines() == [",".join(rows[0])]
    assert empty.stderr == "trip: no meetings match with Anna Müller about 'fish'\n"


def test_people_affiliation_names_an_organisation_as_one(run: Run, tmp_path: Path) -> None:
    """One column holds the country and the organisation: neither passes for the other."""
    text = Path(ZONES).read_text(encoding="utf-8")
    text = text.replace(
        "    name: Li Chen\n", "    name: Li Chen\n    organisation: World Trade Organization\n"
    ).replace(
        "    name: Lee Jae Myung\n",
        "    name: Lee Jae Myung\n    country: South Korea\n    organisation: APEC\n",
    )
    trip = tmp_path / "trip.yaml"
    trip.write_text(text, encoding="utf-8")
    table = run("-f", str(trip), "people", columns=120)
    assert table.exit_code == 0
    rows = [line.rstrip() for line in table.stdout.splitlines()]
    assert rows[0].split()[:5] == ["person", "id", "role", "affiliation", "meets"]
    affiliation = rows[0].index("affiliation")
    cells = {row.split()[0]: row[affiliation:].split("  ")[0] for row in rows[2:] if row[1] != " "}
    assert cells["Li"] == "World Trade Organization"
    assert cells["Lee"] == "South Korea, APEC"
    assert cells["Pat"] == "not stated"
    html = run("-f", str(trip), "export", "--format", "html")
    assert "<th>Affiliation</th>" in html.stdout
    assert "<td>Li Chen</td><td>not stated</td><td>World Trade Organization</td>" in html.stdout
    assert "<td>South Korea, APEC</td>" in html.stdout


def test_list_commands_take_csv_and_tz(run: Run) -> None:
    stops = list(
        csv.DictReader(
            io.StringIO(run("-f", ZONES, "stops", "--tz", "home", "--format", "csv").stdout)
        )
    )
    assert stops[1]["arrive_start"] == "2025-10-28T01:00:00-04:00"
    people = list(csv.DictReader(io.StringIO(run("-f", ZONES, "people", "--format", "csv").stdout)))
    assert people[1] == {
        "id": "chen",
        "name": "Li Chen",
        "role": "",
        "country": "",
        "organisation": "",
        "principal": "false",
        "meetings": "business-dinner; chen-talks; summit-open",
    }
    upcoming = run("-f", ZONES, "upcoming", "--as-of", "2025-10-31T12:00Z", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(upcoming.stdout)))
    assert [(row["id"], row["timing"]) for row in rows] == [
        ("london-speech", "next"),
        ("palace-visit", "undated"),
    ]
    shown = run("-f", ZONES, "show", "summit-open", "--tz", "Europe/London")
    assert "2025-10-30 00:00 GMT–01:30" in shown.stdout
    for args in (
        ("people", "--tz", "home"),
        ("upcoming", "--tz", "home"),
        ("stops", "--tz", "UTC"),
    ):
        assert run("-f", ZONES, *args).exit_code == 0
    people_table = run("-f", ZONES, "people", "--tz", "Asia/Tokyo").stdout
    assert "2025-11-01 03:00 JST" in people_table
    upcoming_table = run("-f", ZONES, "upcoming", "--as-of", "2025-10-31T12:00Z", "--tz", "home")
    assert upcoming_table.stdout.startswith("As of 2025-10-31 08:00 EDT:\n")
    assert "14:00 EDT" in upcoming_table.stdout
    stops_json = json.loads(run("-f", ZONES, "stops", "--tz", "UTC", "--format", "json").stdout)
    assert stops_json[0]["depart"]["start"] == "2025-10-27T12:00:00+00:00"
    table = run("-f", ZONES, "meetings", "--with", "muller", "--tz", "Asia/Tokyo")
    when_cell = [line[:19].strip() for line in table.stdout.splitlines()[2:4]]
    assert when_cell == ["2025-11-01 03:00", "JST"]


def test_as_of_banana_is_a_usage_error(run: Run) -> None:
    result = run("upcoming", "--as-of", "banana")
    assert result.exit_code == 2
    assert "2025-10-29 14:00" in result.stderr


def test_unknown_zone_is_a_usage_error_with_suggestions(run: Run) -> None:
    result = run("agenda", "--tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "trip: error: --tz: unknown time zone 'Mars/Olympus' (did you mean "
    )
    assert "Asia/Seoul" in result.stderr
    assert run("stops", "--tz", "Asia/Seul").stderr.count("'Asia/Seoul'") == 2


def test_ambiguous_as_of_says_which_zone_was_used(run: Run) -> None:
    result = run("upcoming", "--as-of", "2025-10-29 12:00", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith("trip: read '2025-10-29 12:00' in Asia/Kuala_Lumpur")
    assert json.loads(result.stdout)["as_of"] == "2025-10-29T12:00:00+08:00"
    assert run("upcoming", "--as-of", "2025-10-29 12:00", "--tz", "Asia/Seoul").stderr == ""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_an_example(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:\n", 1)[1]
    assert f"trip {name}" in examples


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "trip", "_TRIP_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_of_commands_people_and_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIP_FILE", raising=False)
    assert complete([], "to") == ["together"]
    assert {"agenda", "where", "meetings"} <= set(complete([], ""))
    assert complete(["meetings", "--with"], "x") == ["xi"]
    assert complete(["where"], "ja") == ["lee"]  # Lee Jae Myung: any word of the name
    assert complete(["show"], "meet-") == ["meet-takaichi", "meet-lee", "meet-xi"]
    assert complete(["-f", ZONES, "together", "pres"], "m") == ["lee", "muller"]
    monkeypatch.setenv("TRIP_FILE", ZONES)
    assert complete(["show"], "lon") == ["london-speech", "london"]
    monkeypatch.setenv("TRIP_FILE", "/nonexistent/trip.yaml")
    assert complete(["show"], "") == []


def test_completion_takes_the_words_of_a_hyphenated_name(tmp_path: Path) -> None:
    """As `--with` matches them: 'nak' is a word of Dubois-Nakamura."""
    path = people_file(tmp_path, "amelie", "  - {id: amelie, name: Amélie Dubois-Nakamura}\n")
    assert complete(["-f", path, "meetings", "--with"], "nak") == ["amelie"]


def test_where_names_the_events_own_city_and_ignores_what_is_called_off(
    run: Run, tmp_path: Path
) -> None:
    """An exact-time dinner in Gyeongju placed the principal 'in Busan' (the stop's city)
    and listed the Malaysia and Tokyo windows as 'may be under way' beside a firm answer in
    Korea; a cancelled meeting still placed Xi."""
    from .itinerary_edits import copy_with

    dinner = (
        "    place: Gyeongju\n    when:\n      earliest: 2025-10-28\n      latest: 2025-10-30\n",
        '    place: Gyeongju\n    when:\n      at: "2025-10-29T19:30"\n'
        '      end: "2025-10-29T22:00"\n',
    )
    path = copy_with(tmp_path, "trip.yaml", dinner)
    result = run("-f", str(path), "where", "--at", "2025-10-29T20:00+09:00", "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"] == "Donald Trump is in Gyeongju, South Korea at 2025-10-29 20:00 KST."
    assert {event["stop"] for event in data["events"]} == {"south-korea"}
    rows = run("-f", str(path), "where", "--at", "2025-10-29T20:00+09:00", "--format", "csv")
    assert [row["place"] for row in csv.DictReader(io.StringIO(rows.stdout))] == ["Gyeongju"]

    called_off = copy_with(
        tmp_path, "cancelled.yaml", ("    status: confirmed\n", "    status: cancelled\n")
    )
    xi = run("-f", str(called_off), "where", "xi", "--at", "2025-10-30T12:00+09:00")
    assert xi.stdout.splitlines() == [
        "The itinerary does not place Xi Jinping at 2025-10-30 12:00 UTC+09.",
        "  known: Face-to-face meeting with President Xi Jinping [meet-xi], 2025-10-30 Thu "
        "('on October 30'), South Korea (city not stated); cancelled",
    ]


def test_an_agenda_day_shows_the_date_of_an_item_that_began_the_day_before(
    run: Run, tmp_path: Path
) -> None:
    """Under Thu Oct 30, a dinner from 21:00 on Oct 29 to 00:30 read '21:00 KST–2025-10-30
    00:30 KST': a Thursday-evening dinner ending before it began."""
    from .itinerary_edits import copy_with

    dinner = (
        "    place: Gyeongju\n    when:\n      earliest: 2025-10-28\n      latest: 2025-10-30\n",
        '    place: Gyeongju\n    when:\n      at: "2025-10-29T21:00"\n'
        '      end: "2025-10-30T00:30"\n',
    )
    path = copy_with(tmp_path, "trip.yaml", dinner)
    result = run("-f", str(path), "agenda", "--day", "2025-10-30")
    assert lines_of(result.stdout).splitlines()[3:6] == [
        " Thu 2025-10-30   2025-10-29 21:00     Private dinner      Gyeongju, South      scheduled",
        "                  KST–2025-10-30       with U.S. tech      Korea",
        "                  00:30 KST            executives",
    ]
    day_before = run("-f", str(path), "agenda", "--day", "2025-10-29")
    assert " Wed 2025-10-29   21:00 " in day_before.stdout


def test_a_day_in_seoul_is_found_on_both_washington_days_it_overlaps(run: Run) -> None:
    """The Xi meeting, 'on October 30' in South Korea, runs into 11:00 on Oct 30 from 11:00
    on Oct 29 in Washington: a Washington reader asking about the 29th got nothing."""
    agenda = run("agenda", "--tz", "home", "--day", "2025-10-29", "--format", "json")
    ids = [event["id"] for event in json.loads(agenda.stdout)["days"][0]["events"]]
    assert ids[0] == "meet-xi"
    for day in ("2025-10-29", "2025-10-30"):
        found = run("meetings", "--tz", "home", "--with", "xi", "--from", day, "--until", day)
        assert "meet-xi" in found.stdout
    assert "meet-xi" not in run("meetings", "--tz", "home", "--until", "2025-10-28").stdout


def test_where_and_upcoming_agree_at_an_events_end(run: Run, tmp_path: Path) -> None:
    """At 11:00, the end of talks from 10:00 to 11:00, 'where' said they were under way and
    'upcoming' that they were over; and a stated exact time said only 'may be under way'."""
    path = tmp_path / "trip.yaml"
    path.write_text(
        "id: t\ntitle: T\nprincipal: p\nhome_tz: UTC\nsources: [{id: s, title: S}]\n"
        "people: [{id: p, name: P}, {id: q, name: Q}]\n"
        "stops: [{id: a, place: Oslo, country: Norway, tz: Europe/Oslo, status: confirmed,\n"
        "  arrive: {date: 2025-10-01}, depart: {date: 2025-10-03}}]\n"
        "events: [{id: m, kind: meeting, title: Talks, stop: a, participants: [p, q],\n"
        '  when: {at: "2025-10-02T10:00", end: "2025-10-02T11:00"}, status: confirmed,\n'
        "  source: {ref: s, quote: q}}]\n",
        encoding="utf-8",
    )

    def both(at: str) -> tuple[list[str], list[str]]:
        found = json.loads(
            run("-f", str(path), "where", "q", "--at", at, "--format", "json").stdout
        )
        ahead = run("-f", str(path), "upcoming", "--as-of", at, "--format", "json").stdout
        return [e["id"] for e in found["events"]], [e["id"] for e in json.loads(ahead)["events"]]

    assert both("2025-10-02T10:30") == (["m"], ["m"])
    assert both("2025-10-02T11:00") == ([], [])
    during = run("-f", str(path), "where", "q", "--at", "2025-10-02T10:30").stdout
    assert during.splitlines()[1].startswith("  under way: Talks [m]")


OSLO = (
    "id: t\ntitle: T\nprincipal: p\nhome_tz: UTC\nsources: [{id: s, title: S}]\n"
    "people: [{id: p, name: P}, {id: q, name: Q}]\n"
    "stops: [{id: a, place: Oslo, country: Norway, tz: Europe/Oslo, status: confirmed,\n"
    "  arrive: {date: 2025-10-01}, depart: {date: 2025-10-03}}]\n"
    "events: [{id: m, kind: meeting, title: Talks, stop: a, participants: [p, q],\n"
    '  when: {at: "2025-10-02T10:00", end: "2025-10-02T11:00"}, status: STATUS,\n'
    "  source: {ref: s, quote: q}}]\n"
)


@pytest.mark.parametrize(
    ("status", "head", "certainty", "line"),
    [
        *(
            (  # 'expected' gave a firm headline over a 'may be under way' line
                status,
                "Q is in Oslo, Norway at 2025-10-02 10:30 CEST.",
                "firm",
                "  under way: Talks [m]",
            )
            for status in ("confirmed", "expected")
        ),
        (  # it said 'under way', firm, of a rumour
            "speculative",
            "Q may be in Oslo, Norway at 2025-10-02 10:30 CEST: only speculative items put "
            "them there.",
            "possible",
            "  may be under way: Talks [m]",
        ),
    ],
)
def test_where_a_meeting_without_its_own_city_is_at_its_stops_and_as_sure_as_its_status(
    run: Run, tmp_path: Path, status: str, head: str, certainty: str, line: str
) -> None:
    """An exact-time meeting with no city of its own said 'Norway (city not stated)' for
    the Oslo stop, though 'meetings --place oslo' finds it there."""
    path = tmp_path / "oslo.yaml"
    path.write_text(OSLO.replace("STATUS", status), encoding="utf-8")
    at = ("--at", "2025-10-02T10:30")
    text = run("-f", str(path), "where", "q", *at).stdout.splitlines()
    assert text[0] == head and text[1].startswith(line)
    found = json.loads(run("-f", str(path), "where", "q", *at, "--format", "json").stdout)
    assert found["certainty"] == certainty
    rows = csv.DictReader(io.StringIO(run("-f", str(path), "where", *at, "--format", "csv").stdout))
    assert [row["place"] for row in rows] == ["Oslo"]


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        ("confirmed", "under way"),  # 'Now: ... is under way' above a 'may be under way' row
        ("expected", "under way"),
        ("speculative", "may be under way"),
        ("cancelled", None),  # a called-off meeting was 'may be under way'
    ],
)
def test_upcoming_marks_an_event_under_way_as_where_does(
    run: Run, tmp_path: Path, status: str, mark: str | None
) -> None:
    path = tmp_path / "oslo.yaml"
    path.write_text(OSLO.replace("STATUS", status), encoding="utf-8")
    table = run("-f", str(path), "upcoming", "--as-of", "2025-10-02T10:30", columns=120).stdout
    when_column = [line[:30].strip() for line in table.splitlines()]
    row = when_column.index("2025-10-02 10:00 CEST–11:00")
    assert when_column[row + 1] == (mark or "")
    where = run("-f", str(path), "where", "q", "--at", "2025-10-02T10:30").stdout.splitlines()
    if mark is not None:
        assert where[1].startswith(f"  {mark}: Talks [m]")


def test_an_exact_time_with_no_end_may_be_under_way_until_the_end_of_its_day(
    run: Run, tmp_path: Path
) -> None:
    """Talks at 10:00 with no end stated were over at 10:00:01: gone from `upcoming`, and
    `where` did not place their people at 10:30. They may be under way to the day's end in
    the stop's zone, and place no one firmly (the stops' dates still do the principal)."""
    path = tmp_path / "oslo.yaml"
    path.write_text(
        OSLO.replace("STATUS", "confirmed").replace(', end: "2025-10-02T11:00"', ""),
        encoding="utf-8",
    )

    def states(at: str) -> tuple[list[str], str, str]:
        ahead = json.loads(
            run("-f", str(path), "upcoming", "--as-of", at, "--format", "json").stdout
        )
        found = json.loads(
            run("-f", str(path), "where", "q", "--at", at, "--format", "json").stdout
        )
        timings = [event["timing"] for event in ahead["events"]]
        return timings, found["certainty"], ",".join(event["id"] for event in found["events"])

    assert states("2025-10-02T09:59+02:00") == (["next"], "unknown", "")
    assert states("2025-10-02T10:30+02:00") == (["now"], "probable", "m")
    assert states("2025-10-02T23:59+02:00") == (["now"], "probable", "m")
    assert states("2025-10-03T00:00+02:00") == ([], "unknown", "")  # midnight in Oslo
    text = run("-f", str(path), "where", "q", "--at", "2025-10-02T10:30+02:00").stdout
    assert text.splitlines()[1].startswith("  may be under way: Talks [m]")
    table = run("-f", str(path), "upcoming", "--as-of", "2025-10-02T10:30+02:00", columns=120)
    assert "\n may be under way " in table.stdout


TWO_STOPS = """\
id: t
title: T
principal: p
home_tz: UTC
sources: [{id: s, title: S}]
people: [{id: p, name: P}, {id: q, name: Q}]
stops:
  - {id: tokyo, place: Tokyo, country: Japan, tz: Asia/Tokyo, status: confirmed,
     arrive: {date: 2025-10-28}, depart: {at: "2025-10-29T15:00"}}
  - {id: seoul, place: Seoul, country: South Korea, tz: Asia/Seoul, status: confirmed,
     arrive: {at: "2025-10-29T17:00"}, depart: {date: 2025-10-31}}
events:
  - {id: m, kind: meeting, title: Tokyo talks, stop: tokyo, place: Yokohama, participants: [p, q],
     when: {at: "2025-10-29T10:00"}, status: confirmed, source: {ref: s, quote: x}}
"""


def test_an_event_with_no_end_is_over_once_its_stop_is_left(run: Run, tmp_path: Path) -> None:
    """Talks at 10:00 in Tokyo, no end stated, were still 'may be under way' at 18:00 in
    Seoul after a 15:00 departure, and `where` put the principal in Tokyo; their city
    (Yokohama) was given as the principal's, firmly, all day."""
    path = tmp_path / "two.yaml"
    path.write_text(TWO_STOPS, encoding="utf-8")
    seoul = run("-f", str(path), "where", "--at", "2025-10-29T18:00+09:00").stdout
    assert seoul.splitlines()[0] == "P is in Seoul, South Korea at 2025-10-29 18:00 KST."
    assert "Tokyo talks" not in seoul
    ahead = run(
        "-f", str(path), "upcoming", "--as-of", "2025-10-29T18:00+09:00", "--format", "json"
    )
    assert json.loads(ahead.stdout)["events"] == []
    q = run("-f", str(path), "where", "q", "--at", "2025-10-29T18:00+09:00").stdout
    assert q.splitlines()[0] == "The itinerary does not place Q at 2025-10-29 18:00 UTC+09."
    noon = run("-f", str(path), "where", "--at", "2025-10-29T12:00+09:00", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(noon.stdout)))
    assert (row["certainty"], row["place"]) == ("firm", "Tokyo")  # the dates place P, not the talks
    assert row["summary"] == "P is in Tokyo, Japan at 2025-10-29 12:00 JST."


def test_a_planned_time_with_no_end_makes_its_stop_probable_as_a_stated_day_does(
    run: Run, tmp_path: Path
) -> None:
    """The Xi meeting at 10:00 with no end (the shipped one has a day only): the principal
    was 'possible' in three stops, where the day alone made South Korea probable; and a
    cancelled meeting makes nothing probable."""
    text = SHIPPED.read_text(encoding="utf-8")
    timed = text.replace(
        "      date: 2025-10-30\n      words: on October 30", "      at: 2025-10-30T10:00"
    )
    assert timed != text
    path = tmp_path / "timed.yaml"
    path.write_text(timed, encoding="utf-8")
    where = run("-f", str(path), "where", "--at", "2025-10-30T11:00+09:00").stdout
    assert where.startswith("Donald Trump is probably in South Korea (city not stated) at ")
    ahead = run(
        "-f", str(path), "upcoming", "--as-of", "2025-10-30T11:00+09:00", "--format", "json"
    )
    assert json.loads(ahead.stdout)["probable_stop"] == "south-korea"
    stated = "      - global stability\n    status: confirmed\n"
    assert text.count(stated) == 1
    called_off = tmp_path / "cancelled.yaml"
    called_off.write_text(text.replace(stated, stated.replace("confirmed", "cancelled")), "utf-8")
    at = ("--as-of", "2025-10-30T11:00+09:00", "--format", "json")
    assert json.loads(run("upcoming", *at).stdout)["probable_stop"] == "south-korea"
    gone = run("-f", str(called_off), "upcoming", *at)
    assert json.loads(gone.stdout)["probable_stop"] is None


def test_a_zoneless_time_is_not_answered_for_another_zones_day(run: Run) -> None:
    """'2025-10-29 23:30' was read in Kuala Lumpur, first in travel order, and answered
    for 00:30 on the 30th in Seoul: 'probably in South Korea', the Xi meeting's day."""
    result = run("where", "--at", "2025-10-29 23:30")
    assert result.stdout.splitlines()[0] == (
        "Donald Trump may be in Malaysia (city not stated) or Tokyo, Japan or South Korea (city "
        "not stated) at 2025-10-29 23:30 JST: the itinerary's dates allow each."
    )
    assert result.stderr.startswith("trip: read '2025-10-29 23:30' in Asia/Tokyo ")


def test_undated_items_follow_their_stop_into_the_shown_zones_days(run: Run) -> None:
    """With --tz home, Oct 27 listed the South Korea windows (Oct 28 in Seoul begins on Oct
    27 in Washington) but not that stop's undated items: the stop was judged in Seoul days."""
    result = run("agenda", "--tz", "home", "--day", "2025-10-27", "--format", "json")
    data = json.loads(result.stdout)
    assert "meet-lee" in [event["id"] for day in data["days"] for event in day["events"]]
    assert [event["id"] for event in data["undated"]] == [
        "apec-summit",
        "grand-order-of-mugunghwa",
        "kim-encounter",
    ]
    seoul_days = run("agenda", "--day", "2025-10-27", "--format", "json")
    assert json.loads(seoul_days.stdout)["undated"] == []  # the leg begins Oct 28 in Seoul


LIMA = """\
id: lima
title: Pat goes to Lima
principal: pat
home_tz: America/New_York
sources: [{id: s, title: A source}]
people: [{id: pat, name: Pat Principal}]
stops:
  - {id: seoul, place: Seoul, country: South Korea, tz: Asia/Seoul, status: confirmed,
     arrive: {date: 2025-10-27}, depart: {at: "2025-10-28T20:00"}}
  - {id: lima, place: Lima, country: Peru, tz: America/Lima, status: confirmed,
     arrive: {at: "2025-10-29T14:00"}}
"""


def test_an_exact_arrival_at_the_last_stop_places_the_principal_there(
    run: Run, tmp_path: Path
) -> None:
    """With no departure stated, the last stop lasted until the trip's last dated moment:
    here the arrival itself, so the principal was never in Lima (a review found it). The
    stay now lasts to the end of that day; after it, the itinerary does not say."""
    path = tmp_path / "lima.yaml"
    path.write_text(LIMA, encoding="utf-8")
    arrived = run("-f", str(path), "where", "--at", "2025-10-29T14:01-05:00")
    assert (
        arrived.stdout.splitlines()[0]
        == "Pat Principal is in Lima, Peru at 2025-10-29 14:01 UTC-05."
    )
    data = json.loads(
        run(
            "-f", str(path), "upcoming", "--as-of", "2025-10-29T14:30-05:00", "--format", "json"
        ).stdout
    )
    assert (data["current_stops"], data["next_stop"]) == (["lima"], None)
    next_day = run("-f", str(path), "where", "--at", "2025-10-30T01:00-05:00")
    assert next_day.stdout.startswith("The itinerary does not say where Pat Principal is")


def test_a_planned_meeting_on_a_stated_day_places_the_principal(run: Run) -> None:
    """On October 30 the stops' vague dates allow Malaysia, Tokyo and South Korea, but the
    Xi meeting is confirmed for that day in South Korea, with the principal: `where` said
    'may be in' all three, while it placed Xi himself 'probably in South Korea'."""
    result = run("where", "--at", "2025-10-30 12:00", "--tz", "Asia/Seoul")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Donald Trump is probably in South Korea (city not stated) at 2025-10-30 12:00 KST: a "
        "meeting there is on that day."
    )
    data = json.loads(
        run("where", "--at", "2025-10-30 12:00", "--tz", "Asia/Seoul", "--format", "json").stdout
    )
    assert (data["certainty"], [stop["id"] for stop in data["stops"]]) == (
        "probable",
        ["south-korea"],
    )
    # the day before, no planned event on a stated day settles it
    before = json.loads(
        run("where", "--at", "2025-10-29 12:00", "--tz", "Asia/Seoul", "--format", "json").stdout
    )
    assert (before["certainty"], len(before["stops"])) == ("possible", 3)


def test_where_and_upcoming_agree_on_the_stop_a_stated_day_makes_probable(run: Run) -> None:
    """On October 30 the dates allow Malaysia, Tokyo and South Korea, and the Xi meeting that
    day makes South Korea probable. `where` said so and `upcoming` listed all three; and
    '2025-10-30 14:00' was read in Kuala Lumpur, first in travel order, so `where` answered
    for 15:00 in Seoul."""
    where = run("where", "--at", "2025-10-30 14:00")
    assert where.stdout.splitlines()[0] == (
        "Donald Trump is probably in South Korea (city not stated) at 2025-10-30 14:00 KST: a "
        "meeting there is on that day."
    )
    assert where.stderr == (
        "trip: read '2025-10-30 14:00' in Asia/Seoul (2025-10-30T14:00+09:00): the itinerary "
        "allows more than one stop then; South Korea (city not stated) is the probable one "
        "('Face-to-face meeting with President Xi Jinping' is that day); add an offset or "
        "--tz ZONE to choose\n"
    )
    upcoming = run("upcoming", "--as-of", "2025-10-30 14:00", columns=200).stdout.splitlines()
    assert upcoming[1] == (
        "Now: probably South Korea (city not stated) ('Face-to-face meeting with President Xi "
        "Jinping' is that day); the itinerary's dates also allow Malaysia (city not stated) or "
        "Tokyo, Japan."
    )
    data = json.loads(run("upcoming", "--as-of", "2025-10-30 14:00", "--format", "json").stdout)
    assert (data["current_stops"], data["probable_stop"]) == (
        ["malaysia", "japan", "south-korea"],
        "south-korea",
    )
    day_before = run("upcoming", "--as-of", "2025-10-29T14:00+09:00", "--format", "json")
    assert json.loads(day_before.stdout)["probable_stop"] is None  # no stated day then
    day_before_text = run("upcoming", "--as-of", "2025-10-29 14:00", columns=200).stdout
    assert day_before_text.splitlines()[1].endswith("(per the itinerary's dates).")


def test_a_moment_no_stop_places_is_shown_as_it_was_asked(run: Run) -> None:
    """'Oct 30' for someone the itinerary does not place was read in Kuala Lumpur's zone,
    then shown in the home zone: 'at 2025-10-29 12:00 EDT', a day not asked about."""
    result = run("where", "kim", "--at", "2025-10-30")
    assert result.stdout.splitlines()[0] == (
        "The itinerary does not place Kim Jong Un at 2025-10-30 00:00 KST."
    )
    in_utc = run("where", "kim", "--at", "2025-10-30T03:00Z")  # UTC: the home zone, as now
    assert in_utc.stdout.splitlines()[0] == (
        "The itinerary does not place Kim Jong Un at 2025-10-29 23:00 EDT."
    )


PLACES = """\
id: places
title: Places that share words
principal: pat
home_tz: UTC
sources: [{id: s, title: A source}]
people: [{id: pat, name: Pat Principal}]
stops:
  - {id: ne, country: Niger, place: Niamey, tz: Africa/Niamey, status: confirmed}
  - {id: ng, country: Nigeria, place: Abuja, tz: Africa/Lagos, status: confirmed}
  - {id: sd, country: Sudan, place: Khartoum, tz: Africa/Khartoum, status: confirmed}
  - {id: ss, country: South Sudan, place: Juba, tz: Africa/Juba, status: confirmed}
  - {id: ny, country: United States, place: New York, tz: America/New_York, status: confirmed}
events:
"""


@pytest.mark.parametrize(
    ("option", "query", "found"),
    [
        ("--country", "Niger", ["e-ne"]),  # was Niger and Nigeria: a part of a word
        ("--country", "nigeria", ["e-ng"]),
        ("--country", "sudan", ["e-sd"]),  # the same name, when one is: not South Sudan
        ("--country", "south", ["e-ss"]),  # else whole words
        ("--country", "united states", ["e-ny"]),
        ("--place", "york", ["e-ny"]),
        ("--place", "NEW YORK", ["e-ny"]),
        ("--place", "yor", []),
    ],
)
def test_places_are_named_by_whole_words(
    run: Run, tmp_path: Path, option: str, query: str, found: list[str]
) -> None:
    events = "".join(
        f"  - {{id: e-{stop}, kind: meeting, title: Talks, stop: {stop}, participants: [pat],"
        f" status: confirmed, source: {{ref: s, quote: q.}}}}\n"
        for stop in ("ne", "ng", "sd", "ss", "ny")
    )
    path = tmp_path / "places.yaml"
    path.write_text(PLACES + events, encoding="utf-8")
    result = run("-f", str(path), "meetings", option, query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [event["id"] for event in json.loads(result.stdout)] == found


def test_a_day_shown_beside_another_zone_is_marked_local(run: Run) -> None:
    """The README promised '(local)' on a whole day or window shown with --tz in another
    zone; only the agenda said it, and a Washington reader took the Seoul date as theirs."""
    rows = run("meetings", "--with", "xi", "--tz", "home").stdout
    assert "2025-10-30 Thu" in rows and "(local)" in rows
    stops = run("stops", "--tz", "home", columns=200).stdout  # no cell wraps
    assert "sometime 2025-10-28–30 (local)" in stops
    assert "(local)" not in run("meetings", "--with", "xi").stdout  # in its own zone
    korea = run("stops", "--tz", "Asia/Seoul").stdout.splitlines()
    assert "(local)" not in next(line for line in korea if "south-korea" in line)


def test_a_last_stop_with_no_dates_is_not_extended_past_the_trip(run: Run, tmp_path: Path) -> None:
    """The end of the last dated day was taken in the undated last stop's own zone: six
    hours after the trip's last moment, the principal was 'in Lima'."""
    text = LIMA.replace(
        ', status: confirmed,\n     arrive: {at: "2025-10-29T14:00"}}', ", status: confirmed}"
    )
    assert "2025-10-29T14:00" not in text
    path = tmp_path / "undated-last.yaml"
    path.write_text(text, encoding="utf-8")
    after = run("-f", str(path), "where", "--at", "2025-10-28T16:00-05:00")
    assert after.stdout.startswith("The itinerary does not say where Pat Principal is")


def test_a_filter_of_no_letters_names_no_place(run: Run) -> None:
    result = run("meetings", "--country", "?", "--format", "json")
    assert (result.exit_code, result.stdout.strip()) == (0, "[]")
