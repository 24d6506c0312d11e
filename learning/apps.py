from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    label = "learning"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from learning import caching, lookups

        lookups.register()
        # Cached course structure (learning.caching) is replaced when content changes.
        for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(caching.content_changed, dispatch_uid=f"learning-content-{id(signal)}")
