//! The syntax tree of the SOQL subset: what the parser produces, before any name is resolved.

use time::{Date, OffsetDateTime};

/// `SELECT ... FROM ... [WHERE ...] [ORDER BY ...] [LIMIT n]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The select list, in order.
    pub select: Vec<SelectItem>,
    /// The object named after `FROM`, as written.
    pub from: String,
    /// Conditions joined by `AND` (parentheses flattened away).
    pub conditions: Vec<Condition>,
    /// `ORDER BY` keys, most significant first.
    pub order_by: Vec<OrderKey>,
    /// `LIMIT n`.
    pub limit: Option<u64>,
}

/// One entry of the select list.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectItem {
    /// A plain field, as written.
    Field(String),
    /// An aggregate, with its alias if one was given.
    Aggregate {
        /// What is computed.
        function: Aggregate,
        /// The alias after it (`COUNT(Id) deals`).
        alias: Option<String>,
    },
    /// `COUNT()`: the reply is only `totalSize`.
    CountRows,
}

/// An aggregate function over one field.
#[derive(Clone, Debug, PartialEq)]
pub enum Aggregate {
    /// `COUNT(field)`: rows where the field is not null.
    Count(String),
    /// `SUM(field)`: null over no rows.
    Sum(String),
}

/// `field op literal`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The field, as written.
    pub field: String,
    /// The comparison.
    pub op: CmpOp,
    /// The right-hand side.
    pub value: Literal,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=` or `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A literal on the right of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `'text'`, escapes resolved.
    String(String),
    /// `42`, `-3.5`.
    Number(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `2026-03-31`.
    Date(Date),
    /// `2026-03-31T10:00:00Z`.
    DateTime(OffsetDateTime),
    /// `TODAY`.
    Today,
    /// `THIS_QUARTER`.
    ThisQuarter,
}

/// One `ORDER BY` key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderKey {
    /// The field, as written.
    pub field: String,
    /// `DESC` (default `ASC`).
    pub descending: bool,
    /// `NULLS LAST` (default `NULLS FIRST`, as Salesforce documents).
    pub nulls_last: bool,
}
