"""Load and fault bench: 200 concurrent respondents against gunicorn (4 workers), SQLite and PostgreSQL.

Usage (from the repo root)::

    .venv/bin/python bench/bench_load.py                  # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/bench_load.py --db sqlite --respondents 50

For each database, in one run, on 127.0.0.1 only, in a fresh SQLite file / PostgreSQL schema:

1. **bare**: a bare Flask endpoint doing one INSERT per request (``bench/bare_app.py``),
   same gunicorn settings, same database: the stack's ceiling.
2. **journey**: N simulated respondents at once (asyncio + httpx), each completing a
   starter questionnaire page by page like a browser: GET the page, parse the CSRF token
   and hidden fields from the HTML, POST answers built from the questionnaire definition
   (``survey_app.questionnaire.loader.load_all``), follow the redirect, ... "Check your
   answers", submit, thank-you page. CSRF is on (the real app, no test config).
   Prints completed responses/s, p50/p95 request latency, sent vs stored (must be equal)
   and the ratio to the bare endpoint.
3. **faults**: the same again while (a) one gunicorn worker is SIGKILLed mid-run, picked
   while it is handling a request, and (b) a long analysis/report build reads the
   database back to back (``python -m analysis report --db``; a long pandas read
   transaction if that command is missing). A respondent whose request fails
   (connection dropped, 5xx) resubmits the same request (same cookies, CSRF token and
   submission token). Checked afterwards: every respondent is stored exactly once (a
   unique marker in their free-text answers); no submitted response is half-written (its
   answer rows equal the count for that questionnaire in the fault-free run); no answer
   row without its response; no respondent ever received a 5xx or "database is locked"
   (dropped connections from the killed worker are the only errors allowed); every
   report build succeeded.

Exit status 1 when any check fails. Bounded: at most ``--respondents`` per phase, a
``--phase-timeout`` per phase.
"""
from __future__ import annotations

import argparse
import asyncio
import html
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.answers import answers_for  # noqa: E402
from bench.bare_app import create_table  # noqa: E402

#: Where the servers and report builds run from: a frozen copy of the code (see ``snapshot``).
APP_ROOT = ROOT
#: What ``snapshot`` copies: everything the app, the bare app and the report build import.
SNAPSHOT_DIRS = ("survey_app", "analysis", "questionnaires", "migrations", "bench")
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MAX_TRIES = 8
MAX_STEPS = 60


# ---------------------------------------------------------------- HTML forms


@dataclass
class Form:
    """The main POST form of a page: its action, hidden fields, input names and buttons."""

    action: str = ""
    method: str = "get"
    hidden: list[tuple[str, str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)


TAG = re.compile(r"<(/?)(form|input|select|textarea|button)\b([^>]*)>", re.I)
ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def parse_forms(page: str) -> list[Form]:
    """Every form on a page with its fields (a regex tokenizer: the bench's client must stay cheap)."""
    forms: list[Form] = []
    current: Form | None = None
    for m in TAG.finditer(page):
        closing, tag, raw = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            if tag == "form":
                current = None
            continue
        a = {k.lower(): html.unescape(v1 or v2 or v3 or "") for k, v1, v2, v3 in ATTR.findall(raw)}
        if tag == "form":
            current = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            forms.append(current)
        elif current is None:
            continue
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                current.hidden.append((a.get("name", ""), a.get("value", "")))
            elif kind == "submit":
                current.buttons.append((a.get("name", ""), a.get("value", ""), a.get("value", "")))
            elif a.get("name"):
                current.names.add(a["name"])
        elif tag in ("select", "textarea") and a.get("name"):
            current.names.add(a["name"])
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            current.buttons.append((a.get("name", ""), a.get("value", ""), ""))
    return forms


def main_form(page: str) -> Form:
    """The page's POST form carrying a CSRF token (the question form)."""
    forms = [f for f in parse_forms(page) if f.method == "post" and any(n == "csrf_token" for n, _ in f.hidden)]
    if not forms:
        raise ValueError("no POST form with a csrf_token on the page")
    return max(forms, key=lambda f: len(f.names))


# ---------------------------------------------------------------- respondents


@dataclass
class Stats:
    """Per-phase counters shared by every respondent."""

    latencies: list[float] = field(default_factory=list)
    completed: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)  # every error a respondent saw (before retrying)
    locked_seen: int = 0  # "database is locked" in any body a respondent received
    failed: list[str] = field(default_factory=list)  # respondents that gave up
    requests: int = 0


