"""'Did you mean ...?': the known names closest to a mistyped one.

difflib's `get_close_matches` breaks ties by reverse alphabetical order, so for the id
's0000x' it offers 's00200' before 's00000' (both score the same). Here ties go to the
candidate that shares the longer start with the word typed, then to alphabetical order.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Up to `n` candidates scoring at least `cutoff` by difflib's ratio, best first."""
    import difflib  # only when a name is wrong

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio >= cutoff:
            # Character by character is the point here (these are ids, not paths).
            shared = len(os.path.commonprefix((word, candidate)))  # noqa: RUF071
            scored.append((-ratio, -shared, candidate))
    return [candidate for _, _, candidate in heapq.nsmallest(n, scored)]


def closest_ids(word: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` ids like `word`, case aside: those it equals but for case first ('MEET-XI'
    is 'meet-xi'), then the closest by spelling. Ids are case-sensitive, so a wrong case is
    a miss, the likeliest one."""
    by_fold: dict[str, list[str]] = {}
    for item in ids:
        by_fold.setdefault(item.casefold(), []).append(item)
    folded = word.casefold()
    found = list(by_fold.get(folded, []))
    for near in closest(folded, by_fold, n=n, cutoff=0.55):
        found += [item for item in by_fold[near] if item not in found]
    return found[:n]
