//! The sObjects the stand-in knows, with the fields a query may name. Field names are matched
//! case-insensitively, as Salesforce does, and answered in their canonical spelling.

/// The type of a field, which decides how literals compare against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A record id: 15 or 18 characters, compared on the case-sensitive 15-character prefix.
    Id,
    /// Text and picklists: compared case-insensitively, as SOQL does.
    Text,
    /// Currency, percent and double fields.
    Number,
    /// Checkboxes: only `=` and `!=` apply.
    Boolean,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    /// A point in time (UTC in the stand-in).
    DateTime,
}

/// One field of an sObject.
#[derive(Debug)]
pub struct FieldDef {
    /// The canonical API name.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether a create or update request may set it.
    pub creatable: bool,
}

/// One sObject type.
#[derive(Debug)]
pub struct ObjectDef {
    /// The canonical API name.
    pub name: &'static str,
    /// The three-character id prefix of its records.
    pub key_prefix: &'static str,
    /// Its fields, `Id` first.
    pub fields: &'static [FieldDef],
}

impl ObjectDef {
    /// The field named `name`, case-insensitively.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        // `fields` is 'static, so hand out 'static references.
        let fields: &'static [FieldDef] = self.fields;
        fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

const fn f(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        ty,
        creatable: false,
    }
}

const fn w(name: &'static str, ty: FieldType) -> FieldDef {
    FieldDef {
        name,
        ty,
        creatable: true,
    }
}

use FieldType::{Boolean, Date, DateTime, Id, Number, Text};

/// `User`.
pub static USER: ObjectDef = ObjectDef {
    name: "User",
    key_prefix: "005",
    fields: &[
        f("Id", Id),
        f("Name", Text),
        f("FirstName", Text),
        f("LastName", Text),
        f("Username", Text),
        f("Email", Text),
        f("Title", Text),
        f("IsActive", Boolean),
        f("TimeZoneSidKey", Text),
    ],
};

/// The field a multi-currency org adds to its records (absent in a single-currency org).
pub const CURRENCY_ISO_CODE: &str = "CurrencyIsoCode";

/// `Opportunity`. Updatable: name, amount, stage, probability, close date, next step, type, lead
/// source, account, owner (and `CurrencyIsoCode` in a multi-currency org).
pub static OPPORTUNITY: ObjectDef = ObjectDef {
    name: "Opportunity",
    key_prefix: "006",
    fields: &[
        f("Id", Id),
        w("Name", Text),
        w("Amount", Number),
        w("StageName", Text),
        w("Probability", Number),
        w("CloseDate", Date),
        w("NextStep", Text),
        f("IsClosed", Boolean),
        f("IsWon", Boolean),
        w("Type", Text),
        w("LeadSource", Text),
        w("AccountId", Id),
        w("OwnerId", Id),
        w(CURRENCY_ISO_CODE, Text),
        f("CreatedDate", DateTime),
    ],
};

/// Currency fields: in a multi-currency org their aggregates are converted to the corporate
/// currency.
pub const CURRENCY_FIELDS: &[&str] = &["Amount"];

/// `Account`.
pub static ACCOUNT: ObjectDef = ObjectDef {
    name: "Account",
    key_prefix: "001",
    fields: &[
        f("Id", Id),
        w("Name", Text),
        w("Type", Text),
        w("Industry", Text),
        w("OwnerId", Id),
        w(CURRENCY_ISO_CODE, Text),
        f("CreatedDate", DateTime),
    ],
};

/// `Organization`: one row, the org itself.
pub static ORGANIZATION: ObjectDef = ObjectDef {
    name: "Organization",
    key_prefix: "00D",
    fields: &[
        f("Id", Id),
        f("Name", Text),
        f("DefaultCurrencyIsoCode", Text),
        f("DefaultLocaleSidKey", Text),
        f("LanguageLocaleKey", Text),
        f("TimeZoneSidKey", Text),
        f("IsSandbox", Boolean),
    ],
};

