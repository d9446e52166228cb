"""bot.http.AiohttpRequest: PTB's Bot API client on aiohttp, over real HTTP.

Most tests drive a real ``telegram.Bot`` against the Bot API sandbox and check what the user
sees there; the failure modes use bare asyncio servers (silent, or never reading) and a closed
port, with small timeouts so the whole file runs in a couple of seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import socket
import traceback
from collections.abc import AsyncIterator
from types import TracebackType

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.http import AiohttpRequest, NotSent, _translate
from bot.sandbox import BotApiSandbox

TOKEN = "123456:TEST"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Dental check-up\r\n"
    b"DTSTART:20260512T093000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def request_data(**params: object) -> RequestData:
    return RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])


def header(head: bytes, name: str) -> str | None:
    """One header's value from a raw HTTP/1.1 request head."""
    for line in head.decode("latin-1").split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def all_text(exc: BaseException) -> str:
    """What a logged traceback of ``exc`` would show (message and the whole chain)."""
    return "".join(traceback.format_exception(exc))


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def module_sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(token=TOKEN) as running:
        yield running


@pytest.fixture
def sandbox(module_sandbox: BotApiSandbox) -> BotApiSandbox:
    module_sandbox.reset()
    return module_sandbox


@pytest.fixture
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN,
        base_url=sandbox.base_url,
        base_file_url=sandbox.base_file_url,
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1, read_timeout=0.5),
    ) as ptb_bot:
        yield ptb_bot


