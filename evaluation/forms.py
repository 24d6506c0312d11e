"""The reports' filters: course, cohort and the dates enrolments started between."""

from django import forms

from cohorts.models import Cohort
from learning.models import CoursePage


class ReportFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.live().order_by("title"),
        empty_label=None,
        error_messages={"invalid_choice": "Choose a course from the list."},
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.order_by("name"),
        required=False,
        empty_label="All cohorts",
        error_messages={"invalid_choice": "Choose a cohort from the list."},
    )
    date_from = forms.DateField(
        label="Enrolled from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2026-01-31."},
    )
    date_to = forms.DateField(
        label="Enrolled to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2026-12-31."},
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        course, cohort = cleaned.get("course"), cleaned.get("cohort")
        if course is not None and cohort is not None and cohort.course_id != course.pk:
            self.add_error("cohort", f"{cohort.name} is a cohort of another course.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned
