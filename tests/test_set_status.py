"""`trip set-status`: one item changed in place, comments and layout kept, all or nothing."""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from trip_tracker import loader

from .conftest import SHIPPED, Result
from .itinerary_edits import copy_with, edit_text, shipped_text

Run = Callable[..., Result]

#: Comments of every kind a hand-kept file has: whole-line, indented, after a value, in a list.
COMMENTED = (
    ("events:\n", "events:  # in travel order\n"),
    (
        "  - id: grand-order-of-mugunghwa\n",
        "  # Watch Yonhap for the decision.\n  - id: grand-order-of-mugunghwa\n",
    ),
    ("    status: under-consideration\n", "    status: under-consideration  # per Yonhap\n"),
    ("    participants: [trump, xi]\n", "    participants: [trump, xi]  # no others named\n"),
    ("  - id: kim-encounter\n", "  - id: kim-encounter\n    # DMZ access halted: watch.\n"),
)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_keeps_every_comment_and_changes_one_line(run: Run, tmp_path: Path) -> None:
    path = copy_with(tmp_path, "trip.yaml", *COMMENTED)
    before = path.read_text(encoding="utf-8")
    result = run("-f", str(path), "set-status", "grand-order-of-mugunghwa", "confirmed")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "grand-order-of-mugunghwa: status: under-consideration -> confirmed\n"
    assert result.stderr.startswith(f"trip: wrote {path}\ntrip: note: ")  # its sentence hedges
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-    status: under-consideration  # per Yonhap",
        "+    status: confirmed            # per Yonhap",  # the comment keeps its column
    ]
    comments = [line for line in before.splitlines() if "#" in line and "status:" not in line]
    assert len(comments) == 12  # the header (7 lines), one on a person, and 4 added here
    assert all(line in after.splitlines() for line in comments)


def test_note_and_source_quote(run: Run, tmp_path: Path) -> None:
    path = copy_with(tmp_path, "trip.yaml", *COMMENTED)
    before = path.read_text(encoding="utf-8")
    result = run(
        "set-status",
        "kim-encounter",
        "cancelled",
        str(path),
        "--note",
        "Ruled out: no meeting on this trip.",
        "--source-quote",
        "The White House said no meeting with Kim is planned.",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "kim-encounter: status: speculative -> cancelled"
    assert "kim-encounter: notes: Trump has publicly said" in result.stdout
    trip = loader.load_path(str(path))
    event = trip.events_by_id["kim-encounter"]
    assert event.status.value == "cancelled"
    assert event.notes == "Ruled out: no meeting on this trip."
    assert event.source.quote == "The White House said no meeting with Kim is planned."
    expected = edit_text(
        before,
        ("    status: speculative\n", "    status: cancelled\n"),
        (
            "        South Korea has temporarily halted certain tourist access to parts of the\n"
            "        Demilitarized Zone (DMZ), sparking speculation that a Trump–Kim Jong Un "
            "encounter\n        could be in play.\n",
            "        The White House said no meeting with Kim is planned.\n",
        ),
        (
            '      Trump has publicly said he’d like another meeting with Kim, "though there’s no\n'
            '      confirmation yet that such a meeting is being arranged on this trip." No place '
            "or\n      date is given: it is put under South Korea only because the hint, the "
            "temporary halt\n      of certain tourist access to parts of the DMZ, is there.\n",
            "      Ruled out: no meeting on this trip.\n",
        ),
    )
    assert path.read_text(encoding="utf-8") == expected


def test_a_stop_status(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = copy_with(tmp_path, "trip.yaml")
    monkeypatch.setenv("TRIP_FILE", str(path))
    from trip_tracker.cli import run as run_cli
    from trip_tracker.cli_options import Session

    assert run_cli(["set-status", "malaysia", "confirmed"], Session()) == 0
    assert changed_lines(shipped_text(), path.read_text()) == [
        "-    status: expected",
        "+    status: confirmed",
    ]


def test_same_status_leaves_the_file_alone(run: Run, tmp_path: Path) -> None:
    path = copy_with(tmp_path, "trip.yaml")
    stamp = os.stat(path).st_mtime_ns
    result = run("set-status", "meet-xi", "confirmed", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"meet-xi: already confirmed; {path} not changed\n"
    assert os.stat(path).st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meet-kim", "confirmed"), "no stop or event with id 'meet-kim' (did you mean"),
        (("xi", "confirmed"), "'xi' is a person; only stops and events have a status"),
        (("announcement", "confirmed"), "'announcement' is a source; only stops and events"),
        (("meet-xi", "sure"), "'sure' is not one of 'confirmed', 'scheduled', 'expected'"),
        (("washington", "confirmed", "--source-quote", "x"), None),
    ],
)
def test_bad_id_or_status_is_usage_and_leaves_the_file(
    run: Run, tmp_path: Path, args: tuple[str, ...], message: str | None
) -> None:
    path = copy_with(tmp_path, "trip.yaml")
    if message is None:  # a stop without a source cannot take a new quote
        path.write_text(edit_text(shipped_text(), (_WASHINGTON_SOURCE, _WITHOUT_SOURCE)))
    before = path.read_bytes()
    result = run("-f", str(path), "set-status", *args)
    assert result.exit_code == 2
    assert (message or "'washington' has no source to update") in result.stderr
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".trip-")]


