"""Column names used by the analysis package: the single source of truth.

Every function that reads or writes a DataFrame column takes its name from here (as a
keyword default), so a rename happens in one place. Output columns of
:func:`analysis.pipeline.code_comments` are listed in :data:`CODED_COLUMNS` in order.
:func:`require_columns` is the one check (and wording) for a column a frame lacks.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "CODED_COLUMNS",
    "CSV_LIST_COLUMNS",
    "DOMAINS",
    "DOMAIN_IDS",
    "SENTIMENT_LABELS",
    "TEXT",
    "WORKSHOP_COLUMNS",
    "MissingColumnError",
    "require_columns",
]

#: Default input column holding the free-text comment.
TEXT = "comment"

#: Text after normalisation and personal-details redaction (str).
REDACTED_TEXT = "redacted_text"
#: 'en' for English, 'other' for any other language, 'empty' for blank text.
LANGUAGE = "language"
#: Codebook theme ids (list[str]).
THEMES = "themes"
#: Theme id -> confidence in 0..1 (dict[str, float]).
THEME_CONFIDENCE = "theme_confidence"
#: Theme id -> human-readable reason (dict[str, str]).
THEME_REASONS = "theme_reasons"
#: QDC v6 sub-category names exactly as spelled in the NEAS CSV headers (list[str]).
QDC_SUBCATEGORIES = "qdc_subcategories"
#: Priority ids from :mod:`analysis.priorities` (list[str]).
PRIORITIES = "priorities"
#: Priority id -> theme ids that caused it (dict[str, list[str]]).
PRIORITY_REASONS = "priority_reasons"
#: NQB quality domain ids (list[str]).
DOMAINS = "domains"
#: Sentiment score in -1..1 (float, NaN when not scored).
SENTIMENT = "sentiment"
#: One of :data:`SENTIMENT_LABELS`.
SENTIMENT_LABEL = "sentiment_label"
#: Raw TextBlob (PatternAnalyzer) polarity in -1..1, uncorrected (float, NaN for blank).
TEXTBLOB_POLARITY = "textblob_polarity"
#: True when the comment needs urgent human follow-up (bool).
URGENT = "urgent"
#: Why the comment was flagged, '' when not urgent (str).
URGENT_REASON = "urgent_reason"
#: True when no codebook theme explains the comment (bool).
EMERGENT = "emergent"

CODED_COLUMNS = (
    REDACTED_TEXT,
    LANGUAGE,
    THEMES,
    THEME_CONFIDENCE,
    THEME_REASONS,
    QDC_SUBCATEGORIES,
    PRIORITIES,
    PRIORITY_REASONS,
    DOMAINS,
    SENTIMENT,
    SENTIMENT_LABEL,
    TEXTBLOB_POLARITY,
    URGENT,
    URGENT_REASON,
    EMERGENT,
)

#: Columns holding lists, written to CSV as ';'-joined strings.
CSV_LIST_COLUMNS = (THEMES, QDC_SUBCATEGORIES, PRIORITIES, DOMAINS)

SENTIMENT_LABELS = ("positive", "neutral", "negative", "mixed", "not_scored")

#: NQB shared commitment to quality domain ids -> display names.
DOMAIN_IDS = {
    "safe": "Safe",
    "effective": "Effective",
    "positive_experience": "Positive experience",
    "well_led": "Well-led",
    "sustainable": "Sustainable",
    "equitable": "Equitable",
}

# The facilitator's answers about a workshop contribution (``analysis.sources`` reads them from the
# ``workshop`` questionnaire, questionnaires/workshop.yaml, whose question ids they are; a frame
# from a CSV file may lack them, and the report's workshop chapter then leaves them out).
#: Priority id the contribution was discussed under, or "other" (str, <NA> when not recorded).
WORKSHOP_PRIORITY = "priority_discussed"
#: "sticky_note", "discussion_note" or "vote" (str, <NA> when not recorded).
WORKSHOP_KIND = "contribution_kind"
#: Dot votes the contribution got (nullable whole number, <NA> when not recorded).
DOT_VOTES = "dot_votes"
WORKSHOP_COLUMNS = (WORKSHOP_PRIORITY, WORKSHOP_KIND, DOT_VOTES)

# Emergent-theme table (analysis.emergent.find_emergent_themes).
CLUSTER_ID = "cluster_id"
CLUSTER_LABEL = "label"
CLUSTER_TOP_TERMS = "top_terms"
CLUSTER_COUNT = "count"
CLUSTER_EXAMPLES = "example_rows"


class MissingColumnError(KeyError):
    """A frame lacks columns that a function needs.

    The message is ``"<where> is missing column(s): 'a', 'b'"``: it names only the missing
    columns, never the ones present (in a CSV file without a header row those are a
    respondent's comment).

    Attributes
    ----------
    missing : tuple of str
        The missing column names, in the order they were asked for.
    where : str
        What lacks them ("coded frame", a file name...).
    """

    def __init__(self, missing: Iterable[object], where: str = "frame") -> None:
        self.missing = tuple(str(c) for c in missing)
        self.where = where
        super().__init__(f"{where} is missing column(s): {', '.join(map(repr, self.missing))}")

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


def require_columns(frame: Any, names: Iterable[str], where: str = "frame") -> None:
    """Check that ``frame`` has every column in ``names``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Anything with a ``columns`` attribute.
    names : iterable of str
        Required column names (repeats are checked once).
    where : str, default "frame"
        What ``frame`` is, for the message.

    Raises
    ------
    MissingColumnError
        (a KeyError) naming every missing column, e.g. ``coded frame is missing column(s):
        'sentiment_label'``.
    """
    missing = [n for n in dict.fromkeys(names) if n not in frame.columns]
    if missing:
        raise MissingColumnError(missing, where)
