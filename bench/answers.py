"""Answers a simulated respondent gives, built from the questionnaire definition.

Shared by the load bench (``bench_load.py``, posting form fields over HTTP) and the
browser tests (``tests/browser``, filling the same fields in Chromium), so both walk the
journey the same way. Choices are deterministic (first ordinary option, mid-range
numbers, a fixed date) so every completed response of one questionnaire has the same
number of answer rows; ``marker`` goes into every free-text answer so a response can be
found again.
"""
from __future__ import annotations

from typing import Any



def answers_for(question: Any, names: set[str], marker: str) -> list[tuple[str, str]]:
    """Form fields answering ``question`` if its inputs are on the page (deterministic choices)."""
    qid = question.id
    kind = question.type
    plain = [o for o in question.options if not o.specify and not o.exclusive]
    if kind in ("single_choice", "likert", "fft", "consent"):
        if qid not in names:
            return []
        opt = (plain or list(question.options))[0]
        return [(qid, opt.value)]
    if kind == "multi_choice":
        if qid not in names:
            return []
        return [(qid, o.value) for o in (plain or list(question.options))[:2]]
    if kind == "rating":
        return [(qid, "8")] if qid in names else []
    if kind == "number":
        if qid not in names:
            return []
        value = question.minimum if question.minimum is not None else 3
        if question.maximum is not None:
            value = min(value, question.maximum)
        return [(qid, f"{value:g}")]
    if kind == "date":
        if f"{qid}-month" not in names:
            return []
        day = [(f"{qid}-day", "1")] if f"{qid}-day" in names else []  # none with precision: month
        return [*day, (f"{qid}-month", "6"), (f"{qid}-year", "2024")]
    if kind == "ranking":
        fields = [(f"{qid}-rank-{o.value}", str(i + 1)) for i, o in enumerate(question.options)]
        return [f for f in fields if f[0] in names]
    if kind == "matrix":
        first = question.options[0].value if question.options else "agree"
        return [(f"{qid}-{r.id}", first) for r in question.rows if f"{qid}-{r.id}" in names]
    if kind == "free_text":
        if qid not in names:
            return []
        if question.format == "postcode_district":
            return [(qid, "DH1 3LE")]  # a whole postcode: only DH1 is stored
        text = f"{marker} said the staff were kind"
        limit = question.max_length or 5000
        return [(qid, text[:limit])]
    return []
