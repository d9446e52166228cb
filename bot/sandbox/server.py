"""The HTTP side of the sandbox: a tornado server speaking the Bot API's wire format.

PTB posts form fields (JSON-encoding every non-string value), multipart bodies when it uploads
files, and other clients send JSON or query strings; all of them are decoded here into one
parameter dict with Telegram's types, so :mod:`bot.sandbox.methods` never sees the transport.
The server runs inside the caller's asyncio loop on 127.0.0.1 with an ephemeral port.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.methods import Upload

logger = logging.getLogger(__name__)

JsonDict = dict[str, Any]
Dispatch = Callable[[str, str, JsonDict, dict[str, Upload]], Awaitable[tuple[int, JsonDict]]]
FileLookup = Callable[[str, str], bytes | None]

# How Telegram types the parameters that arrive as strings in form fields and query strings.
JSON_PARAMS = frozenset(
    {
        "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
        "link_preview_options", "reply_parameters", "media", "results", "message_ids",
    }
)  # fmt: skip
INT_PARAMS = frozenset(
    {
        "chat_id", "message_id", "offset", "limit", "timeout", "max_connections", "cache_time",
        "reply_to_message_id", "message_thread_id", "from_chat_id", "user_id", "width",
        "height", "duration",
    }
)  # fmt: skip
BOOL_PARAMS = frozenset(
    {
        "show_alert", "drop_pending_updates", "disable_notification", "protect_content",
        "disable_web_page_preview", "allow_sending_without_reply", "has_spoiler",
        "disable_content_type_detection", "show_caption_above_media", "allow_paid_broadcast",
    }
)  # fmt: skip
_INT_RE = re.compile(r"-?[0-9]+")


def coerce_params(raw: dict[str, Any]) -> JsonDict:
    """Give string parameters their Bot API types (JSON objects, integers, booleans)."""
    params: JsonDict = {}
    for name, value in raw.items():
        if isinstance(value, str):
            if name in JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    raise bad_request(f"can't parse {name} JSON object") from None
            elif name in INT_PARAMS and _INT_RE.fullmatch(value.strip()):
                value = int(value)
            elif name in BOOL_PARAMS and value.lower() in ("true", "false", "1", "0"):
                value = value.lower() in ("true", "1")
        params[name] = value
    return params


def parse_request(handler: RequestHandler) -> tuple[JsonDict, dict[str, Upload]]:
    """Collect parameters from the query string and any supported body encoding."""
    request = handler.request
    raw: dict[str, Any] = {k: v[-1].decode("utf-8") for k, v in request.query_arguments.items()}
    content_type = request.headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        raw.update(body)
    else:  # tornado already decoded url-encoded and multipart bodies
        raw.update({k: v[-1].decode("utf-8") for k, v in request.body_arguments.items()})
    uploads = {
        name: Upload(parts[-1].filename or None, parts[-1].body, parts[-1].content_type or None)
        for name, parts in request.files.items()
        if parts
    }
    return coerce_params(raw), uploads


class _JsonHandler(RequestHandler):
    def write_json(self, status: int, body: JsonDict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def data_received(self, chunk: bytes) -> None:  # pragma: no cover - not streamed
        pass


class ApiHandler(_JsonHandler):
    """``/bot<token>/<method>``: everything except file downloads."""

    def initialize(self, dispatch: Dispatch, inflight: set[asyncio.Task[Any]]) -> None:
        self.dispatch = dispatch
        self.inflight = inflight
        self.work: asyncio.Task[tuple[int, JsonDict]] | None = None

    async def post(self, token: str, method: str) -> None:
        try:
            params, uploads = parse_request(self)
        except ApiError as exc:
            self.write_json(exc.error_code, exc.payload())
            return
        work = asyncio.ensure_future(self.dispatch(token, method, params, uploads))
        self.work = work
        self.inflight.add(work)
        try:
            await asyncio.wait([work])
        finally:
            self.inflight.discard(work)
        if work.cancelled():  # the client went away, or the sandbox is shutting down
            if not self.request.connection.stream.closed():  # type: ignore[attr-defined]
                error = ApiError(500, "Internal Server Error: the sandbox is shutting down")
                self.write_json(500, error.payload())
            return
        status, body = work.result()
        self.write_json(status, body)

    get = post

    def on_connection_close(self) -> None:
        """A client that hung up (e.g. PTB cancelling a long poll) needs no answer."""
        if self.work is not None and not self.work.done():
            self.work.cancel()


class FileHandler(_JsonHandler):
    """``/file/bot<token>/<file_path>``: downloads of uploaded files."""

    def initialize(self, files: FileLookup) -> None:
        self.files = files

    def get(self, token: str, path: str) -> None:
        data = self.files(token, path)
        if data is None:
            self.write_json(404, ApiError(404, "Not Found").payload())
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(data)


class NotFoundHandler(_JsonHandler):
    """Any other path: Telegram answers 404 Not Found."""

    def prepare(self) -> None:
        self.write_json(404, ApiError(404, "Not Found").payload())


def _log_request(handler: RequestHandler) -> None:
    request = handler.request
    logger.debug("%s %s -> %s", request.method, request.path, handler.get_status())


class SandboxHttpServer:
    """Owns the listening socket and the in-flight requests."""

    def __init__(self, dispatch: Dispatch, files: FileLookup) -> None:
        self.inflight: set[asyncio.Task[Any]] = set()
        self.app = Application(
            [
                (r"/bot([^/]+)/([A-Za-z0-9_]+)/?", ApiHandler,
                 {"dispatch": dispatch, "inflight": self.inflight}),
                (r"/file/bot([^/]+)/(.+)", FileHandler, {"files": files}),
            ],
            default_handler_class=NotFoundHandler,
            log_function=_log_request,
        )  # fmt: skip
        self.http: HTTPServer | None = None
        self.sockets: list[socket.socket] = []

    async def start(self, host: str = "127.0.0.1") -> int:
        """Listen on an ephemeral port of ``host``; returns the port."""
        self.sockets = bind_sockets(0, host, family=socket.AF_INET)
        self.http = HTTPServer(self.app, max_body_size=64 * 1024 * 1024)
        self.http.add_sockets(self.sockets)
        return int(self.sockets[0].getsockname()[1])

    async def stop(self, grace: float = 1.0) -> None:
        """Let in-flight requests answer (long polls return at once), then close everything."""
        if self.inflight:
            await asyncio.wait(list(self.inflight), timeout=grace)
        stuck = list(self.inflight)  # e.g. requests held by a "slow" fault
        for task in stuck:
            task.cancel()
        # Let answered requests (and the cancelled ones' answers) reach the socket: tornado
        # closes connections abruptly, which would cut a response still being written.
        await asyncio.sleep(0.05)
        if self.http is not None:
            self.http.stop()
            await self.http.close_all_connections()
            self.http = None
        self.sockets = []
