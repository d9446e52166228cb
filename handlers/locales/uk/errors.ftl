# Що кажуть відмови сервісного рівня: error-<код>, простий текст без HTML-тегів.

## Загальне речення кожного класу помилок

error-not-done = Не вдалося це виконати.
error-not-found = Цього запису більше не існує.
error-not-allowed = У Вас немає дозволу на цю дію.
error-invalid-input = Це значення недійсне.
error-conflict = Це суперечить тому, що вже існує.
error-slot-taken = Цей час щойно зайняли.
error-slot-overlap = Цей час перетинається з іншим інтервалом прийому лікаря.
error-patient-busy = У Вас уже є запис на цей час.
error-booking-window-closed = На цей час уже неможливо записатися.
error-too-late = Скасувати цей візит через бот уже запізно.
error-daily-limit-reached = На цей день у лікаря вже немає вільних місць.

## Запис

error-reason-too-long =
    Будь ласка, скоротіть причину до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    } (зараз { $length }).
error-time-passed = Цей час уже минув. Будь ласка, оберіть інший.
error-booking-notice = Мінімальний час між записом і візитом у клініці «{ $clinic }» — { DURATION($notice_minutes) }. Будь ласка, оберіть пізніший час.
error-beyond-booking-horizon =
    Клініка «{ $clinic }» приймає записи не більше ніж на { $horizon_days } { $horizon_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    } наперед.
error-doctor-fully-booked = { $doctor }: на цей день усі місця зайняті.
error-slot-not-offered = Цей час більше недоступний.
error-appointment-not-found = Цього запису більше не існує.
error-appointment-not-yours = Це не Ваш запис.
error-appointment-not-active = Цей запис уже неактивний.
error-same-time = Ви вже записані саме на цей час. Будь ласка, оберіть інший.
error-too-late-to-cancel =
    Скасувати цей візит через бот уже запізно: мінімальний термін попередження в клініці «{ $clinic }» — { DURATION($notice_minutes) }. { $phone ->
        [none] Будь ласка, зателефонуйте до клініки.
       *[other] Будь ласка, зателефонуйте до клініки: { $phone }.
    }
error-too-late-to-move =
    Перенести цей візит через бот уже запізно: мінімальний термін попередження в клініці «{ $clinic }» — { DURATION($notice_minutes) }. { $phone ->
        [none] Будь ласка, зателефонуйте до клініки.
       *[other] Будь ласка, зателефонуйте до клініки: { $phone }.
    }
error-too-late-to-change =
    Змінити цей візит через бот уже запізно: мінімальний термін попередження в клініці «{ $clinic }» — { DURATION($notice_minutes) }. { $phone ->
        [none] Будь ласка, зателефонуйте до клініки.
       *[other] Будь ласка, зателефонуйте до клініки: { $phone }.
    }
error-doctor-not-chosen = Спершу оберіть лікаря.

## Клініки, спеціальності, лікарі

