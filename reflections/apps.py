from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "reflections"
    label = "reflections"
    verbose_name = "Reflections"
    default_auto_field = "django.db.models.BigAutoField"
