//! The login flow in front of Salesforce: `GET /authorize` (Alexa's Authorization URI: the
//! landing page, then a redirect to the chosen org's login) and `GET /callback` (Salesforce's
//! redirect back, turned into a redirect to Alexa with a linked code). No network call: the
//! state, the code and the login origin travel sealed (see [`crate::seal`]).

use std::time::SystemTime;

use http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, Response};
use salesforce::login_hosts::LoginHostPolicy;
use secrecy::SecretString;
use url::Url;

use crate::config::Config;
use crate::html::{self, Landing};
use crate::request::form_pairs;
use crate::seal::{unix_seconds, LinkKeys, LinkState, LinkedCode, SealError};

/// The hosts of Alexa's account-linking redirect URIs.
pub const ALEXA_REDIRECT_HOSTS: &[&str] = &[
    "pitangui.amazon.com",
    "layla.amazon.com",
    "alexa.amazon.co.jp",
    "skills-store.amazon.com",
];

/// The path of Alexa's redirect URIs, before the vendor id.
pub const ALEXA_REDIRECT_PATH: &str = "/api/skill/link/";

/// Whether `uri` is one of Alexa's redirect URIs: `https://<an Alexa host>/api/skill/link/<VendorId>`
/// exactly as written (no userinfo, port, query, fragment, other case or encoding), the vendor
/// id `[A-Za-z0-9]+` and, when `vendor_ids` is set, one of them.
pub fn is_alexa_redirect_uri(uri: &str, vendor_ids: Option<&[String]>) -> bool {
    let Ok(url) = Url::parse(uri) else {
        return false;
    };
    // What was written must be what the URL serialises to: no `:443`, no `PITANGUI`, no dot
    // segments or percent-encoding that normalisation would hide.
    if url.as_str() != uri {
        return false;
    }
    let host_ok = url
        .host_str()
        .is_some_and(|host| ALEXA_REDIRECT_HOSTS.contains(&host));
    let vendor = url.path().strip_prefix(ALEXA_REDIRECT_PATH);
    let vendor_ok = vendor.is_some_and(|vendor| {
        !vendor.is_empty()
            && vendor.bytes().all(|b| b.is_ascii_alphanumeric())
            && vendor_ids.is_none_or(|ids| ids.iter().any(|id| id == vendor))
    });
    url.scheme() == "https"
        && host_ok
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none()
        && vendor_ok
}

/// What the login pages need from the proxy.
#[derive(Debug, Clone)]
pub struct Pages {
    /// The configuration.
    pub config: Config,
    /// The login-host policy built from it.
    pub policy: LoginHostPolicy,
    /// The pages' Content-Security-Policy.
    pub csp: HeaderValue,
}

/// How a login-flow request ended, for the log line.
#[derive(Debug, Default)]
pub struct FlowTrace {
    /// `success`, `landing`, `refused` or `rejected`.
    pub outcome: &'static str,
    /// A short code for a failure.
    pub error: Option<&'static str>,
    /// The login host chosen or sealed.
    pub login_host: Option<String>,
    /// The client id of the authorize request.
    pub client_id: Option<String>,
}

/// The query's parameters, strictly decoded, empty values dropped; `None` when it cannot be
/// decoded.
fn query_pairs(request: &Request) -> Option<Vec<(String, String)>> {
    let query = request.uri().query().unwrap_or("");
    let pairs = form_pairs(query.as_bytes())?;
    Some(pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect())
}

/// The one value of `name`: `Ok(None)` when absent, `Err(())` when repeated.
fn single<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, ()> {
    let mut values = pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(());
    }
    Ok(first)
}

/// `<redirect_uri>?<params>`, the parameters form-encoded.
fn with_query(base: &str, params: &[(&str, &str)]) -> String {
    let mut url = match Url::parse(base) {
        Ok(url) => url,
        Err(_) => return base.to_owned(),
    };
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, value);
        }
    }
    url.into()
}

/// `<base>/callback`.
pub fn callback_url(base: &str) -> String {
    format!("{}/callback", base.trim_end_matches('/'))
}

