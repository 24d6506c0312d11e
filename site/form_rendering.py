"""Every Django form on the site renders with the NHS.UK frontend's markup.

Django 5.2 lets the form renderer choose the BoundField class. Ours adds the NHS.UK classes to
each widget and ties the input to its hint and error message with `aria-describedby`, so no form
(allauth's included) has to know about the design system. The layout around the input (form
group, label, hint, error message, error summary) lives in templates/django/forms/.
"""

from django.forms import BoundField, EmailField, widgets
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property

TEXT_INPUT = "input"
MASKED_INPUT = "password"
TEXTAREA = "textarea"
SELECT = "select"
CHECKBOX = "checkbox"
CHECKBOXES = "checkboxes"
RADIOS = "radios"
OTHER = "other"


def widget_layout(widget: widgets.Widget) -> str:
    """Which NHS.UK component a widget is drawn as; templates/django/forms/field.html lays out
    the label, hint and error message to match."""
    # Order matters: CheckboxSelectMultiple is a RadioSelect, and both are ChoiceWidgets.
    if isinstance(widget, widgets.MultiWidget):
        return OTHER
    if isinstance(widget, widgets.CheckboxSelectMultiple):
        return CHECKBOXES
    if isinstance(widget, widgets.RadioSelect):
        return RADIOS
    if isinstance(widget, widgets.CheckboxInput):
        return CHECKBOX
    if isinstance(widget, widgets.Select):
        return SELECT
    if isinstance(widget, widgets.Textarea):
        return TEXTAREA
    if isinstance(widget, widgets.PasswordInput):
        return MASKED_INPUT
    if isinstance(widget, widgets.Input) and widget.input_type not in {"file", "hidden"}:
        return TEXT_INPUT
    return OTHER


def widget_classes(layout: str, has_errors: bool) -> list[str]:
    if layout in {TEXT_INPUT, MASKED_INPUT}:
        classes = ["nhsuk-input"]
        if layout == MASKED_INPUT:
            # The NHS.UK password input's "Show" button finds its input by these classes.
            classes += ["nhsuk-password-input__input", "nhsuk-js-password-input-input"]
        return classes + (["nhsuk-input--error"] if has_errors else [])
    if layout == TEXTAREA:
        return ["nhsuk-textarea"] + (["nhsuk-textarea--error"] if has_errors else [])
    if layout == SELECT:
        return ["nhsuk-select"] + (["nhsuk-select--error"] if has_errors else [])
    if layout in {CHECKBOX, CHECKBOXES}:
        return ["nhsuk-checkboxes__input"]
    if layout == RADIOS:
        return ["nhsuk-radios__input"]
    return []


# A hint, not a password: hence the noqa.
NEW_PASSWORD_HINT = "Use 10 characters or more. A few words strung together are easy to remember."  # noqa: S105

