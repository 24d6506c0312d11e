"""Wagtail admin screens of the learning plugin: the framework coverage report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from learning.models import Capability, CoursePage, ModulePage


def _require_editor(request) -> None:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


@require_safe
def coverage_index(request):
    _require_editor(request)
    courses = CoursePage.objects.all().select_related("framework").order_by("title")
    return TemplateResponse(request, "learning/admin/coverage_index.html", {"courses": courses})


@require_safe
def coverage_report(request, course_id: int):
    """For one course: which capabilities each module develops, and which no module covers."""
    _require_editor(request)
    course = get_object_or_404(CoursePage.objects.select_related("framework"), pk=course_id)
    modules = list(
        ModulePage.objects.child_of(course).order_by("path").prefetch_related("capabilities")
    )
    capabilities = list(
        Capability.objects.filter(theme__framework=course.framework)
        .select_related("theme")
        .order_by("theme__sort_order", "sort_order")
    )
    rows = []
    covered: set[int] = set()
    for module in modules:
        mapped = {c.id for c in module.capabilities.all()}
        covered |= mapped
        rows.append(
            {
                "module": module,
                "cells": [c.id in mapped for c in capabilities],
                "count": len(mapped),
            }
        )
    uncovered = [c for c in capabilities if c.id not in covered]
    return TemplateResponse(
        request,
        "learning/admin/coverage_report.html",
        {
            "course": course,
            "capabilities": capabilities,
            "rows": rows,
            "uncovered": uncovered,
        },
    )
