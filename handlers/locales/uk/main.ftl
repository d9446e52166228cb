# Слова CareSlot українською (звертання на «Ви»). Повідомлення в HTML; див. handlers/i18n.py.
# Множина за CLDR: one (1, 21, 31…), few (2–4, 22–24…), many (0, 5–20, 25–30…), other (дроби).

app-name = CareSlot

welcome-back = З поверненням, <b>{ $name }</b>! Що бажаєте зробити?
welcome-new = Вітаю! Я <b>CareSlot</b>, помічник Вашої клініки для запису на прийом. Зі мною Ви можете знайти лікаря, записатися на прийом і керувати своїми записами.
privacy-note =
    <b>Перш ніж почати</b>
    Щоб записувати Вас на прийом, я зберігаю Ваше імʼя, номер телефону й дату народження, а також Ваші записи. Бачити їх можете лише Ви, Ваші лікарі та працівники клініки. Командою /privacy Ви будь-коли можете переглянути, завантажити або видалити свої дані.

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
    /notifications – нагадування та інші повідомлення, які я Вам надіслав

    /records – записи ваших прийомів від лікарів
    /profile – Ваші дані
    /privacy – що я про Вас зберігаю: завантажити це або видалити обліковий запис
    /calendar – посилання, що додає Ваші записи до календаря
    /stop – вийти з поточної дії
    Також можна просто написати спеціальність або прізвище лікаря й день, наприклад <i>дерматологія 12.05</i>.
help-doctor =
    <b>Команди лікаря</b>
    /today – пацієнти на сьогодні
    /agenda – Ваш список на день або період
    /patients – Ваші власні пацієнти (пошук: /patients Анна)
    /digest – ранкове зведення: /digest 07:00 або /digest off
    /hours – Ваші години прийому
    /off – Ваша відсутність
    /calendar – посилання, що додає Ваш розклад до календаря
    /stop – вийти з поточної дії
help-staff =
    <b>Команди реєстратури</b>
    /board, /day – день клініки
    /find – пацієнт за номером телефону або імʼям
    /newpatient – новий пацієнт за телефоном
    /report – звіт клініки (напр. <code>/report минулий місяць</code>)
    /slots – створити слоти за розкладом або закрити один
    /stop – вийти з поточної дії
help-admin =
    <b>Команди адміністратора</b>
    /users – знайти обліковий запис: роль, блокування, розблокування
    /invite – запросити лікаря або співробітника
    /invites – відкриті запрошення, щоб відкликати
    /audit – журнал аудиту (напр. <code>/audit last week</code>)
    /clinics – клініки
    /doctors – лікарі
    /day – день клініки: хто прийшов і хто не зʼявився
    /report – звіт клініки (напр. <code>/report Riverside минулий місяць</code>)
    /slots – створити слоти за розкладом або закрити один
    /stop – вийти з поточної дії

## Кнопки головного меню: menu-<роль>-<дія>

menu-patient-book = 📅 Записатися
menu-patient-my = 🗂 Мої записи
menu-patient-profile = 👤 Профіль
menu-patient-help = ❓ Довідка
menu-doctor-today = 📋 Сьогодні
menu-doctor-agenda = 🗓 Розклад
menu-doctor-patients = 👥 Мої пацієнти
menu-doctor-digest = 🔔 Ранкове зведення
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
command-patient-privacy = Мої дані й конфіденційність
command-patient-calendar = Посилання для календаря
command-patient-help = Що я вмію
command-patient-stop = Вийти з поточного кроку
command-doctor-start = Головне меню
command-doctor-today = Пацієнти на сьогодні
command-doctor-agenda = Розклад
command-doctor-patients = Мої пацієнти
command-doctor-digest = Ранкове зведення
command-doctor-hours = Робочі години
command-doctor-calendar = Посилання для календаря
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
blocked = Ваш доступ призупинено — будь ласка, зверніться до клініки.
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
ics-cancel-caption = Скасовано: ваш запис до { $doctor } (відкрийте файл, щоб прибрати його з календаря)
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

## Ваші дані (/privacy)

privacy-nothing-stored = CareSlot нічого про Вас не зберігає: Ви ще не зареєструвалися. Надішліть /start, щоб зареєструватися.
privacy-practice-account = Це службовий обліковий запис (лікаря, реєстратури чи адміністратора). Щоб переглянути або видалити його дані, зверніться до адміністратора закладу.
privacy-overview =
    <b>Що CareSlot зберігає про Вас</b>
    👤 Імʼя: { $name }
    📱 Телефон: { $phone }
    🎂 Дата народження: { $birth }
    ⚠️ Алергії: { $allergies }
    🆘 Контакт для екстрених випадків: { $emergency }
    🌐 Мова: { $language }
    🗂 Записи на прийом: майбутні — { $upcoming }, минулі або скасовані — { $past }
    ✅ Повідомлення про конфіденційність прийнято: { $accepted }

    Бачити це можете лише Ви, Ваші лікарі та працівники клініки. Ви можете завантажити копію або видалити свій обліковий запис. До завантаження входять і записи лікарів про Ваші прийоми, якщо такі є.
privacy-download = ⬇️ Завантажити мої дані
privacy-delete = 🗑 Видалити обліковий запис
privacy-export-json = Ваші дані в CareSlot: усе, що про Вас зберігається (JSON).
privacy-export-csv = Ваші записи на прийом, по одному в рядку (CSV, відкривається в електронній таблиці).
privacy-export-failed = Не вдалося зараз надіслати файли. Спробуйте, будь ласка, пізніше.
privacy-delete-ask =
    <b>Видалити Ваш обліковий запис у CareSlot?</b>
    { $count ->
        [0] Майбутніх записів, які треба скасувати, у Вас немає.
        [1] Ваш майбутній запис буде скасовано, а його час звільниться для інших пацієнтів; лікаря буде повідомлено.
        [one] Буде скасовано { $count } майбутній запис, а їхній час звільниться для інших пацієнтів; Ваших лікарів буде повідомлено.
        [few] Буде скасовано { $count } майбутні записи, а їхній час звільниться для інших пацієнтів; Ваших лікарів буде повідомлено.
        [many] Буде скасовано { $count } майбутніх записів, а їхній час звільниться для інших пацієнтів; Ваших лікарів буде повідомлено.
       *[other] Буде скасовано { $count } майбутнього запису, а їхній час звільниться для інших пацієнтів; Ваших лікарів буде повідомлено.
    }
    Буде стерто Ваше імʼя, номер телефону, дату народження, алергії, контакт для екстрених випадків і дані страховки, і нагадувань Ви більше не отримуватимете. Цей чат більше не буде повʼязаний із CareSlot.
    Клініка зберігає те, що мусить зберігати: Ваші минулі прийоми, записи лікарів про них і журнал змін — без Вашого імені й без звʼязку з цим чатом.
    Цю дію не можна скасувати. Якщо хочете мати копію своїх даних, спершу завантажте її.
privacy-delete-yes = 🗑 Так, видалити обліковий запис
privacy-keep = ⬅️ Залишити обліковий запис
privacy-deleted =
    Ваш обліковий запис видалено. { $count ->
        [0] Майбутніх записів не було.
        [1] Ваш майбутній запис скасовано.
        [one] Скасовано { $count } майбутній запис.
        [few] Скасовано { $count } майбутні записи.
        [many] Скасовано { $count } майбутніх записів.
       *[other] Скасовано { $count } майбутнього запису.
    }
    Цей чат більше не повʼязаний із CareSlot; повідомлення, що вже є в ньому, залишаться в Telegram, доки Ви їх не видалите. Якщо напишете мені знову, почнете як новий пацієнт. Бережіть себе!

## calendar feeds
calendar-title = 📅 <b>Ваше посилання для календаря</b>
calendar-intro = Підпишіться на це посилання у своєму календарі, і Ваші записи з’являться там та оновлюватимуться самі (Google Календар: Інші календарі → За URL-адресою; Календар Apple: Файл → Нова підписка на календар).
calendar-link-patient = <b>Ваші записи</b>
calendar-link-doctor = <b>Ваш розклад</b> (лише час і клініка, без імен пацієнтів)
calendar-private = Будь-хто з цим посиланням бачить цей час, тож нікому його не передавайте. 🔄 Оновлення вимикає старе посилання.
calendar-reset-done = ✅ Нове посилання створено: старе більше не працює.
calendar-unavailable = Посилання для календаря на цьому сервері недоступні.
calendar-nothing = Поки що нічого додавати до календаря: зареєструйтеся через /start і спершу запишіться на прийом.
button-calendar-reset-patient = 🔄 Оновити посилання на мої записи
button-calendar-reset-doctor = 🔄 Оновити посилання на мій розклад

