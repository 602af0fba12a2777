"""The codebook's decisive cues and urgent kinds: they code their theme in use; the cues are right in the labelled data."""
import pandas as pd
import pytest

from analysis.codebook import CUE_TOKEN, load_codebook
from analysis.datasets import NEAS_TEXT, load_neas, split_by_respondent
from analysis.model import _PhraseIndex
from analysis.pipeline import code_comments, prepare_texts
from analysis.train import theme_targets


@pytest.mark.parametrize(
    ("comment", "theme", "cue"),
    [
        # None of these phrases occurs in the NEAS training comments, so the model alone
        # coded the first as timeliness only and the last as information from staff.
        ("The ward was short staffed and nobody came when I rang", "staff_numbers", "short staffed"),
        ("They were short-staffed at the weekend", "staff_numbers", "short-staffed"),
        ("I have never had a carer's assessment in six years", "family_carers", "carer's assessment"),
        ("The nurse gave my husband the wrong tablets twice last week", "medication", "wrong tablets"),
        # codebook 2026.8, from a new user's social care comment coded "Staff manner"
        ("The direct payments paperwork is a nightmare every month", "funding_resources", "direct payments"),
        # codebook 2026.17 and 2026.18, from new users' carers' and staff comments (the staff
        # shortage had been coded as staff manner, the social worker as gratitude alone)
        ("We are two nurses short on every shift", "staff_numbers", "nurses short"),
        ("Safe staffing levels on the wards", "staff_numbers", "safe staffing"),
        ("The social worker keeps changing", "staff_continuity", "social worker keeps changing"),
    ],
)
def test_decisive_cue_codes_its_theme_with_the_cue_as_reason(comment, theme, cue):
    out = code_comments(pd.DataFrame({"c": [comment]}), "c")
    assert theme in out["themes"].iloc[0]
    assert out["theme_reasons"].iloc[0][theme].startswith(f"cue '{cue}'")  # ' (cue-only theme)' may follow


def test_decisive_cues_are_right_at_least_half_the_time_in_the_training_part():
    """Each decisive cue the NEAS training part holds at least twice is on comments that
    labellers coded with the theme at least half the time (the test part is not read)."""
    codebook = load_codebook()
    df = load_neas()
    df = df.loc[~df["placeholder"]].reset_index(drop=True)
    train, _ = split_by_respondent(df)
    df = df.iloc[train].reset_index(drop=True)
    Y, ids = theme_targets(df, codebook)
    index = _PhraseIndex()
    for t in codebook.themes.values():
        for cue in t.decisive_cues:
            index.add(cue, (t.id, cue))
    hits = [index.scan(CUE_TOKEN.findall(text)) for text in prepare_texts(df[NEAS_TEXT].tolist()).model_text]
    checked, bad = 0, []
    for t in codebook.themes.values():
        if t.id not in ids:
            continue
        column = Y[:, ids.index(t.id)]
        for cue in t.decisive_cues:
            rows = [i for i, h in enumerate(hits) if (t.id, cue) in h]
            if len(rows) >= 2:
                checked += 1
                if column[rows].sum() * 2 < len(rows):
                    bad.append((t.id, cue, int(column[rows].sum()), len(rows)))
    assert checked >= 15  # the check is not vacuous: most common phrases are there
    assert bad == []


@pytest.mark.parametrize(
    ("comment", "theme", "kind"),
    [
        # no codebook cue of either theme in them: the urgent flag's kind gives the theme
        ("The carer shouted at my mum and left her in a wet bed all night", "feeling_safe", "safeguarding_abuse_or_neglect"),
        ("He threatened to stab the nurse on reception", "feeling_safe", "threat_or_violence"),
    ],
)
def test_urgent_kind_gives_its_codebook_theme_and_priority(comment, theme, kind):
    out = code_comments(pd.DataFrame({"c": [comment]}), "c")
    assert out["urgent_reason"].iloc[0].startswith(kind)
    assert theme in out["themes"].iloc[0]
    assert out["theme_reasons"].iloc[0][theme] == f"urgent flag ({kind})"
    assert "safety" in out["priorities"].iloc[0]


def test_comment_not_flagged_gets_no_theme_from_the_flag():
    out = code_comments(pd.DataFrame({"c": ["The carer was kind to my mum and the bed was always clean"]}), "c")
    assert not out["urgent"].iloc[0]
    assert "feeling_safe" not in out["themes"].iloc[0]


def test_no_complaints_is_praise_not_a_complaint():
    # a new user's "Everything was fine, no complaints." was coded to learning organisation (and
    # so clear accountability and culture) by the cue "complaint*"
    out = code_comments(pd.DataFrame({"c": ["Everything was fine, no complaints.", "I made a complaint and heard nothing"]}), "c")
    assert "learning_organisation" not in out["themes"].iloc[0]
    assert "learning_organisation" in out["themes"].iloc[1]
