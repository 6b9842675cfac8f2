"""`trip diff`: semantic differences by id, status changes first, diff(1) exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trip_tracker import diffing, loader

from .conftest import SHIPPED, Result
from .itinerary_edits import copy_with, data_copy, item
from .test_check import visible

Run = Callable[..., Result]

#: Moving the meeting with Xi to October 31 and confirming the honour, as text edits that
#: keep the file faithful: the date and the words that state it move together.
XI_MOVES_AND_HONOUR_CONFIRMED = (
    (
        "      date: 2025-10-30\n      words: on October 30\n",
        "      date: 2025-10-31\n      words: on October 31\n",
    ),
    ("    status: under-consideration\n", "    status: confirmed\n"),
)

EXPECTED_TABLE = """\
STATUS CHANGES
 item                       what                               old                        new
────────────────────────────────────────────────────────────────────────────────────────────────────
 grand-order-of-mugunghwa   Grand Order of Mugunghwa, South    under-consideration   ->   confirmed
                            Korea's highest state honor, for
                            Trump
Other changes
 change   item            field   old                               new
────────────────────────────────────────────────────────────────────────────────────────────────────
 time     event meet-xi   when    2025-10-30 Thu ('on October       2025-10-31 Fri ('on October
                                  30') [day]                        31') [day]
