"""Bytes to text: refuse binaries, honour BOMs, fall back to Windows-1252, fix mojibake."""

from __future__ import annotations

import codecs
import re
import unicodedata


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


# C0 controls that separate words (vertical tab, form feed, file/group/record/unit separators)
# become line breaks; the rest become spaces. ftfy would delete them and so join two words.
CONTROLS = {**{c: " " for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F]},
             **{c: "\n" for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F)}}


def decode(data: bytes) -> str:
    """Decode a seed's bytes into NFC text with Unix line endings, or raise ReadError."""
    if not data.strip():
        raise ReadError("empty file (whitespace only)" if data else "empty file")
    text = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROLS)
    text = unicodedata.normalize("NFC", repair_mojibake(text))
    if not _has_visible_text(text):
        raise ReadError("no text (whitespace only)")
    return text


def repair_mojibake(text: str) -> str:
    """ftfy repairs mojibake such as "donâ€™t" without touching correct text. Its other fixes
    would change correct text: full-width CJK punctuation ("，" -> ","), entities written as
    text ("AT&amp;T"), invisible characters between words (controls are handled before).
    ASCII text cannot hold mojibake, and of the fixes left on only line breaks and terminal
    escapes can change it, so ASCII without carriage returns or escapes is returned as it is
    (ftfy took about a quarter of a second on a large ASCII sidecar)."""
    if text.isascii() and "\r" not in text and "\x1b" not in text:
        return text
    import ftfy  # here: its import costs a tenth of a second, and ASCII seeds never need it

    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False,
                         fix_character_width=False, unescape_html=False,
                         remove_control_chars=False)


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
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            # Windows-1252 is what most non-UTF-8 web text really is; it is a superset of
            # Latin-1's printable range, so Latin-1 text decodes the same way.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if _control_ratio(text) > 0.05:  # random bytes have ~10%; text has next to none
        raise ReadError("binary file (not text in UTF-8, Windows-1252 or Latin-1)")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    controls = len(sample) - len(sample.translate(_NOT_TEXT))
    return controls / max(len(sample), 1)


# Control characters that do not occur in text (everything in Cc but tab, line feed, carriage
# return, form feed and the Unicode next-line character).
_NOT_TEXT = {c: None for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0x85),
                               *range(0x86, 0xA0)]}


def printable(text: str) -> str:
    """Text safe for a one-line message: controls, separators and undecodable bytes escaped."""
    if text.isprintable():  # the usual case, as is: no control, separator or surrogate
        return text
    out = []
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


# A page's own encoding declaration: <meta charset="x"> or <meta http-equiv="Content-Type"
# content="text/html; charset=x">, looked for in the first bytes as browsers do (the HTML
# standard's prescan reads 1024 bytes; real pages put scripts first, so we read more).
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{2,40})",
                           re.I)
CHARSET_PRESCAN_BYTES = 8192
# Labels pages use for encodings Python knows under another name, or whose superset browsers
# really use (the WHATWG Encoding Standard): Shift_JIS pages are decoded as Windows-932, etc.
_ENCODING_SUPERSETS = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "windows-31j": "cp932", "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
    "x-euc-jp": "euc_jp", "big5": "big5hkscs",
}


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset a page declares in a <meta> tag, if Python knows it."""
    match = _META_CHARSET.search(data[:CHARSET_PRESCAN_BYTES])
    return codec_for(match.group(1).decode("ascii", "replace")) if match else None


def codec_for(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ENCODING_SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page saved as UTF-16 cannot declare it in ASCII <meta>; such a claim is wrong.
    return None if name.startswith(("utf-16", "utf-32")) else name


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """(text, codec) for a web page: its BOM, else its <meta charset>, else the HTTP header's
    charset, else UTF-8 / Windows-1252 as for any text. A declared encoding decodes with
    replacement characters for the odd bad byte rather than rejecting the whole page."""
    if not data.strip():
        raise ReadError("empty file (whitespace only)" if data else "empty file")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode(data), "bom"
    codec = declared_charset(data) or codec_for(http_charset)
    if codec is None or codec in ("utf-8", "cp1252"):
        return decode(data), codec or "utf-8"
    if data.startswith(_MAGIC) or b"\x00" in data[:65536]:
        raise ReadError("binary file (looks like an image, archive or executable)")
    text = data.decode(codec, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROLS)
    return unicodedata.normalize("NFC", text), codec
