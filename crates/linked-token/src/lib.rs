//! The linked token: what Alexa stores as the account-linking "access token".
//!
//! Salesforce's REST API needs two things Alexa only stores one of: the access token and the
//! org's `instance_url`. The token proxy therefore hands Alexa a *linked token*, and the skill
//! splits it again:
//!
//! ```text
//! <access_token> <instance_url>
//! <access_token> <instance_url> <user_id>
//! ```
//!
//! Fields are separated by a single ASCII space. Salesforce access tokens (`00D...!AQ...`) and
//! URLs never contain a space, so the split is unambiguous. The optional third field is the
//! Salesforce user id (the last path segment of the `id` URL Salesforce returns), which saves
//! the skill a `userinfo` round trip. A consumer that splits on space and keeps the first two
//! fields keeps working when the third is present.
//!
//! This crate does no I/O. The access token is held in a [`SecretString`] and never appears in
//! `Debug` or `Display` output.
//!
//! ```
//! use linked_token::{compose, parse};
//!
//! let linked = compose("00D5g!AQ.token", "https://acme.my.salesforce.com", Some("005xx0000012345AAA"))?;
//! assert_eq!(linked, "00D5g!AQ.token https://acme.my.salesforce.com 005xx0000012345AAA");
//!
//! let token = parse(&linked)?;
//! assert_eq!(token.instance_url().as_str(), "https://acme.my.salesforce.com/");
//! assert_eq!(token.user_id(), Some("005xx0000012345AAA"));
//! assert!(!format!("{token:?}").contains("AQ.token"));
//! # Ok::<(), linked_token::LinkedTokenError>(())
//! ```

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// The separator between fields. One ASCII space, never any other whitespace.
pub const SEPARATOR: char = ' ';

/// Why a string is not a linked token, or its parts cannot make one.
///
/// Messages never include the access token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkedTokenError {
    /// The whole token, or one of its fields, is empty (including a doubled separator).
    #[error("linked token field `{0}` is empty")]
    EmptyField(&'static str),
    /// More than three fields.
    #[error("linked token has {0} fields; expected 2 or 3")]
    WrongFieldCount(usize),
    /// Only one field: there is no instance URL.
    #[error("linked token has no instance URL")]
    MissingInstanceUrl,
    /// A field holds whitespace or a control character, so it could not be split back.
    #[error("linked token field `{0}` contains whitespace or a control character")]
    InvalidCharacter(&'static str),
    /// The instance URL is not an absolute `http` or `https` URL with a host.
    #[error("instance URL is not an absolute http(s) URL: {0}")]
    InvalidInstanceUrl(String),
}

/// A parsed linked token.
///
/// The access token is a [`SecretString`], so the derived `Debug` prints it as `[REDACTED]`;
/// `Display` writes the linked token with the same `[REDACTED]` in its place. Call
/// [`LinkedToken::access_token`] to use it.
#[derive(Debug, Clone)]
pub struct LinkedToken {
    access_token: SecretString,
    instance_url: Url,
    user_id: Option<String>,
}

impl LinkedToken {
    /// Builds a linked token from its parts, validating each field.
    pub fn new(
        access_token: &str,
        instance_url: &str,
        user_id: Option<&str>,
    ) -> Result<Self, LinkedTokenError> {
        check_field("access_token", access_token)?;
        check_field("instance_url", instance_url)?;
        let user_id = match user_id {
            Some(id) => {
                check_field("user_id", id)?;
                Some(id.to_owned())
            }
            None => None,
        };
        Ok(Self {
            access_token: SecretString::from(access_token),
            instance_url: parse_instance_url(instance_url)?,
            user_id,
        })
    }

    /// The Salesforce access token, for an `Authorization: Bearer` header and nothing else.
    pub fn access_token(&self) -> &str {
        self.access_token.expose_secret()
    }

    /// The org's instance URL, as Salesforce returned it (parsed; a bare origin gains a `/` path).
    pub fn instance_url(&self) -> &Url {
        &self.instance_url
    }

    /// The Salesforce user id, when the token carries it.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// The wire form, as [`compose`] writes it. The instance URL is written without the
    /// trailing `/` that parsing adds to a bare origin, so `parse` then `to_wire` gives back
    /// what `compose` wrote.
    pub fn to_wire(&self) -> String {
        let url = self.instance_url.as_str();
        let url = if self.instance_url.path() == "/"
            && self.instance_url.query().is_none()
            && self.instance_url.fragment().is_none()
        {
            url.strip_suffix('/').unwrap_or(url)
        } else {
            url
        };
        let mut out = String::with_capacity(
            self.access_token().len()
                + url.len()
                + self.user_id.as_ref().map_or(0, |u| u.len() + 1)
                + 1,
        );
        out.push_str(self.access_token());
        out.push(SEPARATOR);
        out.push_str(url);
        if let Some(user_id) = &self.user_id {
            out.push(SEPARATOR);
            out.push_str(user_id);
        }
        out
    }
}

impl fmt::Display for LinkedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[REDACTED] {}", self.instance_url)?;
        if let Some(user_id) = &self.user_id {
            write!(f, " {user_id}")?;
        }
        Ok(())
    }
}

