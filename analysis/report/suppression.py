"""Small-number suppression for published tables (shared standards fact sheet §3, see docs/report.md).

Default rule (modelled on the GP Patient Survey and FFT publication):

* any percentage or score based on fewer than ``min_base`` (10) respondents is shown as ``*``;
* counts of 1 to ``min_count - 1`` (1-4) are shown as ``<5`` (0 is shown);
* secondary suppression: when exactly one cell of a breakdown is hidden, the next-lowest
  cell is hidden too (shown as ``*``), so the hidden cell cannot be worked out from the total;
* a percentage, score, interval, gap, bar or sentence figure is never published when the count
  it is worked out from is hidden (a "2%" of 49 beside "<5" would give the count away):
  :func:`format_share` takes the count itself, and :func:`hidden_cells` says which counts of a
  breakdown are hidden (primary and secondary) even when only their percentages are shown;
* a percentage of a base is also hidden when the base minus its count is 1 to ``min_count - 1``:
  "80% of 15 negative" says exactly 3 were not negative (the complement is a small count).
  :func:`format_share` applies it, and :func:`is_small_share` gives the same decision to code
  that shows a share some other way (a score, a bar).
* in a breakdown whose overall share is published, when exactly one group's share is hidden
  the next-smallest group's share is hidden too (:func:`hidden_shares`).
* two shares of one base shown together (% positive and % negative) must not leave a small
  remainder (the neutral and mixed, or the "neither" and "don't know"): the second is hidden
  (:func:`small_remainder`).

The thresholds are configuration values and :meth:`SuppressionRule.statement` words the
rule for each report's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from functools import cache

import numpy as np

__all__ = [
    "SUPPRESSED",
    "SuppressionRule",
    "format_count",
    "format_percent",
    "format_share",
    "hidden_cells",
    "hidden_shares",
    "is_shown_count",
    "pooled_remainder",
    "small_remainder",
    "is_small",
    "is_small_share",
    "suppress_breakdown",
]

#: Shown in place of a suppressed percentage, score or secondary-suppressed count.
SUPPRESSED = "*"


#: Counts from 1 to this less one are hidden under the NHS standard (``../shared/docs/standards.md``
#: §3: FFT national data and the GP Patient Survey hide 1-4).
STANDARD_MIN_COUNT = 5


@dataclass(frozen=True)
class SuppressionRule:
    """Thresholds for small-number suppression.

    Attributes
    ----------
    min_base : int
        Percentages and scores based on fewer respondents than this are suppressed.
    min_count : int
        Counts from 1 to ``min_count - 1`` are shown as ``"<min_count"``.
    """

    min_base: int = 10
    min_count: int = 5

    def __post_init__(self) -> None:
        if self.min_base < 1 or self.min_count < 1:
            raise ValueError("suppression thresholds must be at least 1")

    @property
    def below_standard(self) -> bool:
        """True when counts of 1 to 4 could be shown (``min_count`` under 5, the NHS standard's
        "counts of 1-4 are suppressed", ``../shared/docs/standards.md`` §3) or percentages rest
        on fewer than 5 responses: such a report is for checking figures, not for publication."""
        return self.min_count < STANDARD_MIN_COUNT or self.min_base < STANDARD_MIN_COUNT

    def statement(self) -> str:
        """The rule in plain words, printed in every report (with a "not for publication"
        warning first when :attr:`below_standard`)."""
        warning = (
            f"NOT FOR PUBLICATION: this report was built with suppression thresholds below the "
            f"standard (counts of 1 to {STANDARD_MIN_COUNT - 1} hidden), so small counts may identify people. "
            if self.below_standard
            else ""
        )
        if self.min_count <= 1:
            counts = "no small count is hidden"
        else:
            counts = f"counts from 1 to {self.min_count - 1} are shown as <{self.min_count}"
        return warning + (
            f"Small-number suppression: any percentage or score based on fewer than {self.min_base} "
            f"responses is shown as {SUPPRESSED}; {counts}; where the hidden cells of a breakdown could otherwise be worked out from "
            f"its total, the next-lowest cell is hidden too, and then all the hidden cells of that "
            f"breakdown are shown as {SUPPRESSED}. "
            f"Percentages, scores, intervals and gaps worked out from a hidden count are hidden too"
            + (
                f", and so is a percentage whose base minus its count is 1 to {self.min_count - 1} (else that "
                "small remainder could be worked out). "
                if self.min_count > 1
                else ". "
            )
            + f"Quotes are withheld from groups of fewer than {self.min_base} responses."
        )


def format_count(n: float | int | None, rule: SuppressionRule) -> str:
    """Display a single count: ``<5`` for 1-4, thousands separators otherwise.

    >>> format_count(3, SuppressionRule()), format_count(0, SuppressionRule()), format_count(12345, SuppressionRule())
    ('<5', '0', '12,345')
    """
    if n is None or (isinstance(n, float) and np.isnan(n)):
        return "–"
    n = int(n)
    if 0 < n < rule.min_count:
        return f"<{rule.min_count}"
    return f"{n:,}"


def format_percent(share: float | None, base: float | int | None, rule: SuppressionRule, digits: int = 0) -> str:
    """Display a proportion (0..1) as a percentage, or ``*`` when its base is too small.

    A share above 0 that would round to 0 reads ``<1%`` (not ``0%``, which a reader takes
    for none), and one below 1 that would round to 100 reads ``>99%``.

    >>> format_percent(0.456, 20, SuppressionRule()), format_percent(0.5, 9, SuppressionRule())
    ('46%', '*')
    >>> format_percent(5 / 1266, 1266, SuppressionRule()), format_percent(1261 / 1266, 1266, SuppressionRule())
    ('<1%', '>99%')
    """
    if base is None or share is None or (isinstance(share, float) and np.isnan(share)):
        return "–"
    if int(base) < rule.min_base:
        return SUPPRESSED
    return _percent_text(share, digits)


def _percent_text(share: float, digits: int) -> str:
    """``share`` (0..1) as a percentage, "<1%" / ">99%" where rounding would say 0 or 100."""
    text = f"{100 * share:.{digits}f}"
    step = f"{10 ** -digits:.{digits}f}"
    if 0 < share and float(text) == 0:
        return f"<{step}%"
    if share < 1 and float(text) == 100:
        return f">{100 - float(step):.{digits}f}%"
    return f"{text}%"


def is_small(n: float | int | None, rule: SuppressionRule) -> bool:
    """True for a count that primary suppression hides (1 to ``min_count - 1``).

    >>> [is_small(n, SuppressionRule()) for n in (0, 1, 4, 5)]
    [False, True, True, False]
    """
    if n is None or (isinstance(n, float) and np.isnan(n)):
        return False
    return 0 < int(n) < rule.min_count


def is_small_share(count: float | int | None, base: float | int | None, rule: SuppressionRule) -> bool:
    """True when ``count / base`` must not be published because of a small number behind it.

    The count itself is 1..min_count-1, the base is below ``min_base``, or the complement
    (``base - count``) is 1..min_count-1, so the share would give a small remainder away.

    >>> rule = SuppressionRule()
    >>> [is_small_share(c, 15, rule) for c in (12, 10, 15, 3)]
    [True, False, False, True]
    >>> is_small_share(46, 50, rule), is_small_share(45, 50, rule)
    (True, False)
    """
    if base is None or count is None or (isinstance(count, float) and np.isnan(count)):
        return False
    base_n = int(base)
    return base_n < rule.min_base or is_small(count, rule) or is_small(base_n - int(count), rule)


def is_shown_count(label: str) -> bool:
    """True when a count's display label gives the count itself ("1,234", "0"), not ``*``,
    ``<5`` or ``–``.

    >>> [is_shown_count(x) for x in ("1,234", "0", "*", "<5", "–")]
    [True, True, False, False, False]
    """
    return label.replace(",", "").isdigit()


def _usable(known: Sequence[bool] | None, n: int) -> np.ndarray:
    """Cells that may be hidden to protect another: all but those marked ``known``."""
    return ~np.asarray(known if known is not None else [False] * n, dtype=bool)


def _next_lowest(hidden: np.ndarray, sizes: np.ndarray, usable: np.ndarray) -> int | None:
    """Index of the secondary cell: the smallest non-zero, usable cell not yet hidden (None if none)."""
    candidates = np.where(~hidden & (sizes > 0) & usable)[0]
    return int(candidates[np.argmin(sizes[candidates])]) if len(candidates) else None


def _one_split(total: int, k: int, lo_max: int, hi_min: int | None, upper: int) -> bool:
    """True when exactly one set of ``k`` whole numbers from 1 to ``upper`` adds up to
    ``total`` with its smallest at most ``lo_max`` and, unless ``hi_min`` is None, its largest
    at least ``hi_min``: the values of hidden cells a reader could then name (not which cell
    holds which). Hidden cells read "<5" are 1 to 4 each; once a secondary cell is hidden they
    all read "*", and then at least one is 1-4 (else nothing was hidden) and at least one is 5
    or more, at most the smallest cell still shown (partners are taken smallest first).

    >>> _one_split(6, 2, 4, 5, 50), _one_split(7, 2, 4, 5, 50), _one_split(12, 2, 4, 5, 8)
    (True, False, True)
    >>> _one_split(7, 2, 4, None, 4), _one_split(6, 2, 4, None, 4)
    (True, False)
    """

    @cache
    def count(n: int, rest: int, lo: int) -> int:
        # non-decreasing values from lo; the last one is the largest
        if rest < n * lo or rest > n * upper:
            return 0
        if n == 1:
            return int(hi_min is None or rest >= hi_min)
        found = 0
        for v in range(max(lo, rest - (n - 1) * upper), min(upper, rest // n) + 1):
            found += count(n - 1, rest - v, v)
            if found > 1:
                return found
        return found

    # the smallest value comes first: it is at most lo_max
    found = 0
    for v in range(1, min(lo_max, upper) + 1):
        found += count(k - 1, total - v, v) if k > 1 else int(v == total and (hi_min is None or v >= hi_min))
        if found > 1:
            return False
    return found == 1


def hidden_cells(
    counts: Sequence[int],
    rule: SuppressionRule,
    known: Sequence[bool] | None = None,
    hidden: Sequence[bool] | None = None,
) -> list[bool]:
    """Which cells of one additive breakdown must not be published or derivable.

    Primary: counts 1..min_count-1. Secondary: while the hidden cells could be worked out from
    the published total (one alone; a sum that is itself under ``min_count``; small cells all 1
    or all ``min_count - 1``), the smallest remaining non-zero cell is hidden too, never one
    marked ``known`` (published elsewhere in the report, so hiding it protects nothing).
    ``hidden`` marks cells already hidden for another reason (the other direction of a two-way
    table). Use it for counts that are only shown as percentages (sentiment splits, a group's
    share on a priority, positive answers): their percentages must be hidden too.

    >>> hidden_cells([40, 3, 12, 25], SuppressionRule())
    [False, True, True, False]
    >>> hidden_cells([50, 1, 1, 20], SuppressionRule())
    [False, True, True, True]
    >>> hidden_cells([50, 4, 4, 20], SuppressionRule()), hidden_cells([50, 3, 4, 20], SuppressionRule())
    ([False, True, True, True], [False, True, True, True])
    >>> hidden_cells([50, 2, 4, 20], SuppressionRule())
    [False, True, True, False]
    """
    values = np.asarray([0 if c is None or c != c else int(c) for c in counts], dtype=int)
    primary = (values > 0) & (values < rule.min_count)
    already = np.asarray(hidden if hidden is not None else [False] * len(values), dtype=bool)
    hidden = primary | (already & (values > 0))

    def pinned() -> bool:
        """The hidden cells can be worked out from the total: one alone, a small sum (itself a
        small count), or a sum that only one set of values fits (:func:`_one_split`: two "<5"
        cells of 2, 7 or 8 are 1 + 1, 3 + 4, 4 + 4; two "*" cells of 6 are 5 + 1)."""
        k, total = int(hidden.sum()), int(values[hidden].sum())
        if k == 0:
            return False
        if k == 1 or total < rule.min_count:
            return True
        small = rule.min_count - 1
        if (hidden & ~primary).any():
            # a secondary cell is at least min_count and at most the smallest cell still shown
            # (partners are taken smallest first), and one hidden cell at least is small
            shown = values[~hidden & usable & (values > 0)]
            upper = int(shown.min()) if len(shown) else total
            return _one_split(total, k, small, rule.min_count, max(upper, rule.min_count))
        # all small ("<5"): 7 over two cells is 3 + 4
        return _one_split(total, k, small, None, small)

    usable = _usable(known, len(values))
    while pinned():
        partner = _next_lowest(hidden, values, usable)
        if partner is None:
            break
        hidden[partner] = True
    return [bool(h) for h in hidden]


def hidden_shares(
    counts: Sequence[int],
    bases: Sequence[int],
    rule: SuppressionRule,
    hidden: Sequence[bool] | None = None,
    known: Sequence[bool] | None = None,
) -> list[bool]:
    """Which shares ``counts[i] / bases[i]`` of one breakdown's groups must not be published.

    Primary: :func:`is_small_share` (a small count, base or remainder) or ``hidden[i]``
    (already hidden for another reason, e.g. by :func:`hidden_cells`). Secondary: when exactly
    one share with a non-zero base is hidden, the shown share with the smallest non-zero base
    is hidden too, because the overall share, published elsewhere with its base, minus the
    shown groups' counts would give the hidden one back ("57% of 49" overall, 7 of 17 and 13
    of 22 shown: the third group's 8 of 10 follows, and with it its remainder of 2). A group
    marked ``known`` (its counts published elsewhere) is never that partner.

    >>> rule = SuppressionRule()
    >>> hidden_shares([7, 13, 8], [17, 22, 10], rule)
    [True, False, True]
    >>> hidden_shares([7, 13, 5], [17, 22, 10], rule)
    [False, False, False]
    """
    given = list(hidden) if hidden is not None else [False] * len(counts)
    out = np.asarray(
        [bool(h) or is_small_share(c, b, rule) for c, b, h in zip(counts, bases, given, strict=True)], dtype=bool
    )
    sizes = np.asarray([0 if b is None or b != b else int(b) for b in bases], dtype=int)
    if (out & (sizes > 0)).sum() == 1:
        partner = _next_lowest(out, sizes, _usable(known, len(counts)))
        if partner is not None:
            out[partner] = True
    return [bool(h) for h in out]


def pooled_remainder(
    counts: Sequence[int],
    bases: Sequence[int],
    rule: SuppressionRule,
    hidden: Sequence[bool],
    *,
    unanimous: bool = True,
    known: Sequence[bool] | None = None,
) -> list[bool]:
    """``hidden`` with one more row hidden (the shown one with the smallest non-zero base) when
    the rows whose shares are hidden could be read off together.

    Rows marked ``known`` are published elsewhere (a workshop's contributions in the workshops
    chapter): hidden here they are still known, so they neither count among the pooled rows nor
    are chosen to hide (a twentieth tester's paper and phone rows pooled 19 of 23 beside a hidden
    workshop row whose 7 the workshops chapter printed).

    The overall share is published with its base, and each shown share times its shown base
    gives its count, so the hidden rows' counts and bases are known in sum: that pooled share
    must itself be publishable (:func:`is_small_share`), and must not be unanimous unless
    everyone is (then the overall share says it already). "All 62, 63% positive" and "Day unit
    50, 54%" leave 12 of 12 positive: every person in the two hidden units rated the service
    positively. A pooled count of 0 is published as 0 is elsewhere (national FFT practice).
    The rows must cover everyone the overall share counts; call this only when that overall
    share is shown. With ``unanimous=False`` a pooled count equal to its base is allowed (for
    a count of two shares together, whose remainder of 0 is a published-as-0 count).

    >>> rule = SuppressionRule()
    >>> pooled_remainder([12, 27, 20], [12, 50, 30], rule, [True, False, False])
    [True, False, True]
    >>> pooled_remainder([7, 27], [12, 50], rule, [True, False])
    [True, False]
    >>> pooled_remainder([0, 27], [12, 50], rule, [True, False])
    [True, False]
    >>> # the 7-of-14 row is published elsewhere: the other hidden rows pool 19 of 23 alone
    >>> pooled_remainder([50, 9, 10, 7], [100, 12, 11, 14], rule, [False, True, True, True],
    ...                  known=[False, False, False, True])
    [True, True, True, True]
    """
    flags = np.asarray(hidden, dtype=bool)
    usable = _usable(known, len(flags))
    pooled = flags & usable
    sizes = np.asarray([int(b) for b in bases], dtype=int)
    n = int(sizes[pooled].sum())
    c = int(np.asarray([int(x) for x in counts], dtype=int)[pooled].sum())
    everyone = sum(int(x) for x in counts) == int(sizes.sum())
    if n > 0 and (is_small_share(c, n, rule) or (unanimous and c == n and not everyone)):
        partner = _next_lowest(flags, sizes, usable)
        if partner is not None:
            flags[partner] = True
    return [bool(h) for h in flags]


def small_remainder(counts: Sequence[float | int | None], base: float | int | None, rule: SuppressionRule) -> bool:
    """True when shares of one base shown side by side leave a small count unshown.

    "32% positive and 61% negative of 38" give 12 and 23, so exactly 3 comments were neither:
    when the base minus the shown counts is 1 to ``min_count - 1``, one more of the shares
    (the caller hides the one that is not a headline figure) must be hidden.

    >>> rule = SuppressionRule()
    >>> small_remainder([12, 23], 38, rule), small_remainder([12, 21], 38, rule), small_remainder([12, 26], 38, rule)
    (True, False, False)
    """
    if base is None or any(c is None or c != c for c in counts):
        return False
    return is_small(int(base) - sum(int(c) for c in counts), rule)


def format_share(
    count: float | int | None,
    base: float | int | None,
    rule: SuppressionRule,
    *,
    hidden: bool = False,
    digits: int = 0,
) -> str:
    """``count / base`` as a percentage, or ``*`` when it would disclose a small number.

    Hidden when the base is below ``min_base``, when the count itself is 1..min_count-1
    (primary), when the base minus the count is 1..min_count-1 (the complement would be a
    small count: :func:`is_small_share`) or when ``hidden`` is set (secondary, from
    :func:`hidden_cells`).

    >>> rule = SuppressionRule()
    >>> format_share(1, 49, rule), format_share(3, 38, rule), format_share(12, 49, rule), format_share(0, 49, rule)
    ('*', '*', '24%', '0%')
    >>> format_share(12, 15, rule), format_share(15, 15, rule)
    ('*', '100%')
    >>> format_share(5, 1266, rule)  # a new user read "5 (0%)" as none
    '<1%'
    """
    if base is None or count is None or (isinstance(count, float) and np.isnan(count)):
        return "–"
    if int(base) == 0:
        return "–"
    if hidden or is_small_share(count, base, rule):
        return SUPPRESSED
    return _percent_text(float(count) / float(base), digits)


def suppress_breakdown(
    counts: Sequence[int],
    rule: SuppressionRule,
    known: Sequence[bool] | None = None,
    hidden: Sequence[bool] | None = None,
) -> tuple[list[str], list[bool]]:
    """Suppress the cells of one breakdown whose total is published.

    Parameters
    ----------
    counts : sequence of int
        Respondent counts of the groups of one breakdown (e.g. each age band).
    rule : SuppressionRule
    known : sequence of bool, optional
        Cells whose counts the report publishes elsewhere: never chosen to hide another.
    hidden : sequence of bool, optional
        Cells to hide whatever their size: a group's comments or FFT answers where its
        responses are hidden (a count shown beside a hidden one it cannot exceed bounds it).

    Returns
    -------
    (labels, base_ok)
        ``labels`` is the display text of each count (``<5``, ``*`` or the number);
        ``base_ok`` is False where the group's percentages/scores must be hidden.

    Notes
    -----
    Primary: counts 1..min_count-1 are shown as ``<min_count``; percentages of groups with
    fewer than ``min_base`` respondents are hidden. Secondary: if exactly one count is hidden
    (or the hidden ones are all 1, :func:`hidden_cells`), the smallest remaining non-zero count
    is hidden too, and then every hidden count of the breakdown is shown as ``*``; likewise, if exactly one group's
    percentage is hidden, the percentage of the next-smallest group is hidden too. A group
    whose count is hidden (primary or secondary) never has its percentages shown, whatever
    the thresholds, since its share of the published total would give the count back.

    Examples
    --------
    >>> suppress_breakdown([40, 3, 12, 25], SuppressionRule())
    (['40', '*', '*', '25'], [True, False, False, True])
    >>> suppress_breakdown([40, 3, 2, 25], SuppressionRule())[0]
    ['40', '<5', '<5', '25']
    >>> suppress_breakdown([4, 4], SuppressionRule())[0]  # no partner: "<5" + "<5" = 8 is 4 + 4
    ['*', '*']
    """
    values = np.asarray([int(c) for c in counts], dtype=int)
    labels = [format_count(v, rule) for v in values]
    hidden = np.asarray(hidden_cells(values.tolist(), rule, known, hidden), dtype=bool)
    primary = (values > 0) & (values < rule.min_count)
    small = rule.min_count - 1
    k, total = int(hidden.sum()), int(values[hidden].sum())
    if k > 1 and not (hidden & ~primary).any() and _one_split(total, k, small, None, small):
        # no cell was left to hide beside them and the "<5" bounds pin them (8 comments over two
        # "<5" themes are 4 + 4, a twenty-first tester): without the bound, "*", they are not
        for i in np.where(hidden)[0]:
            labels[i] = SUPPRESSED
    if (hidden & ~primary).any():
        # With a secondary cell hidden, every hidden cell reads "*": "<5" beside "*" says which
        # is the small one, and the total then pins both (56 = 50 + "<5" + "*" gives 1 and 5).
        for i in np.where(hidden)[0]:
            labels[i] = SUPPRESSED
    base_ok = (values >= rule.min_base) & ~hidden
    weak = (~base_ok) & (values > 0)
    if weak.sum() == 1:
        partner = _next_lowest(~base_ok, values, _usable(known, len(values)))
        if partner is not None:
            base_ok[partner] = False
    return labels, [bool(b) for b in base_ok]
