# CareSlot's words: every sentence, button, menu and command of the bot.
# Messages are HTML (Telegram parse_mode HTML); user text arrives escaped. See handlers/i18n.py
# for the argument types and the functions (DAY, DAY_MONTH, WEEKDAY, DURATION, …).

app-name = CareSlot

welcome-back = Welcome back, <b>{ $name }</b>. What would you like to do?
welcome-new = Hello! I am <b>CareSlot</b>, the booking assistant of your clinic. With me you can find a doctor, book a visit and manage your appointments.
privacy-note =
    <b>Before we start</b>
    To book visits I keep your name, phone number and date of birth, and the appointments you make. Only you, your doctors and the clinic staff can see them. With /privacy you can see, download or delete your data at any time.

    Do you agree?

## Menu titles per role

menu-title-patient = Main menu
menu-title-doctor = Doctor menu
menu-title-staff = Front desk menu
menu-title-admin = Admin menu

## Help per role

help-patient =
    <b>What I can do</b>
    /book – find a doctor and book a visit
    /my – your appointments: view, cancel, reschedule
    /notifications – reminders and other messages I sent you

    /records – your visit records from your doctors
    /profile – your details
    /privacy – what I store about you: download it or delete your account
    /calendar – a link that puts your visits in your calendar app
    /stop – leave what you are doing
    You can also just write, e.g. <i>I need a dermatologist next Monday morning</i>.
help-doctor =
    <b>Doctor commands</b>
    /today – today's patients
    /agenda – your list for a day or range
    /patients – your own patients (search: /patients Ann)
    /digest – the morning digest: /digest 07:00 or /digest off
    /hours – your working hours
    /off – your time off
    /calendar – a link that puts your agenda in your calendar app
    /stop – leave what you are doing
help-staff =
    <b>Front desk commands</b>
    /board, /day – the clinic's day
    /find – a patient by phone or name
    /newpatient – a new patient by phone
    /report – the clinic's report (e.g. <code>/report last month</code>)
    /slots – generate the slots of the hours, or close one
    /stop – leave what you are doing
help-admin =
    <b>Admin commands</b>
    /users – find an account: role, block, unblock
    /invite – invite a doctor or staff member
    /invites – open invites, to revoke
    /audit – the audit log (e.g. <code>/audit last week</code>)
    /clinics – clinics
    /doctors – doctors
    /day – a clinic's day: arrivals and no-shows
    /report – a clinic's report (e.g. <code>/report Riverside last month</code>)
    /slots – generate the slots of the hours, or close one
    /stop – leave what you are doing

## Main menu buttons: menu-<role>-<action>

menu-patient-book = 📅 Book a visit
menu-patient-my = 🗂 My appointments
menu-patient-profile = 👤 Profile
menu-patient-help = ❓ Help
menu-doctor-today = 📋 Today
menu-doctor-agenda = 🗓 Agenda
menu-doctor-patients = 👥 My patients
menu-doctor-digest = 🔔 Morning digest
menu-doctor-hours = ⏰ Working hours
menu-doctor-help = ❓ Help
menu-staff-day = 🏥 Clinic day
menu-staff-find = 🔎 Find patient
menu-staff-help = ❓ Help
menu-admin-clinics = 🏥 Clinics
menu-admin-doctors = 👩‍⚕️ Doctors
menu-admin-report = 📊 Reports
menu-admin-help = ❓ Help

## Telegram's command menu (plain text): command-<role>-<command>

command-patient-start = Main menu
command-patient-book = Book a visit
command-patient-my = My appointments
command-patient-profile = My profile
command-patient-privacy = My data and privacy
command-patient-calendar = Calendar link
command-patient-help = What I can do
command-patient-stop = Leave the current step
command-doctor-start = Main menu
command-doctor-today = Today's patients
command-doctor-agenda = Agenda
command-doctor-patients = My patients
command-doctor-digest = Morning digest
command-doctor-hours = Working hours
command-doctor-calendar = Calendar link
command-doctor-help = Commands
command-doctor-stop = Leave the current step
command-staff-start = Main menu
command-staff-day = The clinic's day
command-staff-find = Find a patient
command-staff-help = Commands
command-staff-stop = Leave the current step
command-admin-start = Main menu
command-admin-clinics = Clinics
command-admin-doctors = Doctors
command-admin-invite = Invite a doctor or staff member
command-admin-report = Reports
command-admin-audit = Audit log
command-admin-help = Commands
command-admin-stop = Leave the current step

## Everywhere

coming-soon-generic = That part of CareSlot is not available in this version yet.
# $feature: one of the feature-* messages below.
coming-soon = { $feature } is coming in the next version of CareSlot.
feature-today = Today's list
feature-agenda = The agenda
feature-hours = Working hours
feature-day = The clinic's day
feature-find = Finding a patient
feature-clinics = Clinics
feature-doctors = Doctors
feature-invite = Invitations
feature-report = Reports
feature-audit = The audit log
stopped = Stopped. Nothing was changed. Send /start for the menu.
nothing-to-stop = There is nothing to stop right now.
timed-out = This conversation was closed after a period of no activity. Send /start to begin again.
flow-restarted = That conversation was started by an older version of CareSlot. Let's start again.
button-expired = This button has expired.
not-allowed = You are not allowed to do that.
blocked = Your access has been paused — please contact the clinic.
unexpected = Sorry, something went wrong on our side. Please try again in a moment. If it keeps happening, tell the clinic this code: <code>{ $ref }</code>
not-registered = Please send /start to register first.
unknown-input = Sorry, I did not understand that. Send /help to see what I can do.
unknown-command = I don't know that command. Here is what I can do:
text-not-expected = I was not expecting a message just now. Please use the buttons, or send /help.
private-only = I only work in a private chat, to keep your health data private. Please write to me directly.

## Registration

agree = ✅ I agree
decline = No, thanks
declined = All right — I will not store anything. Send /start if you change your mind.
ask-phone = Please share your phone number with the button below, or type it with the country code (for example +44 7700 900123).
share-phone = 📱 Share my phone number
back-label = ⬅️ Back
not-own-contact = Please share <b>your own</b> number with the button below, or type it.
ask-name = Thank you. Is <b>{ $name }</b> your full name? If not, just type it.
ask-name-plain = Thank you. Please type your full name.
yes-thats-me = ✅ Yes, that's me
ask-birth = Please send your date of birth, for example <i>12.03.1985</i> or <i>March 12 1985</i>.
birth-date-confirm = Did you mean <b>{ FULL_DATE($day_first) }</b>? Written like this, the day and the month could be either way round: choose the date below, or send it as day.month.year.
registered = You're all set, <b>{ $name }</b>! 🎉
already-registered = You are already registered.
need-patient-details = To book a visit for yourself, first add your own patient details (phone, name and date of birth).
add-my-details = ➕ Add my details

## Finding a doctor and booking

find-how =
    <b>Book a visit</b>
    How would you like to find a doctor?
by-specialty = 🩺 By specialty
by-clinic = 🏥 By clinic
by-name = 🔎 Type a name or specialty
back = ⬅️ Back
home = 🏠 Menu
prev = ‹ Prev
next = Next ›
pick-specialty = Choose a specialty:
pick-clinic = Choose a clinic:
pick-doctor = Choose a doctor:
no-doctors = No doctors are available there right now.
type-search = Type a doctor's name or a specialty, for example <i>dr smith</i> or <i>cardiology</i>.
search-too-long =
    Please type a name or specialty of up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
