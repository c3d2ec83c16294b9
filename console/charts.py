"""Dashboard charts: SVG drawn on the server by leather (PyPI) and placed inline in the page.

Why server-side SVG: every page works without JavaScript, there is no second toolchain to build
and lock, and the page CSP can forbid every script. leather writes plain SVG elements with
presentation attributes (no ``<script>``, no ``<style>``), so the inline SVG passes that CSP;
labels go through an XML serializer, so feed names cannot inject markup. Each chart is one
series (no legend); its title is the page's ``<figcaption>`` and the numbers sit in a table.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

import leather
from markupsafe import Markup

from console.text import money

WIDTH_PX, HEIGHT_PX = 560, 260


def _svg(chart: leather.Chart) -> Markup:
    out = io.StringIO()
    chart.to_svg(out, width=WIDTH_PX, height=HEIGHT_PX)
    text = out.getvalue()
    start = text.find("<svg")
    scalable = f'<svg role="img" viewBox="0 0 {WIDTH_PX} {HEIGHT_PX}" '
    return Markup(text[start:].replace("<svg ", scalable, 1))  # noqa: S704 - serialized by leather


def nice_top(values: Sequence[int]) -> int:
    """The smallest 1-2-5 step × 10^k at or above the largest value (4 when all are small)."""
    top = max([0, *values])
    if top <= 4:
        return 4
    scale = 10 ** math.floor(math.log10(top))
    return int(next(step * scale for step in (1, 2, 5, 10) if step * scale >= top))


def _money_tick(value: float, _index: int, _count: int) -> str:
    return money(int(value)).replace(" ₫", "")


def _count_tick(value: float, _index: int, _count: int) -> str:
    return str(int(value)) if float(value).is_integer() else ""


def per_day(days: Sequence[date], values: Sequence[int], *, amounts: bool) -> Markup:
    chart = leather.Chart()
    chart.add_y_scale(0, nice_top(values))
    chart.add_y_axis(tick_formatter=_money_tick if amounts else _count_tick)
    chart.add_x_axis(tick_formatter=lambda d, _i, _n: d.strftime("%d/%m"))
    chart.add_line(list(zip(days, values, strict=True)))
    return _svg(chart)


def per_quarter_hour(counts: Sequence[int]) -> Markup:
    chart = leather.Chart()
    chart.add_x_scale(0, 24)
    chart.add_x_axis(ticks=list(range(0, 25, 3)), tick_formatter=lambda h, _i, _n: f"{int(h):02d}:00")
    chart.add_y_scale(0, nice_top(counts))
    chart.add_y_axis(tick_formatter=_count_tick)
    chart.add_line([(q / 4, n) for q, n in enumerate(counts)])
    return _svg(chart)


def amounts_by_label(rows: Sequence[tuple[str, int]]) -> Markup:
    chart = leather.Chart()
    top = nice_top([amount for _label, amount in rows])
    chart.add_x_scale(0, top)
    chart.add_x_axis(ticks=[0, top // 2, top], tick_formatter=_money_tick)
    chart.add_bars([(amount, label) for label, amount in rows] or [(0, "–")])
    return _svg(chart)
