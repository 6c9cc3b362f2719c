from saidwho.attribution.assemble import link


def _seg(text, sub, start=0):
    i = text.index(sub, start)
    return (i, i + len(sub), 0.9)


def _sentence_starts(text):
    starts = [0]
    for i, ch in enumerate(text):
        if ch in ".!?" and i + 2 < len(text) and text[i + 1] == " ":
            starts.append(i + 2)
    return starts


def test_linking_split_quote_becomes_one_discontinuous_content():
    text = '"We are ready," Okafor said, "and we will wait."'
    segs = {
        "source": [_seg(text, "Okafor")],
        "cue": [_seg(text, "said")],
        "content": [_seg(text, "We are ready,"), _seg(text, "and we will wait.")],
    }
    (att,) = link(text, segs, [0])
    assert att.source.text == "Okafor" and att.cue.text == "said"
    assert [text[s:e] for s, e in att.content.spans] == ["We are ready,", "and we will wait."]
    assert att.kind == "direct"


def test_linking_each_cue_takes_its_nearest_source_and_content():
    text = "Smith said taxes rose. Jones argued that they fell."
    segs = {
        "source": [_seg(text, "Smith"), _seg(text, "Jones")],
        "cue": [_seg(text, "said"), _seg(text, "argued")],
        "content": [_seg(text, "taxes rose"), _seg(text, "that they fell")],
    }
    atts = link(text, segs, _sentence_starts(text))
    assert [(a.source.text, a.cue.text, a.content.text, a.kind) for a in atts] == [
        ("Smith", "said", "taxes rose", "indirect"),
        ("Jones", "argued", "that they fell", "indirect"),
    ]


def test_linking_cue_inside_content_belongs_to_nested_attribution():
    text = "Smith said Jones claimed the bridge was unsafe."
    segs = {
        "source": [_seg(text, "Smith"), _seg(text, "Jones")],
        "cue": [_seg(text, "said"), _seg(text, "claimed")],
        "content": [_seg(text, "Jones claimed the bridge was unsafe"), _seg(text, "the bridge was unsafe")],
    }
    atts = link(text, segs, [0])
    pairs = {(a.cue.text, a.content.text, a.source.text) for a in atts}
    assert pairs == {
        ("said", "Jones claimed the bridge was unsafe", "Smith"),
        ("claimed", "the bridge was unsafe", "Jones"),
    }


def test_linking_content_without_cue_is_dropped_and_source_is_optional():
    text = "The bridge is closed. Officials were said to agree."
    segs = {
        "source": [],
        "cue": [_seg(text, "were said")],
        "content": [
            _seg(text, "to agree"),
        ],
    }
    (att,) = link(text, segs, _sentence_starts(text))
    assert att.source is None and att.content.text == "to agree"
    assert link(text, {"source": [], "cue": [], "content": [_seg(text, "to agree")]}, [0]) == []


def test_linking_mixed_quote():
    text = 'Okafor said the plan was "not going to work" for now.'
    segs = {
        "source": [_seg(text, "Okafor")],
        "cue": [_seg(text, "said")],
        "content": [_seg(text, 'the plan was "not going to work" for now')],
    }
    (att,) = link(text, segs, [0])
    assert att.kind == "mixed" and 0 < att.confidence <= 1


def test_linking_prefers_the_cue_in_the_quotes_own_paragraph():
    text = (
        '"We are ready," said Okafor. "We will wait."\n\nOkafor told reporters that the cables had corroded.'
    )
    segs = {
        "source": [_seg(text, "Okafor"), _seg(text, "Okafor", 40)],
        "cue": [_seg(text, "said"), _seg(text, "told")],
        "content": [
            _seg(text, "We are ready,"),
            _seg(text, "We will wait."),
            _seg(text, "that the cables had corroded"),
        ],
    }
    starts = [0, text.index('"We will'), text.index("Okafor told")]
    said, told = link(text, segs, starts)
    assert said.cue.text == "said" and said.content.text == "We are ready, We will wait."
    assert told.cue.text == "told" and told.content.text == "that the cables had corroded"


