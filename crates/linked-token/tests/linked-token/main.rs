//! The linked-token crate's integration tests: properties of `compose` and `parse` over
//! generated Salesforce tokens, instance URLs and user ids.

mod roundtrip;
