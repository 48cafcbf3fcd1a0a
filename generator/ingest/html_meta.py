"""A saved page's metadata treated as evidence to check, not as fact.

Pages declare their title, authors, date and outlet in several places (<title>, og: tags,
JSON-LD, bylines), and trafilatura passes on whichever it finds first. Each of those places
carries known noise: titles end in the site's name or are page furniture ("Follow us on
Twitter"); author fields hold bylines with dates, "Link Copied", job titles, outlets, or words
that are not names at all ("Lesedauer", "See full bio"); site names are stubs made from the
host ("Nj", "Hosted"). Every rule here removes one kind of noise and says why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator.clean import is_furniture

# Separators sites put between a headline and their name ("Title | Site", "Site - Title").
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|//|»|:)\s+")
# Title-only furniture that the body cleaner's line patterns do not cover: what a page's
# <title> or heading says when it is a sign-up box, an error or a login wall.
_FURNITURE_TITLE = re.compile(
    r"^(?:get .{1,40} in your inbox|sign (?:in|up)\b.*|log ?in\b.*|subscribe\b.*|"
    r"(?:page|article) not found|404\b.*|access denied|just a moment.*|"
    r"attention required.*|newsletter\b.*|follow us\b.*|share this\b.*|"
    r"(?:home|homepage|index|untitled( document)?)|.*\bcookies?\b.*)[.!]?$", re.I)
# A heading is "similar" to the title when this share of its words is in the title.
SIMILAR_HEADING_SHARE = 0.8
MAX_NAME_WORDS = 4
SECTION_LABELS = frozenset(
    "opinion analysis editorial comment commentary review reviews news live breaking "
    "exclusive video watch podcast column letters explainer fact check".split()) | {
    "fact check", "breaking news", "live updates", "world news", "latest news"}
MIN_H1_WORDS = 3  # a shorter h1 is a site or section name more often than a headline
SHORT_TITLE_CHARS = 16  # ... unless it is long in characters (a title in a script without spaces)
MAX_SITE_NAME_EXTRA_CHARS = 8  # "The ... Blog", "... News", "... Online" around a site name
# Lower-case particles of personal names ("Ludwig van Beethoven", "Ana de Armas").
_NAME_PARTICLES = frozenset("van von de da del della der den di du dos la le al bin ibn el "
                            "ter ten".split())
# "By", "Written by", "Analysis by": a credit verb of one or two words before the name.
_BY = re.compile(r"^(?:\w+\s+){0,2}?(?:by|von|por|par|door|di|av|af)\b[:\s]*", re.I)
# A credit label before the name ("Text: ...", "Текст Венера ...", "Autor: ..."): the label
# words pages use for the writer, followed by a colon or directly by the name.
_CREDIT_LABEL = re.compile(
    r"^(?:text|texte|testo|texto|текст|words|autor|autorin|auteur|autore|author|reporting|"
    r"written)\b\s*[:：\-–—]?\s*", re.I)
# "Finian Cunningham. Sputnik International": a full stop after a whole word (not an initial
# as in "Sarah E. Needleman") ends the name; what follows is an affiliation.
_AFFILIATION_STOP = re.compile(r"(?<=[^\W\d_]{3})\.\s+.*$")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
# A credit that names a newsroom, not a person ("Science X staff", "Editorial Staff").
_NEWSROOM = re.compile(r"\b(?:staff|editorial|newsroom|bureau|desk|reports)\b", re.I)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Everything from the first date, time or "updated/published" word on is not the name.
_TRAILING_DATE = re.compile(
    r"(?:\s*[,|•·–—-]?\s*)(?:\b" + _MONTH + r"(?=\s|$)|\b" + _WEEKDAY + r"\b|\d|"
    r"\b(?:updated|published|posted|"
    r"last modified|am|pm|gmt|utc|est|edt)\b).*$", re.I)
_FURNITURE_NAME_WORDS = re.compile(
    r"\b(?:link copied|copy link|see full bio|full bio|view (?:all )?(?:posts|articles|"
    r"profile)|more (?:by|from|articles)|follow|email|twitter|facebook|instagram|linkedin|"
    r"contact|share|comments?|reading time|lesedauer|min(?:ute)?s? read|read more|"
    r"subscribe|newsletter|staff|editors?|team|desk|news service|wire|opinion|"
    r"contributors?|guest|author|bio|profile|"
    # words of outlets' names that are nobody's surname: "Fox News", "Sputnik International"
    r"news|times|media|tribune|herald|journal|magazine|online|network|international|"
    r"radio|tv|channel|agency|group|inc|ltd|llc|company|digital|blog|gazette|wire)\b", re.I)
# Outlet words that are also surnames (Emily Post, Bill Press): such a credit names an outlet
# only when its other words read like an outlet's ("New York Post", "Detroit Free Press"): three
# or more words, or a first word that heads outlets' names (places, "Huffington", "Free").
_SURNAME_OUTLET_WORDS = frozenset({"post", "press", "daily"})
_OUTLET_FIRST_WORDS = frozenset(
    "washington jerusalem huffington denver bangkok new free national financial evening "
    "morning sunday weekly global".split())
# Job titles written after a name ("Jane Doe, Senior Reporter"); what follows is dropped.
_JOB_WORDS = re.compile(
    r"\b(?:reporter|correspondent|writer|editor|columnist|producer|analyst|contributor|"
    r"journalist|photographer|chief|senior|deputy|managing|executive|bureau|staff|"
    r"associate|host|anchor|critic|director|head of|president|professor|fellow|intern)\b",
    re.I)
_SECTION_WORDS = re.compile(
    r"(?:\s+(?:news|national|political|politics|security|business|sports?|foreign|science|"
    r"health|tech(?:nology)?|economics?|entertainment|world|white house|local|digital|"
    r"investigative|legal|culture|travel|features?))+\s*$", re.I)
# News agencies and wire services: an author field naming one names the source, not a person.
AGENCY_NAMES = {
    "ap": "The Associated Press", "associated press": "The Associated Press",
    "the associated press": "The Associated Press", "reuters": "Reuters",
    "thomson reuters": "Reuters", "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse", "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg", "dpa": "Deutsche Presse-Agentur", "upi": "UPI",
    "pa": "PA Media", "pa media": "PA Media", "press association": "PA Media",
    "the canadian press": "The Canadian Press", "canadian press": "The Canadian Press",
    "ani": "ANI", "pti": "PTI", "ians": "IANS", "xinhua": "Xinhua", "efe": "EFE",
    "ansa": "ANSA", "kyodo": "Kyodo News", "yonhap": "Yonhap", "tass": "TASS",
}
MIN_SOURCE_CHARS = 3
MAX_SITE_NAME_WORDS = 6
_URL_LIKE = re.compile(r"^(?:https?://|www\.|@)|/", re.I)
# Dates in URLs: /2019/11/19/, /2019-11-19-, _20191119_. The first full date is taken.
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/|$|\D)"),
    re.compile(r"(?<=[/_-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?=[/_.-]|$)"),
    re.compile(r"(?<=[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-]|$)"),
)
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_TIMESTAMP = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published)\s*(?:on|at)?:?\s*)?"
    r"(?:[\w.,:/ -]{0,12}\b(?:\d{1,4}[:/.-]\d{1,2}|" + _MONTH + r"\s+\d{1,2}|\d{1,2}\s+"
    + _MONTH + r")[\w.,:/+ -]{0,40})$", re.I)


@dataclass
class PageEvidence:
    """What a page's markup says about itself, place by place."""

    title_tag: str = ""
    og_title: str = ""
    h1: str = ""
    site_names: list[str] = field(default_factory=list)  # og:site_name, JSON-LD publisher
    authors: list[str] = field(default_factory=list)  # meta author, JSON-LD author
    # JSON-LD authors typed "Person": the one place a page says a credit is a person (a meta
    # author may be the publishing company, "Condé Nast" on Wired).
    person_authors: list[str] = field(default_factory=list)
    visible_text: str = ""  # the text a browser shows, squashed (see shows_name)
    published: str = ""  # JSON-LD datePublished / article:published_time


