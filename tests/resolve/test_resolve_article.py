"""A whole wire story: the ledger of who said what that resolution must produce."""

from __future__ import annotations

from pathlib import Path

from offsets import assert_offsets
from resolve_helpers import Row, attributions
from spacy.language import Language

from saidwho.resolve.speakers import resolve

STORY = (Path(__file__).parent / "data" / "wire_story.txt").read_text(encoding="utf-8")
OFFICIAL_SOURCE = (
    "The official, who spoke on condition of anonymity because he was not authorized to "
    "discuss intelligence matters"
)
# (source, cue, content) as an attribution extractor would find them, and the speaker name
# each should resolve to.
LEDGER: list[tuple[Row, str]] = [
    (("U.S. officials", "said", "its leaders remain a threat"), "U.S. officials"),
    (("Aki Peritz, a former CIA analyst who now writes about terrorism", "said",
      "They're never around,"), "Aki Peritz"),
    ((None, '"', "They move constantly, and they know we are watching."), "Aki Peritz"),
    (("A U.S. counterterrorism official", "told", "the group had been weakened"),
     "a U.S. counterterrorism official"),
    ((OFFICIAL_SOURCE, "said", "the group's finances were strained"),
     "a U.S. counterterrorism official"),
    (("Defense Secretary Ash Carter", "said", "the campaign was"), "Ash Carter"),
    (("Carter", "told", "more troops could be sent"), "Ash Carter"),
    (("The Pentagon", "said", "three strikes hit targets near Mosul"), "Pentagon"),
    (("A report released Tuesday by the Institute for the Study of War", "found",
      "the group still controls several towns"),
     "a report released Tuesday by the Institute for the Study of War"),
    (("Republicans", "argued", "the administration had moved too slowly"), "Republicans"),
    (("Sen. John McCain, the Arizona Republican who chairs the Armed Services Committee",
      "said", "the strategy was"), "John McCain"),
    (("McCain", "added", "he would hold hearings"), "John McCain"),
    (("The New York Times", "reported", "the White House was weighing new options"),
     "New York Times"),
    (("Hillary Clinton", "said", "she supported the strikes"), "Hillary Clinton"),
    (("Bill Clinton", "told", "the war would be long"), "Bill Clinton"),
    (("Clinton", "said", "We will need patience,"), "Bill Clinton"),
    (("Iraqi officials", "claim", "the leader is hiding near the Syrian border"),
     "Iraqi officials"),
    (("They", "said", "he was wounded in an airstrike in March"), "Iraqi officials"),
    (("Peritz", "said", "Nobody really knows where he is,"), "Aki Peritz"),
    (("He", "added", "the group had survived worse"), "Aki Peritz"),
]  # fmt: skip


def test_resolve_wire_story_ledger(nlp: Language) -> None:
    resolved, speakers = resolve(nlp(STORY), attributions(STORY, [row for row, _ in LEDGER]))
    assert_offsets(STORY, resolved, speakers)
    names = {s.id: s.name for s in speakers}
    assert [names[a.speaker or ""] for a in resolved] == [name for _, name in LEDGER]
    assert [s.id for s in speakers] == [f"S{n}" for n in range(1, len(speakers) + 1)]


def test_resolve_wire_story_speakers(nlp: Language) -> None:
    _, speakers = resolve(nlp(STORY), attributions(STORY, [row for row, _ in LEDGER]))
    by_name = {s.name: s for s in speakers}
    official = by_name["a U.S. counterterrorism official"]
    assert (official.anonymous, official.named, official.recipient) == (True, False, "VOA")
    assert official.anonymity_reason == ("because he was not authorized to discuss intelligence matters")
    assert official.descriptors == ["U.S. counterterrorism official"]
    assert by_name["Ash Carter"].descriptors == ["Defense Secretary"]
    assert by_name["Ash Carter"].recipient == "reporters"
    assert by_name["John McCain"].descriptors == ["Sen.", "Arizona Republican"]
    assert by_name["Hillary Clinton"].recipient == "CNN"
    assert [m.text for m in by_name["Aki Peritz"].mentions][1:] == ["Peritz", "He"]
    assert {s.name: s.type for s in speakers} == {
        "U.S. officials": "group",
        "Aki Peritz": "person",
        "a U.S. counterterrorism official": "person",
        "Ash Carter": "person",
        "Pentagon": "organization",
        "a report released Tuesday by the Institute for the Study of War": "document",
        "Republicans": "group",
        "John McCain": "person",
        "New York Times": "outlet",
        "Hillary Clinton": "person",
        "Bill Clinton": "person",
        "Iraqi officials": "group",
    }
