"""What the analysis of one article finds beyond its metadata, in a cacheable form."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analyse.entities import Mention
from generator.analyse.events import Event
from generator.analyse.quality import Quality
from generator.analyse.quotes import Quote


@dataclass
class ArticleAnalysis:
    mentions: list[Mention] = field(default_factory=list)
    mention_paragraphs: list[int] = field(default_factory=list)  # 0 = title, n = anchor p{n}
    quotes: list[Quote] = field(default_factory=list)
    quote_paragraphs: list[int] = field(default_factory=list)
    quality: Quality = field(default_factory=lambda: Quality(1.0, False, ()))
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "mentions": [m.to_dict() for m in self.mentions],
            "mention_paragraphs": self.mention_paragraphs,
            "quotes": [q.to_dict() for q in self.quotes],
            "quote_paragraphs": self.quote_paragraphs,
            "quality": self.quality.to_dict(),
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ArticleAnalysis:
        return cls(
            mentions=[Mention.from_dict(m) for m in data["mentions"]],
            mention_paragraphs=list(data["mention_paragraphs"]),
            quotes=[Quote.from_dict(q) for q in data["quotes"]],
            quote_paragraphs=list(data["quote_paragraphs"]),
            quality=Quality.from_dict(data["quality"]),
            events=[Event.from_dict(e) for e in data["events"]],
        )
