"""JSON input as other tools write it: surrogate-pair escapes for characters past U+FFFF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from trip_tracker import yamlparse
from trip_tracker.errors import DataError
from trip_tracker.loader import load_text

from .conftest import SHIPPED, Result

Run = Callable[..., Result]


def shipped_as_ascii_json(**changes: object) -> dict[str, object]:
    data = yamlparse.parse(SHIPPED.read_text("utf-8"), "shipped")
    data.update(changes)
    return data


def test_an_emoji_escaped_as_a_surrogate_pair_loads_as_the_character(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(shipped_as_ascii_json(title="Asia trip \U0001f30f")), "ascii")
    assert "\\ud83c\\udf0f" in path.read_text("ascii")

    result = run("-f", str(path), "validate")

    assert result.exit_code == 0, result.stderr
    assert load_text(path.read_text("ascii"), "trip.json").title == "Asia trip \U0001f30f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": "\\ud83d\\ude00"}', {"a": "\U0001f600"}),
        ('{"a": "\\uD83D\\uDE00x\\udbff\\udfff"}', {"a": "\U0001f600x\U0010ffff"}),
        # An escaped backslash: the text `\ud83d\ude00`, not an escape.
        ('{"a": "\\\\ud83d\\\\ude00"}', {"a": "\\ud83d\\ude00"}),
        ('{"a": "\\\\\\ud83d\\ude00"}', {"a": "\\\U0001f600"}),
        # YAML, not JSON: a plain scalar's backslashes are text and stay as they are.
        ("a: \\ud83d\\ude00", {"a": "\\ud83d\\ude00"}),
    ],
)
def test_surrogate_pairs_are_joined_only_where_they_are_json_escapes(
    text: str, expected: object
) -> None:
    assert yamlparse.parse(text, "t") == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "\\ud800"}',  # a lone surrogate is no character
        '{a: "\\ud83d\\ude00"}',  # YAML flow style, not JSON: YAML has no surrogate escapes
    ],
)
def test_other_surrogate_escapes_are_still_an_error_with_their_position(text: str) -> None:
    with pytest.raises(DataError) as caught:
        yamlparse.parse(text, "t.json")
    column = text.index("\\u") + 1 + 2  # libyaml marks the escape's hex digits
    assert str(caught.value) == (
        f"t.json:1:{column}: found invalid Unicode character escape code"
        " (while parsing a quoted scalar)"
    )


def test_a_validation_error_in_json_with_surrogate_pairs_is_located() -> None:
    text = json.dumps(shipped_as_ascii_json(title="\U0001f30f", home_tz="Mars/Base"), indent=2)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"home_tz"' in row)

    with pytest.raises(DataError) as caught:
        load_text(text, "t.json")

    assert str(caught.value).startswith(f"t.json:{line}:14: home_tz: ")


def test_the_json_export_escapes_what_yaml_cannot_carry_raw() -> None:
    import io
    from datetime import UTC, datetime

    from trip_tracker.export import jsonfile
    from trip_tracker.model import Itinerary

    trip = Itinerary.model_validate(shipped_as_ascii_json(title="a\x7fb\x85c\U0001f30f"))
    stream = io.StringIO()
    jsonfile.write(trip, stream, datetime(2025, 10, 1, tzinfo=UTC))

    assert '"title": "a\\u007fb\\u0085c\U0001f30f"' in stream.getvalue()
    assert load_text(stream.getvalue(), "export.json") == trip


@pytest.mark.parametrize(
    "character", ["\x7f", "\x80", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"]
)
def test_each_character_yaml_cannot_carry_is_escaped_alone(character: str) -> None:
    """Each is found on its own (the export looks for them in its UTF-8 bytes, one pattern
    per kind), next to characters that need no escape: Latin-1, wide and astral ones."""
    import io
    from datetime import UTC, datetime

    from trip_tracker.export import jsonfile
    from trip_tracker.model import Itinerary

    title = f"é\xa0{character}—\U0001f30f"
    trip = Itinerary.model_validate(shipped_as_ascii_json(title=title))
    stream = io.StringIO()
    jsonfile.write(trip, stream, datetime(2025, 10, 1, tzinfo=UTC))

    escaped = f"\\u{ord(character):04x}"
    assert f'"title": "é\xa0{escaped}—\U0001f30f"' in stream.getvalue()
    assert load_text(stream.getvalue(), "export.json") == trip


def test_the_json_export_is_the_text_json_dump_would_write() -> None:
    import io
    from datetime import UTC, datetime

    from trip_tracker.export import jsonfile
    from trip_tracker.model import Itinerary

    trip = Itinerary.model_validate(shipped_as_ascii_json(title="Tour — “Asia” \U0001f30f"))
    now = datetime(2025, 10, 1, tzinfo=UTC)
    stream = io.StringIO()
    jsonfile.write(trip, stream, now)

    expected = json.dumps(jsonfile.document(trip, now), indent=2, ensure_ascii=False) + "\n"
    assert stream.getvalue() == expected
    assert list(json.loads(stream.getvalue()))[-2:] == ["events", "computed"]


def test_the_json_export_spells_small_floats_its_own_way_with_equal_values() -> None:
    import io
    from datetime import UTC, datetime

    from trip_tracker.export import jsonfile
    from trip_tracker.model import Itinerary

    data = shipped_as_ascii_json()
    data["stops"][1] |= {"lat": 1e-05, "lon": -1e-07}
    trip = Itinerary.model_validate(data)
    now = datetime(2025, 10, 1, tzinfo=UTC)
    stream = io.StringIO()
    jsonfile.write(trip, stream, now)

    assert '"lat": 0.00001,' in stream.getvalue()  # json.dumps would write 1e-05
    assert json.loads(stream.getvalue()) == jsonfile.document(trip, now)
    assert load_text(stream.getvalue(), "export.json") == trip
