//! Checks of the deployment files live in `tests/`; this crate has no code of its own.
