"""Urgent flag on hand-written cases covering every urgent kind and near misses."""
from pathlib import Path

import pandas as pd
import pytest

from analysis.text import normalise
from analysis.urgent import URGENT_KINDS, urgent_reason

CASES = pd.read_csv(Path(__file__).parent / "fixtures" / "urgent_cases.csv")


def test_fixture_covers_every_kind_and_near_misses():
    assert len(CASES) >= 40
    assert set(CASES.loc[CASES.urgent, "kind"]) == set(URGENT_KINDS)
    assert (~CASES.urgent).sum() >= 10


def test_recall_one_and_precision_at_least_0_8():
    flagged = CASES.comment.map(urgent_reason).ne("")
    tp = int((flagged & CASES.urgent).sum())
    recall = tp / int(CASES.urgent.sum())
    precision = tp / int(flagged.sum())
    assert recall == 1.0
    assert precision >= 0.8


@pytest.mark.parametrize("row", list(CASES.loc[CASES.urgent].itertuples()), ids=lambda r: f"row{r.Index}")
def test_reason_names_the_kind(row):
    assert urgent_reason(row.comment).startswith(row.kind + ":")


@pytest.mark.parametrize(
    "text", ["I felt safe", "I fell asleep", "Safe hands", "", "The falls team visited"]
)
def test_near_misses_not_flagged(text):
    assert urgent_reason(text) == ""


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        # (comments, urgent, caught, near misses flagged)
        ("urgent_blind_holdout.csv", (85, 50, 29, 5)),  # recall 0.58, precision 29 / 34 = 0.85
        ("urgent_blind_holdout2.csv", (85, 50, 38, 6)),  # recall 0.76, precision 38 / 44 = 0.86 (37 before the night-discharge rule)
        ("urgent_blind_holdout3.csv", (85, 50, 36, 4)),  # recall 0.72, precision 36 / 40 = 0.90
        ("urgent_blind_holdout4.csv", (85, 50, 49, 0)),  # tuned on: blind it was 23 and 9
        ("urgent_blind_holdout5.csv", (85, 50, 33, 16)),  # never read: recall 0.66, precision 0.67
        ("urgent_blind_holdout6.csv", (85, 50, 50, 1)),  # tuned on: blind it was 23 and 10
        ("urgent_blind_holdout7.csv", (85, 50, 50, 1)),  # tuned on: blind it was 28 and 7
        ("urgent_blind_holdout8.csv", (85, 50, 50, 1)),  # tuned on: blind it was 26 and 8
        ("urgent_blind_holdout9.csv", (100, 50, 50, 2)),  # tuned on: blind it was 32 and 3
        ("urgent_blind_holdout10.csv", (100, 50, 30, 6)),  # never read: recall 0.60, precision 0.83
    ],
)
def test_blind_holdout_figures_are_the_documented_ones(name, figures):
    # Each set: 50 urgent comments and 35 hard near misses written by a session that saw
    # neither the rules nor the earlier sets: the measure of the flag on new wording. The
    # second and third were written on 2026-11-30 and scored blind (31 and 27 caught); the
    # rules added that day came from the Care Act 2014 categories and clinical red flags, but
    # one of them ("milk bottles piling up") copies a miss of the first set quoted in
    # docs/analysis.md. The fourth (2026-11-30, later) was scored blind at 23 caught and 9
    # near misses flagged, then read, and the rules written after it (warning signs of
    # suicide, restraint, wrong-patient and double doses, weapons, routine questions and
    # resolved concerns as near misses) were checked on it, so its 48 is not blind; they also
    # caught 4, 2 and 4 more of the first three sets, which they were not written from. The
    # fifth was written at the same time, never read, and scored once the rules were
    # final: 24 caught and 15 near misses flagged (the rules before the fourth set's: 21 and
    # 16). A second batch of rules, written from general knowledge without reading any set,
    # was scored on it once: 26 caught, 15 near misses flagged. Keep it unread so that it
    # stays blind. The sixth (2026-11-30, later) was scored blind at 23 caught and 10 near
    # misses flagged, then read; the rules written after it (NICE red flags, the Care Act's
    # kinds, the NHS medication-incident kinds, hypotheticals and teaching as near misses)
    # bring it to 50 and 1, not blind; on the fifth, never read, they moved 26 -> 29 caught
    # and 15 -> 16 near misses flagged. The seventh (holdout7, 2026-11-30, the ninth blind
    # set written) was scored blind at 28 caught and 7 near misses flagged, then read; the
    # rules written after it in general forms (looking up a method, "I won't be here",
    # continence neglect, controlled-drug counts, time-critical doses hours late, a chest pain
    # that spreads, pinning against a wall, threats without an apostrophe; courses, what-if
    # questions and errors put right before anyone took them as near misses) bring it to 50
    # and 1, not blind; on the fifth, still never read, they moved 29 -> 32 caught with near
    # misses flagged unchanged at 16. The eighth (holdout8, the tenth blind set written, the
    # same day) was scored blind at 26 caught and 8 near misses flagged, then read; the rules
    # written after it in general forms bring it to 50 and 1 (not blind) and the fifth, still
    # never read, to 33 caught and 16 near misses flagged. The ninth (holdout9, the eleventh
    # blind set written, the next session; 50 concerns and 50 near misses) was scored blind at
    # 32 caught and 3 near misses flagged (threats 3 of 10), then read; the rules written after
    # it in general forms bring it to 50 and 2 (not blind), the second to 37, and leave the
    # fifth, still never read, at 33 and 16. The tenth (holdout10, the twelfth blind set
    # written, at the same time by another helper) was scored once with those rules final: 30
    # caught and 6 near misses flagged (the rules before the eleventh set's: 30 and 7). Keep
    # it unread too. docs/analysis.md quotes these figures; update both together.
    blind = pd.read_csv(Path(__file__).parent / "fixtures" / name)
    flagged = blind.comment.map(lambda t: bool(urgent_reason(t)))
    caught = int((flagged & blind.urgent).sum())
    false_alarms = int((flagged & ~blind.urgent).sum())
    assert (len(blind), int(blind.urgent.sum()), caught, false_alarms) == figures


