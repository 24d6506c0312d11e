"""Forms for learners' actions."""

from django import forms

from learning.models.assessment import Level
from learning.text import CONTROL_CHARACTER, refuse_control_characters

NOTE_MAX = 2000


class DoneNoteForm(forms.Form):
    """Do's note. A note that cannot be kept (too long, a control character) is refused with
    the stage left undone and the note back in its box: nothing typed is dropped."""

    note = forms.CharField(
        label="What did you do? (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A line or two for your own record. Only you can see it.",
        error_messages={
            "max_length": f"Keep your note to {NOTE_MAX:,} characters or fewer, then mark Do "
            "as done again.",
            "null_characters_not_allowed": CONTROL_CHARACTER,
        },
    )

    def clean_note(self):
        value = self.cleaned_data["note"]
        refuse_control_characters(value)
        return value


class SelfAssessmentForm(forms.Form):
    """One step of the self-assessment: the capabilities of one theme, each on the four-point
    scale or "Not sure yet".

    The walk through the steps keeps answers as posted (field name to radio value), so a
    bound form can be rebuilt from them on any step; `answers()` gives this step's valid ones
    to keep, `ratings()` turns kept answers into what `self_assessment_record` takes."""

    NOT_SURE = "not-sure"  # the "Not sure yet" radio's value; stored as a Rating with no level

    @classmethod
    def level_of(cls, value: str) -> int | None:
        return None if value == cls.NOT_SURE else int(value)

    def __init__(self, *args, theme, previous: dict[int, int | None], kept: dict[str, str], **kw):
        super().__init__(*args, **kw)
        self.theme = theme
        for capability in theme.capabilities.all():
            name = self.field_name(capability)
            # Quote the statement, not its code: learners know what they read, not "B4".
            message = f"Choose how you rate yourself for ‘{capability.statement}’"
            if name in kept:
                initial = kept[name]
            elif capability.id in previous:
                level = previous[capability.id]
                initial = self.NOT_SURE if level is None else str(level)
            else:
                initial = None
            self.fields[name] = forms.TypedChoiceField(
                label=f"{capability.code}: {capability.statement}",
                choices=[*Level.choices, (self.NOT_SURE, "Not sure yet")],
                coerce=self.level_of,
                widget=forms.RadioSelect,
                initial=initial,
                help_text=capability.guidance,
                error_messages={"required": message, "invalid_choice": message},
            )

    @staticmethod
    def field_name(capability) -> str:
        return f"capability_{capability.id}"

    def answers(self) -> dict[str, str]:
        """This step's valid answers as posted, to keep between steps (even when another
        answer on the step is missing)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.data[name] for name in self.fields if name in self.cleaned_data}

    @classmethod
    def ratings(cls, *, steps, kept: dict[str, str]) -> dict[int, int | None]:
        """Kept answers for the framework's capabilities (answers for capabilities removed
        since are dropped), as levels, None for "Not sure yet"."""
        return {
            capability.id: cls.level_of(kept[cls.field_name(capability)])
            for theme in steps
            for capability in theme.capabilities.all()
            if cls.field_name(capability) in kept
        }

    @classmethod
    def first_unanswered_step(cls, *, steps, kept: dict[str, str]) -> int | None:
        for number, theme in enumerate(steps, start=1):
            if any(cls.field_name(c) not in kept for c in theme.capabilities.all()):
                return number
        return None


class ConsentForm(forms.Form):
    facilitators_may_see = forms.BooleanField(
        label="Let my facilitators see my self-assessments",
        required=False,
        help_text=(
            "Facilitators of your cohorts will see your ratings, and they count towards your "
            "cohort's anonymous averages. You can turn this off at any time."
        ),
    )
