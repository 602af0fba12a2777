"""Sentiment: each known class of TextBlob failure in patient feedback, pinned."""
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.pipeline import code_comments
from analysis.sentiment import rule_sentiment, textblob_polarity

CASES = [
    "It isn't great",
    "It isn\u2019t great",
    "not too bad",
    "I can't fault the care",
    "Brilliant, waited four hours and nobody came",
    "\U0001f44d",
    "\U0001f621\U0001f621\U0001f621",
    "Obs\u0142uga by\u0142a okropna",
    "lovely nurse but the food was cold",
    "Nothing was too much trouble for the crew",
    None,
    "",
]


@pytest.fixture(scope="module")
def coded():
    return code_comments(pd.DataFrame({"comment": CASES}))


def _row(coded, text):
    return coded.loc[CASES.index(text)]


def test_raw_textblob_gets_these_wrong():
    # The failures we correct: documents why the rules exist (values from TextBlob 0.20.1).
    assert textblob_polarity("It isn't great") == pytest.approx(0.8)
    assert textblob_polarity("not too bad") == pytest.approx(-0.7)
    assert textblob_polarity("I can't fault the care") == 0.0
    assert textblob_polarity("Brilliant, waited four hours and nobody came") == pytest.approx(0.9)


@pytest.mark.parametrize("text", ["It isn't great", "It isn\u2019t great"])
def test_negated_contraction_not_positive(coded, text):
    row = _row(coded, text)
    assert row.sentiment <= 0
    assert row.sentiment_label in {"negative", "neutral"}
    assert row.textblob_polarity == pytest.approx(0.8)  # raw value kept for comparison


def test_not_too_bad_not_strongly_negative(coded):
    row = _row(coded, "not too bad")
    assert row.sentiment > -0.5
    assert row.sentiment_label != "negative"


def test_praise_idioms_positive(coded):
    assert _row(coded, "I can't fault the care").sentiment_label == "positive"
    assert _row(coded, "Nothing was too much trouble for the crew").sentiment_label == "positive"


def test_sarcasm_not_positive(coded):
    row = _row(coded, "Brilliant, waited four hours and nobody came")
    assert row.sentiment_label != "positive"
    assert row.sentiment < 0


def test_emoji(coded):
    assert _row(coded, "\U0001f44d").sentiment_label == "positive"
    assert _row(coded, "\U0001f621\U0001f621\U0001f621").sentiment_label == "negative"


def test_mixed(coded):
    assert _row(coded, "lovely nurse but the food was cold").sentiment_label == "mixed"


def test_non_english_not_scored(coded):
    row = _row(coded, "Obs\u0142uga by\u0142a okropna")
    assert row.sentiment_label == "not_scored"
    assert math.isnan(row.sentiment)


@pytest.mark.parametrize("pos", [CASES.index(None), CASES.index("")])
def test_blank_not_scored(coded, pos):
    row = coded.loc[pos]
    assert row.sentiment_label == "not_scored"
    assert math.isnan(row.sentiment)
    assert row.themes == []


def test_rule_sentiment_clause_scores():
    r = rule_sentiment("Staff were lovely but I waited 3 hours")
    assert r.label == "mixed"
    assert r.pos > 0 > r.neg


