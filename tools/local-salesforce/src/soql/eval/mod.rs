//! Evaluates a parsed query over a [`Dataset`]: resolves names against the schema (which is
//! where unknown objects, unknown fields and ill-typed literals are caught), filters, sorts,
//! limits and aggregates. Pure: `TODAY` is the dataset's day.
//!
//! Currency follows the org: in a single-currency org `CurrencyIsoCode` does not exist (naming
//! it is `INVALID_FIELD`, as at Salesforce); in a multi-currency org each record has its own,
//! and `SUM` of a currency field answers in the corporate currency, each amount converted at
//! the org's rate (plain fields are answered in the record's own currency).

use std::cmp::Ordering;

use time::{Date, Duration, OffsetDateTime};

use super::ast::{Aggregate, CmpOp, Condition, Literal, OrderKey, Query, SelectItem};
use super::SoqlError;
use crate::data::calendar::{midnight, next_quarter_start, quarter_start};
use crate::data::schema::{self, id15, is_id, FieldDef, FieldType, ObjectDef};
use crate::data::{Dataset, Record, Value};

/// The rows a query selects, before paging.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    /// `totalSize`: the row count, or the count itself for `COUNT()`.
    pub total_size: usize,
    /// The rows (empty for `COUNT()`).
    pub rows: Vec<ResultRow>,
}

/// One row of a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultRow {
    /// `attributes.type`: the object, or `AggregateResult`.
    pub sobject: &'static str,
    /// The record's id, for `attributes.url` (none for aggregates).
    pub id: Option<String>,
    /// The selected values, in select-list order, keyed by canonical name or alias.
    pub fields: Vec<(String, Value)>,
}

impl ResultRow {
    /// The value under `key`, if selected.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// The select list, resolved.
enum Select {
    Fields(Vec<&'static FieldDef>),
    CountRows,
    Aggregates(Vec<(String, Aggregate, &'static FieldDef)>),
}

/// The right-hand side of a condition, resolved against the field's type.
#[derive(Debug)]
enum Rhs {
    Null,
    Id(String),
    /// Lower-cased, since text compares case-insensitively.
    Text(String),
    Number(f64),
    Bool(bool),
    /// `[lo, hi)` in days (date fields) or milliseconds (date-time fields): a date literal is
    /// a one-day range, `TODAY` and `THIS_QUARTER` are wider ones, a date-time is one unit wide.
    Range(i64, i64),
}

#[derive(Debug)]
struct Filter {
    field: &'static FieldDef,
    op: CmpOp,
    rhs: Rhs,
}

/// Evaluates `query` over `data`.
pub fn execute(query: &Query, data: &Dataset) -> Result<QueryResult, SoqlError> {
    execute_filtered(query, data, |_| true)
}

/// Evaluates `query` over the records of `data` that `keep` lets through (SOSL's text match
/// runs here, before the `WHERE` clause).
pub fn execute_filtered(
    query: &Query,
    data: &Dataset,
    keep: impl Fn(&Record) -> bool,
) -> Result<QueryResult, SoqlError> {
    let object =
        schema::object(&query.from).ok_or_else(|| SoqlError::InvalidType(query.from.clone()))?;
    let scope = Scope {
        object,
        multi_currency: data.is_multi_currency(),
    };
    let select = bind_select(scope, &query.select)?;
    let filters = query
        .conditions
        .iter()
        .map(|c| bind_condition(scope, c, data.today()))
        .collect::<Result<Vec<_>, _>>()?;
    let order = bind_order(scope, &query.order_by, &select)?;
    let limit = query
        .limit
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));

    let mut rows: Vec<&Record> = data
        .rows(object)
        .iter()
        .filter(|r| keep(r) && filters.iter().all(|f| f.matches(r)))
        .collect();

    Ok(match select {
        Select::CountRows => QueryResult {
            total_size: rows.len().min(limit),
            rows: Vec::new(),
        },
        Select::Aggregates(aggregates) => {
            let row = ResultRow {
                sobject: "AggregateResult",
                id: None,
                fields: aggregates
                    .into_iter()
                    .map(|(key, function, field)| (key, aggregate(&function, field, &rows, data)))
                    .collect(),
            };
            let rows: Vec<ResultRow> = std::iter::once(row).take(limit).collect();
            QueryResult {
                total_size: rows.len(),
                rows,
            }
        }
        Select::Fields(fields) => {
            // A stable sort, so ties keep the seed's order and replies are deterministic.
            rows.sort_by(|a, b| compare_records(a, b, &order));
            rows.truncate(limit);
            let rows: Vec<ResultRow> = rows
                .into_iter()
                .map(|record| ResultRow {
                    sobject: object.name,
                    id: record.id().map(str::to_owned),
                    fields: fields
                        .iter()
                        .map(|f| (f.name.to_owned(), record.get(f.name).clone()))
                        .collect(),
                })
                .collect();
            QueryResult {
                total_size: rows.len(),
                rows,
            }
        }
    })
}

/// The object a query names, and whether its org is multi-currency (which decides whether
/// `CurrencyIsoCode` exists).
#[derive(Clone, Copy)]
struct Scope {
    object: &'static ObjectDef,
    multi_currency: bool,
}

fn field(scope: Scope, name: &str) -> Result<&'static FieldDef, SoqlError> {
    scope
        .object
        .field(name)
        .filter(|def| scope.multi_currency || def.name != schema::CURRENCY_ISO_CODE)
        .ok_or_else(|| SoqlError::InvalidField {
            object: scope.object.name,
            field: name.to_owned(),
        })
}

/// The field `name` of `object` as the org sees it: `None` for a field the object lacks, and for
/// `CurrencyIsoCode` in a single-currency org.
pub fn org_field(
    object: &'static ObjectDef,
    name: &str,
    data: &Dataset,
) -> Option<&'static FieldDef> {
    field(
        Scope {
            object,
            multi_currency: data.is_multi_currency(),
        },
        name,
    )
    .ok()
}

