"""What changed between two versions of an itinerary, by id rather than by line.

Items are matched by id within their collection (sources, people, stops, events). Each
difference is one `Change` naming its kind (added, removed, status, time, place,
participants, topics, changed), the item and field, and the old and new values as text
that keeps precision ("2025-10-30 Thu" -> "2025-10-31 Fri"). Status changes come first:
they are what a reader of a change note looks for. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from trip_tracker import formatting as fmt
from trip_tracker.model import Citation, Event, Itinerary, Person, Source, Stop, When, fields_of
from trip_tracker.queries import Item

ChangeKind = Literal[
    "status", "added", "removed", "time", "place", "participants", "topics", "changed"
]
COLLECTIONS = (("sources", "source"), ("people", "person"), ("stops", "stop"), ("events", "event"))
_FIELD_KIND: dict[str, ChangeKind] = {
    "status": "status",
    "when": "time",
    "arrive": "time",
    "depart": "time",
    "place": "place",
    "stop": "place",
    "country": "place",
    "tz": "place",
    "lat": "place",
    "lon": "place",
    "participants": "participants",
    "others": "participants",
    "topics": "topics",
}


#: Fields whose order says nothing: listing the same people or topics in another order
#: is no change to report.
_SETS = frozenset({"participants", "others", "topics"})


@dataclass(frozen=True)
class Change:
    """One difference. `old`/`new` are display text (None where the side has nothing)."""

    kind: ChangeKind
    item_type: str
    item_id: str
    field: str
    old: str | None
    new: str | None
    label: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "item_type": self.item_type,
            "id": self.item_id,
            "label": self.label,
            "field": self.field or None,
            "old": self.old,
            "new": self.new,
        }


def diff(old: Itinerary, new: Itinerary) -> list[Change]:
    """Every difference from `old` to `new`: status changes first, then in file order."""
    changes = list(_top_level(old, new))
    for collection, item_type in COLLECTIONS:
        before = {item.id: item for item in getattr(old, collection)}
        after = {item.id: item for item in getattr(new, collection)}
        for item_id, item in before.items():
            if item_id not in after:
                changes.append(
                    Change("removed", item_type, item_id, "", _label(item), None, _label(item))
                )
            else:
                changes.extend(_item_changes(old, new, item_type, item, after[item_id]))
        for item_id, item in after.items():
            if item_id not in before:
                changes.append(
                    Change("added", item_type, item_id, "", None, _label(item), _label(item))
                )
    return sorted(changes, key=lambda change: change.kind != "status")


def _top_level(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    for name in ("id", "title", "principal", "home_tz", "summary"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield Change("changed", "itinerary", old.id, name, _plain(before), _plain(after))
    # Stops are listed in the order travelled, and when the principal may be at each
    # depends on it: a new order of the same stops is a change, though no item changed.
    kept = set(old.stops_by_id) & set(new.stops_by_id)
    was = [stop.id for stop in old.stops if stop.id in kept]
    now = [stop.id for stop in new.stops if stop.id in kept]
    if was != now:
        yield Change("changed", "itinerary", old.id, "stop order", _route(was), _route(now))


def _item_changes(
    old: Itinerary, new: Itinerary, item_type: str, before: Item, after: Item
) -> Iterator[Change]:
    item_id = str(getattr(after, "id", ""))
    label = _label(after)
    for name in fields_of(type(before)):
        if name == "id":
            continue
        was, now = getattr(before, name), getattr(after, name)
        if was == now or (name in _SETS and sorted(was) == sorted(now)):
            continue
        old_text = _value_text(old, before, name, was)
        new_text = _value_text(new, after, name, now)
        if isinstance(was, When) and isinstance(now, When) and old_text == new_text:
            # Same time, new provenance (a re-derived date): say which words changed.
            provenance = [
                part for part in ("words", "derived") if getattr(was, part) != getattr(now, part)
            ]
            for part in provenance:
                yield Change(
                    "changed",
                    item_type,
                    item_id,
                    f"{name}.{part}",
                    getattr(was, part),
                    getattr(now, part),
                    label,
                )
            if not provenance or _as_written(was) != _as_written(now):
                # what the display leaves out changed (seconds, an offset written otherwise)
                old_iso, new_iso = _as_written(was), _as_written(now)
                yield Change("time", item_type, item_id, name, old_iso, new_iso, label)
            continue
        if old_text == new_text or (
            name in _SETS and sorted(_parts(old, name, was)) == sorted(_parts(new, name, now))
        ):  # the same display, other data (a renamed person's id, say): show the data
            old_text, new_text = _raw_text(was), _raw_text(now)
        kind = _FIELD_KIND.get(name, "changed")
        yield Change(
            kind,
            item_type,
            item_id,
            name,
            old_text,
            new_text,
            label,
        )


def _label(item: Any) -> str:
    if isinstance(item, Event):
        return item.title
    if isinstance(item, Stop):
        return item.label
    if isinstance(item, Person):
        return item.name
    assert isinstance(item, Source)
    return item.title


def _zone_of(trip: Itinerary, item: Item) -> str:
    if isinstance(item, Stop):
        return item.tz
    if isinstance(item, Event) and item.stop in trip.stops_by_id:
        return trip.stops_by_id[item.stop].tz
    return trip.home_tz


def _value_text(trip: Itinerary, item: Item, name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, When):
        return f"{fmt.when_full(value, _zone_of(trip, item))} [{value.precision.value}]"
    if name == "participants":
        return ", ".join(_parts(trip, name, value)) or fmt.NOT_STATED
    if isinstance(value, tuple):
        return "; ".join(_parts(trip, name, value)) or fmt.NOT_STATED
    if isinstance(value, Citation):
        return f"[{value.ref}] {value.quote}"
    return _plain(value)


def _parts(trip: Itinerary, name: str, value: tuple[Any, ...]) -> list[str]:
    """A list field's items as shown: participants by name (their id if unknown)."""
    if name == "participants":
        return [trip.people_by_id[pid].name if pid in trip.people_by_id else pid for pid in value]
    return [str(part) for part in value]


#: A time value's words and rule: how the source put it, not when it is.
_PROVENANCE = frozenset({"words", "derived"})


def _as_written(when: When) -> str:
    """A time value's own fields, in full (seconds, offsets), as the file holds them."""
    fields = ((name, getattr(when, name)) for name in fields_of(When) if name not in _PROVENANCE)
    return ", ".join(f"{key} {value.isoformat()}" for key, value in fields if value is not None)


def _route(stop_ids: list[str]) -> str:
    return ", ".join(stop_ids)  # not arrows: a change note writes 'old → new'


def _raw_text(value: Any) -> str | None:
    """The value as the file writes it (ids, not names)."""
    if isinstance(value, tuple):
        return ", ".join(str(part) for part in value) or fmt.NOT_STATED
    return _plain(value)


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))
