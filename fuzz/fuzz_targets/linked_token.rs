//! The linked-token parser over any text the skill may find in `accessToken`.
//!
//! Properties: `linked_token::parse` never panics; what it accepts writes back (`to_wire`) to a
//! token that parses to the same fields; `compose` of the parsed fields parses back too; the
//! access token never shows in `Debug` or `Display`; the identity-URL reader never panics and
//! returns only alphanumerics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    if let Some(user_id) = linked_token::user_id_from_identity_url(text) {
        assert!(!user_id.is_empty() && user_id.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    let Ok(token) = linked_token::parse(text) else {
        return;
    };
    let access = token.access_token();
    assert!(!access.is_empty() && !access.contains(linked_token::SEPARATOR));
    assert!(matches!(token.instance_url().scheme(), "http" | "https"));

    let wire = token.to_wire();
    let again = linked_token::parse(&wire).expect("to_wire output parses");
    assert_eq!(again.access_token(), access);
    assert_eq!(again.instance_url(), token.instance_url());
    assert_eq!(again.user_id(), token.user_id());

    let composed = linked_token::compose(access, token.instance_url().as_str(), token.user_id())
        .expect("parsed fields compose");
    let composed = linked_token::parse(&composed).expect("composed token parses");
    assert_eq!(composed.access_token(), access);
    assert_eq!(composed.instance_url(), token.instance_url());

    // The token is shown nowhere; only check when it cannot be a coincidence with the parts
    // that are shown (the URL, the user id, the redaction marker).
    let shown = format!(
        "{} {}",
        token.instance_url(),
        token.user_id().unwrap_or_default()
    );
    if access.len() >= 6
        && !shown.contains(access)
        && !"LinkedToken [REDACTED] access_token instance_url user_id Some None Url"
            .contains(access)
    {
        for rendered in [
            format!("{token:?}"),
            format!("{token:#?}"),
            token.to_string(),
        ] {
            assert!(!rendered.contains(access), "the access token in {rendered}");
        }
    }
});
