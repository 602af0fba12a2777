"""The nine partnership priorities of the quality strategy, in strategy order.

``culture`` is delivered by the wider change programme: feedback about it is still coded and
reported, but reports mark it with :attr:`Priority.wider_programme`.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRIORITIES", "PRIORITY_IDS", "Priority"]


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
