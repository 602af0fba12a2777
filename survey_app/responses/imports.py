"""Import existing responses (typed-up paper returns, another system's export) from CSV.

A *mapping* file (YAML) says which CSV column answers which question and how its values
translate to option values::

    questionnaire: fft            # optional check against the command's argument
    channel: import               # or paper / assisted / workshop, or {column: Channel} to read
                                  # each row's (online, tablet, paper, assisted, workshop,
                                  # import: an export's channel column)
    reference: Comment ID         # column kept as the response's import_ref (optional)
    group_by: Respondent ID       # rows with the same value form one response (optional;
                                  # dated by its latest row, a blank cell filled from another row)
    submitted_at: {column: Date, formats: ["%d/%m/%Y", "%m/%d/%Y"]}
    service: Service type 1       # column naming one of the questionnaire's services: (optional)
    audience: {answer: who_answered}   # a single_choice question whose answer says who
                                       # answered (optional; see below), or
                                       # {column: audience}: a column naming each row's audience
    questionnaire_version: questionnaire_version   # column: the version: each row answered (optional)
    completed_with_help: Helped   # column: yes/no/y/n/true/false/1/0, any case (optional)
    locale: Language              # column: en, en-easy, ... (optional)
    answers:
      fft:
        column: FFT categorical answer
        values: {"1": very_good, "2": good, "3": neither, "4": poor, "5": very_poor,
                 "6": dont_know, "7": null}      # null = treat as not answered
      what_could_be_better:
        column: FFT answer
        where: {column: FFT question, in: ["How could we improve?"]}
        required: false             # true: a row with this cell empty is rejected
      what_was_good:
        column: FFT answer
        where: {column: FFT question, not_in: ["How could we improve?"]}

A choice cell matches an option's value or label, or a key of ``values``, in any case and
spacing (:func:`choice_key`); keys of ``values`` that match alike must map alike. A matrix
question is read one statement per column and a write-in from a column of its own, named as
``flask responses export`` heads them (``carer_statements.recognised: Q7a``, ``ethnicity:white_other:
Q12 other``; :func:`export_mapping` writes a mapping for an export);
text in a write-in chooses its option unless a single choice names another (:func:`merge_answers`).

``audience`` names a mapped single_choice question (not a column): when a response's answer
to it is one of the audiences responses are stored under (:data:`RESPONDENT_AUDIENCES`,
e.g. ``carers``), that becomes the response's ``audience``; any other answer (``mixed``) or
none keeps the questionnaire's ``audience``. ``audience: {column: COLUMN}`` reads each
response's audience from a column instead (one of :data:`~survey_app.models.AUDIENCES`, e.g.
the ``audience`` column ``flask responses export`` writes; a blank cell keeps the
questionnaire's). Without the key every response gets the questionnaire's audience.

``questionnaire_version`` names a column giving the ``version:`` of the questionnaire each row
answered (as the export writes it): the response is stored under that version, taken from the
mapping's ``versions:`` (stored definitions, which :func:`export_mapping` writes from the
database it reads), else the questionnaire file when its ``version:`` is the same, else the
newest version of that number this database holds; a version found in none of them rejects
the row with the reason. A blank cell, or no such key, stores the version now in use.

``completed_with_help`` and ``locale`` name columns, read as
:mod:`~survey_app.responses.response_cells` reads them, from each of a response's rows (a
``group_by`` group's rows must not differ; a blank cell says nothing): help ``yes`` or ``no`` (or ``y``, ``true``, ``1``,
...), blank for not recorded (None); a locale the questionnaire is served in, blank for
``en``. Anything else rejects the row with the reason. Without the keys, help is not recorded
and the locale is ``en``. ``flask responses export`` writes both columns, so an exported file
imported again keeps them.

Every row is validated on its own; a bad row is written to the rejects file with its
reasons and never stops the import. A row already stored by an earlier import is skipped
and only counted, so the rejects file holds exactly the rows that were not stored. Each
stored response keeps a digest of its answers, date and service at the end of ``import_ref``
(:func:`content_digest`; its help and locale are compared with the stored columns, only when
the mapping names them): a row whose key was imported before with other answers is
rejected with the reason, unless (keyed by row number) the same content was imported from
another row of a file of that name, i.e. rows were deleted or moved. With
``corrections=True`` (the command's ``--apply-corrections``) a row whose ``reference`` or
``group_by`` key was imported before with other answers is a correction instead: it replaces
the stored response's answers in place (same id and token; :func:`import_csv`). A key known
only by its row number is never corrected. With an ``audience`` key, a skipped response
still stored with the questionnaire's audience gets the audience its stored answer names (it
was imported with a mapping without the key).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session

from analysis.csv_records import csv_records
from analysis.postcode_shapes import district_of
from analysis.redact import redact
from analysis.text import is_blank, normalise
from survey_app.models import AUDIENCES, CHANNELS, WEB_CHANNELS, Answer, QuestionnaireVersion, Response, utcnow
from survey_app.questionnaire.model import QUESTION_TYPES, Question, Questionnaire, choice_key
from survey_app.responses.export import private_file, unquote_formula
from survey_app.responses.fingerprints import Fingerprints, answer_key, response_fingerprint
from survey_app.responses.response_cells import DEFAULT_LOCALE, read_response_cells, rows_differ
from survey_app.responses.response_cells import clip_cell as _clip
from survey_app.responses.services import answer_rows, get_or_create_version, record_response, replace_answers
from survey_app.surveys.services import (
    EARLIEST_YEAR,
    POSTCODE_DISTRICT,
    TWO_DIGIT_YEARS_AHEAD,
    WRITE_IN_MAX,
    clean_text,
    month_digits,
    read_number,
    split_month_and_year,
)

#: Values treated as "not answered" in a closed question's column.
BLANKS = {"", "na", "n/a", "null", "none", "-"}
#: Audiences an answer can give a response (the mapping's ``audience``): every stored
#: audience but ``any``, which says only that the questionnaire did not ask.
RESPONDENT_AUDIENCES = tuple(a for a in AUDIENCES if a != "any")


def named(key: str, columns: Iterable[str]) -> str:
    """How a rejects reason names an answer ``key`` read from ``columns``: the key, with the
    CSV columns when they are named otherwise, so the reader knows which cell to fix.

    >>> named("fft", ["rating"]), named("fft", ["fft"]), named("caring_for", ["caring", "caring_other"])
    ("fft (column 'rating')", 'fft', "caring_for (columns 'caring', 'caring_other')")
    """
    columns = list(dict.fromkeys(columns))
    if columns in ([], [key]):
        return key
    listed = ", ".join(f"'{c}'" for c in columns)
    return f"{key} (column{'s' if len(columns) > 1 else ''} {listed})"


class MappingError(ValueError):
    """The mapping file is unusable; the message names the file and key."""


@dataclass(frozen=True)
class ColumnRule:
    """How one question is read from the CSV."""

    question_id: str
    column: str
    values: Mapping[str, str | None] | None = None
    where_column: str | None = None
    where_in: frozenset[str] | None = None
    where_not_in: frozenset[str] | None = None
    required: bool = False
    #: The matrix statement this column answers (the mapping's ``question.row`` key).
    row_id: str | None = None
    #: The option whose write-in box this column holds (the mapping's ``question:option`` key).
    write_in: str | None = None

    @property
    def key(self) -> str:
        """The mapping's key for this rule, as the export heads its column: ``question``,
        ``question.row`` or ``question:option``."""
        return self.question_id + (f".{self.row_id}" if self.row_id else "") + (f":{self.write_in}" if self.write_in else "")

    def mapped(self, cell: str) -> tuple[bool, str | None]:
        """(True, what ``values`` maps ``cell`` to) when it lists the cell as written or as
        :func:`choice_key` reads it ("carer", "CARER " for ``Carer``), else (False, None)."""
        if self.values is None:
            return False, None
        if cell in self.values:
            return True, self.values[cell]
        key = choice_key(cell)
        return (True, self._keyed_values[key]) if key in self._keyed_values else (False, None)

    @property
    def named(self) -> str:
        """How a rejects reason names this rule: its :attr:`key`, with the CSV column the cell
        was typed in when that is named otherwise (``fft (column 'rating')``; :func:`named`)."""
        return named(self.key, [self.column])

    @cached_property
    def _keyed_values(self) -> dict[str, str | None]:
        return {choice_key(k): v for k, v in (self.values or {}).items()}

    def applies(self, row: Mapping[str, str]) -> bool:
        """Whether this rule's ``where`` filter lets ``row`` answer the question."""
        if self.where_column is None:
            return True
        cell = (row.get(self.where_column) or "").strip()
        if self.where_in is not None and cell not in self.where_in:
            return False
        return not (self.where_not_in is not None and cell in self.where_not_in)


@dataclass(frozen=True)
class ImportMapping:
    """A parsed mapping file."""

    rules: tuple[ColumnRule, ...]
    channel: str = "import"
    #: Column giving each response's channel (the mapping's ``channel: {column: ...}``), e.g. an
    #: export's ``channel`` column; a blank cell takes :attr:`channel`.
    channel_column: str | None = None
    reference: str | None = None
    group_by: str | None = None
    submitted_at_column: str | None = None
    submitted_at_formats: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y")
    service: str | None = None
    questionnaire: str | None = None
    #: Question whose answer, when it is one of :data:`RESPONDENT_AUDIENCES`, is the
    #: response's audience (the mapping's ``audience.answer``).
    audience_answer: str | None = None
    #: Column saying whether someone helped (:func:`~survey_app.responses.response_cells.read_help`).
    completed_with_help: str | None = None
    #: Column giving the locale answered in (:func:`~survey_app.responses.response_cells.read_locale`).
    locale: str | None = None
    #: Column naming each response's audience (the mapping's ``audience: {column: ...}``).
    audience_column: str | None = None
    #: Column giving the questionnaire ``version:`` each response answered.
    version_column: str | None = None
    #: Stored versions the mapping carries (``versions:``), by ``version:``, as questionnaires.
    versions: Mapping[str, Questionnaire] = field(default_factory=dict)

    @cached_property
    def columns(self) -> dict[str, list[str]]:
        """Each answer key (:attr:`ColumnRule.key`) -> the columns its rules read, in order."""
        out: dict[str, list[str]] = {}
        for rule in self.rules:
            if rule.column not in out.setdefault(rule.key, []):
                out[rule.key].append(rule.column)
        return out

    def audience_of(self, answers: Mapping[str, Any]) -> str | None:
        """The audience ``answers`` give the response (e.g. ``carers``), or None when the
        questionnaire's audience stands: no ``audience_answer``, no answer to it, or an
        answer that is not one of :data:`RESPONDENT_AUDIENCES` (e.g. ``mixed``)."""
        if self.audience_answer is None:
            return None
        value = answers.get(self.audience_answer)
        return value if value in RESPONDENT_AUDIENCES else None


