//! Skill traffic: per intent, Salesforce round trips and new TCP connections over several warm
//! invocations of one fresh skill process.
//!
//! The skill reaches the stand-in through a [`CountingRelay`], so every connection it opens is
//! counted; the stand-in's request log gives the round trips. A skill that reuses its
//! `reqwest::Client` opens one connection for all the invocations; one whose token carries the
//! user id makes at most one round trip per intent.

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Bytes;
use local_salesforce::LocalSalesforce;
use testkit::demo;

use super::{expect_speech, invoke, skill_spec, spawn, RunError};
use crate::events::{alexa_envelope, AlexaRequest};
use crate::relay::{socket_address_of, CountingRelay};
use crate::report::SkillTraffic;
use crate::runtime_api::{RuntimeApi, RuntimeApiConfig};

/// One row of the table: a request, and whether the token names the user.
#[derive(Debug, Clone)]
pub struct Case {
    /// What Alexa sends.
    pub request: AlexaRequest,
    /// `false`: a two-field linked token, so the skill must ask `userinfo` first.
    pub user_id_in_token: bool,
}

impl Case {
    /// The row label.
    pub fn label(&self) -> String {
        if self.user_id_in_token {
            self.request.label().to_owned()
        } else {
            format!("{} (two-field token)", self.request.label())
        }
    }
}

/// Every custom intent, the launch and help requests, and one two-field-token case.
pub fn default_cases() -> Vec<Case> {
    let with_user = |request| Case {
        request,
        user_id_in_token: true,
    };
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
        with_user(AlexaRequest::intent("AMAZON.HelpIntent")),
        Case {
            request: AlexaRequest::intent("PipelineIntent"),
            user_id_in_token: false,
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
        let event = Bytes::from(alexa_envelope(&case.request, &token, demo::SKILL_ID).to_string());
        let api = RuntimeApi::start(RuntimeApiConfig {
            function_name: "skill".to_owned(),
            ..RuntimeApiConfig::default()
        })
        .await
        .map_err(RunError::Server)?;
        let mut process = spawn(&skill_spec(binary.clone(), &relay.url()), &api)?;
        let before = stand_in.requests().len();
        let mut errors = 0;
        let mut answer = String::from("speech");
        for _ in 0..invocations {
            match invoke(&api, &mut process, event.clone(), patience, expect_speech).await {
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
