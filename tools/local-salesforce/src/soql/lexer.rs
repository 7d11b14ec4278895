//! Splits SOQL text into tokens. String literals are decoded here, so that whatever a literal
//! contains (quotes, `OR`, parentheses) can never be read as syntax.

use time::{
    format_description::well_known::Rfc3339, macros::format_description, Date, OffsetDateTime,
};

use super::ast::CmpOp;
use super::SoqlError;

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// A name or keyword, as written.
    Ident(String),
    /// A decoded string literal.
    Str(String),
    /// A number literal.
    Number(f64),
    /// A date literal (`YYYY-MM-DD`).
    Date(Date),
    /// A date-time literal.
    DateTime(OffsetDateTime),
    /// A comparison operator.
    Op(CmpOp),
    /// `,`
    Comma,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `.` (relationship paths, which the stand-in does not support).
    Dot,
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Ident(s) => f.write_str(s),
            Token::Str(s) => write!(f, "'{s}'"),
            Token::Number(n) => write!(f, "{n}"),
            Token::Date(d) => write!(f, "{d}"),
            Token::DateTime(t) => write!(f, "{t}"),
            Token::Op(op) => f.write_str(match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            }),
            Token::Comma => f.write_str(","),
            Token::LParen => f.write_str("("),
            Token::RParen => f.write_str(")"),
            Token::Dot => f.write_str("."),
        }
    }
}

/// Tokenizes `input`.
pub fn tokenize(input: &str) -> Result<Vec<Token>, SoqlError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            ',' => push(&mut tokens, &mut i, Token::Comma, 1),
            '(' => push(&mut tokens, &mut i, Token::LParen, 1),
            ')' => push(&mut tokens, &mut i, Token::RParen, 1),
            '.' => push(&mut tokens, &mut i, Token::Dot, 1),
            '=' => push(&mut tokens, &mut i, Token::Op(CmpOp::Eq), 1),
            '!' if chars.get(i + 1) == Some(&'=') => {
                push(&mut tokens, &mut i, Token::Op(CmpOp::Ne), 2)
            }
            '<' if chars.get(i + 1) == Some(&'>') => {
                push(&mut tokens, &mut i, Token::Op(CmpOp::Ne), 2)
            }
            '<' if chars.get(i + 1) == Some(&'=') => {
                push(&mut tokens, &mut i, Token::Op(CmpOp::Le), 2)
            }
            '<' => push(&mut tokens, &mut i, Token::Op(CmpOp::Lt), 1),
            '>' if chars.get(i + 1) == Some(&'=') => {
                push(&mut tokens, &mut i, Token::Op(CmpOp::Ge), 2)
            }
            '>' => push(&mut tokens, &mut i, Token::Op(CmpOp::Gt), 1),
            '\'' => {
                let (text, next) = string_literal(&chars, i + 1)?;
                tokens.push(Token::Str(text));
                i = next;
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let (token, next) = number_or_date(&chars, i)?;
                tokens.push(token);
                i = next;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(SoqlError::Malformed(format!("unexpected token: '{other}'"))),
        }
    }
    Ok(tokens)
}

fn push(tokens: &mut Vec<Token>, i: &mut usize, token: Token, width: usize) {
    tokens.push(token);
    *i += width;
}

/// Reads a string literal whose opening quote is just before `start`; returns the decoded text
/// and the index after the closing quote.
fn string_literal(chars: &[char], start: usize) -> Result<(String, usize), SoqlError> {
    let mut text = String::new();
    let mut i = start;
    loop {
        match chars.get(i) {
            None => return Err(SoqlError::Malformed("unterminated string literal".into())),
            Some('\'') => return Ok((text, i + 1)),
            Some('\\') => {
                let decoded = match chars.get(i + 1) {
                    Some('\'') => '\'',
                    Some('"') => '"',
                    Some('\\') => '\\',
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('t') => '\t',
                    Some('b') => '\u{8}',
                    Some('f') => '\u{c}',
                    Some(other) => {
                        return Err(SoqlError::Malformed(format!(
                            "Invalid string literal: illegal escape sequence \\{other}"
                        )))
                    }
                    None => return Err(SoqlError::Malformed("unterminated string literal".into())),
                };
                text.push(decoded);
                i += 2;
            }
            Some(&c) => {
                text.push(c);
                i += 1;
            }
        }
    }
}

