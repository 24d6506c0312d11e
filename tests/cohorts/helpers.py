"""Helpers for the cohorts tests: reading pages as a person does, and filling cohorts fast."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts.models import Membership
from learning.models import Enrolment, ModuleCompletion, StageCompletion
from learning.services import stage_complete


def page_text(response) -> str:
    """The words on the page (screen-reader-only text included), whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|b|i|a|span|time|abbr|code)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def grid_rows(response) -> list[str]:
    """The learner names in the grid, top to bottom."""
    html = response.content.decode()
    return [
        unescape(name)
        for name in re.findall(
            r'<th scope="row" class="camino-grid__name"><a href="[^"]+">([^<]+)</a></th>', html
        )
    ]


def download(response) -> bytes:
    """The whole body of a response, read as a browser reads a streamed one."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download, as a spreadsheet program reads them."""
    return list(csv.reader(io.StringIO(download(response).decode("utf-8-sig"))))


def complete_stages(user, module, stages=("learn", "do", "reflect")):
    for stage in stages:
        stage_complete(user=user, module=module, stage=stage)


def set_last_activity(user, course, when):
    Enrolment.objects.filter(user=user, course=course).update(last_activity_at=when)


def bulk_members(cohort, count, *, prefix="bulk", progress=False, name_fmt="Learner {:04d}"):
    """`count` members of `cohort`, enrolled in its course, created with a handful of queries.

    With progress=True every learner has done Learn and Do in the first module and completed
    the second, so each grid row has something in it.
    """
    User = get_user_model()
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", name=name_fmt.format(i), password="!")
        for i in range(count)
    )
    users = list(User.objects.filter(email__startswith=prefix, email__endswith="@example.org"))
    Membership.objects.bulk_create(Membership(cohort=cohort, user=u) for u in users)
    Enrolment.objects.bulk_create(
        Enrolment(
            user=u,
            course=cohort.course,
            source=Enrolment.Source.COHORT,
            last_activity_at=now - timedelta(days=i % 30),
        )
        for i, u in enumerate(users)
    )
    if progress:
        first, second = cohort.course.test_modules[:2]
        StageCompletion.objects.bulk_create(
            [StageCompletion(user=u, module=first, stage=s) for u in users for s in ("learn", "do")]
            + [
                StageCompletion(user=u, module=second, stage=s)
                for u in users
                for s in ("learn", "do", "reflect")
            ]
        )
        ModuleCompletion.objects.bulk_create(ModuleCompletion(user=u, module=second) for u in users)
    return users


def buttons(response) -> list[str]:
    """The words on the page's buttons."""
    html = response.content.decode()
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", b)).split())
        for b in re.findall(r"<button\b[^>]*>(.*?)</button>", html, re.S)
    ]
