"""Every export read back by a real consumer of its format, on the shipped itinerary and on a
fixture whose text tries to become markup, a formula or a script."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trip_tracker import queries
from trip_tracker.loader import load_path

from .conftest import SHIPPED, Result

HOSTILE = str(Path(__file__).parent / "fixtures" / "export-hostile.yaml")
HOSTILE_TITLE = "<script>alert(1)</script> | *bold* [link](http://x) & co #"
AS_OF = "2025-10-25 12:00"

Run = Callable[..., Result]


def export(run: Run, path: str, fmt: str, *extra: str) -> Result:
    result = run("-f", path, "export", "--format", fmt, "--as-of", AS_OF, *extra)
    assert result.exit_code == 0, result.stderr
    return result


# --- Markdown ---------------------------------------------------------------------------


def inline_text(token: Any) -> str:
    """The literal text CommonMark gives for an inline token: escapes resolved, markup gone."""
    return "".join(
        child.content for child in token.children or () if child.type in {"text", "text_special"}
    )


def markdown_headings(text: str) -> list[tuple[str, str]]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    return [
        (token.tag, inline_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def markdown_text(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    return [
        inline_text(token)
        for token in MarkdownIt("commonmark").parse(text)
        if token.type == "inline"
    ]


def test_markdown_briefing_has_the_right_headings(run: Run) -> None:
    result = export(run, str(SHIPPED), "md")
    headings = markdown_headings(result.stdout)
    trip = load_path(str(SHIPPED))
    assert headings[0] == ("h1", trip.title)
    assert [text for tag, text in headings if tag == "h2"] == [
        "Sources",
        "1. Washington, United States",
        "2. Malaysia (city not stated)",
        "3. Tokyo, Japan",
        "4. South Korea (city not stated)",
        "Open questions",
    ]
    assert [text for tag, text in headings if tag == "h3"] == [
        event.title
        for stop in trip.stops
        for event in queries.chronological(trip, (e for e in trip.events if e.stop == stop.id))
    ]
    assert "**As of:** 2025-10-25 12:00 EDT" in result.stdout


def test_markdown_briefing_heads_with_separate_lines_and_gives_every_date_rule(run: Run) -> None:
    """'**Principal:**' and '**As of:**' ran on as one paragraph; a derived date showed
    '(derived)' without the rule it was worked out by."""
    result = export(run, str(SHIPPED), "md")
    paragraphs = markdown_text(result.stdout)
    assert paragraphs[1:3] == [
        "Principal: Donald Trump, President of the United States",
        "As of: 2025-10-25 12:00 EDT",
    ]
    trip = load_path(str(SHIPPED))
    rules = [
        when.derived
        for stop in trip.stops
        for when in (stop.arrive, stop.depart, *(e.when for e in trip.events if e.stop == stop.id))
        if when is not None and when.derived
    ]
    shown = [text.split(" worked out: ", 1)[1] for text in paragraphs if " worked out: " in text]
    assert len(rules) > 5
    assert sorted(shown) == sorted(rules)


def test_markdown_keeps_ordinary_punctuation_readable(run: Run) -> None:
    result = export(run, str(SHIPPED), "md")
    assert "U.S.-China economic frictions" in result.stdout
    assert "Association of Southeast Asian Nations (ASEAN) summit" in result.stdout
    assert "America/New_York" in result.stdout
    assert "\\." not in result.stdout and "\\-" not in result.stdout


def test_markdown_data_never_becomes_markup(run: Run) -> None:
    from markdown_it import MarkdownIt

    result = export(run, HOSTILE, "md")
    rendered = MarkdownIt("commonmark").render(result.stdout)
    for tag in ("<script", "<a ", "<em>", "<code>", "<b>", "<i>", "<ol", "<table"):
        assert tag not in rendered
    # Only our own bold labels: one <strong> per label, none from the data.
    assert rendered.count("<strong>") == result.stdout.count("**") // 2
    # Every heading is ours, with the data's text exactly: the data made none of its own.
    assert markdown_headings(result.stdout) == [
        ("h1", HOSTILE_TITLE),
        ("h2", "Sources"),
        ("h2", "1. Tokyo, Japan"),
        ("h3", "Window talks `code` ~strike~"),
        ("h3", "-1 breakfast, =SUM(A1) & <b>"),
        ("h2", "2. Seoul, South Korea"),
        ("h3", "<script>alert(1)</script> talks | trade"),
        ("h3", "# 1. Speech"),
        ("h3", "Cancelled ceremony"),
        ("h3", "Undated visit"),
        ("h2", "Open questions"),
    ]
    texts = markdown_text(result.stdout)
    assert "# Not a heading - not a list 1. not a list either" in texts
    assert "Notes: Line one line two \\x1b[31m red" in texts


def test_a_carriage_return_in_the_data_is_shown_in_every_text_export(
    run: Run, tmp_path: Path
) -> None:
    """A carriage return in `others` was shown as \\r in the CSV and HTML, and turned into
    a space, silently, in the Markdown and the calendar."""
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "participants: [trump, xi]",
        'participants: [trump, xi]\n    others: ["aides\\rand\\x0bstaff"]',
    )
    path = tmp_path / "cr.yaml"
    path.write_text(text, encoding="utf-8")
    shown = "aides\\rand\\x0bstaff"
    assert f"Who: Donald Trump, Xi Jinping, {shown}" in markdown_text(
        export(run, str(path), "md").stdout
    )
    from icalendar import Calendar

    calendar = Calendar.from_ical(export(run, str(path), "ics").stdout)
    descriptions = [str(event["description"]) for event in calendar.walk("VEVENT")]
    assert any(shown in description for description in descriptions)
    assert shown in export(run, str(path), "csv").stdout
    assert shown in export(run, str(path), "html").stdout


def test_markdown_open_questions_list_open_stops_and_events(run: Run) -> None:
    result = export(run, HOSTILE, "md")
    section = result.stdout.split("## Open questions", 1)[1]
    assert section.splitlines()[2:6] == [
        "- **Stop: Seoul, South Korea** (📰 reported): “Seoul \\| next, \\*maybe\\*.”",
        "- **Window talks \\`code\\` \\~strike\\~** (❓ speculative): “Maybe talks.”",
        '- **\\# 1. Speech** (📰 reported): “A speech, "reportedly".”',
        "- **Undated visit** (🤔 under consideration): “Perhaps a visit.”",
    ]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("U.S.-China (trade) talks.", "U.S.-China (trade) talks."),
        ("# x", "\\# x"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12) x", "12\\) x"),
        ("ends ##", "ends \\##"),
        ("C# and F#", "C# and F#"),
        ("a | b", "a \\| b"),
        ("> quoted <b>, a > b", "\\> quoted \\<b>, a > b"),
        ("&amp; & x", "\\&amp; & x"),
        ("_x_ New_York", "\\_x\\_ New_York"),
        ("a\\b", "a\\\\b"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escape_only_what_commonmark_needs(text: str, escaped: str) -> None:
    from markdown_it import MarkdownIt

    from trip_tracker.export.markdown import escape

    assert escape(text) == escaped
    rendered = MarkdownIt("commonmark").renderInline(escape(text))
    assert rendered == html.escape(" ".join(text.split()), quote=True)


# --- JSON and its schema -------------------------------------------------------------------


@pytest.mark.parametrize("path", [str(SHIPPED), HOSTILE])
def test_json_export_is_valid_against_trip_schema_and_loads_back_equal(
    run: Run, tmp_path: Path, path: str
) -> None:
    import jsonschema

    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    target = tmp_path / "export.json"
    export(run, path, "json", "-o", str(target))
    document = json.loads(target.read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(document)) == []
    assert document["computed"]["generated_for"] == "2025-10-25T12:00:00-04:00"
    original, again = load_path(path), load_path(str(target))
    assert again == original
    assert again.model_dump() == original.model_dump()
    stops = run("-f", str(target), "stops")
    assert stops.exit_code == 0 and stops.stdout == run("-f", path, "stops").stdout


def test_json_counts_every_status_in_order_of_sureness(run: Run) -> None:
    """The counts followed the file's order and left out a status no event has: two
    exports could not be compared key by key."""
    counts = json.loads(export(run, str(SHIPPED), "json").stdout)["computed"]["status_counts"]
    assert list(counts.items()) == [
        ("confirmed", 1),
        ("scheduled", 8),
        ("expected", 3),
        ("reported", 0),
        ("under-consideration", 1),
        ("speculative", 1),
        ("cancelled", 0),
    ]


def test_schema_rejects_what_the_loader_rejects(run: Run) -> None:
    import jsonschema

    schema = json.loads(run("schema").stdout)
    document = load_path(str(SHIPPED)).model_dump(mode="json", exclude_none=True)
    document["events"][0]["when"]["at"] = "next Tuesday"
    document["stops"][0]["colour"] = "red"
    messages = sorted(
        e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)
    )
    assert len(messages) == 2
    assert "'colour' was unexpected" in messages[0]


@pytest.mark.parametrize(
    ("at", "valid"),
    [
        ("2025-10-24T12:00+09", False),  # the schema allowed it; the loader refuses it
        ("2025-10-24T12:00+0900", True),
        ("2025-10-24t12:00z", True),  # the loader reads it; the schema refused it
        ("2025-10-24 12:00", True),
        ("2025-10-24T12", False),
        ("2025-10-24T12:00:00,5", True),  # a comma fraction, which the schema refused
        ("2025-10-24T24:00", False),  # these the schema took and the loader refuses
        ("2025-10-24T12:00:60", False),
        ("2025-10-24T12:00+09:60", False),
    ],
)
def test_schema_and_loader_agree_on_exact_times(
    run: Run, tmp_path: Path, at: str, valid: bool
) -> None:
    import jsonschema

    schema = json.loads(run("schema").stdout)
    document = load_path(str(SHIPPED)).model_dump(mode="json", exclude_none=True)
    document["events"][0]["when"] = {"at": at}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = run("validate", str(path))
    assert (errors == [], loaded.exit_code == 0) == (valid, valid), (errors, loaded.stderr)


def test_schema_help_has_examples(run: Run) -> None:
    result = run("schema", "--help")
    assert result.exit_code == 0
    assert "trip schema > trip.schema.json" in result.stdout


# --- CSV -------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_event_with_the_documented_columns(run: Run) -> None:
    from trip_tracker.export.csvfile import COLUMNS

    result = export(run, str(SHIPPED), "csv")
    assert result.stdout.startswith(",".join(COLUMNS) + "\r\n")
    assert result.stdout.count("\r\n") == result.stdout.count("\n")
    rows = csv_rows(result.stdout)
    trip = load_path(str(SHIPPED))
    assert sorted(row["event_id"] for row in rows) == sorted(e.id for e in trip.events)
    xi = next(row for row in rows if row["event_id"] == "meet-xi")
    assert xi["participants"] == "Donald Trump; Xi Jinping"
    assert xi["precision"] == "day" and xi["start"] == xi["end"] == "2025-10-30"
    assert xi["topics"] == "trade tensions; security issues; global stability"
    undated = next(row for row in rows if row["event_id"] == "apec-summit")
    assert (undated["precision"], undated["start"], undated["when"]) == ("", "", "date not stated")


def test_csv_for_excel_begins_with_a_byte_order_mark_and_nothing_else_changes(
    run: Run, tmp_path: Path
) -> None:
    plain = export(run, str(SHIPPED), "csv").stdout
    marked = export(run, str(SHIPPED), "csv", "--bom").stdout
    assert marked == "\ufeff" + plain
    target = tmp_path / "events.csv"
    export(run, str(SHIPPED), "csv", "--bom", "-o", str(target))
    assert target.read_bytes() == b"\xef\xbb\xbf" + plain.encode("utf-8")
    other = run("export", "--format", "md", "--bom")
    assert (other.exit_code, other.stdout) == (2, "")
    assert other.stderr == (
        "trip: error: --bom goes with --format csv (the other formats say they are UTF-8)\n"
    )


def test_csv_neutralises_formulas_and_quotes_per_rfc_4180(run: Run) -> None:
    result = export(run, HOSTILE, "csv")
    rows = {row["event_id"]: row for row in csv_rows(result.stdout)}
    talks = rows["seoul-talks"]
    assert talks["participants"] == 'Pat Boss; =HYPERLINK("http://x")'
    assert talks["participant_ids"] == "boss; hyper"
    assert talks["topics"] == "trade | tariffs; @security"
    assert talks["notes"] == "Line one\nline two \\x1b[31m red"
    assert (talks["start"], talks["end"]) == (
        "2025-10-29T09:00:00+09:00",
        "2025-10-29T10:30:00+09:00",
    )
    assert rows["tokyo-breakfast"]["title"] == "'-1 breakfast, =SUM(A1) & <b>"
    assert rows["tokyo-breakfast"]["when"] == "2025-10-28 09:00 JST"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_names_a_formula_person_only_as_inert_text(tmp_path: Path, run: Run) -> None:
    fixture = tmp_path / "formula.yaml"
    text = (
        Path(HOSTILE)
        .read_text("utf-8")
        .replace("participants: [boss, hyper]", "participants: [hyper]")
    )
    fixture.write_text(text, "utf-8")
    rows = csv_rows(export(run, str(fixture), "csv").stdout)
    assert rows[0]["participants"] == '\'=HYPERLINK("http://x")'


#: Every command that prints a list, as run on the hostile fixture.
LIST_COMMANDS = [
    ["people"],
    ["meetings"],
    ["stops"],
    ["agenda"],
    ["together", "boss", "hyper"],
    ["upcoming", "--as-of", "2025-10-01"],
]


@pytest.mark.parametrize(
    "command", [*LIST_COMMANDS, ["where", "--at", "2025-10-02T12:00Z"], ["show", "hyper"]]
)
def test_every_json_a_command_prints_is_laid_out_as_json_dumps_would(
    run: Run, command: list[str]
) -> None:
    """Written by pydantic_core for speed: the text json.dumps(indent=2) would write, control
    characters escaped the same way, the rest of Unicode kept as it is."""
    result = run("-f", HOSTILE, *command, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("command", LIST_COMMANDS)
def test_every_csv_a_command_prints_is_formula_safe(run: Run, command: list[str]) -> None:
    """The list commands' CSV wrote `=HYPERLINK(...)`, `+1 guest` and `-1 breakfast` as they
    are; only the export's CSV guarded them. Numbers (stop order) are left as numbers."""
    result = run("-f", HOSTILE, *command, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "\r\n" not in result.stdout  # LF for shell tools, as the README says
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (command, value)
    if command == ["people"]:
        assert rows[2][:4] == ["hyper", '\'=HYPERLINK("http://x")', "'+1 guest", "'@Home"]
    if command == ["stops"]:
        assert [row[0] for row in rows[1:]] == ["1", "2"]


# --- ICS -------------------------------------------------------------------------------------


def ics_events(text: str) -> list[object]:
    from icalendar import Calendar

    return list(Calendar.from_ical(text).walk("VEVENT"))


@pytest.mark.parametrize(("path", "dated"), [(str(SHIPPED), 11), (HOSTILE, 5)])
def test_ics_is_read_by_two_parsers_with_every_tzid_backed(run: Run, path: str, dated: int) -> None:
    import vobject
    from icalendar import Calendar

    result = export(run, path, "ics")
    text = result.stdout
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//trip-tracker//trip ")
    calendar = Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == dated
    used = {
        component[prop].params["TZID"]
        for component in events
        for prop in ("DTSTART", "DTEND")
        if prop in component and "TZID" in component[prop].params
    }
    defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert used <= defined
    parsed = vobject.readOne(text)
    assert len(parsed.vevent_list) == dated
    for event in parsed.vevent_list:
        assert event.dtstamp.value.isoformat() == "2025-10-25T16:00:00+00:00"


def test_ics_values_keep_their_precision(run: Run) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    result = export(run, HOSTILE, "ics")
    assert (
        "left out of the calendar: 1 event(s) with no stated date: seoul-someday" in result.stderr
    )
    events = {str(e["UID"]): e for e in ics_events(result.stdout)}
    assert sorted(events) == [
        "seoul-cancelled@hostile-trip",
        "seoul-day@hostile-trip",
        "seoul-talks@hostile-trip",
        "tokyo-breakfast@hostile-trip",
        "tokyo-window@hostile-trip",
    ]
    talks = events["seoul-talks@hostile-trip"]
    seoul = ZoneInfo("Asia/Seoul")
    assert talks["DTSTART"].dt == datetime(2025, 10, 29, 9, 0, tzinfo=seoul)
    assert talks["DTEND"].dt == datetime(2025, 10, 29, 10, 30, tzinfo=seoul)
    assert talks["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert str(talks["STATUS"]) == "CONFIRMED"
    assert str(talks["SUMMARY"]) == "<script>alert(1)</script> talks | trade"
    assert str(talks["LOCATION"]) == "Seoul, South Korea"
    assert talks["CATEGORIES"].cats == ["bilateral", "confirmed"]
    assert str(talks["DESCRIPTION"]).splitlines() == [
        "Status: confirmed",
        "When: 2025-10-29 09:00 KST–10:30",
        "Where: Seoul, South Korea",
        'Who: Pat Boss, =HYPERLINK("http://x")',
        "Topics: trade | tariffs; @security",
        "Source: “They meet at 9 <b>sharp</b>.”",
        "Notes: Line one line two \\x1b[31m red",
    ]
    breakfast = events["tokyo-breakfast@hostile-trip"]
    assert breakfast["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert breakfast["DTSTART"].dt.isoformat() == "2025-10-28T09:00:00+09:00"
    day = events["seoul-day@hostile-trip"]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (date(2025, 10, 30), date(2025, 10, 31))
    assert str(day["STATUS"]) == "TENTATIVE"
    assert str(events["seoul-cancelled@hostile-trip"]["STATUS"]) == "CANCELLED"
    window = events["tokyo-window@hostile-trip"]
    assert (window["DTSTART"].dt, window["DTEND"].dt) == (date(2025, 10, 27), date(2025, 10, 29))
    assert (str(window["STATUS"]), str(window["TRANSP"])) == ("TENTATIVE", "TRANSPARENT")


def test_ics_uids_are_stable_and_the_same_moment_gives_the_same_bytes(run: Run) -> None:
    first = export(run, str(SHIPPED), "ics").stdout
    again = export(run, str(SHIPPED), "ics").stdout
    later = run("export", "--format", "ics", "--as-of", "2025-10-29").stdout
    assert first == again
    uids = [str(e["UID"]) for e in ics_events(first)]
    assert uids == [str(e["UID"]) for e in ics_events(later)]
    assert "meet-xi@us-president-asia-2025-10" in uids
    assert len(set(uids)) == len(uids)


def test_ics_of_a_trip_without_dated_events_is_an_empty_calendar(run: Run, tmp_path: Path) -> None:
    fixture = tmp_path / "undated.yaml"
    text = Path(HOSTILE).read_text("utf-8").split("events:")[0]
    fixture.write_text(text, "utf-8")
    result = export(run, str(fixture), "ics")
    assert ics_events(result.stdout) == []
    assert result.stderr == "trip: the calendar holds no events: the itinerary has none\n"
    # RFC 5545 wants a component: it was an empty VCALENDAR, which strict readers refuse
    from icalendar import Calendar

    components = [part.name for part in Calendar.from_ical(result.stdout).subcomponents]
    assert components == ["VTIMEZONE"]
    assert "\r\nTZID:America/New_York\r\n" in result.stdout  # the home zone


# --- HTML ------------------------------------------------------------------------------------


def test_html_page_escapes_every_text_and_carries_no_script(run: Run) -> None:
    import html5lib

    result = export(run, HOSTILE, "html")
    page = result.stdout
    document = html5lib.parse(page, namespaceHTMLElements=False)
    assert document.findall(".//script") == []
    assert document.find("head/title").text == HOSTILE_TITLE
    assert document.find(".//h1").text == HOSTILE_TITLE
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert document.findall(".//b") == [] and document.findall(".//i") == []
    # Nothing to load or follow: no external resource, no link, no handler.
    for element in document.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on")
            assert name not in {"src", "href", "action"}, (element.tag, value)
    assert "javascript:alert(1)" in document.find(".//section[@class='sources']/ul/li").text
    assert len(document.findall(".//article")) == 6
    assert [h.text for h in document.findall(".//section[@id='stop-2']/h3")] == [
        "2025-10-29 Wed",
        "2025-10-30 Thu",
        "Date not stated",
    ]
    assert "\\x1b[31m" in page and "\x1b" not in page


def test_html_is_well_formed_for_the_standard_parser_and_prints(run: Run) -> None:
    from html.parser import HTMLParser

    result = export(run, str(SHIPPED), "html")

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.people: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

    collector = Collector()
    collector.feed(result.stdout)
    assert collector.tags.count("style") == 1 and "script" not in collector.tags
    assert "@media print" in result.stdout
    assert "Content-Security-Policy" in result.stdout
    assert collector.tags.count("article") == 14
    assert collector.tags.count("tr") == 1 + 5  # header and one row per person
    assert '<span class="badge confirmed">confirmed</span>' in result.stdout


def test_html_gives_each_day_and_window_one_heading_in_day_order(run: Run, tmp_path: Path) -> None:
    """With the business lunch on a day (Oct 28), events sorted by their start went day,
    window, day, window... under South Korea: 'Sometime 2025-10-28 to 2025-10-30' twice."""
    path = tmp_path / "lunch-on-a-day.yaml"
    text = SHIPPED.read_text("utf-8")
    window = text[text.index("  - id: apec-business-lunch") :].split("    participants:")[0]
    on_a_day = window[: window.index("    when:")] + "    when: {date: 2025-10-28}\n"
    path.write_text(text.replace(window, on_a_day), "utf-8")
    page = export(run, str(path), "html").stdout
    korea = page[page.index("<h2>4. South Korea") : page.index("<h2>People")]
    headings = [line for line in korea.splitlines() if line.startswith("<h3>")]
    assert headings == [
        "<h3>2025-10-28 Tue</h3>",
        "<h3>Sometime 2025-10-28 to 2025-10-30</h3>",
        "<h3>2025-10-30 Thu</h3>",
        "<h3>Date not stated</h3>",
    ]
    assert korea.count("<article") == 8
    lunch = korea.index("Address to a business lunch")
    assert korea.index("<h3>2025-10-28 Tue</h3>") < lunch < korea.index("<h3>Sometime")


def test_the_same_itinerary_gives_the_same_export(run: Run) -> None:
    for fmt in ("md", "json", "csv", "html"):
        assert export(run, HOSTILE, fmt).stdout == export(run, HOSTILE, fmt).stdout


def test_export_help_lists_every_format(run: Run) -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    assert "[csv|html|ics|json|md]" in result.stdout
    assert "trip export --format ics -o trip.ics" in result.stdout


QUIET = str(Path(__file__).parent / "fixtures" / "export-quiet.yaml")


def test_a_stop_without_events_and_a_trip_without_open_questions_say_so(run: Run) -> None:
    briefing = export(run, QUIET, "md").stdout
    assert "## 1. Paris, France\n\n" in briefing
    assert "_No events listed._" in briefing
    assert briefing.endswith(
        "## Open questions\n\n"
        "_None: nothing is only reported, under consideration or speculative._\n"
    )
    assert "- Internal memo (The Office)" in briefing
    page = export(run, QUIET, "html").stdout
    assert "<p><em>No events listed.</em></p>" in page
    assert "<li>Internal memo (The Office)</li>" in page
    assert export(run, QUIET, "csv").stdout.count("\r\n") == 1


def test_ics_is_the_same_bytes_whatever_the_hash_seed() -> None:
    """icalendar adds the VTIMEZONEs in a set's order: with two zones or more the calendar
    changed from run to run (PYTHONHASHSEED), against the README's promise."""
    import os
    import subprocess
    import sys

    zones = str(Path(__file__).parent / "fixtures" / "zones-trip.yaml")
    command = [sys.executable, "-c", "from trip_tracker.cli import main; main()", "-f", zones]
    outputs = [
        subprocess.run(
            [*command, "--no-cache", "export", "--format", "ics", "--as-of", "2025-10-25"],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=60,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4", "5")
    ]
    assert len(set(outputs)) == 1
    tzids = [line for line in outputs[0].decode().splitlines() if line.startswith("TZID:")]
    assert tzids == ["TZID:Asia/Seoul", "TZID:Europe/London"]


def test_html_people_say_how_sure_each_meeting_is_and_what_is_not_stated(run: Run) -> None:
    """The HTML people table listed bare titles ('Possible encounter with Kim Jong Un', a
    cancelled meeting alike) and left unknown roles blank; `trip people` says both."""
    import html5lib

    page = export(run, SHIPPED, "html").stdout
    rows = html5lib.parse(page, namespaceHTMLElements=False).findall(".//section/table/tbody/tr")
    cells = {row[0].text: [cell.text for cell in row[1:]] for row in rows}
    assert cells["Donald Trump"][2] == "(the principal)"
    assert cells["Kim Jong Un"] == [
        "not stated",
        "not stated",
        "speculative: Possible encounter with Kim Jong Un, South Korea (city not stated), "
        "date not stated",
    ]
    assert cells["Xi Jinping"][2].startswith("confirmed: Face-to-face meeting")


def test_the_sources_say_what_the_text_leaves_out(run: Run) -> None:
    """The source's description (the year is not in the text) was in no export."""
    for fmt in ("md", "html"):
        stated = "The text gives no year: 2025 is taken from outside knowledge"
        assert stated in export(run, SHIPPED, fmt).stdout


def test_ics_is_confirmed_only_where_the_source_gives_the_date(run: Run) -> None:
    """The Friday departure, a date worked out from 'on Friday', was CONFIRMED like the
    Xi meeting, which the White House confirmed for October 30."""
    statuses = {
        str(event["UID"]).split("@")[0]: str(event["STATUS"])
        for event in ics_events(export(run, str(SHIPPED), "ics").stdout)
    }
    assert statuses["meet-xi"] == "CONFIRMED"
    assert statuses["depart-washington"] == "TENTATIVE"  # scheduled, date derived
    assert set(statuses.values()) == {"CONFIRMED", "TENTATIVE"}
    zones = str(Path(__file__).parent / "fixtures" / "zones-trip.yaml")
    exact = {str(e["UID"]): str(e["STATUS"]) for e in ics_events(export(run, zones, "ics").stdout)}
    assert exact["lee-lunch@zones-test"] == "CONFIRMED"  # scheduled, at a stated time


def test_ics_titles_say_how_sure_and_how_vague(run: Run) -> None:
    """Many calendars show no STATUS: 'Signing of a trade agreement with Malaysia', only
    expected and sometime in five days, showed as a plain five-day block."""
    summaries = {
        str(event["UID"]).split("@")[0]: str(event["SUMMARY"])
        for event in ics_events(export(run, str(SHIPPED), "ics").stdout)
    }
    assert summaries["malaysia-trade-agreement"] == (
        "[expected] Signing of a trade agreement with Malaysia (sometime Oct 26–30)"
    )
    assert summaries["arrive-malaysia"] == "[expected] Arrival in Malaysia (date derived)"
    assert summaries["depart-washington"] == "Departure from Washington for Asia (date derived)"
    assert summaries["meet-lee"] == "Meeting with President Lee Jae Myung (sometime Oct 28–30)"
    assert summaries["meet-xi"] == "Face-to-face meeting with President Xi Jinping"


def test_ics_titles_are_one_line_and_a_one_day_window_says_its_day(
    run: Run, tmp_path: Path
) -> None:
    """A trip title written as a YAML `>` block (it ends in a newline) crashed the calendar
    ('internal error', exit 70); an event's put a line break in its SUMMARY. A window of
    one day read 'sometime Oct 29–29'."""
    title = "US presidential trip to Malaysia, Japan and South Korea (October 2025)"
    text = SHIPPED.read_text("utf-8").replace(f"title: {title}", f"title: >\n  {title}")
    text = text.replace(
        "    title: Meeting with President Lee Jae Myung", "    title: >\n      Meeting with Lee"
    )
    lee = text.index("  - id: meet-lee")
    text = text[:lee] + text[lee:].replace("latest: 2025-10-30", "latest: 2025-10-28", 1)
    path = tmp_path / "folded.yaml"
    path.write_text(text, "utf-8")
    calendar = export(run, str(path), "ics").stdout
    assert f"X-WR-CALNAME:{title[:61]}\r\n {title[61:]}\r\n" in calendar
    summaries = {
        str(event["UID"]).split("@")[0]: str(event["SUMMARY"]) for event in ics_events(calendar)
    }
    assert summaries["meet-lee"] == "Meeting with Lee (sometime Oct 28)"
    assert "sometime 2025-10-28 (derived from 'then')" in export(run, str(path), "md").stdout


def test_html_and_ics_give_every_date_rule_as_the_briefing_does(run: Run) -> None:
    """A derived date showed '(derived ...)' without the rule it was worked out by, in the
    page and in the calendar's descriptions (a review found it)."""
    import re

    trip = load_path(str(SHIPPED))
    event_rules = {
        event.id: event.when.derived
        for event in trip.events
        if event.when is not None and event.when.derived
    }
    stop_rules = [
        when.derived
        for stop in trip.stops
        for when in (stop.arrive, stop.depart)
        if when is not None and when.derived
    ]
    assert len(event_rules) > 5 and stop_rules
    page = export(run, str(SHIPPED), "html").stdout
    shown = re.findall(r"<dt>(?:Arrival|Departure|Date) worked out</dt><dd>(.*?)</dd>", page)
    assert sorted(html.unescape(rule) for rule in shown) == sorted(
        [*event_rules.values(), *stop_rules]
    )
    calendar = export(run, str(SHIPPED), "ics").stdout
    described = {
        str(entry["UID"]).split("@")[0]: str(entry["DESCRIPTION"])
        for entry in ics_events(calendar)  # type: ignore[index]
    }
    for event_id, rule in event_rules.items():
        if event_id in described:  # undated events are left out of a calendar
            assert f"\nDate worked out: {' '.join(rule.split())}\n" in described[event_id]
    assert sum(event_id in described for event_id in event_rules) > 5
