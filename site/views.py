"""The host site's own views: health check, error pages, deleting one's account."""

import logging
import sys

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection, transaction
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from camino import accounts
from camino.forms import NameForm

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the shared cache (Redis, or the database's cache table) both
    answer, 503 otherwise, naming the one that did not; for load balancers and monitors. A
    machine that cannot reach the cache would count rate limits wrongly and fail sign-ins."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        checks["database"] = "unreachable"
    try:
        cache.set("camino:healthz", 1, 10)
        if cache.get("camino:healthz") != 1:
            checks["cache"] = "unreachable"
    except Exception:  # any cache backend's error means the same here
        logger.exception("Health check: the cache did not answer")
        checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def login_elsewhere(request: HttpRequest):
    """Wagtail ships two login forms of its own (/admin/login/ and /_util/login/, for private
    pages). Both are Django's plain LoginView: they would sign people in with no rate limit,
    without a verified email address and without their second factor. Camino has one login
    form, allauth's; these addresses send people there, keeping where they were going."""
    target = reverse("account_login")
    if request.GET.get("next"):
        target += "?" + urlencode({"next": request.GET["next"]})
    return redirect(target)


def error_400(request: HttpRequest, exception=None):
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception=None):
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception=None):
    return render(request, "404.html", status=404)


def error_429(request: HttpRequest, exception=None):
    return render(request, "429.html", status=429)


# How long a browser or a monitor is asked to wait before trying again when the database
# cannot be reached (a restart, a fail-over, SQLite's write lock held past its timeout).
RETRY_AFTER_SECONDS = 30


def service_unavailable() -> HttpResponse:
    """503 with `Retry-After`: the service is down for a moment, not broken. Rendered without
    the request, so nothing on the page (the signed-in header, the programme's settings, the
    messages) needs the database that has just failed."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


# What drivers say when the database cannot be reached (psycopg) or its lock could not be had
# in time (SQLite), as against a query it refused (a bug: still the 500 page).
UNREACHABLE = (
    "connect",
    "connection",
    "server closed",
    "the database system is",
    "too many clients",
    "database is locked",
    "unable to open database",
)


def database_unreachable(exc: BaseException | None) -> bool:
    if isinstance(exc, InterfaceError):
        return True
    if isinstance(exc, OperationalError):
        message = str(exc).lower()
        return any(words in message for words in UNREACHABLE)
    return False


def error_500(request: HttpRequest):
    """The 500 page in the site's look; if even that fails (say the database is down and the
    layout needs it), a plain page that still says what happened.

    When what failed is reaching the database (it is down, restarting, or SQLite's write lock
    was held too long), the answer is the 503 "service unavailable, try again shortly" page
    with `Retry-After`, as /healthz says 503: the person's request was fine."""
    if database_unreachable(sys.exc_info()[1]):
        logger.error("The database could not be reached: answered 503")
        return service_unavailable()
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the last line of defence must not raise
        logger.exception("The 500 page could not be rendered in full")
        return HttpResponseServerError(
            "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Sorry, there is "
            "a problem with the service</title></head><body><h1>Sorry, there is a problem with "
            "the service</h1><p>Try again later. Anything you had already saved has been kept."
            "</p></body></html>"
        )


@login_required
@reauthentication_required(allow_get=False)
def account_delete(request: HttpRequest):
    """Delete one's own account, after confirming the password again (allauth's
    re-authentication). Everything that is theirs goes with it: journal, shares and comments,
    progress, self-assessments and cohort memberships."""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            return render(
                request,
                "account/delete.html",
                {"error": "Tick the box to confirm you want to delete your account"},
                status=400,
            )
        user = request.user
        with transaction.atomic():
            logout(request)
            accounts.account_delete(user=user)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("/")
    return render(request, "account/delete.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def account_name(request: HttpRequest):
    """A person corrects their own name until a certificate is issued in it; after that the
    certificate's "Is your name wrong?" request asks a programme admin, who reissues it."""
    from learning.certificates.selectors import certificate_holder_exists

    certified = certificate_holder_exists(user=request.user)
    if request.method == "POST" and certified:
        messages.error(
            request,
            "Your name is on a certificate, so it cannot be changed here. Ask for a correction "
            "from My learning.",
        )
        return redirect("account_name")
    assert request.user.is_authenticated  # login_required
    form = NameForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        accounts.account_name_set(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, "Your name is saved.")
        return redirect("account_name")
    return render(
        request,
        "account/name.html",
        {"form": form, "certified": certified},
        status=400 if form.errors else 200,
    )
