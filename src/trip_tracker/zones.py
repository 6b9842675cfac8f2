"""IANA time zones by name, with suggestions when a name is wrong.

Zones come from the `tzdata` package when the machine has no zone database, so results do
not depend on the host.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

#: Names of the machine's own zone in some zone databases: their meaning changes with it.
_THE_MACHINES = frozenset({"localtime", "posixrules"})
#: Old US zone names that the database keeps as fixed offsets, with no summer time, though
#: most clocks they are named for keep one: `--tz EST` showed Washington's 00:30 EDT as
#: 23:30 EST, while `--at '... EST'` is refused. (HST is Hawaii's, which keeps none.)
_FIXED_ABBREVIATIONS = {
    "EST": "'America/New_York'",
    "MST": "'America/Denver' (or 'America/Phoenix' for Arizona, on MST all year)",
}
#: An offset written as a zone: `UTC+9`, `GMT-05:00`, `+09:00`.
_AN_OFFSET = re.compile(r"(?:UTC|GMT|UT)?\s*[+-]\s*\d", re.IGNORECASE)
#: An abbreviation such as KST or CEST: ambiguous, and no zone by itself.
_AN_ABBREVIATION = re.compile(r"[A-Za-z]{2,5}")


@cache
def zone(name: str) -> ZoneInfo:
    """The zone called `name`; ValueError naming the closest valid zones when there is none."""
    if name.lower() in _THE_MACHINES:
        raise ValueError(
            f"time zone {name!r} is whatever zone the machine is set to, so answers would "
            "change from one machine to another; use an IANA name such as 'Asia/Seoul'"
        )
    if name.upper() in _FIXED_ABBREVIATIONS:
        raise ValueError(
            f"time zone {name!r} is an old name for a fixed offset, with no summer time; "
            f"use an IANA name such as {_FIXED_ABBREVIATIONS[name.upper()]}"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(unknown_zone_message(name)) from None


def closest_zones(name: str, limit: int = 3) -> list[str]:
    """Valid zone names that look like `name`, best first; never one `zone` refuses
    (`home_tz: local` was asked 'did you mean localtime?', then told it was refused)."""
    from trip_tracker.suggest import closest  # only for a wrong zone name

    names = sorted(
        candidate
        for candidate in available_timezones()
        if candidate.lower() not in _THE_MACHINES and candidate.upper() not in _FIXED_ABBREVIATIONS
    )
    lowered = {candidate.lower(): candidate for candidate in names}
    hits = closest(name.lower(), lowered, n=limit, cutoff=0.5)
    if not hits:
        # Match on the city part alone ("Olympus" -> nothing, "Seul" -> Asia/Seoul).
        cities = {candidate.rsplit("/", 1)[-1].lower(): candidate for candidate in names}
        city = name.rsplit("/", 1)[-1].lower()
        hits = closest(city, cities, n=limit, cutoff=0.5)
        return [cities[hit] for hit in hits]
    return [lowered[hit] for hit in hits]


def unknown_zone_message(name: str) -> str:
    if name.strip().lower() == "local":  # --tz's word for each stop's own zone
        return (
            f"unknown time zone {name!r}: each stop's own zone is not one zone; use an IANA "
            "name such as 'Asia/Seoul'"
        )
    if _AN_OFFSET.match(name.strip()):
        # Never suggest Etc/GMT+9 here: POSIX signs make it nine hours *behind* UTC.
        return (
            f"unknown time zone {name!r}: an offset is not a zone (it knows no summer time); "
            "use an IANA name such as 'Asia/Seoul'"
        )
    suggestions = [found for found in closest_zones(name) if not found.startswith("Etc/GMT")]
    same_but_case = [found for found in suggestions if found.lower() == name.lower()]
    if same_but_case:  # 'utc', 'gmt': the zone itself
        suggestions = same_but_case
    # 'KST' or 'kst' looks like 'EST', 'HST', 'MST' (old US zones): no hint, but why.
    elif _AN_ABBREVIATION.fullmatch(name) and all(found.isupper() for found in suggestions):
        return (
            f"unknown time zone {name!r}: abbreviations are ambiguous (CST is in America, "
            "China and Cuba); use an IANA name such as 'Asia/Seoul'"
        )
    hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
    return f"unknown time zone {name!r}{hint}; use an IANA name such as 'Asia/Seoul'"
