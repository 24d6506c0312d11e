"""Completion certificates.

A Certificate freezes, at issue, everything it states (holder's name, course, completion date,
hours, the framework themes and capabilities developed, issuer, signatory and the design of the
template it was rendered from), so later edits elsewhere never change an issued certificate;
only reissuing does. A database constraint keeps exactly one valid certificate per learner and
course, so two simultaneous completions cannot create two.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from learning.codes import code_new, format_code

CODE_LENGTH = 12


def new_certificate_code() -> str:
    return code_new(length=CODE_LENGTH)


class CertificateTemplate(RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """How a certificate looks and what it says; editors design it in the admin, with a
    preview rendered as the real PDF. Which courses use it is chosen here too (the course
    page belongs to `learning`, which knows nothing of certificates): a course named by no
    design gets Camino's standard one."""

    name = models.CharField(max_length=120, unique=True)
    heading = models.CharField(max_length=120, default="Certificate of completion")
    statement = models.CharField(
        max_length=300,
        default="has completed",
        help_text="The words between the learner's name and the course title.",
    )
    closing_text = models.TextField(
        blank=True,
        default="Awarded for completing every required module: learning, putting it into "
        "practice, reflecting and sharing.",
    )
    issuer = models.CharField(
        max_length=160,
        default="Camino",
        help_text="The organisation that awards the certificate.",
    )
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_role = models.CharField(max_length=160, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#005eb8",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #005eb8 (a # and six digits)")
        ],
        help_text="Borders and headings. Choose a dark colour: text sits on white.",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("statement"), FieldPanel("closing_text")],
            heading="Wording",
        ),
        MultiFieldPanel(
            [
                FieldPanel("issuer"),
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_role")]),
                FieldPanel("signature"),
            ],
            heading="Issuer and signatory",
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("accent_colour")], heading="Look"),
        InlinePanel(
            "course_links",
            heading="Courses that use this design",
            label="Course",
            help_text="A course can use one design. Courses not listed on any design get "
            "Camino's standard design.",
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        db_table = "learning_certificatetemplate"  # kept from before certificates had an app

    def __str__(self) -> str:
        return self.name

    def design(self) -> dict:
        """The template as frozen onto a certificate at issue."""
        return {
            "heading": self.heading,
            "statement": self.statement,
            "closing_text": self.closing_text,
            "issuer": self.issuer,
            "signatory_name": self.signatory_name,
            "signatory_role": self.signatory_role,
            "signature_image_id": self.signature_id,
            "logo_image_id": self.logo_id,
            "accent_colour": self.accent_colour,
        }

    def serve_preview(self, request, mode_name):
        from learning.certificates.pdf import preview_pdf_response

        return preview_pdf_response(template=self)

    @property
    def preview_modes(self):
        return [("", "Certificate (PDF)")]


class CourseCertificateDesign(Orderable):
    """The design a course's certificates are issued in: one per course (the database says
    so), chosen on the design's own screen."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="course_links"
    )
    course = models.OneToOneField(
        "learning.CoursePage",
        on_delete=models.CASCADE,
        related_name="certificate_design",
        error_messages={
            "unique": "This course already uses another certificate design. Remove it from "
            "that design first."
        },
    )

    panels = [PageChooserPanel("course", page_type="learning.CoursePage")]

    class Meta(Orderable.Meta):
        verbose_name = "course using this design"

    def __str__(self) -> str:
        return f"{self.course} uses {self.template}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        REVOKED = "revoked", "Revoked"
        REPLACED = "replaced", "Replaced"

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_certificate_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "learning.CoursePage", null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)
    # Frozen at issue:
    holder_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=255)
    completed_on = models.DateField()
    estimated_hours = models.DecimalField(max_digits=5, decimal_places=1)
    framework_name = models.CharField(max_length=160, blank=True)
    themes = models.JSONField(default=list, help_text="[{name, capabilities: [{code, statement}]}]")
    issuer = models.CharField(max_length=160)
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_role = models.CharField(max_length=160, blank=True)
    design = models.JSONField(default=dict)
    template = models.ForeignKey(
        CertificateTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_version = models.CharField(
        max_length=40, help_text="The template revision it was rendered from ('default' if none)."
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    pdf = models.FileField(upload_to="certificates/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        db_table = "learning_certificate"
        # Certificates are never edited in place: programme admins issue, revoke and reissue
        # them through the services (each recorded), so these replace Django's add/change.
        permissions = [
            ("issue_certificate", "Can issue certificates"),
            ("revoke_certificate", "Can revoke certificates"),
            ("reissue_certificate", "Can reissue certificates and approve name corrections"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="valid"),  # Status.VALID; a literal keeps migrations stable
                name="one_valid_certificate_per_learner_and_course",
            )
        ]

    def __str__(self) -> str:
        return format_code(self.code)

    def get_absolute_url(self) -> str:
        return reverse("certificates:certificate", args=[self.display_code])

    @property
    def display_code(self) -> str:
        return format_code(self.code)


class CertificateEvent(models.Model):
    """Every action on a certificate, with who and when."""

    class Action(models.TextChoices):
        ISSUED = "issued", "Issued"
        REVOKED = "revoked", "Revoked"
        REISSUED = "reissued", "Reissued"
        NAME_REQUESTED = "name_requested", "Name change requested"
        NAME_APPROVED = "name_approved", "Name change approved"
        NAME_DECLINED = "name_declined", "Name change declined"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        db_table = "learning_certificateevent"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.certificate}"


class NameChangeRequest(models.Model):
    """'My name is wrong': a programme admin approves (which reissues) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="name_requests"
    )
    requested_name = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        db_table = "learning_namechangerequest"

    def __str__(self) -> str:
        return f"Name change to {self.requested_name}"


