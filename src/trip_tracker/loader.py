"""YAML (or JSON) text -> a validated Itinerary, or a DataError listing every problem.

Parsing is safe (see `yamlparse`); validation is pydantic's. When validation fails, the text
is composed once more with positions so that each problem names its line, column and field
path, and an unknown field suggests the closest known one.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from trip_tracker import fastparse, opening, process, textfile
from trip_tracker.crosschecks import EventRules, reference_problems
from trip_tracker.errors import DataError, Problem
from trip_tracker.model import CROSS_CHECKED, Event, Itinerary, Person, Source, Stop

if TYPE_CHECKING:
    from trip_tracker import cache

SHIPPED_NAME = "asia-2025-10.yaml"

#: Error types raised by the Itinerary's cross-field validator (see crosschecks.py).
_CROSS_FIELD = frozenset(
    {
        "too_short",
        "duplicate_id",
        "outside_stop",
        "unknown_person",
        "unknown_stop",
        "unknown_source",
        "skipped_time",
    }
)


#: What a command that looks at some events only asks of the loader: given the itinerary's
#: people, whether it needs an event, as the plain data of a cache entry (see `_from_cache`);
#: None when it needs them all.
EventSelector = Callable[[Sequence[Person]], Callable[[Mapping[str, Any]], bool] | None]


def load_path(
    path: str, *, use_cache: bool = True, select: EventSelector | None = None
) -> Itinerary:
    """Read and validate the itinerary at `path` (`-` for standard input).

    With `use_cache`, the data of a file that validated is kept in the user's cache (see
    `cache`), so the next command on the same unchanged file skips decoding, parsing and the
    cross-field checks; every field is still validated. With `select` too, a load from the
    cache builds only the events `select` keeps (a file read in full has all its events).
    """
    return load_opened(opening.open_path(path, use_cache=use_cache), select)


def load_bytes(
    content: bytes, path: str, *, use_cache: bool = True, select: EventSelector | None = None
) -> Itinerary:
    """`load_path` of the bytes already read from `path`, for a command that needs them too
    (`trip check` locates its findings in the text)."""
    return load_opened(opening.open_bytes(content, path, use_cache=use_cache), select)


def load_opened(opened: opening.Opened, select: EventSelector | None = None) -> Itinerary:
    """`load_path` of a file whose loading `opening` began (before this module was imported,
    in a command: see `opening`)."""
    reading = opened.reading
    if opened.payload is not None:
        assert opened.entry is not None
        trip = _from_cache(opened.entry, opened.payload, select)
        if trip is not None:
            return trip
        reading = fastparse.start(opened.content, opened.entry.pack)
    trip = _load_fast(reading, opened.entry)
    if trip is not None:
        return trip
    return _load_strict(textfile.decode(opened.content, opened.name), opened.name, opened.entry)


def _from_cache(
    entry: cache.Entry, payload: memoryview, select: EventSelector | None = None
) -> Itinerary | None:
    """The itinerary from a sound cache entry's payload; None if it no longer validates."""
    with _gc_paused():
        data = entry.unpack(payload)
        if data is None:
            return None
        try:
            wanted = data if select is None else _selected(data, select)
            trip = Itinerary.model_validate(wanted, context={CROSS_CHECKED: True})
        except ValidationError:  # e.g. a newer pydantic judges a field otherwise: check in full
            return None
        return _long_lived(trip, data)


def _selected(data: dict[str, Any], select: EventSelector) -> dict[str, Any]:
    """`data` with only the events `select` keeps.

    The data of a file that passed every rule: any of its events pass them too, as their
    ids stay unique and their stops, people and sources are all still there. Building
    ~10 us an event, a query of a few among 10,000 then takes ~0.1 s less.
    """
    people = _adapter(Person).validate_python(data.get("people", []))
    keep = select(people)
    events = data.get("events", [])
    # The people go in as the models just built: pydantic takes them as they are.
    return {
        **data,
        "people": people,
        "events": events if keep is None else [event for event in events if keep(event)],
    }


def load_shipped() -> Itinerary:
    """The itinerary that ships inside the package."""
    text = resources.files("trip_tracker.data").joinpath(SHIPPED_NAME).read_text("utf-8")
    return load_text(text, shipped_display_name())


