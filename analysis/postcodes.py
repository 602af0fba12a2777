"""The postcode district (outward code) people give in the equality block, read safely.

The equality block (``questionnaires/blocks/equality.yaml``) asks ``postcode_district``, "What
is the first part of your postcode?", as free text of at most 4 characters. Imported answers
can be longer: a full postcode ("DH1 3LE", "DH13LE") or words ("don't know"). This module
keeps the outward code only, so the inward part (the second half, which narrows a postcode
to a few streets) never reaches a frame the report reads.

Format of an outward code (ONS / Royal Mail): the area, 1 or 2 letters, then a digit, then an
optional digit or letter (``DH1``, ``NE61``, ``EC1A``). An inward code is a digit and two
letters (``3LE``). No list of real districts is checked: ``ZZ9`` passes as a district.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = [
    "DISTRICT_COLUMN",
    "DISTRICT_QUESTION",
    "NOT_VALID",
    "outward_code",
    "postcode_districts",
]

#: The equality block's question id, and the column :func:`analysis.sources.load_sources` gives it.
DISTRICT_QUESTION = "postcode_district"
DISTRICT_COLUMN = f"eq_{DISTRICT_QUESTION}"
#: What an answer that is not a postcode district reads as.
NOT_VALID = "Not a valid district"

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_OUTWARD_ONLY = re.compile(_OUTWARD)
_FULL = re.compile(rf"({_OUTWARD})[0-9][A-Z]{{2}}")
#: What may follow an outward code and a space when someone began the full postcode ("DH1 3").
_INWARD_START = re.compile(r"[0-9][A-Z]{0,2}")


def outward_code(text: Any) -> str | None:
    """The outward code in one answer, :data:`NOT_VALID`, or None for a blank answer.

    Trimmed, upper-cased and read without spaces. A full postcode gives its outward part;
    an outward code followed by a space and the start of an inward code ("DH1 3") gives
    the part before the space, so no digit of the inward code is read as part of the
    district (without the space, "DH13" is the district DH13).

    >>> [outward_code(x) for x in ("dh1", " NE61 ", "DH1 3LE", "dh13le", "EC1A 1BB", "DH1 3", "DH13")]
    ['DH1', 'NE61', 'DH1', 'DH1', 'EC1A', 'DH1', 'DH13']
    >>> [outward_code(x) for x in ("don't know", "12345", "DH", "", "   ", None)]
    ['Not a valid district', 'Not a valid district', 'Not a valid district', None, None, None]
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    words = str(text).upper().split()
    if not words:
        return None
    compact = "".join(words)
    if full := _FULL.fullmatch(compact):
        return full.group(1)
    if len(words) > 1 and _OUTWARD_ONLY.fullmatch(words[0]) and _INWARD_START.fullmatch("".join(words[1:])):
        return words[0]
    return compact if _OUTWARD_ONLY.fullmatch(compact) else NOT_VALID


def postcode_districts(answers: pd.Series) -> pd.Series:
    """:func:`outward_code` of each answer (same index; missing for blank answers).

    Parameters
    ----------
    answers : Series
        What people typed (str, or missing).

    Returns
    -------
    Series of object
        Outward codes, :data:`NOT_VALID`, or missing (NaN).

    >>> postcode_districts(pd.Series(["DH1 3LE", "dunno", None])).tolist()
    ['DH1', 'Not a valid district', nan]
    """
    return answers.astype(object).map(outward_code)
