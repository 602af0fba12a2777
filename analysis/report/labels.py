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
    "channels_phrase",
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
#: How each channel reads in a sentence ("... in the round X, online and on paper.").
CHANNEL_PHRASES = {
    "online": "online",
    "paper": "on paper",
    "assisted": "with help",
    "workshop": "from co-production workshops",
    "import": "imported from paper forms or other systems",
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


def channels_phrase(channels: Any) -> str:
    """The channels present, in the order of :data:`CHANNEL_LABELS`, as words for a sentence.

    >>> channels_phrase(["import", "import"]), channels_phrase(["paper", "online", "workshop"])
    ('imported from paper forms or other systems', 'online, on paper and from co-production workshops')
    >>> channels_phrase([])
    ''
    """
    present = {str(c) for c in channels if c is not None and not pd.isna(c)}
    order = [*CHANNEL_LABELS, *sorted(present - set(CHANNEL_LABELS))]
    words = [CHANNEL_PHRASES.get(c, f"by {c.replace('_', ' ')}") for c in order if c in present]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def value_label(column: str, value: Any) -> str:
    """Display text of one stored value of ``column``.

    >>> value_label("channel", "import"), value_label("audience", "any"), value_label("service", "Ward_A")
    ('Imported (paper or other system)', 'Anyone (open questionnaire, audience not asked)', 'Ward A')
    >>> value_label("service", "PTS  - Patient Transport")
    'PTS - Patient Transport'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not answered"
    text = str(value)
    # one space between words: "PTS  - Patient Transport" (a source's double space) reads as one
    return _BY_COLUMN.get(column, {}).get(text, " ".join(text.replace("_", " ").split()))


def label_workshop_audience(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """``frame`` with the audience of workshop contributions shown as workshop participants.

    A contribution is stored with the audience its table was recorded as (people who use
    services, carers or staff: the ``audience`` of ``workshop/mapping.yaml``). One from a
    mixed table, or with no audience recorded, keeps the workshop questionnaire's
    ``audience: any`` and would be counted under "Anyone (open questionnaire, audience not
    asked)", which says the questionnaire did not ask. Rows of channel ``workshop`` whose
    audience is ``any`` or missing get :data:`WORKSHOP_AUDIENCE` instead; an audience
    actually recorded is kept.

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
