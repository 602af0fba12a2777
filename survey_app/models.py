"""Database models (SQLAlchemy 2.0 declarative, typed).

Responses are stored in long form: one :class:`Response` per submission (or saved draft)
and one :class:`Answer` row per (question, matrix row, chosen option / value). Every
response points at the exact :class:`QuestionnaireVersion` it answered, whose full
definition is kept as JSON, so editing a questionnaire file later never changes what an
earlier answer meant.

Table names are a contract: ``analysis`` reads them with plain SQL (see
``analysis/sources.py``) without importing this module.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Constraint names identical on SQLite and PostgreSQL, so Alembic migrations match.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: How a response reached us. ``workshop`` is co-production workshop input; ``tablet`` is a
#: response sent from a browser marked as a shared device (a kiosk tablet, ``?kiosk=1``): the
#: NHS FFT counts answers per collection mode, and a waiting-room tablet is one of its modes.
CHANNELS = ("online", "tablet", "paper", "assisted", "workshop", "import")
#: The channels of this app's own web pages: where a response was sent from, set when it is
#: sent (``survey_app.surveys.views.check_answers``), never by an import's own channel.
WEB_CHANNELS = ("online", "tablet")
#: Who answered (matches ``audience`` in questionnaire files).
AUDIENCES = ("people_who_use_services", "carers", "staff", "any")
#: A response is a draft until submitted.
STATUSES = ("in_progress", "submitted")


def utcnow() -> datetime:
    """Current time, timezone-aware UTC (used as a callable column default)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with the project's constraint naming convention."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: sa.DateTime(timezone=True), dict[str, Any]: sa.JSON}


class QuestionnaireVersion(Base):
    """One exact version of a questionnaire definition, as it was served.

    A new row is made whenever a file's content hash changes; old rows are never edited.
    """

    __tablename__ = "questionnaire_versions"
    __table_args__ = (sa.UniqueConstraint("questionnaire_id", "content_hash", name="uq_questionnaire_versions_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable id from the file (``id:``), e.g. ``people-who-use-services``.
    questionnaire_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    #: Human version from the file (``version:``).
    version: Mapped[str] = mapped_column(sa.String(40))
    #: SHA-256 of the normalised definition.
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(300))
    audience: Mapped[str] = mapped_column(sa.String(40))
    #: The whole normalised definition (includes expanded, defaults filled).
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    responses: Mapped[list[Response]] = relationship(back_populates="questionnaire_version")


class Response(Base):
    """One person's (or one workshop contribution's) response to a questionnaire version."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questionnaire_versions.id", ondelete="RESTRICT"), index=True
    )
    #: Denormalised from the version for simple filtering.
    questionnaire_id: Mapped[str] = mapped_column(sa.String(100), index=True)
    audience: Mapped[str] = mapped_column(sa.String(40))
    channel: Mapped[str] = mapped_column(sa.String(20), default="online")
    #: Locale / variant the questions were shown in, e.g. ``en`` or ``en-easy``.
    locale: Mapped[str] = mapped_column(sa.String(20), default="en")
    status: Mapped[str] = mapped_column(sa.String(20), default="in_progress")
    #: Service or team the feedback is about (optional; used for report filters).
    service: Mapped[str | None] = mapped_column(sa.String(200))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    #: Whether someone helped the respondent answer: True (yes), False (no), None (not
    #: answered, or not recorded: an import without the column, or stored before migration
    #: 828734e76c1e, which could not tell "No" from "not answered").
    completed_with_help: Mapped[bool | None]
    #: Random token from the form; unique so a double submit is stored once.
    submission_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: SHA-256 of the "save and come back later" code; the code itself is never stored.
    resume_code_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    #: Where an imported row came from (file name and row number), for audit.
    import_ref: Mapped[str | None] = mapped_column(sa.String(300))
    #: When an import with ``--apply-corrections`` last replaced this imported response's
    #: answers with a corrected row (None: never corrected), for audit.
    corrected_at: Mapped[datetime | None]
    #: When the survey pages last saved this draft's answers (None: never, or stored before
    #: migration 3b7d2e9c4a10); ``purge-drafts`` counts a draft's age from it.
    saved_at: Mapped[datetime | None]
    #: The survey pages (section ids) this draft's respondent has passed with Continue, so a
    #: draft resumed with its code in another browser opens at the first page not passed: the
    #: one where "Save and come back later" was pressed, its blank questions still to be seen.
    #: None: stored before migration 3756868ab15f, or imported (see
    #: :func:`survey_app.surveys.services.resumed_pages_seen`).
    pages_seen: Mapped[list[str] | None] = mapped_column(sa.JSON)

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(back_populates="responses")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One typed value of a response: long form, one row per question/row/option.

    * single choice, FFT, likert, consent: ``option_value``
    * multi choice: one row per ticked option; "Other" write-in in ``text_value``
    * ranking: one row per option with ``rank`` (1 = first)
    * matrix: one row per matrix row (``row_id``) with ``option_value``
    * rating, number: ``number_value``; date: ``date_value``; free text: ``text_value``
    """

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(sa.String(100))
    row_id: Mapped[str | None] = mapped_column(sa.String(100))
    option_value: Mapped[str | None] = mapped_column(sa.String(200))
    text_value: Mapped[str | None] = mapped_column(sa.Text)
    number_value: Mapped[float | None] = mapped_column(sa.Float)
    date_value: Mapped[date | None] = mapped_column(sa.Date)
    rank: Mapped[int | None] = mapped_column(sa.Integer)

    response: Mapped[Response] = relationship(back_populates="answers")


class Round(Base):
    """A named collection period over one or more questionnaires (e.g. "2025 baseline").

    Responses belong to a round when submitted between ``starts_on`` and ``ends_on``
    (inclusive, UTC dates) to one of ``questionnaire_ids`` (empty list = all).
    """

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    questionnaire_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_baseline: Mapped[bool] = mapped_column(default=False)
