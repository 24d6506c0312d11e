"""Background work: emails. Immediate in development and tests; the django-tasks-db worker
(`manage.py db_worker`) in production."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_invitation_email(invitation_id: int) -> None:
    from cohorts.models import Invitation

    invitation = Invitation.objects.select_related("cohort", "cohort__course", "invited_by").get(
        pk=invitation_id
    )
    context = {
        "invitation": invitation,
        "cohort": invitation.cohort,
        "link": absolute(f"/join/{invitation.cohort.join_code}/?invitation={invitation.token}"),
    }
    send_mail(
        subject=f"You are invited to join {invitation.cohort.name}",
        message=render_to_string("cohorts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@task()
def send_nudge_email(nudge_id: int) -> None:
    from cohorts.models import Nudge

    nudge = Nudge.objects.select_related("cohort", "learner", "sent_by").get(pk=nudge_id)
    context = {"nudge": nudge, "link": absolute(nudge.next_step_url)}
    send_mail(
        subject=f"A reminder from {nudge.cohort.name}: your next step",
        message=render_to_string("cohorts/email/nudge.txt", context),
        from_email=None,
        recipient_list=[nudge.learner.email],
    )
    Nudge.objects.filter(pk=nudge.pk).update(emailed_at=timezone.now())
