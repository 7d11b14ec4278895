# Sales Assistant, français (fr-FR, fr-CA). Mêmes identifiants, attributs et variables que en.

## Nombres, montants, listes

number = { $figure }
amount-unknown = un montant inconnu
amount-negative = moins { $amount }
money = { $figure } { $unit }
money-scale-1 = { $figure } { $count ->
    [one] million
   *[other] millions
} { $unit }
money-scale-2 = { $figure } { $count ->
    [one] milliard
   *[other] milliards
} { $unit }
money-scale-3 = { $figure } { $count ->
    [one] billion
   *[other] billions
} { $unit }

currency-USD = { $count ->
    [one] dollar
   *[other] dollars
}
    .of = de dollars
currency-EUR = { $count ->
    [one] euro
   *[other] euros
}
    .of = d’euros
currency-GBP = { $count ->
    [one] livre sterling
   *[other] livres sterling
}
    .of = de livres sterling
currency-JPY = yens
    .of = de yens
currency-CAD = { $count ->
    [one] dollar canadien
   *[other] dollars canadiens
}
    .of = de dollars canadiens
currency-AUD = { $count ->
    [one] dollar australien
   *[other] dollars australiens
}
    .of = de dollars australiens
currency-INR = { $count ->
    [one] roupie
   *[other] roupies
}
    .of = de roupies
currency-BRL = { $count ->
    [one] réal
   *[other] réais
}
    .of = de réais
currency-MXN = { $count ->
    [one] peso mexicain
   *[other] pesos mexicains
}
    .of = de pesos mexicains
currency-CHF = { $count ->
    [one] franc suisse
   *[other] francs suisses
}
    .of = de francs suisses
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } et { $last }
list-or = { $head } ou { $last }

## Commun

link-account = Pour utiliser Sales Assistant, associez votre compte Salesforce. Je vous ai envoyé une carte dans l’application Alexa pour vous guider.
relink = Votre session Salesforce a expiré. Veuillez associer à nouveau votre compte Salesforce. Je vous ai envoyé une carte dans l’application Alexa.
unavailable = Désolée, je n’arrive pas à joindre Salesforce pour le moment. Réessayez dans un instant.
malformed = Désolée, Salesforce a envoyé une réponse que je ne comprends pas. Réessayez plus tard.
refused = Désolée, Salesforce n’a pas pu faire cela pour vous. Votre administrateur trouvera les détails dans les journaux de la skill.
deadline = Désolée, Salesforce met trop de temps à répondre. Si vous avez demandé une modification, vérifiez-la dans Salesforce avant de réessayer.
progressive = Un instant, je consulte Salesforce.
anything-else = Autre chose ?

## Ce que la skill sait faire

does-pipeline = lire votre pipeline
does-top-deals = lire vos plus grosses affaires
does-new-leads = compter les nouveaux leads du jour
does-case-status = vérifier l’état d’une requête
does-my-tasks = lire vos tâches du jour
does-create-task = créer une tâche
does-find-record = trouver une opportunité ou un compte par son nom
does-update-stage = changer l’étape d’une affaire
does-update-amount = changer son montant
does-update-close-date = changer sa date de clôture
does-update-next-step = définir sa prochaine étape
does-log-call = enregistrer un appel
you-can-ask = Vous pouvez me demander de { $list }.

launch = Bienvenue dans Sales Assistant. { $capabilities } Que voulez-vous savoir ?
launch-reprompt = Que voulez-vous savoir ? Par exemple, dites : où en est mon pipeline.
help = Sales Assistant lit et met à jour vos données Salesforce. { $capabilities } Que voulez-vous faire ?
help-reprompt = Que voulez-vous faire ? Vous pouvez dire : quelles sont mes plus grosses affaires.
fallback = Désolée, Sales Assistant ne peut pas vous aider pour cela. { $capabilities }
fallback-reprompt = Que voulez-vous savoir ?
goodbye = Au revoir.
okay = D’accord.

## Pipeline, plus grosses affaires, nouveaux leads

pipeline-none = Vous n’avez aucune opportunité ouverte.
pipeline-worth = Vous avez { $count } { $n ->
    [one] opportunité ouverte
   *[other] opportunités ouvertes
} pour un total de { $total }.
pipeline-no-amounts = Vous avez { $count } { $n ->
    [one] opportunité ouverte
   *[other] opportunités ouvertes
}, sans montant saisi.
top-deals-none = Vous n’avez aucune opportunité ouverte avec un montant.
top-deals-one = Votre plus grosse affaire en cours est { $deal }.
top-deals-many = Vos { $count } plus grosses affaires en cours sont { $deals }.
top-deals-item = { $name }, à { $amount }
new-leads = { $n ->
    [0] Aucun nouveau lead aujourd’hui pour l’instant.
    [one] Un nouveau lead est arrivé aujourd’hui.
   *[other] { $count } nouveaux leads sont arrivés aujourd’hui.
}

## Requêtes

case-found = La requête { $number }, { $subject }, a le statut { $status }.
case-found-no-subject = La requête { $number } a le statut { $status }.
case-no-status = aucun
case-not-found = Je n’ai pas trouvé la requête { $number }. Vérifiez le numéro et redemandez-moi.
case-ask = Quel numéro de requête ?
case-ask-again = Désolée, je n’ai pas compris de numéro de requête. Quel numéro ? Dites seulement les chiffres.
case-reprompt = Quel numéro de requête ? Par exemple, dites : requête un zéro deux six.

## Tâches

