//! The SOQL literal writer, `salesforce::rest::soql::quote`, over any text a slot can carry.
//!
//! Property: the quoted literal reads back as exactly the input minus the control characters
//! SOQL cannot write, through two independent readers: the local stand-in's SOQL lexer, and a
//! small unescaper written here from Salesforce's documented escapes. In a `WHERE` clause the
//! literal is one token, so nothing in the value can become syntax.
#![no_main]

use libfuzzer_sys::fuzz_target;
use local_salesforce::soql::lexer::{tokenize, Token};
use salesforce::rest::soql::quote;

/// What `quote` keeps: everything but the controls SOQL has no escape for.
fn writable(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{8}' | '\u{c}'))
        .collect()
}

/// Reads one literal that must span all of `text`; `None` for anything malformed.
fn unescape(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => return None, // an unescaped quote would end the literal early
            '\\' => out.push(match chars.next()? {
                '\\' => '\\',
                '\'' => '\'',
                '"' => '"',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\u{8}',
                'f' => '\u{c}',
                _ => return None,
            }),
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{8}' | '\u{c}') => {
                return None
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let literal = quote(value);
    let want = writable(value);
    assert_eq!(
        unescape(&literal).as_deref(),
        Some(want.as_str()),
        "{literal:?}"
    );
    // No raw line break or tab: a literal stays on one line of the query.
    assert!(!literal.contains(['\n', '\r', '\t']), "{literal:?}");

    let query = format!("SELECT Id FROM Case WHERE CaseNumber = {literal} LIMIT 1");
    let tokens = tokenize(&query).expect("the stand-in's lexer reads the query");
    let strings: Vec<&Token> = tokens
        .iter()
        .filter(|t| matches!(t, Token::Str(_)))
        .collect();
    assert_eq!(strings, vec![&Token::Str(want)], "{query:?}");
    assert_eq!(tokens.len(), 10, "the value added tokens: {tokens:?}");
});
