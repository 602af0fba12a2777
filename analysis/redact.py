"""Personal-details redaction for free text.

Replaces, in this order: emails (also spelt out: "jo dot bloggs at gmail dot com"), NHS numbers
(10 digits passing the modulus-11 check), phone numbers, UK postcodes, dates of birth, street
addresses, and names: after titles (the title stays: "Dr [NAME]"), staff roles before or after
the name ("the physio Siobhan", "Grace the carer"), "my name is" / "called" / "I'm", relatives
and carers ("my wife Doreen", "our Jen"), thanks ("thank Aisha", "thank you to sarah jones",
"Thanks to SARAH JONES"), before "from the" or where the person works ("Bob from the day
centre", "Mark on the renal unit"), in a sign-off at the end ("Regards, Margaret Hughes"),
given names of ``analysis/data/given_names.txt`` written with a capital, given names that are
also words at the start of a sentence before a verb ("Will was my named nurse", not "Will you
ring") or before a listed surname ("Sue Bailey"), and further names in a list with one of these
("[NAME], Aisha and Bob"). Surnames may hold a hyphen or apostrophe, start Mc/Mac or follow an
Irish particle (Smith-Jones, O'Neill, McDonald, Ó Súilleabháin), and may hold accented letters
(Paweł). After a given name, a capitalised word is its surname when it is a listed surname
(``analysis/data/surnames.txt``), a surname that is also a word ("Dawn Hill") or no everyday
word, and not when it opens the next sentence ("my carer Jean Went home"); in lower case, a
surname that is a word only after a cue and a listed given name ("the nurse dawn hill").

Never redacted: the places and services of ``analysis/data/place_names.txt`` ("James Cook",
"Royal Victoria", "Stanley"), "St Mary's", "Queen Elizabeth" and the like, and a name that is
part of a hospital's, school's or street's name ("Richard Herrod Centre"). They are masked
while names are looked for, so "Mrs Freeman at the Freeman" gives "Mrs [NAME] at the Freeman";
but a one-word listed place right after a name found or after a relative is a name ("Mary
Stanley", "my husband Stanley" give "[NAME]", "my husband [NAME]").

Each is replaced by a bracketed tag such as ``[NHS_NUMBER]``. The input string is never
modified (strings are immutable; the pipeline writes a new column). Measured on comments
written blind to these rules, see docs/analysis.md.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache

from analysis.language import VOCAB_PATH, english_vocabulary

__all__ = ["nhs_number_valid", "redact"]

# An address starts at the first letter or digit of its run of address characters, so that a
# long run with no "@" ("a.b.c.d...", "1-2-3-...") is scanned once rather than once for every
# word in it (quadratic time); group 1 is the address.
EMAIL = re.compile(r"(?<![\w.+'-])[.+'-]*(\w[\w.+'-]*@[\w-]+(?:\.[\w-]+)+)\b")
# An email written out to dodge spam filters: "jo dot bloggs at gmail dot com", "jo.bloggs
# (at) nhs.net", "jobloggs at hotmail dot co dot uk". The address ends in a common top-level
# domain; the parts are few (bounded, so a long run of "a dot a dot ..." is read once). Taken
# only when the name before "at" holds a dot, underscore or digit, "at" is bracketed or an
# "@", or the domain is a common mail provider (:data:`_MAIL_DOMAINS`): "we looked at
# amazon.com" and "go to the site at nhs dot uk" stay.
_DOT = r"(?:\s+dot\s+|\s*[(\[]dot[)\]]\s*|\.)"
SPELT_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])([a-z0-9][\w+-]*(?:(?:" + _DOT + r"|\s+underscore\s+)[\w+-]+){0,5})"
    r"(\s+at\s+|\s*[(\[]at[)\]]\s*|\s*@\s*)"
    r"([a-z][\w-]*(?:" + _DOT + r"[a-z][\w-]*){0,3}" + _DOT
    + r"(?:com|net|org|uk|co|ac|gov|info|io|me|ie|edu|biz|scot|wales|eu))\b"
)
_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com hotmail.com hotmail.co.uk yahoo.com yahoo.co.uk outlook.com
    live.com live.co.uk icloud.com me.com btinternet.com nhs.net aol.com aol.co.uk msn.com
    sky.com talktalk.net virginmedia.com ntlworld.com protonmail.com mail.com""".split()
)


def _spelt_email(match: re.Match[str]) -> str:
    """[EMAIL] for a match of :data:`SPELT_EMAIL` that is an address (see there)."""
    local, at, domain = (re.sub(r"\s+|[()\[\]]", "", re.sub(r"(?i)\s*\bdot\b\s*", ".", g)) for g in match.groups())
    if (
        re.search(r"[._\d]|underscore", local, re.IGNORECASE)
        or at.strip().lower() != "at"
        or domain.lower() in _MAIL_DOMAINS
    ):
        return "[EMAIL]"
    return match.group(0)


_NHS_CANDIDATE = re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
# Ten digits with up to two spaces, dots, dashes or slashes between any two ("943.476.5919",
# "943 476  5919", "943/476/5919", "943 476 591 9"): taken only when the check digit holds.
_NHS_LOOSE = re.compile(r"(?<![\d+])\d(?:[ ./-]{0,2}\d){9}(?![\d])")
# Digits of other scripts (full-width "０７７００", Arabic-Indic), read as 0-9 before matching.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00\s?)44\s?\(?0?\)?\s?|0)\d(?:[\s.-]?\d){8,9}(?!\d)"
    r"|\(0\d{2,4}\)\s?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?(?:\s*|-)\d[A-Z]{2}\b", re.IGNORECASE)
