"""Positions of field paths: the same as in the whole text's tree, without composing it whole."""

from __future__ import annotations

import json
from typing import Any

import pytest

from trip_tracker import loader, positions, yamlparse
from trip_tracker.model import Itinerary

from .helpers import MINIMAL
from .test_fast_parse import generator

Loc = tuple[str | int, ...]


def ids_of(trip: Itinerary) -> dict[str, list[str]]:
    return {
        "events": [event.id for event in trip.events],
        "stops": [stop.id for stop in trip.stops],
        "people": [person.id for person in trip.people],
    }


def paths_of(trip: Itinerary) -> list[Loc]:
    """Paths into every item of the three lists: the item, fields present, absent, and
    inside lists (the paths `trip check` gives)."""
    paths: list[Loc] = []
    for index, event in enumerate(trip.events):
        paths += [("events", index), ("events", index, "when"), ("events", index, "place")]
        paths += [("events", index, "participants", 1), ("events", index, "source", "quote")]
        if event.others:
            paths.append(("events", index, "others", 0))
    for index in range(len(trip.stops)):
        paths += [("stops", index, "arrive"), ("stops", index, "depart", "date")]
    for index in range(len(trip.people)):
        paths.append(("people", index, "name"))
    return paths


def compare(text: str, monkeypatch: pytest.MonkeyPatch, *more: Loc) -> list[int]:
    """Check the position of every item path, and of `more`, against the whole tree's; the
    sizes of the texts the locator composed, in order."""
    trip = loader.load_text(text, "t.yaml")
    whole = yamlparse.compose(text)
    expected = {loc: yamlparse.locate(whole, loc) for loc in [*paths_of(trip), *more]}
    composed: list[int] = []
    compose = yamlparse.compose

    def recording(part: str) -> Any:
        composed.append(len(part))
        return compose(part)

    monkeypatch.setattr(yamlparse, "compose", recording)
    locator = positions.Locator(text, ids_of(trip))
    assert {loc: locator.locate(loc) for loc in expected} == expected
    return composed


