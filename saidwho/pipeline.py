"""RawDoc -> finished Article, one at a time or in batches.

The stages, in order:

1. ``clean``: RawDoc -> Article with title, authors, date, body ranges and boilerplate;
2. ``nlp``: parse the body (boilerplate blanked to spaces, so offsets stay those of the text);
3. ``attribution``: the configured extractor finds source/cue/content spans;
4. ``resolve``: attributions -> speakers, each attribution pointing at its speaker.

A document that fails any stage becomes a :class:`Failure` and the batch goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from saidwho.attribution import Extractor, TextFirst, get_extractor
from saidwho.attribution.tidy import tidy
from saidwho.clean import clean
from saidwho.errors import DependencyError, SaidwhoError
from saidwho.records import Article, Attribution, Failure, RawDoc, Speaker
from saidwho.sentences import sentence_range, statement_range
from saidwho.settings import Settings, share_model_threads, usable_cores

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# spaCy (and what reads its Docs) is imported when the first batch is parsed, not with this
# module: by then the first batch's tagging is queued, and the tagger works through it while
# spaCy imports and loads (a second or more, two and a half where torch is installed, which
# spaCy's thinc imports too).


def load_nlp() -> Language:
    """:func:`saidwho.nlp.load_nlp`, imported on first use."""
    from saidwho.nlp import load_nlp as load

    return load()


def parse(nlp: Language, texts: list[str], *, batch_size: int, max_chars: int) -> Iterator[Doc | Exception]:
    """:func:`saidwho.nlp.parse.parse`, imported on first use."""
    from saidwho.nlp.parse import parse as parse_texts

    return parse_texts(nlp, texts, batch_size=batch_size, max_chars=max_chars)


Result = Article | Failure


_NOT_NEWLINE = re.compile(r"[^\n]+")


def blank_outside(text: str, body: list[tuple[int, int]]) -> str:
    """Replace every character outside ``body`` with a space, keeping newlines.

    The parser then never sees boilerplate, yet every token offset is an offset into
    ``text``. Works on slices, not on a list of characters (8 bytes each, 8 MB a megabyte).
    """
    kept: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in body if e > s):
        if kept and start <= kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    parts: list[str] = []
    at = 0
    for start, end in kept:
        parts += [_blank(text[at:start]), text[start:end]]
        at = end
    parts.append(_blank(text[at:]))
    return "".join(parts)


def _blank(gap: str) -> str:
    return _NOT_NEWLINE.sub(lambda m: " " * len(m.group()), gap)


def analyse(article: Article, doc: Doc, extractor: Extractor, *, tagged: Any = None) -> Article:
    """``article`` with its attributions and speakers, from its parse ``doc``: the one
    sequence after the parse, which every caller (the pipeline, evaluation, benchmarks) runs.

    1. ``extractor`` finds attributions; given ``tagged``, a text-first extractor's tagging
       already made (:class:`~saidwho.attribution.TextFirst`), it only links it;
    2. :func:`~saidwho.attribution.statement_patterns.apply_patterns` adds what precise patterns find
       off PolNeAR's genre ("claims from officials that ...") and drops "has been one of";
    3. :func:`~saidwho.attribution.tidy.tidy` trims the spans and drops empty ones and
       requests for anonymity read as statements;
    4. :func:`~saidwho.resolve.speakers.resolve` finds the speakers;
    5. each attribution gets the parse's sentences that hold it (:func:`with_sentences`).
    """
    from saidwho.attribution.statement_patterns import apply_patterns
    from saidwho.resolve.speakers import resolve

    if tagged is None:
        found = extractor(doc)
    elif isinstance(extractor, TextFirst):
        found = extractor.attribute(doc, tagged)
    else:
        raise TypeError(f"{extractor.name}: not a text-first extractor, so it takes no tagging")
    found = apply_patterns(doc, found, title=article.title, text=article.text)
    attributions, speakers = resolve(doc, tidy(article.text, found), authors=article.authors)
    attributions = with_sentences(doc, attributions)
    speakers = _named_from_text(article.text, attributions, speakers)
    return msgspec.structs.replace(article, attributions=attributions, speakers=speakers)


def _named_from_text(text: str, attributions: list[Attribution], speakers: list[Speaker]) -> list[Speaker]:
    """A speaker of a headline statement (outside the body, blank in the parse) is named
    by its source as the article's text writes it."""
    blank = {sp.id for sp in speakers if not sp.name.strip()}
    if not blank:
        return speakers
    names = {
        a.speaker: text[a.source.start : a.source.end]
        for a in attributions
        if a.source and a.speaker in blank
    }
    return [msgspec.structs.replace(sp, name=names[sp.id]) if sp.id in names else sp for sp in speakers]


