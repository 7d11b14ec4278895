//! What the stand-in received, kept in order so tests can check what a client sent.

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
        let rest = self.path.strip_prefix("/services/data/")?;
        let (_version, endpoint) = rest.split_once('/')?;
        if endpoint != "query" {
            return None;
        }
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(self.query.as_deref()?).ok()?;
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