def test_linking_a_quote_with_no_cue_in_its_paragraph_reaches_across():
    text = 'Okafor said: "We are ready.\n\nWe will wait."'
    segs = {
        "source": [_seg(text, "Okafor")],
        "cue": [_seg(text, "said")],
        "content": [_seg(text, "We are ready."), _seg(text, "We will wait.")],
    }
    (att,) = link(text, segs, [0, text.index("We will")])
    assert att.content.text == "We are ready. We will wait."


def test_linking_cue_keeps_one_statement_not_two_unrelated_contents():
    # The tagger found "urged" nowhere, so both contents reach for "questioned"; only the
    # nearer one is its content, the other is not glued on as a discontinuous piece.
    text = "Trump questioned the integrity of the vote and urged supporters to watch the polls."
    segs = {
        "source": [_seg(text, "Trump")],
        "cue": [_seg(text, "questioned")],
        "content": [_seg(text, "the integrity of the vote"), _seg(text, "supporters to watch the polls")],
    }
    (att,) = link(text, segs, [0])
    assert att.content.spans == [segs["content"][0][:2]]


def test_linking_quote_over_paragraphs_stays_one_content():
    text = 'Okafor said: "We are ready.\n\n"We will wait."'
    segs = {
        "source": [_seg(text, "Okafor")],
        "cue": [_seg(text, "said")],
        "content": [_seg(text, "We are ready."), _seg(text, "We will wait.")],
    }
    (att,) = link(text, segs, [0])
    assert [text[s:e] for s, e in att.content.spans] == ["We are ready.", "We will wait."]


def test_linking_stray_segment_beside_content_in_one_paragraph_is_not_glued_on():
    # "In addition" tagged as content beside the real one, only a comma between: within a
    # paragraph that is a tagging slip, not a second piece of the statement.
    text = "In addition, the campaign plans to release more records, a spokesman announced."
    segs = {
        "source": [_seg(text, "a spokesman")],
        "cue": [_seg(text, "announced")],
        "content": [_seg(text, "In addition"), _seg(text, "the campaign plans to release more records")],
    }
    (att,) = link(text, segs, [0])
    assert att.content.text == "the campaign plans to release more records"


def test_linking_joins_pieces_around_a_cue_only_where_a_split_is_marked():
    # Set off by commas: one statement split around "experts say".
    text = "The plan, experts say, will fail."
    segs = {
        "source": [_seg(text, "experts")],
        "cue": [_seg(text, "say")],
        "content": [_seg(text, "The plan"), _seg(text, "will fail")],
    }
    (att,) = link(text, segs, [0])
    assert [text[s:e] for s, e in att.content.spans] == ["The plan", "will fail"]
    # A bare verb phrase between: "The plan [is expected] to fail".
    text = "The plan is expected to fail."
    segs = {
        "source": [],
        "cue": [_seg(text, "is expected")],
        "content": [_seg(text, "The plan"), _seg(text, "to fail")],
    }
    (att,) = link(text, segs, [0])
    assert att.content.text == "The plan to fail"
    # Nothing marks a split: the first content belongs to a cue the tagger missed
    # ("tweeted"), so it must not be glued onto "encouraged"'s content.
    text = "He tweeted that the pageant was a con and encouraged fans to watch the tape."
    segs = {
        "source": [_seg(text, "He")],
        "cue": [_seg(text, "encouraged")],
        "content": [_seg(text, "that the pageant was a con"), _seg(text, "fans to watch the tape")],
    }
    (att,) = link(text, segs, [0])
    assert att.content.text == "fans to watch the tape"


def _none():
    return {"source": [], "cue": [], "content": []}


def test_linking_fallback_gives_a_lone_content_its_cue_and_a_lone_cue_its_content():
    text = (
        "Okafor argued that the cables had corroded. The bridge opened. It rained. Mensah warned of delays."
    )
    segs = {
        "source": [_seg(text, "Okafor"), _seg(text, "Mensah")],
        "cue": [_seg(text, "warned")],
        "content": [_seg(text, "that the cables had corroded")],
    }
    fallback = {
        "source": [],
        "cue": [_seg(text, "argued"), _seg(text, "warned")],
        "content": [_seg(text, "that the cables"), _seg(text, "of delays")],
    }
    starts = _sentence_starts(text)
    assert link(text, segs, starts) == []  # each half alone links nothing
    argued, warned = link(text, segs, starts, fallback)
    # The strict segments stay; the fallback fills in only what they lack.
    assert (argued.source.text, argued.cue.text, argued.content.text) == (
        "Okafor",
        "argued",
        "that the cables had corroded",
    )
    assert (warned.source.text, warned.cue.text, warned.content.text) == ("Mensah", "warned", "of delays")


