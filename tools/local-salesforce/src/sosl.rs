//! The SOSL subset the stand-in understands, free of I/O:
//!
//! ```text
//! FIND {term} [IN (NAME | ALL | EMAIL | PHONE | SIDEBAR) FIELDS]
//!   [RETURNING Object[(field, ... [WHERE ...] [ORDER BY ...] [LIMIT n])], ...] [LIMIT n]
//! ```
//!
//! Everything after the term is read by the SOQL parser ([`parse_search_tail`]), so `WHERE`,
//! `ORDER BY` and `LIMIT` inside `RETURNING` mean what they mean in a query and are evaluated
//! by the same evaluator (unknown fields are `INVALID_FIELD`, `CurrencyIsoCode` only exists in
//! a multi-currency org, ...).
//!
//! # The term
//!
//! - A backslash makes the next reserved character (`? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -`)
//!   literal; a backslash before anything else, or at the end, is `MALFORMED_SEARCH`.
//! - Unescaped, `"` delimits a phrase (`"and"` searches the word *and*), `*` and `?` are
//!   wildcards (any run of characters, one character); every other reserved character
//!   unescaped is `MALFORMED_SEARCH`, as are an unclosed phrase or brace.
//! - Words are matched as Salesforce's search index roughly does: a name is split into words
//!   at every character that is not a letter or digit, case-insensitively; every word (or
//!   phrase) of the term must appear in the name, a phrase's words consecutively. A term word
//!   holding punctuation (`x\-ray`) is a phrase of its parts (`x ray`).
//! - Unquoted `AND` between words is the default and ignored; unquoted `OR` and `NOT` are
//!   outside the subset (`MALFORMED_SEARCH`).
//! - A term with fewer than two letters or digits is `MALFORMED_SEARCH`, as Salesforce refuses
//!   one-character searches.
//!
//! `IN NAME FIELDS` matches each object's name field (`Name`; `Subject` for Task and Case);
//! `IN ALL FIELDS` (the default) every text field.

use crate::data::schema::{self, FieldType, ObjectDef};
use crate::data::{Dataset, Record, Value};
use crate::soql::ast::Query;
use crate::soql::parser::parse_search_tail;
use crate::soql::{execute_filtered, ResultRow, SoqlError};

/// The characters SOSL reserves inside `FIND {...}`.
pub const RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];

/// Why a search was refused; each maps to the `errorCode` Salesforce uses for it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SoslError {
    /// Syntax the subset does not have: `MALFORMED_SEARCH`.
    #[error("{0}")]
    Malformed(String),
    /// An object that cannot be searched: `INVALID_TYPE`.
    #[error("entity type {0} does not support search")]
    NotSearchable(&'static str),
    /// An error of a `RETURNING` part, as a query would get it (its syntax errors are
    /// `MALFORMED_SEARCH`).
    #[error(transparent)]
    Query(#[from] SoqlError),
}

impl SoslError {
    /// The `errorCode` of Salesforce's reply.
    pub fn error_code(&self) -> &'static str {
        match self {
            SoslError::Malformed(_) | SoslError::Query(SoqlError::Malformed(_)) => {
                "MALFORMED_SEARCH"
            }
            SoslError::NotSearchable(_) => "INVALID_TYPE",
            SoslError::Query(e) => e.error_code(),
        }
    }
}

/// One character of a term word: literal (lower-cased) or a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Char(char),
    /// `*`: any run of characters, possibly empty.
    Any,
    /// `?`: exactly one character.
    One,
}

/// A word of the index, as a pattern.
type Pattern = Vec<Piece>;

/// A parsed search term: phrases, each a run of word patterns that must appear consecutively
/// in a name; every phrase must appear.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    phrases: Vec<Vec<Pattern>>,
}

/// A parsed search.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// The term.
    pub term: Term,
    /// `NAME`, `ALL`, ...
    pub group: String,
    /// One query per `RETURNING` object.
    pub returning: Vec<Query>,
    /// The overall `LIMIT`.
    pub limit: Option<u64>,
}

