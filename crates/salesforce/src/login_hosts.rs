//! Which login hosts a user may be sent to, and a code or refresh token redeemed at: the
//! login-host policy of the token proxy's landing page. Pure, no I/O.
//!
//! A user picks their org on the landing page: `production`, `sandbox`, or a My Domain (a bare
//! name such as `acme`, a host such as `acme.my.salesforce.com`, or an https URL). The choice
//! decides where the user logs in *and* where the client secret is later sent with the code, so
//! the policy is strict: a host is Salesforce's login host only when its *parsed* host is
//! `login.salesforce.com`, `test.salesforce.com`, or ends on a label boundary in
//! `.my.salesforce.com` (which includes `.sandbox.my.salesforce.com`) or `.my.salesforce.mil`,
//! over https, on the default port, without userinfo, path, query or fragment. An operator can
//! add exact origins (a local stand-in) with [`LoginHostPolicy::trusted`].

use std::fmt;

use url::{Host, Origin, Url};

/// Salesforce's exact login hosts (production and Developer Edition; sandboxes).
pub const LOGIN_HOSTS: &[&str] = &["login.salesforce.com", "test.salesforce.com"];

/// Suffixes of My Domain login hosts, each matched on a label boundary (`acme.my.salesforce.com`
/// matches `.my.salesforce.com`; `my.salesforce.com` itself does not).
pub const MY_DOMAIN_SUFFIXES: &[&str] = &[".my.salesforce.com", ".my.salesforce.mil"];

/// The `login` value that means the production login host.
pub const PRODUCTION: &str = "production";
/// The `login` value that means the sandbox login host.
pub const SANDBOX: &str = "sandbox";

/// Whether `host` (a lower- or mixed-case DNS name, no port) is one of Salesforce's login hosts:
/// [`LOGIN_HOSTS`] exactly, or under one of [`MY_DOMAIN_SUFFIXES`] on a label boundary.
///
/// Every label must be 1 to 63 characters of `[A-Za-z0-9-]`, not starting or ending with `-`;
/// a trailing dot or an empty label is refused.
pub fn is_salesforce_login_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 253 || !host.split('.').all(is_dns_label) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    LOGIN_HOSTS.contains(&host.as_str())
        || MY_DOMAIN_SUFFIXES
            .iter()
            .any(|suffix| host.len() > suffix.len() && host.ends_with(suffix))
}

/// One DNS label: 1 to 63 of `[A-Za-z0-9-]`, no leading or trailing `-`.
fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A login origin that passed the policy: where the user logs in (`<origin>/services/oauth2/authorize`)
/// and where the code and refresh tokens are redeemed (`<origin>/services/oauth2/token`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LoginOrigin(Origin);

impl LoginOrigin {
    /// The origin.
    pub fn origin(&self) -> &Origin {
        &self.0
    }

    /// `scheme://host[:port]`, the form sealed into states, codes and refresh tokens.
    pub fn serialization(&self) -> String {
        self.0.ascii_serialization()
    }

    /// The host, with its port when it is not the scheme's default (`acme.my.salesforce.com`,
    /// `127.0.0.1:8787`): what a log line names.
    pub fn host(&self) -> String {
        match &self.0 {
            Origin::Tuple(scheme, host, port) => {
                let default = match scheme.as_str() {
                    "https" => 443,
                    "http" => 80,
                    _ => 0,
                };
                if *port == default {
                    host.to_string()
                } else {
                    format!("{host}:{port}")
                }
            }
            Origin::Opaque(_) => String::new(),
        }
    }

    /// The origin as a URL with the path `/`.
    pub fn url(&self) -> Url {
        // A tuple origin always serialises to a valid absolute URL; an opaque one is never
        // built (every constructor checks `is_tuple`).
        Url::parse(&self.0.ascii_serialization())
            .unwrap_or_else(|_| unreachable!("a tuple origin is a URL"))
    }

    /// `<origin>/services/oauth2/authorize`.
    pub fn authorize_url(&self) -> Url {
        let mut url = self.url();
        url.set_path("/services/oauth2/authorize");
        url
    }

    /// `<origin>/services/oauth2/token`.
    pub fn token_url(&self) -> Url {
        crate::oauth::token_url(&self.url())
    }
}

