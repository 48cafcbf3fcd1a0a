"""The hostile seed set: one entry per input class, with what the built site must show.

Every seed here is either refused with a one-line reason (REJECTED) or built (the others);
tests/hostile/test_site.py asserts on the site built from all of them at once.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

# The article texts are long enough to build a normal page; each carries a marker word the
# tests look for in the built site.
BODY = ("The council met on Tuesday and agreed a new budget for the coming year. "
        "Officials said the plan would be published in full next week.")

_VOCABULARY = ("harbour railway museum orchard bakery tunnel glacier meadow festival library "
               "quarry lantern market bridge ferry workshop chapel garden stadium canal").split()
_bodies = itertools.count()


def body() -> str:
    """BODY plus a sentence no other seed has: every seed is its own article, not a near copy
    of another (identical texts would rightly be shown once)."""
    n = next(_bodies)
    words = " ".join(_VOCABULARY[(n * 7 + i * i) % len(_VOCABULARY)] + str(n) for i in range(12))
    return f"{BODY} Locally, {words}."

# name -> words of the reason the maintainer sees (lower case) for every refused seed.
REJECTED: dict[str, str] = {
    "empty.txt": "empty",
    "whitespace.txt": "whitespace",
    "zero-width.txt": "whitespace",
    "nul-bytes.txt": "binary",
    "image-renamed.txt": "binary",
    "random-bytes.txt": "binary",
    "huge.txt": "over the 10 mb limit",
    "unclosed-front-matter.txt": "no closing",
    "bad-yaml.md": "malformed front matter at line",
    "alias-bomb.txt": "aliases",
    "front-matter-list.txt": "mapping",
    "deep-nesting.txt": "nested too deeply",
    "link-out.txt": "outside seeds",
    "linked-folder": "symbolic link",
    "notes.pdf": "unsupported",
    "dash-only.txt": "no article text",
    "markup-only.md": "no article text",
}

# The sidecar: a bad date for a built seed, and an entry naming a path out of seeds/.
SIDECAR = """crlf.txt:
  date: 2025-13-01
../../etc/passwd:
  title: Escaping sidecar entry
