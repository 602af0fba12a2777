"""The postcode district (outward code) people give in the equality block, read safely.

The equality block (``questionnaires/blocks/equality.yaml``) asks ``postcode_district``, "What
is the first part of your postcode?", as free text of at most 4 characters. Imported answers
can be longer: a full postcode ("DH1 3LE", "DH13LE") or words ("don't know"). This module
keeps the outward code only, so the inward part (the second half, which narrows a postcode
to a few streets) never reaches a frame the report reads.

The shapes of outward and full postcodes are in :mod:`analysis.postcode_shapes` (no pandas),
which the web form uses too: online, only the outward code of what is typed is stored.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.postcode_shapes import district_of

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


def outward_code(text: Any) -> str | None:
    """The outward code in one answer (:func:`~analysis.postcode_shapes.district_of`),
    :data:`NOT_VALID`, or None for a blank answer.

    >>> [outward_code(x) for x in ("dh1", " NE61 ", "DH1 3LE", "dh13le", "EC1A 1BB", "DH1 3", "DH13")]
    ['DH1', 'NE61', 'DH1', 'DH1', 'EC1A', 'DH1', 'DH13']
    >>> [outward_code(x) for x in ("don't know", "12345", "DH", "", "   ", None)]
    ['Not a valid district', 'Not a valid district', 'Not a valid district', None, None, None]
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    if not str(text).strip():
        return None
    return district_of(str(text)) or NOT_VALID


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
