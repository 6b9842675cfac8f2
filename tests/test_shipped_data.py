"""The shipped itinerary says only what the source text says, and says how sure it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trip_tracker.loader import load_path, load_shipped
from trip_tracker.model import Event, Itinerary, Precision, Status

REPO = Path(__file__).resolve().parents[1]
REPO_COPY = REPO / "data" / "asia-2025-10.yaml"
#: The source text, kept in the repository so that these checks run in any clone.
SOURCE = REPO / "data" / "sources" / "asia-trip-announcement.txt"
#: Where it came from: the project's shared folder, beside the checkout (not in a clone).
ORIGINAL = REPO.parent / "shared" / "sources" / "asia-trip-announcement.txt"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def trip() -> Itinerary:
    return load_shipped()


def test_the_repository_copy_is_the_shipped_file(trip: Itinerary) -> None:
    assert load_path(str(REPO_COPY)) == trip


def test_the_source_the_itinerary_names_is_in_the_repository(trip: Itinerary) -> None:
    (source,) = trip.sources
    assert source.path is not None and (REPO / source.path).read_bytes() == SOURCE.read_bytes()


@pytest.mark.skipif(not ORIGINAL.exists(), reason="shared/sources is not beside this checkout")
def test_the_source_text_is_the_shared_original() -> None:
    assert SOURCE.read_bytes() == ORIGINAL.read_bytes()


def test_every_quote_is_verbatim_from_the_source(trip: Itinerary) -> None:
    source = squash(SOURCE.read_text(encoding="utf-8"))
    quotes = [event.source.quote for event in trip.events]
    quotes += [stop.source.quote for stop in trip.stops if stop.source]
    missing = [quote for quote in quotes if squash(quote) not in source]
    assert missing == []


def test_every_passage_quoted_in_notes_and_rules_is_verbatim(trip: Itinerary) -> None:
    """A note had changed the source's comma to a full stop inside its quotation marks."""
    source = squash(SOURCE.read_text(encoding="utf-8"))
    texts = [trip.summary or "", *(source.description or "" for source in trip.sources)]
    for item in (*trip.stops, *trip.events):
        texts.append(item.notes or "")
        times = [item.when] if isinstance(item, Event) else [item.arrive, item.depart]
        texts += [rule for when in times if when for rule in (when.derived or "", when.words or "")]
    quoted = [
        curly or straight
        for text in texts
        for curly, straight in re.findall(r"“([^”]*)”|\"([^\"]*)\"", squash(text))
    ]
    assert len(quoted) >= 12
    assert [passage for passage in quoted if passage not in source] == []


def test_the_words_of_every_time_are_the_sources_own(trip: Itinerary) -> None:
    """`words` keeps the source's phrasing: the ASEAN summit's had elided the summit's name
    ("on Sunday for the ... summit")."""
    source = squash(SOURCE.read_text(encoding="utf-8"))
    times = [event.when for event in trip.events]
    times += [when for stop in trip.stops for when in (stop.arrive, stop.depart)]
    words = [when.words for when in times if when is not None and when.words]
    assert len(words) >= 8
    assert [phrase for phrase in words if squash(phrase) not in source] == []


def test_the_topics_expected_of_the_whole_trip_are_not_given_to_the_summits(
    trip: Itinerary,
) -> None:
    assert trip.summary is not None and "U.S.-China economic frictions" in trip.summary
    assert trip.events_by_id["asean-summit"].topics == ()
    assert trip.events_by_id["apec-summit"].topics == ()
    # 'as they push for a more favourable trade arrangement of their own': the officials'
    # aim, not a topic of the honour
    assert trip.events_by_id["grand-order-of-mugunghwa"].topics == ()


