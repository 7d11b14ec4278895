# Sales Assistant, Deutsch (de-DE). Gleiche Nachrichten-IDs, Attribute und Variablen wie en.

## Zahlen, Beträge, Aufzählungen

number = { $figure }
amount-unknown = ein unbekannter Betrag
amount-negative = minus { $amount }
money = { $figure } { $unit }
money-scale-1 = { $figure } { $count ->
    [one] Million
   *[other] Millionen
} { $unit }
money-scale-2 = { $figure } { $count ->
    [one] Milliarde
   *[other] Milliarden
} { $unit }
money-scale-3 = { $figure } { $count ->
    [one] Billion
   *[other] Billionen
} { $unit }

currency-USD = Dollar
    .of = Dollar
currency-EUR = Euro
    .of = Euro
currency-GBP = Pfund
    .of = Pfund
currency-JPY = Yen
    .of = Yen
currency-CAD = kanadische Dollar
    .of = kanadische Dollar
currency-AUD = australische Dollar
    .of = australische Dollar
currency-INR = { $count ->
    [one] Rupie
   *[other] Rupien
}
    .of = Rupien
currency-BRL = Real
    .of = Real
currency-MXN = mexikanische Pesos
    .of = mexikanische Pesos
currency-CHF = Franken
    .of = Franken
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } und { $last }
list-or = { $head } oder { $last }

## Allgemein

link-account = Um Sales Assistant zu nutzen, verknüpfe bitte dein Salesforce-Konto. Ich habe dir dazu eine Karte in die Alexa-App geschickt.
relink = Deine Salesforce-Sitzung ist abgelaufen. Bitte verknüpfe dein Salesforce-Konto erneut. Ich habe dir eine Karte in die Alexa-App geschickt.
unavailable = Entschuldige, ich konnte Salesforce gerade nicht erreichen. Bitte versuch es gleich noch einmal.
malformed = Entschuldige, Salesforce hat eine Antwort geschickt, mit der ich nichts anfangen kann. Bitte versuch es später noch einmal.
refused = Entschuldige, das konnte Salesforce nicht für dich erledigen. Die Details findet dein Administrator in den Protokollen des Skills.
deadline = Entschuldige, Salesforce braucht zu lange für eine Antwort. Falls du etwas ändern wolltest, prüf es bitte in Salesforce, bevor du es noch einmal versuchst.
progressive = Einen Moment, ich schaue in Salesforce nach.
anything-else = Noch etwas?

## Was der Skill kann

does-pipeline = deine Pipeline vorlesen
does-top-deals = deine größten Deals nennen
does-new-leads = die neuen Leads von heute zählen
does-case-status = den Status eines Falls prüfen
does-my-tasks = deine Aufgaben für heute vorlesen
does-create-task = eine Aufgabe anlegen
does-find-record = eine Verkaufschance oder einen Account nach Namen suchen
does-update-stage = die Phase eines Deals ändern
does-update-amount = seinen Betrag ändern
does-update-close-date = sein Abschlussdatum ändern
does-update-next-step = seinen nächsten Schritt festlegen
does-log-call = einen Anruf protokollieren
you-can-ask = Ich kann zum Beispiel { $list }.

launch = Willkommen bei Sales Assistant. { $capabilities } Was möchtest du wissen?
launch-reprompt = Was möchtest du wissen? Sag zum Beispiel: Wie sieht meine Pipeline aus?
help = Sales Assistant liest und ändert deine Salesforce-Daten. { $capabilities } Was möchtest du tun?
help-reprompt = Was möchtest du tun? Du kannst zum Beispiel sagen: Was sind meine größten Deals?
fallback = Entschuldige, dabei kann Sales Assistant nicht helfen. { $capabilities }
fallback-reprompt = Was möchtest du wissen?
goodbye = Tschüss.
okay = Alles klar.

## Pipeline, größte Deals, neue Leads

