"""The people `make load` plays, read from the plan tests/load/seed.py wrote (LOAD_PLAN).

The realistic mix (LOAD_PHASE=mix), 50 people by default, with a pause of 1-3 s between
steps as a person reading would have:

- Readers (70%): learners reading modules, My learning, the course and their journal.
- Writers (20%): learners completing stages and writing journal entries.
- Facilitators (10%): the cohort's grid of 560 learners, a learner's page, the shared feed,
  the CSV export now and then.

Two baseline phases with no pause, to compare throughput at saturation: LOAD_PHASE=plain (a
plain Wagtail page with the module's body) and LOAD_PHASE=module (the module page itself).

Each person sends the headers a TLS-terminating proxy would (`X-Forwarded-Proto: https`), so
the server runs with production's secure cookies and HTTPS redirect on; cookies are sent by
hand for the same reason (the client would not send a Secure cookie over plain HTTP).

Every write the server acknowledged (a 302 to where success goes) is appended to LOAD_ACKS as
one JSON line; after the run the orchestrator checks each is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from http.cookiejar import DefaultCookiePolicy

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())
PHASE = os.environ.get("LOAD_PHASE", "mix")
ACKS_PATH = os.environ["LOAD_ACKS"]
ORIGIN = os.environ["LOAD_ORIGIN"]  # what the browser would send: https://host:port
STAGES = ("learn", "do", "reflect", "share")
# Where a finished stage sends the learner: on to the next stage to do, on to the next
# module, or to the course's completion page when the course is done. Anything else (the
# course page saying "enrol first", the login page) is a failure: the writers work in order.
AFTER_STAGE = re.compile(
    r"^/(courses/[^/]+/[^/#?]+/(#stage-\w+)?|dashboard/courses/\d+/complete/)$"
)
_learners = itertools.cycle(PLAN["learners"])
_facilitators = itertools.cycle(PLAN["facilitators"])
_acks = open(ACKS_PATH, "a", buffering=1)  # one line per write, flushed


def ack(kind: str, **fields) -> None:
    _acks.write(json.dumps({"kind": kind, **fields}) + "\n")


@events.quitting.add_listener
def _close(environment, **kwargs):
    _acks.close()


class Person(FastHttpUser):
    abstract = True
    pool = _learners

    def on_start(self):
        self.client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.me = next(self.pool)
        cookie = (
            f"{PLAN['session_cookie']}={self.me['session']}; "
            f"{PLAN['csrf_cookie']}={self.me['csrf']}"
        )
        self.headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}
        self.post_headers = {**self.headers, "Origin": ORIGIN, "Referer": ORIGIN + "/"}

    def get(self, url: str, name: str | None = None):
        with self.client.get(
            url, name=name or url, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    def post(self, url: str, data: dict, name: str, expect_location: re.Pattern):
        data = {"csrfmiddlewaretoken": self.me["csrf"], **data}
        with self.client.post(
            url,
            data=data,
            name=name,
            headers=self.post_headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and expect_location.search(location):
                response.success()
                return location
            response.failure(f"{response.status_code} to {location!r} for {url}")
            return None


class Reader(Person):
    """A learner reading: mostly modules, then My learning, the course and the journal."""

    weight = 7
    wait_time = between(1, 3)

    @task(6)
    def module(self):
        module = random.choice(PLAN["modules"])
        self.get(module["url"], name="module page")

    @task(3)
    def dashboard(self):
        self.get("/dashboard/", name="dashboard")

    @task(2)
    def course(self):
        self.get(PLAN["course_url"], name="course page")

    @task(1)
    def journal(self):
        self.get("/journal/", name="journal")

    @task(1)
    def home(self):
        self.get("/", name="home page")


class Writer(Person):
    """A learner working through the course in order: Learn and Do with the stage buttons,
    Reflect by saving a journal entry from the module, Share done or skipped. Every few steps
    they also write a journal entry of their own. The last stage of the last module completes
    the course, which issues a certificate in the background."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        todo = PLAN["modules"][self.me["finished_modules"] :]
        self.steps = iter([(m, s) for m in todo for s in STAGES])

    @task(3)
    def next_stage(self):
        step = next(self.steps, None)
        if step is None:
            self.get("/dashboard/", name="dashboard")
            return
        module, stage = step
        if stage == "reflect":
            title = f"Reflection {uuid.uuid4().hex[:12]}: {module['title']}"
            done = self.post(
                f"/journal/new/?module={module['id']}",
                {
                    "title": title,
                    "body": "<p>Asking what matters, not what is the matter, changed it.</p>",
                    "body_format": "html",
                    "stage": "reflect",
                    "module": module["id"],
                },
                name="reflect (journal entry from a module)",
                expect_location=AFTER_STAGE,
            )
            if done:
                ack("entry", user_id=self.me["user_id"], title=title)
        else:
            data = {"note": "Asked what matters before anything else."}
            if stage == "share" and random.random() < 0.5:
                data["skip"] = "1"
            done = self.post(
                f"/learning/modules/{module['id']}/stages/{stage}/",
                data,
                name="complete a stage",
                expect_location=AFTER_STAGE,
            )
        if done:
            ack("stage", user_id=self.me["user_id"], module_id=module["id"], stage=stage)

    @task(1)
    def write_entry(self):
        title = f"Load {uuid.uuid4().hex[:12]}: what I noticed"
        done = self.post(
            "/journal/new/",
            {
                "title": title,
                "body": "<p>I noticed that asking what matters changed the conversation.</p>",
                "body_format": "html",
                "stage": "do",
            },
            name="write a journal entry",
            expect_location=re.compile(r"^/journal/\d+/$"),
        )
        if done:
            ack("entry", user_id=self.me["user_id"], title=title)

    @task(2)
    def module(self):
        module = random.choice(PLAN["modules"])
        self.get(module["url"], name="module page")


class Facilitator(Person):
    """A facilitator checking on the cohort."""

    weight = 1
    wait_time = between(1, 3)
    pool = _facilitators

    @task(4)
    def grid(self):
        self.get(f"/cohorts/{PLAN['cohort_id']}/", name="cohort page (560 learners)")

    @task(2)
    def learner(self):
        learner = random.choice(PLAN["learners"])
        self.get(
            f"/cohorts/{PLAN['cohort_id']}/learners/{learner['user_id']}/",
            name="cohort learner page",
        )

    @task(2)
    def shared(self):
        entry_id = random.choice(PLAN["shared_entry_ids"])
        self.get(f"/journal/{entry_id}/", name="shared reflection")

    @task(1)
    def export(self):
        self.get(f"/cohorts/{PLAN['cohort_id']}/export.csv", name="cohort CSV export")


class PlainReader(Person):
    """Baseline: a plain Wagtail page with the module's body, as fast as the server answers."""

    wait_time = constant(0)

    @task
    def plain(self):
        self.get(PLAN["plain_url"], name="plain page")


class ModuleReader(Person):
    """The module page the plain page copies, as fast as the server answers."""

    wait_time = constant(0)

    @task
    def module(self):
        self.get(PLAN["read_module_url"], name="module page")


_PHASES = {"mix": (Reader, Writer, Facilitator), "plain": (PlainReader,), "module": (ModuleReader,)}


def _only_this_phase() -> None:
    """Locust runs every concrete user class it finds: mark the other phases' abstract."""
    for cls in (Reader, Writer, Facilitator, PlainReader, ModuleReader):
        if cls not in _PHASES[PHASE]:
            cls.abstract = True


_only_this_phase()
