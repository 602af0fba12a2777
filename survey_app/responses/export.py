"""Export a questionnaire's submitted responses to CSV, one row per response.

Used by ``flask --app survey_app responses export``; nothing here needs a request or the
app, only a ``Session``.

Columns, in order:

* :data:`FIXED_COLUMNS`: ``response_id`` (the responses table's id, the same id
  ``python -m analysis review`` writes; never the submission token or resume code),
  ``submitted_at`` (ISO 8601, UTC, ``2025-02-03T10:15:00Z``), ``channel``, ``service``,
  ``audience``, ``questionnaire_version`` (the ``version:`` of the version answered),
  ``completed_with_help`` (:func:`help_cell`: ``yes``, ``no``, or blank for not answered
  or not recorded, which includes every response stored before migration 828734e76c1e, when
  "No" and "not answered" were stored alike), ``locale`` (``Response.locale`` as stored, e.g.
  ``en`` or ``en-easy``; an imported response has the default ``en`` unless its mapping
  named a ``locale`` column);
* one column per question of the current questionnaire, in questionnaire order, headed by
  the question id (``<id> (question)`` for an id that is a fixed column's name, which the
  validator refuses now but answers stored before may have); a matrix question has one
  column per row, ``<question>.<row>``; an option with a write-in box (``specify``) adds
  ``<question>:<option>`` after its question;
* then extra columns for answers stored under questions, rows or write-ins the current
  version does not have (answers to older versions), so no stored answer is left out.

Cells: a choice is its option value (its English label with ``labels=True``); multi choice
values are ``;``-joined in option order, ranking values ``;``-joined in rank order (first
first), as the import reads them; numbers are numbers (``3``, ``2.5``); dates ISO
(``2024-04-05``). Free text and write-ins are personal data: they are redacted with
:func:`analysis.redact.redact` (on the normalised text, as the analysis does) unless
``raw_text=True``. Every text cell a spreadsheet would run as a formula is made safe with
:func:`analysis.coding_cli.safe_cell` (numbers are written as numbers).
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from analysis.coding_cli import FORMULA_STARTS, safe_cell
from analysis.outputs import UTC_TEXT_FORMAT
from analysis.redact import redact
from analysis.text import normalise
from survey_app.models import Answer, QuestionnaireVersion, Response
from survey_app.questionnaire.model import EXPORT_FIXED_COLUMNS, Questionnaire

#: The columns before the questions' columns, in order.
FIXED_COLUMNS = EXPORT_FIXED_COLUMNS
#: Added to the column of a question whose id is one of :data:`FIXED_COLUMNS` (the
#: validator refuses such ids now; answers stored before may still have one), so it never
#: takes a fixed column's place. A question id has no space, so no other column is named so.
CLASH_SUFFIX = " (question)"
#: A text cell whose first character a spreadsheet reads as a formula (``=1+2``) behind any
#: number of ``'`` (``'=1+2``): the export writes each such cell with one more ``'`` in front
#: (:func:`~analysis.coding_cli.safe_cell` for the first kind), so the import, which
#: takes one ``'`` off a cell of the second kind (:func:`unquote_formula`), reads back
#: exactly what was stored.
QUOTED_FORMULA = re.compile("'*[" + re.escape("".join(FORMULA_STARTS)) + "]")
#: Responses read (and written) per query: memory stays flat however many are stored.
BATCH_SIZE = 500
#: Question types answered by one option value.
SINGLE_CHOICE_TYPES = ("single_choice", "likert", "fft", "consent")


class ExportError(ValueError):
    """A response cannot be serialised. The message names the question, never an answer's text."""


@dataclass(frozen=True)
class QuestionSpec:
    """What the export needs to know of one question of a stored definition."""

    id: str
    type: str
    text: str
    #: option value -> English label, in option order
    labels: Mapping[str, str] = field(default_factory=dict)
    #: matrix row id -> English text, in row order
    rows: Mapping[str, str] = field(default_factory=dict)
    #: values of the options that carry a write-in box
    specify: tuple[str, ...] = ()


@dataclass
class ExportResult:
    """What one export wrote: ``written`` responses, ``skipped`` (response id, reason)
    pairs (reasons name a question or an error type, never answer text), the ``columns``."""

    written: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def _en(text: Any) -> str:
    """The English of a stored ``{locale: text}`` (or a plain string)."""
    if isinstance(text, Mapping):
        return str(text.get("en") or next(iter(text.values()), ""))
    return "" if text is None else str(text)


