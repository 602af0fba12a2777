"""Urgent-comment flag: safeguarding, abuse or neglect, self-harm or suicide risk, serious
harm or injury, medication errors, threats.

Tuned for recall: a flagged comment goes to a human review queue and is never quoted
automatically. Known near misses are excluded by pattern ("fell asleep", "felt safe",
"minor injuries unit", "killing time", "sexual health clinic").
"""
from __future__ import annotations

import re

from analysis.text import expand_contractions

__all__ = ["URGENT_KINDS", "urgent_reason"]

_NEG = r"(?<!not )(?<!never )(?<!no )(?<!nor )(?<!without )"
#: A person on the receiving end: a pronoun, a family word or "my <word>" ("my nan", "my dad").
_WHO = (
    r"(?:me|him|her|them|us|mum|mam|dad|nan|nana|gran|grandad|grandma|my \w+|(?:his|her|their|our) \w+)"
)
#: People whose behaviour towards someone can be a safeguarding matter.
_CARER = r"(?:(?:the|my|his|her|their|our|a|one|some) )?(?:(?:home )?carers?|care workers?|staff|workers?|manager)"
#: Not after a negation or "nobody" ("nobody shouted at me", "not afraid to speak up").
_NOT_DENIED = _NEG + r"(?<!nobody )(?<!no one )(?<!anyone )(?<!never been )"

