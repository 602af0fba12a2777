"""Readable labels for the ids stored with responses (channel, audience), for report tables.

The survey app stores short ids (``survey_app.models.CHANNELS`` and ``AUDIENCES``); analysis
never imports the app, so the labels live here. ``audience: any`` is what the open
questionnaires (the Friends and Family Test, ``questionnaires/fft.yaml``) store: anyone may
answer and the questionnaire does not ask who they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = [
    "AUDIENCE_LABELS",
    "CHANNEL_LABELS",
    "KIND_LABELS",
    "WORKSHOP_AUDIENCE",
    "column_label",
    "label_workshop_audience",
    "value_label",
]

#: How a response reached us (``survey_app.models.CHANNELS``).
CHANNEL_LABELS = {
    "online": "Online",
    "paper": "Paper form",
    "assisted": "Completed with help",
    "workshop": "Co-production workshop",
    "import": "Imported (paper or other system)",
}
#: Who a questionnaire is for (``survey_app.models.AUDIENCES``).
AUDIENCE_LABELS = {
    "people_who_use_services": "People who use services",
    "carers": "Unpaid carers and families",
    "staff": "Staff in partner organisations",
    "any": "Anyone (open questionnaire, audience not asked)",
}
#: Report-only audience for workshop contributions (see :func:`label_workshop_audience`).
WORKSHOP_AUDIENCE = "workshop_participants"
AUDIENCE_LABELS[WORKSHOP_AUDIENCE] = "Workshop participants (see the workshops chapter)"
#: What kind of workshop contribution it is (``contribution_kind`` in questionnaires/workshop.yaml).
KIND_LABELS = {
    "sticky_note": "sticky note",
    "discussion_note": "group discussion note",
    "vote": "vote",
}
_BY_COLUMN = {"channel": CHANNEL_LABELS, "audience": AUDIENCE_LABELS, "contribution_kind": KIND_LABELS}


def column_label(column: str) -> str:
    """``"eq_age"`` -> ``"age"``, ``"channel"`` -> ``"channel"``."""
    return column.removeprefix("eq_").replace("_", " ")


def value_label(column: str, value: Any) -> str:
    """Display text of one stored value of ``column``.

    >>> value_label("channel", "import"), value_label("audience", "any"), value_label("service", "Ward_A")
    ('Imported (paper or other system)', 'Anyone (open questionnaire, audience not asked)', 'Ward A')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not answered"
    text = str(value)
    return _BY_COLUMN.get(column, {}).get(text, text.replace("_", " "))


def label_workshop_audience(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """``frame`` with the audience of workshop contributions shown as workshop participants.

    The workshop questionnaire is open to anyone (``audience: any``), so its contributions
    would be counted under "Anyone (open questionnaire ...)", an audience nobody was asked
    about. Rows of channel ``workshop`` whose audience is ``any`` or missing get
    :data:`WORKSHOP_AUDIENCE` instead; an audience actually recorded is kept.

    >>> f = pd.DataFrame({"channel": ["workshop", "online", "workshop"], "audience": ["any", "any", "carers"]})
    >>> label_workshop_audience(f)["audience"].tolist()
    ['workshop_participants', 'any', 'carers']
    """
    if frame is None or "channel" not in frame.columns or "audience" not in frame.columns:
        return frame
    audience = frame["audience"]
    mask = (frame["channel"].astype(str) == "workshop") & (audience.isna() | (audience.astype(str) == "any"))
    if not mask.any():
        return frame
    return frame.assign(audience=audience.astype(object).where(~mask, WORKSHOP_AUDIENCE))
