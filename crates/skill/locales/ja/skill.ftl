# Sales Assistant、日本語 (ja-JP)。メッセージ ID、属性、変数は en と同じ。

## 数、金額、列挙

number = { $figure }
amount-unknown = 不明な金額
amount-negative = マイナス{ $amount }
money = { $figure }{ $unit }
money-scale-1 = { $figure }万{ $unit }
money-scale-2 = { $figure }億{ $unit }
money-scale-3 = { $figure }兆{ $unit }

currency-USD = ドル
    .of = ドル
currency-EUR = ユーロ
    .of = ユーロ
currency-GBP = ポンド
    .of = ポンド
currency-JPY = 円
    .of = 円
currency-CAD = カナダドル
    .of = カナダドル
currency-AUD = オーストラリアドル
    .of = オーストラリアドル
currency-INR = ルピー
    .of = ルピー
currency-BRL = レアル
    .of = レアル
currency-MXN = メキシコペソ
    .of = メキシコペソ
currency-CHF = スイスフラン
    .of = スイスフラン
currency-other = { " " }{ $code }
    .of = { " " }{ $code }

list-comma = { $head }、{ $item }
list-and = { $head }、{ $last }
list-or = { $head }、{ $last }

## 共通

link-account = セールスアシスタントを使うには、Salesforceアカウントをリンクしてください。Alexaアプリにカードを送りました。
relink = Salesforceのセッションが切れました。もう一度Salesforceアカウントをリンクしてください。Alexaアプリにカードを送りました。
unavailable = すみません、今Salesforceにつながりません。少ししてからもう一度お試しください。
malformed = すみません、Salesforceから理解できない応答が返ってきました。後でもう一度お試しください。
refused = すみません、Salesforceでその操作ができませんでした。詳しくは管理者がスキルのログで確認できます。
deadline = すみません、Salesforceの応答に時間がかかりすぎています。変更を頼んだ場合は、もう一度試す前にSalesforceで確認してください。
progressive = Salesforceを確認しています。少々お待ちください。
anything-else = ほかに何かありますか？

## できること

does-pipeline = パイプラインを読み上げる
does-top-deals = 大きな商談を読み上げる
does-new-leads = 今日の新しいリードを数える
does-case-status = ケースの状況を調べる
does-my-tasks = 今日のToDoを読み上げる
does-create-task = ToDoを作る
does-find-record = 商談や取引先を名前で探す
does-update-stage = 商談のフェーズを変える
does-update-amount = 金額を変える
does-update-close-date = 完了予定日を変える
does-update-next-step = 次のステップを設定する
does-log-call = 通話を記録する
you-can-ask = たとえば、{ $list }ことができます。

launch = セールスアシスタントへようこそ。{ $capabilities }何をしましょうか？
launch-reprompt = 何を知りたいですか？たとえば、「パイプラインを教えて」と言ってください。
help = セールスアシスタントはSalesforceのデータを読み上げたり更新したりします。{ $capabilities }何をしましょうか？
help-reprompt = 何をしましょうか？たとえば、「大きな商談を教えて」と言ってください。
fallback = すみません、セールスアシスタントではそれはできません。{ $capabilities }
fallback-reprompt = 何を知りたいですか？
goodbye = さようなら。
okay = わかりました。

## パイプライン、大きな商談、新しいリード

pipeline-none = 進行中の商談はありません。
pipeline-worth = 進行中の商談は{ $count }件、合計{ $total }です。
pipeline-no-amounts = 進行中の商談は{ $count }件ですが、金額はまだ入力されていません。
top-deals-none = 金額の入った進行中の商談はありません。
top-deals-one = いちばん大きな進行中の商談は{ $deal }です。
top-deals-many = 大きな進行中の商談トップ{ $count }は、{ $deals }です。
top-deals-item = { $name }（{ $amount }）
new-leads = { $n ->
    [0] 今日はまだ新しいリードはありません。
   *[other] 今日は新しいリードが{ $count }件入りました。
}

## ケース

case-found = ケース{ $number }、{ $subject }の状況は{ $status }です。
case-found-no-subject = ケース{ $number }の状況は{ $status }です。
case-no-status = 未設定
case-not-found = ケース{ $number }は見つかりませんでした。番号を確かめて、もう一度聞いてください。
case-ask = ケース番号は何番ですか？
case-ask-again = すみません、ケース番号がわかりませんでした。何番ですか？数字だけを言ってください。
case-reprompt = ケース番号は何番ですか？たとえば、「ケース いち ゼロ に ろく」と言ってください。

## ToDo

my-tasks-none = 今日が期限のToDoも、期限切れのToDoもありません。お疲れさまです。
my-tasks-summary = 今日が期限か期限切れの未完了のToDoが{ $at-least ->
    [yes] { $count }件以上
   *[no] { $count }件
}あります{ $overdue ->
    [all-one] 。期限切れです
    [all] 。すべて期限切れです
    [some] 。そのうち{ $overdue-count }件が期限切れです
   *[none] {""}
}
my-tasks-plain = { $summary }。
my-tasks-all = { $summary }。{ $subjects }です。
my-tasks-first-one = { $summary }。最初の1件は{ $subjects }です。
my-tasks-first = { $summary }。最初の{ $count }件は{ $subjects }です。

