"""The nine partnership priorities of the quality strategy, in strategy order.

``culture`` is delivered by the wider change programme: feedback about it is still coded and
reported, but reports mark it with :attr:`Priority.wider_programme`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PRIORITIES", "PRIORITY_IDS", "Priority", "with_topic"]


@dataclass(frozen=True)
class Priority:
    """One strategy priority.

    Attributes
    ----------
    id : str
        Stable identifier used in data, codebook, reports and exports.
    name : str
        Display name as co-produced with stakeholders.
    wider_programme : bool
        True when delivery sits with the wider change programme (only ``culture``).
    """

    id: str
    name: str
    wider_programme: bool = False


#: Priority id -> :class:`Priority`, in the order of the quality strategy.
PRIORITIES: dict[str, Priority] = {
    p.id: p
    for p in (
        Priority("person_centred_care", "Delivery of person-centred care"),
        Priority("co_production", "Co-production of services"),
        Priority("outcomes_focussed_care", "Outcomes focussed care"),
        Priority("safety", "Safety"),
        Priority("joint_systems", "Developing joint systems, tools and processes"),
        Priority("clear_and_transparent", "Be clear and transparent"),
        Priority("clear_accountability", "Clear accountability"),
        Priority("flexibility", "Flexibility – governance around people rather than structures"),
        Priority("culture", "Culture – having shared values and behaviours", wider_programme=True),
    )
}

#: Priority ids in strategy order.
PRIORITY_IDS: tuple[str, ...] = tuple(PRIORITIES)


def with_topic(priorities: Sequence[str], topic: Any, language: Any = "en") -> list[str]:
    """A comment's priorities (ids, from its themes) with the priority its question asked about.

    A questionnaire's open question names the priority it asks about (``topic:``, e.g. "What one
    thing would make the biggest difference to you as a carer?" asks about outcomes focussed
    care): every English answer to it counts towards that priority, whatever its themes, as the
    person answered that question (a new user's Outcomes chapter held 3 of their 20 answers to
    it). The themes still say what the answer is about, and may add other priorities. A comment
    not in English stays uncoded, for translation. Returned in strategy order.

    >>> with_topic(["safety"], "outcomes_focussed_care")
    ['outcomes_focussed_care', 'safety']
    >>> with_topic(["safety"], ""), with_topic([], "safety", "other"), with_topic([], "no_such_priority")
    (['safety'], [], [])
    """
    ids = list(priorities)
    if isinstance(topic, str) and topic in PRIORITIES and language == "en" and topic not in ids:
        ids.append(topic)
    return sorted(ids, key=PRIORITY_IDS.index)
