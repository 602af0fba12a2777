"""Experiment: a learned second opinion beside the urgent rules (2026-12-01).

``python scripts/urgent_second_opinion.py cv``      grouped cross-validation on the fixture
``python scripts/urgent_second_opinion.py notts``   what the chosen model adds on Nottinghamshire
``python scripts/urgent_second_opinion.py holdouts`` rules vs rules-or-model on the holdouts (counts)

Design A, the best of ``cv --real 1 --feats char word+char --C 4 16 64 --rw 0.02 0.05``:
``--feats char --C 64 --rw 0.05 --thresholds 0.55``; design B, the best of the same with
``--C 16 64 --rw 0.05 --max-real 0.0001``: ``--feats word+char --C 64 --rw 0.05 --thresholds 0.6``
(a first, wider grid showed NEAS-only negatives and C 1 or weight 0.2 no better).
Results and the decision not to ship: docs/analysis.md, urgent flag section.

A TF-IDF (word and/or character n-grams) logistic regression is trained on the urgent fixture
(``tests/analysis/fixtures/urgent_cases.csv``: concerns as positives, near misses as negatives)
plus real comments from ``analysis/data`` that the rules do not flag as negatives (NEAS, and
optionally the phase-1 file). A comment would be flagged if the rules OR the model say so.

Cross-validation: 5 folds, fixture rows grouped so that paraphrases (word TF-IDF cosine >= 0.4,
joined transitively) stay in one fold, real comments grouped by respondent (NEAS) or row.
``--feats content`` drops the words of the invented comments' voice (:data:`VOICE_WORDS`).
Prints counts and rates only, never comment text, except the 30 random Nottinghamshire comments
the model adds, on request (``notts --show-sample``), for a person to judge; the holdouts' text is
never shown, and each scoring of them spends some of their blindness.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, hstack, vstack
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.datasets import NEAS_RESPONDENT, NEAS_TEXT, PHASE1_PATH, load_neas  # noqa: E402
from analysis.text import expand_contractions, normalise  # noqa: E402
from analysis.urgent import _NEAR_MISS, urgent_reason  # noqa: E402

FIXTURE = ROOT / "tests" / "analysis" / "fixtures" / "urgent_cases.csv"
NOTTS = ROOT.parent / "shared" / "data" / "nottshc_experiencesdashboard" / "tidy_trust_data.csv"


def prep(text: str) -> str:
    """The text the model reads: as the rules read it (normalised, contractions spelled out,
    lower case, known near-miss phrases blanked)."""
    return _NEAR_MISS.sub(" ", expand_contractions(normalise(text or "")).lower())


def fixture_groups(texts: list[str], cut: float = 0.4) -> np.ndarray:
    """Group ids joining paraphrases: word TF-IDF cosine >= ``cut``, transitively."""
    x = TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True, stop_words="english").fit_transform(texts)
    sim = (x @ x.T).toarray()
    _, labels = connected_components(csr_matrix(sim >= cut), directed=False)
    return labels


def real_negatives(with_phase1: bool) -> tuple[list[str], np.ndarray]:
    """Real comments the rules do not flag (distinct texts) and their groups."""
    neas = load_neas()
    neas = neas.loc[~neas["placeholder"]].drop_duplicates(NEAS_TEXT)
    texts = neas[NEAS_TEXT].astype(str).tolist()
    groups = ("neas" + neas[NEAS_RESPONDENT].astype(str)).tolist()
    if with_phase1:
        p1 = pd.read_csv(PHASE1_PATH)["feedback"].dropna().astype(str).drop_duplicates().tolist()
        texts += p1
        groups += [f"p1_{i}" for i in range(len(p1))]
    keep = [i for i, t in enumerate(texts) if not urgent_reason(normalise(t))]
    return [texts[i] for i in keep], np.array([groups[i] for i in keep])


#: Words that carry the voice of the invented comments (a relative writing about a family
#: member at home) rather than what happened: left out by the "content" features.
VOICE_WORDS = sorted(set(ENGLISH_STOP_WORDS) | {
    "mum", "mam", "mother", "dad", "father", "nan", "nana", "gran", "grandad", "grandma", "granda", "husband",
    "wife", "partner", "son", "daughter", "brother", "sister", "auntie", "aunt", "uncle", "kids", "children",
    "bairns", "family", "grandson", "granddaughter", "boyfriend", "girlfriend", "lad", "lass", "carer", "carers",
    "staff", "nurse", "nurses", "home", "care", "just", "like", "got", "said", "told", "know", "think", "really",
    "life", "time", "day", "days", "week", "weeks", "night", "nights", "today", "yesterday", "want", "did", "does",
})


class Model:
    """TF-IDF words and/or characters + logistic regression; ``proba(texts)`` -> P(urgent)."""

    def __init__(self, feats: str = "word+char", C: float = 4.0, real_weight: float = 0.2):
        self.feats, self.C, self.real_weight = feats, C, real_weight

    def _vecs(self):
        v = []
        if self.feats == "content":
            return [TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, stop_words=VOICE_WORDS)]
        if "word" in self.feats:
            v.append(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2))
        if "char" in self.feats:
            v.append(TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=100_000))
        return v

    def fit(self, texts, y, is_real):
        self.vecs = [v.fit(texts) for v in self._vecs()]
        x = hstack([v.transform(texts) for v in self.vecs]).tocsr()
        y = np.asarray(y)
        # real negatives down-weighted so the near misses shape the boundary
        w = np.where(is_real, self.real_weight, 1.0)
        self.lr = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear").fit(x, y, sample_weight=w)
        return self

    def proba(self, texts):
        x = hstack([v.transform(texts) for v in self.vecs]).tocsr()
        return self.lr.predict_proba(x)[:, 1]


def cv(args) -> None:
    fx = pd.read_csv(FIXTURE)
    ftexts = [prep(t) for t in fx.comment]
    fy = fx.urgent.to_numpy(int)
    fg = fixture_groups(ftexts)
    print(f"fixture: {len(fx)} rows ({fy.sum()} urgent), {fg.max() + 1} paraphrase groups "
          f"(largest {np.bincount(fg).max()})")
    rules_fx = np.array([bool(urgent_reason(normalise(t))) for t in fx.comment])
    print(f"rules on the fixture: {int((rules_fx & (fy == 1)).sum())} caught, {int((rules_fx & (fy == 0)).sum())} near misses flagged")
    for with_p1 in args.real:
        rtexts_raw, rg = real_negatives(with_p1)
        rtexts = [prep(t) for t in rtexts_raw]
        print(f"\nreal negatives: {len(rtexts)} ({'NEAS + phase 1' if with_p1 else 'NEAS'})")
        # vectorisers fitted once on all texts (vocabulary and IDF only, no labels) to keep
        # the search fast; the final model fits them on its own training rows
        X = {}
        for feats in args.feats:
            vecs = [v.fit(ftexts + rtexts) for v in Model(feats)._vecs()]
            X[feats] = (hstack([v.transform(ftexts) for v in vecs]).tocsr(),
                        hstack([v.transform(rtexts) for v in vecs]).tocsr())
        for feats in args.feats:
            for C in args.C:
                for rw in args.rw:
                    res = []
                    for seed in range(args.seeds):
                        pf = np.zeros(len(ftexts))
                        pr = np.zeros(len(rtexts))
                        fsplit = StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(ftexts, fy, fg)
                        rperm = np.random.default_rng(seed).permutation(len(rtexts))
                        rsplit = GroupKFold(5).split(rperm, groups=rg[rperm])
                        for (ftr, fte), (rtr, rte) in zip(fsplit, rsplit):
                            rtr, rte = rperm[rtr], rperm[rte]
                            xf, xr = X[feats]
                            w = np.r_[np.ones(len(ftr)), np.full(len(rtr), rw)]
                            lr = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(
                                vstack([xf[ftr], xr[rtr]]), np.r_[fy[ftr], np.zeros(len(rtr), int)], sample_weight=w)
                            pf[fte] = lr.predict_proba(xf[fte])[:, 1]
                            pr[rte] = lr.predict_proba(xr[rte])[:, 1]
                        res.append((pf, pr))
                    pf = np.mean([r[0] for r in res], axis=0)
                    pr = np.mean([r[1] for r in res], axis=0)
                    # the lowest threshold (most recall) whose union with the rules keeps the
                    # fixture's precision >= MIN_PRECISION and adds <= MAX_REAL of real comments
                    best = None
                    for t in np.arange(0.95, 0.19, -0.05):
                        flag = rules_fx | (pf >= t)
                        prec = (flag & (fy == 1)).sum() / flag.sum()
                        real = (pr >= t).mean()
                        if prec >= args.min_precision and real <= args.max_real:
                            best = (t, (pf[fy == 1] >= t).mean(), int((flag & (fy == 0)).sum()), prec, real)
                    if best:
                        t, rec, nm, prec, real = best
                        print(f"{feats:9s} C={C:<5} rw={rw:<5} -> t={t:.2f}: model-alone recall {rec:.3f}, "
                              f"union near misses flagged {nm}, union precision {prec:.3f}, real added {real * 100:.3f}%")
                    else:
                        print(f"{feats:9s} C={C:<5} rw={rw:<5} -> no threshold meets both limits")


def fit_final(feats: str, C: float, rw: float) -> Model:
    """The model on the whole fixture and every real negative (NEAS + phase 1)."""
    fx = pd.read_csv(FIXTURE)
    rtexts, _ = real_negatives(True)
    texts = [prep(t) for t in fx.comment] + [prep(t) for t in rtexts]
    y = np.r_[fx.urgent.to_numpy(int), np.zeros(len(rtexts), int)]
    is_real = np.r_[np.zeros(len(fx), bool), np.ones(len(rtexts), bool)]
    return Model(feats, C, rw).fit(texts, y, is_real)


def notts(args) -> None:
    import time
    m = fit_final(args.feats[0], args.C[0], args.rw[0])
    fx = pd.read_csv(FIXTURE)
    pf = m.proba([prep(t) for t in fx.comment])
    rules_fx = np.array([bool(urgent_reason(normalise(t))) for t in fx.comment])
    fy = fx.urgent.to_numpy(bool)
    for t in args.thresholds:
        flag = rules_fx | (pf >= t)
        print(f"fixture (in sample) t={t}: union caught {int((flag & fy).sum())}/{fy.sum()}, near misses flagged "
              f"{int((flag & ~fy).sum())}, precision {(flag & fy).sum() / flag.sum():.3f}")
    df = pd.read_csv(NOTTS, usecols=["comment_txt"], dtype=str)
    texts = df.comment_txt.fillna("").tolist()
    distinct = sorted(set(texts))
    start = time.perf_counter()
    prepped = [prep(t) for t in distinct[:20000]]
    p20 = m.proba(prepped)
    el = time.perf_counter() - start
    print(f"model cost: {20000 / el:,.0f} comments/s on 20,000 distinct Nottinghamshire comments (prep + predict, one core)")
    norm = {t: normalise(t) for t in distinct}
    rules = {t: bool(urgent_reason(norm[t])) for t in distinct}
    proba = dict(zip(distinct, np.r_[p20, m.proba([prep(t) for t in distinct[20000:]])]))
    n_rules = sum(rules[t] for t in texts)
    print(f"Nottinghamshire: {len(texts):,} comments ({len(distinct):,} distinct); rules flag {n_rules} comments "
          f"({sum(rules.values())} distinct)")
    rng = np.random.default_rng(20261201)
    for t in args.thresholds:
        added = [x for x in distinct if x and not rules[x] and proba[x] >= t]
        n_added = sum(1 for x in texts if x and not rules[x] and proba[x] >= t)
        print(f"  t={t}: model adds {n_added} comments ({len(added)} distinct): queue {n_rules} -> {n_rules + n_added}")
        if args.show_sample and t == args.thresholds[0]:
            for i, x in enumerate(rng.choice(added, size=min(30, len(added)), replace=False), 1):
                print(f"    [{i}] p={proba[x]:.2f} {x}")


def holdouts(args) -> None:
    """Score rules and rules-or-model on the holdouts: counts only, the text is never shown.
    Each scoring spends some of a holdout's blindness: the brief allowed two (before, end)."""
    m = fit_final(args.feats[0], args.C[0], args.rw[0])
    t = args.thresholds[0]
    files = sorted((ROOT / "tests" / "analysis" / "fixtures").glob(args.pattern))
    tot = np.zeros(5, int)
    for f in files:
        d = pd.read_csv(f)
        u = d.urgent.to_numpy(bool)
        rules = d.comment.map(lambda x: bool(urgent_reason(x))).to_numpy()
        flag = rules | (m.proba([prep(x) for x in d.comment]) >= t)
        row = np.array([u.sum(), (rules & u).sum(), (rules & ~u).sum(), (flag & u).sum(), (flag & ~u).sum()])
        tot += row
        print(f"{f.name}: urgent {row[0]}; rules caught {row[1]}, near misses flagged {row[2]}; "
              f"rules or model caught {row[3]}, near misses flagged {row[4]}")
    print(f"pooled: urgent {tot[0]}; rules recall {tot[1] / tot[0]:.3f} precision {tot[1] / (tot[1] + tot[2]):.3f}; "
          f"rules or model recall {tot[3] / tot[0]:.3f} precision {tot[3] / (tot[3] + tot[4]):.3f}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("step", choices=["cv", "notts", "holdouts"])
    p.add_argument("--pattern", default="urgent_blind_holdout*.csv", help="holdouts: which fixture files")
    p.add_argument("--thresholds", nargs="+", type=float, default=[0.55, 0.65, 0.75, 0.85])
    p.add_argument("--show-sample", action="store_true", help="notts: print 30 random added comments to read")
    p.add_argument("--feats", nargs="+", default=["word", "char", "word+char"])
    p.add_argument("--C", nargs="+", type=float, default=[1.0, 4.0, 16.0, 64.0])
    p.add_argument("--rw", nargs="+", type=float, default=[0.02, 0.05, 0.2])
    p.add_argument("--real", nargs="+", type=int, default=[0, 1], help="0: NEAS negatives, 1: NEAS + phase 1")
    p.add_argument("--seeds", type=int, default=2)
    p.add_argument("--min-precision", type=float, default=0.92)
    p.add_argument("--max-real", type=float, default=0.0005, help="share of real comments the model may add")
    args = p.parse_args()
    {"cv": cv, "notts": notts, "holdouts": holdouts}[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