def page_evidence(html_text: str) -> PageEvidence:
    """Read the few tags that carry metadata; a page lxml cannot parse gives no evidence."""
    from lxml import html as lxml_html

    evidence = PageEvidence()
    try:
        tree = lxml_html.document_fromstring(html_text)
    except Exception:  # noqa: BLE001 - broken markup: trafilatura's own reading stands
        return evidence
    evidence.title_tag = _text(tree.find(".//title"))
    evidence.h1 = next((t for t in (_text(h) for h in tree.iter("h1")) if t), "")
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if not value:
            continue
        if key in ("og:title", "twitter:title") and not evidence.og_title:
            evidence.og_title = value
        elif key in ("og:site_name", "application-name", "publisher", "dc.publisher"):
            evidence.site_names.append(value)
        elif key in ("author", "article:author", "dc.creator", "byl", "sailthru.author"):
            evidence.authors.append(value)
        elif key in ("article:published_time", "datepublished", "pubdate",
                     "publish-date", "dc.date.issued") and not evidence.published:
            evidence.published = value
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            _read_json_ld(script.text or "", evidence)
    evidence.visible_text = _visible_text(tree)
    return evidence


def _visible_text(tree: Any) -> str:
    from generator.ingest.html_prune import drop_hidden

    for element in tree.xpath("//script|//style|//head|//noscript|//template"):
        element.drop_tree()
    return _squash(drop_hidden(tree).text_content())