"""


def test_moving_xi_and_confirming_the_honour_gives_exactly_two_changes(
    run: Run, tmp_path: Path
) -> None:
    new = copy_with(tmp_path, "new.yaml", *XI_MOVES_AND_HONOUR_CONFIRMED)
    result = run("diff", str(SHIPPED), str(new))
    assert result.exit_code == 1
    assert visible(result.stdout) == EXPECTED_TABLE
    assert result.stderr == "trip: 2 differences\n"


def test_json_lists_the_two_changes(run: Run, tmp_path: Path) -> None:
    new = copy_with(tmp_path, "new.yaml", *XI_MOVES_AND_HONOUR_CONFIRMED)
    result = run("diff", "--format", "json", str(SHIPPED), str(new))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["differences"] == 2
    assert [(c["kind"], c["id"], c["field"], c["old"], c["new"]) for c in report["changes"]] == [
        ("status", "grand-order-of-mugunghwa", "status", "under-consideration", "confirmed"),
        (
            "time",
            "meet-xi",
            "when",
            "2025-10-30 Thu ('on October 30') [day]",
            "2025-10-31 Fri ('on October 31') [day]",
        ),
    ]


def test_markdown_change_note(run: Run, tmp_path: Path) -> None:
    new = copy_with(tmp_path, "new.yaml", *XI_MOVES_AND_HONOUR_CONFIRMED)
    result = run("diff", "--format", "md", "-", str(new), stdin=SHIPPED.read_text())
    assert result.exit_code == 1
    assert result.stdout == (
        f"# Changes from \\<stdin> to {new}\n"
        "\n"
        "## Status changes\n"
        "\n"
        "- **grand-order-of-mugunghwa** (Grand Order of Mugunghwa, South Korea's highest "
        "state honor, for Trump): under-consideration → **confirmed**\n"
        "\n"
        "## Other changes\n"
        "\n"
        "- event **meet-xi** when (time): 2025-10-30 Thu ('on October 30') \\[day\\] → "
        "2025-10-31 Fri ('on October 31') \\[day\\]\n"
    )


def test_a_file_against_itself_has_no_differences(run: Run) -> None:
    result = run("diff", str(SHIPPED), str(SHIPPED))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "trip: no differences\n")
    md = run("diff", "--format", "md", str(SHIPPED), str(SHIPPED))
    assert md.exit_code == 0
    assert "No differences." in md.stdout
    as_json = run("diff", "--format", "json", str(SHIPPED), str(SHIPPED))
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["changes"] == []


def test_trouble_exits_2(run: Run, tmp_path: Path) -> None:
    missing = run("diff", str(SHIPPED), str(tmp_path / "missing.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr == f"trip: error: {tmp_path / 'missing.yaml'}: no such file\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    assert run("diff", str(bad), str(SHIPPED)).exit_code == 2
    both_stdin = run("diff", "-", "-", stdin="")
    assert both_stdin.exit_code == 2
    assert "only one side can be -" in both_stdin.stderr


def test_added_removed_and_changed_fields(tmp_path: Path) -> None:
    def edits(data: dict[str, Any]) -> None:
        data["people"].append({"id": "anwar", "name": "Anwar Ibrahim"})
        data["events"] = [e for e in data["events"] if e["id"] != "kim-encounter"]
        item(data, "meet-lee").update(place="Gyeongju", participants=["trump", "lee", "anwar"])
        item(data, "meet-lee")["topics"] = ["trade"]
        item(data, "south-korea")["lat"] = 35.18
        item(data, "xi")["role"] = "General Secretary"
        data["title"] = "Asia trip"

    old = loader.load_shipped()
    new = loader.load_path(str(data_copy(tmp_path, "new.json", edits)))
    changes = [(c.kind, c.item_id, c.field, c.old, c.new) for c in diffing.diff(old, new)]
    assert changes == [
        ("changed", old.id, "title", old.title, "Asia trip"),
        ("changed", "xi", "role", "President of China", "General Secretary"),
        ("added", "anwar", "", None, "Anwar Ibrahim"),
        ("place", "south-korea", "lat", None, "35.18"),
        ("place", "meet-lee", "place", None, "Gyeongju"),
        (
            "participants",
            "meet-lee",
            "participants",
            "Donald Trump, Lee Jae Myung",
            "Donald Trump, Lee Jae Myung, Anwar Ibrahim",
        ),
        ("topics", "meet-lee", "topics", "not stated", "trade"),
        ("removed", "kim-encounter", "", "Possible encounter with Kim Jong Un", None),
    ]


def test_table_without_status_changes_has_no_status_section(run: Run, tmp_path: Path) -> None:
    new = copy_with(tmp_path, "new.yaml", XI_MOVES_AND_HONOUR_CONFIRMED[0])
    result = run("diff", str(SHIPPED), str(new))
    assert result.exit_code == 1
    assert "STATUS CHANGES" not in result.stdout
    assert "Other changes" not in result.stdout
    assert result.stderr == "trip: 1 difference\n"


def test_a_re_derived_date_names_the_changed_rule(tmp_path: Path) -> None:
    def rederive(data: dict[str, Any]) -> None:
        item(data, "meet-lee")["when"]["derived"] = "After the arrival in Busan."

    new = loader.load_path(str(data_copy(tmp_path, "new.json", rederive)))
    [change] = diffing.diff(loader.load_shipped(), new)
    assert (change.kind, change.item_id, change.field, change.new) == (
        "changed",
        "meet-lee",
        "when.derived",
        "After the arrival in Busan.",
    )
    assert change.old is not None and change.old.startswith("After the midweek arrival")


def test_a_new_travel_order_is_a_change(run: Run, tmp_path: Path) -> None:
    """Swapping the Japan and South Korea legs changed no item, so diff said 'no
    differences', though every stop's possible dates (and 'where') depend on the order."""
    text = SHIPPED.read_text(encoding="utf-8")
    japan, korea, events = (
        text.index(m) for m in ("  - id: japan", "  - id: south-korea", "\nevents:")
    )
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(
        text[:japan]
        + text[korea:events].rstrip("\n")
        + "\n\n"
        + text[japan:korea].rstrip("\n")
        + "\n"
        + text[events:],
        encoding="utf-8",
    )
    result = run("diff", str(SHIPPED), str(swapped), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["changes"] == [
        {
            "kind": "changed",
            "item_type": "itinerary",
            "id": "us-president-asia-2025-10",
            "label": "",
            "field": "stop order",
            "old": "washington, malaysia, japan, south-korea",
            "new": "washington, malaysia, south-korea, japan",
        }
    ]


def test_a_renamed_id_shows_the_ids_where_the_names_are_the_same() -> None:
    old = loader.load_path(str(SHIPPED))
    text = SHIPPED.read_text(encoding="utf-8")
    renamed = text.replace("  - id: xi\n", "  - id: xi-jinping\n").replace(
        "[trump, xi]", "[trump, xi-jinping]"
    )
    changes = diffing.diff(old, loader.load_text(renamed, "r.yaml"))
    meeting = [change for change in changes if change.item_id == "meet-xi"]
    assert [(c.field, c.old, c.new) for c in meeting] == [
        ("participants", "trump, xi", "trump, xi-jinping")  # was 'Donald Trump, Xi Jinping' twice
    ]
    # Renamed and reordered: the same names in another order must not read as a reorder.
    reordered = renamed.replace("[trump, xi-jinping]", "[xi-jinping, trump]")
    changes = diffing.diff(old, loader.load_text(reordered, "r.yaml"))
    meeting = [change for change in changes if change.item_id == "meet-xi"]
    assert [(c.field, c.old, c.new) for c in meeting] == [
        ("participants", "trump, xi", "xi-jinping, trump")
    ]


def test_a_time_that_changed_only_in_seconds_is_a_change(run: Run, tmp_path: Path) -> None:
    """09:00 -> 09:00:50 printed the same (minutes), and diff said 'no differences'."""
    from .helpers import MINIMAL

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new.write_text(MINIMAL.replace("2025-10-27T10:00", "2025-10-27T10:00:50"), encoding="utf-8")
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["id"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("time", "e", "when", "at 2025-10-27T10:00:00", "at 2025-10-27T10:00:50")
    ]


def test_the_same_people_and_topics_in_another_order_are_no_change(tmp_path: Path) -> None:
    def edits(data: dict[str, Any]) -> None:
        item(data, "meet-xi")["participants"] = ["xi", "trump"]
        item(data, "meet-xi")["topics"].reverse()
        item(data, "thailand-cambodia-accord")["others"].reverse()
        item(data, "tech-dinner")["others"] = ["U.S. tech chiefs"]  # the one change

    old = loader.load_shipped()
    new = loader.load_path(str(data_copy(tmp_path, "new.json", edits)))
    assert [(c.kind, c.item_id, c.field) for c in diffing.diff(old, new)] == [
        ("participants", "tech-dinner", "others")
    ]