def question_specs(definition: Mapping[str, Any]) -> dict[str, QuestionSpec]:
    """The questions of a stored or loaded definition (``QuestionnaireVersion.definition``,
    ``Questionnaire.definition``) by id, in questionnaire order.

    Read leniently (missing keys are empty), so a version stored by an older release still
    exports.
    """
    specs: dict[str, QuestionSpec] = {}
    for section in definition.get("sections") or ():
        for q in section.get("questions") or ():
            options = q.get("options") or ()
            specs[q["id"]] = QuestionSpec(
                id=q["id"],
                type=str(q.get("type", "")),
                text=_en(q.get("text")),
                labels={str(o["value"]): _en(o.get("label")) or str(o["value"]) for o in options},
                rows={str(r["id"]): _en(r.get("text")) for r in q.get("rows") or ()},
                specify=tuple(str(o["value"]) for o in options if o.get("specify")),
            )
    return specs


def answer_column(qid: str) -> str:
    """The column of question ``qid``'s answer: ``qid``, or ``qid`` + :data:`CLASH_SUFFIX` when
    it is the name of a fixed column (``service (question)``)."""
    return qid + CLASH_SUFFIX if qid in FIXED_COLUMNS else qid


def question_columns(specs: Mapping[str, QuestionSpec]) -> list[str]:
    """The answer columns of ``specs``, in order: ``<question>``, or ``<question>.<row>`` per
    matrix row, each followed by ``<question>:<option>`` for each option with a write-in."""
    columns: list[str] = []
    for spec in specs.values():
        if spec.type == "matrix":
            columns += [f"{spec.id}.{row}" for row in spec.rows]
        else:
            columns.append(answer_column(spec.id))
        columns += [f"{spec.id}:{value}" for value in spec.specify]
    return columns


def column_text(column: str, specs: Sequence[Mapping[str, QuestionSpec]]) -> str:
    """The English question text for an answer column (``labels`` row), from the first of
    ``specs`` (newest definition first) that has the question; ``""`` if none has."""
    qid, _, write_in = column.removesuffix(CLASH_SUFFIX).partition(":")
    qid, _, row = qid.partition(".")
    spec = next((s[qid] for s in specs if qid in s), None)
    if spec is None:
        return ""
    if row:
        return f"{spec.text} - {spec.rows.get(row, row)}"
    if write_in:
        return f"{spec.text} - {spec.labels.get(write_in, write_in)} (written in)"
    return spec.text


#: The ``completed_with_help`` cell for each stored value (None: not answered or not recorded).
HELP_CELLS: Mapping[bool | None, str] = {True: "yes", False: "no", None: ""}


def help_cell(completed_with_help: bool | None) -> str:
    """The ``completed_with_help`` cell: ``yes`` (True), ``no`` (False) or ``""`` (None: not
    answered, or not recorded).

    Examples
    --------
    >>> [help_cell(v) for v in (True, False, None)]
    ['yes', 'no', '']
    """
    return HELP_CELLS[None if completed_with_help is None else bool(completed_with_help)]