fn bind_select(scope: Scope, items: &[SelectItem]) -> Result<Select, SoqlError> {
    if items.contains(&SelectItem::CountRows) {
        return if items.len() == 1 {
            Ok(Select::CountRows)
        } else {
            Err(SoqlError::Malformed(
                "COUNT() must be the only element in the SELECT list".into(),
            ))
        };
    }
    let mut fields: Vec<&'static FieldDef> = Vec::new();
    let mut aggregates: Vec<(String, Aggregate, &'static FieldDef)> = Vec::new();
    let mut unnamed = 0;
    for item in items {
        match item {
            SelectItem::Field(name) => {
                let def = field(scope, name)?;
                if fields.iter().any(|f| std::ptr::eq(*f, def)) {
                    return Err(SoqlError::Malformed(format!(
                        "duplicate field selected: {}",
                        def.name
                    )));
                }
                fields.push(def);
            }
            SelectItem::Aggregate { function, alias } => {
                let (name, is_sum) = match function {
                    Aggregate::Count(name) => (name, false),
                    Aggregate::Sum(name) => (name, true),
                };
                let def = field(scope, name)?;
                if is_sum && def.ty != FieldType::Number {
                    return Err(SoqlError::Malformed(format!(
                        "field {} does not support aggregate operator SUM",
                        def.name
                    )));
                }
                let key = match alias {
                    Some(alias) => alias.clone(),
                    None => {
                        unnamed += 1;
                        format!("expr{}", unnamed - 1)
                    }
                };
                if aggregates
                    .iter()
                    .any(|(k, _, _)| k.eq_ignore_ascii_case(&key))
                {
                    return Err(SoqlError::Malformed(format!("duplicate alias: {key}")));
                }
                aggregates.push((key, function.clone(), def));
            }
            SelectItem::CountRows => {}
        }
    }
    match (fields.first(), aggregates.is_empty()) {
        (Some(first), false) => Err(SoqlError::Malformed(format!(
            "Field must be grouped or aggregated: {}",
            first.name
        ))),
        (_, false) => Ok(Select::Aggregates(aggregates)),
        _ => Ok(Select::Fields(fields)),
    }
}

fn bind_order(
    scope: Scope,
    keys: &[OrderKey],
    select: &Select,
) -> Result<Vec<(&'static FieldDef, OrderKey)>, SoqlError> {
    keys.iter()
        .map(|key| {
            let def = field(scope, &key.field)?;
            if !matches!(select, Select::Fields(_)) {
                return Err(SoqlError::Malformed(format!(
                    "Ordered field must be grouped or aggregated: {}",
                    def.name
                )));
            }
            Ok((def, key.clone()))
        })
        .collect()
}

fn type_error(field: &FieldDef) -> SoqlError {
    let (kind, quoted) = match field.ty {
        FieldType::Id | FieldType::Text => ("string", "should be enclosed in quotes"),
        FieldType::Number => ("double", "should not be enclosed in quotes"),
        FieldType::Boolean => ("boolean", "should not be enclosed in quotes"),
        FieldType::Date => ("date", "should not be enclosed in quotes"),
        FieldType::DateTime => ("dateTime", "should not be enclosed in quotes"),
    };
    SoqlError::InvalidFilter(format!(
        "value of filter criterion for field '{}' must be of type {kind} and {quoted}",
        field.name
    ))
}

fn day_number(day: Date) -> i64 {
    i64::from(day.to_julian_day())
}

fn millis(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn bind_condition(scope: Scope, condition: &Condition, today: Date) -> Result<Filter, SoqlError> {
    let def = field(scope, &condition.field)?;
    let op = condition.op;
    let rhs = match (&condition.value, def.ty) {
        (Literal::Null, _) => {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(SoqlError::InvalidFilter(format!(
                    "null can only be compared with = or != (field '{}')",
                    def.name
                )));
            }
            Rhs::Null
        }
        (Literal::String(s), FieldType::Id) => {
            if !is_id(s) {
                return Err(SoqlError::InvalidFilter(format!("invalid ID field: {s}")));
            }
            Rhs::Id(id15(s).to_owned())
        }
        (Literal::String(s), FieldType::Text) => Rhs::Text(s.to_lowercase()),
        (Literal::Number(n), FieldType::Number) => Rhs::Number(*n),
        (Literal::Bool(b), FieldType::Boolean) => {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(SoqlError::InvalidFilter(format!(
                    "invalid operator on boolean field '{}'",
                    def.name
                )));
            }
            Rhs::Bool(*b)
        }
        (Literal::Date(d), FieldType::Date) => Rhs::Range(day_number(*d), day_number(*d) + 1),
        (Literal::Today, FieldType::Date) => Rhs::Range(day_number(today), day_number(today) + 1),
        (Literal::ThisQuarter, FieldType::Date) => Rhs::Range(
            day_number(quarter_start(today)),
            day_number(next_quarter_start(today)),
        ),
        (Literal::DateTime(t), FieldType::DateTime) => Rhs::Range(millis(*t), millis(*t) + 1),
        (Literal::Today, FieldType::DateTime) => Rhs::Range(
            millis(midnight(today)),
            millis(midnight(today + Duration::days(1))),
        ),
        (Literal::ThisQuarter, FieldType::DateTime) => Rhs::Range(
            millis(midnight(quarter_start(today))),
            millis(midnight(next_quarter_start(today))),
        ),
        _ => return Err(type_error(def)),
    };
    Ok(Filter {
        field: def,
        op,
        rhs,
    })
}

