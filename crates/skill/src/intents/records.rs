//! Finding the record a conversation is about, shared by `FindRecordIntent`, the update intents
//! and `LogCallIntent`: the SOSL search (one round trip, with what a read-back needs), what each
//! number of results means, the read-back, and the record by id for the current record.
//!
//! | found | answer |
//! |---|---|
//! | 0 | says nothing was found and asks for another name (`Dialog.ElicitSlot recordName`) |
//! | 1 | the record: read back, and it becomes the current record |
//! | 2 to 5 | names up to three, numbered, keeps all as the pending choices, asks which one |
//! | more | asks for a longer name (`Dialog.ElicitSlot recordName`) |

use alexa::{speak, ResponseBuilder, ResponseEnvelope};
use salesforce::rest::soql::quote;
use salesforce::rest::sosl::{
    OpportunityHit, RecordSearch, SearchRecord, SearchTerm, SearchTermError,
};
use salesforce::rest::{OrgCurrency, QueryResult, RecordId, RestError};
use serde::Deserialize;

use super::SlotSpec;
use crate::context::Salesforce;
use crate::error::IntentError;
use crate::i18n::Speaker;
use crate::state::{RecordRef, SessionState, ATTRIBUTE, MAX_CHOICES};

/// The slot name every record-finding intent uses.
pub const RECORD_NAME: &str = "recordName";

/// `recordName` in `FindRecordIntent`: a free-form search query.
pub const SEARCH_SLOT: SlotSpec = SlotSpec {
    name: RECORD_NAME,
    slot_type: "AMAZON.SearchQuery",
    understands: |heard| SearchTerm::parse(heard).is_ok(),
};

/// `recordName` in the intents that also take another value: the custom type `RecordName`
/// (Alexa allows one `AMAZON.SearchQuery` slot per intent, and `nextStep` and `notes` are
/// one; a custom type passes any name through as spoken).
pub const NAME_SLOT: SlotSpec = SlotSpec {
    name: RECORD_NAME,
    slot_type: "RecordName",
    understands: |heard| SearchTerm::parse(heard).is_ok(),
};

/// How many choices are named aloud.
pub const NAMED_CHOICES: usize = 3;

/// What a lookup by name came to.
#[derive(Debug)]
pub enum Lookup {
    /// Exactly one record.
    Found(Found),
    /// Something to say instead (nothing found, a choice to make, a name to narrow).
    Answer(ResponseBuilder),
}

/// The one record found, with what its read-back needs.
#[derive(Debug, Clone)]
pub struct Found {
    /// The record.
    pub record: RecordRef,
    /// How to read it back.
    pub view: RecordView,
}

/// A record as the read-back needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordView {
    /// An Opportunity: name, stage, amount (in its currency), close date, next step.
    Opportunity {
        /// `Name`.
        name: String,
        /// `StageName`.
        stage: Option<String>,
        /// `Amount`.
        amount: Option<f64>,
        /// The currency of the amount.
        currency: String,
        /// `CloseDate`.
        close_date: Option<String>,
        /// `NextStep`, when read.
        next_step: Option<String>,
    },
    /// An Account: name and open opportunity count.
    Account {
        /// `Name`.
        name: String,
        /// Its open Opportunities, when counted.
        open_opportunities: Option<u64>,
    },
}

impl RecordView {
    /// From a search hit in an org of `currency`.
    pub fn from_hit(hit: &OpportunityHit, currency: &OrgCurrency) -> Self {
        Self::Opportunity {
            name: hit.name.trim().to_owned(),
            stage: hit.stage_name.clone(),
            amount: hit.amount,
            currency: currency
                .of_record(hit.currency_iso_code.as_deref())
                .to_owned(),
            close_date: hit.close_date.clone(),
            next_step: None,
        }
    }

    /// The read-back: "The opportunity Acme Renewal: stage Prospecting, amount 5,000 dollars
    /// and closing June 30, 2026." or "Acme Corp, an account with three open opportunities."
    pub fn speech(&self, sp: Speaker) -> String {
        match self {
            Self::Opportunity {
                name,
                stage,
                amount,
                currency,
                close_date,
                ..
            } => {
                let mut parts = Vec::new();
                parts.push(match stage {
                    Some(stage) => sp.t("record-stage", &[("stage", stage.as_str().into())]),
                    None => sp.t("record-no-stage", &[]),
                });
                parts.push(match amount {
                    Some(amount) => sp.t(
                        "record-amount",
                        &[("amount", sp.money(*amount, currency).into())],
                    ),
                    None => sp.t("record-no-amount", &[]),
                });
                if let Some(date) = close_date {
                    parts.push(sp.t("record-closing", &[("date", sp.date(date).into())]));
                }
                sp.t(
                    "record-opportunity",
                    &[
                        ("name", name.as_str().into()),
                        ("details", sp.join(&parts).into()),
                    ],
                )
            }
            Self::Account {
                name,
                open_opportunities: Some(n),
            } => sp.t(
                "record-account-count",
                &[
                    ("name", name.as_str().into()),
                    ("count", sp.count(*n).into()),
                    ("n", (*n).into()),
                ],
            ),
            Self::Account { name, .. } => sp.t("record-account", &[("name", name.as_str().into())]),
        }
    }
}

