"""Journey logic for the public survey: visibility, form parsing and validation.

Plain functions with no request or database access, so they are tested directly. The
views feed them ``request.form`` (any mapping with ``getlist``) and the answers stored so
far, and store what comes back with :mod:`survey_app.responses.services`.

Answers use the shared dict shape (see ``survey_app.responses.services``). Form fields
are named after question ids (GOV.UK convention: the first input of a question has the
question id as its ``id``):

* radios / checkboxes / rating / number / free text: ``<qid>``
* write-in for an option with ``specify``: ``<qid>:<option value>``
* date: ``<qid>-day``, ``<qid>-month``, ``<qid>-year``
* ranking: ``<qid>-rank-<option value>`` (a select of positions)
* matrix: ``<qid>-<row id>`` (radios per row)
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from analysis.postcode_shapes import district_of
from analysis.text import is_blank
from survey_app.questionnaire.model import Question, Questionnaire, Section
from survey_app.surveys.texts import LOCALE_NAMES, message

#: Longest write-in ("Other — please specify") accepted when the question sets no limit.
WRITE_IN_MAX = 500
#: Longest free-text answer accepted when the question sets no ``max_length``.
FREE_TEXT_MAX = 5000
#: The locale every questionnaire is served in unless the respondent chooses another it lists.
DEFAULT_LOCALE = "en"
#: Dates before this year are refused as typing mistakes ("1/3/1890" for a last contact).
EARLIEST_YEAR = 1900

#: The free-text ``format`` that stores only the first part (outward code) of a UK postcode.
POSTCODE_DISTRICT = "postcode_district"

#: Choice-like types answered with one option (a list of radios; ``consent`` is its one option
#: as a single checkbox, :data:`CHECKBOX_TYPES`).
RADIO_TYPES = ("single_choice", "likert", "fft", "consent")
#: Types rendered as checkboxes: a multiple choice, and a consent, whose single checkbox can be
#: unticked again (a radio cannot), so a person can change their mind before sending (GOV.UK:
#: a single checkbox for agreeing to something).
CHECKBOX_TYPES = ("multi_choice", "consent")


class FormData(Protocol):
    """What the parser needs from ``request.form`` (a Werkzeug ``MultiDict``)."""

    def getlist(self, key: str) -> list[str]: ...  # noqa: D102


@dataclass(frozen=True)
class FieldError:
    """A validation message for one question, and the id of the input to link to.

    ``boxes`` are the parts of a date question (``"day"``, ``"month"``, ``"year"``) at fault,
    the only boxes given the error style, ``anchor`` being the first of them; empty when the
    question as a whole is wrong (a date that does not exist, or in the future), as with any
    other question (GOV.UK date input pattern).
    """

    question_id: str
    message: str
    anchor: str
    boxes: tuple[str, ...] = ()


@dataclass
class PageResult:
    """Parsed values for a page's questions, and the errors found."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    def error_for(self, question_id: str) -> FieldError | None:
        """The error for a question, if any."""
        return next((e for e in self.errors if e.question_id == question_id), None)


# ---------------------------------------------------------------- ids and naming


def input_id(*parts: str) -> str:
    """An HTML id made from question/option/row ids (letters, digits, ``-`` and ``_``)."""
    return "-".join(re.sub(r"[^A-Za-z0-9_-]+", "_", str(p)) for p in parts)


def option_input_id(question: Question, index: int) -> str:
    """Id of the ``index``-th (0-based) radio/checkbox: first is the question id itself."""
    return input_id(question.id) if index == 0 else input_id(question.id, str(index + 1))


def first_input_id(question: Question) -> str:
    """Id of the first input of a question (error summary links point here)."""
    if question.type == "date":
        return input_id(question.id, date_parts(question)[0])
    if question.type == "ranking" and question.options:
        return input_id(question.id, "rank", question.options[0].value)
    if question.type == "matrix" and question.rows:
        return input_id(question.id, question.rows[0].id)
    return input_id(question.id)


def date_parts(question: Question) -> tuple[str, ...]:
    """The inputs of a date question: day, month and year, or month and year for one with
    ``precision: month`` (which stores the 1st of the month)."""
    return ("month", "year") if question.precision == "month" else ("day", "month", "year")


def specify_name(question: Question, value: str) -> str:
    """Form field name (and answers key) of an option's write-in."""
    return f"{question.id}:{value}"


# ---------------------------------------------------------------- visibility


def show_if_of(item: Question | Section) -> Any:
    """The parsed ``show_if`` of a question or section, or None when it has none."""
    ast = getattr(item, "show_if_ast", None)
    if ast is None:
        text = getattr(item, "show_if", None)
        if not text:
            return None
        from survey_app.questionnaire.expressions import parse

        ast = parse(text)
    return ast