# A forces address: "BFPO 123" names one unit, ship or base.
BFPO = re.compile(r"\bBFPO\s*\d{1,4}\b", re.IGNORECASE)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTHS
    + r",?\s+(?:19|20)?\d{2}(?!\d))"  # "DOB 3rd April 51" too
)
DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday)(?:\s+(?:is|was))?(?:\s*[:\-])?\s*(" + _DATE
    + r"|\d{1,2}\s\d{1,2}\s(?:19|20)?\d{2}(?!\d)"  # "dob 19 4 41"
    + r"|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d))",  # "dob 1951-11-30"
    re.IGNORECASE,
)
# A hospital, case or complaint number after its cue: "hospital number D4471982", "MRN is
# 70344128", "hospital no RLN 228431", "ref SC-20931-B" (five digits or more, so "unit 12" and
# "ward 4" stay).
REFERENCE = re.compile(
    r"\b(?i:hospital|patient|record|case|reference|ref|mrn|complaint|claim)(?i:\s+(?:number|no|num))?\.?"
    r"(?i:\s+(?:is|was))?\s*[:#-]?\s*"
    r"((?=(?:[A-Za-z/ -]*\d){5})(?:[A-Z]{1,4}[/ -]?)?\d[\d/-]*(?:\s\d+)?(?:[/-]?[A-Z]{1,2})?)(?![\w/-])"
)
# A current-style UK vehicle registration in capitals ("NU19 KXP"), or in any case after "reg";
# a social media username (an @handle with a digit or underscore, any @handle next to an app's
# name, or a handle with a digit or underscore after the app's name: "Snapchat yusuf_m04"); a code of capitals, a hyphen and four digits or more
# ("CA-20931"; not "A1068", a road). Added 2026-11-30 after a fourth blind test.
VEHICLE = re.compile(
    r"\b(?!FP\d)[A-Z]{2}\d{2}\s?[A-Z]{3}\b|(?i:\breg(?:istration)?(?:\s+(?:no|number|plate))?(?:\s+is)?:?\s+)([a-z]{2}\d{2}\s?[a-z]{3})\b"
)
# An @handle of letters after an app's name ("my twitter is @jobloggs") or before it; not an
# organisation's ("@NEAS_NHS"), nor "@" alone ("meet @ 3pm", "@ the hospital").
_AT_HANDLE = r"@(?![A-Za-z0-9_.]{0,29}(?i:nhs|trust))[A-Za-z][A-Za-z0-9_.]{0,28}[A-Za-z0-9_]"
USERNAME = re.compile(
    r"(?<![\w.@])@(?=[A-Za-z0-9_.]{0,29}[0-9_])(?![A-Za-z0-9_.]{0,29}(?i:nhs|trust))[A-Za-z][A-Za-z0-9_.]{1,29}(?![\w@])"
    r"|\b(?i:snapchat|snap|insta|instagram|tiktok|twitter|facebook|discord|whatsapp|username|user name|handle|snap name)"
    r"(?:\s+(?i:is|me|name is|handle is))?\s*:?\s+"
    r"((?:" + _AT_HANDLE + r"|@?(?=[A-Za-z0-9_.]{0,29}[0-9_])(?=[0-9_.]{0,29}[A-Za-z])(?![0-9]+(?i:am|pm|st|nd|rd|th|s|hrs?|h|mins?|days?|k)?\b)"
    r"[A-Za-z0-9_.]{2,30}))(?![\w@/])"
    # an @handle of letters only, before "on" and an app: "@jobloggs on twitter"
    r"|(?<![\w.@])" + _AT_HANDLE + r"(?![\w@])(?=\s+(?:on\s+)?(?i:twitter|x|insta|instagram|tiktok|snapchat|snap|facebook)\b)"
)
#: Cheap tests for whether the rules above can match at all.
_CAPS_RUN = re.compile(r"[A-Z]{2}")
_APP_WORD = re.compile(r"snap|insta|tiktok|twitter|facebook|discord|whatsapp|user ?name|handle")
CODE = re.compile(
    r"\b(?!(?:JAN|FEB|MAR|APR|MAY|JUN|JUNE|JUL|JULY|AUG|SEP|SEPT|OCT|NOV|DEC)-(?:19|20)\d\d\b)(?!ICD-)[A-Z]{1,4}-\d{5,}(?:-[A-Z0-9]{1,4})?\b"
)
# A National Insurance number: two letters, six digits (spaced or not) and A to D.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
OLD_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]19\d{2}\b")
_STREET = (
    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|court|place|"
    r"gardens|terrace|grove|walk|row|square|hill|view|park|mews)"
)
# A word of a street's name: not a small lower-case word ("5 minutes down the road", "2
# ambulances on the way"). ("A 10 minute walk" and "45 minutes drive" are still taken for an
# address: one NEAS training comment holds the second, and the model is trained on its
# redaction.)
_STREET_WORD = (
    r"(?!(?-i:the|an|on|in|at|up|down|to|of|from|my|our|your|his|her|their|this|that|and|or|"
    r"for|by|with|along|across|round|around|over|off|into|onto|out|is|was|were|are|all)\b)[A-Z][a-z]+"
)
ADDRESS = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:" + _STREET_WORD + r"\s+){1,3}" + _STREET + r"\b\.?"
    # a flat in a named block: "flat 3 Wear House", "Apartment 12, Quayside Court"
    + r"|\b(?:flat|apartment|apt)\.?\s*\d{1,4}[a-z]?,?\s+(?:" + _STREET_WORD + r"\s+){1,3}"
    r"(?:house|court|lodge|mansions|towers?|buildings|heights|gardens)\b",
    re.IGNORECASE,
)
# A flat's number before an address found goes with it: "Flat 2, 14 Church St", "Flat 5 Harbour
# View" (a second pass where "[ADDRESS]" is found: a prefix tried at every word cost more).
FLAT_ADDRESS = re.compile(r"\b(?:flat|apartment|apt)\.?\s*(?:\d{1,4}[a-z]?,?\s+)?\[ADDRESS\]", re.IGNORECASE)
# A named house with its street after it: "Rosebank Cottage, Front Street", "The Old Forge, Low
# Row" (the street alone, with no number, is no address: "parking on Front Street").
NAMED_HOUSE = re.compile(
    r"\b(?:The\s+)?(?:[A-Z][a-z]+\s+){1,2}(?:Cottage|Farm|Farmhouse|Forge|Barn|Mill|Bungalow|Grange|Vicarage|Rectory|Croft)"
    r",\s+(?:\[ADDRESS\]|(?:[A-Z][a-z]+\s+){1,2}(?:Road|Street|Lane|Avenue|Close|Drive|Way|Crescent|Court|Gardens|Terrace|Grove|Walk|Row|Square|Hill|Mews|Green)\b)"
)
# Letters of names: ASCII plus Latin-1 and Latin Extended-A (Súilleabháin, Paweł, Łukasz).
_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LO = "a-zß-öø-ÿĀ-ſ"
# A capitalised name word: Smith, Smith-Jones, O'Neill, D'Souza, McDonald, MacLeod,
# O'Neill-McDonald, and an Irish surname after its particle (Ó Súilleabháin, Ní Bhriain); the
# rest of the word goes with it (Ioniță, DeSouza), so no part of a name is left behind.
_CAP = rf"(?:(?:Ó|Ní|Nic|Uí|Ua)\s+)?(?:O'|D'|Mc|Mac)?[{_UP}][{_LO}]\w*(?:[-'](?:O'|D'|Mc|Mac)?[{_UP}][{_LO}]\w*)?"
_SEQ = r"(" + _CAP + r"(?:\s+" + _CAP + r")?)"
def _trie(words) -> str:  # type: ignore[no-untyped-def]
    """A regex (no groups) matching any of ``words`` (``_`` in a word stands for a space),
    built as a trie so that each position is tried letter by letter instead of word by word
    (hundreds of names, places and cues).

    >>> re.fullmatch(_trie(["nan", "nana", "nurse"]), "nana") is not None
    True
    """
    root: dict[str, dict] = {}
    for word in words:
        word = word.replace("_", " ")
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
        return body

    return build(root)


# Up to three initials before a surname: "J Smith", "J. Smith", "A.B. Smith", "A. B. C. Smith".
_INITIALS = r"(?:[A-Z](?:\.\s*|\s+)){0,3}"
# The rest of a job title or service after a title word: "Nurse Practitioner", "Paramedic
# Practitioner", "Nurse Specialist", "Nurse Led clinic", "Doctor Appointment" are no names.
_JOB = (
    r"(?:Practitioner|Specialist|Consultant|Associate|Manager|Prescriber|Lead|Led|Team|Crew|"
    r"Staff|Appointment|Technician|Assistant|Student|Apprentice|Station|Service|Practice|"
    r"Training|Surgery|Surgeries|Clinic|Office|Room|Note|Letter|Rota)s?\b"
)
_NOT_AFTER_TITLE = (
    r"(?!(?:She|He|They|It|I|We|You|Her|His|Who|Was|Is|And|The|Has|Had|Did|Said|Told|Came|"
    r"Mr|Mrs|Ms|Miss|Dr)\b)(?!" + _JOB + ")"  # a second title starts another name: "Mr [NAME] Mrs [NAME]"
)
# Titles stay and the name after them goes: "Dr [NAME]", "Staff Nurse [NAME]", "Nurse
# Practitioner [NAME]", with initials ("Dr A.B. Smith", "Mrs J Smith", "Dr A.B.") or in
# capitals ("Nurse SARAH JONES"), whole.
#: Words that come before a name as a title (capitalised in TITLE_NAME); never names themselves.
TITLES = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Doctor", "Nurse", "Sister", "Matron", "Sgt",
    "Paramedic", "Driver", "Father", "Fr", "Reverend", "Revd", "Rev",
)
#: The short titles, also taken in lower case (not "miss", which is also a verb).
_SHORT_TITLES = ("dr", "drs", "mr", "mrs", "ms", "mx", "prof")
# The short titles in lower case too, before a space ("mrs Nkechi Obi", "dr Smith"; not "dr."
# before a capital, which mostly starts a sentence: "call off a dr. However").
TITLE_NAME = re.compile(
    r"\b(?:(?:" + "|".join((*TITLES, "Drs", "Dr's")) + r")(?:\.\s*|\s+)|(?:" + "|".join(_SHORT_TITLES) + r")\s+)(?:" + _JOB
    + r"\s+){0,2}(?!Who\b)(" + _INITIALS + _NOT_AFTER_TITLE + _CAP
    + r"(?:\s+" + _NOT_AFTER_TITLE + _CAP + r")?|(?!I\b)[A-Z](?:['-]?[A-Z])*(?:\.?\s?[A-Z](?:['-]?[A-Z])*)?\b)"
)
# A name in capitals after a title in capitals ("MR ARMSTRONG", "DR PATEL"), in comments
# written all in capitals; the word must be no everyday word ("DR SAID" stays).
CAPS_TITLE_NAME = re.compile(
    r"\b(?:MR|MRS|MX|DR|DOCTOR|NURSE|SISTER|MATRON|PROF)\.?\s+(?:[A-Z]\.?\s+)?([A-Z][A-Z'-]+)\b(?:\s+([A-Z][A-Z'-]+)\b)?"
)
_ROLES = _trie(
    """nurse doctor paramedic driver crew_member call_handler receptionist carer technician
    consultant manager sister matron porter staff_member ambulance_man ambulance_lady physio
    physiotherapist ot occupational_therapist pharmacist midwife health_visitor hca
    healthcare_assistant health_care_assistant podiatrist dentist gp surgeon radiographer
    counsellor therapist psychologist psychiatrist cpn social_worker support_worker care_worker
    key_worker keyworker care_coordinator advocate befriender volunteer cleaner chef dietitian
    optician practitioner registrar anaesthetist chaplain officer assistant lady fella man
    woman girl guy lad lass housekeeper domestic cook""".split()
)
ROLE_NAME = re.compile(r"\b(?i:" + _ROLES + r")\s+(?:called\s+|named\s+)?" + _SEQ)
# A name with its role after it: "Grace the carer", "Siobhan, our physio".
NAME_ROLE = re.compile(
    r"\b" + _SEQ + r"(?=,?\s+(?:the|our|my|a|your)\s+(?:(?:two|three|four|both|usual|regular|new|lovely|"
    r"best)\s+)?(?:(?:district|community|student|staff|night|"
    r"day|senior|head|lead|specialist|practice|ward|care home|home)\s+)?(?i:" + _ROLES + r")s?\b)"
)
# A name before where the person works: "Mark on the renal unit", "Wei in pharmacy".
NAME_PLACE = re.compile(
    r"\b" + _SEQ + r"(?=\s+(?:on|in|at|from)\s+(?:the\s+)?(?:[a-z&'-]+\s+){0,2}(?:ward|unit|desk|"
    r"reception|shift|nights|days|team|pharmacy|clinic|department|dept|surgery|practice|"
    r"office|switchboard|hub|line|a&e|A&E)\b)"
)
# The writer's own name: "My name is Brown", "I am called Sunny" (whatever the word).
INTRO_NAME = re.compile(
    r"\b(?i:my name is|my name:?|my details:?|i am called|i'm called|name was)\s+(" + r"(?:[A-Z]\.\s*){0,3}" + _CAP + r"(?:\s+" + _CAP + r")?)"
)
# A name after a cue that also comes before other words: "called Steve" but "I called Monday",
# "We called Emergency Services"; "thank you to Sarah" but "thank you Team".
CALLED_NAME = re.compile(r"\b(?:called|named|ask for|thanks to|thank you to|thank you)\s+" + _SEQ)
# The writer's own name: "I'm Callum", "hi its Doreen", "this is Pat".
SELF_NAME = re.compile(r"\b(?i:i'?m|i am|it'?s|this is|my name'?s)\s+" + _SEQ)
# "our Jen", "wor Kev": a family member in North East speech.
OUR_NAME = re.compile(r"\b(?i:our|wor)\s+" + _SEQ)
# A sign-off at the very end: "Regards, Margaret Hughes", "Kind regards, J Thompson (Mrs)".
SIGN_OFF = re.compile(
    r"\b(?i:regards|best wishes|many thanks|thanks again|thank you again|yours sincerely|"
    r"yours faithfully|sincerely|cheers|love from|with thanks)(?:\s*[,.-])?\s*"
    r"(" + _INITIALS + _CAP + r"(?:\s+" + _CAP + r")?)"
    r"(?=\s*(?:\((?:Mrs|Mr|Ms|Miss|Dr)\)\s*)?(?:[.!]+\s*)?$)"
)
_NOT_SIGNATURE = frozenset("all everyone everybody team staff family again you".split())


