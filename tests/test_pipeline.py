from pathlib import Path

import msgspec
import pytest
from offsets import assert_offsets

from saidwho.ingest import read_inputs
from saidwho.pipeline import blank_outside, process
from saidwho.records import Article, Failure, RawDoc
from saidwho.settings import Settings

EXAMPLE = Path(__file__).parent.parent / "saidwho" / "data" / "example_article.txt"


def test_pipeline_blank_outside_keeps_offsets_and_newlines():
    text = "Ad line\nBody one.\nShare this\n"
    body = [(8, 17)]
    blanked = blank_outside(text, body)
    assert len(blanked) == len(text)
    assert blanked[8:17] == "Body one." and blanked.count("\n") == 3
    assert blanked[:7].strip() == "" and "Share" not in blanked


def test_pipeline_example_article_end_to_end():
    settings = Settings()
    (article,) = process(read_inputs([str(EXAMPLE)], settings=settings), settings=settings)
    assert isinstance(article, Article)
    assert_offsets(article)
    assert article.authors == ["Maria Delgado", "Tom Reyes"]
    boiler = [b.text for b in article.boilerplate]
    assert "Join the mailing list" in boiler and "Win the adventure of a lifetime!" in boiler
    for att in article.attributions:  # nothing is attributed inside boilerplate
        assert not any(b.start <= att.cue.start < b.end for b in article.boilerplate)
    # Blanked boilerplate above a paragraph must not leak into names or sources.
    assert all(s.name == " ".join(s.name.split()) for s in article.speakers)
    assert "City officials" in {s.name for s in article.speakers}
    by_name = {s.name: s for s in article.speakers}
    assert by_name["Linda Okafor"].type == "person"
    assert any(s.anonymous and s.anonymity_reason for s in article.speakers)
    okafor_quotes = [a for a in article.attributions if a.speaker == by_name["Linda Okafor"].id]
    assert any("corners" in a.content.text for a in okafor_quotes)


def test_pipeline_failures_pass_through_in_order():
    settings = Settings()
    items = [
        Failure(source="bad.txt", message="bad.txt: empty file. Check the input."),
        RawDoc(source="ok.txt", format="txt", text='"We are ready," said Jane Roe.'),
        RawDoc(source="blank.txt", format="txt", text="   \n"),
    ]
    results = list(process(items, settings=settings))
    assert [type(r).__name__ for r in results] == ["Failure", "Article", "Failure"]
    assert results[2].source == "blank.txt" and "blank.txt" in results[2].message


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [2, 16])
def test_pipeline_jobs_give_the_same_results_in_order(batch_size):
    # At 16, workers still take WORKER_BATCH articles at a time: 9 articles, 3 tasks.
    texts = [f'"Plan {i} is ready," said Jane Roe, the city spokeswoman.' for i in range(9)]
    raws = [RawDoc(source=f"{i}.txt", format="txt", text=t) for i, t in enumerate(texts)]
    one = list(process(raws, settings=Settings(batch_size=batch_size)))
    many = list(process(raws, settings=Settings(batch_size=batch_size, jobs=2)))
    assert one == many and [r.source for r in many] == [f"{i}.txt" for i in range(9)]
    contents = [[a.content.text for a in r.attributions] for r in many]
    assert contents == [[f'"Plan {i} is ready,"'] for i in range(9)]


def test_pipeline_tidy_trims_spans_and_drops_empty_ones():
    from saidwho.attribution.tidy import tidy
    from saidwho.records import Attribution, Content, Span

    text = '"\n\n  A senior engineer said the cables failed.'
    src = Span(start=0, end=text.index(" said"), text=text[: text.index(" said")])
    cue_at = text.index("said")
    keep = Attribution(
        id="A1",
        source=src,
        cue=Span(start=cue_at - 1, end=cue_at + 4, text=" said"),
        content=Content(spans=[(cue_at + 5, len(text) - 1)], text="the cables failed"),
        kind="indirect",
    )
    empty = Attribution(
        id="A2",
        source=None,
        cue=Span(start=1, end=3, text="\n\n"),
        content=Content(spans=[(cue_at + 5, len(text) - 1)], text="x"),
        kind="indirect",
    )
    (att,) = tidy(text, [keep, empty])
    assert att.source.text == "A senior engineer" and att.cue.text == "said"
    assert att.content.text == "the cables failed"


