"""Dated statements in one article: a sentence with a resolved time expression, its actors and the
paragraph it came from. The timeline stage merges them across articles.

One event per sentence at most, except that predicates joined by "and" that each name their own
date are one event each ("Apple was started in 1976, and launched the iTunes Music Store in
2003": the second statement repeats the subject). When a sentence holds several dates, the one
outside quoted speech wins ("“We made progress today,” Trump said on Wednesday evening" is
about Wednesday), then the first. A date of a plan someone is reported to have announced ("Jobs
announced that Leopard would be released in 2007") does not date the announcement. Expressions
that are not on the calendar (durations, sets, "now", "recently") date nothing.

A date in a comma-delimited aside describes the aside's noun, not the sentence's event: a
participle aside ("development of a replacement, begun two years ago, has been pushed back")
dates nothing; a relative aside (", who joined the club in 2019,") is an event of its own,
told with the noun it describes when the sentence opens with it ("Smith joined the club in
2019."), and is cut out of the sentence's event. When the asides hold every date, the
sentence's own event is dated like a sentence with no date (below). A birth date is kept.
A list of dates ("made an appearance in March and June") gives the event at each date.

A sentence with no date of its own that reports an event is anchored to the reference time of
the discourse, as HeidelTime's "news" type and the TimeML annotation of news do: the last day
the article named before it (a past day or the publication day; a future day or a birth date
does not move it, nor a day before the first day it named, the story's day: "On August 24,
Jobs resigned" in a report of his death is a flashback, and the reactions after it are the
story's day), else the publication date. It must carry an event -- a verb of action
outside quotes (a simple past, a present perfect or a present reporting verb: "Jobs praised
the design", "Airbus has announced 10,000 job cuts", "Boeing says") and an actor (a name in
the sentence, a "he"/"she"/"his" standing for the person named last, or "the company"/"it"
standing for the organisation the headline or lead names); in the lead a present perfect
needs no actor.
Questions, quoted words alone and future plans make no such event. These events keep an empty
``timex``: the timeline marks them as dated from context. A sentence saying a date has not been
set makes an undated, upcoming event ("a Budapest summit, date not set").

A sentence that names a delay of an event by its noun without dating it ("compensated for the
additional delay in delivery") also reports the delayed event at the new date the next sentence
gives that same noun ("The delivery ... will be delayed until October 2007"): the delayed event
happens then, whatever day the delay was reported.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, replace

from generator.analyse.statements import coordinated_statement, statement
from generator.analyse.timex import POSSESSIVE, TimeExpression
from generator.models import HEADLINE, LEAD
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


# A reported event in a sentence with no time expression of its own is anchored to the
# reference time: the publication date or, with REFERENCE_FROM_DISCOURSE, the last day the
# article named (a narrative moves the reference time; TimeML news annotation anchors to it).
REFERENCE_FROM_DISCOURSE = True
# A birth date in its clause ("Jobs, born in San Francisco on February 24, 1955, has built")
# describes a person: it is no day the narrative moves to, so it does not move the reference.
_BORN_BEFORE = re.compile(r"\bborn\b[^,;:()]*$", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_IRREGULAR_PAST = ("said|told|made|took|gave|won|lost|sold|bought|left|met|flew|became|began"
                   "|came|went|held|paid|spent|struck|chose|showed|found|ran|wrote|saw|brought"
                   "|built|rose|fell|grew|led|got|kept|sent|spoke|drove|broke|stood|beat|quit"
                   "|withdrew|overtook|sought|fought|caught|hit|cut|set|put|shut")
_PAST_OR_REPORTING = re.compile(
    rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed|says|announces|confirms|reports|claims|states"
    r"|adds|tells|warns|denies|admits|insists|unveils|launches)\b")
_SPEECH_VERB = re.compile(r"\b(?:said|says|announced|announces|stated|states|told|tells"
                          r"|added|confirmed|predicted|claimed|warned|promised)\b")
_FUTURE_MODAL = re.compile(r"\b(?:would|will|could|might|should|shall|(?:is|are|was|were)"
                           r"\s+to)\b")
# ", and launched ...": "and" joining a second predicate (a past verb, no subject of its own).
_COORDINATED_PREDICATE = re.compile(
    rf",?\s+and\s+(?:then\s+|later\s+)?(?=(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed)\b)")
# The subject a coordinated predicate shares: a short run of words from the sentence start to
# its first verb, not opening with an adverbial ("In 2004, ...").
_SUBJECT = re.compile(
    r"(?P<subject>(?!(?:In|On|At|During|After|Before|Since|By|From|For|When|While|As|Last"
    r"|This|Earlier|Later)\b)[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,5}?)\s+"
    rf"(?=(?:was|were|is|are|has|have|had|{_IRREGULAR_PAST}|[a-z]{{3,}}ed)\b)")
# A participle after these is an adjective ("the proposed sale") or a state ("is expected").
_NOT_BEFORE_PAST = frozenset("""the a an its his her their our your my this that these those
of more most very well newly so too is are am be being to""".split())
_PERSONAL_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is)\b(?!’|')")
_LEADING_PRONOUN = re.compile(r"\s*(?:He|She)\b(?!’|')")
# A definite description or pronoun standing for a company or product ("the plane", "the
# firm", "its launch"): in news it refers back to the organisation or product the headline
# is about (the timeline stage gives the event that entity). A product noun may be plural
# ("the first planes" of an A380 article are A380s); a plural organisation noun ("the
# airlines") names several organisations, not the topic.
TOPIC_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z][\w-]*\s+){0,2}?"  # "the massive airliner"
    r"(?:company|firm|group|carrier|airline|manufacturer|maker|store|service|retailer"
    r"|corporation|(?:plane|aircraft|airliner|jet|superjumbo|device|phone|handset|product)s?)"
    r"\b|\b(?:It|Its)\b")
TOPIC_SUBJECT = re.compile(rf"\s*(?:{TOPIC_ANAPHOR.pattern})")


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
    person: Callable[[int], str]  # the full name of the person named last before a position
    people: frozenset[str] = frozenset()  # the article's people (full names)

    def actor(self, position: int) -> str:
        """The surname a leading "he"/"she" stands for (news use the surname after first
        mention)."""
        name = self.person(position)
        return name.split()[-1] if name else ""

    def event(self, value: str, granularity: str, timex: TimeExpression | None,
              upcoming: bool, at: int | None = None) -> Event:
        if at is None:
            at = timex.start if timex else self.start
        said = statement(self.text, self.start, self.end, at, self.spans, self.actor)
        return Event(self.paragraph, self.text[self.start:self.end], value, granularity,
                     timex.text if timex else "", upcoming, self.actors(), said)

    def actors(self) -> tuple[str, ...]:
        """The names in the sentence, and the person a "he"/"she"/"his" outside quotes
        stands for: the person named last before the sentence, when the sentence names no
        person itself ("Similar to his predecessor, Trump..." is about Trump)."""
        pronoun = _PERSONAL_PRONOUN.search(_outside_quotes(self.text[self.start:self.end]))
        if pronoun and not self.people.intersection(self.names):
            person = self.person(self.start + pronoun.start())
            if person and person not in self.names:
                return (person, *self.names)
        return self.names


def extract_events(paragraphs: list[str], timexes: list[list[TimeExpression]],
                   sentence_entities: list[list[tuple[str, ...]]], dct: str,
                   people: Collection[str] = (), headline: Headline | None = None
                   ) -> list[Event]:
    """Events of each paragraph, given its time expressions (paragraph-relative offsets), the
    entity names of each of its sentences (one tuple per sentence_spans entry) and the names
    of the people among them (for "he"/"she" at the start of a statement); with ``headline``,
    the headline's event first (paragraph 0)."""
    body = _body_events(paragraphs, timexes, sentence_entities, dct, people)
    if headline is None:
        return body
    event = headline_event(headline, body, dct)
    return [event, *body] if event else body


