//! SSML: escaping text for `<speak>` and a small fragment builder.
//!
//! Alexa rejects a response whose SSML is not well-formed XML (a bare `&` in an Opportunity
//! named `Smith & Sons` is enough), and it rejects speech longer than
//! [`MAX_SPEECH_CHARS`]. Everything here therefore treats its input as *text*, never as
//! markup: [`escape`] and [`Ssml::text`] escape the five XML special characters, drop
//! characters XML 1.0 cannot carry, and cap the length, cutting at a word boundary and never
//! inside an escape sequence. The only markup is what [`Ssml`]'s methods generate.
//!
//! [`validate`] (and [`parse`]) check a finished document strictly, as Alexa would: the tests
//! and the fuzz targets hold everything this module builds to it.

mod check;

use std::borrow::Cow;
use std::fmt;

pub use check::{parse, validate, SsmlDocument, SsmlError, SUPPORTED_TAGS};

/// Alexa's limit on the `ssml` (or `text`) of an `outputSpeech`, in characters.
///
/// Characters are counted as Unicode scalar values, over the whole document including the
/// `<speak>` tags.
pub const MAX_SPEECH_CHARS: usize = 8000;

/// The longest `<break>` Alexa accepts.
pub const MAX_BREAK_MS: u32 = 10_000;

const SPEAK_OPEN: &str = "<speak>";
const SPEAK_CLOSE: &str = "</speak>";

/// What escaped text may occupy inside `<speak>...</speak>` so the document stays within
/// [`MAX_SPEECH_CHARS`].
pub const MAX_TEXT_CHARS: usize = MAX_SPEECH_CHARS - SPEAK_OPEN.len() - SPEAK_CLOSE.len();

/// Escapes `text` for use as SSML character data or an attribute value.
///
/// - `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&apos;`;
/// - control characters other than tab, line feed and carriage return are dropped, as are
///   the noncharacters U+FFFE and U+FFFF (XML 1.0 cannot carry any of them);
/// - the result is at most [`MAX_TEXT_CHARS`] characters, so wrapped in `<speak>` it fits
///   Alexa's limit. Longer text is cut at the last whitespace that fits (or, for one
///   enormous word, at the last whole character or escape that fits).
///
/// Borrows when nothing needs to change.
///
/// ```
/// use alexa::ssml::escape;
///
/// assert_eq!(escape("Smith & Sons <EMEA>"), "Smith &amp; Sons &lt;EMEA&gt;");
/// assert_eq!(escape("plain words"), "plain words");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_within(text, MAX_TEXT_CHARS, false).text
}

/// Escaped text plus what the caller needs to keep a running budget.
#[derive(Debug)]
struct Escaped<'a> {
    text: Cow<'a, str>,
    /// Length of `text` in characters.
    chars: usize,
    /// Whether some of the input did not fit.
    truncated: bool,
}

/// The entity replacing `c`, when `c` is special in XML.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&apos;"),
        _ => None,
    }
}

/// Characters dropped from speech: controls (except the whitespace ones XML allows) and the
/// two noncharacters XML 1.0 excludes.
pub(crate) fn is_dropped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes `text` into at most `budget` characters (see [`escape`]).
///
/// `follows_content` says the text continues earlier output, so its start is itself a place
/// to cut: text that has no whitespace to cut at is then dropped rather than cut mid-word.
fn escape_within(text: &str, budget: usize, follows_content: bool) -> Escaped<'_> {
    let clean = !text.chars().any(|c| entity(c).is_some() || is_dropped(c));
    if clean {
        let chars = text.chars().count();
        if chars <= budget {
            return Escaped {
                text: Cow::Borrowed(text),
                chars,
                truncated: false,
            };
        }
    }

    let mut out = String::with_capacity(text.len().min(budget * 4));
    let mut used = 0;
    // Byte length and char count of `out` just before the most recent whitespace.
    let mut last_break: Option<(usize, usize)> = None;
    let mut truncated = false;
    for c in text.chars().filter(|&c| !is_dropped(c)) {
        let piece_chars = entity(c).map_or(1, str::len);
        if used + piece_chars > budget {
            truncated = true;
            // When the character that did not fit is whitespace, `out` already ends a word.
            if !c.is_whitespace() {
                match last_break.filter(|&(_, chars)| chars > 0) {
                    Some((bytes, chars)) => {
                        out.truncate(bytes);
                        used = chars;
                    }
                    None if follows_content => {
                        out.clear();
                        used = 0;
                    }
                    None => {}
                }
            }
            break;
        }
        if c.is_whitespace() {
            last_break = Some((out.len(), used));
        }
        match entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
        used += piece_chars;
    }
    if truncated {
        let kept = out.trim_end().len();
        // Only whitespace is trimmed, never part of an escape; each counted one when pushed.
        used -= out[kept..].chars().count();
        out.truncate(kept);
    }
    Escaped {
        text: Cow::Owned(out),
        chars: used,
        truncated,
    }
}