pipeline-none = Du hast keine offenen Verkaufschancen.
pipeline-worth = Du hast { $count } offene { $n ->
    [one] Verkaufschance
   *[other] Verkaufschancen
} im Wert von { $total }.
pipeline-no-amounts = Du hast { $count } offene { $n ->
    [one] Verkaufschance
   *[other] Verkaufschancen
}, aber noch ohne Beträge.
top-deals-none = Du hast keine offenen Verkaufschancen mit Betrag.
top-deals-one = Dein größter offener Deal ist { $deal }.
top-deals-many = Deine { $count } größten offenen Deals sind { $deals }.
top-deals-item = { $name } mit { $amount }
new-leads = { $n ->
    [0] Heute sind noch keine neuen Leads eingegangen.
    [one] Heute ist ein neuer Lead eingegangen.
   *[other] Heute sind { $count } neue Leads eingegangen.
}

## Fälle

case-found = Fall { $number }, { $subject }, hat den Status { $status }.
case-found-no-subject = Fall { $number } hat den Status { $status }.
case-no-status = keinen
case-not-found = Fall { $number } habe ich nicht gefunden. Prüf bitte die Nummer und frag noch einmal.
case-ask = Welche Fallnummer?
case-ask-again = Entschuldige, ich habe keine Fallnummer verstanden. Welche Fallnummer? Sag einfach die Ziffern.
case-reprompt = Welche Fallnummer? Sag zum Beispiel: Fall eins null zwei sechs.

## Aufgaben

my-tasks-none = Du hast keine offenen Aufgaben, die heute fällig oder überfällig sind. Gut gemacht!
my-tasks-summary = Du hast { $at-least ->
    [yes] mindestens { $count }
   *[no] { $count }
} offene { $n ->
    [one] Aufgabe
   *[other] Aufgaben
}, die heute fällig oder überfällig { $n ->
    [one] ist
   *[other] sind
}{ $overdue ->
    [all-one] , und zwar überfällig
    [all] , alle davon überfällig
    [some] , { $overdue-count } davon überfällig
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary }: { $subjects }.
my-tasks-first-one = { $summary }. Die erste ist: { $subjects }.
my-tasks-first = { $summary }. Die ersten { $count } sind: { $subjects }.

create-task-confirm = Soll ich die Aufgabe { $subject } anlegen, fällig heute?
create-task-confirm-reprompt = Soll ich die Aufgabe { $subject } anlegen? Sag ja oder nein.
create-task-done = Alles klar. Ich habe die Aufgabe { $subject } angelegt, fällig heute.
create-task-denied = In Ordnung, ich lege die Aufgabe nicht an.
create-task-ask = Wie soll die Aufgabe lauten?
create-task-ask-reprompt = Sag mir die Aufgabe, zum Beispiel: Bob wegen der Verlängerung anrufen.
create-task-too-long = Das ist zu lang für eine Aufgabe. Bitte sag es kürzer.
create-task-too-long-reprompt = Wie soll die Aufgabe lauten, in wenigen Worten?

## Datensätze finden und auswählen

find-ask = Welche Verkaufschance oder welchen Account soll ich suchen?
record-next = Du kannst die Phase, den Betrag, das Abschlussdatum oder den nächsten Schritt ändern oder einen Anruf protokollieren.
record-which = Welche Verkaufschance oder welcher Account?
record-name-too-long = Der Name ist zu lang. Bitte sag einen kürzeren Namen.
record-not-found = Ich habe keine Verkaufschance und keinen Account namens { $term } gefunden. Nach welchem Namen soll ich suchen?
record-which-name = Nach welchem Namen soll ich suchen?
record-too-many = Ich habe mehr als { $max } Treffer für { $term } gefunden. Bitte sag mehr vom Namen.
record-choice = { $position }: { $name }, { $kind ->
    [opportunity] eine Verkaufschance
   *[account] ein Account
}
record-choices-next = { $head }; { $item }
record-choices = Ich habe { $count } Treffer gefunden: { $list }{ $more ->
    [0] {""}
   *[other] , und { $more-count } weitere
}. Welchen meinst du? Sag den ersten, den zweiten und so weiter.
record-choices-reprompt = Welchen meinst du? Sag den ersten, den zweiten oder den dritten.
record-opportunity = Die Verkaufschance { $name }: { $details }.
record-stage = Phase { $stage }
record-no-stage = keine Phase
record-amount = Betrag { $amount }
record-no-amount = kein Betrag
record-closing = Abschluss am { $date }
record-account-count = { $name }, ein Account mit { $count } offenen { $n ->
    [one] Verkaufschance
   *[other] Verkaufschancen
}.
record-account = { $name }, ein Account.
record-gone = Diesen Datensatz finde ich nicht mehr. Welche Verkaufschance oder welcher Account?
record-gone-named = { $name } finde ich nicht mehr. { $ask }
select-no-list = Es gibt keine Liste zur Auswahl. Sag „suche“ und den Namen einer Verkaufschance oder eines Accounts.
select-ask = Bitte sag eine Zahl von eins bis { $count }.

