"""Groups, supergroups and channels: users acting there with ``chat=``, channel posts, and the
Bot API methods addressing a negative ``chat_id``, driven by a tiny PTB application that, like
CareSlot, answers outside private chats with one sentence pointing to the private chat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiSandbox, SandboxGroup

App = Application  # type: ignore[type-arg]
BOT_ID = 123456
REFUSAL = "I only work in a private chat: please write to me at @careslot_bot."


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d)] for d in data])


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anything outside a private chat (group messages and channel posts alike)."""
    context.bot_data.setdefault("updates", []).append(update)
    assert update.effective_message is not None
    await update.effective_message.reply_text(REFUSAL)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Welcome")


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    context.bot_data.setdefault("queries", []).append(query)
    await query.answer(f"got {query.data}")
    if query.message is not None and query.message.is_accessible:
        await query.edit_message_text(f"pressed {query.data} by {query.from_user.first_name}")


@pytest.fixture
async def app(sandbox: BotApiSandbox) -> AsyncIterator[App]:
    """A running PTB application polling the sandbox that refuses to work in groups."""
    application = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    application.add_handler(MessageHandler(~filters.ChatType.PRIVATE, _refuse))
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_button))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=2)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


def test_group_registry(sandbox: BotApiSandbox) -> None:
    team = sandbox.group(-1001, "Team")
    assert isinstance(team, SandboxGroup) and sandbox.group(-1001, "Other", "channel") is team
    assert (team.id, team.chat_id, team.title, team.type, team.is_channel) == (
        -1001, -1001, "Team", "group", False,
    )  # fmt: skip
    assert sandbox.groups == [team] and team.messages == [] and team.transcript() == "  (empty)"
    with pytest.raises(ValueError, match="negative"):
        sandbox.group(1001)
    with pytest.raises(ValueError, match="type must be one of"):
        sandbox.group(-1002, type="private")  # type: ignore[arg-type]
    sandbox.reset()
    assert sandbox.groups == [] and sandbox.group(-1001, "New") is not team


async def test_command_in_a_group_lands_in_the_group(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001, "Ann")
    team = sandbox.group(-1001, "Team")
    reply = await ann.send_command("/start", chat=team)
    assert reply is not None and reply.texts == [REFUSAL]
    update = app.bot_data["updates"][-1]
    assert update.message is not None and update.message.text == "/start"
    chat = update.message.chat
    assert (chat.id, chat.type, chat.title) == (team.id, "group", "Team")
    assert update.message.from_user.id == ann.id and update.message.sender_chat is None
    assert update.message.entities[0].type == "bot_command"
    assert [(m.from_bot, m.sender_id, m.chat_id, m.text) for m in team.messages] == [
        (False, ann.id, team.id, "/start"),
        (True, BOT_ID, team.id, REFUSAL),
    ]
    assert team.bot_messages == [team.last_bot_message] and reply.last == team.last_bot_message
    assert reply.last is not None and reply.last.reply_to_message_id == 1
    assert reply.update_id == ann.last_update_id == team.last_update_id
    assert ann.messages == [] and ann.last_bot_message is None  # the private chat is untouched
    assert team.transcript().splitlines() == ["  [Ann #1] /start", f"  [bot #2] {REFUSAL}"]
    private = await ann.send_command("/start")  # and the private chat still works as before
    assert private is not None and private.text == "Welcome"
    assert [m.message_id for m in ann.messages] == [1, 2] and len(team.messages) == 2
    assert sandbox.errors == []


