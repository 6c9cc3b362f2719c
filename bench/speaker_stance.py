"""Speaker stance on the gold pairs -> bench/results/speaker-stance.json.

The gold (``bench/data/speaker_stance/*.jsonl`` and every statement of the board sets in
``bench/data/boards/*.json`` but the off-topic ones; README there) pairs a claim with one
statement (source, cue, content, the sentence) and the speaker's stance: for, against,
observing. A claim's pairs stay together, in one of three parts by the claim's SHA-1
(``saidwho.train.stance.speaker_part``): ``held_out`` (30%, scored once before tuning and
then after), ``dev`` (15%: never trained on; the rules that may overrule the model are
chosen on it) and ``train`` (the stance model trains on it: its figures are optimistic).

Methods, each over both parts:

- ``decide``: :func:`saidwho.claims.decide.decide`, the product's reading;
- ``no_rules``, ``no_<rule>``: the same with none, or all but one, of its overruling rules;
- ``content``: decide's reading of the content alone with cue rules (the article-stance
  model's way, before the model learned speakers' statements);
- ``before``: the reading before ``saidwho.claims.decide`` (the stance model on the content,
  then ``statement_stance`` below, as ``saidwho.claims.speaker`` had it), kept to show the change;
- ``model``: the stance model's label on the whole sentence, as an article's stance.

A statement is nested (``chain``) when another gold statement's cue lies inside its
content in the same text. Accuracy and macro-F1 over for / against / observing (any other
answer counts as wrong); confusion matrices; the errors of ``decide`` on the tuning part.

Some pairs are ``unrelated``: statements of the claim's articles about something else, beside
statements about the story that share no word with the claim. They are left out of the
figures above; ``context`` reads the files that hold them as a board reads its context (the
statement not known to be about the claim) and gives the share of unrelated ones kept off
and the share of the others read with their stance (``context_scores``).

Usage: python bench/speaker_stance.py [--part train|dev|held_out|all] [--label NAME]
       [--stance-model DIR] [--methods decide,before,model]
       (``--label`` names the run in the results' ``runs`` list; the held-out figure of the
       first run is kept there as scored before tuning)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, ROOT, context, write

from saidwho.claims.decide import RULES, Statement, decide
from saidwho.records import STANCES
from saidwho.train.stance import SPEAKER_HELD_OUT, load_speaker, speaker_part

DATA = ROOT / "bench" / "data"
PARTS = ("train", "dev", "held_out")


def load() -> list[dict[str, Any]]:
    """Every gold pair (``saidwho.train.stance.load_speaker``: with ``chain`` and
    ``before_cue``), its file and part named."""
    pairs = []
    for file, p in load_speaker(DATA):
        pairs.append({**p, "file": file, "part": speaker_part(p["claim"], file)})
    return pairs


def statement(p: dict[str, Any]) -> Statement:
    return Statement(
        cue=p["cue"],
        content=p["content"],
        source=p.get("source") or "",
        before_cue=p["before_cue"],
        chain=p["chain"],
    )


def by_decide(pairs: list[dict[str, Any]], **options: Any) -> list[str]:
    by_claim: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_claim.setdefault(p["claim"], []).append(i)
    answers: dict[int, str] = {}
    for claim, indexes in by_claim.items():
        found = decide(
            claim, [statement(pairs[i]) for i in indexes], related=[True] * len(indexes), **options
        )
        for i, d in zip(indexes, found, strict=True):
            answers[i] = d.stance
    return [answers[i] for i in range(len(pairs))]


def by_before(pairs: list[dict[str, Any]]) -> list[str]:
    from saidwho.claims.stance import stance_many

    found = stance_many([(p["claim"], p["content"]) for p in pairs])
    return [
        statement_stance(
            label,  # type: ignore[arg-type]
            score,
            cue=p["cue"],
            content=p["content"],
            before_cue=p["before_cue"],
            chain=p["chain"],
        ).stance
        for p, (label, score) in zip(pairs, found, strict=True)
    ]


def by_model(pairs: list[dict[str, Any]]) -> list[str]:
    from saidwho.claims.stance import stance_many

    return [label for label, _ in stance_many([(p["claim"], p["text"]) for p in pairs])]


def scores(gold: list[str], found: list[str]) -> dict[str, Any]:
    n = len(gold)
    f1 = {}
    for k in STANCES:
        tp = sum(g == k and f == k for g, f in zip(gold, found, strict=True))
        fp = sum(g != k and f == k for g, f in zip(gold, found, strict=True))
        fn = sum(g == k and f != k for g, f in zip(gold, found, strict=True))
        f1[k] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    confusion = Counter(f"{g}->{f}" for g, f in zip(gold, found, strict=True))
    return {
        "pairs": n,
        "accuracy": round(sum(g == f for g, f in zip(gold, found, strict=True)) / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1.values()) / len(STANCES), 4),
        "f1": f1,
        "confusion": dict(sorted(confusion.items())),
    }


def interval(pairs: list[dict[str, Any]], found: list[str], *, draws: int = 2000) -> dict[str, list[float]]:
    """The 95% interval of accuracy and macro-F1 when the claims of ``pairs`` are drawn
    again with replacement (a claim's pairs stay together, as the parts are cut): how far
    a figure on these few dozen claims may be from the same reading's on others like them."""
    by_claim: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_claim.setdefault(p["claim"], []).append(i)
    claims = sorted(by_claim)
    rng = random.Random(1)
    accuracy, macro = [], []
    for _ in range(draws):
        drawn = [i for _ in claims for i in by_claim[rng.choice(claims)]]
        s = scores([pairs[i]["stance"] for i in drawn], [found[i] for i in drawn])
        accuracy.append(s["accuracy"])
        macro.append(s["macro_f1"])
    accuracy.sort()
    macro.sort()
    cut = (int(0.025 * draws), int(0.975 * draws) - 1)
    return {"accuracy": [accuracy[k] for k in cut], "macro_f1": [macro[k] for k in cut]}


# The reading before saidwho.claims.decide, kept as it was to show the change (saidwho.claims.speaker
# before the speaker model): the stance model on the content alone, then cue rules.
AGAINST_CUES = re.compile(
    r"\b(den(y|ies|ied|ying|ial)|dismiss\w*|doubt\w*|reject\w*|refut\w*|disput\w*|debunk\w*|"
    r"question(s|ed|ing)?|skeptic\w*|sceptic\w*|contradict\w*|rebut\w*|discount\w*|downplay\w*|"
    r"played down|cast doubt|ruled out|rule out|scoff\w*|deride\w*|derided)\b",
    re.IGNORECASE,
)
FOR_CUES = re.compile(
    r"\b(insist\w*|claim(s|ed|ing)?|confirm\w*|assert\w*|maintain\w*|affirm\w*|reaffirm\w*|"
    r"reiterat\w*|stood by|stand by|vouch\w*|swear|swore|sworn)\b",
    re.IGNORECASE,
)
HEARSAY_CUES = re.compile(
    r"\b(rumou?r(s|ed)?|reports?|reportedly|speculat\w*|allegations?|alleged(ly)?|word)\b", re.IGNORECASE
)
NEGATED = re.compile(r"\b(not|never|n't|no)\s+(\w+\s+)?$", re.IGNORECASE)
STRONG_HEDGES = re.compile(
    r"\b(unconfirmed|unverified|reportedly|allegedly|rumou?red|(un|not )clear whether|"
    r"could not (be )?(confirm|verif)\w*|no (independent )?confirmation)\b",
    re.IGNORECASE,
)
MODAL_HEDGES = re.compile(
    r"\b(may|might|could|possibly|perhaps|likely|probably|believed to)\b", re.IGNORECASE
)


def cue_class(cue: str) -> str | None:
    """The stance a cue word carries on its own, if any."""
    if AGAINST_CUES.search(cue):
        return "against"
    if FOR_CUES.search(cue):
        return "for"
    if HEARSAY_CUES.search(cue):
        return "observing"
    return None


def statement_stance(
    content_stance: str,
    score: float,
    *,
    cue: str,
    content: str,
    before_cue: str = "",
    chain: bool = False,
) -> _Old:
    """The speaker's stance from the model's ``content_stance`` (and its ``score``), the
    ``cue``, the words just ``before_cue`` in the sentence (for negation), and whether the
    content holds another attribution (``chain``)."""
    if content_stance == "unrelated":
        return _Old("unrelated", score, "content")
    by_cue = cue_class(cue)
    if NEGATED.search(before_cue) and by_cue in ("for", "against"):
        return _Old("observing", score, f"negated cue:{cue.lower()}")
    if chain:
        if by_cue in ("for", "against"):
            return _Old(by_cue, score, f"chain, cue:{cue.lower()}")
        return _Old("observing", score, "chain")
    if by_cue == "against" and content_stance in ("for", "observing"):
        return _Old("against", score, f"cue:{cue.lower()}")
    if by_cue == "against" and content_stance == "against":
        # "denied that he is not in Mosul" is rare; a denial restating a denial is the
        # common case ("dismissed the report, saying he is not there").
        return _Old("against", score, "content")
    if by_cue == "observing":
        return _Old("observing", score, f"cue:{cue.lower()}")
    if by_cue == "for" and content_stance == "observing":
        return _Old("for", score, f"cue:{cue.lower()}")
    if content_stance == "for":
        if m := STRONG_HEDGES.search(content):
            return _Old("observing", score, f"hedge:{m.group(0).lower()}")
        if m := MODAL_HEDGES.search(content):
            return _Old("for", round(score / 2, 4), f"hedge:{m.group(0).lower()}")
    return _Old(content_stance, score, "content")


@dataclass(frozen=True)
class _Old:
    stance: str
    score: float
    basis: str


METHODS: dict[str, Any] = {
    "decide": by_decide,
    "no_rules": lambda pairs: by_decide(pairs, rules=frozenset()),
    **{
        f"with_{r}": (lambda pairs, r=r: by_decide(pairs, rules=RULES | {r}))
        for r in ("neither", "cannot", "hedge", "negation")
    },
    **{f"no_{r}": (lambda pairs, r=r: by_decide(pairs, rules=RULES - {r})) for r in sorted(RULES)},
    "content": lambda pairs: by_decide(pairs, speaker=False),
    "before": by_before,
    "model": by_model,
}


def context_scores(pairs: list[dict[str, Any]], parts: list[str]) -> dict[str, Any]:
    """The pairs of the files that hold unrelated ones, read as a typed board reads its
    context (``saidwho.claims.board``): a statement joins where the relatedness model finds
    it about the claim or its shape bears on it, and a joined one is read by ``decide``.
    The share of the unrelated ones kept off; of the others, the share that join and the
    share joined and read with their stance."""
    from saidwho.claims.board import CONTEXT_UNRELATED
    from saidwho.claims.decide import bears_on, unrelated_to
    from saidwho.claims.stance import load_relatedness

    model = load_relatedness()
    files = {p["file"] for p in pairs if p["stance"] == "unrelated"}
    chosen = [p for p in pairs if p["file"] in files]
    by_claim: dict[str, list[int]] = {}
    for i, p in enumerate(chosen):
        by_claim.setdefault(p["claim"], []).append(i)
    joins: dict[int, bool] = {}
    found: dict[int, str] = {}
    for claim, indexes in by_claim.items():
        said = [statement(chosen[i]) for i in indexes]
        off = unrelated_to(claim, said, lambda x: model.probabilities(x, gate=False))
        for i, q in zip(indexes, off, strict=True):
            joins[i] = bool(q < CONTEXT_UNRELATED) or bears_on(claim, chosen[i]["cue"], chosen[i]["content"])
        read = decide(claim, said, related=[True] * len(indexes))
        found.update({i: d.stance for i, d in zip(indexes, read, strict=True)})
    out: dict[str, Any] = {}
    for part in parts:
        off = [i for i, p in enumerate(chosen) if p["part"] == part and p["stance"] == "unrelated"]
        about = [i for i, p in enumerate(chosen) if p["part"] == part and p["stance"] != "unrelated"]
        out[part] = {
            "unrelated": len(off),
            "kept_off": round(sum(not joins[i] for i in off) / len(off), 4) if off else None,
            "about": len(about),
            "joined": round(sum(joins[i] for i in about) / len(about), 4) if about else None,
            "stance_right": round(
                sum(joins[i] and found[i] == chosen[i]["stance"] for i in about) / len(about), 4
            )
            if about
            else None,
        }
    return out


def second_reader(pairs: list[dict[str, Any]], found: list[str]) -> dict[str, Any]:
    """A second reader's labels (``bench/data/second_reader.jsonl``: written blind, from the
    conventions alone, on the held-out part, dev's first-round files and 300 of dev's later
    pairs) against the gold, beside ``decide``'s on the same pairs: how far the gold's own
    agreement leaves room above the model."""
    path = DATA / "second_reader.jsonl"
    if not path.exists():
        return {}
    index = {(p["claim"], p["text"], p["cue"], p["content"]): i for i, p in enumerate(pairs)}
    samples: dict[str, list[tuple[int, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            samples.setdefault(r["sample"], []).append(
                (index[(r["claim"], r["text"], r["cue"], r["content"])], r["stance"])
            )
    return {
        sample: {
            "reader": scores([pairs[i]["stance"] for i, _ in got], [label for _, label in got]),
            "decide": scores([pairs[i]["stance"] for i, _ in got], [found[i] for i, _ in got]),
        }
        for sample, got in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument("--stance-model", type=Path, default=None, help="a stance model not yet shipped")
    parser.add_argument("--label", default=None, help="name this run in the results' runs list")
    parser.add_argument("--methods", default="decide,before,model")
    parser.add_argument("--errors", type=int, default=0, help="print this many dev errors of decide")
    args = parser.parse_args()
    every = load()
    # Pairs the gold marks unrelated (a statement of the claim's articles about something
    # else) are scored apart, as a board's context is read (context_scores); the figures
    # over for / against / observing are those of the other pairs.
    pairs = [p for p in every if p["stance"] != "unrelated"]
    if args.stance_model is not None:
        from claims_board import use_stance_model

        use_stance_model(args.stance_model)
    parts = list(PARTS) if args.part == "all" else [args.part]
    path = RESULTS / "speaker-stance.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    result: dict[str, Any] = {
        **context("bench/data speaker-stance gold"),
        "held_out_share": SPEAKER_HELD_OUT,
        "stance_model": str(args.stance_model or "shipped"),
        "gold": {
            part: {
                "pairs": sum(p["part"] == part for p in pairs),
                "claims": len({p["claim"] for p in pairs if p["part"] == part}),
                "labels": dict(Counter(p["stance"] for p in pairs if p["part"] == part)),
            }
            for part in PARTS
        },
        "files": dict(Counter(p["file"] for p in pairs)),
        "methods": {},
        "runs": previous.get("runs", []),
    }
    for name in args.methods.split(","):
        found = METHODS[name](pairs)
        result["methods"][name] = {
            part: scores(
                [p["stance"] for p in pairs if p["part"] == part],
                [f for p, f in zip(pairs, found, strict=True) if p["part"] == part],
            )
            for part in parts
        }
        for part in parts:
            s = result["methods"][name][part]
            if name == "decide" and part != "train":
                chosen = [(p, f) for p, f in zip(pairs, found, strict=True) if p["part"] == part]
                s["interval"] = interval([p for p, _ in chosen], [f for _, f in chosen])
                s["by_file"] = {
                    file: round(sum(f == p["stance"] for p, f in chosen if p["file"] == file) / n, 4)
                    for file, n in sorted(Counter(p["file"] for p, _ in chosen).items())
                }
            line = f"{name:8} {part:9} n={s['pairs']:4} acc {s['accuracy']:.3f} macro-F1 {s['macro_f1']:.3f}"
            print(line, s["f1"], s.get("interval", ""))  # noqa: T201
        if name == "decide" and args.part == "all":
            result["second_reader"] = second_reader(pairs, found)
            for sample, got in result["second_reader"].items():
                r, d = got["reader"], got["decide"]
                line = f"second reader, {sample}: reader {r['accuracy']:.3f} / {r['macro_f1']:.3f}"
                print(f"{line}, decide {d['accuracy']:.3f} / {d['macro_f1']:.3f}")  # noqa: T201
        if name == "decide" and args.errors:
            shown = 0
            for p, f in zip(pairs, found, strict=True):
                if p["part"] == "dev" and f != p["stance"] and shown < args.errors:
                    shown += 1
                    gold, cue, content = p["stance"], p["cue"], p["content"][:90]
                    print(f"  {gold:>9} <- {f:9} [{cue}] {content!r} || {p['claim'][:50]}")  # noqa: T201
    if any(p["stance"] == "unrelated" for p in every):
        result["context"] = context_scores(every, parts)
        for part, c in result["context"].items():
            print(f"context  {part:9} {c}")  # noqa: T201
    if args.label:
        result["runs"].append(
            {
                "label": args.label,
                "commit": result["commit"],
                **{
                    f"{name}_{part}": {
                        k: result["methods"][name][part][k] for k in ("pairs", "accuracy", "macro_f1")
                    }
                    for name in result["methods"]
                    for part in parts
                },
            }
        )
    write("speaker-stance", result)


if __name__ == "__main__":
    main()