impl fmt::Debug for LoginOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LoginOrigin")
            .field(&self.0.ascii_serialization())
            .finish()
    }
}

impl fmt::Display for LoginOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.ascii_serialization())
    }
}

/// Why a `login` choice was refused. `Display` is a sentence for the landing page; it never
/// repeats the value (the page shows it, escaped, itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginHostError {
    /// Nothing was entered.
    #[error("enter your My Domain name, or choose production or sandbox")]
    Empty,
    /// Not a name, host or URL that could be a Salesforce login host.
    #[error("that is not a Salesforce My Domain: enter a name such as acme, or a host such as acme.my.salesforce.com")]
    Malformed,
    /// A well-formed host or URL, but not a Salesforce login host (nor a trusted origin).
    #[error("that is not a Salesforce login host: use a host ending in .my.salesforce.com, or choose production or sandbox")]
    NotSalesforce,
}

/// The login-host policy: the production and sandbox login origins (from the configuration),
/// and the exact origins trusted besides Salesforce's own login domains.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginHostPolicy {
    production: LoginOrigin,
    sandbox: LoginOrigin,
    trusted: Vec<Origin>,
}

impl LoginHostPolicy {
    /// A policy whose `production` and `sandbox` choices are these URLs' origins (configured by
    /// the operator, so not checked against the Salesforce domains), trusting `trusted` exactly.
    ///
    /// Returns `None` when either URL has no tuple origin (no host, or a non-http(s) scheme).
    pub fn new(production: &Url, sandbox: &Url, trusted: Vec<Origin>) -> Option<Self> {
        let production = production.origin();
        let sandbox = sandbox.origin();
        if !production.is_tuple() || !sandbox.is_tuple() {
            return None;
        }
        Some(Self {
            production: LoginOrigin(production),
            sandbox: LoginOrigin(sandbox),
            trusted: trusted.into_iter().filter(Origin::is_tuple).collect(),
        })
    }

    /// The production login origin.
    pub fn production(&self) -> &LoginOrigin {
        &self.production
    }

    /// The sandbox login origin.
    pub fn sandbox(&self) -> &LoginOrigin {
        &self.sandbox
    }

    /// The origins trusted besides Salesforce's login domains.
    pub fn trusted(&self) -> &[Origin] {
        &self.trusted
    }

