//! The strict SSML checker: what Alexa's parser would reject, found before Alexa does.

use std::fmt;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::MAX_SPEECH_CHARS;

/// The elements Alexa's SSML accepts (Alexa Skills Kit, "Speech Synthesis Markup Language
/// (SSML) Reference"). `speak` is accepted only as the root.
pub const SUPPORTED_TAGS: &[&str] = &[
    "speak",
    "amazon:domain",
    "amazon:effect",
    "amazon:emotion",
    "audio",
    "break",
    "emphasis",
    "lang",
    "p",
    "phoneme",
    "prosody",
    "s",
    "say-as",
    "sub",
    "voice",
    "w",
];

/// Why a document is not SSML Alexa accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SsmlError {
    /// Longer than [`MAX_SPEECH_CHARS`] characters.
    TooLong {
        /// The document's length in characters.
        chars: usize,
    },
    /// A character XML 1.0 cannot carry (a control character, U+FFFE, U+FFFF), written
    /// directly or as a character reference.
    InvalidChar(char),
    /// Not well-formed XML: what the XML reader said.
    Malformed(String),
    /// The document is not exactly one `<speak>` element (another root, no root, `speak`
    /// nested inside it).
    Root(String),
    /// An element Alexa does not support.
    UnsupportedTag(String),
    /// An attribute that is unquoted, repeated, or whose value has a bare `&` or a `<`.
    Attribute(String),
    /// An entity other than the five XML predefines (`&nbsp;`, ...), or a bare `&`.
    Entity(String),
    /// Non-whitespace text outside `<speak>`.
    TextOutsideRoot,
    /// Something SSML has no place for: a comment, CDATA, a processing instruction, an XML
    /// declaration or a DOCTYPE.
    Unexpected(&'static str),
}

impl fmt::Display for SsmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SsmlError::TooLong { chars } => write!(
                f,
                "speech is {chars} characters, over Alexa's {MAX_SPEECH_CHARS}"
            ),
            SsmlError::InvalidChar(c) => write!(f, "character {c:?} cannot appear in XML"),
            SsmlError::Malformed(reason) => write!(f, "not well-formed XML: {reason}"),
            SsmlError::Root(reason) => write!(f, "not one <speak> document: {reason}"),
            SsmlError::UnsupportedTag(tag) => write!(f, "<{tag}> is not SSML Alexa supports"),
            SsmlError::Attribute(reason) => write!(f, "bad attribute: {reason}"),
            SsmlError::Entity(name) => write!(f, "undefined entity or bare &: {name}"),
            SsmlError::TextOutsideRoot => f.write_str("text outside <speak>"),
            SsmlError::Unexpected(what) => write!(f, "{what} has no place in SSML"),
        }
    }
}

impl std::error::Error for SsmlError {}

/// What a valid SSML document holds, as [`parse`] reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsmlDocument {
    /// All character data inside `<speak>`, entities and character references resolved, in
    /// document order.
    pub text: String,
    /// Element names in document order, `speak` first.
    pub elements: Vec<String>,
    /// Every attribute value, unescaped, in document order.
    pub attribute_values: Vec<String>,
}

/// Checks that `ssml` is a document Alexa accepts as `outputSpeech.ssml`.
///
/// Strict where Alexa is: well-formed XML with exactly one `<speak>` root; only the elements
/// in [`SUPPORTED_TAGS`]; attributes quoted, not repeated, values escaped; no bare `&`, `<` or
/// `]]>` in text; only the five predefined entities and character references of characters
/// XML 1.0 allows; no comment, CDATA, processing instruction or DOCTYPE; at most
/// [`MAX_SPEECH_CHARS`] characters.
///
/// ```
/// use alexa::ssml::{escape, validate};
///
/// assert!(validate(&format!("<speak>{}</speak>", escape("Smith & Sons"))).is_ok());
/// assert!(validate("<speak>Smith & Sons</speak>").is_err());
/// assert!(validate("<speak><blink>x</blink></speak>").is_err());
/// ```
pub fn validate(ssml: &str) -> Result<(), SsmlError> {
    parse(ssml).map(drop)
}

