//! Field values and records, and how Salesforce writes them in JSON.

use std::collections::BTreeMap;

use time::{macros::format_description, Date, OffsetDateTime};

/// One field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No value.
    Null,
    /// Text, picklists and ids.
    Text(String),
    /// Whole numbers (what `COUNT` returns).
    Int(i64),
    /// Currency, percent and double fields (Salesforce writes them with a decimal point).
    Number(f64),
    /// Checkboxes.
    Bool(bool),
    /// Date fields.
    Date(Date),
    /// Date-time fields.
    DateTime(OffsetDateTime),
}

impl Value {
    /// Text from anything string-like.
    pub fn text(s: impl Into<String>) -> Self {
        Value::Text(s.into())
    }

    /// The value as Salesforce writes it in a REST reply.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Number(n) => serde_json::Number::from_f64(*n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Date(d) => serde_json::Value::String(format_date(*d)),
            Value::DateTime(t) => serde_json::Value::String(format_datetime(*t)),
        }
    }
}

/// `YYYY-MM-DD`.
pub fn format_date(d: Date) -> String {
    let fmt = format_description!("[year]-[month]-[day]");
    d.format(&fmt).unwrap_or_default()
}

/// Salesforce's date-time form: `2026-03-02T09:15:00.000+0000`.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory][offset_minute]"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

/// One record: field values by canonical field name; a field not present is null.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    values: BTreeMap<&'static str, Value>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `field` (a canonical name) and returns the record, for building seeds.
    pub fn with(mut self, field: &'static str, value: Value) -> Self {
        self.values.insert(field, value);
        self
    }

    /// Sets `field` (a canonical name).
    pub fn set(&mut self, field: &'static str, value: Value) {
        self.values.insert(field, value);
    }

    /// The value of `field` (a canonical name); null when unset.
    pub fn get(&self, field: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.values.get(field).unwrap_or(&NULL)
    }

    /// The record's id, when it has one.
    pub fn id(&self) -> Option<&str> {
        match self.get("Id") {
            Value::Text(id) => Some(id),
            _ => None,
        }
    }

    /// Every set field as a JSON object, in field-name order.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.to_json()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn numbers_keep_their_decimal_point_and_counts_do_not() {
        assert_eq!(Value::Number(250000.0).to_json().to_string(), "250000.0");
        assert_eq!(Value::Int(7).to_json().to_string(), "7");
    }

    #[test]
    fn datetimes_are_written_like_salesforce() {
        let t = datetime!(2026-03-02 09:15:00 UTC);
        assert_eq!(format_datetime(t), "2026-03-02T09:15:00.000+0000");
    }
}
