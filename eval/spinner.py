"""A deliberately simple synonym-substitution "article spinner" used only for evaluation.

It imitates the cheap spinners that rewrite wire copy: tokens (and a few multi-word phrases)
found in a hand-made synonym table are replaced, word for word and case-preserving, with a
synonym chosen at random -- including inside proper names ("White House" -> "White Home").

Independence from the detector: this table was written as a general-purpose thesaurus of common
English/news words, without copying generator/data/*. Some overlap is unavoidable (both know that
"house" can become "home"), so eval/spin.py measures the overlap and also runs a *held-out* spinner
(`SpinTable.without(...)`) from which every pair the detector's data files know about is removed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# word or phrase -> synonyms (all lowercase). Written independently of generator/data/.
_RAW = """
said: stated, mentioned, remarked, noted, declared
says: states, mentions, remarks, notes
say: state, mention, remark
told: informed, instructed, advised
added: included, appended
came: arrived, got here, showed up
come: arrive, get here
went: traveled, proceeded
go: proceed, travel
get: obtain, acquire, receive
got: obtained, acquired, received
make: create, produce, generate
made: created, produced, generated
take: acquire, seize, grab
took: seized, grabbed, acquired
give: present, offer, provide
gave: offered, presented, provided
use: utilize, employ, make use of
used: utilized, employed
help: assist, aid
helped: assisted, aided
show: display, exhibit, present
showed: displayed, exhibited
need: require, want
needs: requires, wants
want: wish, desire
wanted: wished, desired
think: believe, suppose, imagine
believe: imagine, suppose, assume
know: recognize, realize
knew: recognized, realized
find: discover, locate, uncover
found: discovered, located, uncovered
start: begin, commence, kick off
started: began, commenced, kicked off
begin: commence, start off
end: finish, conclude, cease
ended: finished, concluded, ceased
buy: purchase, acquire
bought: purchased, acquired
sell: promote, market, vend
sold: marketed, vended
keep: retain, preserve, maintain
kept: retained, preserved
try: attempt, strive
tried: attempted, strived
win: triumph, prevail
won: triumphed, prevailed
lose: forfeit, shed
lost: misplaced, forfeited, shed
hold: maintain, retain, keep
held: maintained, retained
meet: satisfy, encounter, fulfill
run: operate, function, manage
ask: request, inquire
asked: requested, inquired
expect: anticipate, count on
expected: anticipated, predicted
plan: scheme, blueprint, strategy
plans: schemes, blueprints
move: transfer, shift, transfer
allow: permit, enable, let
allowed: permitted, enabled
look: appear, seem
warned: cautioned, alerted
announced: introduced, declared, unveiled
reported: indicated, noted
claimed: asserted, alleged
agreed: consented, concurred
increase: improve, rise, enhance
rise: enhance, climb, soar
fell: dropped, declined, plunged
cut: minimize, slash, scale back
raise: increase, elevate, lift
build: construct, assemble
built: constructed, assembled
change: alter, modify, shift
changes: alterations, modifications
today: in the present day, nowadays, these days
ago: in the past, previously, back
now: presently, at present, right now
nearly: virtually, practically, almost
almost: nearly, virtually, practically
about: roughly, approximately, around
also: additionally, moreover, as well
however: nonetheless, nevertheless, although
but: however, nonetheless
very: extremely, highly, really
many: lots of, numerous, plenty of
much: a lot, significantly, considerably
more: extra, additional
most: largest, biggest
some: certain, a few
few: handful of, several
all: each, every
still: nonetheless, nonetheless, even now
just: simply, merely, solely
only: solely, merely, simply
recently: lately, not too long ago
soon: shortly, quickly, before long
already: by now, previously
often: steadily, regularly, continuously
again: once more, once again
big: large, huge, massive, enormous
large: huge, massive, big
small: little, tiny, minor
new: recent, contemporary, novel
old: aged, outdated, previous
good: nice, great, fine
great: nice, excellent, superb
bad: dangerous, unhealthy, poor
important: essential, vital, crucial
major: main, principal, key
key: main, important, essential
high: excessive, elevated, prime
low: modest, reduced, lowered
long: prolonged, lengthy, extended
short: quick, temporary, transient
top: prime, high, main
main: principal, predominant, chief
hard: tough, difficult, onerous
difficult: troublesome, tough, arduous
easy: simple, effortless
clear: apparent, obvious, evident
strong: sturdy, robust, powerful
free: open, complimentary
full: complete, whole, total
public: public, civic, communal
early: beginning, early on
late: delayed, overdue
recent: latest, current
possible: doable, potential, attainable
likely: probably, most probably, possible
different: totally different, varied, distinct
same: similar, identical
first: initial, earliest, premier
last: final, previous, past
next: subsequent, following
year: yr, 12 months
years: years, 12 months
month: months, thirty days
week: weekend, seven days
day: time, day time
time: interval, period, second
people: individuals, folks, persons
person: individual, particular person
man: person, male
woman: lady, female
children: kids, youngsters
child: kid, youngster
company: firm, agency, enterprise
companies: firms, businesses, enterprises
firm: company, agency, business
business: enterprise, commerce
market: market, marketplace
money: cash, funds
price: worth, value, cost
prices: costs, charges
cost: value, price, expense
costs: prices, expenses
sales: gross sales, revenue
deal: settlement, agreement, contract
government: authorities, administration
country: nation, nation-state
countries: international locations, nations
world: globe, world wide
city: metropolis, municipality
home: residence, dwelling
house: home, residence
office: workplace, bureau
war: warfare, battle, conflict
fight: battle, combat, struggle
attack: assault, offensive, strike
army: military, troops
police: law enforcement, cops
law: regulation, legislation
court: courtroom, tribunal
minister: secretary, cabinet member
leader: chief, head, chief
party: occasion, celebration, social gathering
election: election, vote, poll
vote: ballot, poll
meeting: assembly, gathering, conference
talks: discussions, negotiations, conversations
report: document, file, account
news: information, headlines
information: data, particulars, info
issue: problem, concern, subject
problem: downside, challenge, issue
problems: issues, challenges
question: query, inquiry
way: manner, method, approach
part: half, portion, section
group: group, organization, team
team: workforce, squad, crew
game: recreation, match, sport
match: match, game, contest
player: participant, athlete
players: gamers, athletes
club: membership, team
season: season, campaign
film: movie, picture
films: movies, pictures
show: present, program
music: music, tunes
song: tune, track
star: celebrity, famous person
award: prize, honor
phone: cellphone, telephone
computer: laptop, pc
software: program, packages
system: system, mechanism, infrastructure
service: service, provider
services: providers, offerings
users: customers, consumers
site: website, web site
online: on-line, on the internet
technology: know-how, expertise
research: analysis, examine
study: research, examine, analysis
data: information, knowledge
power: energy, power
energy: vitality, power
level: degree, stage
rate: charge, price
growth: progress, expansion
economy: economic system, financial system
jobs: employment, positions
job: position, employment
work: work, labor
workers: employees, staff
staff: employees, workers
support: assist, help, backing
security: safety, protection
foreign: overseas, international
national: nationwide, national
international: worldwide, global
local: native, regional
trade: commerce, business
plan: plan, scheme
chief: chief, head
head: head, chief
foundation: basis, groundwork
defense: protection, defence
associated: related, linked
range: vary, vary
extended: prolonged, expanded
middle: center, centre, middle
according to: based on, in accordance with
as well as: in addition to, together with
more than: greater than, over
make sure: make it possible for, ensure
because of: due to, on account of
at least: not less than, a minimum of
in order to: so as to, to be able to
such as: akin to, comparable to
a lot of: numerous, loads of
take part: participate, partake
"""


def _parse(raw: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in raw.strip().splitlines():
        key, _, rest = line.partition(":")
        syns = [s.strip() for s in rest.split(",") if s.strip() and s.strip() != key.strip()]
        if syns:
            table[key.strip()] = tuple(dict.fromkeys(syns))
    return table


@dataclass(frozen=True)
class SpinTable:
    entries: dict[str, tuple[str, ...]]

    def pairs(self) -> list[tuple[str, str]]:
        return sorted((k, v) for k, vs in self.entries.items() for v in vs)

    def without(self, known: set[tuple[str, str]], known_outputs: set[str]) -> SpinTable:
        """Drop pairs the detector knows (orig, spun) and outputs it lists as fingerprints."""
        kept: dict[str, tuple[str, ...]] = {}
        for key, syns in self.entries.items():
            left = tuple(s for s in syns if (key, s) not in known and s not in known_outputs)
            if left:
                kept[key] = left
        return SpinTable(kept)


TABLE = SpinTable(_parse(_RAW))

_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _match_case(source: str, replacement: str) -> str:
    if source.isupper() and len(source) > 1:
        return replacement.upper()
    if source[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    return replacement


def spin(text: str, strength: float, seed: int = 0, table: SpinTable = TABLE) -> tuple[str, int]:
    """Replace about `strength` of the eligible words/phrases. Returns (text, substitutions)."""
    rng = random.Random(seed)
    phrases = sorted((k for k in table.entries if " " in k), key=len, reverse=True)
    out: list[str] = []
    pos = 0
    count = 0
    for m in _TOKEN.finditer(text):
        if m.start() < pos:
            continue
        key, end = m.group(0).lower(), m.end()
        for phrase in phrases:
            if text[m.start() : m.start() + len(phrase)].lower() == phrase:
                after = text[m.start() + len(phrase) : m.start() + len(phrase) + 1]
                if not after.isalpha():
                    key, end = phrase, m.start() + len(phrase)
                    break
        syns = table.entries.get(key)
        if not syns or rng.random() >= strength:
            continue
        original = text[m.start() : end]
        out.append(text[pos : m.start()])
        out.append(_match_case(original, rng.choice(syns)))
        pos = end
        count += 1
    out.append(text[pos:])
    return "".join(out), count
