//! What a handler gets: the request, today's date, and (when the account is linked to a
//! trusted instance) a handle on Salesforce that knows the user and counts round trips.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use alexa::secrecy::ExposeSecret;
use alexa::{Intent, RequestEnvelope};
use salesforce::hosts::InstancePolicy;
use salesforce::rest::sosl::RecordSearch;
use salesforce::rest::{
    CreateResult, FoundRecords, OpportunityStage, OrgCache, OrgCurrency, QueryResult, RecordId,
    RestClient, RestError, Session,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use tokio::sync::OnceCell;

use crate::error::{IntentError, LinkProblem};
use crate::state::{Owner, SessionState};

/// How long an org's currency and active stages are kept in a warm instance.
pub const ORG_CACHE_TTL: Duration = Duration::from_secs(3600);

/// What a warm instance keeps per org: its currency and its active Opportunity stages, each
/// read once.
#[derive(Debug)]
pub struct OrgCaches {
    /// The org's currency, learned by the first search.
    pub currency: OrgCache<OrgCurrency>,
    /// The org's active Opportunity stages.
    pub stages: OrgCache<Vec<OpportunityStage>>,
}

impl Default for OrgCaches {
    fn default() -> Self {
        Self {
            currency: OrgCache::new(ORG_CACHE_TTL),
            stages: OrgCache::new(ORG_CACHE_TTL),
        }
    }
}

/// The caches a [`Context`] made without a skill's own uses (one per process).
static PROCESS_CACHES: LazyLock<OrgCaches> = LazyLock::new(OrgCaches::default);

/// Everything a handler may use to answer one request.
#[derive(Debug)]
pub struct Context<'a> {
    envelope: &'a RequestEnvelope,
    now: OffsetDateTime,
    salesforce: Result<Salesforce<'a>, LinkProblem>,
}

impl<'a> Context<'a> {
    /// Reads the linked token and checks it against `policy`; does no I/O. A missing,
    /// malformed or untrusted token is kept as the reason, and only a handler that asks for
    /// [`Context::salesforce`] turns it into a link-account answer.
    pub fn new(
        envelope: &'a RequestEnvelope,
        client: &'a RestClient,
        policy: &InstancePolicy,
    ) -> Self {
        Self::with_caches(envelope, client, policy, &PROCESS_CACHES)
    }

    /// [`Context::new`] with the per-org caches of a warm instance.
    pub fn with_caches(
        envelope: &'a RequestEnvelope,
        client: &'a RestClient,
        policy: &InstancePolicy,
        caches: &'a OrgCaches,
    ) -> Self {
        Self {
            envelope,
            now: request_time(envelope.timestamp()),
            salesforce: Salesforce::link(
                envelope.access_token().map(ExposeSecret::expose_secret),
                client,
                policy,
                caches,
            ),
        }
    }

    /// The whole request envelope.
    pub fn envelope(&self) -> &RequestEnvelope {
        self.envelope
    }

    /// The intent, for an `IntentRequest`.
    pub fn intent(&self) -> Option<&Intent> {
        self.envelope.intent()
    }

    /// A slot's value, trimmed; `None` when missing or empty.
    pub fn slot(&self, name: &str) -> Option<&str> {
        self.intent().and_then(|intent| intent.slot_value(name))
    }

    /// "Today": the UTC date of the request's `timestamp` (the clock's date if it has none).
    pub fn today(&self) -> Date {
        self.now.date()
    }

    /// The request's time in UTC (the clock's when it has no usable timestamp).
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// The conversation's state from `sessionAttributes`, when one is there and checks out
    /// for this user (see [`crate::state`]); `None` for an unlinked user.
    pub fn loaded_state(&self) -> Option<SessionState> {
        let sf = self.salesforce.as_ref().ok()?;
        SessionState::load(self.envelope.session_attributes(), &sf.owner(), self.now)
    }

    /// The conversation's state: the loaded one, or a new empty one for this user.
    pub fn state(&self) -> Result<SessionState, IntentError> {
        let sf = self.salesforce()?;
        Ok(self
            .loaded_state()
            .unwrap_or_else(|| SessionState::new(sf.owner(), self.now)))
    }

    /// Salesforce for the linked user, or the reason there is none (which `?` turns into the
    /// link-account answer).
    pub fn salesforce(&self) -> Result<&Salesforce<'a>, IntentError> {
        self.salesforce
            .as_ref()
            .map_err(|problem| IntentError::NotLinked(problem.clone()))
    }

    /// How many Salesforce calls answering took so far.
    pub fn round_trips(&self) -> u32 {
        self.salesforce.as_ref().map_or(0, Salesforce::round_trips)
    }
}

/// The date of an ISO 8601 timestamp in UTC; the current UTC date when it does not parse.
pub fn request_date(timestamp: Option<&str>) -> Date {
    request_time(timestamp).date()
}

