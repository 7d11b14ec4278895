//! SSML escaping: well-formedness for any input, the character limit, word-boundary cuts.

use alexa::response::speak;
use alexa::ssml::{
    escape, parse, validate, Ssml, SsmlError, MAX_SPEECH_CHARS, MAX_TEXT_CHARS, SUPPORTED_TAGS,
};
use proptest::prelude::*;

/// What speech keeps of an input: everything except control characters other than tab, line
/// feed and carriage return, and the XML noncharacters U+FFFE / U+FFFF.
fn kept(input: &str) -> String {
    input
        .chars()
        .filter(|&c| {
            let xml_whitespace = matches!(c, '\t' | '\n' | '\r');
            let noncharacter = matches!(c, '\u{FFFE}' | '\u{FFFF}');
            (xml_whitespace || !c.is_control()) && !noncharacter
        })
        .collect()
}

fn speech_of(text: &str) -> String {
    speak(text).build().speech().unwrap().to_owned()
}

#[test]
fn checker_rejects_what_alexa_rejects() {
    // The helper must have teeth, or the properties below prove nothing.
    for bad in [
        "<speak>Smith & Sons</speak>",
        "<speak>a < b</speak>",
        "<speak>x</speak><speak>y</speak>",
        "<speak>unclosed",
        "<speak>&nbsp;</speak>",
        "<speak><say-as interpret-as=\"a\"b\">x</say-as></speak>",
        "plain",
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
    assert_eq!(parse("<speak>a &amp; b</speak>").unwrap().text, "a & b");
}

#[test]
fn the_documented_example() {
    let ssml = speech_of("Smith & Sons <EMEA>");
    assert_eq!(ssml, "<speak>Smith &amp; Sons &lt;EMEA&gt;</speak>");
    assert_eq!(parse(&ssml).unwrap().text, "Smith & Sons <EMEA>");
}

#[test]
fn controls_are_dropped_and_xml_stays_valid() {
    let ssml = speech_of("Acme\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f} Corp\u{fffe}");
    assert_eq!(ssml, "<speak>Acme Corp</speak>");
}

#[test]
fn long_speech_is_capped_at_a_word_boundary() {
    let input = "Smith & Sons renewal ".repeat(1000); // 21000 characters, 5000 needing escapes
    let ssml = speech_of(&input);
    assert!(
        ssml.chars().count() <= MAX_SPEECH_CHARS,
        "{} characters",
        ssml.chars().count()
    );
    assert!(
        ssml.chars().count() > MAX_SPEECH_CHARS - 30,
        "cut far too early"
    );
    let text = parse(&ssml).unwrap().text;
    assert!(input.starts_with(&text));
    assert!(
        text.ends_with("Sons")
            || text.ends_with("Smith")
            || text.ends_with("&")
            || text.ends_with("renewal")
    );
    assert_eq!(
        input[text.len()..].chars().next(),
        Some(' '),
        "cut between words"
    );
}

#[test]
fn escape_alone_is_capped_to_fit_inside_speak() {
    let input = "&".repeat(5000);
    let escaped = escape(&input);
    assert!(escaped.chars().count() <= MAX_TEXT_CHARS);
    assert_eq!(escaped.len() % "&amp;".len(), 0, "only whole escapes");
    assert!(escaped.chars().count() > MAX_TEXT_CHARS - "&amp;".len());
}

#[test]
fn exactly_at_the_limit_is_kept_whole() {
    let input = "a".repeat(MAX_TEXT_CHARS);
    let ssml = speech_of(&input);
    assert_eq!(ssml.chars().count(), MAX_SPEECH_CHARS);
    assert_eq!(parse(&ssml).unwrap().text, input);
    let over = format!("{input} b");
    assert_eq!(
        speech_of(&over),
        ssml,
        "the word that does not fit goes, the rest stays"
    );
}

#[test]
fn limit_counts_characters_in_multibyte_text() {
    let input = "東京 ".repeat(4000);
    let ssml = speech_of(&input);
    assert!(ssml.chars().count() <= MAX_SPEECH_CHARS);
    assert!(
        ssml.len() > MAX_SPEECH_CHARS,
        "bytes are not what is counted"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any text passed to `speak()` yields well-formed SSML whose text is the input, minus
    /// dropped control characters.
    #[test]
    fn speak_yields_well_formed_ssml_with_the_input_as_text(input in any::<String>()) {
        let ssml = speech_of(&input);
        let parsed = parse(&ssml).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.elements, vec!["speak".to_owned()]);
        prop_assert_eq!(parsed.text, kept(&input));
    }

    /// The same, with the characters that matter weighted heavily.
    #[test]
    fn markup_heavy_text(input in "[&<>\"' a-z;#\\x00-\\x1f\\u{7f}-\\u{9f}]{0,300}") {
        let ssml = speech_of(&input);
        let parsed = parse(&ssml).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.text, kept(&input));
    }

}