def is_shown(item: Question | Section, answers: Mapping[str, Any]) -> bool:
    """True when the item has no ``show_if`` or its expression holds on ``answers``."""
    ast = show_if_of(item)
    if ast is None:
        return True
    from survey_app.questionnaire.expressions import evaluate

    return bool(evaluate(ast, dict(answers)))


@dataclass
class Visibility:
    """Which sections/questions are shown for some answers, and the answers that count."""

    sections: list[Section]
    question_ids: set[str]
    answers: dict[str, Any]

    def section_ids(self) -> list[str]:
        """Visible section ids in order."""
        return [s.id for s in self.sections]

    def questions(self, section: Section) -> list[Question]:
        """The visible questions of ``section``."""
        return [q for q in section.questions if q.id in self.question_ids]


def visibility(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Visibility:
    """Walk the questionnaire in order, keeping only answers to shown questions.

    ``show_if`` may only refer to earlier questions, so evaluating in page order against
    the answers kept so far means a hidden question's stale answer never shows another.
    """
    kept: dict[str, Any] = {}
    sections: list[Section] = []
    shown: set[str] = set()
    for section in questionnaire.sections:
        if not is_shown(section, kept):
            continue
        sections.append(section)
        for q in section.questions:
            if not is_shown(q, kept):
                continue
            shown.add(q.id)
            if q.id in answers:
                kept[q.id] = answers[q.id]
            for opt in q.options:
                key = specify_name(q, opt.value)
                if opt.specify and key in answers:
                    kept[key] = answers[key]
    return Visibility(sections=sections, question_ids=shown, answers=kept)


def pages_to_ask_again(
    questionnaire: Questionnaire, before: Visibility, after: Visibility, current: str
) -> list[str]:
    """Ids of pages, other than ``current``, that a change of answers on ``current`` (e.g.
    from "Check your answers") makes count as not seen, between ``before`` and ``after``:

    * pages it hid: their answers are dropped, so if another change shows them again the
      respondent is asked them again instead of finding "Not answered";
    * pages still shown on which it showed a question with no answer (one an earlier change
      hid, its answer dropped): the page is asked again for it.

    A page that only lost a question keeps its other answers and nothing new is on it, so it
    stays seen: the respondent goes straight back to the check page.
    """
    gained = after.question_ids - before.question_ids
    return [
        s.id
        for s in questionnaire.sections
        if s.id != current
        and (
            (s in before.sections and s not in after.sections)
            or (
                s in after.sections
                and any(x.id in gained and is_empty(after.answers.get(x.id)) for x in after.questions(s))
            )
        )
    ]


def page_count_is_settled(questionnaire: Questionnaire, section: Section) -> bool:
    """True when no page after ``section`` can still appear or disappear.

    A later page's ``show_if`` is settled when every question it reads is on a page
    before ``section``: those answers have been given (or left blank) already, so the
    number of pages can change only if the person goes back and changes them. A
    condition that reads a question on this page or a later one is not settled, since
    answers still to come decide it. Earlier pages' conditions read only earlier
    questions, so they are always settled. This looks only at where the questions are,
    not at their answers, so it never says "settled" when an answer still to come could
    change the count. It errs the other way only: ``a == "x" and b == "y"``, with ``b``
    still to come, is "not settled" even when ``a`` is already "z".

    The page caption shows "Page 3 of 7" only when this holds, and "Page 3" otherwise,
    following the GOV.UK Design System's question pages pattern ("Only include the total
    number of questions if you can do so reliably"): a total that grows from "6 of 6" to
    "7 of 7" after an answer is not reliable.
    """
    from survey_app.questionnaire.expressions import references

    ids = [s.id for s in questionnaire.sections]
    position = ids.index(section.id) if section.id in ids else len(ids)
    earlier = {q.id for s in questionnaire.sections[:position] for q in s.questions}
    for later in questionnaire.sections[position + 1 :]:
        ast = show_if_of(later)
        if ast is not None and not references(ast) <= earlier:
            return False
    return True


@dataclass(frozen=True)
class PagePosition:
    """Where a page sits among the pages shown, for its caption and its Back link."""

    #: 1-based place among the pages shown for the answers so far.
    number: int
    #: How many pages are shown, or None while an answer still to come could change it.
    total: int | None
    #: The page before it, or None on the first page.
    previous: Section | None


def page_position(questionnaire: Questionnaire, section: Section, answers: Mapping[str, Any]) -> PagePosition:
    """The place of ``section`` among the pages shown for ``answers``, and the total
    number of pages when it can no longer change (see :func:`page_count_is_settled`).

    A page the answers hide (shown anyway, e.g. when a post could not be matched to a
    draft) counts as the last page.
    """
    shown = visibility(questionnaire, answers).sections
    if section not in shown:
        shown = [*shown, section]
    index = shown.index(section)
    return PagePosition(
        number=index + 1,
        total=len(shown) if page_count_is_settled(questionnaire, section) else None,
        previous=shown[index - 1] if index > 0 else None,
    )


def is_empty(value: Any) -> bool:
    """True for an unanswered value (None, "", [] or {})."""
    return value is None or value == "" or value == [] or value == {}


def missing_required(question: Question, answers: Mapping[str, Any]) -> bool:
    """True when a required question has no (complete) answer."""
    if not question.required:
        return False
    value = answers.get(question.id)
    if is_empty(value):
        return True
    if question.type == "matrix":
        return any(not value.get(r.id) for r in question.rows)
    return False


def needs_answer(vis: Visibility, section: Section) -> bool:
    """True when a question of ``section`` shown for ``vis`` is required and has no answer."""
    return any(missing_required(q, vis.answers) for q in vis.questions(section))


def first_incomplete_section(
    questionnaire: Questionnaire, answers: Mapping[str, Any], seen: Iterable[str] = ()
) -> Section | None:
    """First shown section not yet seen or with a required question unanswered."""
    seen = set(seen)
    vis = visibility(questionnaire, answers)
    for section in vis.sections:
        if section.id not in seen or needs_answer(vis, section):
            return section
    return None


def earlier_section_needing_answer(
    questionnaire: Questionnaire, answers: Mapping[str, Any], section: Section
) -> Section | None:
    """The first shown page before ``section`` with a required answer missing (consent above
    all), or None when every earlier page has its required answers.

    A page opened or posted ahead of such a page (its address typed in or bookmarked) is
    neither served nor stored: the respondent is sent to this page first, so nothing is
    stored before consent.
    """
    vis = visibility(questionnaire, answers)
    for earlier in vis.sections:
        if earlier.id == section.id:
            return None
        if needs_answer(vis, earlier):
            return earlier
    return None


def resumed_pages_seen(
    questionnaire: Questionnaire, answers: Mapping[str, Any], stored: Iterable[str] | None
) -> list[str]:
    """The pages a draft resumed with its code counts as seen (passed with Continue).

    ``stored`` is the draft's ``pages_seen``: the pages its respondent passed with Continue,
    used as it is (a page where "Save and come back later" was pressed is not among them, so
    :func:`resume_section` opens it again, with its blank questions). A draft stored before
    that was kept (``stored`` None) is read from its answers: every shown page up to the last
    one with an answer counts as seen, so blank optional questions on an earlier page never
    bring the respondent back, except that last page itself when a question shown on it is
    still blank (Save may have been pressed there, part-way through it). A ``stored`` that is
    not a list of page ids (a column edited by hand, or written by something else) is read
    as None, not trusted.
    """
    vis = visibility(questionnaire, answers)
    if not (isinstance(stored, list) and all(isinstance(sid, str) for sid in stored)):
        stored = None  # the column is JSON: a number, a mapping or nested lists would fail below
    if stored is not None:
        kept = set(stored)
        return [s.id for s in vis.sections if s.id in kept]
    answered = [
        i for i, s in enumerate(vis.sections) if any(not is_empty(vis.answers.get(q.id)) for q in vis.questions(s))
    ]
    if not answered:
        return []
    last = vis.sections[answered[-1]]
    part_way = any(is_empty(vis.answers.get(q.id)) for q in vis.questions(last))
    return [s.id for s in vis.sections[: answered[-1] + (0 if part_way else 1)]]


def resume_section(
    questionnaire: Questionnaire, answers: Mapping[str, Any], stored: Iterable[str] | None = None
) -> Section | None:
    """Where a draft resumed with its code continues (None means "Check your answers"): the
    first shown page not seen (:func:`resumed_pages_seen`) or with a required answer missing,
    as "Continue where you left off" does in the browser it was saved in."""
    return first_incomplete_section(questionnaire, answers, resumed_pages_seen(questionnaire, answers, stored))


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
    )
} | {"twenty": 20, "thirty": 30}


