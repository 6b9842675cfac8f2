"""Shell completion of values read from the current itinerary (Click's shell_complete hooks).

The file is the one `-f`/`$TRIP_FILE` names (else the shipped itinerary). Completion must
never print an error into the user's shell, so a file that does not load completes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from trip_tracker.model import Itinerary


def _trip(ctx: click.Context) -> Itinerary | None:
    from trip_tracker.cli_options import Session
    from trip_tracker.errors import TripError

    state = ctx.find_object(Session) or Session()
    try:
        return state.trip()
    except (TripError, OSError, ValueError):
        return None


def people(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Person ids whose id or name starts with what is typed (any case or accents)."""
    from click.shell_completion import CompletionItem

    from trip_tracker.queries import fold

    trip = _trip(ctx)
    if trip is None:
        return []
    typed = fold(incomplete)
    return [
        CompletionItem(person.id, help=person.name)
        for person in trip.people
        if fold(person.id).startswith(typed)
        or any(word.startswith(typed) for word in fold(person.name).replace("-", " ").split())
    ]


def item_ids(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Event, stop, person and source ids that start with what is typed."""
    from click.shell_completion import CompletionItem

    trip = _trip(ctx)
    if trip is None:
        return []
    items = [(event.id, event.title) for event in trip.events] + [
        (stop.id, stop.label) for stop in trip.stops
    ]
    items += [(person.id, person.name) for person in trip.people]
    items += [(source.id, source.title) for source in trip.sources]
    return [
        CompletionItem(ident, help=text) for ident, text in items if ident.startswith(incomplete)
    ]