## family

profile-family = 👨‍👩‍👧 Родина
family-title =
    👨‍👩‍👧 <b>Члени родини</b>
    Ви можете записувати, переносити й скасовувати візити для людей, яких додасте тут. Нагадування про їхні візити надходять вам, у цей чат.
family-none = Ви ще нікого не додали.
family-pick = Оберіть члена родини, щоб переглянути або змінити його дані:
family-add = ➕ Додати члена родини
family-add-child = ➕ Додати дитину
family-ask-name = Яке повне ім'я вашого члена родини?
family-ask-birth = { $name }: яка дата народження? Наприклад, <i>12.03.2019</i>.
family-ask-relation = { $name }: ким вам доводиться?
family-ask-allergies = { $name }: чи є алергії? Напишіть їх або натисніть «Пропустити».
family-relation-child = 👶 Дитина
family-relation-parent = 🧓 Батько або мати
family-relation-spouse = 💑 Партнер або партнерка
family-relation-sibling = 👫 Брат або сестра
family-relation-other = 👤 Інша особа
family-added = ✅ { $name }: додано до вашої родини.
family-member =
    <b>{ $name }</b>
    { $relation }
    🎂 { $birth }
    ⚠️ Алергії: { $allergies }
family-edit-name = ✏️ Ім'я
family-edit-birth = ✏️ Дата народження
family-edit-relation = ✏️ Ким доводиться
family-edit-allergies = ✏️ Алергії
family-ask-new-name = Надішліть повне ім'я ({ $name }) так, як має бути:
family-ask-new-birth = Надішліть дату народження ({ $name }), наприклад <i>12.03.2019</i>:
family-ask-new-allergies = Надішліть алергії ({ $name }) — дефіс <i>-</i>, якщо їх немає:
family-remove = 🗑 Прибрати з моєї родини
family-remove-ask =
    <b>{ $name }: прибрати з вашої родини?</b>
    { $count ->
        [0] Майбутніх візитів немає.
        [one] Майбутній візит ({ $name }) буде скасовано, а його час звільнено для інших; лікаря буде повідомлено.
        [few] { $count } майбутні візити ({ $name }) буде скасовано, а їхній час звільнено для інших; лікарів буде повідомлено.
        [many] { $count } майбутніх візитів ({ $name }) буде скасовано, а їхній час звільнено для інших; лікарів буде повідомлено.
       *[other] { $count } майбутніх візитів ({ $name }) буде скасовано, а їхній час звільнено для інших; лікарів буде повідомлено.
    }
    Дані ({ $name }) буде стерто з CareSlot. Клініка зберігає обов'язкові записи про минулі візити.
family-remove-yes = 🗑 Так, прибрати
family-keep = ⬅️ Залишити
family-removed =
    { $name }: прибрано з вашої родини. { $count ->
        [0] Майбутніх візитів для скасування не було.
        [one] Майбутній візит скасовано.
        [few] { $count } майбутні візити скасовано.
        [many] { $count } майбутніх візитів скасовано.
       *[other] { $count } майбутніх візитів скасовано.
    }
family-me = Я
whom-ask = <b>Для кого цей візит?</b>
whom-ask-pediatric =
    <b>Для кого цей візит?</b>
    Педіатр приймає дітей: спершу додайте дитину, і візит буде записано для неї.
whom-me = 🙋 Я ({ $name })
visit-for = 👤 Для: <b>{ $name }</b>
privacy-family = 👨‍👩‍👧 Члени родини ({ $count }): { $names } — їхні дані та візити теж є у файлі.
privacy-delete-family = { $count ->
        [one] Член родини видаляється разом з обліковим записом: його майбутні візити (враховані вище) скасовуються, а дані стираються; клініка зберігає обов'язкові записи про минулі візити.
        [few] { $count } члени родини видаляються разом з обліковим записом: їхні майбутні візити (враховані вище) скасовуються, а дані стираються; клініка зберігає обов'язкові записи про минулі візити.
        [many] { $count } членів родини видаляються разом з обліковим записом: їхні майбутні візити (враховані вище) скасовуються, а дані стираються; клініка зберігає обов'язкові записи про минулі візити.
       *[other] { $count } члена родини видаляються разом з обліковим записом: їхні майбутні візити (враховані вище) скасовуються, а дані стираються; клініка зберігає обов'язкові записи про минулі візити.
    }

## lists

# Лікар у списку з найближчим часом, на який можна записатися: $when з at(), $tz — zone-time.
list-next-free = • { $name } — найближчий вільний час: { $when } ({ $tz })
list-no-free = • { $name } — немає вільного часу { $horizon_days ->
        [one] на найближчий { $horizon_days } день
        [few] на найближчі { $horizon_days } дні
        [many] на найближчі { $horizon_days } днів
       *[other] на найближчі { $horizon_days } дня
    }
# Найближчий вільний час у картці лікаря (її $next_free).
card-next-free = { $when } ({ $tz })
card-no-free = немає { $horizon_days ->
        [one] на найближчий { $horizon_days } день
        [few] на найближчі { $horizon_days } дні
        [many] на найближчі { $horizon_days } днів
       *[other] на найближчі { $horizon_days } дня
    }

## notifications

command-patient-notifications = Мої сповіщення
notice-reminder =
    ⏰ <b>Нагадування</b>: Ваш прийом <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-reminder-for =
    ⏰ <b>Нагадування</b>: прийом для { $patient } <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-confirm = ✅ Я прийду
notice-call-to-change = Щоб змінити чи скасувати прийом зараз, зателефонуйте до клініки: { $phone }
notice-confirmed = ✅ Дякуємо! Ваш прийом у { $doctor } { $when } підтверджено.
notice-doctor-title = <b>Зміни у Вашому списку</b>
notice-line-doctor_booked = ➕ { $when } · { $patient } (новий запис)
notice-line-doctor_cancelled = ➖ { $when } · { $patient } (скасовано)
notice-line-doctor_moved = 🔁 { $patient }: перенесено з { $old } на { $when }
notice-label-reminder = ⏰ Нагадування · { $when }
notice-label-doctor_booked = ➕ Новий запис · { $when }
notice-label-doctor_cancelled = ➖ Скасовано · { $when }
notice-label-no_show = 🚫 Пропущений прийом · { $when }
notice-label-running_late = ⏳ Лікар запізнюється · { $when }
notice-label-morning_digest = ☀️ Ранковий список · { $when }
notice-list-title =
    <b>Ваші сповіщення</b> ({ $total } { $total ->
        [one] повідомлення
        [few] повідомлення
        [many] повідомлень
       *[other] повідомлення
    }, непрочитаних: { $unread })
notice-list-none = Сповіщень поки немає. Тут з'являтимуться нагадування про Ваші прийоми.
notice-read-all = ✔️ Позначити всі прочитаними
notice-back = ⬅️ Сповіщення
notice-open-visit = 📋 Відкрити запис
notice-about =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-sent = <i>Надіслано { $when }</i>

## doctor

doctor-no-profile = Ваш обліковий запис ще не повʼязаний із профілем лікаря. Попросіть адміністратора практики повʼязати його.
doctor-today-title = <b>📋 Сьогодні, { $day }</b>
doctor-agenda-title = <b>🗓 { $day }</b>
# $tz: повідомлення zone-time («час Лондона»).
doctor-day-clinic = 🏥 <b>{ $clinic }</b> ({ $tz })
doctor-day-off = У вас вихідний — прийомів немає.
doctor-day-empty = На цей день прийомів немає.
doctor-day-all-done = 🎉 Усе зроблено: усі прийоми дня закрито.
doctor-day-left =
    { $count ->
        [0] Більше нікого приймати не треба.
        [one] Ще { $count } прийом.
        [few] Ще { $count } прийоми.
        [many] Ще { $count } прийомів.
       *[other] Ще { $count } прийому.
    }
