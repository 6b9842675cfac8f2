"""The itinerary's words for how sure an item is, what sort of event it is and how precisely
a time is known: plain enums, apart from the pydantic models (`model` uses them), so that a
command's options (`--status`, `--kind`) and its --help need not import pydantic."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How sure the source is about an item, from firm to doubtful (see README)."""

    CONFIRMED = "confirmed"
    SCHEDULED = "scheduled"
    EXPECTED = "expected"
    REPORTED = "reported"
    UNDER_CONSIDERATION = "under-consideration"
    SPECULATIVE = "speculative"
    CANCELLED = "cancelled"


#: Statuses that are not firm plans: these make up a briefing's "open questions".
OPEN_STATUSES = frozenset({Status.REPORTED, Status.UNDER_CONSIDERATION, Status.SPECULATIVE})


class Kind(StrEnum):
    """What sort of event an item is."""

    SUMMIT = "summit"
    BILATERAL = "bilateral"
    MEETING = "meeting"
    SIGNING = "signing"
    ADDRESS = "address"
    MEAL = "meal"
    CEREMONY = "ceremony"
    TRAVEL = "travel"
    OTHER = "other"


class Precision(StrEnum):
    """How precisely a time value is known."""

    EXACT = "exact"
    DAY = "day"
    WINDOW = "window"
