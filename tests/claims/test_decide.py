"""Speaker stance: where the speaker stands, not how an article frames them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from saidwho.claims.decide import RULES, Statement, decide, is_reference, speaker_text
from saidwho.claims.label import best_label, clean
from saidwho.claims.stance import load_model
from saidwho.pipeline import process
from saidwho.records import Article, RawDoc
from saidwho.settings import Settings

COMMANDER = "The rebel commander is hiding in the capital"
AIRCRAFT = "Iran shot down the Ukrainian airliner"


def reads(row: list[float]) -> Callable[[Sequence[tuple[str, str]]], np.ndarray]:
    """A stand-in stance model that reads every pair as ``row`` (for, against, observing,
    unrelated)."""

    def probabilities(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.tile(row, (len(pairs), 1))

    return probabilities


def one(claim: str, **kw: str | bool) -> str:
    return decide(claim, [Statement(**kw)], related=[True])[0].stance  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "claim, statement, expected",
    [
        # Class 1: an article writing "X says Y" observes; X asserts Y.
        (
            AIRCRAFT,
            dict(source="the U.S. and Canada", cue="said", content="Iran shot down the aircraft"),
            "for",
        ),
        (
            AIRCRAFT,
            dict(source="Western officials", cue="believe", content="an Iranian missile downed the jet"),
            "for",
        ),
        (
            AIRCRAFT,
            dict(
                source="Iran's foreign ministry", cue="denied", content="that its forces fired on the plane"
            ),
            "against",
        ),
        pytest.param(
            AIRCRAFT,
            dict(source="the army", cue="said", content="the plane crashed after an engine fire"),
            "against",
            marks=pytest.mark.xfail(
                strict=True, reason="the speaker model reads a competing explanation as for"
            ),
        ),
        # Cannot confirm, as a party assessing it: against; neither way: observing.
        (
            AIRCRAFT,
            dict(source="the ministry", cue="said", content="it could not confirm the reports"),
            "against",
        ),
        (
            AIRCRAFT,
            dict(source="the airline", cue="said", content="it could neither confirm nor deny the reports"),
            "observing",
        ),
        (
            AIRCRAFT,
            dict(source="the airline", cue="said", content="it is still investigating the cause"),
            "observing",
        ),
        # Class 4: the claim named by reference, the cue saying where the speaker stands.
        (AIRCRAFT, dict(source="Iran", cue="denies", content="this"), "against"),
        (AIRCRAFT, dict(source="Tehran", cue="called", content='the reports "an utter lie"'), "against"),
        # Class 3: nested, the outer speaker's cue.
        (
            COMMANDER,
            dict(
                source="Western diplomats",
                cue="doubt",
                content="claims from the army that the commander is in the city",
                chain=True,
            ),
            "against",
        ),
        (
            COMMANDER,
            dict(source="the army", cue="claims", content="that the commander is in the city"),
            "for",
        ),
    ],
)
def test_decide_reads_the_speaker(claim: str, statement: dict, expected: str) -> None:
    assert one(claim, **statement) == expected


PASSAGE = (
    "Experts Doubt Many Rebel Leaders Are Staying in the Capital\n\n"
    "There is a growing sense that by the time the army retakes the capital, few if any of the"
    " rebel leaders will be there. The consensus by a variety of current and former diplomats"
    " comes despite repeated claims this month from army officials that the rebel commander is"
    " hiding in a tunnel under the city.\n"
)


def _passage() -> list[Statement]:
    doc = RawDoc(source="passage", format="txt", text=PASSAGE, title=PASSAGE.split("\n")[0])
    (article,) = process([doc], settings=Settings())
    assert isinstance(article, Article)
    by_source = {a.source.text: a for a in article.attributions if a.source}
    found = [
        by_source["a variety of current and former diplomats"],
        by_source["army officials"],
        by_source["Experts"],
    ]
    return [
        Statement(cue=a.cue.text, content=a.content.text, source=a.source.text) for a in found if a.source
    ]


def test_the_passage_of_issue_26_is_three_statements() -> None:
    """The central passage of a typical story: the diplomats' consensus (its content the
    sentence before), the army officials' claims (source after the cue), the headline's experts."""
    diplomats, army, experts = _passage()
    assert (diplomats.cue, diplomats.content[:26]) == ("The consensus", "There is a growing sense t")
    assert (army.cue, army.content) == (
        "claims",
        "that the rebel commander is hiding in a tunnel under the city",
    )
    assert (experts.cue, experts.content) == ("Doubt", "Many Rebel Leaders Are Staying in the Capital")


def test_the_passage_of_issue_26_stances() -> None:
    """The diplomats against (their content the sentence before), the army officials for,
    the headline's experts against; each read as a board reads a statement it has not read."""
    diplomats, army, experts = _passage()
    claim = "The rebel commander is hiding in the city"
    found = [decide(claim, [s], related=[True])[0].stance for s in (diplomats, army, experts)]
    assert found == ["against", "for", "against"]


def test_a_statements_stance_does_not_depend_on_its_batch() -> None:
    diplomats, army, experts = _passage()
    claim = "The rebel commander is hiding in the city"
    together = [d.stance for d in decide(claim, [diplomats, army, experts], related=[True] * 3)]
    alone = [decide(claim, [s], related=[True])[0].stance for s in (diplomats, army, experts)]
    assert together == alone


def test_decide_reads_each_distinct_statement_once() -> None:
    asked: list[tuple[str, str]] = []

    def probabilities(pairs):
        asked.extend(pairs)
        return np.tile([0.7, 0.1, 0.1, 0.1], (len(pairs), 1))

    same = Statement(source="officials", cue="said", content="the leader is in the city")
    found = decide(
        COMMANDER, [same, same, same], probabilities=probabilities, speaker=True, related=[True] * 3
    )
    assert [d.stance for d in found] == ["for"] * 3
    assert asked == [(COMMANDER, speaker_text(same))]


