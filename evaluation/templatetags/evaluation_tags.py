"""Small helpers for the evaluation reports: a dict lookup and the change chart's geometry."""

import math

from django import template

register = template.Library()

WIDTH = 640
LABEL_WIDTH = 220
ROW = 34
TOP = 28


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def change_chart(rows):
    """Geometry for a horizontal chart of mean change with 95% interval whiskers, one row per
    theme; rows not shown (fewer than 5 people) are drawn as a label saying so."""
    shown = [r for r in rows if r.shown]
    low = min([-0.5, *(r.ci_low for r in shown if r.ci_low is not None)])
    high = max([1.0, *(r.ci_high for r in shown if r.ci_high is not None)])
    low, high = math.floor(low * 2) / 2, math.ceil(high * 2) / 2
    plot = WIDTH - LABEL_WIDTH - 20

    def x(value):
        return LABEL_WIDTH + (value - low) / (high - low) * plot

    bars = []
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        bar = {"label": row.label, "y": y, "text_y": y + ROW / 2 + 4, "shown": row.shown}
        if row.shown:
            start, end = sorted((x(0), x(row.change)))
            bar.update(
                x=start,
                width=max(end - start, 1),
                bar_y=y + 8,
                mid=y + ROW / 2,
                ci_x1=x(row.ci_low if row.ci_low is not None else row.change),
                ci_x2=x(row.ci_high if row.ci_high is not None else row.change),
                value=f"{row.change:+.2f}",
                value_x=max(end, x(row.ci_high if row.ci_high is not None else row.change)) + 4,
            )
        bars.append(bar)
    ticks = []
    value = low
    while value <= high + 1e-9:
        ticks.append({"x": x(value), "label": f"{value:+.1f}" if value else "0"})
        value += 0.5
    height = TOP + len(rows) * ROW + 10
    return {
        "bars": bars,
        "ticks": ticks,
        "zero": x(0),
        "width": WIDTH,
        "height": height,
        "axis_bottom": height - 10,
        "label_width": LABEL_WIDTH,
    }
