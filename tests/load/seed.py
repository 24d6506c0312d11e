"""Fills the load test's throwaway database and writes the plan the Locust users follow.

Run by `python -m tests.load` in a subprocess with the production settings the server uses
(same SECRET_KEY, same session engine), so the sessions made here are the server's own:

- the demo site, course, cohort and journal (the functions `load_demo_data` calls; the command
  itself refuses to run with DEBUG off, and this database is thrown away afterwards);
- a plain Wagtail page with the same body as the module the baseline phase reads;
- "Load cohort" on the demo course: BACKGROUND learners with random progress, so the
  facilitator's grid is the size of a large real cohort, plus the LEARNERS people Locust plays,
  each enrolled, a member, with a journal of ENTRIES entries (some shared with the cohort);
- FACILITATORS facilitators of that cohort;
- a signed-in session per simulated person (logging 50 people in through the form would spend
  the first half-minute of the run on password hashing, which is not what is being measured).

Nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
from pathlib import Path

STAGES = ("learn", "do", "reflect", "share")
BODY = (
    "<h3>What?</h3><p>I asked what a good day looks like and listened to the answer.</p>"
    "<h3>So what?</h3><p>Our plan had been built around our week, not theirs.</p>"
    "<h3>Now what?</h3><p>I will bring this to the team meeting.</p>"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--facilitators", type=int, default=8)
    parser.add_argument("--background", type=int, default=500)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from wagtail import hooks
    from wagtail.models import Page

    from camino.demo import demo_accounts_ensure, demo_home_ensure
    from camino.models import StandardPage
    from cohorts.models import Cohort, Membership
    from learning.models import CoursePage, Enrolment, ModuleCompletion, ModulePage, StageCompletion
    from reflections.models import JournalEntry, Share
    from reflections.sanitise import plain_text

    rng = random.Random(2026)  # reproducible test data, not security
    User = get_user_model()

    with transaction.atomic():
        home = demo_home_ensure()
        accounts = demo_accounts_ensure()
        for hook in hooks.get_hooks("register_demo_data"):
            hook(accounts=accounts)

        course = CoursePage.objects.get(slug="leading-personalised-care-foundations")
        modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
        read_module = modules[2]
        plain = StandardPage(
            title=read_module.title, slug="load-plain", introduction=read_module.summary
        )
        plain.body = read_module.learn_body.raw_data
        home.add_child(instance=plain)
        plain.save_revision().publish()

        cohort = Cohort.objects.create(name="Load cohort", course=course, starts_on="2026-09-01")

        def people(prefix: str, count: int, password: str) -> list:
            return User.objects.bulk_create(
                User(
                    email=f"{prefix}{i}@load.example",
                    name=f"{prefix.title()} {i:04d}",
                    password=password,
                )
                for i in range(count)
            )

        background = people("background", args.background, "!")
        learners = people("learner", args.learners, "!")
        facilitators = people("facilitator", args.facilitators, "!")
        cohort.facilitators.add(*facilitators)
        members = background + learners
        Membership.objects.bulk_create(Membership(cohort=cohort, user=u) for u in members)
        Enrolment.objects.bulk_create(
            Enrolment(user=u, course=course, source="cohort") for u in members
        )
        stage_rows, module_rows = [], []
        for user in background:
            finished = rng.randint(0, len(modules))
            for module in modules[:finished]:
                module_rows.append(ModuleCompletion(user=user, module=module))
                stage_rows.extend(
                    StageCompletion(user=user, module=module, stage=s) for s in STAGES
                )
            if finished < len(modules):
                stage_rows.append(
                    StageCompletion(user=user, module=modules[finished], stage="learn")
                )
        # The people Locust plays are spread along the course (learner i has finished i mod 6
        # modules), so writers reach the end of the course, and its certificate, within a run.
        for i, user in enumerate(learners):
            for module in modules[: i % len(modules)]:
                module_rows.append(ModuleCompletion(user=user, module=module))
                stage_rows.extend(
                    StageCompletion(user=user, module=module, stage=s) for s in STAGES
                )
        StageCompletion.objects.bulk_create(stage_rows, batch_size=5000)
        ModuleCompletion.objects.bulk_create(module_rows, batch_size=5000)

        entries = JournalEntry.objects.bulk_create(
            JournalEntry(
                owner=user,
                title=f"Reflection {n}: what matters",
                body=BODY,
                body_text=plain_text(BODY),
                stage="reflect",
                module=modules[n % len(modules)],
                course=course,
            )
            for user in learners
            for n in range(args.entries)
        )
        Share.objects.bulk_create(
            Share(entry=entry, cohort=cohort, shared_by=entry.owner)
            for n, entry in enumerate(entries)
            if n % 5 == 0
        )

    def session_for(user, finished: int = 0) -> dict:
        client = Client()
        client.force_login(user)
        return {
            "user_id": user.pk,
            "finished_modules": finished,
            "email": user.email,
            "session": client.cookies[_session_cookie()].value,
            # Django accepts its unmasked 32-character secret as the token in the form too.
            "csrf": secrets.token_hex(16),
        }

    plan = {
        "cohort_id": cohort.pk,
        "course_url": Page.objects.get(pk=course.pk).url,
        "modules": [
            {"id": m.pk, "url": Page.objects.get(pk=m.pk).url, "title": m.title} for m in modules
        ],
        "read_module_url": Page.objects.get(pk=read_module.pk).url,
        "plain_url": Page.objects.get(pk=plain.pk).url,
        "learners": [session_for(u, i % len(modules)) for i, u in enumerate(learners)],
        "facilitators": [session_for(u) for u in facilitators],
        "shared_entry_ids": list(
            Share.objects.filter(cohort=cohort).values_list("entry_id", flat=True)[:200]
        ),
        "session_cookie": _session_cookie(),
        "csrf_cookie": _csrf_cookie(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(plan, indent=1))
    print(
        f"seeded: {len(members)} cohort members ({args.learners} played by Locust), "
        f"{len(facilitators)} facilitators, {len(entries)} journal entries, "
        f"{len(modules)} modules; plan in {args.out}"
    )
    return 0


def _session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def _csrf_cookie() -> str:
    from django.conf import settings

    return settings.CSRF_COOKIE_NAME


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camino.settings.production")
    sys.exit(main(sys.argv[1:]))
