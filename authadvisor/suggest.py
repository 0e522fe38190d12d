"""Did-you-mean: the closest known word by edit distance (a swapped pair of letters is one edit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[i - 2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def closest(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice nearest to `word`, if near enough to be a plausible typo."""
    word_l = word.lower()
    best, best_d = None, None
    for choice in choices:
        d = _distance(word_l, choice.lower())
        if best_d is None or d < best_d:
            best, best_d = choice, d
    if best is None or best_d is None:
        return None
    limit = max(2, len(word) // 3)
    return best if best_d <= limit else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean "x"?)` or an empty string."""
    guess = closest(word, choices)
    return f' (did you mean "{guess}"?)' if guess else ""
