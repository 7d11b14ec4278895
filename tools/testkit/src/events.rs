//! The sample events in the repository's `events/` folder: what users invoke by hand
//! (`cargo lambda invoke --data-file`), so the tests run exactly those files.

use std::path::PathBuf;

/// The repository's `events/` folder.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../events")
}

/// The function folders under `events/`.
pub const TOKEN_PROXY: &str = "token-proxy";
/// See [`TOKEN_PROXY`].
pub const SKILL: &str = "skill";

/// One sample event's JSON text: `events/<function>/<stem>.json`.
///
/// # Panics
/// When the file does not exist or cannot be read.
pub fn text(function: &str, stem: &str) -> String {
    let path = dir().join(function).join(format!("{stem}.json"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read sample event {}: {error}", path.display()))
}

/// One sample event, parsed.
///
/// # Panics
/// When the file is missing or not JSON.
pub fn json(function: &str, stem: &str) -> serde_json::Value {
    let text = text(function, stem);
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("events/{function}/{stem}.json is not JSON: {error}"))
}

/// Every sample event of a function, as (file stem, JSON text), sorted by stem.
///
/// # Panics
/// When the folder cannot be read.
pub fn all(function: &str) -> Vec<(String, String)> {
    let folder = dir().join(function);
    let entries = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()));
    let mut events: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            Some((stem.clone(), text(function, &stem)))
        })
        .collect();
    events.sort();
    events
}

/// A token-proxy sample event as `lambda_http` hands it to the handler.
pub fn token_proxy_request(stem: &str) -> lambda_http::Request {
    crate::function_url::from_json(&json(TOKEN_PROXY, stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_events() {
        assert!(all(TOKEN_PROXY).len() >= 5);
        assert!(all(SKILL).len() >= 5);
        assert_eq!(
            json(SKILL, "launch")["context"]["System"]["application"]["applicationId"],
            crate::demo::SKILL_ID
        );
    }
}
