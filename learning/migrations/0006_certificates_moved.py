"""Certificates moved to their own app (certificates 0001 runs first and takes them over in
Django's state, with their tables and rows). Here `learning` forgets them, in state only, and
drops the course page's design column, whose values certificates 0001 copied.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_checklist_tick"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="coursepage",
            name="certificate_template",
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="awards_certificate",
            field=models.BooleanField(
                default=True,
                help_text="Learners who complete the course receive a certificate. Its design is chosen under Certificate designs.",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="namechangerequest",
                    name="certificate",
                ),
                migrations.RemoveField(
                    model_name="certificateevent",
                    name="certificate",
                ),
                migrations.RemoveField(
                    model_name="certificateevent",
                    name="by",
                ),
                migrations.RemoveField(
                    model_name="certificatetemplate",
                    name="latest_revision",
                ),
                migrations.RemoveField(
                    model_name="certificatetemplate",
                    name="logo",
                ),
                migrations.RemoveField(
                    model_name="certificatetemplate",
                    name="signature",
                ),
                migrations.RemoveField(
                    model_name="namechangerequest",
                    name="decided_by",
                ),
                migrations.DeleteModel(
                    name="Certificate",
                ),
                migrations.DeleteModel(
                    name="CertificateEvent",
                ),
                migrations.DeleteModel(
                    name="CertificateTemplate",
                ),
                migrations.DeleteModel(
                    name="NameChangeRequest",
                ),
            ],
            database_operations=[],
        ),
    ]
