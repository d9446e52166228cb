# Слова CareSlot українською (звертання на «Ви»). Повідомлення в HTML; див. handlers/i18n.py.
# Множина за CLDR: one (1, 21, 31…), few (2–4, 22–24…), many (0, 5–20, 25–30…), other (дроби).

app-name = CareSlot

welcome-back = З поверненням, <b>{ $name }</b>! Що бажаєте зробити?
welcome-new = Вітаю! Я <b>CareSlot</b>, помічник Вашої клініки для запису на прийом. Зі мною Ви можете знайти лікаря, записатися на прийом і керувати своїми записами.
privacy-note =
    <b>Перш ніж почати</b>
    Щоб записувати Вас на прийом, я зберігаю Ваше імʼя, номер телефону й дату народження, а також Ваші записи. Бачити їх можете лише Ви, Ваші лікарі та працівники клініки. Ви будь-коли можете попросити клініку видалити Ваші дані.

    Ви погоджуєтеся?

## Назви меню для кожної ролі

menu-title-patient = Головне меню
menu-title-doctor = Меню лікаря
menu-title-staff = Меню реєстратури
menu-title-admin = Меню адміністратора

## Довідка для кожної ролі

help-patient =
    <b>Що я вмію</b>
    /book – знайти лікаря й записатися на прийом
    /my – Ваші записи: переглянути, скасувати, перенести
    /profile – Ваші дані
    /stop – вийти з поточної дії
    Також можна просто написати спеціальність або прізвище лікаря й день, наприклад <i>дерматологія 12.05</i>.
help-doctor =
    <b>Команди лікаря</b>
    /today – пацієнти на сьогодні
    /agenda – Ваш список на день або період
    /hours – Ваші години прийому
    /stop – вийти з поточної дії
help-staff =
    <b>Команди реєстратури</b>
    /day – день клініки
    /find – пацієнт за номером телефону або імʼям
    /stop – вийти з поточної дії
help-admin =
    <b>Команди адміністратора</b>
    /clinics – клініки
    /doctors – лікарі
    /invite – запросити лікаря або працівника
    /report – записи, скасування, неявки
    /audit – журнал аудиту
    /stop – вийти з поточної дії

## Кнопки головного меню: menu-<роль>-<дія>

menu-patient-book = 📅 Записатися
menu-patient-my = 🗂 Мої записи
menu-patient-profile = 👤 Профіль
menu-patient-help = ❓ Довідка
menu-doctor-today = 📋 Сьогодні
menu-doctor-agenda = 🗓 Розклад
menu-doctor-hours = ⏰ Години прийому
menu-doctor-help = ❓ Довідка
menu-staff-day = 🏥 День клініки
menu-staff-find = 🔎 Знайти пацієнта
menu-staff-help = ❓ Довідка
menu-admin-clinics = 🏥 Клініки
menu-admin-doctors = 👩‍⚕️ Лікарі
menu-admin-report = 📊 Звіти
menu-admin-help = ❓ Довідка

## Меню команд Telegram (простий текст): command-<роль>-<команда>

command-patient-start = Головне меню
command-patient-book = Записатися на прийом
command-patient-my = Мої записи
command-patient-profile = Мій профіль
command-patient-help = Що я вмію
command-patient-stop = Вийти з поточного кроку
command-doctor-start = Головне меню
command-doctor-today = Пацієнти на сьогодні
command-doctor-agenda = Розклад
command-doctor-hours = Робочі години
command-doctor-help = Команди
command-doctor-stop = Вийти з поточного кроку
command-staff-start = Головне меню
command-staff-day = День клініки
command-staff-find = Знайти пацієнта
command-staff-help = Команди
command-staff-stop = Вийти з поточного кроку
command-admin-start = Головне меню
command-admin-clinics = Клініки
command-admin-doctors = Лікарі
command-admin-invite = Запросити лікаря чи працівника
command-admin-report = Звіти
command-admin-audit = Журнал аудиту
command-admin-help = Команди
command-admin-stop = Вийти з поточного кроку

## Будь-де

