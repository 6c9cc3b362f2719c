"""Claim boards: right, fast, and cheap to fill -> bench/results/claims-board.json.

Three parts (all by default; name some to run only those, the others kept from the last run):

- ``quality``: each set in tests/data/claims (``NAME.jsonl`` articles written for the tests,
  ``NAME.json`` gold: the claim and, per statement, its stance or ``off``) ingested into a
  fresh store through the pipeline; the typed claim's board (``typed_board``) scored by the
  share of the statements about the claim that reach it (floor 0.6), stance right on those
  (floor 0.7), and off-topic statements kept off (all).
- ``latency``: a 10,000-article store: ``--articles`` real articles (the claim sets and
  PolNeAR dev texts) extracted once, then stored again and again under distinct URLs, five
  outlets and dates over two years, through ``Store.add`` (so claims, merges and links are
  the store's own). Identical contents embed and read alike, so during this build the
  encoder and stance model are memoised by text (the store gets what it would otherwise
  compute; only the build is faster). Then p50/p95 of a board by claim id (the 30 most
  stated claims and 30 others) and by typed text (the sets' claims and 18 stored claims'
  texts reworded by their first five words), each asked in a fresh cursor, models warm.
  ``--keep PATH`` keeps that store (and reuses it when there).
- ``overhead``: ``saidwho ingest``'s work (extraction + ``Store.ingest``) on the same
  ``--articles`` inputs into a fresh store, with and without the claims step (the step
  timed inside the run as well), model load included.

- ``crowded``: every board set of bench/data/boards (contested claims written to imitate
  wire, broadcast and government-statement coverage; two of them events told in the same
  words) and ``--crowd`` unrelated PolNeAR train texts in one store; each set's typed
  claim's board scored for recall of the statements about it, stance right on those, and
  the share of the board from another event (floors 0.8, 0.8, 0.05). Gold and board
  statements of an article are paired one to one, the most alike first (content, then cue
  and source: a nested statement's outer and inner ones share a content).
- ``fresh`` (not in the default run): the same store with bench/data/boards_fresh's sets
  added, only those scored (``crowded_fresh``): sets written after the board reading was
  tuned, their first score kept (README there).

Usage: python bench/claims_board.py [quality] [crowded] [latency] [overhead] [fresh] [--articles 40]
       [--stance-model DIR] (a stance model not yet shipped in saidwho/models/stance)
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import POLNEAR, RESULTS, ROOT, context, write

from saidwho.claims import board as store_claims
from saidwho.corpus import Corpus, open_store
from saidwho.ingest import read_inputs
from saidwho.pipeline import process
from saidwho.records import Article
from saidwho.settings import Settings
from saidwho.store import Store

DATA = ROOT / "tests" / "data" / "claims"
FLOORS = {"reach": 0.6, "stance": 0.7, "p50_ms": 500, "cold_p50_ms": 2000, "ingest_overhead": 0.30}


def use_stance_model(model_dir: Path) -> None:
    import saidwho.claims  # noqa: F401

    module = sys.modules["saidwho.claims.stance"]
    module.load_model = functools.cache(lambda model_dir=model_dir: module.StanceModel.load(model_dir))  # type: ignore[attr-defined]


def find(board: store_claims.ClaimBoard, entry: dict[str, str]) -> store_claims.BoardStatement | None:
    for s in board.statements:
        if s.outlet == entry["outlet"] and entry["content"].lower() in s.content.lower():
            return s
    return None


def quality() -> dict[str, Any]:
    settings = Settings()
    out: dict[str, Any] = {}
    for gold_path in sorted(DATA.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.duckdb") as store:
            inputs = read_inputs([str(gold_path.with_suffix(".jsonl"))], settings=settings)
            store.ingest(process(inputs, settings=settings))
            board = store_claims.typed_board(store.con, gold["claim"])
        about = [e for e in gold["statements"] if e["stance"] != "off"]
        found = [(e, find(board, e)) for e in about]
        reached = [(e, s) for e, s in found if s is not None]
        right = [e for e, s in reached if s.stance == e["stance"]]
        off = [e for e in gold["statements"] if e["stance"] == "off"]
        out[gold_path.stem] = {
            "claim": gold["claim"],
            "about": len(about),
            "reached": len(reached),
            "reach": round(len(reached) / len(about), 4),
            "stance_right": len(right),
            "stance": round(len(right) / len(reached), 4) if reached else 0.0,
            "off_topic": len(off),
            "off_topic_on_board": sum(find(board, e) is not None for e in off),
            "statements": [
                {
                    "speaker": e["speaker"],
                    "gold": e["stance"],
                    "board": s.stance if s else None,
                    "relevance": s.relevance if s else None,
                    "basis": s.basis if s else None,
                }
                for e, s in found
            ],
        }
        got = out[gold_path.stem]
        print(f"{gold_path.stem}: {got['reach']} reached, stance {got['stance']}")  # noqa: T201
    return out


BOARDS = ROOT / "bench" / "data" / "boards"
# Board sets written after the board figures were tuned, scored once (README there).
FRESH = ROOT / "bench" / "data" / "boards_fresh"
CROWD = 120  # unrelated PolNeAR train texts in the crowded store
CROWDED_FLOORS = {"recall": 0.8, "stance": 0.8, "other_event": 0.05}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _flat(text: str) -> str:
    """A content lowercased, its whitespace one space."""
    return " ".join(text.lower().split())


def _matches(gold: dict[str, Any], s: store_claims.BoardStatement) -> bool:
    """A board statement may be the gold one: one content inside the other (the shorter of
    three words or more, or the two equal: a gold content "it" is not inside every
    statement) or most of the gold's words in it."""
    a, b = _flat(gold["content"]), _flat(s.content)
    if a == b:
        return True
    shorter = a if len(a) <= len(b) else b
    if (a in b or b in a) and len(shorter.split()) >= 3:
        return True
    g = _words(gold["content"])
    return bool(g) and len(g & _words(s.content)) / len(g) >= 0.6


