"""Typing of capitalised spans: titles stripped, gazetteers matched (longest first), remaining
runs typed from cues (given names, role nouns, "X said", organisation/place suffixes)."""

from __future__ import annotations

from generator.analyse.entities.lexicon import (
    CONNECTORS,
    NAME_LIKE_SUFFIXES,
    NOT_NAME_WORDS,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    _Lexicon,
)
from generator.analyse.entities.mention import ORG, PERSON, PLACE
from generator.analyse.entities.tokens import _Cand, _Context, _Tok


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