def _word_list(name: str, *, several_per_line: bool = False) -> frozenset[str]:
    """Lower-case entries of ``analysis/data/<name>``, one per line (or, with
    ``several_per_line``, every word of every line), without ``#`` comments.

    Raises
    ------
    OSError
        The file is missing or unreadable (it ships with the package).
    """
    text = (VOCAB_PATH.parent / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w.lower() for line in lines for w in (line.split() if several_per_line else [line]) if w)


def _fold(text: str) -> str:
    """``text`` with each accented letter as its base letter, one character for one, so that
    spans found in it are spans of ``text`` ("Seán" -> "Sean"; "ł" has no base letter and stays).

    >>> _fold("Róisín and Zoë")
    'Roisin and Zoe'
    """
    if text.isascii():
        return text
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(parts[0] if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]) else ch)
    return "".join(out)


_NAME_SET = _word_list("given_names.txt", several_per_line=True)
_FOLDED_NAMES = frozenset(_fold(n) for n in _NAME_SET)
#: Common surnames that are no everyday word (``analysis/data/surnames.txt``), accents folded.
_SURNAMES = frozenset(_fold(n) for n in _word_list("surnames.txt", several_per_line=True))
# Found in the text with its accents folded, so that a listed name written with its accents is
# caught too ("Seán", "Róisín", "Zoë").
FIRST_NAME = re.compile(
    r"\b(" + _trie({_fold(n).capitalize() for n in _NAME_SET}) + r"(?:-[A-Z][a-z]+)?"  # "Lisa-Marie"
    + r")(?:\s+(" + _CAP.replace("Ó|Ní|Nic|Uí|Ua", "Ó|O|Ní|Ni|Nic|Uí|Ui|Ua") + r"))?\b"
)
# A listed given name in lower case anywhere, when it is no everyday word of the training
# comments ("kev the porter", "gary and lorraine on nights"): in 30,000 real comments every
# such word was a name but two typos ("tim" for time, "tam" for team), left out here with
# names that are also idioms ("taking the mick").
_LOWER_NOT = frozenset("tim tam ben rob mick terry billy bobby sid ade".split())
# A given name in lower case straight after a strong cue: "thank you to sarah on reception".
LOWER_NAME = re.compile(
    r"\b(?i:thank(?:s| you| u)(?:\s+(?:so|very)\s+much)?(?:\s+to)?|ask(?:ed)? for|called|named)\s+("
    + _trie(_NAME_SET) + r")\b"
)

# "our jen", "wor kev": a listed name in lower case after "our" (everyday words too, but not
# the names that are mostly words: "our will", "our mark").
LOWER_OUR = re.compile(r"\b(?i:our|wor)\s+(" + _trie(_NAME_SET) + r")\b")


# A name in lower case after a title or "my name is": "dr ali", "mr jones", "dr j patel",
# "dr.khan", "my name is robbie", "my name is kevin smith", "nurse sarah". After the short titles
# (group 1) any word that is no everyday word of the training comments (nor a day, month or
# place) is taken; after "my name is" and the like (group 2) also a listed name that is an
# everyday word ("my name is mark") and a surname after it; "doctor" counts as a short title
# ("doctor patel"; "doctor dose" stays, "dose" being an everyday word); after "nurse", "matron",
# "sister" and "paramedic", whose next word is often ordinary ("nurse practitioner"), a listed
# given name that is no everyday word, or a word that is none (:func:`_after_long_title`:
# "nurse bloggs"; a tester's surnames in lower case had been left). A word that looks
# like a verb or adverb ("the dr apologized", "the dr explaned", "my name was spelt") is not
# taken unless it is a listed given name.
LOWER_TITLE_NAME = re.compile(
    r"\b(?i:(" + "|".join((*_SHORT_TITLES, "doctor")) + r")|(my name is|my name's|my names|i am called|i'm called|my name was|(?:her|his|their) name (?:is|was))"
    r"|nurse|matron|sister|paramedic)(?:\.\s*|\s+)(?!(?i:dr|drs|mr|mrs|ms|mx|miss|prof|nurse|sister|matron|paramedic|doctor)\b)((?:[a-z]\.?\s+)?[a-z][a-z'-]*[a-z])\b"
    r"(?:(\s+)([a-z][a-z'-]*[a-z])\b)?"
)
_VERB_LIKE = re.compile(r"(?:ed|ing|ly|ise|ize|ises|izes)$")
_NOT_AFTER_NAME_IS = frozenset("spelt spelled misspelt wrong missing down given taken used put mentioned".split())


def _lower_name_word(word: str, *, intro: bool, short_title: bool) -> bool:
    """Whether a lower-case ``word`` after a cue of :data:`LOWER_TITLE_NAME` is a name."""
    if word in _NOT_AFTER_NAME_IS:
        return False
    if word in WORD_NAMES:  # "the dr will ring", "nurse may come"; "my name is mark"
        return intro
    if _is_known(word):
        return True
    return (intro or short_title or _after_long_title(word)) and _is_name(word) and not _VERB_LIKE.search(word)


def _after_long_title(word: str) -> bool:
    """Whether a lower-case word after "nurse", "matron", "sister" or "paramedic" that is no
    everyday word may be a surname ("nurse bloggs", "matron smith"): three letters or more, no
    bare contraction ("havent", "didnt") and no verb with an "s" ("the nurse reassures", "rings"). In
    the 159k Nottinghamshire comments, every other such word was a typo, redacted to be safe."""
    ordinary = _ordinary_words()
    verb = word.endswith("s") and (word[:-1] in ordinary or (word.endswith("es") and word[:-2] in ordinary))
    verb = verb or (word.endswith("nt") and word[:-2] in ordinary)  # "havent", "didnt"
    return len(word) >= 3 and word.replace("'", "") not in _BARE_CONTRACTIONS and not verb