async def test_texts_contacts_and_replies_in_a_group(sandbox: BotApiSandbox, app: App) -> None:
    ann, bob = sandbox.user(1001, "Ann"), sandbox.user(2002, "Bob")
    team = sandbox.group(-1001, "Team")
    reply = await ann.send_text("hello all", chat=team)
    assert reply is not None and reply.text == REFUSAL
    reply = await bob.share_contact("+15550001111", chat=team)
    assert reply is not None and reply.text == REFUSAL
    reply = await bob.send_text("me too", reply_to=1, chat=team)
    assert reply is not None and reply.last is not None and reply.last.reply_to_message_id == 5
    update = app.bot_data["updates"][-1]
    assert update.message.reply_to_message.from_user.id == ann.id
    contact = app.bot_data["updates"][1].message.contact
    assert contact.user_id == bob.id and contact.phone_number == "+15550001111"
    assert [m.sender_id for m in team.messages if not m.from_bot] == [ann.id, bob.id, bob.id]
    assert "[Bob #3] <contact>" in team.transcript()
    markup = ReplyKeyboardMarkup([["Yes", "No"]], one_time_keyboard=True)
    await app.bot.send_message(team.id, "Coming?", reply_markup=markup)
    assert team.current_reply_keyboard is not None and team.current_reply_keyboard.texts == [
        "Yes", "No",
    ]  # fmt: skip
    assert bob.current_reply_keyboard is None  # shown in the group, not in Bob's private chat
    reply = await bob.tap_keyboard("Yes", chat=team)
    assert reply is not None and reply.text == REFUSAL and team.current_reply_keyboard is None
    assert app.bot_data["updates"][-1].message.text == "Yes"
    with pytest.raises(LookupError, match="no message #42 to reply to"):
        await ann.send_text("?", reply_to=42, chat=team)
    with pytest.raises(ValueError, match="not a group of this sandbox"):
        await ann.send_text("?", chat=bob)  # type: ignore[arg-type]


async def test_waiting_watches_the_chat_of_the_action(sandbox: BotApiSandbox, app: App) -> None:
    ann = sandbox.user(1001, "Ann")
    team = sandbox.group(-1001, "Team")
    assert await ann.send_text("one", chat=team, wait=False) is None
    with pytest.raises(TimeoutError, match=r"no reply from the bot within 0\.3s"):
        await ann.wait_reply(timeout=0.3)  # the bot answers in the group, not in private
    reply = await ann.wait_reply(chat=team)  # the pending action in the group
    assert reply.texts == [REFUSAL] and reply.last is not None and reply.last.chat_id == team.id
    with pytest.raises(TimeoutError) as error:
        await ann.send_command("/start", chat=sandbox.group(-1003, "Empty"), timeout=0.01)
    text = str(error.value)
    assert "SandboxUser(id=1001, first_name='Ann') in SandboxGroup(id=-1003" in text
    assert "[Ann #1] /start" in text
    await asyncio.sleep(0.3)  # let the bot's late refusal land before the app stops


async def test_press_in_a_supergroup(sandbox: BotApiSandbox, app: App) -> None:
    ann, bob = sandbox.user(1001, "Ann"), sandbox.user(2002, "Bob")
    staff = sandbox.group(-1002003004005, "Clinic staff", type="supergroup")
    sent = await app.bot.send_message(staff.id, "Who takes it?", reply_markup=keyboard("take"))
    assert sent.chat.type == "supergroup" and sent.from_user is not None
    assert sent.from_user.id == BOT_ID and sent.sender_chat is None
    reply = await bob.press("take", chat=staff)
    assert reply is not None and reply.callback_answer is not None
    assert reply.callback_answer.text == "got take"
    assert [m.text for m in reply.edited] == ["pressed take by Bob"]
    query = app.bot_data["queries"][-1]
    assert query.message.chat.id == staff.id and query.message.chat.type == "supergroup"
    assert query.from_user.id == bob.id and query.message.message_id == sent.message_id
    assert bob.callback_answers == [reply.callback_answer] and ann.callback_answers == []
    assert bob.messages == [] and staff.last_bot_message is not None
    assert staff.last_bot_message.text == "pressed take by Bob"
    reply = await ann.press_data(99, "old", chat=staff)  # Telegram's inaccessible message
    assert reply is not None and reply.callback_answer is not None and reply.edited == ()
    query = app.bot_data["queries"][-1]
    assert not query.message.is_accessible and query.message.chat.id == staff.id
    said = await ann.send_text("mine", chat=staff)
    again = await ann.redeliver()  # waits in the supergroup, where the update happened
    assert said is not None and again is not None and again.update_id == said.update_id
    assert again.texts == [REFUSAL] and [u.update_id for u in app.bot_data["updates"]] == [
        said.update_id, said.update_id,
    ]  # fmt: skip
    with pytest.raises(LookupError, match="inline keyboard in SandboxGroup"):
        await ann.press("take", chat=sandbox.group(-1004, "Quiet"))
    assert sandbox.errors == []


