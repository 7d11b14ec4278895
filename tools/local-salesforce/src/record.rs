//! What the stand-in received, kept in order so tests can check what a client sent: every
//! HTTP request ([`RecordedRequest`]; a Composite request is one), and every sub-request a
//! Composite request ran ([`RecordedSubRequest`]).

/// One request as it arrived.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Every header, names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body's form fields (empty when it is not a form).
    pub fn form(&self) -> Vec<(String, String)> {
        serde_urlencoded::from_bytes(&self.body).unwrap_or_default()
    }

    /// The decoded `q` of a query request (`GET /services/data/vNN.N/query?q=...`).
    pub fn soql(&self) -> Option<String> {
        self.q_of("query")
    }

    /// The decoded `q` of a search request (`GET /services/data/vNN.N/search?q=...`).
    pub fn sosl(&self) -> Option<String> {
        self.q_of("search")
    }

    /// Whether this is a Composite request (`POST /services/data/vNN.N/composite`).
    pub fn is_composite(&self) -> bool {
        self.data_endpoint() == Some("composite")
    }

    /// The Composite sub-requests as sent (`(method, url, referenceId)`), read from the body;
    /// empty for any other request.
    pub fn composite_parts(&self) -> Vec<(String, String, String)> {
        if !self.is_composite() {
            return Vec::new();
        }
        let body: serde_json::Value = serde_json::from_slice(&self.body).unwrap_or_default();
        body.get("compositeRequest")
            .and_then(serde_json::Value::as_array)
            .map(|requests| {
                requests
                    .iter()
                    .map(|r| {
                        let text = |key: &str| {
                            r.get(key)
                                .and_then(serde_json::Value::as_str)
                                .unwrap_or_default()
                                .to_owned()
                        };
                        (text("method"), text("url"), text("referenceId"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What follows `/services/data/vNN.N/`.
    fn data_endpoint(&self) -> Option<&str> {
        let rest = self.path.strip_prefix("/services/data/")?;
        rest.split_once('/').map(|(_version, endpoint)| endpoint)
    }

    fn q_of(&self, endpoint: &str) -> Option<String> {
        if self.data_endpoint()? != endpoint {
            return None;
        }
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(self.query.as_deref()?).ok()?;
        pairs.into_iter().find(|(k, _)| k == "q").map(|(_, v)| v)
    }
}

/// One sub-request of a Composite request, as the stand-in ran it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedSubRequest {
    /// Which Composite request it belonged to: 0 for the first the stand-in ran (requests
    /// refused as a whole, e.g. unauthenticated, do not count).
    pub composite: usize,
    /// `GET`, `POST`, `PATCH`, ... (upper case).
    pub method: String,
    /// The URL as sent (references unresolved).
    pub url: String,
    /// The URL as run: references replaced by their values (as sent when one failed).
    pub resolved_url: String,
    /// Its `referenceId`.
    pub reference_id: String,
    /// The status of its sub-response.
    pub status: u16,
}

impl RecordedSubRequest {
    /// Whether it writes (anything but GET).
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }

    /// The decoded `q` of a query sub-request, as run.
    pub fn soql(&self) -> Option<String> {
        self.q_of("query")
    }

    /// The decoded `q` of a search sub-request, as run.
    pub fn sosl(&self) -> Option<String> {
        self.q_of("search")
    }

    fn q_of(&self, endpoint: &str) -> Option<String> {
        let rest = self.resolved_url.strip_prefix("/services/data/")?;
        let (_version, rest) = rest.split_once('/')?;
        let (path, query) = rest.split_once('?')?;
        if path != endpoint {
            return None;
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
        pairs.into_iter().find(|(k, _)| k == "q").map(|(_, v)| v)
    }
}

/// Headers whose values are credentials.
const SECRET_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

impl std::fmt::Debug for RecordedRequest {
    /// Redacts credentials: the Authorization header, and the body (which may carry client
    /// secrets, codes or tokens) is shown only by length.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if SECRET_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                    "[redacted]"
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "query",
                &self
                    .query
                    .as_ref()
                    .map(|q| q.len())
                    .map(|n| format!("[{n} bytes]")),
            )
            .field("headers", &headers)
            .field("body", &format!("[{} bytes]", self.body.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, query: Option<&str>) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: path.into(),
            query: query.map(Into::into),
            headers: vec![
                ("authorization".into(), "Bearer 00D!AQ.secret".into()),
                ("accept".into(), "application/json".into()),
            ],
            body: b"client_secret=shh".to_vec(),
        }
    }

    #[test]
    fn debug_redacts_credentials() {
        let shown = format!("{:?}", request("/services/oauth2/token", None));
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("[redacted]"));
        assert!(shown.contains("application/json"));
    }

    #[test]
    fn soql_is_decoded_from_query_requests_only() {
        let r = request(
            "/services/data/v66.0/query",
            Some("q=SELECT+Name+FROM+Lead+WHERE+Name+%3D+%27a%26b%27"),
        );
        assert_eq!(
            r.soql().as_deref(),
            Some("SELECT Name FROM Lead WHERE Name = 'a&b'")
        );
        assert_eq!(
            request("/services/data/v66.0/query/01g-2", None).soql(),
            None
        );
        assert_eq!(
            request("/services/oauth2/userinfo", Some("q=x")).soql(),
            None
        );
        assert_eq!(r.header("Authorization"), Some("Bearer 00D!AQ.secret"));
    }
}
