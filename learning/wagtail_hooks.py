"""The learning plugin's admin: frameworks as snippets, the coverage report, role permissions,
demo content."""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from learning import admin_views
from learning.models import Framework


class ChooserCreateView(SnippetCreateView):
    """Wagtail answers a chooser's "create" URL even when the chooser offers no creation form
    (ours offer none: frameworks and designs are written on their own screens), and a POST to
    it then failed with a 500. With no form to show, the URL is a 404."""

    def get_creation_form(self):
        form = super().get_creation_form()
        if form is None:
            raise Http404("This chooser does not create anything")
        return form


class ChooserViewSet(SnippetChooserViewSet):
    create_view_class = ChooserCreateView


class FrameworkViewSet(SnippetViewSet):
    model = Framework
    chooser_viewset_class = ChooserViewSet
    icon = "list-ul"
    menu_label = "Frameworks"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "short_name", "version"]
    ordering = ["name"]


register_snippet(FrameworkViewSet)


@hooks.register("register_admin_urls")
def coverage_urls():
    return [
        path("learning/coverage/", admin_views.coverage_index, name="learning_coverage"),
        path(
            "learning/coverage/<int:course_id>/",
            admin_views.coverage_report,
            name="learning_coverage_report",
        ),
    ]


@hooks.register("register_reports_menu_item")
def coverage_menu_item():
    return MenuItem(
        "Framework coverage", reverse("learning_coverage"), icon_name="table", order=700
    )


@hooks.register("register_role_permissions")
def learning_role_permissions():
    framework = ["learning.add_framework", "learning.change_framework", "learning.view_framework"]
    templates = [f"learning.{verb}_certificatetemplate" for verb in ("add", "change", "view")]
    certificates = [
        f"learning.{verb}_certificate" for verb in ("view", "issue", "revoke", "reissue")
    ]
    return {
        "Content editors": [*framework, "learning.delete_framework", *templates],
        "Programme admins": [
            "learning.view_framework",
            *certificates,
            "learning.view_certificatetemplate",
        ],
    }


@hooks.register("register_demo_data")
def learning_demo_data(accounts):
    from learning.demo import demo_certificates_ensure, demo_learning_ensure

    demo_learning_ensure(accounts=accounts)
    demo_certificates_ensure(accounts=accounts)


@hooks.register("learning_course_completed")
def issue_certificate_on_completion(enrolment):
    from learning.services.certificates import certificate_issue_on_completion

    certificate_issue_on_completion(enrolment=enrolment)


# --- certificates ----------------------------------------------------------------------------

from wagtail.admin.views.generic import IndexView  # noqa: E402
from wagtail.admin.viewsets.model import ModelViewSet  # noqa: E402
from wagtail.permission_policies import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402
from wagtail.snippets.views.snippets import SnippetViewSet as _SnippetViewSet  # noqa: E402

from learning.models import Certificate, CertificateTemplate  # noqa: E402


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


class CertificateTemplateViewSet(_SnippetViewSet):
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
        from learning.certificate_views import normalise_code

        code = normalise_code(self.search_query or "")
        if code:
            exact = queryset.filter(code=code)
            if exact.exists():
                return exact
        return super().search_queryset(queryset)


class CertificateViewSet(ModelViewSet):
    """Programme admins list, search and filter certificates and act on them; the forms for
    revoking and reissuing are separate views (learning.admin_views) so each is recorded."""

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
        from wagtail.admin.views.generic import InspectView

        class CertificateInspectView(InspectView):
            template_name = "learning/admin/certificate_inspect.html"

            def get_context_data(self, **kwargs):
                context = super().get_context_data(**kwargs)
                context["events"] = self.object.events.select_related("by")
                return context

        return CertificateInspectView


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("learning_certificates", url_prefix="certificates")


@hooks.register("register_admin_urls")
def certificate_action_urls():
    return [
        path(
            "certificates/<int:pk>/revoke/",
            admin_views.certificate_revoke,
            name="learning_certificate_revoke",
        ),
        path(
            "certificates/<int:pk>/reissue/",
            admin_views.certificate_reissue,
            name="learning_certificate_reissue",
        ),
        path(
            "certificates/issue/", admin_views.certificate_issue, name="learning_certificate_issue"
        ),
        path("certificate-names/", admin_views.name_requests, name="learning_name_requests"),
    ]


class _CertificateMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("learning.reissue_certificate")


@hooks.register("register_admin_menu_item")
def name_requests_menu_item():
    return _CertificateMenuItem(
        "Name corrections",
        reverse("learning_name_requests"),
        icon_name="user",
        order=241,
    )
