# Sales Assistant, español (es-ES, es-MX, es-US). Mismos identificadores, atributos y variables que en.

## Números, importes, listas

number = { $figure }
amount-unknown = un importe desconocido
amount-negative = menos { $amount }
money = { $figure } { $unit }
money-scale-1 = { $figure } { $count ->
    [one] millón
   *[other] millones
} { $unit }
money-scale-2 = { $figure } mil millones { $unit }
money-scale-3 = { $figure } { $count ->
    [one] billón
   *[other] billones
} { $unit }

currency-USD = { $count ->
    [one] dólar
   *[other] dólares
}
    .of = de dólares
currency-EUR = { $count ->
    [one] euro
   *[other] euros
}
    .of = de euros
currency-GBP = { $count ->
    [one] libra
   *[other] libras
}
    .of = de libras
currency-JPY = yenes
    .of = de yenes
currency-CAD = { $count ->
    [one] dólar canadiense
   *[other] dólares canadienses
}
    .of = de dólares canadienses
currency-AUD = { $count ->
    [one] dólar australiano
   *[other] dólares australianos
}
    .of = de dólares australianos
currency-INR = { $count ->
    [one] rupia
   *[other] rupias
}
    .of = de rupias
currency-BRL = { $count ->
    [one] real
   *[other] reales
}
    .of = de reales
currency-MXN = { $count ->
    [one] peso
   *[other] pesos
}
    .of = de pesos
currency-CHF = { $count ->
    [one] franco suizo
   *[other] francos suizos
}
    .of = de francos suizos
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } y { $last }
list-or = { $head } o { $last }

## Común

link-account = Para usar Sales Assistant, vincula tu cuenta de Salesforce. Te he enviado una tarjeta a la app de Alexa para ayudarte.
relink = Tu sesión de Salesforce ha caducado. Vuelve a vincular tu cuenta de Salesforce. Te he enviado una tarjeta a la app de Alexa.
unavailable = Lo siento, ahora mismo no puedo conectar con Salesforce. Inténtalo de nuevo en un momento.
malformed = Lo siento, Salesforce ha enviado una respuesta que no entiendo. Inténtalo más tarde.
refused = Lo siento, Salesforce no ha podido hacerlo. Tu administrador encontrará los detalles en los registros de la skill.
deadline = Lo siento, Salesforce está tardando demasiado en responder. Si pediste un cambio, compruébalo en Salesforce antes de volver a intentarlo.
progressive = Un momento, estoy consultando Salesforce.
anything-else = ¿Algo más?

## Lo que sabe hacer la skill

does-pipeline = leer tu pipeline
does-top-deals = leer tus mayores oportunidades
does-new-leads = contar los leads nuevos de hoy
does-case-status = consultar el estado de un caso
does-my-tasks = leer tus tareas de hoy
does-create-task = crear una tarea
does-find-record = buscar una oportunidad o una cuenta por su nombre
does-update-stage = cambiar la etapa de una oportunidad
does-update-amount = cambiar su importe
does-update-close-date = cambiar su fecha de cierre
does-update-next-step = fijar su siguiente paso
does-log-call = registrar una llamada
you-can-ask = Puedo { $list }.

launch = Te doy la bienvenida a Sales Assistant. { $capabilities } ¿Qué quieres saber?
launch-reprompt = ¿Qué quieres saber? Por ejemplo, di: cómo va mi pipeline.
help = Sales Assistant lee y actualiza tus datos de Salesforce. { $capabilities } ¿Qué quieres hacer?
help-reprompt = ¿Qué quieres hacer? Puedes decir: cuáles son mis mayores oportunidades.
fallback = Lo siento, Sales Assistant no puede ayudarte con eso. { $capabilities }
fallback-reprompt = ¿Qué quieres saber?
goodbye = Hasta luego.
okay = De acuerdo.

## Pipeline, mayores oportunidades, leads nuevos

pipeline-none = No tienes oportunidades abiertas.
pipeline-worth = Tienes { $count } { $n ->
    [one] oportunidad abierta
   *[other] oportunidades abiertas
} por un valor de { $total }.
pipeline-no-amounts = Tienes { $count } { $n ->
    [one] oportunidad abierta
   *[other] oportunidades abiertas
}, sin importes introducidos.
top-deals-none = No tienes oportunidades abiertas con importe.
top-deals-one = Tu mayor oportunidad abierta es { $deal }.
top-deals-many = Tus { $count } mayores oportunidades abiertas son { $deals }.
top-deals-item = { $name }, por { $amount }
new-leads = { $n ->
    [0] Hoy todavía no ha entrado ningún lead nuevo.
    [one] Hoy ha entrado un lead nuevo.
   *[other] Hoy han entrado { $count } leads nuevos.
}

## Casos

case-found = El caso { $number }, { $subject }, está en estado { $status }.
case-found-no-subject = El caso { $number } está en estado { $status }.
case-no-status = desconocido
case-not-found = No he encontrado el caso { $number }. Comprueba el número y vuelve a preguntar.
case-ask = ¿Qué número de caso?
case-ask-again = Lo siento, no he entendido el número de caso. ¿Qué número? Di solo las cifras.
case-reprompt = ¿Qué número de caso? Por ejemplo, di: caso uno cero dos seis.

## Tareas

