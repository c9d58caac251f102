"""Small, distinct, realistic news articles for the durability tests (kill/resume, concurrency, backup).

`write_articles(folder, n, seed)` writes n plain-text articles with sidecars. Every article is
different (its number is in the text), short (about 120 words) and names actors of the gazetteer
with trigger words, so the extractor finds a few events in each.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

__all__ = ["write_articles"]

COUNTRIES = [
    "Russia", "China", "India", "Pakistan", "Iran", "Uzbekistan", "Kazakhstan", "Turkmenistan",
    "Qatar", "Turkey", "Germany", "Japan", "the United Arab Emirates", "Tajikistan", "Indonesia",
]  # fmt: skip
CITIES = {"Russia": "Moscow", "China": "Beijing", "India": "New Delhi", "Pakistan": "Islamabad",
          "Iran": "Tehran", "Uzbekistan": "Tashkent", "Kazakhstan": "Astana", "Turkmenistan": "Ashgabat",
          "Qatar": "Doha", "Turkey": "Ankara", "Germany": "Berlin", "Japan": "Tokyo",
          "the United Arab Emirates": "Abu Dhabi", "Tajikistan": "Dushanbe", "Indonesia": "Jakarta"}  # fmt: skip
TOPICS = ["trade", "transit routes", "water sharing", "border security", "rail links", "energy supplies",
          "humanitarian aid", "mining rights", "counter-narcotics work", "refugee returns"]  # fmt: skip
EVENT_SENTENCES = [
    "{country} on {weekday} accepted the credentials of a Taliban envoy in {city}.",
    "A delegation from {country} visited Kabul on {weekday} for talks on {topic}.",
    "Foreign Minister Amir Khan Muttaqi met the ambassador of {country} in Kabul on {weekday}.",
    "{country} said on {weekday} that it had not recognised the Taliban government.",
    "The Taliban signed an agreement with {country} on {topic} on {weekday}.",
    "{country} pledged humanitarian aid to Afghanistan on {weekday}, officials said.",
    "Pakistan accused the Taliban of sheltering militants near the border on {weekday}.",
    "{country} reopened its embassy in Kabul on {weekday}, the foreign ministry said.",
]
FILLER = [
    "Officials described the talks on {topic} as constructive and said working groups would meet again.",
    "Analysts said the step reflected growing interest in {topic} across the region.",
    "The statement gave no further details about the {n}th round of discussions.",
    "Traders in {city} said they hoped the meeting would ease delays on {topic}.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(number: int, rng: random.Random) -> tuple[str, dict[str, str]]:
    """The text and sidecar of article `number` (distinct for every number)."""
    country = rng.choice(COUNTRIES)
    values = {"country": country, "city": CITIES[country], "topic": rng.choice(TOPICS),
              "weekday": rng.choice(WEEKDAYS), "n": str(number + 1)}  # fmt: skip
    title = f"Report {number + 1}: {country} and Kabul discuss {values['topic']}"
    sentences = [s.format(**values) for s in rng.sample(EVENT_SENTENCES, 2)]
    sentences += [s.format(**values) for s in rng.sample(FILLER, 2)]
    sentences.append(f"This is dispatch number {number + 1} of the regional desk.")
    first = sentences[0]
    body = "\n\n".join([title, first[0].upper() + first[1:], *sentences[1:]])
    published = dt.date(2025, 1, 1) + dt.timedelta(days=number % 300)
    sidecar = {"title": title, "outlet": "Regional Desk", "published": published.isoformat(),
               "url": f"https://desk.example/{number + 1}"}  # fmt: skip
    return body + "\n", sidecar


def write_articles(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write articles 0..n-1 into `folder` (as NNNNN.txt + NNNNN.json); returns the text paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(n):
        text, sidecar = article(number, rng)
        path = folder / f"{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
        paths.append(path)
    return paths