def utc_iso(when: datetime | None) -> str:
    """``when`` as the export writes it: UTC to the second, ``2026-04-03T10:15:00Z`` (naive
    read as UTC, as SQLite keeps no zone); ``""`` for None."""
    if when is None:
        return ""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)  # SQLite keeps no zone
    return when.strftime(UTC_TEXT_FORMAT)


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def serialise_response(
    response: Any,
    answers: Sequence[Any],
    specs: Mapping[str, QuestionSpec],
    *,
    version: str = "",
    labels: bool = False,
    raw_text: bool = False,
) -> dict[str, Any]:
    """One response as a row: column name -> cell (answered columns only).

    Parameters
    ----------
    response
        Has ``id``, ``submitted_at``, ``channel``, ``service``, ``audience``,
        ``completed_with_help``, ``locale`` (a :class:`~survey_app.models.Response` or a row
        of those columns).
    answers
        Its stored answers (:class:`~survey_app.models.Answer` rows or rows with the same
        attributes: ``question_id, row_id, option_value, text_value, number_value,
        date_value, rank``).
    specs
        The questions as the response's version defines them (:func:`question_specs`),
        which decides how each answer is written; a question it lacks is written by what is
        stored (an option value, number, date or, redacted, text).
    version
        The ``questionnaire_version`` cell.
    labels, raw_text
        Choices as English labels; free text as written instead of redacted.

    Returns
    -------
    dict
        :data:`FIXED_COLUMNS` and the answer columns described in the module docstring.
        Cells are str, int or float; spreadsheet safety is applied by the writer.

    Raises
    ------
    ExportError
        Several stored answers to a question that takes one (single choice, number, date,
        free text), or a matrix answer without its row.
    """
    row: dict[str, Any] = {
        "response_id": response.id,
        "submitted_at": utc_iso(response.submitted_at),
        "channel": response.channel,
        "service": response.service or "",
        "audience": response.audience,
        "questionnaire_version": version,
        "completed_with_help": help_cell(response.completed_with_help),
        "locale": response.locale or "",
    }
    by_question: dict[str, list[Any]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    for qid, stored in by_question.items():
        spec = specs.get(qid)
        kind = spec.type if spec else ""
        column = answer_column(qid)
        names = spec.labels if spec and labels else {}  # option value -> label, when labels are asked for

        def choice(value: str | None, names: Mapping[str, str] = names) -> str:
            return names.get(value or "", value or "")

        if kind == "matrix" or any(a.row_id for a in stored):
            for a in stored:
                if not a.row_id:
                    raise ExportError(f"{qid}: a matrix answer without its row")
                row[f"{qid}.{a.row_id}"] = choice(a.option_value)
        elif kind in ("multi_choice", "ranking") or (not kind and len(stored) > 1):
            if kind == "ranking" or any(a.rank for a in stored):
                ordered = sorted(stored, key=lambda a: (a.rank is None, a.rank or 0))
            else:
                order = {value: i for i, value in enumerate(spec.labels if spec else ())}
                ordered = sorted(stored, key=lambda a: order.get(a.option_value, len(order)))
            row[column] = ";".join(choice(a.option_value) for a in ordered)
        else:
            if len(stored) > 1:
                raise ExportError(f"{qid}: {len(stored)} stored answers to a question that takes one")
            a = stored[0]
            if kind in SINGLE_CHOICE_TYPES or (not kind and a.option_value is not None):
                row[column] = choice(a.option_value)
            elif kind in ("rating", "number") or (not kind and a.number_value is not None):
                row[column] = _number(a.number_value)
            elif kind == "date" or (not kind and a.date_value is not None):
                row[column] = a.date_value.isoformat() if isinstance(a.date_value, date) else ""
            else:
                row[column] = _text(a.text_value, raw_text)
        for a in stored:  # write-ins: the text typed in an option's box
            if a.option_value is not None and a.text_value and kind != "free_text":
                row[f"{qid}:{a.option_value}"] = _text(a.text_value, raw_text)
    return row


def _text(value: str | None, raw: bool) -> str:
    """Free text as written (``raw``) or redacted (normalised first, as the analysis does)."""
    if not value:
        return ""
    return value if raw else redact(normalise(value))


def _filters(
    questionnaire_id: str, date_from: date | None, date_to: date | None, channels: Sequence[str]
) -> list[sa.ColumnElement[bool]]:
    cond = [Response.questionnaire_id == questionnaire_id, Response.status == "submitted"]
    if date_from is not None:
        cond.append(Response.submitted_at >= datetime(date_from.year, date_from.month, date_from.day, tzinfo=UTC))
    if date_to is not None and date_to < date.max:  # to 9999-12-31: every date, as there is no day after it
        end = date_to + timedelta(days=1)
        cond.append(Response.submitted_at < datetime(end.year, end.month, end.day, tzinfo=UTC))
    if channels:
        cond.append(Response.channel.in_(list(channels)))
    return cond


def count_responses(
    session: Session,
    questionnaire_id: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    channels: Sequence[str] = (),
) -> int:
    """How many responses :func:`export_responses` would write with these filters."""
    cond = _filters(questionnaire_id, date_from, date_to, channels)
    return session.scalar(sa.select(sa.func.count()).select_from(Response).where(*cond)) or 0


def export_responses(
    session: Session,
    questionnaire: Questionnaire,
    out: IO[str],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    channels: Sequence[str] = (),
    labels: bool = False,
    raw_text: bool = False,
    batch_size: int = BATCH_SIZE,
    on_skip: Callable[[int, str], None] | None = None,
    on_row: Callable[[], None] | None = None,
) -> ExportResult:
    """Write ``questionnaire``'s submitted responses (never drafts) to ``out`` as CSV.

    One row per response, in response id order, with the columns and cells of the module
    docstring, after one header row of column names; with ``labels`` a second row gives
    each answer column's question text. ``date_from`` / ``date_to`` are inclusive UTC
    dates of ``submitted_at``; ``channels`` (none = all) keeps those channels.

    Responses are read ``batch_size`` at a time (their answers with them) and written as
    each batch is done, so memory does not grow with the number stored. Responses
    submitted after the export started are left out.

    A response that cannot be serialised (any exception from :func:`serialise_response`)
    is skipped and reported through ``on_skip(response_id, reason)``; the reason is the
    :class:`ExportError` message or the exception's type name, never answer text. The rest
    are written.

    Returns
    -------
    ExportResult

    Raises
    ------
    sqlalchemy.exc.SQLAlchemyError
        The database cannot be read (the file is then incomplete).
    """
    cond = _filters(questionnaire.id, date_from, date_to, channels)
    last_id = session.scalar(sa.select(sa.func.max(Response.id)).where(*cond)) or 0
    cond.append(Response.id <= last_id)
    current = question_specs(questionnaire.definition)
    versions: dict[int, tuple[str, dict[str, QuestionSpec]]] = {}
    in_scope = sa.select(Response.questionnaire_version_id).where(*cond).distinct()
    for v in session.execute(
        sa.select(QuestionnaireVersion.id, QuestionnaireVersion.version, QuestionnaireVersion.definition)
        .where(QuestionnaireVersion.id.in_(in_scope))
        .order_by(QuestionnaireVersion.id.desc())
    ):
        versions[v.id] = (v.version, {**current, **question_specs(v.definition or {})})
    columns = [*FIXED_COLUMNS, *question_columns(current)]
    columns += _extra_columns(session, cond, columns, [specs for _, specs in versions.values()])
    result = ExportResult(columns=columns)
    known = set(columns)

    first = [{c: column_text(c, [current, *(s for _, s in versions.values())]) for c in columns[len(FIXED_COLUMNS):]}]
    _write(out, columns, first if labels else [], header=True)
    after = 0
    while True:
        ids = list(session.scalars(
            sa.select(Response.id).where(*cond, Response.id > after).order_by(Response.id).limit(batch_size)
        ))
        if not ids:
            break
        after = ids[-1]
        batch, unread = _read_each(ids, lambda chunk: session.execute(
            sa.select(
                Response.id, Response.submitted_at, Response.channel, Response.service, Response.audience,
                Response.completed_with_help, Response.locale, Response.questionnaire_version_id,
            )
            .where(Response.id.in_(chunk))
            .order_by(Response.id)
        ).all())
        answer_rows, unread_answers = _read_each([r.id for r in batch], lambda chunk: session.execute(
            sa.select(
                Answer.response_id, Answer.question_id, Answer.row_id, Answer.option_value, Answer.text_value,
                Answer.number_value, Answer.date_value, Answer.rank,
            )
            .where(Answer.response_id.in_(chunk))
            .order_by(Answer.response_id, Answer.id)
        ).all())
        answers: dict[int, list[Any]] = defaultdict(list)
        for a in answer_rows:
            answers[a.response_id].append(a)
        unread += unread_answers
        for rid, reason in unread:
            result.skipped.append((rid, reason))
            if on_skip is not None:
                on_skip(rid, reason)
        skip = {rid for rid, _ in unread}
        batch = [r for r in batch if r.id not in skip]
        rows = []
        for r in batch:
            version, specs = versions.get(r.questionnaire_version_id, ("", current))
            try:
                cells = serialise_response(r, answers[r.id], specs, version=version, labels=labels, raw_text=raw_text)
                unlisted = sorted(set(cells) - known)
                if unlisted:  # answers changed since the columns were read: never drop them silently
                    raise ExportError(f"answers to {', '.join(unlisted)} came after the export began; export again")
            except Exception as exc:  # noqa: BLE001 - one bad response never aborts the export
                reason = str(exc) if isinstance(exc, ExportError) else f"cannot serialise ({type(exc).__name__})"
                result.skipped.append((r.id, reason))
                if on_skip is not None:
                    on_skip(r.id, reason)
                continue
            rows.append(cells)
            if on_row is not None:
                on_row()
        _write(out, columns, rows, header=False)
        result.written += len(rows)
    return result


#: What reading a stored value back can raise when the column holds what its type cannot
#: (SQLite keeps any text in a date or number column, e.g. after a hand edit).
_UNREADABLE = (ValueError, TypeError, OverflowError)


def _read_each(ids: list[int], query: Callable[[list[int]], Sequence[Any]]) -> tuple[list[Any], list[tuple[int, str]]]:
    """(rows, unread) of ``query(ids)``, the rows of the responses ``ids``: when a stored value
    in them cannot be read back (:data:`_UNREADABLE`), each response's rows are read alone, and
    those that still fail are left out and listed as ``(response id, reason)``; the reason
    names the exception's type, never a value. Database errors are raised as they are."""
    try:
        return list(query(ids)), []
    except _UNREADABLE:
        pass
    rows: list[Any] = []
    unread = []
    for rid in ids:
        try:
            rows.extend(query([rid]))
        except _UNREADABLE as exc:
            unread.append((rid, f"cannot read a stored value ({type(exc).__name__})"))
    return rows, unread


def _extra_columns(
    session: Session, cond: list[sa.ColumnElement[bool]], columns: list[str], older: list[dict[str, QuestionSpec]]
) -> list[str]:
    """Answer columns the responses in scope need beyond ``columns``: answers to questions,
    matrix rows or write-ins that are not in the current version. Ordered as the newest
    stored version that has them orders them, then by name."""
    write_in = sa.case(
        (sa.and_(Answer.option_value.is_not(None), Answer.text_value.is_not(None)), Answer.option_value)
    )
    stored: set[str] = set()
    for qid, row_id, option in session.execute(
        sa.select(Answer.question_id, Answer.row_id, write_in)
        .join(Response, Answer.response_id == Response.id)
        .where(*cond)
        .distinct()
    ):
        stored.add(f"{qid}.{row_id}" if row_id else answer_column(qid))
        if option is not None and not row_id:
            stored.add(f"{qid}:{option}")
    # a free_text answer has no option; a write-in column for a free-text question never arises
    extra = stored - set(columns)
    order = {c: i for i, c in enumerate(dict.fromkeys(c for specs in older for c in question_columns(specs)))}
    return sorted(extra, key=lambda c: (order.get(c, len(order)), c))


def unquote_formula(cell: str) -> str:
    """A cell as it was before the export made it spreadsheet-safe: one leading ``'`` taken
    off when ``'`` and formula characters follow (:data:`QUOTED_FORMULA`), else as it is.

    Examples
    --------
    >>> unquote_formula("'=1+2"), unquote_formula("''-2 stars"), unquote_formula("'tis"), unquote_formula("-1")
    ('=1+2', "'-2 stars", "'tis", '-1')
    """
    return cell[1:] if cell.startswith("'") and QUOTED_FORMULA.match(cell, 1) else cell


def _write(out: IO[str], columns: list[str], rows: list[dict[str, Any]], *, header: bool) -> None:
    """Write ``rows`` (cells by column name) to ``out`` as CSV, text cells spreadsheet-safe
    (:func:`spreadsheet_cell`; numbers are written as numbers, never prefixed)."""
    writer = csv.writer(out, lineterminator="\n")  # as pandas and the review file write
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_cell(row.get(c)) for c in columns])


