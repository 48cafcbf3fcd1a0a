"""Dated statements in one article: a sentence with a resolved time expression, its actors and
the paragraph it came from. The timeline stage merges them across articles.

One event per sentence at most. When a sentence holds several dates, the one outside quoted
speech wins ("“We made progress today,” Trump said on Wednesday evening" is about Wednesday),
then the first. Expressions that are not on the calendar (durations, sets, "now", "recently")
make no event, except a report of something just done: a sentence with no date of its own in
the present perfect or with a news event verb ("Airbus has announced 10,000 job cuts",
"Boeing delivered the jet") is dated to the publication date (TimeML anchors such events to
the DCT) when it names an actor, or anywhere in the lead. A sentence
saying a date has not been set also makes an undated, upcoming event ("a Budapest summit, date
not set").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass

from generator.analyse.statements import statement
from generator.analyse.timex import TimeExpression
from generator.text import sentence_spans
from generator.timex_value import UNDATED, parse

LEAD_PARAGRAPHS = 2  # paragraphs whose undated reporting sentences are dated to the DCT
_REPORTED = re.compile(
    r"\b(?:has|have)\s+(?:just\s+)?(?:been\s+)?"
    r"(?!(?:lasted|remained|existed|seemed|wanted|needed|owned|continued|struggled)\b)"
    r"(?:\w+ed|won|made|said|told|begun|taken|given|"
    r"become|left|sold|bought|cut|set|put|struck|chosen|shown|found|lost|paid|held|spent)\b"
    r"|\b(?:announced|confirmed|reported|agreed|approved|launched|unveiled|released|resigned|"
    r"died|signed|rejected|voted|filed|sued|named|appointed|ordered|delivered|unveils|announces|"
    r"launches|confirms|resigns|dies)\b", re.I)
# "A date (for the summit) has not been set": the date's own complement may sit in between.
_NOT_SET = re.compile(r"\b(?:date|time|timing)(?:\s+(?:for|of)\s+[^.;:!?]{1,60}?)?"
                      r"\s+(?:has|had|have)\s+(?:not|yet\s+to)\s+"
                      r"(?:yet\s+)?(?:been\s+)?(?:set|fixed|announced|scheduled|be\s+set)"
                      r"|\bno\s+date\s+(?:has\s+been|was|had\s+been)\s+set", re.I)


@dataclass(frozen=True)
class Event:
    paragraph: int  # 1-based index among the article's paragraphs (anchor "#p{n}")
    sentence: str
    value: str  # TIMEX3 value, or UNDATED
    granularity: str  # generator.timex_value.GRANULARITIES, or "unknown" when undated
    timex: str  # the expression as written ("" for undated events)
    upcoming: bool
    entities: tuple[str, ...]  # names of the entities mentioned in the sentence
    statement: str = ""  # the event's clause, readable alone (analyse/statements.py)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        return cls(**{**data, "entities": tuple(data["entities"])})


@dataclass(frozen=True)
class _Sentence:
    """One sentence in its paragraph: what an event made from it needs."""

    paragraph: int  # 1-based
    text: str  # the whole paragraph
    start: int
    end: int
    spans: list[tuple[int, int]]  # the paragraph's sentences
    names: tuple[str, ...]
    actor: Callable[[int], str]

    def event(self, value: str, granularity: str, timex: TimeExpression | None,
              upcoming: bool) -> Event:
        at = timex.start if timex else self.start
        said = statement(self.text, self.start, self.end, at, self.spans, self.actor)
        return Event(self.paragraph, self.text[self.start:self.end], value, granularity,
                     timex.text if timex else "", upcoming, self.names, said)


def extract_events(paragraphs: list[str], timexes: list[list[TimeExpression]],
                   sentence_entities: list[list[tuple[str, ...]]], dct: str,
                   people: Collection[str] = ()) -> list[Event]:
    """Events of each paragraph, given its time expressions (paragraph-relative offsets), the
    entity names of each of its sentences (one tuple per sentence_spans entry) and the names
    of the people among them (for "he"/"she" at the start of a statement)."""
    events: list[Event] = []
    for index, text in enumerate(paragraphs):
        names_by_sentence = sentence_entities[index]
        spans = sentence_spans(text)
        actor = _actor_finder(paragraphs, index, people)
        for number, (start, end) in enumerate(spans):
            inside = [x for x in timexes[index] if start <= x.start < end]
            names = names_by_sentence[number] if number < len(names_by_sentence) else ()
            here = _Sentence(index + 1, text, start, end, spans, names, actor)
            sentence = text[start:end]
            event = _dated_event(here, inside, dct)
            if event is None and (index < LEAD_PARAGRAPHS or names) \
                    and _REPORTED.search(sentence) and not _NOT_SET.search(sentence):
                # News report what just happened: "Airbus has announced 10,000 job cuts"
                # happened by the publication date even though the sentence names no date.
                event = here.event(dct, "day", None, False)
            if event:
                events.append(event)
            if _NOT_SET.search(sentence):
                events.append(here.event(UNDATED, "unknown", None, True))
    return events


def _actor_finder(paragraphs: list[str], index: int, people: Collection[str]
                  ) -> Callable[[int], str]:
    """A function giving, for a position in paragraph ``index``, the surname of the person
    named last before it in the article (news refer to people by surname after first
    mention), or ""."""
    surnames = {name: name.split()[-1] for name in people if name.split()}

    def actor(position: int) -> str:
        before = "\n".join([*paragraphs[:index], paragraphs[index][:position]])
        best, best_at = "", -1
        for name, surname in surnames.items():
            at = max(before.rfind(name), before.rfind(surname))
            if at > best_at:
                best, best_at = surname, at
        return best

    return actor


def _dated_event(here: _Sentence, found: list[TimeExpression], dct: str) -> Event | None:
    dated = [(x, parse(x.value)) for x in found
             if x.type in ("DATE", "TIME") and parse(x.value).on_calendar]
    if dated:
        chosen, value = min(dated, key=lambda xv: (_in_quote(here.text, xv[0].start,
                                                             here.start), xv[0].start))
        published = dt.date.fromisoformat(dct[:10])
        upcoming = chosen.direction == "future" or value.starts_after(published)
        return here.event(chosen.value, value.granularity, chosen, upcoming)
    return None


def _in_quote(text: str, position: int, sentence_start: int) -> bool:
    before = text[:position]
    curly_open = before.count("“") > before.count("”")
    straight_open = before[sentence_start:].count('"') % 2 == 1
    return curly_open or straight_open
