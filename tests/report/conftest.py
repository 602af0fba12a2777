"""Fixtures for report tests: small hand-made coded frames (no analysis engine needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.priorities import PRIORITY_IDS

ROOT = Path(__file__).resolve().parents[2]

THEMES = {
    "staff_attitude": ["person_centred_care", "culture"],
    "waiting_times": ["flexibility", "outcomes_focussed_care"],
    "communication": ["clear_and_transparent", "co_production"],
    "feeling_safe": ["safety"],
    "records": ["joint_systems", "clear_accountability"],
}
SENT = ["positive", "negative", "neutral", "mixed"]


def make_coded(n: int = 200, seed: int = 1) -> pd.DataFrame:
    """A coded frame shaped like ``analysis.pipeline.code_comments`` output."""
    rng = np.random.default_rng(seed)
    theme_ids = list(THEMES)
    rows = []
    for i in range(n):
        themes = sorted(set(rng.choice(theme_ids, size=rng.integers(1, 3)).tolist()))
        prios = sorted({p for t in themes for p in THEMES[t]}, key=PRIORITY_IDS.index)
        label = SENT[i % 4]
        rows.append(
            {
                "comment": f"Comment number {i} about {' and '.join(themes)} which was fine overall really",
                "redacted_text": f"Comment number {i} about {' and '.join(themes)} which was fine overall really",
                "language": "en",
                "themes": themes,
                "theme_confidence": dict.fromkeys(themes, 0.8),
                "theme_reasons": dict.fromkeys(themes, "cue"),
                "qdc_subcategories": [],
                "priorities": prios,
                "priority_reasons": {p: [t for t in themes if p in THEMES[t]] for p in prios},
                "domains": [],
                "sentiment": {"positive": 0.5, "negative": -0.5, "neutral": 0.0, "mixed": 0.0}[label],
                "sentiment_label": label,
                "textblob_polarity": 0.0,
                "urgent": i % 17 == 0,
                "urgent_reason": "test" if i % 17 == 0 else "",
                "emergent": False,
                "audience": ["people_who_use_services", "carers", "staff"][i % 3],
                "service": "Ward A" if i % 5 else "Ward B",
                "submitted_at": pd.Timestamp("2025-01-01", tz="UTC") + pd.Timedelta(days=int(i % 90)),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture
def coded() -> pd.DataFrame:
    return make_coded()


#: The invented carers' workshop (workshop/README.md), as the facilitator typed it up.
EXAMPLE_WORKSHOP = ROOT / "workshop" / "example_carers_workshop.csv"
KINDS = {"Sticky note": "sticky_note", "Group discussion note": "discussion_note", "Vote": "vote"}


def workshop_coded(facilitator: bool = True) -> pd.DataFrame:
    """The invented example as a coded frame (channel ``workshop``, one row per contribution, in
    the file's order), with the facilitator's columns as ``analysis.sources`` reads them, or
    without them (``facilitator=False``, as from a CSV file). No theme or priority is coded."""
    ex = pd.read_csv(EXAMPLE_WORKSHOP, dtype=str)
    coded = pd.DataFrame(
        {
            "redacted_text": ex["Contribution"],
            "themes": [[] for _ in ex.index],
            "priorities": [[] for _ in ex.index],
            "sentiment_label": "neutral",
            "urgent": False,
            "channel": "workshop",
        }
    )
    if facilitator:
        coded = coded.assign(
            priority_discussed=ex["Priority"].astype("string"),
            contribution_kind=ex["Kind"].map(KINDS).astype("string"),
            dot_votes=pd.to_numeric(ex["Dot votes"]).astype("Int64"),
        )
    return coded
