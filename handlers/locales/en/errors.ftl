# What the service layer's refusals say: error-<code> (services/errors.py), plain text with
# no HTML tags, because callback alerts show them too. Parameters are typed: see handlers/i18n.py.

## The generic sentence of each error class (used when a specific code has no entry)

error-not-done = That could not be done.
error-not-found = That record no longer exists.
error-not-allowed = You are not allowed to do that.
error-invalid-input = That value is not valid.
error-conflict = That clashes with something that already exists.
error-slot-taken = That time was just taken.
error-slot-overlap = That time overlaps another slot of the doctor.
error-patient-busy = You already have an appointment at that time.
error-booking-window-closed = That time can no longer be booked.
error-too-late = It is too late to cancel this appointment in the bot.
error-daily-limit-reached = The doctor is fully booked that day.

## Booking

error-reason-too-long =
    Please keep the reason under { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    } (yours has { $length }).
error-time-passed = That time has already passed. Please pick another one.
error-booking-notice = Visits at { $clinic } need to be booked at least { DURATION($notice_minutes) } ahead. Please pick a later time.
error-beyond-booking-horizon =
    { $clinic } takes bookings up to { $horizon_days ->
        [one] { $horizon_days } day
       *[other] { $horizon_days } days
    } ahead.
error-doctor-fully-booked = { $doctor } is fully booked that day.
error-slot-not-offered = That time is no longer offered.
error-appointment-not-found = That appointment no longer exists.
error-appointment-not-yours = That appointment is not yours.
error-appointment-not-active = This appointment is no longer active.
error-same-time = That is the time you already have. Please pick another one.
# $phone: the clinic's number, or none.
error-too-late-to-cancel =
    It is too late to cancel this visit in the bot: { $clinic } takes changes only up to { DURATION($notice_minutes) } before a visit. { $phone ->
        [none] Please call the clinic.
       *[other] Please call the clinic on { $phone }.
    }
error-too-late-to-move =
    It is too late to move this visit in the bot: { $clinic } takes changes only up to { DURATION($notice_minutes) } before a visit. { $phone ->
        [none] Please call the clinic.
       *[other] Please call the clinic on { $phone }.
    }
error-too-late-to-change =
    It is too late to change this visit in the bot: { $clinic } takes changes only up to { DURATION($notice_minutes) } before a visit. { $phone ->
        [none] Please call the clinic.
       *[other] Please call the clinic on { $phone }.
    }
error-doctor-not-chosen = Please choose a doctor first.

## Clinics, specialties, doctors

error-clinic-name-taken = A clinic named “{ $name }” already exists.
error-clinic-not-found = That clinic does not exist.
error-specialty-name-length = A specialty name needs { $min } to { $max } characters.
error-specialty-exists = The specialty “{ $name }” already exists.
error-specialty-not-found = That specialty does not exist.
error-doctor-not-found = That doctor could not be found.
error-license-number-taken = A doctor with license number { $license_number } is already registered.

## Days typed as text ($today: the clinic's today; the year is shown when it differs)

error-date-too-long = That is too long for a date. Please send just the day, e.g. “tomorrow”, “next Friday” or 12.05.
error-date-unclear = I could not understand that date. Try “tomorrow”, “next Friday” or 12.05.
error-date-passed = That day ({ DAY($day, $today) }) has already passed. Please pick today or a later day, e.g. “tomorrow”.
error-date-beyond-horizon =
    I can only book up to { $horizon_days ->
        [one] { $horizon_days } day
       *[other] { $horizon_days } days
    } ahead, that is until { DAY($last, $today) }. Please pick an earlier day.
# $weekday: the weekday that was typed, 0 (Monday) to 6.
error-weekday-mismatch = { DAY_MONTH($day, $today) } is a { WEEKDAY($day) }, not a { WEEKDAY($weekday) }. Please send the day again.
error-no-such-day = There is no { $day_of_month } { MONTH($month) }. Please check the day and month, e.g. 30.04 for 30 April.
error-no-such-month = I read dates as day.month — that month does not exist. Please send e.g. 12.05 for 12 May.

