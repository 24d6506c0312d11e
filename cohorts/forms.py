from django import forms


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
        cleaned = super().clean()
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
    sort = forms.ChoiceField(choices=SORTS, required=False, label="Sort by")
    inactive = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="No activity in the last … days",
        help_text="Leave empty to show everyone.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )
