"""The evaluation's admin: its reports in Wagtail's Reports menu (programme admins only:
editors and facilitators do not see them), its URLs and the programme admins' permission."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from evaluation import admin_views


class ProgrammeAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def evaluation_menu_item():
    return ProgrammeAdminMenuItem(
        "Programme evaluation", reverse("evaluation_overview"), icon_name="doc-full", order=100
    )


@hooks.register("register_role_permissions")
def evaluation_role_permissions():
    return {"Programme admins": [admin_views.PERMISSION]}


@hooks.register("register_demo_data")
def evaluation_demo_data(accounts):
    from evaluation.demo import demo_evaluation_ensure

    demo_evaluation_ensure(accounts=accounts)


@hooks.register("learning_dashboard_panels")
def dashboard_follow_ups(user):
    """My learning: follow-ups waiting for an answer (and those answered, to change them)."""
    from evaluation.models import FollowUp

    follow_ups = list(
        FollowUp.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("answered_at", "-invited_at")[:5]
    )
    if not follow_ups:
        return []
    return [{"template": "evaluation/dashboard_panel.html", "follow_ups": follow_ups}]


@hooks.register("camino_retention")
def evaluation_exports_retention(now, dry_run=False):
    """Evaluator exports, files and all, after RETENTION_EXPORTS_DAYS (contract 3)."""
    from datetime import timedelta

    from django.conf import settings

    from evaluation.models import EvaluationExport
    from evaluation.services import exports_expired_delete

    days = getattr(settings, "RETENTION_EXPORTS_DAYS", 7)
    kept_for = timedelta(days=days)
    if dry_run:
        count = EvaluationExport.objects.filter(requested_at__lte=now - kept_for).count()
    else:
        count = exports_expired_delete(now=now, kept_for=kept_for)
    return [(f"evaluation exports older than {days} days", count)]


@hooks.register("camino_personal_data")
def personal_data(user):
    """This plugin's part of a person's data export (the host gathers every plugin's)."""
    from evaluation.personal_data import personal_data as gather

    return gather(user)
