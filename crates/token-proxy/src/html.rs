//! The HTML the login flow shows a person: the landing page and the error pages, with no I/O.
//!
//! Self-contained pages: inline CSS only, no script, font or image, readable at a 360 px wide
//! phone viewport, working without JavaScript. Every reflected value goes through [`escape`].
//! Every answer carries the headers of [`html_response`]: `no-store`, a Content-Security-Policy
//! that forbids framing and any external resource, `X-Frame-Options: DENY`,
//! `Referrer-Policy: no-referrer` (the page's URL holds Alexa's state) and `nosniff`.

use http::header::{
    HeaderName, ALLOW, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, PRAGMA,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use http::{HeaderValue, StatusCode};
use lambda_http::{Body, Response};

/// `text/html; charset=utf-8`.
pub const HTML_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// The Content-Security-Policy of every page, before `form-action`'s extra sources.
const CSP_HEAD: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; \
                        frame-ancestors 'none'; base-uri 'none'; form-action 'self' https:";

/// The page's Content-Security-Policy. `form-action` allows the proxy itself (the forms submit
/// to `authorize` on the same origin) and https (browsers apply `form-action` to the redirect
/// that follows a submission, here to the login host), plus `extra` sources: the non-https
/// login origins a local stand-in uses.
pub fn content_security_policy(extra: &[String]) -> String {
    let mut policy = CSP_HEAD.to_owned();
    for source in extra {
        policy.push(' ');
        policy.push_str(source);
    }
    policy
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    // `&`, `<`, `>`, `"` and `'`: safe in element content and in either kind of quoted attribute.
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// What the landing page needs.
#[derive(Debug, Clone, Copy)]
pub struct Landing<'a> {
    /// `SKILL_NAME`.
    pub skill_name: &'a str,
    /// `PRIVACY_POLICY_URL`, when set.
    pub privacy_policy_url: Option<&'a str>,
    /// The authorize request's parameters, except `login`, in their order: carried by every form.
    pub params: &'a [(String, String)],
    /// Why the last choice was refused, and what was entered.
    pub error: Option<(&'a str, &'a str)>,
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;padding:1rem;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;\
line-height:1.5;color:#1b1b1b;background:#f4f6f9}\
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:.75rem;padding:1.25rem;\
box-shadow:0 1px 3px rgba(0,0,0,.15)}\
h1{font-size:1.4rem;margin:0 0 .5rem;overflow-wrap:anywhere}\
p{margin:.5rem 0 1rem}\
form{margin:0 0 .75rem}\
button{display:block;width:100%;padding:.8rem 1rem;font-size:1rem;border-radius:.5rem;\
border:1px solid #0b5cab;background:#0b5cab;color:#fff;cursor:pointer}\
button.alt{background:#fff;color:#0b5cab}\
label{display:block;font-weight:600;margin:1rem 0 .25rem}\
input[type=text]{display:block;width:100%;padding:.7rem;font-size:1rem;border:1px solid #8a8a8a;\
border-radius:.5rem;margin-bottom:.5rem}\
.hint{font-size:.9rem;color:#444}\
.error{border-left:4px solid #ba0517;background:#fdeded;padding:.5rem .75rem;\
overflow-wrap:anywhere}\
footer{margin-top:1rem;font-size:.9rem}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body><main>{body}</main></body></html>\n",
        title = escape(title),
    )
}

fn hidden_inputs(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            )
        })
        .collect()
}

/// The landing page: which account is needed, and the three choices, each a GET form to the
/// relative `authorize` (so it resolves under any path prefix) carrying every parameter.
pub fn landing(landing: &Landing<'_>) -> String {
    let hidden = hidden_inputs(landing.params);
    let name = escape(landing.skill_name);
    let error = match landing.error {
        Some((message, _)) => format!(
            "<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>",
            escape(message)
        ),
        None => String::new(),
    };
    let entered = landing
        .error
        .map(|(_, entered)| escape(entered))
        .unwrap_or_default();
    let described_by = if landing.error.is_some() {
        " aria-describedby=\"login-error\" aria-invalid=\"true\""
    } else {
        ""
    };
    let privacy = match landing.privacy_policy_url {
        Some(url) => format!(
            "<footer><a href=\"{}\" rel=\"noopener noreferrer\">Privacy policy</a></footer>",
            escape(url)
        ),
        None => String::new(),
    };
    let body = format!(
        "<h1>{name}</h1>\
         <p>To link {name}, you need a <strong>Salesforce account</strong>. \
         Choose where your organisation logs in to Salesforce; \
         you will then sign in on Salesforce's own page.</p>\
         {error}\
         <form method=\"get\" action=\"authorize\">{hidden}\
         <button type=\"submit\" name=\"login\" value=\"production\">Production (login.salesforce.com)</button>\
         </form>\
         <form method=\"get\" action=\"authorize\">{hidden}\
         <button type=\"submit\" name=\"login\" value=\"sandbox\" class=\"alt\">Sandbox (test.salesforce.com)</button>\
         </form>\
         <form method=\"get\" action=\"authorize\">{hidden}\
         <label for=\"my-domain\">My Domain</label>\
         <input type=\"text\" id=\"my-domain\" name=\"login\" value=\"{entered}\" \
         placeholder=\"acme or acme.my.salesforce.com\" autocomplete=\"off\" autocapitalize=\"none\" \
         spellcheck=\"false\" inputmode=\"url\" required{described_by}>\
         <p class=\"hint\">Your company's Salesforce address, such as acme.my.salesforce.com.</p>\
         <button type=\"submit\" class=\"alt\">Continue with My Domain</button>\
         </form>{privacy}"
    );
    page(landing.skill_name, &body)
}

