//! The sentences every intent may end up saying (their message ids in the catalogues, see
//! [`crate::i18n`]): the link-account request (every answer to an unlinked user but Stop and
//! Cancel), the re-link request, the apologies for Salesforce failures; and small helpers for
//! text that is not a message (a sentence's first letter, digits read one by one inside a
//! message).

use alexa::Ssml;

/// Said, with a LinkAccount card, when there is no usable linked account: no token, or one
/// that is malformed or points at an untrusted instance.
pub const LINK_ACCOUNT: &str = "link-account";
/// Said, with a LinkAccount card, when Salesforce refuses the token.
pub const RELINK: &str = "relink";
/// Said when Salesforce is down, slow or unreachable.
pub const UNAVAILABLE: &str = "unavailable";
/// Said when Salesforce's answer could not be read.
pub const MALFORMED: &str = "malformed";
/// Said when Salesforce refused the request itself.
pub const REFUSED: &str = "refused";
/// Said when the answer is not ready by the overall deadline (Salesforce hangs).
pub const DEADLINE: &str = "deadline";
/// Said by a progressive response while Salesforce is slow.
pub const PROGRESSIVE: &str = "progressive";

/// A character no catalogue and no Salesforce value holds: it marks where, in a formatted
/// message, a value read digit by digit goes (see [`with_digits`]).
pub const DIGITS_MARK: &str = "\u{E000}";

/// `text` (a formatted message with [`DIGITS_MARK`] where `digits` go) as SSML, the digits in
/// `<say-as interpret-as="digits">` and the rest escaped as text.
pub fn with_digits(text: &str, digits: &str) -> Ssml {
    let mut ssml = Ssml::new();
    for (i, part) in text.split(DIGITS_MARK).enumerate() {
        if i > 0 {
            ssml = ssml.say_as("digits", digits);
        }
        if !part.is_empty() {
            ssml = ssml.text(part);
        }
    }
    ssml
}

/// The sentence with its first letter in upper case ("five new leads" -> "Five new leads").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_go_where_the_mark_is() {
        let text = format!("Case {DIGITS_MARK} is <new> & open.");
        assert_eq!(
            with_digits(&text, "1026").to_string(),
            "<speak>Case <say-as interpret-as=\"digits\">1026</say-as> is &lt;new&gt; &amp; open.</speak>"
        );
        assert_eq!(
            with_digits(&format!("{DIGITS_MARK}番"), "7").to_string(),
            "<speak><say-as interpret-as=\"digits\">7</say-as>番</speak>"
        );
    }

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("no open tasks"), "No open tasks");
        assert_eq!(capitalize("élan"), "Élan");
        assert_eq!(capitalize(""), "");
    }
}