_WASHINGTON_SOURCE = """\
    status: scheduled
    source:
      ref: announcement
      quote: >-
        Trump departs Washington on Friday and is expected to land in Malaysia on Sunday for
        the Association of Southeast Asian Nations (ASEAN) summit — a meeting he skipped
        several times during his first term.

  - id: malaysia
"""
#: The end of Japan's stop in the shipped file, up to its status.
JAPAN_STATUS = (
    "final leg in South Korea, where the meeting with Xi is on October 30.\n    status: scheduled\n"
)
_WITHOUT_SOURCE = "    status: scheduled\n\n  - id: malaysia\n"


def test_unknown_id_lists_the_valid_ids(run: Run, tmp_path: Path) -> None:
    path = copy_with(tmp_path, "trip.yaml")
    result = run("set-status", "nothing-like-it", "confirmed", str(path))
    assert result.exit_code == 2
    assert "valid ids: washington, malaysia, japan, south-korea, depart-washington" in result.stderr


def test_refuses_the_shipped_itinerary_and_stdin(run: Run) -> None:
    no_file = run("set-status", "meet-xi", "confirmed")
    assert no_file.exit_code == 2
    assert "set-status edits a file: give it as FILE, with -f FILE" in no_file.stderr
    shipped = run("set-status", "meet-xi", "cancelled", str(SHIPPED))
    assert shipped.exit_code == 2
    assert "is the shipped itinerary, which set-status does not edit" in shipped.stderr
    stdin = run("-f", "-", "set-status", "meet-xi", "cancelled", stdin="")
    assert stdin.exit_code == 2
    assert "standard input cannot be edited" in stdin.stderr


def test_an_edit_that_does_not_validate_is_not_written(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text())
    before = path.read_bytes()
    too_long = "x" * 10_001  # a note may hold 10,000 characters
    result = run("set-status", "meet-xi", "cancelled", str(path), "--note", too_long)
    assert result.exit_code == 1
    assert "notes" in result.stderr
    assert path.read_bytes() == before