/// Writes the linked token for an access token, an instance URL and, when known, a user id.
///
/// The instance URL is written exactly as given (Salesforce returns a bare origin such as
/// `https://acme.my.salesforce.com`), after checking that it parses as an absolute http(s) URL.
pub fn compose(
    access_token: &str,
    instance_url: &str,
    user_id: Option<&str>,
) -> Result<String, LinkedTokenError> {
    // Validate through the same checks `parse` applies, so everything composed parses back.
    LinkedToken::new(access_token, instance_url, user_id)?;
    let mut out = String::with_capacity(
        access_token.len() + instance_url.len() + user_id.map_or(0, |u| u.len() + 1) + 1,
    );
    out.push_str(access_token);
    out.push(SEPARATOR);
    out.push_str(instance_url);
    if let Some(user_id) = user_id {
        out.push(SEPARATOR);
        out.push_str(user_id);
    }
    Ok(out)
}

/// Splits a linked token into its access token, instance URL and optional user id.
pub fn parse(linked: &str) -> Result<LinkedToken, LinkedTokenError> {
    if linked.is_empty() {
        return Err(LinkedTokenError::EmptyField("access_token"));
    }
    let fields: Vec<&str> = linked.split(SEPARATOR).collect();
    match fields.as_slice() {
        [_] => Err(LinkedTokenError::MissingInstanceUrl),
        [access_token, instance_url] => LinkedToken::new(access_token, instance_url, None),
        [access_token, instance_url, user_id] => {
            LinkedToken::new(access_token, instance_url, Some(user_id))
        }
        more => Err(LinkedTokenError::WrongFieldCount(more.len())),
    }
}

/// The user id from Salesforce's identity URL (`https://login.salesforce.com/id/<orgId>/<userId>`):
/// its last non-empty path segment, when the URL has the `/id/<org>/<user>` shape.
pub fn user_id_from_identity_url(identity_url: &str) -> Option<&str> {
    let path = identity_url
        .split_once("://")
        .map_or(identity_url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let user_id = segments.next()?;
    let org_id = segments.next()?;
    let id_marker = segments.next()?;
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
    (id_marker == "id" && valid(org_id) && valid(user_id)).then_some(user_id)
}

fn check_field(name: &'static str, value: &str) -> Result<(), LinkedTokenError> {
    if value.is_empty() {
        return Err(LinkedTokenError::EmptyField(name));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LinkedTokenError::InvalidCharacter(name));
    }
    Ok(())
}