## Phone numbers, names, dates of birth, profile, roles

error-bad-phone = That does not look like a phone number. Please send it with the country code, for example +44 7700 900123.
error-phone-extension = I cannot keep a phone number with an extension. Please send a number that reaches you directly, without the extension, for example +44 7700 900123.
error-name-too-short =
    Please send your full name (at least { $min ->
        [one] { $min } letter
       *[other] { $min } letters
    }).
error-name-too-long =
    That name is too long; please keep it under { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
error-birth-date-missing = Please send your date of birth, for example 12.03.1985.
error-birth-date-no-year = I could not read that date; please add the year, e.g. 12.03.1985.
error-birth-date-unreadable = I could not read that date. Please send it as day.month.year, e.g. 12.03.1985.
error-birth-date-in-future = That date is in the future; please send your date of birth.
error-birth-date-ambiguous = Did you mean { FULL_DATE($day_first) } or { FULL_DATE($month_first) }? Please send the date as day.month.year, e.g. 12.03.1985.
error-birth-date-too-old =
    That date is more than { $years ->
        [one] { $years } year
       *[other] { $years } years
    } ago; please check the year.
error-profile-not-found = Your profile could not be found; send /start to register.
error-account-not-patient = This is a practice account (doctor, front desk or admin); the practice's administrator manages it.
error-unknown-language = That language is not available.
error-profile-field-not-editable = That part of the profile cannot be changed here.
error-profile-text-too-long =
    Please keep this under { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
error-emergency-contact-too-long =
    Please keep the emergency contact under { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
error-unknown-role = Roles are: { $roles }.
error-user-not-found = That user does not exist.

## Doctor search

error-search-too-long =
    That search is too long. Please type a doctor's name, a specialty or a clinic in up to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }, e.g. “dermatologist” or “Dr Smith”.

## Working hours and time off

error-hours-with-time-zone = Working hours are the clinic's local clock times; give them without a time zone.
error-hours-whole-minutes = Working hours are set in whole minutes.
error-weekday-out-of-range = The day of the week must be between 0 (Monday) and 6 (Sunday).
error-hours-end-before-start = Working hours must end after they start ({ $start }–{ $end } was given).
error-break-end-before-start = A break must end after it starts ({ $start }–{ $end } was given).
error-break-outside-hours = The break { $break_start }–{ $break_end } must lie within the working hours { $start }–{ $end }.
error-breaks-overlap = The breaks { $first_start }–{ $first_end } and { $second_start }–{ $second_end } overlap; please merge them into one.
error-hours-overlap = These hours overlap the { WEEKDAY($weekday) } hours { $start }–{ $end }; please change or remove those first.
error-hours-not-found = Those working hours could not be found.
error-hours-removed = Those working hours were removed; please set them again.
error-time-off-end-before-start = The time off must end after it starts.
error-time-off-over = That time off is already over; please choose a time in the future.
error-time-off-too-long = Time off can last at most a year; please split it into shorter parts.
error-time-off-reason-too-long =
    Please keep the reason under { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
error-time-off-not-found = That time off could not be found.

## Slots

error-range-reversed = The last day must not be before the first day.
error-range-too-long =
    Please choose a range of at most { $max_days ->
        [one] { $max_days } day
       *[other] { $max_days } days
    }.
error-unknown-time-zone = The clinic's time zone “{ $zone }” is unknown; please correct it in the clinic settings.
error-new-slots-overlap = Some new slots would overlap slots that were just added; please try again.
error-slot-not-found = That time slot no longer exists.
error-slot-has-bookings =
    { $count ->
        [one] This time slot still has an active booking; please cancel or move it first, then close the slot.
       *[other] This time slot still has { $count } active bookings; please cancel or move them first, then close the slot.
    }
error-slot-query-limit =
    Please ask for between 1 and { $max ->
        [one] { $max } slot
       *[other] { $max } slots
    }.

## family

error-family-full = You can add up to { $limit } family members.
error-family-member-not-found = That family member is no longer on your list.
error-relation-unknown = Please choose one of the relations offered.
error-patient-not-found = That person is no longer on your list.
error-member-busy = That person already has an appointment at that time.

## doctor

error-no-doctor-profile = Your account is not linked to a doctor's profile yet.
error-visit-cancelled = This visit was cancelled, so it cannot be marked.
error-visit-not-now = That cannot be marked yet: check-in opens 2 hours before the visit, Done and No-show at its start.
error-visit-status-refused = The visit changed in the meantime; here is how it stands now.
error-undo-expired =
    It is too late to undo: a change can be undone within { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
error-agenda-unclear = I could not read that day. Try “tomorrow”, “Friday”, “next week” or 12.05–16.05.
error-agenda-range-too-long =
    Please choose at most { $max_days ->
        [one] { $max_days } day
       *[other] { $max_days } days
    } at a time.
error-record-too-long =
    That is { $length } characters; please keep it to { $limit ->
        [one] { $limit } character
       *[other] { $limit } characters
    }.
error-record-empty = The record would be empty: please type at least a diagnosis, a prescription or a note.
error-record-not-yet = A record can be written once the patient has arrived.
error-record-locked =
    This record can no longer be edited (it is editable by its author for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }). Add a correction instead.
error-record-still-editable = This record can still be edited; a correction is not needed yet.
error-record-not-found = This visit has no record yet.
error-record-unchanged = The correction would change nothing: please type the corrected text.
error-late-minutes = Please choose one of the delays offered.
error-series-changed = A time of the series was just taken, so nothing was booked.
error-series-move-day-blocked = The series cannot move that way: the visit of { DAY($day) } would have no free time, so nothing was moved. Move that one on its own, or choose another time.
error-series-count = A series has { $min } to { $max } visits.
error-series-until-too-soon = That day is too soon: a series needs at least { $min } visits before it.
error-series-count-or-until = Please say how many visits, or the day to repeat until.
error-series-one-doctor = All the visits of a series are with the same doctor.
error-series-move-blocked = The series cannot move that way, so nothing was moved.
error-hours-unclear = I could not read those hours. Write a day or days and the times, for example “Mon 9-13, 14-18”, “Wed off” or “Mon-Fri 9-17”.
error-hours-stretches-overlap = Two of those times overlap (around { $start }–{ $end }); please write each part of the day once.
error-hours-from-unclear = I could not read that date. Write it like “tomorrow”, “next Monday” or “12.05”.
error-hours-from-passed = { DAY_MONTH($day) } has passed; new hours can begin today or later.
error-time-off-unclear = I could not read when. Write it like “tomorrow”, “24.12–02.01”, “Friday afternoon” or “Friday 14-18”.
error-waitlist-dates = Please choose dates from { $today } to { $last }.
error-waitlist-duplicate = You are already on the waitlist for that (until { $last }). You can see or leave it in /my.
error-waitlist-target = That cannot be put on the waitlist.
error-waitlist-target-gone = That doctor or clinic can no longer be booked.
error-waitlist-offer-ended = This offer has ended: the time it was held for you is over, and the place has gone to the next person on the waitlist. You stay on the waitlist for other times.
error-waitlist-offer-not-found = This offer no longer exists.
error-waitlist-entry-not-found = You are no longer on that waitlist.
error-waitlist-already = You are already on this waitlist. You can see or leave it in /my.
error-digest-time-unclear = Please write a time such as 07:00 (24-hour clock), or “off”.
error-patients-query-unclear = Please type a name (at most { $max } characters).
error-assignment-not-found = This patient is not among your patients (any more).

## Admin: invites, users, the audit log

error-invite-role-unknown = An invite is for one of: { $roles }.
error-invite-target-gone = That record is no longer there, so no invite was made.
error-invite-doctor-linked = That doctor already has an account, so no invite was made.
error-invite-not-open = That invite is no longer open.
error-invite-forged = This invite link is not valid. Please ask the clinic's admin for a new one.
error-invite-used = This invite link has already been used. Each link works only once — ask the clinic's admin for a new one if you need it.
error-invite-revoked = This invite link was revoked by the clinic's admin. Ask them for a new one if you need it.
error-invite-expired = This invite link has expired. Please ask the clinic's admin for a new one.
error-invite-target-taken = The record this invite was for is already linked to another account, so nothing was changed.
error-invite-already-doctor = Your account is already linked to another doctor record, so nothing was changed.
error-users-query-unclear = Please type at least two characters of a name, or a phone number.
error-last-admin = That is the last active admin: make someone else an admin first.
error-audit-filters-unclear = I could not read those filters.
error-audit-user-unknown = No account matches “{ $query }”.
error-audit-user-ambiguous = More than one account matches “{ $query }”: type more of the name, or the phone number.

## The front desk

error-find-query-unclear = Type a phone number or at least two letters of a name.
error-phone-registered = That number is already a patient's.
error-board-no-clinic = The clinic's day is shown to the front desk of a clinic: your account has no clinic.

## Slots (/slots) and staff records (/users)

error-slots-range-unclear = I could not read those days. Try “next week” or 1.02–28.02.
error-slots-range-past = Those days are already over. Choose days from today on.
error-slots-range-past-horizon = { $horizon_days ->
    [one] Slots are made at most { $horizon_days } day ahead, that is until { DAY_MONTH($last) }. Choose days up to then.
   *[other] Slots are made at most { $horizon_days } days ahead, that is until { DAY_MONTH($last) }. Choose days up to then.
}
error-slots-target-not-found = That doctor or clinic could not be found.
error-slot-has-arrived = A patient has already checked in for this slot, so it cannot be closed.
error-staff-field-empty = Please type it with letters or digits.
error-staff-field-too-long = Please keep it to at most { $limit } characters.
error-staff-record-not-found = That account has no staff record.
error-staff-status-unknown = That status is not known.

## Reports (/report)

error-report-period-unclear = I could not read that period. Try “last month”, “this week”, “Q3”, “this year”, “2026” or 12.05–16.05.
error-report-period-too-long =
    A report covers at most { $max_days ->
        [one] { $max_days } day
       *[other] { $max_days } days
    } (a year and a day). Please choose a shorter period.
error-report-clinic-unclear = Which clinic? Start with its name — for example /report Riverside last month — or choose it below.
error-report-clinic-unknown = That clinic no longer exists.


## The admin's clinics and doctors

error-clinic-horizon-range = The booking horizon is { $min } to { $max } days: type a whole number of days.
error-clinic-notice-beyond-horizon = That notice reaches beyond the booking horizon of { $horizon_days ->
        [one] { $horizon_days } day
       *[other] { $horizon_days } days
    }: nothing could be booked. Type a shorter notice, or lengthen the horizon first.
error-unknown-timezone = “{ $text }” is not a time zone I know. Type an IANA name such as Europe/London or America/New_York.
error-clinic-text-length = That needs { $min } to { $max } characters.
error-bad-minutes = Type a whole number of minutes from { $min } to { $max }.
error-bad-reminders = Type up to four times in minutes before the visit, each from { $min } to { $max }, separated by commas, or 0 for none.
error-bad-email = That does not look like an email address.
error-clinic-unknown-field = That setting cannot be changed here.
error-clinic-already-active = The clinic is already active.
error-clinic-already-inactive = The clinic is already inactive.
error-license-number-shape = A licence number has { $min } to { $max } letters, digits, dots, slashes or dashes.
error-license-number-in-use = Another doctor already has licence number { $license_number }. Type a different one.
error-bad-number = Type a whole number from { $min } to { $max }.
error-doctor-unknown-field = That detail cannot be changed here.
error-doctor-already-active = The doctor is already active.
error-doctor-already-inactive = The doctor is already inactive.

## doctor clinic move
error-doctor-move-has-visits = The doctor has { $count ->
        [one] { $count } visit
       *[other] { $count } visits
    } booked ahead at their clinic, so they cannot move yet: move or cancel { $count ->
        [one] it
       *[other] them
    } first, then move the doctor.
error-clinic-zip-shape = A postcode has { $min } to { $max } letters, digits, spaces or dashes.
