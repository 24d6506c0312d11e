"""Template tags for the Wagtail admin templates Camino overrides (see camino.admin_csp)."""

import json

from django import template

from camino.admin_csp import init_script

register = template.Library()


@register.simple_tag
def admin_init(call: str, *args):
    """`{% admin_init "initDateChooser" widget.attrs.id widget.config_json|from_json %}`"""
    return init_script(call, *args)


@register.filter
def from_json(value: str):
    return json.loads(value)
