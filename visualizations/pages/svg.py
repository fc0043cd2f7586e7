"""Inline SVG charts: a stacked bar chart and a quarter timeline. No library, no CDN.

Every chart has a ``<title>`` and ``<desc>`` and each bar its own ``<title>``, so that a
screen reader and a tooltip tell the figures; the same figures are in a table beside it.
"""

from __future__ import annotations

import math
from html import escape
from typing import Mapping, Sequence

__all__ = ["nice_ticks", "stacked_bars", "share_bars", "timeline", "wrap_words"]


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "'")


def nice_ticks(peak: float, most: int = 5) -> list[float]:
    """Axis ticks from 0 to at least ``peak`` in a round step (1, 2, 2.5 or 5 times a power
    of ten, never below 1), so that a count axis reads 0, 2, 4, 6, 8 and not 0, 1.75, 3.5.

    >>> nice_ticks(7)
    [0, 2, 4, 6, 8]
    >>> nice_ticks(3)
    [0, 1, 2, 3]
    >>> nice_ticks(11_100_000)
    [0, 5000000, 10000000, 15000000]
    """
    if peak <= 0:
        return [0, 1]
    raw = peak / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(step, 1)
    count = math.ceil(peak / step - 1e-9)
    return [int(i * step) if float(i * step).is_integer() else i * step for i in range(count + 1)]


def stacked_bars(
    categories: Sequence[str],
    series: Mapping[str, Mapping[str, float]],
    colours: Mapping[str, str],
    *,
    title: str,
    unit: str = "",
    width: int = 720,
    height: int = 320,
) -> str:
    """A stacked bar chart: one bar per category, one segment per series.

    ``series[name][category]`` is a value (missing = 0). Returns the ``<svg>`` element.

    >>> svg = stacked_bars(["2026"], {"A": {"2026": 2.0}}, {"A": "#000"}, title="t")
    >>> svg.startswith("<svg") and "2026" in svg
    True
    """
    left, bottom, top = 70, 40, 20
    plot_h = height - bottom - top
    totals = [sum(s.get(c, 0.0) for s in series.values()) for c in categories]
    ticks = nice_ticks(max(totals, default=0.0))
    peak = float(ticks[-1])
    step = (width - left - 10) / max(len(categories), 1)
    bar_w = step * 0.6
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"<desc>{escape(', '.join(f'{c}: {_fmt(t)} {unit}' for c, t in zip(categories, totals)))}</desc>"
    ]
    for v in ticks:
        y = top + plot_h - plot_h * v / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#d9dee8"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#4d5566">{_fmt(v)}</text>'
        )
    for i, (cat, total) in enumerate(zip(categories, totals)):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        for name, values in series.items():
            v = values.get(cat, 0.0)
            if not v:
                continue
            h = plot_h * v / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colours.get(name, "#0072B2")}"><title>{escape(cat)} · {escape(name)}: '
                f"{_fmt(v)} {escape(unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="13" fill="#1d2330">{escape(cat)}</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#1d2330">{_fmt(total)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bars(
    bars: Sequence[tuple[str, Sequence[tuple[str, float, str]]]],
    *,
    title: str,
    width: int = 420,
    bar_height: int = 30,
) -> str:
    """Horizontal 100 % bars, one per plan, so that plans in different currencies compare
    by their shares: ``bars`` is ``[(bar label, [(segment label, percent, colour), ...])]``.
    A segment wide enough shows its percent inside; every segment has its own ``<title>``.
    Returns the ``<svg>`` element.

    >>> svg = share_bars([("A", [("Feld 1", 60.0, "#000"), ("Rest", 40.0, "#999")])], title="t")
    >>> svg.count("<rect"), "60 %" in svg
    (2, True)
    """
    left, right, gap, label_h = 4, 4, 18, 18
    plot_w = width - left - right
    row_h = label_h + bar_height + gap
    height = row_h * len(bars) + 4
    desc = "; ".join(f"{b}: " + ", ".join(f"{s} {p:g} %" for s, p, _ in segs) for b, segs in bars)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    for i, (label, segments) in enumerate(bars):
        y0 = i * row_h
        shown = label if len(label) <= 46 else label[:44] + "…"
        parts.append(f'<text x="{left}" y="{y0 + 15}" font-size="16" fill="#1d2330">{escape(shown)}</text>')
        x = float(left)
        y = y0 + label_h
        for name, percent, colour in segments:
            w = plot_w * max(percent, 0.0) / 100.0
            if w <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}" '
                f'stroke="#fff" stroke-width="1"><title>{escape(name)}: {percent:g} %</title></rect>'
            )
            if w >= 42:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_height / 2 + 5:.1f}" text-anchor="middle" '
                    f'font-size="15" fill="#fff">{percent:g} %</text>'
                )
            x += w
    parts.append("</svg>")
    return "".join(parts)