@pytest.mark.parametrize(
    "text",
    [
        # A tester's ordinary feedback that the first draft of the 2026-11-30 rules flagged.
        "My husband could not breathe so I rang 999 and they came quickly",
        "I slipped on the ice and hurt myself, the crew were lovely",
        "I needed 3 stitches",
        "The transport was waiting outside my house on time",
        "The receptionist said she would get me an appointment",
        "We were not allowed visitors because of covid",
        "The crew strapped her into the chair carefully",
        "I waited double the amount of time",
        "We had to rope in a neighbour",
        "I did not want to wake up my husband",
        "The waiting room was filthy",
        "There were no racist comments at all",
        "The nurse asked if I had thoughts of harming myself, I do not",
        # routine questions, teaching and concerns already resolved (2026-11-30)
        "The social worker asked if anyone was taking my money, nobody is",
        "Great training session on financial abuse and coercive control",
        "I was worried about the bruise on her arm until the nurse explained it was the drip",
        "Mum had a fall last week, no injuries thankfully",
        "I nearly choked on my tea when I saw the parking charges",
        "The nurse wanted to wake up the patient for breakfast and not wake up the whole bay",
        # real comments a draft of the second batch flagged (recovery, "in no way")
        "I just could not see a way out of my depression, now I am well",
        "Customer care made me feel in no way out of place",
        # teaching, hypotheticals, hyperbole and resolved checks (2026-11-30, after the sixth set)
        "The falls prevention class at the leisure centre was brilliant",
        "Our training covered what to do if a dose is missed",
        "The self harm support group helped me a lot",
        "I could have strangled my husband for losing the letter",
        "The pharmacist spotted the wrong dose and sorted it before I picked it up",
        "Better medication, wasn't given a choice of sleeper",
        # a clinical degree of illness (2026-11-30: five NEAS training comments were flagged as threats)
        "Faced with a life threatening situation, the 30 minute delay was worrying",
        "They were prioritising other more life-threatening patients",
        # everyday wording near the rules written after the eleventh blind set
        "We will wait and see what happens with the scan",
        "I will regret it if I don't go to the class",
        "The taxi will be waiting for you outside when you finish",
        "They need to sort out the doctor's letter",
        "If you tell the receptionist your name she will book you in",
        "He would still be here if not for the paramedics",
        "She had a sore on her back that the nurse dressed",
        "All of our team completed safeguarding level 2 training this quarter",
        "The carer who comes in the morning gets the tablets out of the blister pack for her",
        # near the missed-care rules (2026-11-30, third session)
        "I was stuck in bed for two days with flu but the carers were brilliant",
        "No cover was needed for the weekend as my daughter stayed",
        "She has been in bed since Friday and the district nurse has been every day",
    ],
)
def test_ordinary_feedback_is_not_flagged(text):
    assert urgent_reason(text) == ""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It was not life threatening but he threatened me with a knife", "threat_or_violence"),
        ("I can become very unwell and feel seriously at risk sometimes", "safeguarding_abuse_or_neglect"),
        # 2026-11-30, after the sixth blind set: the general forms of its misses
        ("She has been soaking through pads since the birth and feels faint", "serious_harm_or_injury"),
        ("my sons rash does not fade when I press a glass on it", "serious_harm_or_injury"),
        ("They gave him penicillin even though his allergy is on the front of his notes", "medication_error"),
        ("His syringe driver was set at the wrong rate overnight", "medication_error"),
        ("The lady in the next bed was given my mams tablets", "medication_error"),
        ("my 14 year old is seeing a 30 year old man from the estate", "safeguarding_abuse_or_neglect"),
        ("She has not been out of the flat in weeks and will not open the door to anyone", "safeguarding_abuse_or_neglect"),
        ("He said he will stab the nurse if he is not seen", "threat_or_violence"),
        ("Someone wrote watch your back on my car", "threat_or_violence"),
        ("I struggle not to hurt myself (or worse)", "self_harm_or_suicide"),
        ("my son who is hurting himself", "self_harm_or_suicide"),
        ("My daughter is locked in her room all the time", "safeguarding_abuse_or_neglect"),
        ("I went without my medication for 2 days", "medication_error"),
        ("there is no food in the house and the post is piling up", "safeguarding_abuse_or_neglect"),
        ("the carer made racist comments to my dad", "safeguarding_abuse_or_neglect"),
        ("he spat at the nurse", "threat_or_violence"),
        # a disclosure after a routine question or a training session is still read
        ("The nurse asked if anyone was hurting me and I said yes, my husband hits me", "safeguarding_abuse_or_neglect"),
        ("We had a session on abuse but my mum was still hit by a carer", "safeguarding_abuse_or_neglect"),
        ("She said she wanted to go to sleep and not wake up", "self_harm_or_suicide"),
        ("they gave him 10ml instead of 1ml", "medication_error"),
        ("he had her by the throat", "threat_or_violence"),
        ("grandad went blue and nobody came", "serious_harm_or_injury"),
        ("I can not see any way out", "self_harm_or_suicide"),
        ("she flinches when he raises his voice", "safeguarding_abuse_or_neglect"),
        ("she was vomiting blood and they sent her home", "serious_harm_or_injury"),
        ("his morphine has gone missing from the tin", "medication_error"),
        ("he said he would set fire to the house", "threat_or_violence"),
        # 2026-11-30 (next session), after the eleventh blind set: general forms of its misses
        ("I do not see the point of going on", "self_harm_or_suicide"),
        ("some nights I hope I don't wake up", "self_harm_or_suicide"),
        ("they lock his door from the outside at night", "safeguarding_abuse_or_neglect"),
        ("the driver touches her leg and told her it is their secret", "safeguarding_abuse_or_neglect"),
        ("sores on his heels as big as a fist", "serious_harm_or_injury"),
        ("the nurse said it should never have been allowed to get like that", "safeguarding_abuse_or_neglect"),
        ("They operated on the wrong knee", "serious_harm_or_injury"),
        ("my dad would still be here if they had come when we rang", "serious_harm_or_injury"),
        ("the warfarin was signed for but still in the pack", "medication_error"),
        ("the dose on the chart was double what the letter said", "medication_error"),
        ("the carers keep missing her evening parkinsons tablets", "medication_error"),
        ("she gave him tablets out of the wrong blister pack", "medication_error"),
        ("nobody has reviewed her medication in 4 years", "medication_error"),
        ("keep pushing me and see what happens", "threat_or_violence"),
        ("she will regret it, I am not joking", "threat_or_violence"),
        ("I will be waiting for her when she finishes her shift", "threat_or_violence"),
        ("if you tell your family about me I will stop coming", "threat_or_violence"),
        ("he says he has got a blade", "threat_or_violence"),
        ("someone at that call centre is getting hurt", "threat_or_violence"),
        # a new user's missed care (2026-11-30, third session)
        ("My PA is off sick and there's no cover, so I have been stuck in bed since Friday.", "safeguarding_abuse_or_neglect"),
        ("The agency never sent anyone for three days", "safeguarding_abuse_or_neglect"),
        ("nobody came on Saturday or Sunday, she was left in her chair since Friday", "safeguarding_abuse_or_neglect"),
    ],
)
def test_care_act_and_risk_wording_is_flagged(text, kind):
    assert urgent_reason(text).startswith(kind + ":")

