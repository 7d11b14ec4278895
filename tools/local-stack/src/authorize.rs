//! The browser half of account linking, as pure functions: the authorize URL Alexa opens, the
//! login-and-allow form the user submits, and the redirect back to Alexa that carries the code.
//!
//! Nothing here does I/O, so every rule (state must come back unchanged, the redirect must go to
//! the registered URI, an `error` parameter means the user or Salesforce said no) is tested
//! without a server. [`crate::alexa::Alexa`] wires them to HTTP.

use url::Url;

/// Why the authorize step did not produce a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeError {
    /// The page has no `<form>` to submit.
    #[error("the authorize page has no form to submit")]
    NoForm,
    /// A URL (the form's action or the redirect) does not parse.
    #[error("not a usable URL: {0}")]
    BadUrl(String),
    /// The redirect goes somewhere other than the registered redirect URI.
    #[error("redirected to {actual}, not to the registered redirect URI {expected}")]
    WrongRedirect {
        /// The registered redirect URI.
        expected: String,
        /// Where the `Location` header pointed (query removed: it holds the code).
        actual: String,
    },
    /// Salesforce (or the user) refused: the redirect carries `error`.
    #[error("authorization refused: {error} ({description})")]
    Refused {
        /// The OAuth error code.
        error: String,
        /// `error_description`, or empty.
        description: String,
    },
    /// The `state` that came back is not the one sent: the response is not ours.
    #[error("the redirect's state does not match the one sent")]
    StateMismatch,
    /// The redirect has no `code`.
    #[error("the redirect carries no code")]
    MissingCode,
    /// The landing page offers no form for this choice.
    #[error("the landing page has no form for login={0}")]
    NoChoice(String),
}

/// Alexa's authorize URL: Salesforce's `/services/oauth2/authorize` with the skill's client id,
/// its redirect URI, the scopes and the PKCE challenge.
pub fn authorize_url(
    salesforce_url: &Url,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    code_challenge: &str,
) -> Result<Url, AuthorizeError> {
    let url = salesforce_url
        .join("/services/oauth2/authorize")
        .map_err(|e| AuthorizeError::BadUrl(e.to_string()))?;
    Ok(with_alexa_params(
        &url,
        client_id,
        redirect_uri,
        state,
        code_challenge,
    ))
}

/// Alexa's Authorization URI with the parameters Alexa adds: `response_type=code`, the skill's
/// client id, its redirect URI, the state, the scopes and the PKCE challenge (S256).
pub fn with_alexa_params(
    authorization_uri: &Url,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    code_challenge: &str,
) -> Url {
    let mut url = authorization_uri.clone();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state)
        .append_pair("scope", "api refresh_token")
        .append_pair("code_challenge", code_challenge)
        .append_pair("code_challenge_method", "S256");
    url
}

/// A form as a user's browser would submit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlForm {
    /// The `action` attribute, resolved against the page URL (the page itself when absent).
    pub action: Url,
    /// The `method` attribute, upper-cased (`GET` when absent).
    pub method: String,
    /// Every successful control, in document order, including the chosen submit button.
    pub fields: Vec<(String, String)>,
    /// The names of the controls a user types into (text-like inputs and textareas).
    pub text_fields: Vec<String>,
}

impl HtmlForm {
    /// The value of the first field with this name.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Types `value` into the first field with this name, as a user fills in a text box.
    pub fn fill(&mut self, name: &str, value: &str) -> bool {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => {
                field.1 = value.to_owned();
                true
            }
            None => false,
        }
    }
}

/// What the user picks on the token proxy's landing page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginChoice {
    /// The production button (`login=production`).
    Production,
    /// The sandbox button (`login=sandbox`).
    Sandbox,
    /// The My Domain field, with what the user types (`acme`, a host, or an org's URL).
    MyDomain(String),
}

impl LoginChoice {
    /// The `login` value the landing page sends for this choice.
    pub fn login_value(&self) -> &str {
        match self {
            LoginChoice::Production => "production",
            LoginChoice::Sandbox => "sandbox",
            LoginChoice::MyDomain(entered) => entered,
        }
    }
}

