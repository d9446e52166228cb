# Lo que dicen los rechazos de la capa de servicios: error-<código>, texto sin etiquetas HTML.

## La frase genérica de cada clase de error

error-not-done = No se ha podido hacer.
error-not-found = Ese registro ya no existe.
error-not-allowed = No tiene permiso para hacer eso.
error-invalid-input = Ese valor no es válido.
error-conflict = Eso entra en conflicto con algo que ya existe.
error-slot-taken = Alguien acaba de reservar esa hora.
error-slot-overlap = Esa hora se solapa con otra franja del médico.
error-patient-busy = Ya tiene una cita a esa hora.
error-booking-window-closed = Esa hora ya no se puede reservar.
error-too-late = Ya es tarde para cancelar esta cita desde el bot.
error-daily-limit-reached = La agenda del médico está completa ese día.

## Citas

error-reason-too-long =
    El motivo puede tener { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo (el suyo tiene { $length }).
error-time-passed = Esa hora ya ha pasado. Elija otra, por favor.
error-booking-notice = Las citas en { $clinic } deben pedirse con al menos { DURATION($notice_minutes) } de antelación. Elija una hora más tardía.
error-beyond-booking-horizon =
    { $clinic } acepta citas con { $horizon_days ->
        [one] { $horizon_days } día
       *[other] { $horizon_days } días
    } de antelación como máximo.
error-doctor-fully-booked = La agenda de { $doctor } está completa ese día.
error-slot-not-offered = Esa hora ya no está disponible.
error-appointment-not-found = Esa cita ya no existe.
error-appointment-not-yours = Esa cita no es suya.
error-appointment-not-active = Esta cita ya no está activa.
error-same-time = Esa es la hora que ya tiene. Elija otra, por favor.
error-too-late-to-cancel =
    Ya es tarde para cancelar esta cita desde el bot: { $clinic } pide avisar con { DURATION($notice_minutes) } de antelación. { $phone ->
        [none] Llame a la clínica, por favor.
       *[other] Llame a la clínica al { $phone }, por favor.
    }
error-too-late-to-move =
    Ya es tarde para cambiar esta cita de hora desde el bot: { $clinic } pide avisar con { DURATION($notice_minutes) } de antelación. { $phone ->
        [none] Llame a la clínica, por favor.
       *[other] Llame a la clínica al { $phone }, por favor.
    }
error-too-late-to-change =
    Ya es tarde para modificar esta cita desde el bot: { $clinic } pide avisar con { DURATION($notice_minutes) } de antelación. { $phone ->
        [none] Llame a la clínica, por favor.
       *[other] Llame a la clínica al { $phone }, por favor.
    }
error-doctor-not-chosen = Primero elija un médico.

## Clínicas, especialidades, médicos

error-clinic-name-taken = Ya existe una clínica llamada «{ $name }».
error-clinic-not-found = Esa clínica no existe.
error-specialty-name-length = El nombre de una especialidad debe tener entre { $min } y { $max } caracteres.
error-specialty-exists = La especialidad «{ $name }» ya existe.
error-specialty-not-found = Esa especialidad no existe.
error-doctor-not-found = No se ha encontrado a ese médico.
error-license-number-taken = Ya hay un médico registrado con el número de colegiado { $license_number }.

## Días escritos como texto (solo se entienden fechas como 12.05 y palabras en inglés)

error-date-too-long = Eso es demasiado largo para una fecha. Envíe solo el día, p. ej. “mañana”, “el viernes” o 12.05.
error-date-unclear = No he entendido esa fecha. Pruebe con “mañana”, “el viernes” o 12.05.
error-date-passed = Ese día ({ DAY($day, $today) }) ya ha pasado. Elija hoy o un día posterior.
error-date-beyond-horizon =
    Solo puedo dar citas con { $horizon_days ->
        [one] { $horizon_days } día
       *[other] { $horizon_days } días
    } de antelación como máximo, es decir, hasta el { DAY($last, $today) }. Elija un día anterior.
error-weekday-mismatch = El { DAY_MONTH($day, $today) } es { WEEKDAY($day) }, no { WEEKDAY($weekday) }. Envíe el día de nuevo, por favor.
error-no-such-day = No existe el { $day_of_month } de { MONTH($month) }. Revise el día y el mes, p. ej. 30.04 para el 30 de abril.
error-no-such-month = Leo las fechas como día.mes, y ese mes no existe. Envíe, por ejemplo, 12.05 para el 12 de mayo.

## Teléfonos, nombres, fechas de nacimiento, perfil, roles

error-bad-phone = Eso no parece un número de teléfono. Envíelo con el prefijo del país, por ejemplo +44 7700 900123.
error-phone-extension = No puedo guardar un número con extensión. Envíe un número en el que se le pueda localizar directamente, sin la extensión, por ejemplo +44 7700 900123.
error-name-too-short =
    Envíe su nombre completo (al menos { $min ->
        [one] { $min } letra
       *[other] { $min } letras
    }).
error-name-too-long =
    Ese nombre es demasiado largo; puede tener { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo.
error-birth-date-missing = Envíe su fecha de nacimiento, por ejemplo 12.03.1985.
error-birth-date-no-year = No he podido leer esa fecha; añada el año, p. ej. 12.03.1985.
error-birth-date-unreadable = No he podido leer esa fecha. Envíela como día.mes.año, p. ej. 12.03.1985.
error-birth-date-in-future = Esa fecha es futura; envíe su fecha de nacimiento, por favor.
error-birth-date-ambiguous = ¿Se refiere al { FULL_DATE($day_first) } o al { FULL_DATE($month_first) }? Envíe la fecha como día.mes.año, p. ej. 12.03.1985.
error-birth-date-too-old =
    Esa fecha es de hace más de { $years ->
        [one] { $years } año
       *[other] { $years } años
    }; revise el año, por favor.
error-profile-not-found = No se ha encontrado su perfil; envíe /start para registrarse.
error-account-not-patient = Esta es una cuenta del centro (médico, recepción o administración); la gestiona el administrador del centro.
error-unknown-language = Ese idioma no está disponible.
error-profile-field-not-editable = Esa parte del perfil no se puede cambiar aquí.
error-profile-text-too-long =
    Este dato puede tener { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo.
error-emergency-contact-too-long =
    El contacto de emergencia puede tener { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo.
error-unknown-role = Los roles posibles son: { $roles }.
error-user-not-found = Ese usuario no existe.

## Búsqueda de médicos

error-search-too-long =
    Esa búsqueda es demasiado larga. Escriba el nombre de un médico, una especialidad o una clínica con { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo, p. ej. «dermatología» o «Dr. Smith».

## Horario de consulta y ausencias

error-hours-with-time-zone = El horario se indica en la hora local de la clínica; escríbalo sin zona horaria.
error-hours-whole-minutes = El horario se indica en minutos enteros.
error-weekday-out-of-range = El día de la semana debe estar entre 0 (lunes) y 6 (domingo).
error-hours-end-before-start = El horario debe terminar después de empezar (se indicó { $start }–{ $end }).
error-break-end-before-start = Una pausa debe terminar después de empezar (se indicó { $start }–{ $end }).
error-break-outside-hours = La pausa { $break_start }–{ $break_end } debe estar dentro del horario { $start }–{ $end }.
error-breaks-overlap = Las pausas { $first_start }–{ $first_end } y { $second_start }–{ $second_end } se solapan; únalas en una sola.
error-hours-overlap = Este horario se solapa con el del { WEEKDAY($weekday) } ({ $start }–{ $end }); cambie o elimine ese horario primero.
error-hours-not-found = No se ha encontrado ese horario.
error-hours-removed = Ese horario se eliminó; vuelva a configurarlo.
error-time-off-end-before-start = La ausencia debe terminar después de empezar.
error-time-off-over = Esa ausencia ya ha terminado; elija un periodo futuro.
error-time-off-too-long = Una ausencia puede durar un año como máximo; divídala en periodos más cortos.
error-time-off-reason-too-long =
    El motivo puede tener { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo.
error-time-off-not-found = No se ha encontrado esa ausencia.

## Franjas horarias

error-range-reversed = El último día no puede ser anterior al primero.
error-range-too-long =
    Elija un periodo de { $max_days ->
        [one] { $max_days } día
       *[other] { $max_days } días
    } como máximo.
error-unknown-time-zone = La zona horaria «{ $zone }» de la clínica es desconocida; corríjala en la configuración de la clínica.
error-new-slots-overlap = Algunas franjas nuevas se solaparían con otras que se acaban de añadir; inténtelo de nuevo.
error-slot-not-found = Esa franja horaria ya no existe.
error-slot-has-bookings =
    { $count ->
        [one] Esta franja todavía tiene una reserva activa; cancélela o cámbiela de hora primero y después cierre la franja.
       *[other] Esta franja todavía tiene { $count } reservas activas; cancélelas o cámbielas de hora primero y después cierre la franja.
    }
error-slot-query-limit =
    Pida entre 1 y { $max ->
        [one] { $max } franja
       *[other] { $max } franjas
    }.

## family

error-family-full = Puede añadir hasta { $limit } familiares.
error-family-member-not-found = Ese familiar ya no está en su lista.
error-relation-unknown = Elija uno de los parentescos ofrecidos.
error-patient-not-found = Esa persona ya no está en su lista.
error-member-busy = Esa persona ya tiene una cita a esa hora.

## doctor

error-no-doctor-profile = Su cuenta todavía no está vinculada a un perfil de médico.
error-visit-cancelled = Esta cita se canceló, así que no se puede marcar.
error-visit-not-now = Todavía no se puede marcar: la llegada se registra desde 2 horas antes de la cita; Atendido y No vino, desde su hora de inicio.
error-visit-status-refused = La cita cambió mientras tanto; así está ahora.
error-undo-expired =
    Ya es tarde para deshacer: un cambio se puede deshacer durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
error-agenda-unclear = No he entendido ese día. Pruebe con “tomorrow”, “Friday”, “next week” o 12.05–16.05.
error-agenda-range-too-long =
    Elija como máximo { $max_days ->
        [one] { $max_days } día
       *[other] { $max_days } días
    } cada vez.
error-record-too-long =
    Son { $length } caracteres; no pase de { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    }.
error-record-empty = El informe quedaría vacío: escriba al menos un diagnóstico, una receta o una nota.
error-record-not-yet = El informe se puede escribir cuando el paciente ha llegado.
error-record-locked =
    Este informe ya no se puede editar (su autor puede editarlo durante { $hours ->
        [one] { $hours } hora
       *[other] { $hours } horas
    }). Añada una corrección.
error-record-still-editable = Este informe todavía se puede editar; no hace falta una corrección.
error-record-not-found = Esta cita todavía no tiene informe.
error-record-unchanged = La corrección no cambiaría nada: escriba el texto corregido.
error-late-minutes = Elija uno de los retrasos que se ofrecen.
error-series-changed = Alguien acaba de reservar una hora de la serie, así que no se reservó nada.
error-series-move-day-blocked = La serie no se puede mover así: la cita del { DAY($day) } no tendría hora libre, así que no se movió nada. Cambie esa cita por separado o elija otra hora.
error-series-count = Una serie tiene de { $min } a { $max } citas.
error-series-until-too-soon = Ese día es demasiado pronto: una serie necesita al menos { $min } citas hasta entonces.
error-series-count-or-until = Indique cuántas citas o el día hasta el que repetir.
error-series-one-doctor = Todas las citas de una serie son con el mismo médico.
error-series-move-blocked = La serie no se puede mover así, así que no se movió nada.
error-hours-unclear = No he entendido ese horario. Escriba uno o varios días y las horas, por ejemplo “lun 9-13, 14-18”, “mié libre” o “lun-vie 9-17”.
error-hours-stretches-overlap = Dos de esos tramos se solapan (hacia { $start }–{ $end }); escriba cada parte del día una sola vez.
error-hours-from-unclear = No he entendido esa fecha. Escríbala como “mañana”, “el próximo lunes” o “12.05”.
error-hours-from-passed = El { DAY_MONTH($day) } ya ha pasado; el nuevo horario puede empezar hoy o más adelante.
error-time-off-unclear = No he entendido cuándo. Escríbalo como “mañana”, “24.12–02.01”, “viernes por la tarde” o “viernes 14-18”.
error-waitlist-dates = Elige fechas entre el { $today } y el { $last }.
error-waitlist-duplicate = Ya estás en la lista de espera para eso (hasta el { $last }). Puedes verla o salir de ella en /my.
error-waitlist-target = Eso no se puede poner en lista de espera.
error-waitlist-target-gone = Ese médico o esa clínica ya no admite reservas.
error-waitlist-offer-ended = Esta oferta ha terminado: el tiempo que te la guardaba ha pasado y la plaza ha ido a la siguiente persona de la lista. Sigues en la lista de espera para otras horas.
error-waitlist-offer-not-found = Esta oferta ya no existe.
error-waitlist-entry-not-found = Ya no estás en esa lista de espera.
error-waitlist-already = Ya estás en esta lista de espera. Puedes verla o salir de ella en /my.
error-digest-time-unclear = Escriba una hora como 07:00 (formato de 24 horas) u «off».
error-patients-query-unclear = Escriba un nombre (como máximo { $max } caracteres).
error-assignment-not-found = Este paciente ya no está entre sus pacientes.

## Administración: invitaciones, usuarios, registro de auditoría

error-invite-role-unknown = Una invitación es para uno de estos roles: { $roles }.
error-invite-target-gone = Esa ficha ya no existe, así que no se ha creado ninguna invitación.
error-invite-doctor-linked = Ese médico ya tiene cuenta, así que no se ha creado ninguna invitación.
error-invite-not-open = Esa invitación ya no está abierta.
error-invite-forged = Este enlace de invitación no es válido. Pida uno nuevo a la administración de la clínica.
error-invite-used = Este enlace de invitación ya se ha usado. Cada enlace funciona una sola vez: pida uno nuevo a la administración de la clínica si lo necesita.
error-invite-revoked = La administración de la clínica ha revocado este enlace de invitación. Pídale uno nuevo si lo necesita.
error-invite-expired = Este enlace de invitación ha caducado. Pida uno nuevo a la administración de la clínica.
error-invite-target-taken = La ficha de esta invitación ya está vinculada a otra cuenta, así que no se ha cambiado nada.
error-invite-already-doctor = Su cuenta ya está vinculada a otra ficha de médico, así que no se ha cambiado nada.
error-users-query-unclear = Escriba al menos dos caracteres de un nombre, o un número de teléfono.
error-last-admin = Es la última cuenta de administración activa: primero dé ese rol a otra persona.
error-audit-filters-unclear = No he podido leer esos filtros.
error-audit-user-unknown = Ninguna cuenta coincide con «{ $query }».
error-audit-user-ambiguous = Más de una cuenta coincide con «{ $query }»: escriba más del nombre o el número de teléfono.

## The front desk

error-find-query-unclear = Escriba un número de teléfono o al menos dos letras de un nombre.
error-phone-registered = Ese número ya es de un paciente.
error-board-no-clinic = El día de la clínica se muestra a la recepción de una clínica: su cuenta no tiene clínica.

## Slots (/slots) and staff records (/users)

error-slots-range-unclear = No he podido leer esos días. Prueba con «la semana que viene» o 1.02–28.02.
error-slots-range-past = Esos días ya han pasado. Elige días a partir de hoy.
error-slots-range-past-horizon = { $horizon_days ->
    [one] Los horarios se crean como máximo con { $horizon_days } día de antelación, es decir, hasta el { DAY_MONTH($last) }. Elige días hasta entonces.
   *[other] Los horarios se crean como máximo con { $horizon_days } días de antelación, es decir, hasta el { DAY_MONTH($last) }. Elige días hasta entonces.
}
error-slots-target-not-found = No se ha encontrado ese médico o esa clínica.
error-slot-has-arrived = Un paciente ya ha llegado para este horario, así que no se puede cerrar.
error-staff-field-empty = Escríbelo con letras o cifras, por favor.
error-staff-field-too-long = Usa como máximo { $limit } caracteres, por favor.
error-staff-record-not-found = Esa cuenta no tiene ficha de empleado.
error-staff-status-unknown = Ese estado no existe.

## Reports (/report)

error-report-period-unclear = No he entendido ese periodo. Pruebe con “el mes pasado”, “esta semana”, “T3”, “este año”, “2026” o 12.05–16.05.
error-report-period-too-long =
    Un informe abarca como máximo { $max_days ->
        [one] { $max_days } día
       *[other] { $max_days } días
    } (un año y un día). Elija un periodo más corto.
error-report-clinic-unclear = ¿Qué clínica? Empiece por su nombre —por ejemplo /report Riverside el mes pasado— o elíjala abajo.
error-report-clinic-unknown = Esa clínica ya no existe.


## The admin's clinics and doctors

error-clinic-horizon-range = El horizonte de reserva es de { $min } a { $max } días: escriba un número entero de días.
error-clinic-notice-beyond-horizon = Esa antelación va más allá del horizonte de reserva de { $horizon_days ->
        [one] { $horizon_days } día
       *[other] { $horizon_days } días
    }: no se podría reservar nada. Escriba una antelación menor o alargue antes el horizonte.
error-unknown-timezone = «{ $text }» no es una zona horaria que conozca. Escriba un nombre IANA como Europe/Madrid o America/Mexico_City.
error-clinic-text-length = Hacen falta de { $min } a { $max } caracteres.
error-bad-minutes = Escriba un número entero de minutos de { $min } a { $max }.
error-bad-reminders = Escriba hasta cuatro tiempos en minutos antes de la cita, cada uno de { $min } a { $max }, separados por comas, o 0 para ninguno.
error-bad-email = Eso no parece una dirección de correo electrónico.
error-clinic-unknown-field = Ese ajuste no se puede cambiar aquí.
error-clinic-already-active = La clínica ya está activa.
error-clinic-already-inactive = La clínica ya está inactiva.
error-license-number-shape = Un número de colegiado tiene de { $min } a { $max } letras, cifras, puntos, barras o guiones.
error-license-number-in-use = Otro médico ya tiene el número de colegiado { $license_number }. Escriba otro.
error-bad-number = Escriba un número entero de { $min } a { $max }.
error-doctor-unknown-field = Ese dato no se puede cambiar aquí.
error-doctor-already-active = El médico ya está activo.
error-doctor-already-inactive = El médico ya está inactivo.

## doctor clinic move
error-doctor-move-has-visits = El médico tiene { $count ->
        [one] { $count } cita reservada
       *[other] { $count } citas reservadas
    } por delante en su clínica, así que aún no puede pasar a otra: primero cambie o cancele { $count ->
        [one] esa cita
       *[other] esas citas
    } y después pase al médico.
error-clinic-zip-shape = Un código postal tiene de { $min } a { $max } letras, cifras, espacios o guiones.