def as_multidict(data: list[tuple[str, str]] | None) -> dict[str, list[str]] | None:
    """httpx wants repeated fields (checkboxes) as ``{name: [values]}``."""
    if data is None:
        return None
    out: dict[str, list[str]] = {}
    for k, v in data:
        out.setdefault(k, []).append(v)
    return out


async def send(client: httpx.AsyncClient, stats: Stats, method: str, url: str,
               data: list[tuple[str, str]] | None = None) -> httpx.Response:
    """One request, timed; on a dropped connection or a 5xx, the same request is sent again."""
    for attempt in range(MAX_TRIES):
        t0 = time.perf_counter()
        try:
            resp = await client.request(method, url, data=as_multidict(data))
        except httpx.TransportError as exc:
            stats.errors.append(f"{method} {url}: {type(exc).__name__}")
            stats.retries += 1
            await asyncio.sleep(0.2 * (attempt + 1))
            continue
        stats.latencies.append(time.perf_counter() - t0)
        stats.requests += 1
        if "database is locked" in resp.text:
            stats.locked_seen += 1
        if resp.status_code >= 500:
            stats.errors.append(f"{method} {url}: HTTP {resp.status_code}")
            stats.retries += 1
            await asyncio.sleep(0.2 * (attempt + 1))
            continue
        return resp
    raise RuntimeError(f"{method} {url}: still failing after {MAX_TRIES} tries")


async def respondent(base: str, questionnaire: Any, marker: str, stats: Stats, start: asyncio.Event) -> None:
    """One person completing ``questionnaire`` from its first page to the thank-you page."""
    await start.wait()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        url = f"/s/{questionnaire.id}"
        resp = await send(client, stats, "GET", url)
        for _ in range(MAX_STEPS):
            while resp.status_code in (301, 302, 303, 307, 308):
                url = resp.headers["location"]
                resp = await send(client, stats, "GET", url)
            path = httpx.URL(url).path
            if path.endswith("/thanks"):
                stats.completed += 1
                return
            if resp.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status_code}: {page_text(resp.text)}")
            form = main_form(resp.text)
            data = [(n, v) for n, v in form.hidden if n]
            for question in questionnaire.questions():
                data += answers_for(question, form.names, marker)
            buttons = [b for b in form.buttons if b[0] == "action" and b[1] == "continue"]
            if buttons:
                data.append(("action", "continue"))
            url = form.action or path
            resp = await send(client, stats, "POST", url, data)
            if resp.status_code == 200 and 'class="error-summary"' in resp.text:
                raise RuntimeError(f"{path}: the answers were refused: {error_text(resp.text)}")
        raise RuntimeError(f"{questionnaire.id}: no thank-you page after {MAX_STEPS} pages")


def page_text(page: str, limit: int = 160) -> str:
    """The start of a page's main content as plain text, for a readable failure."""
    m = re.search(r"<main\b.*?>(.*?)</main>", page, re.S)
    text = re.sub(r"<[^>]+>", " ", m.group(1) if m else page)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()[:limit]


