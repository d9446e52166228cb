# Las palabras de CareSlot en español (trato de usted). Mensajes en HTML; véase handlers/i18n.py.

app-name = CareSlot

welcome-back = Hola de nuevo, <b>{ $name }</b>. ¿Qué desea hacer?
welcome-new = ¡Hola! Soy <b>CareSlot</b>, el asistente de citas de su clínica. Conmigo puede encontrar un médico, pedir cita y gestionar sus citas.
privacy-note =
    <b>Antes de empezar</b>
    Para gestionar sus citas guardo su nombre, su número de teléfono y su fecha de nacimiento, así como las citas que pida. Solo usted, sus médicos y el personal de la clínica pueden verlos. Con /privacy puede ver, descargar o borrar sus datos en cualquier momento.

    ¿Está de acuerdo?

## Títulos de menú por rol

menu-title-patient = Menú principal
menu-title-doctor = Menú del médico
menu-title-staff = Menú de recepción
menu-title-admin = Menú de administración

## Ayuda por rol

help-patient =
    <b>Qué puedo hacer</b>
    /book – buscar un médico y pedir cita
    /my – sus citas: ver, cancelar, cambiar de hora
    /notifications – recordatorios y otros avisos que le envié

    /records – los informes de sus visitas
    /profile – sus datos
    /privacy – qué guardo sobre usted: descargarlo o borrar su cuenta
    /calendar – un enlace que lleva sus citas a su aplicación de calendario
    /stop – salir de lo que está haciendo
    También puede escribirme una especialidad o un médico y un día, p. ej. <i>dermatología 12.05</i>.
help-doctor =
    <b>Comandos del médico</b>
    /today – los pacientes de hoy
    /agenda – su lista de un día o de un periodo
    /patients – sus propios pacientes (buscar: /patients Ana)
    /digest – el resumen matutino: /digest 07:00 o /digest off
    /hours – su horario de consulta
    /off – sus ausencias
    /calendar – un enlace que lleva su agenda a su aplicación de calendario
    /stop – salir de lo que está haciendo
help-staff =
    <b>Comandos de recepción</b>
    /board, /day – el día de la clínica
    /find – buscar un paciente por teléfono o nombre
    /newpatient – un paciente nuevo por teléfono
    /report – el informe de la clínica (p. ej. <code>/report el mes pasado</code>)
    /slots – generar los horarios del horario semanal, o cerrar uno
    /stop – salir de lo que está haciendo
help-admin =
    <b>Comandos de administración</b>
    /users – buscar una cuenta: rol, bloquear, desbloquear
    /invite – invitar a un médico o a un miembro del personal
    /invites – invitaciones abiertas, para revocarlas
    /audit – el registro de auditoría (p. ej. <code>/audit last week</code>)
    /clinics – clínicas
    /doctors – médicos
    /day – el día de una clínica: llegadas y ausencias
    /report – el informe de una clínica (p. ej. <code>/report Riverside el mes pasado</code>)
    /slots – generar los horarios del horario semanal, o cerrar uno
    /stop – salir de lo que está haciendo

## Botones del menú principal: menu-<rol>-<acción>

menu-patient-book = 📅 Pedir cita
menu-patient-my = 🗂 Mis citas
menu-patient-profile = 👤 Perfil
menu-patient-help = ❓ Ayuda
menu-doctor-today = 📋 Hoy
menu-doctor-agenda = 🗓 Agenda
menu-doctor-patients = 👥 Mis pacientes
menu-doctor-digest = 🔔 Resumen matutino
menu-doctor-hours = ⏰ Horario de consulta
menu-doctor-help = ❓ Ayuda
menu-staff-day = 🏥 Día de la clínica
menu-staff-find = 🔎 Buscar paciente
menu-staff-help = ❓ Ayuda
menu-admin-clinics = 🏥 Clínicas
menu-admin-doctors = 👩‍⚕️ Médicos
menu-admin-report = 📊 Informes
menu-admin-help = ❓ Ayuda

## Menú de comandos de Telegram (texto sin formato): command-<rol>-<comando>

command-patient-start = Menú principal
command-patient-book = Pedir cita
command-patient-my = Mis citas
command-patient-profile = Mi perfil
command-patient-privacy = Mis datos y privacidad
command-patient-calendar = Enlace de calendario
command-patient-help = Qué puedo hacer
command-patient-stop = Salir del paso actual
command-doctor-start = Menú principal
command-doctor-today = Pacientes de hoy
command-doctor-agenda = Agenda
command-doctor-patients = Mis pacientes
command-doctor-digest = Resumen matutino
command-doctor-hours = Horario de trabajo
command-doctor-calendar = Enlace de calendario
command-doctor-help = Comandos
command-doctor-stop = Salir del paso actual
command-staff-start = Menú principal
command-staff-day = El día de la clínica
command-staff-find = Buscar un paciente
command-staff-help = Comandos
command-staff-stop = Salir del paso actual
command-admin-start = Menú principal
command-admin-clinics = Clínicas
command-admin-doctors = Médicos
command-admin-invite = Invitar a un médico o empleado
command-admin-report = Informes
command-admin-audit = Registro de auditoría
command-admin-help = Comandos
command-admin-stop = Salir del paso actual

## En cualquier momento

coming-soon-generic = Esa parte de CareSlot todavía no está disponible en esta versión.
coming-soon = «{ $feature }» llegará en la próxima versión de CareSlot.
feature-today = Lista de hoy
feature-agenda = Agenda
feature-hours = Horario de consulta
feature-day = Día de la clínica
feature-find = Búsqueda de pacientes
feature-clinics = Clínicas
feature-doctors = Médicos
feature-invite = Invitaciones
feature-report = Informes
feature-audit = Registro de auditoría
stopped = Detenido. No se ha cambiado nada. Envíe /start para ver el menú.
nothing-to-stop = Ahora mismo no hay nada que detener.
timed-out = Esta conversación se cerró tras un tiempo sin actividad. Envíe /start para empezar de nuevo.
flow-restarted = Esa conversación la inició una versión anterior de CareSlot. Empecemos de nuevo.
button-expired = Este botón ha caducado.
not-allowed = No tiene permiso para hacer eso.
blocked = Su acceso está en pausa — póngase en contacto con la clínica.
unexpected = Lo sentimos, algo ha fallado por nuestra parte. Vuelva a intentarlo en un momento. Si sigue ocurriendo, indique a la clínica este código: <code>{ $ref }</code>
not-registered = Primero envíe /start para registrarse.
unknown-input = Lo siento, no lo he entendido. Envíe /help para ver lo que puedo hacer.
unknown-command = No conozco ese comando. Esto es lo que puedo hacer:
text-not-expected = No esperaba ningún mensaje en este momento. Use los botones o envíe /help.
private-only = Solo funciono en un chat privado, para proteger la privacidad de sus datos de salud. Escríbame directamente, por favor.

## Registro

agree = ✅ Acepto
decline = No, gracias
declined = De acuerdo, no guardaré nada. Envíe /start si cambia de opinión.
ask-phone = Comparta su número de teléfono con el botón de abajo o escríbalo con el prefijo del país (por ejemplo, +44 7700 900123).
share-phone = 📱 Compartir mi número de teléfono
back-label = ⬅️ Atrás
not-own-contact = Comparta <b>su propio</b> número con el botón de abajo o escríbalo.
ask-name = Gracias. ¿Es <b>{ $name }</b> su nombre completo? Si no lo es, escríbalo.
ask-name-plain = Gracias. Escriba su nombre completo.
yes-thats-me = ✅ Sí, soy yo
ask-birth = Envíe su fecha de nacimiento, por ejemplo <i>12.03.1985</i>.
birth-date-confirm = ¿Quiso decir <b>{ FULL_DATE($day_first) }</b>? Escrita así, la fecha admite dos lecturas: elija abajo la correcta o envíela como día.mes.año.
registered = ¡Todo listo, <b>{ $name }</b>! 🎉
already-registered = Ya se ha registrado.
need-patient-details = Para pedir cita para usted, primero añada sus propios datos de paciente (teléfono, nombre y fecha de nacimiento).
add-my-details = ➕ Añadir mis datos

## Buscar médico y pedir cita

find-how =
    <b>Pedir cita</b>
    ¿Cómo quiere buscar a su médico?
