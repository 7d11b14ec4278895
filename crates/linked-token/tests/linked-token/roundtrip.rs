//! Property tests: everything `compose` accepts, `parse` splits back into the same parts, and
//! no rendering of a parsed token shows it.

use linked_token::{compose, parse, LinkedTokenError};
use proptest::prelude::*;

/// Salesforce access tokens: `<15-char org id>!<base64-ish session>`; `!`, `.`, `_`, `-`, `/`,
/// `+` and `=` all occur in the wild.
fn access_token() -> impl Strategy<Value = String> {
    ("00D[A-Za-z0-9]{12}", "[A-Za-z0-9._/+=-]{20,120}")
        .prop_map(|(org, session)| format!("{org}!{session}"))
}

fn instance_url() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,30}".prop_map(|d| format!("https://{d}.my.salesforce.com")),
        "[a-z][a-z0-9-]{0,20}".prop_map(|d| format!("https://{d}.sandbox.my.salesforce.com")),
        (1u16..200).prop_map(|n| format!("https://na{n}.salesforce.com")),
        (1024u16..65535).prop_map(|p| format!("http://127.0.0.1:{p}")),
    ]
}

fn user_id() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")
}

proptest! {
    #[test]
    fn compose_then_parse_round_trips(token in access_token(), url in instance_url(), user in user_id()) {
        let linked = compose(&token, &url, user.as_deref()).unwrap();
        let parsed = parse(&linked).unwrap();
        prop_assert_eq!(parsed.access_token(), token.as_str());
        prop_assert_eq!(parsed.instance_url().as_str().trim_end_matches('/'), url.as_str());
        prop_assert_eq!(parsed.user_id(), user.as_deref());
        prop_assert_eq!(parsed.to_wire(), linked);
    }

    #[test]
    fn debug_output_never_holds_the_token(token in access_token(), url in instance_url(), user in user_id()) {
        let parsed = parse(&compose(&token, &url, user.as_deref()).unwrap()).unwrap();
        let session = token.split('!').nth(1).unwrap();
        let debug = format!("{parsed:?}");
        prop_assert!(!debug.contains(session));
        prop_assert!(!parsed.to_string().contains(session));
    }

    #[test]
    fn a_space_in_the_token_is_refused(token in access_token(), url in instance_url(), cut in 1usize..10) {
        let cut = cut.min(token.len() - 1);
        let spaced = format!("{} {}", &token[..cut], &token[cut..]);
        prop_assert_eq!(
            compose(&spaced, &url, None).unwrap_err(),
            LinkedTokenError::InvalidCharacter("access_token")
        );
    }

    #[test]
    fn parse_never_panics(input in "\\PC{0,200}") {
        let _ = parse(&input);
    }
}
