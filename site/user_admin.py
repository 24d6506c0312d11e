"""The Wagtail admin's user screens for Camino's User, which has `name` instead of first and
last names (see Wagtail's "Custom user models" documentation)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.widgets import Button
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView, EditView
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


class OnlySuperusersMakeSuperusers:
    """Wagtail lets anyone who may add or change users tick "Administrator" (superuser): a
    programme admin could make an account with every permission. The box stays visible but
    cannot be changed by anyone who is not a superuser."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "is_superuser" in form.fields and not self.request.user.is_superuser:
            form.fields["is_superuser"].disabled = True
        return form


class CaminoUserCreateView(OnlySuperusersMakeSuperusers, CreateView):
    pass


class CaminoUserEditView(OnlySuperusersMakeSuperusers, EditView):
    """A superuser's account (email, password, groups) is changed by superusers only; anyone
    else could otherwise set its password and sign in as them."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        """'Copy of their data' (a subject access request) for those who may make one."""
        from camino.dataexport.admin_views import may_export

        buttons = list(super().header_more_buttons)
        if may_export(self.request.user):
            buttons.append(
                Button(
                    "Copy of their data",
                    url=reverse("data_export_admin_person", args=[self.object.pk]),
                    icon_name="download",
                    priority=40,
                )
            )
        return buttons


class UserViewSet(WagtailUserViewSet):
    add_view_class = CaminoUserCreateView
    edit_view_class = CaminoUserEditView

    def get_form_class(self, for_update: bool = False):
        return CaminoUserEditForm if for_update else CaminoUserCreationForm
