# Sales Assistant, italiano (it-IT). Stessi identificatori, attributi e variabili di en.

## Numeri, importi, elenchi

number = { $figure }
amount-unknown = un importo sconosciuto
amount-negative = meno { $amount }
money = { $figure } { $unit }
money-scale-1 = { $figure } { $count ->
    [one] milione
   *[other] milioni
} { $unit }
money-scale-2 = { $figure } { $count ->
    [one] miliardo
   *[other] miliardi
} { $unit }
money-scale-3 = { $figure } mila miliardi { $unit }

currency-USD = { $count ->
    [one] dollaro
   *[other] dollari
}
    .of = di dollari
currency-EUR = euro
    .of = di euro
currency-GBP = { $count ->
    [one] sterlina
   *[other] sterline
}
    .of = di sterline
currency-JPY = yen
    .of = di yen
currency-CAD = { $count ->
    [one] dollaro canadese
   *[other] dollari canadesi
}
    .of = di dollari canadesi
currency-AUD = { $count ->
    [one] dollaro australiano
   *[other] dollari australiani
}
    .of = di dollari australiani
currency-INR = { $count ->
    [one] rupia
   *[other] rupie
}
    .of = di rupie
currency-BRL = { $count ->
    [one] real
   *[other] reais
}
    .of = di reais
currency-MXN = { $count ->
    [one] peso messicano
   *[other] pesos messicani
}
    .of = di pesos messicani
currency-CHF = { $count ->
    [one] franco svizzero
   *[other] franchi svizzeri
}
    .of = di franchi svizzeri
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } e { $last }
list-or = { $head } o { $last }

## Comune

link-account = Per usare Sales Assistant, collega il tuo account Salesforce. Ti ho inviato una scheda nell’app Alexa per aiutarti.
relink = La tua sessione Salesforce è scaduta. Collega di nuovo il tuo account Salesforce. Ti ho inviato una scheda nell’app Alexa.
unavailable = Mi dispiace, in questo momento non riesco a raggiungere Salesforce. Riprova tra poco.
malformed = Mi dispiace, Salesforce ha inviato una risposta che non capisco. Riprova più tardi.
refused = Mi dispiace, Salesforce non è riuscito a farlo. Il tuo amministratore troverà i dettagli nei log della skill.
deadline = Mi dispiace, Salesforce ci mette troppo a rispondere. Se hai chiesto una modifica, controllala in Salesforce prima di riprovare.
progressive = Un attimo, controllo su Salesforce.
anything-else = Altro?

## Cosa sa fare la skill

does-pipeline = leggere la tua pipeline
does-top-deals = leggere le tue trattative più grandi
does-new-leads = contare i nuovi lead di oggi
does-case-status = controllare lo stato di un caso
does-my-tasks = leggere le tue attività di oggi
does-create-task = creare un’attività
does-find-record = trovare un’opportunità o un account per nome
does-update-stage = cambiare la fase di una trattativa
does-update-amount = cambiarne l’importo
does-update-close-date = cambiarne la data di chiusura
does-update-next-step = impostarne il passo successivo
does-log-call = registrare una chiamata
you-can-ask = Puoi chiedermi di { $list }.

launch = Benvenuto in Sales Assistant. { $capabilities } Cosa vuoi sapere?
launch-reprompt = Cosa vuoi sapere? Per esempio, di’: com’è la mia pipeline.
help = Sales Assistant legge e aggiorna i tuoi dati Salesforce. { $capabilities } Cosa vuoi fare?
help-reprompt = Cosa vuoi fare? Puoi dire: quali sono le mie trattative più grandi.
fallback = Mi dispiace, Sales Assistant non può aiutarti con questo. { $capabilities }
fallback-reprompt = Cosa vuoi sapere?
goodbye = Arrivederci.
okay = Va bene.

## Pipeline, trattative più grandi, nuovi lead

pipeline-none = Non hai opportunità aperte.
pipeline-worth = Hai { $count } { $n ->
    [one] opportunità aperta
   *[other] opportunità aperte
} per un valore di { $total }.
pipeline-no-amounts = Hai { $count } { $n ->
    [one] opportunità aperta
   *[other] opportunità aperte
}, senza importi inseriti.
top-deals-none = Non hai opportunità aperte con un importo.
top-deals-one = La tua trattativa aperta più grande è { $deal }.
top-deals-many = Le tue { $count } trattative aperte più grandi sono { $deals }.
top-deals-item = { $name }, da { $amount }
new-leads = { $n ->
    [0] Oggi non sono ancora arrivati nuovi lead.
    [one] Oggi è arrivato un nuovo lead.
   *[other] Oggi sono arrivati { $count } nuovi lead.
}

## Casi

case-found = Il caso { $number }, { $subject }, è nello stato { $status }.
case-found-no-subject = Il caso { $number } è nello stato { $status }.
case-no-status = sconosciuto
case-not-found = Non ho trovato il caso { $number }. Controlla il numero e chiedimelo di nuovo.
case-ask = Quale numero di caso?
case-ask-again = Mi dispiace, non ho capito il numero del caso. Quale numero? Di’ solo le cifre.
case-reprompt = Quale numero di caso? Per esempio, di’: caso uno zero due sei.

## Attività