/// An error page: a title and one explanatory sentence, both escaped.
pub fn error_page(skill_name: &str, heading: &str, message: &str) -> String {
    let body = format!(
        "<h1>{}</h1><p>{}</p><p class=\"hint\">Return to the Alexa app and start linking {} again.</p>",
        escape(heading),
        escape(message),
        escape(skill_name),
    );
    page(heading, &body)
}

/// An HTML answer with every header a page of the login flow carries.
pub fn html_response(status: StatusCode, html: String, csp: &HeaderValue) -> Response<Body> {
    let mut response = Response::new(Body::Text(html));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(HTML_CONTENT_TYPE));
    security_headers(headers, csp);
    response
}

/// A 302 to `location` (no body), with `no-store` and the page headers.
pub fn redirect(location: &str, csp: &HeaderValue) -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    // Every location is built by url's serializer, so it is always a valid header value; an
    // impossible failure answers 500 rather than a redirect somewhere else.
    match HeaderValue::from_str(location) {
        Ok(value) => {
            *response.status_mut() = StatusCode::FOUND;
            response.headers_mut().insert(LOCATION, value);
        }
        Err(_) => *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR,
    }
    security_headers(response.headers_mut(), csp);
    response
}

/// A 405 page with `Allow: GET`.
pub fn method_not_allowed(skill_name: &str, csp: &HeaderValue) -> Response<Body> {
    let mut response = html_response(
        StatusCode::METHOD_NOT_ALLOWED,
        error_page(
            skill_name,
            "Method not allowed",
            "This page is opened with GET only.",
        ),
        csp,
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET"));
    response
}

fn security_headers(headers: &mut http::HeaderMap, csp: &HeaderValue) {
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(CONTENT_SECURITY_POLICY, csp.clone());
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("plain é ✓"), "plain é ✓");
        assert_eq!(escape(""), "");
    }

    fn params() -> Vec<(String, String)> {
        vec![
            ("state".into(), "\"><script>alert(1)</script>".into()),
            ("client_id".into(), "id&x=<y>".into()),
        ]
    }

    #[test]
    fn landing_page_reflects_every_parameter_escaped() {
        let params = params();
        let html = landing(&Landing {
            skill_name: "Sales <Assistant>",
            privacy_policy_url: Some("https://example.com/privacy?a=1&b=2"),
            params: &params,
            error: Some(("that is not a host", "evil\"<x>")),
        });
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("evil\"<x>"));
        assert!(html.contains("Sales &lt;Assistant&gt;"));
        assert!(html.contains(
            "<input type=\"hidden\" name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
        ));
        assert!(html.contains("value=\"id&amp;x=&lt;y&gt;\""));
        assert!(html.contains("href=\"https://example.com/privacy?a=1&amp;b=2\""));
        assert_eq!(html.matches("action=\"authorize\"").count(), 3);
        assert!(!html.contains("action=\"/"));
        assert!(html.contains("Salesforce account"));
        assert!(html.contains("name=\"viewport\""));
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<link"));
        assert!(!html.contains("http://") && !html.contains("src="));
        assert!(html.contains("that is not a host"));
        assert!(html.contains("value=\"evil&quot;&lt;x&gt;\""));
    }

    #[test]
    fn pages_have_no_fixed_pixel_widths() {
        let html = landing(&Landing {
            skill_name: "S",
            privacy_policy_url: None,
            params: &[],
            error: None,
        });
        // Every width is relative (%, rem): nothing wider than a 360 px screen can be forced.
        for (at, _) in html.match_indices("width:") {
            let value: String = html[at + 6..]
                .chars()
                .take_while(|c| *c != ';' && *c != '}')
                .collect();
            assert!(
                !value.contains("px") && !value.contains("vw"),
                "width:{value}"
            );
        }
        assert!(html.contains("width=device-width"));
        assert!(!html.contains("Privacy policy"));
    }

    #[test]
    fn every_html_answer_has_the_security_headers() {
        let csp =
            HeaderValue::from_str(&content_security_policy(&["http://127.0.0.1:8787".into()]))
                .unwrap();
        for response in [
            html_response(StatusCode::OK, "x".into(), &csp),
            redirect("https://example.com/?a=b", &csp),
            method_not_allowed("S", &csp),
        ] {
            let headers = response.headers();
            assert_eq!(headers[CACHE_CONTROL], "no-store");
            assert!(headers[CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"));
            assert!(headers[CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .ends_with("form-action 'self' https: http://127.0.0.1:8787"));
            assert_eq!(headers[X_FRAME_OPTIONS], "DENY");
            assert_eq!(headers[REFERRER_POLICY], "no-referrer");
            assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
        }
        assert_eq!(method_not_allowed("S", &csp).headers()[ALLOW], "GET");
    }
}
