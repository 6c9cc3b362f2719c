"""Is each person one speaker across a store? -> bench/results/speaker-identity.json.

Ingests a PolNeAR split (dev by default) into a temporary DuckDB store the way ``saidwho
ingest`` does (``Store.ingest(extract_many(...))``, one outlet per publisher, dates from
PolNeAR's metadata), then, for the split's 20 most quoted people listed by hand in
``bench/data/speaker_identity.json``, finds the statements whose source text refers to each
of them and counts how many sit under their single most common canonical speaker: the
share per person, over all of them, and how many people reach the issue's floor of 95%.

A source refers to a person when one of the person's surface forms occurs in it as the
head of the phrase: not possessive ("Trump's running mate"), not a modifier ("the Trump
campaign", "a spokeswoman for Hillary Clinton", "Warren E. Buffett"), not in an
appositive ("Rendell, a Clinton surrogate,"), not part of another name ("Ivanka Trump"),
and not one side of a compound ("Trump and Clinton": such statements are left out). A bare
surname that a namesake shares ("Clinton", "Cruz") counts where the article names the
person in full more than twice as often as any namesake; on dev, the articles naming both were also
read by hand, and the person's entry lists the readings (so "Clinton" in an article about
Bill Clinton stays his); on train the rule alone decides. Pronoun sources are not counted:
which "he" is whom is within-article resolution, not identity across the store. The same
rule run on the gold sources gives each person's gold statement count beside the store's.

Stray words: canonical speakers with a name (``named``) whose name holds a headline verb
("Obama Says"), a leading ``-ing`` word in a person's name ("Injecting Clinton"), an epithet ("Crooked Hillary
Clinton"), a lowercase word ("pro-Clinton"), a quote mark or possessive ("Donald Trump ''"),
or an outlet glued to another name ("Washington Post Trump").

Usage: python bench/speaker_identity.py [--split dev|train] [--extractor model|rules] [--at REV]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from _common import POLNEAR, ROOT, context, write
from _revision import measured, rerun_at

import saidwho
from saidwho.corpus import open_store
from saidwho.evaluate import gold_files
from saidwho.formats.brat import read_ann
from saidwho.ingest import read_inputs
from saidwho.records import RawDoc
from saidwho.settings import load_settings
from saidwho.store.store import Store

PEOPLE = ROOT / "bench" / "data" / "speaker_identity.json"
FLOOR = 0.95


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A surface form is the head of a source when what follows it is one of these.
_ENDS = re.compile(
    r"(?:$|\s*[,;:()\[\]\u2014\u2013]|\s+-|\s+(?:who|whose|himself|herself|also|too|last|this|earlier|"
    r"on|in|at|during|today|yesterday)\b)"
)
# A name after these is in a clause, not the head ("Sen. Bernie Sanders (Vt.), who lost ... to Clinton");
# so is one after a comma that follows a name ("Brian Baker, ... to stop Clinton"), unlike one
# after a comma that follows a description ("Trump's running mate, Indiana Gov. Mike Pence,").
_CLAUSE = re.compile(r"\(|\bwho(?:se)?\b")
_NAME_THEN_COMMA = re.compile(r"^[^,]*\b[A-Z][\w.'\u2019-]*,")
_COMPOUND = re.compile(r"\s*(?:and|or|&)\s", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?\b")
_PREPOSITIONS = _words(
    "for of to from with by about at against like than under behind toward towards including"
)
# Capitalised words that may stand before a bare surname without making it another name.
_TITLES = _words(
    "Mr. Mrs. Ms. Miss Dr. Sen. Sens. Rep. Reps. Gov. Lt. Gen. Col. Adm. President Vice Secretary "
    "Senator Congressman Congresswoman Judge Justice Attorney General Chairman Chairwoman Speaker "
    "Leader Prof. Professor Mayor Ambassador Candidate Nominee Former Rival"
)
_HEADLINE_VERBS = _words(
    "say says said claim claims claimed warn warns warned call calls called slam slams slammed blast "
    "blasts blasted rip rips ripped hit hits urge urges urged praise praises praised thank thanks "
    "thanked tell tells told insist insists insisted deny denies denied vow vows vowed admit admits "
    "admitted accuse accuses accused attack attacks attacked defend defends defended mock mocks "
    "mocked respond responds responded reveal reveals revealed explain explains explained demand "
    "demands demanded ask asks asked argue argues argued announce announces announced endorse "
    "endorses endorsed unveil unveils unveiled see sees want wants hammer hammers hammered speak "
    "speaks spoke reject rejects rejected refuse refuses refused suggest suggests suggested predict "
    "predicts predicted question questions questioned knock knocks knocked touts touted pledge "
    "pledges pledged promise promises promised threaten threatens threatened dismiss dismisses "
    "dismissed doubt doubts fear fears hopes plan plans believe believes think thinks thought agree "
    "agrees agreed blame blames blamed lash lashes lashed trolls trolled backs backed seek seeks "
    "sought goes visits meets wins loses quits resigns picks taps"
)
_EPITHETS = _words(
    "crooked lyin lyin' lying little crazy sleepy low-energy cheatin cheatin' goofy dopey sloppy nasty tiny"
)
_NAME_PARTICLES = _words(
    "of the a an and for at on in to de da del della di van von der den bin ibn al el la le du des y e st."
)
_ING_NAMES = _words(
    "browning fleming harding manning sterling dowling keating golding spalding whiting redding "
    "fielding hemming kipling irving king beijing wyoming channing flushing ewing ealing woking "
    "kettering worthing deming cumming"
)
_OUTLETS = (
    "Washington Post",
    "New York Times",
    "Wall Street Journal",
    "USA Today",
    "Associated Press",
    "Huffington Post",
    "Fox News",
    "CNN",
    "MSNBC",
    "NBC",
    "ABC",
    "CBS",
    "Reuters",
    "Politico",
    "Breitbart",
    "BBC",
    "NPR",
)
# What may follow an outlet's name in the outlet's own name ("CBS News", "ABC News/Washington Post Poll").
_OUTLET_WORDS = _words(
    "News Poll Radio Network Magazine Online Digital Sunday Channel Television TV Live Media"
)
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d\u2018`]|''|(?<!\w)['\u2019]|['\u2019](?!\w)")


@dataclass
class Person:
    """One tracked person: the canonical name, names accepted as right, and surface forms.

    A form listed in ``ambiguous`` (a bare surname that a namesake shares) counts in an
    article only when the article names the person in full (forms with a space, "Mr. Trump"
    included) more than twice as often as any of ``namesakes``: the article's principal. Article stems
    (by prefix), read by hand, settle the rest: a form counts only in ``only_in``'s
    articles, never in ``not_in``'s, always in ``also_in``'s.
    """

    name: str
    accept: list[str]
    forms: list[str]
    ambiguous: list[str]
    namesakes: list[str]
    only_in: dict[str, list[str]]
    not_in: dict[str, list[str]]
    also_in: dict[str, list[str]]

    def applies(self, form: str, stem: str, article: str) -> bool:
        if form in self.only_in:
            return any(stem.startswith(s) for s in self.only_in[form])
        if any(stem.startswith(s) for s in self.not_in.get(form, [])):
            return False
        if any(stem.startswith(s) for s in self.also_in.get(form, [])):
            return True
        if form not in self.ambiguous:
            return True
        named = sum(article.count(f) for f in self.forms if " " in f and f not in self.ambiguous)
        return named > 2 * max((article.count(n) for n in self.namesakes), default=0)


def load_people(split: str) -> list[Person]:
    entries = json.loads(PEOPLE.read_text(encoding="utf-8"))["splits"][split]
    return [
        Person(
            e["name"],
            e.get("accept", []),
            e["forms"],
            e.get("ambiguous", []),
            e.get("namesakes", []),
            e.get("only_in", {}),
            e.get("not_in", {}),
            e.get("also_in", {}),
        )
        for e in entries
    ]


def _word_before(text: str, start: int) -> str:
    words = text[:start].split()
    return words[-1] if words else ""


def references(text: str, stem: str, article: str, people: list[Person]) -> list[tuple[int, Person] | str]:
    """Where ``text`` (a source in ``article``) names a tracked person as its head; "compound"
    marks a person named as one side of "X and Y"."""
    found: list[tuple[int, Person] | str] = []
    taken: list[tuple[int, int]] = []
    candidates = sorted(
        (
            (m.start(), -len(form), form, person)
            for person in people
            for form in person.forms
            if person.applies(form, stem, article)
            for m in re.finditer(rf"(?<![\w.\-]){re.escape(form)}(?![\w\-])", text)
        ),
        key=lambda c: (c[0], c[1]),
    )
    for start, neg_len, form, person in candidates:
        end = start - neg_len
        if any(s < end and start < e for s, e in taken):
            continue  # inside a longer form already read ("Hillary Clinton" before "Clinton")
        taken.append((start, end))
        rest, before = text[end:], _word_before(text, start)
        if _POSSESSIVE.match(rest):
            continue
        if _COMPOUND.match(rest) or before.lower() in {"and", "&", "or"}:
            found.append("compound")
            continue
        if not _ENDS.match(rest) or before.lower() in _PREPOSITIONS or _in_appositive(text[:start]):
            continue
        if " " not in form and before[:1].isupper() and before not in _TITLES:
            continue  # "Ivanka Trump", "Charlie King"
        found.append((start, person))
    return found


def _in_appositive(prefix: str) -> bool:
    return bool(_CLAUSE.search(prefix) or _NAME_THEN_COMMA.match(prefix))


def refers_to(text: str, stem: str, article: str, people: list[Person]) -> Person | None:
    """The one person ``text`` names as its head (the first, when it names several), else None."""
    found = references(text, stem, article, people)
    if "compound" in found:
        return None
    heads = sorted((f for f in found if not isinstance(f, str)), key=lambda f: f[0])
    return heads[0][1] if heads else None


def fold(name: str) -> str:
    return re.sub(r"[.\s]+", " ", unicodedata.normalize("NFKC", name).replace("\u2019", "'")).strip().lower()


def stray_words(name: str, kind: str = "person") -> list[str]:
    """Why a canonical speaker's name holds words that are not part of a name (empty if none).

    A leading ``-ing`` word counts against people only: organizations are named so
    ("Working America", "Pershing Square")."""
    why = []
    tokens = name.split()
    bare = [t.strip(".,;:()\"'\u2018\u2019\u201c\u201d") for t in tokens]
    if any(t.lower() in _HEADLINE_VERBS for t in bare if t[:1].isupper()):
        why.append("headline verb")
    ing = bare and bare[0].lower().endswith("ing") and len(bare[0]) > 5
    if ing and kind == "person" and bare[0].lower() not in _ING_NAMES:
        why.append("-ing word")  # a headline's gerund before the name: "Injecting Clinton"
    if any(t.lower().rstrip("'") in _EPITHETS or t.lower() in _EPITHETS for t in bare):
        why.append("epithet")
    lower = [
        t
        for t in bare
        if t
        and t[0].islower()
        and t.lower() not in _NAME_PARTICLES
        and not re.match(r"(?:al|el|bin|d|de|da|van|von)[-'\u2019]", t)
    ]
    if lower:
        why.append("lowercase word")
    if _QUOTE_MARKS.search(name) or re.search(r"\w['\u2019]s\b", name):
        why.append("quote mark or possessive")
    for outlet in _OUTLETS:
        rest = re.sub(rf"\b{re.escape(outlet)}\b", "", name)
        if rest != name and any(
            w[:1].isupper() and w not in _OUTLET_WORDS for w in re.findall(r"[\w.]+", rest)
        ):
            why.append("outlet glued to a name")
            break
    return why


def ingest(split: str, db: Path, extractor: str) -> dict[str, Any]:
    """Extract the split into a new store at ``db``, one outlet per PolNeAR publisher."""
    settings = load_settings({"extractor": extractor})
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["compartment"] == split]
    start = time.perf_counter()
    added = failed = 0
    with open_store(db, claims=False) as store:
        rows.sort(key=lambda r: (r["publisher"], r["filename"]))
        for publisher, group in itertools.groupby(rows, key=lambda r: r["publisher"]):
            batch = list(group)
            paths = [str(POLNEAR / split / "text" / f"{r['filename']}.txt") for r in batch]
            raws = [
                msgspec.structs.replace(raw, published=r["publication_date"])
                if isinstance(raw, RawDoc)
                else raw
                for raw, r in zip(read_inputs(paths, settings=settings), batch, strict=True)
            ]
            done = store.ingest(saidwho.extract_many(raws, settings=settings), outlet=publisher)
            added, failed = added + done.added, failed + done.failed
    return {"articles": added, "failed": failed, "seconds": round(time.perf_counter() - start, 1)}


def _stem(source: str) -> str:
    return Path(source).stem


def person_scores(db: Path, split: str, people: list[Person]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per person: statements, their canonical speakers, the share under the top one."""
    with Store.open(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT ar.source, ar.text, a.source_text, a.canonical_id, s.name, a.speaker_type "
            "FROM attributions a JOIN articles ar ON ar.id = a.article_id "
            "LEFT JOIN speakers s ON s.id = a.canonical_id WHERE a.source_text IS NOT NULL"
        ).fetchall()
    statements: dict[str, list[tuple[str | None, str | None, str | None]]] = {p.name: [] for p in people}
    for source, article, text, canonical, name, kind in rows:
        person = refers_to(text, _stem(source), article, people)
        if person is not None:
            statements[person.name].append((canonical, name, kind))
    gold = _gold_counts(split, people)
    tops: dict[str, str | None] = {}
    out: list[dict[str, Any]] = []
    for person in people:
        held = statements[person.name]
        by_speaker = Counter((c, n) for c, n, _ in held)
        (top_id, top_name), top = by_speaker.most_common(1)[0] if held else ((None, None), 0)
        tops[person.name] = top_id
        out.append(
            {
                "person": person.name,
                "gold_statements": gold[person.name],
                "statements": len(held),
                "under_top": top,
                "share": round(top / len(held), 4) if held else None,
                "top_speaker": top_name,
                "top_name_right": top_name is not None
                and fold(top_name) in {fold(n) for n in [person.name, *person.accept]},
                "canonical_speakers": len(by_speaker),
                "typed_person": round(sum(k == "person" for _, _, k in held) / len(held), 4)
                if held
                else None,
                "speakers": [{"name": n, "statements": c} for (_, n), c in by_speaker.most_common()],
            }
        )
    owner = {top: name for name, top in tops.items() if top is not None}
    for row, person in zip(out, people, strict=True):
        row["under_another_person"] = sum(
            1 for c, _, _ in statements[person.name] if c in owner and owner[c] != person.name
        )
    total: int = sum(r["statements"] for r in out)
    under: int = sum(r["under_top"] for r in out)
    shares: list[float] = [r["share"] for r in out if r["share"] is not None]
    overall = {
        "people": len(people),
        "statements": total,
        "share": round(under / total, 4) if total else None,
        "mean_share": round(sum(shares) / len(shares), 4) if shares else None,
        "people_at_floor": sum(s >= FLOOR for s in shares),
        "floor": FLOOR,
        "top_names_right": sum(r["top_name_right"] for r in out),
    }
    return out, overall


