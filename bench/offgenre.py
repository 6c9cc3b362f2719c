"""Off PolNeAR's genre: statements and speakers on hand-written wire, broadcast, British and
regional copy -> bench/results/offgenre.json.

For each extractor, runs ``saidwho extract`` on ``bench/data/offgenre/text`` and scores it
against the gold set as ``saidwho eval bench/data/offgenre`` does (same figures), and again
with the headline attributions left out (saidwho reads a headline as the title, not as
prose). Then checks the speakers against the hand-written checklist ``speakers.json``: for
each expected speaker, its gold attributions are matched to predicted ones (contents and
sources overlapping, one to one, as ``saidwho eval`` matches attributions) and the
predicted speaker they point to is checked field by field (found, all statements under one
speaker, name, type, named, anonymous, anonymity reason, descriptor, recipient). The share
of checks right is the figure; per-article misses (gold attributions not found, predicted
ones not in the gold, failed checks) are written for diagnosis. PolNeAR dev's figures are
copied beside from ``accuracy-<extractor>.json`` when present. ``--at REV`` measures saidwho
as of a revision (a clean export; see ``_revision.py``) rather than the checkout.

The articles whose names start ``heldout-`` were written after the rest, to test fixes
made while looking only at the others, and those starting ``heldout2-`` (wire rewrites,
transcripts, state media, trade press, headlines and nouns that are attributions) after
that, to test the fixes for those kinds of copy: each held-out set's figures are also given apart
(``parts``: ``tuning``, ``heldout``, ``heldout2``; attribution precision, recall and F1,
exact F1 per role, the checklist's share). ``number_speakers`` lists any predicted speaker
named only by a number or a date (there should be none). ``--label`` keeps this run's part
figures in the results' ``runs`` list beside earlier ones (the first is the one scored
before any fix for its held-out set). ``--name`` writes ``bench/results/<name>.json`` instead.

Usage: python bench/offgenre.py [--extractor model --extractor rules] [--at REV] [--name NAME]
       [--label LABEL]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from _common import RESULTS, ROOT, context, write
from _revision import measured, rerun_at

from saidwho.evaluate import ROLES, Scores, gold_files, match_attributions, score_document
from saidwho.formats.brat import GoldAttribution, Ranges, from_attributions, read_ann
from saidwho.ingest import read_inputs
from saidwho.pipeline import process
from saidwho.records import Article, Attribution, Failure, Speaker
from saidwho.settings import load_settings

GOLD = ROOT / "bench" / "data" / "offgenre"
_EVENT = re.compile(r"^E(\d+)\t(Attribution\S*):")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DETERMINER = re.compile(r"^(?:the|a|an|my|her|his|its|their|our|your)\s+")
# Article name prefix -> part, first match wins; the rest are "tuning".
PARTS = (("heldout2-", "heldout2"), ("heldout-", "heldout"))
# A speaker named by a number, a year, a date or a weekday only is no speaker ("May" alone
# may be a person).
_NUMBER_NAME = re.compile(
    r"^\W*(?:\d[\d,.:/%-]*(?:s|th|st|nd|rd)?|(?:(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
    r"\.?\s+\d{1,4}(?:,?\s+\d{4})?)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|"
    r"yesterday|tonight)\W*$",
    re.IGNORECASE,
)
CHECKS = (
    "found",
    "together",
    "name",
    "type",
    "named",
    "anonymous",
    "anonymity_reason",
    "descriptor",
    "recipient",
)


def fold(text: str | None) -> str:
    """Compare form: case, quotes and spaces folded, a leading determiner and end punctuation off."""
    t = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).lower()
    t = re.sub(r"\s+", " ", t).strip(" ,.;:\"'")
    return _DETERMINER.sub("", t)


def gold_events(path: Path) -> tuple[list[int], list[GoldAttribution]]:
    """A gold file's attributions with their event numbers (``E<n>``), in file order."""
    numbers = [
        int(m.group(1)) for line in path.read_text(encoding="utf-8").splitlines() if (m := _EVENT.match(line))
    ]
    events = read_ann(path)
    assert len(numbers) == len(events), path
    return numbers, events


def _text(text: str, ranges: Ranges | None) -> str | None:
    return None if ranges is None else " ".join(text[s:e] for s, e in ranges)


def _brief(text: str, att: GoldAttribution) -> dict[str, str | None]:
    content = _text(text, tuple(r for c in att.content for r in c)) or ""
    return {
        "source": _text(text, att.source),
        "cue": _text(text, att.cue),
        "content": content if len(content) <= 90 else content[:87] + "...",
    }


def _accepted(expected: dict[str, Any], key: str) -> set[str]:
    return {fold(v) for v in [expected[key], *expected.get(f"{key}_accept", [])]}