def test_rules_overrule_the_model_where_the_shape_decides() -> None:
    says_for = reads([0.9, 0.05, 0.03, 0.02])
    statements = [
        Statement(source="the UN", cue="said", content="it can neither confirm nor deny the reports"),
        Statement(source="the ministry", cue="said", content="it cannot confirm these reports at this time"),
        Statement(
            source="diplomats", cue="doubt", content="claims from the army that he is there", chain=True
        ),
        Statement(source="Russia", cue="denies", content="this"),
    ]
    every = frozenset({"neither", "cannot", "nested", "reference"})
    found = decide(
        COMMANDER, statements, probabilities=says_for, speaker=True, related=[True] * 4, rules=every
    )
    assert [d.stance for d in found] == ["observing", "against", "against", "against"]
    shipped = decide(COMMANDER, statements, probabilities=says_for, speaker=True, related=[True] * 4)
    assert [d.stance for d in shipped] == ["for", "for", "against", "against"]  # RULES: nested, reference
    plain = decide(
        COMMANDER, statements, probabilities=says_for, speaker=True, rules=frozenset(), related=[True] * 4
    )
    assert [d.stance for d in plain] == ["for"] * 4
    assert frozenset({"nested", "reference", "opposite", "negative"}) == RULES


DEATH = "Teodor Valic died in Krenna prison"


@pytest.mark.parametrize(
    "claim, content, expected",
    [
        # Asserting the state the claim excludes is denying it, whatever the model reads.
        (DEATH, "Teodor Valic is alive", "against"),
        (DEATH, "he was 'alive and in good health' on Wednesday", "against"),
        ("The Fenwick river bridge is structurally unsafe", "the bridge is safe for all traffic", "against"),
        ("Racing team Velocita used an illegal fuel-flow device", "the car was fully legal", "against"),
        ("The plant will be delayed until 2026", "the plant remained on schedule", "against"),
        # Named only to be denied or relayed, or negated: the model's reading stands.
        (DEATH, "claims that he is alive are false", "for"),
        (DEATH, "he is not alive", "for"),
        (DEATH, "reports say he is alive", "for"),
        # The claim's own state, or both: no contradiction.
        (DEATH, "Valic died of heart failure", "for"),
        ("Valic is alive", "he is alive, not dead", "for"),
        # Several quotes or "that" clauses: one asserts the opposite, the claim's state is
        # only named doubted or relayed in another.
        (DEATH, '"He is alive, weak, but alive," "They announced a death they never confirmed."', "against"),
        (DEATH, 'that the reports were "fairy tales" and that Valic "is alive"', "against"),
        (DEATH, '"He is alive," "He died on Monday."', "for"),
    ],
)  # fmt: skip
def test_content_asserting_the_opposite_state_is_against(claim: str, content: str, expected: str) -> None:
    says_for = reads([0.9, 0.05, 0.03, 0.02])
    found = decide(
        claim,
        [Statement(source="the ministry", cue="said", content=content)],
        probabilities=says_for,
        speaker=True,
        related=[True],
    )
    assert found[0].stance == expected


def test_an_unrelated_statement_is_unrelated_unless_the_caller_knows_better() -> None:
    unrelated = reads([0.05, 0.05, 0.1, 0.8])
    s = Statement(source="the minister", cue="said", content="the budget for schools was approved")
    assert decide(COMMANDER, [s], probabilities=unrelated, speaker=True)[0].stance == "unrelated"
    assert (
        decide(COMMANDER, [s], probabilities=unrelated, speaker=True, related=[True])[0].stance != "unrelated"
    )


@pytest.mark.parametrize(
    "content, expected",
    [
        ("this", True),
        ("these reports", True),
        ('the rumours an "utter lie"', True),
        ("involvement", True),
        ("either of the claims", True),
        ("that the commander is hiding in a tunnel under the city", False),
    ],
)
def test_is_reference(content: str, expected: bool) -> None:
    assert is_reference(content) is expected


def test_the_shipped_model_reads_speakers() -> None:
    assert load_model().card.get("speaker_pairs", 0) > 0


@pytest.mark.parametrize(
    "contents, expected",
    [
        (
            ["that it killed the elusive leader", "the air strike killed Abu Omar, the group's leader"],
            "The air strike killed Abu Omar, the group's leader",
        ),
        (['"We cannot confirm these reports at this time."'], "We cannot confirm these reports at this time"),
    ],
)
def test_claim_labels_name_their_subject(contents: list[str], expected: str) -> None:
    """Class 7: a label is a self-contained statement: no leading pronoun or "that", no bare quote marks."""
    assert best_label(contents) == expected
    assert clean("that he is alive") == "He is alive"


MET = "Ambassador Lionel Okafor never met the arms dealer Viktor Brenn"


@pytest.mark.parametrize(
    "cue, content, expected",
    [
        # Denying what a negative claim says did not happen is for it.
        ("denied", "that any meeting had taken place", "for"),
        ("rejected", "suggestions that the two men had met in Geneva", "against"),  # a claim's noun
        ("denied", "that they had never met", "against"),  # the content is negative too
        ("would neither confirm nor deny", "that a meeting took place", "against"),
    ],
)
def test_denying_a_negative_claim_is_for_it(cue: str, content: str, expected: str) -> None:
    says_against = reads([0.05, 0.9, 0.03, 0.02])
    found = decide(
        MET,
        [Statement(source="the embassy", cue=cue, content=content)],
        probabilities=says_against,
        speaker=True,
        related=[True],
    )
    assert found[0].stance == expected
