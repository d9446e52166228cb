"""Domain errors: a code and typed parameters, rendered in the user's language by the handlers.

A service raises `TooLateToCancel(code="too-late-to-cancel", clinic=…, notice_minutes=240,
phone=…)`; the catalogue entry `error-too-late-to-cancel` (handlers/locales/*/errors.ftl)
says it in each language. Parameters are plain values (str, int, date, datetime, time,
None), never pre-formatted English: the catalogue chooses plural forms and Babel the dates.

`str(error)` is the code only: it reaches logs, and parameter values may be personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Set by the presentation layer (handlers.i18n) to the English rendering, so code that
# still reads `error.message` gets a sentence; services never import handlers.
renderer: Callable[[DomainError], str] | None = None


class DomainError(Exception):
    """Base of every rule the service layer refuses."""

    # The generic code of the class: its catalogue entry reads well without parameters.
    code: str = "not-done"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        # The instance's code names the specific reason; the class's stays the fallback.
        self.code = code or type(self).code
        self.params: dict[str, Any] = params
        super().__init__(self.code)

    def __str__(self) -> str:
        return self.code

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.code, self.params))

    @property
    def message(self) -> str:
        """The English sentence (plain text), while callers still ask for one."""
        return renderer(self) if renderer is not None else self.code


def _rebuild(cls: type[DomainError], code: str, params: dict[str, Any]) -> DomainError:
    return cls(code, **params)


class NotFound(DomainError):
    code = "not-found"


class NotAllowed(DomainError):
    code = "not-allowed"


class InvalidInput(DomainError):
    code = "invalid-input"


class AmbiguousDate(InvalidInput):
    """A date whose day and month read either way ("1/2/1990"); raised with the two readings
    as `day_first` and `month_first`, so a handler can offer both instead of guessing."""

    @property
    def readings(self) -> tuple[Any, Any]:
        return self.params["day_first"], self.params["month_first"]


class Conflict(DomainError):
    code = "conflict"


class SlotTaken(Conflict):
    code = "slot-taken"


class SlotOverlap(Conflict):
    code = "slot-overlap"


class PatientBusy(Conflict):
    code = "patient-busy"


class BookingWindowClosed(DomainError):
    code = "booking-window-closed"


class TooLateToCancel(DomainError):
    code = "too-late"


class DailyLimitReached(DomainError):
    code = "daily-limit-reached"