def _gold_counts(split: str, people: list[Person]) -> Counter[str]:
    counts: Counter[str] = Counter({p.name: 0 for p in people})
    for stem, path in gold_files(POLNEAR / split / "attributions").items():
        text = (POLNEAR / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        for att in read_ann(path):
            if att.source:
                person = refers_to(" ".join(text[s:e] for s, e in att.source), stem, text, people)
                if person is not None:
                    counts[person.name] += 1
    return counts


def strays(db: Path) -> dict[str, Any]:
    """Canonical speakers with a name that holds stray words."""
    with Store.open(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT name, type, statement_count FROM speakers WHERE named ORDER BY statement_count DESC, name"
        ).fetchall()
    flagged = [
        {"name": n, "type": t, "statements": c, "why": w} for n, t, c in rows if (w := stray_words(n, t))
    ]
    return {
        "named_speakers": len(rows),
        "with_stray_words": len(flagged),
        "statements_under_them": sum(f["statements"] for f in flagged),
        "by_reason": dict(Counter(w for f in flagged for w in f["why"]).most_common()),
        "names": flagged,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--extractor", default="model", choices=["model", "rules"])
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temporary file)")
    parser.add_argument("--at", metavar="REV", help="measure saidwho as of this git revision")
    args = parser.parse_args()
    rerun_at(args.at)
    people = load_people(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / f"{args.split}.duckdb"
        if db.exists():
            sys.exit(f"{db}: already exists. Name a new file with --db, or remove it.")
        ingested = ingest(args.split, db, args.extractor)
        rows, overall = person_scores(db, args.split, people)
        stray = strays(db)
    name = "speaker-identity" if args.split == "dev" else f"speaker-identity-{args.split}"
    path = write(
        name,
        {
            **context(args.split),
            "saidwho": measured(),
            "extractor": args.extractor,
            "ingest": ingested,
            "overall": overall,
            "stray_words": stray,
            "people": rows,
        },
    )
    out = [f"{'person':24}{'gold':>6}{'found':>7}{'share':>8}{'speakers':>10}  top speaker"]
    for r in sorted(rows, key=lambda r: (r["share"] is None, r["share"] or 0)):
        share = f"{r['share']:.1%}" if r["share"] is not None else "-"
        out.append(
            f"{r['person']:24}{r['gold_statements']:6}{r['statements']:7}{share:>8}"
            f"{r['canonical_speakers']:10}  {r['top_speaker']}"
        )
    out.append(
        f"overall {overall['share']:.1%} of {overall['statements']} statements under each person's top "
        f"speaker; {overall['people_at_floor']}/{overall['people']} people at the {FLOOR:.0%} floor; "
        f"{stray['with_stray_words']} of {stray['named_speakers']} named canonical speakers with stray words"
    )
    sys.stdout.write("\n".join(out) + f"\nwritten to {path} (ingest {ingested['seconds']} s)\n")


if __name__ == "__main__":
    main()