def _likeness(gold: dict[str, Any], s: store_claims.BoardStatement) -> float:
    """How alike a gold statement and a matching board statement are: their contents' shared
    words, and a point for the same cue and half one for a shared source word (a nested
    statement's outer and inner ones share their content; the cue tells them apart)."""
    g, b = _words(gold["content"]), _words(s.content)
    content = len(g & b) / len(g | b) if g | b else 0.0
    cue = bool(_words(gold["cue"]) & _words(s.cue))
    source = bool(_words(gold.get("source") or "") & _words(s.source or ""))
    return content + float(cue) + 0.5 * float(source)


def _pair_up(
    gold: list[dict[str, Any]], board: list[store_claims.BoardStatement], urls: dict[str, str]
) -> list[store_claims.BoardStatement | None]:
    """Each gold statement's board statement, one to one, the most alike pairs first; a
    board statement that holds two gold ones whole under the same cue ("said that A and
    that B") stands for both."""
    pairs = sorted(
        (
            (-_likeness(e, s), i, j)
            for i, e in enumerate(gold)
            for j, s in enumerate(board)
            if urls.get(s.article_id) == e["url"] and _matches(e, s)
        ),
    )
    found: list[store_claims.BoardStatement | None] = [None] * len(gold)
    used: set[int] = set()
    for _, i, j in pairs:
        if found[i] is None and (j not in used or _holds(gold[i], board[j])):
            found[i] = board[j]
            used.add(j)
    return found


def _holds(gold: dict[str, Any], s: store_claims.BoardStatement) -> bool:
    """The board statement holds the gold one whole, under the same cue."""
    a, b = _flat(gold["content"]), _flat(s.content)
    return len(a.split()) >= 3 and a in b and bool(_words(gold["cue"]) & _words(s.cue))