coming-soon-generic = Ця частина CareSlot у цій версії ще недоступна.
coming-soon = «{ $feature }» зʼявиться в наступній версії CareSlot.
feature-today = Список на сьогодні
feature-agenda = Розклад
feature-hours = Години прийому
feature-day = День клініки
feature-find = Пошук пацієнта
feature-clinics = Клініки
feature-doctors = Лікарі
feature-invite = Запрошення
feature-report = Звіти
feature-audit = Журнал аудиту
stopped = Зупинено. Нічого не змінено. Надішліть /start, щоб відкрити меню.
nothing-to-stop = Зараз немає чого зупиняти.
timed-out = Цю розмову закрито через тривалу бездіяльність. Надішліть /start, щоб почати знову.
flow-restarted = Цю розмову розпочала старіша версія CareSlot. Почнімо спочатку.
button-expired = Ця кнопка вже не діє.
not-allowed = У Вас немає дозволу на цю дію.
blocked = Ваш обліковий запис вимкнено. Будь ласка, зверніться до клініки.
unexpected = Вибачте, у нас щось пішло не так. Спробуйте ще раз за хвилину. Якщо помилка повторюється, повідомте клініці цей код: <code>{ $ref }</code>
not-registered = Спершу надішліть /start, щоб зареєструватися.
unknown-input = Вибачте, не вдалося це зрозуміти. Надішліть /help, щоб побачити, що я вмію.
unknown-command = Я не знаю такої команди. Ось що я вмію:
text-not-expected = Зараз повідомлення не очікувалося. Будь ласка, скористайтеся кнопками або надішліть /help.
private-only = Я працюю лише в особистому чаті, щоб Ваші дані про здоровʼя залишалися конфіденційними. Будь ласка, напишіть мені напряму.

## Реєстрація

agree = ✅ Погоджуюся
decline = Ні, дякую
declined = Гаразд — я нічого не зберігатиму. Надішліть /start, якщо передумаєте.
ask-phone = Поділіться, будь ласка, номером телефону кнопкою нижче або введіть його з кодом країни (наприклад, +44 7700 900123).
share-phone = 📱 Поділитися номером телефону
back-label = ⬅️ Назад
not-own-contact = Будь ласка, поділіться <b>власним</b> номером кнопкою нижче або введіть його.
ask-name = Дякую. Ваше повне імʼя — <b>{ $name }</b>? Якщо ні, просто введіть його.
ask-name-plain = Дякую. Будь ласка, введіть своє повне імʼя.
yes-thats-me = ✅ Так, це я
ask-birth = Будь ласка, надішліть дату народження, наприклад <i>12.03.1985</i>.
birth-date-confirm = Ви мали на увазі <b>{ FULL_DATE($day_first) }</b>? У такому записі день і місяць можна переплутати: виберіть дату нижче або надішліть її у форматі день.місяць.рік.
registered = Усе готово, <b>{ $name }</b>! 🎉
already-registered = Ви вже зареєстровані.
need-patient-details = Щоб записатися на прийом для себе, спершу додайте власні дані пацієнта (телефон, імʼя та дату народження).
add-my-details = ➕ Додати мої дані

## Пошук лікаря і запис

find-how =
    <b>Запис на прийом</b>
    Як Ви хочете знайти лікаря?
by-specialty = 🩺 За спеціальністю
by-clinic = 🏥 За клінікою
by-name = 🔎 Ввести імʼя або спеціальність
back = ⬅️ Назад
home = 🏠 Меню
prev = ‹ Назад
next = Далі ›
pick-specialty = Оберіть спеціальність:
pick-clinic = Оберіть клініку:
pick-doctor = Оберіть лікаря:
no-doctors = Зараз там немає доступних лікарів.
type-search = Введіть прізвище лікаря або спеціальність, наприклад <i>Шевченко</i> або <i>кардіологія</i>.
search-too-long =
    Будь ласка, введіть імʼя або спеціальність — до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
nothing-found = Не знайшлося лікаря за запитом «{ $query }». Спробуйте інше написання або оберіть зі списку.
search-results = Лікарі за запитом «{ $query }»:
doctor-card =
    <b>{ $name }</b>
    { $specialty } · стаж { $years } { $years ->
        [one] рік
        [few] роки
        [many] років
       *[other] року
    }
    🏥 { $clinic }
    📍 { $address }
    ⏱ Найближчий вільний час: { $next_free }
no-free-time = немає найближчими тижнями
pick-day-button = 📅 Обрати день
pick-day = <b>{ $name }</b> — оберіть день (● = є вільний час) або введіть його, наприклад <i>завтра</i>, <i>у пʼятницю</i>, <i>12.05</i>.
no-times-that-day = Цього дня вільного часу немає.
pick-time =
    <b>{ $name }</b>, { $day }
    Оберіть час ({ $tz }):
