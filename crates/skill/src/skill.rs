//! [`Skill`]: one payload in, one response envelope out, one log line.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use alexa::{
    can_fulfill_intent, empty, CanFulfill, Reprompt, Request, RequestEnvelope, ResponseEnvelope,
    Ssml,
};
use salesforce::hosts::InstancePolicy;
use salesforce::rest::{RestClient, RestError};
use serde_json::Value;

use crate::can_fulfill;
use crate::config::{Config, ALEXA_SKILL_ID};
use crate::context::{Context, OrgCaches};
use crate::error::{IntentError, InvocationError};
use crate::i18n::Speaker;
use crate::intents::{self, Account, IntentResult, Route};
use crate::progressive::{AlexaApi, ProgressiveError};
use crate::speech::PROGRESSIVE;
use crate::state::{SessionState, ATTRIBUTE};

/// The skill: configuration and the Salesforce client, built once per cold start and shared
/// by every invocation.
#[derive(Debug)]
pub struct Skill {
    config: Config,
    policy: InstancePolicy,
    client: RestClient,
    alexa: AlexaApi,
    caches: OrgCaches,
}

/// The skill could not be built: an HTTP client could not be.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the Salesforce client: {0}")]
pub struct BuildError(#[from] RestError);

/// What the progressive-response step did, for the log line.
type Progressive = Option<&'static str>;

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
        let alexa = AlexaApi::new(config.trusted_alexa_api_origins.clone())
            .map_err(|e| RestError::Connect(format!("cannot build the Alexa API client: {e}")))?;
        Ok(Self {
            policy: InstancePolicy::new(config.trusted_origins.clone()),
            config,
            client,
            alexa,
            caches: OrgCaches::default(),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Answers one invocation: the payload as Lambda delivers it (JSON), or an envelope
    /// already parsed.
    ///
    /// Every JSON object that is recognisably an Alexa request (its `request` is an object with
    /// a string `type`) gets an answer, whatever else it holds or lacks. The invocation fails
    /// only for a payload that is not such an object, and for a request whose application id
    /// is missing or another skill's when `ALEXA_SKILL_ID` is set; nothing is sent to
    /// Salesforce then. Every other failure is an answer: link-account for a missing,
    /// malformed, untrusted or refused token (on every route but Stop and Cancel), a spoken
    /// apology for a Salesforce outage. Each invocation logs one line, failures included.
    pub async fn handle(&self, payload: impl Payload) -> Result<ResponseEnvelope, InvocationError> {
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + self.config.answer_deadline;
        let latency_ms = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let envelope = match payload.into_envelope() {
            Ok(envelope) => envelope,
            Err(error) => {
                tracing::info!(
                    outcome = "not_a_request",
                    round_trips = 0,
                    latency_ms = latency_ms(),
                    error = %error,
                    "invocation"
                );
                return Err(error);
            }
        };
        let request_type = envelope.request.type_name();
        let intent = envelope.intent().map(|i| i.name.as_str());
        // The one log line of the invocation: `reason` is why Alexa ended a session, `error`
        // what went wrong, when something did; `locale` the locale the answer was said in and
        // `time_zone` where "today" came from, when an answer needed it.
        let log_with = |outcome: &str,
                        round_trips: u32,
                        reason: Option<&str>,
                        error: Option<String>,
                        progressive: Progressive,
                        answered: Option<(&str, Option<&str>)>| {
            let (locale, time_zone) = answered.map_or((None, None), |(l, z)| (Some(l), z));
            tracing::info!(
                request_type,
                intent,
                outcome,
                round_trips,
                latency_ms = latency_ms(),
                reason,
                error,
                progressive,
                locale,
                time_zone,
                "invocation"
            );
        };
        let log = |outcome: &str, round_trips: u32, reason: Option<&str>, error: Option<String>| {
            log_with(outcome, round_trips, reason, error, None, None);
        };

        if let Err(error) = self.check_application(&envelope) {
            log("wrong_application", 0, None, Some(error.to_string()));
            return Err(error);
        }

        let route = match &envelope.request {
            Request::LaunchRequest(_) => &intents::LAUNCH,
            Request::IntentRequest(request) => intents::route_or_fallback(&request.intent.name),
            Request::CanFulfillIntentRequest(request) => {
                // Answered from the routing table and the token's shape alone: no I/O.
                let cx = Context::new(&envelope, &self.client, &self.policy);
                let answer = can_fulfill::answer(&request.intent, cx.salesforce().is_ok());
                let outcome = match answer.can_fulfill {
                    CanFulfill::Yes => "can_fulfill_yes",
                    CanFulfill::No => "can_fulfill_no",
                    CanFulfill::Maybe => "can_fulfill_maybe",
                };
                log(outcome, 0, None, None);
                return Ok(can_fulfill_intent(answer));
            }
            Request::SessionEndedRequest(ended) => {
                // Alexa reports here why it ended a session, and the error, e.g. an invalid
                // response.
                let error = ended.error.as_ref().map(ToString::to_string);
                log("session_ended", 0, ended.reason.as_deref(), error);
                return Ok(empty());
            }
            Request::ExceptionEncountered(exception) => {
                // Alexa could not use an earlier answer; it plays nothing for this one.
                let error = exception.error.as_ref().map(ToString::to_string);
                log("exception_encountered", 0, None, error);
                return Ok(empty());
            }
            Request::Unknown(_) => {
                log("unsupported_request", 0, None, None);
                return Ok(empty());
            }
        };

        let cx = Context::with_caches(&envelope, &self.client, &self.policy, &self.caches)
            .with_alexa(&self.alexa);
        let work = async {
            match (route.account, cx.salesforce()) {
                // An unlinked user hears how to link, whatever was asked, but for Stop and Cancel.
                (Account::Required, Err(not_linked)) => Err(not_linked),
                _ => (route.handler)(&cx).await,
            }
        };
        let (answered, progressive) = self.in_time(&envelope, work, deadline).await;
        let (mut response, outcome, error) = match answered {
            Ok(response) => (response, "answered", None),
            Err(error) => (
                error.response(cx.speaker()),
                error.outcome(),
                Some(error.to_string()),
            ),
        };
        if outcome == "answered" {
            keep_state(&cx, route, &mut response);
        }
        let answered = Some((cx.speaker().locale(), cx.zone_source()));
        log_with(
            outcome,
            cx.round_trips(),
            None,
            error,
            progressive,
            answered,
        );
        Ok(response)
    }

    /// Runs `work` against the overall deadline; when it is still running after
    /// `progressive_after`, sends one progressive response beside it (whose failure only shows
    /// in the log). Past the deadline the work is dropped and the answer is the apology.
    async fn in_time(
        &self,
        envelope: &RequestEnvelope,
        work: impl Future<Output = IntentResult>,
        deadline: tokio::time::Instant,
    ) -> (IntentResult, Progressive) {
        type Sending<'s> = Pin<Box<dyn Future<Output = Result<(), ProgressiveError>> + Send + 's>>;
        let nudge_text = Speaker::for_locale(envelope.locale()).t(PROGRESSIVE, &[]);
        tokio::pin!(work);
        let overall = tokio::time::sleep_until(deadline);
        tokio::pin!(overall);
        let nudge = tokio::time::sleep(self.config.progressive_after);
        tokio::pin!(nudge);
        let mut nudged = false;
        let mut sending: Option<Sending<'_>> = None;
        let mut progressive: Progressive = None;
        loop {
            tokio::select! {
                biased;
                answered = &mut work => return (answered, progressive),
                () = &mut overall => return (Err(IntentError::Deadline), progressive),
                () = &mut nudge, if !nudged => {
                    nudged = true;
                    match self.alexa.check(envelope) {
                        Ok(_) => {
                            progressive = Some("pending");
                            sending = Some(Box::pin(self.alexa.speak(envelope, &nudge_text)));
                        }
                        Err(refused) => progressive = Some(refused.outcome()),
                    }
                }
                sent = async {
                    match sending.as_mut() {
                        Some(call) => call.await,
                        None => std::future::pending().await,
                    }
                }, if sending.is_some() => {
                    sending = None;
                    progressive = Some(match sent {
                        Ok(()) => "sent",
                        Err(failed) => failed.outcome(),
                    });
                }
            }
        }
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

/// Carries the conversation's state through an answer that did not write its own (so the
/// current record survives an unrelated intent), and keeps the session open after a data
/// intent's answer while there is a record to come back to: after "moved to Closed Won", the
/// user can go on with "log a call" about the same deal.
fn keep_state(cx: &Context<'_>, route: &Route, response: &mut ResponseEnvelope) {
    let written = response
        .session_attributes
        .as_ref()
        .and_then(|attributes| attributes.get(ATTRIBUTE));
    let has_state = match written {
        Some(value) => serde_json::from_value::<SessionState>(value.clone())
            .is_ok_and(|state| !state.is_empty()),
        None => match cx.loaded_state().filter(|state| !state.is_empty()) {
            Some(state) => {
                response
                    .session_attributes
                    .get_or_insert_with(Default::default)
                    .insert(ATTRIBUTE.to_owned(), state.to_value());
                true
            }
            None => false,
        },
    };
    let ends = response.response.should_end_session == Some(true);
    if has_state && ends && route.capability.is_some() && response.response.directives.is_empty() {
        response.response.should_end_session = Some(false);
        response.response.reprompt = Some(Reprompt {
            output_speech: Ssml::new().text(cx.t("anything-else", &[])).into(),
        });
    }
}

/// What [`Skill::handle`] takes: the Lambda payload as JSON (what `main` passes), or an
/// envelope parsed already.
pub trait Payload {
    /// The request envelope, or why the payload is not an Alexa request.
    fn into_envelope(self) -> Result<RequestEnvelope, InvocationError>;
}

impl Payload for RequestEnvelope {
    fn into_envelope(self) -> Result<RequestEnvelope, InvocationError> {
        Ok(self)
    }
}

impl Payload for Value {
    /// Recognises an Alexa request (a JSON object whose `request` is an object with a string
    /// `type`) and parses it leniently: nothing else in it can make it fail.
    fn into_envelope(self) -> Result<RequestEnvelope, InvocationError> {
        let not_a_request = |reason: &str| InvocationError::NotARequest {
            reason: reason.to_owned(),
        };
        let Some(payload) = self.as_object() else {
            return Err(not_a_request("the payload is not a JSON object"));
        };
        match payload.get("request") {
            None | Some(Value::Null) => return Err(not_a_request("it has no `request`")),
            Some(Value::Object(request)) => {
                if !request.get("type").is_some_and(Value::is_string) {
                    return Err(not_a_request("its `request` has no string `type`"));
                }
            }
            Some(_) => return Err(not_a_request("its `request` is not an object")),
        }
        // The alexa crate fails only for what was refused above; its message, if it ever did,
        // names no value from the payload.
        serde_json::from_value(self).map_err(|error| not_a_request(&error.to_string()))
    }
}