/// `OpportunityStage`: the stages of the org's sales process (the `StageName` picklist).
pub static OPPORTUNITY_STAGE: ObjectDef = ObjectDef {
    name: "OpportunityStage",
    key_prefix: "01J",
    fields: &[
        f("Id", Id),
        f("ApiName", Text),
        f("MasterLabel", Text),
        f("IsActive", Boolean),
        f("IsClosed", Boolean),
        f("IsWon", Boolean),
        f("DefaultProbability", Number),
        f("ForecastCategoryName", Text),
        f("SortOrder", Number),
    ],
};

/// `Lead`.
pub static LEAD: ObjectDef = ObjectDef {
    name: "Lead",
    key_prefix: "00Q",
    fields: &[
        f("Id", Id),
        f("Name", Text),
        f("FirstName", Text),
        f("LastName", Text),
        f("Company", Text),
        f("Title", Text),
        f("Email", Text),
        f("Status", Text),
        f("LeadSource", Text),
        f("IsConverted", Boolean),
        f("OwnerId", Id),
        f("CreatedDate", DateTime),
    ],
};

/// `Case`.
pub static CASE: ObjectDef = ObjectDef {
    name: "Case",
    key_prefix: "500",
    fields: &[
        f("Id", Id),
        f("CaseNumber", Text),
        f("Subject", Text),
        f("Status", Text),
        f("Priority", Text),
        f("Origin", Text),
        f("IsClosed", Boolean),
        f("OwnerId", Id),
        f("CreatedDate", DateTime),
    ],
};

/// `Task`: the only object the stand-in creates records of.
pub static TASK: ObjectDef = ObjectDef {
    name: "Task",
    key_prefix: "00T",
    fields: &[
        f("Id", Id),
        w("Subject", Text),
        w("TaskSubtype", Text),
        w("ActivityDate", Date),
        w("Status", Text),
        w("Priority", Text),
        w("Description", Text),
        f("IsClosed", Boolean),
        w("OwnerId", Id),
        w("WhatId", Id),
        w("WhoId", Id),
        f("CreatedDate", DateTime),
    ],
};

/// Every object a query may name.
pub static OBJECTS: [&ObjectDef; 8] = [
    &USER,
    &OPPORTUNITY,
    &ACCOUNT,
    &LEAD,
    &CASE,
    &TASK,
    &ORGANIZATION,
    &OPPORTUNITY_STAGE,
];

/// The object named `name`, case-insensitively.
pub fn object(name: &str) -> Option<&'static ObjectDef> {
    OBJECTS
        .iter()
        .copied()
        .find(|o| o.name.eq_ignore_ascii_case(name))
}

/// Task `Status` picklist values; `Completed` closes the task.
pub const TASK_STATUSES: &[&str] = &[
    "Not Started",
    "In Progress",
    "Completed",
    "Waiting on someone else",
    "Deferred",
];

/// Task `TaskSubtype` picklist values (`Call` for a logged call).
pub const TASK_SUBTYPES: &[&str] = &["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"];

/// Task `Priority` picklist values.
pub const TASK_PRIORITIES: &[&str] = &["High", "Normal", "Low"];

/// Whether `s` has the shape of a Salesforce id (15 or 18 alphanumerics).
pub fn is_id(s: &str) -> bool {
    (s.len() == 15 || s.len() == 18) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The case-sensitive 15-character form of an id, which is how ids compare.
pub fn id15(s: &str) -> &str {
    s.get(..15).unwrap_or(s)
}

/// The characters of the 18-character id's checksum, indexed by a 5-bit case mask.
const CHECKSUM_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// The 18-character form of an id: its first 15 characters and Salesforce's three checksum
/// characters, one per group of five, each encoding which of the five are capitals
/// (bit `i` for the `i`-th character).
pub fn id18(id: &str) -> String {
    let id15 = id15(id);
    let mut out = String::with_capacity(18);
    out.push_str(id15);
    for chunk in id15.as_bytes().chunks(5) {
        let mask = chunk
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .fold(0usize, |mask, (i, _)| mask | (1 << i));
        out.push(char::from(CHECKSUM_ALPHABET[mask & 31]));
    }
    out
}
