//! Multi-turn state in Alexa's `sessionAttributes`: the current record, the pending choices of a
//! search, and the change waiting for the user's yes.
//!
//! Everything lives under one attribute, [`ATTRIBUTE`], as a typed [`SessionState`]. Alexa
//! hands it back on the next request of the session, but what comes back is input like any
//! other, so [`SessionState::load`] trusts none of it blindly:
//! - a state of another [`VERSION`], another org or another Salesforce user (a re-link in the
//!   same session), or older than [`MAX_AGE`] by the request's timestamp, is ignored whole;
//! - every record in it must be an Opportunity or an Account whose id passes
//!   [`RecordId::parse`] for that object, with a name of at most [`MAX_NAME_CHARS`]: a record
//!   that fails is dropped (a list of choices with one bad entry is dropped whole), so a
//!   forged id is never sent anywhere.
//!
//! [`crate::Skill::handle`] echoes a loaded state on every answer that does not write its own,
//! so the current record survives an unrelated intent in between.

use salesforce::rest::RecordId;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// The session attribute holding the state.
pub const ATTRIBUTE: &str = "salesAssistant";

/// The state's format version; another version is ignored.
pub const VERSION: u32 = 1;

/// A state older than this (by the requests' timestamps) is ignored.
pub const MAX_AGE: Duration = Duration::minutes(30);

/// How far a state may be in the future of the request (clock skew) and still be used.
pub const MAX_SKEW: Duration = Duration::minutes(2);

/// The most choices a search offers.
pub const MAX_CHOICES: usize = 5;

/// The longest record name kept (Opportunity.Name and Account.Name hold at most 120 and 255).
pub const MAX_NAME_CHARS: usize = 255;

/// The objects a state may name.
pub const OBJECTS: &[&str] = &["Opportunity", "Account"];

/// A record the conversation is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordRef {
    /// `Opportunity` or `Account`.
    pub object: String,
    /// Its Salesforce id.
    pub id: String,
    /// Its name, for speech.
    pub name: String,
}

impl RecordRef {
    /// A reference to a record.
    pub fn new(object: &str, id: &str, name: &str) -> Self {
        Self {
            object: object.to_owned(),
            id: id.to_owned(),
            name: name.trim().to_owned(),
        }
    }

    /// The checked id, when the object is one a state may name and the id is one of it.
    pub fn record_id(&self) -> Option<RecordId> {
        if !OBJECTS.contains(&self.object.as_str()) {
            return None;
        }
        RecordId::parse(&self.object, &self.id).ok()
    }

    /// Whether the reference may be used: a checked id and a sensible name.
    pub fn is_valid(&self) -> bool {
        self.record_id().is_some()
            && !self.name.trim().is_empty()
            && self.name.chars().count() <= MAX_NAME_CHARS
    }

    /// Whether it is an Opportunity.
    pub fn is_opportunity(&self) -> bool {
        self.object == "Opportunity"
    }
}

/// A change read back to the user and waiting for `CONFIRMED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The intent that asked for it.
    pub intent: String,
    /// The record to change.
    pub record: RecordRef,
    /// The slot value the user said (the confirmed intent must carry the same).
    pub heard: String,
    /// The value to write, as JSON.
    pub value: Value,
    /// The currency of an amount (the record's, as read back), to say it again when done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// Who a state belongs to: the org and, when the linked token names one, the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The org id (or the instance origin, when the token does not name the org).
    pub org: String,
    /// The Salesforce user id, when the linked token carries it.
    pub user: Option<String>,
}

/// The state of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionState {
    /// [`VERSION`].
    pub version: u32,
    /// Whose state it is.
    pub owner: Owner,
    /// The request timestamp it was written at (RFC 3339).
    pub at: String,
    /// The record the user is working on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<RecordRef>,
    /// The records a search offered, in the order they were named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<RecordRef>,
    /// The change waiting for confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

impl SessionState {
    /// An empty state for `owner` at `now`.
    pub fn new(owner: Owner, now: OffsetDateTime) -> Self {
        Self {
            version: VERSION,
            owner,
            at: now.format(&Rfc3339).unwrap_or_default(),
            current: None,
            choices: Vec::new(),
            pending: None,
        }
    }