async def test_channel_posts(sandbox: BotApiSandbox, app: App) -> None:
    news = sandbox.group(-1009, "Clinic news", type="channel", username="clinic_news")
    reply = await news.post("Opening hours changed")
    assert reply is not None and reply.texts == [REFUSAL]
    update = app.bot_data["updates"][-1]
    assert update.message is None and update.channel_post is not None
    post = update.channel_post
    assert post.from_user is None and post.sender_chat is not None
    assert (post.sender_chat.id, post.sender_chat.type) == (news.id, "channel")
    assert (post.chat.id, post.chat.type, post.chat.username) == (news.id, "channel", "clinic_news")
    reply = await news.post_command("/start", "now")
    assert reply is not None and reply.text == REFUSAL
    post = app.bot_data["updates"][-1].channel_post
    assert post.text == "/start now" and post.entities[0].type == "bot_command"
    sent = await app.bot.send_message(news.id, "Posted by the bot")
    assert sent.from_user is None and sent.sender_chat is not None
    assert sent.sender_chat.id == news.id
    assert [(m.from_bot, m.sender_id) for m in news.messages] == [
        (False, news.id), (True, BOT_ID), (False, news.id), (True, BOT_ID), (True, BOT_ID),
    ]  # fmt: skip
    assert news.transcript().splitlines()[0] == "  [channel #1] Opening hours changed"
    assert news.commands == []
    with pytest.raises(ValueError, match="the channel post"):
        await sandbox.user(1001).send_text("hi", chat=news)
    with pytest.raises(ValueError, match="only channels post"):
        await sandbox.group(-1001, "Team").post("hi")
    assert sandbox.errors == []


async def test_bot_api_methods_in_groups(sandbox: BotApiSandbox, bot: Bot) -> None:
    team = sandbox.group(-1001, "Team")
    sandbox.user(1001).block_bot()  # a user's block does not concern groups
    first = await bot.send_message(team.id, "<b>Hi</b> all", parse_mode="HTML")
    assert (first.message_id, first.chat.id, first.chat.type, first.chat.title) == (
        1, team.id, "group", "Team",
    )  # fmt: skip
    shown = team.last_bot_message
    assert shown is not None and shown.entities_of("bold") == ["Hi"] and shown.html is not None
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(team.id, "<b>oops", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(team.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(team.id, "no", reply_markup=keyboard("x" * 65))
    await bot.edit_message_text("Bye", team.id, first.message_id, reply_markup=keyboard("a"))
    shown = team.message(first.message_id)
    assert shown is not None and shown.edited and shown.button_texts == ["a"]
    await bot.edit_message_reply_markup(team.id, first.message_id, reply_markup=None)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(team.id, first.message_id, reply_markup=None)
    assert await bot.send_chat_action(team.id, "typing") and team.chat_actions == ["typing"]
    document = await bot.send_document(team.id, b"a,b\n", filename="slots.csv", caption="Slots")
    assert document.chat.id == team.id and document.document is not None
    assert await bot.delete_message(team.id, first.message_id)
    assert [(m.message_id, m.text) for m in team.messages] == [(2, "Slots")]
    assert sandbox.user(1001).messages == []
    for unknown in (-999, 4242):
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(unknown, "hello?")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.delete_message(-999, 1)
    assert {e.error_code for e in sandbox.errors} == {400}


async def test_group_command_menus(sandbox: BotApiSandbox, bot: Bot) -> None:
    team, other = sandbox.group(-1001, "Team"), sandbox.group(-1002, "Other", "supergroup")
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("help", "Help")], scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands([BotCommand("team", "Team")], scope=BotCommandScopeChat(team.id))
    assert team.commands == [("team", "Team")] and other.commands == [("help", "Help")]
    assert sandbox.user(1001).commands == [("start", "Start")]
    assert sandbox.commands(team.id) == [("team", "Team")]
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.set_my_commands([BotCommand("x", "X")], scope=BotCommandScopeChat(-999))