"""
SIDECAR_WARNINGS = {
    "crlf.txt": "field 'date' ignored: '2025-13-01' is not a date",
    "sources.yml": "entry '../../etc/passwd' names no readable seed file",
}

LONG_LINE_END = "Zyxwvutsend"


def _long_line() -> bytes:
    """About 1 MB on one line, built from pieces that make naive regexes backtrack."""
    unit = ("Mr. A. B. C. *open _under `tick [bracket ![img (paren <tag a=b "
            "# hash {: attr } {{ x }} ~~ ** __ " + " " * 40 + "U.S. officials said. ")
    text = unit * (1_000_000 // len(unit))
    return (text + LONG_LINE_END + ".").encode("utf-8")


def text_seeds() -> dict[str, bytes]:
    """Seeds that are plain files: name -> bytes."""
    alias_bomb = "---\n" + "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(9)
    ) + "---\n" + body()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    random_bytes = bytes((i * 131 + 7) % 255 + 1 for i in range(4096))  # no NUL, not text
    return {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t\n \r\n   \n",
        "zero-width.txt": "\u200b\u200b\ufeff\n\u3000\n".encode(),
        "nul-bytes.txt": b"Some text\x00\x00\x00with NUL bytes in it.\n",
        "image-renamed.txt": png,
        "random-bytes.txt": random_bytes,
        "unclosed-front-matter.txt": f"---\ntitle: Never closed\n{body()}\n".encode(),
        "bad-yaml.md": f"---\ntitle: [unclosed\n---\n{body()}\n".encode(),
        "alias-bomb.txt": alias_bomb.encode(),
        "front-matter-list.txt": f"---\n- a\n- b\n---\n{body()}\n".encode(),
        "deep-nesting.txt": ("---\ntitle: " + "[" * 5000 + "]" * 5000 + f"\n---\n{body()}\n")
        .encode(),
        "notes.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "dash-only.txt": b"---\ntitle: Only a fence\n---\n\n",
        "markup-only.md": b"<div><span onclick='x'></span></div>\n\n<!-- nothing -->\n",
        "sources.yml": SIDECAR.encode(),
        # Built, with every word decoded correctly.
        "windows-1252.txt": (b"Caf\xe9 owner says prices \x93will rise\x94 \x96 it\x92s the "
                             b"\x80 Cp1252marker.\r\n\r\n" + body().encode()),
        "latin-1.txt": "Straße in München: señor Ñandú paid ½ of the bill Latin1marker."
        .encode("latin-1") + b"\n\n" + body().encode(),
        "utf-16.txt": ("Ελληνικά and 日本語 text, Utf16marker.\n\n" + body()).encode("utf-16"),
        "utf-16-be.txt": b"\xfe\xff" + ("Кириллица Utf16bemarker.\n\n" + body())
        .encode("utf-16-be"),
        "crlf.txt": (b"Crlf headline marker\r\n\r\nFirst CRLF paragraph ends here.\r\n"
                     b"Second CRLF paragraph, old Mac line end.\rThird CRLF paragraph.\r\n"),
        "long-line.txt": _long_line(),
        # Front matter with values of the wrong shape: the fields are ignored, the article built.
        "bad-date.txt": f"---\ndate: not a date\ntitle: Baddatemarker story\n---\n{body()}\n"
        .encode(),
        "impossible-date.txt": (f"---\ndate: 2025-02-30\ntitle: Impossibledatemarker story\n"
                                f"---\n{body()}\n").encode(),
        "non-scalar.txt": ("---\ntitle: [a, b]\nsource: {x: 1}\nauthors: [{a: b}]\n"
                           "tags: {t: 1}\nslug: [x]\nid: {y: 2}\nurl: [1]\ndate: [2025]\n"
                           f"---\nNonscalarmarker opens the text. {body()}\n").encode(),
        # Titles that slugify alike, in the same month.
        "same-title-1.txt": f"---\ntitle: Same Title!\ndate: 2025-03-05\n---\nSamefirst. {body()}"
        .encode(),
        "same-title-2.txt": f"---\ntitle: same — title\ndate: 2025-03-09\n---\nSamesecond. {body()}"
        .encode(),
        "same-id-1.txt": ("---\nid: twin\ntitle: Twin one\ndate: 2025-03-05\n---\n"
                          f"Twinfirst. {body()}").encode(),
        "same-id-2.txt": ("---\nid: Twin\ntitle: Twin one\ndate: 2025-03-06\n---\n"
                          f"Twinsecond. {body()}").encode(),
        # Fields that try to leave the output folder.
        "escape-relative.txt": ("---\nslug: ../../../escaped-slug\nid: ../../escaped-id\n"
                                "path: ../../escaped-path.md\nurl: ../../escaped-url\n"
                                f"date: 2025-04-01\n---\nEscaperelmarker. {body()}\n").encode(),
        "escape-absolute.txt": ("---\nslug: /tmp/escaped-abs\nid: /etc/passwd\n"
                                "path: /tmp/escaped-abs.md\nurl: file:///etc/passwd\n"
                                f"date: 2025-04-01\n---\nEscapeabsmarker. {body()}\n").encode(),
        # Text that looks like markup.
        "hostile.txt": HOSTILE_TEXT.encode(),
        "hostile.md": HOSTILE_MARKDOWN.encode(),
        "hostile.html": HOSTILE_HTML.encode(),
        "hostile-meta.txt": HOSTILE_META.encode(),
        "rtl-emoji.txt": RTL_TEXT.encode(),
    }


HOSTILE_TEXT = """Hostiletext arrives

This paragraph carries <script>alert('x1')</script> and an image <img src=x onerror=alert(2)>.

