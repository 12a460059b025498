"""Horizontal bar charts as plain geometry for an inline SVG (the template draws
it): one group of bars per period, top to bottom, the value written at the end
of each bar. No script and no style attribute (the site's CSP allows neither):
colours come from the stylesheet's classes. Each chart goes with a data table,
and its `description` says the numbers in words for a screen reader."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH = 360  # viewBox units: about one CSS pixel on a 390 px phone
LABEL_WIDTH = 70  # the period's name, left of the bars
VALUE_ROOM = 54  # the value written after the longest bar
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 10
TOP = 6
AXIS_ROOM = 22


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]
    decimals: int = 0
    suffix: str = ""


@dataclass(frozen=True)
class Bar:
    series: int  # which series: the stylesheet's colour `chart__bar--N`
    x: float
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Group:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    slug: str  # unique on the page: the ids of its title and description
    title: str
    description: str
    series: tuple[Series, ...]
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    width: int
    height: float
    plot_left: float
    plot_top: float
    plot_bottom: float

    @property
    def label_x(self) -> float:
        return self.plot_left - 6

    @property
    def tick_text_y(self) -> float:
        return self.plot_bottom + 15


# Tick steps: whole numbers only (every value charted is a count, days or a percent).
STEPS = sorted({k * 10**e for e in range(7) for k in (1, 2, 5)} | {25 * 10**e for e in range(6)})


def nice_maximum(value: float) -> tuple[int, int]:
    """A round axis end at or above `value`, and its step: at most four steps."""
    step = next(step for step in STEPS if step * 4 >= value)
    return max(1, math.ceil(value / step)) * step, step


def formatted(value, decimals: int, suffix: str = "") -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals) + suffix


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    maximum: float | None = None,
) -> Chart:
    """Grouped horizontal bars: for each label, one bar per series."""
    values = [value for one in series for value in one.values if value is not None]
    top_value, step = nice_maximum(maximum if maximum is not None else max(values, default=0))
    plot_left, plot_width = LABEL_WIDTH, WIDTH - LABEL_WIDTH - VALUE_ROOM
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    groups, y = [], TOP
    for position, label in enumerate(labels):
        bars = []
        for index, one in enumerate(series):
            value = one.values[position]
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            width = 0 if value is None else plot_width * value / top_value
            bars.append(
                Bar(
                    series=index,
                    x=plot_left,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    text=formatted(value, one.decimals, one.suffix),
                    text_x=round(plot_left + width + 4, 1),
                    text_y=bar_y + BAR_HEIGHT - 3,
                )
            )
        groups.append(Group(label=label, label_y=y + group_height / 2 + 4, bars=tuple(bars)))
        y += group_height + GROUP_GAP
    plot_bottom = y - GROUP_GAP + 4
    count = round(top_value / step)
    ticks = tuple(
        Tick(
            x=round(plot_left + plot_width * n / count, 1),
            text=formatted(step * n, 0),
        )
        for n in range(count + 1)
    )
    return Chart(
        slug=slug,
        title=title,
        description=description,
        series=tuple(series),
        groups=tuple(groups),
        ticks=ticks,
        width=WIDTH,
        height=plot_bottom + AXIS_ROOM,
        plot_left=plot_left,
        plot_top=TOP - 3,
        plot_bottom=plot_bottom,
    )


def described(labels: Sequence[str], series: Sequence[Series]) -> str:
    """ "Mei 2026: diterima 12, diputus 10. Juni 2026: …" — the chart in words."""
    parts = []
    for position, label in enumerate(labels):
        values = ", ".join(
            f"{one.name.lower()} {formatted(one.values[position], one.decimals, one.suffix)}"
            for one in series
        )
        parts.append(f"{label}: {values}.")
    return " ".join(parts)
