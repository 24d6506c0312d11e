"""The demo cohort has a stalled learner from the first run: Jordan Reid, and only him."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cohorts.models import Cohort, Membership
from learning.models import Enrolment, ModulePage, StageCompletion
from tests.cohorts.helpers import grid_rows, page_text


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    jordan = get_user_model().objects.get(email="jordan.reid@example.org")
    first = {
        "membership": list(Membership.objects.filter(user=jordan).values_list("pk", "joined_at")),
        "enrolment": list(
            Enrolment.objects.filter(user=jordan).values_list(
                "pk", "created_at", "last_activity_at", "completed_at"
            )
        ),
        "stages": list(
            StageCompletion.objects.filter(user=jordan).values_list("pk", "stage", "completed_at")
        ),
    }
    call_command("load_demo_data", stdout=io.StringIO())
    return jordan, first


def test_demo_grid_shows_exactly_jordan_as_stalled(client, demo):
    jordan, _ = demo
    cohort = Cohort.objects.get(name="Spring cohort")
    facilitator = get_user_model().objects.get(email="facilitator@example.org")
    client.force_login(facilitator)

    everyone = client.get(f"/cohorts/{cohort.pk}/")
    stalled = client.get(f"/cohorts/{cohort.pk}/", {"show": "stalled"})

    assert grid_rows(everyone) == ["Amara Okafor", "Jordan Reid", "Siân Llŷr"]
    assert grid_rows(stalled) == ["Jordan Reid"]
    assert (
        "1 learner has stalled: no activity for 14 days or more (change when"
        " a learner counts as stalled)." in page_text(everyone)
    )
    assert "Jordan Reid In progress Stalled no activity for 21 days" in page_text(stalled)


def test_jordan_joined_five_weeks_ago_and_did_only_learn_three_weeks_ago(demo):
    jordan, first = demo
    now = timezone.now()
    module_1 = ModulePage.objects.live().order_by("path").first()
    membership = Membership.objects.get(user=jordan, cohort__name="Spring cohort")
    enrolment = Enrolment.objects.get(user=jordan)
    [learn] = StageCompletion.objects.filter(user=jordan)

    assert (learn.module_id, learn.stage) == (module_1.pk, "learn")
    assert timedelta(days=34) < now - membership.joined_at < timedelta(days=36)
    assert timedelta(days=20) < now - learn.completed_at < timedelta(days=22)
    assert enrolment.last_activity_at == learn.completed_at
    assert enrolment.completed_at is None
    assert jordan.name == "Jordan Reid" and jordan.check_password("camino-demo")
    assert EmailAddress.objects.get(user=jordan).verified


def test_loading_the_demo_again_changes_nothing_for_jordan(demo):
    jordan, first = demo

    assert (
        list(Membership.objects.filter(user=jordan).values_list("pk", "joined_at"))
        == first["membership"]
    )
    assert (
        list(
            Enrolment.objects.filter(user=jordan).values_list(
                "pk", "created_at", "last_activity_at", "completed_at"
            )
        )
        == first["enrolment"]
    )
    assert (
        list(StageCompletion.objects.filter(user=jordan).values_list("pk", "stage", "completed_at"))
        == first["stages"]
    )
    assert get_user_model().objects.filter(email="jordan.reid@example.org").count() == 1
    assert EmailAddress.objects.filter(email="jordan.reid@example.org").count() == 1