@dataclass
class ImportResult:
    """Counts from one import. ``rejects`` holds (row number, reasons) pairs for rows not
    stored; ``already`` counts rows skipped because they were stored by an earlier import
    (they are not rejects: correcting and importing a rejects file must not store them again);
    ``audience_set`` counts those of them whose stored response got the audience its stored
    answer names; ``blank`` counts rows with every cell blank, skipped; ``corrected`` counts responses (not rows: a ``group_by`` group is one) whose
    stored answers a corrected row replaced (only with ``corrections=True``; see
    :func:`import_csv`)."""

    rows: int = 0
    stored: int = 0
    already: int = 0
    #: rows with every cell blank (a spreadsheet's empty rows), skipped: no response, no reject
    blank: int = 0
    corrected: int = 0
    #: (responses imported before from a file of this name, responses in the file) when
    #: ``corrections`` was asked for but withheld (see :func:`import_csv`)
    withheld: tuple[int, int] | None = None
    audience_set: int = 0
    #: rows skipped as imported before whose stored response now has the audience or
    #: questionnaire version the file's columns give (it was moved without them)
    restored: int = 0
    rejects: list[tuple[int, list[str]]] = field(default_factory=list)
    #: (row number, column, tags such as ``[NAME]``) for each free-text cell of a workshop
    #: contribution not rejected (stored, corrected or stored before) that looks like it holds
    #: personal details (:func:`personal_details`); kept as typed, never the text itself
    personal: list[tuple[int, str, list[str]]] = field(default_factory=list)


_COLUMN = {"type": "string", "minLength": 1}
_STRINGS = {"type": "array", "items": {"type": ["string", "number"]}}
#: JSON Schema of a mapping file: wrong types and misspelt keys are refused up front.
MAPPING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["answers"],
    "properties": {
        "questionnaire": {"type": "string"},
        "channel": {
            "oneOf": [
                {"enum": ["import", "paper", "assisted", "workshop"]},
                {"type": "object", "additionalProperties": False, "required": ["column"], "properties": {"column": _COLUMN}},
            ]
        },
        "reference": _COLUMN,
        "group_by": _COLUMN,
        "service": _COLUMN,
        "completed_with_help": _COLUMN,
        "locale": _COLUMN,
        "audience": {  # one of the two
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {"answer": _COLUMN, "column": _COLUMN},
        },
        "questionnaire_version": _COLUMN,
        "versions": {"type": "object", "additionalProperties": {"type": "object"}},
        "submitted_at": {
            "oneOf": [
                _COLUMN,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["column"],
                    "properties": {"column": _COLUMN, "formats": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
                },
            ]
        },
        "answers": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "oneOf": [
                    _COLUMN,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["column"],
                        "properties": {
                            "column": _COLUMN,
                            "required": {"type": "boolean"},
                            "values": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
                            "where": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["column"],
                                "properties": {"column": _COLUMN, "in": _STRINGS, "not_in": _STRINGS},
                            },
                        },
                    },
                ]
            },
        },
    },
}


def load_mapping(path: str | Path, questionnaire: Questionnaire) -> ImportMapping:
    """Parse and check a mapping file against ``questionnaire``.

    Raises
    ------
    MappingError
        Unreadable file or YAML, a key given twice in one mapping (PyYAML would keep the
        last), a key with no value, of the wrong type or unknown (checked against
        :data:`MAPPING_SCHEMA`), an unknown question id / option value, or an ``audience``
        answer that is not a mapped single_choice question with an audience among its
        options; the message starts with the file name and the key at fault.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MappingLoader)  # noqa: S506 (a SafeLoader)
    except _RepeatedKey as exc:
        first, second = exc.lines
        lines = f"line {first}" if first == second else f"lines {first} and {second}"
        raise MappingError(f"{path}: {exc.where}: given twice ({lines}); keep one") from exc
    except yaml.MarkedYAMLError as exc:  # where, not what: the file may be a CSV of comments given by mistake
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise MappingError(f"{path}: cannot read mapping: not valid YAML{at} ({exc.problem})") from exc
    except UnicodeDecodeError as exc:  # e.g. saved as Latin-1 / Windows-1252 by an older editor
        line = exc.object[: exc.start].count(b"\n") + 1
        raise MappingError(
            f"{path}: cannot read mapping: it is not saved as UTF-8 (line {line} has a character in another "
            "encoding); save the file as UTF-8 and try again"
        ) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: cannot read mapping: {type(exc).__name__}") from exc
    errors = sorted(jsonschema.Draft202012Validator(MAPPING_SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = _inner_error(errors[0])
        where = ".".join(str(p) for p in first.absolute_path) or "(top level)"
        raise MappingError(f"{path}: {where}: {_schema_message(first)}")
    _check_formats(path, data.get("submitted_at"))
    known = {q.id: q for q in questionnaire.questions()}
    rules = []
    for key, spec in data["answers"].items():
        qid, row_id, write_in = _answer_key(path, questionnaire, known, key)
        if isinstance(spec, str):
            spec = {"column": spec}
        values = spec.get("values")
        if values is not None and write_in:
            raise MappingError(f"{path}: answers.{key}.values: a write-in is text; values are for choices")
        if values is not None:
            options = {o.value for o in known[qid].options}
            values = {str(k).strip(): (None if v is None else str(v)) for k, v in values.items()}
            bad = sorted(v for v in values.values() if v is not None and options and v not in options)
            if bad:
                raise MappingError(f"{path}: answers.{key}.values: unknown option(s) {', '.join(bad)}")
            seen: dict[str, str] = {}
            for k, v in values.items():
                other = seen.setdefault(choice_key(k), k)
                if other != k and values[other] != v:
                    raise MappingError(
                        f"{path}: answers.{key}.values: '{other}' and '{k}' differ only in case or spacing "
                        "but map to different options"
                    )
        where = spec.get("where") or {}
        rules.append(
            ColumnRule(
                question_id=qid,
                column=spec["column"],
                values=values,
                where_column=where.get("column"),
                where_in=frozenset(map(str, where["in"])) if "in" in where else None,
                where_not_in=frozenset(map(str, where["not_in"])) if "not_in" in where else None,
                required=bool(spec.get("required", False)),
                row_id=row_id,
                write_in=write_in,
            )
        )
    audience_answer = (data.get("audience") or {}).get("answer")
    if audience_answer is not None:
        _check_audience_answer(
            path, questionnaire, audience_answer, {r.question_id for r in rules if not (r.row_id or r.write_in)}
        )
    sub = data.get("submitted_at")
    if isinstance(sub, str):
        sub = {"column": sub}
    return ImportMapping(
        audience_column=(data.get("audience") or {}).get("column"),
        version_column=data.get("questionnaire_version"),
        versions=_mapping_versions(path, questionnaire, data.get("versions") or {}),
        rules=tuple(rules),
        channel=channel if isinstance(channel := data.get("channel", "import"), str) else "import",
        channel_column=channel.get("column") if isinstance(channel, dict) else None,
        reference=data.get("reference"),
        group_by=data.get("group_by"),
        submitted_at_column=(sub or {}).get("column"),
        submitted_at_formats=tuple((sub or {}).get("formats") or ImportMapping.submitted_at_formats),
        service=data.get("service"),
        questionnaire=data.get("questionnaire"),
        audience_answer=audience_answer,
        completed_with_help=data.get("completed_with_help"),
        locale=data.get("locale"),
    )


def _mapping_versions(path: Path, questionnaire: Questionnaire, given: Mapping[Any, Any]) -> dict[str, Questionnaire]:
    """The mapping's ``versions:`` (``version:`` -> stored definition) as questionnaires.
    Raises :class:`MappingError` for a definition that is not one of ``questionnaire`` with
    that ``version:``, or cannot be read."""
    from survey_app.questionnaire.loader import questionnaire_from_definition

    out = {}
    for name, definition in given.items():
        where = f"{path}: versions.{name}"
        if definition.get("id") != questionnaire.id or str(definition.get("version")) != str(name):
            raise MappingError(
                f"{where}: not a definition of '{questionnaire.id}' version {name} (print the mapping again "
                f"from the database the responses were exported from: flask --app survey_app responses mapping {questionnaire.id})"
            )
        try:
            out[str(name)] = questionnaire_from_definition(definition)
        except Exception as exc:  # noqa: BLE001 - whatever a hand-edited definition breaks
            raise MappingError(f"{where}: not a stored questionnaire definition ({type(exc).__name__}: {exc})") from exc
        odd = next((q for q in out[str(name)].questions() if q.type not in QUESTION_TYPES), None)
        if odd is not None:  # a hand-edited type was stored as a version, its answers under it
            raise MappingError(
                f"{where}: question '{_clip(str(odd.id))}' has type '{_clip(str(odd.type))}', which is not a question "
                "type: the definitions are stored as they are, so leave them as the mapping printed them"
            )
    return out


class _RepeatedKey(yaml.YAMLError):
    """A mapping file gives a key twice; ``where`` names it (``answers.fft``), ``lines`` the
    two lines (1-based)."""

    def __init__(self, where: str, lines: tuple[int, int]) -> None:
        super().__init__(where)
        self.where, self.lines = where, lines


class _MappingLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping (PyYAML keeps the last
    without a word, so ``completed_with_help`` given twice read the second)."""

    def construct_document(self, node: yaml.Node) -> Any:
        """Check ``node`` for repeated keys (:class:`_RepeatedKey`), then construct it."""
        _refuse_repeated_keys(node, ())
        return super().construct_document(node)


def _refuse_repeated_keys(node: yaml.Node, where: tuple[str, ...], seen: set[int] | None = None) -> None:
    """Raise :class:`_RepeatedKey` for the first key given twice in a mapping under ``node``
    (a node reached again through an alias is looked at once)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first:
                raise _RepeatedKey(".".join((*where, key)), (first[key], line))
            first[key] = line
            _refuse_repeated_keys(value_node, (*where, key), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _refuse_repeated_keys(item, (*where, str(index)), seen)


def _check_audience_answer(path: Path, questionnaire: Questionnaire, qid: str, mapped: set[str]) -> None:
    """Refuse (MappingError) an ``audience.answer`` that could never give an audience."""
    where = f"{path}: audience.answer"
    try:
        question = questionnaire.question(qid)
    except KeyError:
        raise MappingError(f"{where}: no such question '{qid}' in '{questionnaire.id}'") from None
    if question.type != "single_choice":
        raise MappingError(f"{where}: '{qid}' is a {question.type} question, not single_choice")
    if not set(question.option_values()) & set(RESPONDENT_AUDIENCES):
        raise MappingError(
            f"{where}: none of the options of '{qid}' is an audience ({', '.join(RESPONDENT_AUDIENCES)})"
        )
    if qid not in mapped:
        raise MappingError(f"{where}: '{qid}' is not read by this mapping (map it under answers)")


def _check_formats(path: Path, submitted_at: Any) -> None:
    """Refuse (MappingError) a ``submitted_at`` format Python cannot read dates with (``%Q``, a
    stray ``%``), when the mapping is read: otherwise every row would be rejected for it."""
    formats = submitted_at.get("formats") or () if isinstance(submitted_at, dict) else ()
    for index, fmt in enumerate(formats):
        try:
            datetime.strptime("", fmt)
        except ValueError as exc:
            if "does not match format" in str(exc):  # a good format: only the empty text fails
                continue
            raise MappingError(
                f"{path}: submitted_at.formats.{index}: '{_clip(fmt)}' is not a date format ({exc}); use codes "
                "such as %d, %m, %Y, %H, %M, e.g. '%d/%m/%Y %H:%M'"
            ) from None


def _inner_error(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a mapping given where a column name *or* a mapping is allowed (``oneOf``), the error
    inside that mapping (``formats`` not a list, ``required`` not true or false, ...), which
    names the real problem; ``error`` itself otherwise."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return error
    branch = next((i for i, sub in enumerate(error.validator_value) if sub.get("type") == "object"), None)
    inside = [e for e in error.context or () if e.relative_schema_path and e.relative_schema_path[0] == branch]
    return min(inside, key=lambda e: list(map(str, e.absolute_path))) if inside else error


#: What a key of a mapping file takes, for its messages (by the key's name).
_KEY_TAKES = {
    "formats": "a list of date formats, e.g. formats: ['%d/%m/%Y']",
    "required": "true or false",
    "values": "a mapping from what the file says to an option value, e.g. values: {Y: 'yes', N: 'no'}",
    "in": "a list of values, e.g. in: [1, 2]",
    "not_in": "a list of values, e.g. not_in: [1, 2]",
    "where": "a mapping with 'column' and 'in' or 'not_in'",
}


def _given(value: Any) -> str:
    """What a mapping gave, in plain words: ``a text ('yes')``, ``a number (5)``, ``a list``."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"a text ('{_clip(value)}')"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _schema_message(error: jsonschema.ValidationError) -> str:
    """A short, plain message for a schema error (no dump of the whole document)."""
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        names = ", ".join(f"'{_clip(str(k))}'" for k in extra)
        return f"unknown key ({names} {'was' if len(extra) == 1 else 'were'} unexpected)"
    if error.validator == "oneOf":
        enum = next((sub["enum"] for sub in error.validator_value if "enum" in sub), None)
        if enum:
            return f"expected one of {', '.join(enum)}, or a mapping with 'column'"
        return "expected a column name or a mapping with 'column'"
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"the mapping needs {' and '.join(repr(k) for k in missing)}"
    if error.instance is None or (error.validator == "minLength" and error.instance == ""):
        return f"has no value: give {_expected(error.schema)}, or leave the key out"
    if error.validator == "type":
        key = error.absolute_path[-1] if error.absolute_path else ""
        takes = _KEY_TAKES.get(str(key)) if not isinstance(key, int) else None
        return f"expected {takes or _expected(error.schema)}, got {_given(error.instance)}"
    if error.validator == "enum":
        return "not one of the allowed values: " + ", ".join(map(str, error.validator_value))
    if error.validator in ("minProperties", "maxProperties") and list(error.absolute_path) == ["audience"]:
        return "give one of 'answer' (a question) or 'column' (a column naming each row's audience)"
    return error.message


