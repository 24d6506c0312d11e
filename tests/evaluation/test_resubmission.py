"""The evaluation's create forms sent twice do their work once (learning.submissions). Both
fail on the code before tokens: a second follow-up answer set, a second export."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import EvaluationExport, FollowUp, FollowUpAnswer
from evaluation.services import follow_ups_invite
from learning.models import Enrolment
from learning.submissions import ALREADY_SENT

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


def token_on(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def test_a_follow_up_answered_twice_keeps_one_set_of_answers(client, learner, course):
    enrolment = Enrolment.objects.create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        completed_at=timezone.now() - timedelta(days=100)
    )
    follow_ups_invite()
    url = f"/dashboard/follow-ups/{FollowUp.objects.get().pk}/"
    client.force_login(learner)
    data = {"answer-0": "I ask what matters first.", "answer-1": "", "form_token": ""}
    data["form_token"] = token_on(client.get(url))
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert FollowUpAnswer.objects.count() == 2  # one answer per question, once
    assert FollowUpAnswer.objects.filter(answer="I ask what matters first.").count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert ALREADY_SENT in second.content.decode()


def test_asking_twice_for_the_same_export_makes_one(client, programme_admin, course):
    client.force_login(programme_admin)
    token = token_on(client.get("/admin/evaluation/exports/"))
    client.post("/admin/evaluation/exports/", {"course": course.pk, "form_token": token})
    again = client.post(
        "/admin/evaluation/exports/", {"course": course.pk, "form_token": token}, follow=True
    )
    assert EvaluationExport.objects.count() == 1
    assert ALREADY_SENT in again.content.decode()
