"""A learner corrects their own name until a certificate is issued in it."""

import pytest

from learning.certificates.services import certificate_issue
from tests.reflections.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_learner_corrects_their_name_and_a_bad_one_is_kept_with_a_message(client, learner):
    client.force_login(learner)
    page = client.get("/accounts/name/")
    assert page.status_code == 200 and 'value="Amara Okafor"' in page.content.decode()
    refused = client.post("/accounts/name/", {"name": "   "})
    assert refused.status_code == 400 and "Enter your full name" in page_text(refused)
    too_long = client.post("/accounts/name/", {"name": "N" * 201})
    assert too_long.status_code == 400 and "N" * 201 in too_long.content.decode()
    assert client.post("/accounts/name/", {"name": "  Amara   Okafor-Reid "}).status_code == 302
    learner.refresh_from_db()
    assert learner.name == "Amara Okafor-Reid"


def test_once_a_certificate_is_issued_the_name_is_changed_by_request(client, enrolled, course):
    certificate_issue(user=enrolled, course=course)
    client.force_login(enrolled)
    page = page_text(client.get("/accounts/name/"))
    assert "Your name is on a certificate" in page and "Save my name" not in page
    client.post("/accounts/name/", {"name": "Someone Else"})
    enrolled.refresh_from_db()
    assert enrolled.name == "Amara Okafor"