# allauth's forms, in plain English and sentence case: (form class, field) -> label, hint (None
# keeps allauth's), message when left empty (None keeps Django's). allauth builds these forms
# itself and a project can only swap a whole form (ACCOUNT_FORMS), but every one of them passes
# through this renderer, so their wording is set here.
ALLAUTH_WORDING: dict[tuple[str, str], tuple[str, str | None, str | None]] = {
    ("LoginForm", "login"): ("Email address", None, "Enter your email address"),
    # allauth's hint is a "Forgot your password?" link; the login page has its own.
    ("LoginForm", "password"): ("Password", "", "Enter your password"),
    ("LoginForm", "remember"): ("Keep me logged in on this device", None, None),
    ("SignupForm", "email"): (
        "Email address",
        "We will send you an email to confirm it. You will use it to log in.",
        "Enter your email address",
    ),
    ("SignupForm", "password1"): ("Create a password", NEW_PASSWORD_HINT, "Create a password"),
    ("SignupForm", "password2"): ("Confirm your password", "", "Confirm your password"),
    ("ResetPasswordForm", "email"): ("Email address", None, "Enter your email address"),
    ("ResetPasswordKeyForm", "password1"): (
        "New password",
        NEW_PASSWORD_HINT,
        "Create a new password",
    ),
    ("ResetPasswordKeyForm", "password2"): (
        "Confirm your new password",
        "",
        "Confirm your new password",
    ),
    ("ChangePasswordForm", "oldpassword"): ("Current password", "", "Enter your current password"),
    ("ChangePasswordForm", "password1"): (
        "New password",
        NEW_PASSWORD_HINT,
        "Create a new password",
    ),
    ("ChangePasswordForm", "password2"): (
        "Confirm your new password",
        "",
        "Confirm your new password",
    ),
    ("SetPasswordForm", "password1"): ("Create a password", NEW_PASSWORD_HINT, "Create a password"),
    ("SetPasswordForm", "password2"): ("Confirm your password", "", "Confirm your password"),
    ("AddEmailForm", "email"): ("Email address", None, "Enter an email address"),
    ("ReauthenticateForm", "password"): ("Password", "", "Enter your password"),
    ("ActivateTOTPForm", "code"): ("Code from the app", None, "Enter the code from your app"),
    ("AuthenticateForm", "code"): ("Code", None, "Enter the code from your app or a backup code"),
}
EMAIL_FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.com"


class NHSBoundField(BoundField):
    """A BoundField that dresses its widget in NHS.UK classes.

    The hint keeps Django's id (`<auto_id>_helptext`); the error message follows the NHS.UK
    convention (`<auto_id>-error`), and `aria-describedby` points at whichever of the two is on
    the page.
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if type(form).__module__.startswith("allauth."):
            self._use_plain_english()

    def _use_plain_english(self) -> None:
        # A form's fields are its own copies, and bound fields exist before validation runs,
        # so changing the messages here changes what this form says and nothing else.
        wording = ALLAUTH_WORDING.get((type(self.form).__name__, self.name))
        if wording:
            label, hint, required = wording
            self.label = label
            if hint is not None:
                self.help_text = hint
            if required is not None:
                self.field.error_messages["required"] = required
        if isinstance(self.field, EmailField):
            self.field.error_messages["invalid"] = EMAIL_FORMAT_MESSAGE

    @cached_property
    def layout(self) -> str:
        return widget_layout(self.field.widget)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}_helptext" if self.auto_id else ""

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error" if self.auto_id else ""

    @property
    def target_id(self) -> str:
        """The id an error summary links to: the input itself, or the first option of a list
        of radios or checkboxes (a link to the group could not take focus)."""
        if self.layout in {RADIOS, CHECKBOXES}:
            options = self.subwidgets
            return options[0].id_for_label if options else self.auto_id
        return self.id_for_label or self.auto_id

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
        return " ".join(ids)

    @property
    def is_optional(self) -> bool:
        """Whether the label should say "(optional)": NHS.UK marks the optional fields, not the
        required ones. A lone checkbox is optional by nature, and some labels say so already."""
        return (
            not self.field.required
            and self.layout != CHECKBOX
            and "optional" not in str(self.label).lower()
        )

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden:
            return attrs
        layout = widget_layout(widget)
        ours = widget_classes(layout, has_errors=bool(self.errors))
        if ours:
            existing = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
            attrs["class"] = " ".join(dict.fromkeys([*ours, *existing]))
        if layout == MASKED_INPUT:
            attrs.setdefault("spellcheck", "false")
            attrs.setdefault("autocapitalize", "none")
        if widget.attrs.get("placeholder") and type(self.form).__module__.startswith("allauth."):
            # allauth repeats each label as placeholder text, which NHS.UK asks us not to use:
            # it disappears as soon as someone types and is often too faint to read.
            attrs["placeholder"] = False
        return attrs


class NHSFormRenderer(TemplatesSetting):
    """Templates from the project's TEMPLATES setting (so templates/django/forms/ wins) and
    NHS.UK classes on every widget."""

    bound_field_class = NHSBoundField
