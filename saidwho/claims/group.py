"""Statements into claims: average-link clustering over a blend of sentence-vector and
word-overlap similarity, run incrementally.

A :class:`ClaimIndex` holds every claim as the sum of its members' unit vectors and of
their unit word vectors, so a text's average similarity to a claim's members is one dot
product whatever the claim's size. Each batch of new texts is clustered together with the
stored claims it comes near: new texts merge with each other and into stored claims, and
two stored claims merge only when a batch brings them within the threshold of each other
(into the older: :attr:`ClaimIndex.merges` records it, so an absorbed id still finds its
claim); no batch re-clusters the corpus.
:func:`group` is one batch into an empty index.

Tuning (``bench/claims_group.py``, Emergent train headlines, claims split by a hash of the
claim id: three quarters tune, one quarter held out): a grid over ``WEIGHT`` (0.5-1.0) and
``THRESHOLD`` (0.3-0.55) on the tune quarter chose 0.7 and 0.4.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# Share of the similarity that is the sentence vectors' cosine; the rest is word overlap
# (cosine of binary word vectors), which keeps names and numbers apart that the encoder
# finds alike ("Apple will sell 19 million watches" vs "... 30 million").
WEIGHT = 0.7
THRESHOLD = 0.4
# Word overlap is computed only for stored claims at least this near by vector: below it a
# claim would need an overlap above 0.75 to reach THRESHOLD, and looking every stored
# claim's words up for every new text is what an ingest cannot afford.
VECTOR_FLOOR = 0.25
# A text with fewer distinct words ("Yes.", "We'll see") is no claim.
MIN_WORDS = 3

# The store's tokeniser (schema.sql, saidwho_tokens), so stored and new texts agree
# (tests/claims/test_group.py holds them to it). DuckDB's strip_accents takes accents off
# by canonical decomposition (NFD), so this does too: compatibility forms ("\ufb01",
# full-width letters) are not folded into letters by either.
_STOP = frozenset(
    "an and are as at be by for in is it of on or that the to was with".split()  # noqa: SIM905
)
_SPLIT = re.compile(r"[^a-z0-9]+")
# Combining marks (the accents NFD splits off): only a text with some needs the slow pass.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> frozenset[str]:
    """Distinct index terms of ``text``: accents stripped, lower case, a-z0-9 runs, one-letter
    words and a few function words dropped (as ``saidwho_tokens`` in the store)."""
    plain = text.lower()
    if not plain.isascii():
        folded = unicodedata.normalize("NFD", plain)
        plain = (
            "".join(c for c in folded if not unicodedata.combining(c)) if _MARKS.search(folded) else folded
        )
    return frozenset(t for t in _SPLIT.split(plain) if len(t) > 1 and t not in _STOP)


@dataclass
class Claim:
    """A claim as the index keeps it: sums of its members' unit vectors."""

    id: int
    size: int
    vector_sum: np.ndarray
    word_sum: dict[str, float] = field(default_factory=dict)


class ClaimIndex:
    """Claims so far; :meth:`add` puts a batch of texts into them or opens new ones."""

    def __init__(
        self,
        claims: Iterable[Claim] = (),
        *,
        next_id: int = 1,
        weight: float = WEIGHT,
        threshold: float = THRESHOLD,
    ) -> None:
        self.claims: list[Claim] = list(claims)
        self.weight, self.threshold = weight, threshold
        self.next_id = max([next_id, *(c.id + 1 for c in self.claims)])
        self._means = np.stack([c.vector_sum / c.size for c in self.claims]) if self.claims else None
        # (absorbed claim id, the id that kept it) since the caller last cleared it.
        self.merges: list[tuple[int, int]] = []
        self._into: dict[int, int] = {}

    def add(
        self,
        vectors: np.ndarray,
        word_sets: Sequence[frozenset[str]],
    ) -> list[tuple[int, float]]:
        """Per text (unit ``vectors`` rows and their words): its claim id and its average
        similarity to the claim's other members (1.0 for a claim it opens alone).

        Stored claims that the batch brings within the threshold of each other merge
        into the oldest; :attr:`merges` records each ``(absorbed id, kept id)``."""
        n = len(word_sets)
        if n == 0:
            return []
        units = [unit_words(w) for w in word_sets]
        near, to_claims = self._near(vectors, units)
        sims = blend(vectors @ vectors.T, _overlaps(word_sets), self.weight)
        np.fill_diagonal(sims, -np.inf)
        k = len(near)
        full = np.full((n + k, n + k), -np.inf)
        full[:n, :n] = sims
        full[:n, n:] = to_claims
        full[n:, :n] = to_claims.T
        full[n:, n:] = self._between(near)
        sizes = np.array([1.0] * n + [float(self.claims[i].size) for i in near])
        root = average_link(full, sizes, threshold=self.threshold)
        return self._assign(root, near, vectors, units, full)

    def _between(self, near: list[int]) -> np.ndarray:
        """Average similarity between the members of each two of the stored claims ``near``
        (both parts of the blend are dot products, so sums give it exactly)."""
        k = len(near)
        out = np.full((k, k), -np.inf)
        if k < 2 or self._means is None:
            return out
        means = self._means[near]
        by_words = np.zeros((k, k))
        for a in range(k):
            for b in range(a + 1, k):
                by_words[a, b] = by_words[b, a] = claim_overlap(self.claims[near[a]], self.claims[near[b]])
        out = blend(means @ means.T, by_words, self.weight)
        np.fill_diagonal(out, -np.inf)
        return out

    def _near(self, vectors: np.ndarray, units: list[dict[str, float]]) -> tuple[list[int], np.ndarray]:
        """Stored claims some new text reaches the threshold with, and the texts' similarity to them."""
        if self._means is None:
            return [], np.zeros((len(units), 0))
        by_vector = vectors @ self._means.T
        candidates = np.nonzero((by_vector >= VECTOR_FLOOR).any(axis=0))[0]
        # Word overlap (claim_overlap's, a text being a claim of one) as one product: the
        # texts' unit word vectors over the batch's words times each candidate's word sums
        # on those words (the rest add nothing).
        vocab: dict[str, int] = {}
        for u in units:
            for w in u:
                vocab.setdefault(w, len(vocab))
        texts = np.zeros((len(units), len(vocab)))
        for row, u in enumerate(units):
            for w, x in u.items():
                texts[row, vocab[w]] = x
        sums = np.zeros((len(candidates), len(vocab)))
        for col, c in enumerate(candidates):
            claim = self.claims[c]
            small, large = (
                (claim.word_sum, vocab) if len(claim.word_sum) < len(vocab) else (vocab, claim.word_sum)
            )
            for w in small:
                if w in large:
                    sums[col, vocab[w]] = claim.word_sum[w] / claim.size
        sims = blend(by_vector[:, candidates], texts @ sums.T, self.weight)
        sims[by_vector[:, candidates] < VECTOR_FLOOR] = -np.inf
        keep = np.nonzero((sims >= self.threshold).any(axis=0))[0]
        return [int(candidates[i]) for i in keep], sims[:, keep]

    def _assign(
        self,
        root: list[int],
        near: list[int],
        vectors: np.ndarray,
        units: list[dict[str, float]],
        sims: np.ndarray,
    ) -> list[tuple[int, float]]:
        n, stored = len(units), len(self.claims)
        clusters: dict[int, list[int]] = {}
        for i, r in enumerate(root):
            clusters.setdefault(r, []).append(i)
        labels: list[tuple[int, float]] = [(0, 0.0)] * n
        absorbed: set[int] = set()
        for members in clusters.values():
            items = [i for i in members if i < n]
            nodes = [i for i in members if i >= n]
            if not items and len(nodes) < 2:
                continue
            weights = [1.0] * len(items) + [float(self.claims[near[j - n]].size) for j in nodes]
            if nodes:
                # The oldest stored claim keeps its id and absorbs the others.
                kept, *others = sorted((near[j - n] for j in nodes), key=lambda c: self.claims[c].id)
                claim = self.claims[kept]
                for other in others:
                    self._absorb(claim, self.claims[other])
                    absorbed.add(other)
            else:
                kept = len(self.claims)
                self.claims.append(Claim(self.next_id, 0, np.zeros(vectors.shape[1], dtype=np.float64)))
                self.next_id += 1
                claim = self.claims[kept]
            for i in items:
                # The text's average similarity to the rest of its claim, stored members
                # weighing by their number.
                others_ = [(p, w) for p, w in zip(members, weights, strict=True) if p != i]
                score = (
                    np.average([sims[i, p] for p, _ in others_], weights=[w for _, w in others_])
                    if others_
                    else 1.0
                )
                labels[i] = (claim.id, float(score))
                claim.vector_sum = claim.vector_sum + vectors[i]
                for w, x in units[i].items():
                    claim.word_sum[w] = claim.word_sum.get(w, 0.0) + x
                claim.size += 1
            if kept < stored and self._means is not None:
                self._means[kept] = claim.vector_sum / claim.size
        if len(self.claims) > stored:
            grown = np.stack([c.vector_sum / c.size for c in self.claims[stored:]])
            self._means = grown if self._means is None else np.vstack([self._means, grown])
        # Stored claims that grew may now be near other stored claims. Claims this batch
        # opened wait for a later batch (cheaper; held-out Emergent no worse for it).
        grew = {self.claims[i].id for i in range(stored) if i not in absorbed}
        grew &= {c for c, _ in labels}
        self._drop(absorbed)
        self._settle(grew)
        return [(self.resolve(c), score) for c, score in labels]

    def resolve(self, claim_id: int) -> int:
        """The id a claim goes by now: its own, or the one that absorbed it."""
        return follow(claim_id, self._into.get)

    def _drop(self, absorbed: set[int]) -> None:
        if absorbed and self._means is not None:
            keep = [i for i in range(len(self.claims)) if i not in absorbed]
            self.claims = [self.claims[i] for i in keep]
            self._means = self._means[keep]

    def _settle(self, grew: set[int]) -> None:
        """Merge each claim that grew with the stored claims now within the threshold of it
        (average similarity between their members), the older id kept, until none is."""
        while grew and self._means is not None:
            at = {c.id: i for i, c in enumerate(self.claims)}
            rows = [at[c] for c in sorted(grew)]
            by_vector = self._means[rows] @ self._means.T
            best: tuple[float, int, int] | None = None
            for row, i in enumerate(rows):
                for found in np.nonzero(by_vector[row] >= VECTOR_FLOOR)[0]:
                    j = int(found)
                    if j == i:
                        continue
                    overlap = claim_overlap(self.claims[i], self.claims[j])
                    sim = float(blend(np.array(by_vector[row, j]), np.array(overlap), self.weight))
                    if sim >= self.threshold and (best is None or sim > best[0]):
                        best = (sim, i, j)
            if best is None:
                return
            _, first, second = best
            kept, other = (
                (first, second) if self.claims[first].id < self.claims[second].id else (second, first)
            )
            self._absorb(self.claims[kept], self.claims[other])
            self._means[kept] = self.claims[kept].vector_sum / self.claims[kept].size
            grew = (grew - {self.claims[other].id}) | {self.claims[kept].id}
            self._drop({other})

    def _absorb(self, into: Claim, other: Claim) -> None:
        into.vector_sum = into.vector_sum + other.vector_sum
        for w, x in other.word_sum.items():
            into.word_sum[w] = into.word_sum.get(w, 0.0) + x
        into.size += other.size
        self.merges.append((other.id, into.id))
        self._into[other.id] = into.id


