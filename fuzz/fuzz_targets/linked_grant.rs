//! The token proxy's openers of sealed values (state, linked code, linked refresh token) and the
//! login-host policy, over any input.
//!
//! Properties: opening arbitrary text as any kind never panics and never succeeds (only the
//! proxy's own sealing, with its key, makes a value that opens); `looks_linked` never panics; the
//! login-host parser never panics, and any origin it accepts is, by an independent check, the
//! production or sandbox origin, a trusted origin, or https on the default port to
//! `login.salesforce.com`, `test.salesforce.com` or a host under `.my.salesforce.com` /
//! `.my.salesforce.mil`; an accepted origin also passes the policy's own re-check.
#![no_main]

use std::time::SystemTime;

use libfuzzer_sys::fuzz_target;
use salesforce::login_hosts::LoginHostPolicy;
use secrecy::SecretString;
use token_proxy::seal::{self, Kind, LinkKeys};
use url::Url;

const KEY: &str = "fuzz-link-signing-key-0123456789abcdef";
const TRUSTED: &str = "http://127.0.0.1:8787";

/// https, default port, and a Salesforce login host by plain string suffix on the serialization.
fn independently_allowed(serialization: &str) -> bool {
    if serialization == "https://login.salesforce.com"
        || serialization == "https://test.salesforce.com"
        || serialization == TRUSTED
    {
        return true;
    }
    let Some(host) = serialization.strip_prefix("https://") else {
        return false;
    };
    if host.contains([':', '/', '@', '?', '#', '\\']) {
        return false;
    }
    [".my.salesforce.com", ".my.salesforce.mil"].iter().any(|suffix| {
        host.strip_suffix(suffix)
            .is_some_and(|head| !head.is_empty() && !head.ends_with('.'))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let keys = LinkKeys::new(&SecretString::from(KEY), None);

    let _ = seal::looks_linked(&text);
    for kind in [Kind::State, Kind::Code, Kind::Refresh] {
        assert!(keys.open(kind, &text).is_err(), "opened {kind:?}");
        let prefixed = format!("{}{text}", kind.prefix());
        assert!(keys.open(kind, &prefixed).is_err(), "opened {kind:?}");
    }
    assert!(keys.open_state(&text, SystemTime::now()).is_err());
    assert!(keys.open_code(&text).is_err());
    assert!(keys.open_refresh(&text).is_err());

    let policy = LoginHostPolicy::new(
        &Url::parse("https://login.salesforce.com").expect("a URL"),
        &Url::parse("https://test.salesforce.com").expect("a URL"),
        vec![Url::parse(TRUSTED).expect("a URL").origin()],
    )
    .expect("a policy");
    if let Ok(origin) = policy.resolve(&text) {
        let serialization = origin.serialization();
        assert!(
            independently_allowed(&serialization),
            "{text:?} was accepted as {serialization}"
        );
        assert!(policy.allows(origin.origin()));
        assert_eq!(
            policy.reopen(&serialization).map(|o| o.serialization()),
            Some(serialization)
        );
    }
    // What was sealed back in a value must pass the same re-check.
    if let Some(origin) = policy.reopen(&text) {
        assert!(independently_allowed(&origin.serialization()), "{text:?}");
    }
});
