//! A per-org cache for values that change rarely (the org's currency, its active stages),
//! kept in a warm Lambda instance so they cost no round trip after the first answer for an org.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The most orgs one cache holds; past it, the cache is emptied before a new org is added
/// (one instance serves few orgs; the bound only stops unbounded growth).
pub const DEFAULT_ORG_CAPACITY: usize = 1000;

/// A value per org, fetched on first use and kept for a time to live.
///
/// Keys are org ids; the 15-character form is used, so an 18-character org id (userinfo's
/// `organization_id`) and the 15 characters before an access token's `!`
/// ([`super::Session::org_id`]) name the same entry. Failed fetches are not cached. Two
/// concurrent first uses may both fetch; the last one stored wins (both are the same data).
#[derive(Debug)]
pub struct OrgCache<T> {
    entries: Mutex<HashMap<String, (Instant, Arc<T>)>>,
    ttl: Duration,
    capacity: usize,
}

impl<T> OrgCache<T> {
    /// A cache whose entries live `ttl`, for at most [`DEFAULT_ORG_CAPACITY`] orgs.
    pub fn new(ttl: Duration) -> Self {
        Self::with_capacity(ttl, DEFAULT_ORG_CAPACITY)
    }

    /// A cache whose entries live `ttl`, for at most `capacity` orgs (at least one).
    pub fn with_capacity(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            ttl,
            capacity: capacity.max(1),
        }
    }

    fn key(org_id: &str) -> &str {
        org_id.get(..15).unwrap_or(org_id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Arc<T>)>> {
        // A panic elsewhere while holding the lock leaves a map that is still valid.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached value for `org_id`, when present and younger than the time to live.
    pub fn get(&self, org_id: &str) -> Option<Arc<T>> {
        let entries = self.lock();
        entries
            .get(Self::key(org_id))
            .filter(|(stored, _)| stored.elapsed() < self.ttl)
            .map(|(_, value)| Arc::clone(value))
    }

    /// Stores `value` for `org_id` (replacing any older one) and returns it shared.
    pub fn insert(&self, org_id: &str, value: T) -> Arc<T> {
        let value = Arc::new(value);
        let mut entries = self.lock();
        let key = Self::key(org_id);
        if !entries.contains_key(key) && entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(key.to_owned(), (Instant::now(), Arc::clone(&value)));
        value
    }

    /// Forgets `org_id`'s value (e.g. after Salesforce refused a stage the cache offered).
    pub fn invalidate(&self, org_id: &str) {
        self.lock().remove(Self::key(org_id));
    }

    /// The cached value for `org_id`, or the result of `fetch`, stored when it succeeds. The
    /// lock is not held while fetching.
    pub async fn get_or_fetch<E, F, Fut>(&self, org_id: &str, fetch: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.get(org_id) {
            return Ok(value);
        }
        let value = fetch().await?;
        Ok(self.insert(org_id, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const ORG_A: &str = "00D000000000001EAA";
    const ORG_B: &str = "00D000000000002EAA";

    async fn fetch_counting(
        cache: &OrgCache<String>,
        org: &str,
        calls: &AtomicUsize,
        result: Result<&str, &str>,
    ) -> Result<Arc<String>, String> {
        cache
            .get_or_fetch(org, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                result.map(str::to_owned).map_err(str::to_owned)
            })
            .await
    }

    #[tokio::test]
    async fn fetches_once_per_org() {
        let cache = OrgCache::new(Duration::from_secs(3600));
        let calls = AtomicUsize::new(0);
        let first = fetch_counting(&cache, ORG_A, &calls, Ok("EUR"))
            .await
            .unwrap();
        // The 15-character form of the same org hits the same entry.
        let again = fetch_counting(&cache, &ORG_A[..15], &calls, Ok("USD"))
            .await
            .unwrap();
        assert_eq!((first.as_str(), again.as_str()), ("EUR", "EUR"));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let other = fetch_counting(&cache, ORG_B, &calls, Ok("JPY"))
            .await
            .unwrap();
        assert_eq!(other.as_str(), "JPY");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let cache = OrgCache::new(Duration::from_secs(3600));
        let calls = AtomicUsize::new(0);
        assert_eq!(
            fetch_counting(&cache, ORG_A, &calls, Err("down")).await,
            Err("down".to_owned())
        );
        assert!(cache.get(ORG_A).is_none());
        let value = fetch_counting(&cache, ORG_A, &calls, Ok("EUR"))
            .await
            .unwrap();
        assert_eq!(value.as_str(), "EUR");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn expired_and_invalidated_entries_are_fetched_again() {
        let cache = OrgCache::new(Duration::ZERO);
        let calls = AtomicUsize::new(0);
        fetch_counting(&cache, ORG_A, &calls, Ok("EUR"))
            .await
            .unwrap();
        fetch_counting(&cache, ORG_A, &calls, Ok("EUR"))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let cache = OrgCache::new(Duration::from_secs(3600));
        cache.insert(ORG_A, "EUR".to_owned());
        cache.invalidate(ORG_A);
        assert!(cache.get(ORG_A).is_none());
    }

    #[test]
    fn stays_within_its_capacity() {
        let cache = OrgCache::with_capacity(Duration::from_secs(3600), 2);
        cache.insert(ORG_A, 1);
        cache.insert(ORG_B, 2);
        cache.insert(ORG_A, 3); // a replacement, not a new org
        assert_eq!(cache.get(ORG_B).as_deref(), Some(&2));
        cache.insert("00D000000000003EAA", 4);
        assert!(cache.get(ORG_A).is_none());
        assert_eq!(cache.get("00D000000000003").as_deref(), Some(&4));
    }
}