@dataclass(frozen=True)
class Headline:
    """The article's headline, its time expressions and the entity names it holds."""

    text: str
    timexes: tuple[TimeExpression, ...] = ()
    names: tuple[str, ...] = ()


def headline_event(headline: Headline, body: list[Event], dct: str) -> Event | None:
    """The headline's event (see the module docstring), or None when the headline names no
    actor or asks a question."""
    text = " ".join(headline.text.split())
    if not text or not headline.names or text.rstrip(" ”\"’'").endswith("?"):
        return None
    own = [x for x in headline.timexes if x.type in ("DATE", "TIME")
           and parse(x.value).on_calendar]
    if own:
        value = parse(own[0].value)
        upcoming = own[0].direction == "future" or \
            value.starts_after(dt.date.fromisoformat(dct[:10]))
        return Event(HEADLINE, text, own[0].value, value.granularity, own[0].text, upcoming,
                     headline.names, text)
    lead = next((e for e in body if e.paragraph == LEAD and not e.upcoming
                 and e.value != UNDATED), None)
    value, granularity = (lead.value, lead.granularity) if lead else (dct[:10], "day")
    return Event(HEADLINE, text, value, granularity, "", False, headline.names, text)


def _body_events(paragraphs: list[str], timexes: list[list[TimeExpression]],
                 sentence_entities: list[list[tuple[str, ...]]], dct: str,
                 people: Collection[str]) -> list[Event]:
    events: list[Event] = []
    known = frozenset(people)
    reference = dct[:10]  # the discourse's reference time (HeidelTime "news")
    story_day = ""  # the first day the article names: the story's day (inverted pyramid)
    for index, text in enumerate(paragraphs):
        names_by_sentence = sentence_entities[index]
        spans = sentence_spans(text)
        person = _person_finder(paragraphs, index, people)
        for number, (start, end) in enumerate(spans):
            inside = [x for x in timexes[index] if start <= x.start < end]
            names = names_by_sentence[number] if number < len(names_by_sentence) else ()
            here = _Sentence(index + 1, text, start, end, spans, names, person, known)
            sentence = text[start:end]
            # The events of its relative asides: background, they do not move the reference.
            background: list[Event] = []
            asides = _undated_main_clause(here, inside)
            if asides:  # its own event undated, its asides' dates describe nouns
                background = _relative_events(here, inside, asides, dct)
                dated = []
            else:
                dated = _coordinated_events(here, inside, dct) or \
                    [e for e in (_dated_event(here, inside, dct),) if e]
                if len(dated) == 1:
                    background, main = _with_relative_events(here, inside, dated[0], dct)
                    dated = _listed_dates(here, inside, main, dct)
            for event in dated:
                if _moves_reference(event, text, inside) and \
                        event.value[:10] >= story_day:  # not a flashback
                    reference = event.value[:10]
                    story_day = story_day or reference
            if not dated and not _NOT_SET.search(sentence):
                event = _reported_event(here, index < LEAD_PARAGRAPHS, reference, asides)
                dated = [event] if event else []
            events.extend([*background, *dated])
            if _NOT_SET.search(sentence):
                events.append(here.event(UNDATED, "unknown", None, True))
    return _with_delayed_events(events)


