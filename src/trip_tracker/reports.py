"""How consistency findings and version differences look: Rich tables, JSON and Markdown.

Kept apart from render.py (listings) so the two new reports share one place. Every value
from the data goes through render.cell()/formatting.safe(); no printing here.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from trip_tracker import formatting as fmt
from trip_tracker.consistency import Finding, Severity
from trip_tracker.diffing import Change
from trip_tracker.export.markdown import escape
from trip_tracker.render import STATUS_STYLE, cell
from trip_tracker.vocabulary import Status

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def _table(title: str | None, *columns: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def position(finding: Finding) -> str:
    """`line:column` in the checked file ('-' when the finding has no one place)."""
    if finding.line is None:
        return "-"
    return f"{finding.line}:{finding.column or 1}"


def findings_table(findings: list[Finding]) -> Table:
    table = _table(None, "severity", "line:col", "items", "finding")
    for finding in findings:
        table.add_row(
            Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity]),
            cell(position(finding)),
            cell(", ".join(finding.items)),
            cell(finding.message),
        )
    return table


def findings_json(findings: list[Finding], name: str) -> dict[str, Any]:
    from trip_tracker.errors import field_path

    return {
        "file": name,
        "errors": sum(f.severity is Severity.ERROR for f in findings),
        "warnings": sum(f.severity is Severity.WARNING for f in findings),
        "findings": [
            {
                "severity": f.severity.value,
                "code": f.code,
                "message": f.message,
                "items": list(f.items),
                "path": field_path(f.loc) if f.loc else None,
                "line": f.line,
                "column": f.column,
            }
            for f in findings
        ],
    }


def _status_text(value: str | None) -> Text:
    if value is None:
        return cell(None)
    style = STATUS_STYLE[Status(value)] if value in set(Status) else ""
    return Text(fmt.safe(value), style=style)


def changes_view(changes: list[Change]) -> RenderableType:
    """Status changes in their own table first, then every other change."""
    statuses = [c for c in changes if c.kind == "status"]
    others = [c for c in changes if c.kind != "status"]
    parts: list[RenderableType] = []
    if statuses:
        table = _table("STATUS CHANGES", "item", "what", "old", "", "new")
        for change in statuses:
            table.add_row(
                cell(change.item_id, "bold"),
                cell(change.label),
                _status_text(change.old),
                Text("->"),
                _status_text(change.new),
            )
        parts.append(table)
    if others:
        table = _table(
            "Other changes" if statuses else None, "change", "item", "field", "old", "new"
        )
        for change in others:
            table.add_row(
                cell(change.kind),
                cell(f"{change.item_type} {change.item_id}"),
                cell(change.field or "-"),
                cell(change.old if change.old is not None else "-"),
                cell(change.new if change.new is not None else "-"),
            )
        parts.append(table)
    return Group(*parts)


def changes_json(changes: list[Change], old_name: str, new_name: str) -> dict[str, Any]:
    return {
        "old": old_name,
        "new": new_name,
        "differences": len(changes),
        "changes": [change.as_json() for change in changes],
    }


def changes_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    """A change note to paste: status changes first under their own heading."""
    out = [f"# Changes from {escape(old_name)} to {escape(new_name)}", ""]
    statuses = [c for c in changes if c.kind == "status"]
    others = [c for c in changes if c.kind != "status"]
    if not changes:
        out += ["No differences.", ""]
    if statuses:
        out += ["## Status changes", ""]
        out += [
            f"- **{escape(c.item_id)}** ({escape(c.label)}): "
            f"{escape(c.old or '')} → **{escape(c.new or '')}**"
            for c in statuses
        ]
        out.append("")
    if others:
        out += ["## Other changes", ""]
        for c in others:
            item = f"{c.item_type} **{escape(c.item_id)}**"
            if c.kind == "added":
                out.append(f"- Added {item}: {escape(c.new or '')}")
            elif c.kind == "removed":
                out.append(f"- Removed {item}: {escape(c.old or '')}")
            else:
                old = escape(c.old) if c.old is not None else "*none*"
                new = escape(c.new) if c.new is not None else "*none*"
                out.append(f"- {item} {escape(c.field)} ({c.kind}): {old} → {new}")
        out.append("")
    return "\n".join(out)
