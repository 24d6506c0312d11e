"""The learner's name-correction request, with the model's own limits: what was typed comes
back with a plain-English error instead of reaching the database."""

from django import forms

from learning.certificates.models import NameChangeRequest
from learning.text import CONTROL_CHARACTER, refuse_control_characters

NAME_MAX = NameChangeRequest._meta.get_field("requested_name").max_length
REASON_MAX = 2000


class NameRequestForm(forms.Form):
    requested_name = forms.CharField(
        max_length=NAME_MAX,
        strip=True,
        error_messages={
            "required": "Enter your name as it should appear on the certificate.",
            "max_length": f"Keep your name to {NAME_MAX} characters or fewer.",
            "null_characters_not_allowed": CONTROL_CHARACTER,
        },
    )
    reason = forms.CharField(
        max_length=REASON_MAX,
        required=False,
        error_messages={
            "max_length": f"Keep the note to {REASON_MAX:,} characters or fewer.",
            "null_characters_not_allowed": CONTROL_CHARACTER,
        },
    )

    def clean_requested_name(self):
        value = " ".join(self.cleaned_data["requested_name"].split())
        refuse_control_characters(value, multiline=False)
        return value

    def clean_reason(self):
        value = self.cleaned_data["reason"]
        refuse_control_characters(value)
        return value

    def first_error(self) -> str | None:
        for field in ("requested_name", "reason"):
            if self.errors.get(field):
                return str(self.errors[field][0])  # ErrorList[i] is the message
        return None
