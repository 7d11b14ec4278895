//! Building SOSL safely: a search term reaches a `FIND {...}` clause only through
//! [`SearchTerm`] (which escapes with [`escape`]), and the one search this project runs is
//! built by [`RecordSearch`].
//!
//! # Escaping
//!
//! Inside the braces of `FIND {...}`, SOSL reserves `? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -`
//! ([`RESERVED`]); each is written with a backslash before it, which makes it a literal
//! character of the term. Decisions beyond that rule:
//!
//! - **Control characters** (newline, tab, NUL, ...) become a space: SOSL has no escape for
//!   them, and for the search engine a space and a line break both separate words.
//! - **Braces balance** needs no handling: every `{` and `}` of a term is escaped, so none can
//!   close the `FIND` clause, however many a term holds.
//! - **Wildcards** `*` and `?` are escaped like the rest: a spoken name is searched literally.
//! - **Operator words** `AND`, `OR` and `NOT` (any case) are not characters, so [`escape`]
//!   keeps them; [`SearchTerm::to_sosl`] writes each such word in double quotes (`"and"`), the
//!   way Salesforce's documentation delimits them as literals, so "Johnson and Johnson" is a
//!   search for three words rather than a boolean expression.
//!
//! [`unescape`] is the exact inverse of [`escape`] on text without control characters.

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use super::soql::quote;
use super::RecordId;

/// The characters SOSL reserves inside `FIND {...}`; [`escape`] puts a backslash before each.
pub const RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];

/// The fewest letters or digits a search term must hold (Salesforce refuses one-character
/// searches).
pub const MIN_TERM_ALPHANUMERICS: usize = 2;

/// The longest search term accepted, in characters after whitespace is collapsed. Names are
/// short; a longer slot value is a mis-recognition or an attack.
pub const MAX_TERM_CHARS: usize = 100;

/// How many records of each object [`RecordSearch`] asks for by default: one more than the
/// five a person can choose from, so "more than five" is visible.
pub const DEFAULT_SEARCH_LIMIT: u32 = 6;

/// The most records of each object [`RecordSearch::limit`] allows.
pub const MAX_SEARCH_LIMIT: u32 = 200;

/// Whether `c` is reserved in a SOSL search term.
pub fn is_reserved(c: char) -> bool {
    RESERVED.contains(&c)
}

/// Escapes `term` for use inside `FIND {...}`: a backslash before every [`RESERVED`]
/// character, every control character replaced by a space, everything else kept.
///
/// ```
/// use salesforce::rest::sosl::escape;
/// assert_eq!(escape("O'Brien & Sons"), r"O\'Brien \& Sons");
/// assert_eq!(escape("x} RETURNING User(Id"), r"x\} RETURNING User\(Id");
/// ```
pub fn escape(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 8);
    for c in term.chars() {
        if is_reserved(c) {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The inverse of [`escape`]: `None` when `escaped` holds a reserved character without its
/// backslash, or a backslash before anything but a reserved character (including at the end).
pub fn unescape(escaped: &str) -> Option<String> {
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let next = chars.next()?;
            if !is_reserved(next) {
                return None;
            }
            out.push(next);
        } else if is_reserved(c) {
            return None;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Why a text cannot be searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchTermError {
    /// Fewer than [`MIN_TERM_ALPHANUMERICS`] letters or digits.
    #[error("a search needs at least {MIN_TERM_ALPHANUMERICS} letters or digits")]
    TooShort,
    /// More than [`MAX_TERM_CHARS`] characters.
    #[error("a search term may have at most {MAX_TERM_CHARS} characters")]
    TooLong,
}

/// A search term from outside (a spoken name), normalised and checked: whitespace and control
/// characters collapsed to single spaces and trimmed, at least two letters or digits, at most
/// [`MAX_TERM_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerm(String);

impl SearchTerm {
    /// Normalises and checks `text`.
    pub fn parse(text: &str) -> Result<Self, SearchTermError> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect();
        let normalised = words.join(" ");
        if normalised.chars().filter(|c| c.is_alphanumeric()).count() < MIN_TERM_ALPHANUMERICS {
            return Err(SearchTermError::TooShort);
        }
        if normalised.chars().count() > MAX_TERM_CHARS {
            return Err(SearchTermError::TooLong);
        }
        Ok(Self(normalised))
    }

    /// The normalised term, unescaped (what the person said).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The term as written inside `FIND {...}`: each word [`escape`]d, and the operator words
    /// `AND`, `OR`, `NOT` (any case) in double quotes so they are searched as words.
    pub fn to_sosl(&self) -> String {
        self.0
            .split(' ')
            .map(|word| {
                if ["and", "or", "not"]
                    .iter()
                    .any(|op| word.eq_ignore_ascii_case(op))
                {
                    format!("\"{word}\"")
                } else {
                    escape(word)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for SearchTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The fields [`RecordSearch`] returns for an Opportunity, in order.
pub const OPPORTUNITY_FIELDS: &[&str] = &["Id", "Name", "StageName", "Amount", "CloseDate"];

/// The fields [`RecordSearch`] returns for an Account, in order.
pub const ACCOUNT_FIELDS: &[&str] = &["Id", "Name"];

/// The one search the skill runs to find a record by name: Opportunities and Accounts whose
/// name fields match, optionally only the user's, with what a read-back needs:
///
/// ```text
/// FIND {<term>} IN NAME FIELDS RETURNING
///   Opportunity(Id, Name, StageName, Amount, CloseDate[, CurrencyIsoCode]
///               [WHERE OwnerId = '<user>'] ORDER BY Name LIMIT <n>),
///   Account(Id, Name [WHERE OwnerId = '<user>'] ORDER BY Name LIMIT <n>)
/// ```
///
/// `CurrencyIsoCode` is asked for only with [`RecordSearch::with_currency`] (it exists in
/// multi-currency orgs only). An Account's open-opportunity count cannot come from SOSL (no
/// subqueries in `RETURNING`): see [`crate::rest::RestClient::find_records`], which gets it
/// in the same round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSearch {
    term: SearchTerm,
    owner: Option<RecordId>,
    limit: u32,
    currency: bool,
}

impl RecordSearch {
    /// A search for `term`, anyone's records, [`DEFAULT_SEARCH_LIMIT`] per object.
    pub fn new(term: SearchTerm) -> Self {
        Self {
            term,
            owner: None,
            limit: DEFAULT_SEARCH_LIMIT,
            currency: false,
        }
    }

    /// Only records owned by `user` (a `User` id, `005...`).
    pub fn owned_by(mut self, user: RecordId) -> Self {
        self.owner = Some(user);
        self
    }

    /// At most `limit` records of each object (1 to [`MAX_SEARCH_LIMIT`]).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit.clamp(1, MAX_SEARCH_LIMIT);
        self
    }

    /// Also return each Opportunity's `CurrencyIsoCode` (multi-currency orgs only).
    pub fn with_currency(mut self, currency: bool) -> Self {
        self.currency = currency;
        self
    }

    /// The term searched for.
    pub fn term(&self) -> &SearchTerm {
        &self.term
    }

    /// The SOSL text.
    pub fn to_sosl(&self) -> String {
        let filter = self
            .owner
            .as_ref()
            .map(|user| format!(" WHERE OwnerId = {}", quote(user.as_str())))
            .unwrap_or_default();
        let mut opportunity_fields = OPPORTUNITY_FIELDS.join(", ");
        if self.currency {
            opportunity_fields.push_str(", CurrencyIsoCode");
        }
        format!(
            "FIND {{{term}}} IN NAME FIELDS RETURNING Opportunity({opportunity_fields}{filter} ORDER BY Name LIMIT {limit}), Account({account_fields}{filter} ORDER BY Name LIMIT {limit})",
            term = self.term.to_sosl(),
            account_fields = ACCOUNT_FIELDS.join(", "),
            limit = self.limit,
        )
    }
}

/// A search reply (`{"searchRecords": [...]}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult<T> {
    /// The records found, in Salesforce's order.
    #[serde(default = "Vec::new")]
    pub search_records: Vec<T>,
}

/// An Opportunity found by [`RecordSearch`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OpportunityHit {
    /// `Id`.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// `StageName` (the stage's API name).
    #[serde(default)]
    pub stage_name: Option<String>,
    /// `Amount`, `null` on a deal without one.
    #[serde(default)]
    pub amount: Option<f64>,
    /// `CloseDate` (`YYYY-MM-DD`).
    #[serde(default)]
    pub close_date: Option<String>,
    /// `CurrencyIsoCode`, present when searched [`RecordSearch::with_currency`].
    #[serde(default)]
    pub currency_iso_code: Option<String>,
}

/// An Account found by [`RecordSearch`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountHit {
    /// `Id`.
    pub id: String,
    /// `Name`.
    pub name: String,
}

/// One record of a search reply, told apart by `attributes.type`.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchRecord {
    /// An Opportunity.
    Opportunity(OpportunityHit),
    /// An Account.
    Account(AccountHit),
    /// A record of another object (not asked for by [`RecordSearch`]), with its type and `Id`.
    Other {
        /// `attributes.type`.
        sobject: String,
        /// `Id`, when returned.
        id: Option<String>,
    },
}

impl SearchRecord {
    /// The record's object name (`attributes.type`).
    pub fn sobject(&self) -> &str {
        match self {
            Self::Opportunity(_) => "Opportunity",
            Self::Account(_) => "Account",
            Self::Other { sobject, .. } => sobject,
        }
    }

    /// The record's `Id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Opportunity(hit) => Some(&hit.id),
            Self::Account(hit) => Some(&hit.id),
            Self::Other { id, .. } => id.as_deref(),
        }
    }

    /// The record's `Name`, when it has one here.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Opportunity(hit) => Some(&hit.name),
            Self::Account(hit) => Some(&hit.name),
            Self::Other { .. } => None,
        }
    }
}

fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

impl<'de> Deserialize<'de> for SearchRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Err(D::Error::custom("a search record is not an object"));
        }
        let sobject = value
            .pointer("/attributes/type")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| D::Error::custom("a search record without attributes.type"))?
            .to_owned();
        match sobject.as_str() {
            "Opportunity" => from_value(value).map(Self::Opportunity),
            "Account" => from_value(value).map(Self::Account),
            _ => {
                let id = value
                    .get("Id")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                Ok(Self::Other { sobject, id })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_every_reserved_character() {
        assert_eq!(
            escape(r#"?&|!{}[]()^~*:\"'+-"#),
            r#"\?\&\|\!\{\}\[\]\(\)\^\~\*\:\\\"\'\+\-"#
        );
        assert_eq!(escape("Acme"), "Acme");
        assert_eq!(escape("Café 東京"), "Café 東京");
        assert_eq!(escape("a\nb\tc\0d"), "a b c d");
        assert_eq!(escape("}}} {{"), r"\}\}\} \{\{");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn unescape_refuses_what_escape_never_writes() {
        assert_eq!(unescape(r"O\'Brien").as_deref(), Some("O'Brien"));
        for bad in ["a}b", r"trailing\", r"\a", "*", r"\\\"] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }

    #[test]
    fn search_terms_are_normalised_and_bounded() {
        assert_eq!(
            SearchTerm::parse("  acme \n\t widgets ").unwrap().as_str(),
            "acme widgets"
        );
        assert_eq!(SearchTerm::parse("ab").unwrap().as_str(), "ab");
        for short in ["", "   ", "a", "**", "a -", "\n\n"] {
            assert_eq!(
                SearchTerm::parse(short),
                Err(SearchTermError::TooShort),
                "{short:?}"
            );
        }
        let long = "a".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(SearchTerm::parse(&long), Err(SearchTermError::TooLong));
        assert!(SearchTerm::parse(&"a".repeat(MAX_TERM_CHARS)).is_ok());
        assert!(SearchTerm::parse(&"東".repeat(MAX_TERM_CHARS)).is_ok());
    }

    #[test]
    fn operator_words_are_searched_as_words() {
        let term = SearchTerm::parse("Johnson AND johnson or Not x-ray").unwrap();
        assert_eq!(term.to_sosl(), r#"Johnson "AND" johnson "or" "Not" x\-ray"#);
        assert_eq!(
            SearchTerm::parse("Andover Oregon").unwrap().to_sosl(),
            "Andover Oregon"
        );
    }

    #[test]
    fn builds_the_record_search() {
        let user = RecordId::parse("User", "005000000000001AAA").unwrap();
        let search = RecordSearch::new(SearchTerm::parse("Acme").unwrap()).owned_by(user);
        assert_eq!(
            search.to_sosl(),
            "FIND {Acme} IN NAME FIELDS RETURNING \
             Opportunity(Id, Name, StageName, Amount, CloseDate WHERE OwnerId = '005000000000001AAA' ORDER BY Name LIMIT 6), \
             Account(Id, Name WHERE OwnerId = '005000000000001AAA' ORDER BY Name LIMIT 6)"
        );
        let search = RecordSearch::new(SearchTerm::parse("x} RETURNING User(Id").unwrap())
            .limit(0)
            .with_currency(true);
        assert_eq!(
            search.to_sosl(),
            r"FIND {x\} RETURNING User\(Id} IN NAME FIELDS RETURNING Opportunity(Id, Name, StageName, Amount, CloseDate, CurrencyIsoCode ORDER BY Name LIMIT 1), Account(Id, Name ORDER BY Name LIMIT 1)"
        );
        assert!(RecordSearch::new(SearchTerm::parse("ab").unwrap())
            .limit(10_000)
            .to_sosl()
            .ends_with(&format!("LIMIT {MAX_SEARCH_LIMIT})")));
    }

    #[test]
    fn reads_search_records_by_type() {
        let reply = serde_json::json!({"searchRecords": [
            {"attributes": {"type": "Opportunity", "url": "/x"}, "Id": "006000000000001AAA",
             "Name": "Acme", "StageName": "Prospecting", "Amount": null, "CloseDate": "2026-06-30"},
            {"attributes": {"type": "Account"}, "Id": "001000000000001AAA", "Name": "Acme Corp"},
            {"attributes": {"type": "Contact"}, "Id": "003000000000001AAA"}
        ]});
        let result: SearchResult<SearchRecord> = serde_json::from_value(reply).unwrap();
        let records = result.search_records;
        assert_eq!(records.len(), 3);
        assert!(matches!(&records[0], SearchRecord::Opportunity(o)
            if o.amount.is_none() && o.close_date.as_deref() == Some("2026-06-30")));
        assert_eq!(records[1].name(), Some("Acme Corp"));
        assert_eq!(records[2].sobject(), "Contact");
        assert_eq!(records[2].id(), Some("003000000000001AAA"));
        for bad in [
            serde_json::json!({"searchRecords": [{"Id": "x"}]}),
            serde_json::json!({"searchRecords": [["Opportunity"]]}),
            serde_json::json!({"searchRecords": [{"attributes": {"type": "Account"}, "Id": 5, "Name": "x"}]}),
        ] {
            assert!(serde_json::from_value::<SearchResult<SearchRecord>>(bad).is_err());
        }
    }

    /// Walks escaped text as SOSL reads it: each backslash takes the next character as a
    /// literal; returns whether any reserved character stood unescaped.
    fn has_unescaped_reserved(escaped: &str) -> bool {
        let mut chars = escaped.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if chars.next().is_none() {
                    return true;
                }
            } else if is_reserved(c) {
                return true;
            }
        }
        false
    }

    proptest! {
        #[test]
        fn escaped_terms_hold_no_unescaped_reserved_character(term in any::<String>()) {
            let escaped = escape(&term);
            prop_assert!(!has_unescaped_reserved(&escaped), "{:?}", escaped);
            prop_assert!(!escaped.chars().any(char::is_control));
        }

        #[test]
        fn unescape_gives_back_the_term(term in any::<String>()) {
            let expected: String = term.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            prop_assert_eq!(unescape(&escape(&term)), Some(expected));
        }

        #[test]
        fn reserved_heavy_terms_round_trip(term in r#"[a-z ?&|!{}\[\]()^~*:\\"'+\-]{0,40}"#) {
            prop_assert_eq!(unescape(&escape(&term)), Some(term));
        }

        #[test]
        fn a_search_term_never_leaves_its_braces(term in any::<String>()) {
            if let Ok(term) = SearchTerm::parse(&term) {
                let sosl = RecordSearch::new(term).to_sosl();
                let inside = sosl
                    .strip_prefix("FIND {")
                    .and_then(|rest| rest.split_once("} IN NAME FIELDS RETURNING Opportunity("))
                    .map(|(inside, _)| inside);
                let inside = inside.expect("the FIND clause");
                // Quoted operator words aside, the inside is escaped text.
                let unquoted = inside.replace("\"", "");
                let unquoted_ok = inside.split(' ').all(|w| {
                    (w.starts_with('"') && w.ends_with('"') && w.len() > 2
                        && ["and", "or", "not"].iter().any(|op| w[1..w.len() - 1].eq_ignore_ascii_case(op)))
                        || !has_unescaped_reserved(w)
                });
                prop_assert!(unquoted_ok, "{}", sosl);
                prop_assert!(!unquoted.is_empty());
            }
        }
    }
}