error-clinic-name-taken = Клініка з назвою «{ $name }» уже існує.
error-clinic-not-found = Такої клініки не існує.
error-specialty-name-length =
    Назва спеціальності має містити від { $min } до { $max } { $max ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
error-specialty-exists = Спеціальність «{ $name }» уже існує.
error-specialty-not-found = Такої спеціальності не існує.
error-doctor-not-found = Такого лікаря не знайдено.
error-license-number-taken = Лікар із номером ліцензії { $license_number } уже зареєстрований.

## Дні, введені текстом (розпізнаються дати на кшталт 12.05 та англійські слова)

error-date-too-long = Це задовго для дати. Будь ласка, надішліть лише день, наприклад «завтра», «у пʼятницю» або 12.05.
error-date-unclear = Не вдалося зрозуміти цю дату. Спробуйте «завтра», «у пʼятницю» або 12.05.
error-date-passed = Цей день ({ DAY($day, $today) }) уже минув. Будь ласка, оберіть сьогоднішній або пізніший день.
error-date-beyond-horizon =
    Записати можна не більше ніж на { $horizon_days } { $horizon_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    } наперед, тобто до { DAY_MONTH($last, $today) }. Будь ласка, оберіть раніший день.
error-weekday-mismatch = { DAY_MONTH($day, $today) } — це { WEEKDAY($day) }, а не { WEEKDAY($weekday) }. Будь ласка, надішліть день ще раз.
error-no-such-day = Дати { $day_of_month } { MONTH($month) } не існує. Будь ласка, перевірте день і місяць, наприклад 30.04 — це 30 квітня.
error-no-such-month = Я читаю дати як день.місяць — такого місяця не існує. Надішліть, наприклад, 12.05 для 12 травня.

## Номери телефонів, імена, дати народження, профіль, ролі

error-bad-phone = Це не схоже на номер телефону. Будь ласка, надішліть його з кодом країни, наприклад +44 7700 900123.
error-phone-extension = Я не можу зберегти номер із внутрішнім (додатковим) номером. Будь ласка, надішліть номер, за яким до Вас можна додзвонитися напряму, без внутрішнього, наприклад +44 7700 900123.
error-name-too-short =
    Будь ласка, надішліть повне імʼя (щонайменше { $min } { $min ->
        [one] літера
        [few] літери
        [many] літер
       *[other] літери
    }).
error-name-too-long =
    Це імʼя задовге; будь ласка, скоротіть його до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
error-birth-date-missing = Будь ласка, надішліть дату народження, наприклад 12.03.1985.
error-birth-date-no-year = Не вдалося прочитати цю дату; додайте рік, наприклад 12.03.1985.
error-birth-date-unreadable = Не вдалося прочитати цю дату. Надішліть її у форматі день.місяць.рік, наприклад 12.03.1985.
error-birth-date-in-future = Ця дата ще не настала; будь ласка, надішліть дату народження.
error-birth-date-ambiguous = Ви мали на увазі { FULL_DATE($day_first) } чи { FULL_DATE($month_first) }? Надішліть дату у форматі день.місяць.рік, наприклад 12.03.1985.
error-birth-date-too-old =
    Ця дата була понад { $years } { $years ->
        [one] рік
        [few] роки
        [many] років
       *[other] року
    } тому; будь ласка, перевірте рік.
error-profile-not-found = Ваш профіль не знайдено; надішліть /start, щоб зареєструватися.
error-account-not-patient = Це службовий обліковий запис (лікаря, реєстратури чи адміністратора); ним керує адміністратор закладу.
error-unknown-language = Ця мова недоступна.
error-profile-field-not-editable = Цю частину профілю тут змінити не можна.
error-profile-text-too-long =
    Будь ласка, скоротіть текст до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
error-emergency-contact-too-long =
    Будь ласка, скоротіть контакт для екстрених випадків до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
error-unknown-role = Доступні ролі: { $roles }.
error-user-not-found = Такого користувача не існує.

## Пошук лікаря

error-search-too-long =
    Запит задовгий. Будь ласка, введіть прізвище лікаря, спеціальність або клініку — до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }, наприклад «дерматолог» або «Шевченко».

## Години прийому та відсутність

error-hours-with-time-zone = Години прийому задаються за місцевим часом клініки; вкажіть їх без часового поясу.
error-hours-whole-minutes = Години прийому задаються з точністю до хвилини.
error-weekday-out-of-range = День тижня має бути від 0 (понеділок) до 6 (неділя).
error-hours-end-before-start = Години прийому мають закінчуватися пізніше, ніж починаються (вказано { $start }–{ $end }).
error-break-end-before-start = Перерва має закінчуватися пізніше, ніж починається (вказано { $start }–{ $end }).
error-break-outside-hours = Перерва { $break_start }–{ $break_end } має бути в межах годин прийому { $start }–{ $end }.
error-breaks-overlap = Перерви { $first_start }–{ $first_end } і { $second_start }–{ $second_end } перетинаються; будь ласка, обʼєднайте їх в одну.
error-hours-overlap = Ці години перетинаються з іншими годинами прийому ({ WEEKDAY($weekday) }, { $start }–{ $end }); спершу змініть або видаліть ті години.
error-hours-not-found = Ці години прийому не знайдено.
error-hours-removed = Ці години прийому видалено; будь ласка, задайте їх знову.
error-time-off-end-before-start = Відсутність має закінчуватися пізніше, ніж починається.
error-time-off-over = Цей період відсутності вже минув; будь ласка, оберіть час у майбутньому.
error-time-off-too-long = Відсутність може тривати щонайбільше рік; будь ласка, розділіть її на коротші періоди.
error-time-off-reason-too-long =
    Будь ласка, скоротіть причину до { $limit } { $limit ->
        [one] символу
        [few] символів
        [many] символів
       *[other] символу
    }.
