//! The client credentials sent with every token request.

use secrecy::{ExposeSecret, SecretString};

/// The connected app's (External Client App's) consumer key and secret.
///
/// `Debug` shows the client id, which is not a secret (it appears in every authorize URL); the
/// secret is a [`SecretString`], printed as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: SecretString,
}

impl ClientCredentials {
    /// Credentials from a consumer key and secret.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// The consumer key.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The consumer secret, for the upstream request body only.
    pub fn client_secret(&self) -> &str {
        self.client_secret.expose_secret()
    }
}
