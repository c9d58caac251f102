"""dipwatch's exceptions.

    DipwatchError
    ├── KnowledgeError      a knowledge file is malformed (names file and line)
    ├── InputError          a user-supplied value is malformed (a date, a path)
    └── StoreError          the database cannot be opened or migrated
"""

from __future__ import annotations

__all__ = ["DipwatchError", "InputError", "KnowledgeError", "StoreError", "one_line"]


class DipwatchError(Exception):
    """Base of every error dipwatch raises on purpose."""


class KnowledgeError(DipwatchError):
    pass


class InputError(DipwatchError):
    pass


class StoreError(DipwatchError):
    pass


def one_line(value: object, limit: int = 200) -> str:
    """Any text (an exception, a server's reason phrase) as one short line, for a failure reason."""
    return " ".join(str(value).split())[:limit]
