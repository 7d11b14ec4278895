//! Every intent against the real loopback stand-in (added once `local-salesforce` has a server).
