"""Personal-details redaction for free text.

Replaces, in this order: emails, NHS numbers (10 digits passing the modulus-11 check),
phone numbers, UK postcodes, dates of birth, street addresses, and names (after titles
and staff roles, after "my name is" / "called", and common UK first names written with a
capital). Each is replaced by a bracketed tag such as ``[NHS_NUMBER]``. The input string is
never modified (strings are immutable; the pipeline writes a new column).
"""
from __future__ import annotations

import re

__all__ = ["nhs_number_valid", "redact"]

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NHS_CANDIDATE = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?!\d)"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTHS
    + r",?\s+(?:19|20)\d{2})"
)
DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday)\s*[:\-]?\s*(" + _DATE + ")", re.IGNORECASE
)
OLD_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]19\d{2}\b")
_STREET = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|court|place|"
    r"gardens|terrace|grove|walk|row|square|hill|view|park|mews)"
)
ADDRESS = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}" + _STREET + r"\b\.?", re.IGNORECASE
)
_CAP = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Doctor|Nurse|Sister|Matron|Sgt|Paramedic|Driver|"
    r"Dr\.|Mr\.|Mrs\.|Ms\.)\.?\s+(?:" + _CAP + r"\s+)?" + _CAP
)
ROLE_NAME = re.compile(
    r"\b(?:nurse|doctor|paramedic|driver|crew member|call handler|receptionist|carer|"
    r"technician|consultant|manager|sister|matron|porter|staff member|ambulance man|"
    r"ambulance lady)\s+(?:called\s+|named\s+)?(" + _CAP + r"(?:\s+" + _CAP + r")?)"
)
INTRO_NAME = re.compile(
    r"\b(?:my name is|i am called|i'm called|called|named|name was|ask for|thanks to|"
    r"thank you to|thank you)\s+(" + _CAP + r"(?:\s+" + _CAP + r")?)"
)
# Common UK given names that are not also everyday English words (no Will, May, Hope...).
_FIRST_NAMES = """
aaron abigail adam adrian ahmed aidan alan alex alexander alice alison amanda amelia amy
andrea andrew andy angela ann anna anne anthony ashley barbara barry ben benjamin beth
bethany brian carl carol caroline carolyn catherine charlotte chloe chris christine
christopher claire colin craig dan daniel danielle darren dave david dawn dean debbie
deborah denise derek diane donna dorothy edward elaine eleanor elizabeth ellie emily emma
eric gail gareth gary gavin gemma geoff george gillian graham hannah harry heather helen
ian jack jackie jacqueline james jamie jane janet janice jason jayne jean jennifer jenny
jessica jill jo joan joanne john jon jonathan joseph josh joshua julie karen kate katie
kathleen keith kelly kerry kevin kim kirsty laura lauren lee leanne lesley linda lindsay
lisa liz lorraine louise lucy luke lynn lynne maria marie martin mary matt matthew megan
melanie michael michelle mike mohammed muhammad natalie neil nicola nicole nigel olivia
paul paula pauline peter philip phil rachel rebecca richard rob robert ryan sally
samantha sandra sarah scott sean sharon shaun sheila simon sophie stephanie stephen steve
steven stuart susan suzanne tania tim timothy tina tom tony tracey tracy trevor vicky
victoria wayne wendy yvonne zoe
""".split()
FIRST_NAME = re.compile(
    r"\b(?:" + "|".join(n.capitalize() for n in _FIRST_NAMES) + r")(?:\s+" + _CAP + r")?\b"
)


def nhs_number_valid(digits: str) -> bool:
    """Return True if ``digits`` (10 digits, spaces/hyphens ignored) pass the NHS modulus-11 check.

    Notes
    -----
    Weights 10..2 on the first nine digits; check digit = 11 - (sum mod 11), 11 -> 0,
    10 -> invalid (NHS Data Dictionary, "NHS Number").

    Examples
    --------
    >>> nhs_number_valid("943 476 5919")
    True
    >>> nhs_number_valid("943 476 5918")
    False
    """
    d = [int(c) for c in digits if c.isdigit()]
    if len(d) != 10:
        return False
    check = 11 - sum(w * x for w, x in zip(range(10, 1, -1), d[:9], strict=True)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == d[9]


def _nhs(match: re.Match[str]) -> str:
    return "[NHS_NUMBER]" if nhs_number_valid(match.group(0)) else match.group(0)


def _group1(tag: str):  # type: ignore[no-untyped-def]
    def repl(match: re.Match[str]) -> str:
        start, end = match.span(1)
        s = match.group(0)
        off = match.start(0)
        return s[: start - off] + tag + s[end - off :]

    return repl


def redact(text: str) -> str:
    """Return ``text`` with personal details replaced by tags.

    Parameters
    ----------
    text : str
        Normalised comment text (see :func:`analysis.text.normalise`).

    Returns
    -------
    str
        Text with ``[EMAIL]``, ``[NHS_NUMBER]``, ``[PHONE]``, ``[POSTCODE]``,
        ``[DATE_OF_BIRTH]``, ``[ADDRESS]`` and ``[NAME]`` tags.

    Notes
    -----
    Rule-based and tuned for recall on names after titles and roles; a free-standing
    uncommon name with no cue is not caught. Sources: NHS number check digit (NHS Data
    Dictionary); UK postcode format (ONS); common given names (ONS baby-name lists,
    abridged by hand).

    Examples
    --------
    >>> redact("Call 07700 900123 or mail jo.b@example.org, NHS no 943 476 5919")
    'Call [PHONE] or mail [EMAIL], NHS no [NHS_NUMBER]'
    >>> redact("Nurse Jones and Dave were kind")
    '[NAME] and [NAME] were kind'
    """
    if not text:
        return text
    text = EMAIL.sub("[EMAIL]", text)
    text = _NHS_CANDIDATE.sub(_nhs, text)
    text = PHONE.sub("[PHONE]", text)
    text = POSTCODE.sub("[POSTCODE]", text)
    text = DOB.sub(_group1("[DATE_OF_BIRTH]"), text)
    text = OLD_DATE.sub("[DATE_OF_BIRTH]", text)
    text = ADDRESS.sub("[ADDRESS]", text)
    text = TITLE_NAME.sub("[NAME]", text)
    text = ROLE_NAME.sub(_group1("[NAME]"), text)
    text = INTRO_NAME.sub(_group1("[NAME]"), text)
    return FIRST_NAME.sub("[NAME]", text)
