//! Building SOQL safely: every value from outside reaches a query only through [`quote`].
//!
//! SOQL has no bind parameters over REST, so a string literal is the only way to put a value
//! into a `WHERE` clause. Salesforce's escape rules for string literals: `\\` backslash,
//! `\'` single quote, `\"` double quote, `\n` newline, `\r` carriage return, `\t` tab,
//! `\b` bell (U+0008), `\f` form feed; a backslash before any other character is a syntax error.

/// Writes `value` as a SOQL string literal: escaped per SOQL's rules and wrapped in single quotes.
///
/// Control characters SOQL has no escape for (NUL, U+001B, ...) are dropped: they cannot be
/// written in a literal, and no Salesforce text a person speaks contains them. Everything else,
/// including non-ASCII text, is kept as is.
///
/// ```
/// use salesforce::rest::soql::quote;
/// assert_eq!(quote("O'Brien"), r"'O\'Brien'");
/// assert_eq!(quote(r"1' OR Name != '"), r"'1\' OR Name != \''");
/// ```
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\'' => out.push_str(r"\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '\u{8}' => out.push_str(r"\b"),
            '\u{c}' => out.push_str(r"\f"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader for one SOQL string literal at the start of `text`, as Salesforce's parser
    /// reads it: returns the value and the rest of the text after the closing quote.
    fn read_literal(text: &str) -> Option<(String, &str)> {
        let mut chars = text.char_indices();
        if chars.next()?.1 != '\'' {
            return None;
        }
        let mut value = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => return Some((value, &text[i + 1..])),
                '\\' => value.push(match chars.next()?.1 {
                    '\\' => '\\',
                    '\'' => '\'',
                    '"' => '"',
                    'n' | 'N' => '\n',
                    'r' | 'R' => '\r',
                    't' | 'T' => '\t',
                    'b' | 'B' => '\u{8}',
                    'f' | 'F' => '\u{c}',
                    _ => return None,
                }),
                c => value.push(c),
            }
        }
        None
    }

    #[test]
    fn escapes_quotes_backslashes_and_whitespace_controls() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote("Acme"), "'Acme'");
        assert_eq!(quote(r"C:\temp"), r"'C:\\temp'");
        assert_eq!(quote("say \"hi\""), r#"'say \"hi\"'"#);
        assert_eq!(quote("a\nb\rc\td"), r"'a\nb\rc\td'");
        assert_eq!(quote("bell\u{8}feed\u{c}"), r"'bell\bfeed\f'");
        assert_eq!(quote("nul\0esc\u{1b}"), "'nulesc'");
        assert_eq!(quote("Café 東京"), "'Café 東京'");
    }

    #[test]
    fn injection_attempts_stay_inside_the_literal() {
        for attack in [
            "1' OR Name != '",
            "x' OR IsClosed = true OR Name = 'y",
            r"\' OR Id != null OR Name = '",
            r"\\' OR Id != null --",
            "' LIMIT 1) OR (Id != null",
        ] {
            let soql = format!(
                "SELECT Id FROM Case WHERE CaseNumber = {} LIMIT 1",
                quote(attack)
            );
            let literal = soql
                .strip_prefix("SELECT Id FROM Case WHERE CaseNumber = ")
                .unwrap();
            let (value, rest) = read_literal(literal).unwrap();
            assert_eq!(value, attack);
            assert_eq!(rest, " LIMIT 1");
        }
    }

    proptest! {
        #[test]
        fn any_string_reads_back_as_itself_minus_unwritable_controls(value in any::<String>()) {
            let quoted = quote(&value);
            let (read, rest) = read_literal(&quoted).expect("a well-formed literal");
            prop_assert_eq!(rest, "");
            let expected: String = value
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{8}' | '\u{c}'))
                .collect();
            prop_assert_eq!(read, expected);
        }

        #[test]
        fn quoted_text_has_no_raw_line_breaks_or_lone_quotes(value in "[a-z'\\\\\"\n\r\t ]{0,40}") {
            let quoted = quote(&value);
            let inner = &quoted[1..quoted.len() - 1];
            prop_assert!(!inner.contains('\n') && !inner.contains('\r') && !inner.contains('\t'));
            // Every quote inside is preceded by an odd run of backslashes.
            let bytes = inner.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\'' {
                    let run = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                    prop_assert!(run % 2 == 1, "unescaped quote in {}", quoted);
                }
            }
        }
    }
}