nothing-found = I found no doctor for “{ $query }”. Try another spelling, or choose from the list.
search-results = Doctors matching “{ $query }”:
# $next_free: card-next-free or card-no-free (at the end of this file).
doctor-card =
    <b>{ $name }</b>
    { $specialty } · { $years ->
        [one] { $years } year
       *[other] { $years } years
    } of experience
    🏥 { $clinic }
    📍 { $address }
    ⏱ Next free time: { $next_free }
pick-day-button = 📅 Choose a day
pick-day = <b>{ $name }</b> — choose a day (● = free times), or type one, e.g. <i>tomorrow</i>, <i>next Friday</i>, <i>12.05</i>.
no-times-that-day = No free times that day.
pick-time =
    <b>{ $name }</b>, { $day }
    Choose a time ({ $tz }):
none-that-day = <b>{ $name }</b> has no free time on { $day }. The nearest days with free times:
none-at-all = <b>{ $name }</b> has no free times in the coming weeks. Please try another doctor.
ask-reason =
    What is the visit about? (optional, up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    } — only your doctor sees it)
skip = Skip
summary =
    <b>Please check your appointment</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
# summary-reason and summary-move are extra lines under the summary.
summary-reason = 📝 { $reason }
summary-move = 🔁 Instead of { $old }
confirm = ✅ Confirm
cancel-flow = ✖️ Cancel
booked =
    ✅ <b>Booked!</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Add it to your calendar with the file below. I will remind you before the visit.
moved =
    ✅ <b>Moved!</b> Your visit is now:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
already-booked = This visit is already booked.
slot-taken-alternatives = Sorry — that time was just taken. Here are the nearest free ones:
slot-taken-none = Sorry — that time was just taken, and there are no other free times soon.
# $what: a doctor or specialty, maybe with a day; or matches-your-request.
matches = Free times for { $what }:
matches-none = I found no free time for { $what }. Try another day, or /book to browse.
matches-your-request = your request
use-buttons = Please choose with the buttons above, or send /stop to leave.
flow-closed = Closed. Nothing was booked.
my-appointments = 🗂 My appointments
book-another = 📅 Book another
ics-caption = Your appointment with { $doctor }
ics-cancel-caption = Cancelled: your appointment with { $doctor } (open the file to take it out of your calendar)
# The calendar file (plain text).
ics-summary = { $specialty } visit with { $doctor }
ics-description = Booked with CareSlot. Clinic phone: { $phone }
ics-failed = I could not send the calendar file just now. Please try again later.

## My appointments

my-upcoming =
    <b>Your upcoming appointments</b> ({ $total ->
        [one] { $total } visit
       *[other] { $total } visits
    })
my-past =
    <b>Your past and cancelled appointments</b> ({ $total ->
        [one] { $total } visit
       *[other] { $total } visits
    })
my-none-upcoming = You have no upcoming appointments.
my-none-past = You have no past appointments yet.
show-past = 🕓 Past visits
show-upcoming = 📅 Upcoming
appt-card =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    Status: { $status }
appt-cancel = ✖️ Cancel
appt-move = 🔁 Reschedule
appt-ics = 📅 Add to calendar
appt-locked = ⏳ It is too late to cancel or move this visit here. Please call the clinic: { $phone }
back-to-list = ⬅️ My appointments
cancel-ask = Cancel your visit on <b>{ $when }</b> with { $doctor }? Tell me why, if you like:
cancel-reason-0 = Feeling better
cancel-reason-1 = Can't make it
cancel-reason-2 = Booked another time
cancel-reason-3 = No reason given
keep-it = ⬅️ Keep it
cancelled = Cancelled: { $when } with { $doctor }. The time is free for others now.

## Appointment statuses

status-scheduled = booked
status-confirmed = confirmed
status-arrived = checked in
status-completed = completed
status-cancelled = cancelled
status-no_show = missed

## Profile

# $birth: SHORT_DATE-formatted (short_date()), or not-set.
profile =
    <b>Your profile</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    ⚠️ Allergies: { $allergies }
    🆘 Emergency contact: { $emergency }
not-set = —
profile-field-full_name = Name
profile-field-phone = Phone
profile-field-date_of_birth = Date of birth
profile-field-allergies = Allergies
profile-field-emergency_contact = Emergency contact
profile-field-language = Language
profile-ask = Send the new value for <b>{ $field }</b>:
profile-saved = Saved.
choose-language = Choose your language:
language-changed = Done — I will speak English from now on.

## Booking details (times, lengths, rules shown before Confirm)

# $city: the clinic's time zone as a city name (formats.zone_city).
zone-time = { $city } time
visit-length = ⏳ { DURATION($minutes) }
summary-locked = ⚠️ { $clinic } takes changes in the chat up to { DURATION($minutes) } before a visit, so once booked you will not be able to cancel or move this visit in the chat — only by calling the clinic.
# After registering: the menu without a "welcome back".
what-next = What would you like to do?
# A past visit that was rescheduled: what it became.
status-moved = moved to { $when }

## Your data (/privacy)

privacy-nothing-stored = CareSlot stores nothing about you: you have not registered. Send /start to register.
privacy-practice-account = Yours is a practice account (doctor, front desk or admin). To see or remove the data it holds, please ask the practice's administrator.
# $birth and $accepted: SHORT_DATE-formatted (short_date()), or not-set; $language: its own name.
privacy-overview =
    <b>What CareSlot stores about you</b>
    👤 Name: { $name }
    📱 Phone: { $phone }
    🎂 Date of birth: { $birth }
    ⚠️ Allergies: { $allergies }
    🆘 Emergency contact: { $emergency }
    🌐 Language: { $language }
    🗂 Appointments: { $upcoming } upcoming, { $past } past or cancelled
    ✅ Privacy note accepted: { $accepted }

    Only you, your doctors and the clinic staff can see this. You can download a copy, or delete your account. The download also holds your doctors' records of your visits, if there are any.
privacy-download = ⬇️ Download my data
privacy-delete = 🗑 Delete my account
privacy-export-json = Your data from CareSlot: everything it stores about you (JSON).
privacy-export-csv = Your appointments, one row each (CSV, opens in a spreadsheet).
privacy-export-failed = I could not send the files just now. Please try again later.
privacy-delete-ask =
    <b>Delete your CareSlot account?</b>
    { $count ->
        [0] You have no upcoming visits to cancel.
        [one] Your upcoming visit will be cancelled and its time freed for others; your doctor will be told.
       *[other] Your { $count } upcoming visits will be cancelled and their times freed for others; your doctors will be told.
    }
    Your name, phone number, date of birth, allergies, emergency contact and insurance details will be erased, and you will get no more reminders. This chat will no longer be linked to CareSlot.
    The clinic keeps the records it must: your past visits, your doctors' records of them and the log of changes — without your name, and no longer linked to this chat.
    This cannot be undone. To keep a copy of your data, download it first.
privacy-delete-yes = 🗑 Yes, delete my account
privacy-keep = ⬅️ Keep my account
privacy-deleted =
    Your account has been deleted. { $count ->
        [0] There were no upcoming visits to cancel.
        [one] Your upcoming visit was cancelled.
       *[other] Your { $count } upcoming visits were cancelled.
    }
    This chat is no longer linked to CareSlot; the messages already in it stay in Telegram until you delete them. If you write to me again, you will start as a new patient. Take care!