/// The landing page's form for `choice`, filled in: the form whose button sends
/// `login=production` or `login=sandbox`, or the one whose `login` is a text field the user
/// types the My Domain into.
pub fn landing_form(forms: &[HtmlForm], choice: &LoginChoice) -> Result<HtmlForm, AuthorizeError> {
    let found = match choice {
        LoginChoice::Production | LoginChoice::Sandbox => forms.iter().find(|form| {
            form.field("login") == Some(choice.login_value())
                && !form.text_fields.iter().any(|f| f == "login")
        }),
        LoginChoice::MyDomain(_) => forms
            .iter()
            .find(|form| form.text_fields.iter().any(|f| f == "login")),
    };
    let mut form = found
        .cloned()
        .ok_or_else(|| AuthorizeError::NoChoice(choice.login_value().to_owned()))?;
    if let LoginChoice::MyDomain(entered) = choice {
        form.fill("login", entered);
    }
    Ok(form)
}

/// Reads the first `<form>` of `html` the way a browser fills it in when the user presses the
/// button labelled "Allow": hidden and pre-filled inputs as they are, checked boxes, and the
/// named submit button whose label or value says "allow" (the first named one otherwise).
///
/// This is a deliberately small tag scanner, not an HTML parser: enough for a login-and-allow
/// page, and it fails loudly ([`AuthorizeError::NoForm`]) rather than guessing.
pub fn parse_allow_form(html: &str, page_url: &Url) -> Result<HtmlForm, AuthorizeError> {
    let form_start = find_tag(html, 0, "form").ok_or(AuthorizeError::NoForm)?;
    parse_form_at(html, form_start, page_url).map(|(form, _)| form)
}

/// Every `<form>` of `html`, in document order, each filled in as [`parse_allow_form`] fills in
/// the first (a form with one submit button submits that button's name and value).
pub fn parse_forms(html: &str, page_url: &Url) -> Result<Vec<HtmlForm>, AuthorizeError> {
    let mut forms = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_tag(html, pos, "form") {
        let (form, end) = parse_form_at(html, start, page_url)?;
        forms.push(form);
        pos = end;
    }
    if forms.is_empty() {
        return Err(AuthorizeError::NoForm);
    }
    Ok(forms)
}

/// The form whose tag starts at `form_start`, and the offset where it ends.
fn parse_form_at(
    html: &str,
    form_start: usize,
    page_url: &Url,
) -> Result<(HtmlForm, usize), AuthorizeError> {
    let (form_attrs, body_start) = read_tag(html, form_start);
    let body_end = find_ci(html, body_start, "</form").unwrap_or(html.len());
    let body = &html[body_start..body_end];

    let action = match attr(&form_attrs, "action") {
        Some(action) if !action.is_empty() => page_url
            .join(action)
            .map_err(|e| AuthorizeError::BadUrl(format!("{action}: {e}")))?,
        _ => page_url.clone(),
    };
    let method =
        attr(&form_attrs, "method").map_or_else(|| "GET".to_owned(), str::to_ascii_uppercase);

    let mut fields = Vec::new();
    let mut text_fields = Vec::new();
    let mut submits: Vec<Submit> = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_any_tag(body, pos, &["input", "button", "textarea", "select"]) {
        let (name, attrs, after) = {
            let tag_name = tag_name_at(body, start);
            let (attrs, after) = read_tag(body, start);
            (tag_name, attrs, after)
        };
        pos = after;
        let Some(field_name) = attr(&attrs, "name").map(str::to_owned) else {
            continue;
        };
        match name.as_str() {
            "input" => {
                let kind = attr(&attrs, "type").unwrap_or("text").to_ascii_lowercase();
                let value = attr(&attrs, "value").unwrap_or_default().to_owned();
                match kind.as_str() {
                    "submit" | "image" => submits.push(Submit {
                        name: field_name,
                        label: value.clone(),
                        value,
                    }),
                    "checkbox" | "radio" => {
                        if has_attr(&attrs, "checked") {
                            let value = if has_attr(&attrs, "value") {
                                value
                            } else {
                                "on".into()
                            };
                            fields.push((field_name, value));
                        }
                    }
                    "button" | "reset" | "file" => {}
                    "hidden" => fields.push((field_name, value)),
                    _ => {
                        text_fields.push(field_name.clone());
                        fields.push((field_name, value));
                    }
                }
            }
            "button" => {
                let kind = attr(&attrs, "type")
                    .unwrap_or("submit")
                    .to_ascii_lowercase();
                let close = find_ci(body, after, "</button").unwrap_or(after);
                let label = strip_tags(&body[after..close]);
                if kind == "submit" {
                    submits.push(Submit {
                        name: field_name,
                        value: attr(&attrs, "value").unwrap_or_default().to_owned(),
                        label,
                    });
                }
            }
            "textarea" => {
                let close = find_ci(body, after, "</textarea").unwrap_or(after);
                text_fields.push(field_name.clone());
                fields.push((field_name, decode_entities(&body[after..close])));
            }
            // A select submits its selected (or first) option; the allow page has none, so
            // only the simple case is handled.
            _ => {
                let close = find_ci(body, after, "</select").unwrap_or(after);
                let options = &body[after..close];
                if let Some(value) = selected_option(options) {
                    fields.push((field_name, value));
                }
            }
        }
    }

    let allow = submits
        .iter()
        .find(|s| {
            s.label.to_ascii_lowercase().contains("allow")
                || s.value.to_ascii_lowercase().contains("allow")
        })
        .or_else(|| submits.first());
    if let Some(submit) = allow {
        fields.push((submit.name.clone(), submit.value.clone()));
    }

    Ok((
        HtmlForm {
            action,
            method,
            fields,
            text_fields,
        },
        body_end,
    ))
}

