"""Leadership frameworks: Framework → ordered Themes → ordered Capabilities.

Editors manage them as one snippet with nested inline panels, so a framework is written and
reordered on one screen.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Framework(index.Indexed, ClusterableModel):
    name = models.CharField(max_length=160, unique=True)
    short_name = models.CharField(
        max_length=20,
        help_text="A few letters used in reports and charts, for example 'LPC'.",
    )
    summary = models.TextField(help_text="What the framework is and where it comes from.")
    source_url = models.URLField("source link", blank=True)
    version = models.CharField(max_length=40, blank=True, help_text="For example '2023'.")

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("summary"),
                FieldPanel("source_url"),
                FieldPanel("version"),
            ],
            heading="About the framework",
        ),
        InlinePanel("themes", heading="Themes", label="Theme", min_num=1),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(ClusterableModel, Orderable):
    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("capabilities", heading="Capabilities", label="Capability"),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return self.name


class Capability(Orderable):
    theme = ParentalKey(Theme, on_delete=models.CASCADE, related_name="capabilities")
    code = models.CharField(max_length=12, help_text="A short code such as 'B2'.")
    statement = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="Optional: what this looks like in practice.")

    panels = [FieldPanel("code"), FieldPanel("statement"), FieldPanel("guidance")]

    class Meta(Orderable.Meta):
        verbose_name_plural = "capabilities"

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"

    def clean(self) -> None:
        super().clean()
        if not self.code.strip():
            raise ValidationError({"code": "Give the capability a short code, such as B2."})