fn parse_instance_url(value: &str) -> Result<Url, LinkedTokenError> {
    let invalid = || LinkedTokenError::InvalidInstanceUrl(value.to_owned());
    let url = Url::parse(value).map_err(|_| invalid())?;
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    if !matches!(url.scheme(), "http" | "https") || !has_host || url.cannot_be_a_base() {
        return Err(invalid());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "00D5g000004YbxE!AQ4AQFb.x_Tn3hH0a1b2c3";
    const INSTANCE: &str = "https://acme.my.salesforce.com";
    const USER: &str = "0055g00000AbCdEAAV";

    #[test]
    fn composes_two_and_three_fields() {
        assert_eq!(
            compose(TOKEN, INSTANCE, None).unwrap(),
            format!("{TOKEN} {INSTANCE}")
        );
        assert_eq!(
            compose(TOKEN, INSTANCE, Some(USER)).unwrap(),
            format!("{TOKEN} {INSTANCE} {USER}")
        );
    }

    #[test]
    fn parses_what_it_composed() {
        let token = parse(&compose(TOKEN, INSTANCE, Some(USER)).unwrap()).unwrap();
        assert_eq!(token.access_token(), TOKEN);
        assert_eq!(
            token.instance_url().host_str(),
            Some("acme.my.salesforce.com")
        );
        assert_eq!(token.user_id(), Some(USER));
        assert_eq!(token.to_wire(), format!("{TOKEN} {INSTANCE} {USER}"));

        let token = parse(&format!("{TOKEN} {INSTANCE}")).unwrap();
        assert_eq!(token.user_id(), None);
        assert_eq!(token.to_wire(), format!("{TOKEN} {INSTANCE}"));
    }

    #[test]
    fn first_two_fields_stay_usable_for_naive_consumers() {
        let linked = compose(TOKEN, INSTANCE, Some(USER)).unwrap();
        let mut naive = linked.split(' ');
        assert_eq!(naive.next(), Some(TOKEN));
        assert_eq!(naive.next(), Some(INSTANCE));
    }

    #[test]
    fn rejects_empty_fields() {
        assert_eq!(
            parse("").unwrap_err(),
            LinkedTokenError::EmptyField("access_token")
        );
        assert_eq!(
            parse(&format!(" {INSTANCE}")).unwrap_err(),
            LinkedTokenError::EmptyField("access_token")
        );
        assert_eq!(
            parse(&format!("{TOKEN}  {INSTANCE}")).unwrap_err(),
            LinkedTokenError::EmptyField("instance_url")
        );
        assert_eq!(
            parse(&format!("{TOKEN} {INSTANCE} ")).unwrap_err(),
            LinkedTokenError::EmptyField("user_id")
        );
        assert_eq!(
            compose(TOKEN, INSTANCE, Some("")).unwrap_err(),
            LinkedTokenError::EmptyField("user_id")
        );
        assert_eq!(
            compose("", INSTANCE, None).unwrap_err(),
            LinkedTokenError::EmptyField("access_token")
        );
    }

    #[test]
    fn rejects_extra_and_missing_fields() {
        assert_eq!(
            parse(&format!("{TOKEN} {INSTANCE} {USER} extra")).unwrap_err(),
            LinkedTokenError::WrongFieldCount(4)
        );
        assert_eq!(
            parse(TOKEN).unwrap_err(),
            LinkedTokenError::MissingInstanceUrl
        );
    }

    #[test]
    fn rejects_whitespace_inside_a_field() {
        assert_eq!(
            compose("00D!AQ has space", INSTANCE, None).unwrap_err(),
            LinkedTokenError::InvalidCharacter("access_token")
        );
        assert_eq!(
            compose("00D!AQ\ttab", INSTANCE, None).unwrap_err(),
            LinkedTokenError::InvalidCharacter("access_token")
        );
        assert_eq!(
            parse(&format!("{TOKEN}\n {INSTANCE}")).unwrap_err(),
            LinkedTokenError::InvalidCharacter("access_token")
        );
    }

    #[test]
    fn rejects_instance_urls_that_are_not_absolute_http() {
        for bad in [
            "acme.my.salesforce.com",
            "/services/data",
            "ftp://acme.my.salesforce.com",
            "javascript:alert(1)",
            "mailto:a@b.c",
            "https://",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(
                    compose(TOKEN, bad, None),
                    Err(LinkedTokenError::InvalidInstanceUrl(_))
                ),
                "{bad} was accepted"
            );
        }
        assert!(compose(TOKEN, "http://127.0.0.1:8787", None).is_ok());
    }

    #[test]
    fn never_prints_the_access_token() {
        let token = parse(&compose(TOKEN, INSTANCE, Some(USER)).unwrap()).unwrap();
        for rendered in [
            format!("{token:?}"),
            format!("{token:#?}"),
            token.to_string(),
        ] {
            assert!(!rendered.contains(TOKEN), "{rendered}");
            assert!(!rendered.contains("AQ4AQFb"), "{rendered}");
            assert!(rendered.contains("acme.my.salesforce.com"), "{rendered}");
            assert!(rendered.contains("[REDACTED]"), "{rendered}");
        }
        let error = compose("secret token", INSTANCE, None).unwrap_err();
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn extracts_the_user_id_from_the_identity_url() {
        assert_eq!(
            user_id_from_identity_url(
                "https://login.salesforce.com/id/00D5g000004YbxEEAS/0055g00000AbCdEAAV"
            ),
            Some("0055g00000AbCdEAAV")
        );
        assert_eq!(
            user_id_from_identity_url("https://test.salesforce.com/id/00D/005/"),
            Some("005")
        );
        assert_eq!(
            user_id_from_identity_url("https://login.salesforce.com/"),
            None
        );
        assert_eq!(
            user_id_from_identity_url("https://login.salesforce.com/id/00D"),
            None
        );
        assert_eq!(
            user_id_from_identity_url("https://x/services/00D/005"),
            None
        );
        assert_eq!(user_id_from_identity_url("https://x/id/00D/005 evil"), None);
        assert_eq!(user_id_from_identity_url(""), None);
    }
}
