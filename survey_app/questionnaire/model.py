"""The loaded, validated form of a questionnaire file (frozen dataclasses).

Files in ``questionnaires/`` are parsed and validated by :mod:`.loader`, which returns
these objects; the web journey, the import command and the stored version snapshot all
work from them, never from raw YAML.

Texts are :class:`LocalText`: a mapping of locale -> string. ``en`` is always present;
``en-easy`` is the easy-read variant. The validator accepts only the locales the journey has
fixed words for (:data:`survey_app.surveys.texts.SUPPORTED_LOCALES`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from survey_app.questionnaire.expressions import evaluate

#: Every supported question type.
QUESTION_TYPES = (
    "single_choice",
    "multi_choice",
    "likert",
    "fft",
    "rating",
    "free_text",
    "number",
    "date",
    "ranking",
    "matrix",
    "consent",
)
#: Types whose answers are closed (can be tagged with ``priorities`` and scored).
#: The columns ``flask responses export`` writes before the questions' columns, in order
#: (:mod:`survey_app.responses.export`). A question may not take one as its id.
EXPORT_FIXED_COLUMNS = (
    "response_id", "submitted_at", "channel", "service", "audience", "questionnaire_version",
    "completed_with_help", "locale",
)

CLOSED_TYPES = ("single_choice", "multi_choice", "likert", "fft", "rating", "matrix", "consent")
#: Types answered by choosing from ``options``.
CHOICE_TYPES = ("single_choice", "multi_choice", "likert", "fft", "ranking", "matrix", "consent")
#: The nine partnership priorities (as in analysis/priorities.py), in strategy order.
PRIORITY_IDS = (
    "person_centred_care",
    "co_production",
    "outcomes_focussed_care",
    "safety",
    "joint_systems",
    "clear_and_transparent",
    "clear_accountability",
    "flexibility",
    "culture",
)
#: Who a questionnaire is for.
AUDIENCES = ("people_who_use_services", "carers", "staff", "any")
#: The NHS Friends and Family Test item (in force from 1 April 2020). Locked: a file cannot change it.
FFT_QUESTION_TEXT = "Overall, how was your experience of our service?"
#: FFT options in national order: (value, label, national code 1..6).
FFT_OPTIONS = (
    ("very_good", "Very good", 1),
    ("good", "Good", 2),
    ("neither", "Neither good nor poor", 3),
    ("poor", "Poor", 4),
    ("very_poor", "Very poor", 5),
    ("dont_know", "Don't know", 6),
)
#: Default 5-point agreement scale for ``likert`` and ``matrix``: (value, label, score).
LIKERT_OPTIONS = (
    ("strongly_agree", "Strongly agree", 5),
    ("agree", "Agree", 4),
    ("neither", "Neither agree nor disagree", 3),
    ("disagree", "Disagree", 2),
    ("strongly_disagree", "Strongly disagree", 1),
)
#: Easy-read labels of that scale, by value (the stored values and scores do not change).
LIKERT_EASY_READ = {
    "strongly_agree": "Agree a lot",
    "agree": "Agree",
    "neither": "Not sure",
    "disagree": "Disagree",
    "strongly_disagree": "Disagree a lot",
}


@dataclass(frozen=True)
class LocalText:
    """A text in one or more locales. ``get`` falls back to ``en``."""

    values: dict[str, str]

    def get(self, locale: str = "en") -> str:
        """Return the text for ``locale``, else English."""
        return self.values.get(locale) or self.values["en"]

    def __str__(self) -> str:
        return self.values["en"]


@dataclass(frozen=True)
class Option:
    """One answer option.

    ``exclusive``: ticking it clears others (e.g. "Prefer not to say").
    ``specify``: it carries a write-in text box ("Other — please specify").
    ``score``: numeric value for scoring (likert 1..5 agree=high; FFT national code 1..6).
    """

    value: str
    label: LocalText
    hint: LocalText | None = None
    exclusive: bool = False
    specify: bool = False
    score: float | None = None
    #: Heading the option is listed under (e.g. the ethnic group of a detailed ethnicity).
    group: LocalText | None = None


@dataclass(frozen=True)
class MatrixRow:
    """A statement in a ``matrix`` question (answered on the question's options)."""

    id: str
    text: LocalText
    priorities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question. Fields not used by a type keep their defaults."""

    id: str
    type: str
    text: LocalText
    hint: LocalText | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    rows: tuple[MatrixRow, ...] = ()
    priorities: tuple[str, ...] = ()
    #: Source text of the skip-logic expression, and its parsed form (see .expressions).
    show_if: str | None = None
    show_if_ast: Any = None
    #: free_text: maximum characters and whether it is a long (textarea) answer.
    max_length: int | None = None
    multiline: bool = False
    #: number / rating bounds (rating is always 0..10).
    minimum: float | None = None
    maximum: float | None = None
    #: Question belongs to the equality monitoring block.
    equality: bool = False
    #: free_text only: the priority id the open question asks about (not a scoring tag).
    topic: str | None = None
    #: number only: whole numbers only (e.g. dot votes).
    integer: bool = False
    #: free_text only: False for a label (a workshop's name, a table) that analysis does not code.
    comment: bool = True
    #: date only: today or earlier dates only.
    past: bool = False
    #: date only: ``month`` asks for the month and year only and stores the 1st of the month.
    precision: str = "day"
    #: free_text only: ``postcode_district`` stores only the outward code of a postcode.
    format: str | None = None

    def option(self, value: str) -> Option:
        """The option with this value. Raises KeyError when unknown."""
        for o in self.options:
            if o.value == value:
                return o
        raise KeyError(value)

    def option_values(self) -> tuple[str, ...]:
        """Option values in display order."""
        return tuple(o.value for o in self.options)

    def specify_keys(self) -> tuple[str, ...]:
        """Answer keys for write-in texts: ``"<question_id>:<option_value>"``."""
        return tuple(f"{self.id}:{o.value}" for o in self.options if o.specify)

    def is_visible(self, answers: dict[str, Any]) -> bool:
        """Whether ``show_if`` (if any) holds for these answers."""
        if self.show_if_ast is None:
            return True
        return evaluate(self.show_if_ast, answers)


@dataclass(frozen=True)
class Section:
    """One page of the journey."""

    id: str
    title: LocalText
    intro: LocalText | None = None
    questions: tuple[Question, ...] = ()
    show_if: str | None = None
    show_if_ast: Any = None

    def is_visible(self, answers: dict[str, Any]) -> bool:
        """Whether the page's ``show_if`` (if any) holds for these answers."""
        if self.show_if_ast is None:
            return True
        return evaluate(self.show_if_ast, answers)


@dataclass(frozen=True)
class Service:
    """A service (ward, team) responses can be about: ``id`` goes in links, ``name`` is stored."""

    id: str
    name: str


@dataclass(frozen=True)
class Questionnaire:
    """A whole questionnaire. ``definition`` is the normalised dict (stored as JSON)."""

    id: str
    version: str
    title: LocalText
    audience: str
    description: LocalText | None
    sections: tuple[Section, ...]
    locales: tuple[str, ...]
    source_path: str
    content_hash: str
    definition: dict[str, Any] = field(repr=False, default_factory=dict)
    #: False: not offered to the public (``open: false``); answers only come by import.
    open: bool = True
    #: The services a response may name (``services:``); none listed: no service is stored.
    services: tuple[Service, ...] = ()
    #: What the validator warns about in the file (``file:line: field: message``), which does
    #: not stop it loading, e.g. a priority-tagged question whose options have no score.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def service_name(self, service_id: str) -> str | None:
        """The name of the configured service with this id (as in ``?service=<id>``), else None."""
        return next((s.name for s in self.services if s.id == service_id), None)

    def questions(self) -> list[Question]:
        """All questions in page order."""
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        """The question with this id. Raises KeyError when unknown."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def section(self, section_id: str) -> Section:
        """The section with this id. Raises KeyError when unknown."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def visible_sections(self, answers: dict[str, Any]) -> list[Section]:
        """Pages shown for these answers (a page's ``show_if`` only reads earlier pages)."""
        return [s for s in self.sections if s.is_visible(answers)]

    def visible_questions(self, section: Section, answers: dict[str, Any]) -> list[Question]:
        """Questions of ``section`` shown for these answers.

        A question's ``show_if`` may read an earlier question on the same page: the journey
        shows such a question (revealed by JavaScript, or always without it) and drops its
        answer on submit when this returns False for it.
        """
        return [q for q in section.questions if q.is_visible(answers)]

    def priority_questions(self, priority_id: str) -> list[Question]:
        """Closed questions (or matrices with a row) tagged with ``priority_id``."""
        return [
            q
            for q in self.questions()
            if priority_id in q.priorities or any(priority_id in r.priorities for r in q.rows)
        ]


def choice_key(text: str) -> str:
    """How an import compares a choice cell with option values, labels and a mapping's
    ``values``, and a service cell with the ``services:`` ids and names (which the validator
    compares with each other the same way, so a cell never matches two services):
    compatibility-normalised (full-width letters as plain ones), without invisible format
    characters (zero-width spaces), curly quotes and dashes as plain ones, runs of whitespace
    as one space, stripped, case-folded.

    Examples
    --------
    >>> choice_key("  People who USE\u00a0 services\u200b")
    'people who use services'
    >>> choice_key("I\u2019d rather not") == choice_key("I'd rather not")
    True
    """
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    return " ".join(text.translate(_TYPOGRAPHIC).split()).casefold()


#: Curly quotes and dashes as a word processor or spreadsheet types them, read as the plain
#: ones a questionnaire file holds ("I’d rather not" is "I'd rather not").
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"',
                              "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u2010": "-", "\u2011": "-",
                              "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