def with_sentences(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """Each attribution with the parse's sentences that hold it (``Attribution.sentence``);
    trimmed on the parsed text, so a sentence never starts in blanked boilerplate."""
    from saidwho.nlp.index import doc_text, sentence_starts

    text, starts = doc_text(doc), sentence_starts(doc)
    return [
        msgspec.structs.replace(a, sentence=sentence_range(text, starts, *statement_range(a)))
        for a in attributions
    ]


def _clean_one(item: RawDoc | Failure, settings: Settings) -> Result:
    if isinstance(item, Failure):
        return item
    try:
        return clean(item, settings=settings)
    except DependencyError:
        raise  # the install is broken, not this document: the run stops with the fix
    except SaidwhoError as exc:
        return Failure(source=item.source, message=str(exc))


class _Started(NamedTuple):
    """A batch cleaned, its tagging queued: what :func:`_finish_batch` parses and analyses."""

    cleaned: list[Result]
    articles: list[Article]
    texts: list[str]
    tagged: list[Future[Any] | None]
    extractor: Extractor


def _start_batch(items: list[RawDoc | Failure], settings: Settings, ahead: ThreadPoolExecutor) -> _Started:
    """Clean a batch and queue its tagging on ``ahead`` (a text-first extractor reads only
    the text): the tagger works through it while spaCy parses, both releasing the GIL, so on
    2 cores one process does nearly the work of two."""
    extractor = get_extractor(settings.extractor)
    cleaned = [_clean_one(item, settings) for item in items]
    articles = [c for c in cleaned if isinstance(c, Article)]
    texts = [blank_outside(a.text, a.body) for a in articles]
    tagged: list[Future[Any] | None] = [None] * len(texts)
    if isinstance(extractor, TextFirst):
        tagged = [ahead.submit(extractor.tag, t) for t in texts]
    return _Started(cleaned, articles, texts, tagged, extractor)


def _finish_batch(started: _Started, settings: Settings) -> list[Result]:
    """Parse a started batch and analyse each article with its tagging."""
    cleaned, articles, texts, tagged, extractor = started
    nlp = load_nlp()  # after the tagging is queued: the first batch's tagger runs while it loads
    done: dict[int, Result] = {}
    docs = parse(nlp, texts, batch_size=settings.batch_size, max_chars=settings.parse_chars)
    for article, doc, tags in zip(articles, docs, tagged, strict=True):
        if isinstance(doc, Exception):
            done[id(article)] = _failure(article, "parsing", doc)
        else:
            done[id(article)] = _analyse_one(article, doc, extractor, tags)
    return [c if isinstance(c, Failure) else done[id(c)] for c in cleaned]


def process_batch(items: list[RawDoc | Failure], settings: Settings) -> list[Result]:
    """Clean, parse and extract one batch; failures pass through in place."""
    with ThreadPoolExecutor(1, thread_name_prefix="saidwho-tag") as ahead:
        try:
            return _finish_batch(_start_batch(items, settings, ahead), settings)
        finally:
            ahead.shutdown(cancel_futures=True)


def _analyse_one(article: Article, doc: Doc, extractor: Extractor, tagged: Future[Any] | None) -> Result:
    try:
        return analyse(article, doc, extractor, tagged=None if tagged is None else tagged.result())
    except Exception as exc:  # one document's bug must not sink a corpus run
        return _failure(article, "extraction", exc)


def _failure(article: Article, stage: str, exc: Exception) -> Failure:
    # The Failure below is the one line users see; the traceback waits for -v.
    log.info("%s failed on %s", stage, article.source, exc_info=exc)
    return Failure(
        source=article.source,
        message=f"{article.source}: {stage} failed ({type(exc).__name__}: {exc}). "
        "Please report this with the input attached.",
    )


# Workers take a few articles at a time, so that they run out of work together: with
# 16-article batches one worker idled for most of a batch at the end of a run (PolNeAR dev,
# 84 articles, --jobs 2: 3,237-3,318 words/s at 16, 3,360-3,500 at 4).
WORKER_BATCH = 4
# Batches queued per worker: one running, one waiting, so a worker never waits for input.
IN_FLIGHT = 2


def _batches(items: Iterable[RawDoc | Failure], size: int) -> Iterator[list[RawDoc | Failure]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def process(items: Iterable[RawDoc | Failure], *, settings: Settings) -> Iterator[Result]:
    """Turn raw documents into finished articles, in input order.

    With ``settings.jobs > 1`` batches of at most ``WORKER_BATCH`` articles go to that many
    worker processes, each loading the model once. Input is read only a few batches ahead
    of the results (``IN_FLIGHT`` per worker), so a crawl of any size streams through in
    bounded memory (``Pool.imap`` would read the whole input up front).
    """
    if settings.jobs == 1:
        yield from _process_here(items, settings)
        return
    batches = _batches(items, min(settings.batch_size, WORKER_BATCH))
    ctx = multiprocessing.get_context("spawn")
    threads = max(1, usable_cores() // settings.jobs)
    with ctx.Pool(settings.jobs, initializer=share_model_threads, initargs=(threads,)) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        for batch in batches:
            pending.append(pool.apply_async(process_batch, (batch, settings)))
            if len(pending) >= IN_FLIGHT * settings.jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _process_here(items: Iterable[RawDoc | Failure], settings: Settings) -> Iterator[Result]:
    """In this process, the tagger a batch ahead of the parse: while spaCy parses and the
    analysis reads one batch, the next is cleaned and tagged, so neither core waits at a
    batch's end (and the first batch's tagging runs while spaCy loads)."""
    with ThreadPoolExecutor(1, thread_name_prefix="saidwho-tag") as ahead:
        try:
            started: _Started | None = None
            for batch in _batches(items, settings.batch_size):
                following = _start_batch(batch, settings, ahead)
                if started is not None:
                    yield from _finish_batch(started, settings)
                started = following
            if started is not None:
                yield from _finish_batch(started, settings)
        finally:
            ahead.shutdown(cancel_futures=True)
