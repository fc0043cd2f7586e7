"""Inline SVG charts of the monitoring dashboard: planned against actual starts, an
indicator against baseline and target, and planned/committed/paid side by side.

Like :mod:`visualizations.pages.svg`: no library, no CDN; every chart has a ``<title>``
and ``<desc>``, every mark its own ``<title>``; the same figures stand in a table.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Sequence

# colour per status code: the one palette's (visualizations/palette.py)
from ..palette import STATUS_COLOURS
from .svg import wrap_words

__all__ = ["starts_timeline", "indicator_chart", "grouped_bars", "STATUS_COLOURS"]


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "'") if float(value).is_integer() else f"{value:,.1f}".replace(",", "'")


def _x(day: dt.date, first: dt.date, last: dt.date, left: float, right: float) -> float:
    span = max((last - first).days, 1)
    return left + (right - left) * (day - first).days / span


def starts_timeline(rows: Sequence[dict], *, title: str, as_of: dt.date, labels: dict, width: int = 720) -> str:
    """One line per measure: its planned start quarter (a hollow box) and its reported
    first start (a filled dot), with a line between them when they differ.

    ``rows``: dicts with ``number``, ``planned`` (start date or None), ``planned_end``,
    ``started`` (date or None), ``status`` (code). ``labels``: ``planned``/``started``
    texts.

    >>> svg = starts_timeline([{"number": "1.1.1", "planned": dt.date(2026, 1, 1),
    ...     "planned_end": dt.date(2026, 4, 1), "started": dt.date(2026, 5, 1), "status": "started"}],
    ...     title="t", as_of=dt.date(2026, 6, 1), labels={"planned": "p", "started": "s"})
    >>> "1.1.1" in svg and "<circle" in svg
    True
    """
    days = [d for r in rows for d in (r.get("planned"), r.get("planned_end"), r.get("started")) if d]
    first = min([*days, as_of], default=as_of).replace(day=1)
    last = max([*days, as_of], default=as_of) + dt.timedelta(days=31)
    left, right, top, row_h = 60, width - 20, 30, 22
    height = top + row_h * len(rows) + 30
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(title)}</desc>"
    ]
    year = first.year
    while dt.date(year, 1, 1) <= last:
        d = dt.date(year, 1, 1)
        if d >= first:
            x = _x(d, first, last, left, right)
            parts.append(
                f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{height - 25}" stroke="#d9dee8"/>'
                f'<text x="{x + 3:.1f}" y="{top - 14}" font-size="12" fill="#4d5566">{year}</text>'
            )
        year += 1
    xa = _x(as_of, first, last, left, right)
    parts.append(
        f'<line x1="{xa:.1f}" y1="{top - 10}" x2="{xa:.1f}" y2="{height - 25}" stroke="#b00020" stroke-dasharray="4 3">'
        f"<title>{as_of.isoformat()}</title></line>"
    )
    for i, r in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{escape(r["number"])}</text>'
        )
        planned, end, started = r.get("planned"), r.get("planned_end"), r.get("started")
        colour = STATUS_COLOURS.get(r.get("status") or "none", "#dddddd")
        if planned and end:
            x1, x2 = _x(planned, first, last, left, right), _x(end, first, last, left, right)
            parts.append(
                f'<rect x="{x1:.1f}" y="{y - 6:.1f}" width="{max(x2 - x1, 2):.1f}" height="12" fill="none" '
                f'stroke="#4d5566"><title>{escape(r["number"])}: {escape(labels["planned"])} '
                f"{planned.isoformat()}–{(end - dt.timedelta(days=1)).isoformat()}</title></rect>"
            )
        if started:
            xs = _x(started, first, last, left, right)
            if planned and end and not (planned <= started < end):
                xp = _x(end if started >= end else planned, first, last, left, right)
                parts.append(f'<line x1="{xp:.1f}" y1="{y:.1f}" x2="{xs:.1f}" y2="{y:.1f}" stroke="{colour}"/>')
            parts.append(
                f'<circle cx="{xs:.1f}" cy="{y:.1f}" r="5" fill="{colour}"><title>{escape(r["number"])}: '
                f"{escape(labels['started'])} {started.isoformat()}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def indicator_chart(
    points: Sequence[tuple[dt.date, float]],
    *,
    baseline: tuple[dt.date, float],
    target: tuple[dt.date, float],
    title: str,
    labels: dict,
    width: int = 340,
    height: int = 180,
) -> str:
    """An indicator's values over time from its baseline, with the straight path to its
    target dashed.

    >>> svg = indicator_chart([(dt.date(2026, 6, 30), 5.0)], baseline=(dt.date(2025, 12, 31), 2.0),
    ...     target=(dt.date(2030, 12, 31), 8.0), title="t", labels={"baseline": "b", "target": "z"})
    >>> svg.count("<circle") == 2
    True
    """
    all_points = [baseline, *points, target]
    first, last = min(d for d, _ in all_points), max(d for d, _ in all_points)
    lo = min(v for _, v in all_points)
    hi = max(v for _, v in all_points)
    if hi == lo:
        hi = lo + 1
    left, right, top, bottom = 44, width - 10, 14, height - 24

    def px(d: dt.date) -> float:
        return _x(d, first, last, left, right)

    def py(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(labels['baseline'])} {_fmt(baseline[1])}, "
        f"{escape(labels['target'])} {_fmt(target[1])}; "
        + escape(", ".join(f"{d.isoformat()}: {_fmt(v)}" for d, v in points))
        + "</desc>",
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#d9dee8"/>',
        f'<text x="{left - 4}" y="{py(hi) + 4:.1f}" text-anchor="end" font-size="11" fill="#4d5566">{_fmt(hi)}</text>',
        f'<text x="{left - 4}" y="{py(lo) + 4:.1f}" text-anchor="end" font-size="11" fill="#4d5566">{_fmt(lo)}</text>',
        f'<text x="{left}" y="{height - 6}" font-size="11" fill="#4d5566">{first.year}</text>',
        f'<text x="{right}" y="{height - 6}" text-anchor="end" font-size="11" fill="#4d5566">{last.year}</text>',
        f'<line x1="{px(baseline[0]):.1f}" y1="{py(baseline[1]):.1f}" x2="{px(target[0]):.1f}" y2="{py(target[1]):.1f}" '
        f'stroke="#4d5566" stroke-dasharray="5 4"/>',
    ]
    path = [baseline, *points]
    coords = " ".join(f"{px(d):.1f},{py(v):.1f}" for d, v in path)
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#0072B2" stroke-width="2"/>')
    for (d, v), name in ((baseline, labels["baseline"]), (target, labels["target"])):
        shape = "rect" if name == labels["target"] else "circle"
        if shape == "circle":
            parts.append(
                f'<circle cx="{px(d):.1f}" cy="{py(v):.1f}" r="4" fill="#fff" stroke="#4d5566">'
                f"<title>{escape(name)}: {_fmt(v)} ({d.isoformat()})</title></circle>"
            )
        else:
            parts.append(
                f'<rect x="{px(d) - 4:.1f}" y="{py(v) - 4:.1f}" width="8" height="8" fill="#009E73">'
                f"<title>{escape(name)}: {_fmt(v)} ({d.isoformat()})</title></rect>"
            )
    for d, v in points:
        parts.append(
            f'<circle cx="{px(d):.1f}" cy="{py(v):.1f}" r="4" fill="#0072B2"><title>{d.isoformat()}: {_fmt(v)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, dict[str, float]]],
    *,
    title: str,
    unit: str = "",
    width: int = 720,
    height: int = 300,
) -> str:
    """Bars side by side per category: ``series`` is (name, colour, {category: value}).

    >>> svg = grouped_bars(["a 2026"], [("planned", "#999", {"a 2026": 4.0})], title="t")
    >>> "a 2026" in svg and "<rect" in svg
    True
    """
    left, bottom, top = 70, 70, 16
    plot_h = height - bottom - top
    peak = max((v for _, _, vals in series for v in vals.values()), default=0.0) or 1.0
    step = (width - left - 10) / max(len(categories), 1)
    bar_w = step * 0.8 / max(len(series), 1)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(title)} ({escape(unit)})</desc>"
    ]
    for i in range(5):
        v = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#d9dee8"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#4d5566">{_fmt(v)}</text>'
        )
    for i, cat in enumerate(categories):
        x0 = left + i * step + step * 0.1
        for j, (name, colour, vals) in enumerate(series):
            value = vals.get(cat)
            if value is None:
                continue
            h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(cat)}, {escape(name)}: {_fmt(value)} {escape(unit)}</title></rect>'
            )
        cx = left + i * step + step / 2
        ty = top + plot_h + 14
        if step >= 60:
            # wide enough: the label in up to three lines under its bars, never cut by the edge
            lines = _wrap(cat, int(step / 5.8), 3)
            spans = "".join(
                f'<tspan x="{cx:.1f}" dy="{0 if k == 0 else 12}">{escape(line)}</tspan>' for k, line in enumerate(lines)
            )
            parts.append(
                f'<text x="{cx:.1f}" y="{ty}" font-size="10" text-anchor="middle" fill="#1d2330">'
                f"<title>{escape(cat)}</title>{spans}</text>"
            )
        else:
            # many categories: slanted, short enough to stay inside the bottom margin
            parts.append(
                f'<text x="{cx:.1f}" y="{ty}" font-size="10" text-anchor="end" fill="#1d2330" '
                f'transform="rotate(-35 {cx:.1f} {ty})"><title>{escape(cat)}</title>{escape(_cut(cat, 18))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _cut(text: str, n: int) -> str:
    """``text`` shortened to ``n`` characters with an ellipsis.

    >>> _cut("implementation of various measures", 10)
    'implement…'
    """
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(text: str, width: int, most: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters (words kept whole where they
    fit), at most ``most`` lines, the last one cut with an ellipsis when the rest does not fit.

    >>> _wrap("EPD information campaign 2026", 16, 3)
    ['EPD information', 'campaign 2026']
    >>> _wrap("implementation of various measures 2026", 12, 2)
    ['implementat…', 'of various…']
    """
    width = max(width, 4)
    lines = [_cut(line, width) for line in wrap_words(text, width)]
    if len(lines) > most:
        lines = lines[: most - 1] + [_cut(" ".join(lines[most - 1 :]), width)]
    return lines
