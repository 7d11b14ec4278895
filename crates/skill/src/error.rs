//! What can go wrong while answering, and the one answer each failure gets.

use alexa::{link_account, speak, ResponseEnvelope};
use linked_token::LinkedTokenError;
use salesforce::rest::RestError;

/// Why the request carries no token the skill may use. Nothing is sent anywhere in any case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkProblem {
    /// The user has not linked an account (no `accessToken` in the request).
    #[error("no access token in the request")]
    NoToken,
    /// The token is not a linked token (`<access_token> <instance_url> [<user_id>]`).
    #[error("the access token is not a linked token: {0}")]
    Malformed(#[from] LinkedTokenError),
    /// The instance URL is not Salesforce's and not a trusted origin.
    #[error("instance {origin} is neither a Salesforce https domain nor a trusted origin")]
    Untrusted {
        /// The instance URL's origin, for the log (no token).
        origin: String,
    },
}

/// Why a handler could not answer with what was asked. Each maps to one spoken answer in
/// [`IntentError::response`].
#[derive(Debug, thiserror::Error)]
pub enum IntentError {
    /// There is no usable linked account: ask the user to link it.
    #[error("account not linked: {0}")]
    NotLinked(#[from] LinkProblem),
    /// A Salesforce call failed.
    #[error("Salesforce call failed: {0}")]
    Salesforce(#[from] RestError),
    /// The answer was not ready by the overall deadline (Salesforce hangs).
    #[error("no answer within the deadline")]
    Deadline,
}

use crate::i18n::Speaker;
use crate::speech::{DEADLINE, LINK_ACCOUNT, MALFORMED, REFUSED, RELINK, UNAVAILABLE};

impl IntentError {
    /// The catalogue message the user hears.
    pub fn message(&self) -> &'static str {
        match self {
            Self::NotLinked(_) => LINK_ACCOUNT,
            Self::Salesforce(RestError::Unauthorized) => RELINK,
            Self::Salesforce(
                RestError::Unavailable { .. } | RestError::Timeout(_) | RestError::Connect(_),
            ) => UNAVAILABLE,
            Self::Salesforce(RestError::Malformed(_)) => MALFORMED,
            Self::Salesforce(RestError::Api { .. }) => REFUSED,
            Self::Deadline => DEADLINE,
        }
    }

    /// The answer the user hears, in `speaker`'s language.
    pub fn response(&self, speaker: Speaker) -> ResponseEnvelope {
        let text = speaker.t(self.message(), &[]);
        match self {
            Self::NotLinked(_) | Self::Salesforce(RestError::Unauthorized) => {
                link_account(text).build()
            }
            _ => speak(text).build(),
        }
    }

    /// A short label for the invocation log line.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::NotLinked(LinkProblem::NoToken) => "not_linked",
            Self::NotLinked(LinkProblem::Malformed(_)) => "malformed_token",
            Self::NotLinked(LinkProblem::Untrusted { .. }) => "untrusted_instance",
            Self::Salesforce(RestError::Unauthorized) => "salesforce_unauthorized",
            Self::Salesforce(RestError::Unavailable { .. }) => "salesforce_unavailable",
            Self::Salesforce(RestError::Timeout(_)) => "salesforce_timeout",
            Self::Salesforce(RestError::Connect(_)) => "salesforce_unreachable",
            Self::Salesforce(RestError::Malformed(_)) => "salesforce_malformed",
            Self::Salesforce(RestError::Api { .. }) => "salesforce_refused",
            Self::Deadline => "deadline",
        }
    }
}

/// A payload the skill must not answer: the invocation fails, so the Lambda reports an error
/// instead of speaking to a skill that is not this one, or answering what is not a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvocationError {
    /// The payload is not recognisably an Alexa request: not a JSON object whose `request` is
    /// an object with a string `type`.
    #[error("not an Alexa request: {reason}")]
    NotARequest {
        /// What is missing (no value from the payload is quoted).
        reason: String,
    },
    /// The request's applicationId is not the configured skill id.
    #[error(
        "request for application {got:?}, but this function serves only the configured {variable}",
        variable = crate::config::ALEXA_SKILL_ID
    )]
    WrongApplication {
        /// The applicationId in the request, if any.
        got: Option<String>,
    },
}

impl From<InvocationError> for lambda_runtime::Diagnostic {
    fn from(error: InvocationError) -> Self {
        let error_type = match error {
            InvocationError::NotARequest { .. } => "NotARequest",
            InvocationError::WrongApplication { .. } => "WrongApplication",
        };
        Self {
            error_type: error_type.to_owned(),
            error_message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use alexa::Card;

    use super::*;

    #[test]
    fn every_failure_has_a_spoken_answer() {
        let errors = [
            IntentError::NotLinked(LinkProblem::NoToken),
            IntentError::NotLinked(LinkProblem::Untrusted {
                origin: "https://evil.com".into(),
            }),
            IntentError::Salesforce(RestError::Unauthorized),
            IntentError::Salesforce(RestError::Unavailable { status: 503 }),
            IntentError::Salesforce(RestError::Timeout(std::time::Duration::from_secs(3))),
            IntentError::Salesforce(RestError::Connect("refused".into())),
            IntentError::Salesforce(RestError::Malformed("html".into())),
            IntentError::Salesforce(RestError::Api {
                status: 400,
                error_code: "MALFORMED_QUERY".into(),
                message: "x".into(),
            }),
            IntentError::Deadline,
        ];
        for error in errors {
            let response = error.response(Speaker::default());
            assert!(response.speech().is_some_and(|s| s.len() > 30), "{error:?}");
            assert_eq!(response.response.should_end_session, Some(true));
            let links = response.response.card == Some(Card::LinkAccount);
            assert_eq!(
                links,
                matches!(
                    error,
                    IntentError::NotLinked(_) | IntentError::Salesforce(RestError::Unauthorized)
                ),
                "{error:?}"
            );
        }
    }
}
