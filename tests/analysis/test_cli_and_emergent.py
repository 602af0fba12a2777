"""Command line (`python -m analysis code`) and emergent-theme clustering."""
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import columns as C
from analysis.coding_cli import to_csv_frame
from analysis.emergent import find_emergent_themes
from analysis.evaluate import format_results

ROOT = Path(__file__).resolve().parents[2]


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_code_command_writes_contract_columns(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"ref": ["a", "b", "c"], "text": ["Rude driver, two hours late", "", "Lovely crew 👍"]}).to_csv(
        src, index=False
    )
    out = tmp_path / "out.csv"
    res = _run("code", str(src), "--text-column", "text", "--out", str(out))
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(out, keep_default_na=False)
    for col in ("ref", "text", "redacted_text", "themes", "qdc_subcategories", "priorities", "sentiment",
                "sentiment_label", "textblob_polarity", "urgent", "urgent_reason"):
        assert col in df.columns
    assert "timeliness" in df.loc[0, "themes"].split(";")
    assert df.loc[1, "sentiment_label"] == "not_scored"
    assert df.loc[2, "sentiment_label"] == "positive"


def test_code_command_missing_column_exit_2(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    res = _run("code", str(src), "--text-column", "comment", "--out", str(tmp_path / "o.csv"))
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "comment" in res.stderr


def test_code_command_unreadable_file_exit_2(tmp_path):
    res = _run("code", str(tmp_path / "missing.csv"), "--text-column", "x", "--out", str(tmp_path / "o.csv"))
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1


def test_to_csv_frame_joins_lists():
    df = pd.DataFrame({C.THEMES: [["a", "b"], []], C.THEME_CONFIDENCE: [{"a": 0.5}, {}]})
    out = to_csv_frame(df)
    assert out[C.THEMES].tolist() == ["a;b", ""]
    assert out[C.THEME_CONFIDENCE].tolist() == ['{"a": 0.5}', "{}"]
    assert df[C.THEMES].tolist() == [["a", "b"], []]  # input untouched


def test_format_results_table():
    nan = float("nan")
    res = {
        "pipeline": {"theme_micro_f1": 0.7, "sentiment_macro_f1": 0.71},
        "tfidf_linearsvc": {"theme_micro_f1": 0.6, "sentiment_macro_f1": 0.65},
        "textblob": {"theme_micro_f1": nan, "sentiment_macro_f1": 0.44},
        "_info": {"train_rows": 1, "test_rows": 2, "sentiment_test_rows": 2, "not_scored_in_sentiment_test": 0,
                  "learned_themes_in_test": 3, "themes_in_test": 4},
    }
    text = format_results(res)
    assert "0.700" in text and "0.440" in text and "-" in text.splitlines()[1]


def _coded(texts, emergent):
    return pd.DataFrame({C.REDACTED_TEXT: texts, C.EMERGENT: emergent})


def test_emergent_clusters_surface_new_topic():
    parking = [f"the hospital wifi password never works on ward {i}" for i in range(8)]
    bus = [f"bus route number {i} stopped serving the clinic village" for i in range(8)]
    explained = ["the crew were kind"] * 5
    coded = _coded(parking + bus + explained, [True] * 16 + [False] * 5)
    before = coded.copy()
    out = find_emergent_themes(coded, n_clusters=2, min_comments=3)
    pd.testing.assert_frame_equal(coded, before)
    assert list(out.columns) == [C.CLUSTER_ID, C.CLUSTER_LABEL, C.CLUSTER_TOP_TERMS, C.CLUSTER_COUNT, C.CLUSTER_EXAMPLES]
    assert sorted(out[C.CLUSTER_COUNT]) == [8, 8]
    labels = " ".join(out[C.CLUSTER_LABEL])
    assert "wifi" in labels and "bus" in labels
    for row in out.itertuples():
        members = set(range(0, 8)) if "wifi" in row.label else set(range(8, 16))
        assert set(row.example_rows) <= members


def test_emergent_too_few_comments_gives_empty_table():
    out = find_emergent_themes(_coded(["one odd comment", "another"], [True, True]))
    assert out.empty and C.CLUSTER_LABEL in out.columns


def test_emergent_missing_column():
    with pytest.raises(KeyError) as info:
        find_emergent_themes(pd.DataFrame({C.REDACTED_TEXT: ["x"]}))
    assert str(info.value) == "coded frame is missing column(s): 'emergent'"


def test_emergent_labels_ignore_survey_meta_talk():
    # A user's report labelled a cluster "answer / question" from "Hence my answer to question 6 ...".
    meta = [f"hence my answer to question {i} on the survey form, I ticked the box for the rating" for i in range(8)]
    wifi = [f"the hospital wifi password never works on ward {i}, answer the question" for i in range(8)]
    bus = [f"bus route number {i} stopped serving the clinic village" for i in range(8)]
    out = find_emergent_themes(_coded(meta + wifi + bus, [True] * 24), n_clusters=3, min_comments=3)
    terms = {t for row in out[C.CLUSTER_TOP_TERMS] for term in row for t in term.split()}
    assert not terms & {"answer", "question", "survey", "form", "ticked", "box", "rating"}
    labels = " ".join(out[C.CLUSTER_LABEL])
    assert "wifi" in labels and "bus" in labels


def test_emergent_labels_leave_out_filler_words_and_repeats():
    # The sample report labelled clusters "sure / help / just needed / just / needed" and
    # "don / unsure / patient": filler words, a word shown twice and a piece of "don't".
    places = ["ward", "clinic", "lounge", "canteen", "unit", "corridor", "reception", "bay"]
    towns = ["Crook", "Consett", "Stanley", "Seaham", "Peterlee", "Shildon", "Hexham", "Blyth"]
    wifi = [f"I just needed the hospital wifi in the {p}, I don't know why the password fails" for p in places]
    bus = [f"I'm sure the bus from {t} just stopped serving the clinic, didn't think it would" for t in towns]
    out = find_emergent_themes(_coded(wifi + bus, [True] * 16), n_clusters=2, min_comments=3)
    terms = [t for row in out[C.CLUSTER_TOP_TERMS] for term in row for t in term.split()]
    assert not set(terms) & {"just", "needed", "sure", "don", "didn", "know", "think"}
    for row in out[C.CLUSTER_TOP_TERMS]:
        words = [w for term in row for w in term.split()]
        assert len(words) == len(set(words)), row  # no word shown twice in one label
    labels = " ".join(out[C.CLUSTER_LABEL])
    assert "wifi" in labels and "bus" in labels
