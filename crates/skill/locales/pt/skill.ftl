# Sales Assistant, português do Brasil (pt-BR). Mesmos identificadores, atributos e variáveis de en.

## Números, valores, listas

number = { $figure }
amount-unknown = um valor desconhecido
amount-negative = menos { $amount }
money = { $figure } { $unit }
money-scale-1 = { $figure } { $count ->
    [one] milhão
   *[other] milhões
} { $unit }
money-scale-2 = { $figure } { $count ->
    [one] bilhão
   *[other] bilhões
} { $unit }
money-scale-3 = { $figure } { $count ->
    [one] trilhão
   *[other] trilhões
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
currency-JPY = ienes
    .of = de ienes
currency-CAD = { $count ->
    [one] dólar canadense
   *[other] dólares canadenses
}
    .of = de dólares canadenses
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
   *[other] reais
}
    .of = de reais
currency-MXN = { $count ->
    [one] peso mexicano
   *[other] pesos mexicanos
}
    .of = de pesos mexicanos
currency-CHF = { $count ->
    [one] franco suíço
   *[other] francos suíços
}
    .of = de francos suíços
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } e { $last }
list-or = { $head } ou { $last }

## Comum

link-account = Para usar o Sales Assistant, vincule sua conta do Salesforce. Enviei um cartão para o app Alexa para ajudar você.
relink = Sua sessão do Salesforce expirou. Vincule sua conta do Salesforce de novo. Enviei um cartão para o app Alexa.
unavailable = Desculpe, não consegui falar com o Salesforce agora. Tente de novo daqui a pouco.
malformed = Desculpe, o Salesforce mandou uma resposta que eu não entendi. Tente de novo mais tarde.
refused = Desculpe, o Salesforce não conseguiu fazer isso. O seu administrador encontra os detalhes nos logs da skill.
deadline = Desculpe, o Salesforce está demorando demais para responder. Se você pediu uma alteração, confira no Salesforce antes de tentar de novo.
progressive = Só um momento, estou consultando o Salesforce.
anything-else = Mais alguma coisa?

## O que a skill sabe fazer

does-pipeline = ler o seu pipeline
does-top-deals = ler os seus maiores negócios
does-new-leads = contar os leads novos de hoje
does-case-status = ver o status de um caso
does-my-tasks = ler as suas tarefas de hoje
does-create-task = criar uma tarefa
does-find-record = encontrar uma oportunidade ou conta pelo nome
does-update-stage = mudar a fase de um negócio
does-update-amount = mudar o valor dele
does-update-close-date = mudar a data de fechamento dele
does-update-next-step = definir o próximo passo dele
does-log-call = registrar uma ligação
you-can-ask = Você pode me pedir para { $list }.

launch = Boas-vindas ao Sales Assistant. { $capabilities } O que você quer saber?
launch-reprompt = O que você quer saber? Por exemplo, diga: como está o meu pipeline.
help = O Sales Assistant lê e atualiza os seus dados do Salesforce. { $capabilities } O que você quer fazer?
help-reprompt = O que você quer fazer? Você pode dizer: quais são os meus maiores negócios.
fallback = Desculpe, o Sales Assistant não pode ajudar com isso. { $capabilities }
fallback-reprompt = O que você quer saber?
goodbye = Tchau.
okay = Certo.

## Pipeline, maiores negócios, leads novos

pipeline-none = Você não tem oportunidades abertas.
pipeline-worth = Você tem { $count } { $n ->
    [one] oportunidade aberta
   *[other] oportunidades abertas
} no valor de { $total }.
pipeline-no-amounts = Você tem { $count } { $n ->
    [one] oportunidade aberta
   *[other] oportunidades abertas
}, sem valores preenchidos.
top-deals-none = Você não tem oportunidades abertas com valor.
top-deals-one = O seu maior negócio aberto é { $deal }.
top-deals-many = Os seus { $count } maiores negócios abertos são { $deals }.
top-deals-item = { $name }, de { $amount }
new-leads = { $n ->
    [0] Nenhum lead novo chegou hoje ainda.
    [one] Um lead novo chegou hoje.
   *[other] { $count } leads novos chegaram hoje.
}

## Casos

case-found = O caso { $number }, { $subject }, está com status { $status }.
case-found-no-subject = O caso { $number } está com status { $status }.
case-no-status = desconhecido
case-not-found = Não encontrei o caso { $number }. Confira o número e pergunte de novo.
case-ask = Qual é o número do caso?
case-ask-again = Desculpe, não entendi o número do caso. Qual é o número? Diga só os dígitos.
case-reprompt = Qual é o número do caso? Por exemplo, diga: caso um zero dois seis.

## Tarefas

my-tasks-none = Você não tem tarefas abertas para hoje nem atrasadas. Muito bem!
my-tasks-summary = Você tem { $at-least ->
    [yes] pelo menos { $count }
   *[no] { $count }
} { $n ->
    [one] tarefa aberta
   *[other] tarefas abertas
} para hoje ou atrasadas{ $overdue ->
    [all-one] , e ela está atrasada
    [all] , todas atrasadas
    [some] , { $overdue-count } delas atrasadas
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary }: { $subjects }.
my-tasks-first-one = { $summary }. A primeira é: { $subjects }.
my-tasks-first = { $summary }. As { $count } primeiras são: { $subjects }.