def test_linking_fallback_source_only_for_an_attribution_without_one():
    text = "Okafor argued that the cables had corroded, an engineer said."
    segs = {
        "source": [],
        "cue": [_seg(text, "argued")],
        "content": [_seg(text, "that the cables had corroded")],
    }
    fallback = {**_none(), "source": [_seg(text, "Okafor"), _seg(text, "an engineer")]}
    (att,) = link(text, segs, [0], fallback)
    assert att.source.text == "Okafor"
    segs["source"] = [_seg(text, "an engineer")]
    (att,) = link(text, segs, [0], fallback)
    assert att.source.text == "an engineer"  # it had one: the fallback adds none


def test_linking_fallback_reaches_no_farther_than_the_next_sentence_and_adds_nothing_unneeded():
    text = "Okafor argued it. The bridge opened. It rained. The cables had corroded."
    segs = {"source": [], "cue": [], "content": [_seg(text, "The cables had corroded")]}
    fallback = {**_none(), "cue": [_seg(text, "argued")], "content": [_seg(text, "The bridge opened")]}
    # "argued" is three sentences before the content: no fallback cue in reach.
    assert link(text, segs, _sentence_starts(text), fallback) == []
    # A cue with its content needs no fallback content beside it.
    segs = {"source": [], "cue": [_seg(text, "argued")], "content": [_seg(text, "it")]}
    (att,) = link(text, segs, _sentence_starts(text), fallback)
    assert att.content.text == "it"


def _statements(n):
    """``n`` paragraphs of '"Plan k is ready," she said.' with their tagged segments."""
    text = "".join(f'"Plan {k} is ready," she said.\n' for k in range(n))
    starts = [m for m in range(len(text)) if m == 0 or text[m - 1] == "\n"][:n]
    segs = {"source": [], "cue": [], "content": []}
    for at in starts:
        segs["content"].append((text.index("Plan", at), text.index(",", at), 0.9))
        segs["source"].append(_seg(text, "she", at))
        segs["cue"].append(_seg(text, "said", at))
    return text, segs, starts


def test_linking_looks_only_at_nearby_sentences(monkeypatch):
    # Each content and cue is compared with the segments of its own and neighbouring
    # sentences, not with every segment of the text: 4x the statements cost 4x the lookups
    # (comparing all pairs cost 16x, and minutes on a 1 MB text).
    import saidwho.attribution.assemble as linking

    calls = []
    index = linking._Sentences.index
    monkeypatch.setattr(linking._Sentences, "index", lambda self, char: calls.append(1) or index(self, char))
    counts = {}
    for n in (50, 200):
        text, segs, starts = _statements(n)
        calls.clear()
        atts = link(text, segs, starts, fallback={"source": [], "cue": [], "content": segs["content"]})
        counts[n] = len(calls)
        assert [(a.source.text, a.cue.text, a.content.text) for a in atts] == [
            ("she", "said", f"Plan {k} is ready") for k in range(n)
        ]
    assert counts[200] <= 5 * counts[50]


def test_linking_a_lead_sentence_above_a_quote_is_not_glued_to_it():
    # Only punctuation and a paragraph break lie between them, but the lead sentence opens
    # no quote: it is not a quote run over paragraphs.
    text = 'The view among the crew is that the ship will sail.\n\n"We are ready," said Okafor.'
    segs = {
        "source": [_seg(text, "Okafor")],
        "cue": [_seg(text, "said")],
        "content": [_seg(text, "that the ship will sail"), _seg(text, '"We are ready,"')],
    }
    (att,) = link(text, segs, [0, text.index('"')])
    assert att.content.text == '"We are ready,"'
