"""Background work of the host site: sending the account emails allauth writes (confirm your
address, reset your password), so a slow mail server never holds up the page. Immediate in
development and tests; the django-tasks-db worker (`manage.py db_worker`) in production."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_rendered_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[list[str]],
    content_subtype: str = "plain",
    headers: dict | None = None,
) -> None:
    """Sends a message already rendered in the request (its links and wording are final), so
    the task needs nothing from the request and nothing from the database."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers or {}
    )
    message.content_subtype = content_subtype
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()
