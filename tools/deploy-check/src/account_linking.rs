//! `deploy/account-linking.json` (the body `ask smapi update-account-linking-info` sends) and
//! the Alexa redirect URIs a Salesforce app must list as callback URLs.
//!
//! The file holds placeholders (`<AccessTokenUri>`, ...) that the setup guide tells the user
//! to fill in from the stack's outputs and the Salesforce app; everything else in it is fixed
//! by the protocol and checked here.

use serde::Deserialize;

/// Alexa's redirect URI prefixes, one per region group (US, EU, JP/AU); each is followed by
/// the developer's vendor id.
pub const ALEXA_REDIRECT_URI_PREFIXES: [&str; 3] = [
    "https://pitangui.amazon.com/api/skill/link/",
    "https://layla.amazon.com/api/skill/link/",
    "https://alexa.amazon.co.jp/api/skill/link/",
];

/// The placeholders `deploy/account-linking.json` holds, in field order (authorization URI,
/// access token URI, client id, client secret): the setup guide has the user fill each in.
pub const PLACEHOLDERS: [&str; 4] = [
    "<AuthorizationUri>",
    "<AccessTokenUri>",
    "<ConsumerKey>",
    "<ConsumerSecret>",
];

/// The placeholder for the vendor id in files and docs.
pub const VENDOR_ID_PLACEHOLDER: &str = "<VendorId>";

/// The scopes the skill needs: `api` for REST calls, `refresh_token` so Alexa gets a refresh
/// token at all.
pub const SCOPES: [&str; 2] = ["api", "refresh_token"];

/// Alexa's floor for an access token's lifetime.
pub const MIN_TOKEN_EXPIRATION_SECONDS: u64 = 360;

/// The three redirect URIs for `vendor_id`.
pub fn alexa_redirect_uris(vendor_id: &str) -> [String; 3] {
    ALEXA_REDIRECT_URI_PREFIXES.map(|prefix| format!("{prefix}{vendor_id}"))
}

/// The file is not the JSON SMAPI takes.
#[derive(Debug, thiserror::Error)]
#[error("deploy/account-linking.json is not an account linking request: {0}")]
pub struct AccountLinkingError(#[from] serde_json::Error);

/// A value in the request that would make linking fail or behave unexpectedly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkingProblem {
    /// A field has another value than the protocol requires.
    #[error("account linking: {field} is {found}, expected {expected}")]
    Field {
        /// The field, as SMAPI names it.
        field: &'static str,
        /// What it should be.
        expected: String,
        /// What the file has.
        found: String,
    },
}

/// `{"accountLinkingRequest": {...}}`, as `--account-linking-request file:...` takes it.
/// Unknown fields are refused: SMAPI would refuse them too, later and less clearly.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountLinkingFile {
    /// The payload.
    pub account_linking_request: AccountLinkingRequest,
}

/// The fields of SMAPI's `AccountLinkingRequestPayload` this project uses.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountLinkingRequest {
    /// `AUTH_CODE` or `IMPLICIT`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Alexa's "Your Web Authorization URI".
    pub authorization_url: String,
    /// Alexa's "Access Token URI".
    pub access_token_url: String,
    /// Alexa's "Your Client ID".
    pub client_id: String,
    /// Alexa's "Your Secret".
    pub client_secret: String,
    /// `HTTP_BASIC` or `REQUEST_BODY_CREDENTIALS`.
    pub access_token_scheme: String,
    /// Scopes requested at the authorization URI.
    pub scopes: Vec<String>,
    /// Used only when a token response has no `expires_in`.
    pub default_token_expiration_in_seconds: u64,
    /// Extra domains the login page loads content from.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Whether enabling the skill may skip linking.
    #[serde(default)]
    pub skip_on_enablement: Option<bool>,
}

impl AccountLinkingFile {
    /// Parses the file's text.
    pub fn parse(json: &str) -> Result<AccountLinkingFile, AccountLinkingError> {
        Ok(serde_json::from_str(json)?)
    }
}

impl AccountLinkingRequest {
    /// The `<Placeholder>` values the user must replace, in field order.
    pub fn placeholders(&self) -> Vec<&str> {
        [
            &self.authorization_url,
            &self.access_token_url,
            &self.client_id,
            &self.client_secret,
        ]
        .into_iter()
        .map(String::as_str)
        .filter(|value| is_placeholder(value))
        .collect()
    }