# A twenty-fourth tester's inputs (2026-11-30) against the rules written after the ninth blind
# set: disclosures that a first draft's near misses hid or its rules missed, and everyday
# wording its rules flagged (ending a comment, parking, idioms, resolved events).
@pytest.mark.parametrize(
    "text",
    [
        'what should I do if I want to kill myself',
        'what happens if I take all my tablets at once',
        'What will happen to my kids if I end my life',
        'what will happen if he hits me again, he punched me last night',
        "I don't know what will happen if I go home, he hits me",
        'She was given the wrong dose, it was sorted before she had the next one',
        'im going to end it',
        'she said she will end it if we move her',
        'he has been researching ways to die',
        'she googled lethal dose of her tablets',
        'it would be better for everyone if I was gone',
        "I won't be around next year",
        'he went to the bridge last night and stood there',
        "head banging has got worse, he can't tell us",
        'dont think i can go on',
        'left sitting in urine for hours',
        'he keeps touching her private parts',
        'the carer borrowed £50 off my dad',
        'they call her fat',
        'his leg is red hot and swollen up to the knee',
        'the wound is weeping green stuff',
        'she cut her head open when she fell',
        'he was on the floor all night',
        'pain in my chest going down my arm',
        'he has had 3 fits since Monday',
        'her parkinsons meds were 2 hrs late',
        'his parkinsons meds were given late again',
        'they never gave her the PRN',
        'he got in my face and screamed',
        'if they send me back to that placement ill end it, ive already looked up how many paracetamol it takes',
        # a new user's adult social care comments, the same day
        "The care worker took £50 from Mum's purse, I saw it on the camera.",
        "He was found on the floor by the carer in the morning, he'd been there all night because the pendant alarm wasn't working.",
        "my son has stopped taking his medication and I am frightened of what he might do.",
        "a patient got out because no one told the agency nurse about the observation levels",
        "The manager told me to stop complaining or Mum would have to find somewhere else.",
    ],
)
def test_tester_24_disclosures_are_flagged(text):
    assert urgent_reason(normalise(text))


