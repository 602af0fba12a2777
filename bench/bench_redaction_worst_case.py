"""Worst-case inputs for redaction: ``python bench/bench_redaction_worst_case.py``.

Each input is a long run that once made a pattern backtrack (see ``git log analysis/redact.py``:
a run of address characters with no "@" for the email pattern, long whitespace runs for the
sign-off and date-of-birth patterns). For each, prints the seconds :func:`analysis.redact.redact`
takes at n and 2n characters and their ratio: about 2 means linear, about 4 quadratic. Before
the fixes, 60,000 characters of ``a.`` took 10-20 s and 6,000 spaces after "Regards Bob"
took 200 s. Targets: ratio < 3 and under 1 s at the larger size. Exit status 1 if missed.
These are timings, so they live here and not in the test suite (tests/analysis pins the
output of the same inputs).

Then one sentence naming a person, repeated to 4, 16, 64 and 256 KB: the seconds for each and
the ratio to one comment of normal length. Matching the redacted text back to the original with
difflib once took cubic time here (8 s at 8 KB, 49 s at 16 KB; 32 KB took 6 min 44 s through
``python -m analysis code``). Target: each size about 4 times the one before (under 6) and
under 5 s at 256 KB.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.redact import redact  # noqa: E402

#: A sentence naming a person, repeated; and one comment of normal length with the same name.
_SENTENCE = "Thank you Dr Smith for the care. "
_NORMAL = "The paramedics were kind and quick. Thank you Dr Smith for the care, my mum felt safe."


def _repeat(unit: str, n: int) -> str:
    """``unit`` repeated to exactly ``n`` characters."""
    return (unit * (n // len(unit) + 1))[:n]


#: (name, function of n giving the text): each grows with n.
CASES = [
    ("a. run, no @", lambda n: "a." * (n // 2)),
    ("1- run, no @", lambda n: "1-" * (n // 2)),
    ("x+ run, no @", lambda n: "x+" * (n // 2)),
    ("Ab- run, no @", lambda n: "Ab-" * (n // 3)),
    ("spaces after 'Regards Bob'", lambda n: "Regards Bob" + " " * n + "x"),
    ("spaces after 'Regards'", lambda n: "Regards" + " " * n + "x"),
    ("' \\n' after 'dob'", lambda n: "dob" + " \n" * (n // 2) + "x"),
    ("long capitalised words", lambda n: "Dr A" + "b" * (n // 2) + " c, thanks to A" + "b" * (n // 2) + " c Hospital"),
    # a first draft of the username rule took 7 s at 20,000 characters here (two stars)
    ("digits after 'snap', then é", lambda n: "snap " + "1" * n + "é"),
    ("'a1' after 'facebook', then ж", lambda n: "facebook " + "a1" * (n // 2) + "ж"),
    ("brackets after a role", lambda n: "the nurse (" * (n // 11)),
    ("'Thank you Dr Smith' repeated", lambda n: _repeat(_SENTENCE, n)),
]


def seconds(text: str, repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock runs of ``redact(text)``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        redact(text)
        best = min(best, time.perf_counter() - start)
    return best


def repeated_sentence(sizes_kb: tuple[int, ...] = (4, 16, 64, 256)) -> int:
    """Print the seconds for :data:`_SENTENCE` repeated to each size and the ratio to
    :data:`_NORMAL`; return how many sizes missed the target (see the module docstring)."""
    normal = seconds(_NORMAL, repeat=50)
    print(f"\nnormal comment ({len(_NORMAL)} chars): {normal * 1000:.3f} ms")
    print(f"{'repeated sentence':30s} {'seconds':>8s} {'x normal':>9s} {'x previous':>10s}")
    failed, previous = 0, None
    for kb in sizes_kb:
        took = seconds(_repeat(_SENTENCE, kb * 1024), repeat=1 if kb >= 64 else 3)
        growth = took / previous if previous else float("nan")
        ok = took < 5.0 and (previous is None or growth < 6)
        failed += not ok
        print(f"{kb:>4d} KB{'':24s} {took:7.3f}s {took / normal:9.0f} {growth:10.2f}{'' if ok else '  MISSED'}")
        previous = took
    return failed


def main(n: int = 30_000) -> int:
    """Print one line per case, then :func:`repeated_sentence`; return 1 if a case grows
    faster than linear or is slow."""
    failed = 0
    print(f"{'input':30s} {'n chars':>8s} {'2n chars':>9s}  ratio")
    for name, make in CASES:
        small, large = seconds(make(n)), seconds(make(2 * n))
        ratio = large / small if small > 0 else float("inf")
        ok = ratio < 3 and large < 1.0
        failed += not ok
        print(f"{name:30s} {small:7.3f}s {large:8.3f}s  {ratio:5.2f}{'' if ok else '  MISSED'}")
    failed += repeated_sentence()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
