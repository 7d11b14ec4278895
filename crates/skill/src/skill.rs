//! [`Skill`]: one request envelope in, one response envelope out, one log line.

use std::time::Instant;

use alexa::{empty, Request, RequestEnvelope, ResponseEnvelope};
use salesforce::hosts::InstancePolicy;
use salesforce::rest::{RestClient, RestError};

use crate::config::{Config, ALEXA_SKILL_ID};
use crate::context::Context;
use crate::error::InvocationError;
use crate::intents;

/// The skill: configuration and the Salesforce client, built once per cold start and shared
/// by every invocation.
#[derive(Debug)]
pub struct Skill {
    config: Config,
    policy: InstancePolicy,
    client: RestClient,
}

/// The skill could not be built: the HTTP client could not be.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the Salesforce client: {0}")]
pub struct BuildError(#[from] RestError);

impl Skill {
    /// Builds the skill: the Salesforce client and the instance policy, once. Warns once when
    /// `skill_id` is unset, since any skill's requests are then accepted.
    pub fn new(config: Config) -> Result<Self, BuildError> {
        let client = RestClient::new(config.api_version.clone(), config.salesforce_timeout)?;
        if config.skill_id.is_none() {
            tracing::warn!(
                variable = ALEXA_SKILL_ID,
                "{ALEXA_SKILL_ID} is unset: requests for any skill id are accepted; set it to this skill's id"
            );
        }
        Ok(Self {
            policy: InstancePolicy::new(config.trusted_origins.clone()),
            config,
            client,
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Answers one request.
    ///
    /// Fails only for a request addressed to another skill (when `ALEXA_SKILL_ID` is set);
    /// nothing is sent to Salesforce then. Every other failure is an answer: link-account for
    /// a missing, malformed, untrusted or refused token, a spoken apology for a Salesforce
    /// outage.
    pub async fn handle(
        &self,
        envelope: RequestEnvelope,
    ) -> Result<ResponseEnvelope, InvocationError> {
        let started = Instant::now();
        let request_type = envelope.request.type_name();
        let intent = envelope.intent().map(|i| i.name.as_str());
        // The one log line of the invocation: `reason` is why Alexa ended a session, `error`
        // what went wrong, when something did.
        let log = |outcome: &str, round_trips: u32, reason: Option<&str>, error: Option<String>| {
            tracing::info!(
                request_type,
                intent,
                outcome,
                round_trips,
                latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                reason,
                error,
                "invocation"
            );
        };

        if let Err(error) = self.check_application(&envelope) {
            log("wrong_application", 0, None, Some(error.to_string()));
            return Err(error);
        }

        let handler = match &envelope.request {
            Request::LaunchRequest(_) => intents::LAUNCH,
            Request::IntentRequest(request) => intents::handler_for(&request.intent.name),
            Request::SessionEndedRequest(ended) => {
                // Alexa reports here why it ended a session, and the error, e.g. an invalid
                // response.
                let error = ended.error.as_ref().map(ToString::to_string);
                log("session_ended", 0, ended.reason.as_deref(), error);
                return Ok(empty());
            }
            // Answered as before these were typed: the empty answer.
            Request::CanFulfillIntentRequest(_)
            | Request::ExceptionEncountered(_)
            | Request::Unknown(_) => {
                log("unsupported_request", 0, None, None);
                return Ok(empty());
            }
        };

        let cx = Context::new(&envelope, &self.client, &self.policy);
        let (response, outcome, error) = match handler(&cx).await {
            Ok(response) => (response, "answered", None),
            Err(error) => (error.response(), error.outcome(), Some(error.to_string())),
        };
        log(outcome, cx.round_trips(), None, error);
        Ok(response)
    }

    fn check_application(&self, envelope: &RequestEnvelope) -> Result<(), InvocationError> {
        match &self.config.skill_id {
            Some(expected) if envelope.application_id() != Some(expected.as_str()) => {
                Err(InvocationError::WrongApplication {
                    got: envelope.application_id().map(str::to_owned),
                })
            }
            _ => Ok(()),
        }
    }
}
