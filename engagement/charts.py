"""Charts drawn on the server as SVG, with the same figures kept for the table beside them.

No JavaScript and nothing from another site: a chart is a dict of shapes and labels that
templates/engagement/includes/chart.html turns into an accessible <svg role="img"> plus a
data table. The template escapes every label.
"""

from dataclasses import dataclass, field

WIDTH = 640
VALUE_SPACE = 110  # room to the right of the longest bar for its figure
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
ROW_GAP = 12


@dataclass
class Series:
    name: str
    values: list  # one number (or None, "no data") per row
    unit: str = ""
    places: int = 0

    def display(self, value):
        if value is None:
            return "no data"
        number = f"{value:.{self.places}f}" if self.places else f"{round(value)}"
        return f"{number}{self.unit}"


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    labels: list
    series: list
    maximum: float | None = None
    label_heading: str = ""
    kind: str = "bars"
    height: int = 0
    width: int = WIDTH
    rows: list = field(default_factory=list)
    legend: list = field(default_factory=list)

    @property
    def table_rows(self):
        """[(label, [figure, ...])] — exactly the figures printed on the bars."""
        return [
            (label, [series.display(series.values[index]) for series in self.series])
            for index, label in enumerate(self.labels)
        ]

    @property
    def is_empty(self):
        return not self.labels


def bar_chart(*, chart_id, title, description, labels, series, maximum=None, label_heading=""):
    """Horizontal bars, one row per label, one bar per series; labels sit above their bars."""
    chart = BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        labels=list(labels),
        series=series,
        maximum=maximum,
        label_heading=label_heading,
    )
    values = [value for one in series for value in one.values if value is not None]
    top = maximum or max(values, default=0) or 1
    span = WIDTH - VALUE_SPACE
    y = 4
    if len(series) > 1:
        chart.legend = [
            {"x": 8 + index * 200, "y": y, "name": one.name, "index": index}
            for index, one in enumerate(series)
        ]
        y += LABEL_HEIGHT + 4
    for index, label in enumerate(chart.labels):
        row = {"label": label, "label_y": y + 14, "bars": []}
        y += LABEL_HEIGHT
        for number, one in enumerate(series):
            value = one.values[index]
            width = 0 if value is None else max(round(span * value / top, 1), 1 if value else 0)
            row["bars"].append(
                {
                    "index": number,
                    "y": y,
                    "width": width,
                    "text_x": width + 6,
                    "text_y": y + BAR_HEIGHT - 3,
                    "text": one.display(value),
                    "series": one.name,
                }
            )
            y += BAR_HEIGHT + 2
        chart.rows.append(row)
        y += ROW_GAP
    chart.height = y
    return chart


RAG_LETTERS = {"red": "R", "amber": "A", "green": "G"}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
CELL = 56
GRID_LABEL = 190


@dataclass
class RagChart:
    chart_id: str
    title: str
    description: str
    columns: list
    rows: list
    width: int = 0
    height: int = 0
    kind: str = "rag"

    @property
    def is_empty(self):
        return not self.rows


def rag_chart(*, chart_id, title, description, columns, rows):
    """A grid: one row per district, one column per meeting, each cell its RAG rating.

    `columns` are short column labels; `rows` are (label, [rating or None per column]).
    """
    chart = RagChart(chart_id=chart_id, title=title, description=description, columns=[], rows=[])
    chart.columns = [
        {"label": label, "x": GRID_LABEL + index * CELL + CELL / 2}
        for index, label in enumerate(columns)
    ]
    y = 28
    for label, ratings in rows:
        cells = []
        for index, rating in enumerate(ratings):
            x = GRID_LABEL + index * CELL
            cells.append(
                {
                    "x": x + 3,
                    "y": y,
                    "text_x": x + CELL / 2,
                    "text_y": y + 19,
                    "rating": rating or "none",
                    "letter": RAG_LETTERS.get(rating, "\u2013"),
                    "word": RAG_WORDS.get(rating, "Not rated"),
                }
            )
        chart.rows.append({"label": label, "label_y": y + 19, "cells": cells})
        y += 32
    chart.width = max(GRID_LABEL + CELL * len(columns) + 8, 320)
    chart.height = y + 4
    return chart
