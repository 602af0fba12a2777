"""Small fixed forms of the journey: the resume code and "Did someone help you?".

Questionnaire pages are parsed by :func:`survey_app.surveys.services.parse_page` rather
than a WTForms class: GOV.UK date inputs, matrix rows, ranking selects and write-ins map
onto plain named inputs more simply, and the parser is a pure function that tests call
directly. CSRF is still checked on every POST by ``CSRFProtect``.
"""
from __future__ import annotations

from survey_app.responses.services import RESUME_ALPHABET
from survey_app.surveys.services import FormData, clean_text

#: Options for the optional "Did someone help you fill this in?" question.
HELP_OPTIONS = (("yes", "Yes"), ("no", "No"))


def _first(form: FormData, name: str) -> str:
    values = form.getlist(name)
    return clean_text(values[0]).strip() if values else ""


def parse_help(form: FormData) -> tuple[str, str | None]:
    """The "completed with help" answer (``""``, ``yes`` or ``no``) and an error or None."""
    value = _first(form, "completed_with_help")
    if value not in ("", *(v for v, _ in HELP_OPTIONS)):
        return "", "Select yes or no, or leave this question blank"
    return value, None


def parse_resume_code(form: FormData) -> tuple[str, str | None]:
    """The typed resume code (as typed, trimmed) and an error message or None.

    Case, spaces and dashes do not matter; letters that are easy to confuse (O, I, L)
    and digits 0/1 are never used in codes, so they are reported clearly.
    """
    code = _first(form, "resume_code")[:40]
    if not code:
        return code, "Enter your resume code"
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(letters) != 12:
        return code, "Enter the 12 letters and numbers of your resume code, like ABCD-EFGH-JKMN"
    if any(ch not in RESUME_ALPHABET for ch in letters):
        return code, "The code only uses letters and the numbers 2 to 9 (there is no 0, 1, O, I or L)"
    return code, None
