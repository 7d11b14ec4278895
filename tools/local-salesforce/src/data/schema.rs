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
    /// Whether a create request may set it.
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

/// `Opportunity`.
pub static OPPORTUNITY: ObjectDef = ObjectDef {
    name: "Opportunity",
    key_prefix: "006",
    fields: &[
        f("Id", Id),
        f("Name", Text),
        f("Amount", Number),
        f("StageName", Text),
        f("Probability", Number),
        f("CloseDate", Date),
        f("IsClosed", Boolean),
        f("IsWon", Boolean),
        f("Type", Text),
        f("LeadSource", Text),
        f("OwnerId", Id),
        f("CreatedDate", DateTime),
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
pub static OBJECTS: [&ObjectDef; 5] = [&USER, &OPPORTUNITY, &LEAD, &CASE, &TASK];

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