/// [`validate`]s `ssml` and returns what it says: its text, its elements and its attribute
/// values.
///
/// ```
/// use alexa::ssml::parse;
///
/// let document = parse("<speak>Tom &amp; Jerry<break time=\"1s\"/></speak>")?;
/// assert_eq!(document.text, "Tom & Jerry");
/// assert_eq!(document.elements, ["speak", "break"]);
/// assert_eq!(document.attribute_values, ["1s"]);
/// # Ok::<(), alexa::ssml::SsmlError>(())
/// ```
pub fn parse(ssml: &str) -> Result<SsmlDocument, SsmlError> {
    let chars = ssml.chars().count();
    if chars > MAX_SPEECH_CHARS {
        return Err(SsmlError::TooLong { chars });
    }
    if let Some(c) = ssml.chars().find(|&c| !is_xml_char(c)) {
        return Err(SsmlError::InvalidChar(c));
    }
    let mut reader = Reader::from_str(ssml);
    reader.config_mut().check_end_names = true;
    let malformed = |error: &dyn fmt::Display| SsmlError::Malformed(error.to_string());
    let mut document = SsmlDocument::default();
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        match &event {
            Event::Start(start) | Event::Empty(start) => {
                let name = std::str::from_utf8(start.name().as_ref())
                    .map_err(|e| malformed(&e))?
                    .to_owned();
                if name.is_empty() {
                    return Err(SsmlError::Malformed("a < that opens no element".to_owned()));
                }
                if depth == 0 {
                    if roots > 0 {
                        return Err(SsmlError::Root(format!("a second root <{name}>")));
                    }
                    if name != "speak" {
                        return Err(SsmlError::Root(format!("the root is <{name}>")));
                    }
                    roots += 1;
                } else if name == "speak" {
                    return Err(SsmlError::Root("<speak> inside <speak>".to_owned()));
                } else if !SUPPORTED_TAGS.contains(&name.as_str()) {
                    return Err(SsmlError::UnsupportedTag(name));
                }
                read_attributes(start, &reader, &mut document.attribute_values)?;
                document.elements.push(name);
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| SsmlError::Malformed("an end tag without a start".into()))?;
            }
            Event::Text(text) => {
                let raw = text.decode().map_err(|e| malformed(&e))?;
                if depth == 0 {
                    if raw.chars().all(is_xml_whitespace) {
                        continue;
                    }
                    return Err(SsmlError::TextOutsideRoot);
                }
                if raw.contains('&') {
                    return Err(SsmlError::Entity("&".to_owned()));
                }
                if raw.contains("]]>") {
                    return Err(SsmlError::Malformed("]]> in text".to_owned()));
                }
                document.text.push_str(&raw);
            }
            Event::GeneralRef(reference) => {
                if depth == 0 {
                    return Err(SsmlError::TextOutsideRoot);
                }
                let c = match reference.resolve_char_ref().map_err(|e| malformed(&e))? {
                    Some(c) if is_xml_char(c) => c,
                    Some(c) => return Err(SsmlError::InvalidChar(c)),
                    None => {
                        let name = reference.decode().map_err(|e| malformed(&e))?;
                        predefined_entity(&name).ok_or_else(|| SsmlError::Entity(name.into()))?
                    }
                };
                document.text.push(c);
            }
            Event::Eof => break,
            Event::Comment(_) => return Err(SsmlError::Unexpected("a comment")),
            Event::CData(_) => return Err(SsmlError::Unexpected("CDATA")),
            Event::PI(_) => return Err(SsmlError::Unexpected("a processing instruction")),
            Event::Decl(_) => return Err(SsmlError::Unexpected("an XML declaration")),
            Event::DocType(_) => return Err(SsmlError::Unexpected("a DOCTYPE")),
        }
    }
    if depth != 0 {
        return Err(SsmlError::Malformed(format!("{depth} unclosed element(s)")));
    }
    if roots == 0 {
        return Err(SsmlError::Root("no <speak> element".to_owned()));
    }
    Ok(document)
}

/// Reads the attributes of `start` strictly into `values`.
fn read_attributes(
    start: &BytesStart<'_>,
    reader: &Reader<&[u8]>,
    values: &mut Vec<String>,
) -> Result<(), SsmlError> {
    let attribute_error = |e: &dyn fmt::Display| SsmlError::Attribute(e.to_string());
    for attribute in start.attributes().with_checks(true) {
        let attribute = attribute.map_err(|e| attribute_error(&e))?;
        if attribute.value.contains(&b'<') {
            return Err(SsmlError::Attribute("< in a value".to_owned()));
        }
        let value = attribute
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| attribute_error(&e))?;
        if let Some(c) = value.chars().find(|&c| !is_xml_char(c)) {
            return Err(SsmlError::InvalidChar(c));
        }
        values.push(value.into_owned());
    }
    Ok(())
}

