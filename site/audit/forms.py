"""The audit trail's filters: person, actor, action and dates."""

from __future__ import annotations

from django import forms

from camino.audit.models import ACTIONS
from learning.text import refuse_control_characters


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label="Person (name or email)",
        required=False,
        max_length=200,
        validators=[lambda v: refuse_control_characters(v, multiline=False)],
        error_messages={"max_length": "Enter at most 200 characters."},
    )
    actor = forms.CharField(
        label="Done by (name or email)",
        required=False,
        max_length=200,
        validators=[lambda v: refuse_control_characters(v, multiline=False)],
        error_messages={"max_length": "Enter at most 200 characters."},
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "All actions"), *sorted(ACTIONS.items(), key=lambda item: item[1])],
        error_messages={"invalid_choice": "Choose an action from the list."},
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2026-01-31."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2026-12-31."},
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned
