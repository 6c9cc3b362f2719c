"""Tune the decoding offsets on dev end to end: tagged, linked, tidied and scored as
``saidwho eval`` scores, not per segment.

The extractor decodes each tagging twice (see :class:`~saidwho.attribution.model.ModelExtractor`):
strictly, at the card's ``o_bias``, and plainly (no offset) as the fallback from which linking
fills in a role left without its partner (rule 3 of :mod:`~saidwho.attribution.assemble`).
Since the fallback recovers recall, the strict offsets that pay best are stricter than the
ones tuned segment by segment; roles interact through linking, so they are tuned together,
over a small grid, for the mean of the four figures the issue sets floors on (exact source,
cue and content F1, and attribution F1).

Sentences come from punctuation here (:func:`saidwho.sentences.rough_sentence_starts`), not
from a parse: training runs without spaCy by design (on a GPU box that has none), and the
offsets chosen are coarse enough not to care.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from saidwho.attribution.encoding import ROLES, Segments, Tagging, decode_words
from saidwho.attribution.model import link_tagging
from saidwho.attribution.tidy import tidy
from saidwho.evaluate import Scores, score_document
from saidwho.formats.brat import from_attributions
from saidwho.sentences import rough_sentence_starts
from saidwho.train.polnear import Example

# O-logit offsets tried per role for the strict decoding; the fallback decodes at 0.
LINKED_GRID = (-1.5, -1.0, -0.5, 0.0)
FALLBACK_BIAS = (0.0, 0.0, 0.0)


def linked_scores(
    example: Example, segments: Segments, fallback: Segments, sentence_starts: Sequence[int], scores: Scores
) -> None:
    """Link one example's segments as the model extractor does and add its counts."""
    text = example.text
    atts = tidy(text, link_tagging(text, Tagging(segments, fallback), sentence_starts))
    score_document(scores, text, from_attributions(atts), example.attributions)


def floor_mean(scores: Scores) -> float:
    """The mean of exact source, cue and content F1 and attribution F1."""
    return (sum(scores.exact[r].f1 for r in ROLES) + scores.attribution.f1) / (len(ROLES) + 1)


def tune_linked(
    cached: list[tuple[Any, Example]], transitions: Any = None, grid: Sequence[float] = LINKED_GRID
) -> tuple[list[float], dict[str, float]]:
    """The strict offsets (source, cue, content) from ``grid`` with the best
    :func:`floor_mean` on cached ``((logits, offsets), example)`` pairs, and its figures."""
    prepared = []
    for (logits, offsets), ex in cached:
        # Each role decodes on its own, so every offset is decoded once per document.
        by_bias = {
            b: decode_words(ex.text, logits, offsets, (b, b, b), transitions) for b in {*grid, *FALLBACK_BIAS}
        }
        prepared.append((ex, by_bias, rough_sentence_starts(ex.text)))
    fallback_at = dict(zip(ROLES, FALLBACK_BIAS, strict=True))
    best: tuple[float, tuple[float, ...], Scores] | None = None
    for biases in itertools.product(grid, repeat=len(ROLES)):
        scores = Scores()
        for ex, by_bias, starts in prepared:
            strict = {r: by_bias[b][r] for r, b in zip(ROLES, biases, strict=True)}
            fallback = {r: by_bias[fallback_at[r]][r] for r in ROLES}
            linked_scores(ex, strict, fallback, starts, scores)
        if best is None or floor_mean(scores) > best[0]:
            best = (floor_mean(scores), biases, scores)
    assert best is not None
    _, biases, scores = best
    figures = {r: round(scores.exact[r].f1, 4) for r in ROLES}
    return list(biases), {**figures, "attribution": round(scores.attribution.f1, 4)}
