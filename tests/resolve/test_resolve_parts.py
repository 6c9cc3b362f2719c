"""The pieces of resolution on single sentences: anonymity, recipients, names, lexicon."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwho.records import Span
from saidwho.resolve.anonymity import anonymity
from saidwho.resolve.lexicon import load_lexicon, parse_sections
from saidwho.resolve.names import cluster_names, name_mentions, same_person
from saidwho.resolve.recipient import recipient


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "An official, speaking on condition of anonymity because he was not authorized "
            "to discuss the matter, said the strike killed 12.",
            (True, "because he was not authorized to discuss the matter"),
        ),
        (
            "The aide spoke on the condition of anonymity to discuss private deliberations.",
            (True, "to discuss private deliberations"),
        ),
        ("A spokesman, who declined to be identified, said talks would resume.", (True, None)),
        ("A lawyer who asked not to be named said the case was weak.", (True, None)),
        (
            "Two officials requested anonymity because they feared reprisals.",
            (True, "because they feared reprisals"),
        ),
        (
            "A source who was not authorized to speak publicly said the envoy quit.",
            (True, "who was not authorized to speak publicly"),
        ),
        ("Aki Peritz said the group was weak.", (False, None)),
    ],
)
def test_resolve_anonymity_cue_and_reason(
    nlp: Language, text: str, expected: tuple[bool, str | None]
) -> None:
    [sent] = nlp(text).sents
    assert anonymity(sent) == expected


@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("A U.S. official told VOA the group was weak.", "told", "VOA"),
        ("Carter told reporters at the Pentagon that troops would go.", "told", "reporters"),
        ("The spokesman said to reporters that the base was secure.", "said", "reporters"),
        ("She told The Associated Press that she would run.", "told", "Associated Press"),
        ("Clinton said in an interview with CNN that she backed the strikes.", "said", "CNN"),
        ("The senator wrote to the president that the plan was flawed.", "wrote", "president"),
        ("He told me the war was lost.", "told", "me"),
        ("Peritz said the group was weak.", "said", None),
        ("According to the report, turnout fell.", "According to", None),
    ],
)
def test_resolve_recipient(nlp: Language, text: str, cue: str, expected: str | None) -> None:
    start = text.index(cue)
    assert recipient(nlp(text), Span(start=start, end=start + len(cue), text=cue)) == expected


@pytest.mark.parametrize(
    "short, full, expected",
    [
        (("obama",), ("barack", "obama"), True),
        (("barack", "obama"), ("barack", "obama"), True),
        (("b", "obama"), ("barack", "obama"), True),
        (("bill", "clinton"), ("hillary", "clinton"), False),
        (("clinton",), ("hillary", "rodham", "clinton"), True),
        (("hillary", "clinton"), ("hillary", "rodham", "clinton"), True),
        (("peritz",), ("aki",), False),
        (("barack", "obama"), ("obama",), False),
    ],
)
def test_resolve_same_person(short: tuple[str, ...], full: tuple[str, ...], expected: bool) -> None:
    assert same_person(short, full) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "President Barack Obama spoke. Obama left. Mr. Obama returned.",
            [["Barack Obama", "Obama", "Obama"]],
        ),
        (
            "Hillary Clinton spoke. Bill Clinton spoke. Clinton left.",
            [["Hillary Clinton"], ["Bill Clinton", "Clinton"]],
        ),
        ("Sen. John McCain met Sen. Lindsey Graham.", [["John McCain"], ["Lindsey Graham"]]),
    ],
)
def test_resolve_name_clusters(nlp: Language, text: str, expected: list[list[str]]) -> None:
    clusters, _ = cluster_names(name_mentions(nlp(text), load_lexicon()))
    assert [[m.text for m in c.mentions] for c in clusters] == expected


def test_resolve_lexicon_sections() -> None:
    text = "# comment\n[a]\nOne # trailing\n\n[b]\ntwo words\n"
    assert parse_sections(text) == {"a": ["One"], "b": ["two words"]}
    lexicon = load_lexicon()
    assert lexicon.honorifics["mrs."] == "f"
    assert "official" in lexicon.anonymous_nouns
    assert "expert" not in lexicon.anonymous_nouns


def test_resolve_name_clusters_compare_only_names_that_share_a_word(monkeypatch) -> None:
    # A long text naming many people: each name is compared with the clusters sharing its
    # last (or, alone, its first) word, not with every cluster (quadratic on a 1 MB text).
    import saidwho.resolve.names as names

    calls = []
    real = names.same_person
    monkeypatch.setattr(names, "same_person", lambda a, b: calls.append(1) or real(a, b))

    def mention(k: int, parts: tuple[str, ...]) -> names.NameMention:
        return names.NameMention(start=k, end=k + 1, text=" ".join(parts), first=k, head=k, parts=parts)

    people = [("ann", f"surname{k}") for k in range(300)]
    found = [mention(k, p) for k, p in enumerate(people)]
    found += [mention(300 + k, p[1:]) for k, p in enumerate(people)]  # "Surname7" again
    clusters, owner = cluster_names(found)
    assert len(clusters) == 300 and owner[300:] == list(range(300))
    assert len(calls) <= 4 * len(found)
