"""What the stance model reads of a stored statement (saidwho/claims/update.py)."""

import json

import pytest

from saidwho.claims import update
from saidwho.claims.update import speaker_source
from saidwho.corpus import open_store
from saidwho.ingest import read_inputs
from saidwho.pipeline import process
from saidwho.settings import Settings


@pytest.mark.parametrize(
    ("source", "name", "descriptor", "read"),
    [
        # A pronoun says nothing of who speaks: the speaker its article resolved it to does.
        ("He", "Teodor Vask", "rebel spokesman", "Teodor Vask, rebel spokesman,"),
        ("they", "Rebel fighters", None, "Rebel fighters"),
        # A descriptor the name already holds is not said twice.
        ("She", "Transport Minister Lena Varkas", "Transport Minister", "Transport Minister Lena Varkas"),
        # A source that names someone stays as written.
        ("the ministry", "Ministry of Defence", None, "the ministry"),
        # Nothing resolved, or resolved to another pronoun: the pronoun stays.
        ("He", None, None, "He"),
        ("He", "he", "man", "He"),
        ("we", "", None, "we"),
    ],
)
def test_a_pronoun_source_is_read_as_the_speaker_it_resolves_to(source, name, descriptor, read):
    assert speaker_source(source, name, descriptor) == read


def test_ingest_reads_a_pronoun_statement_as_its_speaker(tmp_path, monkeypatch):
    text = (
        "Rebels deny downing airliner\n\n"
        "The government said on Monday that rebels in the north shot down the airliner with a missile. "
        "Rebel spokesman Teodor Vask rejected the accusation in a telephone interview. "
        '"We have no weapons that can reach an airliner," he said. '
        "Investigators said the wreckage had not yet been examined."
    )
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"url": "https://wire.example/a", "text": text}) + "\n", encoding="utf-8")
    read: list[str] = []
    decide = update.decide

    def recording(claims, statements, **options):
        read.extend(s.source for s in statements)
        return decide(claims, statements, **options)

    monkeypatch.setattr(update, "decide", recording)
    settings = Settings()
    with open_store(tmp_path / "s.duckdb") as s:
        s.ingest(process(read_inputs([str(path)], settings=settings), settings=settings))
        stored = s.con.execute("SELECT source_text FROM attributions").fetchall()
    assert ("he",) in stored
    assert any("Teodor Vask" in x for x in read) and "he" not in read
