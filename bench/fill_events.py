"""Fill a dipwatch database with synthetic but plausible documents, sentences and events, fast.

    .venv/bin/python bench/fill_events.py --events 10000000 --db bench/.cache/events-10m.db [--force]
        [--events-per-doc 7] [--events-per-sentence 1.5] [--doc-chars 1900] [--focus AFG] [--focus-share 0.87]
        [--seed 1]

The schema is dipwatch's own: the file is created with `Store.open(path)` (tables, indexes, FTS5
index and its triggers, schema version), then filled with plain sqlite3 `executemany` in large
transactions with `PRAGMA synchronous=OFF` and `journal_mode=OFF`. For speed the secondary
indexes and the FTS triggers are dropped during the fill and re-created afterwards with the exact
DDL the schema made (so the result is the same database an ingest would have written), and the FTS
index is rebuilt once at the end. The journal is set back to WAL.

What the rows look like (defaults measured on the sample corpus as dipwatch extracts it:
`dipwatch demo`): 7 events per document, 1.5 events per evidence sentence, ~1,900 characters of
document text; 87% of events have the focus (AFG) on one side, the other side drawn from ~80
countries, IGOs and armed groups with a Zipf-like skew (Pakistan, Russia, India, Iran, China first);
4% with an unnamed doer (UNK); every EventType with the frequencies of the gold file; statuses
83% occurred, 7% negated, 7% planned, 3% uncertain/threatened/denied; dates 2021-08-15 to
2025-11-15, 40% undated, 30% month-, 10% year- and 20% day-precise, drawn around each document's
story day so that several documents report the same event (as the news does); figures on some
attacks, deportations and detentions. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import sqlite3
import sys
import time
from bisect import bisect
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT

sys.path.insert(0, str(ROOT / "src"))
from dipwatch.records import EventType
from dipwatch.store import Store

FIRST_DAY = dt.date(2021, 8, 15)
LAST_DAY = dt.date(2025, 11, 15)

# Event types: frequencies of src/dipwatch/sample_corpus/gold.jsonl (every type at least 2).
TYPE_WEIGHTS = {
    "ATTACK": 17, "MEET": 15, "VISIT": 13, "CRITICIZE": 12, "DEMAND": 11, "RECOGNIZE": 10, "EASE": 10,
    "ACCREDIT": 9, "DEPORT": 9, "TRADE": 8, "MISSION_OPEN": 8, "SUPPORT": 6, "SANCTION": 6, "THREATEN": 6,
    "MEDIATE": 6, "REJECT": 5, "CEASEFIRE": 5, "AGREE": 5, "SECURITY_COOP": 4, "ENVOY": 4, "AID": 3,
    "BORDER_CLOSE": 3, "RELEASE": 3, "DETAIN": 3, "MISSION_CLOSE": 2,
}
assert set(TYPE_WEIGHTS) == {t.value for t in EventType}, "TYPE_WEIGHTS must cover every EventType"
STATUS_WEIGHTS = {"occurred": 83, "negated": 7, "planned": 7, "uncertain": 2, "threatened": 0.6, "denied": 0.4}
PRECISION_WEIGHTS = {"none": 40, "month": 30, "year": 10, "day": 20}
TRIGGERS = {
    "ATTACK": ["struck", "attacked", "strikes", "shelled"], "MEET": ["met", "talks", "meeting", "held talks with"],
    "VISIT": ["visited", "arrived in", "travelled to", "trip to"], "CRITICIZE": ["criticised", "condemned", "accused"],
    "DEMAND": ["urged", "called on", "demanded", "pressed"], "RECOGNIZE": ["recognised", "recognition of"],
    "EASE": ["lifted", "removed", "eased"], "ACCREDIT": ["accepted", "accredited"], "DEPORT": ["deported", "expelled"],
    "TRADE": ["signed a trade deal with", "trade"], "MISSION_OPEN": ["reopened", "opened"], "SUPPORT": ["praised", "welcomed"],
    "SANCTION": ["sanctioned", "imposed sanctions on"], "THREATEN": ["warned", "threatened"], "MEDIATE": ["mediated"],
    "REJECT": ["rejected"], "CEASEFIRE": ["ceasefire with", "truce with"], "AGREE": ["agreed with", "signed"],
    "SECURITY_COOP": ["cooperation with"], "ENVOY": ["appointed an envoy to", "sent an ambassador to"],
    "AID": ["sent aid to", "supplies to"], "BORDER_CLOSE": ["closed the border with"], "RELEASE": ["released"],
    "DETAIN": ["detained", "arrested"], "MISSION_CLOSE": ["closed its embassy in", "expelled diplomats of"],
}
FIGURE_KINDS = {"ATTACK": "killed", "DEPORT": "deported", "DETAIN": "detained", "RELEASE": "released"}
# The other side: countries, IGOs and armed groups, most reported first (Zipf-like weights).
PARTNERS = ["PAK", "RUS", "IND", "IRN", "CHN", "UN", "UZB", "KAZ", "QAT", "USA", "ARE", "TKM", "TJK", "TUR", "DEU", "SAU", "GBR", "JPN", "EU", "KGZ", "NOR", "IDN", "MYS", "AZE", "TTP", "ISKP", "FRA", "ITA", "CAN", "AUS", "KOR", "EGY", "IRQ", "SYR", "BGD", "LKA", "NPL", "MNG", "BLR", "ARM", "GEO", "ESP", "NLD", "SWE", "DNK", "FIN", "CHE", "AUT", "BEL", "POL", "CZE", "HUN", "ROU", "BGR", "GRC", "ISR", "JOR", "OMN", "KWT", "BHR", "YEM", "SOM", "SDN", "ETH", "KEN", "NGA", "ZAF", "BRA", "ARG", "MEX", "VNM", "THA", "PHL", "SGP", "KHM", "SCO", "OIC", "ICC", "WB", "IMF"]
NAMES = {
    "AFG": ["the Taliban", "Kabul", "Afghanistan", "Amir Khan Muttaqi", "the Islamic Emirate"],
    "PAK": ["Pakistan", "Islamabad", "Ishaq Dar"], "RUS": ["Russia", "Moscow", "Sergey Lavrov"],
    "IND": ["India", "New Delhi"], "IRN": ["Iran", "Tehran"], "CHN": ["China", "Beijing", "Wang Yi"],
    "UN": ["the United Nations", "UNAMA"], "UZB": ["Uzbekistan", "Tashkent"], "KAZ": ["Kazakhstan", "Astana"],
    "QAT": ["Qatar", "Doha"], "USA": ["the United States", "Washington"], "ARE": ["the UAE", "Abu Dhabi"],
    "TUR": ["Turkey", "Ankara"], "DEU": ["Germany", "Berlin"], "UNK": [""],
}
LOCATIONS = ("PAK", "AFG", "QAT", "RUS")
CITIES = ["Doha", "Moscow", "Tashkent", "Istanbul", "Tehran", "Beijing", "Islamabad", "Almaty", "Kazan", "Termez",
          "Torkham", "Chaman", "Paktika", "Khost", "Kunar", "Geneva", "Dubai", "Riyadh", "Herat", "Kandahar"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["The Kabul Ledger", "Central Asia Wire", "Steppe Observer", "Frontier Times", "Eastern Dispatch",
           "Daily Meridian", "The Harbour Gazette", "Valley Courier", "Border Post", "Caspian Review"]
FILLER = ("Officials on both sides described the contacts as part of a longer process. The statement gave few "
          "details, and diplomats said more meetings were likely before the end of the year. Trade across the "
          "border has grown, although lorries still wait for days at the main crossings. Aid agencies said the "
          "winter would again be hard for families in the north, where prices for flour and fuel have risen. "
          "Analysts said the region's governments were weighing security worries against the wish to trade. "
          "Rights groups repeated their criticism of the restrictions on women's work and girls' schooling. ")


class Picker:
    """Fast weighted choice (cumulative weights + bisect)."""

    def __init__(self, rng: random.Random, weights: dict[str, float] | list[tuple[str, float]]) -> None:
        items = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self.values = [k for k, _ in items]
        self.cum = list(accumulate(w for _, w in items))
        self.total = self.cum[-1]
        self.random = rng.random

    def __call__(self) -> str:
        return self.values[bisect(self.cum, self.random() * self.total)]


def fill(args: argparse.Namespace) -> dict[str, object]:
    path: Path = args.db
    if path.exists():
        if not args.force:
            raise SystemExit(f"{path} exists: pass --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)  # the real schema: tables, indexes, FTS5 and its triggers, version
    store.engine.dispose()

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1048576")  # 1 GiB
    conn.execute("PRAGMA temp_store=MEMORY")
    # Drop what slows row-by-row inserts; re-created below with the schema's own DDL.
    saved = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "((type = 'index' AND name LIKE 'ix_%') OR (type = 'trigger' AND name LIKE 'sentences_fts_%'))").fetchall()
    for kind, name, _sql in saved:
        conn.execute(f"DROP {kind.upper()} {name}")

    rng = random.Random(args.seed)
    pick_type, pick_status, pick_precision = Picker(rng, TYPE_WEIGHTS), Picker(rng, STATUS_WEIGHTS), Picker(rng, PRECISION_WEIGHTS)
    pick_partner = Picker(rng, [(code, 1 / (rank + 1) ** 1.1) for rank, code in enumerate(PARTNERS)])
    focus, share, unk = args.focus, args.focus_share, args.unknown_share
    days = (LAST_DAY - FIRST_DAY).days
    rand = rng.random
    calendar_days = [FIRST_DAY + dt.timedelta(days=d) for d in range(days + 1)]
    calendar = [(d.isoformat(), WEEKDAYS[d.weekday()], f"{d.day} {MONTHS[d.month - 1]}", f"{d.year:04d}-{d.month:02d}",
                 f"{MONTHS[d.month - 1]} {d.year}", f"{d.year:04d}") for d in calendar_days]
    confidences = [round(rng.uniform(0.55, 0.95), 3) for _ in range(1000)]
    fillers: dict[int, str] = {}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    total, per_doc = args.events, args.events_per_doc
    docs_total = -(-total // per_doc)

    doc_sql = ("INSERT INTO documents (id, doc, content_hash, source_path, source_format, title, url, outlet, published, "
               "published_inferred, language, text, warnings, ingested_at, knowledge_version, code_version) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    sent_sql = 'INSERT INTO sentences (id, document_id, start, "end", text) VALUES (?,?,?,?,?)'
    event_sql = ("INSERT INTO events (document_id, sentence_id, doc, actor, type, target, status, date, date_text, actor_text, "
                 "target_text, location, confidence, \"trigger\", figures) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    started = time.perf_counter()
    made = sentence_id = 0
    doc_rows: list[tuple] = []
    sent_rows: list[tuple] = []
    event_rows: list[tuple] = []
    batch_events = 500_000

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany(doc_sql, doc_rows)
        conn.executemany(sent_sql, sent_rows)
        conn.executemany(event_sql, event_rows)
        conn.execute("COMMIT")
        doc_rows.clear(), sent_rows.clear(), event_rows.clear()

    for index in range(docs_total):
        document_id = index + 1
        count = min(per_doc, total - made)
        # the document's story: one partner and a day; a second partner now and then
        story = int(rand() * days)
        published_index = min(days, story + int(rand() * 4))
        story_day, published = calendar_days[story], calendar_days[published_index]
        main = pick_partner()
        second = pick_partner()
        kind0 = pick_type()
        doc = f"{index:07d}_{main.lower()}-{kind0.lower()}-{story_day.isoformat()}"
        outlet = OUTLETS[index % len(OUTLETS)]
        n_sentences = max(1, round(count / args.events_per_sentence))
        sentence_texts: list[str] = []
        events_of_sentence: list[list[tuple]] = [[] for _ in range(n_sentences)]
        for k in range(count):
            kind = kind0 if k == 0 else pick_type()
            partner = main if rand() < 0.7 else second
            if rand() < share:
                actor, target = (partner, focus) if rand() < 0.6 else (focus, partner)
            else:
                actor, target = partner, pick_partner()
                if actor == target:
                    target = "IND" if actor == "PAK" else "PAK"
            if rand() < unk and target != "UNK":
                actor = "UNK"
            status = pick_status()
            precision = pick_precision()
            day = story if rand() < 0.8 else int(rand() * (published_index + 1))
            iso, weekday, day_month, month_iso, month_text, year = calendar[day]
            if precision == "day":
                date, date_text = iso, (weekday if rand() < 0.5 else day_month)
            elif precision == "month":
                date, date_text = month_iso, month_text
            elif precision == "year":
                date, date_text = year, year
            else:
                date = date_text = None
            triggers = TRIGGERS[kind]
            trigger = triggers[int(rand() * len(triggers))]
            figures = "[]"
            if kind in FIGURE_KINDS and rand() < 0.5:
                value = int(rand() * 400) + 2
                figures = f'[{{"kind": "{FIGURE_KINDS[kind]}", "low": {value}.0, "high": {value}.0, "text": "{value}"}}]'
            location = LOCATIONS[int(rand() * 4)] if rand() < 0.03 else None
            names = NAMES.get(actor) or (actor,)
            actor_text = names[int(rand() * len(names))]
            names = NAMES.get(target) or (target,)
            target_text = names[int(rand() * len(names))]
            s = k * n_sentences // count
            if not events_of_sentence[s]:
                city = f" in {CITIES[int(rand() * len(CITIES))]}" if rand() < 0.3 else ""
                doer = actor_text or "Unidentified attackers"
                sentence_texts.append(f"{doer[0].upper()}{doer[1:]} {trigger} {target_text}{city}"
                                      f"{' in ' + date_text if date_text else ''}, officials said.")
            events_of_sentence[s].append((actor, kind, target, status, date, date_text, actor_text, target_text,
                                          location, confidences[int(rand() * 1000)], trigger, figures))
        # the text: filler around the evidence sentences, offsets exact
        text_parts: list[str] = []
        position = 0
        sentence_rows = []
        filler_len = max(0, (args.doc_chars - sum(len(s) + 2 for s in sentence_texts)) // (len(sentence_texts) + 1))
        for s_text in sentence_texts:
            chunk = fillers.get(filler_len)
            if chunk is None:
                chunk = fillers[filler_len] = (FILLER * (filler_len // len(FILLER) + 1))[:filler_len].rstrip() + "\n\n" if filler_len else ""
            text_parts.append(chunk)
            position += len(chunk)
            sentence_id += 1
            sentence_rows.append((sentence_id, document_id, position, position + len(s_text), s_text))
            text_parts.append(s_text + "\n\n")
            position += len(s_text) + 2
        text = "".join(text_parts).rstrip()
        sent_rows.extend(sentence_rows)
        first_sentence = sentence_id - len(sentence_rows) + 1
        for s, items in enumerate(events_of_sentence):
            for item in items:
                event_rows.append((document_id, first_sentence + s, doc, *item))
        title = f"{main} and {focus}: {kind0.lower().replace('_', ' ')} reported"
        doc_rows.append((document_id, doc, hashlib.sha256(f"{args.seed}:{index}".encode()).hexdigest(),
                         f"synthetic/{doc}.txt", "text", title, f"https://news.example/{doc}", outlet,
                         published.isoformat(), 0, "en", text, "", now, "bench", "bench"))
        made += count
        if len(event_rows) >= batch_events:
            flush()
            rate = made / (time.perf_counter() - started)
            print(f"  {made:,}/{total:,} events ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    flush()
    fill_seconds = time.perf_counter() - started

    t0 = time.perf_counter()
    for kind, name, sql in saved:
        if kind == "index":
            conn.execute(sql)
    index_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    fts = None
    if not args.no_fts and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").fetchone():
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        fts = True
    for kind, name, sql in saved:
        if kind == "trigger":
            conn.execute(sql)
    fts_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    analyze_seconds = time.perf_counter() - t0
    return {
        "db": str(path), "events": made, "documents": docs_total, "sentences": sentence_id,
        "fill_s": round(fill_seconds, 1), "index_s": round(index_seconds, 1), "fts_rebuild_s": round(fts_seconds, 1),
        "analyze_s": round(analyze_seconds, 1), "total_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 1),
        "load_after": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "db_bytes": path.stat().st_size, "fts": bool(fts), "seed": args.seed, "focus_share": share,
        "events_per_doc": per_doc, "events_per_sentence": args.events_per_sentence,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--events-per-doc", type=int, default=7)
    parser.add_argument("--events-per-sentence", type=float, default=1.5)
    parser.add_argument("--doc-chars", type=int, default=1900, help="characters of text per document")
    parser.add_argument("--focus", default="AFG")
    parser.add_argument("--focus-share", type=float, default=0.87, help="share of events with the focus on one side")
    parser.add_argument("--unknown-share", type=float, default=0.04, help="share of events with an unnamed doer (UNK)")
    parser.add_argument("--no-fts", action="store_true", help="leave the FTS index empty (search then finds nothing)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = fill(args)
    print(json.dumps(result, indent=1))
    sidecar = Path(f"{args.db}.fill.json")
    sidecar.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
