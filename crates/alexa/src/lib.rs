//! Alexa Skills Kit request envelope and response types.
