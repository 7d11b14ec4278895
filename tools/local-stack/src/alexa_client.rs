//! [`Alexa`]: plays Alexa's part over HTTP, exactly as the Alexa service and app do it.
//!
//! Account linking through the token proxy's landing page (one deployment for every org):
//! open the Authorization URI (`<proxy>/authorize`, with state + PKCE S256), pick the kind of
//! org on the landing page, follow the proxy's 302 to that org's login-and-allow page, press
//! Allow, follow the org's 302 to `<proxy>/callback`, and read the linked code from the proxy's
//! 302 to Alexa's redirect URI (never following it: it points at amazon.com). Then exchange it
//! at the token proxy with HTTP Basic and a form body. Every request to the skill carries the
//! linked token, and a refresh goes through the proxy too.
//!
//! The direct mode (Alexa's Authorization URI is one org's `/services/oauth2/authorize`) is
//! still played by [`Alexa::open_authorize_page`] and [`Alexa::allow`].
//!
//! Each step returns what happened, so the demo can narrate it and the tests can assert it.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use time::OffsetDateTime;
use url::Url;

use crate::authorize::{self, AuthorizeError, HtmlForm, LoginChoice};
use crate::envelope::{Conversation, SkillReply, Utterance};
use crate::pkce::{self, Pkce};
use crate::token::{self, GrantError, TokenAnswer, TokenGrant};

/// How long a request to `cargo lambda watch` may take: the first one builds the function.
pub const FIRST_REQUEST_BOUND: Duration = Duration::from_secs(300);

/// Why a step failed.
#[derive(Debug, thiserror::Error)]
pub enum AlexaError {
    /// The request did not complete (connection refused, timeout, ...).
    #[error("{step}: {source}")]
    Http {
        /// What Alexa was doing.
        step: &'static str,
        /// The cause (its URL holds no secret).
        source: reqwest::Error,
    },
    /// No answer within the bound: most often the first build is still running, or the
    /// function exited at start-up (see watch's log).
    #[error("{step}: no answer within {secs} s (the first request builds the function; a function that exits at start-up never answers: see the cargo lambda watch log)")]
    TimedOut {
        /// What Alexa was doing.
        step: &'static str,
        /// The bound.
        secs: u64,
    },
    /// The browser part failed.
    #[error("authorize: {0}")]
    Authorize(#[from] AuthorizeError),
    /// A status the step does not expect.
    #[error("{step}: unexpected HTTP {status}: {body}")]
    UnexpectedStatus {
        /// What Alexa was doing.
        step: &'static str,
        /// The status.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// The token endpoint refused or answered something Alexa cannot use.
    #[error("token endpoint: {0}")]
    Token(#[from] GrantError),
    /// A step that needs a linked account ran before linking.
    #[error("the account is not linked yet")]
    NotLinked,
    /// The skill's invocation failed (the function returned an error).
    #[error("skill invocation failed (HTTP {status}): {body}")]
    SkillFailed {
        /// The status watch answered with.
        status: u16,
        /// The error body (`errorType`, `errorMessage`).
        body: String,
    },
}

/// Where Alexa talks to, and the skill's account-linking settings.
#[derive(Clone)]
pub struct AlexaSettings {
    /// The Salesforce login host (the production stand-in), whose authorize URL the app opens
    /// in the direct mode.
    pub salesforce_url: Url,
    /// The Authorization URI of the login-page mode: the token proxy's `/authorize`.
    pub authorization_uri: Url,
    /// The Access Token URI: the token proxy's Function URL.
    pub token_url: Url,
    /// Where the skill is invoked (`.../2015-03-31/functions/skill/invocations`).
    pub skill_url: Url,
    /// The client id in the account-linking settings.
    pub client_id: String,
    /// The client secret in the account-linking settings.
    pub client_secret: SecretString,
    /// Alexa's redirect URI (registered as a callback URL).
    pub redirect_uri: String,
    /// The skill id Alexa puts in every request.
    pub skill_id: String,
    /// Alexa's API as requests name it (`context.System.apiEndpoint`): the stack's loopback
    /// [`crate::alexa_api::AlexaApi`].
    pub api_endpoint: String,
}

impl fmt::Debug for AlexaSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlexaSettings")
            .field("salesforce_url", &self.salesforce_url.as_str())
            .field("authorization_uri", &self.authorization_uri.as_str())
            .field("token_url", &self.token_url.as_str())
            .field("skill_url", &self.skill_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("redirect_uri", &self.redirect_uri)
            .field("skill_id", &self.skill_id)
            .field("api_endpoint", &self.api_endpoint)
            .finish()
    }
}

/// The authorize page as the user sees it, with what Alexa keeps for the rest of the flow.
#[derive(Debug, Clone)]
pub struct AuthorizePage {
    /// The URL the Alexa app opened.
    pub url: Url,
    /// The login-and-allow form.
    pub form: HtmlForm,
    /// The state sent, expected back.
    pub state: String,
    /// The PKCE pair; the verifier goes with the code exchange.
    pub pkce: Pkce,
}

/// The token proxy's landing page, as the Alexa app shows it, with what Alexa keeps for the
/// rest of the flow.
#[derive(Debug, Clone)]
pub struct LandingPage {
    /// The URL the Alexa app opened: the Authorization URI with Alexa's parameters.
    pub url: Url,
    /// Its status (200).
    pub status: u16,
    /// The page.
    pub html: String,
    /// Its forms, filled in as a browser would.
    pub forms: Vec<HtmlForm>,
    /// Alexa's state, expected back in the redirect to Alexa.
    pub state: String,
    /// The PKCE pair; the verifier goes with the code exchange.
    pub pkce: Pkce,
}

/// Every step of a link through the landing page, for narration and assertions.
#[derive(Clone)]
pub struct LandingLink {
    /// The landing page.
    pub landing: LandingPage,
    /// The form the user submitted (its action and fields: no secret).
    pub submitted: HtmlForm,
    /// The proxy's 302 `Location`: the chosen org's authorize URL.
    pub login_url: Url,
    /// The org's login-and-allow page.
    pub login_page: AuthorizePage,
    /// The org's 302 `Location`: `<PUBLIC_BASE_URL>/callback` with the Salesforce code and the
    /// proxy's state (holds a code: narrate through [`crate::transcript`] only).
    pub callback: String,
    /// The proxy's 302 to Alexa, with the linked code.
    pub authorization: Authorization,
}

impl fmt::Debug for LandingLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LandingLink")
            .field("landing", &self.landing.url.as_str())
            .field("submitted", &self.submitted)
            .field("login_url", &self.login_url.as_str())
            .finish_non_exhaustive()
    }
}

