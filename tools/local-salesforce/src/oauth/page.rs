//! The HTML the authorize endpoint shows: the login-and-allow page and the error page.

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    // `&`, `<`, `>`, `"` and `'`: safe in element content and in either kind of quoted attribute.
    html_escape::encode_quoted_attribute(text).into_owned()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f3f3f3;margin:0}\
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 4px #0002}\
h1{font-size:1.25rem;color:#032d60}label{display:block;margin:.75rem 0 .25rem}\
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem}\
button{margin-top:1rem;padding:.5rem 1.25rem;margin-right:.5rem}.error{color:#ba0517}\
.note{color:#555;font-size:.85rem}";

/// The login-and-allow page of the org called `org_label`: `hidden` fields carry the authorize
/// parameters to the form post.
pub fn login_page(
    org_label: &str,
    hidden: &[(&str, &str)],
    username: &str,
    error: Option<&str>,
) -> String {
    let fields: String = hidden
        .iter()
        .map(|(name, value)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(name),
                escape(value)
            )
        })
        .collect::<Vec<_>>()
        .join("\n      ");
    let error = error.map_or_else(String::new, |e| {
        format!(r#"<p class="error">{}</p>"#, escape(e))
    });
    let username = escape(username);
    let org_label = escape(org_label);
    document(
        "Login",
        &format!(
            r#"<h1>Log in to {org_label}</h1>
    {error}
    <form method="post" action="/services/oauth2/authorize">
      {fields}
      <label for="username">Username</label>
      <input type="text" id="username" name="username" value="{username}">
      <label for="password">Password</label>
      <input type="password" id="password" name="password" value="">
      <p class="note">Any password works here. Allow access to let the app use your data.</p>
      <button type="submit" name="action" value="allow">Allow</button>
      <button type="submit" name="action" value="deny">Deny</button>
    </form>"#
        ),
    )
}

/// Salesforce's error page for an authorize request it cannot redirect back.
pub fn error_page(error: &str, description: &str) -> String {
    document(
        "Error",
        &format!(
            r#"<h1>Remote Access Error</h1>
    <p class="error">error={}&amp;error_description={}</p>"#,
            escape(error),
            escape(description),
        ),
    )
}

/// A whole page titled `title`, with `main` (markup) as its content.
fn document(title: &str, main: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} | Salesforce (local stand-in)</title><style>{STYLE}</style></head>
<body>
  <main>
    {main}
  </main>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_every_value() {
        let html = login_page(
            "org",
            &[("state", r#""><script>x</script>"#)],
            "a&b",
            Some("<b>"),
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&quot;&gt;&lt;script&gt;"));
        assert!(html.contains(r#"value="a&amp;b""#));
        assert!(html.contains("&lt;b&gt;"));
        assert!(error_page("redirect_uri_mismatch", "x<y")
            .contains("redirect_uri_mismatch&amp;error_description=x&lt;y"));
    }
}
