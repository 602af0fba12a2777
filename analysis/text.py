"""Text normalisation and tokenisation (no NLTK corpora, no network).

``normalise`` makes quotes, dashes and spaces uniform and drops control characters;
``without_controls`` takes control characters out of any text written to a file; ``expand_contractions`` rewrites
"isn't" / "isn’t" / "isnt" as "is not" so negation is visible to TextBlob; ``tokenise``
splits into lower-case word tokens.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["expand_contractions", "is_blank", "normalise", "tokenise", "without_controls"]

#: Control characters that are not whitespace: C0 except tab, LF, VT, FF, CR and FS to US, and DEL.
#: NULs come from UTF-16 text read as bytes or from database exports; PostgreSQL refuses them in
#: text (and ``COPY``), and Excel shows the others as boxes. Dropped, not spaced: "G\0o\0o\0d" is "Good".
_DROPPED_CONTROLS = {chr(c): "" for c in [*range(0x20), 0x7F] if not chr(c).isspace()}
#: The C0 controls that separate words (VT, FF, FS, GS, RS, US): :func:`normalise` already reads
#: them as spaces (``\s``); :func:`without_controls` writes them as spaces.
_SPACING_CONTROLS = {chr(c): " " for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F)}
_CONTROLS = str.maketrans({**_DROPPED_CONTROLS, **_SPACING_CONTROLS})

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u3000": " ", "\t": " ", "\r": " ", "\n": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
        **_DROPPED_CONTROLS,
    }
)
_SPACES = re.compile(r"\s+")

# Contractions, with or without the apostrophe (people type "isnt" and "dont").
_IRREGULAR = {
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
    "shan't": "shall not", "ain't": "is not", "wont": "will not",
}
_NT_WORDS = (
    "is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "could",
    "would", "should", "must", "need", "might",
)
_NT = re.compile(r"\b(" + "|".join(_NT_WORDS) + r")(?:n't|nt)\b", re.IGNORECASE)
_IRREG = re.compile(r"\b(" + "|".join(re.escape(k) for k in _IRREGULAR) + r")\b", re.IGNORECASE)
_SUFFIX = re.compile(r"\b(i|you|we|they|he|she|it|that|there|who)'(re|ve|ll|m|d)\b", re.IGNORECASE)
_SUFFIX_MAP = {"re": "are", "ve": "have", "ll": "will", "m": "am", "d": "would"}
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\w\s]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def is_blank(text: object) -> bool:
    """Return True for None, NaN, non-strings and strings with no letters, digits or symbols."""
    if not isinstance(text, str):
        return True
    return not normalise(text)


def normalise(text: object) -> str:
    """Return ``text`` with uniform quotes, dashes and whitespace.

    Curly quotes become straight ones, no-break and thin spaces become spaces, zero-width
    characters, soft hyphens and control characters other than whitespace (NUL, BEL, ESC,
    DEL, ...) are removed, runs of whitespace (vertical tab and form feed too) collapse to one
    space, and the result is stripped and NFC-normalised. Non-strings (None, NaN) give ``""``.

    Examples
    --------
    >>> normalise("It isn\u2019t\u00a0great\u200b ")
    "It isn't great"
    """
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def without_controls(value: object) -> object:
    r"""``value`` as a cell of a written file may hold it: a str without control characters other
    than tab, LF and CR (NUL, BEL, ESC, DEL, ... removed; VT, FF and FS to US, which separate
    words, as spaces); anything else (numbers, None) returned as it is. Unlike :func:`normalise`
    it keeps the text's own spaces, tabs and line breaks.

    Examples
    --------
    >>> without_controls("G\x00o\x00o\x00d\tcare\x0bteam\r\n"), without_controls(7)
    ('Good\tcare team\r\n', 7)
    """
    return value.translate(_CONTROLS) if isinstance(value, str) else value


def expand_contractions(text: str) -> str:
    """Return normalised ``text`` with negative and pronoun contractions spelled out.

    Examples
    --------
    >>> expand_contractions("It isn't great, I cant fault them and we've tried")
    'It is not great, I can not fault them and we have tried'
    """
    text = _IRREG.sub(lambda m: _IRREGULAR[m.group(1).lower()], text)
    text = _NT.sub(lambda m: m.group(1) + " not", text)
    return _SUFFIX.sub(lambda m: m.group(1) + " " + _SUFFIX_MAP[m.group(2).lower()], text)


def tokenise(text: str) -> list[str]:
    """Return lower-case tokens: words (keeping inner apostrophes), numbers, punctuation marks.

    Examples
    --------
    >>> tokenise("Nurse's care: 10/10!")
    ["nurse's", 'care', ':', '10', '/', '10', '!']
    """
    return [t.lower() for t in _TOKEN.findall(text)]


def words(text: str) -> list[str]:
    """Return lower-case alphabetic words (any script), without numbers or punctuation."""
    return [w.lower() for w in _WORD.findall(text)]
