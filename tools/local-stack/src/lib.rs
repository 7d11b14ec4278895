//! The whole account-linking life cycle, locally: the Salesforce stand-in, both Lambdas under
//! `cargo lambda watch`, and Alexa's part played over HTTP.
//!
//! - [`Stack`] starts the stand-in (in-process: a production, a sandbox and a My Domain org),
//!   writes the functions' env file (the token proxy in login-page mode), starts
//!   `cargo lambda watch` and stops all of it on [`Stack::stop`] or drop.
//! - [`Alexa`] links an account the way Alexa does (the proxy's landing page, the chosen org's
//!   login-and-allow page, the proxy's callback, the linked code from the redirect, exchange
//!   and refresh at the token proxy with HTTP Basic) and talks to the skill with the linked
//!   token.
//! - [`alexa_api::AlexaApi`] plays Alexa's own API on loopback (`apiEndpoint`): it records
//!   the skill's progressive responses and answers its time-zone look-ups.
//! - [`transcript`] formats what happened for the `demo` binary, secrets shortened.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use local_stack::{LoginChoice, Stack, StackOptions, Utterance};
//!
//! let stack = Stack::start(StackOptions::for_tests()).await?;
//! let mut alexa = stack.alexa()?;
//! alexa.link_through_landing_page(&LoginChoice::Sandbox).await?;
//! let turn = alexa.ask(&Utterance::intent("PipelineIntent")).await?;
//! println!("{}", turn.reply.spoken_text().unwrap_or_default());
//! stack.stop().await;
//! # Ok(())
//! # }
//! ```

pub mod alexa_api;
pub mod alexa_client;
pub mod authorize;
pub mod env_file;
pub mod envelope;
pub mod pkce;
pub mod stack;
pub mod token;
pub mod transcript;
pub mod watch;

pub use alexa_client::{Alexa, AlexaError, AlexaSettings, LandingLink, TokenExchange, Turn};
pub use authorize::LoginChoice;
pub use envelope::{SkillReply, Utterance};
pub use stack::{Port, Stack, StackError, StackOptions};
