"""The host listens to the plugins' announcements and tells the people concerned.

Registered in camino/wagtail_hooks.py. Each listener runs inside the transaction of the event,
so its notifications roll back with it; emails go once it commits (services.notification_create).
What a notification says follows the rule in the package docstring: names and what happened,
never words that someone else wrote, and a journal entry's title only to its owner.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from camino.notifications import emails
from camino.notifications.models import Kind
from camino.notifications.services import notification_create, notifications_withdraw
from camino.notifications.tasks import AFTER_EMAIL


def _entry_url(entry_id: int, fragment: str) -> str:
    """A journal entry's page, at one of its shares or comments."""
    return f"{reverse('reflections:detail', args=[entry_id])}#{fragment}"


def _name(user) -> str:
    return (user.name or user.email) if user is not None else "Someone who has left"


# --- learning ---------------------------------------------------------------------------------


def on_course_completed(enrolment) -> None:
    """`learning_course_completed`: the moment of completion, in the site and by email."""
    from learning.models import CoursePage

    course = CoursePage.objects.filter(pk=enrolment.course_id).first()
    if course is None:
        return
    certificate = (
        "Your certificate is ready: download it, and share its link with your employer, from "
        "the page below. "
        if course.awards_certificate
        else ""
    )
    notification_create(
        user=enrolment.user,
        kind=Kind.COURSE_COMPLETED,
        title=f"You have completed {course.title}",
        body=(
            f"Well done: you have finished every required module of {course.title}. "
            f"{certificate}Rate yourself against the framework again to see how far you have "
            "travelled since you started."
        ),
        url=reverse("learning:course_complete", args=[course.pk]),
        topic=f"course:{course.pk}",
    )


def on_follow_up_due(follow_up) -> None:
    """`evaluation_follow_up_due`: 3 or 6 months after a course, an invitation to look back."""
    months = "3" if follow_up.kind == 90 else "6"
    notification_create(
        user=follow_up.user,
        kind=Kind.FOLLOW_UP,
        title=f"{months} months since you finished {follow_up.course.title}: how has it gone?",
        body=(
            "Take a few minutes to rate yourself against the framework again and to answer "
            "a few short questions about what has changed since the course. Your answers are "
            "yours: they are used in the programme's evaluation only if you have agreed to that."
        ),
        url=reverse("evaluation:follow_up", args=[follow_up.pk]),
        topic=f"follow-up:{follow_up.pk}",
    )


def on_certificate_issued(certificate) -> None:
    """`learning_certificate_issued`. A certificate issued on completing a course is already
    in the completion notification; this is for those issued by a programme admin."""
    if certificate.issued_by_id is None or certificate.user is None:
        return
    notification_create(
        user=certificate.user,
        kind=Kind.CERTIFICATE,
        title=f"Your certificate for {certificate.course_title} is ready",
        body=(
            f"It is in the name {certificate.holder_name}, with the code "
            f"{certificate.display_code}. Download it and share its link from My learning."
        ),
        url=reverse("learning:dashboard"),
        topic=f"certificate:{certificate.pk}",
    )


def on_certificate_reissued(certificate, replaced) -> None:
    """`learning_certificate_reissued`: a new certificate replaces an old one."""
    if certificate.user is None:
        return
    notification_create(
        user=certificate.user,
        kind=Kind.CERTIFICATE,
        title=f"Your certificate for {certificate.course_title} has been reissued",
        body=(
            f"The new certificate has the code {certificate.display_code}, in the name "
            f"{certificate.holder_name}. The old code, {replaced.display_code}, now points to "
            "it. Download the new one from My learning."
        ),
        url=reverse("learning:dashboard"),
        topic=f"certificate:{certificate.pk}",
    )


