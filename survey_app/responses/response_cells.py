"""Cells of an import row that describe the response rather than answer a question.

An import mapping may name a column for ``completed_with_help`` and one for ``locale``
(:mod:`survey_app.responses.imports`). These functions read one such cell; a cell they cannot
read raises :class:`ValueError` with a message fit for the rejects file, so the row is
rejected like a row with a bad answer (the import shortens cells in its messages with
:func:`clip_cell` too). ``flask responses export`` writes both columns in a
form they read back (:func:`survey_app.responses.export.help_cell`).
"""
from __future__ import annotations

from collections.abc import Mapping

from survey_app.questionnaire.model import Questionnaire
from survey_app.responses.export import unquote_formula
from survey_app.surveys.services import served_locales

#: What a ``completed_with_help`` cell may say (in any case), and what it stores.
HELP_CELL_VALUES: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}
#: What a response's ``locale`` is when the mapping names no column or the cell is blank.
DEFAULT_LOCALE = "en"
#: Also read on any questionnaire: the web once served (and stored) easy read on every
#: questionnaire, even one whose ``locales`` do not list it, so exports of those responses hold it.
EARLIER_LOCALES = ("en-easy",)


def clip_cell(text: str, limit: int = 30) -> str:
    """Short form of a cell for messages (never a whole free-text answer): its first ``limit``
    characters and ``…`` when it is longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def read_help(cell: str) -> bool | None:
    """``completed_with_help`` from a cell: True, False, or None for a blank cell (not recorded).

    Raises
    ------
    ValueError
        The cell is not blank and not one of :data:`HELP_CELL_VALUES` in any case.

    Examples
    --------
    >>> read_help(" Yes"), read_help("N"), read_help("0"), read_help("")
    (True, False, False, None)
    """
    text = cell.strip()
    if not text:
        return None
    helped = HELP_CELL_VALUES.get(text.casefold())
    if helped is None:
        raise ValueError(
            f"completed_with_help: '{clip_cell(text)}' is not yes or no "
            "(yes, no, y, n, true, false, 1 or 0; leave it blank when not recorded)"
        )
    return helped


def read_locale(questionnaire: Questionnaire, cell: str) -> str:
    """The response's ``locale`` from a cell: one of the locales ``questionnaire`` is served in
    (:func:`~survey_app.surveys.services.served_locales`) or :data:`EARLIER_LOCALES`, matched in
    any case and given as listed; :data:`DEFAULT_LOCALE` for a blank cell.

    Raises
    ------
    ValueError
        The cell is not blank and names no such locale.
    """
    text = cell.strip()
    if not text:
        return DEFAULT_LOCALE
    allowed = tuple(dict.fromkeys((*served_locales(questionnaire), *EARLIER_LOCALES)))
    locale = {code.casefold(): code for code in allowed}.get(text.casefold())
    if locale is None:
        raise ValueError(f"locale: '{clip_cell(text)}' is not one of the questionnaire's locales ({', '.join(allowed)})")
    return locale


def read_response_cells(
    questionnaire: Questionnaire, row: Mapping[str, str], help_column: str | None, locale_column: str | None
) -> tuple[bool | None, str, list[str]]:
    """``(completed_with_help, locale, problems)`` from one CSV row (cells by column name):
    :func:`read_help` of ``help_column`` (None without one) and :func:`read_locale` of
    ``locale_column`` (:data:`DEFAULT_LOCALE` without one), each cell as the export wrote it
    (a leading ``'`` it added taken off); ``problems`` holds the messages of the cells that
    cannot be read (those then take the defaults). Never raises for a bad cell."""
    helped: bool | None = None
    locale = DEFAULT_LOCALE
    problems: list[str] = []
    if help_column:
        try:
            helped = read_help(unquote_formula((row.get(help_column) or "").strip()))
        except ValueError as exc:
            problems.append(str(exc))
    if locale_column:
        try:
            locale = read_locale(questionnaire, unquote_formula((row.get(locale_column) or "").strip()))
        except ValueError as exc:
            problems.append(str(exc))
    return helped, locale, problems
