"""Forms of the host site."""

from django import forms


class SignupNameForm(forms.Form):
    """The full name on allauth's sign-up form; allauth calls `signup` once the user exists."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it should appear on your certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )

    field_order = ["name", "email", "password1", "password2"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
