"""The Bot API methods the sandbox implements, with Telegram's checks and error wording.

Each method takes the decoded parameters (and uploaded files) and returns the ``result`` value
or raises :class:`ApiError`. HTTP, tokens, faults and the call log are the server's business,
so this module reads as a small specification of how Telegram behaves for a bot in private
chats, groups, supergroups and channels (all addressed by ``chat_id``, checked the same way).
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox.chat import CallbackAnswer
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.html_check import (
    HtmlParseError,
    check_entities,
    parse_html,
    strip_text,
)
from bot.sandbox.markup import check_reply_markup, reply_keyboard
from bot.sandbox.state import ChatRecord, JsonDict, SandboxState, StoredFile, StoredMessage

MAX_TEXT = 4096
MAX_CAPTION = 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup of the specified "
    "message are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
SCOPES = frozenset(
    {
        "default", "all_private_chats", "all_group_chats", "all_chat_administrators",
        "chat", "chat_administrators", "chat_member",
    }
)  # fmt: skip
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


@dataclass
class Upload:
    """One file part of a multipart request."""

    filename: str | None
    body: bytes
    content_type: str | None


Handler = Callable[[JsonDict, dict[str, Upload]], Any]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image; None when ``data`` is none of these."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return width, height
            pos += 2 + length
    return None


class BotApi:
    """Implements the methods over a :class:`SandboxState`."""

    def __init__(self, state: SandboxState, *, callback_query_ttl: float = 15.0) -> None:
        self.state = state
        self.callback_query_ttl = callback_query_ttl
        self.handlers: dict[str, tuple[str, Handler]] = {}
        for name in (
            "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
            "sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption",
            "answerCallbackQuery", "deleteMessage", "sendDocument", "sendPhoto",
            "setMyCommands", "getMyCommands", "deleteMyCommands", "sendChatAction",
            "close", "logOut", "getFile",
        ):  # fmt: skip
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
            self.handlers[name.lower()] = (name, getattr(self, snake))

    def lookup(self, method: str) -> tuple[str, Handler] | None:
        """Method names are case-insensitive in the Bot API."""
        return self.handlers.get(method.lower())

    # -- shared checks -----------------------------------------------------------------------

    def _formatted(
        self, params: JsonDict, field: str, entities_field: str, limit: int
    ) -> tuple[str, list[JsonDict], str | None, str | None]:
        """Text (or caption) after entity parsing: (text, entities, source, parse_mode)."""
        raw = params.get(field)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raw = str(raw)
        parse_mode = params.get("parse_mode") or None
        try:
            if parse_mode is None:
                parsed = strip_text(raw, check_entities(raw, params.get(entities_field)))
            elif str(parse_mode).lower() == "html":
                parse_mode = "HTML"
                html = parse_html(raw)
                parsed = strip_text(html.text, html.entities)
            elif str(parse_mode).lower() in ("markdown", "markdownv2"):
                parsed = strip_text(raw, [])  # not interpreted by the sandbox
            else:
                raise bad_request(f"unsupported parse_mode {parse_mode}")
        except HtmlParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
        if field == "text" and not parsed.text:
            raise bad_request("message text is empty")
        if len(parsed.text) > limit:
            raise bad_request("message is too long" if field == "text" else
                              "message caption is too long")  # fmt: skip
        return parsed.text, parsed.entities, (raw if parse_mode else None), parse_mode

    def _reply_to(self, chat: ChatRecord, params: JsonDict) -> JsonDict | None:
        reply = params.get("reply_parameters") or {}
        if not isinstance(reply, dict):
            raise bad_request("can't parse reply parameters JSON object")
        message_id = reply.get("message_id", params.get("reply_to_message_id"))
        if message_id is None:
            return None
        target = self.state.message(chat.id, message_id)
        if target is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return None
            raise bad_request("message to be replied not found")
        return target.to_api(with_reply=False)

    def _deliver(self, chat: ChatRecord, params: JsonDict, **fields: Any) -> JsonDict:
        """Validate markup and reply target, store a bot message, show it in the chat."""
        markup = check_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat, params)
        message = self.state.add_message(
            chat, from_bot=True, reply_markup=markup, reply_to=reply_to, **fields
        )
        if markup is not None and "keyboard" in markup:
            chat.reply_keyboard = reply_keyboard(markup)
        elif markup is not None and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        self.state.record(chat.id, "new", message.message_id)
        return message.to_api()

    def _own_message(self, params: JsonDict, missing: str) -> tuple[ChatRecord, StoredMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.state.chat_record(params.get("chat_id"))
        message = self.state.message(chat.id, params.get("message_id"))
        if message is None:
            raise bad_request(missing)
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _file(self, params: JsonDict, uploads: dict[str, Upload], kind: str) -> StoredFile:
        value = params.get(kind)
        upload = uploads.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file of attach {value} not found")
        if upload is not None:
            return self._store_upload(kind, upload)
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")  # the sandbox has no internet
        stored = self.state.files.get(str(value))
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
        return stored

    def _store_upload(self, kind: str, upload: Upload) -> StoredFile:
        if not upload.body:
            raise bad_request("file must be non-empty")
        if kind == "photo":
            size = image_size(upload.body)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            return self.state.store_file(
                "photo", upload.body, width=size[0], height=size[1], mime_type="image/jpeg"
            )
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename or "")[0] or mime
        return self.state.store_file(
            "document", upload.body, file_name=upload.filename, mime_type=mime
        )

    def _scope_key(self, params: JsonDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in SCOPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        kind = scope["type"]
        key = kind
        if kind in ("chat", "chat_administrators", "chat_member"):
            key = f"{kind}:{self.state.chat_record(scope.get('chat_id')).id}"
            if kind == "chat_member":
                key += f":{scope.get('user_id')}"
        language = params.get("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", str(language)):
            raise bad_request("invalid language code specified")
        return key, str(language)

    # -- methods -----------------------------------------------------------------------------

    def get_me(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        return {
            **self.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def get_updates(self, params: JsonDict, uploads: dict[str, Upload]) -> list[JsonDict]:
        """Long polling: hold the request until an update is pending or ``timeout`` passed.

        A newer getUpdates terminates an older one still waiting with 409, as Telegram does when
        two bot instances poll the same token.
        """
        state = self.state
        state.poll_generation += 1
        generation = state.poll_generation
        state.updates_changed.notify()
        timeout = params.get("timeout")
        timeout = float(timeout) if isinstance(timeout, int | float) and timeout > 0 else 0.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if state.closed:
                return []
            if state.poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            updates = self._poll_once(params)
            remaining = deadline - loop.time()
            if updates or remaining <= 0:
                return updates
            await state.updates_changed.wait(remaining)

    def _poll_once(self, params: JsonDict) -> list[JsonDict]:
        """Confirm by ``offset`` and take what is pending (the non-waiting part of getUpdates)."""
        state = self.state
        if state.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        if isinstance(offset, int):
            state.confirm(offset)
        limit = params.get("limit")
        limit = limit if isinstance(limit, int) and 1 <= limit <= 100 else 100
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            state.allowed_updates = [str(kind) for kind in allowed]
        return state.take_updates(limit)

    def set_webhook(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        url = params.get("url") or ""
        if url and not str(url).startswith(("https://", "http://")):
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        if params.get("drop_pending_updates"):
            self.state.pending.clear()
        if isinstance(params.get("allowed_updates"), list):
            self.state.allowed_updates = list(params["allowed_updates"])
        self.state.webhook = {"url": str(url)}
        if url:
            for key in ("max_connections", "ip_address", "secret_token"):
                if params.get(key) is not None:
                    self.state.webhook[key] = params[key]
        self.state.updates_changed.notify()
        return True

    def delete_webhook(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        if params.get("drop_pending_updates"):
            self.state.pending.clear()
        self.state.webhook = {"url": ""}
        self.state.updates_changed.notify()
        return True

    def get_webhook_info(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        webhook = self.state.webhook
        info: JsonDict = {
            "url": webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.pending),
        }
        if webhook["url"]:
            info["max_connections"] = webhook.get("max_connections", 40)
            if webhook.get("ip_address"):
                info["ip_address"] = webhook["ip_address"]
            for key in ("last_error_date", "last_error_message"):
                if key in webhook:
                    info[key] = webhook[key]
        if self.state.allowed_updates:
            info["allowed_updates"] = self.state.allowed_updates
        return info

    def send_message(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        chat = self.state.writable_chat(params.get("chat_id"))
        text, entities, source, parse_mode = self._formatted(params, "text", "entities", MAX_TEXT)
        return self._deliver(
            chat, params, text=text, entities=entities, source=source, parse_mode=parse_mode
        )

    def edit_message_text(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        chat, message = self._own_message(params, "message to edit not found")
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, entities, source, parse_mode = self._formatted(params, "text", "entities", MAX_TEXT)
        markup = check_reply_markup(params.get("reply_markup"), inline_only=True)
        current = (message.text, message.entities, message.reply_markup)
        if current == (text, entities, markup):
            raise bad_request(NOT_MODIFIED)
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.source, message.parse_mode = source, parse_mode
        return self._edited(chat, message)

    def edit_message_caption(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        chat, message = self._own_message(params, "message to edit not found")
        if message.file is None:
            raise bad_request("there is no caption in the message to edit")
        caption, entities, source, parse_mode = self._formatted(
            params, "caption", "caption_entities", MAX_CAPTION
        )
        markup = check_reply_markup(params.get("reply_markup"), inline_only=True)
        current = (message.caption or "", message.caption_entities, message.reply_markup)
        if current == (caption, entities, markup):
            raise bad_request(NOT_MODIFIED)
        message.caption, message.caption_entities = caption or None, entities
        message.reply_markup, message.source, message.parse_mode = markup, source, parse_mode
        return self._edited(chat, message)

    def edit_message_reply_markup(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        chat, message = self._own_message(params, "message to edit not found")
        markup = check_reply_markup(params.get("reply_markup"), inline_only=True)
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(chat, message)

    def _edited(self, chat: ChatRecord, message: StoredMessage) -> JsonDict:
        message.edit_date = self.state.now()
        self.state.record(chat.id, "edit", message.message_id)
        return message.to_api()

    def delete_message(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        chat = self.state.chat_record(params.get("chat_id"))
        message = self.state.message(chat.id, params.get("message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        message.deleted = True
        self.state.record(chat.id, "delete", message.message_id)
        return True

    def answer_callback_query(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        query = self.state.callbacks.get(str(params.get("callback_query_id") or ""))
        loop_time = asyncio.get_running_loop().time()
        if query is None or query.answered or loop_time - query.created > self.callback_query_ttl:
            raise bad_request(QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        answer = CallbackAnswer(
            query_id=query.query_id,
            text=None if text is None else str(text),
            show_alert=bool(params.get("show_alert")),
            url=params.get("url"),
        )
        self.state.users[query.user_id].callback_answers.append(answer)  # the presser's toast
        self.state.record(query.chat_id, "answer", answer=answer)
        return True

    def send_document(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        return self._send_file(params, uploads, "document")

    def send_photo(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        return self._send_file(params, uploads, "photo")

    def _send_file(self, params: JsonDict, uploads: dict[str, Upload], kind: str) -> JsonDict:
        chat = self.state.writable_chat(params.get("chat_id"))
        caption, entities, source, parse_mode = self._formatted(
            params, "caption", "caption_entities", MAX_CAPTION
        )
        check_reply_markup(params.get("reply_markup"))  # refuse before storing the file
        stored = self._file(params, uploads, kind)
        return self._deliver(
            chat,
            params,
            file=stored,
            caption=caption or None,
            caption_entities=entities,
            source=source,
            parse_mode=parse_mode,
        )

    def get_file(self, params: JsonDict, uploads: dict[str, Upload]) -> JsonDict:
        stored = self.state.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def set_my_commands(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        checked: list[JsonDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name, description = command.get("command"), command.get("description")
            if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("command description is empty or too long")
            checked.append({"command": name, "description": description})
        key = self._scope_key(params)
        if checked:
            self.state.commands[key] = checked
        else:
            self.state.commands.pop(key, None)
        return True

    def get_my_commands(self, params: JsonDict, uploads: dict[str, Upload]) -> list[JsonDict]:
        return list(self.state.commands.get(self._scope_key(params), []))

    def delete_my_commands(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        self.state.commands.pop(self._scope_key(params), None)
        return True

    def send_chat_action(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        chat = self.state.writable_chat(params.get("chat_id"))
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.chat_actions.append(str(action))
        return True

    def close(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        return True

    def log_out(self, params: JsonDict, uploads: dict[str, Upload]) -> bool:
        return True