# A page with less visible text than this is a shell filled in by scripts: what it shows says
# nothing about which credits are real.
MIN_VISIBLE_CHARS = 500


def shows_name(evidence: PageEvidence, name: str) -> bool:
    """A credit the page shows its readers. Names found only in metadata are CMS accounts
    ("kevin-r", a Yoast @graph Person) or placeholders more often than the byline."""
    if len(evidence.visible_text) < MIN_VISIBLE_CHARS:
        return True
    return _squash(name) in evidence.visible_text


def _text(element: Any) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _read_json_ld(text: str, evidence: PageEvidence) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        return
    for item in _json_ld_items(data):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k.endswith(("Article", "Posting", "Report"))
                   for k in kinds):
            continue
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            evidence.site_names.append(publisher["name"].strip())
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and author.get("@type") == "Organization":
                continue  # an outlet credited as author, not a person
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip():
                evidence.authors.append(" ".join(name.split()))
                if isinstance(author, dict) and author.get("@type") == "Person":
                    evidence.person_authors.append(" ".join(name.split()))
        published = item.get("datePublished")
        if isinstance(published, str) and not evidence.published:
            evidence.published = published.strip()


def _json_ld_items(data: Any) -> Iterable[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _json_ld_items(data["@graph"])


# --- titles -------------------------------------------------------------------------------

def is_furniture_title(title: str) -> bool:
    text = " ".join(title.split())
    return not text or bool(_FURNITURE_TITLE.match(text)) or is_furniture(text)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _names_site(segment: str, site_names: Iterable[str], host: str) -> bool:
    """A title segment that is the site's name: equal to a declared site name, or the host's
    name with punctuation and the top-level domain ignored ("SpaceNews.com", "Al Bawaba")."""
    squashed = _squash(segment.removesuffix(".com"))
    if not squashed or len(segment.split()) > 6:
        return False
    names = {_squash(n) for n in site_names if n}
    labels = [label for label in host.lower().split(".")
              if label not in ("www", "com", "org", "net", "co", "uk", "news", "amp", "m")]
    names.update(_squash(label) for label in labels if len(label) > 2)
    # Equal, or the name plus a word or two ("The GiveWell Blog"), or a part of the name.
    return any(squashed == n or (len(n) > 3 and n in squashed
                                 and len(squashed) - len(n) <= MAX_SITE_NAME_EXTRA_CHARS)
               or (len(squashed) > 3 and squashed in n) for n in names if n)


def strip_site_name(title: str, site_names: Iterable[str], host: str) -> str:
    """Drop a leading or trailing segment that names the site ("Title | Site - Section")."""
    site_names = list(site_names)
    title = " ".join(title.split())
    for name in sorted(site_names, key=len, reverse=True):  # "Site | Tagline: Headline"
        if len(name) > MIN_SOURCE_CHARS and title.lower().startswith(name.lower()):
            rest = title[len(name):]
            # Only a name followed by a separator: "The Guardian view on ..." is a headline.
            if re.match(r"\s*[|:–—·•»-]", rest) and rest.lstrip(" |:–—-·•»"):
                title = rest.lstrip(" |:–—-·•»")
                break
    tokens = re.split(f"({_TITLE_SEPARATORS.pattern})", title)
    parts, separators = tokens[0::2], tokens[1::2]
    first, last = 0, len(parts)  # the kept segments are parts[first:last]
    # The first segment after the headline that names the site goes, with everything after
    # it ("Headline - The Site - Its tagline"; a site name that itself contains a separator).
    for index in range(1, len(parts)):
        if _names_site(parts[index], site_names, host):
            last = index
            break
    if last - first > 1 and _names_site(parts[first], site_names, host):
        first += 1
    # A section label before or after the headline ("Opinion | ...", "... | Editorial").
    if last - first > 1 and parts[last - 1].strip().lower() in SECTION_LABELS:
        last -= 1
    if last - first > 1 and parts[first].strip().lower() in SECTION_LABELS:
        first += 1
    rebuilt = parts[first]
    for index in range(first + 1, last):
        rebuilt += separators[index - 1] + parts[index]
    return rebuilt.strip()


def choose_title(candidates: Iterable[str], site_names: Iterable[str], host: str,
                 h1: str) -> str:
    """The first candidate that is not furniture once the site's name is stripped; when the
    page's h1 is what remains of a candidate, the h1's wording wins (it is what readers see)."""
    site_names = list(site_names)
    candidates = [c for c in candidates if c]
    # A one- or two-word candidate that no other place repeats ("엔터 미디어", a logo in the
    # h1) is a site or section name more often than a headline: it is taken last.
    candidates = sorted(candidates, key=lambda c: _is_short_title(c) and not any(
        other != c and _squash(c) in _squash(other) for other in candidates))
    for candidate in candidates:
        title = strip_site_name(candidate, site_names, host)
        if is_furniture_title(title):
            continue
        if h1 and _squash(h1) and _squash(h1) == _squash(title):
            return h1  # the same words as shown on the page, with its quotes and capitals
        parts = [_squash(p) for p in _TITLE_SEPARATORS.split(title)]
        if h1 and len(h1.split()) >= MIN_H1_WORDS and (
                _squash(h1) in parts[1:] + parts[:1] or _squash(title).startswith(_squash(h1))):
            return h1  # "Opinion | Headline", "Headline | Section": the h1 says "Headline"
        return title
    return ""


def _is_short_title(title: str) -> bool:
    return len(title.split()) < MIN_H1_WORDS and len(title) < SHORT_TITLE_CHARS


def similar_to_title(heading: str, title: str) -> bool:
    """A heading that repeats the title: most of its words are in the title."""
    words = re.findall(r"\w+", heading.lower())
    title_words = set(re.findall(r"\w+", title.lower()))
    if not words or not title_words:
        return False
    return sum(w in title_words for w in words) / len(words) >= SIMILAR_HEADING_SHARE \
        and len(words) <= 2 * len(title_words)


# --- authors and source -------------------------------------------------------------------

def clean_authors(raw: Iterable[str], site_names: Iterable[str], host: str
                  ) -> tuple[list[str], str | None]:
    """(person names, an agency or outlet named instead of a person, if any)."""
    names: list[str] = []
    outlet: str | None = None
    site_names = list(site_names)
    for field_value in raw:
        for part in re.split(r";|\s+(?:and|und|y|et|&)\s+|\s*,\s*(?=[^,]*\s)|\s*\|\s*|\n",
                             field_value):
            if _NEWSROOM.search(part):
                continue
            name, agency = _split_agency(_clean_name(part))
            outlet = outlet or agency
            if not name:
                continue
            if _names_site(name, site_names, host) or _starts_with_site(name, site_names, host):
                outlet = outlet or name
                continue
            if looks_like_person(name) and not any(_same_person(name, n) for n in names):
                names.append(name)
    return names, outlet


def _starts_with_site(name: str, site_names: Iterable[str], host: str) -> bool:
    """"CNN Business", "Fox Business": a credit whose first word is the site's own name."""
    first = _squash(name.split()[0]) if name.split() else ""
    names = {_squash(n) for n in site_names if n}
    names.update(_squash(label) for label in host.lower().split(".")[:-1] if len(label) > 2)
    return bool(first) and first in names - {"www"}


def _same_person(one: str, other: str) -> bool:
    """"Troy L. Smith" and "Troy Smith": the same words once initials are set aside."""
    def words(name: str) -> list[str]:
        return [w for w in re.findall(r"[^\W\d_]+", name.lower()) if len(w) > 1]
    return words(one) == words(other)


def _split_agency(name: str) -> tuple[str, str | None]:
    """("Eric Tucker", AP) from "ERIC TUCKER Associated Press"; ("", AP) from "AP National
    Political Writer" or "Reuters": a credit that starts with an agency names no person."""
    words = name.split()
    for size in (3, 2, 1):
        head = " ".join(words[:size]).lower()
        if len(words) >= size and head in AGENCY_NAMES:
            return "", AGENCY_NAMES[head]
        tail = " ".join(words[-size:]).lower()
        if len(words) > size and tail in AGENCY_NAMES:
            return _title_case(" ".join(words[:-size])), AGENCY_NAMES[tail]
    return name, None


def _title_case(text: str) -> str:
    if text.isupper() and len(text) > 3:
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in text.split())
    return text


