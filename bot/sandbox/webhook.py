"""Webhook delivery: POST pending updates to the URL set with ``setWebhook``.

With a webhook set, Telegram pushes updates instead of waiting for getUpdates; this lets the
bot's webhook mode be exercised end to end. The sandbox only ever connects to loopback
addresses (127.0.0.0/8, ::1, localhost): any other URL is stored and reported in
getWebhookInfo's ``last_error_message``, and nothing is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from urllib.parse import urlsplit

import httpx

from bot.sandbox.state import SandboxState

RETRY_DELAY = 0.5


def is_loopback_url(url: str) -> bool:
    """True when ``url`` points at this machine's loopback interface."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookPump:
    """Background task delivering updates one at a time, oldest first, retrying failures."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="sandbox-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _fail(self, message: str) -> None:
        self.state.webhook["last_error_date"] = self.state.now()
        self.state.webhook["last_error_message"] = message

    async def _run(self) -> None:
        state = self.state
        async with httpx.AsyncClient(timeout=10.0) as client:
            while True:
                url = str(state.webhook["url"])
                if not url or not state.pending or state.closed:
                    await state.updates_changed.wait(3600.0)
                    continue
                if not is_loopback_url(url):
                    self._fail("the sandbox delivers webhooks to loopback addresses only")
                    await state.updates_changed.wait(3600.0)
                    continue
                update = min(state.pending, key=lambda u: u.update_id)
                headers = {}
                if state.webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(state.webhook["secret_token"])
                try:
                    response = await client.post(url, json=update.payload, headers=headers)
                except httpx.HTTPError as exc:
                    self._fail(f"Connection failed: {exc!r}")
                    await asyncio.sleep(RETRY_DELAY)
                    continue
                if 200 <= response.status_code < 300:
                    if update in state.pending:
                        state.pending.remove(update)
                else:
                    self._fail(f"Wrong response from the webhook: {response.status_code}")
                    await asyncio.sleep(RETRY_DELAY)