by-specialty = 🩺 Por especialidad
by-clinic = 🏥 Por clínica
by-name = 🔎 Escribir un nombre o una especialidad
back = ⬅️ Atrás
home = 🏠 Menú
prev = ‹ Anterior
next = Siguiente ›
pick-specialty = Elija una especialidad:
pick-clinic = Elija una clínica:
pick-doctor = Elija un médico:
no-doctors = Ahora mismo no hay médicos disponibles ahí.
type-search = Escriba el nombre de un médico o una especialidad, por ejemplo <i>dra. garcía</i> o <i>cardiología</i>.
search-too-long =
    Escriba un nombre o una especialidad de { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo.
nothing-found = No he encontrado ningún médico para «{ $query }». Pruebe a escribirlo de otra forma o elija de la lista.
search-results = Médicos que coinciden con «{ $query }»:
doctor-card =
    <b>{ $name }</b>
    { $specialty } · { $years ->
        [one] { $years } año
       *[other] { $years } años
    } de experiencia
    🏥 { $clinic }
    📍 { $address }
    ⏱ Próxima hora libre: { $next_free }
pick-day-button = 📅 Elegir un día
pick-day = <b>{ $name }</b>: elija un día (● = horas libres) o escríbalo, p. ej. <i>mañana</i>, <i>el viernes</i>, <i>12.05</i>.
no-times-that-day = No hay horas libres ese día.
pick-time =
    <b>{ $name }</b>, { $day }
    Elija una hora ({ $tz }):
none-that-day = <b>{ $name }</b> no tiene horas libres el { $day }. Los días más cercanos con horas libres:
none-at-all = <b>{ $name }</b> no tiene horas libres en las próximas semanas. Pruebe con otro médico.
ask-reason =
    ¿Cuál es el motivo de la consulta? (opcional, { $limit ->
        [one] { $limit } carácter
       *[other] { $limit } caracteres
    } como máximo; solo lo verá su médico)
skip = Omitir
summary =
    <b>Revise su cita, por favor</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
summary-reason = 📝 { $reason }
summary-move = 🔁 En lugar de: { $old }
confirm = ✅ Confirmar
cancel-flow = ✖️ Cancelar
booked =
    ✅ <b>¡Cita reservada!</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Añádala a su calendario con el archivo de abajo. Le enviaré un recordatorio antes de la cita.
moved =
    ✅ <b>¡Cita cambiada!</b> Su cita es ahora:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
already-booked = Esta cita ya está reservada.
slot-taken-alternatives = Lo sentimos, alguien acaba de reservar esa hora. Estas son las horas libres más cercanas:
slot-taken-none = Lo sentimos, alguien acaba de reservar esa hora y no hay otras horas libres próximamente.
matches = Horas libres para { $what }:
matches-none = No he encontrado horas libres para { $what }. Pruebe con otro día o use /book para ver la lista.
matches-your-request = su búsqueda
use-buttons = Elija con los botones de arriba o envíe /stop para salir.
flow-closed = Cerrado. No se ha reservado nada.
my-appointments = 🗂 Mis citas
book-another = 📅 Pedir otra cita
ics-caption = Su cita con { $doctor }
ics-cancel-caption = Cancelada: su cita con { $doctor } (abra el archivo para quitarla de su calendario)
ics-summary = Consulta de { $specialty } con { $doctor }
ics-description = Reservada con CareSlot. Teléfono de la clínica: { $phone }
ics-failed = Ahora mismo no he podido enviar el archivo de calendario. Inténtelo de nuevo más tarde.

## Mis citas

my-upcoming =
    <b>Sus próximas citas</b> ({ $total ->
        [one] { $total } cita
       *[other] { $total } citas
    })
my-past =
    <b>Sus citas pasadas y canceladas</b> ({ $total ->
        [one] { $total } cita
       *[other] { $total } citas
    })
my-none-upcoming = No tiene citas próximas.
my-none-past = Todavía no tiene citas pasadas.
show-past = 🕓 Citas pasadas
show-upcoming = 📅 Próximas
appt-card =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    Estado: { $status }
appt-cancel = ✖️ Cancelar
appt-move = 🔁 Cambiar de hora
appt-ics = 📅 Añadir al calendario
appt-locked = ⏳ Ya es tarde para cancelar o cambiar esta cita aquí. Llame a la clínica: { $phone }
back-to-list = ⬅️ Mis citas
cancel-ask = ¿Cancelar su cita del <b>{ $when }</b> con { $doctor }? Si quiere, dígame el motivo:
cancel-reason-0 = Me encuentro mejor
cancel-reason-1 = No puedo ir
cancel-reason-2 = He pedido otra hora
cancel-reason-3 = Prefiero no decirlo
keep-it = ⬅️ Mantenerla
cancelled = Cancelada: { $when } con { $doctor }. La hora ha quedado libre para otras personas.

## Estados de una cita

status-scheduled = reservada
status-confirmed = confirmada
status-arrived = llegada registrada
status-completed = realizada
status-cancelled = cancelada
status-no_show = no acudió

## Perfil

profile =
    <b>Su perfil</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    ⚠️ Alergias: { $allergies }
    🆘 Contacto de emergencia: { $emergency }
not-set = —
profile-field-full_name = Nombre
profile-field-phone = Teléfono
profile-field-date_of_birth = Fecha de nacimiento
profile-field-allergies = Alergias
profile-field-emergency_contact = Contacto de emergencia
profile-field-language = Idioma
profile-ask = Envíe el nuevo valor de <b>{ $field }</b>:
profile-saved = Guardado.
choose-language = Elija su idioma:
language-changed = Hecho: a partir de ahora le hablaré en español.

## Detalles de la cita

zone-time = hora de { $city }
visit-length = ⏳ { DURATION($minutes) }
summary-locked = ⚠️ { $clinic } admite cambios en el chat hasta { DURATION($minutes) } antes de la cita, así que, una vez reservada, no podrá cancelar ni cambiar esta cita en el chat, solo llamando a la clínica.
what-next = ¿Qué desea hacer?
status-moved = cambiada al { $when }

## Sus datos (/privacy)

privacy-nothing-stored = CareSlot no guarda nada sobre usted: todavía no se ha registrado. Envíe /start para registrarse.
privacy-practice-account = La suya es una cuenta del centro (médico, recepción o administración). Para ver o borrar los datos que contiene, diríjase al administrador del centro.
privacy-overview =
    <b>Qué guarda CareSlot sobre usted</b>
    👤 Nombre: { $name }
    📱 Teléfono: { $phone }
    🎂 Fecha de nacimiento: { $birth }
    ⚠️ Alergias: { $allergies }
    🆘 Contacto de emergencia: { $emergency }
    🌐 Idioma: { $language }
    🗂 Citas pendientes: { $upcoming }; pasadas o canceladas: { $past }
    ✅ Aviso de privacidad aceptado: { $accepted }

    Solo usted, sus médicos y el personal de la clínica pueden verlo. Puede descargar una copia o borrar su cuenta. La descarga incluye también los informes que sus médicos hayan escrito sobre sus visitas, si los hay.
privacy-download = ⬇️ Descargar mis datos
privacy-delete = 🗑 Borrar mi cuenta
privacy-export-json = Sus datos en CareSlot: todo lo que guarda sobre usted (JSON).
privacy-export-csv = Sus citas, una por fila (CSV, se abre con una hoja de cálculo).
privacy-export-failed = Ahora mismo no he podido enviar los archivos. Inténtelo de nuevo más tarde.
privacy-delete-ask =
    <b>¿Borrar su cuenta de CareSlot?</b>
    { $count ->
        [0] No tiene citas pendientes que cancelar.
        [one] Se cancelará su cita pendiente y la hora quedará libre para otros pacientes; se avisará a su médico.
       *[other] Se cancelarán sus { $count } citas pendientes y las horas quedarán libres para otros pacientes; se avisará a sus médicos.
    }
    Se borrarán su nombre, su teléfono, su fecha de nacimiento, sus alergias, su contacto de emergencia y los datos de su seguro, y no recibirá más recordatorios. Este chat dejará de estar vinculado a CareSlot.
    La clínica conserva lo que está obligada a guardar: sus citas pasadas, los informes de sus médicos sobre ellas y el registro de cambios, sin su nombre y sin vínculo con este chat.
    No se puede deshacer. Si quiere conservar una copia de sus datos, descárguela antes.
privacy-delete-yes = 🗑 Sí, borrar mi cuenta
privacy-keep = ⬅️ Mantener mi cuenta
privacy-deleted =
    Su cuenta se ha borrado. { $count ->
        [0] No había citas pendientes que cancelar.
        [one] Se ha cancelado su cita pendiente.
       *[other] Se han cancelado sus { $count } citas pendientes.
    }
    Este chat ya no está vinculado a CareSlot; los mensajes que ya contiene seguirán en Telegram hasta que usted los borre. Si vuelve a escribirme, empezará como paciente nuevo. ¡Cuídese!

## calendar feeds
calendar-title = 📅 <b>Su enlace de calendario</b>
calendar-intro = Suscríbase a este enlace en su aplicación de calendario y sus citas aparecerán allí, siempre al día (Google Calendar: Otros calendarios → Desde URL; Calendario de Apple: Archivo → Nueva suscripción a calendario).
calendar-link-patient = <b>Sus citas</b>
calendar-link-doctor = <b>Su agenda</b> (solo horas y centro, sin nombres de pacientes)
calendar-private = Quien tenga el enlace puede ver estas horas, así que no lo comparta. 🔄 Restablecer hace que el enlace anterior deje de funcionar.
calendar-reset-done = ✅ Enlace nuevo creado: el anterior ya no funciona.
calendar-unavailable = Los enlaces de calendario no están disponibles en este servidor.
calendar-nothing = Aún no hay nada que poner en un calendario: regístrese con /start y pida una cita primero.
button-calendar-reset-patient = 🔄 Restablecer enlace de mis citas
button-calendar-reset-doctor = 🔄 Restablecer enlace de mi agenda

## family

profile-family = 👨‍👩‍👧 Familia
family-title =
    👨‍👩‍👧 <b>Familiares</b>
    Puede reservar, cambiar y cancelar citas para las personas que añada aquí. Sus recordatorios le llegan a usted, en este chat.
family-none = Todavía no ha añadido a nadie.
family-pick = Elija un familiar para ver o cambiar sus datos:
family-add = ➕ Añadir un familiar
family-add-child = ➕ Añadir un hijo o hija
family-ask-name = ¿Cuál es el nombre completo de su familiar?
family-ask-birth = ¿Cuál es la fecha de nacimiento de { $name }? Por ejemplo <i>12.03.2019</i>.
family-ask-relation = ¿Qué es { $name } para usted?
family-ask-allergies = ¿Tiene { $name } alguna alergia? Escríbala, o pulse Omitir.
family-relation-child = 👶 Hijo o hija
family-relation-parent = 🧓 Padre o madre
family-relation-spouse = 💑 Pareja
family-relation-sibling = 👫 Hermano o hermana
family-relation-other = 👤 Otra persona
family-added = ✅ { $name } se ha añadido a su familia.
family-member =
    <b>{ $name }</b>
    { $relation }
    🎂 { $birth }
    ⚠️ Alergias: { $allergies }
family-edit-name = ✏️ Nombre
family-edit-birth = ✏️ Fecha de nacimiento
family-edit-relation = ✏️ Parentesco
family-edit-allergies = ✏️ Alergias
family-ask-new-name = Envíe el nombre completo de { $name } tal como debe quedar:
family-ask-new-birth = Envíe la fecha de nacimiento de { $name }, por ejemplo <i>12.03.2019</i>:
family-ask-new-allergies = Envíe las alergias de { $name } (un guion <i>-</i> si no tiene):
family-remove = 🗑 Quitar de mi familia
family-remove-ask =
    <b>¿Quitar a { $name } de su familia?</b>
    { $count ->
        [0] { $name } no tiene citas próximas.
        [one] La próxima cita de { $name } se cancelará y su hora quedará libre para otros; se avisará al médico.
       *[other] Las { $count } próximas citas de { $name } se cancelarán y sus horas quedarán libres para otros; se avisará a los médicos.
    }
    Los datos de { $name } se borran de CareSlot. La clínica conserva los registros obligatorios de las visitas pasadas.
family-remove-yes = 🗑 Sí, quitar
family-keep = ⬅️ Mantener
family-removed =
    { $name } se ha quitado de su familia. { $count ->
        [0] No había citas próximas que cancelar.
        [one] Se ha cancelado la cita próxima.
       *[other] Se han cancelado las { $count } citas próximas.
    }
family-me = Yo
whom-ask = <b>¿Para quién es esta cita?</b>
whom-ask-pediatric =
    <b>¿Para quién es esta cita?</b>
    Pediatría atiende a niños: añada primero a su hijo o hija y la cita se reservará para él o ella.
whom-me = 🙋 Yo ({ $name })
visit-for = 👤 Para: <b>{ $name }</b>
privacy-family = 👨‍👩‍👧 Familiares ({ $count }): { $names } — sus datos y citas también están en la descarga.
privacy-delete-family = { $count ->
        [one] Su familiar se va con la cuenta: sus próximas citas (contadas arriba) se cancelan y sus datos se borran; la clínica conserva los registros obligatorios de sus visitas pasadas.
       *[other] Sus { $count } familiares se van con la cuenta: sus próximas citas (contadas arriba) se cancelan y sus datos se borran; la clínica conserva los registros obligatorios de sus visitas pasadas.
    }

## lists

# Un médico de una lista con la primera hora que se puede reservar: $when de at(), $tz zone-time.
list-next-free = • { $name } — próxima hora libre: { $when } ({ $tz })
list-no-free = • { $name } — sin horas libres { $horizon_days ->
        [one] en el próximo día
       *[other] en los próximos { $horizon_days } días
    }
# La próxima hora libre de la ficha del médico (su $next_free).
card-next-free = { $when } ({ $tz })
card-no-free = ninguna { $horizon_days ->
        [one] en el próximo día
       *[other] en los próximos { $horizon_days } días
    }

## notifications

command-patient-notifications = Mis avisos
notice-reminder =
    ⏰ <b>Recordatorio</b>: su cita el <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-reminder-for =
    ⏰ <b>Recordatorio</b>: la cita de { $patient } el <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-confirm = ✅ Asistiré
notice-call-to-change = Para cambiarla o cancelarla ahora, llame a la clínica: { $phone }
notice-confirmed = ✅ ¡Gracias! Su cita con { $doctor } el { $when } está confirmada.
notice-doctor-title = <b>Cambios en su lista</b>
notice-line-doctor_booked = ➕ { $when } · { $patient } (reservada)
notice-line-doctor_cancelled = ➖ { $when } · { $patient } (cancelada)
notice-line-doctor_moved = 🔁 { $patient }: cambiada de { $old } a { $when }
notice-label-reminder = ⏰ Recordatorio · { $when }
notice-label-doctor_booked = ➕ Reservada · { $when }
notice-label-doctor_cancelled = ➖ Cancelada · { $when }
notice-label-no_show = 🚫 Cita perdida · { $when }
notice-label-running_late = ⏳ El médico se retrasa · { $when }
notice-label-morning_digest = ☀️ Lista de la mañana · { $when }
notice-list-title =
    <b>Sus avisos</b> ({ $total ->
        [one] { $total } mensaje
       *[other] { $total } mensajes
    }, { $unread } sin leer)
notice-list-none = Aún no tiene avisos. Aquí aparecerán los recordatorios de sus citas.
notice-read-all = ✔️ Marcar todo como leído
notice-back = ⬅️ Avisos
notice-open-visit = 📋 Ver la cita
notice-about =
    <b>{ $when }</b> ({ $tz })
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }, { $address }
notice-sent = <i>Enviado el { $when }</i>