A link [click me](javascript:alert(document.cookie)) and a data link [d](data:text/html,hi).

<div onclick="alert(3)">
block html opened by a line
</div>

<!-- a comment that never closes

---

{{ config.site_name }} and {% include 'x' %} and {# note #} stay literal.

X <img src=y onerror=alert(4)> heading

{: onclick="alert(5)" #injected }
Closing paragraph with <a href="javascript:alert(6)">a raw link</a>.
"""

HOSTILE_MARKDOWN = """# Hostilemd heading <script>alert(7)</script>

Paragraph with [a js link](javascript:alert(8)) and
![img](data:image/svg+xml,<svg onload=alert(9)>).

<script>
alert(10)
</script>

<div onmouseover="alert(11)">raw block</div>

Attribute list attempt {: onclick="alert(12)" }

## Section {: onclick="alert(13)" }

* a list item with <b onclick=alert(14)>bold</b>

{{ page.title }} {% if true %}jinja{% endif %}
"""

HOSTILE_HTML = """<!doctype html><html lang="en"><head>
<title>Hostilehtml title &lt;script&gt;alert(15)&lt;/script&gt;</title>
<meta name="author" content="&lt;img src=x onerror=alert(16)&gt;">
<link rel="canonical" href="javascript:alert(17)">
<script>alert(18)</script></head>
<body><article><h1>Hostilehtml headline</h1>
<p onclick="alert(19)">First paragraph of the hostile page, long enough for the extractor to
keep it as article text, with a <a href="javascript:alert(20)">script link</a> inside.</p>
<p>Second paragraph carries &lt;script&gt;alert(21)&lt;/script&gt; as visible text and
<img src="x" onerror="alert(22)"> an image.</p>
<p>Third paragraph is plain and ends the Hostilehtml article body properly.</p>
</article></body></html>
"""

HOSTILE_META = """---
title: "<script>alert(23)</script> Hostilemeta {{ config }} \\" onmouseover=\\"alert(24)"
source: "<img src=x onerror=alert(25)>"
authors: ["\\"><script>alert(26)</script>", "Ann Lee"]
tags: ["<b>bold</b>", "javascript:alert(27)", "../../tag"]
language: "en\\" onload=\\"alert(28)"
date: 2025-05-01
---
Hostilemeta body text. """ + body() + "\n"

RTL_TEXT = """Rtlmarker שלום עולם and مرحبا بالعالم

النص العربي يبقى كما هو: السلام عليكم ورحمة الله.

עברית נשארת עברית, גם עם סימן \u200f כיוון.

Emoji stay whole: 👩‍👩‍👧 family, 🇺🇦 flag, 👍🏽 thumbs, ❤️ heart, 🧑🏿‍🚀 astronaut, \
🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F Scotland.

全角の句読点もそのまま：２０２５年，東京！
"""


def special_seeds(seeds: Path, outside: Path) -> None:
    """Seeds that are not plain files: a sparse 50 MB file and links out of seeds/."""
    with open(seeds / "huge.txt", "wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text("Secretoutside text must never be published.\n")
    os.symlink(secret, seeds / "link-out.txt")
    os.symlink(outside, seeds / "linked-folder")


# File names that cannot be shown on one line or are not UTF-8: refused, named with escapes.
BAD_NAMES: dict[bytes, str] = {
    b"evil\nname.txt": "evil\\nname.txt",
    b"caf\xe9.txt": "caf\\xe9.txt",
}
MARKUP_NAME = "<img src=x onerror=alert(29)> name.txt"


def named_seeds(seeds: Path) -> None:
    for raw in BAD_NAMES:
        with open(os.path.join(os.fsencode(seeds), raw), "wb") as handle:
            handle.write(body().encode())
    (seeds / MARKUP_NAME).write_text("Markupnamemarker. " + body() + "\n", encoding="utf-8")
