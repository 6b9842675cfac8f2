"""The loader: YAML 1.2 meanings, safe parsing, and every problem located as FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest

from trip_tracker.errors import DataError, field_path
from trip_tracker.loader import load_path, load_text

from .helpers import MINIMAL


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_text(text, "x.yaml")
    return caught.value.messages()


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    assert problems(text) == [
        "x.yaml:1:1: is empty: an itinerary needs at least id, title, principal, home_tz, "
        "sources and stops"
    ]


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n- b\n", "a list"), ("hello\n", "a single value (str)")]
)
def test_root_must_be_a_mapping(text: str, kind: str) -> None:
    assert problems(text) == [
        f"x.yaml:1:1: the top level must be a mapping of fields (key: value), not {kind}"
    ]


def test_duplicate_key_names_both_lines() -> None:
    text = MINIMAL.replace("title: Test trip\n", "title: Test trip\ntitle: Again\n")
    assert problems(text) == ["x.yaml:4:1: title: duplicate key 'title' (first given on line 3)"]


def test_unknown_field_suggests_the_closest_name() -> None:
    text = MINIMAL.replace("participants: [p, q]", "participant: [p, q]")
    assert problems(text) == [
        "x.yaml:28:5: events[0].participant: unknown field 'participant' "
        "(did you mean 'participants'?)"
    ]


def test_unknown_field_without_a_close_name_lists_the_known_ones() -> None:
    text = MINIMAL.replace("    name: Pat Principal\n", "    name: Pat Principal\n    zzz: 1\n")
    assert problems(text) == [
        "x.yaml:12:5: people[0].zzz: unknown field 'zzz'; known fields: id, name, role, "
        "country, organisation"
    ]


def test_unparseable_date_names_the_value() -> None:
    text = MINIMAL.replace("{date: 2025-10-27}", "{date: 2025-13-45}")
    assert problems(text) == [
        "x.yaml:19:20: stops[0].arrive.date: should be a date such as 2025-10-30: "
        "month must be in 1..12 (got '2025-13-45')"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (  # a number was read as seconds since 1970, a midnight as the whole day
            ("{date: 2025-10-27}", "{date: 1761523200}"),
            "x.yaml:19:20: stops[0].arrive.date: should be a date such as 2025-10-30 "
            "(got 1761523200)",
        ),
        (
            ("{date: 2025-10-27}", "{date: 0}"),
            "x.yaml:19:20: stops[0].arrive.date: should be a date such as 2025-10-30 (got 0)",
        ),
        (
            ("{date: 2025-10-27}", '{date: "2025-10-27T00:00"}'),
            "x.yaml:19:20: stops[0].arrive.date: should be a date such as 2025-10-30 "
            "(got '2025-10-27T00:00')",
        ),
        (  # pydantic said 'unexpected extra characters at the end of the input'
            ('"2025-10-27T10:00"', '"2025-10-27T25:00"'),
            "x.yaml:27:16: events[0].when.at: should be a date and time such as "
            "2025-10-30T10:00: hour must be in 0..23 (got '2025-10-27T25:00')",
        ),
        (  # Python's words were 'offset must be a timedelta strictly between ...'
            ('"2025-10-27T10:00"', '"2025-10-27T10:00+25:00"'),
            "x.yaml:27:16: events[0].when.at: should be a date and time such as "
            "2025-10-30T10:00: an offset must be less than 24 hours "
            "(got '2025-10-27T10:00+25:00')",
        ),
        (
            ('"2025-10-27T10:00"', '"2025-10-27T10:00+09"'),
            "x.yaml:27:16: events[0].when.at: should be a date and time such as "
            "2025-10-30T10:00: an offset needs its minutes, as in +09:00 "
            "(got '2025-10-27T10:00+09')",
        ),
    ],
)
def test_a_day_or_time_must_be_written_as_one(change: tuple[str, str], message: str) -> None:
    assert problems(MINIMAL.replace(*change)) == [message]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("[p, q]", "p"),
            "x.yaml:28:19: events[0].participants: should be a list ([a, b] or one '- item' "
            "per line) (got 'p')",
        ),
        (
            ("{date: 2025-10-27}", "{date: 20251027}"),  # read as seconds since 1970
            "x.yaml:19:20: stops[0].arrive.date: should be a date such as 2025-10-30 "
            "(got 20251027)",
        ),
        (
            ("  - id: q\n    name: Quinn Ångström\n", "  - q\n"),
            "x.yaml:12:5: people[1]: should be a mapping of fields (key: value) (got 'q')",
        ),
    ],
)
def test_type_errors_are_said_in_the_files_terms(change: tuple[str, str], message: str) -> None:
    """Not pydantic's 'a valid tuple', 'instance of Person' or 'datetimes provided to dates
    should have zero time'."""
    assert problems(MINIMAL.replace(*change))[0] == message


def test_missing_field_points_at_the_mapping_that_lacks_it() -> None:
    text = MINIMAL.replace("    title: Talks\n", "")
    assert problems(text) == ["x.yaml:23:5: events[0].title: this field is required"]