## doctor

doctor-no-profile = Su cuenta todavía no está vinculada a un perfil de médico. Pida al administrador de la consulta que la vincule.
doctor-today-title = <b>📋 Hoy, { $day }</b>
doctor-agenda-title = <b>🗓 { $day }</b>
# $tz: el mensaje zone-time («hora de Londres»).
doctor-day-clinic = 🏥 <b>{ $clinic }</b> ({ $tz })
doctor-day-off = Hoy es su día libre: no hay citas.
doctor-day-empty = No hay citas para este día.
doctor-day-all-done = 🎉 Todo hecho: todas las citas del día están cerradas.
doctor-day-left =
    { $count ->
        [0] No queda ninguna cita por atender.
        [one] Queda { $count } cita por atender.
       *[other] Quedan { $count } citas por atender.
    }
doctor-agenda-page = Día { $page } de { $count } ({ DAY_MONTH($first) } – { DAY_MONTH($last) }).
doctor-agenda-ask = ¿Qué día o días? Por ejemplo <i>tomorrow</i> (mañana), <i>Friday</i> (viernes), <i>next week</i> (la semana que viene) o <i>12.05–16.05</i>.
doctor-age =
    { $age ->
        [one] { $age } año
       *[other] { $age } años
    }
doctor-first-visit = primera visita
doctor-returning = ya vino antes
doctor-allergies-flag = ⚠️ alergias
doctor-mark-arrived = 🟡 Ha llegado
doctor-mark-done = ✅ Atendido
doctor-mark-no-show = ❌ No vino
doctor-undo = ↩️ Deshacer
doctor-refresh = 🔄 Actualizar
doctor-back-today = ⬅️ La lista de hoy
doctor-back-agenda = ⬅️ La agenda
doctor-card-title = <b>Cita del { $when }</b>
doctor-card-patient =
    📱 Teléfono: { $phone }
    🎂 Fecha de nacimiento: { $birth }
    ⚠️ Alergias: { $allergies }
    🆘 Contacto de emergencia: { $emergency }
doctor-card-record = <b>📝 Informe de esta cita</b>
doctor-card-earlier =
    <b>{ $count ->
        [one] La cita anterior con usted
       *[other] Citas anteriores con usted ({ $count })
    }</b>