def stated_minutes(text: str) -> int | None:
    """The time a description promises ("It takes about 10 minutes"), if it states one."""
    m = re.search(r"\b([0-9]{1,3}|[a-z]+) minutes?\b", text.lower())
    if not m:
        return None
    word = m.group(1)
    return int(word) if is_ascii_number(word) else _NUMBER_WORDS.get(word)


def without_stated_time(text: str) -> str:
    """``text`` without its sentences that state a time (:func:`stated_minutes`), for a page
    that gives the time beside it ("It takes about 10 minutes." under "Time needed")."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return " ".join(s for s in sentences if stated_minutes(s) is None)


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """Minutes a typical respondent needs.

    ``estimated_minutes`` from the definition, or the time its English description
    states (so the two never disagree), else an estimate over the questions everyone
    sees (not conditional ones, not the optional equality block): 10 seconds a closed
    question, 8 a matrix statement, 40 a free-text answer (many are left blank).
    """
    given = questionnaire.definition.get("estimated_minutes") if questionnaire.definition else None
    if isinstance(given, int | float) and given > 0:
        return int(given)
    stated = stated_minutes(str(questionnaire.description or ""))
    if stated:
        return stated
    seconds = 0
    for section in questionnaire.sections:
        if section.show_if:
            continue
        for q in section.questions:
            if q.show_if or q.equality:
                continue
            if q.type == "free_text":
                seconds += 40
            elif q.type == "matrix":
                seconds += 8 * max(1, len(q.rows))
            else:
                seconds += 10
    return max(1, math.ceil(seconds / 60))


# ---------------------------------------------------------------- answers <-> form values


def answers_to_form(questions: Iterable[Question], answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Form values (name -> list of strings) that redisplay ``answers`` in inputs."""
    out: dict[str, list[str]] = {}
    for q in questions:
        value = answers.get(q.id)
        for opt in q.options:
            key = specify_name(q, opt.value)
            if opt.specify and answers.get(key):
                out[key] = [str(answers[key])]
        if is_empty(value):
            continue
        if q.type == "multi_choice":
            out[q.id] = [str(v) for v in value]
        elif q.type == "date" and isinstance(value, date):
            for part in date_parts(q):
                out[f"{q.id}-{part}"] = [str(getattr(value, part))]
        elif q.type == "ranking":
            for pos, v in enumerate(value, start=1):
                out[f"{q.id}-rank-{v}"] = [str(pos)]
        elif q.type == "matrix":
            for row_id, v in value.items():
                out[f"{q.id}-{row_id}"] = [str(v)]
        elif q.type in ("number", "rating") and isinstance(value, float) and value.is_integer():
            out[q.id] = [str(int(value))]
        else:
            out[q.id] = [str(value)]
    return out