/// One piece of an [`Ssml`] document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Text, stored raw and escaped when rendered.
    Text(String),
    /// `<break time="..ms"/>`.
    Break(u32),
    /// `<say-as interpret-as="..">..</say-as>`, both stored raw.
    SayAs { interpret_as: String, text: String },
}

/// A builder for SSML documents mixing text with a few safe tags.
///
/// Text is escaped when rendered, so record data can go straight in. Rendering (through
/// `Display`, so `to_string()`) wraps everything in `<speak>` and keeps the document within
/// [`MAX_SPEECH_CHARS`]: text that does not fit is cut at a word boundary and later parts are
/// left out; a tag is either rendered whole or not at all.
///
/// ```
/// use alexa::ssml::Ssml;
///
/// let ssml = Ssml::new()
///     .text("Case ")
///     .say_as("digits", "1026")
///     .text(" for Smith & Sons is escalated.")
///     .pause_ms(300)
///     .text("Anything else?");
/// assert_eq!(
///     ssml.to_string(),
///     "<speak>Case <say-as interpret-as=\"digits\">1026</say-as> for Smith &amp; Sons is \
///      escalated.<break time=\"300ms\"/>Anything else?</speak>"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ssml {
    parts: Vec<Part>,
}

impl Ssml {
    /// An empty document (renders as `<speak></speak>`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends text, escaped on rendering. Spaces are not added between parts.
    #[must_use]
    pub fn text(mut self, text: impl AsRef<str>) -> Self {
        self.parts.push(Part::Text(text.as_ref().to_owned()));
        self
    }

    /// Appends a pause, clamped to [`MAX_BREAK_MS`].
    #[must_use]
    pub fn pause_ms(mut self, ms: u32) -> Self {
        self.parts.push(Part::Break(ms.min(MAX_BREAK_MS)));
        self
    }

    /// Appends `<say-as interpret-as="{interpret_as}">{text}</say-as>`, both escaped.
    ///
    /// Alexa's values include `digits`, `cardinal`, `ordinal`, `spell-out`, `telephone`,
    /// `date` and `unit`.
    #[must_use]
    pub fn say_as(mut self, interpret_as: impl AsRef<str>, text: impl AsRef<str>) -> Self {
        self.parts.push(Part::SayAs {
            interpret_as: interpret_as.as_ref().to_owned(),
            text: text.as_ref().to_owned(),
        });
        self
    }

    /// Whether nothing has been appended.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Renders the body (without `<speak>`) into `out`, within `budget` characters.
    fn render_body(&self, out: &mut String, mut budget: usize) {
        for part in &self.parts {
            match part {
                Part::Text(text) => {
                    let escaped = escape_within(text, budget, !out.is_empty());
                    out.push_str(&escaped.text);
                    budget -= escaped.chars;
                    if escaped.truncated {
                        return;
                    }
                }
                Part::Break(ms) => {
                    let tag = format!("<break time=\"{ms}ms\"/>");
                    if tag.len() > budget {
                        return;
                    }
                    out.push_str(&tag);
                    budget -= tag.len();
                }
                Part::SayAs { interpret_as, text } => {
                    let attr = escape_within(interpret_as, budget, false);
                    let body = escape_within(text, budget, false);
                    let chars =
                        "<say-as interpret-as=\"\"></say-as>".len() + attr.chars + body.chars;
                    if attr.truncated || body.truncated || chars > budget {
                        return;
                    }
                    out.push_str("<say-as interpret-as=\"");
                    out.push_str(&attr.text);
                    out.push_str("\">");
                    out.push_str(&body.text);
                    out.push_str("</say-as>");
                    budget -= chars;
                }
            }
        }
    }
}

