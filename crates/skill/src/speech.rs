//! What the skill says that is not one intent's own answer, and numbers, amounts and lists as a
//! person says them. Pure functions and constants: the text is plain (the response builder
//! escapes it for SSML).
//!
//! The sentences every intent may end up saying live here, once: the link-account request
//! (every answer to an unlinked user but Stop and Cancel), the re-link request, the apologies
//! for Salesforce failures.

/// Said, with a LinkAccount card, when there is no usable linked account: no token, or one
/// that is malformed or points at an untrusted instance. Every answer to such a user is this
/// one, except Stop and Cancel (goodbye) and the empty answers.
pub const LINK_ACCOUNT_SPEECH: &str =
    "To use Sales Assistant, please link your Salesforce account. I've sent a card to the Alexa app to help you.";
/// Said, with a LinkAccount card, when Salesforce refuses the token.
pub const RELINK_SPEECH: &str =
    "Your Salesforce session has expired. Please link your Salesforce account again. I've sent a card to the Alexa app.";
/// Said when Salesforce is down, slow or unreachable.
pub const UNAVAILABLE_SPEECH: &str =
    "Sorry, I couldn't reach Salesforce just now. Please try again in a moment.";
/// Said when Salesforce's answer could not be read.
pub const MALFORMED_SPEECH: &str =
    "Sorry, Salesforce sent an answer I couldn't understand. Please try again later.";
/// Said when Salesforce refused the request itself.
pub const REFUSED_SPEECH: &str =
    "Sorry, Salesforce couldn't do that for you. Your administrator can find the details in the skill's logs.";

/// Said when the answer is not ready by the overall deadline (Salesforce hangs).
pub const DEADLINE_SPEECH: &str =
    "Sorry, Salesforce is taking too long to answer. If you asked for a change, please check it in Salesforce before trying again.";

/// Small numbers as words, so Alexa says "one open opportunity" rather than reading a digit in
/// an odd voice; larger ones as digits, which Alexa reads as a cardinal number.
const WORDS: [&str; 21] = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// A count for speech: `no`, `one` ... `twenty`, then digits.
pub fn number(n: u64) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |word| (*word).to_owned())
}

/// A count with its noun, the noun agreeing with the count: "no open opportunities", "one open
/// opportunity", "seven new leads".
///
/// ```
/// use skill::speech::quantity;
///
/// assert_eq!(quantity(0, "open case", "open cases"), "no open cases");
/// assert_eq!(quantity(1, "open case", "open cases"), "one open case");
/// assert_eq!(quantity(2, "open case", "open cases"), "two open cases");
/// ```
pub fn quantity(n: u64, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", number(n))
}

/// An amount of money in dollars, as Alexa reads it naturally.
///
/// Below a million: whole dollars with thousands separators (`$48,500`, which Alexa says as
/// "forty-eight thousand five hundred dollars"). From a million: one decimal and the word
/// (`1.2 million dollars`, `3 billion dollars`), as people round big figures.
pub fn amount(value: f64) -> String {
    if !value.is_finite() {
        return "an unknown amount".to_owned();
    }
    let sign = if value < 0.0 { "minus " } else { "" };
    let dollars = value.abs().round();
    if dollars < 1e6 {
        return format!("{sign}${}", thousands(dollars as u64));
    }
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        // Decide the scale on the rounded figure, so 999,999,999 reads "1 billion", not "1000 million".
        let scaled = (dollars / scale * 10.0).round() / 10.0;
        if scaled >= 1.0 {
            let figure = format!("{scaled:.1}");
            let figure = figure.strip_suffix(".0").unwrap_or(&figure);
            return format!("{sign}{figure} {word} dollars");
        }
    }
    format!("{sign}{dollars} dollars")
}