## Eine Verkaufschance ändern

update-ask = { $field ->
    [stage] Welche Phase? Zum Beispiel Qualifizierung oder Closed Won.
    [amount] Wie hoch ist der neue Betrag?
    [close-date] Was ist das neue Abschlussdatum?
   *[next-step] Was ist der nächste Schritt?
}
update-denied = In Ordnung, ich habe nichts geändert.
update-not-a-stage = Diese Phase kenne ich nicht. { $ask }
update-unknown-stage = { $heard } ist keine Phase in deinem Salesforce. Welche Phase?
update-unknown-stage-examples = { $heard } ist keine Phase in deinem Salesforce. Welche Phase? Zum Beispiel { $examples }.
update-bad-amount = Mit diesem Betrag kann ich nichts anfangen. { $ask }
update-bad-date = An welchem Tag genau? Bitte nenne ein Datum.
update-next-step-too-long = Das ist zu lang für einen nächsten Schritt. Bitte sag es mit weniger Worten.
update-which-opportunity = Welche Verkaufschance?
update-is-account = { $name } ist ein Account. Ich kann nur Verkaufschancen ändern. { $ask }
update-confirm = { $field ->
    [stage] Die Phase
    [amount] Der Betrag
    [close-date] Das Abschlussdatum
   *[next-step] Der nächste Schritt
} von { $name } ist { $old }. Auf { $new } ändern?
update-confirm-first = { $name } hat noch { $field ->
    [stage] keine Phase
    [amount] keinen Betrag
    [close-date] kein Abschlussdatum
   *[next-step] keinen nächsten Schritt
}. Auf { $new } setzen?
update-confirm-reprompt = Soll ich { $field ->
    [stage] die Phase
    [amount] den Betrag
    [close-date] das Abschlussdatum
   *[next-step] den nächsten Schritt
} von { $name } auf { $new } ändern? Sag ja oder nein.
update-done = Erledigt. { $field ->
    [stage] Die Phase
    [amount] Der Betrag
    [close-date] Das Abschlussdatum
   *[next-step] Der nächste Schritt
} von { $name } ist jetzt { $new }.
update-refused = Salesforce hat das nicht gespeichert. Die Meldung lautet: { $message }

## Anruf protokollieren

log-call-denied = In Ordnung, ich habe den Anruf nicht protokolliert.
log-call-ask-notes = Was soll in den Anrufnotizen stehen?
log-call-ask-record = Um welche Verkaufschance oder welchen Account ging es bei dem Anruf?
log-call-notes-too-long = Die Notizen sind zu lang. Bitte sag sie mit weniger Worten.
log-call-confirm = Soll ich einen erledigten Anruf bei { $name } protokollieren, mit den Notizen: { $notes }?
log-call-confirm-reprompt = Soll ich den Anruf bei { $name } protokollieren? Sag ja oder nein.
log-call-done = Erledigt. Ich habe den Anruf bei { $name } protokolliert.
log-call-refused = Salesforce hat den Anruf nicht gespeichert. Die Meldung lautet: { $message }
