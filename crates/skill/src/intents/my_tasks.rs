//! `MyTasksIntent`: the user's open Tasks due today or overdue.

use alexa::speak;
use salesforce::rest::soql::quote;
use serde::Deserialize;
use time::Date;

use super::IntentResult;
use crate::context::Context;
use crate::i18n::Speaker;

/// The most tasks fetched; at this many the answer says "at least".
pub const LIMIT: usize = 10;

/// The most task subjects read out.
pub const READ_OUT: usize = 5;

/// One Task row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskRow {
    /// The subject.
    pub subject: Option<String>,
    /// The due date, `YYYY-MM-DD`.
    pub activity_date: Option<String>,
    /// `High`, `Normal`, `Low`.
    #[serde(default)]
    pub priority: Option<String>,
}

/// The query for `user_id`'s open tasks due by today (Salesforce's `TODAY`).
pub fn soql(user_id: &str) -> String {
    format!(
        "SELECT Subject, ActivityDate, Priority FROM Task WHERE OwnerId = {} AND IsClosed = false \
         AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT {LIMIT}",
        quote(user_id)
    )
}

/// "You have three open tasks due today or overdue, two of them overdue: Call Bob, Send the
/// proposal and Review the contract."
pub fn speech(sp: Speaker, tasks: &[TaskRow], today: Date) -> String {
    if tasks.is_empty() {
        return sp.t("my-tasks-none", &[]);
    }
    let today = today.to_string(); // YYYY-MM-DD compares correctly as text
    let overdue = tasks
        .iter()
        .filter(|t| {
            t.activity_date
                .as_deref()
                .is_some_and(|d| d < today.as_str())
        })
        .count() as u64;
    let n = tasks.len() as u64;
    let overdue_kind = match overdue {
        0 => "none",
        o if o == n && n == 1 => "all-one",
        o if o == n => "all",
        _ => "some",
    };
    let summary = sp.t(
        "my-tasks-summary",
        &[
            ("count", sp.count(n).into()),
            ("n", n.into()),
            (
                "at-least",
                if tasks.len() >= LIMIT { "yes" } else { "no" }.into(),
            ),
            ("overdue", overdue_kind.into()),
            ("overdue-count", sp.count(overdue).into()),
        ],
    );
    let subjects: Vec<&str> = tasks
        .iter()
        .filter_map(|t| {
            t.subject
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })
        .take(READ_OUT)
        .collect();
    let listed = sp.join(&subjects);
    match subjects.len() {
        0 => sp.t("my-tasks-plain", &[("summary", summary.into())]),
        k if k == tasks.len() => sp.t(
            "my-tasks-all",
            &[("summary", summary.into()), ("subjects", listed.into())],
        ),
        1 => sp.t(
            "my-tasks-first-one",
            &[("summary", summary.into()), ("subjects", listed.into())],
        ),
        k => sp.t(
            "my-tasks-first",
            &[
                ("summary", summary.into()),
                ("subjects", listed.into()),
                ("count", sp.count(k as u64).into()),
                ("n", k.into()),
            ],
        ),
    }
}

/// Reads out the user's open tasks due by today (in the user's time zone, see
/// [`Context::today`]; Salesforce's `TODAY` is the user's Salesforce time zone).
pub async fn handle(cx: &Context<'_>) -> IntentResult {
    let sf = cx.salesforce()?;
    let result = sf.query::<TaskRow>(&soql(sf.user_id().await?)).await?;
    Ok(speak(speech(cx.speaker(), &result.records, cx.today().await)).build())
}

#[cfg(test)]
mod tests {
    use testkit::demo::USER_ID;
    use time::macros::date;

    use super::*;

    fn task(subject: &str, due: &str) -> TaskRow {
        TaskRow {
            subject: Some(subject.into()),
            activity_date: Some(due.into()),
            priority: None,
        }
    }

    const TODAY: Date = date!(2026 - 03 - 14);

    #[test]
    fn soql_is_the_contract_shape() {
        assert_eq!(
            soql(USER_ID),
            format!(
                "SELECT Subject, ActivityDate, Priority FROM Task WHERE OwnerId = '{USER_ID}' \
             AND IsClosed = false AND ActivityDate <= TODAY ORDER BY ActivityDate ASC LIMIT 10"
            )
        );
    }

    #[test]
    fn speaks_tasks_and_what_is_overdue() {
        assert_eq!(
            speech(Speaker::default(), &[], TODAY),
            "You have no open tasks due today or overdue. Nice work."
        );
        assert_eq!(
            speech(Speaker::default(), &[task("Call Bob", "2026-03-14")], TODAY),
            "You have one open task due today or overdue: Call Bob."
        );
        assert_eq!(
            speech(Speaker::default(), &[task("Call Bob", "2026-03-02")], TODAY),
            "You have one open task due today or overdue, and it's overdue: Call Bob."
        );
        assert_eq!(
            speech(
                Speaker::default(),
                &[task("Send proposal", "2026-03-01"), task("Call Bob", "2026-03-13"), task("Review contract", "2026-03-14")],
                TODAY
            ),
            "You have three open tasks due today or overdue, two of them overdue: Send proposal, Call Bob and Review contract."
        );
        assert_eq!(
            speech(
                Speaker::default(),
                &[task("A", "2026-03-01"), task("B", "2026-03-02")],
                TODAY
            ),
            "You have two open tasks due today or overdue, all of them overdue: A and B."
        );
    }

    #[test]
    fn long_lists_are_cut_short() {
        let tasks: Vec<_> = (1..=10)
            .map(|i| task(&format!("Task {i}"), "2026-03-14"))
            .collect();
        assert_eq!(
            speech(Speaker::default(), &tasks, TODAY),
            "You have at least ten open tasks due today or overdue. The first five are: Task 1, Task 2, Task 3, Task 4 and Task 5."
        );
    }
}