@pytest.mark.parametrize(
    "clause",
    [
        "asked not to be named",
        "declined to be identified",
        "spoke on condition of anonymity",
        "requested anonymity",
    ],
)
def test_pipeline_tidy_drops_requests_for_anonymity(clause):
    from saidwho.attribution.tidy import tidy
    from saidwho.records import Attribution, Content, Span

    text = f"An aide, who {clause}, admitted that the plan failed."

    def att(cue, content):
        c, b = text.index(cue), text.index(content)
        return Attribution(
            id="A",
            source=Span(start=0, end=8, text="An aide,"),
            cue=Span(start=c, end=c + len(cue), text=cue),
            kind="indirect",
            content=Content(spans=[(b, b + len(content))], text=content),
        )

    verb, rest = clause.split(" ", 1)
    kept = tidy(text, [att(verb, rest.split()[0]), att(verb, rest), att("admitted", "that the plan failed")])
    assert [a.cue.text for a in kept] == ["admitted"]


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "\u2018I raised this twice,\u2019 one of them, who asked not to be named, said.",
            "one of them, who asked not to be named",
            "\u2018I raised this twice,\u2019",
        ),
        ('"We are ready," the team\u2019s captain said.', "the team\u2019s captain", '"We are ready,"'),
        # Nothing after the quote but the cue: nothing to give back.
        ('"We are ready," said the captain.', None, '"We are ready,"'),
    ],
)
def test_pipeline_tidy_gives_a_speaker_read_into_a_quote_back_as_its_source(text, source, content):
    from saidwho.attribution.tidy import tidy
    from saidwho.records import Attribution, Content, Span

    c = text.index("said")
    end = len(text[:c].rstrip(" ,"))
    read = Attribution(
        id="A",
        source=None,
        cue=Span(start=c, end=c + 4, text="said"),
        kind="direct",
        content=Content(spans=[(0, end)], text=text[:end]),
    )
    (att,) = tidy(text, [read])
    assert (att.source.text if att.source else None, att.content.text) == (source, content)


class _Tagger:
    """A text-first extractor that fails on one text, in the tagging thread."""

    name = "fake"

    def __init__(self):
        self.threads = set()

    def tag(self, text):
        import threading

        self.threads.add(threading.current_thread().name)
        if "boom" in text:
            raise RuntimeError("tagger broke")
        return text.index("said")

    def attribute(self, doc, tagged):
        from saidwho.records import Attribution, Content, Span

        cue = Span(start=tagged, end=tagged + 4, text="said")
        return [
            Attribution(
                id="A1",
                source=None,
                cue=cue,
                content=Content(spans=[(0, tagged - 1)], text=doc.text[: tagged - 1]),
                kind="direct",
                confidence=1.0,
            )
        ]

    def __call__(self, doc):
        return self.attribute(doc, self.tag(doc.text))


def test_pipeline_text_first_extractor_tags_beside_the_parse(monkeypatch):
    fake = _Tagger()
    monkeypatch.setattr("saidwho.pipeline.get_extractor", lambda name: fake)
    raws = [
        RawDoc(source=f"{i}.txt", format="txt", text=t)
        for i, t in enumerate(
            ['"Fine," said Jane Roe.', '"It went boom," said Jo Doe.', '"Yes," said Al Poe.']
        )
    ]
    results = list(process(raws, settings=Settings()))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert "1.txt" in results[1].message and "tagger broke" in results[1].message
    assert results[2].attributions[0].cue.text == "said"
    assert fake.threads and all(n.startswith("saidwho-tag") for n in fake.threads)


