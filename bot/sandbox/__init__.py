"""A local Telegram Bot API emulator ("the sandbox") for demos, end-to-end tests and benchmarks.

Typical use::

    async with BotApiSandbox(token="123456:TEST", bot_username="careslot_bot") as sandbox:
        app = (ApplicationBuilder().token(sandbox.token).base_url(sandbox.base_url)
               .base_file_url(sandbox.base_file_url).build())
        ...  # initialize/start the app and start polling
        ann = sandbox.user(1001, "Ann")
        reply = await ann.send_command("/start")
        reply = await ann.press("Book")
        team = sandbox.group(-1001, "Team")            # groups, supergroups, channels
        reply = await ann.send_command("/start", chat=team)
        reply = await sandbox.group(-1002, "News", type="channel").post("Hello")
"""

from bot.sandbox.chat import (
    Button,
    CallbackAnswer,
    CallError,
    ChatMessage,
    Document,
    KeyboardButton,
    Photo,
    Reply,
    ReplyKeyboard,
)
from bot.sandbox.client import SandboxGroup, SandboxUser
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Fault
from bot.sandbox.html_check import HtmlParseError, parse_html
from bot.sandbox.sandbox import BotApiSandbox

__all__ = [
    "ApiError",
    "BotApiSandbox",
    "Button",
    "CallError",
    "CallbackAnswer",
    "ChatMessage",
    "Document",
    "Fault",
    "HtmlParseError",
    "KeyboardButton",
    "Photo",
    "Reply",
    "ReplyKeyboard",
    "SandboxGroup",
    "SandboxUser",
    "parse_html",
]