def test_an_invalid_file_is_not_edited(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text("id: [\n")
    result = run("set-status", "meet-xi", "cancelled", str(path))
    assert result.exit_code == 1
    assert path.read_text() == "id: [\n"


def test_a_json_file_keeps_its_layout(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trip.json"
    assert run("export", "--format", "json", "-o", str(path)).exit_code == 0
    before = path.read_text(encoding="utf-8")
    result = run("set-status", "meet-xi", "cancelled", str(path))
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-      "status": "confirmed",',
        '+      "status": "cancelled",',
        # the export's worked-out counts follow the edit (they stayed stale before)
        '-      "confirmed": 1,',
        '+      "confirmed": 0,',
        '-      "cancelled": 0',
        '+      "cancelled": 1',
    ]
    fresh = run("-f", str(path), "export", "--format", "json").stdout
    assert (
        json.loads(after)["computed"]["status_counts"]
        == (json.loads(fresh)["computed"]["status_counts"])
    )


@pytest.mark.parametrize(
    "note",
    [
        "NEL\x85LS\u2028PS\u2029end",  # YAML 1.1 line breaks: a NEL came back as a space
        "a lone CR\rin it",  # was written raw, then refused as broken YAML
        "DEL\x7f and ESC\x1b",  # was written raw, then refused as control characters
        "two\nlines and a\ttab",
        "  spaces around  ",
        "key: value # not a comment",
    ],
)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_note_reads_back_exactly_as_given(
    run: Run, tmp_path: Path, note: str, suffix: str
) -> None:
    path = tmp_path / f"trip{suffix}"
    if suffix == ".json":
        assert run("export", "--format", "json", "-o", str(path)).exit_code == 0
    else:
        path.write_text(shipped_text(), encoding="utf-8")
    result = run("-f", str(path), "set-status", "meet-xi", "confirmed", "--note", note)
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    fast = loader.load_path(str(path), use_cache=False)
    strict = loader._load_strict(text, str(path), None)  # PyYAML, as for any file it reads
    assert fast.events_by_id["meet-xi"].notes == note
    assert strict.events_by_id["meet-xi"].notes == note


@pytest.mark.parametrize(
    ("before_bytes", "label"),
    [
        (lambda text: text.replace("\n", "\r\n").encode(), "CRLF line ends"),
        (lambda text: b"\xef\xbb\xbf" + text.encode(), "a UTF-8 byte-order mark"),
    ],
)
def test_only_the_status_line_changes_whatever_the_line_ends(
    run: Run, tmp_path: Path, before_bytes: Callable[[str], bytes], label: str
) -> None:
    """The editor wrote bare newlines: a CRLF file came back with mixed line ends (every
    line changed in a diff), and a byte-order mark was dropped."""
    path = tmp_path / "trip.yaml"
    before = before_bytes(shipped_text())
    path.write_bytes(before)
    result = run("-f", str(path), "set-status", "meet-xi", "cancelled")
    assert result.exit_code == 0, (label, result.stderr)
    assert path.read_bytes() == before.replace(
        b"    status: confirmed", b"    status: cancelled", 1
    ), label


def test_an_export_whose_edit_does_not_validate_is_left_alone(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trip.json"
    assert run("export", "--format", "json", "-o", str(path)).exit_code == 0
    before = path.read_bytes()
    too_long = "x" * 10_001  # a note may hold 10,000 characters
    result = run("-f", str(path), "set-status", "meet-xi", "cancelled", "--note", too_long)
    assert result.exit_code == 1
    assert "events[11].notes" in result.stderr
    assert path.read_bytes() == before


def test_a_linked_itinerary_is_edited_where_it_lives(run: Run, tmp_path: Path) -> None:
    shared = copy_with(tmp_path, "shared.yaml")
    link = tmp_path / "trip.yaml"
    link.symlink_to(shared)
    result = run("-f", str(link), "set-status", "kim-encounter", "cancelled")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "status: cancelled" in shared.read_text(encoding="utf-8")


def test_nothing_outside_the_edited_item_is_rewritten(run: Run, tmp_path: Path) -> None:
    """The round trip turned other items' escapes into raw characters: a right-to-left override
    (which shows text reversed), a no-break and a zero-width space, and \\x1b as \\e."""
    escaped = '"Not named.\\u202e Tab:\\there. NBSP:\\u00a0. ZWSP:\\u200b. Esc:\\x1b."'
    path = copy_with(
        tmp_path,
        "trip.yaml",
        ("    notes: The executives are not named.\n", f"    notes: {escaped}\n"),
        ("    notes: The text names no city in Malaysia.\n", f"    notes: {escaped}\n"),
    )
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    edits = (
        ("kim-encounter", "reported"),
        ("south-korea", "confirmed"),
        ("tech-dinner", "confirmed"),
    )
    for target in (path, crlf):  # the last edit is of the item whose note is escaped
        for item, status in edits:
            before = target.read_bytes().decode("utf-8").replace("\r\n", "\n")
            result = run("-f", str(target), "set-status", item, status)
            assert result.exit_code == 0, result.stderr
            after = target.read_bytes().decode("utf-8")
            assert after.count("\r\n") == (after.count("\n") if target is crlf else 0)
            changed = changed_lines(before, after.replace("\r\n", "\n"))
            assert len(changed) == 2 and changed[1].split() == ["+", "status:", status], changed
        assert target.read_bytes().decode("utf-8").count(f"notes: {escaped}") == 2


def test_an_itinerary_in_flow_style_is_still_edited(run: Run, tmp_path: Path) -> None:
    """With every event on one line, the edit was dropped as 'outside' the item, and the
    command said 'already confirmed; not changed' with the file unchanged."""
    path = tmp_path / "flow.yaml"
    path.write_text(
        "id: t\ntitle: T\nprincipal: p\nhome_tz: UTC\nsources: [{id: s, title: S}]\n"
        "people: [{id: p, name: P}]\nstops: [{id: a, country: X, tz: UTC, status: expected}]\n"
        "events: [{id: m1, kind: meeting, title: Talks, stop: a, status: reported, source: "
        "{ref: s, quote: q}}, {id: m2, kind: meeting, title: Lunch, stop: a, status: reported, "
        "source: {ref: s, quote: q}}]\n",
        encoding="utf-8",
    )
    result = run("-f", str(path), "set-status", "m1", "confirmed")
    assert (result.exit_code, result.stdout) == (0, "m1: status: reported -> confirmed\n")
    assert [event.status.value for event in loader.load_path(str(path)).events] == [
        "confirmed",
        "reported",
    ]


BASE = "id: t\ntitle: T\nprincipal: p\nhome_tz: UTC\nsources: [{id: s, title: S}]\n"
BASE += "people: [{id: p, name: P}]\nstops:\n"
HEADER = BASE + (
    "  - id: a\n    country: X\n    tz: UTC\n    status: expected\n"
    "    source: {ref: s, quote: q}\nevents:\n"
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (  # the neighbours of the status line were rewritten with it: raw U+202E, and a
            # quote over two lines joined
            HEADER + '  - id: m1\n    kind: meeting\n    title: "Talks \\u202Eevil"\n'
            '    status: reported\n    notes: "abc \\u202E def"\n    stop: a\n'
            '    source:\n      ref: s\n      quote: "Officials said the talks would\n'
            '        take place in the capital."\n',
            ("m1", "confirmed"),
            [("    status: reported\n", "    status: confirmed\n")],
        ),
        (  # the added note went below the blank line and comment of the next item
            HEADER + "  - id: m1\n    kind: meeting\n    stop: a\n    source: {ref: s, quote: q}\n"
            "    title: Talks\n    status: reported\n\n  # The lunch\n"
            "  - id: m2\n    kind: meeting\n    stop: a\n    title: Lunch\n"
            "    status: reported\n    source: {ref: s, quote: q}\n",
            ("m1", "confirmed", "--note", "Added: from the second report"),
            [
                (
                    "    status: reported\n\n",
                    '    status: confirmed\n    notes: "Added: from the second report"\n\n',
                )
            ],
        ),
        (  # a file that validated with a tab as spacing could not be edited at all
            HEADER + "  - id: m1\n    kind: meeting\n    title: Talks\t# c\n    stop: a\n"
            "    status: reported\t\n    source: {ref: s, quote: q}\n",
            ("m1", "confirmed", "--note", "ok"),
            [
                (
                    "    status: reported\t\n    source: {ref: s, quote: q}\n",
                    "    status: confirmed\t\n    source: {ref: s, quote: q}\n    notes: ok\n",
                )
            ],
        ),
        (  # the note went after the next item's first line: refused with a Python repr
            BASE + "  - id: a\n    country: X\n    tz: UTC\n    status: expected\n"
            "    source:\n      ref: s\n      quote: q\n"
            "  - id: b\n    country: Y\n    tz: UTC\n    status: expected\n",
            ("a", "confirmed", "--note", "checked"),
            [
                ("    status: expected\n    source", "    status: confirmed\n    source"),
                ("      quote: q\n", "      quote: q\n    notes: checked\n"),
            ],
        ),
        (  # crashed (exit 70): the indent was taken from the body's blank first line
            BASE + "  - id: a\n    country: X\n    tz: UTC\n    status: expected\n"
            "    notes: |-\n\n      old\n    source: {ref: s, quote: q}\n",
            ("a", "confirmed", "--note", "new"),
            [
                ("    status: expected\n", "    status: confirmed\n"),
                ("    notes: |-\n\n      old\n", "    notes: |-\n      new\n"),
            ],
        ),
        (  # a plain note became double-quoted; a block header's comment was dropped
            BASE + "  - id: a\n    country: X\n    tz: UTC\n    status: expected\n"
            "    notes: plain old\n    source:\n      ref: s\n      quote: >-   # as reported\n"
            "        q\n",
            ("a", "confirmed", "--note", "plain new", "--source-quote", 'Said "yes".'),
            [
                ("    status: expected\n", "    status: confirmed\n"),
                ("    notes: plain old\n", "    notes: plain new\n"),
                (
                    "quote: >-   # as reported\n        q\n",
                    'quote: >-   # as reported\n        Said "yes".\n',
                ),
            ],
        ),
    ],
)
def test_only_the_values_set_change(
    run: Run, tmp_path: Path, text: str, args: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("-f", str(path), "set-status", *args)
    assert (result.exit_code, result.stderr) == (0, f"trip: wrote {path}\n")
    assert path.read_text(encoding="utf-8") == edit_text(text, *expected)


def test_yaml_in_flow_style_and_tab_indented_json_keep_their_form(run: Run, tmp_path: Path) -> None:
    """A top-level flow mapping was taken for JSON (internal error, exit 70); tab-indented
    JSON came back on one line; a flow list was rewritten whole, comments and escapes too."""
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        '# kept\n{id: t, title: T, principal: p, home_tz: UTC, summary: "\\u202e",\n'
        " sources: [{id: s, title: S}], people: [{id: p, name: P}],\n"
        " stops: [{id: a, country: X, tz: UTC, status: expected}],\n"
        " events: [  # the talks\n"
        "  {id: m1, kind: meeting, title: Talks, stop: a, status: reported, "
        "source: {ref: s, quote: q}}]}\n",
        encoding="utf-8",
    )
    before = flow.read_text(encoding="utf-8")
    assert run("-f", str(flow), "set-status", "m1", "confirmed", "--note", "n").exit_code == 0
    assert flow.read_text(encoding="utf-8") == before.replace(
        "status: reported, source: {ref: s, quote: q}}",
        'status: confirmed, source: {ref: s, quote: q}, notes: "n"}',  # in flow: quoted
    )
    tabbed = tmp_path / "trip.json"
    document = json.loads(json.dumps(loader.load_path(str(flow)).model_dump(mode="json")))
    tabbed.write_text(json.dumps(document, indent="\t") + "\n", encoding="utf-8")
    before = tabbed.read_text(encoding="utf-8")
    assert run("-f", str(tabbed), "set-status", "m1", "reported").exit_code == 0
    assert tabbed.read_text(encoding="utf-8") == before.replace(
        '"status": "confirmed"', '"status": "reported"'
    )


def test_a_file_with_mixed_line_ends_keeps_each(run: Run, tmp_path: Path) -> None:
    """Only the edited value changes: a CRLF line stays CRLF and an LF line LF."""
    path = tmp_path / "mixed.yaml"
    text = HEADER.replace("id: t\n", "id: t\r\n", 1) + (
        "  - {id: m1, kind: meeting, title: Talks, stop: a, status: reported,\r\n"
        "     source: {ref: s, quote: q}}\n"
    )
    path.write_bytes(text.encode("utf-8"))
    assert run("-f", str(path), "set-status", "m1", "confirmed").exit_code == 0
    assert path.read_bytes() == text.replace("reported", "confirmed").encode("utf-8")


def test_each_change_is_said_on_one_line(run: Run, tmp_path: Path) -> None:
    """A note with line breaks was printed over several lines, which read as more changes."""
    path = copy_with(tmp_path, "trip.yaml")
    result = run("-f", str(path), "set-status", "kim-encounter", "cancelled", "--note", "a\nb")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].endswith(" -> a\\nb")
    assert len(result.stdout.splitlines()) == 2
    assert loader.load_path(str(path)).events_by_id["kim-encounter"].notes == "a\nb"