impl Filter {
    fn matches(&self, record: &Record) -> bool {
        let value = record.get(self.field.name);
        let is_eq = self.op == CmpOp::Eq;
        match (&self.rhs, value) {
            (Rhs::Null, v) => (*v == Value::Null) == is_eq,
            // SOQL counts a null as "not equal" to any value, and as nothing else.
            (_, Value::Null) => self.op == CmpOp::Ne,
            (Rhs::Range(lo, hi), v) => {
                let Some(x) = scalar(v) else { return false };
                match self.op {
                    CmpOp::Eq => *lo <= x && x < *hi,
                    CmpOp::Ne => !(*lo <= x && x < *hi),
                    CmpOp::Lt => x < *lo,
                    CmpOp::Le => x < *hi,
                    CmpOp::Gt => x >= *hi,
                    CmpOp::Ge => x >= *lo,
                }
            }
            (rhs, v) => {
                let ordering = match (rhs, v) {
                    (Rhs::Id(id), Value::Text(s)) => Some(id15(s).cmp(id.as_str())),
                    (Rhs::Text(t), Value::Text(s)) => Some(s.to_lowercase().cmp(t)),
                    (Rhs::Number(n), Value::Number(x)) => x.partial_cmp(n),
                    (Rhs::Number(n), Value::Int(x)) => (*x as f64).partial_cmp(n),
                    (Rhs::Bool(b), Value::Bool(x)) => Some(x.cmp(b)),
                    _ => None,
                };
                ordering.is_some_and(|o| holds(self.op, o))
            }
        }
    }
}