my-tasks-none = Non hai attività aperte in scadenza oggi o scadute. Ottimo lavoro!
my-tasks-summary = Hai { $at-least ->
    [yes] almeno { $count }
   *[no] { $count }
} { $n ->
    [one] attività aperta
   *[other] attività aperte
} in scadenza oggi o scadute{ $overdue ->
    [all-one] , ed è scaduta
    [all] , tutte scadute
    [some] , di cui { $overdue-count } scadute
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary }: { $subjects }.
my-tasks-first-one = { $summary }. La prima è: { $subjects }.
my-tasks-first = { $summary }. Le prime { $count } sono: { $subjects }.

create-task-confirm = Creo l’attività { $subject }, in scadenza oggi?
create-task-confirm-reprompt = Creo l’attività { $subject }? Di’ sì o no.
create-task-done = Fatto. Ho creato l’attività { $subject }, in scadenza oggi.
create-task-denied = Va bene, non creo quell’attività.
create-task-ask = Cosa deve dire l’attività?
create-task-ask-reprompt = Dimmi l’attività, per esempio: chiamare Bob per il rinnovo.
create-task-too-long = È troppo lungo per un’attività. Dimmela più breve.
create-task-too-long-reprompt = Cosa deve dire l’attività, in poche parole?

## Trovare e scegliere un record

find-ask = Quale opportunità o account devo cercare?
record-next = Puoi cambiarne la fase, l’importo, la data di chiusura o il passo successivo, oppure registrare una chiamata.
record-which = Quale opportunità o account?
record-name-too-long = Il nome è troppo lungo. Di’ un nome più breve.
record-not-found = Non ho trovato nessuna opportunità né account chiamato { $term }. Quale nome devo cercare?
record-which-name = Quale nome devo cercare?
record-too-many = Ho trovato più di { $max } risultati per { $term }. Di’ una parte più lunga del nome.
record-choice = { $position }: { $name }, { $kind ->
    [opportunity] un’opportunità
   *[account] un account
}
record-choices-next = { $head }; { $item }
record-choices = Ho trovato { $count } risultati: { $list }{ $more ->
    [0] {""}
   *[other] , e altri { $more-count }
}. Quale? Di’ il primo, il secondo e così via.
record-choices-reprompt = Quale? Di’ il primo, il secondo o il terzo.
record-opportunity = L’opportunità { $name }: { $details }.
record-stage = fase { $stage }
record-no-stage = nessuna fase
record-amount = importo { $amount }
record-no-amount = nessun importo
record-closing = chiusura il { $date }
record-account-count = { $name }, un account con { $count } { $n ->
    [one] opportunità aperta
   *[other] opportunità aperte
}.
record-account = { $name }, un account.
record-gone = Non trovo più quel record. Quale opportunità o account?
record-gone-named = Non trovo più { $name }. { $ask }
select-no-list = Non c’è nessun elenco da cui scegliere. Di’ «cerca» e il nome di un’opportunità o di un account.
select-ask = Di’ un numero da uno a { $count }.

## Modificare un’opportunità

update-ask = { $field ->
    [stage] Quale fase? Per esempio, Qualificazione o Closed Won.
    [amount] Qual è il nuovo importo?
    [close-date] Qual è la nuova data di chiusura?
   *[next-step] Qual è il passo successivo?
}
update-denied = Va bene, non ho cambiato niente.
update-not-a-stage = Non conosco questa fase. { $ask }
update-unknown-stage = { $heard } non è una fase del tuo Salesforce. Quale fase?
update-unknown-stage-examples = { $heard } non è una fase del tuo Salesforce. Quale fase? Per esempio, { $examples }.
update-bad-amount = Non posso usare questo importo. { $ask }
update-bad-date = Che giorno esattamente? Di’ una data.
update-next-step-too-long = È troppo lungo per un passo successivo. Dillo con meno parole.
update-which-opportunity = Quale opportunità?
update-is-account = { $name } è un account. Posso modificare solo le opportunità. { $ask }
update-confirm = { $field ->
    [stage] La fase
    [amount] L’importo
    [close-date] La data di chiusura
   *[next-step] Il passo successivo
} di { $name } è { $old }. Cambio in { $new }?
update-confirm-first = { $name } non ha ancora { $field ->
    [stage] una fase
    [amount] un importo
    [close-date] una data di chiusura
   *[next-step] un passo successivo
}. Imposto { $new }?
update-confirm-reprompt = Cambio { $field ->
    [stage] la fase
    [amount] l’importo
    [close-date] la data di chiusura
   *[next-step] il passo successivo
} di { $name } in { $new }? Di’ sì o no.
update-done = Fatto. { $field ->
    [stage] La fase
    [amount] L’importo
    [close-date] La data di chiusura
   *[next-step] Il passo successivo
} di { $name } ora è { $new }.
update-refused = Salesforce non l’ha salvato. Il messaggio è: { $message }

## Registrare una chiamata

log-call-denied = Va bene, non ho registrato la chiamata.
log-call-ask-notes = Cosa devono dire le note della chiamata?
log-call-ask-record = Di quale opportunità o account si trattava nella chiamata?
log-call-notes-too-long = Le note sono troppo lunghe. Dille con meno parole.
log-call-confirm = Registro una chiamata completata su { $name } con le note: { $notes }?
log-call-confirm-reprompt = Registro la chiamata su { $name }? Di’ sì o no.
log-call-done = Fatto. Ho registrato la chiamata su { $name }.
log-call-refused = Salesforce non ha salvato la chiamata. Il messaggio è: { $message }