def error_text(page: str) -> str:
    """The error summary's text, for a readable failure."""
    m = re.search(r'error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(1) if m else page[:300])).strip()


async def run_respondents(base: str, questionnaires: list[Any], n: int, run: str, stats: Stats,
                          on_progress: Any = None) -> float:
    """Start ``n`` respondents at once (round-robin over the questionnaires); wall time in s."""
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(respondent(base, questionnaires[i % len(questionnaires)], f"bench-{run}-{i:04d}",
                                       stats, start))
        for i in range(n)
    ]
    t0 = time.perf_counter()
    start.set()
    if on_progress is not None:
        asyncio.create_task(on_progress())
    results = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - t0
    for i, r in enumerate(results):
        if isinstance(r, BaseException):
            stats.failed.append(f"respondent {i}: {r}")
    return wall


async def run_bare(base: str, n: int, concurrency: int, stats: Stats) -> float:
    """``n`` POSTs to the bare insert endpoint, ``concurrency`` at a time; wall time in s."""
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def one() -> None:
            async with sem:
                resp = await send(client, stats, "POST", "/insert")
                if resp.status_code != 201:
                    raise RuntimeError(f"bare insert: HTTP {resp.status_code}")
                stats.completed += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        return time.perf_counter() - t0


# ---------------------------------------------------------------- servers and databases


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """gunicorn with ``workers`` sync workers on a free loopback port."""

    def __init__(self, app: str, env: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as fh:
            self.proc = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                 "--timeout", "60", "--graceful-timeout", "5", "--backlog", "2048", app],
                cwd=APP_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_ready(self, path: str, timeout: float = 30) -> None:
        """Until ``path`` answers below 500, or raise with the log's tail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if httpx.get(self.url + path, timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def workers(self) -> list[int]:
        """PIDs of the current worker processes (children of the master)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()]

    def stop(self) -> None:
        """SIGTERM the master (and its workers), SIGKILL after 10 s."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Database:
    """A fresh SQLite file or PostgreSQL schema; ``url`` is what the app and the checks use."""

    def __init__(self, kind: str, tmp: Path, pg_url: str) -> None:
        self.kind = kind
        self.schema: str | None = None
        if kind == "sqlite":
            self.url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        else:
            self.schema = f"bench_{uuid.uuid4().hex[:10]}"
            self.admin = sa.create_engine(pg_url)
            with self.admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
            sep = "&" if "?" in pg_url else "?"
            self.url = f"{pg_url}{sep}options=-csearch_path%3D{self.schema}"
        self.engine = sa.create_engine(self.url)

    def scalar(self, sql: str, **params: Any) -> Any:
        """One value from a query."""
        with self.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar_one()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        """All rows of a query."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.text(sql), params))

    def drop(self) -> None:
        """Dispose engines; drop the PostgreSQL schema."""
        self.engine.dispose()
        if self.schema:
            with self.admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            self.admin.dispose()


# ---------------------------------------------------------------- checks


def stored_per_marker(db: Database, run: str) -> dict[str, int]:
    """Submitted responses per respondent marker (``bench-<run>-NNNN``) for one phase."""
    rows = db.rows(
        "SELECT a.text_value, COUNT(DISTINCT r.id) FROM answers a JOIN responses r ON r.id = a.response_id "
        "WHERE r.status = 'submitted' AND a.text_value LIKE :pat GROUP BY a.text_value",
        pat=f"bench-{run}-%",
    )
    out: dict[str, int] = {}
    for text, count in rows:
        key = text.split(" ", 1)[0]
        out[key] = max(out.get(key, 0), int(count))
    return out


def answer_counts(db: Database, run: str) -> dict[int, tuple[str, int]]:
    """``{response id: (questionnaire id, answer rows)}`` for a phase's submitted responses."""
    rows = db.rows(
        "SELECT r.id, r.questionnaire_id, (SELECT COUNT(*) FROM answers x WHERE x.response_id = r.id) "
        "FROM responses r WHERE r.status = 'submitted' AND EXISTS (SELECT 1 FROM answers a "
        "WHERE a.response_id = r.id AND a.text_value LIKE :pat)",
        pat=f"bench-{run}-%",
    )
    return {int(i): (q, int(n)) for i, q, n in rows}


