//! Which instance URLs belong to Salesforce, so an access token is sent nowhere else.
//!
//! The instance URL the skill sends a token to comes from the linked token, which a user (or an
//! attacker who crafted an account-linking response) controls. A token must therefore only go
//! to a host that is *provably* Salesforce's: `https` and a parsed host that ends, on a label
//! boundary, with one of Salesforce's documented instance domains. A substring check
//! (`host.contains("salesforce.com")`) is a known token-theft bug: `salesforce.com.evil.com`
//! passes it. Operators can add exact origins (a local stand-in, a proxy they run) with
//! [`InstancePolicy::extra_origins`].

use std::fmt;

use url::{Host, Origin, Url};

/// Domains under which Salesforce serves orgs' instances (API hosts), each matched as a
/// dot-boundary suffix of the host (`acme.my.salesforce.com` matches `.salesforce.com`; the
/// bare `salesforce.com` does not: no instance lives there).
///
/// - `.salesforce.com`: My Domain (`*.my.salesforce.com`, `*.sandbox.my.salesforce.com`) and
///   legacy instances (`na1.salesforce.com`).
/// - `.force.com`, `.cloudforce.com`, `.database.com`: older instance and My Domain hosts.
/// - `.salesforce-setup.com`: Setup hosts under enhanced domains.
/// - `.salesforce.mil`, `.crmforce.mil`: the US government (military) partition.
/// - `.sfcrmapps.cn`, `.sfcrmproducts.cn`: Salesforce on Alibaba Cloud (China partition).
///
/// Deliberately absent: `site.com` and `salesforce-sites.com` (customers' public Experience
/// Cloud sites, which serve customer content, not the org's API).
pub const SALESFORCE_DOMAIN_SUFFIXES: &[&str] = &[
    ".salesforce.com",
    ".force.com",
    ".cloudforce.com",
    ".database.com",
    ".salesforce-setup.com",
    ".salesforce.mil",
    ".crmforce.mil",
    ".sfcrmapps.cn",
    ".sfcrmproducts.cn",
];

/// Whether `host` (a host name as it appears in a URL, without port) is under one of
/// [`SALESFORCE_DOMAIN_SUFFIXES`].
///
/// Matching is ASCII case-insensitive and on a label boundary. A host with a trailing dot, an
/// empty label, or any character outside `[A-Za-z0-9.-]` is refused: Salesforce never issues
/// such instance URLs, and refusing only costs the user a re-link, never a leaked token.
pub fn is_salesforce_host(host: &str) -> bool {
    let valid_chars = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if host.is_empty() || !valid_chars || host.split('.').any(str::is_empty) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    SALESFORCE_DOMAIN_SUFFIXES
        .iter()
        .any(|suffix| host.len() > suffix.len() && host.ends_with(suffix))
}

/// Where the skill may send an access token.
///
/// A URL is allowed when it is `https`, on the default port, without credentials, and its host
/// is a Salesforce domain ([`is_salesforce_host`]); or when its origin (scheme, host and port)
/// equals one of `extra_origins` exactly.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct InstancePolicy {
    /// Origins trusted besides Salesforce's own domains, compared exactly.
    pub extra_origins: Vec<Origin>,
}

impl InstancePolicy {
    /// A policy that trusts Salesforce's domains and the given origins.
    pub fn new(extra_origins: Vec<Origin>) -> Self {
        Self { extra_origins }
    }

    /// Whether a token may be sent to `url`.
    pub fn allows(&self, url: &Url) -> bool {
        // Credentials in the URL would be sent too (reqwest turns them into Basic auth), and
        // `https://evil@host` is a classic spoofing shape: never trust one.
        if !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let origin = url.origin();
        if origin.is_tuple() && self.extra_origins.contains(&origin) {
            return true;
        }
        url.scheme() == "https"
            && url.port().is_none()
            && matches!(url.host(), Some(Host::Domain(domain)) if is_salesforce_host(domain))
    }
}

impl fmt::Debug for InstancePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origins: Vec<String> = self
            .extra_origins
            .iter()
            .map(Origin::ascii_serialization)
            .collect();
        f.debug_struct("InstancePolicy")
            .field("extra_origins", &origins)
            .finish()
    }
}

/// Why a string is not an origin `scheme://host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    /// Not a URL at all.
    #[error("`{0}` is not a URL")]
    NotAUrl(String),
    /// Not `http` or `https`.
    #[error("`{0}` must use http or https")]
    Scheme(String),
    /// Has a path, query, fragment or credentials: an origin is only scheme, host and port.
    #[error("`{0}` must be only scheme://host[:port], without path, query or credentials")]
    NotAnOrigin(String),
}