def test_text_that_is_not_utf8_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    """A note with an undecodable byte (kept by Python as a lone surrogate) crashed."""
    path = copy_with(tmp_path, "trip.yaml")
    result = run("-f", str(path), "set-status", "kim-encounter", "cancelled", "--note", "ok \udcff")
    assert (result.exit_code, result.stderr) == (
        2,
        "trip: error: --note holds bytes that are not UTF-8 text\n",
    )


def test_a_tab_indented_export_keeps_its_computed_block_indented(run: Run, tmp_path: Path) -> None:
    exported = json.loads(run("export", "--format", "json").stdout)
    path = tmp_path / "trip.json"
    path.write_text(json.dumps(exported, indent="\t", ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert run("-f", str(path), "set-status", "kim-encounter", "cancelled").exit_code == 0
    changed = changed_lines(before, path.read_text(encoding="utf-8"))
    assert changed == [
        '-\t\t\t"status": "speculative",',
        '+\t\t\t"status": "cancelled",',
        '-\t\t\t"speculative": 1,',
        '-\t\t\t"cancelled": 0',
        '+\t\t\t"speculative": 0,',
        '+\t\t\t"cancelled": 1',
    ]


def test_json_with_surrogate_pair_escapes_is_edited_in_place(run: Run, tmp_path: Path) -> None:
    """Python's json.dumps writes an emoji as '\\ud83d\\ude00': such a file was rewritten in
    full (onto one line, '\\/' unescaped), since the parser joins the pair first."""
    path = tmp_path / "trip.json"
    text = (
        '{\n\t"id": "t",\n\t"title": "T \\ud83d\\ude00",\n\t"principal": "p",\n'
        '\t"home_tz": "UTC",\n\t"sources": [{"id": "s", "title": "S"}],\n'
        '\t"people": [{"id": "p", "name": "P"}],\n\t"stops": [\n'
        '\t\t{"id": "a", "country": "X", "tz": "UTC", "status": "expected", '
        '"source": {"ref": "s", "quote": "q\\/x \\ud83d\\ude00"}}\n\t]\n}\n'
    )
    path.write_text(text, encoding="utf-8")
    assert run("-f", str(path), "set-status", "a", "confirmed", "--note", "n").exit_code == 0
    assert path.read_text(encoding="utf-8") == text.replace(
        '"status": "expected"', '"status": "confirmed"'
    ).replace('\\ude00"}}', '\\ude00"}, "notes": "n"}')
    assert loader.load_path(str(path)).stops[0].source.quote == "q/x \U0001f600"  # type: ignore[union-attr]


def test_a_file_with_lone_cr_line_ends_gets_its_note_in_place(run: Run, tmp_path: Path) -> None:
    """With CR line ends, the note went to the end of the file with an LF."""
    path = tmp_path / "old-mac.yaml"
    text = (BASE + "  - {id: a, country: X, tz: UTC, status: expected}\n  - id: b\n").replace(
        "\n", "\r"
    ) + "    country: Y\r    tz: UTC\r    status: expected\r"
    path.write_bytes(text.encode("utf-8"))
    assert run("-f", str(path), "set-status", "b", "confirmed", "--note", "hi").exit_code == 0
    expected = text.replace("    status: expected\r", "    status: confirmed\r    notes: hi\r")
    assert path.read_bytes() == expected.encode("utf-8")
    empty = run("-f", str(path), "set-status", "b", "confirmed", "--note", " ")
    assert (empty.exit_code, empty.stderr) == (2, "trip: error: --note needs some text\n")


def _waiting_for_a_lock(pid: int) -> bool:
    """True once the process sits in flock() (syscall 73 on x86-64, 32 on arm64)."""
    import platform
    import time

    number = {"x86_64": "73", "aarch64": "32", "arm64": "32"}.get(platform.machine())
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:  # pragma: no cover - no /proc: fall back to waiting
        fields = []
    if number is None or not fields:  # pragma: no cover - another machine: wait instead
        time.sleep(1)
        return True
    return fields[0] == number


@pytest.mark.skipif(os.name != "posix", reason="file locks are POSIX here")
def test_an_edit_made_while_waiting_for_the_lock_is_kept(tmp_path: Path) -> None:
    """Two set-status runs on one file at once: each read it before the other wrote, the
    last rename won, and one change was lost while both said they wrote it. A run now waits
    for the other's lock, then edits the file the other left."""
    import fcntl
    import subprocess
    import sys
    import time

    trip_process = [sys.executable, "-c", "from trip_tracker.cli import main; main()"]
    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    holder = os.open(path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a first run holds it while it edits
    waiting = subprocess.Popen(
        [*trip_process, "-f", str(path), "set-status", "meet-lee", "confirmed"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _waiting_for_a_lock(waiting.pid):  # it has read nothing yet: it waits
        assert waiting.poll() is None, waiting.communicate()
        assert time.monotonic() < deadline, "set-status never asked for the lock"
        time.sleep(0.02)
    # the first run's edit lands (a new file renamed over the old one), then it lets go
    edited = tmp_path / "edited.yaml"
    edited.write_text(shipped_text(), encoding="utf-8")
    first = subprocess.run(
        [*trip_process, "-f", str(edited), "set-status", "kim-encounter", "cancelled"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    os.replace(edited, path)
    os.close(holder)
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    trip = loader.load_path(str(path), use_cache=False)
    statuses = {event.id: event.status.value for event in trip.events}
    assert (statuses["meet-lee"], statuses["kim-encounter"]) == ("confirmed", "cancelled")


def test_a_file_another_program_changed_meanwhile_is_not_written_over(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that saves while set-status works (it takes no lock) keeps its version."""
    from trip_tracker import diffing

    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    theirs = shipped_text().replace("title: US", "title: Their US", 1)
    real_diff = diffing.diff

    def diff_while_saved(*args: object) -> object:
        path.write_text(theirs, encoding="utf-8")
        return real_diff(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(diffing, "diff", diff_while_saved)
    result = run("-f", str(path), "set-status", "meet-lee", "confirmed")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"trip: error: {path}: changed while it was being edited; nothing written\n"
    )
    assert path.read_text(encoding="utf-8") == theirs


@pytest.mark.parametrize("written", ["notes:", "notes:   # to say later"])
def test_a_note_goes_after_an_empty_notes_key(run: Run, tmp_path: Path, written: str) -> None:
    """`notes:` with no value (valid: no note) made --note fail with a parse error at a
    line past the end of the file."""
    path = copy_with(
        tmp_path,
        "trip.yaml",
        ("    tz: America/New_York\n", f"    tz: America/New_York\n    {written}\n"),
    )
    result = run("-f", str(path), "set-status", "washington", "confirmed", "--note", "Left at 9")
    assert result.exit_code == 0, result.stderr
    expected = written.replace("notes:", 'notes: "Left at 9"')
    assert f"    {expected}\n" in path.read_text(encoding="utf-8")
    assert loader.load_path(str(path), use_cache=False).stops[0].notes == "Left at 9"


def test_a_note_is_added_to_a_flow_mapping_that_starts_on_the_dash_line(
    run: Run, tmp_path: Path
) -> None:
    """`- {id: e1, ...,` over several lines: the added line copied '  - {' as its indent."""
    flow = (
        "events:\n"
        "  - {id: e1, kind: meeting, title: Talks, stop: japan, status: scheduled,\n"
        '     source: {ref: announcement, quote: "He will meet."}\n'
        "    }\n"
    )
    path = copy_with(tmp_path, "trip.yaml", ("events:\n", flow))
    result = run("-f", str(path), "set-status", "e1", "confirmed", "--note", "Set for 10:00")
    assert result.exit_code == 0, result.stderr
    assert (
        '     source: {ref: announcement, quote: "He will meet."},\n'
        '     notes: "Set for 10:00"\n'
        "    }\n"
    ) in path.read_text(encoding="utf-8")


def test_confirming_an_item_whose_sentence_hedges_says_so(run: Run, tmp_path: Path) -> None:
    """Confirming the honour left its sentence 'reportedly considering' with no word: a
    journalist would publish a confirmed item resting on a report."""
    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    result = run("-f", str(path), "set-status", "grand-order-of-mugunghwa", "confirmed")
    assert result.exit_code == 0
    assert result.stderr == (
        f"trip: wrote {path}\n"
        "trip: note: grand-order-of-mugunghwa is now confirmed, but its source sentence "
        "still says '…Korean officials are reportedly considering bestowing the…'; give "
        "--source-quote with the sentence that makes it confirmed\n"
    )
    firm = run(
        "-f",
        str(path),
        "set-status",
        "kim-encounter",
        "confirmed",
        "--source-quote",
        "The White House said Trump will meet Kim at the DMZ.",
    )
    assert firm.stderr == f"trip: wrote {path}\n"  # a new sentence: nothing to say
    unsure = run("-f", str(path), "set-status", "meet-lee", "reported")
    assert unsure.stderr == f"trip: wrote {path}\n"  # not a firm status


def test_two_files_given_is_a_usage_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`trip -f A set-status ID S B` edited B and ignored -f A."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text(shipped_text(), encoding="utf-8")
    result = run("-f", str(first), "set-status", "meet-lee", "confirmed", str(second))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"trip: error: two files given, -f {first} and {second}: give one\n"
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == shipped_text()
    # $TRIP_FILE is a default: the FILE given overrides it
    monkeypatch.setenv("TRIP_FILE", str(first))
    from click.testing import CliRunner

    from trip_tracker.cli import cli

    runner = CliRunner()
    overridden = runner.invoke(cli, ["set-status", "meet-lee", "confirmed", str(second)])
    assert overridden.exit_code == 0, overridden.output
    assert first.read_text(encoding="utf-8") == shipped_text() != second.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """The lock opened the file before it was checked: on a FIFO it waited forever."""
    import subprocess
    import sys

    fifo = tmp_path / "trip.yaml"
    os.mkfifo(fifo)
    command = ["set-status", "japan", "confirmed", str(fifo)]
    result = subprocess.run(
        [sys.executable, "-c", "from trip_tracker.cli import main; main()", *command],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "is not a regular file" in result.stderr


def test_a_file_saved_as_it_was_read_is_not_written_over(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its identity was taken after the read: a save in between passed for what was read."""
    from trip_tracker import textfile

    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    theirs = shipped_text().replace("title: US", "title: Their US", 1)
    real_read = textfile.read_bytes

    def read_then_saved(name: str) -> bytes:
        content = real_read(name)
        replacement = tmp_path / "theirs.yaml"
        replacement.write_text(theirs, encoding="utf-8")
        os.replace(replacement, path)
        return content

    monkeypatch.setattr(textfile, "read_bytes", read_then_saved)
    result = run("-f", str(path), "set-status", "japan", "cancelled")
    assert result.exit_code == 1
    assert "changed while it was being read; nothing written" in result.stderr
    assert path.read_text(encoding="utf-8") == theirs


def test_an_edit_goes_ahead_where_files_cannot_be_locked(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS without a lock service answers ENOLCK: the edit failed with 'No locks'."""
    import errno

    fcntl = pytest.importorskip("fcntl")

    def no_locks(*_: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    result = run("-f", str(path), "set-status", "japan", "cancelled")
    assert (result.exit_code, result.stdout) == (0, "japan: status: scheduled -> cancelled\n")
    assert result.stderr == f"trip: wrote {path}\n"
    assert path.read_text(encoding="utf-8") == shipped_text().replace(
        JAPAN_STATUS, JAPAN_STATUS.replace("scheduled", "cancelled")
    )


def test_the_same_file_named_two_ways_is_one_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text(shipped_text(), encoding="utf-8")
    other_name = os.path.join(str(tmp_path), ".", "trip.yaml")  # pathlib would drop the .
    result = run("-f", str(path), "set-status", "japan", "cancelled", other_name)
    assert (result.exit_code, result.stderr) == (0, f"trip: wrote {other_name}\n")
    assert path.read_text(encoding="utf-8") == shipped_text().replace(
        JAPAN_STATUS, JAPAN_STATUS.replace("scheduled", "cancelled")
    )


def test_the_month_may_is_no_hedge(run: Run, tmp_path: Path) -> None:
    path = copy_with(
        tmp_path,
        "trip.yaml",
        ("From there, Trump will head to Tokyo.", "Trump will be in Tokyo in May."),
    )
    result = run("-f", str(path), "set-status", "japan", "confirmed")
    assert (result.exit_code, result.stderr) == (0, f"trip: wrote {path}\n")


#: A second source, as a delegation's file gains one when a readout comes out.
READOUT = (
    "\npeople:\n",
    "\n  - id: readout\n    title: White House readout\n\npeople:\n",
)


def test_a_new_quote_from_another_source_names_that_source(run: Run, tmp_path: Path) -> None:
    path = copy_with(tmp_path, "trip.yaml", READOUT)
    before = path.read_text(encoding="utf-8")
    quote = "The two leaders will meet in Busan on October 30."
    result = run(
        "set-status", "meet-xi", "confirmed", str(path), "--source-ref", "readout",
        "--source-quote", quote,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("meet-xi: source: [announcement] U.S. President Donald")
    assert result.stdout.endswith(f" -> [readout] {quote}\n")
    source = loader.load_path(str(path)).events_by_id["meet-xi"].source
    assert (source.ref, source.quote) == ("readout", quote)
    start = before.index("  - id: meet-xi\n")
    cited, notes = before.index("    source:\n", start), before.index("    notes:", start)
    block = f"    source:\n      ref: readout\n      quote: >-\n        {quote}\n"
    assert path.read_text(encoding="utf-8") == before[:cited] + block + before[notes:]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--source-ref", "wire", "--source-quote", "Said."],
            "--source-ref: no source with id 'wire'; sources: announcement, readout\n",
        ),
        (
            ["--source-ref", "readout"],
            "--source-ref goes with --source-quote: give the sentence it says\n",
        ),
    ],
)
def test_a_source_ref_needs_a_known_source_and_a_quote(
    run: Run, tmp_path: Path, options: list[str], message: str
) -> None:
    path = copy_with(tmp_path, "trip.yaml", READOUT)
    before = path.read_bytes()
    result = run("set-status", "meet-xi", "confirmed", str(path), *options)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "trip: error: " + message
    assert path.read_bytes() == before
