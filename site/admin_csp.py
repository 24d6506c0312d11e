"""The Wagtail admin without inline script, so it runs under `script-src 'self'` like the rest.

Wagtail 8.0 still starts a few admin widgets with an inline <script> (its issues #1288 and
#12940): the date, time and date-time pickers, the page, image, document, snippet and task
choosers, and InlinePanel / MultipleChooserPanel. A Content-Security-Policy without
'unsafe-inline' blocks those scripts, and the widgets then do nothing.

Camino writes the same calls as data instead: a `<script type="application/json"
data-camino-init="InlinePanel">[...arguments...]</script>` element, which a browser never runs,
and `camino/js/admin-init.js` (loaded on every admin page from our own static files) makes each
call from that data: when the page loads, and whenever the admin inserts new markup (a form
added to an InlinePanel, a chooser's modal). Only the constructors and functions listed in that
file can be called, with JSON arguments, so the data cannot run anything else.

The templates in site/templates/wagtailadmin/ (widgets/ and panels/) do this for the pickers
and panels; `install()` does it for the choosers, whose script Wagtail writes in Python
(`BaseChooser.render`). tests/camino/test_admin_csp.py checks that the admin's main screens
carry no executable inline script, and tests/browser/test_admin_csp.py that they work in
Chromium with no Content-Security-Policy violation.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# "<", ">" and "&" escaped, so no string in the data can end the <script> element early.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def init_script(call: str, *args) -> SafeString:
    """The inert <script> element from which admin-init.js makes `call(*args)`."""
    data = json.dumps(list(args), cls=DjangoJSONEncoder).translate(_ESCAPES)
    element = f'<script type="application/json" data-camino-init="{escape(call)}">{data}</script>'
    return mark_safe(element)  # noqa: S308 - JSON with <, > and & escaped  # nosec B308 B703


def _chooser_call(widget, id_: str, name: str, value_data) -> tuple[str, list] | None:
    """The call Wagtail's inline script would make for this chooser, as (name, arguments)."""
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    if isinstance(widget, AdminTaskChooser):
        return "createTaskChooser", [id_]
    if type(widget).render_js_init is BaseChooser.render_js_init:
        return widget.js_constructor, [id_, widget.get_js_init_options(id_, name, value_data)]
    return None  # a chooser with a script of its own: left as Wagtail writes it


def install() -> None:
    """Make Wagtail's choosers write their start-up call as data (see the module docstring)."""
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "camino_inert", False):
        return
    wagtail_render = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        id_ = (attrs or {}).get("id")
        if not id_:
            return wagtail_render(self, name, value, attrs, renderer)
        value_data = self.get_value_data(value)
        call = _chooser_call(self, id_, name, value_data)
        if call is None:
            return wagtail_render(self, name, value, attrs, renderer)
        html = self.render_html(name, value_data, attrs)
        html += init_script(call[0], *call[1])
        return mark_safe(html)  # noqa: S308 - Wagtail's own HTML  # nosec B308 B703

    render.camino_inert = True  # type: ignore[attr-defined]  # a marker on the function
    BaseChooser.render = render