# "the additional delay in delivery of its A380s": a delay of an event, named by its noun. The
# delayed event happens at its new date, which the next sentence often gives ("The delivery
# ... will be delayed until October 2007"); the delay sentence's own date (when it was said)
# is not the delayed event's.
_DELAY_OF = re.compile(
    r"\b(?:delays?|postponements?|rescheduling)\s+(?:in|of|to)\s+(?:(?:the|its|their|his|her"
    r"|a|an)\s+)?(?:[\w'’-]+\s+){0,2}?(?P<noun>[a-z]{4,})\b", re.IGNORECASE)
_DELAY_VERB = re.compile(r"\b(?:delayed|postponed|rescheduled|pushed\s+back|put\s+back"
                         r"|put\s+off|moved\s+back)\b", re.IGNORECASE)


def _with_delayed_events(events: list[Event]) -> list[Event]:
    """Each undated delay sentence ("the delay in delivery") followed (in its paragraph or the
    next) by a dated sentence that delays the same noun ("the delivery ... will be delayed
    until October 2007") also reports the delayed event at that new date (same statement: it
    names the event)."""
    out: list[Event] = []
    redated: set[tuple[int, str]] = set()  # (paragraph, sentence): one delayed event each
    for k, event in enumerate(events):
        out.append(event)
        here = (event.paragraph, event.sentence)
        undated = not event.timex and event.value != UNDATED and here not in redated
        delay = _DELAY_OF.search(event.sentence) if undated else None
        follower = next((e for e in events[k + 1:] if e.sentence != event.sentence), None)
        if delay is None or follower is None or not follower.timex \
                or follower.paragraph > event.paragraph + 1 \
                or follower.value == UNDATED or not _DELAY_VERB.search(follower.sentence):
            continue
        redated.add(here)
        if re.search(rf"\b{re.escape(delay.group('noun'))}\b", follower.sentence,
                     re.IGNORECASE):
            # The expression that dates it is explicit (the delayed event's own new date),
            # not the discourse's reference time: it keeps it, so the timeline merges it.
            out.append(replace(event, value=follower.value, granularity=follower.granularity,
                               timex=follower.timex, upcoming=follower.upcoming))
    return out


def _moves_reference(event: Event, text: str, inside: list[TimeExpression]) -> bool:
    """The event's date can become the reference time: a past day, not a birth date."""
    return REFERENCE_FROM_DISCOURSE and not event.upcoming \
        and event.granularity in ("day", "time") and not _birth_date(text, inside, event)


def _birth_date(text: str, inside: list[TimeExpression], event: Event) -> bool:
    """The event's date is a birth date: "born" opens the clause its expression is in."""
    return any(x.text == event.timex and _BORN_BEFORE.search(text, 0, x.start)
               for x in inside)


