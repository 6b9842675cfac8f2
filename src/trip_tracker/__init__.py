"""trip: keep an official trip's itinerary straight, with how sure each item is."""

__version__ = "0.1.0"
