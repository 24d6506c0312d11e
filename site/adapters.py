"""allauth, told to speak plain English, to send its emails in the background (their subjects
starting with the programme's name, signed off by it), to send people who keep failing to log
in to the "Too many attempts" page, and to land each person where their work is."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import hooks

from camino.notifications.emails import programme, subject_line
from camino.tasks import send_rendered_email


def landing_url(user) -> str:
    """Facilitators of an active cohort go to their cohorts; learners (anyone enrolled on a
    course) to My learning; staff who are neither to the admin; anyone else (someone new) to
    My learning, which shows them where to start."""
    from cohorts.models import Cohort
    from learning.models import Enrolment

    if Cohort.objects.filter(facilitators=user, status=Cohort.Status.ACTIVE).exists():
        return reverse("cohorts:list")
    if Enrolment.objects.filter(user=user).exists():
        return reverse("learning:dashboard")
    if user.is_staff and user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return reverse("learning:dashboard")


def _password_message(error: ValidationError) -> str:
    """Django's password validators, in the words NHS.UK services use."""
    params = error.params or {}
    if error.code == "password_too_short":
        return f"Your password must be {params.get('min_length', 10)} characters or more"
    if error.code == "password_too_common":
        return "Your password is too easy to guess. Choose one that is less common."
    if error.code == "password_entirely_numeric":
        return "Your password cannot be only numbers. Add some letters or words."
    if error.code == "password_too_similar":
        return "Your password is too like your name or email address. Choose a different one."
    return error.messages[0]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account has been closed. Contact support if you need it back.",
        "cannot_remove_primary_email": "You cannot remove your main email address",
        "duplicate_email": "This email address is already on your account",
        "email_password_mismatch": (
            "The email address or password is not right. Check them and try again."
        ),
        "email_taken": (
            "An account already uses this email address. Log in or reset your password."
        ),
        "enter_current_password": "Enter your current password",
        "incorrect_code": "The code is not right. Check it and try again.",
        "incorrect_password": "The password is not right. Check it and try again.",
        "invalid_or_expired_key": "This link has expired or has already been used",
        "invalid_login": "The email address or password is not right. Check them and try again.",
        "invalid_password_reset": (
            "This link to reset your password has expired or has already been used"
        ),
        "max_email_addresses": "You cannot add more than %d email addresses",
        "too_many_login_attempts": (
            "You have tried to log in too many times. Wait 10 minutes, then try again."
        ),
        "unknown_email": "There is no account with this email address",
        "unverified_primary_email": "Confirm your main email address first",
        "select_only_one": "Select only one",
        "same_as_current": "This is the same as the one you have now",
        "rate_limited": "You have tried too many times. Wait a few minutes, then try again.",
    }

    def clean_password(self, password, user=None):
        try:
            return super().clean_password(password, user=user)
        except ValidationError as error:
            raise ValidationError([_password_message(e) for e in error.error_list]) from None

    def format_email_subject(self, subject: str) -> str:
        return subject_line(str(subject))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """As allauth does, except that the rendered message is sent by a background task."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                "programme": programme(),
                **context,
            },
        )
        send_rendered_email.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            alternatives=[list(a) for a in getattr(message, "alternatives", [])],
            content_subtype=message.content_subtype,
            headers=dict(message.extra_headers),
        )

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        """No "You are logged in" banner: the header already says who is logged in, and it
        stacked up with the messages that matter after joining a cohort."""
        if message_template == "account/messages/logged_in.txt":
            return
        super().add_message(
            request, level, message_template, message_context, extra_tags, message=message
        )

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        """Plugins finish what someone started before logging in (joining a cohort from its
        link) through the `camino_after_login` hook: `fn(request, user)` returns a URL to go
        to next, or None."""
        for hook in hooks.get_hooks("camino_after_login"):
            url = hook(request=request, user=user)
            if url:
                redirect_url = url
                break
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def get_login_redirect_url(self, request) -> str:
        """Where someone lands after logging in when no `next` says otherwise: where their
        work is (`landing_url`)."""
        return landing_url(request.user)

    def get_signup_redirect_url(self, request) -> str:
        return (
            landing_url(request.user)
            if request.user.is_authenticated
            else reverse("learning:dashboard")
        )

    def pre_authenticate(self, request, **credentials) -> None:
        """After too many failed logins, show the "Too many attempts" page (templates/429.html),
        which says how long to wait and how to reset the password, instead of a form error."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            raise ImmediateHttpResponse(respond_429(request)) from None
