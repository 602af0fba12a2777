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
    "canonical_groups",
    "channels_phrase",
    "column_label",
    "label_workshop_audience",
    "value_label",
]

#: How a response reached us (``survey_app.models.CHANNELS``).
CHANNEL_LABELS = {
    "online": "Online",
    "tablet": "Tablet or kiosk",
    "paper": "Paper form",
    "assisted": "Completed with help",
    "workshop": "Co-production workshop",
    "import": "Imported (paper or other system)",
}
#: How each channel reads in a sentence ("... in the round X, online and on paper.").
CHANNEL_PHRASES = {
    "online": "online",
    "tablet": "on a tablet or kiosk",
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
#: Words people use in their own spreadsheets for the three audiences (lower case, no
#: trailing "s"): ``--audience-column`` values are read as the ids above through these.
AUDIENCE_SYNONYMS = {
    **{w: "people_who_use_services" for w in (
        "people who use services", "person", "people", "service user", "patient", "resident", "client",
        "user", "person who uses services",
    )},
    **{w: "carers" for w in ("carer", "unpaid carer", "family carer", "family", "carers and families")},
    **{w: "staff" for w in ("staff", "staff member", "worker", "employee", "staff in partner organisations")},
}


def audience_id(value: object) -> object:
    """The audience id (:data:`AUDIENCE_LABELS`) a spreadsheet's ``value`` means: itself when it
    is an id, else by :data:`AUDIENCE_SYNONYMS` ("Carers", "person", "Service users"), else
    ``value`` unchanged (blank and NaN too)."""
    if not isinstance(value, str) or value in AUDIENCE_LABELS:
        return value
    key = " ".join(value.strip().lower().replace("_", " ").split())
    for k in (key, key[:-1] if key.endswith("s") else key):
        if k in AUDIENCE_SYNONYMS:
            return AUDIENCE_SYNONYMS[k]
    return value


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
        return "Not answered"
    text = str(value)
    # one space between words: "PTS  - Patient Transport" (a source's double space) reads as one
    return _BY_COLUMN.get(column, {}).get(text, " ".join(text.replace("_", " ").split()))


#: A recorded value that reads as one of the report's own rows is that row: "not answered" is
#: missing, and "other groups" would stand beside the row that lumps the smaller groups.
_RESERVED = {"not answered": None, "other groups": "Other groups (as recorded)"}


def canonical_groups(column: str, values: pd.Series) -> pd.Series:
    """``values`` of one group column with one stored value per display label, so that every
    table of a report groups alike.

    Values that :func:`value_label` shows the same way become one: spaces and underscores
    ("Ward_A", "Ward  A" -> "Ward A"), letter case (the most frequent spelling wins, ties the
    first in sort order), and a label written out where the id is stored ("Online" ->
    "online" for ``channel``). A recorded "Not answered" becomes missing, and a recorded "Other
    groups" becomes "Other groups (as recorded)": otherwise either would give a table two rows
    of the same name, one of them a hidden count that the other gives back. Values that are
    not text are kept.

    >>> canonical_groups("service", pd.Series(["Ward_A", "ward a", "Ward A", "Not answered", None])).tolist()
    ['Ward A', 'Ward A', 'Ward A', nan, nan]
    >>> canonical_groups("channel", pd.Series(["Online", "online", "paper"])).tolist()
    ['online', 'online', 'paper']
    """
    ids = _BY_COLUMN.get(column, {})
    by_label = {label.casefold(): key for key, label in ids.items()}

    def tidy(v: Any) -> Any:
        if not isinstance(v, str) or v in ids:
            return v
        text = " ".join(v.replace("_", " ").split())
        fold = text.casefold()
        if fold in by_label:
            return by_label[fold]
        return _RESERVED.get(fold, text)

    out = values.astype(object).map(tidy)
    text = out[out.map(lambda v: isinstance(v, str) and v not in ids)]
    if not text.empty:
        counts = text.value_counts()
        spelling: dict[str, str] = {}
        for value in sorted(counts.index, key=lambda v: (-counts[v], v)):
            spelling.setdefault(value.casefold(), value)
        out = out.map(lambda v: spelling.get(v.casefold(), v) if isinstance(v, str) and v not in ids else v)
    return out.where(out.notna())


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
