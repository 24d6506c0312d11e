"""Certificates become their own app (label `certificates`).

The four models that lived in `learning` keep their tables and rows: they are created here in
Django's state only (each names its old table). The design a course uses moves from the course
page to the certificates side (CourseCertificateDesign, a new table, filled from the course
pages' old column before learning's 0006 drops it), and the content types of the moved models
are relabelled, so group permissions, revisions of certificate designs and their log entries
follow them.
"""

import django.core.validators
import django.db.models.deletion
import learning.certificates.models
import modelcluster.fields
import modelsearch.index
import wagtail.models.preview
from django.conf import settings
from django.db import migrations, models


MOVED = ["certificate", "certificateevent", "certificatetemplate", "namechangerequest"]


def designs_copy(apps, schema_editor):
    CoursePage = apps.get_model("learning", "CoursePage")
    Design = apps.get_model("certificates", "CourseCertificateDesign")
    chosen = CoursePage.objects.exclude(certificate_template=None).values_list(
        "pk", "certificate_template_id"
    )
    Design.objects.bulk_create(
        Design(course_id=course_id, template_id=template_id) for course_id, template_id in chosen
    )


def designs_copy_back(apps, schema_editor):
    CoursePage = apps.get_model("learning", "CoursePage")
    Design = apps.get_model("certificates", "CourseCertificateDesign")
    for course_id, template_id in Design.objects.values_list("course_id", "template_id"):
        CoursePage.objects.filter(pk=course_id).update(certificate_template_id=template_id)


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_relabel(apps, schema_editor):
    _relabel(apps, "learning", "certificates")


def content_types_relabel_back(apps, schema_editor):
    _relabel(apps, "certificates", "learning")


class Migration(migrations.Migration):
    initial = True
    # learning's 0006 drops the course page's old column, so the copy below must come first.
    run_before = [("learning", "0006_certificates_moved")]

    dependencies = [
        ("learning", "0005_checklist_tick"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Certificate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                default=learning.certificates.models.new_certificate_code,
                                max_length=12,
                                unique=True,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("valid", "Valid"),
                                    ("revoked", "Revoked"),
                                    ("replaced", "Replaced"),
                                ],
                                default="valid",
                                max_length=10,
                            ),
                        ),
                        ("holder_name", models.CharField(max_length=200)),
                        ("course_title", models.CharField(max_length=255)),
                        ("completed_on", models.DateField()),
                        ("estimated_hours", models.DecimalField(decimal_places=1, max_digits=5)),
                        ("framework_name", models.CharField(blank=True, max_length=160)),
                        (
                            "themes",
                            models.JSONField(
                                default=list,
                                help_text="[{name, capabilities: [{code, statement}]}]",
                            ),
                        ),
                        ("issuer", models.CharField(max_length=160)),
                        ("signatory_name", models.CharField(blank=True, max_length=120)),
                        ("signatory_role", models.CharField(blank=True, max_length=160)),
                        ("design", models.JSONField(default=dict)),
                        (
                            "template_version",
                            models.CharField(
                                help_text="The template revision it was rendered from ('default' if none).",
                                max_length=40,
                            ),
                        ),
                        ("issued_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_reason", models.TextField(blank=True)),
                        ("pdf", models.FileField(blank=True, upload_to="certificates/")),
                        ("pdf_rendered_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "course",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="certificates",
                                to="learning.coursepage",
                            ),
                        ),
                        (
                            "issued_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "replaced_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="replaces",
                                to="certificates.certificate",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="certificates",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learning_certificate",
                        "ordering": ["-issued_at"],
                        "permissions": [
                            ("issue_certificate", "Can issue certificates"),
                            ("revoke_certificate", "Can revoke certificates"),
                            (
                                "reissue_certificate",
                                "Can reissue certificates and approve name corrections",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CertificateEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("issued", "Issued"),
                                    ("revoked", "Revoked"),
                                    ("reissued", "Reissued"),
                                    ("name_requested", "Name change requested"),
                                    ("name_approved", "Name change approved"),
                                    ("name_declined", "Name change declined"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("note", models.TextField(blank=True)),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "certificate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="certificates.certificate",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learning_certificateevent",
                        "ordering": ["at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="CertificateTemplate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=120, unique=True)),
                        (
                            "heading",
                            models.CharField(default="Certificate of completion", max_length=120),
                        ),
                        (
                            "statement",
                            models.CharField(
                                default="has completed",
                                help_text="The words between the learner's name and the course title.",
                                max_length=300,
                            ),
                        ),
                        (
                            "closing_text",
                            models.TextField(
                                blank=True,
                                default="Awarded for completing every required module: learning, putting it into practice, reflecting and sharing.",
                            ),
                        ),
                        (
                            "issuer",
                            models.CharField(
                                default="Camino",
                                help_text="The organisation that awards the certificate.",
                                max_length=160,
                            ),
                        ),
                        ("signatory_name", models.CharField(blank=True, max_length=120)),
                        ("signatory_role", models.CharField(blank=True, max_length=160)),
                        (
                            "accent_colour",
                            models.CharField(
                                default="#005eb8",
                                help_text="Borders and headings. Choose a dark colour: text sits on white.",
                                max_length=7,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^#[0-9a-fA-F]{6}$",
                                        "Use a colour like #005eb8 (a # and six digits)",
                                    )
                                ],
                            ),
                        ),
                        (
                            "latest_revision",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailcore.revision",
                                verbose_name="latest revision",
                            ),
                        ),
                        (
                            "logo",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                            ),
                        ),
                        (
                            "signature",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learning_certificatetemplate",
                        "ordering": ["name"],
                    },
                    bases=(
                        wagtail.models.preview.PreviewableMixin,
                        modelsearch.index.Indexed,
                        models.Model,
                    ),
                ),
                migrations.AddField(
                    model_name="certificate",
                    name="template",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="certificates.certificatetemplate",
                    ),
                ),
                migrations.CreateModel(
                    name="NameChangeRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("requested_name", models.CharField(max_length=200)),
                        ("reason", models.TextField(blank=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for a decision"),
                                    ("approved", "Approved"),
                                    ("declined", "Declined"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "certificate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="name_requests",
                                to="certificates.certificate",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "learning_namechangerequest",
                        "ordering": ["-requested_at"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="certificate",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "valid")),
                        fields=("user", "course"),
                        name="one_valid_certificate_per_learner_and_course",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="CourseCertificateDesign",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "course",
                    models.OneToOneField(
                        error_messages={
                            "unique": "This course already uses another certificate design. Remove it from that design first."
                        },
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_design",
                        to="learning.coursepage",
                    ),
                ),
                (
                    "template",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="course_links",
                        to="certificates.certificatetemplate",
                    ),
                ),
            ],
            options={
                "verbose_name": "course using this design",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(designs_copy, designs_copy_back),
        migrations.RunPython(content_types_relabel, content_types_relabel_back),
    ]