## calendar feeds
calendar-title = 📅 <b>Your calendar link</b>
calendar-intro = Subscribe to this link in your calendar app and your visits appear there and stay up to date (Google Calendar: Other calendars → From URL; Apple Calendar: File → New calendar subscription).
calendar-link-patient = <b>Your visits</b>
calendar-link-doctor = <b>Your agenda</b> (times and clinic only, no patient names)
calendar-private = Anyone who has the link can see these times, so keep it to yourself. 🔄 Reset makes the old link stop working.
calendar-reset-done = ✅ New link made: the old one no longer works.
calendar-unavailable = Calendar links are not available on this server.
calendar-nothing = There is nothing to put in a calendar yet: register with /start and book a visit first.
button-calendar-reset-patient = 🔄 Reset my visits link
button-calendar-reset-doctor = 🔄 Reset my agenda link

## family

profile-family = 👨‍👩‍👧 Family
family-title =
    👨‍👩‍👧 <b>Family members</b>
    You can book, move and cancel visits for the people you add here. Their reminders come to you, in this chat.
family-none = You have not added anyone yet.
family-pick = Choose a family member to see or change their details:
family-add = ➕ Add a family member
family-add-child = ➕ Add a child
family-ask-name = What is your family member's full name?
family-ask-birth = What is { $name }'s date of birth? For example <i>12.03.2019</i>.
family-ask-relation = Who is { $name } to you?
family-ask-allergies = Does { $name } have any allergies? Type them, or press Skip.
family-relation-child = 👶 Child
family-relation-parent = 🧓 Parent
family-relation-spouse = 💑 Partner
family-relation-sibling = 👫 Brother or sister
family-relation-other = 👤 Someone else
family-added = ✅ { $name } has been added to your family.
family-member =
    <b>{ $name }</b>
    { $relation }
    🎂 { $birth }
    ⚠️ Allergies: { $allergies }
family-edit-name = ✏️ Name
family-edit-birth = ✏️ Date of birth
family-edit-relation = ✏️ Relation
family-edit-allergies = ✏️ Allergies
family-ask-new-name = Send { $name }'s full name as it should be:
family-ask-new-birth = Send { $name }'s date of birth, for example <i>12.03.2019</i>:
family-ask-new-allergies = Send { $name }'s allergies (a dash <i>-</i> for none):
family-remove = 🗑 Remove from my family
family-remove-ask =
    <b>Remove { $name } from your family?</b>
    { $count ->
        [0] { $name } has no upcoming visits.
        [one] { $name }'s upcoming visit will be cancelled and its time freed for others; the doctor will be told.
       *[other] { $name }'s { $count } upcoming visits will be cancelled and their times freed for others; the doctors will be told.
    }
    { $name }'s details are erased from CareSlot. The clinic keeps the records it must of past visits.
family-remove-yes = 🗑 Yes, remove
family-keep = ⬅️ Keep
family-removed =
    { $name } has been removed from your family. { $count ->
        [0] There were no upcoming visits to cancel.
        [one] The upcoming visit was cancelled.
       *[other] The { $count } upcoming visits were cancelled.
    }
family-me = Me
whom-ask = <b>Who is this visit for?</b>
whom-ask-pediatric =
    <b>Who is this visit for?</b>
    Pediatrics sees children: add your child first, then the visit is booked for them.
whom-me = 🙋 Me ({ $name })
visit-for = 👤 For: <b>{ $name }</b>
privacy-family = 👨‍👩‍👧 Family members ({ $count }): { $names } — their details and visits are in the download too.
privacy-delete-family = { $count ->
        [one] Your family member goes with the account: their upcoming visits (counted above) are cancelled and their details erased; the clinic keeps the records it must of their past visits.
       *[other] Your { $count } family members go with the account: their upcoming visits (counted above) are cancelled and their details erased; the clinic keeps the records it must of their past visits.
    }

## lists

# A doctor of a list with the first time they can be booked: $when from at(), $tz zone-time.
list-next-free = • { $name } — next free: { $when } ({ $tz })
list-no-free = • { $name } — nothing free in the next { $horizon_days ->
        [one] day
       *[other] { $horizon_days } days
    }
# The doctor card's next free time (its $next_free).
card-next-free = { $when } ({ $tz })
card-no-free = nothing in the next { $horizon_days ->
        [one] day
       *[other] { $horizon_days } days
    }

## notifications

command-patient-notifications = My notifications
notice-reminder =
    ⏰ <b>Reminder</b>: your visit on <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-reminder-for =
    ⏰ <b>Reminder</b>: { $patient }'s visit on <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-confirm = ✅ I will come
notice-call-to-change = To change or cancel it now, please call the clinic: { $phone }
notice-confirmed = ✅ Thank you! Your visit with { $doctor } on { $when } is confirmed.
notice-doctor-title = <b>Changes to your list</b>
notice-line-doctor_booked = ➕ { $when } · { $patient } (booked)
notice-line-doctor_cancelled = ➖ { $when } · { $patient } (cancelled)
notice-line-doctor_moved = 🔁 { $patient }: moved from { $old } to { $when }
notice-label-reminder = ⏰ Reminder · { $when }
notice-label-doctor_booked = ➕ Booked · { $when }
notice-label-doctor_cancelled = ➖ Cancelled · { $when }
notice-label-no_show = 🚫 Missed visit · { $when }
notice-label-running_late = ⏳ Doctor running late · { $when }
notice-label-morning_digest = ☀️ Morning list · { $when }
notice-list-title =
    <b>Your notifications</b> ({ $total ->
        [one] { $total } message
       *[other] { $total } messages
    }, { $unread } unread)
notice-list-none = You have no notifications yet. Reminders of your visits will appear here.
notice-read-all = ✔️ Mark all read
notice-back = ⬅️ Notifications
notice-open-visit = 📋 Open the visit
notice-about =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-sent = <i>Sent { $when }</i>

## doctor

doctor-no-profile = Your account is not linked to a doctor's profile yet. Please ask the practice's administrator to link it.
doctor-today-title = <b>📋 Today, { $day }</b>
doctor-agenda-title = <b>🗓 { $day }</b>
# $tz: the zone-time message ("London time").
doctor-day-clinic = 🏥 <b>{ $clinic }</b> ({ $tz })
doctor-day-off = It's your day off — no visits are booked.
doctor-day-empty = No visits are booked for this day.
doctor-day-all-done = 🎉 All done: every visit of the day is closed.
doctor-day-left =
    { $count ->
        [0] No visits left to see.
        [one] { $count } visit still to see.
       *[other] { $count } visits still to see.
    }
doctor-agenda-page = Day { $page } of { $count } ({ DAY_MONTH($first) } – { DAY_MONTH($last) }).
doctor-agenda-ask = Which day or days? For example <i>tomorrow</i>, <i>Friday</i>, <i>next week</i> or <i>12.05–16.05</i>.
doctor-age =
    { $age ->
        [one] { $age } year
       *[other] { $age } years
    }
doctor-first-visit = first visit
doctor-returning = returning
doctor-allergies-flag = ⚠️ allergies
doctor-mark-arrived = 🟡 Arrived
doctor-mark-done = ✅ Done
doctor-mark-no-show = ❌ No-show
doctor-undo = ↩️ Undo
doctor-refresh = 🔄 Refresh
doctor-back-today = ⬅️ Today's list
doctor-back-agenda = ⬅️ The agenda
doctor-card-title = <b>Visit on { $when }</b>
doctor-card-patient =
    📱 Phone: { $phone }
    🎂 Date of birth: { $birth }
    ⚠️ Allergies: { $allergies }
    🆘 Emergency contact: { $emergency }
doctor-card-record = <b>📝 Record of this visit</b>
doctor-card-earlier =
    <b>{ $count ->
        [one] The earlier visit with you
       *[other] Earlier visits with you ({ $count })
    }</b>
