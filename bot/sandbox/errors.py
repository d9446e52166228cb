"""The one exception type the Bot API emulation raises to answer with an error."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: becomes ``{"ok": false, "error_code": ..., "description": ...}``.

    Raised deep inside method implementations so validation code reads top to bottom; the HTTP
    layer turns it into Telegram's JSON shape (with ``parameters`` when given, e.g. retry_after).
    """

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")