    /// The login origin for a user's `login` choice: `production`, `sandbox` (both
    /// case-insensitive), or a My Domain: a bare name (`acme` means
    /// `https://acme.my.salesforce.com`), a host, or an https URL whose host passes
    /// [`is_salesforce_login_host`] with no userinfo, port, path beyond `/`, query or fragment;
    /// or an exact trusted origin.
    pub fn resolve(&self, choice: &str) -> Result<LoginOrigin, LoginHostError> {
        let choice = choice.trim();
        if choice.is_empty() {
            return Err(LoginHostError::Empty);
        }
        if choice.eq_ignore_ascii_case(PRODUCTION) {
            return Ok(self.production.clone());
        }
        if choice.eq_ignore_ascii_case(SANDBOX) {
            return Ok(self.sandbox.clone());
        }
        // Salesforce's names and hosts are ASCII; a non-ASCII character is at best a typo and at
        // worst a lookalike (Cyrillic `а` for `a`), so it is refused rather than punycoded.
        if !choice.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(LoginHostError::Malformed);
        }
        if let Some(url) = self.trusted_url(choice) {
            return Ok(LoginOrigin(url.origin()));
        }
        if is_dns_label(choice) {
            let host = format!("{}.my.salesforce.com", choice.to_ascii_lowercase());
            return self.salesforce_origin(&format!("https://{host}"), &host);
        }
        let (scheme, rest) = match choice.split_once("://") {
            Some((scheme, rest)) => (scheme, rest),
            None => ("https", choice),
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(LoginHostError::NotSalesforce);
        }
        // The authority is everything up to the first `/`, `?`, `#` or `\`; userinfo (`@`) and
        // an explicit port (`:`) are refused as written, before any normalisation.
        let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if authority.contains(['@', ':', '[', ']', '%']) {
            return Err(LoginHostError::NotSalesforce);
        }
        if !(tail.is_empty() || tail == "/") {
            return Err(LoginHostError::NotSalesforce);
        }
        self.salesforce_origin(&format!("https://{authority}/"), authority)
    }

    /// An http(s) URL whose origin is one of the trusted origins exactly, with nothing after
    /// the authority but `/`.
    fn trusted_url(&self, choice: &str) -> Option<Url> {
        if self.trusted.is_empty() || !choice.contains("://") {
            return None;
        }
        let url = Url::parse(choice).ok()?;
        let only_origin = url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none();
        (only_origin && self.trusted.contains(&url.origin())).then_some(url)
    }

    fn salesforce_origin(
        &self,
        text: &str,
        written_host: &str,
    ) -> Result<LoginOrigin, LoginHostError> {
        let url = Url::parse(text).map_err(|_| LoginHostError::Malformed)?;
        let host = match url.host() {
            Some(Host::Domain(host)) => host,
            Some(_) => return Err(LoginHostError::NotSalesforce),
            None => return Err(LoginHostError::Malformed),
        };
        // The parsed host must be what was written (modulo case): no decoding or IDNA mapping
        // may have turned one host into another.
        if !host.eq_ignore_ascii_case(written_host) || !is_salesforce_login_host(host) {
            return Err(LoginHostError::NotSalesforce);
        }
        let checked = url.scheme() == "https"
            && url.port().is_none()
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none();
        if !checked {
            return Err(LoginHostError::NotSalesforce);
        }
        Ok(LoginOrigin(url.origin()))
    }

    /// Whether an origin (read back from a sealed state, code or refresh token) still passes the
    /// policy: the production or sandbox origin, a trusted origin, or https on the default port
    /// to a Salesforce login host.
    pub fn allows(&self, origin: &Origin) -> bool {
        if origin == self.production.origin()
            || origin == self.sandbox.origin()
            || self.trusted.contains(origin)
        {
            return true;
        }
        match origin {
            Origin::Tuple(scheme, Host::Domain(host), port) => {
                scheme == "https" && *port == 443 && is_salesforce_login_host(host)
            }
            _ => false,
        }
    }

    /// Reads a sealed origin serialization back into a [`LoginOrigin`], when it still passes
    /// [`LoginHostPolicy::allows`].
    pub fn reopen(&self, serialization: &str) -> Option<LoginOrigin> {
        let url = Url::parse(serialization).ok()?;
        let origin = url.origin();
        if !origin.is_tuple() || origin.ascii_serialization() != serialization {
            return None;
        }
        self.allows(&origin).then_some(LoginOrigin(origin))
    }
}