doctor-agenda-page = День { $page } з { $count } ({ DAY_MONTH($first) } – { DAY_MONTH($last) }).
doctor-agenda-ask = Який день чи дні? Наприклад <i>tomorrow</i> (завтра), <i>Friday</i> (пʼятниця), <i>next week</i> (наступний тиждень) або <i>12.05–16.05</i>.
doctor-age =
    { $age ->
        [one] { $age } рік
        [few] { $age } роки
        [many] { $age } років
       *[other] { $age } року
    }
doctor-first-visit = перший візит
doctor-returning = повторний візит
doctor-allergies-flag = ⚠️ алергії
doctor-mark-arrived = 🟡 Прийшов
doctor-mark-done = ✅ Прийнято
doctor-mark-no-show = ❌ Не прийшов
doctor-undo = ↩️ Скасувати дію
doctor-refresh = 🔄 Оновити
doctor-back-today = ⬅️ Список на сьогодні
doctor-back-agenda = ⬅️ Розклад
doctor-card-title = <b>Прийом { $when }</b>
doctor-card-patient =
    📱 Телефон: { $phone }
    🎂 Дата народження: { $birth }
    ⚠️ Алергії: { $allergies }
    🆘 Контакт для екстрених випадків: { $emergency }
doctor-card-record = <b>📝 Запис про цей прийом</b>
doctor-card-earlier =
    <b>{ $count ->
        [one] Попередній прийом у вас
        [few] Попередні прийоми у вас ({ $count })
        [many] Попередні прийоми у вас ({ $count })
       *[other] Попередні прийоми у вас ({ $count })
    }</b>
doctor-record-diagnosis = <b>Діагноз:</b> { $text }
doctor-record-prescription = <b>Призначення:</b> { $text }
doctor-record-notes = <b>Нотатки:</b> { $text }
doctor-record-corrected =
    <i>{ $count ->
        [one] Виправлено { $when }.
        [few] Виправлено { $count } рази, востаннє { $when }.
        [many] Виправлено { $count } разів, востаннє { $when }.
       *[other] Виправлено { $count } рази, востаннє { $when }.
    }</i>
doctor-record-write = 📝 Написати запис
doctor-record-edit = ✏️ Змінити запис
doctor-record-fix = ➕ Додати виправлення
doctor-record-ask-diagnosis = Напишіть <b>діагноз</b> (до { $limit } символів) або натисніть «Пропустити».
doctor-record-ask-prescription = Напишіть <b>призначення</b> (до { $limit } символів) або натисніть «Пропустити».
doctor-record-ask-notes = Напишіть <b>нотатки</b> (до { $limit } символів) або натисніть «Пропустити».
doctor-record-now = Зараз: <i>{ $text }</i>
doctor-record-keep = Залишити як є
doctor-record-cancel = ✖️ Скасувати, нічого не зберігати
doctor-record-saved = 📝 Запис про прийом збережено.
command-patient-records = Записи ваших прийомів
records-none = Записів про ваші прийоми ще немає. Лікар пише запис після прийому.
records-title-member =
    <b>📝 { $patient }: прийом у { $doctor }</b>, { $when }
    Запис { $page } з { $count }
records-title =
    <b>📝 Ваш прийом у { $doctor }</b>, { $when }
    Запис { $page } з { $count }
# Пацієнтові після пропущеного прийому; $when: у форматі WHEN.
doctor-no-show-notice = Ми чекали на вас на прийомі у <b>{ $doctor }</b> в { $clinic } { $when }. Якщо прийом ще потрібен, запишіться на новий час — це займе хвилину.
doctor-no-show-rebook = 📅 Записатися на новий час
doctor-late-button = ⏱ Запізнююся на { $minutes } хв
doctor-late-told =
    { $count ->
        [one] Про ваше запізнення повідомлено { $count } пацієнта, який ще чекає.
        [few] Про ваше запізнення повідомлено { $count } пацієнтів, які ще чекають.
        [many] Про ваше запізнення повідомлено { $count } пацієнтів, які ще чекають.
       *[other] Про ваше запізнення повідомлено { $count } пацієнта, які ще чекають.
    }
doctor-late-none = Нового нікого повідомляти: пацієнти, які ще чекають, уже знають, або жоден прийом більше не починається.
# Пацієнтові, який ще чекає; $when: у форматі WHEN.
doctor-late-notice = <b>{ $doctor }</b> ({ $clinic }) сьогодні запізнюється приблизно на { $minutes } хвилин. Ваш прийом { $when }, імовірно, почнеться трохи пізніше — переносити його не треба.

## Recurring visits
repeat-button = 🔁 Повторювати
repeat-how-often = 🔁 <b>Повторювати цей візит</b> — як часто?
repeat-every-1w = Щотижня
repeat-every-2w = Кожні 2 тижні
repeat-every-1m = Щомісяця
repeat-how-many = Скільки візитів загалом, разом із цим? Натисніть число або напишіть останній день, до якого повторювати (наприклад, «30.06»).
repeat-plan-title = <b>Ваші повторювані візити до { $doctor }</b> ({ $tz }). Поки що нічого не заброньовано:
repeat-line-ok = ✅ { $when }
repeat-line-instead = 🔄 { $when } (замість { $old })
repeat-line-skipped = ⏭ { $old } — пропущено
repeat-line-problem = ⚠️ { $old } — { $what }
repeat-why-taken = цей час уже зайнятий
repeat-why-not-offered = лікар не приймає в цей час того дня
repeat-why-full-day = того дня у лікаря немає вільних місць
repeat-why-horizon = на такий далекий термін ще не можна записатися
repeat-why-notice = надто рано, щоб записатися
repeat-why-busy = у Вас на цей час інший візит
repeat-take = { $when } натомість
repeat-skip = ⏭ Пропустити { $old }
repeat-choose = Для кожного візиту з ⚠️ оберіть запропонований час або пропустіть його; тоді можна буде записатися на всі.
repeat-too-few = У серії має бути щонайменше 2 візити: оберіть інший час для пропущеного або поверніться назад.
repeat-book = { $count ->
        [one] ✅ Записатися на { $count } візит
        [few] ✅ Записатися на всі { $count } візити
        [many] ✅ Записатися на всі { $count } візитів
       *[other] ✅ Записатися на всі { $count } візиту
    }
repeat-changed = Поки Ви дивилися, щось змінилося, тож нічого не заброньовано. Ось візити такими, як вони є зараз.
series-booked = { $count ->
        [one] ✅ <b>Записано!</b> { $count } візит до { $doctor }, { $clinic } ({ $tz }):
        [few] ✅ <b>Записано!</b> { $count } візити до { $doctor }, { $clinic } ({ $tz }):
        [many] ✅ <b>Записано!</b> { $count } візитів до { $doctor }, { $clinic } ({ $tz }):
       *[other] ✅ <b>Записано!</b> { $count } візиту до { $doctor }, { $clinic } ({ $tz }):
    }
series-cancel-following = ✖️ Скасувати цей і всі наступні
series-move-following = 🔁 Перенести цей і всі наступні
series-cancel-ask = { $count ->
        [one] Скасувати візит { $when }? Це останній візит серії.
        [few] Скасувати цей візит ({ $when }) і наступні візити серії — усього { $count } візити?
        [many] Скасувати цей візит ({ $when }) і наступні візити серії — усього { $count } візитів?
       *[other] Скасувати цей візит ({ $when }) і наступні візити серії — усього { $count } візиту?
    }
series-cancel-yes = { $count ->
        [one] ✖️ Так, скасувати
        [few] ✖️ Так, скасувати { $count } візити
        [many] ✖️ Так, скасувати { $count } візитів
       *[other] ✖️ Так, скасувати { $count } візиту
    }
series-cancelled = { $count ->
        [one] Скасовано { $count } візит, починаючи з { $when }. Цей час тепер вільний для інших.
        [few] Скасовано { $count } візити, починаючи з { $when }. Цей час тепер вільний для інших.
        [many] Скасовано { $count } візитів, починаючи з { $when }. Цей час тепер вільний для інших.
       *[other] Скасовано { $count } візиту, починаючи з { $when }. Цей час тепер вільний для інших.
    }
