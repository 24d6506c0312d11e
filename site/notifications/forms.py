"""The notification settings form: one choice per kind."""

from django import forms

from camino.notifications.models import ALLOWED_DELIVERY, FACILITATOR_KINDS, Delivery, Kind

WEEKLY_LABELS = {
    Delivery.IMMEDIATE: "Email me the summary each week",
    Delivery.SITE: "Only show it here, on the site",
}


class PreferencesForm(forms.Form):
    """How the person hears about each kind. Facilitators' kinds are offered to facilitators
    only; a kind not offered keeps its current setting."""

    def __init__(self, *args, current: dict[str, tuple[str, int]], facilitator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            if kind in FACILITATOR_KINDS and not facilitator:
                continue
            labels = WEEKLY_LABELS if kind == Kind.WEEKLY_SUMMARY else {}
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=[(d.value, labels.get(d, d.label)) for d in ALLOWED_DELIVERY[kind]],
                initial=current[kind.value][0],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how you hear about: {kind.label.lower()}",
                    "invalid_choice": f"Choose how you hear about: {kind.label.lower()}",
                },
            )