class RawServer:
    """A bare TCP server on 127.0.0.1.

    ``answer``: reads HTTP/1.1 requests (Content-Length bodies), records them and answers each
    with ``{"ok": true, "result": true}``; ``silent``: accepts connections and never reads or
    writes a byte until the server is stopped.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests: list[tuple[bytes, bytes]] = []  # (head, body)
        self._stop = asyncio.Event()
        self._handlers: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        await asyncio.gather(*self._handlers)

    def url(self, method: str = "getMe") -> str:
        return f"http://127.0.0.1:{self.port}/bot{TOKEN}/{method}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            if self.mode == "silent":
                await self._stop.wait()
                return
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = await reader.readexactly(length)
                self.requests.append((head, body))
                answer = b'{"ok": true, "result": true}'
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(answer), answer)
                )
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- construction and lifecycle -----------------------------------------------------------------


def test_constructor_defaults_and_validation() -> None:
    request = AiohttpRequest()
    assert request.read_timeout == 5.0
    assert AiohttpRequest(read_timeout=None).read_timeout is None
    assert AiohttpRequest(read_timeout=2.5).read_timeout == 2.5
    for size in (0, -1, 1.5, True, "32"):
        with pytest.raises(ValueError, match="connection_pool_size must be a positive integer"):
            AiohttpRequest(connection_pool_size=size)  # type: ignore[arg-type]
    for name in ("read", "write", "connect", "pool", "media_write"):
        for bad in (0, -1.0, float("nan"), float("inf"), "5"):
            with pytest.raises(ValueError, match=f"{name}_timeout must be"):
                AiohttpRequest(**{f"{name}_timeout": bad})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AiohttpRequest(8)  # type: ignore[misc]


async def test_lifecycle_shutdown_then_initialize(sandbox: BotApiSandbox) -> None:
    request = AiohttpRequest()
    url = f"{sandbox.base_url}{TOKEN}/getMe"
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")
    await request.shutdown()  # shutting down an uninitialized request is harmless
    await request.initialize()
    await request.initialize()  # idempotent
    assert (await request.post(url))["id"] == 123456
    await request.shutdown()
    await request.shutdown()  # idempotent
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")
    async with request:  # BaseRequest's context manager: initialize() again ... shutdown()
        status, body = await request.do_request(url, "POST")
        assert status == 200 and json.loads(body)["result"]["id"] == 123456
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")


# -- the happy paths through PTB ----------------------------------------------------------------


async def test_get_me_and_send_message(sandbox: BotApiSandbox, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456 and me.is_bot and me.username == "careslot_bot"
    ann = sandbox.user(1001, "Ann")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Cancel visit", callback_data="c:7")]])
    sent = await bot.send_message(
        ann.id, "Booked: <b>Tue 12 May, 09:30</b> — Dr Müller & co", parse_mode="HTML",
        reply_markup=keyboard,
    )  # fmt: skip
    seen = ann.last_bot_message
    assert seen is not None and seen.message_id == sent.message_id
    assert seen.text == "Booked: Tue 12 May, 09:30 — Dr Müller & co"
    assert seen.button_texts == ["Cancel visit"]
    assert [m.text for m in ann.messages] == [seen.text]


async def test_form_body_matches_httpx(sandbox: BotApiSandbox) -> None:
    """Same URL-encoded body and content type as PTB's HTTPXRequest, plus PTB's User-Agent."""
    data = request_data(
        chat_id=1001,
        text="Hi & bye = ok? ü+ /",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a b")]]),
    )
    async with RawServer("answer") as server:
        async with HTTPXRequest() as httpx_request:
            assert await httpx_request.post(server.url("sendMessage"), data) is True
        async with AiohttpRequest() as request:
            assert await request.post(server.url("sendMessage"), data) is True
            assert await request.post(server.url("getMe"), request_data()) is True
    (httpx_head, httpx_body), (head, body), (empty_head, empty_body) = server.requests
    assert body == httpx_body == data.url_encoded_parameters().encode()
    assert header(head, "content-type") == header(httpx_head, "content-type")
    assert header(head, "content-type") == "application/x-www-form-urlencoded"
    assert header(head, "user-agent") == header(httpx_head, "user-agent") == BaseRequest.USER_AGENT
    assert head.startswith(f"POST /bot{TOKEN}/sendMessage HTTP/1.1\r\n".encode())
    assert empty_body == b"" and empty_head.startswith(b"POST /bot")


async def test_send_document_multipart(sandbox: BotApiSandbox, bot: Bot) -> None:
    ann = sandbox.user(1001, "Ann")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Add reminder", callback_data="r")]])
    name = "Визит 12 мая (Ann).ics"
    sent = await bot.send_document(
        ann.id, io.BytesIO(ICS), filename=name, caption="Your <i>visit</i>", parse_mode="HTML",
        reply_markup=keyboard,
    )  # fmt: skip
    assert sent.document is not None and sent.document.file_name == name
    seen = ann.last_bot_message
    assert seen is not None and seen.document is not None
    assert seen.document.file_name == name
    assert seen.document.mime_type == "text/calendar"
    assert sandbox.file_bytes(seen.document.file_id) == ICS
    assert seen.text == "Your visit" and seen.button_texts == ["Add reminder"]
    # and the download path (GET through retrieve()) brings the same bytes back
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == ICS


async def test_large_upload_from_an_open_file_handle(sandbox: BotApiSandbox, bot: Bot) -> None:
    """A handle PTB passes through unread (read_file_handle=False) is sent whole and left open;
    more than 1 MiB goes out as a stream."""
    ann = sandbox.user(1001, "Ann")
    content = bytes(range(256)) * 6000  # ~1.5 MB
    handle = io.BytesIO(content)
    handle.seek(100)  # rewound like httpx does
    sent = await bot.send_document(
        ann.id, InputFile(handle, filename="scan.pdf", read_file_handle=False)
    )
    assert not handle.closed
    assert sent.document is not None and sent.document.file_size == len(content)
    seen = ann.last_bot_message
    assert seen is not None and seen.document is not None
    assert seen.document.mime_type == "application/pdf"
    assert sandbox.file_bytes(seen.document.file_id) == content


async def test_long_poll_longer_than_the_read_timeout(sandbox: BotApiSandbox, bot: Bot) -> None:
    """Bot.get_updates asks for read_timeout = request.read_timeout (0.5 s here) + timeout."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= loop.time() - started < 1.9
    ann = sandbox.user(1001, "Ann")
    poll = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.1)
    await ann.send_text("hello", wait=False)
    updates = await asyncio.wait_for(poll, 1.5)
    assert [u.message.text for u in updates if u.message] == ["hello"]


# -- timeouts -----------------------------------------------------------------------------------


async def test_silent_server_times_out() -> None:
    async with RawServer("silent") as server, AiohttpRequest(read_timeout=0.2) as request:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(TimedOut) as caught:
            await request.post(server.url())
        assert 0.15 < loop.time() - started < 1.0
        # with a body: the same read timeout once the (small) body is sent
        with pytest.raises(TimedOut):
            await request.post(server.url("sendMessage"), request_data(chat_id=1, text="x"))
    assert "SocketTimeoutError" in str(caught.value)
    assert TOKEN not in all_text(caught.value)


