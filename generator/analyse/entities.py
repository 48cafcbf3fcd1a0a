"""Rule-based named-entity extraction for one article.

Pipeline per article: split into lines (drop boilerplate, mark headline-like bare lines as
"strict"), tokenise, group capitalised words into spans, then inside each span strip
titles/honorifics, match gazetteers (longest first), and type the remaining runs from cues
(given names, role nouns, "X said", organisation/place suffixes). Runs that stay untyped are
kept only if they resolve, within the same article, to a person already named in full
("Trump" -> "Donald Trump"). Everything else is dropped: precision over recall.

Demonyms ("Ukrainian", "Russian") are deliberately NOT mapped to their country: "Ukrainian
forces" is not a mention of the place Ukraine. They are only absorbed into a title prefix
("Russian President Vladimir Putin").

The output depends on the text alone and is ordered by offset, so it can be cached per article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

from generator.data import data_lines

PERSON, ORG, PLACE, PRODUCT = "person", "organisation", "place", "product"
TYPES = (PERSON, ORG, PLACE, PRODUCT)


@dataclass(frozen=True)
class Mention:
    text: str  # surface form, including any title prefix ("U.S. President Donald Trump")
    name: str  # normalised name without titles ("Donald Trump")
    type: str  # "person" | "organisation" | "place" | "product"
    start: int  # offsets in the text of ``paragraph`` (see generator.models: the contract)
    end: int
    paragraph: int = 0  # 0 = headline, n = body paragraph n (anchor "#p{n}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Mention:
        return cls(d["text"], d["name"], d["type"], int(d["start"]), int(d["end"]),
                   int(d.get("paragraph", 0)))


# ---------------------------------------------------------------------------------------------
# Data files (loaded once, lazily)


def _words(name: str) -> frozenset[str]:
    return frozenset(w for ln in data_lines(name) for w in ln.split())


@dataclass(frozen=True)
class _Lexicon:
    gazetteer: dict[str, tuple[str, str]]  # surface key -> (type, canonical name)
    max_gaz_len: int
    titles: frozenset[str]  # title phrases, space-joined tokens
    max_title_len: int
    demonyms: frozenset[str]
    given: frozenset[str]
    stop: frozenset[str]
    surnames: dict[str, str]  # distinctive surname -> full name (from people.txt "*")
    makers: frozenset[str]  # makers whose model numbers name products ("Boeing" 787)
    product_first: frozenset[str]  # first words of gazetteer products (cheap pre-check)


def _add_entries(gaz: dict, lines: list[str], type_: str) -> None:
    for ln in lines:
        variant, _, canonical = ln.partition("\t")
        variant = variant.strip()
        canonical = canonical.strip() or variant
        gaz.setdefault(variant, (type_, canonical))
        gaz.setdefault(canonical, (type_, canonical))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    gaz: dict[str, tuple[str, str]] = {}
    _add_entries(gaz, data_lines("place_aliases.txt"), PLACE)
    _add_entries(gaz, data_lines("places.txt"), PLACE)
    _add_entries(gaz, data_lines("organisations.txt"), ORG)
    _add_entries(gaz, data_lines("products.txt"), PRODUCT)
    surnames: dict[str, str] = {}
    for ln in data_lines("people.txt"):
        full, _, variants = ln.partition("\t")
        distinctive = full.endswith("*")
        full = full.rstrip("*").strip()
        gaz[full] = (PERSON, full)
        for v in filter(None, (v.strip() for v in variants.split("|"))):
            if " " in v:
                gaz[v] = (PERSON, full)
            elif distinctive:
                surnames[v] = full
        if distinctive:
            surnames[full.split()[-1]] = full
    titles = frozenset(data_lines("titles.txt"))
    return _Lexicon(
        gazetteer=gaz,
        max_gaz_len=max(len(k.split()) for k in gaz),
        titles=titles,
        max_title_len=max(len(t.split()) for t in titles),
        demonyms=frozenset(data_lines("demonyms.txt")),
        given=_words("given_names.txt"),
        stop=_words("stopwords.txt"),
        surnames=surnames,
        makers=frozenset(data_lines("product_makers.txt")),
        product_first=frozenset(k.split()[0] for k, v in gaz.items() if v[0] == PRODUCT),
    )


# Lower-case role nouns that introduce a person: "special envoy Steve Witkoff".
ROLE_NOUNS = frozenset(
    """envoy adviser advisor spokesman spokeswoman spokesperson minister president chairman
    chairwoman executive director analyst leader secretary senator actor actress singer star
    coach manager striker player chancellor ambassador official economist chief founder boss
    head lawyer judge writer author reporter correspondent professor governor mayor candidate
    champion captain colleague son daughter wife husband brother sister rapper musician
    director-general commissioner deputy premier king queen prince general colonel""".split()
)
SPEECH_VERBS = frozenset(
    """said says told added wrote mentioned stated argued explained insisted warned noted
    claimed replied remarked asked announced""".split()
)
ORG_SUFFIXES = frozenset(
    """Party Council Commission Committee Ministry Department Bank Inc Ltd Corp Corporation
    Company Co Group Holdings University College School Association Foundation Institute
    Institution Agency Union Office Court Parliament Congress Senate Assembly Federation
    Organisation Organization Authority Board Service Services Trust Fund Society Network
    Airlines Airways Motors Studios Records Entertainment Pictures Technologies Systems Labs
    Club FC United Police Army Navy Force Guard Museum Hospital Church Times Post News
    Herald Telegraph Journal Tribune Chambers Commerce Industries International Corps
    Airplanes Aircraft Aerospace Motor Pharmaceuticals Petroleum Energy Telecom Communications
    plc PLC LLC GmbH League Academy Institute
    Bureau Directorate""".split()
)
# Words that never end a person's name: organisation heads, role words ("Chief Operating
# Officer", "Singapore Airlines" cut to "Airlines").
NOT_NAME_WORDS = frozenset(
    """Officer Executive Analyst Spokesman Spokeswoman Spokesperson Flight Airlines Airways
    Airplanes Aircraft Computer Corps Inc Ltd Corp Group Holdings Agency Council Commission
    Ministry Party University Institute Association Federation League Club Company Department
    Motors Electric Office Court Committee Service Services Bank Board""".split()
)
# Organisation suffixes that are also surnames ("Thomas Haden Church", "Emily Post").
NAME_LIKE_SUFFIXES = frozenset("Church Post Times News Guard Force United Herald".split())
ORG_HEADS = frozenset(
    """University Bank Ministry Department Foundation Institute Council Court Association
    Federation Union Office Commission Committee Agency Church College School Museum Party
    Chambers Board Centre Center Academy Society League Organisation Organization""".split()
)
PLACE_SUFFIXES = frozenset(
    """City County Province Island Islands River Valley Strait Sea Ocean Mountains Region
    Oblast Street Square Bay Peninsula Desert Lake Airport""".split()
)
CONNECTORS = frozenset({"of", "for", "de", "von", "van", "der", "bin", "al", "del", "da", "&"})
TITLE_ABBREVS = frozenset(
    "Sen Sens Rep Reps Gov Gen Mr Mrs Ms Dr Prof Lt Col Capt St Rev Sgt Adm Maj Mt Ft".split()
)

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[\w][\w]*(?:['’\-][\w]+)*|&")
_BOILERPLATE_RE = re.compile(
    r"^(?:leave a comment|trending|get breaking .*|sign up.*|subscribe.*|share this.*|"
    r"advertisement|read more.*|related:.*|watch:.*|©.*|copyright.*|.*contributed to this report\.?"
    r"|.*all rights reserved.*|for (?:news|information) impacting .*|click here.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = frozenset(".!?")
_OPENERS = frozenset("\"“‘'([—–-:;")


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence / line / quotation
    breaks_after: bool  # possessive or punctuation ends the span here


@dataclass
class _Cand:
    tokens: list[_Tok]
    name: str
    type: str | None  # None: untyped, needs same-article resolution
    surface_start: int
    cue: bool = False  # typed by a strong cue (title, role noun, speech verb)


# ---------------------------------------------------------------------------------------------
# Lines and tokens


def _line_spans(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_headline_like(line: str) -> bool:
    """A bare line without sentence punctuation (headline, sub-heading)."""
    stripped = line.rstrip().rstrip("\"”’'")
    return len(stripped.split()) <= 16 and not stripped.endswith((".", "!", "?", ":"))


def _tokenise(line: str, offset: int) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(line):
        word, start = m.group(), m.start()
        gap = line[prev_end:start]
        initial = not toks or _starts_sentence(gap, toks[-1].text)
        possessive = False
        for suffix in ("’s", "'s", "’", "'"):
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                word, possessive = word[: -len(suffix)], True
                break
        end = start + len(word)
        if toks:
            toks[-1].breaks_after = toks[-1].breaks_after or not _joinable_gap(gap, toks[-1].text)
        parts = word.split("-")
        if len(parts) > 1 and all(p in _lexicon().gazetteer for p in parts):
            # "Israel-Hamas truce": two mentions, not one hyphenated word
            pos = offset + start
            for k, part in enumerate(parts):
                toks.append(_Tok(part, pos, pos + len(part), initial and k == 0, True))
                pos += len(part) + 1
            toks[-1].breaks_after = possessive
            prev_end = m.end()
            continue
        toks.append(_Tok(word, offset + start, offset + end, initial, possessive))
        prev_end = m.end()
    return toks


def _starts_sentence(gap: str, prev: str) -> bool:
    g = gap.strip()
    if not g:
        return False
    if any(c in _OPENERS for c in g) and g[-1] in _OPENERS:
        return True
    if g[0] in _SENTENCE_END:
        return prev not in TITLE_ABBREVS and not (len(prev) == 1 and prev.isupper())
    return False


def _joinable_gap(gap: str, prev: str) -> bool:
    if gap == " ":
        return True
    if gap == ". ":  # "Sen. Lindsey Graham", "George W. Bush"
        return prev in TITLE_ABBREVS or (len(prev) == 1 and prev.isupper())
    return False


def _is_cap(tok: _Tok) -> bool:
    c = tok.text[0]
    return c.isupper() or (tok.text == "&")


def _spans(toks: list[_Tok]) -> list[list[_Tok]]:
    """Maximal runs of capitalised tokens, joined by single spaces and inner connectors."""
    spans: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for i, tok in enumerate(toks):
        joinable = cur and not cur[-1].breaks_after
        if _is_cap(tok) and tok.text != "&" and not tok.text.isdigit():
            if not joinable and cur:
                spans.append(cur)
                cur = []
            cur.append(tok)
        elif (
            joinable
            and tok.text in CONNECTORS
            and not tok.breaks_after
            and i + 1 < len(toks)
            and _is_cap(toks[i + 1])
        ):
            cur.append(tok)
        elif cur:
            spans.append(cur)
            cur = []
    if cur:
        spans.append(cur)
    return spans


# ---------------------------------------------------------------------------------------------
# Span analysis


def _key(tokens: list[_Tok]) -> str:
    return " ".join(t.text for t in tokens).replace("’", "'")


def _match_gazetteer(tokens: list[_Tok], i: int, lex: _Lexicon) -> tuple[int, str, str] | None:
    for n in range(min(lex.max_gaz_len, len(tokens) - i), 0, -1):
        hit = lex.gazetteer.get(_key(tokens[i : i + n]))
        if hit and tokens[i + n - 1].text not in CONNECTORS:
            return n, hit[0], hit[1]
    return None


def _match_title(tokens: list[_Tok], i: int, lex: _Lexicon) -> int:
    for n in range(min(lex.max_title_len, len(tokens) - i), 0, -1):
        if _key(tokens[i : i + n]) in lex.titles:
            return n
    return 0


def _is_common_word(tok: _Tok, lowercase_words: frozenset[str], lex: _Lexicon) -> bool:
    if tok.text in lex.stop:
        return True
    return tok.initial and tok.text.lower() in lowercase_words and tok.text not in lex.given


def _name_run(tokens: list[_Tok], i: int, lex: _Lexicon) -> int:
    """Length of a person-name run starting at i (stops at titles, stopwords, gazetteer places)."""
    n = 0
    while i + n < len(tokens) and n < 4:
        tok = tokens[i + n]
        if tok.text in CONNECTORS:
            if n == 0 or tok.text in ("of", "for", "&"):
                break
        elif tok.text in lex.stop or _match_title(tokens, i + n, lex) or tok.text in lex.demonyms:
            break
        elif n >= 2 and lex.gazetteer.get(tok.text, (PERSON,))[0] != PERSON:
            break  # "CEO Steve Jobs Apple Computer": the name ends before "Apple"
        n += 1
        if tok.breaks_after:
            break
    while n and tokens[i + n - 1].text in CONNECTORS:
        n -= 1
    return n


def _analyse_span(
    span: list[_Tok], ctx: _Context, lex: _Lexicon
) -> list[_Cand]:
    cands: list[_Cand] = []
    i = 0
    unknown: list[_Tok] = []

    def flush() -> None:
        if unknown:
            cands.extend(_type_unknown(list(unknown), ctx, lex))
            unknown.clear()

    prefix_start: int | None = None
    while i < len(span):
        tok = span[i]
        gaz = _match_gazetteer(span, i, lex)
        title_len = _match_title(span, i, lex)
        if title_len and not (gaz and gaz[0] > title_len):  # "General Motors" is no title
            j = i + title_len
            while j < len(span) and (t := _match_title(span, j, lex)):
                j += t
            n = _name_run(span, j, lex) if not span[j - 1].breaks_after else 0
            name_toks = span[j : j + n]
            if not any(t.text in NOT_NAME_WORDS for t in name_toks):  # not "Justice Department"
                flush()
                start = prefix_start if prefix_start is not None else tok.start
                if n:
                    cands.append(
                        _Cand(name_toks, _person_name(name_toks, lex), PERSON, start, True)
                    )
                i, prefix_start = j + n, None
                continue
        org_len = _org_run(span, i, gaz, lex) if gaz and not unknown else 0
        if org_len:  # "Singapore Airlines", "United States Air Force", "Apple Corps"
            flush()
            name = " ".join(t.text for t in span[i : i + org_len])
            cands.append(_Cand(span[i : i + org_len], name, ORG, tok.start))
            i, prefix_start = i + org_len, None
            continue
        if gaz and not _starts_person(span, i, gaz[0], lex):
            n, type_, canonical = gaz
            nxt = i + n
            before_title = nxt < len(span) and not span[nxt - 1].breaks_after
            if before_title and _match_title(span, nxt, lex):
                flush()  # "U.S. President ...": a modifier of the title, not a mention
                prefix_start = tok.start
                i = nxt
                continue
            flush()
            cands.append(_Cand(span[i:nxt], canonical, type_, tok.start))
            i = nxt
            continue
        if tok.text in lex.demonyms and not unknown:
            prefix_start = tok.start if prefix_start is None else prefix_start
            i += 1
            continue
        prefix_start = None
        skippable = _is_common_word(tok, ctx.lowercase_words, lex) or tok.text in CONNECTORS
        if not unknown and skippable:
            i += 1
            continue
        unknown.append(tok)
        if tok.breaks_after:
            flush()
        i += 1
    flush()
    return cands


def _org_run(
    span: list[_Tok], i: int, gaz: tuple[int, str, str], lex: _Lexicon
) -> int:
    """Length of a run that starts with a gazetteer name and ends in an organisation head
    ("Singapore Airlines", "China Eastern Airlines"), longer than the gazetteer match; else 0."""
    best = 0
    for j in range(i, min(len(span), i + 6)):
        tok = span[j]
        if j > i and (_match_title(span, j, lex) or tok.text in lex.demonyms):
            break
        heads = ORG_SUFFIXES - NAME_LIKE_SUFFIXES if gaz[1] == PERSON else ORG_SUFFIXES
        if j >= i + gaz[0] and tok.text in heads:
            best = j - i + 1
        if tok.breaks_after:
            break
    return best + _of_tail(span, i + best, lex) if best else 0


def _of_tail(span: list[_Tok], k: int, lex: _Lexicon) -> int:
    """Tokens of an "of/for" complement after an organisation head ("... Foundation for
    Democracy", "... Bank of England")."""
    if k >= len(span) or span[k - 1].breaks_after or span[k].text not in ("of", "for"):
        return 0
    n = 1
    while k + n < len(span) and span[k + n].text not in CONNECTORS:
        n += 1
        if span[k + n - 1].breaks_after or _match_title(span, k + n, lex):
            break
    return n if n > 1 else 0


def _starts_person(span: list[_Tok], i: int, gaz_len: int, lex: _Lexicon) -> bool:
    """"Michael Jordan": a given name followed by a gazetteer word is a person."""
    if gaz_len != 1 or span[i].text not in lex.given or lex.gazetteer[span[i].text][0] == PERSON:
        return False
    return i + 1 < len(span) and not span[i].breaks_after and span[i + 1].text[0].isupper()


def _person_name(tokens: list[_Tok], lex: _Lexicon) -> str:
    name = " ".join(t.text for t in tokens)
    hit = lex.gazetteer.get(name.replace("’", "'"))
    if hit and hit[0] == PERSON:
        return hit[1]
    if len(tokens) == 1 and tokens[0].text in lex.surnames:
        return lex.surnames[tokens[0].text]
    return name


def _type_unknown(run: list[_Tok], ctx: _Context, lex: _Lexicon) -> list[_Cand]:
    while run and (run[-1].text in CONNECTORS or run[-1].text in lex.stop):
        run.pop()
    while run and (run[0].text in CONNECTORS or run[0].text in lex.stop or _modifier(run[0])):
        run.pop(0)
    if not run:
        return []
    if any(t.text in CONNECTORS for t in run):
        first = run[: next(k for k, t in enumerate(run) if t.text in CONNECTORS)]
        if first and first[-1].text in ORG_HEADS and run[-1].text not in CONNECTORS:
            return [_Cand(run, " ".join(t.text for t in run), ORG, run[0].start)]
        if not (run[0].text in ctx.lex_given_ok and len(run) <= 4):  # split "X of Y" pieces
            out: list[_Cand] = []
            piece: list[_Tok] = []
            for t in run + [_Tok("of", 0, 0, False, True)]:
                if t.text in CONNECTORS:
                    out.extend(_type_unknown(piece, ctx, lex) if piece else [])
                    piece = []
                else:
                    piece.append(t)
            return out
    if len(run) == 1 and _org_acronym(run[0].text, ctx, lex):
        return [_Cand(run, run[0].text, ORG, run[0].start)]
    if any(not _plausible_word(t) for t in run):
        return []
    name = " ".join(t.text for t in run)
    given_first = run[0].text in lex.given and 2 <= len(run) <= 4
    if len(run) > 1 and run[-1].text in ORG_SUFFIXES and not (
        given_first and run[-1].text in NAME_LIKE_SUFFIXES
    ):
        return [_Cand(run, name, ORG, run[0].start)]
    if len(run) > 1 and run[-1].text in PLACE_SUFFIXES:
        return [_Cand(run, name, PLACE, run[0].start)]
    if len(run) > 5:
        return []
    cue = _person_cue(run, ctx)
    if given_first:
        return [_Cand(run, _person_name(run, lex), PERSON, run[0].start, cue)]
    if cue and len(run) <= 4:
        return [_Cand(run, _person_name(run, lex), PERSON, run[0].start, True)]
    if len(run) == 1 and run[0].text in lex.surnames:
        return [_Cand(run, lex.surnames[run[0].text], PERSON, run[0].start)]
    return [_Cand(run, name, None, run[0].start)]


def _org_acronym(word: str, ctx: _Context, lex: _Lexicon) -> bool:
    """An all-caps acronym used at least twice in the article (EADS, USAF) that is not a
    shouted word or a listed non-organisation acronym (CEO, GMT)."""
    return (
        len(word) >= 3
        and ctx.acronyms.get(word, 0) >= 2
        and word.isalpha()
        and word.isupper()
        and word not in lex.stop
        and word.lower() not in ctx.lowercase_words
    )


def _modifier(tok: _Tok) -> bool:
    """"Kremlin-owned", "Paris-based": a hyphenated modifier, not part of a name."""
    return any(p[:1].islower() for p in tok.text.split("-")[1:])


def _plausible_word(tok: _Tok) -> bool:
    w = tok.text
    if len(w) < 2 or any(c.isdigit() for c in w):
        return False
    if "-" in w and any(len(p) < 2 for p in w.split("-")):
        return False  # "R-S", "D-Conn" party/state tags
    return not (w.isupper() and len(w) > 1)  # unknown acronyms: ERAM, ATACMS


def _person_cue(run: list[_Tok], ctx: _Context) -> bool:
    before = ctx.text[max(0, run[0].start - 40) : run[0].start].split()
    if before and before[-1].lower().strip(",") in ROLE_NOUNS:
        return True
    after = ctx.text[run[-1].end : run[-1].end + 30]
    if run[-1].breaks_after and not after.startswith((",", " ")):
        return False
    words = after.replace(",", " , ").split()
    if words and words[0] in ROLE_NOUNS:
        return False  # "Global Insight analyst Howard Archer": the run is the employer
    if words and words[0] in SPEECH_VERBS:
        return True
    if before and before[-1].rstrip(",") in SPEECH_VERBS and len(run) >= 2:
        return True
    return len(words) >= 2 and words[0] == "," and words[1] in ("who", "whose") and len(run) >= 2


# ---------------------------------------------------------------------------------------------
# Article-level resolution


@dataclass
class _Context:
    text: str
    lowercase_words: frozenset[str]
    lex_given_ok: frozenset[str]
    model_codes: dict[str, str]  # "A380" -> "Airbus A380" (named after its maker here)
    acronyms: dict[str, int]  # all-caps words of 3+ letters -> occurrences in the article


_WORD_RE = re.compile(r"[a-z][a-z'’\-]+")


def translit_key(word: str) -> str:
    """Spelling-insensitive key for transliterated names: Zelenskyy/Zelensky/Zelenskiy."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if c.isalpha())
    for a, b in (("yy", "y"), ("iy", "y"), ("yi", "y"), ("ij", "y"), ("ii", "y"), ("kh", "h"),
                 ("ph", "f"), ("ck", "k"), ("dh", "d"), ("tz", "ts"), ("q", "k"), ("w", "v")):
        w = w.replace(a, b)
    w = w.replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", w)


def extract_mentions(text: str) -> list[Mention]:
    """Person, organisation, place and product mentions in one article, ordered by offset."""
    lex = _lexicon()
    ctx = _Context(text, frozenset(_WORD_RE.findall(text)), lex.given,
                   _model_codes(text, lex), _acronym_counts(text))
    body: list[_Cand] = []
    strict: list[_Cand] = []
    for offset, line in _line_spans(text):
        if not line.strip() or _BOILERPLATE_RE.match(line.strip()):
            continue
        target = strict if _is_headline_like(line) else body
        products, segments = _split_products(_tokenise(line, offset), ctx, lex)
        target.extend(products)
        for segment in segments:
            for span in _spans(segment):
                target.extend(_analyse_span(span, ctx, lex))
    return _resolve(body, strict, ctx, lex)


# ---------------------------------------------------------------------------------------------
# Products: "Boeing 787", "Airbus A380s", "iPhone 4", gazetteer names with digits

_MODEL_RE = re.compile(r"^(?:[A-Z]{1,2}-?)?\d{2,4}(?:-\d{1,4}[A-Z]{0,3})?$")
_INAME_RE = re.compile(r"^i[A-Z][A-Za-z]+$")  # iPhone, iPod, iTunes
_INAME_TAIL_RE = re.compile(r"^\d[\dA-Z]{0,3}$")  # "iPhone 4", "iPhone 3GS"
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z&]{2,}\b")


def _model_code(word: str) -> str | None:
    """"787", "A380", "777-200LR" -> base code ("787", "A380", "777"); plural "s" dropped."""
    if word.endswith("s") and _MODEL_RE.match(word[:-1]):
        word = word[:-1]
    if not _MODEL_RE.match(word):
        return None
    head, _, tail = word.partition("-")
    return head if tail[:1].isdigit() and any(c.isdigit() for c in head) else word


def _model_codes(text: str, lex: _Lexicon) -> dict[str, str]:
    """Letter-bearing model codes named after their maker in this article: {"A380": "Airbus
    A380"}, so a bare "A380" elsewhere in the article is the same product."""
    codes: dict[str, str] = {}
    for m in re.finditer(r"\b([A-Z][\w]+) ([A-Z]{1,2}-?\d{2,4})s?\b", text):
        if m.group(1) in lex.makers:
            code = _model_code(m.group(2))
            if code:
                codes.setdefault(code, _product_name(f"{m.group(1)} {code}", lex))
    return codes


def _acronym_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _ACRONYM_RE.findall(text):
        counts[word] = counts.get(word, 0) + 1
    return counts


def _product_name(name: str, lex: _Lexicon) -> str:
    hit = lex.gazetteer.get(name)
    return hit[1] if hit and hit[0] == PRODUCT else name


def _match_product(toks: list[_Tok], i: int, ctx: _Context, lex: _Lexicon) -> tuple[int, str]:
    """(length, product name) of a product starting at token i, or (0, "")."""
    tok = toks[i]
    first = tok.text[:1]
    if not (first.isupper() or first.isdigit() or first == "i"):
        return 0, ""  # products are capitalised, numbered or i-names ("iPhone")
    plural = tok.text[:-1] if tok.text.endswith("s") else ""
    gaz_len = lex.max_gaz_len if tok.text in lex.product_first or plural in lex.product_first else 0
    for n in range(min(gaz_len, len(toks) - i), 0, -1):
        if any(t.breaks_after for t in toks[i : i + n - 1]):
            continue
        key = _key(toks[i : i + n])
        for k in (key, key[:-1] if key.endswith("s") else ""):
            hit = lex.gazetteer.get(k) if k else None
            if hit and hit[0] == PRODUCT and (n > 1 or not tok.text.isdigit()):
                return _with_model_tail(toks, i, n, hit[1], lex)
    nxt = toks[i + 1] if i + 1 < len(toks) and not tok.breaks_after else None
    if nxt and tok.text in lex.makers and (code := _model_code(nxt.text)):
        return 2, _product_name(f"{tok.text} {code}", lex)
    if _INAME_RE.match(tok.text) and lex.gazetteer.get(tok.text, (PRODUCT,))[0] == PRODUCT:
        if nxt and _INAME_TAIL_RE.match(nxt.text):
            return 2, _product_name(f"{tok.text} {nxt.text}", lex)
        return 1, _product_name(_singular(tok.text, ctx), lex)
    code = _model_code(tok.text)
    if code and code in ctx.model_codes and not code.isdigit():
        return 1, ctx.model_codes[code]
    return 0, ""


def _singular(word: str, ctx: _Context) -> str:
    """"iPhones" -> "iPhone", "iPads" -> "iPad"; "iTunes" stays unless "iTune" is used."""
    if word.endswith("es") and not re.search(rf"\b{re.escape(word[:-1])}\b", ctx.text):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _with_model_tail(
    toks: list[_Tok], i: int, n: int, name: str, lex: _Lexicon
) -> tuple[int, str]:
    """"Xbox 2", "Windows 8": a listed product followed by a model number is that model."""
    end = i + n
    if end < len(toks) and not toks[end - 1].breaks_after and _INAME_TAIL_RE.match(toks[end].text):
        return n + 1, _product_name(f"{name} {toks[end].text}", lex)
    return n, name


def _split_products(
    toks: list[_Tok], ctx: _Context, lex: _Lexicon
) -> tuple[list[_Cand], list[list[_Tok]]]:
    """Product candidates of one line, and the token runs around them for span analysis."""
    products: list[_Cand] = []
    segments: list[list[_Tok]] = []
    cur: list[_Tok] = []
    i = 0
    while i < len(toks):
        n, name = _match_product(toks, i, ctx, lex)
        if not n:
            cur.append(toks[i])
            i += 1
            continue
        products.append(_Cand(toks[i : i + n], name, PRODUCT, toks[i].start, True))
        if cur:
            cur[-1].breaks_after = True
            segments.append(cur)
            cur = []
        i += n
    if cur:
        segments.append(cur)
    return products, segments


def _resolve(body: list[_Cand], strict: list[_Cand], ctx: _Context, lex: _Lexicon) -> list[Mention]:
    full_people = sorted({c.name for c in body + strict if c.type == PERSON and " " in c.name})
    by_last: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for full in full_people:
        by_last.setdefault(translit_key(full.split()[-1]), set()).add(full)
        by_first.setdefault(full.split()[0], set()).add(full)
    body_names = {c.name for c in body if c.type}
    mentions: list[Mention] = []
    for cand, is_strict in [(c, False) for c in body] + [(c, True) for c in strict]:
        name, type_ = cand.name, cand.type
        if type_ in (None, PERSON) and " " not in name:
            full = _attach_short_name(name, by_last, by_first, lex)
            if full:
                name, type_ = full, PERSON
        if type_ is None or not _acceptable_name(name, lex):
            continue
        if type_ == PERSON and any(w in NOT_NAME_WORDS for w in name.split()):
            continue
        if is_strict and not (cand.cue or name in body_names or name in lex.gazetteer.values()
                              or _known(name, lex)):
            continue
        end = cand.tokens[-1].end
        mentions.append(Mention(ctx.text[cand.surface_start : end], name, type_,
                                cand.surface_start, end))
    mentions.sort(key=lambda m: (m.start, m.end, m.name))
    return _dedupe_overlaps(mentions)


def _known(name: str, lex: _Lexicon) -> bool:
    return any(v[1] == name for v in (lex.gazetteer.get(name),) if v)


def _attach_short_name(
    word: str, by_last: dict[str, set[str]], by_first: dict[str, set[str]], lex: _Lexicon
) -> str | None:
    last = by_last.get(translit_key(word), set())
    if len(last) == 1:
        return next(iter(last))
    first = by_first.get(word, set())
    if word in lex.given and len(first) == 1:
        return next(iter(first))
    return None


def _acceptable_name(name: str, lex: _Lexicon) -> bool:
    return len(name) >= 2 and name not in lex.stop and name not in lex.demonyms or (
        name in lex.gazetteer and lex.gazetteer[name][1] == name
    )


def _dedupe_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
