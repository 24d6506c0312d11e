"""The certificates app's admin and its place in the learning plugin: designs as snippets,
the certificates viewset, the recorded actions, role permissions, and the hooks it registers
into (`learning_course_completed`, My learning's and the completion page's panels, demo
data)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.certificates import admin_views, selectors
from learning.certificates.models import Certificate, CertificateTemplate
from learning.wagtail_hooks import ChooserViewSet


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """A certificate changes only through its recorded actions (issue, revoke, reissue, each
    an event on it). Wagtail's generic add, edit and delete refuse everyone, superusers too,
    who would otherwise rewrite a frozen certificate in place with no record."""

    RECORDED_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.RECORDED_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate), exact_class=True)


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    chooser_viewset_class = ChooserViewSet
    icon = "doc-full"
    menu_label = "Certificate designs"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", "issuer", "signatory_name"]


register_snippet(CertificateTemplateViewSet)


class CertificateIndexView(IndexView):
    """Search also finds a code typed as printed (K7QF-3MZ9-XW2D) or in any case."""

    def search_queryset(self, queryset):
        from learning.certificates.views import normalise_code

        code = normalise_code(self.search_query or "")
        if code:
            exact = queryset.filter(code=code)
            if exact.exists():
                return exact
        return super().search_queryset(queryset)


class CertificateInspectView(InspectView):
    template_name = "certificates/admin/certificate_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.select_related("by")
        return context


class CertificateViewSet(ModelViewSet):
    """Programme admins list, search and filter certificates and act on them; the forms for
    revoking and reissuing are separate views (admin_views) so each is recorded."""

    model = Certificate
    icon = "tick-inverse"
    menu_label = "Certificates"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["__str__", "holder_name", "course_title", "completed_on", "status"]
    list_filter = ["status", "course"]
    search_fields = ["code", "holder_name", "course_title"]
    ordering = ["-issued_at"]
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_fields = [
        "holder_name",
        "course_title",
        "completed_on",
        "estimated_hours",
        "status",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_reason",
        "replaced_by",
        "template_version",
    ]
    copy_view_enabled = False
    form_fields = ["holder_name"]  # required by ModelViewSet; the edit view is never reachable
    # Wagtail's generic create, edit and delete views refuse everyone, superusers included
    # (CertificatePermissionPolicy, registered above).

    @property
    def inspect_view_class(self):
        return CertificateInspectView


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificate_admin", url_prefix="certificates")


@hooks.register("register_admin_urls")
def certificate_action_urls():
    return [
        path(
            "certificates/<int:pk>/revoke/",
            admin_views.certificate_revoke,
            name="certificates_revoke",
        ),
        path(
            "certificates/<int:pk>/reissue/",
            admin_views.certificate_reissue,
            name="certificates_reissue",
        ),
        path("certificates/issue/", admin_views.certificate_issue, name="certificates_issue"),
        path("certificate-names/", admin_views.name_requests, name="certificates_name_requests"),
    ]


class _CertificateMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.reissue_certificate")


@hooks.register("register_admin_menu_item")
def name_requests_menu_item():
    return _CertificateMenuItem(
        "Name corrections",
        reverse("certificates_name_requests"),
        icon_name="user",
        order=241,
    )


@hooks.register("register_role_permissions")
def certificate_role_permissions():
    templates = [f"certificates.{verb}_certificatetemplate" for verb in ("add", "change", "view")]
    certificates = [
        f"certificates.{verb}_certificate" for verb in ("view", "issue", "revoke", "reissue")
    ]
    return {
        "Content editors": templates,
        "Programme admins": [
            *certificates,
            "certificates.view_certificatetemplate",
            # The credential issuer's name, address, email and image (never its keys).
            "certificates.change_issuerprofile",
        ],
    }


@hooks.register("learning_course_completed")
def issue_certificate_on_completion(enrolment):
    from learning.certificates.services import certificate_issue_on_completion

    certificate_issue_on_completion(enrolment=enrolment)


@hooks.register("learning_dashboard_panels")
def dashboard_certificates(user):
    certificates = selectors.certificate_list_for_holder(user=user)
    if not certificates:
        return []
    return [{"template": "certificates/dashboard_panel.html", "certificates": certificates}]


@hooks.register("learning_completion_panels")
def completion_certificate(user, course):
    certificate = selectors.course_certificate_get(user=user, course=course)
    return [
        {
            "template": "certificates/completion_panel.html",
            "course": course,
            "certificate": certificate,
            "ready": selectors.certificate_is_ready(certificate),
        }
    ]


@hooks.register("register_demo_data")
def certificate_demo_data(accounts):
    from learning.certificates.demo import demo_certificates_ensure

    demo_certificates_ensure(accounts=accounts)


@hooks.register("camino_personal_data")
def personal_data(user):
    """This plugin's part of a person's data export (the host gathers every plugin's)."""
    from learning.certificates.personal_data import personal_data as gather

    return gather(user)
