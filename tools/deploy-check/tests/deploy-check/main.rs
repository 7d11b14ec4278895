//! The repository's deployment files and docs held to the code: `template.yaml`,
//! `samconfig.toml`, `deploy/`, `skill-package/`, the setup guide and the paths the docs name.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod deploy_files;
mod docs;
mod replay_store;
mod template;