def shipped_display_name() -> str:
    return f"(shipped) {SHIPPED_NAME}"


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building data and models; after a big itinerary, leave it off.

    Building millions of small objects triggers the collector again and again for nothing
    (parsed data and models hold no cycles); a large file loads ~2x faster without it. What
    a command then builds from a big itinerary (an export's million dicts, say) would set it
    off again just as often, so it stays off until the command ends: `trip` is short-lived,
    and its objects hold no cycles for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and not holds_big_itinerary():
            gc.enable()


def load_text(text: str, name: str, entry: cache.Entry | None = None) -> Itinerary:
    """Validate `text` as an itinerary; DataError with every problem located in `name`.

    The fast parser is tried first; when it declines or the model refuses its data, the
    strict PyYAML path reads the text again and says exactly what is wrong and where. Data
    that validates is saved in `entry`, when given.
    """
    trip = _load_fast(fastparse.start(text, entry.pack if entry is not None else None), entry)
    return trip if trip is not None else _load_strict(text, name, entry)


def _load_fast(reading: fastparse.Reading | None, entry: cache.Entry | None) -> Itinerary | None:
    """The itinerary through the fast parser, at work on the text (see `fastparse.start`);
    None when it declines (`reading` None: from the start) or the model refuses.

    Work is done as the parser's pieces come (see `fastparse.Reading`), while it reads the
    next: the head's sources, people and stops become models as soon as it comes, then
    each piece's events, which the cross-field rules check at once (`EventRules`), so that
    validating the whole need not run them again. A piece is packed for the cache entry
    before its models are built, while nothing else refers to its strings (see
    `cache.Entry.pack`).
    """
    if reading is None:
        return None
    with _gc_paused():
        payloads: list[bytes | bytearray | None] = []
        built: dict[str, Any] = {}
        events: list[Event] = []
        rules: EventRules | None = None
        try:
            for index, piece in enumerate(reading):
                if entry is not None:
                    payloads.append(reading.payload(index) or entry.pack(piece))
                if not isinstance(piece, dict):
                    continue  # the whole itinerary's validation says why
                if index == 0:  # the head (a later piece may hold keys after the events)
                    built = _build_head(piece)
                    if built:
                        people = built.get("people", [])
                        rules = EventRules(
                            built["sources"], people, built["stops"], piece["principal"]
                        )
                raw = piece.get("events")
                if isinstance(raw, list):
                    piece_events = _adapter(Event).validate_python(raw)
                    if rules is not None:
                        rules.add(piece_events)
                    events += piece_events
        except ValidationError:
            reading.cancel()
            return None
        data = reading.data()
        if data is None:
            return None
        checked = rules is not None and rules.sound and not rules.problems
        try:
            if isinstance(data.get("events"), list):
                trip = Itinerary.model_validate(
                    {**data, **built, "events": events},
                    context={CROSS_CHECKED: True} if checked else None,
                )
            else:
                trip = Itinerary.model_validate(data)
        except ValidationError:
            return None
        if entry is not None:
            entry.save(payloads)
        return _long_lived(trip, data)


def _build_head(head: dict[str, Any]) -> dict[str, Any]:
    """The models of the head's sources, people and stops (those it has), for the rules on
    events to use; empty when it lacks sources, stops or the principal, or one of them is
    not a list (the whole itinerary's validation then says why). ValidationError when one
    is invalid."""
    if not isinstance(head.get("principal"), str) or not all(
        isinstance(head[name], list) if name in head else name == "people" for name in _HEAD_LISTS
    ):
        return {}
    return {
        name: _adapter(kind).validate_python(head[name])
        for name, kind in _HEAD_LISTS.items()
        if name in head
    }


_HEAD_LISTS: dict[str, type[BaseModel]] = {"sources": Source, "people": Person, "stops": Stop}


@functools.cache
def _adapter(kind: type) -> TypeAdapter[list[Any]]:
    """Validates a list of `kind` (a model or a slotted item), as the Itinerary's field of
    them does."""
    return TypeAdapter(list[kind])  # type: ignore[valid-type]


def _load_strict(text: str, name: str, entry: cache.Entry | None) -> Itinerary:
    """The itinerary through PyYAML, or a DataError with every problem, located."""
    from trip_tracker import yamlparse  # PyYAML: only when the fast path declines

    data = yamlparse.parse(text, name)
    if data is None:
        raise DataError(
            [
                Problem(
                    name,
                    "is empty: an itinerary needs at least id, title, principal, "
                    "home_tz, sources and stops",
                    1,
                    1,
                )
            ]
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise DataError(
            [
                Problem(
                    name,
                    f"the top level must be a mapping of fields (key: value), not {kind}",
                    1,
                    1,
                )
            ]
        )
    try:
        trip = Itinerary.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        if not any(detail["type"] in _CROSS_FIELD for detail in details):
            # Fields failed, so the cross-field validator never ran: check references too.
            details += [_as_details(problem) for problem in reference_problems(data)]
        from trip_tracker.problems import problems_from  # only for a file that fails

        raise DataError(problems_from(details, text, name)) from None
    if entry is not None:
        entry.save([entry.pack(data)])
    return trip


def _as_details(problem: InitErrorDetails) -> ErrorDetails:
    kind = problem["type"]
    assert isinstance(kind, PydanticCustomError)
    return ErrorDetails(
        type=kind.type, loc=problem["loc"], msg=kind.message(), input=problem["input"]
    )


#: From this many events on, a loaded itinerary is moved out of the GC's sight (gc.freeze)
#: and kept until the process ends, when the process is one command (see `process`).
FREEZE_FROM_EVENTS = 5_000

#: Big itineraries, and the parsed data each was validated from, kept until the process ends.
_kept_to_the_end: list[tuple[Itinerary, object]] = []


def _long_lived(trip: Itinerary, data: object) -> Itinerary:
    """In a one-command process, a big itinerary lives as long as the command: move its
    million objects out of the GC's sight (in case anything turns the GC back on; see
    `_gc_paused`), and keep it referenced so that `cli.main` can end the process without
    freeing those objects one by one (~0.3 s at 100k events; see `holds_big_itinerary`).
    The plain `data` it was validated from is kept too: freeing its dicts and lists would
    take another ~0.15 s, and no peak is higher for it (it is at its largest while the
    model is built). Neither holds cycles. A model of a few events selected from a big
    entry (see `_selected`) counts as big: its data is."""
    big = max(len(trip.events), _event_count(data)) >= FREEZE_FROM_EVENTS
    if process.one_command and big:
        gc.freeze()
        _kept_to_the_end.append((trip, data))
    return trip


def _event_count(data: object) -> int:
    """How many events the plain data of an itinerary holds."""
    events = data.get("events") if isinstance(data, dict) else None
    return len(events) if isinstance(events, list | tuple) else 0


def holds_big_itinerary() -> bool:
    """True once a big itinerary is loaded: exiting without tearing it down saves time."""
    return bool(_kept_to_the_end)
