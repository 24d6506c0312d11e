"""Responses from the cohort: the owner's choice per share, private facilitator feedback, and
hiding a response. Shares and comments made before this keep the audience they had: members
could not respond to them, and comments were seen by the owner and facilitators only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reflections", "0002_journal_export"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="share",
            name="responses_allowed",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="share",
            name="responses_allowed",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="comment",
            name="facilitators_only",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="comment",
            name="facilitators_only",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="comment",
            name="hidden_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="comment",
            name="hidden_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="hidden_reason",
            field=models.CharField(blank=True, max_length=500),
        ),
    ]
