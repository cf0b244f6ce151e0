"""The /stats chart: conversations per day and first response per day, as PNG bytes.

Drawn with matplotlib's object API on an Agg canvas: no pyplot, so no display, no global
figure registry and nothing to close.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from logic.stats import DayFigures
from views.i18n import Speech
from views.report_texts import day_label, duration

OPENED_COLOUR = "#4C78A8"
CLOSED_COLOUR = "#9ECAE9"
RESPONSE_COLOUR = "#F58518"
DEADLINE_COLOUR = "#888888"
MAX_LABELS = 10
MIN_SLOTS = 7  # a day or two still gets bars of a week's width, not one huge block


def render_chart(sp: Speech, days: Sequence[DayFigures], sla_seconds: float) -> bytes:
    """Two stacked panels, 8×6 in at 100 dpi: conversations opened/closed per day above,
    median first response per day below (with the reply deadline as a dashed line)."""
    figure = Figure(figsize=(8, 6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    counts, responses = figure.subplots(2, 1, sharex=True)
    _draw_counts(sp, counts, days)
    _draw_responses(sp, responses, days, sla_seconds)

    positions = list(range(len(days)))
    step = max(1, math.ceil(len(days) / MAX_LABELS))
    weekdays = len(days) <= 14
    responses.set_xticks(
        positions[::step], [day_label(sp, days[p].day, weekdays) for p in positions[::step]]
    )
    slots = max(len(days), MIN_SLOTS)
    middle = (len(days) - 1) / 2
    responses.set_xlim(middle - slots / 2, middle + slots / 2)
    for axes in (counts, responses):
        axes.tick_params(labelsize=11)
        axes.grid(axis="y", alpha=0.3)
        axes.set_axisbelow(True)
        axes.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, frameon=False)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_counts(sp: Speech, axes: Axes, days: Sequence[DayFigures]) -> None:
    width = 0.4
    positions = range(len(days))
    opened = [d.opened for d in days]
    closed = [d.closed for d in days]
    axes.bar(
        [p - width / 2 for p in positions],
        opened,
        width,
        color=OPENED_COLOUR,
        label=sp.gettext("opened"),
    )
    axes.bar(
        [p + width / 2 for p in positions],
        closed,
        width,
        color=CLOSED_COLOUR,
        label=sp.gettext("closed"),
    )
    axes.set_title(sp.gettext("Conversations per day"), loc="left", fontsize=13)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*opened, *closed, 1]) * 1.1)


def _draw_responses(
    sp: Speech, axes: Axes, days: Sequence[DayFigures], sla_seconds: float
) -> None:
    known = [d.first_response_median for d in days if d.first_response_median is not None]
    slowest = max([*known, sla_seconds])
    if slowest >= 2 * 3600:
        scale, unit = 3600.0, sp.gettext("hours")
    else:
        scale, unit = 60.0, sp.gettext("minutes")
    values = [
        math.nan if d.first_response_median is None else d.first_response_median / scale
        for d in days
    ]
    axes.bar(range(len(days)), values, 0.6, color=RESPONSE_COLOUR, label=sp.gettext("median"))
    axes.axhline(
        sla_seconds / scale,
        color=DEADLINE_COLOUR,
        linestyle="--",
        label=sp.gettext("deadline ({due})", due=duration(sp, sla_seconds)),
    )
    axes.set_title(sp.gettext("First response per day"), loc="left", fontsize=13)
    axes.set_ylabel(unit, fontsize=11)
    axes.set_ylim(0, slowest / scale * 1.1)
    if not known:
        axes.text(
            0.5,
            0.5,
            sp.gettext("no staff replies yet"),
            transform=axes.transAxes,
            ha="center",
            va="center",
            color="#666666",
            fontsize=12,
        )
