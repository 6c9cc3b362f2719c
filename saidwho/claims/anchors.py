"""Event anchors: what keeps two events told in the same words apart.

"A missile downed the plane" says the same of two aircraft brought down years apart; what
tells them apart is named in the claim and in the articles: names, places, flight or case
numbers, years. A claim's anchors are its capitalised words and numbers (never
function words); an article agrees with the claim when it holds (capitalised, or as
numbers) at least half of their weight, names and numbers weighing twice what common
words do ("Flight" is in both stories; "Orvane" and "417" in one), and at least one name
or number where the claim has any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.-]*\d|\d")
_FUNCTION = frozenset(
    {
        "a", "an", "the", "in", "on", "at", "of", "to", "for", "by", "with", "from", "and", "or",
        "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this",
        "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their",
        "our", "my", "as", "after", "before", "over", "under", "into", "about", "not", "no", "new",
        "says", "said",
    }
)  # fmt: skip
AGREE = 0.5


def _norm(word: str) -> str:
    return re.sub(r"['\u2019]s$", "", word.lower()).strip(".,-")


def anchors(text: str) -> frozenset[str]:
    """The claim's anchors: capitalised words (but function words) and numbers, lower case."""
    found = set()
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        w = _norm(word)
        if not w or w in _FUNCTION:
            continue
        if word[0].isdigit() or word[0].isupper():
            found.add(w)
    return frozenset(found)


def words(text: str) -> frozenset[str]:
    """An article's anchors as claims' are compared: its capitalised words and numbers
    (lower case, no possessive), function words too ("air" in "air defences" is no
    "Orvane Air")."""
    return frozenset(_norm(m.group(0)) for m in _TOKEN.finditer(text) if not m.group(0)[0].islower())


@cache
def _vocabulary() -> frozenset[str]:
    """The whole words of the shipped encoders' word-piece vocabulary: common English."""
    from tokenizers import Tokenizer

    from saidwho.claims.stance import MODEL_DIR

    vocab = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json")).get_vocab()
    return frozenset(w for w in vocab if w.isalpha())


def strong(anchor: str) -> bool:
    """A number, or a name no common word spells ("orvane", "417"; not "air", "flight")."""
    return anchor[0].isdigit() or anchor not in _vocabulary()


def agrees(claim_anchors: frozenset[str], article_words: Iterable[str]) -> bool:
    """Whether an article names the claim's event: the claim's anchors it holds weigh at
    least :data:`AGREE` of them all (a common word half as much as a name or a number), and
    where the claim has names or numbers, it holds one. A claim without anchors agrees
    with every article."""
    if not claim_anchors:
        return True
    held = claim_anchors & set(article_words)
    weight = {a: 1.0 if strong(a) else 0.5 for a in claim_anchors}
    if sum(weight[a] for a in held) < AGREE * sum(weight.values()):
        return False
    return any(weight[a] == 1.0 for a in held) or not any(w == 1.0 for w in weight.values())
