from trip_tracker.loader import load_shipped


def test_shipped_itinerary_loads_through_the_package() -> None:
    trip = load_shipped()
    assert trip.principal == "trump"
    assert [stop.id for stop in trip.stops] == ["washington", "malaysia", "japan", "south-korea"]
