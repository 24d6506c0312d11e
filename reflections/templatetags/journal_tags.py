import re

from django import template
from django.utils.safestring import mark_safe

from reflections.sanitise import html_clean, plain_text

register = template.Library()


@register.filter
def journal_html(value: str) -> str:
    """Bodies are sanitised when saved; cleaning again as they are shown costs little and
    keeps them safe even if a row was written some other way."""
    return mark_safe(html_clean(value or ""))  # noqa: S308 - nh3 output  # nosec B308


@register.filter
def journal_excerpt(entry, words: int = 30) -> str:
    """The start of what the learner wrote, leaving out headings (a module's prompts)."""
    from django.utils.text import Truncator

    body = re.sub(r"<h[23][^>]*>.*?</h[23]>", " ", entry.body or "", flags=re.S)
    return Truncator(" ".join(plain_text(body).split())).words(int(words))
