"""The Wagtail admin's user screens for Camino's User, which has `name` instead of first and
last names (see Wagtail's "Custom user models" documentation)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView, DeleteView, EditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from learning.staff_actions import announce_staff_action


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

    request: HttpRequest  # set by the Wagtail view this is mixed into

    def get_form(self, form_class=None):
        form = super().get_form(form_class)  # type: ignore[misc]  # a mixin: Wagtail's view
        if "is_superuser" in form.fields and not self.request.user.is_superuser:
            form.fields["is_superuser"].disabled = True
        return form


def _roles(user) -> set[str]:
    roles = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        roles.add("Administrator (superuser)")
    return roles


def _listed(names) -> str:
    return ", ".join(sorted(names))


class CaminoUserCreateView(OnlySuperusersMakeSuperusers, CreateView):
    def save_instance(self):
        instance = super().save_instance()
        roles = _roles(instance)
        announce_staff_action(
            actor=self.request.user,
            action="account.created",
            person=instance,
            detail=f"Made in the admin with roles: {_listed(roles) or 'none'}",
            request=self.request,
        )
        return instance


class CaminoUserEditView(OnlySuperusersMakeSuperusers, EditView):
    """A superuser's account (email, password, groups) is changed by superusers only; anyone
    else could otherwise set its password and sign in as them."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        """Each change to a person's account is recorded in the audit trail: their roles,
        whether they can sign in, and their name or email (which fields, not the values)."""
        before = type(self.object).objects.get(pk=self.object.pk)
        roles_before = _roles(before)
        instance = super().save_instance()
        roles_after = _roles(instance)

        def announce(action: str, detail: str) -> None:
            announce_staff_action(
                actor=self.request.user,
                action=action,
                person=instance,
                detail=detail,
                request=self.request,
            )

        if roles_before != roles_after:
            parts = []
            if roles_after - roles_before:
                parts.append(f"added {_listed(roles_after - roles_before)}")
            if roles_before - roles_after:
                parts.append(f"removed {_listed(roles_before - roles_after)}")
            announce("account.groups_changed", "Roles: " + "; ".join(parts))
        if before.is_active and not instance.is_active:
            announce("account.deactivated", "Can no longer sign in")
        elif not before.is_active and instance.is_active:
            announce("account.reactivated", "Can sign in again")
        changed = [
            label
            for field, label in (("name", "name"), ("email", "email address"))
            if getattr(before, field) != getattr(instance, field)
        ]
        if "password1" in self.form.changed_data:
            changed.append("password")
        if changed:
            announce("account.details_changed", "Changed: " + ", ".join(changed))
        return instance

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


def account_deleting_by_staff(*, request, user, detail: str) -> None:
    """Before staff delete an account in the admin: record it, then let the plugins delete
    what is theirs beyond the database rows (journal PDFs in storage) and anonymise the audit
    entries about the person, as when people delete their own account (camino.accounts)."""
    announce_staff_action(
        actor=request.user, action="account.deleted", person=user, detail=detail, request=request
    )
    for hook in hooks.get_hooks("camino_account_deleting"):
        hook(user=user)


class CaminoUserDeleteView(DeleteView):
    """Wagtail's delete screen (superusers only), through the same hooks as self-deletion."""

    def delete_action(self):
        with transaction.atomic():
            account_deleting_by_staff(
                request=self.request,
                user=self.object,
                detail="Deleted in the admin's Users screen",
            )
            super().delete_action()


class UserViewSet(WagtailUserViewSet):
    add_view_class = CaminoUserCreateView
    edit_view_class = CaminoUserEditView
    delete_view_class = CaminoUserDeleteView

    def get_form_class(self, for_update: bool = False):
        return CaminoUserEditForm if for_update else CaminoUserCreationForm


def announce_bulk_user_action(*, request, action_type: str, objects, action, before: bool) -> None:
    """Wagtail's bulk actions on users (the host registers this on `before_bulk_action` and
    `after_bulk_action`): assigning a role and setting the active state once done; deleting
    before it happens, while the accounts still exist (`before_delete_user` does not run for
    bulk deletes)."""
    model = getattr(action, "model", None)
    if model is None or model._meta.label != "camino.User":
        return
    if before != (action_type == "delete"):
        return
    form = getattr(action, "cleaned_form", None)
    data = form.cleaned_data if form is not None else {}
    for person in objects:
        if action_type == "assign_role" and data.get("role") is not None:
            code, detail = (
                "account.groups_changed",
                f"Roles: added {data['role'].name} (bulk action)",
            )
        elif action_type == "set_active_state":
            active = data.get("mark_as_active")
            code = "account.reactivated" if active else "account.deactivated"
            detail = ("Can sign in again" if active else "Can no longer sign in") + " (bulk action)"
        elif action_type == "delete":
            account_deleting_by_staff(
                request=request,
                user=person,
                detail="Deleted in the admin's Users screen (bulk action)",
            )
            continue
        else:
            continue
        announce_staff_action(
            actor=request.user, action=code, person=person, detail=detail, request=request
        )
