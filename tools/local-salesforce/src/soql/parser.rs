//! A small recursive-descent parser for the SOQL subset:
//!
//! ```text
//! query      := SELECT items FROM name [WHERE conditions] [ORDER BY keys] [LIMIT number]
//! items      := item ("," item)*
//! item       := COUNT "(" [name] ")" [alias] | SUM "(" name ")" [alias] | name
//! conditions := term (AND term)*
//! term       := "(" conditions ")" | name op literal
//! keys       := key ("," key)*
//! key        := name [ASC | DESC] [NULLS (FIRST | LAST)]
//! literal    := string | number | TRUE | FALSE | NULL | date | datetime | TODAY | THIS_QUARTER
//! ```
//!
//! Anything else (OR, NOT, subqueries, GROUP BY, relationship paths...) is `MALFORMED_QUERY`,
//! as Salesforce answers a query it cannot parse.

use super::ast::{Aggregate, Condition, Literal, OrderKey, Query, SelectItem};
use super::lexer::{tokenize, Token};
use super::SoqlError;

/// Words that end a select item or cannot be an alias.
const RESERVED: &[&str] = &[
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "ASC", "DESC", "NULLS", "FIRST",
    "LAST", "LIMIT", "OFFSET", "GROUP", "HAVING", "LIKE", "IN", "INCLUDES", "EXCLUDES", "TRUE",
    "FALSE", "NULL", "WITH", "FOR", "USING", "SCOPE", "TYPEOF",
];

/// Parses one SOQL statement.
pub fn parse(input: &str) -> Result<Query, SoqlError> {
    let tokens = tokenize(input)?;
    let mut parser = Parser { tokens, pos: 0 };
    let query = parser.query()?;
    match parser.peek() {
        None => Ok(query),
        Some(token) => Err(unexpected(token)),
    }
}

/// What follows a SOSL search term: `[IN <group> FIELDS] [RETURNING spec ("," spec)*]
/// [LIMIT n]`, each `spec` being `Object [(field, ... [WHERE conditions] [ORDER BY keys]
/// [LIMIT n])]`, read with this parser's `WHERE`, `ORDER BY` and `LIMIT` rules.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchTail {
    /// The field group after `IN` (`NAME`, `ALL`, ...), upper-cased; `ALL` when absent.
    pub group: String,
    /// Each `RETURNING` object as a query over it (`Id` alone when no field list is given);
    /// empty when there is no `RETURNING` clause.
    pub returning: Vec<Query>,
    /// The search's overall `LIMIT`.
    pub limit: Option<u64>,
}

/// The field groups a SOSL `IN` clause may name.
const SEARCH_GROUPS: &[&str] = &["ALL", "NAME", "EMAIL", "PHONE", "SIDEBAR"];

