"""Forms for the journal. Every rejected form keeps what the person typed."""

from typing import cast

from django import forms

from learning.models import Capability, Stage
from reflections.models import BODY_MAX_CHARACTERS, TITLE_MAX_LENGTH
from reflections.sanitise import plain_text, rich_text_clean

RAW_BODY_LIMIT = BODY_MAX_CHARACTERS * 6  # markup included; refuses pathological input early


class EntryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": "Give your entry a title",
            "max_length": f"The title can be up to {TITLE_MAX_LENGTH} characters",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label="Your reflection",
        strip=False,
        help_text="Only you can read this unless you choose to share it.",
        error_messages={"required": "Write something before you save"},
        widget=forms.Textarea(attrs={"rows": 14, "data-journal-body": ""}),
    )
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices, initial=Stage.REFLECT)
    capabilities = forms.ModelMultipleChoiceField(
        label="Capabilities this is about (optional)",
        queryset=Capability.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # "html" when the formatting editor wrote the body (set by journal-editor.js); otherwise
    # the body is plain text from the textarea, and every character is kept as typed.
    body_format = forms.ChoiceField(
        choices=[("text", "text"), ("html", "html")],
        required=False,
        initial="text",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, capability_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if capability_queryset is not None:
            field = self.fields["capabilities"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = capability_queryset
            # Labelling a field's options the documented way; the stubs see a method there.
            field.label_from_instance = (  # type: ignore[method-assign]
                lambda obj: f"{obj.code}: {obj.statement}"
            )
        else:
            del self.fields["capabilities"]

    def body_is_html(self) -> bool | None:
        """True from the editor, False from the plain textarea, None if the form did not say
        (then text with no markup at all counts as plain text)."""
        said = self.data.get(self.add_prefix("body_format"))
        return {"html": True, "text": False}.get(said) if isinstance(said, str) else None

    def clean_body(self) -> str:
        raw = self.cleaned_data["body"]
        if len(raw) > RAW_BODY_LIMIT:
            raise forms.ValidationError(self._too_long(len(raw)))
        text = plain_text(rich_text_clean(raw, is_html=self.body_is_html()))
        if not text.strip():
            raise forms.ValidationError("Write something before you save")
        if len(text) > BODY_MAX_CHARACTERS:
            raise forms.ValidationError(self._too_long(len(text)))
        return raw

    @staticmethod
    def _too_long(length: int) -> str:
        return (
            f"Your entry is {length:,} characters long. The limit is {BODY_MAX_CHARACTERS:,}. "
            "Shorten it or split it into two entries: your text is still in the box."
        )


class ShareForm(forms.Form):
    cohort = forms.TypedChoiceField(
        label="Share with",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a cohort to share with"},
    )
    responses_allowed = forms.BooleanField(
        label="Let members of the cohort respond",
        required=False,
        initial=True,
        help_text="The cohort's facilitators can always comment. You can change this later.",
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cohort"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.pk, c.name) for c in cohorts]


class CommentForm(forms.Form):
    """A response, comment or reply. Owners and facilitators may keep theirs between the
    owner and the cohort's facilitators; members' responses are for everyone who can read
    the entry."""

    body = forms.CharField(
        label="Your response",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write something before you send it",
            "max_length": "This can be up to 5,000 characters. Make it shorter",
        },
    )
    facilitators_only = forms.BooleanField(
        label="Keep this between the author and the cohort's facilitators",
        required=False,
        help_text="Other members of the cohort will not see it.",
    )

    LABELS = {
        "owner": ("Reply", "Only the facilitators can see this reply"),
        "facilitator": ("Add a comment", None),
        "member": ("Respond", None),
    }

    def __init__(self, *args, role: str = "member", **kwargs):
        super().__init__(*args, **kwargs)
        label, private_label = self.LABELS.get(role, self.LABELS["member"])
        self.fields["body"].label = label
        if role == "member":
            del self.fields["facilitators_only"]
        elif private_label:
            self.fields["facilitators_only"].label = private_label


class JournalFilterForm(forms.Form):
    q = forms.CharField(label="Search your journal", required=False, max_length=200)
    course = forms.TypedChoiceField(label="Course", required=False, coerce=int, empty_value=None)
    module = forms.TypedChoiceField(label="Module", required=False, coerce=int, empty_value=None)
    stage = forms.ChoiceField(label="Stage", required=False)
    capability = forms.TypedChoiceField(
        label="Capability", required=False, coerce=int, empty_value=None
    )
    shared = forms.ChoiceField(
        label="Shared or private",
        required=False,
        choices=[("", "All entries"), ("shared", "Shared"), ("private", "Private")],
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        # Every field of this form is a ChoiceField.
        fields = cast(dict[str, forms.ChoiceField], self.fields)
        fields["course"].choices = [("", "All courses")] + [
            (c.pk, c.title) for c in choices["courses"]
        ]
        fields["module"].choices = [("", "All modules")] + [
            (m.pk, m.title) for m in choices["modules"]
        ]
        fields["stage"].choices = [("", "All stages"), *Stage.choices]
        fields["capability"].choices = [("", "All capabilities")] + [
            (c.pk, f"{c.code}: {c.statement[:60]}") for c in choices["capabilities"]
        ]
