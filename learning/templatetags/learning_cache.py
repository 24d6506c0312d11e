"""`{% learn_body page %}`: a module's Learn body, rendered once per published revision and
kept in the shared cache (see learning.caching)."""

from django import template
from django.utils.safestring import mark_safe

from learning.caching import learn_body_html

register = template.Library()


@register.simple_tag(takes_context=True)
def learn_body(context, page):
    """The same HTML as
    `{% for block in page.learn_body %}{% include_block block %}{% endfor %}`."""

    def render():
        flat = context.flatten()
        return mark_safe("".join(str(block.render_as_block(flat)) for block in page.learn_body))  # noqa: S308

    return learn_body_html(page, render=render, request=context.get("request"))
