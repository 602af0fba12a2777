"""Labelled training data shipped in ``analysis/data/`` and its respondent-grouped split.

``load_neas()`` reads the NEAS QDC v6 multi-labelled FFT comments (NHS England
pxtextmining, MIT); ``split_by_respondent()`` gives the fixed train/test split used by
training and evaluation. Comments by the same respondent (``Respondent ID``: one person
answered up to two FFT questions) never straddle the split, so no leakage.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit

__all__ = [
    "NEAS_PATH",
    "PARTNERSHIP_DIR",
    "PARTNERSHIP_SET_THEMES",
    "PHASE1_PATH",
    "load_neas",
    "load_partnership_set",
    "neas_label_columns",
    "sentiment_3class",
    "split_by_respondent",
]

DATA_DIR = Path(str(resources.files("analysis"))) / "data"
NEAS_PATH = DATA_DIR / "v6framework_230831_neas.csv"
PHASE1_PATH = DATA_DIR / "phase1_text_data.csv"
#: Comments written for measuring the partnership themes (see its README.md).
PARTNERSHIP_DIR = DATA_DIR / "partnership"
#: The partnership themes the sets in :data:`PARTNERSHIP_DIR` were written and labelled for.
#: A partnership theme added to the codebook after them (staff pay, conditions and wellbeing,
#: codebook 2026.19) is not scored on them: nobody looked for it there, so each coding of it
#: would count as wrong and each comment about it that the cues miss would go unseen.
PARTNERSHIP_SET_THEMES = (
    "co_production_design", "tell_story_once", "passed_around", "rigid_rules", "staff_culture",
    "outcomes_independence", "honesty_clarity",
)

NEAS_TEXT = "FFT answer"
NEAS_RESPONDENT = "Respondent ID"
NEAS_SENTIMENT = "Comment sentiment"
#: First QDC label column in the NEAS file; everything after it is a 0/1 label.
_FIRST_LABEL = "Not assigned"
#: Placeholder the labellers used for blank answers (labelled "Labelling not possible").
PLACEHOLDER = "Did not answer"
#: Not sub-categories: flags recorded alongside the labels.
NON_THEME_COLUMNS = ("Labelling not possible", "Safeguarding concerns?")
#: Fixed seed and test share of the respondent split (do not change: evaluation depends on it).
SPLIT_SEED = 20231
TEST_SIZE = 0.2


def neas_label_columns(df: pd.DataFrame) -> list[str]:
    """Return the QDC v6 sub-category columns of a NEAS frame (excluding non-theme flags)."""
    cols = list(df.columns)
    return [c for c in cols[cols.index(_FIRST_LABEL) :] if c not in NON_THEME_COLUMNS]


def load_neas(path: str | Path | None = None) -> pd.DataFrame:
    """Load the NEAS labelled comments.

    Parameters
    ----------
    path : str or Path, optional
        CSV file; defaults to ``analysis/data/v6framework_230831_neas.csv``.

    Returns
    -------
    pandas.DataFrame
        The file's columns (``Comment ID``, ``Respondent ID``, ``FFT answer``, ``Comment
        sentiment`` 1..5 or NaN, one 0/1 column per QDC v6 sub-category ...) with label
        NaNs filled with 0 and an added bool column ``placeholder`` (True for the
        "Did not answer" rows, which have no content to code).

    Raises
    ------
    FileNotFoundError
        If the file is missing.
    KeyError
        If a required column (text, respondent, sentiment) is missing.

    Notes
    -----
    Source: github.com/The-Strategy-Unit/pxtextmining ``datasets/v6framework_230831.csv``
    (rows with Trust == NEAS), commit 1f3ae76, MIT licence (see UPSTREAM_LICENSE.txt).
    """
    df = pd.read_csv(path or NEAS_PATH)
    for col in (NEAS_TEXT, NEAS_RESPONDENT, NEAS_SENTIMENT, _FIRST_LABEL):
        if col not in df.columns:
            raise KeyError(f"NEAS file lacks column {col!r}")
    labels = neas_label_columns(df) + [c for c in NON_THEME_COLUMNS if c in df.columns]
    df[labels] = df[labels].fillna(0).astype(int)
    df["placeholder"] = df[NEAS_TEXT].fillna("").str.strip().eq(PLACEHOLDER) | df[NEAS_TEXT].isna()
    return df


def split_by_respondent(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return (train_index, test_index) positions for a respondent-grouped 80/20 split.

    Uses ``GroupShuffleSplit`` with a fixed seed on ``Respondent ID``; the same split is
    used by ``python -m analysis.train`` and ``python -m analysis evaluate``.
    """
    splitter = GroupShuffleSplit(n_splits=1, test_size=TEST_SIZE, random_state=SPLIT_SEED)
    train, test = next(splitter.split(df, groups=df[NEAS_RESPONDENT].astype(str)))
    return train, test


def sentiment_3class(score: pd.Series) -> pd.Series:
    """Map ``Comment sentiment`` (1 very positive .. 5 very negative) to 3 classes.

    1-2 -> 'positive', 3 (neutral or mixed) -> 'neutral', 4-5 -> 'negative', NaN -> NaN.
    """
    mapping = {1: "positive", 2: "positive", 3: "neutral", 4: "negative", 5: "negative"}
    return score.map(mapping)


def load_partnership_set(name: str) -> pd.DataFrame:
    """Load one set of comments written to measure the partnership themes of :data:`PARTNERSHIP_SET_THEMES`.

    Parameters
    ----------
    name : str
        ``dev``, ``dev2``, ``dev3`` (the cues were written against these), ``holdout``,
        ``holdout2`` or ``holdout3`` (invented, never used to choose a cue), ``real_a`` or ``real_b``
        (real Nottinghamshire comments, redacted, labelled by a reviewer who never saw the
        codebook); files in ``analysis/data/partnership/``.

    Returns
    -------
    pandas.DataFrame
        ``comment`` (str), ``themes`` (list of partnership theme ids, empty for a near miss
        or an unrelated comment) and ``note`` (str: why); the real sets also have ``id``
        (the source's ``key_comment``). 70 rows for the first four invented sets, 100 for
        ``dev3`` and ``holdout3``, 200 / 199 for the real ones.

    Raises
    ------
    FileNotFoundError
        If there is no set of that name.

    Notes
    -----
    Invented sets: written by project sessions that never saw the codebook, in the voices
    of people who use services, unpaid carers and staff; no personal data. Real sets:
    Nottinghamshire Healthcare NHS FT experiences dashboard data (MIT), redacted.
    """
    df = pd.read_csv(PARTNERSHIP_DIR / f"{name}.csv", keep_default_na=False, dtype=str)
    df["themes"] = [[t for t in cell.split(";") if t] for cell in df["themes"]]
    return df
