"""A name correction sent twice is asked for once and answered with the same thanks (it used
to answer the second with "You have already asked for a change", as if something were wrong)."""

import re

import pytest

from learning.certificates.models import NameChangeRequest
from learning.submissions import ALREADY_SENT
from tests.reflections.helpers import page_text

pytestmark = pytest.mark.django_db


def test_a_name_correction_sent_twice_is_one_request_and_the_same_answer(client, certificate):
    client.force_login(certificate.user)
    url = f"/dashboard/certificates/{certificate.display_code}/name/"
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode())
    data = {"requested_name": "Amara N. Okafor", "reason": "Initial", "form_token": token.group(1)}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert NameChangeRequest.objects.filter(certificate=certificate).count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    text = page_text(second)
    assert "A programme admin will check the name" in text
    assert ALREADY_SENT in text
    assert "You have already asked for a change" not in text
