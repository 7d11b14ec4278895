//! Log capture for the secret-in-log tests: a writer every log line goes to, a subscriber at
//! TRACE around it (so dependencies' own events are seen too), and the forms a secret could take
//! in a captured line.

use std::io;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Every log line written through it, from every thread, in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// A new, empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// What was written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }

    /// The JSON lines written so far that parse (a subscriber made with [`Capture::json`]).
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.text()
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// A plain-text TRACE subscriber writing here, for `tracing::subscriber::set_default`.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(self.clone())
            .finish()
    }

    /// A JSON-lines TRACE subscriber writing here (the format Lambda's JSON logging uses).
    pub fn json(&self) -> impl tracing::Subscriber + Send + Sync {
        tracing_subscriber::fmt()
            .json()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(self.clone())
            .finish()
    }

    /// The one global TRACE capture of this test binary (installed on first use), for tests
    /// whose code logs from other threads and runtimes.
    ///
    /// # Panics
    /// When another global subscriber was installed first.
    pub fn global() -> &'static Capture {
        static GLOBAL: OnceLock<Capture> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            let capture = Capture::new();
            if let Err(error) = capture.subscriber().try_init() {
                panic!("another global subscriber was installed first: {error}");
            }
            capture
        })
    }
}

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Secrets to look for, each with every form it could take in a log line, a page or a stored
/// item: as is, form-urlencoded, base64 (standard and URL-safe) and hex.
#[derive(Debug, Default, Clone)]
pub struct SecretForms(Vec<(String, String)>);

impl SecretForms {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a secret and its encoded forms.
    ///
    /// # Panics
    /// When the secret is too short to be searched for without false alarms.
    pub fn add(&mut self, secret: &str) -> &mut Self {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        use base64::Engine as _;
        assert!(secret.len() >= 12, "too short to search for: {secret}");
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
        for form in [
            secret.to_owned(),
            encoded,
            STANDARD_NO_PAD.encode(secret),
            URL_SAFE_NO_PAD.encode(secret),
            hex,
        ] {
            self.0.push((secret.to_owned(), form));
        }
        self
    }

    /// Adds an `Authorization: Basic` value, and the base64 inside it.
    pub fn add_basic(&mut self, header: &str) -> &mut Self {
        let inner = header.trim_start_matches("Basic ");
        self.0.push((header.to_owned(), header.to_owned()));
        self.0
            .push((header.to_owned(), inner.trim_end_matches('=').to_owned()));
        self
    }

    /// The secrets (in some form) that `text` contains.
    pub fn found_in(&self, text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = self
            .0
            .iter()
            .filter(|(_, form)| text.contains(form.as_str()))
            .map(|(secret, _)| secret.as_str())
            .collect();
        found.dedup();
        found
    }

    /// Asserts that `text` (named `what` in the failure) holds no secret in any form.
    ///
    /// # Panics
    /// When it does.
    pub fn assert_absent(&self, what: &str, text: &str) {
        let found = self.found_in(text);
        assert!(found.is_empty(), "secrets {found:?} in {what}:\n{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_sees_trace_events_and_secret_forms_are_found() {
        let capture = Capture::new();
        tracing::subscriber::with_default(capture.subscriber(), || {
            tracing::trace!(token = "abcdefghijklmnop%2F", "hello");
        });
        assert!(capture.text().contains("hello"));
        let mut secrets = SecretForms::new();
        secrets.add("abcdefghijklmnop/");
        assert_eq!(secrets.found_in(&capture.text()), ["abcdefghijklmnop/"]);
        secrets.assert_absent("nothing", "clean text");
    }
}
