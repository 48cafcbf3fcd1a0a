"""Metadata inference: every field the input does not declare is read from the text where it
says it, and the article records which fields were inferred and how.

Rules, in order of precedence for each field:
- title: declared; a headline line (first block, short, no final punctuation); a headline made
  from the lead sentence.
- source: declared; a copyright line ("© 2025 The Canadian Press"); an agency dateline
  ("WASHINGTON (AP) —"); the outlet in a byline ("By Jane Doe, Reuters"); the agency of a
  contributor credit ("Associated Press writers ... contributed").
- authors: declared; a byline ("By Jane Doe and John Roe"). contributors: credit lines
  ("... writers Fatima Hussein and Didi Tang contributed to this report").
- date: declared; a publication line or explicit full date near the top of the text; the file's
  last git commit; its modification time (marked as a guess).
"""

from __future__ import annotations

import datetime as dt
import re

from generator.clean import BYLINE
from generator.models import Block, CleanDocument
from generator.text import sentences

AGENCIES = {
    "AP": "The Associated Press",
    "Reuters": "Reuters",
    "AFP": "Agence France-Presse",
    "CP": "The Canadian Press",
    "UPI": "United Press International",
    "PA": "PA Media",
    "dpa": "Deutsche Presse-Agentur",
}
# Month number by the month's first three letters.
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
            r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_PATTERNS = (
    re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})",
               re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE
               + r",?\s+(?P<year>(?:19|20)\d{2})", re.I),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
                        r"(?P<owner>.+?)[.,]?\s*(?:all rights reserved\.?)?$", re.I)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{1,40}\((?P<agency>AP|Reuters|AFP|CP|UPI|PA|dpa)\)\s*[—–-]")
_CONTRIBUTORS = re.compile(
    r"^(?:(?P<org>.*?)\s+)?(?:writers?|reporters?|correspondents?|journalists?|staff)\s+"
    r"(?P<names>.+?)\s+contributed", re.I)
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_LEAD_TIME = re.compile(r"^(?:on|late|early|earlier|last|this)\s+(?:\w+\s+){0,2}?"
                        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                        r"morning|evening|night|week|weekend)\w*,\s*", re.I)
TITLE_MAX_WORDS = 16
# A headline cut from a lead keeps at least this many words (shorter says too little), and may
# run this many words past TITLE_MAX_WORDS to end at a comma rather than mid-clause.
TITLE_MIN_WORDS = 6
TITLE_CLAUSE_SLACK = 4
# Author names are one to four words; a longer part of a byline is a job title or a sentence.
AUTHOR_MAX_WORDS = 4
# Dates and datelines are stated at the top: the first two blocks, within their first 200
# characters; a date further down is about the story, not the publication.
DATE_BLOCKS = 2
DATE_CHARS = 200
# Language: share of English function words in the first six blocks. English news prose has
# 35-45%; other languages written in Latin script have under 5% of these words.
LANGUAGE_BLOCKS = 6
ENGLISH_STOPWORD_SHARE = 0.12


def infer_title(blocks: list[Block]) -> tuple[str, str, list[Block]]:
    """Return (title, how, remaining blocks)."""
    if blocks and blocks[0].kind == "h":
        return blocks[0].text, "headline line", blocks[1:]
    lead = next((b.text for b in blocks if b.kind == "p"), "")
    return headline_from_lead(lead), "lead", blocks


def headline_from_lead(lead: str) -> str:
    first = (sentences(lead) or [lead])[0]
    first = _LEAD_TIME.sub("", first).strip()
    first = first[:1].upper() + first[1:]
    words = first.rstrip(".!?…").split()
    if len(words) > TITLE_MAX_WORDS:
        words = _cut_at_clause(words)
    return " ".join(words).rstrip(",;:—–-")


def _cut_at_clause(words: list[str]) -> list[str]:
    """Shorten a long lead sentence at the last clause break that keeps enough words."""
    for index in range(min(len(words), TITLE_MAX_WORDS + TITLE_CLAUSE_SLACK) - 1,
                       TITLE_MIN_WORDS - 1, -1):
        if words[index].endswith((",", ";", ":")):
            return words[: index + 1]
    breakers = {"while", "although", "though", "after", "as", "because", "which", "who",
                "in", "with", "to", "amid", "despite", "following"}
    for index in range(TITLE_MAX_WORDS, TITLE_MIN_WORDS - 1, -1):
        if words[index].lower() in breakers:
            return words[:index]
    return words[:TITLE_MAX_WORDS]