def on_certificate_revoked(certificate) -> None:
    """`learning_certificate_revoked`."""
    if certificate.user is None:
        return
    support = emails.programme().support_email
    notification_create(
        user=certificate.user,
        kind=Kind.CERTIFICATE,
        title=f"Your certificate for {certificate.course_title} has been revoked",
        body=(
            f"The certificate with the code {certificate.display_code} is no longer valid. "
            f"The reason given: {certificate.revoked_reason} If you think this is a mistake, "
            f"email {support}."
        ),
        url=certificate.get_absolute_url(),
        topic=f"certificate:{certificate.pk}",
    )


def on_name_change_decided(request, certificate) -> None:
    """`learning_certificate_name_decided`: `certificate` is the new one when approved."""
    original = request.certificate
    if original.user is None:
        return
    if certificate is not None:
        title = f"Your name is corrected: a new certificate for {original.course_title}"
        body = (
            f"Your new certificate shows your name as {certificate.holder_name}, with the code "
            f"{certificate.display_code}. Download it from My learning."
        )
    else:
        support = emails.programme().support_email
        title = f"Your request to change the name on your {original.course_title} certificate"
        body = (
            f"A programme admin could not change the name to {request.requested_name}. If you "
            f"think this is a mistake, or want to explain, email {support}."
        )
    notification_create(
        user=original.user,
        kind=Kind.NAME_DECISION,
        title=title,
        body=body,
        url=reverse("learning:dashboard"),
        topic=f"certificate:{original.pk}",
    )


# --- cohorts ----------------------------------------------------------------------------------


def on_reminder_sent(nudge) -> None:
    """`cohorts_reminder_sent`: a facilitator's nudge, with the learner's next step."""
    sender = _name(nudge.sent_by) if nudge.sent_by else "Your facilitator"
    notification_create(
        user=nudge.learner,
        kind=Kind.REMINDER,
        title=f"A reminder from {sender}: your next step is {nudge.next_step_title}",
        body=(
            f"{sender} from {nudge.cohort.name} sent you a friendly reminder. Small steps count: "
            "even ten minutes today will move you on."
        ),
        url=nudge.next_step_url,
        topic=f"nudge:{nudge.pk}",
    )


def _nudge_emailed(pk: int, when) -> None:
    from cohorts.models import Nudge

    Nudge.objects.filter(pk=pk).update(emailed_at=when)


AFTER_EMAIL["nudge"] = _nudge_emailed


def on_invitations_created(invitations) -> None:
    """`cohorts_invitations_created`: someone with an account is told in the site and by
    email (as they choose); an address with no account gets the invitation by email."""
    from allauth.account.models import EmailAddress

    from camino.tasks import send_rendered_email

    addresses = [i.email.lower() for i in invitations]
    User = get_user_model()
    accounts = {u.email.lower(): u for u in User.objects.filter(email__in=addresses)}
    for address in EmailAddress.objects.filter(email__in=addresses, verified=True).select_related(
        "user"
    ):
        accounts.setdefault(address.email.lower(), address.user)
    for invitation in invitations:
        cohort = invitation.cohort
        path = f"{cohort.join_path()}?invitation={invitation.token}"
        inviter = _name(invitation.invited_by) if invitation.invited_by else None
        user = accounts.get(invitation.email.lower())
        if user is not None:
            notification_create(
                user=user,
                kind=Kind.INVITATION,
                title=f"You are invited to join {cohort.name}",
                body=(
                    f"{inviter + ' has invited you' if inviter else 'You are invited'} to join "
                    f"{cohort.name}, a group working through {cohort.course.title} together. "
                    "The invitation is yours until "
                    f"{date_format(localtime(invitation.expires_at), 'j F Y')}."
                ),
                url=path,
                topic=f"invitation:{invitation.pk}",
            )
            continue
        message = emails.plain_email(
            to=invitation.email,
            subject=f"You are invited to join {cohort.name}",
            body=render_to_string(
                "camino/email/invitation.txt",
                {"invitation": invitation, "cohort": cohort, "link": emails.absolute(path)},
            ),
        )
        transaction.on_commit(partial(send_rendered_email.enqueue, **message))


