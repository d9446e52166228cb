"""Domain errors. Each carries the sentence the user should read."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule the service layer refuses; `str(error)` is user-facing."""

    default_message = "That could not be done."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)


class NotFound(DomainError):
    default_message = "That record no longer exists."


class NotAllowed(DomainError):
    default_message = "You are not allowed to do that."


class InvalidInput(DomainError):
    default_message = "That value is not valid."


class Conflict(DomainError):
    default_message = "That clashes with something that already exists."


class SlotTaken(Conflict):
    default_message = "That time was just taken."


class SlotOverlap(Conflict):
    default_message = "That time overlaps another slot of the doctor."


class PatientBusy(Conflict):
    default_message = "You already have an appointment at that time."


class BookingWindowClosed(DomainError):
    default_message = "That time can no longer be booked."


class TooLateToCancel(DomainError):
    default_message = "It is too late to cancel this appointment in the bot."


class DailyLimitReached(DomainError):
    default_message = "The doctor is fully booked that day."
