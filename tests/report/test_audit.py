"""The audit that hides further cells until no small count can be worked out (build._audit_grid).

A new user's 42 comments took three minutes here: almost every cell was hidden, a few sums stayed
pinned whatever was hidden, and each step tried hiding each remaining cell by solving every sum
again (50,000 linear programmes). These tests count the programmes and check that the answer is
the one trying every cell the slow way gives.
"""

from __future__ import annotations

import random

import pytest
import scipy.optimize

from analysis.report import build
from analysis.report.build import _audit_grid, _frontier, _now_and_then, _pinned_cells


@pytest.fixture
def solves(monkeypatch):
    """How many linear programmes were run (the audit imports ``linprog`` when it runs)."""
    real = scipy.optimize.linprog
    n = [0]

    def counting(*args, **kwargs):
        n[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "linprog", counting)
    return n


def stuck_grid(m: int):
    """Two hidden "<5" cells published as adding up to 8 (so 4 and 4 whatever else is hidden),
    the first also in a row with ``m`` shown cells of 10 that may be hidden."""
    values = [4, 4] + [10] * m
    equations = [{0: 1.0, 1: 1.0}, {i: 1.0 for i in range(m + 2)}]
    hidden = [True, True] + [False] * m
    return equations, values, hidden, [False] * (m + 2), [0] * (m + 2)


def test_sums_pinned_whatever_is_hidden_are_not_solved_again_each_trial(solves):
    equations, values, hidden, never, prefer = stuck_grid(20)
    bounds = lambda now: [(1, 4), (1, 4)] + [(0, 300)] * 20  # noqa: E731
    assert _pinned_cells(equations, values, hidden, bounds(hidden)) == [(0,), (1,)]
    solves[0] = 0
    out = _audit_grid(equations, values, hidden, bounds, never, prefer)
    # as before: no cell frees the two, so each step hides the first and the audit goes on
    # until every cell is hidden
    assert out == [True] * 22
    # was 924 programmes (each of 20 steps tried each cell left, solving both sums both ways); now 8
    assert solves[0] <= 20


def reference(equations, values, hidden, bounds, never, prefer, min_count=5, sensitive=None, groups=()):
    """The audit as first written: every sum solved again for every trial."""
    out = [bool(h) for h in hidden]
    for _ in range(len(out)):
        pinned = _pinned_cells(equations, values, out, bounds(out), min_count, sensitive, groups)
        if not pinned:
            break
        frontier = _frontier(equations, values, out, never, prefer)
        if not frontier:
            break
        choice = frontier[0]
        for c in frontier:
            trial = out[:]
            trial[c] = True
            if len(_pinned_cells(equations, values, trial, bounds(trial), min_count, sensitive, groups)) < len(pinned):
                choice = c
                break
        out[choice] = True
    return out


def random_table(rng: random.Random):
    """A theme table: rows of sentiment cells adding up to a count cell, some columns and the
    counts published as sums, small cells hidden, some cells never hidden."""
    n_rows, n_cols = rng.randint(2, 4), rng.randint(2, 4)
    grid = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 10, 15]) for _ in range(n_cols)] for _ in range(n_rows)]
    values = [v for row in grid for v in row] + [sum(row) for row in grid]
    counts = n_rows * n_cols
    equations = [{**{i * n_cols + j: 1.0 for j in range(n_cols)}, counts + i: -1.0} for i in range(n_rows)]
    equations += [{i * n_cols + j: 1.0 for i in range(n_rows)} for j in range(n_cols) if rng.random() < 0.6]
    if rng.random() < 0.5:
        equations.append({counts + i: 1.0 for i in range(n_rows)})
    hidden = [0 < v < 5 or rng.random() < 0.1 for v in values]
    never = [rng.random() < 0.15 for _ in values]
    prefer = [rng.randint(0, 2) for _ in values]
    sensitive = None if rng.random() < 0.5 else [h and 0 < v < 5 for h, v in zip(hidden, values, strict=True)]
    groups = [[i for i, c in eq.items() if c > 0] for eq in equations] if rng.random() < 0.5 else []
    top = max(values) or 1
    if rng.random() < 0.5:
        def bounds(now):
            return [(1 if v else 0, top) for v in values]
    else:  # "<5" until a cell is hidden to protect another, then "*" (as in a chapter's table)
        def bounds(now):
            starred = any(n and not h for n, h in zip(now, hidden, strict=True))
            return [
                (1, 4) if h and 0 < v < 5 and not starred else (1 if v else 0, top)
                for h, v in zip(hidden, values, strict=True)
            ]
    return equations, values, hidden, bounds, never, prefer, 5, sensitive, groups


def test_same_cells_hidden_as_trying_every_cell_the_slow_way():
    rng = random.Random(20261130)
    for _ in range(20):
        args = random_table(rng)
        assert _audit_grid(*args) == reference(*args)


def test_trials_past_the_budget_still_leave_nothing_pinned_that_hiding_could_free(monkeypatch):
    monkeypatch.setattr(build, "MAX_AUDIT_TRIALS", 0)
    rng = random.Random(7)
    for _ in range(25):
        equations, values, hidden, bounds, never, prefer, min_count, sensitive, groups = random_table(rng)
        out = _audit_grid(equations, values, hidden, bounds, never, prefer, min_count, sensitive, groups)
        assert all(o or not h for o, h in zip(out, hidden, strict=True))
        left = _pinned_cells(equations, values, out, bounds(out), min_count, sensitive, groups)
        most = [o or not n for o, n in zip(out, never, strict=True)]
        # whatever is still pinned is pinned with every cell that may be hidden hidden
        at_most = build._Ranges(equations, values, most, bounds(most))
        assert all(at_most.pinned(t) for t in left)


def test_long_audits_say_how_far_they_have_got():
    said: list[str] = []
    equations, values, hidden, never, prefer = stuck_grid(3)
    _audit_grid(equations, values, hidden, lambda now: [(1, 4)] * 2 + [(0, 50)] * 3, never, prefer,
                progress=said.append)
    assert said[0] == "audit step 1: 2 small counts pinned, 3 cells to try" and len(said) == 3
    passed: list[str] = []
    quiet = _now_and_then(passed.append, seconds=3600)
    quiet("step 1")
    assert passed == []  # a quick audit says nothing
    chatty = _now_and_then(passed.append, seconds=0)
    chatty("step 1")
    assert passed == ["step 1"]
