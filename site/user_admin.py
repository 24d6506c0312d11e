"""The Wagtail admin's user screens for Camino's User, which has `name` instead of first and
last names (see Wagtail's "Custom user models" documentation)."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class NameFieldMixin(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it should appear on certificates.",
    )


class CaminoUserCreationForm(NameFieldMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = {"email", "name", "is_superuser", "groups"}


class CaminoUserEditForm(NameFieldMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = {"email", "name", "is_active", "is_superuser", "groups"}


for form_class in (CaminoUserCreationForm, CaminoUserEditForm):
    form_class.base_fields.pop("first_name", None)
    form_class.base_fields.pop("last_name", None)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False):
        return CaminoUserEditForm if for_update else CaminoUserCreationForm