error-time-off-not-found = Цей період відсутності не знайдено.

## Інтервали прийому

error-range-reversed = Останній день не може бути раніше за перший.
error-range-too-long =
    Оберіть період не довший за { $max_days } { $max_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    }.
error-unknown-time-zone = Часовий пояс клініки «{ $zone }» невідомий; виправте його в налаштуваннях клініки.
error-new-slots-overlap = Деякі нові інтервали перетнулися б з інтервалами, які щойно додано; спробуйте ще раз.
error-slot-not-found = Цього інтервалу прийому більше не існує.
error-slot-has-bookings =
    { $count ->
        [one] В інтервалі ще є { $count } активний запис; спершу скасуйте або перенесіть його, а потім закрийте інтервал.
        [few] В інтервалі ще є { $count } активні записи; спершу скасуйте або перенесіть їх, а потім закрийте інтервал.
        [many] В інтервалі ще є { $count } активних записів; спершу скасуйте або перенесіть їх, а потім закрийте інтервал.
       *[other] В інтервалі ще є { $count } активного запису; спершу скасуйте або перенесіть його, а потім закрийте інтервал.
    }
error-slot-query-limit =
    Можна запитати від 1 до { $max } { $max ->
        [one] інтервалу
        [few] інтервалів
        [many] інтервалів
       *[other] інтервалу
    }.

## family

error-family-full = Можна додати щонайбільше { $limit } членів родини.
error-family-member-not-found = Цього члена родини вже немає у вашому списку.
error-relation-unknown = Оберіть один із запропонованих варіантів.
error-patient-not-found = Цієї особи вже немає у вашому списку.
error-member-busy = Ця особа вже має візит на цей час.

## doctor

error-no-doctor-profile = Ваш обліковий запис ще не повʼязаний із профілем лікаря.
error-visit-cancelled = Цей прийом скасовано, тож позначити його не можна.
error-visit-not-now = Поки що цього позначити не можна: прихід — за 2 години до прийому, «Прийнято» і «Не прийшов» — з його початку.
error-visit-status-refused = Тим часом прийом змінився; ось як він виглядає зараз.
error-undo-expired =
    Скасувати вже пізно: зміну можна скасувати протягом { $minutes ->
        [one] { $minutes } хвилини
        [few] { $minutes } хвилин
        [many] { $minutes } хвилин
       *[other] { $minutes } хвилини
    }.
error-agenda-unclear = Я не зрозумів цей день. Спробуйте “tomorrow”, “Friday”, “next week” або 12.05–16.05.
error-agenda-range-too-long =
    Оберіть щонайбільше { $max_days ->
        [one] { $max_days } день
        [few] { $max_days } дні
        [many] { $max_days } днів
       *[other] { $max_days } дня
    } за раз.
error-record-too-long =
    Це { $length } символів; будь ласка, не більше { $limit ->
        [one] { $limit } символу
        [few] { $limit } символів
        [many] { $limit } символів
       *[other] { $limit } символу
    }.
error-record-empty = Запис був би порожнім: напишіть хоча б діагноз, призначення чи нотатку.
error-record-not-yet = Запис можна написати, коли пацієнт прийшов.
error-record-locked =
    Цей запис уже не можна змінити (автор може змінювати його протягом { $hours ->
        [one] { $hours } години
        [few] { $hours } годин
        [many] { $hours } годин
       *[other] { $hours } години
    }). Додайте виправлення.