def check_speaker(
    expected: dict[str, Any], atts: list[Attribution | None], speakers: dict[str, Speaker]
) -> tuple[dict[str, bool], Speaker | None]:
    """The checklist's checks for one expected speaker, and the predicted speaker checked
    (the one most of its statements point to); ``atts``: the predicted attribution matched
    to each of its gold attributions (None where none matched)."""
    ids = [a.speaker for a in atts if a is not None and a.speaker in speakers]
    checks: dict[str, bool] = {"found": bool(ids)}
    chosen = speakers[Counter(ids).most_common(1)[0][0]] if ids else None
    checks["together"] = chosen is not None and len(ids) == len(atts) and set(ids) == {chosen.id}
    names = {fold(expected["name"]), *(fold(a) for a in expected.get("accept", []))}
    checks["name"] = chosen is not None and fold(chosen.name) in names
    if expected.get("type") is not None:
        types = {expected["type"], *expected.get("type_accept", [])}
        checks["type"] = chosen is not None and chosen.type in types
    for key in ("named", "anonymous"):
        if expected.get(key) is not None:
            checks[key] = chosen is not None and getattr(chosen, key) == expected[key]
    if expected.get("anonymity_reason"):
        checks["anonymity_reason"] = chosen is not None and fold(expected["anonymity_reason"]) in fold(
            chosen.anonymity_reason
        )
    if expected.get("descriptor"):
        wanted = _accepted(expected, "descriptor")
        checks["descriptor"] = chosen is not None and any(fold(d) in wanted for d in chosen.descriptors)
    if expected.get("recipient"):
        checks["recipient"] = chosen is not None and fold(chosen.recipient) in _accepted(
            expected, "recipient"
        )
    return checks, chosen


def _got(check: str, speaker: Speaker | None) -> object:
    if speaker is None:
        return None
    field = {"found": "name", "together": "name", "descriptor": "descriptors"}.get(check, check)
    return getattr(speaker, field)


def predict(stems: list[str], extractor: str) -> dict[str, Article]:
    """What ``saidwho extract --extractor EXTRACTOR`` gives for each gold article."""
    settings = load_settings({"extractor": extractor})
    paths = [str(GOLD / "text" / f"{stem}.txt") for stem in stems]
    found: dict[str, Article] = {}
    for result in process(read_inputs(paths, settings=settings), settings=settings):
        if isinstance(result, Failure):
            raise SystemExit(f"{result.source}: {result.message}")
        found[Path(result.source).stem] = result
    return found


def part_of(stem: str) -> str:
    """The part an article belongs to, by its name's prefix (:data:`PARTS`)."""
    return next((part for prefix, part in PARTS if stem.startswith(prefix)), "tuning")


def _title_end(text: str) -> int:
    return text.find("\n") if "\n" in text else len(text)