@pytest.mark.parametrize(
    "text",
    [
        # a new user's carers' comments, coded positive or neutral before (2026-11-30)
        "I was never involved in planning my own care. Decisions were made about me without me.",
        "My son has been talking about ending his life and the crisis team said they would call back but never did.",
        "Pharmacy gave me the wrong medication - someone else's prescription.",
        "Her son takes her pension and she has bruises on her arms. She's scared of him.",
    ],
)
def test_concerns_and_exclusion_are_negative(text):
    out = code_comments(pd.DataFrame({"c": [text]}), "c")
    assert out["sentiment_label"].iloc[0] == "negative"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a new user's adult social care comments (2026-11-30): person-centred care TextBlob
        # scores 0, and rushed care it reads as positive through "lovely"
        ("Dr Ahmed took time to listen to me and my daughter. We came out understanding the diagnosis.", "positive"),
        ("I got to choose the things that matter to me. I feel more independent now.", "positive"),
        ("Please do not close it. The staff there are like family.", "positive"),
        ("The carers are lovely but they only have 15 minutes so they rush me. I feel like a job on a list.", "mixed"),
        ("The carer took £50 and I am furious", "negative"),
        # a later new user's home care comments (2026-11-30, next session), and the near misses
        # of their rules in NEAS and Nottinghamshire comments
        ("The carers are always rushing and never stay the full half hour", "negative"),
        ("As her carer I was never asked how I was coping", "negative"),
        ("They never answer the phone and the voicemail is always full", "negative"),
        ("I am exhausted, there has been no respite in two years", "negative"),
        ("I was livid", "negative"),
        ("They rush me", "negative"),
        ("We were treated as part of the family", "positive"),
        ("Very helpful and didn't rush me at all", "positive"),
        ("The crew rushed me to hospital and were lovely", "positive"),
        ("I could not cope without them, they are brilliant", "positive"),
        ("I could not answer the questions but the call handler was very patient", "positive"),
        # a new user's carers' workshop notes (2026-11-30, evening), and near misses
        ("Home care calls are rushed, they are in and out in 15 minutes", "negative"),
        ("I have not had any respite in two years", "negative"),
        ("We are asked for our views but never hear back", "negative"),
        ("I never felt rushed", "positive"),
        ("I did not feel rushed, they took their time", "positive"),
        ("I always feel rushed", "negative"),
        ("He was rushed in to resus", "neutral"),
        ("Direct payments give us choice but the paperwork is too much", "mixed"),
        ("Direct payments give us control over who comes", "positive"),
        # 2026-12-01, a seventh new user's dementia carers' workshop notes (codebook 2026.17)
        ("Letters full of jargon", "negative"),
        ("No jargon, just plain talk", "neutral"),
        ("Stop making us tell it all over again every time someone new comes in.", "negative"),
        ("The dementia nurse always asks how I'm doing too", "positive"),
        ("Nobody ever asked how I was doing", "negative"),
        ("Nobody telt us about Attendance Allowance. Nee one tells you owt", "negative"),
        ("The home care agency are a disgrace.", "negative"),
        ("It is not a disgrace", "neutral"),
        ("Different services keep asking for the same forms", "negative"),
        ("The memory nurse sat down with us both", "positive"),
    ],
)
def test_social_care_wording_has_the_right_rule_label(text, label):
    assert rule_sentiment(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a blind set of invented adult social care, carers' and staff comments (2026-11-30,
        # third session): praise and complaint in social care's words, each with a near miss
        ("I can't say a bad word about any of them", "positive"),
        ("Couldn't have asked for more", "positive"),
        ("The reablement team got me back on my feet", "positive"),
        ("Our team leader actually listens", "positive"),
        ("Nobody actually listens", "negative"),
        ("They never really listened", "negative"),
        ("The GP sorted my tablets the same day", "positive"),
        ("They made me feel welcome", "positive"),
        ("It saves me telling my story again", "positive"),
        ("I had to tell my story three times", "negative"),
        ("She never gives up on me", "positive"),
        ("Same carers most days now", "positive"),
        ("We never get the same carers", "negative"),
        ("The staff were dead helpful", "positive"),
        ("The doctor explained it in plain English", "positive"),
        ("Doctor was brill", "positive"),
        ("Morale is at rock bottom", "negative"),
        ("Morale has really improved", "positive"),
        ("Still waiting for the assessment", "negative"),
        ("I have heard nothing since March", "negative"),
        ("Nothing has happened since the meeting", "negative"),
        ("They cancelled again at the last minute", "negative"),
        ("The doctor didn't look up once", "negative"),
        ("The home lost mam's glasses", "negative"),
        ("Discharge was a shambles", "negative"),
        ("I always have to chase everything", "negative"),
        ("Reablement stopped whether I was ready or not", "negative"),
        ("We never know who is coming", "negative"),
        ("Great, another form to fill in", "negative"),
        ("It did not make a difference", "neutral"),
        # and a new user's adult social care comments the same day
        ("Respite was cancelled twice at two days notice. I had to take unpaid leave from work.", "negative"),
        ("Nobody explains what you're entitled to", "negative"),
        ("No one could have done more", "positive"),
        ("The day centre is the only thing that keeps me going.", "positive"),
        ("It keeps me going round in circles", "negative"),
        ("Killing me this caring lark but the lads at the men's shed keep me sane", "mixed"),
        ("Staff are kind but there just aren't enough of them at night", "mixed"),
        ("I don't want to be here anymore. I can't keep doing this on my own.", "negative"),
        ("The home is spotless", "positive"),
        # "nothing" at the end of a sentence is no "Nothing." answer to "what could be better"
        ("I asked for a carer's assessment six months ago and have heard nothing.", "negative"),
        ("Nothing.", "positive"),
        ("nothing really", "positive"),
        # a second new user's the same day: "honestly" is no praise (it made a carer's despair
        # mixed), North East dialect, neglect of personal care, staff workload
        ("Honestly some days I don't see the point in going on. No break, I've thought about ending it all.", "negative"),
        ("To be honest the staff were great", "positive"),
        ("The community mental health team have been a godsend.", "positive"),
        ("Why aye man, the lads at the day centre are smashin.", "positive"),
        ("Aa've been looking after me fatha for ten year and naebody's ever asked how aa'm deein.", "negative"),
        ("Staff at the care home never wash my nan's hair. The manager was very defensive.", "negative"),
        ("Direct payments give us the freedom to choose, but the paperwork is a nightmare.", "mixed"),
        ("As a social worker I feel supported by my team but caseloads are far too high.", "mixed"),
        ("I never felt supported", "negative"),
        ("We get 15 minute calls for people who need 45. It's not fair on them or us.", "negative"),
        ("It was a fair assessment", "positive"),
    ],
)
def test_blind_social_care_wording_has_the_right_rule_label(text, label):
    assert rule_sentiment(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # 2026-12-01 (care-sentiment session): the failure classes of a new dev set of invented
        # adult social care and carers' comments (fixtures/sentiment_care_dev2.csv), each
        # fixed by a phrase in a general form, with near misses that must keep their label
        # understatement and North East wording
        ("Nowt to moan about, they're grand.", "positive"),
        ("Their handover is mint, every carer knows what happened the day before.", "positive"),
        ("Nowt's changed since the review, same problems as before.", "negative"),
        ("Could be better, could be worse.", "neutral"),
        # praise in social care's words, with near misses
        ("I'd recommend the day centre to anyone.", "positive"),
        ("I would not recommend the home.", "negative"),
        ("The reablement team were a credit to the council.", "positive"),
        ("The carer always stops for a chat, it means the world.", "positive"),
        ("The manager knows every resident by name.", "positive"),
        ("It's a weight off my mind knowing someone pops in.", "positive"),
        ("The social worker fought our corner.", "positive"),
        ("We couldn't have kept him at home without them.", "positive"),
        ("They treat him with dignity, even on his bad days.", "positive"),
        ("Couldn't wish for kinder people looking after our Jean.", "positive"),
        ("She's got her sparkle back since going to the day centre.", "positive"),
        ("The carers are like a second family to dad now.", "positive"),
        ("Staff kept us updated every day.", "positive"),
        ("They could have kept me informed much earlier.", "neutral"),
        # praise with a sting
        ("Lovely carers but never the same one twice.", "mixed"),
        ("Very kind staff but there's not enough of them at weekends.", "mixed"),
        ("Some days it's brilliant but some days nobody comes.", "mixed"),
        ("The OT was excellent; the equipment took three months to arrive.", "mixed"),
        # complaints in polite words, and a wish to thank is no complaint
        ("I would have liked more say in the times.", "negative"),
        ("It would have been nice if someone had let us know.", "negative"),
        ("I would have liked to thank the carers myself, they were wonderful.", "positive"),
        ("I just wish they'd ring when he's had a fall.", "negative"),
        ("We wish the staff all the best, they were wonderful.", "positive"),
        # sarcasm
        ("Thanks for nothing.", "negative"),
        ("Cheers for the help. Not.", "negative"),
        ("Fantastic service, if you enjoy waiting in for carers who never come.", "negative"),
        ("Oh champion, they've changed the times again without telling us.", "negative"),
        ("Well done, you've managed to lose his care plan again.", "negative"),
        ("Champion, the carers came early.", "positive"),
        ("Brilliant, would use again.", "positive"),
        ("Mint. Another form to fill in.", "negative"),
        # complaints the lexicon scores 0 or as praise, with near misses
        ("Social services are a joke.", "negative"),
        ("The carer always has a joke with mam.", "neutral"),
        ("Care's fine but the communication is rubbish.", "mixed"),
        ("Had to throw up in a rubbish bag.", "neutral"),
        ("Mam's medication was missed twice last week.", "negative"),
        ("Nobody from the council has been near since he came out of hospital.", "negative"),
        ("We were promised a review in six weeks. That was a year ago.", "negative"),
        ("Been on the waiting list for an assessment since January.", "negative"),
        ("The call handler was curt and put the phone down on me.", "negative"),
        ("They treat carers like unpaid staff and never say thank you.", "negative"),
        ("The carers are smashing but it's the rota that's the problem.", "mixed"),
        ("They found out what was the problem straight away.", "positive"),
    ],
)
def test_care_dev2_failure_classes_have_the_right_rule_label(text, label):
    assert rule_sentiment(text).label == label