def test_every_problem_is_reported_in_file_order() -> None:
    text = MINIMAL.replace("status: scheduled", "status: rumoured").replace(
        "kind: bilateral", "kind: chat"
    )
    assert [message.split(": ", 2)[:2] for message in problems(text)] == [
        ["x.yaml:21:13", "stops[0].status"],
        ["x.yaml:24:11", "events[0].kind"],
    ]


def test_yaml_syntax_error_is_located() -> None:
    assert problems("title: [unclosed\n") == [
        "x.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence)"
    ]


def test_tabs_get_a_hint() -> None:
    assert problems("title: x\n\tid: y\n") == [
        "x.yaml:2:1: found a tab character that violates indentation "
        "(while scanning a plain scalar); indent with spaces, not tabs"
    ]


def test_yaml_1_2_meanings_keep_words_and_times_as_text() -> None:
    text = (
        MINIMAL.replace("title: Test trip", "title: NO")
        .replace("title: Talks", "title: '12:30'")
        .replace("    name: Pat Principal", "    name: on\n    role: 12:30")
    )
    trip = load_text(text, "x.yaml")
    assert trip.title == "NO"
    assert trip.people[0].name == "on"
    assert trip.people[0].role == "12:30"


def test_object_building_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    assert problems(text) == [
        "x.yaml:1:1: the tag '!!python/object/apply:os.system' is not allowed in itinerary files"
    ]
    assert not marker.exists()


def test_a_nested_duplicate_key_names_its_field() -> None:
    """It said only 'x.yaml:18:5: duplicate key' with no field path, unlike every other error."""
    text = MINIMAL.replace("    country: Japan\n", "    country: Japan\n    country: Japan\n")
    assert problems(text) == [
        "x.yaml:18:5: stops[0].country: duplicate key 'country' (first given on line 17)"
    ]


def test_aliases_are_refused() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    assert problems(text) == [
        "x.yaml:1:4: a: the value anchored here (&name) is used again by an alias (*name): "
        "aliases are not supported in itinerary files; write the value out in full"
    ]


def test_binary_and_foreign_encodings(tmp_path: Path) -> None:
    cases = {
        "nul.yaml": (b"title: a\x00b\n", "contains binary data (a NUL byte); not a text file"),
        "latin1.yaml": (
            "title: Zoë\n".encode("latin-1"),
            "is not valid UTF-8 (byte 0xeb); save it as UTF-8",
        ),
        "utf16.yaml": (
            "title: x\n".encode("utf-16"),
            "is UTF-16 encoded (it has a byte-order mark); save it as UTF-8",
        ),
    }
    expected_positions = {"nul.yaml": ":1:9", "latin1.yaml": ":1:10", "utf16.yaml": ""}
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DataError) as caught:
            load_path(str(path))
        assert caught.value.messages() == [f"{path}{expected_positions[name]}: {message}"]


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_path(str(path)).title == "Test trip"


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    for path, message in [
        (tmp_path / "missing.yaml", "no such file"),
        (tmp_path, "is a directory, not an itinerary file"),
    ]:
        with pytest.raises(DataError) as caught:
            load_path(str(path))
        assert caught.value.messages() == [f"{path}: {message}"]


def test_field_path_format() -> None:
    assert field_path(("events", 3, "when", "end")) == "events[3].when.end"
    assert field_path(("title",)) == "title"


def test_raw_control_character_is_located_with_a_way_out() -> None:
    assert problems("title: ok\nplace: a\x07b\n") == [
        "x.yaml:2:9: control character U+0007 is not allowed in YAML text; "
        "write it as \\x07 inside double quotes if it is really meant"
    ]


def test_a_missing_list_is_reported_once() -> None:
    text = MINIMAL.split("sources:")[0]
    assert [message.split(": ", 2)[1:] for message in problems(text)] == [
        ["sources", "this field is required"],  # 1:1, the mapping that lacks it
        ["stops", "this field is required"],
        ["principal", "unknown person 'p'"],  # no people list either
    ]


def test_people_left_empty_is_one_message() -> None:
    """'people:' with no value also said 'unknown person' for the principal and for every
    participant, as if no list had been given at all."""
    found = problems(MINIMAL.replace("people:\n", "people:\nunused:\n"))
    assert [message.split(": ", 2)[1] for message in found] == ["people", "unused"]


@pytest.mark.parametrize("value", ["{a: 1}", "a", "3"])
def test_a_list_given_as_something_else_is_one_message(value: str) -> None:
    """`stops: {a: 1}` also said 'needs at least one item' and, of every event, 'unknown
    stop': three messages for one fault."""
    found = problems(MINIMAL.replace("stops:\n", f"stops: {value}\nunused:\n"))
    assert [message.split(": ", 2)[1] for message in found] == ["stops", "unused"]
    assert found[0].startswith("x.yaml:14:8: stops: should be a list")


def test_broken_references_are_reported_beside_invalid_fields() -> None:
    text = MINIMAL.replace("tz: Asia/Tokyo", "tz: Asia/Tokio").replace("stop: a", "stop: b")
    assert [message.split(": ", 2)[1] for message in problems(text)] == [
        "stops[0].tz",
        "events[0].stop",
    ]
