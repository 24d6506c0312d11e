"""The course page tree: CourseIndexPage (/courses/) → CoursePage → ModulePage.

Page-tree rules are enforced with parent_page_types and subpage_types. The plugin does not
name the host's home page: a CourseIndexPage may sit under any page, and one is enough.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from learning.blocks import RICH_TEXT_FEATURES, LabelledCharBlock, LearnStreamBlock

from .frameworks import Capability
from .progress import Stage


def context_from_hooks(hook_name: str, page: Page, request) -> dict:
    """What a page shows that needs request-time data (the learner's progress, messages,
    forms). The models sit below selectors, forms and views and never import them; the
    plugin's wagtail_hooks.py registers the functions that build this context, each called as
    `fn(page=page, request=request)` and returning a dict."""
    context: dict = {}
    for fn in hooks.get_hooks(hook_name):
        context.update(fn(page=page, request=request))
    return context


def route_to_child(parent: Page, child_model, request, path_components):
    """Page.route, but fetching the specific child in one query instead of two, and leaving
    the parent cached on it so get_parent() costs nothing while the page is served."""
    if not path_components:
        return Page.route(parent, request, path_components)
    try:
        child = child_model.objects.child_of(parent).get(slug=path_components[0])
    except child_model.DoesNotExist as error:
        raise Http404 from error
    child._cached_parent_obj = parent
    return child.route(request, path_components[1:])


def breadcrumbs_for(page: Page, request) -> list[dict]:
    """Breadcrumbs from the cached parents (see route_to_child), below the home page."""
    crumbs: list[dict] = []
    parent = page.get_parent()
    while parent is not None and parent.depth > 2:
        crumbs.insert(0, {"title": parent.title, "url": parent.get_url(request)})
        if parent.depth == 3:  # its parent is the home page, which has no crumb of its own
            break
        parent = parent.get_parent()
    return crumbs


class CourseIndexPage(Page):
    """The course catalogue at /courses/: every live course below it."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["learning.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def route(self, request, path_components):
        return route_to_child(self, CoursePage, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(context_from_hooks("learning_course_index_context", self, request))
        return context


DEFAULT_FOLLOW_UP_QUESTIONS = (
    "What have you done differently since the course?\n"
    "What difference has it made to the people you work with?"
)


class CoursePage(Page):
    summary = models.CharField(max_length=300, help_text="One or two sentences for the catalogue.")
    audience = RichTextField("who it is for", features=["bold", "italic", "ul", "link"], blank=True)
    learning_outcomes = StreamField(
        [("outcome", LabelledCharBlock(label="Outcome"))],
        blank=True,
        help_text="What learners will be able to do by the end. Start each with a verb.",
    )
    estimated_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text="Roughly how long the whole course takes, in hours.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    framework = models.ForeignKey(
        "learning.Framework",
        on_delete=models.PROTECT,
        related_name="courses",
        help_text="The leadership framework the course's modules are mapped to.",
    )
    awards_certificate = models.BooleanField(
        default=True,
        help_text="Learners who complete the course receive a certificate. Its design is "
        "chosen under Certificate designs.",
    )
    follow_up_questions = models.TextField(
        default=DEFAULT_FOLLOW_UP_QUESTIONS,
        blank=True,
        help_text="One question per line. Learners are asked them 3 and 6 months after "
        "completing the course, with an invitation to rate themselves again.",
    )
    share_required = models.BooleanField(
        "share stage required",
        default=False,
        help_text=(
            "If ticked, a module is complete only once the learner has shared or chosen not to "
            "share. If not, Learn, Do and Reflect are enough."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("learning_outcomes"),
        FieldRowPanel([FieldPanel("estimated_hours"), FieldPanel("framework")]),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("awards_certificate"),
                FieldPanel("share_required"),
            ],
            heading="Completion",
        ),
        FieldPanel("follow_up_questions", heading="Follow-up questions"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["learning.CourseIndexPage"]
    subpage_types = ["learning.ModulePage"]

    class Meta:
        verbose_name = "course"

    def route(self, request, path_components):
        return route_to_child(self, ModulePage, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(context_from_hooks("learning_course_context", self, request))
        context["breadcrumbs"] = breadcrumbs_for(self, request)
        return context


class ModulePageForm(WagtailAdminPageForm):
    """Capabilities come from the course's framework and, optionally, one more framework."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "capabilities" in self.fields:
            self.fields["capabilities"].queryset = Capability.objects.select_related(
                "theme__framework"
            ).order_by("theme__framework__name", "theme__sort_order", "sort_order")
            self.fields["capabilities"].label_from_instance = lambda c: (
                f"{c.theme.framework.short_name} · {c.theme.name} · {c.code}: {c.statement}"
            )

    def clean(self):
        cleaned = super().clean()
        # Drafts (and Wagtail's autosave) may be incomplete; publishing needs a prompt.
        if not self.is_deferred_validation and not cleaned.get("reflect_prompts"):
            self.add_error("reflect_prompts", "Add at least one reflection prompt.")
        course = self.parent_page.specific if self.parent_page else None
        capabilities = cleaned.get("capabilities") or []
        second = cleaned.get("second_framework")
        if course is not None and isinstance(course, CoursePage):
            allowed = {course.framework_id} | ({second.pk} if second else set())
            stray = [c for c in capabilities if c.theme.framework_id not in allowed]
            if stray:
                self.add_error(
                    "capabilities",
                    "Choose capabilities from the course's framework ("
                    f"{course.framework}) or the second framework you chose. Not allowed: "
                    + ", ".join(c.code for c in stray),
                )
        return cleaned


class ModulePage(Page):
    """One module: four stages, learn → do → reflect → share."""

    summary = models.CharField(max_length=300, help_text="One or two sentences for the task list.")
    estimated_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    is_required = models.BooleanField(
        "required",
        default=True,
        help_text="Required modules count towards completing the course; optional ones do not.",
    )
    capabilities = ParentalManyToManyField(
        "learning.Capability",
        blank=True,
        related_name="modules",
        help_text="The capabilities this module develops.",
    )
    second_framework = models.ForeignKey(
        "learning.Framework",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: another framework whose capabilities this module also develops.",
    )
    learn_body = StreamField(LearnStreamBlock(), blank=True, verbose_name="learn")
    do_activity = RichTextField(
        "activity",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="A small practical action in the learner's own workplace or community.",
    )
    do_checklist = StreamField(
        [("item", LabelledCharBlock(label="Checklist item"))],
        blank=True,
        verbose_name="checklist",
        help_text="Optional steps the learner can tick off as they go.",
    )
    reflect_prompts = StreamField(
        [("prompt", LabelledCharBlock(label="Prompt"))],
        blank=True,
        verbose_name="reflection prompts",
        help_text="Questions for the learner's private journal entry.",
    )
    share_invitation = RichTextField(
        "invitation to share",
        features=["bold", "italic", "ul", "link"],
        blank=True,
        help_text="Invite learners to share a learning or story with their cohort.",
    )

    base_form_class = ModulePageForm
    parent_page_types = ["learning.CoursePage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learn_body"),
        index.SearchField("do_activity"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
        MultiFieldPanel(
            [
                FieldPanel("capabilities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("second_framework"),
            ],
            heading="Framework mapping",
        ),
    ]
    stage_panels = [
        HelpPanel(
            "<p>Each module has four stages. Learners mark Learn and Do as done, write a "
            "private journal entry for Reflect, and choose whether to share.</p>"
        ),
        MultiFieldPanel([FieldPanel("learn_body")], heading="1. Learn"),
        MultiFieldPanel([FieldPanel("do_activity"), FieldPanel("do_checklist")], heading="2. Do"),
        MultiFieldPanel([FieldPanel("reflect_prompts")], heading="3. Reflect"),
        MultiFieldPanel([FieldPanel("share_invitation")], heading="4. Share"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Module"),
            ObjectList(stage_panels, heading="Stages"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "module"

    def get_context(self, request, *args, **kwargs):
        """The learner's journey through the module, the Do form and the stage messages come
        from the `learning_module_context` hook (learning/wagtail_hooks.py); the access check
        (signed in and enrolled) is Wagtail's `before_serve_page` hook there too."""
        context = super().get_context(request, *args, **kwargs)
        context["stages"] = Stage.choices
        context["breadcrumbs"] = breadcrumbs_for(self, request)
        context.update(context_from_hooks("learning_module_context", self, request))
        return context