/// Parses a SOSL search.
pub fn parse(input: &str) -> Result<Search, SoslError> {
    let rest = input.trim_start();
    let keyword = rest.get(..4).filter(|k| k.eq_ignore_ascii_case("FIND"));
    let Some(rest) = keyword.and_then(|_| rest.get(4..)) else {
        return Err(SoslError::Malformed(
            "unexpected token: the search must start with FIND".into(),
        ));
    };
    let rest = rest.trim_start();
    let Some(inner) = rest.strip_prefix('{') else {
        return Err(SoslError::Malformed(
            "the search term must be enclosed in braces: FIND {term}".into(),
        ));
    };
    let (term, after) = parse_term(inner)?;
    let tail = parse_search_tail(after)?;
    Ok(Search {
        term,
        group: tail.group,
        returning: tail.returning,
        limit: tail.limit,
    })
}

/// One unit of the term as written: a word or a quoted phrase, as pieces (`None`: a word
/// separator inside the unit, i.e. punctuation).
struct Unit {
    pieces: Vec<Option<Piece>>,
    quoted: bool,
    text: String,
}

/// Reads the term up to its closing brace; returns it and the text after the brace.
fn parse_term(inner: &str) -> Result<(Term, &str), SoslError> {
    let mut units: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    let mut in_quotes = false;
    let mut chars = inner.char_indices();
    let end = loop {
        let Some((i, c)) = chars.next() else {
            return Err(SoslError::Malformed(
                "the search term has no closing brace".into(),
            ));
        };
        let unit = current.get_or_insert_with(|| Unit {
            pieces: Vec::new(),
            quoted: in_quotes,
            text: String::new(),
        });
        match c {
            '\\' => match chars.next() {
                Some((_, next)) if RESERVED.contains(&next) => {
                    unit.text.push(next);
                    unit.pieces.push(literal(next));
                }
                Some((_, next)) => {
                    return Err(SoslError::Malformed(format!(
                        "Invalid escape sequence in the search term: \\{next}"
                    )))
                }
                None => {
                    return Err(SoslError::Malformed(
                        "the search term ends in a backslash".into(),
                    ))
                }
            },
            '}' if !in_quotes => break i,
            '"' => {
                in_quotes = !in_quotes;
                if let Some(done) = current.take() {
                    if !done.pieces.is_empty() {
                        units.push(done);
                    }
                }
            }
            '*' => {
                unit.text.push(c);
                unit.pieces.push(Some(Piece::Any));
            }
            '?' => {
                unit.text.push(c);
                unit.pieces.push(Some(Piece::One));
            }
            c if RESERVED.contains(&c) => {
                return Err(SoslError::Malformed(format!(
                "unexpected token: '{c}' (reserved in a search term: escape it with a backslash)"
            )))
            }
            c if c.is_whitespace() && !in_quotes => {
                if let Some(done) = current.take() {
                    if !done.pieces.is_empty() {
                        units.push(done);
                    }
                }
            }
            c => {
                unit.text.push(c);
                unit.pieces.push(literal(c));
            }
        }
    };
    if let Some(done) = current.take() {
        if !done.pieces.is_empty() {
            units.push(done);
        }
    }
    let mut phrases = Vec::new();
    for unit in &units {
        if !unit.quoted {
            match unit.text.to_ascii_uppercase().as_str() {
                "AND" => continue,
                "OR" | "NOT" | "AND NOT" => {
                    return Err(SoslError::Malformed(format!(
                        "the operator {} is not supported by the local stand-in (quote it to search the word)",
                        unit.text
                    )))
                }
                _ => {}
            }
        }
        let words = split_words(&unit.pieces);
        if !words.is_empty() {
            phrases.push(words);
        }
    }
    let alphanumerics = units
        .iter()
        .flat_map(|u| u.text.chars())
        .filter(|c| c.is_alphanumeric())
        .count();
    if alphanumerics < 2 {
        return Err(SoslError::Malformed(
            "search term must be longer than one character".into(),
        ));
    }
    let after = inner.get(end + 1..).unwrap_or_default();
    Ok((Term { phrases }, after))
}