series-cancel-reason = Серію скасовано, починаючи з цього візиту
series-move-note = 🔁 Наступні візити серії переносяться на ту саму кількість днів, на той самий новий час.
series-moved = { $count ->
        [one] ✅ <b>Перенесено!</b> { $count } візит серії тепер:
        [few] ✅ <b>Перенесено!</b> { $count } візити серії тепер:
        [many] ✅ <b>Перенесено!</b> { $count } візитів серії тепер:
       *[other] ✅ <b>Перенесено!</b> { $count } візиту серії тепер:
    }
## робочі години (/hours) і відсутність (/off)
hours-title = <b>⏰ Ваші робочі години</b> у { $clinic } ({ $tz })
hours-day = { WEEKDAY($weekday) }: { $text }
hours-day-off = вихідний
hours-break = перерва { TIME($start) }–{ TIME($end) }
hours-upcoming = <b>З { DAY_MONTH($day) }:</b>
hours-ask = Щоб змінити їх, напишіть, наприклад, <i>пн 9-13, 14-18</i> (дві частини: між ними перерва), <i>ср вихідний</i>, <i>вт 10:00-16:30</i> або <i>пн-пт 9-17</i>.
hours-from-ask = З якої дати діють нові години? Напишіть дату або виберіть:
hours-from-tomorrow = Завтра, { DAY_MONTH($day) }
hours-confirm = <b>Нові робочі години з { DAY_MONTH($day) }</b> (попередні тижні зберігають старі):
hours-save = ✅ Зберегти нові години
hours-dont-save = ✖️ Залишити старі години
hours-kept = Нічого не змінено: Ваші робочі години залишилися як були.
hours-saved =
    ✅ Нові робочі години діють з { DAY_MONTH($day) }. { $closed ->
        [one] Закрито { $closed } вільний час поза ними
        [few] Закрито { $closed } вільні часи поза ними
        [many] Закрито { $closed } вільних часів поза ними
       *[other] Закрито { $closed } вільних часів поза ними
    }, { $created ->
        [one] відкрито { $created } новий час.
        [few] відкрито { $created } нові часи.
        [many] відкрито { $created } нових часів.
       *[other] відкрито { $created } нових часів.
    }
hours-outside = Ці заброньовані візити виходять за нові години. Залиште кожен або скасуйте його й запропонуйте пацієнтові найближчий вільний час:
hours-outside-line = • { $when } · { $patient }
hours-keep = ✅ Залишити { $when }
hours-cancel-offer = ↩️ Скасувати й запропонувати
hours-visit-kept = Залишено: візит і далі заброньований.
hours-visit-cancelled = Скасовано: пацієнтові запропоновано найближчий вільний час.
command-doctor-off = Відсутність
off-title = <b>🌴 Ваша відсутність</b>
off-line =
    • { $when } – { $until } ({ $count ->
        [one] закрито { $count } час
        [few] закрито { $count } часи
        [many] закрито { $count } часів
       *[other] закрито { $count } часів
    })
off-none = Відсутність не запланована.
off-remove = 🗑 Прибрати { $when }
off-ask = Щоб узяти відсутність, напишіть коли, наприклад, <i>завтра</i>, <i>24.12–02.01</i>, <i>пʼятниця після обіду</i> або <i>пʼятниця 14-18</i>.
off-plan = <b>Відсутність { $when } – { $until }</b> ({ $tz })
off-plan-visits =
    { $count ->
        [one] Цей візит буде скасовано, а пацієнтові запропоновано найближчий вільний час:
        [few] Ці { $count } візити буде скасовано, а кожному пацієнтові запропоновано найближчий вільний час:
        [many] Ці { $count } візитів буде скасовано, а кожному пацієнтові запропоновано найближчий вільний час:
       *[other] Ці { $count } візитів буде скасовано, а кожному пацієнтові запропоновано найближчий вільний час:
    }
off-plan-none = На цей час немає заброньованих візитів.
off-save = ✅ Узяти відсутність
off-dont-save = ✖️ Скасувати
off-cancelled = Нічого не змінено.
off-taken =
    ✅ Відсутність збережено: { $when } – { $until }. { $count ->
        [0] Жодного візиту це не зачепило.
        [one] Скасовано { $count } візит, пацієнта повідомлено.
        [few] Скасовано { $count } візити, пацієнтів повідомлено.
        [many] Скасовано { $count } візитів, пацієнтів повідомлено.
       *[other] Скасовано { $count } візитів, пацієнтів повідомлено.
    }
off-removed =
    🗑 Відсутність прибрано. { $count ->
        [one] { $count } час знову вільний.
        [few] { $count } часи знову вільні.
        [many] { $count } часів знову вільні.
       *[other] { $count } часів знову вільні.
    }
notice-label-cancelled_by_doctor = ↩️ Візит скасував лікар · { $when }
rebook-notice = На жаль, <b>{ $doctor }</b> не зможе прийняти Вас у { $clinic } { $when } ({ $tz }), тож цей візит скасовано. Виберіть інший час нижче: одне натискання — і його заброньовано.
rebook-notice-for = На жаль, <b>{ $doctor }</b> не зможе прийняти <b>{ $patient }</b> у { $clinic } { $when } ({ $tz }), тож цей візит скасовано. Виберіть інший час нижче: одне натискання — і його заброньовано.
rebook-none = Найближчим часом вільного часу немає; будь ласка, подивіться пізніше.
rebook-same-doctor = { $when }
rebook-other-doctor = { $when } · { $doctor }
rebook-book = 📅 Знайти інший час
rebook-booked = ✅ Заброньовано: { $when } ({ $tz }), <b>{ $doctor }</b>, { $clinic }.
rebook-already = Ви вже забронювали інший час замість того візиту: { $when } ({ $tz }), <b>{ $doctor }</b>, { $clinic }.
# --- список очікування ---
wait-button = 🔔 Повідомте, коли щось звільниться
wait-any-clinic = будь-яка клініка
wait-draft =
    🔔 <b>Повідомте, коли щось звільниться</b>
    До кого: { $what }
    Дати: { $first } – { $last }
    Час доби: { $part }
    Для кого: { $patient }

    Коли звільниться місце, що підходить, я запропоную його вам тут і притримаю для вас кілька хвилин. Щоб звузити дати, напишіть їх (наприклад, «до 20 березня» або «10.03 - 15.03»).