def crowded(crowd: int = CROWD, keep: Path | None = None, *, fresh: bool = False) -> dict[str, Any]:
    """Every board set of bench/data/boards and ``crowd`` unrelated PolNeAR train texts in
    one store; each set's typed claim asked of it. ``recall``: the set's statements about
    the claim on the board; ``stance``: right among those; ``other_event``: the board's
    statements from another set's articles (another event, perhaps told in the same words)
    or from the unrelated texts, as a share of the board. With ``fresh``, the sets of
    bench/data/boards_fresh join the store too and only they are scored."""
    settings = Settings()
    folders = [BOARDS, FRESH] if fresh else [BOARDS]
    where = {p.stem: p.parent for folder in folders for p in sorted(folder.glob("*.json"))}
    sets = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name, folder in where.items()
    }
    scored = [name for name, folder in where.items() if folder == folders[-1]]
    paths = [str(where[name] / f"{name}.jsonl") for name in sets]
    paths += [str(p) for p in sorted((POLNEAR / "train" / "text").glob("*.txt"))[:crowd]]
    out: dict[str, Any] = {
        "sets": len(scored),
        "other_sets": len(sets) - len(scored),
        "unrelated_articles": crowd,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "s.duckdb"
        if not path.exists():
            with open_store(path) as store:
                store.ingest(process(read_inputs(paths, settings=settings), settings=settings))
        store = open_store(path)
        urls = dict(store.con.execute("SELECT id, url FROM articles").fetchall())
        totals = {"about": 0, "reached": 0, "right": 0, "board": 0, "other": 0}
        for name in scored:
            gold = sets[name]
            own = {
                json.loads(line)["url"]
                for line in (where[name] / f"{name}.jsonl").read_text().splitlines()
                if line
            }
            started = time.perf_counter()
            board = store_claims.typed_board(store.con, gold["claim"], limit=100_000)
            ms = (time.perf_counter() - started) * 1000
            # Every gold statement, off-topic ones too, paired one to one with the board's.
            paired = list(
                zip(gold["statements"], _pair_up(gold["statements"], board.statements, urls), strict=True)
            )
            found = [(e, s) for e, s in paired if e["stance"] != "off"]
            about = [e for e, _ in found]
            reached = [(e, s) for e, s in found if s is not None]
            off = [e for e, _ in paired if e["stance"] == "off"]
            off_on = sum(s is not None for e, s in paired if e["stance"] == "off")
            right = sum(s.stance == e["stance"] for e, s in reached)
            other = sum(urls.get(s.article_id) not in own for s in board.statements)
            out[name] = {
                "claim": gold["claim"],
                "about": len(about),
                "reached": len(reached),
                "recall": round(len(reached) / len(about), 4),
                "stance_right": right,
                "stance": round(right / len(reached), 4) if reached else 0.0,
                "board": len(board.statements),
                "other_event": other,
                "other_event_share": round(other / len(board.statements), 4) if board.statements else 0.0,
                "unknown": sum(s.stance == "unknown" for s in board.statements),
                "off_topic": len(off),
                "off_topic_on_board": off_on,
                "cold_ms": round(ms, 1),
                "misses": [
                    {"content": e["content"][:80], "gold": e["stance"], "board": s.stance if s else None}
                    for e, s in found
                    if s is None or s.stance != e["stance"]
                ],
            }
            for k, v in (
                ("about", len(about)),
                ("reached", len(reached)),
                ("right", right),
                ("board", len(board.statements)),
                ("other", other),
            ):
                totals[k] += v
            got = out[name]
            print(f"{name}: recall {got['recall']}, stance {got['stance']}, other {got['other_event_share']}")  # noqa: T201
        store.close()
    out["recall"] = round(totals["reached"] / totals["about"], 4)
    out["stance"] = round(totals["right"] / totals["reached"], 4) if totals["reached"] else 0.0
    out["other_event"] = round(totals["other"] / totals["board"], 4) if totals["board"] else 0.0
    out["statements"] = totals["about"]
    out["floors"] = CROWDED_FLOORS
    print(f"all: recall {out['recall']}, stance {out['stance']}, other {out['other_event']}")  # noqa: T201
    return out


def extracted(count: int) -> list[Article]:
    """The claim sets' articles and the first ``count`` PolNeAR dev texts, extracted."""
    settings = Settings()
    paths = [str(p) for p in sorted(DATA.glob("*.jsonl"))]
    paths += [str(p) for p in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:count]]
    return [
        a for a in process(read_inputs(paths, settings=settings), settings=settings) if isinstance(a, Article)
    ]