# --- Open Badges 3.0 ---------------------------------------------------------------------------
# Every certificate is also a signed OpenBadgeCredential (learning.certificates.credentials).


@register_setting(icon="crosshairs")
class IssuerProfile(BaseGenericSetting):
    """Who issues Camino's credentials: the Open Badges `Profile` every credential carries
    (frozen into each one at issue, as the certificate's own facts are). The signing keys are
    not here: they come from the environment and are never shown or edited."""

    name = models.CharField(
        max_length=160, default="Camino", help_text="The programme or organisation, in full."
    )
    url = models.URLField(
        "web address",
        blank=True,
        help_text="Its public web site. Leave empty for this site's address.",
    )
    email = models.EmailField(
        blank=True,
        help_text="Where people can ask about a credential. Leave empty for the site's "
        "sending address.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square logo; it is copied into each credential, so keep it small.",
    )

    panels = [
        HelpPanel(
            "<p>Every certificate is also an Open Badges credential that names this issuer. "
            "Changes apply to credentials issued from now on: issued ones never change. The "
            "key that signs them is set on the server and is not shown here.</p>"
        ),
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("email"),
        FieldPanel("image"),
    ]

    class Meta:
        verbose_name = "credential issuer"


class SigningKey(models.Model):
    """The public half of every key that has signed a credential. The private key lives only
    in the environment (CREDENTIALS_SIGNING_KEY) or, in development, under var/; when it is
    rotated, the old public key stays here and in the issuer's DID document, so credentials
    signed with it still verify."""

    public_key_multibase = models.CharField(max_length=60, unique=True)
    first_used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_used_at", "id"]

    def __str__(self) -> str:
        return self.public_key_multibase


class StatusList(models.Model):
    """A W3C Bitstring Status List: one bit per credential (1 = revoked). Its signed credential
    is kept here and served as it is, re-signed only when a bit changes."""

    SIZE = 131_072  # the specification's minimum, for group privacy

    bits = models.BinaryField(editable=False)
    document = models.JSONField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Status list {self.pk}"

    def bit(self, index: int) -> bool:
        return bool(bytes(self.bits)[index // 8] & (0x80 >> (index % 8)))


class Credential(models.Model):
    """A certificate's Open Badges credential. `document` is the credential as issued: built
    from the certificate's frozen facts when the certificate is issued, and signed (its
    `proof` added) in the background; nothing in it changes after that."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.CASCADE, related_name="credential"
    )
    document = models.JSONField()
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    signing_key = models.ForeignKey(
        SigningKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_credential_per_status_bit"
            )
        ]

    def __str__(self) -> str:
        return f"Credential for {self.certificate}"
