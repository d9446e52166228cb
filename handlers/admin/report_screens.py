"""/report's screens: the pickers and the summary, as pure functions of what they show."""

from __future__ import annotations

import re

from babel.numbers import format_decimal, format_percent

from handlers import keyboards
from handlers.i18n import Safe, plain, t
from handlers.report_buttons import ReportClinic, ReportPeriod
from handlers.screens import Screen
from services.report_periods import PeriodKind
from services.reports import ClinicChoice, Report

PERIODS = (
    (PeriodKind.this_week, "report-period-this-week"),
    (PeriodKind.last_month, "report-period-last-month"),
    (PeriodKind.this_quarter, "report-period-this-quarter"),
)
BUSIEST = 3  # hours named in the summary
DOCTOR_LINES = 30  # the rest are in the CSV (a message holds 4096 characters)


def clinic_picker(lang: str, clinics: list[ClinicChoice], note: str = "") -> Screen:
    if not clinics:
        return Screen(t(lang, "report-no-clinics"))
    buttons = [keyboards.button(c.name, ReportClinic(clinic=c.id)) for c in clinics]
    text = "\n\n".join(x for x in (note, str(t(lang, "report-pick-clinic"))) if x)
    return Screen(text, keyboards.markup(keyboards.rows(buttons, per_row=1)))


def period_picker(lang: str, clinic: ClinicChoice, note: str = "") -> Screen:
    row = [
        keyboards.button(plain(lang, key), ReportPeriod(clinic=clinic.id, period=kind.value))
        for kind, key in PERIODS
    ]
    question = str(t(lang, "report-pick-period", clinic=clinic.name))
    text = "\n\n".join(x for x in (note, question) if x)
    return Screen(text, keyboards.markup([row]))


def _percent(lang: str, value: float | None) -> str:
    return "–" if value is None else format_percent(value, "#,##0.#%", locale=lang)


def _days(lang: str, value: float | None) -> str:
    return "–" if value is None else format_decimal(value, "#,##0.#", locale=lang)


def _counts(lang: str, counts: dict[str, int], prefix: str) -> str:
    return ", ".join(f"{plain(lang, f'{prefix}{k}')} {n}" for k, n in counts.items())


def summary(lang: str, report: Report) -> Safe:
    """The report in a few lines: totals, why and by whom cancelled, no-shows, utilisation,
    lead time, the busiest hours and a line per doctor."""
    lines = [
        str(t(lang, "report-title", clinic=report.clinic.name, first=report.first,
              last=report.last)),
    ]  # fmt: skip
    if report.bookings == 0 and report.offered_minutes == 0:
        lines.append(str(t(lang, "report-empty")))
        return Safe("\n".join(lines))
    lines.append(str(t(lang, "report-totals", total=report.bookings, count=report.cancellations)))
    if report.cancel_reasons:
        reasons = _counts(lang, report.cancel_reasons, "report-reason-")
        lines.append(str(t(lang, "report-cancel-reasons", text=reasons)))
        by = _counts(lang, report.cancelled_by, "report-by-")
        lines.append(str(t(lang, "report-cancelled-by", text=by)))
    lines.append(
        str(t(lang, "report-no-shows", count=report.no_shows,
              text=_percent(lang, report.no_show_rate)))
    )  # fmt: skip
    lines.append(
        str(t(lang, "report-utilisation", text=_percent(lang, report.utilisation),
              hours=report.booked_minutes // 60, total=report.offered_minutes // 60))
    )  # fmt: skip
    lines.append(
        str(t(lang, "report-lead-time", text=_days(lang, report.lead_days_median),
              what=_days(lang, report.lead_days_p90)))
    )  # fmt: skip
    busiest = sorted(report.hours.items(), key=lambda kv: (-kv[1], kv[0]))[:BUSIEST]
    if busiest:
        hours = ", ".join(f"{h:02d}:00 ({n})" for h, n in busiest)
        lines.append(str(t(lang, "report-busiest", text=hours)))
    lines.append("")
    lines.append(str(t(lang, "report-doctors")))
    for d in report.doctors[:DOCTOR_LINES]:
        lines.append(
            str(t(lang, "report-doctor-line", doctor=d.name, total=d.bookings, count=d.no_shows,
                  text=_percent(lang, d.no_show_rate), what=_percent(lang, d.utilisation)))
        )  # fmt: skip
    if len(report.doctors) > DOCTOR_LINES:
        lines.append(str(t(lang, "report-doctors-more", count=len(report.doctors) - DOCTOR_LINES)))
    return Safe("\n".join(lines))


def csv_caption(lang: str, report: Report) -> Safe:
    return t(lang, "report-csv-caption", clinic=report.clinic.name, first=report.first,
             last=report.last)  # fmt: skip


def csv_filename(report: Report) -> str:
    """careslot-report-riverside-clinic-2026-07-01-2026-09-30.csv"""
    slug = re.sub(r"[^a-z0-9]+", "-", report.clinic.name.casefold()).strip("-") or "clinic"
    return f"careslot-report-{slug[:40]}-{report.first.isoformat()}-{report.last.isoformat()}.csv"
