//! SSML escaping (`alexa::ssml`) over any text a Salesforce record or a slot can carry.
//!
//! Properties: `<speak>{escape(text)}</speak>` is well-formed XML (read strictly by quick-xml:
//! one `speak` root, text and the five predefined entities only, every character one XML 1.0
//! allows) whose text is the input minus the characters XML cannot carry, or, when the input
//! is over Alexa's limit, a prefix of it; the document fits Alexa's 8000 characters. The
//! `Ssml` builder, fed the same text in every slot, is well-formed too.
#![no_main]

use alexa::ssml::{escape, Ssml, MAX_SPEECH_CHARS, MAX_TEXT_CHARS};
use libfuzzer_sys::fuzz_target;
use quick_xml::events::Event;
use quick_xml::Reader;

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Reads `ssml` strictly; returns its text with entities resolved, and the tags seen.
fn read(ssml: &str) -> (String, Vec<String>) {
    assert!(
        ssml.chars().all(is_xml_char),
        "a character XML cannot carry: {ssml:?}"
    );
    assert!(
        ssml.chars().count() <= MAX_SPEECH_CHARS,
        "over Alexa's limit"
    );
    let mut reader = Reader::from_str(ssml);
    let mut depth = 0usize;
    let mut roots = 0usize;
    let mut text = String::new();
    let mut tags = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("utf-8 tag");
                if depth == 0 {
                    roots += 1;
                    assert_eq!(name, "speak", "{ssml:?}");
                }
                tags.push(name);
                depth += 1;
            }
            Ok(Event::Empty(e)) => {
                assert!(depth > 0, "{ssml:?}");
                tags.push(String::from_utf8(e.name().as_ref().to_vec()).expect("utf-8 tag"));
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => {
                assert!(depth > 0, "text outside <speak>: {ssml:?}");
                text.push_str(&t.decode().expect("utf-8 text"));
            }
            Ok(Event::GeneralRef(r)) => {
                text.push(match r.decode().expect("utf-8 entity").as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("entity &{other}; in {ssml:?}"),
                });
            }
            Ok(Event::Eof) => break,
            Ok(other) => panic!("unexpected {other:?} in {ssml:?}"),
            Err(error) => panic!("{error} in {ssml:?}"),
        }
    }
    assert_eq!((roots, depth), (1, 0), "{ssml:?}");
    (text, tags)
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
