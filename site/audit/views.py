"""/admin/audit/: the staff audit trail, in the admin's chrome, for programme admins (and
superusers) only; to anyone else, signed out included, it does not exist (404)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from camino.audit import selectors
from camino.audit.forms import AuditFilterForm

PERMISSION = "camino.view_auditentry"
PAGE_SIZE = 50


def may_see_audit(user) -> bool:
    return user.is_authenticated and user.has_perm(PERMISSION)


@require_safe
def audit_trail(request: HttpRequest) -> HttpResponse:
    if not may_see_audit(request.user):
        raise Http404("No such page")
    form = AuditFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        entries = selectors.entries_filtered(
            **{k: v for k, v in filters.items() if v not in (None, "")}
        )
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "camino/audit/trail.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "kept_days": settings.RETENTION_AUDIT_DAYS,
        },
        status=400 if form.errors else 200,
    )