def score(extractor: str, checklist: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Figures, checklist and misses for one extractor."""
    gold_paths = gold_files(GOLD / "attributions")
    stems = sorted(gold_paths)
    articles = predict(stems, extractor)
    scores, body_scores = Scores(), Scores()
    parts = {name: Scores() for name in ("tuning", *(part for _, part in PARTS))}
    checks: Counter[str] = Counter()
    right: Counter[str] = Counter()
    part_checks: Counter[str] = Counter()
    part_right: Counter[str] = Counter()
    misses: dict[str, Any] = {}
    number_speakers: list[dict[str, str]] = []
    for stem in stems:
        text = (GOLD / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        article = articles[stem]
        numbers, gold = gold_events(gold_paths[stem])
        pred = from_attributions(article.attributions)
        score_document(scores, text, pred, gold)
        part = part_of(stem)
        score_document(parts[part], text, pred, gold)
        title_end = _title_end(text)
        body = [g for g in gold if g.cue is None or g.cue[0][0] > title_end]
        score_document(body_scores, text, pred, body)
        pairs = match_attributions(pred, gold)
        by_number = {n: article.attributions[pairs[j]] if j in pairs else None for j, n in enumerate(numbers)}
        speakers = {sp.id: sp for sp in article.speakers}
        number_speakers += [
            {"article": stem, "name": sp.name} for sp in article.speakers if _NUMBER_NAME.match(sp.name)
        ]
        failed = []
        for expected in checklist.get(stem, []):
            matched = [by_number[n] for n in expected["attributions"]]
            result, chosen = check_speaker(expected, matched, speakers)
            got = sorted(
                {speakers[a.speaker].name for a in matched if a is not None and a.speaker in speakers}
            )
            for name, ok in result.items():
                checks[name] += 1
                right[name] += ok
                part_checks[part] += 1
                part_right[part] += ok
                if not ok:
                    failed.append(
                        {
                            "speaker": expected["name"],
                            "check": name,
                            "got": _got(name, chosen),
                            "speakers_got": got,
                        }
                    )
        matched_pred = set(pairs.values())
        misses[stem] = {
            "missed": [
                {"event": n, **_brief(text, gold[j])} for j, n in enumerate(numbers) if j not in pairs
            ],
            "spurious": [_brief(text, p) for i, p in enumerate(pred) if i not in matched_pred],
            "checks_failed": failed,
        }
    total = sum(checks.values())
    return {
        "scores": scores.as_dict(),
        "attribution_f1": round(scores.attribution.f1, 4),
        "exact_f1": {role: round(scores.exact[role].f1, 4) for role in ROLES},
        "without_headlines": {
            "attribution_f1": round(body_scores.attribution.f1, 4),
            "exact_f1": {role: round(body_scores.exact[role].f1, 4) for role in ROLES},
        },
        "checklist": {
            "share": round(sum(right.values()) / total, 4) if total else 0.0,
            "right": sum(right.values()),
            "checks": total,
            "by_check": {
                name: {"right": right[name], "checks": checks[name]} for name in CHECKS if checks[name]
            },
        },
        "parts": {
            name: {
                "articles": part.documents,
                "gold_attributions": part.attribution.gold,
                "attribution_f1": round(part.attribution.f1, 4),
                "attribution_precision": round(part.attribution.precision, 4),
                "attribution_recall": round(part.attribution.recall, 4),
                "exact_f1": {role: round(part.exact[role].f1, 4) for role in ROLES},
                "checklist": {
                    "share": round(part_right[name] / part_checks[name], 4) if part_checks[name] else None,
                    "right": part_right[name],
                    "checks": part_checks[name],
                },
            }
            for name, part in parts.items()
        },
        "number_speakers": number_speakers,
        "polnear_dev": _polnear_dev(extractor),
        "misses": misses,
    }


def _polnear_dev(extractor: str) -> dict[str, Any] | None:
    path = RESULTS / f"accuracy-{extractor}.json"
    if not path.is_file():
        return None
    found = json.loads(path.read_text(encoding="utf-8"))
    s = found["scores"]
    return {
        "commit": found.get("commit"),
        "attribution_f1": s["attribution"]["f1"],
        "exact_f1": {role: s["exact"][role]["f1"] for role in ROLES},
    }


def run_summary(label: str, payload: dict[str, Any]) -> dict[str, Any]:
    """One entry of the results' ``runs`` list: what was measured and each part's figures."""
    keys = ("articles", "gold_attributions", "attribution_f1", "attribution_precision", "attribution_recall")
    return {
        "label": label,
        "commit": payload["commit"],
        "saidwho": payload["saidwho"],
        **{
            ex: {
                "checklist_share": r["checklist"]["share"],
                "number_speakers": len(r["number_speakers"]),
                "parts": {
                    name: {**{k: part[k] for k in keys}, "checklist_share": part["checklist"]["share"]}
                    for name, part in r["parts"].items()
                },
            }
            for ex, r in payload["extractors"].items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--extractor", action="append", choices=["model", "rules"], help="default: both")
    parser.add_argument("--at", metavar="REV", help="measure saidwho as of this git revision")
    parser.add_argument("--name", default="offgenre", help="results file name (default: offgenre)")
    parser.add_argument("--label", help="keep this run's part figures in the results' runs list")
    args = parser.parse_args()
    rerun_at(args.at)
    checklist = json.loads((GOLD / "speakers.json").read_text(encoding="utf-8"))["articles"]
    results = {ex: score(ex, checklist) for ex in args.extractor or ["model", "rules"]}
    gold_total = sum(len(read_ann(p)) for p in gold_files(GOLD / "attributions").values())
    previous = RESULTS / f"{args.name}.json"
    runs = json.loads(previous.read_text(encoding="utf-8")).get("runs", []) if previous.is_file() else []
    payload = {
        **context("offgenre"),
        "saidwho": measured(),
        "articles": len(gold_files(GOLD / "attributions")),
        "gold_attributions": gold_total,
        "checklist_speakers": sum(len(v) for v in checklist.values()),
        "extractors": results,
        "runs": runs,
    }
    if args.label:
        payload["runs"].append(run_summary(args.label, payload))
    path = write(args.name, payload)
    rows = [
        f"{'extractor':10}{'attr F1':>9}{'no-head':>9}{'src':>7}{'cue':>7}{'content':>9}{'checks':>8}"
        f"{'P':>7}{'R':>7}"
    ]
    for ex, r in results.items():
        e = r["exact_f1"]
        rows.append(
            f"{ex:10}{r['attribution_f1']:9.3f}{r['without_headlines']['attribution_f1']:9.3f}"
            f"{e['source']:7.3f}{e['cue']:7.3f}{e['content']:9.3f}{r['checklist']['share']:8.1%}"
        )
        for name, part in r["parts"].items():
            e = part["exact_f1"]
            share = part["checklist"]["share"]
            rows.append(
                f"  {name:8}{part['attribution_f1']:9.3f}{'':9}"
                f"{e['source']:7.3f}{e['cue']:7.3f}{e['content']:9.3f}"
                + (f"{share:8.1%}" if share is not None else f"{'':8}")
                + f"{part['attribution_precision']:7.3f}{part['attribution_recall']:7.3f}"
            )
    sys.stdout.write(
        "\n".join(rows) + f"\n(exact F1 per role; checks: speaker checklist)\nwritten to {path}\n"
    )


if __name__ == "__main__":
    main()
