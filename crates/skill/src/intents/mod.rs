//! The intents and the one table that routes intent names to their handlers.
//!
//! To add an intent (say `OpenCasesIntent`), every step; the tests fail until all are done:
//! 1. write `open_cases.rs` here with `pub async fn handle(cx: &Context<'_>) -> IntentResult`,
//!    keeping the SOQL builder and the speech in pure functions next to it, with unit tests;
//!    every word it says is a message in each catalogue, `locales/<lang>/skill.ftl` (said
//!    with `cx.t(id, args)` or the [`crate::i18n::Speaker`] of `cx.speaker()`);
//!    declare each slot it reads as a `pub const` [`SlotSpec`] (name, slot type, and an
//!    `understands` check of the values the handler can use) and read it with
//!    `cx.slot(SLOT.name)`;
//! 2. declare the module in this file: `pub mod open_cases;`;
//! 3. add one line to [`ROUTES`]: `route!("OpenCasesIntent" => open_cases::handle)`, or
//!    `route!("OpenCasesIntent" => open_cases::handle, slots: [open_cases::SLOT])` when it
//!    reads slots;
//! 4. add the intent, its sample utterances and the same slots (names and types) to every
//!    locale's `skill-package/interactionModels/custom/<locale>.json` (the model test compares
//!    each model with this table, slots included);
//! 5. add a sample event `events/skill/open-cases.json` (the intent name in kebab case,
//!    without `AMAZON.` and `Intent`) and its expected outcome in the events test
//!    (`crates/skill/tests/skill/events.rs`), which runs every sample event through the
//!    handler; add the exact SOQL and answer to `tests/skill/intents.rs`.
//!
//! An unlinked user (no token, or one that is malformed or points at an untrusted instance)
//! gets the link-account answer before any handler runs, for every route but those declared
//! `account: Account::NotNeeded` (Stop and Cancel only): a new intent needs nothing for that.
//! A handler that needs Salesforce starts with `let sf = cx.salesforce()?;`, and a Salesforce
//! failure (`?` on a call) gets a spoken apology, without the handler doing anything more.
//!
//! The table also answers `CanFulfillIntentRequest`s ([`crate::can_fulfill`]): an intent it
//! does not list, or a slot its route does not declare or cannot use, is a NO.

use std::future::Future;
use std::pin::Pin;

use alexa::ResponseEnvelope;

use crate::context::Context;
use crate::error::IntentError;
use crate::i18n::Speaker;

pub mod case_status;
pub mod create_task;
pub mod fallback;
pub mod find_record;
pub mod goodbye;
pub mod help;
pub mod launch;
pub mod log_call;
pub mod my_tasks;
pub mod navigate_home;
pub mod new_leads;
pub mod pipeline;
pub mod records;
pub mod select_record;
pub mod top_deals;
pub mod update;

/// What a handler returns.
pub type IntentResult = Result<ResponseEnvelope, IntentError>;

/// A handler's future, borrowing the context.
pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = IntentResult> + Send + 'a>>;

/// A handler: an async function of the context.
pub type Handler = for<'a> fn(&'a Context<'a>) -> HandlerFuture<'a>;

/// A slot an intent reads, as the interaction model declares it, and which values of it the
/// handler can use.
#[derive(Debug, Clone, Copy)]
pub struct SlotSpec {
    /// The slot name (`caseNumber`).
    pub name: &'static str,
    /// The slot type (`AMAZON.NUMBER`).
    pub slot_type: &'static str,
    /// Whether the handler can act on this spoken value (`1026` yes, `banana` no); a pure
    /// check, used to answer `CanFulfillIntentRequest`.
    pub understands: fn(&str) -> bool,
}

/// Whether a route's answer needs a linked account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// An unlinked user gets the link-account answer instead of the handler's.
    Required,
    /// The handler answers everyone (Stop and Cancel: a goodbye is never a link request).
    NotNeeded,
}

/// One row of the routing table: an intent, the slots its handler reads, whether it needs a
/// linked account, and the handler.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The intent name, as in the interaction model.
    pub intent: &'static str,
    /// Every slot the handler reads; the model declares exactly these for the intent.
    pub slots: &'static [SlotSpec],
    /// Whether an unlinked user gets the link-account answer instead.
    pub account: Account,
    /// What the intent lets the user do: the catalogue id (`does-pipeline`) of a phrase that
    /// follows "You can ask me to" ("read your pipeline"); launch and help list these, so they
    /// cannot drift from the table. `None` for the built-in intents and the follow-ups of
    /// another intent.
    pub capability: Option<&'static str>,
    /// The handler.
    pub handler: Handler,
}

impl Route {
    /// The declared slot called `name`.
    pub fn slot(&self, name: &str) -> Option<&'static SlotSpec> {
        self.slots.iter().find(|slot| slot.name == name)
    }
}

/// A [`Route`] from an intent name, an `async fn(&Context) -> IntentResult`, the slots it
/// reads, if any, `does: "<capability message id>"` for an intent launch and help should offer, and
/// `account: Account::NotNeeded` for the rare intent an unlinked user may use (the default is
/// [`Account::Required`]).
macro_rules! route {
    ($intent:literal => $handler:path
        $(, slots: [$($slot:expr),+ $(,)?])?
        $(, does: $does:literal)?
        $(, account: $account:expr)? $(,)?) => {
        Route {
            intent: $intent,
            slots: &[$($($slot),+)?],
            account: route!(@account $($account)?),
            capability: route!(@does $($does)?),
            handler: |cx| Box::pin($handler(cx)),
        }
    };
    (@does) => { None };
    (@does $does:literal) => { Some($does) };
    (@account) => { Account::Required };
    (@account $account:expr) => { $account };
}