def memoise_models() -> Any:
    """Identical texts embed and read alike: remember them for the duplicated build. Returns
    what restores the models."""
    import saidwho.claims.embed as embed_module

    stance_module = sys.modules["saidwho.claims.stance"]
    model_class = stance_module.StanceModel
    raw_embed, raw_probabilities = embed_module.embed, model_class.probabilities
    vectors: dict[str, np.ndarray] = {}
    read: dict[tuple[str, str, bool], np.ndarray] = {}

    def embed(texts: list[str], **kw: Any) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in vectors))
        for t, v in zip(todo, raw_embed(todo, **kw), strict=True):
            vectors[t] = v
        return np.stack([vectors[t] for t in texts]) if texts else raw_embed([])

    def probabilities(self: Any, pairs: Any, *, batch_size: int = 32, gate: bool = True) -> np.ndarray:
        todo = list(dict.fromkeys(p for p in pairs if (*p, gate) not in read))
        for p, row in zip(todo, raw_probabilities(self, todo, batch_size=batch_size, gate=gate), strict=True):
            read[(*p, gate)] = row
        return np.stack([read[(*p, gate)] for p in pairs]) if pairs else raw_probabilities(self, [])

    embed_module.embed = embed  # type: ignore[assignment]
    model_class.probabilities = probabilities

    def restore() -> None:
        embed_module.embed = raw_embed  # type: ignore[assignment]
        model_class.probabilities = raw_probabilities

    return restore


def build(path: Path, articles: list[Article], total: int) -> dict[str, Any]:
    restore = memoise_models()
    rng = random.Random(7)
    start = time.perf_counter()
    try:
        with open_store(path) as store:
            batch: list[Article] = []
            for i in range(total):
                a = articles[i % len(articles)]
                day = rng.randrange(730)
                published = f"{2014 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}"
                copy = msgspec.structs.replace(
                    a, url=f"https://outlet{i % 5}.example/{i}/{a.id}", site=None, published=published
                )
                batch.append(copy)
                if len(batch) == 64:
                    store.add(batch)
                    batch = []
            if batch:
                store.add(batch)
            counts = dict(
                store.con.execute(
                    "SELECT 'articles', count(*) FROM articles UNION ALL SELECT 'statements', count(*)"
                    " FROM attributions UNION ALL SELECT 'claims', count(*) FROM claims UNION ALL"
                    " SELECT 'claim_statements', count(*) FROM claim_statements UNION ALL"
                    " SELECT 'claim_merges', count(*) FROM claim_merges"
                ).fetchall()
            )
    finally:
        restore()
    return {"build_seconds": round(time.perf_counter() - start, 1), **counts}


