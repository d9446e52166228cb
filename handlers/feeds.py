"""/calendar: links that put one's visits (or a doctor's agenda) into a calendar app.

The link is a signed token served by the bot's HTTP server (`bot.web`); Reset revokes it.
A Reset press acts only on the presser's own link, and the service checks again that they
have that kind of feed, so a forged press expires and changes nothing.
"""

from __future__ import annotations

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import FeedKind, Menu, MenuAction, ResetFeed
from handlers.context import CareContext
from handlers.i18n import t
from handlers.screens import Screen
from services import calendar_feeds
from services.calendar_feeds import FeedLink, FeedScope
from services.errors import NotAllowed

END = -1


async def calendar_command(update: Update, context: CareContext) -> int:
    """/calendar: each feed the user has, its link and a Reset button (ends any open flow)."""
    flowstate.clear(context)
    base, lang = context.public_url, context.lang
    if base is None or context.current_user is None or not calendar_feeds.scopes_for(
        context.actor
    ):
        key = "calendar-unavailable" if base is None else "calendar-nothing"
        await replies.send_with_menu(update, context, t(lang, key))
        return END
    links = await _links(context, reset=None)
    screen = links_screen(lang, base, links)
    await render.show(update, screen.text, screen.markup)
    return END


async def reset_pressed(update: Update, context: CareContext) -> int:
    """🔄 Reset: the old link stops working; the screen shows the new one."""
    base = context.public_url
    if base is None or context.current_user is None:
        return await replies.expired(update, context)
    try:
        links = await _links(context, reset=FeedScope(context.press.kind.value))
    except NotAllowed:  # not a feed the presser has (a forged press)
        return await replies.expired(update, context)
    screen = links_screen(context.lang, base, links, reset=True)
    await render.show(update, screen.text, screen.markup)
    return END


async def _links(context: CareContext, *, reset: FeedScope | None) -> list[FeedLink]:
    """The user's links in one transaction; `reset`'s is revoked and made anew first."""
    actor, secret, now = context.actor, context.jwt_secret, context.now()
    async with context.write() as session:
        if reset is not None:
            await calendar_feeds.reset_feed(
                session, actor=actor, scope=reset, secret=secret, now=now
            )
        return [
            await calendar_feeds.feed_link(
                session, actor=actor, scope=scope, secret=secret, now=now
            )
            for scope in calendar_feeds.scopes_for(actor)
        ]


def links_screen(lang: str, base: str, links: list[FeedLink], *, reset: bool = False) -> Screen:
    """The links, each under its heading, the privacy note and a Reset button per link."""
    parts = [t(lang, "calendar-reset-done")] if reset else []
    parts += [t(lang, "calendar-title"), t(lang, "calendar-intro")]
    grid = []
    for link in links:
        url = f"{base}/calendar/{link.token}.ics"
        parts.append(f"{t(lang, f'calendar-link-{link.scope.value}')}\n<code>{url}</code>")
        kind = FeedKind(link.scope.value)
        label = t(lang, f"button-calendar-reset-{link.scope.value}")
        grid.append([keyboards.button(label, ResetFeed(kind))])
    parts.append(t(lang, "calendar-private"))
    grid.append([keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))])
    return Screen("\n\n".join(parts), keyboards.markup(grid))
