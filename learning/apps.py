from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from learning import lookups

        lookups.register()