def _reported_event(here: _Sentence, in_lead: bool, reference: str,
                    asides: tuple[tuple[int, int], ...] = ()) -> Event | None:
    """A sentence with no date of its own that reports an event: anchored to the reference
    time, or None when it carries no event (no verb of action outside quotes and the
    ``asides`` (paragraph offsets) its dates were in, no actor)."""
    sentence = here.text[here.start:here.end]
    if sentence.rstrip(" ”\"’'").endswith("?"):
        return None
    outside = _blanked(_outside_quotes(sentence), asides, here.start)
    perfect = _REPORTED.search(outside)
    verb = perfect or _event_verb(outside)
    if verb is None:
        return None
    if not (here.actors() or TOPIC_SUBJECT.match(sentence) or (in_lead and perfect)):
        return None
    event = here.event(reference, "day", None, False, at=here.start + verb.start())
    # the statement without them: "development of a replacement has been pushed back"
    return _without_asides(event, here, asides)


def _without_asides(event: Event, here: _Sentence, asides: tuple[tuple[int, int], ...]
                    ) -> Event:
    """The event with the asides (paragraph offsets) cut out of its statement."""
    said = event.statement
    for start, end in asides:
        said = said.replace(here.text[start:end], "", 1)
    return replace(event, statement=_finish_cut(said)) if said != event.statement else event


