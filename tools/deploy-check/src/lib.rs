//! Checks that the deployment files agree with the code, so a drift between them fails
//! `cargo test` here instead of a user's first `sam deploy` or first "Alexa, ask...".
//!
//! Each module parses one kind of file from a string and returns what is wrong with it as a
//! list of problems (empty when all is well), without I/O; the one exception,
//! [`workspace::cargo_metadata`], runs Cargo. Reading the repository's files and naming the
//! values the code reads happens in `tests/`, where the checks run against this repository:
//!
//! - [`template`] and [`cfn`] read `template.yaml` (AWS SAM), with its `!Ref`/`!GetAtt`/`!Sub`
//!   tags;
//! - [`checks`] says what each function must have (binary, runtime, environment, timeout,
//!   trigger);
//! - [`workspace`] lists the binaries the Cargo workspace builds;
//! - [`samconfig`] reads `samconfig.toml`;
//! - [`env_file`] reads the env files `cargo lambda deploy` takes;
//! - [`account_linking`] reads `deploy/account-linking.json` and knows the Alexa redirect URIs;
//! - [`doc_paths`] finds the repository paths a README or guide names.

pub mod account_linking;
pub mod cfn;
pub mod checks;
pub mod doc_paths;
pub mod env_file;
pub mod samconfig;
pub mod template;
pub mod workspace;
