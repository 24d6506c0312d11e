from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CaminoConfig(AppConfig):
    name = "camino"
    label = "camino"
    verbose_name = "Camino site"
    default_auto_field = "django.db.models.BigAutoField"
    default = True

    def ready(self) -> None:
        from camino import admin_csp

        admin_csp.install()


class CaminoUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for the email-and-name User."""

    default = False
    user_viewset = "camino.user_admin.UserViewSet"