def test_a_self_harm_disclosure_is_never_neutral():
    # scored neutral in the blind set: no praise, so negative
    out = code_comments(pd.DataFrame({"c": ["crisis team said to have a bath and a cup of tea. i was suicidal."]}), "c")
    assert out["urgent"].iloc[0]
    assert out["sentiment_label"].iloc[0] == "negative"


FIXTURES = Path(__file__).parent / "fixtures"
THREE = {"positive": "positive", "negative": "negative", "mixed": "neutral", "neutral": "neutral", "not_scored": "neutral"}


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        # (comments, 3-class agreement, macro-F1 over positive / neutral-or-mixed / negative) on
        # invented adult social care, carers' and staff comments labelled by a helper session
        # that saw no code (2026-11-30, third session). The dev set was scored blind (macro-F1
        # 0.585) and then read to write the phrases above; the holdout was never read: 0.524
        # before those phrases, 0.540 after them, 0.550 with codebook 2026.10 (decisive-only
        # cues no longer model features), 0.558 with 2026.11 (a second new user's phrases),
        # 0.558 with 2026.12 and 0.566 with 2026.13 (a third and fourth new user's phrases), 0.565
        # with 2026.15 (a fifth new user's; the same 69 of 120 agree), 0.566 with 2026.16 (a
        # sixth new user's; still 69 of 120), with 2026.17 and 2026.18 (a seventh's and an
        # eighth's; still 69) and with 2026.19 (the staff pay and conditions theme; still 69).
        # With 2026.20 (phrases from sentiment_care_dev2.csv, below) the dev set reads 0.767 /
        # 0.752 and the holdout, scored once before (69) and once after and never read, 0.563
        # (the same 69 of 120 agree).
        ("sentiment_blind_dev.csv", (120, 0.767, 0.752)),
        ("sentiment_blind_holdout.csv", (120, 0.575, 0.563)),
        # a second dev set, written by the care-sentiment session (2026-12-01) with the field's
        # hard cases (understatement, praise with a sting, polite complaints, North East
        # wording, sarcasm, plain descriptions): 72 of 140 (0.514 / 0.512) with codebook
        # 2026.19, before it was used to write the phrases of 2026.20
        ("sentiment_care_dev2.csv", (140, 0.743, 0.730)),
    ],
)
def test_blind_social_care_sentiment_figures_are_the_documented_ones(name, figures):
    from sklearn.metrics import f1_score

    df = pd.read_csv(FIXTURES / name)
    out = code_comments(df, "comment")
    truth, pred = df["label"].map(THREE), out["sentiment_label"].map(THREE)
    got = (len(df), round(float((truth == pred).mean()), 3), round(float(f1_score(truth, pred, average="macro")), 3))
    assert got == figures