doctor-record-diagnosis = <b>Diagnosis:</b> { $text }
doctor-record-prescription = <b>Prescription:</b> { $text }
doctor-record-notes = <b>Notes:</b> { $text }
doctor-record-corrected =
    <i>{ $count ->
        [one] Corrected on { $when }.
       *[other] Corrected { $count } times, last on { $when }.
    }</i>
doctor-record-write = 📝 Write the record
doctor-record-edit = ✏️ Edit the record
doctor-record-fix = ➕ Add a correction
doctor-record-ask-diagnosis = Type the <b>diagnosis</b> (up to { $limit } characters), or Skip.
doctor-record-ask-prescription = Type the <b>prescription</b> (up to { $limit } characters), or Skip.
doctor-record-ask-notes = Type your <b>notes</b> (up to { $limit } characters), or Skip.
doctor-record-now = Now: <i>{ $text }</i>
doctor-record-keep = Keep as it is
doctor-record-cancel = ✖️ Cancel, save nothing
doctor-record-saved = 📝 The visit record is saved.
command-patient-records = Your visit records
records-none = There are no visit records for you yet. Your doctor writes one after a visit.
records-title-member =
    <b>📝 { $patient }: visit with { $doctor }</b>, { $when }
    Record { $page } of { $count }
records-title =
    <b>📝 Your visit with { $doctor }</b>, { $when }
    Record { $page } of { $count }
# To the patient after a missed visit; $when: WHEN-formatted.
doctor-no-show-notice = We missed you at your visit with <b>{ $doctor }</b> at { $clinic } on { $when }. If you still need it, book a new time — it takes a minute.
doctor-no-show-rebook = 📅 Book a new time
doctor-late-button = ⏱ Running { $minutes } min late
doctor-late-told =
    { $count ->
        [one] { $count } patient still to come was told you are running late.
       *[other] { $count } patients still to come were told you are running late.
    }
doctor-late-none = Nobody new to tell: the patients still to come were told already, or no visit is left to begin.
# To a patient still to come; $when: WHEN-formatted.
doctor-late-notice = <b>{ $doctor }</b> at { $clinic } is running about { $minutes } minutes late today. Your visit at { $when } will probably start a little later — no need to rebook.

## Recurring visits
repeat-button = 🔁 Repeat
repeat-how-often = 🔁 <b>Repeat this visit</b> — how often?
repeat-every-1w = Every week
repeat-every-2w = Every 2 weeks
repeat-every-1m = Every month
repeat-how-many = How many visits in all, this one included? Press a number, or type the last day to repeat until (for example “30.06”).
repeat-plan-title = <b>Your repeating visits with { $doctor }</b> ({ $tz }). Nothing is booked yet:
repeat-line-ok = ✅ { $when }
repeat-line-instead = 🔄 { $when } (instead of { $old })
repeat-line-skipped = ⏭ { $old } — left out
repeat-line-problem = ⚠️ { $old } — { $what }
repeat-why-taken = that time is taken
repeat-why-not-offered = the doctor does not see patients at that time that day
repeat-why-full-day = the doctor is fully booked that day
repeat-why-horizon = too far ahead to book yet
repeat-why-notice = too soon to book
repeat-why-busy = you have another visit then
repeat-take = { $when } instead
repeat-skip = ⏭ Skip { $old }
repeat-choose = For each ⚠️ visit, take the time offered or skip it; then you can book them all.
repeat-too-few = A series needs at least 2 visits: pick another time for a skipped one, or go back.
repeat-book = { $count ->
        [one] ✅ Book { $count } visit
       *[other] ✅ Book all { $count } visits
    }
repeat-changed = Something changed while you were looking, so nothing was booked. Here are the visits as they are now.
series-booked = { $count ->
        [one] ✅ <b>Booked!</b> { $count } visit with { $doctor } at { $clinic } ({ $tz }):
       *[other] ✅ <b>Booked!</b> { $count } visits with { $doctor } at { $clinic } ({ $tz }):
    }
series-cancel-following = ✖️ Cancel this and all following
series-move-following = 🔁 Move this and all following
series-cancel-ask = { $count ->
        [one] Cancel the visit of { $when }? It is the last one of its series.
       *[other] Cancel this visit ({ $when }) and the following ones of its series — { $count } visits in all?
    }
series-cancel-yes = { $count ->
        [one] ✖️ Yes, cancel it
       *[other] ✖️ Yes, cancel { $count } visits
    }
series-cancelled = { $count ->
        [one] Cancelled { $count } visit from { $when } on. The time is free for others now.
       *[other] Cancelled { $count } visits from { $when } on. The times are free for others now.
    }
series-cancel-reason = Series cancelled from this visit on
series-move-note = 🔁 The following visits of the series move by the same number of days, to the same new time.
series-moved = { $count ->
        [one] ✅ <b>Moved!</b> { $count } visit of the series is now:
       *[other] ✅ <b>Moved!</b> { $count } visits of the series are now:
    }
## working hours (/hours) and time off (/off)
hours-title = <b>⏰ Your working hours</b> at { $clinic } ({ $tz })
# $text: the day's hours, e.g. "09:00–18:00 (break 13:00–14:00)", or hours-day-off.
hours-day = { WEEKDAY($weekday) }: { $text }
hours-day-off = day off
hours-break = break { TIME($start) }–{ TIME($end) }
hours-upcoming = <b>From { DAY_MONTH($day) }:</b>
hours-ask = To change them, write for example <i>Mon 9-13, 14-18</i> (two parts: a break between them), <i>Wed off</i>, <i>Tue 10:00-16:30</i> or <i>Mon-Fri 9-17</i>.
hours-from-ask = From which date should the new hours apply? Write a date, or choose:
hours-from-tomorrow = Tomorrow, { DAY_MONTH($day) }
hours-confirm = <b>New working hours from { DAY_MONTH($day) }</b> (the weeks before keep the old ones):
hours-save = ✅ Save the new hours
hours-dont-save = ✖️ Keep the old hours
hours-kept = Nothing changed: your working hours stay as they were.
hours-saved =
    ✅ Your new working hours apply from { DAY_MONTH($day) }. { $closed ->
        [one] { $closed } free time outside them was closed
       *[other] { $closed } free times outside them were closed
    }, { $created ->
        [one] { $created } new time opened.
       *[other] { $created } new times opened.
    }
hours-outside = These booked visits fall outside your new hours. Keep each one, or cancel it and offer the patient the nearest free times:
# $when: at()-formatted.
hours-outside-line = • { $when } · { $patient }
hours-keep = ✅ Keep { $when }
hours-cancel-offer = ↩️ Cancel and offer
hours-visit-kept = Kept: the visit stays booked.
hours-visit-cancelled = Cancelled: the patient is offered the nearest free times.
command-doctor-off = Time off
off-title = <b>🌴 Your time off</b>
# $when, $until: at()-formatted.
off-line =
    • { $when } – { $until } ({ $count ->
        [one] { $count } time closed
       *[other] { $count } times closed
    })
off-none = No time off is planned.
off-remove = 🗑 Remove { $when }
off-ask = To take time off, write when, for example <i>tomorrow</i>, <i>24.12–02.01</i>, <i>Friday afternoon</i> or <i>Friday 14-18</i>.
off-plan = <b>Time off { $when } – { $until }</b> ({ $tz })
off-plan-visits =
    { $count ->
        [one] This visit will be cancelled, and its patient offered the nearest free times:
       *[other] These { $count } visits will be cancelled, and each patient offered the nearest free times:
    }