my-tasks-none = No tienes tareas abiertas para hoy ni atrasadas. ¡Buen trabajo!
my-tasks-summary = Tienes { $at-least ->
    [yes] al menos { $count }
   *[no] { $count }
} { $n ->
    [one] tarea abierta
   *[other] tareas abiertas
} para hoy o atrasadas{ $overdue ->
    [all-one] , y está atrasada
    [all] , todas atrasadas
    [some] , { $overdue-count } de ellas atrasadas
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary }: { $subjects }.
my-tasks-first-one = { $summary }. La primera es: { $subjects }.
my-tasks-first = { $summary }. Las { $count } primeras son: { $subjects }.

create-task-confirm = ¿Creo la tarea { $subject }, para hoy?
create-task-confirm-reprompt = ¿Creo la tarea { $subject }? Di sí o no.
create-task-done = Listo. He creado la tarea { $subject }, para hoy.
create-task-denied = De acuerdo, no creo esa tarea.
create-task-ask = ¿Qué debe decir la tarea?
create-task-ask-reprompt = Dime la tarea, por ejemplo: llamar a Bob por la renovación.
create-task-too-long = Es demasiado largo para una tarea. Dímela más corta.
create-task-too-long-reprompt = ¿Qué debe decir la tarea, en pocas palabras?

## Buscar y elegir un registro

find-ask = ¿Qué oportunidad o cuenta busco?
record-next = Puedes cambiar su etapa, su importe, su fecha de cierre o su siguiente paso, o registrar una llamada.
record-which = ¿Qué oportunidad o cuenta?
record-name-too-long = Ese nombre es demasiado largo. Di un nombre más corto.
record-not-found = No he encontrado ninguna oportunidad ni cuenta llamada { $term }. ¿Qué nombre busco?
record-which-name = ¿Qué nombre busco?
record-too-many = He encontrado más de { $max } resultados para { $term }. Di más parte del nombre.
record-choice = { $position }: { $name }, { $kind ->
    [opportunity] una oportunidad
   *[account] una cuenta
}
record-choices-next = { $head }; { $item }
record-choices = He encontrado { $count } resultados: { $list }{ $more ->
    [0] {""}
   *[other] , y { $more-count } más
}. ¿Cuál? Di el primero, el segundo, etcétera.
record-choices-reprompt = ¿Cuál? Di el primero, el segundo o el tercero.
record-opportunity = La oportunidad { $name }: { $details }.
record-stage = etapa { $stage }
record-no-stage = sin etapa
record-amount = importe { $amount }
record-no-amount = sin importe
record-closing = cierre el { $date }
record-account-count = { $name }, una cuenta con { $count } { $n ->
    [one] oportunidad abierta
   *[other] oportunidades abiertas
}.
record-account = { $name }, una cuenta.
record-gone = Ya no encuentro ese registro. ¿Qué oportunidad o cuenta?
record-gone-named = Ya no encuentro { $name }. { $ask }
select-no-list = No hay ninguna lista para elegir. Di «busca» y el nombre de una oportunidad o una cuenta.
select-ask = Di un número del uno al { $count }.

## Cambiar una oportunidad

update-ask = { $field ->
    [stage] ¿Qué etapa? Por ejemplo, Calificación o Closed Won.
    [amount] ¿Cuál es el nuevo importe?
    [close-date] ¿Cuál es la nueva fecha de cierre?
   *[next-step] ¿Cuál es el siguiente paso?
}
update-denied = De acuerdo, no he cambiado nada.
update-not-a-stage = No conozco esa etapa. { $ask }
update-unknown-stage = { $heard } no es una etapa de tu Salesforce. ¿Qué etapa?
update-unknown-stage-examples = { $heard } no es una etapa de tu Salesforce. ¿Qué etapa? Por ejemplo, { $examples }.
update-bad-amount = No puedo usar ese importe. { $ask }
update-bad-date = ¿Qué día exactamente? Di una fecha.
update-next-step-too-long = Es demasiado largo para un siguiente paso. Dilo con menos palabras.
update-which-opportunity = ¿Qué oportunidad?
update-is-account = { $name } es una cuenta. Solo puedo cambiar oportunidades. { $ask }
update-confirm = { $field ->
    [stage] La etapa
    [amount] El importe
    [close-date] La fecha de cierre
   *[next-step] El siguiente paso
} de { $name } es { $old }. ¿Cambiar a { $new }?
update-confirm-first = { $name } todavía no tiene { $field ->
    [stage] etapa
    [amount] importe
    [close-date] fecha de cierre
   *[next-step] siguiente paso
}. ¿Poner { $new }?
update-confirm-reprompt = ¿Cambio { $field ->
    [stage] la etapa
    [amount] el importe
    [close-date] la fecha de cierre
   *[next-step] el siguiente paso
} de { $name } a { $new }? Di sí o no.
update-done = Listo. { $field ->
    [stage] La etapa
    [amount] El importe
    [close-date] La fecha de cierre
   *[next-step] El siguiente paso
} de { $name } ahora es { $new }.
update-refused = Salesforce no lo ha guardado. Dice: { $message }

## Registrar una llamada

log-call-denied = De acuerdo, no he registrado la llamada.
log-call-ask-notes = ¿Qué deben decir las notas de la llamada?
log-call-ask-record = ¿Sobre qué oportunidad o cuenta fue la llamada?
log-call-notes-too-long = Esas notas son demasiado largas. Dilas con menos palabras.
log-call-confirm = ¿Registro una llamada realizada en { $name } con las notas: { $notes }?
log-call-confirm-reprompt = ¿Registro la llamada en { $name }? Di sí o no.
log-call-done = Listo. He registrado la llamada en { $name }.
log-call-refused = Salesforce no ha guardado la llamada. Dice: { $message }
