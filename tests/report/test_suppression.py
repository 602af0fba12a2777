"""Small-number suppression: primary, secondary, configurable thresholds."""

from __future__ import annotations

import pytest

from analysis.report.suppression import (
    SuppressionRule,
    format_count,
    format_percent,
    format_share,
    hidden_cells,
    suppress_breakdown,
)


def test_primary_counts_and_percentages():
    rule = SuppressionRule()
    assert [format_count(n, rule) for n in (0, 1, 4, 5, 1234)] == ["0", "<5", "<5", "5", "1,234"]
    assert format_percent(0.5, 9, rule) == "*"
    assert format_percent(0.5, 10, rule) == "50%"


def test_secondary_hides_next_lowest_when_one_cell_hidden():
    # total 80 published; 3 alone would be recoverable as 80 - 40 - 12 - 25.
    labels, base_ok = suppress_breakdown([40, 3, 12, 25], SuppressionRule())
    assert labels == ["40", "*", "*", "25"]  # "<5" beside "*" would say which is the small one
    # percentages: the <10 group is hidden, and so is the next smallest (12)
    assert base_ok == [True, False, False, True]


def test_no_secondary_needed_when_two_cells_hidden_or_none():
    labels, base_ok = suppress_breakdown([40, 3, 2, 25], SuppressionRule())
    assert labels == ["40", "<5", "<5", "25"]
    assert base_ok == [True, False, False, True]
    labels, base_ok = suppress_breakdown([40, 0, 12, 25], SuppressionRule())
    assert labels == ["40", "0", "12", "25"]
    assert base_ok == [True, False, True, True]  # 0 has no percentage to hide, nothing to protect


def test_threshold_is_configurable_and_stated():
    rule = SuppressionRule(min_base=5, min_count=3)
    labels, base_ok = suppress_breakdown([2, 4, 30], rule)
    assert labels == ["*", "*", "30"]
    assert base_ok == [False, False, True]
    assert "fewer than 5 responses" in rule.statement() and "<3" in rule.statement()
    with pytest.raises(ValueError, match="at least 1"):
        SuppressionRule(min_base=0)


def test_share_of_a_hidden_count_is_hidden():
    # The user's report: "Involvement in designing services | <5 | 2%" of 49 comments gave 1 back;
    # "Admission | <5 | 8%" of 38 gave 3 back.
    rule = SuppressionRule()
    assert format_share(1, 49, rule) == "*"
    assert format_share(3, 38, rule) == "*"
    assert format_share(5, 49, rule) == "10%"
    assert format_share(0, 49, rule) == "0%"  # zero is published, as counts of 0 are
    assert format_share(12, 9, rule) == "*"  # base too small, as before
    assert format_share(12, 40, rule, hidden=True) == "*"  # secondary


def test_hidden_cells_primary_and_secondary():
    rule = SuppressionRule()
    assert hidden_cells([30, 2, 20, 15], rule) == [False, True, False, True]
    assert hidden_cells([30, 2, 1, 15], rule) == [False, True, True, True]  # 2 + 1 is itself small
    assert hidden_cells([30, 0, 20, 15], rule) == [False, False, False, False]
    assert hidden_cells([], rule) == []


def test_breakdown_never_shows_percentage_of_a_hidden_count_whatever_the_thresholds():
    # min_base 3 < min_count 5: the 12 is hidden as the secondary cell, so its share of the
    # published total (12/80 = 15%) would give it, and then 3 = 80 - 40 - 12 - 25, back.
    labels, base_ok = suppress_breakdown([40, 3, 12, 25], SuppressionRule(min_base=3, min_count=5))
    assert labels == ["40", "*", "*", "25"]
    assert base_ok == [True, False, False, True]
    # min_count above min_base: a count shown as <20 must not have its percentage shown
    labels, base_ok = suppress_breakdown([40, 15, 12, 25], SuppressionRule(min_base=10, min_count=20))
    assert labels == ["40", "<20", "<20", "25"]
    assert base_ok == [True, False, False, True]


def test_share_is_hidden_when_the_rest_of_its_base_is_a_small_count():
    # "80% of 15 negative" says exactly 3 were not negative.
    rule = SuppressionRule()
    assert format_share(12, 15, rule) == "*"
    assert [format_share(c, 50, rule) for c in (45, 46, 49, 50)] == ["90%", "*", "*", "100%"]
    assert format_share(0, 50, rule) == "0%"  # 50 left over is no small count


def test_hidden_cells_never_pinned_by_the_total():
    # A tester's cases (2026-11-30). 56 = 50 + "<5" + "*" gave 1 and 5 (a "*" is at least 5);
    # 63 = 50 + 5 + "<5" + "*" gave 3 and 5 (the "*" is at most the smallest shown, 5);
    # two hidden cells of a remainder of 2 (never 0) are 1 and 1.
    # A ninth tester's: two "*" cells of 6 are 5 and 1 (a "*" is at least 5), and of 8 beside a
    # shown 5 are 3 and 5 (the "*" is at most the smallest shown): one more cell is hidden.
    rule = SuppressionRule()
    assert suppress_breakdown([50, 1, 5], rule)[0] == ["*", "*", "*"]
    assert suppress_breakdown([50, 3, 5, 5], rule)[0] == ["50", "*", "*", "*"]
    assert suppress_breakdown([50, 3, 5, 20], rule)[0] == ["50", "*", "*", "20"]  # 8 = 1+7, 2+6 or 3+5
    assert hidden_cells([20, 1, 1, 18], rule) == [False, True, True, True]
    assert hidden_cells([50, 1, 1], rule) == [True, True, True]
    assert hidden_cells([50, 1, 2], rule) == [True, True, True]  # 1 + 2 = 3 is itself a small count
    # a second tester's cases: 8 = 4 + 4 leaves no choice. 7 = 3 + 4 or 4 + 3 was thought to,
    # but a tenth tester pointed out that it names the values (3 and 4), if not which is which;
    # 6 = 2 + 4 or 3 + 3 does leave a choice. And "*", "*" of 12 beside a shown 8 are 4 and 8.
    assert hidden_cells([50, 4, 4, 20], rule) == [False, True, True, True]
    assert hidden_cells([50, 3, 4, 20], rule) == [False, True, True, True]
    assert hidden_cells([50, 2, 4, 20], rule) == [False, True, True, False]
    assert hidden_cells([30, 4, 8, 8], rule) == [False, True, True, True]
    assert suppress_breakdown([50, 4, 4, 20], rule)[0] == ["50", "*", "*", "*"]
