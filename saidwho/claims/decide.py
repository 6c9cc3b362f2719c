"""Where a speaker stands on a claim, from what they say and how they say it.

:func:`decide` is the one place a statement's stance is decided; ingest and boards call it.
The conventions (``docs/claims.md``):

- ``for``: the speaker asserts the claim, or puts it forward as likely or possible;
- ``against``: the speaker denies it, asserts the opposite ("he is still alive"), or, as a
  party assessing it, says it cannot be confirmed or shows doubt;
- ``observing``: the speaker relays others' reports without judging them, says it is still
  investigating, or does not know either way ("can neither confirm nor deny it");
- ``unrelated``: the content is about something else;
- ``unknown``: nothing in the statement decides it (a statement its article joins to a
  board that the model finds unrelated and whose cue takes no side).

The shipped stance model (:mod:`saidwho.claims.stance`) was trained on speakers' statements
too: it reads one whole, ``[SPEAKER] source cue content`` (:func:`speaker_text`), against
the claim, and says where the speaker stands. Where the statement's shape decides, a rule
overrules it (:data:`RULES`: a nested statement's doubting or relaying cue; a denying cue
toward the claim named by reference, "Russia denies this"); a calibration over the model's
probabilities and the statement's shape (:func:`features`) is used where the model's card
has one. The founding statement of a claim (its content is the claim's text) is not read:
its shape decides.

With a model trained on articles' stance only (FNC-1 and Emergent, where "X says Y" is
``observing``), the content is read alone, as an assertion, and the cue, negation, hedges
and nesting decide (:func:`_decide_one`): the reading kept for such models and for the
founding statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from saidwho.records import STANCE_LABELS, STANCES, Stance

# What a decision says: a stance, or "unknown" when nothing decides it.
Decided = Stance | Literal["unknown"]
# The model's probabilities of the four stances (saidwho.records.STANCE_LABELS), per pair.
Probabilities = Callable[[Sequence[tuple[str, str]]], np.ndarray]

_W = r"[\w'\u2019-]*"
AGAINST_CUES = re.compile(
    rf"\b(den(y|ies|ied|ying|ials?)|dismiss{_W}|doubt{_W}|reject{_W}|refut{_W}|disput{_W}|debunk{_W}|"
    rf"question(s|ed|ing)?|skeptic{_W}|sceptic{_W}|contradict{_W}|rebut{_W}|discount{_W}|downplay{_W}|"
    rf"played down|cast(s|ing)? doubt|rul(ed|es|ing) out|rule out|scoff{_W}|derid{_W}|ridicul{_W}|"
    rf"mock{_W}|brush(ed|es)? (aside|off)|waved? (away|off)|retract{_W}|withdr[ae]w{_W}|"
    rf"disavow{_W}|disagree{_W}|challeng{_W}|contest{_W}|condemn{_W})\b",
    re.IGNORECASE,
)
FOR_CUES = re.compile(
    rf"\b(insist{_W}|claim(s|ed|ing)?|confirm{_W}|assert{_W}|maintain{_W}|affirm{_W}|reaffirm{_W}|"
    rf"reiterat{_W}|stood by|stand(s)? by|vouch{_W}|swear|swore|sworn|alleg(e|es|ed|ing|ations?)|"
    rf"accus{_W}|blam{_W}|admit{_W}|acknowledg{_W}|conced{_W}|concession|charg(e|es|ed)|"
    rf"verif(y|ied|ies)|corroborat{_W}|establish{_W}|conclud{_W}|conclusion|found|finds|"
    rf"determin{_W}|prov(e|ed|es|en)|show(s|ed|n)?|consensus|agree{_W})\b",
    re.IGNORECASE,
)
# A cue that passes on what others say: the outlet or person relaying it observes.
RELAY_CUES = re.compile(
    r"\b(report(s|ed|ing)?|rumou?r(s|ed)?|speculat\w*|broadcast|aired|cit(ed|ing|es)|relay\w*|"
    r"quot(ed|ing|es)|according to|word|hearsay|circulat\w*)\b",
    re.IGNORECASE,
)
# Sources that relay by trade: a media outlet's "reported" is observing.
MEDIA = re.compile(
    r"\b(media|news|agency|agencies|television|tv|radio|broadcaster|newspaper|paper|channel|"
    r"outlet|website|site|press|wire|daily|times|post|journal|tribune|gazette|herald)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(
    r"\b(not|never|n't|no|nor|neither|without|declin\w*|refus\w*)\s+(\w+\s+){0,2}$", re.IGNORECASE
)
# In the content: what the speaker says about the claim's truth.
CANNOT_CONFIRM = re.compile(
    r"\b(can ?not|can't|could ?n[o']t|unable to|not (been )?able to|no way to|have not|haven't|"
    r"has not|hasn't|did ?n[o']t|not)\s+(\w+\s+){0,2}"
    r"(confirm\w*|verif\w*|corroborat\w*|substantiat\w*|establish\w*)\b|"
    r"\b(no|little|scant|not any) (\w+ ){0,2}(evidence|proof|sign|indication|confirmation)\b|"
    r"\b(unfounded|baseless|groundless|untrue|not true|false(hood)?|fake|fabricat\w*|lies?|lying|"
    r"nonsense|ridiculous|absurd|propaganda|hoax|myth|smear|slander|fiction|fictitious|"
    r"disinformation|misinformation|invent(ed|ion)|made[- ]up|wrong|incorrect|inaccurate|"
    r"rubbish|garbage|illogical|unsubstantiated|unverified rumou?rs?|rumou?rs?|speculation)\b",
    re.IGNORECASE,
)
NEITHER = re.compile(
    r"\b(neither confirm\w* nor den\w*|confirm\w* or den\w*|(would|will|could) not (comment|speculate)|"
    r"no comment|declin\w* to (comment|speculate)|refus\w* to (comment|speculate)|"
    r"(investigat|look|examin|review|assess|study|studi|check|probe|prob)\w*( \w+)? "
    r"(into|the|whether|it|this|them|reports?|claims?)|"
    r"(un|not )(clear|known|certain|sure) (whether|if|what|who|how)|do(es)? ?n[o']t know|too (early|soon) to|"
    r"waiting for|await\w*|will not speculate|won't speculate)\b",
    re.IGNORECASE,
)
STRONG_HEDGES = re.compile(
    r"\b(unconfirmed|unverified|reportedly|allegedly|purportedly|supposedly|rumou?red|"
    r"according to (\w+ ){0,3}(reports?|media|rumou?rs?)|it (is|was) (said|reported|claimed))\b",
    re.IGNORECASE,
)
MODAL_HEDGES = re.compile(
    r"\b(may|might|could|possibly|possible|perhaps|likely|probably|believed to|appear(s|ed)? to|"
    r"seem(s|ed)? to|suspect\w*)\b",
    re.IGNORECASE,
)
# Content that names the claim by reference rather than stating it.
_HEADS = (
    r"reports?|claims?|allegations?|accusations?|rumou?rs?|speculation|suggestions?|assertions?|"
    r"charges?|account|accounts|story|stories|version|involvement|responsibility|role|blame|idea|"
    r"notion|theory|theories|denials?|statements?|findings?|conclusions?|assessment|suspicions?|"
    r"accusation|report|video|footage|images|pictures"
)
# A noun phrase that names a claim ("this", "these reports", "either of the claims", "the
# reports as 'an utter lie'", "involvement", "the allegations of a cover-up"), not a clause.
REFERENCE = re.compile(
    r"^(?:this|that|it|these|those|them|so)(?:\s+(?:as\s+)?(?:an?\s+|the\s+)?[\"'\u201c\u2018].*)?$|"
    r"^(?:(?:the|these|those|such|any|all|both|its|their|his|her|our|this|that|either\s+of\s+the|"
    r"none\s+of\s+the|each\s+of\s+the)\s+)?(?:[\w-]+\s+){0,2}?"
    rf"(?:{_HEADS})\b"
    r"(?:\s+(?:as\s+)?(?:an?\s+|the\s+)?[\"'\u201c\u2018].*|\s+(?:as|of|about|against|over|by)\s+[^,;]{0,50})?$",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|did|does|do|may|might|must|should)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    """One attribution to decide: its ``cue`` and ``content``, the ``source`` phrase, the
    words before the cue in its sentence (negation), whether its content holds another
    attribution (``chain``: it is the outer one), and whether its content names the claim
    by reference only (``reference``; found by :func:`is_reference` when ``None``)."""

    cue: str
    content: str
    source: str = ""
    before_cue: str = ""
    chain: bool = False
    reference: bool | None = None


@dataclass(frozen=True)
class Decision:
    """A statement's stance, its score (0-1), what decided it, and the model's reading of
    the content alone (``content_stance``: for, against, observing, unrelated, or ``none``
    where the model was not asked)."""

    stance: Decided
    score: float
    basis: str
    content_stance: str = "none"


# What tells the stance model that a text is one speaker's statement (a speaker's stance is
# asked), not an article or headline (whose "X says Y" is observing).
SPEAKER_MARK = "[SPEAKER]"


def speaker_text(s: Statement) -> str:
    """A statement as the stance model reads it for its speaker: the mark, then source,
    cue and content in that order ("[SPEAKER] Western diplomats doubt claims from ...")."""
    return " ".join(x for x in (SPEAKER_MARK, s.source.strip(), s.cue.strip(), s.content.strip()) if x)


def is_reference(content: str) -> bool:
    """Whether ``content`` names a claim by reference ("these reports", "the rumours an
    'utter lie'", "involvement", "either of the claims") rather than stating it."""
    text = content.strip().strip(".,;:").strip()
    n = len(re.findall(r"\w+", text))
    if n == 0 or n > 12:
        return False
    unquoted = re.sub(r"[\"\u201c].*?[\"\u201d]", "", text)
    return REFERENCE.match(text) is not None and _VERB.search(unquoted) is None


def cue_class(cue: str) -> str | None:
    """What a cue says on its own: ``against``, ``for``, ``relay``, or ``None``."""
    if AGAINST_CUES.search(cue):
        return "against"
    if FOR_CUES.search(cue):
        return "for"
    if RELAY_CUES.search(cue):
        return "relay"
    return None


def _content_says(content: str) -> tuple[str, str] | None:
    """What the content's own words say about the claim's truth, if they say it."""
    if m := NEITHER.search(content):
        return "observing", m.group(0)
    if m := CANNOT_CONFIRM.search(content):
        return "against", m.group(0)
    return None


# The rules that may overrule the speaker model's reading, of those :func:`_overrule` knows
# ("neither", "cannot", "nested", "reference", "opposite", "negative", "negation", "hedge"):
# the others cost a pair or two on the gold's dev part (bench/speaker_stance.py,
# no_<rule>); a denying cue toward the claim named by reference, a doubting or relaying cue
# of a nested statement, content asserting the opposite state ("he is alive" to "he died"),
# and a denial of what a negative claim says did not happen decide.
RULES = frozenset({"nested", "reference", "opposite", "negative"})

# States that exclude each other, as news asserts them: a claim saying one and a statement
# saying the other (and not denying it: "claims that he died are false") disagree. The
# model, trained on a few thousand pairs, reads "Valic is alive" as for "Valic died".
_OPPOSITES = tuple(
    (re.compile(rf"\b({a})\b", re.IGNORECASE), re.compile(rf"\b({b})\b", re.IGNORECASE))
    for a, b in (
        (r"alive|living|survived?|survives", r"dead|died|dies|killed|death|perished|deceased"),
        (r"guilty|culpable", r"innocent|acquitted|cleared|exonerated"),
        (r"won|wins|victory", r"lost|loses|defeat(ed)?"),
        (r"open(s|ed)?", r"clos(e|es|ed)|shut"),
        (r"legal|lawful", r"illegal|unlawful"),
        (r"safe", r"unsafe|dangerous|hazardous"),
        (r"stay\w*|remain\w*", r"le(ave|aves|ft|aving)|withdr[ae]w\w*|fled|flee\w*"),
        (r"present", r"absent"),
        (r"on schedule|on time", r"delay\w*|late|behind schedule"),
    )
)
# Content that names the opposite only to deny it, or relays it.
_DENIES_OR_RELAYS = re.compile(
    r"\b(not|no|never|n't|nor|neither|without|false|untrue|lies?|wrong|fake|baseless|unfounded|"
    r"rumou?rs?|claims?|reports?|assurances?)\b",
    re.IGNORECASE,
)


_NOT = re.compile(r"\b(not|never|no|n't|without|nobody|none|nothing)\b", re.IGNORECASE)
# Content that is itself a claim, a denial or an inquiry ("the council's denials", "the
# mayor's insistence that ..."): denying it is not denying the event.
_ABOUT_CLAIMS = re.compile(rf"\b({_HEADS}|denials?|insistence|investigation|inquiry)\b", re.IGNORECASE)


def denies_a_negative(claim: str, s: Statement) -> bool:
    """Whether ``s`` denies what a negative claim says did not happen: "denied that any
    meeting had taken place" to "the ambassador never met the dealer" is for."""
    return (
        cue_class(s.cue) == "against"
        and _NOT.search(claim) is not None
        and _NOT.search(s.content) is None
        and NEGATED.search(s.before_cue + " ") is None
        and _ABOUT_CLAIMS.search(s.content) is None
        and NEITHER.search(f"{s.cue} {s.content}") is None
        and not is_reference(s.content)
    )


# A statement about what is known of an event rather than about the event: whether it can be
# confirmed, the inquiry into it, declining to speculate or comment, the accusations and
# denials themselves ("it is still investigating", "she could not confirm either of the
# claims", "the admission confirmed what we said"). Told in an article about the claim, it
# bears on the claim though it shares no word with it.
ABOUT_THE_QUESTION = re.compile(
    r"\b(confirm\w*|verif\w*|corroborat\w*|substantiat\w*|speculat\w*|investigat\w*|inquir(y|ies)|"
    r"inquest|probes?|(no|not|declined to|refused to|decline to|refuse to) comment|comment until|"
    r"the facts|gathering information|monitoring the situation|admission|accusations?|"
    r"allegations?|denials?)\b",
    re.IGNORECASE,
)


def bears_on(claim: str, cue: str, content: str) -> bool:
    """Whether a statement of an article about ``claim`` bears on it though its words are
    far from the claim's: it names the claim by reference ("these reports"), asserts a state
    the claim excludes ("I am alive" to "he died"), or speaks of what is known of the event
    (:data:`ABOUT_THE_QUESTION`, in its cue or content: "could not independently verify
    either side's account")."""
    return (
        is_reference(content)
        or opposite_state(claim, content) is not None
        or ABOUT_THE_QUESTION.search(f"{cue} {content}") is not None
    )


def unrelated_to(claim: str, statements: Sequence[Statement], probabilities: Probabilities) -> np.ndarray:
    """Each statement's probability of being about something other than ``claim``, read
    whole as for its speaker (:func:`speaker_text`) by ``probabilities``: the relatedness
    model's (saidwho.claims.stance.load_relatedness), whose ``unrelated`` was trained on
    statements of a claim's articles about something else."""
    if not statements:
        return np.zeros(0)
    return np.asarray([p[3] for p in _read(probabilities, [(claim, speaker_text(s)) for s in statements])])


# The sentences, quotes and coordinated "that" clauses of a content ('"He is alive," ...
# "The party announced a death it had not confirmed."'; 'that the reports were "fairy tales"
# and that Valic "is alive"').
_PIECES = re.compile(
    r"(?<=[.!?,][\"\u201d\u2019])\s+|(?<=[.!?])\s+(?=[\"\u201c\u2018A-Z])|,?\s+and\s+(?=that\b)"
)


def opposite_state(claim: str, content: str) -> str | None:
    """The word by which ``content`` asserts a state the claim excludes ("alive" to "died
    in Krenna prison"), if it does: plainly in one of its sentences or quotes (no negation,
    no relayed report), and the claim's own state in none but negated or relayed ones ("a
    death it had not confirmed")."""
    pieces = [p for p in _PIECES.split(content) if p.strip()]
    plain = [p for p in pieces if not _DENIES_OR_RELAYS.search(p)]
    for a, b in _OPPOSITES:
        for said, other in ((a, b), (b, a)):
            if not said.search(claim) or other.search(claim) or any(said.search(p) for p in plain):
                continue
            for piece in plain:
                if found := other.search(piece):
                    return found.group(0)
    return None


FEATURES = (
    "log_p_for", "log_p_against", "log_p_observing", "log_p_unrelated",
    "cue_against", "cue_for", "cue_relay", "cue_none", "neither", "cannot", "nested",
    "reference", "hedge_strong", "hedge_modal", "negated_cue", "content_denies",
)  # fmt: skip


def features(s: Statement, p: np.ndarray) -> list[float]:
    """What the calibration reads of a statement: the speaker model's four log
    probabilities and the statement's shape (:data:`FEATURES`, in order)."""
    cue = cue_class(s.cue)
    both = f"{s.cue} {s.content}"
    flags = (
        cue == "against",
        cue == "for",
        cue == "relay",
        cue is None,
        NEITHER.search(both) is not None,
        _CANNOT.search(both) is not None,
        s.chain,
        is_reference(s.content),
        STRONG_HEDGES.search(s.content) is not None,
        MODAL_HEDGES.search(s.content) is not None,
        NEGATED.search(s.before_cue + " ") is not None,
        CANNOT_CONFIRM.search(s.content) is not None,
    )
    return [*(float(x) for x in np.log(np.asarray(p, dtype=np.float64) + 1e-6)), *(float(f) for f in flags)]


@dataclass(frozen=True)
class Calibration:
    """A multinomial logistic regression over :func:`features` to for / against /
    observing, fitted on the gold's train part (the stance model's card, ``speaker_calibration``)."""

    coef: np.ndarray  # (3, len(FEATURES))
    intercept: np.ndarray  # (3,)

    @classmethod
    def from_card(cls, card: dict[str, object]) -> Calibration | None:
        found = card.get("speaker_calibration")
        if not isinstance(found, dict) or list(found.get("features", [])) != list(FEATURES):
            return None
        return cls(
            np.asarray(found["coef"], dtype=np.float64), np.asarray(found["intercept"], dtype=np.float64)
        )

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        z = np.asarray(rows, dtype=np.float64) @ self.coef.T + self.intercept
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def speaker_model(card: dict[str, object]) -> bool:
    """Whether a stance model was trained on speakers' statements too (its card says how many)."""
    return bool(card.get("speaker_pairs"))


def decide(
    claim: str | Sequence[str],
    statements: Sequence[Statement],
    *,
    probabilities: Probabilities | None = None,
    related: Sequence[bool] | None = None,
    rules: frozenset[str] | None = None,
    speaker: bool | None = None,
    founders: Sequence[bool] | None = None,
    calibration: Calibration | None = None,
) -> list[Decision]:
    """Each statement's stance toward ``claim`` (one text for all, or one per statement:
    ingest reads each statement against its own claim in one batch). ``related`` says, per
    statement, that the caller already knows it is about the claim (a claim's own
    statement, one a board joined by its article): it is then never ``unrelated``.

    With the shipped model (trained on speakers' statements: ``speaker``), the model reads
    each statement whole (:func:`speaker_text`) and ``rules`` (:data:`RULES` by default)
    may overrule it where the statement's shape decides; with an article-stance model
    (``probabilities`` given, or an older model), the content is read alone and the cue,
    negation, hedges and nesting decide (:func:`_decide_one`). Each distinct pair of
    claim and text is read once. A statement that ``founders`` marks states its claim
    (the claim's text is its content): it is not read, only its shape decides."""
    claims = [claim] * len(statements) if isinstance(claim, str) else list(claim)
    if len(claims) != len(statements):
        raise ValueError(f"{len(claims)} claims for {len(statements)} statements")
    known = list(related) if related is not None else [False] * len(statements)
    if probabilities is None:
        from saidwho.claims.stance import load_model

        model = load_model()
        if speaker is None:
            speaker = speaker_model(model.card)
        if calibration is None:
            calibration = Calibration.from_card(model.card)

        def probabilities(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
            return model.probabilities(pairs, gate=not speaker)

    if speaker:
        founded = list(founders) if founders is not None else [False] * len(statements)
        ask = [i for i, f in enumerate(founded) if not f]
        read = _decide_speaker(
            [claims[i] for i in ask],
            [statements[i] for i in ask],
            probabilities,
            [known[i] for i in ask],
            RULES if rules is None else rules,
            calibration,
        )
        by_index = dict(zip(ask, read, strict=True))
        return [
            by_index[i] if i in by_index else _decide_one(s, None, reference=False, known=True)
            for i, s in enumerate(statements)
        ]
    refs = [s.reference if s.reference is not None else is_reference(s.content) for s in statements]
    ask = [i for i, s in enumerate(statements) if not refs[i] and s.content.strip() != claims[i].strip()]
    probs = _read(probabilities, [(claims[i], statements[i].content) for i in ask])
    probs_of = dict(zip(ask, probs, strict=True))
    return [
        _decide_one(s, probs_of.get(i), reference=refs[i], known=known[i]) for i, s in enumerate(statements)
    ]


def _read(probabilities: Probabilities, pairs: Sequence[tuple[str, str]]) -> list[np.ndarray]:
    """The model's probabilities per pair, each distinct pair read once (a store repeats
    wire copy word for word)."""
    distinct = list(dict.fromkeys(pairs))
    found = probabilities(distinct) if distinct else np.zeros((0, 4))
    by_pair = dict(zip(distinct, found, strict=True))
    return [by_pair[p] for p in pairs]


def _decide_speaker(
    claims: Sequence[str],
    statements: Sequence[Statement],
    probabilities: Probabilities,
    known: Sequence[bool],
    rules: frozenset[str],
    calibration: Calibration | None = None,
) -> list[Decision]:
    probs = _read(probabilities, [(c, speaker_text(s)) for c, s in zip(claims, statements, strict=True)])
    calibrated = (
        calibration.probabilities([features(s, p) for s, p in zip(statements, probs, strict=True)])
        if calibration is not None and statements
        else None
    )
    out = []
    for n, (s, p, sure, claim) in enumerate(zip(statements, probs, known, claims, strict=True)):
        read = STANCE_LABELS[int(np.argmax(p))]
        if read == "unrelated" and not sure:
            out.append(Decision("unrelated", round(float(p[3]), 4), "speaker model", read))
            continue
        q, basis = (
            (calibrated[n], "speaker model, calibrated")
            if calibrated is not None
            else (p[:3], "speaker model")
        )
        k = int(np.argmax(q))
        score = float(q[k]) / (float(np.sum(q)) or 1.0)
        stance: Decided = STANCES[k]
        out.append(_overrule(s, Decision(stance, round(score, 4), basis, read), rules, claim))
    return out


_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nowhere|neither|nor|few if any|no longer|n't|without|"
    r"nothing|unlikely|doubtful|false|untrue)\b",
    re.IGNORECASE,
)


def _overrule(s: Statement, d: Decision, rules: frozenset[str], claim: str = "") -> Decision:
    """Where the statement's shape decides, it overrules the model's reading."""
    cue = s.cue.lower().strip()
    both = f"{s.cue} {s.content}"
    by_cue = cue_class(s.cue)
    if "neither" in rules and (m := NEITHER.search(both)):
        return Decision("observing", max(d.score, 0.75), f"content:{m.group(0).lower()}", d.content_stance)
    if "cannot" in rules and (m := _CANNOT.search(both)) and by_cue != "relay":
        return Decision("against", max(d.score, 0.75), f"content:{m.group(0).lower()}", d.content_stance)
    if "nested" in rules and s.chain:
        if by_cue == "against":
            return Decision("against", d.score, f"nested, cue:{cue}", d.content_stance)
        if by_cue == "relay":
            return Decision("observing", d.score, f"nested, cue:{cue}", d.content_stance)
    if "reference" in rules and by_cue == "against" and is_reference(s.content):
        return Decision("against", d.score, f"reference, cue:{cue}", d.content_stance)
    if (
        "opposite" in rules
        and d.stance == "for"
        and by_cue != "against"
        and (w := opposite_state(claim, s.content))
    ):
        return Decision("against", d.score, f"content:{w.lower()}", d.content_stance)
    if "negative" in rules and d.stance != "for" and denies_a_negative(claim, s):
        return Decision("for", d.score, f"denies a negative, cue:{cue}", d.content_stance)
    if (
        "negation" in rules
        and d.stance == "for"
        and by_cue != "against"
        and (m := _NEGATION.search(s.content))
        and not _NEGATION.search(claim)
    ):
        # The content says no where the claim says yes ("few if any of the leaders will be
        # there" to "the commander is hiding in the city").
        return Decision("against", d.score, f"content:{m.group(0).lower()}", d.content_stance)
    if "hedge" in rules and d.stance == "for" and (m := STRONG_HEDGES.search(s.content)):
        return Decision("observing", d.score, f"hedge:{m.group(0).lower()}", d.content_stance)
    return d


# "could not confirm", "cannot verify", "no evidence": a party assessing the claim doubts it.
_CANNOT = re.compile(
    r"\b(can ?not|can't|could ?n[o']t|unable to|not (been )?able to)\s+(\w+\s+){0,2}"
    r"(confirm\w*|verif\w*|corroborat\w*|substantiat\w*)\b|"
    r"\b(no|little|scant) (\w+ ){0,2}(evidence|proof|indication|confirmation)\b",
    re.IGNORECASE,
)


def _decide_one(s: Statement, p: np.ndarray | None, *, reference: bool, known: bool) -> Decision:
    # 1. what the content states: the claim ("for"), its opposite ("against"), or neither.
    if p is None:
        states, score, read = "for", 1.0, "reference" if reference else "same"
    else:
        read = STANCE_LABELS[int(np.argmax(p))]
        if p[3] >= 0.5 and not known:
            return Decision("unrelated", round(float(p[3]), 4), "content", read)
        related = float(p[0] + p[1] + p[2]) or 1.0
        against = float(p[1]) / related
        states, score = ("against", against) if against >= 0.5 else ("for", 1.0 - against)
        if p[3] >= 0.5 and known:
            # Joined by its article, though the model finds no relation: weak evidence.
            states, score = "unknown", 0.5
    basis = "reference" if reference else "content"
    said = _content_says(s.content)
    if said is not None:
        states, score, basis = said[0], max(score, 0.75), f"content:{said[1].lower()}"
    elif states == "for" and (m := STRONG_HEDGES.search(s.content)):
        states, basis = "observing", f"hedge:{m.group(0).lower()}"
    elif states == "for" and (m := MODAL_HEDGES.search(s.content)):
        score, basis = score / 2, f"hedge:{m.group(0).lower()}"
    # 2. how it was said.
    cue = s.cue.lower()
    by_cue = cue_class(s.cue)
    negated = bool(NEGATED.search(s.before_cue + " ")) or bool(re.match(r"^\W*(not|never|no|n't)\b", cue))
    confirming = re.search(r"\bconfirm|verif|corroborat", cue)
    if negated and by_cue in ("for", "against") and not confirming:
        return Decision("observing", round(score, 4), f"negated cue:{cue}", read)
    if negated and re.search(r"\bconfirm|verif|corroborat", cue):
        # "could not confirm": as a party assessing it, against; "would not confirm or deny": observing.
        if re.search(r"\bor den|nor den", cue + " " + s.content[:30]):
            return Decision("observing", round(score, 4), f"negated cue:{cue}", read)
        return Decision("against", round(max(score, 0.75), 4), f"negated cue:{cue}", read)
    if s.chain:
        if by_cue == "against":
            return Decision("against", round(score, 4), f"nested, cue:{cue}", read)
        if by_cue == "for" and not RELAY_CUES.search(s.cue):
            return Decision("for", round(score, 4), f"nested, cue:{cue}", read)
        return Decision("observing", round(score, 4), "nested", read)
    if states == "unknown":
        if by_cue == "against":
            return Decision("against", 0.5, f"cue:{cue}", read)
        if by_cue == "for":
            return Decision("for", 0.5, f"cue:{cue}", read)
        return Decision("unknown", 0.0, "undecided", read)
    if by_cue == "against":
        # "denied that he is in Mosul", "dismissed the reports": against. A denial restating
        # a denial ("rejected the idea, saying there is no evidence") stays against.
        return Decision("against", round(score, 4), f"cue:{cue}", read)
    if by_cue == "relay" and (not s.source or MEDIA.search(s.source) or re.search(r"rumou?r|speculat", cue)):
        return Decision("observing", round(score, 4), f"cue:{cue}", read)
    if by_cue == "for" and basis.startswith("hedge:") and states == "observing":
        return Decision("for", round(score / 2, 4), f"cue:{cue}", read)
    return Decision(states, round(score, 4), basis, read)  # type: ignore[arg-type]
