"""Joining a cohort (by its link, by invitation, through sign-up), leaving it, and inviting."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail import hooks

from cohorts import services
from cohorts.models import Cohort, Invitation, Membership
from cohorts.views import normalise_code
from learning.models import Enrolment, ModuleCompletion, StageCompletion
from tests.cohorts.helpers import buttons, complete_stages, page_text

PASSWORD = "a-long-pass-phrase-91"


def join_url(cohort, invitation=None) -> str:
    url = f"/join/{cohort.join_code}/"
    return f"{url}?invitation={invitation.token}" if invitation else url


def invite(cohort, email, *, expires_in=timedelta(days=30)) -> Invitation:
    return Invitation.objects.create(
        cohort=cohort, email=email, expires_at=timezone.now() + expires_in
    )


def is_member(user, cohort) -> bool:
    return Membership.objects.filter(cohort=cohort, user=user, ended_at__isnull=True).exists()


# --- joining with the cohort's link ---------------------------------------------------------


def test_join_page_shows_the_cohort_and_joins_nobody_by_itself(client, learner, cohort, course):
    client.force_login(learner)

    response = client.get(join_url(cohort))

    text = page_text(response)
    assert response.status_code == 200
    assert "Spring cohort" in text
    assert f"A group working through {course.title} together" in text
    assert "from 14 September 2026 to 26 March 2027" in text
    assert "Join Spring cohort" in buttons(response)
    assert not Membership.objects.exists()
    assert not Enrolment.objects.exists()


def test_joining_makes_a_member_enrolled_in_the_course_and_lands_on_it(
    client, learner, cohort, course
):
    client.force_login(learner)

    response = client.post(join_url(cohort), follow=True)

    assert response.redirect_chain[-1][0] == course.url
    assert f"You have joined Spring cohort. You are enrolled on {course.title}." in page_text(
        response
    )
    assert is_member(learner, cohort)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.course_id == course.pk
    assert enrolment.source == Enrolment.Source.COHORT
    again = client.get(join_url(cohort))
    assert "You are a member" in page_text(again)
    assert "Join Spring cohort" not in buttons(again)


def test_joining_twice_changes_nothing(client, learner, cohort):
    client.force_login(learner)
    client.post(join_url(cohort))
    membership = Membership.objects.get()

    response = client.post(join_url(cohort), follow=True)

    assert response.status_code == 200
    assert Membership.objects.count() == 1
    again = Membership.objects.get()
    assert again.joined_at == membership.joined_at
    assert again.ended_at is None
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_joining_keeps_an_existing_enrolment_and_its_progress(client, enrolled, cohort, course):
    module = course.test_modules[0]
    complete_stages(enrolled, module, stages=("learn",))
    client.force_login(enrolled)

    client.post(join_url(cohort))

    assert is_member(enrolled, cohort)
    assert Enrolment.objects.filter(user=enrolled, course=course).count() == 1
    assert StageCompletion.objects.filter(user=enrolled, module=module).count() == 1


@pytest.mark.parametrize("code", ["WRONGCODE2", "SPRNG2K7Q", "nothing-here"])
def test_mistyped_code_says_the_link_does_not_work_and_joins_nothing(client, learner, cohort, code):
    client.force_login(learner)

    shown = client.get(f"/join/{code}/")
    pressed = client.post(f"/join/{code}/")

    for response in (shown, pressed):
        assert response.status_code == 404
        text = page_text(response)
        assert "This join link does not work" in text
        assert "Nothing has changed on your account." in text
    assert not Membership.objects.exists()
    assert not Enrolment.objects.exists()


def test_rotated_code_old_link_stops_working_and_new_one_works(
    client, learner, facilitator, cohort
):
    old_code = cohort.join_code
    client.force_login(facilitator)
    rotated = client.post(f"/cohorts/{cohort.pk}/join-code/", follow=True)
    assert "The join link has changed. The old link no longer works." in page_text(rotated)
    cohort.refresh_from_db()
    assert cohort.join_code != old_code
    assert cohort.join_path() in page_text(rotated), "the invitations page shows the new link"

    client.force_login(learner)
    old = client.post(f"/join/{old_code}/")

    assert old.status_code == 404
    assert "This join link does not work" in page_text(old)
    assert not is_member(learner, cohort)
    client.post(join_url(cohort))
    assert is_member(learner, cohort)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda code: code.lower(), id="lower-case"),
        pytest.param(lambda code: f"{code[:5]}-{code[5:]}".lower(), id="dashes"),
        pytest.param(lambda code: f"{code[:3]}-{code[3:6]}-{code[6:]}", id="several-dashes"),
    ],
)
def test_code_typed_in_lower_case_or_with_dashes_still_works(client, learner, cohort, typed):
    client.force_login(learner)
    url = f"/join/{typed(cohort.join_code)}/"

    assert "Join Spring cohort" in buttons(client.get(url))
    client.post(url)

    assert is_member(learner, cohort)


def test_normalise_code_drops_spaces_and_dashes_and_upper_cases():
    assert normalise_code(" sprng-2k7 qf ") == "SPRNG2K7QF"
    assert normalise_code("SPRNG--2K7QF") == "SPRNG2K7QF"


def test_full_cohort_says_so_and_joins_nobody(client, make_user, learner, cohort, course):
    cohort.capacity = 1
    cohort.save()
    services.cohort_join(cohort=cohort, user=make_user(email="first@example.org", name="First"))
    client.force_login(learner)

    response = client.post(join_url(cohort), follow=True)

    assert response.redirect_chain[-1][0] == join_url(cohort)
    assert "Spring cohort is full. Ask your facilitator whether a place can be made." in (
        page_text(response)
    )
    assert not is_member(learner, cohort)
    assert not Enrolment.objects.filter(user=learner).exists()


def test_a_place_freed_by_someone_leaving_can_be_taken(client, make_user, learner, cohort):
    cohort.capacity = 1
    cohort.save()
    first = make_user(email="first@example.org", name="First")
    membership = services.cohort_join(cohort=cohort, user=first)
    services.membership_end(membership=membership)
    client.force_login(learner)

    client.post(join_url(cohort))

    assert is_member(learner, cohort)


def test_archived_cohort_says_it_has_finished_and_joins_nobody(client, learner, cohort):
    cohort.status = Cohort.Status.ARCHIVED
    cohort.save()
    client.force_login(learner)

    shown = client.get(join_url(cohort))
    pressed = client.post(join_url(cohort), follow=True)

    assert "This cohort has finished" in page_text(shown)
    assert "Join Spring cohort" not in buttons(shown), "no button to press"
    assert "Spring cohort has finished, so no one can join it now." in page_text(pressed)
    assert not Membership.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_learner_can_belong_to_several_cohorts(client, learner, cohort, other_cohort):
    client.force_login(learner)

    client.post(join_url(cohort))
    client.post(join_url(other_cohort))

    assert is_member(learner, cohort) and is_member(learner, other_cohort)
    listing = page_text(client.get("/cohorts/"))
    assert "Your cohorts" in listing
    assert "Spring cohort" in listing and "Autumn cohort" in listing


# --- leaving, being removed, coming back -----------------------------------------------------


@pytest.fixture
def ended_calls():
    calls = []

    def record(membership):
        calls.append(membership)

    with hooks.register_temporarily("cohorts_membership_ended", record):
        yield calls


def test_leaving_ends_membership_keeps_progress_and_tells_later_plugins(
    client, member, cohort, course, ended_calls
):
    first = course.test_modules[0]
    complete_stages(member, first)
    complete_stages(member, course.test_modules[1], stages=("learn",))
    client.force_login(member)

    response = client.post(f"/cohorts/{cohort.pk}/leave/", follow=True)

    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "You have left Spring cohort. Your progress and journal are kept" in page_text(response)
    membership = Membership.objects.get(user=member, cohort=cohort)
    assert membership.ended_at is not None
    assert membership.ended_by is None
    assert Enrolment.objects.filter(user=member, course=course).exists()
    assert StageCompletion.objects.filter(user=member).count() == 4
    assert ModuleCompletion.objects.filter(user=member, module=first).exists()
    assert [m.pk for m in ended_calls] == [membership.pk]
    assert ended_calls[0].ended_at is not None
    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 404, "no longer a member"


def test_leaving_twice_calls_the_hook_once(client, member, cohort, ended_calls):
    client.force_login(member)

    client.post(f"/cohorts/{cohort.pk}/leave/")
    second = client.post(f"/cohorts/{cohort.pk}/leave/")

    assert second.status_code == 404
    assert len(ended_calls) == 1


def test_facilitator_removing_a_learner_keeps_their_progress_and_tells_later_plugins(
    client, member, facilitator, cohort, course, ended_calls
):
    complete_stages(member, course.test_modules[0])
    client.force_login(facilitator)

    response = client.post(f"/cohorts/{cohort.pk}/learners/{member.pk}/remove/", follow=True)

    assert response.redirect_chain[-1][0] == f"/cohorts/{cohort.pk}/"
    assert (
        "Amara Okafor has left Spring cohort. Their own progress and journal are kept."
        in page_text(response)
    )
    membership = Membership.objects.get(user=member, cohort=cohort)
    assert membership.ended_by == facilitator
    assert [m.pk for m in ended_calls] == [membership.pk]
    assert StageCompletion.objects.filter(user=member).count() == 3
    assert Enrolment.objects.filter(user=member, course=course).exists()
    assert "Amara Okafor" not in response.content.decode().split("<tbody>")[1]


def test_rejoining_after_leaving_reactivates_the_same_membership(
    client, member, cohort, course, ended_calls
):
    complete_stages(member, course.test_modules[0])
    client.force_login(member)
    client.post(f"/cohorts/{cohort.pk}/leave/")

    client.post(join_url(cohort))

    membership = Membership.objects.get(user=member, cohort=cohort)
    assert membership.ended_at is None
    assert membership.ended_by is None
    assert Membership.objects.count() == 1
    assert ModuleCompletion.objects.filter(user=member).count() == 1
    assert len(ended_calls) == 1, "rejoining does not announce another ending"
    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 200


# --- invitations: sending ----------------------------------------------------------------------


def invitations_url(cohort) -> str:
    return f"/cohorts/{cohort.pk}/invitations/"


def problem_rows(response) -> list[tuple[str, str, str]]:
    html = response.content.decode()
    table = re.search(r'id="problems-title".*?</table>', html, re.S)
    assert table, "no problem report on the page"
    rows = re.findall(
        r'<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">(.*?)</td>'
        r'<td class="nhsuk-table__cell">(.*?)</td><td class="nhsuk-table__cell">(.*?)</td></tr>',
        table.group(0),
    )
    return rows


def emailed_link(message) -> str:
    match = re.search(r"https?://\S+(/join/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_pasted_addresses_are_reported_row_by_row_and_valid_ones_invited(
    client, facilitator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    pasted = "ann@example.org\nnot-an-email\nBob@Example.org; ann@example.org\n\n<cat@example.org>"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invitations_url(cohort), {"addresses": pasted})

    assert response.status_code == 200
    text = page_text(response)
    assert "3 invitations sent." in text
    assert "Invited 3: ann@example.org, bob@example.org, cat@example.org" in text
    assert "Some rows were not invited" in text
    assert problem_rows(response) == [
        ("2", "not-an-email", "Not a valid email address"),
        ("4", "ann@example.org", "Listed twice; invited once"),
    ]
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", response.content.decode(), re.S)
    assert textarea.group(1).split() == ["not-an-email", "ann@example.org"]
    invitations = {i.email: i for i in Invitation.objects.filter(cohort=cohort)}
    assert sorted(invitations) == ["ann@example.org", "bob@example.org", "cat@example.org"]
    assert all(i.invited_by == facilitator for i in invitations.values())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invitations)
    for message in mail.outbox:
        invitation = invitations[message.to[0]]
        assert message.subject == "[Camino] You are invited to join Spring cohort"
        assert message.body.rstrip().endswith("The Camino team\nsupport@camino.example")
        assert "Fiona Facilitator has invited you to join Spring cohort" in message.body
        assert emailed_link(message) == f"/join/{cohort.join_code}/?invitation={invitation.token}"
    assert len({i.token for i in invitations.values()}) == 3, "each link is personal"


def test_all_valid_addresses_go_back_to_the_invitations_list(
    client, facilitator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invitations_url(cohort), {"addresses": "ann@example.org, bob@example.org"}, follow=True
        )

    assert response.redirect_chain[-1][0] == invitations_url(cohort)
    text = page_text(response)
    assert "2 invitations sent." in text
    assert "Invitations sent" in text
    assert text.count("Waiting") == 2
    assert len(mail.outbox) == 2


def test_csv_upload_with_bom_and_header_is_reported_row_by_row(
    client, facilitator, cohort, django_capture_on_commit_callbacks
):
    content = (
        "\ufeffName,Email\r\n"
        "Ann Lee,ann@example.org\r\n"
        "Bob Jones,\r\n"
        "Cat Wu,cat@example.org\r\n"
        "\r\n"
        "Dan Roe,dan@\r\n"
    ).encode()
    upload = SimpleUploadedFile("learners.csv", content, content_type="text/csv")
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invitations_url(cohort), {"addresses": "", "csv_file": upload})

    text = page_text(response)
    assert "Invited 2: ann@example.org, cat@example.org" in text
    assert problem_rows(response) == [
        ("3", "Bob Jones", "No email address found"),
        ("6", "dan@", "Not a valid email address"),
    ]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ann@example.org",
        "cat@example.org",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "cat@example.org"]


def test_csv_that_is_not_utf8_invites_nobody_and_says_why(client, facilitator, cohort):
    upload = SimpleUploadedFile("learners.csv", "Zoë,zoe@example.org\n".encode("latin-1"))
    client.force_login(facilitator)

    response = client.post(invitations_url(cohort), {"addresses": "", "csv_file": upload})

    assert "The file is not UTF-8 text. Save it as CSV UTF-8." in page_text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_empty_invitation_form_asks_for_addresses(client, facilitator, cohort):
    client.force_login(facilitator)

    response = client.post(invitations_url(cohort), {"addresses": "  "})

    assert "Enter at least one email address, or choose a CSV file." in page_text(response)
    assert not Invitation.objects.exists()


def test_people_already_in_the_cohort_are_not_invited(
    client, facilitator, member, cohort, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invitations_url(cohort), {"addresses": "Learner@example.org\nnew@example.org"}
        )

    text = page_text(response)
    assert "Already in the cohort, so not invited: learner@example.org" in text
    assert "Invited 1: new@example.org" in text
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_invitations_are_all_saved_or_none_and_no_email_goes_before(
    facilitator, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    """If one invitation cannot be saved, none is kept and no one gets an email."""
    real_create = Invitation.objects.create
    calls = []

    def create_failing_second(**kwargs):
        calls.append(kwargs["email"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_create(**kwargs)

    monkeypatch.setattr(Invitation.objects, "create", create_failing_second)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.invitations_create(
            cohort=cohort, addresses=["ann@example.org", "bob@example.org"], invited_by=facilitator
        )

    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- invitations: opening them ----------------------------------------------------------------


def test_invited_learner_joins_through_their_link_and_it_shows_as_joined(
    client, learner, facilitator, cohort, course
):
    invitation = invite(cohort, "learner@example.org")
    client.force_login(learner)

    assert "Join Spring cohort" in buttons(client.get(join_url(cohort, invitation)))
    response = client.post(join_url(cohort, invitation), {"invitation": invitation.token})

    assert response.status_code == 302
    assert is_member(learner, cohort)
    invitation.refresh_from_db()
    assert invitation.accepted_by == learner
    assert invitation.accepted_at is not None
    client.force_login(facilitator)
    listing = page_text(client.get(invitations_url(cohort)))
    assert "learner@example.org" in listing and "Joined" in listing


def test_expired_invitation_says_so_and_joins_nobody(client, learner, cohort):
    invitation = invite(cohort, "learner@example.org", expires_in=-timedelta(minutes=1))
    client.force_login(learner)

    shown = client.get(join_url(cohort, invitation))
    pressed = client.post(join_url(cohort, invitation), {"invitation": invitation.token})

    for response in (shown, pressed):
        assert response.status_code == 410
        text = page_text(response)
        assert "This invitation has expired" in text
        assert "Ask the person who invited you to send a new one." in text
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_made_up_invitation_token_is_refused(client, learner, cohort):
    client.force_login(learner)

    response = client.post(f"/join/{cohort.join_code}/?invitation=made-up-token")

    assert response.status_code == 404
    assert "This join link does not work" in page_text(response)
    assert not Membership.objects.exists()


def test_invitation_opened_by_someone_else_names_its_address_and_offers_to_switch(
    client, learner, cohort
):
    invitation = invite(cohort, "ann@example.org")
    client.force_login(learner)

    response = client.get(join_url(cohort, invitation))

    text = page_text(response)
    assert "This invitation is for someone else" in text
    assert "It was sent to ann@example.org, but you are logged in as learner@example.org." in text
    html = response.content.decode()
    logout_form = re.search(r'<form method="post" action="/accounts/logout/".*?</form>', html, re.S)
    assert logout_form, "a form that logs out"
    assert "Log out and switch account" in buttons(response)
    assert "Log out and switch account" in logout_form.group(0)
    assert f'name="next" value="{join_url(cohort, invitation)}"' in logout_form.group(0)
    assert not Membership.objects.exists()

    switched = client.post("/accounts/logout/", {"next": join_url(cohort, invitation)})

    assert switched.status_code == 302
    assert switched["Location"] == join_url(cohort, invitation)
    after = page_text(client.get(switched["Location"]))
    assert "This invitation was sent to ann@example.org." in after
    assert "Create an account and join" in buttons(client.get(switched["Location"]))


# --- joining without an account or logged out -------------------------------------------------


def confirm_email_link(to: str) -> str:
    message = next(m for m in mail.outbox if m.to == [to])
    match = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, *, name, email, next_url):
    return client.post(
        f"/accounts/signup/?next={next_url}",
        {
            "name": name,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def test_someone_without_an_account_signs_up_and_lands_in_the_cohort(client, cohort, course):
    pressed = client.post(join_url(cohort))

    assert pressed.status_code == 302
    assert pressed["Location"] == f"/accounts/signup/?next=%2Fjoin%2F{cohort.join_code}%2F"
    signup_page = client.get(pressed["Location"])
    assert f'name="next" value="{join_url(cohort)}"' in signup_page.content.decode()
    assert not get_user_model().objects.filter(email="nia@example.org").exists()

    signed_up = sign_up(
        client, name="Nia Newcomer", email="nia@example.org", next_url=join_url(cohort)
    )
    assert signed_up.status_code == 302
    nia = get_user_model().objects.get(email="nia@example.org")
    assert not is_member(nia, cohort), "not until the address is confirmed and they are logged in"

    link = confirm_email_link("nia@example.org")
    client.get(link)
    landed = client.post(link, follow=True)

    assert landed.redirect_chain[-1][0] == course.url
    assert "You have joined Spring cohort." in page_text(landed)
    assert is_member(nia, cohort)
    assert Enrolment.objects.get(user=nia, course=course).source == Enrolment.Source.COHORT


def test_invited_person_signs_up_from_their_invitation_and_it_is_marked_accepted(
    client, cohort, course
):
    invitation = invite(cohort, "nia@example.org")
    anonymous = page_text(client.get(join_url(cohort, invitation)))
    assert "This invitation was sent to nia@example.org." in anonymous

    pressed = client.post(join_url(cohort, invitation), {"invitation": invitation.token})
    assert pressed["Location"].startswith("/accounts/signup/?next=")
    sign_up(client, name="Nia Newcomer", email="nia@example.org", next_url=join_url(cohort))
    link = confirm_email_link("nia@example.org")
    landed = client.post(link, follow=True)

    nia = get_user_model().objects.get(email="nia@example.org")
    assert landed.redirect_chain[-1][0] == course.url
    assert is_member(nia, cohort)
    invitation.refresh_from_db()
    assert invitation.accepted_by == nia


def test_someone_with_an_account_logs_in_and_lands_in_the_cohort(client, learner, cohort, course):
    pressed = client.post(join_url(cohort), {"have_account": "1"})

    assert pressed["Location"] == f"/accounts/login/?next=%2Fjoin%2F{cohort.join_code}%2F"
    landed = client.post(
        pressed["Location"],
        {"login": "learner@example.org", "password": "correct-horse-battery"},
        follow=True,
    )

    assert landed.redirect_chain[-1][0] == course.url
    assert is_member(learner, cohort)


def test_pending_join_refused_after_login_explains_and_joins_nobody(
    client, make_user, learner, cohort
):
    cohort.capacity = 1
    cohort.save()
    client.post(join_url(cohort), {"have_account": "1"})
    services.cohort_join(cohort=cohort, user=make_user(email="quick@example.org", name="Quick"))

    landed = client.post(
        f"/accounts/login/?next={join_url(cohort)}",
        {"login": "learner@example.org", "password": "correct-horse-battery"},
        follow=True,
    )

    assert landed.redirect_chain[-1][0] == join_url(cohort)
    assert "Spring cohort is full." in page_text(landed)
    assert not is_member(learner, cohort)


# Issue 17, failure 7: the check that an invitation belongs to the person who logs in sat
# after `return None` and never ran.


def test_someone_else_who_opens_an_invitation_and_logs_in_does_not_use_it_up(
    client, learner, cohort
):
    invitation = invite(cohort, "nia@example.org")
    client.post(join_url(cohort, invitation), {"invitation": invitation.token})

    landed = client.post(
        f"/accounts/login/?next={join_url(cohort)}",
        {"login": "learner@example.org", "password": "correct-horse-battery"},
    )

    assert landed["Location"] == join_url(cohort, invitation)
    assert not is_member(learner, cohort)
    invitation.refresh_from_db()
    assert invitation.accepted_by is None, "Nia's invitation is still hers to use"


def test_the_invited_person_who_logs_in_joins_with_their_invitation(
    client, make_user, cohort, course
):
    nia = make_user(email="nia@example.org", name="Nia Newcomer")
    invitation = invite(cohort, "Nia@Example.org")  # as typed by the facilitator
    client.post(join_url(cohort, invitation), {"invitation": invitation.token})

    landed = client.post(
        f"/accounts/login/?next={join_url(cohort)}",
        {"login": "nia@example.org", "password": "correct-horse-battery"},
        follow=True,
    )

    assert landed.redirect_chain[-1][0] == course.url
    assert is_member(nia, cohort)
    invitation.refresh_from_db()
    assert invitation.accepted_by == nia