/// A literal character as a piece: letters and digits lower-cased, anything else a separator.
fn literal(c: char) -> Option<Piece> {
    if c.is_alphanumeric() {
        c.to_lowercase().next().map(Piece::Char)
    } else {
        None
    }
}

/// Splits pieces into word patterns at separators.
fn split_words(pieces: &[Option<Piece>]) -> Vec<Pattern> {
    pieces
        .split(Option::is_none)
        .filter(|w| !w.is_empty())
        .map(|w| w.iter().flatten().copied().collect())
        .collect()
}

/// The words of a text as the index holds them: runs of letters and digits, lower-cased.
fn index_words(text: &str) -> Vec<Vec<char>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect()
}

/// Whether `pattern` matches the whole of `word`.
fn glob(pattern: &[Piece], word: &[char]) -> bool {
    match pattern.split_first() {
        None => word.is_empty(),
        Some((Piece::Any, rest)) => (0..=word.len()).any(|skip| glob(rest, &word[skip..])),
        Some((Piece::One, rest)) => !word.is_empty() && glob(rest, &word[1..]),
        Some((Piece::Char(c), rest)) => word.first() == Some(c) && glob(rest, &word[1..]),
    }
}

impl Term {
    /// Whether every phrase of the term appears in `text`.
    pub fn matches(&self, text: &str) -> bool {
        let words = index_words(text);
        self.phrases.iter().all(|phrase| {
            words.len() >= phrase.len()
                && words.windows(phrase.len()).any(|window| {
                    window
                        .iter()
                        .zip(phrase)
                        .all(|(word, pattern)| glob(pattern, word))
                })
        })
    }
}

/// The fields `IN NAME FIELDS` searches on `object`; `None` for an object search does not
/// cover.
fn name_fields(object: &ObjectDef) -> Option<&'static [&'static str]> {
    match object.name {
        "Account" | "Opportunity" | "Lead" | "User" => Some(&["Name"]),
        "Task" => Some(&["Subject"]),
        "Case" => Some(&["Subject", "CaseNumber"]),
        _ => None,
    }
}

/// Whether `record` of `object` matches `term` in the field `group`.
fn record_matches(term: &Term, object: &ObjectDef, group: &str, record: &Record) -> bool {
    let text_of = |field: &str| match record.get(field) {
        Value::Text(text) => Some(text.clone()),
        _ => None,
    };
    let texts: Vec<String> = if group == "NAME" {
        name_fields(object)
            .unwrap_or_default()
            .iter()
            .filter_map(|f| text_of(f))
            .collect()
    } else {
        object
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Text)
            .filter_map(|f| text_of(f.name))
            .collect()
    };
    term.matches(&texts.join(" "))
}

