"""Cohorts in the Wagtail admin for programme admins, the login hook that finishes a pending
join, role permissions and demo data."""

from django import forms
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cohorts.models import Cohort
from cohorts.views import join_pending_after_login


class CohortIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("certificates.issue_certificate"):
            buttons.append(
                ListingButton(
                    "Issue certificates",
                    url=reverse("cohorts_issue_certificates", args=[instance.pk]),
                    icon_name="tick-inverse",
                    priority=50,
                )
            )
        return buttons


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "course", "starts_on", "status"]
    list_filter = ["status", "course"]
    search_fields = ["name", "join_code"]
    ordering = ["-starts_on"]
    inspect_view_enabled = True
    index_view_class = CohortIndexView
    panels = [
        FieldPanel("name"),
        FieldPanel("course"),
        FieldPanel(
            "facilitators",
            widget=forms.CheckboxSelectMultiple,
            help_text="The people who run this cohort. They see its learners' progress.",
        ),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("capacity")], heading="Availability"),
        FieldPanel("stalled_after_days"),
    ]


@hooks.register("register_admin_urls")
def cohort_admin_urls():
    from django.urls import path

    from cohorts.admin_views import issue_certificates

    return [
        path(
            "cohorts/<int:pk>/issue-certificates/",
            issue_certificates,
            name="cohorts_issue_certificates",
        )
    ]


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts_admin", url_prefix="cohorts")


hooks.register("camino_after_login", join_pending_after_login)


@hooks.register("register_role_permissions")
def cohort_role_permissions():
    cohort = [f"cohorts.{verb}_cohort" for verb in ("add", "change", "delete", "view")]
    return {"Programme admins": cohort}


@hooks.register("register_demo_data")
def cohorts_demo_data(accounts):
    from cohorts.demo import demo_cohorts_ensure

    demo_cohorts_ensure(accounts=accounts)


@hooks.register("camino_retention")
def invitations_retention(now, dry_run=False):
    """Personal invitations RETENTION_INVITATIONS_DAYS after they were sent, used or not: they
    hold an email address. The memberships made with them stay."""
    from datetime import timedelta

    from django.conf import settings

    from cohorts.models import Invitation

    days = getattr(settings, "RETENTION_INVITATIONS_DAYS", 90)
    old = Invitation.objects.filter(created_at__lt=now - timedelta(days=days))
    count = old.count() if dry_run else old.delete()[1].get(Invitation._meta.label, 0)
    return [(f"cohort invitations sent more than {days} days ago", count)]


@hooks.register("camino_personal_data")
def personal_data(user):
    """This plugin's part of a person's data export (the host gathers every plugin's)."""
    from cohorts.personal_data import personal_data as gather

    return gather(user)