my-tasks-none = Vous n’avez aucune tâche ouverte pour aujourd’hui ni en retard. Bravo !
my-tasks-summary = Vous avez { $at-least ->
    [yes] au moins { $count }
   *[no] { $count }
} { $n ->
    [one] tâche ouverte
   *[other] tâches ouvertes
} pour aujourd’hui ou en retard{ $overdue ->
    [all-one] , et elle est en retard
    [all] , toutes en retard
    [some] , dont { $overdue-count } en retard
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary } : { $subjects }.
my-tasks-first-one = { $summary }. La première est : { $subjects }.
my-tasks-first = { $summary }. Les { $count } premières sont : { $subjects }.

create-task-confirm = Créer la tâche { $subject }, pour aujourd’hui ?
create-task-confirm-reprompt = Dois-je créer la tâche { $subject } ? Dites oui ou non.
create-task-done = C’est fait. J’ai créé la tâche { $subject }, pour aujourd’hui.
create-task-denied = D’accord, je ne crée pas cette tâche.
create-task-ask = Que doit dire la tâche ?
create-task-ask-reprompt = Dites-moi la tâche, par exemple : appeler Bob au sujet du renouvellement.
create-task-too-long = C’est trop long pour une tâche. Dites-la plus brièvement.
create-task-too-long-reprompt = Que doit dire la tâche, en quelques mots ?

## Trouver et choisir un enregistrement

find-ask = Quelle opportunité ou quel compte dois-je chercher ?
record-next = Vous pouvez changer son étape, son montant, sa date de clôture ou sa prochaine étape, ou enregistrer un appel.
record-which = Quelle opportunité ou quel compte ?
record-name-too-long = Ce nom est trop long. Dites un nom plus court.
record-not-found = Je n’ai trouvé aucune opportunité ni aucun compte nommé { $term }. Quel nom dois-je chercher ?
record-which-name = Quel nom dois-je chercher ?
record-too-many = J’ai trouvé plus de { $max } résultats pour { $term }. Dites une plus grande partie du nom.
record-choice = { $position } : { $name }, { $kind ->
    [opportunity] une opportunité
   *[account] un compte
}
record-choices-next = { $head } ; { $item }
record-choices = J’ai trouvé { $count } résultats : { $list }{ $more ->
    [0] {""}
   *[other] , et { $more-count } autres
}. Lequel ? Dites le premier, le deuxième, et ainsi de suite.
record-choices-reprompt = Lequel ? Dites le premier, le deuxième ou le troisième.
record-opportunity = L’opportunité { $name } : { $details }.
record-stage = étape { $stage }
record-no-stage = aucune étape
record-amount = montant { $amount }
record-no-amount = aucun montant
record-closing = clôture le { $date }
record-account-count = { $name }, un compte avec { $count } { $n ->
    [one] opportunité ouverte
   *[other] opportunités ouvertes
}.
record-account = { $name }, un compte.
record-gone = Je ne trouve plus cet enregistrement. Quelle opportunité ou quel compte ?
record-gone-named = Je ne trouve plus { $name }. { $ask }
select-no-list = Il n’y a pas de liste où choisir. Dites « cherche », puis le nom d’une opportunité ou d’un compte.
select-ask = Dites un nombre entre un et { $count }.

## Modifier une opportunité

update-ask = { $field ->
    [stage] Quelle étape ? Par exemple, Qualification ou Closed Won.
    [amount] Quel est le nouveau montant ?
    [close-date] Quelle est la nouvelle date de clôture ?
   *[next-step] Quelle est la prochaine étape ?
}
update-denied = D’accord, je n’ai rien modifié.
update-not-a-stage = Je ne connais pas cette étape. { $ask }
update-unknown-stage = { $heard } n’est pas une étape de votre Salesforce. Quelle étape ?
update-unknown-stage-examples = { $heard } n’est pas une étape de votre Salesforce. Quelle étape ? Par exemple, { $examples }.
update-bad-amount = Je ne peux pas utiliser ce montant. { $ask }
update-bad-date = Quel jour exactement ? Dites une date.
update-next-step-too-long = C’est trop long pour une prochaine étape. Dites-la en moins de mots.
update-which-opportunity = Quelle opportunité ?
update-is-account = { $name } est un compte. Je ne peux modifier que des opportunités. { $ask }
update-confirm = { $field ->
    [stage] L’étape
    [amount] Le montant
    [close-date] La date de clôture
   *[next-step] La prochaine étape
} de { $name } est { $old }. Remplacer par { $new } ?
update-confirm-first = { $name } n’a pas encore { $field ->
    [stage] d’étape
    [amount] de montant
    [close-date] de date de clôture
   *[next-step] de prochaine étape
}. Mettre { $new } ?
update-confirm-reprompt = Dois-je remplacer { $field ->
    [stage] l’étape
    [amount] le montant
    [close-date] la date de clôture
   *[next-step] la prochaine étape
} de { $name } par { $new } ? Dites oui ou non.
update-done = C’est fait. { $field ->
    [stage] L’étape
    [amount] Le montant
    [close-date] La date de clôture
   *[next-step] La prochaine étape
} de { $name } est maintenant { $new }.
update-refused = Salesforce n’a pas enregistré la modification. Message : { $message }

## Enregistrer un appel

log-call-denied = D’accord, je n’ai pas enregistré l’appel.
log-call-ask-notes = Que doivent dire les notes de l’appel ?
log-call-ask-record = Sur quelle opportunité ou quel compte portait l’appel ?
log-call-notes-too-long = Ces notes sont trop longues. Dites-les en moins de mots.
log-call-confirm = Enregistrer un appel terminé sur { $name } avec les notes : { $notes } ?
log-call-confirm-reprompt = Dois-je enregistrer l’appel sur { $name } ? Dites oui ou non.
log-call-done = C’est fait. J’ai enregistré l’appel sur { $name }.
log-call-refused = Salesforce n’a pas enregistré l’appel. Message : { $message }
