//! Skill traffic: per intent, Salesforce round trips and new TCP connections over several warm
//! invocations of one fresh skill process.
//!
//! The skill reaches the stand-in through a [`CountingRelay`], so every connection it opens is
//! counted; the stand-in's request log gives the round trips. A skill that reuses its
//! `reqwest::Client` opens one connection for all the invocations; one whose token carries the
//! user id makes at most one round trip per intent.
//!
//! A confirmed intent (`confirmationStatus` `CONFIRMED`) is the second turn of a dialog: its
//! first turn is sent once, unmeasured, and the `sessionAttributes` it answered with are what
//! every measured turn carries, as Alexa hands them back. Round trips count the measured turns
//! only; new connections count the process's whole life (the first turn's included), since
//! what they show is whether one connection is kept.

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Bytes;
use local_salesforce::LocalSalesforce;
use testkit::demo;

use serde_json::Map;

use super::{
    describe_skill_answer, expect_final_speech, expect_one_record, expect_speech, invoke,
    skill_spec, spawn, Check, RunError,
};
use crate::events::{
    alexa_envelope, alexa_envelope_in_session, directives_of, session_attributes_of, AlexaRequest,
    Confirmation,
};
use crate::relay::{socket_address_of, CountingRelay};
use crate::report::SkillTraffic;
use crate::runtime_api::{Outcome, RuntimeApi, RuntimeApiConfig};

/// One row of the table: a request, and whether the token names the user.
#[derive(Debug, Clone)]
pub struct Case {
    /// What Alexa sends (the measured turn).
    pub request: AlexaRequest,
    /// `false`: a two-field linked token, so the skill must ask `userinfo` first.
    pub user_id_in_token: bool,
    /// A turn sent once before the measured ones, whose session attributes the measured turns
    /// carry (the first turn of a confirmation dialog); `None` for a one-shot request.
    pub first_turn: Option<AlexaRequest>,
    /// What a right answer to the measured turn is.
    pub check: Check,
    /// Said after the intent name in the row label, e.g. `CONFIRMED`.
    pub note: Option<&'static str>,
}

impl Case {
    /// A one-shot request with a three-field token (the user id in it), any speech answer.
    pub fn one_shot(request: AlexaRequest) -> Case {
        Case {
            request,
            user_id_in_token: true,
            first_turn: None,
            check: expect_speech,
            note: None,
        }
    }

    /// The confirmed second turn of `first`: the same intent and slots, `CONFIRMED`, carrying
    /// the first turn's session attributes; its answer must be final (no `Dialog.*` directive).
    pub fn confirmed(first: AlexaRequest) -> Case {
        Case {
            request: first.clone().with_confirmation(Confirmation::Confirmed),
            user_id_in_token: true,
            first_turn: Some(first),
            check: expect_final_speech,
            note: Some("CONFIRMED"),
        }
    }

    /// The row label.
    pub fn label(&self) -> String {
        let mut notes: Vec<&str> = self.note.into_iter().collect();
        if !self.user_id_in_token {
            notes.push("two-field token");
        }
        if notes.is_empty() {
            self.request.label().to_owned()
        } else {
            format!("{} ({})", self.request.label(), notes.join(", "))
        }
    }
}

/// Words of a seeded Opportunity's name ("Stark Logistics - Fleet Tracking") that the demo
/// user's search finds exactly once: the seed names each Account after the part before " - ",
/// so a company name ("Hooli") finds an Opportunity and an Account, two records.
pub const ONE_MATCH_NAME: &str = "Fleet Tracking";

/// The stage the update case moves [`ONE_MATCH_NAME`] to (an active stage of the seed's sales
/// process).
pub const UPDATE_STAGE: &str = "Value Proposition";

/// Every custom intent, the launch and help requests, the confirmed second turns of the
/// confirmation dialogs, and one two-field-token case.
pub fn default_cases() -> Vec<Case> {
    let with_user = Case::one_shot;
    vec![
        with_user(AlexaRequest::Launch),
        with_user(AlexaRequest::intent("PipelineIntent")),
        with_user(AlexaRequest::intent("TopDealsIntent")),
        with_user(AlexaRequest::intent("NewLeadsIntent")),
        with_user(AlexaRequest::intent_with_slot(
            "CaseStatusIntent",
            "caseNumber",
            "1026",
        )),
        with_user(AlexaRequest::intent("MyTasksIntent")),
        with_user(AlexaRequest::intent_with_slot(
            "CreateTaskIntent",
            "subject",
            "call Acme about the renewal",
        )),
        Case::confirmed(AlexaRequest::intent_with_slot(
            "CreateTaskIntent",
            "subject",
            "call Acme about the renewal",
        )),
        Case {
            note: Some("one match"),
            check: expect_one_record,
            ..with_user(AlexaRequest::intent_with_slot(
                "FindRecordIntent",
                "recordName",
                ONE_MATCH_NAME,
            ))
        },
        Case::confirmed(AlexaRequest::intent_with_slots(
            "UpdateStageIntent",
            &[("recordName", ONE_MATCH_NAME), ("stage", UPDATE_STAGE)],
        )),
        with_user(AlexaRequest::intent("AMAZON.HelpIntent")),
        Case {
            user_id_in_token: false,
            ..with_user(AlexaRequest::intent("PipelineIntent"))
        },
    ]
}

