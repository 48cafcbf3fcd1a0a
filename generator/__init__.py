"""newsdigest: turn raw news articles into a static MkDocs Material digest."""

__version__ = "0.1.0"
