"""SQLite under parallel use (issue 17, failure 4): twenty people at once, no error.

Before: on the development and demo site (SQLite), 10 of 20 parallel stage completions and 17 of
20 parallel joins answered 500 ("database is locked"), and some logins and shares did too.
SQLite now runs with write-ahead logging, a busy timeout and IMMEDIATE transactions
(`camino.settings.base`), so a writer waits for the lock instead of failing.

The test is real: a migrated SQLite file, gunicorn with two worker processes of ten threads
each (so writers meet across processes and across threads), and twenty HTTP clients released
together by a barrier for each of: completing a stage, joining a cohort, logging in, and
sharing a journal entry. Every answer must be the success redirect, and the database must hold
exactly what the twenty asked for. It runs in the SQLite suite; the PostgreSQL suite has its own
concurrency tests (select_for_update and unique constraints).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from tests.camino.test_production import first_answer, free_port

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 20

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="SQLite's own settings: run by the SQLite suite (this is the PostgreSQL one)",
    ),
    pytest.mark.slow,
]

SEED = """
import datetime, json, django
django.setup()
from django.test import Client
from camino.demo import demo_home_ensure
from cohorts.models import Cohort
from learning.services import enrolment_create
from reflections import services as journal
from tests.factories import CourseIndexPageFactory, UserFactory, course_with_modules

home = demo_home_ensure()
course, modules = course_with_modules(parent=CourseIndexPageFactory(parent=home), modules=2)
today = datetime.date.today()
cohort = Cohort.objects.create(name="Busy cohort", course=course, starts_on=today)
cohort_for_shares = Cohort.objects.create(name="Sharing cohort", course=course, starts_on=today)


def person(prefix, i):
    user = UserFactory(email=f"{prefix}{i}@example.org", name=f"{prefix.title()} {i}")
    user.set_password("a-long-enough-pass-9")
    user.save()
    return user


def cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


learners, joiners, sharers = [], [], []
for i in range(%(people)d):
    learner = person("learner", i)
    enrolment_create(user=learner, course=course)
    learners.append(cookie(learner))
    joiners.append(cookie(person("joiner", i)))
    sharer = person("sharer", i)
    from cohorts.services import cohort_join
    cohort_join(cohort=cohort_for_shares, user=sharer)
    entry = journal.entry_create(owner=sharer, title=f"Entry {i}", body="<p>Mine.</p>")
    sharers.append([cookie(sharer), entry.pk])
    person("login", i)
print(json.dumps({
    "module": modules[0].pk, "code": cohort.join_code, "cohort": cohort.pk,
    "share_cohort": cohort_for_shares.pk,
    "learners": learners, "joiners": joiners, "sharers": sharers,
}))
"""

CSRF = "a" * 16 + "B" * 16  # a CSRF secret of our choosing: the cookie and the header agree


def _env(database: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="camino.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="10",
    )
    return env


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _post(url: str, data: dict, session: str | None = None, source: str = "127.0.0.1") -> int:
    """POST as a browser would (session and CSRF cookies), from the loopback address `source`:
    each of the twenty logins comes from an address of its own, as twenty people's would."""
    parts = urllib.parse.urlsplit(url)
    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=60, source_address=(source, 0)
    )
    try:
        connection.request(
            "POST",
            parts.path,
            body=urllib.parse.urlencode(data, doseq=True),
            headers={
                "Cookie": cookies,
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


def _all_at_once(calls) -> list[int]:
    """Each call in a thread of its own, released together."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int | str] = [0] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            statuses[i] = call()
        except Exception as exc:  # reported as what it is
            statuses[i] = repr(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def _count(database: Path, sql: str, *params) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(sql, params).fetchone()[0]


def test_twenty_people_writing_at_once_on_sqlite_meet_no_error(tmp_path):
    database = tmp_path / "camino.sqlite3"
    port = free_port()
    env = _env(database, port)
    _run(env, "manage.py", "migrate", "-v0")
    world = json.loads(_run(env, "-c", SEED % {"people": PEOPLE}).strip().splitlines()[-1])

    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "camino.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert first_answer(server, base + "/healthz")[0] == 200

        stage = f"{base}/learning/modules/{world['module']}/stages/learn/"
        completions = _all_at_once(
            [lambda s=s: _post(stage, {"note": "Read it."}, s) for s in world["learners"]]
        )
        join = f"{base}/join/{world['code']}/"
        joins = _all_at_once([lambda s=s: _post(join, {}, s) for s in world["joiners"]])
        login = f"{base}/accounts/login/"
        logins = _all_at_once(
            [
                lambda i=i: _post(
                    login,
                    {"login": f"login{i}@example.org", "password": "a-long-enough-pass-9"},
                    source=f"127.0.0.{i + 2}",
                )
                for i in range(PEOPLE)
            ]
        )
        shares = _all_at_once(
            [
                lambda s=s, e=e: _post(
                    f"{base}/journal/{e}/share/", {"cohort": world["share_cohort"]}, s
                )
                for s, e in world["sharers"]
            ]
        )
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)

    statuses = {"completions": completions, "joins": joins, "logins": logins, "shares": shares}
    print(json.dumps(statuses))  # the figures for the record, before the verdict
    assert completions == [302] * PEOPLE, completions
    assert joins == [302] * PEOPLE, joins
    assert logins == [302] * PEOPLE, logins
    assert shares == [302] * PEOPLE, shares
    assert "database is locked" not in output, output
    assert _count(database, "PRAGMA journal_mode") == "wal"
    assert _count(database, "SELECT count(*) FROM learning_stagecompletion") == PEOPLE
    assert (
        _count(
            database, "SELECT count(*) FROM cohorts_membership WHERE cohort_id = ?", world["cohort"]
        )
        == PEOPLE
    )
    assert _count(database, "SELECT count(*) FROM reflections_share") == PEOPLE