/// Measures every case with a fresh skill process and relay.
pub async fn measure(
    binary: PathBuf,
    stand_in: &LocalSalesforce,
    cases: &[Case],
    invocations: usize,
    patience: Duration,
) -> Result<Vec<SkillTraffic>, RunError> {
    let upstream = socket_address_of(&stand_in.url()).ok_or_else(|| {
        RunError::WrongAnswer(format!(
            "stand-in URL {} is not loopback http",
            stand_in.url()
        ))
    })?;
    let mut rows = Vec::with_capacity(cases.len());
    for case in cases {
        let relay = CountingRelay::start(upstream)
            .await
            .map_err(RunError::Server)?;
        let user_id = case.user_id_in_token.then_some(demo::USER_ID);
        let token = linked_token::compose(demo::ACCESS_TOKEN, &relay.url(), user_id)
            .map_err(|e| RunError::WrongAnswer(e.to_string()))?;
        let api = RuntimeApi::start(RuntimeApiConfig {
            function_name: "skill".to_owned(),
            ..RuntimeApiConfig::default()
        })
        .await
        .map_err(RunError::Server)?;
        let mut process = spawn(&skill_spec(binary.clone(), &relay.url()), &api)?;
        let mut errors = 0;
        let mut answer = String::from("no answer");
        // The first turn of a dialog: sent once, not counted; its session attributes go on.
        let mut attributes = Map::new();
        if let Some(first) = &case.first_turn {
            let event = Bytes::from(alexa_envelope(first, &token, demo::SKILL_ID).to_string());
            match invoke(&api, &mut process, event, patience, expect_speech).await {
                Ok(done) => match &done.outcome {
                    Outcome::Response(body)
                        if directives_of(body)
                            .is_ok_and(|d| d.iter().any(|t| t == "Dialog.ConfirmIntent")) =>
                    {
                        attributes = session_attributes_of(body).unwrap_or_default();
                    }
                    other => {
                        errors += 1;
                        answer = format!(
                            "first turn asked no confirmation: {}",
                            describe_with_speech(other)
                        );
                    }
                },
                Err(error) => {
                    errors += 1;
                    answer = format!("first turn: {error}");
                }
            }
        }
        let event = Bytes::from(
            alexa_envelope_in_session(&case.request, &token, demo::SKILL_ID, &attributes)
                .to_string(),
        );
        let before = stand_in.requests().len();
        for _ in 0..invocations {
            match invoke(&api, &mut process, event.clone(), patience, case.check).await {
                Ok(done) if errors == 0 => answer = describe_skill_answer(&done.outcome),
                Ok(_) => {}
                Err(RunError::WrongAnswer(wrong)) => {
                    errors += 1;
                    answer = wrong;
                }
                Err(fatal) => {
                    errors += 1;
                    answer = fatal.to_string();
                    break;
                }
            }
        }
        let salesforce_requests = stand_in.requests().len().saturating_sub(before);
        process.stop().await;
        rows.push(SkillTraffic {
            label: case.label(),
            invocations,
            salesforce_requests,
            connections: relay.accepted(),
            answer,
            errors,
        });
    }
    Ok(rows)
}

/// [`describe_skill_answer`] with the start of the speech, to tell why a turn went wrong.
fn describe_with_speech(outcome: &Outcome) -> String {
    let speech = match outcome {
        Outcome::Response(body) => match crate::events::parse_skill_answer(body) {
            Ok(crate::events::SkillAnswer::Speech(text)) => text.chars().take(160).collect(),
            _ => String::new(),
        },
        Outcome::Error(body) => String::from_utf8_lossy(body).chars().take(160).collect(),
    };
    format!("{} \"{speech}\"", describe_skill_answer(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmed_cases_send_their_first_turn_first() {
        let cases = default_cases();
        let labels: Vec<String> = cases.iter().map(Case::label).collect();
        for label in [
            "CreateTaskIntent",
            "CreateTaskIntent (CONFIRMED)",
            "FindRecordIntent (one match)",
            "UpdateStageIntent (CONFIRMED)",
            "PipelineIntent (two-field token)",
        ] {
            assert!(labels.iter().any(|l| l == label), "{label} in {labels:?}");
        }
        let update = cases
            .iter()
            .find(|c| c.label() == "UpdateStageIntent (CONFIRMED)")
            .unwrap();
        assert_eq!(
            update.first_turn,
            Some(AlexaRequest::intent_with_slots(
                "UpdateStageIntent",
                &[("recordName", ONE_MATCH_NAME), ("stage", UPDATE_STAGE)],
            ))
        );
        assert_eq!(
            Some(update.request.clone()),
            update
                .first_turn
                .clone()
                .map(|first| first.with_confirmation(Confirmation::Confirmed))
        );
        let one_shot = cases
            .iter()
            .find(|c| c.label() == "CreateTaskIntent")
            .unwrap();
        assert!(one_shot.first_turn.is_none());
    }
}