async def busy_worker(app: Gunicorn, patience: float = 3.0) -> int:
    """A worker that is handling a request right now (state R), so the kill cuts one off."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        for pid in app.workers():
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state == "R":
                return pid
        await asyncio.sleep(0.001)
    return app.workers()[0]


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) in milliseconds."""
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] * 1000


# ---------------------------------------------------------------- report load


REPORT_READER = r"""
import sys, time
import pandas as pd
import sqlalchemy as sa
url, seconds = sys.argv[1], float(sys.argv[2])
engine = sa.create_engine(url)
end = time.monotonic() + seconds
builds = 0
while time.monotonic() < end:
    with engine.connect() as conn:          # one long read transaction per "build"
        conn.exec_driver_sql("SELECT 1")
        answers = pd.read_sql("SELECT * FROM answers", conn)
        responses = pd.read_sql("SELECT * FROM responses", conn)
        merged = answers.merge(responses, left_on="response_id", right_on="id")
        merged.groupby(["questionnaire_id", "question_id"]).size()
        time.sleep(1.0)                    # hold the read transaction open, as a slow build would
    builds += 1
print(builds)
"""


class ReportLoad(threading.Thread):
    """Builds reports from the database back to back until stopped (a long-running report build).

    Uses ``python -m analysis report --db URL`` (PDF) when that command exists, else a
    stand-in: long read transactions loading every answer into pandas.
    """

    def __init__(self, db: Database, out_dir: Path) -> None:
        super().__init__(daemon=True)
        self.stop_event = threading.Event()
        self.ok = 0
        self.failed = 0
        self.last_error = ""
        probe = subprocess.run([str(BIN / "python"), "-m", "analysis", "report", "--help"], cwd=APP_ROOT,
                               capture_output=True, timeout=60)
        if probe.returncode == 0 and b"--db" in probe.stdout:
            self.cmd = [str(BIN / "python"), "-m", "analysis", "report", "--db", db.url, "--round", "bench", "--quiet",
                        "--out", str(out_dir / "report.pdf")]
            self.what = "python -m analysis report --db ... (PDF), back to back"
        else:
            self.cmd = [str(BIN / "python"), "-c", REPORT_READER, db.url, "5"]
            self.what = "long read transactions loading every answer into pandas (no analysis report CLI)"

    def run(self) -> None:
        while not self.stop_event.is_set():
            proc = subprocess.run(self.cmd, cwd=APP_ROOT, capture_output=True, timeout=600)
            if proc.returncode == 0:
                self.ok += 1
            else:
                self.failed += 1
                self.last_error = (proc.stderr or proc.stdout).decode(errors="replace").strip()[-300:]

    def finish(self) -> None:
        """Stop after the build in progress."""
        self.stop_event.set()
        self.join(timeout=600)


# ---------------------------------------------------------------- one database