def _lower_title_name(match: re.Match[str]) -> str:
    """Replace the lower-case name after a title or "my name is" (group 3, with a surname after
    "my name is" in group 5) by [NAME] when :func:`_lower_name_word` takes it as one."""
    intro, short_title = bool(match.group(2)), bool(match.group(1))
    name = match.group(3).split()[-1]
    if intro and not match.group(2).lower().startswith(("my", "i")):
        # "her name was rachel": someone else's name, so a listed given name only ("his name
        # was mud", "her name was illegible" stay), and no surname after it
        if name in _NAME_SET and name not in WORD_NAMES:
            whole, at = match.group(0), match.start(3) - match.start(0)
            return whole[:at] + "[NAME]" + whole[match.end(3) - match.start(0) :]
        return match.group(0)
    if short_title and "." in match.group(3)[:2] and len(name) > 1:
        # an initial between title and word: "dr j. thompson", whatever the word
        at = match.start(3) - match.start(0)
        return match.group(0)[:at] + "[NAME]" + match.group(0)[match.end(3) - match.start(0) :]
    if not _lower_name_word(name, intro=intro, short_title=short_title):
        return match.group(0)
    if match.group(1) and match.group(1).lower() == "doctor" and not _is_known(name) and name in english_vocabulary():
        return match.group(0)  # "the doctor dose not listen": after the long title, no English word
    whole, at = match.group(0), match.start(3) - match.start(0)
    surname = match.group(5)
    if intro and surname and surname not in WORD_NAMES and _lower_name_word(surname, intro=False, short_title=True):
        return whole[:at] + "[NAME]"
    end = match.end(3) - match.start(0)
    return whole[:at] + "[NAME]" + whole[end:]


# Given names that are also everyday words: a name only after one of the cues below.
WORD_NAMES = frozenset(
    """bill bob faith frank grace hope ivy jan joy june lily mark may olive pat patience penny
    poppy precious ray rose ruby sue will blessing eve holly jade jordan summer shannon mason
    georgia nick amber""".split()
)
# Common surnames that are also everyday words: a surname only right after a given name, with
# a capital ("the nurse Dawn Hill", "Linda White helped me") or, in lower case, after a cue and
# a listed given name ("the nurse dawn hill"). Not the words that often open a sentence run on
# after a name ("Thanks Dawn Best nurse ever", "Long wait", "Little things"), nor a place.
SURNAME_WORDS = frozenset(
    """hill bell wood woods hall green brown white black grey gray king walker baker turner
    carter parker cooper porter fisher hunter knight bishop lord page cook hunt price rice fox
    lamb bird swan crane drake finch frost snow winter summers moss marsh heath field fields
    banks mills wells rivers brooks brook lane stone gold silver bond booth cross law noble
    hardy moody savage miller potter slater weaver thatcher tanner carpenter butler barber
    steward shepherd archer chambers marshall nightingale sparrow peacock hawk wolf bull buck
    salmon pike cotton pickles ball pool reed young driver miles waters berry grant dale
    skinner sharp golding fielding browning worker""".split()
)
# In lower case, not the surname words that are also verbs or run on after a name ("my carer
# jean cook and clean", "my son jack miles away", "my wife jean waters the plants").
_LOWER_SURNAME_WORDS = SURNAME_WORDS - frozenset("cook hunt cross miles waters sharp buck bull page grant".split())
# A name after a relative or carer: "my wife Doreen", "Aunty Parveen", "baby Isla".
_RELATIVE = (
    r"\b(?i:"
    + _trie(
        """wife husband hubby partner son daughter mum mam mom mother dad father nan nana nanna
        gran granny grandma grandad granddad grandmother grandfather grandson granddaughter
        grandchild brother sister aunt auntie aunty uncle niece nephew cousin fiance fiancee
        fiancé fiancée boyfriend girlfriend stepson stepdaughter stepmum stepdad missus carer
        nurse neighbour friend key_worker keyworker social_worker support_worker care_worker
        care_coordinator""".split()
    )
    + r")(?:s|-in-law)?\s+(?:called\s+|named\s+)?"
)
RELATIVE_NAME = re.compile(_RELATIVE + _SEQ)
# The same in lower case, a listed given name only, not one of the names that are mostly
# words: "my carer sharon", "the nurse kev" ("my son will", "my nan may" stay).
LOWER_RELATIVE_NAME = re.compile(_RELATIVE + r"(" + _trie(_NAME_SET | WORD_NAMES) + r")\b")
# A listed given name (not one of WORD_NAMES) and a surname that is an everyday word, in lower
# case after a cue: a relative or carer, a role, a title, thanks, "called" ("the nurse dawn
# hill", "my carer jean bell", "thank you jean white" kept "hill", "bell" and "white"). A
# function word, verb or the rest of the sentence after the name is never on the list, so
# "my carer jean went home" and "nurse dawn was kind" keep their words.
_GIVEN_CUE = (
    r"(?:" + _RELATIVE + r"|\b(?i:" + _ROLES + r"|paramedic|matron|doctor|" + "|".join(_SHORT_TITLES)
    + r"|thank(?:s| you| u)(?:\s+(?:so|very)\s+much)?(?:\s+to)?|called|named|ask(?:ed)? for)\.?\s+)"
)
#: A cheap test for whether :data:`LOWER_GIVEN_SURNAME` can match (most comments hold none of
#: the words; the cue's case-insensitive alternation is tried at every position).
_LOWER_SURNAME_WORD = re.compile(r"\b" + _trie(_LOWER_SURNAME_WORDS) + r"\b")
LOWER_GIVEN_SURNAME = re.compile(
    _GIVEN_CUE + r"((?i:" + _trie(_NAME_SET - WORD_NAMES) + r")\s+" + _trie(_LOWER_SURNAME_WORDS) + r")\b(?![\w'-])"
)
#: What follows a lower-case given name that is also a word when it stands as a name after a
#: relative or carer ("my carer sue and I", "my son will was born"): "my son will go" stays.
_AFTER_WORD_NAME = re.compile(r"\s+(?:and|was|is|has|had|who|said)\b")
# One of WORD_NAMES in lower case after thanks, "called" or "named", before "for", "and", a
# comma or the end of a sentence: "thank you will for all your help", "a nurse named grace,"
# ("thank you will be passed on", "called may be", "thanks to hope and prayer" stay); and
# after "thank" alone, before anything ("i want to thank hope at the food bank").
_WORD_NAME_TRIE = _trie(WORD_NAMES)
LOWER_THANKS_WORD_NAME = re.compile(
    r"\b(?:(?i:thank(?:s| you| u)(?:\s+(?:so|very)\s+much)?"
    r"(?:\s+to(?!\s+(?:faith|grace|hope|joy|patience|precious|blessing)\b))?"
    r"|called|named)\s+(?=" + _WORD_NAME_TRIE + r"(?:\s+(?:for|and|who)\b|\s*[,.!]|\s*$))|(?i:thank)\s+)("
    + _WORD_NAME_TRIE + r")\b"
)
# The same in capitals: "MY HUSBAND DEREK" (a listed given name only).
CAPS_RELATIVE_NAME = re.compile(_RELATIVE + r"([A-Z][A-Z'-]+)\b")
# A name in capitals after thanks: "Thanks to SARAH JONES the paramedic", "THANK YOU DAVE"
# (one word a listed given name; each word as after a title in capitals: "THANK YOU SO
# MUCH", "THANKS TO ALL", "thanks to SPAN" stay).
_THANKS = r"thank(?:s| you| u)?(?:\s+(?:so|very)\s+much)?(?:\s+to)?|grateful\s+to"
CAPS_THANKS_NAME = re.compile(
    r"\b(?i:" + _THANKS + r")\s+"
    r"([A-Z][A-Z'-]+)\b(?:\s+([A-Z][A-Z'-]+)\b)?"
)
# A surname in lower case right after a name found after thanks, "called" or a relative or
# carer ("thank you to [NAME] jones", "my neighbour [NAME] whitfield"), or a listed surname
# after a role or title ("the paramedic [NAME] jones"; not a word that is no surname there:
# "Dr [NAME] booklets", "the cook [NAME] dry", typos such as "Dr [NAME] shouild"); not
# elsewhere ("[NAME] cheers", "her name was [NAME] cheers"). The cue is looked for just before
# "[NAME]" only where "[NAME]" and a lower-case word are found (a case-insensitive alternation
# tried at every position of every comment cost more).
NAME_SURNAME = re.compile(r"\[NAME\](\s+)([a-z][a-z'-]*[a-z])\b")
_SURNAME_CUE = re.compile(r"(?:\b(?i:" + _THANKS + r"|ask(?:ed)? for|called|named)\s+|" + _RELATIVE + r")\Z")
_SURNAME_ROLE_CUE = re.compile(_GIVEN_CUE + r"\Z")
#: How far before "[NAME]" its cue may start (longer than any cue: "health care assistants called ").
_CUE_REACH = 48
#: Words said to someone thanked, never their surname ("thanks [NAME] pet").
_TERMS_OF_ADDRESS = frozenset(
    "cheers pet hun hon hinny love luv babe petal flower duck sweetheart darling lass lad mate pal".split()
)
# A name in brackets after a person or "name": "me da (george)", "the physio at james cook
# (sam)", "don't use my name (Ionela)", "the young lass (chloe i think)"; and after a comma
# with "I think": "a lass on the switchboard, Summer I think".
_PERSON = r"(?<!\[)(?i:" + _ROLES + r"|name|da|lass|lad|bloke|girl|boy)"
PAREN_NAME = re.compile(
    r"\b" + _PERSON + r"s?\b(?:\s+[\w'\ue000-\uf8ff]+){0,3}?\s*\(\s*([A-Za-z" + _UP[3:] + _LO[3:] + r"'-]+)"
    r"(?:\s+(?i:i think|i believe|i think it was))?\s*\)"
)
THINK_NAME = re.compile(r"\b" + _PERSON + r"s?\b[^.!?\n]{0,40}?,\s+(" + _CAP + r")\s+(?i:i think|i believe)\b")
# A listed given name with an age after it: "From Olive, aged 91" (not "Diagnosed with
# Parkinsons aged 60" or "Moved from Poland aged 7").
AGED_NAME = re.compile(r"\b(" + _CAP + r"),?\s+aged\s+\d{1,3}\b")
# A known given name after a word that is often part of a name of something ("baby Isla", but
# "Baby Massage" and "Baby Clinic" stay).
BABY_NAME = re.compile(r"\b(?i:baby|bairn|little one)\s+" + _SEQ)
# A name after thanks: "thank Aisha", "Thanks to Bob", "grateful to Doreen", "tell Joy".
THANKS_NAME = re.compile(
    r"\b(?:[Tt]hank(?:s| you| u)?(?:\s+(?:so|very)\s+much)?(?:\s+to)?|[Gg]rateful\s+to|"
    r"[Gg]ratitude\s+to|[Cc]heers\s+to|[Ss]hout\s?out\s+to|[Tt]ell)\s+" + _SEQ
)
# A name before "from the <place>": "Bob from the day centre".
FROM_NAME = re.compile(r"\b" + _SEQ + r"(?=\s+from\s+(?:the|our|your)\b)")
# A given name that is also a word, with a capital at the start of a sentence and a verb after
# it ("Will was my named nurse", "Ruby has helped so much", "Sue and other nurses were
# marvellous"); not "Will you ring me back", "Will be cured", "Will miss the banter", "Mark
# higher". May, June (months), Patience, Precious, Blessing and Summer never; Faith, Grace,
# Hope, Joy and Amber only before words said of a person ("Grace was lovely", "Joy listened";
# "Hope this helps", "Faith in the service", "Hope is all we have", "Amber was the colour"
# stay).
_SUBJECT_VERB = (
    r"(?i:was|is|has|had|did|does|said|says|told|tells|came|comes|went|goes|gave|gives|took|"
    r"takes|made|makes|saw|sees|rang|rings|kept|keeps|knew|knows|got|gets|found|brought|spoke|"
    r"speaks|showed|shows|helps|listens|explains|cares|loves|works|who|(?!shed|shred|embed)[a-z]{2,}(?<![e])ed)\b"
)
_PERSON_WORD = (
    r"(?:(?:was|is|has\s+been|had\s+been)\s+(?:(?:so|very|really|always|absolutely|extremely|such)\s+)?"
    r"(?:lovely|brilliant|amazing|fantastic|wonderful|excellent|kind|helpful|friendly|caring|"
    r"supportive|fab|fabulous|brill|superb|outstanding|marvellous|approachable|professional|"
    r"a\s+star|an\s+angel|a\s+gem|a\s+legend|a\s+credit)|helped|listened|explained|visited|rang|phoned)\b"
)
_ABSTRACT_NAMES = ("faith", "grace", "hope", "joy", "amber")
_NEVER_AT_START = ("may", "june", "patience", "precious", "blessing", "summer")
_NOT_BEFORE_AND = ("will", "jan", "holly", "olive", "ivy", "ruby")
_SUBJECT_NAMES = sorted(WORD_NAMES.difference(_ABSTRACT_NAMES, _NEVER_AT_START))
START_WORD_NAME = re.compile(
    r"\b(?:("
    + _trie(n.capitalize() for n in _SUBJECT_NAMES) + r")(?=\s+" + _SUBJECT_VERB
    + r"|\s+and\s)|(" + _trie(n.capitalize() for n in _ABSTRACT_NAMES) + r")(?=\s+" + _PERSON_WORD + r"))"
)
# A given name that is also a word before a listed surname, anywhere: "Will Smith", "Sue Bailey"
# (not "Rose Hill", "Penny Lane": surnames that are everyday words do not count here).
WORD_NAME_SURNAME = re.compile(r"\b(?:" + _trie(n.capitalize() for n in WORD_NAMES) + r")\s+(" + _CAP + r")")
#: A cheap test for both rules above: one of WORD_NAMES with a capital.
_CAP_WORD_NAME = re.compile(r"\b" + _trie(n.capitalize() for n in WORD_NAMES) + r"\b")


