"""Did-you-mean: the closest known word by edit distance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


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
