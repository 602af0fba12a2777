"""Parts of the trained model checked against hand-computed values."""
import math

import numpy as np

from analysis.model import ThemeModel, _trusted_cues, length_feature


def test_length_feature_is_log_words_over_five():
    out = length_feature(["", "call back", "one two three"])
    assert out.shape == (3, 1)
    np.testing.assert_allclose(out[:, 0], [0.0, math.log(3) / 5, math.log(4) / 5])


def test_trusted_cue_needs_precision_above_half_the_f1():
    # Theme column 0: the model found rows 0-1 (both right) and missed rows 2-4.
    # Cue "a" matched the missed positives 2 and 3: (2 + 0.5) / 3 = 0.83 > bar.
    # Cue "b" matched 5 negatives (6-10): (0 + 0.5) / 6 = 0.08, not trusted.
    # Cue "c" matched the missed positive 4 only once: n < 2, not trusted.
    n = 12
    Y = np.zeros((n, 1), dtype=int)
    Y[[0, 1, 2, 3, 4], 0] = 1
    dec = np.zeros((n, 1), dtype=bool)
    dec[[0, 1], 0] = True
    hits = [{} for _ in range(n)]
    for i in (2, 3):
        hits[i] = {"t": "a"}
    for i in range(6, 11):
        hits[i] = {"t": "b"}
    hits[4] = {"t": "c"}
    assert _trusted_cues(dec, Y, ["t"], hits) == [frozenset({"a"})]


def test_cue_already_found_by_model_is_not_counted():
    # The cue only matched rows the model already predicted: nothing to add, nothing trusted.
    Y = np.array([[1], [1], [0]])
    dec = np.array([[True], [True], [False]])
    hits = [{"t": "a"}, {"t": "a"}, {}]
    assert _trusted_cues(dec, Y, ["t"], hits) == [frozenset()]


def test_decide_adds_trusted_cue_hits_and_keeps_top_label():
    tm = ThemeModel(labels=["x", "y"], thresholds=np.array([0.5, 0.5]), trusted_cues=[frozenset(), frozenset({"lift"})])
    proba = np.array([[0.9, 0.1], [0.2, 0.1], [0.2, 0.3]])
    hits = [{}, {"y": "lift"}, {"y": "other cue"}]
    dec = tm.decide(proba, hits)
    assert dec.tolist() == [[True, False], [False, True], [False, True]]
    # Without cue hits row 1 falls back to its top label (x).
    assert tm.decide(proba).tolist() == [[True, False], [True, False], [False, True]]


def test_decide_adds_decisive_cue_hits_whatever_the_probability():
    tm = ThemeModel(labels=["x", "y"], thresholds=np.array([0.5, 0.5]), trusted_cues=[frozenset(), frozenset()])
    proba = np.array([[0.9, 0.01], [0.9, 0.01]])
    hits = [{"y": "short staffed"}, {"y": "staff"}]
    decisive = {"y": frozenset({"short staffed"})}
    assert tm.decide(proba, hits, decisive).tolist() == [[True, True], [True, False]]
    assert tm.decide(proba, hits).tolist() == [[True, False], [True, False]]


def test_decide_codes_a_needs_cue_label_only_where_its_cue_matched():
    tm = ThemeModel(labels=["x", "y"], thresholds=np.array([0.5, 0.5]), trusted_cues=[frozenset(), frozenset()])
    proba = np.array([[0.9, 0.8], [0.9, 0.8], [0.1, 0.8], [0.1, 0.8]])
    hits = [{"y": "taxi"}, {}, {"y": "taxi"}, {}]
    assert tm.decide(proba, hits, needs_cue=frozenset({"y"})).tolist() == [
        [True, True], [True, False], [False, True],
        [True, False],  # the top label y is barred, so the fallback is the best allowed one
    ]
    assert tm.decide(proba, hits).tolist() == [[True, True]] * 2 + [[False, True]] * 2
