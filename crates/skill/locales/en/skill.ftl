# Sales Assistant, English (en-US, en-GB, en-CA, en-AU, en-IN). The reference catalogue: every
# other language has exactly these message ids, attributes and variables.

## Numbers, amounts, lists

# A count before a noun: words up to twenty, then digits ($figure, formatted for the locale).
number = { $n ->
    [0] no
    [1] one
    [2] two
    [3] three
    [4] four
    [5] five
    [6] six
    [7] seven
    [8] eight
    [9] nine
    [10] ten
    [11] eleven
    [12] twelve
    [13] thirteen
    [14] fourteen
    [15] fifteen
    [16] sixteen
    [17] seventeen
    [18] eighteen
    [19] nineteen
    [20] twenty
   *[other] { $figure }
}
amount-unknown = an unknown amount
amount-negative = minus { $amount }
money = { $figure } { $unit }
# $count is the scaled figure (1.2), for languages whose scale words have plural forms.
money-scale-1 = { $figure } { $count ->
   *[other] million
} { $unit }
money-scale-2 = { $figure } { $count ->
   *[other] billion
} { $unit }
money-scale-3 = { $figure } { $count ->
   *[other] trillion
} { $unit }

# A currency's spoken name after a number ($count); .of after "million".
currency-USD = { $count ->
    [one] dollar
   *[other] dollars
}
    .of = dollars
currency-EUR = { $count ->
    [one] euro
   *[other] euros
}
    .of = euros
currency-GBP = { $count ->
    [one] pound
   *[other] pounds
}
    .of = pounds
currency-JPY = yen
    .of = yen
currency-CAD = { $count ->
    [one] Canadian dollar
   *[other] Canadian dollars
}
    .of = Canadian dollars
currency-AUD = { $count ->
    [one] Australian dollar
   *[other] Australian dollars
}
    .of = Australian dollars
currency-INR = { $count ->
    [one] rupee
   *[other] rupees
}
    .of = rupees
currency-BRL = { $count ->
    [one] real
   *[other] reais
}
    .of = reais
currency-MXN = { $count ->
    [one] Mexican peso
   *[other] Mexican pesos
}
    .of = Mexican pesos
currency-CHF = { $count ->
    [one] Swiss franc
   *[other] Swiss francs
}
    .of = Swiss francs
currency-other = { $code }
    .of = { $code }

list-comma = { $head }, { $item }
list-and = { $head } and { $last }
list-or = { $head }, or { $last }

## Said by any intent

link-account = To use Sales Assistant, please link your Salesforce account. I've sent a card to the Alexa app to help you.
relink = Your Salesforce session has expired. Please link your Salesforce account again. I've sent a card to the Alexa app.
unavailable = Sorry, I couldn't reach Salesforce just now. Please try again in a moment.
malformed = Sorry, Salesforce sent an answer I couldn't understand. Please try again later.
refused = Sorry, Salesforce couldn't do that for you. Your administrator can find the details in the skill's logs.
deadline = Sorry, Salesforce is taking too long to answer. If you asked for a change, please check it in Salesforce before trying again.
progressive = One moment while I check Salesforce.
anything-else = Anything else?

## What the skill can do: one phrase per route, after "You can ask me to"

does-pipeline = read your pipeline
does-top-deals = read your top deals
does-new-leads = count today's new leads
does-case-status = check the status of a case
does-my-tasks = read your tasks for today
does-create-task = create a task
does-find-record = find an opportunity or account by name
does-update-stage = change a deal's stage
does-update-amount = change its amount
does-update-close-date = change its close date
does-update-next-step = set its next step
does-log-call = log a call
you-can-ask = You can ask me to { $list }.

launch = Welcome to Sales Assistant. { $capabilities } What would you like?
launch-reprompt = What would you like to know? For example, say: what's my pipeline.
help = Sales Assistant reads and updates your Salesforce data. { $capabilities } What would you like?
help-reprompt = What would you like? You can say: what are my top deals.
fallback = Sorry, Sales Assistant can't help with that. { $capabilities }
fallback-reprompt = What would you like to know?
goodbye = Goodbye.
okay = Okay.

## Pipeline, top deals, new leads

pipeline-none = You have no open opportunities.
pipeline-worth = You have { $count } open { $n ->
    [one] opportunity
   *[other] opportunities
} worth { $total }.
pipeline-no-amounts = You have { $count } open { $n ->
    [one] opportunity
   *[other] opportunities
}, with no amounts entered.
top-deals-none = You have no open opportunities with an amount.
top-deals-one = Your largest open deal is { $deal }.
top-deals-many = Your { $count } largest open deals are { $deals }.
top-deals-item = { $name } at { $amount }
new-leads = { $n ->
    [0] No new leads came in today yet.
    [one] One new lead came in today.
   *[other] { $count } new leads came in today.
}

## Cases ($number is read digit by digit)

