"""Template tags for learners' pages, including the seam through which later plugins fill the
Reflect and Share stages of a module.

A plugin registers `learning_module_stage_panel` with a function
`fn(request, module, journey, stage) -> str | None`; the first that returns HTML for a stage is
shown in place of the stand-in actions (the journal plugin wires its form in this way).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def module_stage_panel(context, module, journey, stage: str):
    request = context.get("request")
    for hook in hooks.get_hooks("learning_module_stage_panel"):
        html = hook(request=request, module=module, journey=journey, stage=stage)
        if html:
            return mark_safe(html)  # noqa: S308 - rendered templates  # nosec B308 B703
    return ""


@register.filter
def stage_done(journey, stage: str) -> bool:
    return journey.done(stage)


@register.simple_tag
def form_token():
    """The hidden one-time token of a form that creates something (learning.submissions)."""
    from learning.submissions import FIELD_NAME, form_token_new

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, form_token_new())
