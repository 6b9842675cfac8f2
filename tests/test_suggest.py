"""'Did you mean ...?' suggestions: the closest names, ties to the longer shared start."""

from __future__ import annotations

from trip_tracker.suggest import closest


def test_a_tie_goes_to_the_longer_shared_start() -> None:
    # difflib scores both 0.83 and, alone, offers the reverse-alphabetical 's00200'.
    assert closest("s0000x", ["s00200", "s00000", "p00001"]) == ["s00000"]


def test_best_first_then_alphabetical_and_at_most_n() -> None:
    names = ["meet-xi", "meet-lee", "meet-kim", "depart-japan"]
    assert closest("meet-x", names, n=3, cutoff=0.5) == ["meet-xi", "meet-kim", "meet-lee"]
    assert closest("meet-x", names, n=1, cutoff=0.5) == ["meet-xi"]


def test_nothing_below_the_cutoff() -> None:
    assert closest("zzz", ["meet-xi", "arrive-tokyo"]) == []
    assert closest("", []) == []
