"""A bounded load test of the portal served by gunicorn, on the loopback interface only.

    .venv/bin/python scripts/loadtest.py [--trips 10000] [--clients 8] [--seconds 60]
    .venv/bin/python scripts/loadtest.py --database /tmp/bench.sqlite3  # a kept corpus
    .venv/bin/python scripts/loadtest.py --database postgres://portal:portal@127.0.0.1:5432/portal_bench

It prepares a temporary SQLite database in WAL mode (migrate, then a synthetic corpus
made by scripts/load_corpus.py: --trips trips with delegates, meetings, follow-ups and
lessons, indexed for search, plus one editor account per client) or works on a copy of
--database (a corpus kept by `bench_search --keep`, to which only the accounts are
added; a postgres:// URL names a database prepared by `bench_search --database
postgres://…`, copied with CREATE DATABASE … TEMPLATE and dropped at the end), starts
gunicorn (portal.wsgi, two
workers of four threads) on a free port of 127.0.0.1 with production settings
(DEBUG off, a generated SECRET_KEY, plain HTTP), and runs --clients concurrent
clients for --seconds seconds. Each client logs in through the login form and then
loops over a mix of
- search: /search/?q=… when that page exists, else the admin trip list search;
- filtered search: the same with a year range, a country or open follow-ups, some
  with no words at all (filters alone);
- trip list: /trips/ with a page, a year or a country;
- view a trip: /trips/<id>/ when that page exists, else the admin change page;
- edit a follow-up: load its admin change form, add one to the counter in its
  outcome text, and post it back with the CSRF token.
The clients share a small pool of follow-ups, so they collide on purpose: a save
over a newer version is refused with 409 (counted as "refused", not an error).
At the end every acknowledged edit must be in the database: for each follow-up the
final counter must equal the number of edits the server acknowledged ("lost edits").
Everything stops by itself: the clients at the deadline, then gunicorn; the
temporary files are removed.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from tests.html_forms import form_values  # noqa: E402

HOST = "127.0.0.1"  # loopback only, by design
QUERIES = ["APEC", "WCO", "關務", "通關", "貿易便捷化", "風險管理", "AEO", "數位轉型", "日內瓦"]
ADMIN_TRIP = "/admin/meetings/trip/{}/change/"
FILTERS = [
    {"year_from": "111", "year_to": "111"},
    {"year_from": "2010", "year_to": "2012"},
    {"country": "JP"},
    {"open_follow_ups": "on"},
    {"category": "meeting"},
]
LISTS = ["/trips/", "/trips/?page=3", "/trips/?year=2022", "/trips/?country=TH"]
MIX = [("search", 0.3), ("search-filtered", 0.2), ("list", 0.15), ("view", 0.2), ("edit", 0.15)]
COUNTER = re.compile(r"counter=(\d+)")
MAX_REQUESTS_PER_CLIENT = 200_000
PYTHON = str(BASE / ".venv" / "bin" / "python")
GUNICORN = str(BASE / ".venv" / "bin" / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def is_postgres(database):
    return str(database).startswith(("postgres://", "postgresql://"))


def _with_database(url, name):
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))


def _postgres_admin(url):
    import psycopg

    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def copy_postgres(url):
    """A copy of the PostgreSQL corpus of `url` for this run (the corpus itself stays as
    it is, as with a SQLite file); returns the copy's URL."""
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    copy = f"{name}_load"
    with _postgres_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return _with_database(url, copy)


def drop_postgres(url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with _postgres_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connect(database):
    """A DB-API connection to the run's database and its parameter placeholder."""
    if is_postgres(database):
        import psycopg

        return psycopg.connect(database), "%s"
    return sqlite3.connect(database), "?"


def server_env(database, password, folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database if is_postgres(database) else f"sqlite:///{database}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="portal.settings",
        LOAD_PASSWORD=password,
    )
    return env


def prepare(env, trips, clients, password, existing=False):
    started = time.monotonic()
    run = {"cwd": BASE, "env": env, "check": True}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], **run)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], **run)
    corpus = ["--existing"] if existing else ["--trips", str(trips)]
    out = subprocess.run(
        [
            PYTHON,
            "scripts/load_corpus.py",
            *corpus,
            "--users",
            str(clients),
            # One argument: a generated password may begin with "-".
            f"--password={password}",
        ],
        capture_output=True,
        text=True,
        **run,
    ).stdout
    ids = json.loads(out.strip().splitlines()[-1])
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)
    return ids