def _answer_key(
    path: Path, questionnaire: Questionnaire, known: Mapping[str, Question], key: str
) -> tuple[str, str | None, str | None]:
    """(question id, matrix row, write-in option) that a key of the mapping's ``answers``
    names: a question id, ``question.row`` for one statement of a matrix question, or
    ``question:option`` for the write-in box of an option with ``specify``, as
    ``flask responses export`` heads its columns.

    Raises
    ------
    MappingError
        An unknown question, row or option, a matrix question named whole (it is read one
        statement per column), or a write-in for an option without a box; the message names
        the file and key and lists what would be right.
    """
    if key in known:
        if known[key].type == "matrix":
            rows = _listed(f"{key}.{r.id}" for r in known[key].rows)
            raise MappingError(
                f"{path}: answers.{key}: a matrix question is read one statement per column; "
                f"name each statement's column instead ({rows})"
            )
        return key, None, None
    qid, sep, option = key.partition(":")
    if sep and qid in known:
        boxes = [o.value for o in known[qid].options if o.specify]
        if option not in boxes:
            have = f"its options with a write-in box are {_listed(boxes)}" if boxes else "it has no write-in box"
            raise MappingError(f"{path}: answers.{_clip(key)}: '{_clip(option)}' is no write-in of '{qid}' ({have})")
        return qid, None, option
    qid, sep, row = key.partition(".")
    if sep and qid in known:
        question = known[qid]
        if question.type != "matrix":
            raise MappingError(f"{path}: answers.{key}: '{qid}' is a {question.type} question, with no statements")
        if row not in {r.id for r in question.rows}:
            rows = _listed(r.id for r in question.rows)
            raise MappingError(f"{path}: answers.{key}: no statement '{_clip(row)}' in '{qid}' (its statements: {rows})")
        return qid, row, None
    raise MappingError(f"{path}: answers.{key}: no such question in '{questionnaire.id}'")


def _listed(names: Iterable[str], most: int = 10) -> str:
    """``names`` joined with commas, the first ``most`` and "and N more"."""
    names = list(names)
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def _expected(schema: Mapping[str, Any]) -> str:
    """What a key of ``schema`` (part of :data:`MAPPING_SCHEMA`) takes, in plain words."""
    if schema.get("minLength") or "oneOf" in schema:
        return "a column name"
    kind = schema.get("type")
    names = {"object": "a mapping", "array": "a list", "boolean": "true or false", "string": "a text"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, f"a {k}") for k in kind)
    return names.get(str(kind), "a value")


def export_mapping(questionnaire: Questionnaire, versions: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """A mapping file (YAML text) that imports a CSV file ``flask responses export`` wrote
    for ``questionnaire`` (without ``--labels``): each answer column by the name the export
    heads it with (``question``, ``question.row`` for a matrix statement, ``question:option``
    for a write-in), its response ids as references, its dates, channel, service, audience,
    questionnaire version, help and locale. ``versions`` (``version:`` -> stored definition,
    the versions the database holds) are carried under ``versions:``, so the import can store
    each response under the version it answered in a database that lacks it. Questions of
    older versions of the questionnaire, which the export also writes, are not in it (there
    is no question of the version in use to read them as).

    Examples
    --------
    >>> from survey_app.questionnaire.model import LocalText, MatrixRow, Question, Questionnaire, Section
    >>> t = LocalText({"en": "x"})
    >>> q = Questionnaire("demo", "1", t, "any", None, (Section("s", t, questions=(
    ...     Question("grid", "matrix", t, rows=(MatrixRow("r1", t), MatrixRow("r2", t))),
    ...     Question("why", "free_text", t))),), ("en",), "demo.yaml", "")
    >>> print(export_mapping(q).split("answers:")[1], end="")
    <BLANKLINE>
      grid.r1: grid.r1
      grid.r2: grid.r2
      why: why
    """
    from survey_app.responses.export import answer_column  # the export's own column names

    keys: list[tuple[str, str]] = []
    for q in questionnaire.questions():
        if q.type == "matrix":
            keys += [(f"{q.id}.{r.id}", f"{q.id}.{r.id}") for r in q.rows]
        else:
            keys.append((q.id, answer_column(q.id)))
        keys += [(f"{q.id}:{o.value}", f"{q.id}:{o.value}") for o in q.options if o.specify]
    head = {
        "questionnaire": questionnaire.id,
        "channel": {"column": "channel"},
        "reference": "response_id",
        "submitted_at": {"column": "submitted_at", "formats": ["%Y-%m-%dT%H:%M:%SZ"]},
        "service": "service",
        "audience": {"column": "audience"},
        "questionnaire_version": "questionnaire_version",
        "completed_with_help": "completed_with_help",
        "locale": "locale",
    }
    lines = [
        f"# Imports a file written by: flask --app survey_app responses export {questionnaire.id} --out FILE",
        f"# (questionnaire version {questionnaire.version}; without --labels)",
        yaml.safe_dump(head, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200).rstrip(),
        "answers:",
        *(f"  {yaml.safe_dump({k: v}, default_flow_style=True, width=200).strip()[1:-1]}" for k, v in keys),
    ]
    if versions:
        lines += [
            "# The versions of the questionnaire the responses answered, as the database stored them",
            "# (one per line; leave them as they are): the import stores a response under its own.",
            "versions:",
            *(f"  {json.dumps(str(k))}: {_json_line(v)}" for k, v in versions.items()),
        ]
    return "\n".join(lines) + "\n"


def _json_line(value: Any) -> str:
    """``value`` as JSON on one line, which YAML reads back as it was: the characters YAML
    takes for line breaks (U+0085, U+2028, U+2029) escaped as JSON allows."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def columns_used(mapping: ImportMapping) -> set[str]:
    """Every CSV column the mapping reads."""
    cols = {r.column for r in mapping.rules} | {r.where_column for r in mapping.rules if r.where_column}
    cols |= {
        c
        for c in (mapping.reference, mapping.group_by, mapping.service, mapping.submitted_at_column,
                  mapping.completed_with_help, mapping.locale, mapping.channel_column,
                  mapping.audience_column, mapping.version_column)
        if c
    }
    return cols


def service_name(questionnaire: Questionnaire, raw: str) -> str | None:
    """The name of the questionnaire's service that a service cell gives by id or name, in
    any case and spacing (:func:`choice_key`), else None (it is not one of its services).

    Examples
    --------
    >>> from survey_app.questionnaire.model import LocalText, Questionnaire, Service
    >>> q = Questionnaire("q", "1", LocalText({"en": "Q"}), "any", None, (), ("en",), "", "",
    ...                   services=(Service("pts", "PTS - Patient Transport"),))
    >>> service_name(q, "PTS\u00a0 - patient transport"), service_name(q, "pts"), service_name(q, "Ward 9")
    ('PTS - Patient Transport', 'PTS - Patient Transport', None)
    """
    key = choice_key(raw)
    return next((s.name for s in questionnaire.services if key in (choice_key(s.id), choice_key(s.name))), None)


class CellError(ValueError):
    """A cell the import refuses: "<name>: <reason>", its parts kept apart so a caller can name
    the cell another way (by its CSV column: :attr:`ColumnRule.named`) or add a note
    (:meth:`noting`) without reading them back out of the text.

    Attributes
    ----------
    name : str
        What the message is about: a question id, ``question.row`` for a matrix statement or
        ``question:option`` for a write-in.
    reason : str
        What is wrong with the cell, e.g. "'Great' is not a number".
    """

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")

    def noting(self, note: str) -> str:
        """The reason with ``note`` after it in brackets: "'x' is not a number (<note>)"."""
        return f"{self.reason} ({note})"


class NotAnOption(CellError):
    """A choice cell that gives no option: "<name>: '<cell>' <problem> (<options>)", whose
    note (:meth:`noting`, the mapping's values) joins the options' bracket.

    Attributes
    ----------
    name : str
        As :class:`CellError`'s.
    cell : str
        The cell as read, clipped for a message.
    options : str
        The options it may give (:func:`_options_hint`), e.g. "options: yes, or their labels".
    problem : str
        "is not an option", or for a multiple choice "has a value that is not an option".
    """

    def __init__(self, name: str, cell: str, options: str, problem: str = "is not an option") -> None:
        self.cell, self.options, self.problem = _clip(cell), options, problem
        super().__init__(name, f"'{self.cell}' {problem} ({options})")

    def noting(self, note: str) -> str:
        """The reason with ``note`` in the options' bracket: "'Y' is not an option (<note>; options: ...)"."""
        return f"'{self.cell}' {self.problem} ({note}; {self.options})"


def choice_value(question: Question, raw: str, name: str | None = None) -> str:
    """The option value of ``question`` that a cell gives by value or label, in any case and
    spacing (:func:`choice_key`).

    Raises
    ------
    NotAnOption
        "<name>: '<cell>' is not an option (options: ...)"; ``name`` defaults to the question
        id (a matrix statement's column is named ``question.row``).
    """
    text = raw.strip()
    value = _option_value(question, text)
    if value is None:
        raise NotAnOption(name or question.id, text, _options_hint(question))
    return value


#: A day, month and year as a UK form gives it: "15/03/2024", "15-03-2024", "15.3.2024".
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
#: ISO 8601 as the export writes it, "2024-03-15" (not the week dates and compact forms that
#: ``date.fromisoformat`` also reads: "2024-W11", "20240315"), and a month "2024-03".
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})()")


