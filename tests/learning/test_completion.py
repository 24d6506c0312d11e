"""The moment of completion: a page for the learner who completed the course (404 for anyone
else), saying what they did (counted from the database), how long it took, their certificate
or that it is being prepared (and a JSON answer the page's script polls), and an invitation to
rate themselves again."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.services import cohort_join
from learning.certificates.models import Certificate
from learning.certificates.pdf import certificate_pdf_render
from learning.models import Enrolment, ModuleCompletion, SelfAssessment
from learning.services import enrolment_create, self_assessment_record, stage_complete
from reflections import services as journal
from reflections.models import JournalEntry, Share

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def complete(user, course):
    enrolment_create(user=user, course=course)
    for module in course.test_modules:
        for stage in ("learn", "do", "reflect"):
            stage_complete(user=user, module=module, stage=stage)


def page_url(course) -> str:
    return f"/dashboard/courses/{course.pk}/complete/"


def status_url(course) -> str:
    return f"/dashboard/courses/{course.pk}/certificate/"


def facts(html: str) -> dict[str, str]:
    """The summary list of what the learner did, as {label: value}."""
    rows = re.findall(
        r'<dt class="nhsuk-summary-list__key">(.*?)</dt><dd class="nhsuk-summary-list__value">'
        r"(.*?)</dd>",
        html,
        re.S,
    )
    return {unescape(k): unescape(v) for k, v in rows}


def test_the_page_says_what_the_learner_did_counted_from_the_database(
    client, learner, course, cohort, make_user
):
    cohort_join(cohort=cohort, user=learner)
    first, second = course.test_modules[:2]
    written = [
        journal.entry_create(owner=learner, title=f"On {m.title}", body="<p>x</p>", module=m)
        for m in (first, second, second)
    ]
    journal.entry_share(entry=written[0], cohort=cohort, by=learner)
    withdrawn = journal.entry_share(entry=written[1], cohort=cohort, by=learner)
    journal.share_withdraw(share=withdrawn, by=learner)
    journal.entry_create(owner=learner, title="Not about the course", body="<p>y</p>")
    someone_else = make_user(email="other@example.org", name="Other Person")
    journal.entry_create(owner=someone_else, title="Theirs", body="<p>z</p>", module=first)
    complete(learner, course)
    client.force_login(learner)

    response = client.get(page_url(course))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"You have finished {course.title}</h1>" in html
    modules_done = ModuleCompletion.objects.filter(user=learner).count()
    entries = JournalEntry.objects.filter(owner=learner, course=course)
    shared = (
        Share.objects.filter(entry__in=entries, withdrawn_at__isnull=True)
        .values("entry")
        .distinct()
        .count()
    )
    assert (modules_done, entries.count(), shared) == (4, 3, 1)  # what the steps above made
    shown = facts(html)
    assert shown["Modules completed"] == str(modules_done)
    assert shown["Reflections written"] == str(entries.count())
    assert shown["Reflections shared with your cohort"] == str(shared)
    assert Share.objects.filter(entry__owner=learner).count() == 2  # the withdrawn one too


@pytest.mark.parametrize(
    "days, words",
    [(0, "in less than a week"), (6, "in less than a week"), (7, "in 1 week"), (22, "in 3 weeks")],
)
def test_the_time_taken_is_in_weeks_from_enrolling_to_completing(
    client, learner, course, days, words
):
    complete(learner, course)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        created_at=enrolment.completed_at - timedelta(days=days, hours=1)
    )
    client.force_login(learner)

    html = client.get(page_url(course)).content.decode()

    assert f", {words}</div>" in html
    assert facts(html)["Time taken"].startswith(words.capitalize() + ":")


def test_the_certificate_is_prepared_then_ready_without_a_reload(client, learner, course):
    complete(learner, course)  # the PDF is rendered in the background once this commits
    certificate = Certificate.objects.get(user=learner, course=course)
    client.force_login(learner)

    waiting = client.get(page_url(course)).content.decode()

    assert "Your certificate is being prepared" in waiting
    assert f'<a href="{page_url(course)}">Check again</a>' in waiting
    assert f'data-status-url="{status_url(course)}"' in waiting
    assert 'src="/static/certificates/completion.js"' in waiting
    assert "Download your certificate (PDF)" not in waiting
    assert client.get(status_url(course)).json() == {"ready": False}

    certificate_pdf_render(certificate=certificate)

    assert client.get(status_url(course)).json() == {"ready": True}
    ready = unescape(client.get(page_url(course)).content.decode())
    assert "Your certificate is being prepared" not in ready
    assert f'Awarded to <span dir="auto">{learner.name}</span>' in ready
    assert certificate.display_code in ready
    assert f'href="/certificates/{certificate.display_code}/pdf/" download' in ready
    assert "Link to share with an employer" in ready
    assert f'value="http://testserver/certificates/{certificate.display_code}/"' in ready
    assert "How to download and share it" in ready


def test_a_course_without_a_certificate_says_so(client, learner, course):
    course.awards_certificate = False
    course.save_revision().publish()
    complete(learner, course)
    client.force_login(learner)

    html = client.get(page_url(course)).content.decode()

    assert "This course does not award a certificate." in html
    assert "being prepared" not in html
    assert not Certificate.objects.exists()


def test_the_invitation_to_rate_again_names_the_baseline(client, learner, course):
    complete(learner, course)
    client.force_login(learner)
    framework = course.framework
    link = f'href="/dashboard/self-assessment/{framework.pk}/"'

    before = client.get(page_url(course)).content.decode()
    assessment = self_assessment_record(
        user=learner, framework=framework, ratings={c.pk: 2 for c in course.test_capabilities}
    )
    after = unescape(client.get(page_url(course)).content.decode())

    assert "See how far you have travelled" in before
    assert f"{link}>Rate yourself</a>" in before
    baseline = SelfAssessment.objects.get(pk=assessment.pk).created_at
    from django.utils import dateformat, timezone

    day = dateformat.format(timezone.localtime(baseline), "j F Y")
    assert f"You first rated yourself against {framework.name} on {day}." in after
    assert f"{link}>Rate yourself again</a>" in after


def test_my_learning_links_a_completed_course_to_its_page(client, learner, course):
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    assert "See what you achieved" not in client.get("/dashboard/").content.decode()

    complete(learner, course)

    html = client.get("/dashboard/").content.decode()
    assert f'<a href="{page_url(course)}">See what you achieved' in html


def test_the_page_and_its_json_are_the_completers_alone(
    client, learner, course, make_user, django_user_model
):
    complete(learner, course)
    started = make_user(email="started@example.org", name="Started Not Finished")
    enrolment_create(user=started, course=course)
    stranger = make_user(email="stranger@example.org", name="Not Enrolled")
    for url in (page_url(course), status_url(course)):
        for person in (started, stranger):
            client.force_login(person)
            assert client.get(url).status_code == 404, (url, person)
        client.logout()
        assert client.get(url)["Location"] == f"/accounts/login/?next={url}"
    client.force_login(learner)
    for wrong in ("999999", "99999999999999999999", str(course.test_modules[0].pk)):
        for kind in ("complete", "certificate"):
            url = f"/dashboard/courses/{wrong}/{kind}/"
            assert client.get(url).status_code == 404, url
    assert client.post(page_url(course)).status_code == 405


def test_the_page_runs_the_same_queries_for_2_and_12_entries(client, learner, course):
    complete(learner, course)
    client.force_login(learner)
    counts = {}
    for total in (2, 12):
        while JournalEntry.objects.filter(owner=learner).count() < total:
            journal.entry_create(
                owner=learner, title="More", body="<p>x</p>", module=course.test_modules[0]
            )
        client.get(page_url(course))
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(page_url(course)).content.decode()
        assert facts(html)["Reflections written"] == str(total)
        counts[total] = len(ctx.captured_queries)
    assert counts[2] == counts[12], counts
