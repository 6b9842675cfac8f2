"""Read the moment a user asks about (`--as-of`) into an aware datetime.

Accepts what python-dateutil parses plus `now`, `today`, `tomorrow`, `yesterday` and offsets
such as `+2d` or `-3h`. A time written without a zone is read in the zone where the principal
is at that moment per the itinerary, so "Oct 29 09:00" during the Seoul leg means 09:00 in
Seoul; `zone` overrides that. What the text leaves out comes from the trip's first dated
day: a year left out is the one nearest it, never today's, and a weekday alone is the
trip's first; nothing else is filled in (see `_checked`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta, timezone, tzinfo
from datetime import date as Date
from datetime import datetime as DateTime
from datetime import time as Time

from trip_tracker.errors import UsageError
from trip_tracker.model import (
    FIRST_YEAR,
    LAST_YEAR,
    Itinerary,
    never_happened,
    skipped_time_message,
)
from trip_tracker.zones import zone as get_zone

EXAMPLES = "2025-10-29 14:00, Oct 29, 2025-10-29T05:00Z, now, today, tomorrow, +2d, -3h"
_OFFSET = re.compile(r"^([+-])\s*(\d+)\s*(w|d|h|m|min)$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "min": "minutes"}


@dataclass(frozen=True)
class Moment:
    """The instant asked about, and the zone a zoneless input was read in (None if it had one)."""

    instant: DateTime
    zone_used: str | None
    guess: str | None = None  # why the zone used is only a guess (said on stderr)


def parse_moment(
    text: str, trip: Itinerary, clock: Callable[[], DateTime], zone: str | None = None
) -> Moment:
    """The moment `text` names; UsageError with examples when it names none, or one too
    far off to compute with (the years an itinerary's dates may fall in), or a local time
    the clocks skip."""
    moment = _moment(text, trip, clock, zone)
    if not FIRST_YEAR <= moment.instant.year <= LAST_YEAR:
        raise UsageError(
            f"{text!r} is out of range: moments must fall in the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


def _moment(text: str, trip: Itinerary, clock: Callable[[], DateTime], zone: str | None) -> Moment:
    word = text.strip().lower()
    now = clock()
    if word == "now":
        return Moment(now, None)
    offset = _OFFSET.match(word)
    if offset:
        sign, amount, unit = offset.groups()
        try:
            delta = timedelta(**{_UNITS[unit]: int(amount)})
            return Moment(now + delta if sign == "+" else now - delta, None)
        except OverflowError:
            raise UsageError(f"{text!r} is too far from now to be a date") from None
    if word in ("today", "tomorrow", "yesterday"):
        name = zone or principal_zone(trip, now)[0]
        local = now.astimezone(get_zone(name)).date()
        local += timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word])
        return Moment(DateTime.combine(local, Time(0), tzinfo=get_zone(name)), name)
    parsed = _parse_text(text, trip)
    if parsed.tzinfo is not None:
        return Moment(parsed, None)
    if zone is not None:
        return Moment(_happened(parsed, zone), zone)
    name, guess = principal_zone(trip, parsed)
    return Moment(_happened(parsed, name), name, guess)


def _happened(local: DateTime, name: str) -> DateTime:
    """`local` as a time in the zone called `name`; UsageError if the clocks skipped it
    there (02:30 on the night they go forward), as the loader refuses such a time in a
    file: read as an instant it would be an hour off. A midnight stands for its day, and
    is its start even where the clocks skip it (Santiago's go forward at midnight)."""
    if local.time() != Time(0) and never_happened(local, name):
        raise UsageError(skipped_time_message(local, name))
    return local.replace(tzinfo=get_zone(name))


#: A UTC name with an offset after it: dateutil reads `GMT+9` the POSIX way, nine hours
#: *behind* UTC, and drops the offset of `UTC +9` altogether.
_NAMED_OFFSET = re.compile(r"(?<![A-Za-z])(?:UTC|GMT|UT|Z)\s*[+-]\s*\d", re.IGNORECASE)


_MINUTES_PAST_59 = re.compile(r"\d[+-]\d{1,2}:?[6-9]\d(?!\d)")

#: A number of two digits, 32 to 99, on its own (not minutes, seconds, an offset or a part
#: of an ISO date): no day of a month, so dateutil takes it for a year: 'Oct 32' was
#: 24 October 2032, 'Oct 99' 1999.
_TWO_DIGIT_YEAR = re.compile(r"(?<![\d:.+-])(3[2-9]|[4-9]\d)(?![\d:])")


#: A date of numbers, day and month first in either order, the year after them or left out
#: (01/11/2025, 01.11.25, 10/11): dateutil reads the month first, as in the US; most of
#: the world reads the day first.
_DAY_AND_MONTH = re.compile(
    r"(?<![\d:.+-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:./-])"
)


def _ambiguous_numbers(text: str) -> str | None:
    """Why `text` cannot be read without guessing which of two numbers is the month; None
    when it can (25/10/2025 has one reading, and 10/10/2025 two alike)."""
    found = _DAY_AND_MONTH.search(text)
    if found is None:
        return None
    first, second = int(found.group(1)), int(found.group(3))
    if first == second or not (1 <= first <= 12 and 1 <= second <= 12):
        return None
    written = found.group(4)
    if written is None or len(written) != 4:  # no year, or two digits: no century to guess
        return (
            f"cannot tell whether {found.group(0)!r} is month/day or day/month; write the "
            "date year first, with the year in full (2025-10-29)"
        )
    return (
        f"cannot tell whether {found.group(0)!r} is {written}-{first:02}-{second:02} (month "
        f"first) or {written}-{second:02}-{first:02} (day first); write the date year first, "
        "like those"
    )


#: An ISO 8601 week date: 2025-W44-3, 2025W443.
_ISO_WEEK = re.compile(r"\d{4}-?[Ww]\d{2}")
#: Noon, which dateutil does not know, as its time ('Oct 29 noon'); midnight is left out:
#: the start of the day or its end?
_NOON = re.compile(r"(?<![A-Za-z])noon(?![A-Za-z])", re.IGNORECASE)
#: UTC by its names in any case: dateutil knows `UTC` and `GMT`, and refused `14:00 utc`.
_UTC_WORD = re.compile(r"(?<![A-Za-z])(?:utc|gmt)(?![A-Za-z])", re.IGNORECASE)


def _parse_text(text: str, trip: Itinerary) -> DateTime:
    from dateutil import parser

    if _MINUTES_PAST_59.search(text):  # dateutil would read +05:99 as +06:39
        raise UsageError(f"{text!r} has an offset whose minutes are not 00-59")
    if _NAMED_OFFSET.search(text):
        raise UsageError(
            f"cannot tell which offset {text!r} names (GMT+9 is nine hours ahead of UTC in "
            "common use, nine behind in POSIX zones); write the offset alone "
            "(2025-10-29T14:00+09:00) or use --tz ZONE"
        )
    ambiguous = _ambiguous_numbers(text)
    if ambiguous:
        raise UsageError(ambiguous)
    if _ISO_WEEK.search(text):  # its week number was taken for a day of a month
        raise UsageError(
            f"cannot read {text!r} as a moment: week dates (2025-W44-3) are not read; write "
            "the date (2025-10-29)"
        )
    year = _TWO_DIGIT_YEAR.search(text)
    if year:
        raise UsageError(
            f"cannot read {text!r} as a moment: {year.group(1)} is no day of a month, and a "
            "year must be written in full (2025-10-29, Oct 29 2025)"
        )
    readable = _NOON.sub("12:00", _UTC_WORD.sub(lambda name: name.group().upper(), text))

    def reading(default: DateTime) -> DateTime:
        return parser.parse(readable, default=default, tzinfos=_zone_named(text))

    first = _first_day(trip)
    try:
        if first is None:
            # Nothing in the itinerary is dated: the text must say the whole date itself.
            # Two unlike defaults give unlike readings when it leaves out a year, month or day.
            readings = {reading(default) for default in _UNLIKE_DEFAULTS}
            if len(readings) > 1:
                raise UsageError(
                    f"{text!r} leaves out part of the date, and nothing in the itinerary is "
                    "dated to take it from; give the full date (2025-10-29 14:00)"
                )
            return _checked(text, readings.pop(), year_from_text=True)
        # The text read with the trip's first day as the default, then with one five weeks
        # on (the same weekday) and one four years on (the same day): what the text leaves
        # out differs between them.
        found, later, elsewhere = (reading(d) for d in (first, first + _FIVE_WEEKS, _on(first)))
    except (ValueError, OverflowError):
        raise UsageError(
            f"cannot read {text!r} as a moment; examples of what works: {EXAMPLES}"
        ) from None
    if (found.month, found.day) != (later.month, later.day):
        if not _weekdays_named(text):
            raise UsageError(
                f"cannot read {text!r} as a moment: it gives no day of a month; name one "
                "(Oct 29, 2025-10-29 14:00) or a weekday of the trip (Friday)"
            )
        return found  # a weekday alone: the trip's first such day
    if found.year != elsewhere.year:  # the year left out: the one nearest the trip
        return _checked(text, _nearest_year(found, first), year_from_text=False)
    return _checked(text, found, year_from_text=True, trip_year=first.year)


_FIVE_WEEKS = timedelta(weeks=5)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _on(first: DateTime) -> DateTime:
    """The same day four years away (leap years alike), within the years Python holds."""
    years = 4 if first.year <= LAST_YEAR - 4 else -4
    try:
        return first.replace(year=first.year + years)
    except ValueError:  # February 29 in 2096, whose next fourth year (2100) is no leap year
        return first.replace(year=first.year + years, day=28)


def _nearest_year(found: DateTime, first: DateTime) -> DateTime:
    """`found` in the year, of the trip's first day's and the two beside it, that puts it
    nearest that day: 'Jan 2' on a trip from December 30, 2025 is January 2, 2026."""
    candidates = []
    for year in (first.year - 1, first.year, first.year + 1):
        try:
            candidate = found.replace(year=year)
        except ValueError:  # February 29 in a year without one
            continue
        candidates.append((abs((candidate.date() - first.date()).days), candidate.year, candidate))
    return min(candidates)[2] if candidates else found


def _weekdays_named(text: str) -> set[int]:
    """The weekdays the text names, as dateutil knows them (0 Monday to 6 Sunday)."""
    from dateutil.parser import parserinfo

    info = parserinfo()
    return {
        day for word in re.findall(r"[A-Za-z]+", text) if (day := info.weekday(word)) is not None
    }


def _checked(
    text: str, found: DateTime, year_from_text: bool, trip_year: int | None = None
) -> DateTime:
    """`found`, unless dateutil made up part of it. A year it read from the text must be
    written there in full: it takes a lone number of one or two digits for a year ('Oct 30
    at 10' was 2010, with a century from today's date), and a time without its colon for
    one too ('Oct 30 at 1400' was the year 1400). And a weekday the date contradicts is
    refused ('Fri Oct 29 2025', a Wednesday), where dateutil ignores it. `trip_year`, the
    trip's first year (None when nothing is dated), tells a year from a time."""
    if year_from_text:
        written = re.search(rf"(?<!\d){found.year:04d}(?!\d)", text) or _basic_iso(text, found)
        time_like = (  # 1400 alone, not the year of an ISO date (0014-07-17)
            written is not None
            and _HHMM.fullmatch(written.group()) is not None
            and not text.startswith("-", written.end())
        )
        far = trip_year is not None and abs(found.year - trip_year) > 100
        if written is None or (time_like and far):
            raise UsageError(
                f"cannot read {text!r} as a moment: it would be in the year {found.year}; a "
                "year is written in full (Oct 29 2025), a time with its colon (10:00, 14:00)"
            )
    named = _weekdays_named(text)
    if named and named != {found.weekday()}:
        day = found.date()
        raise UsageError(
            f"{text!r} does not hold together: {day.isoformat()} is a "
            f"{_WEEKDAY_NAMES[day.weekday()]}"
        )
    return found


#: Four digits that read as a time of day (1400): hours 00-23, minutes 00-59.
_HHMM = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
#: ISO 8601's basic form: 20251029, 20251029T1400, 20251029T140000Z (the year in full).
_BASIC_ISO = re.compile(
    r"\s*(\d{8})(?:[Tt]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)?"  # 20251029T14, T1400...
    r"(?:\s*(?:[Zz]|UTC|GMT)|[+-]\d{2}(?::?\d{2})?)?\s*\Z",  # Z, +09, -0500, +09:00
    re.IGNORECASE,
)


def _basic_iso(text: str, found: DateTime) -> re.Match[str] | None:
    """The date of `text` when it is ISO 8601's basic form of `found`'s: its year is written
    in full there ('20251029' was refused as 'in the year 2025; a year is written in full')."""
    match = _BASIC_ISO.match(text)
    day = f"{found.year:04d}{found.month:02d}{found.day:02d}"
    return match if match is not None and match.group(1) == day else None


#: Leap years both, so that a text's Feb 29 reads with either.
_UNLIKE_DEFAULTS = (DateTime(2000, 1, 1), DateTime(2004, 2, 3))


_UTC_NAMES = frozenset({"UTC", "GMT", "UT", "Z"})


def _zone_named(text: str) -> Callable[[str | None, int | None], tzinfo | None]:
    """How dateutil is to read a zone written in `text`: an offset as given, UTC by its
    names, and no abbreviation at all. Left to itself, dateutil reads a name found in the
    machine's own zone (EST on a New York machine) as that zone, whatever it says, and
    drops any other name with a warning: answers hours off, depending on the machine."""

    def zone_of(name: str | None, offset: int | None) -> tzinfo | None:
        if name is None:
            return None if offset is None else timezone(timedelta(seconds=offset))
        if name.upper() in _UTC_NAMES and not offset:
            return UTC
        raise UsageError(
            f"cannot tell which zone {text!r} names (abbreviations such as {name} are "
            "ambiguous); give an offset (2025-10-29T14:00-05:00) or --tz ZONE"
        )

    return zone_of


def _first_day(trip: Itinerary) -> DateTime | None:
    """What a moment's text leaves out is taken from here: the trip's first dated day (so
    'Friday' is the trip's first Friday, 'Oct 29' the trip's year, never today's); None
    when nothing is dated."""
    from trip_tracker.queries import trip_start

    start = trip_start(trip)
    return start.replace(tzinfo=None) if start is not None else None


def principal_zone(trip: Itinerary, local: DateTime) -> tuple[str, str | None]:
    """The zone of the stop where the principal is at wall-clock time `local` (read in each
    stop's zone in turn), or at the instant `local` when it has a zone (the clock's now).

    Returns (zone, guess): `guess` says why that zone is only a guess, when the itinerary
    allows stops in different zones then (the first in travel order is used), or places
    the principal in no stop during the trip (travelling: the home zone is used, and the
    answer may move by many hours with the zone). None when the zone is not in doubt;
    before or after the trip it is the home zone.
    """
    from trip_tracker.queries import stop_spans

    spans = stop_spans(trip)
    zones: list[str] = []
    for stop in trip.stops:
        moment = local if local.tzinfo is not None else local.replace(tzinfo=get_zone(stop.tz))
        start, end = spans[stop.id]
        if (start is None or start <= moment) and (end is None or moment < end):
            zones.append(stop.tz)
    if zones:
        if len(set(zones)) == 1:
            return zones[0], None
        return _zone_agreeing(trip, local, zones)
    home = local if local.tzinfo is not None else local.replace(tzinfo=get_zone(trip.home_tz))
    if local.tzinfo is None and any(
        (start is None or start <= home) and (end is None or home < end)
        for start, end in spans.values()
    ):  # 12:00 on Oct 25 in New York is the 26th in Kuala Lumpur, when a stay there begins
        return (
            trip.home_tz,
            "no stop's stay includes it on that stop's own clock, so the home zone was used",
        )
    left = any(end is not None and end <= home for _, end in spans.values())
    ahead = any(start is not None and start > home for start, _ in spans.values())
    if left and ahead:  # between two stops, as the spans already say
        return trip.home_tz, "no stop fits then (travelling?), so the home zone was used"
    return trip.home_tz, None


def _zone_agreeing(trip: Itinerary, local: DateTime, zones: list[str]) -> tuple[str, str]:
    """Of the zones of several stops that fit wall-clock time `local` (in travel order), the
    first whose reading agrees with itself: one where the stop `where` then makes probable
    (a planned event on a stated day there, see `queries.on_a_stated_day`) is in that very
    zone, or where it makes none probable. '2025-10-30 14:00' was read in Kuala Lumpur,
    first in travel order, and answered as 15:00 in Seoul, where the Xi meeting makes
    South Korea probable that day; '2025-10-29 23:30' there is the 30th in Seoul."""
    several = "the itinerary allows more than one stop then"
    if local.tzinfo is not None:
        return zones[0], several
    from trip_tracker.queries import event_timing, on_a_stated_day, stated_day_stop, stop_spans

    spans = stop_spans(trip)
    day_events = [event for event in trip.events if on_a_stated_day(event)]
    for name in dict.fromkeys(zones):
        moment = local.replace(tzinfo=get_zone(name))
        under_way = (e for e in day_events if event_timing(trip, e, moment, spans) == "now")
        stop, placing = stated_day_stop(trip, under_way)
        if stop is None:
            return name, several
        if stop.tz == name:
            return (
                name,
                f"{several}; {stop.label} is the probable one ({placing[0].title!r} is that day)",
            )
    return zones[0], several


def parse_day(
    text: str, trip: Itinerary, clock: Callable[[], DateTime], zone: str | None = None
) -> Date:
    """The calendar day `text` names (`2025-10-29`, `Oct 29`, `today`, `+1d`), in `zone`
    when given, else in the zone the moment was read in."""
    ambiguous = _ambiguous_numbers(text)
    if ambiguous:  # said as it is: "cannot read ... as a day" would hide why
        raise UsageError(ambiguous)
    try:
        moment = parse_moment(text, trip, clock, zone)
    except UsageError:
        raise UsageError(
            f"cannot read {text!r} as a day; examples of what works: 2025-10-29, Oct 29, "
            "today, tomorrow, +2d"
        ) from None
    from_the_clock = _from_the_clock(text)
    if not from_the_clock and moment.instant.time() != Time(0):
        # `--from '2025-10-28 15:00'` kept only the day: a 10:00 meeting still showed
        raise UsageError(
            f"cannot read {text!r} as a day: it gives a time of day, and days are whole "
            "(2025-10-29, Oct 29, today, +2d)"
        )
    target: tzinfo | None
    if zone is not None:
        target = get_zone(zone)
    elif from_the_clock:  # the day where the principal is then, as for `today`
        target = get_zone(principal_zone(trip, moment.instant)[0])
    else:
        target = moment.instant.tzinfo
    return moment.instant.astimezone(target).date()


def _from_the_clock(text: str) -> bool:
    """`now` or an offset from it (`+1d`): an instant with no zone of its own to read a day in
    (the clock's is UTC, which made `--day +0d` tomorrow in New York after 20:00)."""
    word = text.strip().lower()
    return word == "now" or _OFFSET.match(word) is not None


def day_range(
    first: str | None,
    last: str | None,
    trip: Itinerary,
    clock: Callable[[], DateTime],
    zone: str | None = None,
) -> tuple[Date | None, Date | None]:
    """The days `--from` and `--until` name (None where not given); UsageError when the
    range is reversed, which would otherwise match only the vague items that span it."""
    first_day = parse_day(first, trip, clock, zone) if first else None
    last_day = parse_day(last, trip, clock, zone) if last else None
    if first_day is not None and last_day is not None and first_day > last_day:
        raise UsageError(
            f"--from {first_day.isoformat()} is after --until {last_day.isoformat()}; swap them"
        )
    return first_day, last_day