def test_a_generated_itinerary_is_located_item_by_item(monkeypatch: pytest.MonkeyPatch) -> None:
    text = generator().generate(300)
    composed = compare(text, monkeypatch)
    assert composed and max(composed) < 2000  # items only: never the whole text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\n", "\r\n"),  # CRLF line ends
        ("events:\n", "events:   # the program\n\n  # first day\n"),  # comment, blank lines
        ("\n  ", "\n"),  # items at column 0
        ("\n  ", "\n    "),  # items indented deeper
    ],
    ids=["crlf", "comment-after-key", "flush-items", "deeper-items"],
)
def test_other_block_layouts_are_located_item_by_item(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    text = (MINIMAL + EXTRA_EVENT).replace(old, new)
    composed = compare(text, monkeypatch)
    assert composed and max(composed) < len(text) // 2


def test_paths_outside_the_lists_are_located_in_the_whole_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = MINIMAL + EXTRA_EVENT
    composed = compare(text, monkeypatch, ("title",), ("sources", 0, "title"), ("nowhere",))
    assert composed.count(len(text)) == 1  # once, when first needed


EXTRA_EVENT = """\
  - id: e2
    kind: meal
    title: Dinner
    stop: a
    when: {date: 2025-10-27}
    participants: [q]
    others: [hosts]
    status: reported
    source: {ref: s, quote: "A dinner is planned."}
"""


@pytest.mark.parametrize(
    "text",
    [
        # an entry-like line inside a quoted scalar: one item too many
        MINIMAL + EXTRA_EVENT.replace('"A dinner is planned."', '"A dinner\n  - is planned."'),
        # the key line inside a quoted scalar before the real one, with as many entry-like
        # lines as there are events: the first composes, to an item of another id
        MINIMAL.replace("title: Test trip", "title: 'Test\nevents:\n  - id: x\n  - trip'")
        + EXTRA_EVENT,
        # flow style, and JSON
        MINIMAL.replace("events:\n", "events: [\n").replace("  - id: e\n", "  {id: e,\n")
        .replace("    kind: bilateral", "kind: bilateral,")
        .replace("    title: Talks", "title: Talks,").replace("    stop: a", "stop: a,")
        .replace('    when: {at: "2025-10-27T10:00"}', 'when: {at: "2025-10-27T10:00"},')
        .replace("    participants: [p, q]", "participants: [p, q],")
        .replace("    status: confirmed", "status: confirmed,")
        .replace('    source: {ref: s, quote: "They will meet."}\n', 'source: {ref: s}}]\n')
        .replace("source: {ref: s}", 'source: {ref: s, quote: "They will meet."}'),
        json.dumps(loader.load_text(MINIMAL, "m").model_dump(mode="json"), indent=2),
        # line breaks PyYAML counts besides \n
        # a review's cases: lines of a quoted scalar that read as the key and an entry with
        # the model's id, or as an entry with the next item's id and a line at column 0
        MINIMAL.replace("title: Test trip", 'title: "Test trip\nevents:\n  - id: e #"'),
        MINIMAL.replace('"They will meet."', '"They will meet.\n  - id: e2 #\nmore"')
        + EXTRA_EVENT,
        # a second review's: the quote behind a tag, an anchor or a tab; a byte-order mark
        # starting a line (PyYAML skips it: the line is a comment, not the list's end)
        MINIMAL.replace("title: Talks", 'title: !!str "Talks\n  - id: e2 #\nmore"')
        + EXTRA_EVENT,
        MINIMAL.replace("title: Talks", "title: &t 'Talks\n  - id: e2 #\nmore'") + EXTRA_EVENT,
        MINIMAL.replace("title: Talks", 'title:\t"Talks\n  - id: e2 #\nmore"') + EXTRA_EVENT,
        MINIMAL + EXTRA_EVENT.replace("    title: Dinner\n", "    title: Dinner\n\ufeff# note\n"),
        MINIMAL.replace("title: Talks", 'title: "Talks\x85today"') + EXTRA_EVENT,
        MINIMAL.replace("title: Talks", 'title: "Talks\ron Monday"') + EXTRA_EVENT,
    ],
    ids=[
        "fake-entry-in-quotes",
        "fake-key-in-quotes",
        "flow",
        "json",
        "review-fake-key",
        "review-fake-entry-and-end",
        "review-tag",
        "review-anchor",
        "review-tab",
        "review-bom-line",
        "nel",
        "lone-cr",
    ],
)  # fmt: skip
def test_other_layouts_are_located_in_the_whole_tree(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    compare(text, monkeypatch)


def test_a_later_item_first_is_not_taken_from_lines_inside_quotes() -> None:
    """The review's second case needs the item after the quote to be located first: the
    item before it, cut inside the quotes, would not compose and give the layout away."""
    text = (
        MINIMAL.replace('"They will meet."', '"They will meet.\n  - id: e2 #\nmore"') + EXTRA_EVENT
    )
    trip = loader.load_text(text, "t.yaml")
    whole = yamlparse.compose(text)
    for loc in [("events", 1, "when"), ("events", 1), ("events", 0, "when")]:
        assert positions.Locator(text, ids_of(trip)).locate(loc) == yamlparse.locate(whole, loc)


@pytest.mark.parametrize(
    "title",
    [
        '!!str "Talks\n  - id: e2 #\nmore"',
        "&t 'Talks\n  - id: e2 #\nmore'",
        '\t"T\n  - id: e2 #\nm"',
    ],
    ids=["tag", "anchor", "tab"],
)
def test_a_later_item_first_behind_quotes_after_a_tag_an_anchor_or_a_tab(title: str) -> None:
    text = MINIMAL.replace("title: Talks", "title:" + ("" if title[0] == "\t" else " ") + title)
    text += EXTRA_EVENT
    trip = loader.load_text(text, "t.yaml")
    whole = yamlparse.compose(text)
    loc = ("events", 1, "when")
    assert positions.Locator(text, ids_of(trip)).locate(loc) == yamlparse.locate(whole, loc)


def test_a_line_starting_with_a_byte_order_mark_does_not_end_the_list() -> None:
    text = MINIMAL + EXTRA_EVENT.replace("    title: Dinner\n", "    title: Dinner\n\ufeff# note\n")
    trip = loader.load_text(text, "t.yaml")
    whole = yamlparse.compose(text)
    loc = ("events", 1, "when")
    assert positions.Locator(text, ids_of(trip)).locate(loc) == yamlparse.locate(whole, loc)
