//! The state one running stand-in shares between its handlers and its test handle.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::auth_store::AuthStore;
use crate::data::Dataset;
use crate::faults::Faults;
use crate::record::RecordedRequest;
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

/// Everything behind one stand-in.
#[derive(Debug)]
pub struct Shared {
    /// Its settings.
    pub config: Config,
    /// `http://127.0.0.1:PORT`: its `instance_url`.
    pub base_url: String,
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
    /// Fault switches.
    pub faults: Faults,
}

impl Shared {
    /// A fresh stand-in's state, seeded around `data`'s day.
    pub fn new(config: Config, base_url: String, data: Dataset) -> Self {
        let mut auth = AuthStore::default();
        if config.seed_demo_tokens {
            let now = Instant::now();
            auth.issue_access(Some(demo::ACCESS_TOKEN), demo::USER_ID, now, None);
            auth.issue_refresh(Some(demo::REFRESH_TOKEN), &config.client_id, demo::USER_ID);
            auth.issue_code(
                Some(demo::AUTH_CODE),
                &config.client_id,
                demo::REDIRECT_URI,
                demo::USER_ID,
                None,
                now,
                config.code_ttl,
            );
        }
        Self {
            config,
            base_url,
            auth: Mutex::new(auth),
            data: Mutex::new(data),
            cursors: Mutex::new(Cursors::default()),
            requests: Mutex::new(Vec::new()),
            created_tasks: Mutex::new(Vec::new()),
            faults: Faults::default(),
        }
    }

    /// The user of a live access token.
    pub fn user_for_token(&self, token: &str) -> Option<String> {
        lock(&self.auth)
            .check_access(token, Instant::now())
            .map(str::to_owned)
    }
}
