"""The heaviest chain: which items to keep so that their keys strictly increase.

Table rows and section headings are both chosen this way: every candidate has a key
(its row, its section number) and a weight (how sure the match is), and the kept
candidates must follow template order.  Keys are few (at most 25 rows, 6 sections), so
the best chain ending at or before each key is carried along: O(items x keys), linear
in the input however candidates repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def heaviest_chain(keys: Sequence[int], weights: Sequence[int], size: int) -> list[int]:
    """Indexes of the items to keep, in order: their ``keys`` (0 <= key < size)
    strictly increase and their ``weights`` sum to the most; earliest on a tie."""
    if all(a < b for a, b in pairwise(keys)):
        return list(range(len(keys)))
    best = [0] * size  # best weight of a chain whose last key is at most k
    ends = [-1] * size  # the item ending that chain
    back: list[int] = []  # each item's predecessor in its best chain
    for i, (key, weight) in enumerate(zip(keys, weights, strict=True)):
        prior = best[key - 1] if key else 0
        back.append(ends[key - 1] if key else -1)
        total = prior + weight
        for k in range(key, size):  # carry the better chain forward
            if total <= best[k]:
                break
            best[k] = total
            ends[k] = i
    chosen = []
    i = ends[-1] if size else -1
    while i >= 0:
        chosen.append(i)
        i = back[i]
    return chosen[::-1]
