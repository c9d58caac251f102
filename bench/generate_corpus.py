"""Write a synthetic news corpus for the benchmarks: N articles, deterministic for a seed, streamed.

    .venv/bin/python bench/generate_corpus.py --docs 10000 --out bench/.cache/corpus-10000 [--seed 1]

~60% HTML pages with site furniture (cookie banner, nav menu, ad slots, newsletter promo, inline
scripts and styles, a "More from ..." block of other headlines, footer) around the article, ~40%
plain-text pages with the text-page furniture (section menu, "Advertisement" lines, repeated photo
captions, "More from ..." block, copyright line); about half with a NAME.json sidecar. Lengths are
log-normal (median ~500 words, clipped to 150-2500). Most articles are sport, weather, markets,
local politics, culture or science; about a quarter are diplomatic news about Afghanistan's
Taliban government and other states, and a few others carry one diplomatic paragraph. Every
sentence comes from `bench/templates.yaml` (written for this project; no real article text).

Each document is drawn from its own `random.Random(f"{seed}:{index}")`, so document i is the same
in every corpus made with that seed (the 1,000-document corpus is the first 1,000 documents of the
10,000 one), and nothing but the current document is ever held in memory. Files go into folders of
1,000 (`0000/`, `0001/`, ...). `MANIFEST.json`, written last, records the parameters and a
fingerprint of this script and the templates, so a cached corpus can be checked before reuse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates.yaml"
PER_FOLDER = 1000
FIRST_DAY = dt.date(2021, 9, 1)
LAST_DAY = dt.date(2025, 11, 15)
SHARE_HTML = 0.6
SHARE_SIDECAR = 0.5
SHARE_DIPLOMATIC = 0.25  # articles about diplomacy
SHARE_BRIEF = 0.10  # other articles that carry one diplomatic paragraph ("world in brief")
MEDIAN_WORDS, SIGMA_WORDS, MIN_WORDS, MAX_WORDS = 500, 0.65, 150, 2500
OTHER_TOPICS = ("sport", "weather", "markets", "local", "culture", "science")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SLOT = re.compile(r"\{([A-Za-z_]+)(?:\.([a-z_]+))?\}")


def fingerprint() -> str:
    """Changes whenever this script or the templates change (a cached corpus is then rebuilt)."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + TEMPLATES.read_bytes())
    return digest.hexdigest()[:16]


def load_templates(path: Path = TEMPLATES) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data.get("schema_version") != 1:
        raise SystemExit(f"{path}: unknown schema_version {data.get('schema_version')!r}")
    return data


@dataclass(frozen=True)
class Page:
    folder: str
    name: str  # file stem
    ext: str  # "html" or "txt"
    content: str
    sidecar: dict[str, str] | None
    words: int  # words of article body
    diplomatic_sentences: int
    sentences: int


