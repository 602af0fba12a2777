"""UK postcode shapes: the outward code (district) of a postcode or of a district typed alone.

No third-party imports, so the web app reads postcode district answers with the same rules
as the analysis (:mod:`analysis.postcodes`, which adds pandas) without loading pandas.

Format of an outward code (ONS / Royal Mail): the area, 1 or 2 letters, then a digit, then an
optional digit or letter (``DH1``, ``NE61``, ``EC1A``). An inward code is a digit and two
letters (``3LE``). No list of real districts is checked: ``ZZ9`` passes as a district.

Two postcodes of other shapes are read too, and kept as a word that points at nobody's home:

* British Forces Post Office addresses, ``BFPO 123`` (forces families, serving staff and
  veterans' mail): kept as ``BFPO`` alone. The number is never kept, as it names one unit,
  ship or base, so a handful of people; every BFPO answer counts together, and the report
  lumps the group with the other small districts when it has fewer responses than the
  suppression threshold.
* ``GIR 0AA`` (Girobank, now Santander, in Bootle: a business address that nobody lives
  at): kept as ``GIR``, its outward code, like any other district.
"""

from __future__ import annotations

import re

__all__ = ["district_of"]

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_OUTWARD_ONLY = re.compile(_OUTWARD)
_FULL = re.compile(rf"({_OUTWARD})[0-9][A-Z]{{2}}")
#: What may follow an outward code and a space when someone began the full postcode ("DH1 3").
_INWARD_START = re.compile(r"[0-9][A-Z]{0,2}")
#: A British Forces Post Office number ("BFPO 123", or "BFPO" alone): kept as "BFPO" only.
_BFPO = re.compile(r"BFPO[0-9]{0,4}")
#: The one postcode with a letters-only outward code ("GIR 0AA", or "GIR" alone): kept as "GIR".
_GIR = re.compile(r"GIR(?:0AA)?")


def district_of(text: str) -> str | None:
    """The outward code in ``text``, or None when it is neither a postcode nor a district.

    Trimmed, upper-cased and read without spaces (a dash counts as a space). A full postcode gives its outward part;
    an outward code followed by a space and the start of an inward code ("DH1 3") gives
    the part before the space, so no digit of the inward code is read as part of the
    district (without the space, "DH13" is the district DH13). Blank text gives None too.
    A BFPO number gives ``BFPO``, never its number, and ``GIR 0AA`` gives ``GIR`` (see the
    module's docstring).

    >>> [district_of(x) for x in ("dh1", " NE61 ", "DH1 3LE", "dh13le", "EC1A 1BB", "DH1 3", "DH13")]
    ['DH1', 'NE61', 'DH1', 'DH1', 'EC1A', 'DH1', 'DH13']
    >>> [district_of(x) for x in ("dh1-3le", "NE1\u20138AB", "DH1-")]
    ['DH1', 'NE1', 'DH1']
    >>> [district_of(x) for x in ("BFPO 123", "bfpo 2", "BFPO", "GIR 0AA", "gir0aa", "GIR")]
    ['BFPO', 'BFPO', 'BFPO', 'GIR', 'GIR', 'GIR']
    >>> [district_of(x) for x in ("don't know", "12345", "DH", "", "BFPO 12345", "GIR 1AA")]
    [None, None, None, None, None, None]
    """
    words = re.sub("[-\u2010-\u2015\u2212]", " ", text.upper()).split()  # "DH1-3LE", "DH1–3LE": a dash is the space
    compact = "".join(words)
    if _BFPO.fullmatch(compact):
        return "BFPO"
    if _GIR.fullmatch(compact):
        return "GIR"
    if full := _FULL.fullmatch(compact):
        return full.group(1)
    if len(words) > 1 and _OUTWARD_ONLY.fullmatch(words[0]) and _INWARD_START.fullmatch("".join(words[1:])):
        return words[0]
    return compact if _OUTWARD_ONLY.fullmatch(compact) else None
