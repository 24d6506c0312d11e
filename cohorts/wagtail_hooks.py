"""Cohorts in the Wagtail admin for programme admins, the login hook that finishes a pending
join, role permissions and demo data."""

from django import forms
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.models import Cohort
from cohorts.views import join_pending_after_login


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