class Writer:
    """Fills templates for one document (one rng, one publication day, one main country)."""

    def __init__(self, t: dict[str, Any], rng: random.Random, published: dt.date) -> None:
        self.t, self.rng, self.published = t, rng, published
        self.x: dict[str, str] = {}
        self.y: dict[str, str] = {}
        self.pick_countries()
        self.unused: dict[str, list[str]] = {}  # templates not yet used in this document, per pool

    def pick_countries(self, keep_x: bool = False) -> None:
        countries = self.t["countries"]
        if not keep_x:
            self.x = self.rng.choice(countries)
        others = [c for c in countries if c["code"] != self.x["code"]]
        self.y = self.rng.choice(others)

    # -- slots -------------------------------------------------------------------------------
    def date_phrase(self, future: bool) -> str:
        form = self.rng.choice(self.t["dates"]["future" if future else "past"])
        rng, day = self.rng, self.published
        if "{weekday}" in form:
            shift = rng.randint(1, 6)
            when = day + dt.timedelta(days=shift) if future else day - dt.timedelta(days=shift)
            form = form.replace("{weekday}", WEEKDAYS[when.weekday()])
        if "{day_month}" in form:
            when = day - dt.timedelta(days=rng.randint(1, 60))
            form = form.replace("{day_month}", f"{when.day} {MONTHS[when.month - 1]}")
        if "{month}" in form:
            when = day + dt.timedelta(days=rng.randint(35, 150))
            form = form.replace("{month}", MONTHS[when.month - 1])
        return form

    def number(self, kind: str) -> str:
        rng = self.rng
        if kind == "n":
            return str(rng.randint(2, 9))
        if kind == "big":
            return f"{rng.choice([rng.randint(120, 990), rng.randint(1000, 48000)]):,}"
        return f"{rng.randint(0, 4)}.{rng.randint(1, 9)}"  # pct

    def slot(self, match: re.Match[str]) -> str:
        name, field = match.group(1), match.group(2)
        t, rng = self.t, self.rng
        if field:
            if name == "X":
                return self.x[field]
            if name == "Y":
                return self.y[field]
            if name == "A":
                focus = t["focus"]
                if field == "ref":
                    return rng.choice(focus["refs"])
                if field == "minister":
                    return rng.choice(focus["ministers"])
                return focus[field]
            raise KeyError(match.group(0))
        if name == "date":
            return self.date_phrase(False)
        if name == "date_future":
            return self.date_phrase(True)
        if name in ("n", "big", "pct"):
            return self.number(name)
        return rng.choice(t["slots"][name])

    def fill(self, template: str) -> str:
        text = _SLOT.sub(self.slot, template)
        return text[0].upper() + text[1:]

    # -- sentences and paragraphs --------------------------------------------------------------
    def draw(self, pool_name: str, pool: list[str], count: int) -> list[str]:
        """`count` templates of a pool, none repeated in the document until the pool is used up."""
        out: list[str] = []
        for _ in range(count):
            left = self.unused.get(pool_name)
            if not left:
                left = self.unused[pool_name] = self.rng.sample(pool, len(pool))
            out.append(left.pop())
        return out

    def diplomatic_sentence(self) -> str:
        weights = self.t["diplomatic_weights"]
        kind = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        return self.fill(self.rng.choice(self.t["diplomatic"][kind]))

    def diplomatic_paragraph(self) -> tuple[list[str], int]:
        """2-4 sentences: one or two acts, the rest context."""
        size = self.rng.randint(2, 4)
        acts = 1 if size < 4 else self.rng.randint(1, 2)
        out = [self.diplomatic_sentence() for _ in range(acts)]
        context = self.draw("context", self.t["diplomatic_context"], size - acts)
        out += [self.fill(c) for c in context]
        return out, acts

    def topic_paragraph(self, topic: str) -> list[str]:
        pool = self.t["topics"][topic]["sentences"]
        return [self.fill(s) for s in self.draw(topic, pool, self.rng.randint(2, 4))]

    def headline(self, topic: str) -> str:
        if topic == "diplomacy":
            return self.fill(self.rng.choice(self.t["diplomatic_headlines"]))
        return self.fill(self.rng.choice(self.t["topics"][topic]["headlines"]))


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def build_body(w: Writer, topic: str, target: int) -> tuple[list[str], int, int]:
    """Paragraphs of about `target` words; (paragraphs, diplomatic sentences, sentences)."""
    rng = w.rng
    paragraphs: list[str] = []
    diplomatic = sentences = 0
    brief_at = rng.randint(1, 6) if topic != "diplomacy" and rng.random() < SHARE_BRIEF / (1 - SHARE_DIPLOMATIC) else -1
    while _words(paragraphs) < target:
        if topic == "diplomacy" and (not paragraphs or rng.random() < 0.55):
            if rng.random() < 0.2:
                w.pick_countries(keep_x=rng.random() < 0.5)  # a second country in the same story
            para, acts = w.diplomatic_paragraph()
            diplomatic += acts
        elif topic == "diplomacy":
            para = [w.fill(s) for s in w.draw("context", w.t["diplomatic_context"], rng.randint(2, 3))]
        elif len(paragraphs) == brief_at:
            w.pick_countries()
            para, acts = w.diplomatic_paragraph()
            diplomatic += acts
        else:
            para = w.topic_paragraph(topic)
        sentences += len(para)
        paragraphs.append(" ".join(para))
    return paragraphs, diplomatic, sentences


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6]) or "article"