def _date_cell(text: str, month_only: bool) -> date | None:
    """The date a cell gives, or None: ISO ``YYYY-MM-DD`` or the UK ``DD/MM/YYYY`` (also with
    ``-`` or ``.``); for a month-and-year question (``month_only``) also ``YYYY-MM`` and what the
    web form takes ("March 2024", "mar 2024", "03/2024", Excel's "Mar-24" as March 2024 but not
    "Mar-99": :func:`~survey_app.surveys.services.split_month_and_year`), as the 1st of the month."""
    iso = _ISO_DATE.fullmatch(text) or (_ISO_MONTH.fullmatch(text) if month_only else None)
    uk = _UK_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
        if uk:
            return date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        if month_only:
            parts = split_month_and_year({"month": text, "year": ""})
            month = month_digits(parts["month"])
            if len(parts["year"]) == 4 and month.isdigit():  # not "Mar-99" (:func:`_two_digit_year`)
                return date(int(parts["year"]), int(month), 1)
    except ValueError:
        return None
    return None


def _two_digit_year(text: str) -> str | None:
    """Why a month-and-year cell whose two-digit year is not read (``Mar-99``: more than
    :data:`~survey_app.surveys.services.TWO_DIGIT_YEARS_AHEAD` years ahead, perhaps 1999) is
    refused, naming the four-digit forms it may mean; None for any other cell."""
    parts = split_month_and_year({"month": text, "year": ""})
    if len(parts["year"]) != 2 or not month_digits(parts["month"]).isdigit():  # "Marc-99" is not a date
        return None
    month, yy = parts["month"], parts["year"]
    return (f"'{_clip(text)}' has a two-digit year more than {TWO_DIGIT_YEARS_AHEAD} years ahead: write all four "
            f"digits ({month}-19{yy} or {month}-20{yy})")


def read_date_cell(text: str) -> date | None:
    """The day a cell gives as ISO ``YYYY-MM-DD`` or UK ``DD/MM/YYYY`` (also with ``-`` or
    ``.``), as the import reads a date answer; None for anything else or no such day.

    >>> read_date_cell("01/03/2024"), read_date_cell("2024-03-01"), read_date_cell("31/02/2024")
    (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1), None)
    """
    return _date_cell(text.strip(), month_only=False)


def _impossible_date(text: str) -> bool:
    """Whether ``text`` has a date's shape but names no day ("31/02/2026", "2026-02-30")."""
    return (_UK_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)) is not None


def _options_hint(question: Question, most: int = 8) -> str:
    """"options: a, b, c or their labels" for a rejects reason: the option values a cell
    may give, the first ``most`` of them and how many more."""
    values = [o.value for o in question.options]
    more = f" and {len(values) - most} more" if len(values) > most else ""
    return f"options: {', '.join(values[:most])}{more}, or their labels"


def _option_value(question: Question, text: str) -> str | None:
    """The option value ``text`` gives (an option's value as it is, else a value or label in
    any case and spacing, values first), or None."""
    if any(o.value == text for o in question.options):
        return text
    keys = {choice_key(o.value): o.value for o in question.options}
    keys |= {k: v for k, v in ((choice_key(o.label.get()), o.value) for o in question.options) if k not in keys}
    return keys.get(choice_key(text))


def coerce_value(question: Question, raw: str) -> Any:
    """Turn one CSV cell into the typed answer for ``question``.

    A choice cell may give an option's value or label in any case and spacing (see
    :func:`choice_key`). A multiple choice's ``;``-separated cell keeps each option once, in
    the cell's order; a ranking naming an option twice is refused.

    Raises
    ------
    CellError
        With a message fit for the rejects file (e.g. "fft: 'Great' is not an option"), its
        name (the question id) and reason apart.
    """
    text = raw.strip()
    kind = question.type
    if kind in ("single_choice", "likert", "fft", "consent"):
        return choice_value(question, text)
    if kind in ("multi_choice", "ranking"):
        parts = [p.strip() for p in text.split(";") if p.strip()]
        values = [_option_value(question, p) for p in parts]
        if None in values:
            raise NotAnOption(question.id, text, _options_hint(question), "has a value that is not an option")
        twice = next((v for i, v in enumerate(values) if v in values[:i]), None)
        if twice is not None and kind == "ranking":
            raise CellError(question.id, f"'{twice}' is ranked twice; give each option one place")
        return list(dict.fromkeys(values))  # a choice ticked twice is one choice, as on the web
    if kind in ("rating", "number"):
        number = read_number(text)  # as the web form reads it: "1,250", never "2,5" as 25
        if number is None:
            raise CellError(question.id, f"'{_clip(text)}' is not a number")
        low = 0 if kind == "rating" else question.minimum
        high = 10 if kind == "rating" else question.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(question.id, f"{number:g} is out of range")
        if (question.integer or kind == "rating") and not number.is_integer():  # a rating is 0 to 10, whole
            raise CellError(question.id, f"{number:g} is not a whole number")
        return int(number) if number.is_integer() else number
    if kind == "date":
        month_only = question.precision == "month"
        day = _date_cell(text, month_only)
        if day is None:
            shape = "YYYY-MM-DD or DD/MM/YYYY" + (", YYYY-MM, MM/YYYY, March 2024 or Mar-24" if month_only else "")
            short_year = _two_digit_year(text) if month_only else None
            if short_year:
                raise CellError(question.id, short_year)
            if _impossible_date(text):
                raise CellError(question.id, f"'{_clip(text)}' is no such date (dates are read day first, DD/MM/YYYY)")
            raise CellError(question.id, f"'{_clip(text)}' is not a date ({shape})")
        if month_only:
            day = day.replace(day=1)
        if day.year < EARLIEST_YEAR:  # as the web form refuses them ("01/03/0024", "March 1850")
            raise CellError(question.id, f"{day.year} is before {EARLIEST_YEAR}")
        if question.past and day > date.today():
            raise CellError(question.id, f"{day.isoformat()} is in the future")
        return day
    if kind == "matrix":
        raise CellError(question.id, "matrix questions cannot be imported from one column")
    if question.format == POSTCODE_DISTRICT and text:  # as online: only the outward code is stored
        district = district_of(text)
        if district is None:
            raise CellError(question.id, "not the first part of a postcode")
        return district
    if question.max_length and len(text) > question.max_length:
        raise CellError(question.id, f"longer than {question.max_length} characters")
    return text


def parse_timestamp(raw: str, formats: tuple[str, ...]) -> datetime:
    """First format in ``formats`` that parses ``raw``, as a UTC datetime.

    Raises ValueError when none does: "is no such date" when a format fits its shape but
    the day is not in the month ("31/02/2025"), else "matches none of" the formats.
    """
    impossible = False
    for fmt in formats:
        try:
            return datetime.strptime(raw.strip(), fmt).replace(tzinfo=UTC)
        except ValueError as exc:  # "day is out of range for month": the shape fits, the date is none
            impossible = impossible or "out of range" in str(exc)
    if impossible:
        raise ValueError(f"submitted_at: '{_clip(raw)}' is no such date")
    raise ValueError(f"submitted_at: '{_clip(raw)}' matches none of {', '.join(formats)}")


def row_answers(
    questionnaire: Questionnaire, mapping: ImportMapping, row: Mapping[str, str]
) -> tuple[dict[str, Any], list[str], set[str]]:
    """The answers one CSV row gives, the problems found in it, and the ids of the questions
    they are about (a cell refused, or a column missing or required and empty), so nothing
    else need be said of those questions' answers in this row (a consent cell "Y" is not an
    option, and not also "not given": :func:`_without_consent`)."""
    answers: dict[str, Any] = {}
    problems: list[str] = []
    faulty: set[str] = set()

    def fault(rule: ColumnRule, message: str) -> None:
        problems.append(message)
        faulty.add(rule.question_id)

    for rule in mapping.rules:
        if rule.column not in row:
            fault(rule, f"column '{rule.column}' is missing")
            continue
        if not rule.applies(row):
            continue
        raw = unquote_formula((row.get(rule.column) or "").strip())
        listed, mapped = rule.mapped(raw)
        if listed:
            if mapped is None:
                if rule.required:
                    fault(rule, f"{rule.key}: '{_clip(raw)}' means not answered (the mapping requires an answer)")
                continue
            raw = mapped
        question = questionnaire.question(rule.question_id)
        # "None" or "N/A" is a real answer to a free-text question ("nothing to improve").
        # a cell of invisible characters alone (a zero-width space) is empty, as on the web
        if is_blank(raw) or (question.type != "free_text" and not rule.write_in and raw.casefold() in BLANKS):
            if rule.required:
                fault(rule, f"{rule.key}: column '{rule.column}' is empty (the mapping requires it)")
            continue
        try:
            if rule.write_in:
                if len(raw) > WRITE_IN_MAX:
                    raise CellError(rule.key, f"longer than {WRITE_IN_MAX} characters")
                answers[rule.key] = raw
            elif rule.row_id:
                statements = answers.setdefault(rule.question_id, {})
                statements[rule.row_id] = choice_value(question, raw, rule.key)
            else:
                answers[rule.question_id] = coerce_value(question, raw)
        except CellError as exc:  # named by the CSV column the facilitator typed in, not only the question id
            reason = exc.noting("nor in the mapping's values") if rule.values is not None else exc.reason
            fault(rule, f"{rule.named}: {reason}")
    return answers, problems, faulty


def merge_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any], columns: Mapping[str, Iterable[str]] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """One response's answers made whole, as the web form would store them, and the problems.

    A matrix question's statements (``dict`` of row id to option value, read one column
    each) are put in the question's row order, so the digest (:func:`content_digest`) does
    not depend on the mapping's order. A write-in (``question:option`` key, the text typed in
    an option's box) whose option is not chosen chooses it, as typing in the box does on the
    web, where that can be (a multiple choice, or a single choice with no other answer); a
    single choice answered with another option is a problem ("ethnicity:white_other (column
    'eth_other'): written in, but the answer to ethnicity (column 'eth') is 'asian_indian', not
    'white_other'"), as on the web. So is a multiple choice that holds an
    ``exclusive`` option ("Prefer not to say") beside others.

    Parameters
    ----------
    questionnaire : Questionnaire
    answers : mapping
        Question id (or ``question:option``) -> value, shaped as
        :mod:`survey_app.responses.services` stores them.
    columns : mapping, optional
        Answer key -> the CSV columns it was read from (:attr:`ImportMapping.columns`), so a
        reason names the columns it is about (:func:`named`): the exclusive option's, those that
        chose it (the question's, and any write-in's given), "future_involvement (column
        'future'): ..."; a write-in's clash, the write-in's column and the question's.
    """
    out = dict(answers)
    problems: list[str] = []
    for key, value in answers.items():
        qid, sep, option = key.partition(":")
        question = questionnaire.question(qid)
        if not sep and question.type == "matrix" and isinstance(value, dict):
            order = [r.id for r in question.rows]
            out[key] = {r: value[r] for r in order if r in value}
        if not sep:
            continue
        chosen = out.get(qid)
        if question.type == "multi_choice":
            picked = list(chosen or [])
            if option not in picked:
                picked.append(option)
                out[qid] = [o.value for o in question.options if o.value in picked]
        elif chosen is None:
            out[qid] = option
        elif chosen != option:
            written, answer = (named(k, (columns or {}).get(k, ())) for k in (key, qid))
            problems.append(f"{written}: written in, but the answer to {answer} is '{_clip(str(chosen))}', not '{option}'")
    for qid, value in out.items():
        question = questionnaire.question(qid) if ":" not in qid else None
        if question is None or question.type != "multi_choice" or len(value) < 2:
            continue
        alone = next((o for o in question.options if o.exclusive and o.value in value), None)
        if alone is not None:  # the web refuses it too ("select ... on its own")
            keys = [qid, *(k for k in answers if k.startswith(f"{qid}:"))]
            where = named(qid, (c for k in keys for c in (columns or {}).get(k, ())))
            problems.append(f"{where}: '{alone.label.get()}' goes on its own, but other answers are chosen with it")
    return out, problems


