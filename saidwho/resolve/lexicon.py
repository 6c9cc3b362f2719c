"""Word lists that steer resolution, read once from ``saidwho/data/resolve_lexicon.txt``."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import msgspec

from saidwho.errors import ModelError

LEXICON_FILE = "resolve_lexicon.txt"


class Lexicon(msgspec.Struct, frozen=True, kw_only=True):
    """The sections of the lexicon file; see the file's comments for what each one does."""

    honorifics: dict[str, str]
    nicknames: dict[str, str]  # short form -> formal first name
    titles: frozenset[str]
    suffixes: frozenset[str]
    outlets: frozenset[str]
    media_words: frozenset[str]
    outlet_nouns: frozenset[str]
    organizations: frozenset[str]
    organization_nouns: frozenset[str]
    document_nouns: frozenset[str]
    person_nouns: frozenset[str]
    anonymous_nouns: frozenset[str]
    headline_verbs: frozenset[str]
    epithets: frozenset[str]


def parse_sections(text: str) -> dict[str, list[str]]:
    """Split ``[section]`` headed text into its entries, comments and blanks dropped."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


@cache
def load_lexicon() -> Lexicon:
    """Read the shipped lexicon once per process."""
    path = files("saidwho").joinpath("data", LEXICON_FILE)
    try:
        sections = parse_sections(path.read_text(encoding="utf-8"))
        honorifics = dict(line.split() for line in sections["honorifics"])
        nicknames = {
            nick: formal for formal, *nicks in map(str.split, sections["nicknames"]) for nick in nicks
        }
        return Lexicon(
            honorifics=honorifics,
            nicknames=nicknames,
            **{
                n: frozenset(sections[n])
                for n in Lexicon.__struct_fields__
                if n not in {"honorifics", "nicknames"}
            },
        )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{LEXICON_FILE}: cannot read section or entry ({exc}). Reinstall saidwho.") from exc
