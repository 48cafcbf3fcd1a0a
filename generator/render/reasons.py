"""Words for the evidence the link stage gives as data: why two stories are related, why the
reports of a story are one story. Entity ids become their names; kinds become labels."""

from __future__ import annotations

from generator.render.escape import escape_markdown as md

KIND_LABELS = (("person", "people"), ("organisation", "organisations"), ("place", "places"),
               ("product", "products"))


def _named(shared: dict[str, tuple[str, ...]], links) -> list[str]:
    by_id = links.entity_by_id
    parts = []
    known = dict(KIND_LABELS)
    for kind in [k for k, _ in KIND_LABELS] + sorted(set(shared) - set(known)):
        ids = shared.get(kind, ())
        names = [by_id[e].name if e in by_id else e for e in ids]
        if names:
            parts.append(f"shared {known.get(kind, 'names')}: {', '.join(names)}")
    return parts


def related_reason(rel, links) -> str:
    """'shared people: Donald Trump, Vladimir Putin; shared places: Ukraine' (escaped)."""
    parts = _named(rel.shared, links)
    if not parts and rel.terms:
        parts.append("shared terms: " + ", ".join(rel.terms))
    return md("; ".join(parts))


def why_one_story(story, links) -> str:
    """One line saying what the reports of a story have in common (escaped), or ''."""
    parts = _named(story.shared, links)
    if story.terms:
        parts.append("shared terms: " + ", ".join(story.terms))
    if not parts:
        return ""
    return md("Grouped as one story because most reports have " + "; ".join(parts)) + "."
