"""Exceptions: what failed, on which input, and what to do.

SaidwhoError
 ├── InputError        an input cannot be read or holds no article
 ├── ModelError        a shipped model or lexicon is missing or broken
 ├── DependencyError   an installed package is missing or cannot be imported
 ├── StoreError        a store cannot be opened or is of another schema version
 └── UsageError        an option or argument is wrong
"""

from __future__ import annotations


class SaidwhoError(Exception):
    """Base class; the message reads ``<input>: <what is wrong>. <what to do>.``"""


class InputError(SaidwhoError):
    """An input cannot be read or holds no article."""

    def __init__(self, source: str, problem: str, fix: str) -> None:
        self.source = source
        super().__init__(f"{source}: {problem}. {fix}".rstrip())

    @classmethod
    def from_message(cls, source: str, message: str) -> InputError:
        """Rebuild the error from a finished message (e.g. a batch's ``Failure``)."""
        exc = cls.__new__(cls)
        exc.source = source
        Exception.__init__(exc, message)
        return exc


class ModelError(SaidwhoError):
    """A shipped model or lexicon is missing or broken."""


class DependencyError(SaidwhoError):
    """A package saidwho needs is missing or cannot be imported: fatal for the whole run."""

    @classmethod
    def of(cls, exc: ImportError, install: str) -> DependencyError:
        """One line naming what failed to import and the ``pip install`` that fixes it."""
        what = " ".join(str(exc).split()).rstrip(".") or f"cannot import {exc.name}"
        return cls(f"a package is missing or broken ({what}). Run: pip install {install}")


class StoreError(SaidwhoError):
    """A store cannot be opened, is locked, or is of another schema version."""


class UsageError(SaidwhoError):
    """An option or argument is wrong."""