def _outside_quotes(sentence: str) -> str:
    """The sentence with quoted words blanked (same length, so offsets hold)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), sentence)


def _event_verb(text: str) -> re.Match[str] | None:
    """The first finite verb of an event: a simple past (not an adjective after a
    determiner or a participle, "showing renewed", nor a present passive "is expected") or
    a present reporting verb."""
    for m in _PAST_OR_REPORTING.finditer(text):
        word = m.group().lower()
        before = text[:m.start()].split()
        previous = before[-1] if before else ""  # as written: "Boeing" is no participle
        if word.endswith("ed") and (word.endswith("eed") or previous.lower() in _NOT_BEFORE_PAST
                                    or (previous.islower() and previous.endswith("ing"))):
            continue
        return m
    return None


# Irregular past forms and participles -> the verb (the "went" of "underwent", "took" and
# "taken"), for comparing the verb of a retold event with another report's wording. Forms that
# are also a present or a common noun ("left", "set", "cut", "put") are left out.
_IRREGULAR_LEMMA = {
    "underwent": "undergo", "undergone": "undergo", "flew": "fly", "flown": "fly",
    "took": "take", "taken": "take", "began": "begin", "begun": "begin", "won": "win",
    "sold": "sell", "bought": "buy", "met": "meet", "held": "hold", "paid": "pay",
    "spent": "spend", "struck": "strike", "chose": "choose", "chosen": "choose",
    "found": "find", "ran": "run", "wrote": "write", "written": "write", "saw": "see",
    "brought": "bring", "built": "build", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "grew": "grow", "grown": "grow", "sent": "send", "spoke": "speak",
    "spoken": "speak", "broke": "break", "broken": "break", "stood": "stand",
    "withdrew": "withdraw", "withdrawn": "withdraw", "overtook": "overtake",
    "overtaken": "overtake", "sought": "seek", "fought": "fight", "caught": "catch",
    "gave": "give", "given": "give", "lost": "lose", "drove": "drive", "driven": "drive",
    "kept": "keep", "shown": "show", "forgave": "forgive", "forgiven": "forgive",
}
# Past verbs that tell no act of their own: speech and report, states, light verbs. An actor
# says and has many things; the same one of these names no particular event.
_NOT_EVENT_HEADS = frozenset("""said told stated added claimed noted explained commented
described called asked replied answered suggested argued believed thought expected hoped
wanted needed seemed appeared remained continued used based had made did got became was were
went came announced reported confirmed included involved according owned lived liked loved
decided tried started ended dubbed named nicknamed known""".split())
# "has begun", "have been released": a present perfect tells a present state of affairs,
# not a past act retold.
_PRESENT_PERFECT = frozenset(("has", "have", "been", "being", "having"))
_PAST_FORM = re.compile(rf"\b(?:{'|'.join(_IRREGULAR_LEMMA)}|[a-z]{{3,}}ed)\b")


# A simple past in a news report's body narrates the news of its day; an earlier act retold
# as background is marked: a past perfect, a retelling adverb just before the verb ("first
# introduced"), or a temporal subordinate clause ("while the CEO underwent surgery").
_RETELLING_BEFORE = frozenset("""had first previously originally earlier once formerly
initially already""".split())
_TEMPORAL_CLAUSE = re.compile(r"\b(?:when|while|after|before|since|once|until)\b", re.I)
# Where the clause a verb stands in begins: punctuation or a coordinating conjunction ("after
# 45 seconds but Gerrard scored": "after" opens no clause of "scored").
_CLAUSE_BREAK = re.compile(r"[,;:.!?()]|\b(?:but|and|or)\b")
# Adverbs that may stand between an auxiliary and its participle ("has already unveiled").
_ADVERBS = _RETELLING_BEFORE - {"had"} | {"also", "just", "not", "never", "since", "recently"}
# A verb's phrase: the words after it in its clause that tell what was done (its object or
# complement: "underwent liver transplant surgery"), and for a passive the words before its
# auxiliary (its subject: "the gadget was launched").
PHRASE_WORDS = 4
_PASSIVE = frozenset(("was", "were", "been", "be"))
# A verb in what someone is reported to say ("Howard said Lord Butler had given ...") is the
# speaker's account: its actors are not the sentence's named actors.
_REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|claimed|claims|argued|argues|insisted|insists|stated"
    r"|states|added|adds|warned|warns|noted|notes|explained|explains|denied|denies|admitted"
    r"|admits|suggested|suggests|believes|believed|pointing\s+out|pointed\s+out)\b", re.I)
_ING_FORM = re.compile(r"\b[a-z]{3,}ing\b")


@dataclass(frozen=True)
class VerbPhrase:
    verb: str  # as written, an irregular past as its verb ("underwent" -> "undergo")
    words: str  # the phrase's other words
    retold: bool  # told as background to the news (retold_past_verbs)


def verb_phrases(sentence: str, with_ing: bool = False) -> tuple[VerbPhrase, ...]:
    """The past verbs of the acts a sentence tells, outside quoted speech, each with its
    phrase: a simple past or past perfect ("When Jobs first introduced iPhone 4, he praised
    the design" -> introduced, praised); not an adjective after a determiner ("the proposed
    sale"), a passive present ("is expected") or a present perfect ("has begun"), nor a verb
    that tells no act of its own (_NOT_EVENT_HEADS). ``with_ing``: "-ing" forms too ("While
    introducing iPhone 4"), never retold. A verb is retold after "had" or a retelling adverb,
    or in a clause opened by "when", "while", "after", "before", "since", "once" or
    "until", unless it stands in reported speech (after "said", "claimed", ...)."""
    text = _outside_quotes(sentence)
    found = []
    breaks = [0, *(b.end() for b in _CLAUSE_BREAK.finditer(text))]
    speech = _REPORTED_SPEECH.search(text)
    for m, nearest, previous in _past_verbs(text):
        clause = text[breaks[bisect_right(breaks, m.start()) - 1]:m.start()]
        retold = (nearest in _RETELLING_BEFORE or bool(_TEMPORAL_CLAUSE.search(clause))) \
            and not (speech and speech.start() < m.start())
        found.append(VerbPhrase(_IRREGULAR_LEMMA.get(m.group(), m.group()),
                                _phrase(text, m, clause if previous in _PASSIVE else ""),
                                retold))
    if with_ing:
        found += [VerbPhrase(m.group(), _phrase(text, m, ""), False)
                  for m in _ING_FORM.finditer(text)]
    return tuple(found)


def verb_heads(sentence: str) -> tuple[str, ...]:
    """The verbs of verb_phrases(sentence, with_ing=True), without their phrases and whether
    they are retold (a tenth of the work: no clause is searched)."""
    text = _outside_quotes(sentence)
    return (*(_IRREGULAR_LEMMA.get(m.group(), m.group()) for m, _, _ in _past_verbs(text)),
            *(m.group() for m in _ING_FORM.finditer(text)))


def _past_verbs(text: str) -> Iterator[tuple[re.Match[str], str, str]]:
    """Each simple past or past perfect verb of verb_phrases, with the word just before it
    and the word before its adverbs (its auxiliary, if any)."""
    for m in _PAST_FORM.finditer(text):
        word = m.group()
        if word in _NOT_EVENT_HEADS or word.endswith("eed"):
            continue
        # The few words before it: adverbs, then its auxiliary if any.
        before = text[max(0, m.start() - _LOOK_BACK):m.start()].lower().split()
        nearest = before[-1] if before else ""
        while before and before[-1] in _ADVERBS:
            before.pop()
        previous = before[-1] if before else ""
        if previous in _NOT_BEFORE_PAST or previous in _PRESENT_PERFECT:
            continue
        yield m, nearest, previous


_LOOK_BACK = 80  # characters before a verb that hold its adverbs and auxiliary


def _phrase(text: str, verb: re.Match[str], passive_clause: str) -> str:
    """The words after the verb in its clause; for a passive, the words of its clause before
    the auxiliary (the subject) first."""
    end = _CLAUSE_BREAK.search(text, verb.end())
    after = text[verb.end():end.start() if end else len(text)].split()[:PHRASE_WORDS]
    before = passive_clause.split()[:-1][-PHRASE_WORDS:]
    return " ".join(before + after)


# Matched in lower case (three times faster than ignoring case: most sentences hold none).
_RETELLING_CUE = re.compile(
    rf"\b(?:{'|'.join(sorted(_RETELLING_BEFORE))})\b|{_TEMPORAL_CLAUSE.pattern}")


def may_retell(sentence: str) -> bool:
    """Whether the sentence holds a word that marks a retold act (verb_phrases): a cheap
    test before looking for its verbs."""
    return _RETELLING_CUE.search(sentence.lower()) is not None


def retold_past_verbs(sentence: str) -> frozenset[str]:
    """The verbs of verb_phrases told as background to the news."""
    return frozenset(p.verb for p in verb_phrases(sentence) if p.retold)


def past_event_verbs(sentence: str) -> frozenset[str]:
    """The verbs of verb_phrases (simple past and past perfect)."""
    return frozenset(p.verb for p in verb_phrases(sentence))


def _person_finder(paragraphs: list[str], index: int, people: Collection[str]
                   ) -> Callable[[int], str]:
    """A function giving, for a position in paragraph ``index``, the full name of the person
    named last (by full name or surname) before it in the article, or ""."""
    # Sorted: ``people`` may be a set, whose order changes with the process's hash seed.
    surnames = {name: name.split()[-1] for name in sorted(people) if name.split()}

    def actor(position: int) -> str:
        before = "\n".join([*paragraphs[:index], paragraphs[index][:position]])
        best, best_at = "", -1
        for name, surname in surnames.items():
            at = max(before.rfind(name), before.rfind(surname))
            # At the same place ("De Vido" inside "Julio De Vido") the fuller name wins.
            if (at, len(name)) > (best_at, len(best)):
                best, best_at = name, at
        return best

    return actor


def _dated_event(here: _Sentence, found: list[TimeExpression], dct: str) -> Event | None:
    dated = [(x, parse(x.value)) for x in found
             if x.type in ("DATE", "TIME") and parse(x.value).on_calendar
             and not _in_reported_plan(here, x.start)]
    if dated:
        relatives = tuple((here.start + m.start(), here.start + m.end()) for m in _asides(here)
                          if m.group("relative"))
        chosen, value = min(dated, key=lambda xv: (
            _in_quote(here.text, xv[0].start, here.start), _within(xv[0].start, relatives),
            _superseded_plan(here.text, xv[0].start, here.start), xv[0].start))
        published = dt.date.fromisoformat(dct[:10])
        upcoming = chosen.direction == "future" or value.starts_after(published)
        return here.event(chosen.value, value.granularity, chosen, upcoming)
    return None


def _coordinated_events(here: _Sentence, found: list[TimeExpression], dct: str
                        ) -> list[Event]:
    """One event per coordinated predicate that names its own date: "Apple was started in
    1976, and launched the iTunes Music Store in 2003" is two events, "Apple was started in
    1976" and "Apple launched the iTunes Music Store in 2003" (the subject is repeated, as
    a reader needs it). [] when the sentence is not such a coordination (no subject before
    its first verb, a quotation, or a predicate without a date)."""
    sentence = here.text[here.start:here.end]
    if any(mark in sentence for mark in '"“”'):
        return []
    cuts = [(m.start(), m.end()) for m in _COORDINATED_PREDICATE.finditer(sentence)]
    subject = _SUBJECT.match(sentence)
    if not cuts or subject is None:
        return []
    # (start, end) of each predicate: the first runs from the sentence start, each next one
    # from its verb (after "and") to the next "and".
    bounds = [(0, cuts[0][0])] + [(verb, cuts[k + 1][0] if k + 1 < len(cuts) else len(sentence))
                                  for k, (_, verb) in enumerate(cuts)]
    events = []
    for start, end in bounds:
        part = replace(here, start=here.start + start, end=here.start + end)
        inside = [x for x in found if part.start <= x.start < part.end]
        event = _dated_event(part, inside, dct)
        if event is None:
            return []
        if start:  # the subject, then this predicate
            said = coordinated_statement(subject.group("subject"), event.statement,
                                         here.actor(here.start))
            event = replace(event, statement=said, sentence=said)
        events.append(event)
    return events


def _in_reported_plan(here: _Sentence, position: int) -> bool:
    """The time expression at ``position`` dates a plan someone announced, not the
    sentence's event: "Jobs announced that Leopard would be released in 2007" is an
    announcement (dated by its context), not a release in 2007."""
    before = _outside_quotes(here.text[here.start:position])
    verbs = list(_SPEECH_VERB.finditer(before))
    return bool(verbs) and _FUTURE_MODAL.search(before, verbs[-1].end()) is not None


# The date of a plan the sentence says has changed: "the delivery, originally due later this
# year, will be delayed until October 2007", "the launch was postponed from March to June",
# "ANA were to take delivery in May 2008, but will now receive it next month".
_SUPERSEDED = re.compile(
    r"\b(?:(?:originally|initially|previously|first|once)\s+(?:been\s+)?(?:due|scheduled"
    r"|planned|set|expected|slated|intended|meant|targeted|promised)(?:\s+(?:for|to|in|on"
    r"|by|at))?|(?:delayed|postponed|pushed\s+back|moved|brought\s+forward)"
    r"(?:\s+[\w'’-]+){0,4}?\s+from"
    # "were to take delivery in May 2008, but will now receive it next month"
    r"|(?:was|were)\s+(?:originally\s+|initially\s+)?(?:due\s+|supposed\s+|meant\s+)?to"
    r"(?:\s+[\w'’-]+){1,4}?\s+(?:in|on|by|for))\s*$",
    re.IGNORECASE)
_SUPERSEDED_REACH = 60  # characters before a time expression its plan's words lie in


def _superseded_plan(text: str, position: int, sentence_start: int) -> bool:
    """Whether the time expression at ``position`` dates a plan the sentence reports as
    changed: another date in the sentence is the one that holds."""
    return _SUPERSEDED.search(text, max(sentence_start, position - _SUPERSEDED_REACH),
                              position) is not None


def _in_quote(text: str, position: int, sentence_start: int) -> bool:
    before = text[:position]
    curly_open = before.count("“") > before.count("”")
    straight_open = before[sentence_start:].count('"') % 2 == 1
    return curly_open or straight_open


# A non-restrictive aside set off by commas that describes a noun: a participle phrase or
# relative clause between a subject and its verb ("development of a replacement, begun two
# years ago, has been pushed back"), or a relative clause ending the sentence (", which was
# founded in 1976."). A date inside it is the noun's, not the date of the event the sentence
# reports: the announcement of the delay is not two years old. A birth date is no such aside:
# "Jobs, born on February 24, 1955, has built" also tells of the birth (_birth_date). The
# match holds the aside's commas (its closing one when it has one).
_PARTICIPLE = ("begun|built|made|known|written|taken|given|shown|seen|done|held|sold"
               "|won|grown|chosen|flown|driven|bought|brought|set|put|cut|hit")
_MAIN_VERB = (rf"(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must"
              rf"|{_IRREGULAR_PAST}|[a-z]{{3,}}(?:ed|s))\b")
_ASIDE = re.compile(
    rf",\s+(?:(?:first|originally|later|initially|only)\s+)?(?:{_PARTICIPLE}|[a-z]{{3,}}ed)\b"
    rf"[^,;:()“”\"]*,(?=\s+(?:\w+ly\s+)?{_MAIN_VERB})"
    r"|,\s+(?P<relative>which|who)\b[^,;:()“”\"]*(?:,(?=\s+(?:\w+ly\s+)?"
    rf"{_MAIN_VERB})|(?=[.!?]?\s*$))")
# The subject a relative aside describes, when it is the sentence's opening noun phrase
# ("Nogar, who died in 1994, ..." -> "Nogar died in 1994").
_SHORT_SUBJECT = re.compile(r"[A-Z][^,;:()“”\"]*")
_SUBJECT_WORDS = 6
# A verb before the aside: the words are a clause, not the noun phrase the aside describes.
_VERB_IN_SUBJECT = re.compile(rf"\s{_MAIN_VERB}")


def _asides(here: _Sentence) -> list[re.Match[str]]:
    """The asides (_ASIDE) of the sentence outside quotes (offsets in the sentence)."""
    return list(_ASIDE.finditer(_outside_quotes(here.text[here.start:here.end])))


def _within(position: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= position < end for start, end in spans)


def _undated_main_clause(here: _Sentence, found: list[TimeExpression]
                         ) -> tuple[tuple[int, int], ...]:
    """The asides (paragraph offsets) holding every date of the sentence when the sentence
    without them still reports an event of its own (a verb of action outside them and
    outside quotes); () otherwise: the sentence's event is dated as before."""
    dated = [x for x in found if x.type in ("DATE", "TIME") and parse(x.value).on_calendar
             and not _in_reported_plan(here, x.start)]
    if not dated:
        return ()
    spans = tuple((here.start + m.start(), here.start + m.end()) for m in _asides(here))
    if not all(_within(x.start, spans) for x in dated):
        return ()
    spans = tuple(span for span in spans if any(_within(x.start, (span,)) for x in dated))
    outside = _blanked(_outside_quotes(here.text[here.start:here.end]), spans, here.start)
    return spans if _REPORTED.search(outside) or _event_verb(outside) else ()


def _relative_events(here: _Sentence, found: list[TimeExpression],
                     asides: tuple[tuple[int, int], ...], dct: str) -> list[Event]:
    """The events of the sentence's dated relative asides ("Nogar, who died in 1994, ..."),
    told as a clause of their own: the noun they describe, when the sentence opens with it,
    then their predicate ("Nogar died in 1994."). An aside after some other noun gives none:
    the whole sentence under the aside's date would tell its main event at the wrong date. A
    participle aside ("begun two years ago") tells no event of its own: its date only
    describes its noun."""
    events = []
    relatives = {(here.start + m.start(), here.start + m.end()): m for m in _asides(here)
                 if m.group("relative")}
    for span in asides:
        m = relatives.get(span)
        if m is None:
            continue
        event = _dated_event(here, [x for x in found if _within(x.start, (span,))], dct)
        if event is None:
            continue
        subject = _SHORT_SUBJECT.fullmatch(here.text[here.start:span[0]].strip())
        if subject and len(subject.group().split()) <= _SUBJECT_WORDS and \
                not _VERB_IN_SUBJECT.search(subject.group()):
            predicate = here.text[span[0]:span[1]].strip(" ,").split(None, 1)[-1]
            events.append(replace(event, statement=_finish_cut(
                f"{subject.group()} {predicate}")))
    return events


def _with_relative_events(here: _Sentence, found: list[TimeExpression], event: Event,
                          dct: str) -> tuple[list[Event], Event]:
    """The events of the sentence's relative asides that hold a date other than its event's
    ("Brando, who died last July, took the role in 1973": Brando died last July), and its
    event with them cut out of its statement (Brando took the role in 1973)."""
    spans = tuple((here.start + m.start(), here.start + m.end()) for m in _asides(here)
                  if m.group("relative"))
    chosen = next((x for x in found if x.text == event.timex), None)
    spans = tuple(span for span in spans
                  if (chosen is None or not _within(chosen.start, (span,)))
                  and any(_within(x.start, (span,)) for x in found
                          if x.type in ("DATE", "TIME") and parse(x.value).on_calendar))
    if not spans:
        return [], event
    return _relative_events(here, found, spans, dct), _without_asides(event, here, spans)


# "in March and June", "in 2008, 2009 and 2010": a list of dates of one event's occurrences
# (TimeML links the event to each). "between March and June", "from March to June" is one
# period, not a list.
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:on|in|at)\s+)?$")
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:(?:on|in|at|the)\s+)?$", re.IGNORECASE)


