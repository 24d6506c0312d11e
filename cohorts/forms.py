from django import forms

from cohorts.models import LearnerStatus
from cohorts.selectors import STALLED

DAYS_MESSAGE = "Enter a whole number of days from 1 to 365"


class InvitationForm(forms.Form):
    addresses = forms.CharField(
        label="Email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text="One per line, or separated by commas.",
    )
    csv_file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="One address per row. A header row is fine. Save it as CSV UTF-8.",
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if upload and upload.size > 1024 * 1024:
            raise forms.ValidationError(
                "The file is bigger than 1 MB. Split it into smaller files."
            )
        return upload

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("addresses", "").strip() and not cleaned.get("csv_file"):
            raise forms.ValidationError("Enter at least one email address, or choose a CSV file.")
        return cleaned


class GridFilterForm(forms.Form):
    SORTS = [
        ("name", "Name"),
        ("progress", "Most progress first"),
        ("progress-asc", "Least progress first"),
        ("activity", "Longest without activity first"),
    ]
    SHOW = [
        ("", "Everyone"),
        (STALLED, "Stalled"),
        (LearnerStatus.NOT_STARTED.value, "Not started"),
        (LearnerStatus.IN_PROGRESS.value, "In progress"),
        (LearnerStatus.COMPLETED.value, "Completed"),
    ]
    show = forms.ChoiceField(choices=SHOW, required=False, label="Show")
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Sort by")
    inactive = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="No activity in the last … days",
        help_text="Leave empty to show everyone.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )


class DaysInput(forms.TextInput):
    """A text box, not type=number: browsers empty a number box holding "abc" or "1.5", and
    the person must see what they typed beside the message. A NUL byte cannot be shown in
    HTML, so it is left out of the value shown (and the value is refused)."""

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return value or None


class CohortSettingsForm(forms.Form):
    stalled_after_days = forms.IntegerField(
        label="Stalled after this many days without activity",
        help_text=(
            "A learner who has not finished the course and has done nothing in it for this "
            "many days is shown as stalled on the progress grid and in your weekly email. "
            "A whole number from 1 to 365."
        ),
        min_value=1,
        max_value=365,
        error_messages={
            "required": DAYS_MESSAGE,
            "invalid": DAYS_MESSAGE,
            "min_value": DAYS_MESSAGE,
            "max_value": DAYS_MESSAGE,
            "null_characters_not_allowed": DAYS_MESSAGE,
        },
        widget=DaysInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "nhsuk-input--width-4",
            }
        ),
    )
