from django import template
from django.utils.safestring import mark_safe

from reflections.sanitise import html_clean

register = template.Library()


@register.filter
def journal_html(value: str) -> str:
    """Bodies are sanitised when saved; cleaning again as they are shown costs little and
    keeps them safe even if a row was written some other way."""
    return mark_safe(html_clean(value or ""))  # noqa: S308 - nh3 output
