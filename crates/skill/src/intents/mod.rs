//! The intents and the one table that routes intent names to their handlers.
//!
//! To add an intent (say `OpenCasesIntent`), every step; the tests fail until all are done:
//! 1. write `open_cases.rs` here with `pub async fn handle(cx: &Context<'_>) -> IntentResult`,
//!    keeping the SOQL builder and the speech in pure functions next to it, with unit tests;
//!    declare each slot it reads as a `pub const` [`SlotSpec`] (name and slot type) and read
//!    it with `cx.slot(SLOT.name)`;
//! 2. declare the module in this file: `pub mod open_cases;`;
//! 3. add one line to [`ROUTES`]: `route!("OpenCasesIntent" => open_cases::handle)`, or
//!    `route!("OpenCasesIntent" => open_cases::handle, slots: [open_cases::SLOT])` when it
//!    reads slots;
//! 4. add the intent, its sample utterances and the same slots (names and types) to
//!    `skill-package/interactionModels/custom/en-US.json` (the model test compares the model
//!    with this table, slots included);
//! 5. add a sample event `events/skill/open-cases.json` (the intent name in kebab case,
//!    without `AMAZON.` and `Intent`) and its expected outcome in the events test
//!    (`crates/skill/tests/skill/events.rs`), which runs every sample event through the
//!    handler; add the exact SOQL and answer to `tests/skill/intents.rs`.
//!
//! A handler that needs Salesforce starts with `let sf = cx.salesforce()?;`: an unlinked or
//! untrusted account then gets the link-account answer, and a Salesforce failure (`?` on a
//! call) gets a spoken apology, without the handler doing anything more.

use std::future::Future;
use std::pin::Pin;

use alexa::ResponseEnvelope;

use crate::context::Context;
use crate::error::IntentError;

pub mod case_status;
pub mod create_task;
pub mod fallback;
pub mod goodbye;
pub mod help;
pub mod launch;
pub mod my_tasks;
pub mod navigate_home;
pub mod new_leads;
pub mod pipeline;
pub mod top_deals;

/// What a handler returns.
pub type IntentResult = Result<ResponseEnvelope, IntentError>;

/// A handler's future, borrowing the context.
pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = IntentResult> + Send + 'a>>;

/// A handler: an async function of the context.
pub type Handler = for<'a> fn(&'a Context<'a>) -> HandlerFuture<'a>;

/// A slot an intent reads, as the interaction model declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotSpec {
    /// The slot name (`caseNumber`).
    pub name: &'static str,
    /// The slot type (`AMAZON.NUMBER`).
    pub slot_type: &'static str,
}

/// One row of the routing table: an intent, the slots its handler reads, and the handler.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The intent name, as in the interaction model.
    pub intent: &'static str,
    /// Every slot the handler reads; the model declares exactly these for the intent.
    pub slots: &'static [SlotSpec],
    /// The handler.
    pub handler: Handler,
}

/// A [`Route`] from an intent name, an `async fn(&Context) -> IntentResult` and the slots it
/// reads, if any.
macro_rules! route {
    ($intent:literal => $handler:path $(, slots: [$($slot:expr),+ $(,)?])?) => {
        Route {
            intent: $intent,
            slots: &[$($($slot),+)?],
            handler: |cx| Box::pin($handler(cx)),
        }
    };
}

/// Every intent the skill answers. One line per intent, with the slots its handler reads.
pub static ROUTES: &[Route] = &[
    route!("PipelineIntent" => pipeline::handle),
    route!("TopDealsIntent" => top_deals::handle),
    route!("NewLeadsIntent" => new_leads::handle),
    route!("CaseStatusIntent" => case_status::handle, slots: [case_status::SLOT]),
    route!("MyTasksIntent" => my_tasks::handle),
    route!("CreateTaskIntent" => create_task::handle, slots: [create_task::SLOT]),
    route!("AMAZON.HelpIntent" => help::handle),
    route!("AMAZON.StopIntent" => goodbye::handle),
    route!("AMAZON.CancelIntent" => goodbye::handle),
    route!("AMAZON.FallbackIntent" => fallback::handle),
    route!("AMAZON.NavigateHomeIntent" => navigate_home::handle),
];

/// The handler for an intent name; an intent not in the table is answered like
/// `AMAZON.FallbackIntent`.
pub fn handler_for(intent: &str) -> Handler {
    ROUTES
        .iter()
        .find(|route| route.intent == intent)
        .map_or(FALLBACK, |route| route.handler)
}

/// The handler for `LaunchRequest` (a request type, not an intent: it is not in the model).
pub const LAUNCH: Handler = |cx| Box::pin(launch::handle(cx));

/// The handler for intents the table does not know.
const FALLBACK: Handler = |cx| Box::pin(fallback::handle(cx));

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
}
