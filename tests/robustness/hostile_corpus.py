"""The hostile corpus of issue 7: every kind of bad input the ingest must survive, generated on demand.

`write_hostile_corpus(folder)` writes the files (nothing of it is committed: the 100 MB page is
made at test time) and returns one `Case` per article file with the outcome the ingest must give:
`new` (stored, possibly with a warning naming what was odd) or `failed` (with a one-line reason).

Run it by hand to look at a corpus: `python -m tests.robustness.hostile_corpus DIR [--huge-mb N]`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GOOD", "Case", "write_hostile_corpus"]

GOOD = (
    "Russia on Thursday became the first country to formally recognise the Taliban government of "
    "Afghanistan, the Russian foreign ministry said in a statement.\n\n"
    "Foreign Minister Amir Khan Muttaqi received Russia's ambassador in Kabul on the same day and "
    "called the decision brave, according to a video released by his ministry.\n\n"
    "Uzbekistan sent a delegation to Kabul for talks on trade and transit routes last week."
)
PASHTO = (
    "د افغانستان د بهرنیو چارو وزیر امیر خان متقي له روسیې سره د سوداګرۍ او امنیت په اړه خبرې وکړې. "
    "روسیې د طالبانو حکومت په رسمیت وپېژانده او په کابل کې یې خپل سفیر ته دنده ورکړه. "
    "د ازبکستان یو پلاوی د ترانزیټ لارو په اړه د خبرو لپاره کابل ته راغی او ګډې پروژې یې وڅېړلې. "
)
DARI = (
    "وزیر امور خارجه افغانستان با سفیر روسیه در کابل دیدار کرد و درباره تجارت و امنیت گفتگو کرد. "
    "روسیه نخستین کشوری است که حکومت طالبان را به رسمیت شناخت و سفیر آن را پذیرفت. "
    "هیئتی از ازبکستان برای گفتگو درباره راه‌های ترانزیتی و پروژه‌های مشترک به کابل سفر کرد. "
)
RUSSIAN = (
    "Россия в четверг стала первой страной, официально признавшей правительство талибов в Афганистане. "
    "Министр иностранных дел Амир Хан Муттаки принял посла России в Кабуле и назвал решение смелым. "
    "Делегация Узбекистана прибыла в Кабул для переговоров о торговле и транзитных маршрутах. "
)
CHINESE = (
    "俄罗斯周四成为第一个正式承认阿富汗塔利班政府的国家，俄罗斯外交部在一份声明中表示。"
    "阿富汗外交部长穆塔基当天在喀布尔会见了俄罗斯大使，并称这一决定是勇敢的。"
    "乌兹别克斯坦代表团上周抵达喀布尔，就贸易和过境路线问题举行会谈。"
)


@dataclass(frozen=True)
class Case:
    """One article file of the corpus and what the ingest must make of it."""

    name: str  # file name inside the corpus folder
    outcome: str  # "new" or "failed"
    expect: str  # a substring of the failure reason (failed) or of one warning (new; "" = none needed)
    about: str  # what the case is, for the report
    language: str = "en"  # the language the stored document must be marked with (new only)


def good(tag: str) -> str:
    """The good article, made distinct (each case is stored as its own document)."""
    return f"{GOOD}\n\nThis copy of the report was filed as {tag} by the regional desk."


def _html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>\n"


def _article_html(text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return _html(f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>{paragraphs}</article>")


def _write(folder: Path, name: str, data: bytes | str, sidecar: str | bytes | dict | None = None) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if sidecar is not None:
        if isinstance(sidecar, dict):
            sidecar = json.dumps(sidecar)
        path.with_suffix(".json").write_bytes(sidecar.encode("utf-8") if isinstance(sidecar, str) else sidecar)


def _huge_page(path: Path, megabytes: int) -> None:
    """An HTML page of `megabytes` MB: one article followed by endless comment paragraphs."""
    rng = random.Random(100)
    words = GOOD.replace("\n", " ").split()
    with path.open("wb") as out:
        out.write(_html("<article>").encode()[: -len("</body></html>\n")])
        out.write(b"".join(f"<p>{p}</p>".encode() for p in GOOD.split("\n\n")))
        block = "".join(f"<p>Comment {i}: {' '.join(rng.sample(words, 30))}.</p>\n" for i in range(2000)).encode()
        while out.tell() < megabytes * 1024 * 1024:
            out.write(block)
        out.write(b"</article></body></html>\n")


def write_hostile_corpus(folder: Path, *, huge_mb: int = 100, today: dt.date | None = None) -> list[Case]:
    """Write the corpus into `folder` (created) and return its cases, in file-name order."""
    folder.mkdir(parents=True, exist_ok=True)
    today = today or dt.date.today()
    cases: list[Case] = []

    def case(name: str, outcome: str, expect: str, about: str, language: str = "en") -> None:
        cases.append(Case(name, outcome, expect, about, language))

    # --- good articles: the batch around the bad ones must still be stored
    _write(folder, "good_1.txt", good("good one"), {"published": "2025-07-04", "outlet": "Wire"})
    case("good_1.txt", "new", "", "a good plain-text article with a sidecar")
    _write(folder, "good_2.html", _article_html(good("good two")), {"published": "2025-07-05"})
    case("good_2.html", "new", "", "a good HTML article with a sidecar")

    # --- empty and binary
    _write(folder, "empty.txt", b"")
    case("empty.txt", "failed", "empty file", "an empty file")
    _write(folder, "blank.html", b" \n\t\r\n ")
    case("blank.html", "failed", "empty file", "whitespace only")
    noise = random.Random(1).randbytes
    _write(folder, "binary.html", noise(64 * 1024))
    case("binary.html", "failed", "binary file", "random bytes named .html")
    _write(folder, "image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    case("image.html", "failed", "binary file (PNG image)", "a PNG image named .html")
    _write(folder, "archive.html", b"\x1f\x8b\x08\x00" + noise(4096))
    case("archive.html", "failed", "binary file (gzip archive)", "a gzip archive named .html")

    # --- size
    _huge_page(folder / "huge.html", huge_mb)
    case("huge.html", "failed", "too large", f"a {huge_mb} MB HTML page")

    # --- hostile HTML
    depth = 50_000
    _write(folder, "nested.html", _html("<div>" * depth + f"<p>{good('nested')}</p>" + "</div>" * depth))
    case("nested.html", "failed", "nested more than 255 elements deep", f"HTML nested {depth:,} <div>s deep")
    _write(folder, "nested_200.html", _html("<div><span>" * 100 + f"<p>{good('nested 200')}</p>" + "</span></div>" * 100))
    case("nested_200.html", "new", "", "HTML nested 200 elements deep (within the parser's limit)")
    bomb_dtd = "<!DOCTYPE html [\n" + '<!ENTITY lol "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">\n' for i in range(10)
    ) + "]>\n"
    bomb = bomb_dtd + _article_html(good("bomb") + "\n\n&lol9; &lol9;")[len("<!DOCTYPE html>\n") :]
    _write(folder, "entity_bomb.html", bomb)
    case("entity_bomb.html", "new", "", "a billion-laughs entity bomb in the DOCTYPE (entities not expanded)")
    numeric = "".join(f"&#{0x41 + i % 26};&amp;&nbsp;" for i in range(300_000))
    _write(folder, "entity_flood.html", _article_html(good("flood") + "\n\n" + numeric))
    case("entity_flood.html", "new", "characters after cleaning: cut to", "900,000 character references in one paragraph", "und")
    _write(folder, "xml_bomb.html", '<?xml version="1.0"?>\n' + bomb.replace("as bomb", "as xml bomb"))
    case("xml_bomb.html", "new", "", "an XHTML page with an entity bomb")

    # --- encodings
    latin = good("latin") + "\n\nLe ministre a déclaré à Genève que la réunion était « très utile »."
    _write(folder, "latin1.txt", latin.encode("latin-1"))
    case("latin1.txt", "new", "read as cp1252", "Latin-1 bytes, no charset declared")
    _write(folder, "utf16_bom.txt", codecs.BOM_UTF16_LE + good("utf-16 le").encode("utf-16-le"))
    case("utf16_bom.txt", "new", "", "UTF-16 LE with a byte-order mark")
    _write(folder, "utf16_be_bom.html", codecs.BOM_UTF16_BE + _article_html(good("utf-16 be")).encode("utf-16-be"))
    case("utf16_be_bom.html", "new", "", "UTF-16 BE HTML with a byte-order mark")
    _write(folder, "utf16_nobom.txt", good("no bom").encode("utf-16-le"))
    case("utf16_nobom.txt", "new", "no byte-order mark", "UTF-16 LE without a byte-order mark")
    mixed = good("mixed").encode("utf-8") + "\n\nA café in Genève, the “talks” went on.".encode("cp1252")
    mixed += "\n\nThe minister said the talks in Genève went well – “very well”.".encode("utf-8")
    _write(folder, "mixed.txt", mixed)
    case("mixed.txt", "new", "mixed encodings", "UTF-8 and cp1252 mixed in one file")
    _write(folder, "declared_wrong.html", _article_html(latin.replace("latin", "wrong charset")).replace("utf-8", "shift_jis").encode("latin-1"))
    case("declared_wrong.html", "new", "", "Latin-1 bytes with a wrong declared charset")

    # --- other languages: stored without events, marked with their language and a warning
    _write(folder, "pashto.txt", PASHTO * 3, {"published": "2025-07-04"})
    case("pashto.txt", "new", "best guess 'ps'", "Pashto", "ps")
    _write(folder, "dari.txt", DARI * 3, {"published": "2025-07-04"})
    case("dari.txt", "new", "best guess 'fa'", "Dari", "fa")
    _write(folder, "russian.html", _article_html(RUSSIAN * 3), {"published": "2025-07-04"})
    case("russian.html", "new", "best guess 'ru'", "Russian", "ru")
    _write(folder, "chinese.txt", CHINESE * 3, {"published": "2025-07-04"})
    case("chinese.txt", "new", "best guess 'zh'", "Chinese", "zh")

    # --- sidecars: never fatal, every bad field named
    _write(folder, "sidecar_broken.txt", good("broken sidecar"), '{"title": "x", "published": ')
    case("sidecar_broken.txt", "new", "invalid JSON", "a sidecar that is not JSON")
    _write(folder, "sidecar_types.txt", good("typed sidecar"),
           {"title": ["a"], "published": 20250704, "url": {"x": 1}, "author": "me"})  # fmt: skip
    case("sidecar_types.txt", "new", "'published' must be a string", "a sidecar with wrong field types")
    _write(folder, "sidecar_list.txt", good("list sidecar"), "[1, 2, 3]")
    case("sidecar_list.txt", "new", "expected a JSON object", "a sidecar that is a JSON list")
    _write(folder, "sidecar_latin1.txt", good("latin sidecar"), '{"title": "Genève"}'.encode("latin-1"))
    case("sidecar_latin1.txt", "new", "not UTF-8", "a sidecar in Latin-1")
    _write(folder, "sidecar_baddate.txt", good("bad date"), {"published": "2025-02-30"})
    case("sidecar_baddate.txt", "new", "is not a date", "a sidecar date that does not exist")

    # --- dates in the future: ignored with a warning, never a base for "last week"
    future = today.replace(year=today.year + 3).isoformat()
    _write(folder, "future_sidecar.txt", good("future").replace("Russia on Thursday", "Last week Russia"), {"published": future})
    case("future_sidecar.txt", "new", "in the future", "a sidecar published three years ahead")
    head = f"<meta property='article:published_time' content='{future}'>"
    _write(folder, "future_meta.html", _html(f"<article><p>{good('future meta').replace('on Thursday', 'last Monday')}</p></article>", head))
    case("future_meta.html", "new", "", "HTML metadata dated three years ahead (ignored: no date)")

    # --- a 50,000-character sentence
    clause = "and officials in the northern provinces talked about the harvest, the weather and the price of bread "
    visit = "while a delegation from Uzbekistan visited Kabul "
    monster = "Russia said " + (clause * 9 + visit) * (50_000 // (len(clause) * 9 + len(visit))) + "for hours."
    _write(folder, "long_sentence.txt", good("long sentence") + "\n\n" + monster + "\n\n" + GOOD.split("\n\n")[1])
    case("long_sentence.txt", "new", "", "one sentence of 50,000 characters between good ones")
    _write(folder, "long_word.txt", good("long word") + "\n\n" + "x" * 60_000 + " ends here with several words after.")
    case("long_word.txt", "new", "", "a single 60,000-character word")

    # --- nothing left after cleaning
    _write(folder, "furniture.html", _html("<nav><a href='/'>Home</a></nav><footer>© 2025 Example</footer>"))
    case("furniture.html", "failed", "no article text found after cleaning", "a page of navigation only")
    _write(folder, "script_only.html", _html("<script>" + "var x = 1;\n" * 5000 + "</script>"))
    case("script_only.html", "failed", "no article text found after cleaning", "a page that is all script")

    # --- links: loops end, a link to itself fails with its reason
    loops = folder / "zz_loops"
    loops.mkdir(exist_ok=True)
    _write(loops, "inner.txt", good("inner"))
    case("zz_loops/inner.txt", "new", "", "an article inside a folder with link loops")
    for link, target in (("back", folder), ("self", loops)):
        if not (loops / link).is_symlink():
            (loops / link).symlink_to(target, target_is_directory=True)
    if not (loops / "self_link.txt").is_symlink():
        os.symlink("self_link.txt", loops / "self_link.txt")
    case("zz_loops/self_link.txt", "failed", "Too many levels of symbolic links", "a file link that points to itself")
    if not (loops / "dangling.html").is_symlink():
        os.symlink("missing.html", loops / "dangling.html")
    case("zz_loops/dangling.html", "failed", "unreadable", "a link to a missing file")
    return sorted(cases, key=lambda c: c.name)


if __name__ == "__main__":  # python -m tests.robustness.hostile_corpus DIR [--huge-mb N]
    size = int(sys.argv[sys.argv.index("--huge-mb") + 1]) if "--huge-mb" in sys.argv else 100
    for c in write_hostile_corpus(Path(sys.argv[1]), huge_mb=size):
        print(f"{c.name:28} {c.outcome:7} {c.about}")
