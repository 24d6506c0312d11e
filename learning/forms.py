"""Forms for learners' actions."""

from django import forms

from learning.models.assessment import Level


class DoneNoteForm(forms.Form):
    note = forms.CharField(
        label="What did you do? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line or two for your own record. Only you can see it.",
    )


class SelfAssessmentForm(forms.Form):
    """One radio group per capability, on the four-point scale."""

    def __init__(self, *args, themes, previous: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for theme in themes:
            names = []
            for capability in theme.capabilities.all():
                name = f"capability_{capability.id}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{capability.code}: {capability.statement}",
                    choices=Level.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    initial=previous.get(capability.id),
                    help_text=capability.guidance,
                    error_messages={
                        "required": f"Choose a level for {capability.code}",
                    },
                )
                names.append(name)
            self.groups.append((theme, [self[n] for n in names]))

    def ratings(self) -> dict[int, int]:
        return {
            int(name.removeprefix("capability_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("capability_")
        }


class ConsentForm(forms.Form):
    facilitators_may_see = forms.BooleanField(
        label="Let my facilitators see my self-assessments",
        required=False,
        help_text=(
            "Facilitators of your cohorts will see your ratings, and they count towards your "
            "cohort's anonymous averages. You can turn this off at any time."
        ),
    )
