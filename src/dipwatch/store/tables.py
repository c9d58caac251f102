"""The database schema as SQLAlchemy Core tables (SQLite by default; a PostgreSQL URL works the same)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["SCHEMA_VERSION", "documents", "events", "merged_members", "meta", "metadata", "relationship_negated",
           "relationship_steps", "sentences"]

# v2 (issue 4): events.figures, the reported numbers as JSON
# v3 (issue 5): sentences_fts, an SQLite FTS5 index over evidence sentences (migrations.py)
# v4 (issue 6): meta "revision", a counter every write bumps (migrations.py)
# v5 (issue 6): relationship_steps, relationship_negated, merged_members: the derived status,
#     rebuilt from the events whenever it is older than the write counter (serve/standings.py)
SCHEMA_VERSION = 5

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc", String(255), nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("source_format", String(8), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(10)),  # YYYY, YYYY-MM or YYYY-MM-DD
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("warnings", Text, nullable=False, default=""),
    Column("ingested_at", String(32), nullable=False),
    Column("knowledge_version", String(32), nullable=False),
    Column("code_version", String(32), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_sentences_document", "document_id", "start"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), nullable=False),
    Column("doc", String(255), nullable=False),
    Column("actor", String(16), nullable=False),
    Column("type", String(24), nullable=False),
    Column("target", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("actor_text", Text, nullable=False),
    Column("target_text", Text, nullable=False),
    Column("location", String(16)),
    Column("confidence", Float, nullable=False),
    Column("trigger", Text, nullable=False, default=""),
    Column("figures", Text, nullable=False, default="[]"),  # JSON list of {kind, low, high, text}
    Index("ix_events_pair", "actor", "target"),
    Index("ix_events_type", "type"),
    Index("ix_events_document", "document_id"),
)

# ---- derived: the status of every country with a focus, as steps (derive/steps.py) ----------
# Never the source of truth: rebuilt from the events above, trusted only while the meta row
# "steps:<focus>" equals the write counter ("revision") it was built at.

relationship_steps = Table(
    "relationship_steps",
    metadata,
    Column("focus", String(16), primary_key=True),
    Column("country", String(16), primary_key=True),
    Column("valid_from", String(10), primary_key=True),  # YYYY-MM-DD; "~" the state with every report (no as_of)
    Column("level", Integer, nullable=False),
    Column("level_report_id", Integer),  # events.id
    Column("level_event", String(128)),  # MergedEvent.id
    Column("flags", Text, nullable=False),  # JSON {flag: [events.id, MergedEvent.id]}
    Column("documents", Integer, nullable=False),
    Column("corroboration", Integer, nullable=False),
    Column("sources", Text, nullable=False),  # JSON list
    Column("negated", Integer, nullable=False),  # how many of relationship_negated's rows count
    Index("ix_relationship_steps_from", "focus", "valid_from"),
)

relationship_negated = Table(
    "relationship_negated",
    metadata,
    Column("focus", String(16), primary_key=True),
    Column("country", String(16), primary_key=True),
    Column("dated", Boolean, primary_key=True),  # the dated steps' order, or the "~" state's
    Column("rank", Integer, primary_key=True),
    Column("report_id", Integer, nullable=False),
    Column("merged_event", String(128), nullable=False),
)

merged_members = Table(
    "merged_members",
    metadata,
    Column("focus", String(16), primary_key=True),
    Column("merged_event", String(128), primary_key=True),
    Column("report_id", Integer, primary_key=True),
    Column("known_since", String(10)),  # YYYY-MM-DD, NULL: never dated (counts only without as_of)
    Column("actor", String(16), nullable=False),
    Column("target", String(16), nullable=False),
)