/// Why a spoken name cannot be searched, as a question back: `None` when it can.
pub fn ask_for_name(
    sp: Speaker,
    heard: Option<&str>,
    intent_asks: &str,
) -> Option<ResponseBuilder> {
    match heard.map(SearchTerm::parse) {
        Some(Ok(_)) => None,
        Some(Err(SearchTermError::TooLong)) => Some(
            speak(sp.t("record-name-too-long", &[]))
                .reprompt(intent_asks)
                .elicit_slot(RECORD_NAME, None),
        ),
        _ => Some(
            speak(intent_asks)
                .reprompt(intent_asks)
                .elicit_slot(RECORD_NAME, None),
        ),
    }
}

/// "1, Acme Renewal, an opportunity" for the numbered list.
fn numbered(sp: Speaker, index: usize, record: &RecordRef) -> String {
    let kind = if record.is_opportunity() {
        "opportunity"
    } else {
        "account"
    };
    sp.t(
        "record-choice",
        &[
            ("position", sp.integer(index as i64 + 1).into()),
            ("name", record.name.as_str().into()),
            ("kind", kind.into()),
        ],
    )
}

/// The disambiguation question for 2 to 5 records.
pub fn choices_speech(sp: Speaker, choices: &[RecordRef]) -> String {
    let mut named = choices
        .iter()
        .take(NAMED_CHOICES)
        .enumerate()
        .map(|(i, r)| numbered(sp, i, r));
    let first = named.next().unwrap_or_default();
    let list = named.fold(first, |head, item| {
        sp.t(
            "record-choices-next",
            &[("head", head.into()), ("item", item.into())],
        )
    });
    let more = choices.len().saturating_sub(NAMED_CHOICES) as u64;
    sp.t(
        "record-choices",
        &[
            ("count", sp.count(choices.len() as u64).into()),
            ("n", choices.len().into()),
            ("list", list.into()),
            ("more", more.into()),
            ("more-count", sp.count(more).into()),
        ],
    )
}

/// Searches the user's Opportunities and Accounts for `heard` (already checked by
/// [`ask_for_name`]) and says what the number of results means; 2 to 5 become `state`'s
/// choices.
pub async fn lookup(
    sf: &Salesforce<'_>,
    heard: &str,
    state: &mut SessionState,
) -> Result<Lookup, IntentError> {
    let sp = sf.speaker();
    let Ok(term) = SearchTerm::parse(heard) else {
        return Ok(Lookup::Answer(
            speak(sp.t("record-which", &[]))
                .reprompt(sp.t("record-which", &[]))
                .elicit_slot(RECORD_NAME, None),
        ));
    };
    let search = RecordSearch::new(term.clone()).owned_by(sf.user_record_id().await?);
    let found = sf.find(&search).await?;
    let records: Vec<RecordRef> = found
        .records
        .iter()
        .filter_map(|record| {
            let name = record.name()?;
            let r = RecordRef::new(record.sobject(), record.id()?, name);
            r.is_valid().then_some(r)
        })
        .collect();
    match records.len() {
        0 => Ok(Lookup::Answer(
            speak(sp.t("record-not-found", &[("term", term.to_string().into())]))
                .reprompt(sp.t("record-which-name", &[]))
                .elicit_slot(RECORD_NAME, None),
        )),
        1 => {
            let view = match found.single() {
                Some(SearchRecord::Opportunity(hit)) => RecordView::from_hit(hit, &found.currency),
                _ => RecordView::Account {
                    name: records[0].name.clone(),
                    open_opportunities: found.open_opportunities,
                },
            };
            Ok(Lookup::Found(Found {
                record: records[0].clone(),
                view,
            }))
        }
        n if n <= MAX_CHOICES => {
            state.choices = records;
            state.pending = None;
            let question = choices_speech(sp, &state.choices);
            Ok(Lookup::Answer(
                speak(question)
                    .reprompt(sp.t("record-choices-reprompt", &[]))
                    .session_attribute(ATTRIBUTE, state.to_value()),
            ))
        }
        _ => Ok(Lookup::Answer(
            speak(sp.t(
                "record-too-many",
                &[
                    ("max", sp.count(MAX_CHOICES as u64).into()),
                    ("term", term.to_string().into()),
                ],
            ))
            .reprompt(sp.t("record-which-name", &[]))
            .elicit_slot(RECORD_NAME, None),
        )),
    }
}

/// An Opportunity row read by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OpportunityRow {
    name: String,
    #[serde(default)]
    stage_name: Option<String>,
    #[serde(default)]
    amount: Option<f64>,
    #[serde(default)]
    close_date: Option<String>,
    #[serde(default)]
    next_step: Option<String>,
    #[serde(default)]
    currency_iso_code: Option<String>,
}

