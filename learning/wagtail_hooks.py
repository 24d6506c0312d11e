"""The learning plugin's admin: frameworks as snippets, the coverage report, role permissions,
demo content."""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from learning import admin_views, selectors, views
from learning.forms import DoneNoteForm
from learning.models import Framework, ModulePage


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


# The learning pages' request-time parts. The page models sit below selectors, forms and views
# and never import them: they ask these hooks (learning.models.pages.context_from_hooks), and
# Wagtail asks `before_serve_page` before serving a page.


@hooks.register("before_serve_page", order=100)
def module_access_check(page, request, serve_args, serve_kwargs):
    """A module page needs a signed-in learner enrolled in its course (editors' previews do not
    come through here). The learner's journey is kept on the page for its context, so it is
    worked out once per request. Ordered after Wagtail's own checks (request method, privacy)."""
    if not isinstance(page, ModulePage):
        return None
    page._journey = selectors.module_journey(
        module=page, user=request.user, preview=getattr(request, "is_preview", False)
    )
    return views.module_access_response(request=request, journey=page._journey)


@hooks.register("learning_course_index_context")
def course_index_context(*, page, request) -> dict:
    return {"courses": selectors.catalogue_courses(index_page=page, user=request.user)}


@hooks.register("learning_course_context")
def course_context(*, page, request) -> dict:
    return {"overview": selectors.course_overview(course=page, user=request.user)}


@hooks.register("learning_module_context")
def module_context(*, page, request) -> dict:
    preview = getattr(request, "is_preview", False)
    journey = getattr(page, "_journey", None) or selectors.module_journey(
        module=page, user=request.user, preview=preview
    )
    context = {"journey": journey, "do_form": DoneNoteForm(auto_id="do_%s")}
    if not preview:
        # Messages go beside the stage they are about; a preview leaves the admin's alone.
        context.update(views.module_page_extras(request=request, module=page))
    return context


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
    return {
        "Content editors": [*framework, "learning.delete_framework"],
        "Programme admins": ["learning.view_framework"],
    }


@hooks.register("register_demo_data")
def learning_demo_data(accounts):
    from learning.demo import demo_learning_ensure

    demo_learning_ensure(accounts=accounts)


@hooks.register("camino_retention")
def delete_expired_form_tokens(now, dry_run=False):
    """Tokens of submitted forms (learning.submissions) outlive any resubmission by far."""
    from learning.submissions import form_tokens_delete_expired

    return form_tokens_delete_expired(now, dry_run=dry_run)


@hooks.register("camino_personal_data")
def personal_data(user):
    """This plugin's part of a person's data export (the host gathers every plugin's)."""
    from learning.personal_data import personal_data as gather

    return gather(user)