/// The character of one of XML's five predefined entities.
fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML 1.0 `S`.
fn is_xml_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_alexa_ssml() {
        for good in [
            "<speak></speak>",
            "<speak/>",
            "\n<speak>Hello</speak>\n",
            "<speak>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x41;&#66;</speak>",
            "<speak><say-as interpret-as='digits'>1026</say-as><break time=\"300ms\"/></speak>",
            "<speak><p><s>One.</s><s>Two.</s></p></speak>",
            "<speak><amazon:emotion name=\"excited\" intensity=\"medium\">Yes</amazon:emotion></speak>",
            "<speak><prosody rate=\"slow\"><emphasis level=\"strong\">x</emphasis></prosody></speak>",
            "<speak><sub alias=\"Salesforce\">SFDC</sub><phoneme alphabet=\"ipa\" ph=\"x\">y</phoneme></speak>",
            "<speak>a > b</speak>",
        ] {
            assert_eq!(validate(good), Ok(()), "{good}");
        }
        let document = parse("<speak>x &#x26; y</speak>").unwrap_or_default();
        assert_eq!(document.text, "x & y");
    }

    /// Whether an error is the one a case expects.
    type Expected = fn(&SsmlError) -> bool;

    #[test]
    fn rejects_what_alexa_rejects() {
        let cases: [(&str, Expected); 20] = [
            ("<speak>Smith & Sons</speak>", |e| {
                matches!(e, SsmlError::Entity(_) | SsmlError::Malformed(_))
            }),
            ("<speak>a < b</speak>", |e| {
                matches!(e, SsmlError::Malformed(_))
            }),
            ("<speak>x</speak><speak>y</speak>", |e| {
                matches!(e, SsmlError::Root(_))
            }),
            ("<speak>unclosed", |e| matches!(e, SsmlError::Malformed(_))),
            ("<speak>x</p></speak>", |e| {
                matches!(e, SsmlError::Malformed(_))
            }),
            ("<speak>&nbsp;</speak>", |e| {
                matches!(e, SsmlError::Entity(_))
            }),
            ("<speak>&#0;</speak>", |e| {
                matches!(e, SsmlError::InvalidChar(_) | SsmlError::Malformed(_))
            }),
            ("<speak>a\u{1}b</speak>", |e| {
                matches!(e, SsmlError::InvalidChar('\u{1}'))
            }),
            (
                "<speak><say-as interpret-as=\"a\"b\">x</say-as></speak>",
                |e| matches!(e, SsmlError::Attribute(_) | SsmlError::Malformed(_)),
            ),
            ("<speak><break time=300ms/></speak>", |e| {
                matches!(e, SsmlError::Attribute(_) | SsmlError::Malformed(_))
            }),
            ("<speak><break time=\"1s\" time=\"2s\"/></speak>", |e| {
                matches!(e, SsmlError::Attribute(_) | SsmlError::Malformed(_))
            }),
            (
                "<speak><say-as interpret-as=\"a&b\">x</say-as></speak>",
                |e| matches!(e, SsmlError::Attribute(_) | SsmlError::Malformed(_)),
            ),
            (
                "<speak><say-as interpret-as=\"a<b\">x</say-as></speak>",
                |e| matches!(e, SsmlError::Attribute(_) | SsmlError::Malformed(_)),
            ),
            (
                "<speak><blink>x</blink></speak>",
                |e| matches!(e, SsmlError::UnsupportedTag(t) if t == "blink"),
            ),
            ("<speak><speak>x</speak></speak>", |e| {
                matches!(e, SsmlError::Root(_))
            }),
            ("<p>x</p>", |e| matches!(e, SsmlError::Root(_))),
            ("plain", |e| matches!(e, SsmlError::TextOutsideRoot)),
            ("", |e| matches!(e, SsmlError::Root(_))),
            ("<speak><!-- note -->x</speak>", |e| {
                matches!(e, SsmlError::Unexpected(_))
            }),
            ("<speak><![CDATA[x]]></speak>", |e| {
                matches!(e, SsmlError::Unexpected(_))
            }),
        ];
        for (bad, expected) in cases {
            match validate(bad) {
                Ok(()) => panic!("accepted {bad:?}"),
                Err(error) => assert!(expected(&error), "{bad:?}: {error:?}"),
            }
        }
        for bad in [
            "<?xml version=\"1.0\"?><speak>x</speak>",
            "<speak>a ]]> b</speak>",
        ] {
            assert!(validate(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn the_limit_is_counted_in_characters() {
        let body = "é".repeat(MAX_SPEECH_CHARS - "<speak></speak>".len());
        assert_eq!(validate(&format!("<speak>{body}</speak>")), Ok(()));
        assert_eq!(
            validate(&format!("<speak>{body}x</speak>")),
            Err(SsmlError::TooLong {
                chars: MAX_SPEECH_CHARS + 1
            })
        );
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            SsmlError::UnsupportedTag("blink".into()).to_string(),
            "<blink> is not SSML Alexa supports"
        );
        assert_eq!(
            SsmlError::TooLong { chars: 8001 }.to_string(),
            "speech is 8001 characters, over Alexa's 8000"
        );
    }
}