def spreadsheet_cell(value: Any) -> str:
    """The cell written for ``value``: a number as :func:`_plain`, text as
    :func:`~analysis.coding_cli.safe_cell` writes it, with a ``'`` before text that is
    ``'`` and a formula (:data:`QUOTED_FORMULA`), which the import would otherwise read as
    the formula without its ``'``."""
    if not isinstance(value, str):
        return _plain(value)
    return "'" + value if value.startswith("'") and QUOTED_FORMULA.match(value) else str(safe_cell(value))


def _plain(value: Any) -> str:
    """A non-text cell as written: ``""`` for none, ``3`` or ``2.5`` for a number."""
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


@contextlib.contextmanager
def private_file(path: Path, *, force: bool = False, errors: str = "strict") -> Iterator[IO[str]]:
    """Write a new file at ``path`` readable by its owner only (mode 0600), UTF-8 without a
    byte-order mark (as ``python -m analysis review`` writes its file); ``errors`` is
    :func:`open`'s (``"surrogateescape"`` writes back bytes read that way).

    The text goes to a temporary file beside ``path`` (created 0600), which becomes ``path``
    only when the block ends without an exception; otherwise it is removed and ``path`` is
    untouched. An existing ``path`` is replaced only with ``force`` (a symbolic link is
    replaced by the file, never written through).

    Raises
    ------
    FileExistsError
        ``path`` exists (before or when the block ends) and ``force`` is False.
    OSError
        The folder cannot be written.
    """
    if path.exists() and not force:
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="", errors=errors) as fh:
            yield fh
        os.chmod(tmp, 0o600)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if something made the file meanwhile: never overwritten
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(str(path)) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
