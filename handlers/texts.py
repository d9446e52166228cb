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
    "patient": [
        ("📅 Book a visit", "book"),
        ("🗂 My appointments", "my"),
        ("👤 Profile", "profile"),
        ("❓ Help", "help"),
    ],
    "doctor": [
        ("📋 Today", "today"),
        ("🗓 Agenda", "agenda"),
        ("⏰ Working hours", "hours"),
        ("❓ Help", "help"),
    ],
    "staff": [("🏥 Clinic day", "day"), ("🔎 Find patient", "find"), ("❓ Help", "help")],
    "admin": [
        ("🏥 Clinics", "clinics"),
        ("👩‍⚕️ Doctors", "doctors"),
        ("📊 Reports", "report"),
        ("❓ Help", "help"),
    ],
}

COMMANDS = {
    "patient": [
        ("start", "Main menu"),
        ("book", "Book a visit"),
        ("my", "My appointments"),
        ("profile", "My profile"),
        ("help", "What I can do"),
        ("stop", "Leave the current step"),
    ],
    "doctor": [
        ("start", "Main menu"),
        ("today", "Today's patients"),
        ("agenda", "Agenda"),
        ("hours", "Working hours"),
        ("help", "Commands"),
        ("stop", "Leave the current step"),
    ],
    "staff": [
        ("start", "Main menu"),
        ("day", "The clinic's day"),
        ("find", "Find a patient"),
        ("help", "Commands"),
        ("stop", "Leave the current step"),
    ],
    "admin": [
        ("start", "Main menu"),
        ("clinics", "Clinics"),
        ("doctors", "Doctors"),
        ("invite", "Invite a doctor or staff member"),
        ("report", "Reports"),
        ("audit", "Audit log"),
        ("help", "Commands"),
        ("stop", "Leave the current step"),
    ],
}

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

# --- finding a doctor and booking ------------------------------------------------------------

FIND_HOW = "<b>Book a visit</b>\nHow would you like to find a doctor?"
BY_SPECIALTY = "🩺 By specialty"
BY_CLINIC = "🏥 By clinic"
BY_NAME = "🔎 Type a name or specialty"
BACK = "⬅️ Back"
HOME = "🏠 Menu"
PREV = "‹ Prev"
NEXT = "Next ›"
PICK_SPECIALTY = "Choose a specialty:"
PICK_CLINIC = "Choose a clinic:"
PICK_DOCTOR = "Choose a doctor:"
NO_DOCTORS = "No doctors are available there right now."
TYPE_SEARCH = (
    "Type a doctor's name or a specialty, for example <i>dr smith</i> or <i>cardiology</i>."
)
SEARCH_TOO_LONG = "Please type a name or specialty of up to {limit} characters."
NOTHING_FOUND = "I found no doctor for “{query}”. Try another spelling, or choose from the list."
SEARCH_RESULTS = "Doctors matching “{query}”:"
DOCTOR_CARD = (
    "<b>{name}</b>\n{specialty} · {years} years of experience\n"
    "🏥 {clinic}\n📍 {address}\n⏱ Next free time: {next_free}"
)
NO_FREE_TIME = "none in the coming weeks"
PICK_DAY_BUTTON = "📅 Choose a day"
PICK_DAY = (
    "<b>{name}</b> — choose a day (● = free times), or type one, e.g. "
    "<i>tomorrow</i>, <i>next Friday</i>, <i>12.05</i>."
)
NO_TIMES_THAT_DAY = "No free times that day."
PICK_TIME = "<b>{name}</b>, {day}\nChoose a time ({tz}):"
NONE_THAT_DAY = "<b>{name}</b> has no free time on {day}. The nearest days with free times:"
NONE_AT_ALL = "<b>{name}</b> has no free times in the coming weeks. Please try another doctor."
ASK_REASON = (
    "What is the visit about? (optional, up to {limit} characters — only your doctor sees it)"
)
SKIP = "Skip"
SUMMARY = (
    "<b>Please check your appointment</b>\n"
    "👩‍⚕️ {doctor} ({specialty})\n🏥 {clinic}\n📍 {address}\n🕘 {when} ({tz})"
)
SUMMARY_REASON = "\n📝 {reason}"
SUMMARY_MOVE = "\n🔁 Instead of {old}"
CONFIRM = "✅ Confirm"
CANCEL_FLOW = "✖️ Cancel"
BOOKED = (
    "✅ <b>Booked!</b>\n👩‍⚕️ {doctor} ({specialty})\n🏥 {clinic}\n📍 {address}\n"
    "🕘 {when} ({tz})\n"
    "Add it to your calendar with the file below. I will remind you before the visit."
)
MOVED = (
    "✅ <b>Moved!</b> Your visit is now:\n👩‍⚕️ {doctor} ({specialty})\n🏥 {clinic}\n📍 {address}\n"
    "🕘 {when} ({tz})"
)
ALREADY_BOOKED = "This visit is already booked."
SLOT_TAKEN_ALTERNATIVES = "Sorry — that time was just taken. Here are the nearest free ones:"
SLOT_TAKEN_NONE = "Sorry — that time was just taken, and there are no other free times soon."
MATCHES = "Free times for {what}:"
MATCHES_NONE = "I found no free time for {what}. Try another day, or /book to browse."
USE_BUTTONS = "Please choose with the buttons above, or send /stop to leave."
FLOW_CLOSED = "Closed. Nothing was booked."
MY_APPOINTMENTS = "🗂 My appointments"
BOOK_ANOTHER = "📅 Book another"
ICS_CAPTION = "Your appointment with {doctor}"