off-plan-none = No booked visits fall in it.
off-save = ✅ Take the time off
off-dont-save = ✖️ Cancel
off-cancelled = Nothing changed.
off-taken =
    ✅ Time off saved: { $when } – { $until }. { $count ->
        [0] No visits were affected.
        [one] { $count } visit was cancelled and its patient told.
       *[other] { $count } visits were cancelled and their patients told.
    }
off-removed =
    🗑 Time off removed. { $count ->
        [one] { $count } time is open again.
       *[other] { $count } times are open again.
    }
notice-label-cancelled_by_doctor = ↩️ Visit cancelled by the doctor · { $when }
# To the patient (or the holder of a family member) after the doctor cancelled a visit.
rebook-notice = Sorry — <b>{ $doctor }</b> cannot see you at { $clinic } on { $when } ({ $tz }), so that visit is cancelled. Choose another time below: one tap books it.
rebook-notice-for = Sorry — <b>{ $doctor }</b> cannot see <b>{ $patient }</b> at { $clinic } on { $when } ({ $tz }), so that visit is cancelled. Choose another time below: one tap books it.
rebook-none = There are no free times soon; please look again later.
rebook-same-doctor = { $when }
rebook-other-doctor = { $when } · { $doctor }
rebook-book = 📅 Find another time
rebook-booked = ✅ Booked: { $when } ({ $tz }) with <b>{ $doctor }</b> at { $clinic }.
rebook-already = You have already booked another time instead of that visit: { $when } ({ $tz }) with <b>{ $doctor }</b> at { $clinic }.
# --- the waitlist ---
wait-button = 🔔 Tell me when something frees up
wait-any-clinic = any clinic
# $what: the doctor, or the specialty and clinic; $part: one of wait-part-*; $patient: whose.
wait-draft =
    🔔 <b>Tell me when something frees up</b>
    For: { $what }
    Dates: { $first } – { $last }
    Time of day: { $part }
    Who: { $patient }

    When a place that fits frees up, I will offer it to you here and hold it for you for a few minutes. To narrow the dates, type them (for example "until 20 March" or "10.03 - 15.03").