create-task-confirm = Crio a tarefa { $subject }, para hoje?
create-task-confirm-reprompt = Crio a tarefa { $subject }? Diga sim ou não.
create-task-done = Pronto. Criei a tarefa { $subject }, para hoje.
create-task-denied = Certo, não vou criar essa tarefa.
create-task-ask = O que a tarefa deve dizer?
create-task-ask-reprompt = Diga a tarefa, por exemplo: ligar para o Bob sobre a renovação.
create-task-too-long = Isso é longo demais para uma tarefa. Diga de forma mais curta.
create-task-too-long-reprompt = O que a tarefa deve dizer, em poucas palavras?

## Encontrar e escolher um registro

find-ask = Qual oportunidade ou conta devo procurar?
record-next = Você pode mudar a fase, o valor, a data de fechamento ou o próximo passo, ou registrar uma ligação.
record-which = Qual oportunidade ou conta?
record-name-too-long = Esse nome é longo demais. Diga um nome mais curto.
record-not-found = Não encontrei nenhuma oportunidade nem conta chamada { $term }. Qual nome devo procurar?
record-which-name = Qual nome devo procurar?
record-too-many = Encontrei mais de { $max } resultados para { $term }. Diga mais do nome.
record-choice = { $position }: { $name }, { $kind ->
    [opportunity] uma oportunidade
   *[account] uma conta
}
record-choices-next = { $head }; { $item }
record-choices = Encontrei { $count } resultados: { $list }{ $more ->
    [0] {""}
   *[other] , e mais { $more-count }
}. Qual deles? Diga o primeiro, o segundo e assim por diante.
record-choices-reprompt = Qual deles? Diga o primeiro, o segundo ou o terceiro.
record-opportunity = A oportunidade { $name }: { $details }.
record-stage = fase { $stage }
record-no-stage = sem fase
record-amount = valor { $amount }
record-no-amount = sem valor
record-closing = fechamento em { $date }
record-account-count = { $name }, uma conta com { $count } { $n ->
    [one] oportunidade aberta
   *[other] oportunidades abertas
}.
record-account = { $name }, uma conta.
record-gone = Não encontro mais esse registro. Qual oportunidade ou conta?
record-gone-named = Não encontro mais { $name }. { $ask }
select-no-list = Não há nenhuma lista para escolher. Diga “procure” e o nome de uma oportunidade ou conta.
select-ask = Diga um número de um a { $count }.

## Alterar uma oportunidade

update-ask = { $field ->
    [stage] Qual fase? Por exemplo, Qualificação ou Closed Won.
    [amount] Qual é o novo valor?
    [close-date] Qual é a nova data de fechamento?
   *[next-step] Qual é o próximo passo?
}
update-denied = Certo, não mudei nada.
update-not-a-stage = Não conheço essa fase. { $ask }
update-unknown-stage = { $heard } não é uma fase do seu Salesforce. Qual fase?
update-unknown-stage-examples = { $heard } não é uma fase do seu Salesforce. Qual fase? Por exemplo, { $examples }.
update-bad-amount = Não consigo usar esse valor. { $ask }
update-bad-date = Qual dia exatamente? Diga uma data.
update-next-step-too-long = Isso é longo demais para um próximo passo. Diga com menos palavras.
update-which-opportunity = Qual oportunidade?
update-is-account = { $name } é uma conta. Só consigo alterar oportunidades. { $ask }
update-confirm = { $field ->
    [stage] A fase
    [amount] O valor
    [close-date] A data de fechamento
   *[next-step] O próximo passo
} de { $name } é { $old }. Mudo para { $new }?
update-confirm-first = { $name } ainda não tem { $field ->
    [stage] fase
    [amount] valor
    [close-date] data de fechamento
   *[next-step] próximo passo
}. Defino como { $new }?
update-confirm-reprompt = Mudo { $field ->
    [stage] a fase
    [amount] o valor
    [close-date] a data de fechamento
   *[next-step] o próximo passo
} de { $name } para { $new }? Diga sim ou não.
update-done = Pronto. { $field ->
    [stage] A fase
    [amount] O valor
    [close-date] A data de fechamento
   *[next-step] O próximo passo
} de { $name } agora é { $new }.
update-refused = O Salesforce não salvou isso. A mensagem diz: { $message }

## Registrar uma ligação

log-call-denied = Certo, não registrei a ligação.
log-call-ask-notes = O que as notas da ligação devem dizer?
log-call-ask-record = A ligação foi sobre qual oportunidade ou conta?
log-call-notes-too-long = Essas notas são longas demais. Diga com menos palavras.
log-call-confirm = Registro uma ligação concluída em { $name } com as notas: { $notes }?
log-call-confirm-reprompt = Registro a ligação em { $name }? Diga sim ou não.
log-call-done = Pronto. Registrei a ligação em { $name }.
log-call-refused = O Salesforce não salvou a ligação. A mensagem diz: { $message }