/// An ISO 8601 timestamp in UTC; the current time when it does not parse.
pub fn request_time(timestamp: Option<&str>) -> OffsetDateTime {
    timestamp
        .and_then(|ts| OffsetDateTime::parse(ts, &Rfc3339).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
        .to_offset(UtcOffset::UTC)
}

/// The linked user's Salesforce: the REST client, the session, and the user id.
#[derive(Debug)]
pub struct Salesforce<'a> {
    client: &'a RestClient,
    session: Session,
    token_user_id: Option<String>,
    resolved_user_id: OnceCell<String>,
    round_trips: AtomicU32,
    caches: &'a OrgCaches,
}

impl<'a> Salesforce<'a> {
    fn link(
        access_token: Option<&str>,
        client: &'a RestClient,
        policy: &InstancePolicy,
        caches: &'a OrgCaches,
    ) -> Result<Self, LinkProblem> {
        let token = linked_token::parse(access_token.ok_or(LinkProblem::NoToken)?)?;
        if !policy.allows(token.instance_url()) {
            return Err(LinkProblem::Untrusted {
                origin: token.instance_url().origin().ascii_serialization(),
            });
        }
        Ok(Self {
            client,
            session: Session::from(&token),
            token_user_id: token.user_id().map(str::to_owned),
            resolved_user_id: OnceCell::new(),
            round_trips: AtomicU32::new(0),
            caches,
        })
    }

    /// Whose conversation state this user may read: the org (or the instance origin) and the
    /// user the linked token names.
    pub fn owner(&self) -> Owner {
        Owner {
            org: self.session.org_id().map_or_else(
                || self.session.instance_url.origin().ascii_serialization(),
                str::to_owned,
            ),
            user: self.token_user_id.clone(),
        }
    }

    /// The user id checked as a `User` id, for a search filter.
    pub async fn user_record_id(&self) -> Result<RecordId, RestError> {
        let id = self.user_id().await?;
        RecordId::parse("User", id)
            .map_err(|_| RestError::Malformed("the user id is not a User id".into()))
    }

    /// The org's currency when already known (cached by an earlier search).
    pub fn known_currency(&self) -> Option<Arc<OrgCurrency>> {
        self.session
            .org_id()
            .and_then(|org| self.caches.currency.get(org))
    }

    /// Finds records by name in one round trip; learns and caches the org's currency with it.
    pub async fn find(&self, search: &RecordSearch) -> Result<FoundRecords, RestError> {
        let known = self.known_currency();
        self.count();
        let found = self
            .client
            .find_records(&self.session, search, known.as_deref())
            .await?;
        if known.is_none() {
            if let Some(org) = self.session.org_id() {
                self.caches.currency.insert(org, found.currency.clone());
            }
        }
        Ok(found)
    }

    /// The org's active Opportunity stages: read once per org and warm instance.
    pub async fn active_stages(&self) -> Result<Arc<Vec<OpportunityStage>>, RestError> {
        let fetch = || async {
            self.count();
            self.client.active_stages(&self.session).await
        };
        match self.session.org_id() {
            Some(org) => self.caches.stages.get_or_fetch(org, fetch).await,
            None => fetch().await.map(Arc::new),
        }
    }

    /// Updates one record with exactly `fields` (`PATCH sobjects/<Object>/<Id>`).
    pub async fn update(
        &self,
        id: &RecordId,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), RestError> {
        self.count();
        self.client.update(&self.session, id, fields).await
    }

    /// The Salesforce user id: from the linked token, else from `userinfo` (one round trip,
    /// once per request).
    pub async fn user_id(&self) -> Result<&str, RestError> {
        if let Some(id) = &self.token_user_id {
            return Ok(id);
        }
        let id = self
            .resolved_user_id
            .get_or_try_init(|| async {
                self.count();
                Ok::<_, RestError>(self.client.userinfo(&self.session).await?.user_id)
            })
            .await?;
        Ok(id)
    }

    /// Runs a SOQL query. Build it with `salesforce::rest::soql::quote` for every value.
    pub async fn query<T: DeserializeOwned>(
        &self,
        soql: &str,
    ) -> Result<QueryResult<T>, RestError> {
        self.count();
        self.client.query(&self.session, soql).await
    }

    /// Creates a record of `sobject`.
    pub async fn create(
        &self,
        sobject: &str,
        record: &impl Serialize,
    ) -> Result<CreateResult, RestError> {
        self.count();
        self.client.create(&self.session, sobject, record).await
    }

    /// How many calls were made through this handle.
    pub fn round_trips(&self) -> u32 {
        self.round_trips.load(Ordering::Relaxed)
    }

    fn count(&self) {
        self.round_trips.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_utc_date_of_the_request() {
        assert_eq!(
            request_date(Some("2026-03-14T09:26:53Z")).to_string(),
            "2026-03-14"
        );
        assert_eq!(
            request_date(Some("2026-03-14T23:30:00-05:00")).to_string(),
            "2026-03-15"
        );
        assert_eq!(
            request_date(Some("2026-03-14T00:30:00.123+02:00")).to_string(),
            "2026-03-13"
        );
        let now = OffsetDateTime::now_utc().date();
        let fallback = request_date(Some("yesterday"));
        assert!(fallback == now || fallback == now.next_day().unwrap_or(now));
    }
}
