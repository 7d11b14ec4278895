//! The `KEY=VALUE` env files in `deploy/` that `cargo lambda deploy --env-file` reads.
//!
//! Kept to the plain subset every dotenv reader agrees on: one `KEY=VALUE` a line, no quotes,
//! no comments, so the file means the same to cargo-lambda, a shell and this check.

/// A line that is not `KEY=VALUE` with a non-empty key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: `{text}` is not KEY=VALUE")]
pub struct EnvFileError {
    /// 1-based line number.
    pub line: usize,
    /// The line as written.
    pub text: String,
}

/// The `(key, value)` pairs in file order; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<(&str, &str)>, EnvFileError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            line.split_once('=')
                .filter(|(key, _)| {
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
                .ok_or_else(|| EnvFileError {
                    line: index + 1,
                    text: line.to_owned(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_in_order() {
        assert_eq!(
            parse("A=1\n\nB=\nC=x=y\n").unwrap(),
            [("A", "1"), ("B", ""), ("C", "x=y")]
        );
    }

    #[test]
    fn rejects_comments_and_garbage() {
        assert_eq!(
            parse("A=1\n# note\n"),
            Err(EnvFileError {
                line: 2,
                text: "# note".into()
            })
        );
        assert!(parse("=1").is_err());
        assert!(parse("export A=1").is_err());
    }
}