wait-part-any = будь-який час
wait-part-morning = ранок
wait-part-afternoon = день
wait-part-evening = вечір
wait-part-button-any = 🕐 Будь-коли
wait-part-button-morning = 🌅 Ранок
wait-part-button-afternoon = ☀️ День
wait-part-button-evening = 🌆 Вечір
wait-join = ✅ Стати в список очікування
wait-joined = 🔔 Ви в списку очікування: { $what }, { $first } – { $last } ({ $part }). Коли звільниться місце, я запропоную його вам тут. Переглянути чи вийти зі списку можна в /my.
wait-dates-unclear = Не вдалося прочитати ці дати. Напишіть один день («20 березня»), «до 20 березня» або два дні («10.03 - 15.03»).
notice-waitlist-offer =
    🔔 <b>Звільнилося місце</b> до { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    Я тримаю його для вас до { $end } ({ $minutes } хв). Берете?
notice-waitlist-offer-for =
    🔔 <b>Звільнилося місце для { $patient }</b> до { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    Я тримаю його для вас до { $end } ({ $minutes } хв). Берете?
notice-label-waitlist_offer = 🔔 Пропозиція зі списку очікування, { $when }
offer-book = ✅ Записатися
offer-decline = Ні, дякую
offer-declined = Гаразд: місце перейде до наступної людини в списку. Я й далі шукатиму для вас інший час.
my-waitlist-title = 🔔 <b>У списку очікування</b>
my-waitlist-line = { $what }: { $first } – { $last } ({ $part })
my-waitlist-line-for = { $patient } — { $what }: { $first } – { $last } ({ $part })
wait-leave = ✖️ Вийти: { $what }
wait-left = Ви вийшли зі списку очікування: { $what }.
wait-leave-button = ✖️ Вийти зі списку очікування
## Ранкове зведення (/digest, 🔔 у /today); $time: 07:30, $tz: часовий пояс клініки
doctor-digest-button = 🔔 Зведення
doctor-digest-intro = ☀️ <b>Доброго ранку!</b> Ваш день коротко:
doctor-digest-open = 📋 Відкрити список на сьогодні
digest-title = <b>🔔 Ранкове зведення</b>
digest-state-on = Щодня, коли є прийоми, я надсилаю Вам список дня о <b>{ $time }</b> ({ $tz }).
digest-state-off = Ранкове зведення вимкнено.
digest-hint = Оберіть час нижче або напишіть, наприклад, <i>/digest 07:15</i> чи <i>/digest off</i>.
digest-turn-off = 🔕 Вимкнути
digest-set = ✅ Готово: зведення надходитиме о { $time } ({ $tz }).
digest-set-off = ✅ Готово: ранкове зведення вимкнено.

## Мої пацієнти (/patients): пацієнти, закріплені за лікарем
patients-title = <b>👥 Мої пацієнти</b> ({ $count })
patients-none =
    <b>👥 Мої пацієнти</b>

    У Вас ще немає власних пацієнтів. У картці прийому натисніть ➕ Додати до моїх пацієнтів.
patients-found = <b>👥 Мої пацієнти за запитом «{ $query }»</b>: { $count }
patients-none-found = Жоден із Ваших пацієнтів не відповідає запиту «{ $query }».
patients-page = Сторінка { $page } з { $count }
patients-search = 🔎 Пошук
patients-all = 👥 Усі мої пацієнти
patients-search-ask = Напишіть ім'я пацієнта (або його частину).
patients-card-title = <b>👤 { $patient }</b>
patients-end = ➖ Завершити закріплення
patients-back = ⬅️ Мої пацієнти
patients-end-ask = Завершити закріплення пацієнта <b>{ $patient }</b>? Він зникне з Ваших пацієнтів; Ви й надалі бачитимете його, поки в нього є прийом у Вас.
patients-end-yes = ✅ Так, завершити
patients-ended = Закріплення завершено.
patients-add = ➕ Додати до моїх пацієнтів
patients-in-mine = ⭐ У моїх пацієнтах

## Адміністрування: запрошення, користувачі, журнал аудиту

menu-admin-users = 👥 Користувачі
menu-admin-invite = ✉️ Запросити
menu-admin-audit = 📜 Журнал аудиту
command-admin-users = Знайти обліковий запис
command-admin-invites = Відкриті запрошення
role-patient = пацієнт
role-doctor = лікар
role-staff = реєстратура
role-admin = адміністратор
invite-whom = Кого Ви хочете запросити?
invite-a-doctor = 👩‍⚕️ Лікаря
invite-a-staff-member = 🧑‍💼 Працівника реєстратури
invite-no-doctors = Усі активні лікарі вже мають облікові записи. Спершу додайте лікаря, потім запросіть його.
invite-no-clinics = Немає активної клініки, до якої можна запросити працівника реєстратури.
invite-pick-doctor = Для якого лікаря запрошення? (Лікарі без облікового запису.)
invite-pick-clinic = У якій клініці працюватиме новий працівник реєстратури?
invite-created =
    ✉️ <b>Запрошення готове</b> — { $role }: { $name }
    Надішліть це посилання лише цій людині; воно спрацює один раз, до { $when } ({ $tz }):
    { $text }
invites-none = Відкритих запрошень немає.
invites-title = <b>Відкриті запрошення</b> ({ $count }):
invites-line = { $count }. { $role }: { $name } — до { $when } ({ $tz })
invite-revoke = ✖️ Відкликати { $count }
invite-revoked = Запрошення відкликано: його посилання більше не працює.
invite-welcome = Вітаємо! Ваш обліковий запис тепер пов’язано з роллю «{ $role }». Ось Ваше меню:
user-active = активний
user-blocked = призупинений
users-ask = Введіть ім’я або номер телефону облікового запису, який Ви шукаєте.
users-none = Жоден обліковий запис не підходить. Спробуйте частину імені або повний номер телефону.
users-found = Знайдені облікові записи:
users-row = { $name } · { $role } · { $status }
user-card =
    👤 <b>{ $name }</b>
    📞 { $phone }
    Роль: { $role } · Стан: { $status }
user-card-doctor = 👩‍⚕️ Картка лікаря: { $doctor }
user-card-staff = 🏥 Картка працівника: { $clinic } · відділ { $field } · посада { $what } · { $status }
user-make = Зробити: { $role }
user-block = ⏸ Заблокувати
user-unblock = ▶️ Розблокувати
user-role-confirm = Змінити роль { $name } з «{ $status }» на «{ $role }»?
user-role-changed = ✅ Тепер роль: { $role }.
user-blocked-now = ⏸ Обліковий запис призупинено: він нічого не зможе робити, доки його не розблокують.
user-unblocked-now = ▶️ Обліковий запис знову активний.
audit-how = Фільтри: <code>user:"Ann Lee"</code>, <code>action:user.role</code>, <code>resource:user</code> і період, наприклад <code>last week</code> або <code>01.03–15.03</code>.
audit-empty = У журналі аудиту нічого не знайдено.
audit-no-more = Давніших записів немає.
audit-title = <b>Журнал аудиту</b>, спершу найновіші (час: { $tz })
audit-row = 🕘 { $when } · <b>{ $what }</b> · { $name } · { $text }
audit-system = система
audit-change =     { $field }: { $before } → { $after }
audit-change-value =     { $before } → { $after }
audit-detail =     { $field }: { $after }
audit-older = Давніші →

## The front desk: finding a patient, a new patient by phone (handlers/staff)

command-staff-newpatient = Новий пацієнт за телефоном
desk-find-ask = Введіть номер телефону пацієнта (у будь-якому форматі) або імʼя.
desk-find-again = Введіть інший номер або імʼя, щоб шукати знову.
desk-found = { $count ->
    [one] Знайдено { $count } пацієнта:
    [few] Знайдено { $count } пацієнти:
    [many] Знайдено { $count } пацієнтів:
   *[other] Знайдено { $count } пацієнта:
}
desk-nothing-found = Нікого не знайдено. Перевірте написання або номер чи додайте нового пацієнта.
desk-new-button = ➕ Новий пацієнт
desk-next-visit = наступний візит { $when } ({ $tz })
desk-no-next-visit = немає запланованих візитів
desk-unreachable = ⚠️ недоступний у чаті: зателефонуйте
desk-no-chat = без чату: зателефонуйте
desk-not-linked = ще не мав візитів у цій клініці
desk-card-title = <b>Пацієнт</b>
desk-emergency = 🆘 Контакт на випадок надзвичайної ситуації: { $emergency }
desk-upcoming = <b>Наступні візити тут</b>
desk-visit-line = { $when } ({ $tz }) · { $doctor }
desk-no-upcoming = Наступних візитів тут немає.
desk-new-name = Новий пацієнт: яке його повне імʼя?
desk-new-phone = Номер телефону (у національному форматі країни клініки або з кодом країни)?
desk-new-birth = Дата народження? Наприклад, <i>12.03.1985</i>.
desk-new-summary =
    <b>Новий пацієнт</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    Зберегти цього пацієнта?
desk-save = ✅ Зберегти
desk-drop = ✖️ Не зберігати
desk-new-dropped = Нічого не збережено.
desk-new-saved = Збережено: { $patient }. Коли ця людина напише боту й поділиться цим номером, її чат приєднається до цього запису.
desk-phone-taken = Цей номер уже належить пацієнту: { $patient }. Введіть інший номер або /stop.
desk-phone-taken-now = Цей номер щойно зареєстрував хтось інший. Нічого не збережено.
desk-open-card = 📇 Відкрити картку
registration-linked = Вітаємо, <b>{ $name }</b>! Клініка вже зареєструвала вас із цим номером, тож ваш чат тепер привʼязано до вашого запису: ваші візити — у /my.
share-to-link = Клініка зареєструвала цей номер. Поділіться ним кнопкою нижче, щоб привʼязати ваш чат до вашого запису.
board-title = <b>🏥 { $clinic } — { $day }</b>
board-empty = Сьогодні в цій клініці немає записаних візитів.
board-left =
    { $count ->
        [0] Сьогодні більше нікого приймати.
        [one] Залишився { $count } візит.
        [few] Залишилося { $count } візити.
        [many] Залишилося { $count } візитів.
       *[other] Залишилося { $count } візиту.
    }

## The front desk books, moves and cancels on a patient's behalf (handlers/staff/desk_*)

desk-book-button = 📅 Записати на прийом
desk-move-button = 🔁 Перенести { $when }
desk-cancel-button = ✖️ Скасувати { $when }
desk-book-doctor = Запис на прийом для <b>{ $name }</b>. До якого лікаря?
desk-book-no-doctor = Зараз жоден лікар цієї клініки не приймає записів, тож записати <b>{ $name }</b> не можна.
desk-booked-done = ✅ Записано <b>{ $patient }</b>: { $when } ({ $tz }), лікар { $doctor }. Якщо пацієнт має чат із ботом, він отримає повідомлення з файлом календаря; якщо ні, повідомте його телефоном.
desk-moved-done = ✅ Перенесено для <b>{ $patient }</b>: тепер { $when } ({ $tz }), лікар { $doctor }. Якщо пацієнт має чат із ботом, він отримає повідомлення з файлом календаря; якщо ні, повідомте його телефоном.
desk-cancel-ask = Скасувати візит <b>{ $patient }</b>: { $when } ({ $tz }), лікар { $doctor }?
desk-cancel-yes = ✅ Так, скасувати
desk-cancelled-done = Скасовано: візит <b>{ $patient }</b>, { $when } ({ $tz }), лікар { $doctor }. Цей час тепер вільний для інших.
notice-desk_booked =
    🏥 <b>Реєстратура записала вас на прийом</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Додайте його до свого календаря з файлу нижче. Я нагадаю перед візитом.
notice-desk_moved =
    🔁 <b>Реєстратура перенесла ваш візит.</b> Тепер він:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Файл нижче оновить його у вашому календарі.
notice-desk_cancelled = ✖️ <b>Реєстратура скасувала ваш візит</b> { $when } ({ $tz }), лікар { $doctor }, { $clinic }. Файл нижче прибере його з вашого календаря.
notice-label-desk_booked = 🏥 Запис від реєстратури · { $when }
notice-label-desk_moved = 🔁 Перенесено реєстратурою · { $when }
notice-label-desk_cancelled = ✖️ Скасовано реєстратурою · { $when }

## Slots (/slots): generating slots on demand and closing one; a staff record's edit on
## /users; a family member found at the front desk

command-staff-slots = Створити або закрити слоти
command-admin-slots = Створити або закрити слоти
slots-no-clinics = Немає жодної активної клініки.
slots-clinics = Слоти якої клініки?
slots-clinic =
    <b>Слоти · { $clinic }</b>
    Створіть слоти за тижневим розкладом для всієї клініки або для одного лікаря, чи закрийте один слот.
slots-clinic-no-doctors =
    <b>Слоти · { $clinic }</b>
    У цій клініці ще немає активних лікарів.
slots-generate-clinic = ⚙️ Створити: уся клініка
slots-generate-doctor = ⚙️ Створити: { $doctor }
slots-close-doctor = 🚫 Закрити слот: { $doctor }
slots-range-ask = На які дні створити слоти для <b>{ $name }</b>? Наприклад, <i>наступного тижня</i> або <i>1.02–28.02</i>, не далі ніж на { $horizon_days } { $horizon_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    } наперед.
slots-generated = { $created ->
    [0] Нових слотів немає: слоти { $name } з { DAY_MONTH($first) } по { DAY_MONTH($last) } уже існують.
    [one] ✅ { $created } новий слот для <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
    [few] ✅ { $created } нові слоти для <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
    [many] ✅ { $created } нових слотів для <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
   *[other] ✅ { $created } нового слота для <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
}
slots-no-days = У <b>{ $doctor }</b> немає відкритих слотів найближчим часом.
slots-pick-day = Закрити слот <b>{ $doctor }</b>: який день?
slots-pick-slot = <b>{ $doctor }</b>: який слот? Пацієнтів заброньованого слота буде повідомлено.
slots-no-slots = У <b>{ $doctor }</b> цього дня більше немає відкритих слотів.
slots-back-to-days = ⬅️ Інші дні
slots-slot-booked = { $time } · заброньовано
slots-slot-free = { $time } · вільно
slots-close-ask = Закрити слот <b>{ $doctor }</b> на { $when } ({ $tz })? { $count ->
    [0] На нього ніхто не записаний.
    [one] Записаного пацієнта буде повідомлено й запропоновано найближчий вільний час.
    [few] { $count } записаних пацієнтів буде повідомлено й запропоновано найближчий вільний час.
    [many] { $count } записаних пацієнтів буде повідомлено й запропоновано найближчий вільний час.
   *[other] { $count } записаного пацієнта буде повідомлено й запропоновано найближчий вільний час.
}
slots-close-yes = 🚫 Закрити слот
slots-close-no = ✖️ Залишити відкритим
slots-closed = 🚫 Слот <b>{ $doctor }</b> на { $when } ({ $tz }) закрито. { $count ->
    [0] На нього не було записів.
    [one] Скасовано { $count } візит: пацієнта повідомлено й запропоновано інший час.
    [few] Скасовано { $count } візити: кожного пацієнта повідомлено й запропоновано інший час.
    [many] Скасовано { $count } візитів: кожного пацієнта повідомлено й запропоновано інший час.
   *[other] Скасовано { $count } візиту: кожного пацієнта повідомлено й запропоновано інший час.
}
slots-left-open = Слот на { $when } залишається відкритим.
user-staff-department = ✏️ Відділ
user-staff-position = ✏️ Посада
user-staff-status = Статус працівника: { $status }
staff-status-active = працює
staff-status-inactive = неактивний
staff-status-on_leave = у відпустці
staff-ask-department = Напишіть новий відділ для <b>{ $name }</b> (не більше { $limit } символів).
staff-ask-position = Напишіть нову посаду для <b>{ $name }</b> (не більше { $limit } символів).
staff-record-saved = ✅ Картку працівника оновлено.
desk-family-member = 👪 член родини { $name }

## Reports (/report: the summary, the pickers, the chart and the CSV)

menu-staff-report = 📊 Звіти
command-staff-report = Звіт клініки
report-pick-clinic = 📊 Звіт якої клініки?
report-pick-period = 📊 <b>{ $clinic }</b>: за який період? Оберіть або напишіть: “минулий місяць”, “К3”, “цей рік”, “2026”, 12.05–16.05.
report-period-this-week = Цей тиждень
report-period-last-month = Минулий місяць
report-period-this-quarter = Цей квартал
report-no-clinics = Поки що немає жодної клініки для звіту.
report-title = 📊 <b>{ $clinic }</b>, { SHORT_DATE($first) } – { SHORT_DATE($last) }
report-empty = У цьому періоді немає ні записів, ні запропонованого часу.
report-totals = Записів: { $total }, скасовано: { $count }
report-cancel-reasons = Причини скасування: { $text }
report-cancelled-by = Хто скасував: { $text }
report-no-shows = Неявки: { $count } ({ $text } від нескасованих візитів)
report-utilisation = Завантаженість: { $text } (заброньовано { $hours } год із { $total } год запропонованих)
report-lead-time = Запис заздалегідь (днів): медіана { $text }, 90 % — не більше { $what }
report-busiest = Найзавантаженіші години: { $text }
report-doctors = <b>За лікарями</b> (записи · неявки · завантаженість)
report-doctor-line = { $doctor }: { $total } · { $count } ({ $text }) · { $what }
report-doctors-more = Інші лікарі, у CSV: { $count }
report-csv-caption = { $clinic }, { SHORT_DATE($first) } – { SHORT_DATE($last) }: рядок на кожен запис, без даних пацієнтів (CSV).
report-files-failed = Не вдалося надіслати графік або CSV. Спробуйте ще раз.
report-chart-title = Записи за днями — { $clinic }
report-chart-day = День
report-chart-bookings = Записи
report-reason-none = без причини
report-reason-feeling_better = почувається краще
report-reason-cant_make_it = не може прийти
report-reason-booked_another_time = записався на інший час
report-reason-series_cancelled = серію скасовано
report-reason-rescheduled = перенесено
report-reason-time_off = відсутність лікаря
report-reason-hours_changed = змінено години роботи
report-reason-slot_closed = слот закрито
report-reason-doctor_inactive = лікар більше не працює в клініці
report-reason-front_desk = скасовано в реєстратурі
report-reason-account_deleted = акаунт видалено
report-reason-family_member_removed = члена родини видалено
report-reason-other = інше
report-by-patient = пацієнт
report-by-doctor = лікар
report-by-staff = реєстратура
report-by-admin = адміністратор
report-by-system = CareSlot


## The admin's clinics and doctors (/clinics, /doctors)

clinics-title = <b>Клініки</b> (⏸ позначає неактивну). Відкрийте клініку, щоб побачити й змінити її налаштування.
clinics-none = Клінік ще немає.
clinic-row = 🏥 { $name } · { $city }
clinic-row-inactive = ⏸ { $name } · { $city } (неактивна)
clinic-add = ➕ Додати клініку
clinic-no-reminders = немає
clinic-reminder = { DURATION($minutes) }
clinic-card-head = 🏥 <b>{ $name }</b> · { $status }
clinic-active = активна
clinic-inactive = неактивна
clinic-card-address = Адреса: { $address }, { $city }
clinic-card-contact = Телефон: { $phone } · Ел. пошта: { $text }
clinic-card-zone = Часовий пояс: { $zone }
clinic-card-notice = Мінімальний час до запису: { DURATION($minutes) }
clinic-card-horizon = Горизонт запису: { $horizon_days ->
        [one] { $horizon_days } день
        [few] { $horizon_days } дні
        [many] { $horizon_days } днів
       *[other] { $horizon_days } дня
    }
clinic-card-cancel = Скасування не пізніше ніж за: { DURATION($minutes) }
clinic-card-reminders = Нагадування до візиту: { $text }
clinic-card-locked = ⚠️ Час для скасування довший за мінімальний час до запису: візит, записаний менш ніж за { DURATION($minutes) }, не можна змінити в чаті (підсумок запису попереджає пацієнта).
clinic-deactivate = ⏸ Деактивувати
clinic-reactivate = ▶️ Активувати знову
clinic-edit = ✏️ Змінити
clinic-field-name = Назва
clinic-field-address = Адреса
clinic-field-city = Місто
clinic-field-phone = Телефон
clinic-field-email = Ел. пошта
clinic-field-timezone = Часовий пояс
clinic-field-notice = Мінімальний час до запису
clinic-field-horizon = Горизонт запису
clinic-field-cancel = Час для скасування
clinic-field-reminders = Нагадування
clinic-pick-field = Яке налаштування клініки <b>{ $name }</b> ви хочете змінити?
clinic-ask-name = Введіть нову назву клініки <b>{ $name }</b>.
clinic-ask-address = Введіть адресу клініки <b>{ $name }</b> (без міста).
clinic-ask-city = Введіть місто клініки <b>{ $name }</b>.
clinic-ask-phone = Введіть телефон клініки <b>{ $name }</b> так, як його набирають у її країні, або з + і кодом країни.
clinic-ask-email = Введіть адресу ел. пошти клініки <b>{ $name }</b>.
clinic-ask-timezone = Введіть часовий пояс клініки <b>{ $name }</b> як назву IANA, наприклад Europe/Kyiv або Europe/London.
clinic-ask-notice = Введіть мінімальний час до запису в <b>{ $name }</b> у хвилинах (60 — це година): за скільки до візиту ще можна записатися.
clinic-ask-horizon = Введіть горизонт запису клініки <b>{ $name }</b> у днях (від 1 до 365): на скільки наперед пацієнти можуть записуватися.
clinic-ask-cancel = Введіть час для скасування в <b>{ $name }</b> у хвилинах (240 — це чотири години): до якого моменту перед візитом пацієнти можуть скасувати або перенести його в чаті.
clinic-ask-reminders = Введіть, коли надходять нагадування клініки <b>{ $name }</b>, у хвилинах до візиту, через кому (не більше чотирьох, наприклад 1440, 120), або 0, щоб їх не було.
clinic-off-effect = Деактивувати <b>{ $name }</b>? { $count ->
        [one] У неї { $count } майбутній візит: він лишається записаним
        [few] У неї { $count } майбутні візити: вони лишаються записаними
        [many] У неї { $count } майбутніх візитів: вони лишаються записаними
       *[other] У неї { $count } майбутнього візиту: вони лишаються записаними
    } (пацієнти ще можуть їх скасувати, реєстратура й лікарі їх бачать). Клініка та { $total ->
        [one] її { $total } активний лікар
        [few] її { $total } активні лікарі
        [many] її { $total } активних лікарів
       *[other] її { $total } активного лікаря
    } зникають із пошуку й не приймають нових записів.
clinic-off-confirm = ✅ Так, деактивувати
clinic-on-effect = Активувати <b>{ $name }</b> знову? Клініка повертається в пошук і знову приймає записи; активних лікарів: { $total }.
clinic-on-confirm = ✅ Так, активувати
clinic-new-name = ➕ Нова клініка, крок 1 з 5: яка назва нової клініки?
clinic-new-address = Крок 2 з 5: її адреса (без міста)?
clinic-new-city = Крок 3 з 5: її місто?
clinic-new-zone = Крок 4 з 5: її часовий пояс як назва IANA, наприклад Europe/Kyiv або Europe/London?
clinic-new-phone = Крок 5 з 5: її телефон так, як його набирають у її країні, або з + і кодом країни? Або пропустіть.
clinic-skip = Пропустити
clinic-new-summary = Зберегти цю клініку?
    <b>{ $name }</b>
    { $address }, { $city }
    Часовий пояс: { $zone }
    Телефон: { $phone }
    Запис відкрито щонайменше за 1 годину й на 60 днів наперед, скасування — не пізніше ніж за 4 години, нагадування — за день і за 2 години: змініть це в картці клініки.
clinic-new-dropped = Клініку не збережено.
clinic-new-saved = ✅ Клініку { $name } збережено.
clinic-saved-field = ✅ { $field }: збережено.
clinic-now-active = ▶️ Клініка знову активна: вона є в пошуку й приймає записи.
clinic-now-inactive = ⏸ Клініка тепер неактивна: її записані візити лишаються, нових записів вона не приймає.
doctors-clinic-row = 🏥 { $name }
doctors-pick-clinic = <b>Лікарі</b>: якої клініки?
doctor-row = { $name } · { $specialty }
doctor-row-inactive = ⏸ { $name } · { $specialty } (неактивний)
doctor-add = ➕ Додати лікаря
doctors-title = <b>Лікарі клініки { $clinic }</b> (⏸ позначає неактивного):
doctors-none = У клініці { $clinic } ще немає лікарів.
doctor-admin-head = 👩‍⚕️ <b>{ $name }</b> · { $status }
doctor-admin-where = { $clinic } · { $specialty }
doctor-admin-license = Номер ліцензії: { $license_number }
doctor-admin-quals = Кваліфікація: { $text } · стаж { $years } { $years ->
        [one] рік
        [few] роки
        [many] років
       *[other] року
    }
doctor-admin-visits = Тривалість візиту: { $minutes } хв · не більше { $count } { $count ->
        [one] пацієнта
        [few] пацієнтів
        [many] пацієнтів
       *[other] пацієнта
    } на день
doctor-admin-linked = Обліковий запис Telegram привʼязано.
doctor-admin-unlinked = Обліковий запис Telegram ще не привʼязано: /invite надсилає лікарю посилання.
doctor-field-name = Імʼя
doctor-field-license = Номер ліцензії
doctor-field-spec = Спеціальність
doctor-field-quals = Кваліфікація
doctor-field-years = Стаж
doctor-field-visit = Тривалість візиту
doctor-field-max = Пацієнтів на день
doctor-pick-field = Що у профілі <b>{ $name }</b> ви хочете змінити?
doctor-ask-name = Введіть повне імʼя для <b>{ $name }</b>.
doctor-ask-license = Введіть номер ліцензії для <b>{ $name }</b>.
doctor-ask-spec = Яка спеціальність у <b>{ $name }</b>? (✓ позначає поточну; нову спеціальність додають у ➕ Додати лікаря.)
doctor-ask-quals = Введіть кваліфікацію для <b>{ $name }</b>.
doctor-ask-years = Введіть стаж для <b>{ $name }</b> у роках (від 0 до 80).
doctor-ask-visit = Введіть тривалість візиту для <b>{ $name }</b> у хвилинах (від 5 до 480). Її отримають нові слоти; уже створені зберігають свою.
doctor-ask-max = Введіть, скільки пацієнтів на день щонайбільше приймає <b>{ $name }</b> (від 1 до 200).
doctor-off-visits = Деактивувати <b>{ $name }</b>? { $count ->
        [one] Буде скасовано цей майбутній візит
        [few] Буде скасовано ці { $count } майбутні візити
        [many] Буде скасовано ці { $count } майбутніх візитів
       *[other] Буде скасовано ці { $count } майбутнього візиту
    }, і кожному пацієнту буде запропоновано найближчий вільний час:
doctor-off-visit = • { $time } — { $patient }
doctor-off-more = … і ще { $count }.
doctor-off-none = Деактивувати <b>{ $name }</b>? Майбутніх візитів немає. Лікар зникає з пошуку й не приймає нових записів.
doctor-on-effect = Активувати <b>{ $name }</b> знову? Лікар повертається в пошук, а слоти знову створюються з його робочих годин.
doctor-new-name = ➕ Новий лікар: яке його повне імʼя?
doctor-new-clinic = У якій клініці він працює?
doctor-new-pick-specialty = Його спеціальність?
doctor-new-specialty = ➕ Нова спеціальність
doctor-new-specialty-name = Введіть назву нової спеціальності.
doctor-new-license = Його номер ліцензії?
doctor-new-visit = Скільки триває один його візит, у хвилинах (від 5 до 480)?
doctor-new-max = Скільки пацієнтів на день щонайбільше (від 1 до 200)?
doctor-new-summary = Зберегти цього лікаря?
    <b>{ $name }</b>
    { $clinic } · { $specialty }
    Номер ліцензії: { $license_number }
    Візити по { $minutes } хв, не більше { $count } { $count ->
        [one] пацієнта
        [few] пацієнтів
        [many] пацієнтів
       *[other] пацієнта
    } на день
doctor-new-saved = ✅ { $name }: збережено. Далі — тижневі робочі години (/hours лікаря); /invite привʼязує його обліковий запис Telegram.
doctor-new-dropped = Лікаря не збережено.
doctor-now-active = ▶️ Лікар знову активний.
doctor-now-inactive = ⏸ Лікар тепер неактивний; { $count ->
        [one] скасовано { $count } візит
        [few] скасовано { $count } візити
        [many] скасовано { $count } візитів
       *[other] скасовано { $count } візиту
    }, і кожному пацієнту запропоновано інший час.

## Адмін: тижневі години лікаря з його картки (/doctors → лікар → ⏰ Робочі години)
admin-hours-title = <b>⏰ Робочі години: { $name }</b> у { $clinic } ({ $tz })
admin-hours-kept = Нічого не змінено: робочі години лікаря залишилися як були.
admin-hours-saved =
    ✅ Нові робочі години лікаря діють з { DAY_MONTH($day) }. { $closed ->
        [one] Закрито { $closed } вільний час поза ними
        [few] Закрито { $closed } вільні часи поза ними
        [many] Закрито { $closed } вільних часів поза ними
       *[other] Закрито { $closed } вільних часів поза ними
    }, { $created ->
        [one] відкрито { $created } новий час.
        [few] відкрито { $created } нові часи.
        [many] відкрито { $created } нових часів.
       *[other] відкрито { $created } нових часів.
    }
admin-hours-outside = Ці заброньовані візити виходять за нові години лікаря. Залиште кожен або скасуйте його й запропонуйте пацієнтові найближчий вільний час:

## An admin's clinic day (/day without a clinic: the picker; handlers/staff/board.py)

board-pick-clinic = День якої клініки показати?
board-no-clinics = Немає жодної активної клініки, тож показати день клініки неможливо.
command-admin-day = День клініки

## desk link by birth date
desk-link-ask-new = Цей номер уже належить пацієнту: { $patient }. Ця клініка ще не знає його: запитайте дату народження й введіть її тут (наприклад, <i>12.03.1985</i>). Якщо вона збігається, тут відкриється картка пацієнта.
desk-link-ask = { $patient }
    Ця клініка ще не знає цього пацієнта: запитайте дату народження й введіть її тут (наприклад, <i>12.03.1985</i>). Якщо вона збігається, тут відкриється картка пацієнта.
desk-link-mismatch = Ця дата народження не збігається з датою пацієнта з цим номером. { $count ->
        [one] Залишилася { $count } спроба: введіть її ще раз або ⬅️ Назад.
        [few] Залишилося { $count } спроби: введіть її ще раз або ⬅️ Назад.
        [many] Залишилося { $count } спроб: введіть її ще раз або ⬅️ Назад.
       *[other] Залишилося { $count } спроби: введіть її ще раз або ⬅️ Назад.
    }
desk-link-stopped = Три дати народження не збіглися з датою пацієнта з цим номером, тож я зупинився: сьогодні спроб для цього пацієнта тут більше немає. Перевірте, з ким ви говорите (документ, номер, з яким пацієнт реєструвався), або зверніться до адміністратора.
desk-link-button = 🎂 Підтвердити дату народження · { $name }

## desk specialty step (the desk's doctor choice by specialty, a doctor's name typed; /day <clinic>)

desk-book-specialty = Запис на прийом для <b>{ $name }</b>. Яка спеціальність?
desk-book-type-name = Або введіть ім'я лікаря.
desk-book-specialty-doctors = { $specialty }: до якого лікаря записати <b>{ $name }</b>?
desk-book-named = Лікарі цієї клініки, чиє ім'я схоже на «{ $query }», для <b>{ $name }</b>:
desk-book-name-none = У цій клініці немає лікаря з ім'ям, схожим на «{ $query }». Перевірте написання або оберіть нижче.
board-clinic-unknown = Немає активної клініки з назвою «{ $query }».
board-clinic-several = Назві «{ $query }» відповідає більше ніж одна клініка.

## doctor clinic move
doctor-move-button = 🏥 Клініка
doctor-move-pick = До якої клініки перевести <b>{ $name }</b>? Зараз лікар працює в { $clinic }.
doctor-move-nowhere = Немає іншої активної клініки, до якої можна перевести <b>{ $name }</b> (лікар працює в { $clinic }).
doctor-move-title = Перевести <b>{ $name }</b> з { $before } до { $after }?
doctor-move-effect = У лікаря немає записаних візитів наперед у { $before }. { $count ->
        [one] Буде прибрано { $count } вільний час наперед там
        [few] Буде прибрано { $count } вільні часи наперед там
        [many] Буде прибрано { $count } вільних часів наперед там
       *[other] Буде прибрано { $count } вільного часу наперед там
    }, а тижневі години лікаря відкриються як нові часи в { $after } (часовий пояс: { $zone }) на { $horizon_days ->
        [one] { $horizon_days } день
        [few] { $horizon_days } дні
        [many] { $horizon_days } днів
       *[other] { $horizon_days } дня
    } наперед. Пацієнти, які чекають на цього лікаря, чекають і далі й отримають пропозиції нових часів.
doctor-move-confirm = ✅ Так, перевести
doctor-moved = 🏥 Лікар тепер працює в { $clinic }: { $count ->
        [one] прибрано { $count } вільний час у попередній клініці
        [few] прибрано { $count } вільні часи в попередній клініці
        [many] прибрано { $count } вільних часів у попередній клініці
       *[other] прибрано { $count } вільного часу в попередній клініці
    }, { $created ->
        [one] відкрито { $created } новий час.
        [few] відкрито { $created } нові часи.
        [many] відкрито { $created } нових часів.
       *[other] відкрито { $created } нового часу.
    }
clinic-field-state = Область / штат
clinic-field-zip = Поштовий індекс
clinic-ask-state = Введіть область або штат клініки <b>{ $name }</b>.
clinic-ask-zip = Введіть поштовий індекс клініки <b>{ $name }</b>.
clinic-card-state = Область / штат: { $text }
clinic-card-zip = Поштовий індекс: { $text }
