"""Forms of the host site."""

from django import forms


class SignupNameForm(forms.Form):
    """The full name on allauth's sign-up form; allauth calls `signup` once the user exists.

    allauth builds its sign-up form on top of this class (ACCOUNT_SIGNUP_FORM_CLASS), so the
    methods here also see allauth's email and password fields. Their labels and hints are set
    with the other allauth wording in camino.form_rendering.
    """

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

    def clean(self):
        """Runs inside allauth's own clean(), before its password checks: a password typed
        differently the second time gets a plain-English message allauth would not give.

        An address that already has an account is not mentioned here: that would let anyone
        test whether an address is registered. allauth's enumeration prevention
        (ACCOUNT_PREVENT_ENUMERATION, on by default) answers exactly as for a new address
        ("Check your email") and emails the address's owner instead
        (templates/account/email/account_already_exists_*.txt).
        """
        super().clean()
        cleaned_data = self.cleaned_data
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            # Removes password2 from cleaned_data, so allauth does not add its own message.
            self.add_error(
                "password2", "The passwords do not match. Type the same password in both boxes."
            )
        return cleaned_data

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class NameForm(forms.Form):
    """A person's full name, corrected by themselves until a certificate is issued in it."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it should appear on your certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name can be up to 200 characters",
        },
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name