def test_countries_cities_and_order(trip: Itinerary) -> None:
    assert [(s.place, s.country) for s in trip.stops] == [
        ("Washington", "United States"),
        (None, "Malaysia"),  # the text names no city in Malaysia
        ("Tokyo", "Japan"),
        (None, "South Korea"),  # arrival in Busan, the tech dinner in Gyeongju: no one city
    ]
    assert trip.events_by_id["arrive-busan"].place == "Busan"
    assert trip.events_by_id["tech-dinner"].place == "Gyeongju"


def test_the_one_stated_date_is_exact_and_not_derived(trip: Itinerary) -> None:
    meeting = trip.events_by_id["meet-xi"]
    assert meeting.when is not None
    assert meeting.when.precision is Precision.DAY
    assert meeting.when.date is not None and meeting.when.date.isoformat() == "2025-10-30"
    assert meeting.when.derived is None
    assert meeting.participants == ("trump", "xi")
    assert meeting.topics == ("trade tensions", "security issues", "global stability")
    assert meeting.place is None  # no city is stated for the meeting


def test_weekday_dates_are_derived_and_fall_on_their_weekday(trip: Itinerary) -> None:
    depart = trip.stops_by_id["washington"].depart
    arrive = trip.stops_by_id["malaysia"].arrive
    assert depart is not None and depart.date is not None and depart.derived
    assert arrive is not None and arrive.date is not None and arrive.derived
    assert (depart.date.isoformat(), depart.date.strftime("%A")) == ("2025-10-24", "Friday")
    assert (arrive.date.isoformat(), arrive.date.strftime("%A")) == ("2025-10-26", "Sunday")


def test_midweek_is_a_derived_window(trip: Itinerary) -> None:
    arrival = trip.stops_by_id["south-korea"].arrive
    assert arrival is not None
    assert arrival.precision is Precision.WINDOW
    assert arrival.words == "midweek"
    assert arrival.earliest is not None and arrival.latest is not None
    assert (arrival.earliest.isoformat(), arrival.latest.isoformat()) == (
        "2025-10-28",
        "2025-10-30",
    )
    assert arrival.derived


def test_certainty_is_kept_apart_from_rumour(trip: Itinerary) -> None:
    statuses = {event.id: event.status for event in trip.events}
    # "The trip includes both ASEAN and APEC summits": only the Sunday landing is expected
    assert statuses["asean-summit"] is statuses["apec-summit"] is Status.SCHEDULED
    assert statuses["arrive-malaysia"] is Status.EXPECTED
    assert statuses["meet-xi"] is Status.CONFIRMED
    assert statuses["grand-order-of-mugunghwa"] is Status.UNDER_CONSIDERATION
    assert statuses["kim-encounter"] is Status.SPECULATIVE
    assert statuses["malaysia-trade-agreement"] is Status.EXPECTED
    assert statuses["thailand-cambodia-accord"] is Status.EXPECTED


def test_no_invented_times_or_venues(trip: Itinerary) -> None:
    assert all(event.when is None or event.when.at is None for event in trip.events)
    named_places = {event.place for event in trip.events if event.place}
    assert named_places == {"Washington", "Busan", "Gyeongju"}
    undated = {event.id for event in trip.events if event.when is None}
    assert undated == {"apec-summit", "grand-order-of-mugunghwa", "kim-encounter"}


def test_everything_the_text_mentions_is_there(trip: Itinerary) -> None:
    assert set(trip.events_by_id) == {
        "depart-washington",
        "arrive-malaysia",
        "asean-summit",
        "malaysia-trade-agreement",
        "thailand-cambodia-accord",
        "meet-takaichi",
        "arrive-busan",
        "meet-lee",
        "apec-business-lunch",
        "tech-dinner",
        "apec-summit",
        "meet-xi",
        "grand-order-of-mugunghwa",
        "kim-encounter",
    }
    assert {p.name for p in trip.people} == {
        "Donald Trump",
        "Xi Jinping",
        "Sanae Takaichi",
        "Lee Jae Myung",
        "Kim Jong Un",
    }