#: Largest CSV cell read (characters); longer cells fail their question's own checks.
MAX_CELL = 4 * 1024 * 1024
#: Longest service name (the ``responses.service`` column).
SERVICE_MAX: int = Response.__table__.c.service.type.length
#: Key of a row that cannot be read as its cells (see :class:`CsvRows`); its value is why.
UNREADABLE = "__unreadable__"
_NOT_UTF8 = "this row is not valid UTF-8 text: save the file as 'CSV UTF-8' and import it again"
_TOO_MANY = "this row has {} more fields than the header: a value with a comma in it needs double quotes around it"


@dataclass(frozen=True)
class CsvRows:
    """A CSV file read once (see :func:`read_csv`).

    Attributes
    ----------
    path : Path
        The file read.
    header : list of str
        Its column names, without spaces around them (a spreadsheet does not show them);
        empty when the file is empty.
    rows : list of (int, dict of str to str)
        (row number, row) pairs; row 2 is the first data row; a missing field is ''.
        Control characters other than tab and line breaks are removed from every cell (as
        the web journey removes them; PostgreSQL refuses NUL). A row that is not UTF-8, that
        is not CSV (a stray double quote), or has more fields than the header (often an
        unquoted comma), is ``{UNREADABLE: "<reason>"}``, so the importer rejects that row
        alone, rather than cutting it short.
    originals : dict of int to dict
        Row number -> the original of each row replaced by a marker, so the rejects file
        can copy it back: a non-UTF-8 row as read (undecodable bytes kept as surrogate
        escapes, copied back byte for byte); a row that is not CSV as its first line reads
        leniently; a row with too many fields with its extra fields joined onto its last
        column with commas.
    """

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    originals: dict[int, dict[str, str]] = field(default_factory=dict)


