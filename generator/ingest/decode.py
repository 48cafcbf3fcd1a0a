"""Bytes to text: refuse binaries, honour BOMs, fall back to Windows-1252, fix mojibake."""

from __future__ import annotations

import codecs
import unicodedata

import ftfy


class ReadError(Exception):
    """A seed that cannot be turned into an article; the message is shown to the maintainer."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats somebody may rename to .txt.
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"RIFF")


def decode(data: bytes) -> str:
    """Decode a seed's bytes into NFC text with Unix line endings, or raise ReadError."""
    if not data.strip():
        raise ReadError("empty file")
    text = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # ftfy repairs mojibake such as "donâ€™t" without touching correct text.
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = unicodedata.normalize("NFC", text)
    if not _has_visible_text(text):
        raise ReadError("no text (whitespace only)")
    return text


def _has_visible_text(text: str) -> bool:
    # Zero-width and other format characters (category Cf) do not count as text.
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"undecodable {encoding} text ({exc.reason})") from None
    if data.startswith(_MAGIC):
        raise ReadError("binary file (looks like an image, archive or executable)")
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what most non-UTF-8 web text really is; it is a superset of
        # Latin-1's printable range, so Latin-1 text decodes the same way.
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _control_ratio(text) > 0.01:
        raise ReadError("binary file (not text in UTF-8, Windows-1252 or Latin-1)")
    return text


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)
