"""What the analysis of one article finds beyond its metadata, in a cacheable form."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analyse.entities import Mention
from generator.analyse.events import Event
from generator.analyse.quality import Quality
from generator.analyse.quotes import Quote


@dataclass
class ArticleAnalysis:
    """Mentions, quotes and events of one article, each carrying its paragraph number and
    paragraph-relative offsets (generator.models: the contract). ``quality`` is the article's
    own evidence; the verdict the site shows is Links.quality (it adds cross-report signals)."""

    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quality: Quality = field(default_factory=lambda: Quality(1.0, False, ()))
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "mentions": [m.to_dict() for m in self.mentions],
            "quotes": [q.to_dict() for q in self.quotes],
            "quality": self.quality.to_dict(),
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ArticleAnalysis:
        return cls(
            mentions=[Mention.from_dict(m) for m in data["mentions"]],
            quotes=[Quote.from_dict(q) for q in data["quotes"]],
            quality=Quality.from_dict(data["quality"]),
            events=[Event.from_dict(e) for e in data["events"]],
        )