def group(
    texts: Sequence[str],
    *,
    weight: float = WEIGHT,
    threshold: float = THRESHOLD,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[int]:
    """One claim label per text (0, 1, 2... in order of first appearance): texts that state
    the same claim share a label. A text of fewer than three distinct words gets a claim of
    its own. ``encode`` gives the texts' unit sentence vectors (default: the shipped
    encoder, ``saidwho.claims.embed.embed``).

    >>> group(["Baghdadi is hiding in Mosul", "IS leader Baghdadi hides in Mosul", "Apple sells 19M watches"])
    [0, 0, 1]
    """
    if encode is None:
        from saidwho.claims.embed import embed

        encode = embed

    word_sets = [words(t) for t in texts]
    ok = [i for i, w in enumerate(word_sets) if len(w) >= MIN_WORDS]
    index = ClaimIndex(weight=weight, threshold=threshold)
    found = index.add(encode([texts[i] for i in ok]), [word_sets[i] for i in ok])
    ids = dict(zip(ok, (c for c, _ in found), strict=True))
    labels: dict[object, int] = {}
    return [labels.setdefault(ids.get(i, ("alone", i)), len(labels)) for i in range(len(texts))]


def follow(claim_id: int, into: Callable[[int], int | None]) -> int:
    """The id a claim goes by now: its own, or, merge after merge, the one that absorbed it;
    ``into`` gives the id that absorbed a claim (None for one never absorbed)."""
    while (kept := into(claim_id)) is not None:
        claim_id = kept
    return claim_id


def unit_words(word_set: frozenset[str]) -> dict[str, float]:
    """A text's words as a unit vector (a claim's word sum adds its members')."""
    x = 1.0 / len(word_set) ** 0.5 if word_set else 0.0
    return dict.fromkeys(word_set, x)


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The word overlap of two texts: the cosine of their binary word vectors."""
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def claim_overlap(a: Claim, b: Claim) -> float:
    """The average word overlap between the members of two claims: the dot product of their
    word sums over the product of their sizes."""
    small, large = a.word_sum, b.word_sum
    if len(small) > len(large):
        small, large = large, small
    return sum(x * large.get(w, 0.0) for w, x in small.items()) / (a.size * b.size)


def _overlaps(word_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """:func:`word_overlap` of every pair, as one matrix product."""
    vocab: dict[str, int] = {}
    for ws in word_sets:
        for w in ws:
            vocab.setdefault(w, len(vocab))
    x = np.zeros((len(word_sets), max(1, len(vocab))), dtype=np.float32)
    for row, ws in enumerate(word_sets):
        for w in ws:
            x[row, vocab[w]] = 1.0
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    unit = x / np.where(norms == 0, 1.0, norms)
    return np.asarray(unit @ unit.T, dtype=np.float64)


def blend(by_vector: np.ndarray, by_words: np.ndarray, weight: float = WEIGHT) -> np.ndarray:
    """The similarity grouping uses: ``weight`` of the sentence vectors' cosine, the rest
    word overlap."""
    return np.asarray(weight * by_vector + (1 - weight) * by_words, dtype=np.float64)


def average_link(sims: np.ndarray, sizes: np.ndarray, *, threshold: float = THRESHOLD) -> list[int]:
    """Merge the most similar pair while it reaches ``threshold`` (Lance-Williams average
    link); ``-inf`` pairs never merge, nor does anything merged with them. Each node's
    root: the surviving node of its cluster, the later of two merged (so a stored claim's
    node, placed after the texts, survives every merge it is in)."""
    s = sims.copy()
    sizes = sizes.copy()
    n = len(s)
    parent = list(range(n))
    if not n:
        return []
    # Each row's best partner, kept current, so a merge costs a few rows, not a full scan.
    arg = s.argmax(axis=1)
    best = s[np.arange(n), arg]
    while True:
        i = int(best.argmax())
        j = int(arg[i])
        if not best[i] >= threshold:
            break
        keep, drop = max(i, j), min(i, j)
        merged = (s[keep] * sizes[keep] + s[drop] * sizes[drop]) / (sizes[keep] + sizes[drop])
        merged[keep] = merged[drop] = -np.inf
        s[keep], s[:, keep] = merged, merged
        s[drop], s[:, drop] = -np.inf, -np.inf
        sizes[keep] += sizes[drop]
        parent[drop] = keep
        stale = (arg == keep) | (arg == drop)
        stale[keep] = stale[drop] = True
        higher = ~stale & (merged > best)
        best[higher], arg[higher] = merged[higher], keep
        for r in np.nonzero(stale)[0]:
            arg[r] = int(s[r].argmax())
            best[r] = s[r, arg[r]]
    return [_find(parent, i) for i in range(n)]


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i
