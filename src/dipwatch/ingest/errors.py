"""The ingest stage's one exception: a file that cannot become an Article, with a one-line reason."""

from __future__ import annotations

from ..errors import DipwatchError

__all__ = ["IngestError"]


class IngestError(DipwatchError):
    """Raised by `article_from_bytes`; `read_articles` turns it into an `IngestFailure`.

    `reason` is short, lower-case and meant for the user ("binary file (NUL bytes)").
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
