//! SSML escaping (`alexa::ssml`) over any text a Salesforce record or a slot can carry.
//!
//! Properties: `<speak>{escape(text)}</speak>` passes `alexa::ssml::parse` (one `speak` root,
//! text and the five predefined entities only, every character one XML 1.0 allows, within
//! Alexa's 8000 characters) and its text is the input minus the characters XML cannot carry,
//! or, when the input is over Alexa's limit, a prefix of it. The `Ssml` builder, fed the same
//! text in every slot, passes it too, with only its own tags.
#![no_main]

use alexa::ssml::{escape, parse, Ssml, MAX_TEXT_CHARS};
use libfuzzer_sys::fuzz_target;

/// Reads `ssml` with the crate's strict checker; returns its text and its tags.
fn read(ssml: &str) -> (String, Vec<String>) {
    match parse(ssml) {
        Ok(document) => (document.text, document.elements),
        Err(error) => panic!("{error} in {ssml:?}"),
    }
}

/// What escaping keeps: everything but controls other than tab, LF and CR, and the
/// noncharacters U+FFFE and U+FFFF.
fn speakable(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !(c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

/// The escaped length of `text` in characters, before any cut.
fn escaped_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '&' => 5,
            '<' | '>' => 4,
            '"' | '\'' => 6,
            _ => 1,
        })
        .sum()
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let escaped = escape(input);
    let (text, tags) = read(&format!("<speak>{escaped}</speak>"));
    assert_eq!(tags, ["speak"], "markup from the input: {escaped:?}");
    let want = speakable(input);
    if text != want {
        // Only an input over the limit may lose anything, and only its end.
        assert!(
            want.starts_with(&text),
            "{text:?} is not a prefix of {want:?}"
        );
        assert!(
            escaped_len(&want) > MAX_TEXT_CHARS,
            "cut short without need: {} chars",
            escaped_len(&want)
        );
    }

    // The builder, with the input in every place text can go.
    let built = Ssml::new()
        .text(input)
        .pause_ms(300)
        .say_as(input, input)
        .text(input)
        .to_string();
    let (_, tags) = read(&built);
    for tag in &tags {
        assert!(
            ["speak", "break", "say-as"].contains(&tag.as_str()),
            "{tag} in {built:?}"
        );
    }
});
