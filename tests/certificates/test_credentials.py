"""Every certificate is also an Open Badges 3.0 credential (learning.certificates.credentials):
signed with eddsa-rdfc-2022 by the issuer's did:web, revocable through a Bitstring Status
List, downloadable by its holder and checked on the public verification page.

The outside world's view is in test_credentials_verifier.py (an independent verifier from npm);
the W3C test vectors of the signature itself are in test_data_integrity.py."""

import hashlib
import json

import jsonschema
import pytest
from django.core.cache import cache

from learning.certificates.credentials import (
    credential_check,
    credential_for,
    decode_bits,
    did_document,
    issuer_did,
)
from learning.certificates.models import Certificate, Credential, SigningKey, StatusList
from learning.certificates.openbadges import dataintegrity
from learning.certificates.openbadges.dataintegrity import public_key_from_multibase
from learning.certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from tests.certificates.conftest import complete_course, page_text
from tests.certificates.ob3_schema import ACHIEVEMENT_CREDENTIAL
from tests.certificates.test_pdf import NAMES

# Published test keys: the W3C vc-di-eddsa specification's example, and a second one made for
# these tests (`manage.py credentials_key`). Never used outside tests.
KEY_1 = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
KEY_2 = "z3u2RDpgFe6Voz19gxWsBkueKj6XiuC9w1bSBT4FTowsWk6A"  # bytes 0..31


