"""Consent to the evaluation (My learning, and the first self-assessment), and the 3- and
6-month follow-ups: invited through the notifications, answered by the learner alone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from camino.notifications.models import Kind, Notification
from evaluation.models import FollowUp
from evaluation.services import follow_ups_invite
from learning.models import Enrolment, SelfAssessmentConsent
from tests.certificates.conftest import page_text


def _consents(user) -> bool:
    return SelfAssessmentConsent.objects.filter(user=user, evaluation_may_use=True).exists()


def test_a_learner_chooses_on_my_learning_and_can_withdraw(client, learner, course):
    from learning.services import enrolment_create

    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    page = page_text(client.get("/dashboard/"))
    assert "Helping the programme show what works" in page
    assert "Currently: they are not used" in page, "off by default"

    response = client.post(
        "/dashboard/self-assessment/evaluation/", {"evaluation_may_use": "on"}, follow=True
    )
    assert _consents(learner)
    assert "may be used, without your name" in page_text(response)

    client.post("/dashboard/self-assessment/evaluation/", {})
    assert not _consents(learner)
    consent = SelfAssessmentConsent.objects.get(user=learner)
    assert consent.facilitators_may_see is False, "the facilitators' choice is separate"


def test_the_first_self_assessment_asks_and_keeps_the_answer(client, learner, course):
    client.force_login(learner)
    framework = course.framework
    url = f"/dashboard/self-assessment/{framework.pk}/"
    capabilities = course.test_capabilities
    assert "programme's evaluation" in client.get(url).content.decode(), "one theme: one step"

    answers = {f"capability_{c.pk}": "2" for c in capabilities}
    saved = client.post(url, {**answers, "action": "save", "evaluation_may_use": "on"})
    assert saved.status_code == 302
    assert _consents(learner)

    # Not asked again once they have rated themselves.
    assert "programme's evaluation" not in client.get(url).content.decode()


def test_the_first_self_assessment_left_unticked_does_not_consent(client, learner, course):
    client.force_login(learner)
    url = f"/dashboard/self-assessment/{course.framework.pk}/"
    answers = {f"capability_{c.pk}": "2" for c in course.test_capabilities}
    assert client.post(url, {**answers, "action": "save"}).status_code == 302
    assert not _consents(learner)


# --- follow-ups ------------------------------------------------------------------------------


@pytest.fixture
def completed(learner, course):
    def at(days_ago: int):
        enrolment = Enrolment.objects.create(user=learner, course=course)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            completed_at=timezone.now() - timedelta(days=days_ago)
        )
        return enrolment

    return at


def test_follow_ups_are_invited_at_90_and_180_days_once_each(
    completed, learner, course, django_capture_on_commit_callbacks
):
    completed(89)
    assert follow_ups_invite() == 0
    Enrolment.objects.filter(user=learner).update(completed_at=timezone.now() - timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_invite() == 1
    assert follow_ups_invite() == 0, "once"
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == 90

    notification = Notification.objects.get(user=learner, kind=Kind.FOLLOW_UP)
    assert notification.url == f"/dashboard/follow-ups/{follow_up.pk}/"
    assert "3 months since you finished" in notification.title
    (email,) = [m for m in mail.outbox if learner.email in m.to]
    assert "3 months since you finished" in email.subject
    assert "List-Unsubscribe" in email.extra_headers

    Enrolment.objects.filter(user=learner).update(completed_at=timezone.now() - timedelta(days=180))
    assert follow_ups_invite() == 1
    assert sorted(FollowUp.objects.values_list("kind", flat=True)) == [90, 180]


def test_long_past_3_months_only_the_6_month_follow_up_is_sent(completed):
    completed(400)
    assert follow_ups_invite() == 1
    assert FollowUp.objects.get().kind == 180


def test_the_learner_answers_their_follow_up_and_others_get_a_404(
    client, completed, learner, course, make_user
):
    completed(100)
    follow_ups_invite()
    follow_up = FollowUp.objects.get()
    url = f"/dashboard/follow-ups/{follow_up.pk}/"

    client.force_login(make_user(email="someone.else@example.org"))
    assert client.get(url).status_code == 404
    client.force_login(learner)
    page = client.get(url).content.decode()
    assert "What have you done differently since the course?" in page
    assert "What difference has it made to the people you work with?" in page

    empty = client.post(url, {"answer-0": " ", "answer-1": ""})
    assert empty.status_code == 400
    assert "Answer at least one question" in empty.content.decode()

    too_long = client.post(url, {"answer-0": "x" * 5001, "answer-1": "Kept words"})
    assert too_long.status_code == 400
    assert "Keep your answer under 5,000 characters" in too_long.content.decode()
    assert "Kept words" in too_long.content.decode(), "what was typed is kept"

    client.post(url, {"answer-0": "I ask what matters first.", "answer-1": "", "may_quote": "on"})
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None and follow_up.may_quote
    assert [a.answer for a in follow_up.answers.all()] == ["I ask what matters first.", ""]


@pytest.mark.parametrize("wrong", ["999999", "99999999999999999999", "0"])
def test_a_wrong_follow_up_number_is_a_404(client, learner, wrong):
    client.force_login(learner)
    assert client.get(f"/dashboard/follow-ups/{wrong}/").status_code == 404


def test_editors_write_the_follow_up_questions_on_the_course(course):
    from evaluation.selectors import questions_for

    course.follow_up_questions = "First question?\n\n  Second question?  \n"
    assert questions_for(course) == ["First question?", "Second question?"]


def test_my_learning_lists_the_follow_ups_waiting(client, completed, learner, course):
    completed(100)
    follow_ups_invite()
    follow_up = FollowUp.objects.get()
    client.force_login(learner)
    page = client.get("/dashboard/").content.decode()
    assert "Looking back" in page
    assert f"/dashboard/follow-ups/{follow_up.pk}/" in page and "Waiting for you" in page


def test_a_follow_up_answer_with_a_control_character_is_refused_and_kept(
    client, completed, learner
):
    """Found in review: a NUL in an answer reached the database (a 500 on PostgreSQL)."""
    completed(100)
    follow_ups_invite()
    follow_up = FollowUp.objects.get()
    client.force_login(learner)

    response = client.post(
        f"/dashboard/follow-ups/{follow_up.pk}/", {"answer-0": "I ask\x00 first.", "answer-1": ""}
    )

    assert response.status_code == 400
    assert "Remove the invisible control character" in response.content.decode()
    assert "I ask" in response.content.decode() and "first." in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None and not follow_up.answers.exists()
