"""Page structure that is not the article, removed before trafilatura reads the page.

trafilatura's main pass already skips elements styled display:none, but its recall fallbacks
(baseline, jusText), taken when the main pass covers a small share of the page, read the raw
tree: a long hidden block (schema.org microdata, a hidden copy of other stories) then comes
back as article text. Removing hidden elements first makes every pass see what a browser shows.
"""

from __future__ import annotations

import re
from typing import Any

# Inline styles that hide an element from every reader of the page (schema.org microdata
# blocks, tracking pixels, templates filled in by scripts).
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)


def is_hidden(element: Any) -> bool:
    """An element the page never shows: `hidden` attribute or an inline style that hides it."""
    return element.get("hidden") is not None or bool(
        _HIDDEN_STYLE.search(element.get("style") or ""))


def drop_hidden(tree: Any) -> Any:
    """Remove hidden elements; the text after each (its tail) stays where it was."""
    hidden = [el for el in tree.iter() if isinstance(el.tag, str) and is_hidden(el)]
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()
    return tree
