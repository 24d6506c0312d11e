"""Programme admins' cohort actions in the Wagtail admin: issuing certificates to everyone in
a cohort who completed the course (for people who finished offline), in the background."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cohorts.models import Cohort, Membership
from learning.certificates.bulk import issue_certificates_for
from learning.certificates.models import Certificate
from learning.models import Enrolment


def issue_certificates(request, pk: int):
    if not request.user.has_perm("certificates.issue_certificate"):
        raise PermissionDenied
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    members = Membership.objects.filter(cohort=cohort, ended_at__isnull=True).values("user_id")
    completed = set(
        Enrolment.objects.filter(
            course=cohort.course, user_id__in=members, completed_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    holding = set(
        Certificate.objects.filter(
            course=cohort.course, user_id__in=completed, status=Certificate.Status.VALID
        ).values_list("user_id", flat=True)
    )
    waiting = sorted(completed - holding)
    if request.method == "POST":
        if not cohort.course.awards_certificate:
            messages.error(request, f"{cohort.course.title} does not award certificates.")
        elif waiting:
            issue_certificates_for.enqueue(waiting, cohort.course_id, request.user.pk)
            messages.success(
                request,
                f"Issuing {len(waiting)} certificate(s) in the background. They appear under "
                "Certificates as they are ready.",
            )
        else:
            messages.info(request, "Everyone who completed the course already has a certificate.")
        return redirect("cohorts_admin:edit", pk)
    return TemplateResponse(
        request,
        "cohorts/admin/issue_certificates.html",
        {"cohort": cohort, "completed": len(completed), "waiting": len(waiting)},
    )
