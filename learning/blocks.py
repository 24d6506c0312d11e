"""StreamField blocks for a module's Learn stage.

NHS.UK content blocks come from wagtail-nhsuk-frontend; Camino adds a story from a person who
uses services and a downloadable document.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock as AccessibleImageBlock
from wagtailnhsukfrontend.blocks import (
    CareCardBlock,
    DoBlock,
    DontBlock,
    ExpanderBlock,
    InsetTextBlock,
    WarningCalloutBlock,
)

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class LabelledCharBlock(blocks.CharBlock):
    """A one-line text block whose input is named by the block's label in the page editor.

    Wagtail shows the label of a block in a StreamField as a heading that is not tied to the
    input (Wagtail issue #11179), so screen readers met an unnamed text box ("edit text").
    Migrations see a plain CharBlock: nothing is stored differently.
    """

    canonical_module_path = "wagtail.blocks.CharBlock"

    def set_name(self, name):
        super().set_name(name)
        self.field.widget.attrs["aria-label"] = str(self.label)


class StoryBlock(blocks.StructBlock):
    """A quote or story from a person who uses services, in their own words."""

    quote = blocks.TextBlock(help_text="Their words, as they said or wrote them.")
    person = blocks.CharBlock(
        help_text="How they want to be named, for example 'Ruth, carer for her husband'.",
    )
    context = blocks.CharBlock(
        required=False, help_text="Optional: a line of context, such as where the story is from."
    )

    class Meta:
        icon = "openquote"
        label = "Story from a person who uses services"
        template = "learning/blocks/story.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address.")
    title = blocks.CharBlock(help_text="What the video is, for people who cannot watch it.")
    transcript = blocks.TextBlock(
        required=False, help_text="A transcript, shown under the video in an expander."
    )

    class Meta:
        icon = "media"
        template = "learning/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, help_text="What the document is for.")

    class Meta:
        icon = "doc-full"
        label = "Downloadable document"
        template = "learning/blocks/document.html"


class LearnStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = AccessibleImageBlock()
    video = VideoBlock()
    story = StoryBlock()
    document = DocumentBlock()
    inset_text = InsetTextBlock()
    care_card = CareCardBlock()
    expander = ExpanderBlock()
    warning_callout = WarningCalloutBlock()
    do_list = DoBlock()
    dont_list = DontBlock(label="Don't list")