    /// The state in `attributes` when it is usable for `owner` at `now` (see the module docs),
    /// cleaned of every record that does not check out, and re-dated to `now`.
    pub fn load(
        attributes: Option<&Map<String, Value>>,
        owner: &Owner,
        now: OffsetDateTime,
    ) -> Option<Self> {
        let value = attributes?.get(ATTRIBUTE)?;
        let mut state: Self = serde_json::from_value(value.clone()).ok()?;
        if state.version != VERSION || &state.owner != owner {
            return None;
        }
        let written = OffsetDateTime::parse(&state.at, &Rfc3339).ok()?;
        let age = now - written;
        if age > MAX_AGE || age < -MAX_SKEW {
            return None;
        }
        state.current = state.current.filter(RecordRef::is_valid);
        if state.choices.len() > MAX_CHOICES || !state.choices.iter().all(RecordRef::is_valid) {
            state.choices.clear();
        }
        state.pending = state.pending.filter(|p| p.record.is_valid());
        state.at = now.format(&Rfc3339).unwrap_or_default();
        Some(state)
    }

    /// Whether there is anything worth keeping.
    pub fn is_empty(&self) -> bool {
        self.current.is_none() && self.choices.is_empty() && self.pending.is_none()
    }

    /// The state as the session attribute's value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The pending change for `intent`, when the user said the same `heard` value.
    pub fn pending_for(&self, intent: &str, heard: Option<&str>) -> Option<&Pending> {
        self.pending
            .as_ref()
            .filter(|p| p.intent == intent && Some(p.heard.as_str()) == heard)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    const OPP: &str = "006000000000001AAA";

    fn owner() -> Owner {
        Owner {
            org: "00D000000000001".into(),
            user: Some("005000000000001AAA".into()),
        }
    }

    fn attrs(state: &SessionState) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert(ATTRIBUTE.into(), state.to_value());
        map
    }

    fn stored() -> SessionState {
        let mut state = SessionState::new(owner(), datetime!(2026-03-14 09:00 UTC));
        state.current = Some(RecordRef::new("Opportunity", OPP, "Acme"));
        state
    }

    #[test]
    fn round_trips_and_is_redated() {
        let now = datetime!(2026-03-14 09:10 UTC);
        let loaded = SessionState::load(Some(&attrs(&stored())), &owner(), now).unwrap();
        assert_eq!(loaded.current, stored().current);
        assert_eq!(loaded.at, "2026-03-14T09:10:00Z");
    }

    #[test]
    fn expired_foreign_and_other_versions_are_ignored() {
        let late = datetime!(2026-03-14 09:31 UTC);
        assert_eq!(
            SessionState::load(Some(&attrs(&stored())), &owner(), late),
            None
        );
        let early = datetime!(2026-03-14 08:50 UTC);
        assert_eq!(
            SessionState::load(Some(&attrs(&stored())), &owner(), early),
            None
        );
        let now = datetime!(2026-03-14 09:01 UTC);
        let other = Owner {
            user: Some("005000000000002AAA".into()),
            ..owner()
        };
        assert_eq!(
            SessionState::load(Some(&attrs(&stored())), &other, now),
            None
        );
        let mut old = stored();
        old.version = 0;
        assert_eq!(SessionState::load(Some(&attrs(&old)), &owner(), now), None);
        let mut map = Map::new();
        map.insert(ATTRIBUTE.into(), json!("006000000000001AAA"));
        assert_eq!(SessionState::load(Some(&map), &owner(), now), None);
        assert_eq!(SessionState::load(None, &owner(), now), None);
    }

    #[test]
    fn forged_records_are_dropped() {
        let now = datetime!(2026-03-14 09:01 UTC);
        for (object, id) in [
            ("Opportunity", "001000000000001AAA"),
            ("Opportunity", "006000000000001AAB"),
            ("Opportunity", "006' OR Id != '"),
            ("User", "005000000000001AAA"),
            ("Opportunity", "../../sobjects/User/005000000000001AAA"),
        ] {
            let mut state = stored();
            state.current = Some(RecordRef::new(object, id, "Acme"));
            state.choices = vec![
                RecordRef::new("Opportunity", OPP, "Acme"),
                RecordRef::new(object, id, "Evil"),
            ];
            state.pending = Some(Pending {
                currency: None,
                intent: "UpdateAmountIntent".into(),
                record: RecordRef::new(object, id, "Evil"),
                heard: "5".into(),
                value: json!(5),
            });
            let loaded = SessionState::load(Some(&attrs(&state)), &owner(), now).unwrap();
            assert!(loaded.is_empty(), "{object} {id}: {loaded:?}");
        }
    }
}