def _clean_name(text: str) -> str:
    text = " ".join(text.split())
    if _URL_LIKE.search(text) or "@" in text:
        return ""
    text = _CREDIT_LABEL.sub("", _BY.sub("", text))
    text = _AFFILIATION_STOP.sub("", text)
    text = re.sub(r"\blink copied\b.*$", "", text, flags=re.I)
    text = _TRAILING_DATE.sub("", text)
    # "Jane Doe, Senior Reporter" / "Jane Doe Senior Reporter": the job title goes.
    job = _JOB_WORDS.search(text)
    if job and job.start() == 0:
        return ""  # "Senior Reporter" after a comma: a job title, not a name
    if job:
        # The section before a job title goes with it ("News reporter", "Political Writer").
        text = _SECTION_WORDS.sub("", text[:job.start()])
    text = text.strip(" \t,;:|•·-–—/()[]\"'")
    return _title_case(text)


def looks_like_person(name: str) -> bool:
    """A person's name: 2-4 words, each capitalised (or a name particle), letters only, and
    none of the words pages put near bylines ("See full bio", "Lesedauer", "Dec")."""
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or _FURNITURE_NAME_WORDS.search(name):
        return False
    if words[-1].lower() in _SURNAME_OUTLET_WORDS and (
            len(words) >= 3 or words[0].lower() in _OUTLET_FIRST_WORDS):
        return False  # "New York Post", "Washington Post"; "Jane Post" is a person
    if words[0].lower() in ("the", "a", "an", "our", "your"):
        return False  # "The Water Coolest": a publication or column, not a person
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper() or not re.fullmatch(r"[^\W\d_][\w.'’-]*", word):
            return False
    return True