/// Every intent the skill answers. One line per intent, with the slots its handler reads.
pub static ROUTES: &[Route] = &[
    route!("PipelineIntent" => pipeline::handle, does: "does-pipeline"),
    route!("TopDealsIntent" => top_deals::handle, does: "does-top-deals"),
    route!("NewLeadsIntent" => new_leads::handle, does: "does-new-leads"),
    route!("CaseStatusIntent" => case_status::handle, slots: [case_status::SLOT],
        does: "does-case-status"),
    route!("MyTasksIntent" => my_tasks::handle, does: "does-my-tasks"),
    route!("CreateTaskIntent" => create_task::handle, slots: [create_task::SLOT],
        does: "does-create-task"),
    route!("FindRecordIntent" => find_record::handle, slots: [find_record::SLOT],
        does: "does-find-record"),
    route!("SelectRecordIntent" => select_record::handle, slots: [select_record::SLOT]),
    route!("UpdateStageIntent" => update::stage,
        slots: [records::NAME_SLOT, update::STAGE_SLOT], does: "does-update-stage"),
    route!("UpdateAmountIntent" => update::amount,
        slots: [records::NAME_SLOT, update::AMOUNT_SLOT], does: "does-update-amount"),
    route!("UpdateCloseDateIntent" => update::close_date,
        slots: [records::NAME_SLOT, update::CLOSE_DATE_SLOT], does: "does-update-close-date"),
    route!("UpdateNextStepIntent" => update::next_step,
        slots: [records::NAME_SLOT, update::NEXT_STEP_SLOT], does: "does-update-next-step"),
    route!("LogCallIntent" => log_call::handle,
        slots: [records::NAME_SLOT, log_call::NOTES_SLOT], does: "does-log-call"),
    route!("AMAZON.HelpIntent" => help::handle),
    route!("AMAZON.StopIntent" => goodbye::handle, account: Account::NotNeeded),
    route!("AMAZON.CancelIntent" => goodbye::handle, account: Account::NotNeeded),
    route!("AMAZON.FallbackIntent" => fallback::handle),
    route!("AMAZON.NavigateHomeIntent" => navigate_home::handle),
];

/// What the skill can do, from the table's capabilities in its order, in `speaker`'s
/// language: "You can ask me to read your pipeline, ..., or log a call." Launch, help and
/// fallback say it.
pub fn what_you_can_ask(speaker: Speaker) -> String {
    let phrases: Vec<String> = ROUTES
        .iter()
        .filter_map(|r| r.capability)
        .map(|id| speaker.t(id, &[]))
        .collect();
    if phrases.is_empty() {
        return String::new();
    }
    speaker.t("you-can-ask", &[("list", speaker.join_or(&phrases).into())])
}

/// The route of an intent name, when the table has one.
pub fn route_for(intent: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| route.intent == intent)
}

/// The route an intent name is answered by: its own, or for an intent the table does not know
/// [`FALLBACK`] (answered like `AMAZON.FallbackIntent`).
pub fn route_or_fallback(intent: &str) -> &'static Route {
    route_for(intent).unwrap_or(&FALLBACK)
}

/// The route of `LaunchRequest` (a request type, not an intent: it is not in the model). An
/// unlinked user is asked to link, since nothing the welcome offers works without it.
pub static LAUNCH: Route = route!("LaunchRequest" => launch::handle);

/// The route of every intent name the table does not know.
pub static FALLBACK: Route = route!("AMAZON.FallbackIntent" => fallback::handle);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intent_names_are_unique() {
        let mut names: Vec<_> = ROUTES.iter().map(|r| r.intent).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn only_stop_and_cancel_answer_an_unlinked_user() {
        let open: Vec<_> = ROUTES
            .iter()
            .chain([&LAUNCH, &FALLBACK])
            .filter(|r| r.account == Account::NotNeeded)
            .map(|r| r.intent)
            .collect();
        assert_eq!(open, ["AMAZON.StopIntent", "AMAZON.CancelIntent"]);
    }

    #[test]
    fn every_capability_is_offered_once() {
        let en = Speaker::default();
        let offered = what_you_can_ask(en);
        for route in ROUTES {
            if let Some(capability) = route.capability {
                let phrase = en.t(capability, &[]);
                assert_eq!(offered.matches(&phrase).count(), 1, "{phrase}");
            }
        }
        assert!(offered.starts_with("You can ask me to read your pipeline, "));
        assert!(offered.ends_with(", or log a call."));
    }

    #[test]
    fn unknown_intents_take_the_fallback_route() {
        assert_eq!(
            route_or_fallback("NoSuchIntent").intent,
            "AMAZON.FallbackIntent"
        );
        assert_eq!(route_or_fallback("").intent, "AMAZON.FallbackIntent");
        assert_eq!(route_or_fallback("PipelineIntent").intent, "PipelineIntent");
        assert!(route_for("NoSuchIntent").is_none());
    }
}