#: kind -> patterns (lower-case text, contractions expanded). Order = reporting priority.
URGENT_KINDS: dict[str, tuple[str, ...]] = {
    "self_harm_or_suicide": (
        r"suicid\w*", r"kill(?:ing)? (?:myself|himself|herself|themselves)", r"end(?:ing)? (?:my|his|her) (?:own )?life",
        r"take (?:my|his|her) own life", r"took (?:my|his|her) own life", r"end it all", r"self[- ]?harm\w*",
        r"cut(?:ting)? (?:myself|himself|herself)", r"(?:took|taken|take) an overdose", r"overdos(?:e|ed|ing) on",
        r"(?:do|does|did) not want to (?:live|be alive|be here any ?more)", r"no (?:reason|point) (?:to|in) (?:live|living)",
        r"better off dead", r"want(?:ed)? to die", r"hang (?:myself|himself|herself)",
    ),
    "safeguarding_abuse_or_neglect": (
        r"safeguarding", _NEG + r"abus(?:e|ed|ive|ing)(?! of the system)", _NEG + r"neglect(?:ed|ful|ing)?",
        r"(?:hit|slapped|punched|kicked|pinched|restrained) (?:me|him|her|my|mum|dad|them)\b",
        r"hurt (?:me|him|her|them|mum|dad|my (?:mum|dad|mother|father|son|daughter|wife|husband|child))\b",
        r"(?:pushed|shoved|grabbed) (?:me|him|her|them|my \w+) (?:over|down|against|roughly|hard|to the (?:floor|ground))",
        r"rough(?:ly)? handled|manhandled",
        r"assault\w*", r"sexual(?:ly)? (?:assault|abuse|harass|comment|touch)\w*", r"touched (?:me|her|him) inappropriately",
        r"inappropriate(?:ly)? touch\w*", r"bruis(?:e|es|ed|ing) (?:on|all over)",
        # neglect: left in a wet or soiled bed, unfed, unwashed
        r"left " + _WHO + r" (?:\w+ )?in (?:an? |the |his |her |my |their )?(?:own )?(?:soiled|dirty|wet|soaking|urine|faeces|feces)",
        r"(?:soiled|dirty|wet|soaking) (?:bed|bedding|sheets|pad|pads|clothes|nightie|pyjamas) (?:all night|all day|for hours|for days|overnight)",
        r"(?:sat|lying|left) in (?:his|her|my|their) own (?:urine|faeces|feces|mess)", r"no food or (?:water|drink)",
        r"(?:not|never) (?:been )?(?:fed|washed|changed|turned)\b(?: \w+)? (?:for (?:\w+ )?(?:hours|days|a day|a week)|all (?:night|day)|overnight)",
        r"(?:nobody|no one|never) (?:fed|washed|changed|turned) " + _WHO + r"\b",
        r"locked (?:me|him|her|them) in",
        # emotional and verbal abuse by the people caring for someone
        _NOT_DENIED + r"(?:shouted|screamed|yelled|swore|swearing|shouting|screaming) at " + _WHO + r"\b",
        r"humiliat(?:ed|ing|e) " + _WHO + r"\b", r"called " + _WHO + r" (?:names|stupid|a liar|an idiot|useless)",
        r"bullied by (?:staff|a nurse|a carer|the carer)", _NOT_DENIED + r"bully(?:ing)? " + _WHO + r"\b",
        # fear of carers, or of speaking up
        _NOT_DENIED + r"(?:scared|afraid|frightened|terrified) of " + _CARER + r"\b",
        _NOT_DENIED + r"(?:scared|afraid|frightened|terrified|too scared|too frightened) to (?:complain|speak up|say anything|tell anyone|report)",
        # financial abuse
        r"financial(?:ly)? abus\w*", r"stole (?:from|money)", r"stolen from",
        r"(?:takes|taking|took|taken|helped (?:herself|himself) to) (?:money|cash|jewellery|things|valuables|bank cards?) (?:from|out of)",
        r"(?:money|cash|jewellery|purse|wallet|bank card|valuables) (?:has |have |had |was |were |keeps )?(?:gone missing|went missing|go missing|going missing|disappeared|been taken)",
        r"domestic violence",
    ),
    "serious_harm_or_injury": (
        r"(?:had|has|have) a (?:bad |nasty |serious )?fall\b", r"fell (?:down|over|out|off|from|on|onto|and|in the|whilst|while|when)",
        r"(?:dropped|dropping) (?:me|him|her|my|them)\b", r"broke(?:n)? (?:my|his|her|their) \w+", r"fracture[ds]?\b",
        r"(?:serious(?:ly)?|bad(?:ly)?|severe(?:ly)?) (?:injur\w*|hurt|harm\w*)", _NEG + r"injured",
        r"(?:left|lying|lay) on the floor", r"(?:could|might|nearly|almost) have died", r"(?:nearly|almost) died",
        r"died (?:because|after|waiting|due|as a result)", r"(?:heart attack|stroke|sepsis) (?:was )?(?:missed|ignored)",
        r"bleeding (?:heavily|badly|everywhere)", r"avoidable (?:harm|death)", r"(?:burnt|scalded) (?:me|him|her)",
        r"pressure (?:sore|ulcer)s?", r"head injury", r"unconscious",
    ),
    "medication_error": (
        r"wrong (?:medication|medicine|meds|tablets?|dose|dosage|drug|injection|prescription|insulin)",
        r"medication (?:error|mistake|mix[- ]?up)", r"(?:someone|somebody) else'?s (?:medication|tablets|medicine)",
        r"(?:missed|forgot(?:ten)?) (?:my |his |her |their )?(?:dose|medication|medicine|tablets|insulin)",
        r"(?:not|never) (?:given|gave|got|received) (?:(?:me|him|her|them|my|his|their|any) )*(?:medication|medicine|tablets|insulin|pain relief)",
        r"overdosed\b(?! on)", r"double dose", r"(?:given|gave) (?:me |him |her )?(?:the )?wrong",
        r"allergic reaction to (?:the |a )?(?:medication|drug|antibiotic)", r"allergic to .{0,40}(?:given|gave)",
    ),
    "threat_or_violence": (
        r"threat(?:en|ened|ening|s)?\b(?! weather)", r"(?:i will|i am going to|going to|gonna) (?:kill|hurt|stab|smash|batter|beat up|get you|get them|get him|get her)\b",
        r"\b(?:knife|weapon|gun|bomb)\b(?! and fork)", r"violent\w*", r"aggressive (?:towards|to) (?:me|him|her|us|staff)",
        r"i know where (?:you|they|she|he) live", r"(?:punch|hit|kill) (?:the|that|this|a) (?:driver|nurse|doctor|paramedic|call handler)",
    ),
}
_NEAR_MISS = re.compile(
    r"fell asleep|fall(?:ing)? asleep|fell in love|fell through|fell short|fell apart|"
    r"minor injur\w* (?:unit|clinic)|sexual health|falls? clinic|falls? team|killing time|"
    r"knife and fork|threatening weather|wet ?rooms?|(?:substance|drug|drugs|alcohol) (?:abuse|misuse)",
)
_COMPILED = {k: re.compile(r"(?<!\w)(?:" + "|".join(v) + r")") for k, v in URGENT_KINDS.items()}


def urgent_reason(text: str) -> str:
    """Return why ``text`` needs urgent follow-up ('' when it does not).

    Parameters
    ----------
    text : str
        Normalised comment (:func:`analysis.text.normalise`); any case.

    Returns
    -------
    str
        ``'<kind>: "<matched words>"'`` for the first kind (in :data:`URGENT_KINDS` order)
        whose pattern matches, e.g. ``'medication_error: "wrong tablets"'``; ``''`` if none.

    Notes
    -----
    High-recall keyword rules written for this project from the CQC / NHS safeguarding
    categories (abuse, neglect, self-harm, serious injury, medication incidents,
    violence). Near misses listed in ``_NEAR_MISS`` are removed before matching.

    Examples
    --------
    >>> urgent_reason("I fell asleep in the ambulance")
    ''
    >>> urgent_reason("They gave mum the wrong tablets")
    'medication_error: "wrong tablets"'
    """
    if not text:
        return ""
    low = _NEAR_MISS.sub(" ", expand_contractions(text).lower())
    for kind, rx in _COMPILED.items():
        m = rx.search(low)
        if m:
            return f'{kind}: "{m.group(0).strip()}"'
    return ""
