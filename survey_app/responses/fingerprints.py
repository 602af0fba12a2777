"""Fingerprints of what responses say, to find the same responses in another database.

A response moved to another database (``responses export`` -> ``responses mapping`` ->
``responses import``) gets a new id, submission token and ``import_ref``, and, unless it was
exported with ``--raw-text``, its free text redacted (names and numbers replaced, quotes
and spaces normalised). What it says stays: its answers, its date and its service.
:func:`response_fingerprint` digests those, each text read as :func:`text_key` (the
normalised, redacted text, which the export's redaction leaves as it is), so a response
has the same fingerprint before and after any such move. ``flask sample load`` uses it to
recognise the sample however it got into the database.
"""
from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from analysis.redact import redact
from analysis.text import normalise
from survey_app.models import Answer, Response
from survey_app.responses.export import utc_iso

#: One stored answer as the fingerprint reads it: question id, matrix row, option value,
#: :func:`text_key` of the text, number, date, rank (``None`` where the answer has none).
AnswerKey = tuple[str, str | None, str | None, str | None, float | None, date | None, int | None]


def text_key(text: str | None) -> str | None:
    """A text as the export leaves it without ``--raw-text``: normalised, then redacted.

    Reading a text so again changes nothing (so for each of the sample's 1,878 comments), so
    text stored as typed and the same text stored from a redacted export give the same key.

    >>> text_key("Mrs Patel   was  kind") == text_key(text_key("Mrs Patel   was  kind"))
    True
    """
    return None if text is None else _redacted(text)


@functools.lru_cache(maxsize=8192)
def _redacted(text: str) -> str:
    """``redact(normalise(text))``, remembered: a file's text and the same text stored are
    read once (redaction is most of the time a fingerprint takes)."""
    return redact(normalise(text))


def answer_key(answer: Answer) -> AnswerKey:
    """:data:`AnswerKey` of one :class:`~survey_app.models.Answer` (stored or not yet)."""
    number = None if answer.number_value is None else float(answer.number_value)
    return (
        answer.question_id, answer.row_id, answer.option_value, text_key(answer.text_value), number,
        answer.date_value, answer.rank,
    )


def response_fingerprint(answers: Iterable[AnswerKey], when: datetime | None, service: str | None) -> str:
    """A 16-hex-digit digest of what one response says: its answers (in any order), its
    submitted_at (UTC, to the second) and its service. Its id, token, channel, audience,
    version, help, locale and ``import_ref`` play no part, so a moved response keeps it."""
    parts = (sorted(map(repr, answers)), utc_iso(when), service or "")
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Fingerprints:
    """How many responses have each :func:`response_fingerprint` (``counts``), and the
    first and last of their dates (None: no response, or none dated)."""

    counts: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None

    def add(self, fingerprint: str, when: datetime | None) -> None:
        """Count one response with ``fingerprint``, dated ``when``."""
        self.counts[fingerprint] += 1
        if when is not None:
            self.first = when if self.first is None else min(self.first, when)
            self.last = when if self.last is None else max(self.last, when)

    def total(self) -> int:
        """How many responses are counted."""
        return self.counts.total()

    def found_in(self, other: Counter[str]) -> int:
        """How many of these responses ``other`` holds too: each fingerprint counts as often
        as both have it, so two alike responses here are two only if ``other`` has two."""
        return (self.counts & other).total()


def stored_fingerprints(session: Session, questionnaire_id: str, start: datetime, end: datetime) -> Counter[str]:
    """How many submitted responses of ``questionnaire_id`` dated ``start`` to ``end``
    (inclusive) have each :func:`response_fingerprint`."""
    where = (
        Response.questionnaire_id == questionnaire_id,
        Response.status == "submitted",
        Response.submitted_at >= start,
        Response.submitted_at <= end,
    )
    held = {rid: (when, service) for rid, when, service in session.execute(
        sa.select(Response.id, Response.submitted_at, Response.service).where(*where)
    )}
    answers: dict[int, list[AnswerKey]] = {rid: [] for rid in held}
    for answer in session.scalars(sa.select(Answer).join(Response, Answer.response_id == Response.id).where(*where)):
        answers[answer.response_id].append(answer_key(answer))
    return Counter(response_fingerprint(answers[rid], *held[rid]) for rid in held)