def _start_word_name(match: re.Match[str]) -> str:
    """[NAME] for a match of :data:`START_WORD_NAME` that opens the text or a sentence (after
    ".", "!" or "?" and a space, or a line break), unless it is one of the names not taken
    before "and" ("Will and testament", "Jan and Feb", "Holly and ivy")."""
    before = match.string[max(0, match.start() - 2) : match.start()]
    if match.start() and before[-1:] != "\n" and not (len(before) == 2 and before[0] in ".!?" and before[1].isspace()):
        return match.group(0)
    if match.group(1) and match.group(1).lower() in _NOT_BEFORE_AND:
        if match.string.startswith(" and", match.end()):
            return match.group(0)
    return "[NAME]"


def _word_name_surname(match: re.Match[str]) -> str:
    """[NAME] for a name that is also a word and a listed surname after it (group 1)."""
    return "[NAME]" if _fold(match.group(1).lower()) in _SURNAMES else match.group(0)


# More names in a list with one already found: "[NAME], Aisha and Bob", "Aisha & [NAME]".
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s*&\s*|\s+and\s+|\s+or\s+)"
LIST_AFTER = re.compile(r"\[NAME\]" + _JOIN + _SEQ)
LIST_BEFORE = re.compile(r"\b" + _SEQ + r"(?=" + _JOIN + r"\[NAME\])")

# Place-name endings (Sedgefield, Woodlands, Middlesbrough): not taken as names after a cue.
_PLACE = re.compile(
    r"[A-Z][a-z]{2,}(?:field|ton|ham|lands?|ford|wick|pool|bury|borough|brough|mouth|chester|"
    r"caster|shire|port|bridge|worth|stead|gate|moor|dale|woods?|lee|ley|by|side)"
)
_PLACES = _word_list("place_names.txt")
# Kept whole, never redacted: listed places and services, "St Mary's", "Queen Elizabeth",
# and a name that is part of a hospital's, school's or street's name.
_INSTITUTION = (
    r"(?:University\s+)?(?:Hospital|Hospice|Infirmary|University|Surgery|Health\s+Centre|"
    r"Medical\s+Centre|Medical\s+Practice|Centre|Clinic|School|College|Academy|Road|Street|"
    r"Avenue|Terrace|Crescent|Drive|Gardens|Close|Nursing\s+Home|Care\s+Home|Memorial|Ward|Suite|"
    r"Lodge|Unit)\b"
)
PROTECTED = re.compile(
    r"\b(?:(?i:" + _trie(_PLACES) + r")(?![\w])"
    r"|(?:St\.?|Saint|Queen|King|Prince|Princess|Duke|Duchess|Sir|Lady)\s+" + _CAP + r"(?:'s)?"
    r"|(?:" + _CAP + r"\s+){1,3}" + _INSTITUTION
    # a grant is no name there ("Carers Grant from the council"), nor is "Jack up the pay"
    + r"|(?:Carers'?|Carer's|Hardship|Discretionary|Council|Community|Support|Housing|Winter)\s+Grant\b|(?i:jack(?:ed|ing|s)?\s+up\s+the\s+(?:price|prices|cost|costs|rent|fees?|pay|charges?|parking)\b))"
)
# While names are looked for, each protected span becomes one private-use character, and so
# does each private-use character of the text itself; they are put back in order afterwards,
# so any number of them, in a text of any length, come back as they were.
_MASK = "\ue000"
_MASKED = re.compile("[\ue000-\uf8ff]|" + PROTECTED.pattern)
# A listed place that is a person's name where it stands: a surname after a found name ("Mary
# Stanley", "John Stockton"), or a name after a relative ("my husband Stanley"); group 1 is the
# cue. Not when a hospital or street word follows ("Stanley Hospital").
_PLACE_AS_NAME = re.compile(r"(\[NAME\]\s+|" + _RELATIVE + r")?" + _MASK)
_INSTITUTION_NEXT = re.compile(r"\s+" + _INSTITUTION, re.IGNORECASE)