/// Runs `search` over `data`: each `RETURNING` object's matching records, in `RETURNING`
/// order, at most `LIMIT` in all. Without `RETURNING`, the searchable objects' ids.
pub fn execute(search: &Search, data: &Dataset) -> Result<Vec<ResultRow>, SoslError> {
    let default_queries;
    let queries: &[Query] = if search.returning.is_empty() {
        default_queries = ["Account", "Opportunity", "Lead"]
            .map(|object| Query {
                select: vec![crate::soql::ast::SelectItem::Field("Id".into())],
                from: object.into(),
                conditions: Vec::new(),
                order_by: Vec::new(),
                limit: None,
            })
            .to_vec();
        &default_queries
    } else {
        &search.returning
    };
    let mut rows = Vec::new();
    for query in queries {
        let object = schema::object(&query.from)
            .ok_or_else(|| SoqlError::InvalidType(query.from.clone()))?;
        if name_fields(object).is_none() {
            return Err(SoslError::NotSearchable(object.name));
        }
        let result = execute_filtered(query, data, |record| {
            record_matches(&search.term, object, &search.group, record)
        })?;
        rows.extend(result.rows);
    }
    if let Some(limit) = search.limit {
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    Ok(rows)
}

/// Parses and runs `sosl` over `data`.
pub fn run(sosl: &str, data: &Dataset) -> Result<Vec<ResultRow>, SoslError> {
    execute(&parse(sosl)?, data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seed::{seed, seed_org};
    use crate::demo;
    use crate::org::Org;
    use time::macros::date;

    fn names(rows: &[ResultRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r.get("Name") {
                Some(Value::Text(name)) => format!("{}:{name}", r.sobject),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    fn find(term: &str) -> Vec<String> {
        let data = seed(date!(2026 - 02 - 14));
        let sosl = format!("FIND {{{term}}} IN NAME FIELDS RETURNING Opportunity(Id, Name ORDER BY Name), Account(Id, Name ORDER BY Name)");
        match run(&sosl, &data) {
            Ok(rows) => names(&rows),
            Err(e) => panic!("{sosl}: {e}"),
        }
    }

    fn code(sosl: &str) -> &'static str {
        let data = seed(date!(2026 - 02 - 14));
        match run(sosl, &data) {
            Ok(rows) => panic!("{sosl} should fail, got {rows:?}"),
            Err(e) => e.error_code(),
        }
    }

    #[test]
    fn every_word_must_appear_in_the_name() {
        assert_eq!(
            find("acme"),
            ["Opportunity:Acme Corp - 500 Widgets", "Account:Acme Corp"]
        );
        assert_eq!(
            find("ACME widgets"),
            ["Opportunity:Acme Corp - 500 Widgets"]
        );
        assert_eq!(
            find("acme AND widgets"),
            ["Opportunity:Acme Corp - 500 Widgets"]
        );
        assert!(find("acme gadgets").is_empty());
        assert!(find("acm").is_empty(), "whole words only");
        assert_eq!(find("acm*"), find("acme"));
        assert_eq!(
            find("ho?li"),
            ["Opportunity:Hooli - 200 Seats", "Account:Hooli"]
        );
    }

    #[test]
    fn escaped_reserved_characters_are_literal_and_split_words() {
        // `Acme Corp - 500 Widgets`: the escaped hyphen is punctuation, as in the name.
        assert_eq!(
            find(r"corp \- 500"),
            ["Opportunity:Acme Corp - 500 Widgets"]
        );
        assert_eq!(
            find(r"Initech\:"),
            ["Opportunity:Initech - Support Upgrade", "Account:Initech"]
        );
        assert!(find(r#"x\} RETURNING User\(Id"#).is_empty());
        assert!(find(r"O\'Brien \& Sons").is_empty());
    }

    #[test]
    fn quoted_operator_words_are_searched_as_words() {
        let data = seed_org(Org::Production, date!(2026 - 02 - 14));
        let rows = run(
            r#"FIND {"and" Widgets} IN NAME FIELDS RETURNING Opportunity(Id, Name)"#,
            &data,
        )
        .unwrap();
        assert!(rows.is_empty(), "no seeded name holds the word 'and'");
        let rows = run(
            r#"FIND {"acme corp"} IN NAME FIELDS RETURNING Account(Name)"#,
            &data,
        )
        .unwrap();
        assert_eq!(names(&rows), ["Account:Acme Corp"]);
        let rows = run(
            r#"FIND {"corp acme"} IN NAME FIELDS RETURNING Account(Name)"#,
            &data,
        )
        .unwrap();
        assert!(rows.is_empty(), "a phrase keeps its order");
    }

    #[test]
    fn the_where_order_and_limit_of_returning_apply() {
        let data = seed(date!(2026 - 02 - 14));
        let sosl = format!(
            "FIND {{Acme OR}} IN NAME FIELDS RETURNING Opportunity(Id WHERE OwnerId = '{}')",
            demo::USER_ID
        );
        assert_eq!(
            run(&sosl, &data).unwrap_err().error_code(),
            "MALFORMED_SEARCH"
        );
        let mine = format!("FIND {{Globex}} IN NAME FIELDS RETURNING Opportunity(Id, Name WHERE OwnerId = '{}' ORDER BY Name LIMIT 6), Account(Id, Name WHERE OwnerId = '{}' ORDER BY Name LIMIT 6)", demo::USER_ID, demo::USER_ID);
        assert_eq!(
            names(&run(&mine, &data).unwrap()),
            ["Opportunity:Globex - Platform Renewal", "Account:Globex"]
        );
        let theirs = mine.replace(demo::USER_ID, crate::data::seed::JORDAN_LEE_ID);
        assert!(run(&theirs, &data).unwrap().is_empty());
        let limited = run(
            "FIND {Corp} IN NAME FIELDS RETURNING Opportunity(Name ORDER BY Name DESC LIMIT 1)",
            &data,
        )
        .unwrap();
        assert_eq!(
            names(&limited),
            ["Opportunity:Tyrell Corp - Data Migration"]
        );
        let overall = run(
            "FIND {Corp} RETURNING Opportunity(Name), Account(Name) LIMIT 2",
            &data,
        )
        .unwrap();
        assert_eq!(overall.len(), 2);
    }

    #[test]
    fn malformed_searches_are_refused_like_salesforce() {
        for sosl in [
            "",
            "SEARCH {acme}",
            "FIND acme",
            "FIND {acme",
            "FIND {acme} IN NAME",
            "FIND {acme} IN BODY FIELDS",
            "FIND {acme} RETURNING",
            "FIND {acme} RETURNING Opportunity(",
            "FIND {acme} RETURNING Opportunity(Id WHERE)",
            "FIND {a}",
            "FIND {*}",
            r"FIND {acme\}",
            r"FIND {ac\me}",
            "FIND {O'Brien}",
            "FIND {acme & sons}",
            "FIND {x-ray}",
            "FIND {(acme)}",
            r#"FIND {"acme} RETURNING Account"#,
            "FIND {acme NOT widgets}",
        ] {
            assert_eq!(code(sosl), "MALFORMED_SEARCH", "{sosl:?}");
        }
        assert_eq!(
            code("FIND {acme} RETURNING Opportunity(Id, Nope)"),
            "INVALID_FIELD"
        );
        assert_eq!(code("FIND {acme} RETURNING Widget__c(Id)"), "INVALID_TYPE");
        assert_eq!(
            code("FIND {acme} RETURNING Organization(Id)"),
            "INVALID_TYPE"
        );
        assert_eq!(
            code("FIND {acme} RETURNING Opportunity(Id, CurrencyIsoCode)"),
            "INVALID_FIELD"
        );
    }

    #[test]
    fn names_match_across_scripts_and_currency_exists_where_the_org_has_it() {
        let eur = seed_org(Org::Eur, date!(2026 - 02 - 14));
        let rows = run(
            "FIND {MÜLLER} IN NAME FIELDS RETURNING Opportunity(Id, Name)",
            &eur,
        )
        .unwrap();
        assert_eq!(
            names(&rows),
            ["Opportunity:Müller Maschinenbau - Wartungsvertrag"]
        );
        let multi = seed_org(Org::MultiCurrency, date!(2026 - 02 - 14));
        let rows = run(
            "FIND {Lyon} IN NAME FIELDS RETURNING Opportunity(Id, Name, CurrencyIsoCode)",
            &multi,
        )
        .unwrap();
        assert_eq!(rows[0].get("CurrencyIsoCode"), Some(&Value::text("EUR")));
    }
}
