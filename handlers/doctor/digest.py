"""The morning digest's settings: /digest [time | off], or the 🔔 button on /today."""

from __future__ import annotations

from datetime import time

from telegram import Update

from handlers import flowstate, keyboards, render, replies
from handlers.callbacks import Menu, MenuAction
from handlers.context import CareContext
from handlers.doctor.card import refuse
from handlers.doctor_buttons import DigestOpen, DigestPick
from handlers.formats import time_hm
from handlers.i18n import error_text, t
from handlers.screens import Screen, zone
from handlers.visit_callbacks import Today
from services import digest
from services.digest import DigestOut
from services.errors import InvalidInput, NotAllowed, NotFound

END = -1
CHOICES = (time(6, 30), time(7, 0), time(7, 30), time(8, 0), time(8, 30))


def settings_screen(lang: str, out: DigestOut, *, today: bool, note: str | None = None) -> Screen:
    """What the digest is set to, the usual times as buttons, Off, and the way back."""
    if out.at is None:
        state = t(lang, "digest-state-off")
    else:
        state = t(lang, "digest-state-on", time=time_hm(out.at), tz=zone(lang, out.timezone))
    text = "\n\n".join(
        x for x in (note, t(lang, "digest-title"), state, t(lang, "digest-hint")) if x
    )
    picks = [
        keyboards.button(
            ("✓ " if at == out.at else "") + time_hm(at),
            DigestPick(False, at.hour * 60 + at.minute, today),
        )
        for at in CHOICES
    ]
    grid = keyboards.rows(picks, per_row=3)
    if out.at is not None:
        grid.append([keyboards.button(t(lang, "digest-turn-off"), DigestPick(True, 0, today))])
    back = (
        keyboards.button(t(lang, "doctor-back-today"), Today(False))
        if today
        else keyboards.button(t(lang, "home"), Menu(MenuAction.HOME))
    )
    grid.append([back])
    return Screen(text, keyboards.markup(grid))


async def digest_command(update: Update, context: CareContext) -> int:
    """/digest: the settings; /digest 07:00 or /digest off sets them at once."""
    flowstate.clear(context)
    typed = " ".join(context.args or []) if update.callback_query is None else ""
    try:
        if typed:
            try:
                at = digest.parse_digest_time(typed)
            except InvalidInput as exc:
                async with context.read() as reader:
                    out = await digest.digest_setting(reader, actor=context.actor)
                note = error_text(context.lang, exc)
                screen = settings_screen(context.lang, out, today=False, note=note)
                await render.send(update, screen.text, screen.markup)
                return END
            out = await digest.set_digest(context.db, actor=context.actor, at=at, now=context.now())
            note = _done(context.lang, out)
        else:
            async with context.read() as reader:
                out = await digest.digest_setting(reader, actor=context.actor)
            note = None
    except (NotFound, NotAllowed) as exc:
        return await refuse(update, context, exc)
    screen = settings_screen(context.lang, out, today=False, note=note)
    await render.show(update, screen.text, screen.markup)
    return END


def _done(lang: str, out: DigestOut) -> str:
    if out.at is None:
        return t(lang, "digest-set-off")
    return t(lang, "digest-set", time=time_hm(out.at), tz=zone(lang, out.timezone))


async def open_pressed(update: Update, context: CareContext) -> int | None:
    """🔔 on /today: the digest's settings in place of the list."""
    press: DigestOpen = context.press
    try:
        async with context.read() as reader:
            out = await digest.digest_setting(reader, actor=context.actor)
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    screen = settings_screen(context.lang, out, today=press.today)
    await render.show(update, screen.text, screen.markup)
    flowstate.clear(context)
    return END


async def pick_pressed(update: Update, context: CareContext) -> int | None:
    """A time (or Off) pressed: stored, the settings shown again with it."""
    press: DigestPick = context.press
    if not press.off and not 0 <= press.minutes < 24 * 60:
        return await replies.expired(update, context)
    at = None if press.off else time(*divmod(press.minutes, 60))
    try:
        out = await digest.set_digest(context.db, actor=context.actor, at=at, now=context.now())
    except (NotFound, NotAllowed):
        return await replies.expired(update, context)
    screen = settings_screen(context.lang, out, today=press.today, note=_done(context.lang, out))
    await render.show(update, screen.text, screen.markup)
    flowstate.clear(context)
    return END