impl fmt::Display for Ssml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut body = String::new();
        self.render_body(&mut body, MAX_TEXT_CHARS);
        write!(f, "{SPEAK_OPEN}{body}{SPEAK_CLOSE}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_each_special_character() {
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape(">"), "&gt;");
        assert_eq!(escape("\""), "&quot;");
        assert_eq!(escape("'"), "&apos;");
        assert_eq!(
            escape("O'Brien & \"Co\" <EU>"),
            "O&apos;Brien &amp; &quot;Co&quot; &lt;EU&gt;"
        );
    }

    #[test]
    fn does_not_double_escape_entities_in_the_input() {
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn borrows_clean_text() {
        assert!(matches!(
            escape("Acme pipeline, 3 deals."),
            Cow::Borrowed(_)
        ));
        assert!(matches!(escape("Acme & Co"), Cow::Owned(_)));
    }

    #[test]
    fn drops_controls_but_keeps_xml_whitespace() {
        assert_eq!(escape("a\u{0}b\u{7}c\u{1b}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(escape("a\tb\nc\rd"), "a\tb\nc\rd");
        assert_eq!(escape("x\u{FFFE}y\u{FFFF}z"), "xyz");
    }

    #[test]
    fn keeps_non_ascii_text() {
        assert_eq!(escape("Müller GmbH – 東京 🚀"), "Müller GmbH – 東京 🚀");
    }

    #[test]
    fn truncates_at_a_word_boundary() {
        let e = escape_within("one two three", 9, false);
        assert_eq!(e.text, "one two");
        assert_eq!(e.chars, 7);
        assert!(e.truncated);
    }

    #[test]
    fn keeps_the_last_word_when_the_cut_falls_on_whitespace() {
        let e = escape_within("one two three", 7, false);
        assert_eq!(e.text, "one two");
        assert!(e.truncated);
    }

    #[test]
    fn never_cuts_inside_an_escape() {
        // "a&" needs 6 characters; with 5 the `&amp;` must go entirely.
        let e = escape_within("a&b", 5, false);
        assert_eq!(e.text, "a");
        assert!(e.truncated);
    }

    #[test]
    fn cuts_one_huge_word_at_a_character() {
        let e = escape_within("abcdefgh", 5, false);
        assert_eq!(e.text, "abcde");
        assert_eq!(e.chars, 5);
    }

    #[test]
    fn leading_whitespace_is_not_a_usable_boundary() {
        let e = escape_within(" abcdefgh", 5, false);
        assert_eq!(e.text, " abcd");
    }

    #[test]
    fn text_after_other_parts_is_dropped_rather_than_cut_mid_word() {
        let e = escape_within("abcdefgh", 5, true);
        assert_eq!(e.text, "");
        assert!(e.truncated);
        let e = escape_within(" abcdefgh", 5, true);
        assert_eq!(e.text, "");
        let e = escape_within("ab cdefgh", 5, true);
        assert_eq!(e.text, "ab");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let e = escape_within("ééé", 3, false);
        assert_eq!(e.text, "ééé");
        assert!(!e.truncated);
    }

    #[test]
    fn renders_the_fragment_builder() {
        let ssml = Ssml::new()
            .text("Tom & Jerry")
            .pause_ms(250)
            .say_as("digits", "00042");
        assert_eq!(
            ssml.to_string(),
            "<speak>Tom &amp; Jerry<break time=\"250ms\"/>\
             <say-as interpret-as=\"digits\">00042</say-as></speak>"
        );
    }

    #[test]
    fn escapes_say_as_attribute_and_body() {
        let ssml = Ssml::new().say_as("x\"><bad", "<1&2>");
        assert_eq!(
            ssml.to_string(),
            "<speak><say-as interpret-as=\"x&quot;&gt;&lt;bad\">&lt;1&amp;2&gt;</say-as></speak>"
        );
    }

    #[test]
    fn clamps_pauses() {
        assert_eq!(
            Ssml::new().pause_ms(60_000).to_string(),
            "<speak><break time=\"10000ms\"/></speak>"
        );
    }

    #[test]
    fn empty_document() {
        assert!(Ssml::new().is_empty());
        assert_eq!(Ssml::new().to_string(), "<speak></speak>");
    }

    #[test]
    fn long_documents_stay_within_the_limit_and_drop_whole_tags() {
        let filler = "word ".repeat(1598); // 7990 characters, trimmed to 7989
        let ssml = Ssml::new()
            .text(&filler)
            .say_as("digits", "12345")
            .text(" tail");
        let rendered = ssml.to_string();
        assert!(rendered.chars().count() <= MAX_SPEECH_CHARS);
        assert!(
            !rendered.contains("say-as"),
            "a tag that does not fit is left out whole"
        );
        assert!(
            !rendered.contains("tail"),
            "nothing after a part that did not fit"
        );
        assert!(
            rendered.ends_with(" word</speak>"),
            "cut at a word boundary, trailing space trimmed"
        );
    }
}