/// Reads the code from the `Location` of the redirect back to Alexa, after checking that it
/// goes to the registered redirect URI and carries back the `state` that was sent.
pub fn code_from_redirect(
    location: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<String, AuthorizeError> {
    let location = check_redirect(location, redirect_uri, state)?;
    location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .filter(|code| !code.is_empty())
        .ok_or(AuthorizeError::MissingCode)
}

/// Checks a redirect the way the receiving client would: it goes to `redirect_uri` (same
/// origin and path), carries no `error`, and carries back `state` unchanged. Returns the
/// parsed `Location`.
pub fn check_redirect(
    location: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<Url, AuthorizeError> {
    let location =
        Url::parse(location).map_err(|e| AuthorizeError::BadUrl(format!("Location: {e}")))?;
    let expected = Url::parse(redirect_uri)
        .map_err(|e| AuthorizeError::BadUrl(format!("{redirect_uri}: {e}")))?;
    let mut target = location.clone();
    target.set_query(None);
    target.set_fragment(None);
    if target.origin() != expected.origin() || target.path() != expected.path() {
        return Err(AuthorizeError::WrongRedirect {
            expected: redirect_uri.to_owned(),
            actual: target.to_string(),
        });
    }
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        return Err(AuthorizeError::Refused {
            error,
            description: param("error_description").unwrap_or_default(),
        });
    }
    if param("state").as_deref() != Some(state) {
        return Err(AuthorizeError::StateMismatch);
    }
    Ok(location)
}

/// The value of a query parameter of `url`.
pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A named submit control: its `value` is what the form sends, its label what the user reads.
struct Submit {
    name: String,
    value: String,
    label: String,
}

/// Byte offset of the next `<name` tag (followed by whitespace, `>` or `/`) at or after `from`.
fn find_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let needle = format!("<{name}");
    let mut pos = from;
    while let Some(start) = find_ci(html, pos, &needle) {
        let next = html[start + needle.len()..].chars().next();
        if matches!(next, Some(c) if c.is_ascii_whitespace() || c == '>' || c == '/') {
            return Some(start);
        }
        pos = start + needle.len();
    }
    None
}

/// The earliest of several tags.
fn find_any_tag(html: &str, from: usize, names: &[&str]) -> Option<usize> {
    names.iter().filter_map(|n| find_tag(html, from, n)).min()
}