def timed(run: Any) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def latency(articles: list[Article], total: int, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "big.duckdb"
        if keep is not None and keep.exists():
            built = json.loads(keep.with_suffix(".json").read_text(encoding="utf-8"))
        else:
            built = build(path, articles, total)
            if keep is not None:
                keep.with_suffix(".json").write_text(json.dumps(built), encoding="utf-8")
        with open_store(path, read_only=True) as store:
            con = store.con
            top = [
                r[0]
                for r in con.execute(
                    "SELECT id FROM claims ORDER BY statement_count DESC LIMIT 30"
                ).fetchall()
            ]
            others = [
                r[0] for r in con.execute("SELECT id FROM claims ORDER BY hash(id) LIMIT 30").fetchall()
            ]
            typed = [json.loads(p.read_text(encoding="utf-8"))["claim"] for p in sorted(DATA.glob("*.json"))]
            texts = [
                r[0]
                for r in con.execute(
                    "SELECT text FROM claims WHERE statement_count > 1 ORDER BY hash(id) LIMIT 18"
                ).fetchall()
            ]
            typed += [" ".join(t.strip('"').split()[:5]) for t in texts]
            store_claims.typed_board(con.cursor(), "warm the models up")  # load once, not timed
            by_id = [timed(lambda c=c: store_claims.claim_board(con.cursor(), c)) for c in top + others]
            # Cold: each typed board's first look reads every statement on it; warm: the
            # second look finds every read in the cache (this process's: the store is opened
            # read-only, as the web app opens it).
            cold = [timed(lambda t=t: store_claims.typed_board(con.cursor(), t)) for t in typed]
            by_text = [timed(lambda t=t: store_claims.typed_board(con.cursor(), t)) for t in typed]
            sizes = [store_claims.typed_board(con.cursor(), t).total for t in typed[:2]]
    return {
        "store": built,
        "by_id": percentiles(by_id),
        "by_text_cold": percentiles(cold),
        "by_text": percentiles(by_text),
        "typed": typed,
        "typed_board_sizes_of_the_sets": sizes,
    }


def overhead(count: int) -> dict[str, Any]:
    settings = Settings()
    paths = [str(p) for p in sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:count]]
    out: dict[str, Any] = {"articles": len(paths)}
    for mode in ("without", "with", "without again", "with again"):
        corpus = Corpus(claims=not mode.startswith("without"))
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.duckdb", corpus=corpus) as store:
            inside = 0.0
            claims = corpus.claims
            if claims is not None:
                update = claims.update

                def counted(con: Any, update: Any = update, **kw: Any) -> int:
                    nonlocal inside
                    start = time.perf_counter()
                    try:
                        return update(con, **kw)
                    finally:
                        inside += time.perf_counter() - start

                claims.update = counted  # type: ignore[method-assign]
            start = time.perf_counter()
            store.ingest(process(read_inputs(paths, settings=settings), settings=settings))
            out[mode] = {
                "seconds": round(time.perf_counter() - start, 2),
                "claims_step_seconds": round(inside, 2),
            }
        print(mode, out[mode])  # noqa: T201
    without = min(out["without"]["seconds"], out["without again"]["seconds"])
    with_ = min(out["with"]["seconds"], out["with again"]["seconds"])
    steps = [out[m]["claims_step_seconds"] for m in ("with", "with again")]
    out["overhead"] = round(with_ / without - 1, 4)
    out["overhead_by_step"] = round(
        statistics.mean(
            s / (out[m]["seconds"] - s) for s, m in zip(steps, ("with", "with again"), strict=True)
        ),
        4,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("parts", nargs="*", default=["quality", "crowded", "latency", "overhead"])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--crowd", type=int, default=CROWD, help="unrelated articles in the crowded store")
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--stance-model", type=Path)
    parser.add_argument(
        "--keep-crowded", type=Path, help="keep the crowded (or fresh) store here; reuse it if there"
    )
    parser.add_argument("--keep", type=Path, help="keep the 10,000-article store here; reuse it if there")
    args = parser.parse_args()
    if args.stance_model:
        use_stance_model(args.stance_model)
    previous = RESULTS / "claims-board.json"
    payload = json.loads(previous.read_text(encoding="utf-8")) if previous.exists() else {}
    payload.update(context("tests/data/claims (written for the tests); PolNeAR dev texts for scale"))
    payload["floors"] = FLOORS
    import hashlib

    model_dir = args.stance_model or ROOT / "saidwho" / "models" / "stance"
    digest = hashlib.sha1((model_dir / "stance.onnx").read_bytes()).hexdigest()[:12]
    payload["stance_model"] = {
        "path": str(model_dir.relative_to(ROOT)) if model_dir.is_relative_to(ROOT) else str(model_dir),
        "stance_onnx_sha1": digest,
    }
    if "quality" in args.parts:
        payload["quality"] = quality()
    if "crowded" in args.parts:
        payload["crowded"] = crowded(args.crowd, args.keep_crowded)
    if "fresh" in args.parts:
        payload["crowded_fresh"] = crowded(args.crowd, args.keep_crowded, fresh=True)
    if "latency" in args.parts:
        reuse = args.keep is not None and args.keep.exists()
        payload["latency"] = latency([] if reuse else extracted(args.articles), args.total, args.keep)
        print("latency", payload["latency"]["by_id"], payload["latency"]["by_text"])  # noqa: T201
    if "overhead" in args.parts:
        payload["ingest_overhead"] = overhead(args.articles)
    print(write("claims-board", payload))  # noqa: T201


if __name__ == "__main__":
    main()