impl Pages {
    fn page(&self, status: StatusCode, heading: &str, message: &str) -> Response<Body> {
        html::html_response(
            status,
            html::error_page(&self.config.skill_name, heading, message),
            &self.csp,
        )
    }

    /// 503: the login pages cannot work without `LINK_SIGNING_KEY`.
    pub fn not_configured(&self, trace: &mut FlowTrace) -> Response<Body> {
        trace.outcome = "refused";
        trace.error = Some("not_configured");
        self.page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Account linking is not available",
            "The login page is not configured: the skill's operator has not set its signing key yet.",
        )
    }

    fn bad_request(
        &self,
        trace: &mut FlowTrace,
        error: &'static str,
        message: &str,
    ) -> Response<Body> {
        trace.outcome = "refused";
        trace.error = Some(error);
        self.page(StatusCode::BAD_REQUEST, "This link is not valid", message)
    }

    /// The page refusing a query string that cannot be read.
    fn invalid_query(&self, trace: &mut FlowTrace) -> Response<Body> {
        self.bad_request(
            trace,
            "invalid_query",
            "The request's parameters could not be read.",
        )
    }

    fn redirect(&self, location: &str) -> Response<Body> {
        html::redirect(location, &self.csp)
    }

    /// `GET /authorize`.
    pub fn authorize(
        &self,
        request: &Request,
        keys: &LinkKeys,
        public_base: Option<&str>,
        trace: &mut FlowTrace,
    ) -> Response<Body> {
        let Some(params) = query_pairs(request) else {
            return self.invalid_query(trace);
        };
        let vendor_ids = self.config.alexa_vendor_ids.as_deref();
        let redirect_uri = match single(&params, "redirect_uri") {
            Ok(Some(uri)) if is_alexa_redirect_uri(uri, vendor_ids) => uri,
            _ => return self.bad_request(
                trace,
                "invalid_redirect_uri",
                "The redirect_uri is missing or is not one of Alexa's account-linking addresses.",
            ),
        };
        let client_id = match single(&params, "client_id") {
            Ok(Some(id)) => id,
            _ => return self.bad_request(trace, "invalid_client", "The client_id is missing."),
        };
        trace.client_id = Some(client_id.to_owned());
        if !self.config.allows_client(client_id) {
            return self.bad_request(
                trace,
                "invalid_client",
                "This client_id is not allowed to use this login page.",
            );
        }

        // From here on the redirect_uri is trusted: errors go back to Alexa (RFC 6749 4.1.2.1).
        let state = single(&params, "state").ok().flatten();
        let to_alexa = |trace: &mut FlowTrace, error: &'static str, description: &str| {
            trace.outcome = "refused";
            trace.error = Some(error);
            let mut query = vec![("error", error), ("error_description", description)];
            if let Some(state) = state {
                query.push(("state", state));
            }
            self.redirect(&with_query(redirect_uri, &query))
        };
        if single(&params, "response_type") != Ok(Some("code")) {
            return to_alexa(
                trace,
                "unsupported_response_type",
                "only response_type=code is supported",
            );
        }
        let Ok(Some(alexa_state)) = single(&params, "state") else {
            return to_alexa(trace, "invalid_request", "state is missing or repeated");
        };
        let repeated = params
            .iter()
            .enumerate()
            .any(|(i, (name, _))| params[..i].iter().any(|(seen, _)| seen == name));
        let login = single(&params, "login");
        if repeated && login.is_ok() {
            return to_alexa(
                trace,
                "invalid_request",
                "a request parameter is included more than once",
            );
        }
        let forwarded: Vec<(String, String)> = params
            .iter()
            .filter(|(name, _)| name != "login")
            .cloned()
            .collect();
        let login = match login {
            Ok(Some(login)) => login,
            // No choice yet (or two choices at once): the landing page.
            Ok(None) | Err(()) => {
                trace.outcome = "landing";
                return self.landing(StatusCode::OK, &forwarded, None);
            }
        };
        let origin = match self.policy.resolve(login) {
            Ok(origin) => origin,
            Err(error) => {
                trace.outcome = "refused";
                trace.error = Some("invalid_login_host");
                let message = error.to_string();
                return self.landing(
                    StatusCode::BAD_REQUEST,
                    &forwarded,
                    Some((message.as_str(), login)),
                );
            }
        };
        trace.login_host = Some(origin.host());
        let Some(base) = public_base else {
            return self.not_configured(trace);
        };

        let sealed = keys.seal_state(&LinkState {
            redirect_uri: redirect_uri.to_owned(),
            alexa_state: alexa_state.to_owned(),
            client_id: client_id.to_owned(),
            login_origin: origin.serialization(),
            issued_at: unix_seconds(SystemTime::now()),
        });
        let callback = callback_url(base);
        let mut query = vec![
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", callback.as_str()),
            ("state", sealed.as_str()),
        ];
        for name in ["scope", "code_challenge", "code_challenge_method"] {
            if let Ok(Some(value)) = single(&params, name) {
                query.push((name, value));
            }
        }
        trace.outcome = "success";
        self.redirect(&with_query(origin.authorize_url().as_str(), &query))
    }

    fn landing(
        &self,
        status: StatusCode,
        params: &[(String, String)],
        error: Option<(&str, &str)>,
    ) -> Response<Body> {
        let html = html::landing(&Landing {
            skill_name: &self.config.skill_name,
            privacy_policy_url: self.config.privacy_policy_url.as_ref().map(Url::as_str),
            params,
            error,
        });
        html::html_response(status, html, &self.csp)
    }

    /// `GET /callback`.
    pub fn callback(
        &self,
        request: &Request,
        keys: &LinkKeys,
        trace: &mut FlowTrace,
    ) -> Response<Body> {
        let Some(params) = query_pairs(request) else {
            return self.invalid_query(trace);
        };
        let state = match single(&params, "state") {
            Ok(Some(state)) => keys.open_state(state, SystemTime::now()),
            _ => Err(SealError::Invalid),
        };
        let state = match state {
            Ok(state) => state,
            Err(SealError::Expired) => return self.bad_request(
                trace,
                "expired_state",
                "The login took longer than 15 minutes. Start linking again from the Alexa app.",
            ),
            Err(SealError::Invalid) => {
                return self.bad_request(
                    trace,
                    "invalid_state",
                    "This login answer was not started here, or has been altered.",
                )
            }
        };
        trace.client_id = Some(state.client_id.clone());
        trace.login_host = self.policy.reopen(&state.login_origin).map(|o| o.host());
        let alexa_state = state.alexa_state.as_str();

        if let Ok(Some(error)) = single(&params, "error") {
            trace.outcome = "rejected";
            trace.error = Some(known_error(error));
            let mut query = vec![("error", error)];
            if let Ok(Some(description)) = single(&params, "error_description") {
                query.push(("error_description", description));
            }
            query.push(("state", alexa_state));
            return self.redirect(&with_query(&state.redirect_uri, &query));
        }
        let Ok(Some(code)) = single(&params, "code") else {
            trace.outcome = "refused";
            trace.error = Some("invalid_request");
            return self.redirect(&with_query(
                &state.redirect_uri,
                &[
                    ("error", "server_error"),
                    ("error_description", "the login answer carried no code"),
                    ("state", alexa_state),
                ],
            ));
        };
        let linked = keys.seal_code(&LinkedCode {
            code: SecretString::from(code.to_owned()),
            login_origin: state.login_origin.clone(),
            redirect_uri: state.redirect_uri.clone(),
        });
        trace.outcome = "success";
        self.redirect(&with_query(
            &state.redirect_uri,
            &[("code", linked.as_str()), ("state", alexa_state)],
        ))
    }
}

