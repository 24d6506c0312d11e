"""Server-rendered SVG charts. Each chart is an image with a text alternative beside it (a
table in the template); every bar carries its value as text, so nothing relies on colour.
Labels sit above their bars so the charts stay legible on a phone."""

from decimal import Decimal

from django import template

register = template.Library()


def _as_text(value):
    """Numbers as the text the template would print (`{{ 12 }}` is "12" in en-GB without a
    thousands separator), so a chart's hundred or so coordinates skip Django's number
    localisation one by one. Booleans stay booleans for `{% if %}`."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


WIDTH = 360  # drawing units; the SVG scales to its container
VALUE_SPACE = 96
BAR_WIDTH = WIDTH - VALUE_SPACE
LABEL_HEIGHT = 20
BAR = 18


@register.inclusion_tag("learning/charts/coverage.html")
def coverage_chart(picture):
    row_height = LABEL_HEIGHT + BAR + 14
    rows = []
    for i, item in enumerate(picture.coverage):
        top = i * row_height
        width = round(BAR_WIDTH * item.percent / 100)
        rows.append(
            {
                "label": item.theme.name,
                "label_y": top + 15,
                "bar_y": top + LABEL_HEIGHT,
                "width": width,
                "has_bar": width > 0,
                "percent": item.percent,
                "value_x": width + 6,
                "value_y": top + LABEL_HEIGHT + BAR - 4,
            }
        )
    return _as_text(
        {
            "rows": rows,
            "height": len(rows) * row_height,
            "width": WIDTH,
            "bar_width": BAR_WIDTH,
            "bar": BAR,
            "chart_id": f"coverage-{picture.framework.id}",
        }
    ) | {"picture": picture}


@register.inclusion_tag("learning/charts/assessment.html")
def assessment_chart(picture):
    """Baseline (hatched) against latest (solid) per theme, on the 1–4 scale. With a single
    snapshot there is only the baseline to draw. A theme answered only "Not sure yet" has no
    average: it gets no bar but the words "not rated", so it is not read as missing."""
    kinds = [("Baseline", "baseline", True)]
    if picture.snapshots > 1:
        kinds.append(("Latest", "latest", False))
    row_height = LABEL_HEIGHT + len(kinds) * (BAR + 4) + 12
    rows = []
    for i, item in enumerate(picture.assessment):
        top = i * row_height
        row = {"label": item.theme.name, "label_y": top + 15, "bars": []}
        for j, (kind, attribute, hatched) in enumerate(kinds):
            value = getattr(item, attribute)
            width = 0 if value is None else round(BAR_WIDTH * float(value) / 4)
            y = top + LABEL_HEIGHT + j * (BAR + 4)
            row["bars"].append(
                {
                    "kind": kind,
                    "y": y,
                    "width": width,
                    "value": "not rated" if value is None else value,
                    "rated": value is not None,
                    "text_x": width + 6,
                    "text_y": y + BAR - 4,
                    "hatched": hatched,
                }
            )
        rows.append(row)
    height = len(rows) * row_height
    return _as_text(
        {
            "rows": rows,
            "height": height + 18,
            "axis_y": height + 14,
            "grid_bottom": height,
            "width": WIDTH,
            "bar": BAR,
            "ticks": [{"x": round(BAR_WIDTH * n / 4), "n": n} for n in range(1, 5)],
            "chart_id": f"assessment-{picture.framework.id}",
        }
    ) | {"picture": picture}
