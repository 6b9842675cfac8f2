"""Build test itineraries from the shipped one: exact text edits, or edits of its data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trip_tracker import yamlparse

from .conftest import SHIPPED


def shipped_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def edit_text(text: str, *replacements: tuple[str, str]) -> str:
    """Apply each (old, new) replacement; each `old` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def copy_with(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    path = tmp_path / name
    path.write_text(edit_text(shipped_text(), *replacements), encoding="utf-8")
    return path


def data_copy(tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """The shipped itinerary as data, changed by `change`, written as JSON (valid YAML)."""
    data = yamlparse.parse(shipped_text(), "shipped")
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    for collection in ("stops", "events", "people"):
        for entry in data.get(collection, []):
            if entry["id"] == item_id:
                return entry  # type: ignore[no-any-return]
    raise KeyError(item_id)