def on_weekly_digest(facilitator, digest) -> None:
    """`cohorts_weekly_digest`: the facilitators' summary of the week."""
    notification_create(
        user=facilitator,
        kind=Kind.WEEKLY_SUMMARY,
        title=f"Weekly summary – {digest.summary}",
        body=digest.text,
        url=digest.path,
        topic=f"digest:{facilitator.pk}",
    )


# --- the journal ------------------------------------------------------------------------------


def on_entry_shared(share) -> None:
    """`reflections_entry_shared`: the cohort's facilitators hear that a learner shared."""
    owner = share.entry.owner
    for facilitator in share.cohort.facilitators.exclude(pk=owner.pk):
        notification_create(
            user=facilitator,
            kind=Kind.COHORT_SHARE,
            title=f"{_name(owner)} shared a reflection with {share.cohort.name}",
            url=_entry_url(share.entry_id, f"share-{share.pk}"),
            topic=f"share:{share.pk}",
        )


def on_comment_added(comment) -> None:
    """`reflections_comment_added`: the entry's owner hears of every comment on it; everyone
    else who took part in the conversation (and may see this comment) hears of a reply."""
    share = comment.share
    entry = share.entry
    owner = entry.owner
    author = comment.author
    facilitator_ids = set(share.cohort.facilitators.values_list("pk", flat=True))
    role = (
        "replied"
        if author and author.pk == owner.pk
        else ("commented on" if author and author.pk in facilitator_ids else "responded to")
    )
    url = _entry_url(entry.pk, f"comment-{comment.pk}")
    topic = f"share:{share.pk}"
    if author is None or author.pk != owner.pk:
        notification_create(
            user=owner,
            kind=Kind.ENTRY_RESPONSE,
            title=f"{_name(author)} {role} your entry ‘{entry.title}’",
            url=url,
            topic=topic,
        )
    earlier = (
        type(comment)
        .objects.filter(share=share, created_at__lte=comment.created_at)
        .exclude(pk=comment.pk)
        .exclude(author__isnull=True)
        .order_by()
        .values_list("author_id", flat=True)
        .distinct()
    )
    told = {owner.pk, getattr(author, "pk", None)}
    members = set(
        share.cohort.memberships.filter(ended_at__isnull=True).values_list("user_id", flat=True)
    )
    for user in get_user_model().objects.filter(pk__in=list(earlier)).exclude(pk__in=told):
        can_see = user.pk in facilitator_ids or (
            user.pk in members and not comment.facilitators_only
        )
        if not can_see:
            continue
        what = "replied" if role == "replied" else "added to"
        notification_create(
            user=user,
            kind=Kind.COMMENT_REPLY,
            title=(
                f"{_name(author)} {what} the conversation on {_name(owner)}’s shared reflection"
                if role != "replied"
                else f"{_name(owner)} replied in the conversation on their shared reflection"
            ),
            url=url,
            topic=topic,
        )


def on_comment_hidden(comment) -> None:
    """`reflections_comment_hidden`: its author is told why."""
    if comment.author is None or comment.author_id == comment.hidden_by_id:
        return
    owner = comment.share.entry.owner
    mine = comment.author_id == owner.pk
    notification_create(
        user=comment.author,
        kind=Kind.COMMENT_REPLY,
        title=(
            "A facilitator hid your comment on your shared entry"
            if mine
            else f"A facilitator hid your response to {_name(owner)}’s shared reflection"
        ),
        body=f"The reason they gave: {comment.hidden_reason}",
        url=_entry_url(comment.share.entry_id, f"comment-{comment.pk}"),
        topic=f"share:{comment.share_id}",
    )


def on_shares_withdrawn(share_ids, owner_id) -> None:
    """`reflections_shares_withdrawn`: what others were told about those shares goes."""
    notifications_withdraw(topics=[f"share:{pk}" for pk in share_ids], except_user_id=owner_id)