case-found = Case { $number }, { $subject }, is { $status }.
case-found-no-subject = Case { $number } is { $status }.
case-no-status = without a status
case-not-found = Case { $number } wasn't found. Check the number and ask again.
case-ask = Which case number?
case-ask-again = Sorry, I didn't get a case number. Which case number? Say just the digits.
case-reprompt = Which case number? For example, say: case one zero two six.

## Tasks

my-tasks-none = You have no open tasks due today or overdue. Nice work.
my-tasks-summary = You have { $at-least ->
    [yes] at least { $count }
   *[no] { $count }
} open { $n ->
    [one] task
   *[other] tasks
} due today or overdue{ $overdue ->
    [all-one] , and it's overdue
    [all] , all of them overdue
    [some] , { $overdue-count } of them overdue
   *[none] {""}
}
my-tasks-plain = { $summary }.
my-tasks-all = { $summary }: { $subjects }.
my-tasks-first-one = { $summary }. The first is: { $subjects }.
my-tasks-first = { $summary }. The first { $count } are: { $subjects }.

create-task-confirm = Create a task: { $subject }, due today?
create-task-confirm-reprompt = Should I create the task { $subject }? Say yes or no.
create-task-done = Okay. I created the task { $subject }, due today.
create-task-denied = Okay, I won't create that task.
create-task-ask = What should the task say?
create-task-ask-reprompt = Tell me the task, for example: call Bob about the renewal.
create-task-too-long = That's too long for a task. Please say a shorter task.
create-task-too-long-reprompt = What should the task say, in a few words?

## Finding and choosing a record

find-ask = Which opportunity or account should I find?
record-next = You can change its stage, amount, close date or next step, or log a call.
record-which = Which opportunity or account?
record-name-too-long = That name is too long. Please say a shorter name.
record-not-found = I couldn't find an opportunity or account called { $term }. Which name should I look for?
record-which-name = Which name should I look for?
record-too-many = I found more than { $max } records for { $term }. Please say more of the name.
record-choice = { $position }, { $name }, { $kind ->
    [opportunity] an opportunity
   *[account] an account
}
record-choices-next = { $head }; { $item }
record-choices = I found { $count } records: { $list }{ $more ->
    [0] {""}
   *[other] , and { $more-count } more
}. Which one? Say the first, the second, and so on.
record-choices-reprompt = Which one? Say the first, the second, or the third.
record-opportunity = The opportunity { $name }: { $details }.
record-stage = stage { $stage }
record-no-stage = no stage
record-amount = amount { $amount }
record-no-amount = no amount
record-closing = closing { $date }
record-account-count = { $name }, an account with { $count } open { $n ->
    [one] opportunity
   *[other] opportunities
}.
record-account = { $name }, an account.
record-gone = I can't find that record any more. Which opportunity or account?
record-gone-named = I can't find { $name } any more. { $ask }
select-no-list = There's no list to choose from. Say find, and the name of an opportunity or account.
select-ask = Please say a number from one to { $count }.

## Changing an opportunity ($field: stage, amount, close-date, next-step)

update-ask = { $field ->
    [stage] Which stage? For example, Qualification or Closed Won.
    [amount] What's the new amount?
    [close-date] What's the new close date?
   *[next-step] What's the next step?
}
update-denied = Okay, I didn't change anything.
update-not-a-stage = That's not a stage I know. { $ask }
update-unknown-stage = { $heard } isn't a stage in your Salesforce. Which stage?
update-unknown-stage-examples = { $heard } isn't a stage in your Salesforce. Which stage? For example, { $examples }.
update-bad-amount = That's not an amount I can use. { $ask }
update-bad-date = Which day exactly? Please say a date.
update-next-step-too-long = That's too long for a next step. Please say it in fewer words.
update-which-opportunity = Which opportunity?
update-is-account = { $name } is an account. I can change opportunities only. { $ask }
update-confirm = The { $field ->
    [stage] stage
    [amount] amount
    [close-date] close date
   *[next-step] next step
} of { $name } is { $old }. Change it to { $new }?
update-confirm-first = { $name } has no { $field ->
    [stage] stage
    [amount] amount
    [close-date] close date
   *[next-step] next step
} yet. Set it to { $new }?
update-confirm-reprompt = Should I change the { $field ->
    [stage] stage
    [amount] amount
    [close-date] close date
   *[next-step] next step
} of { $name } to { $new }? Say yes or no.
update-done = Done. The { $field ->
    [stage] stage
    [amount] amount
    [close-date] close date
   *[next-step] next step
} of { $name } is now { $new }.
update-refused = Salesforce didn't save that. It says: { $message }

## Logging a call

log-call-denied = Okay, I didn't log the call.
log-call-ask-notes = What should the call notes say?
log-call-ask-record = Which opportunity or account was the call about?
log-call-notes-too-long = Those notes are too long. Please say them in fewer words.
log-call-confirm = Log a completed call on { $name } with the notes: { $notes }?
log-call-confirm-reprompt = Should I log the call on { $name }? Say yes or no.
log-call-done = Done. I logged the call on { $name }.
log-call-refused = Salesforce didn't save the call. It says: { $message }
