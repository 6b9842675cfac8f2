"""IANA time zones by name, with suggestions when a name is wrong.

Zones come from the `tzdata` package when the machine has no zone database, so results do
not depend on the host.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


@cache
def zone(name: str) -> ZoneInfo:
    """The zone called `name`; ValueError naming the closest valid zones when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(unknown_zone_message(name)) from None


def closest_zones(name: str, limit: int = 3) -> list[str]:
    """Valid zone names that look like `name`, best first."""
    from trip_tracker.suggest import closest  # only for a wrong zone name

    names = sorted(available_timezones())
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
    suggestions = closest_zones(name)
    hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
    return f"unknown time zone {name!r}{hint}; use an IANA name such as 'Asia/Seoul'"
