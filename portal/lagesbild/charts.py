"""Small tables of numbers as accessible, server-rendered SVG: no JavaScript, no tiles.

Each chart is an <svg role="img"> named by its <title> and described by its <desc>;
the page puts the same numbers in a table beside it. Only presentation attributes are
used (fill, stroke), never style attributes, which the Content-Security-Policy forbids.
"""
import textwrap

from markupsafe import Markup, escape

INK, MUTED, LINE = "#1b1f24", "#4a525c", "#8896a4"
# Sequential blues, light to dark; numbers on the two darkest are white (contrast ≥ 4.5).
STEPS = ["#ffffff", "#dcebf5", "#9fc5de", "#3a75a0", "#0b4f6c"]
DARK_STEPS = 3
WHITE = ' fill="#ffffff"'  # a number on a dark step
SERIES = [("#9fc5de", INK), ("#0b4f6c", "#0b4f6c")]  # (fill, stroke): earlier, chosen
FONT = 'font-family="system-ui, sans-serif"'


def _svg(chart_id, title, description, width, height, body):
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}" {FONT}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x, y, text, size=13, anchor="start", fill=INK, weight=None, lines=None):
    extra = f' font-weight="{weight}"' if weight else ""
    parts = lines or [text]
    if len(parts) == 1:
        return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" '
                f'fill="{fill}"{extra}>{escape(parts[0])}</text>')
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else size + 2}">{escape(line)}</tspan>'
        for i, line in enumerate(parts)
    )
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>{spans}</text>'


def _rect(x, y, w, h, fill, stroke=None):
    outline = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    return f'<rect x="{x:g}" y="{y:g}" width="{max(w, 0):g}" height="{h:g}" fill="{fill}"{outline}/>'


def _wrap(label, width=30):
    lines = textwrap.wrap(str(label), width) or [""]
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1][: width - 1] + "…"]


def step_of(value, highest):
    """0 for nothing, 1–4 by the share of the highest value."""
    if not value or not highest:
        return 0
    return min(4, max(1, -(-4 * value // highest)))


def bar_chart(chart_id, title, description, labels, series, value_text=str, highest=None):
    """Horizontal bars, one group a label; `series` is [(name, [value or None, …])].
    With two series the first is drawn light with an outline (earlier), the second dark."""
    label_w, bar_w, value_w, bar_h, gap = 240, 320, 80, 16, 12
    width = label_w + bar_w + value_w
    legend_h = 30 if len(series) > 1 else 0
    values = [v for _name, column in series for v in column if isinstance(v, (int, float))]
    highest = highest or max(values, default=0) or 1
    group_h = max(len(series) * (bar_h + 2) - 2, 30)
    height = legend_h + len(labels) * (group_h + gap) + 4
    body = []
    if len(series) > 1:
        x = label_w
        for index, (name, _values) in enumerate(series):
            fill, stroke = SERIES[index % len(SERIES)]
            body.append(_rect(x, 6, 14, 14, fill, stroke))
            body.append(_text(x + 20, 18, name))
            x += 30 + 8 * len(str(name))
    for row, label in enumerate(labels):
        top = legend_h + row * (group_h + gap)
        lines = _wrap(label)
        body.append(_text(label_w - 8, top + group_h / 2 + 4 - (len(lines) - 1) * 7.5, label,
                          anchor="end", lines=lines))
        bars_top = top + (group_h - (len(series) * (bar_h + 2) - 2)) / 2
        for index, (_name, column) in enumerate(series):
            value = column[row]
            y = bars_top + index * (bar_h + 2)
            fill, stroke = SERIES[index % len(SERIES)] if len(series) > 1 else SERIES[1]
            length = bar_w * value / highest if isinstance(value, (int, float)) and value > 0 else 0
            if length:
                body.append(_rect(label_w, y, length, bar_h, fill, stroke))
            body.append(_text(label_w + length + 4, y + bar_h - 3, value_text(value), size=12))
    body.append(f'<line x1="{label_w}" y1="{legend_h}" x2="{label_w}" y2="{height - 4}" stroke="{INK}"/>')
    return _svg(chart_id, title, description, width, height, body)


def heat_grid(chart_id, title, description, row_labels, col_labels, values, value_text=str):
    """A grid of counts: rows (categories) by columns (weeks, months), darker for more.
    `col_labels` are (upper line, lower line); `values` is a list of rows."""
    label_w, cell_w, cell_h, head_h = 240, 40, 26, 40
    width = label_w + cell_w * len(col_labels) + 4
    height = head_h + cell_h * len(row_labels) + 4
    highest = max((v for row in values for v in row if v), default=0)
    body, squares, numbers = [], [], []
    for col, (upper, lower) in enumerate(col_labels):
        x = label_w + col * cell_w + cell_w / 2
        body.append(_text(x, 16, upper, size=11, anchor="middle", fill=MUTED))
        body.append(_text(x, 32, lower, size=12, anchor="middle", weight="600"))
    for row, label in enumerate(row_labels):
        y = head_h + row * cell_h
        body.append(_text(label_w - 8, y + 17, label, anchor="end", lines=_wrap(label, 32)[:1]))
        for col, value in enumerate(values[row]):
            step = step_of(value, highest)
            x = label_w + col * cell_w
            squares.append(f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{STEPS[step]}"/>')
            numbers.append(f'<text x="{x + cell_w // 2}" y="{y + 17}"'
                           f'{WHITE if step >= DARK_STEPS else ""}>{escape(value_text(value))}</text>')
    # Three years are some 1,400 cells: what they share is said once, on their group.
    body.append(f'<g stroke="{LINE}" stroke-width="1">{"".join(squares)}</g>')
    body.append(f'<g font-size="12" text-anchor="middle" fill="{INK}">{"".join(numbers)}</g>')
    return _svg(chart_id, title, description, width, height, body)


def map_grid(chart_id, title, description, grid, cells, areas, legend):
    """Counts per map cell over MAP_BOUNDS, darker for more, with the areas outlined and
    named so that the map reads without tiles. `grid` is (south, west, dlat, dlon, rows,
    cols); `cells` [(row, col, count)]; `legend` [(step, text)]."""
    south, west, dlat, dlon, rows, cols = grid
    size = max(4.0, min(14.0, 640 / cols))
    width, map_h = cols * size, rows * size
    height = map_h + 34
    highest = max((count for _r, _c, count in cells), default=0)
    body = [_rect(0, 0, width, map_h, "#f7f9fb", LINE), f'<g stroke="{LINE}" stroke-width="1">']
    # A year's map has thousands of cells: their shared outline is said once, on the group.
    square = f'width="{size:g}" height="{size:g}"'
    for row, col, count in cells:
        body.append(f'<rect x="{col * size:g}" y="{(rows - 1 - row) * size:g}" {square} '
                    f'fill="{STEPS[step_of(count, highest)]}"/>')
    body.append("</g>")
    north = south + rows * dlat
    for area in areas:
        x, y = (area.west - west) / dlon * size, (north - area.north) / dlat * size
        w, h = (area.east - area.west) / dlon * size, (area.north - area.south) / dlat * size
        body.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="none" '
                    f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 3"/>')
        body.append(
            f'<text x="{x + 2:g}" y="{max(y - 4, 12):g}" font-size="12" font-weight="600" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(area.name)}</text>'
        )
    x = 0
    for step, text in legend:
        body.append(_rect(x, map_h + 12, 14, 14, STEPS[step], LINE))
        body.append(_text(x + 18, map_h + 24, text, size=12))
        x += 30 + 7 * len(text)
    return _svg(chart_id, title, description, max(width, x), height, body)
