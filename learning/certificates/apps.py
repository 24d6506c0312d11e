from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """Certificates, inside the learning plugin but its own app: it depends on `learning`
    (it listens to `learning_course_completed` and registers into learning's hooks), and
    `learning` never imports it."""

    name = "learning.certificates"
    label = "certificates"
    verbose_name = "Certificates"
    default_auto_field = "django.db.models.BigAutoField"
