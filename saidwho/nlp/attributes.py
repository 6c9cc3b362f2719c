"""en_core_web_sm's attribute ruler, compiled: the same rules, applied by array lookups.

The model's ``attribute_ruler`` sets part of speech, morphology, some lemmas (and, for
whitespace, the tag) from 179 token patterns. spaCy runs them through its Matcher, token by
token and pattern by pattern: 7% of saidwho's CPU on news text, as much as the dependency
parser. Every one of those patterns tests a few token attributes (the tag, the lower-cased
text, the dependency label, whether it is whitespace) for equality, membership or a regular
expression, one or two tokens long. So a one-token rule's outcome is a function of those
four values, worked out once per distinct combination; the two-token rules are numpy
comparisons over the Doc's arrays; and each attribute is written back in one
``Doc.from_array``.

The result is the ruler's own, to the bit: matches are taken on the Doc as the parser left
it, then applied in the ruler's order, a later pattern overriding an earlier one (what
spaCy's ``AttributeRuler.set_annotations`` does). A ruler with a pattern outside that
vocabulary is not compiled (:class:`Uncompiled`), and the caller keeps spaCy's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG  # type: ignore[import-not-found]
from spacy.parts_of_speech import IDS as POS_IDS  # type: ignore[import-not-found]
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# What a token pattern may test, and the Doc array that holds it.
_READ = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
# What a rule may set: these, with DEP set token by token (whitespace only, so rare).
_WRITE = ("POS", "MORPH", "LEMMA", "TAG", "DEP")

# Combinations remembered at most (about 30 MB), so a crawl's vocabulary cannot grow it
# without end; news text repeats, so the first thousand articles fill well under this.
_KNOWN = 200_000


class Uncompiled(ValueError):
    """The ruler has a pattern or an attribute this module does not compile."""


@dataclass(frozen=True)
class _Test:
    """One attribute's condition: equal to one of ``values`` (or, ``negate``, to none), or
    matching ``regex`` (its strings are looked up per Doc)."""

    attr: str
    values: tuple[int, ...] = ()
    negate: bool = False
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Rule:
    """One pattern of a ruler entry: its tokens' tests, the token it sets, what it sets."""

    order: int  # the entry's place in the ruler: later entries win
    tokens: tuple[tuple[_Test, ...], ...]
    index: int
    attrs: tuple[tuple[str, int | str], ...]


def _test(vocab: Any, attr: str, spec: Any) -> _Test:
    if attr not in _READ:
        raise Uncompiled(f"a pattern tests {attr}")
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Uncompiled(f"IS_SPACE tested with {spec!r}")
        return _Test(attr, (int(spec),))
    if isinstance(spec, str):
        return _Test(attr, (vocab.strings.add(spec),))
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            return _Test(attr, tuple(vocab.strings.add(v) for v in arg), negate=op == "NOT_IN")
        if op == "REGEX" and isinstance(arg, str):
            return _Test(attr, regex=re.compile(arg))
    raise Uncompiled(f"{attr} tested with {spec!r}")


def _value(vocab: Any, attr: str, value: Any) -> int | str:
    """What ``Doc.from_array`` writes for ``attr`` = ``value`` (what spaCy's setter stores)."""
    if not isinstance(value, str):
        raise Uncompiled(f"{attr} set to {value!r}")
    if attr == "POS":
        return int(POS_IDS[value.upper()])
    if attr == "MORPH":
        return int(vocab.morphology.add(value))  # Token.set_morph's key ("_" is the empty one)
    if attr == "DEP":
        return value  # set token by token
    return int(vocab.strings.add(value))