create-task-confirm = 「{ $subject }」というToDoを今日の期限で作りますか？
create-task-confirm-reprompt = 「{ $subject }」というToDoを作りますか？はいか、いいえで答えてください。
create-task-done = わかりました。「{ $subject }」というToDoを今日の期限で作りました。
create-task-denied = わかりました。そのToDoは作りません。
create-task-ask = ToDoの内容は何にしますか？
create-task-ask-reprompt = ToDoの内容を教えてください。たとえば、「更新の件でボブに電話」。
create-task-too-long = ToDoにしては長すぎます。もっと短く言ってください。
create-task-too-long-reprompt = ToDoの内容を短く言ってください。

## レコードを探して選ぶ

find-ask = どの商談か取引先を探しますか？
record-next = フェーズ、金額、完了予定日、次のステップを変えたり、通話を記録したりできます。
record-which = どの商談か取引先ですか？
record-name-too-long = 名前が長すぎます。もっと短い名前を言ってください。
record-not-found = { $term }という商談や取引先は見つかりませんでした。どの名前で探しますか？
record-which-name = どの名前で探しますか？
record-too-many = { $term }で{ $max }件より多く見つかりました。名前をもう少し詳しく言ってください。
record-choice = { $position }番、{ $name }、{ $kind ->
    [opportunity] 商談
   *[account] 取引先
}
record-choices-next = { $head }。{ $item }
record-choices = { $count }件見つかりました。{ $list }{ $more ->
    [0] {""}
   *[other] 。ほかに{ $more-count }件あります
}。どれにしますか？「1番目」「2番目」のように言ってください。
record-choices-reprompt = どれにしますか？「1番目」「2番目」「3番目」のように言ってください。
record-opportunity = 商談{ $name }。{ $details }です。
record-stage = フェーズは{ $stage }
record-no-stage = フェーズは未設定
record-amount = 金額は{ $amount }
record-no-amount = 金額は未入力
record-closing = 完了予定日は{ $date }
record-account-count = 取引先{ $name }。進行中の商談が{ $count }件あります。
record-account = 取引先{ $name }です。
record-gone = そのレコードはもう見つかりません。どの商談か取引先ですか？
record-gone-named = { $name }はもう見つかりません。{ $ask }
select-no-list = 選べるリストがありません。「探して」と言ってから、商談か取引先の名前を言ってください。
select-ask = 1から{ $count }までの番号を言ってください。

## 商談を変更する

update-ask = { $field ->
    [stage] どのフェーズにしますか？たとえば、Qualification や Closed Won です。
    [amount] 新しい金額はいくらですか？
    [close-date] 新しい完了予定日はいつですか？
   *[next-step] 次のステップは何ですか？
}
update-denied = わかりました。何も変更していません。
update-not-a-stage = そのフェーズはわかりません。{ $ask }
update-unknown-stage = { $heard }はこのSalesforceのフェーズにありません。どのフェーズにしますか？
update-unknown-stage-examples = { $heard }はこのSalesforceのフェーズにありません。どのフェーズにしますか？たとえば、{ $examples }です。
update-bad-amount = その金額は使えません。{ $ask }
update-bad-date = 正確には何日ですか？日付を言ってください。
update-next-step-too-long = 次のステップにしては長すぎます。もっと短く言ってください。
update-which-opportunity = どの商談ですか？
update-is-account = { $name }は取引先です。変更できるのは商談だけです。{ $ask }
update-confirm = { $name }の{ $field ->
    [stage] フェーズ
    [amount] 金額
    [close-date] 完了予定日
   *[next-step] 次のステップ
}は{ $old }です。{ $new }に変えますか？
update-confirm-first = { $name }には{ $field ->
    [stage] フェーズ
    [amount] 金額
    [close-date] 完了予定日
   *[next-step] 次のステップ
}がまだありません。{ $new }にしますか？
update-confirm-reprompt = { $name }の{ $field ->
    [stage] フェーズ
    [amount] 金額
    [close-date] 完了予定日
   *[next-step] 次のステップ
}を{ $new }に変えますか？はいか、いいえで答えてください。
update-done = 完了しました。{ $name }の{ $field ->
    [stage] フェーズ
    [amount] 金額
    [close-date] 完了予定日
   *[next-step] 次のステップ
}は{ $new }になりました。
update-refused = Salesforceに保存されませんでした。メッセージは次のとおりです。{ $message }

## 通話を記録する

log-call-denied = わかりました。通話は記録していません。
log-call-ask-notes = 通話メモの内容は何にしますか？
log-call-ask-record = どの商談か取引先についての通話ですか？
log-call-notes-too-long = メモが長すぎます。もっと短く言ってください。
log-call-confirm = { $name }に完了した通話を記録しますか？メモは「{ $notes }」です。
log-call-confirm-reprompt = { $name }に通話を記録しますか？はいか、いいえで答えてください。
log-call-done = 完了しました。{ $name }に通話を記録しました。
log-call-refused = Salesforceに通話が保存されませんでした。メッセージは次のとおりです。{ $message }