/// Parses what follows a SOSL search term (see [`SearchTail`]).
pub fn parse_search_tail(input: &str) -> Result<SearchTail, SoqlError> {
    let tokens = tokenize(input)?;
    let mut parser = Parser { tokens, pos: 0 };
    let tail = parser.search_tail()?;
    match parser.peek() {
        None => Ok(tail),
        Some(token) => Err(unexpected(token)),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

fn unexpected(token: &Token) -> SoqlError {
    SoqlError::Malformed(format!("unexpected token: '{token}'"))
}

fn end_of_input() -> SoqlError {
    SoqlError::Malformed("unexpected end of query".into())
}

fn is_keyword(token: Option<&Token>, keyword: &str) -> bool {
    matches!(token, Some(Token::Ident(word)) if word.eq_ignore_ascii_case(keyword))
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.pos + offset)
    }

    fn next(&mut self) -> Result<Token, SoqlError> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(end_of_input)?;
        self.pos += 1;
        Ok(token)
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        is_keyword(self.peek(), keyword)
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.at_keyword(keyword);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect_keyword(&mut self, keyword: &str) -> Result<(), SoqlError> {
        if self.eat_keyword(keyword) {
            Ok(())
        } else {
            Err(self.peek().map_or_else(end_of_input, unexpected))
        }
    }

    fn expect(&mut self, wanted: &Token) -> Result<(), SoqlError> {
        match self.next()? {
            ref token if token == wanted => Ok(()),
            token => Err(unexpected(&token)),
        }
    }

    /// A field or object name: an identifier that is not a reserved word, not followed by `.`.
    fn name(&mut self) -> Result<String, SoqlError> {
        match self.next()? {
            Token::Ident(word) if !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&word)) => {
                if let Some(Token::Dot) = self.peek() {
                    return Err(SoqlError::Malformed(format!(
                        "relationship paths are not supported by the local stand-in: {word}."
                    )));
                }
                Ok(word)
            }
            token => Err(unexpected(&token)),
        }
    }

    fn search_tail(&mut self) -> Result<SearchTail, SoqlError> {
        let group = if self.eat_keyword("IN") {
            let group = match self.next()? {
                Token::Ident(word)
                    if SEARCH_GROUPS.iter().any(|g| g.eq_ignore_ascii_case(&word)) =>
                {
                    word.to_ascii_uppercase()
                }
                token => return Err(unexpected(&token)),
            };
            self.expect_keyword("FIELDS")?;
            group
        } else {
            "ALL".to_owned()
        };
        let returning = if self.eat_keyword("RETURNING") {
            self.comma_separated(Self::returning_spec)?
        } else {
            Vec::new()
        };
        let limit = self.optional_limit()?;
        Ok(SearchTail {
            group,
            returning,
            limit,
        })
    }

    fn returning_spec(&mut self) -> Result<Query, SoqlError> {
        let from = self.name()?;
        let mut query = Query {
            select: vec![SelectItem::Field("Id".into())],
            from,
            conditions: Vec::new(),
            order_by: Vec::new(),
            limit: None,
        };
        if self.peek() != Some(&Token::LParen) {
            return Ok(query);
        }
        self.pos += 1;
        query.select = self
            .comma_separated(Self::name)?
            .into_iter()
            .map(SelectItem::Field)
            .collect();
        self.clauses(&mut query)?;
        self.expect(&Token::RParen)?;
        Ok(query)
    }

    fn query(&mut self) -> Result<Query, SoqlError> {
        self.expect_keyword("SELECT")?;
        let select = self.comma_separated(Self::select_item)?;
        self.expect_keyword("FROM")?;
        let mut query = Query {
            select,
            from: self.name()?,
            conditions: Vec::new(),
            order_by: Vec::new(),
            limit: None,
        };
        self.clauses(&mut query)?;
        Ok(query)
    }

    /// `[WHERE ...] [ORDER BY ...] [LIMIT n]`, each into `query` when present.
    fn clauses(&mut self, query: &mut Query) -> Result<(), SoqlError> {
        if self.eat_keyword("WHERE") {
            query.conditions = self.conditions()?;
        }
        if self.eat_keyword("ORDER") {
            self.expect_keyword("BY")?;
            query.order_by = self.comma_separated(Self::order_key)?;
        }
        query.limit = self.optional_limit()?;
        Ok(())
    }

    /// `LIMIT n` when it comes next.
    fn optional_limit(&mut self) -> Result<Option<u64>, SoqlError> {
        if self.eat_keyword("LIMIT") {
            self.limit().map(Some)
        } else {
            Ok(None)
        }
    }

    /// One or more `item`s separated by commas.
    fn comma_separated<T>(
        &mut self,
        item: fn(&mut Self) -> Result<T, SoqlError>,
    ) -> Result<Vec<T>, SoqlError> {
        let mut items = vec![item(self)?];
        while self.peek() == Some(&Token::Comma) {
            self.pos += 1;
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn select_item(&mut self) -> Result<SelectItem, SoqlError> {
        let is_call = self.peek_at(1) == Some(&Token::LParen);
        if is_call && self.at_keyword("COUNT") && self.peek_at(2) == Some(&Token::RParen) {
            self.pos += 3;
            return Ok(SelectItem::CountRows);
        }
        let aggregate: Option<fn(String) -> Aggregate> = if !is_call {
            None
        } else if self.at_keyword("COUNT") {
            Some(Aggregate::Count)
        } else if self.at_keyword("SUM") {
            Some(Aggregate::Sum)
        } else {
            None
        };
        if let Some(function) = aggregate {
            self.pos += 2;
            let field = self.name()?;
            self.expect(&Token::RParen)?;
            let alias = self.alias()?;
            return Ok(SelectItem::Aggregate {
                function: function(field),
                alias,
            });
        }
        if let Some(Token::LParen) = self.peek() {
            return Err(SoqlError::Malformed(
                "subqueries are not supported by the local stand-in".into(),
            ));
        }
        if is_call {
            let function = self.next()?;
            return Err(SoqlError::Malformed(format!(
                "function {function} is not supported by the local stand-in"
            )));
        }
        Ok(SelectItem::Field(self.name()?))
    }

    /// An alias: an identifier right after an aggregate that is not a reserved word.
    fn alias(&mut self) -> Result<Option<String>, SoqlError> {
        match self.peek() {
            Some(Token::Ident(word)) if !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) => {
                self.name().map(Some)
            }
            _ => Ok(None),
        }
    }

    fn conditions(&mut self) -> Result<Vec<Condition>, SoqlError> {
        let mut conditions = self.term()?;
        while self.eat_keyword("AND") {
            conditions.extend(self.term()?);
        }
        Ok(conditions)
    }

    fn term(&mut self) -> Result<Vec<Condition>, SoqlError> {
        if self.peek() == Some(&Token::LParen) {
            self.pos += 1;
            let inner = self.conditions()?;
            self.expect(&Token::RParen)?;
            return Ok(inner);
        }
        let field = self.name()?;
        let op = match self.next()? {
            Token::Op(op) => op,
            token => return Err(unexpected(&token)),
        };
        let value = self.literal()?;
        Ok(vec![Condition { field, op, value }])
    }

    fn literal(&mut self) -> Result<Literal, SoqlError> {
        Ok(match self.next()? {
            Token::Str(text) => Literal::String(text),
            Token::Number(n) => Literal::Number(n),
            Token::Date(d) => Literal::Date(d),
            Token::DateTime(t) => Literal::DateTime(t),
            Token::Ident(word) => match word.to_ascii_uppercase().as_str() {
                "TRUE" => Literal::Bool(true),
                "FALSE" => Literal::Bool(false),
                "NULL" => Literal::Null,
                "TODAY" => Literal::Today,
                "THIS_QUARTER" => Literal::ThisQuarter,
                _ => return Err(unexpected(&Token::Ident(word))),
            },
            token => return Err(unexpected(&token)),
        })
    }

    fn order_key(&mut self) -> Result<OrderKey, SoqlError> {
        let field = self.name()?;
        let descending = if self.eat_keyword("DESC") {
            true
        } else {
            self.eat_keyword("ASC");
            false
        };
        let nulls_last = if self.eat_keyword("NULLS") {
            if self.eat_keyword("LAST") {
                true
            } else {
                self.expect_keyword("FIRST")?;
                false
            }
        } else {
            false
        };
        Ok(OrderKey {
            field,
            descending,
            nulls_last,
        })
    }

    fn limit(&mut self) -> Result<u64, SoqlError> {
        match self.next()? {
            Token::Number(n) if n >= 0.0 && n.fract() == 0.0 && n <= 50_000_000.0 => Ok(n as u64),
            token => Err(unexpected(&token)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::soql::ast::CmpOp;
    use time::macros::date;

    fn cond(field: &str, op: CmpOp, value: Literal) -> Condition {
        Condition {
            field: field.into(),
            op,
            value,
        }
    }

    #[test]
    fn parses_the_pipeline_aggregate_with_aliases() {
        let q = parse(&format!("SELECT COUNT(Id) deals, SUM(Amount) total FROM Opportunity WHERE OwnerId = '{}' AND IsClosed = false", demo::USER_ID)).unwrap();
        assert_eq!(
            q.select,
            vec![
                SelectItem::Aggregate {
                    function: Aggregate::Count("Id".into()),
                    alias: Some("deals".into())
                },
                SelectItem::Aggregate {
                    function: Aggregate::Sum("Amount".into()),
                    alias: Some("total".into())
                },
            ]
        );
        assert_eq!(q.from, "Opportunity");
        assert_eq!(
            q.conditions,
            vec![
                cond("OwnerId", CmpOp::Eq, Literal::String(demo::USER_ID.into())),
                cond("IsClosed", CmpOp::Eq, Literal::Bool(false)),
            ]
        );
        assert!(q.order_by.is_empty());
        assert_eq!(q.limit, None);
    }

    #[test]
    fn parses_order_by_with_nulls_and_limit_case_insensitively() {
        let q = parse("select Name from Task where ActivityDate <= today order by ActivityDate desc nulls last, Subject limit 10").unwrap();
        assert_eq!(
            q.conditions,
            vec![cond("ActivityDate", CmpOp::Le, Literal::Today)]
        );
        assert_eq!(
            q.order_by,
            vec![
                OrderKey {
                    field: "ActivityDate".into(),
                    descending: true,
                    nulls_last: true
                },
                OrderKey {
                    field: "Subject".into(),
                    descending: false,
                    nulls_last: false
                },
            ]
        );
        assert_eq!(q.limit, Some(10));
    }

    #[test]
    fn flattens_parenthesised_conjunctions() {
        let q = parse("SELECT Id FROM Case WHERE (Status != 'Closed' AND (Priority = 'High')) AND CreatedDate >= THIS_QUARTER").unwrap();
        assert_eq!(q.conditions.len(), 3);
        assert_eq!(
            q.conditions[2],
            cond("CreatedDate", CmpOp::Ge, Literal::ThisQuarter)
        );
    }

    #[test]
    fn reads_every_literal_kind() {
        let q = parse("SELECT Id FROM Opportunity WHERE Amount > 12000.5 AND Name != null AND IsWon = TRUE AND CloseDate < 2026-12-31 AND Name = 'x'").unwrap();
        let values: Vec<_> = q.conditions.into_iter().map(|c| c.value).collect();
        assert_eq!(
            values,
            vec![
                Literal::Number(12000.5),
                Literal::Null,
                Literal::Bool(true),
                Literal::Date(date!(2026 - 12 - 31)),
                Literal::String("x".into()),
            ]
        );
    }

    #[test]
    fn an_escaped_injection_stays_inside_its_literal() {
        let q = parse(r"SELECT Name FROM Opportunity WHERE Name = 'x\' OR Name != \'y' LIMIT 1")
            .unwrap();
        assert_eq!(
            q.conditions,
            vec![cond(
                "Name",
                CmpOp::Eq,
                Literal::String("x' OR Name != 'y".into())
            )]
        );
        assert_eq!(q.limit, Some(1));
    }

    #[test]
    fn an_unescaped_injection_is_malformed() {
        let err =
            parse("SELECT Name FROM Opportunity WHERE Name = 'x' OR Name != 'y'").unwrap_err();
        assert_eq!(err, SoqlError::Malformed("unexpected token: 'OR'".into()));
    }

    #[test]
    fn count_rows_and_count_without_alias() {
        let q = parse("SELECT COUNT() FROM Lead").unwrap();
        assert_eq!(q.select, vec![SelectItem::CountRows]);
        let q = parse("SELECT COUNT(Id) FROM Lead").unwrap();
        assert_eq!(
            q.select,
            vec![SelectItem::Aggregate {
                function: Aggregate::Count("Id".into()),
                alias: None
            }]
        );
    }

    #[test]
    fn rejects_what_the_subset_leaves_out() {
        for soql in [
            "",
            "SELECT",
            "SELECT Name",
            "SELECT Name FROM",
            "SELECT Name, FROM Lead",
            "SELECT Name FROM Lead WHERE",
            "SELECT Name FROM Lead WHERE Name",
            "SELECT Name FROM Lead WHERE Name =",
            "SELECT Name FROM Lead WHERE NOT Name = 'x'",
            "SELECT Name FROM Lead WHERE (Name = 'x'",
            "SELECT Name FROM Lead WHERE Name LIKE 'x%'",
            "SELECT Name FROM Lead WHERE Name IN ('x')",
            "SELECT Name FROM Lead GROUP BY Name",
            "SELECT Name FROM Lead LIMIT -1",
            "SELECT Name FROM Lead LIMIT 1.5",
            "SELECT Name FROM Lead LIMIT 5 OFFSET 5",
            "SELECT Name FROM Lead ORDER BY",
            "SELECT Name FROM Lead ORDER BY Name NULLS",
            "SELECT Owner.Name FROM Lead",
            "SELECT Name, (SELECT Id FROM Tasks) FROM Lead",
            "SELECT MAX(Amount) FROM Opportunity",
            "SELECT Name n FROM Lead",
            "SELECT Name FROM Lead WHERE CreatedDate = YESTERDAY",
            "DELETE FROM Lead",
        ] {
            assert!(
                matches!(parse(soql), Err(SoqlError::Malformed(_))),
                "{soql:?} should be malformed"
            );
        }
    }
}
