"""Every older schema version's DDL, frozen as dipwatch created it, for migration tests.

Do not edit these when tables.py changes: add the replaced version's DDL when the next
migration lands.
"""

_TABLES_V1 = """
CREATE TABLE meta (key VARCHAR(64) NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key));
CREATE TABLE documents (
    id INTEGER NOT NULL, doc VARCHAR(255) NOT NULL, content_hash VARCHAR(64) NOT NULL, source_path TEXT NOT NULL,
    source_format VARCHAR(8) NOT NULL, title TEXT, url TEXT, outlet TEXT, published VARCHAR(10),
    published_inferred BOOLEAN NOT NULL, language VARCHAR(16) NOT NULL, text TEXT NOT NULL, warnings TEXT NOT NULL,
    ingested_at VARCHAR(32) NOT NULL, knowledge_version VARCHAR(32) NOT NULL, code_version VARCHAR(32) NOT NULL,
    PRIMARY KEY (id), UNIQUE (content_hash));
CREATE TABLE sentences (
    id INTEGER NOT NULL, document_id INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (id), FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE);
CREATE INDEX ix_sentences_document ON sentences (document_id, start);
CREATE TABLE events (
    id INTEGER NOT NULL, document_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL, doc VARCHAR(255) NOT NULL,
    actor VARCHAR(16) NOT NULL, type VARCHAR(24) NOT NULL, target VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL,
    date VARCHAR(10), date_text TEXT, actor_text TEXT NOT NULL, target_text TEXT NOT NULL, location VARCHAR(16),
    confidence FLOAT NOT NULL, trigger TEXT NOT NULL,{figures}
    PRIMARY KEY (id), FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
    FOREIGN KEY(sentence_id) REFERENCES sentences (id) ON DELETE CASCADE);
CREATE INDEX ix_events_pair ON events (actor, target);
CREATE INDEX ix_events_type ON events (type);
CREATE INDEX ix_events_document ON events (document_id);
"""
_SENTENCE_SEARCH_V3 = """
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
CREATE TRIGGER sentences_fts_au AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END;
"""
OLD_SCHEMAS = {
    1: _TABLES_V1.format(figures=""),  # dipwatch 0.1 (issue 1)
    2: _TABLES_V1.format(figures="\n    figures TEXT NOT NULL DEFAULT '[]',"),  # issue 4: events.figures
    3: _TABLES_V1.format(figures="\n    figures TEXT NOT NULL DEFAULT '[]',") + _SENTENCE_SEARCH_V3,  # issue 5: FTS5
    4: _TABLES_V1.format(figures="\n    figures TEXT NOT NULL DEFAULT '[]',") + _SENTENCE_SEARCH_V3,  # issue 6: meta revision
}