def bench_database(kind: str, args: argparse.Namespace, questionnaires: list[Any]) -> bool:
    """All phases on one database; prints a block of figures; True when every check passed."""
    ok = True
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    db = Database(kind, tmp, args.pg_url)
    env = {**os.environ, "DATABASE_URL": db.url, "SECRET_KEY": "bench-secret", "PYTHONUNBUFFERED": "1"}
    servers: list[Gunicorn] = []
    try:
        subprocess.run([str(BIN / "flask"), "--app", "survey_app", "db", "upgrade"], cwd=APP_ROOT, env=env,
                       check=True, capture_output=True, timeout=120)
        subprocess.run([str(BIN / "flask"), "--app", "survey_app", "rounds", "create", "bench",
                        "--from", "2020-01-01", "--to", "2035-12-31"], cwd=APP_ROOT, env=env, check=True,
                       capture_output=True, timeout=120)
        create_table(db.url)
        app = Gunicorn("survey_app:create_app()", env, args.workers, tmp / "app.log")
        bare = Gunicorn("bench.bare_app:create_app()", env, args.workers, tmp / "bare.log")
        servers += [app, bare]
        app.wait_ready("/")
        bare.wait_ready("/ping")
        n = args.respondents
        print(f"\n=== {kind}: {n} concurrent respondents, gunicorn {args.workers} workers, "
              f"{'WAL' if kind == 'sqlite' else 'PostgreSQL'} ({db.url.split('?')[0]}) ===")

        # 1. bare ceiling
        bare_stats = Stats()
        bare_n = n * 10
        bare_wall = asyncio.run(asyncio.wait_for(run_bare(bare.url, bare_n, n, bare_stats), args.phase_timeout))
        bare_stored = int(db.scalar("SELECT COUNT(*) FROM bench_bare"))
        bare_rps = bare_stats.completed / bare_wall
        print(f"bare insert     : {bare_stats.completed} sent, {bare_stored} stored, {bare_rps:7.1f} inserts/s, "
              f"p50 {pct(bare_stats.latencies, .5):6.1f} ms, p95 {pct(bare_stats.latencies, .95):6.1f} ms")
        ok &= bare_stored == bare_stats.completed == bare_n
        bare.stop()

        # 2. journey
        baseline: dict[str, int] = {}
        for phase in ("journey", "faults"):
            stats = Stats()
            run = f"{phase}{uuid.uuid4().hex[:4]}"
            progress = None
            report_proc: ReportLoad | None = None
            killed: list[int] = []
            if phase == "faults":
                async def kill_one(stats: Stats = stats) -> None:
                    target = n * 4  # a few pages into the run
                    while stats.requests < target:
                        await asyncio.sleep(0.05)
                    pid = await busy_worker(app)
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                progress = kill_one
            if phase == "faults":
                report_proc = ReportLoad(db, tmp)
                report_proc.start()
                time.sleep(2.0)  # let the first build get going
            wall = asyncio.run(asyncio.wait_for(
                run_respondents(app.url, questionnaires, n, run, stats, progress), args.phase_timeout))
            per_marker = stored_per_marker(db, run)
            stored = sum(per_marker.values())
            twice = {k: v for k, v in per_marker.items() if v != 1}
            counts = answer_counts(db, run)
            if phase == "journey":
                for qid, rows in counts.values():
                    baseline.setdefault(qid, rows)
            uneven = {qid for qid, rows in counts.values() if baseline.get(qid, rows) != rows}
            rps = stats.completed / wall
            print(f"{phase:<8} journey: {stats.completed} sent, {stored} stored "
                  f"({len(per_marker)} respondents, {len(twice)} stored more than once), "
                  f"{rps:6.1f} responses/s ({stats.requests / wall:6.1f} requests/s), "
                  f"p50 {pct(stats.latencies, .5):6.1f} ms, p95 {pct(stats.latencies, .95):6.1f} ms, "
                  f"ratio to bare {rps / bare_rps:.3f} responses per insert "
                  f"({stats.requests / wall / bare_rps:.2f} of its request rate)")
            if phase == "faults":
                print(f"         killed worker {killed or 'NONE'}; {len(stats.errors)} errors seen by respondents, "
                      f"{stats.retries} resubmits; answer rows per response equal to the fault-free run: "
                      f"{'yes' if not uneven else 'NO: ' + ', '.join(sorted(uneven))}")
                ok &= bool(killed)
            if report_proc is not None:
                report_proc.finish()
                http_errors = [e for e in stats.errors if "HTTP 5" in e]
                print(f"         alongside: {report_proc.what}: {report_proc.ok} builds ok, {report_proc.failed} failed"
                      f"{' (last: ' + report_proc.last_error + ')' if report_proc.failed else ''}; "
                      f"5xx seen by respondents: {len(http_errors)}; "
                      f"'database is locked' seen: {stats.locked_seen}")
                ok &= not http_errors and report_proc.ok > 0 and report_proc.failed == 0
            for msg in stats.failed[:5]:
                print(f"         FAILED {msg}")
            for msg in sorted(set(stats.errors))[:5]:
                print(f"         error (then resubmitted): {msg}")
            ok &= (stats.completed == n == stored and not twice and not stats.failed and not uneven
                   and stats.locked_seen == 0)
            if phase == "journey":
                ok &= not stats.errors  # no faults injected: no errors allowed at all
        orphans = int(db.scalar("SELECT COUNT(*) FROM answers a LEFT JOIN responses r ON r.id = a.response_id "
                                "WHERE r.id IS NULL"))
        empty = int(db.scalar("SELECT COUNT(*) FROM responses r WHERE r.status = 'submitted' AND NOT EXISTS "
                              "(SELECT 1 FROM answers a WHERE a.response_id = r.id)"))
        drafts = int(db.scalar("SELECT COUNT(*) FROM responses WHERE status <> 'submitted'"))
        print(f"integrity       : {orphans} answers without a response, {empty} submitted responses without "
              f"answers, {drafts} unsubmitted drafts left (from requests cut off by the kill; never shown as responses)")
        ok &= orphans == 0 and empty == 0
        print(f"result          : {'PASS' if ok else 'FAIL'}")
        return ok
    finally:
        for s in servers:
            s.stop()
        db.drop()


