"""Bar charts of the statistics tables, drawn on the server as SVG.

Server-side SVG rather than a JavaScript library: the page needs horizontal and
stacked bars only, which take a few lines of arithmetic here; nothing has to be
vendored and kept up to date, the charts print, and the CSP (`script-src 'self'`)
is met without any script at all. Colours come from classes in portal.css.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
BAR_HEIGHT = 18
ROW_HEIGHT = 26
TOP = 6
# Labels longer than this are cut in the chart (the table beside it has them whole).
LABEL_CHARS = 17
# Colour classes chart__s0 … chart__s9 in portal.css.
COLOURS = 10


@dataclass
class Segment:
    x: float
    y: float
    height: float
    width: float
    colour: int
    name: str
    value: object


@dataclass
class Bar:
    label: str
    short_label: str
    y: float
    text_y: float
    segments: list
    total: object
    value_x: float


@dataclass
class Chart:
    height: int
    bars: list
    legend: list
    label_x: int = LABEL_WIDTH - 8


def shorten(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _number(value):
    return 0 if value is None else value


def draw(table):
    """The bars of a table's chart, or None when it has nothing to draw."""
    rows = table.chart_rows
    totals = [sum(_number(row.values[i]) for i in table.chart) for row in rows]
    grouped = table.grouped
    if grouped:
        totals = [max(_number(row.values[i]) for i in table.chart) for row in rows]
    if not rows or not any(totals):
        return None
    scale_max = 100 if table.percent else max(totals)
    height = BAR_HEIGHT / len(table.chart) if grouped else BAR_HEIGHT
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = TOP + index * ROW_HEIGHT
        x = LABEL_WIDTH
        segments = []
        for position, column in enumerate(table.chart):
            value = _number(row.values[column])
            width = area * value / scale_max
            if grouped:
                # Side by side (estimate and actual), each from the axis.
                x = LABEL_WIDTH
            if width > 0:
                segments.append(
                    Segment(
                        round(x, 1),
                        round(y + (position * height if grouped else 0), 1),
                        round(height, 1),
                        round(width, 1),
                        position % COLOURS,
                        table.columns[column],
                        value,
                    )
                )
            x += width
        if grouped:
            x = LABEL_WIDTH + area * total / scale_max
        shown = row.values[table.chart[0]] if len(table.chart) == 1 else total
        if grouped:
            shown = ""  # two bars, two numbers: the table beside has them
        bars.append(
            Bar(
                row.label,
                shorten(row.label),
                y,
                y + BAR_HEIGHT - 4,
                segments,
                "—" if shown is None else shown,
                round(x + 6, 1),
            )
        )
    legend = (
        [(position % COLOURS, table.columns[c]) for position, c in enumerate(table.chart)]
        if len(table.chart) > 1
        else []
    )
    return Chart(TOP * 2 + len(rows) * ROW_HEIGHT, bars, legend)