def is_stub_source(name: str) -> bool:
    """A site name that names nothing: a URL, a few letters, a host label ("Hosted") or a
    copyright line ("Copyright 2014")."""
    text = name.strip()
    return len(text) < MIN_SOURCE_CHARS or bool(_URL_LIKE.search(text)) \
        or text.lower() in ("hosted", "home", "homepage", "news", "index", "online") \
        or bool(re.search(r"©|\bcopyright\b|\(c\)", text, re.I))


def host_source(host: str) -> str:
    """The registrable part of a host: www.nj.com -> nj.com, hosted.ap.org -> ap.org."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return ".".join(labels[-3:])  # news.bbc.co.uk -> bbc.co.uk
    return ".".join(labels[-2:])


def choose_source(candidates: Iterable[str], host: str, outlet_in_byline: str | None,
                  title: str = "") -> str:
    """The first declared site name that names something; a name that is the page's title
    or a sentence (some pages put their headline in og:site_name) is not a site's name."""
    for candidate in candidates:
        if not candidate or _squash(candidate) == _squash(title) \
                or len(candidate.split()) > MAX_SITE_NAME_WORDS:
            continue
        if not is_stub_source(candidate) and not _derived_from_host(candidate, host):
            return _drop_tagline(" ".join(candidate.split()), host)
    if outlet_in_byline:
        return outlet_in_byline
    return host_source(host) if host else ""