def is_ascii_number(text: str, max_digits: int = 6) -> bool:
    """True for 1..``max_digits`` ASCII digits (``str.isdigit`` also accepts "²", which
    ``int`` refuses)."""
    return 0 < len(text) <= max_digits and all("0" <= ch <= "9" for ch in text)


#: English month names, in full and short ("mar", and "sept" as well as "sep"), by number.
MONTH_NAMES: dict[str, int] = {
    name: number
    for number, full in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"),
        start=1,
    )
    for name in (full, full[:3])
} | {"sept": 9}
#: A month and a year typed in one box: "March 2024", "mar 2024", "03/2024", "3-2024", "March, 2024",
#: and as Excel writes them, a name, a hyphen and two digits: "Mar-24", "March-24" (see
#: :func:`split_month_and_year`; "Mar 24" is not read: it may be the 24th of March).
_MONTH_AND_YEAR = re.compile(
    r"([A-Za-z]+)\.?[\s,/.-]*([0-9]{4})|([0-9]{1,2})\s*[\s/.-]\s*([0-9]{4})|([A-Za-z]+)\.?-([0-9]{2})"
)


def month_digits(text: str) -> str:
    """The month number (as text) of a month's name, in full or short and in any case
    ("March", "mar", "Sept."), so a date's month box takes names as GOV.UK's date input
    asks; any other text is given back as it is (digits are checked by the caller).

    >>> [month_digits(x) for x in ("March", "mar", "SEPT.", "3", "03", "Marchh")]
    ['3', '3', '9', '3', '03', 'Marchh']
    """
    number = MONTH_NAMES.get(text.strip().rstrip(".").lower())
    return text if number is None else str(number)


#: How many years after this one a two-digit year may be (see :func:`split_month_and_year`).
TWO_DIGIT_YEARS_AHEAD = 10


