"""Did-you-mean: the closest known word by edit distance (a swapped pair of letters is one edit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional


def _distance(a: str, b: str, cutoff: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit (optimal string alignment), or
    `cutoff + 1` as soon as it must exceed `cutoff`. Keeps three rows, not the whole table: memory is
    O(len(b))."""
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            row.append(cost)
        if min(row) > cutoff and (i == len(a) or min(prev) > cutoff):  # no later row can come back under
            return cutoff + 1
        before, prev = prev, row
    return prev[-1]


def _limit(word: str) -> int:
    return max(2, len(word) // 3)


def closest(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice nearest to `word`, if near enough to be a plausible typo. A choice whose length differs
    by more than the allowed edits is never compared (the distance is at least the difference), so a
    value far longer than every candidate costs nothing, however long it is."""
    limit = _limit(word)
    candidates = [c for c in choices if abs(len(c) - len(word)) <= limit]
    if not candidates:
        return None
    word_l = word.lower()
    best, best_d = None, None
    for choice in candidates:
        d = _distance(word_l, choice.lower(), limit if best_d is None else min(limit, best_d))
        if best_d is None or d < best_d:
            best, best_d = choice, d
    return best if best_d is not None and best_d <= limit else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean "x"?)` or an empty string."""
    guess = closest(word, choices)
    return f' (did you mean "{guess}"?)' if guess else ""