def compile_rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's patterns as rules, in its order; :class:`Uncompiled` if one is outside
    what this module compiles."""
    rules = []
    vocab = ruler.vocab
    for order, found in enumerate(ruler.patterns):
        entry: dict[str, Any] = dict(found)
        attrs = entry["attrs"]
        if not set(attrs) <= set(_WRITE):
            raise Uncompiled(f"a rule sets {sorted(set(attrs) - set(_WRITE))}")
        values = tuple((attr, _value(vocab, attr, attrs[attr])) for attr in _WRITE if attr in attrs)
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not pattern:
                raise Uncompiled(f"pattern {pattern!r}")
            tokens = tuple(
                tuple(_test(vocab, attr, spec) for attr, spec in token.items()) for token in pattern
            )
            rules.append(_Rule(order, tokens, entry.get("index", 0) % len(pattern), values))
    return rules


class CompiledAttributeRuler:
    """A spaCy pipeline component doing what ``ruler`` does, by array lookups.

    A one-token rule depends only on its token's tag, lower-cased text, dependency label and
    whitespace flag, so what the one-token rules set is worked out once per distinct
    combination (news repeats its words: after a few articles nearly every combination is
    known) and spread over the Doc by its inverse index; the few longer rules are matched
    on the Doc's arrays. Then, per token and attribute, the latest matching rule wins.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        rules = compile_rules(ruler)
        self.strings = ruler.vocab.strings
        self.single = [r for r in rules if len(r.tokens) == 1]
        # Each one-token rule filed under the words or tags it needs (one of them), so a new
        # combination is tried only against rules that could match it.
        self.by_value: dict[tuple[str, int], list[int]] = {}
        self.unfiled: list[int] = []
        for i, rule in enumerate(self.single):
            need = [t for t in rule.tokens[0] if t.attr in ("LOWER", "TAG") and t.values and not t.negate]
            if need:
                best = min(need, key=lambda t: (t.attr != "LOWER", len(t.values)))
                for v in best.values:
                    self.by_value.setdefault((best.attr, v), []).append(i)
            else:
                self.unfiled.append(i)
        self.multi = [r for r in rules if len(r.tokens) > 1]
        self.written = [a for a in _WRITE if any(a == attr for r in rules for attr, _ in r.attrs)]
        self.known: dict[tuple[int, ...], tuple[tuple[int, int | str], ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        read = doc.to_array([_READ[a] for a in _READ])  # (n, 4): TAG, LOWER, DEP, IS_SPACE
        combos, inverse = np.unique(read, axis=0, return_inverse=True)
        outcomes = [self._outcome(tuple(row)) for row in combos.tolist()]
        # Per token and attribute: the order of the rule that set it (-1: none) and its value.
        order: dict[str, npt.NDArray[np.int64]] = {}
        set_value: dict[str, npt.NDArray[np.object_]] = {}
        for k, attr in enumerate(self.written):
            per_combo = [o[k] for o in outcomes]
            order[attr] = np.array([o for o, _ in per_combo], dtype=np.int64)[inverse.ravel()]
            set_value[attr] = np.array([v for _, v in per_combo], dtype=object)[inverse.ravel()]
        if self.multi:
            columns = dict(zip(_READ, read.T, strict=True))
            for rule in self.multi:
                for hit in (self._starts(rule, columns, n) + rule.index).tolist():
                    for attr, v in rule.attrs:
                        if rule.order > order[attr][hit]:
                            order[attr][hit], set_value[attr][hit] = rule.order, v
        for attr in self.written:
            hits = np.flatnonzero(order[attr] >= 0)
            if not len(hits):
                continue
            if attr == "DEP":
                for i in hits.tolist():
                    doc[i].dep_ = str(set_value[attr][i])
                continue
            spacy_attr = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG}[attr]
            current = doc.to_array(spacy_attr).astype(np.uint64)
            current[hits] = set_value[attr][hits].astype(np.uint64)
            doc.from_array([spacy_attr], cast(Any, current))  # spaCy's stub wants Ints2d
        return doc

    def _outcome(self, combo: tuple[int, ...]) -> tuple[tuple[int, int | str], ...]:
        """For a token of this (tag, lower, dep, is_space): per written attribute, the
        order of the last one-token rule that sets it (-1: none) and its value."""
        found = self.known.get(combo)
        if found is None:
            token = dict(zip(_READ, combo, strict=True))
            latest: dict[str, tuple[int, int | str]] = {}
            filed = self.by_value.get(("LOWER", combo[1]), []) + self.by_value.get(("TAG", combo[0]), [])
            for i in sorted(filed + self.unfiled):
                rule = self.single[i]
                if all(self._passes(test, token[test.attr]) for test in rule.tokens[0]):
                    latest.update({attr: (rule.order, v) for attr, v in rule.attrs})
            found = tuple(latest.get(a, (-1, 0)) for a in self.written)
            if len(self.known) >= _KNOWN:
                self.known.clear()
            self.known[combo] = found
        return found

    def _passes(self, test: _Test, value: int) -> bool:
        if test.regex is not None:
            return bool(test.regex.search(self.strings[value]))
        return (value in test.values) != test.negate

    def _starts(self, rule: _Rule, columns: dict[str, Any], n: int) -> npt.NDArray[np.intp]:
        """Where a rule of several tokens starts matching, by numpy over the Doc's columns."""
        span = len(rule.tokens)
        if n < span:
            return np.zeros(0, dtype=np.intp)
        keep = np.ones(n - span + 1, dtype=bool)
        for offset, tests in enumerate(rule.tokens):
            for test in tests:
                column = columns[test.attr][offset : offset + len(keep)]
                if test.regex is not None:
                    unique = np.unique(column).tolist()
                    inside = np.isin(column, [h for h in unique if test.regex.search(self.strings[h])])
                else:
                    inside = np.isin(column, test.values)
                keep &= inside != test.negate
        return np.flatnonzero(keep)