/// The lower-cased tag name of the tag starting at `start` (which points at `<`).
fn tag_name_at(html: &str, start: usize) -> String {
    html[start + 1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Case-insensitive (ASCII) substring search from a byte offset.
fn find_ci(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let needle = needle.as_bytes();
    if from > hay.len() || needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Parses the attributes of the tag starting at `start`; returns them and the offset just past `>`.
fn read_tag(html: &str, start: usize) -> (Vec<(String, Option<String>)>, usize) {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let end = html[value_start..]
                    .bytes()
                    .position(|b| b == quote)
                    .map_or(bytes.len(), |p| value_start + p);
                i = (end + 1).min(bytes.len());
                &html[value_start..end]
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[value_start..i]
            };
            attrs.push((name, Some(decode_entities(value))));
        } else {
            attrs.push((name, None));
        }
    }
}

fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_deref().unwrap_or_default())
}

fn has_attr(attrs: &[(String, Option<String>)], name: &str) -> bool {
    attrs.iter().any(|(n, _)| n == name)
}

/// The value of the `selected` option, or the first one.
fn selected_option(options: &str) -> Option<String> {
    let mut first = None;
    let mut pos = 0;
    while let Some(start) = find_tag(options, pos, "option") {
        let (attrs, after) = read_tag(options, start);
        pos = after;
        let close = find_ci(options, after, "</option").unwrap_or(after);
        let value =
            attr(&attrs, "value").map_or_else(|| strip_tags(&options[after..close]), str::to_owned);
        if has_attr(&attrs, "selected") {
            return Some(value);
        }
        first.get_or_insert(value);
    }
    first
}

