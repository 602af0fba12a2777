"""Small fixed forms of the journey: the resume code and "Did someone help you?".

Questionnaire pages are parsed by :func:`survey_app.surveys.services.parse_page` rather
than a WTForms class: GOV.UK date inputs, matrix rows, ranking selects and write-ins map
onto plain named inputs more simply, and the parser is a pure function that tests call
directly. CSRF is still checked on every POST by ``CSRFProtect``.
"""
from __future__ import annotations

from survey_app.responses.services import RESUME_ALPHABET
from survey_app.surveys.services import FormData, clean_text
from survey_app.surveys.texts import message

#: Options for the optional "Did someone help you fill this in?" question.
HELP_OPTIONS = (("yes", "Yes"), ("no", "No"))


def _first(form: FormData, name: str) -> str:
    values = form.getlist(name)
    return clean_text(values[0]).strip() if values else ""


def parse_help(form: FormData, locale: str = "en") -> tuple[str, str | None]:
    """The "completed with help" answer (``""``, ``yes`` or ``no``) and an error (in
    ``locale``) or None: for any other value, and for both yes and no at once."""
    values = {clean_text(v).strip() for v in form.getlist("completed_with_help")} - {""}
    if len(values) > 1 or not values <= {v for v, _ in HELP_OPTIONS}:
        return "", message(locale, "err_help")
    return next(iter(values), ""), None


def parse_resume_code(form: FormData, locale: str = "en") -> tuple[str, str | None]:
    """The typed resume code (as typed, trimmed) and an error message (in ``locale``) or None.

    Case, spaces and dashes do not matter; letters that are easy to confuse (O, I, L)
    and digits 0/1 are never used in codes, so they are reported clearly.
    """
    code = _first(form, "resume_code")[:40]
    if not code:
        return code, message(locale, "err_code_missing")
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(letters) != 12:
        return code, message(locale, "err_code_length")
    if any(ch not in RESUME_ALPHABET for ch in letters):
        return code, message(locale, "err_code_letters")
    return code, None
