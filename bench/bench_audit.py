"""Time the suppression audit (``analysis.report.build._audit_grid``) where almost every cell is
hidden and some sums stay pinned whatever is hidden, as with a small CSV (a new user's 42
comments once took three minutes here): ``python bench/bench_audit.py [--sizes 10 20 40 80]``.

For each size m: two hidden "<5" cells published as adding up to 8, the first also in a row of m
shown cells that may be hidden, so every step tries every cell left. Prints the linear
programmes solved and the seconds taken.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    import scipy.optimize

    from analysis.report.build import _audit_grid

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80])
    args = p.parse_args()
    real = scipy.optimize.linprog
    solved = [0]

    def counting(*a, **k):
        solved[0] += 1
        return real(*a, **k)

    scipy.optimize.linprog = counting
    print(f"{'cells':>6} {'programmes':>11} {'seconds':>8}")
    for m in args.sizes:
        values = [4, 4] + [10] * m
        equations = [{0: 1.0, 1: 1.0}, dict.fromkeys(range(m + 2), 1.0)]
        solved[0] = 0
        t = time.perf_counter()
        _audit_grid(equations, values, [True, True] + [False] * m,
                    lambda now, m=m: [(1, 4), (1, 4)] + [(0, 10 * m)] * m, [False] * (m + 2), [0] * (m + 2))
        print(f"{m + 2:>6} {solved[0]:>11} {time.perf_counter() - t:>8.2f}")


if __name__ == "__main__":
    main()
