"""The programme evaluation's reports and exports in the Wagtail admin, for programme admins
only: to anyone else every one of these URLs is a 404, as is a course or cohort that does
not exist."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cohorts.models import Cohort
from evaluation import selectors, services
from evaluation.forms import ReportFilterForm
from evaluation.models import EvaluationExport
from evaluation.stats import SUPPRESSED_TEXT
from learning.models import CoursePage
from learning.submissions import submit_once

PERMISSION = "evaluation.view_evaluation"
LARGEST_ID = 2**31 - 1

REPORTS = [
    ("evaluation_overview", "Overview"),
    ("evaluation_funnel", "Completion funnel"),
    ("evaluation_distance", "Distance travelled"),
    ("evaluation_exports", "Exports"),
]


def _require(request: HttpRequest) -> None:
    if not request.user.is_authenticated or not request.user.has_perm(PERMISSION):
        raise Http404("No such report")


def _existing_or_404(params) -> None:
    """A course or cohort named in the address or form must exist: otherwise a 404."""
    for name, model in (("course", CoursePage), ("cohort", Cohort)):
        raw = params.get(name, "")
        if not raw:
            continue
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= LARGEST_ID):
            raise Http404(f"No such {name}")
        if not model.objects.filter(pk=int(raw)).exists():
            raise Http404(f"No such {name}")


def _filters(request: HttpRequest) -> tuple[ReportFilterForm, selectors.Filters | None]:
    _existing_or_404(request.GET)
    data = request.GET.copy()
    if not data.get("course"):
        first = CoursePage.objects.live().order_by("title").values_list("pk", flat=True).first()
        if first is None:
            return ReportFilterForm(), None
        data["course"] = str(first)
    form = ReportFilterForm(data)
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    return form, selectors.Filters(
        cleaned["course"], cleaned["cohort"], cleaned["date_from"], cleaned["date_to"]
    )


def _page(request, template: str, current: str, title: str, build) -> TemplateResponse:
    _require(request)
    form, filters = _filters(request)
    context = {
        "form": form,
        "filters": filters,
        "title": title,
        "current": current,
        "reports": REPORTS,
        "query": request.GET.urlencode(),
        "suppressed_text": SUPPRESSED_TEXT,
        "result": build(filters) if filters is not None else None,
    }
    return TemplateResponse(request, template, context, status=400 if form.errors else 200)


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "evaluation/admin/overview.html",
        "evaluation_overview",
        "Overview",
        selectors.overview,
    )


@require_safe
def funnel(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "evaluation/admin/funnel.html",
        "evaluation_funnel",
        "Completion funnel",
        selectors.funnel,
    )


@require_safe
def distance(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "evaluation/admin/distance.html",
        "evaluation_distance",
        "Distance travelled",
        selectors.distance_travelled,
    )


@require_http_methods(["GET", "POST"])
@submit_once("evaluation.export")
def exports(request: HttpRequest) -> HttpResponse:
    """The requester's exports (kept 7 days) and a button to make one with these filters."""
    _require(request)
    if request.method == "POST":
        form, filters = _filters_from_post(request)
        if filters is not None:
            export = services.export_start(filters=filters, by=request.user)
            if export.status == EvaluationExport.Status.EMPTY:
                messages.warning(
                    request,
                    "There is nothing to export for these filters: no learner in them has "
                    "agreed to their answers being used in the evaluation. No file was made.",
                )
            else:
                messages.success(
                    request,
                    "Your export is being made. It appears below when it is ready, and is "
                    "kept for you for 7 days.",
                )
            kept = {
                name: request.POST.get(name, "")
                for name in ("course", "cohort", "date_from", "date_to")
            }
            return redirect(f"{reverse('evaluation_exports')}?{urlencode(kept)}")
        response = _page(
            request,
            "evaluation/admin/exports.html",
            "evaluation_exports",
            "Exports",
            lambda _filters: None,
        )
        context = response.context_data
        assert context is not None  # _page always passes a context
        context["form"] = form
        response.status_code = 400
        context["exports"] = selectors.exports_for(user=request.user)
        return response
    response = _page(
        request,
        "evaluation/admin/exports.html",
        "evaluation_exports",
        "Exports",
        lambda _filters: None,
    )
    assert response.context_data is not None  # _page always passes a context
    response.context_data["exports"] = selectors.exports_for(user=request.user)
    return response


def _filters_from_post(request: HttpRequest):
    _existing_or_404(request.POST)
    form = ReportFilterForm(request.POST)
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    return form, selectors.Filters(
        cleaned["course"], cleaned["cohort"], cleaned["date_from"], cleaned["date_to"]
    )


@require_safe
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The requester's own ready export within its 7 days; anything else is a 404."""
    _require(request)
    assert request.user.is_authenticated  # _require answered 404 otherwise
    if not 0 < pk <= LARGEST_ID:
        raise Http404("No such export")
    export = EvaluationExport.objects.filter(
        pk=pk, requested_by=request.user, status=EvaluationExport.Status.READY
    ).first()
    if export is None or export.expired or not export.file:
        raise Http404("No such export")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"camino-evaluation-{export.requested_at:%Y-%m-%d}-{export.pk}.zip",
        content_type="application/zip",
    )
