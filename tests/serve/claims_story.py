"""One contested claim in three outlets, written for saidwho's web tests (invented people,
places and outlets): officials say a rebel leader is hiding in a port city, analysts and a
diplomat doubt it, and two statements are about something else. Built into a store through
the real pipeline and claim grouping, as ``saidwho ingest`` builds one."""

from __future__ import annotations

from pathlib import Path

import duckdb

from saidwho import extract_many
from saidwho.corpus import open_store
from saidwho.records import Article, Failure, RawDoc

CLAIM = "Darian Kolt is hiding in Velmora"

STORIES = [
    (
        "https://harbour.example/2021/04/06/kolt-velmora",
        "2021-04-06",
        "Officials say rebel leader Kolt is hiding in Velmora",
        "Interior ministry officials said on Tuesday that the rebel leader Darian Kolt is hiding "
        "in the port city of Velmora.\n\n"
        '"Kolt is hiding in Velmora, and we know which district he sleeps in," said Marta Ilsen, '
        "a deputy interior minister.\n\n"
        "A police spokesman insisted that Kolt had been seen near the Velmora docks last week.\n\n"
        "Separately, the transport minister said the new coastal railway would open in June.\n",
    ),
    (
        "https://courier.example/world/analysts-doubt-kolt",
        "2021-04-09",
        "Analysts doubt Kolt is in Velmora",
        "Security analysts on Friday questioned the government's account of where the rebel "
        "leader is.\n\n"
        '"There is no evidence that Darian Kolt is hiding in Velmora," said Piet Arends, an '
        "analyst at the Northgate Institute.\n\n"
        "Anna Brisk, a former intelligence officer, said she doubted that Kolt was in Velmora "
        "at all.\n\n"
        "A Western diplomat, speaking on condition of anonymity, said the story that Kolt hides "
        "in Velmora was spread for propaganda purposes.\n",
    ),
    (
        "https://gazette.example/news/minister-kolt-velmora",
        "2021-04-20",
        "Minister repeats that Kolt hides in Velmora",
        "Interior minister Oskar Lind said on Tuesday that Darian Kolt is hiding in Velmora and "
        "would be caught within weeks.\n\n"
        "The mayor of Velmora said the harbour festival would go ahead in July as planned.\n",
    ),
]


def raw_docs() -> list[RawDoc]:
    return [
        RawDoc(source=url, format="txt", text=text, url=url, title=title, published=published)
        for url, published, title, text in STORIES
    ]


def build(path: Path) -> list[Article]:
    """Extract the stories with the shipped models and store them in ``path`` (claims grouped
    in the same transaction); the extracted articles."""
    found = list(extract_many(raw_docs()))
    failed = [f for f in found if isinstance(f, Failure)]
    assert not failed, failed
    articles = [a for a in found if isinstance(a, Article)]
    with open_store(path) as store:
        store.add(articles)
    return articles


def old_store(path: Path) -> Path:
    """An empty store as saidwho wrote it before claims (schema version 1)."""
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE claim_statements; DROP TABLE claims")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    return path