PARTNERSHIP_IMPROVEMENTS = [
    # A progress check's improved round read 64 of 67 joint-systems comments negative: a
    # partnership problem said to have stopped is praise, and safety words the wrong way round
    ("Since the shared care record started I only had to tell my story once", "positive"),
    ("One named coordinator stopped us being passed around", "positive"),
    ("Staff check the medication carefully and I trust that he is safe", "positive"),
    ("I worry my husband is not safe at home", "negative"),
    ("Staff say they are scared to raise safety concerns", "negative"),
    # the complaints they sit beside stay complaints
    ("I was passed around from one team to another", "negative"),
    ("I had to tell my story again and again", "negative"),
]


@pytest.mark.parametrize(("text", "label"), PARTNERSHIP_IMPROVEMENTS)
def test_a_partnership_problem_said_to_have_stopped_reads_as_meant(text, label):
    assert rule_sentiment(text).label == label


def test_the_pipeline_codes_those_comments_as_meant():
    out = code_comments(pd.DataFrame({"c": [t for t, _ in PARTNERSHIP_IMPROVEMENTS]}), "c", processes=1)
    labels = list(out["sentiment_label"])
    # not yet the medication one: its rule score (0.2, the praise phrase beside TextBlob's
    # reading of "carefully ... medication") is too weak to outweigh the model, which reads
    # medication comments as complaints (a known gap in docs/analysis.md)
    assert labels[2] == "negative"
    assert labels[:2] + labels[3:] == [label for _, label in PARTNERSHIP_IMPROVEMENTS[:2] + PARTNERSHIP_IMPROVEMENTS[3:]]
