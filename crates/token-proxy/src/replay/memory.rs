//! The in-process replay store: one sandbox's memory. Without `REPLAY_TABLE`, replay protection
//! covers only the requests one sandbox serves (the proxy logs a warning at start-up).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Claim, Entry, Mark, ReplayStore, StoreError};

/// Entries in a map behind a mutex, shared by clones.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave a map half-updated: every update is one
        // insert or remove.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many entries are held (expired ones included until replaced).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ReplayStore for MemoryStore {
    async fn claim(&self, mark: Mark<'_>) -> Result<Claim, StoreError> {
        let mut entries = self.lock();
        if let Some(entry) = entries.get(mark.pk) {
            if entry.live(mark.now_ms) {
                return Ok(Claim::Held(entry.clone()));
            }
        }
        entries.insert(
            mark.pk.to_owned(),
            Entry::InFlight {
                owner: mark.owner.to_owned(),
                until_ms: mark.until_ms,
            },
        );
        Ok(Claim::Claimed)
    }

    async fn get(&self, pk: &str) -> Result<Option<Entry>, StoreError> {
        Ok(self.lock().get(pk).cloned())
    }

    async fn remember(&self, pk: &str, sealed: Vec<u8>, expires_at: u64) -> Result<(), StoreError> {
        self.lock()
            .insert(pk.to_owned(), Entry::Done { sealed, expires_at });
        Ok(())
    }

    async fn release(&self, pk: &str, owner: &str) -> Result<(), StoreError> {
        let mut entries = self.lock();
        if matches!(entries.get(pk), Some(Entry::InFlight { owner: held, .. }) if held == owner) {
            entries.remove(pk);
        }
        Ok(())
    }

    async fn forget(&self, pk: &str) -> Result<(), StoreError> {
        self.lock().remove(pk);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_live_entry_holds_the_key_and_an_expired_one_does_not() {
        let store = MemoryStore::new();
        assert_eq!(
            store.claim(Mark::new("k", "a", 0, 100, 9)).await,
            Ok(Claim::Claimed)
        );
        let held = store.claim(Mark::new("k", "b", 50, 150, 9)).await.unwrap();
        assert!(matches!(held, Claim::Held(Entry::InFlight { ref owner, .. }) if owner == "a"));
        // The mark expired: the next claim takes over.
        assert_eq!(
            store.claim(Mark::new("k", "b", 100, 200, 9)).await,
            Ok(Claim::Claimed)
        );
        // Only the owner releases.
        store.release("k", "a").await.unwrap();
        assert!(store.get("k").await.unwrap().is_some());
        store.release("k", "b").await.unwrap();
        assert_eq!(store.get("k").await.unwrap(), None);
        store.remember("k", vec![1], 1).await.unwrap();
        assert!(matches!(
            store.claim(Mark::new("k", "c", 999, 2000, 9)).await,
            Ok(Claim::Held(Entry::Done { .. }))
        ));
        assert_eq!(
            store.claim(Mark::new("k", "c", 1000, 2000, 9)).await,
            Ok(Claim::Claimed)
        );
    }
}
