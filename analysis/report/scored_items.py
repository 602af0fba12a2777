"""Which answers of a priority-tagged question count towards the priority's score.

The rule the report's baseline scores by (:func:`analysis.report.baseline.catalogue`), kept
here without pandas so that the questionnaire validator can use it too: it warns about a
question tagged with ``priorities`` whose answers would score nothing.

* likert, matrix and single choice: options with a ``score`` count, positive above the
  midpoint of the scores, negative below; options without one (don't know) are left out,
  so a question none of whose options has a score counts nothing;
* FFT: every option, positive very good and good, negative poor and very poor;
* rating 0..10: every answer (positive 7-10, negative 0-3, from the number itself);
* other types (multiple choice, ranking, consent, ...): nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["FFT_NEGATIVE", "FFT_POSITIVE", "SCORED_TYPES", "option_signs", "tagged_items", "unscored_items"]

FFT_POSITIVE = ("very_good", "good")
FFT_NEGATIVE = ("poor", "very_poor")
SCORED_TYPES = ("likert", "matrix", "single_choice", "fft", "rating")


def tagged_items(question: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """``(row id, priorities)`` of each item of a question definition tagged with priorities:
    a matrix's rows (a row without its own takes the question's), else the question (row id ``''``)."""
    if question.get("type") == "matrix":
        items = [
            (r.get("id", ""), list(r.get("priorities") or question.get("priorities") or ()))
            for r in question.get("rows") or ()
        ]
    else:
        items = [("", list(question.get("priorities") or ()))]
    return [(row_id, prios) for row_id, prios in items if prios]


def option_signs(question: Mapping[str, Any]) -> list[tuple[str, bool, bool]]:
    """``(option value, positive, negative)`` of each answer that counts towards a score;
    a rating has one entry, ``('', False, False)``, as its number decides. Empty when no
    answer to the question can count."""
    qtype = question.get("type")
    options = question.get("options") or ()
    if qtype not in SCORED_TYPES:
        return []
    if qtype == "rating":
        return [("", False, False)]
    if qtype == "fft":
        return [(o.get("value"), o.get("value") in FFT_POSITIVE, o.get("value") in FFT_NEGATIVE) for o in options]
    scores = [o.get("score") for o in options if o.get("score") is not None]
    if not scores:
        return []
    mid = (min(scores) + max(scores)) / 2
    return [(o.get("value"), o["score"] > mid, o["score"] < mid) for o in options if o.get("score") is not None]


def unscored_items(question: Mapping[str, Any]) -> list[str]:
    """Row ids (``''`` for the question itself) tagged with priorities whose answers can never
    count towards the priority's score, e.g. a single choice Yes / No / Not sure whose options
    have no ``score``."""
    return [] if option_signs(question) else [row_id for row_id, _ in tagged_items(question)]