doctor-record-diagnosis = <b>Diagnóstico:</b> { $text }
doctor-record-prescription = <b>Receta:</b> { $text }
doctor-record-notes = <b>Notas:</b> { $text }
doctor-record-corrected =
    <i>{ $count ->
        [one] Corregido el { $when }.
       *[other] Corregido { $count } veces, la última el { $when }.
    }</i>
doctor-record-write = 📝 Escribir el informe
doctor-record-edit = ✏️ Editar el informe
doctor-record-fix = ➕ Añadir una corrección
doctor-record-ask-diagnosis = Escriba el <b>diagnóstico</b> (hasta { $limit } caracteres) o pulse Omitir.
doctor-record-ask-prescription = Escriba la <b>receta</b> (hasta { $limit } caracteres) o pulse Omitir.
doctor-record-ask-notes = Escriba sus <b>notas</b> (hasta { $limit } caracteres) o pulse Omitir.
doctor-record-now = Ahora: <i>{ $text }</i>
doctor-record-keep = Dejarlo como está
doctor-record-cancel = ✖️ Cancelar sin guardar
doctor-record-saved = 📝 El informe de la cita está guardado.
command-patient-records = Sus informes de visitas
records-none = Todavía no tiene informes de visitas. Su médico escribe uno después de cada cita.
records-title-member =
    <b>📝 { $patient }: cita con { $doctor }</b>, { $when }
    Informe { $page } de { $count }
records-title =
    <b>📝 Su cita con { $doctor }</b>, { $when }
    Informe { $page } de { $count }
# Al paciente tras una cita a la que no vino; $when: con formato WHEN.
doctor-no-show-notice = Le esperábamos en su cita con <b>{ $doctor }</b> en { $clinic } el { $when }. Si todavía la necesita, pida una nueva hora: es cosa de un minuto.
doctor-no-show-rebook = 📅 Pedir una nueva hora
doctor-late-button = ⏱ Voy { $minutes } min tarde
doctor-late-told =
    { $count ->
        [one] Se ha avisado a { $count } paciente pendiente de que va con retraso.
       *[other] Se ha avisado a { $count } pacientes pendientes de que va con retraso.
    }
doctor-late-none = No hay nadie nuevo a quien avisar: los pacientes pendientes ya lo sabían, o no queda ninguna cita por empezar.
# A un paciente pendiente; $when: con formato WHEN.
doctor-late-notice = <b>{ $doctor }</b> ({ $clinic }) va hoy con unos { $minutes } minutos de retraso. Su cita de { $when } probablemente empezará un poco más tarde; no hace falta cambiarla.

## Recurring visits
repeat-button = 🔁 Repetir
repeat-how-often = 🔁 <b>Repetir esta cita</b>: ¿con qué frecuencia?
repeat-every-1w = Cada semana
repeat-every-2w = Cada 2 semanas
repeat-every-1m = Cada mes
repeat-how-many = ¿Cuántas citas en total, contando esta? Pulse un número o escriba el último día hasta el que repetir (por ejemplo, «30.06»).
repeat-plan-title = <b>Sus citas periódicas con { $doctor }</b> ({ $tz }). Todavía no se ha reservado nada:
repeat-line-ok = ✅ { $when }
repeat-line-instead = 🔄 { $when } (en lugar de { $old })
repeat-line-skipped = ⏭ { $old }: no se incluye
repeat-line-problem = ⚠️ { $old }: { $what }
repeat-why-taken = esa hora está ocupada
repeat-why-not-offered = el médico no atiende a esa hora ese día
repeat-why-full-day = la agenda del médico está completa ese día
repeat-why-horizon = todavía no se puede reservar con tanta antelación
repeat-why-notice = es demasiado pronto para reservar
repeat-why-busy = ya tiene otra cita a esa hora
repeat-take = { $when } en su lugar
repeat-skip = ⏭ Omitir { $old }
repeat-choose = Para cada cita con ⚠️, elija la hora propuesta u omítala; después podrá reservarlas todas.
repeat-too-few = Una serie necesita al menos 2 citas: elija otra hora para una omitida o vuelva atrás.
repeat-book = { $count ->
        [one] ✅ Reservar { $count } cita
       *[other] ✅ Reservar las { $count } citas
    }
repeat-changed = Algo cambió mientras miraba, así que no se reservó nada. Estas son las citas tal como están ahora.
series-booked = { $count ->
        [one] ✅ <b>¡Reservada!</b> { $count } cita con { $doctor } en { $clinic } ({ $tz }):
       *[other] ✅ <b>¡Reservadas!</b> { $count } citas con { $doctor } en { $clinic } ({ $tz }):
    }
series-cancel-following = ✖️ Cancelar esta y las siguientes
series-move-following = 🔁 Cambiar esta y las siguientes
series-cancel-ask = { $count ->
        [one] ¿Cancelar la cita del { $when }? Es la última de su serie.
       *[other] ¿Cancelar esta cita ({ $when }) y las siguientes de su serie, { $count } citas en total?
    }
series-cancel-yes = { $count ->
        [one] ✖️ Sí, cancelarla
       *[other] ✖️ Sí, cancelar { $count } citas
    }
series-cancelled = { $count ->
        [one] Se ha cancelado { $count } cita a partir del { $when }. La hora ya está libre para otras personas.
       *[other] Se han cancelado { $count } citas a partir del { $when }. Las horas ya están libres para otras personas.
    }
series-cancel-reason = Serie cancelada a partir de esta cita
series-move-note = 🔁 Las citas siguientes de la serie se mueven el mismo número de días, a la misma hora nueva.
series-moved = { $count ->
        [one] ✅ <b>¡Cambiada!</b> { $count } cita de la serie queda así:
       *[other] ✅ <b>¡Cambiadas!</b> { $count } citas de la serie quedan así:
    }
## horario de trabajo (/hours) y ausencias (/off)
hours-title = <b>⏰ Su horario de trabajo</b> en { $clinic } ({ $tz })
hours-day = { WEEKDAY($weekday) }: { $text }
hours-day-off = día libre
hours-break = pausa { TIME($start) }–{ TIME($end) }
hours-upcoming = <b>Desde el { DAY_MONTH($day) }:</b>
hours-ask = Para cambiarlo, escriba por ejemplo <i>lun 9-13, 14-18</i> (dos tramos: una pausa entre ellos), <i>mié libre</i>, <i>mar 10:00-16:30</i> o <i>lun-vie 9-17</i>.
hours-from-ask = ¿Desde qué fecha se aplica el nuevo horario? Escriba una fecha o elija:
hours-from-tomorrow = Mañana, { DAY_MONTH($day) }
hours-confirm = <b>Nuevo horario desde el { DAY_MONTH($day) }</b> (las semanas anteriores conservan el de antes):
hours-save = ✅ Guardar el nuevo horario
hours-dont-save = ✖️ Mantener el horario actual
hours-kept = No ha cambiado nada: su horario sigue como estaba.
hours-saved =
    ✅ Su nuevo horario se aplica desde el { DAY_MONTH($day) }. { $closed ->
        [one] Se cerró { $closed } hora libre fuera de él
       *[other] Se cerraron { $closed } horas libres fuera de él
    }; { $created ->
        [one] se abrió { $created } hora nueva.
       *[other] se abrieron { $created } horas nuevas.
    }
hours-outside = Estas citas reservadas quedan fuera de su nuevo horario. Mantenga cada una, o cancélela y ofrezca al paciente las horas libres más próximas:
hours-outside-line = • { $when } · { $patient }
hours-keep = ✅ Mantener { $when }
hours-cancel-offer = ↩️ Cancelar y ofrecer
hours-visit-kept = Mantenida: la cita sigue reservada.
hours-visit-cancelled = Cancelada: al paciente se le ofrecen las horas libres más próximas.
command-doctor-off = Ausencias
off-title = <b>🌴 Sus ausencias</b>
off-line =
    • { $when } – { $until } ({ $count ->
        [one] { $count } hora cerrada
       *[other] { $count } horas cerradas
    })
off-none = No hay ausencias previstas.
off-remove = 🗑 Quitar { $when }
off-ask = Para ausentarse, escriba cuándo, por ejemplo <i>mañana</i>, <i>24.12–02.01</i>, <i>viernes por la tarde</i> o <i>viernes 14-18</i>.
off-plan = <b>Ausencia { $when } – { $until }</b> ({ $tz })
off-plan-visits =
    { $count ->
        [one] Se cancelará esta cita y se ofrecerán al paciente las horas libres más próximas:
       *[other] Se cancelarán estas { $count } citas y se ofrecerán a cada paciente las horas libres más próximas:
    }
off-plan-none = No hay citas reservadas en ese tiempo.
off-save = ✅ Confirmar la ausencia
off-dont-save = ✖️ Cancelar
off-cancelled = No ha cambiado nada.
off-taken =
    ✅ Ausencia guardada: { $when } – { $until }. { $count ->
        [0] No afecta a ninguna cita.
        [one] Se canceló { $count } cita y se avisó a su paciente.
       *[other] Se cancelaron { $count } citas y se avisó a sus pacientes.
    }
