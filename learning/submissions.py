"""Forms that create something do it once, however often they are sent.

A double tap on "Save", a phone resending after a dropped connection, or the back button and
"Save" again used to create two journal entries (two comments, two exports...). Each such form
carries a hidden one-time token (`{% form_token %}` from `learning_tags`, issued fresh every
time the form is rendered), and its view is wrapped in `submit_once("<app>.<form>")`:

- the first POST with a token claims it (a `FormSubmission` row, unique on the token) in the
  same transaction as the view's work, and remembers where the answer led (its redirect) and
  the messages it showed;
- a later POST with the same token does nothing again and answers as the first did: the same
  redirect, the same messages, and a line saying it was already sent. Two POSTs at the same
  moment cannot both do the work: the second waits on the unique index until the first
  commits, then finds it;
- a POST that did not succeed (a form with errors, answered with a page rather than a
  redirect) gives its token back, so the corrected form can be sent with it;
- a POST without a token (a page loaded before tokens existed) or with a malformed one works
  as before; a token recorded for another person or another form is ignored likewise.

Tokens are deleted after RETENTION_FORM_TOKENS_DAYS (2) by the `camino_retention` rule.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from learning.models import FormSubmission

FIELD_NAME = "form_token"
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
ALREADY_SENT = "You had already sent this, so nothing was done twice. This is what it did."


def form_token_new() -> str:
    """A random token for one rendering of a form."""
    return secrets.token_urlsafe(32)


def _token_from(request: HttpRequest) -> str | None:
    token = request.POST.get(FIELD_NAME, "")
    return token if _TOKEN_SHAPE.match(token) else None


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _queued(request: HttpRequest) -> list:
    """The messages added during this request so far (Django's storage keeps them here until
    the response is processed)."""
    storage = messages.get_messages(request)
    return list(getattr(storage, "_queued_messages", []))


def _replay(request: HttpRequest, record: FormSubmission) -> HttpResponse:
    for level, text, tags in record.result_messages:
        messages.add_message(request, level, text, extra_tags=tags)
    messages.info(request, ALREADY_SENT)
    return HttpResponseRedirect(record.result_url)


def submit_once(form: str):
    """Wrap a view whose POST creates something so that each rendering of its form creates at
    most once (see the module's docstring). `form` names the form in the records."""

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = _token_from(request) if request.method == "POST" else None
            if token is None:
                return view(request, *args, **kwargs)
            user_id = _user_id(request)
            earlier = FormSubmission.objects.filter(token=token).first()
            if earlier is not None:
                if earlier.user_id == user_id and earlier.form == form and earlier.result_url:
                    return _replay(request, earlier)
                return view(request, *args, **kwargs)
            replay_of = None
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        record = FormSubmission.objects.create(
                            token=token, form=form, user_id=user_id
                        )
                except IntegrityError:
                    # The same token was sent at the same moment and that request has
                    # committed: answer as it did (outside this transaction).
                    record = None
                if record is not None:
                    before = len(_queued(request))
                    response = view(request, *args, **kwargs)
                    if isinstance(response, HttpResponseRedirect) or response.status_code in (
                        302,
                        303,
                    ):
                        record.result_url = response["Location"]
                        record.result_messages = [
                            [m.level, str(m.message), m.extra_tags or ""]
                            for m in _queued(request)[before:]
                        ]
                        record.save(update_fields=["result_url", "result_messages"])
                    else:
                        record.delete()  # not done: the corrected form may use the token
                    return response
            replay_of = FormSubmission.objects.filter(token=token).first()
            if (
                replay_of is not None
                and replay_of.user_id == user_id
                and replay_of.form == form
                and replay_of.result_url
            ):
                return _replay(request, replay_of)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def form_tokens_delete_expired(now: datetime, dry_run: bool = False) -> list[tuple[str, int]]:
    """The `camino_retention` rule: tokens of submitted forms are kept
    RETENTION_FORM_TOKENS_DAYS (default 2), long enough to catch any resubmission (with
    `dry_run`, only counted)."""
    days = getattr(settings, "RETENTION_FORM_TOKENS_DAYS", 2)
    expired = FormSubmission.objects.filter(created_at__lt=now - timedelta(days=days))
    count = expired.count() if dry_run else expired.delete()[0]
    return [(f"tokens of submitted forms older than {days} days", count)]
