"""The Wagtail groups that stand for Camino's staff roles, and their permissions.

Plugins add permissions for their own models through the `register_role_permissions` hook (a
function returning {group name: [\"app_label.codename\", ...]}), so the host never imports them.
`roles_sync` is idempotent; `manage.py sync_roles` and `load_demo_data` call it.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

CONTENT_EDITORS = "Content editors"
PROGRAMME_ADMINS = "Programme admins"

BASE_PERMISSIONS: dict[str, list[str]] = {
    CONTENT_EDITORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "camino.change_programmesettings",
    ],
    PROGRAMME_ADMINS: [
        "wagtailadmin.access_admin",
        "camino.add_user",
        "camino.change_user",
        "camino.view_user",
        "camino.view_auditentry",
        "camino.export_personal_data",
        "camino.change_programmesettings",
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
    ],
}
# Editors write and publish the page tree; programme admins may read it in the admin.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    CONTENT_EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    PROGRAMME_ADMINS: [],
}
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    CONTENT_EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    PROGRAMME_ADMINS: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def role_permissions() -> dict[str, list[str]]:
    """Every role's model permissions: the host's own plus what the plugins register."""
    merged = {name: list(perms) for name, perms in BASE_PERMISSIONS.items()}
    for hook in hooks.get_hooks("register_role_permissions"):
        for name, perms in hook().items():
            merged.setdefault(name, []).extend(perms)
    return merged


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the role groups if missing and give them exactly the permissions listed."""
    groups: dict[str, Group] = {}
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in perms])
        for codename in PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(f"wagtailcore.{codename}"),
            )
        for dotted in COLLECTION_PERMISSIONS.get(name, []):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(dotted)
            )
        groups[name] = group
    return groups
