"""Personal-details redaction for free text.

Replaces, in this order: emails, NHS numbers (10 digits passing the modulus-11 check),
phone numbers, UK postcodes, dates of birth, street addresses, and names (after titles
and staff roles, after "my name is" / "called", after relatives and carers ("my wife
Doreen"), after thanks ("thank Aisha"), before "from the" ("Bob from the day centre"),
common UK first names written with a capital, and further names in a list with one of
these: "[NAME], Aisha and Bob"). Surnames may hold a hyphen or apostrophe or start Mc/Mac
(Smith-Jones, O'Neill, McDonald). Each is replaced by a bracketed tag such as ``[NHS_NUMBER]``. The input string is
never modified (strings are immutable; the pipeline writes a new column).
"""
from __future__ import annotations

import re
from functools import cache

from analysis.language import VOCAB_PATH

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
# A capitalised name word: Smith, Smith-Jones, O'Neill, D'Souza, McDonald, MacLeod.
_CAP = r"(?:O'|D'|Mc|Mac)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Doctor|Nurse|Sister|Matron|Sgt|Paramedic|Driver|"
    r"Father|Fr|Reverend|Revd|Rev|Dr\.|Mr\.|Mrs\.|Ms\.)\.?\s+(?:" + _CAP + r"\s+)?" + _CAP
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
_NAME_SET = frozenset(_FIRST_NAMES)
FIRST_NAME = re.compile(
    r"\b(?:" + "|".join(n.capitalize() for n in _FIRST_NAMES) + r")(?:\s+" + _CAP + r")?\b"
)

# Given names that are also everyday words: a name only after one of the cues below.
_WORD_NAMES = frozenset(
    """bill bob faith frank grace hope ivy joy june lily mark may olive pat patience penny
    poppy precious ray rose ruby sue will""".split()
)
_SEQ = r"(" + _CAP + r"(?:\s+" + _CAP + r")?)"
# A name after a relative or carer: "my wife Doreen", "our neighbour Bob", "son called Tom".
RELATIVE_NAME = re.compile(
    r"\b(?:wife|husband|partner|son|daughter|mum|mam|mom|mother|dad|father|nan|nana|nanna|"
    r"gran|granny|grandma|grandad|granddad|grandmother|grandfather|grandson|granddaughter|"
    r"brother|sister|aunt|auntie|aunty|uncle|niece|nephew|cousin|fianc[eé]e?|boyfriend|"
    r"girlfriend|stepson|stepdaughter|carer|nurse|neighbour|friend|key ?worker|"
    r"social worker|support worker|care worker|care coordinator)(?:s|-in-law)?"
    r"\s+(?:called\s+|named\s+)?" + _SEQ
)
# A name after thanks: "thank Aisha", "Thanks to Bob", "grateful to Doreen".
THANKS_NAME = re.compile(
    r"\b(?:[Tt]hank(?:s| you)?(?:\s+(?:so|very)\s+much)?(?:\s+to)?|[Gg]rateful\s+to|"
    r"[Gg]ratitude\s+to)\s+" + _SEQ
)
# A name before "from the <place>": "Bob from the day centre".
FROM_NAME = re.compile(r"\b" + _SEQ + r"(?=\s+from\s+(?:the|our|your)\b)")
# More names in a list with one already found: "[NAME], Aisha and Bob", "Aisha & [NAME]".
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s*&\s*|\s+and\s+)"
LIST_AFTER = re.compile(r"\[NAME\]" + _JOIN + _SEQ)
LIST_BEFORE = re.compile(r"\b" + _SEQ + r"(?=" + _JOIN + r"\[NAME\])")


# Place-name endings (Sedgefield, Woodlands, Middlesbrough): not taken as names after a cue.
_PLACE = re.compile(
    r"[A-Z][a-z]{2,}(?:field|ton|ham|lands?|ford|wick|pool|bury|borough|brough|mouth|chester|"
    r"caster|shire|port|bridge|worth|stead|gate|moor|dale|woods?)"
)


@cache
def _ordinary_words() -> frozenset[str]:
    """Lower-case words used in at least two training comments (names there were removed)."""
    try:
        return frozenset(VOCAB_PATH.read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


def _is_name(word: str) -> bool:
    """True for a capitalised word taken as a name after a cue: a known given name, or no
    everyday word ("You", "Everyone", "Has", "Ambulance" are not) nor like a place name."""
    low = word.lower()
    if _PLACE.fullmatch(word):
        return False
    return low in _NAME_SET or low in _WORD_NAMES or low not in _ordinary_words()


def _cue_name(keep: str):  # type: ignore[no-untyped-def]
    """Replace group 1 by [NAME], keeping only the run of name words next to the cue
    (``keep="first"``: words after the cue; ``"last"``: words before it)."""

    def repl(match: re.Match[str]) -> str:
        seq = match.group(1)
        spans = [w.span() for w in re.finditer(r"\S+", seq)]
        near_cue = spans if keep == "first" else spans[::-1]
        n = next((i for i, (a, b) in enumerate(near_cue) if not _is_name(seq[a:b])), len(near_cue))
        if n == 0:
            return match.group(0)
        at = match.start(1) - match.start(0)
        cut = (at, at + spans[n - 1][1]) if keep == "first" else (at + spans[-n][0], at + len(seq))
        whole = match.group(0)
        return whole[: cut[0]] + "[NAME]" + whole[cut[1] :]

    return repl


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
    uncommon name with no cue is not caught. After the softer cues (relatives, thanks,
    "from the", lists) a capitalised word counts as a name only if it is a listed given
    name or not an everyday word of ``analysis/data/english_vocab.txt``, so "thank You" and
    "my son Has" stay, and so does a name that is a word there ("Natasha": the file is
    built partly from phase-1 comments that hold names) unless it is in the short list of
    given names that are also everyday words ("Bill", "Mark", "Sue").
    Sources: NHS number check digit (NHS Data Dictionary); UK postcode format (ONS);
    common given names (ONS baby-name lists, abridged by hand).

    Examples
    --------
    >>> redact("Call 07700 900123 or mail jo.b@example.org, NHS no 943 476 5919")
    'Call [PHONE] or mail [EMAIL], NHS no [NHS_NUMBER]'
    >>> redact("Nurse Jones and Dave were kind")
    '[NAME] and [NAME] were kind'
    >>> redact("Sister O'Neill and my wife Doreen thank Bob from the day centre")
    '[NAME] and my wife [NAME] thank [NAME] from the day centre'
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
    text = RELATIVE_NAME.sub(_cue_name("first"), text)
    text = THANKS_NAME.sub(_cue_name("first"), text)
    text = FROM_NAME.sub(_cue_name("last"), text)
    text = FIRST_NAME.sub("[NAME]", text)
    for _ in range(10):  # a list of names, one found per pass from each end
        before = text
        text = LIST_AFTER.sub(_cue_name("first"), text)
        text = LIST_BEFORE.sub(_cue_name("last"), text)
        if text == before:
            break
    return text
