"""What entity extraction finds: a typed mention of a name at an offset."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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