# --- my appointments ---------------------------------------------------------------------------

MY_UPCOMING = "<b>Your upcoming appointments</b> ({total})"
MY_PAST = "<b>Your past and cancelled appointments</b> ({total})"
MY_NONE_UPCOMING = "You have no upcoming appointments."
MY_NONE_PAST = "You have no past appointments yet."
SHOW_PAST = "🕓 Past visits"
SHOW_UPCOMING = "📅 Upcoming"
APPT_CARD = (
    "<b>{when}</b> ({tz})\n👩‍⚕️ {doctor} ({specialty})\n🏥 {clinic}\n📍 {address}\nStatus: {status}"
)
APPT_CANCEL = "✖️ Cancel"
APPT_MOVE = "🔁 Reschedule"
APPT_ICS = "📅 Add to calendar"
APPT_LOCKED = (
    "\n\n⏳ It is too late to cancel or move this visit here. Please call the clinic: {phone}"
)
BACK_TO_LIST = "⬅️ My appointments"
CANCEL_ASK = "Cancel your visit on <b>{when}</b> with {doctor}? Tell me why, if you like:"
CANCEL_REASONS = ["Feeling better", "Can't make it", "Booked another time", "No reason given"]
KEEP_IT = "⬅️ Keep it"
CANCELLED = "Cancelled: {when} with {doctor}. The time is free for others now."
STATUS = {
    "scheduled": "booked",
    "confirmed": "confirmed",
    "arrived": "checked in",
    "completed": "completed",
    "cancelled": "cancelled",
    "no_show": "missed",
}

# --- profile -------------------------------------------------------------------------------------

PROFILE = (
    "<b>Your profile</b>\n👤 {name}\n📱 {phone}\n🎂 {birth}\n⚠️ Allergies: {allergies}\n"
    "🆘 Emergency contact: {emergency}"
)
NOT_SET = "—"
PROFILE_FIELDS = {
    "full_name": "Name",
    "phone": "Phone",
    "date_of_birth": "Date of birth",
    "allergies": "Allergies",
    "emergency_contact": "Emergency contact",
    "language": "Language",
}
PROFILE_ASK = "Send the new value for <b>{field}</b>:"
PROFILE_SAVED = "Saved."


def when(dt) -> str:
    """A local datetime as people read it: “Tue 5 Dec, 09:30”."""
    return f"{dt:%a} {dt.day} {dt:%b}, {dt:%H:%M}"


def day_label(d) -> str:
    return f"{d:%A} {d.day} {d:%B}"

# --- (temporary until the catalogues land) ---------------------------------------------------
PRIVATE_ONLY = (
    "I only work in a private chat, to keep your health data private. "
    "Please write to me directly."
)
UNKNOWN_COMMAND = "I don't know that command. Here is what I can do:"
NOTHING_TO_STOP = "There is nothing to stop right now."
TEXT_NOT_EXPECTED = (
    "I was not expecting a message just now. Please use the buttons, or send /help."
)
COMING_SOON = "{feature} is coming in the next version of CareSlot."
FEATURE_TODAY = "Today's list"
FEATURE_AGENDA = "The agenda"
FEATURE_HOURS = "Working hours"
FEATURE_DAY = "The clinic's day"
FEATURE_FIND = "Finding a patient"
FEATURE_CLINICS = "Managing clinics"
FEATURE_DOCTORS = "Managing doctors"
FEATURE_INVITE = "Invitations"
FEATURE_REPORT = "Reports"
FEATURE_AUDIT = "The audit log"
NEED_PATIENT_DETAILS = (
    "To book a visit for yourself, first add your own patient details "
    "(phone, name and date of birth)."
)
ADD_MY_DETAILS = "➕ Add my details"
FLOW_RESTARTED = (
    "That conversation was started by an older version of CareSlot. Let's start again."
)
CHOOSE_LANGUAGE = "Choose your language:"
LANGUAGE_CHANGED = "Done — I will speak English from now on."
ICS_SUMMARY = "{specialty} visit with {doctor}"
ICS_DESCRIPTION = "Booked with CareSlot. Clinic phone: {phone}"
ICS_FAILED = "I could not send the calendar file just now. Please try again later."
PRIVACY_ACCEPTED = "<b>Before we start</b>\n\n✅ I agree"
NAME_ECHO = "{name}"
ASK_BIRTH_CLOSED = "Please send your date of birth."
YOUR_REQUEST = "your request"