/// An amount in a currency (an ISO 4217 code): dollars as [`amount`] says them, euros, pounds
/// and yen by name, any other currency by its code.
pub fn money(value: f64, currency: &str) -> String {
    let in_dollars = amount(value);
    let word = match currency {
        "USD" => return in_dollars,
        "EUR" => "euros",
        "GBP" => "pounds",
        "JPY" => "yen",
        other => other,
    };
    let figure = in_dollars.replacen('$', "", 1);
    match figure.strip_suffix(" dollars") {
        Some(figure) => format!("{figure} {word}"),
        None if value.is_finite() => format!("{figure} {word}"),
        None => figure,
    }
}

/// A `YYYY-MM-DD` date as people say it ("June 30, 2026"); anything else as it is.
pub fn date(text: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(text, &format) {
        Ok(date) => format!("{} {}, {}", date.month(), date.day(), date.year()),
        Err(_) => text.to_owned(),
    }
}

/// `1234567` -> `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Joins items the way people list things: "A", "A and B", "A, B and C".
pub fn join<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// The sentence with its first letter in upper case ("no open tasks" -> "No open tasks").
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
    fn counts_read_as_words_then_digits() {
        assert_eq!(number(0), "no");
        assert_eq!(number(1), "one");
        assert_eq!(number(7), "seven");
        assert_eq!(number(20), "twenty");
        assert_eq!(number(21), "21");
        assert_eq!(number(u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn quantities_agree_in_number() {
        assert_eq!(
            quantity(0, "open opportunity", "open opportunities"),
            "no open opportunities"
        );
        assert_eq!(
            quantity(1, "open opportunity", "open opportunities"),
            "one open opportunity"
        );
        assert_eq!(
            quantity(7, "open opportunity", "open opportunities"),
            "seven open opportunities"
        );
        assert_eq!(quantity(42, "new lead", "new leads"), "42 new leads");
        // The README's example intent: "1 open case", never "1 open cases".
        for (n, said) in [
            (0, "no open cases"),
            (1, "one open case"),
            (2, "two open cases"),
        ] {
            assert_eq!(quantity(n, "open case", "open cases"), said);
        }
    }

    #[test]
    fn amounts_read_naturally() {
        assert_eq!(amount(0.0), "$0");
        assert_eq!(amount(0.4), "$0");
        assert_eq!(amount(950.0), "$950");
        assert_eq!(amount(48_500.0), "$48,500");
        assert_eq!(amount(48_499.5), "$48,500");
        assert_eq!(amount(250_000.0), "$250,000");
        assert_eq!(amount(999_999.0), "$999,999");
        assert_eq!(amount(999_999.6), "1 million dollars");
        assert_eq!(amount(1_000_000.0), "1 million dollars");
        assert_eq!(amount(1_234_500.0), "1.2 million dollars");
        assert_eq!(amount(12_960_000.0), "13 million dollars");
        assert_eq!(amount(999_999_999.0), "1 billion dollars");
        assert_eq!(amount(2_500_000_000.0), "2.5 billion dollars");
        assert_eq!(amount(-1_500.0), "minus $1,500");
        assert_eq!(amount(f64::NAN), "an unknown amount");
    }

    #[test]
    fn money_and_dates_read_naturally() {
        assert_eq!(money(48_500.0, "USD"), "$48,500");
        assert_eq!(money(48_500.0, "EUR"), "48,500 euros");
        assert_eq!(money(2_500_000.0, "GBP"), "2.5 million pounds");
        assert_eq!(money(-10.0, "CHF"), "minus 10 CHF");
        assert_eq!(money(f64::NAN, "EUR"), "an unknown amount");
        assert_eq!(date("2026-06-30"), "June 30, 2026");
        assert_eq!(date("2026-W14"), "2026-W14");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
    }

    #[test]
    fn lists_join_like_speech() {
        assert_eq!(join::<&str>(&[]), "");
        assert_eq!(join(&["Acme"]), "Acme");
        assert_eq!(join(&["Acme", "Globex"]), "Acme and Globex");
        assert_eq!(
            join(&["Acme", "Globex", "Initech"]),
            "Acme, Globex and Initech"
        );
    }

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("no open tasks"), "No open tasks");
        assert_eq!(capitalize("élan"), "Élan");
        assert_eq!(capitalize(""), "");
    }
}
