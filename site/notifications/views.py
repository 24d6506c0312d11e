"""Thin views for notifications: the list, opening and marking read, the settings page and
the one-click unsubscribe from emails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from camino.notifications import selectors, services
from camino.notifications.forms import PreferencesForm
from camino.notifications.models import Kind
from camino.notifications.tokens import DAILY

MAX_ID = 2**63 - 1  # larger ids cannot exist; SQLite would raise instead of finding none


def _own(request: HttpRequest, notification_id: int):
    notification = None
    if notification_id <= MAX_ID:
        notification = selectors.notification_of(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404("No such notification")
    return notification


def _back_to_list(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    target = reverse("notifications:list")
    if page.isdigit() and page != "1" and len(page) < 8:
        target += f"?page={page}"
    return redirect(target)


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = selectors.notification_page(user=request.user, page=request.GET.get("page") or 1)
    return render(
        request,
        "camino/notifications/list.html",
        {"page_obj": page, "breadcrumbs": [], "kinds": dict(Kind.choices)},
    )


@require_safe
@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Following a notification marks it read and goes to what it is about (on this site
    only)."""
    notification = _own(request, notification_id)
    services.notification_read(notification=notification)
    target = notification.url or reverse("notifications:list")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:list")
    return redirect(target)


@require_POST
@login_required
def notification_mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.notification_read(notification=_own(request, notification_id))
    messages.success(request, "Marked as read.")
    return _back_to_list(request)


@require_POST
@login_required
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(request, "All your notifications are marked as read.")
    else:
        messages.info(request, "You have no unread notifications.")
    return _back_to_list(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_for(user=request.user)
    facilitator = selectors.shows_facilitator_kinds(user=request.user)
    form = PreferencesForm(request.POST or None, current=current, facilitator=facilitator)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "camino/notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# RFC 8058: mail programs unsubscribe by POSTing to the address in `List-Unsubscribe` with
# no session and no CSRF token. The signed token in the address is what authorises the change
# (only the email's recipient has it), so CSRF protection, which guards a session, has nothing
# to guard here. The page's own button posts to the same address.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        result, target, user = services.unsubscribe_apply(token=token)
    else:
        result, target, user = selectors.unsubscribe_read(token=token)
    what = None
    if target is not None:
        what = (
            "the daily email"
            if target.target == DAILY
            else f"emails about {Kind(target.target).label.lower()}"
        )
    status = 200
    if result is selectors.Unsubscribed.BAD:
        status = 404
    elif result is selectors.Unsubscribed.EXPIRED:
        status = 410
    return render(
        request,
        "camino/notifications/unsubscribe.html",
        {
            "result": result.value,
            "what": what,
            "done": request.method == "POST" and result is selectors.Unsubscribed.DONE,
            "breadcrumbs": [],
        },
        status=status,
    )