/// The error code for the log: one of OAuth's, else `other` (the value is the user's to send).
fn known_error(error: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "access_denied",
        "invalid_request",
        "unauthorized_client",
        "unsupported_response_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
        "invalid_client_id",
        "redirect_uri_mismatch",
        "immediate_unsuccessful",
        "invalid_grant",
        "inactive_user",
        "inactive_org",
        "OAUTH_APPROVAL_ERROR_GENERIC",
    ];
    KNOWN
        .iter()
        .find(|known| **known == error)
        .copied()
        .unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alexa_redirect_uris_are_exact() {
        for ok in [
            "https://pitangui.amazon.com/api/skill/link/M2X",
            "https://layla.amazon.com/api/skill/link/M2AAAAAAA1",
            "https://alexa.amazon.co.jp/api/skill/link/abc123",
            "https://skills-store.amazon.com/api/skill/link/M2X",
        ] {
            assert!(is_alexa_redirect_uri(ok, None), "{ok}");
        }
        for bad in [
            "",
            "http://pitangui.amazon.com/api/skill/link/M2X",
            "https://PITANGUI.amazon.com/api/skill/link/M2X",
            "https://pitangui.amazon.com:443/api/skill/link/M2X",
            "https://pitangui.amazon.com:8443/api/skill/link/M2X",
            "https://user@pitangui.amazon.com/api/skill/link/M2X",
            "https://pitangui.amazon.com.evil.com/api/skill/link/M2X",
            "https://evil.com/api/skill/link/M2X",
            "https://evil.com/pitangui.amazon.com/api/skill/link/M2X",
            "https://pitangui.amazon.com@evil.com/api/skill/link/M2X",
            "https://xpitangui.amazon.com/api/skill/link/M2X",
            "https://amazon.com/api/skill/link/M2X",
            "https://pitangui.amazon.com/api/skill/link/",
            "https://pitangui.amazon.com/api/skill/link/M2X/",
            "https://pitangui.amazon.com/api/skill/link/M2X/x",
            "https://pitangui.amazon.com/api/skill/link/M2-X",
            "https://pitangui.amazon.com/api/skill/link/M2X?x=1",
            "https://pitangui.amazon.com/api/skill/link/M2X?",
            "https://pitangui.amazon.com/api/skill/link/M2X#f",
            "https://pitangui.amazon.com/api/skill/x/../link/M2X",
            "https://pitangui.amazon.com/api/skill/link/M2%58",
            "https://pitangui.amazon.com./api/skill/link/M2X",
            "//pitangui.amazon.com/api/skill/link/M2X",
            "javascript:alert(1)//pitangui.amazon.com/api/skill/link/M2X",
        ] {
            assert!(!is_alexa_redirect_uri(bad, None), "{bad}");
        }
        let ids = vec!["M2X".to_owned()];
        assert!(is_alexa_redirect_uri(
            "https://layla.amazon.com/api/skill/link/M2X",
            Some(&ids)
        ));
        assert!(!is_alexa_redirect_uri(
            "https://layla.amazon.com/api/skill/link/M2Y",
            Some(&ids)
        ));
    }

    #[test]
    fn query_building_encodes_every_value() {
        assert_eq!(
            with_query(
                "https://pitangui.amazon.com/api/skill/link/M2X",
                &[("state", "a&b=c d"), ("code", "lc1.x-_")]
            ),
            "https://pitangui.amazon.com/api/skill/link/M2X?state=a%26b%3Dc+d&code=lc1.x-_"
        );
        assert_eq!(
            callback_url("https://x.example/prefix/"),
            "https://x.example/prefix/callback"
        );
        assert_eq!(
            callback_url("https://x.example"),
            "https://x.example/callback"
        );
    }

    #[test]
    fn repeated_and_absent_parameters() {
        let pairs = vec![
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
            ("b".to_owned(), "3".to_owned()),
        ];
        assert_eq!(single(&pairs, "a"), Ok(Some("1")));
        assert_eq!(single(&pairs, "b"), Err(()));
        assert_eq!(single(&pairs, "c"), Ok(None));
        assert_eq!(known_error("access_denied"), "access_denied");
        assert_eq!(known_error("<script>"), "other");
    }
}