@cache
def _ordinary_words() -> frozenset[str]:
    """Lower-case words used in at least two training comments (names there were removed)."""
    try:
        return frozenset(VOCAB_PATH.read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


_NOT_NAMES = frozenset(
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
    saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec january february march
    april july august september october november december hospital hospitals surgery
    surgeries centre centres clinic clinics ward wards unit units practice practices""".split()
) | {t.lower() for t in TITLES}


def _is_name(word: str) -> bool:
    """True for a capitalised word taken as a name after a cue: a known given name, or no
    everyday word ("You", "Everyone", "Has", "Ambulance" are not), day, month or place."""
    low = word.lower()
    if _PLACE.fullmatch(word) or low in _PLACES or any(part in _NOT_NAMES for part in low.split("-")):
        return False
    return _is_known(word) or low not in _ordinary_words()


def _is_known(word: str) -> bool:
    """True for a listed given name (with or without its accents: "Seán"), or one of
    :data:`WORD_NAMES`."""
    low = word.lower()
    return low in _NAME_SET or low in WORD_NAMES or _fold(low) in _FOLDED_NAMES


#: Capitalised words after a given name that start the next sentence, not a surname ("thank
#: you Dawn Today was better", "my son Jack We were"): pronouns, articles, conjunctions,
#: auxiliaries and a few sentence openers.
_NOT_SURNAMES = frozenset(
    """the a an and but or so if as at in on of to for from with by it its it's is was were are
    be been has had have do did does will would can could should may might must shall we they
    he she you i me my our your his her their them us this that these those there then when
    what who how why where which also very really just not no yes all everyone everything
    nothing someone something today tonight yesterday tomorrow thanks thank please sorry
    cheers hope lovely great brilliant after before now always never still again even only
    ever once here well""".split()
)


def _is_surname(word: str) -> bool:
    """Whether a capitalised ``word`` right after a listed given name is its surname: a listed
    surname, a surname that is also an everyday word (:data:`SURNAME_WORDS`: "Dawn Hill"), a
    listed place ("Brenda Whitfield": a village in Northumberland and a common North East
    surname), another given name ("Sarah Jane"), or a word that is no everyday word of the
    training comments and not an English word shaped like a verb or adverb. Not a day, month,
    service word, one of :data:`_NOT_SURNAMES` or another everyday word: that opens the next
    sentence ("my carer Jean Went home", "Nurse Dawn Always smiling", "Sarah Today was good").

    >>> [_is_surname(w) for w in ("Hill", "Thompson", "Went", "Today", "Smiled")]
    [True, True, False, False, False]
    """
    low = word.lower()
    if low in SURNAME_WORDS or not low.strip("x"):  # "Tracey Driver"; "Jackie Xxxx", a mark left by the data's owner
        return True
    if low in _NOT_NAMES or low in _NOT_SURNAMES:
        return False
    if _fold(low) in _SURNAMES or low in _PLACES or _is_known(word):
        return True
    if low in _ordinary_words():
        return False
    return not (_VERB_LIKE.search(low) and low in english_vocabulary())


def _in_name_run(words: list[str], i: int, keep: str) -> bool:
    """Whether ``words[i]`` (counted from the cue) is part of a name: right after a listed
    given name, :func:`_is_surname` ("the nurse Dawn Hill", "my carer Jean Bell", but "my carer
    Jean Went home" keeps "Went"), as :data:`FIRST_NAME` takes it with no cue; else
    :func:`_is_name`."""
    word = words[i]
    if keep == "first" and i > 0 and _is_known(words[i - 1]) and word[:1].isupper():
        return _is_surname(word)
    return _is_name(word)


def _cue_name(keep: str, known: bool = False):  # type: ignore[no-untyped-def]
    """Replace group 1 by [NAME], keeping only the run of name words next to the cue
    (``keep="first"``: words after the cue; ``"last"``: words before it). With ``known``
    (a weak cue) the run must hold a listed given name ("Wei Zhang", not "Sack")."""

    def repl(match: re.Match[str]) -> str:
        seq = match.group(1)
        spans = [w.span() for w in re.finditer(r"(?:(?:Ó|Ní|Nic|Uí|Ua)\s+)?\S+", seq)]
        near_cue = spans if keep == "first" else spans[::-1]
        words = [seq[a:b].split()[-1] for a, b in near_cue]
        n = next((i for i, w in enumerate(words) if not _in_name_run(words, i, keep)), len(near_cue))
        if n == 0 or (known and not any(_is_known(seq[a:b].split()[-1]) for a, b in near_cue[:n])):
            return match.group(0)
        at = match.start(1) - match.start(0)
        cut = (at, at + spans[n - 1][1]) if keep == "first" else (at + spans[-n][0], at + len(seq))
        whole = match.group(0)
        return whole[: cut[0]] + "[NAME]" + whole[cut[1] :]

    return repl


_AFTER_CUE = _cue_name("first")
_AFTER_CUE_KNOWN = _cue_name("first", known=True)
_BEFORE_CUE = _cue_name("last")
_BEFORE_CUE_KNOWN = _cue_name("last", known=True)


def _sub_folded(
    pattern: re.Pattern[str], tag: str, text: str, end: Callable[[re.Match[str]], int] | None = None
) -> str:
    """``text`` with each match of ``pattern`` in :func:`_fold` of it replaced by ``tag``; with
    ``end``, a function of the match, only up to where it says (the rest stays as written)."""
    folded = _fold(text)
    if folded == text and end is None:
        return pattern.sub(tag, text)
    out, last = [], 0
    for match in pattern.finditer(folded):
        out += [text[last : match.start()], tag]
        last = end(match) if end else match.end()
    return "".join(out) + text[last:]


def _first_name_end(match: re.Match[str]) -> int:
    """Where a match of :data:`FIRST_NAME` ends as a name: after its second word when that is a
    surname (:func:`_is_surname`), else after the given name ("[NAME] Went home")."""
    surname = match.group(2)
    return match.end(2) if surname and _is_surname(surname.split()[-1]) else match.end(1)


def _first_word_named(match: re.Match[str]) -> str:
    """Group 1, one or two words after a cue, becomes [NAME] when its first word is a name
    (:func:`_is_name`): "called [NAME]" for "called Steve Smith", but "I called Monday"."""
    if not _is_name(match.group(1).split()[0]):
        return match.group(0)
    return _TAG_NAME(match)


#: Contractions written without their apostrophe, common in comments in capitals.
_BARE_CONTRACTIONS = frozenset(
    "hed hes shes theyd youd theres youre theyre weve theyve aint ive id ill im wed well".split()
)


def _caps_word_is_name(word: str) -> bool:
    """Whether a word in capitals after a title is a name: a listed given name (not one of
    :data:`WORD_NAMES`), or a word that is no everyday word of the training comments (names
    were removed from those), no bare contraction ("WOULDNT", "HES") and not shaped like a
    verb ("TRIAGED")."""
    low = word.lower().replace("'", "")
    if (
        low in WORD_NAMES or low in _BARE_CONTRACTIONS or low.endswith("nt") or not _is_name(word.capitalize())
        or re.fullmatch(_JOB, word.capitalize())
    ):
        return False
    return (low in _NAME_SET) or (low not in _ordinary_words() and not _VERB_LIKE.search(low))


def _caps_title_name(match: re.Match[str]) -> str:
    """"MR [NAME]" when the capitals after the title are a name (:func:`_caps_word_is_name`);
    a second word goes too when it is one as well ("DR SARAH JONES")."""
    first, second = match.group(1), match.group(2)
    if not _caps_word_is_name(first):
        return match.group(0)
    whole, at = match.group(0), match.start(1) - match.start(0)
    if second and _caps_word_is_name(second):
        return whole[:at] + "[NAME]"
    return whole[:at] + "[NAME]" + whole[match.end(1) - match.start(0) :]


def _caps_thanks_name(match: re.Match[str]) -> str:
    """:func:`_caps_title_name` after thanks, when one of the words is a listed given name
    (not one of :data:`WORD_NAMES`): a word in capitals alone after thanks is often a
    service ("thanks to SPAN, which has now closed", "THANKS TO NEAS"); and a word with a
    letter three times over is no name but a word drawn out ("THANKS DAVE SOOOO MUCH")."""
    first, second = match.group(1), match.group(2)
    if not any(w and w.lower() in _NAME_SET and w.lower() not in WORD_NAMES for w in (first, second)):
        return match.group(0)
    if re.search(r"(\w)\1\1", first):
        return match.group(0)
    if second and re.search(r"(\w)\1\1", second):  # only the first: "THANKS DAVE SOOOO MUCH"
        return _TAG_NAME(match) if _caps_word_is_name(first) else match.group(0)
    return _caps_title_name(match)


def _surname(match: re.Match[str]) -> str:
    """"[NAME]" for "[NAME] jones" after thanks, "called" or a relative (:data:`_SURNAME_CUE`)
    when the lower-case word is a name (:func:`_is_name`: no everyday word of the training
    comments, day or month; a listed place that is no everyday word counts, "[NAME]
    whitfield"), no listed given name that is also a word, no bare contraction, three letters
    or more and not shaped like a verb ("[NAME] said", "[NAME] and", "[NAME] helped", "[NAME]
    weighs", "[NAME] pet" stay); after a role or title only a listed surname ("the paramedic
    [NAME] jones", but "Dr [NAME] booklets")."""
    word = match.group(2)
    reach = max(0, match.start() - _CUE_REACH)
    if not _SURNAME_CUE.search(match.string, reach, match.start()):
        if _fold(word) in _SURNAMES and _SURNAME_ROLE_CUE.search(match.string, reach, match.start()):
            return match.group(0)[: match.start(1) - match.start(0)]
        return match.group(0)
    if (
        len(word) < 3 or word in WORD_NAMES or word in _TERMS_OF_ADDRESS or word.replace("'", "") in _BARE_CONTRACTIONS
        or _VERB_LIKE.search(word) or re.search(r"(\w)\1\1", word)
        or (word.endswith("s") and word[:-1] in _ordinary_words())  # "[NAME] weighs"
        or not (_is_name(word) or (word in _PLACES and word not in _ordinary_words()))
    ):
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)]


def _caps_known(match: re.Match[str]) -> str:
    """Group 1 in capitals becomes [NAME] when it is a listed given name other than the
    :data:`WORD_NAMES` ("MY HUSBAND JOHN", not "MY HUSBAND WILL")."""
    word = match.group(1).lower()
    if word in _NAME_SET and word not in WORD_NAMES:
        return _TAG_NAME(match)
    return match.group(0)


def _named_if_name(match: re.Match[str]) -> str:
    """Group 1 becomes [NAME] when it is a listed given name in any case, or one of
    :data:`WORD_NAMES` with a capital ("me da (george)", "Summer I think"; not "our GP
    (Torkard)", "the doctor (may) ring", "(May)" the month, "(yasmin)" the pill)."""
    word = match.group(1)
    low = word.lower()
    if low in _NOT_NAMES or low in ("may", "june") or low in _PILL_NAMES or (low in WORD_NAMES and not word[:1].isupper()):
        return match.group(0)
    if _is_known(word):
        return _TAG_NAME(match)
    return match.group(0)


#: Medicines sold under a given name ("the nurse switched my pill (yasmin)").
_PILL_NAMES = frozenset("yasmin katya hana lucette yaz cilique millinette".split())


def _title_name(match: re.Match[str]) -> str:
    """"Dr [NAME]" for a match of :data:`TITLE_NAME`, leaving a second word that is no surname
    (:func:`_is_surname`: "Nurse [NAME] Always smiling", "Dr [NAME] Came back"), as after
    other cues."""
    words = match.group(1).split()
    if len(words) == 2 and words[0][1:2].islower() and not _is_surname(words[1]):
        at = match.start(1) - match.start(0)
        return match.group(0)[:at] + "[NAME]" + match.group(0)[at + len(words[0]) :]
    return _TAG_NAME(match)


def _signature(match: re.Match[str]) -> str:
    """A sign-off's name becomes [NAME] unless it is a word such as "All" or "Team"."""
    if any(w.lower() in _NOT_SIGNATURE for w in match.group(1).split()):
        return match.group(0)
    return _TAG_NAME(match)


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


@cache
def _lower_first_name() -> re.Pattern[str]:
    """Listed given names in lower case that are no everyday word (:func:`_ordinary_words`),
    nor one of :data:`WORD_NAMES` or :data:`_LOWER_NOT`, three letters or more, folded."""
    ordinary = _ordinary_words()
    names = {
        _fold(n) for n in _NAME_SET
        if len(n) >= 3 and n not in ordinary and n not in WORD_NAMES and n not in _LOWER_NOT and n not in _PILL_NAMES
    }
    return re.compile(r"(?<![\w'\[])" + _trie(names) + r"(?![\w'\]])")


def _lower_our(match: re.Match[str]) -> str:
    """"our [NAME]", "my carer [NAME]" unless the word is one of :data:`WORD_NAMES` ("our
    will", "my son will")."""
    return match.group(0) if match.group(1).lower() in WORD_NAMES else _TAG_NAME(match)


def _lower_relative(match: re.Match[str]) -> str:
    """:func:`_lower_our` after a relative or carer, and one of :data:`WORD_NAMES` too when a
    word that follows a name comes next (:data:`_AFTER_WORD_NAME`: "my carer [NAME] and I",
    but "my son will go", "my nan may come")."""
    if match.group(1).lower() in WORD_NAMES and _AFTER_WORD_NAME.match(match.string, match.end()):
        return _TAG_NAME(match)
    return _lower_our(match)


def _nhs(match: re.Match[str]) -> str:
    return "[NHS_NUMBER]" if nhs_number_valid(match.group(0)) else match.group(0)


def _group1(tag: str):  # type: ignore[no-untyped-def]
    def repl(match: re.Match[str]) -> str:
        start, end = match.span(1)
        s = match.group(0)
        off = match.start(0)
        return s[: start - off] + tag + s[end - off :]

    return repl


_TAG_NAME = _group1("[NAME]")


def _whole_or_group1(tag: str):  # type: ignore[no-untyped-def]
    """Replace group 1 by ``tag`` when the pattern's cued alternative matched, else the whole match."""
    inner = _group1(tag)

    def repl(match: re.Match[str]) -> str:
        return inner(match) if match.group(1) else tag

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
        ``[DATE_OF_BIRTH]``, ``[REFERENCE]`` (hospital, case, complaint and National
        Insurance numbers, vehicle registrations, social media usernames), ``[ADDRESS]`` and ``[NAME]`` tags.

    Notes
    -----
    Rule-based: a free-standing uncommon name with no cue is not caught ("Lily helped" in the
    middle of a sentence), nor most lower-case names after a soft cue. After the soft cues
    (relatives, thanks, "from the", lists) a capitalised word counts as a name only if it is a
    listed given name or not an everyday word of ``analysis/data/english_vocab.txt`` (nor a
    day, month or listed place), so "thank You" and "my son Has" stay; given names that are
    also everyday words count only after a cue ("my daughter Grace", not "by the grace of").
    The weakest cues (a role or workplace after the name, "I'm", "our", "baby") need a listed
    given name in the run ("Wei Zhang in pharmacy", but "Sack the psychiatrist" stays).
    Sources: NHS number check digit (NHS Data Dictionary); UK postcode format (ONS);
    Ofcom's numbers for drama for the phone examples; given names (ONS baby-name lists and
    common names of the UK's larger communities, chosen by hand).

    Examples
    --------
    >>> redact("Call 07700 900123 or mail jo.b@example.org, NHS no 943 476 5919")
    'Call [PHONE] or mail [EMAIL], NHS no [NHS_NUMBER]'
    >>> redact("Nurse Jones and Dave were kind")
    'Nurse [NAME] and [NAME] were kind'
    >>> redact("Sister O'Neill and my wife Doreen thank Bob from the day centre")
    'Sister [NAME] and my wife [NAME] thank [NAME] from the day centre'
    >>> redact("Seen at James Cook by Dr. Ó Súilleabháin; Regards, Margaret Hughes")
    'Seen at James Cook by Dr. [NAME]; Regards, [NAME]'
    """
    if not text:
        return text
    if _OTHER_DIGIT.search(text):  # "０７７００ ９００１２３" is a phone number too
        text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.digit(m.group(0))), text)
    original = text
    text = EMAIL.sub(_group1("[EMAIL]"), text)
    if " at " in text.lower() or "(at)" in text or "[at]" in text or "@" in text:
        text = SPELT_EMAIL.sub(_spelt_email, text)
    text = _NHS_LOOSE.sub(_nhs, text)  # holds every _NHS_CANDIDATE form, so one pass
    text = PHONE.sub("[PHONE]", text)
    # Ten digits that fail the check and are no phone number are still someone's number,
    # mistyped or of another scheme ("my nhs number is 612-345-6780"): a reference.
    text = _NHS_CANDIDATE.sub("[REFERENCE]", text)
    text = POSTCODE.sub("[POSTCODE]", text)
    text = BFPO.sub("[POSTCODE]", text)
    text = DOB.sub(_group1("[DATE_OF_BIRTH]"), text)
    text = OLD_DATE.sub("[DATE_OF_BIRTH]", text)
    text = NI_NUMBER.sub("[REFERENCE]", text)
    text = REFERENCE.sub(_group1("[REFERENCE]"), text)
    # the rules below run only where their cue can occur (a cheap test first: most comments
    # hold no capitals run, bracket, "@" or "aged")
    caps = _CAPS_RUN.search(text) is not None
    low = text.lower()
    if caps or "reg" in low:
        text = VEHICLE.sub(_whole_or_group1("[REFERENCE]"), text)
    if "@" in text or _APP_WORD.search(low):
        text = USERNAME.sub(_whole_or_group1("[REFERENCE]"), text)
    if "-" in text:
        text = CODE.sub("[REFERENCE]", text)
    text = ADDRESS.sub("[ADDRESS]", text)
    if "[ADDRESS]" in text:
        text = FLAT_ADDRESS.sub("[ADDRESS]", text)
    text = NAMED_HOUSE.sub("[ADDRESS]", text)
    if _LOWER_SURNAME_WORD.search(text):  # before titles take the given name alone
        text = LOWER_GIVEN_SURNAME.sub(_TAG_NAME, text)
    text = TITLE_NAME.sub(_title_name, text)
    if caps:
        text = CAPS_TITLE_NAME.sub(_caps_title_name, text)
    # Protected place and service names are masked while names are looked for.
    kept: list[str] = []

    def mask(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return _MASK

    text = _MASKED.sub(mask, text)
    text = SIGN_OFF.sub(_signature, text)
    text = ROLE_NAME.sub(_AFTER_CUE, text)
    text = INTRO_NAME.sub(_TAG_NAME, text)
    text = CALLED_NAME.sub(_first_word_named, text)
    text = LOWER_NAME.sub(_TAG_NAME, text)
    if "thank" in low or "called" in low or "named" in low:
        text = LOWER_THANKS_WORD_NAME.sub(_TAG_NAME, text)
    text = LOWER_TITLE_NAME.sub(_lower_title_name, text)
    text = SELF_NAME.sub(_AFTER_CUE_KNOWN, text)
    text = RELATIVE_NAME.sub(_AFTER_CUE, text)
    if caps:
        text = CAPS_RELATIVE_NAME.sub(_caps_known, text)
        text = CAPS_THANKS_NAME.sub(_caps_thanks_name, text)
    if "(" in text:
        text = PAREN_NAME.sub(_named_if_name, text)
    if "think" in low or "believe" in low:
        text = THINK_NAME.sub(_named_if_name, text)
    if "aged" in low:
        text = AGED_NAME.sub(_named_if_name, text)
    text = OUR_NAME.sub(_AFTER_CUE_KNOWN, text)
    text = THANKS_NAME.sub(_AFTER_CUE, text)
    text = FROM_NAME.sub(_BEFORE_CUE, text)
    text = NAME_ROLE.sub(_BEFORE_CUE_KNOWN, text)
    text = NAME_PLACE.sub(_BEFORE_CUE_KNOWN, text)
    text = BABY_NAME.sub(_AFTER_CUE_KNOWN, text)
    text = _sub_folded(FIRST_NAME, "[NAME]", text, _first_name_end)
    if _CAP_WORD_NAME.search(text):
        text = START_WORD_NAME.sub(_start_word_name, text)
        text = WORD_NAME_SURNAME.sub(_word_name_surname, text)
    text = _sub_folded(_lower_first_name(), "[NAME]", text)
    text = LOWER_OUR.sub(_lower_our, text)
    text = LOWER_RELATIVE_NAME.sub(_lower_relative, text)
    for _ in range(10):  # a list of names, one found per pass from each end
        before = text
        text = LIST_AFTER.sub(_AFTER_CUE, text)
        text = LIST_BEFORE.sub(_BEFORE_CUE, text)
        if text == before:
            break
    if "[NAME] " in text:
        text = NAME_SURNAME.sub(_surname, text)
    if kept:  # no step above adds, drops or moves a mask character
        text = _unmask(text, kept)
    return _same_names_elsewhere(original, text)


_TOKEN = re.compile(r"\[[A-Z_]+\]|[\w'-]+|[^\w\s]")
_TAG = re.compile(r"\[[A-Z_]+\]")
#: Tokens compared after a resynchronisation point before it is trusted; how many places of a
#: token, and how many tokens of the redacted text, are tried before giving up on one.
_ANCHOR, _TRIES, _AHEAD = 3, 32, 64


def _resync(a: list[str], b: list[str], i: int, j: int, where: dict[str, list[int]]) -> tuple[int, int] | None:
    """Where ``a`` and ``b`` agree again after they differ at ``a[i]`` and ``b[j]``: the
    first token of ``b`` that is no tag and is found in ``a`` further on (after ``a[i]`` if a
    tag came first) with the tokens after it, up to :data:`_ANCHOR` or the next tag. The ends
    of both when ``b`` ends first; None when nothing is found within the bounds above."""
    tagged = False
    for j2 in range(j, min(len(b), j + _AHEAD)):
        if _TAG.fullmatch(b[j2]):
            tagged = True
            continue
        span = 1
        while span < _ANCHOR and j2 + span < len(b) and not _TAG.fullmatch(b[j2 + span]):
            span += 1
        places = where.get(b[j2], [])
        first = bisect.bisect_left(places, i + tagged)
        for k in places[first : first + _TRIES]:
            if a[k : k + span] == b[j2 : j2 + span]:
                return k, j2
    return (len(a), len(b)) if j + _AHEAD >= len(b) else None


def _replaced(a: list[str], b: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    """The stretches where ``b`` (the tokens of a redaction of the text whose tokens are ``a``)
    differs from ``a``: pairs of the tokens of ``a`` replaced and the tokens of ``b`` (tags,
    and what is left of a word a tag took part of: "'s" of "[NAME]'s") put in their place.

    Redaction only replaces spans by tags, so after each difference the two agree again
    (:func:`_resync`); if no such place is found within its bounds (never in real comments),
    the two differing tokens are paired and the walk goes on. Each token is looked at a
    bounded number of times, so this takes time about linear in the length (difflib's
    matcher, used before, took cubic time on a comment repeating one sentence: 49 s at
    16 KB); on the real comments it finds the same stretches.

    >>> list(_replaced(["Dr", "Ann", "Lee", "was", "kind"], ["Dr", "[NAME]", "was", "kind"]))
    [(['Ann', 'Lee'], ['[NAME]'])]
    """
    where: dict[str, list[int]] = {}
    for k, tok in enumerate(a):
        where.setdefault(tok, []).append(k)
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        k, j2 = _resync(a, b, i, j, where) or (i + 1, j + 1)
        if k > i and j2 > j:
            yield a[i:k], b[j:j2]
        i, j = k, j2


def _sub_words(text: str, found: set[str], lead: re.Pattern[str]) -> str:
    """``text`` with each of the words ``found`` replaced by [NAME] where it stands whole at a
    place ``lead`` matches: the longest that fits first, and not before a word character or
    "]" (the same as one regular expression of the words joined by "|", longest first, but
    in time about linear in the length of ``text`` however many words are found)."""
    lengths = sorted({len(w) for w in found}, reverse=True)
    out, last, pos = [], 0, 0
    while (start := lead.search(text, pos)) is not None:
        s = start.end()
        pos = s + 1
        for n in lengths:
            e = s + n
            if e <= len(text) and (e == len(text) or not (text[e].isalnum() or text[e] in "_]")) and text[s:e] in found:
                out += [text[last:s], "[NAME]"]
                last = pos = e
                break
    return "".join(out) + text[last:]


#: Where a word that is a name wherever it stands may start; and one that is also an
#: everyday word (only with a capital, after a lower-case word or a comma).
_NAME_LEAD = re.compile(r"(?<![\w\[])(?=\w)")
_WORD_LEAD = re.compile(r"(?<=[a-z,] )(?=\w)")


def _same_names_elsewhere(original: str, text: str) -> str:
    """``text`` (``original`` redacted) with every other occurrence of a word that became
    [NAME] somewhere replaced too, written the same way: "support worker ([NAME]) ... how much
    Shannon has meant" names her still. Only words that are names wherever they stand: a
    listed given name other than :data:`WORD_NAMES` ("Shannon" and the like only with a capital
    after a lower-case word), or a word of three letters or more that is no English word
    (training comments or TextBlob's spelling list), place, day, month or title."""
    if "[NAME]" not in text:
        return text
    names: set[str] = set()
    words: set[str] = set()  # names that are also words: only with a capital, after a lower-case word
    seen: set[str] = set()
    for gone, put in _replaced(_TOKEN.findall(original), _TOKEN.findall(text)):
        if "[NAME]" not in put:
            continue
        for word in gone:
            if word in seen:
                continue
            seen.add(word)
            low = word.lower()
            if len(word) < 3 or not word[0].isalpha() or low in _NOT_NAMES:
                continue
            if low in WORD_NAMES:
                if word[0].isupper():
                    words.add(word)
            elif low in _NAME_SET or (
                low not in _ordinary_words() and low not in english_vocabulary() and low not in _PLACES
                and not _PLACE.fullmatch(word) and "-" not in word
            ):
                names.add(word)
    for found, lead in ((names, _NAME_LEAD), (words, _WORD_LEAD)):
        if found:
            text = _sub_words(text, found, lead)
    return text


def _unmask(text: str, kept: list[str]) -> str:
    """Put the masked spans ``kept`` back in order, each as it was or, for a one-word listed
    place standing as a person's name (:data:`_PLACE_AS_NAME`), as ``[NAME]``."""
    spans = iter(kept)

    def put_back(match: re.Match[str]) -> str:
        span, cue = next(spans), match.group(1) or ""
        if (
            cue
            and span.isalpha()
            and span[0].isupper()
            and span.lower() in _PLACES
            and not _INSTITUTION_NEXT.match(text, match.end())
        ):
            return "[NAME]" if cue.startswith("[NAME]") else cue + "[NAME]"
        return cue + span

    return _PLACE_AS_NAME.sub(put_back, text)