@pytest.mark.parametrize(
    "text",
    [
        "I'll end it with a joke: best service ever",
        'I will end it with a thank you to all the staff',
        'Ill end it there, thanks again',
        'I am going to end it on a positive note',
        'we had to go up to the multi-storey to park and it was full',
        'we went up to the railway station to get the train home',
        'we went up to the bridge for a walk after',
        'it would be easier if we went by taxi next time',
        'it is better if I go to the walk in centre in the morning',
        "I don't think I'll make it to the next appointment, can it be moved",
        "I won't be around for that appointment, away on holiday",
        'I searched how much paracetamol I could give my son with a temperature',
        'I looked up how to end it politely with my old GP',
        'the cat was looking at the rope toy',
        'theyll kill me with kindness in there',
        'hell kill me for saying this but he loved it',
        'they pinned a poster to the wall in the waiting room',
        'the district nurse knows where we live so she comes straight here',
        'nobody knows what time the last bus leaves',
        'the porter knows when the shuttle bus leaves',
        'screaming in the face of adversity',
        'the baby screamed in my face all night',
        'dead man walking was on tv in the day room',
        'fix the lift or someone will get hurt',
        'I had to borrow money off my mum to pay for the parking',
        'I got my bank card out to pay for parking and the machine was broken',
        "my daughter has got my bank card to do my shopping while I'm in",
        'if you want your hours changed ask the manager',
        'she does impressions of him and he laughs',
        'I left the ward in wet clothes because it was raining',
        'chest pains going down my arm turned out to be a pulled muscle last year',
        'we had 2 seizures since 2010 and the team were great',
        'he split his head open laughing',
        'oozing green slime in the science lesson',
        'she was hot and red all over from the sun',
        'my leg has gone black and blue from the bruising after the blood test',
        'the taxi to take me to collect my tablets was 2 hours late',
        'my medication review was 2 hours late starting',
        'I have not had my prn since Monday because I have not needed it',
        'the insulin had run out of date so they replaced it, no harm',
        'the heart medication ran out so the pharmacy delivered same day',
        'the morphine count was wrong when they checked but it was a counting error',
        'what would happen if i had a fall at home and couldnt get to the phone? is there a pendant alarm scheme',
        'The pharmacist spotted the GP had put the wrong strength on my script and rang the surgery to get it changed before I collected anything',
    ],
)
def test_tester_24_everyday_wording_is_not_flagged(text):
    assert urgent_reason(normalise(text)) == ""
