"""Who can reach which cohort page. A cohort that is not yours does not exist (404); someone
logged out is sent to log in. Every denied request also changes nothing."""

import pytest

from cohorts import services
from cohorts.models import Invitation, Membership, Nudge
from tests.cohorts.helpers import page_text

ANON = "anonymous"
FACILITATOR = "facilitator"
OTHER_FACILITATOR = "other_facilitator"
MEMBER = "member"
NON_MEMBER = "non_member"
EDITOR = "content_editor"
ADMIN = "programme_admin"
SUPER = "superuser"
ROLES = [ANON, FACILITATOR, OTHER_FACILITATOR, MEMBER, NON_MEMBER, EDITOR, ADMIN, SUPER]
STAFF = {FACILITATOR, ADMIN, SUPER}

# name: (method, path, data, {role: status} for those who may, what a POST changes)
ENDPOINTS = {
    "list": ("get", "/cohorts/", None, {r: 200 for r in ROLES if r != ANON}, None),
    "detail": ("get", "/cohorts/{c}/", None, {**dict.fromkeys(STAFF, 200), MEMBER: 200}, None),
    "framework": ("get", "/cohorts/{c}/framework/", None, dict.fromkeys(STAFF, 200), None),
    "export": ("get", "/cohorts/{c}/export.csv", None, dict.fromkeys(STAFF, 200), None),
    "reminders": (
        "post",
        "/cohorts/{c}/reminders/",
        {"learners": ["{m}"]},
        dict.fromkeys(STAFF, 302),
        "nudges",
    ),
    "invitations-get": ("get", "/cohorts/{c}/invitations/", None, dict.fromkeys(STAFF, 200), None),
    "invitations-post": (
        "post",
        "/cohorts/{c}/invitations/",
        {"addresses": "new@example.org"},
        dict.fromkeys(STAFF, 302),
        "invitations",
    ),
    "join-code": ("post", "/cohorts/{c}/join-code/", {}, dict.fromkeys(STAFF, 302), "join_code"),
    "leave": ("post", "/cohorts/{c}/leave/", {}, {MEMBER: 302}, "member_active"),
    "learner": ("get", "/cohorts/{c}/learners/{m}/", None, dict.fromkeys(STAFF, 200), None),
    "remove": (
        "post",
        "/cohorts/{c}/learners/{m}/remove/",
        {},
        dict.fromkeys(STAFF, 302),
        "member_active",
    ),
}


@pytest.fixture
def people(
    make_user, facilitator, other_facilitator, member, content_editor, programme_admin, superuser
):
    return {
        ANON: None,
        FACILITATOR: facilitator,
        OTHER_FACILITATOR: other_facilitator,
        MEMBER: member,
        NON_MEMBER: make_user(email="nina@example.org", name="Nina Nonmember"),
        EDITOR: content_editor,
        ADMIN: programme_admin,
        SUPER: superuser,
    }


def state(cohort, member) -> dict:
    cohort.refresh_from_db()
    return {
        "nudges": Nudge.objects.count(),
        "invitations": Invitation.objects.count(),
        "join_code": cohort.join_code,
        "member_active": Membership.objects.filter(
            cohort=cohort, user=member, ended_at__isnull=True
        ).exists(),
    }


def fill(value, cohort, member):
    if isinstance(value, str):
        return value.format(c=cohort.pk, m=member.pk)
    if isinstance(value, list):
        return [fill(v, cohort, member) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, cohort, member) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_access_matrix(client, people, cohort, other_cohort, member, endpoint, role):
    method, path, data, allowed, changes = ENDPOINTS[endpoint]
    path, data = fill(path, cohort, member), fill(data, cohort, member)
    if people[role] is not None:
        client.force_login(people[role])
    before = state(cohort, member)

    response = getattr(client, method)(path, data)

    after = state(cohort, member)
    if role == ANON:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert after == before
    elif role in allowed:
        assert response.status_code == allowed[role]
        if changes:
            assert after[changes] != before[changes], f"{endpoint} did nothing for {role}"
    else:
        assert response.status_code == 404
        assert "Spring cohort" not in page_text(response), "a 404 names nothing"
        assert after == before


@pytest.mark.parametrize("path", ["/cohorts/{c}/reminders/", "/cohorts/{c}/leave/"])
def test_actions_refuse_get(client, facilitator, cohort, member, path):
    client.force_login(facilitator)

    response = client.get(fill(path, cohort, member))

    assert response.status_code == 405


def test_member_viewing_another_learners_page_gets_404(client, cohort, member, make_user):
    other = make_user(email="ben@example.org", name="Ben Baker")
    services.cohort_join(cohort=cohort, user=other)
    client.force_login(member)

    response = client.get(f"/cohorts/{cohort.pk}/learners/{other.pk}/")

    assert response.status_code == 404
    assert "Ben Baker" not in page_text(response)


def test_unknown_cohort_is_404_even_for_a_superuser(client, superuser, cohort):
    client.force_login(superuser)

    assert client.get(f"/cohorts/{cohort.pk + 1000}/").status_code == 404
    assert client.get(f"/cohorts/{cohort.pk + 1000}/export.csv").status_code == 404


def test_unknown_learner_or_learner_of_another_cohort_is_404(
    client, facilitator, cohort, other_cohort, make_user
):
    elsewhere = make_user(email="ella@example.org", name="Ella Elsewhere")
    services.cohort_join(cohort=other_cohort, user=elsewhere)
    client.force_login(facilitator)

    unknown = client.get(f"/cohorts/{cohort.pk}/learners/999999/")
    other = client.get(f"/cohorts/{cohort.pk}/learners/{elsewhere.pk}/")
    remove = client.post(f"/cohorts/{cohort.pk}/learners/{elsewhere.pk}/remove/")

    assert [unknown.status_code, other.status_code, remove.status_code] == [404, 404, 404]
    assert "Ella Elsewhere" not in page_text(other)
    assert Membership.objects.get(user=elsewhere).ended_at is None


def test_facilitator_cannot_reach_another_cohort_through_their_own_learner(
    client, other_facilitator, cohort, other_cohort, member
):
    """Otto runs the Autumn cohort; Amara is in Spring. His cohort id with her id is a 404."""
    client.force_login(other_facilitator)

    response = client.get(f"/cohorts/{other_cohort.pk}/learners/{member.pk}/")

    assert response.status_code == 404


def test_content_editor_who_also_facilitates_sees_that_cohort(
    client, content_editor, cohort, other_cohort, member
):
    cohort.facilitators.add(content_editor)
    client.force_login(content_editor)

    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 200
    assert client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/").status_code == 200
    assert client.get(f"/cohorts/{other_cohort.pk}/").status_code == 404


def test_learner_who_left_no_longer_sees_the_cohort(client, cohort, member):
    client.force_login(member)
    client.post(f"/cohorts/{cohort.pk}/leave/")

    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 404
    assert "Spring cohort" not in page_text(client.get("/cohorts/"))
