//! token-proxy
