//! The state one running stand-in shares between its handlers and its test handle.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::auth_store::AuthStore;
use crate::data::Dataset;
use crate::faults::Faults;
use crate::org::Org;
use crate::record::{RecordedRequest, RecordedSubRequest};
use crate::rest::query::RenderedRecord;
use crate::{demo, lock, Config};

/// Query results waiting to be fetched through `nextRecordsUrl`, by locator.
#[derive(Debug, Default)]
pub struct Cursors {
    next: u64,
    pages: HashMap<String, Vec<RenderedRecord>>,
}

impl Cursors {
    /// Keeps `records` and returns their locator (`01g...`).
    pub fn open(&mut self, records: Vec<RenderedRecord>) -> String {
        self.next += 1;
        let locator = crate::data::make_id("01g", self.next);
        self.pages.insert(locator.clone(), records);
        locator
    }

    /// The records of `locator`.
    pub fn get(&self, locator: &str) -> Option<&[RenderedRecord]> {
        self.pages.get(locator).map(Vec::as_slice)
    }
}

/// The stand-in's clock: real time plus an offset tests move forward (to pass an idle limit or
/// a token lifetime without waiting).
#[derive(Debug, Default)]
pub struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// Now, as the stand-in sees it.
    pub fn now(&self) -> Instant {
        Instant::now() + *lock(&self.offset)
    }

    /// Moves the stand-in's time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut offset = lock(&self.offset);
        *offset = offset.saturating_add(by);
    }
}

/// Everything behind one stand-in.
#[derive(Debug)]
pub struct Shared {
    /// Its settings.
    pub config: Config,
    /// `http://127.0.0.1:PORT`: its `instance_url`.
    pub base_url: String,
    /// Its clock.
    pub clock: Clock,
    /// Issued codes and tokens.
    pub auth: Mutex<AuthStore>,
    /// The org's records.
    pub data: Mutex<Dataset>,
    /// Open query cursors.
    pub cursors: Mutex<Cursors>,
    /// Every request received, in order.
    pub requests: Mutex<Vec<RecordedRequest>>,
    /// Tasks created through the REST API, as stored.
    pub created_tasks: Mutex<Vec<serde_json::Value>>,
    /// Every Composite sub-request run, in order.
    pub subrequests: Mutex<Vec<RecordedSubRequest>>,
    /// How many Composite requests were run.
    pub composite_count: Mutex<usize>,
    /// Fault switches.
    pub faults: Faults,
}

impl Shared {
    /// A fresh stand-in's state, seeded around `data`'s day.
    pub fn new(config: Config, base_url: String, data: Dataset) -> Self {
        let org = config.org;
        let mut auth = AuthStore::new(org.org_id());
        let clock = Clock::default();
        if config.seed_demo_tokens {
            let now = clock.now();
            let user = org.demo_user().id;
            auth.issue_access(Some(org.demo_access_token()), user, None, now, None);
            if org == Org::Production {
                auth.start_family(
                    Some(demo::REFRESH_TOKEN),
                    &config.client_id,
                    user,
                    true,
                    config.max_token_pairs,
                    config.refresh_token_idle_limit,
                    now,
                );
                auth.issue_code(
                    Some(demo::AUTH_CODE),
                    &config.client_id,
                    demo::REDIRECT_URI,
                    user,
                    None,
                    now,
                    config.code_ttl,
                );
            }
        }
        Self {
            config,
            base_url,
            clock,
            auth: Mutex::new(auth),
            data: Mutex::new(data),
            cursors: Mutex::new(Cursors::default()),
            requests: Mutex::new(Vec::new()),
            created_tasks: Mutex::new(Vec::new()),
            subrequests: Mutex::new(Vec::new()),
            composite_count: Mutex::new(0),
            faults: Faults::default(),
        }
    }

    /// The org it serves.
    pub fn org(&self) -> Org {
        self.config.org
    }

    /// The user of a live access token.
    pub fn user_for_token(&self, token: &str) -> Option<String> {
        lock(&self.auth)
            .check_access(token, self.clock.now())
            .map(str::to_owned)
    }
}
