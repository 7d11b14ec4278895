//! Repository paths written in prose: every `crates/...` or `tools/...` path a README or guide
//! names, so a test can hold each to the tree (a tool that moved leaves no stale path behind).

/// The top-level folders whose paths are checked.
pub const ROOTS: [&str; 2] = ["crates/", "tools/"];

/// The paths under [`ROOTS`] that `text` mentions, in order, each once: a path starts at a
/// root (at the start of a word, or after `../`) and runs over letters, digits and `_-./`;
/// a trailing `.` or `,` belongs to the sentence. A glob or placeholder (`crates/*`,
/// `tools/<name>`) keeps only its folder.
pub fn mentioned_paths(text: &str) -> Vec<&str> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    let mut paths: Vec<&str> = Vec::new();
    for (start, _) in text.char_indices() {
        let rest = &text[start..];
        if !ROOTS.iter().any(|root| rest.starts_with(root)) {
            continue;
        }
        let before = &text[..start];
        let starts_a_word =
            before.ends_with("../") || before.chars().next_back().is_none_or(|c| !is_path_char(c));
        if !starts_a_word {
            continue;
        }
        let end = rest.find(|c: char| !is_path_char(c)).unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches(['.', ',']);
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_paths_in_code_spans_links_and_prose() {
        let text =
            "See `crates/skill/src/main.rs:12`, [the stand-in](tools/local-salesforce/) and \
                    ../tools/bench/benches/micro.rs. Members: `crates/*`, tools/<name>; \
                    `crates/skill/tests/faults.rs::a_test` again crates/skill/src/main.rs.";
        assert_eq!(
            mentioned_paths(text),
            [
                "crates/skill/src/main.rs",
                "tools/local-salesforce/",
                "tools/bench/benches/micro.rs",
                "crates/",
                "tools/",
                "crates/skill/tests/faults.rs",
            ]
        );
    }

    #[test]
    fn ignores_roots_inside_other_words_and_paths() {
        let text = "mycrates/x, src/tools/y, https://example.com/crates/z, multitools/a";
        assert!(
            mentioned_paths(text).is_empty(),
            "{:?}",
            mentioned_paths(text)
        );
    }
}