proptest! {
    // Inputs here are ~10,000 characters; fewer cases keep the debug-build run short.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Text of any length stays within the limit, is a prefix of the input, and is cut only
    /// at whitespace (or mid-word when the first word alone is too long).
    #[test]
    fn long_text_is_a_word_boundary_prefix(
        words in prop::collection::vec("[a-z&<>\"']{1,12}", 0..2500),
        seps in prop::collection::vec("[ \n\t]{1,2}", 2500),
    ) {
        let input: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
        let ssml = speech_of(&input);
        prop_assert!(ssml.chars().count() <= MAX_SPEECH_CHARS);
        let text = parse(&ssml).map_err(|e| TestCaseError::fail(e.to_string()))?.text;
        prop_assert!(input.starts_with(&text));
        if text.len() < input.trim_end().len() {
            let rest = &input[text.len()..];
            prop_assert!(rest.starts_with(char::is_whitespace), "cut inside a word: ...{:?}|{:?}",
                &text[text.len().saturating_sub(20)..], &rest[..rest.len().min(20)]);
            prop_assert!(!text.ends_with(char::is_whitespace));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Fragments built with `Ssml` are well-formed whatever their content.
    #[test]
    fn ssml_builder_is_well_formed(
        a in any::<String>(), kind in any::<String>(), digits in any::<String>(), ms in any::<u32>(),
    ) {
        let ssml = Ssml::new().text(&a).pause_ms(ms).say_as(&kind, &digits).text(&a).to_string();
        prop_assert!(ssml.chars().count() <= MAX_SPEECH_CHARS);
        let parsed = parse(&ssml).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.elements, vec!["speak".to_owned(), "break".to_owned(), "say-as".to_owned()]);
        prop_assert_eq!(&parsed.attribute_values[1], &kept(&kind));
        prop_assert_eq!(parsed.text, format!("{}{}{}", kept(&a), kept(&digits), kept(&a)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// `validate` reads any text without panicking, and agrees with `parse`.
    #[test]
    fn validate_reads_anything(input in any::<String>()) {
        prop_assert_eq!(validate(&input).is_ok(), parse(&input).is_ok());
    }

    /// The same over markup-shaped text: whatever it accepts is one `<speak>` document of
    /// supported tags.
    #[test]
    fn validate_accepts_only_speak_documents(
        input in "[<>&;/=\"' a-z:#x0-9!?\\[\\]-]{0,60}|<speak>[<>&;/=\"' a-z:#x0-9-]{0,60}</speak>",
    ) {
        if let Ok(document) = parse(&input) {
            prop_assert!(input.trim_start().starts_with("<speak"), "{:?}", input);
            prop_assert_eq!(document.elements.first().map(String::as_str), Some("speak"));
            prop_assert!(document.elements.iter().all(|e| SUPPORTED_TAGS.contains(&e.as_str())));
            prop_assert!(!document.elements[1..].contains(&"speak".to_owned()));
        }
    }

    /// Escaped text is valid inside `<speak>`; the same text with a bare `&` or `<` put
    /// anywhere in it is not.
    #[test]
    fn escaped_text_validates_and_a_bare_markup_character_does_not(
        input in any::<String>(), at in any::<prop::sample::Index>(), bare in "[&<]",
    ) {
        let escaped = escape(&input);
        prop_assert_eq!(validate(&format!("<speak>{escaped}</speak>")), Ok(()));
        let boundaries: Vec<usize> = (0..=escaped.len()).filter(|&i| escaped.is_char_boundary(i)).collect();
        let cut = boundaries[at.index(boundaries.len())];
        let broken = format!("<speak>{}{bare} {}</speak>", &escaped[..cut], &escaped[cut..]);
        prop_assert!(validate(&broken).is_err(), "accepted {:?}", broken);
    }

    /// Any tag outside Alexa's list is rejected, wherever it sits.
    #[test]
    fn unsupported_tags_are_rejected(tag in "[a-z][a-z-]{0,9}", empty in any::<bool>()) {
        prop_assume!(!SUPPORTED_TAGS.contains(&tag.as_str()));
        let element = if empty { format!("<{tag}/>") } else { format!("<{tag}>x</{tag}>") };
        let error = validate(&format!("<speak>a {element} b</speak>")).err();
        prop_assert_eq!(error, Some(SsmlError::UnsupportedTag(tag)));
    }
}
