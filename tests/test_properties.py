"""Property tests: what the strategies build survives a round trip; mutations never crash.

Deterministic (derandomize) so CI sees the same examples every run.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from trip_tracker.cli import run as run_cli
from trip_tracker.cli_options import Session
from trip_tracker.export import jsonfile
from trip_tracker.loader import load_text
from trip_tracker.model import Itinerary

from .conftest import PINNED_NOW, SHIPPED

SETTINGS = settings(
    derandomize=True, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
ZONES = ["UTC", "Asia/Seoul", "America/New_York", "Asia/Kuala_Lumpur"]
#: Any text but surrogates, NUL and the YAML 1.1 line breaks NEL, LS and PS: libyaml (a YAML
#: 1.1 reader) folds those into line breaks, a known limit stated in the README.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x85\u2028\u2029"),
    min_size=1,
    max_size=30,
)
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,8}\Z")
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


@SETTINGS
@given(itineraries())
def test_dump_to_yaml_and_load_gives_an_equal_itinerary(data: dict[str, object]) -> None:
    trip = Itinerary.model_validate(data)
    # A YAML 1.2 emitter: PyYAML's 1.1 emitter leaves `08` or `1_0` unquoted, which YAML 1.2
    # (our loader) rightly reads as numbers.
    dumper = YAML(typ="safe", pure=True)
    dumper.allow_unicode = True
    stream = io.StringIO()
    dumper.dump(trip.model_dump(mode="json", exclude_none=True), stream)
    assert load_text(stream.getvalue(), "dumped.yaml") == trip


@SETTINGS
@given(itineraries())
def test_json_export_loads_back_equal(data: dict[str, object]) -> None:
    trip = Itinerary.model_validate(data)
    stream = io.StringIO()  # the real writer: `\ud800\udc00` pair escapes are not YAML
    jsonfile.write(trip, stream, datetime(2025, 10, 1, tzinfo=UTC))
    text = stream.getvalue()
    assert json.loads(text)["id"] == trip.id
    assert load_text(text, "export.json") == trip


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


def test_json_export_escapes_what_yaml_readers_refuse() -> None:
    from .helpers import MINIMAL

    trip = load_text(MINIMAL.replace("Quinn Ångström", '"Quinn\\x7f\\u2028\\x85"'), "t.yaml")
    stream = io.StringIO()
    jsonfile.write(trip, stream, datetime(2025, 10, 1, tzinfo=UTC))
    text = stream.getvalue()
    assert '"Quinn\\u007f\\u2028\\u0085"' in text
    assert json.loads(text)["people"][1]["name"] == "Quinn\x7f\u2028\x85"
    assert load_text(text, "export.json") == trip