off-removed =
    🗑 Ausencia quitada. { $count ->
        [one] { $count } hora vuelve a estar libre.
       *[other] { $count } horas vuelven a estar libres.
    }
notice-label-cancelled_by_doctor = ↩️ Cita cancelada por el médico · { $when }
rebook-notice = Lo sentimos: <b>{ $doctor }</b> no podrá atenderle en { $clinic } el { $when } ({ $tz }), así que esa cita queda cancelada. Elija otra hora abajo: un toque basta para reservarla.
rebook-notice-for = Lo sentimos: <b>{ $doctor }</b> no podrá atender a <b>{ $patient }</b> en { $clinic } el { $when } ({ $tz }), así que esa cita queda cancelada. Elija otra hora abajo: un toque basta para reservarla.
rebook-none = No hay horas libres próximamente; vuelva a mirar más tarde.
rebook-same-doctor = { $when }
rebook-other-doctor = { $when } · { $doctor }
rebook-book = 📅 Buscar otra hora
rebook-booked = ✅ Reservado: { $when } ({ $tz }) con <b>{ $doctor }</b> en { $clinic }.
rebook-already = Ya ha reservado otra hora en lugar de esa cita: { $when } ({ $tz }) con <b>{ $doctor }</b> en { $clinic }.
# --- la lista de espera ---
wait-button = 🔔 Avísame cuando se libere algo
wait-any-clinic = cualquier clínica
wait-draft =
    🔔 <b>Avísame cuando se libere algo</b>
    Para: { $what }
    Fechas: { $first } – { $last }
    Momento del día: { $part }
    Quién: { $patient }

    Cuando se libere una plaza que encaje, te la ofreceré aquí y te la guardaré unos minutos. Para acotar las fechas, escríbelas (por ejemplo «hasta el 20 de marzo» o «10.03 - 15.03»).