/// The text of an HTML fragment: tags removed, entities decoded, whitespace collapsed.
fn strip_tags(fragment: &str) -> String {
    let mut text = String::with_capacity(fragment.len());
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes the named entities a server escapes attribute values with, and numeric ones.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::demo::REDIRECT_URI as REDIRECT;

    fn page() -> Url {
        Url::parse("http://127.0.0.1:8787/services/oauth2/authorize?client_id=x").unwrap()
    }

    #[test]
    fn builds_the_authorize_url_alexa_opens() {
        let base = Url::parse("http://127.0.0.1:8787").unwrap();
        let url = authorize_url(&base, "3MVG9.id", REDIRECT, "st8", "chal").unwrap();
        assert_eq!(url.path(), "/services/oauth2/authorize");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("3MVG9.id"));
        assert_eq!(get("redirect_uri"), Some(REDIRECT));
        assert_eq!(get("state"), Some("st8"));
        assert_eq!(get("scope"), Some("api refresh_token"));
        assert_eq!(get("code_challenge"), Some("chal"));
        assert_eq!(get("code_challenge_method"), Some("S256"));
    }

    #[test]
    fn fills_in_the_allow_form_like_a_browser() {
        let html = r#"<!doctype html><html><body><h1>Allow access?</h1>
            <FORM method="post" action="/services/oauth2/authorize">
              <input type="hidden" name="client_id" value="3MVG9.id">
              <input type=hidden name=state value='a&amp;b'>
              <input type="text" name="username" value="alex@example.com" />
              <input type="checkbox" name="remember">
              <input type="checkbox" name="consent" checked>
              <input name="nameless-type" value="x">
              <button type="submit" name="decision" value="deny">Deny</button>
              <button type="submit" name="decision" value="yes"><b>Allow</b></button>
            </FORM></body></html>"#;
        let form = parse_allow_form(html, &page()).unwrap();
        assert_eq!(form.method, "POST");
        assert_eq!(
            form.action.as_str(),
            "http://127.0.0.1:8787/services/oauth2/authorize"
        );
        assert_eq!(
            form.fields,
            vec![
                ("client_id".to_owned(), "3MVG9.id".to_owned()),
                ("state".to_owned(), "a&b".to_owned()),
                ("username".to_owned(), "alex@example.com".to_owned()),
                ("consent".to_owned(), "on".to_owned()),
                ("nameless-type".to_owned(), "x".to_owned()),
                ("decision".to_owned(), "yes".to_owned()),
            ]
        );
        assert_eq!(form.field("state"), Some("a&b"));
    }

    #[test]
    fn a_form_without_action_posts_to_the_page_and_inputs_can_submit() {
        let html = r#"<form method=POST><input type="submit" name="approve" value="Allow"></form>"#;
        let form = parse_allow_form(html, &page()).unwrap();
        assert_eq!(form.action, page());
        assert_eq!(
            form.fields,
            vec![("approve".to_owned(), "Allow".to_owned())]
        );
    }

    #[test]
    fn picks_the_landing_page_form_for_each_choice() {
        let html = r#"<h1>Sales Assistant</h1>
            <form method="get" action="authorize"><input type="hidden" name="state" value="s&amp;1">
            <button type="submit" name="login" value="production">Production</button></form>
            <form method="get" action="authorize"><input type="hidden" name="state" value="s&amp;1">
            <button type="submit" name="login" value="sandbox" class="alt">Sandbox</button></form>
            <form method="get" action="authorize"><input type="hidden" name="state" value="s&amp;1">
            <label for="my-domain">My Domain</label>
            <input type="text" id="my-domain" name="login" value="" required>
            <button type="submit" class="alt">Continue with My Domain</button></form>"#;
        let page =
            Url::parse("http://127.0.0.1:9000/lambda-url/token-proxy/authorize?x=1").unwrap();
        let forms = parse_forms(html, &page).unwrap();
        assert_eq!(forms.len(), 3);
        let production = landing_form(&forms, &LoginChoice::Production).unwrap();
        assert_eq!(
            production.action.as_str(),
            "http://127.0.0.1:9000/lambda-url/token-proxy/authorize"
        );
        assert_eq!(production.method, "GET");
        assert_eq!(
            production.fields,
            vec![
                ("state".to_owned(), "s&1".to_owned()),
                ("login".to_owned(), "production".to_owned())
            ]
        );
        let sandbox = landing_form(&forms, &LoginChoice::Sandbox).unwrap();
        assert_eq!(sandbox.field("login"), Some("sandbox"));
        let my_domain = landing_form(&forms, &LoginChoice::MyDomain("acme".to_owned())).unwrap();
        assert_eq!(my_domain.text_fields, vec!["login".to_owned()]);
        assert_eq!(
            my_domain.fields,
            vec![
                ("state".to_owned(), "s&1".to_owned()),
                ("login".to_owned(), "acme".to_owned())
            ]
        );
        assert_eq!(
            landing_form(&forms[..1], &LoginChoice::Sandbox).unwrap_err(),
            AuthorizeError::NoChoice("sandbox".to_owned())
        );
    }

    #[test]
    fn a_page_without_a_form_is_an_error() {
        assert_eq!(
            parse_allow_form("<p>formidable <formula></p>", &page()).unwrap_err(),
            AuthorizeError::NoForm
        );
        assert_eq!(
            parse_forms("<p>no form</p>", &page()).unwrap_err(),
            AuthorizeError::NoForm
        );
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a&amp;b&lt;&#39;&#x41;&unknown;&"),
            "a&b<'A&unknown;&"
        );
    }

    #[test]
    fn reads_the_code_from_the_redirect() {
        let location = format!("{REDIRECT}?code=aPrx123&state=st8");
        assert_eq!(
            code_from_redirect(&location, REDIRECT, "st8").unwrap(),
            "aPrx123"
        );
    }

    #[test]
    fn rejects_a_redirect_that_is_not_ours() {
        let wrong_state = format!("{REDIRECT}?code=aPrx123&state=other");
        assert_eq!(
            code_from_redirect(&wrong_state, REDIRECT, "st8").unwrap_err(),
            AuthorizeError::StateMismatch
        );
        let elsewhere = format!(
            "https://evil.example{}?code=c&state=st8",
            Url::parse(REDIRECT).unwrap().path()
        );
        assert!(matches!(
            code_from_redirect(&elsewhere, REDIRECT, "st8").unwrap_err(),
            AuthorizeError::WrongRedirect { actual, .. } if !actual.contains("code=")
        ));
        let no_code = format!("{REDIRECT}?state=st8");
        assert_eq!(
            code_from_redirect(&no_code, REDIRECT, "st8").unwrap_err(),
            AuthorizeError::MissingCode
        );
        let refused =
            format!("{REDIRECT}?error=access_denied&error_description=end-user+denied&state=st8");
        assert_eq!(
            code_from_redirect(&refused, REDIRECT, "st8").unwrap_err(),
            AuthorizeError::Refused {
                error: "access_denied".to_owned(),
                description: "end-user denied".to_owned()
            }
        );
    }
}