def _listed_dates(here: _Sentence, found: list[TimeExpression], event: Event, dct: str
                  ) -> list[Event]:
    """The event, and one event with its statement at each date listed after its own ("made
    an appearance in March and June": an appearance in March, one in June)."""
    chosen = next((x for x in found if x.text == event.timex and x.type in ("DATE", "TIME")),
                  None)
    if chosen is None or _RANGE_OPEN.search(here.text, here.start, chosen.start):
        return [event]
    granularity = parse(chosen.value).granularity
    members, last = [], chosen
    for x in sorted((x for x in found if x.start > chosen.start), key=lambda x: x.start):
        value = parse(x.value)
        join = _LIST_JOIN.fullmatch(here.text, last.end, x.start)
        # "On Monday, Tuesday's match was called off": a possessive date is no list member
        if x.type != chosen.type or not value.on_calendar or join is None or \
                value.granularity != granularity or POSSESSIVE.match(here.text, x.end):
            break
        members.append((x, value, "and" in join.group()))
        last = x
    while members and not members[-1][2]:  # a list ends with "and": "2008, 2009 and 2010"
        members.pop()
    published = dt.date.fromisoformat(dct[:10])
    return [event, *(replace(event, value=x.value, timex=x.text,
                             upcoming=x.direction == "future" or value.starts_after(published))
                     for x, value, _ in members)]


def _finish_cut(text: str) -> str:
    """A statement after words were cut out: single spaces, a full stop at the end."""
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split())).rstrip(" ,;:")
    return text if text[-1:] in ".!?”\"’'" else text + "."


def _blanked(sentence: str, spans: tuple[tuple[int, int], ...], offset: int) -> str:
    """``sentence`` with the paragraph spans blanked (same length, so offsets hold)."""
    for start, end in spans:
        a, b = max(0, start - offset), max(0, end - offset)
        sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    return sentence
