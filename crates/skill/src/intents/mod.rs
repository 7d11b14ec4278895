//! The intents and the one table that routes intent names to their handlers.
//!
//! To add an intent:
//! 1. write a module here with `pub async fn handle(cx: &Context<'_>) -> IntentResult`
//!    (keep the SOQL builder and the speech in pure functions next to it, with unit tests);
//! 2. add one line to [`ROUTES`];
//! 3. add the intent and its sample utterances to `skill-package/interactionModels/custom/en-US.json`
//!    (a test fails until the model and this table agree).
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

/// One row of the routing table.
#[derive(Clone, Copy)]
pub struct Route {
    /// The intent name, as in the interaction model.
    pub intent: &'static str,
    /// The handler.
    pub handler: Handler,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("intent", &self.intent)
            .finish_non_exhaustive()
    }
}

/// A [`Route`] from an intent name and an `async fn(&Context) -> IntentResult`.
macro_rules! route {
    ($intent:literal => $handler:path) => {
        Route {
            intent: $intent,
            handler: |cx| Box::pin($handler(cx)),
        }
    };
}

/// Every intent the skill answers. One line per intent.
pub static ROUTES: &[Route] = &[
    route!("PipelineIntent" => pipeline::handle),
    route!("TopDealsIntent" => top_deals::handle),
    route!("NewLeadsIntent" => new_leads::handle),
    route!("CaseStatusIntent" => case_status::handle),
    route!("MyTasksIntent" => my_tasks::handle),
    route!("CreateTaskIntent" => create_task::handle),
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