impl fmt::Debug for LoginHostPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let trusted: Vec<String> = self
            .trusted
            .iter()
            .map(Origin::ascii_serialization)
            .collect();
        f.debug_struct("LoginHostPolicy")
            .field("production", &self.production)
            .field("sandbox", &self.sandbox)
            .field("trusted", &trusted)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn policy(trusted: &[&str]) -> LoginHostPolicy {
        LoginHostPolicy::new(
            &Url::parse("https://login.salesforce.com").unwrap(),
            &Url::parse("https://test.salesforce.com").unwrap(),
            trusted
                .iter()
                .map(|t| crate::hosts::parse_origin(t).unwrap())
                .collect(),
        )
        .unwrap()
    }

    fn resolved(policy: &LoginHostPolicy, choice: &str) -> Result<String, LoginHostError> {
        policy.resolve(choice).map(|o| o.serialization())
    }

    #[test]
    fn production_and_sandbox_are_the_configured_hosts() {
        let local = LoginHostPolicy::new(
            &Url::parse("http://127.0.0.1:8787/").unwrap(),
            &Url::parse("http://127.0.0.1:8788").unwrap(),
            vec![],
        )
        .unwrap();
        for (choice, want) in [
            ("production", "http://127.0.0.1:8787"),
            ("Production", "http://127.0.0.1:8787"),
            (" sandbox ", "http://127.0.0.1:8788"),
            ("SANDBOX", "http://127.0.0.1:8788"),
        ] {
            assert_eq!(resolved(&local, choice).unwrap(), want, "{choice}");
        }
        assert_eq!(
            resolved(&policy(&[]), "production").unwrap(),
            "https://login.salesforce.com"
        );
        assert_eq!(
            resolved(&policy(&[]), "sandbox").unwrap(),
            "https://test.salesforce.com"
        );
    }

    #[test]
    fn my_domain_names_hosts_and_urls() {
        let policy = policy(&[]);
        for (choice, want) in [
            ("acme", "https://acme.my.salesforce.com"),
            ("Acme", "https://acme.my.salesforce.com"),
            ("acme-corp2", "https://acme-corp2.my.salesforce.com"),
            ("acme--uat", "https://acme--uat.my.salesforce.com"),
            ("acme.my.salesforce.com", "https://acme.my.salesforce.com"),
            ("ACME.MY.SALESFORCE.COM", "https://acme.my.salesforce.com"),
            ("acme.my.salesforce.com/", "https://acme.my.salesforce.com"),
            (
                "https://acme.my.salesforce.com",
                "https://acme.my.salesforce.com",
            ),
            (
                "HTTPS://Acme.My.Salesforce.com/",
                "https://acme.my.salesforce.com",
            ),
            (
                "acme--uat.sandbox.my.salesforce.com",
                "https://acme--uat.sandbox.my.salesforce.com",
            ),
            (
                "https://agency.my.salesforce.mil",
                "https://agency.my.salesforce.mil",
            ),
            ("login.salesforce.com", "https://login.salesforce.com"),
            (
                "https://test.salesforce.com/",
                "https://test.salesforce.com",
            ),
        ] {
            assert_eq!(resolved(&policy, choice).unwrap(), want, "{choice}");
        }
    }

    #[test]
    fn lookalikes_and_other_shapes_are_refused() {
        let policy = policy(&[]);
        for choice in [
            "",
            "   ",
            "evil.com",
            "https://evil.com",
            "evil.com/.my.salesforce.com",
            "https://evil.com/.my.salesforce.com",
            "https://evil.com?.my.salesforce.com",
            "https://evil.com#.my.salesforce.com",
            "https://evil.com\\.my.salesforce.com",
            "my.salesforce.com",
            "https://my.salesforce.com",
            "my.salesforce.com.evil.com",
            "acme.my.salesforce.com.evil.com",
            "acmemy.salesforce.com",
            "evilmy.salesforce.com",
            "salesforce.com",
            "acme.salesforce.com",
            "acme.force.com",
            "acme.lightning.force.com",
            "user@acme.my.salesforce.com",
            "https://user@acme.my.salesforce.com",
            "https://user:pw@acme.my.salesforce.com",
            "https://acme.my.salesforce.com@evil.com",
            "acme.my.salesforce.com:443",
            "https://acme.my.salesforce.com:443",
            "https://acme.my.salesforce.com:8443",
            "https://acme.my.salesforce.com/path",
            "https://acme.my.salesforce.com/?x=1",
            "https://acme.my.salesforce.com?x=1",
            "https://acme.my.salesforce.com#f",
            "http://acme.my.salesforce.com",
            "ftp://acme.my.salesforce.com",
            "javascript:alert(1)",
            "//acme.my.salesforce.com",
            "127.0.0.1",
            "https://127.0.0.1",
            "https://[::1]",
            "http://127.0.0.1:8787",
            "acme.my.salesforce.com.",
            "acme..my.salesforce.com",
            "-acme",
            "acme-",
            "ac_me",
            "ac me",
            "ac\tme",
            "acme.my.salesforce.com%2f",
            "acme%2emy.salesforce.com",
            "аcme", // Cyrillic a
            "аcme.my.salesforce.com",
            "acme.my.sаlesforce.com",
            "acme.my.salesforce.com\u{3002}",
            "ａｃｍｅ.my.salesforce.com", // full-width letters
            "xn--cme-8cd.my.salesforce.com.evil.com",
            &"a".repeat(64),
        ] {
            assert!(policy.resolve(choice).is_err(), "{choice:?} was accepted");
        }
    }

    #[test]
    fn trusted_origins_are_exact() {
        let policy = policy(&["http://127.0.0.1:8787", "https://sf.example.com"]);
        assert_eq!(
            resolved(&policy, "http://127.0.0.1:8787").unwrap(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            resolved(&policy, "http://127.0.0.1:8787/").unwrap(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            resolved(&policy, "https://sf.example.com").unwrap(),
            "https://sf.example.com"
        );
        for choice in [
            "http://127.0.0.1:8788",
            "http://localhost:8787",
            "https://127.0.0.1:8787",
            "http://127.0.0.1:8787/x",
            "http://127.0.0.1:8787?x",
            "http://u@127.0.0.1:8787",
            "http://sf.example.com",
            "sf.example.com",
        ] {
            assert!(policy.resolve(choice).is_err(), "{choice}");
        }
    }

    #[test]
    fn sealed_origins_are_checked_again() {
        let policy = policy(&["http://127.0.0.1:8787"]);
        for ok in [
            "https://login.salesforce.com",
            "https://acme.my.salesforce.com",
            "https://acme.sandbox.my.salesforce.com",
            "http://127.0.0.1:8787",
        ] {
            assert_eq!(
                policy.reopen(ok).map(|o| o.serialization()).as_deref(),
                Some(ok),
                "{ok}"
            );
        }
        for bad in [
            "https://evil.com",
            "http://acme.my.salesforce.com",
            "https://acme.my.salesforce.com:8443",
            "http://127.0.0.1:8788",
            "https://acme.my.salesforce.com/",
            "not a url",
            "",
        ] {
            assert!(policy.reopen(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn urls_and_hosts() {
        let origin = policy(&[]).resolve("acme").unwrap();
        assert_eq!(origin.host(), "acme.my.salesforce.com");
        assert_eq!(
            origin.authorize_url().as_str(),
            "https://acme.my.salesforce.com/services/oauth2/authorize"
        );
        assert_eq!(
            origin.token_url().as_str(),
            "https://acme.my.salesforce.com/services/oauth2/token"
        );
        let local = policy(&["http://127.0.0.1:8787"])
            .resolve("http://127.0.0.1:8787")
            .unwrap();
        assert_eq!(local.host(), "127.0.0.1:8787");
        assert_eq!(
            format!("{local:?}"),
            "LoginOrigin(\"http://127.0.0.1:8787\")"
        );
    }

    /// An independent check of an accepted origin: https, default port, and a host that is one
    /// of the two login hosts or ends with a My Domain suffix after at least one label.
    fn independently_salesforce(origin: &LoginOrigin) -> bool {
        let text = origin.serialization();
        let Some(host) = text.strip_prefix("https://") else {
            return false;
        };
        if host.contains([':', '/', '@']) {
            return false;
        }
        host == "login.salesforce.com"
            || host == "test.salesforce.com"
            || ["my.salesforce.com", "my.salesforce.mil"]
                .iter()
                .any(|suffix| {
                    host.strip_suffix(suffix)
                        .is_some_and(|head| head.len() > 1 && head.ends_with('.'))
                })
    }

    proptest! {
        #[test]
        fn anything_accepted_is_a_salesforce_login_host(choice in "\\PC{0,60}") {
            if let Ok(origin) = policy(&[]).resolve(&choice) {
                prop_assert!(independently_salesforce(&origin), "{choice:?} -> {origin}");
            }
        }

        #[test]
        fn hosts_built_around_the_suffix_are_judged_by_the_suffix(
            head in "[a-z0-9./@:?#-]{0,20}",
            tail in "[a-z0-9./@:?#-]{0,12}",
        ) {
            let choice = format!("{head}.my.salesforce.com{tail}");
            if let Ok(origin) = policy(&[]).resolve(&choice) {
                prop_assert!(independently_salesforce(&origin), "{choice:?} -> {origin}");
                prop_assert!(tail.is_empty() || tail == "/");
            }
        }

        #[test]
        fn bare_names_map_to_my_domain(name in "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?") {
            prop_assume!(name != PRODUCTION && name != SANDBOX);
            let origin = policy(&[]).resolve(&name).unwrap();
            prop_assert_eq!(origin.serialization(), format!("https://{name}.my.salesforce.com"));
        }
    }
}