/// Whether `op` holds when the field compares to the literal as `ordering`.
fn holds(op: CmpOp, ordering: Ordering) -> bool {
    match op {
        CmpOp::Eq => ordering == Ordering::Equal,
        CmpOp::Ne => ordering != Ordering::Equal,
        CmpOp::Lt => ordering == Ordering::Less,
        CmpOp::Le => ordering != Ordering::Greater,
        CmpOp::Gt => ordering == Ordering::Greater,
        CmpOp::Ge => ordering != Ordering::Less,
    }
}

fn scalar(value: &Value) -> Option<i64> {
    match value {
        Value::Date(d) => Some(day_number(*d)),
        Value::DateTime(t) => Some(millis(*t)),
        _ => None,
    }
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => a
            .to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
        (Value::Int(a), Value::Int(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        (Value::DateTime(a), Value::DateTime(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

fn compare_records(a: &Record, b: &Record, order: &[(&'static FieldDef, OrderKey)]) -> Ordering {
    for (field, key) in order {
        let (va, vb) = (a.get(field.name), b.get(field.name));
        let ordering = match (va == &Value::Null, vb == &Value::Null) {
            (true, true) => Ordering::Equal,
            (true, false) if key.nulls_last => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, true) if key.nulls_last => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) if key.descending => compare_values(vb, va),
            (false, false) => compare_values(va, vb),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

fn aggregate(function: &Aggregate, field: &FieldDef, rows: &[&Record], data: &Dataset) -> Value {
    let values = rows
        .iter()
        .map(|r| (r.get(field.name), r.get(schema::CURRENCY_ISO_CODE)))
        .filter(|(v, _)| **v != Value::Null);
    let is_currency = schema::CURRENCY_FIELDS.contains(&field.name);
    match function {
        Aggregate::Count(_) => Value::Int(i64::try_from(values.count()).unwrap_or(i64::MAX)),
        Aggregate::Sum(_) => {
            let numbers: Vec<f64> = values
                .filter_map(|(v, code)| {
                    let n = match v {
                        Value::Number(n) => *n,
                        Value::Int(i) => *i as f64,
                        _ => return None,
                    };
                    let code = match code {
                        Value::Text(code) if is_currency => Some(code.as_str()),
                        _ => None,
                    };
                    Some(data.to_corporate(n, code))
                })
                .collect();
            if numbers.is_empty() {
                Value::Null
            } else {
                Value::Number(numbers.iter().sum())
            }
        }
    }
}

#[cfg(test)]
mod tests;