def _other_headlines(w: Writer, count: int) -> list[tuple[str, str]]:
    """Teasers for the "More from" block: a headline and a one-sentence summary, any topic."""
    out = []
    for _ in range(count):
        topic = w.rng.choice(("diplomacy",) + OTHER_TOPICS)
        w.pick_countries()
        if topic == "diplomacy":
            out.append((w.headline(topic), w.diplomatic_sentence()))
        else:
            out.append((w.headline(topic), w.fill(w.rng.choice(w.t["topics"][topic]["sentences"]))))
    return out


def make_page(t: dict[str, Any], seed: int, index: int) -> Page:
    rng = random.Random(f"{seed}:{index}")
    published = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    w = Writer(t, rng, published)
    topic = "diplomacy" if rng.random() < SHARE_DIPLOMATIC else rng.choice(OTHER_TOPICS)
    target = int(min(MAX_WORDS, max(MIN_WORDS, rng.lognormvariate(math.log(MEDIAN_WORDS), SIGMA_WORDS))))
    title = w.headline(topic)
    paragraphs, diplomatic, sentences = build_body(w, topic, target)
    outlet = rng.choice(t["outlets"])
    reporter = rng.choice(t["reporters"])
    furniture = t["furniture"]
    caption = furniture["caption"].format(
        caption_subject=rng.choice(furniture["caption_subjects"]), photographer=rng.choice(t["photographers"]),
        agency=rng.choice(t["agencies"]))
    teasers = _other_headlines(w, rng.randint(3, 6))
    section = rng.choice(outlet["sections"][1:])
    slug = _slug(title)
    url = f"https://www.{outlet['domain']}/{section.lower().replace(' ', '-')}/{published:%Y/%m/%d}/{slug}"
    fmt = "html" if rng.random() < SHARE_HTML else "txt"
    ctx = {"rng": rng, "t": t, "outlet": outlet, "reporter": reporter, "caption": caption, "teasers": teasers,
           "section": section, "title": title, "paragraphs": paragraphs, "published": published, "url": url}
    content = html_page(**ctx) if fmt == "html" else text_page(**ctx)
    sidecar = None
    if rng.random() < SHARE_SIDECAR:
        sidecar = {"url": url, "title": title, "outlet": outlet["name"], "published": published.isoformat()}
    return Page(f"{index // PER_FOLDER:04d}", f"{index:07d}_{slug}", fmt, content, sidecar,
                _words(paragraphs), diplomatic, sentences)


def text_page(*, rng: random.Random, t: dict[str, Any], outlet: dict[str, Any], reporter: str, caption: str,
              teasers: list[tuple[str, str]], section: str, title: str, paragraphs: list[str],
              published: dt.date, url: str) -> str:
    f = t["furniture"]
    lines = [outlet["name"], " | ".join(outlet["sections"]), rng.choice(f["newsletter"]), "", section.upper(), "",
             title, "", f"By {reporter}", ""]
    if rng.random() < 0.7:
        lines += [caption, caption, ""]
    every = rng.randint(3, 6)
    for i, paragraph in enumerate(paragraphs, 1):
        lines += [paragraph, ""]
        if i % every == 0 and i < len(paragraphs):
            lines += [rng.choice(f["ad"]), ""]
    lines += [f"Subscribe to {outlet['name']} for full access to our reporting", ""]
    topics = rng.sample(outlet["sections"][1:], 3)
    lines += [f["topics_line"].format(t1=topics[0], t2=topics[1], t3=topics[2]), ""]
    lines += [rng.choice(f["more_from"]).format(outlet=outlet["name"]), ""]
    for head, summary in teasers:
        lines += [head, summary, ""]
    lines += [f"(c) {published.year} {outlet['name']}. {rng.choice(f['footer'])}"]
    return "\n".join(lines) + "\n"


