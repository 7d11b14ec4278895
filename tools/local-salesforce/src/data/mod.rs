//! The stand-in's data: the object schema, field values, and the seeded sales org.

pub mod calendar;
pub mod schema;
pub mod seed;
pub mod value;

use std::collections::BTreeMap;

use time::Date;

pub use schema::{FieldDef, FieldType, ObjectDef};
pub use value::{Record, Value};

/// Every record of the org, by object, plus the day the seed was laid out around.
#[derive(Clone, Debug)]
pub struct Dataset {
    today: Date,
    tables: BTreeMap<&'static str, Vec<Record>>,
    next_serial: u64,
}

impl Dataset {
    /// An empty org whose "today" is `today`.
    pub fn empty(today: Date) -> Self {
        Self {
            today,
            tables: BTreeMap::new(),
            next_serial: 1,
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

/// An 18-character id: the key prefix, a zero-padded serial and a fixed checksum suffix.
pub fn make_id(prefix: &str, serial: u64) -> String {
    format!("{prefix}{serial:012}AAA")
}
