"""The host site's models: the User, the home page and the settings editors change."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from learning.blocks import LearnStreamBlock


class UserManager(BaseUserManager["User"]):
    """Users are known by email alone; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who uses Camino.

    `name` is the full name exactly as it should appear on a certificate; the split first and
    last names of Django's default user do not fit every naming tradition, so they are unused.
    """

    # Removing AbstractUser's fields; the stubs type them as text fields and cannot express this.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        "full name",
        max_length=200,
        help_text="Your full name as it should appear on your certificate.",
    )
    # When `apply_retention` warned them that the account would be deleted for inactivity;
    # cleared when they sign in again (camino.retention).
    inactivity_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    # The stubs pin AbstractUser.objects to Django's UserManager, which needs a username.
    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class HomePage(Page):
    """The front door: a hero, a short introduction and one call to action."""

    hero_heading = models.CharField(max_length=120)
    hero_text = models.CharField(max_length=300, blank=True)
    introduction = RichTextField(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], blank=True
    )
    call_to_action_text = models.CharField(max_length=80, default="Start learning")
    call_to_action_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the call to action leads. Leave empty to send people to sign up.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("call_to_action_text"), FieldPanel("call_to_action_page")],
            heading="Call to action",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """A plain content page (about us, how the programme works) with the same
    content blocks as a module's Learn stage. `make bench` also uses it as the baseline: a
    plain Wagtail page with the same body as the module being measured."""

    introduction = models.CharField(max_length=300, blank=True)
    body = StreamField(LearnStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["camino.HomePage", "camino.StandardPage"]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="cog")
class ProgrammeSettings(BaseSiteSetting):
    """What editors call the programme and how learners reach a person."""

    programme_name = models.CharField(max_length=80, default="Camino")
    tagline = models.CharField(
        max_length=160,
        blank=True,
        default="Leadership for personalised care, one small step at a time",
    )
    support_email = models.EmailField(default="support@camino.example")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header beside the programme name. Keep it simple and wide.",
    )

    # The legal pages linked from every page's footer and from sign-up (camino.legal).
    privacy_notice = models.ForeignKey(
        "camino.LegalPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from every page's footer and from the sign-up form.",
    )
    accessibility_statement = models.ForeignKey(
        "camino.LegalPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from every page's footer.",
    )
    cookies_page = models.ForeignKey(
        "camino.LegalPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="cookies page",
        help_text="Linked from every page's footer.",
    )
    terms_of_use = models.ForeignKey(
        "camino.LegalPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from every page's footer and from the sign-up form.",
    )

    panels = [
        FieldPanel("programme_name"),
        FieldPanel("tagline"),
        FieldPanel("support_email"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_notice"),
                FieldPanel("accessibility_statement"),
                FieldPanel("cookies_page"),
                FieldPanel("terms_of_use"),
            ],
            heading="Legal pages",
        ),
    ]

    class Meta:
        verbose_name = "programme settings"

    @staticmethod
    def cache_key(site_id: int) -> str:
        return f"camino:programme-settings:{site_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))  # pages show the change at once
        # and camino.legal forgets its cached links (a post_save receiver there).


# The audit trail, data exports, legal pages and notifications live in their own modules
# (camino.audit, camino.dataexport, camino.legal, camino.notifications); Django finds their
# models here.
from camino.audit.models import AuditEntry  # noqa: E402
from camino.dataexport.models import DataExport  # noqa: E402
from camino.legal import LegalPage  # noqa: E402
from camino.notifications.models import Notification, NotificationPreference  # noqa: E402

__all__ = [
    "AuditEntry",
    "DataExport",
    "HomePage",
    "LegalPage",
    "Notification",
    "NotificationPreference",
    "ProgrammeSettings",
    "StandardPage",
    "User",
]
