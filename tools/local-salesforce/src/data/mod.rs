//! The stand-in's data: the object schema, field values, and the seeded sales org.

pub mod calendar;
pub mod schema;
pub mod seed;
pub mod value;

use std::collections::BTreeMap;

use time::Date;

pub use schema::{FieldDef, FieldType, ObjectDef};
pub use value::{Record, Value};

/// Every record of the org, by object, plus the day the seed was laid out around and the org's
/// currency setting.
#[derive(Clone, Debug)]
pub struct Dataset {
    today: Date,
    tables: BTreeMap<&'static str, Vec<Record>>,
    next_serial: u64,
    currency: &'static str,
    rates: Option<&'static [(&'static str, f64)]>,
}

impl Dataset {
    /// An empty single-currency (USD) org whose "today" is `today`.
    pub fn empty(today: Date) -> Self {
        Self {
            today,
            tables: BTreeMap::new(),
            next_serial: 1,
            currency: "USD",
            rates: None,
        }
    }

    /// Sets the org's currency: `corporate` (`DefaultCurrencyIsoCode`), and for a
    /// multi-currency org its currencies with their conversion rates (units per one unit of
    /// `corporate`).
    pub fn with_currency(
        mut self,
        corporate: &'static str,
        rates: Option<&'static [(&'static str, f64)]>,
    ) -> Self {
        self.currency = corporate;
        self.rates = rates;
        self
    }

    /// The org's default (corporate) currency.
    pub fn currency(&self) -> &'static str {
        self.currency
    }

    /// Whether records carry their own `CurrencyIsoCode` (a multi-currency org); in a
    /// single-currency org that field does not exist.
    pub fn is_multi_currency(&self) -> bool {
        self.rates.is_some()
    }

    /// `amount` in `code` converted to the corporate currency, rounded to cents as Salesforce
    /// rounds currency values; unchanged in a single-currency org or for an unknown code.
    pub fn to_corporate(&self, amount: f64, code: Option<&str>) -> f64 {
        let rate = self
            .rates
            .zip(code)
            .and_then(|(rates, code)| rates.iter().find(|(c, _)| *c == code))
            .map_or(1.0, |(_, rate)| *rate);
        if rate == 1.0 {
            amount
        } else {
            (amount / rate * 100.0).round() / 100.0
        }
    }

    /// The org's currency codes: the corporate one alone, or every one of a multi-currency org.
    pub fn currencies(&self) -> Vec<&'static str> {
        match self.rates {
            Some(rates) => rates.iter().map(|(code, _)| *code).collect(),
            None => vec![self.currency],
        }
    }

    /// The day (UTC) that `TODAY` means in queries.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Every record of `object`, in insertion order.
    pub fn rows(&self, object: &ObjectDef) -> &[Record] {
        self.tables.get(object.name).map_or(&[], Vec::as_slice)
    }

    /// The record of `object` with this 15- or 18-character id (compared on the first 15).
    pub fn find(&self, object: &ObjectDef, id: &str) -> Option<&Record> {
        self.rows(object).iter().find(|r| same_id(r, id))
    }

    /// The record of `object` with this id, to change it.
    pub fn find_mut(&mut self, object: &ObjectDef, id: &str) -> Option<&mut Record> {
        self.tables
            .get_mut(object.name)?
            .iter_mut()
            .find(|r| same_id(r, id))
    }

    /// Adds a record of `object`, giving it a fresh id; returns the id.
    pub fn insert(&mut self, object: &ObjectDef, mut record: Record) -> String {
        let id = self.new_id(object);
        record.set("Id", Value::Text(id.clone()));
        self.tables.entry(object.name).or_default().push(record);
        id
    }

    /// A fresh 18-character id with `object`'s key prefix.
    fn new_id(&mut self, object: &ObjectDef) -> String {
        let serial = self.next_serial;
        self.next_serial += 1;
        make_id(object.key_prefix, serial)
    }

    /// Adds a record that carries its own id (seeding).
    fn push(&mut self, object: &ObjectDef, record: Record) {
        self.tables.entry(object.name).or_default().push(record);
    }
}

fn same_id(record: &Record, id: &str) -> bool {
    schema::is_id(id)
        && record
            .id()
            .is_some_and(|own| schema::id15(own) == schema::id15(id))
}

/// An 18-character id: the key prefix, a zero-padded serial and Salesforce's checksum of the
/// first fifteen characters ([`schema::id18`]).
pub fn make_id(prefix: &str, serial: u64) -> String {
    schema::id18(&format!("{prefix}{serial:012}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_checksum_of_their_capitals() {
        assert_eq!(make_id("006", 1), "006000000000001AAA");
        assert_eq!(make_id("00T", 7), "00T000000000007EAA");
        assert_eq!(make_id("00Q", 1_001), "00Q000000001001EAA");
        assert_eq!(make_id("01J", 3), "01J000000000003EAA");
        assert_eq!(schema::id18("001Dn00000AbCdE"), "001Dn00000AbCdEIAV");
    }

    #[test]
    fn amounts_convert_to_the_corporate_currency() {
        static RATES: [(&str, f64); 3] = [("USD", 1.0), ("EUR", 0.8), ("GBP", 0.75)];
        let multi =
            Dataset::empty(time::macros::date!(2026 - 02 - 14)).with_currency("USD", Some(&RATES));
        assert!(multi.is_multi_currency());
        assert_eq!(multi.to_corporate(80_000.0, Some("EUR")), 100_000.0);
        assert_eq!(multi.to_corporate(60_000.0, Some("GBP")), 80_000.0);
        assert_eq!(multi.to_corporate(10.0, Some("USD")), 10.0);
        let single = Dataset::empty(time::macros::date!(2026 - 02 - 14)).with_currency("EUR", None);
        assert!(!single.is_multi_currency());
        assert_eq!(single.to_corporate(80_000.0, Some("GBP")), 80_000.0);
        assert_eq!(single.currencies(), ["EUR"]);
    }
}
