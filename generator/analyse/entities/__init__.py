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

from generator.analyse.entities.lexicon import _lexicon
from generator.analyse.entities.mention import ORG, PERSON, PLACE, PRODUCT, TYPES, Mention
from generator.analyse.entities.products import _acronym_counts, _model_codes, _split_products
from generator.analyse.entities.resolve import _resolve, translit_key
from generator.analyse.entities.spans import _analyse_span
from generator.analyse.entities.tokens import (
    _BOILERPLATE_RE,
    _Cand,
    _Context,
    _is_headline_like,
    _line_spans,
    _spans,
    _tokenise,
)
from generator.text import words

__all__ = ["ORG", "PERSON", "PLACE", "PRODUCT", "TYPES", "Mention", "extract_mentions",
           "translit_key"]

def extract_mentions(text: str) -> list[Mention]:
    """Person, organisation, place and product mentions in one article, ordered by offset."""
    lex = _lexicon()
    ctx = _Context(text, _lowercase_words(text), lex.given,
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


def _lowercase_words(text: str) -> frozenset[str]:
    """Words the article writes in lower case: a capitalised word that also appears among them
    is a sentence-initial common word ("Officials"), not a name."""
    return frozenset(w for w in words(text) if w[0].islower() and len(w) > 1)
