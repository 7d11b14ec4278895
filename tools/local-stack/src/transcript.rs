//! Formatting for the demo's transcript, with no I/O: secrets shortened so they can be
//! recognised across lines but never copied (`00D…!AQ.Loc…`), envelopes abbreviated to what a
//! reader needs, and speech wrapped.

use serde_json::Value;

use crate::token::TokenAnswer;

/// A secret shortened to a recognisable stub. A Salesforce access token keeps its org prefix
/// and the start of the part after `!`: `00D…!AQ.Loc…`. Anything else keeps 3 characters.
pub fn shorten_secret(secret: &str) -> String {
    let head = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    match secret.split_once('!') {
        Some((org, rest)) => format!("{}…!{}…", head(org, 3), head(rest, 6)),
        None => format!("{}…", head(secret, 3)),
    }
}

/// A linked token (`<access token> <instance url> [<user id>]`) with its access token
/// shortened; the URL and user id are not secrets and stay readable.
pub fn shorten_linked_token(linked: &str) -> String {
    let mut fields = linked.split(' ');
    let token = fields.next().map(shorten_secret).unwrap_or_default();
    std::iter::once(token)
        .chain(fields.map(str::to_owned))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Form fields as space-separated `name=value` pairs (so a transcript can wrap them), with
/// the values of secret fields shortened.
pub fn describe_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(name, value)| {
            if is_secret_field(name) {
                let short = shorten_sealed(value).unwrap_or_else(|| shorten_secret(value));
                format!("{name}={short}")
            } else {
                format!("{name}={value}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_secret_field(name: &str) -> bool {
    matches!(
        name,
        "code" | "code_verifier" | "refresh_token" | "access_token" | "client_secret"
    )
}

/// A URL with the values of secret query parameters shortened (the redirect holds the code).
pub fn shorten_url_secrets(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    if parsed.query().is_none() {
        return url.to_owned();
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_secret_field(&k) {
                shorten_secret(&v)
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    // The ellipsis is readable; its percent-encoding is not.
    parsed.as_str().replace("%E2%80%A6", "…")
}

/// A value sealed by the token proxy (`ls1.…` state, `lc1.…` linked code, `lr1.…` linked
/// refresh token) shortened to its prefix: recognisable, never copyable.
pub fn shorten_sealed(value: &str) -> Option<String> {
    ["ls1.", "lc1.", "lr1."]
        .into_iter()
        .find(|prefix| value.starts_with(prefix))
        .map(|prefix| format!("{prefix}…"))
}

/// A URL for a transcript, as lines: `scheme://host/path`, then its query pairs (decoded) as
/// `?a=b&c=d`, broken between pairs so each line holds at most `width` characters (a longer
/// pair stays whole). Secret values are shortened, sealed ones cut to their prefix, and the
/// values of `elided` parameters shown as `…`.
pub fn describe_url(url: &str, elided: &[&str], width: usize) -> Vec<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return vec![url.to_owned()];
    };
    let mut base = parsed.clone();
    base.set_query(None);
    base.set_fragment(None);
    let mut lines = vec![base.to_string()];
    let mut current = String::new();
    for (i, (name, value)) in parsed.query_pairs().enumerate() {
        let shown = if elided.contains(&name.as_ref()) {
            "…".to_owned()
        } else if let Some(sealed) = shorten_sealed(&value) {
            sealed
        } else if is_secret_field(&name) {
            shorten_secret(&value)
        } else {
            value.into_owned()
        };
        let piece = format!("{}{name}={shown}", if i == 0 { '?' } else { '&' });
        if !current.is_empty() && current.chars().count() + piece.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// A token endpoint answer in one line, tokens shortened.
pub fn describe_token_reply(reply: &TokenAnswer) -> String {
    let body = &reply.body;
    if reply.status != 200 {
        return format!(
            "{} {{error: {}, error_description: {}}}",
            reply.status, body["error"], body["error_description"]
        );
    }
    let mut parts = Vec::new();
    if let Some(token) = body["access_token"].as_str() {
        parts.push(format!("access_token: \"{}\"", shorten_linked_token(token)));
    }
    for key in ["token_type", "expires_in"] {
        if !body[key].is_null() {
            parts.push(format!("{key}: {}", body[key]));
        }
    }
    match body["refresh_token"].as_str() {
        Some(refresh) => parts.push(format!(
            "refresh_token: \"{}\"",
            shorten_sealed(refresh).unwrap_or_else(|| shorten_secret(refresh))
        )),
        None => parts.push("no refresh_token (Alexa keeps the one it has)".to_owned()),
    }
    format!("{} {{{}}}", reply.status, parts.join(", "))
}

/// An Alexa request envelope in one line: the request, the intent and its slots, and the
/// (shortened) linked token it carries.
pub fn describe_envelope(envelope: &Value) -> String {
    let request = &envelope["request"];
    let mut line = request["type"].as_str().unwrap_or("?").to_owned();
    if let Some(name) = request["intent"]["name"].as_str() {
        line.push(' ');
        line.push_str(name);
        if let Some(slots) = request["intent"]["slots"].as_object() {
            let filled: Vec<String> = slots
                .iter()
                .filter_map(|(k, v)| v["value"].as_str().map(|v| format!("{k}: \"{v}\"")))
                .collect();
            if !filled.is_empty() {
                line.push_str(&format!(" {{{}}}", filled.join(", ")));
            }
        }
        if let Some(status @ ("CONFIRMED" | "DENIED")) =
            request["intent"]["confirmationStatus"].as_str()
        {
            line.push_str(&format!(" {status}"));
        }
    }
    if let Some(locale) = request["locale"].as_str().filter(|l| *l != "en-US") {
        line.push_str(&format!(", locale {locale}"));
    }
    if let Some(state) = describe_session_state(&envelope["session"]["attributes"]) {
        line.push_str(&format!(", session: {state}"));
    }
    if let Some(reason) = request["reason"].as_str() {
        line.push_str(&format!(" ({reason})"));
    }
    match envelope["context"]["System"]["user"]["accessToken"].as_str() {
        Some(token) => line.push_str(&format!(
            ", accessToken \"{}\"",
            shorten_linked_token(token)
        )),
        None => line.push_str(", no accessToken"),
    }
    line
}

/// The skill's state in `session.attributes`, as a reader wants it: the pending choices, the
/// current record, a write waiting for "yes". `None` when there is none.
pub fn describe_session_state(attributes: &Value) -> Option<String> {
    let state = &attributes["salesAssistant"];
    let mut parts = Vec::new();
    if let Some(choices) = state["choices"].as_array().filter(|c| !c.is_empty()) {
        let names: Vec<&str> = choices.iter().filter_map(|c| c["name"].as_str()).collect();
        parts.push(format!("choices [{}]", names.join(", ")));
    }
    if let Some(name) = state["current"]["name"].as_str() {
        parts.push(format!("current \"{name}\""));
    }
    if let Some(intent) = state["pending"]["intent"].as_str() {
        parts.push(format!("pending {intent}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Wraps text so each line holds at most `width` characters of it (a longer word stays whole),
/// each line after the first indented by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > 0 && column + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use testkit::demo;

    #[test]
    fn describes_the_state_a_request_carries() {
        let envelope = serde_json::json!({
            "request": {"type": "IntentRequest", "locale": "de-DE",
                        "intent": {"name": "UpdateStageIntent", "confirmationStatus": "CONFIRMED",
                                   "slots": {"stage": {"value": "closed won"}}}},
            "session": {"attributes": {"salesAssistant": {
                "current": {"name": "Acme Corp"},
                "pending": {"intent": "UpdateStageIntent"}}}},
            "context": {"System": {"user": {}}}
        });
        assert_eq!(
            describe_envelope(&envelope),
            "IntentRequest UpdateStageIntent {stage: \"closed won\"} CONFIRMED, locale de-DE, \
             session: current \"Acme Corp\"; pending UpdateStageIntent, no accessToken"
        );
        assert_eq!(describe_session_state(&serde_json::json!({})), None);
    }

    #[test]
    fn shortens_secrets_recognisably() {
        assert_eq!(shorten_secret(demo::ACCESS_TOKEN), "00D…!AQ.Loc…");
        assert_eq!(shorten_secret(demo::REFRESH_TOKEN), "5Ae…");
        assert_eq!(shorten_secret("ab"), "ab…");
        assert_eq!(
            shorten_linked_token(&format!(
                "{} {} {}",
                demo::ACCESS_TOKEN,
                demo::DEMO_URL,
                demo::USER_ID
            )),
            format!("00D…!AQ.Loc… {} {}", demo::DEMO_URL, demo::USER_ID)
        );
    }

    #[test]
    fn forms_and_urls_never_show_a_whole_secret() {
        let form = describe_form(&[
            ("grant_type", "authorization_code"),
            ("code", demo::AUTH_CODE),
            ("code_verifier", "verifierverifier"),
        ]);
        assert_eq!(
            form,
            "grant_type=authorization_code code=aPr… code_verifier=ver…"
        );
        let url = shorten_url_secrets(
            "https://pitangui.amazon.com/api/skill/link/M2?code=aPrxSecretCode&state=xyz",
        );
        assert_eq!(
            url,
            "https://pitangui.amazon.com/api/skill/link/M2?code=aPr…&state=xyz"
        );
        assert_eq!(shorten_url_secrets("not a url"), "not a url");
    }

    #[test]
    fn describes_urls_line_by_line_with_secrets_and_sealed_values_cut() {
        let url = "http://127.0.0.1:9000/lambda-url/token-proxy/callback?code=aPrxSecretCode&state=ls1.AAAAsealedBBBB&scope=api+refresh_token";
        assert_eq!(
            describe_url(url, &[], 100),
            vec![
                "http://127.0.0.1:9000/lambda-url/token-proxy/callback".to_owned(),
                "?code=aPr…&state=ls1.…&scope=api refresh_token".to_owned(),
            ]
        );
        assert_eq!(
            describe_url(url, &["scope"], 19),
            vec![
                "http://127.0.0.1:9000/lambda-url/token-proxy/callback".to_owned(),
                "?code=aPr…".to_owned(),
                "&state=ls1.…".to_owned(),
                "&scope=…".to_owned(),
            ]
        );
        assert_eq!(
            describe_url("http://x/a", &[], 10),
            vec!["http://x/a".to_owned()]
        );
        assert_eq!(shorten_sealed("lr1.abc").as_deref(), Some("lr1.…"));
        assert_eq!(shorten_sealed("5AepPlain"), None);
    }

    #[test]
    fn describes_token_replies() {
        let ok = TokenAnswer::new(
            200,
            r#"{"access_token":"00D1!AQ.abcdefgh http://x 005","token_type":"Bearer","expires_in":3600,"refresh_token":"5AepSecret"}"#,
        );
        let line = describe_token_reply(&ok);
        assert_eq!(
            line,
            "200 {access_token: \"00D…!AQ.abc… http://x 005\", token_type: \"Bearer\", expires_in: 3600, refresh_token: \"5Ae…\"}"
        );
        let refreshed = TokenAnswer::new(
            200,
            r#"{"access_token":"t","token_type":"Bearer","expires_in":1}"#,
        );
        assert!(describe_token_reply(&refreshed).contains("keeps the one it has"));
        let linked = TokenAnswer::new(
            200,
            r#"{"access_token":"t","token_type":"Bearer","expires_in":1,"refresh_token":"lr1.SecretSealed"}"#,
        );
        assert!(describe_token_reply(&linked).ends_with("refresh_token: \"lr1.…\"}"));
        let refused = TokenAnswer::new(
            401,
            r#"{"error":"invalid_client","error_description":"bad"}"#,
        );
        assert_eq!(
            describe_token_reply(&refused),
            "401 {error: \"invalid_client\", error_description: \"bad\"}"
        );
    }

    #[test]
    fn describes_envelopes() {
        let envelope = json!({
            "request": {"type": "IntentRequest", "intent": {"name": "CaseStatusIntent",
                "slots": {"caseNumber": {"name": "caseNumber", "value": "00001001"}, "empty": {"name": "empty"}}}},
            "context": {"System": {"user": {"accessToken": "00D1!AQ.secretsecret http://x 005"}}}
        });
        assert_eq!(
            describe_envelope(&envelope),
            "IntentRequest CaseStatusIntent {caseNumber: \"00001001\"}, accessToken \"00D…!AQ.sec… http://x 005\""
        );
        let ended = json!({"request": {"type": "SessionEndedRequest", "reason": "USER_INITIATED"}});
        assert_eq!(
            describe_envelope(&ended),
            "SessionEndedRequest (USER_INITIATED), no accessToken"
        );
    }

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("one two three four", 9, 2), "one two\n  three\n  four");
        assert_eq!(wrap("", 10, 0), "");
        assert_eq!(wrap("aaa bbb ccc", 7, 4), "aaa bbb\n    ccc");
    }
}