/// Parses an exact origin such as `http://127.0.0.1:8787` or `https://sf-proxy.example.com`.
///
/// A trailing `/` is tolerated; anything else after the authority is refused so that a typo
/// such as `https://proxy.example.com/api` is reported rather than silently widened.
pub fn parse_origin(text: &str) -> Result<Origin, OriginError> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| OriginError::NotAUrl(text.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(OriginError::Scheme(text.to_owned()));
    }
    let only_origin = url.host().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !only_origin {
        return Err(OriginError::NotAnOrigin(text.to_owned()));
    }
    Ok(url.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salesforce_hosts_by_suffix_on_a_label_boundary() {
        let cases: &[(&str, bool)] = &[
            ("acme.my.salesforce.com", true),
            ("acme.sandbox.my.salesforce.com", true),
            ("na44.salesforce.com", true),
            ("ACME.My.SalesForce.COM", true),
            ("acme.my.salesforce-setup.com", true),
            ("acme.lightning.force.com", true),
            ("acme.cloudforce.com", true),
            ("acme.database.com", true),
            ("acme.my.salesforce.mil", true),
            ("acme.crmforce.mil", true),
            ("acme.my.sfcrmapps.cn", true),
            ("acme.my.sfcrmproducts.cn", true),
            ("salesforce.com", false),
            ("force.com", false),
            ("evilsalesforce.com", false),
            ("salesforce.com.evil.com", false),
            ("acme.salesforce.com.evil.com", false),
            ("evil.com/.salesforce.com", false),
            ("evil.com#.salesforce.com", false),
            ("evil.com?.salesforce.com", false),
            ("user@acme.salesforce.com", false),
            ("acme.my.salesforce.com.", false),
            ("acme..salesforce.com", false),
            (".salesforce.com", false),
            ("acme.my.salesforce.com:443", false),
            ("acme.site.com", false),
            ("acme.my.salesforce-sites.com", false),
            ("127.0.0.1", false),
            ("", false),
        ];
        for &(host, expected) in cases {
            assert_eq!(is_salesforce_host(host), expected, "{host}");
        }
    }

    fn allows(policy: &InstancePolicy, url: &str) -> bool {
        Url::parse(url).is_ok_and(|url| policy.allows(&url))
    }

    #[test]
    fn default_policy_only_allows_https_salesforce_hosts() {
        let policy = InstancePolicy::default();
        let cases: &[(&str, bool)] = &[
            ("https://acme.my.salesforce.com", true),
            ("https://acme.my.salesforce.com/", true),
            ("https://ACME.MY.SALESFORCE.COM", true),
            ("https://acme.my.salesforce.com:443", true), // the default port, normalised away
            ("https://acme.my.salesforce.mil", true),
            ("https://acme.my.sfcrmapps.cn", true),
            ("http://x.my.salesforce.com", false),
            ("https://acme.my.salesforce.com:8443", false),
            ("https://evil.com/.salesforce.com", false),
            ("https://evil.com#.salesforce.com", false),
            ("https://evil.com?.salesforce.com", false),
            ("https://salesforce.com.evil.com", false),
            ("https://user@evil.com", false),
            ("https://acme.my.salesforce.com@evil.com", false),
            ("https://evil.com@acme.my.salesforce.com", false),
            ("https://u:p@acme.my.salesforce.com", false),
            ("https://acme.my.salesforce.com.", false),
            ("https://evil.com\\.salesforce.com", false),
            ("https://13.108.0.1", false),
            ("https://[::1]", false),
            ("http://127.0.0.1:8787", false),
            ("ftp://acme.my.salesforce.com", false),
            ("https://salesforce.com", false),
        ];
        for &(url, expected) in cases {
            assert_eq!(allows(&policy, url), expected, "{url}");
        }
    }

    #[test]
    fn extra_origins_match_scheme_host_and_port_exactly() {
        let policy = InstancePolicy::new(vec![
            parse_origin("http://127.0.0.1:8787").unwrap(),
            parse_origin("https://sf-proxy.example.com/").unwrap(),
        ]);
        let cases: &[(&str, bool)] = &[
            ("http://127.0.0.1:8787", true),
            ("http://127.0.0.1:8787/services/data/v66.0/query", true),
            ("http://127.0.0.1:8788", false),
            ("https://127.0.0.1:8787", false),
            ("http://localhost:8787", false),
            ("http://127.0.0.1", false),
            ("https://sf-proxy.example.com", true),
            ("https://SF-PROXY.example.com:443/x", true),
            ("http://sf-proxy.example.com", false),
            ("https://sf-proxy.example.com:8443", false),
            ("https://sf-proxy.example.com.evil.com", false),
            ("https://user@sf-proxy.example.com", false),
            ("https://acme.my.salesforce.com", true),
        ];
        for &(url, expected) in cases {
            assert_eq!(allows(&policy, url), expected, "{url}");
        }
    }

    #[test]
    fn parses_origins_and_refuses_anything_more() {
        assert_eq!(
            parse_origin(" http://127.0.0.1:8787 ")
                .unwrap()
                .ascii_serialization(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            parse_origin("https://Proxy.Example.com:443")
                .unwrap()
                .ascii_serialization(),
            "https://proxy.example.com"
        );
        assert!(matches!(
            parse_origin("127.0.0.1:8787"),
            Err(OriginError::Scheme(_) | OriginError::NotAUrl(_))
        ));
        assert!(matches!(
            parse_origin("not a url"),
            Err(OriginError::NotAUrl(_))
        ));
        assert!(matches!(
            parse_origin("ftp://example.com"),
            Err(OriginError::Scheme(_))
        ));
        for bad in [
            "https://example.com/api",
            "https://example.com/?q=1",
            "https://example.com/#x",
            "https://user@example.com",
        ] {
            assert!(
                matches!(parse_origin(bad), Err(OriginError::NotAnOrigin(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_lists_origins_readably() {
        let policy = InstancePolicy::new(vec![parse_origin("http://127.0.0.1:8787").unwrap()]);
        assert_eq!(
            format!("{policy:?}"),
            r#"InstancePolicy { extra_origins: ["http://127.0.0.1:8787"] }"#
        );
    }
}