async def test_stalled_upload_hits_the_write_deadline() -> None:
    """aiohttp has no write timeout: a peer that stops reading trips connect + write + read."""
    big = request_data(chat_id=1, document=InputFile(b"\0" * (32 << 20), filename="big.bin"))
    async with RawServer("silent") as server, AiohttpRequest() as request:
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(TimedOut, match=r"connect \+ write \+ read") as caught:
            await request.post(
                server.url("sendDocument"), big,
                read_timeout=0.1, write_timeout=0.1, connect_timeout=0.1,
            )  # fmt: skip
        assert loop.time() - started < 1.5
    assert TOKEN not in all_text(caught.value)


async def test_default_timeout_versus_explicit_none(sandbox: BotApiSandbox) -> None:
    """DEFAULT_NONE means the instance's timeout; an explicit None means no limit."""
    sandbox.inject_fault("getMe", "slow", delay=0.4, times=2)
    url = f"{sandbox.base_url}{TOKEN}/getMe"
    async with AiohttpRequest(read_timeout=0.15) as request:
        with pytest.raises(TimedOut):
            await request.post(url)
        assert (await request.post(url, read_timeout=None))["id"] == 123456
        assert (await request.post(url, read_timeout=1.0))["id"] == 123456  # fault used up


async def test_pool_exhausted_request_is_not_sent(sandbox: BotApiSandbox) -> None:
    sandbox.inject_fault("getMe", "slow", delay=0.4)
    url = f"{sandbox.base_url}{TOKEN}/getMe"
    async with AiohttpRequest(connection_pool_size=1, pool_timeout=0.1) as request:
        first = asyncio.create_task(request.post(url))
        await asyncio.sleep(0.05)
        with pytest.raises(TimedOut, match=r"(?s)Pool timeout.*\*not\* sent"):
            await request.post(url)
        assert (await first)["id"] == 123456
        assert sandbox.count_calls("getMe") == 1
        # the slot is free again: the next request waits for nobody
        assert (await request.post(url))["id"] == 123456


# -- network errors -----------------------------------------------------------------------------


async def test_refused_connection_is_a_network_error_that_was_not_sent() -> None:
    port = closed_port()
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    assert type(caught.value) is NotSent  # nothing reached the server: safe to send again
    assert str(caught.value).startswith("aiohttp.ClientConnectorError: ")
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert TOKEN not in all_text(caught.value)


async def test_refused_connection_through_bot() -> None:
    port = closed_port()
    ptb_bot = Bot(
        TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(),
    )  # fmt: skip
    with pytest.raises(NetworkError) as caught:
        async with ptb_bot:
            pass  # initialize() calls getMe
    assert TOKEN not in all_text(caught.value)


async def test_server_disconnect_is_a_network_error() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with AiohttpRequest() as request:
            with pytest.raises(NetworkError, match=r"^aiohttp\.ServerDisconnectedError") as caught:
                await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        server.close()
        await server.wait_closed()
    assert type(caught.value) is NetworkError
    assert TOKEN not in all_text(caught.value)


async def test_urls_are_scrubbed_from_errors() -> None:
    url = f"http://127.0.0.1:1/bot{TOKEN}/sendMessage"
    # aiohttp's own connect-timeout text includes the URL; it must not survive the translation
    timeout = aiohttp.ConnectionTimeoutError(f"Connection timeout to host {url}")
    translated = _translate(TimedOut, "Timed out: ", timeout, url)
    assert isinstance(translated, TimedOut)
    assert str(translated) == (
        "Timed out: aiohttp.ConnectionTimeoutError: Connection timeout to host <url>"
    )
    assert translated.__cause__ is None and translated.__suppress_context__
    # a URL-free error stays chained for debugging
    disconnected = aiohttp.ServerDisconnectedError()
    translated = _translate(NetworkError, "", disconnected, url)
    assert str(translated) == "aiohttp.ServerDisconnectedError: Server disconnected"
    assert translated.__cause__ is disconnected
    # and an invalid URL (aiohttp.InvalidURL quotes it) does not leak through do_request
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http//nohost/bot{TOKEN}/getMe")
    assert TOKEN not in all_text(caught.value)