def split_month_and_year(parts: dict[str, str], today: date | None = None) -> dict[str, str]:
    """The ``month`` and ``year`` of a month-and-year question (``precision: month``), with a
    whole "March 2024", "03/2024" or "Mar-24" typed in one of the boxes (the other left empty,
    or given the same year) split into the two; other parts are given back unchanged.

    A two-digit year is read only after a month's name and a hyphen, as Excel writes a month
    and year ("Mar-24", "March-24"), and only as this century's year up to
    :data:`TWO_DIGIT_YEARS_AHEAD` (10) years after ``today``'s (default: the date today): in
    2026, ``Mar-24`` is March 2024 and ``Mar-36`` March 2036. A later one (``Mar-99`` in 2026)
    is more likely last century's, so no century is guessed: its two digits are given back as
    the year, which the web form refuses as a year without 4 numbers and the import with a
    reason asking for all four digits ("Mar-1999" or "Mar-2099"), even where the question takes
    future dates (Excel's ``Mar-99`` was stored as March 2099 without a word).
    Digits alone ("03/24") and a space ("Mar 24", perhaps the 24th of March) are not read.

    >>> split_month_and_year({"month": "March 2024", "year": ""})
    {'month': 'March', 'year': '2024'}
    >>> split_month_and_year({"month": "", "year": "03/2024"})
    {'month': '03', 'year': '2024'}
    >>> split_month_and_year({"month": "Mar-24", "year": ""})
    {'month': 'Mar', 'year': '2024'}
    >>> split_month_and_year({"month": "Mar-99", "year": ""}, today=date(2026, 1, 1))
    {'month': 'Mar', 'year': '99'}
    >>> split_month_and_year({"month": "3", "year": "2024"})
    {'month': '3', 'year': '2024'}
    """
    month, year = parts.get("month", ""), parts.get("year", "")
    latest = (today or date.today()).year + TWO_DIGIT_YEARS_AHEAD
    for typed, other in ((month, year), (year, month)):
        m = _MONTH_AND_YEAR.fullmatch(typed)
        if m is None:
            continue
        name, year_after_name, digits, year_after_digits, short_name, two_digits = m.groups()
        found = year_after_name or year_after_digits or (
            f"20{two_digits}" if 2000 + int(two_digits) <= latest else two_digits
        )
        if other in ("", found):
            return {**parts, "month": name or digits or short_name, "year": found}
    return parts


#: A number as people type it: digits (of any script ``float`` reads), with commas only between
#: groups of three ("1,250"), a decimal point and a sign. A comma anywhere else ("2,5", a
#: decimal comma) or Python's own spellings ("1_000", "1e3") are not read as a number.
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)")


def read_number(text: str) -> float | None:
    """The number ``text`` gives as people type it (:data:`_NUMBER`: ``12``, ``1,250``, ``2.5``),
    or None: for a decimal comma (``2,5``, which was read as 25), Python's own spellings
    (``1_000``, ``1e3``) and anything too large to be finite. The web form and the import
    read numbers alike.

    >>> read_number("1,250"), read_number("2.5"), read_number("2,5"), read_number("1e3")
    (1250.0, 2.5, None, None)
    """
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text.replace(",", ""))
    return number if math.isfinite(number) else None


#: Control characters never stored (NUL is refused by PostgreSQL); tab and newlines stay.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None}


def clean_text(text: str) -> str:
    """``text`` without control characters (keeps tabs and line breaks)."""
    return text.translate(_CONTROL)


def _first(form: FormData, name: str) -> str:
    values = form.getlist(name)
    return clean_text(values[0]).strip() if values else ""


def _label(question: Question, value: str, locale: str) -> str:
    for opt in question.options:
        if opt.value == value:
            return opt.label.get(locale)
    return value


