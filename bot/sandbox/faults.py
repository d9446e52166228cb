"""Injected failures: flood control (429), server errors (5xx), slow answers, any error.

Telegram does answer 429 with ``retry_after`` under load and occasionally 500/502; a bot that
only ever met the happy path loses messages the first time that happens. Faults are consumed one
per matching request, in the order they were injected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["429", "5xx", "slow", "error"]
_FAULT_KINDS = ("429", "5xx", "slow", "error")
_STATUS_TEXT = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                504: "Gateway Timeout"}  # fmt: skip


@dataclass
class Fault:
    """One injected failure.

    kind:
        ``"429"``: answer 429 "Too Many Requests: retry after N" with ``retry_after``;
        ``"5xx"``: answer ``status`` (500, 502, ...) ``{"ok": false, "error_code": status}``;
        ``"slow"``: wait ``delay`` seconds, then process the request normally;
        ``"error"``: answer ``status`` with ``description`` (e.g. 403 "Forbidden: ...").
    method: the Bot API method it applies to (case-insensitive), None for any method.
    chat_id: the chat it applies to, None for any chat (and for calls without a chat).
    times: how many matching requests it affects; None for every one until cleared.
    after: for "5xx"/"error", process the request first and then answer with the error, like a
        gateway that timed out after Telegram did the work (the message *was* sent).
    """

    kind: FaultKind
    method: str | None = None
    times: int | None = 1
    retry_after: int = 1
    status: int = 500
    delay: float = 1.0
    description: str | None = None
    after: bool = False
    chat_id: int | None = None
    used: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {_FAULT_KINDS}")
        if self.kind == "5xx" and not 500 <= self.status <= 599:
            raise ValueError("a 5xx fault needs a status between 500 and 599")

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.used >= self.times

    def matches(self, method: str, chat_id: object = None) -> bool:
        if self.exhausted or (self.method is not None and self.method.lower() != method.lower()):
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> tuple[int, str, dict[str, int] | None]:
        """(status, description, parameters) of the error answer this fault produces."""
        if self.kind == "429":
            return (429, f"Too Many Requests: retry after {self.retry_after}",
                    {"retry_after": self.retry_after})  # fmt: skip
        if self.kind == "5xx":
            text = self.description or _STATUS_TEXT.get(self.status, "Internal Server Error")
            return self.status, text, None
        return self.status, self.description or "Bad Request: injected error", None


class FaultList:
    """The faults waiting to fire, first injected first used."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self._faults.append(fault)
        return fault

    def take(self, method: str, chat_id: object = None) -> Fault | None:
        """The first fault matching ``method`` (and ``chat_id``), counted as used; exhausted
        ones are dropped."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.used += 1
                if fault.exhausted:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self._faults.clear()

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)
