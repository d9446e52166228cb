"""The open flow's state: one typed, versioned object per chat, in `user_data["flow"]`.

There is one slot, so starting a flow replaces whatever was open. Each flow declares a
pydantic model with its `name` and `version`; what is stored is its JSON (the persistence
keeps JSON only). A stored state of another flow, of an unknown version, or that no longer
validates reads as None, and the step restarts the flow cleanly instead of guessing.

`message_id` is the message the flow is showing; presses on any other message of the
flow (an older screen) have expired.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from telegram import Update

KEY = "flow"


class FlowState(BaseModel):
    """Base of every flow's state."""

    model_config = ConfigDict(extra="forbid")

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    message_id: int | None = None


S = TypeVar("S", bound=FlowState)


def load(context: Any, cls: type[S]) -> S | None:
    """The open flow's state if it is a `cls` of the current version, else None."""
    stored = context.user_data.get(KEY)
    if not isinstance(stored, dict) or stored.get("flow") != cls.name:
        return None
    if stored.get("v") != cls.version:
        return None
    try:
        return cls.model_validate(stored.get("state"))
    except ValidationError:
        return None


def save(context: Any, state: FlowState) -> None:
    context.user_data[KEY] = {
        "flow": state.name,
        "v": state.version,
        "state": state.model_dump(mode="json"),
    }


def clear(context: Any) -> None:
    """Ends whatever flow is open (its buttons expire with it)."""
    context.user_data.pop(KEY, None)


def open_flow(context: Any) -> str | None:
    """The name of the open flow, if any."""
    stored = context.user_data.get(KEY)
    return stored.get("flow") if isinstance(stored, dict) else None


def shown_message(context: Any) -> int | None:
    """The message the open flow is showing, if it is known."""
    stored = context.user_data.get(KEY)
    state = stored.get("state") if isinstance(stored, dict) else None
    shown = state.get("message_id") if isinstance(state, dict) else None
    return shown if isinstance(shown, int) else None


def is_live(context: Any, update: Update) -> bool:
    """Is this press on the message the open flow is showing?"""
    stored = context.user_data.get(KEY)
    query = update.callback_query
    if not isinstance(stored, dict) or query is None or query.message is None:
        return False
    state = stored.get("state")
    shown = state.get("message_id") if isinstance(state, dict) else None
    return shown is None or shown == query.message.message_id
