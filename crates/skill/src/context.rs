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
    RestClient, RestError, Session, SubRequest,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use tokio::sync::OnceCell;

use crate::error::{IntentError, LinkProblem};
use crate::i18n::{Args, Speaker};
use crate::progressive::AlexaApi;
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

/// The `referenceId` of the data query in [`Salesforce::query_in_currency`]'s Composite.
pub const DATA_REF: &str = "data";

/// The `referenceId` of the data query with `CurrencyIsoCode`.
pub const DATA_CURRENCY_REF: &str = "dataCurrency";

/// The caches a [`Context`] made without a skill's own uses (one per process).
static PROCESS_CACHES: LazyLock<OrgCaches> = LazyLock::new(OrgCaches::default);

/// Everything a handler may use to answer one request.
#[derive(Debug)]
pub struct Context<'a> {
    envelope: &'a RequestEnvelope,
    now: OffsetDateTime,
    speaker: Speaker,
    alexa: Option<&'a AlexaApi>,
    zone: OnceCell<UserZone>,
    salesforce: Result<Salesforce<'a>, LinkProblem>,
}

/// Where the user's time zone came from (see [`Context::today`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    /// Alexa's settings API (`System.timeZone` of the device).
    Alexa,
    /// The user's Salesforce time zone (`zoneinfo` of `userinfo`), when this request read it.
    Salesforce,
    /// None known: UTC.
    Utc,
}

/// The user's offset from UTC at the request's time, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserZone {
    /// The offset at the request's time.
    pub offset: UtcOffset,
    /// Where the zone came from.
    pub source: ZoneSource,
}

/// The offset of the IANA time zone `name` at `at` (jiff's bundled tzdb); `None` for a name
/// the database does not know.
pub fn zone_offset(name: &str, at: OffsetDateTime) -> Option<UtcOffset> {
    let zone = jiff::tz::TimeZone::get(name.trim()).ok()?;
    let instant = jiff::Timestamp::from_second(at.unix_timestamp()).ok()?;
    UtcOffset::from_whole_seconds(zone.to_offset(instant).seconds()).ok()
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
        let speaker = Speaker::for_locale(envelope.locale());
        Self {
            envelope,
            now: request_time(envelope.timestamp()),
            speaker,
            alexa: None,
            zone: OnceCell::new(),
            salesforce: Salesforce::link(
                envelope.access_token().map(ExposeSecret::expose_secret),
                client,
                policy,
                caches,
            )
            .map(|sf| Salesforce { speaker, ..sf }),
        }
    }

    /// The context that may ask Alexa's settings API for the device's time zone.
    pub fn with_alexa(mut self, alexa: &'a AlexaApi) -> Self {
        self.alexa = Some(alexa);
        self
    }

    /// What the answer is said in: the request's locale (`en-US` when unknown).
    pub fn speaker(&self) -> Speaker {
        self.speaker
    }

    /// The catalogue message `id` in the request's language.
    pub fn t(&self, id: &str, args: &Args<'_>) -> String {
        self.speaker.t(id, args)
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

    /// "Today" for the user: the date of the request's `timestamp` (the clock's if it has
    /// none) in the user's time zone, see [`Context::zone`].
    pub async fn today(&self) -> Date {
        let zone = self.zone().await;
        self.now.to_offset(zone.offset).date()
    }

    /// The user's time zone, looked up once per request: the device's time zone from Alexa's
    /// settings API (no permission needed; one GET with a short timeout, only to an Alexa API
    /// host or a trusted origin; not a Salesforce round trip), else the user's Salesforce time
    /// zone when this request already called `userinfo` (a linked token without the user id),
    /// else UTC. Salesforce is never asked for a time zone alone: that would cost a round trip.
    pub async fn zone(&self) -> UserZone {
        *self
            .zone
            .get_or_init(|| async {
                let utc = UserZone {
                    offset: UtcOffset::UTC,
                    source: ZoneSource::Utc,
                };
                let device = match self.alexa {
                    Some(alexa) => alexa.time_zone(self.envelope).await.ok(),
                    None => None,
                };
                let salesforce = || {
                    let sf = self.salesforce.as_ref().ok()?;
                    sf.user_zone.get().cloned().flatten()
                };
                device
                    .and_then(|name| zone_offset(&name, self.now))
                    .map(|offset| UserZone {
                        offset,
                        source: ZoneSource::Alexa,
                    })
                    .or_else(|| {
                        salesforce()
                            .and_then(|name| zone_offset(&name, self.now))
                            .map(|offset| UserZone {
                                offset,
                                source: ZoneSource::Salesforce,
                            })
                    })
                    .unwrap_or(utc)
            })
            .await
    }

    /// Where "today" came from (`alexa`, `salesforce`, `utc`), when this request needed it.
    pub fn zone_source(&self) -> Option<&'static str> {
        self.zone.get().map(|zone| match zone.source {
            ZoneSource::Alexa => "alexa",
            ZoneSource::Salesforce => "salesforce",
            ZoneSource::Utc => "utc",
        })
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
    user_zone: std::sync::OnceLock<Option<String>>,
    round_trips: AtomicU32,
    caches: &'a OrgCaches,
    speaker: Speaker,
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
            user_zone: std::sync::OnceLock::new(),
            round_trips: AtomicU32::new(0),
            caches,
            speaker: Speaker::default(),
        })
    }

    /// What the answer is said in (the request's locale).
    pub fn speaker(&self) -> Speaker {
        self.speaker
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

    /// Runs the query `soql(multi_currency)` and says which currency its amounts are in, in
    /// one round trip: with the org's currency known (cached per org and warm instance), the
    /// query alone, with `CurrencyIsoCode` only in a multi-currency org; else one Composite
    /// request with the currency sub-requests ([`OrgCurrency::subrequests`]) and the query in
    /// both forms when they differ (`referenceId` [`DATA_REF`] without `CurrencyIsoCode`,
    /// [`DATA_CURRENCY_REF`] with it, which fails harmlessly in a single-currency org); the
    /// currency learned is cached.
    pub async fn query_in_currency<T: DeserializeOwned>(
        &self,
        soql: impl Fn(bool) -> String,
    ) -> Result<(QueryResult<T>, Arc<OrgCurrency>), RestError> {
        if let Some(known) = self.known_currency() {
            let rows = self.query(&soql(known.multi_currency)).await?;
            return Ok((rows, known));
        }
        let single = soql(false);
        let multi = soql(true);
        let build = |e: salesforce::rest::CompositeError| {
            RestError::Malformed(format!("cannot build the query: {e}"))
        };
        let mut requests: Vec<SubRequest> = OrgCurrency::subrequests().into();
        requests.push(SubRequest::query(DATA_REF, &single).map_err(build)?);
        if multi != single {
            requests.push(SubRequest::query(DATA_CURRENCY_REF, &multi).map_err(build)?);
        }
        self.count();
        let reply = self.client.composite(&self.session, &requests).await?;
        let currency = OrgCurrency::from_composite(&reply)?;
        let data = if currency.multi_currency && multi != single {
            DATA_CURRENCY_REF
        } else {
            DATA_REF
        };
        let rows = reply.json(data)?;
        let currency = match self.session.org_id() {
            Some(org) => self.caches.currency.insert(org, currency),
            None => Arc::new(currency),
        };
        Ok((rows, currency))
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
                let info = self.client.userinfo(&self.session).await?;
                let _ = self.user_zone.set(info.zoneinfo);
                Ok::<_, RestError>(info.user_id)
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
