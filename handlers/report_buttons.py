"""The buttons of /report's picker (re-exported by handlers.callbacks). They name a clinic
and a period only: every press is checked again by services.reports."""

from __future__ import annotations

import dataclasses
import uuid
from typing import ClassVar

from handlers.codec import CallbackData


@dataclasses.dataclass(frozen=True)
class ReportClinic(CallbackData):
    """/report (an admin's picker): that clinic's report; the periods follow."""

    prefix: ClassVar[str] = "yc"
    clinic: uuid.UUID


@dataclasses.dataclass(frozen=True)
class ReportPeriod(CallbackData):
    """/report: that clinic's report over a picked period (services.report_periods.PeriodKind:
    w this week, m last month, q this quarter)."""

    prefix: ClassVar[str] = "yp"
    clinic: uuid.UUID
    period: str