def read_csv(path: str | Path) -> CsvRows:
    """Read a CSV file (UTF-8, with or without BOM) into memory in one pass.

    Bytes that are not UTF-8 never stop the file: such a row is marked (see :class:`CsvRows`),
    and so is a row that is not CSV (a stray double quote: the rows after it are read as
    rows, :func:`~analysis.csv_records.csv_records`).

    Raises
    ------
    OSError
        If the file cannot be opened or read.
    csv.Error
        If a cell is over :data:`MAX_CELL` (the message starts with its row's line) or the
        header row is not CSV.
    """
    csv.field_size_limit(MAX_CELL)
    rows: list[tuple[int, dict[str, str]]] = []
    originals: dict[int, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as fh:
        # one record at a time: a stray double quote loses its own row, not every row after it;
        # an empty line is a spreadsheet's empty row: numbered, so row numbers match the
        # spreadsheet's (a tester's rejects were one off after one), and read as blank cells
        records = csv_records(fh.readlines(), lenient_lines=True)  # '"Kind" staff' read as before
    header = records[0].fields if records else []
    if records and records[0].problem is not None:
        raise csv.Error(f"the header row {records[0].problem}")
    if header:  # a second BOM (a file saved as UTF-8 twice) is not part of a name, nor are spaces around one
        header = [name.strip() for name in (header[0].lstrip("\ufeff"), *header[1:])]
    for number, record in enumerate(records[1:], start=2):
        fields = record.fields
        raw = dict(zip(header, fields, strict=False))
        raw |= {k: "" for k in header[len(fields) :] if k not in raw}
        extra = fields[len(header) :]
        if any(_has_surrogates(v) for v in raw.values()):
            originals[number] = raw
            rows.append((number, {UNREADABLE: _NOT_UTF8}))
        elif record.problem is not None:  # its first line's cells, for the rejects file
            originals[number] = raw
            rows.append((number, {UNREADABLE: record.problem}))
        elif extra and header:
            last = header[-1]
            raw[last] = ",".join([raw.get(last, ""), *extra])
            originals[number] = raw
            rows.append((number, {UNREADABLE: _TOO_MANY.format(len(extra))}))
        else:  # control characters dropped as the web journey drops them (PostgreSQL refuses NUL)
            rows.append((number, {k: clean_text(v) for k, v in raw.items()}))
    return CsvRows(Path(path), header, rows, originals)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def import_token(questionnaire_id: str, key: str) -> str:
    """Submission token for an imported response: the same source row always gets the
    same token, so importing a file twice stores each response once."""
    return "import-" + hashlib.sha256(f"{questionnaire_id}|{key}".encode()).hexdigest()[:48]


def import_csv(
    session: Session,
    questionnaire: Questionnaire,
    source: str | Path | CsvRows,
    mapping: ImportMapping,
    *,
    on_row: Callable[[], None] | None = None,
    batch_size: int = 500,
    corrections: bool = False,
) -> ImportResult:
    """Validate and store each row (or group of rows) of a CSV file as a response.

    ``source`` is the file's path, or the file already read by :func:`read_csv` (then it
    is not opened again).

    Rows sharing ``mapping.group_by`` become one response (their answers merged; a
    conflicting second answer to the same question is a problem). Good rows are stored
    with ``mapping.channel``, and with the audience their answers give
    (:meth:`ImportMapping.audience_of`) or else the questionnaire's; with the
    completed_with_help and locale their cells give when the mapping names those columns (else
    not recorded, and ``en``; a cell that cannot be read, or a group's rows that differ, is a
    problem: :func:`~survey_app.responses.response_cells.read_response_cells`). A response whose
    source key (the ``group_by`` or ``reference`` value, else file name and row number)
    was imported before is skipped and counted in ``result.already``, not rejected (so is a
    row whose number held other content, when its content was imported from another row of a
    file of that name before this import: rows deleted or moved since); when the
    mapping has ``audience`` and that response is still stored with the questionnaire's
    audience (imported with a mapping without the key), it gets the audience its stored answer
    to ``audience_answer`` names, as a fresh import would give it (counted in
    ``result.audience_set``).

    A response whose source key was imported before with other answers (another
    :func:`content_digest`) is rejected with the reason, unless ``corrections`` is true and
    its key is a ``reference`` or ``group_by`` value: then it is a correction, and the stored
    response's answers are replaced in place (same id and submission token, so rounds and
    anything else that points at it stay put), with submitted_at (kept as stored when the
    mapping has no ``submitted_at``; so are completed_with_help and locale when it names no
    column for them), service, audience, questionnaire version and
    ``import_ref`` (the new row and digest) as this import would store them, and
    ``corrected_at`` set to now; counted in ``result.corrected`` (a correction that would change
    nothing stored, e.g. a service cell spelt another way, is undone and counted in
    ``result.already``). What a row would store is compared with the stored response through
    the digest and, only where the mapping names their columns, completed_with_help and
    locale (:func:`_alike`), so a mapping without those keys never makes a row differ. Only a response stored by an
    import of this questionnaire (with an ``import_ref``, never a web response) from a file of
    the same name is corrected (a reference used again in another workshop's file is refused,
    not overwritten). A key known only by its file name and row number (no reference column,
    or a blank reference) is never corrected (rows may have moved),
    nor is a response imported before digests were kept (it is skipped as already imported).
    A correction with a problem in its row is rejected like any row, and one that fails in the
    database rejects only that row; either way the stored version is kept. Corrections are
    withheld for the whole file (``result.withheld``) unless more than half of its responses
    (rows rejected for their content included) were imported before from a file of this name:
    a new export with the same name that reuses some respondent IDs is not a corrected copy. A
    reference of the form ``FILE:ROW`` (how rows without one are known) is rejected.

    Responses are flushed in batches inside a savepoint; if a batch fails, its responses
    are retried one by one so a database error rejects only the row at fault. The caller
    commits.

    Raises
    ------
    OSError, csv.Error
        When ``source`` is a path that :func:`read_csv` cannot read.
    """
    data = source if isinstance(source, CsvRows) else read_csv(source)
    csv_path = data.path
    result = ImportResult()
    version = get_or_create_version(session, questionnaire)
    groups = _group_rows(data, mapping, result)
    prepared: list[_Pending] = []
    find_version = _version_finder(session, questionnaire, mapping, version)
    for key, rows in groups.items():
        pending = _prepare(questionnaire, mapping, csv_path, key, rows, result)
        found = find_version(pending.version_name) if pending is not None and pending.version_name else None
        if isinstance(found, str):  # no such version here: the row is rejected, the rest go on
            result.rejects.extend((n, [found]) for n in pending.rows)  # type: ignore[union-attr]
        elif pending is not None:
            pending.version = found if found is not version else None
            prepared.append(pending)
        if on_row:
            for _ in rows:
                on_row()
    if corrections:  # every response counts, rows rejected here included; only keyed ones as seen before
        keyed = [
            import_token(questionnaire.id, k) for k, rows in groups.items() if k != f"{csv_path.name}:{rows[0][0]}"
        ]
        result.withheld = _withheld(session, keyed, len(groups), csv_path.name)
        corrections = result.withheld is None
    # what was imported from a file of this name before this import (rows moved since): read
    # once, so a row stored in an earlier batch of this import is not taken for a moved one
    moved = _file_digests(session, questionnaire.id, {p.source for p in prepared if p.source})
    for start in range(0, len(prepared), batch_size):
        batch = prepared[start : start + batch_size]
        _store_batch(session, version, questionnaire, mapping, batch, result, corrections, moved)
    result.rejects.sort()
    rejected = {n for n, _ in result.rejects}
    cells = dict(data.rows)
    kept = sorted(n for p in prepared if p.channel == "workshop" for n in p.rows if n not in rejected)
    result.personal = [(n, column, tags) for n in kept for column, tags in personal_details(questionnaire, mapping, cells[n])]
    return result


def _group_rows(data: CsvRows, mapping: ImportMapping, result: ImportResult) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """``data``'s rows by the response they make (see :func:`import_csv`): keyed by their
    ``group_by`` or ``reference`` value, else by file name and row number. Counts each row
    in ``result.rows``, a blank row in ``result.blank`` (in no group), and rejects a key a
    spreadsheet shortened or of the form ``FILE:ROW`` into ``result.rejects``."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in data.rows:
        result.rows += 1
        if UNREADABLE not in row and not any((v or "").strip() for v in row.values()):
            result.blank += 1  # ",,,,": an empty spreadsheet row says nothing, so it is no reject
            continue
        key = ""
        if mapping.group_by:
            key = (row.get(mapping.group_by) or "").strip()
        elif mapping.reference:
            key = (row.get(mapping.reference) or "").strip()
        if key and re.fullmatch(r"\d(?:\.\d+)?E\+\d+", key, re.IGNORECASE):
            result.rejects.append((number, [f"{mapping.group_by or mapping.reference}: {key} is a long number that a "
                                            "spreadsheet shortened, so different IDs look the same; keep the column as "
                                            "text and save the file again"]))
            continue
        if key and any(re.fullmatch(re.escape(n) + r":\d+", key) for n in _source_names(data.path.name)):
            result.rejects.append((number, [f"{mapping.group_by or mapping.reference}: a value of the form "
                                            "FILE:ROW names rows that have none; choose another"]))
            continue
        groups.setdefault(key or f"{data.path.name}:{number}", []).append((number, row))
    return groups


def file_fingerprints(questionnaire: Questionnaire, source: str | Path | CsvRows, mapping: ImportMapping) -> Fingerprints:
    """The :func:`~survey_app.responses.fingerprints.response_fingerprint` of each response
    importing ``source`` with ``mapping`` would store (answers, date and service, as stored),
    and nothing stored; rows an import would reject are left out. Compared with
    :func:`~survey_app.responses.fingerprints.stored_fingerprints` over its dates, it finds
    the file's responses in a database however they got there (moved from another one too).

    Raises
    ------
    OSError, csv.Error
        When ``source`` is a path that :func:`read_csv` cannot read.
    """
    data = source if isinstance(source, CsvRows) else read_csv(source)
    result = ImportResult()
    found = Fingerprints()
    for key, rows in _group_rows(data, mapping, result).items():
        p = _prepare(questionnaire, mapping, data.path, key, rows, result)
        if p is not None:
            answers = [answer_key(a) for q in questionnaire.questions() for a in answer_rows(q, p.answers)]
            found.add(response_fingerprint(answers, p.when, p.service), p.when)
    return found


def _version_finder(
    session: Session, questionnaire: Questionnaire, mapping: ImportMapping, current: QuestionnaireVersion
) -> Callable[[str], QuestionnaireVersion | str]:
    """A function from a ``questionnaire_version`` cell (a ``version:``) to the stored version
    a response that answered it goes under, or the reason it cannot be found: the mapping's
    ``versions:`` (stored here, once, if this database lacks it), else ``current`` when the
    questionnaire file has that ``version:``, else the newest stored version with it."""
    found: dict[str, QuestionnaireVersion | str] = {}

    def find(name: str) -> QuestionnaireVersion | str:
        if name in found:
            return found[name]
        carried = mapping.versions.get(name)
        try:
            if carried is not None:
                found[name] = get_or_create_version(session, carried)
                return found[name]
        except sa.exc.SQLAlchemyError as exc:
            found[name] = f"questionnaire_version: could not store version {_clip(name)}: {type(exc).__name__}"
            return found[name]
        if name == str(questionnaire.version):
            found[name] = current
            return current
        stored = session.scalar(
            sa.select(QuestionnaireVersion)
            .where(QuestionnaireVersion.questionnaire_id == questionnaire.id, QuestionnaireVersion.version == name)
            .order_by(QuestionnaireVersion.id.desc())
            .limit(1)
        )
        found[name] = stored or (
            f"questionnaire_version: '{questionnaire.id}' has no version {_clip(name)!r} in this database nor in the "
            "mapping's versions: print the mapping from the database the file was exported from "
            f"(flask --app survey_app responses mapping {questionnaire.id}) and import with it"
        )
        return found[name]

    return find


#: A redaction tag such as ``[NAME]`` or ``[PHONE]`` (:func:`analysis.redact.redact`).
_TAG = re.compile(r"\[[A-Z_]+\]")


def personal_details(
    questionnaire: Questionnaire, mapping: ImportMapping, row: Mapping[str, str]
) -> list[tuple[str, list[str]]]:
    """(column, tags) for each free-text or write-in cell of ``row`` that looks like it holds
    personal details: the tags (``[NAME]``, ``[PHONE]``, ...) that
    :func:`analysis.redact.redact` puts in its text (normalised, as the analysis reads it) and
    that were not in it already, sorted. Used to tell a facilitator which workshop notes to
    fix (:func:`import_csv`); the text itself is never returned. Rule-based, as the redaction
    is: a name that is an everyday word with no cue is not found.
    """
    found = []
    for rule in mapping.rules:
        if not rule.write_in and questionnaire.question(rule.question_id).type != "free_text":
            continue
        if not rule.applies(row):
            continue
        text = normalise(unquote_formula(row.get(rule.column) or ""))
        tags = sorted(set(_TAG.findall(redact(text))) - set(_TAG.findall(text)))
        if tags:
            found.append((rule.column, tags))
    return found


@dataclass
class _Pending:
    rows: list[int]
    token: str
    answers: dict[str, Any]
    when: datetime | None
    service: str | None
    ref: str
    audience: str | None = None
    digest: str = ""
    source: str = ""  # the file's name when the response is known by its row number, else ""
    file: str = ""  # the file's name
    helped: bool | None = None  # completed_with_help
    locale: str = DEFAULT_LOCALE
    service_cell: str | None = None  # the service cell as read, as earlier imports digested it
    channel: str = "import"
    first_when: datetime | None = None  # the first row's date, as earlier imports digested a group's
    version_name: str | None = None  # the questionnaire_version cell (None: the version in use)
    version: QuestionnaireVersion | None = None  # the stored version it names (None: the version in use)


class _Stored(NamedTuple):
    """What an earlier import stored for one submission token (:func:`_stored_refs`)."""

    ref: str | None  # import_ref (None: not imported)
    helped: bool | None  # completed_with_help
    locale: str


#: Separates a stored ``import_ref`` from the digest of the answers imported with it.
DIGEST_MARK = " c="


def content_digest(
    answers: Mapping[str, Any],
    when: datetime | None,
    service: str | None,
    helped: bool | None = None,
    locale: str = DEFAULT_LOCALE,
) -> str:
    """A 12-hex-digit fingerprint of what an import stores for one response (its answers,
    submitted_at and service), kept at the end of ``import_ref`` after :data:`DIGEST_MARK` so a
    later import of the same source key can tell whether the row has changed since.

    The import keeps it without ``helped`` and ``locale`` (the defaults, None and ``en``), and
    compares completed_with_help and locale with the stored columns, only where the mapping
    names them (:func:`_alike`): a mapping without those keys never makes a row differ from
    what one with them stored. Imports before that kept them in when not the defaults, as
    passed here; such a digest still matches (:func:`_digests`)."""
    parts: tuple[Any, ...] = (
        sorted((k, repr(v)) for k, v in answers.items()), when.isoformat() if when else "", service or ""
    )
    if helped is not None or locale != DEFAULT_LOCALE:
        parts += (helped, locale)
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _column_value(
    rows: list[tuple[int, dict[str, str]]],
    column: str | None,
    key: str,
    allowed: tuple[str, ...] | None,
    fold: Callable[[str], str] = str.casefold,
) -> tuple[str | None, list[str]]:
    """(value, problems) of one response from its rows' cells in ``column``: the one value
    they give (``fold`` of the cell), or None when there is no column or every cell is
    blank. A value not in ``allowed`` (None: any), or rows of one ``group_by`` response giving
    different ones, is a problem named by ``key`` and the row."""
    if not column:
        return None, []
    said: dict[str, tuple[int, str]] = {}
    problems = []
    for number, row in rows:
        cell = (row.get(column) or "").strip() if UNREADABLE not in row else ""
        if not cell:
            continue
        value = fold(cell)
        if allowed is not None and value not in allowed:
            problems.append(f"{key}: {_clip(cell)!r} in row {number} is not one of {', '.join(allowed)}")
            continue
        said.setdefault(value, (number, cell))
    problems += rows_differ(key, said)
    return (next(iter(said)) if len(said) == 1 else None), problems


def _read_channel(mapping: ImportMapping, rows: list[tuple[int, dict[str, str]]]) -> tuple[str, list[str]]:
    """(channel, problems) of one response: its rows' cell in ``mapping.channel_column``
    (online, tablet, paper, assisted, workshop or import, any case), the mapping's ``channel`` when
    there is no such column or every cell is blank (:func:`_column_value`)."""
    value, problems = _column_value(rows, mapping.channel_column, "channel", CHANNELS)
    return value or mapping.channel, problems


def _audience_key(cell: str) -> str:
    """An audience cell as stored: ``People who use services`` -> ``people_who_use_services``."""
    return "_".join(cell.casefold().replace("-", " ").split())


def _without_consent(
    questionnaire: Questionnaire, mapping: ImportMapping, answers: Mapping[str, Any], faulty: set[str]
) -> list[str]:
    """A problem for each ``consent`` question the mapping names that ``answers`` leave
    unanswered: the web stores nothing without consent, and neither does an import of a form
    that asked for it. A mapping that names no consent question (a form that did not ask)
    adds none; other required questions are not enforced, as a paper form can be half filled.
    A question in ``faulty`` (a row's cell for it was refused: :func:`row_answers`) already has
    its reason ("'Y' is not an option"), so it gets no second one."""
    mapped = {r.question_id for r in mapping.rules}
    return [
        f"{q.id}: not given; a response is stored only with consent"
        for q in questionnaire.questions()
        if q.type == "consent" and q.id in mapped and q.id not in answers and q.id not in faulty
    ]


def _first_cell(rows: list[tuple[int, dict[str, str]]], column: str | None) -> str | None:
    """The first non-blank cell of ``column`` in a response's readable rows (formula quoting
    undone), or None. A ``group_by`` response's later rows may give what its first left blank."""
    if not column:
        return None
    for _number, row in rows:
        cell = unquote_formula((row.get(column) or "").strip()) if UNREADABLE not in row else ""
        if cell:
            return cell
    return None


def _first_row_when(mapping: ImportMapping, first: dict[str, str]) -> datetime | None:
    """The date in a response's first row, or None (no column, blank, unreadable or no
    format matches): imports before :func:`_group_when` took a group's date from it alone."""
    if not mapping.submitted_at_column or UNREADABLE in first:
        return None
    try:
        return parse_timestamp(first.get(mapping.submitted_at_column) or "", mapping.submitted_at_formats)
    except ValueError:
        return None


def _group_when(mapping: ImportMapping, rows: list[tuple[int, dict[str, str]]]) -> tuple[datetime | None, list[str]]:
    """(submitted_at, problems) of one response from its rows' ``submitted_at`` cells: None
    when the mapping has no such column. A ``group_by`` response was finished when its last
    answer was given, so the latest of its rows' dates counts (some tools stamp each answer;
    blank cells say nothing). A cell that matches none of the formats is a problem naming its
    row when the response has several rows; one with no date in any row is a problem too.
    Unreadable rows are skipped: their cells are unknown, not wrong."""
    if not mapping.submitted_at_column:
        return None, []
    readable = [(n, r) for n, r in rows if UNREADABLE not in r]
    if not readable:
        return None, []
    cells = [(n, (r.get(mapping.submitted_at_column) or "").strip()) for n, r in readable]
    given = [(n, c) for n, c in cells if c]
    if not given:
        return None, [f"submitted_at: blank (column '{mapping.submitted_at_column}')"]
    found: list[datetime] = []
    problems = []
    for number, cell in given:
        try:
            when = parse_timestamp(cell, mapping.submitted_at_formats)
            _plausible_when(cell, when)
            found.append(when)
        except ValueError as exc:
            problems.append(f"{exc} (row {number})" if len(rows) > 1 else str(exc))
    return (max(found) if found and not problems else None), problems


def _plausible_when(cell: str, when: datetime) -> None:
    """Raise ValueError for a ``submitted_at`` no response can have: before
    :data:`~survey_app.surveys.services.EARLIEST_YEAR` (1900) or later than tomorrow (UTC), such
    as a typo's "01/01/0202" or "01/01/2205". Such a date is outside every round, so no
    report would count the response, and the export could not write it back as
    ``YYYY-MM-DD``."""
    if when.year < EARLIEST_YEAR:
        raise ValueError(f"submitted_at: '{_clip(cell)}' is before {EARLIEST_YEAR}")
    if when > utcnow() + timedelta(days=1):
        raise ValueError(f"submitted_at: '{_clip(cell)}' is in the future")


def _group_services_differ(
    questionnaire: Questionnaire, mapping: ImportMapping, rows: list[tuple[int, dict[str, str]]]
) -> list[str]:
    """A problem when the rows of one ``group_by`` response name different services (the
    first row's used to be stored without a word), naming the rows and cells; ``[]`` otherwise.
    Blank cells say nothing; a listed service's id and name are the same service. (Dates may
    differ between a response's rows: some tools stamp each answer.)"""
    if not (mapping.group_by and mapping.service) or len(rows) < 2:
        return []
    said: dict[str, tuple[int, str]] = {}
    for number, row in rows:
        cell = unquote_formula((row.get(mapping.service) or "").strip()) if UNREADABLE not in row else ""
        if cell:
            listed = service_name(questionnaire, cell) if questionnaire.services else None
            same = listed or " ".join(cell.split()).casefold()
            said.setdefault(same, (number, cell))
    return rows_differ("service", said)


def _prepare(
    questionnaire: Questionnaire,
    mapping: ImportMapping,
    csv_path: str | Path,
    key: str,
    rows: list[tuple[int, dict[str, str]]],
    result: ImportResult,
) -> _Pending | None:
    """Validate one response's rows; record problems in ``result`` or return it."""
    merged: dict[str, Any] = {}
    problems: list[str] = []
    faulty: set[str] = set()  # questions a row's problem is about
    for _number, row in rows:
        if UNREADABLE in row:
            problems.append(row[UNREADABLE])
            continue
        answers, row_problems, row_faulty = row_answers(questionnaire, mapping, row)
        problems += row_problems
        faulty |= row_faulty
        for qid, value in answers.items():
            before = merged.get(qid)
            if isinstance(before, dict) and isinstance(value, dict):  # a matrix's statements, row by row
                clash = [r for r in value if r in before and before[r] != value[r]]
                value = {**before, **value}
                before = None if not clash else before
            if before is not None and before != value:
                problems.append(
                    f"{qid}: different answers in rows of the same response" if mapping.group_by else
                    f"{qid}: another row of this file has the same reference ({_clip(key)}) with a different "
                    "answer; a reference names one response, so give each row its own"
                )
            merged[qid] = value
    merged, write_in_problems = merge_answers(questionnaire, merged, mapping.columns)
    problems += write_in_problems
    if not any(UNREADABLE in row for _, row in rows):  # an unreadable row's consent cell is unknown, not blank
        problems += _without_consent(questionnaire, mapping, merged, faulty)
    first_number, first = rows[0]
    when, when_problems = _group_when(mapping, rows)
    problems += when_problems
    raw_service = _first_cell(rows, mapping.service)
    service = None
    if raw_service is not None and len(raw_service) > SERVICE_MAX:
        problems.append(f"service: longer than {SERVICE_MAX} characters")
    elif raw_service is not None and not questionnaire.services:
        service = raw_service  # no list to check against: the administrator's file says which
    elif raw_service is not None:
        service = service_name(questionnaire, raw_service)
        if service is None:
            problems.append(
                f"service: {_clip(raw_service)!r} is not one of the questionnaire's services "
                "(add it under services: in the questionnaire's file, then import the rejects file)"
            )
    problems += _group_services_differ(questionnaire, mapping, rows)
    helped, locale, cell_problems = read_response_cells(  # every row's, not only the first's
        questionnaire, [(n, row) for n, row in rows if UNREADABLE not in row],
        mapping.completed_with_help, mapping.locale,
    )
    problems += cell_problems
    channel, channel_problems = _read_channel(mapping, rows)
    problems += channel_problems
    audience, audience_problems = _column_value(rows, mapping.audience_column, "audience", AUDIENCES, _audience_key)
    problems += audience_problems
    version_name, version_problems = _column_value(rows, mapping.version_column, "questionnaire_version", None, str)
    problems += version_problems
    if not merged and not problems:
        problems.append("no answers in this row")
    numbers = [n for n, _ in rows]
    if problems:
        result.rejects.extend((n, problems) for n in numbers)
        return None
    ref = f"{Path(csv_path).name}:{first_number}"
    if mapping.reference:
        ref += ":" + (first.get(mapping.reference) or "")[:200]
    token = import_token(questionnaire.id, key)
    # the service as stored (a listed service's id and name are one), help and locale apart
    digest = content_digest(merged, when, service)
    ref = ref[: 300 - len(DIGEST_MARK) - len(digest)] + DIGEST_MARK + digest
    key_column = mapping.group_by or mapping.reference
    # a blank reference falls back to the row number, and is known by it (never corrected)
    by_row = not key_column or not (first.get(key_column) or "").strip()
    source = Path(csv_path).name if by_row else ""
    return _Pending(
        numbers, token, merged, when, service, ref, audience or mapping.audience_of(merged), digest, source,
        Path(csv_path).name, helped, locale, raw_service, channel, _first_row_when(mapping, first) or when,
        version_name,
    )


def _withheld(session: Session, tokens: list[str], total: int, name: str) -> tuple[int, int] | None:
    """Whether ``--apply-corrections`` must be withheld from a file named ``name`` that holds
    ``total`` responses (valid or not), of which those known by a reference or group_by key
    have ``tokens`` (rows known by their row number never count as imported before): ``None``
    when it looks like a corrected copy of one imported before, else (responses imported
    before from a file of this name (:func:`_same_source`), ``total``). A corrected copy holds mostly
    responses imported before; a new export with the same name that reuses some respondent IDs
    holds mostly new ones. (An export whose IDs restart each month holds mostly old ones, and
    is not caught: README.)"""
    before = sum(_same_source(s.ref, name) for s in _stored_refs(session, tokens).values())
    return None if 2 * before > total else (before, total)


def _store_batch(
    session: Session,
    version: QuestionnaireVersion,
    questionnaire: Questionnaire,
    mapping: ImportMapping,
    batch: list[_Pending],
    result: ImportResult,
    corrections: bool,
    moved: dict[str, dict[tuple[bool | None, str], set[str]]],
) -> None:
    """Store, skip, correct or reject each of ``batch`` (see :func:`import_csv`); ``moved`` is
    :func:`_file_digests` of the batch's sources as they were before the import."""
    if not batch:
        return
    stored = _stored_refs(session, [p.token for p in batch])
    seen = set(stored)
    # stored before, not as this row would store it (no digest: imported before they were kept)
    changed = {id(p) for p in batch if p.token in stored and not _alike(p, stored[p.token], mapping)}
    fresh: list[_Pending] = []
    stored_before: list[_Pending] = []
    for p in batch:
        if id(p) in changed and not _moved_here(p, moved.get(p.source, {}), mapping):
            if corrections and not p.source:  # a reference or group_by key, never a row number
                _correct(session, version, questionnaire, mapping, p, result)
            else:
                reason = _changed_reason(p, stored[p.token].ref, bool(result.withheld))
                result.rejects.extend((n, [reason]) for n in p.rows)
        elif p.token in seen:  # imported before, here or (same content, file rows moved) on another row
            result.already += len(p.rows)
            stored_before.append(p)
        else:
            seen.add(p.token)
            fresh.append(p)
    _set_audience_from_answers(session, questionnaire, mapping, stored_before, result)
    _restore_moved(session, questionnaire, mapping, stored_before, version, result)

    def add(p: _Pending) -> None:
        record_response(
            session, questionnaire, p.answers, channel=p.channel, token=p.token, submitted_at=p.when,
            service=p.service, import_ref=p.ref, version=p.version or version, flush=False, audience=p.audience,
            completed_with_help=p.helped, locale=p.locale,
        )

    try:
        with session.begin_nested():
            for p in fresh:
                add(p)
        result.stored += len(fresh)
        return
    except sa.exc.SQLAlchemyError:
        pass
    for p in fresh:  # one bad row never aborts the import
        try:
            with session.begin_nested():
                add(p)
            result.stored += 1
        except sa.exc.SQLAlchemyError as exc:
            if isinstance(exc, sa.exc.IntegrityError) and _stored_refs(session, [p.token]):
                result.already += len(p.rows)  # another import of the same file stored it meanwhile
                continue
            result.rejects.extend((n, [f"could not store: {type(exc).__name__}"]) for n in p.rows)


#: Why a changed row is not stored when corrections were asked for but withheld.
_WITHHELD = (
    "imported before with different answers under the same reference, and corrections were not "
    "applied to this file (the summary says why): it looks like a new export that reuses "
    "references or respondent IDs, not a corrected copy; the stored response is kept"
)

#: Why a correction is refused when its key's stored response came from a file of another name.
_OTHER_FILE = (
    "this reference was imported before from another file ({stored}), so it is not corrected "
    "from this one: a reference used again in another workshop's file would overwrite that "
    "contribution; the stored response is kept (give this row a new reference, or correct the "
    "file it came from)"
)

#: Why a correction is refused when its key's stored response was not stored by an import.
_NOT_IMPORTED = (
    "the stored response with this reference was not imported (e.g. it came from the web form), "
    "so an import cannot correct it; it is kept"
)


def _correct(
    session: Session,
    version: QuestionnaireVersion,
    questionnaire: Questionnaire,
    mapping: ImportMapping,
    p: _Pending,
    result: ImportResult,
) -> None:
    """Replace, in place and in a savepoint of its own, the stored response with ``p``'s token
    by ``p`` (a corrected row; see :func:`import_csv`), counting it in ``result.corrected``.
    Its completed_with_help and locale are replaced only when ``mapping`` names their columns.
    A correction that would change none of its answers, date, service, audience, help or
    locale (e.g. a service cell spelt another way) is undone, not stamped, and counted in
    ``result.already`` as a row imported before.

    Only a response of ``questionnaire`` stored by an import (with an ``import_ref``, not one of
    the web's channels, online or tablet) from a file of the same name is changed; otherwise, or
    on a database error, ``p``'s rows are rejected with the reason and the stored response is
    left as it was."""
    try:
        with session.begin_nested():
            response = session.scalar(
                sa.select(Response).where(
                    Response.submission_token == p.token,
                    Response.questionnaire_id == questionnaire.id,
                    Response.import_ref.is_not(None),
                    # never the web's channels: a web post may carry an import's token (and a
                    # response moved in with channel online or tablet is not corrected either)
                    Response.channel.not_in(WEB_CHANNELS),
                )
            )
            if response is not None and not _same_source(response.import_ref, p.file):
                reason = _OTHER_FILE.format(stored=_file_of(response.import_ref))
                result.rejects.extend((n, [reason]) for n in p.rows)
                return
            if response is not None:
                before = _as_stored(session, response)
                # every stored answer goes (also to questions since removed from the questionnaire)
                session.execute(sa.delete(Answer).where(Answer.response_id == response.id))
                session.expire(response, ["answers"])
                response.questionnaire_version = p.version or version
                response.submitted_at = p.when or response.submitted_at  # no date column: kept
                response.service = p.service
                response.audience = p.audience or questionnaire.audience
                response.import_ref = p.ref
                if mapping.completed_with_help:
                    response.completed_with_help = p.helped
                if mapping.locale:
                    response.locale = p.locale
                if mapping.channel_column:
                    response.channel = p.channel
                replace_answers(session, response, questionnaire.questions(), p.answers)  # flushes
                if _as_stored(session, response) == before:
                    raise _Unchanged
                response.corrected_at = utcnow()
                session.flush()
    except _Unchanged:
        result.already += len(p.rows)
        return
    except sa.exc.SQLAlchemyError as exc:
        reason = f"could not store the correction: {type(exc).__name__}; the stored response is kept"
        result.rejects.extend((n, [reason]) for n in p.rows)
        return
    if response is None:
        result.rejects.extend((n, [_NOT_IMPORTED]) for n in p.rows)
    else:
        result.corrected += 1


class _Unchanged(Exception):
    """Raised inside a correction's savepoint to undo a correction that changes nothing."""


def _as_stored(session: Session, response: Response) -> tuple[Any, ...]:
    """What a correction may change of ``response``, as the database holds it (flushed):
    its answers, submitted_at, service, audience, completed_with_help and locale."""
    session.refresh(
        response,
        ["submitted_at", "service", "audience", "completed_with_help", "locale", "channel", "questionnaire_version_id"],
    )
    answers = session.execute(
        sa.select(
            Answer.question_id, Answer.row_id, Answer.option_value, Answer.text_value, Answer.number_value,
            Answer.date_value, Answer.rank,
        ).where(Answer.response_id == response.id)
    )
    return (
        sorted(map(repr, answers)), response.submitted_at, response.service, response.audience,
        response.completed_with_help, response.locale, response.channel, response.questionnaire_version_id,
    )


def _file_of(import_ref: str | None) -> str:
    """The name of the file a response was imported from: ``import_ref`` (``name:row[:ref] c=…``)
    up to the first ``:`` followed by a row number, so a name may hold ``:`` itself."""
    m = re.match(r"(.*?):\d+(?::|\s|$)", import_ref or "")
    return m.group(1) if m else (import_ref or "").partition(":")[0]


def _same_source(import_ref: str | None, name: str) -> bool:
    """Whether a response stored with ``import_ref`` (``name:row[:ref] c=…``) may be corrected
    from a file named ``name``: imported from a file of that name, or of its rejects file's
    default name (``x.rejects.csv`` for ``x.csv``, as the README says to import fixed rejects
    from it), or the other way round."""
    return any(re.match(re.escape(n) + r":\d+(?::| c=|$)", import_ref or "") for n in _source_names(name))


def _source_names(name: str) -> set[str]:
    """``name`` and the names counted as the same source for corrections (:func:`_same_source`)."""
    names = {name, Path(name).stem + ".rejects.csv"}
    if name.endswith(".rejects.csv"):
        names.add(name[: -len(".rejects.csv")] + ".csv")
    return names


def _digests(p: _Pending, helped: bool | None, locale: str) -> set[str]:
    """The digests ``p``'s answers, date and service may be stored under in a response stored
    with ``helped`` and ``locale``: its own (:func:`content_digest` without them), or one an
    import before this was kept computed with the help and locale it stored, whichever of the
    two its mapping named (the others at their defaults), or with the service cell as the
    file spelt it (as imports kept it before, when "pts" and "PTS - Patient Transport" gave two),
    or with a group's first row's date (as imports kept it before the latest row's counted)."""
    return {
        content_digest(p.answers, when, service, h, loc)
        for when in {p.when, p.first_when}
        for service in {p.service, p.service_cell}
        for h in {helped, None}
        for loc in {locale, DEFAULT_LOCALE}
    }


def _cells_agree(p: _Pending, helped: bool | None, locale: str, mapping: ImportMapping) -> bool:
    """Whether ``p``'s completed_with_help and locale are ``helped`` and ``locale``, each
    compared only when ``mapping`` names its column (without the key, the row says nothing)."""
    return (not mapping.completed_with_help or p.helped == helped) and (not mapping.locale or p.locale == locale)


def _alike(p: _Pending, stored: _Stored, mapping: ImportMapping) -> bool:
    """Whether the response ``stored`` under ``p``'s token holds what importing ``p`` with
    ``mapping`` would store: the same digest (:func:`_digests`; a response imported before
    digests were kept has none, and counts as alike) and :func:`_cells_agree`."""
    digest = _digest_of(stored.ref)
    if not digest:
        return True
    if not _cells_agree(p, stored.helped, stored.locale, mapping):
        return False
    return digest == p.digest or digest in _digests(p, stored.helped, stored.locale)


def _moved_here(p: _Pending, stored: Mapping[tuple[bool | None, str], set[str]], mapping: ImportMapping) -> bool:
    """Whether ``p`` (known by its row number) was imported before from another row of a file
    of its name: ``stored`` is (help, locale) -> digests of that file's responses stored with
    them (:func:`_file_digests`); see :func:`_alike`."""
    return any(
        _cells_agree(p, helped, locale, mapping)
        and (p.digest in digests or not digests.isdisjoint(_digests(p, helped, locale)))
        for (helped, locale), digests in stored.items()
    )


def _digest_of(import_ref: str | None) -> str:
    """The answers' digest kept at the end of ``import_ref`` (:func:`content_digest`), or ``""``
    for a response imported before digests were kept, or not imported from a file."""
    ref = import_ref or ""
    return ref.rpartition(DIGEST_MARK)[2] if DIGEST_MARK in ref else ""


def _stored_refs(session: Session, tokens: list[str]) -> dict[str, _Stored]:
    """Token -> its ``import_ref`` (None for a response not imported), completed_with_help and
    locale, for each of ``tokens`` already stored; read 500 tokens at a time."""
    found: dict[str, _Stored] = {}
    for start in range(0, len(tokens), 500):
        rows = session.execute(
            sa.select(
                Response.submission_token, Response.import_ref, Response.completed_with_help, Response.locale
            ).where(Response.submission_token.in_(tokens[start : start + 500]))
        )
        found.update((token, _Stored(ref, helped, locale)) for token, ref, helped, locale in rows)
    return found


def _file_digests(
    session: Session, questionnaire_id: str, sources: set[str]
) -> dict[str, dict[tuple[bool | None, str], set[str]]]:
    """File name -> (completed_with_help, locale) -> digests of every response imported from a
    file of that name (by row number) and stored with that help and locale, so a row whose
    number now holds other content can be recognised as one that was imported before from
    another row (rows deleted or moved since; :func:`_moved_here`)."""
    found: dict[str, dict[tuple[bool | None, str], set[str]]] = {}
    for source in sources:
        pattern = source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
        rows = session.execute(
            sa.select(Response.import_ref, Response.completed_with_help, Response.locale).where(
                Response.questionnaire_id == questionnaire_id, Response.import_ref.like(pattern, escape="\\")
            )
        )
        found[source] = {}
        for ref, helped, locale in rows:
            if ref.startswith(source + ":") and _digest_of(ref):
                found[source].setdefault((helped, locale), set()).add(_digest_of(ref))
    return found


def _changed_reason(p: _Pending, stored_ref: str | None = None, withheld: bool = False) -> str:
    """Why a row whose source key was imported before, with other answers, is not stored
    (``stored_ref``: the stored response's ``import_ref``, if known; ``withheld``: corrections
    were asked for but withheld from this file)."""
    if not p.source:  # known by its reference or group, not its row number
        if stored_ref and not _same_source(stored_ref, p.file):
            return _OTHER_FILE.format(stored=_file_of(stored_ref))
        if withheld:
            return _WITHHELD
        return (
            "imported before with different answers under the same reference; the stored response "
            "is kept: to replace it with this row, import the file again with --apply-corrections"
        )
    return (
        f"row {p.rows[0]} of this file held other content when it was imported before, and this "
        "content was never imported from it: if rows were deleted or moved since, this is a new "
        "response, so import it from this rejects file; if you corrected this row, the version "
        "imported before stays stored: corrections (--apply-corrections) need a reference column in "
        "the mapping from the first import, as a row number does not say which response a row is "
        "once rows move"
    )


def _set_audience_from_answers(
    session: Session, questionnaire: Questionnaire, mapping: ImportMapping, stored: list[_Pending], result: ImportResult
) -> None:
    """Give each response of ``stored`` (imported before) that is still stored with the
    questionnaire's audience the audience its stored answer to ``mapping.audience_answer``
    names, when that is one of :data:`RESPONDENT_AUDIENCES`: what importing it now would store.
    Counts their rows in ``result.audience_set``. A database error leaves them as they were."""
    if mapping.audience_answer is None or not stored:
        return
    named = (
        sa.select(sa.func.min(Answer.option_value))
        .where(
            Answer.response_id == Response.id,
            Answer.question_id == mapping.audience_answer,
            Answer.option_value.in_(RESPONDENT_AUDIENCES),
        )
        .scalar_subquery()
    )
    stale = (
        Response.submission_token.in_([p.token for p in stored]),
        Response.questionnaire_id == questionnaire.id,
        Response.audience == questionnaire.audience,
        named.is_not(None),
        named != Response.audience,
    )
    try:
        with session.begin_nested():
            tokens = set(session.scalars(sa.select(Response.submission_token).where(*stale)))
            if tokens:
                session.execute(
                    sa.update(Response).where(*stale).values(audience=named).execution_options(synchronize_session=False)
                )
    except sa.exc.SQLAlchemyError:
        return
    result.audience_set += sum(len(p.rows) for p in stored if p.token in tokens)


def _restore_moved(
    session: Session,
    questionnaire: Questionnaire,
    mapping: ImportMapping,
    stored: list[_Pending],
    current: QuestionnaireVersion,
    result: ImportResult,
) -> None:
    """Give each response of ``stored`` (imported before, skipped now) that is still stored
    with the questionnaire's audience, or under the version in use, the audience or version its
    row's ``audience`` / ``questionnaire_version`` column names: responses moved before those
    columns were read get what they had. Counts their rows in ``result.restored``. A database
    error leaves them as they were."""
    wanted = [p for p in stored if (mapping.audience_column and p.audience) or p.version is not None]
    if not wanted:
        return
    fixes: list[tuple[_Pending, dict[str, Any]]] = []
    held = {
        row.submission_token: row
        for row in session.execute(
            sa.select(Response.submission_token, Response.audience, Response.questionnaire_version_id).where(
                Response.submission_token.in_([p.token for p in wanted]), Response.questionnaire_id == questionnaire.id
            )
        )
    }
    for p in wanted:
        row = held.get(p.token)
        if row is None:
            continue
        values: dict[str, Any] = {}
        if mapping.audience_column and p.audience and row.audience == questionnaire.audience != p.audience:
            values["audience"] = p.audience
        if p.version is not None and row.questionnaire_version_id == current.id:
            values["questionnaire_version_id"] = p.version.id
        if values:
            fixes.append((p, values))
    try:
        with session.begin_nested():
            for p, values in fixes:
                session.execute(
                    sa.update(Response).where(Response.submission_token == p.token).values(**values)
                    .execution_options(synchronize_session=False)
                )
    except sa.exc.SQLAlchemyError:
        return
    result.restored += sum(len(p.rows) for p, _ in fixes)


#: The columns a rejects file adds after the source's own (an import of a rejects file ignores them).
REJECTS_COLUMNS = ("row_number", "reject_reasons")


def write_rejects(path: str | Path, source: CsvRows, result: ImportResult) -> int:
    """Write the rejected rows of ``source`` to ``path`` with ``row_number`` and ``reject_reasons``.

    Rows are written from memory (the CSV is not read again), each with the source's
    header; a non-UTF-8 row is copied with its original bytes. The file is readable by its
    owner only (mode 0600, as the export's): its rows are contributions as typed. It is
    written beside ``path`` and then takes its place (:func:`~survey_app.responses.export.private_file`),
    so an existing ``path`` is replaced, a symbolic link included, never written through (the
    command first refuses a ``path`` that is not a rejects file). Returns the number of rows
    written.
    """
    reasons = {n: "; ".join(r) for n, r in result.rejects}
    written = 0
    # rows as typed: owner only
    with private_file(Path(path), force=True, errors="surrogateescape") as dst:
        kept = [c for c in source.header if c not in REJECTS_COLUMNS]  # a rejects file's own
        writer = csv.DictWriter(dst, fieldnames=[*kept, *REJECTS_COLUMNS], extrasaction="ignore")
        writer.writeheader()
        for number, row in source.rows:
            if number in reasons:
                original = source.originals.get(number, row)
                writer.writerow({**original, "row_number": number, "reject_reasons": reasons[number]})
                written += 1
    return written
