"""Products: "Boeing 787", "Airbus A380s", "iPhone 4", gazetteer names with digits."""

from __future__ import annotations

import re

from generator.analyse.entities.lexicon import _Lexicon
from generator.analyse.entities.mention import PRODUCT
from generator.analyse.entities.spans import _key
from generator.analyse.entities.tokens import _Cand, _Context, _Tok

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