def _drop_tagline(name: str, host: str) -> str:
    """"LinkNaija | Nigeria's popular news platform" -> "LinkNaija": of a site name in
    segments, the one that is the host's name."""
    parts = _TITLE_SEPARATORS.split(name)
    if len(parts) > 1:
        for part in parts:
            if _names_site(part, [], host):
                return part
    return name


def _derived_from_host(name: str, host: str) -> bool:
    """trafilatura names a site after its host when the page does not ("Nj" for nj.com), and
    pages put a host label or a handle in og:site_name ("detroitnews", "Wday_"); a brand the
    page spells itself ("CNN", "MSN", "Detroit News") is kept."""
    name = name.strip("@_ ")
    labels = host.lower().split(".")
    short = [label for label in labels if len(label) <= MIN_SOURCE_CHARS + 1]
    return any(name in (label, label.capitalize()) for label in short) \
        or (name.islower() and name in labels)


# --- dates and summaries ------------------------------------------------------------------

def url_date(url: str, today: dt.date | None = None) -> str | None:
    """The publication date a URL carries (/2019/11/19/), if any and not in the future."""
    path = urlsplit(url).path if url else ""
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if not match:
            continue
        try:
            found = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
        if found <= (today or dt.date.today()):
            return found.isoformat()
    return None


# No web page was published before the web: an earlier date is a placeholder
# ("0001-01-01T00:00:00Z" in a CMS's empty field), not a publication date.
EARLIEST_PAGE_YEAR = 1991


def declared_date(value: str, today: dt.date | None = None) -> str | None:
    """An ISO date the page declares (2019-11-19T08:57:40+01:00 -> 2019-11-19), if valid,
    not a placeholder before the web and not in the future."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        found = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    if found.year < EARLIEST_PAGE_YEAR or found > (today or dt.date.today()):
        return None
    return found.isoformat()


def is_bare_url_or_timestamp(block: str) -> bool:
    """A block that is only a link or only a date/time line: never an article's opening."""
    text = block.lstrip("# ").strip()
    return bool(_BARE_URL.match(text)) or (len(text) <= 80 and bool(_TIMESTAMP.match(text)))