def infer_source(doc: CleanDocument) -> tuple[str, str]:
    for line in doc.credits:
        match = _COPYRIGHT.match(line)
        if match and _plausible_outlet(match.group("owner")):
            return match.group("owner").strip(), "copyright line"
    first = next((b.text for b in doc.blocks if b.kind == "p"), "")
    dateline = _DATELINE.match(first)
    if dateline:
        return AGENCIES[dateline.group("agency")], "agency dateline"
    for line in doc.credits:
        outlet = byline_outlet(line)
        if outlet:
            return outlet, "byline"
    for line in doc.credits:
        match = _CONTRIBUTORS.match(line)
        if match and match.group("org") and _plausible_outlet(match.group("org")):
            return match.group("org").strip(), "contributor credit"
    return "", ""


def _plausible_outlet(name: str) -> bool:
    name = name.strip()
    return 2 <= len(name) <= 60 and name[0].isupper() and not re.search(r"\d{3}", name)


_OUTLET_WORDS = re.compile(r"\b(press|news|times|post|journal|herald|tribune|guardian|telegraph|"
                           r"reuters|bloomberg|agency|media|radio|tv|television|daily|weekly|"
                           r"gazette|observer|chronicle|network|magazine|wire|AP|AFP|BBC|CNN|"
                           r"NPR|CBC|ABC|NBC|CBS)\b", re.I)


def byline_outlet(line: str) -> str:
    """The outlet named after the names in a byline ("By Jane Doe, Reuters"), if any."""
    match = BYLINE.match(line)
    outlet = (match.group("outlet") or "").strip() if match else ""
    return outlet if outlet and _OUTLET_WORDS.search(outlet) else ""


def byline_names(line: str) -> list[str]:
    match = BYLINE.match(line)
    if not match:
        return []
    names = match.group("names")
    if match.group("outlet") and not byline_outlet(line):
        names = line[match.start("names"):]  # "By Ann Lee, Bo Chan": the tail is a name too
    return split_names(names)


def infer_authors(doc: CleanDocument) -> tuple[list[str], list[str]]:
    """Return (authors from a byline, contributors from credit lines)."""
    authors: list[str] = []
    contributors: list[str] = []
    for line in doc.credits:
        if not authors:
            authors = byline_names(line)
        match = _CONTRIBUTORS.match(line)
        if match:
            contributors.extend(n for n in split_names(match.group("names"))
                                if n not in contributors)
    return authors, contributors


def split_names(names: str) -> list[str]:
    parts = [p.strip(" .") for p in _NAME_SPLIT.split(names)]
    return [p for p in parts if p and p[0].isupper() and len(p.split()) <= AUTHOR_MAX_WORDS]


def infer_date(doc: CleanDocument) -> tuple[str, str]:
    for line in doc.credits:
        found = find_full_date(line)
        if found:
            return found, "publication line"
    for block in doc.blocks[:DATE_BLOCKS]:
        found = find_full_date(block.text[:DATE_CHARS])
        if found:
            return found, "date in text"
    if doc.file_date is not None:
        how = "git commit" if doc.file_date.origin == "git" else "file modification time (guess)"
        return doc.file_date.value, how
    return "1970-01-01", "unknown (guess)"


def find_full_date(text: str) -> str | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()[:3]]
        try:
            return dt.date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:
            continue
    return None


_STOPWORDS = frozenset("the a an and of to in is was for on that with as by at from it he she "
                       "said has have had be are were will not this but his her they".split())


def guess_language(blocks: list[Block]) -> tuple[str, str]:
    tokens = " ".join(b.text for b in blocks[:LANGUAGE_BLOCKS]).lower().split()
    if not tokens:
        return "und", "undetermined"
    share = sum(1 for t in tokens if t in _STOPWORDS) / len(tokens)
    if share > ENGLISH_STOPWORD_SHARE:
        return "en", "stopword profile"
    return "und", "undetermined"