error-record-still-editable = Цей запис ще можна змінити; виправлення поки не потрібне.
error-record-not-found = Для цього прийому ще немає запису.
error-record-unchanged = Виправлення нічого б не змінило: напишіть виправлений текст.
error-late-minutes = Оберіть одне із запропонованих запізнень.
error-series-changed = Щойно зайняли один із часів серії, тож нічого не заброньовано.
error-series-move-day-blocked = Серію не можна перенести так: для візиту { DAY($day) } не буде вільного часу, тож нічого не перенесено. Перенесіть цей візит окремо або оберіть інший час.
error-series-count = У серії від { $min } до { $max } візитів.
error-series-until-too-soon = Цей день надто близько: до нього в серії має бути щонайменше { $min } візити.
error-series-count-or-until = Укажіть, скільки візитів, або день, до якого повторювати.
error-series-one-doctor = Усі візити серії — до одного лікаря.
error-series-move-blocked = Серію не можна перенести так, тож нічого не перенесено.
error-hours-unclear = Не вдалося прочитати ці години. Напишіть день або дні й час, наприклад “пн 9-13, 14-18”, “ср вихідний” або “пн-пт 9-17”.
error-hours-stretches-overlap = Дві з цих частин перетинаються (близько { $start }–{ $end }); напишіть кожну частину дня один раз.
error-hours-from-unclear = Не вдалося прочитати дату. Напишіть, наприклад, “завтра”, “наступного понеділка” або “12.05”.
error-hours-from-passed = { DAY_MONTH($day) } вже минуло; нові години можуть почати діяти сьогодні або пізніше.
error-time-off-unclear = Не вдалося прочитати коли. Напишіть, наприклад, “завтра”, “24.12–02.01”, “пʼятниця після обіду” або “пʼятниця 14-18”.
error-waitlist-dates = Оберіть дати з { $today } до { $last }.
error-waitlist-duplicate = Ви вже в списку очікування на це (до { $last }). Переглянути чи вийти зі списку можна в /my.
error-waitlist-target = Це не можна додати до списку очікування.
error-waitlist-target-gone = До цього лікаря чи в цю клініку більше не можна записатися.
error-waitlist-offer-ended = Ця пропозиція завершилася: час, на який місце трималося для вас, минув, і його запропоновано наступній людині в списку. Ви залишаєтеся в списку очікування на інший час.
error-waitlist-offer-not-found = Цієї пропозиції більше немає.
error-waitlist-entry-not-found = Вас уже немає в цьому списку очікування.
error-waitlist-already = Ви вже в цьому списку очікування. Переглянути чи вийти зі списку можна в /my.
error-digest-time-unclear = Напишіть час, наприклад 07:00 (24-годинний формат), або «off».
error-patients-query-unclear = Напишіть ім'я (не більше { $max } символів).
error-assignment-not-found = Цього пацієнта (вже) немає серед Ваших пацієнтів.

## Адміністрування: запрошення, користувачі, журнал аудиту

error-invite-role-unknown = Запрошення може бути лише для однієї з ролей: { $roles }.
error-invite-target-gone = Цього запису вже немає, тому запрошення не створено.
error-invite-doctor-linked = Цей лікар уже має обліковий запис, тому запрошення не створено.
error-invite-not-open = Це запрошення вже не відкрите.
error-invite-forged = Це посилання-запрошення недійсне. Попросіть нове в адміністратора клініки.
error-invite-used = Це посилання-запрошення вже використано. Кожне посилання працює лише один раз — попросіть нове в адміністратора клініки, якщо потрібно.
error-invite-revoked = Адміністратор клініки відкликав це посилання-запрошення. Попросіть у нього нове, якщо потрібно.
error-invite-expired = Термін дії цього посилання-запрошення минув. Попросіть нове в адміністратора клініки.
error-invite-target-taken = Запис, для якого було це запрошення, уже пов’язано з іншим обліковим записом, тому нічого не змінено.
error-invite-already-doctor = Ваш обліковий запис уже пов’язано з іншою карткою лікаря, тому нічого не змінено.
error-users-query-unclear = Введіть щонайменше два символи імені або номер телефону.
error-last-admin = Це останній активний адміністратор: спершу зробіть адміністратором когось іншого.
error-audit-filters-unclear = Не вдалося прочитати ці фільтри.
error-audit-user-unknown = Жоден обліковий запис не відповідає «{ $query }».
error-audit-user-ambiguous = «{ $query }» відповідає кілька облікових записів: введіть більше імені або номер телефону.