def _script_blob(rng: random.Random) -> str:
    keys = ["slot", "unit", "pageType", "section", "experiment", "bucket", "consent", "region"]
    blob = {k: f"{k}-{rng.randint(100, 99999)}" for k in rng.sample(keys, 5)}
    return ("window.__PAGE__ = " + json.dumps(blob) + ";\n"
            "(function(){var s=document.createElement('script');s.async=true;"
            "s.src='/static/js/analytics.js?v=" + str(rng.randint(1, 999)) + "';document.head.appendChild(s);})();")


def html_page(*, rng: random.Random, t: dict[str, Any], outlet: dict[str, Any], reporter: str, caption: str,
              teasers: list[tuple[str, str]], section: str, title: str, paragraphs: list[str],
              published: dt.date, url: str) -> str:
    f, e = t["furniture"], html.escape
    name = e(outlet["name"])
    meta = ""
    if rng.random() < 0.6:
        meta += f'  <meta property="article:published_time" content="{published.isoformat()}T{rng.randint(5, 22):02d}:00:00+00:00">\n'
    if rng.random() < 0.5:
        meta += f'  <link rel="canonical" href="{e(url)}">\n'
    nav = "\n".join(f'        <li><a href="/{e(s.lower().replace(" ", "-"))}/">{e(s)}</a></li>' for s in outlet["sections"])
    body = []
    every = rng.randint(3, 6)
    for i, paragraph in enumerate(paragraphs, 1):
        body.append(f"      <p>{e(paragraph)}</p>")
        if i == 2 and rng.random() < 0.7:
            subject, credit = caption.split(". Photograph: ")
            body.append(f'      <figure class="lead-image">\n        <img src="/img/{published:%Y/%m}/{rng.randint(1000, 9999)}.jpg" alt="">\n'
                        f'        <figcaption>{e(subject)}. <span class="credit">Photograph: {e(credit)}</span></figcaption>\n      </figure>')
        if i % every == 0 and i < len(paragraphs):
            body.append(f'      <div class="ad ad-inline" data-slot="mid-{i}">{e(rng.choice(f["ad"]))}</div>')
        if i == every + 1 and rng.random() < 0.5:
            body.append(f'      <div class="promo newsletter-signup"><p class="promo-text">{e(rng.choice(f["newsletter"]))}</p><button>Sign up</button></div>')
    teaser_html = "\n".join(
        f'      <div class="teaser"><h3><a href="/{e(section.lower())}/{rng.randint(10000, 99999)}/">{e(h)}</a></h3>'
        f'<p class="teaser-summary">{e(s)}</p></div>' for h, s in teasers)
    more = e(rng.choice(f["more_from"]).format(outlet=outlet["name"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} | {name}</title>
  <meta property="og:site_name" content="{name}">
  <meta property="og:title" content="{e(title)}">
{meta}  <link rel="stylesheet" href="/static/css/site.css">
  <style>
    .cookie-consent {{ position: fixed; bottom: 0; width: 100%; background: #222; color: #fff; }}
    .ad {{ min-height: {rng.choice([90, 250, 280])}px; background: #f4f4f4; text-align: center; }}
    .main-nav li {{ display: inline-block; margin: 0 {rng.randint(4, 12)}px; }}
  </style>
  <script async src="/static/js/ads.js"></script>
  <script>{_script_blob(rng)}</script>
</head>
<body class="article-page">
  <div id="cookie-banner" class="cookie-consent" role="dialog">
    <p>{e(rng.choice(f["cookie"]))}</p>
    <button class="accept">Accept all</button> <button class="reject">Manage preferences</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">{name}</a>
    <nav class="main-nav" aria-label="Sections">
      <ul>
{nav}
      </ul>
    </nav>
    <a class="subscribe-button" href="/subscribe/">Subscribe</a>
  </header>
  <div class="ad ad-leaderboard" data-slot="top">{e(rng.choice(f["ad"]))}</div>
  <main>
    <article>
      <header>
        <p class="kicker">{e(section)}</p>
        <h1>{e(title)}</h1>
        <p class="byline">By <a href="/authors/{e(_slug(reporter))}/">{e(reporter)}</a></p>
        <span class="dateline"><time datetime="{published.isoformat()}">{published.day} {MONTHS[published.month - 1]} {published.year}</time></span>
      </header>
{chr(10).join(body)}
    </article>
    <aside class="related">
      <h2>{more}</h2>
{teaser_html}
    </aside>
  </main>
  <footer class="site-footer">
    <p>&copy; {published.year} {name}. {e(rng.choice(f["footer"]))}</p>
  </footer>
  <script>window.dataLayer=window.dataLayer||[];window.dataLayer.push({{"event":"pageview","id":{rng.randint(10**6, 10**7)}}});</script>
</body>
</html>
"""


def iter_pages(docs: int, seed: int, start: int = 0) -> Iterator[Page]:
    t = load_templates()
    for index in range(start, docs):
        yield make_page(t, seed, index)


def manifest_ok(out: Path, docs: int, seed: int) -> bool:
    """`out` holds a finished corpus of exactly these parameters, made by this generator."""
    try:
        found = json.loads((out / "MANIFEST.json").read_text())
    except (OSError, ValueError):
        return False
    return found.get("docs") == docs and found.get("seed") == seed and found.get("fingerprint") == fingerprint()


def generate(docs: int, out: Path, seed: int = 1, *, quiet: bool = False) -> dict[str, Any]:
    """Write the corpus (streaming) and its MANIFEST.json; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "MANIFEST.json").unlink(missing_ok=True)
    started = time.perf_counter()
    totals = {"html": 0, "txt": 0, "sidecars": 0, "words": 0, "sentences": 0, "diplomatic_sentences": 0,
              "diplomatic_articles": 0, "bytes": 0}
    words: list[int] = []  # one int per document, for the length percentiles (8 bytes each)
    made_folders: set[str] = set()
    for i, page in enumerate(iter_pages(docs, seed)):
        folder = out / page.folder
        if page.folder not in made_folders:
            folder.mkdir(exist_ok=True)
            made_folders.add(page.folder)
        data = page.content.encode("utf-8")
        (folder / f"{page.name}.{page.ext}").write_bytes(data)
        if page.sidecar is not None:
            (folder / f"{page.name}.json").write_text(json.dumps(page.sidecar, indent=1) + "\n", encoding="utf-8")
            totals["sidecars"] += 1
        totals[page.ext] += 1
        totals["words"] += page.words
        totals["sentences"] += page.sentences
        totals["diplomatic_sentences"] += page.diplomatic_sentences
        totals["diplomatic_articles"] += page.diplomatic_sentences > 0
        totals["bytes"] += len(data)
        words.append(page.words)
        if not quiet and (i + 1) % 5000 == 0:
            print(f"  {i + 1:,}/{docs:,} documents ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    words.sort()
    pct = lambda q: words[min(len(words) - 1, int(q * len(words)))] if words else 0
    manifest = {"docs": docs, "seed": seed, "fingerprint": fingerprint(), **totals,
                "words_p5": pct(0.05), "words_median": pct(0.5), "words_p95": pct(0.95),
                "seconds": round(time.perf_counter() - started, 1)}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = generate(args.docs, args.out, args.seed)
    print(json.dumps(manifest, indent=1))


if __name__ == "__main__":
    main()