@pytest.fixture(autouse=True)
def _site(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://camino.example"
    settings.CREDENTIALS_SIGNING_KEY = KEY_1
    cache.clear()


def _resolver(method: str):
    """Resolve a verification method as a verifier would: through the DID document."""
    document = did_document()
    for entry in document["verificationMethod"]:
        if entry["id"] == method and method in document["assertionMethod"]:
            return public_key_from_multibase(entry["publicKeyMultibase"])
    raise LookupError(method)


def _signed(certificate) -> dict:
    return credential_for(certificate).document


def _bit(certificate) -> bool:
    credential = Credential.objects.get(certificate=certificate)
    listed = StatusList.objects.get(pk=credential.status_list_id).document
    assert dataintegrity.verify(listed, _resolver).verified, "the status list is signed"
    bits = decode_bits(listed["credentialSubject"]["encodedList"])
    index = int(credential.document["credentialStatus"]["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# --- the credential ----------------------------------------------------------------------------


def test_an_issued_certificate_gets_a_credential_signed_in_the_background(
    learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, course)
    credential = Credential.objects.get(certificate__user=learner)

    assert credential.signed_at is not None, "the task (immediate in tests) signed it"
    document = credential.document
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"]["verificationMethod"].startswith("did:web:camino.example#z6Mk")
    assert dataintegrity.verify(document, _resolver).verified


def test_the_credential_has_everything_the_achievement_credential_schema_requires(
    certificate, learner
):
    document = _signed(certificate)

    jsonschema.Draft202012Validator(
        ACHIEVEMENT_CREDENTIAL, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    assert dataintegrity.expansion_drops_terms(document) == [], "JSON-LD safe mode"


def test_the_schema_check_can_fail():
    """The schema above is only as good as its rules: a credential without its subject's
    identity, or an alignment without a target address, is refused."""
    validator = jsonschema.Draft202012Validator(ACHIEVEMENT_CREDENTIAL)
    assert not validator.is_valid({})
    subject = {"type": ["AchievementSubject"], "achievement": {}}
    errors = list(validator.iter_errors({"credentialSubject": subject}))
    assert any("id" in str(error.message) for error in errors)


def test_the_credential_states_the_certificates_frozen_facts(certificate, learner, course):
    document = _signed(certificate)
    subject = document["credentialSubject"]
    achievement = subject["achievement"]

    assert document["issuer"] == {
        "id": "did:web:camino.example",
        "type": ["Profile"],
        "name": "Camino",
        "url": "https://camino.example/",
        "email": "no-reply@camino.example",
    }
    assert document["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert document["id"] == (
        f"https://camino.example/certificates/{certificate.display_code}/credential/"
    )
    assert subject["name"] == "Amara Okafor"
    assert achievement["name"] == course.title
    assert achievement["id"] == f"https://camino.example{course.url}"
    assert document["name"] == f"{course.title} (certificate of completion)"
    assert achievement["description"] == course.summary
    assert "every required module" in achievement["criteria"]["narrative"]
    assert achievement["image"]["id"].startswith("data:image/png;base64,")
    # The email is not in the credential; its salted hash is, and checks out.
    assert learner.email not in json.dumps(document)
    identity = subject["identifier"][0]
    expected = hashlib.sha256((learner.email + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"


def test_the_achievement_aligns_to_every_theme_and_capability_naming_the_framework(
    certificate, course
):
    alignments = _signed(certificate)["credentialSubject"]["achievement"]["alignment"]
    caps = course.test_capabilities[:2]  # the first module develops two of the three

    assert {a["targetFramework"] for a in alignments} == {course.framework.name}
    assert [a["targetName"] for a in alignments if a["targetType"] == "ext:FrameworkTheme"] == [
        "Being"
    ]
    competencies = [a for a in alignments if a["targetType"] == "ceasn:Competency"]
    assert [(a["targetCode"], a["targetName"]) for a in competencies] == [
        (cap.code, cap.statement) for cap in caps
    ]


def test_nothing_in_a_credential_changes_after_issue(certificate, learner, course):
    before = _signed(certificate)
    learner.name = "Someone Else"
    learner.save()
    course.title = "A new title"
    course.save_revision().publish()

    assert Credential.objects.get(certificate=certificate).document == before
    assert _signed(Certificate.objects.get(pk=certificate.pk)) == before


@pytest.mark.parametrize("key", list(NAMES))
def test_names_in_any_script_survive_signing_and_verification(make_user, course, key):
    name = NAMES[key]
    certificate = certificate_issue(
        user=make_user(email=f"{key}@example.org", name=name), course=course
    )
    document = json.loads(json.dumps(_signed(certificate), ensure_ascii=False))

    assert document["credentialSubject"]["name"] == name
    assert dataintegrity.verify(document, _resolver).verified


def test_a_one_character_change_breaks_the_signature(certificate):
    document = _signed(certificate)
    document["credentialSubject"]["name"] = "Amara Okafoe"
    assert not dataintegrity.verify(document, _resolver).verified


# --- the issuer's keys -------------------------------------------------------------------------


def test_the_did_document_publishes_the_key_as_a_multikey_for_assertions(client, certificate):
    _signed(certificate)
    response = client.get("/.well-known/did.json")
    document = response.json()

    assert response["Access-Control-Allow-Origin"] == "*"
    assert document["id"] == "did:web:camino.example" == issuer_did()
    assert "https://w3id.org/security/multikey/v1" in document["@context"]
    (method,) = document["verificationMethod"]
    assert method["type"] == "Multikey" and method["controller"] == "did:web:camino.example"
    assert method["id"] == _signed(certificate)["proof"]["verificationMethod"]
    assert document["assertionMethod"] == [method["id"]]


def test_a_port_in_the_site_address_is_part_of_the_did(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert issuer_did() == "did:web:127.0.0.1%3A8000"


def test_after_rotating_the_key_old_credentials_still_verify(
    settings, certificate, make_user, course
):
    old = _signed(certificate)
    settings.CREDENTIALS_SIGNING_KEY = KEY_2
    new = _signed(certificate_issue(user=make_user(email="ben@example.org"), course=course))

    assert old["proof"]["verificationMethod"] != new["proof"]["verificationMethod"]
    published = [m["id"] for m in did_document()["verificationMethod"]]
    assert old["proof"]["verificationMethod"] in published
    assert new["proof"]["verificationMethod"] in published
    assert dataintegrity.verify(old, _resolver).verified
    assert dataintegrity.verify(new, _resolver).verified
    assert SigningKey.objects.count() == 2


def test_development_makes_its_own_key_under_var(settings, tmp_path, certificate):
    settings.CREDENTIALS_SIGNING_KEY = ""
    settings.VAR_DIR = tmp_path
    document = _signed(certificate)

    key_file = tmp_path / "credentials-signing-key"
    assert key_file.read_text().startswith("z3u2")
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert dataintegrity.verify(document, _resolver).verified


# --- revocation --------------------------------------------------------------------------------


def test_each_credential_has_its_own_random_bit_in_a_list_of_at_least_131072(make_user, course):
    certificates = [
        certificate_issue(user=make_user(email=f"l{n}@example.org"), course=course)
        for n in range(12)
    ]
    indexes = [int(_signed(c)["credentialStatus"]["statusListIndex"]) for c in certificates]

    assert len(set(indexes)) == 12
    assert indexes != sorted(indexes) or max(indexes) > 1000, "random, not 0, 1, 2, ..."
    listed = StatusList.objects.get().document
    assert len(decode_bits(listed["credentialSubject"]["encodedList"])) * 8 >= 131_072
    assert not any(_bit(c) for c in certificates)


def test_revoking_sets_the_bit_and_the_verification_page_agrees(
    client, certificate, programme_admin
):
    _signed(certificate)
    assert _bit(certificate) is False
    page = page_text(client.get(f"/certificates/{certificate.display_code}/"))
    assert "Its status list says it is not revoked" in page

    certificate_revoke(certificate=certificate, reason="Awarded in error", by=programme_admin)

    assert _bit(certificate) is True
    cache.clear()  # the verification lookups are rate limited per address
    page = page_text(client.get(f"/certificates/{certificate.display_code}/"))
    assert "This certificate has been revoked" in page
    assert "Its status list says it is revoked" in page
    response = client.get(f"/certificates/{certificate.display_code}/credential/")
    assert response.status_code == 200, "a revoked certificate's credential still downloads"


def test_reissuing_revokes_the_old_credential_and_points_to_its_successor(
    client, certificate, programme_admin
):
    old = _signed(certificate)
    new_certificate = certificate_reissue(certificate=certificate, by=programme_admin)
    new = _signed(new_certificate)

    assert _bit(certificate) is True and _bit(new_certificate) is False
    assert new["credentialStatus"]["id"] != old["credentialStatus"]["id"]
    response = client.get(f"/certificates/{certificate.display_code}/credential/")
    assert response.json() == old, "the old credential is as it was issued"
    assert response["Link"] == (
        f"<https://camino.example/certificates/{new_certificate.display_code}/credential/>; "
        'rel="successor-version"'
    )


def test_a_certificate_from_before_credentials_gets_one_when_first_asked(
    settings, client, learner, course
):
    settings.CREDENTIALS_ENABLED = False
    complete_course(learner, course)
    certificate = Certificate.objects.get(user=learner)
    assert not Credential.objects.exists()
    settings.CREDENTIALS_ENABLED = True

    response = client.get(f"/certificates/{certificate.display_code}/credential/")

    assert response.status_code == 200
    assert dataintegrity.verify(response.json(), _resolver).verified
    assert response.json()["validFrom"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_status_list_is_served_as_stored_not_rebuilt(
    client, certificate, django_assert_max_num_queries
):
    _signed(certificate)
    list_id = certificate.credential.status_list_id
    with django_assert_max_num_queries(1):
        response = client.get(f"/credentials/status/{list_id}/")
    assert response.status_code == 200
    assert response.json() == StatusList.objects.get(pk=list_id).document
    assert response["Content-Type"].startswith("application/vc+ld+json")


# --- for the holder and the public -------------------------------------------------------------


def test_the_holder_can_download_the_credential_and_add_it_to_a_wallet(
    client, certificate, learner
):
    client.force_login(learner)
    for url in ("/dashboard/", f"/certificates/{certificate.display_code}/"):
        html = client.get(url).content.decode()
        assert "Add it to a digital wallet" in html, url
        assert f"/certificates/{certificate.display_code}/credential/?download" in html
        assert 'alt="QR code for the link to your credential"' in html

    response = client.get(f"/certificates/{certificate.display_code}/credential/?download")
    assert response["Content-Disposition"] == (
        f'attachment; filename="camino-credential-{certificate.display_code}.json"'
    )
    assert dataintegrity.verify(response.json(), _resolver).verified


def test_others_see_the_check_and_the_credential_link_but_not_the_wallet(
    client, certificate, make_user
):
    client.force_login(make_user(email="employer@example.org", name="Employer"))
    response = client.get(f"/certificates/{certificate.display_code}/")
    text = page_text(response)

    assert "We checked this certificate's digital credential" in text
    assert "Its signature is Camino's and shows it has not been changed since it was issued" in text
    assert "View the credential (JSON)" in text
    assert "Add it to a digital wallet" not in text


def test_the_page_says_so_when_a_stored_credential_does_not_verify(client, certificate):
    credential = credential_for(certificate)
    credential.document["credentialSubject"]["name"] = "Tampered"
    credential.save(update_fields=["document"])

    text = page_text(client.get(f"/certificates/{certificate.display_code}/"))

    assert "We could not check this certificate's digital credential" in text


def test_check_caches_the_signature_but_reads_the_bit_each_time(certificate, programme_admin):
    credential = credential_for(certificate)
    assert credential_check(credential).revoked is False
    certificate_revoke(certificate=certificate, reason="Error", by=programme_admin)
    credential.refresh_from_db()
    check = credential_check(credential)
    assert check.signature is True and check.revoked is True


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/NOT-A-CODE/credential/",
        "/certificates/2222-2222-2222/credential/",
        "/certificates/2222-2222-2222%00/credential/",
        "/credentials/status/999999/",
        "/credentials/status/99999999999999999999999999/",
        "/credentials/status/0/",
        "/credentials/status/1%00/",
        "/credentials/status/%EF%BC%91/",  # a full-width digit one
        "/credentials/status/abc/",
    ],
)
def test_wrong_codes_and_list_numbers_are_friendly_404s(client, certificate, path):
    _signed(certificate)
    assert client.get(path).status_code == 404


def test_with_credentials_off_nothing_is_issued_or_served(settings, client, learner, course):
    settings.CREDENTIALS_ENABLED = False
    complete_course(learner, course)
    certificate = Certificate.objects.get(user=learner)

    assert not Credential.objects.exists()
    assert client.get("/.well-known/did.json").status_code == 404
    assert client.get(f"/certificates/{certificate.display_code}/credential/").status_code == 404
    client.force_login(learner)
    assert "Add it to a digital wallet" not in client.get("/dashboard/").content.decode()


def test_a_programme_admin_edits_the_issuer_profile_and_new_credentials_carry_it(
    client, programme_admin, certificate, make_user, course
):
    from learning.certificates.models import IssuerProfile

    old = _signed(certificate)
    client.force_login(programme_admin)
    url = f"/admin/settings/certificates/issuerprofile/{IssuerProfile.load().pk}/"
    form = {"name": "Camino Leadership Academy", "url": "https://academy.example/"}
    refused = client.post(url, {**form, "email": "not an email"})
    assert refused.status_code == 200 and 'value="Camino Leadership Academy"' in (
        refused.content.decode()
    ), "the form comes back with what was typed"

    response = client.post(url, {**form, "email": "hello@academy.example", "image": ""})

    assert response.status_code == 302
    new = _signed(certificate_issue(user=make_user(email="ben@example.org"), course=course))
    assert new["issuer"]["name"] == "Camino Leadership Academy"
    assert new["issuer"]["url"] == "https://academy.example/"
    assert new["issuer"]["email"] == "hello@academy.example"
    assert new["issuer"]["id"] == old["issuer"]["id"], "the keys and DID are not the profile's"
    assert _signed(Certificate.objects.get(pk=certificate.pk)) == old, "issued ones never change"


def test_a_certificate_whose_account_is_gone_still_identifies_its_holder(
    settings, certificate, learner
):
    """Made later (a certificate from before credentials, its account since deleted), the
    credential identifies the holder by a hash of the name on it, as the spec requires."""
    Credential.objects.filter(certificate=certificate).delete()
    learner.delete()
    certificate.refresh_from_db()

    document = _signed(certificate)

    identity = document["credentialSubject"]["identifier"][0]
    assert identity["identityType"] == "name"
    jsonschema.validate(document, ACHIEVEMENT_CREDENTIAL)
    assert dataintegrity.verify(document, _resolver).verified
