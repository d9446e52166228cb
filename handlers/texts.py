"""Every sentence the bot says, in one place (HTML; user text goes through `esc`)."""

from __future__ import annotations

import html

TEXT_MAX = 4096


def esc(value: object) -> str:
    """User-supplied text made safe for HTML messages."""
    return html.escape(str(value), quote=False)


def clip(value: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


APP_NAME = "CareSlot"

WELCOME_BACK = "Welcome back, <b>{name}</b>. What would you like to do?"
WELCOME_NEW = (
    "Hello! I am <b>CareSlot</b>, the booking assistant of your clinic. "
    "With me you can find a doctor, book a visit and manage your appointments."
)
PRIVACY_NOTE = (
    "<b>Before we start</b>\n"
    "To book visits I keep your name, phone number and date of birth, and the "
    "appointments you make. Only you, your doctors and the clinic staff can see them. "
    "You can ask the clinic to delete your data at any time.\n\n"
    "Do you agree?"
)

MENU_TITLES = {
    "patient": "Main menu",
    "doctor": "Doctor menu",
    "staff": "Front desk menu",
    "admin": "Admin menu",
}

HELP = {
    "patient": (
        "<b>What I can do</b>\n"
        "/book – find a doctor and book a visit\n"
        "/my – your appointments: view, cancel, reschedule\n"
        "/profile – your details\n"
        "/stop – leave what you are doing\n"
        "You can also just write, e.g. <i>I need a dermatologist next Monday morning</i>."
    ),
    "doctor": (
        "<b>Doctor commands</b>\n"
        "/today – today's patients\n"
        "/agenda – your list for a day or range\n"
        "/hours – your working hours\n"
        "/stop – leave what you are doing"
    ),
    "staff": (
        "<b>Front desk commands</b>\n"
        "/day – the clinic's day\n"
        "/find – a patient by phone or name\n"
        "/stop – leave what you are doing"
    ),
    "admin": (
        "<b>Admin commands</b>\n"
        "/clinics – clinics\n"
        "/doctors – doctors\n"
        "/invite – invite a doctor or staff member\n"
        "/report – bookings, cancellations, no-shows\n"
        "/audit – the audit log\n"
        "/stop – leave what you are doing"
    ),
}

MENU_BUTTONS = {
    "patient": [("📅 Book a visit", "book"), ("🗂 My appointments", "my"), ("👤 Profile", "profile"),
                ("❓ Help", "help")],
    "doctor": [("📋 Today", "today"), ("🗓 Agenda", "agenda"), ("⏰ Working hours", "hours"),
               ("❓ Help", "help")],
    "staff": [("🏥 Clinic day", "day"), ("🔎 Find patient", "find"), ("❓ Help", "help")],
    "admin": [("🏥 Clinics", "clinics"), ("👩‍⚕️ Doctors", "doctors"), ("📊 Reports", "report"),
              ("❓ Help", "help")],
}

COMMANDS = {
    "patient": [("start", "Main menu"), ("book", "Book a visit"), ("my", "My appointments"),
                ("profile", "My profile"), ("help", "What I can do"),
                ("stop", "Leave the current step")],
    "doctor": [("start", "Main menu"), ("today", "Today's patients"), ("agenda", "Agenda"),
               ("help", "Commands"), ("stop", "Leave the current step")],
    "staff": [("start", "Main menu"), ("day", "The clinic's day"), ("find", "Find a patient"),
              ("help", "Commands"), ("stop", "Leave the current step")],
    "admin": [("start", "Main menu"), ("clinics", "Clinics"), ("doctors", "Doctors"),
              ("report", "Reports"), ("audit", "Audit log"), ("help", "Commands"),
              ("stop", "Leave the current step")],
}

COMING_SOON = "That part of CareSlot is not available in this version yet."
STOPPED = "Stopped. Nothing was changed. Send /start for the menu."
TIMED_OUT = (
    "This conversation was closed after a period of no activity. Send /start to begin again."
)
BUTTON_EXPIRED = "This button has expired."
NOT_ALLOWED = "You are not allowed to do that."
BLOCKED = "Your account is disabled. Please contact the clinic."
UNEXPECTED = (
    "Sorry, something went wrong on our side. Please try again in a moment. "
    "If it keeps happening, tell the clinic this code: <code>{ref}</code>"
)
NOT_REGISTERED = "Please send /start to register first."
UNKNOWN_INPUT = "Sorry, I did not understand that. Send /help to see what I can do."

# --- registration ---------------------------------------------------------------------------

AGREE = "✅ I agree"
DECLINE = "No, thanks"
DECLINED = "All right — I will not store anything. Send /start if you change your mind."
ASK_PHONE = (
    "Please share your phone number with the button below, "
    "or type it with the country code (for example +44 20 7946 0958)."
)
SHARE_PHONE = "📱 Share my phone number"
BACK_LABEL = "⬅️ Back"
NOT_OWN_CONTACT = "Please share <b>your own</b> number with the button below, or type it."
ASK_NAME = "Thank you. Is <b>{name}</b> your full name? If not, just type it."
ASK_NAME_PLAIN = "Thank you. Please type your full name."
YES_THATS_ME = "✅ Yes, that's me"
ASK_BIRTH = "Please send your date of birth, for example <i>12.03.1985</i> or <i>March 12 1985</i>."
REGISTERED = "You're all set, <b>{name}</b>! 🎉"
ALREADY_REGISTERED = "You are already registered."