/// The redirect back to Alexa.
#[derive(Clone)]
pub struct Authorization {
    /// The `Location` header, for narration only: it holds the code.
    pub location: String,
    /// The authorization code.
    pub code: SecretString,
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization").finish_non_exhaustive()
    }
}

/// A token request that Alexa accepted: the raw answer and what Alexa keeps from it.
///
/// `Debug` shows the form's field names only, and the reply and grant redacted.
#[derive(Clone)]
pub struct TokenExchange {
    /// The form sent, secrets included: narrate it through [`crate::transcript`] only.
    pub form: Vec<(&'static str, String)>,
    /// The answer.
    pub reply: TokenAnswer,
    /// What Alexa keeps.
    pub grant: TokenGrant,
}

impl fmt::Debug for TokenExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.form.iter().map(|(name, _)| *name).collect();
        f.debug_struct("TokenExchange")
            .field("form", &fields)
            .field("reply", &self.reply)
            .field("grant", &self.grant)
            .finish()
    }
}

impl TokenExchange {
    /// The form as `(name, value)` pairs, for [`crate::transcript::describe_form`].
    pub fn form_pairs(&self) -> Vec<(&str, &str)> {
        self.form.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}

/// One request to the skill and its answer.
#[derive(Debug, Clone)]
pub struct Turn {
    /// The envelope sent.
    pub sent: Value,
    /// The answer.
    pub reply: SkillReply,
}

/// The Alexa service and app, for one user of one skill.
#[derive(Debug)]
pub struct Alexa {
    http: reqwest::Client,
    settings: AlexaSettings,
    conversation: Conversation,
    linked: Option<TokenGrant>,
    refresh_token: Option<SecretString>,
    watch_bound: Duration,
}

impl Alexa {
    /// An unlinked Alexa with these settings.
    pub fn new(settings: AlexaSettings) -> Result<Self, AlexaError> {
        let http = reqwest::Client::builder()
            // Alexa's browser stops at the redirect to amazon.com: the code is in `Location`.
            .redirect(Policy::none())
            .build()
            .map_err(|source| AlexaError::Http {
                step: "client",
                source,
            })?;
        let mut conversation = Conversation::new(&settings.skill_id);
        conversation.api_endpoint = settings.api_endpoint.clone();
        Ok(Self {
            http,
            conversation,
            settings,
            linked: None,
            refresh_token: None,
            watch_bound: FIRST_REQUEST_BOUND,
        })
    }