def timeline(
    lanes: Sequence[tuple[str, str]],
    slots: Sequence[str],
    items: Sequence[tuple[str, str, str, str]],
    *,
    title: str,
    width: int = 900,
) -> str:
    """A timeline: one row (lane) per action field, one column per quarter.

    ``lanes`` are (key, label); ``slots`` the column labels in order; ``items`` are
    (lane key, slot label, item label, colour). Items in the same cell stack.
    """
    label_w, col_w, row_h, head = 190, max(44, (width - 190) / max(len(slots), 1)), 30, 28
    cells: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for lane, slot, label, colour in items:
        cells.setdefault((lane, slot), []).append((label, colour))
    lane_rows = {lane: max([len(v) for (ln, _), v in cells.items() if ln == lane] or [1]) for lane, _ in lanes}
    # room for a name of up to three lines
    lane_rows = {
        lane: max(n, 2) if len(label) > 26 else n
        for (lane, label), n in zip(lanes, (lane_rows[lane] for lane, _ in lanes))
    }
    height = head + sum(lane_rows[lane] * row_h + 8 for lane, _ in lanes) + 4
    width = int(label_w + col_w * len(slots) + 4)
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for j, slot in enumerate(slots):
        x = label_w + j * col_w
        out.append(
            f'<text x="{x + col_w / 2:.1f}" y="18" text-anchor="middle" font-size="12" fill="#1d2330">{escape(slot)}</text>'
            f'<line x1="{x:.1f}" y1="{head - 4}" x2="{x:.1f}" y2="{height}" stroke="#e5e8ef"/>'
        )
    y = head
    for lane, lane_label in lanes:
        h = lane_rows[lane] * row_h + 8
        # the lane's whole name, wrapped to the label column (a cut "Create favourable
        # conditio" reads as a typo); the lane grows when the name needs more lines
        lines = wrap_words(lane_label, 26)[: max(2, (h - 6) // 15)]
        spans = "".join(f'<tspan x="6" dy="{0 if i == 0 else 15}">{escape(t)}</tspan>' for i, t in enumerate(lines))
        out.append(
            f'<rect x="0" y="{y}" width="{width}" height="{h}" fill="#f3f5f9" opacity="0.6"/>'
            f'<text x="6" y="{y + 19}" font-size="12" fill="#1d2330"><title>{escape(lane_label)}</title>'
            f"{spans}</text>"
        )
        for j, slot in enumerate(slots):
            for k, (label, colour) in enumerate(cells.get((lane, slot), [])):
                cx = label_w + j * col_w + 4
                cy = y + 4 + k * row_h
                out.append(
                    f'<rect x="{cx:.1f}" y="{cy}" width="{col_w - 8:.1f}" height="{row_h - 6}" rx="4" '
                    f'fill="{colour}"><title>{escape(label)} · {escape(slot)}</title></rect>'
                    f'<text x="{cx + (col_w - 8) / 2:.1f}" y="{cy + 16}" text-anchor="middle" '
                    f'font-size="12" fill="#ffffff">{escape(label.split(" ")[0])}</text>'
                )
        y += h
    out.append("</svg>")
    return "".join(out)


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` characters (a longer
    word stands alone on its line).

    >>> wrap_words("Create favourable conditions for integrated care", 26)
    ['Create favourable', 'conditions for integrated', 'care']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