    /// What the protocol fixes: the code grant, HTTP Basic client authentication (the scheme
    /// the token proxy expects first), exactly the `api` and `refresh_token` scopes, an
    /// authorization URL that is Salesforce's authorize endpoint (or a placeholder for it), a
    /// token URL and credentials left as placeholders (nobody's secret belongs in git), and a
    /// default expiry Alexa accepts.
    pub fn problems(&self) -> Vec<LinkingProblem> {
        let mut problems = Vec::new();
        let mut expect = |field: &'static str, ok: bool, expected: &str, found: String| {
            if !ok {
                problems.push(LinkingProblem::Field {
                    field,
                    expected: expected.to_owned(),
                    found,
                });
            }
        };
        expect(
            "type",
            self.kind == "AUTH_CODE",
            "AUTH_CODE",
            self.kind.clone(),
        );
        expect(
            "accessTokenScheme",
            self.access_token_scheme == "HTTP_BASIC",
            "HTTP_BASIC",
            self.access_token_scheme.clone(),
        );
        let mut scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        scopes.sort_unstable();
        expect(
            "scopes",
            scopes == SCOPES,
            &SCOPES.join(" "),
            self.scopes.join(" "),
        );
        expect(
            "authorizationUrl",
            is_placeholder(&self.authorization_url)
                || (self.authorization_url.starts_with("https://")
                    && self
                        .authorization_url
                        .ends_with("/services/oauth2/authorize")),
            "a <placeholder> or https://<login host>/services/oauth2/authorize",
            self.authorization_url.clone(),
        );
        for (field, value) in [
            ("accessTokenUrl", &self.access_token_url),
            ("clientId", &self.client_id),
            ("clientSecret", &self.client_secret),
        ] {
            expect(
                field,
                is_placeholder(value),
                "a <placeholder>",
                value.clone(),
            );
        }
        expect(
            "defaultTokenExpirationInSeconds",
            self.default_token_expiration_in_seconds >= MIN_TOKEN_EXPIRATION_SECONDS,
            &format!("at least {MIN_TOKEN_EXPIRATION_SECONDS}"),
            self.default_token_expiration_in_seconds.to_string(),
        );
        expect(
            "skipOnEnablement",
            self.skip_on_enablement != Some(true),
            "false or absent (the skill is useless unlinked)",
            format!("{:?}", self.skip_on_enablement),
        );
        problems
    }
}

/// `<Name>`: a value the guide tells the user to replace.
pub fn is_placeholder(value: &str) -> bool {
    value.len() > 2
        && value.starts_with('<')
        && value.ends_with('>')
        && !value[1..value.len() - 1].contains(['<', '>'])
}

/// The URLs listed in a callback-URL file: one per line, `#` comments and blank lines skipped.
pub fn listed_urls(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"accountLinkingRequest": {
        "type": "AUTH_CODE",
        "authorizationUrl": "<AuthorizationUri>",
        "accessTokenUrl": "<AccessTokenUri>",
        "clientId": "<ConsumerKey>",
        "clientSecret": "<ConsumerSecret>",
        "accessTokenScheme": "HTTP_BASIC",
        "scopes": ["api", "refresh_token"],
        "defaultTokenExpirationInSeconds": 5400,
        "domains": [],
        "skipOnEnablement": false
    }}"#;

    fn request(json: &str) -> AccountLinkingRequest {
        AccountLinkingFile::parse(json)
            .unwrap()
            .account_linking_request
    }

    #[test]
    fn the_good_request_passes() {
        let request = request(GOOD);
        assert_eq!(request.problems(), []);
        assert_eq!(request.placeholders(), PLACEHOLDERS);
    }

    #[test]
    fn a_filled_in_authorization_url_is_fine_but_a_secret_is_not() {
        let filled = GOOD
            .replace(
                "<AuthorizationUri>",
                "https://acme.my.salesforce.com/services/oauth2/authorize",
            )
            .replace("<ConsumerSecret>", "ABC123");
        let problems = request(&filled).problems();
        assert_eq!(
            problems,
            [LinkingProblem::Field {
                field: "clientSecret",
                expected: "a <placeholder>".into(),
                found: "ABC123".into()
            }]
        );
    }

    #[test]
    fn catches_protocol_mistakes() {
        let wrong = GOOD
            .replace("HTTP_BASIC", "REQUEST_BODY_CREDENTIALS")
            .replace(r#"["api", "refresh_token"]"#, r#"["api"]"#)
            .replace("5400", "60")
            .replace(
                "<AuthorizationUri>",
                "https://login.salesforce.com/services/oauth2/token",
            );
        let fields: Vec<_> = request(&wrong)
            .problems()
            .into_iter()
            .map(|LinkingProblem::Field { field, .. }| field)
            .collect();
        assert_eq!(
            fields,
            [
                "accessTokenScheme",
                "scopes",
                "authorizationUrl",
                "defaultTokenExpirationInSeconds"
            ]
        );
    }

    #[test]
    fn refuses_unknown_fields() {
        let typo = GOOD.replace("accessTokenScheme", "accesTokenScheme");
        assert!(AccountLinkingFile::parse(&typo).is_err());
    }

    #[test]
    fn builds_the_three_redirect_uris() {
        assert_eq!(
            alexa_redirect_uris("M2AAAAAAAAAAAA"),
            [
                "https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA",
                "https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA",
                "https://alexa.amazon.co.jp/api/skill/link/M2AAAAAAAAAAAA",
            ]
        );
    }

    #[test]
    fn placeholders_and_listed_urls() {
        assert!(is_placeholder("<VendorId>"));
        assert!(!is_placeholder("<>"));
        assert!(!is_placeholder("<a><b>"));
        assert!(!is_placeholder("https://x"));
        assert_eq!(
            listed_urls("# comment\n\n https://a \nhttps://b\n"),
            ["https://a", "https://b"]
        );
    }
}