def test_pipeline_tags_a_batch_ahead_of_the_parse(monkeypatch, nlp):
    import saidwho.pipeline as pipeline

    events = []

    class Recording(pipeline.ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            events.append(("queue", args[0][1:5]))
            return super().submit(fn, *args, **kwargs)

    def parsing(nlp, texts, **kw):
        events.append(("parse", texts[0][1:5]))
        yield from parse(nlp, texts, **kw)

    parse = pipeline.parse
    monkeypatch.setattr(pipeline, "ThreadPoolExecutor", Recording)
    monkeypatch.setattr(pipeline, "parse", parsing)
    monkeypatch.setattr(pipeline, "get_extractor", lambda name: _Tagger())
    monkeypatch.setattr(pipeline, "load_nlp", lambda: (events.append(("load", "")), nlp)[1])
    texts = ['"Fine," said Jane Roe.', '"Good," said Jo Doe.', '"Yes," said Al Poe.', '"Well," said Ed Loe.']
    raws = [RawDoc(source=f"{i}.txt", format="txt", text=t) for i, t in enumerate(texts)]
    results = list(process(raws, settings=Settings(batch_size=2)))
    assert all(isinstance(r, Article) and r.attributions for r in results)
    # spaCy loads once the first batch's tagging is queued, and the second batch's tagging
    # is queued before the first batch is parsed.
    assert events[:3] == [("queue", "Fine"), ("queue", "Good"), ("queue", "Yes,")]
    assert events.index(("queue", "Well")) < events.index(("load", "")) < events.index(("parse", "Fine"))
    assert [e for e in events if e[0] == "parse"] == [("parse", "Fine"), ("parse", "Yes,")]


def test_pipeline_model_tags_beside_the_parse_as_it_would_alone(nlp):
    from saidwho.attribution import TextFirst, get_extractor
    from saidwho.pipeline import analyse

    settings = Settings()
    (raw,) = read_inputs([str(EXAMPLE)], settings=settings)
    (threaded,) = process([raw], settings=settings)
    extractor = get_extractor("model")
    assert isinstance(extractor, TextFirst)
    article = msgspec.structs.replace(threaded, attributions=[], speakers=[])
    alone = analyse(article, nlp(blank_outside(article.text, article.body)), extractor)
    assert threaded.attributions and alone == threaded


@pytest.mark.slow
def test_pipeline_jobs_read_input_only_a_few_batches_ahead():
    from saidwho.pipeline import IN_FLIGHT, WORKER_BATCH

    read = []

    def stream():
        for i in range(60):
            read.append(i)
            yield RawDoc(source=f"{i}.txt", format="txt", text=f'"Plan {i} is ready," said Jane Roe.')

    results = process(stream(), settings=Settings(jobs=2, extractor="rules"))
    first = next(results)
    assert first.source == "0.txt"
    # A crawl must stream: by the first result, at most the batches in flight were read.
    assert len(read) <= (IN_FLIGHT * 2 + 1) * WORKER_BATCH < 60
    rest = list(results)
    assert [r.source for r in rest] == [f"{i}.txt" for i in range(1, 60)] and len(read) == 60


def test_pipeline_workers_share_the_cores_this_process_may_use(monkeypatch):
    # A container (or taskset) may allow 3 of a machine's 64 cores: 3 workers then get one
    # ONNX thread each, not 21.
    import multiprocessing
    import os

    import saidwho.pipeline as pipeline
    from saidwho.settings import usable_cores

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert usable_cores() == 3
    shares = []

    class FakePool:
        def __init__(self, jobs, initializer, initargs):
            shares.append(initargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    class Context:
        Pool = FakePool

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: Context())
    assert list(pipeline.process([], settings=Settings(jobs=3))) == []
    assert shares == [(1,)]
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert usable_cores() == 64


def _blank_nlp_failing_on(word):
    """A small pipeline (sentences only) whose parse raises on texts holding ``word``."""
    import spacy
    from spacy.language import Language

    name = f"fail_on_{word}"
    if name not in Language.factories:

        @Language.component(name)
        def fail(doc):
            if word in doc.text:
                raise ValueError(f"parser broke on {word}")
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(name)
    return nlp


@pytest.mark.parametrize("batch_size", [1, 16])
def test_pipeline_parse_error_fails_that_document_only(monkeypatch, batch_size):
    # An exception inside nlp.pipe used to end the whole batch; now it is that document's
    # Failure, and the documents before and after it (in its spaCy batch too) go on.
    monkeypatch.setattr("saidwho.pipeline.load_nlp", lambda: _blank_nlp_failing_on("boom"))
    texts = ['"Fine," said Jane Roe.', '"It went boom," said Jo Doe.', '"Yes," said Al Poe.']
    raws = [RawDoc(source=f"{i}.txt", format="txt", text=t) for i, t in enumerate(texts)]
    results = list(process(raws, settings=Settings(extractor="rules", batch_size=batch_size)))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    assert results[1].message.startswith("1.txt: parsing failed (ValueError: parser broke on boom)")
    assert [r.text for r in (results[0], results[2])] == [texts[0], texts[2]]


def _halves(article: Article) -> tuple[int, int]:
    middle = len(article.text) // 2
    first = sum(a.cue.end <= middle for a in article.attributions)
    return first, len(article.attributions) - first


def test_pipeline_text_past_the_parsers_max_length_is_parsed_in_pieces(nlp, monkeypatch):
    # spaCy refuses a text longer than nlp.max_length; saidwho parses it in paragraph-aligned
    # pieces joined into one Doc, so offsets still index the text and both halves count.
    text = "\n\n".join([EXAMPLE.read_text().strip()] * 5) + "\n"
    monkeypatch.setattr(nlp, "max_length", 2_000)
    assert len(text) > 3 * nlp.max_length
    (article,) = process([RawDoc(source="long.txt", format="txt", text=text)], settings=Settings())
    assert isinstance(article, Article) and article.text == text
    assert_offsets(article)
    first, second = _halves(article)
    assert first >= 10 and second >= 10


def test_pipeline_imports_spacy_only_when_it_parses():
    # The first batch's tagging runs while spaCy imports and loads, and the parent of
    # --jobs N (which only reads and hands out batches) never imports it.
    import subprocess
    import sys

    code = (
        "import sys, saidwho.pipeline, saidwho.ingest, saidwho.formats;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