wait-part-any = any time
wait-part-morning = morning
wait-part-afternoon = afternoon
wait-part-evening = evening
wait-part-button-any = 🕐 Any time
wait-part-button-morning = 🌅 Morning
wait-part-button-afternoon = ☀️ Afternoon
wait-part-button-evening = 🌆 Evening
wait-join = ✅ Join the waitlist
wait-joined = 🔔 You are on the waitlist for { $what }, { $first } – { $last } ({ $part }). When a place frees up, I will offer it to you here. You can see or leave it in /my.
wait-dates-unclear = I could not read those dates. Type one day ("20 March"), "until 20 March", or two days ("10.03 - 15.03").
# An offer through the outbox; $when: WHEN-formatted; $end: when the hold ends.
notice-waitlist-offer =
    🔔 <b>A place has freed up</b> with { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    It is held for you until { $end } ({ $minutes } min). Would you like it?
notice-waitlist-offer-for =
    🔔 <b>A place has freed up for { $patient }</b> with { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    It is held for you until { $end } ({ $minutes } min). Would you like it?
notice-label-waitlist_offer = 🔔 Waitlist offer, { $when }
offer-book = ✅ Book it
offer-decline = No thanks
offer-declined = All right: the place goes to the next person on the waitlist. I will keep looking for other times for you.
my-waitlist-title = 🔔 <b>On the waitlist</b>
my-waitlist-line = { $what }: { $first } – { $last } ({ $part })
my-waitlist-line-for = { $patient } — { $what }: { $first } – { $last } ({ $part })
wait-leave = ✖️ Leave: { $what }
wait-left = You have left the waitlist for { $what }.
wait-leave-button = ✖️ Leave the waitlist
## The morning digest (/digest, 🔔 on /today); $time: 07:30, $tz: the clinic's zone
doctor-digest-button = 🔔 Digest
doctor-digest-intro = ☀️ <b>Good morning!</b> Your day at a glance:
doctor-digest-open = 📋 Open today's list
digest-title = <b>🔔 Morning digest</b>
digest-state-on = Every day with visits I send you the day's list at <b>{ $time }</b> ({ $tz }).
digest-state-off = The morning digest is off.
digest-hint = Choose a time below, or type e.g. <i>/digest 07:15</i> or <i>/digest off</i>.
digest-turn-off = 🔕 Turn it off
digest-set = ✅ Done: the digest comes at { $time } ({ $tz }).
digest-set-off = ✅ Done: the morning digest is off.

## My patients (/patients): the doctor's assigned patients
patients-title = <b>👥 My patients</b> ({ $count })
patients-none =
    <b>👥 My patients</b>

    You have no patients of your own yet. On a visit's card, press ➕ Add to my patients.
patients-found = <b>👥 My patients matching “{ $query }”</b>: { $count }
patients-none-found = None of your patients matches “{ $query }”.
patients-page = Page { $page } of { $count }
patients-search = 🔎 Search
patients-all = 👥 All my patients
patients-search-ask = Type the patient's name (or part of it).
patients-card-title = <b>👤 { $patient }</b>
patients-end = ➖ End assignment
patients-back = ⬅️ My patients
patients-end-ask = End your assignment of <b>{ $patient }</b>? They leave your patients; you still see them while they have a visit with you.
patients-end-yes = ✅ Yes, end it
patients-ended = The assignment has ended.
patients-add = ➕ Add to my patients
patients-in-mine = ⭐ In my patients

## Admin: invites, users, the audit log

menu-admin-users = 👥 Users
menu-admin-invite = ✉️ Invite
menu-admin-audit = 📜 Audit log
command-admin-users = Find an account
command-admin-invites = Open invites
role-patient = patient
role-doctor = doctor
role-staff = front desk
role-admin = admin
invite-whom = Whom would you like to invite?
invite-a-doctor = 👩‍⚕️ A doctor
invite-a-staff-member = 🧑‍💼 A front-desk member
invite-no-doctors = Every active doctor already has an account. Add the doctor first, then invite them.
invite-no-clinics = There is no active clinic to invite a front-desk member to.
invite-pick-doctor = Which doctor is the invite for? (Doctors without an account.)
invite-pick-clinic = Which clinic will the new front-desk member work at?
invite-created =
    ✉️ <b>Invite ready</b> — { $role }: { $name }
    Send this link to them only; it works once, until { $when } ({ $tz }):
    { $text }
invites-none = There are no open invites.
invites-title = <b>Open invites</b> ({ $count }):
invites-line = { $count }. { $role }: { $name } — until { $when } ({ $tz })
invite-revoke = ✖️ Revoke { $count }
invite-revoked = The invite was revoked: its link no longer works.
invite-welcome = Welcome! Your account is now linked as { $role }. Here is your menu:
user-active = active
user-blocked = paused
users-ask = Type the name or phone number of the account you are looking for.
users-none = No account matches that. Try part of the name, or the full phone number.
users-found = Accounts found:
users-row = { $name } · { $role } · { $status }
user-card =
    👤 <b>{ $name }</b>
    📞 { $phone }
    Role: { $role } · Status: { $status }
user-card-doctor = 👩‍⚕️ Doctor record: { $doctor }
user-card-staff = 🏥 Staff record: { $clinic } · department { $field } · position { $what } · { $status }
user-make = Make { $role }
user-block = ⏸ Block
user-unblock = ▶️ Unblock
user-role-confirm = Change the role of { $name } from { $status } to { $role }?
user-role-changed = ✅ The role is now { $role }.
user-blocked-now = ⏸ The account is paused: it can do nothing until it is unblocked.
user-unblocked-now = ▶️ The account is active again.
audit-how = Filters: <code>user:"Ann Lee"</code>, <code>action:user.role</code>, <code>resource:user</code>, and a period such as <code>last week</code> or <code>01.03–15.03</code>.
audit-empty = Nothing in the audit log matches.
audit-no-more = There are no older entries.
audit-title = <b>Audit log</b>, newest first (times: { $tz })
audit-row = 🕘 { $when } · <b>{ $what }</b> · { $name } · { $text }
audit-system = system
audit-change =     { $field }: { $before } → { $after }
audit-change-value =     { $before } → { $after }
audit-detail =     { $field }: { $after }
audit-older = Older →

## The front desk: finding a patient, a new patient by phone (handlers/staff)

command-staff-newpatient = A new patient by phone
desk-find-ask = Type the patient's phone number (any format) or name.
desk-find-again = Type another number or name to search again.
desk-found = { $count ->
    [one] One patient found:
   *[other] { $count } patients found:
}
desk-nothing-found = Nobody found. Check the spelling or the number, or add a new patient.
desk-new-button = ➕ New patient
desk-next-visit = next visit { $when } ({ $tz })
desk-no-next-visit = no upcoming visit
desk-unreachable = ⚠️ unreachable in the chat: phone them
desk-no-chat = no chat: phone them
desk-not-linked = no visits at this clinic yet
desk-card-title = <b>Patient</b>
desk-emergency = 🆘 Emergency contact: { $emergency }
desk-upcoming = <b>Upcoming visits here</b>
desk-visit-line = { $when } ({ $tz }) · { $doctor }
desk-no-upcoming = No upcoming visits here.
desk-new-name = New patient: what is their full name?
desk-new-phone = Their phone number (in the clinic's national format, or with the country code)?
desk-new-birth = Their date of birth? For example <i>12.03.1985</i>.
desk-new-summary =
    <b>New patient</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    Save this patient?
desk-save = ✅ Save
desk-drop = ✖️ Don't save
desk-new-dropped = Nothing was saved.
desk-new-saved = Saved: { $patient }. When they write to the bot and share this number, their chat joins this record.
desk-phone-taken = That number is already a patient's: { $patient }. Type another number, or /stop.
desk-phone-taken-now = That number was just registered by someone else. Nothing was saved.
desk-open-card = 📇 Open the card
registration-linked = Welcome, <b>{ $name }</b>! The clinic had already registered you with this number, so your chat is now linked to your record: your visits are under /my.
share-to-link = The clinic has registered this number. Please share it with the button below so we can link your chat to your record.
board-title = <b>🏥 { $clinic } — { $day }</b>
board-empty = No visits are booked at this clinic today.
board-left =
    { $count ->
        [0] Nobody left to see today.
        [one] { $count } visit still to see.
       *[other] { $count } visits still to see.
    }

## The front desk books, moves and cancels on a patient's behalf (handlers/staff/desk_*)

desk-book-button = 📅 Book a visit
desk-move-button = 🔁 Move { $when }
desk-cancel-button = ✖️ Cancel { $when }
desk-book-doctor = Book a visit for <b>{ $name }</b>. Which doctor?
desk-book-no-doctor = No doctor of this clinic takes bookings just now, so nothing can be booked for <b>{ $name }</b>.
desk-booked-done = ✅ Booked for <b>{ $patient }</b>: { $when } ({ $tz }) with { $doctor }. If they have a chat with the bot, they get a message with the calendar file; if not, tell them by phone.
desk-moved-done = ✅ Moved for <b>{ $patient }</b>: now { $when } ({ $tz }) with { $doctor }. If they have a chat with the bot, they get a message with the calendar file; if not, tell them by phone.
desk-cancel-ask = Cancel the visit of <b>{ $patient }</b>: { $when } ({ $tz }) with { $doctor }?
desk-cancel-yes = ✅ Yes, cancel it
desk-cancelled-done = Cancelled: the visit of <b>{ $patient }</b>, { $when } ({ $tz }) with { $doctor }. The time is free for others now.
notice-desk_booked =
    🏥 <b>The front desk booked a visit for you</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Add it to your calendar with the file below. I will remind you before the visit.
notice-desk_moved =
    🔁 <b>The front desk moved your visit.</b> It is now:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    The file below updates it in your calendar.
notice-desk_cancelled = ✖️ <b>The front desk cancelled your visit</b> of { $when } ({ $tz }) with { $doctor }, { $clinic }. The file below takes it out of your calendar.
notice-label-desk_booked = 🏥 Booked by the front desk · { $when }
notice-label-desk_moved = 🔁 Moved by the front desk · { $when }
notice-label-desk_cancelled = ✖️ Cancelled by the front desk · { $when }

## Slots (/slots): generating slots on demand and closing one; a staff record's edit on
## /users; a family member found at the front desk

command-staff-slots = Generate or close slots
command-admin-slots = Generate or close slots
slots-no-clinics = There is no active clinic.
slots-clinics = Which clinic's slots?
slots-clinic =
    <b>Slots · { $clinic }</b>
    Generate the slots of the weekly hours for the whole clinic or for one doctor, or close one slot.
slots-clinic-no-doctors =
    <b>Slots · { $clinic }</b>
    This clinic has no active doctors yet.
slots-generate-clinic = ⚙️ Generate: whole clinic
slots-generate-doctor = ⚙️ Generate: { $doctor }
slots-close-doctor = 🚫 Close a slot: { $doctor }
slots-range-ask = For which days shall I make the slots of <b>{ $name }</b>? For example <i>next week</i> or <i>1.02–28.02</i>, at most { $horizon_days } days ahead.
slots-generated = { $created ->
    [0] No new slots: those of <b>{ $name }</b> from { DAY_MONTH($first) } to { DAY_MONTH($last) } already exist.
    [one] ✅ One new slot for <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
   *[other] ✅ { $created } new slots for <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
}
slots-no-days = <b>{ $doctor }</b> has no open slots ahead.
slots-pick-day = Close a slot of <b>{ $doctor }</b>: which day?
slots-pick-slot = <b>{ $doctor }</b>: which slot? The patients of a booked one will be told.
slots-no-slots = <b>{ $doctor }</b> has no open slots left that day.
slots-back-to-days = ⬅️ Other days
slots-slot-booked = { $time } · booked
slots-slot-free = { $time } · free
slots-close-ask = Close the slot of <b>{ $doctor }</b> on { $when } ({ $tz })? { $count ->
    [0] Nobody is booked in it.
    [one] The booked patient will be told and offered the nearest free times.
   *[other] The { $count } booked patients will be told and offered the nearest free times.
}
slots-close-yes = 🚫 Close the slot
slots-close-no = ✖️ Keep it open
slots-closed = 🚫 The slot of <b>{ $doctor }</b> on { $when } ({ $tz }) is closed. { $count ->
    [0] No visit was booked in it.
    [one] { $count } visit cancelled: the patient has been told and offered other times.
   *[other] { $count } visits cancelled: each patient has been told and offered other times.
}
slots-left-open = The slot on { $when } stays open.
user-staff-department = ✏️ Department
user-staff-position = ✏️ Position
user-staff-status = Staff status: { $status }
staff-status-active = active
staff-status-inactive = inactive
staff-status-on_leave = on leave
staff-ask-department = Type the new department of <b>{ $name }</b> (at most { $limit } characters).
staff-ask-position = Type the new position of <b>{ $name }</b> (at most { $limit } characters).
staff-record-saved = ✅ The staff record is updated.
desk-family-member = 👪 family member of { $name }

## Reports (/report: the summary, the pickers, the chart and the CSV)

menu-staff-report = 📊 Reports
command-staff-report = The clinic's report
report-pick-clinic = 📊 Which clinic's report?
report-pick-period = 📊 <b>{ $clinic }</b>: which period? Choose one, or type it: “last month”, “Q3”, “this year”, “2026”, 12.05–16.05.
report-period-this-week = This week
report-period-last-month = Last month
report-period-this-quarter = This quarter
report-no-clinics = There is no clinic to report on yet.
report-title = 📊 <b>{ $clinic }</b>, { SHORT_DATE($first) } – { SHORT_DATE($last) }
report-empty = No appointments and no offered times in this period.
report-totals = Bookings: { $total }, cancelled: { $count }
report-cancel-reasons = Why cancelled: { $text }
report-cancelled-by = Cancelled by: { $text }
report-no-shows = No-shows: { $count } ({ $text } of the visits not cancelled)
report-utilisation = Utilisation: { $text } (booked { $hours } h of { $total } h offered)
report-lead-time = Booked ahead (days): median { $text }, 90% within { $what }
report-busiest = Busiest hours: { $text }
report-doctors = <b>By doctor</b> (booked · no-shows · utilisation)
report-doctor-line = { $doctor }: { $total } · { $count } ({ $text }) · { $what }
report-doctors-more = Other doctors, in the CSV: { $count }
report-csv-caption = { $clinic }, { SHORT_DATE($first) } – { SHORT_DATE($last) }: one row per appointment, without patient details (CSV).
report-files-failed = The chart or the CSV could not be sent. Please try again.
report-chart-title = Bookings per day — { $clinic }
report-chart-day = Day
report-chart-bookings = Bookings
report-reason-none = no reason given
report-reason-feeling_better = feeling better
report-reason-cant_make_it = can't make it
report-reason-booked_another_time = booked another time
report-reason-series_cancelled = series cancelled
report-reason-rescheduled = moved
report-reason-time_off = doctor's time off
report-reason-hours_changed = hours changed
report-reason-slot_closed = slot closed
report-reason-doctor_inactive = doctor no longer at the clinic
report-reason-front_desk = cancelled at the front desk
report-reason-account_deleted = account deleted
report-reason-family_member_removed = family member removed
report-reason-other = other
report-by-patient = patient
report-by-doctor = doctor
report-by-staff = front desk
report-by-admin = admin
report-by-system = CareSlot


## The admin's clinics and doctors (/clinics, /doctors)

clinics-title = <b>Clinics</b> (⏸ marks an inactive clinic). Open one to see and change its settings.
clinics-none = There are no clinics yet.
clinic-row = 🏥 { $name } · { $city }
clinic-row-inactive = ⏸ { $name } · { $city } (inactive)
clinic-add = ➕ Add a clinic
clinic-no-reminders = none
clinic-reminder = { DURATION($minutes) }
clinic-card-head = 🏥 <b>{ $name }</b> · { $status }
clinic-active = active
clinic-inactive = inactive
clinic-card-address = Address: { $address }, { $city }
clinic-card-contact = Phone: { $phone } · Email: { $text }
clinic-card-zone = Time zone: { $zone }
clinic-card-notice = Minimum booking notice: { DURATION($minutes) }
clinic-card-horizon = Booking horizon: { $horizon_days ->
        [one] { $horizon_days } day
       *[other] { $horizon_days } days
    }
clinic-card-cancel = Cancellation notice: { DURATION($minutes) }
clinic-card-reminders = Reminders before a visit: { $text }
clinic-card-locked = ⚠️ The cancellation notice is longer than the booking notice: a visit booked less than { DURATION($minutes) } ahead cannot be changed in the chat (the booking summary warns the patient).
clinic-deactivate = ⏸ Deactivate
clinic-reactivate = ▶️ Reactivate
clinic-edit = ✏️ Edit
clinic-field-name = Name
clinic-field-address = Address
clinic-field-city = City
clinic-field-phone = Phone
clinic-field-email = Email
clinic-field-timezone = Time zone
clinic-field-notice = Minimum booking notice
clinic-field-horizon = Booking horizon
clinic-field-cancel = Cancellation notice
clinic-field-reminders = Reminders
clinic-pick-field = Which setting of <b>{ $name }</b> do you want to change?
clinic-ask-name = Type the new name of <b>{ $name }</b>.
clinic-ask-address = Type the street address of <b>{ $name }</b> (without the city).
clinic-ask-city = Type the city of <b>{ $name }</b>.
clinic-ask-phone = Type the phone number of <b>{ $name }</b>, as dialled in its country or with + and the country code.
clinic-ask-email = Type the email address of <b>{ $name }</b>.
clinic-ask-timezone = Type the time zone of <b>{ $name }</b> as an IANA name, such as Europe/London or America/New_York.
clinic-ask-notice = Type the minimum booking notice of <b>{ $name }</b> in minutes (60 is one hour): how long before a visit it can still be booked.
clinic-ask-horizon = Type the booking horizon of <b>{ $name }</b> in days (1 to 365): how far ahead patients can book.
clinic-ask-cancel = Type the cancellation notice of <b>{ $name }</b> in minutes (240 is four hours): until when before a visit patients can cancel or move it in the chat.
clinic-ask-reminders = Type when the reminders of <b>{ $name }</b> go out, in minutes before the visit, separated by commas (at most four, for example 1440, 120), or 0 for none.
clinic-off-effect = Deactivate <b>{ $name }</b>? { $count ->
        [one] It has { $count } future visit: it stays booked
       *[other] It has { $count } future visits: they stay booked
    } (patients may still cancel, the front desk and the doctors still see them). The clinic and its { $total ->
        [one] { $total } active doctor
       *[other] { $total } active doctors
    } leave search and take no new bookings.
clinic-off-confirm = ✅ Yes, deactivate
clinic-on-effect = Reactivate <b>{ $name }</b>? It comes back in search and takes bookings again, with its { $total ->
        [one] { $total } active doctor
       *[other] { $total } active doctors
    }.
clinic-on-confirm = ✅ Yes, reactivate
clinic-new-name = ➕ A new clinic, step 1 of 5: what is the name of the new clinic?
clinic-new-address = Step 2 of 5: its street address (without the city)?
clinic-new-city = Step 3 of 5: its city?
clinic-new-zone = Step 4 of 5: its time zone, as an IANA name such as Europe/London or America/New_York?
clinic-new-phone = Step 5 of 5: its phone number, as dialled in its country or with + and the country code? Or skip it.
clinic-skip = Skip
clinic-new-summary = Save this clinic?
    <b>{ $name }</b>
    { $address }, { $city }
    Time zone: { $zone }
    Phone: { $phone }
    The booking window starts at 1 hour's notice, 60 days ahead, cancellations up to 4 hours before, reminders a day and 2 hours before: change them on its card.
clinic-new-dropped = The clinic was not saved.
clinic-new-saved = ✅ The clinic { $name } is saved.
clinic-saved-field = ✅ { $field } saved.
clinic-now-active = ▶️ The clinic is active again: it shows in search and takes bookings.
clinic-now-inactive = ⏸ The clinic is inactive now: its booked visits stay, it takes no new bookings.
doctors-clinic-row = 🏥 { $name }
doctors-pick-clinic = <b>Doctors</b> (⏸ marks an inactive clinic): which clinic's?
doctor-row = { $name } · { $specialty }
doctor-row-inactive = ⏸ { $name } · { $specialty } (inactive)
doctor-add = ➕ Add a doctor
doctors-title = <b>Doctors of { $clinic }</b> (⏸ marks an inactive one):
doctors-none = { $clinic } has no doctors yet.
doctor-admin-head = 👩‍⚕️ <b>{ $name }</b> · { $status }
doctor-admin-where = { $clinic } · { $specialty }
doctor-admin-license = Licence number: { $license_number }
doctor-admin-quals = Qualifications: { $text } · { $years ->
        [one] { $years } year of experience
       *[other] { $years } years of experience
    }
doctor-admin-visits = Visit length: { $minutes } min · at most { $count ->
        [one] { $count } patient a day
       *[other] { $count } patients a day
    }
doctor-admin-linked = Telegram account linked.
doctor-admin-unlinked = No Telegram account linked yet: /invite sends the doctor a link.
doctor-field-name = Name
doctor-field-license = Licence number
doctor-field-spec = Specialty
doctor-field-quals = Qualifications
doctor-field-years = Experience
doctor-field-visit = Visit length
doctor-field-max = Patients a day
doctor-pick-field = Which detail of <b>{ $name }</b> do you want to change?
doctor-ask-name = Type the full name of <b>{ $name }</b>.
doctor-ask-license = Type the licence number of <b>{ $name }</b>.
doctor-ask-spec = Which specialty does <b>{ $name }</b> practise? (✓ marks the current one; a new specialty is added in ➕ Add a doctor.)
doctor-ask-quals = Type the qualifications of <b>{ $name }</b>.
doctor-ask-years = Type the years of experience of <b>{ $name }</b> (0 to 80).
doctor-ask-visit = Type the visit length of <b>{ $name }</b> in minutes (5 to 480). New slots get it; slots already made keep theirs.
doctor-ask-max = Type how many patients <b>{ $name }</b> sees a day at most (1 to 200).
doctor-off-visits = Deactivate <b>{ $name }</b>? { $count ->
        [one] This visit ahead will be cancelled
       *[other] These { $count } visits ahead will be cancelled
    }, and each patient offered the nearest free times:
doctor-off-visit = • { $time } — { $patient }
doctor-off-more = … and { $count } more.
doctor-off-none = Deactivate <b>{ $name }</b>? They have no visits ahead. They leave search and take no new bookings.
doctor-on-effect = Reactivate <b>{ $name }</b>? They come back in search, with slots cut again from their working hours.
doctor-new-name = ➕ A new doctor: what is their full name?
doctor-new-clinic = At which clinic do they work?
doctor-new-pick-specialty = Their specialty?
doctor-new-specialty = ➕ A new specialty
doctor-new-specialty-name = Type the name of the new specialty.
doctor-new-license = Their licence number?
doctor-new-visit = How long is one of their visits, in minutes (5 to 480)?
doctor-new-max = How many patients a day at most (1 to 200)?
doctor-new-summary = Save this doctor?
    <b>{ $name }</b>
    { $clinic } · { $specialty }
    Licence number: { $license_number }
    Visits of { $minutes } min, at most { $count ->
        [one] { $count } patient a day
       *[other] { $count } patients a day
    }
doctor-new-saved = ✅ { $name } is saved. Their weekly hours come next (the doctor's /hours); /invite links their Telegram account.
doctor-new-dropped = The doctor was not saved.
doctor-now-active = ▶️ The doctor is active again.
doctor-now-inactive = ⏸ The doctor is inactive now; { $count ->
        [one] { $count } visit cancelled
       *[other] { $count } visits cancelled
    } and each patient offered other times.

## Admin: a doctor's weekly hours from their card (/doctors → a doctor → ⏰ Working hours)
admin-hours-title = <b>⏰ Working hours of { $name }</b> at { $clinic } ({ $tz })
admin-hours-kept = Nothing changed: the doctor's working hours stay as they were.
admin-hours-saved =
    ✅ The doctor's new working hours apply from { DAY_MONTH($day) }. { $closed ->
        [one] { $closed } free time outside them was closed
       *[other] { $closed } free times outside them were closed
    }, { $created ->
        [one] { $created } new time opened.
       *[other] { $created } new times opened.
    }
admin-hours-outside = These booked visits fall outside the doctor's new hours. Keep each one, or cancel it and offer the patient the nearest free times:

## An admin's clinic day (/day without a clinic: the picker; handlers/staff/board.py)

board-pick-clinic = Which clinic's day?
board-no-clinics = There is no active clinic, so there is no clinic day to show.
command-admin-day = A clinic's day

## desk link by birth date
desk-link-ask-new = That number is already a patient's: { $patient }. This clinic does not know them yet: ask them for their date of birth and type it here (for example <i>12.03.1985</i>). If it matches, their card opens here.
desk-link-ask = { $patient }
    This clinic does not know them yet: ask them for their date of birth and type it here (for example <i>12.03.1985</i>). If it matches, their card opens here.
desk-link-mismatch = That date of birth does not match the patient with this number. { $count ->
        [one] { $count } more try: type it again, or ⬅️ Back.
       *[other] { $count } more tries: type it again, or ⬅️ Back.
    }
desk-link-stopped = Three dates of birth did not match the patient with this number, so I stopped: no more tries for them here today. Check who you are talking to (an ID, the number they registered with), or ask an admin.
desk-link-button = 🎂 Confirm date of birth · { $name }

## desk specialty step (the desk's doctor choice by specialty, a doctor's name typed; /day <clinic>)

desk-book-specialty = Book a visit for <b>{ $name }</b>. Which specialty?
desk-book-type-name = Or type the doctor's name.
desk-book-specialty-doctors = { $specialty }: which doctor for <b>{ $name }</b>?
desk-book-named = Doctors of this clinic whose name fits “{ $query }”, for <b>{ $name }</b>:
desk-book-name-none = No doctor of this clinic has a name like “{ $query }”. Check the spelling, or choose below.
board-clinic-unknown = No active clinic is called “{ $query }”.
board-clinic-several = More than one clinic fits “{ $query }”.

## doctor clinic move
doctor-move-button = 🏥 Clinic
doctor-move-pick = Which clinic should <b>{ $name }</b> move to? They work at { $clinic } now.
doctor-move-nowhere = There is no other active clinic to move <b>{ $name }</b> to (they work at { $clinic }).
doctor-move-title = Move <b>{ $name }</b> from { $before } to { $after }?
doctor-move-effect = They have no visits booked ahead at { $before }. { $count ->
        [one] { $count } free time ahead there is removed
       *[other] { $count } free times ahead there are removed
    }, and their weekly hours open as new times at { $after } (time zone: { $zone }) up to { $horizon_days ->
        [one] { $horizon_days } day
       *[other] { $horizon_days } days
    } ahead. Patients waiting for this doctor keep waiting and are offered the new times.
doctor-move-confirm = ✅ Yes, move
doctor-moved = 🏥 The doctor works at { $clinic } now: { $count ->
        [one] { $count } free time removed at the old clinic
       *[other] { $count } free times removed at the old clinic
    }, { $created ->
        [one] { $created } new time opened.
       *[other] { $created } new times opened.
    }
clinic-field-state = State / region
clinic-field-zip = Postcode
clinic-ask-state = Type the state or region of <b>{ $name }</b>.
clinic-ask-zip = Type the postcode (ZIP code) of <b>{ $name }</b>.
clinic-card-state = State / region: { $text }
clinic-card-zip = Postcode: { $text }