class Session:
    """One logged-in browser-like client over a keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = None

    def request(self, method, path, body=None):
        reused = self.connection is not None
        try:
            return self._request(method, path, body)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            # The server closed an idle keep-alive connection: send it again, once.
            return self._request(method, path, body)

    def _request(self, method, path, body=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, content.decode("utf-8", "replace")

    def login(self, username, password):
        status, page = self.request("GET", "/accounts/login/")
        data = form_values(page)
        data.update(username=username, password=password)
        status, _ = self.request("POST", "/accounts/login/", data)
        if status != 302:
            raise RuntimeError(f"login of {username} failed with {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(int)
        self.refused = 0
        self.acknowledged = defaultdict(int)  # follow-up id → acknowledged edits

    def record(self, kind, seconds):
        with self.lock:
            self.latency[kind].append(seconds)

    def error(self, what):
        with self.lock:
            self.errors[what] += 1


def probe(session, paths):
    for path in paths:
        status, _ = session.request("GET", path)
        if status == 200:
            return True
    return False


def client_loop(session, deadline, stats, ids, use_search, use_trip_page, rng):
    kinds, weights = zip(*MIX, strict=True)
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        kind = rng.choices(kinds, weights)[0]
        try:
            if kind == "search":
                q = urllib.parse.quote(rng.choice(QUERIES))
                path = f"/search/?q={q}" if use_search else f"/admin/meetings/trip/?q={q}"
                timed(session, stats, kind, "GET", path)
            elif kind == "search-filtered" and use_search:
                params = dict(rng.choice(FILTERS))
                if rng.random() < 0.75:
                    params["q"] = rng.choice(QUERIES)
                timed(session, stats, kind, "GET", "/search/?" + urllib.parse.urlencode(params))
            elif kind == "list":
                timed(session, stats, kind, "GET", rng.choice(LISTS))
            elif kind == "view":
                trip = rng.choice(ids["trips"])
                path = (
                    f"/trips/{trip}/" if use_trip_page else f"/admin/meetings/trip/{trip}/change/"
                )
                timed(session, stats, kind, "GET", path)
            elif kind == "edit":
                edit(session, stats, rng.choice(ids["pool"]))
        except (http.client.HTTPException, OSError) as exc:
            stats.error(f"{kind}: {type(exc).__name__}")


def timed(session, stats, kind, method, path, body=None, expected=(200,)):
    started = time.monotonic()
    status, page = session.request(method, path, body)
    stats.record(kind, time.monotonic() - started)
    if status not in expected:
        stats.error(f"{kind}: HTTP {status}")
    return status, page


def edit(session, stats, follow_up):
    url = f"/admin/meetings/followup/{follow_up}/change/"
    status, page = timed(session, stats, "edit-load", "GET", url)
    if status != 200:
        return
    data = form_values(page, "followup_form")
    match = COUNTER.search(data.get("outcome", ""))
    if not match:
        stats.error("edit: no counter in the form")
        return
    data["outcome"] = f"counter={int(match.group(1)) + 1}"
    data["_save"] = "Save"
    status, _ = timed(session, stats, "edit-save", "POST", url, data, expected=(302, 409))
    if status == 302:
        with stats.lock:
            stats.acknowledged[follow_up] += 1
    elif status == 409:
        with stats.lock:
            stats.refused += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def lost_edits(database, stats):
    connection, placeholder = connect(database)
    lost = 0
    for follow_up, acknowledged in stats.acknowledged.items():
        (outcome,) = connection.execute(
            f"SELECT outcome FROM meetings_followup WHERE id = {placeholder}", (follow_up,)
        ).fetchone()
        final = int(COUNTER.search(outcome).group(1))
        lost += max(0, acknowledged - final)
        if final > acknowledged:
            stats.error(f"edit: follow-up {follow_up} has {final} > {acknowledged} edits")
    connection.close()
    return lost


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pool", type=int, default=20, help="follow-ups the clients share")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--database",
        help="a SQLite corpus, or the postgres:// URL of one, to copy and use instead of a new one",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 600:
        parser.error("--clients must be 1–64 and --seconds at most 600")

    folder = Path(tempfile.mkdtemp(prefix="portal-load-"))
    database = folder / "load.sqlite3"
    password = secrets.token_urlsafe(16)
    gunicorn = None
    try:
        if args.database and is_postgres(args.database):
            database = copy_postgres(args.database)
            connection, _ = connect(database)
            (args.trips,) = connection.execute("SELECT COUNT(*) FROM meetings_trip").fetchone()
            connection.close()
        elif args.database:
            source, copy = sqlite3.connect(args.database), sqlite3.connect(database)
            source.backup(copy)
            source.close()
            copy.execute("PRAGMA journal_mode=WAL")
            (args.trips,) = copy.execute("SELECT COUNT(*) FROM meetings_trip").fetchone()
            copy.close()
        env = server_env(database, password, folder)
        ids = prepare(env, args.trips, args.clients, password, existing=bool(args.database))
        ids["pool"] = ids["follow_ups"][: args.pool]
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=BASE,
            env=env,
        )
        wait_until_up(port, gunicorn)

        sessions = []
        for number in range(1, args.clients + 1):
            session = Session(port)
            session.login(f"load{number:02d}", password)
            sessions.append(session)
        use_search = probe(sessions[0], ["/search/?q=APEC"])
        use_trip_page = probe(sessions[0], [f"/trips/{ids['trips'][0]}/"])
        print(
            f"search via {'/search/' if use_search else 'the admin trip list'}, "
            f"trips via {'/trips/<id>/' if use_trip_page else 'the admin change page'}",
            flush=True,
        )

        stats = Stats()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(s, deadline, stats, ids, use_search, use_trip_page, random.Random(i)),
                daemon=True,
            )
            for i, s in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()
        lost = lost_edits(database, stats)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.kill()
            gunicorn.wait()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            if is_postgres(database):
                drop_postgres(database)

    total = sum(len(v) for v in stats.latency.values())
    print(f"\n{args.clients} clients, {elapsed:.0f} s, {args.trips} trips")
    print(f"requests: {total}  ({total / elapsed:.1f} per second)")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (the machine may be shared)")
    print(f"{'kind':<15} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in ("search", "search-filtered", "list", "view", "edit-load", "edit-save"):
        values = stats.latency.get(kind, [])
        if values:
            print(
                f"{kind:<15} {len(values):>7} {statistics.median(values) * 1000:>8.0f}"
                f" {percentile(values, 0.95) * 1000:>8.0f}"
            )
    errors = sum(stats.errors.values())
    print(f"acknowledged edits: {sum(stats.acknowledged.values())}")
    print(f"refused as stale (409): {stats.refused}")
    print(f"errors: {errors}  {dict(stats.errors) if errors else ''}")
    print(f"lost edits: {lost}")
    return 0 if errors == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
