"""/report's chart: bookings per day as a PNG, drawn with matplotlib's Agg backend.

Only the object API (a `Figure` with its own Agg canvas, never pyplot's global state), so
it is safe to draw in a worker thread (`asyncio.to_thread`) while the bot goes on.
matplotlib is imported on the first chart, not when the bot starts.
"""

from __future__ import annotations

import io
from datetime import timedelta

from handlers.i18n import plain
from services.reports import Report


def bookings_per_day(lang: str, report: Report) -> bytes:
    """Every day of the period, with its bookings (zero days included), labelled."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    days = [report.first + timedelta(days=k) for k in range((report.last - report.first).days + 1)]
    counts = [report.per_day.get(day, 0) for day in days]
    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(days, counts, width=0.8, color="#3b7dd8")
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_title(plain(lang, "report-chart-title", clinic=report.clinic.name))
    axes.set_xlabel(plain(lang, "report-chart-day"))
    axes.set_ylabel(plain(lang, "report-chart-bookings"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
