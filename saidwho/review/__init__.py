"""Reviewers' corrections: what a reviewer asks (:class:`Correction`), how a correction is
anchored on the words it changes and applied over the extractor's record (:mod:`.apply`).
The store keeps and applies them (:mod:`saidwho.store.corrections`); ``saidwho review``,
the web app (with a write token) and ``/api/corrections`` make them."""

from __future__ import annotations

from saidwho.review.apply import Reviewed, apply
from saidwho.review.records import OPS, At, Correction, Fix, NewStatement, Target, Who

__all__ = ["OPS", "At", "Correction", "Fix", "NewStatement", "Reviewed", "Target", "Who", "apply"]