def snapshot(source: str) -> Path:
    """Copy the code into a temporary folder and run everything from there.

    The working tree may change during a run (a developer saving a file, a model being
    retrained); a gunicorn worker respawned after the kill would then load different code
    from its siblings. The copy keeps one run on one version of the code. ``source`` is
    ``HEAD`` (the committed code, via ``git archive``; ``bench/`` itself always comes from
    the working tree) or ``worktree`` (the files as they are on disk now).
    """
    global APP_ROOT
    snap = Path(tempfile.mkdtemp(prefix="bench-code-"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    if source == "worktree":
        for name in SNAPSHOT_DIRS:
            shutil.copytree(ROOT / name, snap / name, ignore=ignore)
    else:
        archive = subprocess.run(["git", "archive", "--format=tar", source, *SNAPSHOT_DIRS[:-1]], cwd=ROOT,
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(snap)], input=archive, check=True)
        shutil.copytree(ROOT / "bench", snap / "bench", ignore=ignore)
    APP_ROOT = snap
    return snap


def pg_reachable(url: str) -> bool:
    """Whether PostgreSQL answers at ``url``."""
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    """Run the bench; exit 1 when any check failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--respondents", type=int, default=200, help="concurrent respondents per phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", PG_DEFAULT))
    parser.add_argument("--phase-timeout", type=float, default=600, help="seconds before a phase is abandoned")
    parser.add_argument("--code", default="HEAD",
                        help="code to serve: a git revision (default HEAD) or 'worktree' for the files on disk")
    parser.add_argument("--questionnaires", default="", help="comma-separated ids (default: every starter one)")
    args = parser.parse_args(argv)
    random.seed(0)
    # A SIGTERM (e.g. from `timeout`) unwinds normally, so servers and schemas are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    snap = snapshot(args.code)
    from survey_app.questionnaire.loader import load_all

    loaded = load_all(snap / "questionnaires")
    items = list(loaded.values()) if isinstance(loaded, dict) else list(loaded)
    wanted = [w for w in args.questionnaires.split(",") if w]
    questionnaires = [q for q in items if not wanted or q.id in wanted]
    if not questionnaires:
        print("no questionnaires to answer", file=sys.stderr)
        return 1
    print("questionnaires: " + ", ".join(f"{q.id} ({len(q.sections)} pages, {len(q.questions())} questions)"
                                         for q in questionnaires))
    ok = True
    try:
        for kind in [k.strip() for k in args.db.split(",") if k.strip()]:
            if kind == "postgres" and not pg_reachable(args.pg_url):
                print(f"\n=== postgres: SKIPPED, nothing answers at {args.pg_url} ===")
                continue
            ok &= bench_database(kind, args, questionnaires)
    finally:
        shutil.rmtree(snap, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