none-that-day = <b>{ $name }</b>: на { DAY_MONTH($day) } вільного часу немає. Найближчі дні з вільним часом:
none-at-all = <b>{ $name }</b>: найближчими тижнями вільного часу немає. Будь ласка, оберіть іншого лікаря.
ask-reason =
    Яка мета візиту? (необовʼязково, до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }; це бачитиме лише Ваш лікар)
skip = Пропустити
summary =
    <b>Будь ласка, перевірте запис</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
summary-reason = 📝 { $reason }
summary-move = 🔁 Замість: { $old }
confirm = ✅ Підтвердити
cancel-flow = ✖️ Скасувати
booked =
    ✅ <b>Ви записані!</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Додайте візит до календаря за допомогою файлу нижче. Я нагадаю Вам про нього заздалегідь.
moved =
    ✅ <b>Перенесено!</b> Ваш новий час візиту:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
already-booked = Цей запис уже створено.
slot-taken-alternatives = Вибачте, цей час щойно зайняли. Ось найближчий вільний час:
slot-taken-none = Вибачте, цей час щойно зайняли, а іншого вільного часу найближчим часом немає.
matches = Вільний час — { $what }:
matches-none = Вільного часу не знайшлося — { $what }. Спробуйте інший день або надішліть /book, щоб переглянути список.
matches-your-request = за Вашим запитом
use-buttons = Будь ласка, скористайтеся кнопками вище або надішліть /stop, щоб вийти.
flow-closed = Закрито. Запис не створено.
my-appointments = 🗂 Мої записи
book-another = 📅 Записатися ще
ics-caption = Ваш запис: { $doctor }
ics-summary = Прийом: { $specialty }, { $doctor }
ics-description = Запис через CareSlot. Телефон клініки: { $phone }
ics-failed = Не вдалося зараз надіслати файл календаря. Спробуйте, будь ласка, пізніше.

## Мої записи

my-upcoming =
    <b>Ваші майбутні записи</b> ({ $total } { $total ->
        [one] запис
        [few] записи
        [many] записів
       *[other] запису
    })
my-past =
    <b>Ваші минулі та скасовані записи</b> ({ $total } { $total ->
        [one] запис
        [few] записи
        [many] записів
       *[other] запису
    })
my-none-upcoming = У Вас немає майбутніх записів.
my-none-past = У Вас ще немає минулих записів.
show-past = 🕓 Минулі візити
show-upcoming = 📅 Майбутні
appt-card =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    Статус: { $status }
appt-cancel = ✖️ Скасувати
appt-move = 🔁 Перенести
appt-ics = 📅 Додати до календаря
appt-locked = ⏳ Скасувати чи перенести цей візит тут уже запізно. Зателефонуйте, будь ласка, до клініки: { $phone }
back-to-list = ⬅️ Мої записи
cancel-ask = Скасувати візит <b>{ $when }</b> (лікар: { $doctor })? Якщо бажаєте, вкажіть причину:
cancel-reason-0 = Мені краще
cancel-reason-1 = Не можу прийти
cancel-reason-2 = Обрано інший час
cancel-reason-3 = Без пояснень
keep-it = ⬅️ Залишити
cancelled = Скасовано: { $when }, лікар { $doctor }. Тепер цей час вільний для інших пацієнтів.

## Статуси запису

status-scheduled = заброньовано
status-confirmed = підтверджено
status-arrived = прихід відмічено
status-completed = завершено
status-cancelled = скасовано
status-no_show = неявка

## Профіль

profile =
    <b>Ваш профіль</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    ⚠️ Алергії: { $allergies }
    🆘 Контакт для екстрених випадків: { $emergency }
not-set = —
profile-field-full_name = Імʼя
profile-field-phone = Телефон
profile-field-date_of_birth = Дата народження
profile-field-allergies = Алергії
profile-field-emergency_contact = Контакт для екстрених випадків
profile-field-language = Мова
profile-ask = Надішліть нове значення — <b>{ $field }</b>:
profile-saved = Збережено.
choose-language = Оберіть мову:
language-changed = Готово — відтепер я розмовлятиму українською.

## Подробиці запису

zone-time = { $city }, місцевий час
visit-length = ⏳ { DURATION($minutes) }
summary-locked = ⚠️ { $clinic } приймає зміни в чаті не пізніше ніж за { DURATION($minutes) } до візиту, тож після запису Ви не зможете скасувати чи перенести цей візит у чаті — лише зателефонувавши до клініки.
what-next = Що бажаєте зробити?
status-moved = перенесено на { $when }
