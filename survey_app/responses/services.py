"""Plain functions that store responses. They take a ``Session``, add and flush, and
never commit: the caller (a view or a command) commits once.

Answers arrive as a dict keyed by question id (the same shape ``show_if`` evaluates):

* single_choice / likert / fft / consent: ``str`` option value
* multi_choice: ``list[str]``; ranking: ``list[str]`` in order (first = rank 1)
* rating / number: ``int`` or ``float``; date: ``datetime.date``; free_text: ``str``
* matrix: ``dict[row_id, option value]``
* a write-in for an option with ``specify``: key ``"<question_id>:<option_value>"``
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey_app.models import Answer, QuestionnaireVersion, Response, utcnow
from survey_app.questionnaire.model import Question, Questionnaire

#: Alphabet for resume codes: no 0/O, 1/I/L, so codes are easy to read aloud and type.
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def get_or_create_version(session: Session, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """Return the stored version row for this exact definition, creating it if new.

    Matched on (questionnaire id, content hash), so any edit to the file yields a new
    version and earlier responses keep pointing at the definition they answered.
    """
    select_version = sa.select(QuestionnaireVersion).where(
        QuestionnaireVersion.questionnaire_id == questionnaire.id,
        QuestionnaireVersion.content_hash == questionnaire.content_hash,
    )
    row = session.scalar(select_version)
    if row is not None:
        return row
    row = QuestionnaireVersion(
        questionnaire_id=questionnaire.id,
        version=str(questionnaire.version),
        content_hash=questionnaire.content_hash,
        title=str(questionnaire.title),
        audience=questionnaire.audience,
        definition=questionnaire.definition,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another request stored the same version first (two first respondents at once).
        row = session.scalar(select_version)
        if row is None:
            raise
    return row


def new_submission_token() -> str:
    """A random URL-safe token that identifies one response attempt."""
    return secrets.token_urlsafe(24)


def answer_rows(question: Question, answers: Mapping[str, Any]) -> list[Answer]:
    """Typed :class:`Answer` rows (unattached) for one question's value in ``answers``.

    Returns an empty list when the question is unanswered (missing, ``None``, ``""`` or
    an empty list/dict).
    """
    value = answers.get(question.id)
    if value is None or value == "" or value == [] or value == {}:
        return []
    qid = question.id
    kind = question.type
    if kind in ("single_choice", "likert", "fft", "consent"):
        return [Answer(question_id=qid, option_value=str(value), text_value=_write_in(answers, qid, value))]
    if kind == "multi_choice":
        return [
            Answer(question_id=qid, option_value=str(v), text_value=_write_in(answers, qid, v)) for v in value
        ]
    if kind == "ranking":
        return [Answer(question_id=qid, option_value=str(v), rank=i) for i, v in enumerate(value, start=1)]
    if kind == "matrix":
        return [Answer(question_id=qid, row_id=str(r), option_value=str(v)) for r, v in value.items() if v]
    if kind in ("rating", "number"):
        return [Answer(question_id=qid, number_value=float(value))]
    if kind == "date":
        if not isinstance(value, date):
            raise TypeError(f"{qid}: expected a date, got {type(value).__name__}")
        return [Answer(question_id=qid, date_value=value)]
    return [Answer(question_id=qid, text_value=str(value))]


def _write_in(answers: Mapping[str, Any], qid: str, option: Any) -> str | None:
    text = answers.get(f"{qid}:{option}")
    return str(text) if text else None


def replace_answers(
    session: Session, response: Response, questions: Iterable[Question], answers: Mapping[str, Any]
) -> None:
    """Replace ``response``'s stored answers to ``questions`` with those in ``answers``.

    Used page by page: questions hidden by skip logic should be passed with no value so
    an answer given before the respondent changed their mind is removed. Sets the response's
    ``saved_at`` to now (UTC), from which ``purge_drafts`` counts a draft's age.
    """
    questions = list(questions)
    ids = [q.id for q in questions]
    if response.id is not None and ids:
        session.execute(sa.delete(Answer).where(Answer.response_id == response.id, Answer.question_id.in_(ids)))
    for q in questions:
        for row in answer_rows(q, answers):
            row.response = response
            session.add(row)
    response.saved_at = utcnow()
    session.flush()


def start_response(
    session: Session,
    questionnaire: Questionnaire,
    *,
    token: str,
    channel: str = "online",
    locale: str = "en",
    service: str | None = None,
) -> Response:
    """Return the draft for ``token``, creating it if this is the first post.

    A replayed first post (double click, refresh) finds the existing draft instead of
    creating a second one; ``submission_token`` is unique in the database as well.
    """
    existing = session.scalar(sa.select(Response).where(Response.submission_token == token))
    if existing is not None:
        return existing
    version = get_or_create_version(session, questionnaire)
    response = Response(
        questionnaire_version=version,
        questionnaire_id=questionnaire.id,
        audience=questionnaire.audience,
        channel=channel,
        locale=locale,
        service=service,
        submission_token=token,
        status="in_progress",
    )
    session.add(response)
    session.flush()
    return response


def submit_response(
    session: Session, response: Response, *, completed_with_help: bool | None = None, channel: str | None = None
) -> bool:
    """Mark a draft submitted, with ``completed_with_help`` True (someone helped), False
    (nobody did) or None (not answered), and ``channel`` the channel it was sent through
    (``online``, or ``tablet`` from a shared device; None keeps the draft's). Returns False
    (and changes nothing) if it already was."""
    if response.status == "submitted":
        return False
    response.status = "submitted"
    if channel is not None:
        response.channel = channel
    response.submitted_at = utcnow()
    response.completed_with_help = completed_with_help
    response.resume_code_hash = None
    session.flush()
    return True


def record_response(
    session: Session,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    channel: str,
    token: str | None = None,
    submitted_at: Any = None,
    locale: str = "en",
    service: str | None = None,
    import_ref: str | None = None,
    completed_with_help: bool | None = None,
    version: QuestionnaireVersion | None = None,
    flush: bool = True,
    audience: str | None = None,
) -> Response:
    """Store a complete, already validated response in one go (imports, workshops).

    ``version`` skips the version look-up when the caller already has it (bulk
    imports); ``flush=False`` leaves flushing to the caller. ``audience`` is who answered
    when the response itself says so (an import mapping's ``audience``); by default the
    questionnaire's audience. ``completed_with_help`` is True, False or None (not recorded,
    the default); ``locale`` the version the questions were answered in (default ``en``).

    Raises
    ------
    sqlalchemy.exc.IntegrityError
        On flush, when ``token`` was already used (the same row imported twice).
    """
    version = version or get_or_create_version(session, questionnaire)
    response = Response(
        questionnaire_version=version,
        questionnaire_id=questionnaire.id,
        audience=audience or questionnaire.audience,
        channel=channel,
        locale=locale,
        service=service,
        submission_token=token or new_submission_token(),
        status="submitted",
        submitted_at=submitted_at or utcnow(),
        completed_with_help=completed_with_help,
        import_ref=import_ref,
    )
    session.add(response)
    for q in questionnaire.questions():
        for row in answer_rows(q, answers):
            row.response = response
            session.add(row)
    if flush:
        session.flush()
    return response


def hash_resume_code(code: str) -> str:
    """SHA-256 of a resume code, normalised (upper case, no spaces or dashes)."""
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def issue_resume_code(session: Session, response: Response) -> str:
    """Give a draft a new 12-character resume code (shown once, stored only hashed).

    Returns the code formatted as three groups of four, e.g. ``ABCD-EFGH-JKMN``.
    """
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(12))
    response.resume_code_hash = hash_resume_code(raw)
    session.flush()
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def find_draft_by_code(session: Session, questionnaire_id: str, code: str) -> Response | None:
    """The unsubmitted draft of ``questionnaire_id`` with this resume code, or None."""
    return session.scalar(
        sa.select(Response).where(
            Response.resume_code_hash == hash_resume_code(code),
            Response.questionnaire_id == questionnaire_id,
            Response.status == "in_progress",
        )
    )


def stored_answers(response: Response) -> dict[str, Any]:
    """Rebuild the answers dict (shape above) from a response's stored rows.

    Needs the questionnaire version's definition to know each question's type.
    """
    types = {
        q["id"]: q["type"]
        for s in response.questionnaire_version.definition.get("sections", [])
        for q in s.get("questions", [])
    }
    out: dict[str, Any] = {}
    for a in sorted(response.answers, key=lambda a: (a.question_id, a.rank or 0, a.id or 0)):
        kind = types.get(a.question_id)
        if kind in ("multi_choice", "ranking"):
            out.setdefault(a.question_id, []).append(a.option_value)
        elif kind == "matrix":
            out.setdefault(a.question_id, {})[a.row_id] = a.option_value
        elif kind in ("rating", "number"):
            v = a.number_value
            out[a.question_id] = int(v) if v is not None and float(v).is_integer() else v
        elif kind == "date":
            out[a.question_id] = a.date_value
        elif a.option_value is not None:
            out[a.question_id] = a.option_value
        else:
            out[a.question_id] = a.text_value
        if a.option_value is not None and a.text_value and kind != "free_text":
            out[f"{a.question_id}:{a.option_value}"] = a.text_value
    return out


def purge_drafts(session: Session, older_than_days: int, *, dry_run: bool = False) -> int:
    """Delete responses never sent (status ``in_progress``) whose answers were last saved
    more than ``older_than_days`` days ago (or, never saved, that were started then), with
    their answers; return how many there were.

    A draft holds what someone typed and then left (free text included), kept only so they can
    come back with a resume code; UK GDPR's storage limitation (Article 5(1)(e)) says not to keep
    it longer than that needs. Submitted responses are never touched. Commits.

    Parameters
    ----------
    session : Session
    older_than_days : int
        Age in days of ``saved_at``, or of ``started_at`` where that is None (UTC); at
        least 1.
    dry_run : bool
        Count only; delete nothing.

    Raises
    ------
    ValueError
        ``older_than_days`` under 1.
    """
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    cutoff = utcnow() - timedelta(days=older_than_days)
    last = sa.func.coalesce(Response.saved_at, Response.started_at)
    old = sa.select(Response.id).where(Response.status == "in_progress", last < cutoff)
    ids = list(session.scalars(old))
    if dry_run or not ids:
        return len(ids)
    for start in range(0, len(ids), 500):  # SQLite allows so many parameters per statement
        chunk = ids[start : start + 500]
        session.execute(sa.delete(Answer).where(Answer.response_id.in_(chunk)))
        session.execute(sa.delete(Response).where(Response.id.in_(chunk)))
    session.commit()
    return len(ids)