def _short(question: Question, locale: str, limit: int = 90) -> str:
    text = " ".join(question.text.get(locale).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def normalise_text(text: str) -> str:
    """Trim and use ``\\n`` line endings (so lengths count what the person sees)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_question(
    question: Question, form: FormData, locale: str = "en"
) -> tuple[dict[str, Any], FieldError | None]:
    """Parse one question's inputs into typed answers; check format, not ``required``.

    Returns the answers (the question's own key, plus write-in keys) and an error or
    None. Unanswered questions give ``{}``.
    """
    qid = question.id
    kind = question.type
    first = first_input_id(question)
    out: dict[str, Any] = {}

    def err(key: str, anchor: str = first, boxes: tuple[str, ...] = (), **values: Any,
            ) -> tuple[dict[str, Any], FieldError]:
        """The error ``key`` of :mod:`.texts`, in the page's locale, naming the question
        (``{text}``), so two of a page's errors never read the same (GOV.UK, WCAG 3.3.1)."""
        return out, FieldError(qid, message(locale, key, text=_short(question, locale), **values), anchor, boxes)

    def wrong_date(key: str, *boxes: str, **values: Any) -> tuple[dict[str, Any], FieldError]:
        """A date's error ``key`` marking ``boxes`` (every box when none), linked to the first.

        ``{check}`` in the message names the boxes to check ("the month"; "the day, the month
        and the year" when the date as a whole is wrong), as easy read's messages say it."""
        named = [f"the {box}" for box in (boxes or date_parts(question))]
        values.setdefault("check", " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named))
        return err(key, input_id(qid, boxes[0]) if boxes else first, boxes, **values)

    if kind in (*RADIO_TYPES, "multi_choice"):
        allowed = [o.value for o in question.options]
        chosen = [clean_text(v) for v in form.getlist(qid) if v != ""]
        if any(v not in allowed for v in chosen):
            return err("err_choice_unknown")
        chosen = [v for v in allowed if v in chosen]  # option order, no duplicates
        if kind != "multi_choice" and len(chosen) > 1:
            return err("err_choice_one")
        for idx, opt in enumerate(question.options):
            if not opt.specify:
                continue
            text = normalise_text(_first(form, specify_name(question, opt.value)))
            if is_blank(text):
                continue
            anchor = input_id(qid, opt.value, "specify")
            if len(text) > WRITE_IN_MAX:
                return err("err_write_in_long", anchor, limit=WRITE_IN_MAX, option=opt.label.get(locale))
            if opt.value not in chosen:
                if kind == "multi_choice" or not chosen:
                    chosen.append(opt.value)  # typing in the box means they chose it
                    chosen = [v for v in allowed if v in chosen]
                else:
                    return err(
                        "err_write_in_other", option_input_id(question, idx),
                        chosen=_label(question, chosen[0], locale), option=opt.label.get(locale),
                    )
            out[specify_name(question, opt.value)] = text
        if kind == "multi_choice":
            exclusive = [o for o in question.options if o.exclusive and o.value in chosen]
            if exclusive and len(chosen) > 1:
                return err("err_exclusive", label=exclusive[0].label.get(locale))
            if chosen:
                out[qid] = chosen
        elif chosen:
            out[qid] = chosen[0]
        return out, None

    if kind == "rating":
        raw = _first(form, qid)
        if raw == "":
            return out, None
        if not is_ascii_number(raw, 2) or not 0 <= int(raw) <= 10:
            return err("err_rating")
        out[qid] = int(raw)
        return out, None

    if kind == "number":
        raw = _first(form, qid)
        if raw == "":
            return out, None
        number = read_number(raw)
        if number is None:
            return err("err_number")
        lo, hi = question.minimum, question.maximum
        fmt = lambda v: f"{v:g}"  # noqa: E731
        if lo is not None and hi is not None and not lo <= number <= hi:
            return err("err_number_between", lo=fmt(lo), hi=fmt(hi))
        if lo is not None and number < lo:
            return err("err_number_min", lo=fmt(lo))
        if hi is not None and number > hi:
            return err("err_number_max", hi=fmt(hi))
        if question.integer and not number.is_integer():
            return err("err_number_whole")
        out[qid] = int(number) if number.is_integer() else number
        return out, None

    if kind == "date":
        names = date_parts(question)
        parts = {p: _first(form, f"{qid}-{p}") for p in names}
        # a month and a year alone: the messages say nothing of a day (easy read said "Check the day")
        month_only = "_month" if question.precision == "month" else ""
        if month_only:
            parts = split_month_and_year(parts)
        if not any(parts.values()):
            return out, None
        missing = [p for p in names if not parts[p]]
        if missing:
            return wrong_date("err_date_missing", *missing, parts=" and ".join(missing))
        parts["month"] = month_digits(parts["month"])
        parts.setdefault("day", "1")  # precision: month stores the 1st of the month
        widths = {"day": 2, "month": 2, "year": 4}
        bad = [p for p in names if not is_ascii_number(parts[p], widths[p])]
        if bad:
            return wrong_date(f"err_date_real{month_only}", *bad)
        if len(parts["year"]) != 4:  # "24", or "Mar-99" typed in the month box (split_month_and_year)
            typed_in = "year" if _first(form, f"{qid}-year") or not month_only else "month"
            return wrong_date("err_date_year", typed_in)
        day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
        bad = [p for p, n, top in (("day", day, 31), ("month", month, 12)) if not 1 <= n <= top]
        if bad:
            return wrong_date(f"err_date_real{month_only}", *bad)
        if year < EARLIEST_YEAR:
            return wrong_date("err_date_early", "year", year=EARLIEST_YEAR)
        try:
            out[qid] = date(year, month, day)
        except ValueError:  # the 31st of a 30-day month, the 29th of February: the date as a whole
            return wrong_date(f"err_date_real{month_only}")
        if question.past and out[qid] > date.today():
            return wrong_date(f"err_date_past{month_only}")
        return out, None

    if kind == "ranking":
        n = len(question.options)
        positions: dict[str, int] = {}
        for opt in question.options:
            raw = _first(form, f"{qid}-rank-{opt.value}")
            if raw == "":
                continue
            if not is_ascii_number(raw, 3) or not 1 <= int(raw) <= n:
                return err("err_rank_range", input_id(qid, "rank", opt.value), n=n)
            positions[opt.value] = int(raw)
        if not positions:
            return out, None
        seen: dict[int, str] = {}
        for opt in question.options:
            pos = positions.get(opt.value)
            if pos is None:
                continue
            if pos in seen:
                return err(
                    "err_rank_twice", input_id(qid, "rank", opt.value),
                    pos=pos, first=_label(question, seen[pos], locale), second=opt.label.get(locale),
                )
            seen[pos] = opt.value
        # Stored as an order (first = rank 1), so 1 and 5 would be kept as 1 and 2: ask instead.
        gap = next(p for p in range(1, len(seen) + 2) if p not in seen)
        if gap <= len(seen):
            after = seen[min(p for p in seen if p > gap)]
            return err("err_rank_gap", input_id(qid, "rank", after), gap=gap)
        out[qid] = [v for _, v in sorted((p, v) for v, p in positions.items())]
        return out, None

    if kind == "matrix":
        allowed = {o.value for o in question.options}
        cells: dict[str, str] = {}
        for row in question.rows:
            raw = _first(form, f"{qid}-{row.id}")
            if raw == "":
                continue
            if raw not in allowed:
                return err("err_choice_unknown", input_id(qid, row.id))
            cells[row.id] = raw
        if cells:
            out[qid] = cells
        return out, None

    # free_text
    text = normalise_text(_first(form, qid))
    if is_blank(text):  # nothing to see: a zero-width space alone is no answer to a required question
        return out, None
    if question.format == POSTCODE_DISTRICT:  # only the outward code is kept, never the rest
        district = district_of(text)
        if district is None:
            return err("err_postcode_district")
        out[qid] = district
        return out, None
    limit = question.max_length or FREE_TEXT_MAX
    if len(text) > limit:
        return err("err_text_long", limit=limit, count=len(text))
    out[qid] = text
    return out, None


def required_message(question: Question, locale: str = "en") -> str:
    """The message for a required question left unanswered."""
    kind = {"multi_choice": "multi", "matrix": "matrix", "ranking": "ranking", "free_text": "enter",
            "number": "enter", "date": "enter", "consent": "consent"}.get(question.type, "select")
    return message(locale, f"err_required_{kind}", text=_short(question, locale))


def parse_page(
    questions: Iterable[Question], form: FormData, locale: str = "en", *, check_required: bool = True
) -> PageResult:
    """Parse and validate the shown questions of one page."""
    result = PageResult()
    for q in questions:
        values, error = parse_question(q, form, locale)
        result.answers.update(values)
        if error is not None:
            result.errors.append(error)
        elif check_required and missing_required(q, values):
            anchor = first_input_id(q)
            if q.type == "matrix" and q.id in values:
                row = next(r for r in q.rows if not values[q.id].get(r.id))
                anchor = input_id(q.id, row.id)
            result.errors.append(FieldError(q.id, required_message(q, locale), anchor))
    return result


def page_keys(questions: Iterable[Question]) -> list[str]:
    """Every answers-dict key that a page's questions own (question ids and write-ins)."""
    keys: list[str] = []
    for q in questions:
        keys.append(q.id)
        keys.extend(specify_name(q, o.value) for o in q.options if o.specify)
    return keys


def merge_page(answers: Mapping[str, Any], section: Section, page_answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` with every key of ``section`` replaced by ``page_answers``."""
    merged = {k: v for k, v in answers.items() if k not in set(page_keys(section.questions))}
    merged.update(page_answers)
    return merged


# ---------------------------------------------------------------- check your answers


def display_answer(question: Question, answers: Mapping[str, Any], locale: str = "en") -> list[str]:
    """Lines of text showing an answer on the "Check your answers" page."""
    value = answers.get(question.id)
    if is_empty(value):
        return []

    def with_write_in(v: str) -> str:
        label = _label(question, v, locale)
        # a grouped option names its group too: "Caribbean" alone does not say which group
        group = next((o.group for o in question.options if o.value == v and o.group), None)
        if group is not None:
            label = f"{group.get(locale)}: {label}"
        extra = answers.get(specify_name(question, v))
        return f"{label}: {extra}" if extra else label

    if question.type == "multi_choice":
        return [with_write_in(v) for v in value]
    if question.type in RADIO_TYPES:
        return [with_write_in(value)]
    if question.type == "ranking":
        return [f"{i}. {_label(question, v, locale)}" for i, v in enumerate(value, start=1)]
    if question.type == "matrix":
        return [
            f"{r.text.get(locale)}: {_label(question, value[r.id], locale)}" for r in question.rows if value.get(r.id)
        ]
    if question.type == "date" and isinstance(value, date):
        return [f"{value:%B %Y}" if question.precision == "month" else f"{value.day} {value:%B %Y}"]
    if question.type == "rating":
        return [f"{value} out of 10"]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value))]
    return str(value).split("\n")


#: A question with this id ("Who is filling in this survey?") already says whether the
#: person had help, so the check page does not ask again (WCAG 3.3.7 Redundant Entry).
HELP_QUESTION_ID = "answering_for"
#: Its option values that mean someone helped or answered for the person.
HELP_VALUES = frozenset({"with_help", "on_behalf", "helped", "someone_else"})


#: What the check page's "Did someone help you fill this in?" stores: ``yes`` True, ``no``
#: False; left blank it is not in here, and stores None (not answered).
HELP_STATED = {"yes": True, "no": False}


def asks_about_help(questionnaire: Questionnaire) -> bool:
    """Whether the questionnaire has its own ``answering_for`` question, so the check page
    does not ask "Did someone help you fill this in?"."""
    return any(q.id == HELP_QUESTION_ID for q in questionnaire.questions())


def help_from_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool | None:
    """Whether someone helped, from the questionnaire's own ``answering_for`` question.

    True for an answer in :data:`HELP_VALUES` (``with_help``, ``on_behalf``, ...); False for
    any other answer (``myself``: the person answers for themselves); None when the question
    was not answered (or not shown), or the questionnaire has no such question
    (:func:`asks_about_help`; the check page asks instead).
    """
    value = answers.get(HELP_QUESTION_ID) if asks_about_help(questionnaire) else None
    return value in HELP_VALUES if isinstance(value, str) and value else None


def completed_with_help(questionnaire: Questionnaire, answers: Mapping[str, Any], stated: str) -> bool | None:
    """What a submitted response stores as ``completed_with_help``: True, False or None.

    From the ``answering_for`` answer when the questionnaire asks it
    (:func:`help_from_answers`), else from ``stated``, the check page's answer
    (:data:`HELP_STATED`: ``yes`` True, ``no`` False, blank None).
    """
    if asks_about_help(questionnaire):
        return help_from_answers(questionnaire, answers)
    return HELP_STATED.get(stated)


def served_locales(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The locales a response to ``questionnaire`` can be answered in: :data:`DEFAULT_LOCALE`,
    then the others its ``locales`` list, e.g. ``("en", "en-easy")``; only ``("en",)`` for a
    questionnaire that does not list easy read (its texts have no easy-read version, so easy-read
    buttons around standard questions, and a response stored as ``en-easy``, would be wrong)."""
    return tuple(dict.fromkeys((DEFAULT_LOCALE, *(questionnaire.locales or ()))))


def choose_locale(questionnaire: Questionnaire, requested: str | None) -> str | None:
    """The requested locale if this questionnaire lists it (:func:`served_locales`), in any
    case (``EN-Easy`` is ``en-easy``), else None."""
    if not requested:
        return None
    wanted = requested.strip().casefold()
    return next((c for c in served_locales(questionnaire) if c.casefold() == wanted), None)


def unavailable_locale_notice(questionnaire: Questionnaire, locale: str) -> str:
    """The notice for a page asked for in a language or version ``questionnaire`` does not
    list (``?lang=pl``) and served in ``locale`` instead: that it has no such version, and the
    versions it has, in ``locale``'s words. What was asked for is not shown back (a link's
    ``?lang=`` can hold any text)."""
    names = [LOCALE_NAMES.get(c, c) for c in served_locales(questionnaire)]
    if len(names) == 1:
        available = message(locale, "locales_only", name=names[0])
    else:
        available = message(locale, "locales_and", first=", ".join(names[:-1]), last=names[-1])
    return message(locale, "notice_lang_unavailable", available=available)


def served_locale(questionnaire: Questionnaire, *candidates: str | None) -> str:
    """The first of ``candidates`` (e.g. ``?lang=``, then the journey's) that ``questionnaire``
    lists, as it lists it (``?lang=EN-Easy`` is ``en-easy``, as :func:`choose_locale` reads it),
    else :data:`DEFAULT_LOCALE`: a locale it does not list is never served or stored."""
    return next((chosen for c in candidates if (chosen := choose_locale(questionnaire, c))), DEFAULT_LOCALE)


def answers_digest(answers: Mapping[str, Any]) -> str:
    """A short digest (16 hex digits) of a response's answers, not the answers themselves, for
    the session cookie: the same answers sent twice from one browser have the same digest.

    >>> answers_digest({"fft": "good", "why": "Kind"}) == answers_digest({"why": "Kind", "fft": "good"})
    True
    """
    return hashlib.sha256(repr(sorted((k, repr(v)) for k, v in answers.items())).encode()).hexdigest()[:16]


def holds_free_text(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool:
    """Whether ``answers`` hold text someone typed in a free-text question (not only choices,
    which two people on one device may well give alike)."""
    return any(
        q.type == "free_text" and isinstance(answers.get(q.id), str) and answers[q.id].strip()
        for q in questionnaire.questions()
    )