/// Reads a number, a date (`YYYY-MM-DD`) or a date-time (`YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`).
fn number_or_date(chars: &[char], start: usize) -> Result<(Token, usize), SoqlError> {
    let is_date_shape = |at: usize| {
        (0..10).all(|k| match (k, chars.get(at + k)) {
            (4 | 7, Some('-')) => true,
            (4 | 7, _) => false,
            (_, Some(c)) => c.is_ascii_digit(),
            _ => false,
        })
    };
    if is_date_shape(start) {
        let mut end = start + 10;
        if chars.get(end) == Some(&'T') {
            while end < chars.len()
                && (chars[end].is_ascii_alphanumeric()
                    || matches!(chars[end], ':' | '.' | '+' | '-'))
            {
                end += 1;
            }
            let text: String = chars[start..end].iter().collect();
            let parsed = OffsetDateTime::parse(&text, &Rfc3339)
                .map_err(|_| SoqlError::Malformed(format!("line 1: invalid datetime: {text}")))?;
            return Ok((Token::DateTime(parsed), end));
        }
        let text: String = chars[start..end].iter().collect();
        let parsed = Date::parse(&text, format_description!("[year]-[month]-[day]"))
            .map_err(|_| SoqlError::Malformed(format!("line 1: invalid date: {text}")))?;
        return Ok((Token::Date(parsed), end));
    }
    let mut end = start + 1;
    while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
        end += 1;
    }
    let text: String = chars[start..end].iter().collect();
    let number = text
        .parse::<f64>()
        .map_err(|_| SoqlError::Malformed(format!("unexpected token: '{text}'")))?;
    Ok((Token::Number(number), end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn splits_operators_names_and_literals() {
        let tokens = tokenize("Amount>=12000 AND Name<>'x' AND CloseDate<2026-03-31").unwrap();
        assert_eq!(
            tokens,
            vec![
                Token::Ident("Amount".into()),
                Token::Op(CmpOp::Ge),
                Token::Number(12000.0),
                Token::Ident("AND".into()),
                Token::Ident("Name".into()),
                Token::Op(CmpOp::Ne),
                Token::Str("x".into()),
                Token::Ident("AND".into()),
                Token::Ident("CloseDate".into()),
                Token::Op(CmpOp::Lt),
                Token::Date(date!(2026 - 03 - 31)),
            ]
        );
    }

    #[test]
    fn decodes_every_escape_in_string_literals() {
        let tokens = tokenize(r#"'it\'s \\ a \n\t\r \"test\"'"#).unwrap();
        assert_eq!(tokens, vec![Token::Str("it's \\ a \n\t\r \"test\"".into())]);
    }

    #[test]
    fn rejects_unknown_escapes_and_unterminated_strings() {
        assert!(matches!(tokenize(r"'\q'"), Err(SoqlError::Malformed(_))));
        assert!(matches!(tokenize("'open"), Err(SoqlError::Malformed(_))));
        assert!(matches!(
            tokenize(r"'ends in backslash\"),
            Err(SoqlError::Malformed(_))
        ));
    }

    #[test]
    fn reads_datetimes_with_zone_and_negative_numbers() {
        assert_eq!(
            tokenize("2026-01-05T10:00:00Z 2026-01-05T10:00:00.000+02:00 -3.5").unwrap(),
            vec![
                Token::DateTime(datetime!(2026-01-05 10:00:00 UTC)),
                Token::DateTime(datetime!(2026-01-05 08:00:00 UTC)),
                Token::Number(-3.5),
            ]
        );
        assert!(tokenize("2026-13-01").is_err());
    }

    #[test]
    fn rejects_stray_characters() {
        assert!(matches!(
            tokenize("SELECT Name; DROP"),
            Err(SoqlError::Malformed(_))
        ));
    }
}
