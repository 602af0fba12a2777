"""UK postcode shapes: the outward code (district) of a postcode or of a district typed alone.

No third-party imports, so the web app reads postcode district answers with the same rules
as the analysis (:mod:`analysis.postcodes`, which adds pandas) without loading pandas.

Format of an outward code (ONS / Royal Mail): the area, 1 or 2 letters, then a digit, then an
optional digit or letter (``DH1``, ``NE61``, ``EC1A``). An inward code is a digit and two
letters (``3LE``). No list of real districts is checked: ``ZZ9`` passes as a district.
"""

from __future__ import annotations

import re

__all__ = ["district_of"]

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_OUTWARD_ONLY = re.compile(_OUTWARD)
_FULL = re.compile(rf"({_OUTWARD})[0-9][A-Z]{{2}}")
#: What may follow an outward code and a space when someone began the full postcode ("DH1 3").
_INWARD_START = re.compile(r"[0-9][A-Z]{0,2}")


def district_of(text: str) -> str | None:
    """The outward code in ``text``, or None when it is neither a postcode nor a district.

    Trimmed, upper-cased and read without spaces. A full postcode gives its outward part;
    an outward code followed by a space and the start of an inward code ("DH1 3") gives
    the part before the space, so no digit of the inward code is read as part of the
    district (without the space, "DH13" is the district DH13). Blank text gives None too.

    >>> [district_of(x) for x in ("dh1", " NE61 ", "DH1 3LE", "dh13le", "EC1A 1BB", "DH1 3", "DH13")]
    ['DH1', 'NE61', 'DH1', 'DH1', 'EC1A', 'DH1', 'DH13']
    >>> [district_of(x) for x in ("don't know", "12345", "DH", "")]
    [None, None, None, None]
    """
    words = text.upper().split()
    compact = "".join(words)
    if full := _FULL.fullmatch(compact):
        return full.group(1)
    if len(words) > 1 and _OUTWARD_ONLY.fullmatch(words[0]) and _INWARD_START.fullmatch("".join(words[1:])):
        return words[0]
    return compact if _OUTWARD_ONLY.fullmatch(compact) else None