    /// The settings.
    pub fn settings(&self) -> &AlexaSettings {
        &self.settings
    }

    /// The same Alexa with another client secret (to see a misconfigured skill fail).
    pub fn with_client_secret(mut self, secret: &str) -> Self {
        self.settings.client_secret = SecretString::from(secret);
        self
    }

    /// The user's device speaks `locale` from now on (`request.locale`, e.g. `de-DE`).
    pub fn set_locale(&mut self, locale: &str) {
        self.conversation.locale = locale.to_owned();
    }

    /// Another user's device: its own ids (`suffix` makes them unique), a new session.
    pub fn set_device(&mut self, suffix: &str) {
        self.conversation.device_id = format!("amzn1.ask.device.LOCAL{suffix}");
        self.conversation.user_id = format!("amzn1.ask.account.LOCAL{suffix}");
    }

    /// The device id requests carry.
    pub fn device_id(&self) -> &str {
        &self.conversation.device_id
    }

    /// The session attributes the next request carries (what the skill returned last).
    pub fn session_attributes(&self) -> &Value {
        &self.conversation.attributes
    }

    /// The records the skill last offered to choose from (`salesAssistant.choices` of the
    /// session attributes); empty when none.
    pub fn offered_choices(&self) -> Vec<Value> {
        self.session_attributes()["salesAssistant"]["choices"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The linked token Alexa currently holds.
    pub fn linked_token(&self) -> Option<&str> {
        self.linked.as_ref().map(TokenGrant::access_token)
    }

    /// The refresh token Alexa currently holds.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(|t| t.expose_secret())
    }

    /// Step 1: the user taps "Link account"; the app opens the authorize URL.
    pub async fn open_authorize_page(&self) -> Result<AuthorizePage, AlexaError> {
        const STEP: &str = "open the authorize page";
        let pkce = Pkce::generate();
        let state = pkce::random_state();
        let url = authorize::authorize_url(
            &self.settings.salesforce_url,
            &self.settings.client_id,
            &self.settings.redirect_uri,
            &state,
            pkce.challenge(),
        )?;
        let form = self.allow_form(STEP, &url).await?;
        Ok(AuthorizePage {
            url,
            form,
            state,
            pkce,
        })
    }

    /// GETs the login-and-allow page at `url` (30 s at most, 200 expected) and reads its form.
    async fn allow_form(&self, step: &'static str, url: &Url) -> Result<HtmlForm, AlexaError> {
        let response = self
            .http
            .get(url.clone())
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map_err(|e| http_error(step, e, 30))?;
        let status = response.status().as_u16();
        let html = response.text().await.map_err(|e| http_error(step, e, 30))?;
        if status != 200 {
            return Err(unexpected(step, status, &html));
        }
        Ok(authorize::parse_allow_form(&html, url)?)
    }

    /// Step 2: the user presses "Allow"; Salesforce redirects to Alexa with the code.
    pub async fn allow(&self, page: &AuthorizePage) -> Result<Authorization, AlexaError> {
        const STEP: &str = "submit the allow form";
        let response = self.submit(STEP, &page.form).await?;
        let location = redirect_location(STEP, response).await?;
        let code =
            authorize::code_from_redirect(&location, &self.settings.redirect_uri, &page.state)?;
        Ok(Authorization {
            location,
            code: SecretString::from(code),
        })
    }

    /// Step 3: Alexa exchanges the code at the Access Token URI; on success it is linked.
    pub async fn exchange_code(
        &mut self,
        authorization: &Authorization,
        pkce: &Pkce,
    ) -> Result<TokenExchange, AlexaError> {
        let redirect_uri = self.settings.redirect_uri.clone();
        let form = token::code_form(
            authorization.code.expose_secret(),
            &redirect_uri,
            Some(pkce.verifier()),
        );
        self.accept(&form).await
    }

    /// Steps 1 to 3.
    pub async fn link_account(&mut self) -> Result<TokenExchange, AlexaError> {
        let page = self.open_authorize_page().await?;
        let authorization = self.allow(&page).await?;
        self.exchange_code(&authorization, &page.pkce).await
    }

    /// Login-page mode, step 1: the user taps "Link account"; the app opens the Authorization
    /// URI (the token proxy's `/authorize`) with Alexa's parameters and shows the landing page.
    pub async fn open_landing_page(&self) -> Result<LandingPage, AlexaError> {
        const STEP: &str = "open the landing page";
        let pkce = Pkce::generate();
        let state = pkce::random_state();
        let url = authorize::with_alexa_params(
            &self.settings.authorization_uri,
            &self.settings.client_id,
            &self.settings.redirect_uri,
            &state,
            pkce.challenge(),
        );
        let request = self.http.get(url.clone());
        let (status, html) = self.send_to_watch(STEP, request).await?;
        if status != 200 {
            return Err(unexpected(STEP, status, &html));
        }
        let forms = authorize::parse_forms(&html, &url)?;
        Ok(LandingPage {
            url,
            status,
            html,
            forms,
            state,
            pkce,
        })
    }

    /// Step 2: the user picks the kind of org (or types a My Domain) and submits; the proxy
    /// answers with a 302 to that org's authorize URL. Returns the form sent and the
    /// `Location`.
    pub async fn choose(
        &self,
        landing: &LandingPage,
        choice: &LoginChoice,
    ) -> Result<(HtmlForm, Url), AlexaError> {
        const STEP: &str = "submit the landing page";
        let form = authorize::landing_form(&landing.forms, choice)?;
        let response = self.submit(STEP, &form).await?;
        let location = redirect_location(STEP, response).await?;
        let url = landing
            .url
            .join(&location)
            .map_err(|e| AuthorizeError::BadUrl(format!("Location: {e}")))?;
        Ok((form, url))
    }

    /// Step 3: the browser follows the redirect to the org's login-and-allow page.
    pub async fn open_login_page(
        &self,
        landing: &LandingPage,
        login_url: &Url,
    ) -> Result<AuthorizePage, AlexaError> {
        const STEP: &str = "open the org's login page";
        let form = self.allow_form(STEP, login_url).await?;
        Ok(AuthorizePage {
            url: login_url.clone(),
            form,
            state: landing.state.clone(),
            pkce: landing.pkce.clone(),
        })
    }

    /// Step 4: the user presses "Allow"; the org redirects to the `redirect_uri` the proxy sent
    /// it (`<PUBLIC_BASE_URL>/callback`) with a code and the proxy's state, both checked here as
    /// a browser's next hop would carry them. Returns the `Location`.
    pub async fn allow_to_callback(&self, page: &AuthorizePage) -> Result<String, AlexaError> {
        const STEP: &str = "submit the allow form";
        let response = self.submit(STEP, &page.form).await?;
        let location = redirect_location(STEP, response).await?;
        let callback = authorize::query_param(&page.url, "redirect_uri").unwrap_or_default();
        let proxy_state = authorize::query_param(&page.url, "state").unwrap_or_default();
        authorize::check_redirect(&location, &callback, &proxy_state)?;
        Ok(location)
    }

    /// Step 5: the browser follows the redirect to the proxy's `/callback`, which answers with a
    /// 302 to Alexa's redirect URI carrying the linked code and Alexa's state.
    pub async fn follow_callback(
        &self,
        callback: &str,
        alexa_state: &str,
    ) -> Result<Authorization, AlexaError> {
        const STEP: &str = "follow the redirect to the proxy's callback";
        let url =
            Url::parse(callback).map_err(|e| AuthorizeError::BadUrl(format!("Location: {e}")))?;
        let response = self.send_raw(STEP, self.http.get(url)).await?;
        let location = redirect_location(STEP, response).await?;
        let code =
            authorize::code_from_redirect(&location, &self.settings.redirect_uri, alexa_state)?;
        Ok(Authorization {
            location,
            code: SecretString::from(code),
        })
    }

    /// Steps 1 to 5 and the code exchange: links through the landing page with `choice`.
    pub async fn link_through_landing_page(
        &mut self,
        choice: &LoginChoice,
    ) -> Result<(LandingLink, TokenExchange), AlexaError> {
        let landing = self.open_landing_page().await?;
        let (submitted, login_url) = self.choose(&landing, choice).await?;
        let login_page = self.open_login_page(&landing, &login_url).await?;
        let callback = self.allow_to_callback(&login_page).await?;
        let authorization = self.follow_callback(&callback, &landing.state).await?;
        let exchange = self.exchange_code(&authorization, &landing.pkce).await?;
        let link = LandingLink {
            landing,
            submitted,
            login_url,
            login_page,
            callback,
            authorization,
        };
        Ok((link, exchange))
    }

    /// Submits a form like a browser: a POST with a form body, or a GET with the fields as
    /// the query. To watch (the proxy) or to the stand-in alike.
    async fn submit(
        &self,
        step: &'static str,
        form: &HtmlForm,
    ) -> Result<reqwest::Response, AlexaError> {
        let request = if form.method == "POST" {
            self.http.post(form.action.clone()).form(&form.fields)
        } else {
            let mut url = form.action.clone();
            url.query_pairs_mut().clear().extend_pairs(&form.fields);
            self.http.get(url)
        };
        self.send_raw(step, request).await
    }

    /// Sends a request with the bound of a request to watch (which may build first).
    async fn send_raw(
        &self,
        step: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, AlexaError> {
        let secs = self.watch_bound.as_secs();
        request
            .timeout(self.watch_bound)
            .send()
            .await
            .map_err(|e| http_error(step, e, secs))
    }

    /// Alexa refreshes the linked token through the proxy with the refresh token it holds; a
    /// reply without a refresh token leaves the old one in place.
    pub async fn refresh(&mut self) -> Result<TokenExchange, AlexaError> {
        let refresh_token = self.refresh_token.clone().ok_or(AlexaError::NotLinked)?;
        self.accept(&token::refresh_form(refresh_token.expose_secret()))
            .await
    }

    /// A refresh as Alexa makes it, giving up after `bound` (Alexa waits 4.5 s): on giving up it
    /// keeps the refresh token it has and returns [`AlexaError::TimedOut`].
    pub async fn refresh_within(&mut self, bound: Duration) -> Result<TokenExchange, AlexaError> {
        let before = self.watch_bound;
        self.watch_bound = bound;
        let outcome = self.refresh().await;
        self.watch_bound = before;
        outcome
    }

    /// Sends a token request and keeps the grant, as Alexa does when the answer is usable.
    async fn accept(&mut self, form: &[(&'static str, &str)]) -> Result<TokenExchange, AlexaError> {
        let reply = self.token_request(form).await?;
        let grant = reply.grant()?;
        self.keep(&grant);
        Ok(TokenExchange {
            form: form.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            reply,
            grant,
        })
    }

    /// POSTs a form to the Access Token URI with HTTP Basic client credentials, as Alexa does;
    /// returns whatever came back.
    pub async fn token_request(&self, form: &[(&str, &str)]) -> Result<TokenAnswer, AlexaError> {
        const STEP: &str = "token request";
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let request = self
            .http
            .post(self.settings.token_url.clone())
            .header(
                AUTHORIZATION,
                testkit::basic(
                    &self.settings.client_id,
                    self.settings.client_secret.expose_secret(),
                ),
            )
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(body);
        let (status, text) = self.send_to_watch(STEP, request).await?;
        Ok(TokenAnswer::new(status, &text))
    }

    /// Sends a request to a function under `cargo lambda watch`, which may first have to build
    /// it (hence the long bound), and reads the status and body.
    async fn send_to_watch(
        &self,
        step: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<(u16, String), AlexaError> {
        let secs = self.watch_bound.as_secs();
        let response = request
            .timeout(self.watch_bound)
            .send()
            .await
            .map_err(|e| http_error(step, e, secs))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|e| http_error(step, e, secs))?;
        Ok((status, text))
    }

    /// The user says something: Alexa sends the request with the linked token it holds.
    pub async fn ask(&mut self, utterance: &Utterance) -> Result<Turn, AlexaError> {
        let token = self.linked.as_ref().map(|g| g.access_token().to_owned());
        let sent =
            self.conversation
                .envelope(utterance, token.as_deref(), OffsetDateTime::now_utc());
        let reply = self.invoke(&sent).await?;
        self.conversation.receive(&reply);
        Ok(Turn { sent, reply })
    }

    /// The user says "yes" to the skill's read-back (`Dialog.ConfirmIntent`): Alexa sends the
    /// intent of `turn` again, its slots as they were, `confirmationStatus` `CONFIRMED`, with
    /// the session attributes the skill returned.
    pub async fn confirm(&mut self, turn: &Turn) -> Result<Turn, AlexaError> {
        let (name, slots) = sent_intent(turn);
        let utterance = Utterance::Intent {
            name,
            slots,
            confirmed: true,
        };
        self.ask(&utterance).await
    }

    /// The user answers the skill's question for a slot (`Dialog.ElicitSlot`): Alexa sends the
    /// intent of `turn` again with its slots and `slot` filled with `value`.
    pub async fn fill_slot(
        &mut self,
        turn: &Turn,
        slot: &str,
        value: &str,
    ) -> Result<Turn, AlexaError> {
        let (name, mut slots) = sent_intent(turn);
        slots.retain(|(s, _)| s != slot);
        slots.push((slot.to_owned(), value.to_owned()));
        let utterance = Utterance::Intent {
            name,
            slots,
            confirmed: false,
        };
        self.ask(&utterance).await
    }

    /// Invokes the skill with any envelope.
    pub async fn invoke(&self, envelope: &Value) -> Result<SkillReply, AlexaError> {
        const STEP: &str = "invoke the skill";
        let request = self
            .http
            .post(self.settings.skill_url.clone())
            .json(envelope);
        let (status, text) = self.send_to_watch(STEP, request).await?;
        if status != 200 {
            return Err(AlexaError::SkillFailed {
                status,
                body: excerpt(&text),
            });
        }
        let json = serde_json::from_str(&text).map_err(|_| unexpected(STEP, status, &text))?;
        Ok(SkillReply::from_json(json))
    }

    fn keep(&mut self, grant: &TokenGrant) {
        if let Some(refresh) = &grant.refresh_token {
            self.refresh_token = Some(refresh.clone());
        }
        self.linked = Some(grant.clone());
    }
}

/// The intent a turn sent: its name and filled slots.
fn sent_intent(turn: &Turn) -> (String, Vec<(String, String)>) {
    let intent = &turn.sent["request"]["intent"];
    let name = intent["name"].as_str().unwrap_or_default().to_owned();
    let slots = intent["slots"]
        .as_object()
        .map(|slots| {
            slots
                .iter()
                .filter_map(|(slot, value)| {
                    Some((slot.clone(), value["value"].as_str()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    (name, slots)
}

/// The `Location` of a redirect, or the answer as an error.
async fn redirect_location(
    step: &'static str,
    response: reqwest::Response,
) -> Result<String, AlexaError> {
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match location {
        Some(location) if status.is_redirection() => Ok(location),
        _ => {
            let body = response.text().await.unwrap_or_default();
            Err(unexpected(step, status.as_u16(), &body))
        }
    }
}

fn http_error(step: &'static str, source: reqwest::Error, secs: u64) -> AlexaError {
    if source.is_timeout() {
        AlexaError::TimedOut { step, secs }
    } else {
        AlexaError::Http {
            step,
            source: source.without_url(),
        }
    }
}

fn unexpected(step: &'static str, status: u16, body: &str) -> AlexaError {
    AlexaError::UnexpectedStatus {
        step,
        status,
        body: excerpt(body),
    }
}

/// The first 300 characters of a body, for error messages.
fn excerpt(body: &str) -> String {
    match body.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &body[..i]),
        None => body.to_owned(),
    }
}