wait-part-any = cualquier hora
wait-part-morning = mañana
wait-part-afternoon = tarde
wait-part-evening = última hora de la tarde
wait-part-button-any = 🕐 Cualquier hora
wait-part-button-morning = 🌅 Mañana
wait-part-button-afternoon = ☀️ Tarde
wait-part-button-evening = 🌆 Última hora
wait-join = ✅ Apuntarme a la lista de espera
wait-joined = 🔔 Estás en la lista de espera para { $what }, { $first } – { $last } ({ $part }). Cuando se libere una plaza, te la ofreceré aquí. Puedes verla o salir de ella en /my.
wait-dates-unclear = No he podido leer esas fechas. Escribe un día («20 de marzo»), «hasta el 20 de marzo» o dos días («10.03 - 15.03»).
notice-waitlist-offer =
    🔔 <b>Se ha liberado una plaza</b> con { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    Te la guardo hasta las { $end } ({ $minutes } min). ¿La quieres?
notice-waitlist-offer-for =
    🔔 <b>Se ha liberado una plaza para { $patient }</b> con { $doctor } ({ $specialty }): { $when } ({ $tz }), { $clinic }, { $address }.
    Te la guardo hasta las { $end } ({ $minutes } min). ¿La quieres?
notice-label-waitlist_offer = 🔔 Oferta de la lista de espera, { $when }
offer-book = ✅ Reservarla
offer-decline = No, gracias
offer-declined = De acuerdo: la plaza pasa a la siguiente persona de la lista. Seguiré buscando otras horas para ti.
my-waitlist-title = 🔔 <b>En lista de espera</b>
my-waitlist-line = { $what }: { $first } – { $last } ({ $part })
my-waitlist-line-for = { $patient } — { $what }: { $first } – { $last } ({ $part })
wait-leave = ✖️ Salir: { $what }
wait-left = Has salido de la lista de espera para { $what }.
wait-leave-button = ✖️ Salir de la lista de espera
## El resumen matutino (/digest, 🔔 en /today); $time: 07:30, $tz: la zona de la clínica
doctor-digest-button = 🔔 Resumen
doctor-digest-intro = ☀️ <b>¡Buenos días!</b> Su día de un vistazo:
doctor-digest-open = 📋 Abrir la lista de hoy
digest-title = <b>🔔 Resumen matutino</b>
digest-state-on = Cada día con citas le envío la lista del día a las <b>{ $time }</b> ({ $tz }).
digest-state-off = El resumen matutino está desactivado.
digest-hint = Elija una hora abajo o escriba, por ejemplo, <i>/digest 07:15</i> o <i>/digest off</i>.
digest-turn-off = 🔕 Desactivarlo
digest-set = ✅ Hecho: el resumen llegará a las { $time } ({ $tz }).
digest-set-off = ✅ Hecho: el resumen matutino está desactivado.

## Mis pacientes (/patients): los pacientes asignados al médico
patients-title = <b>👥 Mis pacientes</b> ({ $count })
patients-none =
    <b>👥 Mis pacientes</b>

    Todavía no tiene pacientes propios. En la ficha de una cita, pulse ➕ Añadir a mis pacientes.
patients-found = <b>👥 Mis pacientes que coinciden con «{ $query }»</b>: { $count }
patients-none-found = Ninguno de sus pacientes coincide con «{ $query }».
patients-page = Página { $page } de { $count }
patients-search = 🔎 Buscar
patients-all = 👥 Todos mis pacientes
patients-search-ask = Escriba el nombre del paciente (o parte de él).
patients-card-title = <b>👤 { $patient }</b>
patients-end = ➖ Terminar la asignación
patients-back = ⬅️ Mis pacientes
patients-end-ask = ¿Terminar su asignación de <b>{ $patient }</b>? Dejará de estar entre sus pacientes; seguirá viéndolo mientras tenga una cita con usted.
patients-end-yes = ✅ Sí, terminarla
patients-ended = La asignación ha terminado.
patients-add = ➕ Añadir a mis pacientes
patients-in-mine = ⭐ En mis pacientes

## Administración: invitaciones, usuarios, registro de auditoría

menu-admin-users = 👥 Usuarios
menu-admin-invite = ✉️ Invitar
menu-admin-audit = 📜 Auditoría
command-admin-users = Buscar una cuenta
command-admin-invites = Invitaciones abiertas
role-patient = paciente
role-doctor = médico
role-staff = recepción
role-admin = administración
invite-whom = ¿A quién desea invitar?
invite-a-doctor = 👩‍⚕️ A un médico
invite-a-staff-member = 🧑‍💼 A alguien de recepción
invite-no-doctors = Todos los médicos activos ya tienen cuenta. Primero dé de alta al médico y después invítelo.
invite-no-clinics = No hay ninguna clínica activa a la que invitar a alguien de recepción.
invite-pick-doctor = ¿Para qué médico es la invitación? (Médicos sin cuenta.)
invite-pick-clinic = ¿En qué clínica trabajará la nueva persona de recepción?
invite-created =
    ✉️ <b>Invitación lista</b> — { $role }: { $name }
    Envíe este enlace solo a esa persona; funciona una vez, hasta el { $when } ({ $tz }):
    { $text }
invites-none = No hay invitaciones abiertas.
invites-title = <b>Invitaciones abiertas</b> ({ $count }):
invites-line = { $count }. { $role }: { $name } — hasta el { $when } ({ $tz })
invite-revoke = ✖️ Revocar { $count }
invite-revoked = La invitación se ha revocado: su enlace ya no funciona.
invite-welcome = ¡Bienvenido/a! Su cuenta queda vinculada como { $role }. Este es su menú:
user-active = activa
user-blocked = en pausa
users-ask = Escriba el nombre o el número de teléfono de la cuenta que busca.
users-none = Ninguna cuenta coincide. Pruebe con parte del nombre o con el número de teléfono completo.
users-found = Cuentas encontradas:
users-row = { $name } · { $role } · { $status }
user-card =
    👤 <b>{ $name }</b>
    📞 { $phone }
    Rol: { $role } · Estado: { $status }
user-card-doctor = 👩‍⚕️ Ficha de médico: { $doctor }
user-card-staff = 🏥 Ficha de personal: { $clinic } · departamento { $field } · puesto { $what } · { $status }
user-make = Pasar a { $role }
user-block = ⏸ Bloquear
user-unblock = ▶️ Desbloquear
user-role-confirm = ¿Cambiar el rol de { $name } de { $status } a { $role }?
user-role-changed = ✅ El rol ahora es { $role }.
user-blocked-now = ⏸ La cuenta está en pausa: no podrá hacer nada hasta que se desbloquee.
user-unblocked-now = ▶️ La cuenta vuelve a estar activa.
audit-how = Filtros: <code>user:"Ann Lee"</code>, <code>action:user.role</code>, <code>resource:user</code> y un periodo como <code>last week</code> o <code>01.03–15.03</code>.
audit-empty = No hay nada en el registro de auditoría que coincida.
audit-no-more = No hay entradas más antiguas.
audit-title = <b>Registro de auditoría</b>, lo más reciente primero (horas: { $tz })
audit-row = 🕘 { $when } · <b>{ $what }</b> · { $name } · { $text }
audit-system = sistema
audit-change =     { $field }: { $before } → { $after }
audit-change-value =     { $before } → { $after }
audit-detail =     { $field }: { $after }
audit-older = Anteriores →

## The front desk: finding a patient, a new patient by phone (handlers/staff)

command-staff-newpatient = Un paciente nuevo por teléfono
desk-find-ask = Escriba el número de teléfono del paciente (en cualquier formato) o su nombre.
desk-find-again = Escriba otro número o nombre para buscar de nuevo.
desk-found = { $count ->
    [one] Se encontró un paciente:
   *[other] Se encontraron { $count } pacientes:
}
desk-nothing-found = No se encontró a nadie. Revise la ortografía o el número, o añada un paciente nuevo.
desk-new-button = ➕ Paciente nuevo
desk-next-visit = próxima cita { $when } ({ $tz })
desk-no-next-visit = sin citas próximas
desk-unreachable = ⚠️ no se le puede escribir en el chat: llámele
desk-no-chat = sin chat: llámele
desk-not-linked = aún sin citas en esta clínica
desk-card-title = <b>Paciente</b>
desk-emergency = 🆘 Contacto de emergencia: { $emergency }
desk-upcoming = <b>Próximas citas aquí</b>
desk-visit-line = { $when } ({ $tz }) · { $doctor }
desk-no-upcoming = No tiene citas próximas aquí.
desk-new-name = Paciente nuevo: ¿cuál es su nombre completo?
desk-new-phone = ¿Su número de teléfono (en el formato nacional de la clínica o con el prefijo del país)?
desk-new-birth = ¿Su fecha de nacimiento? Por ejemplo <i>12.03.1985</i>.
desk-new-summary =
    <b>Paciente nuevo</b>
    👤 { $name }
    📱 { $phone }
    🎂 { $birth }
    ¿Guardar este paciente?
desk-save = ✅ Guardar
desk-drop = ✖️ No guardar
desk-new-dropped = No se guardó nada.
desk-new-saved = Guardado: { $patient }. Cuando escriba al bot y comparta este número, su chat se unirá a este registro.
desk-phone-taken = Ese número ya es de un paciente: { $patient }. Escriba otro número, o /stop.
desk-phone-taken-now = Otra persona acaba de registrar ese número. No se guardó nada.
desk-open-card = 📇 Abrir la ficha
registration-linked = ¡Bienvenido, <b>{ $name }</b>! La clínica ya le había registrado con este número, así que su chat queda unido a su ficha: sus citas están en /my.
share-to-link = La clínica tiene registrado este número. Compártalo con el botón de abajo para unir su chat a su ficha.
board-title = <b>🏥 { $clinic } — { $day }</b>
board-empty = Hoy no hay citas reservadas en esta clínica.
board-left =
    { $count ->
        [0] No queda nadie por atender hoy.
        [one] Queda { $count } cita por atender.
       *[other] Quedan { $count } citas por atender.
    }

## The front desk books, moves and cancels on a patient's behalf (handlers/staff/desk_*)

desk-book-button = 📅 Reservar una cita
desk-move-button = 🔁 Cambiar { $when }
desk-cancel-button = ✖️ Cancelar { $when }
desk-book-doctor = Reservar una cita para <b>{ $name }</b>. ¿Con qué médico?
desk-book-no-doctor = Ahora mismo ningún médico de esta clínica acepta citas, así que no se puede reservar nada para <b>{ $name }</b>.
desk-booked-done = ✅ Reservada para <b>{ $patient }</b>: { $when } ({ $tz }) con { $doctor }. Si tiene chat con el bot, recibirá un mensaje con el archivo de calendario; si no, avísele por teléfono.
desk-moved-done = ✅ Cambiada para <b>{ $patient }</b>: ahora { $when } ({ $tz }) con { $doctor }. Si tiene chat con el bot, recibirá un mensaje con el archivo de calendario; si no, avísele por teléfono.
desk-cancel-ask = ¿Cancelar la cita de <b>{ $patient }</b>: { $when } ({ $tz }) con { $doctor }?
desk-cancel-yes = ✅ Sí, cancelarla
desk-cancelled-done = Cancelada: la cita de <b>{ $patient }</b>, { $when } ({ $tz }) con { $doctor }. La hora queda libre para otros.
notice-desk_booked =
    🏥 <b>La recepción le ha reservado una cita</b>
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    Añádala a su calendario con el archivo de abajo. Le avisaré antes de la cita.
notice-desk_moved =
    🔁 <b>La recepción ha cambiado su cita.</b> Ahora es:
    👩‍⚕️ { $doctor } ({ $specialty })
    🏥 { $clinic }
    📍 { $address }
    🕘 { $when } ({ $tz })
    El archivo de abajo la actualiza en su calendario.
notice-desk_cancelled = ✖️ <b>La recepción ha cancelado su cita</b> del { $when } ({ $tz }) con { $doctor }, { $clinic }. El archivo de abajo la quita de su calendario.
notice-label-desk_booked = 🏥 Reservada por la recepción · { $when }
notice-label-desk_moved = 🔁 Cambiada por la recepción · { $when }
notice-label-desk_cancelled = ✖️ Cancelada por la recepción · { $when }

## Slots (/slots): generating slots on demand and closing one; a staff record's edit on
## /users; a family member found at the front desk

command-staff-slots = Generar o cerrar horarios
command-admin-slots = Generar o cerrar horarios
slots-no-clinics = No hay ninguna clínica activa.
slots-clinics = ¿Los horarios de qué clínica?
slots-clinic =
    <b>Horarios · { $clinic }</b>
    Genera los horarios del horario semanal para toda la clínica o para un médico, o cierra un horario.
slots-clinic-no-doctors =
    <b>Horarios · { $clinic }</b>
    Esta clínica aún no tiene médicos activos.
slots-generate-clinic = ⚙️ Generar: toda la clínica
slots-generate-doctor = ⚙️ Generar: { $doctor }
slots-close-doctor = 🚫 Cerrar un horario: { $doctor }
slots-range-ask = ¿Para qué días creo los horarios de <b>{ $name }</b>? Por ejemplo <i>la semana que viene</i> o <i>1.02–28.02</i>, como máximo { $horizon_days } días por delante.
slots-generated = { $created ->
    [0] No hay horarios nuevos: los de <b>{ $name }</b> del { DAY_MONTH($first) } al { DAY_MONTH($last) } ya existen.
    [one] ✅ Un horario nuevo para <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
   *[other] ✅ { $created } horarios nuevos para <b>{ $name }</b>, { DAY_MONTH($first) } – { DAY_MONTH($last) }.
}
slots-no-days = <b>{ $doctor }</b> no tiene horarios abiertos próximamente.
slots-pick-day = Cerrar un horario de <b>{ $doctor }</b>: ¿qué día?
slots-pick-slot = <b>{ $doctor }</b>: ¿qué horario? Se avisará a los pacientes de uno reservado.
slots-no-slots = A <b>{ $doctor }</b> no le quedan horarios abiertos ese día.
slots-back-to-days = ⬅️ Otros días
slots-slot-booked = { $time } · reservado
slots-slot-free = { $time } · libre
slots-close-ask = ¿Cerrar el horario de <b>{ $doctor }</b> el { $when } ({ $tz })? { $count ->
    [0] No hay nadie reservado.
    [one] Se avisará al paciente reservado y se le ofrecerán las horas libres más próximas.
   *[other] Se avisará a los { $count } pacientes reservados y se les ofrecerán las horas libres más próximas.
}
slots-close-yes = 🚫 Cerrar el horario
slots-close-no = ✖️ Dejarlo abierto
slots-closed = 🚫 El horario de <b>{ $doctor }</b> el { $when } ({ $tz }) está cerrado. { $count ->
    [0] No había ninguna cita reservada.
    [one] { $count } cita cancelada: se ha avisado al paciente y se le han ofrecido otras horas.
   *[other] { $count } citas canceladas: se ha avisado a cada paciente y se le han ofrecido otras horas.
}
slots-left-open = El horario del { $when } sigue abierto.
user-staff-department = ✏️ Departamento
user-staff-position = ✏️ Puesto
user-staff-status = Estado laboral: { $status }
staff-status-active = en activo
staff-status-inactive = inactivo
staff-status-on_leave = de baja o permiso
staff-ask-department = Escribe el nuevo departamento de <b>{ $name }</b> (como máximo { $limit } caracteres).
staff-ask-position = Escribe el nuevo puesto de <b>{ $name }</b> (como máximo { $limit } caracteres).
staff-record-saved = ✅ La ficha del empleado está actualizada.
desk-family-member = 👪 familiar de { $name }

## Reports (/report: the summary, the pickers, the chart and the CSV)

menu-staff-report = 📊 Informes
command-staff-report = El informe de la clínica
report-pick-clinic = 📊 ¿De qué clínica quiere el informe?
report-pick-period = 📊 <b>{ $clinic }</b>: ¿qué periodo? Elija uno o escríbalo: “el mes pasado”, “T3”, “este año”, “2026”, 12.05–16.05.
report-period-this-week = Esta semana
report-period-last-month = El mes pasado
report-period-this-quarter = Este trimestre
report-no-clinics = Todavía no hay ninguna clínica para el informe.
report-title = 📊 <b>{ $clinic }</b>, { SHORT_DATE($first) } – { SHORT_DATE($last) }
report-empty = No hay citas ni horas ofrecidas en este periodo.
report-totals = Reservas: { $total }, canceladas: { $count }
report-cancel-reasons = Motivos de cancelación: { $text }
report-cancelled-by = Canceladas por: { $text }
report-no-shows = Ausencias: { $count } ({ $text } de las citas no canceladas)
report-utilisation = Ocupación: { $text } ({ $hours } h reservadas de { $total } h ofrecidas)
report-lead-time = Antelación de la reserva (días): mediana { $text }, el 90 % en { $what } o menos
report-busiest = Horas de más actividad: { $text }
report-doctors = <b>Por médico</b> (reservas · ausencias · ocupación)
report-doctor-line = { $doctor }: { $total } · { $count } ({ $text }) · { $what }
report-doctors-more = Otros médicos, en el CSV: { $count }
report-csv-caption = { $clinic }, { SHORT_DATE($first) } – { SHORT_DATE($last) }: una fila por cita, sin datos de pacientes (CSV).
report-files-failed = No se pudo enviar el gráfico o el CSV. Inténtelo de nuevo.
report-chart-title = Reservas por día — { $clinic }
report-chart-day = Día
report-chart-bookings = Reservas
report-reason-none = sin motivo
report-reason-feeling_better = se encuentra mejor
report-reason-cant_make_it = no puede asistir
report-reason-booked_another_time = reservó otra hora
report-reason-series_cancelled = serie cancelada
report-reason-rescheduled = cambio de hora
report-reason-time_off = ausencia del médico
report-reason-hours_changed = cambio de horario
report-reason-slot_closed = horario cerrado
report-reason-doctor_inactive = el médico ya no atiende en la clínica
report-reason-front_desk = cancelada en recepción
report-reason-account_deleted = cuenta eliminada
report-reason-family_member_removed = familiar eliminado
report-reason-other = otro
report-by-patient = paciente
report-by-doctor = médico
report-by-staff = recepción
report-by-admin = administración
report-by-system = CareSlot


## The admin's clinics and doctors (/clinics, /doctors)

clinics-title = <b>Clínicas</b> (⏸ marca una inactiva). Abra una para ver y cambiar su configuración.
clinics-none = Todavía no hay clínicas.
clinic-row = 🏥 { $name } · { $city }
clinic-row-inactive = ⏸ { $name } · { $city } (inactiva)
clinic-add = ➕ Añadir una clínica
clinic-no-reminders = ninguno
clinic-reminder = { DURATION($minutes) }
clinic-card-head = 🏥 <b>{ $name }</b> · { $status }
clinic-active = activa
clinic-inactive = inactiva
clinic-card-address = Dirección: { $address }, { $city }
clinic-card-contact = Teléfono: { $phone } · Correo: { $text }
clinic-card-zone = Zona horaria: { $zone }
clinic-card-notice = Antelación mínima para reservar: { DURATION($minutes) }
clinic-card-horizon = Horizonte de reserva: { $horizon_days ->
        [one] { $horizon_days } día
       *[other] { $horizon_days } días
    }
clinic-card-cancel = Antelación para cancelar: { DURATION($minutes) }
clinic-card-reminders = Recordatorios antes de la cita: { $text }
clinic-card-locked = ⚠️ La antelación para cancelar es mayor que la de reserva: una cita reservada con menos de { DURATION($minutes) } de antelación no se puede cambiar en el chat (el resumen de la reserva avisa al paciente).
clinic-deactivate = ⏸ Desactivar
clinic-reactivate = ▶️ Reactivar
clinic-edit = ✏️ Editar
clinic-field-name = Nombre
clinic-field-address = Dirección
clinic-field-city = Ciudad
clinic-field-phone = Teléfono
clinic-field-email = Correo
clinic-field-timezone = Zona horaria
clinic-field-notice = Antelación mínima para reservar
clinic-field-horizon = Horizonte de reserva
clinic-field-cancel = Antelación para cancelar
clinic-field-reminders = Recordatorios
clinic-pick-field = ¿Qué ajuste de <b>{ $name }</b> quiere cambiar?
clinic-ask-name = Escriba el nuevo nombre de <b>{ $name }</b>.
clinic-ask-address = Escriba la dirección de <b>{ $name }</b> (sin la ciudad).
clinic-ask-city = Escriba la ciudad de <b>{ $name }</b>.
clinic-ask-phone = Escriba el teléfono de <b>{ $name }</b>, tal como se marca en su país o con + y el prefijo del país.
clinic-ask-email = Escriba el correo electrónico de <b>{ $name }</b>.
clinic-ask-timezone = Escriba la zona horaria de <b>{ $name }</b> con su nombre IANA, como Europe/Madrid o America/Mexico_City.
clinic-ask-notice = Escriba la antelación mínima para reservar en <b>{ $name }</b>, en minutos (60 es una hora): hasta cuánto antes de una cita todavía se puede reservar.
clinic-ask-horizon = Escriba el horizonte de reserva de <b>{ $name }</b> en días (de 1 a 365): con cuánta antelación pueden reservar los pacientes.
clinic-ask-cancel = Escriba la antelación para cancelar en <b>{ $name }</b>, en minutos (240 son cuatro horas): hasta cuándo antes de una cita los pacientes pueden cancelarla o moverla en el chat.
clinic-ask-reminders = Escriba cuándo salen los recordatorios de <b>{ $name }</b>, en minutos antes de la cita, separados por comas (cuatro como máximo, por ejemplo 1440, 120), o 0 para ninguno.
clinic-off-effect = ¿Desactivar <b>{ $name }</b>? { $count ->
        [one] Tiene { $count } cita futura: sigue reservada
       *[other] Tiene { $count } citas futuras: siguen reservadas
    } (los pacientes aún pueden cancelarlas; recepción y los médicos las siguen viendo). La clínica y { $total ->
        [one] su { $total } médico activo
       *[other] sus { $total } médicos activos
    } salen de la búsqueda y no aceptan nuevas reservas.
clinic-off-confirm = ✅ Sí, desactivar
clinic-on-effect = ¿Reactivar <b>{ $name }</b>? Vuelve a la búsqueda y acepta reservas de nuevo, con { $total ->
        [one] su { $total } médico activo
       *[other] sus { $total } médicos activos
    }.
clinic-on-confirm = ✅ Sí, reactivar
clinic-new-name = ➕ Una clínica nueva, paso 1 de 5: ¿cuál es el nombre de la nueva clínica?
clinic-new-address = Paso 2 de 5: ¿su dirección (sin la ciudad)?
clinic-new-city = Paso 3 de 5: ¿su ciudad?
clinic-new-zone = Paso 4 de 5: ¿su zona horaria, con su nombre IANA, como Europe/Madrid o America/Mexico_City?
clinic-new-phone = Paso 5 de 5: ¿su teléfono, tal como se marca en su país o con + y el prefijo del país? O sáltelo.
clinic-skip = Saltar
clinic-new-summary = ¿Guardar esta clínica?
    <b>{ $name }</b>
    { $address }, { $city }
    Zona horaria: { $zone }
    Teléfono: { $phone }
    La ventana de reserva empieza con 1 hora de antelación, 60 días por delante, cancelaciones hasta 4 horas antes y recordatorios un día y 2 horas antes: cámbielos en su ficha.
clinic-new-dropped = La clínica no se ha guardado.
clinic-new-saved = ✅ La clínica { $name } se ha guardado.
clinic-saved-field = ✅ { $field }: guardado.
clinic-now-active = ▶️ La clínica vuelve a estar activa: aparece en la búsqueda y acepta reservas.
clinic-now-inactive = ⏸ La clínica está inactiva: sus citas reservadas se mantienen y no acepta nuevas reservas.
doctors-clinic-row = 🏥 { $name }
doctors-pick-clinic = <b>Médicos</b>: ¿de qué clínica?
doctor-row = { $name } · { $specialty }
doctor-row-inactive = ⏸ { $name } · { $specialty } (inactivo)
doctor-add = ➕ Añadir un médico
doctors-title = <b>Médicos de { $clinic }</b> (⏸ marca uno inactivo):
doctors-none = { $clinic } todavía no tiene médicos.
doctor-admin-head = 👩‍⚕️ <b>{ $name }</b> · { $status }
doctor-admin-where = { $clinic } · { $specialty }
doctor-admin-license = Número de colegiado: { $license_number }
doctor-admin-quals = Titulación: { $text } · { $years ->
        [one] { $years } año de experiencia
       *[other] { $years } años de experiencia
    }
doctor-admin-visits = Duración de la cita: { $minutes } min · como máximo { $count ->
        [one] { $count } paciente al día
       *[other] { $count } pacientes al día
    }
doctor-admin-linked = Cuenta de Telegram vinculada.
doctor-admin-unlinked = Todavía sin cuenta de Telegram: /invite envía al médico un enlace.
doctor-field-name = Nombre
doctor-field-license = Número de colegiado
doctor-field-spec = Especialidad
doctor-field-quals = Titulación
doctor-field-years = Experiencia
doctor-field-visit = Duración de la cita
doctor-field-max = Pacientes al día
doctor-pick-field = ¿Qué dato de <b>{ $name }</b> quiere cambiar?
doctor-ask-name = Escriba el nombre completo de <b>{ $name }</b>.
doctor-ask-license = Escriba el número de colegiado de <b>{ $name }</b>.
doctor-ask-spec = ¿Qué especialidad ejerce <b>{ $name }</b>? (✓ marca la actual; una especialidad nueva se añade en ➕ Añadir un médico.)
doctor-ask-quals = Escriba la titulación de <b>{ $name }</b>.
doctor-ask-years = Escriba los años de experiencia de <b>{ $name }</b> (de 0 a 80).
doctor-ask-visit = Escriba la duración de las citas de <b>{ $name }</b> en minutos (de 5 a 480). La tendrán los horarios nuevos; los ya creados conservan la suya.
doctor-ask-max = Escriba cuántos pacientes atiende <b>{ $name }</b> al día como máximo (de 1 a 200).
doctor-off-visits = ¿Desactivar a <b>{ $name }</b>? { $count ->
        [one] Esta cita futura se cancelará
       *[other] Estas { $count } citas futuras se cancelarán
    } y a cada paciente se le ofrecerán las horas libres más cercanas:
doctor-off-visit = • { $time } — { $patient }
doctor-off-more = … y { $count } más.
doctor-off-none = ¿Desactivar a <b>{ $name }</b>? No tiene citas futuras. Sale de la búsqueda y no acepta nuevas reservas.
doctor-on-effect = ¿Reactivar a <b>{ $name }</b>? Vuelve a la búsqueda, con sus horas creadas de nuevo a partir de su horario.
doctor-new-name = ➕ Un médico nuevo: ¿cuál es su nombre completo?
doctor-new-clinic = ¿En qué clínica trabaja?
doctor-new-pick-specialty = ¿Su especialidad?
doctor-new-specialty = ➕ Una especialidad nueva
doctor-new-specialty-name = Escriba el nombre de la nueva especialidad.
doctor-new-license = ¿Su número de colegiado?
doctor-new-visit = ¿Cuánto dura una de sus citas, en minutos (de 5 a 480)?
doctor-new-max = ¿Cuántos pacientes al día como máximo (de 1 a 200)?
doctor-new-summary = ¿Guardar este médico?
    <b>{ $name }</b>
    { $clinic } · { $specialty }
    Número de colegiado: { $license_number }
    Citas de { $minutes } min, como máximo { $count ->
        [one] { $count } paciente al día
       *[other] { $count } pacientes al día
    }
doctor-new-saved = ✅ { $name } se ha guardado. Después viene su horario semanal (el /hours del médico); /invite vincula su cuenta de Telegram.
doctor-new-dropped = El médico no se ha guardado.
doctor-now-active = ▶️ El médico vuelve a estar activo.
doctor-now-inactive = ⏸ El médico está inactivo; { $count ->
        [one] { $count } cita cancelada
       *[other] { $count } citas canceladas
    } y a cada paciente se le han ofrecido otras horas.

## Admin: el horario semanal de un médico desde su ficha (/doctors → un médico → ⏰ Horario)
admin-hours-title = <b>⏰ Horario de trabajo de { $name }</b> en { $clinic } ({ $tz })
admin-hours-kept = No ha cambiado nada: el horario del médico sigue como estaba.
admin-hours-saved =
    ✅ El nuevo horario del médico se aplica desde el { DAY_MONTH($day) }. { $closed ->
        [one] Se cerró { $closed } hora libre fuera de él
       *[other] Se cerraron { $closed } horas libres fuera de él
    }; { $created ->
        [one] se abrió { $created } hora nueva.
       *[other] se abrieron { $created } horas nuevas.
    }
admin-hours-outside = Estas citas reservadas quedan fuera del nuevo horario del médico. Mantenga cada una, o cancélela y ofrezca al paciente las horas libres más próximas:

## An admin's clinic day (/day without a clinic: the picker; handlers/staff/board.py)

board-pick-clinic = ¿El día de qué clínica?
board-no-clinics = No hay ninguna clínica activa, así que no hay día de clínica que mostrar.
command-admin-day = El día de una clínica

## desk link by birth date
desk-link-ask-new = Ese número ya es de un paciente: { $patient }. Esta clínica aún no lo conoce: pídale su fecha de nacimiento y escríbala aquí (por ejemplo <i>12.03.1985</i>). Si coincide, su ficha se abre aquí.
desk-link-ask = { $patient }
    Esta clínica aún no lo conoce: pídale su fecha de nacimiento y escríbala aquí (por ejemplo <i>12.03.1985</i>). Si coincide, su ficha se abre aquí.
desk-link-mismatch = Esa fecha de nacimiento no coincide con la del paciente de este número. { $count ->
        [one] Queda { $count } intento: escríbala de nuevo, o ⬅️ Atrás.
       *[other] Quedan { $count } intentos: escríbala de nuevo, o ⬅️ Atrás.
    }
desk-link-stopped = Tres fechas de nacimiento no coincidieron con el paciente de este número, así que me detuve: hoy no hay más intentos para él aquí. Compruebe con quién habla (un documento, el número con el que se registró) o pida ayuda a un administrador.
desk-link-button = 🎂 Confirmar fecha de nacimiento · { $name }

## desk specialty step (the desk's doctor choice by specialty, a doctor's name typed; /day <clinic>)

desk-book-specialty = Reservar una cita para <b>{ $name }</b>. ¿Qué especialidad?
desk-book-type-name = O escriba el nombre del médico.
desk-book-specialty-doctors = { $specialty }: ¿con qué médico para <b>{ $name }</b>?
desk-book-named = Médicos de esta clínica cuyo nombre encaja con «{ $query }», para <b>{ $name }</b>:
desk-book-name-none = Ningún médico de esta clínica se llama como «{ $query }». Revise la ortografía o elija abajo.
board-clinic-unknown = Ninguna clínica activa se llama «{ $query }».
board-clinic-several = Más de una clínica encaja con «{ $query }».

## doctor clinic move
doctor-move-button = 🏥 Clínica
doctor-move-pick = ¿A qué clínica pasa <b>{ $name }</b>? Ahora trabaja en { $clinic }.
doctor-move-nowhere = No hay otra clínica activa a la que pasar a <b>{ $name }</b> (trabaja en { $clinic }).
doctor-move-title = ¿Pasar a <b>{ $name }</b> de { $before } a { $after }?
doctor-move-effect = No tiene citas reservadas por delante en { $before }. { $count ->
        [one] Se quita { $count } hora libre por delante allí
       *[other] Se quitan { $count } horas libres por delante allí
    }, y su horario semanal se abre como horas nuevas en { $after } (zona horaria: { $zone }) hasta { $horizon_days ->
        [one] { $horizon_days } día
       *[other] { $horizon_days } días
    } por delante. Los pacientes que esperan a este médico siguen esperando y se les ofrecen las horas nuevas.
doctor-move-confirm = ✅ Sí, pasar
doctor-moved = 🏥 El médico trabaja ahora en { $clinic }: { $count ->
        [one] se quitó { $count } hora libre en la clínica anterior
       *[other] se quitaron { $count } horas libres en la clínica anterior
    }; { $created ->
        [one] se abrió { $created } hora nueva.
       *[other] se abrieron { $created } horas nuevas.
    }
clinic-field-state = Estado / región
clinic-field-zip = Código postal
clinic-ask-state = Escriba el estado o la región de <b>{ $name }</b>.
clinic-ask-zip = Escriba el código postal de <b>{ $name }</b>.
clinic-card-state = Estado / región: { $text }
clinic-card-zip = Código postal: { $text }
