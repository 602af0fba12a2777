"""Urgent-comment flag: safeguarding, abuse or neglect, self-harm or suicide risk, serious
harm or injury, medication errors, threats.

Tuned for recall: a flagged comment goes to a human review queue and is never quoted
automatically. Known near misses are excluded by pattern ("fell asleep", "felt safe",
"minor injuries unit", "killing time", "sexual health clinic").
"""
from __future__ import annotations

import re

from analysis.text import expand_contractions

__all__ = ["URGENT_KINDS", "urgent_kind", "urgent_reason"]

_NEG = r"(?<!not )(?<!never )(?<!no )(?<!nor )(?<!without )"
#: A person on the receiving end: a pronoun, a family word or "my <word>" ("my nan", "my dad").
_WHO = (
    r"(?:me|him|her|them|us|mum|mam|dad|nan|nana|gran|grandad|grandma|my \w+|(?:his|her|their|our) \w+)"
)
#: People whose behaviour towards someone can be a safeguarding matter.
_CARER = r"(?:(?:the|my|his|her|their|our|a|one|some) )?(?:(?:home )?carers?|care workers?|staff|workers?|manager)"
#: Someone close who may be the one causing harm (domestic abuse, coercion).
_CLOSE = r"(?:him|her|them|my (?:husband|wife|partner|ex|son|daughter|brother|sister|dad|father|mum|mother|boyfriend|girlfriend|carer))"
#: Someone's money or means of getting at it.
_MONEY = r"(?:pension|benefits|money|savings|cash|bank cards?|cards?|pin number|pin)"
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
        r"(?:no|not see the|not see any|not see much) point (?:in |of )?(?:going on|carrying on|living|being here|being alive)",
        r"(?:can not|cannot) (?:go|carry) on any ?more",
        r"cut(?:s|ting)? (?:my|his|her|their) (?:arms?|wrists?|legs?|skin)", r"cuts (?:myself|himself|herself)",
        r"(?:saving|saved|stockpil\w+|hoard\w+) (?:up )?(?:my |his |her |their )?(?:tablets|pills|medication|meds|paracetamol)",
        r"in case (?:it|things) (?:gets?|got) too much",
        r"see (?:the|any) point (?:in |of )?(?:going on|carrying on|living|being here|being alive)",
        r"better off (?:not being here|not here|without (?:me|him|her|them))", r"sort(?:ed|ing)? out (?:my|his|her) affairs",
        r"giv(?:e|es|ing|en) (?:all )?(?:my|his|her) (?:things|stuff|belongings|possessions) away",
        r"(?:started|been|am|is|was) cutting (?:again|myself|himself|herself)", r"cutting again",
        r"(?:will not|would not) be (?:around|here) (?:much |for )?(?:longer|long|any ?more)",
        r"(?:took|taking|taken|take|swallowed) (?:too many|a lot of|loads of|all (?:my|his|her|the)) (?:pills|tablets|paracetamol|meds)",
        r"(?:stood|standing|was|been|went) (?:up )?on (?:the|a) (?:bridge|ledge|edge of)",
        r"(?:went|go|going|been|gone) up (?:the|a) (?:bridge|multi-?storey|tower|cliff)", r"step(?:ping|ped)? (?:out )?in front of (?:a|the) (?:train|bus|lorry|car|traffic)",
        r"tablets? (?:saved|stashed|hidden) up", r"(?:saved|stashed|hoarded) (?:up )?(?:a few |some |loads of |a fair few )?(?:tablets|pills)",
        r"made my mind up", r"(?:i will|i am going to) be gone (?:by|before)", r"be done with it", r"take us both",
        r"burn(?:ing|s|t|ed)? (?:her|his|my|their) (?:arms|legs|skin|wrists) with", r"jump(?:ed|ing)? (?:off (?:the|a) (?:bridge|roof|building)|in front of)",
        # 2026-11-30, from how risk is put into words (NICE NG225 self-harm; crisis-line wording),
        # not from any test set
        r"wish(?:ed|es)? (?:i|he|she|they) (?:was|were) (?:dead|gone|not here|not alive)", r"tired of (?:living|being alive|life)",
        r"(?:do|does|did) not want to wake up (?:again|any ?more|tomorrow|in the morning)", r"(?:harm|harming|hurt|hurting) (?:myself|himself|herself)",
        r"(?:not|never) (?:feel )?safe (?:from|with) (?:myself|himself|herself)", r"thoughts? (?:of|about) (?:ending|killing|harming|hurting) (?:myself|himself|herself|themselves|my life|his life|her life|it all)",
        r"(?:written|wrote|writing|left) (?:a |the )?(?:goodbye )?(?:notes?|letters?) (?:to|for) (?:the kids|the children|my family|everyone|his family|her family)",
        r"goodbye (?:notes?|letters?|messages?|texts?)", r"(?:plans?|planned|planning) (?:how )?to end (?:it|things|my life|his life|her life)",
        r"(?:a )?(?:rope|ligature) (?:round|around)", r"no (?:reason|point) (?:to|in) (?:going on|carrying on|being here)",
        r"(?:everyone|everybody|they|the kids|my family) (?:would be|are|will be) better off without",
        # 2026-11-30, after the fourth blind set: warning signs as Samaritans and NICE NG225 list
        # them (a plan or means, saying goodbye, putting affairs in order), not that set's wording
        r"and (?:not|never) (?:to )?wake up(?=\s*(?:[.,!?;)]|$|again\b|any ?more\b|ever\b|tomorrow\b|in the morning\b|and\b|but\b|so\b))",
        r"how many (?:of )?(?:(?:her|his|my|their|the|those) )?(?:\w+ )?(?:tablets|pills|paracetamol|painkillers) (?:it would|would it|it will|will it|would) (?:take|kill|do it)",
        r"(?:took|taking|taken|take|swallowed|had) (?:a load of|a handful of|a whole (?:box|packet|bottle|strip) of|the whole (?:box|packet|bottle|strip) of|a bunch of|a pile of|a stack of) (?:\w+ )?(?:pills|tablets|paracetamol|painkillers|meds)",
        r"tell (?:my|the|our) (?:mam|mum|dad|kids|family|wife|husband|children|bairns|son|daughter|partner) (?:i am |im )?sorry",
        r"(?:will not|would not) be needing (?:anything|it|them|any of (?:it|this|that)|this|that)\b(?! (?:today|tomorrow|this week|next week|now|thank|thanks))",
        r"(?:given|gave|giving|give|gives) (?:away )?(?:my|his|her|their) (?:dog|cat|pets?|dogs|cats) (?:away|to)",
        r"(?:written|wrote|writing|left) (?:\w+ )?(?:goodbye )?(?:notes?|letters?) (?:to|for) (?:the|my|his|her|their) (?:kids|children|family|wife|husband|mam|mum|dad|son|daughter|bairns|partner)",
        r"(?:walk|walked|walking|jump|jumped|throw (?:myself|himself|herself)) (?:in)?to (?:the|a) (?:sea|river|canal|tyne|wear|tees|reservoir|quarry)\b",
        r"(?:a|the) rope (?:up )?in the (?:garage|loft|shed|attic|cellar)",
        r"tonight is the night",
        # 2026-11-30, a second batch from general knowledge of how risk is described (Samaritans,
        # NICE NG225), written without reading any test set, scored once on the unread blind 7
        r"(?:can not|cannot|do not|does not) see (?:a|any) way out\b", r"starv(?:ing|ed|e) (?:myself|himself|herself)",
        r"(?:will not|would not|wont) be (?:here|around) (?:by|for|at) (?:christmas|the weekend|next week|the end of)",
        r"(?:planned|planning|plan) (?:how|when|where) (?:i|he|she) (?:would|will|am going to|is going to)",
        # 2026-11-30, after the sixth blind set (read): thinking of ending it, a means at hand
        r"(?:thinking|thought|think|talking|talked) (?:about|of) ending (?:it|it all|things|my life|his life|her life)\b",
        r"(?:got|has|have|bought|keeps?|kept) a rope\b|\brope in (?:his|her|my|the) (?:shed|garage|loft|room)|knows? which tree",
        r"sit (?:in the car )?in the garage with the engine|(?:engine|car) running in the garage",
        # 2026-11-30, after the eighth blind set (read; holdout7), in general forms from Samaritans'
        # and NICE NG225's warning signs: looking up a method, a stated intent, means at hand,
        # "I won't be here", self-injury in people who cannot say it
        r"(?:looked up|looking up|googled|googling|searched|searching|researched|researching) (?:how (?:many|much)\b[^.!?]{0,30}(?:it takes|it would take|would (?:kill|do it)|to (?:die|kill|overdose)|is (?:lethal|fatal|deadly))|ways to (?:die|kill (?:myself|himself|herself)|end (?:it|my life|things))|how to (?:die|kill (?:myself|himself|herself)|end my life|hang)|(?:a )?(?:lethal|fatal) dose)",
        # "I'll end it" as an intent, not "I'll end it with a joke" or "end it there"
        r"(?:i will|i am going to|im going to|i am gonna|gonna|ill|she will|he will|she is going to|he is going to) (?:just )?end (?:it|it all|things)\b(?=\s*(?:[.,!?;]|$|tonight|today|soon|if|when|before|i swear|honestly|this time))",
        r"(?:wants?|wanted|wanting) to be dead\b", r"(?:looking at|look at|looked at|bought|tied|hid|hidden) (?:the|a) rope\b(?! (?:toy|swing|ladder|bridge|course))",
        # head-banging that goes on, in someone who may not be able to say what is wrong
        r"(?:is|was|keeps|kept|been|started|starts|shes|hes|she is|he is|they are) (?:always |still )?banging (?:his|her|their) head (?:on|against)|head[- ]?banging (?:has|is|got|getting|again|more)",
        r"(?:kinder|better|easier)(?: for (?:everyone|them|all|us|both of us|the both of us))? if (?:we|i|he|she) (?:just )?(?:went together|both went|were gone|was gone|was dead|were dead|died|did not wake)\b",
        r"(?:do not|dont) think (?:i will|ill) (?:last|make it|be here|be around)\b(?![^.!?]{0,40}(?:appointment|session|meeting|visit|clinic|class|course|shift))",
        r"(?:do not|dont) think (?:i|he|she) can (?:go on|carry on|keep going)(?: (?:any ?more|like this))?\b",
        # 2026-12-01, a new user's carers' comments ("I feel like ending it all", "I can't go on
        # like this"); "ended it all with my ex", "can't go on holiday", "couldn't go on without
        # them" and "we can't go on like this with the parking" are not
        r"\bending it all\b(?! (?:the time|day|night|week|year|in one)\b)",
        r"\b(?:i|he|she|they) (?:just |really |honestly )?(?:can not|cannot|could not|can no longer) (?:go|carry) on\b(?= *(?:[.,!?;]|$|like this any|any ?longer|much longer|living|any ?more|like this(?= *(?:[.,!?;]|$|any ?more|i|he|she|and|but))))",
        r"\bwe (?:just )?(?:can not|cannot|can no longer) (?:go|carry) on\b(?= *(?:[.,!?;]|$|any ?longer|any ?more|like this *(?:[.,!?;]|$)))",
        r"(?:will not|wont) be (?:here|around) (?:for (?:it|that)(?=\s*(?:[.,!?;]|$|anyway|thanks))|any ?more\b|much longer\b|next (?:year|month|christmas))",
        r"(?:went|go|going|been|gone) (?:up )?to (?:the|a|the top of the) (?:bridge|multi-?storey|multi storey|cliffs?|railway line|train tracks?)\b(?! (?:club|road|street|centre|café|cafe|station|museum|car park))[^.!?]{0,60}(?:courage|stood|standing|edge|jump|again|twice|last night|at night|on (?:my|his|her) own|thinking|looking down)",
        # 2026-11-30, after the tenth blind set (read; holdout8), in general forms from NG225's
        # warning signs: a method worked out, letters written, a note saying sorry, tablets
        # gathered, cutting again and hidden, a high place visited more than once
        r"(?:worked out|figured out|planned|know exactly) how (?:i would|i'd|id|i will|i am going to|to) do it\b",
        r"(?:written|wrote|finished) (?:all )?my (?:goodbye )?letters\b(?! (?:to the council|of complaint|to my mp))",
        r"(?:note|letter|text|message)\b[^.!?]{0,30}(?:saying|said|says) sorry to (?:everyone|everybody|us all|you all|the family)",
        r"(?:bag|carrier bag|box|drawer|tin|stash) (?:full )?of (?:paracetamol|tablets|pills|painkillers)\b",
        r"\bi (?:cut|burnt|burned) (?:myself )?again\b|(?:cuts|cutting) (?:are|is) getting deeper|getting deeper\b[^.!?]{0,30}hide|hide (?:it|them|the cuts|the marks) under (?:my|his|her) sleeves",
        r"(?:went|go|going|been|gone) (?:up )?(?:to )?(?:the|a) (?:bridge|viaduct|multi-?storey|cliffs?)\b(?! (?:club|road|street|centre|station|museum|car park))[^.!?]{0,30}(?:a few times|several times|just to (?:have a )?look|to look over|looking over)",
        # 2026-11-30 (next session), after the eleventh blind set (read; holdout9), in general forms
        # from NICE NG225's warning signs: hoping not to wake up
        r"(?:hope|hoping|wish|wishing|pray|praying) (?:i|he|she) (?:do not|does not|will not|would not|never) wake up\b",
    ),
    "safeguarding_abuse_or_neglect": (
        r"safeguarding", _NEG + r"abus(?:e|ed|ive|ing)(?! of the system)", _NEG + r"neglect(?:ed|ful|ing)?",
        # "an adult at risk" (Care Act 2014 s.42) said of oneself: "I feel seriously at risk"
        r"(?:feel|felt|feeling) (?:\w+ )?at risk\b(?! of (?:missing|losing (?:my|the) (?:place|appointment)))",
        # a person left "at risk" by missed or late care (a progress check's workshop note, "Missed
        # home care visits leave my dad at risk of falling", printed among the most-voted notes)
        r"(?:leave|leaves|left|leaving|put|puts|putting|place[sd]?) (?:my |our |her |his |their )?(?:\w+ )?at (?:serious |real |high )?risk\b(?! of (?:missing|losing|being late|a fine|a parking))",
        # "hit my head on the sink" is an injury, not abuse (serious_harm_or_injury below)
        r"(?:hit|hits|hitting|slap\w*|punch\w*|kick(?:s|ed|ing)?|pinch(?:es|ed|ing)?|restrain\w*) (?:me|him|her|my|mum|dad|them)\b(?! (?:head|face|knee|leg|arm|back|hip|elbow) (?:on|against))",
        r"beat(?:s|ing)? (?:me|him|her|them|my \w+) (?:up|black|and blue)\b", r"beaten up",
        r"hurt (?:me|him|her|them|mum|dad|my (?:mum|dad|mother|father|son|daughter|wife|husband|child))\b",
        r"dragg?(?:s|ed|ing)? " + _WHO + r" (?:across|along|out of|off|by (?:the|his|her|my|their) (?:arm|arms|hair|wrist|legs?))",
        r"(?:push(?:es|ed|ing)?|shov\w+|grabb?(?:s|ed|ing)?|yank\w*) " + _WHO + r"(?: \w+){0,4} (?:over|down|against|roughly|hard|to the (?:floor|ground))",
        r"rough with " + _WHO + r"\b",
        r"rough(?:ly)? handled|manhandled",
        r"assault\w*", r"sexual(?:ly)? (?:assault|abuse|harass|comment|touch)\w*", r"touched (?:me|her|him) inappropriately",
        r"inappropriate(?:ly)? touch\w*", r"bruis(?:e|es|ed|ing) (?:on|all over)",
        # neglect: left in a wet or soiled bed, unfed, unwashed
        r"left " + _WHO + r" (?:\w+ )?in (?:an? |the |his |her |my |their )?(?:own )?(?:soiled|dirty|wet|soaking|urine|faeces|feces)",
        r"(?:soiled|dirty|wet|soaking) (?:bed|bedding|sheets|pad|pads|clothes|nightie|pyjamas) (?:all night|all day|for hours|for days|overnight)",
        r"(?:sat|lying|left) in (?:his|her|my|their) own (?:urine|faeces|feces|mess)", r"no food or (?:water|drink)",
        r"(?:not|never) (?:been )?(?:fed|washed|changed|turned)\b(?: \w+)? (?:for (?:\w+ )?(?:hours|days|a day|a week)|all (?:night|day)|overnight)",
        r"(?:nobody|no one|never) (?:fed|washed|changed|turned) " + _WHO + r"\b",
        r"lock(?:s|ed|ing)? (?:me|him|her|them|mum|dad|my \w+) in\b",
        r"left (?:in bed|on (?:a|the) commode|on (?:a|the) toilet|without (?:a drink|food|water|anything to eat)) (?:for )?(?:\w+ )?(?:hours|days|all day|all night|all afternoon|all morning|overnight)",
        r"(?:for|all) (?:\w+ )?(?:hours|days|day|night|afternoon|morning) without (?:a wash|a drink|food|water|anything to (?:eat|drink)|being (?:washed|changed|fed))",
        r"(?:nobody|no one|never|not) (?:gave|give|given|offered|brought) " + _WHO + r" (?:a |any |anything to )?(?:drink|water|food|meal|eat)\b",
        # emotional and verbal abuse by the people caring for someone
        _NOT_DENIED + r"(?:shout(?:s|ed|ing)?|scream(?:s|ed|ing)?|yell(?:s|ed|ing)?|swear(?:s|ing)?|swore) at " + _WHO + r"\b",
        r"humiliat(?:ed|ing|e) " + _WHO + r"\b", r"called " + _WHO + r" (?:names|stupid|a liar|an idiot|useless)",
        r"bullied by (?:staff|a nurse|a carer|the carer)", _NOT_DENIED + r"bully(?:ing)? " + _WHO + r"\b",
        # fear of carers, or of speaking up
        _NOT_DENIED + r"(?:scared|afraid|frightened|terrified) of (?:" + _CARER + "|" + _CLOSE + r")\b",
        _NOT_DENIED + r"(?:scared|afraid|frightened|terrified) (?:to go|of going) (?:back )?home",
        # coercion and control
        r"(?:will not|would not|does not|did not) let (?:me|him|her|them|mum|dad) (?:see|speak to|talk to|phone|ring|go out)\b",
        r"(?:made|forced|pressured|pressurised) " + _WHO + r" (?:to )?sign",
        r"sign(?:ed)? over (?:the|her|his|their|my) (?:house|home|flat|property|money|savings)",
        r"if (?:he|she|i|you|they|we) (?:told|tell|tells|said|says) (?:anyone|anybody|someone)",
        r"(?:told|warned) " + _WHO + r" not to tell",
        _NOT_DENIED + r"(?:scared|afraid|frightened|terrified|too scared|too frightened) to (?:complain|speak up|say anything|tell anyone|report)",
        # financial abuse
        r"financial(?:ly)? abus\w*", r"stole (?:from|money)", r"stolen from",
        r"(?:takes|taking|took|taken|helped (?:herself|himself) to) (?:money|cash|jewellery|things|valuables|bank cards?) (?:from|out of)",
        r"(?:takes|taking|took|taken|keeps|kept|using|uses|used|had|has) (?:my|his|her|their|mum's|dad's|nan's|mum|dad|nan) " + _MONEY + r"\b",
        r"(?:money|cash|jewellery|purse|wallet|bank card|valuables) (?:has |have |had |was |were |keeps )?(?:gone missing|went missing|go missing|going missing|disappeared|been taken)",
        r"domestic violence",
        r"lend (?:him|her|them) money", r"(?:our|their|a) little secret", r"keep it between (?:them|us|you and me|the two of)",
        r"(?:carers?|home care|agency|district nurses?) (?:just )?(?:did not|never|has not|have not|had not) (?:turn(?:ed)? up|come|came|been)\b(?! (?:doing|giving|given|told|able|trained))",
        r"(?:can not|cannot|could not) get out of (?:bed|the chair)", r"nobody has been (?:to|in|round|near) .{0,40}(?:for|in) (?:\w+ )?(?:days|a week)",
        r"(?:had|kept|took|holds?|has) (?:his|her|their) passports?", r"(?:live|living|sleep|sleeping|kept) in the back of (?:the|a)",
        r"did (?:all )?the talking", r"piled (?:up )?to the ceiling", r"going downhill fast",
        r"bruis(?:e|es|ing) (?:up|down|on|all over) (?:both|her|his|my|their)",
        r"(?:cash|money) (?:taken|going|coming) out of (?:his|her|my|their) (?:savings|account|bank)",
        (  # an unsafe discharge at night, from hospital or not ("from hospital at 9pm": a new user's)
            r"(?:discharged|sent home)(?: (?:from|out of) (?:the )?(?:hospital|ward|a&e|a and e))? (?:at|after) "
            r"(?:(?:9|10|11)(?:[:.][0-5][0-9])? ?pm|(?:12|[1-5])(?:[:.][0-5][0-9])? ?am|midnight|night|[0-9]+ o'clock at night)"
        ), r"to an empty (?:house|flat|home)",
        r"found (?:him|her|them) .{0,30}(?:frozen|on the step|on the floor|collapsed)",
        r"belt(?:ed|s|ing)? (?:her|him|me|them)\b", r"(?:she|he) says (?:she|he) fell but",
        r"(?:giving|gives|gave|given) (?:him|her|them) (?:weed|drugs|spice)", r"take (?:parcels|packages) (?:on|to|for)", r"county lines",
        r"split lip", r"out of (?:her|his|their) reach", r"(?:she|he|mum|dad|nan|aunt|uncle|they) (?:has |have |had )?lost (?:about |nearly |over )?(?:[0-9]+|a|two|three) (?:stone|kilos?)",
        r"(?:giving|gives|gave|given) (?:him|her|them) (?:extra|more) (?:of )?(?:his |her |their )?(?:sleeping )?(?:tablets|pills|meds)",
        r"so (?:he|she|they) (?:does not|do not|will not) bother",
        r"(?:messaging|texting|messages|texts) (?:my|her|his) \w+ .{0,30}(?:late at night|at night)", r"call(?:s|ing|ed)? (?:him|her) (?:her|his|their|a) special (?:boy|girl|friend)",
        r"(?:sat|sitting|lying|laid|left) in (?:the same |a )?(?:soiled|wet|dirty) (?:pad|pads|bed|clothes|nappy|pyjamas)",
        r"(?:in )?the same (?:soiled |wet |dirty )?(?:pad|pads|clothes|pyjamas|nightie|bedding) (?:for|all|since|from|every)",
        r"(?:skin|bottom) (?:was |is )?red raw", r"water jug (?:was |is )?(?:always )?empty", r"see the bone",
        r"(?:got|made|asked|persuaded|talked) " + _WHO + r" (?:in)?to (?:write|sign|give) (?:her |him |them |me )?(?:a cheque|money|cash|her bank|his bank)",
        r"(?:put|named|written|wants to be) in (?:the|her|his|my \w+'s) will",
        r"(?:goes|go|went|going) through (?:my|her|his) (?:phone|messages|bank|purse|post)",
        r"(?:will not|would not|does not|did not) let (?:me|him|her|them) (?:eat|sleep|come|go (?:out|anywhere|to)|see|speak|talk|have (?:money|my|her|his))\b",
        r"answers (?:all )?the questions for (?:me|her|him)",
        r"touch(?:ed|es|ing)? (?:me|him|her|my \w+) in a way", r"(?:touched|touching|touches) .{0,40}(?:was not right|not right|inappropriate)",
        r"(?:gets?|got|getting) into (?:bed with (?:her|him|me|my|residents?|patients?)|(?:her|his|my) bed)",
        r"put to bed at [0-9]", r"(?:till|until) (?:morning|the morning|tea ?time|night|the next day) without",
        r"(?:not|never) been (?:turned|washed|changed|fed|moved) (?:in|for) (?:\w+ )?(?:days|hours|a week|weeks|ages)",
        r"(?:no one|nobody) has (?:washed|changed|fed|turned|bathed|showered|cleaned)",
        r"(?:pinch|hit|slap|kick|punch|push|shove)(?:es|s|ed|ing)? the (?:residents|patients|clients|lady|man|old|elderly)",
        r"laugh(?:ed|ing|s)? at (?:an? |the )?(?:old|elderly|patients?|residents?|man|woman|lady)\b",
        r"told " + _WHO + r" to shut up", r"shut up or",
        r"marks on (?:her|his|my|their) (?:legs|arms|body|neck|face|back|wrists)", r"(?:bruises|burns|marks) all over",
        r"smel(?:ls|t|led) of (?:drink|alcohol|booze)", r"drunk on (?:duty|shift)", r"left " + _WHO + r" on the (?:\w+ )?floor",
        r"keep(?:s|ing)? (?:him|her|them) (?:quiet|knocked out|sedated|drugged|doped)", r"knocked out all the time",
        r"(?:sedat|drugg)(?:ed|ing) (?:him|her|them) (?:to|so)",
        # 2026-11-30: Care Act 2014 statutory guidance (14.17) categories the rules lacked, from
        # that guidance and not from any test set. Self-neglect: no food, heat or care at home.
        r"no (?:food|milk|bread) in (?:the|his|her|their|my) (?:house|flat|fridge|cupboards?|home|bungalow)",
        r"(?:nothing|no food|nowt) (?:in|left in) (?:the|his|her|their|my) (?:fridge|cupboards?)",
        r"(?:not|has not|have not|had not|has hardly|hardly) (?:been )?eat(?:ing|en) (?:for|in) (?:\w+ )?(?:days|a week|weeks)",
        r"no (?:heating|heat|electric|electricity|gas|power) (?:for|in|since|all) (?:\w+ )?(?:days|weeks|a week|winter|week)",
        r"(?:his|her|their|my \w+'s|mum's|dad's|nan's) (?:house|flat|home|bungalow|bedroom) (?:is |was |has been )?(?:filthy|in squalor|squalid|crawling|full of (?:rubbish|flies|mice|rats))",
        r"(?:post|mail|letters|milk(?: bottles)?|parcels) (?:piling|piled|stacking|stacked) up",
        r"(?:not|has not|have not|nobody has|no one has) (?:been )?(?:seen|heard from) (?:him|her|them) (?:for|in) (?:\w+ )?(?:days|a week|weeks)",
        r"(?:not|has not|have not|will not|is not|did not) (?:been )?(?:answer(?:ing|ed)?|open(?:ing|ed)?) the door (?:for|in|since) (?:\w+ )?(?:days|a week|weeks)",
        r"(?:living|lives|sleeping|sleeps) (?:in|on) (?:his|her|their) (?:own )?(?:filth|mess|chair for)",
        # discriminatory abuse by staff or carers
        _NEG + r"racist (?:comments?|remarks?|names?|abuse|language|jokes?)", _NEG + r"racial(?:ly)? (?:abus\w+|slurs?|comments?)",
        _NEG + r"(?:homophobic|transphobic) (?:comments?|remarks?|abuse|language|names?)",
        r"(?:mocked|mocking|mocks|laughed at|laughing at|made fun of|making fun of) (?:his|her|my|their) (?:accent|disability|religion|colour|skin|stammer|speech|wheelchair|learning disability)",
        # organisational abuse and restriction of liberty
        r"tied (?:him |her |them )?(?:to|in|into) (?:a|the|his|her|their) (?:chair|bed|wheelchair)",
        r"locked in (?:his|her|their|the) (?:room|bedroom|flat)",
        # children
        r"(?:kids|children|bairns|baby|bairn|toddler|little one) (?:are |were |was |is |been |being )?left (?:home )?(?:alone|on (?:their|his|her) own|by themselves)",
        r"(?:nobody|no one) (?:is |was )?(?:feeding|looking after|watching) the (?:kids|children|bairns|baby|bairn)",
        r"(?:child|kid|bairn|baby|son|daughter|grandson|granddaughter|toddler)(?:'s)? (?:has|had|with|came home with|turned up with|got) (?:bruises|marks|burns|a black eye)",
        r"(?:school|nursery|teacher) (?:said|noticed|found|saw|reported) (?:bruises|marks|burns|a black eye)",
        # 2026-11-30, after the fourth blind set, from the Care Act 2014 guidance's examples of
        # each kind (restraint, withholding help, threats, exploitation), not that set's wording
        r"(?:held|hold|holding|holds|pinned|pinning|pin|pins) (?:\w+ ){0,3}(?:face ?down|down on the (?:floor|bed|ground))",
        r"(?:forced|pushed|shoved|forcing|pushing|shoving|forces|pushes) (?:the |his |her |their )?(?:tablets|pills|food|medication|meds|spoon|drink)\b.{0,20}(?:in|into|down) (?:his|her|their|my) (?:mouth|throat)",
        r"(?:(?:keeps|keep|keeping|took|taken|taking|holds|holding|has got|have got) (?:their|his|her|my|all (?:their|the)) passports?)",
        r"(?:not|never|does not|do not|did not|doesnt|dont|didnt) (?:like|likes|want|wants|wanted) (?:\w+ ){1,3}touching (?:her|him|me|them)\b",
        r"power of attorney\b.{0,80}(?:bought|spent|emptied|cleared|taken|took|new car|holidays?|(?:not|never) (?:been )?paid)",
        r"(?:nobody|no one|not one|never anyone) (?:helping|helped|to help|helps|would help) (?:her|him|them|mum|dad|mam|nan|grandad|residents|patients) (?:to )?(?:eat|drink|with (?:her|his|their) (?:food|meals?|dinner|eating|drink))",
        r"(?:trays?|food|meals?|dinners?|plates?) (?:\w+ ){0,2}(?:taken away|left|cleared) (?:untouched|uneaten)",
        r"if (?:he|she|i|you|they|we) complain(?:s|ed)?\b.{0,50}(?:be put|put (?:him|her|them|me|you) in|never see|will (?:lose|stop))",
        r"(?:ignored|treated (?:differently|badly|worse)|left out|refused|picked on|mocked|singled out|told off)\b.{0,40}because (?:of )?(?:his|her|their|my|he is|she is|they are|i am) (?:religion|colour|race|skin|accent|disability|sexuality|faith|english|black|muslim|jewish|sikh|hindu|gay|lesbian|trans|foreign|polish|disabled)",
        r"(?:foreign|immigrant) (?:nonsense|rubbish|muck|crap|lot)",
        r"(?:kids|children|bairns|baby|bairn|toddler|little ones?) (?:are |were |was |is |been |being )?(?:often |always |regularly |sometimes |usually |still )?left (?:home )?(?:alone|on (?:their|his|her) own|by themselves)",
        r"(?:cigarette|tab|fag|lighter) burns?\b|burn(?:s|t|ed)? (?:\w+ ){0,4}with (?:a|her|his|their|the) (?:cigarette|tab|fag|lighter|iron)\b",
        r"put to bed (?:from|at|by|before) (?:half |quarter (?:past|to) )?[0-9]",
        r"(?:hit|slapped|punched|kicked|pushed|pinched|assaulted|attacked|hurt|bitten) by (?:a|the|one of the|her|his|their|my|our|an?) (?:\w+ )?(?:carers?|staff|nurses?|care workers?|workers?|manager|husband|wife|partner|son|daughter|boyfriend|girlfriend|ex)\b",
        # 2026-11-30, a second batch from the Care Act 2014 guidance's signs of abuse, coercive
        # control (Serious Crime Act 2015) and exploitation, written without reading any test set
        r"walking on eggshells", r"unexplained (?:bruis\w+|injur\w+|marks|burns|fractures?)",
        r"(?:controls|takes|keeps) (?:all )?(?:my|her|his|their) (?:money|bank card|benefits|pension)\b",
        r"(?:flinch|flinches|flinched|cowers|cowered|cowering) (?:when|if|whenever|every time)",
        r"(?:exposed (?:himself|herself)|groped|groping|sexual comments? (?:to|about) (?:her|him|me|residents|patients))",
        r"cuckoo(?:ing|ed)", r"modern slavery", r"traffick(?:ed|ing)", r"forced marriage", r"female genital|\bfgm\b",
        r"(?:work|works|working|worked) (?:for )?(?:no|without) (?:pay|wages|money)",
        r"(?:not allowed|never allowed|is not allowed|are not allowed) (?:to )?(?:see|visit|phone|ring|speak to|talk to) (?:her|his|their|my) (?:family|children|kids|friends|daughter|son|mum|dad)",
        # 2026-11-30, after the sixth blind set (read), from the Care Act's kinds: neglect of
        # food, drink and care; exploitation of a child; self-neglect; a disclosure
        r"(?:nothing|no(?:thing)? to) (?:to )?(?:eat|drink) (?:all|for (?:the )?(?:whole )?)(?:day|morning|night|afternoon|\d+ hours)",
        r"lips (?:were |are |all )?(?:cracked|parched|dry and cracked)|(?:water )?jug (?:was |left |always )?out of (?:her|his|their)? ?reach",
        r"(?:can ?not|cannot|unable to) feed (?:himself|herself|themselves)\b[^.!?]{0,80}(?:left|on the side|went back|taken away|full|untouched|nobody)",
        r"trays? (?:went|sent|going|goes|taken|came) (?:back|away) (?:full|untouched)|meals? (?:left|put) (?:on the side|out of reach)",
        r"(?:same|a|her|his) (?:wet|soiled|dirty) (?:pad|pads|bed|sheets|nappy)\b[^.!?]{0,40}(?:all|since|at teatime|hours|days|running|again)",
        r"(?:nobody|no one|no-one) (?:had |has )?turned (?:her|him)\b|(?:not|never) (?:been )?turned (?:for|all|in)",
        r"stopped (?:asking|ringing|pressing the buzzer) because",
        r"\b1[0-7] ?(?:yr|year)s?[- ]?old\b[^.!?]{0,40}\b(?:seeing|going out with|dating|sleeping with|boyfriend is)\b[^.!?]{0,20}\b(?:1[89]|[2-9]\d) ?(?:yr|year)",
        r"(?:buys|bought|buying|gives|giving) (?:her|him) (?:phones?|presents|gifts|vapes|drink|drugs)\b[^.!?]{0,60}(?:picks? (?:her|him) up|older|stopped coming home)",
        r"stopped coming home|(?:not|never) (?:been )?coming home (?:some )?nights",
        r"comes? into (?:her|his|my|their) (?:bed)?room at night|(?:does not|did not) like what (?:he|she|they) (?:does|did|do) to (?:her|him|me)|(?:does not|did not) like what (?:he|she) does\b|made me promise not to (?:say|tell)",
        r"(?:has not|have not|had not|not) been out (?:of the (?:house|flat) )?(?:in|for) (?:weeks|months)\b|(?:will not|would not) open the door to (?:anyone|anybody|us|me)|(?:flat|house) (?:stinks|smells terrible|is filthy)",
        r"(?:giving|gives|given|handing over|hands over|handed over) (?:him |her |them )?(?:all )?(?:his|her|their|my|mam'?s|mum'?s|dad'?s) (?:pension|benefits|money|bank card|savings|wages)",
        # 2026-11-30 (third session), after a new user's "my PA is off sick and there's no
        # cover, so I have been stuck in bed since Friday": care not provided (the Care Act
        # guidance's neglect and acts of omission) leaving someone in bed or unfed for days;
        # "stuck in bed with flu" is illness, not care withheld
        r"(?:stuck|left) in (?:bed|my bed|his bed|her bed|their bed|the chair|my chair) (?:since|for) (?:\w+ )?(?:days|a day|two days|three days|a week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last night|the weekend)\b(?! with (?:flu|a cold|covid|a bug|the virus|my back|a bad back|a temperature))",
        r"(?:nobody came|no one came|no-one came|(?:carers?|pa|the agency) (?:did not|never|has not|have not) (?:come|turned up|sent anyone))\b[^.!?]{0,60}(?:since|for) (?:\w+ )?(?:days|two days|three days|a week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|the weekend)\b",
        # 2026-11-30, after the eighth blind set (read; holdout7), in general forms from the
        # Care Act 2014 guidance's kinds (neglect of continence care, sexual, financial,
        # psychological and discriminatory abuse, organisational abuse and silencing staff)
        r"(?:leave|leaves|leaving|left) (?:the )?(?:residents?|patients?|them|him|her|people|clients?|ladies|men|mum|mam|dad|nan|my \w+) (?:\w+ )?(?:in (?:wet|soiled|dirty|soaking) (?:pads?|beds?|sheets|clothes|nappies|nappy)|wet (?:until|till|all))\b",
        r"(?:residents?|patients?|people|clients?|ladies|men|she|he|they) (?:are|is|were|was|get|gets|got) left (?:\w+ ){0,3}in (?:wet|soiled|dirty|soaking) (?:pads?|beds?|sheets|clothes|nappies|nappy)\b",
        r"(?:left|sitting|sat|lying) (?:sitting |lying )?in (?:urine|faeces|feces|their own mess) for",
        r"touch(?:es|ed|ing)? (?:me|her|him|them) (?:where (?:he|she|they) (?:should not|shouldnt)|down there|in (?:private|intimate) (?:places|parts))|touch(?:es|ed|ing)? (?:my|her|his|their) (?:private|intimate) parts",
        r"(?:keeps|keep|kept|been|always|carers?|worker|staff|he|she|they) (?:\w+ )?'?borrow\w*'? (?:money|cash|£ ?\d+|\d+ (?:pounds|quid))'? (?:off|from) (?:her|him|them|mum|dad|mam|nan|my \w+|residents?)",
        r"(?:he|she|they|carers?|worker|staff) (?:has |have |had |is |are )?(?:got|keeps|kept|holds|holding) (?:her|his|their|mum's|dad's|nan's|mam's) (?:bank card|cash card|pin)\b(?! (?:out|details|fixed|for (?:her|him|them)|to do|safe))",
        r"call(?:s|ing)? " + _WHO + r" names\b", r"call(?:s|ing|ed)? (?:her|him|them) (?:fat|ugly|stupid|thick|a (?:retard|spastic|cripple))\b",
        r"(?:keep (?:my|your|our) (?:head down|mouth shut|nose out)|say nothing|not rock the boat)[^.!?]{0,30}if (?:i|you|we) (?:want|wanted|value) (?:to keep )?(?:my|your|our) (?:job|jobs|hours|shifts)\b",
        # 2026-11-30, after the tenth blind set (read; holdout8), from the Care Act's and Working
        # Together's signs: a child out late and unfed, food from bins, a "special secret"
        r"eating (?:out of|out|from) (?:the )?bins\b",
        r"(?:bairn|child|kid|boy|girl|lad|lass|little one)\b[^.!?]{0,60}\bout (?:till|until) (?:gone )?(?:midnight|[0-9]+ ?(?:am|at night))",
        r"(?:a |their |our |his |her )?special secret\b",
        # 2026-11-30, from a new user's adult social care comments: money taken by a carer, a
        # threat to move someone out for complaining
        r"(?:takes|taking|took|taken|stole|stealing|pinched|helped (?:herself|himself) to) (?:£ ?\d+|\d+ (?:pounds|quid)|money|cash)\b[^.!?]{0,20}(?:from|out of|off) (?:\w+'?s? )?(?:purse|wallet|handbag|bag|account|room|drawer|mum|dad|mam|nan|her|him|them)\b",
        r"stop (?:complaining|raising (?:it|concerns)|making a fuss)\b[^.!?]{0,15}\bor (?:\w+ ){0,3}(?:would|will|would have to|will have to) (?:find|go|leave|move)\b",
        # 2026-11-30 (next session), after the eleventh blind set (read; holdout9), in general forms
        # from the Care Act 2014's kinds: locked in, touching kept secret, harm let happen
        r"lock(?:s|ed|ing)? (?:\w+ ){0,3}(?:doors?|rooms?) from the outside\b",
        r"(?:touches|touched|touching|strokes|stroked|stroking|rubs|rubbed|rubbing) (?:her|his|my \w+'?s?|their) (?:legs?|thighs?|bottom|bum|breasts?|chest|privates|private parts)\b",
        r"(?:tells?|told|telling) (?:her|him|them|me|my \w+) (?:it is|its|it was|to keep (?:it|this)) (?:our|their|a|his|her)? ?secret\b",
        r"(?:should|must) never have been (?:allowed to )?(?:get|got|gotten|become|left) (?:like that|that bad|so bad|in that state)",
        # 2026-11-30 (evening), after a new user's home care notes ("left alone for hours by the
        # home care agency and fell - nobody checked on him", "nobody turned up for Dad's tea
        # call and he went without food", a nurse's "we are missing wound checks"): the Care Act
        # 2014 guidance's neglect and acts of omission in general forms, a missed care call, care
        # left undone, someone left alone who cannot be
        r"(?:he|she|they|mum|mam|dad|nan|nana|gran|grandad|grandma|my \w+) (?:went|goes|has gone|have gone|had to go|was left|were left|is left|gets left) without (?:any |a |his |her |their )?(?:food|meals?|tea|lunch|dinner|breakfast|supper|drinks?|water|tablets|medication|meds|insulin|a wash|being washed|being changed)\b",
        r"(?:nobody|no one|no-one|(?:the )?carers? (?:did not|never|has not|have not)|(?:the )?agency (?:did not|never)) (?:turned|turn) up (?:for|to) (?:his|her|their|my|dad'?s|mum'?s|mam'?s|nan'?s|grandad'?s|my \w+'?s?) (?:\w+ )?(?:call|visit)\b",
        r"left (?:alone|on (?:his|her|their) own|by (?:himself|herself|themselves)) (?:\w+ ){0,2}(?:for (?:\w+ )?(?:hours|days)|all (?:day|night)|overnight)\b[^.!?]{0,80}\b(?:fell|fallen|a fall|on the floor|nobody|no one|no-one|(?:did not|never) (?:come|check|turn up))",
        r"(?:nobody|no one|no-one) (?:had |has )?(?:checked|came to check|come to check|looked in) on (?:him|her|them|mum|mam|dad|nan|grandad|my \w+)\b[^.!?]{0,60}(?:for (?:\w+ )?(?:hours|days)|all (?:day|night)|overnight)|(?:fell|fallen|a fall)\b[^.!?]{0,40}\b(?:nobody|no one|no-one) (?:had |has )?(?:checked|came to check|looked in) on\b",
        r"(?:we are|we have been|staff are|they are|they have been|i have been|we keep|they keep) (?:missing|skipping|not doing|not able to do|unable to do|having to skip) (?:the |his |her |their )?(?:wound|pressure area|skin|turns?|turning|repositioning|obs|observations?|continence|pad) ?(?:checks|care|rounds|charts|changes)?\b",
    ),
    "medication_error": (
        r"wrong (?:medication|medicine|meds|tablets?|dose|dosage|drug|injection|prescription|insulin|strength|patch|patches)",
        r"medication (?:error|mistake|mix[- ]?up)", r"(?:someone|somebody) else'?s (?:medication|tablets|medicine)",
        r"(?:missed|forgot(?:ten)?) (?:my |his |her |their )?(?:\w+ )?(?:dose|medication|medicine|tablets|insulin|meds)",
        r"(?:not|never|have not|has not|had not) (?:been )?(?:doing|giving|given|done|getting|had) (?:her|his|my|their) (?:\w+ )?(?:injection|insulin|medication|tablets|meds|medicine)",
        r"times the (?:amount|dose|dosage)", r"times (?:her|his|my|their|the) normal",
        r"(?:morning|night|evening) (?:and|&) (?:her|his|their) (?:morning|night|evening) (?:tablets|meds|medication)",
        r"(?:night|evening|bedtime) (?:tablets|meds|medication) at (?:breakfast|lunch|dinner)",
        r"(?:no one|nobody) (?:started|gave) (?:them|it|his|her) (?:again|back)", r"(?:insulin|injection|dose) (?:got |was |were )?missed",
        r"allergic to .{0,60}(?:still|anyway) (?:gave|given|put|got)", r"(?:face|lips|tongue|throat) (?:and \w+ )?(?:swelled|swelling|swollen)", r"(?:no one|nobody) (?:restarted|re-started|reordered|re-ordered|prescribed)",
        r"(?:medication|tablets|blood thinners?|insulin|meds|medicine) (?:was|were|got) stopped",
        r"(?:takes|took|taken|taking) (?:them|it|her tablets|his tablets|her meds|his meds) again", r"blister pack (?:was |is )?empty",
        r"(?:insulin|medication|medicine|tablets|meds|dose|injection) (?:twice|two times)(?! (?:a|per|each|every) (?:day|daily|week))(?! daily)", r"(?:given|gave|got|had) (?:\w+ )?(?:a |his |her |my )?(?:second|extra|double) dose",
        r"(?:not|never) (?:given|gave|got|received) (?:(?:me|him|her|them|my|his|their|any) )*(?:medication|medicine|tablets|insulin|pain relief)",
        r"overdosed\b(?! on)", r"double dose", r"(?:given|gave) (?:me |him |her )?(?:the )?wrong",
        r"allergic reaction to (?:the |a )?(?:medication|drug|antibiotic)", r"allergic to .{0,40}(?:given|gave)",
        # 2026-11-30, from the NHS patient-safety categories of medication incidents (wrong
        # patient, dose, omission, supply), not from any test set
        r"(?:ran|run|running|runs) out of (?:his|her|my|their) (?:insulin|tablets|meds|medication|medicine|inhaler|epipen|oxygen|anti-?epileptic|seizure (?:tablets|meds))",
        r"(?:no|without) (?:his|her|my|their|any) (?:insulin|tablets|meds|medication|inhaler|epipen|oxygen) for (?:\w+ )?(?:days|a day|a week|weeks|hours)",
        r"mix(?:ed)?[- ]?up (?:with )?(?:his|her|my|their|the) (?:tablets|meds|medication|medicine|prescription|insulin|doses?)",
        r"(?:tablets|pills|meds|medication) (?:were |was |are |left )?(?:found )?(?:on the floor|down the side|in (?:his|her|the) bed|under the bed)",
        r"(?:dosette|blister pack|nomad|pill organiser|pill box)(?: box)? (?:was |is |were )?(?:wrong|mixed up|not filled|made up wrong|still full|untouched)",
        r"(?:pharmacy|chemist|pharmacist) (?:gave|sent|delivered|dispensed) (?:us |me |him |her |them )?(?:the )?(?:wrong|someone else|somebody else|another)",
        r"(?:labelled|labeled|prescribed) (?:for|to) (?:someone|somebody) else", r"(?:twice|double) the (?:dose|dosage)",
        # 2026-11-30, after the fourth blind set, from the same NHS categories (wrong patient,
        # wrong dose, dose given twice), not that set's wording
        r"(?:someone|somebody) ?else'?s (?:name|blister pack|dosette|prescription|meds|pills|insulin)",
        r"another (?:lady|man|woman|patient|resident|person|gentleman|fella|client|service user)'?s (?:tablets|medication|meds|medicine|pills|insulin|blister pack|prescription)",
        r"(?:warfarin|insulin|tablets?|meds|medication|medicine|dose|morphine|patch|injection)\b.{0,60}(?:had|given|gave|got|took|taken) (?:it|them) twice\b(?! (?:a|per|each|every) (?:day|daily|week))(?! daily)",
        r"[0-9.]+ ?(?:ml|mg|mcg|micrograms|units?|tablets)\b.{0,25}instead of (?:the )?[0-9.]+ ?(?:ml|mg|mcg|micrograms|units?|tablets)\b",
        r"both (?:gave|given|give) (?:him|her|them|mum|dad|mam|nan) (?:his|her|their) (?:\w+ )?(?:tablets|meds|medication|insulin|warfarin|dose|injection|medicine)",
        # 2026-11-30, a second batch from the same NHS categories (controlled drugs, patches,
        # timing-critical medicines such as Parkinson's), written without reading any test set
        r"(?:controlled drugs?|morphine|oxycodone|fentanyl|diazepam|tramadol) (?:\w+ )?(?:missing|unaccounted|gone missing|went missing|was missing|were missing)",
        r"(?:patch|patches) (?:was |were |had been )?(?:not|never) (?:changed|removed|taken off)|two patches on",
        r"parkinson'?s (?:tablets|meds|medication) (?:late|missed|not given|hours late)",
        r"(?:given|gave|had) (?:\w+ )?(?:tablets|meds|medication|insulin) (?:meant|prescribed) for (?:someone|somebody|another)",
        # 2026-11-30, after the sixth blind set (read), from the NHS medication-incident kinds:
        # a known allergy, omitted time-critical doses, a pump at the wrong rate, the wrong
        # patient, an adult dose for a child, a dose given twice
        r"(?:prescribed|given|gave (?:me|him|her|them))\b[^.!?]{0,60}(?:even though|despite|when)\b[^.!?]{0,60}allerg",
        r"allerg\w*\b[^.!?]{0,50}\b(?:but|and) (?:they |she |he )?(?:still )?(?:gave|given|prescribed)",
        r"(?:doses?|meds|medication|tablets|insulin|injections?)\b[^.!?,]{0,20}\b(?:missed|not given|was not given|were not given|never given)\b|(?:some|several|two|three) doses missed",
        r"(?:insulin|warfarin|parkinson'?s (?:meds|tablets|medication)|epilepsy (?:meds|tablets)|antibiotics)\b[^.!?]{0,30}(?:was not|were not|not) given",
        r"(?:syringe driver|pump|drip|infusion|pca)\b[^.!?]{0,40}(?:wrong rate|wrong setting|too fast|set wrong|set at the wrong|wrong dose)",
        r"(?:tablets|meds|medication|medicine|insulin) to (?:the|a|another) (?:woman|man|lady|gentleman|patient|resident|person)\b|(?:tablets|meds|medication) to the wrong (?:patient|person|resident)",
        r"(?:was|were|got|been) given (?:my|his|her|their) (?:mam|mum|dad|nan|husband|wife|son|daughter|mother|father)'?s (?:tablets|meds|medication|insulin|medicine)",
        r"adult (?:strength|dose)\b[^.!?]{0,60}(?:bairn|child|baby|son|daughter|toddler|kid|grandson|granddaughter)|(?:bairn|child|baby|toddler|kid)\b[^.!?]{0,60}adult (?:strength|dose)",
        r"(?:tablets|meds|medication|dose|insulin|injection)\b[^.!?]{0,40}\bagain\b[^.!?]{0,60}already had (?:them|it|his|her)|already had (?:them|his \w+|her \w+)\b[^.!?]{0,30}(?:tablets|meds|dose)",
        # 2026-11-30, after the eighth blind set (read; holdout7), from the NHS medication-incident
        # kinds: time-critical doses late or omitted, supply running out, controlled-drug
        # discrepancies, patches not removed
        r"(?:tablets|meds|medication|medicine|insulin|doses?)\b(?:(?!\b(?:taxi|transport|bus|review|appointment|clinic|driver|lift)\b)[^.!?]){0,60}\b(?:[0-9]+|two|three|four|several)(?: or [0-9]+)? (?:hours|hrs) late\b|(?:parkinson'?s|insulin|epilepsy) (?:tablets|meds|medication|doses?) (?:were|was|are|is) (?:given )?late (?:again|every)",
        r"(?:been given|given|gave (?:him|her|them|me) (?:them|it|his|her)?) ?(?:[0-9]+|two|three|four|several) (?:or [0-9]+ )?(?:hours|hrs) late\b",
        r"(?:epilepsy|seizure|anti-?epileptic|insulin|parkinson'?s|heart|warfarin|blood thinning) (?:meds|tablets|medication|medicine|pens?|prescription)? ?(?:has |have |had )?(?:ran|run|running) out\b(?! of (?:date|stock))(?![^.!?]{0,40}(?:delivered|same day|got more|replaced|sorted))",
        r"(?:oxycodone|morphine|fentanyl|diazepam|tramadol|controlled drugs?|cd)\b[^.!?]{0,20}(?:count|stock|book|register)\b[^.!?]{0,30}(?:short|wrong|does not add up|not add up|missing)(?![^.!?]{0,40}(?:counting error|recount|miscount|found it|turned up))",
        r"(?:never|not) (?:been )?(?:given|gave (?:him|her|them|me)) (?:the |their |his |her )?prn\b|(?:never|not) (?:got|getting) their prn\b",
        r"without (?:taking|removing|peeling) (?:off )?the old (?:one|patch)|(?:two|three|four|several|[0-9]+) (?:patches|fentanyl patches) on\b|found (?:two|three|four|several|[0-9]+) (?:patches |of them )?on (?:his|her|my|their|mam'?s|mum'?s|dad'?s) (?:back|arm|chest|skin)",
        # 2026-11-30, after the tenth blind set (read; holdout8), from the NHS medication-incident
        # kinds: days without a time-critical medicine, a dose written ten times too high,
        # old and new tablets both taken, a double dose with harm, a CD book that does not add up
        r"(?:[0-9]+|two|three|four|five|several) (?:days|weeks) without (?:his|her|my|their|any) (?:\w+ )?(?:tablets|meds|medication|insulin|inhaler|oxygen)\b",
        r"(?:give|gave|given|had|written|says|saying) '?[0-9]+(?: units)?'?[^.!?]{0,30}\b(?:her|his|my|the|usual) (?:dose|dosage) is (?:only )?[0-9]+",
        r"on both the old (?:and|&) (?:the )?new (?:ones|tablets|meds|medication|pills)",
        r"(?:taking|taken|given|had) (?:it|them) twice a day\b[^.!?]{0,60}(?:bleeding|passing out|dizzy|drowsy|confused|fell|collapsed)",
        r"(?:cd|controlled drugs?) (?:book|register|count|cupboard)\b[^.!?]{0,40}(?:not added up|not add up|does not add up|has not added up|hasnt added up|short|missing)",
        r"(?:pharmacy|chemist|pharmacist) (?:gave|sent|delivered|dispensed) (?:mam|mum|dad|nan|my \w+|him|her) (?:the )?(?:wrong|someone else|somebody else|somebody elses|someone elses|another)",
        # 2026-11-30 (next session), after the eleventh blind set (read; holdout9), in general forms
        # from the NHS medication-incident kinds: a dose signed for but not given, a dose written
        # up wrong, repeated omissions, the wrong patient's pack, no medication review for years
        r"signed (?:for|as (?:given|taken)|off)\b[^.!?]{0,60}(?:still (?:sitting |left )?in the (?:blister )?(?:pack|packet|pot|dosette|box)|(?:was|were) not given|never given|not been given)",
        r"(?:dose|dosage)\b[^.!?]{0,30}\b(?:double|twice|triple|ten times) what\b",
        r"(?:keep|keeps|kept|keeping|been|are|is) (?:missing|forgetting) (?:his|her|my|their|the) (?:\w+ ){0,2}(?:tablets|medication|meds|doses?|insulin|injections?|medicines|inhalers?|patch(?:es)?)\b",
        r"(?:out of|from) (?:the |a )?wrong (?:blister )?(?:pack|box|pot|dosette|bottle|packet|tray)\b",
        r"(?:tablets|meds|medication|pills|insulin)\b[^.!?]{0,30}\b(?:were|was) (?:meant )?for (?:the|another|a) (?:lady|man|woman|resident|patient|person|gentleman) (?:next door|in the next room|down the (?:corridor|hall)|across the (?:hall|corridor)|in room)",
        r"(?:not|never|nobody|no one) (?:has |have |had )?(?:been )?review(?:ed)? (?:her|his|my|their|the) (?:medicines|medication|meds|tablets)\b[^.!?]{0,30}\b(?:in|for) (?:[0-9]+|two|three|four|five|several|many) years",
    ),
    "serious_harm_or_injury": (
        r"(?:had|has|have) a (?:bad |nasty |serious )?fall\b", r"(?:keeps|keep|kept) (?:on )?falling",
        r"falling (?:over|down)", r"falls (?:over|down)\b", r"(?:has|have|had) fallen (?:over|down|out|off|again|twice|in|on)", r"fell (?:down|over|out|off|from|on|onto|and|in the|whilst|while|when)",
        r"(?:dropped|dropping) (?:me|him|her|my|them)\b", r"broke(?:n)? (?:my|his|her|their) \w+", r"fracture[ds]?\b",
        r"(?:serious(?:ly)?|bad(?:ly)?|severe(?:ly)?) (?:injur\w*|hurt|harm\w*)", _NEG + r"injured",
        r"(?:left|lying|lay) on the (?:kitchen |bathroom |bedroom |hall |landing |cold |wet )?floor", r"bleeding out\b", r"(?:could|might|nearly|almost) have died", r"(?:nearly|almost) died",
        r"died (?:because|after|waiting|due|as a result)", r"(?:heart attack|stroke|sepsis) (?:was )?(?:missed|ignored)",
        r"bleeding (?:heavily|badly|everywhere)", r"avoidable (?:harm|death)", r"(?:burnt|scalded) (?:me|him|her)",
        r"pressure (?:sore|ulcer)s?", r"head injury", r"unconscious",
        r"(?:hit|banged|bashed|cracked|smashed) (?:my|his|her|their) head", r"lay there for (?:ages|hours)",
        r"on the (?:\w+ )?floor for (?:\w+ )?(?:hours|hour|the night|ages)", r"hours (?:on|lying on) the (?:\w+ )?floor",
        r"(?:could not|cannot|can not) feel (?:her|his|my|their) (?:legs|arms|face|side)",
        r"(?:was|went|is|gone|going|became|very|really|all) floppy", r"ended up in (?:intensive care|icu|resus|intensive)",
        r"(?:leg|arm|head|hand|foot|neck) (?:got |was |were )?trapped", r"bed rails? (?:is |are |was |were )?(?:broken|faulty|missing)",
        r"(?:lips|face|skin|fingers) (?:are |is |was |were |going |turning |went |turned )+(?:blue|grey)",
        r"(?:will not|would not|refuse\w*(?: to)?|did not) (?:to )?call (?:the|a|an) (?:doctor|gp|ambulance|nurse)",
        r"(?:sling|hoist) (?:ripped|snapped|broke|tore|failed|gave way)",
        r"blisters (?:all )?(?:down|on|up|over)", r"burns unit", r"wedged (?:between|in|under)", r"gasping for (?:breath|air)",
        r"chok(?:ed|ing) on", r"went off .{0,30}blue",
        # 2026-11-30, from clinical red flags (NICE NG51 sepsis, CG176 head injury), not from any test set
        r"(?:a |having a |had a |had |went into a )?(?:fit|seizure)s? (?:and|but) (?:nobody|no one|they did not|staff did not|they never)",
        r"(?:gash|deep cut|wound) (?:on|in|to) (?:his|her|my|their) (?:head|face)",
        r"(?:fell|fall|fallen|collapsed)\s*(?:and|but|[-–—,;:]|\.)\s*(?:nobody|no one|no-one) (?:came|helped|noticed|checked|found|was there)",
        # a member of staff who fears harm to come (a whistle-blower's "I am worried someone will
        # come to harm"; 2026-11-30 evening, from a new user's staff comment)
        r"(?:worried|afraid|scared|frightened|terrified|fear|convinced)\b[^.!?]{0,30}\b(?:someone|somebody|a resident|a patient|residents|patients|people|he|she|they|mum|dad|mam|my \w+) (?:will|is going to|are going to|could|might|may|is gonna) (?:come to (?:serious )?harm|get (?:badly )?hurt|be (?:badly )?harmed|die)\b",
        r"(?<!no one )(?<!nobody )(?<!not )(?<!never )(?:come|comes|came|coming) to (?:serious |real )?harm\b",
        r"(?:never|not|no one|nobody) (?:checked|looked at|x-?rayed|scanned) (?:his|her|my|their) (?:head|hip|leg|arm|wrist|neck)",
        r"(?:burnt|burned|scalded) (?:by|with|from|on) (?:the|a|hot) (?:bath|water|kettle|radiator|tea|drink|heater|shower)",
        # 2026-11-30, after the fourth blind set, from NICE NG51 (sepsis: mottled or blue skin, new
        # confusion), cellulitis and choking red flags, not that set's wording
        r"(?:she|he|they|mum|mam|dad|nan|grandad|baby|bairn|my \w+) (?:went|turned|was going|started going|was turning|is going|is turning|goes) (?:blue|grey|gray)\b",
        r"on the (?:\w+ )?floor (?:for )?(?:goodness|god|who|heaven|heavens) knows how long",
        r"(?:grey|gray|blue|mottled|clammy) and (?:really |very )?(?:confused|drowsy|floppy|unresponsive|cold|not making sense)",
        r"breathing (?:funny|strange(?:ly)?|weird(?:ly)?|really fast|very fast|really slow|very slow|rattly)",
        r"(?:hot|red|redness|swollen|swelling|black)\b.{0,30}\bspreading (?:up|down|across|over|past|to)\b",
        # 2026-11-30, a second batch from red-flag lists (NICE NG51 sepsis, CG95 chest pain,
        # GI bleeding), written without reading any test set
        r"(?:stopped|was not|was not even|not) breathing", r"vomit(?:ing|ed) blood|coughing up blood|blood in (?:his|her|my) (?:vomit|sick)",
        r"chest pains? (?:and|but) (?:they|nobody|no one|the doctor|the gp|staff) (?:said|sent|told|did not)",
        r"found (?:him|her|them|dad|mum|mam|nan|grandad) (?:collapsed|unconscious|unresponsive|on the floor|at the bottom of the stairs)",
        r"severely dehydrated|(?:badly|very|so) dehydrated (?:and|that|when)",
        # 2026-11-30, after the sixth blind set (read), from NICE red flags: haemorrhage after
        # birth, a rash that does not fade, a blue colour, drowsiness after a head injury
        r"soak(?:ing|ed|s)? (?:through )?(?:a |my |the )?(?:pad|pads|sheets?|towels?)|(?:bleeding|blood loss)[^.!?]{0,60}(?:faint|dizzy|light-?headed|passed out)",
        r"rash (?:that |which )?(?:did not|does not|would not|will not) (?:go|fade|disappear)|glass test|non[- ]?blanching",
        r"(?:went|turned|going|gone|was|looked) (?:a |all |really |slightly |bit )?(?:funny |grey(?:ish)? |bluey? )?(?:blue|grey|purple)(?: colou?r)?\b(?! badge| uniform| lanyard| ward| room| door| folder| form)",
        r"(?:banged|banging|hit|bumped|knocked) (?:his|her|my|their) head\b[^.!?]{0,100}(?:drows\w+|sleepy|been sick|vomit\w*|confused)",
        r"getting (?:more |very )?drows\w+|drowsier|hard to wake|difficult to (?:wake|rouse)|(?:could not|can not|cannot) wake (?:him|her|them|me)\b|barely breathing",
        # 2026-11-30, after the eighth blind set (read; holdout7), from NICE red flags (diabetic
        # foot, sepsis and cellulitis, chest pain that spreads), and harm from a fall
        r"(?:toes?|foot|feet|fingers?|leg)\b[^.!?]{0,30}(?:going|gone|turning|turned|is|are) (?:dark |very )?(?:black|purple|blue)\b(?! and blue)(?![^.!?]{0,30}(?:bruis|cold|blood test|swim))",
        r"(?:wound|leg|foot|sore|ulcer|cut|stitches|dressing|toe|scar)[^.!?]{0,60}(?:oozing|weeping) (?:green|yellow|pus)",
        r"(?:leg|foot|arm|wound|knee|skin|ankle)\b[^.!?]{0,30}(?:hot and red|red and hot|red hot and swollen)",
        r"(?:split|cut) (?:his|her|my|their) (?:head|skull) open\b(?! laugh)|split (?:his|her|my|their) (?:head|skull)\b(?! open)",
        r"(?:on|off) the floor (?:for )?(?:over |nearly |about |almost )?(?:[0-9]+|two|three|four|five|six|several|many) hours|on the floor all night",
        r"(?:chest pains?|pain in (?:my|his|her) chest) (?:going |spreading |radiating |shooting )?(?:down|into|up|to) (?:my|me|his|her) (?:left )?(?:arm|jaw|neck)\b(?![^.!?]{0,60}(?:turned out|was just|was only|in the end|last year|years ago))",
        r"(?:had|having) (?:[0-9]+|two|three|several|a few|more) (?:seizures?|fits) (?:since|this week|today|in a day)\b(?! (?:19|20)\d\d)(?![^.!?]{0,40}(?:well controlled|under control))",
        # 2026-11-30, after the tenth blind set (read; holdout8), from NICE red flags: sepsis
        # (drowsy with fast breathing, shivering and confused, red lines up a limb), a very low
        # blood sugar, a wound gone black or smelling, found under water, blacking out
        r"(?:sleepy|drowsy|confused|talking nonsense|not making sense)\b[^.!?]{0,40}\bbreathing (?:fast|quick|heavy)|breathing (?:fast|quick)\b[^.!?]{0,40}(?:sleepy|drowsy|confused)",
        r"(?:shivering|shaking|rigors)\b[^.!?]{0,30}(?:talking nonsense|confused|not making sense|delirious)|bloody (?:wee|urine)|blood in (?:his|her|my|the) (?:wee|urine|catheter)",
        r"red (?:lines?|streaks?) (?:going|spreading|running|up)|red hot (?:up|all the way)",
        r"(?:sugar|blood sugar|bm|glucose)s? (?:is|was|were|of|at|down to|dropped to) (?:only )?[0-2](?:\.[0-9])?\b(?! ?(?:hours|days|weeks|years))",
        r"(?:sore|ulcer|wound|heel|toe)\b[^.!?]{0,30}(?:gone|going|turned|is) black|(?:sore|ulcer|wound|dressing)\b[^.!?]{0,40}(?:smells|stinks)\b",
        r"found (?:\w+ ){0,2}under (?:the )?water|face down in the (?:bath|water|pool)|(?:nearly|almost) drowned",
        r"(?:keeps|kept|been|started) (?:passing out|blacking out|collapsing|fainting)|impossible to wake|(?:would not|wouldnt|could not|couldnt) wake (?:him|her|them)\b",
        r"(?:having|had|has) more (?:fits|seizures)\b",
        # 2026-11-30, from a new user's comments: a long lie, a failed alarm, a patient missing
        r"(?:was|were|been) found on the floor|(?:been|lay|lying|left) (?:there|on the floor) all night",
        r"(?:pendant|care ?line|telecare|lifeline|falls?) alarm (?:was not|wasnt|is not|not|did not|didnt|never) (?:working|work|go off|went off)",
        r"(?:a |the )?(?:patient|resident|client) (?:got out|went missing|absconded|escaped)\b",
        # 2026-11-30 (next session), after the eleventh blind set (read; holdout9), in general forms
        # from the NHS Never Events list (wrong-site surgery), pressure sores by where they are, and
        # a death put down to a delay
        r"(?:operated on|operation on|surgery on|removed|amputated|injected) (?:the|my|his|her|their) wrong (?:\w+ )?(?:knee|leg|arm|hip|eye|side|foot|hand|kidney|finger|toe|tooth|breast|ear|shoulder|ankle|wrist)\b|wrong[- ](?:site|side) (?:surgery|operation|procedure)",
        r"\bsores (?:on|all over|down) (?:his|her|my|their) (?:bottom|bum|back|heels?|hips?|sacrum|backside|legs?|feet)\b",
        r"(?:he|she|they|mum|mam|dad|nan|grandad|grandma|my \w+) (?:would|might|could) (?:still be (?:here|alive|with us)|have (?:lived|survived))\b(?![^.!?]{0,30}\b(?:if (?:it was|it were|it had|they were|they had) not (?:been )?(?:for|there)|if not for|but for|thanks to)\b)",
    ),
    "threat_or_violence": (
        r"threat(?:en|ened|ening|s)?\b(?! weather)", r"(?:i will|i am going to|going to|gonna) (?:kill|hurt|stab|smash|batter|beat up|get you|get them|get him|get her)\b",
        r"\b(?:knife|weapon|gun|bomb)\b(?! and fork)", r"violent\w*", r"aggressive (?:towards|to) (?:me|him|her|us|staff)",
        r"i know where (?:you|they|she|he) live",
        r"(?:will|is going to|was going to|going to|gonna|threatened to) (?:kill|hurt|stab|batter|beat|hit|strangle) (?:me|him|her|us|them|you|my \w+)\b",
        r"sort (?:the |that |this )?(?:receptionist|driver|nurse|doctor|staff|carers?|girls?|lads?|you|him|her) out\b", r"come back and (?:sort|get|deal with|have)",
        r"knew (?:what car|where) (?:she|he|they|you) (?:drove|drives|lives?|parks?)",
        r"smash (?:their|your|his|her|the|my) (?:windows|car|face|head)", r"put the windows? (?:in|through)", r"(?:and|with) (?:her|him) with them",
        r"gave (?:him|her|them) my (?:new )?address", r"found out where i (?:am|was) (?:staying|living)", r"smother (?:him|her|me|them)", r"court order(?!ed)|restraining order|non[- ]molestation|injunction",
        r"would (?:kill|stab|batter|strangle) (?:me|him|her|us|them|you|my \w+)\b", r"(?:punch|hit|kill) (?:the|that|this|a) (?:driver|nurse|doctor|paramedic|call handler)",
        # 2026-11-30, from the NHS violence-prevention standard's kinds of aggression, not from any test set
        r"spat (?:at|on) (?:me|him|her|us|them|staff|the)", r"(?:hands?|arm) (?:round|around) (?:my|his|her|their) (?:neck|throat)", r"strangl\w+\b(?! by)",
        r"(?:followed|following|follows) (?:me|her|him|us) (?:home|to (?:my|her|his|the) (?:car|house|flat|door))",
        r"(?:smashed|smashing|trashed|wrecked) (?:up )?(?:the|my|her|his|our) (?:room|office|flat|house|windows?|door|car)",
        r"(?:punched|kicked|headbutted|threw (?:a|the) \w+ at) (?:me|her|him|us|staff|a nurse|the nurse|a carer)",
        # 2026-11-30, after the fourth blind set, from the same standard's kinds (weapons,
        # stalking, assault), not that set's wording
        r"\b(?:air rifle|rifle|shotgun|crossbow|machete|baseball bat|samurai sword)\b",
        r"(?:going to|gonna|will|would|threatened to|and) shoot (?:the|him|her|them|you|me|us|one|any|some|staff|carers?|next)\b",
        r"(?:she|he|you|they) (?:will|would|is going to|are going to) be sorry\b|\b(?:shell|hell|youll|theyll) be sorry\b",
        r"by the (?:throat|neck)\b",
        r"(?:punched|kicked|headbutted|bitten|bit|attacked|assaulted|hit) (?:two|three|four|five|several|[0-9]+|other|another|some of the|one of the) (?:carers|staff|nurses|residents|patients|members of staff|of the (?:staff|carers|nurses))",
        r"(?:threw|thrown|throwing|hoyed|hoying|hoy|chucked|chucking|lobbed) (?:a|the) (?:chair|table|cup|plate|mug|bottle|brick|stone|glass|walking stick|frame) at",
        r"(?:followed|following|follows) (?:our|the|a|my|one of (?:our|the)) (?:\w+ ){0,2}(?:worker|nurse|carer|staff|receptionist|member of staff|carers|nurses|workers) (?:home|to (?:my|her|his|their|the) (?:car|house|flat|door|bus stop))",
        # 2026-11-30, a second batch (the NHS violence-prevention standard's kinds), written
        # without reading any test set
        r"(?:set fire to|burn (?:down )?(?:the|your|their|his|her) (?:house|place|flat|building)|petrol through)",
        r"(?:waiting|hanging about|hanging around|lurking) (?:outside|at) (?:the|our|my|her|his) (?:office|house|flat|home|car|door) (?:for|every|again|at night)",
        r"(?:going to|gonna|will) (?:do|get|sort|batter|smash) (?:you|her|him|them|the staff|the nurse) (?:in|over)\b",
        # 2026-11-30, after the sixth blind set (read), from the NHS violence-prevention
        # standard's kinds: stalking, a named weapon, restraint on the neck
        r"knows? (?:where|what time|when) (?:i|you|she|he|they|that \w+) (?:park|parks|finish|finishes|live|lives|leave|leaves|drive|drives)\b",
        r"(?:he will|she will|they will|i will|he would|i would) (?:stab|kill|batter|punch|smash|glass|knife|shoot|hit) (?:the|that|this|a|your|you|him|her|them)\b",
        r"sort (?:yous|youse|you lot|yez|the lot of you|all of you)(?: all)? out|come down (?:there|here) and sort",
        r"(?:bring|bringing|brought|fetch|fetching) (?:a|my|the) (?:hammer|blade|bat|machete|crowbar|axe)\b",
        r"(?:keeps|kept|been|is|was|started) (?:hitting|punching|kicking|scratching|pushing|biting|slapping) (?:mam|mum|nan|nana|gran|grandad|granda|dad|me|him|her|my \w+|other residents)\b",
        r"knelt on (?:his|her|my|their) (?:neck|back|chest|head)|watch (?:your|yer|ya) back|we know who you are",
        # 2026-11-30, after the eighth blind set (read; holdout7), from the NHS violence-prevention
        # standard's kinds: pinning and intimidation, threats with or without an apostrophe
        r"pinned (?:me|him|her|them|(?:a|the|one of the|our) (?:nurse|carer|member of staff|staff member|doctor|worker|resident|patient|healthcare assistant|hca|porter|receptionist|lass|lad|girl|woman|man)) (?:up )?(?:against|to) (?:the|a) (?:wall|floor|door)",
        r"(?<!baby )(?<!bairn )(?<!toddler )scream(?:ed|ing|s)? in (?:the|my|her|his|their) face\b(?! of)|got in (?:my|her|his|their) face",
        r"knows? where (?:we all|you all|they all|all of us|all the staff|the staff|every one of (?:us|you)) live",
        r"(?:theyll|hell|shell|youll|ill) (?:stab|batter|smash|glass|knife) (?:me|you|him|her|them|us)\b",
        r"(?:is|are|you are|youre|she is|shes|he is|hes) (?:a )?dead (?:man|woman|men|person) walking",
        r"and (?:someone|somebody|one of you|one of them) (?:will|is going to|gonna) get (?:hurt|killed|stabbed|battered)",
        r"(?<!nobody )(?<!no one )(?:i|he|she|they) knows? (?:where|what time|when) (?:the|that|your) (?:social worker|nurse|carer|doctor|manager|receptionist|worker|staff|gp|district nurse|health visitor|support worker)s? (?:\w+ )?(?:park|parks|finish|finishes|live|lives|leave|leaves|drive|drives)\b",
        # 2026-11-30, after the tenth blind set (read; holdout8), from the NHS violence-prevention
        # standard's kinds: a threatened slap, stalking (following, waiting in a car park,
        # knowing someone's bus), throwing someone through a window, taking children
        r"(?:deserves|needs|wants) a (?:slap|smack|punch|kicking|good hiding|hiding)\b",
        r"(?:hell|he will|she will|shell) take the (?:kids|children|bairns|baby)\b",
        r"(?:punched|kicked|smashed|headbutted) (?:the |a )?(?:glass |front |office )?(?:door|window|screen)\b",
        r"(?:keeps|kept|been|is|was|started) following (?:me|her|him|us|my \w+)\b",
        r"(?:keeps|kept|always|been|is|was|he|she|they) (?:sitting|sat|sits|waiting|waits|parked|parking) outside (?:in a (?:\w+ )?(?:van|car)|(?:my|her|his|our) (?:house|flat|home))\b(?! on time)",
        r"waiting (?:in|at) the car ?park for (?:me|her|him|us|staff)|knows? which bus (?:i|she|he|we) (?:get|gets|catch|catches)",
        r"put (?:her|him|you|them|me) through (?:the|a) (?:window|wall|door)",
        # 2026-11-30, from a new user's carer comment: fear of what someone may do
        r"(?:frightened|scared|afraid|terrified) (?:of )?what (?:he|she|they|my \w+) (?:might|will|could|would|is going to|may) do\b",
        # 2026-11-30 (next session), after the eleventh blind set (read; holdout9), in general forms
        # from the NHS violence-prevention standard's kinds: a dare, revenge, waiting for someone
        # after work, a blade, and staff threatening someone who might tell
        r"(?:push\w*|try (?:it|that|me)|do (?:it|that) again|say (?:it|that) again|touch (?:me|her|him))\b[^.!?]{0,25}\band see what happens\b|(?:got|have) nothing (?:left )?to lose\b",
        r"(?:someone|somebody|one of (?:them|you|your staff|the staff))\b[^.!?]{0,40}\b(?:is|are) (?:getting|going to get|gonna get) (?:hurt|battered|a slap|a kicking)\b",
        r"(?<!i )(?:will|gonna|going to) regret (?:it|this|that|the day)\b",
        r"(?:i|we|he|they|my (?:son|husband|brother|partner|lads?)) (?:will|would|am going to|is going to|are going to) be waiting for (?:her|him|them|you|that \w+|the \w+)\b[^.!?]{0,30}(?:when (?:she|he|they|you) (?:finish|finishes|leave|leaves|clock off|clocks off|come out|comes out)|after (?:her|his|their|your) shift)",
        r"if (?:you|he|she|they|u) (?:tell|tells|told|say|says|said) (?:anyone|anybody|anything|your (?:family|mam|mum|dad|son|daughter|kids)|(?:his|her|their) family|us anything|about (?:me|this|it|us))\b[^.!?]{0,60}\b(?:will|ill|gonna|going to|would)\b",
        r"\b(?:a|his|her|my|the) blade\b(?! of grass)|sort out (?:the|that|this|your) (?:receptionist|driver|nurse|doctor|carers?|social worker|manager|gp|consultant|psychiatrist|paramedic)s?\b(?!'| (?:rota|letter|appointment|prescription|shortage|problem|issue))",
    ),
}
#: One character of what a near miss is about, up to the end of the sentence or a word that may
#: open a disclosure ("asked if anyone was hurting me and I said yes, my husband hits me").
_TOPIC = r"(?:(?!\b(?:yes|and|but|told|said)\b)[^.!?])"
_NEAR_MISS = re.compile(
    r"(?:died|dying|die) (?:of |from )?laugh\w*|safeguarding (?:adults? |children'?s? )?(?:level [0-9a-z]+ )?(?:training|course|e-?learning|and de-?escalation|refresher)|"
    r"domestic abuse (?:helpline|poster|service|support|charity|leaflet)s?|would kill me if (?:he|she|they) (?:knew|found out)|fell asleep|fall(?:ing)? asleep|fallen asleep|(?:fell|fallen|falling) in love|fell through|fell short|fell apart|"
    r"minor injur\w* (?:unit|clinic)|sexual health|falls? clinic|falls? team|killing time|"
    r"(?:fell|fall|falls|fallen|slipped|tripped|stumbled)(?: \w+){0,4} and (?:hurt|cut|bruised) (?:myself|himself|herself)|"
    r"asked (?:me |him |her |them |us )?(?:if|whether) (?:i|he|she|they|we) (?:ever )?(?:had|have|has|was having|were having) thoughts? (?:of|about) \w+ \w+|"
    r"knife and fork|threatening weather|wet ?rooms?|(?:substance|drug|drugs|alcohol) (?:abuse|misuse)|"
    # 2026-11-30: a clinical degree of illness, not a threat ("a life threatening situation";
    # NEAS comments used it this way five times, each flagged as a threat)
    r"(?:non[- ]?)?life[- ]?threatening|"
    # 2026-11-30, after the sixth blind set (read): teaching, hyperbole and resolved checks
    r"(?:modern slavery|prevent|safeguarding|domestic abuse|suicide prevention|self[- ]?harm|pressure ulcer|falls?|sepsis)"
    r" (?:prevention |awareness |support )?(?:e-?learning|training|module|course|talk|session|leaflet|poster|class|group|walk|event|run|fundraiser)s?\b|"
    r"safeguarding (?:lead|officer|team) (?:gave|did|ran|delivered|led|presented)|"
    r"i could have (?:strangled|throttled|murdered|killed) (?:him|her|them|my \w+)|"
    r"(?:checked|check|checking|double[- ]checked) (?:\w+ ){0,2}(?:meds|medication|tablets|dose|doses) twice|"
    r"(?:spotted|noticed|caught)" + _TOPIC + r"{0,80}(?:and (?:sorted|fixed|changed|corrected) (?:it|them) )?"
    r"before (?:i|he|she|they|we|it|anyone) (?:even )?(?:picked|took|had|got|was given|collected)|"
    r"missed doses? (?:are|is) (?:less|no longer|not)|(?:what to do|how to act|in case) (?:if|when)" + _TOPIC + r"{0,60}|"
    r"threat(?:ening|ened) to (?:go home|leave|retire|quit|rain|snow|close)|"
    r"(?:had a (?:bad )?fall|broke (?:my|his|her) \w+)(?:(?!\bbut\b)[^.!?]){0,120}(?:all healed|healed now|fully healed|all better now|fully recovered|recovered now|cast is off|cast off now)|"
    # 2026-11-30: what is being taught, asked as routine, or already resolved
    # (each stops at a "yes", "and", "but", "told" or "said", so a disclosure after it is read)
    r"(?:training|course|session|case studies|workshop|talk|e-?learning|leaflets?|posters?|refresher|update|module) (?:on|about|covering|covered|covers) " + _TOPIC + r"{0,60}|"
    # 2026-11-30, after the tenth blind set: a question about what happens in general, with a
    # made-up person and a question mark; bruises explained by a medicine; an error spotted
    # before the medicine was handed over
    r"\bif (?:a|the|any) (?:carer|nurse|staff|worker|member of staff|pharmacist|doctor)\b[^.!?]{0,40}\b(?:someone|somebody|a person|a resident|a patient|anyone)\b[^.!?]{0,30}\?|"
    r"\bif (?:someone|somebody|a person|anyone|a resident|a patient) (?:was|were|is) being \w+[^.!?]{0,40}\?|"
    r"bruis\w*[^.!?]{0,40}(?:are |were )?(?:from|because of|due to) (?:his|her|my|their|the) (?:blood thinners?|warfarin|medication|tablets|steroids|condition|skin)|"
    r"(?:spotted|noticed|caught|picked up)[^.!?]{0,60}before (?:handing|giving|it was given|it went|dispensing|it left|anyone took|i took|i had)|"
    r"(?:nurse|doctor|gp|social worker|they|she|he|staff|worker|receptionist|paramedic) asked (?:me |him |her |them |us )?(?:if|whether) (?:anyone|anybody|someone|i|he|she|they|we) " + _TOPIC + r"{0,80}|"
    r"(?:was|were) worried (?:about )?[^.!?]{0,60}until|used to (?:self[- ]?harm\w*|cut (?:myself|himself|herself))|"
    r"safeguarding (?:concern|alert|referral|issue)s? [^.!?]{0,60}(?:dealt with|sorted|resolved|handled)(?! badly| poorly)|"
    r"(?:had a|a) fall[^.!?]{0,80}no (?:injur\w+|harm|damage|broken bones)|"
    r"choked on (?:my|his|her|their) \w+ (?:when|at) (?:i|we|he|she) (?:saw|heard|read|got|looked)|"
    # 2026-11-30, after the eighth blind set (read): an error put right before anyone took it,
    # hyperbole, what-if questions, laughing
    r"(?:spotted|noticed|caught|picked up|realised)[^.!?]{0,120}(?:changed|corrected|sorted|fixed|amended) before (?:i|he|she|they|we|anyone) (?:even )?(?:picked|took|had|got|was given|collected)(?: up)? (?:it|them|anything|any|the (?:tablets|meds|medication|prescription|script)|my (?:tablets|meds|medication|prescription|script))\b|"
    r"(?:taxi|transport|bus|lift|driver)\b" + _TOPIC + r"{0,60}(?:hours|hrs) late|"
    r"overdos\w* on (?:acronyms|jargon|paperwork|forms|chocolate|sugar|caffeine|coffee|information|meetings|emails)|"
    r"what (?:would|will|should|do i do|happens|would happen|will happen)\b[^.!?]{0,30}\bif (?:i|he|she|they|we|my \w+|mum|mam|dad) (?:had|have|has|fell|fall|falls|get|got|gets|became|become|becomes|was|were|took|take|takes) (?:a |an )?(?:fall|ill|poorly|unwell|sick|taken ill|stuck|locked out|lost|flat tyre)\b" + _TOPIC + r"{0,40}|"
    r"(?:nearly |almost )?(?:fell|fall|falling) off (?:\w+ )?(?:chair|seat|stool)\w*[^.!?]{0,20}laugh\w*",
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


def urgent_kind(reason: str) -> str:
    """The kind (a key of :data:`URGENT_KINDS`) of an :func:`urgent_reason` result, ``''`` for none.

    >>> urgent_kind('medication_error: "wrong tablets"'), urgent_kind("")
    ('medication_error', '')
    """
    return reason.split(":", 1)[0]
