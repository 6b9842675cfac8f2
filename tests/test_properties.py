"""Property tests: what the strategies build survives a round trip; mutations never crash.

Deterministic (derandomize, no example database) so CI sees the same examples every run.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from trip_tracker import crosschecks, model, yamlparse
from trip_tracker.cli import run as run_cli
from trip_tracker.cli_options import Session
from trip_tracker.export import jsonfile
from trip_tracker.loader import load_text
from trip_tracker.model import Event, Itinerary, When

from .conftest import PINNED_NOW, SHIPPED

SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ZONES = ["UTC", "Asia/Seoul", "America/New_York", "Asia/Kuala_Lumpur"]
#: Characters that have tripped writers and readers: line breaks YAML 1.1 and 1.2 disagree on,
#: non-BMP (surrogate pairs in JSON), controls YAML must escape, and YAML's own syntax.
AWKWARD = "\x85\u2028\u2029\U00010000\U0001f600\x7f\x9f\ufeff\ufffe\t\n :#'\"\\-"
#: Texts that another type would claim if written unquoted (YAML 1.1 or 1.2).
LOOKALIKES = ["08", "0o7", "0x1F", "1e5", ".5", "yes", "on", "NO", "null", "~", "2025-10-30"]
TEXT = st.one_of(
    st.text(
        st.one_of(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            st.sampled_from(AWKWARD),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(LOOKALIKES),
)
IDS = st.one_of(
    st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,8}\Z"),
    st.sampled_from([t for t in LOOKALIKES if t[0].isalnum()]),
)
STATUSES = st.sampled_from(["confirmed", "expected", "reported", "speculative"])


@st.composite
def itineraries(draw: st.DrawFn) -> dict[str, object]:
    ids = draw(st.lists(IDS, min_size=4, max_size=8, unique=True))
    person, source, *stop_ids = ids
    first = date(2025, 10, 1) + timedelta(days=draw(st.integers(0, 30)))
    stops = []
    for stop_id in stop_ids:
        stop: dict[str, object] = {
            "id": stop_id,
            "country": draw(TEXT),
            "tz": draw(st.sampled_from(ZONES)),
            "status": draw(STATUSES),
            "arrive": {"date": first.isoformat(), "words": draw(TEXT)},
        }
        if draw(st.booleans()):
            stop["place"] = draw(TEXT)
        stops.append(stop)
    events = []
    for number in range(draw(st.integers(0, 4))):
        hour = draw(st.integers(0, 22))
        when = draw(
            st.sampled_from(
                [
                    None,
                    {"date": first.isoformat()},
                    {"earliest": first.isoformat(), "latest": (first + timedelta(2)).isoformat()},
                    {
                        "at": f"{first.isoformat()}T{hour:02d}:00:00",
                        "end": f"{first.isoformat()}T{hour + 1:02d}:00:00",
                    },
                ]
            )
        )
        event: dict[str, object] = {
            "id": f"event-{number}",
            "kind": "meeting",
            "title": draw(TEXT),
            "stop": draw(st.sampled_from(stop_ids)),
            "participants": [person],
            "topics": draw(st.lists(TEXT, max_size=2)),
            "status": draw(STATUSES),
            "source": {"ref": source, "quote": draw(TEXT)},
        }
        if when is not None:
            event["when"] = when
        events.append(event)
    return {
        "id": "trip",
        "title": draw(TEXT),
        "principal": person,
        "home_tz": draw(st.sampled_from(ZONES)),
        "sources": [{"id": source, "title": draw(TEXT)}],
        "people": [{"id": person, "name": draw(TEXT)}],
        "stops": stops,
        "events": events,
    }


class CoreDumper(yaml.SafeDumper):
    """PyYAML's dumper writing YAML 1.2 as the loader reads it.

    Its own YAML 1.1 resolver leaves `08` or `1e5` unquoted (not numbers in 1.1), which YAML
    1.2 reads as numbers; and it writes NEL raw inside single quotes, where libyaml reads it
    as a line break and folds it to a space: such text is double-quoted (`"\\N"`) instead.
    """

    yaml_implicit_resolvers = yamlparse._CoreResolver.yaml_implicit_resolvers

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = '"' if "\x85" in data else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


CoreDumper.add_representer(str, CoreDumper.represent_str)


def plain_data(trip: Itinerary) -> object:
    return trip.model_dump(mode="json", exclude_none=True)


@SETTINGS
@given(itineraries())
def test_dump_to_yaml_and_load_gives_an_equal_itinerary(data: dict[str, object]) -> None:
    trip = Itinerary.model_validate(data)
    text = yaml.dump(plain_data(trip), Dumper=CoreDumper, allow_unicode=True, sort_keys=False)
    assert load_text(text, "dumped.yaml") == trip


@SETTINGS
@given(itineraries())
def test_json_export_loads_back_equal(data: dict[str, object]) -> None:
    trip = Itinerary.model_validate(data)
    stream = io.StringIO()
    jsonfile.write(trip, stream, datetime(2025, 10, 1, tzinfo=UTC))
    assert load_text(stream.getvalue(), "export.json") == trip


@SETTINGS
@given(itineraries())
def test_ascii_json_with_surrogate_pair_escapes_loads_equal(data: dict[str, object]) -> None:
    """As other tools write JSON: everything past ASCII escaped, emoji as `\\ud83d\\ude00`."""
    trip = Itinerary.model_validate(data)
    text = json.dumps(plain_data(trip), indent=2)
    assert text.isascii()
    assert load_text(text, "other.json") == trip


SHIPPED_BYTES = SHIPPED.read_bytes()


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = SHIPPED_BYTES
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete line", "swap bytes", "truncate", "set byte"]))
        if kind == "delete line":
            lines = data.split(b"\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif len(data) > 1:
            i = draw(st.integers(0, len(data) - 2))
            j = draw(st.integers(0, len(data) - 1))
            if kind == "swap bytes":
                buffer = bytearray(data)
                buffer[i], buffer[j] = buffer[j], buffer[i]
            else:
                buffer = bytearray(data)
                buffer[i] = draw(st.integers(0, 255))
            data = bytes(buffer)
    return data


@settings(SETTINGS, max_examples=300)
@given(mutations())
def test_a_mangled_file_never_crashes(data: bytes) -> None:
    runner = CliRunner()
    with runner.isolation(input=data, env={"COLUMNS": "100"}) as (_out, err, _):
        code = run_cli(["-f", "-", "stops"], session=Session(clock=lambda: PINNED_NOW))
        stderr = err.getvalue().decode()
    assert code in (0, 1), stderr
    assert "Traceback" not in stderr
    if code == 1:
        assert stderr.startswith("trip: error: <stdin>")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(TEXT, children, max_size=4)
        | st.tuples(children, children)
    ),
    max_leaves=25,
)


def _as_streams(value: object, turns: list[bool]) -> object:
    """`value` with every other list turned into a generator, as commands pass big answers
    (lists and dicts may then hold generators at any depth)."""
    if isinstance(value, dict):
        return {key: _as_streams(item, turns) for key, item in value.items()}
    if isinstance(value, list):
        items = [_as_streams(item, turns) for item in value]
        turns.append(not turns[-1] if turns else True)
        return (item for item in items) if turns[-1] else items
    return value


@given(JSON_VALUES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_json_written_item_by_item_is_what_pydantic_core_writes_whole(value: object) -> None:
    """emit_json streams lists and generators; the text is exactly pydantic_core's
    indent=2 layout of the whole value."""
    from pydantic_core import to_json

    from trip_tracker import output

    expected = to_json(value, indent=2).decode("utf-8") + "\n"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        output.emit_json(_as_streams(value, []))
    assert buffer.getvalue() == expected


_SEOUL_OFFSET = timezone(timedelta(hours=9))

#: Days around the clocks' changes in New York (March 9 and November 2, 2025) and Seoul's none.
_NEAR_CHANGES = st.sampled_from(
    [date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10), date(2025, 11, 2), date(2025, 6, 1)]
)


@st.composite
def time_values(draw: st.DrawFn) -> When:
    """Days, windows and exact times (local or with an offset), around clock changes."""
    first = draw(_NEAR_CHANGES) + timedelta(days=draw(st.sampled_from([0, 0, 0, -1, 1, -3, 3])))
    shape = draw(st.sampled_from(["date", "window", "at", "at-end", "at-offset"]))
    if shape == "date":
        return When(date=first)
    if shape == "window":
        return When(earliest=first, latest=first + timedelta(days=draw(st.integers(0, 4))))
    early = st.integers(110, 190)  # around 2-3 am, when clocks change
    minutes = st.one_of(early, early, st.integers(0, 24 * 60 - 1))
    at = datetime.combine(first, datetime.min.time()) + timedelta(minutes=draw(minutes))
    if shape == "at-offset":  # and an end, given with another offset, or none
        start = at.replace(tzinfo=UTC)
        hours = draw(st.sampled_from([None, 1, 30]))
        if hours is None:
            return When(at=start)
        return When(at=start, end=(start + timedelta(hours=hours)).astimezone(_SEOUL_OFFSET))
    if shape == "at":
        return When(at=at)
    end_day = datetime.combine(first + timedelta(days=draw(st.integers(0, 2))), at.time().min)
    end = end_day + timedelta(minutes=draw(minutes))
    return When(at=at, end=end if end > at else at + timedelta(minutes=1))


@settings(SETTINGS, max_examples=400)
@example(  # an end the clocks skip, after a start they do not
    When(at=datetime(2025, 3, 8, 23), end=datetime(2025, 3, 9, 2, 30)), "America/New_York", None, 0
)
@example(  # an end at the midnight that starts the day the clocks change
    When(at=datetime(2025, 3, 7, 1, 50), end=datetime(2025, 3, 9)), "America/New_York", None, 0
)
@given(
    time_values(),
    st.sampled_from(["America/New_York", "Asia/Seoul"]),
    st.one_of(st.none(), _NEAR_CHANGES),
    st.integers(0, 5),
)
def test_the_quick_check_of_an_event_within_its_stop_agrees_with_the_full_one(
    when: When, tz: str, arrival: date | None, length: int
) -> None:
    """`_surely_within` lets an event through only when the full rules find nothing."""
    earliest = arrival or date.min
    latest = arrival + timedelta(days=length) if arrival else date.max
    days = crosschecks._StopDays(tz, ZoneInfo(tz), earliest, latest, arrival is not None)
    event = TypeAdapter(Event).validate_python(
        {"id": "e", "kind": "meeting", "title": "T", "stop": "s", "when": when,
         "status": "confirmed", "source": {"ref": "r", "quote": "Q."}}
    )  # fmt: skip
    full = crosschecks._outside(0, event, days) or crosschecks._skipped(0, event, tz)
    if crosschecks._surely_within(when, days):
        assert full is None
    elif when.at is not None and when.at.tzinfo is not None:
        assert full is not None  # an instant's local days are decided exactly
    else:
        # the cases it decides: a doubt only where the full rules find a problem, or the
        # clocks change on one of its days, or on the day of its end's own wall-clock time
        # (an end at 00:00 is not in its days, but a zone may skip that midnight)
        days_of_times = [*when.local_days(tz), *([when.end.date()] if when.end else [])]
        changes = any(model.clocks_change_on(tz, day) for day in days_of_times)
        assert full is not None or changes


_MOMENTS = st.sampled_from(
    [datetime(2025, 10, 30, 9), datetime(2025, 10, 30, 11), datetime(2025, 10, 29, 23)]
)
_AWARE = st.sampled_from(
    [datetime(2025, 10, 30, 9, tzinfo=UTC), datetime(2025, 10, 30, 1, tzinfo=UTC)]
)
_DAYS = st.sampled_from([date(2025, 10, 29), date(2025, 10, 30), date(2025, 10, 31)])


def _unchecked_when(fields: dict[str, object]) -> When:
    """A time value with these fields, built without any validation."""
    value = object.__new__(When)
    for name in model.fields_of(When):
        object.__setattr__(value, name, fields.get(name))
    return value


@settings(SETTINGS, max_examples=600)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "at": st.one_of(_MOMENTS, _AWARE),
            "end": st.one_of(_MOMENTS, _AWARE),
            "date": _DAYS,
            "earliest": _DAYS,
            "latest": _DAYS,
        },
    )
)
def test_a_time_values_quick_shape_check_accepts_what_the_full_one_does(
    fields: dict[str, object],
) -> None:
    """`When._one_shape` passes the sound shapes at once; it must refuse what the full check
    refuses, and let nothing through that it would not."""
    try:
        _unchecked_when(fields)._check_shape()
    except ValueError:
        sound = False
    else:
        sound = True
    try:
        TypeAdapter(When).validate_python(fields)
    except ValidationError:
        assert not sound
    else:
        assert sound
