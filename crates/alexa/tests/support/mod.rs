//! Test helper: a strict-enough SSML reader built on quick-xml.
//!
//! quick-xml is a fast, lenient pull parser, so on top of it this checks what Alexa's parser
//! would reject: a single `<speak>` root, balanced tags, no text outside the root, no bare
//! `&`, only the five predefined entities (or character references), and well-formed
//! attributes.
#![allow(dead_code)]

use quick_xml::events::Event;
use quick_xml::Reader;

/// What a well-formed `<speak>` document contains.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// All character data, entities resolved, in document order.
    pub text: String,
    /// Element names in document order (including `speak`).
    pub elements: Vec<String>,
    /// Every attribute value, unescaped.
    pub attribute_values: Vec<String>,
}

/// Parses `ssml` as a `<speak>` document, or says why it is not well-formed.
pub fn parse_speak(ssml: &str) -> Result<Parsed, String> {
    let mut reader = Reader::from_str(ssml);
    reader.config_mut().check_end_names = true;
    let mut parsed = Parsed::default();
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} in {ssml:?}"))?;
        match event {
            Event::Start(start) | Event::Empty(start) if depth == 0 && roots > 0 => {
                return Err(format!("second root element {:?}", start.name()));
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let name = std::str::from_utf8(start.name().as_ref())
                    .map_err(|e| e.to_string())?
                    .to_owned();
                if depth == 0 {
                    if name != "speak" {
                        return Err(format!("root is <{name}>, not <speak>"));
                    }
                    roots += 1;
                }
                for attribute in start.attributes().with_checks(true) {
                    let attribute = attribute.map_err(|e| e.to_string())?;
                    let value = attribute.unescape_value().map_err(|e| e.to_string())?;
                    parsed.attribute_values.push(value.into_owned());
                }
                parsed.elements.push(name);
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.checked_sub(1).ok_or("unbalanced end tag")?;
            }
            Event::Text(text) => {
                let raw = text.decode().map_err(|e| e.to_string())?;
                if raw.contains('&') {
                    return Err(format!("bare & in text {raw:?}"));
                }
                if depth == 0 {
                    return Err(format!("text outside <speak>: {raw:?}"));
                }
                parsed.text.push_str(&raw);
            }
            Event::GeneralRef(reference) => {
                if depth == 0 {
                    return Err("reference outside <speak>".into());
                }
                if let Some(c) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
                    parsed.text.push(c);
                } else {
                    let name = reference.decode().map_err(|e| e.to_string())?;
                    let c = match name.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("undefined entity &{other};")),
                    };
                    parsed.text.push(c);
                }
            }
            Event::Eof => break,
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    if depth != 0 {
        return Err(format!("{depth} unclosed element(s)"));
    }
    if roots != 1 {
        return Err("no <speak> root".into());
    }
    Ok(parsed)
}