## The front desk

error-find-query-unclear = Введіть номер телефону або щонайменше дві літери імені.
error-phone-registered = Цей номер уже належить пацієнту.
error-board-no-clinic = День клініки бачить реєстратура клініки: ваш обліковий запис не привʼязаний до клініки.

## Slots (/slots) and staff records (/users)

error-slots-range-unclear = Не вдалося прочитати ці дні. Спробуйте «наступного тижня» або 1.02–28.02.
error-slots-range-past = Ці дні вже минули. Оберіть дні, починаючи з сьогодні.
error-slots-range-past-horizon =
    Слоти створюються не далі ніж на { $horizon_days } { $horizon_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    } наперед, тобто до { DAY_MONTH($last) }. Оберіть дні до цієї дати.
error-slots-target-not-found = Цього лікаря або клініку не знайдено.
error-slot-has-arrived = Пацієнт уже прийшов на цей слот, тому його не можна закрити.
error-staff-field-empty = Будь ласка, напишіть це літерами або цифрами.
error-staff-field-too-long = Будь ласка, не більше { $limit } символів.
error-staff-record-not-found = Цей обліковий запис не має картки працівника.
error-staff-status-unknown = Такого статусу немає.

## Reports (/report)

error-report-period-unclear = Я не зрозумів цей період. Спробуйте “минулий місяць”, “цей тиждень”, “К3”, “цей рік”, “2026” або 12.05–16.05.
error-report-period-too-long =
    Звіт охоплює щонайбільше { $max_days ->
        [one] { $max_days } день
        [few] { $max_days } дні
        [many] { $max_days } днів
       *[other] { $max_days } дня
    } (рік і один день). Оберіть коротший період.
error-report-clinic-unclear = Яка клініка? Почніть з її назви — наприклад, /report Riverside минулий місяць — або оберіть її нижче.
error-report-clinic-unknown = Цієї клініки вже немає.


## The admin's clinics and doctors

error-clinic-horizon-range = Горизонт запису — від { $min } до { $max } днів: введіть ціле число днів.
error-clinic-notice-beyond-horizon = Цей час виходить за горизонт запису ({ $horizon_days } { $horizon_days ->
        [one] день
        [few] дні
        [many] днів
       *[other] дня
    }): записатися було б ніяк. Введіть менший час або спершу подовжте горизонт.
error-unknown-timezone = «{ $text }» — не відомий мені часовий пояс. Введіть назву IANA, наприклад Europe/Kyiv або Europe/London.
error-clinic-text-length = Потрібно від { $min } до { $max } символів.
error-bad-minutes = Введіть ціле число хвилин від { $min } до { $max }.
error-bad-reminders = Введіть до чотирьох значень у хвилинах до візиту, кожне від { $min } до { $max }, через кому, або 0, щоб нагадувань не було.
error-bad-email = Це не схоже на адресу ел. пошти.
error-clinic-unknown-field = Це налаштування тут змінити не можна.
error-clinic-already-active = Клініка вже активна.
error-clinic-already-inactive = Клініка вже неактивна.
error-license-number-shape = Номер ліцензії має від { $min } до { $max } літер, цифр, крапок, скісних рисок або дефісів.
error-license-number-in-use = Інший лікар уже має номер ліцензії { $license_number }. Введіть інший.
error-bad-number = Введіть ціле число від { $min } до { $max }.
error-doctor-unknown-field = Це тут змінити не можна.
error-doctor-already-active = Лікар уже активний.
error-doctor-already-inactive = Лікар уже неактивний.

## doctor clinic move
error-doctor-move-has-visits = У лікаря { $count ->
        [one] { $count } записаний візит
        [few] { $count } записані візити
        [many] { $count } записаних візитів
       *[other] { $count } записаного візиту
    } наперед у його клініці, тож перевести його поки не можна: спершу перенесіть або скасуйте ці візити, а потім переведіть лікаря.
error-clinic-zip-shape = Поштовий індекс має від { $min } до { $max } літер, цифр, пробілів або дефісів.