/// The query for one Opportunity by its checked id (with `CurrencyIsoCode` in a
/// multi-currency org).
pub fn opportunity_soql(id: &RecordId, multi_currency: bool) -> String {
    let currency = if multi_currency {
        ", CurrencyIsoCode"
    } else {
        ""
    };
    format!(
        "SELECT Id, Name, StageName, Amount, CloseDate, NextStep{currency} FROM Opportunity WHERE Id = {}",
        quote(id.as_str())
    )
}

/// The query counting an Account's open Opportunities.
pub fn open_count_soql(id: &RecordId) -> String {
    format!(
        "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = {}",
        quote(id.as_str())
    )
}

/// Reads a record the state names (one round trip, which also learns the org's currency when
/// this warm instance does not know it yet): `None` when it is gone or not visible.
pub async fn read(sf: &Salesforce<'_>, record: &RecordRef) -> Result<Option<Found>, IntentError> {
    let Some(id) = record.record_id() else {
        return Ok(None);
    };
    if record.is_opportunity() {
        let (rows, currency) = sf
            .query_in_currency::<OpportunityRow>(|multi| opportunity_soql(&id, multi))
            .await?;
        let Some(row) = rows.records.into_iter().next() else {
            return Ok(None);
        };
        let currency = currency
            .of_record(row.currency_iso_code.as_deref())
            .to_owned();
        let record = RecordRef::new("Opportunity", id.as_str(), &row.name);
        let view = RecordView::Opportunity {
            name: record.name.clone(),
            stage: row.stage_name,
            amount: row.amount,
            currency,
            close_date: row.close_date,
            next_step: row.next_step,
        };
        Ok(Some(Found { record, view }))
    } else {
        let count: QueryResult<serde_json::Value> = sf.query(&open_count_soql(&id)).await?;
        Ok(Some(Found {
            record: record.clone(),
            view: RecordView::Account {
                name: record.name.clone(),
                open_opportunities: Some(count.total_size),
            },
        }))
    }
}

/// What to say when a record the conversation named can no longer be read.
pub fn gone(sp: Speaker, state: &mut SessionState) -> ResponseEnvelope {
    state.current = None;
    state.pending = None;
    speak(sp.t("record-gone", &[]))
        .reprompt(sp.t("record-which", &[]))
        .session_attribute(ATTRIBUTE, state.to_value())
        .build()
}

/// The answer, with `state` as the session attributes for the next turn.
pub fn with_state(builder: ResponseBuilder, state: &SessionState) -> ResponseEnvelope {
    builder
        .session_attribute(ATTRIBUTE, state.to_value())
        .build()
}

/// What to say when Salesforce did not make a write: a validation rule's or required field's
/// message, spoken with `refused` (and `current`, when given, becomes the current record); the
/// record being gone ([`gone`]); any other failure is an error.
pub fn not_written(
    sp: Speaker,
    state: &mut SessionState,
    error: RestError,
    refused: &str,
    current: Option<RecordRef>,
) -> Result<ResponseEnvelope, IntentError> {
    if let Some(message) = error.validation_message() {
        let text = sp.t(refused, &[("message", message.into())]);
        if current.is_some() {
            state.current = current;
        }
        return Ok(with_state(speak(text), state));
    }
    if error.is_not_found() {
        return Ok(gone(sp, state));
    }
    Err(error.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_opportunities_and_accounts() {
        let opp = RecordView::Opportunity {
            name: "Acme & Co".into(),
            stage: Some("Prospecting".into()),
            amount: Some(5000.0),
            currency: "USD".into(),
            close_date: Some("2026-06-30".into()),
            next_step: None,
        };
        assert_eq!(
            opp.speech(Speaker::default()),
            "The opportunity Acme & Co: stage Prospecting, amount 5,000 dollars and closing June 30, 2026."
        );
        let account = RecordView::Account {
            name: "Acme Corp".into(),
            open_opportunities: Some(1),
        };
        assert_eq!(
            account.speech(Speaker::default()),
            "Acme Corp, an account with one open opportunity."
        );
    }

    #[test]
    fn names_up_to_three_choices() {
        let choices: Vec<RecordRef> = (1..=5)
            .map(|i| RecordRef::new("Opportunity", "006000000000001AAA", &format!("Deal {i}")))
            .collect();
        assert_eq!(
            choices_speech(Speaker::default(), &choices),
            "I found five records: 1, Deal 1, an opportunity; 2, Deal 2, an opportunity; \
             3, Deal 3, an opportunity, and two more. Which one? Say the first, the second, and so on."
        );
        assert_eq!(
            choices_speech(Speaker::default(), &choices[..2]),
            "I found two records: 1, Deal 1, an opportunity; 2, Deal 2, an opportunity. \
             Which one? Say the first, the second, and so on."
        );
    }

    #[test]
    fn queries_by_checked_id() {
        let id = RecordId::parse("Opportunity", "006000000000001AAA").unwrap();
        assert_eq!(
            opportunity_soql(&id, false),
            "SELECT Id, Name, StageName, Amount, CloseDate, NextStep FROM Opportunity WHERE Id = '006000000000001AAA'"
        );
        let account = RecordId::parse("Account", "001000000000001AAA").unwrap();
        assert_eq!(
            open_count_soql(&account),
            "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND AccountId = '001000000000001AAA'"
        );
    }
}
